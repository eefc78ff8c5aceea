/*
 * test_cpu_xmp.c - what the X-MP model does differently (cray1-isa.md 1.2,
 * 2.3, 3.1, 3.7, 3.8, 3.9, 5.5): VL 1..64, no vector recursion, the 24-bit
 * constant form of 01h, gather / scatter, compressed index, shared
 * registers and semaphores, the mode instructions 0023-0027, separate
 * instruction and data fields, operand range under IOR, 24-bit branch
 * targets, and the feature bits the cpu records.  Expected values by hand.
 */
#include "cpu_test_util.h"

#define SENTINEL(e) (0xDEAD000000000000ull | (uint64_t)(e))

static void test_xmp_vl(void **state)
{
    (void)state;
    /* 0020: VL <- (Ak) & 077, 0 meaning 64 (stored as 0100); 023i01 reads it. */
    static const struct { uint32_t ak; uint32_t vl; } cases[] = {
        {0, 0100}, {0100, 0100}, {0101, 1}, {0177, 077}, {5, 5}, {0x1C3, 3},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct tmach m;
        tm_init(&m, MODEL_XMP);
        for (unsigned e = 0; e < 64; e++) {
            m.cpu.v[2][e] = e;
            m.cpu.v[3][e] = SENTINEL(e);
        }
        tm_a(&m, 1, cases[c].ak);
        tm_emit(&m, 0002001);   /* VL A1 */
        tm_emit(&m, 0142302);   /* V3 V2 */
        tm_emit(&m, 0023401);   /* A4 VL */
        tm_ex(&m);
        tm_run_exit(&m);
        assert_int_equal(m.cpu.vl, cases[c].vl);
        assert_int_equal(m.cpu.a[4], cases[c].vl);
        unsigned n = cases[c].vl;
        for (unsigned e = 0; e < 64; e++)
            assert_int_equal(m.cpu.v[3][e], e < n ? e : SENTINEL(e));
        assert_true(m.cpu.features_used & FEAT_STATUS);
        tm_free(&m);
    }
    /* k = 0: VL 1.  On the Cray-1, 023401 is A4 S0 with j = 0: 0. */
    for (int xmp = 0; xmp < 2; xmp++) {
        struct tmach m;
        tm_init(&m, xmp ? MODEL_XMP : MODEL_CRAY1);
        m.cpu.s[0] = 0x777;
        tm_emit(&m, 0002000);
        tm_emit(&m, 0023401);
        tm_ex(&m);
        tm_run_exit(&m);
        assert_int_equal(m.cpu.vl, 1);
        assert_int_equal(m.cpu.a[4], xmp ? 1 : 0);
        tm_free(&m);
    }
}

/* 3.8: the X-MP has no recursion; a result register that is also an operand
 * supplies its old values. */
static void test_xmp_no_recursion(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_XMP);
    for (unsigned e = 0; e < 64; e++) {
        m.cpu.v[0][e] = 1;
        m.cpu.v[1][e] = e ? 1000 + e : 10;
        m.cpu.v[2][e] = e ? 500 + e : 1;
        m.cpu.v[4][e] = e ? 7 : 3;
        m.cpu.v[5][e] = F_ONE;
        m.cpu.v[6][e] = e ? cflt(100) : F_ONE;
    }
    tm_emit(&m, 0155110);   /* V1 V1+V0 */
    tm_emit(&m, 0157202);   /* V2 V0-V2 */
    tm_emit(&m, 0155444);   /* V4 V4+V4 */
    tm_emit(&m, 0171665);   /* V6 V6+FV5 */
    tm_ex(&m);
    tm_run_exit(&m);   /* VL 0 after cpu_init: 64 elements */
    for (unsigned e = 0; e < 64; e++) {
        assert_int_equal(m.cpu.v[1][e], e ? 1001 + e : 11);
        assert_int_equal(m.cpu.v[2][e], e ? 1 - (uint64_t)(500 + e) : 0);
        assert_int_equal(m.cpu.v[4][e], e ? 14 : 6);
        assert_int_equal(m.cpu.v[6][e], e ? cflt(101) : F_TWO);
    }
    tm_free(&m);
}

