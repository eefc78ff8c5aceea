/*
 * dropfile_write.c - the canonical encoding of a dropfile: each section's
 * payload (docs/dropfile-format.md gives the layouts), the framing with
 * checksums, the state digest, and writing a file atomically (temporary
 * file in the same folder, fsync, rename or link, fsync of the folder).
 *
 * Canonical form: sets (devices, datasets, job symbols, program symbols)
 * are written sorted; every field has one encoding; compression uses the
 * fixed level and parameters; the writer refuses values the reader would
 * refuse, so that whatever it writes reads back.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "dropfile_fields.h"
#include "dropfile_internal.h"
#include "os/rules/names.h"
#include "emu/isa.h"

/* Sorted copies (of the structs, not of their strings) of a set. */
static void *sorted(const void *items, size_t count, size_t size,
                    int (*cmp)(const void *, const void *))
{
    void *copy = malloc(count ? count * size : 1);
    if (!copy)
        return NULL;
    if (count)
        memcpy(copy, items, count * size);
    qsort(copy, count, size, cmp);
    return copy;
}

static int invalid(struct dropfile_report *r, const char *section, const char *fmt,
                   const char *what, unsigned long long v)
{
    char msg[200];
    snprintf(msg, sizeof msg, fmt, what, v);
    return dropfile_fail(r, DROPFILE_E_INVALID, 0, "cannot write section %s: %s", section, msg);
}

static int check_cpu(const struct dropfile *df, struct dropfile_report *r)
{
    const struct dropfile_cpu *c = &df->cpu;
    if (c->limit < c->base || c->limit - c->base != df->machine.field_words)
        return invalid(r, "CPU", "%s %llu differs from the field length", "limit - base",
                       (unsigned long long)c->limit - c->base);
    if (c->ibase < c->base || c->ilimit < c->ibase || c->ilimit > c->limit)
        return invalid(r, "CPU", "%s (at %llu) lies outside the data field",
                       "the instruction field", c->ibase);
    char why[160];
    for (size_t k = 0; k < dropfile_field_count; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        for (unsigned i = 0; f->section == SEC_CPU && dropfile_field_present(f, df) && i < f->count; i++)
            if (!rules_is_text(f->rule) &&
                !rules_check_number(f->rule, dropfile_field_raw(f, df, i), why, sizeof why))
                return dropfile_fail(r, DROPFILE_E_INVALID, 0, "cannot write section CPU: %s[%o]: %s",
                                     f->path, i, why);
    }
    return 0;
}

