/*
 * dropfile_read.c - reading and checking a dropfile.
 *
 * Two passes.  The first follows the framing: magic, header checksum,
 * format version, then every section's header, length and checksum, the
 * order of types, and the END section with the file checksum; damage of
 * any kind stops it with a checksum or truncation error that names the
 * section and the offset.  Only a file whose every checksum holds reaches
 * the second pass, which decompresses and decodes each known section and
 * checks every field and the rules between sections (malformed contents:
 * a writer's bug or a crafted file).  Unknown sections are kept and noted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dropfile_fields.h"
#include "dropfile_internal.h"
#include "emu/isa.h"

/* The section size limit a read works to (see struct dropfile_report). */
static uint64_t section_limit(const struct dropfile_report *r)
{
    return r && r->section_limit ? r->section_limit : DROPFILE_SECTION_LIMIT;
}

#define MEMORY_SECTION_MAX ((uint64_t)DROPFILE_MAX_FIELD_WORDS * 8)

/* ---- section contents ------------------------------------------------------------ */

static bool get_cpu(struct dfcur *c, struct dropfile *df)
{
    const struct dropfile_cpu *x = &df->cpu;
    if (!dropfile_get_fields(c, df, DFG_TOP, SEC_CPU))
        return false;
    if (x->limit < x->base || x->ibase < x->base || x->ilimit < x->ibase || x->ilimit > x->limit)
        return dfcur_fail(c, "fields base %u limit %u, instructions %u..%u are not nested",
                          x->base, x->limit, x->ibase, x->ilimit);
    if (!x->has_shared && x->semaphores)
        return dfcur_fail(c, "semaphores without shared registers");
    return true;
}

static bool get_datasets(struct dfcur *c, struct dropfile *df)
{
    uint32_t n;
    if (!dfcur_count(c, &n, 48, "dataset"))
        return false;
    df->datasets = calloc(n ? n : 1, sizeof *df->datasets);
    if (!df->datasets)
        return dfcur_fail(c, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        struct dropfile_dataset *d = &df->datasets[i];
        df->dataset_count = i + 1;
        if (!dropfile_get_fields(c, d, DFG_DATASET, SEC_DATASETS))
            return false;
        if (d->kind > DATASET_KIND_MAX)
            return dfcur_fail(c, "dataset %s has unknown kind %u", d->name, d->kind);
        if (d->mode & ~DATASET_MODE_MASK)
            return dfcur_fail(c, "dataset %s has unknown open mode %u", d->name, d->mode);
        if (i && dropfile_cmp_dataset(&df->datasets[i - 1], d) >= 0)
            return dfcur_fail(c, "dataset %s is out of order or repeated", d->name);
    }
    return true;
}

static bool get_jobstack(struct dfcur *c, struct dropfile *df)
{
    uint32_t n, m;
    if (!dfcur_count(c, &n, 4, "statement"))
        return false;
    df->job_stack.statements = calloc(n ? n : 1, sizeof(char *));
    if (!df->job_stack.statements)
        return dfcur_fail(c, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        df->job_stack.count = i + 1;
        if (!dfcur_str(c, &df->job_stack.statements[i], "statement"))
            return false;
    }
    dropfile_get_fields(c, df, DFG_TOP, SEC_JOBSTACK);
    if (!dfcur_count(c, &m, 8, "nesting value"))
        return false;
    df->job_stack.nesting = calloc(m ? m : 1, sizeof(int64_t));
    if (!df->job_stack.nesting)
        return dfcur_fail(c, "out of memory");
    df->job_stack.nesting_count = m;
    for (uint32_t i = 0; i < m; i++) {
        uint64_t v = 0;
        dfcur_u64(c, &v);
        df->job_stack.nesting[i] = (int64_t)v;
    }
    if (!c->why[0] && df->job_stack.current > n)
        return dfcur_fail(c, "current statement %u is past the %u statements",
                          df->job_stack.current, n);
    return !c->why[0];
}

