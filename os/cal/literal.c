/*
 * literal.c - the literal blocks (cal-syntax.md 3.5): each module's table
 * of literals (=term), one entry per distinct text, its word offset in the
 * module's literal section and its size.  The term's value is an
 * expression, so writing a literal's words is expr.c's (pass 2, at its
 * first use).
 *
 * May use: constant.c, diag.c, lex.c.
 */
#include "cal_internal.h"

#include <stdlib.h>
#include <string.h>

static uint32_t literal_words(struct cal_asm *a, const char *text, size_t length)
{
    if (!cal_is_string(text, length))
        return 1;
    struct cal_string s;
    bool saved = a->report_always;
    a->report_always = false;
    uint32_t words = 1;
    int pass = a->pass;
    a->pass = 1;   /* the size only: no messages here */
    if (cal_parse_data_string(a, text, length, &s) && s.count > 8)
        words = (uint32_t)((s.count + 7) / 8);
    a->pass = pass;
    a->report_always = saved;
    free(s.bytes);
    return words;
}

int cal_literal_enter(struct cal_asm *a, const char *text, size_t length)
{
    if (a->module < 0) {
        cal_error(a, "I", "literal outside a module");
        return -1;
    }
    if (a->in_literal) {
        cal_error(a, "X", "a literal inside a literal");
        return -1;
    }
    struct cal_module *m = &a->modules[a->module];
    int found = -1;
    for (size_t l = 0; l < a->literal_count; l++) {
        const struct cal_literal *lit = &a->literals[l];
        if (lit->module == a->module && strlen(lit->text) == length &&
            !memcmp(lit->text, text, length)) {
            found = (int)l;
            break;
        }
    }
    struct cal_section *s = &a->sections[m->literal_section];
    if (found < 0 && a->pass == 2) {
        cal_error(a, "F", "literal first seen in pass 2 (phase error)");
        return -1;
    }
    if (found < 0) {
        if (!cal_grow((void **)&a->literals, &a->literal_capacity, a->literal_count,
                      sizeof *a->literals)) {
            a->out_of_memory = true;
            return -1;
        }
        struct cal_literal *lit = &a->literals[a->literal_count];
        memset(lit, 0, sizeof *lit);
        lit->text = cal_strndup(text, length);
        if (!lit->text) {
            a->out_of_memory = true;
            return -1;
        }
        lit->module = a->module;
        lit->offset = (uint32_t)(s->high / 64);
        lit->words = literal_words(a, text, length);
        s->high += (uint64_t)lit->words * 64;
        found = (int)a->literal_count++;
    }
    return found;
}
