/*
 * debugger_history.c - what makes going back in switchp exact (see
 * debugger.h): one transition at a time, the exchanges served, checkpoints
 * taken, thinned and restored, moving silently to any position (rebuilding
 * the sandbox when an exchange lies in between), and edits, the deposits
 * that become part of the history.
 */
#include "debugger.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "os/dropfile/dropfile_fields.h"

#include "debugger_internal.h"
#include "os/job_exchange.h"

/* ---- checkpoints ------------------------------------------------------------------------- */

static void *grow_array(void *array, size_t *capacity, size_t count, size_t item)
{
    if (count < *capacity)
        return array;
    size_t wanted = *capacity ? *capacity * 2 : 16;
    void *bigger = realloc(array, wanted * item);
    if (bigger)
        *capacity = wanted;
    return bigger;
}

static void free_checkpoints_after(struct debugger *dbg, uint64_t position)
{
    size_t kept = dbg->checkpoint_count;
    while (kept > 0 && dbg->checkpoints[kept - 1]->position > position) {
        struct checkpoint *c = dbg->checkpoints[--kept];
        dbg->checkpoint_bytes -= sizeof *c + (size_t)c->words * sizeof(uint64_t);
        free(c->memory);
        free(c);
    }
    dbg->checkpoint_count = kept;
}

void history_forget_checkpoints_after(struct debugger *dbg, uint64_t position)
{
    free_checkpoints_after(dbg, position);
}

void history_reset(struct debugger *dbg)
{
    for (size_t i = 0; i < dbg->checkpoint_count; i++) {
        free(dbg->checkpoints[i]->memory);
        free(dbg->checkpoints[i]);
    }
    dbg->checkpoint_count = 0;
    dbg->checkpoint_bytes = 0;
    dbg->exchange_count = 0;
    dbg->interval = dbg->options.checkpoint_interval;
}

void history_free(struct debugger *dbg)
{
    for (size_t i = 0; i < dbg->checkpoint_count; i++) {
        free(dbg->checkpoints[i]->memory);
        free(dbg->checkpoints[i]);
    }
    free(dbg->checkpoints);
    free(dbg->exchanges);
    free(dbg->edits);
    dbg->checkpoints = NULL;
    dbg->exchanges = NULL;
    dbg->edits = NULL;
    dbg->checkpoint_count = dbg->exchange_count = dbg->edit_count = 0;
}

void history_apply_pending_edits(struct debugger *dbg)
{
    while (dbg->edits_applied < dbg->edit_count &&
           dbg->edits[dbg->edits_applied].position <= dbg->position) {
        const struct edit *e = &dbg->edits[dbg->edits_applied++];
        if (!e->field)
            place_store(dbg, &e->loc, e->value);
        else if (field_is_cpu(e->path))
            field_store_cpu(dbg, e->path, e->value_text, NULL, 0);
    }
}

