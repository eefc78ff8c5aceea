/*
 * job.h - a job's basics (job.c), the lowest of the job files: a new job,
 * its clocks and its log, OS work charged to it, its banner, its queue
 * entry removed, its PC, field and devices given back.
 *
 * A job's life is spread over the files above it, lowest first:
 * job_datasets.h (its datasets), job_end.h (its end, freeing it),
 * job_deck.h (made from a deck), job_drop.h (drop and restart),
 * job_step.h (program steps, aborts), sysreq.h (system requests), csp.h
 * (control statements), job_exchange.h (its PC back at the monitor), and
 * os.h (the main loop that runs them all).
 */
#ifndef C1_OS_JOB_H
#define C1_OS_JOB_H

#include <stdint.h>

#include "emu/cpu.h"
#include "os.h"

/* Nanoseconds a clock period of the site's model, and seconds in clocks. */
double os_clock_period(const struct os *os);
uint64_t os_seconds_to_clocks(const struct os *os, double seconds);

/* A new queued job (calloc'd) with the site's next job number.  NULL when
 * out of memory. */
struct job *job_new(struct os *os, int64_t sequence, const char *queue_name);

/* The job's PC, or NULL when it is not on one. */
struct cpu *job_cpu(struct os *os, const struct job *job);

/* The job's present clock: its PC's, or the OS's when it is off the machine. */
uint64_t job_clock(const struct os *os, const struct job *job);

/* Clocks the job has used so far (with the current run). */
uint64_t job_clocks_used(const struct os *os, const struct job *job);

/* A job-log line at the job's present clock. */
void job_log(struct os *os, struct job *job, const char *component, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* OS work charged to the job: its PC's clock moves on. */
void job_charge(struct os *os, struct job *job, uint64_t clocks);
/* C-1's figure for the OS's work on a binary a step reads or writes (an
 * object module, a library, a program): clocks per word of it (LDR's
 * program), and beyond the first JOB_BINARY_WORDS_FREE of each binary
 * for the rest (the statement's own 4000 clocks cover those, so small
 * programs cost what they did).  Without it a LOOP of BUILD or CAL on 4 M
 * words (2 s of the host's time each) cost 4000 clocks a turn, and held
 * the site for hours within T=1. */
#define JOB_CLOCKS_PER_BINARY_WORD 10u
#define JOB_BINARY_WORDS_FREE 400u
/* Charge the work on a binary of bytes bytes, as above. */
void job_charge_binary(struct os *os, struct job *job, uint64_t bytes);

/* The banner at the head of the job's log. */
void job_write_banner(struct os *os, struct job *job);

/* The job's entry in SITE/queue (and a restart's .meta) removed. */
void job_remove_queue_entry(struct os *os, const struct job *job);

/* The symbols of the job's last program freed. */
void job_free_program_symbols(struct job *job);

/* Give back the job's PC, field and devices. */
void job_release_machine(struct os *os, struct job *job);

#endif
