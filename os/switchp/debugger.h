/*
 * debugger.h - switchp's core: a dropped job brought back to life in a
 * sandbox and run under a debugger, forwards and backwards.
 *
 * The sandbox.  debugger_open() reads and checks a dropfile (a damaged or
 * incompatible one is refused with the dropfile library's reason), makes a
 * private temporary site (mkdtemp), queues the dropfile there for restart
 * and boots the batch OS on it: a machine of one PC with the dropfile's
 * model and the memory size of the machine it ran on.  The OS makes the
 * job from the dropfile exactly as a site's restart does; the debugger then
 * drives the job's PC itself, one instruction at a time (cpu_step), and
 * hands every exchange to the OS (job_exchange), so that system requests
 * are served by the real OS code against the sandbox's copies of the job's
 * datasets.  Nothing on any site changes: permanent datasets the job uses
 * are copied from a site the caller names (options.pds_site) into the
 * sandbox, read only.  debugger_close() deletes the sandbox.
 *
 * Sandbox site decisions: the site is named SWITCHP; its clock starts at
 * the drop's clock (so clocks continue from the drop, and "clocks since the
 * drop" is the PC's clock minus it); its epoch (the dates F$DAT/F$TIM give)
 * is the drop's wall time minus the drop clock's seconds, an estimate of
 * the original site's; the job keeps its job id; its CPU-time limit is
 * lifted (one million seconds) - it was dropped for reaching it - and a
 * dropfile written back carries the original limit again.
 *
 * Positions and reverse execution.  The debugger counts transitions since
 * the load: one cpu_step, plus the OS's service when it stopped for an
 * exchange.  Running is deterministic: the same state gives the same next
 * state, bit for bit.  The debugger keeps checkpoints (a copy of the cpu,
 * its shared registers and the memory field) every K transitions (K at
 * least the field size; when they outgrow their budget every other one is
 * dropped and K doubles), the positions at which exchanges were served, and
 * every edit with its position.  Going back to position n restores the
 * latest checkpoint at or before n taken with the same OS state (no
 * exchange in between) and re-executes up to n; when an exchange lies in
 * between, the sandbox is rebuilt from the dropfile and the history
 * replayed, crossing each exchange from the checkpoint nearest before it.
 * Either way the state at n is exactly the one forward execution had.  An
 * edit (a deposit) at position n becomes part of the history, re-applied
 * whenever execution passes n; it discards whatever history lay beyond n.
 *
 * No global state: any number of debuggers can be open in one process.
 */
#ifndef C1_OS_DEBUGGER_H
#define C1_OS_DEBUGGER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/cpu.h"
#include "os/dropfile/dropfile.h"
#include "os/os.h"

struct debugger;

struct debugger_options {
    const char *pds_site;             /* copy the job's permanent datasets from SITE/pds */
    const char *temp_dir;             /* where the sandbox is made (NULL: $TMPDIR or /tmp) */
    bool no_timing;                   /* functional mode instead of the timing model */
    uint64_t checkpoint_interval;     /* transitions between checkpoints (0: 4096) */
    size_t checkpoint_budget;         /* bytes of checkpoints kept (0: 256 MB) */
    volatile sig_atomic_t *interrupt; /* when set nonzero, running stops (the caller clears it) */
    uint64_t rerun_limit;             /* going back before the drop: at most this many
                                         transitions from the job's start to the drop
                                         (0: 100,000,000) */
};

/* Open path.  0 and *out, or -1 with the reason in error (the dropfile
 * library's message for a damaged or incompatible file, the OS's for a
 * restart it refuses). */
int debugger_open(const char *path, const struct debugger_options *options,
                  struct debugger **out, char *error, size_t size);
/* Close, and delete the sandbox. */
void debugger_close(struct debugger *dbg);

/* ---- what there is to see ----------------------------------------------------------- */

