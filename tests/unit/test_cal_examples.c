/*
 * test_cal_examples.c - the assembler against the examples of cal-syntax.md
 * (the CAL reference C-1 was written from; the language is in docs/cal.md),
 * sections 4-7 (expressions, pseudo-instructions, instruction
 * forms, listing); sections 1-3 are in test_cal.c.  The expected words come
 * from the document's listings and load dumps (where the document marks the
 * re-creation as defective [D], the corrected behaviour it describes is
 * expected instead, and where the instruction table records a choice, e.g.
 * `Vi 0` = 140i00, the table's).
 */
#include "cal_test_helpers.h"

static void test_instruction_forms(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     FORMS\n"
                "ONE      =         1\n"
                "K        =         3\n"
                "         S1        +A2\n"
                "         S1        +5\n"
                "         S1        -S2\n"
                "         S1        -5\n"
                "         S1        #S2\n"
                "         S1        #5\n"
                "         S1        S2+FS3\n"
                "         A1        A2+1\n"
                "         A1        A2+ONE\n"
                "         A1        A2-1\n"
                "         S0        S1<5\n"
                "         S1        S1<5\n"
                "         S1        S1>5\n"
                "         S1        S1,S2<A3\n"
                "         S1        S2,S1>1\n"
                "         S1        <5\n"
                "         S1        >5\n"
                "         S1        #<5\n"
                "         S1        #>5\n"
                "         S.K       V.K,A.K\n"
                "         V1        V2<1\n"
                "         V1        0\n"
                "         VL        1\n"
                "         VM        0\n"
                "         S1        S2 & S3\n"
                "         A1        B.K\n"
                "         END\n",
                &r);
    const uint16_t code[] = {071112, JKM(0401, 5), 061102, JKM(0411, 4), 047102, JKM(0411, 5),
                             062123, 030120, 030120, 031120, 052105, 054105, 055173, 056123,
                             057120, 042173, 043105, 043173, 042105, 076333, 0150120,
                             0140100, /* Vi 0: the table's choice, 140i00 */
                             002000, 003000, 051102, 024103};
    cal_test_parcels(&r, 0, code, sizeof code / sizeof code[0]);
    cal_result_free(&r);
    const char *bad[] = {"S1        S2*S3", "A1        A2+2", "A1        1+A2", "S2        S1<5",
                         "V1        V2<2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[200];
        snprintf(text, sizeof text, "         IDENT     F\n         %s\n         END\n", bad[i]);
        cal_test_error(text, 2, "O");
    }
}

static void test_constant_load_sizes(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     CONSTS\n"
                "WORD     CON       0\n"
                "ABSW     =         5,W\n"
                "         A1        0\n"
                "         A1        63\n"
                "         A1        64\n"
                "         A1        -1\n"
                "         A1        -2\n"
                "         A1        #5\n"
                "         A1        WORD\n"
                "         A1        ABSW\n"
                "         S1        0\n"
                "         S1        1\n"
                "         S1        -1\n"
                "         S1        2\n"
                "         S1        63\n"
                "         S1        -5\n"
                "         S1        #5\n"
                "         S1        WORD\n"
                "         S1        1.\n"
                "         S1        2.\n"
                "         S1        4.\n"
                "         S1        0.6\n"
                "         S1        0.4\n"
                "         BASE      O\n"
                "         S1        0.6\n"
                "         S1        0.4\n"
                "         END\n",
                &r);
    const uint16_t code[] = {022100, 022177, JKM(0201, 0100), 031100, JKM(0211, 1), JKM(0211, 5),
                             JKM(0201, 0), JKM(0201, 5), 043100, 042177, 042100, JKM(0401, 2),
                             JKM(0401, 077), JKM(0411, 4), JKM(0411, 5), JKM(0401, 0), 071150,
                             071160, 071170, 071130, 071140,
                             /* under BASE O too (the re-creation's O errors are [D]) */
                             071130, 071140};
    cal_test_parcels(&r, 4, code, sizeof code / sizeof code[0]);
    cal_result_free(&r);
    cal_test_error("         IDENT     C\n         S1        0.5\n         END\n", 2, "O");
}

