/*
 * disasm.c - cal_disassemble(): an executable back to CAL source that
 * cal_assemble() turns into the same words (what c1dis prints).
 *
 * Every parcel is disassembled as an instruction with isa_disassemble(),
 * which falls back to a VWD statement where the canonical spelling would
 * not re-encode to the same bits; runs of zero words become BSSZ.  Symbols
 * of the executable become labels (or `NAME = *` / `NAME = W.*` lines, or
 * `NAME = value` for plain values); an instruction is never disassembled
 * across a labelled parcel.  The entry point becomes START.  A branch target
 * with a label is written as the label (J LOOP), and so is an address that
 * only a label spells in its two-parcel form (A1 HEAD rather than a VWD).
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

/* The label at parcel p (a branch target), or the symbol whose word (then
 * parcel) address is v (an address loaded or referenced). */
static const char *label_for(const struct label *labels, size_t nlabels, int64_t v, bool branch)
{
    const char *parcel_name = NULL;
    for (size_t l = 0; l < nlabels; l++) {
        const struct executable_symbol *sym = labels[l].sym;
        if (branch) {
            if ((int64_t)labels[l].parcel == v)
                return sym->name;
        } else if (sym->value == v) {
            if (sym->attribute == EXE_ATTR_WORD)
                return sym->name;
            if (!parcel_name)
                parcel_name = sym->name;
        }
    }
    return parcel_name;
}

/*
 * An instruction's address by its label: a branch target (J LOOP), and an
 * address that only a symbol can spell so that it assembles back to the
 * same form (A1 HEAD: the number alone would give the one-parcel 022, so
 * the bare disassembly is a VWD).  text is what isa_disassemble() printed;
 * it is replaced only if the new spelling encodes to the same parcels.
 */
