/*
 * debugger_internal.h - what the pieces of switchp's core share: the
 * debugger itself (its sandbox, its place in the history, the history of
 * checkpoints, exchanges and edits, its breakpoints and watchpoints) and
 * the few functions a piece lends the pieces above it.  Not for use
 * outside os/switchp/debugger*.c.
 *
 * The pieces, lowest first; each calls only the pieces listed before it
 * (tests/arch/check.sh checks that no two call each other):
 *
 *   debugger_sandbox.c  messages; the sandbox site, built from the dropfile
 *                       (the state at position 0), rebuilt and removed
 *   debugger_state.c    views of the state, words and parcels, the new job
 *                       log, the digest, symbols
 *   debugger_places.c   numbers, addresses, values, places and conditions
 *   debugger_fields.c   the state as the job-state table names it: a
 *                       snapshot as a dropfile, fields set with their rule
 *   debugger_history.c  transitions, checkpoints, moving to a position,
 *                       and edits
 *   debugger_origin.c   before the drop: the job re-run from its deck,
 *                       the drop found in it, the history renumbered
 *   debugger_run.c      breakpoints and watchpoints, running forwards and
 *                       backwards
 *   debugger.c          a session's life: open and close, and the job
 *                       written back as a new dropfile
 */
#ifndef C1_OS_DEBUGGER_INTERNAL_H
#define C1_OS_DEBUGGER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "debugger.h"
#include "emu/machine.h"
#include "os/os.h"
#include "os/site.h"

#define MAX_POINTS 64
#define SANDBOX_PC 0
#define SANDBOX_SITE "SWITCHP"     /* the sandbox site's name */

struct checkpoint {
    uint64_t position, epoch;
    size_t edits_applied;
    struct cpu cpu;
    struct shared_cluster clusters[MACHINE_CLUSTERS + 1];
    uint32_t words;        /* memory saved: absolute words [0, words) */
    uint64_t *memory;
};

struct edit {
    uint64_t position;
    struct debugger_location loc;
    uint64_t value;
    char text[64];         /* for the EDIT history note */
    bool field;            /* a field of the job-state table: path = value_text */
    char path[64];
    char value_text[64];
};

struct debugger {
    struct debugger_options options;
    char path[SITE_PATH_MAX];
    uint8_t *bytes;                /* the dropfile as read */
    size_t size;
    struct dropfile loaded;
    int64_t epoch_seconds;         /* the sandbox site's epoch */
    uint32_t memory_words;
    char root[SITE_PATH_MAX];      /* the sandbox site (mkdtemp) */
    bool root_made;

    struct os *os;                 /* the sandbox's OS, rebuilt for reverse execution */
    struct job *job;
    uint64_t rebuilds;

    /* Where the state is in the history. */
    uint64_t position;             /* transitions since the load */
    uint64_t epoch;                /* exchanges served since the load */
    size_t edits_applied;          /* edits[0..edits_applied) are in the state */
    uint32_t high_water;           /* absolute words [0, high_water) ever in the field */

    /* The history. */
    struct checkpoint **checkpoints;   /* by position */
    size_t checkpoint_count, checkpoint_capacity, checkpoint_bytes;
    uint64_t interval;
    uint64_t *exchanges;           /* position of each exchange served, in order */
    size_t exchange_count, exchange_capacity;
    struct edit *edits;            /* by position */
    size_t edit_count, edit_capacity;
    uint64_t divergences;          /* replays that did not repeat the history (none expected) */

    struct debugger_point points[MAX_POINTS];
    size_t point_count;
    int next_point;

    size_t log_mark;
    size_t open_log_mark;          /* the job log's length when the sandbox was built */

