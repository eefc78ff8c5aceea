/*
 * test_cal_errors.c - every kind of assembly error is reported with its CAL
 * error letter on the right source line, errors are collected for the whole
 * file, and no executable is produced.
 */
#include "cal_test_helpers.h"

/* A one-statement module: the statement is on line 2. */
static void one(const char *statement, const char *flag)
{
    char text[512];
    snprintf(text, sizeof text, "         IDENT     E\n%s\n         END\n", statement);
    cal_test_error(text, 2, flag);
}

static void test_undefined_symbol(void **state)
{
    (void)state;
    one("         S1        FOO", "U");
    one("         CON       FOO+1", "U");
    one("         J         NOWHERE", "U");
    struct cal_result r;
    const char *source = "         IDENT     E\n         S1        FOO\n         END\n";
    assert_int_equal(cal_assemble(source, strlen(source), "e.cal", NULL, &r), 1);
    char line[256];
    cal_format_diagnostic(&r.diagnostics[0], "e.cal", line, sizeof line);
    assert_string_equal(line, "e.cal:2: error U: undefined symbol FOO");
    cal_result_free(&r);
}

static void test_register_errors(void **state)
{
    (void)state;
    one("         S1        T.64", "V");
    one("         A1        B.100", "V");
    cal_test_error("         IDENT     E\nK        =         8\n         S.K       1\n"
                   "         END\n",
                   3, "V");
}

static void test_operand_errors(void **state)
{
    (void)state;
    one("         S1        S1<65", "O");
    one("         S1        O'10000000,A2", "O");
    one("         J         O'100000000", "O");
    one("         S1        S2*S3", "O");      /* no such form */
    one("         EX        text", "O");       /* a no-operand instruction */
    one("         END       X", "O");
    one("         BASE      Q", "O");
}

static void test_unknown_instruction(void **state)
{
    (void)state;
    one("         FOO       1", "R");
    one(" * a star in column 2", "R");
    one("         DUP       3", "R");          /* not supported: says so */
}

static void test_syntax_errors(void **state)
{
    (void)state;
    one("         CON       'ABC", "S");
    one("         CON       O'19", "X");
    one("         CON       7/0", "X");
    one("         CON       (1+2", "X");
    one("         CON       O'2000000000000000000000", "X");
    one("         S1        ==5", "X");          /* a literal inside a literal */
}

static void test_definition_errors(void **state)
{
    (void)state;
    cal_test_error("         IDENT     E\nL        S1        1\nL        S1        2\n"
                   "         END\n",
                   3, "D");
    one("ABCDEFGHI =        1", "L");
    one("S1       =         1", "L");
    one("         =         1", "L");
    cal_test_error("         IDENT     E\n         EXT       X\nX        =         1\n"
                   "         END\n",
                   3, "D");
}

static void test_relocation_errors(void **state)
{
    (void)state;
    cal_test_error("         IDENT     E\nL1       S1        1\nL2       S1        1\n"
                   "R        =         L1+L2\n         END\n",
                   4, "N");
    cal_test_error("         IDENT     E\nL1       S1        1\n         S1        L1/2\n"
                   "         END\n",
                   3, "N");
}

static void test_placement_errors(void **state)
{
    (void)state;
    cal_test_error("         S1        1\n         IDENT     E\n         END\n", 1, "I");
    cal_test_error("X        CON       1\n         IDENT     E\n         END\n", 1, "I");
    cal_test_error("         IDENT     E\nD        SECTION   DATA\n         J         B00\n"
                   "         END\n",
                   3, "I");
    cal_test_error("         END\n", 1, "I");
}

static void test_macro_and_conditional_errors(void **state)
{
    (void)state;
    cal_test_error("         IDENT     E\n         MACRO\n         M         A\n"
                   "         S1        A\n         END\n",
                   2, "E");   /* MACRO without ENDM */
    cal_test_error("         IDENT     E\nC        IFE       1,EQ,1\n         S1        1\n"
                   "         END\n",
                   2, "E");   /* IF without ENDIF */
    cal_test_error("         IDENT     E\nC        IFE       1,EQ,2\n         S1        1\n"
                   "         END\n",
                   2, "E");   /* ... also when skipping */
    one("         ELSE", "L");
    one("C        ENDIF", "E");
    one("         IFE       1,XX,1,1", "O");
    cal_test_error("         IDENT     E\n         MACRO\n         LOOP      N\n"
                   "         LOOP      N\nLOOP     ENDM\n         LOOP      1\n         END\n",
                   6, "F");   /* endless recursion */
    cal_test_error("         IDENT     E\n         MACRO\n         M         A,A\nM        ENDM\n"
                   "         END\n",
                   3, "D");
}

