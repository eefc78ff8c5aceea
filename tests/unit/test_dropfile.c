/*
 * test_dropfile.c - the dropfile: capture and restore of a processor at
 * another base, restart at every instruction boundary of a small program,
 * encode/decode and file round trips, canonical bytes and the digest,
 * pack of dump --json, diff, the restart checks.  Damage is in
 * test_dropfile_damage.c.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"

#include "emu/cpu.h"
#include "os/dropfile/dropfile.h"
#include "dropfile_sample.h"
#include "emu/exchange.h"
#include "emu/isa.h"
#include "emu/memory.h"

static struct isa_decoder decoders[2];

static const struct isa_decoder *decoder(unsigned model)
{
    struct isa_decoder *d = &decoders[model == MODEL_XMP];
    if (d->model != model)
        isa_decoder_init(d, model);
    return d;
}

struct machine {
    struct memory memory;
    struct cpu cpu;
};

static struct machine *machine_new(unsigned model, uint32_t words)
{
    struct machine *m = calloc(1, sizeof *m);
    assert_non_null(m);
    assert_int_equal(memory_init(&m->memory, words), 0);
    cpu_init(&m->cpu, model, &m->memory, decoder(model));
    return m;
}

static void machine_free(struct machine *m)
{
    memory_free(&m->memory);
    free(m);
}

static void encode(const struct dropfile *df, uint8_t **bytes, size_t *size)
{
    struct dropfile_report r;
    dropfile_report_clear(&r);
    int status = dropfile_encode(df, bytes, size, &r);
    if (status)
        fail_msg("encode: %s", r.message);
}

static void decode(const uint8_t *bytes, size_t size, struct dropfile *df)
{
    struct dropfile_report r;
    int status = dropfile_decode(bytes, size, df, &r);
    if (status)
        fail_msg("decode: %s", r.message);
}

/* ---- capture and restore ------------------------------------------------------ */

static void assert_same_registers(const struct cpu *x, const struct cpu *y)
{
    assert_memory_equal(x->a, y->a, sizeof x->a);
    assert_memory_equal(x->s, y->s, sizeof x->s);
    assert_memory_equal(x->b, y->b, sizeof x->b);
    assert_memory_equal(x->t, y->t, sizeof x->t);
    assert_memory_equal(x->v, y->v, sizeof x->v);
    assert_true(x->vm == y->vm);
    assert_int_equal(x->vl, y->vl);
    assert_int_equal(x->p, y->p);
    assert_int_equal(x->flags, y->flags);
    assert_int_equal(x->modes, y->modes);
    assert_int_equal(x->xa, y->xa);
}

static void capture_restore(unsigned model, uint64_t seed)
{
    struct machine *a = machine_new(model, 1u << 16);
    struct dropfile df;
    uint32_t field = 4096, base = 8192, new_base = 32768;
    sample_dropfile(&df, &a->cpu, &a->memory, decoder(model), model, base, field, seed);
    /* Through the bytes, as a restart does. */
    uint8_t *bytes;
    size_t size;
    encode(&df, &bytes, &size);
    dropfile_free(&df);
    decode(bytes, size, &df);
    free(bytes);

    struct machine *b = machine_new(model, 1u << 17);
    b->cpu.clock = 777;   /* another machine, another clock */
    assert_int_equal(dropfile_restore_cpu(&df, &b->cpu, new_base), 0);
    assert_same_registers(&a->cpu, &b->cpu);
    assert_int_equal(b->cpu.base, new_base);
    assert_int_equal(b->cpu.limit, new_base + field);
    assert_int_equal(b->cpu.ibase, new_base);
    assert_int_equal(b->cpu.ilimit, new_base + field);
    assert_true(cpu_rt(&b->cpu) == cpu_rt(&a->cpu));
    assert_int_equal(b->cpu.clock_interval, a->cpu.clock_interval);
    assert_int_equal(b->cpu.clock_countdown, a->cpu.clock_countdown);
    assert_int_equal(b->cpu.features_used, a->cpu.features_used);
    assert_memory_equal(b->memory.word + new_base, a->memory.word + base, (size_t)field * 8);
    assert_true(b->memory.word[new_base - 1] == 0 && b->memory.word[new_base + field] == 0);
    dropfile_free(&df);
    machine_free(a);
    machine_free(b);
}

