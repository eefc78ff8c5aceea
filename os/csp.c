/*
 * csp.c - the control statement processor: a job's statements, one by one,
 * between its program steps (job_advance), as COS's CSP ran them.
 *
 * Statements: JOB (first), ACCOUNT, the dataset verbs (job_datasets.c),
 * CAL, LDR, a local dataset's name (run it), EXIT and the error path after
 * it, DUMPJOB, SUBMIT, MEMORY, RERUN/NORERUN, ROLLJOB, ECHO, OPTION,
 * SET(Jn=expr), IF(cond) / ELSE / ENDIF, LOOP / EXITLOOP(cond) / ENDLOOP;
 * the COS statements C-1 lacks or ignores go to csp_cos.c.  Every statement
 * is echoed to the job log (component CSP) with passwords blanked, unless
 * ECHO,OFF.
 *
 * Expressions (SET, IF) are evaluated, checked, by csp_expr.c.
 *
 * Uses job.c (a job's basics), job_datasets.c (the dataset verbs, SUBMIT's
 * dataset), job_end.c (EXIT, the last statement), job_drop.c (ROLLJOB),
 * job_step.c (CAL, LDR, programs, aborts, DUMPJOB), csp_expr.c (SET and
 * IF arithmetic) and site.c (SUBMIT's queue entry).  The queue is looked at after SUBMIT through
 * os->scan_queue, which os.c, above this file, installs.
 */
#include "csp.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/dropfile/dropfile.h"
#include "csp_cos.h"
#include "csp_expr.h"
#include "job.h"
#include "job_state.h"
#include "job_datasets.h"
#include "job_drop.h"
#include "job_end.h"
#include "job_step.h"
#include "job_deck.h"
#include "sysreq.h"
#include "submit.h"
#include "os/rules/names.h"

/* ---- the statements ------------------------------------------------------------------ */

static bool skipping(const struct job *job)
{
    for (int d = 0; d < job->nesting_depth; d++) {
        int level = job->nesting[d];
        if (job_level_is_loop(level) ? job_loop_kind(level) != JOB_LOOP_RUNNING : level != 1)
            return true;
    }
    return false;
}

/* Echo a statement, passwords blanked. */
static void echo(struct os *os, struct job *job, const struct deck_statement *st)
{
    if (job->echo_off)
        return;
    char text[DECK_LINE_MAX * 8 + 1];
    snprintf(text, sizeof text, "%s", st->text);
    if (!strcmp(st->verb, "ACCOUNT")) {
        for (char *p = text; *p; p++) {
            if ((!strncasecmp(p, "APW=", 4) || !strncasecmp(p, "UPW=", 4))) {
                for (p += 4; *p && *p != ',' && *p != '.'; p++)
                    *p = 'X';
                if (!*p)
                    break;
            }
        }
    }
    job_log(os, job, "CSP", "%s", text);
}

static int do_set(struct os *os, struct job *job, const struct deck_statement *st)
{
    const char *arg = st->argument;
    if (!arg || arg[0] != 'J' || arg[1] < '0' || arg[1] > '7' || arg[2] != '=') {
        job_log(os, job, "ABORT", "CS002 - SET NEEDS (Jn=expression), n 0-7");
        return -1;
    }
    int64_t v;
    enum csp_expr_status status = csp_expr_value(arg + 3, job->symbols, &v);
    if (status) {
        job_log(os, job, "ABORT", "%s IN SET(%s)", csp_expr_message(status), arg);
        return -1;
    }
    job->symbols[arg[1] - '0'] = v;
    return 0;
}

static int do_if(struct os *os, struct job *job, const struct deck_statement *st)
{
    if (job->nesting_depth >= JOB_NESTING_MAX) {
        job_log(os, job, "ABORT", "CS004 - IF NESTED MORE THAN %d DEEP", JOB_NESTING_MAX);
        return -1;
    }
    bool outer_skipping = skipping(job);
    int state = 2;   /* skipping for good (an outer block is skipped) */
    if (!outer_skipping) {
        if (!st->argument) {
            job_log(os, job, "ABORT", "CS003 - IF NEEDS (condition)");
            return -1;
        }
        bool v;
        enum csp_expr_status status = csp_expr_condition(st->argument, job->symbols, &v);
        if (status == CSP_EXPR_SYNTAX) {
            job_log(os, job, "ABORT", "CS003 - BAD CONDITION IN IF(%s)", st->argument);
            return -1;
        }
        if (status) {
            job_log(os, job, "ABORT", "%s IN IF(%s)", csp_expr_message(status), st->argument);
            return -1;
        }
        state = v ? 1 : 0;
    }
    job->nesting[job->nesting_depth++] = state;
    return 0;
}

