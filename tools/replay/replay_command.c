/*
 * replay_command.c - `c1 --site DIR --replay TRACE.swf ...`: the front end
 * of a workload replay (os/replay/replay.h).  It reads the trace, boots the site
 * with the asked-for machine, runs every record as a job, prints the report
 * and writes it as CSV with --report.  The site keeps its dayfile and the
 * dropfiles of the jobs stopped at their limits; the jobs' logs are not
 * written (a trace has tens of thousands of jobs).  With --display the
 * status display watches it live.  c1.c parses the options.
 */
#include "replay_command.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "os/os.h"
#include "os/replay/replay.h"
#include "os/replay/swf.h"

/* The live display is fed every 1/100 s of machine time (at 12.5 ns). */
#define REPLAY_WATCH_CLOCKS UINT64_C(800000)

int replay_command(const struct replay_command *o)
{
    char error[300];
    struct swf_trace trace;
    if (swf_read(o->trace, &trace, error, sizeof error)) {
        fprintf(stderr, "c1: %s\n", error);
        return 2;
    }
    for (size_t i = 0; i < trace.problem_count; i++)
        fprintf(stderr, "c1: %s:%d: %s (skipped)\n", o->trace, trace.problems[i].line,
                trace.problems[i].message);
    if (trace.skipped > trace.problem_count)
        fprintf(stderr, "c1: %s: %zu more malformed lines skipped\n", o->trace,
                trace.skipped - trace.problem_count);

    struct os *os = calloc(1, sizeof *os);
    if (!os) {
        swf_free(&trace);
        return 2;
    }
    struct os_config config = o->config;
    config.until_idle = true;
    config.no_outputs = true;
    if (os_boot(os, o->site, &config, error, sizeof error)) {
        fprintf(stderr, "c1: %s\n", error);
        free(os);
        swf_free(&trace);
        return 2;
    }
    int status = 0;
    struct replay replay;
    void *watcher = NULL;
    if (o->watch_open && !(watcher = o->watch_open(os, error, sizeof error))) {
        fprintf(stderr, "c1: %s\n", error);
        status = 2;
    } else if (replay_init(&replay, os, &trace, &o->replay, error, sizeof error)) {
        fprintf(stderr, "c1: %s\n", error);
        status = 2;
    } else {
        if (watcher) {
            replay.watch = o->watch;
            replay.watch_context = watcher;
            replay.watch_clocks = REPLAY_WATCH_CLOCKS;
        }
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        if (replay_run(&replay, os))
            status = 1;
        clock_gettime(CLOCK_MONOTONIC, &end);
        struct text report = {0};
        replay_report(&replay, os, &report);
        fputs(report.data ? report.data : "", stdout);
        text_free(&report);
        double seconds = (double)(end.tv_sec - start.tv_sec) +
                         (double)(end.tv_nsec - start.tv_nsec) * 1e-9;
        size_t jobs = replay.last - replay.first;
        printf("host time %.1f s (%.0f jobs/s)\n", seconds, seconds > 0 ? (double)jobs / seconds : 0);
        /* The site's fsyncs (os/disk): one per slice's commit under group
         * commit, several per file with C1_FSYNC=file. */
        const struct disk *disk = &os->site.disk;
        printf("fsyncs %" PRIu64 " (%.2f per job), %s, %" PRIu64 " commits\n", disk->fsyncs,
               jobs ? (double)disk->fsyncs / (double)jobs : 0.0,
               disk->group ? "group commit" : "one per file (C1_FSYNC=file)", disk->commits);
        if (o->report && replay_write_csv(&replay, os, o->report)) {
            fprintf(stderr, "c1: cannot write %s: %s\n", o->report, strerror(errno));
            status = 2;
        }
        if (o->jobs_csv && replay_write_jobs_csv(&replay, o->jobs_csv)) {
            fprintf(stderr, "c1: cannot write %s: %s\n", o->jobs_csv, strerror(errno));
            status = 2;
        }
        replay_free(&replay);
    }
    if (watcher)
        o->watch_close(watcher);
    os_shutdown(os);
    os_free(os);
    free(os);
    swf_free(&trace);
    return status;
}
