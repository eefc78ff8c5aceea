/*
 * expr.c - expressions (cal-syntax.md section 4): terms (constants from
 * constant.c, symbols, the location counters), the operators with the
 * W./P. attributes and the relocation rules of 4.3, and literals (=term,
 * 3.5): a literal's value is its word in the module's literal block
 * (literal.c); in pass 2 its first use writes the term's words there.
 *
 * May use: literal.c, constant.c, counter.c, symbols.c, diag.c, value.c,
 * lex.c.
 */
#include "cal_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- literals ---------------------------------------------------------------- */

static bool parse_sum(struct cal_parser *p, struct cal_value *v);

static void skip_literal_term(struct cal_parser *p)
{
    const char *t = p->text;
    size_t n = p->length, at = p->at;
    if (at < n && t[at] == '(') {
        int depth = 0;
        while (at < n) {
            if (t[at] == '\'' && !cal_quote_is_prefix(t, at)) {
                size_t end = cal_string_end(t, n, at);
                at = end == (size_t)-1 ? n : end;
                continue;
            }
            if (t[at] == '(')
                depth++;
            else if (t[at] == ')' && --depth == 0) {
                at++;
                break;
            }
            at++;
        }
    } else {
        if (at < n && t[at] != '\'')
            at++;   /* the term's first character, e.g. the * of =* or the - of =-5 */
        while (at < n && !strchr("+-*/),", t[at])) {
            if (t[at] == '\'' && !cal_quote_is_prefix(t, at)) {
                size_t end = cal_string_end(t, n, at);
                at = end == (size_t)-1 ? n : end;
                continue;
            }
            at++;
        }
    }
    p->at = at;
}

/* Pass 2, the first use of a literal: its term's words into its block. */
static void literal_emit(struct cal_asm *a, const struct cal_literal *lit)
{
    const struct cal_section *s = &a->sections[a->modules[lit->module].literal_section];
    uint64_t at = ((uint64_t)s->base + lit->offset) * 64;
    a->in_literal = true;
    if (cal_is_string(lit->text, strlen(lit->text))) {
        struct cal_string str;
        if (cal_parse_data_string(a, lit->text, strlen(lit->text), &str)) {
            for (size_t b = 0; b < str.count && b < (size_t)lit->words * 8; b++)
                cal_put_bits(a->image, a->image_words, at + b * 8, str.bytes[b], 8);
        }
        free(str.bytes);
    } else {
        struct cal_value v;
        uint64_t w = cal_eval_word(a, lit->text, strlen(lit->text), &v);
        cal_put_bits(a->image, a->image_words, at, w, 64);
        cal_note_field(a, at, 64, &v, cal_field_unit(&v));
    }
    a->in_literal = false;
}

/* A literal (=term): its word address in the module's literal block. */
static bool literal_value(struct cal_asm *a, const char *text, size_t length, struct cal_value *out)
{
    cal_value_plain(out, 0);
    int found = cal_literal_enter(a, text, length);
    if (found < 0)
        return false;
    if (a->pass == 2 && !a->literals[found].emitted && a->image) {
        a->literals[found].emitted = true;
        literal_emit(a, &a->literals[found]);
    }
    const struct cal_literal *lit = &a->literals[found];
    out->number = lit->offset;
    out->attr = ATTR_WORD;
    out->section = a->modules[a->module].literal_section;
    out->coef = 1;
    return true;
}

/* ---- terms and operators -------------------------------------------------------- */

