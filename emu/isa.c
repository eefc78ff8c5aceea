/*
 * isa.c - the instruction table and what reads it without executing:
 * decoding a parcel to its row, cutting CAL fields into tokens, and
 * encoding a CAL statement (the assembler in os/cal uses it; so does the
 * disassembler, emu/disasm.c, to check its own text).
 */
#include "isa.h"
#include "isa_internal.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct isa_row isa_rows[] = {
#define ROW(match, mask, parcels, exec, unit, time, models, feature, flags, result, operand)   \
    {match, mask, parcels, unit, time, models, feature, flags, #exec, result, operand},
#include "isa_table.def"
#undef ROW
};
const size_t isa_row_count = sizeof isa_rows / sizeof isa_rows[0];

_Static_assert(sizeof isa_rows / sizeof isa_rows[0] < 256, "decoder rows are uint8_t");

/* ------------------------------------------------------------------------ */
/* Decoding                                                                 */

static bool row_matches(const struct isa_row *row, unsigned model, unsigned parcel)
{
    return (row->models & model) && (parcel & row->mask) == row->match;
}

int isa_decode(unsigned model, unsigned parcel)
{
    for (size_t r = 0; r < isa_row_count; r++)
        if (row_matches(&isa_rows[r], model, parcel & 0xFFFF))
            return (int)r;
    return -1;
}

void isa_decoder_init(struct isa_decoder *decoder, unsigned model)
{
    decoder->model = model;
    for (unsigned opcode = 0; opcode < 0200; opcode++) {
        /* Rows that can match some parcel of this opcode, in table order. */
        uint8_t candidates[64];
        int count = 0;
        unsigned base = opcode << 9;
        for (size_t r = 0; r < isa_row_count; r++) {
            const struct isa_row *row = &isa_rows[r];
            if ((row->models & model) && (base & row->mask & 0177000) == (row->match & 0177000) &&
                count < (int)sizeof candidates)
                candidates[count++] = (uint8_t)r;
        }
        for (unsigned low = 0; low < 01000; low++) {
            unsigned parcel = base | low;
            for (int c = 0; c < count; c++) {
                if (row_matches(&isa_rows[candidates[c]], model, parcel)) {
                    decoder->row[parcel] = candidates[c];
                    break;
                }
            }
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Names                                                                    */

unsigned isa_model_from_name(const char *name)
{
    if (!strcmp(name, "cray1") || !strcmp(name, "cray-1") || !strcmp(name, "CRAY1"))
        return MODEL_CRAY1;
    if (!strcmp(name, "xmp") || !strcmp(name, "x-mp") || !strcmp(name, "XMP"))
        return MODEL_XMP;
    return 0;
}

const char *isa_model_name(unsigned model)
{
    return model == MODEL_XMP ? "xmp" : model == MODEL_CRAY1 ? "cray1" : "?";
}

const char *isa_unit_name(unsigned unit)
{
    static const char *const names[UNIT_COUNT] = {
        "none",     "branch",   "exchange", "monitor",   "a-add",    "a-multiply",
        "s-add",    "s-logical", "s-shift", "pop-lz",    "f-add",    "f-multiply",
        "f-recip",  "v-logical", "v-shift", "v-add",     "v-pop",    "memory",
    };
    return unit < UNIT_COUNT ? names[unit] : "?";
}

const char *isa_feature_names(unsigned features, char *buf, size_t size)
{
    static const char *const names[] = {"vpop",   "sparity", "pclock", "const24", "gather",
                                        "compress", "status", "shared", "xmpmode"};
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned b = 0; b < sizeof names / sizeof names[0]; b++) {
        if (!(features & (1u << b)))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? "," : "", names[b]);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return buf;
}

/* ------------------------------------------------------------------------ */
/* Scanning CAL fields into tokens                                          */

static bool is_ident_char(int c)
{
    return isalnum(c) || c == '$' || c == '%' || c == '@' || c == '_';
}

static bool is_octal(int c) { return c >= '0' && c <= '7'; }

/* Register classes that take a number, longest first. max: highest number. */
static const struct {
    const char *name;
    int digits;   /* most octal digits */
    int max;
} numbered_classes[] = {
    {"PS", 1, 7}, {"QS", 1, 7}, {"ZS", 1, 7}, {"PV", 1, 7}, {"QV", 1, 7}, {"SB", 1, 7},
    {"ST", 1, 7}, {"SR", 1, 7}, {"SM", 2, 037}, {"A", 1, 7},  {"S", 1, 7},  {"V", 1, 7},
    {"B", 2, 077}, {"T", 2, 077},
};

static const char *const named_registers[] = {"SB", "SM", "VL", "VM", "RT", "XA",
                                              "CA", "CE", "CI", "CL", "MC"};

static bool prefix_ci(const char *text, size_t length, const char *word)
{
    size_t n = strlen(word);
    if (n > length)
        return false;
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)text[i]) != word[i])
            return false;
    return true;
}

