/*
 * test_timing_memo.c - the timing model's memo (emu/timing_memo.h) against
 * the timing model without it: two machines run the same random programs
 * (loops of random scalar and vector instructions, with forward branches,
 * memory references, RT reads, VL changes and faults among them), one with
 * a memo and one without, in random slices of clocks; after every slice -
 * anywhere in a block, at its end, at an exchange - their clocks, P,
 * registers, counts and whole timing state must be equal bit for bit.  And
 * the memo must have replayed and linked records, so that the comparison
 * is not of two runs without it.  Code changed between runs and parameters
 * changed between runs empty the memo.
 */
#include "cpu_test_util.h"

#include "emu/timing.h"
#include "emu/timing_memo.h"

#define FIELD_WORDS 1024u

/* One random instruction of a loop body at parcel `at`; never writes A0 or
 * A1 (the loop's counter), branches only forward to `end` at most. */
static unsigned body_parcels(struct test_rng *r, uint16_t *out, unsigned at, unsigned end,
                             bool vector)
{
    static const unsigned scalar_ops[] = {030, 031, 032, 042, 043, 044, 045, 046, 047, 051, 052,
                                          053, 054, 055, 060, 061, 062, 063, 064, 065, 066, 067,
                                          070, 071, 072, 073, 074, 075, 026, 027, 024};
    static const unsigned vector_ops[] = {0140, 0141, 0142, 0143, 0144, 0145, 0146, 0147, 0150,
                                          0151, 0152, 0153, 0154, 0155, 0156, 0157, 0160, 0161,
                                          0162, 0163, 0164, 0165, 0166, 0167, 0170, 0171, 0172,
                                          0173, 0174, 0175};
    uint64_t x = test_rng_next(r);
    unsigned kind = (unsigned)(x % 32);
    unsigned i = (x >> 8) & 7, j = (x >> 11) & 7, k = (x >> 14) & 7;
    if (kind == 0 && at + 2 <= end) {   /* a forward branch: 010-017 */
        unsigned target = at + 2 + (unsigned)((x >> 20) % (end - at - 1));
        out[at] = (uint16_t)((010 + (x >> 17) % 8) << 9 | (target >> 16));
        out[at + 1] = (uint16_t)target;
        return 2;
    }
    if (kind == 1) {   /* a load or store on few banks, now and then outside the field */
        unsigned op = 0100 + (unsigned)((x >> 17) % 4) * 010;
        out[at] = (uint16_t)((op | 0) << 9 | i << 6);
        out[at + 1] = (uint16_t)(FIELD_WORDS / 2 + ((x >> 24) % 8));
        if ((x >> 40) % 64 == 0)
            out[at + 1] = 0177777;   /* operand range: an exchange mid-block */
        return 2;
    }
    if (kind == 2) {   /* VL Ak, with Ak one of the A registers (counts vary) */
        out[at] = (uint16_t)(0002000 | k);
        return 1;
    }
    if (kind == 3) {   /* Si exp: a constant */
        out[at] = (uint16_t)(040 << 9 | i << 6);
        out[at + 1] = (uint16_t)(x >> 32);
        return 2;
    }
    if (vector && kind >= 16) {
        unsigned op = vector_ops[(x >> 17) % (sizeof vector_ops / sizeof vector_ops[0])];
        out[at] = (uint16_t)(op << 9 | (i & 3) << 6 | (j & 3) << 3 | (k & 3));
        return 1;
    }
    unsigned op = scalar_ops[(x >> 17) % (sizeof scalar_ops / sizeof scalar_ops[0])];
    if (op < 040 && i < 2)
        i += 2;   /* A0 and A1 are the loop's */
    out[at] = (uint16_t)(op << 9 | i << 6 | j << 3 | k);
    return 1;
}

/* Loops one after another: A1 passes; body; A1 A1-1; A0 A1; JAN body.
 * The last loop exits (EX). */
static void load(struct tmach *m, struct test_rng *r, bool vector)
{
    uint16_t code[FIELD_WORDS * 2];
    unsigned at = 0;
    for (unsigned loop = 0; loop < 4; loop++) {
        unsigned passes = 5 + (unsigned)(test_rng_next(r) % 60);
        code[at++] = 0020100;   /* A1 passes */
        code[at++] = (uint16_t)passes;
        unsigned start = at, length = 4 + (unsigned)(test_rng_next(r) % 40);
        while (at < start + length)
            at += body_parcels(r, code, at, start + length, vector);
        code[at++] = 0031110;   /* A1 A1-1 */
        code[at++] = 0030001;   /* A0 A1 */
        code[at++] = 0011000;   /* JAN start */
        code[at++] = (uint16_t)start;
    }
    code[at++] = 0004000;   /* EX */
    for (unsigned p = 0; p < at; p++)
        put_parcel(&m->mem, p, code[p]);
}

