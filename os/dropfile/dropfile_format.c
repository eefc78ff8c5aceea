/*
 * dropfile_format.c - the pieces of the dropfile format that every part
 * uses: the table of section types, big-endian buffers and cursors, the
 * XXH3-64 checksum, reports, the canonical sort orders, and resealing (recomputing checksums in place).
 * The format itself is specified in docs/dropfile-format.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "dropfile_internal.h"

const struct section_info dropfile_sections[] = {
    {SEC_IDENTITY, 1, false, "IDENTITY"},
    {SEC_DROP, 1, false, "DROP"},
    {SEC_MACHINE, 1, false, "MACHINE"},
    {SEC_CPU, 1, false, "CPU"},
    {SEC_MEMORY, 1, true, "MEMORY"},
    {SEC_LIMITS, 1, false, "LIMITS"},
    {SEC_DATASETS, 1, true, "DATASETS"},
    {SEC_JOBSTACK, 1, false, "JOBSTACK"},
    {SEC_JOBSYMS, 1, false, "JOBSYMS"},
    {SEC_JOBLOG, 1, true, "JOBLOG"},
    {SEC_PROGSYMS, 1, false, "PROGSYMS"},
    {SEC_HISTORY, 1, false, "HISTORY"},
    {SEC_WALLCLOCK, 1, false, "WALLCLOCK"},
    {SEC_END, 1, false, "END"},
};
const size_t dropfile_section_count = sizeof dropfile_sections / sizeof dropfile_sections[0];

const struct section_info *dropfile_section_info(unsigned type)
{
    for (size_t i = 0; i < dropfile_section_count; i++)
        if (dropfile_sections[i].type == type)
            return &dropfile_sections[i];
    return NULL;
}

const char *dropfile_section_name(unsigned type, char *buf, size_t size)
{
    const struct section_info *info = dropfile_section_info(type);
    if (info)
        return info->name;
    snprintf(buf, size, "type 0x%04x", type);
    return buf;
}

const char *dropfile_status_name(enum dropfile_status status)
{
    switch (status) {
    case DROPFILE_OK: return "ok";
    case DROPFILE_E_IO: return "i/o error";
    case DROPFILE_E_NOMEM: return "out of memory";
    case DROPFILE_E_BAD_MAGIC: return "not a dropfile";
    case DROPFILE_E_TRUNCATED: return "truncated";
    case DROPFILE_E_CHECKSUM: return "checksum mismatch";
    case DROPFILE_E_VERSION: return "unsupported version";
    case DROPFILE_E_OVERSIZED: return "oversized field";
    case DROPFILE_E_MALFORMED: return "malformed";
    case DROPFILE_E_INVALID: return "invalid";
    }
    return "?";
}

/* ---- buffers ------------------------------------------------------------------ */

void dfbuf_free(struct dfbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

bool dfbuf_reserve(struct dfbuf *b, size_t more)
{
    if (b->failed)
        return false;
    if (more <= b->capacity - b->length)
        return true;
    if (more > SIZE_MAX / 2 - b->length) {
        b->failed = true;
        return false;
    }
    size_t want = b->length + more;
    size_t cap = b->capacity ? b->capacity : 256;
    while (cap < want)
        cap *= 2;
    uint8_t *p = dropfile_big_realloc(b->data, b->length, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->capacity = cap;
    return true;
}

void dfbuf_put(struct dfbuf *b, const void *bytes, size_t n)
{
    if (!n || !dfbuf_reserve(b, n))
        return;
    memcpy(b->data + b->length, bytes, n);
    b->length += n;
}

void dfbuf_u8(struct dfbuf *b, uint8_t v) { dfbuf_put(b, &v, 1); }

void dfbuf_u16(struct dfbuf *b, uint16_t v)
{
    uint8_t p[2];
    put_be16(p, v);
    dfbuf_put(b, p, 2);
}

void dfbuf_u32(struct dfbuf *b, uint32_t v)
{
    uint8_t p[4];
    put_be32(p, v);
    dfbuf_put(b, p, 4);
}

void dfbuf_u64(struct dfbuf *b, uint64_t v)
{
    uint8_t p[8];
    put_be64(p, v);
    dfbuf_put(b, p, 8);
}

bool dropfile_utf8_valid(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!len || n - i < len)
            return false;
        for (size_t k = 1; k < len; k++)
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
        uint8_t d = p[i + 1];
        if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) ||
            (c == 0xF4 && d > 0x8F))
            return false;
        i += len;
    }
    return true;
}

