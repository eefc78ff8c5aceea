/*
 * dataset.h - a job's datasets, in memory: the OS's dataset table and the
 * sequential record I/O that control statements (COPYR/COPYF/COPYD,
 * SKIPR/SKIPF, REWIND, RELEASE) and the record I/O system requests use.
 *
 * A dataset is a sequence of files, each a sequence of records; a record is
 * a byte string (a line of a deck or of $OUT without its newline, or bytes
 * of a binary such as $BLD).  Every file but possibly the last ends with an
 * end-of-file mark; `last_file_open` says the last one has none yet
 * (records were written after the last mark), and then it holds at least
 * one record.  Past the last file is the end of data.
 *
 * Position: (file, record, byte).  `byte` is an offset inside the current
 * record after a partial read.  (file_count, 0, 0) is the end of data when
 * the last file is closed; with an open last file the end of data is just
 * after its last record.
 *
 * Writing is sequential: a write (record or end of file) at a position
 * first drops everything after it (a write after a partial read keeps the
 * whole current record).  DATASET_FLAG_WRITING records that data were
 * written since the last end of data; positioning such a dataset (rewind,
 * skips, close; not seek, which restores a saved position as it is) first
 * ends its data where it stands, closing a partial last file with an
 * end-of-file mark, as COS did.  Reads leave that flag alone.
 * Open modes (struct dataset.mode) are recorded for the OS, not enforced.
 *
 * Canonical bytes (what a dropfile stores as a local dataset's contents and
 * what a permanent dataset file holds), big-endian:
 *   magic "\x89C1DSET\n" (8), u32 format version (1), u32 flags (bit 0: the
 *   last file is open; other bits zero), u32 file count, then per file u32
 *   record count and per record u32 length + bytes, then u32 end tag
 *   "END!" and u64 XXH3-64 of every byte before it.
 * The same contents always give the same bytes; parsing checks every field
 * (truncation, counts, flags, the end tag, trailing bytes, the checksum).
 *
 * Errors: functions that can fail return -1 (reads: DATASET_READ_ERROR)
 * with a message in the optional struct dataset_error; nothing is changed
 * by a failing call unless its comment says otherwise.
 */
#ifndef C1_OS_DATASET_H
#define C1_OS_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os/dropfile/dropfile.h"   /* enum dropfile_dataset_kind, enum dropfile_open_mode */

#define DATASET_NAME_MAX 15            /* local dataset name (DN) */
#define DATASET_PDS_NAME_MAX 64        /* owner, permanent name, ID */
#define DATASET_MAX_RECORD_BYTES (1u << 30)
#define DATASET_MAGIC "\x89" "C1DSET\n"   /* 8 bytes */
#define DATASET_FORMAT_VERSION 1u
#define DATASET_END_TAG 0x454E4421u       /* "END!" */

/* struct dataset.flags: bits 0-7 belong to this module, 8 and up to the OS. */
#define DATASET_FLAG_WRITING (1u << 0)
/* The last record written is still open: COS's WRITEP wrote part of it and
 * the next dataset_write_words() adds to it (see there). */
#define DATASET_FLAG_RECORD_OPEN (1u << 1)

/* Text conversion options. */
#define DATASET_TEXT_EXACT 1u

struct dataset_error {
    char message[256];
};

struct dataset_record {
    uint8_t *bytes;          /* NULL when length is 0 */
    uint32_t length;
};

struct dataset_file {
    struct dataset_record *records;
    size_t count, capacity;
};

struct dataset_position {
    uint64_t file, record, byte;
};

/* A permanent dataset this local dataset came from (ACCESS) or went to (SAVE). */
struct dataset_permanent {
    bool present;
    char owner[DATASET_PDS_NAME_MAX + 1];
    char name[DATASET_PDS_NAME_MAX + 1];    /* PDN */
    char id[DATASET_PDS_NAME_MAX + 1];      /* ID ("" if none) */
    uint64_t hash;           /* dataset_content_hash() at ACCESS / SAVE */
    uint64_t size;           /* its canonical size in bytes then */
    bool unique;             /* UQ: unique access */
    bool read_only;          /* another owner's public dataset */
};

/* I/O accounting (SY005). */
struct dataset_io {
    uint64_t records_read, records_written, bytes_read, bytes_written;
};

struct dataset {
    char name[DATASET_NAME_MAX + 1];   /* DN, upper case */
    unsigned kind;                     /* enum dropfile_dataset_kind */
    unsigned mode;                     /* DATASET_READ | DATASET_WRITE, 0: not open */
    unsigned flags;                    /* DATASET_FLAG_*, OS bits from 8 up */
    struct dataset_file *files;
    size_t file_count, file_capacity;
    bool last_file_open;
    struct dataset_position position;
    struct dataset_permanent permanent;
    struct dataset_io io;
};