static void test_forward_reference_keeps_size(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     T\n"
                "         A1        FWD\n"
                "         S1        FWD2\n"
                "L1       S2        1\n"
                "         J         L1\n"
                "FWD      =         5\n"
                "FWD2     =         1\n"
                "         END\n",
                &r);
    const uint16_t code[] = {JKM(0201, 5), JKM(0401, 1), 042277, BRANCH(006, 4)};
    cal_test_parcels(&r, 0, code, 7);
    assert_int_equal(cal_test_value(&r, "L1"), 4);
    cal_result_free(&r);
    /* A negative forward value keeps the 2-parcel size (041 instead of 040). */
    cal_test_ok("         IDENT     T\n         S1        NEG\nNEG      =         -5\n"
                "         END\n",
                &r);
    const uint16_t neg[] = {JKM(0411, 4)};
    cal_test_parcels(&r, 0, neg, 2);
    cal_result_free(&r);
}

static void test_memory_forms(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     MEMS\n"
                "T        BSS       4\n"
                "         A1        T,A2\n"
                "         A1        T,0\n"
                "         A1        T,\n"
                "         A1        ,A2\n"
                "         T+1,A3    S4\n"
                "         S5        -1,A6\n"
                "         B20,A1    ,A0\n"
                "         ,A0       B20,A1\n"
                "         T10,A2    0,A0\n"
                "         V1        ,A0,A3\n"
                "         V2        ,A0,1\n"
                "         ,A0,A4    V3\n"
                "         V4        ,A0,V5\n"
                "         S6        V7,A1\n"
                "         V1,A2     S3\n"
                "         END\n",
                &r);
    const uint16_t code[] = {JKM(01021, 0), JKM(01001, 0), JKM(01001, 0),        JKM(01021, 0),
                             JKM(01334, 1), JKM(01265, 017777777), 034120, 035120, 036210,
                             0176103,        0176200,        0177034,        0176415, 076671, 077132};
    cal_test_parcels(&r, 16, code, sizeof code / sizeof code[0]);
    cal_result_free(&r);
}

