/*
 * micro.c - the micro table (cal-syntax.md 5.7): finding and setting a
 * micro (global when defined before the first IDENT, local to its module
 * otherwise), the predefined micros ($DATE, $TIME, $CPU, ...), and the
 * editing of a field: micro substitution and '_' deletion (1.6).  The
 * micro-defining pseudo-instructions (MICRO, OCTMIC, DECMIC) evaluate
 * expressions and live with pass 1 in expand.c.
 *
 * May use: diag.c, lex.c.
 */
#include "cal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cal_micro_find(struct cal_asm *a, const char *name, size_t length)
{
    int global = -1;
    for (size_t m = 0; m < a->micro_count; m++) {
        const struct cal_micro *mic = &a->micros[m];
        if (!mic->name[0] || !cal_equal_ci(name, length, mic->name))
            continue;
        if (mic->scope == a->module && a->module >= 0)
            return (int)m;
        if (mic->scope == -1)
            global = (int)m;
    }
    return global;
}

void cal_micro_set(struct cal_asm *a, const char *name, const char *value)
{
    char *copy = cal_strndup(value, strlen(value));
    if (!copy) {
        a->out_of_memory = true;
        return;
    }
    for (size_t m = 0; m < a->micro_count; m++) {
        struct cal_micro *mic = &a->micros[m];
        if (mic->scope == a->module && !strcmp(mic->name, name)) {
            free(mic->value);
            mic->value = copy;
            return;
        }
    }
    if (!cal_grow((void **)&a->micros, &a->micro_capacity, a->micro_count, sizeof *a->micros)) {
        free(copy);
        a->out_of_memory = true;
        return;
    }
    struct cal_micro *mic = &a->micros[a->micro_count++];
    snprintf(mic->name, sizeof mic->name, "%s", name);
    mic->scope = a->module;
    mic->value = copy;
}

void cal_micros_predefine(struct cal_asm *a)
{
    time_t t = (time_t)a->options.timestamp;
    struct tm tm;
    char text[32];
    if (!gmtime_r(&t, &tm))
        memset(&tm, 0, sizeof tm);
    snprintf(text, sizeof text, "%02d/%02d/%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100);
    cal_micro_set(a, "$DATE", text);
    snprintf(text, sizeof text, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    cal_micro_set(a, "$TIME", text);
    snprintf(text, sizeof text, "%02d/%03d", tm.tm_year % 100, tm.tm_yday + 1);
    cal_micro_set(a, "$JDATE", text);
    cal_micro_set(a, "$CPU", a->models == MODEL_CRAY1 ? "CRAY-1" : "CRAY XMP");
    cal_micro_set(a, "$CMNT", ";");
    cal_micro_set(a, "$MIC", "\"");
    cal_micro_set(a, "$CNC", "_");
    cal_micro_set(a, "$APP", "^");
}

/* ---- editing ---------------------------------------------------------------------- */

char *cal_edit_field(struct cal_asm *a, const char *text, size_t length)
{
    if (!a->edit)
        return cal_strndup(text, length);
    struct cal_buf out = {0};
    buf_add(&out, "", 0);
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == '_')
            continue;
        if (c == '"') {
            const char *close = memchr(text + i + 1, '"', length - i - 1);
            if (close) {
                size_t n = (size_t)(close - (text + i + 1));
                if (cal_equal_ci(text + i + 1, n, "$QUAL")) {
                    buf_str(&out, a->qual[0] ? a->qual : "*");
                } else {
                    int m = cal_micro_find(a, text + i + 1, n);
                    if (m >= 0 && out.length <= CAL_MAX_LINE)
                        buf_add(&out, a->micros[m].value,
                                strnlen(a->micros[m].value, CAL_MAX_LINE + 1));
                    else
                        cal_error_now(a, "W7", "undefined micro \"%.*s\"", (int)n, text + i + 1);
                }
                i += n + 1;
                continue;
            }
        }
        buf_add(&out, &c, 1);
        if (out.length > CAL_MAX_LINE)
            break;
    }
    if (out.length > CAL_MAX_LINE && !out.failed) {
        /* Micros that double each other would otherwise grow without end. */
        cal_error_now(a, "F", "field longer than %d characters after micro substitution",
                      CAL_MAX_LINE);
        out.length = CAL_MAX_LINE;
        out.data[out.length] = '\0';
    }
    if (out.failed) {
        free(out.data);
        a->out_of_memory = true;
        return NULL;
    }
    return out.data;
}
