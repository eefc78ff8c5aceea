/*
 * swf.h - workload traces in the Standard Workload Format (SWF 2.2) of the
 * Parallel Workloads Archive: one job a line, 18 whitespace-separated
 * fields, -1 for unknown, ';' comment lines with the header keywords
 * (data/traces/README.md).  The replay (replay.c) turns them into jobs.
 */
#ifndef C1_OS_SWF_H
#define C1_OS_SWF_H

#include <stddef.h>
#include <stdint.h>

enum { SWF_FIELDS = 18 };

struct swf_record {
    int64_t number;          /* 1 job number */
    int64_t submit;          /* 2 submit time, seconds from the log's start */
    int64_t wait;            /* 3 wait time */
    int64_t run;             /* 4 run time */
    int64_t procs;           /* 5 allocated processors */
    int64_t cpu_average;     /* 6 average CPU time used */
    int64_t memory_used;     /* 7 KB per processor */
    int64_t procs_requested; /* 8 */
    int64_t time_requested;  /* 9 the user's limit */
    int64_t memory_requested;/* 10 KB per processor */
    int64_t status;          /* 11 1 completed, 0 failed, 5 cancelled, 2-4 partial */
    int64_t user;            /* 12 */
    int64_t group;           /* 13 */
    int64_t executable;      /* 14 */
    int64_t queue;           /* 15 */
    int64_t partition;       /* 16 */
    int64_t preceding;       /* 17 */
    int64_t think;           /* 18 */
    int line;                /* its line in the file */
};

struct swf_problem {
    int line;
    char message[120];
};

struct swf_trace {
    struct swf_record *records;
    size_t count;
    size_t skipped;              /* malformed lines */
    struct swf_problem *problems;   /* the first SWF_PROBLEMS_KEPT of them */
    size_t problem_count;
    int64_t max_procs;           /* header MaxProcs (or MaxNodes), or the largest seen */
    char computer[64];
    char installation[96];
};

#define SWF_PROBLEMS_KEPT 100

/* Read a trace.  0, or -1 (the file cannot be read) with a message.
 * Malformed lines are skipped and reported in the trace's problems. */
int swf_read(const char *path, struct swf_trace *trace, char *error, size_t size);

/* Parse one line into a record: 0, 1 (a comment or blank line), or -1 with
 * the reason in why. */
int swf_parse_line(const char *line, struct swf_record *record, char *why, size_t size);

void swf_free(struct swf_trace *trace);

#endif