/* Datasets known to a job, in creation order; pointers stay valid until
 * their dataset is released or the table freed. */
struct dataset_table {
    struct dataset **items;
    size_t count, capacity;
};

/* Fill error (if given) and return -1. */
int dataset_error_set(struct dataset_error *error, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- names and the table ---------------------------------------------- */

/* 1-15 of A-Z a-z 0-9 $ @ %, starting with a letter or $.  0 or -1. */
int dataset_check_name(const char *name, struct dataset_error *error);
/* The kind a reserved name implies: $IN INPUT, $OUT OUTPUT, $CS CONTROL,
 * other $names SYSTEM, anything else LOCAL. */
unsigned dataset_kind_for_name(const char *name);

void dataset_init(struct dataset *ds);        /* empty, unnamed, LOCAL */
void dataset_free(struct dataset *ds);        /* contents gone; then empty */
void dataset_clear(struct dataset *ds);       /* contents gone, position 0; name etc. kept */

void dataset_table_init(struct dataset_table *table);
void dataset_table_free(struct dataset_table *table);
/* By name, case-insensitively; NULL if none. */
struct dataset *dataset_table_find(const struct dataset_table *table, const char *name);
/* A new empty dataset; name upper-cased.  NULL (with the reason) for a bad
 * name, a name already in use, a kind over DATASET_KIND_MAX, no memory. */
struct dataset *dataset_table_create(struct dataset_table *table, const char *name,
                                     unsigned kind, struct dataset_error *error);
/* RELEASE: forget a dataset and its contents.  $IN, $OUT and $CS (kinds
 * INPUT, OUTPUT, CONTROL) cannot be released. */
int dataset_table_release(struct dataset_table *table, const char *name,
                          struct dataset_error *error);
size_t dataset_table_count(const struct dataset_table *table);
struct dataset *dataset_table_at(const struct dataset_table *table, size_t index);

/* ---- record I/O ------------------------------------------------------- */

enum dataset_read_status {
    DATASET_READ_ERROR = -1,
    DATASET_RECORD = 0,       /* a record (or the rest of one) was read */
    DATASET_END_OF_FILE,      /* a file mark: the position is now past it */
    DATASET_END_OF_DATA,      /* nothing more: the position does not move */
};

struct dataset_transfer {
    size_t stored;            /* bytes put into the buffer */
    size_t record_length;     /* bytes the record had from where reading began */
    bool truncated;           /* record mode: the buffer was short, the rest skipped */
    bool end_of_record;       /* the record's end was reached (always, in record mode) */
};

/* Open for DATASET_READ and/or DATASET_WRITE (mode 1-3). */
int dataset_open(struct dataset *ds, unsigned mode, struct dataset_error *error);
/* Ends the data if written (see above), and mode 0. */
void dataset_close(struct dataset *ds);

/* Record mode (COS READ): the next record, or the rest of the current one
 * after partial reads; the part that does not fit is skipped. */
int dataset_read_record(struct dataset *ds, void *buffer, size_t capacity,
                        struct dataset_transfer *transfer, struct dataset_error *error);
/* Partial mode (COS READP): up to capacity bytes of the current record;
 * the position stays inside it until its end is read. */
int dataset_read_partial(struct dataset *ds, void *buffer, size_t capacity,
                         struct dataset_transfer *transfer, struct dataset_error *error);

int dataset_write_record(struct dataset *ds, const void *bytes, size_t length,
                         struct dataset_error *error);
/* COS's word writes (WRITEP, WRITE after WRITEP): bytes added to the record
 * being written, which is the last record before the position when the
 * flag DATASET_FLAG_RECORD_OPEN is set and the position is just after the
 * last record of an open last file; otherwise they begin a new record (as
 * dataset_write_record).  end_record closes the record (WRITE); without it
 * the record stays open (WRITEP).  Any other read, write or positioning
 * (but dataset_seek, which restores a saved position as it was) closes an
 * open record as it stands.  A record is counted when it begins. */
int dataset_write_words(struct dataset *ds, const void *bytes, size_t length, bool end_record,
                        struct dataset_error *error);
int dataset_write_end_of_file(struct dataset *ds, struct dataset_error *error);
/* End the data at the position: what follows is dropped, a partial file is
 * closed by a mark; the position is then the end of data. */
int dataset_write_end_of_data(struct dataset *ds, struct dataset_error *error);
/* Each line a record, then an end-of-file mark (a deck's data file). */
int dataset_write_lines(struct dataset *ds, char *const *lines, size_t count,
                        struct dataset_error *error);

void dataset_rewind(struct dataset *ds);
/* Skip count records (negative: backward) within the current file: forward
 * stops before its mark, backward at its start (a partly read record counts
 * as one).  *skipped (optional) gets the signed number done. */
int dataset_skip_records(struct dataset *ds, int64_t count, int64_t *skipped,
                         struct dataset_error *error);
/* Skip count files: forward passes file marks (stops at the end of data);
 * backward goes to the start of the current file if inside it (one), then
 * to the start of each earlier file. */
int dataset_skip_files(struct dataset *ds, int64_t count, int64_t *skipped,
                       struct dataset_error *error);
struct dataset_position dataset_tell(const struct dataset *ds);
/* Set a position (a restart's saved one); refused if not inside the data. */
int dataset_seek(struct dataset *ds, struct dataset_position position,
                 struct dataset_error *error);
bool dataset_at_end_of_data(const struct dataset *ds);

size_t dataset_file_count(const struct dataset *ds);
size_t dataset_record_count(const struct dataset *ds, size_t file);   /* 0 if no such file */
uint64_t dataset_total_bytes(const struct dataset *ds);              /* of every record */

/* ---- copies ----------------------------------------------------------- */

struct dataset_copy_counts {
    uint64_t records, files;  /* records copied, file marks copied */
};

/* COPYR: up to count records of the current file (stops before its mark). */
int dataset_copy_records(struct dataset *from, struct dataset *to, uint64_t count,
                         struct dataset_copy_counts *counts, struct dataset_error *error);
/* COPYF: up to count files, each with its mark; an open last file's
 * records are copied without one.  Stops at the end of data. */
int dataset_copy_files(struct dataset *from, struct dataset *to, uint64_t count,
                       struct dataset_copy_counts *counts, struct dataset_error *error);
/* COPYD: everything to the end of data.  (All three: a failure part way,
 * out of memory, leaves what was copied so far.) */
int dataset_copy_data(struct dataset *from, struct dataset *to,
                      struct dataset_copy_counts *counts, struct dataset_error *error);

/* ---- Cray words --------------------------------------------------------- */

/* 8 bytes a word, the first in the leftmost (most significant) byte, the
 * last word zero-filled.  Stores at most capacity words; returns the number
 * of words the bytes need. */
size_t dataset_pack_words(const void *bytes, size_t length, uint64_t *words, size_t capacity);
/* count words to count * 8 bytes. */
void dataset_unpack_words(const uint64_t *words, size_t count, uint8_t *bytes);
/* Text from words, stopping at the first zero byte (or after count words).
 * Stores at most capacity - 1 characters and a NUL (capacity > 0); returns
 * the text's full length. */
size_t dataset_unpack_text(const uint64_t *words, size_t count, char *text, size_t capacity);

/* ---- canonical bytes, hash, text ---------------------------------------- */

int dataset_serialize(const struct dataset *ds, uint8_t **bytes, size_t *size,
                      struct dataset_error *error);
/* Replace ds's contents with those bytes (position rewound, flags' WRITING
 * cleared; name, kind, mode and permanent reference kept). */
int dataset_parse(struct dataset *ds, const uint8_t *bytes, size_t size,
                  struct dataset_error *error);
/* XXH3-64 (seed 0) of bytes: the same function as dropfile_content_hash(). */
uint64_t dataset_hash_bytes(const void *bytes, size_t size);
/* dataset_hash_bytes() of the canonical bytes; *size (optional) their length. */
int dataset_content_hash(const struct dataset *ds, uint64_t *hash, uint64_t *size,
                         struct dataset_error *error);

/* Replace contents with text lines (position rewound).  Default (deck): one
 * record a line ('\n' or "\r\n"), a line "/EOF" (trailing blanks allowed)
 * ends a file, and lines after the last "/EOF" form a closed file too.
 * DATASET_TEXT_EXACT: only "\n" ends a line, only "/EOF" exactly is a mark,
 * and lines after the last mark form an open file. */
int dataset_from_text(struct dataset *ds, const char *text, size_t length, unsigned options,
                      struct dataset_error *error);
/* Records as lines (malloc'ed, NUL-terminated; *length without the NUL).
 * Default (printing): "/EOF" between files.  DATASET_TEXT_EXACT: "/EOF"
 * after every closed file, so that dataset_from_text(EXACT) gives the same
 * contents back; a record holding '\n' or equal to "/EOF" is refused. */
int dataset_to_text(const struct dataset *ds, unsigned options, char **text, size_t *length,
                    struct dataset_error *error);

#endif
