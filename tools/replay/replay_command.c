/*
 * replay_command.c - `c1 --site DIR --replay TRACE.swf ...`: the front end
 * of a workload replay (os/replay.h).  It reads the trace, boots the site
 * with the asked-for machine, runs every record as a job, prints the report
 * and writes it as CSV with --report.  The site keeps its dayfile and the
 * dropfiles of the jobs stopped at their limits; the jobs' logs are not
 * written (a trace has tens of thousands of jobs).
 */
#include "replay_command.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "os.h"
#include "replay.h"
#include "swf.h"

struct replay_command_options {
    const char *site;
    const char *trace;
    const char *report;
    unsigned pcs;
    unsigned model;
    uint32_t memory_words;
    bool timing;
    struct replay_options replay;
};

static void replay_usage(FILE *out)
{
    fprintf(out,
            "usage: c1 --site DIR --replay TRACE.swf [--pcs N] [--time-scale K] [--jobs M]\n"
            "          [--from JOB] [--proc-map work|wall] [--report FILE.csv]\n"
            "          [--model cray1|xmp] [--memory WORDS] [--no-timing]\n"
            "  Replays a Standard Workload Format trace through the site's batch OS:\n"
            "  each record arrives at its submit time divided by K (default %.0f trace\n"
            "  seconds per emulated second), asks for its requested time and memory,\n"
            "  and computes for its recorded run time.  --proc-map work (the default)\n"
            "  runs a record of p of the trace's P processors on one PC for p/(P/N) of\n"
            "  its time; wall runs it for its recorded time.  --jobs M replays M\n"
            "  records, from the record of job --from JOB.  Prints the report (PC\n"
            "  utilisation, waits, bounded slowdown, time-limit drops per class,\n"
            "  beside the trace's own) and writes it as CSV with --report.\n",
            REPLAY_DEFAULT_SCALE);
}

static int parse_unsigned(const char *text, uint64_t *value)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno || end == text || *end || text[0] == '-')
        return -1;
    *value = v;
    return 0;
}

static int parse_replay_options(int argc, char **argv, struct replay_command_options *o)
{
    *o = (struct replay_command_options){.pcs = 2, .model = MODEL_CRAY1,
                                         .memory_words = 1u << 20, .timing = true};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t number;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            replay_usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--no-timing")) {
            o->timing = false;
        } else if (!value) {
            fprintf(stderr, "c1: %s needs a value or is unknown\n", a);
            return -1;
        } else if (!strcmp(a, "--site")) {
            o->site = argv[++i];
        } else if (!strcmp(a, "--replay")) {
            o->trace = argv[++i];
        } else if (!strcmp(a, "--report")) {
            o->report = argv[++i];
        } else if (!strcmp(a, "--pcs")) {
            if (parse_unsigned(argv[++i], &number) || number < 1 || number > MACHINE_MAX_PCS) {
                fprintf(stderr, "c1: --pcs takes 1 to %d\n", MACHINE_MAX_PCS);
                return -1;
            }
            o->pcs = (unsigned)number;
        } else if (!strcmp(a, "--memory")) {
            if (parse_unsigned(argv[++i], &number) || number < 4096 || number > (1u << 24)) {
                fprintf(stderr, "c1: --memory takes 4096 to 16777216 words\n");
                return -1;
            }
            o->memory_words = (uint32_t)number;
        } else if (!strcmp(a, "--model")) {
            const char *m = argv[++i];
            if (!strcmp(m, "cray1"))
                o->model = MODEL_CRAY1;
            else if (!strcmp(m, "xmp"))
                o->model = MODEL_XMP;
            else {
                fprintf(stderr, "c1: --model takes cray1 or xmp\n");
                return -1;
            }
        } else if (!strcmp(a, "--time-scale")) {
            char *end;
            double k = strtod(argv[++i], &end);
            if (*end || !(k > 0) || k > 1e9) {
                fprintf(stderr, "c1: --time-scale takes a positive number of trace seconds per emulated second\n");
                return -1;
            }
            o->replay.time_scale = k;
        } else if (!strcmp(a, "--jobs")) {
            if (parse_unsigned(argv[++i], &number) || number < 1) {
                fprintf(stderr, "c1: --jobs takes a positive count\n");
                return -1;
            }
            o->replay.max_jobs = (size_t)number;
        } else if (!strcmp(a, "--from")) {
            if (parse_unsigned(argv[++i], &number) || number < 1 || number > INT64_MAX) {
                fprintf(stderr, "c1: --from takes a trace job number\n");
                return -1;
            }
            o->replay.from_job = (int64_t)number;
        } else if (!strcmp(a, "--proc-map")) {
            const char *m = argv[++i];
            if (!strcmp(m, "work"))
                o->replay.map = REPLAY_MAP_WORK;
            else if (!strcmp(m, "wall"))
                o->replay.map = REPLAY_MAP_WALL;
            else {
                fprintf(stderr, "c1: --proc-map takes work or wall\n");
                return -1;
            }
        } else {
            fprintf(stderr, "c1: unknown option %s for a replay\n", a);
            return -1;
        }
    }
    if (!o->site || !o->trace) {
        replay_usage(stderr);
        return -1;
    }
    return 0;
}

int replay_command(int argc, char **argv)
{
    struct replay_command_options o;
    if (parse_replay_options(argc, argv, &o))
        return 2;
    char error[300];
    struct swf_trace trace;
    if (swf_read(o.trace, &trace, error, sizeof error)) {
        fprintf(stderr, "c1: %s\n", error);
        return 2;
    }
    for (size_t i = 0; i < trace.problem_count; i++)
        fprintf(stderr, "c1: %s:%d: %s (skipped)\n", o.trace, trace.problems[i].line,
                trace.problems[i].message);
    if (trace.skipped > trace.problem_count)
        fprintf(stderr, "c1: %s: %zu more malformed lines skipped\n", o.trace,
                trace.skipped - trace.problem_count);

    struct os *os = calloc(1, sizeof *os);
    if (!os) {
        swf_free(&trace);
        return 2;
    }
    struct os_config config = {.model = o.model, .pcs = o.pcs, .memory_words = o.memory_words,
                               .timing = o.timing, .until_idle = true, .no_outputs = true};
    if (os_boot(os, o.site, &config, error, sizeof error)) {
        fprintf(stderr, "c1: %s\n", error);
        free(os);
        swf_free(&trace);
        return 2;
    }
    int status = 0;
    struct replay replay;
    if (replay_init(&replay, os, &trace, &o.replay, error, sizeof error)) {
        fprintf(stderr, "c1: %s\n", error);
        status = 2;
    } else {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        if (replay_run(&replay, os))
            status = 1;
        clock_gettime(CLOCK_MONOTONIC, &end);
        struct text report = {0};
        replay_report(&replay, os, &report);
        fputs(report.data ? report.data : "", stdout);
        text_free(&report);
        printf("host time %.1f s\n",
               (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) * 1e-9);
        if (o.report && replay_write_csv(&replay, os, o.report)) {
            fprintf(stderr, "c1: cannot write %s: %s\n", o.report, strerror(errno));
            status = 2;
        }
        replay_free(&replay);
    }
    os_shutdown(os);
    os_free(os);
    free(os);
    swf_free(&trace);
    return status;
}
