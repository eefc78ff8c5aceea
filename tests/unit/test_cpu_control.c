/*
 * test_cpu_control.c - exits, jumps and branches, modes, floating-point
 * interrupts, monitor instructions outside and inside monitor mode,
 * undefined encodings, feature recording and the cpu_run() stops
 * (cray1-isa.md 1.3, 3.1, 3.2, 4.1, 5.3).  Expected values by hand.
 */
#include "cpu_test_util.h"

static void test_init_state(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    assert_int_equal(m.cpu.p, 0);
    assert_int_equal(m.cpu.base, 0);
    assert_int_equal(m.cpu.limit, TM_WORDS);
    assert_int_equal(m.cpu.modes & MODE_MONITOR, 0);
    assert_int_equal(m.cpu.flags, 0);
    assert_int_equal(m.cpu.features_used, 0);
    assert_int_equal(m.cpu.stop_at_parcel, UINT32_MAX);
    assert_ptr_equal(m.cpu.memory, &m.mem);
    tm_free(&m);
}

static void test_exits(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    tm_emit(&m, 0022105);   /* A1 5 */
    tm_emit(&m, 0000000);   /* ERR */
    tm_emit(&m, 0022106);   /* not issued */
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_ERROR_EXIT);
    assert_int_equal(m.cpu.p, 2);   /* the parcel after the 000 */
    assert_int_equal(m.cpu.a[1], 5);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    tm_emit(&m, 0000777);   /* 000xxx: still ERR */
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_ERROR_EXIT);
    assert_int_equal(m.cpu.p, 1);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    tm_emit(&m, 0022105);   /* runs into zeroed memory: an ERR at parcel 1 */
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_ERROR_EXIT);
    assert_int_equal(m.cpu.p, 2);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    tm_emit(&m, 0022105);
    tm_emit(&m, 0004123);   /* 004xxx: EX */
    tm_emit(&m, 0022106);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.p, 2);
    assert_int_equal(m.cpu.a[1], 5);
    tm_free(&m);
}

static void test_jumps(void **state)
{
    (void)state;
    struct tmach m;
    /* 005 J B12 -> parcel 6. */
    tm_init(&m, MODEL_CRAY1);
    m.cpu.b[012] = 6;
    tm_emit(&m, 0005012);
    tm_emit(&m, 0022101);
    tm_ex(&m);
    tm_org(&m, 6);
    tm_emit(&m, 0022102);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[1], 2);
    assert_int_equal(m.cpu.p, 8);
    tm_free(&m);

    /* 006 J 11, straddling words 0 and 1 (parcels 3-4). */
    tm_init(&m, MODEL_CRAY1);
    tm_emit(&m, 0022103);
    tm_emit(&m, 0022200);
    tm_emit(&m, 0022300);
    tm_branch(&m, 006, 11);
    tm_emit(&m, 0022101);   /* parcel 5: not issued (no delay slot) */
    tm_org(&m, 11);
    tm_emit(&m, 0022407);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[1], 3);
    assert_int_equal(m.cpu.a[4], 7);
    assert_int_equal(m.cpu.p, 13);
    tm_free(&m);

    /* 007 R 16 at parcels 3-4: B00 = 3 + 2 = 5; J B00 returns to parcel 5. */
    tm_init(&m, MODEL_CRAY1);
    tm_emit(&m, 0022101);
    tm_emit(&m, 0022201);
    tm_emit(&m, 0022301);
    tm_branch(&m, 007, 16);
    tm_emit(&m, 0022505);   /* parcel 5 */
    tm_ex(&m);              /* parcel 6 */
    tm_org(&m, 16);
    tm_emit(&m, 0022606);
    tm_emit(&m, 0005000);   /* J B00 */
    tm_run_exit(&m);
    assert_int_equal(m.cpu.b[0], 5);
    assert_int_equal(m.cpu.a[5], 5);
    assert_int_equal(m.cpu.a[6], 6);
    assert_int_equal(m.cpu.p, 7);
    tm_free(&m);
}

