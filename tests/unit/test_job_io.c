/*
 * test_job_io.c - a job's F$OPN, F$CLS and F$RLS in COS's form (os/job_io.c)
 * on a field of a bare machine and a job of its own datasets: a second
 * OPEN of an open dataset keeps what the first gave ($IN read, $OUT
 * written; another dataset's direction widened, and kept open when the
 * second OPEN is refused), and a DSP of the program's own placed over
 * its ODN refused (-4); the OS's DSPs under the top of a small field and
 * the handles running out; F$RLS and F$CLS by ODNs and DSPs; MEMORY
 * between OPENs; C$WRR and C$WEF only on a dataset open for output.
 */
#include "cpu_test_util.h"

#include <stdio.h>
#include <string.h>

#include "os/dsp.h"
#include "os/job_datasets.h"
#include "os/job_io.h"

#define BASE 01000u
#define FIELD 010000u

enum { F_OPN = 010, F_CLS = 013, F_RLS = 020, C_RDR = 0200, C_WRR = 0201, C_WEF = 0202 };
#define IN (2ull << 62)    /* S1's direction bits: input */
#define OUT (1ull << 62)   /* output */

struct fixture {
    struct tmach m;
    struct job job;
};

static uint64_t chars(const char *eight)
{
    uint64_t w = 0;
    for (int i = 0; i < 8; i++)
        w = w << 8 | (unsigned char)(i < (int)strlen(eight) ? eight[i] : 0);
    return w;
}

static struct fixture *setup_field(uint32_t words)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    tm_init(&f->m, 0);
    cpu_set_field(&f->m.cpu, BASE, BASE + words);
    f->job.field_length = words;
    assert_int_equal(job_datasets_create(NULL, &f->job), 0);
    return f;
}

static struct fixture *setup(void) { return setup_field(FIELD); }

static void teardown(struct fixture *f)
{
    job_datasets_free(&f->job);
    tm_free(&f->m);
    free(f);
}

static uint64_t *field(struct fixture *f, uint32_t address) { return f->m.mem.word + BASE + address; }

/* An ODN at address: the name, open type, ODDSP. */
static void odn(struct fixture *f, uint32_t address, const char *name, unsigned type, uint32_t dsp)
{
    field(f, address)[0] = chars(name);
    field(f, address)[1] = (uint64_t)type << 24 | dsp;
}

/* A request; returns S0 (F$OPN, F$RLS) or S1 (F$CLS). */
static int64_t request(struct fixture *f, unsigned code, uint64_t s1)
{
    char error[160] = "";
    f->m.cpu.s[0] = code;
    f->m.cpu.s[1] = s1;
    assert_int_equal(job_io_request(NULL, &f->job, &f->m.cpu, code, error, sizeof error), 0);
    return (int64_t)(code == F_CLS ? f->m.cpu.s[1] : f->m.cpu.s[0]);
}

