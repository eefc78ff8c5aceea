/*
 * dropfile_text.c - a dropfile for people: the one-screen summary of
 * `dropfile info` and the field-by-field text of `dropfile dump`.
 * Registers and words in octal, as on the machine; clocks with their time
 * at the model's clock period (12.5 ns Cray-1, 9.5 ns X-MP).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu/cpu.h"
#include "dropfile_fields.h"
#include "dropfile_internal.h"
#include "emu/exchange.h"
#include "emu/isa.h"

static double seconds(const struct dropfile *df, uint64_t clocks)
{
    return (double)clocks * (df->machine.model == MODEL_XMP ? 9.5 : 12.5) * 1e-9;
}

static const char *wall(int64_t t, char *buf, size_t size) { return dropfile_wall_text(t, buf, size); }

/* The table's fields of a section, one "  label value" line each. */
static void print_fields(FILE *out, const struct dropfile *df, unsigned section)
{
    char buf[200];
    for (size_t k = 0; k < dropfile_field_count; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        if (f->group == DFG_TOP && f->section == section)
            fprintf(out, "  %s %s\n", f->label, dropfile_field_text(df, f, df, 0, buf, sizeof buf));
    }
}

/* The first line of a text, at most max characters, for summaries. */
static void first_line(FILE *out, const char *s, int max)
{
    s = dfstr(s);
    int n = (int)strcspn(s, "\n");
    fprintf(out, "%.*s%s", n < max ? n : max, s, n > max ? "..." : "");
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (s = dfstr(s); *s; s++)
        n += *s == '\n';
    return n;
}

static void print_modes(FILE *out, uint32_t modes)
{
    static const char *const names[] = {"monitor", "fp-interrupt", "correctable-int",
                                        "uncorrectable-int", "monitor-int", "range-interrupt",
                                        "bidirectional", "clock-enabled", "fp-status"};
    fprintf(out, "%03o", modes);
    for (unsigned b = 0; b < 9; b++)
        if (modes & (1u << b))
            fprintf(out, " %s", names[b]);
}

static void print_flags(FILE *out, uint32_t flags)
{
    static const char *const names[] = {"normal-exit", "error-exit", "io", "memory-error",
                                        "program-range", "operand-range", "floating-error",
                                        "mcu", "clock"};
    fprintf(out, "%03o", flags);
    for (unsigned b = 0; b < 9; b++)
        if (flags & (1u << b))
            fprintf(out, " %s", names[b]);
}

void dropfile_print_info(FILE *out, const struct dropfile *df, uint64_t file_size)
{
    char buf[200];
    uint64_t digest = 0;
    dropfile_digest(df, &digest, NULL);
    fprintf(out, "job       %s  id %s  user %s  account %s  class %s  priority %u\n",
            dfstr(df->identity.job_name), dfstr(df->identity.job_id), dfstr(df->identity.user),
            dfstr(df->identity.account), dfstr(df->identity.job_class), df->identity.priority);
    fprintf(out, "site      %s   output name %s\n", dfstr(df->identity.site),
            dfstr(df->identity.output_name));
    fprintf(out, "dropped   %s at clock %" PRIu64 " (%.6f s)%s%s\n",
            dropfile_reason_name(df->drop.reason), df->drop.clock, seconds(df, df->drop.clock),
            df->drop.note && df->drop.note[0] ? ": " : "", dfstr(df->drop.note));
    isa_feature_names(df->machine.features_used, buf, sizeof buf);
    fprintf(out, "machine   %s, features used: %s; field %u words (%o octal); ran on %u words",
            isa_model_name(df->machine.model), buf[0] ? buf : "none", df->machine.field_words,
            df->machine.field_words, df->machine.memory_words);
    if (df->machine.pc_count)
        fprintf(out, ", %u PCs", df->machine.pc_count);
    fprintf(out, "\n");
    struct cpu *tmp = calloc(1, sizeof *tmp);
    if (tmp) {
        tmp->model = df->machine.model;
        exchange_unpack(tmp, df->cpu.package);
        fprintf(out, "cpu       P=%o  VL=%o  F=", tmp->p, tmp->vl);
        print_flags(out, tmp->flags);
        fprintf(out, "  modes=");
        print_modes(out, df->cpu.modes);
        fprintf(out, "\n          A0-A7");
        for (int i = 0; i < 8; i++)
            fprintf(out, " %o", tmp->a[i]);
        fprintf(out, "\n");
        free(tmp);
    }
    fprintf(out, "time      used %" PRIu64 " of %" PRIu64 " clocks (%.6f of %.6f s)\n",
            df->limits.cpu_used, df->limits.cpu_limit, seconds(df, df->limits.cpu_used),
            seconds(df, df->limits.cpu_limit));
    if (df->limits.output_limit)
        fprintf(out, "output    %" PRIu64 " records of $OUT, of %" PRIu64 " (OLM)\n",
                df->limits.output_used, df->limits.output_limit);
    else
        fprintf(out, "output    %" PRIu64 " records of $OUT (no OLM)\n", df->limits.output_used);
    size_t local = 0, perm = 0;
    uint64_t bytes = 0;
    for (size_t i = 0; i < df->dataset_count; i++) {
        local += df->datasets[i].has_contents;
        perm += df->datasets[i].permanent;
        bytes += df->datasets[i].contents_size;
    }
    fprintf(out, "datasets  %zu (%zu with contents, %" PRIu64 " bytes; %zu permanent)", df->dataset_count,
            local, bytes, perm);
    for (size_t i = 0; i < df->dataset_count && i < 6; i++)
        fprintf(out, "%s%s", i ? " " : ": ", dfstr(df->datasets[i].name));
    fprintf(out, "%s\n", df->dataset_count > 6 ? " ..." : "");
    if (df->device_count) {
        fprintf(out, "devices  ");
        for (size_t i = 0; i < df->device_count; i++)
            fprintf(out, " *%s=%u", dfstr(df->devices[i].name), df->devices[i].count);
        fprintf(out, "\n");
    }
    fprintf(out, "job stack %zu statements, at %u", df->job_stack.count, df->job_stack.current);
    if (df->job_stack.current < df->job_stack.count) {
        fprintf(out, ": ");
        first_line(out, df->job_stack.statements[df->job_stack.current], 50);
    }
    fprintf(out, "\nsymbols   %zu program symbols, %zu job symbols; job log %zu lines\n",
            df->symbol_count, df->job_symbol_count, count_lines(df->job_log));
    fprintf(out, "history   %zu entr%s", df->history_count, df->history_count == 1 ? "y" : "ies");
    if (df->history_count) {
        const struct dropfile_history *h = &df->history[df->history_count - 1];
        fprintf(out, "; last: %s at %s by %s, clock %" PRIu64 ", %s",
                dropfile_event_name(h->event), dfstr(h->site), dfstr(h->user), h->clock,
                wall(h->wall_time, buf, sizeof buf));
    }
    fprintf(out, "\nwritten   %s", wall(df->written_wall, buf, sizeof buf));
    if (file_size)
        fprintf(out, "   file %" PRIu64 " bytes", file_size);
    fprintf(out, "\ndigest    %016" PRIx64 "\n", digest);
    if (df->unknown_count)
        fprintf(out, "note      %zu unknown sections kept\n", df->unknown_count);
}