const struct dropfile *debugger_loaded(const struct debugger *dbg);   /* the file as read */
const char *debugger_path(const struct debugger *dbg);
const char *debugger_sandbox(const struct debugger *dbg);             /* the sandbox site */
struct os *debugger_os(const struct debugger *dbg);
struct job *debugger_job(const struct debugger *dbg);   /* the sandbox's job */
const struct cpu *debugger_cpu(const struct debugger *dbg);
bool debugger_running(const struct debugger *dbg);      /* the job is still on its PC */
uint64_t debugger_position(const struct debugger *dbg); /* transitions since the load */
uint64_t debugger_clocks(const struct debugger *dbg);   /* clocks since the drop */
uint64_t debugger_rebuilds(const struct debugger *dbg); /* sandbox rebuilds so far */
/* Whether the session has gone back before the drop: then positions count
 * transitions since the job began, and the drop lies at
 * debugger_drop_position (0 before that). */
bool debugger_from_start(const struct debugger *dbg);
uint64_t debugger_drop_position(const struct debugger *dbg);
size_t debugger_checkpoints(const struct debugger *dbg, size_t *bytes);

/* A word of the field (address relative to the base) / a parcel of the
 * instruction field (parcel address relative to the instruction base).
 * 0, or -1 outside the field. */
int debugger_word(const struct debugger *dbg, uint32_t address, uint64_t *word);
int debugger_parcel(const struct debugger *dbg, uint32_t p, uint16_t *parcel);
uint32_t debugger_field_words(const struct debugger *dbg);

/* The job log text added since the last call (the job's F$MSG lines, the
 * OS's messages), for a front end to show after running. */
const char *debugger_new_log(struct debugger *dbg, size_t *length);

/* A digest of the state: every register, the clocks and counters, the
 * timing state and the memory field.  Equal digests: the same state. */
uint64_t debugger_digest(const struct debugger *dbg);

/* ---- symbols (the running program's, from the loader) ------------------------------- */

const struct dropfile_symbol *debugger_symbols(const struct debugger *dbg, size_t *count);
/* A symbol whose address is this word address (parcel false) or parcel
 * address (parcel true), or NULL.  Parcel labels ('P') are preferred for
 * parcels, word labels ('W') for words. */
const struct dropfile_symbol *debugger_label(const struct debugger *dbg, uint32_t address,
                                             bool parcel);
/* The symbol of that name (case-insensitive), or NULL. */
const struct dropfile_symbol *debugger_symbol(const struct debugger *dbg, const char *name);

/* ---- places and values ---------------------------------------------------------------- */

enum debugger_place {
    PLACE_A, PLACE_S, PLACE_B, PLACE_T, PLACE_V, PLACE_VL, PLACE_VM, PLACE_P,
    PLACE_MEMORY,     /* a word of the field, relative to its base */
    PLACE_CONSTANT,   /* a number (conditions) */
};

struct debugger_location {
    uint8_t place;      /* enum debugger_place */
    bool whole;         /* PLACE_V: the whole register (no element given) */
    uint32_t index;     /* register number, or word address */
    uint32_t element;   /* PLACE_V element */
    uint64_t value;     /* PLACE_CONSTANT */
};

/* Numbers are octal unless written O'17, D'99 or X'FF; a leading '-'
 * negates.  Symbols may be followed by +n / -n. */

/* A word address (parcel false) or parcel address (parcel true): a number,
 * a symbol (a parcel label is the word that holds it as a word address, a
 * word label is its first parcel as a parcel address), `3b` (word 3,
 * parcel b: parcel address 015), P (the present P; as a word address the
 * word holding it), each optionally +n or -n.  0, or -1 with error. */
int debugger_parse_address(const struct debugger *dbg, const char *text, bool parcel,
                           uint32_t *address, char *error, size_t size);

/* A value to deposit or compare: a number, a floating-point constant
 * (digits with a point or exponent: 1.5, -2., 6.02E23) as a Cray word,
 * 'TEXT' (up to 8 characters, left-justified, zero-filled) or a symbol's
 * value.  0, or -1 with error. */
