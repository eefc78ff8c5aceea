/*
 * dropfile_pack.c - rebuild a dropfile state from the JSON that
 * dropfile_print_json() writes (`dropfile pack`).  Every field is required,
 * every unknown field is an error, and every value is range-checked, so
 * that a person editing the JSON gets a message naming the field
 * ("cpu.b[3]: not an octal string"), and pack of dump gives the identical
 * file.  The decoded registers of "cpu" (p, a, s, vl, flags, xa) must agree
 * with the exchange package, which is what is kept.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "emu/cpu.h"
#include "dropfile_fields.h"
#include "dropfile_internal.h"
#include "os/rules/names.h"
#include "emu/exchange.h"
#include "emu/isa.h"

struct pack {
    struct dropfile *df;
    char error[400];
};

static bool fail(struct pack *k, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(struct pack *k, const char *path, const char *fmt, ...)
{
    if (!k->error[0]) {
        int n = snprintf(k->error, sizeof k->error, "%s: ", path);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(k->error + n, sizeof k->error - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Path of a member or an element, into buf. */
static const char *at(char *buf, size_t size, const char *path, const char *key)
{
    if (snprintf(buf, size, "%s%s%s", path, path[0] ? "." : "", key) < 0)
        buf[0] = '\0';
    return buf;
}

static const char *at_index(char *buf, size_t size, const char *path, size_t i)
{
    if (snprintf(buf, size, "%s[%zu]", path, i) < 0)
        buf[0] = '\0';
    return buf;
}

/* An object with exactly these keys (NULL-terminated). */
static bool object(struct pack *k, json_t *j, const char *path, const char *const *keys)
{
    if (!json_is_object(j))
        return fail(k, path, "not an object");
    const char *key;
    json_t *value;
    json_object_foreach(j, key, value) {
        bool known = false;
        for (const char *const *p = keys; *p && !known; p++)
            known = !strcmp(*p, key);
        if (!known)
            return fail(k, path, "unknown field \"%s\"", key);
    }
    for (const char *const *p = keys; *p; p++)
        if (!json_object_get(j, *p))
            return fail(k, path, "missing field \"%s\"", *p);
    return true;
}

static bool array(struct pack *k, json_t *j, const char *path, size_t want)
{
    if (!json_is_array(j))
        return fail(k, path, "not an array");
    if (want != SIZE_MAX && json_array_size(j) != want)
        return fail(k, path, "has %zu elements, not %zu", json_array_size(j), want);
    return true;
}

static bool u64(struct pack *k, json_t *j, const char *path, uint64_t max, uint64_t *v)
{
    if (json_is_integer(j)) {
        json_int_t x = json_integer_value(j);
        if (x < 0 || (uint64_t)x > max)
            return fail(k, path, "%lld is out of range 0..%" PRIu64, (long long)x, max);
        *v = (uint64_t)x;
        return true;
    }
    if (json_is_string(j)) {
        const char *s = json_string_value(j);
        char *end;
        errno = 0;
        unsigned long long x = strtoull(s, &end, 10);
        if (s[0] >= '0' && s[0] <= '9' && !*end && !errno && x <= max) {
            *v = x;
            return true;
        }
    }
    return fail(k, path, "not an integer in range 0..%" PRIu64, max);
}

static bool u32(struct pack *k, json_t *j, const char *path, uint32_t *v)
{
    uint64_t x;
    if (!u64(k, j, path, UINT32_MAX, &x))
        return false;
    *v = (uint32_t)x;
    return true;
}

static bool i64(struct pack *k, json_t *j, const char *path, int64_t *v)
{
    if (!json_is_integer(j))
        return fail(k, path, "not an integer");
    *v = json_integer_value(j);
    return true;
}

