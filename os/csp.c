/*
 * csp.c - the control statement processor: a job's statements, one by one,
 * between its program steps (job_advance), as COS's CSP ran them.
 *
 * Statements: JOB (first), ACCOUNT, the dataset verbs (job_datasets.c),
 * CAL, LDR, a local dataset's name (run it), EXIT and the error path after
 * it, DUMPJOB, SUBMIT, MEMORY, RERUN/NORERUN, ROLLJOB, ECHO, OPTION,
 * SET(Jn=expr), IF(cond) / ELSE / ENDIF.  Every statement is echoed to the
 * job log (component CSP) with passwords blanked, unless ECHO,OFF.
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
#include "csp_expr.h"
#include "job.h"
#include "job_state.h"
#include "job_datasets.h"
#include "job_drop.h"
#include "job_end.h"
#include "job_step.h"

/* ---- the statements ------------------------------------------------------------------ */

static bool skipping(const struct job *job)
{
    for (int d = 0; d < job->nesting_depth; d++)
        if (job->nesting[d] != 1)
            return true;
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

/* IF/ELSE/ENDIF are seen even while skipping; everything else is not. */
static int nesting_statement(struct os *os, struct job *job, const struct deck_statement *st,
                             bool *handled)
{
    *handled = true;
    if (!strcmp(st->verb, "IF"))
        return do_if(os, job, st);
    if (!strcmp(st->verb, "ELSE")) {
        if (job->nesting_depth == 0) {
            job_log(os, job, "ABORT", "CS005 - ELSE WITHOUT IF");
            return -1;
        }
        int *state = &job->nesting[job->nesting_depth - 1];
        *state = *state == 0 ? 1 : 2;   /* the other branch, unless already taken */
        return 0;
    }
    if (!strcmp(st->verb, "ENDIF")) {
        if (job->nesting_depth == 0) {
            job_log(os, job, "ABORT", "CS005 - ENDIF WITHOUT IF");
            return -1;
        }
        job->nesting_depth--;
        return 0;
    }
    *handled = false;
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
    if (!strcmp(verb, "EXIT")) {
        job_end(os, job, false);
        return 2;
    }
    if (!strcmp(verb, "ACCOUNT")) {
        const char *us = deck_value(st, "US", NULL);
        const char *ac = deck_value(st, "AC", NULL);
        if (ac)
            snprintf(job->account, sizeof job->account, "%s", ac);
        if (us && strcmp(us, job->user)) {
            job_log(os, job, "ABORT", "AC001 - ACCOUNT US=%s DOES NOT MATCH THE JOB'S USER %s", us,
                    job->user);
            return -1;
        }
        return 0;
    }
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
    if (!strcmp(verb, "OPTION"))
        return 0;   /* STAT=ON/OFF: statistics are always in the trailer */
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
    if (!strcmp(verb, "MEMORY")) {
        const char *fl = deck_value(st, "FL", NULL);
        long n = fl ? strtol(fl, NULL, 10) : 0;
        uint32_t length = (uint32_t)((n + OS_FIELD_UNIT - 1) / OS_FIELD_UNIT * OS_FIELD_UNIT);
        if (n <= 0 || length > os->config.max_field ||
            field_resize(&os->fields, job->number, length)) {
            job_log(os, job, "ABORT", "ME001 - MEMORY,FL=%s CANNOT BE GRANTED", fl ? fl : "");
            return -1;
        }
        job->field_length = length;
        job_log(os, job, "CSP", "FIELD LENGTH NOW %" PRIu32 " WORDS", length);
        return 0;
    }
    if (!strcmp(verb, "SUBMIT")) {
        const char *dn = deck_value(st, "DN", NULL);
        char *text;
        size_t length;
        if (!dn || job_source_text(job, dn, &text, &length, error, sizeof error)) {
            job_log(os, job, "ABORT", "SB001 - SUBMIT NEEDS DN= OF A LOCAL DATASET");
            return -1;
        }
        int64_t sequence = job_submit(os, job, text, length, error, sizeof error);
        free(text);
        if (sequence < 0) {
            job_log(os, job, "ABORT", "SB002 - %s", error);
            return -1;
        }
        job_log(os, job, "CSP", "DATASET %s SUBMITTED AS QUEUE ENTRY %06" PRId64, dn, sequence);
        if (os->scan_queue)
            os->scan_queue(os);
        return 0;
    }
    int status = job_dataset_statement(os, job, st, error, sizeof error);
    if (status > 0)
        return 0;
    if (status < 0) {
        job_log(os, job, "ABORT", "%s", error);
        return -1;
    }
    if (!strcmp(verb, "CAL") || !strcmp(verb, "LDR") || job_has_dataset(job, verb)) {
        if (job_step_statement(os, job, st))
            return -1;
        return job->step_running ? 1 : 0;
    }
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
        int status = run_statement(os, job, st);
        if (status == 2)
            return;
        if (status < 0) {
            job_abort_step(os, job, "CS000", "CONTROL STATEMENT ERROR", false);
        }
    }
}
