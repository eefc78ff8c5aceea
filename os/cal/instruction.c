/*
 * instruction.c - machine instructions (cal-syntax.md section 6).
 *
 * The result and operand fields are cut into tokens by isa_scan(), the
 * expressions among them are evaluated here, and isa_encode() picks the
 * instruction row from the one table (emu/isa_table.def).  Pass 1 keeps the
 * row it chose; pass 2 encodes with that row (isa_encode_with_row), so an
 * instruction has the same size in both passes even when a forward
 * reference was unknown in pass 1 (6.7).  In pass 2 an instruction also
 * fills its code column of the listing (a->list), as storage does its own.
 *
 * May use: expr.c, counter.c, diag.c, value.c.
 */
#include "cal_internal.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Evaluate a symbolic register number (A.sym, B.12: digits in the current base). */
static void register_number(struct cal_asm *a, struct isa_token *tok)
{
    char text[32];
    size_t n = tok->length < sizeof text - 1 ? tok->length : sizeof text - 1;
    memcpy(text, tok->text, n);
    text[n] = '\0';
    bool digits = n > 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)text[i]))
            digits = false;
    tok->number = 0x7FFF;
    if (digits) {
        int base = a->base == 'D' ? 10 : 8;
        long value = 0;
        for (size_t i = 0; i < n; i++) {
            int d = text[i] - '0';
            if (d >= base) {
                cal_error(a, "X", "bad digit in register number %s", text);
                return;
            }
            value = value * base + d;
            if (value > 0x7FFF)
                return;
        }
        tok->number = (int16_t)value;
        return;
    }
    struct cal_value v;
    if (!cal_eval(a, text, n, &v))
        return;
    if (!v.known) {
        tok->number = 0;
        return;
    }
    if (cal_relocatable(&v) || v.attr != ATTR_VALUE || v.is_float) {
        cal_error(a, "V", "register number %s must be an absolute value", text);
        return;
    }
    if (v.number >= 0 && v.number < 0x7FFF)
        tok->number = (int16_t)v.number;
}

/* Give every expression token of a field its value and attribute flags. */
static void evaluate_field(struct cal_asm *a, struct isa_field *f)
{
    for (int t = 0; t < f->count; t++) {
        struct isa_token *tok = &f->token[t];
        if (tok->kind == TOK_REG && tok->text) {
            register_number(a, tok);
            continue;
        }
        if (tok->kind != TOK_EXPR)
            continue;
        tok->value = 0;
        tok->value_flags = ISA_VAL_KNOWN;
        if (tok->length == 0)
            continue;
        struct cal_value v;
        cal_eval(a, tok->text, tok->length, &v);
        tok->value = cal_absolute(a, &v);
        tok->value_flags = 0;
        /* An EXT name has no value before linking: in pass 1 its offset
         * (EXT - 1 is -1) says nothing about the size the value needs. */
        bool unlinked = a->pass == 1 && v.external >= 0 && v.ext_coef != 0;
        if (v.known && !unlinked)
            tok->value_flags |= ISA_VAL_KNOWN;
        if (cal_relocatable(&v)) {
            tok->value_flags |= ISA_VAL_RELOC;
            if (a->extra.object)
                tok->value_flags |= ISA_VAL_MODULO;   /* the loader completes it */
            a->field_reloc = true;
            a->field_value = v;
        }
        if (v.attr == ATTR_WORD)
            tok->value_flags |= ISA_VAL_WORD;
        if (v.attr == ATTR_PARCEL)
            tok->value_flags |= ISA_VAL_PARCEL;
        if (v.is_float)
            tok->value_flags |= ISA_VAL_FLOAT;
    }
}

/* Pass 1: for sizing only, unknown values count as a plain 1. */
static void assume_known(struct isa_field *f)
{
    for (int t = 0; t < f->count; t++) {
        struct isa_token *tok = &f->token[t];
        if (tok->kind == TOK_EXPR && !(tok->value_flags & ISA_VAL_KNOWN)) {
            tok->value = 1;
            tok->value_flags = ISA_VAL_KNOWN;
        }
    }
}

