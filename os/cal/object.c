/*
 * object.c - reading, checking and writing C-1 object modules and
 * libraries (see object.h; the byte layout is in docs/object-format.md).
 *
 * Below the whole assembler, beside executable.c; uses binary.c (the byte
 * level) and os/disk/ (the atomic write).
 */
#include "object.h"

#include "binary.h"
#include "os/disk/disk.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_BITS 3u

/* ---- freeing and copying -------------------------------------------------------------- */

void object_module_free(struct object_module *m)
{
    if (!m)
        return;
    free(m->words);
    for (size_t c = 0; c < m->common_count; c++)
        free(m->commons[c].words);
    free(m->commons);
    free(m->externals);
    free(m->symbols);
    free(m->relocs);
    memset(m, 0, sizeof *m);
}

void object_file_free(struct object_file *file)
{
    if (!file)
        return;
    for (size_t i = 0; i < file->module_count; i++)
        object_module_free(&file->modules[i]);
    free(file->modules);
    memset(file, 0, sizeof *file);
}

static void *copy_of(const void *from, size_t count, size_t size)
{
    void *to = malloc(count ? count * size : 1);
    if (to && count)
        memcpy(to, from, count * size);
    return to;
}

int object_module_copy(struct object_module *out, const struct object_module *m)
{
    *out = *m;
    out->words = copy_of(m->words, m->length, sizeof *m->words);
    out->commons = copy_of(m->commons, m->common_count, sizeof *m->commons);
    out->externals = copy_of(m->externals, m->external_count, sizeof *m->externals);
    out->symbols = copy_of(m->symbols, m->symbol_count, sizeof *m->symbols);
    out->relocs = copy_of(m->relocs, m->reloc_count, sizeof *m->relocs);
    bool ok = out->words && out->commons && out->externals && out->symbols && out->relocs;
    for (size_t c = 0; c < m->common_count && out->commons; c++) {
        out->commons[c].words = copy_of(m->commons[c].words, m->commons[c].length, sizeof(uint64_t));
        ok = ok && out->commons[c].words;
    }
    if (!ok) {
        if (!out->commons)
            out->common_count = 0;
        object_module_free(out);
        return -1;
    }
    return 0;
}

int object_file_add(struct object_file *file, struct object_module *m)
{
    if (file->module_count >= OBJECT_MAX_MODULES)
        return -1;
    struct object_module *grown =
        realloc(file->modules, (file->module_count + 1) * sizeof *file->modules);
    if (!grown)
        return -1;
    file->modules = grown;
    file->modules[file->module_count++] = *m;
    memset(m, 0, sizeof *m);
    return 0;
}

/* ---- fields ------------------------------------------------------------------------------- */

uint64_t object_field_first_bit(const struct object_reloc *r)
{
    return (uint64_t)r->word * 64 + 64 - r->shift - r->width;
}

uint64_t object_field_get(const uint64_t *words, uint64_t first_bit, unsigned width)
{
    uint64_t value = 0;
    for (unsigned i = 0; i < width; i++) {
        uint64_t bit = first_bit + i;
        value = value << 1 | (words[bit / 64] >> (63 - bit % 64) & 1);
    }
    return value;
}

void object_field_put(uint64_t *words, uint64_t first_bit, unsigned width, uint64_t value)
{
    for (unsigned i = 0; i < width; i++) {
        uint64_t bit = first_bit + i;
        uint64_t mask = 1ULL << (63 - bit % 64);
        if (value >> (width - 1 - i) & 1)
            words[bit / 64] |= mask;
        else
            words[bit / 64] &= ~mask;
    }
}

/* ---- checking a module ------------------------------------------------------------------ */

static bool power_of_two(uint32_t n) { return n && !(n & (n - 1)); }

/* The length in words of a relocation's place or a symbol's target. */
static int64_t place_length(const struct object_module *m, uint8_t place, uint32_t index)
{
    if (place == OBJ_BLOCK)
        return m->length;
    if (place == OBJ_COMMON && index < m->common_count)
        return m->commons[index].length;
    return -1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* True if two of count items (each stride bytes, a name at its start)
 * have one name, *twice that name; true with *twice NULL when out of
 * memory.  By sorting: a module may have a million of them. */
static bool repeated_name(const void *items, size_t count, size_t stride, const char **twice)
{
    *twice = NULL;
    if (count < 2)
        return false;
    const char **names = malloc(count * sizeof *names);
    if (!names)
        return true;
    for (size_t i = 0; i < count; i++)
        names[i] = (const char *)items + i * stride;
    qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 1; i < count && !*twice; i++)
        if (!strcmp(names[i - 1], names[i]))
            *twice = names[i];
    free(names);
    return *twice != NULL;
}

