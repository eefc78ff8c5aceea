/*
 * executable.h - C-1's executable file: what c1cal writes and the loader
 * (the OS's LDR, c1, switchp, c1dis) reads.
 *
 * A program is one absolute image that starts at its origin in the job's
 * field (word 0 for what c1cal writes, 0200 above the Job Communication
 * Block for what the loader links): a header (magic, format version, the
 * models the code was assembled for, the program name, the entry point as
 * a parcel address, the origin), the words, the symbol table and a
 * checksum; everything big-endian.  The byte layout is in
 * docs/executable-format.md.  A "raw image" (a file of big-endian 64-bit
 * words, no header: what `c1cal --raw` writes) is recognised too.
 *
 * Reading validates every field and length: a malformed or truncated file
 * gives an error message, never a crash.  Writing goes to a temporary file
 * that is synced and then renamed, so a reader never sees half a file.
 */
#ifndef C1_OS_EXECUTABLE_H
#define C1_OS_EXECUTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/memory.h"

#define EXECUTABLE_MAGIC "C1XEXE\r\n"    /* 8 bytes */
#define EXECUTABLE_VERSION 2u     /* 2: with an origin; 1 (origin 0) is still read and written */
#define EXECUTABLE_HEADER_BYTES 56u
#define EXECUTABLE_SYMBOL_BYTES 32u
#define EXECUTABLE_MAX_SYMBOLS (1u << 20)
#define EXECUTABLE_NO_ENTRY UINT64_MAX

/* A symbol's address attribute (cal-syntax.md 2.7). */
enum executable_attribute {
    EXE_ATTR_VALUE = 'V',   /* plain value */
    EXE_ATTR_WORD = 'W',    /* word address */
    EXE_ATTR_PARCEL = 'P',  /* parcel address */
};

struct executable_symbol {
    char name[9];          /* 1..8 characters, NUL-terminated */
    char section[9];       /* "" for a module's main section */
    uint8_t attribute;     /* enum executable_attribute */
    bool entry;            /* declared by ENTRY (or START) */
    int64_t value;         /* absolute: words for W, parcels for P */
};

struct executable {
    bool raw;              /* read from a raw image: no header, no symbols */
    uint32_t version;
    unsigned models;       /* MODEL_CRAY1 / MODEL_XMP bits (emu/isa.h) */
    char name[9];          /* program name (IDENT of the first module) */
    uint64_t entry;        /* parcel address in the field, or EXECUTABLE_NO_ENTRY */
    uint32_t origin;       /* the field word where words[0] goes (0 in a version 1 file) */
    uint64_t *words;
    uint32_t word_count;
    struct executable_symbol *symbols;
    size_t symbol_count;
};

/* Accepted input kinds for executable_parse(). */
enum executable_kind {
    EXE_KIND_FORMAT = 1,   /* only the headed format */
    EXE_KIND_RAW = 2,      /* only a raw image */
    EXE_KIND_ANY = 3,      /* the format if the file starts with its magic, else raw */
};

/* Parse bytes[0..length).  Returns 0 and fills *exe (free it with
 * executable_free), or -1 with a message in error[0..error_size). */
int executable_parse(const unsigned char *bytes, size_t length, enum executable_kind kind,
                     struct executable *exe, char *error, size_t error_size);

/* Read and parse a file (messages name the file). */
int executable_read_file(const char *path, enum executable_kind kind, struct executable *exe,
                         char *error, size_t error_size);

/* Serialise to a malloc'd buffer (*bytes, *length).  raw selects the bare
 * image.  Returns 0 or -1 (no memory, or a field that does not fit). */
int executable_serialize(const struct executable *exe, bool raw, unsigned char **bytes,
                         size_t *length);

/* Write atomically: PATH.tmp.PID, fsync, rename.  Returns 0 or -1 with a
 * message; on failure no file is left behind at path or the temporary name. */
int executable_write_file(const struct executable *exe, const char *path, bool raw, char *error,
                          size_t error_size);

/* Copy the words to memory at base_word + the origin.  Returns 0, or -1 if
 * they do not fit. */
int executable_load(const struct executable *exe, struct memory *memory, uint32_t base_word);

void executable_free(struct executable *exe);

#endif
