/*
 * test_object.c - relocatable object modules (os/cal/object.h) as the
 * assembler makes them (relocatable.c): the fields it relocates and
 * against what, the module's block, commons, externals and entries; the
 * format written and read back; every truncated or damaged file rejected
 * with a message; a library's directory and its duplicate entries.
 */
#include "cal_test_helpers.h"

#include <stdlib.h>

#include "os/cal/object.h"

static const char *two_modules =
    "         IDENT     MAIN\n"
    "         EXT       SUB\n"
    "         START     GO\n"
    "GO       A1        TABLE\n"           /* word 0: jkm field, block, words */
    "         R         SUB\n"             /* word 0c: ijkm field, external, parcels */
    "         J         GO\n"              /* word 1a: ijkm field, block, parcels */
    "TABLE    CON       TABLE,SUB+1\n"     /* words 2, 3: whole words */
    "         CON       X\n"               /* word 4: the common block */
    "         COMMON    WORK\n"
    "X        BSS       2\n"
    "         END\n"
    "         IDENT     SUBM\n"
    "         ENTRY     SUB\n"
    "SUB      J         B00\n"
    "         COMMON    WORK\n"
    "Y        CON       5,6,7\n"
    "         COMMON\n"
    "B        BSS       4\n"
    "         END\n";

static const struct object_reloc *reloc_at(const struct object_module *m, uint32_t word,
                                           uint8_t shift)
{
    for (size_t i = 0; i < m->reloc_count; i++)
        if (m->relocs[i].word == word && m->relocs[i].shift == shift)
            return &m->relocs[i];
    return NULL;
}

static void test_modules_and_relocation(void **state)
{
    (void)state;
    struct cal_result r;
    assert_int_equal(cal_test_assemble_object(two_modules, &r), 0);
    assert_true(r.has_object);
    assert_false(r.has_executable);
    assert_int_equal(r.object.module_count, 2);
    const struct object_module *m = &r.object.modules[0];
    assert_string_equal(m->name, "MAIN");
    assert_int_equal(m->length, 5);
    assert_int_equal(m->start, 0);
    assert_int_equal(m->external_count, 1);
    assert_string_equal(m->externals[0], "SUB");
    assert_int_equal(m->common_count, 1);
    assert_string_equal(m->commons[0].name, "WORK");
    assert_int_equal(m->commons[0].length, 2);
    /* A1 TABLE: the low 22 bits of word 0's first two parcels, TABLE = 2. */
    const struct object_reloc *x = reloc_at(m, 0, 32);
    assert_non_null(x);
    assert_int_equal(x->width, 22);
    assert_int_equal(x->target, OBJ_BLOCK);
    assert_int_equal(x->unit, OBJ_UNIT_WORD);
    assert_int_equal((m->words[0] >> 32) & 0x3FFFFF, 2);
    /* R SUB: parcels c-d, 24 bits, the external in parcels, 0 until linked. */
    x = reloc_at(m, 0, 0);
    assert_non_null(x);
    assert_int_equal(x->width, 24);
    assert_int_equal(x->target, OBJ_EXTERNAL);
    assert_int_equal(x->index, 0);
    assert_int_equal(x->unit, OBJ_UNIT_PARCEL);
    assert_int_equal(m->words[0] & 0xFFFFFF, 0);
    /* J GO at word 1, parcels a-b: GO is parcel 0 of the block. */
    x = reloc_at(m, 1, 32);
    assert_non_null(x);
    assert_int_equal(x->unit, OBJ_UNIT_PARCEL);
    assert_int_equal(x->target, OBJ_BLOCK);
    /* CON TABLE, SUB+1, X: whole words. */
    x = reloc_at(m, 2, 0);
    assert_non_null(x);
    assert_int_equal(x->width, 64);
    assert_int_equal(m->words[2], 2);
    x = reloc_at(m, 3, 0);
    assert_int_equal(x->target, OBJ_EXTERNAL);
    assert_int_equal(x->unit, OBJ_UNIT_VALUE);
    assert_int_equal(m->words[3], 1);
    x = reloc_at(m, 4, 0);
    assert_int_equal(x->target, OBJ_COMMON);
    assert_int_equal(x->index, 0);
    assert_int_equal(m->words[4], 0);
    /* The second module: its entry, its commons (the blank one with data). */
    const struct object_module *s = &r.object.modules[1];
    assert_string_equal(s->name, "SUBM");
    assert_int_equal(s->start, OBJECT_NO_START);
    assert_int_equal(s->common_count, 2);
    assert_int_equal(s->commons[0].length, 3);
    assert_int_equal(s->commons[0].words[2], 7);
    assert_string_equal(s->commons[1].name, "");
    assert_int_equal(s->commons[1].length, 4);
    bool entry = false;
    for (size_t i = 0; i < s->symbol_count; i++)
        if (!strcmp(s->symbols[i].name, "SUB"))
            entry = s->symbols[i].entry && s->symbols[i].target == OBJ_BLOCK &&
                    s->symbols[i].value == 0 && s->symbols[i].attribute == 'P';
    assert_true(entry);
    cal_result_free(&r);
}

/* An instruction across a word boundary (parcels d and a) is relocated as
 * one field. */
