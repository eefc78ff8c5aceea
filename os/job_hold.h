/*
 * job_hold.h - a queued job held by its dependencies (the JOB statement's
 * AFTER= and WAIT=, docs/job-control.md): it does not start while a job of
 * its user named in AFTER= and submitted before it is queued or running,
 * nor while a permanent dataset named in WAIT= (its user's, or OWN='s) is
 * missing.  Whether the job's user may read it is ACCESS's to say.  A
 * held job takes no PC, field or unit and holds up no other job.
 *
 * Uses job.c (a job's basics) and os/datasets/pds.c.
 */
#ifndef C1_OS_JOB_HOLD_H
#define C1_OS_JOB_HOLD_H

#include <stdbool.h>
#include <stddef.h>

#include "os.h"

/* Is the job held?  true with "job WRITER (3)" or "permanent dataset
 * ALICE/RESULTS" in why.  The datasets are looked for again only after a SAVE or
 * a queue scan (os->pds_changes). */
bool job_held(struct os *os, struct job *job, char *why, size_t size);

/* The dayfile's HOLD line, once for each new reason a job is held. */
void job_note_hold(struct os *os, struct job *job, const char *why);

#endif
