/*
 * dropfile.h - the complete state of a dropped job, in memory and on disk.
 *
 * A dropfile is written when a job is stopped at an instruction boundary
 * (time limit, operator, preemption, error, user rollout, shutdown) and read
 * to restart it - here or on another site, at another base address, under
 * another user.  struct dropfile holds everything: identity, why and when it
 * was dropped, what machine it needs, every register, the memory field, the
 * OS's values for the job (limits, datasets with their contents and
 * positions, reserved devices, job stack, job symbols, job log, the running
 * program's symbol table) and the restart history.  The OS-specific parts
 * are kept generic (strings, byte blobs, integer lists) so that the OS maps
 * its own tables onto them.
 *
 * The file format (docs/dropfile-format.md): a 24-byte header, then typed,
 * length-prefixed sections, each with a version, flags and an XXH3-64
 * checksum, in ascending type order, and an END section holding the
 * checksum of everything before it.  Integers are big-endian.  The memory
 * field, the dataset table and the job log are zstd-compressed.  The
 * encoding is canonical: the same state always gives the same bytes (for a
 * given libzstd; the digest does not depend on it).  Wall-clock times live
 * in one WALLCLOCK section that the state digest leaves out.
 *
 * Reading checks everything: magic, header checksum, format version, every
 * section checksum, the file checksum, truncation, and every field of every
 * known section.  Any damage - every single-bit flip, every truncation - is
 * an error with a precise message; nothing is trusted before it is checked.
 * Sections of unknown type are kept (and written back unchanged) and
 * reported as notes, unless flagged REQUIRED.
 *
 * Strings are NUL-terminated heap copies owned by the struct (NULL reads as
 * ""); dropfile_free() releases everything.  Functions that can fail return
 * 0, or a nonzero enum dropfile_status with the message in a
 * struct dropfile_report when one is given.
 */
#ifndef C1_OS_DROPFILE_H
#define C1_OS_DROPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "emu/memory.h"

struct cpu;

#define DROPFILE_MAGIC "\x89" "C1DROP\n"   /* 8 bytes */
#define DROPFILE_FORMAT_VERSION 1u
#define DROPFILE_HEADER_BYTES 24u
#define DROPFILE_MAX_FIELD_WORDS MEMORY_MAX_WORDS   /* 16 M words */
#define DROPFILE_ZSTD_LEVEL (-3)                     /* fixed: part of canonical form; a fast level: a drop must cost about a raw write */
#define DROPFILE_SUFFIX ".drop"
#define DROPFILE_SECTION_LIMIT (UINT64_C(1) << 30)   /* 1 GiB */

/* ---- what a dropfile holds ------------------------------------------- */

enum dropfile_reason {
    DROP_REASON_TIME_LIMIT = 1,
    DROP_REASON_OPERATOR,
    DROP_REASON_PREEMPTION,
    DROP_REASON_ERROR,
    DROP_REASON_USER_ROLLOUT,
    DROP_REASON_SHUTDOWN,
};
#define DROP_REASON_MAX DROP_REASON_SHUTDOWN

enum dropfile_dataset_kind {
    DATASET_LOCAL = 0,       /* a local dataset (contents kept) */
    DATASET_PERMANENT,       /* a permanent dataset made local: reference + hash */
    DATASET_INPUT,           /* $IN */
    DATASET_OUTPUT,          /* $OUT */
    DATASET_CONTROL,         /* $CS */
    DATASET_SYSTEM,          /* another reserved dataset ($BLD, $ABD, ...) */
};
#define DATASET_KIND_MAX DATASET_SYSTEM

/* Open mode: bits.  0 = known to the job but not open. */
enum dropfile_open_mode {
    DATASET_READ = 1u << 0,
    DATASET_WRITE = 1u << 1,
};
#define DATASET_MODE_MASK 3u

enum dropfile_event {
    DROP_EVENT_DROP = 1,     /* the job was dropped */
    DROP_EVENT_RESTART,      /* the job was restarted */
    DROP_EVENT_REHOST,       /* handed over to another user (note: from whom) */
    DROP_EVENT_CLONE,        /* this file is a clone (note: of what) */
    DROP_EVENT_EDIT,         /* changed by a person (switchp) */
};
#define DROP_EVENT_MAX DROP_EVENT_EDIT

struct dropfile_dataset {
    char *name;              /* local dataset name (DN) */
    uint32_t kind;           /* enum dropfile_dataset_kind */
    uint32_t mode;           /* enum dropfile_open_mode bits */
    uint32_t flags;          /* OS-defined attribute bits, kept as they are */
    uint64_t file, record, word;   /* position: file, record in file, word in record */
    /* Contents (local datasets, $IN, $OUT ...). */
    bool has_contents;
    uint8_t *contents;
    uint64_t contents_size;
    /* Reference to a permanent dataset (kind DATASET_PERMANENT). */
    bool permanent;
    char *owner, *permanent_name, *permanent_id;
    uint64_t content_hash;   /* dropfile_content_hash() of its bytes at the drop */
    uint64_t content_size;   /* its size in bytes at the drop */
};