/* 1.2: 01h with the top bit of i set: Ah <- (i & 3) << 22 | jkm. */
static void test_xmp_const24(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_XMP);
    m.cpu.a[0] = 0x55;
    tm_emit2(&m, op3(013, 5, 0, 2), 0x3456);    /* A3 <- 1<<22 | 0x023456 = 0x423456 */
    tm_emit2(&m, op3(010, 7, 7, 7), 0xFFFF);    /* A0 <- 3<<22 | 0x3FFFFF = 0xFFFFFF */
    tm_emit2(&m, op3(017, 4, 0, 0), 0);         /* A7 <- 0 */
    tm_emit2(&m, op3(014, 6, 1, 0), 0x0001);    /* A4 <- 2<<22 | 0x080001 = 0x880001 */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[3], 0x423456);
    assert_int_equal(m.cpu.a[0], 0xFFFFFF);
    assert_int_equal(m.cpu.a[7], 0);
    assert_int_equal(m.cpu.a[4], 0x880001);
    assert_int_equal(m.cpu.p, 9);
    assert_int_equal(m.cpu.features_used, FEAT_CONST24);
    tm_free(&m);
}

/* 3.7: gather Vi[e] <- mem[(A0) + (int32)Vk[e]]; scatter mem[(A0) + Vk[e]] <- Vj[e]. */
static void test_xmp_gather_scatter(void **state)
{
    (void)state;
    static const uint64_t index[5] = {5, 0, ~0ull /* -1 */, 3, 100};
    static const uint32_t addr[5] = {0x1005, 0x1000, 0x0FFF, 0x1003, 0x1064};
    struct tmach m;
    tm_init(&m, MODEL_XMP);
    for (uint32_t w = 0x0F00; w < 0x1100; w++)
        m.mem.word[w] = 0x5000000000000000ull | w;
    for (unsigned e = 0; e < 64; e++) {
        m.cpu.v[2][e] = e < 5 ? index[e] : 0;
        m.cpu.v[3][e] = SENTINEL(e);
    }
    m.cpu.a[0] = 0x1000;
    tm_emit(&m, 0022705);
    tm_emit(&m, 0002007);   /* VL 5 */
    tm_emit(&m, 0176312);   /* V3 ,A0,V2 */
    tm_ex(&m);
    tm_run_exit(&m);
    for (unsigned e = 0; e < 64; e++)
        assert_int_equal(m.cpu.v[3][e], e < 5 ? 0x5000000000000000ull | addr[e] : SENTINEL(e));
    assert_int_equal(m.cpu.features_used, FEAT_GATHER);
    tm_free(&m);

    tm_init(&m, MODEL_XMP);
    for (unsigned e = 0; e < 64; e++) {
        m.cpu.v[2][e] = e < 5 ? index[e] : 0;
        m.cpu.v[3][e] = 0x7700000000000000ull | e;
    }
    m.cpu.a[0] = 0x1000;
    tm_emit(&m, 0022705);
    tm_emit(&m, 0002007);
    tm_emit(&m, 0177132);   /* ,A0,V2 V3 */
    tm_ex(&m);
    tm_run_exit(&m);
    for (unsigned e = 0; e < 5; e++)
        assert_int_equal(m.mem.word[addr[e]], 0x7700000000000000ull | e);
    assert_int_equal(m.mem.word[0x1001], 0);
    assert_int_equal(m.mem.word[0x1006], 0);
    assert_int_equal(m.cpu.features_used, FEAT_GATHER);
    tm_free(&m);
}

/* 175ij4-7: VM as the plain test; the passing element numbers into Vi[0..]. */
static void test_xmp_compress(void **state)
{
    (void)state;
    /* V1[e]: e%3 = 0 zero, 1 negative, 2 positive; VL 8. */
    static const uint64_t vm[4] = {
        0x9200000000000000ull,   /* Z: 0,3,6 -> bits 63,60,57 */
        0x6D00000000000000ull,   /* N: 1,2,4,5,7 */
        0xB600000000000000ull,   /* P: 0,2,3,5,6 */
        0x4900000000000000ull,   /* M: 1,4,7 */
    };
    static const unsigned list[4][6] = {{0, 3, 6}, {1, 2, 4, 5, 7}, {0, 2, 3, 5, 6}, {1, 4, 7}};
    static const unsigned count[4] = {3, 5, 5, 3};
    for (unsigned t = 0; t < 4; t++) {
        struct tmach m;
        tm_init(&m, MODEL_XMP);
        for (unsigned e = 0; e < 64; e++) {
            m.cpu.v[1][e] = e % 3 == 0 ? 0 : e % 3 == 1 ? (SB | e) : e;
            m.cpu.v[4][e] = SENTINEL(e);
        }
        m.cpu.vm = ~0ull;
        tm_emit(&m, 0022710);
        tm_emit(&m, 0002007);          /* VL 8 */
        tm_emit(&m, 0175414 | t);      /* V4,VM V1,Z/N/P/M */
        tm_ex(&m);
        tm_run_exit(&m);
        assert_int_equal(m.cpu.vm, vm[t]);
        for (unsigned e = 0; e < 64; e++)
            assert_int_equal(m.cpu.v[4][e], e < count[t] ? list[t][e] : SENTINEL(e));
        assert_int_equal(m.cpu.features_used, FEAT_COMPRESS);
        tm_free(&m);
    }
}

