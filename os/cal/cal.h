/*
 * cal.h - the CAL assembler as a library (the CAL control statement and
 * c1cal both call it).
 *
 * cal_assemble() reads a whole source file (one or more modules, IDENT ..
 * END), assembles it in two passes and links every module into one absolute
 * program that starts at word 0: the sections of each module one after the
 * other (main code, its literal block, its other sections), COMMON
 * blocks shared by name after all modules (the unnamed one last, shared by
 * every module that declares it), EXT names resolved against the
 * ENTRY names of the other modules.  The language is the one described in
 * docs/cal.md (section numbers cited here are cal-syntax.md's, the CAL
 * reference C-1 was written from); machine instructions are encoded only through
 * the instruction table (emu/isa.h).  The implementation lives in os/cal/.
 *
 * Every problem is a diagnostic with its source line, its CAL error letter
 * (cal-syntax.md 7.3) and a message; errors are collected for the whole
 * file.  When there is any error no executable is produced.
 *
 * Decisions where cal-syntax.md leaves the choice open or marks the
 * re-creation defective [D]:
 * - An instruction's size is decided in pass 1 and kept in pass 2 (a
 *   forward-referenced constant load is the 2-parcel form).
 * - VWD masks each value to its field; constants wider than 64 bits, 1S64
 *   and jump targets beyond 24 bits are errors; floats are rounded to
 *   nearest (ties to even) to 48 bits; `Si 0.6` / `Si 0.4` are recognised
 *   by spelling under every BASE; rel - rel is absolute; `,W`/`,P` keep the
 *   relocation; 'text'R with more than 8 characters keeps the last 8.
 * - ALIGN moves to the next instruction-buffer boundary: 16 words (020) when
 *   assembling for the Cray-1 only, 32 words (040) otherwise (a 32-word
 *   boundary is also a Cray-1 one); skipped parcels in code get the no-op
 *   051101, and the section's base is aligned so that the boundary holds
 *   in the linked program.
 * - Several modules per file; COMMON blocks of the same name (or both
 *   unnamed) share storage (placed after all modules); EXT in an ABS module is accepted
 *   with a Y1 warning.
 * - Symbols are case-insensitive (folded to upper case); the default base is
 *   decimal at each IDENT.
 * - OPDEF (its CAL Version 2 prototype syntax is open): `[name] OPDEF`, a
 *   prototype written as an instruction whose symbolic registers (S.R1)
 *   and expression names are the parameters, the body, `[name] ENDM`.
 * - Not supported (R error saying so): FORMAT OLD, DUP, ECHO, ENDDUP,
 *   STOPDUP, LOCAL, OPSYN, ERRIF, TEXT, ENDTEXT, REP, MODULE.
 */
#ifndef C1_OS_CAL_H
#define C1_OS_CAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "executable.h"
#include "object.h"

struct cal_options {
    unsigned models;     /* MODEL_CRAY1 / MODEL_XMP bits whose forms are accepted; 0 = both */
    bool listing;        /* produce the listing text */
    int64_t timestamp;   /* seconds since 1970 for the $DATE/$TIME micros and the listing
                            header (the library never reads the clock); 0 = 1970-01-01 */
};

/* What a caller may add (cal_assemble_extra): reading INCLUDEd sources, and
 * warnings turned off.  (Apart from struct cal_options, whose callers
 * initialise it by position.) */
struct cal_extra_options {
    /* INCLUDE name: read the named source for the one that includes it
     * (from: the file_name given to cal_assemble(), or the path this
     * function gave for an INCLUDEd source).  Returns 0 with *text (malloc'd,
     * *length bytes) and *path (malloc'd: the source's name for further
     * INCLUDEs), or -1 with a message in error.  NULL: INCLUDE is an error. */
    int (*include)(void *context, const char *from, const char *name, char **text,
                   size_t *length, char **path, char *error, size_t error_size);
    void *include_context;
    /* No W4 warning for a Cray-1 vector instruction that reads the register
     * it writes (V2 V2+V1: the Cray-1's vector recursion; docs/cal.md). */
    bool no_recursion_warning;
    /* A relocatable object (c1cal -c, CAL's REL): every module on its own,
     * its EXT names left to the loader, the result an object file
     * (result->object) instead of an executable. */
    bool object;
    /* The system text (COS's $SYSTXT: docs/systxt.md): CAL source read
     * before the program, whose symbols, macros and OPDEFs every module
     * sees.  It may only define (no IDENT, no code); a program's own
     * definition of a name hides the system text's.  NULL: none.  Its
     * diagnostics name it (system_text_name) and its own line. */
    const char *system_text;
    size_t system_text_length;
    const char *system_text_name;
};

enum cal_severity { CAL_ERROR, CAL_WARNING };

struct cal_diagnostic {
    int line;                  /* 1-based source line; 0 = the whole file */
    char flag[3];              /* CAL indicator: "U", "O", "W1", ... */
    enum cal_severity severity;
    char *message;             /* e.g. "undefined symbol FOO" */
};

struct cal_result {
    bool has_executable;       /* true when the assembly had no error */
    struct executable executable;
    bool has_object;           /* extra->object and no error: the modules */
    struct object_file object;
    char *listing;             /* NUL-terminated, or NULL if not requested */
    size_t listing_length;
    struct cal_diagnostic *diagnostics;   /* sorted by line */
    size_t diagnostic_count;
    size_t error_count;
    size_t warning_count;
    size_t expanded;           /* statements macro calls generated (the assembler's work
                                  beyond the source's own lines) */
};

/* Assemble source[0..length).  file_name is used in messages only.
 * Returns 0 if there was no error, 1 if there were errors (see
 * result->diagnostics), -1 if the assembler ran out of memory.  Free the
 * result with cal_result_free() in every case. */
int cal_assemble(const char *source, size_t length, const char *file_name,
                 const struct cal_options *options, struct cal_result *result);

/* cal_assemble() with the extra options (NULL: none). */
int cal_assemble_extra(const char *source, size_t length, const char *file_name,
                       const struct cal_options *options, const struct cal_extra_options *extra,
                       struct cal_result *result);

void cal_result_free(struct cal_result *result);

/* C-1's system text, roms/systxt.cal, built into the program by the
 * Makefile (build/gen/systxt_source.c): what c1cal and the CAL statement
 * read by default as cal_extra_options.system_text. */
extern const char systxt_source[];
#define CAL_SYSTEM_TEXT_NAME "$SYSTXT"

/* "FILE:LINE: error U: undefined symbol FOO" (warnings say "warning"). */
void cal_format_diagnostic(const struct cal_diagnostic *diagnostic, const char *file_name,
                           char *buf, size_t size);
/* The same with the place given whole: "PLACE: error U: ...". */
void cal_format_diagnostic_at(const struct cal_diagnostic *diagnostic, const char *place,
                              char *buf, size_t size);

/* CAL source for an executable, as c1dis prints it: cal_assemble() of the
 * text (with models = model) gives the same words, entry point and labels.
 * model is MODEL_CRAY1 or MODEL_XMP (how the parcels are decoded).  Returns
 * a malloc'd NUL-terminated text, or NULL if out of memory. */
char *cal_disassemble(const struct executable *exe, unsigned model);

/* The meaning of an error/warning letter ("U" -> "undefined symbol or
 * operation"), or "" if unknown. */
const char *cal_flag_meaning(const char *flag);

#endif