/* One program on both machines, in random slices until it exits. */
static void compare(unsigned model, uint64_t seed, bool vector, struct timing_memo *memo)
{
    struct tmach with, without;
    struct test_rng r = {seed * 0x9E3779B97F4A7C15ull + 7};
    tm_init_size(&with, model, FIELD_WORDS);
    tm_init_size(&without, model, FIELD_WORDS);
    load(&with, &r, vector);
    memcpy(without.mem.word, with.mem.word, FIELD_WORDS * sizeof(uint64_t));
    cpu_set_timing(&with.cpu, tm_timing_tables());
    cpu_set_timing(&without.cpu, tm_timing_tables());
    cpu_set_memo(&with.cpu, memo);
    for (int i = 0; i < 8; i++) {
        with.cpu.a[i] = without.cpu.a[i] = (uint32_t)(test_rng_next(&r) % 64) + 1;
        with.cpu.s[i] = without.cpu.s[i] = test_rng_next(&r) >> (i & 1 ? 0 : 12);
    }
    with.cpu.vl = without.cpu.vl = (uint32_t)(test_rng_next(&r) % 64) + 1;
    for (unsigned slice = 0; slice < 4000; slice++) {
        uint64_t limit = with.cpu.clock + 1 + test_rng_next(&r) % (slice & 1 ? 40 : 3000);
        enum cpu_stop a = cpu_run(&with.cpu, limit), b = cpu_run(&without.cpu, limit);
        assert_int_equal(a, b);
        tm_assert_same_cpu(&with.cpu, &without.cpu, slice, true);
        if (a != CPU_STOP_EXCHANGE)
            continue;
        if (with.cpu.flags & FLAG_NORMAL_EXIT)
            break;
        with.cpu.flags = without.cpu.flags = 0;   /* a monitor that goes on */
        with.cpu.monitor_exit = without.cpu.monitor_exit = false;
    }
    tm_free(&with);
    tm_free(&without);
}

/* keyed_min 1: a key at every block start the memo takes, to try it on
 * every state; then the memo as machines have it. */
static void random_loops(void **state)
{
    (void)state;
    struct timing_memo *memo = calloc(1, sizeof *memo);
    assert_non_null(memo);
    for (unsigned keyed_min = 1; keyed_min <= MEMO_KEYED_MIN; keyed_min += MEMO_KEYED_MIN - 1) {
        timing_memo_init(memo);
        memo->keyed_min = keyed_min;
        for (uint64_t seed = 1; seed <= 80; seed++) {
            compare(MODEL_CRAY1, seed, seed & 1, memo);
            compare(MODEL_XMP, seed, seed & 1, memo);
        }
        /* The memo did its work: records replayed, many found by their
         * links (a block after a memory reference is found by its key). */
        assert_true(memo->stats.recorded > 1000);
        assert_true(memo->stats.replays > (keyed_min == 1 ? 10 : 1) * memo->stats.recorded);
        assert_true(memo->stats.linked > memo->stats.replays / 8);
    }
    free(memo);
}

/* Code changed in the field (and the buffers emptied) and parameters
 * changed between runs: the memo's records of before must not serve. */
static void changes_empty_the_memo(void **state)
{
    (void)state;
    struct timing_memo *memo = calloc(1, sizeof *memo);
    assert_non_null(memo);
    timing_memo_init(memo);
    struct tmach m[2];
    for (int n = 0; n < 2; n++) {
        tm_init(&m[n], MODEL_CRAY1);
        tm_org(&m[n], 0);
        tm_emit(&m[n], 0020100);   /* A1 200 */
        tm_emit(&m[n], 200);
        tm_emit(&m[n], 0060112);   /* S1 S1+S2 */
        tm_emit(&m[n], 0044331);   /* S3 S3&S1 */
        tm_emit(&m[n], 0031110);   /* A1 A1-1 */
        tm_emit(&m[n], 0030001);   /* A0 A1 */
        tm_emit(&m[n], 0011000);   /* JAN 2 */
        tm_emit(&m[n], 2);
        tm_ex(&m[n]);
        cpu_set_timing(&m[n].cpu, tm_timing_tables());
    }
    cpu_set_memo(&m[0].cpu, memo);
    for (int round = 0; round < 3; round++) {
        for (int n = 0; n < 2; n++) {
            m[n].cpu.p = 0;
            m[n].cpu.flags = 0;
            assert_int_equal(cpu_run(&m[n].cpu, m[n].cpu.clock + 100000), CPU_STOP_EXCHANGE);
        }
        tm_assert_same_cpu(&m[0].cpu, &m[1].cpu, (unsigned)round, true);
        for (int n = 0; n < 2; n++) {
            if (round == 0) {   /* S1 S1*FS2 in place of S1 S1+S2: another unit time */
                put_parcel(&m[n].mem, 2, 0064112);
                cpu_invalidate_buffers(&m[n].cpu);
            } else {
                m[n].cpu.timing_params.unit_time[UNIT_F_MUL] = 9;
            }
        }
    }
    assert_true(memo->stats.linked > 100);
    tm_free(&m[0]);
    tm_free(&m[1]);
    free(memo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_loops),
        cmocka_unit_test(changes_empty_the_memo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