static int check_symbol(const struct object_module *m, const struct object_symbol *s,
                        char *error, size_t size)
{
    if (s->attribute != 'W' && s->attribute != 'P' && s->attribute != 'V')
        return binary_fail(error, size, "module %s: symbol %s has a bad attribute", m->name, s->name);
    if (s->target == OBJ_ABSOLUTE)
        return s->index == 0 ? 0 : binary_fail(error, size, "module %s: absolute symbol %s has an "
                                        "index", m->name, s->name);
    int64_t length = place_length(m, s->target, s->index);
    if (length < 0 || s->attribute == 'V')
        return binary_fail(error, size, "module %s: symbol %s is relative to no block of the module",
                    m->name, s->name);
    int64_t limit = s->attribute == 'P' ? length * 4 : length;
    if (s->value < 0 || s->value > limit)
        return binary_fail(error, size, "module %s: symbol %s (%lld) is outside its block of %lld "
                    "words", m->name, s->name, (long long)s->value, (long long)length);
    return 0;
}

static int check_reloc(const struct object_module *m, size_t i, char *error, size_t size)
{
    const struct object_reloc *r = &m->relocs[i];
    int64_t length = place_length(m, r->place, r->place_index);
    if (length < 0)
        return binary_fail(error, size, "module %s: relocation %zu is in no block of the module",
                    m->name, i);
    if (r->word >= length)
        return binary_fail(error, size, "module %s: relocation %zu at word %u is outside its block of "
                    "%lld words", m->name, i, r->word, (long long)length);
    if (r->width < 1 || r->width > 64 || r->shift > 63 ||
        (uint64_t)r->word * 64 + 64 - r->shift < r->width)
        return binary_fail(error, size, "module %s: relocation %zu has a bad field (shift %u, width %u)",
                    m->name, i, r->shift, r->width);
    bool external = r->target == OBJ_EXTERNAL;
    if (external ? r->index >= m->external_count
                 : place_length(m, r->target, r->index) < 0)
        return binary_fail(error, size, "module %s: relocation %zu refers to a %s the module lacks",
                    m->name, i, external ? "external" : "block");
    if (external ? r->unit != OBJ_UNIT_VALUE && r->unit != OBJ_UNIT_PARCEL
                 : r->unit != OBJ_UNIT_WORD && r->unit != OBJ_UNIT_PARCEL)
        return binary_fail(error, size, "module %s: relocation %zu has a bad unit", m->name, i);
    return 0;
}

int object_check_module(const struct object_module *m, char *error, size_t size)
{
    if (!m->name[0])
        return binary_fail(error, size, "a module without a name");
    if (m->models == 0 || (m->models & ~MODEL_BITS))
        return binary_fail(error, size, "module %s: bad model bits 0x%x", m->name, m->models);
    if (!power_of_two(m->align) || m->align > 4096)
        return binary_fail(error, size, "module %s: bad alignment %u", m->name, m->align);
    if (m->length > OBJECT_MAX_WORDS)
        return binary_fail(error, size, "module %s: block of %u words is too large", m->name, m->length);
    if (m->start != OBJECT_NO_START && m->start >= (uint64_t)m->length * 4)
        return binary_fail(error, size, "module %s: START parcel %llo is outside the block", m->name,
                    (unsigned long long)m->start);
    if (m->common_count > OBJECT_MAX_ITEMS || m->external_count > OBJECT_MAX_ITEMS ||
        m->symbol_count > OBJECT_MAX_ITEMS || m->reloc_count > OBJECT_MAX_ITEMS)
        return binary_fail(error, size, "module %s: a table is too large", m->name);
    for (size_t c = 0; c < m->common_count; c++) {
        const struct object_common *b = &m->commons[c];
        if (b->length > OBJECT_MAX_WORDS || !power_of_two(b->align) || b->align > 4096)
            return binary_fail(error, size, "module %s: common block /%s/ has a bad length or alignment",
                        m->name, b->name);
    }
    const char *twice;
    if (repeated_name(m->commons, m->common_count, sizeof *m->commons, &twice))
        return twice ? binary_fail(error, size, "module %s: common block /%s/ declared twice", m->name,
                                   twice)
                     : binary_fail(error, size, "out of memory");
    if (repeated_name(m->externals, m->external_count, sizeof *m->externals, &twice))
        return twice ? binary_fail(error, size, "module %s: external %s named twice", m->name, twice)
                     : binary_fail(error, size, "out of memory");
    for (size_t s = 0; s < m->symbol_count; s++)
        if (check_symbol(m, &m->symbols[s], error, size))
            return -1;
    for (size_t i = 0; i < m->reloc_count; i++)
        if (check_reloc(m, i, error, size))
            return -1;
    return 0;
}