/* Try to read a register designator at text[0..length).  Returns its length
 * (0 if none) and fills tok. */
static size_t scan_register(const char *text, size_t length, bool pattern, struct isa_token *tok)
{
    memset(tok, 0, sizeof *tok);
    tok->kind = TOK_REG;
    tok->number = -1;
    for (size_t c = 0; c < sizeof numbered_classes / sizeof numbered_classes[0]; c++) {
        const char *name = numbered_classes[c].name;
        size_t n = strlen(name);
        bool match = pattern ? (n <= length && !strncmp(text, name, n)) : prefix_ci(text, length, name);
        if (!match)
            continue;
        size_t at = n;
        if (pattern) {
            /* Field letters: jk, i, j, k, h. */
            const char *fields[] = {"jk", "i", "j", "k", "h"};
            for (size_t f = 0; f < 5; f++) {
                size_t fl = strlen(fields[f]);
                if (at + fl <= length && !strncmp(text + at, fields[f], fl) &&
                    (at + fl == length || !is_ident_char((unsigned char)text[at + fl]))) {
                    memcpy(tok->name, name, n);
                    memcpy(tok->field, fields[f], fl);
                    return at + fl;
                }
            }
        }
        if (at < length && text[at] == '.' && !pattern) {
            /* A.sym or A.digits: the number is the value of what follows. */
            size_t end = at + 1;
            while (end < length && is_ident_char((unsigned char)text[end]))
                end++;
            if (end == at + 1)
                continue;
            memcpy(tok->name, name, n);
            tok->text = text + at + 1;
            tok->length = (uint16_t)(end - at - 1);
            return end;
        }
        size_t digits = 0;
        int number = 0;
        while (at + digits < length && is_octal((unsigned char)text[at + digits]) &&
               digits < (size_t)numbered_classes[c].digits) {
            number = number * 8 + (text[at + digits] - '0');
            digits++;
        }
        if (digits == 0)
            continue;
        if (at + digits < length && is_ident_char((unsigned char)text[at + digits]))
            continue; /* B8, T100, A1X: a symbol, not a register */
        memcpy(tok->name, name, n);
        tok->number = (int16_t)number;
        return at + digits;
    }
    for (size_t r = 0; r < sizeof named_registers / sizeof named_registers[0]; r++) {
        const char *name = named_registers[r];
        size_t n = strlen(name);
        bool match = pattern ? (n <= length && !strncmp(text, name, n)) : prefix_ci(text, length, name);
        if (match && (n == length || !is_ident_char((unsigned char)text[n]))) {
            memcpy(tok->name, name, n);
            return n;
        }
    }
    return 0;
}

static bool register_at(const char *text, size_t length, bool pattern)
{
    struct isa_token scratch;
    return scan_register(text, length, pattern, &scratch) > 0;
}

/* An arithmetic operator's F/H/R/I suffix: "+F" when F is followed by a
 * register designator.  Returns the suffix letter or 0. */
static char operator_suffix(const char *text, size_t length, bool pattern)
{
    if (length < 2)
        return 0;
    char s = (char)toupper((unsigned char)text[0]);
    if (pattern && s != text[0])
        return 0;
    if ((s == 'F' || s == 'H' || s == 'R' || s == 'I') && register_at(text + 1, length - 1, pattern))
        return s;
    return 0;
}

static int push(struct isa_field *out, const struct isa_token *tok)
{
    if (out->count >= ISA_MAX_TOKENS)
        return -1;
    out->token[out->count++] = *tok;
    return 0;
}

static int push_op(struct isa_field *out, const char *op)
{
    struct isa_token tok;
    memset(&tok, 0, sizeof tok);
    tok.kind = TOK_OP;
    tok.number = -1;
    snprintf(tok.name, sizeof tok.name, "%s", op);
    return push(out, &tok);
}

static int push_expr(struct isa_field *out, const char *text, size_t length, uint8_t slot)
{
    struct isa_token tok;
    memset(&tok, 0, sizeof tok);
    tok.kind = TOK_EXPR;
    tok.number = -1;
    tok.slot = slot;
    tok.text = text;
    tok.length = (uint16_t)length;
    return push(out, &tok);
}

