/*
 * machine.c - N processors on one memory, run in rounds on one or more host
 * threads, deterministically (see machine.h).
 */
#include "machine.h"

#include "timing_memo.h"

#include <stdlib.h>
#include <string.h>

int machine_init(struct machine *machine, unsigned model, unsigned pcs, uint32_t memory_words,
                 bool timing)
{
    memset(machine, 0, sizeof *machine);
    if (pcs < 1 || pcs > MACHINE_MAX_PCS || (model != MODEL_CRAY1 && model != MODEL_XMP))
        return -1;
    machine->model = model;
    machine->pcs = pcs;
    machine->slice = MACHINE_DEFAULT_SLICE;
    if (memory_init(&machine->memory, memory_words))
        return -1;
    machine->decoder = malloc(sizeof *machine->decoder);
    if (timing)
        machine->timing_tables = malloc(sizeof *machine->timing_tables);
    if (!machine->decoder || (timing && !machine->timing_tables)) {
        machine_free(machine);
        return -1;
    }
    isa_decoder_init(machine->decoder, model);
    if (timing)
        timing_tables_init(machine->timing_tables);
    for (unsigned n = 0; n < pcs; n++) {
        struct cpu *cpu = &machine->cpu[n];
        cpu_init(cpu, model, &machine->memory, machine->decoder);
        cpu->processor = n;
        cpu->clusters = machine->clusters;
        cpu->cluster_count = MACHINE_CLUSTERS;
        if (timing) {
            cpu_set_timing(cpu, machine->timing_tables);
            machine->memo[n] = calloc(1, sizeof *machine->memo[n]);
            if (!machine->memo[n]) {
                machine_free(machine);
                return -1;
            }
            timing_memo_init(machine->memo[n]);
            cpu_set_memo(cpu, machine->memo[n]);
        }
    }
    return 0;
}

static void stop_threads(struct machine *machine)
{
    if (machine->threads) {
        machine_threads_stop(machine->threads);
        free(machine->threads);
        machine->threads = NULL;
    }
}

int machine_set_threads(struct machine *machine, unsigned threads)
{
    stop_threads(machine);
    if (threads > machine->pcs)
        threads = machine->pcs;
    if (threads <= 1)
        return threads == 1 ? 0 : -1;
    machine->threads = malloc(sizeof *machine->threads);
    if (!machine->threads || machine_threads_start(machine->threads, threads)) {
        free(machine->threads);
        machine->threads = NULL;
        return -1;
    }
    return 0;
}

void machine_free(struct machine *machine)
{
    stop_threads(machine);
    memory_free(&machine->memory);
    free(machine->decoder);
    free(machine->timing_tables);
    for (unsigned n = 0; n < MACHINE_MAX_PCS; n++) {
        free(machine->memo[n]);
        machine->memo[n] = NULL;
        machine->cpu[n].memo = NULL;
    }
    machine->decoder = NULL;
    machine->timing_tables = NULL;
}

static bool waiting_for_monitor(const struct cpu *cpu) { return cpu->flags || cpu->monitor_exit; }

/* PCs that may meet within a round (shared registers), or whose host
 * watches each instruction, run one after the other. */
static bool runs_alone(const struct cpu *cpu)
{
    return cpu->cluster || cpu->trace || cpu->stop_at_parcel != UINT32_MAX;
}

int machine_run(struct machine *machine, uint64_t clock_limit)
{
    for (;;) {
        uint64_t lowest = UINT64_MAX;
        for (unsigned n = 0; n < machine->pcs; n++) {
            const struct cpu *cpu = &machine->cpu[n];
            if (machine->idle[n])
                continue;
            if (waiting_for_monitor(cpu))
                return (int)n;
            if (cpu->clock < clock_limit && cpu->clock < lowest)
                lowest = cpu->clock;
        }
        if (lowest == UINT64_MAX)
            return -1;
        uint64_t end = clock_limit - lowest > machine->slice ? lowest + machine->slice : clock_limit;
        struct cpu *round[MACHINE_MAX_PCS];
        int number[MACHINE_MAX_PCS];
        enum cpu_stop stop[MACHINE_MAX_PCS];
        unsigned count = 0;
        bool alone = !machine->threads;
        for (unsigned n = 0; n < machine->pcs; n++) {
            struct cpu *cpu = &machine->cpu[n];
            if (machine->idle[n] || cpu->clock >= end)
                continue;
            alone |= runs_alone(cpu);
            number[count] = (int)n;
            round[count++] = cpu;
        }
        if (alone || count == 1) {
            for (unsigned i = 0; i < count; i++)
                stop[i] = cpu_run(round[i], end);
        } else {
            machine_threads_round(machine->threads, round, count, end, stop);
        }
        /* The monitor is wanted, or a debugger's stop: the lowest PC first. */
        for (unsigned i = 0; i < count; i++)
            if (stop[i] != CPU_STOP_CLOCKS)
                return number[i];
    }
}
