/*
 * test_cal.c - the assembler against the examples of cal-syntax.md (the
 * CAL reference C-1 was written from; the language is in docs/cal.md),
 * sections 1-3 (statements, symbols, constants); sections
 * 4-7 are in test_cal_examples.c.  The expected words come from the
 * document's listings and load dumps (where the document marks the
 * re-creation as defective [D], the corrected behaviour it describes is
 * expected instead).
 */
#include "cal_test_helpers.h"

static void test_statement_format(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("*        Statement format (default = new format)\n"
                "         IDENT     FMT\n"
                "ALPHA    S1        1              comment after the operand field\n"
                "BETA     S2        2;comment introduced by a semicolon\n"
                "         EX        ; a no-operand instruction needs the semicolon\n"
                "\n"
                "         S4        S5             blank line above is allowed\n"
                "         CON       'A;B C'        ; quoted text keeps ; and blanks\n"
                "         END\n",
                &r);
    const uint16_t code[] = {042177, JKM(0402, 2), 004000, 051405};
    cal_test_parcels(&r, 0, code, 5);
    const uint64_t con[] = {0x413B422043202020ULL};
    cal_test_words(&r, 2, con, 1);
    assert_int_equal(cal_test_value(&r, "ALPHA"), 0);
    assert_int_equal(cal_test_value(&r, "BETA"), 1);
    cal_result_free(&r);
}

static void test_statement_format_errors(void **state)
{
    (void)state;
    const char *source = "*        Statement format (default = new format)\n"
                         "         IDENT     FMT\n"
                         "ALPHA    S1        1              comment after the operand field\n"
                         "BETA     S2        2;comment introduced by a semicolon\n"
                         " GAMMA   S3        3\n"
                         "         EX        ; a no-operand instruction needs the semicolon\n"
                         "         EX        otherwise this text is taken as the operand\n"
                         "\n"
                         "         S4        S5             blank line above is allowed\n"
                         "         CON       'A;B C'        ; quoted text keeps ; and blanks\n"
                         " * a star in column 2 is not a comment line\n"
                         "         END\n";
    struct cal_result r;
    assert_int_equal(cal_assemble(source, strlen(source), "fmt.cal", NULL, &r), 1);
    assert_true(cal_test_has(&r, 5, "R"));
    assert_true(cal_test_has(&r, 7, "O"));
    assert_true(cal_test_has(&r, 11, "R"));
    assert_int_equal(r.error_count, 3);
    cal_result_free(&r);
}

/* Text that starts in column 35 or later after the result field is a
 * comment, so a statement without an operand (an instruction, a macro
 * without positional parameters) carries one without ';' as CAL 1 code
 * does; before column 35 it is still the operand (O). */
static void test_comment_column(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     COL35\n"
                "         MACRO\n"
                "NAME     NUMBER\n"
                "NAME     =         7\n"
                "NUMBER   ENDM\n"
                "         EX                       a comment in column 35\n"
                "SEVEN    NUMBER                        a comment in column 41\n"
                "         S1        SEVEN                     an operand, then a comment\n"
                "         END\n",
                &r);
    const uint16_t code[] = {004000};   /* EX, its comment ignored */
    cal_test_parcels(&r, 0, code, 1);
    assert_int_equal(cal_test_value(&r, "SEVEN"), 7);
    cal_result_free(&r);
    cal_test_error("         IDENT     COL34\n"
                   "         EX                      column 34 is the operand\n"
                   "         END\n",
                   2, "O");
}

static void test_columns_past_72_ignored(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     COLS\n"
                "X1       =         1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1\n"
                "X2       =         1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+7\n"
                "         END\n",
                &r);
    assert_int_equal(cal_test_value(&r, "X1"), 033);
    assert_int_equal(cal_test_value(&r, "X2"), 033);
    cal_result_free(&r);
}

