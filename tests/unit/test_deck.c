/*
 * test_deck.c - job deck parsing: statements, parameters, literals,
 * continuation, comments, data files, and every malformed-deck error.
 */
#include "test_support.h"

#include "os/deck.h"

static struct deck parse_ok(const char *text)
{
    struct deck deck;
    struct deck_error error;
    int status = deck_parse(text, strlen(text), &deck, &error);
    if (status)
        fail_msg("deck error %s at line %d: %s", error.code, error.line, error.message);
    return deck;
}

static void statements_and_parameters(void **state)
{
    (void)state;
    struct deck d = parse_ok("JOB,JN=HELLO,T=10.5,MFL=4096,P=3,US=ALICE,*TAPE=1.\n"
                             "* a comment line\n"
                             "access , dn = in : out , pdn='My File' , uq .  echo me\n"
                             "LDR.\n");
    assert_int_equal(d.statement_count, 3);
    const struct deck_statement *job = &d.statements[0];
    assert_string_equal(job->verb, "JOB");
    assert_int_equal(job->parameter_count, 6);
    assert_string_equal(deck_value(job, "JN", NULL), "HELLO");
    assert_string_equal(deck_value(job, "T", NULL), "10.5");   /* a decimal point, not the end */
    assert_string_equal(deck_value(job, "*TAPE", NULL), "1");
    assert_int_equal(job->line, 1);
    const struct deck_statement *acc = &d.statements[1];
    assert_string_equal(acc->verb, "ACCESS");
    assert_int_equal(acc->line, 3);
    assert_int_equal(acc->parameters[0].value_count, 2);
    assert_string_equal(acc->parameters[0].values[0], "IN");
    assert_string_equal(acc->parameters[0].values[1], "OUT");
    assert_string_equal(deck_value(acc, "PDN", NULL), "My File");   /* a literal keeps case */
    int present = 0;
    assert_null(deck_value(acc, "UQ", &present));
    assert_int_equal(present, 1);
    assert_null(deck_value(acc, "NOPE", &present));
    assert_int_equal(present, 0);
    assert_string_equal(acc->comment, "echo me");
    assert_string_equal(d.statements[2].verb, "LDR");
    assert_int_equal(d.file_count, 0);
    deck_free(&d);
}

static void arguments_literals_continuation(void **state)
{
    (void)state;
    struct deck d = parse_ok("JOB,JN=X.\n"
                             "IF (J1 .GT. 0).\n"
                             "SET(J1=J1-1).\n"
                             "ECHO,ON=ALL,TEXT='it''s here'.\n"
                             "ASSIGN,DN=A,^\n"
                             "   MR=10.\n");
    assert_int_equal(d.statement_count, 5);
    assert_string_equal(d.statements[1].verb, "IF");
    assert_string_equal(d.statements[1].argument, "J1.GT.0");
    assert_string_equal(d.statements[2].argument, "J1=J1-1");
    assert_string_equal(deck_value(&d.statements[3], "TEXT", NULL), "it's here");
    assert_string_equal(deck_value(&d.statements[4], "MR", NULL), "10");
    assert_int_equal(d.statements[4].line, 5);
    deck_free(&d);
}

static void data_files(void **state)
{
    (void)state;
    struct deck d = parse_ok("JOB,JN=X.\nCAL.\n/EOF\n         IDENT  X\n         END\n/EOF\n"
                             "one\ntwo\r\n/EOF\n");
    assert_int_equal(d.statement_count, 2);
    assert_int_equal(d.file_count, 2);
    assert_int_equal(d.files[0].count, 2);
    assert_string_equal(d.files[0].lines[0], "         IDENT  X");
    assert_int_equal(d.files[1].count, 2);
    assert_string_equal(d.files[1].lines[1], "two");
    /* Each file knows the deck line of its first record (CAL's errors). */
    assert_int_equal(d.files[0].first_line, 4);
    assert_int_equal(d.files[1].first_line, 7);
    deck_free(&d);
}

static void expect_error(const char *text, const char *code, int line)
{
    struct deck d;
    struct deck_error error;
    assert_int_equal(deck_parse(text, strlen(text), &d, &error), -1);
    assert_string_equal(error.code, code);
    assert_int_equal(error.line, line);
    assert_true(strlen(error.message) > 0);
}

/* A verb that begins with '$' names a local dataset, as in real decks'
 * `$ABD.` (it was refused with CC005). */
static void dollar_verbs(void **state)
{
    (void)state;
    const char *text = "JOB,JN=X.\nLDR,DN=$ABD,NX.\n$ABD.\n$BLD,P=1.\n";
    struct deck d;
    struct deck_error error;
    assert_int_equal(deck_parse(text, strlen(text), &d, &error), 0);
    assert_int_equal(d.statement_count, 4);
    assert_string_equal(d.statements[2].verb, "$ABD");
    assert_string_equal(d.statements[3].verb, "$BLD");
    deck_free(&d);
}

