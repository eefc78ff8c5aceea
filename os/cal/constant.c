/*
 * constant.c - constants (cal-syntax.md section 3): numbers in the current
 * base or with O'/D'/X' prefixes and nSm scaling, floating constants
 * converted to the Cray format with correct rounding, and character
 * constants (as one value, as the bytes of a DATA item, as a VWD field).
 * Also the parser's cursor shared with expr.c (struct cal_parser) and its
 * one way of failing (cal_parse_fail: the first error of an expression is
 * reported, the rest are not).
 *
 * May use: diag.c, value.c, lex.c.
 */
#include "cal_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cal_parse_fail(struct cal_parser *p, const char *flag, const char *format, ...)
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

bool cal_parse_number(struct cal_parser *p, struct cal_value *v)
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
            return cal_parse_fail(p, "X", "bad digit '%c' in a base %d number", t[at], base);
        return cal_parse_fail(p, "X", "number without digits");
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
                return cal_parse_fail(p, "X", "exponent out of range");
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
                    return cal_parse_fail(p, "X", "scale factor out of range");
                e++;
            }
            if (negative)
                scale = -scale;
            scaled = true;
            at = e;
        }
    }
    if (at < n && (cal_name_char((unsigned char)t[at]) || t[at] == '.'))
        return cal_parse_fail(p, "X", "bad digit '%c' in a base %d number", t[at], base);
    p->at = at;
    cal_value_plain(v, 0);
    if (!is_float) {
        if (overflow)
            return cal_parse_fail(p, "X", "constant wider than 64 bits");
        if (scaled) {
            if (scale >= 64 || (scale > 0 && (value >> (64 - scale)) != 0))
                return cal_parse_fail(p, "X", "scaled constant wider than 64 bits");
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
        return cal_parse_fail(p, "X", "floating constant out of range");
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
static bool parse_char_constant(struct cal_parser *p, struct char_constant *c)
{
    const char *t = p->text;
    size_t n = p->length, at = p->at;
    if (t[at] == 'A' || t[at] == 'a')
        at++;
    size_t end = cal_string_end(t, n, at);
    if (end == (size_t)-1)
        return cal_parse_fail(p, "S", "unterminated character string");
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
                return cal_parse_fail(p, "X", "bad digit in a character count");
            count = count * base + (t[at] - '0');
            if (count > 4096)
                return cal_parse_fail(p, "O", "character count too large");
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
        return cal_parse_fail(p, "C", "bad character constant suffix");
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
    struct cal_parser p = {a, text, length, 0, false};
    struct char_constant c;
    *value = 0;
    if (!parse_char_constant(&p, &c))
        return false;
    if (p.at != length)
        return cal_parse_fail(&p, "X", "text after a character constant");
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
    struct cal_parser p = {a, text, length, 0, false};
    struct char_constant c;
    out->bytes = NULL;
    out->count = 0;
    if (!parse_char_constant(&p, &c))
        return false;
    if (p.at != length) {
        cal_parse_fail(&p, "X", "text after a character constant");
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

bool cal_parse_character(struct cal_parser *p, struct cal_value *v)
{
    struct char_constant c;
    if (!parse_char_constant(p, &c))
        return false;
    cal_value_plain(v, (int64_t)char_value(&c));
    v->is_string = true;
    return true;
}
