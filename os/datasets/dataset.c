/*
 * dataset.c - a job's datasets in memory (see dataset.h): the dataset
 * table, sequential record I/O and positioning, the COPYR/COPYF/COPYD
 * copies, Cray word packing, the canonical bytes and the text form.
 */
#include "dataset.h"
#include "dataset_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xxhash.h>

int dataset_error_set(struct dataset_error *error, const char *format, ...)
{
    if (error) {
        va_list args;
        va_start(args, format);
        vsnprintf(error->message, sizeof error->message, format, args);
        va_end(args);
    }
    return -1;
}

/* Room for need (>= 1) items: the array, perhaps moved, or NULL (the old
 * one untouched) when memory runs out. */
static void *grow(void *items, size_t *capacity, size_t need, size_t item_size)
{
    if (need <= *capacity)
        return items;
    size_t wanted = *capacity ? *capacity : 4;
    while (wanted < need) {
        if (wanted > SIZE_MAX / 2 / item_size)
            return NULL;
        wanted *= 2;
    }
    void *more = realloc(items, wanted * item_size);
    if (more)
        *capacity = wanted;
    return more;
}

/* ---- names and the table ------------------------------------------------------------ */

int dataset_check_name(const char *name, struct dataset_error *error)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > DATASET_NAME_MAX)
        return dataset_error_set(error, "DATASET NAME %s", n ? "LONGER THAN 15 CHARACTERS"
                                                             : "MISSING");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        bool ok = i == 0 ? isalpha(c) || c == '$' : isalnum(c) || (c && strchr("$@%", c));
        if (!ok && isprint(c))
            return dataset_error_set(error, "DATASET NAME %s: '%c' NOT ALLOWED %s", name, c,
                                     i ? "(LETTERS, DIGITS, $ @ % ONLY)" : "FIRST (A LETTER OR $)");
        if (!ok)
            return dataset_error_set(error, "DATASET NAME: CHARACTER %zu (0x%02X) NOT ALLOWED",
                                     i + 1, c);
    }
    return 0;
}

unsigned dataset_kind_for_name(const char *name)
{
    if (!name || name[0] != '$')
        return DATASET_LOCAL;
    if (!strcasecmp(name, "$IN"))
        return DATASET_INPUT;
    if (!strcasecmp(name, "$OUT"))
        return DATASET_OUTPUT;
    if (!strcasecmp(name, "$CS"))
        return DATASET_CONTROL;
    return DATASET_SYSTEM;
}

void dataset_init(struct dataset *ds) { memset(ds, 0, sizeof *ds); }

void dataset_free_files(struct dataset_file *files, size_t count)
{
    for (size_t f = 0; files && f < count; f++) {
        for (size_t r = 0; r < files[f].count; r++)
            free(files[f].records[r].bytes);
        free(files[f].records);
    }
    free(files);
}

void dataset_clear(struct dataset *ds)
{
    dataset_free_files(ds->files, ds->file_count);
    ds->files = NULL;
    ds->file_count = ds->file_capacity = 0;
    ds->last_file_open = false;
    memset(&ds->position, 0, sizeof ds->position);
    ds->flags &= ~(DATASET_FLAG_WRITING | DATASET_FLAG_RECORD_OPEN);
}

void dataset_free(struct dataset *ds)
{
    dataset_clear(ds);
    dataset_init(ds);
}

void dataset_table_init(struct dataset_table *table) { memset(table, 0, sizeof *table); }

void dataset_table_free(struct dataset_table *table)
{
    for (size_t i = 0; i < table->count; i++) {
        dataset_free(table->items[i]);
        free(table->items[i]);
    }
    free(table->items);
    dataset_table_init(table);
}

static size_t table_index(const struct dataset_table *table, const char *name)
{
    for (size_t i = 0; name && i < table->count; i++)
        if (!strcasecmp(table->items[i]->name, name))
            return i;
    return SIZE_MAX;
}

struct dataset *dataset_table_find(const struct dataset_table *table, const char *name)
{
    size_t i = table_index(table, name);
    return i == SIZE_MAX ? NULL : table->items[i];
}

