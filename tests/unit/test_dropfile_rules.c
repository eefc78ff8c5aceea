/*
 * test_dropfile_rules.c - hostile dropfiles (issue 12, item 1): values a
 * person put in with `dump --json`, an editor and `pack`, or with a hex
 * editor and a reseal.  Every value read is checked with the rule a deck
 * obeys (os/rules): the reader (and so `verify` and a restart) and `pack`
 * refuse it, naming the field and the rule.  Each case here was accepted
 * before the rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#include "emu/cpu.h"
#include "emu/isa.h"
#include "emu/memory.h"
#include "os/dropfile/dropfile.h"
#include "dropfile_sample.h"

static void sample(struct dropfile *df)
{
    struct isa_decoder decoder;
    struct memory memory;
    struct cpu *cpu = calloc(1, sizeof *cpu);
    assert_non_null(cpu);
    isa_decoder_init(&decoder, MODEL_CRAY1);
    assert_int_equal(memory_init(&memory, 4096), 0);
    sample_dropfile(df, cpu, &memory, &decoder, MODEL_CRAY1, 512, 128, 12);
    memory_free(&memory);
    free(cpu);
}

/* The state, written (the writer does not judge names) and read back:
 * the reader's status, its message in r. */
static int read_back(const struct dropfile *df, struct dropfile_report *r)
{
    uint8_t *bytes;
    size_t size;
    struct dropfile back;
    dropfile_report_clear(r);
    if (dropfile_encode(df, &bytes, &size, r))
        fail_msg("encode: %s", r->message);
    int status = dropfile_decode(bytes, size, &back, r);
    if (!status)
        dropfile_free(&back);
    /* verify says the same as the reader */
    struct dropfile_report v;
    assert_int_equal(dropfile_verify_bytes(bytes, size, NULL, &v), status);
    free(bytes);
    return status;
}

/* The state as JSON, packed: pack's status, its message in r. */
static int packed(const struct dropfile *df, struct dropfile_report *r)
{
    char *text;
    size_t length;
    struct dropfile back;
    FILE *out = open_memstream(&text, &length);
    assert_int_equal(dropfile_print_json(out, df, NULL), 0);
    fclose(out);
    int status = dropfile_from_json(text, length, &back, r);
    if (!status)
        dropfile_free(&back);
    free(text);
    return status;
}

/* A string field set to value must be refused by the reader and by pack
 * with a message holding want. */
static void refused(char **field_of(struct dropfile *), const char *value, const char *want)
{
    struct dropfile df;
    struct dropfile_report r;
    sample(&df);
    dropfile_set_string(field_of(&df), value);
    assert_int_equal(read_back(&df, &r), DROPFILE_E_INVALID);
    if (!strstr(r.message, want))
        fail_msg("reader: \"%s\" does not say \"%s\"", r.message, want);
    assert_int_equal(packed(&df, &r), DROPFILE_E_INVALID);
    if (!strstr(r.message, want))
        fail_msg("pack: \"%s\" does not say \"%s\"", r.message, want);
    dropfile_free(&df);
}

static char **output_name(struct dropfile *df) { return &df->identity.output_name; }
static char **job_name(struct dropfile *df) { return &df->identity.job_name; }
static char **job_id(struct dropfile *df) { return &df->identity.job_id; }
static char **site(struct dropfile *df) { return &df->identity.site; }
static char **user(struct dropfile *df) { return &df->identity.user; }
static char **dataset_name(struct dropfile *df) { return &df->datasets[0].name; }
static char **owner(struct dropfile *df) { return &df->datasets[2].owner; }
static char **statement(struct dropfile *df) { return &df->job_stack.statements[1]; }
static char **history_site(struct dropfile *df) { return &df->history[0].site; }

static void test_output_name_outside_the_site(void **state)
{
    (void)state;
    refused(output_name, "../../../../../tmp/PWNED",
            "identity.output_name \"../../../../../tmp/PWNED\": must be [NNNNNN.]JOBNAME[-K]");
    refused(output_name, "000001.A/B", "identity.output_name");
    refused(output_name, "000001..LOG", "identity.output_name");
}

