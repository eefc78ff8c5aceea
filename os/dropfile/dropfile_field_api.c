/*
 * dropfile_field_api.c - the table of a job's saved state put to use: a
 * field's value as people see it, the rule check of a whole state (the
 * reader's and pack's), and the field API (find, get, set by path) that
 * `dropfile set` and switchp's examine and deposit use.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dropfile_fields.h"
#include "dropfile_internal.h"
#include "emu/cpu.h"
#include "emu/exchange.h"
#include "emu/isa.h"
#include "os/rules/names.h"

#define at dropfile_field_at
#define is_xp dropfile_field_is_xp
#define unpacked dropfile_unpacked

const char *dropfile_field_text(const struct dropfile *df, const struct dropfile_field *f,
                                const void *entry, unsigned i, char *buf, size_t size)
{
    if (f->type == DFT_STR)
        return dropfile_field_string(f, entry);
    if (f->type == DFT_BLOB) {
        snprintf(buf, size, "%" PRIu64 " bytes", *(const uint64_t *)at(f, entry, 1));
        return buf;
    }
    uint64_t v = dropfile_field_number(df, f, entry, i);
    switch (f->format) {
    case DFM_OCT:
    case DFM_ADDR: snprintf(buf, size, "%" PRIo64, v); break;
    case DFM_HEX: snprintf(buf, size, "%016" PRIx64, v); break;
    case DFM_I64: snprintf(buf, size, "%" PRId64, (int64_t)v); break;
    case DFM_WALL: return dropfile_wall_text((int64_t)v, buf, size);
    case DFM_REASON: return dropfile_reason_name((uint32_t)v);
    case DFM_MODEL: return isa_model_name((unsigned)v);
    case DFM_FEATURES: return isa_feature_names((uint32_t)v, buf, size);
    case DFM_KIND: return dropfile_kind_name((uint32_t)v);
    case DFM_MODE: return dropfile_mode_name((uint32_t)v);
    case DFM_EVENT: return dropfile_event_name((uint32_t)v);
    default: snprintf(buf, size, "%" PRIu64, v); break;
    }
    return buf;
}


/* ---- the rules ------------------------------------------------------------------------ */

/* s, quoted, control characters as \xHH, at most 40 characters. */
static const char *quoted(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    if (size < 8)
        return "";
    buf[n++] = '"';
    for (size_t i = 0; s[i] && n + 6 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i == 40) {
            n += (size_t)snprintf(buf + n, size - n, "...");
            break;
        }
        if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
            n += (size_t)snprintf(buf + n, size - n, "\\x%02X", c);
        else
            buf[n++] = (char)c;
    }
    snprintf(buf + n, size - n, "\"");
    return buf;
}

/* One field of one entry: true, or false with the problem in why (and for
 * an array, the element in *element). */
static bool field_ok(const struct dropfile *df, const struct dropfile_field *f, const void *entry,
                     char *why, size_t size, unsigned *element)
{
    char buf[64], q[80];
    if (!dropfile_field_present(f, entry))
        return true;
    if (f->type == DFT_STR) {
        const char *s = dropfile_field_string(f, entry);
        if ((f->flags & DFF_EMPTY_OK) && !s[0])
            return true;
        if (!rules_check_text(f->rule, s, buf, sizeof buf)) {
            snprintf(why, size, "%s: %s", quoted(s, q, sizeof q), buf);
            return false;
        }
        return true;
    }
    for (unsigned i = 0; i < f->count && !is_xp(f) && f->type != DFT_BLOB; i++) {
        uint64_t v = dropfile_field_raw(f, entry, i);
        const char *name = dropfile_field_text(df, f, entry, i, q, sizeof q);
        if (f->format >= DFM_REASON && f->format != DFM_FEATURES && !strcmp(name, "?")) {
            snprintf(why, size, "%" PRIu64 " is not one of its names", v);
            return false;
        }
        if (!rules_is_text(f->rule) && !rules_check_number(f->rule, v, buf, sizeof buf)) {
            snprintf(why, size, "%s", buf);
            *element = i;
            return false;
        }
    }
    return true;
}

