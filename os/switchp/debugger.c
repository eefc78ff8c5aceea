/*
 * debugger.c - switchp's core (see debugger.h), the top of it: a session's
 * life, open (the dropfile read and checked, the sandbox built, the loaded
 * state taken as the first checkpoint) and close, and the job written back
 * as a new dropfile.  The pieces below it (debugger_internal.h) are the
 * sandbox and the views of its state, places, the history, and running.
 */
#include "debugger.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "debugger_internal.h"
#include "os/job.h"
#include "os/job_drop.h"
#include "os/log.h"

#define DEFAULT_INTERVAL 4096u
#define DEFAULT_BUDGET ((size_t)256 << 20)

/* ---- open and close --------------------------------------------------------------------- */

static double clock_period(unsigned model) { return model == MODEL_XMP ? 9.5 : 12.5; }

/* The sandbox's epoch (the site's first boot, in Unix seconds).  A log's
 * time of day is its site's epoch plus machine time (docs/job-control.md),
 * so the sandbox takes the epoch that puts the dropping site's last log
 * line at the time of day that line shows: switchp's lines go on from the
 * job's own, whenever switchp runs.  The day comes from the drop's wall
 * time, the time of day from the log; with no log line to go by, the
 * drop's wall time less the clock's seconds. */
static int64_t sandbox_epoch(const struct dropfile *df, unsigned model)
{
    int64_t wall = df->written_wall;
    for (size_t h = 0; h < df->history_count; h++)
        if (df->history[h].event == DROP_EVENT_DROP)
            wall = df->history[h].wall_time;
    double period = clock_period(model) * 1e-9;
    int64_t epoch = wall - (int64_t)((double)df->cpu.clock * period);
    const char *log = df->job_log;
    if (!log)
        return epoch;
    /* The last line "HH:MM:SS.ffff SECONDS CLOCKS ...": its time of day and
     * the job's clocks when it was written. */
    unsigned hours = 0, minutes = 0, seconds = 0, fraction = 0;
    uint64_t job_clocks = 0;
    bool found = false;
    for (const char *line = log; *line;) {
        double cpu_seconds;
        char end;
        if (sscanf(line, "%2u:%2u:%2u.%4u %lf %" SCNu64 "%c", &hours, &minutes, &seconds,
                   &fraction, &cpu_seconds, &job_clocks, &end) == 7 &&
            end == ' ' && hours < 24 && minutes < 60 && seconds < 60)
            found = true;
        const char *next = strchr(line, '\n');
        if (!next)
            break;
        line = next + 1;
    }
    if (!found || job_clocks > df->limits.cpu_used ||
        df->limits.cpu_used - job_clocks > df->cpu.clock)
        return epoch;
    /* The site's clock at that line, and so its epoch modulo a day. */
    uint64_t line_clock = df->cpu.clock - (df->limits.cpu_used - job_clocks);
    int64_t whole = (int64_t)((double)line_clock * period);
    int64_t want = (int64_t)hours * 3600 + minutes * 60 + seconds;
    int64_t have = ((epoch + whole) % 86400 + 86400) % 86400;
    int64_t shift = ((want - have) % 86400 + 86400) % 86400;
    if (shift >= 43200)
        shift -= 86400;
    return epoch + shift;
}

int debugger_open(const char *path, const struct debugger_options *options,
                  struct debugger **out, char *error, size_t size)
{
    *out = NULL;
    struct debugger *dbg = calloc(1, sizeof *dbg);
    if (!dbg) {
        debugger_say(error, size, "out of memory");
        return -1;
    }
    if (options)
        dbg->options = *options;
    if (!dbg->options.checkpoint_interval)
        dbg->options.checkpoint_interval = DEFAULT_INTERVAL;
    if (!dbg->options.checkpoint_budget)
        dbg->options.checkpoint_budget = DEFAULT_BUDGET;
    dbg->interval = dbg->options.checkpoint_interval;
    dbg->next_point = 1;
    snprintf(dbg->path, sizeof dbg->path, "%s", path);
    dropfile_init(&dbg->loaded);