struct dataset *dataset_table_create(struct dataset_table *table, const char *name,
                                     unsigned kind, struct dataset_error *error)
{
    if (dataset_check_name(name, error))
        return NULL;
    if (kind > DATASET_KIND_MAX) {
        dataset_error_set(error, "DATASET %s: KIND %u UNKNOWN", name, kind);
        return NULL;
    }
    if (dataset_table_find(table, name)) {
        dataset_error_set(error, "DATASET %s ALREADY EXISTS", name);
        return NULL;
    }
    struct dataset *ds = malloc(sizeof *ds);
    struct dataset **items =
        ds ? grow(table->items, &table->capacity, table->count + 1, sizeof *items) : NULL;
    if (!items) {
        free(ds);
        dataset_error_set(error, "DATASET %s: OUT OF MEMORY", name);
        return NULL;
    }
    table->items = items;
    dataset_init(ds);
    for (size_t i = 0; name[i]; i++)
        ds->name[i] = (char)toupper((unsigned char)name[i]);
    ds->kind = kind;
    table->items[table->count++] = ds;
    return ds;
}

int dataset_table_release(struct dataset_table *table, const char *name,
                          struct dataset_error *error)
{
    size_t i = table_index(table, name);
    if (i == SIZE_MAX)
        return dataset_error_set(error, "DATASET %s NOT LOCAL", name ? name : "");
    struct dataset *ds = table->items[i];
    if (ds->kind == DATASET_INPUT || ds->kind == DATASET_OUTPUT || ds->kind == DATASET_CONTROL)
        return dataset_error_set(error, "DATASET %s IS RESERVED AND CANNOT BE RELEASED",
                                 ds->name);
    dataset_free(ds);
    free(ds);
    memmove(&table->items[i], &table->items[i + 1],
            (table->count - i - 1) * sizeof *table->items);
    table->count--;
    return 0;
}

size_t dataset_table_count(const struct dataset_table *table) { return table->count; }

struct dataset *dataset_table_at(const struct dataset_table *table, size_t index)
{
    return index < table->count ? table->items[index] : NULL;
}

/* ---- positions ---------------------------------------------------------------------- */

bool dataset_file_closed(const struct dataset *ds, size_t file)
{
    return file < ds->file_count && !(ds->last_file_open && file + 1 == ds->file_count);
}

static bool position_valid(const struct dataset *ds, struct dataset_position p)
{
    if (p.file >= ds->file_count)
        return p.file == ds->file_count && !ds->last_file_open && p.record == 0 && p.byte == 0;
    const struct dataset_file *f = &ds->files[p.file];
    return p.record < f->count ? p.byte == 0 || p.byte < f->records[p.record].length
                               : p.record == f->count && p.byte == 0;
}

static int check_at(const struct dataset *ds, struct dataset_position p,
                    struct dataset_error *error)
{
    if (position_valid(ds, p))
        return 0;
    return dataset_error_set(error, "DATASET %s: POSITION FILE %llu RECORD %llu BYTE %llu IS "
                             "OUTSIDE ITS DATA", ds->name, (unsigned long long)p.file,
                             (unsigned long long)p.record, (unsigned long long)p.byte);
}

static int check_position(const struct dataset *ds, struct dataset_error *error)
{
    return check_at(ds, ds->position, error);
}

struct dataset_position dataset_tell(const struct dataset *ds) { return ds->position; }

static void set_position(struct dataset *ds, size_t file, size_t record)
{
    ds->position.file = file;
    ds->position.record = record;
    ds->position.byte = 0;
}

bool dataset_at_end_of_data(const struct dataset *ds)
{
    size_t f = (size_t)ds->position.file;
    return !dataset_file_closed(ds, f) && ds->position.record >= dataset_record_count(ds, f);
}

size_t dataset_file_count(const struct dataset *ds) { return ds->file_count; }

size_t dataset_record_count(const struct dataset *ds, size_t file)
{
    return file < ds->file_count ? ds->files[file].count : 0;
}

