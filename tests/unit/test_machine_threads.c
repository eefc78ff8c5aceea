/*
 * test_machine_threads.c - a machine's PCs on host threads (emu/machine.h,
 * emu/machine_threads.h) compute what one thread computes: four PCs, each
 * running its own loops with system requests (EX) and faults between, are
 * run by machines of 1, 2 and 4 threads side by side; a monitor serves each
 * PC the machine returns (the same in all three, in the same order) and the
 * three machines' PCs must be equal - clocks, registers, counts, timing
 * state - after every return.  Also the X-MP with a cluster of shared
 * registers (its PCs run one after the other), and threads started and
 * stopped again.  A TSan build of this test checks the threads themselves.
 */
#include "cpu_test_util.h"

#include "emu/machine.h"

#define FIELD 2048u

/* PC n's program at word n * FIELD: loops of random length doing scalar and
 * vector work, each ended by a normal exit (a request) or now and then an
 * error exit; the last loop ends the program with an exit at P 0. */
static void place(struct memory *memory, unsigned n, struct test_rng *r)
{
    static const unsigned work[] = {0060112, 0044331, 0054401, 0062552, 0161123,
                                    0171415, 0155123, 0141415, 0030223, 0064334};
    uint32_t at = n * FIELD * 4;
    for (unsigned loop = 0; loop < 6; loop++) {
        unsigned start;
        put_parcel(memory, at++, 0020100);   /* A1 passes */
        put_parcel(memory, at++, 50 + (unsigned)(test_rng_next(r) % 3000));
        put_parcel(memory, at++, 0022300 | (unsigned)(test_rng_next(r) % 64));   /* A3 VL */
        put_parcel(memory, at++, 0002003);   /* VL A3 */
        start = at - n * FIELD * 4;
        for (unsigned i = 0; i < 3 + test_rng_next(r) % 6; i++)
            put_parcel(memory, at++, work[test_rng_next(r) % (sizeof work / sizeof work[0])]);
        put_parcel(memory, at++, 0031110);   /* A1 A1-1 */
        put_parcel(memory, at++, 0030001);   /* A0 A1 */
        put_parcel(memory, at++, 0011000);   /* JAN start */
        put_parcel(memory, at++, start);
        put_parcel(memory, at++, test_rng_next(r) % 8 ? 0004000 : 0000000);   /* EX, or ERR */
    }
    put_parcel(memory, at++, 0006000);   /* J 0: again */
    put_parcel(memory, at++, 0);
}

static void same_pcs(const struct machine *a, const struct machine *b, unsigned step)
{
    for (unsigned n = 0; n < a->pcs; n++)
        tm_assert_same_cpu(&a->cpu[n], &b->cpu[n], step * 16 + n, true);
    assert_memory_equal(a->memory.word, b->memory.word, a->memory.size * sizeof(uint64_t));
}

static void compare(unsigned model, uint64_t seed, uint32_t cluster)
{
    static const unsigned threads[3] = {1, 2, 4};
    struct machine *m[3];
    for (int k = 0; k < 3; k++) {
        struct test_rng r = {seed * 0x9E3779B97F4A7C15ull + 3};
        m[k] = malloc(sizeof *m[k]);
        assert_non_null(m[k]);
        assert_int_equal(machine_init(m[k], model, 4, 4 * FIELD, true), 0);
        assert_int_equal(machine_set_threads(m[k], threads[k]), 0);
        m[k]->slice = 5000 + seed * 997 % 20000;
        for (unsigned n = 0; n < 4; n++) {
            place(&m[k]->memory, n, &r);
            cpu_set_field(&m[k]->cpu[n], n * FIELD, (n + 1) * FIELD);
            m[k]->cpu[n].cluster = cluster;
            m[k]->cpu[n].s[2] = UINT64_C(0x4001800000000000);
        }
    }
    uint64_t limit = 40000;
    for (unsigned step = 0; step < 400; step++) {
        int stopped[3];
        for (int k = 0; k < 3; k++)
            stopped[k] = machine_run(m[k], limit);
        assert_int_equal(stopped[0], stopped[1]);
        assert_int_equal(stopped[0], stopped[2]);
        same_pcs(m[0], m[1], step);
        same_pcs(m[0], m[2], step);
        if (stopped[0] < 0)
            limit += 40000;
        else   /* the monitor serves it: flags cleared, on it goes */
            for (int k = 0; k < 3; k++) {
                m[k]->cpu[stopped[0]].flags = 0;
                m[k]->cpu[stopped[0]].monitor_exit = false;
            }
    }
    for (int k = 0; k < 3; k++) {
        machine_free(m[k]);
        free(m[k]);
    }
}

static void threads_compute_what_one_computes(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        compare(MODEL_CRAY1, seed, 0);
        compare(MODEL_XMP, seed, 0);
    }
}

static void shared_registers_run_in_order(void **state)
{
    (void)state;
    compare(MODEL_XMP, 7, 1);
}

static void threads_restart(void **state)
{
    (void)state;
    struct machine *m = malloc(sizeof *m);
    assert_non_null(m);
    assert_int_equal(machine_init(m, MODEL_CRAY1, 3, 4096, false), 0);
    assert_int_equal(machine_set_threads(m, 8), 0);   /* at most one per PC */
    assert_non_null(m->threads);
    assert_int_equal(m->threads->workers, 2);
    assert_int_equal(machine_set_threads(m, 1), 0);
    assert_null(m->threads);
    assert_int_equal(machine_set_threads(m, 2), 0);
    assert_int_equal(m->threads->workers, 1);
    assert_int_equal(machine_set_threads(m, 0), -1);
    machine_free(m);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_compute_what_one_computes),
        cmocka_unit_test(shared_registers_run_in_order),
        cmocka_unit_test(threads_restart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