static void test_capture_restore_cray1(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 5; seed++)
        capture_restore(MODEL_CRAY1, seed);
}

static void test_capture_restore_xmp(void **state)
{
    (void)state;
    for (uint64_t seed = 11; seed <= 15; seed++)
        capture_restore(MODEL_XMP, seed);
}

static void test_restore_refusals(void **state)
{
    (void)state;
    struct machine *a = machine_new(MODEL_XMP, 1u << 16);
    struct dropfile df;
    char why[256];
    sample_dropfile(&df, &a->cpu, &a->memory, decoder(MODEL_XMP), MODEL_XMP, 4096, 4096, 3);
    /* The job used X-MP gather: a Cray-1 must refuse it, by name. */
    assert_int_equal(dropfile_check_target(&df, MODEL_CRAY1, dropfile_model_features(MODEL_CRAY1),
                                           1u << 20, 0, why, sizeof why), DROPFILE_E_INVALID);
    assert_string_equal(why, "the job has used gather, which this cray1 lacks");
    struct machine *b = machine_new(MODEL_CRAY1, 1u << 16);
    assert_int_equal(dropfile_restore_cpu(&df, &b->cpu, 0), DROPFILE_E_INVALID);
    /* Too little memory. */
    assert_int_equal(dropfile_check_target(&df, MODEL_XMP, dropfile_model_features(MODEL_XMP),
                                           2048, 0, why, sizeof why), DROPFILE_E_INVALID);
    assert_string_equal(why, "the field of 4096 words is larger than the memory of 2048 words");
    /* Does not fit at the base; misaligned base. */
    assert_int_equal(dropfile_check_target(&df, MODEL_XMP, ~0u, 8192, 6144, why, sizeof why),
                     DROPFILE_E_INVALID);
    assert_string_equal(why, "a field of 4096 words does not fit at base 6144 in 8192 words");
    assert_int_equal(dropfile_check_target(&df, MODEL_XMP, ~0u, 8192, 16, why, sizeof why),
                     DROPFILE_E_INVALID);
    assert_string_equal(why, "base 16 and field length 4096 must be multiples of 32 words on the xmp");
    /* Without the X-MP features it runs on a Cray-1 with more memory. */
    df.machine.features_used = FEAT_VPOP;
    assert_int_equal(dropfile_check_target(&df, MODEL_CRAY1, dropfile_model_features(MODEL_CRAY1),
                                           8192, 16, why, sizeof why), 0);
    dropfile_free(&df);
    machine_free(a);
    machine_free(b);
}

/* The demonstration program of the README: S1 1., S2 2., S3 S1+FS2,
 * S4 S3*FS3, A1 5, A2 A1*A1, EX.  Dropped at every instruction boundary,
 * written, read, restarted elsewhere: the same end state. */
static void load_demo(struct machine *m, uint32_t base)
{
    static const uint16_t parcels[] = {071150, 071260, 062312, 064433, 022105, 032211, 004000, 0};
    for (int w = 0; w < 2; w++) {
        uint64_t word = 0;
        for (int k = 0; k < 4; k++)
            word = word << 16 | parcels[w * 4 + k];
        m->memory.word[base + (uint32_t)w] = word;
    }
}

static void test_restart_every_boundary(void **state)
{
    (void)state;
    for (unsigned model = MODEL_CRAY1; model <= MODEL_XMP; model <<= 1) {
        struct machine *ref = machine_new(model, 8192);
        load_demo(ref, 1024);
        cpu_set_field(&ref->cpu, 1024, 2048);
        while (cpu_step(&ref->cpu) != CPU_STOP_EXCHANGE) {
        }
        for (int steps = 0; steps <= 6; steps++) {
            struct machine *a = machine_new(model, 8192);
            load_demo(a, 1024);
            cpu_set_field(&a->cpu, 1024, 2048);
            for (int i = 0; i < steps; i++)
                assert_int_equal(cpu_step(&a->cpu), CPU_STOP_CLOCKS);
            struct dropfile df, back;
            dropfile_init(&df);
            assert_int_equal(dropfile_capture_cpu(&df, &a->cpu), 0);
            df.drop.reason = DROP_REASON_OPERATOR;
            uint8_t *bytes;
            size_t size;
            encode(&df, &bytes, &size);
            decode(bytes, size, &back);
            free(bytes);
            struct machine *b = machine_new(model, 16384);
            assert_int_equal(dropfile_restore_cpu(&back, &b->cpu, 4096), 0);
            while (cpu_step(&b->cpu) != CPU_STOP_EXCHANGE) {
            }
            assert_same_registers(&ref->cpu, &b->cpu);
            assert_memory_equal(b->memory.word + 4096, ref->memory.word + 1024, 1024 * 8);
            dropfile_free(&df);
            dropfile_free(&back);
            machine_free(a);
            machine_free(b);
        }
        machine_free(ref);
    }
}