static void test_field_widths(void **state)
{
    (void)state;
    struct cal_result r;
    /* The table accepts the hardware's ranges for 020/021 (isa_table.def). */
    cal_test_ok("         IDENT     W\n"
                "         A1        O'7777777\n"
                "         A1        -O'10000000\n"
                "         S1        O'7777777\n"
                "         S1        1,A2\n"
                "         S1        -O'10000000,A2\n"
                "         S1        S1<64\n"
                "         S1        <64\n"
                "         S1        T77\n"
                "         J         O'77777777\n"
                "         END\n",
                &r);
    const uint16_t code[] = {JKM(0201, 07777777), JKM(0211, 07777777), JKM(0401, 07777777),
                             JKM(01221, 1),       JKM(01221, 010000000), 055100, 042100, 074177,
                             BRANCH(006, 077777777)};
    cal_test_parcels(&r, 0, code, sizeof code / sizeof code[0]);
    cal_result_free(&r);
    const struct {
        const char *statement;
        const char *flag;
    } bad[] = {{"S1        O'10000000,A2", "O"}, {"S1        S1<65", "O"}, {"S1        <65", "O"},
               {"S1        T100", "U"},         {"S1        T.64", "V"},  {"J         O'100000000", "O"},
               {"CON       O'2000000000000000000000", "X"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[200];
        snprintf(text, sizeof text, "         IDENT     W\n         %s\n         END\n",
                 bad[i].statement);
        cal_test_error(text, 2, bad[i].flag);
    }
}

static void test_relocation_rules(void **state)
{
    (void)state;
    const char *source = "         IDENT     RELOC\n"
                         "         EXT       XA1,XB2\n"
                         "L1       S1        1\n"
                         "L2       S2        2\n"
                         "W1       CON       0\n"
                         "W2       CON       0\n"
                         "R1       =         W2-W1\n"
                         "R2       =         W2+1\n"
                         "R3       =         2*L1-L1\n"
                         "R4       =         L2+L1\n"
                         "R5       =         L1*2\n"
                         "R6       =         W2-L1\n"
                         "         A1        XA1+1\n"
                         "         A2        XA1-XB2\n"
                         "         S1        L1/2\n"
                         "         END\n"
                         "         IDENT     OTHER\n"
                         "         ENTRY     XA1,XB2\n"
                         "XA1      CON       1\n"
                         "XB2      CON       2\n"
                         "         END\n";
    struct cal_result r;
    assert_int_equal(cal_assemble(source, strlen(source), "t", NULL, &r), 1);
    assert_true(cal_test_has(&r, 10, "N"));
    assert_true(cal_test_has(&r, 11, "N"));
    assert_true(cal_test_has(&r, 12, "W3"));
    assert_true(cal_test_has(&r, 14, "N"));
    assert_true(cal_test_has(&r, 15, "N"));
    assert_int_equal(r.error_count, 4);
    cal_result_free(&r);
    struct cal_result ok;
    cal_test_ok("         IDENT     RELOC\n"
                "         EXT       XA1\n"
                "L1       S1        1\n"
                "L2       S2        2\n"
                "W1       CON       0\n"
                "W2       CON       0\n"
                "R1       =         W2-W1\n"
                "R2       =         W2+1\n"
                "R3       =         2*L1-L1\n"
                "R6       =         W2-L1\n"
                "         A1        XA1+1\n"
                "         END\n"
                "         IDENT     OTHER\n"
                "         ENTRY     XA1\n"
                "XA1      CON       1\n"
                "         END\n",
                &ok);
    assert_int_equal(cal_test_value(&ok, "R1"), 1);
    assert_int_equal(cal_test_value(&ok, "R2"), 3);
    assert_int_equal(cal_test_value(&ok, "R3"), 0);
    assert_int_equal(cal_test_value(&ok, "R6"), 010);
    /* RELOC is 4 words; OTHER's XA1 is word 4: A1 XA1+1 loads 5. */
    const uint16_t code[] = {JKM(0201, 5)};
    cal_test_parcels(&ok, 3 * 4, code, 2);
    cal_result_free(&ok);
}

static void test_program_control(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         TITLE     'Pseudo demo'\n"
                "         SUBTITLE  'program control'\n"
                "         IDENT     PROG\n"
                "         COMMENT   'shown in the object module'\n"
                "         ENTRY     MAIN,DATA1\n"
                "         EXT       HELPER\n"
                "         START     MAIN\n"
                "MAIN     R         HELPER\n"
                "         J         B00\n"
                "DATA1    CON       HELPER\n"
                "         STACK     O'100\n"
                "         END\n"
                "         IDENT     LIB\n"
                "         ENTRY     HELPER\n"
                "HELPER   J         B00\n"
                "         END\n",
                &r);
    /* PROG: 2 words; LIB's HELPER at word 2 = parcel 010. */
    const uint16_t code[] = {BRANCH(007, 010), 005000};
    cal_test_parcels(&r, 0, code, 3);
    const uint64_t data1[] = {010};
    cal_test_words(&r, 1, data1, 1);
    assert_int_equal(cal_test_parcel(&r, 010), 005000);
    assert_true(r.executable.entry == 0);
    assert_string_equal(r.executable.name, "PROG");
    assert_true(cal_test_symbol(&r, "MAIN")->entry);
    assert_non_null(strstr(r.listing, "Pseudo demo"));
    cal_result_free(&r);
}

static void test_absolute_module(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     ABSMOD\n"
                "         ABS\n"
                "         ORG       O'200\n"
                "GO       S1        1\n"
                "         J         GO\n"
                "         LOC       O'1000\n"
                "AT1000   S2        2\n"
                "         END\n",
                &r);
    assert_int_equal(r.executable.word_count, 0202);
    const uint16_t code[] = {042177, BRANCH(006, 01000), 051101, JKM(0402, 2)};
    cal_test_parcels(&r, 0200 * 4, code, 6);
    assert_int_equal(cal_test_value(&r, "GO"), 01000);
    assert_int_equal(cal_test_value(&r, "AT1000"), 04000);
    assert_int_equal(r.executable.words[0177], 0);
    cal_result_free(&r);
}

