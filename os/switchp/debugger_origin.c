/*
 * debugger_origin.c - going back before the drop (see debugger.h).  C-1 is
 * deterministic and a dropfile holds the job's input (its control
 * statements and $IN), so the job's past can be had again: its deck is
 * rebuilt from the dropfile and run in a fresh sandbox from the start,
 * one transition at a time, until the registers and the memory field are
 * the dropped ones; the history so far (the position, the edits) is then
 * renumbered after that point, and from then on the sandbox is always
 * built from the deck: position 0 is the job's start.
 *
 * An error drop (an operand range error, say) holds the state just after
 * the faulting instruction, before the OS took the exchange: that state is
 * matched after the instruction and before the OS's service, and the drop
 * is then placed before the faulting instruction (it is what P names).
 *
 * Cost: a transition from the start costs what one forward step does (2
 * million a second or so on one core); the search is bounded by
 * options.rerun_limit.  Permanent datasets are used as they are now, and a
 * job that read the clock or the date may take another path: when the drop
 * is not found, nothing changes and the reason is given.
 *
 * Uses debugger_sandbox.c, debugger_state.c and debugger_history.c.
 */
#include "debugger.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "debugger_internal.h"
#include "emu/exchange.h"
#include "os/datasets/dataset.h"
#include "os/job.h"

#define DEFAULT_RERUN_LIMIT UINT64_C(100000000)

/* The deck: the control statements, then $IN's files. */
static int build_deck(struct debugger *dbg, char *error, size_t size)
{
    const struct dropfile *df = &dbg->loaded;
    if (df->job_stack.count == 0) {
        debugger_say(error, size, "the dropfile holds no control statements to run again");
        return -1;
    }
    size_t total = 16;
    for (size_t i = 0; i < df->job_stack.count; i++)
        total += strlen(df->job_stack.statements[i]) + 1;
    char *in_text = NULL;
    size_t in_length = 0;
    for (size_t i = 0; i < df->dataset_count; i++) {
        const struct dropfile_dataset *ds = &df->datasets[i];
        if (!ds->name || strcmp(ds->name, "$IN") || !ds->has_contents)
            continue;
        struct dataset in;
        struct dataset_error e;
        dataset_init(&in);
        if (dataset_parse(&in, ds->contents, ds->contents_size, &e) ||
            dataset_to_text(&in, 0, &in_text, &in_length, &e)) {
            dataset_free(&in);
            debugger_say(error, size, "the job's $IN cannot be read back: %s", e.message);
            return -1;
        }
        dataset_free(&in);
    }
    char *deck = malloc(total + in_length + 8);
    if (!deck) {
        free(in_text);
        debugger_say(error, size, "out of memory");
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < df->job_stack.count; i++)
        n += (size_t)sprintf(deck + n, "%s\n", df->job_stack.statements[i]);
    if (in_text && in_length) {
        n += (size_t)sprintf(deck + n, "/EOF\n");
        memcpy(deck + n, in_text, in_length);
        n += in_length;
        if (deck[n - 1] != '\n')
            deck[n++] = '\n';
    }
    deck[n] = '\0';
    free(in_text);
    free(dbg->deck);
    dbg->deck = deck;
    dbg->deck_size = n;
    return 0;
}

/* Are the registers and the field the dropped ones? */
static bool is_drop_state(const struct debugger *dbg)
{
    const struct cpu *cpu = sandbox_cpu(dbg), *d = dbg->drop_cpu;
    const struct dropfile *df = &dbg->loaded;
    const struct dropfile_cpu *c = &df->cpu;
    if (cpu->p != d->p || memcmp(cpu->a, d->a, sizeof cpu->a) || memcmp(cpu->s, d->s, sizeof cpu->s) ||
        cpu->vl != d->vl || cpu->flags != d->flags || cpu->xa != d->xa)
        return false;
    if (cpu->limit - cpu->base != df->machine.field_words || cpu->vm != c->vm ||
        memcmp(cpu->v, c->v, sizeof cpu->v) || memcmp(cpu->t, c->t, sizeof cpu->t))
        return false;
    for (int i = 0; i < 64; i++)
        if ((cpu->b[i] & 077777777) != c->b[i])
            return false;
    return !df->machine.field_words ||
           !memcmp(cpu->memory->word + cpu->base, df->memory, (size_t)df->machine.field_words * 8);
}

static void look_for_drop(struct debugger *dbg, bool exchanged)
{
    if (!dbg->drop_matched && is_drop_state(dbg)) {
        dbg->drop_matched = true;
        dbg->drop_exchanged = exchanged;
        dbg->match_log_mark = dbg->job->log.length;
    }
}