static bool parse_symbol(struct cal_parser *p, struct cal_value *v)
{
    const char *t = p->text;
    size_t n = p->length, start = p->at, at = p->at;
    char qual[CAL_NAME_MAX + 2] = "";
    bool qualified = false;
    if (t[at] == '/') {
        at++;
        size_t q = at;
        while (at < n && cal_name_char((unsigned char)t[at]))
            at++;
        if (at >= n || t[at] != '/' || at - q > CAL_NAME_MAX)
            return cal_parse_fail(p, "X", "bad qualified name");
        cal_upper(qual, sizeof qual, t + q, at - q);
        qualified = true;
        at++;
        start = at;
    }
    while (at < n && cal_name_char((unsigned char)t[at]))
        at++;
    size_t len = at - start;
    p->at = at;
    if (len == 0)
        return cal_parse_fail(p, "X", "name expected");
    if (len > CAL_NAME_MAX)
        return cal_parse_fail(p, "O", "name %.*s is longer than 8 characters", (int)len, t + start);
    if (cal_is_register(t + start, len))
        return cal_parse_fail(p, "O", "register %.*s where a value is expected", (int)len, t + start);
    char name[CAL_NAME_MAX + 1];
    cal_upper(name, sizeof name, t + start, len);
    int s;
    if (qualified) {
        s = cal_symbol_find(p->a, qual, name, p->a->module);
        if (s < 0 && !qual[0])
            s = cal_symbol_find(p->a, "", name, -1);
    } else {
        s = cal_symbol_lookup(p->a, name, len);
    }
    cal_value_plain(v, 0);
    if (s < 0 || !p->a->symbols[s].defined) {
        v->known = false;
        p->a->undefined_seen = true;
        if (s >= 0 && p->a->symbols[s].kind == SYM_EXT) {
            /* Pass 1, or unresolved (reported once, at the EXT statement). */
            v->known = true;
            v->external = s;
            v->ext_coef = 1;
            return true;
        }
        if ((p->a->pass == 2 || p->a->report_always) && s >= 0)
            cal_parse_fail(p, "U", "symbol %s is used before its value is known (its definition "
                 "depends on a symbol defined later)", name);
        else if (p->a->pass == 2 || p->a->report_always)
            cal_parse_fail(p, "U", "undefined symbol %s%s%s%s", qualified ? "/" : "", qual,
                 qualified ? "/" : "", name);
        return !p->failed;
    }
    *v = p->a->symbols[s].value;
    if (p->a->symbols[s].kind == SYM_EXT)
        v->ext_ref = true;
    return true;
}

static bool parse_primary(struct cal_parser *p, struct cal_value *v)
{
    const char *t = p->text;
    size_t n = p->length;
    if (p->at >= n)
        return cal_parse_fail(p, "X", "operand missing in expression");
    char c = t[p->at];
    if (c == '(') {
        p->at++;
        if (!parse_sum(p, v))
            return false;
        if (p->at >= n || t[p->at] != ')')
            return cal_parse_fail(p, "X", "missing ')'");
        p->at++;
        return true;
    }
    if (c == '*') {
        p->at++;
        char k = p->at < n ? (char)toupper((unsigned char)t[p->at]) : 0;
        bool variant = k && strchr("AOBPW", k) &&
                       (p->at + 1 >= n || !cal_name_char((unsigned char)t[p->at + 1]));
        if (variant)
            p->at++;
        struct cal_section *s = p->a->section >= 0 ? &p->a->sections[p->a->section] : NULL;
        if (variant && (k == 'P' || k == 'W')) {
            uint64_t bits = s ? s->origin : 0;
            cal_value_plain(v, (int64_t)(k == 'P' ? bits % 16 : bits % 64));
            return true;
        }
        *v = cal_location_value(p->a, variant && (k == 'O' || k == 'B'),
                                variant && (k == 'A' || k == 'B'));
        return true;
    }
    if (c == '\'' || ((c == 'A' || c == 'a') && p->at + 1 < n && t[p->at + 1] == '\'')) {
        return cal_parse_character(p, v);
    }
    if (isdigit((unsigned char)c) || (c == '.' && p->at + 1 < n && isdigit((unsigned char)t[p->at + 1])) ||
        (strchr("OoDdXx", c) && p->at + 1 < n && t[p->at + 1] == '\''))
        return cal_parse_number(p, v);
    if (cal_name_start((unsigned char)c) || c == '/')
        return parse_symbol(p, v);
    return cal_parse_fail(p, "X", "unexpected character '%c' in expression", c);
}

static void convert_attr(struct cal_value *v, uint8_t attr)
{
    if (v->attr == ATTR_WORD && attr == ATTR_PARCEL)
        v->number *= 4;
    v->attr = attr;
}