uint64_t dataset_total_bytes(const struct dataset *ds)
{
    uint64_t total = 0;
    for (size_t f = 0; f < ds->file_count; f++)
        for (size_t r = 0; r < ds->files[f].count; r++)
            total += ds->files[f].records[r].length;
    return total;
}

static void truncate_at_position(struct dataset *ds);

/* End the data at the position (see dataset_write_end_of_data); with
 * move_past the position is then the end of data, otherwise it stays where
 * it was (before the mark that closed a partial file). */
static int end_data(struct dataset *ds, bool move_past, struct dataset_error *error)
{
    if (check_position(ds, error))
        return -1;
    ds->flags &= ~DATASET_FLAG_RECORD_OPEN;
    truncate_at_position(ds);
    if (ds->last_file_open && ds->files[ds->file_count - 1].count == 0) {
        free(ds->files[ds->file_count - 1].records);
        ds->file_count--;
    }
    ds->last_file_open = false;
    if (move_past)
        set_position(ds, ds->file_count, 0);
    ds->flags &= ~DATASET_FLAG_WRITING;
    return 0;
}

/* Positioning a dataset that was being written ends its data first. */
static int finish_writing(struct dataset *ds, struct dataset_error *error)
{
    return (ds->flags & DATASET_FLAG_WRITING) ? end_data(ds, false, error) : 0;
}

int dataset_seek(struct dataset *ds, struct dataset_position position,
                 struct dataset_error *error)
{
    if (check_at(ds, position, error))
        return -1;
    ds->position = position;
    return 0;
}

void dataset_rewind(struct dataset *ds)
{
    ds->flags &= ~DATASET_FLAG_RECORD_OPEN;
    finish_writing(ds, NULL);   /* cannot fail at a valid position */
    set_position(ds, 0, 0);
}

int dataset_open(struct dataset *ds, unsigned mode, struct dataset_error *error)
{
    if (mode == 0 || (mode & ~DATASET_MODE_MASK))
        return dataset_error_set(error, "DATASET %s: OPEN MODE %u INVALID", ds->name, mode);
    ds->mode = mode;
    return 0;
}

void dataset_close(struct dataset *ds)
{
    ds->flags &= ~DATASET_FLAG_RECORD_OPEN;
    finish_writing(ds, NULL);
    ds->mode = 0;
}

int dataset_skip_records(struct dataset *ds, int64_t count, int64_t *skipped,
                         struct dataset_error *error)
{
    ds->flags &= ~DATASET_FLAG_RECORD_OPEN;
    if (skipped)
        *skipped = 0;
    if (check_position(ds, error) || finish_writing(ds, error))
        return -1;
    size_t f = (size_t)ds->position.file, r = (size_t)ds->position.record;
    size_t n = dataset_record_count(ds, f);
    int64_t done = 0;
    if (count != 0 && ds->position.byte > 0) {   /* a partly read record counts as one */
        r += count > 0;
        done = count > 0 ? 1 : -1;
    }
    for (; count > 0 && done < count && r < n; done++)
        r++;
    for (; count < 0 && done > count && r > 0; done--)
        r--;
    set_position(ds, f, r);
    if (skipped)
        *skipped = done;
    return 0;
}

int dataset_skip_files(struct dataset *ds, int64_t count, int64_t *skipped,
                       struct dataset_error *error)
{
    ds->flags &= ~DATASET_FLAG_RECORD_OPEN;
    if (skipped)
        *skipped = 0;
    if (check_position(ds, error) || finish_writing(ds, error))
        return -1;
    size_t f = (size_t)ds->position.file, r = (size_t)ds->position.record;
    bool inside = r > 0 || ds->position.byte > 0;
    int64_t done = 0;
    for (; count > 0 && done < count; done++) {
        if (!dataset_file_closed(ds, f)) {     /* end of data: at the end of an open last file */
            if (f < ds->file_count)
                r = ds->files[f].count;
            break;
        }
        f++;
        r = 0;
    }
    for (; count < 0 && done > count; done--) {
        if (inside)
            inside = false;
        else if (f > 0)
            f--;
        else
            break;
        r = 0;
    }
    set_position(ds, f, r);
    if (skipped)
        *skipped = done;
    return 0;
}