static void print_memory(FILE *out, const struct dropfile *df)
{
    uint32_t n = df->machine.field_words;
    bool starred = false;
    for (uint32_t w = 0; df->memory && w < n; w += 4) {
        uint32_t k = n - w < 4 ? n - w : 4;
        bool zero = true;
        for (uint32_t i = 0; i < k; i++)
            zero = zero && !df->memory[w + i];
        if (zero && w + 4 < n) {
            if (!starred)
                fprintf(out, "  *\n");
            starred = true;
            continue;
        }
        starred = false;
        fprintf(out, "  %08o ", w);
        for (uint32_t i = 0; i < k; i++)
            fprintf(out, " %022" PRIo64, df->memory[w + i]);
        fprintf(out, "\n");
    }
}

void dropfile_print_text(FILE *out, const struct dropfile *df)
{
    char buf[200];
    const struct dropfile_cpu *c = &df->cpu;
    fprintf(out, "IDENTITY\n");
    print_fields(out, df, SEC_IDENTITY);
    fprintf(out, "DROP\n");
    print_fields(out, df, SEC_DROP);
    fprintf(out, "MACHINE\n");
    print_fields(out, df, SEC_MACHINE);
    fprintf(out, "CPU\n  exchange package:\n");
    for (int w = 0; w < 16; w++)
        fprintf(out, "    %02o  %022" PRIo64 "\n", w, c->package[w]);
    struct cpu *tmp = calloc(1, sizeof *tmp);
    if (tmp) {
        tmp->model = df->machine.model;
        exchange_unpack(tmp, c->package);
        fprintf(out, "  P %o\n  VL %o\n  XA %o\n  F ", tmp->p, tmp->vl, tmp->xa);
        print_flags(out, tmp->flags);
        fprintf(out, "\n");
        for (int i = 0; i < 8; i++)
            fprintf(out, "  A%o %08o    S%o %022" PRIo64 "\n", i, tmp->a[i], i, tmp->s[i]);
        free(tmp);
    }
    fprintf(out, "  base %o  limit %o  ibase %o  ilimit %o\n  modes ", c->base, c->limit,
            c->ibase, c->ilimit);
    print_modes(out, c->modes);
    fprintf(out, "\n  monitor exit %s  cluster %u  processor %u\n",
            c->monitor_exit ? "yes" : "no", c->cluster, c->processor);
    for (int i = 0; i < 64; i += 4)
        fprintf(out, "  B%02o %08o  B%02o %08o  B%02o %08o  B%02o %08o\n", i, c->b[i], i + 1,
                c->b[i + 1], i + 2, c->b[i + 2], i + 3, c->b[i + 3]);
    for (int i = 0; i < 64; i += 2)
        fprintf(out, "  T%02o %022" PRIo64 "  T%02o %022" PRIo64 "\n", i, c->t[i], i + 1,
                c->t[i + 1]);
    for (int r = 0; r < 8; r++)
        for (int e = 0; e < 64; e += 2)
            fprintf(out, "  V%o[%02o] %022" PRIo64 "  V%o[%02o] %022" PRIo64 "\n", r, e,
                    c->v[r][e], r, e + 1, c->v[r][e + 1]);
    fprintf(out, "  VM %022" PRIo64 "\n  clock %" PRIu64 "  rt offset %" PRIo64
            "  RT %" PRIu64 "\n  programmable clock interval %u countdown %u\n"
            "  instructions %" PRIu64 "  flops %" PRIu64 "  vector elements %" PRIu64 "\n",
            c->vm, c->clock, c->rt_offset, c->clock + c->rt_offset, c->clock_interval,
            c->clock_countdown, c->instructions, c->flops, c->vector_elements);
    if (c->has_shared) {
        for (int i = 0; i < 8; i++)
            fprintf(out, "  SB%o %08o  ST%o %022" PRIo64 "\n", i, c->sb[i], i, c->st[i]);
        fprintf(out, "  semaphores %011o\n", c->semaphores);
    }
    fprintf(out, "MEMORY (%u words; octal word offsets; * = zero words)\n", df->machine.field_words);
    print_memory(out, df);
    fprintf(out, "LIMITS\n  cpu %" PRIu64 " clocks, used %" PRIu64 "\n  output %" PRIu64
            " records of $OUT (OLM; 0: none), used %" PRIu64 "\n", df->limits.cpu_limit,
            df->limits.cpu_used, df->limits.output_limit, df->limits.output_used);
    for (size_t i = 0; i < df->device_count; i++)
        fprintf(out, "  device %s count %u\n", dfstr(df->devices[i].name), df->devices[i].count);
    fprintf(out, "DATASETS (%zu)\n", df->dataset_count);
    for (size_t i = 0; i < df->dataset_count; i++) {
        const struct dropfile_dataset *d = &df->datasets[i];
        fprintf(out, "  %-8s %-9s %-2s flags %o  file %" PRIu64 " record %" PRIu64 " word %" PRIu64,
                dfstr(d->name), dropfile_kind_name(d->kind), dropfile_mode_name(d->mode), d->flags,
                d->file, d->record, d->word);
        if (d->has_contents)
            fprintf(out, "  contents %" PRIu64 " bytes (hash %016" PRIx64 ")", d->contents_size,
                    dropfile_content_hash(d->contents, (size_t)d->contents_size));
        if (d->permanent)
            fprintf(out, "  permanent %s/%s id %s hash %016" PRIx64 " size %" PRIu64,
                    dfstr(d->owner), dfstr(d->permanent_name), dfstr(d->permanent_id),
                    d->content_hash, d->content_size);
        fprintf(out, "\n");
    }
    fprintf(out, "JOBSTACK (%zu statements, current %u, nesting version %u:", df->job_stack.count,
            df->job_stack.current, df->job_stack.nesting_version);
    for (size_t i = 0; i < df->job_stack.nesting_count; i++)
        fprintf(out, " %" PRId64, df->job_stack.nesting[i]);
    fprintf(out, ")\n");
    for (size_t i = 0; i < df->job_stack.count; i++)
        fprintf(out, "  %s%4zu %s\n", i == df->job_stack.current ? ">" : " ", i,
                df->job_stack.statements[i]);
    fprintf(out, "JOBSYMS\n");
    for (size_t i = 0; i < df->job_symbol_count; i++)
        fprintf(out, "  %s = %s\n", dfstr(df->job_symbols[i].name), dfstr(df->job_symbols[i].value));
    fprintf(out, "JOBLOG (%zu lines)\n", count_lines(df->job_log));
    for (const char *s = dfstr(df->job_log); *s;) {
        int n = (int)strcspn(s, "\n");
        fprintf(out, "  | %.*s\n", n, s);
        s += n + (s[n] == '\n');
    }
    fprintf(out, "PROGSYMS (%zu)\n", df->symbol_count);
    for (size_t i = 0; i < df->symbol_count; i++)
        fprintf(out, "  %-8s %022" PRIo64 " attributes %o\n", dfstr(df->symbols[i].name),
                df->symbols[i].value, df->symbols[i].attributes);
    fprintf(out, "HISTORY (%zu)\n", df->history_count);
    for (size_t i = 0; i < df->history_count; i++) {
        const struct dropfile_history *h = &df->history[i];
        fprintf(out, "  %zu %s site %s user %s clock %" PRIu64 " at %s  reason: %s  note: %s\n",
                i, dropfile_event_name(h->event), dfstr(h->site), dfstr(h->user), h->clock,
                wall(h->wall_time, buf, sizeof buf), dfstr(h->reason), dfstr(h->note));
    }
    fprintf(out, "WALLCLOCK\n");
    print_fields(out, df, SEC_WALLCLOCK);
    for (size_t i = 0; i < df->unknown_count; i++)
        fprintf(out, "UNKNOWN SECTION type 0x%04x version %u flags %x: %" PRIu64 " bytes\n",
                df->unknown[i].type, df->unknown[i].version, df->unknown[i].flags,
                df->unknown[i].size);
}
