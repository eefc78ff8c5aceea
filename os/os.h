/*
 * os.h - the tiny batch OS: a site's machine, its jobs, its queue and its
 * operator, driven entirely by machine clocks.
 *
 * The OS is the machine's monitor, written in C: every exchange of a PC
 * (a system request through EX, an error exit, a range or floating-point
 * error) comes to it, and it decides what the job does next.  Jobs run one
 * per PC, flat out, in contiguous memory fields.  Everything the OS does
 * happens at a machine clock: a job's CPU-time limit is a clock count of its
 * PC, operator commands from a script carry the clock at which they act, and
 * the same site with the same inputs gives the same dayfile, outputs and
 * dropfiles.
 *
 * Files, each using only those above it in this list (calls go one way;
 * the one call up, csp.c's look at the queue after SUBMIT, goes through
 * os->scan_queue, which os.c installs):
 *   site.c, deck.c, log.c, field_map.c  the site on disk, decks, logs, fields
 *   field_text.c    text in a job's memory field (system requests' strings)
 *   job.c           a job's basics: a new job, its clocks and log, charges,
 *                   its banner, its queue entry, its machine given back
 *   job_datasets.c  a job's datasets ($IN, $OUT, local and permanent)
 *   job_state.c     SITE/running (the jobs on the machine, a transition's
 *                   plan) and a boot's recovery from it
 *   job_end.c       a job's end (output, accounting, dayfile) and freeing it;
 *                   job_commit, the one way a job's outputs are published
 *   job_deck.c      a job made from a queued deck (the JOB statement)
 *   job_drop.c      a job to a dropfile (drop) and back (restart)
 *   job_step.c      program steps (CAL, LDR, a program), aborts, DUMPJOB
 *   sysreq.c        system requests
 *   csp.c           control statements, one by one between steps
 *   job_exchange.c  a job's PC back at the monitor: an exchange, a time limit
 *   os.c            boot, the queue, scheduling, the main loop, operator
 *                   actions, shutdown
 * The operator's console is os/operator/.
 */
#ifndef C1_OS_OS_H
#define C1_OS_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deck.h"
#include "field_map.h"
#include "log.h"
#include "emu/machine.h"
#include "site.h"
#include "submit.h"

struct dataset_table;
struct dropfile;

#define OS_VERSION "C-1 OS 0.1"
#define OS_MAX_CLASSES 8
#define OS_MAX_DEVICES 8

/* Fixed costs of the OS's own work, in clocks of the job's PC (C-1's
 * choice: COS's figures are not known). */
#define OS_STATEMENT_CLOCKS 4000u   /* processing one control statement */
#define OS_REQUEST_CLOCKS 400u      /* serving one system request (with its exchanges) */
#define OS_FIELD_UNIT 512u          /* MFL rounds up to this */
/* A scheduling slice: the OS commits what it wrote (os/disk group commit)
 * once per slice of machine time, and whenever the machine goes idle. */
#define OS_SLICE_SECONDS 0.02   /* 20 ms of machine time */
#define OS_DEFAULT_CLASS "BATCH"    /* CL when the JOB statement has none */
#define OS_DEFAULT_FIELD 32768u     /* MFL when the JOB statement has none (bare MFL: the maximum) */
/* I/O charged by the words it moves (C-1's figure, docs/job-control.md):
 * a Cray-1 DD-19 disk streamed about 35 Mbit/s, one 64-bit word in some
 * 1.8 microseconds, 145 clock periods of 12.5 ns. */
#define OS_IO_CLOCKS_PER_WORD 145u
/* The output bounds of a class when the class table sets none. */
#define OS_OUTPUT_DEFAULT (UINT64_C(16) << 20)   /* bytes written to a job's datasets */
#define OS_LOG_DEFAULT (UINT64_C(1) << 20)       /* bytes of a job's log */

enum job_state {
    JOB_QUEUED,      /* in the input queue */
    JOB_RUNNING,     /* on a PC, with a field */
    JOB_DONE,        /* ended; output written */
    JOB_DROPPED,     /* written to a dropfile; out of the machine */
};

/* Where a job's control statements stand: IF/ELSE/ENDIF and
 * LOOP/EXITLOOP/ENDLOOP nesting.  A level is an IF's state (0 skipping, 1
 * taking, 2 done) or a LOOP's: job_loop_level(kind, start), start the
 * index of its LOOP statement. */
