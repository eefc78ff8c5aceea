/*
 * log.c - job logs and the dayfile (see log.h).
 */
#include "log.h"

#include "os/disk/disk.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int text_append(struct text *text, const char *bytes, size_t length)
{
    if (text->length + length + 1 > text->capacity) {
        size_t capacity = text->capacity ? text->capacity : 256;
        while (capacity < text->length + length + 1)
            capacity *= 2;
        char *data = realloc(text->data, capacity);
        if (!data)
            return -1;
        text->data = data;
        text->capacity = capacity;
    }
    memcpy(text->data + text->length, bytes, length);
    text->length += length;
    text->data[text->length] = '\0';
    return 0;
}

static int text_vprintf(struct text *text, const char *format, va_list args)
{
    char small[512];
    va_list copy;
    va_copy(copy, args);
    int n = vsnprintf(small, sizeof small, format, copy);
    va_end(copy);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return text_append(text, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big)
        return -1;
    vsnprintf(big, (size_t)n + 1, format, args);
    int status = text_append(text, big, (size_t)n);
    free(big);
    return status;
}

int text_printf(struct text *text, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int status = text_vprintf(text, format, args);
    va_end(args);
    return status;
}

void text_truncate(struct text *text, size_t length)
{
    if (length < text->length) {
        text->length = length;
        text->data[length] = '\0';
    }
}

void text_free(struct text *text)
{
    free(text->data);
    memset(text, 0, sizeof *text);
}

double clocks_to_seconds(uint64_t clocks, double period_ns) { return (double)clocks * period_ns * 1e-9; }

void time_of_day(int64_t epoch, uint64_t clock, double period_ns, char buf[16])
{
    double seconds = clocks_to_seconds(clock, period_ns);
    int64_t whole = (int64_t)seconds;
    int64_t t = epoch + whole;
    int64_t day = ((t % 86400) + 86400) % 86400;
    unsigned ten_thousandths = (unsigned)((seconds - (double)whole) * 10000.0);
    snprintf(buf, 16, "%02d:%02d:%02d.%04u", (int)(day / 3600), (int)(day / 60 % 60),
             (int)(day % 60), ten_thousandths % 10000);
}

int joblog_line(struct text *log, int64_t epoch, uint64_t clock, double period_ns,
                uint64_t job_clocks, const char *component, const char *format, ...)
{
    char tod[16];
    time_of_day(epoch, clock, period_ns, tod);
    if (text_printf(log, "%s %9.4f %12" PRIu64 " %-6s ", tod,
                    clocks_to_seconds(job_clocks, period_ns), job_clocks, component))
        return -1;
    size_t from = log->length;
    va_list args;
    va_start(args, format);
    int status = text_vprintf(log, format, args);
    va_end(args);
    /* A control character (a deck's quoted literal may hold an escape
     * sequence or a carriage return) prints as '?', as in the dayfile:
     * no value can redraw a terminal or fake a line of the log. */
    for (size_t i = from; !status && i < log->length; i++) {
        unsigned char c = (unsigned char)log->data[i];
        if ((c < 32 && c != '\n') || c == 127)
            log->data[i] = '?';
    }
    return status || text_append(log, "\n", 1);
}

int dayfile_open(struct dayfile *dayfile, const char *path, struct disk *disk)
{
    dayfile->disk = disk;
    dayfile->last_clock = dayfile_last_clock(path);
    dayfile->fd = disk_open_append(disk, path);
    dayfile->sync = true;
    return dayfile->fd < 0 ? -1 : 0;
}

uint64_t dayfile_last_clock(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char tail[4096 + 1];
    off_t end = lseek(fd, 0, SEEK_END);
    off_t from = end > 4096 ? end - 4096 : 0;
    ssize_t got = end > 0 ? pread(fd, tail, (size_t)(end - from), from) : 0;
    close(fd);
    if (got <= 0)
        return 0;
    tail[got] = '\0';
    /* The last whole line: "CCCCCCCCCCCC EVENT ...\n". */
    uint64_t clock = 0;
    char *line = tail;
    for (char *c = tail; *c; c++) {
        if (*c != '\n')
            continue;
        *c = '\0';
        char *digits_end;
        unsigned long long v = strtoull(line, &digits_end, 10);
        if (digits_end - line == 12 && *digits_end == ' ' && v > clock)
            clock = v;
        line = c + 1;
    }
    return clock;
}

void dayfile_close(struct dayfile *dayfile)
{
    if (dayfile->fd >= 0)
        close(dayfile->fd);
    dayfile->fd = -1;
}

int dayfile_write(struct dayfile *dayfile, uint64_t clock, const char *event, const char *format,
                  ...)
{
    char line[768];
    if (clock < dayfile->last_clock)
        clock = dayfile->last_clock;
    dayfile->last_clock = clock;
    int n = snprintf(line, sizeof line, "%012" PRIu64 " %-8s ", clock, event);
    va_list args;
    va_start(args, format);
    n += vsnprintf(line + n, sizeof line - (size_t)n, format, args);
    va_end(args);
    if (n >= (int)sizeof line - 40)
        n = (int)sizeof line - 40;
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    /* One event, one line: a control character in a value (a newline in a
     * name read from a dropfile) can never start a line of its own. */
    for (int i = 0; i < n; i++)
        if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
            line[i] = '?';
    n += (int)strftime(line + n, sizeof line - (size_t)n, "  | %Y-%m-%dT%H:%M:%SZ\n", &utc);
    if (dayfile->fd < 0 || disk_write_all(dayfile->disk, dayfile->fd, line, (size_t)n))
        return -1;
    return dayfile->sync ? disk_fsync(dayfile->disk, dayfile->fd) : 0;
}
