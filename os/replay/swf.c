/*
 * swf.c - reading Standard Workload Format traces (see swf.h).
 *
 * A data line must have exactly 18 integer fields; -1 means unknown and is
 * allowed everywhere; other negative values are malformed, and so is a
 * submit time or job number that is unknown.  Malformed lines are skipped
 * with their line number and reason.
 */
#include "swf.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void header_value(struct swf_trace *t, const char *line)
{
    const char *p = line + 1;
    while (*p == ' ' || *p == '\t')
        p++;
    char key[32];
    size_t n = 0;
    while (*p && *p != ':' && n < sizeof key - 1)
        key[n++] = *p++;
    key[n] = '\0';
    if (*p != ':')
        return;
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    char value[128];
    snprintf(value, sizeof value, "%s", p);
    value[strcspn(value, "\r\n")] = '\0';
    if (!strcmp(key, "MaxProcs") || (!strcmp(key, "MaxNodes") && !t->max_procs))
        t->max_procs = strtoll(value, NULL, 10);
    else if (!strcmp(key, "Computer"))
        snprintf(t->computer, sizeof t->computer, "%.63s", value);
    else if (!strcmp(key, "Installation"))
        snprintf(t->installation, sizeof t->installation, "%.95s", value);
}

int swf_parse_line(const char *line, struct swf_record *r, char *why, size_t size)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == ';' || *p == '\0' || *p == '\n' || *p == '\r')
        return 1;
    int64_t v[SWF_FIELDS];
    int n = 0;
    while (*p && *p != '\n' && *p != '\r') {
        if (n == SWF_FIELDS) {
            snprintf(why, size, "more than %d fields", SWF_FIELDS);
            return -1;
        }
        char *end;
        errno = 0;
        long long x = strtoll(p, &end, 10);
        if (end == p || errno || (*end && !isspace((unsigned char)*end))) {
            snprintf(why, size, "field %d is not an integer", n + 1);
            return -1;
        }
        if (x < -1) {
            snprintf(why, size, "field %d is negative (%lld)", n + 1, x);
            return -1;
        }
        v[n++] = x;
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
    }
    if (n != SWF_FIELDS) {
        snprintf(why, size, "%d fields, not %d", n, SWF_FIELDS);
        return -1;
    }
    if (v[0] < 0 || v[1] < 0) {
        snprintf(why, size, "the job number and submit time must be known");
        return -1;
    }
    memset(r, 0, sizeof *r);
    r->number = v[0], r->submit = v[1], r->wait = v[2], r->run = v[3], r->procs = v[4];
    r->cpu_average = v[5], r->memory_used = v[6], r->procs_requested = v[7];
    r->time_requested = v[8], r->memory_requested = v[9], r->status = v[10], r->user = v[11];
    r->group = v[12], r->executable = v[13], r->queue = v[14], r->partition = v[15];
    r->preceding = v[16], r->think = v[17];
    return 0;
}

int swf_read(const char *path, struct swf_trace *t, char *error, size_t size)
{
    memset(t, 0, sizeof *t);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(error, size, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    char line[1024];
    int number = 0;
    size_t capacity = 0;
    int64_t widest = 0;
    while (fgets(line, sizeof line, f)) {
        number++;
        size_t length = strlen(line);
        if (length == sizeof line - 1 && line[length - 1] != '\n') {
            /* An over-long line: skip the rest of it, then report it. */
            int c;
            while ((c = fgetc(f)) != EOF && c != '\n')
                ;
            line[0] = 'x';
            line[1] = '\0';
        }
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ';') {
            header_value(t, p);
            continue;
        }
        struct swf_record r;
        char why[100];
        int status = swf_parse_line(line, &r, why, sizeof why);
        if (status == 1)
            continue;
        if (status < 0) {
            t->skipped++;
            if (t->problem_count < SWF_PROBLEMS_KEPT) {
                void *bigger = realloc(t->problems, sizeof *t->problems * (t->problem_count + 1));
                if (bigger) {
                    t->problems = bigger;
                    t->problems[t->problem_count].line = number;
                    snprintf(t->problems[t->problem_count].message,
                             sizeof t->problems[0].message, "%s", why);
                    t->problem_count++;
                }
            }
            continue;
        }
        r.line = number;
        if (t->count == capacity) {
            capacity = capacity ? capacity * 2 : 1024;
            void *bigger = realloc(t->records, sizeof *t->records * capacity);
            if (!bigger) {
                fclose(f);
                swf_free(t);
                snprintf(error, size, "out of memory reading %s", path);
                return -1;
            }
            t->records = bigger;
        }
        int64_t procs = r.procs > 0 ? r.procs : r.procs_requested;
        if (procs > widest)
            widest = procs;
        t->records[t->count++] = r;
    }
    fclose(f);
    if (t->max_procs <= 0)
        t->max_procs = widest > 0 ? widest : 1;
    return 0;
}

void swf_free(struct swf_trace *t)
{
    free(t->records);
    free(t->problems);
    memset(t, 0, sizeof *t);
}
