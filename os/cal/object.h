/*
 * object.h - C-1's relocatable object modules and libraries: what
 * `c1cal -c` (and the CAL statement's REL option) writes, what BUILD and
 * `c1ldr --library` collect into a library with a directory of entry
 * points, and what the loader (os/loader/) links into an executable.
 *
 * A module is one IDENT .. END of a source: its program block (every
 * section of the module but its common blocks, laid out as the assembler
 * lays them, from offset 0), the common blocks it declares (the unnamed
 * one too), its external names, its symbols (the ENTRY names among them),
 * and its relocation: every field of the block or of a common block's
 * initial words that holds an address, with what the loader adds to it
 * (the block's origin, a common block's, an external's value).  The byte
 * layout is in docs/object-format.md; a reader checks every count, index,
 * field and the checksum before anything is used.
 */
#ifndef C1_OS_OBJECT_H
#define C1_OS_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OBJECT_MAGIC "C1XOBJ\r\n"    /* 8 bytes */
#define OBJECT_VERSION 1u
#define OBJECT_HEADER_BYTES 32u
#define OBJECT_DIRECTORY_BYTES 16u
#define OBJECT_MODULE_BYTES 64u
#define OBJECT_COMMON_BYTES 24u
#define OBJECT_EXTERNAL_BYTES 8u
#define OBJECT_SYMBOL_BYTES 32u
#define OBJECT_RELOC_BYTES 24u
#define OBJECT_MAX_MODULES 4096u
#define OBJECT_MAX_WORDS (1u << 22)      /* a block or a common block */
#define OBJECT_MAX_ITEMS (1u << 20)      /* symbols, relocations, externals, commons */
#define OBJECT_NO_START UINT64_MAX

enum object_kind { OBJECT_FILE = 1, OBJECT_LIBRARY = 2 };

/* What a symbol's value or a relocation is relative to. */
enum object_target {
    OBJ_ABSOLUTE = 0,   /* a plain number (symbols only) */
    OBJ_BLOCK = 1,      /* the module's program block */
    OBJ_COMMON = 2,     /* a common block of the module (index) */
    OBJ_EXTERNAL = 3,   /* an external name of the module (index; relocations only) */
};

/* The unit of a relocated field: what is added for a block or common at
 * word origin B is B ('W') or 4B ('P'); for an external, its value as
 * the entry defines it ('V'), or in parcels ('P': a word entry times 4). */
enum object_unit { OBJ_UNIT_WORD = 'W', OBJ_UNIT_PARCEL = 'P', OBJ_UNIT_VALUE = 'V' };

struct object_common {
    char name[9];          /* "" = the unnamed (blank) common */
    uint32_t length;       /* words */
    uint32_t align;        /* its origin a multiple of this (1 = none) */
    uint64_t *words;       /* length initial words (0 where none was given) */
};

struct object_symbol {
    char name[9];
    uint8_t attribute;     /* 'W', 'P' or 'V' (executable.h's attributes) */
    bool entry;            /* named by ENTRY (or START) */
    uint8_t target;        /* OBJ_ABSOLUTE, OBJ_BLOCK or OBJ_COMMON */
    uint32_t index;        /* the common block, for OBJ_COMMON */
    int64_t value;         /* words for W, parcels for P, relative to the target */
};

struct object_reloc {
    uint8_t place;         /* the field is in: OBJ_BLOCK, or OBJ_COMMON (place_index) */
    uint32_t place_index;
    uint32_t word;         /* the word of the place holding the field's rightmost bit */
    uint8_t shift;         /* bits right of the field in that word (0..63) */
    uint8_t width;         /* 1..64; the field may begin in an earlier word (an
                              instruction's parcels across a word boundary) */
    uint8_t unit;          /* enum object_unit */
    uint8_t target;        /* OBJ_BLOCK, OBJ_COMMON or OBJ_EXTERNAL */
    uint32_t index;        /* the common block or external */
};

struct object_module {
    char name[9];          /* the IDENT */
    unsigned models;       /* MODEL_CRAY1 / MODEL_XMP bits */
    uint32_t align;        /* the block's origin a multiple of this (1 = none) */
    uint64_t start;        /* START: parcel offset in the block, or OBJECT_NO_START */
    uint32_t length;       /* the block's words (BSS included, as zeros) */
    uint64_t *words;
    struct object_common *commons;
    size_t common_count;
    char (*externals)[9];
    size_t external_count;
    struct object_symbol *symbols;
    size_t symbol_count;
    struct object_reloc *relocs;
    size_t reloc_count;
};

struct object_file {
    uint32_t kind;         /* enum object_kind */
    struct object_module *modules;
    size_t module_count;
};

/* Parse bytes[0..length): an object file or a library (a library's
 * directory is checked against its modules' entries).  0, or -1 with a
 * message. */
int object_parse(const unsigned char *bytes, size_t length, struct object_file *file,
                 char *error, size_t error_size);

/* A module is well formed (every count, index and field in range): what
 * object_parse checks of each and object_serialize of what it writes.
 * 0, or -1 with a message. */
int object_check_module(const struct object_module *m, char *error, size_t error_size);

/* Serialise (the kind's directory computed from the entries; a library
 * with one entry name in two modules is refused with a message naming
 * both).  0, or -1 with a message. */
int object_serialize(const struct object_file *file, unsigned char **bytes, size_t *length,
                     char *error, size_t error_size);

/* Atomically (disk_write_atomic).  0, or -1 with a message. */
int object_write_file(const struct object_file *file, const char *path, char *error,
                      size_t error_size);

/* A relocation's field: the bit address (bit 0 = the top bit of word 0)
 * of its first bit in its place; its value; a new value put. */
uint64_t object_field_first_bit(const struct object_reloc *r);
uint64_t object_field_get(const uint64_t *words, uint64_t first_bit, unsigned width);
void object_field_put(uint64_t *words, uint64_t first_bit, unsigned width, uint64_t value);

/* True if bytes start with the object magic. */
bool object_is_object(const unsigned char *bytes, size_t length);

/* A module's deep copy into *out.  0, or -1 (no memory). */
int object_module_copy(struct object_module *out, const struct object_module *m);

/* Append a module (moved: *m is cleared).  0, or -1 (no memory, or too many). */
int object_file_add(struct object_file *file, struct object_module *m);

void object_module_free(struct object_module *m);
void object_file_free(struct object_file *file);

#endif