static void report_encode_error(struct cal_asm *a, struct cal_record *r, int status,
                                const struct isa_field *res, const struct isa_field *opd)
{
    if (a->models != MODEL_ALL) {
        uint16_t code[2];
        int row;
        if (isa_encode(a->forms, MODEL_ALL, res, opd, code, &row) == ISA_ENC_OK) {
            cal_error(a, "R", "%s %s is not an instruction of the %s", r->result, r->operand,
                      a->models == MODEL_CRAY1 ? "Cray-1 (it is an X-MP form)" : "X-MP");
            return;
        }
    }
    switch (status) {
    case ISA_ENC_NO_RESULT:
        cal_error(a, "R", "unknown instruction or pseudo-instruction %s", r->result);
        break;
    case ISA_ENC_REGISTER:
        cal_error(a, "V", "register number out of range in %s %s", r->result, r->operand);
        break;
    case ISA_ENC_RANGE:
        cal_error(a, "O", "operand out of range: %s %s", r->result, r->operand);
        break;
    default:
        cal_error(a, "O", "unknown instruction form %s %s", r->result, r->operand);
        break;
    }
}

/* Pass 2 with pass 1's row; if the values no longer fit it, another row of
 * the same size and shape (e.g. 040 -> 041 for a negative forward value). */
static int encode_same_size(struct cal_asm *a, int row, const struct isa_field *res,
                            const struct isa_field *opd, uint16_t code[2])
{
    int status = isa_encode_with_row(a->forms, row, res, opd, code);
    if (status == ISA_ENC_OK)
        return row;
    for (size_t other = 0; other < isa_row_count; other++) {
        const struct isa_row *o = &isa_rows[other];
        if ((int)other == row || !o->result[0] || !(o->models & a->models) ||
            o->parcels != isa_rows[row].parcels)
            continue;
        if (isa_encode_with_row(a->forms, (int)other, res, opd, code) == ISA_ENC_OK)
            return (int)other;
    }
    return -1 - status;
}

/* ---- the listing's code column ------------------------------------------------ */

/* An address operand: word + parcel letter, '+' if relocated. */
static void address_text(char *out, size_t size, int64_t value, unsigned flags)
{
    const char *plus = (flags & ISA_VAL_RELOC) ? "+" : "";
    if (flags & ISA_VAL_PARCEL)
        snprintf(out, size, "%08" PRIo64 "%c%s", (uint64_t)value / 4 & 077777777,
                 (char)('a' + (value & 3)), plus);
    else
        snprintf(out, size, "%08" PRIo64 "a%s", (uint64_t)value & 077777777, plus);
}

/* The slot of a 2-parcel row's second parcel and the source token that
 * fills it (*source NULL: none). */
static int value_slot(const struct isa_row *r, const struct isa_field *result,
                      const struct isa_field *operand, const struct isa_token **source)
{
    struct isa_field pattern;
    int slot = SLOT_NONE;
    *source = NULL;
    for (int side = 0; side < 2 && !*source; side++) {
        const char *text = side ? r->operand : r->result;
        const struct isa_field *src = side ? operand : result;
        if (isa_scan(text, strlen(text), true, &pattern) != 0 || pattern.count != src->count)
            continue;
        for (int t = 0; t < pattern.count; t++)
            if (pattern.token[t].kind == TOK_EXPR && pattern.token[t].slot != SLOT_NONE) {
                slot = pattern.token[t].slot;
                *source = &src->token[t];
            }
    }
    return slot;
}

/* Object mode: the instruction's relocatable value (a->field_value) as a
 * relocation of its address field, the low 22 bits (jkm: constants,
 * displacements) or 24 (ijkm: jump targets, always parcels) of its two
 * parcels at bit. */
