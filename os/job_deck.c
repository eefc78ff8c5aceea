/*
 * job_deck.c - a job made from a queued deck (see job_deck.h): the deck
 * parsed, its JOB statement checked against the site's limits, classes and
 * devices (JB001-JB009), its datasets made; a rejected deck gets a log
 * with the reason and a dayfile line, and its queue entry is removed.
 *
 * Uses job.c (a job's basics), job_datasets.c ($IN, $OUT, $CS) and
 * job_end.c (a rejected job's output, freed).
 */
#include "job_deck.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "job_datasets.h"
#include "job_end.h"

/* ---- the JOB statement ------------------------------------------------------------- */

static bool alnum_name(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max || !isalpha((unsigned char)s[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]))
            return false;
    return true;
}

static int find_class(const struct os *os, const char *name)
{
    for (int c = 0; c < os->class_count; c++)
        if (!strcmp(os->classes[c].name, name))
            return c;
    return -1;
}

static int find_device(const struct os *os, const char *name)
{
    for (int d = 0; d < os->device_count; d++)
        if (!strcmp(os->devices[d].name, name))
            return d;
    return -1;
}

static int parse_seconds(const char *text, double *seconds)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v > 0) || v > 1e6)
        return -1;
    *seconds = v;
    return 0;
}

static int parse_count(const char *text, long max, long *value)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < 0 || v > max)
        return -1;
    *value = v;
    return 0;
}

/* Check the JOB statement and fill the job.  0, or -1 with code and text. */
static int read_job_statement(struct os *os, struct job *job, const struct deck_statement *st,
                              char *code, char *message, size_t size)
{
    if (strcmp(st->verb, "JOB")) {
        strcpy(code, "JB001");
        snprintf(message, size, "JOB STATEMENT MISSING (FIRST STATEMENT IS %.20s)", st->verb);
        return -1;
    }
    snprintf(job->class_name, sizeof job->class_name, "%s", OS_DEFAULT_CLASS);
    job->priority = 1;
    job->rerun = true;
    job->time_limit = os->config.max_time;
    job->field_length = OS_DEFAULT_FIELD < os->config.max_field ? OS_DEFAULT_FIELD
                                                                : os->config.max_field;
    bool have_name = false;
    for (int i = 0; i < st->parameter_count; i++) {
        const struct deck_parameter *p = &st->parameters[i];
        const char *v = p->value_count ? p->values[0] : NULL;
        long n;
        double seconds;
        if (!strcmp(p->keyword, "JN")) {
            if (!v || !alnum_name(v, 7)) {
                strcpy(code, "JB002");
                snprintf(message, size, "JN MUST BE 1-7 LETTERS AND DIGITS");
                return -1;
            }
            snprintf(job->name, sizeof job->name, "%s", v);
            have_name = true;
        } else if (!strcmp(p->keyword, "T")) {
            if (!v) {
                job->time_limit = os->config.max_time;
            } else if (parse_seconds(v, &seconds)) {
                strcpy(code, "JB003");
                snprintf(message, size, "T=%.20s IS NOT A TIME IN SECONDS", v);
                return -1;
            } else {
                job->time_limit = os_seconds_to_clocks(os, seconds);
                if (job->time_limit > os->config.max_time) {
                    strcpy(code, "JB003");
                    snprintf(message, size, "T=%.20s EXCEEDS THE SITE MAXIMUM OF %.4f SECONDS", v,
                             clocks_to_seconds(os->config.max_time, os_clock_period(os)));
                    return -1;
                }
            }
        } else if (!strcmp(p->keyword, "MFL")) {
            if (!v) {
                job->field_length = os->config.max_field;
            } else if (parse_count(v, 1L << 24, &n) || n == 0) {
                strcpy(code, "JB004");
                snprintf(message, size, "MFL=%.20s IS NOT A FIELD LENGTH", v);
                return -1;
            } else {
                uint64_t rounded = ((uint64_t)n + OS_FIELD_UNIT - 1) / OS_FIELD_UNIT * OS_FIELD_UNIT;
                if (rounded > os->config.max_field) {
                    strcpy(code, "JB004");
                    snprintf(message, size, "MFL=%ld EXCEEDS THE SITE MAXIMUM OF %" PRIu32 " WORDS",
                             n, os->config.max_field);
                    return -1;
                }
                job->field_length = (uint32_t)rounded;
            }
        } else if (!strcmp(p->keyword, "P")) {
            if (!v || parse_count(v, 15, &n)) {
                strcpy(code, "JB005");
                snprintf(message, size, "P MUST BE 0-15");
                return -1;
            }
            job->priority = (int)n;
        } else if (!strcmp(p->keyword, "US")) {
            if (!v || !alnum_name(v, 15)) {
                strcpy(code, "JB008");
                snprintf(message, size, "US MUST BE 1-15 LETTERS AND DIGITS");
                return -1;
            }
            snprintf(job->user, sizeof job->user, "%s", v);
        } else if (!strcmp(p->keyword, "OLM")) {
            if (!v || parse_count(v, 1L << 30, &n)) {
                strcpy(code, "JB009");
                snprintf(message, size, "OLM MUST BE A NUMBER OF RECORDS");
                return -1;
            }
            job->output_limit = (uint64_t)n;
        } else if (!strcmp(p->keyword, "CL")) {
            if (!v || find_class(os, v) < 0) {
                strcpy(code, "JB006");
                snprintf(message, size, "JOB CLASS %.8s DOES NOT EXIST", v ? v : "");
                return -1;
            }
            snprintf(job->class_name, sizeof job->class_name, "%s", v);
        } else if (p->keyword[0] == '*') {
            int d = find_device(os, p->keyword + 1);
            if (d < 0 || !v || parse_count(v, 64, &n) || job->device_count >= OS_MAX_DEVICES) {
                strcpy(code, "JB007");
                snprintf(message, size, "DEVICE RESERVATION %.12s IS NOT VALID AT THIS SITE",
                         p->keyword);
                return -1;
            }
            if ((unsigned)n > os->devices[d].total) {
                strcpy(code, "JB007");
                snprintf(message, size, "%.8s=%ld EXCEEDS THE SITE'S %u UNITS", p->keyword + 1, n,
                         os->devices[d].total);
                return -1;
            }
            snprintf(job->devices[job->device_count].name, sizeof job->devices[0].name, "%s",
                     p->keyword + 1);
            job->devices[job->device_count++].count = (unsigned)n;
        } else {
            strcpy(code, "JB009");
            snprintf(message, size, "UNKNOWN JOB PARAMETER %.12s", p->keyword);
            return -1;
        }
    }
    if (!have_name) {
        strcpy(code, "JB002");
        snprintf(message, size, "JN MISSING");
        return -1;
    }
    if (!job->user[0])
        snprintf(job->user, sizeof job->user, "GUEST");
    job->class_index = find_class(os, job->class_name);
    job->standby = !strcmp(job->class_name, "STANDBY");
    const struct job_class *cl = &os->classes[job->class_index];
    if (cl->max_time && job->time_limit > cl->max_time) {
        strcpy(code, "JB006");
        snprintf(message, size, "T EXCEEDS THE LIMIT OF CLASS %s", cl->name);
        return -1;
    }
    if (cl->max_field && job->field_length > cl->max_field) {
        strcpy(code, "JB006");
        snprintf(message, size, "MFL EXCEEDS THE LIMIT OF CLASS %s", cl->name);
        return -1;
    }
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