/* ---- bytes and files ------------------------------------------------------------ */

static void make_sample(struct dropfile *df, unsigned model, uint64_t seed)
{
    struct machine *m = machine_new(model, 8192);
    sample_dropfile(df, &m->cpu, &m->memory, decoder(model), model, 1024, 512, seed);
    machine_free(m);
}

static void test_round_trip(void **state)
{
    (void)state;
    struct dropfile df, back;
    make_sample(&df, MODEL_XMP, 5);
    uint8_t *a, *b;
    size_t an, bn;
    encode(&df, &a, &an);
    decode(a, an, &back);
    encode(&back, &b, &bn);
    assert_int_equal(an, bn);
    assert_memory_equal(a, b, an);
    char *text;
    size_t length;
    FILE *out = open_memstream(&text, &length);
    assert_int_equal(dropfile_diff(out, &df, &back), 0);
    fclose(out);
    assert_string_equal(text, "");
    free(text);
    assert_string_equal(back.identity.job_id, "J00042");
    assert_int_equal(back.dataset_count, 4);
    assert_string_equal(back.datasets[0].name, "$IN");   /* sorted by name */
    assert_int_equal(back.datasets[0].contents_size, 33);
    assert_string_equal(back.job_symbols[0].name, "J0");
    assert_int_equal(back.history[0].wall_time, 1700000000);
    assert_int_equal(back.written_wall, 1700000001);
    assert_int_equal(back.job_stack.nesting[2], -1);
    free(a);
    free(b);
    dropfile_free(&df);
    dropfile_free(&back);
}

/* Tables whose entries are as small as the format allows. */
static void test_minimal_entries(void **state)
{
    (void)state;
    struct dropfile df, back;
    dropfile_init(&df);
    df.drop.reason = DROP_REASON_OPERATOR;
    df.machine.model = MODEL_CRAY1;
    assert_non_null(dropfile_add_dataset(&df, ""));
    assert_int_equal(dropfile_add_history(&df, DROP_EVENT_DROP, "", "", 0, "", "", 0), 0);
    assert_int_equal(dropfile_add_statement(&df, ""), 0);
    assert_int_equal(dropfile_add_job_symbol(&df, "", ""), 0);
    assert_int_equal(dropfile_add_symbol(&df, "", 0, 0), 0);
    assert_int_equal(dropfile_add_device(&df, "", 0), 0);
    uint8_t *a, *b;
    size_t an, bn;
    encode(&df, &a, &an);
    decode(a, an, &back);
    encode(&back, &b, &bn);
    assert_int_equal(an, bn);
    assert_memory_equal(a, b, an);
    assert_int_equal(back.dataset_count, 1);
    assert_int_equal(back.history_count, 1);
    free(a);
    free(b);
    dropfile_free(&df);
    dropfile_free(&back);
}

