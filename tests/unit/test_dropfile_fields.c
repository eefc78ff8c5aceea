/*
 * test_dropfile_fields.c - the table of a job's saved state
 * (os/dropfile/dropfile_fields.def) and what reads it: the field API
 * (find, get, set with the field's rule, the exchange package kept
 * consistent), and diff's forms from issue 13 (wall clocks as dates,
 * register and vector indices in octal, a program symbol in both files
 * with another value as one changed line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#include "emu/cpu.h"
#include "emu/exchange.h"
#include "emu/isa.h"
#include "emu/memory.h"
#include "os/dropfile/dropfile.h"
#include "os/dropfile/dropfile_fields.h"
#include "dropfile_sample.h"

static void sample(struct dropfile *df, unsigned model)
{
    struct isa_decoder decoder;
    struct memory memory;
    struct cpu *cpu = calloc(1, sizeof *cpu);
    assert_non_null(cpu);
    isa_decoder_init(&decoder, model);
    assert_int_equal(memory_init(&memory, 4096), 0);
    sample_dropfile(df, cpu, &memory, &decoder, model, 512, 128, 21);
    memory_free(&memory);
    free(cpu);
}

static char *diff_text(const struct dropfile *a, const struct dropfile *b, size_t *n)
{
    char *text;
    size_t length;
    FILE *out = open_memstream(&text, &length);
    *n = dropfile_diff(out, a, b);
    fclose(out);
    return text;
}

/* Every row: a unique path, a JSON name, a label; each string field has a
 * rule; the table covers the struct's scalar sections. */
static void test_the_table(void **state)
{
    (void)state;
    assert_true(dropfile_field_count >= 80);
    for (size_t i = 0; i < dropfile_field_count; i++) {
        const struct dropfile_field *f = &dropfile_fields[i];
        assert_non_null(f->path);
        assert_non_null(f->json);
        assert_non_null(f->label);
        assert_true(f->count >= 1);
        for (size_t j = 0; j < i; j++)
            if (dropfile_fields[j].group == f->group)
                assert_string_not_equal(dropfile_fields[j].path, f->path);
        if (f->type == DFT_STR)
            assert_int_not_equal(f->rule, 0);
    }
}

static void test_get(void **state)
{
    (void)state;
    struct dropfile df;
    char text[200], why[200];
    sample(&df, MODEL_CRAY1);
    assert_int_equal(dropfile_field_get(&df, "identity.job_name", text, sizeof text, why,
                                        sizeof why), 0);
    assert_string_equal(text, "LOOPS");
    assert_int_equal(dropfile_field_get(&df, "drop.reason", text, sizeof text, why, sizeof why), 0);
    assert_string_equal(text, "time-limit");
    assert_int_equal(dropfile_field_get(&df, "cpu.b[10]", text, sizeof text, why, sizeof why), 0);
    char want[40];
    snprintf(want, sizeof want, "%o", df.cpu.b[8]);   /* B10 octal is the ninth */
    assert_string_equal(text, want);
    assert_int_equal(dropfile_field_get(&df, "cpu.v[2][17]", text, sizeof text, why, sizeof why), 0);
    snprintf(want, sizeof want, "%llo", (unsigned long long)df.cpu.v[2][15]);
    assert_string_equal(text, want);
    assert_int_equal(dropfile_field_get(&df, "datasets.$OUT.record", text, sizeof text, why,
                                        sizeof why), 0);
    assert_string_equal(text, "3");
    assert_int_equal(dropfile_field_get(&df, "devices.TAPE.count", text, sizeof text, why,
                                        sizeof why), 0);
    assert_string_equal(text, "1");
    assert_int_equal(dropfile_field_get(&df, "history[0].user", text, sizeof text, why,
                                        sizeof why), 0);
    assert_string_equal(text, "alice");
    assert_int_equal(dropfile_field_get(&df, "program_symbols.TABLE.value", text, sizeof text,
                                        why, sizeof why), 0);
    assert_string_equal(text, "200");
    assert_int_equal(dropfile_field_get(&df, "cpu.b[100]", text, sizeof text, why, sizeof why),
                     DROPFILE_E_INVALID);
    assert_int_equal(dropfile_field_get(&df, "cpu.nothing", text, sizeof text, why, sizeof why),
                     DROPFILE_E_INVALID);
    assert_string_equal(why, "cpu.nothing: no such field");
    assert_int_equal(dropfile_field_get(&df, "cpu.shared.sb[1]", text, sizeof text, why,
                                        sizeof why), DROPFILE_E_INVALID);
    assert_string_equal(why, "cpu.shared.sb[1]: not in this dropfile");
    dropfile_free(&df);
}

