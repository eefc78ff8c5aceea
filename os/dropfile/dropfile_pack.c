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
#include "dropfile_internal.h"
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

static bool octal32(struct pack *k, json_t *j, const char *path, uint32_t max, uint32_t *v)
{
    uint64_t x;
    if (!octal(k, j, path, max, &x))
        return false;
    *v = (uint32_t)x;
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

/* ---- sections --------------------------------------------------------------------- */

static bool pack_cpu(struct pack *k, json_t *o)
{
    static const char *const keys[] = {
        "exchange_package", "p", "a", "s", "vl", "flags", "xa", "base", "limit", "ibase",
        "ilimit", "modes", "monitor_exit", "cluster", "processor", "b", "t", "v", "vm",
        "clock", "rt_offset", "clock_interval", "clock_countdown", "instructions", "flops",
        "vector_elements", "shared", NULL};
    struct dropfile_cpu *c = &k->df->cpu;
    char p[64];
    if (!object(k, o, "cpu", keys) || !array(k, GET(o, "exchange_package"), "cpu.exchange_package", 16))
        return false;
    for (size_t i = 0; i < 16; i++)
        octal(k, json_array_get(GET(o, "exchange_package"), i),
              at_index(p, sizeof p, "cpu.exchange_package", i), UINT64_MAX, &c->package[i]);
    u32(k, GET(o, "base"), "cpu.base", &c->base);
    u32(k, GET(o, "limit"), "cpu.limit", &c->limit);
    u32(k, GET(o, "ibase"), "cpu.ibase", &c->ibase);
    u32(k, GET(o, "ilimit"), "cpu.ilimit", &c->ilimit);
    octal32(k, GET(o, "modes"), "cpu.modes", 0777, &c->modes);
    boolean(k, GET(o, "monitor_exit"), "cpu.monitor_exit", &c->monitor_exit);
    u32(k, GET(o, "cluster"), "cpu.cluster", &c->cluster);
    u32(k, GET(o, "processor"), "cpu.processor", &c->processor);
    if (array(k, GET(o, "b"), "cpu.b", 64))
        for (size_t i = 0; i < 64; i++)
            octal32(k, json_array_get(GET(o, "b"), i), at_index(p, sizeof p, "cpu.b", i),
                    A_MASK, &c->b[i]);
    if (array(k, GET(o, "t"), "cpu.t", 64))
        for (size_t i = 0; i < 64; i++)
            octal(k, json_array_get(GET(o, "t"), i), at_index(p, sizeof p, "cpu.t", i),
                  UINT64_MAX, &c->t[i]);
    if (array(k, GET(o, "v"), "cpu.v", 8))
        for (size_t r = 0; r < 8; r++) {
            json_t *v = json_array_get(GET(o, "v"), r);
            char vp[32];
            if (array(k, v, at_index(vp, sizeof vp, "cpu.v", r), 64))
                for (size_t e = 0; e < 64; e++)
                    octal(k, json_array_get(v, e), at_index(p, sizeof p, vp, e), UINT64_MAX,
                          &c->v[r][e]);
        }
    octal(k, GET(o, "vm"), "cpu.vm", UINT64_MAX, &c->vm);
    u64(k, GET(o, "clock"), "cpu.clock", UINT64_MAX, &c->clock);
    octal(k, GET(o, "rt_offset"), "cpu.rt_offset", UINT64_MAX, &c->rt_offset);
    u32(k, GET(o, "clock_interval"), "cpu.clock_interval", &c->clock_interval);
    u32(k, GET(o, "clock_countdown"), "cpu.clock_countdown", &c->clock_countdown);
    u64(k, GET(o, "instructions"), "cpu.instructions", UINT64_MAX, &c->instructions);
    u64(k, GET(o, "flops"), "cpu.flops", UINT64_MAX, &c->flops);
    u64(k, GET(o, "vector_elements"), "cpu.vector_elements", UINT64_MAX, &c->vector_elements);
    json_t *s = GET(o, "shared");
    c->has_shared = !json_is_null(s);
    if (c->has_shared) {
        static const char *const skeys[] = {"sb", "st", "semaphores", NULL};
        if (object(k, s, "cpu.shared", skeys) && array(k, GET(s, "sb"), "cpu.shared.sb", 8) &&
            array(k, GET(s, "st"), "cpu.shared.st", 8)) {
            for (size_t i = 0; i < 8; i++) {
                octal32(k, json_array_get(GET(s, "sb"), i), at_index(p, sizeof p, "cpu.shared.sb", i),
                        A_MASK, &c->sb[i]);
                octal(k, json_array_get(GET(s, "st"), i), at_index(p, sizeof p, "cpu.shared.st", i),
                      UINT64_MAX, &c->st[i]);
            }
            octal32(k, GET(s, "semaphores"), "cpu.shared.semaphores", UINT32_MAX, &c->semaphores);
        }
    }
    if (k->error[0])
        return false;
    /* The decoded registers must say what the package says. */
    struct cpu *tmp = calloc(1, sizeof *tmp);
    if (!tmp)
        return fail(k, "cpu", "out of memory");
    tmp->model = k->df->machine.model;
    exchange_unpack(tmp, c->package);
    uint64_t x;
    struct { const char *name; uint64_t value; } one[] = {
        {"p", tmp->p}, {"vl", tmp->vl}, {"flags", tmp->flags}, {"xa", tmp->xa}};
    for (size_t i = 0; i < 4; i++)
        if (octal(k, GET(o, one[i].name), at(p, sizeof p, "cpu", one[i].name), UINT64_MAX, &x) &&
            x != one[i].value)
            fail(k, p, "%" PRIo64 " disagrees with the exchange package (%" PRIo64
                 "); edit the package", x, one[i].value);
    if (array(k, GET(o, "a"), "cpu.a", 8) && array(k, GET(o, "s"), "cpu.s", 8))
        for (size_t i = 0; i < 8; i++) {
            if (octal(k, json_array_get(GET(o, "a"), i), at_index(p, sizeof p, "cpu.a", i),
                      UINT64_MAX, &x) && x != tmp->a[i])
                fail(k, p, "disagrees with the exchange package; edit the package");
            if (octal(k, json_array_get(GET(o, "s"), i), at_index(p, sizeof p, "cpu.s", i),
                      UINT64_MAX, &x) && x != tmp->s[i])
                fail(k, p, "disagrees with the exchange package; edit the package");
        }
    free(tmp);
    return !k->error[0];
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

static bool pack_dataset(struct pack *k, json_t *o, const char *path)
{
    static const char *const keys[] = {"name", "kind",    "mode",     "flags",    "file",
                                       "record", "word", "contents", "permanent", NULL};
    char p[96];
    if (!object(k, o, path, keys))
        return false;
    struct dropfile_dataset *d = dropfile_add_dataset(k->df, "");
    if (!d)
        return fail(k, path, "out of memory");
    text(k, GET(o, "name"), at(p, sizeof p, path, "name"), &d->name);
    const char *kind = json_string_value(GET(o, "kind"));
    d->kind = kind ? dropfile_kind_from_name(kind) : UINT32_MAX;
    if (d->kind == UINT32_MAX)
        fail(k, at(p, sizeof p, path, "kind"),
             "not one of local, permanent, input, output, control, system");
    const char *mode = json_string_value(GET(o, "mode"));
    d->mode = mode ? dropfile_mode_from_name(mode) : UINT32_MAX;
    if (d->mode == UINT32_MAX)
        fail(k, at(p, sizeof p, path, "mode"), "not one of -, r, w, rw");
    octal32(k, GET(o, "flags"), at(p, sizeof p, path, "flags"), UINT32_MAX, &d->flags);
    u64(k, GET(o, "file"), at(p, sizeof p, path, "file"), UINT64_MAX, &d->file);
    u64(k, GET(o, "record"), at(p, sizeof p, path, "record"), UINT64_MAX, &d->record);
    u64(k, GET(o, "word"), at(p, sizeof p, path, "word"), UINT64_MAX, &d->word);
    json_t *contents = GET(o, "contents");
    d->has_contents = !json_is_null(contents);
    if (d->has_contents)
        blob(k, contents, at(p, sizeof p, path, "contents"), &d->contents, &d->contents_size);
    json_t *perm = GET(o, "permanent");
    d->permanent = !json_is_null(perm);
    if (d->permanent) {
        static const char *const pkeys[] = {"owner", "name", "id", "hash", "size", NULL};
        at(p, sizeof p, path, "permanent");
        char pp[128];
        if (!object(k, perm, p, pkeys))
            return false;
        text(k, GET(perm, "owner"), at(pp, sizeof pp, p, "owner"), &d->owner);
        text(k, GET(perm, "name"), at(pp, sizeof pp, p, "name"), &d->permanent_name);
        text(k, GET(perm, "id"), at(pp, sizeof pp, p, "id"), &d->permanent_id);
        const char *h = json_string_value(GET(perm, "hash"));
        char *end = NULL;
        if (h && strlen(h) == 16 && strspn(h, "0123456789abcdef") == 16)
            d->content_hash = strtoull(h, &end, 16);
        else
            fail(k, at(pp, sizeof pp, p, "hash"), "not 16 lower-case hex digits");
        u64(k, GET(perm, "size"), at(pp, sizeof pp, p, "size"), UINT64_MAX, &d->content_size);
    }
    return !k->error[0];
}

static bool pack_history(struct pack *k, json_t *o, const char *path)
{
    static const char *const keys[] = {"event", "site", "user", "clock", "reason",
                                       "note", "wall_time", NULL};
    char p[96];
    if (!object(k, o, path, keys))
        return false;
    const char *e = json_string_value(GET(o, "event"));
    uint32_t event = e ? dropfile_event_from_name(e) : 0;
    if (!event)
        return fail(k, at(p, sizeof p, path, "event"),
                    "not one of drop, restart, rehost, clone, edit");
    if (dropfile_add_history(k->df, event, "", "", 0, "", "", 0))
        return fail(k, path, "out of memory");
    struct dropfile_history *h = &k->df->history[k->df->history_count - 1];
    text(k, GET(o, "site"), at(p, sizeof p, path, "site"), &h->site);
    text(k, GET(o, "user"), at(p, sizeof p, path, "user"), &h->user);
    u64(k, GET(o, "clock"), at(p, sizeof p, path, "clock"), UINT64_MAX, &h->clock);
    text(k, GET(o, "reason"), at(p, sizeof p, path, "reason"), &h->reason);
    text(k, GET(o, "note"), at(p, sizeof p, path, "note"), &h->note);
    i64(k, GET(o, "wall_time"), at(p, sizeof p, path, "wall_time"), &h->wall_time);
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

    static const char *const ikeys[] = {"job_name", "job_id", "user", "account", "class",
                                        "priority", "site", "output_name", NULL};
    json_t *o = GET(root, "identity");
    if (!object(k, o, "identity", ikeys))
        return false;
    text(k, GET(o, "job_name"), "identity.job_name", &df->identity.job_name);
    text(k, GET(o, "job_id"), "identity.job_id", &df->identity.job_id);
    text(k, GET(o, "user"), "identity.user", &df->identity.user);
    text(k, GET(o, "account"), "identity.account", &df->identity.account);
    text(k, GET(o, "class"), "identity.class", &df->identity.job_class);
    u32(k, GET(o, "priority"), "identity.priority", &df->identity.priority);
    text(k, GET(o, "site"), "identity.site", &df->identity.site);
    text(k, GET(o, "output_name"), "identity.output_name", &df->identity.output_name);

    static const char *const dkeys[] = {"reason", "clock", "note", NULL};
    o = GET(root, "drop");
    if (!object(k, o, "drop", dkeys))
        return false;
    const char *reason = json_string_value(GET(o, "reason"));
    df->drop.reason = reason ? dropfile_reason_from_name(reason) : 0;
    if (!df->drop.reason)
        fail(k, "drop.reason", "not one of time-limit, operator, preemption, error, "
             "user-rollout, shutdown");
    u64(k, GET(o, "clock"), "drop.clock", UINT64_MAX, &df->drop.clock);
    text(k, GET(o, "note"), "drop.note", &df->drop.note);

    static const char *const mkeys[] = {"model", "features_used", "field_words",
                                        "memory_words", "pc_count", NULL};
    o = GET(root, "machine");
    if (!object(k, o, "machine", mkeys))
        return false;
    const char *model = json_string_value(GET(o, "model"));
    df->machine.model = model ? isa_model_from_name(model) : 0;
    if (!df->machine.model)
        fail(k, "machine.model", "not cray1 or xmp");
    json_t *features = GET(o, "features_used");
    if (array(k, features, "machine.features_used", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(features); i++) {
            const char *name = json_string_value(json_array_get(features, i));
            unsigned bit = 0;
            char buf[32];
            while (bit < 32 && (!name || strcmp(name, dropfile_feature_name(bit, buf, sizeof buf))))
                bit++;
            if (bit == 32)
                fail(k, at_index(p, sizeof p, "machine.features_used", i), "unknown feature");
            else
                df->machine.features_used |= 1u << bit;
        }
    u32(k, GET(o, "field_words"), "machine.field_words", &df->machine.field_words);
    if (!k->error[0] && df->machine.field_words > DROPFILE_MAX_FIELD_WORDS)
        return fail(k, "machine.field_words", "oversized field: %u words, more than %u",
                    df->machine.field_words, DROPFILE_MAX_FIELD_WORDS);
    u32(k, GET(o, "memory_words"), "machine.memory_words", &df->machine.memory_words);
    u32(k, GET(o, "pc_count"), "machine.pc_count", &df->machine.pc_count);
    if (k->error[0] || !pack_cpu(k, GET(root, "cpu")) || !pack_memory(k, GET(root, "memory")))
        return false;

    static const char *const lkeys[] = {"cpu_limit", "cpu_used", "output_limit", "output_used", NULL};
    o = GET(root, "limits");
    if (!object(k, o, "limits", lkeys))
        return false;
    u64(k, GET(o, "cpu_limit"), "limits.cpu_limit", UINT64_MAX, &df->limits.cpu_limit);
    u64(k, GET(o, "cpu_used"), "limits.cpu_used", UINT64_MAX, &df->limits.cpu_used);
    u64(k, GET(o, "output_limit"), "limits.output_limit", UINT64_MAX, &df->limits.output_limit);
    u64(k, GET(o, "output_used"), "limits.output_used", UINT64_MAX, &df->limits.output_used);

    static const char *const nkeys[] = {"name", "count", NULL};
    json_t *a = GET(root, "devices");
    if (array(k, a, "devices", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            json_t *d = json_array_get(a, i);
            uint32_t n = 0;
            at_index(p, sizeof p, "devices", i);
            if (!object(k, d, p, nkeys))
                break;
            if (!json_is_string(GET(d, "name"))) {
                fail(k, p, "name is not a string");
                break;
            }
            if (u32(k, GET(d, "count"), p, &n) &&
                dropfile_add_device(df, json_string_value(GET(d, "name")), n))
                fail(k, p, "out of memory");
        }
    a = GET(root, "datasets");
    if (array(k, a, "datasets", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++)
            pack_dataset(k, json_array_get(a, i), at_index(p, sizeof p, "datasets", i));
    if (k->error[0])
        return false;

    static const char *const jkeys[] = {"statements", "current", "nesting_version", "nesting", NULL};
    o = GET(root, "job_stack");
    if (!object(k, o, "job_stack", jkeys))
        return false;
    a = GET(o, "statements");
    if (array(k, a, "job_stack.statements", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            if (dropfile_add_statement(df, ""))
                return fail(k, "job_stack", "out of memory");
            text(k, json_array_get(a, i), at_index(p, sizeof p, "job_stack.statements", i),
                 &df->job_stack.statements[i]);
        }
    u32(k, GET(o, "current"), "job_stack.current", &df->job_stack.current);
    u32(k, GET(o, "nesting_version"), "job_stack.nesting_version", &df->job_stack.nesting_version);
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

    static const char *const skeys[] = {"name", "value", NULL};
    a = GET(root, "job_symbols");
    if (array(k, a, "job_symbols", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            json_t *s = json_array_get(a, i);
            at_index(p, sizeof p, "job_symbols", i);
            if (!object(k, s, p, skeys))
                break;
            if (dropfile_add_job_symbol(df, "", ""))
                return fail(k, p, "out of memory");
            text(k, GET(s, "name"), p, &df->job_symbols[i].name);
            text(k, GET(s, "value"), p, &df->job_symbols[i].value);
        }
    text(k, GET(root, "job_log"), "job_log", &df->job_log);

    static const char *const ykeys[] = {"name", "value", "attributes", NULL};
    a = GET(root, "program_symbols");
    if (array(k, a, "program_symbols", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++) {
            json_t *s = json_array_get(a, i);
            at_index(p, sizeof p, "program_symbols", i);
            if (!object(k, s, p, ykeys))
                break;
            if (dropfile_add_symbol(df, "", 0, 0))
                return fail(k, p, "out of memory");
            struct dropfile_symbol *y = &df->symbols[i];
            text(k, GET(s, "name"), p, &y->name);
            octal(k, GET(s, "value"), p, UINT64_MAX, &y->value);
            octal32(k, GET(s, "attributes"), p, UINT32_MAX, &y->attributes);
        }
    a = GET(root, "history");
    if (array(k, a, "history", SIZE_MAX))
        for (size_t i = 0; i < json_array_size(a) && !k->error[0]; i++)
            pack_history(k, json_array_get(a, i), at_index(p, sizeof p, "history", i));

    static const char *const wkeys[] = {"written", NULL};
    o = GET(root, "wall_clock");
    if (object(k, o, "wall_clock", wkeys))
        i64(k, GET(o, "written"), "wall_clock.written", &df->written_wall);

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
        /* The encoder's own checks (UTF-8, order, ranges) report here too. */
        uint64_t digest;
        int status = dropfile_digest(df, &digest, r);
        if (status) {
            dropfile_free(df);
            return status;
        }
        return 0;
    }
    dropfile_free(df);
    return dropfile_fail(r, DROPFILE_E_MALFORMED, 0, "JSON %s", k.error);
}