static int invalid(struct dropfile_report *r, const char *path, const char *why)
{
    return dropfile_fail(r, DROPFILE_E_INVALID, 0, "invalid value: %s %s", path, why);
}

/* Every row of a group over the entries of a table. */
static int check_group(const struct dropfile *df, unsigned group, const void *entries, size_t n,
                       size_t size, const char *table, struct dropfile_report *r)
{
    char why[200], path[96];
    for (size_t e = 0; e < n; e++) {
        const void *entry = (const char *)entries + e * size;
        for (size_t k = 0; k < dropfile_field_count; k++) {
            const struct dropfile_field *f = &dropfile_fields[k];
            unsigned element = 0;
            if (f->group != group || field_ok(df, f, entry, why, sizeof why, &element))
                continue;
            int n = group == DFG_TOP ? snprintf(path, sizeof path, "%s", f->path)
                                     : snprintf(path, sizeof path, "%s[%zu].%s", table, e, f->path);
            if (f->count > 1 && n > 0 && (size_t)n < sizeof path)
                snprintf(path + n, sizeof path - (size_t)n, "[%o]", element);   /* octal */
            return invalid(r, path, why);
        }
    }
    return 0;
}

int dropfile_check_rules(const struct dropfile *df, struct dropfile_report *r)
{
    char why[200], path[64];
    const struct {
        size_t count;
        int max;
        const char *path, *before, *after;
    } bounds[] = {
        {df->device_count, RULES_DEVICES_MAX, "devices", "", " reservations"},
        {df->job_stack.count, RULES_STATEMENTS_MAX, "job_stack.statements", "", " statements"},
        {df->job_stack.nesting_count, RULES_NESTING_MAX, "job_stack.nesting", "depth ", ""},
    };
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
        if (bounds[i].count > (size_t)bounds[i].max)
            return dropfile_fail(r, DROPFILE_E_INVALID, 0, "invalid value: %s: %s%zu%s, more than %d",
                                 bounds[i].path, bounds[i].before, bounds[i].count, bounds[i].after,
                                 bounds[i].max);
    int status = check_group(df, DFG_TOP, df, 1, 0, "", r);
    for (size_t i = 0; !status && i < df->job_stack.count; i++)
        if (!rules_check_text(RULE_LINE, df->job_stack.statements[i], why, sizeof why)) {
            snprintf(path, sizeof path, "job_stack.statements[%zu]", i);
            status = invalid(r, path, why);
        }
    struct dropfile_table t[DROPFILE_TABLES];
    dropfile_tables((struct dropfile *)df, t);
    for (size_t i = 0; !status && i < DROPFILE_TABLES; i++)
        status = check_group(df, t[i].group, *t[i].entries, *t[i].count, t[i].size, t[i].name, r);
    return status;
}

/* ---- the field API ------------------------------------------------------------------------ */

static int nowhere(char *why, size_t size, const char *fmt, const char *path)
{
    snprintf(why, size, fmt, path);
    errno = EINVAL;
    return DROPFILE_E_INVALID;
}

/* "[o]" (octal) at *s: the index, s moved past it; -1 if none. */
static long octal_index(const char **s)
{
    if (**s != '[')
        return -1;
    char *end;
    long v = strtol(*s + 1, &end, 8);
    if (end == *s + 1 || *end != ']' || v < 0)
        return -1;
    *s = end + 1;
    return v;
}

/* The row of group named name (exactly). */
static const struct dropfile_field *row(unsigned group, const char *name, size_t n)
{
    for (size_t k = 0; k < dropfile_field_count; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        if (f->group == group && strlen(f->path) == n && !strncmp(f->path, name, n))
            return f;
    }
    return NULL;
}

