/*
 * dataset_bytes.c - a dataset as canonical bytes (what a dropfile and the
 * permanent dataset store keep: a versioned, checksummed, length-prefixed
 * layout, the same bytes for the same contents), its content hash, and a
 * dataset as text lines (decks in, $OUT out).  The rest of the dataset
 * layer is in dataset.c.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xxhash.h>

#include "dataset.h"
#include "dataset_internal.h"

/* ---- canonical bytes ------------------------------------------------------------------------ */

uint64_t dataset_hash_bytes(const void *bytes, size_t size) { return XXH3_64bits(bytes, size); }

/* Big-endian integers of n bytes. */
static uint8_t *put_be(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    return p + n;
}

static uint64_t get_be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

int dataset_serialize(const struct dataset *ds, uint8_t **bytes, size_t *size,
                      struct dataset_error *error)
{
    *bytes = NULL;
    *size = 0;
    if (ds->last_file_open && (ds->file_count == 0 || ds->files[ds->file_count - 1].count == 0))
        return dataset_error_set(error, "DATASET %s: OPEN LAST FILE WITHOUT RECORDS", ds->name);
    size_t total = 8 + 4 + 4 + 4 + 4 + 8;   /* counts fit in 32 bits: writes and parsing see to it */
    for (size_t f = 0; f < ds->file_count; f++) {
        total += 4;
        for (size_t r = 0; r < ds->files[f].count; r++)
            total += 4 + (size_t)ds->files[f].records[r].length;
    }
    uint8_t *out = malloc(total), *p = out;
    if (!out)
        return dataset_error_set(error, "DATASET %s: OUT OF MEMORY FOR %zu BYTES", ds->name,
                                 total);
    memcpy(p, DATASET_MAGIC, 8);
    p = put_be(p + 8, DATASET_FORMAT_VERSION, 4);
    p = put_be(p, ds->last_file_open ? 1u : 0u, 4);
    p = put_be(p, (uint32_t)ds->file_count, 4);
    for (size_t f = 0; f < ds->file_count; f++) {
        p = put_be(p, (uint32_t)ds->files[f].count, 4);
        for (size_t r = 0; r < ds->files[f].count; r++) {
            const struct dataset_record *rec = &ds->files[f].records[r];
            p = put_be(p, rec->length, 4);
            if (rec->length)
                memcpy(p, rec->bytes, rec->length);
            p += rec->length;
        }
    }
    p = put_be(p, DATASET_END_TAG, 4);
    uint64_t sum = dataset_hash_bytes(out, (size_t)(p - out));
    put_be(p, sum, 8);
    *bytes = out;
    *size = total;
    return 0;
}

int dataset_content_hash(const struct dataset *ds, uint64_t *hash, uint64_t *size,
                         struct dataset_error *error)
{
    uint8_t *bytes;
    size_t n;
    if (dataset_serialize(ds, &bytes, &n, error))
        return -1;
    *hash = dataset_hash_bytes(bytes, n);
    if (size)
        *size = n;
    free(bytes);
    return 0;
}

/* Reading canonical bytes: where we are, for messages. */
struct cursor {
    const uint8_t *bytes;
    size_t size, at, file, record;   /* file, record: 1-based, 0 = none */
    struct dataset_error *error;
};

/* The next u32: 0, or -1 with a message naming what was being read. */
static int take_u32(struct cursor *c, uint32_t *v, const char *what)
{
    if (c->size - c->at >= 4) {
        *v = (uint32_t)get_be(c->bytes + c->at, 4);
        c->at += 4;
        return 0;
    }
    char where[64] = "";
    if (c->record)
        snprintf(where, sizeof where, " of record %zu of file %zu", c->record, c->file);
    else if (c->file)
        snprintf(where, sizeof where, " of file %zu", c->file);
    return dataset_error_set(c->error, "dataset bytes end at byte %zu, inside the %s%s", c->size,
                             what, where);
}

