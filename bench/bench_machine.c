/*
 * bench_machine.c - host speed of the emulated machine (make bench): emulated
 * scalar instructions per host second on a scalar loop, and vector result
 * elements per host second on a vector loop.  Speed is measured here, never
 * in a unit test.  The programs are hand-encoded parcels, so the benchmark
 * depends on the machine alone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cpu.h"
#include "isa.h"
#include "memory.h"

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

static struct cpu *run(const uint16_t *code, unsigned count, struct memory *m,
                       struct isa_decoder *dec, double *elapsed)
{
    static struct cpu cpu_storage;   /* benchmark driver only; not emulator state */
    struct cpu *cpu = &cpu_storage;
    put_parcels(m, code, count);
    cpu_init(cpu, MODEL_CRAY1, m, dec);
    double t0 = seconds();
    enum cpu_stop stop = cpu_run(cpu, UINT64_MAX);
    *elapsed = seconds() - t0;
    if (stop != CPU_STOP_EXCHANGE || !(cpu->flags & FLAG_NORMAL_EXIT)) {
        fprintf(stderr, "bench: program did not end with EX (flags %o)\n", cpu->flags);
        exit(1);
    }
    return cpu;
}

int main(void)
{
    struct memory m;
    struct isa_decoder *dec = malloc(sizeof *dec);
    if (!dec || memory_init(&m, MEMORY_DEFAULT_WORDS))
        return 1;
    isa_decoder_init(dec, MODEL_CRAY1);

    /* Scalar loop, 6 instructions per pass, 4 M passes:
     *   A1 4000000 ; loop: S1 S1+S2 ; S3 S3&S1 ; S4 S4<1 ; A1 A1-1 ; A0 A1 ; JAN loop ; EX */
    const uint16_t scalar[] = {
        0020100 | (4000000 >> 16), 4000000 & 0xFFFF, /* 0: A1 4000000 (2 parcels) */
        0060112,                                       /* 2: S1 S1+S2 */
        0044331,                                       /* 3: S3 S3&S1 */
        0054401,                                       /* 4: S4 S4<1 */
        0031110,                                       /* 5: A1 A1-1 */
        0030001,                                       /* 6: A0 A1 */
        0011000, 2,                                    /* 7: JAN 2 */
        0004000,                                       /* 9: EX */
    };
    double t;
    struct cpu *cpu = run(scalar, sizeof scalar / sizeof scalar[0], &m, dec, &t);
    double scalar_rate = (double)cpu->instructions / t;
    printf("scalar loop: %" PRIu64 " instructions in %.3f s = %.1f M instructions/s\n",
           cpu->instructions, t, scalar_rate / 1e6);

    /* Vector loops, VL = 64, 1 M passes of four vector instructions each:
     * integer/logical (V1 V2+V3 ; V4 V1&V5 ; V6 V4!V1 ; V7 V6-V4) and
     * floating (V1 V2*FV3 ; V4 V1+FV5 ; V6 V4*FV1 ; V7 V6+FV4), then
     *   A1 A1-1 ; A0 A1 ; JAN loop ; EX */
    const uint16_t body[2][4] = {
        {0155123, 0141415, 0143641, 0157764},
        {0161123, 0171415, 0161641, 0171764},
    };
    const char *names[2] = {"integer/logical", "floating-point"};
    double vector_rate[2];
    for (int kind = 0; kind < 2; kind++) {
        const uint16_t vector[] = {
            0020100 | (1000000 >> 16), 1000000 & 0xFFFF, /* 0: A1 1000000 */
            0022200 | 64,                               /* 2: A2 64 */
            0002002,                                    /* 3: VL A2 */
            body[kind][0], body[kind][1], body[kind][2], body[kind][3], /* 4-7 */
            0031110,                                    /* 8: A1 A1-1 */
            0030001,                                    /* 9: A0 A1 */
            0011000, 4,                                 /* 10: JAN 4 */
            0004000,                                    /* 12: EX */
        };
        cpu = run(vector, sizeof vector / sizeof vector[0], &m, dec, &t);
        vector_rate[kind] = (double)cpu->vector_elements / t;
        printf("vector loop (%s): %" PRIu64 " elements in %.3f s = %.1f M elements/s\n",
               names[kind], cpu->vector_elements, t, vector_rate[kind] / 1e6);
    }
    printf("aims: scalar >= 150 M/s: %s; vector >= 500 M elements/s: integer %s, floating %s\n",
           scalar_rate >= 150e6 ? "met" : "not met", vector_rate[0] >= 500e6 ? "met" : "not met",
           vector_rate[1] >= 500e6 ? "met" : "not met");
    free(dec);
    memory_free(&m);
    return 0;
}
