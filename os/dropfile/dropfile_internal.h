/*
 * dropfile_internal.h - what the dropfile modules share: the section types,
 * big-endian byte buffers and cursors, checksums and compression, and the
 * report helpers.  Not for use outside os/dropfile*.c.
 */
#ifndef C1_OS_DROPFILE_INTERNAL_H
#define C1_OS_DROPFILE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dropfile.h"
#include "dropfile_fields.h"

/* Section types, in the order they are written. */
enum dropfile_section_type {
    SEC_IDENTITY = 0x0001,
    SEC_DROP = 0x0002,
    SEC_MACHINE = 0x0003,
    SEC_CPU = 0x0010,
    SEC_MEMORY = 0x0011,
    SEC_LIMITS = 0x0020,
    SEC_DATASETS = 0x0021,
    SEC_JOBSTACK = 0x0022,
    SEC_JOBSYMS = 0x0023,
    SEC_JOBLOG = 0x0024,
    SEC_PROGSYMS = 0x0025,
    SEC_HISTORY = 0x0030,
    SEC_WALLCLOCK = 0x00F0,
    SEC_END = 0xFFFF,
};

/* Section flags. */
#define SECF_COMPRESSED 0x1u   /* payload = u64 uncompressed length + one zstd frame */
#define SECF_REQUIRED 0x2u     /* a reader that does not know the type must refuse */
#define SECF_KNOWN (SECF_COMPRESSED | SECF_REQUIRED)

#define SECTION_HEADER_BYTES 16u   /* type u16, version u16, flags u32, length u64 */
#define SECTION_CHECKSUM_BYTES 8u
#define DROPFILE_MAX_SECTION_BYTES (UINT64_C(1) << 32)   /* uncompressed, except MEMORY */

struct section_info {
    uint16_t type;
    uint16_t version;
    bool compressed;           /* as the writer stores it */
    const char *name;
};

/* The known sections, in type order (END last); NULL if type unknown. */
extern const struct section_info dropfile_sections[];
extern const size_t dropfile_section_count;
const struct section_info *dropfile_section_info(unsigned type);
/* "CPU", or "type 0x1234" for an unknown type (into buf). */
const char *dropfile_section_name(unsigned type, char *buf, size_t size);

/* ---- a growing byte buffer ---------------------------------------------- */

struct dfbuf {
    uint8_t *data;
    size_t length, capacity;
    bool failed;               /* out of memory: every later put is ignored */
    bool bad_text;             /* a string was not valid UTF-8 (still written) */
};

/* A large buffer (dropfile_big.c): on huge pages where the host has them,
 * freed with free(); the realloc keeps the first used bytes. */
void *dropfile_big_alloc(size_t size);
void *dropfile_big_realloc(void *old, size_t used, size_t size);

/* Valid UTF-8 (no overlong forms, no surrogates, at most U+10FFFF)? */
bool dropfile_utf8_valid(const uint8_t *p, size_t n);

void dfbuf_free(struct dfbuf *b);
bool dfbuf_reserve(struct dfbuf *b, size_t more);
void dfbuf_put(struct dfbuf *b, const void *bytes, size_t n);
void dfbuf_u8(struct dfbuf *b, uint8_t v);
void dfbuf_u16(struct dfbuf *b, uint16_t v);
void dfbuf_u32(struct dfbuf *b, uint32_t v);
void dfbuf_u64(struct dfbuf *b, uint64_t v);
void dfbuf_str(struct dfbuf *b, const char *s);            /* u32 length + bytes */
void dfbuf_blob(struct dfbuf *b, const void *p, uint64_t n); /* u64 length + bytes */

