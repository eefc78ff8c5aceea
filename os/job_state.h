/*
 * job_state.h - SITE/running: the jobs on the machine, each with the plan
 * of the transition it is in, if any; and a boot's recovery from it.
 *
 * A line of SITE/running is "ENTRY NUMBER" for a running job, or
 *   ENTRY NUMBER EVENT LOG OUT DROP REQUEUE|MESSAGE
 * for a job whose end or drop is being published (job_commit in
 * job_end.c): LOG, OUT, DROP and REQUEUE are the site-relative names it
 * writes ("-" for none), LOG last, and its existence is the commit point;
 * MESSAGE is the dayfile line (EVENT MESSAGE) written after it.
 */
#ifndef C1_OS_JOB_STATE_H
#define C1_OS_JOB_STATE_H

#include "os.h"

/* Rewrite SITE/running (one durable step): every running job, and every
 * job with a plan. */
void job_write_running(struct os *os);

/* At boot, before the queue is read: each job SITE/running names was cut
 * off by a crash.  A job whose plan's log exists is finished (its dayfile
 * line written if missing, its queue entry removed); a plan without its
 * log is undone (what it wrote removed) and the entry runs again. */
void job_recover(struct os *os);

/* A job's SUBMIT of a deck, at most once however often a crash makes the
 * job run again: its Kth SUBMIT is recorded in queue/ENTRY.sub ("K S")
 * before queue/S.job is written, and a run again that finds K there
 * queues nothing if entry S is queued or was (the dayfile names it), or
 * writes the missing S.job.  The ledger goes with the job's entry
 * (job_remove_queue_entry).  The sequence number, or -1 with error. */
int64_t job_submit(struct os *os, struct job *job, const char *text, size_t length, char *error,
                   size_t size);

#endif