/* 010-017: one row of expected outcomes ('T' taken) for five register values. */
static void test_conditional_branches(void **state)
{
    (void)state;
    static const uint32_t avals[5] = {0, 1, 0x7FFFFF, 0x800000, 0xFFFFFF};
    static const uint64_t svals[5] = {0, 1, 0x7FFFFFFFFFFFFFFFull, SB, ~0ull};
    static const char *taken[8] = {
        "TFFFF",   /* 010 JAZ: A0 == 0 */
        "FTTTT",   /* 011 JAN */
        "TTTFF",   /* 012 JAP: bit 2^23 clear, zero counts as positive */
        "FFFTT",   /* 013 JAM */
        "TFFFF",   /* 014 JSZ: S0 == 0 */
        "FTTTT",   /* 015 JSN */
        "TTTFF",   /* 016 JSP: bit 2^63 clear */
        "FFFTT",   /* 017 JSM */
    };
    for (unsigned op = 0; op < 8; op++) {
        for (int v = 0; v < 5; v++) {
            struct tmach m;
            tm_init(&m, MODEL_CRAY1);
            m.cpu.a[0] = avals[v];
            m.cpu.s[0] = svals[v];
            if (op < 4)   /* the other register holds the opposite case */
                m.cpu.s[0] = svals[4 - v];
            else
                m.cpu.a[0] = avals[4 - v];
            tm_branch(&m, 010 + op, 8);
            tm_emit(&m, 0022101);
            tm_ex(&m);
            tm_org(&m, 8);
            tm_emit(&m, 0022102);
            tm_ex(&m);
            tm_run_exit(&m);
            int t = taken[op][v] == 'T';
            if (m.cpu.a[1] != (t ? 2u : 1u))
                print_error("%03o with value %d\n", 010 + op, v);
            assert_int_equal(m.cpu.a[1], t ? 2 : 1);
            assert_int_equal(m.cpu.p, t ? 10 : 4);
            tm_free(&m);
        }
    }
}

/* 01h with the top bit of i set (1.2, 3.9): a branch on the Cray-1 whose
 * target drops that bit; on the X-MP, Ah <- a 24-bit constant. */
static void test_branch_i4_by_model(void **state)
{
    (void)state;
    for (int xmp = 0; xmp < 2; xmp++) {
        for (int a0 = 0; a0 < 2; a0++) {
            struct tmach m;
            tm_init(&m, xmp ? MODEL_XMP : MODEL_CRAY1);
            m.cpu.a[0] = (uint32_t)a0;
            tm_emit2(&m, 0010400, 8);   /* i = 4, jkm = 8; ijkm & 0xFFFFFF = 8 */
            tm_emit(&m, 0022105);
            tm_ex(&m);
            tm_org(&m, 8);
            tm_emit(&m, 0022107);
            tm_ex(&m);
            tm_run_exit(&m);
            if (xmp) {   /* A0 <- (i & 3) << 22 | jkm = 8, then falls through */
                assert_int_equal(m.cpu.a[0], 8);
                assert_int_equal(m.cpu.a[1], 5);
                assert_int_equal(m.cpu.p, 4);
                assert_true(m.cpu.features_used & FEAT_CONST24);
            } else {     /* JAZ 8: taken iff A0 == 0 */
                assert_int_equal(m.cpu.a[0], (uint32_t)a0);
                assert_int_equal(m.cpu.a[1], a0 ? 5 : 7);
                assert_int_equal(m.cpu.p, a0 ? 4 : 10);
                assert_int_equal(m.cpu.features_used, 0);
            }
            tm_free(&m);
        }
    }
}

static void test_fp_interrupt_modes(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    tm_emit(&m, 0002100);   /* EFI */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_true(m.cpu.modes & MODE_FP_INTERRUPT);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    m.cpu.modes = MODE_FP_INTERRUPT;
    tm_emit(&m, 0002200);   /* DFI */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.modes & MODE_FP_INTERRUPT, 0);
    tm_free(&m);
}

/* An FP range error (4.1: exponent >= 060000) stops with the FP-error flag
 * only under IFP (5.3); the result is still written; P is the first parcel
 * not issued (the cpu is precise, cpu.h). */
struct fperr { unsigned parcel; uint64_t sj, sk, result; };

static const struct fperr fperrs[] = {
    /* 062: operand exponent 060000 -> the add returns 060000 with the big
     * coefficient (1.0's coefficient shifted out entirely). */
    {0062312, 0x6000800000000000ull, F_ONE, 0x6000800000000000ull},
    /* 070: 1/0 = 0x60007FFC02FF0000 (#72). */
    {0070310, 0, 0, 0x60007FFC02FF0000ull},
};

