/*
 * test_cal_pseudo.c - the pseudo-instructions one by one (cal-syntax.md
 * section 5), beyond the document's own examples in test_cal.c: ORG, LOC,
 * ALIGN, BITW/BITP, BSSZ, SET, BASE, QUAL, the listing controls, ERROR,
 * sections and common blocks across modules, macros with keyword and
 * location parameters, micros, and several modules linked together.
 */
#include "cal_test_helpers.h"

static void test_org_and_loc(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     O\n"
                "         S1        1\n"
                "         ORG       W.*+4\n"
                "HERE     S2        2\n"
                "         LOC       W.*+O'100\n"
                "THERE    S3        3\n"
                "         J         THERE\n"
                "         END\n",
                &r);
    /* S1 1, three no-op parcels, words 1-4 untouched (zero), HERE at 5a. */
    const uint16_t head[] = {042177, 051101, 051101, 051101};
    cal_test_parcels(&r, 0, head, 4);
    assert_int_equal(r.executable.words[1], 0);
    assert_int_equal(cal_test_value(&r, "HERE"), 5 * 4);
    /* LOC: code stored at word 6, labelled as word 6 + 0100. */
    assert_int_equal(cal_test_value(&r, "THERE"), (6 + 0100) * 4);
    const uint16_t code[] = {JKM(0403, 3), BRANCH(006, (6 + 0100) * 4)};
    cal_test_parcels(&r, 6 * 4, code, 4);
    cal_result_free(&r);
    /* ORG to an absolute address in a relocatable module is an error. */
    cal_test_error("         IDENT     O\n         ORG       O'200\n         END\n", 2, "O");
}

static void test_align(void **state)
{
    (void)state;
    const char *source = "         IDENT     A\n"
                         "         S1        1\n"
                         "         ALIGN\n"
                         "LOOP     S2        2\n"
                         "         END\n";
    struct cal_result r;
    assert_int_equal(cal_test_assemble(source, MODEL_CRAY1, &r), 0);
    assert_int_equal(cal_test_value(&r, "LOOP"), 020 * 4);   /* 16-word buffer boundary */
    assert_int_equal(cal_test_parcel(&r, 1), 051101);
    assert_int_equal(cal_test_parcel(&r, 017 * 4 + 3), 051101);
    cal_result_free(&r);
    assert_int_equal(cal_test_assemble(source, MODEL_XMP, &r), 0);
    assert_int_equal(cal_test_value(&r, "LOOP"), 040 * 4);   /* 32 words on the X-MP */
    cal_result_free(&r);
    /* A second module's section base is aligned too. */
    assert_int_equal(cal_test_assemble("         IDENT     A\n         S1        1\n"
                                       "         END\n         IDENT     B\n         ALIGN\n"
                                       "L        S1        1\n         END\n",
                                       MODEL_CRAY1, &r),
                     0);
    assert_int_equal(cal_test_value(&r, "L"), 020 * 4);
    cal_result_free(&r);
}

static void test_bit_positions(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     B\n"
                "W        VWD       4/O'17\n"
                "         BITP      8\n"
                "         VWD       8/O'377\n"
                "         BITW      48\n"
                "         VWD       16/O'177777\n"
                "         END\n",
                &r);
    const uint64_t words[] = {0xF0FF00000000FFFFULL};
    cal_test_words(&r, 0, words, 1);
    cal_result_free(&r);
}

static void test_bssz_set_base(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     S\n"
                "N        SET       3\n"
                "N        SET       N*2\n"
                "Z        BSSZ      N\n"
                "         BASE      O\n"
                "OCT      =         17\n"
                "         BASE      D\n"
                "DEC      =         17\n"
                "         BASE      *\n"
                "AGAIN    =         17\n"
                "         END\n",
                &r);
    assert_int_equal(r.executable.word_count, 6);
    assert_int_equal(cal_test_value(&r, "OCT"), 017);
    assert_int_equal(cal_test_value(&r, "DEC"), 17);
    assert_int_equal(cal_test_value(&r, "AGAIN"), 017);
    assert_int_equal(cal_test_value(&r, "N"), 6);
    cal_result_free(&r);
    /* IDENT resets the base to decimal. */
    cal_test_ok("         IDENT     A\n         BASE      O\n         END\n"
                "         IDENT     B\nTEN      =         10\n         END\n",
                &r);
    assert_int_equal(cal_test_value(&r, "TEN"), 10);
    cal_result_free(&r);
}

