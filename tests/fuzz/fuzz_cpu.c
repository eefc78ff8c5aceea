/*
 * fuzz_cpu.c - libFuzzer target: random instruction words into a small
 * machine of either model, run for a bounded number of clocks from a
 * random P, with random registers.  Every outcome must be a defined stop
 * (an exchange or the clock limit); ASan/UBSan catch anything else.  With
 * bit 1 of the first byte the timing model is on, and a second machine
 * runs the same input with the timing model's memo (timing_memo.h) in the
 * same slices of clocks: any difference in clocks, registers or timing
 * state aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/exchange.h"
#include "emu/isa.h"
#include "emu/memory.h"
#include "emu/timing.h"
#include "emu/timing_memo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const struct cpu *a, const struct cpu *b)
{
    return a->clock == b->clock && a->p == b->p && a->flags == b->flags &&
           a->instructions == b->instructions && !memcmp(a->a, b->a, sizeof a->a) &&
           !memcmp(a->s, b->s, sizeof a->s) && !memcmp(a->v, b->v, sizeof a->v) &&
           !memcmp(&a->timing, &b->timing, sizeof a->timing);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned model = (data[0] & 1) ? MODEL_XMP : MODEL_CRAY1;
    bool timed = data[0] & 2;
    unsigned field_words = 64u + data[1];
    data += 2;
    size -= 2;
    struct memory memory;
    if (memory_init(&memory, 4096))
        return 0;
    static struct isa_decoder decoders[2];   /* read-only after init: built per input */
    static struct timing_tables tables;      /* the same */
    static struct timing_memo memo;          /* emptied for each input */
    struct isa_decoder *decoder = &decoders[model == MODEL_XMP];
    static bool tables_built;
    isa_decoder_init(decoder, model);
    if (!tables_built)
        timing_tables_init(&tables);
    tables_built = true;
    timing_memo_init(&memo);
    memo.keyed_min = 1;   /* a key at every block start: try every state */
    /* Code and data from the input, big-endian words from address 0. */
    for (size_t i = 0; i < size / 8 && i < memory.size; i++) {
        uint64_t w = 0;
        for (int b = 0; b < 8; b++)
            w = (w << 8) | data[i * 8 + (size_t)b];
        memory.word[i] = w;
    }
    /* cpu[1], with the memo, runs a copy of the memory. */
    struct memory copy = {0};
    if (timed && memory_init(&copy, 4096)) {
        memory_free(&memory);
        return 0;
    }
    if (timed)
        memcpy(copy.word, memory.word, memory.size * sizeof *memory.word);
    static struct cpu cpus[2];
    unsigned count = timed ? 2 : 1;
    for (unsigned c = 0; c < count; c++) {
        struct cpu *cpu = &cpus[c];
        cpu_init(cpu, model, c ? &copy : &memory, decoder);
        cpu_set_field(cpu, 0, field_words);
        if (timed)
            cpu_set_timing(cpu, &tables);
        if (c)
            cpu_set_memo(cpu, &memo);
        /* Registers from the first words, so that addresses and counts vary. */
        for (int r = 0; r < 8; r++) {
            cpu->a[r] = (uint32_t)memory.word[(unsigned)r % memory.size] & A_MASK;
            cpu->s[r] = memory.word[(unsigned)(r + 8) % memory.size];
        }
        cpu->vl = (uint32_t)(memory.word[0] >> 57);
    }
    for (int round = 0; round < 8; round++) {
        uint64_t limit = cpus[0].clock + (round & 1 ? (timed ? 5000 : 20000) : 37);
        enum cpu_stop stop = cpu_run(&cpus[0], limit);
        if (timed && (cpu_run(&cpus[1], limit) != stop || !same(&cpus[0], &cpus[1])))
            abort();   /* the memo changed the timing */
        if (stop == CPU_STOP_CLOCKS)
            continue;
        if (stop != CPU_STOP_EXCHANGE || (!cpus[0].flags && !cpus[0].monitor_exit))
            abort();
        for (unsigned c = 0; c < count; c++) {
            struct cpu *cpu = &cpus[c];
            /* Play a monitor that clears the flags and resumes. */
            uint64_t package[EXCHANGE_PACKAGE_WORDS];
            exchange_pack(cpu, package);
            cpu->flags = 0;
            cpu->monitor_exit = false;
            if (cpu->p >= field_words * 4)
                cpu->p = 0;
        }
    }
    if (timed)
        memory_free(&copy);
    memory_free(&memory);
    return 0;
}
