/*
 * commands.h - switchp's command language over the debugger of
 * debugger.h, for a front end (tools/switchp.c) to feed lines to.
 *
 * Commands come from one table (os/switchp/commands.c) that gives each its
 * name, a one-letter alias for a few, its usage and its help; HELP and the
 * completion of command names are made from it.  Any unique prefix of a
 * command is enough, and an unknown command gets the nearest one by edit
 * distance suggested.  Addresses and values are octal unless written D'99
 * or X'FF; counts (step 10, run 5000) are decimal.  Everything a command
 * shows, and "error: ..." when it fails, goes to the session's out.
 *
 *   commands.c        the table, HELP, finding a command, running a line,
 *                     the prompt, the greeting and completion
 *   commands_state.c  registers, exchange, examine, deposit, disassemble,
 *                     symbols, where
 *   commands_run.c    step, next, until, go, run, break, watch, delete,
 *                     back, rgo
 *   commands_job.c    job, output, drop, digest
 *   commands_show.c   what they share: words, labels, listings, where the
 *                     job stands, why running stopped, displays, counts
 *   commands_source.c the source view: the program's CAL source from $IN,
 *                     its lines by parcel address, list
 *
 * Each file calls only the ones listed after it (and the debugger).
 */
#ifndef C1_OS_SWITCHP_COMMANDS_H
#define C1_OS_SWITCHP_COMMANDS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "debugger.h"

struct isa_forms;

struct switchp_session {
    struct debugger *dbg;
    struct isa_forms *forms;           /* the disassembler's */
    FILE *out;                         /* where commands print */
    volatile sig_atomic_t *interrupt;  /* the debugger's (options.interrupt), cleared before
                                          each run; may be NULL */
    bool quit;                         /* QUIT was given, or the sandbox is gone */
    /* Expressions shown at each stop (display, undisplay). */
    struct switchp_display {
        int number;
        char text[96];
    } displays[16];
    size_t display_count;
    int next_display;
    /* The source view: the program's CAL source from $IN, assembled again
     * for its listing; one entry per instruction line. */
    struct switchp_source_line {
        uint32_t parcel;
        int line;                      /* 1-based line of the source */
        const char *text;              /* into source (the line, no newline) */
        size_t length;
    } *source_lines;
    size_t source_line_count;
    char *source;                      /* the CAL source text */
};

/* A session over an open debugger, printing to out.  0, or -1 (out of memory). */
int switchp_session_init(struct switchp_session *s, struct debugger *dbg, FILE *out,
                         volatile sig_atomic_t *interrupt);
/* Free what the session made (not the debugger). */
void switchp_session_free(struct switchp_session *s);

/* Run one command line (blank lines and # comments do nothing).  0, or -1
 * when the command failed. */
int switchp_execute(struct switchp_session *s, const char *line);

/* The greeting: the dropfile (named as the user gave it), the job, the
 * sandbox, and where the job stands. */
void switchp_greet(struct switchp_session *s, const char *file);

/* The prompt, "switchp +CLOCKS> ": the clocks run since the drop. */
void switchp_prompt(const struct switchp_session *s, char *buf, size_t size);

/* Completion: the next name from *index on that starts with text (case
 * insensitive), *index moved past it; NULL when there is none.  A command
 * name when command is true; otherwise a register, a word some command
 * takes (identity, all, if ...) or one of the program's symbols.  Start
 * with *index 0. */
const char *switchp_complete(const struct switchp_session *s, const char *text, bool command,
                             size_t *index);

#endif