static uint8_t slot_from_name(const char *text, size_t length)
{
    static const struct {
        const char *name;
        uint8_t slot;
    } slots[] = {{"jk", SLOT_JK},       {"64-jk", SLOT_64_MINUS_JK}, {"jkm", SLOT_JKM},
                 {"~jkm", SLOT_NOT_JKM}, {"disp", SLOT_DISP},         {"ijkm", SLOT_IJKM},
                 {"exp24", SLOT_EXP24}, {"j", SLOT_J}};
    for (size_t s = 0; s < sizeof slots / sizeof slots[0]; s++)
        if (strlen(slots[s].name) == length && !strncmp(slots[s].name, text, length))
            return slots[s].slot;
    return SLOT_NONE;
}

/* Length of the expression starting at text[0]: up to a comma at depth 0,
 * a shift or logical operator, or an operator that a register follows. */
static size_t expression_length(const char *text, size_t length, bool pattern)
{
    size_t at = 0;
    int depth = 0;
    while (at < length) {
        char c = text[at];
        bool numeric_prefix = at > 0 && strchr("OoDdXx", text[at - 1]) &&
                              (at == 1 || !is_ident_char((unsigned char)text[at - 2]));
        if (c == '\'' && !numeric_prefix) {
            at++;
            while (at < length) {
                if (text[at] == '\'') {
                    if (at + 1 < length && text[at + 1] == '\'') {
                        at += 2;
                        continue;
                    }
                    break;
                }
                at++;
            }
            if (at < length)
                at++;
            continue;
        }
        if (c == '(')
            depth++;
        else if (c == ')')
            depth--;
        else if (depth <= 0) {
            if (c == ',' || c == '<' || c == '>' || c == '&' || c == '!' || c == '\\')
                break;
            if (at > 0 && (c == '+' || c == '-' || c == '*' || c == '/')) {
                const char *next = text + at + 1;
                size_t rest = length - at - 1;
                if (register_at(next, rest, pattern) || operator_suffix(next, rest, pattern))
                    break;
            }
        }
        at++;
    }
    return at;
}

static bool is_keyword(const char *text, size_t length)
{
    static const char *const words[] = {"Z", "N", "P", "M", "TS"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
        if (strlen(words[w]) == length && prefix_ci(text, length, words[w]))
            return true;
    return false;
}

/* Instructions written as a name in the result field (cal-syntax.md 6.4). */
static bool is_mnemonic(const char *text, size_t length)
{
    static const char *const names[] = {"ERR", "PASS", "EX",  "J",   "R",   "JAZ", "JAN",
                                        "JAP", "JAM",  "JSZ", "JSN", "JSP", "JSM", "EFI",
                                        "DFI", "ERI",  "DRI", "DBM", "EBM", "CMR", "PCI",
                                        "CCI", "ECI",  "DCI", "SIPI", "CIPI", "CLN"};
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++)
        if (strlen(names[n]) == length && prefix_ci(text, length, names[n]))
            return true;
    return false;
}

