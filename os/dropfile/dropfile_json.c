/*
 * dropfile_json.c - every field of a dropfile as one JSON object (jansson),
 * the form `dropfile dump --json` prints and `dropfile pack` reads back
 * (os/dropfile/dropfile_pack.c).  The layout is in docs/dropfile-format.md, "JSON".
 *
 * Conventions, as in `c1 --json`: machine words and registers are strings
 * of octal digits (64-bit values do not fit JSON numbers everywhere);
 * counts, clocks, addresses and sizes are integers (a decimal string if
 * above 2^63 - 1); byte blobs are base64; enumerations are their names.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "emu/cpu.h"
#include "dropfile_internal.h"
#include "emu/exchange.h"
#include "emu/isa.h"

/* ---- base64 ------------------------------------------------------------------ */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *dropfile_base64_encode(const uint8_t *p, size_t n)
{
    char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        *o++ = b64[v >> 18 & 63];
        *o++ = b64[v >> 12 & 63];
        *o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? b64[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

static int b64_value(char c)
{
    const char *p = c ? strchr(b64, c) : NULL;
    return p ? (int)(p - b64) : -1;
}

int dropfile_base64_decode(const char *s, size_t len, uint8_t **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    if (len % 4)
        return -1;
    uint8_t *buf = malloc(len / 4 * 3 + 1);
    if (!buf)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < len; i += 4) {
        int v[4], pad = 0;
        for (int k = 0; k < 4; k++) {
            if (s[i + k] == '=' && i + 4 == len && k >= 2) {
                v[k] = 0;
                pad++;
            } else if (pad || (v[k] = b64_value(s[i + k])) < 0) {
                free(buf);
                return -1;
            }
        }
        uint32_t x = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        /* Canonical: the bits below the padding must be zero. */
        if ((pad == 1 && (x & 0xFF)) || (pad == 2 && (x & 0xFFFF))) {
            free(buf);
            return -1;
        }
        buf[n++] = (uint8_t)(x >> 16);
        if (pad < 2)
            buf[n++] = (uint8_t)(x >> 8);
        if (pad < 1)
            buf[n++] = (uint8_t)x;
    }
    *out = buf;
    *out_n = n;
    return 0;
}

const char *dropfile_feature_name(unsigned bit, char *buf, size_t size)
{
    isa_feature_names(1u << bit, buf, size);
    if (!buf[0])
        snprintf(buf, size, "bit%u", bit);
    return buf;
}

/* ---- values ---------------------------------------------------------------------- */

static json_t *octal(uint64_t v)
{
    char s[24];
    snprintf(s, sizeof s, "%" PRIo64, v);
    return json_string(s);
}

static json_t *count(uint64_t v)
{
    if (v <= INT64_MAX)
        return json_integer((json_int_t)v);
    char s[24];
    snprintf(s, sizeof s, "%" PRIu64, v);
    return json_string(s);
}

static json_t *text(const char *s)
{
    /* Strings are valid UTF-8 (the format requires it). */
    return json_string(dfstr(s));
}

static json_t *blob(const uint8_t *p, uint64_t n)
{
    char *s = dropfile_base64_encode(p, (size_t)n);
    json_t *j = s ? json_string(s) : NULL;
    free(s);
    return j;
}

static json_t *octal_array(const uint64_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, octal(v[i]));
    return a;
}

static json_t *octal_array32(const uint32_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, octal(v[i]));
    return a;
}

#define SET(obj, key, value) json_object_set_new(obj, key, value)

/* ---- sections --------------------------------------------------------------------- */

