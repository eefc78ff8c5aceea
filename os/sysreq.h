/*
 * sysreq.h - system requests: a program's EX with a function code in S0
 * (docs/system-requests.md lists every code, its arguments and results).
 */
#ifndef C1_OS_SYSREQ_H
#define C1_OS_SYSREQ_H

#include <stdbool.h>

#include "emu/cpu.h"
#include "os.h"

/* Serve the request of the job's program, stopped after its EX.  On return
 * the program resumes (job->step_running), or its step ended or aborted. */
void sysreq_serve(struct os *os, struct job *job, struct cpu *cpu);

/* The job's output bounds (docs/job-control.md): with output_message (an
 * OL001 message from job_datasets.c), or when its log is past its class's
 * bound (OL002), the step aborts with that code and the job ends, its
 * output so far kept: true.  false when the job is within its bounds. */
bool sysreq_check_bounds(struct os *os, struct job *job, const char *output_message);

#endif
