/*
 * dropfile_diff.c - `dropfile diff A B`: the differences of two states,
 * field by field, one line each: "PATH: A-value | B-value".  Registers and
 * words in octal, counts in decimal, strings quoted.  Memory is compared
 * word by word and reported as ranges of word offsets (octal) that differ;
 * datasets, devices and job symbols are matched by name, program symbols as
 * sets, history entries by position.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "dropfile_fields.h"
#include "dropfile_internal.h"
#include "emu/exchange.h"
#include "emu/isa.h"

#define MAX_RANGES 64   /* memory ranges printed before a summary line */

struct differ {
    FILE *out;
    size_t count;
};

static void str(struct differ *d, const char *path, const char *a, const char *b)
{
    if (strcmp(dfstr(a), dfstr(b))) {
        fprintf(d->out, "%s: \"%s\" | \"%s\"\n", path, dfstr(a), dfstr(b));
        d->count++;
    }
}

static void bytes(struct differ *d, const char *path, const uint8_t *a, uint64_t an,
                  const uint8_t *b, uint64_t bn)
{
    uint64_t n = an < bn ? an : bn, i = 0;
    while (i < n && a[i] == b[i])
        i++;
    if (i == n && an == bn)
        return;
    fprintf(d->out, "%s: %" PRIu64 " bytes | %" PRIu64 " bytes, first difference at byte %" PRIu64
            "\n", path, an, bn, i);
    d->count++;
}

/* Element i of field f in x (of state a) and y (of state b): a line if they differ. */
static void element(struct differ *d, const char *path, const struct dropfile_field *f,
                    const struct dropfile *a, const void *x, const struct dropfile *b,
                    const void *y, unsigned i)
{
    char ta[200], tb[200];
    if (f->type == DFT_STR) {
        str(d, path, dropfile_field_string(f, x), dropfile_field_string(f, y));
    } else if (f->type == DFT_BLOB) {
        const uint8_t *const *px = (const void *)((const char *)x + f->offset);
        const uint8_t *const *py = (const void *)((const char *)y + f->offset);
        bytes(d, path, *px, *(const uint64_t *)(px + 1), *py, *(const uint64_t *)(py + 1));
    } else if (dropfile_field_number(a, f, x, i) != dropfile_field_number(b, f, y, i)) {
        fprintf(d->out, "%s: %s | %s\n", path, dropfile_field_text(a, f, x, i, ta, sizeof ta),
                dropfile_field_text(b, f, y, i, tb, sizeof tb));
        d->count++;
    }
}

/* Every element of field f, named prefix + its path [+ octal index]. */
static void field(struct differ *d, const char *prefix, const struct dropfile_field *f,
                  const struct dropfile *a, const void *x, const struct dropfile *b, const void *y)
{
    char p[160];
    if (!dropfile_field_present(f, x) || !dropfile_field_present(f, y))
        return;
    for (unsigned i = 0; i < f->count; i++) {
        int n = snprintf(p, sizeof p, "%s%s", prefix, f->path);
        if (f->flags & DFF_VECTOR)
            snprintf(p + n, sizeof p - (size_t)n, "[%o][%o]", i / 64, i % 64);
        else if (f->count > 1)
            snprintf(p + n, sizeof p - (size_t)n, "[%o]", i);
        element(d, p, f, a, x, b, y, i);
    }
}

/* The table's fields of group (of sections first..last, for TOP).  The
 * exchange package's words are shown only when none of the fields it
 * explains differ (then the bits that differ are the others: error fields). */
static void fields(struct differ *d, const char *prefix, unsigned group, unsigned first,
                   unsigned last, const struct dropfile *a, const void *x,
                   const struct dropfile *b, const void *y)
{
    const struct dropfile_field *package = NULL;
    size_t before = 0;
    for (size_t k = 0; k < dropfile_field_count; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        if (f->group != group || (f->flags & DFF_KEY) || f->section < first || f->section > last)
            continue;
        if (package && !(f->flags & DFF_PACKAGE)) {
            if (d->count == before)
                field(d, prefix, package, a, x, b, y);
            package = NULL;
        }
        if (f->flags & DFF_FALLBACK) {
            package = f;
            before = d->count;
            continue;
        }
        field(d, prefix, f, a, x, b, y);
    }
}

