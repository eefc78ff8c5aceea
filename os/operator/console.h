/*
 * console.h - the operator's command language, the same on the terminal
 * (readline), in a script (--script FILE) and over opcon's socket:
 *
 *   STATUS  QUEUE  DROP id  KILL id  RESTART file [US=u] [T=s] [P=p] [FORCE]
 *   SUBMIT deck  TAIL [JOB id] [n]  CHECKPOINT id  PRIORITY id n
 *   CLASS name ON|OFF  LIMIT n
 *   SHUTDOWN  SCREENSHOT file  HELP
 *
 * Words are case-insensitive and a unique prefix of a command is enough
 * (ST is ambiguous, STA is STATUS).  Every command that changes the site
 * is written to the dayfile (OPERATOR) with the clock at which it acts; a
 * refused one as OPREFUSE with its reason.  A script line may start with
 * @CLOCK: the command then acts when the machine reaches that clock, which
 * makes an operator's session replayable exactly.
 */
#ifndef C1_OS_CONSOLE_H
#define C1_OS_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "os/log.h"
#include "os/os.h"

enum console_result {
    CONSOLE_OK = 0,
    CONSOLE_ERROR = 1,      /* a bad command or one that failed */
    CONSOLE_SHUTDOWN = 2,   /* SHUTDOWN was given */
};

/* Run one command line; its reply is appended to out. */
enum console_result console_execute(struct os *os, const char *line, const char *who,
                                    struct text *out);

/* The command names, for completion (NULL-terminated). */
const char *const *console_command_names(void);

/* A script: commands with the clocks at which they act. */
struct console_script {
    struct {
        uint64_t clock;     /* UINT64_MAX: at once (when its turn comes) */
        char *line;
    } *entries;
    size_t count, next;
};

/* Read a script file.  0, or -1 with a message naming the line. */
int console_script_read(struct console_script *script, const char *path, char *error,
                        size_t size);
void console_script_free(struct console_script *script);

/* The clock at which the next command acts (UINT64_MAX: none left; 0: now). */
uint64_t console_script_next_clock(const struct console_script *script, uint64_t now);

/* Run every command due at now.  Returns CONSOLE_SHUTDOWN if one was. */
enum console_result console_script_run_due(struct console_script *script, struct os *os,
                                           struct text *out);

#endif
