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
#include "dropfile_internal.h"
#include "emu/exchange.h"
#include "emu/isa.h"

#define MAX_RANGES 64   /* memory ranges printed before a summary line */

struct differ {
    FILE *out;
    size_t count;
};

static void num(struct differ *d, const char *path, uint64_t a, uint64_t b)
{
    if (a != b) {
        fprintf(d->out, "%s: %" PRIu64 " | %" PRIu64 "\n", path, a, b);
        d->count++;
    }
}

static void oct(struct differ *d, const char *path, uint64_t a, uint64_t b)
{
    if (a != b) {
        fprintf(d->out, "%s: %" PRIo64 " | %" PRIo64 "\n", path, a, b);
        d->count++;
    }
}

static void str(struct differ *d, const char *path, const char *a, const char *b)
{
    if (strcmp(dfstr(a), dfstr(b))) {
        fprintf(d->out, "%s: \"%s\" | \"%s\"\n", path, dfstr(a), dfstr(b));
        d->count++;
    }
}

static void name(struct differ *d, const char *path, const char *a, const char *b)
{
    if (strcmp(a, b)) {
        fprintf(d->out, "%s: %s | %s\n", path, a, b);
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

static const char *p1(char *buf, size_t size, const char *fmt, const char *a)
{
    snprintf(buf, size, fmt, a);
    return buf;
}

static void diff_cpu(struct differ *d, const struct dropfile *a, const struct dropfile *b)
{
    const struct dropfile_cpu *x = &a->cpu, *y = &b->cpu;
    char p[64];
    struct cpu *ta = calloc(1, sizeof *ta), *tb = calloc(1, sizeof *tb);
    if (ta && tb) {
        size_t before = d->count;
        ta->model = a->machine.model;
        tb->model = b->machine.model;
        exchange_unpack(ta, x->package);
        exchange_unpack(tb, y->package);
        oct(d, "cpu.p", ta->p, tb->p);
        for (int i = 0; i < 8; i++) {
            snprintf(p, sizeof p, "cpu.a[%d]", i);
            oct(d, p, ta->a[i], tb->a[i]);
        }
        for (int i = 0; i < 8; i++) {
            snprintf(p, sizeof p, "cpu.s[%d]", i);
            oct(d, p, ta->s[i], tb->s[i]);
        }
        oct(d, "cpu.vl", ta->vl, tb->vl);
        oct(d, "cpu.flags", ta->flags, tb->flags);
        oct(d, "cpu.xa", ta->xa, tb->xa);
        oct(d, "cpu.base", x->base, y->base);
        oct(d, "cpu.limit", x->limit, y->limit);
        oct(d, "cpu.ibase", x->ibase, y->ibase);
        oct(d, "cpu.ilimit", x->ilimit, y->ilimit);
        /* Bits of the package the fields above do not explain (error fields). */
        if (d->count == before)
            for (int w = 0; w < 16; w++) {
                snprintf(p, sizeof p, "cpu.exchange_package[%d]", w);
                oct(d, p, x->package[w], y->package[w]);
            }
    }
    free(ta);
    free(tb);
    oct(d, "cpu.modes", x->modes, y->modes);
    num(d, "cpu.monitor_exit", x->monitor_exit, y->monitor_exit);
    num(d, "cpu.cluster", x->cluster, y->cluster);
    num(d, "cpu.processor", x->processor, y->processor);
    for (int i = 0; i < 64; i++) {
        snprintf(p, sizeof p, "cpu.b[%d]", i);
        oct(d, p, x->b[i], y->b[i]);
    }
    for (int i = 0; i < 64; i++) {
        snprintf(p, sizeof p, "cpu.t[%d]", i);
        oct(d, p, x->t[i], y->t[i]);
    }
    for (int r = 0; r < 8; r++)
        for (int e = 0; e < 64; e++) {
            snprintf(p, sizeof p, "cpu.v[%d][%d]", r, e);
            oct(d, p, x->v[r][e], y->v[r][e]);
        }
    oct(d, "cpu.vm", x->vm, y->vm);
    num(d, "cpu.clock", x->clock, y->clock);
    oct(d, "cpu.rt_offset", x->rt_offset, y->rt_offset);
    num(d, "cpu.clock_interval", x->clock_interval, y->clock_interval);
    num(d, "cpu.clock_countdown", x->clock_countdown, y->clock_countdown);
    num(d, "cpu.instructions", x->instructions, y->instructions);
    num(d, "cpu.flops", x->flops, y->flops);
    num(d, "cpu.vector_elements", x->vector_elements, y->vector_elements);
    num(d, "cpu.shared", x->has_shared, y->has_shared);
    if (x->has_shared && y->has_shared) {
        for (int i = 0; i < 8; i++) {
            snprintf(p, sizeof p, "cpu.shared.sb[%d]", i);
            oct(d, p, x->sb[i], y->sb[i]);
            snprintf(p, sizeof p, "cpu.shared.st[%d]", i);
            oct(d, p, x->st[i], y->st[i]);
        }
        oct(d, "cpu.shared.semaphores", x->semaphores, y->semaphores);
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

static void diff_dataset(struct differ *d, const struct dropfile_dataset *x,
                         const struct dropfile_dataset *y)
{
    char base[80], p[128];
    snprintf(base, sizeof base, "datasets.%s", dfstr(x->name));
    name(d, p1(p, sizeof p, "%s.kind", base), dropfile_kind_name(x->kind), dropfile_kind_name(y->kind));
    name(d, p1(p, sizeof p, "%s.mode", base), dropfile_mode_name(x->mode), dropfile_mode_name(y->mode));
    oct(d, p1(p, sizeof p, "%s.flags", base), x->flags, y->flags);
    num(d, p1(p, sizeof p, "%s.file", base), x->file, y->file);
    num(d, p1(p, sizeof p, "%s.record", base), x->record, y->record);
    num(d, p1(p, sizeof p, "%s.word", base), x->word, y->word);
    num(d, p1(p, sizeof p, "%s.has_contents", base), x->has_contents, y->has_contents);
    bytes(d, p1(p, sizeof p, "%s.contents", base), x->contents, x->contents_size, y->contents,
          y->contents_size);
    num(d, p1(p, sizeof p, "%s.permanent", base), x->permanent, y->permanent);
    str(d, p1(p, sizeof p, "%s.owner", base), x->owner, y->owner);
    str(d, p1(p, sizeof p, "%s.permanent_name", base), x->permanent_name, y->permanent_name);
    str(d, p1(p, sizeof p, "%s.permanent_id", base), x->permanent_id, y->permanent_id);
    if (x->content_hash != y->content_hash) {
        fprintf(d->out, "%s.content_hash: %016" PRIx64 " | %016" PRIx64 "\n", base,
                x->content_hash, y->content_hash);
        d->count++;
    }
    num(d, p1(p, sizeof p, "%s.content_size", base), x->content_size, y->content_size);
}

static void diff_datasets(struct differ *d, const struct dropfile *a, const struct dropfile *b)
{
    for (size_t i = 0; i < a->dataset_count; i++) {
        const struct dropfile_dataset *x = &a->datasets[i];
        const struct dropfile_dataset *y = find_dataset(b, dfstr(x->name));
        if (y) {
            diff_dataset(d, x, y);
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

static void diff_symbols(struct differ *d, const struct dropfile *a, const struct dropfile *b)
{
    struct dropfile_symbol *x = malloc((a->symbol_count + 1) * sizeof *x);
    struct dropfile_symbol *y = malloc((b->symbol_count + 1) * sizeof *y);
    if (x && y) {
        memcpy(x, a->symbols, a->symbol_count * sizeof *x);
        memcpy(y, b->symbols, b->symbol_count * sizeof *y);
        qsort(x, a->symbol_count, sizeof *x, dropfile_cmp_symbol);
        qsort(y, b->symbol_count, sizeof *y, dropfile_cmp_symbol);
        size_t i = 0, j = 0;
        while (i < a->symbol_count || j < b->symbol_count) {
            int c = i == a->symbol_count ? 1 : j == b->symbol_count ? -1
                                                                     : dropfile_cmp_symbol(&x[i], &y[j]);
            if (!c) {
                i++;
                j++;
                continue;
            }
            const struct dropfile_symbol *s = c < 0 ? &x[i++] : &y[j++];
            fprintf(d->out, "program_symbols.%s: only in the %s (value %" PRIo64 ", attributes %o)\n",
                    dfstr(s->name), c < 0 ? "first" : "second", s->value, s->attributes);
            d->count++;
        }
    }
    free(x);
    free(y);
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
        const struct dropfile_history *x = &a->history[i], *y = &b->history[i];
        name(d, p1(p, sizeof p, "%s.event", base), dropfile_event_name(x->event),
             dropfile_event_name(y->event));
        str(d, p1(p, sizeof p, "%s.site", base), x->site, y->site);
        str(d, p1(p, sizeof p, "%s.user", base), x->user, y->user);
        num(d, p1(p, sizeof p, "%s.clock", base), x->clock, y->clock);
        str(d, p1(p, sizeof p, "%s.reason", base), x->reason, y->reason);
        str(d, p1(p, sizeof p, "%s.note", base), x->note, y->note);
        num(d, p1(p, sizeof p, "%s.wall_time", base), (uint64_t)x->wall_time, (uint64_t)y->wall_time);
    }
}

size_t dropfile_diff(FILE *out, const struct dropfile *a, const struct dropfile *b)
{
    struct differ d = {out, 0};
    char p[64], fa[200], fb[200];
    str(&d, "identity.job_name", a->identity.job_name, b->identity.job_name);
    str(&d, "identity.job_id", a->identity.job_id, b->identity.job_id);
    str(&d, "identity.user", a->identity.user, b->identity.user);
    str(&d, "identity.account", a->identity.account, b->identity.account);
    str(&d, "identity.class", a->identity.job_class, b->identity.job_class);
    num(&d, "identity.priority", a->identity.priority, b->identity.priority);
    str(&d, "identity.site", a->identity.site, b->identity.site);
    str(&d, "identity.output_name", a->identity.output_name, b->identity.output_name);
    name(&d, "drop.reason", dropfile_reason_name(a->drop.reason), dropfile_reason_name(b->drop.reason));
    num(&d, "drop.clock", a->drop.clock, b->drop.clock);
    str(&d, "drop.note", a->drop.note, b->drop.note);
    name(&d, "machine.model", isa_model_name(a->machine.model), isa_model_name(b->machine.model));
    name(&d, "machine.features_used", isa_feature_names(a->machine.features_used, fa, sizeof fa),
         isa_feature_names(b->machine.features_used, fb, sizeof fb));
    num(&d, "machine.field_words", a->machine.field_words, b->machine.field_words);
    num(&d, "machine.memory_words", a->machine.memory_words, b->machine.memory_words);
    num(&d, "machine.pc_count", a->machine.pc_count, b->machine.pc_count);
    diff_cpu(&d, a, b);
    diff_memory(&d, a, b);
    num(&d, "limits.cpu_limit", a->limits.cpu_limit, b->limits.cpu_limit);
    num(&d, "limits.cpu_used", a->limits.cpu_used, b->limits.cpu_used);
    num(&d, "limits.output_limit", a->limits.output_limit, b->limits.output_limit);
    num(&d, "limits.output_used", a->limits.output_used, b->limits.output_used);
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
    num(&d, "job_stack.current", a->job_stack.current, b->job_stack.current);
    num(&d, "job_stack.nesting_version", a->job_stack.nesting_version, b->job_stack.nesting_version);
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
    num(&d, "wall_clock.written", (uint64_t)a->written_wall, (uint64_t)b->written_wall);
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
