/*
 * debugger_run.c - switchp's breakpoints and watchpoints, and running (see
 * debugger.h): forwards until a point, an address, a number of steps or of
 * clocks; back a number of steps or to a position; and backwards to the
 * latest earlier point, by re-running from checkpoints (debugger_history.c).
 */
#include "debugger.h"

#include <stdio.h>
#include <string.h>

#include "debugger_internal.h"
#include "os/job.h"

/* ---- breakpoints and watchpoints --------------------------------------------------------- */

static struct debugger_point *new_point(struct debugger *dbg, const char *text)
{
    if (dbg->point_count >= MAX_POINTS)
        return NULL;
    struct debugger_point *p = &dbg->points[dbg->point_count++];
    memset(p, 0, sizeof *p);
    p->number = dbg->next_point++;
    snprintf(p->text, sizeof p->text, "%s", text ? text : "");
    return p;
}

int debugger_add_break(struct debugger *dbg, uint32_t parcel,
                       const struct debugger_condition *cond, const char *text)
{
    struct debugger_point *p = new_point(dbg, text);
    if (!p)
        return -1;
    p->parcel = parcel;
    if (cond)
        p->condition = *cond;
    return p->number;
}

int debugger_add_watch(struct debugger *dbg, const struct debugger_location *loc,
                       const char *text)
{
    if (loc->place == PLACE_CONSTANT)
        return -1;
    struct debugger_point *p = new_point(dbg, text);
    if (!p)
        return -1;
    p->watch = true;
    p->location = *loc;
    debugger_read(dbg, loc, &p->value);
    return p->number;
}

int debugger_delete(struct debugger *dbg, int number)
{
    if (number == 0) {
        dbg->point_count = 0;
        return 0;
    }
    for (size_t i = 0; i < dbg->point_count; i++) {
        if (dbg->points[i].number == number) {
            memmove(&dbg->points[i], &dbg->points[i + 1],
                    sizeof dbg->points[0] * (dbg->point_count - i - 1));
            dbg->point_count--;
            return 0;
        }
    }
    return -1;
}

size_t debugger_point_count(const struct debugger *dbg) { return dbg->point_count; }
const struct debugger_point *debugger_point_at(const struct debugger *dbg, size_t i)
{
    return i < dbg->point_count ? &dbg->points[i] : NULL;
}

static void refresh_watches(struct debugger *dbg)
{
    for (size_t i = 0; i < dbg->point_count; i++)
        if (dbg->points[i].watch)
            debugger_read(dbg, &dbg->points[i].location, &dbg->points[i].value);
}

/* After a transition: the first watchpoint whose value changed (every
 * watchpoint's value updated), or NULL. */
static struct debugger_point *hit(struct debugger *dbg, uint64_t *old_value, uint64_t *new_value)
{
    struct debugger_point *found = NULL;
    for (size_t i = 0; i < dbg->point_count; i++) {
        struct debugger_point *p = &dbg->points[i];
        if (!p->watch)
            continue;
        uint64_t v = p->value;
        if (debugger_read(dbg, &p->location, &v) == 0 && v != p->value) {
            if (!found) {
                found = p;
                *old_value = p->value;
                *new_value = v;
            }
            p->value = v;
        }
    }
    return found;
}

static struct debugger_point *break_hit(struct debugger *dbg)
{
    if (!debugger_running(dbg))
        return NULL;
    uint32_t p = sandbox_cpu(dbg)->p;
    for (size_t i = 0; i < dbg->point_count; i++) {
        struct debugger_point *b = &dbg->points[i];
        if (!b->watch && b->parcel == p && debugger_condition_true(dbg, &b->condition))
            return b;
    }
    return NULL;
}

/* ---- running ----------------------------------------------------------------------------- */

static bool interrupted(const struct debugger *dbg)
{
    return dbg->options.interrupt && *dbg->options.interrupt;
}

int debugger_run(struct debugger *dbg, const struct debugger_run *run,
                 struct debugger_stop *stop)
{
    memset(stop, 0, sizeof *stop);
    if (!debugger_running(dbg)) {
        stop->reason = STOP_NOT_RUNNING;
        return 0;
    }
    refresh_watches(dbg);
    const struct cpu *cpu = sandbox_cpu(dbg);
    uint64_t start_clock = cpu->clock;
    for (;;) {
        if (stop->steps >= run->steps) {
            stop->reason = STOP_DONE;
            break;
        }
        if (interrupted(dbg)) {
            stop->reason = STOP_INTERRUPTED;
            break;
        }
        if (history_advance(dbg) < 0 || !debugger_running(dbg)) {
            stop->steps++;
            stop->reason = STOP_ENDED;
            break;
        }
        stop->steps++;
        if (run->points) {
            struct debugger_point *p = hit(dbg, &stop->old_value, &stop->new_value);
            if (!p)
                p = break_hit(dbg);
            if (p) {
                p->hits++;
                stop->reason = p->watch ? STOP_WATCH : STOP_BREAK;
                stop->point = p->number;
                break;
            }
        }
        if (run->until != DEBUGGER_NO_ADDRESS && cpu->p == run->until) {
            stop->reason = STOP_ARRIVED;
            break;
        }
        if (run->clocks && cpu->clock - start_clock >= run->clocks) {
            stop->reason = STOP_CLOCKS;
            break;
        }
    }
    return 0;
}

