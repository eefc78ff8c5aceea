/*
 * test_disasm.c - the disassembler / assembler round trip: words are
 * disassembled with cal_disassemble() (what c1dis prints) and assembled
 * again with cal_assemble(); the words must come back bit for bit.
 *
 * Coverage: every first parcel 000000-177777 (so every row of the table,
 * every register number and every value of the fields a row leaves free),
 * with edge values in the second parcel of the 2-parcel forms, on both
 * models; then random words; then executables with labels and an entry.
 */
#include "cal_test_helpers.h"

#include <stdlib.h>

static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* Disassemble exe on model, reassemble with models, compare. */
static void round_trip(const struct executable *exe, unsigned model, unsigned models)
{
    char *text = cal_disassemble(exe, model);
    assert_non_null(text);
    struct cal_result r;
    struct cal_options options = {.models = models};
    int status = cal_assemble(text, strlen(text), "dis.cal", &options, &r);
    if (status != 0) {
        for (size_t d = 0; d < r.diagnostic_count && d < 10; d++) {
            char line[600];
            cal_format_diagnostic(&r.diagnostics[d], "dis.cal", line, sizeof line);
            fprintf(stderr, "  %s\n", line);
            /* show the offending source line */
            int n = 1;
            for (const char *p = text; *p; p++) {
                if (n == r.diagnostics[d].line) {
                    const char *e = strchr(p, '\n');
                    fprintf(stderr, "    > %.*s\n", (int)(e ? e - p : (long)strlen(p)), p);
                    break;
                }
                if (*p == '\n')
                    n++;
            }
        }
    }
    assert_int_equal(status, 0);
    if (r.executable.word_count != exe->word_count && strlen(text) < 4000)
        fprintf(stderr, "%s", text);
    assert_int_equal(r.executable.word_count, exe->word_count);
    for (uint32_t w = 0; w < exe->word_count; w++) {
        if (r.executable.words[w] != exe->words[w]) {
            fprintf(stderr, "  model %s: word %o: %016llx came back as %016llx\n",
                    isa_model_name(model), (unsigned)w, (unsigned long long)exe->words[w],
                    (unsigned long long)r.executable.words[w]);
            fail();
        }
    }
    assert_true(r.executable.entry == exe->entry);
    cal_result_free(&r);
    free(text);
}

struct parcel_stream {
    uint16_t *parcel;
    size_t count, capacity;
};

static void put(struct parcel_stream *s, uint16_t p)
{
    if (s->count == s->capacity) {
        s->capacity = s->capacity ? s->capacity * 2 : 4096;
        s->parcel = realloc(s->parcel, s->capacity * sizeof *s->parcel);
        assert_non_null(s->parcel);
    }
    s->parcel[s->count++] = p;
}

static void to_executable(const struct parcel_stream *s, struct executable *exe)
{
    memset(exe, 0, sizeof *exe);
    exe->entry = EXECUTABLE_NO_ENTRY;
    exe->models = MODEL_ALL;
    exe->word_count = (uint32_t)((s->count + 3) / 4);
    exe->words = calloc(exe->word_count + 1, sizeof *exe->words);
    assert_non_null(exe->words);
    for (size_t i = 0; i < s->count; i++)
        exe->words[i / 4] |= (uint64_t)s->parcel[i] << (48 - 16 * (i % 4));
}

/* Every first parcel, each 2-parcel form with several second parcels. */
static void all_parcels(unsigned model, unsigned models)
{
    static const uint16_t seconds[] = {0, 1, 0077777, 0100000, 0177777, 012345};
    struct parcel_stream s = {0};
    for (unsigned p = 0; p < 0200000; p++) {
        int row = isa_decode(model, p);
        assert_true(row >= 0);
        if (isa_rows[row].parcels == 1) {
            put(&s, (uint16_t)p);
            continue;
        }
        /* The 2-parcel opcodes: every first parcel with one second parcel, and
         * the edge values on a sample of first parcels. */
        put(&s, (uint16_t)p);
        put(&s, seconds[p % 6]);
        if ((p & 0777) % 0111 == 0)
            for (size_t k = 0; k < sizeof seconds / sizeof seconds[0]; k++) {
                put(&s, (uint16_t)p);
                put(&s, seconds[k]);
            }
    }
    struct executable exe;
    to_executable(&s, &exe);
    round_trip(&exe, model, models);
    executable_free(&exe);
    free(s.parcel);
}

static void test_every_parcel_cray1(void **state)
{
    (void)state;
    all_parcels(MODEL_CRAY1, MODEL_CRAY1);
}

static void test_every_parcel_xmp(void **state)
{
    (void)state;
    all_parcels(MODEL_XMP, MODEL_XMP);
}

/* c1cal's default (both models' forms) reassembles either model's text. */
static void test_every_parcel_default_models(void **state)
{
    (void)state;
    all_parcels(MODEL_CRAY1, 0);
    all_parcels(MODEL_XMP, 0);
}

/* Every row of the table, explicitly: its match pattern with all the free
 * bits set, and with none. */
static void test_every_row(void **state)
{
    (void)state;
    for (int m = 0; m < 2; m++) {
        unsigned model = m ? MODEL_XMP : MODEL_CRAY1;
        struct parcel_stream s = {0};
        for (size_t r = 0; r < isa_row_count; r++) {
            const struct isa_row *row = &isa_rows[r];
            if (!(row->models & model))
                continue;
            uint16_t variants[2] = {row->match, (uint16_t)(row->match | (~row->mask & 0xFFFF))};
            for (int v = 0; v < 2; v++) {
                put(&s, variants[v]);
                if (isa_rows[isa_decode(model, variants[v])].parcels == 2)
                    put(&s, v ? 0177777 : 0);
            }
        }
        struct executable exe;
        to_executable(&s, &exe);
        round_trip(&exe, model, model);
        executable_free(&exe);
        free(s.parcel);
    }
}