struct dropfile_device {     /* a reserved device: *TAPE=1 */
    char *name;
    uint32_t count;
};

struct dropfile_pair {       /* a job symbol: J0..J7, G0.., SYSID ... */
    char *name, *value;
};

struct dropfile_symbol {     /* a symbol of the running program */
    char *name;
    uint64_t value;
    uint32_t attributes;     /* OS/loader-defined (e.g. 'W', 'P', 'V') */
};

struct dropfile_history {
    uint32_t event;          /* enum dropfile_event */
    char *site, *user;
    uint64_t clock;          /* machine clock of the event */
    char *reason;            /* why (e.g. "time limit", "operator RESTART") */
    char *note;              /* anything else (e.g. "--force: PDS X changed") */
    int64_t wall_time;       /* seconds since 1970 UTC; kept in WALLCLOCK */
};

/* A section this reader does not know, kept as it was stored. */
struct dropfile_unknown {
    uint16_t type, version;
    uint32_t flags;
    uint8_t *payload;
    uint64_t size;
};

/* Every register; the exchange package as exchange_pack() gave it. */
struct dropfile_cpu {
    uint64_t package[16];    /* P, A0-A7, S0-S7, VL, F, XA, modes, base/limit */
    uint32_t base, limit;    /* data field, absolute words at the drop */
    uint32_t ibase, ilimit;  /* instruction field (= data field on the Cray-1) */
    uint32_t modes;          /* enum cpu_mode, complete (the package holds only some) */
    bool monitor_exit;
    uint32_t cluster;        /* X-MP CLN */
    uint32_t processor;      /* PC number it ran on (informational) */
    uint32_t b[64];
    uint64_t t[64];
    uint64_t v[8][64];
    uint64_t vm;
    uint64_t clock;          /* cpu clock at the drop */
    uint64_t rt_offset;      /* RT = clock + rt_offset */
    uint32_t clock_interval, clock_countdown;   /* programmable clock */
    uint64_t instructions, flops, vector_elements;   /* statistics */
    bool has_shared;         /* the shared registers of cluster `cluster` */
    uint32_t sb[8];
    uint64_t st[8];
    uint32_t semaphores;
};

struct dropfile {
    struct {
        char *job_name, *job_id, *user, *account, *job_class, *site;
        char *output_name;   /* name the job's output is returned under */
        uint32_t priority;
    } identity;
    struct {
        uint32_t reason;     /* enum dropfile_reason */
        uint64_t clock;      /* machine clock of the drop */
        char *note;          /* e.g. the error, or the operator's words */
    } drop;
    struct {
        uint32_t model;          /* MODEL_CRAY1 or MODEL_XMP (emu/isa.h) */
        uint32_t features_used;  /* enum isa_feature bits */
        uint32_t field_words;    /* memory field length */
        uint32_t memory_words;   /* memory size of the machine it ran on */
        uint32_t pc_count;       /* processors of that machine (0: unknown) */
    } machine;
    struct dropfile_cpu cpu;
    uint64_t *memory;            /* machine.field_words words, relative to the base */
    struct {
        uint64_t cpu_limit, cpu_used;        /* clocks */
        uint64_t output_limit, output_used;  /* OS-defined unit */
    } limits;
    struct dropfile_device *devices;
    size_t device_count;
    struct dropfile_dataset *datasets;
    size_t dataset_count;
    struct {
        char **statements;       /* control statements, as text lines */
        size_t count;
        uint32_t current;        /* index of the current statement (count: past the end) */
        uint32_t nesting_version;/* the OS's version of the list below */
        int64_t *nesting;        /* IF/LOOP state, opaque to the dropfile */
        size_t nesting_count;
    } job_stack;
    struct dropfile_pair *job_symbols;
    size_t job_symbol_count;
    char *job_log;               /* the job log so far (text) */
    struct dropfile_symbol *symbols;   /* the running program's symbol table */
    size_t symbol_count;
    struct dropfile_history *history;
    size_t history_count;
    int64_t written_wall;        /* when the file was written (WALLCLOCK) */
    struct dropfile_unknown *unknown;
    size_t unknown_count;
};

/* ---- status and messages ---------------------------------------------- */