void dfbuf_str(struct dfbuf *b, const char *s)
{
    size_t n = strlen(dfstr(s));
    if (!dropfile_utf8_valid((const uint8_t *)dfstr(s), n))
        b->bad_text = true;
    if (n > UINT32_MAX) {
        b->failed = true;
        return;
    }
    dfbuf_u32(b, (uint32_t)n);
    dfbuf_put(b, dfstr(s), n);
}

void dfbuf_blob(struct dfbuf *b, const void *p, uint64_t n)
{
    dfbuf_u64(b, n);
    if (n > SIZE_MAX) {
        b->failed = true;
        return;
    }
    dfbuf_put(b, p, (size_t)n);
}

/* ---- cursors ---------------------------------------------------------------- */

bool dfcur_fail(struct dfcur *c, const char *fmt, ...)
{
    if (!c->why[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->why, sizeof c->why, fmt, ap);
        va_end(ap);
    }
    return false;
}

size_t dfcur_left(const struct dfcur *c) { return c->length - c->pos; }

static bool need(struct dfcur *c, size_t n)
{
    if (c->why[0])
        return false;
    if (dfcur_left(c) < n)
        return dfcur_fail(c, "contents end at byte %zu, %zu more needed", c->length,
                          n - dfcur_left(c));
    return true;
}

bool dfcur_u8(struct dfcur *c, uint8_t *v)
{
    if (!need(c, 1))
        return false;
    *v = c->data[c->pos++];
    return true;
}

bool dfcur_u16(struct dfcur *c, uint16_t *v)
{
    if (!need(c, 2))
        return false;
    *v = get_be16(c->data + c->pos);
    c->pos += 2;
    return true;
}

bool dfcur_u32(struct dfcur *c, uint32_t *v)
{
    if (!need(c, 4))
        return false;
    *v = get_be32(c->data + c->pos);
    c->pos += 4;
    return true;
}

bool dfcur_u64(struct dfcur *c, uint64_t *v)
{
    if (!need(c, 8))
        return false;
    *v = get_be64(c->data + c->pos);
    c->pos += 8;
    return true;
}

bool dfcur_bool(struct dfcur *c, bool *v, const char *what)
{
    uint32_t x;
    if (!dfcur_u32(c, &x))
        return false;
    if (x > 1)
        return dfcur_fail(c, "%s is %u, not 0 or 1", what, x);
    *v = x != 0;
    return true;
}

bool dfcur_str(struct dfcur *c, char **s, const char *what)
{
    uint32_t n;
    size_t at = c->pos;
    if (!dfcur_u32(c, &n))
        return false;
    if (dfcur_left(c) < n)
        return dfcur_fail(c, "%s at byte %zu: length %u runs past the end", what, at, n);
    if (memchr(c->data + c->pos, 0, n))
        return dfcur_fail(c, "%s at byte %zu holds a NUL byte", what, at);
    if (!dropfile_utf8_valid(c->data + c->pos, n))
        return dfcur_fail(c, "%s at byte %zu is not valid UTF-8", what, at);
    char *p = malloc((size_t)n + 1);
    if (!p)
        return dfcur_fail(c, "out of memory");
    memcpy(p, c->data + c->pos, n);
    p[n] = '\0';
    c->pos += n;
    free(*s);
    *s = p;
    return true;
}

bool dfcur_blob(struct dfcur *c, uint8_t **p, uint64_t *n, const char *what)
{
    uint64_t len;
    size_t at = c->pos;
    if (!dfcur_u64(c, &len))
        return false;
    if (len > dfcur_left(c))
        return dfcur_fail(c, "%s at byte %zu: length %llu runs past the end", what, at,
                          (unsigned long long)len);
    uint8_t *q = NULL;
    if (len) {
        q = malloc((size_t)len);
        if (!q)
            return dfcur_fail(c, "out of memory");
        memcpy(q, c->data + c->pos, (size_t)len);
    }
    c->pos += (size_t)len;
    free(*p);
    *p = q;
    *n = len;
    return true;
}

