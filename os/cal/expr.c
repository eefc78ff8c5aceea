/*
 * expr.c - expressions (cal-syntax.md section 4) and constants (section 3):
 * numbers in the current base or with O'/D'/X' prefixes and nSm scaling,
 * floating constants converted to the Cray format with correct rounding,
 * character constants, the location counters, W./P. attributes, literals,
 * and the relocation rules of 4.3.
 */
#include "cal_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
    struct cal_asm *a;
    const char *text;
    size_t length, at;
    bool failed;
};

static bool fail(struct parser *p, const char *flag, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static bool fail(struct parser *p, const char *flag, const char *format, ...)
{
    if (!p->failed) {
        char message[256];
        va_list args;
        va_start(args, format);
        vsnprintf(message, sizeof message, format, args);
        va_end(args);
        cal_error(p->a, flag, "%s", message);
    }
    p->failed = true;
    return false;
}

/* ---- floating point ---------------------------------------------------------- */

/* Round a long double to the Cray format: 48-bit normalised coefficient,
 * nearest, ties to even.  Returns false if out of the Cray range. */
static bool long_double_to_cray(long double d, uint64_t *out)
{
    *out = 0;
    if (d == 0)
        return true;
    uint64_t sign = 0;
    if (d < 0) {
        sign = 1ULL << 63;
        d = -d;
    }
    int exponent;
    long double m = frexpl(d, &exponent);          /* d = m * 2^exponent, m in [0.5, 1) */
    long double scaled = nearbyintl(ldexpl(m, 48));
    uint64_t coefficient = (uint64_t)scaled;
    if (coefficient >> 48) {
        coefficient >>= 1;
        exponent++;
    }
    int64_t biased = (int64_t)exponent + 040000;
    if (biased < 020000)
        return true;       /* underflow: zero, as the hardware gives */
    if (biased >= 060000)
        return false;
    *out = sign | ((uint64_t)biased << 48) | coefficient;
    return true;
}

uint64_t cal_double_to_cray(double d)
{
    uint64_t w;
    return long_double_to_cray(d, &w) ? w : 0;
}

/* ---- numbers --------------------------------------------------------------------- */

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = toupper(c);
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

static int current_base(const struct cal_asm *a)
{
    if (a->base == 'O')
        return 8;
    if (a->base == 'M')
        return a->count_base ? 10 : 8;
    return 10;
}

static bool parse_number(struct parser *p, struct cal_value *v)
{
    const char *t = p->text;
    size_t n = p->length, at = p->at;
    int base = current_base(p->a);
    if (at + 1 < n && t[at + 1] == '\'') {
        char c = (char)toupper((unsigned char)t[at]);
        base = c == 'O' ? 8 : c == 'D' ? 10 : 16;
        at += 2;
    }
    size_t int_start = at;
    uint64_t value = 0;
    bool overflow = false;
    while (at < n && digit_value((unsigned char)t[at]) < base) {
        unsigned d = (unsigned)digit_value((unsigned char)t[at]);
        if (value > (UINT64_MAX - d) / (unsigned)base)
            overflow = true;
        value = value * (unsigned)base + d;
        at++;
    }
    size_t int_end = at;
    bool is_float = false;
    size_t frac_start = at, frac_end = at;
    if (at < n && t[at] == '.') {
        is_float = true;
        at++;
        frac_start = at;
        while (at < n && digit_value((unsigned char)t[at]) < base)
            at++;
        frac_end = at;
    }
    if (int_end == int_start && frac_end == frac_start) {
        if (at < n && cal_name_char((unsigned char)t[at]))
            return fail(p, "X", "bad digit '%c' in a base %d number", t[at], base);
        return fail(p, "X", "number without digits");
    }
    long exponent = 0;
    if (base != 16 && at < n && (t[at] == 'E' || t[at] == 'e')) {
        size_t e = at + 1;
        if (e < n && (t[e] == '+' || t[e] == '-'))
            e++;
        if (e < n && isdigit((unsigned char)t[e])) {
            is_float = true;
            char *end;
            exponent = strtol(t + at + 1, &end, 10);
            at = (size_t)(end - t);
            if (exponent > 100000 || exponent < -100000)
                return fail(p, "X", "exponent out of range");
        }
    }
    long scale = 0;
    bool scaled = false;
    if (at < n && (t[at] == 'S' || t[at] == 's')) {
        size_t e = at + 1;
        bool negative = false;
        if (e < n && (t[e] == '+' || t[e] == '-'))
            negative = t[e++] == '-';
        if (e < n && digit_value((unsigned char)t[e]) < base) {
            while (e < n && digit_value((unsigned char)t[e]) < base) {
                scale = scale * base + digit_value((unsigned char)t[e]);
                if (scale > 1000)
                    return fail(p, "X", "scale factor out of range");
                e++;
            }
            if (negative)
                scale = -scale;
            scaled = true;
            at = e;
        }
    }
    if (at < n && (cal_name_char((unsigned char)t[at]) || t[at] == '.'))
        return fail(p, "X", "bad digit '%c' in a base %d number", t[at], base);
    p->at = at;
    cal_value_plain(v, 0);
    if (!is_float) {
        if (overflow)
            return fail(p, "X", "constant wider than 64 bits");
        if (scaled) {
            if (scale >= 64 || (scale > 0 && (value >> (64 - scale)) != 0))
                return fail(p, "X", "scaled constant wider than 64 bits");
            value = scale >= 0 ? value << scale : (-scale >= 64 ? 0 : value >> -scale);
        }
        v->number = (int64_t)value;
        return true;
    }
    long double d;
    if (base == 10) {
        char buffer[128];
        size_t used = 0;
        for (size_t i = int_start; i < int_end && used < 60; i++)
            buffer[used++] = t[i];
        if (used == 0)
            buffer[used++] = '0';
        buffer[used++] = '.';
        for (size_t i = frac_start; i < frac_end && used < 120; i++)
            buffer[used++] = t[i];
        buffer[used] = '\0';
        /* strtold rounds the whole decimal number once, exponent included. */
        snprintf(buffer + used, sizeof buffer - used, "e%ld", exponent);
        d = strtold(buffer, NULL);
    } else {
        d = 0;
        for (size_t i = int_start; i < int_end; i++)
            d = d * base + digit_value((unsigned char)t[i]);
        long double place = 1.0L / base;
        for (size_t i = frac_start; i < frac_end; i++, place /= base)
            d += place * digit_value((unsigned char)t[i]);
        if (exponent)
            d *= powl(10.0L, (long double)exponent);
    }
    if (scaled)
        d = ldexpl(d, (int)scale);
    uint64_t word;
    if (!long_double_to_cray(d, &word) || isinf(d))
        return fail(p, "X", "floating constant out of range");
    v->number = (int64_t)word;
    v->is_float = true;
    return true;
}

/* ---- character constants ------------------------------------------------------ */

struct char_constant {
    unsigned char bytes[256];
    size_t length;          /* characters between the quotes (at most 256 kept) */
    long count;             /* -1 none, -2 '*' */
    char justify;           /* 'H' 'L' 'R' 'Z' */
};

/* Parse a character constant at text[*at] ([A]'...'[count][HLRZ]). */
static bool parse_char_constant(struct parser *p, struct char_constant *c)
{
    const char *t = p->text;
    size_t n = p->length, at = p->at;
    if (t[at] == 'A' || t[at] == 'a')
        at++;
    size_t end = cal_string_end(t, n, at);
    if (end == (size_t)-1)
        return fail(p, "S", "unterminated character string");
    c->length = 0;
    for (size_t i = at + 1; i < end - 1; i++) {
        if (t[i] == '\'')
            i++;
        if (c->length < sizeof c->bytes)
            c->bytes[c->length++] = (unsigned char)t[i];
    }
    at = end;
    c->count = -1;
    if (at < n && t[at] == '*') {
        c->count = -2;
        at++;
    } else if (at < n && isdigit((unsigned char)t[at])) {
        int base = p->a->base == 'O' ? 8 : 10;
        long count = 0;
        while (at < n && isdigit((unsigned char)t[at])) {
            if (digit_value((unsigned char)t[at]) >= base)
                return fail(p, "X", "bad digit in a character count");
            count = count * base + (t[at] - '0');
            if (count > 4096)
                return fail(p, "O", "character count too large");
            at++;
        }
        c->count = count;
    }
    c->justify = 'H';
    if (at < n && strchr("HLRZhlrz", t[at]) && (at + 1 >= n || !cal_name_char((unsigned char)t[at + 1]))) {
        c->justify = (char)toupper((unsigned char)t[at]);
        at++;
    }
    if (at < n && cal_name_char((unsigned char)t[at]))
        return fail(p, "C", "bad character constant suffix");
    p->at = at;
    return true;
}

/* The bytes a character constant stands for under the DATA rules (3.4.2). */
static size_t data_bytes(const struct char_constant *c, unsigned char *out, size_t size)
{
    size_t len = c->length, total;
    bool zero_fill = c->justify != 'H';
    if (c->count == -2)
        total = len + (c->justify == 'Z');
    else if (c->count >= 0)
        total = (size_t)c->count;
    else if (c->justify == 'Z')
        total = (len + 1 + 7) / 8 * 8;
    else
        total = len ? (len + 7) / 8 * 8 : 8;
    if (total > size)
        total = size;
    memset(out, zero_fill ? 0 : ' ', total);
    size_t copy = len < total ? len : total;
    if (c->justify == 'R')
        memcpy(out + total - copy, c->bytes + (len - copy), copy);
    else
        memcpy(out, c->bytes, copy);
    return total;
}

/* One 64-bit value from a character constant (3.4.1). */
static uint64_t char_value(const struct char_constant *c)
{
    unsigned char bytes[256];
    size_t len = c->length;
    const unsigned char *src = c->bytes;
    if (c->count >= 0 || c->count == -2) {
        struct char_constant h = *c;
        h.justify = c->justify == 'R' ? 'R' : c->justify;
        len = data_bytes(&h, bytes, sizeof bytes);
        src = bytes;
    }
    uint64_t v = 0;
    if (c->justify == 'R') {
        size_t first = len > 8 ? len - 8 : 0;
        for (size_t i = first; i < len; i++)
            v = (v << 8) | src[i];
        return v;
    }
    for (size_t i = 0; i < 8; i++) {
        unsigned char b = i < len ? src[i] : (c->justify == 'H' ? ' ' : 0);
        v = (v << 8) | b;
    }
    return v;
}

bool cal_is_string(const char *text, size_t length)
{
    size_t at = 0;
    if (length > 0 && (text[0] == 'A' || text[0] == 'a'))
        at = 1;
    if (at >= length || text[at] != '\'')
        return false;
    size_t end = cal_string_end(text, length, at);
    if (end == (size_t)-1)
        return true;   /* unterminated: the parser reports it */
    while (end < length && (isdigit((unsigned char)text[end]) || text[end] == '*'))
        end++;
    if (end < length && strchr("HLRZhlrz", text[end]))
        end++;
    return end == length;
}

bool cal_string_field(struct cal_asm *a, const char *text, size_t length, unsigned nbytes,
                      uint64_t *value)
{
    struct parser p = {a, text, length, 0, false};
    struct char_constant c;
    *value = 0;
    if (!parse_char_constant(&p, &c))
        return false;
    if (p.at != length)
        return fail(&p, "X", "text after a character constant");
    if (c.count == -1)
        c.count = nbytes;
    unsigned char bytes[4096 + 16];
    size_t n = data_bytes(&c, bytes, sizeof bytes);
    for (size_t i = 0; i < n && i < 8; i++)
        *value = (*value << 8) | bytes[i];
    return true;
}

bool cal_parse_data_string(struct cal_asm *a, const char *text, size_t length,
                           struct cal_string *out)
{
    struct parser p = {a, text, length, 0, false};
    struct char_constant c;
    out->bytes = NULL;
    out->count = 0;
    if (!parse_char_constant(&p, &c))
        return false;
    if (p.at != length) {
        fail(&p, "X", "text after a character constant");
        return false;
    }
    unsigned char bytes[4096 + 16];
    size_t n = data_bytes(&c, bytes, sizeof bytes);
    out->bytes = malloc(n ? n : 1);
    if (!out->bytes) {
        a->out_of_memory = true;
        return false;
    }
    memcpy(out->bytes, bytes, n);
    out->count = n;
    return true;
}

/* ---- expressions ----------------------------------------------------------------- */

static bool parse_sum(struct parser *p, struct cal_value *v);

static void skip_literal_term(struct parser *p)
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

static bool parse_symbol(struct parser *p, struct cal_value *v)
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
            return fail(p, "X", "bad qualified name");
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
        return fail(p, "X", "name expected");
    if (len > CAL_NAME_MAX)
        return fail(p, "O", "name %.*s is longer than 8 characters", (int)len, t + start);
    if (cal_is_register(t + start, len))
        return fail(p, "O", "register %.*s where a value is expected", (int)len, t + start);
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
            fail(p, "U", "symbol %s is used before its value is known (its definition "
                 "depends on a symbol defined later)", name);
        else if (p->a->pass == 2 || p->a->report_always)
            fail(p, "U", "undefined symbol %s%s%s%s", qualified ? "/" : "", qual,
                 qualified ? "/" : "", name);
        return !p->failed;
    }
    *v = p->a->symbols[s].value;
    if (p->a->symbols[s].kind == SYM_EXT)
        v->ext_ref = true;
    return true;
}

