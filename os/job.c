/*
 * job.c - a job's life (see job.h): creation from a deck, the control
 * statement processor, program steps, aborts, the end of a job.  Drops and
 * restarts are in job_drop.c, system requests in sysreq.c, datasets in
 * job_datasets.c.
 *
 * Message codes C-1 uses in job logs (COS's where known, cos-interface.md):
 *   JB001-JB009  the JOB statement        CC001-CC007  deck syntax (deck.c)
 *   CS001        unknown statement        CS032        dataset not local
 *   AB001        error exit               AB002/AB003  operand / program range
 *   AB004        bad system request       AB005        floating-point error
 *   AB025        user program requested abort (COS)
 *   CA001        CAL errors               LD001        loader errors
 */
#include "job.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/cal/cal.h"
#include "os/dropfile/dropfile.h"
#include "emu/exchange.h"
#include "os/cal/executable.h"
#include "job_datasets.h"
#include "job_end.h"
#include "job_internal.h"
#include "job_step.h"
#include "sysreq.h"

/* ---- clocks and the log ------------------------------------------------------------ */

double os_clock_period(const struct os *os) { return os->config.model == MODEL_XMP ? 9.5 : 12.5; }

uint64_t os_seconds_to_clocks(const struct os *os, double seconds)
{
    return (uint64_t)(seconds * 1e9 / os_clock_period(os) + 0.5);
}

struct cpu *job_cpu(struct os *os, const struct job *job)
{
    return job->pc >= 0 ? &os->machine->cpu[job->pc] : NULL;
}

uint64_t job_clocks_used(const struct os *os, const struct job *job)
{
    if (job->pc < 0)
        return job->time_used;
    return job->time_used + (os->machine->cpu[job->pc].clock - job->run_start_clock);
}

uint64_t job_clock(const struct os *os, const struct job *job)
{
    return job->pc >= 0 ? os->machine->cpu[job->pc].clock : os->now;
}

void job_log(struct os *os, struct job *job, const char *component, const char *format, ...)
{
    char text[512];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    joblog_line(&job->log, os->site.epoch, job_clock(os, job), os_clock_period(os),
                job_clocks_used(os, job), component, "%s", text);
}

/* OS work charged to the job: its PC's clock moves on. */
void job_charge(struct os *os, struct job *job, uint64_t clocks)
{
    if (job->pc >= 0)
        os->machine->cpu[job->pc].clock += clocks;
}

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

void job_write_banner(struct os *os, struct job *job)
{
    text_printf(&job->log,
                "1    %s   %s %u PC%s %" PRIu32 " WORDS   SITE %s\n"
                "     JOB %d %s   USER %s   CLASS %s   T %.4f S   MFL %" PRIu32 "\n\n",
                OS_VERSION, os->config.model == MODEL_XMP ? "CRAY X-MP" : "CRAY-1",
                os->config.pcs, os->config.pcs > 1 ? "S" : "", os->config.memory_words,
                os->site.name, job->number, job->name, job->user, job->class_name,
                clocks_to_seconds(job->time_limit, os_clock_period(os)), job->field_length);
}

void job_remove_queue_entry(struct os *os, const struct job *job)
{
    char path[SITE_PATH_MAX];
    if (!job->queue_name[0] || site_path(&os->site, "queue", job->queue_name, path, sizeof path))
        return;
    unlink(path);
    size_t n = strlen(path);
    if (n > 5 && !strcmp(path + n - 5, ".drop") && n + 5 < sizeof path) {
        strcat(path, ".meta");
        unlink(path);
    }
}

struct job *job_new(struct os *os, int64_t sequence, const char *queue_name)
{
    struct job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    job->number = (int)os->site.next_job_id++;
    job->tag = -1;
    job->sequence = sequence;
    snprintf(job->queue_name, sizeof job->queue_name, "%s", queue_name);
    job->pc = -1;
    job->state = JOB_QUEUED;
    return job;
}

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

/* ---- steps: CAL, LDR, a program by name --------------------------------------------- */

void job_free_program_symbols(struct job *job)
{
    for (size_t i = 0; i < job->program_symbol_count; i++)
        free(job->program_symbols[i].name);
    free(job->program_symbols);
    job->program_symbols = NULL;
    job->program_symbol_count = 0;
}

/* ---- aborts, exchanges, limits, the end ----------------------------------------------- */

/* Give back the job's PC, field and devices. */
void job_release_machine(struct os *os, struct job *job)
{
    if (job->pc >= 0) {
        job->time_used = job_clocks_used(os, job);
        struct cpu *cpu = &os->machine->cpu[job->pc];
        cpu->flags = 0;
        cpu->monitor_exit = false;
        os->pc_job[job->pc] = -1;
        os->pc_running[job->pc] = NULL;
        os->machine->idle[job->pc] = true;
        job->pc = -1;
        os->running_changed = true;
    }
    field_release(&os->fields, job->number);
    for (int d = 0; d < job->device_count; d++) {
        for (int s = 0; s < os->device_count; s++)
            if (!strcmp(os->devices[s].name, job->devices[d].name))
                os->devices[s].in_use -= job->devices[d].count;
    }
    job->step_running = false;
}
