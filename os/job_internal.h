/*
 * job_internal.h - what job.c, csp.c, job_drop.c, sysreq.c and
 * job_datasets.c share about a job.  Not for the OS's outside.
 */
#ifndef C1_OS_JOB_INTERNAL_H
#define C1_OS_JOB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "emu/cpu.h"
#include "deck.h"
#include "os/cal/executable.h"
#include "os.h"

double os_clock_period(const struct os *os);
uint64_t os_seconds_to_clocks(const struct os *os, double seconds);

struct job *job_new(struct os *os, int64_t sequence, const char *queue_name);
struct cpu *job_cpu(struct os *os, const struct job *job);
uint64_t job_clock(const struct os *os, const struct job *job);
void job_charge(struct os *os, struct job *job, uint64_t clocks);
void job_write_banner(struct os *os, struct job *job);
void job_remove_queue_entry(struct os *os, const struct job *job);
void job_free_program_symbols(struct job *job);
void job_release_machine(struct os *os, struct job *job);
int job_restore_datasets(struct os *os, struct job *job, char *why, size_t size);

#endif