static void test_listing_controls(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         TITLE     'My title'\n"
                "         IDENT     LSTS\n"
                "         SUBTITLE  'part one'\n"
                "         S1        1\n"
                "         LIST      OFF\n"
                "         S1        2\n"
                "         LIST      *\n"
                "         S1        3\n"
                "         SPACE     2\n"
                "         S1        4\n"
                "         EJECT\n"
                "         S1        5\n"
                "         COMMENT   'a comment'\n"
                "         END\n",
                &r);
    const uint16_t code[] = {042177, JKM(0401, 2), JKM(0401, 3), JKM(0401, 4), JKM(0401, 5)};
    cal_test_parcels(&r, 0, code, 9);
    assert_non_null(strstr(r.listing, "My title"));
    assert_null(strstr(r.listing, "S1        2\n"));
    assert_non_null(strstr(r.listing, "SPACE     2\n\n\n"));
    assert_non_null(strstr(r.listing, "\f"));
    cal_result_free(&r);
}

static void test_error_pseudo(void **state)
{
    (void)state;
    cal_test_error("         IDENT     E\n         ERROR\n         END\n", 2, "P");
    cal_test_error("         IDENT     E\nX        ERROR\n         END\n", 2, "X");
    cal_test_error("         IDENT     E\nQQ       ERROR\n         END\n", 2, "L");
    struct cal_result r;
    assert_int_equal(cal_test_assemble("         IDENT     E\nW5       ERROR\n         END\n", 0, &r),
                     0);
    assert_true(cal_test_has(&r, 2, "W5"));
    cal_result_free(&r);
    /* A quoted operand is the message itself ('' a quote); otherwise the
     * message says the programmer raised it. */
    const char *quoted = "         IDENT     E\n"
                         "         ERROR     'READP needs a DSP: C-1''s has none'\n"
                         "R        ERROR     'no such thing'\n"
                         "         ERROR     WHY\n"
                         "         END\n";
    assert_int_equal(cal_test_assemble(quoted, 0, &r), 1);
    assert_true(cal_test_has(&r, 2, "P"));
    assert_true(cal_test_has(&r, 3, "R"));
    assert_true(cal_test_has(&r, 4, "P"));
    assert_string_equal(r.diagnostics[0].message, "READP needs a DSP: C-1's has none");
    assert_string_equal(r.diagnostics[1].message, "no such thing");
    assert_string_equal(r.diagnostics[2].message, "error raised by the programmer: WHY");
    cal_result_free(&r);
}

static void test_common_blocks_shared(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     A\n"
                "         S1        SHARED\n"
                "BLK      SECTION   COMMON\n"
                "SHARED   BSS       2\n"
                "         SECTION   *\n"
                "         END\n"
                "         IDENT     B\n"
                "         S2        MINE+1\n"
                "         COMMON    BLK\n"
                "MINE     BSS       4\n"
                "         COMMON    *\n"
                "         END\n",
                &r);
    /* A: 1 word, B: 1 word, then BLK (4 words, the larger) at word 2. */
    assert_int_equal(r.executable.word_count, 6);
    const uint16_t a[] = {JKM(0401, 2)};
    cal_test_parcels(&r, 0, a, 2);
    const uint16_t b[] = {JKM(0402, 3)};
    cal_test_parcels(&r, 4, b, 2);
    cal_result_free(&r);
}

static void test_blocks_and_qualifiers(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     Q\n"
                "X        =         1\n"
                "         QUAL      IN\n"
                "X        =         2\n"
                "         BLOCK     TAB\n"
                "TA       CON       X\n"
                "         BLOCK     *\n"
                "         QUAL      *\n"
                "         CON       X,/IN/X\n"
                "         END\n",
                &r);
    const uint64_t words[] = {1, 2, 2};
    cal_test_words(&r, 0, words, 3);
    assert_int_equal(cal_test_value(&r, "TA"), 2);
    cal_result_free(&r);
}