static void test_names(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         ident     names\n"
                "$A       =         1\n"
                "%B       =         2\n"
                "@C       =         3\n"
                "Z9$%@X   =         4\n"
                "ABCDEFGH =         5\n"
                "X_Y      =         8\n"
                "B8       =         11\n"
                "         s1        abcdefgh\n"
                "         end\n",
                &r);
    assert_int_equal(cal_test_value(&r, "XY"), 8);
    assert_int_equal(cal_test_value(&r, "B8"), 11);
    assert_int_equal(cal_test_value(&r, "Z9$%@X"), 4);
    const uint16_t code[] = {JKM(0401, 5)};
    cal_test_parcels(&r, 0, code, 2);
    cal_result_free(&r);
    cal_test_error("         IDENT     N\nABCDEFGHI =        6\n         END\n", 2, "L");
    cal_test_error("         IDENT     N\n9LIVES   =         7\n         END\n", 2, "L");
    cal_test_error("         IDENT     N\nA1       =         9\n         END\n", 2, "L");
    cal_test_error("         IDENT     N\nVL       =         10\n         END\n", 2, "L");
}

static void test_equate_and_set(void **state)
{
    (void)state;
    struct cal_result r;
    const char *source = "         IDENT     EQUS\n"
                         "K1       =         5\n"
                         "K1       =         5\n"
                         "K1       =         6\n"
                         "CNT      SET       1\n"
                         "CNT      SET       CNT+1\n"
                         "         S1        CNT\n"
                         "         END\n";
    assert_int_equal(cal_assemble(source, strlen(source), "t", NULL, &r), 1);
    assert_int_equal(r.error_count, 1);
    assert_true(cal_test_has(&r, 4, "D"));
    cal_result_free(&r);
    cal_test_ok("         IDENT     EQUS\n"
                "K1       =         5\n"
                "K1       =         5\n"
                "CNT      SET       1\n"
                "CNT      SET       CNT+1\n"
                "         S1        CNT\n"
                "         END\n",
                &r);
    const uint16_t code[] = {JKM(0401, 2)};
    cal_test_parcels(&r, 0, code, 2);
    assert_int_equal(cal_test_value(&r, "K1"), 5);
    cal_result_free(&r);
}

static void test_global_and_qualified_symbols(void **state)
{
    (void)state;
    const char *source = "GLOBAL   =         O'17\n"
                         "         IDENT     SCOPE\n"
                         "LOCAL1   =         1\n"
                         "         S1        GLOBAL\n"
                         "         QUAL      INNER\n"
                         "LOCAL1   =         2\n"
                         "ONLYQ    =         3\n"
                         "         S2        LOCAL1\n"
                         "         S3        //LOCAL1\n"
                         "         S4        GLOBAL\n"
                         "         QUAL      *\n"
                         "         S5        LOCAL1\n"
                         "         S6        /INNER/LOCAL1\n"
                         "         S7        /INNER/ONLYQ\n"
                         "%s"
                         "         END\n";
    char text[1024];
    snprintf(text, sizeof text, source, "");
    struct cal_result r;
    cal_test_ok(text, &r);
    const uint16_t code[] = {JKM(0401, 017), JKM(0402, 2), 042377, JKM(0404, 017), 042577,
                             JKM(0406, 2), JKM(0407, 3)};
    cal_test_parcels(&r, 0, code, sizeof code / sizeof code[0]);
    cal_result_free(&r);
    snprintf(text, sizeof text, source, "         S1        ONLYQ\n");
    cal_test_error(text, 15, "U");
}

static void test_counters_and_attributes(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     CTRS\n"
                "         S1        1\n"
                "         VWD       5/0\n"
                "PC       =         *\n"
                "PCABS    =         *A\n"
                "OC       =         *O\n"
                "OCABS    =         *B\n"
                "PBIT     =         *P\n"
                "WBIT     =         *W\n"
                "         LOC       W.*+O'100\n"
                "PC2      =         *\n"
                "OC2      =         *O\n"
                "HERE     S2        2\n"
                "WA       =         5,W\n"
                "PA       =         5,P\n"
                "         J         PA\n"
                "         A1        WA\n"
                "TABLE    BSS       1\n"
                "         END\n",
                &r);
    assert_int_equal(cal_test_value(&r, "HERE"), 0101 * 4);
    assert_int_equal(cal_test_symbol(&r, "HERE")->attribute, 'P');
    assert_int_equal(cal_test_value(&r, "OC"), 1);
    assert_int_equal(cal_test_value(&r, "OC2"), 4);
    assert_int_equal(cal_test_value(&r, "OCABS"), 1);
    assert_int_equal(cal_test_value(&r, "PA"), 5);
    assert_int_equal(cal_test_value(&r, "PBIT"), 5);
    assert_int_equal(cal_test_value(&r, "PC"), 1);
    assert_int_equal(cal_test_value(&r, "PC2"), 0101 * 4);
    assert_int_equal(cal_test_value(&r, "PCABS"), 1);
    assert_int_equal(cal_test_value(&r, "TABLE"), 0103);
    assert_int_equal(cal_test_symbol(&r, "TABLE")->attribute, 'W');
    assert_int_equal(cal_test_value(&r, "WA"), 5);
    assert_int_equal(cal_test_symbol(&r, "WA")->attribute, 'W');
    assert_int_equal(cal_test_value(&r, "WBIT"), 025);
    /* Code is stored at the origin counter: HERE at 1a. */
    const uint16_t code[] = {JKM(0402, 2), BRANCH(006, 5), JKM(0201, 5)};
    cal_test_parcels(&r, 4, code, 6);
    cal_result_free(&r);
}

