/*
 * job.h - a job's life, between the OS's main loop (os.c) and the machine:
 * made from a deck (the JOB statement checked), its control statements run
 * one by one, its program steps put on a PC, aborts sent down the error
 * path, and its end (output and accounting), its drop to a dropfile and its
 * restart from one.
 */
#ifndef C1_OS_JOB_H
#define C1_OS_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "os.h"

/* Why a job left the machine for a dropfile (enum dropfile_reason). */

/* Make a job from a queued restart request (a dropfile).  0 and *job, or
 * -1: refused (the reason in the dayfile). */
int job_from_dropfile(struct os *os, int64_t sequence, const char *queue_name, const char *path,
                      struct job **job);

/* Write the job's dropfile (reason: enum dropfile_reason) and, unless
 * keep_running (user rollout), take it off the machine.  0 or -1. */
int job_drop(struct os *os, struct job *job, int reason, const char *note, bool keep_running);

/* The job's complete state as a dropfile in memory, exactly what job_drop
 * writes (df from dropfile_init): identity, registers and field if it is on
 * a PC, limits, datasets, job stack, log, symbols, and the history it
 * carried followed by a DROP event for reason.  Changes nothing in the job
 * or the OS (switchp writes an edited job with it).  0, or -1 with df
 * partly filled (dropfile_free it). */
int job_to_dropfile(struct os *os, const struct job *job, struct dropfile *df, int reason,
                    const char *note);

/* Clocks the job has used so far (with the current run). */
uint64_t job_clocks_used(const struct os *os, const struct job *job);

/* A job-log line at the job's present clock. */
void job_log(struct os *os, struct job *job, const char *component, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

#endif