static void test_macro_parameters(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         MACRO\n"
                "         GLOBALM   X\n"
                "         CON       X\n"
                "GLOBALM  ENDM\n"
                "         IDENT     M\n"
                "         MACRO\n"
                "LAB      PUT       A,B,C=3\n"
                "LAB      CON       A+C\n"
                "         CON       B\n"
                "         CON       'A'R\n"
                "PUT      ENDM\n"
                "HERE     PUT       1,(2),C=10\n"
                "         PUT       ,0\n"
                "         GLOBALM   7\n"
                "         MACRO\n"
                "         CAT       N\n"
                "         CON       D'N_0\n"
                "CAT      ENDM\n"
                "         CAT       4\n"
                "         END\n",
                &r);
    const uint64_t words[] = {11, 2, '1', 3, 0, 0, 7, 40};
    cal_test_words(&r, 0, words, 8);
    assert_int_equal(cal_test_value(&r, "HERE"), 0);
    cal_result_free(&r);
    /* Macros of one module are not seen by the next. */
    cal_test_error("         IDENT     A\n         MACRO\n         LOCALM\n         S1 1\n"
                   "LOCALM   ENDM\n         END\n         IDENT     B\n         LOCALM\n"
                   "         END\n",
                   8, "R");
    /* A label on a macro without a location parameter is ignored (W1). */
    assert_int_equal(cal_test_assemble("         IDENT     A\n         MACRO\n         NOLOC\n"
                                       "         S1        1\nNOLOC    ENDM\nL        NOLOC\n"
                                       "         END\n",
                                       0, &r),
                     0);
    assert_true(cal_test_has(&r, 6, "W1"));
    cal_result_free(&r);
}

static void test_micro_forms(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("EMPTY    MICRO\n"
                "         IDENT     M\n"
                "M1       MICRO     'ABC'\n"
                "M1       MICRO     'XYZ'\n"
                "N        DECMIC    -5\n"
                "O        OCTMIC    8,4\n"
                "         CON       '\"M1\"\"EMPTY\"'R\n"
                "         CON       \"N\"\n"
                "         CON       '\"O\"'R\n"
                "         END\n",
                &r);
    const uint64_t words[] = {0x58595A, (uint64_t)-5, 0x30303130};
    cal_test_words(&r, 0, words, 3);
    cal_result_free(&r);
}

static void test_conditional_forms(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     C\n"
                "L        CON       0\n"
                "         IFA       WA,L,1\n"
                "         CON       1\n"
                "         IFA       PA,L,1\n"
                "         CON       2\n"
                "         IFA       MIC,NONE,1\n"
                "         CON       3\n"
                "         IFE       L,EQ,L,1\n"
                "         CON       4\n"
                "         IFC       'AB',GT,'A',1\n"
                "         CON       5\n"
                "         IFA       REL,L,1\n"
                "         CON       6\n"
                "         END\n",
                &r);
    const uint64_t words[] = {0, 1, 4, 5, 6};
    assert_int_equal(r.executable.word_count, 5);
    cal_test_words(&r, 0, words, 5);
    cal_result_free(&r);
}