static void test_open_twice(void **state)
{
    (void)state;
    struct fixture *f = setup();
    /* $IN is read and $OUT written for the whole job: not the other way. */
    odn(f, 0200, "$IN", 0, 0);
    odn(f, 0202, "$OUT", 0, 0);
    assert_int_equal(request(f, F_OPN, OUT | 0200), -3);
    assert_int_equal(request(f, F_OPN, (IN | OUT) | 0200), -3);
    assert_int_equal(request(f, F_OPN, IN | 0202), -3);
    assert_int_equal(job_dataset_find(&f->job, "$IN")->mode, DATASET_READ);
    assert_int_equal(job_dataset_find(&f->job, "$OUT")->mode, DATASET_WRITE);
    assert_int_equal(request(f, F_OPN, IN | 0200), 0);
    assert_int_equal(request(f, F_OPN, OUT | 0202), 0);

    /* FOO written, then opened for input too: both directions, one handle. */
    odn(f, 0204, "FOO", 0, 0);
    assert_int_equal(request(f, F_OPN, OUT | 0204), 0);
    uint64_t first = f->m.cpu.s[1];
    struct dataset *foo = job_dataset_find(&f->job, "FOO");
    unsigned handle = job_dataset_handle(foo);
    assert_int_equal(request(f, F_OPN, IN | 0204), 0);
    assert_int_equal(foo->mode, DATASET_READ | DATASET_WRITE);
    assert_int_equal(job_dataset_handle(foo), handle);

    /* A third OPEN refused (its own DSP over $IN's): FOO stays open as it was. */
    odn(f, 0206, "FOO", 1, FIELD - DSP_WORDS);
    assert_int_equal(request(f, F_OPN, OUT | 0206), -4);
    assert_ptr_equal(job_dataset_by_handle(&f->job, handle), foo);
    assert_int_equal(foo->mode, DATASET_READ | DATASET_WRITE);
    /* A DSP of its own for FOO over FOO's first (the OS's) by a word: refused;
     * on the very same words (an OPEN again): opened. */
    odn(f, 0206, "FOO", 1, (uint32_t)first - DSP_WORDS + 1);
    assert_int_equal(request(f, F_OPN, OUT | 0206), -4);
    assert_int_equal(dsp_handle(field(f, (uint32_t)first)), handle);
    odn(f, 0206, "FOO", 1, (uint32_t)first);
    assert_int_equal(request(f, F_OPN, OUT | 0206), 0);
    assert_int_equal(dsp_handle(field(f, (uint32_t)first)), handle);
    /* A first OPEN refused closes what it opened. */
    odn(f, 0210, "BAR", 1, FIELD - DSP_WORDS);
    assert_int_equal(request(f, F_OPN, OUT | 0210), -4);
    assert_int_equal(job_dataset_find(&f->job, "BAR")->mode, 0);
    teardown(f);
}

static void test_dsp_over_its_odn(void **state)
{
    (void)state;
    struct fixture *f = setup();
    /* A user-managed DSP whose words hold the ODN: refused, nothing written. */
    const uint32_t over[] = {0300 - DSP_WORDS + 1, 0270, 0300, 0301};
    for (size_t i = 0; i < sizeof over / sizeof *over; i++) {
        odn(f, 0300, "OWN", 1, over[i]);
        uint64_t before[2] = {field(f, 0300)[0], field(f, 0300)[1]};
        assert_int_equal(request(f, F_OPN, OUT | 0300), -4);
        assert_int_equal(field(f, 0300)[0], before[0]);
        assert_int_equal(field(f, 0300)[1], before[1]);
        assert_int_equal(job_dataset_find(&f->job, "OWN")->mode, 0);
    }
    /* Just beside it, either side: opened. */
    odn(f, 0300, "OWN", 1, 0300 - DSP_WORDS);
    assert_int_equal(request(f, F_OPN, OUT | 0300), 0);
    assert_int_equal(request(f, F_CLS, 0300), 0);
    odn(f, 0300, "OWN", 1, 0302);
    assert_int_equal(request(f, F_OPN, OUT | 0300), 0);
    assert_int_equal(f->m.cpu.s[1], 0302);
    assert_int_equal(dsp_handle(field(f, 0302)), job_dataset_handle(job_dataset_find(&f->job, "OWN")));
    teardown(f);
}

/* The OS's DSPs, 24 words a handle below the top: never into the JCB
 * (-4 there, nothing left open), each beside the next; the handles run
 * out after 63 (-3). */
static void test_dsps_below_the_top(void **state)
{
    (void)state;
    struct fixture *f = setup_field(01000);
    char name[8];
    unsigned h = 3;
    for (;; h++) {
        snprintf(name, sizeof name, "D%u", h);
        odn(f, 0740, name, 0, 0);   /* in $IN's place: $IN has no DSP here */
        int64_t status = request(f, F_OPN, OUT | 0740);
        if (status) {
            assert_int_equal(status, -4);
            assert_int_equal(job_dataset_find(&f->job, name)->mode, 0);
            break;
        }
        assert_int_equal(f->m.cpu.s[1], 01000 - DSP_WORDS * h);
        assert_true(f->m.cpu.s[1] >= 0200);   /* above the JCB */
        assert_int_equal(dsp_handle(field(f, (uint32_t)f->m.cpu.s[1])), h);
    }
    assert_int_equal(h, 17);   /* 01000 - 24 * 16 = 0200, the JCB's end: D16 the last */
    teardown(f);

    f = setup();
    for (h = 3; h < JOB_MAX_HANDLES; h++) {
        snprintf(name, sizeof name, "D%u", h);
        odn(f, 0200, name, 0, 0);
        assert_int_equal(request(f, F_OPN, OUT | 0200), 0);
    }
    odn(f, 0200, "ONEMORE", 0, 0);
    assert_int_equal(request(f, F_OPN, OUT | 0200), -3);
    teardown(f);
}

