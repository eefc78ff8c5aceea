/*
 * test_dsp.c - COS's Dataset Parameter Table and F$BIO (os/dsp.h) on a
 * field of a bare machine: the DSP's words and tag, DPBIO decoded in
 * Cray's bit numbering, reads (unused bit count, the record's end, a
 * short buffer, null records, ends of file and data as DPCWF's 010, 016,
 * 017), writes in parts and whole, refusals (direction, read-only, an
 * unknown function), and a data area outside the field changing nothing;
 * dataset_write_words' open record, and across serialize/seek.
 */
#include "cpu_test_util.h"

#include <string.h>

#include "os/datasets/dataset.h"
#include "os/dsp.h"

#define BASE 01000u
#define FIELD 04000u
#define DSP_AT 03000u   /* field address of the DSP */
#define UDA 02000u      /* field address of the data area */

static uint64_t chars(const char *eight)
{
    uint64_t w = 0;
    for (int i = 0; i < 8; i++)
        w = w << 8 | (unsigned char)(i < (int)strlen(eight) ? eight[i] : 0);
    return w;
}

static uint64_t request(unsigned function, unsigned ubc, uint32_t words, uint32_t address)
{
    return (uint64_t)function << 54 | (uint64_t)ubc << 48 | (uint64_t)words << 24 | address;
}

struct fixture {
    struct tmach m;
    struct dataset ds;
    uint64_t dsp[DSP_WORDS];
};

static struct fixture *setup(void)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    tm_init(&f->m, 0);
    cpu_set_field(&f->m.cpu, BASE, BASE + FIELD);
    dataset_init(&f->ds);
    strcpy(f->ds.name, "DATA");
    dsp_open(f->dsp, "DATA", 5, false);
    return f;
}

static void teardown(struct fixture *f)
{
    dataset_free(&f->ds);
    tm_free(&f->m);
    free(f);
}

static uint64_t *field(struct fixture *f, uint32_t address)
{
    return f->m.mem.word + BASE + address;
}

/* Serve one request; returns the DPBIO word afterwards. */
static uint64_t serve(struct fixture *f, uint64_t dpbio, struct dsp_result *r)
{
    f->dsp[DSP_DPBIO] = dpbio;
    char error[160];
    assert_int_equal(dsp_serve(&f->m.cpu, f->dsp, &f->ds, r, error, sizeof error), 0);
    return f->dsp[DSP_DPBIO];
}

static unsigned done_words(uint64_t dpbio) { return (unsigned)(dpbio >> 24) & 0xFFFFFFu; }
static unsigned done_ubc(uint64_t dpbio) { return (unsigned)(dpbio >> 48) & 077u; }
static unsigned control_word(const struct fixture *f) { return (unsigned)(f->dsp[DSP_DPCWF] >> 60); }

static void test_tag_and_decode(void **state)
{
    (void)state;
    uint64_t dsp[DSP_WORDS];
    memset(dsp, 0x5A, sizeof dsp);   /* a user's own DSP: its buffer words are kept */
    dsp_open(dsp, "$IN", 1, true);
    assert_int_equal(dsp[DSP_DPDN], chars("$IN"));
    assert_int_equal(dsp[DSP_FIRST], 0x5A5A5A5A5A5A5A5Aull);
    assert_int_equal(dsp[DSP_DPCWF], 0);
    assert_int_equal(dsp[DSP_DPBIO], 0);
    assert_int_equal(dsp_handle(dsp), 1);
    dsp_open(dsp, "LONGNAME", 63, false);
    assert_int_equal(dsp[DSP_FIRST], 0);
    assert_int_equal(dsp[DSP_DPDN], chars("LONGNAME"));
    assert_int_equal(dsp_handle(dsp), 63);
    dsp[DSP_TAG_WORD] |= 1ull << 20;   /* a bit between the tag and the handle */
    assert_int_equal(dsp_handle(dsp), 0);
    dsp_open(dsp, "X", 2, false);
    dsp_close(dsp);
    assert_int_equal(dsp_handle(dsp), 0);

    /* Cray's bits: 2-9 function, 10-15 unused bits, 16-39 count, 40-63 address. */
    struct dsp_request r = dsp_decode(request(0156, 077, 0xFFFFFF, 0x123456) | 3ull << 62);
    assert_int_equal(r.function, 0156);
    assert_int_equal(r.unused_bits, 077);
    assert_int_equal(r.words, 0xFFFFFF);
    assert_int_equal(r.address, 0x123456);
    r = dsp_decode(request(DSP_WRITE_RECORD, 24, 2, 0));
    assert_int_equal(dsp_write_bytes(&r), 13);
    r = dsp_decode(request(DSP_WRITE_RECORD, 077, 0, 0));
    assert_int_equal(dsp_write_bytes(&r), 0);   /* never below nothing */
    r = dsp_decode(request(DSP_WRITE_PARTIAL, 24, 2, 0));
    assert_int_equal(dsp_write_bytes(&r), 16);  /* WRITEP: whole words */
    r = dsp_decode(request(DSP_WRITE_EOF, 0, 5, 0));
    assert_int_equal(dsp_write_bytes(&r), 0);
}

