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

/* Read a zero-terminated string of at most max characters from the field
 * (word address relative to the field).  0, or -1 if it leaves the field. */
int field_string(const struct cpu *cpu, uint32_t address, char *buf, size_t max);

/* Pack text into words at a field address (8 characters a word, zero
 * filled), at most words words.  0, or -1 if it leaves the field. */
int field_put_text(struct cpu *cpu, uint32_t address, uint32_t words, const char *text,
                   size_t length);

#endif
