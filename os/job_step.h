/*
 * job_step.h - a job's program steps: CAL, LDR and a program run by its
 * dataset's name; a step's abort; the dump of the last program's state.
 */
#ifndef C1_OS_JOB_STEP_H
#define C1_OS_JOB_STEP_H

#include <stdbool.h>
#include <stddef.h>

#include "deck.h"
#include "os.h"

/* The CAL, LDR and program-by-name steps.  0: a program runs (or CAL
 * finished), -1: the step aborted (the reason is in the job's log). */
int job_step_statement(struct os *os, struct job *job, const struct deck_statement *st);

/* A step ends in error: the abort block in the job's log, a dropfile for
 * diagnosis (with write_dropfile, when a program was running), the dayfile's
 * ABORT line, and the error path (statements after EXIT). */
void job_abort_step(struct os *os, struct job *job, const char *code, const char *message,
                    bool write_dropfile);

/* A control statement failed: its reason, the last ABORT line its
 * processing wrote to the log since log_from ("CODE - MESSAGE"), goes to
 * the dayfile's ABORT line with its own code; then the error path. */
void job_abort_statement(struct os *os, struct job *job, size_t log_from);

/* The last program's exchange package and B registers into the job's log
 * (DUMPJOB, F$DJA). */
void job_dump(struct os *os, struct job *job);

#endif