enum dropfile_status {
    DROPFILE_OK = 0,
    DROPFILE_E_IO,           /* the system refused (errno in the message) */
    DROPFILE_E_NOMEM,
    DROPFILE_E_BAD_MAGIC,    /* not a dropfile */
    DROPFILE_E_TRUNCATED,    /* the file ends early */
    DROPFILE_E_CHECKSUM,     /* header, section or file checksum mismatch */
    DROPFILE_E_VERSION,      /* unknown format version / section version / required section */
    DROPFILE_E_OVERSIZED,    /* a field larger than 16 M words */
    DROPFILE_E_MALFORMED,    /* a structural rule or a section's contents */
    DROPFILE_E_INVALID,      /* a state the writer cannot write / bad argument */
};

#define DROPFILE_MAX_NOTES 8

struct dropfile_report {
    uint64_t section_limit;  /* the limit the read worked to (set by the reader) */
    enum dropfile_status status;
    uint64_t offset;         /* file offset the error concerns */
    char message[512];
    unsigned note_count;     /* notes (unknown sections ...), at most DROPFILE_MAX_NOTES kept */
    unsigned notes_dropped;
    char notes[DROPFILE_MAX_NOTES][200];
};

const char *dropfile_status_name(enum dropfile_status status);
void dropfile_report_clear(struct dropfile_report *report);

/* ---- building and freeing -------------------------------------------- */

void dropfile_init(struct dropfile *df);   /* empty, every field zero */
void dropfile_free(struct dropfile *df);   /* and leaves it empty */
/* Deep copy; 0 or DROPFILE_E_NOMEM. */
int dropfile_copy(struct dropfile *to, const struct dropfile *from);

/* Replace *field with a copy of value (NULL: ""). 0 or DROPFILE_E_NOMEM. */
int dropfile_set_string(char **field, const char *value);
struct dropfile_dataset *dropfile_add_dataset(struct dropfile *df, const char *name);
int dropfile_set_contents(struct dropfile_dataset *ds, const void *bytes, uint64_t size);
int dropfile_add_device(struct dropfile *df, const char *name, uint32_t count);
int dropfile_add_statement(struct dropfile *df, const char *text);
int dropfile_set_nesting(struct dropfile *df, uint32_t version, const int64_t *values, size_t count);
int dropfile_add_job_symbol(struct dropfile *df, const char *name, const char *value);
int dropfile_add_symbol(struct dropfile *df, const char *name, uint64_t value, uint32_t attributes);
int dropfile_append_log(struct dropfile *df, const char *text);
int dropfile_add_history(struct dropfile *df, uint32_t event, const char *site, const char *user,
                         uint64_t clock, const char *reason, const char *note, int64_t wall_time);

/* A parcel address named by a program's symbols: the code label ('P') at
 * it ("LOOP"), or the nearest below it within 0100 parcels ("LOOP+2",
 * octal); "" if none. */
void dropfile_parcel_name(const struct dropfile_symbol *symbols, size_t count, uint64_t p,
                          char *buf, size_t size);

/* The checksum used for permanent-dataset contents (XXH3-64). */
uint64_t dropfile_content_hash(const void *bytes, size_t size);

/* Names of enum values ("time-limit", "local", "drop"...); "?" if unknown. */
const char *dropfile_reason_name(uint32_t reason);
const char *dropfile_kind_name(uint32_t kind);
const char *dropfile_event_name(uint32_t event);
const char *dropfile_mode_name(uint32_t mode);   /* "-", "r", "w", "rw" */
/* The value named, or 0 / UINT32_MAX (kind, mode) if none. */
uint32_t dropfile_reason_from_name(const char *name);
uint32_t dropfile_kind_from_name(const char *name);
uint32_t dropfile_event_from_name(const char *name);
uint32_t dropfile_mode_from_name(const char *name);

/* ---- the processor ----------------------------------------------------- */

/* Fill machine.{model,features_used,field_words,memory_words}, cpu and
 * memory from a processor stopped at an instruction boundary: every
 * register and the field [base, limit) of its memory.  pc_count is left as
 * it was.  0, DROPFILE_E_INVALID (field outside memory, instruction field
 * outside the data field, field over 16 M words) or DROPFILE_E_NOMEM. */
int dropfile_capture_cpu(struct dropfile *df, const struct cpu *cpu);

/* The features a model offers (every feature of its instruction rows). */
uint32_t dropfile_model_features(unsigned model);

/* Can the job run on this machine at new_base?  0, or DROPFILE_E_INVALID
 * with the reason in why: a feature the job has used that the machine
 * lacks; a field larger than the memory; a base or field length not a
 * multiple of the model's field unit (16 words Cray-1, 32 X-MP); a field
 * that does not fit at new_base; a P beyond the model's range. */
int dropfile_check_target(const struct dropfile *df, unsigned model, uint32_t features,
                          uint32_t memory_words, uint32_t new_base, char *why, size_t size);