static void test_modules_linked(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("COUNT    =         3\n"
                "         IDENT     MAIN\n"
                "         EXT       SUB,TABLE\n"
                "         ENTRY     GO\n"
                "GO       R         SUB\n"
                "         A1        TABLE\n"
                "         S1        =COUNT\n"
                "         EX\n"
                "         START     GO\n"
                "         END\n"
                "         IDENT     LIB\n"
                "         ENTRY     SUB,TABLE\n"
                "SUB      A2        COUNT\n"
                "         J         B00\n"
                "TABLE    CON       1,2,3\n"
                "         END\n",
                &r);
    /* MAIN: R (2) A1 (2) S1 (2) EX (1) = 2 words, literal block 1 word (=3 at word 2),
     * LIB at word 3: SUB at 3a, TABLE at word 4. */
    const uint16_t main_code[] = {BRANCH(007, 3 * 4), JKM(0201, 4), JKM(0401, 2), 004000};
    cal_test_parcels(&r, 0, main_code, 7);
    assert_int_equal(r.executable.words[2], 3);
    assert_int_equal(cal_test_parcel(&r, 3 * 4), 022203);
    const uint64_t table[] = {1, 2, 3};
    cal_test_words(&r, 4, table, 3);
    assert_true(r.executable.entry == 0);
    assert_true(cal_test_symbol(&r, "SUB")->entry);
    assert_string_equal(r.executable.name, "MAIN");
    cal_result_free(&r);
}

static void test_empty_and_odd_sources(void **state)
{
    (void)state;
    struct cal_result r;
    assert_int_equal(cal_test_assemble("", 0, &r), 0);
    assert_int_equal(r.executable.word_count, 0);
    cal_result_free(&r);
    assert_int_equal(cal_test_assemble("* only a comment\r\n\r\n", 0, &r), 0);
    cal_result_free(&r);
    assert_int_equal(cal_test_assemble("         ident     lower\nx        s1        1\n"
                                       "         j         X\n         end",
                                       0, &r),
                     0);
    const uint16_t code[] = {042177, BRANCH(006, 0)};
    cal_test_parcels(&r, 0, code, 3);
    cal_result_free(&r);
}

/* Issue 14 item 3: EXT - constant is the external's address minus the
 * constant, in every size decision (A1 XX-1 is the 020 form, not 031). */
static void test_external_minus_constant(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     A\n"
                "         EXT       XX\n"
                "         ENTRY     GO\n"
                "GO       A1        XX-1\n"
                "         A2        XX+1\n"
                "         S3        XX-3\n"
                "         CON       XX-2\n"
                "         EX\n"
                "         END\n"
                "         IDENT     B\n"
                "         ENTRY     XX\n"
                "         BSS       3\n"
                "XX       BSS       1\n"
                "         END\n",
                &r);
    /* A: 2 + 2 + 2 parcels, CON at word 2, EX in word 3; B at word 4, XX at 7. */
    assert_int_equal(cal_test_value(&r, "XX"), 7);
    const uint16_t code[] = {JKM(0201, 6), JKM(0202, 8), JKM(0403, 4)};
    cal_test_parcels(&r, 0, code, 6);
    const uint64_t con[] = {5};
    cal_test_words(&r, 2, con, 1);
    cal_result_free(&r);
}

/* Issue 14 item 3: the unnamed (blank) COMMON block is one block shared by
 * every module that declares it, as large as the largest declaration. */
static void test_blank_common_shared(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     A\n"
                "         ENTRY     GO\n"
                "GO       A1        X\n"
                "         EX\n"
                "         COMMON\n"
                "X        BSS       4\n"
                "         COMMON    *\n"
                "         END\n"
                "         IDENT     B\n"
                "         ENTRY     Q\n"
                "Q        A3        Z\n"
                "         COMMON\n"
                "Z        BSS       2\n"
                "Y        BSS       6\n"
                "         COMMON    *\n"
                "BLK      SECTION   COMMON\n"
                "N        BSS       1\n"
                "         SECTION   *\n"
                "         END\n",
                &r);
    assert_int_equal(cal_test_value(&r, "X"), cal_test_value(&r, "Z"));
    assert_int_equal(cal_test_value(&r, "Y"), cal_test_value(&r, "Z") + 2);
    /* Not the modules' own sections: after both modules' code and the named block. */
    assert_true(cal_test_value(&r, "X") > cal_test_value(&r, "N"));
    assert_true(r.executable.word_count >= (uint32_t)cal_test_value(&r, "X") + 8);
    cal_result_free(&r);
}

