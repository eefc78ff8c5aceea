/*
 * machine.c - N processors on one memory, interleaved deterministically
 * (see machine.h).
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
    machine->quantum = MACHINE_DEFAULT_QUANTUM;
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
            cpu_set_memo(cpu, machine->memo[n]);
        }
    }
    return 0;
}

void machine_free(struct machine *machine)
{
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

int machine_run(struct machine *machine, uint64_t clock_limit)
{
    for (;;) {
        int next = -1;
        for (unsigned n = 0; n < machine->pcs; n++) {
            const struct cpu *cpu = &machine->cpu[n];
            if (machine->idle[n])
                continue;
            if (waiting_for_monitor(cpu))
                return (int)n;
            if (cpu->clock >= clock_limit)
                continue;
            if (next < 0 || cpu->clock < machine->cpu[next].clock)
                next = (int)n;
        }
        if (next < 0)
            return -1;
        struct cpu *cpu = &machine->cpu[next];
        uint64_t until = cpu->clock + machine->quantum;
        if (until > clock_limit)
            until = clock_limit;
        if (cpu_run(cpu, until) != CPU_STOP_CLOCKS)
            return next;   /* its monitor is wanted, or a debugger's stop */
    }
}
