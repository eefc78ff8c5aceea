/*
 * test_rules.c - os/rules: the rules for COS values that a deck, the
 * permanent dataset store and the dropfile reader share.
 */
#include <stdio.h>
#include <string.h>

#include "test_support.h"

#include "os/rules/names.h"

static bool ok(enum rules_rule rule, const char *s)
{
    char why[200];
    return rules_check_text(rule, s, why, sizeof why);
}

static void test_names(void **state)
{
    (void)state;
    assert_true(ok(RULE_JOB_NAME, "LOOPS"));
    assert_true(ok(RULE_JOB_NAME, "A1234567") == false);   /* 8 characters */
    assert_false(ok(RULE_JOB_NAME, "../../X"));
    assert_false(ok(RULE_JOB_NAME, "1ABC"));
    assert_false(ok(RULE_JOB_NAME, ""));
    assert_true(ok(RULE_USER, "alice"));
    assert_false(ok(RULE_USER, "al ice"));
    assert_true(ok(RULE_CLASS, "STANDBY"));
    assert_true(ok(RULE_DEVICE, "PRINTER"));
    assert_false(ok(RULE_DEVICE, "TAPE/1"));
    assert_true(ok(RULE_DATASET, "$OUT"));
    assert_false(ok(RULE_DATASET, "../X"));
    assert_true(ok(RULE_SITE, "C1-SITE_2.B"));
    assert_false(ok(RULE_SITE, "a..b"));
    assert_false(ok(RULE_SITE, "dev\n"));
    assert_true(ok(RULE_JOB_ID, "J00042-1-2"));
    assert_false(ok(RULE_JOB_ID, "J1\nX"));
    assert_true(ok(RULE_ACCOUNT, "PHYS+01"));
    assert_false(ok(RULE_ACCOUNT, "A/B"));
    assert_true(ok(RULE_SYMBOL, "SYSID"));
    assert_false(ok(RULE_SYMBOL, "A B"));
}

static void test_output_names(void **state)
{
    (void)state;
    assert_true(ok(RULE_OUTPUT_NAME, "LOOPS"));
    assert_true(ok(RULE_OUTPUT_NAME, "000001.GATHER"));
    assert_true(ok(RULE_OUTPUT_NAME, "000001.GATHER-2-11"));
    assert_false(ok(RULE_OUTPUT_NAME, "../../../../../tmp/PWNED"));
    assert_false(ok(RULE_OUTPUT_NAME, "000001."));
    assert_false(ok(RULE_OUTPUT_NAME, ".GATHER"));
    assert_false(ok(RULE_OUTPUT_NAME, "000001.GATHER-"));
    assert_false(ok(RULE_OUTPUT_NAME, "000001.GATHER.log"));
    assert_false(ok(RULE_OUTPUT_NAME, "0000000000000000000000001.ABCDEFG"));   /* over 31 */
}

static void test_text_and_numbers(void **state)
{
    (void)state;
    char why[200];
    assert_true(ok(RULE_LINE, "time limit of 10 s\treached"));
    assert_false(rules_check_text(RULE_LINE, "a\nb", why, sizeof why));
    assert_string_equal(why, "holds a control character (0x0A at 1); one line of text, no "
                             "control character");
    assert_true(ok(RULE_TEXT, "line 1\nline 2\n"));
    assert_false(ok(RULE_TEXT, "bell\a"));
    assert_true(rules_check_number(RULE_DEVICE_UNITS, 64, why, sizeof why));
    assert_false(rules_check_number(RULE_DEVICE_UNITS, 4294967295u, why, sizeof why));
    assert_string_equal(why, "4294967295 is out of range: 0-64 units");
    assert_false(rules_check_number(RULE_PRIORITY, 16, why, sizeof why));
    assert_true(rules_check_number(RULE_WORD24, 077777777, why, sizeof why));
    assert_false(rules_check_number(RULE_WORD24, 0100000000, why, sizeof why));
    assert_false(rules_check_number(RULE_FIELD_WORDS, RULES_FIELD_WORDS_MAX + 1u, why, sizeof why));
}

/* Numbers of a deck: decimal only, overflow-checked, bounded (issue 12
 * item 9: MEMORY,FL=4294967312 granted 512 words, T=0x10 was 16 s). */
static void test_deck_numbers(void **state)
{
    (void)state;
    uint64_t v = 0;
    double t = 0;
    assert_true(rules_decimal_count("4", 64, &v));
    assert_int_equal(v, 4);
    assert_false(rules_decimal_count("65", 64, &v));
    assert_false(rules_decimal_count("4294967297", 64, &v));
    assert_false(rules_decimal_count("99999999999999999999999", UINT64_MAX, &v));
    assert_true(rules_decimal_count("18446744073709551615", UINT64_MAX, &v));
    assert_false(rules_decimal_count("18446744073709551616", UINT64_MAX, &v));
    assert_false(rules_decimal_count("-1", 64, &v));
    assert_false(rules_decimal_count("+1", 64, &v));
    assert_false(rules_decimal_count("0x10", 64, &v));
    assert_false(rules_decimal_count("", 64, &v));
    assert_false(rules_decimal_count(NULL, 64, &v));
    assert_true(rules_field_length("4096", &v));
    assert_false(rules_field_length("4294967312", &v));
    assert_false(rules_field_length("0", &v));
    assert_true(rules_field_length("16777216", &v));
    assert_false(rules_field_length("16777217", &v));
    assert_true(rules_seconds("0.005", &t));
    assert_true(t > 0.0049 && t < 0.0051);
    assert_true(rules_seconds("16", &t));
    assert_true(t == 16.0);
    assert_true(rules_seconds(".5", &t));
    assert_false(rules_seconds("0x10", &t));
    assert_false(rules_seconds("0X10", &t));
    assert_false(rules_seconds("1e3", &t));
    assert_false(rules_seconds("inf", &t));
    assert_false(rules_seconds("nan", &t));
    assert_false(rules_seconds("0", &t));
    assert_false(rules_seconds("-1", &t));
    assert_false(rules_seconds("1.2.3", &t));
    assert_false(rules_seconds(".", &t));
    assert_false(rules_seconds("1000001", &t));
    assert_true(rules_seconds("1000000", &t));
    assert_false(rules_seconds("00000000000000001", &t));   /* too long */
}

static void test_permanent_names(void **state)
{
    (void)state;
    size_t at;
    assert_int_equal(rules_pds_name("PHYSTAB", false, &at), 0);
    assert_int_equal(rules_pds_name("", false, &at), 1);
    assert_int_equal(rules_pds_name("", true, &at), 0);
    assert_int_equal(rules_pds_name(".X", false, &at), 3);
    assert_int_equal(rules_pds_name("-X", false, &at), 4);
    assert_int_equal(rules_pds_name("A..B", false, &at), 5);
    assert_int_equal(rules_pds_name("A/B", false, &at), 6);
    assert_int_equal(at, 1);
    assert_int_equal(rules_pds_name("A\nB", false, &at), 7);
    assert_int_equal(rules_pds_name("A*B", false, &at), 8);
    assert_true(ok(RULE_PDS_NAME, "alice"));
    assert_false(ok(RULE_PDS_NAME, "../bob"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_output_names),
        cmocka_unit_test(test_text_and_numbers),
        cmocka_unit_test(test_permanent_names),
        cmocka_unit_test(test_deck_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