/* LOOP, EXITLOOP(condition), ENDLOOP: the statements between LOOP and
 * ENDLOOP run again and again until an EXITLOOP's condition holds; then
 * the job goes on after ENDLOOP.  A loop runs at most until the job's time
 * limit (each statement costs OS_STATEMENT_CLOCKS): CS013 ends it. */
static int loop_statement(struct os *os, struct job *job, const struct deck_statement *st)
{
    if (!strcmp(st->verb, "LOOP")) {
        if (job->nesting_depth >= JOB_NESTING_MAX) {
            job_log(os, job, "ABORT", "CS004 - LOOP NESTED MORE THAN %d DEEP", JOB_NESTING_MAX);
            return -1;
        }
        job->nesting[job->nesting_depth++] =
            job_loop_level(skipping(job) ? JOB_LOOP_SKIPPED : JOB_LOOP_RUNNING,
                           job->next_statement - 1);
        return 0;
    }
    int loop = job->nesting_depth - 1;   /* the innermost loop */
    while (loop >= 0 && !job_level_is_loop(job->nesting[loop]))
        loop--;
    if (!strcmp(st->verb, "EXITLOOP")) {
        if (skipping(job))
            return 0;
        if (loop < 0) {
            job_log(os, job, "ABORT", "CS005 - EXITLOOP OUTSIDE A LOOP");
            return -1;
        }
        bool v = true;
        enum csp_expr_status status =
            st->argument ? csp_expr_condition(st->argument, job->symbols, &v) : CSP_EXPR_OK;
        if (status) {
            job_log(os, job, "ABORT", "%s IN EXITLOOP(%s)", status == CSP_EXPR_SYNTAX
                    ? "CS003 - BAD CONDITION" : csp_expr_message(status), st->argument);
            return -1;
        }
        if (v)
            job->nesting[loop] = job_loop_level(JOB_LOOP_EXITING,
                                                job_loop_start(job->nesting[loop]));
        return 0;
    }
    /* ENDLOOP */
    if (loop < 0 || loop != job->nesting_depth - 1) {
        job_log(os, job, "ABORT", "CS005 - ENDLOOP WITHOUT LOOP");
        return -1;
    }
    int level = job->nesting[loop];
    if (job_loop_kind(level) != JOB_LOOP_RUNNING) {
        job->nesting_depth--;
        return 0;
    }
    if (job_clocks_used(os, job) >= job->time_limit) {
        job_log(os, job, "ABORT", "CS013 - LOOP STILL RUNNING AT THE JOB'S TIME LIMIT");
        job->nesting_depth--;
        return -1;
    }
    job->next_statement = job_loop_start(level) + 1;
    return 0;
}

/* IF/ELSE/ENDIF and the loop statements are seen even while skipping;
 * everything else is not. */
static int nesting_statement(struct os *os, struct job *job, const struct deck_statement *st,
                             bool *handled)
{
    *handled = true;
    if (!strcmp(st->verb, "IF"))
        return do_if(os, job, st);
    if (!strcmp(st->verb, "LOOP") || !strcmp(st->verb, "EXITLOOP") ||
        !strcmp(st->verb, "ENDLOOP"))
        return loop_statement(os, job, st);
    if (!strcmp(st->verb, "ELSE")) {
        if (job->nesting_depth == 0 || job_level_is_loop(job->nesting[job->nesting_depth - 1])) {
            job_log(os, job, "ABORT", "CS005 - ELSE WITHOUT IF");
            return -1;
        }
        int *state = &job->nesting[job->nesting_depth - 1];
        *state = *state == 0 ? 1 : 2;   /* the other branch, unless already taken */
        return 0;
    }
    if (!strcmp(st->verb, "ENDIF")) {
        if (job->nesting_depth == 0 || job_level_is_loop(job->nesting[job->nesting_depth - 1])) {
            job_log(os, job, "ABORT", "CS005 - ENDIF WITHOUT IF");
            return -1;
        }
        job->nesting_depth--;
        return 0;
    }
    *handled = false;
    return 0;
}

