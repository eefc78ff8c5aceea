/*
 * replay.h - replaying a historic workload (an SWF trace, swf.h) through the
 * batch OS: each record becomes a job that arrives at its submit time
 * (scaled), asks for its requested time as its T and its memory as its MFL,
 * goes to a class from its queue number, and runs a program that computes
 * for its recorded run time (scaled).  A job whose recorded run exceeds its
 * request is stopped at its limit and dropped exactly as the OS always
 * does, so the trace's historic kills reappear as dropfiles.
 *
 * Time: the time scale K maps K trace seconds onto one emulated second (80 M
 * clocks of a Cray-1).  Processors: the trace's machine had P processors,
 * C-1 has N PCs.  With the "work" mapping (the default) a record of p
 * processors runs on one PC for p / (P / N) of its recorded time, so the
 * total work keeps its share of the machine; with "wall" it runs for its
 * recorded time whatever p was.  Requests scale the same way.
 */
#ifndef C1_OS_REPLAY_H
#define C1_OS_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "os/log.h"
#include "os/os.h"
#include "swf.h"

enum replay_map { REPLAY_MAP_WORK, REPLAY_MAP_WALL };

#define REPLAY_DEFAULT_SCALE 40000.0   /* trace seconds per emulated second: the whole KTH trace in ~2-3 minutes */

struct replay_options {
    double time_scale;       /* K (default REPLAY_DEFAULT_SCALE) */
    enum replay_map map;
    size_t max_jobs;         /* --jobs M: 0 for all */
    int64_t from_job;        /* --from JOB: the first trace job number to replay (0: all) */
    uint32_t field_words;    /* MFL when the trace gives no memory request */
};

struct replay_job {
    size_t record;           /* index in the trace */
    int number;              /* the OS's job number (0: rejected) */
    uint64_t arrival, start, end;   /* clocks */
    bool started, finished, dropped;
    int pc;
    uint64_t run_clocks;     /* the CPU work it was given */
};

struct replay {
    struct replay_options options;
    const struct swf_trace *trace;
    size_t first, last;      /* records [first, last) */
    size_t next;             /* the next record to arrive */
    struct replay_job *jobs; /* one per record of the range */
    unsigned char *program;  /* the executable every job runs, COUNT patched per job */
    size_t program_length;
    uint32_t count_word;     /* the COUNT word's address in it */
    double clocks_per_iteration, base_clocks;
    double clocks_per_second;        /* of the machine's model */
    double clocks_per_trace_second;
    double work_divisor;     /* P / N */
    int64_t first_submit;
    uint64_t pc_busy[MACHINE_MAX_PCS];
    uint64_t first_clock, last_clock;
    size_t rejected;
    /* A watcher (the live display), called at least every watch_clocks of
     * machine time while the replay runs; NULL: none.  Watching changes no
     * result: the OS runs the same, in shorter stretches. */
    void (*watch)(void *context);
    void *watch_context;
    uint64_t watch_clocks;
};

/* Prepare a replay of trace on a booted OS (the OS's observer is set to
 * the replay's).  0, or -1 with a message. */
int replay_init(struct replay *replay, struct os *os, const struct swf_trace *trace,
                const struct replay_options *options, char *error, size_t size);
void replay_free(struct replay *replay);

/* Run the whole replay: jobs arrive at their clocks, the OS runs them.
 * Returns 0 when every job has ended. */
int replay_run(struct replay *replay, struct os *os);

/* The report: utilisation of each PC, waits (mean, median, 90th
 * percentile), bounded slowdown, time-limit drops, per class and in all,
 * beside the trace's own recorded waits and statuses. */
void replay_report(const struct replay *replay, const struct os *os, struct text *out);
/* The same as CSV (one row per class and one for all). */
int replay_write_csv(const struct replay *replay, const struct os *os, const char *path);

/* One line per trace job: its trace number, the OS's job number, the PC,
 * arrival, start and end (trace seconds from the first arrival), the wait
 * here and in the trace (empty when the trace does not give it), the run
 * time asked and given, and whether it was dropped at its limit. */
int replay_write_jobs_csv(const struct replay *replay, const char *path);

#endif
