/*
 * bench_machine.c - host speed of the emulated machine (make bench).
 *
 * Three kernels - a scalar loop, an integer/logical vector loop and a
 * floating-point vector loop (chained) - each run with the timing model and
 * without (functional mode, one clock per parcel), each both ways on the
 * new paths and on the old ones still in the machine (timing without its
 * memo, timing_memo.h; timing on the general path alone; the loop that checks a stop point after every instruction and
 * vector floating point element by element), taking turns, best of N runs,
 * timed by the thread's CPU clock (the host is shared).  Reported: emulated
 * instructions and vector elements per host second, emulated clocks per
 * host second with full timing (the real Cray-1 ran 80 M clocks a second),
 * the cost of timing, each kernel's MFLOPS at 80 MHz, and the aims of
 * issue 15 as ratios of the same run.  It fails if two ways of running a
 * kernel give other clocks or registers.  Speed is measured here, never in
 * a unit test.  The programs are hand-encoded parcels, so the benchmark
 * depends on the machine alone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu/cpu.h"
#include "emu/cray_float.h"
#include "emu/isa.h"
#include "emu/memory.h"
#include "emu/timing.h"
#include "emu/timing_memo.h"

struct bench {
    struct memory memory;
    struct isa_decoder *decoder;
    struct timing_tables *tables;
    struct timing_memo *memo;
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

/* Host CPU time of this thread: the machine is shared, and time spent
 * waiting for a core is not the emulator's. */
static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* How a kernel runs: full timing on the fast path, no timing, or either
 * the old ways: timing on the general path alone, the loop that checks a
 * stop point after every instruction (as the loop of every instruction was
 * before), vector floating point element by element. */
enum mode { TIMED, TIMED_NOMEMO, TIMED_GENERAL, UNTIMED, UNTIMED_OLD, MODES };
static const char *const mode_name[MODES] = {"on", "no memo", "on, old", "off", "off, old"};

struct result {
    double host_seconds;
    uint64_t clocks, instructions, elements, flops;
    uint64_t digest;   /* of the registers at the end: every mode computes the same */
};

static uint64_t digest(const struct cpu *cpu)
{
    uint64_t h = UINT64_C(14695981039346656037);
    const uint64_t *words[3] = {cpu->v[0], cpu->s, NULL};
    size_t counts[3] = {8 * 64, 8, 0};
    for (int w = 0; words[w]; w++)
        for (size_t i = 0; i < counts[w]; i++)
            h = (h ^ words[w][i]) * UINT64_C(1099511628211);
    for (int i = 0; i < 8; i++)
        h = (h ^ cpu->a[i]) * UINT64_C(1099511628211);
    return h;
}

