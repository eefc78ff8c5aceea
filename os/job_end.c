/*
 * job_end.c - a job's end (see job_end.h): its log and $OUT written to
 * SITE/out, the accounting lines of its log, the dayfile's END or ABORTED
 * line, its PC, field and devices given back and its queue entry removed;
 * and a job freed, with the dropfile it was restarted from.
 *
 * The commit of a job's end or drop (job_commit): its plan in SITE/running,
 * then its dropfile, its requeue entry, its $OUT, and its log, the commit
 * point (a boot after a crash finishes a job whose log exists and undoes
 * the rest, job_state.c), then the dayfile line and the queue entry gone.
 *
 * Uses job.c (a job's basics), job_datasets.c ($OUT, the datasets freed)
 * and job_state.c (SITE/running).
 */
#include "job_end.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "os/dropfile/dropfile.h"
#include "job.h"
#include "job_datasets.h"
#include "job_state.h"

/* The base of a job's output names: NNNNNN.NAME of its first run. */
static void output_base(struct job *job)
{
    if (!job->output_name[0])
        snprintf(job->output_name, sizeof job->output_name, "%06d.%s", job->number,
                 job->name[0] ? job->name : "NONAME");
}

static bool taken(struct os *os, const char *stem, const char *suffix)
{
    char name[96], path[SITE_PATH_MAX];
    struct stat st;
    snprintf(name, sizeof name, "%s%s", stem, suffix);
    return site_path(&os->site, "out", name, path, sizeof path) || lstat(path, &st) == 0 ||
           errno != ENOENT;
}

/* The names of this run's outputs: BASE, then BASE-2, BASE-3, ... the
 * first whose .log and .out are both free (a restart, a rerun after a
 * crash, or another job of the same output name never overwrites). */
static int choose_stem(struct os *os, struct job *job, char *stem, size_t size)
{
    output_base(job);
    for (int k = 1; k < 10000; k++) {
        if (k == 1)
            snprintf(stem, size, "%s", job->output_name);
        else
            snprintf(stem, size, "%s-%d", job->output_name, k);
        if (!taken(os, stem, ".log") && !taken(os, stem, ".out"))
            return 0;
    }
    return -1;
}