/* F$RLS by an ODN: a dataset not open is released by its name; $OUT is
 * not (-3); a name the job lacks, or an ODN at the field's last word, is
 * -1.  F$CLS of a DSP released is -3. */
static void test_release(void **state)
{
    (void)state;
    struct fixture *f = setup();
    odn(f, 0200, "FOO", 0, 0);
    assert_int_equal(request(f, F_OPN, OUT | 0200), 0);
    uint64_t dsp = f->m.cpu.s[1];
    assert_int_equal(request(f, F_CLS, 0200), 0);
    assert_int_equal(job_dataset_find(&f->job, "FOO")->mode, 0);
    assert_int_equal(request(f, F_RLS, 0200), 0);
    assert_null(job_dataset_find(&f->job, "FOO"));
    assert_int_equal(request(f, F_RLS, 0200), -1);
    assert_int_equal(request(f, F_CLS, dsp), -3);
    odn(f, 0202, "$OUT", 0, 0);
    assert_int_equal(request(f, F_RLS, 0202), -3);
    assert_non_null(job_dataset_find(&f->job, "$OUT"));
    field(f, FIELD - 1)[0] = chars("$OUT");
    assert_int_equal(request(f, F_RLS, FIELD - 1), -1);
    teardown(f);
}

/* MEMORY between OPENs moves the top: a DSP of the OS's that would
 * overlap $IN's (left at the old top) by a word is refused (-4); one just
 * beside it is not. */
static void test_field_grown_between_opens(void **state)
{
    (void)state;
    struct fixture *f = setup_field(FIELD - 0200);
    odn(f, 0200, "$IN", 0, 0);
    assert_int_equal(request(f, F_OPN, IN | 0200), 0);
    uint64_t in_dsp = f->m.cpu.s[1];
    assert_int_equal(in_dsp, FIELD - 0200 - DSP_WORDS);
    odn(f, 0202, "FOO", 0, 0);   /* handle 3: 72 words below the top */
    /* FOO's DSP 23 words above $IN's, on it, 23 words below. */
    const uint32_t overlapping[] = {3 * DSP_WORDS - 1, 2 * DSP_WORDS, DSP_WORDS + 1};
    for (size_t i = 0; i < sizeof overlapping / sizeof *overlapping; i++) {
        uint32_t top = (uint32_t)in_dsp + overlapping[i] + DSP_WORDS;
        cpu_set_field(&f->m.cpu, BASE, BASE + top);
        f->job.field_length = top;
        assert_int_equal(request(f, F_OPN, OUT | 0202), -4);
    }
    /* FOO's DSP just above $IN's, then just below it. */
    const uint32_t beside[] = {(uint32_t)in_dsp + 4 * DSP_WORDS, (uint32_t)in_dsp + 2 * DSP_WORDS};
    for (size_t i = 0; i < 2; i++) {
        cpu_set_field(&f->m.cpu, BASE, BASE + beside[i]);
        f->job.field_length = beside[i];
        assert_int_equal(request(f, F_OPN, OUT | 0202), 0);
        assert_int_equal(request(f, F_CLS, 0202), 0);
    }
    assert_int_equal(dsp_handle(field(f, (uint32_t)in_dsp)), 1);
    teardown(f);
}

/* C-1's handle form: C$WRR and C$WEF on a dataset not open for output
 * ($IN, one opened only for input, a read-only one) are refused (-3), as
 * F$BIO refuses them; on one open for output they write. */
/* C$RDR on a dataset opened for output only: -3, nothing read, the
 * position kept; opened for input too, the record. */