static bool parse_primary(struct parser *p, struct cal_value *v)
{
    const char *t = p->text;
    size_t n = p->length;
    if (p->at >= n)
        return fail(p, "X", "operand missing in expression");
    char c = t[p->at];
    if (c == '(') {
        p->at++;
        if (!parse_sum(p, v))
            return false;
        if (p->at >= n || t[p->at] != ')')
            return fail(p, "X", "missing ')'");
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
        struct char_constant cc;
        if (!parse_char_constant(p, &cc))
            return false;
        cal_value_plain(v, (int64_t)char_value(&cc));
        v->is_string = true;
        return true;
    }
    if (isdigit((unsigned char)c) || (c == '.' && p->at + 1 < n && isdigit((unsigned char)t[p->at + 1])) ||
        (strchr("OoDdXx", c) && p->at + 1 < n && t[p->at + 1] == '\''))
        return parse_number(p, v);
    if (cal_name_start((unsigned char)c) || c == '/')
        return parse_symbol(p, v);
    return fail(p, "X", "unexpected character '%c' in expression", c);
}

static void convert_attr(struct cal_value *v, uint8_t attr)
{
    if (v->attr == ATTR_WORD && attr == ATTR_PARCEL)
        v->number *= 4;
    v->attr = attr;
}

static bool parse_unary(struct parser *p, struct cal_value *v)
{
    const char *t = p->text;
    size_t n = p->length;
    if (p->at >= n)
        return fail(p, "X", "operand missing in expression");
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
            return fail(p, "X", "literal without a value");
        if (p->at < n || start != 1)
            return fail(p, "X", "a literal must be the whole expression");
        return cal_literal_value(p->a, t + start, p->at - start, v) || fail(p, "X", "bad literal");
    }
    return parse_primary(p, v);
}