static void test_field_across_words(void **state)
{
    (void)state;
    struct cal_result r;
    assert_int_equal(cal_test_assemble_object("         IDENT     ACROSS\n"
                                     "         S1        S1\n"
                                     "         S1        S1\n"
                                     "         S1        S1\n"
                                     "         A1        HERE\n"
                                     "HERE     CON       0\n"
                                     "         END\n",
                                     &r),
                     0);
    const struct object_module *m = &r.object.modules[0];
    assert_int_equal(m->reloc_count, 1);
    const struct object_reloc *x = &m->relocs[0];
    assert_int_equal(x->word, 1);
    assert_int_equal(x->shift, 48);
    assert_int_equal(x->width, 22);
    assert_int_equal(object_field_first_bit(x), 64 - 6);
    assert_int_equal(object_field_get(m->words, object_field_first_bit(x), 22), 2);
    cal_result_free(&r);
}

static void test_round_trip_and_damage(void **state)
{
    (void)state;
    struct cal_result r;
    assert_int_equal(cal_test_assemble_object(two_modules, &r), 0);
    unsigned char *bytes;
    size_t length;
    char error[300];
    assert_int_equal(object_serialize(&r.object, &bytes, &length, error, sizeof error), 0);
    struct object_file back;
    assert_int_equal(object_parse(bytes, length, &back, error, sizeof error), 0);
    assert_int_equal(back.module_count, 2);
    for (size_t i = 0; i < 2; i++) {
        const struct object_module *a = &r.object.modules[i], *b = &back.modules[i];
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->length, b->length);
        assert_memory_equal(a->words, b->words, a->length * 8);
        assert_int_equal(a->reloc_count, b->reloc_count);
        assert_memory_equal(a->relocs, b->relocs, a->reloc_count * sizeof *a->relocs);
        assert_int_equal(a->symbol_count, b->symbol_count);
    }
    object_file_free(&back);
    for (size_t n = 0; n < length; n++) {   /* every truncation */
        assert_int_equal(object_parse(bytes, n, &back, error, sizeof error), -1);
        assert_true(error[0]);
    }
    for (size_t at = 0; at < length; at += 7) {   /* damage anywhere: the checksum */
        bytes[at] ^= 0x40;
        assert_int_equal(object_parse(bytes, length, &back, error, sizeof error), -1);
        bytes[at] ^= 0x40;
    }
    free(bytes);
    /* A relocation pointing at an external the module lacks: refused by name. */
    r.object.modules[0].relocs[0].target = OBJ_EXTERNAL;
    r.object.modules[0].relocs[0].index = 9;
    assert_int_equal(object_serialize(&r.object, &bytes, &length, error, sizeof error), -1);
    assert_non_null(strstr(error, "MAIN"));
    assert_non_null(strstr(error, "external"));
    cal_result_free(&r);
}

static void test_library_directory(void **state)
{
    (void)state;
    struct cal_result r;
    assert_int_equal(cal_test_assemble_object("         IDENT     ONE\n"
                                     "         ENTRY     A,B\n"
                                     "A        J         B00\n"
                                     "B        J         B00\n"
                                     "         END\n"
                                     "         IDENT     TWO\n"
                                     "         ENTRY     C\n"
                                     "C        J         B00\n"
                                     "         END\n",
                                     &r),
                     0);
    r.object.kind = OBJECT_LIBRARY;
    unsigned char *bytes;
    size_t length;
    char error[300];
    assert_int_equal(object_serialize(&r.object, &bytes, &length, error, sizeof error), 0);
    struct object_file back;
    assert_int_equal(object_parse(bytes, length, &back, error, sizeof error), 0);
    assert_int_equal(back.kind, OBJECT_LIBRARY);
    object_file_free(&back);
    /* The directory is checked against the modules: swap two entries'
     * module numbers (the checksum made good again) and it is refused. */
    size_t dir = OBJECT_HEADER_BYTES;
    bytes[dir + 11] = 1;   /* entry A said to be in TWO */
    uint64_t sum = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < length - 8; i++) {
        sum ^= bytes[i];
        sum *= 0x100000001b3ULL;
    }
    for (int i = 0; i < 8; i++)
        bytes[length - 8 + i] = (unsigned char)(sum >> (56 - 8 * i));
    assert_int_equal(object_parse(bytes, length, &back, error, sizeof error), -1);
    assert_non_null(strstr(error, "directory"));
    free(bytes);
    /* One entry name in two modules: no library, both named. */
    strcpy(r.object.modules[1].symbols[0].name, "B");
    assert_int_equal(object_serialize(&r.object, &bytes, &length, error, sizeof error), -1);
    assert_string_equal(error, "duplicate entry B in modules ONE and TWO");
    cal_result_free(&r);
}

static void test_absolute_module_refused(void **state)
{
    (void)state;
    struct cal_result r;
    struct cal_options options = {0};
    struct cal_extra_options extra = {.object = true};
    const char *source = "         IDENT     FIXED\n         ABS\n         S1        1\n         END\n";
    assert_int_equal(cal_assemble_extra(source, strlen(source), "abs.cal", &options, &extra, &r), 1);
    assert_false(r.has_object);
    bool said = false;
    for (size_t d = 0; d < r.diagnostic_count; d++)
        said = said || strstr(r.diagnostics[d].message, "absolute") != NULL;
    assert_true(said);
    cal_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modules_and_relocation),
        cmocka_unit_test(test_field_across_words),
        cmocka_unit_test(test_round_trip_and_damage),
        cmocka_unit_test(test_library_directory),
        cmocka_unit_test(test_absolute_module_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