/* Write one named file of the plan new (O_EXCL); SITE-relative name. */
static int write_new(struct os *os, const char *name, const void *data, size_t length)
{
    char path[SITE_PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", os->site.root, name) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return disk_write_new(&os->site.disk, path, data, length, 0600);
}

static void unlink_name(struct os *os, const char *name)
{
    char path[SITE_PATH_MAX];
    if (name[0] && snprintf(path, sizeof path, "%s/%s", os->site.root, name) < (int)sizeof path)
        disk_unlink(&os->site.disk, path);
}

int job_commit(struct os *os, struct job *job, struct job_transition *t)
{
    char stem[64] = "", log[96] = "", out[96] = "", drop[96] = "", requeue[64] = "";
    struct text text = {0};
    bool outputs = !os->config.no_outputs;
    bool has_out = false;
    if (outputs) {
        if (choose_stem(os, job, stem, sizeof stem)) {
            snprintf(t->error, sizeof t->error, "no free output name for %s", job->output_name);
            return -1;
        }
        has_out = job->datasets && job_output_text(job, &text) == 0;
        snprintf(log, sizeof log, "out/%s.log", stem);
        if (has_out)
            snprintf(out, sizeof out, "out/%s.out", stem);
    }
    if (t->drop_name[0])
        snprintf(drop, sizeof drop, "drop/%s", t->drop_name);
    int64_t sequence = 0;
    if (t->requeue) {
        sequence = site_next_sequence(os->site.root, t->error, sizeof t->error);
        if (sequence < 0) {
            text_free(&text);
            return -1;
        }
        snprintf(requeue, sizeof requeue, "queue/%06" PRId64 ".drop", sequence);
    }
    if (outputs) {
        /* The log names this run's outputs; the dayfile line does too. */
        job_log(os, job, "EXP", "OUTPUT %s%s%s", log, has_out ? " " : "", out);
        size_t n = strlen(t->message);
        snprintf(t->message + n, sizeof t->message - n, " output %s", stem);
        /* The plan: what this transition writes, in SITE/running first. */
        snprintf(job->plan, sizeof job->plan, "%s %s %s %s %s|%s", t->event, log,
                 out[0] ? out : "-", drop[0] ? drop : "-", requeue[0] ? requeue : "-", t->message);
        for (char *c = job->plan; *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f)
                *c = '?';
        job_write_running(os);
    }
    int status = 0;
    if (drop[0] && write_new(os, drop, t->drop_bytes, t->drop_size)) {
        snprintf(t->error, sizeof t->error, "cannot write %s: %s", drop, strerror(errno));
        status = -1;
    }
    if (!status && sequence > 0) {
        struct restart_request request = {.priority = -1, .automatic = true};
        if (site_queue_restart_on(&os->site.disk, os->site.root, sequence, t->drop_bytes,
                                  t->drop_size, &request, t->error, sizeof t->error) < 0) {
            unlink_name(os, drop);
            status = -1;
        }
    }
    if (!status && out[0] && write_new(os, out, text.data ? text.data : "", text.length)) {
        snprintf(t->error, sizeof t->error, "cannot write %s: %s", out, strerror(errno));
        status = -1;
    }
    /* The commit point: the job's log. */
    if (!status && log[0] &&
        write_new(os, log, job->log.data ? job->log.data : "", job->log.length)) {
        snprintf(t->error, sizeof t->error, "cannot write %s: %s", log, strerror(errno));
        status = -1;
    }
    text_free(&text);
    if (status) {
        if (sequence > 0) {
            char meta[80];
            snprintf(meta, sizeof meta, "%s.meta", requeue);
            unlink_name(os, requeue);
            unlink_name(os, meta);
        }
        unlink_name(os, out);
        unlink_name(os, drop);
        if (job->plan[0]) {
            job->plan[0] = '\0';
            job_write_running(os);
        }
        return -1;
    }
    dayfile_write(&os->dayfile, t->clock, t->event, "%s", t->message);
    if (sequence > 0)
        dayfile_write(&os->dayfile, t->clock, "REQUEUE", "job %d %s queued for automatic restart "
                      "as entry %06" PRId64, job->number, job->name, sequence);
    job_remove_queue_entry(os, job);
    job->plan[0] = '\0';
    os->running_changed = true;
    return 0;
}

/* Write a job's log (and $OUT) to SITE/out under names of its own. */
void job_write_output(struct os *os, struct job *job)
{
    if (os->config.no_outputs)
        return;
    char stem[64], name[96];
    if (choose_stem(os, job, stem, sizeof stem))
        return;
    struct text out = {0};
    if (job->datasets && job_output_text(job, &out) == 0) {
        snprintf(name, sizeof name, "out/%s.out", stem);
        write_new(os, name, out.data ? out.data : "", out.length);
    }
    text_free(&out);
    snprintf(name, sizeof name, "out/%s.log", stem);
    write_new(os, name, job->log.data ? job->log.data : "", job->log.length);
}

void job_end(struct os *os, struct job *job, bool aborted)
{
    uint64_t clock = job_clock(os, job);
    uint64_t used = job_clocks_used(os, job);
    if (os->observer.job_finished)
        os->observer.job_finished(os->observer.context, job, clock, false);
    job_log(os, job, "EXP", "%s", aborted ? "JOB ABORTED" : "END OF JOB");
    job_log(os, job, "EXP", "SY005 - CPU %.4f S (%" PRIu64 " CLOCKS)  MEMORY %" PRIu32
            " WORDS  I/O %" PRIu64 " WORDS", clocks_to_seconds(used, os_clock_period(os)), used,
            job->field_length, job->io_words);
    job_release_machine(os, job);
    struct job_transition t = {.event = aborted ? "ABORTED" : "END", .clock = clock};
    snprintf(t.message, sizeof t.message, "job %d %s user %s %" PRIu64 " clocks", job->number,
             job->name, job->user, used);
    if (job_commit(os, job, &t)) {
        /* The site's disk refused the outputs: the entry stays queued and
         * runs again at the next boot. */
        dayfile_write(&os->dayfile, clock, "OUTFAIL", "job %d %s: %s", job->number, job->name,
                      t.error);
    }
    job->state = JOB_DONE;
}

/* The dropfile a restarted job came from, kept for its history. */
static void free_origin(struct job *job)
{
    if (job->origin) {
        dropfile_free(job->origin);
        free(job->origin);
        job->origin = NULL;
    }
}

void job_free(struct job *job)
{
    if (!job)
        return;
    deck_free(&job->deck);
    job_datasets_free(job);
    text_free(&job->log);
    job_free_program_symbols(job);
    free_origin(job);
    free(job);
}