static void install(struct dataset *ds, struct dataset_file *files, size_t count, size_t capacity,
                    bool last_open)
{
    dataset_clear(ds);
    ds->files = files;
    ds->file_count = count;
    ds->file_capacity = capacity;
    ds->last_file_open = last_open;
}

/* The records of one file (c->file): 0, or -1 with the message. */
static int parse_file(struct cursor *c, struct dataset_file *f)
{
    uint32_t records, length;
    size_t at = c->at;
    if (take_u32(c, &records, "record count"))
        return -1;
    if (records > (c->size - c->at) / 4)
        return dataset_error_set(c->error, "record count %u of file %zu at byte %zu cannot fit "
                                 "in the %zu bytes left", records, c->file, at,
                                 c->size - c->at);
    if (records && !(f->records = calloc(records, sizeof *f->records)))
        return dataset_error_set(c->error, "out of memory for %u records", records);
    for (f->capacity = records; f->count < records; f->count++) {
        c->record = f->count + 1;
        at = c->at;
        if (take_u32(c, &length, "length"))
            return -1;
        if (length > c->size - c->at || length > DATASET_MAX_RECORD_BYTES)
            return dataset_error_set(c->error, "record %zu of file %zu (length at byte %zu) "
                                     "claims %u bytes: %zu remain, at most %u allowed", c->record,
                                     c->file, at, length, c->size - c->at,
                                     DATASET_MAX_RECORD_BYTES);
        struct dataset_record *rec = &f->records[f->count];
        if (length > 0) {
            if (!(rec->bytes = malloc(length)))
                return dataset_error_set(c->error, "out of memory for a %u-byte record", length);
            memcpy(rec->bytes, c->bytes + c->at, length);
        }
        rec->length = length;
        c->at += length;
    }
    c->record = 0;
    return 0;
}

int dataset_parse(struct dataset *ds, const uint8_t *bytes, size_t size,
                  struct dataset_error *error)
{
    struct cursor c = {bytes, size, 8, 0, 0, error};
    struct dataset_file *files = NULL;
    uint32_t version, flags, file_count = 0, tag;
    if (!bytes && size)
        return dataset_error_set(error, "no dataset bytes");
    if (size < 8 || memcmp(bytes, DATASET_MAGIC, 8))
        return dataset_error_set(error, "not a C-1 dataset: %s", size < 8 ? "shorter than its "
                                 "8-byte magic" : "bad magic in its first 8 bytes");
    if (take_u32(&c, &version, "format version"))
        return -1;
    if (version != DATASET_FORMAT_VERSION)
        return dataset_error_set(error, "dataset format version %u unknown (this reader knows "
                                 "%u)", version, DATASET_FORMAT_VERSION);
    if (take_u32(&c, &flags, "flags") || take_u32(&c, &file_count, "file count"))
        return -1;
    if (flags & ~1u)
        return dataset_error_set(error, "dataset flags 0x%08X at byte 12 have unknown bits",
                                 flags);
    if (file_count > (size - c.at) / 4)
        return dataset_error_set(error, "dataset file count %u at byte 16 cannot fit in the %zu "
                                 "bytes left", file_count, size - c.at);
    if (file_count && !(files = calloc(file_count, sizeof *files)))
        return dataset_error_set(error, "out of memory for %u dataset files", file_count);
    for (c.file = 1; c.file <= file_count; c.file++)
        if (parse_file(&c, &files[c.file - 1]))
            goto fail;
    c.file = 0;
    if ((flags & 1u) && (file_count == 0 || files[file_count - 1].count == 0)) {
        dataset_error_set(error, "dataset flags say the last file is open, but %s",
                          file_count ? "it has no records" : "there are no files");
        goto fail;
    }
    size_t end_at = c.at;
    if (take_u32(&c, &tag, "end tag"))
        goto fail;
    if (tag != DATASET_END_TAG) {
        dataset_error_set(error, "dataset end tag missing at byte %zu (found 0x%08X)", end_at, tag);
        goto fail;
    }
    if (size - c.at != 8) {
        if (size - c.at < 8)
            dataset_error_set(error, "dataset bytes end at byte %zu, inside the checksum", size);
        else
            dataset_error_set(error, "%zu unexpected bytes after the dataset's end at byte %zu",
                              size - c.at - 8, c.at + 8);
        goto fail;
    }
    uint64_t stored = get_be(bytes + c.at, 8), actual = dataset_hash_bytes(bytes, c.at);
    if (stored != actual) {
        dataset_error_set(error, "dataset checksum mismatch: stored %016llx, computed %016llx "
                          "(the bytes are damaged)", (unsigned long long)stored,
                          (unsigned long long)actual);
        goto fail;
    }
    install(ds, files, file_count, file_count, flags & 1u);
    return 0;
fail:
    dataset_free_files(files, file_count);   /* calloc'ed: files not reached are empty */
    return -1;
}