static void test_sections(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     SECTS\n"
                "         S1        1\n"
                "DATA     SECTION   DATA\n"
                "D1       CON       1\n"
                "         SECTION   *\n"
                "         S2        2\n"
                "CODE     SECTION   CODE\n"
                "         S3        3\n"
                "DATA     SECTION   DATA\n"
                "D2       CON       2\n"
                "BLK      SECTION   COMMON\n"
                "C1       BSS       4\n"
                "         SECTION   *\n"
                "         SECTION   *\n"
                "         SECTION   *\n"
                "         SECTION   *\n"
                "         S4        D2\n"
                "         S5        C1+1\n"
                "         END\n",
                &r);
    /* Layout: main (2 words), DATA at 2, CODE at 4, common BLK at 5. */
    const uint16_t main_code[] = {042177, JKM(0402, 2), JKM(0404, 3), JKM(0405, 6)};
    cal_test_parcels(&r, 0, main_code, 6);
    const uint64_t data[] = {1, 2};
    cal_test_words(&r, 2, data, 2);
    const uint16_t code[] = {JKM(0403, 3)};
    cal_test_parcels(&r, 4 * 4, code, 2);
    assert_int_equal(cal_test_value(&r, "C1"), 5);
    assert_string_equal(cal_test_symbol(&r, "D2")->section, "DATA");
    cal_result_free(&r);
    cal_test_error("         IDENT     S\nDATA     SECTION   DATA\n         S1        1\n"
                   "         END\n",
                   3, "I");
    cal_test_error("         IDENT     S\nCODE     SECTION   CODE\n         CON       7\n"
                   "         END\n",
                   3, "I");
}

static void test_micros(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     MICS\n"
                "REG      MICRO     'S3'\n"
                "VAL      MICRO     'O''17'\n"
                "PART     MICRO     'ABCDEFG',3,2\n"
                "SLASH    MICRO     /S7/\n"
                "SIZ      MICSIZE   PART\n"
                "OCT      OCTMIC    64\n"
                "DEC      DECMIC    O'100\n"
                "DEC4     DECMIC    7,4\n"
                "         \"REG\"     \"VAL\"\n"
                "X\"REG\"   =         1\n"
                "         CON       '\"PART\"'L\n"
                "         CON       SIZ\n"
                "         CON       \"OCT\"\n"
                "         CON       D'\"DEC4\"\n"
                "         \"SLASH\"    4\n"
                "         CON       '\"$CPU\"'\n"
                "         EDIT      OFF\n"
                "         CON       '\"PART\"'L\n"
                "         EDIT      *\n"
                "A_B      =         2\n"
                "         END\n",
                &r);
    const uint16_t first[] = {JKM(0403, 017)};
    cal_test_parcels(&r, 0, first, 2);
    const uint64_t words[] = {0x4243440000000000ULL, 3, 0144, 7};
    cal_test_words(&r, 1, words, 4);
    const uint16_t slash[] = {JKM(0407, 4)};
    cal_test_parcels(&r, 5 * 4, slash, 2);
    const uint64_t tail[] = {0x4352415920584D50ULL /* CRAY XMP */, 0x2250415254220000ULL};
    cal_test_words(&r, 6, tail, 2);
    assert_int_equal(cal_test_value(&r, "XS3"), 1);
    assert_int_equal(cal_test_value(&r, "AB"), 2);
    cal_result_free(&r);
}