static void test_write_file_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/c1-dropfile-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/job.drop", dir);
    struct dropfile df, back;
    struct dropfile_report r;
    make_sample(&df, MODEL_CRAY1, 9);
    assert_int_equal(dropfile_write_file(path, &df, &r), 0);
    df.written_wall++;
    assert_int_equal(dropfile_write_file(path, &df, &r), 0);   /* replaces */
    assert_int_equal(dropfile_read_file(path, &back, &r), 0);
    assert_int_equal(back.written_wall, df.written_wall);
    dropfile_free(&back);
    /* No-replace refuses an existing file and leaves it as it was. */
    uint8_t byte = 0;
    assert_int_equal(dropfile_write_bytes_atomic(path, &byte, 1, true, &r), DROPFILE_E_IO);
    assert_non_null(strstr(r.message, "File exists"));
    assert_int_equal(dropfile_read_file(path, &back, &r), 0);
    dropfile_free(&back);
    /* Nothing else is left in the folder. */
    DIR *d = opendir(dir);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)))
        files += e->d_name[0] != '.' || strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    assert_int_equal(files, 1);
    /* A missing file: an i/o error with the system's reason. */
    assert_int_equal(dropfile_read_file("/nonexistent/x.drop", &back, &r), DROPFILE_E_IO);
    assert_string_equal(r.message, "cannot open: No such file or directory");
    unlink(path);
    rmdir(dir);
    dropfile_free(&df);
    dropfile_free(&back);
}

static void test_canonical(void **state)
{
    (void)state;
    struct dropfile x, y;
    make_sample(&x, MODEL_CRAY1, 21);
    make_sample(&y, MODEL_CRAY1, 21);
    /* The same state, its sets built in another order. */
    struct dropfile_dataset t = y.datasets[0];
    y.datasets[0] = y.datasets[3];
    y.datasets[3] = t;
    struct dropfile_pair p = y.job_symbols[0];
    y.job_symbols[0] = y.job_symbols[2];
    y.job_symbols[2] = p;
    uint8_t *a, *b;
    size_t an, bn;
    uint64_t da, db;
    encode(&x, &a, &an);
    encode(&y, &b, &bn);
    assert_int_equal(an, bn);
    assert_memory_equal(a, b, an);
    free(b);
    /* Another wall clock: another file, the same digest. */
    y.written_wall += 3600;
    y.history[0].wall_time += 60;
    encode(&y, &b, &bn);
    assert_true(an != bn || memcmp(a, b, an));
    assert_int_equal(dropfile_digest(&x, &da, NULL), 0);
    assert_int_equal(dropfile_digest(&y, &db, NULL), 0);
    assert_true(da == db);
    /* Another state: another digest. */
    y.cpu.b[5] ^= 1;
    assert_int_equal(dropfile_digest(&y, &db, NULL), 0);
    assert_true(da != db);
    free(a);
    free(b);
    dropfile_free(&x);
    dropfile_free(&y);
}

static void test_encode_refusals(void **state)
{
    (void)state;
    struct dropfile df;
    struct dropfile_report r;
    uint8_t *bytes;
    size_t size;
    make_sample(&df, MODEL_CRAY1, 2);
    df.drop.reason = 0;
    dropfile_report_clear(&r);
    assert_int_equal(dropfile_encode(&df, &bytes, &size, &r), DROPFILE_E_INVALID);
    assert_string_equal(r.message, "cannot write section DROP: the reason 0 is not one of 1..6");
    df.drop.reason = DROP_REASON_ERROR;
    dropfile_set_string(&df.identity.user, "\xff\xfe");
    dropfile_report_clear(&r);
    assert_int_equal(dropfile_encode(&df, &bytes, &size, &r), DROPFILE_E_INVALID);
    assert_string_equal(r.message, "cannot write section IDENTITY: a string is not valid UTF-8");
    dropfile_set_string(&df.identity.user, "bob");
    df.machine.field_words = DROPFILE_MAX_FIELD_WORDS + 32;
    dropfile_report_clear(&r);
    assert_int_equal(dropfile_encode(&df, &bytes, &size, &r), DROPFILE_E_OVERSIZED);
    assert_string_equal(r.message, "oversized field: 16777248 words, more than the 16777216 of "
                                   "the largest memory");
    df.machine.field_words = 512;
    dropfile_free(&df);
}

/* ---- JSON ---------------------------------------------------------------------------- */

__attribute__((noinline)) static char *json_of(const struct dropfile *df, size_t *length)
{
    char *text;
    FILE *out = open_memstream(&text, length);
    assert_int_equal(dropfile_print_json(out, df, NULL), 0);
    fclose(out);
    return text;
}

