/*
 * machine_threads.h - the host threads that run a machine's PCs side by
 * side (machine.h): a pool of workers owned by the machine, given one round
 * at a time - a set of PCs, each to run to the same clock - and joined when
 * the machine is freed.  The caller's thread takes part in every round; a
 * PC is run by whichever thread takes it first, which cannot change what it
 * computes, since in a round a PC touches its own registers and its own
 * field only.
 */
#ifndef C1_EMU_MACHINE_THREADS_H
#define C1_EMU_MACHINE_THREADS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

#define MACHINE_THREADS_MAX 16

struct machine_threads {
    pthread_t worker[MACHINE_THREADS_MAX];
    unsigned workers;                 /* started, besides the caller's thread */
    pthread_mutex_t lock;
    pthread_cond_t start;             /* a round is posted, or quit */
    pthread_cond_t done;              /* the round's last PC has stopped */
    uint64_t round;                   /* number of the round posted */
    bool quit;
    /* The round: PCs to run to `until`, and how each stopped. */
    struct cpu *cpu[MACHINE_THREADS_MAX];
    enum cpu_stop stop[MACHINE_THREADS_MAX];
    unsigned tasks, taken, finished;
    uint64_t until;
};

/* Start threads - 1 workers (threads 1: none).  Returns 0, or -1 with none
 * started. */
int machine_threads_start(struct machine_threads *pool, unsigned threads);

/* Run each cpu[i] to clock `until` (cpu_run), stop[i] its result, on the
 * pool's threads and the caller's; returns when all have stopped. */
void machine_threads_round(struct machine_threads *pool, struct cpu **cpu, unsigned count,
                           uint64_t until, enum cpu_stop *stop);

/* Stop and join the workers. */
void machine_threads_stop(struct machine_threads *pool);

#endif