/* The payload of each known section. */
int dropfile_section_payload(const struct dropfile *df, unsigned type, struct dfbuf *b,
                             struct dropfile_report *r)
{
    switch (type) {
    case SEC_IDENTITY:
        dropfile_put_fields(b, df, DFG_TOP, type);
        break;
    case SEC_DROP:
        if (df->drop.reason < 1 || df->drop.reason > DROP_REASON_MAX)
            return invalid(r, "DROP", "%s %llu is not one of 1..6", "the reason", df->drop.reason);
        dropfile_put_fields(b, df, DFG_TOP, type);
        break;
    case SEC_MACHINE:
        if (df->machine.model != MODEL_CRAY1 && df->machine.model != MODEL_XMP)
            return invalid(r, "MACHINE", "%s %llu is not 1 (Cray-1) or 2 (X-MP)", "the model",
                           df->machine.model);
        if (df->machine.field_words > DROPFILE_MAX_FIELD_WORDS)
            return dropfile_fail(r, DROPFILE_E_OVERSIZED, 0,
                                 "oversized field: %u words, more than the %u of the largest "
                                 "memory", df->machine.field_words, DROPFILE_MAX_FIELD_WORDS);
        dropfile_put_fields(b, df, DFG_TOP, type);
        break;
    case SEC_CPU: {
        int status = check_cpu(df, r);
        if (status)
            return status;
        dropfile_put_fields(b, df, DFG_TOP, type);
        break;
    }
    case SEC_MEMORY: {
        uint32_t n = df->machine.field_words;
        if (n && !df->memory)
            return invalid(r, "MEMORY", "%s of %llu words has no contents", "the field", n);
        if (!dfbuf_reserve(b, (size_t)n * 8))
            break;
        uint8_t *p = b->data + b->length;
        for (uint32_t i = 0; i < n; i++)
            put_be64(p + (size_t)i * 8, df->memory[i]);
        b->length += (size_t)n * 8;
        break;
    }
    case SEC_LIMITS: {
        dropfile_put_fields(b, df, DFG_TOP, type);
        struct dropfile_device *d = sorted(df->devices, df->device_count, sizeof *d,
                                           dropfile_cmp_device);
        if (!d)
            return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
        dfbuf_u32(b, (uint32_t)df->device_count);
        for (size_t i = 0; i < df->device_count; i++) {
            if (i && !dropfile_cmp_device(&d[i - 1], &d[i])) {
                const char *name = dfstr(d[i].name);   /* df's string */
                free(d);
                return dropfile_fail(r, DROPFILE_E_INVALID, 0,
                                     "cannot write section LIMITS: device %s twice", name);
            }
            dropfile_put_fields(b, &d[i], DFG_DEVICE, type);
        }
        free(d);
        break;
    }
    case SEC_DATASETS: {
        struct dropfile_dataset *d = sorted(df->datasets, df->dataset_count, sizeof *d,
                                            dropfile_cmp_dataset);
        if (!d)
            return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
        dfbuf_u32(b, (uint32_t)df->dataset_count);
        for (size_t i = 0; i < df->dataset_count; i++) {
            const struct dropfile_dataset *x = &d[i];
            const char *bad = i && !dropfile_cmp_dataset(&d[i - 1], x) ? "is in the table twice"
                              : x->kind > DATASET_KIND_MAX              ? "has an unknown kind"
                              : x->mode & ~DATASET_MODE_MASK            ? "has an unknown mode"
                              : x->contents_size && !x->contents        ? "has no contents"
                                                                        : NULL;
            if (bad) {
                const char *name = dfstr(x->name);   /* df's string */
                free(d);
                return dropfile_fail(r, DROPFILE_E_INVALID, 0,
                                     "cannot write section DATASETS: dataset %s %s", name, bad);
            }
            dropfile_put_fields(b, x, DFG_DATASET, type);
        }
        free(d);
        break;
    }
    case SEC_JOBSTACK:
        if (df->job_stack.current > df->job_stack.count)
            return invalid(r, "JOBSTACK", "%s %llu is past the end of the statements",
                           "the current statement", df->job_stack.current);
        dfbuf_u32(b, (uint32_t)df->job_stack.count);
        for (size_t i = 0; i < df->job_stack.count; i++)
            dfbuf_str(b, df->job_stack.statements[i]);
        dropfile_put_fields(b, df, DFG_TOP, type);
        dfbuf_u32(b, (uint32_t)df->job_stack.nesting_count);
        for (size_t i = 0; i < df->job_stack.nesting_count; i++)
            dfbuf_u64(b, (uint64_t)df->job_stack.nesting[i]);
        break;
    case SEC_JOBSYMS: {
        struct dropfile_pair *p = sorted(df->job_symbols, df->job_symbol_count, sizeof *p,
                                         dropfile_cmp_pair);
        if (!p)
            return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
        dfbuf_u32(b, (uint32_t)df->job_symbol_count);
        for (size_t i = 0; i < df->job_symbol_count; i++) {
            if (i && !dropfile_cmp_pair(&p[i - 1], &p[i])) {
                const char *name = dfstr(p[i].name);   /* df's string */
                free(p);
                return dropfile_fail(r, DROPFILE_E_INVALID, 0,
                                     "cannot write section JOBSYMS: symbol %s twice", name);
            }
            dropfile_put_fields(b, &p[i], DFG_JOBSYM, type);
        }
        free(p);
        break;
    }
    case SEC_JOBLOG:
        if (!dropfile_utf8_valid((const uint8_t *)dfstr(df->job_log), strlen(dfstr(df->job_log))))
            b->bad_text = true;
        dfbuf_put(b, dfstr(df->job_log), strlen(dfstr(df->job_log)));
        break;
    case SEC_PROGSYMS: {
        struct dropfile_symbol *s = sorted(df->symbols, df->symbol_count, sizeof *s,
                                           dropfile_cmp_symbol);
        if (!s)
            return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
        dfbuf_u32(b, (uint32_t)df->symbol_count);
        for (size_t i = 0; i < df->symbol_count; i++)
            dropfile_put_fields(b, &s[i], DFG_PROGSYM, type);
        free(s);
        break;
    }
    case SEC_HISTORY:
        dfbuf_u32(b, (uint32_t)df->history_count);
        for (size_t i = 0; i < df->history_count; i++) {
            const struct dropfile_history *h = &df->history[i];
            if (h->event < 1 || h->event > DROP_EVENT_MAX)
                return invalid(r, "HISTORY", "%s %llu is not one of 1..5", "an event", h->event);
            dropfile_put_fields(b, h, DFG_HISTORY, type);
        }
        break;
    case SEC_WALLCLOCK:
        dropfile_put_fields(b, df, DFG_TOP, type);
        dfbuf_u32(b, (uint32_t)df->history_count);
        for (size_t i = 0; i < df->history_count; i++)
            dropfile_put_fields(b, &df->history[i], DFG_HISTORY, type);
        break;
    default:
        return dropfile_fail(r, DROPFILE_E_INVALID, 0, "no payload for section type 0x%04x", type);
    }
    if (b->failed)
        return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
    if (b->bad_text) {
        char name[32];
        return dropfile_fail(r, DROPFILE_E_INVALID, 0,
                             "cannot write section %s: a string is not valid UTF-8",
                             dropfile_section_name(type, name, sizeof name));
    }
    return 0;
}