static bool octal(struct pack *k, json_t *j, const char *path, uint64_t max, uint64_t *v)
{
    const char *s = json_string_value(j);
    size_t n = s ? strlen(s) : 0;
    if (!s || !n || n > 22 || strspn(s, "01234567") != n || (n == 22 && s[0] > '1'))
        return fail(k, path, "not an octal string");
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = x << 3 | (uint64_t)(s[i] - '0');
    if (x > max)
        return fail(k, path, "%s is larger than %" PRIo64 " (octal)", s, max);
    *v = x;
    return true;
}

static bool text(struct pack *k, json_t *j, const char *path, char **out)
{
    if (!json_is_string(j))
        return fail(k, path, "not a string");
    size_t n = json_string_length(j);
    const char *s = json_string_value(j);
    if (memchr(s, 0, n))
        return fail(k, path, "holds a NUL character");
    if (dropfile_set_string(out, s))
        return fail(k, path, "out of memory");
    return true;
}

static bool boolean(struct pack *k, json_t *j, const char *path, bool *v)
{
    if (!json_is_boolean(j))
        return fail(k, path, "not true or false");
    *v = json_is_true(j);
    return true;
}

static bool blob(struct pack *k, json_t *j, const char *path, uint8_t **p, uint64_t *n)
{
    size_t got;
    if (!json_is_string(j) ||
        dropfile_base64_decode(json_string_value(j), json_string_length(j), p, &got))
        return fail(k, path, "not base64");
    *n = got;
    if (!got) {
        free(*p);
        *p = NULL;
    }
    return true;
}

#define GET(obj, key) json_object_get(obj, key)

static bool is_xp(const struct dropfile_field *f) { return f->type >= DFT_XP_P; }

/* ---- fields, from the table ------------------------------------------------------- */

static bool in_object(const struct dropfile_field *f, unsigned group, unsigned section)
{
    return f->group == group && (group != DFG_TOP || f->section == section) &&
           !(f->flags & DFF_NOJSON);
}

/* The keys of an object: extra (NULL-terminated, may be NULL), then the
 * table's fields of group (of section, for TOP; of cond's sub-object when
 * sub), each cond's key once. */
static const char *const *keys_of(const char **keys, size_t max, const char *const *extra,
                                  unsigned group, unsigned section, unsigned sub)
{
    size_t n = 0;
    for (; extra && *extra && n + 1 < max; extra++)
        keys[n++] = *extra;
    for (size_t k = 0; k < dropfile_field_count && n + 1 < max; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        const char *key = sub ? f->json : dropfile_field_cond_key(f->cond) ? dropfile_field_cond_key(f->cond) : f->json;
        if (!in_object(f, group, section) || (sub && f->cond != sub) ||
            (n && !strcmp(keys[n - 1], key)))
            continue;
        keys[n++] = key;
    }
    keys[n] = NULL;
    return keys;
}

/* The names of an enumeration, for a message. */
static const char *names_of(unsigned format, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (uint32_t v = 0; v < 8; v++) {
        const char *name = format == DFM_REASON ? dropfile_reason_name(v)
                           : format == DFM_KIND ? dropfile_kind_name(v)
                           : format == DFM_MODE ? dropfile_mode_name(v)
                           : format == DFM_EVENT ? dropfile_event_name(v)
                                                 : isa_model_name(v);
        if (strcmp(name, "?") && n < size)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", name);
    }
    return buf;
}

static uint64_t enum_value(unsigned format, const char *name)
{
    switch (format) {
    case DFM_REASON: return dropfile_reason_from_name(name);
    case DFM_KIND: return dropfile_kind_from_name(name);
    case DFM_MODE: return dropfile_mode_from_name(name);
    case DFM_EVENT: return dropfile_event_from_name(name);
    default: return isa_model_from_name(name);
    }
}