static bool parse_unary(struct cal_parser *p, struct cal_value *v)
{
    const char *t = p->text;
    size_t n = p->length;
    if (p->at >= n)
        return cal_parse_fail(p, "X", "operand missing in expression");
    char c = t[p->at];
    if (c == '+' || c == '-' || c == '#') {
        p->at++;
        if (!parse_unary(p, v))
            return false;
        if (c == '-') {
            if (v->is_float)
                v->number ^= INT64_MIN;
            else
                v->number = (int64_t)(0 - (uint64_t)v->number);
            v->coef = -v->coef;
            v->ext_coef = -v->ext_coef;
        } else if (c == '#') {
            if (cal_relocatable(v))
                cal_error(p->a, "W3", "complement of a relocatable value");
            v->number = ~v->number;
            v->coef = -v->coef;
            v->ext_coef = -v->ext_coef;
        }
        return true;
    }
    if ((c == 'W' || c == 'w' || c == 'P' || c == 'p') && p->at + 1 < n && t[p->at + 1] == '.') {
        p->at += 2;
        if (!parse_unary(p, v))
            return false;
        if (toupper((unsigned char)c) == 'W') {
            if (v->attr == ATTR_PARCEL) {
                if (v->number % 4)
                    cal_error(p->a, "W3", "W. of a parcel address that is not parcel a");
                v->number = v->number >= 0 ? v->number / 4 : -((-v->number + 3) / 4);
            }
            v->attr = ATTR_WORD;
        } else {
            convert_attr(v, ATTR_PARCEL);
        }
        return true;
    }
    if (c == '=') {
        size_t start = ++p->at;
        skip_literal_term(p);
        if (p->at == start)
            return cal_parse_fail(p, "X", "literal without a value");
        if (p->at < n || start != 1)
            return cal_parse_fail(p, "X", "a literal must be the whole expression");
        return literal_value(p->a, t + start, p->at - start, v) || cal_parse_fail(p, "X", "bad literal");
    }
    return parse_primary(p, v);
}

/* Combine two attributes for + - * /. */
static uint8_t combine_attr(struct cal_parser *p, struct cal_value *x, struct cal_value *y)
{
    if (x->attr == y->attr)
        return x->attr;
    if (x->attr == ATTR_VALUE)
        return y->attr;
    if (y->attr == ATTR_VALUE)
        return x->attr;
    cal_error(p->a, "W3", "word and parcel addresses mixed");
    convert_attr(x, ATTR_PARCEL);
    convert_attr(y, ATTR_PARCEL);
    return ATTR_VALUE;
}

/* A relocation coefficient times an absolute factor, kept small: anything
 * beyond +-1000 is an error anyway. */
static int scale_coef(int coef, int64_t factor)
{
    if (coef == 0 || factor == 0)
        return 0;
    if (factor > 1000 || factor < -1000)
        return 1001;
    return coef * (int)factor;
}

