/*
 * test_submit.c - os/submit.c: the checks c1sub, the operator's SUBMIT and
 * a job's SUBMIT make before a deck is queued (issue 12 items 1 and 9,
 * issue 13): the JOB statement against the site's limits, each refusal
 * with its code and cause; the site's limits file; the depth a submitted
 * deck records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_support.h"

#include "os/submit.h"

static struct submit_limits limits(void)
{
    struct submit_limits l;
    submit_limits_default(&l);
    return l;
}

/* The deck refused: its message starts with want. */
static void refused(const char *deck, const char *want)
{
    struct submit_limits l = limits();
    char error[300] = "";
    assert_int_equal(submit_check_deck(deck, strlen(deck), &l, error, sizeof error), -1);
    if (strncmp(error, want, strlen(want)))
        fail_msg("'%s' refused with '%s', not '%s'", deck, error, want);
}

static void accepted(const char *deck)
{
    struct submit_limits l = limits();
    char error[300] = "";
    if (submit_check_deck(deck, strlen(deck), &l, error, sizeof error))
        fail_msg("'%s' refused: %s", deck, error);
}

static void test_refused_at_submission(void **state)
{
    (void)state;
    accepted("JOB,JN=HELLO,T=1,MFL=4096,US=ALICE.\n");
    accepted("JOB,JN=TAPES,T=0.5,*TAPE=4,*PRINTER=1.\n");
    accepted("JOB,JN=BARE,T,MFL.\n");
    refused("JOB,JN=TOOLONGNAME.\n", "JB002 JN=TOOLONGNAME MUST BE 1-7 LETTERS AND DIGITS");
    refused("JOB,T=1.\n", "JB002 JN MISSING");
    refused("JOB,JN=X,T=99999.\n", "JB003 T=99999 EXCEEDS THE SITE MAXIMUM OF 3600");
    refused("JOB,JN=X,T=0x10.\n", "JB003 T=0X10 IS NOT A TIME IN DECIMAL SECONDS");
    refused("JOB,JN=X,T=1e3.\n", "JB003 T=1E3 IS NOT A TIME IN DECIMAL SECONDS");
    refused("JOB,JN=X,T=0.\n", "JB003 T=0 IS NOT A TIME");
    refused("JOB,JN=X,MFL=4294967312.\n", "JB004 MFL=4294967312 EXCEEDS THE SITE MAXIMUM");
    refused("JOB,JN=X,MFL=99999999999999999999999.\n", "JB004 MFL=99999999999999999999 EXCEEDS");
    refused("JOB,JN=X,MFL=0.\n", "JB004 MFL=0 IS NOT A FIELD LENGTH");
    refused("JOB,JN=X,MFL=1048577.\n", "JB004 MFL=1048577 EXCEEDS THE SITE MAXIMUM OF 1048576");
    refused("JOB,JN=X,P=16.\n", "JB005");
    refused("JOB,JN=X,P=0x1.\n", "JB005");
    refused("JOB,JN=X,CL=NOSUCH.\n", "JB006 JOB CLASS NOSUCH DOES NOT EXIST");
    refused("JOB,JN=X,CL=EXPRESS,T=11.\n", "JB006 T EXCEEDS THE LIMIT OF CLASS EXPRESS");
    refused("JOB,JN=X,*TAPE=5.\n", "JB007 TAPE=5 EXCEEDS THE SITE'S 4 UNITS");
    refused("JOB,JN=X,*TAPE=4,*TAPE=4.\n", "JB007 TAPE RESERVED TWICE");
    refused("JOB,JN=X,*TAPE=4294967297.\n", "JB007 TAPE=4294967297 EXCEEDS THE SITE'S 4 UNITS");
    refused("JOB,JN=X,*TAPE=-1.\n", "JB007");
    refused("JOB,JN=X,*DRUM=1.\n", "JB007 DEVICE RESERVATION *DRUM IS NOT VALID AT THIS SITE");
    refused("JOB,JN=X,US=A-B.\n", "JB008");
    refused("JOB,JN=X,FOO=1.\n", "JB009 UNKNOWN JOB PARAMETER FOO");
    refused("JOB,JN=X,OLM=0x10.\n", "JB009");
    accepted("JOB,JN=R,AFTER=W1:W2,WAIT=NOTICE:DATA,OWN=ALICE.\n");
    refused("JOB,JN=X,AFTER=TOOLONGNAME.\n", "JB010 AFTER=TOOLONGNAME: A JOB NAME IS");
    refused("JOB,JN=X,AFTER.\n", "JB010 AFTER= WANTS 1-4 JOB NAMES");
    refused("JOB,JN=X,AFTER=A,AFTER=B.\n", "JB010 AFTER= WANTS 1-4 JOB NAMES, ONCE");
    refused("JOB,JN=X,AFTER=A:B:C:D:E.\n", "JB010 AFTER= WANTS 1-4");
    refused("JOB,JN=X,WAIT=A:B:C:D:E.\n", "JB010 WAIT= WANTS 1-4 PERMANENT DATASET NAMES");
    refused("JOB,JN=X,WAIT=NOTICE,OWN=A-B.\n", "JB010 OWN MUST BE A USER");
    refused("JOB,JN=X,OWN=ALICE.\n", "JB010 OWN= NAMES THE OWNER OF WAIT= DATASETS");
    refused("CAL.\n", "JB001");
    refused("JOB,JN=X\n", "line 1: CC001");
}

