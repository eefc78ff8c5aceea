/*
 * job_drop.c - a job to a dropfile and back: everything the OS knows of a
 * job (identity, limits, control-statement position, datasets, log, the
 * program's symbols, the restart history) and everything the machine holds
 * for it (registers and memory field), written atomically to SITE/drop;
 * and a job made again from such a file, on this site or another, at any
 * base address, under the same or another user.
 *
 * Uses job.c (a job's basics), job_datasets.c (the datasets in and out of
 * the dropfile), job_end.c (a dropped job's output; a refused job freed)
 * and os/dropfile/.
 */
#include "job_drop.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "os/disk/disk.h"
#include "os/dropfile/dropfile.h"
#include "job.h"
#include "job_datasets.h"
#include "job_end.h"
#include "restart_check.h"

/* The job-stack state that is the OS's own, as a versioned list. */
#define NESTING_VERSION 1
enum {
    NEST_ERROR_PATH, NEST_ECHO_OFF, NEST_RERUN, NEST_STEP_RUNNING, NEST_REPRIEVE,
    NEST_REPRIEVED, NEST_IO_WORDS, NEST_DROPS, NEST_DEPTH, NEST_LEVELS
};

int job_to_dropfile(struct os *os, const struct job *job, struct dropfile *df, int reason,
                    const char *note)
{
    char number[24], output[32];
    snprintf(number, sizeof number, "%d", job->number);
    if (job->output_name[0])
        snprintf(output, sizeof output, "%s", job->output_name);
    else
        snprintf(output, sizeof output, "%06d.%s", job->number, job->name);
    uint64_t clock = job->pc >= 0 ? os->machine->cpu[job->pc].clock : os->now;
    if (dropfile_set_string(&df->identity.job_name, job->name) ||
        dropfile_set_string(&df->identity.job_id, number) ||
        dropfile_set_string(&df->identity.user, job->user) ||
        dropfile_set_string(&df->identity.account, job->account) ||
        dropfile_set_string(&df->identity.job_class, job->class_name) ||
        dropfile_set_string(&df->identity.site, os->site.name) ||
        dropfile_set_string(&df->identity.output_name, output) ||
        dropfile_set_string(&df->drop.note, note))
        return -1;
    df->identity.priority = (uint32_t)job->priority;
    df->drop.reason = (uint32_t)reason;
    df->drop.clock = clock;
    if (job->pc >= 0 && dropfile_capture_cpu(df, &os->machine->cpu[job->pc]))
        return -1;
    df->machine.pc_count = os->config.pcs;
    df->limits.cpu_limit = job->time_limit;
    df->limits.cpu_used = job_clocks_used(os, job);
    df->limits.output_limit = job->output_limit;
    df->limits.output_used = job_output_records(job);   /* the unit of OLM: records of $OUT */
    for (int d = 0; d < job->device_count; d++)
        if (dropfile_add_device(df, job->devices[d].name, job->devices[d].count))
            return -1;
    if (job_datasets_to_dropfile(job, df))
        return -1;
    for (int s = 0; s < job->deck.statement_count; s++)
        if (dropfile_add_statement(df, job->deck.statements[s].text))
            return -1;
    df->job_stack.current = (uint32_t)job->next_statement;
    int64_t nesting[NEST_LEVELS + JOB_NESTING_MAX];
    nesting[NEST_ERROR_PATH] = job->error_path;
    nesting[NEST_ECHO_OFF] = job->echo_off;
    nesting[NEST_RERUN] = job->rerun;
    nesting[NEST_STEP_RUNNING] = job->step_running;
    nesting[NEST_REPRIEVE] = (int64_t)job->reprieve;
    nesting[NEST_REPRIEVED] = job->reprieved;
    nesting[NEST_IO_WORDS] = (int64_t)job->io_words;
    nesting[NEST_DROPS] = job->drops;
    nesting[NEST_DEPTH] = job->nesting_depth;
    for (int d = 0; d < job->nesting_depth; d++)
        nesting[NEST_LEVELS + d] = job->nesting[d];
    if (dropfile_set_nesting(df, NESTING_VERSION, nesting, NEST_LEVELS + (size_t)job->nesting_depth))
        return -1;
    for (int j = 0; j < 8; j++) {
        char name[16], value[24];
        snprintf(name, sizeof name, "J%u", (unsigned)j & 7);
        snprintf(value, sizeof value, "%" PRId64, job->symbols[j]);
        if (dropfile_add_job_symbol(df, name, value))
            return -1;
    }
    if (dropfile_add_job_symbol(df, "PROGRAM", job->program_name))
        return -1;
    if (dropfile_append_log(df, job->log.data ? job->log.data : ""))
        return -1;
    for (size_t i = 0; i < job->program_symbol_count; i++)
        if (dropfile_add_symbol(df, job->program_symbols[i].name, job->program_symbols[i].value,
                                job->program_symbols[i].attributes))
            return -1;
    /* The history: what the job carried, then this drop. */
    if (job->origin) {
        for (size_t h = 0; h < job->origin->history_count; h++) {
            const struct dropfile_history *e = &job->origin->history[h];
            if (dropfile_add_history(df, e->event, e->site, e->user, e->clock, e->reason, e->note,
                                     e->wall_time))
                return -1;
        }
    }
    int64_t now = (int64_t)time(NULL);
    if (dropfile_add_history(df, DROP_EVENT_DROP, os->site.name, job->user, clock,
                             dropfile_reason_name((uint32_t)reason), note, now))
        return -1;
    df->written_wall = now;
    return 0;
}