/* One element of a number field from j. */
static bool element(struct pack *k, const struct dropfile_field *f, json_t *j, const char *path,
                    uint64_t *v)
{
    uint64_t max = f->type == DFT_U32 ? UINT32_MAX : UINT64_MAX;
    if (f->rule == RULE_WORD24)
        max = A_MASK;
    else if (f->rule == RULE_MODES)
        max = 0777;
    char buf[200];
    switch (f->format) {
    case DFM_DEC:
    case DFM_ADDR: return u64(k, j, path, max, v);
    case DFM_OCT: return octal(k, j, path, is_xp(f) ? UINT64_MAX : max, v);
    case DFM_BOOL: {
        bool b = false;
        bool ok = boolean(k, j, path, &b);
        *v = b;
        return ok;
    }
    case DFM_I64:
    case DFM_WALL: {
        int64_t x = 0;
        bool ok = i64(k, j, path, &x);
        *v = (uint64_t)x;
        return ok;
    }
    case DFM_HEX: {
        const char *h = json_string_value(j);
        if (!h || strlen(h) != 16 || strspn(h, "0123456789abcdef") != 16)
            return fail(k, path, "not 16 lower-case hex digits");
        *v = strtoull(h, NULL, 16);
        return true;
    }
    case DFM_FEATURES:
        *v = 0;
        if (!array(k, j, path, SIZE_MAX))
            return false;
        for (size_t i = 0; i < json_array_size(j); i++) {
            const char *name = json_string_value(json_array_get(j, i));
            unsigned bit = 0;
            while (bit < 32 && (!name || strcmp(name, dropfile_feature_name(bit, buf, sizeof buf))))
                bit++;
            if (bit == 32)
                return fail(k, at_index(buf, sizeof buf, path, i), "unknown feature");
            *v |= 1u << bit;
        }
        return true;
    default: {
        const char *name = json_string_value(j);
        *v = name ? enum_value(f->format, name) : UINT32_MAX;
        if (*v == UINT32_MAX || (!*v && f->format != DFM_KIND && f->format != DFM_MODE))
            return fail(k, path, "not one of %s", names_of(f->format, buf, sizeof buf));
        return true;
    }
    }
}

/* A register the package holds: it must say what the package says. */
static void agrees(struct pack *k, const struct dropfile_field *f, json_t *j, const char *path,
                   const struct cpu *c, unsigned i)
{
    uint64_t x, want = dropfile_field_register(f, c, i);
    if (!element(k, f, j, path, &x) || x == want)
        return;
    if (f->count == 1)
        fail(k, path, "%" PRIo64 " disagrees with the exchange package (%" PRIo64 "); edit the "
             "package", x, want);
    else
        fail(k, path, "disagrees with the exchange package; edit the package");
}

