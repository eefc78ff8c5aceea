/*
 * job_drop.h - a job to a dropfile and back: its drop (time limit,
 * operator, preemption, rollout, an abort's diagnosis) and its restart,
 * on this site or another.
 */
#ifndef C1_OS_JOB_DROP_H
#define C1_OS_JOB_DROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os.h"

struct dropfile;

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

/* Make a job from a queued restart request (a dropfile).  0 and *job, or
 * -1: refused (the reason in the dayfile). */
int job_from_dropfile(struct os *os, int64_t sequence, const char *queue_name, const char *path,
                      struct job **job);

/* Move the refused restart request SITE/queue/queue_name (and its .meta)
 * to SITE/drop/refused/ under the same name (NAME.K if taken), each file
 * created new, never replacing one.  0 and "drop/refused/NAME" in kept, or
 * -1 (the entry stays in the queue). */
int job_keep_refused(struct os *os, const char *queue_name, char *kept, size_t size);

/* When a restarted job gets its PC: its permanent datasets checked against
 * the drop (unless the restart was forced) and its datasets restored.  0,
 * or -1 with the reason in why. */
int job_restore_datasets(struct os *os, struct job *job, char *why, size_t size);

#endif