int job_drop(struct os *os, struct job *job, int reason, const char *note, bool keep_running)
{
    struct dropfile df;
    dropfile_init(&df);
    char name[64], path[SITE_PATH_MAX];
    job->drops++;
    snprintf(name, sizeof name, "%s.%06d.%d%s", job->name, job->number, job->drops, DROPFILE_SUFFIX);
    struct dropfile_report report = {0};
    int status = -1;
    /* The log says the dropfile was written before it is captured in it, so
     * that the restarted job's log shows the drop; if the write fails the
     * line is taken back. */
    size_t log_length = job->log.length;
    job_log(os, job, "EXP", "DF000 - DROPFILE drop/%s WRITTEN (%s)", name,
            dropfile_reason_name((uint32_t)reason));
    uint8_t *bytes = NULL;
    size_t size = 0;
    if (job_to_dropfile(os, job, &df, reason, note) == 0 &&
        site_path(&os->site, "drop", name, path, sizeof path) == 0)
        status = dropfile_encode(&df, &bytes, &size, &report);
    dropfile_free(&df);
    uint64_t clock = job->pc >= 0 ? os->machine->cpu[job->pc].clock : os->now;
    struct job_transition t = {.event = "DROP", .clock = clock, .drop_bytes = bytes,
                               .drop_size = size, .requeue = job->requeue_on_drop};
    snprintf(t.message, sizeof t.message, "job %d %s reason %s file drop/%s used %" PRIu64
             " clocks%s", job->number, job->name, dropfile_reason_name((uint32_t)reason), name,
             job_clocks_used(os, job), keep_running ? " (job goes on)" : "");
    if (!status && keep_running) {
        /* A rollout: the dropfile alone, the job goes on. */
        if (disk_write_new(&os->site.disk, path, bytes, size, 0600)) {
            snprintf(report.message, sizeof report.message, "cannot write drop/%s: %s", name,
                     strerror(errno));
            status = -1;
        }
    } else if (!status) {
        /* A drop: the dropfile, then the log (the commit point), as one
         * transition (job_commit). */
        snprintf(t.drop_name, sizeof t.drop_name, "%s", name);
        size_t before = job->log.length;
        /* A command that runs as written, from where c1 was started. */
        job_log(os, job, "EXP", "JOB DROPPED: RESTART WITH c1sub --restart %s/drop/%s --site %s",
                os->site.root, name, os->site.root);
        if (job_commit(os, job, &t)) {
            text_truncate(&job->log, before);
            snprintf(report.message, sizeof report.message, "%.200s", t.error);
            status = -1;
        }
    }
    free(bytes);
    if (status) {
        text_truncate(&job->log, log_length);
        job->drops--;   /* the next attempt takes the same name */
        job->drop_failed = true;
        job_log(os, job, "EXP", "DF001 - DROPFILE NOT WRITTEN: %s", report.message);
        dayfile_write(&os->dayfile, clock, "DROPFAIL", "job %d %s: %s", job->number, job->name,
                      report.message);
        return -1;
    }
    snprintf(job->last_dropfile, sizeof job->last_dropfile, "%s", path);
    job->drop_failed = false;
    if (keep_running) {
        dayfile_write(&os->dayfile, clock, t.event, "%s", t.message);
        return 0;
    }
    if (os->observer.job_finished)
        os->observer.job_finished(os->observer.context, job, clock, true);
    job_release_machine(os, job);
    job->state = JOB_DROPPED;
    return 0;
}