static void diff_memory(struct differ *d, const struct dropfile *a, const struct dropfile *b)
{
    uint32_t n = a->machine.field_words < b->machine.field_words ? a->machine.field_words
                                                                   : b->machine.field_words;
    size_t ranges = 0;
    uint64_t words = 0;
    for (uint32_t w = 0; a->memory && b->memory && w < n;) {
        if (a->memory[w] == b->memory[w]) {
            w++;
            continue;
        }
        uint32_t end = w;
        while (end < n && a->memory[end] != b->memory[end])
            end++;
        if (ranges < MAX_RANGES) {
            if (end - w == 1)
                fprintf(d->out, "memory[%o]: %" PRIo64 " | %" PRIo64 "\n", w, a->memory[w],
                        b->memory[w]);
            else
                fprintf(d->out, "memory[%o-%o]: %u words differ\n", w, end - 1, end - w);
        }
        ranges++;
        words += end - w;
        w = end;
    }
    if (ranges > MAX_RANGES)
        fprintf(d->out, "memory: %zu more ranges differ (%zu ranges, %" PRIu64 " words in all)\n",
                ranges - MAX_RANGES, ranges, words);
    d->count += ranges;
    if (a->machine.field_words != b->machine.field_words) {
        fprintf(d->out, "memory: words %o.. only in the %s field\n", n,
                a->machine.field_words > n ? "first" : "second");
        d->count++;
    }
}

static const struct dropfile_dataset *find_dataset(const struct dropfile *df, const char *n)
{
    for (size_t i = 0; i < df->dataset_count; i++)
        if (!strcmp(dfstr(df->datasets[i].name), n))
            return &df->datasets[i];
    return NULL;
}

static void diff_datasets(struct differ *d, const struct dropfile *a, const struct dropfile *b)
{
    for (size_t i = 0; i < a->dataset_count; i++) {
        const struct dropfile_dataset *x = &a->datasets[i];
        const struct dropfile_dataset *y = find_dataset(b, dfstr(x->name));
        if (y) {
            char base[80];
            snprintf(base, sizeof base, "datasets.%s.", dfstr(x->name));
            fields(d, base, DFG_DATASET, 0, UINT16_MAX, a, x, b, y);
        } else {
            fprintf(d->out, "datasets.%s: only in the first (%s)\n", dfstr(x->name),
                    dropfile_kind_name(x->kind));
            d->count++;
        }
    }
    for (size_t i = 0; i < b->dataset_count; i++)
        if (!find_dataset(a, dfstr(b->datasets[i].name))) {
            fprintf(d->out, "datasets.%s: only in the second (%s)\n", dfstr(b->datasets[i].name),
                    dropfile_kind_name(b->datasets[i].kind));
            d->count++;
        }
}

/* Named pairs (devices as "count", job symbols). */
static void diff_named(struct differ *d, const char *what, const char *const *an,
                       const char *const *av, size_t na, const char *const *bn,
                       const char *const *bv, size_t nb)
{
    char p[160];
    for (size_t i = 0; i < na; i++) {
        size_t j = 0;
        while (j < nb && strcmp(an[i], bn[j]))
            j++;
        snprintf(p, sizeof p, "%s.%s", what, an[i]);
        if (j < nb) {
            str(d, p, av[i], bv[j]);
        } else {
            fprintf(d->out, "%s: only in the first (\"%s\")\n", p, av[i]);
            d->count++;
        }
    }
    for (size_t j = 0; j < nb; j++) {
        size_t i = 0;
        while (i < na && strcmp(an[i], bn[j]))
            i++;
        if (i == na) {
            fprintf(d->out, "%s.%s: only in the second (\"%s\")\n", what, bn[j], bv[j]);
            d->count++;
        }
    }
}