/* ---- the directory of a library ---------------------------------------------------------- */

struct dir_entry {
    char name[9];
    uint32_t module;
};

static int compare_entries(const void *x, const void *y)
{
    return strcmp(((const struct dir_entry *)x)->name, ((const struct dir_entry *)y)->name);
}

/* Every entry of every module, sorted by name; a name twice is an error. */
static int directory_of(const struct object_file *file, struct dir_entry **out, size_t *count,
                        char *error, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < file->module_count; i++)
        for (size_t s = 0; s < file->modules[i].symbol_count; s++)
            n += file->modules[i].symbols[s].entry;
    struct dir_entry *dir = calloc(n ? n : 1, sizeof *dir);
    if (!dir)
        return binary_fail(error, size, "out of memory");
    n = 0;
    for (size_t i = 0; i < file->module_count; i++)
        for (size_t s = 0; s < file->modules[i].symbol_count; s++)
            if (file->modules[i].symbols[s].entry) {
                memcpy(dir[n].name, file->modules[i].symbols[s].name, 9);
                dir[n++].module = (uint32_t)i;
            }
    qsort(dir, n, sizeof *dir, compare_entries);
    for (size_t k = 1; k < n; k++)
        if (!strcmp(dir[k - 1].name, dir[k].name)) {
            int status = binary_fail(error, size, "duplicate entry %s in modules %s and %s", dir[k].name,
                              file->modules[dir[k - 1].module].name,
                              file->modules[dir[k].module].name);
            free(dir);
            return status;
        }
    *out = dir;
    *count = n;
    return 0;
}

/* ---- reading ------------------------------------------------------------------------------- */

struct reader {
    const unsigned char *at, *end;
    char *error;
    size_t size;
};

/* The next n items of item_bytes each, or NULL (with a message) if the
 * file is shorter: checked before anything is allocated for them. */
static const unsigned char *take(struct reader *r, uint64_t n, size_t item_bytes, const char *what)
{
    if (n > (uint64_t)(r->end - r->at) / item_bytes) {
        binary_fail(r->error, r->size, "truncated: %s needs %llu bytes more than the file has", what,
             (unsigned long long)(n * item_bytes - (uint64_t)(r->end - r->at)));
        return NULL;
    }
    const unsigned char *p = r->at;
    r->at += n * item_bytes;
    return p;
}

static bool zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static uint64_t *read_words(struct reader *r, uint32_t n, const char *what)
{
    const unsigned char *p = take(r, n, 8, what);
    if (!p)
        return NULL;
    uint64_t *words = malloc(n ? (size_t)n * 8 : 1);
    if (!words) {
        binary_fail(r->error, r->size, "out of memory");
        return NULL;
    }
    for (uint32_t w = 0; w < n; w++)
        words[w] = binary_get64(p + 8 * (size_t)w);
    return words;
}

static int read_commons(struct reader *r, struct object_module *m, uint32_t count)
{
    if (count > OBJECT_MAX_ITEMS || !take(r, 0, 1, "commons"))
        return binary_fail(r->error, r->size, "module %s: %u common blocks", m->name, count);
    m->commons = calloc(count ? count : 1, sizeof *m->commons);
    if (!m->commons)
        return binary_fail(r->error, r->size, "out of memory");
    for (uint32_t c = 0; c < count; c++) {
        const unsigned char *p = take(r, 1, OBJECT_COMMON_BYTES, "a common block");
        if (!p)
            return -1;
        struct object_common *b = &m->commons[c];
        if (!binary_get_name(p, b->name, true) || !zero(p + 16, 8))
            return binary_fail(r->error, r->size, "module %s: common block %u is malformed", m->name, c);
        b->length = binary_get32(p + 8);
        b->align = binary_get32(p + 12);
        if (b->length > OBJECT_MAX_WORDS)
            return binary_fail(r->error, r->size, "module %s: common block /%s/ of %u words is too "
                        "large", m->name, b->name, b->length);
        m->common_count = c + 1;
        if (!(b->words = read_words(r, b->length, "a common block's words")))
            return -1;
    }
    return 0;
}

