/*
 * csp_expr.c - SET and IF expressions, checked (see csp_expr.h): a
 * recursive descent over the text, each step refusing what would overflow.
 */
#include "csp_expr.h"

#include <ctype.h>
#include <string.h>

struct evaluation {
    const char *at;
    const int64_t *symbols;
    int depth;
    enum csp_expr_status status;
};

static void fail(struct evaluation *e, enum csp_expr_status status)
{
    if (e->status == CSP_EXPR_OK)
        e->status = status;
}

static int64_t sum(struct evaluation *e);

static int64_t term(struct evaluation *e)
{
    if (e->status)
        return 0;
    if (++e->depth > CSP_EXPR_DEPTH) {
        fail(e, CSP_EXPR_TOO_DEEP);
        return 0;
    }
    const char *s = e->at;
    int64_t v = 0;
    if (*s == '(') {
        e->at++;
        v = sum(e);
        if (*e->at != ')')
            fail(e, CSP_EXPR_SYNTAX);
        else
            e->at++;
    } else if (*s == '-') {
        e->at++;
        int64_t r = term(e);
        if (__builtin_sub_overflow((int64_t)0, r, &v))
            fail(e, CSP_EXPR_OVERFLOW);
    } else if (*s == 'J' && s[1] >= '0' && s[1] <= '7' && !isalnum((unsigned char)s[2])) {
        e->at += 2;
        v = e->symbols[s[1] - '0'];
    } else if (isdigit((unsigned char)*s)) {
        while (isdigit((unsigned char)*e->at)) {
            if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *e->at - '0', &v)) {
                fail(e, CSP_EXPR_OVERFLOW);
                return 0;
            }
            e->at++;
        }
    } else {
        fail(e, CSP_EXPR_SYNTAX);
    }
    e->depth--;
    return e->status ? 0 : v;
}

static int64_t product(struct evaluation *e)
{
    int64_t v = term(e);
    while (!e->status && (*e->at == '*' || *e->at == '/')) {
        char op = *e->at++;
        int64_t r = term(e);
        if (e->status)
            break;
        if (op == '*') {
            if (__builtin_mul_overflow(v, r, &v))
                fail(e, CSP_EXPR_OVERFLOW);
        } else if (r == 0) {
            fail(e, CSP_EXPR_DIVIDE_ZERO);
        } else if (v == INT64_MIN && r == -1) {
            fail(e, CSP_EXPR_OVERFLOW);
        } else {
            v /= r;
        }
    }
    return e->status ? 0 : v;
}

static int64_t sum(struct evaluation *e)
{
    int64_t v = product(e);
    while (!e->status && (*e->at == '+' || *e->at == '-')) {
        char op = *e->at++;
        int64_t r = product(e);
        if (e->status)
            break;
        if (op == '+' ? __builtin_add_overflow(v, r, &v) : __builtin_sub_overflow(v, r, &v))
            fail(e, CSP_EXPR_OVERFLOW);
    }
    return e->status ? 0 : v;
}

static const char *const relations[] = {".EQ.", ".NE.", ".LT.", ".LE.", ".GT.", ".GE."};

static bool comparison(struct evaluation *e)
{
    int64_t left = sum(e);
    for (int r = 0; r < 6 && !e->status; r++) {
        if (!strncmp(e->at, relations[r], 4)) {
            e->at += 4;
            int64_t right = sum(e);
            switch (r) {
            case 0: return left == right;
            case 1: return left != right;
            case 2: return left < right;
            case 3: return left <= right;
            case 4: return left > right;
            default: return left >= right;
            }
        }
    }
    return left != 0;   /* a bare expression: true when not zero */
}

static bool condition(struct evaluation *e)
{
    bool v = comparison(e);
    while (!e->status) {
        if (!strncmp(e->at, ".AND.", 5)) {
            e->at += 5;
            bool r = comparison(e);
            v = v && r;
        } else if (!strncmp(e->at, ".OR.", 4)) {
            e->at += 4;
            bool r = comparison(e);
            v = v || r;
        } else {
            break;
        }
    }
    return v;
}

enum csp_expr_status csp_expr_value(const char *text, const int64_t symbols[8], int64_t *value)
{
    struct evaluation e = {text, symbols, 0, CSP_EXPR_OK};
    int64_t v = sum(&e);
    if (!e.status && *e.at)
        fail(&e, CSP_EXPR_SYNTAX);
    if (!e.status)
        *value = v;
    return e.status;
}

enum csp_expr_status csp_expr_condition(const char *text, const int64_t symbols[8], bool *truth)
{
    struct evaluation e = {text, symbols, 0, CSP_EXPR_OK};
    bool v = condition(&e);
    if (!e.status && *e.at)
        fail(&e, CSP_EXPR_SYNTAX);
    if (!e.status)
        *truth = v;
    return e.status;
}

const char *csp_expr_message(enum csp_expr_status status)
{
    switch (status) {
    case CSP_EXPR_OK: return "";
    case CSP_EXPR_SYNTAX: return "CS003 - BAD EXPRESSION";
    case CSP_EXPR_OVERFLOW: return "CS007 - ARITHMETIC OVERFLOW";
    case CSP_EXPR_DIVIDE_ZERO: return "CS008 - DIVISION BY ZERO";
    case CSP_EXPR_TOO_DEEP: return "CS009 - EXPRESSION NESTED TOO DEEP";
    }
    return "CS003 - BAD EXPRESSION";
}
