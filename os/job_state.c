/*
 * job_state.c - SITE/running and a boot's recovery from it (see
 * job_state.h).
 *
 * Uses job.c (a job's queue entry), site.c and log.c (the dayfile).
 */
#include "job_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "job.h"

void job_write_running(struct os *os)
{
    struct text text = {0};
    for (int i = 0; i < os->job_count; i++) {
        const struct job *job = os->jobs[i];
        if (!job)
            continue;
        if (job->plan[0])
            text_printf(&text, "%s %d %s\n", job->queue_name, job->number, job->plan);
        else if (job->state == JOB_RUNNING)
            text_printf(&text, "%s %d\n", job->queue_name, job->number);
    }
    char path[SITE_PATH_MAX];
    if (!site_path(&os->site, "running", NULL, path, sizeof path))
        disk_write_atomic(&os->site.disk, path, text.data ? text.data : "", text.length, 0600);
    text_free(&text);
}

/* SITE/<name> for a site-relative name from SITE/running: only out/,
 * drop/ and queue/ names without a way out of their folder. */
static int plan_path(const struct os *os, const char *name, char *path, size_t size)
{
    if (!strcmp(name, "-") || strstr(name, "..") || strchr(name, '\\'))
        return -1;
    const char *slash = strchr(name, '/');
    if (!slash || strchr(slash + 1, '/') || !slash[1])
        return -1;
    size_t n = (size_t)(slash - name);
    if (!((n == 3 && !strncmp(name, "out", 3)) || (n == 4 && !strncmp(name, "drop", 4)) ||
          (n == 5 && !strncmp(name, "queue", 5))))
        return -1;
    return snprintf(path, size, "%s/%s", os->site.root, name) < (int)size ? 0 : -1;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* The dayfile holds "EVENT MESSAGE" already. */
static bool dayfile_has(struct os *os, const char *event, const char *message)
{
    char path[SITE_PATH_MAX], needle[640];
    if (site_path(&os->site, "dayfile", NULL, path, sizeof path))
        return false;
    char *text = disk_read_all(path, DISK_READ_MAX, NULL);
    if (!text)
        return false;
    snprintf(needle, sizeof needle, " %-8s %s", event, message);
    /* dayfile_write prints a control character as '?'. */
    for (char *c = needle; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    bool found = strstr(text, needle) != NULL;
    free(text);
    return found;
}

static void unlink_named(struct os *os, const char *name)
{
    char path[SITE_PATH_MAX];
    if (!plan_path(os, name, path, sizeof path))
        disk_unlink(&os->site.disk, path);
}

/* A requeue entry queue/NNNNNN.drop goes with its .meta. */
static void unlink_entry(struct os *os, const char *name)
{
    unlink_named(os, name);
    char meta[SITE_PATH_MAX];
    if (strcmp(name, "-") && snprintf(meta, sizeof meta, "%s.meta", name) < (int)sizeof meta)
        unlink_named(os, meta);
}

static void recover_plan(struct os *os, const char *entry, int number, char *plan)
{
    char *message = strchr(plan, '|');
    char event[16], log[128], out[128], drop[128], requeue[128];
    if (!message)
        return;
    *message++ = '\0';
    if (sscanf(plan, "%15s %127s %127s %127s %127s", event, log, out, drop, requeue) != 5)
        return;
    char path[SITE_PATH_MAX];
    bool committed = !plan_path(os, log, path, sizeof path) && exists(path);
    if (committed) {
        if (!dayfile_has(os, event, message))
            dayfile_write(&os->dayfile, os->now, event, "%s", message);
        struct job entry_job = {0};
        snprintf(entry_job.queue_name, sizeof entry_job.queue_name, "%.31s", entry);
        job_remove_queue_entry(os, &entry_job);
        dayfile_write(&os->dayfile, os->now, "RECOVER", "entry %s (job %d) had ended (%s): "
                      "finished at boot", entry, number, log);
        return;
    }
    /* Not committed: what the plan wrote goes, newest first. */
    unlink_entry(os, requeue);
    unlink_named(os, out);
    unlink_named(os, drop);
    dayfile_write(&os->dayfile, os->now, "RECOVER", "entry %s (job %d): its %s was cut off "
                  "before its log was written: undone", entry, number, event);
}

void job_recover(struct os *os)
{
    char path[SITE_PATH_MAX];
    if (site_path(&os->site, "running", NULL, path, sizeof path))
        return;
    char *text = disk_read_all(path, DISK_READ_MAX, NULL);
    if (!text)
        return;
    char *line = text;
    while (*line) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        char entry[64];
        int number, used = 0;
        if (sscanf(line, "%63s %d %n", entry, &number, &used) == 2 && !strchr(entry, '/')) {
            if (line[used])
                recover_plan(os, entry, number, line + used);
            char queued[SITE_PATH_MAX];
            bool still = !site_path(&os->site, "queue", entry, queued, sizeof queued) &&
                         exists(queued);
            dayfile_write(&os->dayfile, os->now, "REQUEUED",
                          "entry %s (was job %d) %s after a system interruption", entry, number,
                          still ? "queued again" : "had already ended");
        }
        if (!end)
            break;
        line = end + 1;
    }
    free(text);
}

/* ---- SUBMIT from a job, once ----------------------------------------------------------- */

static int ledger_path(const struct os *os, const char *queue_name, char *path, size_t size)
{
    char name[64];
    if (snprintf(name, sizeof name, "%s.sub", queue_name) >= (int)sizeof name)
        return -1;
    return site_path(&os->site, "queue", name, path, size);
}

/* The sequence the ledger gives the Kth SUBMIT, or 0. */
static int64_t ledger_find(const char *ledger, int k)
{
    const char *line = ledger;
    while (line && *line) {
        int kk;
        long long sequence;
        if (sscanf(line, "%d %lld", &kk, &sequence) == 2 && kk == k && sequence > 0)
            return sequence;
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return 0;
}

int64_t job_submit(struct os *os, struct job *job, const char *text, size_t length, char *error,
                   size_t size)
{
    int k = ++job->submits;
    char path[SITE_PATH_MAX], entry[32], queued[SITE_PATH_MAX];
    if (!job->queue_name[0] || ledger_path(os, job->queue_name, path, sizeof path))
        return site_queue_deck_on(&os->site.disk, os->site.root, 0, text, length, error, size);
    char *ledger = disk_read_all(path, DISK_READ_MAX, NULL);
    int64_t sequence = ledger ? ledger_find(ledger, k) : 0;
    if (sequence > 0) {
        /* This SUBMIT was made by a run a crash cut off. */
        free(ledger);
        snprintf(entry, sizeof entry, "%06lld.job", (long long)sequence);
        if (site_path(&os->site, "queue", entry, queued, sizeof queued) == 0 && exists(queued))
            return sequence;
        char needle[48];
        snprintf(needle, sizeof needle, " entry %s", entry);
        char day[SITE_PATH_MAX];
        char *dayfile = site_path(&os->site, "dayfile", NULL, day, sizeof day)
                            ? NULL : disk_read_all(day, DISK_READ_MAX, NULL);
        bool seen = dayfile && strstr(dayfile, needle);
        free(dayfile);
        if (seen)
            return sequence;
        return site_queue_deck_on(&os->site.disk, os->site.root, sequence, text, length, error,
                                  size);
    }
    sequence = site_next_sequence(os->site.root, error, size);
    if (sequence < 0) {
        free(ledger);
        return -1;
    }
    struct text record = {0};
    if (ledger)
        text_append(&record, ledger, strlen(ledger));
    text_printf(&record, "%d %lld\n", k, (long long)sequence);
    free(ledger);
    int status = disk_write_atomic(&os->site.disk, path, record.data, record.length, 0600);
    text_free(&record);
    if (status) {
        snprintf(error, size, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return site_queue_deck_on(&os->site.disk, os->site.root, sequence, text, length, error, size);
}
