/*
 * sysreq.h - system requests: a program's EX with a function code in S0
 * (docs/system-requests.md lists every code, its arguments and results).
 */
#ifndef C1_OS_SYSREQ_H
#define C1_OS_SYSREQ_H

#include "emu/cpu.h"
#include "os.h"

/* Serve the request of the job's program, stopped after its EX.  On return
 * the program resumes (job->step_running), or its step ended or aborted. */
void sysreq_serve(struct os *os, struct job *job, struct cpu *cpu);

#endif