static void note_instruction_field(struct cal_asm *a, int row, const struct isa_field *result,
                                   const struct isa_field *operand, uint64_t bit)
{
    if (!a->field_reloc || !a->extra.object || a->pass != 2)
        return;
    const struct isa_row *r = &isa_rows[row];
    const struct isa_token *source = NULL;
    int slot = r->parcels == 2 ? value_slot(r, result, operand, &source) : SLOT_NONE;
    unsigned width = slot == SLOT_IJKM ? 24 : slot == SLOT_JKM || slot == SLOT_DISP ? 22 : 0;
    if (!width || !source || !(source->value_flags & ISA_VAL_RELOC)) {
        cal_error(a, "N", "relocation error: this instruction's field cannot hold a "
                  "relocatable value in an object module");
        return;
    }
    uint8_t unit = cal_field_unit(&a->field_value);
    if (slot == SLOT_IJKM)
        unit = OBJ_UNIT_PARCEL;
    cal_note_field(a, bit + 32 - width, width, &a->field_value, unit);
}

static void list_instruction(struct cal_asm *a, const struct isa_field *result,
                          const struct isa_field *operand, int row, const uint16_t *parcels,
                          uint64_t origin_bits)
{
    (void)origin_bits;
    if (a->list.code_lines >= CAL_LIST_LINES)
        return;
    char *out = a->list.code[a->list.code_lines];
    size_t size = sizeof a->list.code[0];
    a->list.code_location[a->list.code_lines++] = origin_bits;
    const struct isa_row *r = &isa_rows[row];
    if (r->parcels == 1) {
        snprintf(out, size, "%06o", parcels[0]);
        return;
    }
    const struct isa_token *source = NULL;
    int slot = value_slot(r, result, operand, &source);
    uint32_t jkm = isa_jkm(parcels[0], parcels[1]);
    unsigned flags = source ? source->value_flags : 0;
    bool address = flags & (ISA_VAL_WORD | ISA_VAL_PARCEL);
    char value[32];
    if (slot == SLOT_IJKM) {
        uint32_t target = isa_ijkm(parcels[0], parcels[1]) & 0xFFFFFF;
        if (address)
            address_text(value, sizeof value, target, (flags & ~ISA_VAL_WORD) | ISA_VAL_PARCEL);
        else
            snprintf(value, sizeof value, "%08o", (unsigned)target);
        snprintf(out, size, "%03o  %s", parcels[0] >> 9, value);
    } else if (slot == SLOT_JKM || slot == SLOT_NOT_JKM || slot == SLOT_DISP || slot == SLOT_EXP24) {
        if (address && slot != SLOT_NOT_JKM)
            address_text(value, sizeof value, jkm, flags);
        else
            snprintf(value, sizeof value, "%08o", (unsigned)jkm);
        snprintf(out, size, "%04o %s", parcels[0] >> 6, value);
    } else {
        snprintf(out, size, "%06o %06o", parcels[0], parcels[1]);
    }
}

/* ---- other spellings of the table's forms ------------------------------------------ */

static bool is_reg(const struct isa_token *t, const char *name)
{
    return t->kind == TOK_REG && !strcmp(t->name, name);
}

static bool is_op(const struct isa_token *t, const char *name)
{
    return t->kind == TOK_OP && !strcmp(t->name, name);
}

static struct isa_token make_token(uint8_t kind, const char *name, int16_t number)
{
    struct isa_token t;
    memset(&t, 0, sizeof t);
    t.kind = kind;
    t.number = number;
    snprintf(t.name, sizeof t.name, "%s", name);
    if (kind == TOK_EXPR)
        t.value_flags = ISA_VAL_KNOWN;
    return t;
}