int isa_scan(const char *text, size_t length, bool pattern, struct isa_field *out)
{
    out->count = 0;
    if (length > 0 && length < sizeof out->token[0].name && is_mnemonic(text, length)) {
        struct isa_token tok;
        memset(&tok, 0, sizeof tok);
        tok.kind = TOK_WORD;
        tok.number = -1;
        for (size_t i = 0; i < length; i++)
            tok.name[i] = (char)toupper((unsigned char)text[i]);
        return push(out, &tok);
    }
    size_t at = 0;
    bool operand_expected = true; /* at the start or after a comma */
    while (at < length) {
        const char *here = text + at;
        size_t rest = length - at;
        char c = *here;
        if (c == ',') {
            if (operand_expected && push_expr(out, here, 0, SLOT_NONE))
                return -1;
            if (push_op(out, ","))
                return -1;
            at++;
            operand_expected = true;
            if (at == length && push_expr(out, text + at, 0, SLOT_NONE))
                return -1;
            continue;
        }
        if (operand_expected && out->count > 0) {
            /* A keyword standing alone after a comma. */
            size_t end = 0;
            while (end < rest && here[end] != ',')
                end++;
            if (end == rest && is_keyword(here, end)) {
                struct isa_token tok;
                memset(&tok, 0, sizeof tok);
                tok.kind = TOK_WORD;
                tok.number = -1;
                for (size_t i = 0; i < end; i++)
                    tok.name[i] = (char)toupper((unsigned char)here[i]);
                if (push(out, &tok))
                    return -1;
                at += end;
                operand_expected = false;
                continue;
            }
        }
        struct isa_token reg;
        size_t n = scan_register(here, rest, pattern, &reg);
        if (n) {
            if (push(out, &reg))
                return -1;
            at += n;
            operand_expected = false;
            continue;
        }
        if (pattern && c == '{') {
            const char *close = memchr(here, '}', rest);
            if (!close)
                return -1;
            if (push_expr(out, here, (size_t)(close - here) + 1,
                          slot_from_name(here + 1, (size_t)(close - here) - 1)))
                return -1;
            at += (size_t)(close - here) + 1;
            operand_expected = false;
            continue;
        }
        bool after_register = out->count > 0 && out->token[out->count - 1].kind == TOK_REG;
        if (c == '<' || c == '>' || c == '&' || c == '!' || c == '\\') {
            char op[2] = {c, 0};
            if (push_op(out, op))
                return -1;
            at++;
            operand_expected = false;
            continue;
        }
        if (c == '#' || c == '+' || c == '-' || c == '*' || c == '/') {
            char suffix = operator_suffix(here + 1, rest - 1, pattern);
            bool reg_follows = register_at(here + 1, rest - 1, pattern);
            bool is_operator;
            if (c == '#')
                is_operator = reg_follows || (rest > 1 && (here[1] == '<' || here[1] == '>'));
            else if (c == '*' || c == '/')
                is_operator = after_register || suffix;
            else
                is_operator = after_register || reg_follows || suffix;
            if (is_operator) {
                char op[3] = {c, suffix, 0};
                if (push_op(out, op))
                    return -1;
                at += suffix ? 2 : 1;
                operand_expected = false;
                continue;
            }
        }
        size_t e = expression_length(here, rest, pattern);
        if (e == 0) {
            /* A lone operator character that starts nothing: keep it as an
             * operator so that the form simply fails to match. */
            char op[2] = {c, 0};
            if (push_op(out, op))
                return -1;
            at++;
            continue;
        }
        if (push_expr(out, here, e, SLOT_NONE))
            return -1;
        at += e;
        operand_expected = false;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Encoding                                                                 */

struct binding {
    int field[5];  /* i, j, k, h, jk: -1 unbound */
    uint32_t m;    /* second parcel */
    unsigned extra; /* bits ORed into the first parcel by slots */
};

int isa_field_index(const char *field)
{
    if (!strcmp(field, "i"))
        return F_I;
    if (!strcmp(field, "j"))
        return F_J;
    if (!strcmp(field, "k"))
        return F_K;
    if (!strcmp(field, "h"))
        return F_H;
    return F_JK;
}

enum match_result { MATCH, NO_SHAPE, BAD_VALUE, BAD_REGISTER };

static bool bind(struct binding *b, int field, int value)
{
    if (b->field[field] >= 0 && b->field[field] != value)
        return false;
    b->field[field] = value;
    return true;
}

int isa_register_limit(const char *cls)
{
    for (size_t c = 0; c < sizeof numbered_classes / sizeof numbered_classes[0]; c++)
        if (!strcmp(numbered_classes[c].name, cls))
            return numbered_classes[c].max;
    return 0;
}

static bool plain_known(const struct isa_token *t)
{
    return (t->value_flags & ISA_VAL_KNOWN) &&
           !(t->value_flags & (ISA_VAL_RELOC | ISA_VAL_WORD | ISA_VAL_PARCEL | ISA_VAL_FLOAT));
}

static bool empty_or_zero(const struct isa_token *t)
{
    return t->length == 0 || (plain_known(t) && t->value == 0);
}

static bool literal_matches(const struct isa_token *pat, const struct isa_token *src)
{
    if (pat->length == 0)
        return empty_or_zero(src);
    if (memchr(pat->text, '.', pat->length)) {
        /* A float literal of the 071 transmits: spelled exactly. */
        return src->length == pat->length && !memcmp(src->text, pat->text, pat->length);
    }
    char buf[16];
    size_t n = pat->length < sizeof buf - 1 ? pat->length : sizeof buf - 1;
    memcpy(buf, pat->text, n);
    buf[n] = '\0';
    long long want = strtoll(buf, NULL, 10);
    return plain_known(src) && src->value == want;
}

static enum match_result match_slot(const struct isa_token *pat, const struct isa_token *src,
                                    struct binding *b)
{
    int64_t v = src->value;
    unsigned f = src->value_flags;
    bool known = f & ISA_VAL_KNOWN;
    if ((f & ISA_VAL_FLOAT) && pat->slot != SLOT_NONE)
        return BAD_VALUE; /* a float literal (`Si 1.`) is matched by its spelling below */
    switch (pat->slot) {
    case SLOT_JK:
        if (!plain_known(src))
            return BAD_VALUE;
        if (v < 0 || v > 63)
            return BAD_VALUE;
        return bind(b, F_JK, (int)v) ? MATCH : BAD_VALUE;
    case SLOT_64_MINUS_JK:
        if (!plain_known(src) || v < 1 || v > 64)
            return BAD_VALUE;
        return bind(b, F_JK, (int)((64 - v) & 63)) ? MATCH : BAD_VALUE;
    case SLOT_J:
        if (!plain_known(src) || v < 0 || v > 7)
            return BAD_VALUE;
        return bind(b, F_J, (int)v) ? MATCH : BAD_VALUE;
    case SLOT_JKM: {
        /* A value the loader completes may be negative now: its field
         * holds it modulo 2^22, and the loader's sum is taken the same way. */
        bool modulo = (f & ISA_VAL_MODULO) && v >= -0x400000 && v < 0;
        if (known && (v < 0 || v > 0x3FFFFF) && !modulo)
            return BAD_VALUE;
        uint32_t jkm = (uint32_t)((uint64_t)v & 0x3FFFFF);
        b->extra |= (unsigned)((jkm >> 16) & 077);
        b->m = jkm & 0xFFFF;
        return MATCH;
    }
    case SLOT_NOT_JKM:
        if (!known || (f & ISA_VAL_RELOC) || v >= 0 || v < -0x400000)
            return BAD_VALUE;
        b->extra |= (unsigned)((~v >> 16) & 077);
        b->m = (uint32_t)(~v & 0xFFFF);
        return MATCH;
    case SLOT_DISP:
        if (f & ISA_VAL_PARCEL)
            return BAD_VALUE;
        if (src->length == 0)
            v = 0;
        if (known && (v < -0x200000 || v > 0x1FFFFF))
            return BAD_VALUE;
        b->extra |= (unsigned)((v >> 16) & 077);
        b->m = (uint32_t)(v & 0xFFFF);
        return MATCH;
    case SLOT_IJKM:
        if (f & ISA_VAL_WORD)
            v *= 4;
        if (known && (v < 0 || v > 0xFFFFFF))
            return BAD_VALUE;
        b->extra |= (unsigned)((v >> 16) & 0377);
        b->m = (uint32_t)(v & 0xFFFF);
        return MATCH;
    case SLOT_EXP24:
        if (!known || v < 0x400000 || v > 0xFFFFFF)
            return BAD_VALUE;
        b->extra |= (unsigned)(0400 | ((v >> 22) & 3) << 6 | ((v >> 16) & 077));
        b->m = (uint32_t)(v & 0xFFFF);
        return MATCH;
    default:
        return literal_matches(pat, src) ? MATCH : BAD_VALUE;
    }
}

static enum match_result match_field(const struct isa_field *pat, const struct isa_field *src,
                                     struct binding *b)
{
    if (pat->count != src->count)
        return NO_SHAPE;
    enum match_result worst = MATCH;
    for (int t = 0; t < pat->count; t++) {
        const struct isa_token *p = &pat->token[t];
        const struct isa_token *s = &src->token[t];
        if (p->kind == TOK_REG && p->field[0] == 'h' && s->kind == TOK_EXPR) {
            if (!empty_or_zero(s))
                return NO_SHAPE;
            if (!bind(b, F_H, 0))
                worst = BAD_VALUE;
            continue;
        }
        if (p->kind != s->kind)
            return NO_SHAPE;
        switch (p->kind) {
        case TOK_OP:
        case TOK_WORD:
            if (strcmp(p->name, s->name))
                return NO_SHAPE;
            break;
        case TOK_REG:
            if (strcmp(p->name, s->name))
                return NO_SHAPE;
            bool numbered = s->number >= 0 || s->text != NULL;
            if (numbered && (s->number < 0 || s->number > isa_register_limit(s->name))) {
                worst = BAD_REGISTER;
                break;
            }
            if (p->field[0]) {
                if (!bind(b, isa_field_index(p->field), s->number))
                    return NO_SHAPE;
            } else if (p->number >= 0 && p->number != s->number) {
                return NO_SHAPE;
            }
            break;
        case TOK_EXPR: {
            enum match_result r = match_slot(p, s, b);
            if (r != MATCH && worst == MATCH)
                worst = r;
            break;
        }
        }
    }
    return worst;
}

static void scan_pattern(const char *pattern, struct isa_field *out)
{
    if (isa_scan(pattern, strlen(pattern), true, out) != 0)
        out->count = -1;
}


struct isa_forms *isa_forms_create(void)
{
    struct isa_forms *forms = malloc(sizeof *forms);
    if (!forms)
        return NULL;
    for (size_t r = 0; r < isa_row_count; r++) {
        scan_pattern(isa_rows[r].result, &forms->result[r]);
        scan_pattern(isa_rows[r].operand, &forms->operand[r]);
    }
    return forms;
}

void isa_forms_destroy(struct isa_forms *forms) { free(forms); }

/* Try one row; on a match fill parcels. */
static enum match_result try_row(const struct isa_forms *forms, int r,
                                 const struct isa_field *result, const struct isa_field *operand,
                                 uint16_t parcels[2], enum match_result *result_shape)
{
    const struct isa_row *row = &isa_rows[r];
    struct binding b = {{-1, -1, -1, -1, -1}, 0, 0};
    *result_shape = match_field(&forms->result[r], result, &b);
    if (*result_shape == NO_SHAPE)
        return NO_SHAPE;
    enum match_result mo = match_field(&forms->operand[r], operand, &b);
    if (mo == NO_SHAPE)
        return NO_SHAPE;
    enum match_result m = *result_shape != MATCH ? *result_shape : mo;
    if (m != MATCH)
        return m;
    unsigned p = row->match | b.extra;
    if (b.field[F_I] >= 0)
        p |= (unsigned)b.field[F_I] << 6;
    if (b.field[F_J] >= 0)
        p |= (unsigned)b.field[F_J] << 3;
    if (b.field[F_K] >= 0)
        p |= (unsigned)b.field[F_K];
    if (b.field[F_H] >= 0)
        p |= (unsigned)b.field[F_H] << 9;
    if (b.field[F_JK] >= 0)
        p |= (unsigned)b.field[F_JK];
    parcels[0] = (uint16_t)p;
    parcels[1] = (uint16_t)b.m;
    return MATCH;
}

int isa_encode(const struct isa_forms *forms, unsigned models, const struct isa_field *result,
               const struct isa_field *operand, uint16_t parcels[2], int *row)
{
    int best = -1;
    uint16_t best_parcels[2] = {0, 0};
    bool result_seen = false;
    enum match_result failure = NO_SHAPE;
    for (size_t r = 0; r < isa_row_count; r++) {
        const struct isa_row *rowp = &isa_rows[r];
        if (!(rowp->models & models) || !rowp->result[0])
            continue;
        uint16_t code[2];
        enum match_result result_shape;
        enum match_result m = try_row(forms, (int)r, result, operand, code, &result_shape);
        if (result_shape != NO_SHAPE)
            result_seen = true;
        if (m == MATCH) {
            if (best < 0 || rowp->parcels < isa_rows[best].parcels) {
                best = (int)r;
                best_parcels[0] = code[0];
                best_parcels[1] = code[1];
            }
        } else if (m == BAD_REGISTER || (m == BAD_VALUE && failure == NO_SHAPE)) {
            failure = m;
        }
    }
    if (best >= 0) {
        parcels[0] = best_parcels[0];
        parcels[1] = best_parcels[1];
        *row = best;
        return ISA_ENC_OK;
    }
    if (!result_seen)
        return ISA_ENC_NO_RESULT;
    if (failure == BAD_REGISTER)
        return ISA_ENC_REGISTER;
    return failure == BAD_VALUE ? ISA_ENC_RANGE : ISA_ENC_NO_OPERAND;
}

int isa_encode_with_row(const struct isa_forms *forms, int row, const struct isa_field *result,
                        const struct isa_field *operand, uint16_t parcels[2])
{
    enum match_result shape;
    enum match_result m = try_row(forms, row, result, operand, parcels, &shape);
    if (m == MATCH)
        return ISA_ENC_OK;
    if (shape == NO_SHAPE)
        return ISA_ENC_NO_RESULT;
    return m == BAD_REGISTER ? ISA_ENC_REGISTER : m == BAD_VALUE ? ISA_ENC_RANGE : ISA_ENC_NO_OPERAND;
}

