/*
 * debugger_sandbox.c - the bottom of switchp's core (see debugger.h and
 * debugger_internal.h): messages, and the sandbox, a private site built
 * from the dropfile with the OS booted on it and the job restored on its
 * PC (the state at position 0), rebuilt for reverse execution and removed
 * at the end.  It calls no other file of the debugger.
 */
#include "debugger.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "debugger_internal.h"
#include "os/job.h"
#include "os/datasets/pds.h"

#define SANDBOX_SECONDS 1000000u       /* the lifted CPU-time limit */

void debugger_say(char *error, size_t size, const char *format, ...)
{
    if (!error || !size)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, size, format, args);
    va_end(args);
}

static const char *str(const char *s) { return s ? s : ""; }

/* ---- the sandbox folder --------------------------------------------------------------- */

/* Remove everything under path (not following symbolic links), and path
 * itself when remove_self. */
static void remove_tree(const char *path, bool remove_self)
{
    struct stat st;
    if (lstat(path, &st))
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        if (dir) {
            for (struct dirent *e; (e = readdir(dir));) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char child[SITE_PATH_MAX + 256];
                snprintf(child, sizeof child, "%s/%s", path, e->d_name);
                remove_tree(child, true);
            }
            closedir(dir);
        }
        if (remove_self)
            rmdir(path);
    } else if (remove_self) {
        unlink(path);
    }
}

/* Copy the permanent datasets the job refers to from SITE/pds into the
 * sandbox's store (names checked by the PDS rules: no path tricks). */
