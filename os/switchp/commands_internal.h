/*
 * commands_internal.h - what the files of switchp's command language share
 * (see commands.h): the handlers the table in commands.c names, and the
 * helpers of commands_show.c.  Not for use outside os/switchp/commands*.c.
 */
#ifndef C1_OS_SWITCHP_COMMANDS_INTERNAL_H
#define C1_OS_SWITCHP_COMMANDS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "commands.h"
#include "debugger.h"

/* A command's handler: argv[0] is the command word as typed, rest the text
 * after it.  0, or -1 when it failed (having said why). */
typedef int switchp_handler(struct switchp_session *s, int argc, char **argv, const char *rest);

static inline unsigned switchp_model(const struct switchp_session *s)
{
    return debugger_loaded(s->dbg)->machine.model;
}

static inline const char *switchp_or_dash(const char *text) { return text && *text ? text : "-"; }

/* ---- commands_source.c ---------------------------------------------------------------- */

/* Find the program's CAL source in $IN (nothing when there is none). */
void switchp_source_load(struct switchp_session *s);
void switchp_source_free(struct switchp_session *s);
/* The source line of the instruction at parcel p, or NULL. */
const struct switchp_source_line *switchp_source_at(const struct switchp_session *s, uint32_t p);
/* Line n (1-based) of that source and its length, or NULL. */
const char *switchp_source_line(const struct switchp_session *s, int n, size_t *length);

/* ---- commands_show.c ------------------------------------------------------------------ */

/* Print "error: ..." and return -1. */
int switchp_fail(struct switchp_session *s, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* The names of the flag and mode bits, and "a b c" ("none") for bits. */
extern const char *const switchp_flag_names[9];
extern const char *const switchp_mode_names[9];
void switchp_names_of(uint32_t bits, const char *const *names, size_t count, char *buf,
                      size_t size);

/* "LOOP" or "LOOP+2" for a parcel address, "" when no label is near. */
void switchp_parcel_name(const struct switchp_session *s, uint32_t p, char *buf, size_t size);

enum word_format { SHOW_OCTAL = 1, SHOW_FLOAT = 2, SHOW_CHARS = 4, SHOW_DECIMAL = 8,
                   SHOW_INSTRUCTIONS = 16, SHOW_FLOAT_IF_PLAUSIBLE = 32 };

/* A word in octal, and as the format's bits ask (no newline). */
void switchp_print_word(const struct switchp_session *s, uint64_t w, unsigned format);

/* Where to start a listing that shows `before` instructions before p. */
uint32_t switchp_listing_start(const struct switchp_session *s, uint32_t p, int before);
/* count instruction lines from parcel address start. */
void switchp_print_listing(const struct switchp_session *s, uint32_t start, int count);

/* Step, clocks since the drop, P and its instruction (or that the job ended). */
void switchp_print_where(const struct switchp_session *s);

/* Why running stopped, the job log written meanwhile, and where the job
 * stands.  0, or -1 (nothing ran; the sandbox is gone: the session quits). */
int switchp_report_stop(struct switchp_session *s, const struct debugger_stop *stop,
                        bool reverse);

/* "1: A2 = 00000144": a display's value now. */
void switchp_print_display(const struct switchp_session *s, const struct switchp_display *d);

/* A count: decimal digits (or O'17, X'FF).  0, or -1. */
int switchp_parse_count(const char *text, uint64_t *count);

/* ---- commands_state.c ----------------------------------------------------------------- */

switchp_handler switchp_cmd_registers, switchp_cmd_exchange, switchp_cmd_examine,
    switchp_cmd_deposit, switchp_cmd_disassemble, switchp_cmd_symbols, switchp_cmd_where,
    switchp_cmd_display, switchp_cmd_undisplay, switchp_cmd_list;

/* ---- commands_run.c ------------------------------------------------------------------- */

switchp_handler switchp_cmd_step, switchp_cmd_next, switchp_cmd_until, switchp_cmd_go,
    switchp_cmd_run, switchp_cmd_break, switchp_cmd_watch, switchp_cmd_delete, switchp_cmd_back,
    switchp_cmd_rgo;

/* ---- commands_job.c ------------------------------------------------------------------- */

switchp_handler switchp_cmd_job, switchp_cmd_output, switchp_cmd_drop, switchp_cmd_digest;

#endif