/* Counts the format writes as u32. */
static int check_counts(const struct dropfile *df, struct dropfile_report *r)
{
    size_t counts[] = {df->device_count, df->dataset_count, df->job_stack.count,
                       df->job_stack.nesting_count, df->job_symbol_count, df->symbol_count,
                       df->history_count};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (counts[i] > UINT32_MAX)
            return dropfile_fail(r, DROPFILE_E_INVALID, 0, "a table has more than 2^32 entries");
    return 0;
}

/* A section is written as its header (length 0 for now), then its payload
 * appended, then closed: the length patched and the checksum added. */
static size_t open_section(struct dfbuf *out, unsigned type, unsigned version, uint32_t flags)
{
    size_t start = out->length;
    dfbuf_u16(out, (uint16_t)type);
    dfbuf_u16(out, (uint16_t)version);
    dfbuf_u32(out, flags);
    dfbuf_u64(out, 0);
    return start;
}

static void close_section(struct dfbuf *out, size_t start)
{
    if (out->failed)
        return;
    put_be64(out->data + start + 8, out->length - start - SECTION_HEADER_BYTES);
    dfbuf_u64(out, dropfile_hash(out->data + start, out->length - start));
}

/* One section: header, payload, checksum. */
static void frame(struct dfbuf *out, unsigned type, unsigned version, uint32_t flags,
                  const uint8_t *payload, size_t n)
{
    size_t start = open_section(out, type, version, flags);
    dfbuf_put(out, payload, n);
    close_section(out, start);
}

/* Visit every section in type order: the known ones and the kept unknown
 * ones, merged.  fn returns nonzero to stop. */
typedef int (*section_fn)(void *ctx, unsigned type, const struct dropfile_unknown *unknown);

static int each_section(const struct dropfile *df, section_fn fn, void *ctx,
                        struct dropfile_report *r)
{
    size_t u = 0;
    for (size_t k = 0; k < dropfile_section_count; k++) {
        unsigned type = dropfile_sections[k].type;
        for (; u < df->unknown_count && df->unknown[u].type < type; u++) {
            if (dropfile_section_info(df->unknown[u].type) ||
                (u && df->unknown[u - 1].type >= df->unknown[u].type))
                return dropfile_fail(r, DROPFILE_E_INVALID, 0,
                                     "kept unknown sections are not in order or not unknown");
            int status = fn(ctx, df->unknown[u].type, &df->unknown[u]);
            if (status)
                return status;
        }
        if (type == SEC_END)
            break;
        int status = fn(ctx, type, NULL);
        if (status)
            return status;
    }
    if (u != df->unknown_count)
        return dropfile_fail(r, DROPFILE_E_INVALID, 0, "a kept section has type END");
    return 0;
}

struct encode_ctx {
    const struct dropfile *df;
    struct dfbuf *out;
    struct dropfile_report *report;
};

/* The MEMORY payload, piece by piece: words as big-endian bytes. */
static void fill_memory(const void *ctx, uint64_t offset, size_t n, uint8_t *dst)
{
    dropfile_words_to_be(dst, (const uint64_t *)ctx + offset / 8, n / 8);
}

