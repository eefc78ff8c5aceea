/*
 * site.c - the site on disk (see site.h): layout, state, atomic writes and
 * the input queue.
 */
#include "site.h"

#include "os/disk/disk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Copy src into dst[size], cut to fit. */
static void copy_string(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void say(char *error, size_t size, const char *format, ...)
{
    if (!error || !size)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, size, format, args);
    va_end(args);
}

int site_path(const struct site *site, const char *part, const char *name, char *buf, size_t size)
{
    size_t need = strlen(site->root) + 1 + strlen(part) + (name ? 1 + strlen(name) : 0);
    if (need >= size)
        return -1;
    strcpy(buf, site->root);
    strcat(buf, "/");
    strcat(buf, part);
    if (name) {
        strcat(buf, "/");
        strcat(buf, name);
    }
    return 0;
}

/* ---- files ----------------------------------------------------------------- */

int write_file_atomic(const char *path, const void *data, size_t length)
{
    return disk_write_atomic(NULL, path, data, length, 0600);
}

char *read_file_all(const char *path, size_t *length)
{
    return disk_read_all(path, DISK_READ_MAX, length);
}

/* ---- layout and state ---------------------------------------------------------- */

static const char *const folders[] = {"queue", "drop", "out", "pds"};

static int make_folder(struct site *site, const char *path, char *error, size_t size)
{
    if (disk_make_folder(&site->disk, path)) {
        say(error, size, "cannot make the folder %s: %s", path,
            errno == ENOTDIR ? "something else (a file or a link) is there" : strerror(errno));
        return -1;
    }
    return 0;
}

static int parse_state(struct site *site, const char *text)
{
    char key[32], value[64];
    const char *line = text;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char buf[128];
        snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf - 1 ? n : sizeof buf - 1), line);
        if (sscanf(buf, "%31s %63s", key, value) == 2) {
            if (!strcmp(key, "next-job-id"))
                site->next_job_id = strtoull(value, NULL, 10);
            else if (!strcmp(key, "clock"))
                site->clock = strtoull(value, NULL, 10);
            else if (!strcmp(key, "epoch"))
                site->epoch = strtoll(value, NULL, 10);
            else if (!strcmp(key, "site"))
                copy_string(site->name, sizeof site->name, value);
        }
        line += n + (end ? 1 : 0);
    }
    return site->next_job_id >= 1 ? 0 : -1;
}

