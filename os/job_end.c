/*
 * job_end.c - a job's end (see job_end.h): its log and $OUT written to
 * SITE/out, the accounting lines of its log, the dayfile's END or ABORTED
 * line, its PC, field and devices given back and its queue entry removed;
 * and a job freed, with the dropfile it was restarted from.
 *
 * Uses job.c (a job's basics) and job_datasets.c ($OUT, the datasets freed).
 */
#include "job_end.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "os/dropfile/dropfile.h"
#include "job.h"
#include "job_datasets.h"

/* Write a job's log (and $OUT) to SITE/out, atomically. */
void job_write_output(struct os *os, struct job *job)
{
    if (os->config.no_outputs)
        return;
    char name[64], path[SITE_PATH_MAX];
    if (!job->output_name[0])
        snprintf(job->output_name, sizeof job->output_name, "%06d.%s", job->number,
                 job->name[0] ? job->name : "NONAME");
    snprintf(name, sizeof name, "%s.log", job->output_name);
    if (!site_path(&os->site, "out", name, path, sizeof path))
        write_file_atomic(path, job->log.data ? job->log.data : "", job->log.length);
    struct text out = {0};
    if (job->datasets && job_output_text(job, &out) == 0) {
        snprintf(name, sizeof name, "%s.out", job->output_name);
        if (!site_path(&os->site, "out", name, path, sizeof path))
            write_file_atomic(path, out.data ? out.data : "", out.length);
    }
    text_free(&out);
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
    job->state = JOB_DONE;
    job_write_output(os, job);
    dayfile_write(&os->dayfile, clock, aborted ? "ABORTED" : "END", "job %d %s user %s %" PRIu64
                  " clocks", job->number, job->name, job->user, used);
    job_remove_queue_entry(os, job);
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
