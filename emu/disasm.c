/*
 * disasm.c - disassembly from the instruction table: a parcel's row gives
 * the CAL spelling, its fields the registers and values; the text is then
 * encoded again (isa_encode), and where it would not give back the same
 * bits - bits in fields the hardware ignores, or an encoding the assembler
 * spells shorter - a VWD statement that reproduces them is printed
 * instead, with the meaning in a comment.  So whatever c1dis prints, c1cal
 * turns back into the same bits.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "isa.h"
#include "isa_internal.h"

static int64_t slot_value(uint8_t slot, unsigned p, unsigned m)
{
    uint32_t jkm = isa_jkm(p, m);
    switch (slot) {
    case SLOT_JK:
        return isa_jk(p);
    case SLOT_64_MINUS_JK:
        return 64 - (int64_t)isa_jk(p);
    case SLOT_J:
        return isa_j(p);
    case SLOT_JKM:
        return jkm;
    case SLOT_NOT_JKM:
        return -(int64_t)jkm - 1;
    case SLOT_DISP:
        return (jkm & 0x200000) ? (int64_t)jkm - 0x400000 : (int64_t)jkm;
    case SLOT_IJKM:
        return isa_ijkm(p, m) & 0xFFFFFF;
    case SLOT_EXP24:
        return ((int64_t)(isa_i(p) & 3) << 22) | jkm;
    default:
        return 0;
    }
}

static void append(char *buf, size_t size, size_t *used, const char *text, size_t length)
{
    if (*used + length >= size)
        length = size - *used - 1;
    memcpy(buf + *used, text, length);
    *used += length;
    buf[*used] = '\0';
}

static void print_value(char *out, size_t size, int64_t v)
{
    if (v < 0)
        snprintf(out, size, "-O'%" PRIo64, (uint64_t)-v);
    else if (v < 8)
        snprintf(out, size, "%" PRId64, v);
    else
        snprintf(out, size, "O'%" PRIo64, (uint64_t)v);
}

static void render_field(const struct isa_field *f, unsigned p, unsigned m, char *buf,
                         size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int t = 0; t < f->count; t++) {
        const struct isa_token *tok = &f->token[t];
        char text[32];
        switch (tok->kind) {
        case TOK_REG:
            if (tok->field[0]) {
                unsigned n = 0;
                int fi = isa_field_index(tok->field);
                n = fi == F_I ? isa_i(p) : fi == F_J ? isa_j(p) : fi == F_K ? isa_k(p)
                    : fi == F_H ? isa_h(p) : isa_jk(p);
                if (isa_register_limit(tok->name) > 7)
                    snprintf(text, sizeof text, "%s%02o", tok->name, n);
                else
                    snprintf(text, sizeof text, "%s%o", tok->name, n);
            } else if (tok->number >= 0) {
                snprintf(text, sizeof text, "%s%o", tok->name, (unsigned)tok->number);
            } else {
                snprintf(text, sizeof text, "%s", tok->name);
            }
            append(buf, size, &used, text, strlen(text));
            break;
        case TOK_OP:
        case TOK_WORD:
            append(buf, size, &used, tok->name, strlen(tok->name));
            break;
        case TOK_EXPR:
            if (tok->slot == SLOT_NONE) {
                append(buf, size, &used, tok->text, tok->length);
            } else {
                print_value(text, sizeof text, slot_value(tok->slot, p, m));
                append(buf, size, &used, text, strlen(text));
            }
            break;
        }
    }
}

/* Evaluate the disassembler's own numbers: [-][O']digits. */
static void evaluate_plain(struct isa_field *f)
{
    for (int t = 0; t < f->count; t++) {
        struct isa_token *tok = &f->token[t];
        if (tok->kind != TOK_EXPR || tok->length == 0) {
            if (tok->kind == TOK_EXPR)
                tok->value_flags = ISA_VAL_KNOWN;
            continue;
        }
        const char *s = tok->text;
        size_t n = tok->length, at = 0;
        bool negative = false;
        int base = 10;
        if (at < n && s[at] == '-') {
            negative = true;
            at++;
        }
        if (at + 1 < n && s[at] == 'O' && s[at + 1] == '\'') {
            base = 8;
            at += 2;
        }
        int64_t v = 0;
        bool ok = at < n;
        for (; at < n; at++) {
            if (s[at] < '0' || s[at] > '0' + base - 1) {
                ok = false;
                break;
            }
            v = v * base + (s[at] - '0');
        }
        tok->value = negative ? -v : v;
        /* Float literals (1., 0.6) are matched by spelling. */
        tok->value_flags = ok ? ISA_VAL_KNOWN : 0;
    }
}

int isa_disassemble(const struct isa_forms *forms, unsigned model, const uint16_t *parcels,
                    int available, char *buf, size_t size)
{
    unsigned p = parcels[0];
    int r = isa_decode(model, p);
    const struct isa_row *row = &isa_rows[r];
    int length = row->parcels <= available ? row->parcels : 1;
    unsigned m = length == 2 ? parcels[1] : 0;
    char result[64], operand[64];
    render_field(&forms->result[r], p, m, result, sizeof result);
    render_field(&forms->operand[r], p, m, operand, sizeof operand);

    bool exact = false;
    if (row->result[0] && length == row->parcels) {
        struct isa_field fr, fo;
        if (isa_scan(result, strlen(result), false, &fr) == 0 &&
            isa_scan(operand, strlen(operand), false, &fo) == 0) {
            evaluate_plain(&fr);
            evaluate_plain(&fo);
            uint16_t code[2];
            int chosen;
            if (isa_encode(forms, model, &fr, &fo, code, &chosen) == ISA_ENC_OK &&
                isa_rows[chosen].parcels == length && code[0] == p && (length == 1 || code[1] == m))
                exact = true;
        }
    }
    if (exact) {
        snprintf(buf, size, "%-9s %s", result, operand);
    } else if (length == 2) {
        snprintf(buf, size, "VWD       16/O'%06o,16/O'%06o ; %s %s", p, m,
                 row->result[0] ? result : "undefined", operand);
    } else {
        snprintf(buf, size, "VWD       16/O'%06o ; %s %s", p, row->result[0] ? result : "undefined",
                 operand);
    }
    /* Trim a trailing blank left by an empty operand. */
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    return length;
}