#define JOB_NESTING_MAX 16
enum job_loop_kind { JOB_LOOP_RUNNING, JOB_LOOP_EXITING, JOB_LOOP_SKIPPED };
#define JOB_LOOP_BASE 4
static inline int job_loop_level(enum job_loop_kind kind, int start)
{
    return JOB_LOOP_BASE + (int)kind + 4 * start;
}
static inline bool job_level_is_loop(int level) { return level >= JOB_LOOP_BASE; }
static inline int job_loop_kind(int level) { return (level - JOB_LOOP_BASE) % 4; }
static inline int job_loop_start(int level) { return (level - JOB_LOOP_BASE) / 4; }

struct job {
    int number;                 /* job id (site-wide, from 1) */
    int64_t tag;                /* the front end's own number for it (replay), or -1 */
    uint64_t arrival_clock;     /* when it entered the queue */
    int64_t sequence;           /* queue entry number (arrival order) */
    char queue_name[32];        /* its queue file, removed at the end */
    enum job_state state;
    char name[8];               /* JN */
    char output_name[32];       /* SITE/out/<this>.log and .out: NNNNNN.NAME of its first run */
    char user[16];              /* US */
    char account[16];
    char class_name[8];         /* CL */
    int class_index;
    int priority;               /* P, 0..15 */
    bool standby;               /* class STANDBY */
    bool rerun;                 /* RERUN / NORERUN */
    uint64_t time_limit;        /* clocks */
    uint64_t time_used;         /* clocks, over all its runs */
    uint32_t field_length;      /* MFL, words */
    uint64_t output_limit;      /* OLM, records of $OUT (0: none) */
    struct {
        char name[8];
        unsigned count;
    } devices[OS_MAX_DEVICES];  /* *NAME=n reservations */
    int device_count;
    bool device_wait_noted;     /* the dayfile has its WAIT for units */
    struct {                    /* AFTER= and WAIT= of its JOB statement (job_hold.c) */
        char after[SUBMIT_WAITS_MAX][8];
        int after_count;
        char wait[SUBMIT_WAITS_MAX][SUBMIT_PDN_MAX + 1];
        int wait_count;
        char wait_owner[16];    /* OWN= ("": the job's user) */
        bool datasets_found;    /* every WAIT= dataset was there once: held no more */
        bool looked;            /* missing was found at os->pds_changes == looked_at */
        uint64_t looked_at;
        char missing[SUBMIT_PDN_MAX + 1];
        char noted[160];        /* the hold the dayfile last showed ("" none) */
    } hold;
    unsigned submit_depth;      /* 0: from c1sub or the operator; n: SUBMITted by a job of depth n-1 */
    unsigned submitted;         /* decks this job has SUBMITted (this run) */
    uint64_t output_bytes;      /* bytes written to its datasets (this run), against its class's bound */

    struct deck deck;           /* statements and $IN's data files */
    int next_statement;         /* the job stack: index of the next statement */
    bool error_path;            /* a step aborted: skipping to EXIT */
    bool echo_off;              /* ECHO,OFF */
    int nesting[JOB_NESTING_MAX];   /* per level: an IF's state or a LOOP's (above) */
    int nesting_depth;
    int64_t symbols[8];         /* J0..J7 */
    int data_file;              /* next file of $IN for CAL */
    struct dataset_table *datasets;

    /* On a PC. */
    int pc;                     /* -1 when not running */
    uint32_t field_base;
    uint64_t run_start_clock;   /* PC clock when it last started running */
    uint64_t used_at_start;     /* time_used then */
    bool step_running;          /* a program is on the PC */
    uint64_t reprieve;          /* F$RPV handler parcel address + 1, or 0 */
    bool reprieved;             /* the grace after a time limit is running */
    char program_name[9];
    struct dropfile_symbol *program_symbols;
    size_t program_symbol_count;

    /* Restarted from a dropfile: its history and identity carried on; the
     * processor state waits here until the job has a PC. */
    struct dropfile *origin;
    bool restore_pending;
    bool restart_forced;        /* --force: permanent datasets may have changed */
    struct text log;            /* the job log */
    uint64_t io_words;          /* record I/O, for accounting */
    int drops;                  /* dropfiles written for this job */
    bool drop_failed;           /* its last dropfile could not be written */
    char last_dropfile[SITE_PATH_MAX];
    int submits;                /* SUBMITs of this run (job_submit) */
    bool requeue_on_drop;       /* its next drop queues it for an automatic restart */
    /* A transition under way (job_commit, job_state.c): its line in
     * SITE/running, naming what it writes, so that a boot after a crash
     * finishes it (its log exists: the commit point) or undoes it. */
    char plan[1024];
};