    struct dropfile_report report = {0};
    if (dropfile_load_bytes(path, &dbg->bytes, &dbg->size, &report) ||
        dropfile_decode(dbg->bytes, dbg->size, &dbg->loaded, &report)) {
        debugger_say(error, size, "%s: %s", path, report.message);
        debugger_close(dbg);
        return -1;
    }
    const struct dropfile *df = &dbg->loaded;
    unsigned model = df->machine.model;
    uint32_t most = model == MODEL_CRAY1 ? UINT32_C(1) << 22 : MEMORY_MAX_WORDS;
    dbg->memory_words = df->machine.memory_words;
    if (dbg->memory_words > most)
        dbg->memory_words = most;
    if (dbg->memory_words < df->machine.field_words)
        dbg->memory_words = df->machine.field_words;
    char why[300];
    if (dropfile_check_target(df, model, dropfile_model_features(model), dbg->memory_words, 0, why,
                              sizeof why)) {
        debugger_say(error, size, "%s: cannot run here: %s", path, why);
        debugger_close(dbg);
        return -1;
    }
    dbg->epoch_seconds = sandbox_epoch(df, model);

    const char *tmp = dbg->options.temp_dir ? dbg->options.temp_dir : getenv("TMPDIR");
    snprintf(dbg->root, sizeof dbg->root, "%s/switchp.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dbg->root)) {
        debugger_say(error, size, "cannot make a sandbox folder %s: %s", dbg->root,
                     strerror(errno));
        debugger_close(dbg);
        return -1;
    }
    dbg->root_made = true;
    char message[600];
    if (sandbox_build(dbg, message, sizeof message)) {
        debugger_say(error, size, "%s: %s", path, message);
        debugger_close(dbg);
        return -1;
    }
    dbg->log_mark = dbg->job->log.length;
    history_take_checkpoint(dbg, 0);   /* the loaded state: going back to it needs no rebuild */
    *out = dbg;
    return 0;
}

void debugger_close(struct debugger *dbg)
{
    if (!dbg)
        return;
    sandbox_remove(dbg);
    history_free(dbg);
    dropfile_free(&dbg->loaded);
    free(dbg->bytes);
    free(dbg->deck);
    free(dbg);
}

/* ---- a new dropfile ---------------------------------------------------------------------- */

int debugger_drop(struct debugger *dbg, const char *path, char *error, size_t size)
{
    if (!debugger_running(dbg)) {
        debugger_say(error, size,
                     "the job has ended: there is no state to drop (back or rgo first)");
        return -1;
    }
    struct dropfile df;
    const struct dropfile *old = &dbg->loaded;
    const struct cpu *cpu = sandbox_cpu(dbg);
    /* What a drop here would write, the original's log and limit kept. */
    if (field_snapshot(dbg, &df, error, size))
        return -1;
    int status = 0;
    /* The history: the original's, then this edit (not the sandbox's restart). */
    char note[512];
    int n = snprintf(note, sizeof note, "%" PRIu64 " steps, %" PRIu64 " clocks after the drop; ",
                     dbg->position, debugger_clocks(dbg));
    if (dbg->edits_applied == 0) {
        n += snprintf(note + n, sizeof note - (size_t)n, "no edits");
    } else {
        n += snprintf(note + n, sizeof note - (size_t)n, "edits:");
        for (size_t i = 0; i < dbg->edits_applied && (size_t)n < sizeof note - 80; i++)
            n += snprintf(note + n, sizeof note - (size_t)n, " %s", dbg->edits[i].text);
        if ((size_t)n >= sizeof note - 80)
            snprintf(note + n, sizeof note - (size_t)n, " ...");
    }
    int64_t now = (int64_t)time(NULL);
    if (status == 0) {
        df.written_wall = now;
        status = dropfile_add_history(&df, DROP_EVENT_EDIT, SANDBOX_SITE, dbg->job->user, cpu->clock,
                                      "switchp drop", note, now);
    }
    struct text line = {0};
    if (status == 0) {
        joblog_line(&line, dbg->os->site.epoch, cpu->clock, clock_period(old->machine.model),
                    job_clocks_used(dbg->os, dbg->job), "EXP",
                    "DF000 - DROPFILE WRITTEN BY SWITCHP AT P=%08" PRIo32 " (%zu EDIT%s)", cpu->p,
                    dbg->edits_applied, dbg->edits_applied == 1 ? "" : "S");
        status = dropfile_append_log(&df, line.data ? line.data : "");
    }
    text_free(&line);
    struct dropfile_report report = {0};
    if (status) {
        debugger_say(error, size, "out of memory");
    } else if (dropfile_write_file(path, &df, &report)) {
        debugger_say(error, size, "%s: %s", path, report.message);
        status = -1;
    }
    dropfile_free(&df);
    return status ? -1 : 0;
}
