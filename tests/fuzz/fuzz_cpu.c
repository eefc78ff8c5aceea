/*
 * fuzz_cpu.c - libFuzzer target: random instruction words into a small
 * machine of either model, run for a bounded number of clocks from a
 * random P, with random registers.  Every outcome must be a defined stop
 * (an exchange or the clock limit); ASan/UBSan catch anything else.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/exchange.h"
#include "emu/isa.h"
#include "emu/memory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned model = (data[0] & 1) ? MODEL_XMP : MODEL_CRAY1;
    unsigned field_words = 64u + data[1];
    data += 2;
    size -= 2;
    struct memory memory;
    if (memory_init(&memory, 4096))
        return 0;
    static struct isa_decoder decoders[2];   /* read-only after init: built per input */
    struct isa_decoder *decoder = &decoders[model == MODEL_XMP];
    isa_decoder_init(decoder, model);
    /* Code and data from the input, big-endian words from address 0. */
    for (size_t i = 0; i < size / 8 && i < memory.size; i++) {
        uint64_t w = 0;
        for (int b = 0; b < 8; b++)
            w = (w << 8) | data[i * 8 + (size_t)b];
        memory.word[i] = w;
    }
    struct cpu cpu;
    cpu_init(&cpu, model, &memory, decoder);
    cpu_set_field(&cpu, 0, field_words);
    /* Registers from the first words, so that addresses and counts vary. */
    for (int r = 0; r < 8; r++) {
        cpu.a[r] = (uint32_t)memory.word[(unsigned)r % memory.size] & A_MASK;
        cpu.s[r] = memory.word[(unsigned)(r + 8) % memory.size];
    }
    cpu.vl = (uint32_t)(memory.word[0] >> 57);
    for (int round = 0; round < 4; round++) {
        enum cpu_stop stop = cpu_run(&cpu, cpu.clock + 20000);
        if (stop == CPU_STOP_CLOCKS)
            break;
        if (stop != CPU_STOP_EXCHANGE || (!cpu.flags && !cpu.monitor_exit))
            abort();
        /* Play a monitor that clears the flags and resumes. */
        uint64_t package[EXCHANGE_PACKAGE_WORDS];
        exchange_pack(&cpu, package);
        cpu.flags = 0;
        cpu.monitor_exit = false;
        if (cpu.p >= field_words * 4)
            cpu.p = 0;
    }
    memory_free(&memory);
    return 0;
}