static inline void put_be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void put_be32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (24 - 8 * i));
}
static inline void put_be64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (56 - 8 * i));
}
static inline uint16_t get_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint64_t get_be64(const uint8_t *p)
{
    return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

/* count words to big-endian bytes, and back (a field of words is the
 * bulk of a dropfile: a byte swap per word, which the compiler
 * vectorises, where the host is little-endian). */
static inline uint64_t dropfile_swap64(uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return v;
#else
    return __builtin_bswap64(v);
#endif
}
static inline void dropfile_words_to_be(uint8_t *dst, const uint64_t *src, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint64_t v = dropfile_swap64(src[i]);
        memcpy(dst + i * 8, &v, 8);
    }
}
static inline void dropfile_be_to_words(uint64_t *dst, const uint8_t *src, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint64_t v;
        memcpy(&v, src + i * 8, 8);
        dst[i] = dropfile_swap64(v);
    }
}

/* ---- a cursor over a section's payload ---------------------------------- */

struct dfcur {
    const uint8_t *data;
    size_t length, pos;
    char why[160];             /* first problem, "" if none */
};

bool dfcur_u8(struct dfcur *c, uint8_t *v);
bool dfcur_u16(struct dfcur *c, uint16_t *v);
bool dfcur_u32(struct dfcur *c, uint32_t *v);
bool dfcur_u64(struct dfcur *c, uint64_t *v);
bool dfcur_bool(struct dfcur *c, bool *v, const char *what);   /* u32 0 or 1 */
/* A string: u32 length, bytes without NUL; *s malloc'ed. */
bool dfcur_str(struct dfcur *c, char **s, const char *what);
/* A blob: u64 length + bytes; *p malloc'ed (NULL when empty). */
bool dfcur_blob(struct dfcur *c, uint8_t **p, uint64_t *n, const char *what);
/* A count of items at least min_item bytes each, that must fit. */
bool dfcur_count(struct dfcur *c, uint32_t *n, size_t min_item, const char *what);
bool dfcur_fail(struct dfcur *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t dfcur_left(const struct dfcur *c);

/* ---- checksums and compression -------------------------------------------- */

uint64_t dropfile_hash(const void *bytes, size_t size);   /* XXH3-64 */

/* Compressed payloads (docs/dropfile-format.md, "Compression"): u64 length L
 * of the uncompressed payload, then one zstd frame per piece of
 * DROPFILE_PIECE_BYTES (the last shorter; one empty frame if L = 0), each
 * frame with its content size, no checksum, no dictionary id, at
 * DROPFILE_ZSTD_LEVEL.  Pieces are compressed in parallel; the bytes do not
 * depend on the number of threads. */
#define DROPFILE_PIECE_BYTES (1u << 20)

/* Produce payload bytes [offset, offset + n) into dst (offset is a
 * multiple of 8, and so is n unless it ends the payload). */
typedef void (*dropfile_fill_fn)(const void *ctx, uint64_t offset, size_t n, uint8_t *dst);

/* Compress a payload of length bytes, from src, or from fill(ctx) if src
 * is NULL, appending to out.  0 or DROPFILE_E_NOMEM. */
int dropfile_compress(const uint8_t *src, uint64_t length, dropfile_fill_fn fill,
                      const void *ctx, struct dfbuf *out);
/* A piece stored raw, as a zstd frame of raw blocks (a piece that does
 * not shrink): its size for n bytes (n > 0), and writing it into dst
 * (that many bytes).  The frame's size. */
size_t dropfile_raw_frame_size(size_t n);
size_t dropfile_raw_frame(uint8_t *dst, const uint8_t *src, size_t n);
/* The uncompressed length a compressed payload declares; -1 if too short. */
int dropfile_compressed_length(const uint8_t *src, size_t n, uint64_t *length);
/* Decompress into dst, which holds exactly the declared length.  0, or
 * DROPFILE_E_MALFORMED with why. */
int dropfile_decompress_into(const uint8_t *src, size_t n, uint8_t *dst, char *why,
                             size_t why_size);
/* The same into words (the declared length: a whole number of words),
 * each converted from big-endian: a piece stored raw goes straight from
 * src to the words. */
int dropfile_decompress_words(const uint8_t *src, size_t n, uint64_t *words, char *why,
                              size_t why_size);
/* Decompress into a malloc'ed buffer; limit caps the declared length
 * (DROPFILE_E_OVERSIZED). */
int dropfile_decompress(const uint8_t *src, size_t n, uint64_t limit, uint8_t **out,
                        size_t *out_n, char *why, size_t why_size);

/* ---- reports ------------------------------------------------------------------ */

int dropfile_fail(struct dropfile_report *r, enum dropfile_status status, uint64_t offset,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void dropfile_note(struct dropfile_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- section payloads ------------------------------------------------------------------ */

/* The uncompressed payload of a known section of df (not END). */
int dropfile_section_payload(const struct dropfile *df, unsigned type, struct dfbuf *out,
                             struct dropfile_report *report);

/* Decode a known section's payload into df; 0 or DROPFILE_E_MALFORMED /
 * DROPFILE_E_OVERSIZED with why. */
int dropfile_parse_section(struct dropfile *df, unsigned type, const uint8_t *p, size_t n,
                           char *why, size_t why_size, enum dropfile_status *status);

/* The rows of dropfile_fields.def that section stores for one entry of
 * group (dropfile_fields.h), in table order: their bytes put, or got (the
 * cursor's why set on failure). */
void dropfile_put_fields(struct dfbuf *b, const void *entry, unsigned group, unsigned section);
bool dropfile_get_fields(struct dfcur *c, void *entry, unsigned group, unsigned section);
/* For the JSON reader: store element i of a number field (not XP_*); set
 * whether a cond's fields are there; a package register (XP_*) of c. */
struct dropfile_field;
struct cpu;
void dropfile_field_put_raw(const struct dropfile_field *f, void *entry, unsigned i, uint64_t v);
void dropfile_field_set_present(unsigned cond, void *entry, bool present);
/* The tables of entries a state holds, each with its group of fields and
 * the name its paths start with ("datasets"). */
struct dropfile_table {
    void **entries;
    size_t *count;
    size_t size;
    unsigned group;
    const char *name;
};
#define DROPFILE_TABLES 5
void dropfile_tables(struct dropfile *df, struct dropfile_table t[DROPFILE_TABLES]);
/* The JSON key of the object a cond's fields go in ("shared"), or NULL. */
const char *dropfile_field_cond_key(unsigned cond);
uint64_t dropfile_field_register(const struct dropfile_field *f, const struct cpu *c, unsigned i);
/* Element i of a field in entry; the registers of df's package, decoded
 * (malloc'ed, NULL if out of memory); a register of the package (XP_*)? */
void *dropfile_field_at(const struct dropfile_field *f, const void *entry, unsigned i);
struct cpu *dropfile_unpacked(const struct dropfile *df);
static inline bool dropfile_field_is_xp(const struct dropfile_field *f) { return f->type >= DFT_XP_P; }

/* Sorting orders the writer uses (and the reader requires). */
int dropfile_cmp_device(const void *a, const void *b);
int dropfile_cmp_dataset(const void *a, const void *b);
int dropfile_cmp_pair(const void *a, const void *b);
int dropfile_cmp_symbol(const void *a, const void *b);

/* Base64 (RFC 4648, with padding) for byte blobs in JSON.  encode returns
 * a malloc'ed string; decode 0 and a malloc'ed buffer, or -1 if invalid. */
char *dropfile_base64_encode(const uint8_t *p, size_t n);
int dropfile_base64_decode(const char *s, size_t len, uint8_t **out, size_t *out_n);

/* Feature bits as JSON names ("vpop"..., "bitN" for bits without a name). */
const char *dropfile_feature_name(unsigned bit, char *buf, size_t size);

/* A string field, NULL read as "". */
static inline const char *dfstr(const char *s) { return s ? s : ""; }

#endif