/* Put the job on cpu (already cpu_init'ed on its machine, any model that
 * passes dropfile_check_target with the model's features) at new_base:
 * every register, the field [new_base, new_base + field_words) of its
 * memory, the instruction field moved by the same amount, RT continuing
 * from the drop (rt_offset adjusted to the cpu's own clock), the shared
 * registers of its cluster if the machine has them.  The cpu's clock,
 * processor number and statistics stay its own.  0 or DROPFILE_E_INVALID
 * (errno EINVAL). */
int dropfile_restore_cpu(const struct dropfile *df, struct cpu *cpu, uint32_t new_base);

/* ---- permanent datasets ------------------------------------------------- */

/* Look up a permanent dataset's current hash: 0 and *hash, or -1 if gone. */
typedef int (*dropfile_pds_lookup)(void *context, const char *owner, const char *name,
                                   const char *id, uint64_t *hash);

/* Check every permanent dataset reference against lookup.  0 when all are
 * unchanged; otherwise DROPFILE_E_INVALID with the first changed or missing
 * dataset named in why.  With force, changes are allowed: 0, and why lists
 * them (for the history note), or is "" if none. */
int dropfile_check_permanent(const struct dropfile *df, dropfile_pds_lookup lookup,
                             void *context, bool force, char *why, size_t size);

/* ---- encoding, decoding, files ---------------------------------------- */

/* The canonical bytes of a state (malloc'ed).  DROPFILE_E_INVALID if a
 * value cannot be written (oversized field, enum out of range, NUL in a
 * string, ...): the report says which. */
int dropfile_encode(const struct dropfile *df, uint8_t **bytes, size_t *size,
                    struct dropfile_report *report);


/* Read and check bytes.  On success *df holds the state (free it with
 * dropfile_free); on failure *df is empty.  report (optional) gets the
 * error, and notes on success. */
int dropfile_decode(const uint8_t *bytes, size_t size, struct dropfile *df,
                    struct dropfile_report *report);

/* The same with a lower limit on the bytes any one section may decompress
 * to (MEMORY: also at most 16 M words) than DROPFILE_SECTION_LIMIT: fuzz
 * targets keep allocations small with it. */
int dropfile_decode_limited(const uint8_t *bytes, size_t size, struct dropfile *df,
                            struct dropfile_report *report, uint64_t section_limit);

/* The same for a file.  Messages do not name the file; the caller does. */
int dropfile_read_file(const char *path, struct dropfile *df, struct dropfile_report *report);

/* Check bytes completely (dropfile_decode), and add a note when they are
 * not the canonical encoding of their state (e.g. another libzstd).  With
 * df, the state is kept there on success (else df may be NULL). */
int dropfile_verify_bytes(const uint8_t *bytes, size_t size, struct dropfile *df,
                          struct dropfile_report *report);

/* A whole file into a malloc'ed buffer. */
int dropfile_load_bytes(const char *path, uint8_t **bytes, size_t *size,
                        struct dropfile_report *report);

/* Write atomically: a temporary file in the same folder, fsync, rename,
 * fsync of the folder.  Replaces path if it exists. */
int dropfile_write_file(const char *path, const struct dropfile *df,
                        struct dropfile_report *report);

/* Write bytes to path atomically; with no_replace, fail (EEXIST) rather
 * than replace an existing file (link, not rename). */
int dropfile_write_bytes_atomic(const char *path, const uint8_t *bytes, size_t size,
                                bool no_replace, struct dropfile_report *report);

/* The digest of the state alone: XXH3-64 over every section but WALLCLOCK
 * and END, uncompressed.  Independent of wall clock and of libzstd. */
int dropfile_digest(const struct dropfile *df, uint64_t *digest, struct dropfile_report *report);

/* Recompute every section checksum and the file checksum of an encoded
 * dropfile in place (for tests and tools that make special files).  0, or
 * -1 if the section structure cannot be followed. */
int dropfile_reseal(uint8_t *bytes, size_t size);

/* ---- people's views ---------------------------------------------------- */

/* One-screen summary; file_size 0 if unknown. */
void dropfile_print_info(FILE *out, const struct dropfile *df, uint64_t file_size);
/* Every field, as text. */
void dropfile_print_text(FILE *out, const struct dropfile *df);
/* Every field, as one JSON object (docs/dropfile-format.md, "JSON"). */
int dropfile_print_json(FILE *out, const struct dropfile *df, struct dropfile_report *report);
/* Rebuild a state from that JSON; report names the offending field. */
int dropfile_from_json(const char *text, size_t length, struct dropfile *df,
                       struct dropfile_report *report);

/* Field-by-field differences of a and b, one line each, to out.  Returns
 * the number of differing fields (0: the same state; WALLCLOCK is
 * compared too, and counted). */
size_t dropfile_diff(FILE *out, const struct dropfile *a, const struct dropfile *b);

#endif