static void test_word_and_parcel_addresses(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     ADDR\n"
                "ENTRYP   S1        1\n"
                "NEXT     S2        2\n"
                "         A1        NEXT\n"
                "         A2        W.ENTRYP\n"
                "         A3        W.NEXT\n"
                "TABLE    CON       0,0\n"
                "         A4        TABLE\n"
                "         A5        P.TABLE\n"
                "         S1        TABLE+1,\n"
                "         J         NEXT\n"
                "         J         TABLE\n"
                "         R         TABLE+1\n"
                "RET      =         O'12\n"
                "         J         B.RET\n"
                "         J         B12\n"
                "         CON       NEXT\n"
                "         CON       TABLE\n"
                "         END\n",
                &r);
    const uint16_t head[] = {042177, JKM(0402, 2), JKM(0201, 1), JKM(0202, 0), JKM(0203, 0)};
    cal_test_parcels(&r, 0, head, 9);
    const uint64_t table[] = {0, 0};
    cal_test_words(&r, 3, table, 2);
    const uint16_t tail[] = {JKM(0204, 3), JKM(0205, 014), JKM(01201, 4), BRANCH(006, 1),
                             BRANCH(006, 014), BRANCH(007, 020), 005012, 005012};
    cal_test_parcels(&r, 5 * 4, tail, 14);
    const uint64_t cons[] = {1, 3};
    cal_test_words(&r, 9, cons, 2);
    assert_true(cal_test_has(&r, 6, "W3"));   /* W. of a parcel address that is not parcel a */
    assert_int_equal(r.warning_count, 1);
    cal_result_free(&r);
    cal_test_error("         IDENT     ADDR\nNEXT     S2        2\n         S2        NEXT,\n"
                   "         END\n",
                   3, "O");
}

static void test_forced_word_boundaries(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     BOUND\n"
                "         ENTRY     GO\n"
                "         START     GO\n"
                "GO       S1        1\n"
                "SPOT     BSS       0\n"
                "         S2        2\n"
                "         S3        3\n"
                "         S4        4\n"
                "         CON       O'11\n"
                "         S5        5\n"
                "         DATA      O'22\n"
                "         DATA      O'33\n"
                "         S6        6\n"
                "LAB      DATA      O'44\n"
                "         VWD       16/O'55\n"
                "TAIL     S7        7\n"
                "         END\n",
                &r);
    const uint64_t words[] = {0x447f524152415241ULL, 0x4080000240c00003ULL, 0x4100000400000000ULL,
                              0x0000000000000009ULL, 0x4140000500000000ULL, 0x0000001200000000ULL,
                              0x0000001b41800006ULL, 0x0000000000000024ULL, 0x002d41c000070000ULL};
    assert_int_equal(r.executable.word_count, 9);
    cal_test_words(&r, 0, words, 9);
    assert_true(r.executable.entry == 0);
    assert_int_equal(cal_test_value(&r, "SPOT"), 1);
    assert_int_equal(cal_test_value(&r, "TAIL"), 8 * 4 + 1);
    cal_result_free(&r);
}