static struct result run_once(struct bench *b, const uint16_t *code, unsigned count, enum mode mode)
{
    put_parcels(&b->memory, code, count);
    cpu_init(&b->cpu, MODEL_CRAY1, &b->memory, b->decoder);
    if (mode == TIMED || mode == TIMED_NOMEMO || mode == TIMED_GENERAL)
        cpu_set_timing(&b->cpu, b->tables);
    if (mode == TIMED)
        cpu_set_memo(&b->cpu, b->memo);
    b->cpu.timing_general = mode == TIMED_GENERAL;
    b->cpu.float_elementwise = mode == TIMED_GENERAL || mode == UNTIMED_OLD;
    if (mode == UNTIMED_OLD)
        b->cpu.stop_at_parcel = UINT32_MAX - 1;   /* never reached */
    b->cpu.s[2] = UINT64_C(0x4001800000000000);   /* 1.0, so the floats stay in range */
    double t0 = seconds();
    enum cpu_stop stop = cpu_run(&b->cpu, UINT64_MAX);
    struct result r = {seconds() - t0, b->cpu.clock, b->cpu.instructions,
                       b->cpu.vector_elements, b->cpu.flops, digest(&b->cpu)};
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

static void usage(void)
{
    fprintf(stderr, "usage: bench_machine [-r repeats] [-k kernel] [-m on|no-memo|old|off|off-old]\n"
                    "  kernels: scalar, vector-integer, vector-floating; the defaults run\n"
                    "  every kernel in every mode, best of 5\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int repeats = 5;
    const char *only_kernel = NULL;
    int only_mode = -1;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-r") && a + 1 < argc)
            repeats = atoi(argv[++a]);
        else if (!strcmp(argv[a], "-k") && a + 1 < argc)
            only_kernel = argv[++a];
        else if (!strcmp(argv[a], "-m") && a + 1 < argc) {
            a++;
            only_mode = !strcmp(argv[a], "on")        ? TIMED
                        : !strcmp(argv[a], "no-memo") ? TIMED_NOMEMO
                        : !strcmp(argv[a], "old")     ? TIMED_GENERAL
                        : !strcmp(argv[a], "off")     ? UNTIMED
                        : !strcmp(argv[a], "off-old") ? UNTIMED_OLD
                                                      : -2;
            if (only_mode == -2)
                usage();
        } else
            usage();
    }
    if (repeats < 1)
        usage();
    struct bench *b = calloc(1, sizeof *b);
    if (!b)
        return 1;
    b->decoder = malloc(sizeof *b->decoder);
    b->tables = malloc(sizeof *b->tables);
    b->memo = calloc(1, sizeof *b->memo);
    if (b->memo)
        timing_memo_init(b->memo);
    if (!b->decoder || !b->tables || !b->memo || memory_init(&b->memory, MEMORY_DEFAULT_WORDS))
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
        {"vector-integer", 1000000, {0155123, 0141415, 0143641, 0157764}, 4},
        /* V1 V2*FV3 ; V4 V1+FV5 (chained) ; V6 S2*FV4 ; V7 V6+FV1 */
        {"vector-floating", 500000, {0161123, 0171415, 0160624, 0171761}, 4},
    };
    unsigned kernel_count = sizeof kernels / sizeof kernels[0];
    struct result all[3][MODES];
    bool ran[3][MODES] = {{false}};
    printf("host CPU time of the emulating thread, best of %d runs each (the modes take turns)\n",
           repeats);
    printf("%-16s %-9s %9s %11s %13s %11s %8s\n", "kernel", "timing", "host s", "M instr/s",
           "M elements/s", "M clocks/s", "MFLOPS");
    for (unsigned k = 0; k < kernel_count; k++) {
        if (only_kernel && strcmp(only_kernel, kernels[k].name))
            continue;
        uint16_t code[64];
        unsigned count = make_loop(code, kernels[k].passes, kernels[k].body, kernels[k].n);
        /* The modes take turns, so that a busy spell of the host hits each
         * alike; each keeps its best run. */
        for (int rep = 0; rep < repeats; rep++)
            for (int t = 0; t < MODES; t++) {
                if (only_mode >= 0 && t != only_mode)
                    continue;
                struct result r = run_once(b, code, count, (enum mode)t);
                if (!ran[k][t] || r.host_seconds < all[k][t].host_seconds)
                    all[k][t] = r;
                ran[k][t] = true;
            }
        for (int t = 0; t < MODES; t++) {
            if (!ran[k][t])
                continue;
            const struct result *r = &all[k][t];
            double emulated_seconds = (double)r->clocks * 12.5e-9;
            printf("%-16s %-9s %9.3f %11.1f %13.1f %11.1f %8.1f\n", kernels[k].name,
                   mode_name[t], r->host_seconds, r->instructions / r->host_seconds / 1e6,
                   r->elements / r->host_seconds / 1e6, r->clocks / r->host_seconds / 1e6,
                   t >= UNTIMED ? 0.0 : r->flops / emulated_seconds / 1e6);
        }
        /* The new paths and the old give the same clocks and the same registers. */
        for (int t = 1; t < MODES; t++) {
            int same_as = t == TIMED_GENERAL || t == TIMED_NOMEMO ? TIMED
                          : t == UNTIMED_OLD                   ? UNTIMED
                                                               : -1;
            if (!ran[k][t] || (same_as >= 0 && !ran[k][same_as]))
                continue;
            const struct result *r = &all[k][t];
            bool clocks_differ = same_as >= 0 && r->clocks != all[k][same_as].clocks;
            for (int u = 0; u < t; u++)
                if (ran[k][u] && all[k][u].digest != r->digest)
                    clocks_differ = true;
            if (clocks_differ) {
                fprintf(stderr, "bench: %s: mode '%s' gave other clocks or registers\n",
                        kernels[k].name, mode_name[t]);
                return 1;
            }
        }
    }
    printf("\nissue 15, aims 1-3 (ratios from this run):\n");
    for (unsigned k = 0; k < kernel_count; k++) {
        const struct result *on = &all[k][TIMED], *old = &all[k][TIMED_GENERAL], *off = &all[k][UNTIMED];
        if (ran[k][TIMED])
            printf("  1. %-16s timed %6.1f M clocks/s (aim >= 160)", kernels[k].name,
                   on->clocks / on->host_seconds / 1e6);
        if (ran[k][TIMED] && ran[k][UNTIMED])
            printf("; timed / untimed %.2fx (aim <= 1.5x)", on->host_seconds / off->host_seconds);
        if (ran[k][TIMED_NOMEMO] && ran[k][UNTIMED])
            printf("; without the memo %.1f M clocks/s, %.2fx",
                   all[k][TIMED_NOMEMO].clocks / all[k][TIMED_NOMEMO].host_seconds / 1e6,
                   all[k][TIMED_NOMEMO].host_seconds / off->host_seconds);
        if (ran[k][TIMED] && ran[k][TIMED_GENERAL] && ran[k][UNTIMED_OLD])
            printf("; old paths %.1f M clocks/s, timed / untimed %.2fx",
                   old->clocks / old->host_seconds / 1e6,
                   old->host_seconds / all[k][UNTIMED_OLD].host_seconds);
        if (ran[k][TIMED])
            printf("\n");
    }
    if (ran[0][UNTIMED]) {
        printf("  2. scalar           untimed %.1f M instructions/s (aim >= 300)",
               all[0][UNTIMED].instructions / all[0][UNTIMED].host_seconds / 1e6);
        if (ran[0][UNTIMED_OLD])
            printf("; old loop %.1f, new / old %.2fx",
                   all[0][UNTIMED_OLD].instructions / all[0][UNTIMED_OLD].host_seconds / 1e6,
                   all[0][UNTIMED_OLD].host_seconds / all[0][UNTIMED].host_seconds);
        printf("\n");
    }
    if (ran[2][UNTIMED]) {
        printf("  3. vector-floating  untimed %.1f M result elements/s (aim >= 500; host SIMD "
               "level %u of 4)",
               all[2][UNTIMED].elements / all[2][UNTIMED].host_seconds / 1e6,
               cray_float_simd_levels());
        if (ran[2][UNTIMED_OLD])
            printf("; element by element %.1f, new / old %.2fx",
                   all[2][UNTIMED_OLD].elements / all[2][UNTIMED_OLD].host_seconds / 1e6,
                   all[2][UNTIMED_OLD].host_seconds / all[2][UNTIMED].host_seconds);
        printf("\n");
    }
    printf("  (old: the paths of before issue 15 that are still in the machine - timing on\n"
           "  the general path alone, the instruction loop with a stop-point check, floating\n"
           "  point element by element - in the same run; clock counts are the same)\n");
    free(b->decoder);
    free(b->tables);
    free(b->memo);
    memory_free(&b->memory);
    free(b);
    return 0;
}
