/*
 * job_deck.c - a job made from a queued deck (see job_deck.h): the deck
 * parsed, its JOB statement checked against the site's limits, classes and
 * devices (JB001-JB009), its datasets made; a rejected deck gets a log
 * with the reason and a dayfile line, and its queue entry is removed.
 *
 * The JOB statement is checked by submit.c's submit_check_job, the check
 * c1sub, the operator's SUBMIT and a job's SUBMIT make, against the
 * site's limits as this OS holds them: a deck refused at submission is
 * refused here with the same message, whoever put it in the queue.
 *
 * Uses job.c (a job's basics), job_datasets.c ($IN, $OUT, $CS),
 * job_end.c (a rejected job's output, freed) and submit.c (the check).
 */
#include "job_deck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "job_datasets.h"
#include "job_end.h"
#include "submit.h"

/* ---- the JOB statement ------------------------------------------------------------- */

void job_deck_limits(const struct os *os, struct submit_limits *l)
{
    memset(l, 0, sizeof *l);
    l->clock_period = os_clock_period(os);
    l->max_time = os->config.max_time;
    l->max_field = os->config.max_field;
    for (int c = 0; c < os->class_count && c < SUBMIT_CLASSES_MAX; c++) {
        snprintf(l->classes[c].name, sizeof l->classes[c].name, "%s", os->classes[c].name);
        l->classes[c].max_time = os->classes[c].max_time;
        l->classes[c].max_field = os->classes[c].max_field;
        l->class_count++;
    }
    for (int d = 0; d < os->device_count && d < SUBMIT_DEVICES_MAX; d++) {
        snprintf(l->devices[d].name, sizeof l->devices[d].name, "%s", os->devices[d].name);
        l->devices[d].total = os->devices[d].total;
        l->device_count++;
    }
}

/* Check the JOB statement (submit.c's check, the one c1sub makes) and
 * fill the job.  0, or -1 with code and text. */
static int read_job_statement(struct os *os, struct job *job, const struct deck_statement *st,
                              char *code, char *message, size_t size)
{
    struct submit_limits limits;
    struct submit_job asked;
    job_deck_limits(os, &limits);
    char checked[8] = "";
    int status = submit_check_job(st, &limits, &asked, checked, message, size);
    snprintf(job->name, sizeof job->name, "%s", asked.name);   /* a rejected deck's log is named too */
    if (status) {
        snprintf(code, 6, "%.5s", checked);
        return -1;
    }
    snprintf(job->user, sizeof job->user, "%s", asked.user);
    snprintf(job->class_name, sizeof job->class_name, "%s", asked.class_name);
    job->class_index = asked.class_index;
    job->standby = !strcmp(job->class_name, "STANDBY");
    job->priority = asked.priority;
    job->rerun = true;
    job->time_limit = asked.time_limit;
    job->field_length = asked.field_length;
    job->output_limit = asked.output_limit;
    for (int d = 0; d < asked.device_count && d < OS_MAX_DEVICES; d++) {
        snprintf(job->devices[d].name, sizeof job->devices[d].name, "%s", asked.devices[d].name);
        job->devices[d].count = asked.devices[d].count;
    }
    job->device_count = asked.device_count < OS_MAX_DEVICES ? asked.device_count : OS_MAX_DEVICES;
    memcpy(job->hold.after, asked.after, sizeof job->hold.after);
    job->hold.after_count = asked.after_count;
    memcpy(job->hold.wait, asked.wait, sizeof job->hold.wait);
    job->hold.wait_count = asked.wait_count;
    memcpy(job->hold.wait_owner, asked.wait_owner, sizeof job->hold.wait_owner);
    return 0;
}

/* ---- the job -------------------------------------------------------------------------- */

int job_from_deck(struct os *os, int64_t sequence, const char *queue_name, const char *text,
                  size_t length, struct job **out)
{
    struct job *job = job_new(os, sequence, queue_name);
    if (!job)
        return -1;
    struct deck_error error;
    char code[8] = "", message[200] = "";
    if (deck_parse(text, length, &job->deck, &error)) {
        snprintf(code, sizeof code, "%s", error.code);
        snprintf(message, sizeof message, "LINE %d: %s", error.line, error.message);
    } else if (job->deck.statement_count == 0) {
        strcpy(code, "JB001");
        snprintf(message, sizeof message, "JOB STATEMENT MISSING (EMPTY DECK)");
    } else if (read_job_statement(os, job, &job->deck.statements[0], code, message,
                                  sizeof message) == 0 &&
               job_datasets_create(os, job) == 0) {
        job->submit_depth = submit_depth(text, length);
        job->next_statement = 0;   /* the JOB statement is echoed first */
        *out = job;
        dayfile_write(&os->dayfile, os->now, "QUEUED", "job %d %s user %s class %s P%d entry %s",
                      job->number, job->name, job->user, job->class_name, job->priority,
                      queue_name);
        return 0;
    } else if (!code[0]) {
        strcpy(code, "JB000");
        snprintf(message, sizeof message, "OUT OF MEMORY");
    }
    /* Rejected: a log with the reason, a dayfile line, the entry removed. */
    job_write_banner(os, job);
    job_log(os, job, "CSP", "%s - %s", code, message);
    job_log(os, job, "CSP", "JOB REJECTED.");
    job_write_output(os, job);
    dayfile_write(&os->dayfile, os->now, "REJECT", "job %d %s entry %s: %s %s", job->number,
                  job->name[0] ? job->name : "-", queue_name, code, message);
    job_remove_queue_entry(os, job);
    job_free(job);
    return -1;
}