static void *entry_named(const struct dropfile *df, const char *table, const char *name,
                         size_t n, unsigned *group)
{
    struct dropfile_table t[DROPFILE_TABLES];
    dropfile_tables((struct dropfile *)df, t);
    for (size_t i = 0; i < DROPFILE_TABLES; i++) {
        if (strcmp(t[i].name, table))
            continue;
        *group = t[i].group;
        for (size_t e = 0; e < *t[i].count; e++) {
            char *entry = (char *)*t[i].entries + e * t[i].size;
            const char *key = dfstr(*(char **)entry);   /* the name is first */
            if (strlen(key) == n && !strncmp(key, name, n))
                return entry;
        }
    }
    return NULL;
}

int dropfile_field_find(const struct dropfile *df, const char *path, struct dropfile_place *place,
                        char *why, size_t size)
{
    const char *rest = NULL;
    memset(place, 0, sizeof *place);
    if (!strncmp(path, "history[", 8)) {
        char *end;
        unsigned long i = strtoul(path + 8, &end, 10);
        if (end == path + 8 || *end != ']' || end[1] != '.' || i >= df->history_count)
            return nowhere(why, size, "%s: no such history entry", path);
        place->entry = &df->history[i];
        place->field = row(DFG_HISTORY, end + 2, strlen(end + 2));
        rest = "";
    } else {
        const char *dot = strchr(path, '.'), *last = strrchr(path, '.');
        static const char *const tables[] = {"devices", "datasets", "job_symbols",
                                             "program_symbols"};
        for (size_t t = 0; dot && t < 4 && !place->entry; t++) {
            if ((size_t)(dot - path) != strlen(tables[t]) || strncmp(path, tables[t], dot - path))
                continue;
            unsigned group = DFG_TOP;
            if (last == dot)
                return nowhere(why, size, "%s: name the field too (NAME.field)", path);
            place->entry = entry_named(df, tables[t], dot + 1, (size_t)(last - dot - 1), &group);
            if (!place->entry)
                return nowhere(why, size, "%s: no such entry", path);
            place->field = row(group, last + 1, strlen(last + 1));
            rest = "";
        }
    }
    for (size_t k = 0; !place->entry && k < dropfile_field_count; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        size_t n = strlen(f->path);
        if (f->group == DFG_TOP && !strncmp(path, f->path, n) && (!path[n] || path[n] == '[')) {
            place->field = f;
            place->entry = (void *)df;
            rest = path + n;
        }
    }
    const struct dropfile_field *f = place->field;
    if (!f)
        return nowhere(why, size, "%s: no such field", path);
    long i = f->count > 1 ? octal_index(&rest) : 0;
    if (i >= 0 && (f->flags & DFF_VECTOR)) {
        long e = octal_index(&rest);
        i = e >= 0 && e < 64 && i < 8 ? i * 64 + e : -1;
    }
    if (i < 0 || i >= f->count || *rest)
        return nowhere(why, size, f->count > 1 ? "%s: wants an index in range (octal)"
                                               : "%s: takes no index", path);
    place->index = (unsigned)i;
    if (!dropfile_field_present(f, place->entry))
        return nowhere(why, size, "%s: not in this dropfile", path);
    return 0;
}

int dropfile_field_get(const struct dropfile *df, const char *path, char *text, size_t size,
                       char *why, size_t why_size)
{
    struct dropfile_place p;
    int status = dropfile_field_find(df, path, &p, why, why_size);
    char buf[200];
    if (!status)
        snprintf(text, size, "%s", dropfile_field_text(df, p.field, p.entry, p.index, buf, sizeof buf));
    return status;
}