/* Combine two attributes for + - * /. */
static uint8_t combine_attr(struct parser *p, struct cal_value *x, struct cal_value *y)
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

static bool binary(struct parser *p, char op, struct cal_value *x, struct cal_value *y)
{
    if (x->is_float || y->is_float)
        return fail(p, "X", "floating constant in arithmetic");
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
            return fail(p, "N", "an external value combined with a relocatable one");
        x->number = (int64_t)(op == '+' ? a + b : a - b);
        if (y->section >= 0 && y->coef) {
            if (x->section >= 0 && x->coef && x->section != y->section)
                return fail(p, "N", "relocatable values of different sections combined");
            x->coef = x->coef + sign * y->coef;
            if (x->coef > 1000 || x->coef < -1000)
                x->coef = 1001;
            x->section = y->section;
        }
        if (y->external >= 0 && y->ext_coef) {
            if (x->external >= 0 && x->ext_coef)
                return fail(p, "N", "two external values combined");
            x->ext_coef = x->ext_coef + sign * y->ext_coef;
            x->external = y->external;
        }
        break;
    }
    case '*':
        if (xr && yr)
            return fail(p, "N", "product of relocatable values");
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
            return fail(p, "N", "relocatable value in a division");
        if (y->number == 0)
            return fail(p, "X", "division by zero");
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

static bool parse_product(struct parser *p, struct cal_value *v)
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

static bool parse_sum(struct parser *p, struct cal_value *v)
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
    struct parser p = {a, text, length, 0, false};
    cal_value_plain(out, 0);
    if (length == 0) {
        fail(&p, "O", "operand missing");
        return false;
    }
    struct cal_value v;
    if (!parse_sum(&p, &v)) {
        out->known = false;
        return false;
    }
    if (p.at < length) {
        fail(&p, "X", "unexpected '%c' in expression", text[p.at]);
        out->known = false;
        return false;
    }
    if (v.coef != 0 && v.coef != 1)
        fail(&p, "N", "relocation error: coefficient %d", v.coef);
    else if (v.ext_coef != 0 && v.ext_coef != 1)
        fail(&p, "N", "relocation error: external used with coefficient %d", v.ext_coef);
    else if (v.ext_coef && v.coef)
        fail(&p, "N", "relocation error: external and relocatable value combined");
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