static void test_numbers_and_bases(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     NUMS\n"
                "N1       =         100\n"
                "N2       =         O'100\n"
                "N3       =         D'100\n"
                "N4       =         X'1F\n"
                "N5       =         x'ff\n"
                "N6       =         3S4\n"
                "N7       =         O'100S-3\n"
                "N8       =         -5\n"
                "N9       =         #0\n"
                "         BASE      O\n"
                "N11      =         100\n"
                "N12      =         D'100\n"
                "         BASE      M\n"
                "N13      =         100\n"
                "         VWD       10/1,6/0\n"
                "         BASE      *\n"
                "N14      =         100\n"
                "         BASE      *\n"
                "N15      =         100\n"
                "         END\n",
                &r);
    static const struct {
        const char *name;
        int64_t value;
    } expect[] = {{"N1", 0144},  {"N2", 0100}, {"N3", 0144},  {"N4", 037},   {"N5", 0377},
                  {"N6", 060},   {"N7", 010},  {"N8", -5},    {"N9", -1},    {"N11", 0100},
                  {"N12", 0144}, {"N13", 0100}, {"N14", 0100}, {"N15", 0144}};
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        assert_int_equal(cal_test_value(&r, expect[i].name), expect[i].value);
    assert_int_equal(cal_test_parcel(&r, 0), 000100);
    cal_result_free(&r);
    cal_test_error("         IDENT     NUMS\nN10      =         O'19\n         END\n", 2, "X");
}

static void test_floating_constants(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     FLT\n"
                "         CON       1.0\n"
                "         CON       1.\n"
                "         CON       .5\n"
                "         CON       -2.5\n"
                "         CON       1.5E3\n"
                "         CON       1E-2\n"
                "         CON       O'1.4\n"
                "         BASE      O\n"
                "         CON       0.4\n"
                "         END\n",
                &r);
    /* 1E-2 correctly rounded (the re-creation truncates to ...A3, [D]). */
    const uint64_t words[] = {0x4001800000000000ULL, 0x4001800000000000ULL, 0x4000800000000000ULL,
                              0xC002A00000000000ULL, 0x400BBB8000000000ULL, 0x3FFAA3D70A3D70A4ULL,
                              0x4001C00000000000ULL, 0x4000800000000000ULL};
    cal_test_words(&r, 0, words, 8);
    cal_result_free(&r);
    /* cray1-isa.md 4.1 examples */
    cal_test_ok("         IDENT     FLT2\n         CON       0.1,-1.0,1024.0\n"
                "         DATA      1.0E0\n         END\n",
                &r);
    const uint64_t more[] = {0x3FFDCCCCCCCCCCCDULL, 0xC001800000000000ULL, 0x400B800000000000ULL,
                             0x4001800000000000ULL};
    cal_test_words(&r, 0, more, 4);
    cal_result_free(&r);
}

static void test_storage(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     STOR\n"
                "         ENTRY     BUF\n"
                "         START     BUF\n"
                "BUF      BSS       2\n"
                "ZEROS    BSSZ      2\n"
                "LIST1    CON       1,-1,,O'7\n"
                "MIX      DATA      2,'XY'R,1.0\n"
                "NEXT     BSS       0\n"
                "         END\n",
                &r);
    const uint64_t words[] = {0, 0, 0, 0, 1, UINT64_MAX, 0, 7, 2, 0x5859, 0x4001800000000000ULL};
    cal_test_words(&r, 0, words, 11);
    assert_int_equal(cal_test_value(&r, "ZEROS"), 2);
    assert_int_equal(cal_test_value(&r, "LIST1"), 4);
    assert_int_equal(cal_test_value(&r, "MIX"), 010);
    assert_int_equal(cal_test_value(&r, "NEXT"), 013);
    assert_true(r.executable.entry == 0);
    cal_result_free(&r);
}

static void test_vwd(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     VWDS\n"
                "         ENTRY     VW0\n"
                "         START     VW0\n"
                "VW0      VWD       3/5,13/O'17777,16/X'ABCD,32/O'37777777777\n"
                "         VWD       8/0,8/O'777,48/0\n"
                "         VWD       32/-1,32/0\n"
                "         VWD       16/1\n"
                "         VWD       16/2\n"
                "         VWD       40/0,24/O'77\n"
                "         VWD       0/5,8/'A',8/'B'R,8/'CD'L,16/0\n"
                "LBL      VWD       1/1\n"
                "         END\n",
                &r);
    /* Word 1: the value is masked to its 8-bit field (the re-creation's 01ff.. is [D]). */
    const uint64_t words[] = {0xbfffabcdffffffffULL, 0x00ff000000000000ULL, 0xffffffff00000000ULL,
                              0x0001000200000000ULL, 0x0000003f41424300ULL, 0,
                              0x8000000000000000ULL};
    assert_int_equal(r.executable.word_count, 7);
    cal_test_words(&r, 0, words, 7);
    cal_result_free(&r);
    cal_test_ok("         IDENT     V2\n         VWD       60/0,4/-1\n         END\n", &r);
    const uint64_t masked[] = {0xF};
    cal_test_words(&r, 0, masked, 1);
    cal_result_free(&r);
}