static void test_conditionals(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     CONDS\n"
                "V        =         5\n"
                "W        SET       1\n"
                "         IFE       V,EQ,5,1\n"
                "         CON       O'101\n"
                "         IFE       V,NE,5,2\n"
                "         CON       O'102\n"
                "*        comment lines are not counted\n"
                "         CON       O'103\n"
                "         CON       O'104\n"
                "C1       IFE       V,GT,3\n"
                "         CON       O'105\n"
                "C1       ELSE\n"
                "         CON       O'106\n"
                "C1       ENDIF\n"
                "         IFC       'ABC',LT,'ABD',1\n"
                "         CON       O'107\n"
                "         IFC       'abc',EQ,'ABC',1\n"
                "         CON       O'110\n"
                "         IFC       ,EQ,,1\n"
                "         CON       O'111\n"
                "         IFC       /A,B/,EQ,/A,B/,1\n"
                "         CON       O'112\n"
                "         IFA       DEF,V,1\n"
                "         CON       O'113\n"
                "         IFA       #DEF,NOSUCH,1\n"
                "         CON       O'114\n"
                "         IFA       SET,W,1\n"
                "         CON       O'115\n"
                "         IFA       REG,S1,1\n"
                "         CON       O'116\n"
                "         IFA       REL,V,1\n"
                "         CON       O'117\n"
                "OUT      IFE       1,EQ,1\n"
                "IN       IFE       1,EQ,2\n"
                "         CON       O'120\n"
                "IN       ENDIF\n"
                "         CON       O'121\n"
                "OUT      ENDIF\n"
                "         END\n",
                &r);
    const uint64_t words[] = {0101, 0104, 0105, 0107, 0111, 0112, 0113, 0114, 0115, 0116, 0121};
    assert_int_equal(r.executable.word_count, 11);
    cal_test_words(&r, 0, words, 11);
    cal_result_free(&r);
    /* The false branch of a named IF with ELSE. */
    cal_test_ok("         IDENT     C2\nX        IFE       1,EQ,2\n         CON       1\n"
                "X        ELSE\n         CON       2\nX        ENDIF\n         SKIP      1\n"
                "         CON       3\n         CON       4\n         END\n",
                &r);
    const uint64_t two[] = {2, 4};
    cal_test_words(&r, 0, two, 2);
    cal_result_free(&r);
}

static void test_macros(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     MACS\n"
                "         LIST      ON,MAC\n"
                "         MACRO\n"
                "LBL      LOADS     REG,VAL,EXTRA=7,OTHER=S2\n"
                "* comment lines inside a definition are dropped\n"
                "LBL      S.REG     VAL\n"
                "         OTHER     EXTRA\n"
                "         CON       'REG'R\n"
                "LOADS    ENDM\n"
                "         MACRO\n"
                "         TWICE     A,B\n"
                "         LOADS     A,B\n"
                "         LOADS     A,(B+1),EXTRA=3\n"
                "TWICE    ENDM\n"
                "X1       LOADS     1,5\n"
                "         LOADS     3,7,OTHER=S4,EXTRA=O'11\n"
                "         TWICE     6,10\n"
                "         MACRO\n"
                "         OUTER     N\n"
                "         MACRO\n"
                "         INNER     M\n"
                "         CON       M+N\n"
                "INNER    ENDM\n"
                "OUTER    ENDM\n"
                "         OUTER     5\n"
                "         INNER     1          ; assembles CON 1+5\n"
                "         END\n",
                &r);
    const uint16_t w0[] = {JKM(0401, 5), JKM(0402, 7)};
    cal_test_parcels(&r, 0, w0, 4);
    const uint16_t w2[] = {JKM(0403, 7), JKM(0404, 011)};
    cal_test_parcels(&r, 8, w2, 4);
    const uint16_t w4[] = {JKM(0406, 012), JKM(0402, 7)};
    cal_test_parcels(&r, 16, w4, 4);
    const uint16_t w6[] = {JKM(0406, 013), JKM(0402, 3)};
    cal_test_parcels(&r, 24, w6, 4);
    const uint64_t cons[] = {061, 063, 066, 066, 6};
    cal_test_words(&r, 1, &cons[0], 1);
    cal_test_words(&r, 3, &cons[1], 1);
    cal_test_words(&r, 5, &cons[2], 1);
    cal_test_words(&r, 7, &cons[3], 1);
    cal_test_words(&r, 8, &cons[4], 1);
    assert_int_equal(cal_test_value(&r, "X1"), 0);
    /* LIST ON,MAC: the expanded lines are listed. */
    assert_non_null(strstr(r.listing, "S.1     5"));
    cal_result_free(&r);
}