/* ---- text ----------------------------------------------------------------------------------- */

static bool is_mark_line(const char *line, size_t n, bool exact)
{
    if (!exact)
        while (n > 0 && line[n - 1] == ' ')
            n--;
    return n == 4 && !memcmp(line, "/EOF", 4);
}

int dataset_from_text(struct dataset *ds, const char *text, size_t length, unsigned options,
                      struct dataset_error *error)
{
    bool exact = options & DATASET_TEXT_EXACT;
    struct dataset tmp;
    dataset_init(&tmp);
    memcpy(tmp.name, ds->name, sizeof tmp.name);
    if (!text && length)
        return dataset_error_set(error, "DATASET %s: NO TEXT", ds->name);
    size_t at = 0;
    while (at < length) {
        const char *line = text + at;
        const char *nl = memchr(line, '\n', length - at);
        size_t n = nl ? (size_t)(nl - line) : length - at;
        at += n + (nl != NULL);
        if (!exact && n > 0 && line[n - 1] == '\r')
            n--;
        int status = is_mark_line(line, n, exact) ? dataset_write_end_of_file(&tmp, error)
                                                  : dataset_write_record(&tmp, line, n, error);
        if (status) {
            dataset_free(&tmp);
            return -1;
        }
    }
    if (!exact)   /* a deck's last file needs no mark */
        tmp.last_file_open = false;
    install(ds, tmp.files, tmp.file_count, tmp.file_capacity, tmp.last_file_open);
    return 0;
}

int dataset_to_text(const struct dataset *ds, unsigned options, char **text, size_t *length,
                    struct dataset_error *error)
{
    bool exact = options & DATASET_TEXT_EXACT;
    *text = NULL;
    *length = 0;
    size_t total = 1;
    for (size_t f = 0; f < ds->file_count; f++) {
        for (size_t r = 0; r < ds->files[f].count; r++) {
            const struct dataset_record *rec = &ds->files[f].records[r];
            bool mark = exact && is_mark_line((const char *)rec->bytes, rec->length, true);
            if (mark || (exact && rec->length && memchr(rec->bytes, '\n', rec->length)))
                return dataset_error_set(error, "DATASET %s: RECORD %zu OF FILE %zu %s, SO IT "
                                         "CANNOT BE WRITTEN AS A LINE", ds->name, r + 1, f + 1,
                                         mark ? "IS /EOF" : "HOLDS A NEWLINE");
            total += (size_t)rec->length + 1;
        }
        total += 5;
    }
    char *out = malloc(total), *p = out;
    if (!out)
        return dataset_error_set(error, "DATASET %s: OUT OF MEMORY FOR ITS TEXT", ds->name);
    for (size_t f = 0; f < ds->file_count; f++) {
        for (size_t r = 0; r < ds->files[f].count; r++) {
            const struct dataset_record *rec = &ds->files[f].records[r];
            if (rec->length)
                memcpy(p, rec->bytes, rec->length);
            p += rec->length;
            *p++ = '\n';
        }
        bool mark = exact ? dataset_file_closed(ds, f) : f + 1 < ds->file_count;
        if (mark) {
            memcpy(p, "/EOF\n", 5);
            p += 5;
        }
    }
    *p = '\0';
    *text = out;
    *length = (size_t)(p - out);
    return 0;
}