/* Every field of group (of section, for TOP) from o into entry. */
static bool pack_fields(struct pack *k, json_t *o, const char *path, void *entry, unsigned group,
                        unsigned section)
{
    char p[128], q[160], sub_path[128];
    const char *keys[48];
    struct cpu *c = NULL;
    for (size_t r = 0; r < dropfile_field_count && !k->error[0]; r++) {
        const struct dropfile_field *f = &dropfile_fields[r];
        if (!in_object(f, group, section))
            continue;
        json_t *from = o, *j;
        const char *key = dropfile_field_cond_key(f->cond), *where = path;
        if (key) {
            json_t *s = GET(o, key);
            at(sub_path, sizeof sub_path, path, key);
            dropfile_field_set_present(f->cond, entry, !json_is_null(s));
            if (json_is_null(s))
                continue;
            if (!object(k, s, sub_path, keys_of(keys, 48, NULL, group, section, f->cond)))
                break;
            from = s;
            where = sub_path;
        }
        j = GET(from, f->json);
        at(p, sizeof p, where, f->json);
        if (f->cond == DFC_CONTENTS) {
            dropfile_field_set_present(f->cond, entry, !json_is_null(j));
            if (json_is_null(j))
                continue;
        }
        if (f->type == DFT_STR) {
            text(k, j, p, (char **)((char *)entry + f->offset));
            continue;
        }
        if (f->type == DFT_BLOB) {
            blob(k, j, p, (uint8_t **)((char *)entry + f->offset),
                 (uint64_t *)((char *)entry + f->offset + sizeof(uint8_t *)));
            continue;
        }
        if (is_xp(f) && !c) {
            c = calloc(1, sizeof *c);
            if (!c)
                return fail(k, p, "out of memory");
            c->model = k->df->machine.model;
            exchange_unpack(c, k->df->cpu.package);
        }
        unsigned rows = f->flags & DFF_VECTOR ? 8 : 1, per = f->count / rows;
        if (f->count > 1 && !array(k, j, p, rows > 1 ? rows : f->count))
            break;
        for (unsigned i = 0; i < f->count && !k->error[0]; i++) {
            json_t *e = f->count == 1 ? j : rows == 1 ? json_array_get(j, i) : NULL;
            const char *ep = f->count == 1 ? p : at_index(q, sizeof q, p, i);
            if (rows > 1) {
                json_t *row = json_array_get(j, i / per);
                char rp[140];
                at_index(rp, sizeof rp, p, i / per);
                if (i % per == 0 && !array(k, row, rp, per))
                    break;
                e = json_array_get(row, i % per);
                ep = at_index(q, sizeof q, rp, i % per);
            }
            uint64_t v;
            if (is_xp(f))
                agrees(k, f, e, ep, c, i);
            else if (element(k, f, e, ep, &v))
                dropfile_field_put_raw(f, entry, i, v);
        }
    }
    free(c);
    return !k->error[0];
}

/* An object of group's fields (extra keys handled by the caller). */
static bool pack_object(struct pack *k, json_t *o, const char *path, void *entry, unsigned group,
                        unsigned section, const char *const *extra)
{
    const char *keys[48];
    return object(k, o, path, keys_of(keys, 48, extra, group, section, 0)) &&
           pack_fields(k, o, path, entry, group, section);
}

static bool pack_memory(struct pack *k, json_t *runs)
{
    struct dropfile *df = k->df;
    uint32_t n = df->machine.field_words;
    char p[64], q[80];
    df->memory = calloc(n ? n : 1, 8);
    if (!df->memory)
        return fail(k, "memory", "out of memory for %u words", n);
    if (!array(k, runs, "memory", SIZE_MAX))
        return false;
    static const char *const keys[] = {"at", "words", NULL};
    uint64_t next = 0;
    for (size_t r = 0; r < json_array_size(runs) && !k->error[0]; r++) {
        json_t *run = json_array_get(runs, r);
        uint64_t start;
        at_index(p, sizeof p, "memory", r);
        if (!object(k, run, p, keys) || !u64(k, GET(run, "at"), p, n, &start))
            return false;
        if (start < next)
            return fail(k, p, "run at %" PRIu64 " overlaps the one before", start);
        json_t *words = GET(run, "words");
        snprintf(q, sizeof q, "%s.words", p);
        if (!array(k, words, q, SIZE_MAX))
            return false;
        uint64_t w = start;
        for (size_t i = 0; i < json_array_size(words); i++) {
            const char *s = json_string_value(json_array_get(words, i));
            char ep[96];
            at_index(ep, sizeof ep, q, i);
            if (!s)
                return fail(k, ep, "not a string of octal words");
            while (*s) {
                while (*s == ' ')
                    s++;
                size_t len = strspn(s, "01234567");
                if (!len && *s)
                    return fail(k, ep, "not a string of octal words");
                if (!len)
                    break;
                if (len > 22 || (len == 22 && s[0] > '1'))
                    return fail(k, ep, "a word wider than 64 bits");
                if (w >= n)
                    return fail(k, ep, "runs past the field of %u words", n);
                uint64_t x = 0;
                for (size_t d = 0; d < len; d++)
                    x = x << 3 | (uint64_t)(s[d] - '0');
                df->memory[w++] = x;
                s += len;
            }
        }
        next = w;
    }
    return !k->error[0];
}

