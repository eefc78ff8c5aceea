/*
 * test_cpu_stop.c - cpu.stop_p, the address of the instruction after which
 * the cpu stopped for the monitor (emu/cpu.h): the error exit, the faulting
 * floating-point instruction, the exit of a request, a parcel outside the
 * field; on every way the cpu runs (untimed, the timed fast path, the
 * general path, a stop point, one step at a time), and UINT32_MAX when a
 * call stops for no instruction.  The OS names that instruction in an
 * abort (tests/e2e/site.sh); the memo's and fast path's tests compare it
 * between the paths.
 */
#include "cpu_test_util.h"

#include "emu/timing.h"

enum way { UNTIMED, TIMED_FAST, TIMED_GENERAL, STOP_POINT, STEPPED, WAYS };

/* Run from P = 0 the way given until the cpu stops for the monitor. */
static void run_to_exchange(struct tmach *m, enum way way)
{
    if (way != UNTIMED)
        cpu_set_timing(&m->cpu, tm_timing_tables());
    m->cpu.timing_general = way == TIMED_GENERAL;
    if (way == STOP_POINT)
        m->cpu.stop_at_parcel = 07777;   /* never reached: instruction by instruction */
    if (way == STEPPED) {
        for (int i = 0; i < 10000; i++)
            if (cpu_step(&m->cpu) == CPU_STOP_EXCHANGE)
                return;
        fail_msg("no exchange");
    }
    assert_int_equal(tm_run(m), CPU_STOP_EXCHANGE);
}

/* A1 12345 (parcels 0-1), a loop of three passes (2-7), ERR at parcel 010. */
static void error_exit(void **state)
{
    (void)state;
    for (unsigned model = 0; model < 2; model++)
        for (enum way way = 0; way < WAYS; way++) {
            struct tmach m;
            tm_init(&m, model ? MODEL_XMP : MODEL_CRAY1);
            tm_a(&m, 1, 3);                      /* 0: A1 3 */
            tm_emit(&m, op3(031, 1, 1, 0));      /* 2: A1 A1-1 (031ij0) */
            tm_emit(&m, op3(030, 0, 0, 1));      /* 3: A0 A1 (030i0k) */
            tm_branch(&m, 011, 2);               /* 4-5: JAN 2 */
            tm_emit(&m, 0);                      /* 6: ERR */
            run_to_exchange(&m, way);
            assert_int_equal(m.cpu.flags, FLAG_ERROR_EXIT);
            assert_int_equal(m.cpu.stop_p, 6);
            assert_int_equal(m.cpu.p, 7);   /* P names the next instruction */
            /* A flag still set: the next call stops for no instruction. */
            assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
            assert_int_equal(m.cpu.stop_p, UINT32_MAX);
            assert_int_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
            assert_int_equal(m.cpu.stop_p, UINT32_MAX);
            tm_free(&m);
        }
}

/* A request's exit and, after the monitor clears it, a floating-point error
 * with interrupts on: each names its own instruction. */
static void exit_then_fault(void **state)
{
    (void)state;
    for (enum way way = 0; way < WAYS; way++) {
        struct tmach m;
        tm_init(&m, MODEL_CRAY1);
        tm_emit(&m, 0002100);               /* 0: EFI */
        tm_ex(&m);                          /* 1: EX */
        tm_s(&m, 1, 0);                     /* 2-3: S1 0 */
        tm_emit(&m, op3(070, 2, 1, 0));     /* 4: S2 /HS1: 1/0 */
        tm_ex(&m);                          /* 5 */
        run_to_exchange(&m, way);
        assert_int_equal(m.cpu.flags, FLAG_NORMAL_EXIT);
        assert_int_equal(m.cpu.stop_p, 1);
        m.cpu.flags = 0;
        assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
        assert_int_equal(m.cpu.flags, FLAG_FLOATING_ERROR);
        assert_int_equal(m.cpu.stop_p, 4);
        assert_int_equal(m.cpu.p, 5);
        tm_free(&m);
    }
}

/* A branch out of the field: the parcel that could not issue. */
static void outside_the_field(void **state)
{
    (void)state;
    for (enum way way = 0; way < WAYS; way++) {
        struct tmach m;
        tm_init(&m, MODEL_CRAY1);
        cpu_set_field(&m.cpu, 0, 16);        /* 16 words: parcels 0-077 */
        tm_branch(&m, 006, 0200);            /* 0: J 0200 */
        run_to_exchange(&m, way);
        assert_true(m.cpu.flags & FLAG_PROGRAM_RANGE);
        assert_int_equal(m.cpu.stop_p, 0200);
        tm_free(&m);
    }
}

/* The clock limit is no stop for the monitor. */
static void clock_limit(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    tm_branch(&m, 006, 0);   /* 0: J 0, for ever */
    assert_int_equal(cpu_run(&m.cpu, 1000), CPU_STOP_CLOCKS);
    assert_int_equal(m.cpu.stop_p, UINT32_MAX);
    tm_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_exit),
        cmocka_unit_test(exit_then_fault),
        cmocka_unit_test(outside_the_field),
        cmocka_unit_test(clock_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
