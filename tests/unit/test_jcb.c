/*
 * test_jcb.c - the Job Communication Block (os/jcb.h): a statement's
 * image at JCCCI ending in a zero byte, its parameters cracked at JCCPR
 * two words an item with COS's separator codes, the fields of words
 * 0100-0165 in COS's bit positions.
 */
#include "test_support.h"

#include <string.h>

#include "os/deck.h"
#include "os/jcb.h"

static uint64_t chars(const char *eight)
{
    uint64_t w = 0;
    for (int i = 0; i < 8; i++)
        w = w << 8 | (unsigned char)(i < (int)strlen(eight) ? eight[i] : 0);
    return w;
}

static void parse(const char *text, struct deck_statement *st)
{
    struct deck_error error;
    assert_int_equal(deck_parse_statement(text, 1, st, &error), 0);
}

static void test_crack_separators(void **state)
{
    (void)state;
    struct deck_statement st;
    parse("ARGLIST,HELLO,DN=OUT:X,'Lit, eral'.", &st);
    uint64_t w[JCB_CPR_WORDS];
    assert_int_equal(jcb_crack(&st, w, JCB_CPR_WORDS), 12);
    assert_int_equal(w[0], chars("ARGLIST"));
    assert_int_equal(w[1], JCB_SEP_COMMA);
    assert_int_equal(w[2], chars("HELLO"));
    assert_int_equal(w[3], JCB_SEP_COMMA);
    assert_int_equal(w[4], chars("DN"));
    assert_int_equal(w[5], JCB_SEP_EQUALS);
    assert_int_equal(w[6], chars("OUT"));
    assert_int_equal(w[7], JCB_SEP_COLON);
    assert_int_equal(w[8], chars("X"));
    assert_int_equal(w[9], JCB_SEP_COMMA);
    assert_int_equal(w[10], chars("Lit, era"));           /* quoted: as written */
    assert_int_equal(w[11], chars("l") | JCB_SEP_END);
    deck_statement_free(&st);
    /* A verb alone ends at once; items beyond the area are dropped, the
     * last that fits marked as the end (a reader stops there, not at 0100). */
    parse("RUN.", &st);
    assert_int_equal(jcb_crack(&st, w, JCB_CPR_WORDS), 2);
    assert_int_equal(w[1], JCB_SEP_END);
    deck_statement_free(&st);
    parse("MANY,A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T,U,V,W,X,Y,Z.", &st);
    assert_int_equal(jcb_crack(&st, w, JCB_CPR_WORDS), JCB_CPR_WORDS);
    assert_int_equal(w[JCB_CPR_WORDS - 2], chars("W"));
    assert_int_equal(w[JCB_CPR_WORDS - 1], JCB_SEP_END);
    deck_statement_free(&st);
}

static void test_build_fields(void **state)
{
    (void)state;
    struct deck_statement st;
    parse("PROG,X=1.", &st);
    struct jcb_facts facts = {&st, "MYJOB", "ACCOUNT1234567890", 0263, 020000, 0400000, 12500,
                              7, true};
    uint64_t jcb[JCB_WORDS];
    memset(jcb, 0xAA, sizeof jcb);
    jcb_build(jcb, &facts);
    assert_int_equal(jcb[0], 0);
    assert_int_equal(jcb[JCB_JCCCI], chars("PROG,X=1"));
    assert_int_equal(jcb[JCB_JCCCI + 1], chars("."));
    assert_int_equal(jcb[JCB_JCCPR], chars("PROG"));
    assert_int_equal(jcb[JCB_JCJN], chars("MYJOB"));
    assert_int_equal(jcb[JCB_JCHLM], (uint64_t)0263 << 24 | 020000);   /* bits 16-39, 40-63 */
    assert_int_equal(jcb[JCB_JCLFT], (uint64_t)0400000 << 24 | 020000);
    assert_int_equal(jcb[JCB_JCCYCL], (uint64_t)12500 << 43);          /* bits 5-20 */
    assert_int_equal(jcb[JCB_JCACN], chars("ACCOUNT1"));
    assert_int_equal(jcb[JCB_JCACN + 1], chars("2345678"));            /* 15 characters */
    assert_int_equal(jcb[JCB_JCSTN], 7);
    assert_int_equal(jcb[JCB_JCSTF], 1);
    assert_int_equal(jcb[0177], 0);
    deck_statement_free(&st);
    /* An image of 88 characters or more is cut to 87 and a zero byte. */
    char longer[200];
    memset(longer, 'A', 120);
    strcpy(longer + 120, ".");
    longer[0] = 'L';
    struct deck_statement big;
    memset(&big, 0, sizeof big);
    big.text = longer;
    big.verb = "L";
    facts.statement = &big;
    jcb_build(jcb, &facts);
    assert_int_equal(jcb[JCB_JCCCI + 10] & 0xFF, 0);
    assert_int_equal(jcb[JCB_JCCCI + 10] >> 8 & 0xFF, 'A');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crack_separators),
        cmocka_unit_test(test_build_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