static void diff_pairs(struct differ *d, const struct dropfile *a, const struct dropfile *b)
{
    size_t na = a->job_symbol_count, nb = b->job_symbol_count;
    const char **s = calloc(2 * (na + nb) + 1, sizeof *s);
    if (!s)
        return;
    for (size_t i = 0; i < na; i++) {
        s[i] = dfstr(a->job_symbols[i].name);
        s[na + i] = dfstr(a->job_symbols[i].value);
    }
    for (size_t i = 0; i < nb; i++) {
        s[2 * na + i] = dfstr(b->job_symbols[i].name);
        s[2 * na + nb + i] = dfstr(b->job_symbols[i].value);
    }
    diff_named(d, "job_symbols", s, s + na, na, s + 2 * na, s + 2 * na + nb, nb);
    free(s);
}

static void diff_devices(struct differ *d, const struct dropfile *a, const struct dropfile *b)
{
    size_t na = a->device_count, nb = b->device_count;
    const char **s = calloc(2 * (na + nb) + 1, sizeof *s);
    char *counts = calloc(na + nb + 1, 12);
    if (s && counts) {
        for (size_t i = 0; i < na; i++) {
            s[i] = dfstr(a->devices[i].name);
            snprintf(counts + 12 * i, 12, "%u", a->devices[i].count);
            s[na + i] = counts + 12 * i;
        }
        for (size_t i = 0; i < nb; i++) {
            s[2 * na + i] = dfstr(b->devices[i].name);
            snprintf(counts + 12 * (na + i), 12, "%u", b->devices[i].count);
            s[2 * na + nb + i] = counts + 12 * (na + i);
        }
        diff_named(d, "devices", s, s + na, na, s + 2 * na, s + 2 * na + nb, nb);
    }
    free(s);
    free(counts);
}

static void only_symbol(struct differ *d, const struct dropfile_symbol *s, const char *which)
{
    fprintf(d->out, "program_symbols.%s: only in the %s (value %" PRIo64 ", attributes %o)\n",
            dfstr(s->name), which, s->value, s->attributes);
    d->count++;
}

/* Program symbols, matched by name: a name in both with another value or
 * attributes is one changed line per field; the rest is only in one. */
static void diff_symbols(struct differ *d, const struct dropfile *a, const struct dropfile *b)
{
    size_t na = a->symbol_count, nb = b->symbol_count;
    struct dropfile_symbol *x = malloc((na + 1) * sizeof *x), *y = malloc((nb + 1) * sizeof *y);
    const struct dropfile_symbol **ux = malloc((na + 1) * sizeof *ux);
    const struct dropfile_symbol **uy = malloc((nb + 1) * sizeof *uy);
    if (x && y && ux && uy) {
        memcpy(x, a->symbols, na * sizeof *x);
        memcpy(y, b->symbols, nb * sizeof *y);
        qsort(x, na, sizeof *x, dropfile_cmp_symbol);
        qsort(y, nb, sizeof *y, dropfile_cmp_symbol);
        size_t i = 0, j = 0;
        while (i < na || j < nb) {
            /* The entries of one name, the same ones in both left out. */
            const char *name = i < na && (j == nb || strcmp(dfstr(x[i].name), dfstr(y[j].name)) <= 0)
                                   ? dfstr(x[i].name) : dfstr(y[j].name);
            size_t cx = 0, cy = 0;
            while (i < na || j < nb) {
                bool in_x = i < na && !strcmp(dfstr(x[i].name), name);
                bool in_y = j < nb && !strcmp(dfstr(y[j].name), name);
                int c = in_x && in_y ? dropfile_cmp_symbol(&x[i], &y[j]) : in_x ? -1 : 1;
                if (!in_x && !in_y)
                    break;
                if (!c) {
                    i++;
                    j++;
                } else if (c < 0) {
                    ux[cx++] = &x[i++];
                } else {
                    uy[cy++] = &y[j++];
                }
            }
            char base[160];
            snprintf(base, sizeof base, "program_symbols.%s.", name);
            for (size_t k = 0; k < cx && k < cy; k++)
                fields(d, base, DFG_PROGSYM, 0, UINT16_MAX, a, ux[k], b, uy[k]);
            for (size_t k = cy; k < cx; k++)
                only_symbol(d, ux[k], "first");
            for (size_t k = cx; k < cy; k++)
                only_symbol(d, uy[k], "second");
        }
    }
    free(x);
    free(y);
    free(ux);
    free(uy);
}