static void test_xmp_shared_registers(void **state)
{
    (void)state;
    struct shared_cluster cl[4];
    memset(cl, 0, sizeof cl);
    struct tmach m;
    tm_init(&m, MODEL_XMP);
    m.cpu.clusters = cl;
    m.cpu.cluster_count = 3;
    m.cpu.cluster = 1;
    m.cpu.a[1] = 0x123456;
    m.cpu.s[1] = 0xFEDCBA9876543210ull;
    m.cpu.s[6] = 0x80000001FFFFFFFFull;
    tm_emit(&m, 0027127);   /* SB2 A1 */
    tm_emit(&m, 0026327);   /* A3 SB2 */
    tm_emit(&m, 0073133);   /* ST3 S1 */
    tm_emit(&m, 0072233);   /* S2 ST3 */
    tm_emit(&m, 0003705);   /* SM5 1 */
    tm_emit(&m, 0003407);   /* SM7 1,TS (clear: sets it, no hold) */
    tm_emit(&m, 0072402);   /* S4 SM: SM0 at 2^63: 2^58 | 2^56 */
    tm_emit(&m, 0003605);   /* SM5 0 */
    tm_emit(&m, 0072502);   /* S5 SM: 2^56 */
    tm_emit(&m, 0073602);   /* SM S6: high 32 bits */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(cl[1].sb[2], 0x123456);
    assert_int_equal(m.cpu.a[3], 0x123456);
    assert_int_equal(cl[1].st[3], 0xFEDCBA9876543210ull);
    assert_int_equal(m.cpu.s[2], 0xFEDCBA9876543210ull);
    assert_int_equal(m.cpu.s[4], 0x0500000000000000ull);
    assert_int_equal(m.cpu.s[5], 0x0100000000000000ull);
    assert_int_equal(cl[1].semaphores, 0x80000001u);
    assert_int_equal(cl[2].semaphores, 0);
    assert_int_equal(cl[2].sb[2], 0);
    assert_true(m.cpu.features_used & FEAT_SHARED);
    tm_free(&m);

    /* CLN 0: reads give 0, writes do nothing (2.3). */
    memset(cl, 0, sizeof cl);
    cl[1].sb[2] = 0x777;
    cl[1].st[3] = 0x888;
    tm_init(&m, MODEL_XMP);
    m.cpu.clusters = cl;
    m.cpu.cluster_count = 3;
    m.cpu.cluster = 0;
    m.cpu.a[1] = 0x123456;
    m.cpu.a[3] = 0x99;
    m.cpu.s[2] = 0x99;
    tm_emit(&m, 0027127);
    tm_emit(&m, 0026327);
    tm_emit(&m, 0072233);
    tm_emit(&m, 0003705);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[3], 0);
    assert_int_equal(m.cpu.s[2], 0);
    for (int k = 0; k < 4; k++) {
        assert_int_equal(cl[k].semaphores, 0);
        assert_int_equal(cl[k].sb[2], k == 1 ? 0x777 : 0);
    }
    tm_free(&m);

    /* 0014j3 CLN j, in monitor mode. */
    tm_init(&m, MODEL_XMP);
    m.cpu.clusters = cl;
    m.cpu.cluster_count = 3;
    m.cpu.modes = MODE_MONITOR;
    tm_emit(&m, 0001423);
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.cluster, 2);
    tm_free(&m);
}

static void test_xmp_modes(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_XMP);
    m.cpu.modes = 0;
    m.cpu.s[1] = 0x5555;
    tm_emit(&m, 0002300);   /* ERI */
    tm_emit(&m, 0002600);   /* EBM */
    tm_emit(&m, 0002700);   /* CMR */
    tm_emit(&m, 0001500);   /* undefined: pass */
    tm_emit(&m, 0003010);   /* VM S1 (0030j0) */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_true(m.cpu.modes & MODE_RANGE_INTERRUPT);
    assert_true(m.cpu.modes & MODE_BIDIRECTIONAL);
    assert_int_equal(m.cpu.vm, 0x5555);
    assert_true(m.cpu.features_used & FEAT_XMPMODE);
    tm_free(&m);

    tm_init(&m, MODEL_XMP);
    m.cpu.modes = MODE_RANGE_INTERRUPT | MODE_BIDIRECTIONAL;
    tm_emit(&m, 0002400);   /* DRI */
    tm_emit(&m, 0002500);   /* DBM */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.modes & (MODE_RANGE_INTERRUPT | MODE_BIDIRECTIONAL), 0);
    tm_free(&m);
}

