/*
 * job_end.h - a job's end: its output, accounting and dayfile line, its
 * machine given back; a job freed.
 */
#ifndef C1_OS_JOB_END_H
#define C1_OS_JOB_END_H

#include <stdbool.h>

#include "os.h"

/* Write the job's log (and $OUT) to SITE/out, atomically (not with
 * config.no_outputs). */
/* Write a job's log (and $OUT) to SITE/out under names no other run has
 * (NNNNNN.NAME, then NNNNNN.NAME-2, ...), outside any plan: a job
 * rejected before it ran. */
void job_write_output(struct os *os, struct job *job);

/* A job's end or drop, published as one atomic step (see job_end.c). */
struct job_transition {
    const char *event;          /* END, ABORTED, DROP: its dayfile line */
    char message[400];          /* that line's text ("job N NAME ...") */
    uint64_t clock;             /* of the dayfile line */
    char drop_name[64];         /* drop/NAME written first (O_EXCL), or "" */
    const uint8_t *drop_bytes;
    size_t drop_size;
    bool requeue;               /* queue the dropfile for an automatic restart */
    char error[200];            /* why it failed */
};

/* 0 once the job's log is written (the commit point) and its queue entry
 * removed; -1 with t->error and nothing left written. */
int job_commit(struct os *os, struct job *job, struct job_transition *t);

/* End the job: output, accounting, dayfile; free its PC and field. */
void job_end(struct os *os, struct job *job, bool aborted);

/* Free a job that is off the machine: its deck, datasets, log, symbols,
 * and the dropfile it was restarted from. */
void job_free(struct job *job);

#endif
