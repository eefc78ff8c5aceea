/*
 * disk.c - durable steps (see disk.h): atomic replacement through an
 * O_EXCL temporary, renames, unlinks, folders, appends, bounded reads, the
 * crash-injection counter, the boot-time cleaning of temporaries, and the
 * fsyncs, each made at once or (group commit) deferred to disk_commit
 * (disk_group.c keeps what is deferred).
 */
#include "disk.h"
#include "disk_group.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_MARK ".tmp."

void disk_init(struct disk *disk)
{
    memset(disk, 0, sizeof *disk);
    const char *at = getenv("C1_CRASH_AT");
    disk->injecting = at && *at;
    if (at && *at) {
        char *end;
        unsigned long long n = strtoull(at, &end, 10);
        if (*end == '\0')
            disk->crash_at = n;
    }
}

void disk_report(const struct disk *disk)
{
    if (disk && disk->injecting)
        fprintf(stderr, "disk: %" PRIu64 " durable steps\n", disk->steps);
}

void disk_step(struct disk *disk)
{
    if (!disk)
        return;
    disk->steps++;
    if (disk->crash_at && disk->steps == disk->crash_at)
        _exit(DISK_CRASH_EXIT);
}

static int write_fully(int fd, const void *data, size_t length)
{
    const char *p = data;
    while (length > 0) {
        ssize_t w = write(fd, p, length);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        length -= (size_t)w;
    }
    return 0;
}

/* fsync(2) now, counted. */
static int counted_fsync(struct disk *disk, int fd)
{
    if (disk)
        disk->fsyncs++;
    return fsync(fd);
}

/* fsync of fd now, or, under group commit, at the next commit. */
static int sync_or_defer(struct disk *disk, int fd)
{
    return disk && disk->group ? disk_group_defer(disk, fd) : counted_fsync(disk, fd);
}

int disk_commit(struct disk *disk)
{
    if (!disk || !disk->group || !disk->pending_count)
        return 0;
    disk_step(disk);
    disk->commits++;
    return disk_group_sync(disk);
}

int disk_fsync_folder_of(struct disk *disk, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *folder;
    if (!slash)
        folder = strdup(".");
    else if (slash == path)
        folder = strdup("/");
    else
        folder = strndup(path, (size_t)(slash - path));
    if (!folder)
        return -1;
    int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(folder);
    if (fd < 0)
        return -1;
    int status = sync_or_defer(disk, fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return status;
}

/* Keep errno across the cleanup of a failed step. */
static int fail_unlinking(const char *temp, int fd)
{
    int saved = errno;
    if (fd >= 0)
        close(fd);
    if (temp)
        unlink(temp);
    errno = saved;
    return -1;
}

/* Write into an existing device or FIFO: never replaced, never created. */
static int write_into_special(const char *path, const void *data, size_t length)
{
    int fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (write_fully(fd, data, length))
        return fail_unlinking(NULL, fd);
    return close(fd);
}

/* The data in a new file ".NAME.tmp.XXXXXX" beside path (created with
 * O_EXCL: never an existing name, never a link), with its mode, synced
 * and closed: two durable steps.  Its name (malloc'd), or NULL (errno). */
static char *write_temporary(struct disk *disk, const char *path, const void *data,
                             size_t length, mode_t mode)
{
    const char *slash = strrchr(path, '/');
    size_t dir_length = slash ? (size_t)(slash - path) + 1 : 0;
    size_t need = strlen(path) + 2 + sizeof TEMP_MARK + 6;
    char *temp = malloc(need);
    if (!temp)
        return NULL;
    snprintf(temp, need, "%.*s.%s" TEMP_MARK "XXXXXX", (int)dir_length, path, path + dir_length);
    disk_step(disk);
    int fd = mkstemp(temp);
    if (fd < 0) {
        free(temp);
        return NULL;
    }
    if (fchmod(fd, mode) || write_fully(fd, data, length)) {
        fail_unlinking(temp, fd);
        free(temp);
        return NULL;
    }
    /* Under group commit the data goes to the device now and the journal
     * commit that makes it durable waits for disk_commit. */
    disk_step(disk);
    int synced = disk && disk->group ? disk_group_write_data(fd) : counted_fsync(disk, fd);
    if (synced || close(fd)) {
        fail_unlinking(temp, -1);
        free(temp);
        return NULL;
    }
    return temp;
}

int disk_write_atomic(struct disk *disk, const char *path, const void *data, size_t length,
                      mode_t mode)
{
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
            return write_into_special(path, data, length);
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return -1;
        }
        if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
            errno = EINVAL;   /* a block device or socket: never replaced */
            return -1;
        }
    } else if (errno != ENOENT) {
        return -1;
    }

    char *temp = write_temporary(disk, path, data, length, mode);
    if (!temp)
        return -1;
    int status = -1;
    disk_step(disk);
    if (rename(temp, path)) {
        fail_unlinking(temp, -1);
    } else {
        disk_step(disk);
        status = disk_fsync_folder_of(disk, path);
    }
    free(temp);
    return status;
}