static void test_reads(void **state)
{
    (void)state;
    struct fixture *f = setup();
    struct dsp_result r;
    struct dataset_error e;
    assert_int_equal(dataset_open(&f->ds, DATASET_READ | DATASET_WRITE, &e), 0);
    assert_int_equal(dataset_write_record(&f->ds, "SHORT", 5, NULL), 0);
    assert_int_equal(dataset_write_record(&f->ds, "THIRTEEN CHAR", 13, NULL), 0);
    assert_int_equal(dataset_write_record(&f->ds, "", 0, NULL), 0);
    assert_int_equal(dataset_write_end_of_file(&f->ds, NULL), 0);
    assert_int_equal(dataset_write_record(&f->ds, "EXACTLY8", 8, NULL), 0);
    assert_int_equal(dataset_write_end_of_data(&f->ds, NULL), 0);
    dataset_rewind(&f->ds);
    *field(f, UDA + 1) = 0x1111;   /* left alone: the record is one word */

    /* SHORT: one word, 24 unused bits, the record's end. */
    uint64_t d = serve(f, request(DSP_READ_RECORD, 0, 4, UDA) | 1ull << 63, &r);
    assert_false(r.error);
    assert_int_equal(d >> 62, 0);   /* busy and error clear */
    assert_int_equal(done_words(d), 1);
    assert_int_equal(done_ubc(d), 24);
    assert_int_equal(control_word(f), DSP_CW_EOR);
    assert_int_equal(*field(f, UDA), chars("SHORT"));
    assert_int_equal(*field(f, UDA + 1), 0x1111);
    assert_int_equal(r.bytes, 5);

    /* Partial reads of 13 characters, a word at a time. */
    d = serve(f, request(DSP_READ_PARTIAL, 0, 1, UDA), &r);
    assert_int_equal(done_words(d), 1);
    assert_int_equal(control_word(f), DSP_CW_NONE);   /* the record goes on */
    assert_int_equal(*field(f, UDA), chars("THIRTEEN"));
    d = serve(f, request(DSP_READ_PARTIAL, 0, 1, UDA), &r);
    assert_int_equal(done_words(d), 1);
    assert_int_equal(done_ubc(d), 24);
    assert_int_equal(control_word(f), DSP_CW_EOR);
    assert_int_equal(*field(f, UDA), chars(" CHAR"));

    /* A null record: its end, no words. */
    d = serve(f, request(DSP_READ_PARTIAL, 0, 4, UDA), &r);
    assert_int_equal(done_words(d), 0);
    assert_int_equal(control_word(f), DSP_CW_EOR);
    /* The end of the file, then an exact word read partially: its end. */
    d = serve(f, request(DSP_READ_RECORD, 0, 4, UDA), &r);
    assert_int_equal(done_words(d), 0);
    assert_int_equal(control_word(f), DSP_CW_EOF);
    d = serve(f, request(DSP_READ_PARTIAL, 0, 1, UDA), &r);
    assert_int_equal(done_words(d), 1);
    assert_int_equal(done_ubc(d), 0);
    assert_int_equal(control_word(f), DSP_CW_EOR);
    d = serve(f, request(DSP_READ_RECORD, 0, 4, UDA), &r);
    assert_int_equal(control_word(f), DSP_CW_EOF);   /* end_data closed the file */
    d = serve(f, request(DSP_READ_RECORD, 0, 4, UDA), &r);
    assert_int_equal(control_word(f), DSP_CW_EOD);
    d = serve(f, request(DSP_READ_RECORD, 0, 4, UDA), &r);
    assert_int_equal(control_word(f), DSP_CW_EOD);   /* and stays there */

    /* READ with a short buffer: the count filled, no end, the rest skipped. */
    serve(f, request(DSP_REWIND, 0, 0, 0), &r);
    serve(f, request(DSP_READ_RECORD, 0, 4, UDA), &r);
    d = serve(f, request(DSP_READ_RECORD, 0, 1, UDA), &r);
    assert_int_equal(done_words(d), 1);
    assert_int_equal(control_word(f), DSP_CW_NONE);
    d = serve(f, request(DSP_READ_RECORD, 0, 4, UDA), &r);
    assert_int_equal(done_words(d), 0);   /* the null record: the rest was skipped */
    assert_int_equal(control_word(f), DSP_CW_EOR);
    teardown(f);
}

