/*
 * listing.c - the octal listing (cal-syntax.md section 7): one line per
 * statement with the error flags (columns 2-8), the location as octal word
 * address and parcel letter (10-18), the generated code or value (20-44) and
 * the source (45-), then the error summary and the symbol table.
 *
 * Pass 2 builds each statement's lines into its record (cal_list_record);
 * cal_list_summary() joins them with the error flags once every
 * diagnostic is known.  Locations are relative to the statement's section,
 * as in a relocatable listing.  What a statement puts in the code column
 * is in a->list, filled by the statement's own file as it assembles.
 *
 * May use: diag.c (the meanings of the error letters), value.c, lex.c.
 */
#include "cal_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CODE_COLUMN 19
#define SOURCE_COLUMN 44
#define MAX_DATA_LINES 64

static void location_text(char *out, size_t size, uint64_t bits)
{
    snprintf(out, size, "%8" PRIo64 "%c", bits / 64, (char)('a' + (bits % 64) / 16));
}

static void start_line(struct cal_buf *b, size_t *line_start)
{
    if (b->length)
        buf_add(b, "\n", 1);
    *line_start = b->length;
}

void cal_list_record(struct cal_asm *a, struct cal_record *r)
{
    struct cal_buf b = {0};
    size_t ls = 0;
    const struct cal_list_state *l = &a->list;
    if (l->eject)
        buf_add(&b, "\f", 1);
    start_line(&b, &ls);
    if (r->kind != REC_BLANK) {
        buf_pad(&b, ls, 1);
        char loc[32];
        buf_pad(&b, ls, 9);
        if (l->has_location) {
            location_text(loc, sizeof loc, l->location_bits);
            buf_str(&b, loc);
        }
        buf_pad(&b, ls, CODE_COLUMN);
        /* The code column of the first line. */
        int data_lines = 0;
        uint64_t data_word = l->data_start / 64;
        uint64_t last_word = l->data_end ? (l->data_end - 1) / 64 : 0;
        bool has_data = l->data && l->data_end > l->data_start && a->image;
        if (l->code_lines) {
            buf_str(&b, l->code[0]);
        } else if (l->has_value) {
            char v[40];
            if (l->value < 0)
                snprintf(v, sizeof v, "-%" PRIo64, (uint64_t)0 - (uint64_t)l->value);
            else
                snprintf(v, sizeof v, "%" PRIo64, (uint64_t)l->value);
            buf_printf(&b, "%22s", v);
        }
        buf_pad(&b, ls, SOURCE_COLUMN);
        size_t source_at = b.length;
        buf_str(&b, r->text);
        (void)source_at;
        /* Data lines: the bits this statement emitted, word by word. */
        for (uint64_t w = data_word; has_data && w <= last_word; w++) {
            if (++data_lines > MAX_DATA_LINES) {
                start_line(&b, &ls);
                buf_str(&b, "                   ...");
                break;
            }
            uint64_t lo = l->data_start > w * 64 ? l->data_start : w * 64;
            uint64_t hi = l->data_end < w * 64 + 64 ? l->data_end : w * 64 + 64;
            unsigned n = (unsigned)(hi - lo);
            uint64_t word = w < a->image_words ? a->image[w] : 0;
            uint64_t bits = (word >> (64 - (lo % 64) - n)) & (n == 64 ? ~0ULL : (1ULL << n) - 1);
            bool reloc = false;
            for (int k = 0; k < l->reloc_count; k++)
                if (l->reloc_words[k] == w)
                    reloc = true;
            char text[48];
            snprintf(text, sizeof text, "%0*" PRIo64 "%s", (int)((n + 2) / 3), bits,
                     reloc ? "+" : "");
            if (data_lines > 1) {
                start_line(&b, &ls);
                buf_pad(&b, ls, 9);
                location_text(loc, sizeof loc, l->location_bits + (lo - l->data_start));
                buf_str(&b, loc);
                buf_pad(&b, ls, CODE_COLUMN);
                buf_str(&b, text);
            } else {
                /* Put the first word into the first line's code column. */
                size_t end = b.length;
                char *line = b.data + ls;
                size_t len = strlen(text);
                if (!b.failed && end - ls > CODE_COLUMN + len)
                    memcpy(line + CODE_COLUMN, text, len);
            }
        }
    }
    for (int s = 0; s < l->space; s++)
        buf_add(&b, "\n", 1);
    if (b.failed) {
        free(b.data);
        a->out_of_memory = true;
        return;
    }
    free(r->list_text);
    r->list_text = b.data ? b.data : cal_strndup("", 0);
}

/* ---- the whole listing -------------------------------------------------------------------- */

struct sort_entry {
    const struct cal_symbol *sym;
};

static int compare_entries(const void *x, const void *y)
{
    const struct cal_symbol *a = ((const struct sort_entry *)x)->sym;
    const struct cal_symbol *b = ((const struct sort_entry *)y)->sym;
    if (a->scope != b->scope)
        return a->scope < b->scope ? -1 : 1;
    int c = strcmp(a->qual, b->qual);
    return c ? c : strcmp(a->name, b->name);
}

