/*
 * debugger_fields.c - the job's saved state as the table of
 * os/dropfile/dropfile_fields.def names it (see debugger.h): a snapshot of
 * the present state as the dropfile a drop would write (with the
 * provenance of the original kept: its log, its limits), the short names
 * people type (F, XA, modes ...) turned into the table's paths, and a
 * field set through the table's API (with its rule) applied to the live
 * CPU, the exchange package kept consistent.  Fields that are not the
 * CPU's (identity, limits, ...) live in the snapshot: their edits are
 * applied to every snapshot, and so to a dropfile written back.
 * Uses debugger_sandbox.c (messages) and debugger_state.c only.
 */
#include "debugger.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "debugger_internal.h"
#include "emu/exchange.h"
#include "os/dropfile/dropfile_fields.h"
#include "os/job_drop.h"

static const struct {
    const char *name, *path;
} aliases[] = {
    {"F", "cpu.flags"}, {"FLAGS", "cpu.flags"}, {"XA", "cpu.xa"}, {"MODES", "cpu.modes"},
};

bool debugger_field_path(const char *text, char *path, size_t size)
{
    while (isspace((unsigned char)*text))
        text++;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcasecmp(text, aliases[i].name)) {
            snprintf(path, size, "%s", aliases[i].path);
            return true;
        }
    if (!strchr(text, '.') || !isalpha((unsigned char)text[0]))
        return false;
    snprintf(path, size, "%s", text);
    return true;
}

bool field_is_cpu(const char *path)
{
    return !strncasecmp(path, "cpu.", 4) || !strncasecmp(path, "machine.", 8);
}

/* The job log as the original had it, with what the sandbox's job wrote
 * since its restart (not the restart's own lines). */
static int keep_log(const struct debugger *dbg, struct dropfile *df)
{
    const char *now = dbg->job->log.data ? dbg->job->log.data : "";
    size_t mark = dbg->open_log_mark;
    if (dbg->from_start) {
        /* The job run again from its start: before the drop its log is
         * whole; after it, the original's goes on with what came since. */
        if (dbg->position < dbg->drop_position)
            return 0;
        mark = dbg->drop_log_mark;
    }
    free(df->job_log);
    df->job_log = NULL;
    size_t start = mark <= strlen(now) ? mark : strlen(now);
    if (dropfile_append_log(df, dbg->loaded.job_log ? dbg->loaded.job_log : ""))
        return -1;
    return dropfile_append_log(df, now + start);
}

int field_snapshot(const struct debugger *dbg, struct dropfile *df, char *error, size_t size)
{
    dropfile_init(df);
    const struct dropfile *old = &dbg->loaded;
    if (!dbg->job || job_to_dropfile(dbg->os, dbg->job, df, (int)old->drop.reason, old->drop.note) ||
        keep_log(dbg, df)) {
        dropfile_free(df);
        debugger_say(error, size, "out of memory");
        return -1;
    }
    df->limits.cpu_limit = old->limits.cpu_limit;
    df->machine.pc_count = old->machine.pc_count;   /* the machine it ran on */
    /* The history as it came (not the sandbox's restart or run). */
    while (df->history_count > 0) {
        struct dropfile_history *h = &df->history[--df->history_count];
        free(h->site);
        free(h->user);
        free(h->reason);
        free(h->note);
    }
    for (size_t h = 0; h < old->history_count; h++) {
        const struct dropfile_history *e = &old->history[h];
        if (dropfile_add_history(df, e->event, e->site, e->user, e->clock, e->reason, e->note,
                                 e->wall_time)) {
            dropfile_free(df);
            debugger_say(error, size, "out of memory");
            return -1;
        }
    }
    /* The job's identity as it came (the sandbox's site is provenance). */
    if (dropfile_set_string(&df->identity.site, old->identity.site)) {
        dropfile_free(df);
        debugger_say(error, size, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < dbg->edits_applied; i++) {
        const struct edit *e = &dbg->edits[i];
        if (e->field && !field_is_cpu(e->path) &&
            dropfile_field_set(df, e->path, e->value_text, error, size)) {
            dropfile_free(df);
            return -1;
        }
    }
    return 0;
}

int debugger_field_get(const struct debugger *dbg, const char *text, char *path, size_t path_size,
                       char *value, size_t size, char *error, size_t error_size)
{
    if (!debugger_field_path(text, path, path_size)) {
        debugger_say(error, error_size, "%s: not a field of the job's state", text);
        return -1;
    }
    if (!debugger_running(dbg)) {
        debugger_say(error, error_size, "the job has ended: go back (back, rgo) to see its state");
        return -1;
    }
    struct dropfile df;
    if (field_snapshot(dbg, &df, error, error_size))
        return -1;
    int status = dropfile_field_get(&df, path, value, size, error, error_size);
    dropfile_free(&df);
    return status ? -1 : 0;
}

int field_store_cpu(struct debugger *dbg, const char *path, const char *text, char *error,
                    size_t size)
{
    struct cpu *cpu = sandbox_cpu(dbg);
    struct dropfile df;
    dropfile_init(&df);
    if (dropfile_capture_cpu(&df, cpu)) {
        dropfile_free(&df);
        debugger_say(error, size, "the CPU's state cannot be taken");
        return -1;
    }
    if (dropfile_field_set(&df, path, text, error, size)) {
        dropfile_free(&df);
        return -1;
    }
    const struct dropfile_cpu *c = &df.cpu;
    struct cpu unpacked;
    memset(&unpacked, 0, sizeof unpacked);
    unpacked.model = cpu->model;
    exchange_unpack(&unpacked, c->package);
    memcpy(cpu->a, unpacked.a, sizeof cpu->a);
    memcpy(cpu->s, unpacked.s, sizeof cpu->s);
    cpu->p = unpacked.p;
    cpu->vl = unpacked.vl;
    cpu->flags = unpacked.flags;
    cpu->xa = unpacked.xa;
    cpu->modes = c->modes;
    cpu->monitor_exit = c->monitor_exit;
    memcpy(cpu->b, c->b, sizeof cpu->b);
    memcpy(cpu->t, c->t, sizeof cpu->t);
    memcpy(cpu->v, c->v, sizeof cpu->v);
    cpu->vm = c->vm;
    cpu->clock = c->clock;
    cpu->rt_offset = c->rt_offset;
    cpu->clock_interval = c->clock_interval;
    cpu->clock_countdown = c->clock_countdown;
    cpu->instructions = c->instructions;
    cpu->flops = c->flops;
    cpu->vector_elements = c->vector_elements;
    if (c->has_shared && cpu->clusters && cpu->cluster && cpu->cluster <= cpu->cluster_count) {
        struct shared_cluster *s = &cpu->clusters[cpu->cluster];
        memcpy(s->sb, c->sb, sizeof s->sb);
        memcpy(s->st, c->st, sizeof s->st);
        s->semaphores = c->semaphores;
    }
    cpu_invalidate_buffers(cpu);
    dropfile_free(&df);
    return 0;
}