static void test_fp_range_error(void **state)
{
    (void)state;
    for (size_t c = 0; c < 2; c++) {
        for (int ifp = 0; ifp < 2; ifp++) {
            struct tmach m;
            tm_init(&m, MODEL_CRAY1);
            m.cpu.s[1] = fperrs[c].sj;
            m.cpu.s[2] = fperrs[c].sk;
            if (ifp)
                tm_emit(&m, 0002100);
            tm_emit(&m, fperrs[c].parcel);
            uint32_t next = m.at;
            tm_emit(&m, 0022101);
            tm_ex(&m);
            assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
            assert_int_equal(m.cpu.s[3], fperrs[c].result);
            if (ifp) {
                assert_int_equal(m.cpu.flags, FLAG_FLOATING_ERROR);
                assert_int_equal(m.cpu.p, next);
                assert_int_equal(m.cpu.a[1], 0);
            } else {
                assert_int_equal(m.cpu.flags, FLAG_NORMAL_EXIT);
                assert_int_equal(m.cpu.a[1], 1);
            }
            tm_free(&m);
        }
    }
    /* Multiply overflow: 0x5FFF.. * 0x5FFF..: E = 2*057777 - 040000 >= 060000. */
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.modes = MODE_FP_INTERRUPT;
    m.cpu.s[1] = 0x5FFF800000000000ull;
    tm_emit(&m, 0064311);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_FLOATING_ERROR);
    assert_int_equal(m.cpu.p, 1);
    assert_int_equal((m.cpu.s[3] >> 48) & 077777, 060000);
    tm_free(&m);

    /* A vector element out of range: V3 V1+FV2 at VL 5, V1[2] exponent 060000. */
    tm_init(&m, MODEL_CRAY1);
    m.cpu.modes = MODE_FP_INTERRUPT;
    for (int e = 0; e < 5; e++) {
        m.cpu.v[1][e] = e == 2 ? 0x6000800000000000ull : F_ONE;
        m.cpu.v[2][e] = F_ONE;
    }
    tm_emit(&m, 0022705);
    tm_emit(&m, 0002007);
    tm_emit(&m, 0171312);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_FLOATING_ERROR);
    assert_int_equal(m.cpu.p, 3);
    assert_int_equal(m.cpu.v[3][0], F_TWO);
    tm_free(&m);

    /* Monitor mode inhibits the flag (5.3 rule 1). */
    tm_init(&m, MODEL_CRAY1);
    m.cpu.modes = MODE_MONITOR | MODE_FP_INTERRUPT;
    m.cpu.s[1] = 0x6000800000000000ull;
    m.cpu.s[2] = F_ONE;
    tm_emit(&m, 0062312);
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, 0);
    assert_int_equal(m.cpu.p, 1);
    tm_free(&m);
}

/* 0010-0014 outside monitor mode: no-ops (5.3 rule 6). */
static void test_monitor_instructions_user_mode(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.xa = 5;
    m.cpu.a[1] = 0x1230;
    m.cpu.a[2] = 2;
    m.cpu.s[1] = 0x1000000;
    m.cpu.s[2] = 0x123;
    tm_emit(&m, 0001012);   /* CA,A1 A2 */
    tm_emit(&m, 0001112);   /* CL,A1 A2 */
    tm_emit(&m, 0001210);   /* CI,A1 */
    tm_emit(&m, 0001310);   /* XA A1 */
    tm_emit(&m, 0001410);   /* RT S1 */
    tm_emit(&m, 0001424);   /* PCI S2 */
    tm_emit(&m, 0001406);   /* ECI */
    tm_emit(&m, 0072300);   /* S3 RT */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.xa, 5);
    assert_true(m.cpu.s[3] < 0x1000000);   /* the clock was not set */
    assert_int_equal(m.cpu.clock_interval, 0);
    assert_int_equal(m.cpu.modes & MODE_CLOCK_ENABLED, 0);
    assert_int_equal(m.cpu.a[1], 0x1230);
    assert_int_equal(m.cpu.p, 9);
    tm_free(&m);
}