int site_save_state(struct site *site, char *error, size_t size)
{
    char path[SITE_PATH_MAX], text[256];
    if (site_path(site, "state", NULL, path, sizeof path)) {
        say(error, size, "site path too long");
        return -1;
    }
    int n = snprintf(text, sizeof text,
                     "site %s\nnext-job-id %" PRIu64 "\nclock %" PRIu64 "\nepoch %" PRId64 "\n",
                     site->name, site->next_job_id, site->clock, site->epoch);
    if (disk_write_atomic(&site->disk, path, text, (size_t)n, 0600)) {
        say(error, size, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* A default site name from the folder: letters and digits, upper case. */
static void default_name(struct site *site)
{
    const char *base = strrchr(site->root, '/');
    base = base ? base + 1 : site->root;
    size_t n = 0;
    for (const char *c = base; *c && n < sizeof site->name - 1 && n < 8; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9'))
            site->name[n++] = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
    if (n == 0)
        site->name[n++] = 'C', site->name[n++] = '1';
    site->name[n] = '\0';
}

int site_open(struct site *site, const char *root, char *error, size_t size)
{
    memset(site, 0, sizeof *site);
    site->lock_fd = -1;
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (n == 0 || n >= sizeof site->root - 32) {
        say(error, size, "bad site folder '%s'", root);
        return -1;
    }
    memcpy(site->root, root, n);
    site->root[n] = '\0';
    disk_init(&site->disk);
    if (make_folder(site, site->root, error, size))
        return -1;
    for (size_t f = 0; f < sizeof folders / sizeof folders[0]; f++) {
        char path[SITE_PATH_MAX];
        if (site_path(site, folders[f], NULL, path, sizeof path) || make_folder(site, path, error, size))
            return -1;
    }
    char path[SITE_PATH_MAX];
    if (site_path(site, "state", NULL, path, sizeof path)) {
        say(error, size, "site path too long");
        return -1;
    }
    char *text = read_file_all(path, NULL);
    if (text) {
        int status = parse_state(site, text);
        free(text);
        if (status) {
            say(error, size, "%s is damaged", path);
            return -1;
        }
        if (!site->name[0])
            default_name(site);
        return 0;
    }
    if (errno != ENOENT) {
        say(error, size, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    /* First boot. */
    site->next_job_id = 1;
    site->clock = 0;
    site->epoch = (int64_t)time(NULL);
    default_name(site);
    return site_save_state(site, error, size);
}

/* ---- one c1 per site ------------------------------------------------------------- */

int site_lock(struct site *site, char *error, size_t size)
{
    char path[SITE_PATH_MAX];
    if (site_path(site, "lock", NULL, path, sizeof path)) {
        say(error, size, "site path too long");
        return -1;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        say(error, size, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB)) {
        int busy = errno == EWOULDBLOCK;
        char holder[32] = "";
        ssize_t got = busy ? pread(fd, holder, sizeof holder - 1, 0) : -1;
        holder[got > 0 ? got : 0] = '\0';
        holder[strcspn(holder, "\n")] = '\0';
        if (busy)
            say(error, size, "the site %s is in use by another c1%s%s%s: one c1 per site",
                site->root, holder[0] ? " (pid " : "", holder, holder[0] ? ")" : "");
        else
            say(error, size, "cannot lock %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) || pwrite(fd, pid, (size_t)n, 0) != n) {
        say(error, size, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    site->lock_fd = fd;
    return 0;
}

void site_unlock(struct site *site)
{
    if (site->lock_fd >= 0)
        close(site->lock_fd);   /* releases the lock */
    site->lock_fd = -1;
}

int site_clean_temps(struct site *site)
{
    static const char *const parts[] = {"", "queue", "drop", "out", "pds"};
    int removed = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        char path[SITE_PATH_MAX];
        if (parts[i][0] ? site_path(site, parts[i], NULL, path, sizeof path)
                        : (snprintf(path, sizeof path, "%s", site->root) < 0))
            return -1;
        int n = disk_clean_temps(&site->disk, path);
        if (n < 0)
            return -1;
        removed += n;
    }
    /* Each user's permanent datasets: SITE/pds/USER/. */
    char pds[SITE_PATH_MAX];
    if (site_path(site, "pds", NULL, pds, sizeof pds))
        return -1;
    DIR *dir = opendir(pds);
    if (!dir)
        return -1;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        struct stat st;
        if (entry->d_name[0] == '.' ||
            fstatat(dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISDIR(st.st_mode))
            continue;
        char user[SITE_PATH_MAX];
        if (snprintf(user, sizeof user, "%s/%s", pds, entry->d_name) >= (int)sizeof user)
            continue;
        int n = disk_clean_temps(&site->disk, user);
        if (n > 0)
            removed += n;
    }
    closedir(dir);
    return removed;
}

/* ---- the queue --------------------------------------------------------------------- */

int64_t site_next_sequence(const char *root, char *error, size_t size)
{
    char path[SITE_PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/queue/.sequence", root);
    if (n < 0 || (size_t)n >= sizeof path) {
        say(error, size, "site path too long");
        return -1;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        say(error, size, "cannot open %s: %s (is %s a site?)", path, strerror(errno), root);
        return -1;
    }
    if (flock(fd, LOCK_EX)) {
        say(error, size, "cannot lock %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    char buf[32] = {0};
    ssize_t got = pread(fd, buf, sizeof buf - 1, 0);
    int64_t sequence = got > 0 ? strtoll(buf, NULL, 10) : 0;
    sequence++;
    n = snprintf(buf, sizeof buf, "%" PRId64 "\n", sequence);
    if (pwrite(fd, buf, (size_t)n, 0) != n || ftruncate(fd, n) || fsync(fd)) {
        say(error, size, "cannot update %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);   /* releases the lock */
    return sequence;
}

static int64_t queue_bytes(struct disk *disk, const char *root, const char *suffix,
                           const void *data, size_t length, int64_t sequence, char *error,
                           size_t size)
{
    char path[SITE_PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/queue/%06" PRId64 "%s", root, sequence, suffix);
    if (n < 0 || (size_t)n >= sizeof path) {
        say(error, size, "site path too long");
        return -1;
    }
    if (disk_write_atomic(disk, path, data, length, 0600)) {
        say(error, size, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return sequence;
}

int64_t site_queue_deck_on(struct disk *disk, const char *root, int64_t sequence,
                           const char *text, size_t length, char *error, size_t size)
{
    if (sequence <= 0 && (sequence = site_next_sequence(root, error, size)) < 0)
        return -1;
    return queue_bytes(disk, root, ".job", text, length, sequence, error, size);
}

int64_t site_queue_deck(const char *root, const char *text, size_t length, char *error,
                        size_t size)
{
    return site_queue_deck_on(NULL, root, 0, text, length, error, size);
}

int64_t site_queue_restart_on(struct disk *disk, const char *root, int64_t sequence,
                              const uint8_t *dropfile, size_t length,
                              const struct restart_request *request, char *error, size_t size)
{
    if (sequence <= 0 && (sequence = site_next_sequence(root, error, size)) < 0)
        return -1;
    char meta[256];
    int n = snprintf(meta, sizeof meta, "user %s\ntime %.9g\npriority %d\nforce %d\nautomatic %d\n",
                     request->user[0] ? request->user : "-", request->time_seconds,
                     request->priority, request->force, request->automatic);
    /* The meta first: the .drop appearing is what makes the entry whole. */
    if (queue_bytes(disk, root, ".drop.meta", meta, (size_t)n, sequence, error, size) < 0)
        return -1;
    return queue_bytes(disk, root, ".drop", dropfile, length, sequence, error, size);
}

int64_t site_queue_restart(const char *root, const uint8_t *dropfile, size_t length,
                           const struct restart_request *request, char *error, size_t size)
{
    return site_queue_restart_on(NULL, root, 0, dropfile, length, request, error, size);
}

int site_read_restart_meta(const char *path, struct restart_request *request)
{
    memset(request, 0, sizeof *request);
    request->priority = -1;
    char *text = read_file_all(path, NULL);
    if (!text)
        return errno == ENOENT ? 0 : -1;   /* no overrides */
    char key[32], value[64];
    char *line = text;
    while (*line) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (sscanf(line, "%31s %63s", key, value) == 2) {
            if (!strcmp(key, "user") && strcmp(value, "-"))
                copy_string(request->user, sizeof request->user, value);
            else if (!strcmp(key, "time"))
            {
                char *end;
                double t = strtod(value, &end);
                /* a damaged or hostile value is no override at all */
                request->time_seconds = *end || !(t >= 0 && t <= RESTART_TIME_MAX) ? 0 : t;
            }
            else if (!strcmp(key, "priority"))
                request->priority = atoi(value);
            else if (!strcmp(key, "force"))
                request->force = atoi(value) != 0;
            else if (!strcmp(key, "automatic"))
                request->automatic = atoi(value) != 0;
        }
        if (!end)
            break;
        line = end + 1;
    }
    free(text);
    return 0;
}

/* The digits an entry's name starts with (six at least: NNNNNN, then
 * NNNNNNN from the millionth entry on); 0 if it is no queue entry. */
static size_t entry_digits(const char *name)
{
    size_t digits = 0;
    while (name[digits] >= '0' && name[digits] <= '9')
        digits++;
    if (digits < 6 || digits > 18)
        return 0;
    return !strcmp(name + digits, ".job") || !strcmp(name + digits, ".drop") ? digits : 0;
}

/* Sequence order: by number, so 1000000.job comes after 999999.job. */
static int compare_names(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t dx = entry_digits(x), dy = entry_digits(y);
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return strcmp(x, y);
}

static bool queue_entry(const char *name)
{
    return entry_digits(name) != 0;
}

int site_list_queue(const struct site *site, char ***names)
{
    char path[SITE_PATH_MAX];
    if (site_path(site, "queue", NULL, path, sizeof path))
        return -1;
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    char **list = NULL;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (!queue_entry(entry->d_name))
            continue;
        char **bigger = realloc(list, sizeof *list * (size_t)(count + 1));
        char *copy = strdup(entry->d_name);
        if (bigger)
            list = bigger;
        if (!bigger || !copy) {
            free(copy);
            for (int i = 0; i < count; i++)
                free(list[i]);
            free(list);
            closedir(dir);
            return -1;
        }
        list[count++] = copy;
    }
    closedir(dir);
    if (count > 1)
        qsort(list, (size_t)count, sizeof *list, compare_names);
    *names = list;
    return count;
}
