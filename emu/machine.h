/*
 * machine.h - a machine of N processors (PCs) sharing one central memory.
 *
 * The PCs run in rounds: each round ends a slice of clocks past the lowest
 * clock of the PCs that can run, and every PC below that end runs to it, or
 * to its first exchange, on its own - its registers, its field, nothing of
 * another PC - so the PCs of a round may run on separate host threads
 * (machine_set_threads) and still compute exactly what one thread computes,
 * whatever the number of threads.  Between rounds the host (the OS, the bare
 * runner) serves the PCs that stopped, lowest number first.  No PC runs
 * ahead of another by more than a slice.  PCs that could meet inside a
 * round - an X-MP cluster of shared registers (CLN not 0), a trace, a stop
 * point - run one after the other in PC order, on the caller's thread.
 */
#ifndef C1_EMU_MACHINE_H
#define C1_EMU_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "isa.h"
#include "machine_threads.h"
#include "memory.h"
#include "timing.h"

#define MACHINE_MAX_PCS 16
#define MACHINE_CLUSTERS 5               /* X-MP/4: five clusters of shared registers */
#define MACHINE_DEFAULT_SLICE 1000000u   /* clocks a round ends past the lowest PC clock */

struct machine {
    unsigned model;
    unsigned pcs;
    uint64_t slice;
    struct memory memory;
    struct isa_decoder *decoder;
    struct timing_tables *timing_tables;   /* NULL: functional mode */
    struct shared_cluster clusters[MACHINE_CLUSTERS + 1];
    struct cpu cpu[MACHINE_MAX_PCS];
    struct timing_memo *memo[MACHINE_MAX_PCS];   /* each timed PC's (timing_memo.h) */
    bool idle[MACHINE_MAX_PCS];            /* a PC the host has no work for */
    struct machine_threads *threads;       /* host threads besides the caller's, or NULL */
};

/* Build a machine: memory of memory_words, pcs processors (1..16), timing
 * on or off.  Returns 0, or -1 with nothing allocated. */
int machine_init(struct machine *machine, unsigned model, unsigned pcs, uint32_t memory_words,
                 bool timing);
void machine_free(struct machine *machine);

/* Run the PCs on this many host threads (the caller's among them; 1: the
 * caller's alone), at most one per PC.  Returns 0, or -1 (then one thread). */
int machine_set_threads(struct machine *machine, unsigned threads);

/* Run the PCs that are not idle, round after round, until one stops for
 * its monitor (returns the lowest number of those that stopped in the
 * round) or all have reached clock_limit (returns -1).  A PC that is
 * already waiting for its monitor is returned at once, the lowest first. */
int machine_run(struct machine *machine, uint64_t clock_limit);

#endif