static bool get_pairs(struct dfcur *c, struct dropfile *df)
{
    uint32_t n;
    if (!dfcur_count(c, &n, 8, "job symbol"))
        return false;
    df->job_symbols = calloc(n ? n : 1, sizeof *df->job_symbols);
    if (!df->job_symbols)
        return dfcur_fail(c, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        struct dropfile_pair *p = &df->job_symbols[i];
        df->job_symbol_count = i + 1;
        if (!dropfile_get_fields(c, p, DFG_JOBSYM, SEC_JOBSYMS))
            return false;
        if (i && dropfile_cmp_pair(&df->job_symbols[i - 1], p) >= 0)
            return dfcur_fail(c, "job symbol %s is out of order or repeated", p->name);
    }
    return true;
}

static bool get_symbols(struct dfcur *c, struct dropfile *df)
{
    uint32_t n;
    if (!dfcur_count(c, &n, 16, "program symbol"))
        return false;
    df->symbols = calloc(n ? n : 1, sizeof *df->symbols);
    if (!df->symbols)
        return dfcur_fail(c, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        struct dropfile_symbol *s = &df->symbols[i];
        df->symbol_count = i + 1;
        if (!dropfile_get_fields(c, s, DFG_PROGSYM, SEC_PROGSYMS))
            return false;
        if (i && dropfile_cmp_symbol(&df->symbols[i - 1], s) > 0)
            return dfcur_fail(c, "program symbol %s is out of order", s->name);
    }
    return true;
}

static bool get_history(struct dfcur *c, struct dropfile *df)
{
    uint32_t n;
    if (!dfcur_count(c, &n, 28, "history entry"))
        return false;
    df->history = calloc(n ? n : 1, sizeof *df->history);
    if (!df->history)
        return dfcur_fail(c, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        struct dropfile_history *h = &df->history[i];
        df->history_count = i + 1;
        if (!dropfile_get_fields(c, h, DFG_HISTORY, SEC_HISTORY))
            return false;
        if (h->event < 1 || h->event > DROP_EVENT_MAX)
            return dfcur_fail(c, "history entry %u has unknown event %u", i, h->event);
    }
    return true;
}

int dropfile_parse_section(struct dropfile *df, unsigned type, const uint8_t *p, size_t n,
                           char *why, size_t why_size, enum dropfile_status *status)
{
    struct dfcur c = {p, n, 0, ""};
    *status = DROPFILE_E_MALFORMED;
    switch (type) {
    case SEC_IDENTITY:
        dropfile_get_fields(&c, df, DFG_TOP, type);
        break;
    case SEC_DROP:
        dropfile_get_fields(&c, df, DFG_TOP, type);
        if (!c.why[0] && (df->drop.reason < 1 || df->drop.reason > DROP_REASON_MAX))
            dfcur_fail(&c, "unknown drop reason %u", df->drop.reason);
        break;
    case SEC_MACHINE:
        if (!dropfile_get_fields(&c, df, DFG_TOP, type))
            break;
        if (df->machine.model != MODEL_CRAY1 && df->machine.model != MODEL_XMP) {
            dfcur_fail(&c, "unknown model %u", df->machine.model);
        } else if (df->machine.field_words > DROPFILE_MAX_FIELD_WORDS) {
            *status = DROPFILE_E_OVERSIZED;
            snprintf(why, why_size,
                     "oversized field: %u words, more than the %u words of the largest memory",
                     df->machine.field_words, DROPFILE_MAX_FIELD_WORDS);
            return (int)*status;
        }
        break;
    case SEC_CPU:
        get_cpu(&c, df);
        break;
    case SEC_MEMORY:   /* uncompressed (compressed ones go straight to the words) */
        if (n != (size_t)df->machine.field_words * 8) {
            dfcur_fail(&c, "holds %zu bytes, the field of %u words needs %llu", n,
                       df->machine.field_words, (unsigned long long)df->machine.field_words * 8);
            break;
        }
        df->memory = malloc(n ? n : 1);
        if (!df->memory) {
            *status = DROPFILE_E_NOMEM;
            snprintf(why, why_size, "out of memory for %zu bytes", n);
            return (int)*status;
        }
        for (size_t i = 0; i < n / 8; i++)
            df->memory[i] = get_be64(p + i * 8);
        c.pos = n;
        break;
    case SEC_LIMITS: {
        uint32_t count;
        if (!dropfile_get_fields(&c, df, DFG_TOP, type) || !dfcur_count(&c, &count, 8, "device"))
            break;
        df->devices = calloc(count ? count : 1, sizeof *df->devices);
        if (!df->devices) {
            dfcur_fail(&c, "out of memory");
            break;
        }
        for (uint32_t i = 0; i < count && !c.why[0]; i++) {
            df->device_count = i + 1;
            if (dropfile_get_fields(&c, &df->devices[i], DFG_DEVICE, type) && i && dropfile_cmp_device(&df->devices[i - 1], &df->devices[i]) >= 0)
                dfcur_fail(&c, "device %s is out of order or repeated", df->devices[i].name);
        }
        break;
    }
    case SEC_DATASETS:
        get_datasets(&c, df);
        break;
    case SEC_JOBSTACK:
        get_jobstack(&c, df);
        break;
    case SEC_JOBSYMS:
        get_pairs(&c, df);
        break;
    case SEC_JOBLOG:
        if (memchr(p, 0, n) || !dropfile_utf8_valid(p, n)) {
            dfcur_fail(&c, "the log holds a NUL byte or is not valid UTF-8");
            break;
        }
        df->job_log = malloc(n + 1);
        if (!df->job_log) {
            dfcur_fail(&c, "out of memory");
            break;
        }
        memcpy(df->job_log, p, n);
        df->job_log[n] = '\0';
        c.pos = n;
        break;
    case SEC_PROGSYMS:
        get_symbols(&c, df);
        break;
    case SEC_HISTORY:
        get_history(&c, df);
        break;
    case SEC_WALLCLOCK: {
        uint32_t count;
        if (!dropfile_get_fields(&c, df, DFG_TOP, type) || !dfcur_count(&c, &count, 8, "wall time"))
            break;
        if (count != df->history_count) {
            dfcur_fail(&c, "%u wall times for %zu history entries", count, df->history_count);
            break;
        }
        for (uint32_t i = 0; i < count; i++)
            dropfile_get_fields(&c, &df->history[i], DFG_HISTORY, type);
        break;
    }
    default:
        dfcur_fail(&c, "no decoder");
    }
    if (!c.why[0] && c.pos != c.length)
        dfcur_fail(&c, "%zu bytes left over after the contents", c.length - c.pos);
    if (c.why[0]) {
        snprintf(why, why_size, "%s", c.why);
        return (int)*status;
    }
    *status = DROPFILE_OK;
    return 0;
}

