/*
 * disasm.c - cal_disassemble(): an executable back to CAL source that
 * cal_assemble() turns into the same words (what c1dis prints).
 *
 * Every parcel is disassembled as an instruction with isa_disassemble(),
 * which falls back to a VWD statement where the canonical spelling would
 * not re-encode to the same bits; runs of zero words become BSSZ.  Symbols
 * of the executable become labels (or `NAME = *` / `NAME = W.*` lines, or
 * `NAME = value` for plain values); an instruction is never disassembled
 * across a labelled parcel.  The entry point becomes START.
 *
 * Apart from the assembler's order (cal_internal.h).  May use: lex.c.
 */
#include "cal_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct label {
    uint64_t parcel;
    const struct executable_symbol *sym;
};

static int compare_labels(const void *x, const void *y)
{
    const struct label *a = x, *b = y;
    if (a->parcel != b->parcel)
        return a->parcel < b->parcel ? -1 : 1;
    return a->sym < b->sym ? -1 : a->sym > b->sym;
}

static int compare_names(const void *x, const void *y)
{
    const struct executable_symbol *a = *(const struct executable_symbol *const *)x;
    const struct executable_symbol *b = *(const struct executable_symbol *const *)y;
    int c = strcmp(a->name, b->name);
    return c ? c : (a < b ? -1 : a > b);
}

static uint16_t parcel_at(const struct executable *exe, uint64_t p)
{
    return (uint16_t)(exe->words[p / 4] >> (48 - 16 * (p % 4)));
}

/* The symbols that can be written back: valid names, one per name. */
static size_t usable_symbols(const struct executable *exe, const struct executable_symbol **out)
{
    size_t n = 0;
    for (size_t s = 0; s < exe->symbol_count; s++) {
        const struct executable_symbol *sym = &exe->symbols[s];
        if (cal_valid_name(sym->name, strlen(sym->name)) && strcmp(sym->name, "@START"))
            out[n++] = sym;
    }
    qsort(out, n, sizeof *out, compare_names);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || strcmp(out[kept - 1]->name, out[i]->name))
            out[kept++] = out[i];
    return kept;
}

char *cal_disassemble(const struct executable *exe, unsigned model)
{
    struct isa_forms *forms = isa_forms_create();
    const struct executable_symbol **syms = malloc((exe->symbol_count + 1) * sizeof *syms);
    struct label *labels = malloc((exe->symbol_count + 1) * sizeof *labels);
    struct cal_buf b = {0};
    if (!forms || !syms || !labels)
        goto fail;
    size_t nsyms = usable_symbols(exe, syms);
    uint64_t parcels = (uint64_t)exe->word_count * 4;
    size_t nlabels = 0;
    buf_printf(&b, "* disassembled by c1dis for the %s\n", model == MODEL_XMP ? "X-MP" : "Cray-1");
    buf_printf(&b, "         IDENT     %s\n", exe->name[0] ? exe->name : "DIS");
    for (size_t s = 0; s < nsyms; s++) {
        const struct executable_symbol *sym = syms[s];
        uint64_t p = sym->attribute == EXE_ATTR_WORD ? (uint64_t)sym->value * 4 : (uint64_t)sym->value;
        if (sym->attribute == EXE_ATTR_VALUE) {
            if (sym->value < 0)
                buf_printf(&b, "%-8s =         -O'%" PRIo64 "\n", sym->name,
                           (uint64_t)0 - (uint64_t)sym->value);
            else
                buf_printf(&b, "%-8s =         O'%" PRIo64 "\n", sym->name, (uint64_t)sym->value);
        } else if (sym->value >= 0 && p < parcels && (uint64_t)sym->value < parcels) {
            labels[nlabels].parcel = p;
            labels[nlabels++].sym = sym;
        }
    }
    qsort(labels, nlabels, sizeof *labels, compare_labels);
    const char *start = NULL;
    bool start_label = false;
    if (exe->entry != EXECUTABLE_NO_ENTRY && exe->entry < parcels) {
        for (size_t l = 0; l < nlabels && !start; l++)
            if (labels[l].parcel == exe->entry && labels[l].sym->attribute == EXE_ATTR_PARCEL)
                start = labels[l].sym->name;
        if (!start) {
            start = "@START";
            start_label = true;
        }
        buf_printf(&b, "         START     %s\n", start);
    }
    size_t next_label = 0;
    uint64_t p = 0;
    while (p < parcels && !b.failed) {
        /* Labels at this parcel. */
        const char *instruction_label = "";
        while (next_label < nlabels && labels[next_label].parcel < p)
            next_label++;
        while (next_label < nlabels && labels[next_label].parcel == p) {
            const struct executable_symbol *sym = labels[next_label++].sym;
            if (sym->attribute == EXE_ATTR_PARCEL && !instruction_label[0])
                instruction_label = sym->name;
            else
                buf_printf(&b, "%-8s =         %s\n", sym->name,
                           sym->attribute == EXE_ATTR_WORD ? "W.*" : "*");
        }
        if (start_label && p == exe->entry && !instruction_label[0])
            instruction_label = "@START";
        uint64_t label_limit = next_label < nlabels ? labels[next_label].parcel : parcels;
        /* A run of zero words at a word boundary. */
        if (p % 4 == 0 && !instruction_label[0]) {
            uint64_t w = p / 4, end = w;
            while (end < exe->word_count && exe->words[end] == 0 && end * 4 < label_limit &&
                   !(start_label && end * 4 == exe->entry && end != w))
                end++;
            if (end - w >= 4) {
                buf_printf(&b, "         BSSZ      O'%" PRIo64 "            ; %06" PRIo64 "a\n",
                           end - w, w);
                p = end * 4;
                continue;
            }
        }
        uint16_t code[2] = {parcel_at(exe, p), 0};
        int available = 1;
        if (p + 1 < parcels && p + 1 < label_limit &&
            !(start_label && p + 1 == exe->entry)) {
            code[1] = parcel_at(exe, p + 1);
            available = 2;
        }
        char text[160];
        int used = isa_disassemble(forms, model, code, available, text, sizeof text);
        if (used < 1 || used > available)
            used = 1;
        if (instruction_label[0] && !strncmp(text, "VWD", 3)) {
            /* A labelled VWD would start a new word: define the label apart. */
            buf_printf(&b, "%-8s =         *\n", instruction_label);
            instruction_label = "";
        }
        buf_printf(&b, "%-8s %s", instruction_label, text);
        if (!strchr(text, ';'))
            buf_pad(&b, b.length - (strlen(text) + 9), 38);
        buf_printf(&b, " ; %06" PRIo64 "%c %06o", p / 4, (char)('a' + p % 4), code[0]);
        if (used == 2)
            buf_printf(&b, " %06o", code[1]);
        buf_add(&b, "\n", 1);
        p += (uint64_t)used;
    }
    buf_str(&b, "         END\n");
    if (b.failed)
        goto fail;
    free(syms);
    free(labels);
    isa_forms_destroy(forms);
    return b.data;
fail:
    free(b.data);
    free(syms);
    free(labels);
    isa_forms_destroy(forms);
    return NULL;
}