/* SUBMIT,DN=: the dataset checked as c1sub checks a deck (submit.c,
 * against the site's limits as this OS holds them) and queued one level
 * deeper than this job; bounded in depth, per job and per site. */
static int do_submit(struct os *os, struct job *job, const struct deck_statement *st)
{
    const char *dn = deck_value(st, "DN", NULL);
    char error[256];
    if (job->submit_depth >= SUBMIT_DEPTH_MAX) {
        job_log(os, job, "ABORT", "SB003 - SUBMIT DEPTH: THIS JOB WAS SUBMITTED %u DEEP, THE "
                "SITE'S MAXIMUM", job->submit_depth);
        return -1;
    }
    if (job->submitted >= SUBMIT_PER_JOB_MAX) {
        job_log(os, job, "ABORT", "SB004 - SUBMIT COUNT: A JOB SUBMITS AT MOST %u DECKS",
                SUBMIT_PER_JOB_MAX);
        return -1;
    }
    unsigned at_site = 0;
    for (int i = 0; i < os->job_count; i++)
        if (os->jobs[i] && os->jobs[i]->submit_depth > 0 &&
            (os->jobs[i]->state == JOB_QUEUED || os->jobs[i]->state == JOB_RUNNING))
            at_site++;
    if (at_site >= SUBMIT_SITE_MAX) {
        job_log(os, job, "ABORT", "SB005 - SUBMIT COUNT: %u SUBMITTED JOBS ARE QUEUED OR RUNNING, "
                "THE SITE'S MAXIMUM", at_site);
        return -1;
    }
    char *text;
    size_t length;
    if (!dn || job_source_text(job, dn, &text, &length, error, sizeof error)) {
        job_log(os, job, "ABORT", "SB001 - SUBMIT NEEDS DN= OF A LOCAL DATASET");
        return -1;
    }
    struct submit_limits limits;
    job_deck_limits(os, &limits);
    /* Checked as c1sub checks a deck; queued through the job's SUBMIT
     * ledger (job_state.c), so a crash that makes this statement run again
     * never queues the deck twice. */
    int64_t sequence = -1;
    size_t tagged_length;
    char *tagged = NULL;
    if (submit_check_deck(text, length, &limits, error, sizeof error) == 0 &&
        (tagged = submit_tag_depth(text, length, job->submit_depth + 1, &tagged_length, error,
                                   sizeof error)))
        sequence = job_submit(os, job, tagged, tagged_length, error, sizeof error);
    free(tagged);
    free(text);
    if (sequence < 0) {
        job_log(os, job, "ABORT", "SB002 - DATASET %s REFUSED: %s", dn, error);
        return -1;
    }
    job->submitted++;
    job_log(os, job, "CSP", "DATASET %s SUBMITTED AS QUEUE ENTRY %06" PRId64 " (DEPTH %u)", dn,
            sequence, job->submit_depth + 1);
    if (os->scan_queue)
        os->scan_queue(os);
    return 0;
}

static bool has_keyword(const struct deck_statement *st, const char *keyword)
{
    int present = 0;
    deck_value(st, keyword, &present);
    return present;
}

/* SAVE's and ACCESS's COS keywords C-1 takes and ignores, said in the log. */
static void dataset_notes(struct os *os, struct job *job, const struct deck_statement *st)
{
    bool save = !strcmp(st->verb, "SAVE"), access = !strcmp(st->verb, "ACCESS");
    if ((save || access) &&
        (has_keyword(st, "R") || has_keyword(st, "W") || has_keyword(st, "M")))
        job_log(os, job, "CSP", "CS012 - %s: R=, W= AND M= IGNORED: C-1'S PERMANENT DATASETS "
                "HAVE NO PASSWORDS (ONLY THEIR OWNER READS THEM, OR ANYONE AFTER PAM=R)",
                st->verb);
    if (save && has_keyword(st, "EXO"))
        job_log(os, job, "CSP", "CS012 - SAVE: EXO= IGNORED: C-1 HAS NO EXECUTE-ONLY DATASETS");
    if (access && has_keyword(st, "ENTER"))
        job_log(os, job, "CSP", "CS012 - ACCESS: ENTER IGNORED: A LOCAL DATASET RUNS BY ITS NAME "
                "ANYWAY");
}