/* ---- the framing --------------------------------------------------------------------- */

struct located {
    unsigned type, version;
    uint32_t flags;
    size_t at;                 /* offset of the section header */
    const uint8_t *payload;
    size_t length;
};

static int check_header(const uint8_t *b, size_t size, struct dropfile_report *r)
{
    size_t head = size < 8 ? size : 8;
    if (memcmp(b, DROPFILE_MAGIC, head))
        return dropfile_fail(r, DROPFILE_E_BAD_MAGIC, 0,
                             "bad magic: not a C-1 dropfile (it does not start with \\x89C1DROP\\n)");
    if (size < DROPFILE_HEADER_BYTES)
        return dropfile_fail(r, DROPFILE_E_TRUNCATED, size,
                             "truncated at offset %zu: the header needs %u bytes", size,
                             DROPFILE_HEADER_BYTES);
    if (get_be64(b + 16) != dropfile_hash(b, 16))
        return dropfile_fail(r, DROPFILE_E_CHECKSUM, 0,
                             "checksum mismatch in the header (offset 0): damaged");
    uint32_t version = get_be32(b + 8), flags = get_be32(b + 12);
    if (version != DROPFILE_FORMAT_VERSION)
        return dropfile_fail(r, DROPFILE_E_VERSION, 8,
                             "unknown format version %u (this reader knows version %u)", version,
                             DROPFILE_FORMAT_VERSION);
    if (flags)
        return dropfile_fail(r, DROPFILE_E_VERSION, 12,
                             "unknown header flags 0x%08x (format version %u has none)", flags,
                             version);
    return 0;
}