static void diff_history(struct differ *d, const struct dropfile *a, const struct dropfile *b)
{
    size_t n = a->history_count > b->history_count ? a->history_count : b->history_count;
    char base[40], p[80];
    for (size_t i = 0; i < n; i++) {
        snprintf(base, sizeof base, "history[%zu]", i);
        if (i >= a->history_count || i >= b->history_count) {
            const struct dropfile_history *h = i < a->history_count ? &a->history[i] : &b->history[i];
            fprintf(d->out, "%s: only in the %s: %s at site %s by %s, clock %" PRIu64 "\n", base,
                    i < a->history_count ? "first" : "second", dropfile_event_name(h->event),
                    dfstr(h->site), dfstr(h->user), h->clock);
            d->count++;
            continue;
        }
        snprintf(p, sizeof p, "%s.", base);
        fields(d, p, DFG_HISTORY, 0, UINT16_MAX, a, &a->history[i], b, &b->history[i]);
    }
}

size_t dropfile_diff(FILE *out, const struct dropfile *a, const struct dropfile *b)
{
    struct differ d = {out, 0};
    char p[64];
    fields(&d, "", DFG_TOP, SEC_IDENTITY, SEC_CPU, a, a, b, b);
    diff_memory(&d, a, b);
    fields(&d, "", DFG_TOP, SEC_LIMITS, SEC_LIMITS, a, a, b, b);
    diff_devices(&d, a, b);
    diff_datasets(&d, a, b);
    size_t n = a->job_stack.count > b->job_stack.count ? a->job_stack.count : b->job_stack.count;
    for (size_t i = 0; i < n; i++) {
        snprintf(p, sizeof p, "job_stack.statements[%zu]", i);
        if (i >= a->job_stack.count || i >= b->job_stack.count) {
            fprintf(out, "%s: only in the %s: \"%s\"\n", p, i < a->job_stack.count ? "first" : "second",
                    i < a->job_stack.count ? a->job_stack.statements[i] : b->job_stack.statements[i]);
            d.count++;
        } else {
            str(&d, p, a->job_stack.statements[i], b->job_stack.statements[i]);
        }
    }
    fields(&d, "", DFG_TOP, SEC_JOBSTACK, SEC_JOBSTACK, a, a, b, b);
    bool same = a->job_stack.nesting_count == b->job_stack.nesting_count;
    for (size_t i = 0; same && i < a->job_stack.nesting_count; i++)
        same = a->job_stack.nesting[i] == b->job_stack.nesting[i];
    if (!same) {
        fprintf(out, "job_stack.nesting:");
        for (size_t i = 0; i < a->job_stack.nesting_count; i++)
            fprintf(out, " %" PRId64, a->job_stack.nesting[i]);
        fprintf(out, " |");
        for (size_t i = 0; i < b->job_stack.nesting_count; i++)
            fprintf(out, " %" PRId64, b->job_stack.nesting[i]);
        fprintf(out, "\n");
        d.count++;
    }
    diff_pairs(&d, a, b);
    const char *la = dfstr(a->job_log), *lb = dfstr(b->job_log);
    bytes(&d, "job_log", (const uint8_t *)la, strlen(la), (const uint8_t *)lb, strlen(lb));
    diff_symbols(&d, a, b);
    diff_history(&d, a, b);
    fields(&d, "", DFG_TOP, SEC_WALLCLOCK, SEC_WALLCLOCK, a, a, b, b);
    for (size_t i = 0, j = 0; i < a->unknown_count || j < b->unknown_count;) {
        const struct dropfile_unknown *x = i < a->unknown_count ? &a->unknown[i] : NULL;
        const struct dropfile_unknown *y = j < b->unknown_count ? &b->unknown[j] : NULL;
        if (x && y && x->type == y->type) {
            snprintf(p, sizeof p, "unknown_sections.0x%04x", x->type);
            bytes(&d, p, x->payload, x->size, y->payload, y->size);
            i++;
            j++;
        } else {
            bool first = x && (!y || x->type < y->type);
            fprintf(out, "unknown_sections.0x%04x: only in the %s\n", first ? x->type : y->type,
                    first ? "first" : "second");
            d.count++;
            first ? i++ : j++;
        }
    }
    return d.count;
}