/* VERB(...) ends at its ')' (real decks: set(J1=144), exitloop(J1.EQ.0)),
 * as well as at a '.'; it was CC001. */
static void parenthesis_ends_a_statement(void **state)
{
    (void)state;
    const char *text = "JOB,JN=X.\nset(J1=144)\n  exitloop(J1.EQ.0)\nSET(J2=1). NOTE\n";
    struct deck d;
    struct deck_error error;
    assert_int_equal(deck_parse(text, strlen(text), &d, &error), 0);
    assert_int_equal(d.statement_count, 4);
    assert_string_equal(d.statements[1].verb, "SET");
    assert_string_equal(d.statements[1].argument, "J1=144");
    assert_string_equal(d.statements[2].verb, "EXITLOOP");
    assert_string_equal(d.statements[2].argument, "J1.EQ.0");
    assert_string_equal(d.statements[3].comment, "NOTE");
    deck_free(&d);
    expect_error("JOB,JN=X.\nSET(J1=1) X\n", "CC003", 2);   /* text after ')' without '.' */
}

static void malformed_decks(void **state)
{
    (void)state;
    expect_error("JOB,JN=X\n", "CC001", 1);                    /* no terminator */
    expect_error("JOB,JN=X.\nLDR,DN=A\nEXIT.\n", "CC001", 2);
    expect_error("JOB,JN=X.\nLDR;DN=A.\n", "CC003", 2);       /* bad character */
    expect_error("JOB,JN=X.\nECHO,T='open.\n", "CC004", 2);    /* literal not closed */
    expect_error("JOB,JN=X.\n,DN=A.\n", "CC005", 2);           /* no verb */
    expect_error("JOB,JN=X.\n9LIVES.\n", "CC005", 2);          /* verb must start with a letter */
    expect_error("JOB,JN=X.\n@ABD.\n", "CC005", 2);            /* ... or a '$' */
    expect_error("JOB,JN=X.\nIF(J1.GT.(0).\n", "CC006", 2);     /* parentheses */
    expect_error("JOB,JN=X.\nLDR,^\n", "CC007", 2);             /* continued into nothing */
    expect_error("JOB,JN=X.\nLDR,^\n/EOF\n", "CC007", 2);
    char longline[200];
    memset(longline, 'A', sizeof longline);
    memcpy(longline, "JOB,JN=", 7);
    longline[100] = '.';
    longline[101] = '\n';
    longline[102] = '\0';
    expect_error(longline, "CC002", 1);
    expect_error("JOB,=X.\n", "CC003", 1);                     /* empty keyword */
    /* A control character is named '?': it reached c1sub's terminal
     * (an escape sequence) as it was. */
    const char *hostile[] = {"JOB,JN=X.\nLDR,DN=A\001B.\n", "JOB,JN=X.\nBUILD,\033[2J.\n"};
    for (size_t i = 0; i < 2; i++) {
        struct deck d;
        struct deck_error error;
        assert_int_equal(deck_parse(hostile[i], strlen(hostile[i]), &d, &error), -1);
        assert_string_equal(error.code, "CC003");
        assert_string_equal(error.message, "INVALID CHARACTER '?' IN CONTROL STATEMENT");
    }
}

/* The parser hands numbers through as written (upper-cased): os/rules,
 * not strtol, decides what they mean (T=0x10 is refused, not 16 s); and
 * the OS's depth line before a submitted deck is a comment to it. */
static void numbers_and_the_depth_line(void **state)
{
    (void)state;
    struct deck d = parse_ok("*C1 SUBMITTED DEPTH=2\n"
                             "JOB,JN=X,T=0x10,MFL=4294967312,*TAPE=4,*TAPE=4.\n"
                             "MEMORY,FL=-1.\n");
    assert_int_equal(d.statement_count, 2);
    assert_int_equal(d.statements[0].line, 2);
    assert_string_equal(deck_value(&d.statements[0], "T", NULL), "0X10");
    assert_string_equal(deck_value(&d.statements[0], "MFL", NULL), "4294967312");
    assert_int_equal(d.statements[0].parameter_count, 5);   /* a device twice: both seen */
    assert_string_equal(deck_value(&d.statements[1], "FL", NULL), "-1");
    deck_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statements_and_parameters),
        cmocka_unit_test(dollar_verbs),
        cmocka_unit_test(parenthesis_ends_a_statement),
        cmocka_unit_test(arguments_literals_continuation),
        cmocka_unit_test(data_files),
        cmocka_unit_test(malformed_decks),
        cmocka_unit_test(numbers_and_the_depth_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