/* Pass one.  Fills sections[] (capacity: one per 24 bytes at most). */
static int walk(const uint8_t *b, size_t size, struct located *sections, size_t *count,
                struct dropfile_report *r)
{
    char name[32];
    size_t at = DROPFILE_HEADER_BYTES, n = 0;
    long previous = -1;
    for (;;) {
        if (at == size)
            return dropfile_fail(r, DROPFILE_E_TRUNCATED, size,
                                 "truncated at offset %zu: the file ends before its END section",
                                 size);
        if (size - at < SECTION_HEADER_BYTES)
            return dropfile_fail(r, DROPFILE_E_TRUNCATED, size,
                                 "truncated at offset %zu: inside the header of the section at "
                                 "offset %zu", size, at);
        unsigned type = get_be16(b + at), version = get_be16(b + at + 2);
        uint32_t flags = get_be32(b + at + 4);
        uint64_t length = get_be64(b + at + 8);
        const char *sname = dropfile_section_name(type, name, sizeof name);
        size_t room = size - at - SECTION_HEADER_BYTES;
        if (length > room || room - length < SECTION_CHECKSUM_BYTES)
            return dropfile_fail(r, DROPFILE_E_TRUNCATED, size,
                                 "truncated at offset %zu: section %s at offset %zu declares "
                                 "%llu bytes and a checksum", size, sname, at,
                                 (unsigned long long)length);
        size_t end = at + SECTION_HEADER_BYTES + (size_t)length;
        if (get_be64(b + end) != dropfile_hash(b + at, end - at))
            return dropfile_fail(r, DROPFILE_E_CHECKSUM, at,
                                 "checksum mismatch in section %s at offset %zu: damaged", sname,
                                 at);
        if (type == SEC_END) {
            if (version != 1 || flags || length != 8)
                return dropfile_fail(r, DROPFILE_E_MALFORMED, at,
                                     "section END at offset %zu: version %u, flags 0x%x, length "
                                     "%llu; expected 1, 0, 8", at, version, flags,
                                     (unsigned long long)length);
            if (get_be64(b + at + SECTION_HEADER_BYTES) != dropfile_hash(b, at))
                return dropfile_fail(r, DROPFILE_E_CHECKSUM, at,
                                     "checksum mismatch of the whole file (END section at "
                                     "offset %zu): damaged", at);
            size_t after = end + SECTION_CHECKSUM_BYTES;
            if (after != size)
                return dropfile_fail(r, DROPFILE_E_MALFORMED, after,
                                     "%zu bytes after the END section, at offset %zu",
                                     size - after, after);
            *count = n;
            return 0;
        }
        if ((long)type <= previous)
            return dropfile_fail(r, DROPFILE_E_MALFORMED, at,
                                 "section %s at offset %zu is out of order (type 0x%04x after "
                                 "0x%04lx)", sname, at, type, (unsigned long)previous);
        if (flags & ~SECF_KNOWN)
            return dropfile_fail(r, DROPFILE_E_MALFORMED, at,
                                 "section %s at offset %zu has unknown flags 0x%08x", sname, at,
                                 flags);
        previous = type;
        sections[n++] = (struct located){type, version, flags, at,
                                         b + at + SECTION_HEADER_BYTES, (size_t)length};
        at = end + SECTION_CHECKSUM_BYTES;
    }
}

static int keep_unknown(struct dropfile *df, const struct located *s)
{
    struct dropfile_unknown *u = realloc(df->unknown, (df->unknown_count + 1) * sizeof *u);
    if (!u)
        return DROPFILE_E_NOMEM;
    df->unknown = u;
    u += df->unknown_count;
    memset(u, 0, sizeof *u);
    u->type = (uint16_t)s->type;
    u->version = (uint16_t)s->version;
    u->flags = s->flags;
    u->size = s->length;
    if (s->length) {
        u->payload = malloc(s->length);
        if (!u->payload)
            return DROPFILE_E_NOMEM;
        memcpy(u->payload, s->payload, s->length);
    }
    df->unknown_count++;
    return 0;
}

