/*
 * site.h - a site on disk: its folders, its state across boots, its input
 * queue, and the one way C-1 writes a file that must never be seen half
 * written (temporary name, fsync, rename, fsync of the folder).
 *
 *   SITE/queue/   job decks (NNNNNN.job) and restart requests (NNNNNN.drop,
 *                 a dropfile, with its overrides in NNNNNN.drop.meta)
 *   SITE/drop/    dropfiles written by the OS
 *   SITE/out/     each run's output: NNNNNN.NAME.log (job log) and .out ($OUT),
 *                 NNNNNN.NAME-K.* for a later run (a restart): never overwritten
 *   SITE/pds/     permanent datasets, one folder per user
 *   SITE/dayfile  the system log
 *   SITE/state    what the OS remembers across boots
 *   SITE/running  the jobs on the machine, and the plan of a job's end or
 *                 drop under way (os/job_state.c: a boot's recovery)
 *   SITE/lock     held (flock) by the one c1 running the site
 *
 * Every folder is 0700 and every file 0600: a site is its owner's alone.
 * Its files are changed only through os/disk/ (durable steps that never
 * follow a link).
 *
 * Queue entries are numbered by a sequence that c1sub and the OS take from
 * SITE/queue/.sequence under an advisory lock, so the queue's order is the
 * order of submission.  An entry is written under a name starting with '.'
 * and renamed into place: a reader never sees a half-copied deck.
 */
#ifndef C1_OS_SITE_H
#define C1_OS_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os/disk/disk.h"

#define SITE_PATH_MAX 512

struct site {
    char root[SITE_PATH_MAX];
    /* The state file's values. */
    uint64_t next_job_id;     /* job numbers, from 1 */
    uint64_t clock;           /* the machine clock when the site last stopped */
    int64_t epoch;            /* wall seconds of clock 0: dates the jobs see */
    char name[16];            /* site name (SITE= in the state, default the folder name) */
    struct disk disk;         /* every durable step the site takes (crash injection) */
    int lock_fd;              /* SITE/lock, held by the one c1 running the site; -1 */
};

/* Create the layout if missing and read the state.  0, or -1 with a message. */
int site_open(struct site *site, const char *root, char *error, size_t size);

/* Write the state file atomically. */
int site_save_state(struct site *site, char *error, size_t size);

/* Take the site for this process alone: an exclusive flock on SITE/lock
 * (holding its pid), held until site_unlock or the process ends.  A second
 * c1 on the same site is refused with a message naming the holder.  c1sub,
 * opcon and the dropfile tools take no lock: the queue's sequence has its
 * own.  0, or -1 with a message. */
int site_lock(struct site *site, char *error, size_t size);
void site_unlock(struct site *site);

/* Remove the temporary files a crash left in the site's folders (see
 * disk_clean_temps).  The count removed, or -1. */
int site_clean_temps(struct site *site);

/* SITE/<part>/<name> into buf; -1 if it does not fit. */
int site_path(const struct site *site, const char *part, const char *name, char *buf, size_t size);

/* Write data to path atomically: a temporary file in the same folder,
 * fsync, rename over path, fsync the folder.  0 or -1 (errno set).  For
 * tools outside a running site only: the running OS writes through its
 * site's struct disk, whose steps crash injection counts. */
int write_file_atomic(const char *path, const void *data, size_t length);

/* Read a whole file into a malloc'd, NUL-terminated buffer.  NULL on error
 * (errno set). */
char *read_file_all(const char *path, size_t *length);

/* Take the next queue sequence number of the site at root (locking
 * SITE/queue/.sequence).  -1 on error. */
int64_t site_next_sequence(const char *root, char *error, size_t size);

/* Queue a job deck: validated by the caller; written atomically as
 * queue/NNNNNN.job.  Returns the sequence number or -1. */
int64_t site_queue_deck(const char *root, const char *text, size_t length, char *error,
                        size_t size);

/* The same through a site's own disk (counted: crash injection), as the
 * running OS queues work (SUBMIT from a job), under a sequence number
 * already taken (sequence > 0) or a new one. */
int64_t site_queue_deck_on(struct disk *disk, const char *root, int64_t sequence,
                           const char *text, size_t length, char *error, size_t size);

/* Overrides of a restart request. */
#define RESTART_TIME_MAX 1e7      /* CPU seconds a restart may ask for (115 days) */
struct restart_request {
    char user[16];            /* "" = the dropfile's own user */
    double time_seconds;      /* CPU seconds, decimals allowed (as T=); 0 = the dropfile's own limit */
    int priority;             /* -1 = the dropfile's own */
    bool force;               /* restart even if a permanent dataset changed */
    bool automatic;           /* a STANDBY job queued again by the OS */
};

/* Queue a dropfile for restart: copies bytes as queue/NNNNNN.drop after
 * writing NNNNNN.drop.meta.  Returns the sequence number or -1. */
int64_t site_queue_restart(const char *root, const uint8_t *dropfile, size_t length,
                           const struct restart_request *request, char *error, size_t size);

/* The same through a site's disk, under a sequence number already taken
 * (sequence > 0, from site_next_sequence: the OS names a requeue entry in
 * its plan before writing it) or a new one (sequence <= 0). */
int64_t site_queue_restart_on(struct disk *disk, const char *root, int64_t sequence,
                              const uint8_t *dropfile, size_t length,
                              const struct restart_request *request, char *error, size_t size);

int site_read_restart_meta(const char *path, struct restart_request *request);

/* The entries of the queue folder in sequence order: names such as
 * "000012.job" and "000013.drop".  Returns the count (caller frees the
 * array and each name), or -1. */
int site_list_queue(const struct site *site, char ***names);

#endif