struct job_class {
    char name[8];
    bool enabled;
    int rank;                   /* lower runs first */
    uint64_t max_time;          /* clocks; 0: site maximum */
    uint32_t max_field;         /* words; 0: site maximum */
    uint64_t max_output;        /* bytes a job may write to its datasets ($OUT and the others) */
    uint64_t max_log;           /* bytes of a job's log */
};

struct os_config {
    unsigned model;
    unsigned pcs;
    uint32_t memory_words;
    bool timing;
    uint64_t max_time;          /* site maximum CPU time, clocks */
    uint32_t max_field;         /* site maximum MFL, words */
    unsigned job_limit;         /* jobs at once (LIMIT), 0: one per PC */
    bool until_idle;
    bool sync_dayfile;
    bool no_outputs;            /* do not write each job's log and $OUT to SITE/out (a replay) */
    unsigned threads;           /* host threads running the PCs (0 or 1: one) */
};

/* A front end that follows jobs (the replay) is told when each starts and
 * when it leaves the machine (ended, or dropped). */
struct os_observer {
    void (*job_started)(void *context, const struct job *job);
    void (*job_finished)(void *context, const struct job *job, uint64_t clock, bool dropped);
    void *context;
};

struct os {
    struct os_config config;
    struct site site;
    struct dayfile dayfile;
    struct machine *machine;
    struct field_map fields;
    struct job **jobs;          /* every job this boot knows and has not forgotten */
    int job_count, job_capacity;
    struct job **waiting;       /* the queued jobs, best first (class rank, priority, arrival) */
    int waiting_count, waiting_capacity;
    struct os_observer observer;
    int pc_job[MACHINE_MAX_PCS];    /* number of the job on each PC, or -1 */
    struct job *pc_running[MACHINE_MAX_PCS];   /* that job, or NULL */
    struct job_class classes[OS_MAX_CLASSES];
    int class_count;
    struct {
        char name[8];
        unsigned total, in_use;
    } devices[OS_MAX_DEVICES];
    int device_count;
    uint64_t now;               /* the OS's clock: lowest clock of a busy PC */
    bool shutting_down;
    bool running_changed;       /* SITE/running must be rewritten */
    uint64_t pds_changes;       /* permanent datasets saved or deleted since boot
                                   (a held job's WAIT= is looked at again) */
    uint64_t slice_end;         /* the machine clock at which this scheduling slice commits */
    struct text *console_output; /* where console replies go (NULL: stdout) */
    /* os_scan_queue, installed by os_boot for the files below os.c that
     * must have the queue looked at (csp.c after SUBMIT): they call it
     * through here, never by name. */
    int (*scan_queue)(struct os *os);
    /* The front end's status display (c1's), for the SCREENSHOT command:
     * render the display as it stands and write it to path as a PNG.  0,
     * or -1 with a message.  Set by the front end after os_boot; NULL when
     * it has no display (SCREENSHOT then says so). */
    int (*screenshot)(void *context, const char *path, char *error, size_t size);
    void *screenshot_context;
};

/* Boot: open (or create) the site, build the machine, recover the queue.
 * 0, or -1 with a message. */
int os_boot(struct os *os, const char *site_root, const struct os_config *config, char *error,
            size_t size);
/* Stop: running jobs are dropped (SHUTDOWN) or, with keep_running false on a
 * crash-like stop, simply left queued; the state is saved. */
void os_shutdown(struct os *os);
void os_free(struct os *os);

/* Run until clock (or until idle with config.until_idle).  Returns when
 * the clock is reached, when idle, or on SHUTDOWN. */
int os_run(struct os *os, uint64_t until_clock);

/* Look at the queue folder for new entries (c1sub while running). */
int os_scan_queue(struct os *os);

/* Queue a job made by the front end (the replay).  0, or -1. */
int os_add_job(struct os *os, struct job *job);

/* Free the jobs that have ended or been dropped (their logs are written). */
void os_forget_finished(struct os *os);

/* Operator actions (os/operator/console.c calls them; each logs to the dayfile). */
int os_drop_job(struct os *os, int number, int reason, const char *note);
int os_kill_job(struct os *os, int number);
/* A dropfile of a running job that goes on running (CRIU's
 * --leave-running): 0, or -1 (not running, or the drop failed). */
int os_checkpoint_job(struct os *os, int number);
int os_restart_file(struct os *os, const char *path, const char *user, double seconds,
                    int priority, bool force, char *error, size_t size);
int os_set_priority(struct os *os, int number, int priority);
int os_set_class(struct os *os, const char *name, bool enabled);
void os_set_limit(struct os *os, unsigned jobs);
void os_status(struct os *os, struct text *out);
void os_queue_listing(struct os *os, struct text *out);

struct job *os_find_job(struct os *os, int number);

#endif