static json_t *cpu_json(const struct dropfile *df)
{
    const struct dropfile_cpu *c = &df->cpu;
    json_t *o = json_object();
    SET(o, "exchange_package", octal_array(c->package, 16));
    /* The registers the package holds, decoded (pack checks they agree). */
    struct cpu *tmp = calloc(1, sizeof *tmp);
    if (tmp) {
        tmp->model = df->machine.model;
        exchange_unpack(tmp, c->package);
        SET(o, "p", octal(tmp->p));
        SET(o, "a", octal_array32(tmp->a, 8));
        SET(o, "s", octal_array(tmp->s, 8));
        SET(o, "vl", octal(tmp->vl));
        SET(o, "flags", octal(tmp->flags));
        SET(o, "xa", octal(tmp->xa));
        free(tmp);
    }
    SET(o, "base", count(c->base));
    SET(o, "limit", count(c->limit));
    SET(o, "ibase", count(c->ibase));
    SET(o, "ilimit", count(c->ilimit));
    SET(o, "modes", octal(c->modes));
    SET(o, "monitor_exit", json_boolean(c->monitor_exit));
    SET(o, "cluster", count(c->cluster));
    SET(o, "processor", count(c->processor));
    SET(o, "b", octal_array32(c->b, 64));
    SET(o, "t", octal_array(c->t, 64));
    json_t *v = json_array();
    for (int r = 0; r < 8; r++)
        json_array_append_new(v, octal_array(c->v[r], 64));
    SET(o, "v", v);
    SET(o, "vm", octal(c->vm));
    SET(o, "clock", count(c->clock));
    SET(o, "rt_offset", octal(c->rt_offset));
    SET(o, "clock_interval", count(c->clock_interval));
    SET(o, "clock_countdown", count(c->clock_countdown));
    SET(o, "instructions", count(c->instructions));
    SET(o, "flops", count(c->flops));
    SET(o, "vector_elements", count(c->vector_elements));
    if (c->has_shared) {
        json_t *s = json_object();
        SET(s, "sb", octal_array32(c->sb, 8));
        SET(s, "st", octal_array(c->st, 8));
        SET(s, "semaphores", octal(c->semaphores));
        SET(o, "shared", s);
    } else {
        SET(o, "shared", json_null());
    }
    return o;
}

/* Runs of words, zero gaps of fewer than 4 words kept inside a run; each
 * string holds up to 4 words. */
static json_t *memory_json(const struct dropfile *df)
{
    json_t *runs = json_array();
    uint32_t n = df->machine.field_words, i = 0;
    const uint64_t *m = df->memory;
    while (m && i < n) {
        if (!m[i]) {
            i++;
            continue;
        }
        uint32_t end = i + 1, zeros = 0;
        while (end < n && zeros < 4) {
            zeros = m[end] ? 0 : zeros + 1;
            end++;
        }
        end -= zeros;
        json_t *run = json_object(), *words = json_array();
        SET(run, "at", count(i));
        for (uint32_t w = i; w < end; w += 4) {
            char line[4 * 23 + 1];
            size_t used = 0;
            for (uint32_t k = w; k < end && k < w + 4; k++)
                used += (size_t)snprintf(line + used, sizeof line - used, "%s%022" PRIo64,
                                         k > w ? " " : "", m[k]);
            json_array_append_new(words, json_string(line));
        }
        SET(run, "words", words);
        json_array_append_new(runs, run);
        i = end;
    }
    return runs;
}

static json_t *dataset_json(const struct dropfile_dataset *d)
{
    json_t *o = json_object();
    SET(o, "name", text(d->name));
    SET(o, "kind", json_string(dropfile_kind_name(d->kind)));
    SET(o, "mode", json_string(dropfile_mode_name(d->mode)));
    SET(o, "flags", octal(d->flags));
    SET(o, "file", count(d->file));
    SET(o, "record", count(d->record));
    SET(o, "word", count(d->word));
    SET(o, "contents", d->has_contents ? blob(d->contents, d->contents_size) : json_null());
    if (d->permanent) {
        json_t *p = json_object();
        char hash[20];
        snprintf(hash, sizeof hash, "%016" PRIx64, d->content_hash);
        SET(p, "owner", text(d->owner));
        SET(p, "name", text(d->permanent_name));
        SET(p, "id", text(d->permanent_id));
        SET(p, "hash", json_string(hash));
        SET(p, "size", count(d->content_size));
        SET(o, "permanent", p);
    } else {
        SET(o, "permanent", json_null());
    }
    return o;
}