/* ---- restart ------------------------------------------------------------------------- */

/* Copy SITE/queue/from to SITE/drop/refused/to, never replacing a file. */
static int keep_copy(struct os *os, const char *from, const char *to)
{
    char source[SITE_PATH_MAX], target[SITE_PATH_MAX];
    if (site_path(&os->site, "queue", from, source, sizeof source) ||
        site_path(&os->site, "drop/refused", to, target, sizeof target))
        return -1;
    size_t length;
    char *bytes = disk_read_all(source, DISK_READ_MAX, &length);
    if (!bytes)
        return -1;
    int status = disk_write_new(&os->site.disk, target, bytes, length, 0600);
    if (status && errno == EEXIST) {
        /* The same bytes already kept (a crash before the queue's unlink):
         * done, so that recovery keeps one copy. */
        size_t kept_length;
        char *kept = disk_read_all(target, DISK_READ_MAX, &kept_length);
        if (kept && kept_length == length && !memcmp(kept, bytes, length))
            status = 0;
        free(kept);
        errno = EEXIST;
    }
    free(bytes);
    return status;
}

int job_keep_refused(struct os *os, const char *queue_name, char *kept, size_t size)
{
    char folder[SITE_PATH_MAX], meta[SITE_PATH_MAX], name[80], name_meta[96];
    kept[0] = '\0';
    if (!queue_name || !queue_name[0] || strchr(queue_name, '/') || strlen(queue_name) > 40 ||
        site_path(&os->site, "drop/refused", NULL, folder, sizeof folder) ||
        disk_make_folder(&os->site.disk, folder))
        return -1;
    snprintf(meta, sizeof meta, "%s.meta", queue_name);
    char queued_meta[SITE_PATH_MAX];
    bool has_meta = site_path(&os->site, "queue", meta, queued_meta, sizeof queued_meta) == 0 &&
                    access(queued_meta, F_OK) == 0;
    /* NNNNNN.drop, or NNNNNN.drop.K if that name holds another file:
     * nothing is ever replaced. */
    int status = -1;
    for (int k = 0; k < 100 && status; k++) {
        if (k)
            snprintf(name, sizeof name, "%s.%d", queue_name, k);
        else
            snprintf(name, sizeof name, "%s", queue_name);
        snprintf(name_meta, sizeof name_meta, "%s.meta", name);
        if ((has_meta && keep_copy(os, meta, name_meta)) || keep_copy(os, queue_name, name)) {
            if (errno != EEXIST)
                break;   /* a disk error: the entry stays in the queue */
            continue;
        }
        status = 0;
    }
    if (status)
        return -1;
    char queued[SITE_PATH_MAX];
    if (site_path(&os->site, "queue", queue_name, queued, sizeof queued) ||
        disk_unlink(&os->site.disk, queued) ||
        (has_meta && disk_unlink(&os->site.disk, queued_meta)))
        return -1;
    snprintf(kept, size, "drop/refused/%s", name);
    return 0;
}

/* The dayfile's REFUSED line, and the entry kept in SITE/drop/refused/:
 * a refused restart never destroys the only copy of a job. */
static void refuse(struct os *os, const char *queue_name, const char *path, const char *why)
{
    char kept[160];
    /* The reason last, after "): " (switchp reads it from there). */
    if (job_keep_refused(os, queue_name, kept, sizeof kept) == 0)
        dayfile_write(&os->dayfile, os->now, "REFUSED", "restart %s (kept as %s): %s", queue_name,
                      kept, why);
    else
        dayfile_write(&os->dayfile, os->now, "REFUSED", "restart %s (%s, left in the queue: it "
                      "cannot be kept in drop/refused/): %s", queue_name, path, why);
}