/* ---- reading ---------------------------------------------------------------------------- */

static int read_common(struct dataset *ds, void *buffer, size_t capacity, bool partial,
                       struct dataset_transfer *transfer, struct dataset_error *error)
{
    struct dataset_transfer t = {0};
    if (transfer)
        *transfer = t;
    if (!buffer && capacity > 0) {
        dataset_error_set(error, "DATASET %s: NO BUFFER", ds->name);
        return DATASET_READ_ERROR;
    }
    if (check_position(ds, error))
        return DATASET_READ_ERROR;
    ds->flags &= ~DATASET_FLAG_RECORD_OPEN;
    size_t f = (size_t)ds->position.file, r = (size_t)ds->position.record;
    if (r >= dataset_record_count(ds, f)) {   /* a file mark, or the end of data */
        if (!dataset_file_closed(ds, f))
            return DATASET_END_OF_DATA;
        set_position(ds, f + 1, 0);
        return DATASET_END_OF_FILE;
    }
    const struct dataset_record *rec = &ds->files[f].records[r];
    size_t at = (size_t)ds->position.byte;
    t.record_length = rec->length - at;
    t.stored = t.record_length < capacity ? t.record_length : capacity;
    if (t.stored)
        memcpy(buffer, rec->bytes + at, t.stored);
    if (partial && t.stored < t.record_length) {
        ds->position.byte += t.stored;
    } else {
        t.truncated = t.stored < t.record_length;
        t.end_of_record = true;
        set_position(ds, f, r + 1);
        ds->io.records_read++;
    }
    ds->io.bytes_read += t.stored;
    if (transfer)
        *transfer = t;
    return DATASET_RECORD;
}

int dataset_read_record(struct dataset *ds, void *buffer, size_t capacity,
                        struct dataset_transfer *transfer, struct dataset_error *error)
{
    return read_common(ds, buffer, capacity, false, transfer, error);
}

int dataset_read_partial(struct dataset *ds, void *buffer, size_t capacity,
                         struct dataset_transfer *transfer, struct dataset_error *error)
{
    return read_common(ds, buffer, capacity, true, transfer, error);
}

/* ---- writing ---------------------------------------------------------------------------- */

/* Drop everything after the position; afterwards file `position.file`
 * exists and is the (open) last file, or the position is past every file. */
static void truncate_at_position(struct dataset *ds)
{
    if (ds->position.byte > 0) {   /* a partly read record is kept whole */
        ds->position.record++;
        ds->position.byte = 0;
    }
    size_t f = (size_t)ds->position.file, r = (size_t)ds->position.record;
    if (f >= ds->file_count)
        return;
    for (size_t k = f + 1; k < ds->file_count; k++) {
        for (size_t i = 0; i < ds->files[k].count; i++)
            free(ds->files[k].records[i].bytes);
        free(ds->files[k].records);
    }
    ds->file_count = f + 1;
    struct dataset_file *file = &ds->files[f];
    for (size_t i = r; i < file->count; i++)
        free(file->records[i].bytes);
    file->count = r;
    ds->last_file_open = true;
}

/* A new empty file at the end (the position is past every file). */
static int add_file(struct dataset *ds, struct dataset_error *error)
{
    if (ds->file_count >= UINT32_MAX)
        return dataset_error_set(error, "DATASET %s: TOO MANY FILES", ds->name);
    struct dataset_file *files =
        grow(ds->files, &ds->file_capacity, ds->file_count + 1, sizeof *files);
    if (!files)
        return dataset_error_set(error, "DATASET %s: OUT OF MEMORY FOR ANOTHER FILE", ds->name);
    ds->files = files;
    memset(&ds->files[ds->file_count++], 0, sizeof *ds->files);
    return 0;
}

