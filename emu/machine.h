/*
 * machine.h - a machine of N processors (PCs) sharing one central memory.
 *
 * The PCs run on one host thread, interleaved in fixed clock quanta: the PC
 * with the lowest clock (the lowest number on a tie) runs next, for one
 * quantum, so every run is reproducible bit for bit and no PC runs ahead of
 * another by more than a quantum.  The host (the OS, the bare runner) asks
 * the machine to run until some PC needs it.
 */
#ifndef C1_EMU_MACHINE_H
#define C1_EMU_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "isa.h"
#include "memory.h"
#include "timing.h"

#define MACHINE_MAX_PCS 16
#define MACHINE_CLUSTERS 5               /* X-MP/4: five clusters of shared registers */
#define MACHINE_DEFAULT_QUANTUM 1000u    /* clocks a PC runs before the next is chosen */

struct machine {
    unsigned model;
    unsigned pcs;
    uint64_t quantum;
    struct memory memory;
    struct isa_decoder *decoder;
    struct timing_tables *timing_tables;   /* NULL: functional mode */
    struct shared_cluster clusters[MACHINE_CLUSTERS + 1];
    struct cpu cpu[MACHINE_MAX_PCS];
    struct timing_memo *memo[MACHINE_MAX_PCS];   /* each timed PC's (timing_memo.h) */
    bool idle[MACHINE_MAX_PCS];            /* a PC the host has no work for */
};

/* Build a machine: memory of memory_words, pcs processors (1..16), timing
 * on or off.  Returns 0, or -1 with nothing allocated. */
int machine_init(struct machine *machine, unsigned model, unsigned pcs, uint32_t memory_words,
                 bool timing);
void machine_free(struct machine *machine);

/* Run the PCs that are not idle until one stops for its monitor (returns
 * its number) or all have reached clock_limit (returns -1).  A PC that is
 * already waiting for its monitor is returned at once. */
int machine_run(struct machine *machine, uint64_t clock_limit);

#endif