static void test_job_name_outside_the_site(void **state)
{
    (void)state;
    refused(job_name, "../../X",
            "identity.job_name \"../../X\": must be 1-7 letters and digits, the first a letter");
    refused(job_name, "TOOLONGNAME", "identity.job_name");
    refused(job_name, "9LIVES", "identity.job_name");
}

static void test_newlines_forge_log_lines(void **state)
{
    (void)state;
    refused(job_id, "J00042\n11:00:00 FORGED", "identity.job_id \"J00042\\x0A11:00:00");
    refused(site, "dev\nFORGED", "identity.site \"dev\\x0AFORGED\"");
    refused(user, "alice\r", "identity.user");
    refused(statement, "ACCESS,DN=X.\nEXIT.", "job_stack.statements[1]");
    refused(history_site, "dev\n", "history[0].site");
}

static void test_names_used_in_paths(void **state)
{
    (void)state;
    refused(dataset_name, "../X", "].name \"../X\": must be 1-15 letters");
    refused(owner, "../bob", "].owner \"../bob\"");
}

static void test_device_reservations(void **state)
{
    (void)state;
    struct dropfile df;
    struct dropfile_report r;
    sample(&df);
    df.devices[0].count = 4294967295u;   /* TAPE=4294967295 wraps the unit counter */
    assert_int_equal(read_back(&df, &r), DROPFILE_E_INVALID);
    assert_string_equal(r.message, "invalid value: devices[0].count 4294967295 is out of range: "
                                   "0-64 units");
    assert_int_equal(packed(&df, &r), DROPFILE_E_INVALID);
    assert_string_equal(r.message, "invalid value: devices[0].count 4294967295 is out of range: "
                                   "0-64 units");
    df.devices[0].count = 65;
    assert_int_equal(read_back(&df, &r), DROPFILE_E_INVALID);
    df.devices[0].count = 64;
    assert_int_equal(read_back(&df, &r), 0);
    /* More reservations than a job may hold. */
    for (int i = 0; i < 8; i++) {
        char name[16];
        snprintf(name, sizeof name, "DEV%d", i);
        dropfile_add_device(&df, name, 1);
    }
    assert_int_equal(read_back(&df, &r), DROPFILE_E_INVALID);
    assert_non_null(strstr(r.message, "devices: 9 reservations, more than 8"));
    dropfile_free(&df);
}

static void test_counts_and_depths(void **state)
{
    (void)state;
    struct dropfile df;
    struct dropfile_report r;
    sample(&df);
    df.identity.priority = 16;
    assert_int_equal(read_back(&df, &r), DROPFILE_E_INVALID);
    assert_string_equal(r.message, "invalid value: identity.priority 16 is out of range: 0-15");
    df.identity.priority = 15;
    int64_t deep[65] = {0};
    dropfile_set_nesting(&df, 1, deep, 65);
    assert_int_equal(read_back(&df, &r), DROPFILE_E_INVALID);
    assert_non_null(strstr(r.message, "job_stack.nesting: depth 65, more than 64"));
    dropfile_set_nesting(&df, 1, deep, 64);
    assert_int_equal(read_back(&df, &r), 0);
    dropfile_free(&df);
}

/* What the OS writes passes: the sample, and names at their limits. */
static void test_sound_values_pass(void **state)
{
    (void)state;
    struct dropfile df;
    struct dropfile_report r;
    sample(&df);
    assert_int_equal(read_back(&df, &r), 0);
    assert_int_equal(packed(&df, &r), 0);
    dropfile_set_string(&df.identity.job_name, "ABCDEFG");
    dropfile_set_string(&df.identity.output_name, "000123.ABCDEFG-2-10");
    dropfile_set_string(&df.identity.job_id, "123-2");
    dropfile_set_string(&df.identity.site, "C1-SITE_2.B");
    assert_int_equal(read_back(&df, &r), 0);
    assert_int_equal(packed(&df, &r), 0);
    dropfile_free(&df);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_name_outside_the_site),
        cmocka_unit_test(test_job_name_outside_the_site),
        cmocka_unit_test(test_newlines_forge_log_lines),
        cmocka_unit_test(test_names_used_in_paths),
        cmocka_unit_test(test_device_reservations),
        cmocka_unit_test(test_counts_and_depths),
        cmocka_unit_test(test_sound_values_pass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