int dataset_write_record(struct dataset *ds, const void *bytes, size_t length,
                         struct dataset_error *error)
{
    if (check_position(ds, error))
        return -1;
    if (length > DATASET_MAX_RECORD_BYTES)
        return dataset_error_set(error, "DATASET %s: RECORD OF %zu BYTES OVER THE %u LIMIT",
                                 ds->name, length, DATASET_MAX_RECORD_BYTES);
    if (!bytes && length > 0)
        return dataset_error_set(error, "DATASET %s: NO RECORD BYTES", ds->name);
    ds->flags &= ~DATASET_FLAG_RECORD_OPEN;
    struct dataset_position p = ds->position;
    if (p.byte > 0)
        p.record++;
    if (p.record >= UINT32_MAX)
        return dataset_error_set(error, "DATASET %s: TOO MANY RECORDS IN ONE FILE", ds->name);
    /* Make room before changing anything, so that a failure changes nothing. */
    uint8_t *copy = NULL;
    if (length > 0) {
        if (!(copy = malloc(length)))
            return dataset_error_set(error, "DATASET %s: OUT OF MEMORY FOR A RECORD", ds->name);
        memcpy(copy, bytes, length);
    }
    bool new_file = p.file >= ds->file_count;
    if (new_file && add_file(ds, error)) {
        free(copy);
        return -1;
    }
    struct dataset_file *f = &ds->files[p.file];
    struct dataset_record *records =
        grow(f->records, &f->capacity, (size_t)p.record + 1, sizeof *records);
    if (!records) {
        ds->file_count -= new_file;   /* the empty file just added */
        free(copy);
        return dataset_error_set(error, "DATASET %s: OUT OF MEMORY FOR A RECORD", ds->name);
    }
    f->records = records;
    truncate_at_position(ds);
    f->records[f->count].bytes = copy;
    f->records[f->count].length = (uint32_t)length;
    f->count++;
    ds->last_file_open = true;
    set_position(ds, (size_t)ds->position.file, f->count);
    ds->flags |= DATASET_FLAG_WRITING;
    ds->io.records_written++;
    ds->io.bytes_written += length;
    return 0;
}

/* The record dataset_write_words() adds to, or NULL. */
static struct dataset_record *open_record(struct dataset *ds)
{
    const struct dataset_position p = ds->position;
    if (!(ds->flags & DATASET_FLAG_RECORD_OPEN) || p.byte != 0 || p.record == 0 ||
        !ds->last_file_open || p.file + 1 != ds->file_count ||
        p.record != ds->files[p.file].count)
        return NULL;
    return &ds->files[p.file].records[p.record - 1];
}

int dataset_write_words(struct dataset *ds, const void *bytes, size_t length, bool end_record,
                        struct dataset_error *error)
{
    if (check_position(ds, error))
        return -1;
    struct dataset_record *rec = open_record(ds);
    if (!rec) {
        if (dataset_write_record(ds, bytes, length, error))
            return -1;
        if (!end_record)
            ds->flags |= DATASET_FLAG_RECORD_OPEN;
        return 0;
    }
    if (!bytes && length > 0)
        return dataset_error_set(error, "DATASET %s: NO RECORD BYTES", ds->name);
    if (length > DATASET_MAX_RECORD_BYTES - rec->length)
        return dataset_error_set(error, "DATASET %s: RECORD OF %zu BYTES OVER THE %u LIMIT",
                                 ds->name, (size_t)rec->length + length, DATASET_MAX_RECORD_BYTES);
    if (length > 0) {
        uint8_t *grown = realloc(rec->bytes, (size_t)rec->length + length);
        if (!grown)
            return dataset_error_set(error, "DATASET %s: OUT OF MEMORY FOR A RECORD", ds->name);
        memcpy(grown + rec->length, bytes, length);
        rec->bytes = grown;
        rec->length += (uint32_t)length;
    }
    ds->io.bytes_written += length;
    if (end_record)
        ds->flags &= ~DATASET_FLAG_RECORD_OPEN;
    return 0;
}

int dataset_write_end_of_file(struct dataset *ds, struct dataset_error *error)
{
    if (check_position(ds, error))
        return -1;
    ds->flags &= ~DATASET_FLAG_RECORD_OPEN;
    truncate_at_position(ds);
    if (ds->position.file >= ds->file_count && add_file(ds, error))
        return -1;
    ds->last_file_open = false;
    set_position(ds, (size_t)ds->position.file + 1, 0);
    ds->flags |= DATASET_FLAG_WRITING;
    return 0;
}