static int restore_stack(struct job *job, const struct dropfile *df)
{
    for (size_t s = 0; s < df->job_stack.count; s++) {
        struct deck_statement st;
        struct deck_error error;
        if (deck_parse_statement(df->job_stack.statements[s], (int)s + 1, &st, &error))
            return -1;
        struct deck_statement *all = realloc(job->deck.statements,
                                             sizeof *all * (size_t)(job->deck.statement_count + 1));
        if (!all) {
            deck_statement_free(&st);
            return -1;
        }
        job->deck.statements = all;
        job->deck.statements[job->deck.statement_count++] = st;
    }
    if (df->job_stack.current > (uint32_t)job->deck.statement_count)
        return -1;
    job->next_statement = (int)df->job_stack.current;
    const int64_t *n = df->job_stack.nesting;
    if (df->job_stack.nesting_version != NESTING_VERSION || df->job_stack.nesting_count < NEST_LEVELS)
        return -1;
    job->error_path = n[NEST_ERROR_PATH] != 0;
    job->echo_off = n[NEST_ECHO_OFF] != 0;
    job->rerun = n[NEST_RERUN] != 0;
    job->step_running = n[NEST_STEP_RUNNING] != 0;
    job->reprieve = (uint64_t)n[NEST_REPRIEVE];
    job->reprieved = n[NEST_REPRIEVED] != 0;
    job->io_words = (uint64_t)n[NEST_IO_WORDS];
    /* drops numbers the next dropfile's name (NAME.NNNNNN.K.drop). */
    if (n[NEST_DROPS] < 0 || n[NEST_DROPS] > 999999)
        return -1;
    job->drops = (int)n[NEST_DROPS];
    int64_t depth = n[NEST_DEPTH];
    if (depth < 0 || depth > JOB_NESTING_MAX ||
        df->job_stack.nesting_count != (size_t)(NEST_LEVELS + depth))
        return -1;
    job->nesting_depth = (int)depth;
    for (int d = 0; d < job->nesting_depth; d++) {
        /* An IF's state, or a LOOP's whose start is a LOOP statement. */
        int64_t level = n[NEST_LEVELS + d];
        if (level < 0 || level > JOB_LOOP_BASE + 4 * (int64_t)job->deck.statement_count)
            return -1;
        if (level >= 3 && (!job_level_is_loop((int)level) ||
                           job_loop_kind((int)level) > JOB_LOOP_SKIPPED ||
                           job_loop_start((int)level) >= job->deck.statement_count ||
                           strcmp(job->deck.statements[job_loop_start((int)level)].verb, "LOOP")))
            return -1;
        job->nesting[d] = (int)level;
    }
    for (size_t i = 0; i < df->job_symbol_count; i++) {
        const char *name = df->job_symbols[i].name;
        if (name && name[0] == 'J' && name[1] >= '0' && name[1] <= '7' && !name[2])
            job->symbols[name[1] - '0'] = strtoll(df->job_symbols[i].value, NULL, 10);
        else if (name && !strcmp(name, "PROGRAM") && df->job_symbols[i].value)
            snprintf(job->program_name, sizeof job->program_name, "%s", df->job_symbols[i].value);
    }
    return 0;
}

/* The running program's symbol table, as the loader left it (debuggers and
 * a later drop of the restarted job need it). */
static int restore_symbols(struct job *job, const struct dropfile *df)
{
    job_free_program_symbols(job);
    if (!df->symbol_count)
        return 0;
    job->program_symbols = calloc(df->symbol_count, sizeof *job->program_symbols);
    if (!job->program_symbols)
        return -1;
    for (size_t i = 0; i < df->symbol_count; i++) {
        struct dropfile_symbol *s = &job->program_symbols[i];
        s->name = strdup(df->symbols[i].name ? df->symbols[i].name : "");
        if (!s->name)
            return -1;
        s->value = df->symbols[i].value;
        s->attributes = df->symbols[i].attributes;
        job->program_symbol_count = i + 1;
    }
    return 0;
}

