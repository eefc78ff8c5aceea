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
#include "dropfile_fields.h"
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

#define SET(obj, key, value) json_object_set_new(obj, key, value)

/* ---- fields, from the table ------------------------------------------------------- */

static json_t *element(const struct dropfile *df, const struct dropfile_field *f,
                       const void *entry, unsigned i)
{
    char buf[200];
    if (f->type == DFT_STR)
        return text(dropfile_field_string(f, entry));
    if (f->type == DFT_BLOB)
        return blob(*(uint8_t *const *)((const char *)entry + f->offset),
                    *(const uint64_t *)((const char *)entry + f->offset + sizeof(uint8_t *)));
    uint64_t v = dropfile_field_number(df, f, entry, i);
    switch (f->format) {
    case DFM_DEC:
    case DFM_ADDR: return count(v);
    case DFM_OCT: return octal(v);
    case DFM_BOOL: return json_boolean(v);
    case DFM_I64:
    case DFM_WALL: return json_integer((json_int_t)v);
    case DFM_FEATURES: {
        json_t *a = json_array();
        for (unsigned bit = 0; bit < 32; bit++)
            if (v & (1u << bit))
                json_array_append_new(a, json_string(dropfile_feature_name(bit, buf, sizeof buf)));
        return a;
    }
    default: return json_string(dropfile_field_text(df, f, entry, i, buf, sizeof buf));
    }
}

static json_t *value(const struct dropfile *df, const struct dropfile_field *f, const void *entry)
{
    if (f->count == 1)
        return element(df, f, entry, 0);
    json_t *a = json_array(), *inner = NULL;
    for (unsigned i = 0; i < f->count; i++) {
        if ((f->flags & DFF_VECTOR) && i % 64 == 0)
            json_array_append_new(a, inner = json_array());
        json_array_append_new(inner ? inner : a, element(df, f, entry, i));
    }
    return a;
}

/* Every field of group (of section, for TOP) into o, in table order. */
static json_t *fields_json(json_t *o, const struct dropfile *df, const void *entry, unsigned group,
                           unsigned section)
{
    for (size_t k = 0; k < dropfile_field_count; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        if (f->group != group || (group == DFG_TOP && f->section != section) ||
            (f->flags & DFF_NOJSON))
            continue;
        const char *key = dropfile_field_cond_key(f->cond);
        bool present = dropfile_field_present(f, entry);
        if (!key) {
            SET(o, f->json, present ? value(df, f, entry) : json_null());
        } else if (!present) {
            SET(o, key, json_null());
        } else {
            if (!json_is_object(json_object_get(o, key)))
                SET(o, key, json_object());
            SET(json_object_get(o, key), f->json, value(df, f, entry));
        }
    }
    return o;
}

/* A table of entries as an array of objects. */
static json_t *entries_json(const struct dropfile *df, const void *entries, size_t n, size_t size,
                            unsigned group)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, fields_json(json_object(), df, (const char *)entries + i * size,
                                             group, 0));
    return a;
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

static json_t *dropfile_json(const struct dropfile *df)
{
    json_t *root = json_object(), *o, *a;
    SET(root, "format", json_string("c1-dropfile"));
    SET(root, "format_version", json_integer(DROPFILE_FORMAT_VERSION));

    SET(root, "identity", fields_json(json_object(), df, df, DFG_TOP, SEC_IDENTITY));
    SET(root, "drop", fields_json(json_object(), df, df, DFG_TOP, SEC_DROP));
    SET(root, "machine", fields_json(json_object(), df, df, DFG_TOP, SEC_MACHINE));
    SET(root, "cpu", fields_json(json_object(), df, df, DFG_TOP, SEC_CPU));
    SET(root, "memory", memory_json(df));

    SET(root, "limits", fields_json(json_object(), df, df, DFG_TOP, SEC_LIMITS));
    SET(root, "devices", entries_json(df, df->devices, df->device_count, sizeof *df->devices,
                                      DFG_DEVICE));
    SET(root, "datasets", entries_json(df, df->datasets, df->dataset_count, sizeof *df->datasets,
                                       DFG_DATASET));
    o = json_object();
    a = json_array();
    for (size_t i = 0; i < df->job_stack.count; i++)
        json_array_append_new(a, text(df->job_stack.statements[i]));
    SET(o, "statements", a);
    fields_json(o, df, df, DFG_TOP, SEC_JOBSTACK);
    a = json_array();
    for (size_t i = 0; i < df->job_stack.nesting_count; i++)
        json_array_append_new(a, json_integer(df->job_stack.nesting[i]));
    SET(o, "nesting", a);
    SET(root, "job_stack", o);

    SET(root, "job_symbols", entries_json(df, df->job_symbols, df->job_symbol_count,
                                          sizeof *df->job_symbols, DFG_JOBSYM));
    fields_json(root, df, df, DFG_TOP, SEC_JOBLOG);
    SET(root, "program_symbols", entries_json(df, df->symbols, df->symbol_count,
                                              sizeof *df->symbols, DFG_PROGSYM));
    SET(root, "history", entries_json(df, df->history, df->history_count, sizeof *df->history,
                                      DFG_HISTORY));
    SET(root, "wall_clock", fields_json(json_object(), df, df, DFG_TOP, SEC_WALLCLOCK));

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