static void test_program_errors(void **state)
{
    (void)state;
    one("         ENTRY     NOPE", "U");
    one("         START     NOPE", "U");
    one("         EXT       NOPE", "U");    /* unresolved external */
    one("         ERROR", "P");
    one("         BSS       LATER\nLATER    =         2", "O");
    cal_test_error("         IDENT     E\n         S1        1\n", 1, "E");   /* no END */
    cal_test_error("         IDENT     A\n         END\n         IDENT     B\n"
                   "         ENTRY     X\nX        S1        1\n         END\n"
                   "         IDENT     C\n         ENTRY     X\nX        S1        1\n"
                   "         END\n         IDENT     D\n         EXT       X\n         J X\n"
                   "         END\n",
                   9, "D");   /* two modules with the same ENTRY */
}

static void test_model_errors(void **state)
{
    (void)state;
    const char *source = "         IDENT     E\n         A1        VL\n         S1        SR0\n"
                         "         V1        ,A0,V2\n         END\n";
    struct cal_result r;
    assert_int_equal(cal_assemble(source, strlen(source), "e",
                                  &(struct cal_options){.models = MODEL_CRAY1}, &r),
                     1);
    assert_true(cal_test_has(&r, 2, "R"));
    assert_true(cal_test_has(&r, 3, "R"));
    assert_true(cal_test_has(&r, 4, "R"));
    assert_non_null(strstr(r.diagnostics[0].message, "X-MP"));
    cal_result_free(&r);
    assert_int_equal(cal_test_assemble(source, MODEL_XMP, &r), 0);
    assert_true(r.executable.models == MODEL_XMP);
    cal_result_free(&r);
    assert_int_equal(cal_test_assemble(source, 0, &r), 0);
    assert_true(r.executable.models == MODEL_XMP);   /* it needs the X-MP */
    cal_result_free(&r);
}

static void test_errors_collected_for_whole_file(void **state)
{
    (void)state;
    const char *source = "         IDENT     E\n"
                         "         S1        FOO\n"
                         "         BAD       1\n"
                         "         CON       O'8\n"
                         "         S1        S1<99\n"
                         "L        S1        1\n"
                         "L        S1        1\n"
                         "W        ERROR\n"
                         "         END\n";
    struct cal_result r;
    assert_int_equal(
        cal_assemble(source, strlen(source), "e", &(struct cal_options){.listing = true}, &r), 1);
    assert_true(cal_test_has(&r, 2, "U"));
    assert_true(cal_test_has(&r, 3, "R"));
    assert_true(cal_test_has(&r, 4, "X"));
    assert_true(cal_test_has(&r, 5, "O"));
    assert_true(cal_test_has(&r, 7, "D"));
    assert_int_equal(r.error_count, 5);
    for (size_t d = 1; d < r.diagnostic_count; d++)
        assert_true(r.diagnostics[d - 1].line <= r.diagnostics[d].line);
    assert_false(r.has_executable);
    assert_non_null(r.listing);
    assert_non_null(strstr(r.listing, "5 errors"));
    cal_result_free(&r);
}

static void test_warnings_do_not_fail(void **state)
{
    (void)state;
    struct cal_result r;
    assert_int_equal(cal_test_assemble("         IDENT     W\nW        ERROR\nL        END\n"
                                       "         IDENT     W2\nX        QUAL      Q\n"
                                       "         END\n",
                                       0, &r),
                     0);
    assert_int_equal(r.warning_count, 3);
    assert_true(cal_test_has(&r, 2, "W"));
    assert_true(cal_test_has(&r, 3, "W1"));
    assert_true(cal_test_has(&r, 5, "W1"));
    assert_true(r.has_executable);
    char line[256];
    cal_format_diagnostic(&r.diagnostics[0], "w.cal", line, sizeof line);
    assert_non_null(strstr(line, "w.cal:2: warning W:"));
    cal_result_free(&r);
}

/* Issue 12 item 6: 36 lines of MICRO doubling once took 25 s and 2.4 GB and
 * then reported no error.  A field may not grow past CAL_MAX_LINE: an F
 * error, at once. */
