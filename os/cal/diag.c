/*
 * diag.c - error reporting: recording a diagnostic against the statement
 * being assembled (cal_error in pass 2 only, cal_error_now at once,
 * cal_error_at for another statement), the meaning of each CAL error letter
 * (cal-syntax.md 7.3), and handing the diagnostics over, sorted by line, in
 * the result.
 *
 * May use: lex.c.
 */
#include "cal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *flag;
    const char *meaning;
} flag_meanings[] = {
    {"C", "bad name, symbol, constant or data item"},
    {"D", "symbol defined twice, or two parameters with one name"},
    {"E", "definition or conditional block nested wrongly"},
    {"F", "assembler table or limit exceeded"},
    {"I", "statement in the wrong place"},
    {"L", "bad location field"},
    {"N", "relocation error"},
    {"O", "bad operand field"},
    {"P", "error raised by the programmer"},
    {"R", "bad result field: unknown instruction or form"},
    {"S", "syntax error"},
    {"T", "wrong type"},
    {"U", "undefined symbol or operation"},
    {"V", "register number out of range, or bad field width"},
    {"X", "bad expression"},
    {"W", "warning raised by the programmer"},
    {"W1", "location-field symbol ignored"},
    {"W2", "bad location symbol"},
    {"W3", "operand element of the wrong kind"},
    {"W4", "instruction may not be what was meant"},
    {"W5", "value truncated"},
    {"W6", "location-field symbol not defined"},
    {"W7", "problem in micro substitution"},
    {"W8", "address counter not on the expected boundary"},
    {"Y1", "bad external declaration"},
    {"Y2", "macro redefined"},
};

const char *cal_flag_meaning(const char *flag)
{
    for (size_t i = 0; i < sizeof flag_meanings / sizeof flag_meanings[0]; i++)
        if (!strcmp(flag_meanings[i].flag, flag))
            return flag_meanings[i].meaning;
    return "";
}

bool cal_is_warning(const char *flag) { return flag[0] == 'W' || flag[0] == 'Y'; }

static void add_diag(struct cal_asm *a, int record, int line, const char *flag,
                     const char *format, va_list args)
{
    char message[512];
    size_t at = 0;
    /* A line of the system text: its own name and line, not the program's. */
    if (record >= 0 && (size_t)record < a->record_count && a->records[record].system) {
        at = (size_t)snprintf(message, sizeof message, "system text %s line %d: ",
                              a->extra.system_text_name ? a->extra.system_text_name : "",
                              a->records[record].line);
        line = 0;
    }
    vsnprintf(message + at, sizeof message - at, format, args);
    for (size_t d = a->diag_count; d-- > 0;) {
        const struct cal_diag *old = &a->diags[d];
        if (old->record != record)
            break;
        if (!strcmp(old->flag, flag) && !strcmp(old->message, message))
            return;
    }
    if (a->diag_count >= 100000 ||
        !cal_grow((void **)&a->diags, &a->diag_capacity, a->diag_count, sizeof *a->diags))
        return;
    struct cal_diag *d = &a->diags[a->diag_count];
    d->message = cal_strndup(message, strlen(message));
    if (!d->message) {
        a->out_of_memory = true;
        return;
    }
    d->record = record;
    d->line = line;
    snprintf(d->flag, sizeof d->flag, "%s", flag);
    d->warning = cal_is_warning(flag);
    a->diag_count++;
}

void cal_error(struct cal_asm *a, const char *flag, const char *format, ...)
{
    if (a->pass != 2 && !a->report_always)
        return;
    va_list args;
    va_start(args, format);
    add_diag(a, a->record, a->line, flag, format, args);
    va_end(args);
}

void cal_error_now(struct cal_asm *a, const char *flag, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    add_diag(a, a->record, a->line, flag, format, args);
    va_end(args);
}

void cal_error_at(struct cal_asm *a, int record, int line, const char *flag,
                  const char *format, ...)
{
    va_list args;
    va_start(args, format);
    add_diag(a, record, line, flag, format, args);
    va_end(args);
}

void cal_format_diagnostic(const struct cal_diagnostic *d, const char *file_name, char *buf,
                           size_t size)
{
    char place[300];
    snprintf(place, sizeof place, "%s:%d", file_name, d->line);
    cal_format_diagnostic_at(d, place, buf, size);
}

void cal_format_diagnostic_at(const struct cal_diagnostic *d, const char *place, char *buf,
                              size_t size)
{
    snprintf(buf, size, "%s: %s %s: %s", place, d->severity == CAL_WARNING ? "warning" : "error",
             d->flag, d->message);
}

struct ordered_diagnostic {
    struct cal_diagnostic diagnostic;
    size_t order;
};

static int compare_diagnostics(const void *x, const void *y)
{
    const struct ordered_diagnostic *a = x, *b = y;
    if (a->diagnostic.line != b->diagnostic.line)
        return a->diagnostic.line < b->diagnostic.line ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Sort by line; on one line, in the order they were reported. */
static void sort_diagnostics(struct cal_result *result)
{
    size_t n = result->diagnostic_count;
    struct ordered_diagnostic *list = malloc((n + 1) * sizeof *list);
    if (!list)
        return;   /* unsorted, but complete */
    for (size_t i = 0; i < n; i++) {
        list[i].diagnostic = result->diagnostics[i];
        list[i].order = i;
    }
    qsort(list, n, sizeof *list, compare_diagnostics);
    for (size_t i = 0; i < n; i++)
        result->diagnostics[i] = list[i].diagnostic;
    free(list);
}

bool cal_diagnostics_to_result(struct cal_asm *a, struct cal_result *result)
{
    result->diagnostics = calloc(a->diag_count + 1, sizeof *result->diagnostics);
    if (!result->diagnostics)
        return false;
    for (size_t d = 0; d < a->diag_count; d++) {
        struct cal_diagnostic *out = &result->diagnostics[d];
        out->line = a->diags[d].line;
        memcpy(out->flag, a->diags[d].flag, sizeof out->flag);
        out->severity = a->diags[d].warning ? CAL_WARNING : CAL_ERROR;
        out->message = a->diags[d].message;
        a->diags[d].message = NULL;
        if (a->diags[d].warning)
            result->warning_count++;
        else
            result->error_count++;
    }
    result->diagnostic_count = a->diag_count;
    sort_diagnostics(result);
    return true;
}