/* A compressed MEMORY section, decompressed straight into the words. */
static int decode_memory(struct dropfile *df, const struct located *s, struct dropfile_report *r)
{
    char why[200];
    uint64_t length, want = (uint64_t)df->machine.field_words * 8;
    if (dropfile_compressed_length(s->payload, s->length, &length))
        return dropfile_fail(r, DROPFILE_E_MALFORMED, s->at,
                             "malformed section MEMORY at offset %zu: too short", s->at);
    if (length > (uint64_t)DROPFILE_MAX_FIELD_WORDS * 8)
        return dropfile_fail(r, DROPFILE_E_OVERSIZED, s->at,
                             "oversized field: section MEMORY at offset %zu holds %llu bytes, "
                             "more than the %u words of the largest memory", s->at,
                             (unsigned long long)length, DROPFILE_MAX_FIELD_WORDS);
    if (length != want)
        return dropfile_fail(r, DROPFILE_E_MALFORMED, s->at,
                             "malformed section MEMORY at offset %zu: holds %llu bytes, the "
                             "field of %u words needs %llu", s->at, (unsigned long long)length,
                             df->machine.field_words, (unsigned long long)want);
    if (length > section_limit(r))
        return dropfile_fail(r, DROPFILE_E_OVERSIZED, s->at,
                             "section MEMORY at offset %zu is larger than the %llu bytes allowed",
                             s->at, (unsigned long long)section_limit(r));
    if (length / 32768 > s->length)
        return dropfile_fail(r, DROPFILE_E_MALFORMED, s->at,
                             "malformed section MEMORY at offset %zu: %llu bytes cannot come "
                             "from %zu compressed bytes", s->at, (unsigned long long)length,
                             s->length);
    df->memory = dropfile_big_alloc((size_t)length);
    if (!df->memory)
        return dropfile_fail(r, DROPFILE_E_NOMEM, s->at, "out of memory for the field");
    int status = dropfile_decompress_words(s->payload, s->length, df->memory, why, sizeof why);
    if (status)
        return dropfile_fail(r, status, s->at, "malformed section MEMORY at offset %zu: %s",
                             s->at, why);
    return 0;
}

/* Pass two, for one section. */
static int decode_section(struct dropfile *df, const struct located *s, struct dropfile_report *r)
{
    char name[32], why[200];
    const char *sname = dropfile_section_name(s->type, name, sizeof name);
    const struct section_info *info = dropfile_section_info(s->type);
    if (!info) {
        if (s->flags & SECF_REQUIRED)
            return dropfile_fail(r, DROPFILE_E_VERSION, s->at,
                                 "unknown section %s at offset %zu is marked required: this "
                                 "reader cannot use the file", sname, s->at);
        dropfile_note(r, "unknown section %s (version %u, %zu bytes) at offset %zu: skipped", sname,
                      s->version, s->length, s->at);
        return keep_unknown(df, s) ? dropfile_fail(r, DROPFILE_E_NOMEM, s->at, "out of memory")
                                   : 0;
    }
    if (s->version != info->version)
        return dropfile_fail(r, DROPFILE_E_VERSION, s->at,
                             "section %s at offset %zu has version %u (this reader knows "
                             "version %u)", sname, s->at, s->version, info->version);
    const uint8_t *p = s->payload;
    size_t n = s->length;
    uint8_t *plain = NULL;
    if (s->type == SEC_MEMORY && (s->flags & SECF_COMPRESSED))
        return decode_memory(df, s, r);
    if (s->flags & SECF_COMPRESSED) {
        uint64_t limit = s->type == SEC_MEMORY ? MEMORY_SECTION_MAX : DROPFILE_MAX_SECTION_BYTES;
        if (limit > section_limit(r))
            limit = section_limit(r);
        int status = dropfile_decompress(p, n, limit, &plain, &n, why, sizeof why);
        if (status == DROPFILE_E_OVERSIZED && s->type == SEC_MEMORY)
            return dropfile_fail(r, status, s->at, "oversized field: section MEMORY at offset "
                                 "%zu %s", s->at, why);
        if (status)
            return dropfile_fail(r, status, s->at, "malformed section %s at offset %zu: %s",
                                 sname, s->at, why);
        p = plain;
    } else if (n > section_limit(r)) {
        return dropfile_fail(r, DROPFILE_E_OVERSIZED, s->at,
                             "section %s at offset %zu is larger than the %llu bytes allowed",
                             sname, s->at, (unsigned long long)section_limit(r));
    }
    enum dropfile_status status;
    dropfile_parse_section(df, s->type, p, n, why, sizeof why, &status);
    free(plain);
    if (status == DROPFILE_E_OVERSIZED)
        return dropfile_fail(r, status, s->at, "%s (section %s at offset %zu)", why, sname, s->at);
    if (status)
        return dropfile_fail(r, status, s->at, "malformed section %s at offset %zu: %s", sname,
                             s->at, why);
    return 0;
}