static int read_tables(struct reader *r, struct object_module *m, uint32_t externals,
                       uint32_t symbols, uint32_t relocs)
{
    const unsigned char *pe = take(r, externals, OBJECT_EXTERNAL_BYTES, "the externals");
    const unsigned char *ps = pe ? take(r, symbols, OBJECT_SYMBOL_BYTES, "the symbols") : NULL;
    const unsigned char *pr = ps ? take(r, relocs, OBJECT_RELOC_BYTES, "the relocations") : NULL;
    if (!pr)
        return -1;
    m->externals = calloc(externals ? externals : 1, sizeof *m->externals);
    m->symbols = calloc(symbols ? symbols : 1, sizeof *m->symbols);
    m->relocs = calloc(relocs ? relocs : 1, sizeof *m->relocs);
    if (!m->externals || !m->symbols || !m->relocs)
        return binary_fail(r->error, r->size, "out of memory");
    for (uint32_t e = 0; e < externals; e++, pe += OBJECT_EXTERNAL_BYTES)
        if (!binary_get_name(pe, m->externals[e], false))
            return binary_fail(r->error, r->size, "module %s: external %u has a bad name", m->name, e);
    m->external_count = externals;
    for (uint32_t i = 0; i < symbols; i++, ps += OBJECT_SYMBOL_BYTES) {
        struct object_symbol *s = &m->symbols[i];
        if (!binary_get_name(ps, s->name, false) || ps[18] > 1 || ps[19] || !zero(ps + 24, 8))
            return binary_fail(r->error, r->size, "module %s: symbol %u is malformed", m->name, i);
        s->value = (int64_t)binary_get64(ps + 8);
        s->target = ps[16];
        s->attribute = ps[17];
        s->entry = ps[18];
        s->index = binary_get32(ps + 20);
        if (s->target > OBJ_COMMON)
            return binary_fail(r->error, r->size, "module %s: symbol %s has a bad target", m->name,
                        s->name);
    }
    m->symbol_count = symbols;
    for (uint32_t i = 0; i < relocs; i++, pr += OBJECT_RELOC_BYTES) {
        struct object_reloc *x = &m->relocs[i];
        x->place = pr[0];
        x->unit = pr[1];
        x->target = pr[2];
        x->shift = pr[3];
        x->width = pr[4];
        x->place_index = binary_get32(pr + 8);
        x->word = binary_get32(pr + 12);
        x->index = binary_get32(pr + 16);
        if (!zero(pr + 5, 3) || !zero(pr + 20, 4) || (x->place != OBJ_BLOCK && x->place != OBJ_COMMON) ||
            x->target < OBJ_BLOCK || x->target > OBJ_EXTERNAL)
            return binary_fail(r->error, r->size, "module %s: relocation %u is malformed", m->name, i);
    }
    m->reloc_count = relocs;
    return 0;
}

static int read_module(struct reader *r, struct object_module *m)
{
    const unsigned char *p = take(r, 1, OBJECT_MODULE_BYTES, "a module header");
    if (!p)
        return -1;
    if (!binary_get_name(p, m->name, false))
        return binary_fail(r->error, r->size, "a module header with a bad name");
    m->models = binary_get32(p + 8);
    m->align = binary_get32(p + 12);
    m->start = binary_get64(p + 16);
    m->length = binary_get32(p + 24);
    uint32_t commons = binary_get32(p + 28), externals = binary_get32(p + 32);
    uint32_t symbols = binary_get32(p + 36), relocs = binary_get32(p + 40);
    if (!zero(p + 44, 20))
        return binary_fail(r->error, r->size, "module %s: reserved bytes are not zero", m->name);
    if (m->length > OBJECT_MAX_WORDS)
        return binary_fail(r->error, r->size, "module %s: block of %u words is too large", m->name,
                    m->length);
    if (externals > OBJECT_MAX_ITEMS || symbols > OBJECT_MAX_ITEMS || relocs > OBJECT_MAX_ITEMS)
        return binary_fail(r->error, r->size, "module %s: a table is too large", m->name);
    if (!(m->words = read_words(r, m->length, "the block's words")))
        return -1;
    if (read_commons(r, m, commons) || read_tables(r, m, externals, symbols, relocs))
        return -1;
    return object_check_module(m, r->error, r->size);
}