int debugger_parse_value(const struct debugger *dbg, const char *text, uint64_t *value,
                         char *error, size_t size);

/* A place: a register (A0-A7, S0-S7, B0-B77, T0-T77, V0-V7 or Vn[e] with
 * e octal, VL, VM, P), [ADDRESS] (a memory word), or else an address (a
 * memory word) when memory is true, a value (PLACE_CONSTANT) otherwise. */
int debugger_parse_location(const struct debugger *dbg, const char *text, bool memory,
                            struct debugger_location *loc, char *error, size_t size);

/* The value at a place (a whole V register: element 0).  0, or -1 when a
 * memory word is outside the field. */
int debugger_read(const struct debugger *dbg, const struct debugger_location *loc,
                  uint64_t *value);
/* Width of a place in bits: A, B 24; VL 7; P 22 (Cray-1) or 24; else 64. */
unsigned debugger_width(const struct debugger *dbg, const struct debugger_location *loc);

/* Deposit: change a register or a memory word (a whole V register: every
 * element).  Recorded as an edit at the present position.  A memory
 * deposit empties the instruction buffers so that new code is seen.  0, or
 * -1 with error (outside the field, the job has ended, a constant). */
int debugger_write(struct debugger *dbg, const struct debugger_location *loc, uint64_t value,
                   char *error, size_t size);
size_t debugger_edit_count(const struct debugger *dbg);

/* ---- the job-state table (os/dropfile/dropfile_fields.def) ---------------------------------- */

/* Whether text names a field of the job's saved state: a path of the table
 * (identity.user, cpu.flags, cpu.s[1], limits.cpu_limit, datasets.$OUT.record
 * ...; anything with a dot) or a short name (F or FLAGS: cpu.flags, XA:
 * cpu.xa, MODES: cpu.modes); path gets the table's path. */
bool debugger_field_path(const char *text, char *path, size_t size);
/* The field's value now, as the table shows it.  0, or -1 with error (no
 * such field, the job has ended). */
int debugger_field_get(const struct debugger *dbg, const char *text, char *path, size_t path_size,
                       char *value, size_t size, char *error, size_t error_size);
/* Deposit into a field through the table (its rule; a register of the
 * exchange package is set in the package, the others kept), recorded as an
 * edit at the present position like debugger_write.  A CPU field changes
 * the running job; the others (identity, limits, job symbols ...) change
 * the job's saved state: examine shows them and a dropfile written back
 * has them.  0, or -1 with error. */
int debugger_write_field(struct debugger *dbg, const char *text, const char *value, char *error,
                         size_t size);

/* ---- breakpoints and watchpoints ------------------------------------------------------- */