static bool binary(struct cal_parser *p, char op, struct cal_value *x, struct cal_value *y)
{
    if (x->is_float || y->is_float)
        return cal_parse_fail(p, "X", "floating constant in arithmetic");
    uint8_t attr = combine_attr(p, x, y);
    bool xr = cal_relocatable(x), yr = cal_relocatable(y);
    x->known = x->known && y->known;
    x->ext_ref = x->ext_ref || y->ext_ref;
    x->is_string = false;
    uint64_t a = (uint64_t)x->number, b = (uint64_t)y->number;
    switch (op) {
    case '+':
    case '-': {
        int sign = op == '+' ? 1 : -1;
        if ((x->ext_ref && (y->ext_ref || yr)) || (y->ext_ref && xr))
            return cal_parse_fail(p, "N", "an external value combined with a relocatable one");
        x->number = (int64_t)(op == '+' ? a + b : a - b);
        if (y->section >= 0 && y->coef) {
            if (x->section >= 0 && x->coef && x->section != y->section)
                return cal_parse_fail(p, "N", "relocatable values of different sections combined");
            x->coef = x->coef + sign * y->coef;
            if (x->coef > 1000 || x->coef < -1000)
                x->coef = 1001;
            x->section = y->section;
        }
        if (y->external >= 0 && y->ext_coef) {
            if (x->external >= 0 && x->ext_coef)
                return cal_parse_fail(p, "N", "two external values combined");
            x->ext_coef = x->ext_coef + sign * y->ext_coef;
            x->external = y->external;
        }
        break;
    }
    case '*':
        if (xr && yr)
            return cal_parse_fail(p, "N", "product of relocatable values");
        x->number = (int64_t)(a * b);
        if (yr) {
            x->coef = scale_coef(y->coef, (int64_t)a);
            x->section = y->section;
            x->ext_coef = scale_coef(y->ext_coef, (int64_t)a);
            x->external = y->external;
        } else {
            x->coef = scale_coef(x->coef, y->number);
            x->ext_coef = scale_coef(x->ext_coef, y->number);
        }
        break;
    default:
        if (xr || yr)
            return cal_parse_fail(p, "N", "relocatable value in a division");
        if (y->number == 0)
            return cal_parse_fail(p, "X", "division by zero");
        if (x->number == INT64_MIN && y->number == -1)
            x->number = INT64_MIN;
        else
            x->number = x->number / y->number;
        break;
    }
    if (x->coef == 0)
        x->section = -1;
    if (x->ext_coef == 0)
        x->external = -1;
    x->attr = attr;
    return true;
}

static bool parse_product(struct cal_parser *p, struct cal_value *v)
{
    if (!parse_unary(p, v))
        return false;
    while (p->at < p->length && (p->text[p->at] == '*' || p->text[p->at] == '/')) {
        char op = p->text[p->at++];
        struct cal_value y;
        if (!parse_unary(p, &y) || !binary(p, op, v, &y))
            return false;
    }
    return true;
}

static bool parse_sum(struct cal_parser *p, struct cal_value *v)
{
    if (!parse_product(p, v))
        return false;
    while (p->at < p->length && (p->text[p->at] == '+' || p->text[p->at] == '-')) {
        char op = p->text[p->at++];
        struct cal_value y;
        if (!parse_product(p, &y) || !binary(p, op, v, &y))
            return false;
    }
    return true;
}

bool cal_eval(struct cal_asm *a, const char *text, size_t length, struct cal_value *out)
{
    struct cal_parser p = {a, text, length, 0, false};
    cal_value_plain(out, 0);
    if (length == 0) {
        cal_parse_fail(&p, "O", "operand missing");
        return false;
    }
    struct cal_value v;
    if (!parse_sum(&p, &v)) {
        out->known = false;
        return false;
    }
    if (p.at < length) {
        cal_parse_fail(&p, "X", "unexpected '%c' in expression", text[p.at]);
        out->known = false;
        return false;
    }
    if (v.coef != 0 && v.coef != 1)
        cal_parse_fail(&p, "N", "relocation error: coefficient %d", v.coef);
    else if (v.ext_coef != 0 && v.ext_coef != 1)
        cal_parse_fail(&p, "N", "relocation error: external used with coefficient %d", v.ext_coef);
    else if (v.ext_coef && v.coef)
        cal_parse_fail(&p, "N", "relocation error: external and relocatable value combined");
    if (p.failed) {
        v.section = -1;
        v.coef = 0;
        v.external = -1;
        v.ext_coef = 0;
    }
    *out = v;
    return !p.failed;
}

bool cal_eval_count(struct cal_asm *a, const char *text, size_t length, struct cal_value *out)
{
    bool saved = a->count_base;
    a->count_base = true;
    bool ok = cal_eval(a, text, length, out);
    a->count_base = saved;
    return ok;
}

/* The 64-bit word of an expression item (CON, DATA, literal). */
uint64_t cal_eval_word(struct cal_asm *a, const char *text, size_t length, struct cal_value *value)
{
    cal_value_plain(value, 0);
    if (length == 0)
        return 0;
    struct cal_value v;
    if (!cal_eval(a, text, length, &v))
        return 0;
    *value = v;
    return (uint64_t)cal_absolute(a, &v);
}
