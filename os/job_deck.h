/*
 * job_deck.h - a job made from a queued deck, its JOB statement checked.
 */
#ifndef C1_OS_JOB_DECK_H
#define C1_OS_JOB_DECK_H

#include <stddef.h>
#include <stdint.h>

#include "os.h"

/* Make a job from a queued deck.  0 and *job, or -1: the deck was rejected
 * (the reason is in the job's log and the dayfile, written by this call). */
int job_from_deck(struct os *os, int64_t sequence, const char *queue_name, const char *text,
                  size_t length, struct job **job);

struct submit_limits;
/* The site's limits as this OS holds them (its maxima, classes, devices),
 * for submit.c's checks. */
void job_deck_limits(const struct os *os, struct submit_limits *limits);

#endif