static void test_pack_of_dump_is_identical(void **state)
{
    (void)state;
    for (unsigned model = MODEL_CRAY1; model <= MODEL_XMP; model <<= 1) {
        struct dropfile df, back;
        struct dropfile_report r;
        make_sample(&df, model, 31 + model);
        df.cpu.rt_offset = UINT64_MAX - 5;        /* values beyond JSON's integers */
        df.limits.cpu_limit = UINT64_MAX;
        df.cpu.has_shared = true;
        df.cpu.sb[3] = 0xABCDEF;
        df.cpu.st[7] = UINT64_MAX;
        df.cpu.semaphores = 0x80000001u;
        /* UTF-8, quotes, a newline: in the job log (text), since a site name
         * may hold none of them (os/rules). */
        dropfile_append_log(&df, "d\xc3\xa9v \"quoted\"\n");
        uint8_t *a, *b;
        size_t an, bn, length;
        encode(&df, &a, &an);
        char *text = json_of(&df, &length);
        int status = dropfile_from_json(text, length, &back, &r);
        if (status)
            fail_msg("pack: %s", r.message);
        encode(&back, &b, &bn);
        assert_int_equal(an, bn);
        assert_memory_equal(a, b, an);
        free(a);
        free(b);
        free(text);
        dropfile_free(&df);
        dropfile_free(&back);
    }
}

static void test_pack_names_the_field(void **state)
{
    (void)state;
    struct dropfile df, back;
    struct dropfile_report r;
    make_sample(&df, MODEL_CRAY1, 3);
    size_t length;
    char *text = json_of(&df, &length);
    /* Break cpu.b[3]: the 4th element of "b". */
    char *e = strstr(text, "\"b\": [");
    assert_non_null(e);
    for (int i = 0; i < 3; i++)
        e = strchr(e, ',') + 1;
    e = strchr(e, '"') + 1;   /* the first digit of b[3] */
    *e = '9';
    assert_int_equal(dropfile_from_json(text, length, &back, &r), DROPFILE_E_MALFORMED);
    assert_string_equal(r.message, "JSON cpu.b[3]: not an octal string");
    free(text);
    /* A missing field, an unknown field, bad JSON. */
    assert_int_equal(dropfile_from_json("{}", 2, &back, &r), DROPFILE_E_MALFORMED);
    assert_string_equal(r.message, "JSON (top): missing field \"format\"");
    assert_int_equal(dropfile_from_json("{\"x\":1}", 7, &back, &r), DROPFILE_E_MALFORMED);
    assert_string_equal(r.message, "JSON (top): unknown field \"x\"");
    assert_int_equal(dropfile_from_json("{", 1, &back, &r), DROPFILE_E_MALFORMED);
    assert_non_null(strstr(r.message, "JSON line 1 column"));
    dropfile_free(&df);
}

/* ---- diff ------------------------------------------------------------------------------ */

static void test_diff_known_states(void **state)
{
    (void)state;
    struct dropfile a, b;
    make_sample(&a, MODEL_CRAY1, 40);
    dropfile_copy(&b, &a);
    b.cpu.package[1] = (b.cpu.package[1] & ~UINT64_C(0xFFFFFF)) | 01234;   /* A1 */
    b.cpu.b[2] ^= 1;
    for (int i = 010; i < 020; i++)
        b.memory[i] ^= 1;
    b.memory[0100] = 7;
    b.datasets[0].record++;   /* $OUT (not sorted yet: as added) */
    b.job_stack.current = 4;
    dropfile_add_history(&b, DROP_EVENT_RESTART, "prod", "bob", 99, "operator RESTART", "", 5);
    b.written_wall = 1;
    char *text;
    size_t length;
    FILE *out = open_memstream(&text, &length);
    size_t n = dropfile_diff(out, &a, &b);
    fclose(out);
    char expected[2048];
    snprintf(expected, sizeof expected,
             "cpu.a[1]: %o | 1234\n"
             "cpu.b[2]: %o | %o\n"
             "memory[10-17]: 8 words differ\n"
             "memory[100]: %llo | 7\n"
             "datasets.$OUT.record: 3 | 4\n"
             "job_stack.current: 3 | 4\n"
             "history[1]: only in the second: restart at site prod by bob, clock 99\n"
             "wall_clock.written: 2023-11-14 22:13:21Z | 1970-01-01 00:00:01Z\n",
             (unsigned)(a.cpu.package[1] & 0xFFFFFF), a.cpu.b[2], b.cpu.b[2],
             (unsigned long long)a.memory[0100]);
    assert_string_equal(text, expected);
    assert_int_equal(n, 8);
    free(text);
    dropfile_free(&a);
    dropfile_free(&b);
}