static void test_handle_reads_need_input(void **state)
{
    (void)state;
    struct fixture *f = setup();
    struct os os;
    memset(&os, 0, sizeof os);
    f->job.pc = -1;
    field(f, 0200)[0] = chars("FOO");
    f->m.cpu.s[1] = 0200;
    f->m.cpu.s[2] = DATASET_WRITE;
    char error[160] = "";
    assert_int_equal(job_io_request(&os, &f->job, &f->m.cpu, F_OPN, error, sizeof error), 0);
    uint64_t foo = f->m.cpu.s[1];
    struct dataset *ds = job_dataset_find(&f->job, "FOO");
    assert_non_null(ds);
    assert_int_equal(dataset_write_record(ds, "RECORD", 6, NULL), 0);
    dataset_rewind(ds);
    for (int pass = 0; pass < 2; pass++) {
        f->m.cpu.s[1] = foo;
        f->m.cpu.s[2] = 0300;
        f->m.cpu.s[3] = 2;
        field(f, 0300)[0] = 0;
        assert_int_equal(job_io_request(&os, &f->job, &f->m.cpu, C_RDR, error, sizeof error), 0);
        if (pass == 0) {
            assert_int_equal(f->m.cpu.s[1], (uint64_t)-3);
            assert_int_equal(field(f, 0300)[0], 0);
            assert_int_equal(ds->position.record, 0);
            ds->mode |= DATASET_READ;
        } else {
            assert_int_equal(f->m.cpu.s[1], 6);
            assert_int_equal(field(f, 0300)[0], chars("RECORD"));
        }
    }
    teardown(f);
}

static void test_handle_writes_need_output(void **state)
{
    (void)state;
    struct fixture *f = setup();
    struct os os;
    memset(&os, 0, sizeof os);
    f->job.pc = -1;
    field(f, 0200)[0] = chars("FOO");
    f->m.cpu.s[1] = 0200;
    f->m.cpu.s[2] = DATASET_READ | DATASET_WRITE;
    char error[160] = "";
    assert_int_equal(job_io_request(&os, &f->job, &f->m.cpu, F_OPN, error, sizeof error), 0);
    uint64_t foo = f->m.cpu.s[1];
    field(f, 0300)[0] = chars("TEXT");
    struct dataset *in = job_dataset_find(&f->job, "$IN");
    struct dataset *ds = job_dataset_find(&f->job, "FOO");
    for (int kind = 0; kind < 4; kind++) {
        uint64_t handle = kind == 0 ? 1 : foo;
        ds->mode = kind == 1 ? DATASET_READ : DATASET_READ | DATASET_WRITE;
        ds->permanent.read_only = kind == 2;
        struct dataset *target = kind == 0 ? in : ds;
        uint64_t before = dataset_total_bytes(target);
        size_t files = dataset_file_count(target);
        f->m.cpu.s[1] = handle;
        f->m.cpu.s[2] = 0300;
        f->m.cpu.s[3] = 4;
        assert_int_equal(job_io_request(&os, &f->job, &f->m.cpu, C_WRR, error, sizeof error), 0);
        assert_int_equal(f->m.cpu.s[1], kind == 3 ? 0 : (uint64_t)-3);
        f->m.cpu.s[1] = handle;
        assert_int_equal(job_io_request(&os, &f->job, &f->m.cpu, C_WEF, error, sizeof error), 0);
        assert_int_equal(f->m.cpu.s[1], kind == 3 ? 0 : (uint64_t)-3);
        if (kind < 3) {
            assert_int_equal(dataset_total_bytes(target), before);
            assert_int_equal(dataset_file_count(target), files);
        } else {
            assert_int_equal(dataset_total_bytes(target), before + 4);
        }
    }
    teardown(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_twice),
        cmocka_unit_test(test_dsp_over_its_odn),
        cmocka_unit_test(test_dsps_below_the_top),
        cmocka_unit_test(test_release),
        cmocka_unit_test(test_field_grown_between_opens),
        cmocka_unit_test(test_handle_writes_need_output),
        cmocka_unit_test(test_handle_reads_need_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