static void symbol_table(struct cal_asm *a, struct cal_buf *b)
{
    struct sort_entry *list = malloc((a->symbol_count + 1) * sizeof *list);
    if (!list) {
        a->out_of_memory = true;
        return;
    }
    size_t n = 0;
    for (size_t s = 0; s < a->symbol_count; s++)
        if (a->symbols[s].scope != CAL_SCOPE_SYSTEM)
            list[n++].sym = &a->symbols[s];
    qsort(list, n, sizeof *list, compare_entries);
    int scope = -2;
    char qual[CAL_NAME_MAX + 1] = "";
    for (size_t i = 0; i < n; i++) {
        const struct cal_symbol *sym = list[i].sym;
        if (sym->scope != scope || strcmp(sym->qual, qual)) {
            scope = sym->scope;
            strcpy(qual, sym->qual);
            buf_printf(b, "\n Symbols of %s%s%s%s\n",
                       scope < 0 ? "the global definitions" : "module ",
                       scope < 0 ? "" : a->modules[scope].name, qual[0] ? ", qualifier " : "", qual);
        }
        const struct cal_value *v = &sym->value;
        const char *section = "";
        bool common = false;
        if (v->section >= 0) {
            section = a->sections[v->section].name;
            common = a->sections[v->section].type == SEC_COMMON;
            if (!strcmp(section, "="))
                section = "";
        }
        char reloc = sym->kind == SYM_EXT ? 'X' : cal_relocatable(v) ? '+' : ' ';
        char value[40];
        if (!sym->defined && sym->kind != SYM_EXT)
            snprintf(value, sizeof value, "undefined");
        else if (v->attr == ATTR_PARCEL)
            snprintf(value, sizeof value, "%" PRIo64 "%c", (uint64_t)v->number / 4,
                     (char)('a' + (v->number & 3)));
        else if (v->number < 0)
            snprintf(value, sizeof value, "-%" PRIo64, (uint64_t)0 - (uint64_t)v->number);
        else
            snprintf(value, sizeof value, "%" PRIo64, (uint64_t)v->number);
        buf_printf(b, " %-8s  %-8s %c%c%c%c  %s\n", sym->name, section,
                   sym->kind == SYM_SET ? 'R' : ' ', sym->kind == SYM_EXT ? 'V' : v->attr, reloc,
                   common ? 'C' : ' ', value);
    }
    free(list);
}

void cal_list_summary(struct cal_asm *a)
{
    struct cal_buf *b = &a->listing;
    buf_printf(b, " C-1 CAL  %s  %s  %s\n", a->file_name, a->title,
               a->models == MODEL_CRAY1 ? "CRAY-1" : a->models == MODEL_XMP ? "CRAY X-MP"
                                                                           : "CRAY-1/X-MP");
    if (a->subtitle[0])
        buf_printf(b, " %s\n", a->subtitle);
    buf_add(b, "\n", 1);
    /* Error letters of each record. */
    char (*flags)[8] = calloc(a->record_count + 1, sizeof *flags);
    if (!flags) {
        a->out_of_memory = true;
        return;
    }
    bool seen[26][10] = {{false}};
    size_t errors = 0, warnings = 0;
    for (size_t d = 0; d < a->diag_count; d++) {
        const struct cal_diag *diag = &a->diags[d];
        if (diag->warning)
            warnings++;
        else
            errors++;
        char letter = diag->flag[0];
        if (letter >= 'A' && letter <= 'Z')
            seen[letter - 'A'][diag->flag[1] ? (diag->flag[1] - '0') % 10 : 0] = true;
        if (diag->record < 0 || (size_t)diag->record >= a->record_count)
            continue;
        char *f = flags[diag->record];
        if (strstr(f, diag->flag))
            continue;
        size_t used = strlen(f), add = strlen(diag->flag);
        if (used + add <= 7)
            memcpy(f + used, diag->flag, add + 1);
        else if (used < 7)
            f[used] = '+';
    }
    for (size_t i = 0; i < a->record_count; i++) {
        const struct cal_record *r = &a->records[i];
        if ((!r->listed || r->system) && !flags[i][0])
            continue;   /* the system text is listed only where it has an error */
        size_t ls = b->length;
        if (r->list_text) {
            buf_str(b, r->list_text);
        } else if (r->kind != REC_BLANK) {
            buf_pad(b, ls, SOURCE_COLUMN);
            buf_str(b, r->text);
        }
        /* The flags go into columns 2-8 of the statement's first line. */
        size_t first = ls;
        if (!b->failed && b->data[first] == '\f')
            first += 2;
        if (flags[i][0] && !b->failed) {
            if (b->length - first < 9)
                buf_pad(b, first, 9);
            memcpy(b->data + first + 1, flags[i], strlen(flags[i]));
        }
        buf_add(b, "\n", 1);
    }
    free(flags);
    buf_printf(b, "\n %zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings,
               warnings == 1 ? "" : "s");
    for (int l = 0; l < 26; l++)
        for (int k = 0; k < 10; k++) {
            if (!seen[l][k])
                continue;
            char flag[3] = {(char)('A' + l), k ? (char)('0' + k) : '\0', '\0'};
            buf_printf(b, "   %-2s  %s\n", flag, cal_flag_meaning(flag));
        }
    symbol_table(a, b);
}
