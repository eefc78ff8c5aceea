/*
 * submit.h - putting a deck in a site's input queue, with every check that
 * can be made before the job runs: its size, its statements parse, the
 * first is JOB.  One function for c1sub, the operator's SUBMIT and the
 * SUBMIT statement of a job, so the three refuse the same decks with the
 * same messages.
 */
#ifndef C1_OS_SUBMIT_H
#define C1_OS_SUBMIT_H

#include <stddef.h>
#include <stdint.h>

#define SUBMIT_DECK_MAX (1u << 20)   /* bytes of a deck */

/* Check the deck text and queue it at the site in root.  The entry's
 * sequence number, or -1 with "CODE MESSAGE" (and the line) in error. */
int64_t submit_deck(const char *root, const char *text, size_t length, char *error, size_t size);

/* The same for a deck in a file (read with a bound, never through a link). */
int64_t submit_deck_file(const char *root, const char *path, char *error, size_t size);

#endif