/*
 * Spellings real CAL code uses that the table writes another way (after the
 * fields' values are known, so that S.sym compares by number):
 *   Si Si<Ak      = Si Si,S0<Ak   (056i0k)    Si Si>Ak  = Si S0,Si>Ak (057i0k)
 *   Si SB&Sj      = Si Sj&SB      (044ij0)    Si SB!Sj  = Si Sj!SB    (051ij0)
 *   Si SB\Sj      = Si Sj\SB      (046ij0)    Si #SB\Sj = Si #Sj\SB   (047ij0)
 *   SIPI          = SIPI 0        (001401)
 *   IP 1          = SIPI 0        (001401)    IP 0      = CIPI        (001402)
 * and an operand that is only a name the scanner took for an instruction
 * name (JAN PASS, J ERR) is the expression it is: a label.
 */
static void other_spellings(const char *operand, struct isa_field *res, struct isa_field *opd)
{
    struct isa_token *o = opd->token;
    if (opd->count == 1 && o[0].kind == TOK_WORD) {
        o[0] = make_token(TOK_EXPR, "", -1);
        o[0].text = operand;
        o[0].length = (uint16_t)strlen(operand);
        o[0].value_flags = 0;
        return;   /* evaluated by the caller */
    }
    if (res->count == 1 && res->token[0].kind == TOK_WORD) {
        const char *name = res->token[0].name;
        if (!strcmp(name, "SIPI") && opd->count == 0) {
            o[0] = make_token(TOK_EXPR, "", -1);
            opd->count = 1;
        }
        return;
    }
    if (res->count != 1 || !is_reg(&res->token[0], "S"))
        return;
    int i = res->token[0].number;
    if (opd->count == 3 && is_reg(&o[0], "S") && o[0].number == i && is_reg(&o[2], "A") &&
        (is_op(&o[1], "<") || is_op(&o[1], ">"))) {
        struct isa_token s_i = o[0], shift = o[1], a_k = o[2];
        struct isa_token comma = make_token(TOK_OP, ",", -1), s_0 = make_token(TOK_REG, "S", 0);
        bool left = is_op(&shift, "<");
        o[0] = left ? s_i : s_0;
        o[1] = comma;
        o[2] = left ? s_0 : s_i;
        o[3] = shift;
        o[4] = a_k;
        opd->count = 5;
        return;
    }
    int first = opd->count == 4 && is_op(&o[0], "#") ? 1 : 0;
    if (opd->count != first + 3 || !is_reg(&o[first], "SB") || !is_reg(&o[first + 2], "S"))
        return;
    const struct isa_token *op = &o[first + 1];
    bool commutes = first ? is_op(op, "\\")
                          : is_op(op, "&") || is_op(op, "!") || is_op(op, "\\");
    if (!commutes)
        return;
    struct isa_token sb = o[first];
    o[first] = o[first + 2];
    o[first + 2] = sb;
}

/* IP 1 and IP 0 (X-MP): SIPI and CIPI under their other name. */
static bool ip_spelling(const char *result, const char *operand, struct isa_field *res,
                        struct isa_field *opd)
{
    if (!cal_equal_ci(result, strlen(result), "IP"))
        return false;
    bool set = !strcmp(operand, "1");
    if (!set && strcmp(operand, "0"))
        return false;
    res->count = 1;
    res->token[0] = make_token(TOK_WORD, set ? "SIPI" : "CIPI", -1);
    opd->count = 0;
    if (set) {
        opd->token[0] = make_token(TOK_EXPR, "", -1);
        opd->count = 1;
    }
    return true;
}

/* ---- the Cray-1's vector recursion ---------------------------------------------------- */

/* A vector instruction that reads the V register it writes (V2 V2+V1) runs
 * the Cray-1's recursion: from element T+2 on it reads its own new results
 * (docs/machine.md), so it gives another answer than on the X-MP.  A W4
 * warning when the program may run on a Cray-1, unless turned off. */
