/*
 * disk.h - the one way C-1 changes a disk: durable steps.
 *
 * Every change a site makes to its files is one step of this module: a
 * whole file replaced (temporary file created with O_EXCL|O_NOFOLLOW,
 * written, fsync, rename, fsync of the folder), a rename, an unlink, a
 * folder made, an append to an open file, an fsync.  Nothing here follows a
 * symbolic link: a temporary name that already exists (planted or left by a
 * crash) is never opened, and a rename replaces a link at the target path,
 * never what it points at.  A target that is a character device or a FIFO
 * (`c1cal -o /dev/null`) is written into directly, never replaced.
 *
 * Crash injection (tests/e2e/crash.sh): a struct disk counts its steps; with
 * crash_at = N (C1_CRASH_AT=N in the environment, read by disk_init) the
 * process stops dead with _exit(DISK_CRASH_EXIT) just before its Nth
 * step, as a power cut would.  The steps of one run are numbered the same
 * way every time, since the OS is deterministic.  A NULL struct disk counts
 * nothing (the tools' own output files).
 *
 * Temporary files are named ".NAME.tmp.XXXXXX" beside their target;
 * disk_clean_temps() removes them from a folder at boot.
 *
 * Group commit (disk_group.c, docs/durability.md): a disk with group set
 * makes every step visible at once, as without it (a rename is renamed, a
 * link linked), but defers the fsyncs: a temporary file's writeback is
 * started (sync_file_range) before it is renamed or linked, and the
 * folders and appended files the steps touched are fsynced together by
 * disk_commit at the end of a scheduling slice, one durable step.
 * C1_FSYNC=file in the environment turns it off (one fsync per file, as a
 * disk without group).  A disk counts the fsyncs it makes.
 *
 * Uses nothing of C-1.
 */
#ifndef C1_OS_DISK_DISK_H
#define C1_OS_DISK_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DISK_CRASH_EXIT 86                 /* the exit status of an injected crash */
#define DISK_READ_MAX (UINT64_C(1) << 31)  /* no file C-1 reads is larger (2 GiB) */

#define DISK_GROUP_MAX 16   /* files and folders one commit fsyncs (more: committed early) */

struct disk {
    uint64_t steps;       /* durable steps taken */
    uint64_t crash_at;    /* stop dead just before this step (0: never) */
    bool injecting;       /* C1_CRASH_AT is set (even to 0: count and report) */
    bool group;           /* group commit: fsyncs wait for disk_commit */
    unsigned pending_count;
    int pending[DISK_GROUP_MAX];      /* open descriptors to fsync at the commit */
    dev_t pending_dev[DISK_GROUP_MAX];
    ino_t pending_ino[DISK_GROUP_MAX];
    uint64_t fsyncs;      /* fsync(2) calls made */
    uint64_t commits;     /* group commits made (each one durable step) */
};

/* A disk counting from 0, with crash_at from $C1_CRASH_AT (0 if unset),
 * without group commit. */
void disk_init(struct disk *disk);

/* Turn group commit on for disk, unless $C1_FSYNC is "file" (then every
 * file is fsynced on its own, as before).  Whether it is on. */
bool disk_use_group_commit(struct disk *disk);

/* The end of a scheduling slice: with group commit and anything pending,
 * one durable step that fsyncs every folder and appended file the steps
 * since the last commit touched (the first fsync commits the file
 * system's journal, the others find nothing left).  0, or -1 (errno) if
 * an fsync failed.  Without group commit, nothing. */
int disk_commit(struct disk *disk);

/* With C1_CRASH_AT set: "disk: N durable steps" on stderr (how a crash
 * test learns how many steps a run takes). */
void disk_report(const struct disk *disk);

/* One durable step about to happen: counted; the process ends here if it
 * is the step to crash at.  (Each function below calls it for each of its
 * steps; exposed for the writes a caller makes on its own descriptor.) */
void disk_step(struct disk *disk);

/* Replace path with data as one step that a crash leaves either wholly old
 * or wholly new; mode for a new file (0600 in a site).  A character device
 * or FIFO at path is written into instead; a folder or other special file
 * is refused (EISDIR, EINVAL).  0, or -1 with errno set. */
int disk_write_atomic(struct disk *disk, const char *path, const void *data, size_t length,
                      mode_t mode);

/* Create path new with data, whole or not at all (written and synced under
 * a temporary name, then link(2)ed to path: fails with EEXIST if anything,
 * even a dangling link, is there), fsync of its folder.  0, or -1 (errno). */
int disk_write_new(struct disk *disk, const char *path, const void *data, size_t length,
                   mode_t mode);

/* rename(2), then fsync of the target's folder.  0, or -1 (errno). */
int disk_rename(struct disk *disk, const char *from, const char *to);

/* unlink(2), then fsync of the folder.  A missing file is no error. */
int disk_unlink(struct disk *disk, const char *path);

/* mkdir(path, 0700); a folder already there is no error, anything else
 * there (a file, a link) is (ENOTDIR). */
int disk_make_folder(struct disk *disk, const char *path);

/* Open path for appending (O_APPEND|O_CREAT|O_NOFOLLOW, mode 0600).  The
 * descriptor, or -1 (errno). */
int disk_open_append(struct disk *disk, const char *path);

/* write(2) of the whole buffer to fd, as one step.  0, or -1 (errno). */
int disk_write_all(struct disk *disk, int fd, const void *data, size_t length);

/* fsync(2) of fd, as one step. */
int disk_fsync(struct disk *disk, int fd);

/* fsync of the folder that holds path (counted in disk's fsyncs if disk
 * is not NULL; deferred to disk_commit under group commit). */
int disk_fsync_folder_of(struct disk *disk, const char *path);

/* Remove the temporary files ".NAME.tmp.XXXXXX" that a crash left in
 * folder (regular files only).  Returns how many were removed, or -1. */
int disk_clean_temps(struct disk *disk, const char *folder);

/* Read a whole regular file (never through a link, never a device or FIFO,
 * at most max bytes) into a malloc'd NUL-terminated buffer.  NULL with
 * errno set: ENOENT, ELOOP (a link), EINVAL (not a regular file), EFBIG
 * (larger than max), ... */
char *disk_read_all(const char *path, uint64_t max, size_t *length);

#endif