    /* Before the drop: the sandbox built from the job's deck (position 0 is
     * the job's start), and where the drop lies in that history. */
    bool from_start;
    char *deck;                    /* the deck rebuilt from the dropfile */
    size_t deck_size;
    uint64_t start_clock;          /* the sandbox site's clock when it boots */
    uint64_t drop_position;        /* the drop's position (0 until from_start) */
    uint64_t drop_clock;           /* the PC's clock at the drop in this history */
    size_t drop_log_mark;          /* the job log's length there */
    size_t match_log_mark;         /* its length when the dropped state was found */
    struct cpu *drop_cpu;          /* the dropped registers, while looking for them */
    bool drop_matched, drop_exchanged;
    void (*on_step)(struct debugger *dbg, bool exchanged);   /* after each cpu_step */
    char note[320];                /* what going back before the drop did, for the user */
};

static inline struct cpu *sandbox_cpu(const struct debugger *dbg)
{
    return &dbg->os->machine->cpu[SANDBOX_PC];
}

/* ---- debugger_sandbox.c --------------------------------------------------------------- */

/* Write a message into error (nothing when error is NULL or size 0). */
void debugger_say(char *error, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* (Re)build the sandbox: a fresh site, the dropfile queued for restart, the
 * OS booted and the job started on PC 0: the state at position 0, before
 * any edit (the history re-applies those). */
int sandbox_build(struct debugger *dbg, char *error, size_t size);
/* Free the sandbox's OS (and its job). */
void sandbox_free(struct debugger *dbg);
/* Free the sandbox's OS and delete the sandbox folder. */
void sandbox_remove(struct debugger *dbg);

/* ---- debugger_places.c ---------------------------------------------------------------- */

/* Write a place without recording (edits, replays). */
void place_store(struct debugger *dbg, const struct debugger_location *loc, uint64_t value);
/* "A1=17", "[100]=5" ...: a deposit as the EDIT history note names it. */
void place_describe(const struct debugger *dbg, const struct debugger_location *loc,
                    uint64_t value, char *buf, size_t size);

/* ---- debugger_fields.c ---------------------------------------------------------------- */

/* A path of the job-state table a field edit of the CPU changes in the live
 * CPU (cpu.*, machine.*); the others live in snapshots. */
bool field_is_cpu(const char *path);
/* The present state as the dropfile a drop would write (the original's log
 * and CPU-time limit, the non-CPU field edits applied).  0, or -1 with
 * error (df left empty). */
int field_snapshot(const struct debugger *dbg, struct dropfile *df, char *error, size_t size);
/* Set a CPU field through the table (its rule), into the live CPU, the
 * exchange package's registers kept consistent.  0, or -1 with error. */
int field_store_cpu(struct debugger *dbg, const char *path, const char *text, char *error,
                    size_t size);

/* ---- debugger_history.c --------------------------------------------------------------- */

/* Free the history: checkpoints, exchanges and edits. */
void history_free(struct debugger *dbg);

/* Apply the edits recorded at or before the present position not yet applied. */
void history_apply_pending_edits(struct debugger *dbg);
/* Take a checkpoint of the present state, as checkpoints[at]. */
void history_take_checkpoint(struct debugger *dbg, size_t at);
/* Index of the last checkpoint at or before position, or -1. */
long history_checkpoint_index(const struct debugger *dbg, uint64_t position);
/* One transition: an instruction, and the OS's service if it stopped for
 * an exchange.  1 if an exchange was served, 0 if not, -1 if the job is
 * no longer on its PC. */
int history_advance(struct debugger *dbg);
/* Forget the checkpoints after position / every checkpoint and exchange
 * (the edits kept). */
void history_forget_checkpoints_after(struct debugger *dbg, uint64_t position);
void history_reset(struct debugger *dbg);
/* Move to position target, silently.  0, or -1 (the sandbox could not be
 * rebuilt: message in error). */
int history_go_to(struct debugger *dbg, uint64_t target, char *error, size_t size);

/* ---- debugger_origin.c ---------------------------------------------------------------- */

/* Rebuild the history from the job's start (its deck run again in a fresh
 * sandbox) up to the drop, and renumber the present history after it: the
 * position, the edits.  0, or -1 with error (the state is then as it was). */
int origin_switch(struct debugger *dbg, char *error, size_t size);

#endif
