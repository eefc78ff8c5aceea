/*
 * abort_cause.h - why a job step's exchange is an error: the flags of the
 * exchange package that abort a step, each with its code and message
 * (AB001 error exit, AB002 operand range, AB003 program range, AB005
 * floating point), in the order the OS takes them.  job_exchange.c aborts
 * with it; restart_check.c uses it to say that a dropfile written at an
 * error aborts again at once when restarted as it is.
 */
#ifndef C1_OS_ABORT_CAUSE_H
#define C1_OS_ABORT_CAUSE_H

#include <stdint.h>

struct abort_cause {
    uint32_t flag;          /* enum cpu_flag */
    const char *code;       /* "AB002" */
    const char *message;    /* "OPERAND RANGE ERROR" */
};

/* The cause an exchange with these flags aborts for, or NULL (a normal
 * exit, or no error flag). */
const struct abort_cause *abort_cause_of(uint32_t flags);

#endif