bool object_is_object(const unsigned char *bytes, size_t length)
{
    return length >= 8 && !memcmp(bytes, OBJECT_MAGIC, 8);
}

static int check_directory(const struct object_file *file, const unsigned char *p, uint32_t count,
                           char *error, size_t size)
{
    struct dir_entry *dir;
    size_t n;
    if (directory_of(file, &dir, &n, error, size))
        return -1;
    int status = 0;
    if (n != count)
        status = binary_fail(error, size, "the library's directory has %u entries, its modules %zu", count,
                      n);
    for (size_t k = 0; !status && k < n; k++, p += OBJECT_DIRECTORY_BYTES) {
        char name[9];
        if (!binary_get_name(p, name, false) || strcmp(name, dir[k].name) ||
            binary_get32(p + 8) != dir[k].module || !zero(p + 12, 4))
            status = binary_fail(error, size, "the library's directory entry %zu does not match its "
                          "modules (expected %s in %s)", k, dir[k].name,
                          file->modules[dir[k].module].name);
    }
    free(dir);
    return status;
}

int object_parse(const unsigned char *bytes, size_t length, struct object_file *file,
                 char *error, size_t size)
{
    memset(file, 0, sizeof *file);
    if (length < OBJECT_HEADER_BYTES + 8)
        return binary_fail(error, size, "truncated object file: %zu bytes", length);
    if (!object_is_object(bytes, length))
        return binary_fail(error, size, "not a C-1 object module or library (bad magic)");
    if (binary_get64(bytes + length - 8) != binary_checksum(bytes, length - 8))
        return binary_fail(error, size, "checksum mismatch: the object file is damaged");
    uint32_t version = binary_get32(bytes + 8), kind = binary_get32(bytes + 12);
    uint32_t modules = binary_get32(bytes + 16), entries = binary_get32(bytes + 20);
    if (version != OBJECT_VERSION)
        return binary_fail(error, size, "unsupported object format version %u (this reader knows %u)",
                    version, OBJECT_VERSION);
    if (kind != OBJECT_FILE && kind != OBJECT_LIBRARY)
        return binary_fail(error, size, "bad kind %u (1 object, 2 library)", kind);
    if (!zero(bytes + 24, 8))
        return binary_fail(error, size, "reserved header bytes are not zero");
    if (modules > OBJECT_MAX_MODULES)
        return binary_fail(error, size, "%u modules: more than %u", modules, OBJECT_MAX_MODULES);
    if (kind == OBJECT_FILE && entries)
        return binary_fail(error, size, "an object file with a directory");
    struct reader r = {bytes + OBJECT_HEADER_BYTES, bytes + length - 8, error, size};
    const unsigned char *dir = take(&r, entries, OBJECT_DIRECTORY_BYTES, "the directory");
    if (!dir)
        return -1;
    file->kind = kind;
    file->modules = calloc(modules ? modules : 1, sizeof *file->modules);
    if (!file->modules)
        return binary_fail(error, size, "out of memory");
    for (uint32_t i = 0; i < modules; i++) {
        file->module_count = i + 1;
        if (read_module(&r, &file->modules[i])) {
            object_file_free(file);
            return -1;
        }
    }
    if (r.at != r.end) {
        object_file_free(file);
        return binary_fail(error, size, "%zu bytes of garbage after the last module",
                    (size_t)(r.end - r.at));
    }
    if (kind == OBJECT_LIBRARY && check_directory(file, dir, entries, error, size)) {
        object_file_free(file);
        return -1;
    }
    return 0;
}

/* ---- writing --------------------------------------------------------------------------------- */

static size_t module_bytes(const struct object_module *m)
{
    size_t n = OBJECT_MODULE_BYTES + (size_t)m->length * 8 +
               m->external_count * OBJECT_EXTERNAL_BYTES + m->symbol_count * OBJECT_SYMBOL_BYTES +
               m->reloc_count * OBJECT_RELOC_BYTES;
    for (size_t c = 0; c < m->common_count; c++)
        n += OBJECT_COMMON_BYTES + (size_t)m->commons[c].length * 8;
    return n;
}

static unsigned char *put_words(unsigned char *p, const uint64_t *words, uint32_t n)
{
    for (uint32_t w = 0; w < n; w++, p += 8)
        binary_put64(p, words[w]);
    return p;
}