static void test_the_job_asked_for(void **state)
{
    (void)state;
    struct submit_limits l = limits();
    struct deck_statement st;
    struct deck_error e;
    assert_int_equal(deck_parse_statement("JOB,JN=A,T=2,MFL=1000,P=3,US=BOB,CL=EXPRESS,*TAPE=2.", 1,
                                          &st, &e), 0);
    struct submit_job job;
    char code[8], message[200];
    assert_int_equal(submit_check_job(&st, &l, &job, code, message, sizeof message), 0);
    assert_string_equal(job.name, "A");
    assert_string_equal(job.user, "BOB");
    assert_string_equal(job.class_name, "EXPRESS");
    assert_int_equal(job.priority, 3);
    assert_int_equal(job.field_length, 1024);   /* rounded up to 512 */
    assert_true(job.time_limit == 160000000u);   /* 2 s of 12.5 ns */
    assert_int_equal(job.device_count, 1);
    assert_int_equal(job.devices[0].count, 2);
    assert_int_equal(job.after_count, 0);
    assert_int_equal(job.wait_count, 0);
    deck_statement_free(&st);
    assert_int_equal(deck_parse_statement("JOB,JN=R,AFTER=W1:W2,WAIT=NOTICE,OWN=ALICE.", 1, &st,
                                          &e), 0);
    assert_int_equal(submit_check_job(&st, &l, &job, code, message, sizeof message), 0);
    assert_int_equal(job.after_count, 2);
    assert_string_equal(job.after[1], "W2");
    assert_int_equal(job.wait_count, 1);
    assert_string_equal(job.wait[0], "NOTICE");
    assert_string_equal(job.wait_owner, "ALICE");
    deck_statement_free(&st);
}

static void test_limits_file(void **state)
{
    (void)state;
    char root[] = "/tmp/c1-test-submit-XXXXXX";
    assert_non_null(mkdtemp(root));
    struct submit_limits l;
    assert_int_equal(submit_limits_load(root, &l), 1);   /* none: the defaults */
    assert_int_equal(l.device_count, 2);
    l.max_field = 4096;
    l.devices[0].total = 8;
    assert_int_equal(submit_limits_save(root, &l), 0);
    struct submit_limits back;
    assert_int_equal(submit_limits_load(root, &back), 0);
    assert_int_equal(back.max_field, 4096);
    assert_int_equal(back.devices[0].total, 8);
    assert_int_equal(back.class_count, 3);
    char error[300];
    const char *deck = "JOB,JN=X,*TAPE=8,MFL=4096.\n";
    assert_int_equal(submit_check_deck(deck, strlen(deck), &back, error, sizeof error), 0);
    const char *big = "JOB,JN=X,MFL=4097.\n";
    assert_int_equal(submit_check_deck(big, strlen(big), &back, error, sizeof error), -1);
    /* A damaged file gives the defaults, never a wider limit. */
    char path[300];
    snprintf(path, sizeof path, "%s/limits", root);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("max_field 4096\ndevice TAPE 99999\n", f);
    fclose(f);
    assert_int_equal(submit_limits_load(root, &back), 1);
    assert_int_equal(back.devices[0].total, 4);
    unlink(path);
    rmdir(root);
}

static void test_depth(void **state)
{
    (void)state;
    assert_int_equal(submit_depth("JOB,JN=X.\n", 10), 0);
    const char *d2 = SUBMIT_DEPTH_TAG "2\nJOB,JN=X.\n";
    assert_int_equal(submit_depth(d2, strlen(d2)), 2);
    /* The tag is a comment line: the deck still parses and checks. */
    struct submit_limits l = limits();
    char error[300];
    assert_int_equal(submit_check_deck(d2, strlen(d2), &l, error, sizeof error), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused_at_submission),
        cmocka_unit_test(test_the_job_asked_for),
        cmocka_unit_test(test_limits_file),
        cmocka_unit_test(test_depth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