int dataset_write_end_of_data(struct dataset *ds, struct dataset_error *error)
{
    return end_data(ds, true, error);
}

int dataset_write_lines(struct dataset *ds, char *const *lines, size_t count,
                        struct dataset_error *error)
{
    for (size_t i = 0; i < count; i++)
        if (dataset_write_record(ds, lines[i], lines[i] ? strlen(lines[i]) : 0, error))
            return -1;
    return dataset_write_end_of_file(ds, error);
}

/* ---- copies ------------------------------------------------------------------------------ */

/* COPYR (whole_files false: up to count records of the current file) and
 * COPYF (up to count files with their marks). */
static int copy(struct dataset *from, struct dataset *to, bool whole_files, uint64_t count,
                struct dataset_copy_counts *counts, struct dataset_error *error)
{
    struct dataset_copy_counts local;
    counts = counts ? counts : &local;
    memset(counts, 0, sizeof *counts);
    if (from == to)
        return dataset_error_set(error, "DATASET %s: CANNOT COPY A DATASET ONTO ITSELF",
                                 from->name);
    if (check_position(from, error) || check_position(to, error))
        return -1;
    uint64_t left = whole_files ? UINT64_MAX : count;
    while (!whole_files || counts->files < count) {
        size_t f = (size_t)from->position.file;
        for (; left > 0 && from->position.record < dataset_record_count(from, f); left--) {
            const struct dataset_record *rec = &from->files[f].records[from->position.record];
            size_t at = (size_t)from->position.byte, n = rec->length - at;
            if (dataset_write_record(to, rec->bytes ? rec->bytes + at : NULL, n, error))
                return -1;
            from->io.records_read++;
            from->io.bytes_read += n;
            set_position(from, f, (size_t)from->position.record + 1);
            counts->records++;
        }
        if (!whole_files || !dataset_file_closed(from, f))
            break;   /* COPYR, or the end of data (an open last file has no mark to copy) */
        if (dataset_write_end_of_file(to, error))
            return -1;
        set_position(from, f + 1, 0);
        counts->files++;
    }
    return 0;
}

int dataset_copy_records(struct dataset *from, struct dataset *to, uint64_t count,
                         struct dataset_copy_counts *counts, struct dataset_error *error)
{
    return copy(from, to, false, count, counts, error);
}

int dataset_copy_files(struct dataset *from, struct dataset *to, uint64_t count,
                       struct dataset_copy_counts *counts, struct dataset_error *error)
{
    return copy(from, to, true, count, counts, error);
}

int dataset_copy_data(struct dataset *from, struct dataset *to,
                      struct dataset_copy_counts *counts, struct dataset_error *error)
{
    return copy(from, to, true, UINT64_MAX, counts, error);
}

/* ---- Cray words -------------------------------------------------------------------------- */

size_t dataset_pack_words(const void *bytes, size_t length, uint64_t *words, size_t capacity)
{
    const uint8_t *b = bytes;
    size_t need = length / 8 + (length % 8 != 0);
    for (size_t i = 0; i < need * 8 && i / 8 < capacity; i++)
        words[i / 8] = (i % 8 ? words[i / 8] << 8 : 0) | (i < length ? b[i] : 0u);
    return need;
}

void dataset_unpack_words(const uint64_t *words, size_t count, uint8_t *bytes)
{
    for (size_t i = 0; i < count * 8; i++)
        bytes[i] = (uint8_t)(words[i / 8] >> (56 - 8 * (i % 8)));
}

size_t dataset_unpack_text(const uint64_t *words, size_t count, char *text, size_t capacity)
{
    size_t n = 0;
    for (char c; n < count * 8 && (c = (char)(words[n / 8] >> (56 - 8 * (n % 8)))); n++)
        if (n + 1 < capacity)
            text[n] = c;
    if (capacity > 0)
        text[n < capacity ? n : capacity - 1] = '\0';
    return n;
}