static unsigned char *put_module(unsigned char *p, const struct object_module *m)
{
    binary_put_name(p, m->name);
    binary_put32(p + 8, m->models);
    binary_put32(p + 12, m->align);
    binary_put64(p + 16, m->start);
    binary_put32(p + 24, m->length);
    binary_put32(p + 28, (uint32_t)m->common_count);
    binary_put32(p + 32, (uint32_t)m->external_count);
    binary_put32(p + 36, (uint32_t)m->symbol_count);
    binary_put32(p + 40, (uint32_t)m->reloc_count);
    p = put_words(p + OBJECT_MODULE_BYTES, m->words, m->length);
    for (size_t c = 0; c < m->common_count; c++) {
        const struct object_common *b = &m->commons[c];
        binary_put_name(p, b->name);
        binary_put32(p + 8, b->length);
        binary_put32(p + 12, b->align);
        p = put_words(p + OBJECT_COMMON_BYTES, b->words, b->length);
    }
    for (size_t e = 0; e < m->external_count; e++, p += OBJECT_EXTERNAL_BYTES)
        binary_put_name(p, m->externals[e]);
    for (size_t i = 0; i < m->symbol_count; i++, p += OBJECT_SYMBOL_BYTES) {
        const struct object_symbol *s = &m->symbols[i];
        binary_put_name(p, s->name);
        binary_put64(p + 8, (uint64_t)s->value);
        p[16] = s->target;
        p[17] = s->attribute;
        p[18] = s->entry ? 1 : 0;
        binary_put32(p + 20, s->index);
    }
    for (size_t i = 0; i < m->reloc_count; i++, p += OBJECT_RELOC_BYTES) {
        const struct object_reloc *x = &m->relocs[i];
        p[0] = x->place;
        p[1] = x->unit;
        p[2] = x->target;
        p[3] = x->shift;
        p[4] = x->width;
        binary_put32(p + 8, x->place_index);
        binary_put32(p + 12, x->word);
        binary_put32(p + 16, x->index);
    }
    return p;
}

int object_serialize(const struct object_file *file, unsigned char **bytes, size_t *length,
                     char *error, size_t size)
{
    *bytes = NULL;
    *length = 0;
    if (file->module_count > OBJECT_MAX_MODULES)
        return binary_fail(error, size, "more than %u modules", OBJECT_MAX_MODULES);
    size_t n = OBJECT_HEADER_BYTES + 8;
    for (size_t i = 0; i < file->module_count; i++) {
        if (object_check_module(&file->modules[i], error, size))
            return -1;
        n += module_bytes(&file->modules[i]);
    }
    struct dir_entry *dir = NULL;
    size_t entries = 0;
    if (file->kind == OBJECT_LIBRARY && directory_of(file, &dir, &entries, error, size))
        return -1;
    n += entries * OBJECT_DIRECTORY_BYTES;
    unsigned char *out = calloc(n, 1);
    if (!out) {
        free(dir);
        return binary_fail(error, size, "out of memory");
    }
    memcpy(out, OBJECT_MAGIC, 8);
    binary_put32(out + 8, OBJECT_VERSION);
    binary_put32(out + 12, file->kind == OBJECT_LIBRARY ? OBJECT_LIBRARY : OBJECT_FILE);
    binary_put32(out + 16, (uint32_t)file->module_count);
    binary_put32(out + 20, (uint32_t)entries);
    unsigned char *p = out + OBJECT_HEADER_BYTES;
    for (size_t k = 0; k < entries; k++, p += OBJECT_DIRECTORY_BYTES) {
        binary_put_name(p, dir[k].name);
        binary_put32(p + 8, dir[k].module);
    }
    free(dir);
    for (size_t i = 0; i < file->module_count; i++)
        p = put_module(p, &file->modules[i]);
    binary_put64(p, binary_checksum(out, n - 8));
    *bytes = out;
    *length = n;
    return 0;
}

int object_write_file(const struct object_file *file, const char *path, char *error,
                      size_t size)
{
    unsigned char *bytes;
    size_t length;
    char why[256];
    if (object_serialize(file, &bytes, &length, why, sizeof why))
        return binary_fail(error, size, "%s: %s", path, why);
    int status = disk_write_atomic(NULL, path, bytes, length, 0644);
    int saved = errno;
    free(bytes);
    if (status)
        return binary_fail(error, size, "%s: %s", path, strerror(saved));
    return 0;
}
