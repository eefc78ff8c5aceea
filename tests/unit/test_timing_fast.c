/*
 * test_timing_fast.c - the timing model's fast path (emu/timing_fast.h)
 * against its general path (timing_issue / timing_complete): two machines
 * run the same random programs in lockstep, one with every instruction on
 * the general path (cpu.timing_general), one with the fast path where it
 * applies, and after every instruction their clocks, registers and whole
 * timing state must be equal.  Programs: random parcels of every kind
 * (vectors, exits, branches, memory), scalar-heavy ones with dependent
 * registers, loads and stores on few banks, and branches, and vector-heavy
 * ones with chains on few registers, on both models.
 */
#include "cpu_test_util.h"

#include "emu/timing.h"

#define FIELD_WORDS 512u

/* A scalar-heavy instruction: dependent registers (few of them), memory on
 * a few banks, conditional branches within the program. */
static unsigned scalar_parcels(struct test_rng *r, uint16_t *out, unsigned at, unsigned end)
{
    static const unsigned ops[] = {020, 022, 023, 024, 025, 026, 027, 030, 031, 032, 040, 042,
                                   043, 044, 045, 046, 047, 050, 051, 052, 053, 054, 055, 056,
                                   057, 060, 061, 062, 063, 064, 065, 066, 067, 070, 071, 072,
                                   073, 074, 075, 100, 110, 120, 130, 010, 011, 014, 015, 003};
    uint64_t x = test_rng_next(r);
    unsigned op = ops[x % (sizeof ops / sizeof ops[0])];
    unsigned i = (x >> 8) & 3, j = (x >> 10) & 3, k = (x >> 12) & 3;
    if (op >= 0100) {   /* 10h-13h: h = 0..3, displacement 0..7 */
        out[at] = (uint16_t)((op | ((x >> 14) & 3)) << 9 | i << 6);
        out[at + 1] = (uint16_t)((x >> 16) & 7);
        return 2;
    }
    if (op >= 010 && op <= 017) {   /* a branch to an earlier or later parcel */
        unsigned target = (unsigned)((x >> 20) % end);
        out[at] = (uint16_t)(op << 9 | (target >> 16));
        out[at + 1] = (uint16_t)target;
        return 2;
    }
    out[at] = (uint16_t)(op << 9 | i << 6 | j << 3 | k);
    if (op == 020 || op == 040) {
        out[at + 1] = (uint16_t)(x >> 24);
        return 2;
    }
    return 1;
}

/* A vector-heavy instruction: vector ops on few registers (chains), with
 * VL changes, merges under VM, mask tests, loads and stores between. */
static unsigned vector_parcels(struct test_rng *r, uint16_t *out, unsigned at)
{
    static const unsigned ops[] = {0140, 0141, 0142, 0143, 0144, 0145, 0146, 0147, 0150, 0151,
                                   0152, 0153, 0154, 0155, 0156, 0157, 0160, 0161, 0162, 0163,
                                   0164, 0165, 0166, 0167, 0170, 0171, 0172, 0173, 0174, 0175,
                                   0176, 0177, 0002, 0003, 0060, 0030, 0073, 0077, 0076};
    uint64_t x = test_rng_next(r);
    unsigned op = ops[x % (sizeof ops / sizeof ops[0])];
    unsigned i = (x >> 8) & 3, j = (x >> 10) & 3, k = (x >> 12) & 7;
    if (op == 0174 || op == 0175)
        k = (x >> 12) & 3;
    out[at] = (uint16_t)(op << 9 | i << 6 | j << 3 | k);
    return 1;
}

static void load(struct tmach *m, struct test_rng *r, bool scalar, bool vector)
{
    uint16_t code[FIELD_WORDS * 4];
    unsigned end = FIELD_WORDS * 2;   /* code in the first half, data after */
    unsigned at = 0;
    while (at + 2 <= end) {
        uint64_t choice = test_rng_next(r) % 64;
        if (scalar && choice) {
            at += scalar_parcels(r, code, at, end);
        } else if (vector && choice) {
            at += choice % 3 ? vector_parcels(r, code, at) : scalar_parcels(r, code, at, end);
        } else {
            code[at++] = (uint16_t)test_rng_next(r);
        }
    }
    while (at < FIELD_WORDS * 4)
        code[at++] = (uint16_t)test_rng_next(r);
    for (unsigned p = 0; p < FIELD_WORDS * 4; p++)
        put_parcel(&m->mem, p, code[p]);
}

/* Run one program on both paths, instruction by instruction, then on both
 * with cpu_run; a monitor clears the flags and goes on, as fuzz_cpu does. */
