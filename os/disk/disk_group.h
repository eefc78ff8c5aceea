/*
 * disk_group.h - group commit's bookkeeping, for disk.c alone: the
 * descriptors a commit will fsync, and a temporary file's writeback
 * started without a journal commit.  (disk.h has the public side:
 * disk_use_group_commit, disk_commit.)
 */
#ifndef C1_OS_DISK_DISK_GROUP_H
#define C1_OS_DISK_DISK_GROUP_H

#include "disk.h"

/* The writeback of fd's data started (sync_file_range), which allocates
 * its blocks now: the journal commit that makes a later rename or link
 * durable writes this data first (docs/durability.md).  0, or -1 (errno). */
int disk_group_write_data(int fd);

/* Remember fd (a folder or an appended file; duplicated, so the caller
 * may close it) for the next commit; once per file.  When DISK_GROUP_MAX
 * are pending, they are fsynced first.  0, or -1 (errno). */
int disk_group_defer(struct disk *disk, int fd);

/* fsync and close every pending descriptor, counted in disk->fsyncs.
 * 0, or -1 (errno of the first failure; the others are still synced). */
int disk_group_sync(struct disk *disk);

#endif