static void by_label(const struct isa_forms *forms, unsigned model, const uint16_t code[2],
                     int used, const struct label *labels, size_t nlabels, char *text,
                     size_t size)
{
    int r = isa_decode(model, code[0]);
    const struct isa_row *row = &isa_rows[r];
    if (row->parcels != 2 || used != 2 || !row->result[0])
        return;
    struct isa_field pattern;
    int side = -1, slot = SLOT_NONE;
    for (int f = 0; f < 2 && side < 0; f++) {
        const char *pat = f ? row->operand : row->result;
        if (isa_scan(pat, strlen(pat), true, &pattern) != 0)
            return;
        for (int t = 0; t < pattern.count; t++)
            if (pattern.token[t].kind == TOK_EXPR &&
                (pattern.token[t].slot == SLOT_JKM || pattern.token[t].slot == SLOT_DISP ||
                 pattern.token[t].slot == SLOT_IJKM)) {
                side = f;
                slot = pattern.token[t].slot;
            }
    }
    bool vwd = !strncmp(text, "VWD", 3);
    if (side < 0 || (!vwd && slot != SLOT_IJKM))
        return;
    uint32_t jkm = isa_jkm(code[0], code[1]);
    int64_t v = slot == SLOT_IJKM ? (int64_t)(isa_ijkm(code[0], code[1]) & 0xFFFFFF)
              : slot == SLOT_DISP && (jkm & 0x200000) ? (int64_t)jkm - 0x400000 : (int64_t)jkm;
    const char *name = label_for(labels, nlabels, v, slot == SLOT_IJKM);
    if (!name)
        return;
    /* The canonical spelling: "RESULT   OPERAND", or a VWD's comment. */
    const char *spelled = text;
    if (vwd) {
        spelled = strstr(text, " ; ");
        if (!spelled)
            return;
        spelled += 3;
    }
    char field[2][64];
    const char *blank = strchr(spelled, ' ');
    size_t rn = blank ? (size_t)(blank - spelled) : strlen(spelled);
    if (rn >= sizeof field[0])
        return;
    memcpy(field[0], spelled, rn);
    field[0][rn] = '\0';
    const char *op = blank ? blank : spelled + rn;
    while (*op == ' ')
        op++;
    snprintf(field[1], sizeof field[1], "%s", op);
    /* The number stands first in its field, alone or before ",Ah". */
    char number[32];
    if (v < 0)
        snprintf(number, sizeof number, "-O'%" PRIo64, (uint64_t)-v);
    else if (v < 8)
        snprintf(number, sizeof number, "%" PRId64, v);
    else
        snprintf(number, sizeof number, "O'%" PRIo64, (uint64_t)v);
    size_t nn = strlen(number);
    char *f = field[side];
    if (strncmp(f, number, nn) || (f[nn] && f[nn] != ','))
        return;
    char replaced[64];
    if (snprintf(replaced, sizeof replaced, "%s%s", name, f + nn) >= (int)sizeof replaced)
        return;
    snprintf(f, sizeof field[0], "%s", replaced);
    /* Check: the assembler, with the label's value, gives the same parcels. */
    struct isa_field res, opd;
    if (isa_scan(field[0], strlen(field[0]), false, &res) != 0 ||
        isa_scan(field[1], strlen(field[1]), false, &opd) != 0)
        return;
    struct isa_field *fs = side ? &opd : &res;
    const struct executable_symbol *sym = NULL;
    for (size_t l = 0; l < nlabels && !sym; l++)
        if (!strcmp(labels[l].sym->name, name))
            sym = labels[l].sym;
    for (int t = 0; t < res.count + opd.count; t++) {
        struct isa_token *tok = t < res.count ? &res.token[t] : &opd.token[t - res.count];
        if (tok->kind != TOK_EXPR)
            continue;
        tok->value_flags = ISA_VAL_KNOWN;
        tok->value = 0;
        if (tok->length == strlen(name) && !strncmp(tok->text, name, tok->length) &&
            tok >= fs->token && tok < fs->token + fs->count) {
            tok->value = sym->value;
            tok->value_flags |= ISA_VAL_RELOC |
                (sym->attribute == EXE_ATTR_WORD ? ISA_VAL_WORD : ISA_VAL_PARCEL);
        } else if (tok->length) {
            return;   /* another expression: leave the text as it was */
        }
    }
    uint16_t again[2];
    int chosen;
    if (isa_encode(forms, model, &res, &opd, again, &chosen) != ISA_ENC_OK ||
        isa_rows[chosen].parcels != 2 || again[0] != code[0] || again[1] != code[1])
        return;
    snprintf(text, size, "%-9s %s", field[0], field[1]);
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
    /* Parcel addresses in the field: the program from its origin. */
    uint64_t first = (uint64_t)exe->origin * 4;
    uint64_t parcels = first + (uint64_t)exe->word_count * 4;
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
        } else if (sym->value >= 0 && p >= first && p < parcels &&
                   (uint64_t)sym->value < parcels) {
            labels[nlabels].parcel = p;
            labels[nlabels++].sym = sym;
        }
    }
    qsort(labels, nlabels, sizeof *labels, compare_labels);
    const char *start = NULL;
    bool start_label = false;
    if (exe->entry != EXECUTABLE_NO_ENTRY && exe->entry >= first && exe->entry < parcels) {
        for (size_t l = 0; l < nlabels && !start; l++)
            if (labels[l].parcel == exe->entry && labels[l].sym->attribute == EXE_ATTR_PARCEL)
                start = labels[l].sym->name;
        if (!start) {
            start = "@START";
            start_label = true;
        }
        buf_printf(&b, "         START     %s\n", start);
    }
    if (exe->origin)   /* reassembled, the words land at the same field words */
        buf_printf(&b, "         BSS       O'%" PRIo32 "              ; below the origin\n",
                   exe->origin);
    size_t next_label = 0;
    uint64_t p = first;
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
            while (end - exe->origin < exe->word_count && exe->words[end - exe->origin] == 0 &&
                   end * 4 < label_limit &&
                   !(start_label && end * 4 == exe->entry && end != w))
                end++;
            if (end - w >= 4) {
                buf_printf(&b, "         BSSZ      O'%" PRIo64 "            ; %06" PRIo64 "a\n",
                           end - w, w);
                p = end * 4;
                continue;
            }
        }
        uint16_t code[2] = {parcel_at(exe, p - first), 0};
        int available = 1;
        if (p + 1 < parcels && p + 1 < label_limit &&
            !(start_label && p + 1 == exe->entry)) {
            code[1] = parcel_at(exe, p + 1 - first);
            available = 2;
        }
        char text[160];
        int used = isa_disassemble(forms, model, code, available, text, sizeof text);
        if (used < 1 || used > available)
            used = 1;
        by_label(forms, model, code, used, labels, nlabels, text, sizeof text);
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
