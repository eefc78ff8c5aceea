/*
 * csp_cos.h - COS control statements C-1 lacks or ignores, and COS
 * utilities it does not have (csp_cos.c).
 */
#ifndef C1_OS_CSP_COS_H
#define C1_OS_CSP_COS_H

#include <stdbool.h>

#include "deck.h"
#include "os.h"

/* A COS statement C-1 lacks (CS011, -1) or takes and ignores (CS012 in
 * the log, 0): *handled is then true.  Any other statement: *handled
 * false, 0. */
int csp_cos_statement(struct os *os, struct job *job, const struct deck_statement *st,
                      bool *handled);

/* verb is the name of a COS utility program C-1 does not have. */
bool csp_cos_utility(const char *verb);

#endif