static void test_micro_doubling_bounded(void **state)
{
    (void)state;
    char source[4096];
    size_t n = (size_t)snprintf(source, sizeof source,
                                "         IDENT     BOMB\nM0       MICRO     'XXXXXXXX'\n");
    for (int i = 1; i <= 36; i++)
        n += (size_t)snprintf(source + n, sizeof source - n, "M%-7d MICRO     '\"M%d\"\"M%d\"'\n", i,
                              i - 1, i - 1);
    n += (size_t)snprintf(source + n, sizeof source - n, "         END\n");
    struct cal_result r;
    assert_int_equal(cal_assemble(source, n, "bomb.cal", NULL, &r), 1);
    assert_true(r.error_count > 0);
    assert_true(cal_test_has(&r, 12, "F"));   /* M10: 8 * 2^10 > 8192 */
    assert_false(r.has_executable);
    cal_result_free(&r);

    /* A macro that calls itself twice: the lines it produces are bounded. */
    const char *macro = "         IDENT     MB\n"
                        "         MACRO\n"
                        "         BOOM      X\n"
                        "         BOOM      X\n"
                        "         BOOM      X\n"
                        "BOOM     ENDM\n"
                        "         BOOM      A\n"
                        "         END\n";
    assert_int_equal(cal_assemble(macro, strlen(macro), "mb.cal", NULL, &r), 1);
    assert_true(cal_test_has(&r, 7, "F"));
    cal_result_free(&r);
}

/* Issue 12 item 9: a NUL byte used to cut its line silently. */
static void test_nul_byte_reported(void **state)
{
    (void)state;
    const char source[] = "         IDENT     N\n"
                          "         S1        1\0 junk\n"
                          "         EX\n"
                          "         END\n";
    struct cal_result r;
    assert_int_equal(cal_assemble(source, sizeof source - 1, "nul.cal", NULL, &r), 1);
    assert_true(cal_test_has(&r, 2, "S"));
    bool column = false;
    for (size_t d = 0; d < r.diagnostic_count; d++)
        column = column || strstr(r.diagnostics[d].message, "NUL byte in column 21");
    assert_true(column);
    cal_result_free(&r);
}

/* Issue 13: the Cray-1's vector recursion (V2 V2+V1 reads its own new
 * results) is a W4 warning, with a listing flag, on a Cray-1; none on the
 * X-MP, none with the warning turned off. */
static void test_vector_recursion_warning(void **state)
{
    (void)state;
    const char *source = "         IDENT     REC\n"
                         "         V2        V2+V1\n"
                         "         V3        V2+V1\n"
                         "         V1        V1<A1\n"
                         "         V4        S1+V4\n"
                         "         V5        ,A0,1\n"
                         "         EX\n"
                         "         END\n";
    struct cal_result r;
    struct cal_options cray1 = {.models = MODEL_CRAY1, .listing = true};
    assert_int_equal(cal_assemble(source, strlen(source), "rec.cal", &cray1, &r), 0);
    assert_true(r.has_executable);
    assert_int_equal(r.warning_count, 3);
    assert_true(cal_test_has(&r, 2, "W4"));
    assert_true(cal_test_has(&r, 4, "W4"));
    assert_true(cal_test_has(&r, 5, "W4"));
    assert_non_null(strstr(r.listing, " W4             0a 155221"));
    cal_result_free(&r);

    struct cal_options xmp = {.models = MODEL_XMP};
    assert_int_equal(cal_assemble(source, strlen(source), "rec.cal", &xmp, &r), 0);
    assert_int_equal(r.warning_count, 0);
    cal_result_free(&r);

    struct cal_extra_options quiet = {.no_recursion_warning = true};
    assert_int_equal(cal_assemble_extra(source, strlen(source), "rec.cal", &cray1, &quiet, &r), 0);
    assert_int_equal(r.warning_count, 0);
    cal_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_undefined_symbol),
        cmocka_unit_test(test_register_errors),
        cmocka_unit_test(test_operand_errors),
        cmocka_unit_test(test_unknown_instruction),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_definition_errors),
        cmocka_unit_test(test_relocation_errors),
        cmocka_unit_test(test_placement_errors),
        cmocka_unit_test(test_macro_and_conditional_errors),
        cmocka_unit_test(test_program_errors),
        cmocka_unit_test(test_model_errors),
        cmocka_unit_test(test_errors_collected_for_whole_file),
        cmocka_unit_test(test_warnings_do_not_fail),
        cmocka_unit_test(test_micro_doubling_bounded),
        cmocka_unit_test(test_nul_byte_reported),
        cmocka_unit_test(test_vector_recursion_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