static json_t *dropfile_json(const struct dropfile *df)
{
    json_t *root = json_object(), *o;
    SET(root, "format", json_string("c1-dropfile"));
    SET(root, "format_version", json_integer(DROPFILE_FORMAT_VERSION));

    o = json_object();
    SET(o, "job_name", text(df->identity.job_name));
    SET(o, "job_id", text(df->identity.job_id));
    SET(o, "user", text(df->identity.user));
    SET(o, "account", text(df->identity.account));
    SET(o, "class", text(df->identity.job_class));
    SET(o, "priority", count(df->identity.priority));
    SET(o, "site", text(df->identity.site));
    SET(o, "output_name", text(df->identity.output_name));
    SET(root, "identity", o);

    o = json_object();
    SET(o, "reason", json_string(dropfile_reason_name(df->drop.reason)));
    SET(o, "clock", count(df->drop.clock));
    SET(o, "note", text(df->drop.note));
    SET(root, "drop", o);

    o = json_object();
    SET(o, "model", json_string(isa_model_name(df->machine.model)));
    json_t *features = json_array();
    for (unsigned bit = 0; bit < 32; bit++) {
        char name[32];
        if (df->machine.features_used & (1u << bit))
            json_array_append_new(features, json_string(dropfile_feature_name(bit, name, sizeof name)));
    }
    SET(o, "features_used", features);
    SET(o, "field_words", count(df->machine.field_words));
    SET(o, "memory_words", count(df->machine.memory_words));
    SET(o, "pc_count", count(df->machine.pc_count));
    SET(root, "machine", o);

    SET(root, "cpu", cpu_json(df));
    SET(root, "memory", memory_json(df));

    o = json_object();
    SET(o, "cpu_limit", count(df->limits.cpu_limit));
    SET(o, "cpu_used", count(df->limits.cpu_used));
    SET(o, "output_limit", count(df->limits.output_limit));
    SET(o, "output_used", count(df->limits.output_used));
    SET(root, "limits", o);

    json_t *a = json_array();
    for (size_t i = 0; i < df->device_count; i++) {
        o = json_object();
        SET(o, "name", text(df->devices[i].name));
        SET(o, "count", count(df->devices[i].count));
        json_array_append_new(a, o);
    }
    SET(root, "devices", a);

    a = json_array();
    for (size_t i = 0; i < df->dataset_count; i++)
        json_array_append_new(a, dataset_json(&df->datasets[i]));
    SET(root, "datasets", a);

    o = json_object();
    a = json_array();
    for (size_t i = 0; i < df->job_stack.count; i++)
        json_array_append_new(a, text(df->job_stack.statements[i]));
    SET(o, "statements", a);
    SET(o, "current", count(df->job_stack.current));
    SET(o, "nesting_version", count(df->job_stack.nesting_version));
    a = json_array();
    for (size_t i = 0; i < df->job_stack.nesting_count; i++)
        json_array_append_new(a, json_integer(df->job_stack.nesting[i]));
    SET(o, "nesting", a);
    SET(root, "job_stack", o);

    a = json_array();
    for (size_t i = 0; i < df->job_symbol_count; i++) {
        o = json_object();
        SET(o, "name", text(df->job_symbols[i].name));
        SET(o, "value", text(df->job_symbols[i].value));
        json_array_append_new(a, o);
    }
    SET(root, "job_symbols", a);
    SET(root, "job_log", text(df->job_log));

    a = json_array();
    for (size_t i = 0; i < df->symbol_count; i++) {
        o = json_object();
        SET(o, "name", text(df->symbols[i].name));
        SET(o, "value", octal(df->symbols[i].value));
        SET(o, "attributes", octal(df->symbols[i].attributes));
        json_array_append_new(a, o);
    }
    SET(root, "program_symbols", a);

    a = json_array();
    for (size_t i = 0; i < df->history_count; i++) {
        const struct dropfile_history *h = &df->history[i];
        o = json_object();
        SET(o, "event", json_string(dropfile_event_name(h->event)));
        SET(o, "site", text(h->site));
        SET(o, "user", text(h->user));
        SET(o, "clock", count(h->clock));
        SET(o, "reason", text(h->reason));
        SET(o, "note", text(h->note));
        SET(o, "wall_time", json_integer(h->wall_time));
        json_array_append_new(a, o);
    }
    SET(root, "history", a);

    o = json_object();
    SET(o, "written", json_integer(df->written_wall));
    SET(root, "wall_clock", o);

    a = json_array();
    for (size_t i = 0; i < df->unknown_count; i++) {
        const struct dropfile_unknown *u = &df->unknown[i];
        o = json_object();
        SET(o, "type", json_integer(u->type));
        SET(o, "version", json_integer(u->version));
        SET(o, "flags", json_integer(u->flags));
        SET(o, "payload", blob(u->payload, u->size));
        json_array_append_new(a, o);
    }
    SET(root, "unknown_sections", a);
    return root;
}

int dropfile_print_json(FILE *out, const struct dropfile *df, struct dropfile_report *r)
{
    /* Only a state that can be written is printed (UTF-8, ranges ...), so
     * that every field is there and packs back. */
    uint64_t digest;
    int status = dropfile_digest(df, &digest, r);
    if (status)
        return status;
    json_t *root = dropfile_json(df);
    if (!root)
        return dropfile_fail(r, DROPFILE_E_NOMEM, 0, "out of memory");
    status = json_dumpf(root, out, JSON_INDENT(1) | JSON_ENSURE_ASCII);
    json_decref(root);
    if (status || fputc('\n', out) == EOF)
        return dropfile_fail(r, DROPFILE_E_IO, 0, "cannot write the JSON");
    return 0;
}