static void test_literals(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     LITS\n"
                "         ENTRY     GO\n"
                "         START     GO\n"
                "GO       S1        =O'777\n"
                "         S2        =O'777,\n"
                "         S3        ='HELLO'Z\n"
                "         A1        =1.5,\n"
                "         S4        =O'777,\n"
                "         S5        ='ABCDEFGHIJ',\n"
                "         A2        =(2+3),\n"
                "         END\n",
                &r);
    /* Code block of 4 words, then the literal block (shared =O'777). */
    const uint16_t code[] = {JKM(0401, 4),  JKM(01202, 4), JKM(0403, 5), JKM(01001, 6),
                             JKM(01204, 4), JKM(01205, 7), JKM(01002, 011)};
    cal_test_parcels(&r, 0, code, 14);
    const uint64_t block[] = {0x1ff, 0x48454c4c4f000000ULL, 0x4001c00000000000ULL,
                              0x4142434445464748ULL, 0x494a202020202020ULL, 5};
    assert_int_equal(r.executable.word_count, 10);
    cal_test_words(&r, 4, block, 6);
    cal_result_free(&r);
    cal_test_error("         IDENT     L\n         S1        =5+1\n         END\n", 2, "X");
}

static void test_character_constants(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     CHARS\n"
                "         CON       'AB','AB'H,'AB'L,'AB'R,'AB'Z\n"
                "         CON       A'AB'R,'A''B'R,'ABCDEFGHIJ'\n"
                "         S1        'AB'R\n"
                "         END\n",
                &r);
    const uint64_t words[] = {0x4142202020202020ULL, 0x4142202020202020ULL, 0x4142000000000000ULL,
                              0x4142, 0x4142000000000000ULL, 0x4142, 0x412742,
                              0x4142434445464748ULL};
    cal_test_words(&r, 0, words, 8);
    const uint16_t code[] = {JKM(0401, 040502)};
    cal_test_parcels(&r, 8 * 4, code, 2);
    cal_result_free(&r);
    cal_test_ok("         IDENT     DATAS\n"
                "A        DATA      'ABCDEFGHIJ'\n"
                "B        DATA      'ABCDEFGHIJ'L\n"
                "C        DATA      'ABCDEFGHIJ'R\n"
                "D        DATA      'ABCDEFGH'Z\n"
                "E        DATA      'ABC'4,O'7777\n"
                "F        DATA      'ABC'*Z\n"
                "G        DATA      'AB',1,'CD'R\n"
                "H        DATA      'ABC'12\n"
                "         END\n",
                &r);
    const uint64_t data[] = {0x4142434445464748ULL, 0x494A202020202020ULL, 0x4142434445464748ULL,
                             0x494A000000000000ULL, 0x0000000000004142ULL, 0x434445464748494AULL,
                             0x4142434445464748ULL, 0, 0x4142432000000000ULL,
                             0x00000FFF00000000ULL, 0x4142430000000000ULL, 0x4142202020202020ULL,
                             1, 0x4344, 0x4142432020202020ULL, 0x2020202000000000ULL};
    cal_test_words(&r, 0, data, 16);
    cal_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statement_format),
        cmocka_unit_test(test_statement_format_errors),
        cmocka_unit_test(test_comment_column),
        cmocka_unit_test(test_columns_past_72_ignored),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_equate_and_set),
        cmocka_unit_test(test_global_and_qualified_symbols),
        cmocka_unit_test(test_counters_and_attributes),
        cmocka_unit_test(test_word_and_parcel_addresses),
        cmocka_unit_test(test_forced_word_boundaries),
        cmocka_unit_test(test_numbers_and_bases),
        cmocka_unit_test(test_floating_constants),
        cmocka_unit_test(test_storage),
        cmocka_unit_test(test_vwd),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_character_constants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