static int copy_permanent(struct debugger *dbg, char *error, size_t size)
{
    for (size_t i = 0; i < dbg->loaded.dataset_count; i++) {
        const struct dropfile_dataset *ds = &dbg->loaded.datasets[i];
        if (!ds->permanent)
            continue;
        char owner[PDS_NAME_MAX + 1], name[PDS_NAME_MAX + 1];
        struct dataset_error e;
        if (pds_check_name(ds->owner, "USER", owner, &e) ||
            pds_check_name(ds->permanent_name, "PERMANENT DATASET NAME", name, &e)) {
            debugger_say(error, size, "permanent dataset %s of %s: bad name",
                         str(ds->permanent_name), str(ds->owner));
            return -1;
        }
        if (!dbg->options.pds_site) {
            debugger_say(error, size,
                         "the job uses permanent dataset %s of %s, whose contents a dropfile "
                         "does not hold: name the site that has it (--pds SITE)",
                         name, owner);
            return -1;
        }
        char from[SITE_PATH_MAX * 2], folder[SITE_PATH_MAX * 2], to[SITE_PATH_MAX * 3];
        snprintf(from, sizeof from, "%s/pds/%s/%s", dbg->options.pds_site, owner, name);
        snprintf(folder, sizeof folder, "%s/pds/%s", dbg->root, owner);
        snprintf(to, sizeof to, "%s/%s", folder, name);
        size_t length;
        char *bytes = read_file_all(from, &length);
        if (!bytes) {
            debugger_say(error, size, "permanent dataset %s of %s: cannot read %s: %s", name, owner,
                         from, strerror(errno));
            return -1;
        }
        int status = (mkdir(folder, 0755) && errno != EEXIST) ? -1
                                                               : write_file_atomic(to, bytes, length);
        free(bytes);
        if (status) {
            debugger_say(error, size, "cannot copy %s into the sandbox: %s", from, strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* The reason the sandbox's OS gave for refusing the restart (its dayfile). */
static void refusal_reason(const struct debugger *dbg, char *error, size_t size)
{
    char path[SITE_PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/dayfile", dbg->root);
    char *text = read_file_all(path, NULL);
    const char *line = text ? strstr(text, " REFUSED ") : NULL;
    const char *why = line ? strstr(line, "): ") : NULL;
    if (why) {
        why += 3;
        size_t n = strcspn(why, "\n");
        const char *bar = strstr(why, "  | ");
        if (bar && (size_t)(bar - why) < n)
            n = (size_t)(bar - why);
        debugger_say(error, size, "the OS refuses to restart the job: %.*s", (int)n, why);
    } else {
        debugger_say(error, size, "the OS did not make a job of the dropfile");
    }
    free(text);
}

void sandbox_free(struct debugger *dbg)
{
    if (dbg->os) {
        os_free(dbg->os);
        free(dbg->os);
        dbg->os = NULL;
        dbg->job = NULL;
    }
}
int sandbox_build(struct debugger *dbg, char *error, size_t size)
{
    sandbox_free(dbg);
    remove_tree(dbg->root, false);
    struct site site;
    if (site_open(&site, dbg->root, error, size))
        return -1;
    site.clock = dbg->loaded.cpu.clock;
    site.epoch = dbg->epoch_seconds;
    snprintf(site.name, sizeof site.name, "%s", SANDBOX_SITE);
    char *end;
    unsigned long long id = strtoull(dbg->loaded.identity.job_id ? dbg->loaded.identity.job_id : "",
                                     &end, 10);
    site.next_job_id = (end != dbg->loaded.identity.job_id && !*end && id > 0 && id < 1000000000)
                           ? id : 1;
    if (site_save_state(&site, error, size) || copy_permanent(dbg, error, size))
        return -1;
    if (dbg->from_start) {
        /* The job from its start: its deck again, on a site whose clock
         * starts where the job's first run would have it reach the drop's. */
        site.clock = dbg->start_clock;
        if (site_save_state(&site, error, size) ||
            site_queue_deck(dbg->root, dbg->deck, dbg->deck_size, error, size) < 0)
            return -1;
    } else {
        struct restart_request request = {.time_seconds = SANDBOX_SECONDS, .priority = -1,
                                          .force = true};
        if (site_queue_restart(dbg->root, dbg->bytes, dbg->size, &request, error, size) < 0)
            return -1;
    }
    struct os_config config = {
        .model = dbg->loaded.machine.model,
        .pcs = 1,
        .memory_words = dbg->memory_words,
        .timing = !dbg->options.no_timing,
        .until_idle = true,
        .sync_dayfile = false,
    };
    dbg->os = calloc(1, sizeof *dbg->os);
    if (!dbg->os) {
        debugger_say(error, size, "out of memory");
        return -1;
    }
    if (os_boot(dbg->os, dbg->root, &config, error, size)) {
        sandbox_free(dbg);
        return -1;
    }
    if (dbg->os->job_count != 1) {
        refusal_reason(dbg, error, size);
        sandbox_free(dbg);
        return -1;
    }
    os_run(dbg->os, dbg->os->now);   /* schedules the job: restored on PC 0, nothing run */
    dbg->job = dbg->os->jobs[0];
    if (dbg->job->state != JOB_RUNNING && dbg->job->log.data &&
        strstr(dbg->job->log.data, "DF002")) {
        refusal_reason(dbg, error, size);   /* the refusal when the job got its PC */
        sandbox_free(dbg);
        return -1;
    }
    dbg->position = 0;
    dbg->epoch = 0;
    dbg->edits_applied = 0;
    struct cpu *cpu = sandbox_cpu(dbg);
    if (dbg->from_start) {
        if (!debugger_running(dbg)) {
            debugger_say(error, size, "the job's deck run again did not start a program");
            sandbox_free(dbg);
            return -1;
        }
        dbg->job->time_limit = (uint64_t)1 << 60;   /* lifted, as for a restart */
    } else {
        /* The counters go on from the drop (the OS's restart starts them at 0). */
        cpu->instructions = dbg->loaded.cpu.instructions;
        cpu->flops = dbg->loaded.cpu.flops;
        cpu->vector_elements = dbg->loaded.cpu.vector_elements;
    }
    dbg->open_log_mark = dbg->job->log.length;
    if (cpu->limit > dbg->high_water)
        dbg->high_water = cpu->limit;
    dbg->rebuilds++;
    return 0;
}

void sandbox_remove(struct debugger *dbg)
{
    sandbox_free(dbg);
    if (dbg->root_made)
        remove_tree(dbg->root, true);
    dbg->root_made = false;
}