enum debugger_compare { CMP_NONZERO, CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

/* LEFT OP RIGHT with OP one of == (or =) != < <= > >=, or LEFT alone
 * (true when not zero).  LEFT is a place (a bare address: a memory word),
 * RIGHT a place or a value.  Both sides are compared as signed numbers of
 * the narrower side's width (A1 == 77777777 and A1 < 0 both mean what they
 * say of a 24-bit register). */
struct debugger_condition {
    bool present;
    uint8_t compare;   /* enum debugger_compare */
    struct debugger_location left, right;
};
int debugger_parse_condition(const struct debugger *dbg, const char *text,
                             struct debugger_condition *cond, char *error, size_t size);
/* Whether it holds now (a condition that cannot be read is false). */
bool debugger_condition_true(const struct debugger *dbg, const struct debugger_condition *cond);

struct debugger_point {
    int number;                       /* from 1 */
    bool watch;
    uint32_t parcel;                  /* breakpoint: parcel address */
    struct debugger_condition condition;
    struct debugger_location location;/* watchpoint: a memory word or register */
    uint64_t value;                   /* watchpoint: its value when last looked at */
    uint64_t hits;
    char text[128];                   /* as the user gave it */
};

/* Add a breakpoint at a parcel address (cond NULL or not present: always)
 * or a watchpoint on a place.  The number, or -1 (too many, a constant). */
int debugger_add_break(struct debugger *dbg, uint32_t parcel,
                       const struct debugger_condition *cond, const char *text);
int debugger_add_watch(struct debugger *dbg, const struct debugger_location *loc,
                       const char *text);
/* Delete point number (0: all).  0, or -1 if there is none. */
int debugger_delete(struct debugger *dbg, int number);
size_t debugger_point_count(const struct debugger *dbg);
const struct debugger_point *debugger_point_at(const struct debugger *dbg, size_t i);

/* ---- running ----------------------------------------------------------------------- */

enum debugger_stop_reason {
    STOP_NONE,
    STOP_DONE,          /* the steps asked for were done */
    STOP_BREAK,         /* a breakpoint (stop.point) */
    STOP_WATCH,         /* a watchpoint's value changed (stop.point, old, new) */
    STOP_ARRIVED,       /* P reached the until/next address */
    STOP_CLOCKS,        /* the clocks asked for have passed */
    STOP_ENDED,         /* the job ended (or left its PC) */
    STOP_NOT_RUNNING,   /* nothing ran: the job had already ended */
    STOP_INTERRUPTED,   /* options.interrupt was set */
    STOP_START,         /* reverse: arrived at the loaded state (no earlier hit) */
    STOP_FAILED,        /* the sandbox could not be rebuilt (message in stop.message):
                           only debugger_close() may be called after it */
};

struct debugger_stop {
    int reason;               /* enum debugger_stop_reason */
    int point;                /* the breakpoint's or watchpoint's number */
    uint64_t old_value, new_value;
    uint64_t steps;           /* transitions moved (forward or back) */
    char message[256];
};

#define DEBUGGER_NO_ADDRESS UINT32_MAX

struct debugger_run {
    uint64_t steps;           /* at most this many transitions (UINT64_MAX: no limit) */
    uint32_t until;           /* stop when P reaches this parcel address, or DEBUGGER_NO_ADDRESS */
    uint64_t clocks;          /* stop when this many clocks have passed (0: no limit) */
    bool points;              /* stop at breakpoints and watchpoints */
};

/* Run forward.  Breakpoints are looked at on arrival at each new position
 * (never at the one running starts from); watchpoints after each
 * transition.  Always returns 0; *stop says why it stopped. */
int debugger_run(struct debugger *dbg, const struct debugger_run *run,
                 struct debugger_stop *stop);
/* Go back n transitions.  Past the loaded state (the drop) the job is run
 * again from its start (debugger_origin.c): positions are then counted
 * from the job's start, and the cost and the drop's position are told in
 * debugger_take_note; if that cannot be done, to the loaded state, the
 * reason in the note. */
int debugger_back(struct debugger *dbg, uint64_t n, struct debugger_stop *stop);
/* Go back to the latest earlier position where a breakpoint held or a
 * watchpoint's value changed, before the drop too (as debugger_back); with
 * none, to the start (STOP_START). */
int debugger_reverse_go(struct debugger *dbg, struct debugger_stop *stop);
/* What going back before the drop did (or why it could not), once: copied
 * into buf and forgotten.  false when there is nothing to tell. */
bool debugger_take_note(struct debugger *dbg, char *buf, size_t size);
/* Go to position n (forward or back), without looking at breakpoints. */
int debugger_goto(struct debugger *dbg, uint64_t n, struct debugger_stop *stop);

/* ---- writing the job back ----------------------------------------------------------------- */

/* Write the present state as a new dropfile at path: what a drop of the job
 * at this instruction boundary would write, with the original CPU-time
 * limit, the original history followed by an EDIT event (site SWITCHP, the
 * edits made as its note) and a job-log line saying so.  A site can restart
 * it.  0, or -1 with error. */
int debugger_drop(struct debugger *dbg, const char *path, char *error, size_t size);

#endif