/* ACCOUNT: the account; US= names the job's user when its JOB statement
 * named none (COS: the user number may be on either), and must be the
 * job's user otherwise.  Passwords are not checked (C-1 has no validation
 * file): the log says so. */
static int do_account(struct os *os, struct job *job, const struct deck_statement *st)
{
    const char *us = deck_value(st, "US", NULL);
    const char *ac = deck_value(st, "AC", NULL);
    if (ac)
        snprintf(job->account, sizeof job->account, "%s", ac);
    int job_user = 0;
    if (job->deck.statement_count > 0)
        deck_value(&job->deck.statements[0], "US", &job_user);
    if (us && !job_user && !strcmp(job->user, SUBMIT_DEFAULT_USER)) {
        if (!rules_user(us)) {
            job_log(os, job, "ABORT", "AC002 - ACCOUNT US=%.20s MUST BE 1-%d LETTERS AND DIGITS, "
                    "THE FIRST A LETTER", us, RULES_USER_MAX);
            return -1;
        }
        snprintf(job->user, sizeof job->user, "%s", us);
        job_log(os, job, "CSP", "ACCOUNT: THE JOB RUNS AS USER %s", job->user);
    } else if (us && strcmp(us, job->user)) {
        job_log(os, job, "ABORT", "AC001 - ACCOUNT US=%s DOES NOT MATCH THE JOB'S USER %s", us,
                job->user);
        return -1;
    }
    if (has_keyword(st, "APW") || has_keyword(st, "NAPW") || has_keyword(st, "UPW") ||
        has_keyword(st, "NUPW"))
        job_log(os, job, "CSP", "CS012 - ACCOUNT: PASSWORDS IGNORED (C-1 HAS NO VALIDATION FILE)");
    return 0;
}

/* MEMORY,FL=n (n words), MEMORY,FL (the JOB statement's MFL), and USER
 * and AUTO, which C-1 takes and ignores (it never changes a field by
 * itself), saying so. */
static int do_memory(struct os *os, struct job *job, const struct deck_statement *st)
{
    int bare = 0;
    const char *fl = deck_value(st, "FL", &bare);
    bool user = has_keyword(st, "USER"), automatic = has_keyword(st, "AUTO");
    if (user || automatic)
        job_log(os, job, "CSP", "CS012 - MEMORY,%s IGNORED: C-1 NEVER CHANGES A FIELD BY ITSELF "
                "(MEMORY,FL= AND F$MEM DO)", user ? "USER" : "AUTO");
    if (!fl && !bare && (user || automatic))
        return 0;
    uint64_t n = 0;
    char mfl[24];
    if (!fl && bare) {
        /* Bare FL: the field the JOB statement asked for (its MFL). */
        struct submit_limits limits;
        struct submit_job asked;
        char code[8] = "", why[200];
        job_deck_limits(os, &limits);
        if (job->deck.statement_count < 1 ||
            submit_check_job(&job->deck.statements[0], &limits, &asked, code, why, sizeof why)) {
            job_log(os, job, "ABORT", "ME001 - MEMORY,FL: THE JOB STATEMENT'S MFL CANNOT BE READ");
            return -1;
        }
        snprintf(mfl, sizeof mfl, "%" PRIu32, asked.field_length);
        fl = mfl;
    }
    if (!rules_field_length(fl, &n)) {
        bool digits = fl && *fl && strspn(fl, "0123456789") == strlen(fl) &&
                      strspn(fl, "0") != strlen(fl);
        job_log(os, job, "ABORT", "ME001 - MEMORY,FL=%.20s %s %" PRIu32 " WORDS", fl ? fl : "",
                digits ? "EXCEEDS THE SITE MAXIMUM OF" : "IS NOT A FIELD LENGTH OF 1 TO",
                digits ? os->config.max_field : (uint32_t)RULES_FIELD_WORDS_MAX);
        return -1;
    }
    uint64_t length = (n + OS_FIELD_UNIT - 1) / OS_FIELD_UNIT * OS_FIELD_UNIT;
    if (length > os->config.max_field) {
        job_log(os, job, "ABORT", "ME001 - MEMORY,FL=%.20s EXCEEDS THE SITE MAXIMUM OF %" PRIu32
                " WORDS", fl, os->config.max_field);
        return -1;
    }
    if (field_resize(&os->fields, job->number, (uint32_t)length)) {
        job_log(os, job, "ABORT", "ME001 - MEMORY,FL=%.20s CANNOT BE GRANTED NOW", fl);
        return -1;
    }
    job->field_length = (uint32_t)length;
    job_log(os, job, "CSP", "FIELD LENGTH NOW %" PRIu32 " WORDS", job->field_length);
    return 0;
}