int job_from_dropfile(struct os *os, int64_t sequence, const char *queue_name, const char *path,
                      struct job **out)
{
    struct restart_request request;
    char meta[SITE_PATH_MAX + 8], why[512];
    snprintf(meta, sizeof meta, "%s.meta", path);
    site_read_restart_meta(meta, &request);
    struct dropfile *df = malloc(sizeof *df);
    struct dropfile_report report = {0};
    if (!df || dropfile_read_file(path, df, &report)) {
        refuse(os, queue_name, path, df ? report.message : "out of memory");
        free(df);
        return -1;
    }
    struct job *job = NULL;
    const char *reason = NULL;
    /* The one decision the tools share: user, priority, machine, time,
     * and the new user's permission on every permanent dataset. */
    struct restart_site here = {os->site.root, os->config.model, os->config.memory_words,
                                os->config.max_field, os_clock_period(os)};
    if (restart_check(&here, df, &request, why, sizeof why))
        reason = why;
    if (!reason) {
        job = job_new(os, sequence, queue_name);
        if (!job)
            reason = "out of memory";
    }
    if (!reason) {
        snprintf(job->name, sizeof job->name, "%s", df->identity.job_name);
        snprintf(job->output_name, sizeof job->output_name, "%s",
                 df->identity.output_name ? df->identity.output_name : "");
        snprintf(job->user, sizeof job->user, "%s", restart_user(df, &request));
        snprintf(job->account, sizeof job->account, "%s", df->identity.account);
        int class_index = 0;
        for (int c = 0; c < os->class_count; c++)
            if (!strcmp(os->classes[c].name, df->identity.job_class))
                class_index = c;
        job->class_index = class_index;
        snprintf(job->class_name, sizeof job->class_name, "%s", os->classes[class_index].name);
        job->standby = !strcmp(job->class_name, "STANDBY");
        job->priority = request.priority >= 0 ? request.priority : (int)df->identity.priority;
        job->time_used = df->limits.cpu_used;
        job->time_limit = request.time_seconds ? os_seconds_to_clocks(os, (double)request.time_seconds)
                                               : df->limits.cpu_limit;
        job->output_limit = df->limits.output_limit;
        job->field_length = df->machine.field_words;
        for (size_t d = 0; d < df->device_count && d < OS_MAX_DEVICES; d++) {
            snprintf(job->devices[d].name, sizeof job->devices[d].name, "%s", df->devices[d].name);
            job->devices[d].count = df->devices[d].count;
            job->device_count++;
        }
        if (restore_stack(job, df)) {
            reason = "job stack section is not one this OS wrote";
        } else if (restore_symbols(job, df)) {
            reason = "out of memory";
        }
        job->restart_forced = request.force;
    }
    if (reason) {
        refuse(os, queue_name, path, reason);
        if (job) {
            job->origin = df;
            job_free(job);
        } else {
            dropfile_free(df);
            free(df);
        }
        return -1;
    }
    text_append(&job->log, df->job_log ? df->job_log : "", df->job_log ? strlen(df->job_log) : 0);
    char error_state[200];
    if (restart_error_state(df, error_state, sizeof error_state))
        job_log(os, job, "EXP", "DF003 - RESTARTED AT AN ERROR: THE STEP ABORTS AGAIN AT ONCE "
                "(CLEAR F WITH switchp OR dropfile set FIRST)");
    int64_t now = (int64_t)time(NULL);
    const char *note = request.force ? "--force" : "";
    if (strcmp(job->user, df->identity.user))
        dropfile_add_history(df, DROP_EVENT_REHOST, os->site.name, job->user, os->now,
                             "restart under another user", df->identity.user, now);
    dropfile_add_history(df, DROP_EVENT_RESTART, os->site.name, job->user, os->now,
                         request.automatic ? "automatic (standby)" : "restart", note, now);
    job->origin = df;
    job->restore_pending = true;
    char handover[48] = "";
    if (strcmp(job->user, df->identity.user))
        snprintf(handover, sizeof handover, " (handed over from %.16s)", df->identity.user);
    dayfile_write(&os->dayfile, os->now, "RESTART", "job %d %s (was %s at %s) user %s%s entry %s%s",
                  job->number, job->name, df->identity.job_id, df->identity.site, job->user,
                  handover, queue_name, request.force ? " (--force)" : "");
    *out = job;
    return 0;
}

/* When the job gets its PC: its permanent datasets must be as they were at
 * the drop (unless the restart was forced), and its datasets come back. */
int job_restore_datasets(struct os *os, struct job *job, char *why, size_t size)
{
    why[0] = '\0';
    /* Again at start: an owner may have taken PAM=R back since the queue
     * scan.  Permission first, so that no hash of what the user may not
     * read is ever printed. */
    if (restart_check_permissions(os->site.root, job->origin, job->user, why, size))
        return -1;
    if (dropfile_check_permanent(job->origin, job_permanent_hash, os, job->restart_forced, why,
                                 size))
        return -1;
    if (job->restart_forced && why[0])
        dayfile_write(&os->dayfile, os->now, "FORCED", "job %d %s restarts although %s",
                      job->number, job->name, why);
    if (job_datasets_from_dropfile(os, job, job->origin)) {
        snprintf(why, size, "its datasets cannot be restored");
        return -1;
    }
    return 0;
}