/* INCLUDE's reader for the tests: a few named sources in memory. */
static int memory_include(void *context, const char *from, const char *name, char **text,
                          size_t *length, char **path, char *error, size_t error_size)
{
    const char *const *files = context;
    for (int i = 0; files[i]; i += 2)
        if (!strcmp(files[i], name)) {
            *text = strdup(files[i + 1]);
            *length = strlen(files[i + 1]);
            *path = strdup(name);
            return 0;
        }
    snprintf(error, error_size, "no %s (from %s)", name, from);
    return -1;
}

/* Issue 14 item 3: INCLUDE reads a source where it stands (nested, bounded). */
static void test_include(void **state)
{
    (void)state;
    const char *files[] = {"defs.cal", "*        definitions\n"
                                       "VAL      =         O'17\n"
                                       "         INCLUDE   'more.cal'\n",
                           "more.cal", "         S2        1\n",
                           "self.cal", "         INCLUDE   self.cal\n",
                           NULL};
    struct cal_extra_options extra = {.include = memory_include, .include_context = files};
    const char *source = "         IDENT     INC\n"
                         "         INCLUDE   'defs.cal'\n"
                         "         S1        VAL\n"
                         "         END\n";
    struct cal_result r;
    assert_int_equal(cal_assemble_extra(source, strlen(source), "main.cal", NULL, &extra, &r), 0);
    const uint16_t code[] = {042277, JKM(0401, 017)};
    cal_test_parcels(&r, 0, code, 3);
    cal_result_free(&r);

    /* A source that includes itself stops at the depth bound; a missing one
     * is an O error; without a reader (a job today) INCLUDE is an R error. */
    const char *self = "         IDENT     INC\n"
                       "         INCLUDE   self.cal\n"
                       "         INCLUDE   nothere.cal\n"
                       "         END\n";
    assert_int_equal(cal_assemble_extra(self, strlen(self), "main.cal", NULL, &extra, &r), 1);
    assert_true(cal_test_has(&r, 2, "F"));
    assert_true(cal_test_has(&r, 3, "O"));
    cal_result_free(&r);
    cal_test_error(self, 2, "R");
}

/* Issue 14 item 3: OPDEF, as far as the reference describes it (5.11): a
 * definition called by a statement written like a machine instruction; its
 * prototype is an instruction form whose register (S.R1) and expression
 * (EXP) parts are parameters; it ends with ENDM. */
static void test_opdef(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     OP\n"
                "MUL      OPDEF\n"
                "L        S.R1      S.R2*S.R3\n"
                "L        S.R1      S.R2\n"
                "         S.R1      S.R1+S.R3\n"
                "MUL      ENDM\n"
                "         OPDEF\n"
                "         A.R1      TWICE,EXP\n"
                "         A.R1      EXP\n"
                "         A.R1      A.R1+A.R1\n"
                "         ENDM\n"
                "GO       S4        S5*S6\n"
                "         A3        TWICE,O'21\n"
                "         S1        S2+S3\n"
                "         END\n",
                &r);
    const uint16_t code[] = {051405, 060446, 022321, 030333, 060123};
    cal_test_parcels(&r, 0, code, 5);
    assert_int_equal(cal_test_value(&r, "GO"), 0);
    cal_result_free(&r);
    /* Without the OPDEF the form is still an error. */
    cal_test_error("         IDENT     OP\n"
                   "         S4        S5*S6\n"
                   "         END\n", 2, "O");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_org_and_loc),
        cmocka_unit_test(test_align),
        cmocka_unit_test(test_bit_positions),
        cmocka_unit_test(test_bssz_set_base),
        cmocka_unit_test(test_listing_controls),
        cmocka_unit_test(test_error_pseudo),
        cmocka_unit_test(test_common_blocks_shared),
        cmocka_unit_test(test_blocks_and_qualifiers),
        cmocka_unit_test(test_macro_parameters),
        cmocka_unit_test(test_micro_forms),
        cmocka_unit_test(test_conditional_forms),
        cmocka_unit_test(test_modules_linked),
        cmocka_unit_test(test_empty_and_odd_sources),
        cmocka_unit_test(test_external_minus_constant),
        cmocka_unit_test(test_blank_common_shared),
        cmocka_unit_test(test_include),
        cmocka_unit_test(test_opdef),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
