/*
 * lex.c - the assembler's text level: growable buffers, splitting a source
 * line into its location / result / operand fields (cal-syntax.md 1.3),
 * names and register designators (2.1, 2.2), quoted strings and
 * comma-separated items.  Text only: no state of the assembler.
 *
 * May use: nothing of the assembler (the bottom of os/cal/).
 */
#include "cal_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- buffers ------------------------------------------------------------------ */

bool cal_grow(void **array, size_t *capacity, size_t count, size_t element)
{
    if (count < *capacity)
        return true;
    size_t n = *capacity ? *capacity * 2 : 16;
    void *grown = realloc(*array, n * element);
    if (!grown)
        return false;
    *array = grown;
    *capacity = n;
    return true;
}

void buf_add(struct cal_buf *b, const char *text, size_t length)
{
    if (b->failed)
        return;
    if (b->length + length + 1 > b->capacity) {
        size_t n = b->capacity ? b->capacity : 256;
        while (n < b->length + length + 1)
            n *= 2;
        char *grown = realloc(b->data, n);
        if (!grown) {
            b->failed = true;
            return;
        }
        b->data = grown;
        b->capacity = n;
    }
    memcpy(b->data + b->length, text, length);
    b->length += length;
    b->data[b->length] = '\0';
}

void buf_str(struct cal_buf *b, const char *text) { buf_add(b, text, strlen(text)); }

void buf_printf(struct cal_buf *b, const char *format, ...)
{
    char small[512];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        buf_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = true;
        return;
    }
    va_start(args, format);
    vsnprintf(big, (size_t)n + 1, format, args);
    va_end(args);
    buf_add(b, big, (size_t)n);
    free(big);
}

void buf_pad(struct cal_buf *b, size_t line_start, size_t column)
{
    while (!b->failed && b->length - line_start < column)
        buf_add(b, " ", 1);
}

char *cal_strndup(const char *text, size_t length)
{
    char *s = malloc(length + 1);
    if (!s)
        return NULL;
    memcpy(s, text, length);
    s[length] = '\0';
    return s;
}

/* ---- names ---------------------------------------------------------------------- */

bool cal_name_start(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '$' || c == '%' || c == '@';
}

bool cal_name_char(int c) { return cal_name_start(c) || (c >= '0' && c <= '9'); }

bool cal_is_register(const char *text, size_t length)
{
    struct isa_field f;
    if (length == 0 || isa_scan(text, length, false, &f) != 0)
        return false;
    return f.count == 1 && f.token[0].kind == TOK_REG;
}

bool cal_valid_name(const char *text, size_t length)
{
    if (length == 0 || length > CAL_NAME_MAX || !cal_name_start((unsigned char)text[0]))
        return false;
    for (size_t i = 1; i < length; i++)
        if (!cal_name_char((unsigned char)text[i]))
            return false;
    return !cal_is_register(text, length);
}

bool cal_equal_ci(const char *a, size_t a_length, const char *b)
{
    size_t n = strlen(b);
    if (n != a_length)
        return false;
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)a[i]) != toupper((unsigned char)b[i]))
            return false;
    return true;
}

void cal_upper(char *out, size_t size, const char *text, size_t length)
{
    size_t n = length < size - 1 ? length : size - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)toupper((unsigned char)text[i]);
    out[n] = '\0';
}

/* ---- strings ------------------------------------------------------------------- */

bool cal_quote_is_prefix(const char *text, size_t at)
{
    if (at == 0)
        return false;
    char p = (char)toupper((unsigned char)text[at - 1]);
    if (p != 'O' && p != 'D' && p != 'X')
        return false;
    return at == 1 || !cal_name_char((unsigned char)text[at - 2]);
}

size_t cal_string_end(const char *text, size_t length, size_t at)
{
    size_t i = at + 1;
    while (i < length) {
        if (text[i] == '\'') {
            if (i + 1 < length && text[i + 1] == '\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
    return (size_t)-1;
}

/* ---- fields ----------------------------------------------------------------------- */

/* Scan one field from *at; stops at a blank, or at a ';' (which ends the
 * statement: *comment is set). */
static void scan_field(const char *line, size_t length, size_t *at, const char **start,
                       size_t *field_length, bool *comment, bool *unterminated)
{
    size_t i = *at;
    *start = line + i;
    while (i < length && line[i] != ' ') {
        if (line[i] == ';') {
            *comment = true;
            break;
        }
        if (line[i] == '\'' && !cal_quote_is_prefix(line, i)) {
            size_t end = cal_string_end(line, length, i);
            if (end == (size_t)-1) {
                *unterminated = true;
                i = length;
                break;
            }
            i = end;
            continue;
        }
        i++;
    }
    *field_length = (size_t)(line + i - *start);
    *at = i;
}

void cal_split_fields(const char *line, size_t length, struct cal_fields *f)
{
    memset(f, 0, sizeof *f);
    f->location = f->result = f->operand = line + length;
    size_t at = 0;
    bool comment = false;
    if (length > 0 && line[0] != ' ') {
        scan_field(line, length, &at, &f->location, &f->location_length, &comment,
                   &f->unterminated);
    }
    const char **starts[2] = {&f->result, &f->operand};
    size_t *lengths[2] = {&f->result_length, &f->operand_length};
    for (int k = 0; k < 2 && !comment; k++) {
        while (at < length && line[at] == ' ')
            at++;
        if (at >= length || line[at] == ';')
            break;
        scan_field(line, length, &at, starts[k], lengths[k], &comment, &f->unterminated);
    }
}

int cal_split_items(const char *text, size_t length, const char **item, size_t *item_length,
                    int max)
{
    if (length == 0)
        return 0;
    int count = 0;
    size_t start = 0, i = 0;
    int depth = 0;
    while (i <= length) {
        if (i == length || (text[i] == ',' && depth == 0)) {
            if (count < max) {
                item[count] = text + start;
                item_length[count] = i - start;
            }
            count++;
            start = i + 1;
            i++;
            continue;
        }
        if (text[i] == '\'' && !cal_quote_is_prefix(text, i)) {
            size_t end = cal_string_end(text, length, i);
            i = end == (size_t)-1 ? length : end;
            continue;
        }
        if (text[i] == '(')
            depth++;
        else if (text[i] == ')' && depth > 0)
            depth--;
        i++;
    }
    return count;
}