long history_checkpoint_index(const struct debugger *dbg, uint64_t position)
{
    long lo = 0, hi = (long)dbg->checkpoint_count - 1, found = -1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        if (dbg->checkpoints[mid]->position <= position) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

/* The latest checkpoint at or before limit taken in epoch, or NULL. */
static const struct checkpoint *best_checkpoint(const struct debugger *dbg, uint64_t limit,
                                                uint64_t epoch)
{
    for (long i = history_checkpoint_index(dbg, limit); i >= 0; i--) {
        const struct checkpoint *c = dbg->checkpoints[i];
        if (c->epoch == epoch)
            return c;
        if (c->epoch < epoch)
            return NULL;
    }
    return NULL;
}

static void thin_checkpoints(struct debugger *dbg)
{
    size_t kept = 0;
    for (size_t i = 0; i < dbg->checkpoint_count; i++) {
        struct checkpoint *c = dbg->checkpoints[i];
        if (i == 0 || i % 2 == 0) {
            dbg->checkpoints[kept++] = c;
        } else {
            dbg->checkpoint_bytes -= sizeof *c + (size_t)c->words * sizeof(uint64_t);
            free(c->memory);
            free(c);
        }
    }
    dbg->checkpoint_count = kept;
    dbg->interval *= 2;
}

void history_take_checkpoint(struct debugger *dbg, size_t at)
{
    struct checkpoint **array = grow_array(dbg->checkpoints, &dbg->checkpoint_capacity,
                                           dbg->checkpoint_count, sizeof *dbg->checkpoints);
    if (!array)
        return;
    dbg->checkpoints = array;
    struct checkpoint *c = malloc(sizeof *c);
    const struct cpu *cpu = sandbox_cpu(dbg);
    uint32_t words = dbg->high_water < cpu->memory->size ? dbg->high_water : cpu->memory->size;
    uint64_t *memory = malloc(sizeof(uint64_t) * (words ? words : 1));
    if (!c || !memory) {
        free(c);
        free(memory);
        return;
    }
    c->position = dbg->position;
    c->epoch = dbg->epoch;
    c->edits_applied = dbg->edits_applied;
    c->cpu = *cpu;
    memcpy(c->clusters, dbg->os->machine->clusters, sizeof c->clusters);
    c->words = words;
    c->memory = memory;
    memcpy(memory, cpu->memory->word, sizeof(uint64_t) * words);
    memmove(dbg->checkpoints + at + 1, dbg->checkpoints + at,
            sizeof *dbg->checkpoints * (dbg->checkpoint_count - at));
    dbg->checkpoints[at] = c;
    dbg->checkpoint_count++;
    dbg->checkpoint_bytes += sizeof *c + (size_t)words * sizeof(uint64_t);
    while (dbg->checkpoint_bytes > dbg->options.checkpoint_budget && dbg->checkpoint_count > 2)
        thin_checkpoints(dbg);
}

static void maybe_checkpoint(struct debugger *dbg)
{
    long i = history_checkpoint_index(dbg, dbg->position);
    uint64_t last = i >= 0 ? dbg->checkpoints[i]->position : 0;
    if (i >= 0 && last == dbg->position)
        return;
    uint64_t interval = dbg->interval > dbg->high_water ? dbg->interval : dbg->high_water;
    if (i < 0 || dbg->position - last >= interval)
        history_take_checkpoint(dbg, (size_t)(i + 1));
}

static void restore_checkpoint(struct debugger *dbg, const struct checkpoint *c)
{
    struct cpu *cpu = sandbox_cpu(dbg);
    struct memory *memory = cpu->memory;
    const struct isa_decoder *decoder = cpu->decoder;
    const struct timing_tables *tables = cpu->timing_tables;
    struct shared_cluster *clusters = cpu->clusters;
    struct timing_memo *memo = cpu->memo;   /* the sandbox's own (a copy's may be gone) */
    *cpu = c->cpu;
    cpu->memo = memo;
    cpu->memory = memory;
    cpu->decoder = decoder;
    cpu->timing_tables = tables;
    cpu->clusters = clusters;
    cpu->trace = NULL;
    cpu->trace_context = NULL;
    memcpy(dbg->os->machine->clusters, c->clusters, sizeof c->clusters);
    uint32_t high = dbg->high_water < memory->size ? dbg->high_water : memory->size;
    memcpy(memory->word, c->memory, sizeof(uint64_t) * c->words);
    if (high > c->words)
        memset(memory->word + c->words, 0, sizeof(uint64_t) * (high - c->words));
    dbg->position = c->position;
    dbg->edits_applied = c->edits_applied;
    history_apply_pending_edits(dbg);
}

/* Forget the recorded history beyond the present position. */
static void forget_future(struct debugger *dbg)
{
    free_checkpoints_after(dbg, dbg->position);
    if (dbg->exchange_count > dbg->epoch)
        dbg->exchange_count = dbg->epoch;
    if (dbg->edit_count > dbg->edits_applied)
        dbg->edit_count = dbg->edits_applied;
}

/* A new edit at the present position (the future forgotten first),
 * zeroed; NULL when memory runs out (with the message). */
static struct edit *new_edit(struct debugger *dbg, char *error, size_t size)
{
    forget_future(dbg);
    struct edit *bigger = grow_array(dbg->edits, &dbg->edit_capacity, dbg->edit_count,
                                     sizeof *dbg->edits);
    if (!bigger) {
        debugger_say(error, size, "out of memory");
        return NULL;
    }
    dbg->edits = bigger;
    struct edit *e = &dbg->edits[dbg->edit_count++];
    memset(e, 0, sizeof *e);
    e->position = dbg->position;
    return e;
}

int history_advance(struct debugger *dbg)
{
    if (!debugger_running(dbg))
        return -1;
    struct cpu *cpu = sandbox_cpu(dbg);
    bool exchanged = cpu_step(cpu) == CPU_STOP_EXCHANGE;
    if (dbg->on_step)
        dbg->on_step(dbg, exchanged);
    if (exchanged)
        job_exchange(dbg->os, dbg->job);
    dbg->position++;
    bool recorded = dbg->epoch < dbg->exchange_count &&
                    dbg->exchanges[dbg->epoch] == dbg->position;
    if (exchanged != recorded && dbg->epoch < dbg->exchange_count) {
        /* Not what happened before: the recorded future is wrong. */
        dbg->divergences++;
        dbg->position--;
        forget_future(dbg);
        dbg->position++;
    }
    if (exchanged) {
        if (dbg->epoch >= dbg->exchange_count) {
            uint64_t *bigger = grow_array(dbg->exchanges, &dbg->exchange_capacity,
                                          dbg->exchange_count, sizeof *dbg->exchanges);
            if (bigger) {
                dbg->exchanges = bigger;
                dbg->exchanges[dbg->exchange_count++] = dbg->position;
            }
        }
        dbg->epoch++;
        if (cpu->limit > dbg->high_water)
            dbg->high_water = cpu->limit;
    }
    history_apply_pending_edits(dbg);
    maybe_checkpoint(dbg);
    return exchanged;
}

/* Rebuild the sandbox (the state at position 0) with the edits made there. */
static int rebuild(struct debugger *dbg, char *error, size_t size)
{
    if (sandbox_build(dbg, error, size))
        return -1;
    history_apply_pending_edits(dbg);
    return 0;
}

/* Exchanges served at or before position. */
static uint64_t epoch_at(const struct debugger *dbg, uint64_t position)
{
    size_t lo = 0, hi = dbg->exchange_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (dbg->exchanges[mid] <= position)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int history_go_to(struct debugger *dbg, uint64_t target, char *error, size_t size)
{
    if (target < dbg->position) {
        uint64_t wanted = epoch_at(dbg, target);
        if (wanted != dbg->epoch || !best_checkpoint(dbg, target, wanted)) {
            if (rebuild(dbg, error, size))
                return -1;
        }
        while (dbg->epoch < wanted && dbg->epoch < dbg->exchange_count) {
            uint64_t x = dbg->exchanges[dbg->epoch];
            const struct checkpoint *c = best_checkpoint(dbg, x - 1, dbg->epoch);
            if (c && c->position > dbg->position)
                restore_checkpoint(dbg, c);
            uint64_t epoch = dbg->epoch;
            while (dbg->epoch == epoch && dbg->position < x && history_advance(dbg) >= 0)
                ;
            if (dbg->epoch == epoch)
                break;   /* diverged or ended: go on forward from here */
        }
        const struct checkpoint *c = best_checkpoint(dbg, target, dbg->epoch);
        if (c && (c->position > dbg->position || dbg->position > target))
            restore_checkpoint(dbg, c);
        if (dbg->position > target) {
            /* Only a divergence leads here: start again from the load. */
            if (rebuild(dbg, error, size))
                return -1;
        }
    }
    while (dbg->position < target && history_advance(dbg) >= 0)
        ;
    dbg->log_mark = dbg->job->log.length;
    return 0;
}

/* ---- edits ------------------------------------------------------------------------------- */

int debugger_write(struct debugger *dbg, const struct debugger_location *loc, uint64_t value,
                   char *error, size_t size)
{
    if (!debugger_running(dbg)) {
        debugger_say(error, size, "the job has ended: go back (back, rgo) to change its state");
        return -1;
    }
    if (loc->place == PLACE_CONSTANT) {
        debugger_say(error, size, "a register or a memory word is wanted");
        return -1;
    }
    uint64_t old;
    if (debugger_read(dbg, loc, &old)) {
        debugger_say(error, size, "address %" PRIo32 " is outside the field of %" PRIo32 " words",
                     loc->index, debugger_field_words(dbg));
        return -1;
    }
    struct edit *e = new_edit(dbg, error, size);
    if (!e)
        return -1;
    e->loc = *loc;
    e->value = value;
    place_describe(dbg, loc, value, e->text, sizeof e->text);
    place_store(dbg, loc, value);
    dbg->edits_applied = dbg->edit_count;
    return 0;
}

size_t debugger_edit_count(const struct debugger *dbg) { return dbg->edit_count; }

int debugger_write_field(struct debugger *dbg, const char *text, const char *value, char *error,
                         size_t size)
{
    char path[64];
    if (!debugger_field_path(text, path, sizeof path)) {
        debugger_say(error, size, "%s: not a field of the job's state", text);
        return -1;
    }
    if (!debugger_running(dbg)) {
        debugger_say(error, size, "the job has ended: go back (back, rgo) to change its state");
        return -1;
    }
    if (strlen(value) >= sizeof dbg->edits->value_text) {
        debugger_say(error, size, "%s: value too long", path);
        return -1;
    }
    /* Try it on a snapshot first: the table's rule, and the path, checked. */
    struct dropfile df;
    if (field_snapshot(dbg, &df, error, size))
        return -1;
    int status = dropfile_field_set(&df, path, value, error, size);
    dropfile_free(&df);
    if (status)
        return -1;
    if (field_is_cpu(path) && field_store_cpu(dbg, path, value, error, size))
        return -1;
    struct edit *e = new_edit(dbg, error, size);
    if (!e)
        return -1;
    e->field = true;
    snprintf(e->path, sizeof e->path, "%s", path);
    snprintf(e->value_text, sizeof e->value_text, "%s", value);
    snprintf(e->text, sizeof e->text, "%.40s=%.22s", path, value);
    dbg->edits_applied = dbg->edit_count;
    return 0;
}