static void compare(unsigned model, uint64_t seed, bool scalar, bool vector)
{
    struct tmach g, f;
    struct test_rng r = {seed * 0x9E3779B97F4A7C15ull + 1};
    tm_init_size(&g, model, FIELD_WORDS);
    tm_init_size(&f, model, FIELD_WORDS);
    load(&g, &r, scalar, vector);
    memcpy(f.mem.word, g.mem.word, FIELD_WORDS * sizeof(uint64_t));
    cpu_set_timing(&g.cpu, tm_timing_tables());
    cpu_set_timing(&f.cpu, tm_timing_tables());
    g.cpu.timing_general = true;
    uint64_t regs = test_rng_next(&r);
    for (int i = 0; i < 8; i++) {
        g.cpu.a[i] = f.cpu.a[i] = (uint32_t)(test_rng_next(&r) % (FIELD_WORDS / 2)) + FIELD_WORDS / 2;
        g.cpu.s[i] = f.cpu.s[i] = test_rng_next(&r) >> (regs & 1 ? 60 : 0);
    }
    g.cpu.vl = f.cpu.vl = (uint32_t)(regs >> 8) & 0177;
    for (unsigned step = 0; step < 3000; step++) {
        enum cpu_stop sg = cpu_step(&g.cpu), sf = cpu_step(&f.cpu);
        assert_int_equal(sg, sf);
        tm_assert_same_cpu(&g.cpu, &f.cpu, step, false);
        if (sg == CPU_STOP_EXCHANGE) {
            g.cpu.flags = f.cpu.flags = 0;
            g.cpu.monitor_exit = f.cpu.monitor_exit = false;
            if (g.cpu.p >= FIELD_WORDS * 4)
                g.cpu.p = f.cpu.p = 0;
        }
    }
    for (int round = 0; round < 8; round++) {
        enum cpu_stop sg = cpu_run(&g.cpu, g.cpu.clock + 5000);
        enum cpu_stop sf = cpu_run(&f.cpu, f.cpu.clock + 5000);
        assert_int_equal(sg, sf);
        tm_assert_same_cpu(&g.cpu, &f.cpu, 100000u + (unsigned)round, false);
        g.cpu.flags = f.cpu.flags = 0;
        g.cpu.monitor_exit = f.cpu.monitor_exit = false;
        if (g.cpu.p >= FIELD_WORDS * 4)
            g.cpu.p = f.cpu.p = 0;
    }
    tm_free(&g);
    tm_free(&f);
}

static void random_parcels(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        compare(MODEL_CRAY1, seed, false, false);
        compare(MODEL_XMP, seed, false, false);
    }
}

static void scalar_programs(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 150; seed++) {
        compare(MODEL_CRAY1, seed, true, false);
        compare(MODEL_XMP, seed, true, false);
    }
}

static void vector_programs(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 150; seed++) {
        compare(MODEL_CRAY1, seed, false, true);
        compare(MODEL_XMP, seed, false, true);
    }
}

/* Parameters changed between runs: the fast path's figures follow. */
static void parameters_change(void **state)
{
    (void)state;
    struct tmach g, f;
    tm_init(&g, MODEL_CRAY1);
    tm_init(&f, MODEL_CRAY1);
    for (struct tmach *m = &g; m; m = m == &g ? &f : NULL) {
        tm_org(m, 0);
        tm_emit(m, 0030123);   /* A1 A2+A3 */
        tm_emit(m, 0030415);   /* A4 A1+A5 */
        tm_emit(m, 0054103);   /* S1 S1<3 */
        tm_emit(m, 0044415);   /* S4 S1&S5 */
        tm_ex(m);
        cpu_set_timing(&m->cpu, tm_timing_tables());
    }
    g.cpu.timing_general = true;
    assert_int_equal(cpu_run(&g.cpu, 1000), CPU_STOP_EXCHANGE);
    assert_int_equal(cpu_run(&f.cpu, 1000), CPU_STOP_EXCHANGE);
    tm_assert_same_cpu(&g.cpu, &f.cpu, 0, false);
    for (struct tmach *m = &g; m; m = m == &g ? &f : NULL) {
        m->cpu.flags = 0;
        m->cpu.p = 0;
        m->cpu.timing_params.exit_exchange = 7;
        m->cpu.timing_params.unit_time[UNIT_A_ADD] = 5;
    }
    assert_int_equal(cpu_run(&g.cpu, 1000), CPU_STOP_EXCHANGE);
    assert_int_equal(cpu_run(&f.cpu, 1000), CPU_STOP_EXCHANGE);
    tm_assert_same_cpu(&g.cpu, &f.cpu, 1, false);
    tm_free(&g);
    tm_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_parcels),
        cmocka_unit_test(scalar_programs),
        cmocka_unit_test(vector_programs),
        cmocka_unit_test(parameters_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