static void test_writes(void **state)
{
    (void)state;
    struct fixture *f = setup();
    struct dsp_result r;
    struct dataset_error e;
    assert_int_equal(dataset_open(&f->ds, DATASET_WRITE, &e), 0);
    *field(f, UDA) = chars("PARTIAL,");
    *field(f, UDA + 1) = chars(" DONE");
    uint64_t d = serve(f, request(DSP_WRITE_PARTIAL, 0, 1, UDA), &r);
    assert_false(r.error);
    assert_true(r.record_written);
    assert_int_equal(done_words(d), 1);
    d = serve(f, request(DSP_WRITE_RECORD, 24, 1, UDA + 1), &r);
    assert_false(r.record_written);   /* the same record, ended */
    assert_int_equal(r.bytes, 5);
    serve(f, request(DSP_WRITE_RECORD, 0, 0, UDA), &r);   /* a null record */
    assert_true(r.record_written);
    serve(f, request(DSP_WRITE_EOF, 0, 0, 0), &r);
    serve(f, request(DSP_WRITE_PARTIAL, 0, 2, UDA), &r);
    serve(f, request(DSP_WRITE_EOD, 0, 0, 0), &r);   /* ends the open record too */
    assert_false(r.error);
    assert_int_equal(dataset_file_count(&f->ds), 2);
    assert_int_equal(dataset_record_count(&f->ds, 0), 2);
    assert_int_equal(f->ds.files[0].records[0].length, 13);
    assert_memory_equal(f->ds.files[0].records[0].bytes, "PARTIAL, DONE", 13);
    assert_int_equal(f->ds.files[0].records[1].length, 0);
    assert_int_equal(f->ds.files[1].records[0].length, 16);
    assert_memory_equal(f->ds.files[1].records[0].bytes, "PARTIAL, DONE\0\0\0", 16);

    /* Refusals: the error bit, a reason, nothing changed. */
    f->ds.mode = DATASET_READ;
    uint64_t before = dataset_total_bytes(&f->ds);
    d = serve(f, request(DSP_WRITE_RECORD, 0, 1, UDA), &r);
    assert_true(r.error);
    assert_int_equal(d >> 62, 1);
    assert_non_null(strstr(r.why, "NOT OPEN FOR OUTPUT"));
    assert_int_equal(dataset_total_bytes(&f->ds), before);
    f->ds.mode = DATASET_READ | DATASET_WRITE;
    f->ds.permanent.read_only = true;
    serve(f, request(DSP_WRITE_EOF, 0, 0, 0), &r);
    assert_true(r.error);
    assert_non_null(strstr(r.why, "READ ONLY"));
    f->ds.permanent.read_only = false;
    f->ds.mode = DATASET_WRITE;
    serve(f, request(DSP_READ_RECORD, 0, 1, UDA), &r);
    assert_true(r.error);
    assert_non_null(strstr(r.why, "NOT OPEN FOR INPUT"));
    serve(f, request(0377, 0, 1, UDA), &r);
    assert_true(r.error);
    assert_non_null(strstr(r.why, "377 UNKNOWN"));
    teardown(f);
}

/* A data area that leaves the field (or wraps past 2^24) aborts the step:
 * -1, DPBIO and the dataset as they were. */