static void test_set_keeps_the_package(void **state)
{
    (void)state;
    for (unsigned model = MODEL_CRAY1; model <= MODEL_XMP; model <<= 1) {
        struct dropfile df;
        char why[200];
        sample(&df, model);
        uint64_t before[16];
        memcpy(before, df.cpu.package, sizeof before);
        assert_int_equal(dropfile_field_set(&df, "cpu.s[1]", "1234567", why, sizeof why), 0);
        assert_int_equal(dropfile_field_set(&df, "cpu.a[7]", "7654321", why, sizeof why), 0);
        assert_int_equal(dropfile_field_set(&df, "cpu.p", "200", why, sizeof why), 0);
        struct cpu *c = calloc(1, sizeof *c);
        assert_non_null(c);
        c->model = model;
        exchange_unpack(c, df.cpu.package);
        assert_int_equal(c->s[1], 01234567);
        assert_int_equal(c->a[7], 07654321);
        assert_int_equal(c->p, 0200);
        /* back as it was: the other bits of the package untouched */
        struct cpu *old = calloc(1, sizeof *old);
        assert_non_null(old);
        old->model = model;
        exchange_unpack(old, before);
        char text[40];
        snprintf(text, sizeof text, "%llo", (unsigned long long)old->s[1]);
        assert_int_equal(dropfile_field_set(&df, "cpu.s[1]", text, why, sizeof why), 0);
        snprintf(text, sizeof text, "%o", old->a[7]);
        assert_int_equal(dropfile_field_set(&df, "cpu.a[7]", text, why, sizeof why), 0);
        snprintf(text, sizeof text, "%o", old->p);
        assert_int_equal(dropfile_field_set(&df, "cpu.p", text, why, sizeof why), 0);
        assert_memory_equal(df.cpu.package, before, sizeof before);
        free(c);
        free(old);
        dropfile_free(&df);
    }
}

static void test_set_with_the_rule(void **state)
{
    (void)state;
    struct dropfile df;
    char why[200];
    sample(&df, MODEL_CRAY1);
    assert_int_equal(dropfile_field_set(&df, "identity.job_name", "../../X", why, sizeof why),
                     DROPFILE_E_INVALID);
    assert_string_equal(why, "identity.job_name: must be 1-7 letters and digits, the first a "
                             "letter");
    assert_int_equal(dropfile_field_set(&df, "devices.TAPE.count", "4294967295", why, sizeof why),
                     DROPFILE_E_INVALID);
    assert_string_equal(why, "devices.TAPE.count: 4294967295 is out of range: 0-64 units");
    assert_int_equal(dropfile_field_set(&df, "cpu.b[1]", "100000000", why, sizeof why),
                     DROPFILE_E_INVALID);
    assert_int_equal(dropfile_field_set(&df, "cpu.base", "0", why, sizeof why), DROPFILE_E_INVALID);
    assert_int_equal(dropfile_field_set(&df, "limits.cpu_limit", "x", why, sizeof why),
                     DROPFILE_E_INVALID);
    assert_int_equal(dropfile_field_set(&df, "identity.job_name", "NEWJOB", why, sizeof why), 0);
    assert_int_equal(dropfile_field_set(&df, "drop.reason", "operator", why, sizeof why), 0);
    assert_int_equal(dropfile_field_set(&df, "cpu.b[1]", "77777777", why, sizeof why), 0);
    assert_int_equal(dropfile_field_set(&df, "datasets.SCRATCH.mode", "r", why, sizeof why), 0);
    assert_string_equal(df.identity.job_name, "NEWJOB");
    assert_int_equal(df.drop.reason, DROP_REASON_OPERATOR);
    assert_int_equal(df.cpu.b[1], 077777777);
    /* what was set reads back */
    struct dropfile_report r;
    uint8_t *bytes;
    size_t size;
    struct dropfile back;
    assert_int_equal(dropfile_encode(&df, &bytes, &size, &r), 0);
    assert_int_equal(dropfile_decode(bytes, size, &back, &r), 0);
    free(bytes);
    dropfile_free(&back);
    dropfile_free(&df);
}

/* issue 13: wall clocks as dates, vector indices in octal. */
static void test_diff_forms(void **state)
{
    (void)state;
    struct dropfile a, b;
    size_t n;
    sample(&a, MODEL_CRAY1);
    dropfile_copy(&b, &a);
    b.cpu.v[1][8] ^= 1;
    b.cpu.t[9] ^= 1;
    b.history[0].wall_time = 86400;
    char *text = diff_text(&a, &b, &n);
    char expected[600];
    snprintf(expected, sizeof expected,
             "cpu.t[11]: %llo | %llo\n"
             "cpu.v[1][10]: %llo | %llo\n"
             "history[0].wall_time: 2023-11-14 22:13:20Z | 1970-01-02 00:00:00Z\n",
             (unsigned long long)a.cpu.t[9], (unsigned long long)b.cpu.t[9],
             (unsigned long long)a.cpu.v[1][8], (unsigned long long)b.cpu.v[1][8]);
    assert_string_equal(text, expected);
    assert_int_equal(n, 3);
    free(text);
    dropfile_free(&a);
    dropfile_free(&b);
}

/* issue 13: a symbol in both files with another value is one changed line. */
static void test_diff_symbol_changed(void **state)
{
    (void)state;
    struct dropfile a, b;
    size_t n;
    sample(&a, MODEL_CRAY1);
    dropfile_copy(&b, &a);
    for (size_t i = 0; i < b.symbol_count; i++)
        if (!strcmp(b.symbols[i].name, "N"))
            b.symbols[i].value = 101;
    dropfile_add_symbol(&b, "EXTRA", 5, 'P');
    char *text = diff_text(&a, &b, &n);
    assert_string_equal(text, "program_symbols.EXTRA: only in the second (value 5, attributes 120)\n"
                              "program_symbols.N.value: 144 | 145\n");
    assert_int_equal(n, 2);
    free(text);
    dropfile_free(&a);
    dropfile_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_table),
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_set_keeps_the_package),
        cmocka_unit_test(test_set_with_the_rule),
        cmocka_unit_test(test_diff_forms),
        cmocka_unit_test(test_diff_symbol_changed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