static bool pack_root(struct pack *k, json_t *root)
{
    static const char *const keys[] = {
        "format", "format_version", "identity", "drop", "machine", "cpu", "memory", "limits",
        "devices", "datasets", "job_stack", "job_symbols", "job_log", "program_symbols",
        "history", "wall_clock", "unknown_sections", NULL};
    struct dropfile *df = k->df;
    char p[96];
    if (!object(k, root, "(top)", keys))
        return false;
    const char *format = json_string_value(GET(root, "format"));
    if (!format || strcmp(format, "c1-dropfile"))
        return fail(k, "format", "not \"c1-dropfile\"");
    uint64_t version;
    if (!u64(k, GET(root, "format_version"), "format_version", UINT32_MAX, &version))
        return false;
    if (version != DROPFILE_FORMAT_VERSION)
        return fail(k, "format_version", "unknown format version %" PRIu64
                    " (this program knows version %u)", version, DROPFILE_FORMAT_VERSION);

    if (!pack_object(k, GET(root, "identity"), "identity", df, DFG_TOP, SEC_IDENTITY, NULL) ||
        !pack_object(k, GET(root, "drop"), "drop", df, DFG_TOP, SEC_DROP, NULL) ||
        !pack_object(k, GET(root, "machine"), "machine", df, DFG_TOP, SEC_MACHINE, NULL))
        return false;
    if (df->machine.field_words > DROPFILE_MAX_FIELD_WORDS)
        return fail(k, "machine.field_words", "oversized field: %u words, more than %u",
                    df->machine.field_words, DROPFILE_MAX_FIELD_WORDS);
    if (!pack_object(k, GET(root, "cpu"), "cpu", df, DFG_TOP, SEC_CPU, NULL) ||
        !pack_memory(k, GET(root, "memory")) ||
        !pack_object(k, GET(root, "limits"), "limits", df, DFG_TOP, SEC_LIMITS, NULL))
        return false;

    json_t *a = GET(root, "devices");
    if (array(k, a, "devices", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            at_index(p, sizeof p, "devices", i);
            if (dropfile_add_device(df, "", 0))
                return fail(k, p, "out of memory");
            pack_object(k, json_array_get(a, i), p, &df->devices[i], DFG_DEVICE, 0, NULL);
        }
    a = GET(root, "datasets");
    if (array(k, a, "datasets", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            at_index(p, sizeof p, "datasets", i);
            if (!dropfile_add_dataset(df, ""))
                return fail(k, p, "out of memory");
            pack_object(k, json_array_get(a, i), p, &df->datasets[i], DFG_DATASET, 0, NULL);
        }
    if (k->error[0])
        return false;

    static const char *const jkeys[] = {"statements", "nesting", NULL};
    json_t *o = GET(root, "job_stack");
    if (!pack_object(k, o, "job_stack", df, DFG_TOP, SEC_JOBSTACK, jkeys))
        return false;
    a = GET(o, "statements");
    if (array(k, a, "job_stack.statements", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            if (dropfile_add_statement(df, ""))
                return fail(k, "job_stack", "out of memory");
            text(k, json_array_get(a, i), at_index(p, sizeof p, "job_stack.statements", i),
                 &df->job_stack.statements[i]);
        }
    a = GET(o, "nesting");
    if (array(k, a, "job_stack.nesting", SIZE_MAX) && json_array_size(a)) {
        df->job_stack.nesting = calloc(json_array_size(a), sizeof(int64_t));
        if (!df->job_stack.nesting)
            return fail(k, "job_stack.nesting", "out of memory");
        df->job_stack.nesting_count = json_array_size(a);
        for (size_t i = 0; i < json_array_size(a); i++)
            i64(k, json_array_get(a, i), at_index(p, sizeof p, "job_stack.nesting", i),
                &df->job_stack.nesting[i]);
    }

    a = GET(root, "job_symbols");
    if (array(k, a, "job_symbols", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            at_index(p, sizeof p, "job_symbols", i);
            if (dropfile_add_job_symbol(df, "", ""))
                return fail(k, p, "out of memory");
            pack_object(k, json_array_get(a, i), p, &df->job_symbols[i], DFG_JOBSYM, 0, NULL);
        }
    pack_fields(k, root, "", df, DFG_TOP, SEC_JOBLOG);
    a = GET(root, "program_symbols");
    if (array(k, a, "program_symbols", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            at_index(p, sizeof p, "program_symbols", i);
            if (dropfile_add_symbol(df, "", 0, 0))
                return fail(k, p, "out of memory");
            pack_object(k, json_array_get(a, i), p, &df->symbols[i], DFG_PROGSYM, 0, NULL);
        }
    a = GET(root, "history");
    if (array(k, a, "history", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            at_index(p, sizeof p, "history", i);
            if (dropfile_add_history(df, 0, "", "", 0, "", "", 0))
                return fail(k, p, "out of memory");
            pack_object(k, json_array_get(a, i), p, &df->history[i], DFG_HISTORY, 0, NULL);
        }
    if (!k->error[0])
        pack_object(k, GET(root, "wall_clock"), "wall_clock", df, DFG_TOP, SEC_WALLCLOCK, NULL);

    static const char *const ukeys[] = {"type", "version", "flags", "payload", NULL};
    a = GET(root, "unknown_sections");
    if (array(k, a, "unknown_sections", SIZE_MAX) && json_array_size(a)) {
        df->unknown = calloc(json_array_size(a), sizeof *df->unknown);
        if (!df->unknown)
            return fail(k, "unknown_sections", "out of memory");
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            json_t *s = json_array_get(a, i);
            struct dropfile_unknown *u = &df->unknown[i];
            uint32_t type = 0, version = 0;
            at_index(p, sizeof p, "unknown_sections", i);
            if (!object(k, s, p, ukeys))
                break;
            df->unknown_count = i + 1;
            u32(k, GET(s, "type"), p, &type);
            u32(k, GET(s, "version"), p, &version);
            u32(k, GET(s, "flags"), p, &u->flags);
            blob(k, GET(s, "payload"), p, &u->payload, &u->size);
            if (!k->error[0] && (type > 0xFFFF || version > 0xFFFF || dropfile_section_info(type) ||
                                 (u->flags & ~SECF_KNOWN) || (i && type <= u[-1].type)))
                fail(k, p, "type must be unknown, above the one before and below 0x10000; "
                     "version below 0x10000; flags 0..3");
            u->type = (uint16_t)type;
            u->version = (uint16_t)version;
        }
    }
    return !k->error[0];
}

int dropfile_from_json(const char *textp, size_t length, struct dropfile *df,
                       struct dropfile_report *r)
{
    dropfile_init(df);
    dropfile_report_clear(r);
    json_error_t error;
    json_t *root = json_loadb(textp, length, JSON_REJECT_DUPLICATES, &error);
    if (!root)
        return dropfile_fail(r, DROPFILE_E_MALFORMED, (uint64_t)error.position,
                             "JSON line %d column %d: %s", error.line, error.column, error.text);
    struct pack k = {df, ""};
    bool ok = pack_root(&k, root);
    json_decref(root);
    if (ok) {
        /* The encoder's own checks (UTF-8, order, ranges) report here too,
         * and the reader's rules: pack refuses what a restart would. */
        uint64_t digest;
        int status = dropfile_digest(df, &digest, r);
        if (!status)
            status = dropfile_check_rules(df, r);
        if (status) {
            dropfile_free(df);
            return status;
        }
        return 0;
    }
    dropfile_free(df);
    return dropfile_fail(r, DROPFILE_E_MALFORMED, 0, "JSON %s", k.error);
}