static int encode_memory(struct encode_ctx *e)
{
    const struct dropfile *df = e->df;
    if (df->machine.field_words && !df->memory)
        return dropfile_fail(e->report, DROPFILE_E_INVALID, 0,
                             "cannot write section MEMORY: the field has no contents");
    /* Compressed straight into the file's buffer. */
    size_t start = open_section(e->out, SEC_MEMORY, dropfile_section_info(SEC_MEMORY)->version,
                                SECF_COMPRESSED);
    int status = dropfile_compress(NULL, (uint64_t)df->machine.field_words * 8, fill_memory,
                                   df->memory, e->out);
    if (status)
        return dropfile_fail(e->report, status, 0, "out of memory compressing the field");
    close_section(e->out, start);
    return 0;
}

static int encode_one(void *p, unsigned type, const struct dropfile_unknown *unknown)
{
    struct encode_ctx *e = p;
    if (unknown) {
        frame(e->out, unknown->type, unknown->version, unknown->flags, unknown->payload,
              (size_t)unknown->size);
        return 0;
    }
    if (type == SEC_MEMORY)
        return encode_memory(e);
    const struct section_info *info = dropfile_section_info(type);
    struct dfbuf payload = {0};
    int status = dropfile_section_payload(e->df, type, &payload, e->report);
    if (!status && info->compressed) {
        size_t start = open_section(e->out, type, info->version, SECF_COMPRESSED);
        status = dropfile_compress(payload.data, payload.length, NULL, NULL, e->out);
        if (status)
            dropfile_fail(e->report, status, 0, "out of memory compressing");
        else
            close_section(e->out, start);
    } else if (!status) {
        frame(e->out, type, info->version, 0, payload.data, payload.length);
    }
    dfbuf_free(&payload);
    return status;
}

int dropfile_encode(const struct dropfile *df, uint8_t **bytes, size_t *size,
                    struct dropfile_report *r)
{
    *bytes = NULL;
    *size = 0;
    int status = check_counts(df, r);
    if (status)
        return status;
    struct dfbuf out = {0};
    dfbuf_put(&out, DROPFILE_MAGIC, 8);
    dfbuf_u32(&out, DROPFILE_FORMAT_VERSION);
    dfbuf_u32(&out, 0);
    if (!out.failed)
        dfbuf_u64(&out, dropfile_hash(out.data, 16));
    struct encode_ctx e = {df, &out, r};
    status = each_section(df, encode_one, &e, r);
    if (!status) {
        uint8_t sum[8];
        put_be64(sum, out.failed ? 0 : dropfile_hash(out.data, out.length));
        frame(&out, SEC_END, 1, 0, sum, 8);
        if (out.failed)
            status = dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
    }
    if (status) {
        dfbuf_free(&out);
        return status;
    }
    *bytes = out.data;
    *size = out.length;
    return 0;
}

/* ---- the digest --------------------------------------------------------- */

struct digest_ctx {
    const struct dropfile *df;
    XXH3_state_t *state;
    struct dropfile_report *report;
};

static void digest_header(XXH3_state_t *s, unsigned type, unsigned version, uint64_t n)
{
    uint8_t h[12];
    put_be16(h, (uint16_t)type);
    put_be16(h + 2, (uint16_t)version);
    put_be64(h + 4, n);
    XXH3_64bits_update(s, h, sizeof h);
}