int debugger_goto(struct debugger *dbg, uint64_t n, struct debugger_stop *stop)
{
    memset(stop, 0, sizeof *stop);
    uint64_t from = dbg->position;
    if (history_go_to(dbg, n, stop->message, sizeof stop->message)) {
        stop->reason = STOP_FAILED;
        return 0;
    }
    stop->steps = from > dbg->position ? from - dbg->position : dbg->position - from;
    stop->reason = dbg->position < n ? STOP_ENDED : STOP_DONE;
    refresh_watches(dbg);
    return 0;
}

bool debugger_take_note(struct debugger *dbg, char *buf, size_t size)
{
    if (!dbg->note[0])
        return false;
    snprintf(buf, size, "%s", dbg->note);
    dbg->note[0] = '\0';
    return true;
}

int debugger_back(struct debugger *dbg, uint64_t n, struct debugger_stop *stop)
{
    if (n > dbg->position && !dbg->from_start)
        origin_switch(dbg, dbg->note, sizeof dbg->note);
    uint64_t target = n < dbg->position ? dbg->position - n : 0;
    debugger_goto(dbg, target, stop);
    if (stop->reason == STOP_DONE && n > stop->steps)
        stop->reason = STOP_START;
    return 0;
}

int debugger_reverse_go(struct debugger *dbg, struct debugger_stop *stop)
{
    memset(stop, 0, sizeof *stop);
    uint64_t start = dbg->position;
    if (start == 0 && !dbg->from_start && origin_switch(dbg, dbg->note, sizeof dbg->note) == 0)
        start = dbg->position;   /* the drop, counted from the job's start */
    if (start == 0) {
        stop->reason = STOP_START;
        return 0;
    }
    uint64_t hi = start - 1;   /* positions [0, hi] are looked at */
    for (;;) {
        long i = hi > 0 ? history_checkpoint_index(dbg, hi - 1) : -1;
        uint64_t lo = i >= 0 ? dbg->checkpoints[i]->position : 0;
        if (history_go_to(dbg, lo, stop->message, sizeof stop->message)) {
            stop->reason = STOP_FAILED;
            return 0;
        }
        int64_t found = -1;
        int point = 0;
        uint64_t old_value = 0, new_value = 0;
        if (lo == 0) {
            struct debugger_point *b = break_hit(dbg);
            if (b) {
                found = 0;
                point = b->number;
            }
        }
        refresh_watches(dbg);
        while (dbg->position < hi) {
            if (interrupted(dbg)) {
                stop->reason = STOP_INTERRUPTED;
                stop->steps = start - dbg->position;
                dbg->log_mark = dbg->job->log.length;
                return 0;
            }
            if (history_advance(dbg) < 0)
                break;
            uint64_t o, n;
            struct debugger_point *p = hit(dbg, &o, &n);
            if (p) {
                found = (int64_t)dbg->position;
                point = p->number;
                old_value = o;
                new_value = n;
                stop->reason = STOP_WATCH;
            }
            struct debugger_point *b = break_hit(dbg);
            if (b) {
                found = (int64_t)dbg->position;
                point = b->number;
                stop->reason = STOP_BREAK;
            }
        }
        if (found >= 0) {
            if (found == 0 && lo == 0 && stop->reason == STOP_NONE)
                stop->reason = STOP_BREAK;
            int reason = stop->reason;
            if (history_go_to(dbg, (uint64_t)found, stop->message, sizeof stop->message)) {
                stop->reason = STOP_FAILED;
                return 0;
            }
            stop->reason = reason;
            stop->point = point;
            stop->old_value = old_value;
            stop->new_value = new_value;
            stop->steps = start - dbg->position;
            refresh_watches(dbg);
            return 0;
        }
        if (lo == 0 && !dbg->from_start &&
            origin_switch(dbg, dbg->note, sizeof dbg->note) == 0) {
            /* Nothing since the drop: on into the job's past. */
            start += dbg->drop_position;
            if (dbg->drop_position > 0) {
                hi = dbg->drop_position - 1;
                stop->reason = STOP_NONE;
                continue;
            }
        }
        if (lo == 0) {
            if (history_go_to(dbg, 0, stop->message, sizeof stop->message)) {
                stop->reason = STOP_FAILED;
                return 0;
            }
            stop->reason = STOP_START;
            stop->steps = start;
            refresh_watches(dbg);
            return 0;
        }
        hi = lo;
        stop->reason = STOP_NONE;
    }
}