/* The keywords each verb takes (COS: an unknown keyword is a control
 * statement error).  A program run by its dataset's name takes any. */
static const struct {
    const char *verb, *keywords;
} verb_keywords[] = {
    {"ACCOUNT", "AC APW NAPW US UPW NUPW"}, {"ACCESS", "DN PDN ID OWN UQ R W M ENTER"},
    {"SAVE", "DN PDN ID PAM R W M EXO"},
    {"DELETE", "PDN ID"}, {"RELEASE", "DN"}, {"REWIND", "DN"}, {"ASSIGN", "DN"},
    {"COPYR", "I O NR"}, {"COPYF", "I O NF"}, {"COPYD", "I O"}, {"SKIPR", "DN NR"},
    {"SKIPF", "DN NF"}, {"CAL", "I B S REL"}, {"LDR", "DN LIB NOLIB MAP AB NX"},
    {"BUILD", "B OBL NBL"}, {"SUBMIT", "DN"}, {"MEMORY", "FL AUTO USER"},
    {"ECHO", "ON OFF"}, {"OPTION", "STAT"}, {"EXIT", ""}, {"DUMPJOB", ""}, {"RERUN", ""},
    {"NORERUN", ""}, {"ROLLJOB", ""}, {"SET", ""},
};

/* CS010 when the statement has a keyword its verb does not take.  0, or -1. */
static int check_keywords(struct os *os, struct job *job, const struct deck_statement *st)
{
    for (size_t v = 0; v < sizeof verb_keywords / sizeof verb_keywords[0]; v++) {
        if (strcmp(verb_keywords[v].verb, st->verb))
            continue;
        for (int i = 0; i < st->parameter_count; i++) {
            const char *k = st->parameters[i].keyword, *list = verb_keywords[v].keywords;
            size_t n = strlen(k);
            bool known = false;
            for (const char *at = list; n && (at = strstr(at, k)); at += n)
                if ((at == list || at[-1] == ' ') && (at[n] == ' ' || at[n] == '\0'))
                    known = true;
            if (!known) {
                job_log(os, job, "ABORT", "CS010 - %s HAS NO PARAMETER %.16s", st->verb, k);
                return -1;
            }
        }
        return 0;
    }
    return 0;
}

/* Run one statement.  Returns 0 to go on, 1 when a program is on the PC,
 * 2 when the job has ended, -1 when the step (statement) aborted. */
