/*
 * job_load.h - a job's loader statements: LDR linking object modules from
 * its datasets (with libraries and the system library, a load map in its
 * log, an absolute written with AB) and BUILD making a library.
 */
#ifndef C1_OS_JOB_LOAD_H
#define C1_OS_JOB_LOAD_H

#include "os/cal/executable.h"
#include "deck.h"
#include "os.h"

/* LDR.  1: *exe (free it) is the program to run; 0: nothing to run (NX,
 * AB); -1: the statement aborted (its ABORT line logged). */
int job_load_statement(struct os *os, struct job *job, const struct deck_statement *st,
                       struct executable *exe);

/* BUILD.  0, or -1 (aborted, logged). */
int job_build_statement(struct os *os, struct job *job, const struct deck_statement *st);

#endif