/* Back to the dropfile's sandbox, the old history gone (edits kept). */
static int undo(struct debugger *dbg, struct edit *edits, size_t count, uint64_t position,
                char *error, size_t size)
{
    char why[300], reason[300];
    snprintf(reason, sizeof reason, "%s", error ? error : "");
    dbg->from_start = false;
    dbg->drop_position = 0;
    history_reset(dbg);
    free(dbg->edits);
    dbg->edits = edits;
    dbg->edit_count = dbg->edit_capacity = count;
    dbg->edits_applied = 0;
    if (sandbox_build(dbg, why, sizeof why)) {
        debugger_say(error, size, "%s; the sandbox cannot be rebuilt: %s", reason, why);
        return -1;
    }
    history_apply_pending_edits(dbg);
    history_take_checkpoint(dbg, 0);
    history_go_to(dbg, position, why, sizeof why);
    return -1;
}

int origin_switch(struct debugger *dbg, char *error, size_t size)
{
    if (dbg->from_start) {
        debugger_say(error, size, "at the job's start: there is nothing before it");
        return -1;
    }
    if (!dbg->deck && build_deck(dbg, error, size))
        return -1;
    struct cpu *d = calloc(1, sizeof *d);
    if (!d) {
        debugger_say(error, size, "out of memory");
        return -1;
    }
    d->model = dbg->loaded.machine.model;
    exchange_unpack(d, dbg->loaded.cpu.package);
    uint64_t limit = dbg->options.rerun_limit ? dbg->options.rerun_limit : DEFAULT_RERUN_LIMIT;
    uint64_t old_position = dbg->position;
    /* The edits are the old history's; they come back renumbered. */
    struct edit *edits = dbg->edits;
    size_t edit_count = dbg->edit_count;
    dbg->edits = NULL;
    dbg->edit_count = dbg->edit_capacity = dbg->edits_applied = 0;
    history_reset(dbg);
    dbg->from_start = true;
    /* The job's start clock: the drop's less the CPU time it had used (an
     * estimate; clocks are shown from the drop found). */
    uint64_t used = dbg->loaded.limits.cpu_used;
    dbg->start_clock = dbg->loaded.cpu.clock > used ? dbg->loaded.cpu.clock - used : 0;
    clock_t began = clock();
    if (sandbox_build(dbg, error, size)) {
        free(d);
        return undo(dbg, edits, edit_count, old_position, error, size);
    }
    history_take_checkpoint(dbg, 0);
    dbg->drop_cpu = d;
    dbg->drop_matched = false;
    dbg->on_step = look_for_drop;
    look_for_drop(dbg, false);   /* dropped before its first instruction? */
    bool at_zero = dbg->drop_matched;
    while (!dbg->drop_matched && dbg->position < limit && history_advance(dbg) >= 0)
        ;
    dbg->on_step = NULL;
    dbg->drop_cpu = NULL;
    free(d);
    if (!dbg->drop_matched) {
        if (dbg->position >= limit)
            debugger_say(error, size,
                         "the job run again from its start did not reach the dropped state "
                         "within %" PRIu64 " steps (the limit: switchp --rerun-limit)",
                         limit);
        else
            debugger_say(error, size,
                         "the job run again from its start ended after %" PRIu64 " steps "
                         "without reaching the dropped state (it may have read the clock, or "
                         "a permanent dataset that has changed since)",
                         dbg->position);
        return undo(dbg, edits, edit_count, old_position, error, size);
    }
    /* An error drop is the state after the faulting instruction, before
     * the OS took the exchange: the drop lies before that instruction. */
    uint64_t offset = at_zero ? 0 : dbg->drop_exchanged ? dbg->position - 1 : dbg->position;
    dbg->drop_position = offset;
    dbg->drop_clock = sandbox_cpu(dbg)->clock;
    /* The log there (an error drop: before the OS's lines on the abort). */
    dbg->drop_log_mark = dbg->drop_exchanged ? dbg->match_log_mark : dbg->job->log.length;
    double seconds = (double)(clock() - began) / CLOCKS_PER_SEC;
    /* The old history after the drop, renumbered. */
    uint64_t first_edit = UINT64_MAX;
    for (size_t i = 0; i < edit_count; i++) {
        edits[i].position += offset;
        if (edits[i].position < first_edit)
            first_edit = edits[i].position;
    }
    free(dbg->edits);
    dbg->edits = edits;
    dbg->edit_count = dbg->edit_capacity = edit_count;
    dbg->edits_applied = 0;
    char why[300];
    if (first_edit <= dbg->position) {
        /* The state here lacks them: back to the first, and on with them. */
        history_forget_checkpoints_after(dbg, first_edit);
        if (history_go_to(dbg, first_edit, why, sizeof why)) {
            debugger_say(error, size, "%s", why);
            return -1;
        }
    }
    history_apply_pending_edits(dbg);
    if (history_go_to(dbg, old_position + offset, why, sizeof why)) {
        debugger_say(error, size, "%s", why);
        return -1;
    }
    debugger_say(error, size,
                 "the job was run again from its start: the drop is at step %" PRIu64
                 " (%.2f s, %.2f s per million steps)",
                 offset, seconds, offset ? seconds * 1e6 / (double)offset : 0.0);
    return 0;
}