static void test_listing_lines(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     ADDR\n"
                "ENTRYP   S1        1\n"
                "NEXT     S2        2\n"
                "         A1        NEXT\n"
                "         A3        W.NEXT\n"
                "TABLE    CON       0,0\n"
                "RET      =         O'12\n"
                "         J         TABLE\n"
                "BUF      BSS       2\n"
                "         CON       NEXT\n"
                "         LIST      OFF\n"
                "         S1        2\n"
                "         LIST      *\n"
                "         END\n",
                &r);
    const char *lines[] = {
        "                0a 042177                   ENTRYP   S1        1\n",
        "                0b 0402 00000002            NEXT     S2        2\n",
        "                0d 0201 00000000b+                   A1        NEXT\n",
        " W3             1b 0203 00000000a+                   A3        W.NEXT\n",
        ("                2a 0000000000000000000000   TABLE    CON       0,0\n"
         "                3a 0000000000000000000000\n"),
        "                                       12   RET      =         O'12\n",
        "                4a 006  00000002a+                   J         TABLE\n",
        "                5a                      2   BUF      BSS       2\n",
        "                7a 0000000000000000000001+           CON       NEXT\n",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (!strstr(r.listing, lines[i]))
            fprintf(stderr, "missing listing line:\n%s\nin:\n%s\n", lines[i], r.listing);
        assert_non_null(strstr(r.listing, lines[i]));
    }
    /* LIST OFF: not listed but assembled. */
    assert_null(strstr(r.listing, "S1        2\n"));
    assert_int_equal(cal_test_parcel(&r, 8 * 4), 040100);
    assert_non_null(strstr(r.listing, " ENTRYP              P+   0a\n"));
    assert_non_null(strstr(r.listing, " TABLE               W+   2\n"));
    cal_result_free(&r);
}

/* Issue 14 item 3: spellings real CAL code uses (cal-syntax.md 6.2 and the
 * CAL manual's instruction list: a commutative operation with SB may name SB
 * first; a single-register shift by Ak is the double shift with S0; IP 1 and
 * IP 0 are SIPI and CIPI; a label may be named like an instruction). */
static void test_other_spellings(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     SPELL\n"
                "PASS     BSS       0\n"
                "ERR      =         *\n"
                "         S1        S1<A3\n"
                "         S1        S1>A3\n"
                "         S1        SB&S2\n"
                "         S1        SB!S2\n"
                "         S1        #SB\\S2\n"
                "         S1        SB\\S2\n"
                "         SIPI\n"
                "         IP        1\n"
                "         IP        0\n"
                "         JAN       PASS\n"
                "         J         ERR\n"
                "         END\n",
                &r);
    const uint16_t code[] = {056103, 057103, 044120, 051120, 047120, 046120,
                             001401, 001401, 001402, 011000, 0, 006000, 0};
    cal_test_parcels(&r, 0, code, 13);
    cal_result_free(&r);
    /* Only where the reference allows it: a shift of another register, or
     * SB first in a non-commutative form, stays an error. */
    cal_test_error("         IDENT     BAD\n"
                   "         S1        S2<A3\n"
                   "         END\n", 2, "O");
    cal_test_error("         IDENT     BAD\n"
                   "         S1        SB-S2\n"
                   "         END\n", 2, "O");
    cal_test_error("         IDENT     BAD\n"
                   "         IP        2\n"
                   "         END\n", 2, "R");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_instruction_forms),
        cmocka_unit_test(test_constant_load_sizes),
        cmocka_unit_test(test_forward_reference_keeps_size),
        cmocka_unit_test(test_memory_forms),
        cmocka_unit_test(test_field_widths),
        cmocka_unit_test(test_relocation_rules),
        cmocka_unit_test(test_program_control),
        cmocka_unit_test(test_absolute_module),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_micros),
        cmocka_unit_test(test_conditionals),
        cmocka_unit_test(test_macros),
        cmocka_unit_test(test_listing_lines),
        cmocka_unit_test(test_other_spellings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
