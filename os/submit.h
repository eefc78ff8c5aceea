/*
 * submit.h - putting a deck in a site's input queue, with every check that
 * can be made before the job runs: its size, its statements parse, the
 * first is JOB, and the JOB statement asks for nothing the site cannot
 * give (a name and user by os/rules, T and MFL within the site's maxima
 * and its class's, reservations within the site's units, each device
 * once, a class that exists).  One function for c1sub, the operator's
 * SUBMIT and the SUBMIT statement of a job, so the three refuse the same
 * decks with the same messages; job_deck.c reads a queued deck's JOB
 * statement with the same check (submit_check_job), so a deck put in the
 * queue by other means is refused at the site with the same message.
 *
 * The site's limits: the running OS writes SITE/limits at boot (what it
 * was booted with: --max-time, --max-field, memory, its classes and
 * devices); c1sub reads it, or takes the defaults c1 boots with.
 */
#ifndef C1_OS_SUBMIT_H
#define C1_OS_SUBMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deck.h"

#define SUBMIT_DECK_MAX (1u << 20)   /* bytes of a deck */

/* SUBMIT from a job (C-1's choice, docs/job-control.md): a job submitted
 * by a job submitted by ... at most SUBMIT_DEPTH_MAX deep (a deck from
 * c1sub or the operator is depth 0); each job submits at most
 * SUBMIT_PER_JOB_MAX decks; at most SUBMIT_SITE_MAX submitted jobs are
 * queued or running at a site at once. */
#define SUBMIT_DEPTH_MAX 3u
#define SUBMIT_PER_JOB_MAX 8u
#define SUBMIT_SITE_MAX 32u
/* The first line of a deck a job submitted: the OS's, put before the
 * user's text, so only the OS sets it (a deck from c1sub may claim a
 * depth, never a lower one than its own 0). */
#define SUBMIT_DEPTH_TAG "*C1 SUBMITTED DEPTH="

#define SUBMIT_CLASSES_MAX 8
#define SUBMIT_DEVICES_MAX 8
#define SUBMIT_LIMITS_FILE "limits"   /* SITE/limits */

struct submit_limits {
    double clock_period;         /* ns of a clock period of the site's model */
    uint64_t max_time;           /* clocks */
    uint32_t max_field;          /* words */
    struct {
        char name[8];
        uint64_t max_time;       /* clocks; 0: the site's */
        uint32_t max_field;      /* words; 0: the site's */
    } classes[SUBMIT_CLASSES_MAX];
    int class_count;
    struct {
        char name[8];
        unsigned total;
    } devices[SUBMIT_DEVICES_MAX];
    int device_count;
};

/* What a JOB statement asks for, checked. */
#define SUBMIT_WAITS_MAX 4           /* names in one AFTER= or WAIT= */
#define SUBMIT_PDN_MAX 64            /* a permanent dataset name (RULES_PDS_NAME_MAX) */

struct submit_job {
    char name[8], user[16], class_name[8];
    int class_index;
    int priority;
    uint64_t time_limit;         /* clocks */
    uint32_t field_length;       /* words, rounded up to SUBMIT_FIELD_UNIT */
    uint64_t output_limit;       /* OLM records, 0: none */
    struct {
        char name[8];
        unsigned count;
    } devices[SUBMIT_DEVICES_MAX];
    int device_count;
    /* Dependencies (docs/job-control.md): AFTER=JN:JN... (the user's jobs of
     * those names submitted before this one have ended) and WAIT=PDN:PDN...
     * (permanent datasets of those names exist: the user's, or OWN='s). */
    char after[SUBMIT_WAITS_MAX][8];
    int after_count;
    char wait[SUBMIT_WAITS_MAX][SUBMIT_PDN_MAX + 1];
    int wait_count;
    char wait_owner[16];         /* OWN=: whose WAIT= datasets ("": the job's user) */
};

#define SUBMIT_FIELD_UNIT 512u       /* MFL rounds up to this (OS_FIELD_UNIT) */
#define SUBMIT_DEFAULT_FIELD 32768u  /* MFL when none (OS_DEFAULT_FIELD) */
#define SUBMIT_DEFAULT_USER "GUEST"  /* US when the JOB statement names none */

/* The limits c1 boots with by default (a Cray-1 of 1 M words, 3600 s,
 * EXPRESS (10 s), BATCH, STANDBY; 4 TAPE, 1 PRINTER). */
void submit_limits_default(struct submit_limits *limits);
/* SITE/limits if the site has one (written by the OS at boot), else the
 * defaults.  0 read, 1 defaults. */
int submit_limits_load(const char *root, struct submit_limits *limits);
/* Write SITE/limits atomically.  0, or -1. */
int submit_limits_save(const char *root, const struct submit_limits *limits);

/* Check a JOB statement against the limits and fill *job.  0, or -1 with
 * code ("JB00n") and message (docs/job-control.md's messages). */
int submit_check_job(const struct deck_statement *statement, const struct submit_limits *limits,
                     struct submit_job *job, char code[8], char *message, size_t size);

/* The submission depth a deck's first line records (0 when none). */
unsigned submit_depth(const char *text, size_t length);

/* Check the deck text (size, statements, its JOB statement against
 * limits).  0, or -1 with "CODE MESSAGE" (and the line) in error. */
int submit_check_deck(const char *text, size_t length, const struct submit_limits *limits,
                      char *error, size_t size);

/* Check the deck text against the site's limits (SITE/limits, or the
 * defaults) and queue it at the site in root.  The entry's sequence
 * number, or -1 with "CODE MESSAGE" (and the line) in error. */
int64_t submit_deck(const char *root, const char *text, size_t length, char *error, size_t size);

/* The same against the given limits, at a depth: a deck a job submits
 * (depth > 0) is queued with SUBMIT_DEPTH_TAG first. */
/* The deck as a job at depth queues it: a first line SUBMIT_DEPTH_TAG n
 * (none at depth 0) and the text; malloc'd, NUL-terminated.  NULL with a
 * message when memory runs out. */
char *submit_tag_depth(const char *text, size_t length, unsigned depth, size_t *tagged_length,
                       char *error, size_t size);

int64_t submit_deck_at(const char *root, const char *text, size_t length,
                       const struct submit_limits *limits, unsigned depth, char *error,
                       size_t size);

/* The same for a deck in a file (read with a bound, never through a link). */
int64_t submit_deck_file(const char *root, const char *path, char *error, size_t size);

#endif