static void warn_recursion(struct cal_asm *a, const struct cal_record *r, int row,
                           const struct isa_field *res, const struct isa_field *opd)
{
    const struct isa_row *ir = &isa_rows[row];
    if (a->extra.no_recursion_warning || !(a->models & MODEL_CRAY1) ||
        !(ir->flags & ISA_VECTOR) || (ir->flags & (ISA_LOAD | ISA_STORE)) ||
        res->count != 1 || !is_reg(&res->token[0], "V"))
        return;
    int i = res->token[0].number;
    for (int t = 0; t < opd->count; t++)
        if (is_reg(&opd->token[t], "V") && opd->token[t].number == i) {
            cal_error(a, "W4", "%s %s reads V%d, its own result: on the Cray-1 (vector "
                      "recursion) later elements read new results, unlike the X-MP "
                      "(-W no-recursion silences this)", r->result, r->operand, i);
            return;
        }
}

/* ---- one instruction ------------------------------------------------------------- */

void cal_instruction(struct cal_asm *a, struct cal_record *r)
{
    if (a->module < 0 || a->section < 0) {
        cal_error(a, "I", "instruction %s outside a module (before IDENT)", r->result);
        return;
    }
    int type = a->sections[a->section].type;
    if (type != SEC_MIXED && type != SEC_CODE) {
        cal_error(a, "I", "instruction %s in a section that holds no code", r->result);
        return;
    }
    cal_to_parcel(a);
    if (r->location[0])
        cal_define_label(a, r, ATTR_PARCEL);
    uint64_t origin = a->sections[a->section].origin;
    a->list.has_location = true;
    a->list.location_bits = origin;

    struct isa_field res, opd;
    if (isa_scan(r->result, strlen(r->result), false, &res) != 0) {
        cal_error(a, "R", "malformed result field %s", r->result);
        return;
    }
    if (isa_scan(r->operand, strlen(r->operand), false, &opd) != 0) {
        cal_error(a, "O", "malformed operand field %s", r->operand);
        return;
    }
    bool ip = ip_spelling(r->result, r->operand, &res, &opd);
    a->undefined_seen = false;
    a->field_reloc = false;
    size_t diagnostics_before = a->diag_count;
    if (!ip) {
        if (opd.count == 1 && opd.token[0].kind == TOK_WORD)
            other_spellings(r->operand, &res, &opd);
        evaluate_field(a, &res);
        evaluate_field(a, &opd);
        other_spellings(r->operand, &res, &opd);
    }

    uint16_t code[2] = {0, 0};
    int row;
    if (a->pass == 1) {
        int status = isa_encode(a->forms, a->models, &res, &opd, code, &row);
        if (status != ISA_ENC_OK && a->undefined_seen) {
            assume_known(&res);
            assume_known(&opd);
            status = isa_encode(a->forms, a->models, &res, &opd, code, &row);
        }
        r->row = status == ISA_ENC_OK ? row : -1;
    } else if (r->row < 0) {
        int status = isa_encode(a->forms, a->models, &res, &opd, code, &row);
        if (status == ISA_ENC_NO_RESULT || status == ISA_ENC_NO_OPERAND) {
            /* No form has this shape: what the fields' expressions said is noise. */
            while (a->diag_count > diagnostics_before)
                free(a->diags[--a->diag_count].message);
        }
        report_encode_error(a, r, status, &res, &opd);
        return;
    } else {
        row = encode_same_size(a, r->row, &res, &opd, code);
        if (row < 0) {
            report_encode_error(a, r, -1 - row, &res, &opd);
            row = r->row;
            code[0] = code[1] = 0;
        }
    }
    if (r->row < 0)
        return;
    int parcels = isa_rows[r->row].parcels;
    uint64_t bit = cal_section_bit(&a->sections[a->section]);
    for (int p = 0; p < parcels; p++)
        cal_advance_bits(a, code[p], 16);
    if (a->pass == 2)
        note_instruction_field(a, row, &res, &opd, bit);
    if (a->pass == 2) {
        a->used_models &= isa_rows[row].models;
        warn_recursion(a, r, row, &res, &opd);
        list_instruction(a, &res, &opd, row, code, origin);
    }
}
