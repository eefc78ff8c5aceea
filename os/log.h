/*
 * log.h - the OS's two logs.
 *
 * The job log follows the COS layout (cos-interface.md): time of day,
 * the job's CPU seconds, then C-1's clock count beside them, the component
 * (CSP, USER, EXP, ABORT, ...) and the text with its message code.  The
 * time of day is the site's epoch plus the machine clock at 12.5 ns, so a
 * log is the same in every run of the same site.
 *
 * The dayfile (SITE/dayfile) has one line per system event: the machine
 * clock first, then the event and its details, and the wall-clock time
 * last (the one column that differs between two runs).
 */
#ifndef C1_OS_LOG_H
#define C1_OS_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct disk;

struct text {
    char *data;        /* NUL-terminated (or NULL while empty) */
    size_t length, capacity;
};

int text_append(struct text *text, const char *bytes, size_t length);
int text_printf(struct text *text, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Take the text back to its first length bytes (length <= text->length). */
void text_truncate(struct text *text, size_t length);
void text_free(struct text *text);

#define CLOCK_PERIOD_NS_CRAY1 12.5

/* Seconds of machine clocks. */
double clocks_to_seconds(uint64_t clocks, double period_ns);

/* "hh:mm:ss.ssss" of the site epoch plus clock. */
void time_of_day(int64_t epoch, uint64_t clock, double period_ns, char buf[16]);

/* One job-log line. */
int joblog_line(struct text *log, int64_t epoch, uint64_t clock, double period_ns,
                uint64_t job_clocks, const char *component, const char *format, ...)
    __attribute__((format(printf, 7, 8)));

/* The dayfile of a site: appended, one line at a time. */
struct dayfile {
    int fd;
    bool sync;          /* fsync every line (off for trace replay) */
    struct disk *disk;  /* the site's durable steps (os/disk/disk.h) */
    uint64_t last_clock;    /* of its last line: a line never goes back before it */
};

/* Open (or create, 0600, never through a link) the dayfile for appending. */
int dayfile_open(struct dayfile *dayfile, const char *path, struct disk *disk);
void dayfile_close(struct dayfile *dayfile);
/* The latest machine clock in the dayfile's last 4 KiB (0 if none): where a
 * site's clock stood when it stopped, even at a crash, since every dayfile
 * line is made durable before the OS goes on. */
uint64_t dayfile_last_clock(const char *path);
/* "CCCCCCCCCCCC EVENT    details  wall"; returns 0 or -1.  A clock before
 * the last line's (an event noted from the OS's view of time while a PC
 * ran ahead) is written as the last line's: the dayfile never goes back. */
int dayfile_write(struct dayfile *dayfile, uint64_t clock, const char *event, const char *format,
                  ...) __attribute__((format(printf, 4, 5)));

#endif