/* Rules between sections. */
static int cross_check(const struct dropfile *df, struct dropfile_report *r)
{
    const struct dropfile_cpu *c = &df->cpu;
    if (c->limit - c->base != df->machine.field_words)
        return dropfile_fail(r, DROPFILE_E_MALFORMED, 0,
                             "malformed: the CPU field (base %u, limit %u) is not the %u words "
                             "of MACHINE", c->base, c->limit, df->machine.field_words);
    return 0;
}

int dropfile_decode(const uint8_t *bytes, size_t size, struct dropfile *df,
                    struct dropfile_report *r)
{
    return dropfile_decode_limited(bytes, size, df, r, DROPFILE_SECTION_LIMIT);
}

int dropfile_decode_limited(const uint8_t *bytes, size_t size, struct dropfile *df,
                            struct dropfile_report *report, uint64_t limit)
{
    struct dropfile_report local;
    struct dropfile_report *r = report ? report : &local;
    dropfile_init(df);
    dropfile_report_clear(r);
    r->section_limit = limit;
    int status = check_header(bytes, size, r);
    if (status)
        return status;
    size_t capacity = size / (SECTION_HEADER_BYTES + SECTION_CHECKSUM_BYTES) + 1, count = 0;
    struct located *sections = malloc(capacity * sizeof *sections);
    if (!sections)
        return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
    status = walk(bytes, size, sections, &count, r);
    /* Every known section must be there (once: walk() keeps types ascending). */
    for (size_t k = 0, i = 0; !status && k < dropfile_section_count; k++) {
        unsigned type = dropfile_sections[k].type;
        if (type == SEC_END)
            break;
        while (i < count && sections[i].type < type)
            i++;
        if (i == count || sections[i].type != type)
            status = dropfile_fail(r, DROPFILE_E_MALFORMED, 0,
                                   "malformed: section %s is missing", dropfile_sections[k].name);
    }
    for (size_t i = 0; !status && i < count; i++)
        status = decode_section(df, &sections[i], r);
    free(sections);
    if (!status)
        status = cross_check(df, r);
    if (!status)
        status = dropfile_check_rules(df, r);
    if (status) {
        dropfile_free(df);
        if (r && r->status == DROPFILE_OK)
            r->status = (enum dropfile_status)status;
    }
    return status;
}

int dropfile_load_bytes(const char *path, uint8_t **bytes, size_t *size, struct dropfile_report *r)
{
    *bytes = NULL;
    *size = 0;
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return dropfile_fail(r, DROPFILE_E_IO, 0, "cannot open: %s", strerror(e));
    }
    /* One byte more than its size: its end is seen without growing. */
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
    uint8_t *buf = dropfile_big_alloc(cap);
    while (buf) {
        if (n == cap) {
            uint8_t *more = cap < SIZE_MAX / 2 ? dropfile_big_realloc(buf, n, cap * 2) : NULL;
            if (!more) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = more;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return dropfile_fail(r, DROPFILE_E_IO, n, "cannot read: %s", strerror(e));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (!buf)
        return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
    *bytes = buf;
    *size = n;
    return 0;
}

int dropfile_read_file(const char *path, struct dropfile *df, struct dropfile_report *r)
{
    uint8_t *bytes;
    size_t size;
    dropfile_init(df);
    dropfile_report_clear(r);
    int status = dropfile_load_bytes(path, &bytes, &size, r);
    if (status)
        return status;
    status = dropfile_decode(bytes, size, df, r);
    free(bytes);
    return status;
}

int dropfile_verify_bytes(const uint8_t *bytes, size_t size, struct dropfile *out,
                          struct dropfile_report *r)
{
    struct dropfile df;
    int status = dropfile_decode(bytes, size, &df, r);
    if (status) {
        if (out)
            dropfile_init(out);
        return status;
    }
    uint8_t *again;
    size_t n;
    struct dropfile_report scratch;
    dropfile_report_clear(&scratch);
    if (!dropfile_encode(&df, &again, &n, &scratch)) {
        if (n != size || memcmp(again, bytes, n))
            dropfile_note(r, "not in canonical form: re-encoding gives other bytes (written by "
                             "another writer or another libzstd); the state is sound");
        free(again);
    }
    if (out)
        *out = df;
    else
        dropfile_free(&df);
    return 0;
}
