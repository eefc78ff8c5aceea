/*
 * csp_expr.h - the expressions and conditions of SET(Jn=expr) and
 * IF(cond): the job symbols J0-J7 and decimal integers with + - * / and
 * parentheses; conditions compare two expressions with .EQ. .NE. .LT. .LE.
 * .GT. .GE. and join them with .AND. .OR.
 *
 * Arithmetic is on 64-bit signed integers (literals too) and checked: an overflow (of a
 * sum, a difference, a product, a negation, INT64_MIN / -1), a division by
 * zero or nesting deeper than CSP_EXPR_DEPTH stops the evaluation at the
 * first error, with its code.  Nothing here can trap.  Uses nothing of C-1.
 */
#ifndef C1_OS_CSP_EXPR_H
#define C1_OS_CSP_EXPR_H

#include <stdbool.h>
#include <stdint.h>

#define CSP_EXPR_DEPTH 64              /* parentheses and signs, nested */

enum csp_expr_status {
    CSP_EXPR_OK = 0,
    CSP_EXPR_SYNTAX,        /* CS003: not an expression / condition */
    CSP_EXPR_OVERFLOW,      /* CS007: a result beyond 64-bit signed integers */
    CSP_EXPR_DIVIDE_ZERO,   /* CS008 */
    CSP_EXPR_TOO_DEEP,      /* CS009 */
};

/* The whole of text as an expression over symbols[0..7]. */
enum csp_expr_status csp_expr_value(const char *text, const int64_t symbols[8], int64_t *value);

/* The whole of text as a condition over symbols[0..7]. */
enum csp_expr_status csp_expr_condition(const char *text, const int64_t symbols[8], bool *truth);

/* "CS007 - ARITHMETIC OVERFLOW" and so on: the code and its words. */
const char *csp_expr_message(enum csp_expr_status status);

#endif
