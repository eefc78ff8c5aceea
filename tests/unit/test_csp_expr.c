/*
 * test_csp_expr.c - SET and IF arithmetic (os/csp_expr.c): values,
 * conditions, and every way the arithmetic can go wrong stopping at the
 * first error with its code instead of trapping (the two-line deck that
 * killed c1 with SIGFPE at every boot divided INT64_MIN by -1).
 */
#include "test_support.h"

#include "os/csp_expr.h"

static const int64_t symbols[8] = {0, 1, 2, 3, 40, -5, INT64_MAX, INT64_MIN};

static int64_t value_of(const char *text)
{
    int64_t v = 12345;
    assert_int_equal(csp_expr_value(text, symbols, &v), CSP_EXPR_OK);
    return v;
}

static enum csp_expr_status status_of(const char *text)
{
    int64_t v = 777;
    enum csp_expr_status status = csp_expr_value(text, symbols, &v);
    if (status)
        assert_int_equal(v, 777);   /* nothing stored on error */
    return status;
}

static void test_values(void **state)
{
    (void)state;
    assert_int_equal(value_of("1+2*3"), 7);
    assert_int_equal(value_of("(1+2)*3"), 9);
    assert_int_equal(value_of("J4/J3"), 13);
    assert_int_equal(value_of("-J5"), 5);
    assert_int_equal(value_of("0-7/2"), -3);   /* truncates toward zero */
    assert_int_equal(value_of("J6"), INT64_MAX);
    assert_int_equal(value_of("0-9223372036854775807-1"), INT64_MIN);   /* no overflow yet */
}

static void test_the_deck_that_killed_c1(void **state)
{
    (void)state;
    assert_int_equal(status_of("(0-9223372036854775807-1)/(0-1)"), CSP_EXPR_OVERFLOW);
    assert_int_equal(status_of("J7/(0-1)"), CSP_EXPR_OVERFLOW);
    assert_string_equal(csp_expr_message(CSP_EXPR_OVERFLOW), "CS007 - ARITHMETIC OVERFLOW");
}

static void test_overflows(void **state)
{
    (void)state;
    assert_int_equal(status_of("J6+1"), CSP_EXPR_OVERFLOW);
    assert_int_equal(status_of("J7-1"), CSP_EXPR_OVERFLOW);
    assert_int_equal(status_of("J6*2"), CSP_EXPR_OVERFLOW);
    assert_int_equal(status_of("J7*(0-1)"), CSP_EXPR_OVERFLOW);
    assert_int_equal(status_of("-J7"), CSP_EXPR_OVERFLOW);
    assert_int_equal(status_of("281474976710656*281474976710656"), CSP_EXPR_OVERFLOW);
    /* the first error stops: nothing after it is evaluated */
    assert_int_equal(status_of("J6+1+1/0"), CSP_EXPR_OVERFLOW);
}

static void test_division_by_zero(void **state)
{
    (void)state;
    assert_int_equal(status_of("1/0"), CSP_EXPR_DIVIDE_ZERO);
    assert_int_equal(status_of("J1/J0"), CSP_EXPR_DIVIDE_ZERO);
    assert_int_equal(status_of("1/(J2-2)"), CSP_EXPR_DIVIDE_ZERO);
    assert_string_equal(csp_expr_message(CSP_EXPR_DIVIDE_ZERO), "CS008 - DIVISION BY ZERO");
}

static void test_syntax_and_depth(void **state)
{
    (void)state;
    assert_int_equal(status_of(""), CSP_EXPR_SYNTAX);
    assert_int_equal(status_of("1+"), CSP_EXPR_SYNTAX);
    assert_int_equal(status_of("(1"), CSP_EXPR_SYNTAX);
    assert_int_equal(status_of("J8"), CSP_EXPR_SYNTAX);
    assert_int_equal(status_of("1 2"), CSP_EXPR_SYNTAX);
    assert_int_equal(status_of("9223372036854775808"), CSP_EXPR_OVERFLOW);   /* literal */
    char deep[4096];
    memset(deep, '-', sizeof deep - 2);
    deep[sizeof deep - 2] = '1';
    deep[sizeof deep - 1] = '\0';
    assert_int_equal(status_of(deep), CSP_EXPR_TOO_DEEP);
    memset(deep, '(', 200);
    strcpy(deep + 200, "1");
    assert_int_equal(status_of(deep), CSP_EXPR_TOO_DEEP);
}

static void test_conditions(void **state)
{
    (void)state;
    bool t = false;
    assert_int_equal(csp_expr_condition("J1.EQ.1.AND.J2.GT.J1", symbols, &t), CSP_EXPR_OK);
    assert_true(t);
    assert_int_equal(csp_expr_condition("J1.NE.1.OR.J0", symbols, &t), CSP_EXPR_OK);
    assert_false(t);
    assert_int_equal(csp_expr_condition("J4.GE.40", symbols, &t), CSP_EXPR_OK);
    assert_true(t);
    assert_int_equal(csp_expr_condition("J1/J0.EQ.1", symbols, &t), CSP_EXPR_DIVIDE_ZERO);
    assert_int_equal(csp_expr_condition("J1.EQ.J6+1", symbols, &t), CSP_EXPR_OVERFLOW);
    assert_int_equal(csp_expr_condition("J1.XX.1", symbols, &t), CSP_EXPR_SYNTAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_the_deck_that_killed_c1),
        cmocka_unit_test(test_overflows),
        cmocka_unit_test(test_division_by_zero),
        cmocka_unit_test(test_syntax_and_depth),
        cmocka_unit_test(test_conditions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
