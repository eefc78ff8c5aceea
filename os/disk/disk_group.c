/*
 * disk_group.c - the bookkeeping of group commit (disk_group.h): the
 * folders and appended files a slice's steps touched, fsynced together at
 * its commit, and the device write of a temporary file's data that lets
 * its rename wait for that commit (docs/durability.md gives the argument).
 */
#define _GNU_SOURCE   /* sync_file_range */
#include "disk_group.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool disk_use_group_commit(struct disk *disk)
{
    const char *mode = getenv("C1_FSYNC");
    disk->group = !(mode && !strcmp(mode, "file"));
    return disk->group;
}

int disk_group_write_data(int fd)
{
    /* Writeback started, not waited for: its blocks are allocated now, in
     * the journal's running transaction, so the journal commit that could
     * make a later rename durable writes this data first (ext4's ordered
     * data mode; docs/durability.md). */
    return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE);
}

int disk_group_sync(struct disk *disk)
{
    int status = 0, first_error = 0;
    for (unsigned i = 0; i < disk->pending_count; i++) {
        disk->fsyncs++;
        if (fsync(disk->pending[i]) && !status) {
            status = -1;
            first_error = errno;
        }
        close(disk->pending[i]);
    }
    disk->pending_count = 0;
    if (status)
        errno = first_error;
    return status;
}

int disk_group_defer(struct disk *disk, int fd)
{
    struct stat st;
    if (fstat(fd, &st))
        return -1;
    for (unsigned i = 0; i < disk->pending_count; i++)
        if (disk->pending_dev[i] == st.st_dev && disk->pending_ino[i] == st.st_ino)
            return 0;
    if (disk->pending_count == DISK_GROUP_MAX && disk_group_sync(disk))
        return -1;
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        return -1;
    unsigned i = disk->pending_count++;
    disk->pending[i] = copy;
    disk->pending_dev[i] = st.st_dev;
    disk->pending_ino[i] = st.st_ino;
    return 0;
}