static int run_statement(struct os *os, struct job *job, const struct deck_statement *st)
{
    const char *verb = st->verb;
    char error[256];
    if (!strcmp(verb, "JOB")) {
        if (job->next_statement == 1)
            return 0;
        job_log(os, job, "ABORT", "CS006 - JOB STATEMENT NOT FIRST");
        return -1;
    }
    if (check_keywords(os, job, st))
        return -1;
    if (!strcmp(verb, "EXIT")) {
        job_end(os, job, false);
        return 2;
    }
    if (!strcmp(verb, "ACCOUNT"))
        return do_account(os, job, st);
    if (!strcmp(verb, "ECHO")) {
        const char *on = deck_value(st, "ON", NULL), *off = deck_value(st, "OFF", NULL);
        int bare_off = 0;
        deck_value(st, "OFF", &bare_off);
        if (off || bare_off)
            job->echo_off = true;
        if (on)
            job->echo_off = false;
        return 0;
    }
    if (!strcmp(verb, "OPTION")) {
        job_log(os, job, "CSP", "CS012 - OPTION IGNORED: THE STATISTICS ARE ALWAYS IN THE "
                "TRAILER (SY005)");
        return 0;
    }
    if (!strcmp(verb, "SET"))
        return do_set(os, job, st);
    if (!strcmp(verb, "RERUN") || !strcmp(verb, "NORERUN")) {
        job->rerun = !strcmp(verb, "RERUN");
        return 0;
    }
    if (!strcmp(verb, "ROLLJOB"))
        return job_drop(os, job, DROP_REASON_USER_ROLLOUT, "ROLLJOB", true) ? -1 : 0;
    if (!strcmp(verb, "DUMPJOB")) {
        job_dump(os, job);
        return 0;
    }
    if (!strcmp(verb, "MEMORY"))
        return do_memory(os, job, st);
    if (!strcmp(verb, "SUBMIT"))
        return do_submit(os, job, st);
    /* COS's dataset utilities are programs of the system, not statements
     * of its CSP: a local dataset of that name (a user's own COPYD, say)
     * runs in their place. */
    static const char *const utilities[] = {"COPYR", "COPYF", "COPYD", "SKIPR", "SKIPF"};
    for (size_t i = 0; i < sizeof utilities / sizeof *utilities; i++)
        if (!strcmp(verb, utilities[i]) && job_has_dataset(job, verb)) {
            if (job_step_statement(os, job, st))
                return -1;
            return job->step_running ? 1 : 0;
        }
    bool cos;
    int cos_status = csp_cos_statement(os, job, st, &cos);
    if (cos)
        return cos_status;
    dataset_notes(os, job, st);
    int status = job_dataset_statement(os, job, st, error, sizeof error);
    if (status > 0)
        return 0;
    if (status == -JOB_OUTPUT_BOUND_REACHED) {
        sysreq_check_bounds(os, job, error);
        return 2;
    }
    if (status < 0) {
        job_log(os, job, "ABORT", "%s", error);
        return -1;
    }
    if (!strcmp(verb, "CAL") || !strcmp(verb, "LDR") || !strcmp(verb, "BUILD") ||
        job_has_dataset(job, verb)) {
        if (job_step_statement(os, job, st))
            return -1;
        return job->step_running ? 1 : 0;
    }
    if (csp_cos_utility(verb))
        job_log(os, job, "ABORT", "CS001 - %s IS A COS UTILITY C-1 DOES NOT HAVE, AND NOT A LOCAL "
                "DATASET", verb);
    else
        job_log(os, job, "ABORT", "CS001 - %s IS NOT A STATEMENT OR A LOCAL DATASET", verb);
    return -1;
}

void job_advance(struct os *os, struct job *job)
{
    while (job->state == JOB_RUNNING && !job->step_running) {
        if (job->next_statement >= job->deck.statement_count) {
            /* Past the last statement: the end, or an abort with no EXIT. */
            job_end(os, job, job->error_path);
            return;
        }
        if (sysreq_check_bounds(os, job, NULL))
            return;   /* its log past its bound (OL002): ended */
        const struct deck_statement *st = &job->deck.statements[job->next_statement++];
        job_charge(os, job, OS_STATEMENT_CLOCKS);
        if (job->error_path) {
            if (!strcmp(st->verb, "EXIT")) {
                job->error_path = false;
                job->nesting_depth = 0;
                echo(os, job, st);
                job_log(os, job, "CSP", "ERROR PATH: CONTINUING AFTER EXIT");
            }
            continue;
        }
        bool handled;
        if (nesting_statement(os, job, st, &handled)) {
            job->error_path = true;
            continue;
        }
        if (handled || skipping(job)) {
            if (handled)
                echo(os, job, st);
            continue;
        }
        echo(os, job, st);
        size_t log_before = job->log.length;
        int status = run_statement(os, job, st);
        if (status == 2)
            return;
        if (status < 0)
            job_abort_statement(os, job, log_before);
    }
}