static int digest_one(void *p, unsigned type, const struct dropfile_unknown *unknown)
{
    struct digest_ctx *d = p;
    if (type == SEC_WALLCLOCK)
        return 0;
    if (unknown) {
        /* Uncompress what can be, so that the digest never depends on zstd. */
        uint8_t *plain = NULL;
        size_t n = 0;
        char why[160];
        if ((unknown->flags & SECF_COMPRESSED) &&
            !dropfile_decompress(unknown->payload, (size_t)unknown->size,
                                 DROPFILE_MAX_SECTION_BYTES, &plain, &n, why, sizeof why)) {
            digest_header(d->state, type, unknown->version, n);
            XXH3_64bits_update(d->state, plain, n);
        } else {
            digest_header(d->state, type, unknown->version, unknown->size);
            XXH3_64bits_update(d->state, unknown->payload, (size_t)unknown->size);
        }
        free(plain);
        return 0;
    }
    if (type == SEC_MEMORY) {
        /* Piece by piece, without a copy of the whole field. */
        uint64_t length = (uint64_t)d->df->machine.field_words * 8;
        if (length && !d->df->memory)
            return dropfile_fail(d->report, DROPFILE_E_INVALID, 0,
                                 "cannot write section MEMORY: the field has no contents");
        uint8_t *piece = malloc(DROPFILE_PIECE_BYTES);
        if (!piece)
            return dropfile_fail(d->report, DROPFILE_E_NOMEM, 0, "out of memory");
        digest_header(d->state, type, dropfile_section_info(type)->version, length);
        for (uint64_t at = 0; at < length; at += DROPFILE_PIECE_BYTES) {
            size_t n = length - at < DROPFILE_PIECE_BYTES ? (size_t)(length - at)
                                                          : DROPFILE_PIECE_BYTES;
            fill_memory(d->df->memory, at, n, piece);
            XXH3_64bits_update(d->state, piece, n);
        }
        free(piece);
        return 0;
    }
    struct dfbuf payload = {0};
    int status = dropfile_section_payload(d->df, type, &payload, d->report);
    if (!status) {
        digest_header(d->state, type, dropfile_section_info(type)->version, payload.length);
        XXH3_64bits_update(d->state, payload.data, payload.length);
    }
    dfbuf_free(&payload);
    return status;
}

int dropfile_digest(const struct dropfile *df, uint64_t *digest, struct dropfile_report *r)
{
    int status = check_counts(df, r);
    if (status)
        return status;
    XXH3_state_t *state = XXH3_createState();
    if (!state)
        return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
    XXH3_64bits_reset(state);
    uint8_t v[4];
    put_be32(v, DROPFILE_FORMAT_VERSION);
    XXH3_64bits_update(state, v, 4);
    struct digest_ctx d = {df, state, r};
    status = each_section(df, digest_one, &d, r);
    *digest = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return status;
}

/* ---- atomic files ------------------------------------------------------- */

static int sys_fail(struct dropfile_report *r, const char *what, const char *path)
{
    int e = errno;
    dropfile_fail(r, DROPFILE_E_IO, 0, "%s %s: %s", what, path, strerror(e));
    errno = e;
    return DROPFILE_E_IO;
}

static int sync_folder(const char *path, struct dropfile_report *r)
{
    char *copy = strdup(path);
    if (!copy)
        return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
    const char *dir = dirname(copy);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    int status = 0;
    if (fd < 0 || fsync(fd))
        status = sys_fail(r, "cannot sync folder", dir);
    if (fd >= 0)
        close(fd);
    free(copy);
    return status;
}

int dropfile_write_bytes_atomic(const char *path, const uint8_t *bytes, size_t size,
                                bool no_replace, struct dropfile_report *r)
{
    char *copy = strdup(path);
    char *tmp = malloc(strlen(path) + 32);
    if (!copy || !tmp) {
        free(copy);
        free(tmp);
        return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
    }
    /* The temporary name: ".NAME.tmp.XXXXXX" in the same folder. */
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    sprintf(tmp, "%.*s.%s.tmp.XXXXXX", (int)dir_len, path, path + dir_len);
    free(copy);
    int status = 0;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        status = sys_fail(r, "cannot create a temporary file beside", path);
        free(tmp);
        return status;
    }
    size_t done = 0;
    while (done < size && !status) {
        ssize_t n = write(fd, bytes + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            status = sys_fail(r, "cannot write", tmp);
        else
            done += (size_t)n;
    }
    if (!status && fchmod(fd, 0644))
        status = sys_fail(r, "cannot set the mode of", tmp);
    if (!status && fsync(fd))
        status = sys_fail(r, "cannot sync", tmp);
    if (close(fd) && !status)
        status = sys_fail(r, "cannot close", tmp);
    if (!status) {
        if (no_replace) {
            if (link(tmp, path))
                status = sys_fail(r, "cannot create", path);
            unlink(tmp);
        } else if (rename(tmp, path)) {
            status = sys_fail(r, "cannot rename the temporary file to", path);
        }
    }
    if (status)
        unlink(tmp);
    else
        status = sync_folder(path, r);
    free(tmp);
    return status;
}

int dropfile_write_file(const char *path, const struct dropfile *df, struct dropfile_report *r)
{
    uint8_t *bytes;
    size_t size;
    int status = dropfile_encode(df, &bytes, &size, r);
    if (status)
        return status;
    status = dropfile_write_bytes_atomic(path, bytes, size, false, r);
    free(bytes);
    return status;
}