/* text as a number of the field's format; false if it is not one. */
static bool parse_number(const struct dropfile_field *f, const char *text, uint64_t *v)
{
    char *end = NULL;
    errno = 0;
    switch (f->format) {
    case DFM_OCT:
    case DFM_ADDR: *v = strtoull(text, &end, 8); break;
    case DFM_HEX: *v = strtoull(text, &end, 16); break;
    case DFM_I64:
    case DFM_WALL: *v = (uint64_t)strtoll(text, &end, 10); break;
    case DFM_BOOL:
        *v = !strcmp(text, "1") || !strcmp(text, "yes") || !strcmp(text, "true");
        return *v || !strcmp(text, "0") || !strcmp(text, "no") || !strcmp(text, "false");
    case DFM_REASON: return (*v = dropfile_reason_from_name(text)) != 0;
    case DFM_MODEL: return (*v = isa_model_from_name(text)) != 0;
    case DFM_KIND: return (*v = dropfile_kind_from_name(text)) != UINT32_MAX;
    case DFM_MODE: return (*v = dropfile_mode_from_name(text)) != UINT32_MAX;
    case DFM_EVENT: return (*v = dropfile_event_from_name(text)) != 0;
    default: *v = strtoull(text, &end, 10); break;
    }
    bool sign_ok = f->format == DFM_I64 || f->format == DFM_WALL || text[0] != '-';
    return text[0] && sign_ok && !*end && !errno &&
           (f->type != DFT_U32 || *v <= UINT32_MAX);
}

/* Set a register of the package: flip exactly the bits it changes. */
static int set_xp(struct dropfile *df, const struct dropfile_field *f, unsigned i, uint64_t v,
                  char *why, size_t size)
{
    struct cpu *c = unpacked(df);
    if (!c)
        return DROPFILE_E_NOMEM;
    uint64_t before[16], after[16];
    exchange_pack(c, before);
    switch (f->type) {
    case DFT_XP_P: c->p = (uint32_t)v; break;
    case DFT_XP_A: c->a[i] = (uint32_t)v; break;
    case DFT_XP_S: c->s[i] = v; break;
    case DFT_XP_VL: c->vl = (uint32_t)v; break;
    case DFT_XP_F: c->flags = (uint32_t)v; break;
    default: c->xa = (uint32_t)v; break;
    }
    exchange_pack(c, after);
    uint64_t package[16];
    for (int w = 0; w < 16; w++)
        package[w] = df->cpu.package[w] ^ before[w] ^ after[w];
    memset(c, 0, sizeof *c);
    c->model = df->machine.model;
    exchange_unpack(c, package);
    bool fits = dropfile_field_register(f, c, i) == v;
    free(c);
    if (!fits)
        return nowhere(why, size, "%s: the value is wider than the register", f->path);
    memcpy(df->cpu.package, package, sizeof package);
    return 0;
}

int dropfile_field_set(struct dropfile *df, const char *path, const char *text, char *why,
                       size_t size)
{
    struct dropfile_place p;
    char rule[160];
    int status = dropfile_field_find(df, path, &p, why, size);
    if (status)
        return status;
    const struct dropfile_field *f = p.field;
    if (f->flags & DFF_RO)
        return nowhere(why, size, "%s: cannot be set (it follows from other fields)", path);
    if (f->type == DFT_STR) {
        if (!(text[0] == '\0' && (f->flags & DFF_EMPTY_OK)) &&
            !rules_check_text(f->rule, text, rule, sizeof rule)) {
            snprintf(why, size, "%s: %s", path, rule);
            errno = EINVAL;
            return DROPFILE_E_INVALID;
        }
        return dropfile_set_string((char **)at(f, p.entry, 0), text);
    }
    uint64_t v;
    if (!parse_number(f, text, &v))
        return nowhere(why, size, "%s: not a value of this field", path);
    if (!rules_is_text(f->rule) && !rules_check_number(f->rule, v, rule, sizeof rule)) {
        snprintf(why, size, "%s: %s", path, rule);
        errno = EINVAL;
        return DROPFILE_E_INVALID;
    }
    if (is_xp(f))
        return set_xp(df, f, p.index, v, why, size);
    dropfile_field_put_raw(f, p.entry, p.index, v);
    return 0;
}