static void test_outside_the_field(void **state)
{
    (void)state;
    struct fixture *f = setup();
    struct dsp_result r;
    struct dataset_error e;
    assert_int_equal(dataset_open(&f->ds, DATASET_READ | DATASET_WRITE, &e), 0);
    assert_int_equal(dataset_write_record(&f->ds, "RECORD", 6, NULL), 0);
    dataset_rewind(&f->ds);
    const uint64_t bad[] = {request(DSP_READ_RECORD, 0, 2, FIELD - 1),
                            request(DSP_WRITE_RECORD, 0, 1, FIELD),
                            request(DSP_WRITE_PARTIAL, 0, 0xFFFFFF, 0),
                            request(DSP_READ_PARTIAL, 0, 2, 0xFFFFFF)};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        f->dsp[DSP_DPBIO] = bad[i];
        char error[160] = "";
        assert_int_equal(dsp_serve(&f->m.cpu, f->dsp, &f->ds, &r, error, sizeof error), -1);
        assert_non_null(strstr(error, "OUTSIDE THE FIELD"));
        assert_int_equal(f->dsp[DSP_DPBIO], bad[i]);
        assert_int_equal(f->ds.position.record, 0);
        assert_int_equal(dataset_record_count(&f->ds, 0), 1);
    }
    /* The last word of the field is inside. */
    serve(f, request(DSP_READ_RECORD, 0, 1, FIELD - 1), &r);
    assert_int_equal(*field(f, FIELD - 1), chars("RECORD"));
    /* dsp_fetch: the DSP's 24 words must all be inside, the whole register counts. */
    uint64_t dsp[DSP_WORDS];
    assert_int_equal(dsp_fetch(&f->m.cpu, FIELD - DSP_WORDS, dsp), 0);
    assert_int_equal(dsp_fetch(&f->m.cpu, FIELD - DSP_WORDS + 1, dsp), -1);
    assert_int_equal(dsp_fetch(&f->m.cpu, (1ull << 32) + DSP_AT, dsp), -1);
    teardown(f);
}

/* dataset_write_words: parts of a record; any other operation ends it;
 * the open record survives canonical bytes + flags + seek (a dropfile). */
static void test_open_record(void **state)
{
    (void)state;
    struct dataset ds;
    dataset_init(&ds);
    strcpy(ds.name, "W");
    assert_int_equal(dataset_write_words(&ds, "AB", 2, false, NULL), 0);
    assert_int_equal(dataset_write_words(&ds, "CD", 2, false, NULL), 0);
    assert_true(ds.flags & DATASET_FLAG_RECORD_OPEN);
    assert_int_equal(ds.io.records_written, 1);

    /* As a drop and a restart carry it. */
    uint8_t *bytes;
    size_t size;
    assert_int_equal(dataset_serialize(&ds, &bytes, &size, NULL), 0);
    struct dataset back;
    dataset_init(&back);
    strcpy(back.name, "W");
    assert_int_equal(dataset_parse(&back, bytes, size, NULL), 0);
    free(bytes);
    back.flags = ds.flags;
    assert_int_equal(dataset_seek(&back, dataset_tell(&ds), NULL), 0);
    assert_int_equal(dataset_write_words(&back, "EF", 2, true, NULL), 0);
    assert_int_equal(dataset_record_count(&back, 0), 1);
    assert_memory_equal(back.files[0].records[0].bytes, "ABCDEF", 6);
    assert_false(back.flags & DATASET_FLAG_RECORD_OPEN);
    dataset_free(&back);

    /* A record write ends it: the next words begin a new record. */
    assert_int_equal(dataset_write_record(&ds, "X", 1, NULL), 0);
    assert_int_equal(dataset_write_words(&ds, "GH", 2, false, NULL), 0);
    dataset_rewind(&ds);   /* ... and so does a rewind */
    assert_false(ds.flags & DATASET_FLAG_RECORD_OPEN);
    assert_int_equal(dataset_record_count(&ds, 0), 3);
    struct dataset_transfer t;
    char buffer[8];
    assert_int_equal(dataset_read_record(&ds, buffer, sizeof buffer, &t, NULL), DATASET_RECORD);
    assert_int_equal(t.stored, 4);
    /* A flag that does not fit the position (a hostile dropfile) is
     * ignored: the words begin a record of their own. */
    ds.flags |= DATASET_FLAG_RECORD_OPEN;
    assert_int_equal(dataset_write_words(&ds, "ZZ", 2, true, NULL), 0);
    assert_int_equal(dataset_record_count(&ds, 0), 2);
    assert_memory_equal(ds.files[0].records[0].bytes, "ABCD", 4);
    assert_memory_equal(ds.files[0].records[1].bytes, "ZZ", 2);
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tag_and_decode),
        cmocka_unit_test(test_reads),
        cmocka_unit_test(test_writes),
        cmocka_unit_test(test_outside_the_field),
        cmocka_unit_test(test_open_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