/* 5.5 X-MP: an invalid read returns 0; the flag only with IOR; writes suppressed. */
static void test_xmp_operand_range(void **state)
{
    (void)state;
    for (int ior = 0; ior < 2; ior++) {
        struct tmach m;
        tm_init(&m, MODEL_XMP);
        cpu_set_field(&m.cpu, 0x1000, 0x2000);
        m.mem.word[0x2000] = 0x4343;
        m.cpu.s[1] = 0x99;
        m.cpu.a[2] = 0x123;
        m.cpu.modes = ior ? MODE_RANGE_INTERRUPT : 0;   /* cpu_init may preset IOR */
        tm_org(&m, 0x1000 * 4);
        tm_mem(&m, 012, 0, 1, 0x1000);   /* S1 <- absolute 0x2000: outside */
        tm_mem(&m, 011, 0, 2, 0x1001);   /* write outside */
        tm_emit(&m, 0022305);
        tm_ex(&m);
        assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
        assert_int_equal(m.cpu.s[1], 0);
        assert_int_equal(m.mem.word[0x2001], 0);
        if (ior) {
            assert_int_equal(m.cpu.flags, FLAG_OPERAND_RANGE);
            assert_int_equal(m.cpu.p, 2);
            assert_int_equal(m.cpu.a[3], 0);
        } else {
            assert_int_equal(m.cpu.flags, FLAG_NORMAL_EXIT);
            assert_int_equal(m.cpu.a[3], 5);
        }
        tm_free(&m);
    }
}

/* 2.3 / 5.5: instruction references use IBA/ILA, data references DBA/DLA. */
static void test_xmp_split_fields(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_XMP);
    cpu_set_field(&m.cpu, 0x1000, 0x2000);
    m.cpu.ibase = 0x3000;
    m.cpu.ilimit = 0x3020;
    m.mem.word[0x1010] = 0x1010;
    tm_org(&m, 0x3000 * 4);
    tm_mem(&m, 012, 0, 1, 0x10);    /* data: absolute 0x1010 */
    tm_mem(&m, 013, 0, 1, 0x11);    /* absolute 0x1011 */
    tm_branch(&m, 006, 0x40);       /* instruction field: absolute word 0x3010 */
    tm_org(&m, 0x3000 * 4 + 0x40);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.s[1], 0x1010);
    assert_int_equal(m.mem.word[0x1011], 0x1010);
    assert_int_equal(m.cpu.p, 0x41);
    tm_free(&m);

    /* Fetch past ILA: program range, though the data field is larger. */
    tm_init(&m, MODEL_XMP);
    cpu_set_field(&m.cpu, 0x1000, 0x2000);
    m.cpu.ibase = 0x3000;
    m.cpu.ilimit = 0x3020;
    tm_org(&m, 0x3000 * 4);
    tm_branch(&m, 006, 0x80);       /* word 0x20 of the instruction field */
    tm_org(&m, 0x3020 * 4);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_PROGRAM_RANGE);
    tm_free(&m);
}

/* 1.3: the X-MP branches on all 24 bits; 0x400004 is a plain target. */
static void test_xmp_branch_24(void **state)
{
    (void)state;
    struct tmach m;
    tm_init_size(&m, MODEL_XMP, 0x110000);
    tm_branch(&m, 006, 0x400004);
    tm_org(&m, 0x400004);
    tm_emit(&m, 0022107);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[1], 7);
    assert_int_equal(m.cpu.p, 0x400006);
    tm_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmp_vl),
        cmocka_unit_test(test_xmp_no_recursion),
        cmocka_unit_test(test_xmp_const24),
        cmocka_unit_test(test_xmp_gather_scatter),
        cmocka_unit_test(test_xmp_compress),
        cmocka_unit_test(test_xmp_shared_registers),
        cmocka_unit_test(test_xmp_modes),
        cmocka_unit_test(test_xmp_operand_range),
        cmocka_unit_test(test_xmp_split_fields),
        cmocka_unit_test(test_xmp_branch_24),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
