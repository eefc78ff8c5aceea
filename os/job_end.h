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
void job_write_output(struct os *os, struct job *job);

/* End the job: output, accounting, dayfile; free its PC and field. */
void job_end(struct os *os, struct job *job, bool aborted);

/* Free a job that is off the machine: its deck, datasets, log, symbols,
 * and the dropfile it was restarted from. */
void job_free(struct job *job);

#endif