/* A parcel address by the program's code labels: at one, after one (octal),
 * never by a word symbol, nothing beyond 0100 parcels or below the first. */
static void test_parcel_name(void **state)
{
    (void)state;
    struct dropfile_symbol symbols[] = {
        {"GO", 4, 'P'}, {"LOOP", 010, 'P'}, {"TABLE", 3, 'W'}, {"FAR", 0400, 'P'}};
    char name[32];
    const struct {
        uint64_t p;
        const char *name;
    } cases[] = {{4, "GO"}, {7, "GO+3"}, {010, "LOOP"}, {012, "LOOP+2"}, {014, "LOOP+4"},
                 {3, ""}, {0107, "LOOP+77"}, {0110, ""}, {0401, "FAR+1"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dropfile_parcel_name(symbols, 4, cases[i].p, name, sizeof name);
        assert_string_equal(name, cases[i].name);
    }
}

/* ---- permanent datasets ------------------------------------------------------------- */

static int lookup_changed(void *context, const char *owner, const char *name, const char *id,
                          uint64_t *hash)
{
    (void)owner;
    (void)id;
    if (!strcmp(name, "PHYSTAB")) {
        *hash = *(uint64_t *)context;
        return 0;
    }
    return -1;
}

static void test_check_permanent(void **state)
{
    (void)state;
    struct dropfile df;
    char why[512];
    make_sample(&df, MODEL_CRAY1, 4);
    uint64_t hash = dropfile_content_hash("tables", 6);
    assert_int_equal(dropfile_check_permanent(&df, lookup_changed, &hash, false, why, sizeof why), 0);
    hash ^= 1;
    assert_int_equal(dropfile_check_permanent(&df, lookup_changed, &hash, false, why, sizeof why),
                     DROPFILE_E_INVALID);
    assert_non_null(strstr(why, "permanent dataset alice/PHYSTAB (local TABLES) has changed since "
                                "the drop"));
    assert_int_equal(dropfile_check_permanent(&df, lookup_changed, &hash, true, why, sizeof why), 0);
    assert_non_null(strstr(why, "has changed"));
    dropfile_free(&df);
}

/* info says output in OLM's unit, records of $OUT ("output 91 of 3" used
 * to compare I/O words with OLM records), and "no OLM" without one. */
static void test_info_output_in_records(void **state)
{
    (void)state;
    struct dropfile df;
    make_sample(&df, MODEL_CRAY1, 9);
    char *text = NULL;
    size_t length = 0;
    df.limits.output_limit = 3;
    df.limits.output_used = 2;
    FILE *out = open_memstream(&text, &length);
    dropfile_print_info(out, &df, 100);
    fclose(out);
    assert_non_null(strstr(text, "output    2 records of $OUT, of 3 (OLM)"));
    free(text);
    df.limits.output_limit = 0;
    out = open_memstream(&text, &length);
    dropfile_print_info(out, &df, 100);
    fclose(out);
    assert_non_null(strstr(text, "output    2 records of $OUT (no OLM)"));
    free(text);
    dropfile_free(&df);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_info_output_in_records),
        cmocka_unit_test(test_capture_restore_cray1),
        cmocka_unit_test(test_capture_restore_xmp),
        cmocka_unit_test(test_restore_refusals),
        cmocka_unit_test(test_restart_every_boundary),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_minimal_entries),
        cmocka_unit_test(test_write_file_atomic),
        cmocka_unit_test(test_canonical),
        cmocka_unit_test(test_encode_refusals),
        cmocka_unit_test(test_pack_of_dump_is_identical),
        cmocka_unit_test(test_pack_names_the_field),
        cmocka_unit_test(test_diff_known_states),
        cmocka_unit_test(test_parcel_name),
        cmocka_unit_test(test_check_permanent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