/* The same instructions in monitor mode, one step at a time. */
static void test_monitor_instructions_monitor_mode(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.modes = MODE_MONITOR;
    m.cpu.xa = 5;
    m.cpu.a[1] = 0x1230;   /* bits 2^11..2^4 = 0x23 */
    m.cpu.s[1] = 0x1000000;
    m.cpu.s[2] = 0x100000123ull;   /* low 32 bits 0x123 */
    tm_emit(&m, 0001310);   /* XA A1 */
    tm_emit(&m, 0001410);   /* RT S1 */
    tm_emit(&m, 0001424);   /* PCI S2 */
    tm_emit(&m, 0001406);   /* ECI */
    tm_emit(&m, 0001407);   /* DCI */
    tm_emit(&m, 0001406);   /* ECI */
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.xa, 0x23);
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_true(cpu_rt(&m.cpu) >= 0x1000000);
    assert_true(cpu_rt(&m.cpu) < 0x1000000 + 100);
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.clock_interval, 0x123);
    assert_true(m.cpu.features_used & FEAT_PCLOCK);   /* rev F option, executed */
    assert_true(m.cpu.clock_countdown <= 0x123 && m.cpu.clock_countdown > 0x100);
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_true(m.cpu.modes & MODE_CLOCK_ENABLED);
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.modes & MODE_CLOCK_ENABLED, 0);
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_true(m.cpu.modes & MODE_CLOCK_ENABLED);
    assert_int_equal(m.cpu.p, 6);
    assert_int_equal(m.cpu.flags, 0);
    tm_free(&m);

    /* XA with j = 0 gives 0. */
    tm_init(&m, MODEL_CRAY1);
    m.cpu.modes = MODE_MONITOR;
    m.cpu.xa = 5;
    m.cpu.a[0] = 0x1230;
    tm_emit(&m, 0001300);
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.xa, 0);
    tm_free(&m);
}

/* Encodings the Cray-1 does not define pass (3.1, isa_table.def last row). */
static void test_undefined_pass(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    static const unsigned undefined[] = {0002300, 0002400, 0002500, 0002600, 0002777,
                                         0001500, 0001677, 0001777};
    for (size_t i = 0; i < sizeof undefined / sizeof undefined[0]; i++)
        tm_emit(&m, undefined[i]);
    tm_emit(&m, 0022105);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[1], 5);
    assert_int_equal(m.cpu.modes, 0);   /* no X-MP ERI / EBM effect */
    assert_int_equal(m.cpu.features_used, 0);
    assert_int_equal(m.cpu.p, 10);
    tm_free(&m);

    /* 0014j1-3 in monitor mode on the Cray-1 (clock option): undefined, a pass. */
    tm_init(&m, MODEL_CRAY1);
    m.cpu.modes = MODE_MONITOR;
    tm_emit(&m, 0001411);
    tm_emit(&m, 0001402);
    tm_emit(&m, 0001433);
    for (int i = 0; i < 3; i++)
        assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.p, 3);
    assert_int_equal(m.cpu.cluster, 0);
    assert_int_equal(m.cpu.flags, 0);
    tm_free(&m);
}

static void test_run_stops(void **state)
{
    (void)state;
    struct tmach m;
    /* A tight loop: the clock limit ends the run. */
    tm_init(&m, MODEL_CRAY1);
    tm_emit(&m, 0030110);          /* A1 A1+1 */
    tm_branch(&m, 006, 0);         /* J 0 */
    assert_int_equal(cpu_run(&m.cpu, 5000), CPU_STOP_CLOCKS);
    assert_true(m.cpu.clock >= 5000);
    assert_true(m.cpu.a[1] > 10);
    assert_int_equal(m.cpu.flags, 0);
    uint32_t count = m.cpu.a[1];
    assert_int_equal(cpu_run(&m.cpu, m.cpu.clock + 5000), CPU_STOP_CLOCKS);
    assert_true(m.cpu.a[1] > count);
    tm_free(&m);

    /* A break point stops before issuing the instruction there. */
    tm_init(&m, MODEL_CRAY1);
    tm_emit(&m, 0022101);
    tm_emit(&m, 0022202);
    tm_emit(&m, 0022303);
    tm_ex(&m);
    m.cpu.stop_at_parcel = 2;
    assert_int_equal(tm_run(&m), CPU_STOP_BREAK);
    assert_int_equal(m.cpu.p, 2);
    assert_int_equal(m.cpu.a[2], 2);
    assert_int_equal(m.cpu.a[3], 0);
    m.cpu.stop_at_parcel = UINT32_MAX;
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[3], 3);
    tm_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_state),
        cmocka_unit_test(test_exits),
        cmocka_unit_test(test_jumps),
        cmocka_unit_test(test_conditional_branches),
        cmocka_unit_test(test_branch_i4_by_model),
        cmocka_unit_test(test_fp_interrupt_modes),
        cmocka_unit_test(test_fp_range_error),
        cmocka_unit_test(test_monitor_instructions_user_mode),
        cmocka_unit_test(test_monitor_instructions_monitor_mode),
        cmocka_unit_test(test_undefined_pass),
        cmocka_unit_test(test_run_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