bool dfcur_count(struct dfcur *c, uint32_t *n, size_t min_item, const char *what)
{
    size_t at = c->pos;
    if (!dfcur_u32(c, n))
        return false;
    if (min_item && *n > dfcur_left(c) / min_item)
        return dfcur_fail(c, "%s count %u at byte %zu does not fit in the %zu bytes left", what,
                          *n, at, dfcur_left(c));
    return true;
}

/* ---- checksums ------------------------------------------------------------ */

uint64_t dropfile_hash(const void *bytes, size_t size) { return XXH3_64bits(bytes, size); }

uint64_t dropfile_content_hash(const void *bytes, size_t size)
{
    return XXH3_64bits(bytes, size);
}

/* ---- reports -------------------------------------------------------------------- */

void dropfile_report_clear(struct dropfile_report *r)
{
    if (r)
        memset(r, 0, sizeof *r);
}

int dropfile_fail(struct dropfile_report *r, enum dropfile_status status, uint64_t offset,
                  const char *fmt, ...)
{
    if (r && r->status == DROPFILE_OK) {
        r->status = status;
        r->offset = offset;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->message, sizeof r->message, fmt, ap);
        va_end(ap);
    }
    return (int)status;
}

void dropfile_note(struct dropfile_report *r, const char *fmt, ...)
{
    if (!r)
        return;
    if (r->note_count >= DROPFILE_MAX_NOTES) {
        r->notes_dropped++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->notes[r->note_count++], sizeof r->notes[0], fmt, ap);
    va_end(ap);
}

/* ---- canonical orders ------------------------------------------------------------------ */

int dropfile_cmp_device(const void *a, const void *b)
{
    return strcmp(dfstr(((const struct dropfile_device *)a)->name),
                  dfstr(((const struct dropfile_device *)b)->name));
}

int dropfile_cmp_dataset(const void *a, const void *b)
{
    return strcmp(dfstr(((const struct dropfile_dataset *)a)->name),
                  dfstr(((const struct dropfile_dataset *)b)->name));
}

int dropfile_cmp_pair(const void *a, const void *b)
{
    return strcmp(dfstr(((const struct dropfile_pair *)a)->name),
                  dfstr(((const struct dropfile_pair *)b)->name));
}

int dropfile_cmp_symbol(const void *a, const void *b)
{
    const struct dropfile_symbol *x = a, *y = b;
    int c = strcmp(dfstr(x->name), dfstr(y->name));
    if (c)
        return c;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    if (x->attributes != y->attributes)
        return x->attributes < y->attributes ? -1 : 1;
    return 0;
}

/* ---- resealing -------------------------------------------------------------------------- */

int dropfile_reseal(uint8_t *bytes, size_t size)
{
    if (size < DROPFILE_HEADER_BYTES)
        return -1;
    put_be64(bytes + 16, dropfile_hash(bytes, 16));
    size_t at = DROPFILE_HEADER_BYTES;
    while (at < size) {
        if (size - at < SECTION_HEADER_BYTES + SECTION_CHECKSUM_BYTES)
            return -1;
        unsigned type = get_be16(bytes + at);
        uint64_t length = get_be64(bytes + at + 8);
        if (length > size - at - SECTION_HEADER_BYTES - SECTION_CHECKSUM_BYTES)
            return -1;
        size_t end = at + SECTION_HEADER_BYTES + (size_t)length;
        if (type == SEC_END && length == 8)
            put_be64(bytes + at + SECTION_HEADER_BYTES, dropfile_hash(bytes, at));
        put_be64(bytes + end, dropfile_hash(bytes + at, end - at));
        at = end + SECTION_CHECKSUM_BYTES;
        if (type == SEC_END)
            return at == size ? 0 : -1;
    }
    return -1;
}