int disk_write_new(struct disk *disk, const char *path, const void *data, size_t length,
                   mode_t mode)
{
    /* Whole or not at all: written and synced under its temporary name,
     * then linked to its name (link(2) fails with EEXIST if anything, even
     * a dangling link, is there: never replaced), the temporary name
     * removed (a crash between leaves it to disk_clean_temps). */
    char *temp = write_temporary(disk, path, data, length, mode);
    if (!temp)
        return -1;
    int status = -1;
    disk_step(disk);
    if (link(temp, path)) {
        fail_unlinking(temp, -1);
    } else {
        disk_step(disk);
        unlink(temp);
        status = disk_fsync_folder_of(disk, path);
    }
    free(temp);
    return status;
}

int disk_rename(struct disk *disk, const char *from, const char *to)
{
    disk_step(disk);
    if (rename(from, to))
        return -1;
    disk_step(disk);
    return disk_fsync_folder_of(disk, to);
}

int disk_unlink(struct disk *disk, const char *path)
{
    disk_step(disk);
    if (unlink(path) && errno != ENOENT)
        return -1;
    disk_step(disk);
    return disk_fsync_folder_of(disk, path);
}

int disk_make_folder(struct disk *disk, const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return 0;
        errno = ENOTDIR;   /* a file or a link where a folder must be */
        return -1;
    }
    if (errno != ENOENT)
        return -1;
    disk_step(disk);
    if (mkdir(path, 0700) && errno != EEXIST)
        return -1;
    if (lstat(path, &st) || !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    disk_step(disk);
    return disk_fsync_folder_of(disk, path);
}

int disk_open_append(struct disk *disk, const char *path)
{
    disk_step(disk);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    return fd;
}

int disk_write_all(struct disk *disk, int fd, const void *data, size_t length)
{
    disk_step(disk);
    return write_fully(fd, data, length);
}

int disk_fsync(struct disk *disk, int fd)
{
    disk_step(disk);
    return sync_or_defer(disk, fd);
}

/* ".NAME.tmp.XXXXXX": a leading dot, the mark, six characters after it. */
static bool temp_name(const char *name)
{
    if (name[0] != '.')
        return false;
    const char *mark = strstr(name + 1, TEMP_MARK);
    if (!mark)
        return false;
    const char *last = mark;
    while ((mark = strstr(last + 1, TEMP_MARK)))
        last = mark;
    return strlen(last + sizeof TEMP_MARK - 1) == 6;
}

int disk_clean_temps(struct disk *disk, const char *folder)
{
    DIR *dir = opendir(folder);
    if (!dir)
        return -1;
    int removed = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (!temp_name(entry->d_name))
            continue;
        struct stat st;
        if (fstatat(dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
            continue;
        disk_step(disk);
        if (unlinkat(dirfd(dir), entry->d_name, 0) == 0)
            removed++;
    }
    closedir(dir);
    if (removed) {
        int fd = open(folder, O_RDONLY | O_DIRECTORY);
        if (fd >= 0) {
            disk_step(disk);
            counted_fsync(disk, fd);
            close(fd);
        }
    }
    return removed;
}

char *disk_read_all(const char *path, uint64_t max, size_t *length)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st)) {
        fail_unlinking(NULL, fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    if ((uint64_t)st.st_size > max || (uint64_t)st.st_size > DISK_READ_MAX) {
        close(fd);
        errno = EFBIG;
        return NULL;
    }
    /* The file may grow while it is read: never past max. */
    size_t capacity = (size_t)st.st_size + 1, used = 0;
    char *data = malloc(capacity + 1);
    while (data) {
        ssize_t got = read(fd, data + used, capacity - used);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            free(data);
            data = NULL;
            break;
        }
        if (got == 0)
            break;
        used += (size_t)got;
        if (used > max) {
            free(data);
            data = NULL;
            errno = EFBIG;
            break;
        }
        if (used == capacity) {
            size_t bigger_capacity = capacity * 2 > max + 1 ? (size_t)max + 1 : capacity * 2;
            char *bigger = realloc(data, bigger_capacity + 1);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity = bigger_capacity;
        }
    }
    int saved = errno;
    close(fd);
    errno = saved;
    if (!data)
        return NULL;
    data[used] = '\0';
    if (length)
        *length = used;
    return data;
}