static void test_random_words(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (int m = 0; m < 2; m++) {
        struct executable exe;
        memset(&exe, 0, sizeof exe);
        exe.entry = EXECUTABLE_NO_ENTRY;
        exe.word_count = 4000;
        exe.words = calloc(exe.word_count, sizeof *exe.words);
        assert_non_null(exe.words);
        for (uint32_t w = 0; w < exe.word_count; w++)
            exe.words[w] = next_random(&seed);
        /* some zero runs, for BSSZ */
        for (uint32_t w = 100; w < 120; w++)
            exe.words[w] = 0;
        round_trip(&exe, m ? MODEL_XMP : MODEL_CRAY1, m ? MODEL_XMP : MODEL_CRAY1);
        executable_free(&exe);
    }
}

static void test_program_with_labels_and_entry(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     PROG\n"
                "         ENTRY     GO\n"
                "K        =         O'17\n"
                "TABLE    CON       1,2,3\n"
                "GO       A1        TABLE\n"
                "LOOP     A1        A1+1\n"
                "         A0        A1-A2\n"
                "         JAN       LOOP\n"
                "         S1        =O'777,\n"
                "MID      S2        1\n"
                "         J         B00\n"
                "BUF      BSSZ      10\n"
                "         START     GO\n"
                "         END\n",
                &r);
    char *text = cal_disassemble(&r.executable, MODEL_CRAY1);
    assert_non_null(text);
    assert_non_null(strstr(text, "START     GO"));
    assert_non_null(strstr(text, "LOOP     A1        A1+1"));
    assert_non_null(strstr(text, "K        =         O'17"));
    assert_non_null(strstr(text, "TABLE    =         W.*"));
    assert_non_null(strstr(text, "BSSZ"));
    free(text);
    round_trip(&r.executable, MODEL_CRAY1, MODEL_CRAY1);
    round_trip(&r.executable, MODEL_CRAY1, 0);
    /* The labels come back too. */
    text = cal_disassemble(&r.executable, MODEL_CRAY1);
    struct cal_result again;
    assert_int_equal(cal_test_assemble(text, 0, &again), 0);
    assert_int_equal(cal_test_value(&again, "LOOP"), cal_test_value(&r, "LOOP"));
    assert_int_equal(cal_test_value(&again, "MID"), cal_test_value(&r, "MID"));
    assert_int_equal(cal_test_value(&again, "BUF"), cal_test_value(&r, "BUF"));
    assert_true(again.executable.entry == r.executable.entry);
    cal_result_free(&again);
    free(text);
    cal_result_free(&r);
}

static void test_entry_without_label_and_odd_sizes(void **state)
{
    (void)state;
    /* Entry in the middle of what looks like a 2-parcel instruction. */
    struct executable exe;
    memset(&exe, 0, sizeof exe);
    exe.word_count = 2;
    exe.words = calloc(2, sizeof *exe.words);
    assert_non_null(exe.words);
    exe.words[0] = 0x0C00040100000005ULL;   /* 006000 002000 ... */
    exe.words[1] = 0x4040000000000000ULL;   /* 040100 at the very end of a word */
    exe.entry = 1;
    round_trip(&exe, MODEL_CRAY1, MODEL_CRAY1);
    /* A 2-parcel opcode in the last parcel of the image. */
    exe.words[1] = 0x0000000000004040ULL;
    exe.entry = 7;
    round_trip(&exe, MODEL_XMP, MODEL_XMP);
    executable_free(&exe);
}

/* Issue 13: c1dis showed `VWD 16/O'020100,16/O'000010` for `A1 HEAD` and
 * numbers for branch targets whose labels are known. */
static void test_addresses_by_label(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     LBL\n"
                "         START     GO\n"
                "GO       A1        HEAD\n"
                "LOOP     A2        A2-1\n"
                "         A0        A2\n"
                "         JAN       LOOP\n"
                "         R         SUB\n"
                "         J         DONE\n"
                "SUB      J         B00\n"
                "DONE     EX\n"
                "HEAD     CON       1\n"
                "         END\n",
                &r);
    char *text = cal_disassemble(&r.executable, MODEL_CRAY1);
    assert_non_null(text);
    if (!strstr(text, "GO       A1        HEAD "))
        fprintf(stderr, "%s", text);
    assert_non_null(strstr(text, "GO       A1        HEAD "));
    assert_null(strstr(text, "VWD       16/O'020100"));
    assert_non_null(strstr(text, "         JAN       LOOP "));
    assert_non_null(strstr(text, "         R         SUB "));
    assert_non_null(strstr(text, "         J         DONE "));
    free(text);
    round_trip(&r.executable, MODEL_CRAY1, MODEL_CRAY1);
    round_trip(&r.executable, MODEL_XMP, MODEL_XMP);
    cal_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_row),
        cmocka_unit_test(test_every_parcel_cray1),
        cmocka_unit_test(test_every_parcel_xmp),
        cmocka_unit_test(test_every_parcel_default_models),
        cmocka_unit_test(test_random_words),
        cmocka_unit_test(test_program_with_labels_and_entry),
        cmocka_unit_test(test_entry_without_label_and_odd_sizes),
        cmocka_unit_test(test_addresses_by_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
