/*
 * csp.h - the control statement processor: a job's statements, one by
 * one, between its program steps.
 */
#ifndef C1_OS_CSP_H
#define C1_OS_CSP_H

#include "os.h"

/* A job has a PC and a field: run its control statements until a program
 * step is on the PC or the job ends. */
void job_advance(struct os *os, struct job *job);

#endif
