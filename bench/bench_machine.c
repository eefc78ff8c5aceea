/*
 * bench_machine.c - host speed of the emulated machine (make bench).
 *
 * Three kernels - a scalar loop, an integer/logical vector loop and a
 * floating-point vector loop - each run with the timing model and without
 * (functional mode, one clock per parcel).  Reported: emulated instructions
 * and vector elements per host second, emulated clocks per host second with
 * full timing (the real Cray-1 ran 80 M clocks a second), the cost of
 * timing, and each kernel's MFLOPS at 80 MHz.  Speed is measured here,
 * never in a unit test.  The programs are hand-encoded parcels, so the
 * benchmark depends on the machine alone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "emu/cpu.h"
#include "emu/isa.h"
#include "emu/memory.h"
#include "emu/timing.h"

struct bench {
    struct memory memory;
    struct isa_decoder *decoder;
    struct timing_tables *tables;
    struct cpu cpu;
};

static void put_parcels(struct memory *m, const uint16_t *parcels, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        unsigned shift = 48 - 16 * (i & 3);
        m->word[i / 4] &= ~(UINT64_C(0xFFFF) << shift);
        m->word[i / 4] |= (uint64_t)parcels[i] << shift;
    }
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct result {
    double host_seconds;
    uint64_t clocks, instructions, elements, flops;
};

static struct result run(struct bench *b, const uint16_t *code, unsigned count, int timed)
{
    put_parcels(&b->memory, code, count);
    cpu_init(&b->cpu, MODEL_CRAY1, &b->memory, b->decoder);
    if (timed)
        cpu_set_timing(&b->cpu, b->tables);
    b->cpu.s[2] = UINT64_C(0x4001800000000000);   /* 1.0, so the floats stay in range */
    double t0 = seconds();
    enum cpu_stop stop = cpu_run(&b->cpu, UINT64_MAX);
    struct result r = {seconds() - t0, b->cpu.clock, b->cpu.instructions,
                       b->cpu.vector_elements, b->cpu.flops};
    if (stop != CPU_STOP_EXCHANGE || !(b->cpu.flags & FLAG_NORMAL_EXIT)) {
        fprintf(stderr, "bench: program did not end with EX (flags %o)\n", b->cpu.flags);
        exit(1);
    }
    return r;
}

/* A loop: A1 passes ; VL 64 ; loop: body ; A1 A1-1 ; A0 A1 ; JAN loop ; EX */
static unsigned make_loop(uint16_t *code, uint32_t passes, const uint16_t *body, unsigned n)
{
    unsigned at = 0;
    code[at++] = (uint16_t)(0020100 | (passes >> 16));
    code[at++] = (uint16_t)(passes & 0xFFFF);
    code[at++] = 0022200 | 040;   /* A2 32 (64 below) */
    code[at++] = 0030222;         /* A2 A2+A2 = 64 */
    code[at++] = 0002002;         /* VL A2 */
    unsigned loop = at;
    for (unsigned i = 0; i < n; i++)
        code[at++] = body[i];
    code[at++] = 0031110;   /* A1 A1-1 */
    code[at++] = 0030001;   /* A0 A1 */
    code[at++] = 0011000;   /* JAN loop */
    code[at++] = (uint16_t)loop;
    code[at++] = 0004000;   /* EX */
    return at;
}

int main(void)
{
    struct bench *b = calloc(1, sizeof *b);
    if (!b)
        return 1;
    b->decoder = malloc(sizeof *b->decoder);
    b->tables = malloc(sizeof *b->tables);
    if (!b->decoder || !b->tables || memory_init(&b->memory, MEMORY_DEFAULT_WORDS))
        return 1;
    isa_decoder_init(b->decoder, MODEL_CRAY1);
    timing_tables_init(b->tables);

    const struct {
        const char *name;
        uint32_t passes;
        uint16_t body[8];
        unsigned n;
    } kernels[] = {
        /* S1 S1+S2 ; S3 S3&S1 ; S4 S4<1 ; S5 S5+FS2 */
        {"scalar", 2000000, {0060112, 0044331, 0054401, 0062552}, 4},
        /* V1 V2+V3 ; V4 V1&V5 ; V6 V4!V1 ; V7 V6-V4 */
        {"vector integer", 1000000, {0155123, 0141415, 0143641, 0157764}, 4},
        /* V1 V2*FV3 ; V4 V1+FV5 (chained) ; V6 S2*FV4 ; V7 V6+FV1 */
        {"vector floating", 500000, {0161123, 0171415, 0160624, 0171761}, 4},
    };
    printf("%-16s %-9s %12s %14s %14s %10s %8s\n", "kernel", "timing", "host s",
           "M instr/s", "M elements/s", "M clocks/s", "MFLOPS");
    for (unsigned k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
        uint16_t code[64];
        unsigned count = make_loop(code, kernels[k].passes, kernels[k].body, kernels[k].n);
        struct result timed = run(b, code, count, 1);
        struct result plain = run(b, code, count, 0);
        const struct result *rs[2] = {&timed, &plain};
        for (int t = 0; t < 2; t++) {
            const struct result *r = rs[t];
            double emulated_seconds = (double)r->clocks * 12.5e-9;
            printf("%-16s %-9s %12.3f %14.1f %14.1f %10.1f %8.1f\n", kernels[k].name,
                   t ? "off" : "on", r->host_seconds, r->instructions / r->host_seconds / 1e6,
                   r->elements / r->host_seconds / 1e6, r->clocks / r->host_seconds / 1e6,
                   t ? 0.0 : r->flops / emulated_seconds / 1e6);
        }
        printf("%-16s cost of timing: %.2fx the host time of the functional run\n",
               kernels[k].name, timed.host_seconds / plain.host_seconds);
    }
    printf("aims (issue #2): scalar >= 150 M instr/s, vector >= 500 M elements/s (functional);\n"
           "     (issue #3): >= 80 M emulated clocks/s with timing, 160 M preferred\n");
    free(b->decoder);
    free(b->tables);
    memory_free(&b->memory);
    free(b);
    return 0;
}
