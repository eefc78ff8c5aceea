/*
 * test_cpu_vector.c - vector instructions 140-177 on the Cray-1 (cray1-isa.md
 * 3.6-3.8): every operation at VL 1, 5 and 64 with the elements at and
 * beyond VL left alone, the VL register rules, merges under VM, the 175
 * tests, strided loads and stores, vector floating point against Appendix A,
 * and the Cray-1 recursion rule (3.8 rule 3).  X-MP forms: test_cpu_xmp.c.
 *
 * The per-element expectations below are the formulas of the tables in 3.6
 * and 3.7 written out in C; floating-point expectations are exact small
 * integers (cflt) or Appendix A answers.
 */
#include "cpu_test_util.h"

#define SENTINEL(e) (0xDEAD000000000000ull | (uint64_t)(e))

/* Inputs: S1, V1, V2, A2 (shift count), VM. */
static uint64_t g_s1, g_v1[64], g_v2[64], g_vm;
static uint32_t g_a2;

enum vset { SET_INT, SET_FLT, SET_ITER_S, SET_ITER_V, SET_RECIP };

/* Appendix A #49-71: reciprocal operands and answers. */
static const uint64_t recip_in[23] = {
    0x4001800000000000ull, 0x4001C00000000000ull, 0x4002800000000000ull, 0x4004800000000000ull,
    0x3FFFF00000000000ull, 0x3FFEF80000000000ull, 0x3FFDF40000000000ull, 0xBFE7800000000000ull,
    0x3FFAE80000000000ull, 0x4004FFF000FFF000ull, 0x400803FFC003FFC0ull, 0x400C007FF8007FF8ull,
    0x4010000FFF000FFFull, 0x4000800000000001ull, 0x4001AAAAAAAAAAAAull, 0xC019AAAAAAAAAAAAull,
    0x4006AAAAAAAAAAAAull, 0x4009AAAAAAAAAAAAull, 0x400030C30C309861ull, 0x3FFF861861861861ull,
    0xC000800000000000ull, 0x4000800000000000ull, 0x4000FFFFFFFFFFFFull,
};
static const uint64_t recip_out[23] = {
    0x4000FFFFFFFF8000ull, 0x4000AAAAAAAA8000ull, 0x3FFFFFFFFFFF8000ull, 0x3FFDFFFFFFFF8000ull,
    0x4002888888888000ull, 0x4003842108420000ull, 0x4004864B8A7D8000ull, 0xC01AFFFFFFFF8000ull,
    0x40078D3DCB088000ull, 0x3FFD800800000000ull, 0x3FF9F779EBAB0000ull, 0x3FF5FEFD12A90000ull,
    0x3FF1FFDC0A660000ull, 0x4001FFFFFFFF8000ull, 0x4000BFFFFFFF0000ull, 0xBFE8BFFFFFFF0000ull,
    0x3FFBBFFFFFFF0000ull, 0x3FF8BFFFFFFF0000ull, 0x4001EA95BD2C0000ull, 0x4002F45D17450000ull,
    0xC001FFFFFFFF8000ull, 0x4001FFFFFFFF8000ull, 0x4001800000000000ull,
};
/* Appendix A #82-85: 2 - a*b. */
static const uint64_t iter_a[4] = {0x3FFC90395FED8000ull, 0x3FFFB81CF90C0000ull,
                                   0x3FFCB41C73E80000ull, 0x3FFF90FE571B0000ull};
static const uint64_t iter_b[4] = {0x4005E333B266F103ull, 0x4002B1FA3C80DB06ull,
                                   0x4005B5EE9E9E2FA4ull, 0x4002E1FF0E4AE394ull};
static const uint64_t iter_r[4] = {0x40018000000067D9ull, 0x40018000000007E8ull,
                                   0x4001800000005BB3ull, 0x4001800000002DEDull};

static void set_inputs(enum vset set)
{
    g_a2 = 5;
    g_vm = 0xA5C3F00F00FF0F0Full;
    g_s1 = 0xF0F0F0F00F0F0F0Full;
    for (unsigned e = 0; e < 64; e++) {
        switch (set) {
        case SET_INT:
            g_v1[e] = (e + 1) * 0x9E3779B97F4A7C15ull;
            g_v2[e] = (64 - e) * 0xC2B2AE3D27D4EB4Full;
            break;
        case SET_FLT:
            g_s1 = cflt(2);
            g_v1[e] = cflt(e + 1);
            g_v2[e] = cflt(64 - (int64_t)e);
            break;
        case SET_ITER_S:
            g_s1 = iter_a[0];
            g_v1[e] = 0;
            g_v2[e] = iter_b[0];
            break;
        case SET_ITER_V:
            g_v1[e] = iter_a[e % 4];
            g_v2[e] = iter_b[e % 4];
            break;
        case SET_RECIP:
            g_v1[e] = recip_in[e % 23];
            g_v2[e] = 0;
            break;
        }
    }
}

static int vm_bit(uint64_t vm, unsigned e) { return (int)((vm >> (63 - e)) & 1); }   /* 2.1 */

/* Expected Vi[e] (e < n), from the formulas of 3.6 / 3.7. */
static uint64_t x140(unsigned e, unsigned n) { (void)n; return g_s1 & g_v2[e]; }
static uint64_t x140z(unsigned e, unsigned n) { (void)e; (void)n; return 0; }
static uint64_t x141(unsigned e, unsigned n) { (void)n; return g_v1[e] & g_v2[e]; }
static uint64_t x142(unsigned e, unsigned n) { (void)n; return g_s1 | g_v2[e]; }
static uint64_t x142c(unsigned e, unsigned n) { (void)n; return g_v2[e]; }
static uint64_t x143(unsigned e, unsigned n) { (void)n; return g_v1[e] | g_v2[e]; }
static uint64_t x144(unsigned e, unsigned n) { (void)n; return g_s1 ^ g_v2[e]; }
static uint64_t x145(unsigned e, unsigned n) { (void)n; return g_v1[e] ^ g_v2[e]; }
static uint64_t x146(unsigned e, unsigned n) { (void)n; return vm_bit(g_vm, e) ? g_s1 : g_v2[e]; }
static uint64_t x146z(unsigned e, unsigned n) { (void)n; return vm_bit(g_vm, e) ? 0 : g_v2[e]; }
static uint64_t x147(unsigned e, unsigned n) { (void)n; return vm_bit(g_vm, e) ? g_v1[e] : g_v2[e]; }
static uint64_t x150(unsigned e, unsigned n) { (void)n; return g_v1[e] << 5; }
static uint64_t x150k0(unsigned e, unsigned n) { (void)n; return g_v1[e] << 1; }
static uint64_t x151(unsigned e, unsigned n) { (void)n; return g_v1[e] >> 5; }
/* 152: (V1[e] : V1[e+1]) << 5, V1[n] taken as 0.  153: (V1[e-1] : V1[e]) >> 5, V1[-1] = 0. */
static uint64_t x152(unsigned e, unsigned n) { return g_v1[e] << 5 | (e + 1 < n ? g_v1[e + 1] >> 59 : 0); }
static uint64_t x153(unsigned e, unsigned n) { (void)n; return g_v1[e] >> 5 | (e ? g_v1[e - 1] << 59 : 0); }
static uint64_t x154(unsigned e, unsigned n) { (void)n; return g_s1 + g_v2[e]; }
static uint64_t x155(unsigned e, unsigned n) { (void)n; return g_v1[e] + g_v2[e]; }
static uint64_t x156(unsigned e, unsigned n) { (void)n; return g_s1 - g_v2[e]; }
static uint64_t x156n(unsigned e, unsigned n) { (void)n; return 0 - g_v2[e]; }
static uint64_t x157(unsigned e, unsigned n) { (void)n; return g_v1[e] - g_v2[e]; }
/* Floating point on exact small integers: S1 = 2, V1[e] = e+1, V2[e] = 64-e. */
static uint64_t x160(unsigned e, unsigned n) { (void)n; return cflt(2 * (64 - (int64_t)e)); }
static uint64_t x161(unsigned e, unsigned n) { (void)n; return cflt((int64_t)(e + 1) * (64 - (int64_t)e)); }
static uint64_t x166(unsigned e, unsigned n) { (void)e; (void)n; return iter_r[0]; }
static uint64_t x167(unsigned e, unsigned n) { (void)n; return iter_r[e % 4]; }
static uint64_t x170(unsigned e, unsigned n) { (void)n; return cflt(2 + 64 - (int64_t)e); }
static uint64_t x171(unsigned e, unsigned n) { (void)e; (void)n; return cflt(65); }
static uint64_t x172(unsigned e, unsigned n) { (void)n; return cflt((int64_t)e - 62); }   /* e = 62: 0 */
static uint64_t x173(unsigned e, unsigned n) { (void)n; return cflt(2 * (int64_t)e - 63); }
static uint64_t x174(unsigned e, unsigned n) { (void)n; return recip_out[e % 23]; }
static uint64_t x174p(unsigned e, unsigned n) { (void)n; return (uint64_t)__builtin_popcountll(g_v1[e]); }
static uint64_t x174q(unsigned e, unsigned n) { (void)n; return (uint64_t)__builtin_popcountll(g_v1[e]) & 1; }

struct vop {
    unsigned parcel;   /* result V3; j = 1 (S1 or V1), k = 2 (V2 or A2) */
    enum vset set;
    uint64_t (*expect)(unsigned e, unsigned n);
};

static const struct vop vops[] = {
    {0140312, SET_INT, x140},   {0140300, SET_INT, x140z},  {0140302, SET_INT, x140z},
    {0141312, SET_INT, x141},   {0142312, SET_INT, x142},   {0142302, SET_INT, x142c},
    {0143312, SET_INT, x143},   {0144312, SET_INT, x144},   {0145312, SET_INT, x145},
    {0146312, SET_INT, x146},   {0146302, SET_INT, x146z},  {0147312, SET_INT, x147},
    {0150312, SET_INT, x150},   {0150310, SET_INT, x150k0}, {0151312, SET_INT, x151},
    {0152312, SET_INT, x152},   {0153312, SET_INT, x153},   {0154312, SET_INT, x154},
    {0155312, SET_INT, x155},   {0156312, SET_INT, x156},   {0156302, SET_INT, x156n},
    {0157312, SET_INT, x157},
    {0160312, SET_FLT, x160},   {0161312, SET_FLT, x161},   {0162312, SET_FLT, x160},
    {0163312, SET_FLT, x161},   {0164312, SET_FLT, x160},   {0165312, SET_FLT, x161},
    {0166312, SET_ITER_S, x166}, {0167312, SET_ITER_V, x167},
    {0170312, SET_FLT, x170},   {0170302, SET_FLT, x142c},  {0171312, SET_FLT, x171},
    {0172312, SET_FLT, x172},   {0173312, SET_FLT, x173},
    {0174310, SET_RECIP, x174}, {0174311, SET_INT, x174p},  {0174312, SET_INT, x174q},
};

static void load_inputs(struct tmach *m)
{
    m->cpu.s[1] = g_s1;
    m->cpu.s[0] = 0x0BAD0BAD0BAD0BADull;   /* j = 0 reads 0, never S0 */
    m->cpu.a[0] = 9;                       /* k = 0 reads 1, never A0 */
    m->cpu.a[2] = g_a2;
    m->cpu.vm = g_vm;
    for (unsigned e = 0; e < 64; e++) {
        m->cpu.v[1][e] = g_v1[e];
        m->cpu.v[2][e] = g_v2[e];
        m->cpu.v[3][e] = SENTINEL(e);
    }
}

/* VL <- vl through A7 (020 A7 vl; 0020 VL A7), then the instruction, then EX. */
static void run_vector(struct tmach *m, uint32_t vl, unsigned parcel)
{
    tm_a(m, 7, vl);
    tm_emit(m, 0002007);
    tm_emit(m, parcel);
    tm_ex(m);
    tm_run_exit(m);
}

static void check_v3(const struct tmach *m, unsigned n, uint64_t (*expect)(unsigned, unsigned),
                     unsigned parcel)
{
    for (unsigned e = 0; e < 64; e++) {
        uint64_t want = e < n ? expect(e, n) : SENTINEL(e);
        if (m->cpu.v[3][e] != want)
            print_error("%06o n=%u element %u: got 0x%016llx want 0x%016llx\n", parcel, n, e,
                        (unsigned long long)m->cpu.v[3][e], (unsigned long long)want);
        assert_int_equal(m->cpu.v[3][e], want);
    }
}

static void test_vector_ops_by_vl(void **state)
{
    (void)state;
    static const uint32_t vls[3] = {1, 5, 0100};
    static const unsigned ns[3] = {1, 5, 64};
    for (size_t c = 0; c < sizeof vops / sizeof vops[0]; c++) {
        for (int l = 0; l < 3; l++) {
            struct tmach m;
            tm_init(&m, MODEL_CRAY1);
            set_inputs(vops[c].set);
            load_inputs(&m);
            run_vector(&m, vls[l], vops[c].parcel);
            assert_int_equal(m.cpu.vl, vls[l]);
            check_v3(&m, ns[l], vops[c].expect, vops[c].parcel);
            for (unsigned e = 0; e < 64; e++) {   /* operands untouched */
                assert_int_equal(m.cpu.v[1][e], g_v1[e]);
                assert_int_equal(m.cpu.v[2][e], g_v2[e]);
            }
            tm_free(&m);
        }
    }
}

static void test_vector_pop_feature(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    set_inputs(SET_INT);
    load_inputs(&m);
    run_vector(&m, 5, 0155312);
    assert_int_equal(m.cpu.features_used, 0);
    tm_free(&m);
    tm_init(&m, MODEL_CRAY1);
    load_inputs(&m);
    run_vector(&m, 5, 0174311);
    assert_true(m.cpu.features_used & FEAT_VPOP);
    tm_free(&m);
}

/* VL rules (2.1, 3.8 rule 1): 0020 loads (Ak) & 0177; k = 0 loads 1; the
 * number of elements is ((VL-1) & 077) + 1.  Counted with 142 V3 V2 (copy). */
static void test_vector_length_register(void **state)
{
    (void)state;
    static const struct { uint32_t ak; uint32_t vl; unsigned n; } cases[] = {
        {0, 0, 64}, {0100, 0100, 64}, {0101, 0101, 1}, {0x1FF, 0177, 63},
        {0x305, 05, 5}, {077, 077, 63}, {2, 2, 2},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct tmach m;
        tm_init(&m, MODEL_CRAY1);
        set_inputs(SET_INT);
        load_inputs(&m);
        run_vector(&m, cases[c].ak, 0142302);
        assert_int_equal(m.cpu.vl, cases[c].vl);
        assert_int_equal(cpu_vector_length(&m.cpu), cases[c].n);
        check_v3(&m, cases[c].n, x142c, 0142302);
        tm_free(&m);
    }
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    set_inputs(SET_INT);
    load_inputs(&m);
    m.cpu.vl = 0100;
    tm_emit(&m, 0002000);   /* VL 1: k = 0 */
    tm_emit(&m, 0142302);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.vl, 1);
    check_v3(&m, 1, x142c, 0142302);
    tm_free(&m);
}

/* Shift counts beyond the table's 5: 0, 63, 64, 127, 128 (3.6). */
static void test_vector_shift_counts(void **state)
{
    (void)state;
    set_inputs(SET_INT);
    const uint64_t *v = g_v1;
    static const uint32_t counts[] = {0, 63, 64, 127, 128};
    for (size_t c = 0; c < 5; c++) {
        for (unsigned op = 0150; op <= 0153; op++) {
            struct tmach m;
            tm_init(&m, MODEL_CRAY1);
            load_inputs(&m);
            m.cpu.a[2] = counts[c];
            unsigned parcel = op << 9 | 0312;
            run_vector(&m, 5, parcel);
            uint32_t k = counts[c];
            for (unsigned e = 0; e < 5; e++) {
                uint64_t next = e + 1 < 5 ? v[e + 1] : 0, prev = e ? v[e - 1] : 0, want;
                if (op == 0150)
                    want = k > 63 ? 0 : v[e] << k;
                else if (op == 0151)
                    want = k > 63 ? 0 : v[e] >> k;
                else if (op == 0152)   /* high half of (v[e]:next) << k */
                    want = k == 0 ? v[e] : k < 64 ? (v[e] << k | next >> (64 - k))
                                         : k < 128 ? next << (k - 64) : 0;
                else                   /* low half of (prev:v[e]) >> k */
                    want = k == 0 ? v[e] : k < 64 ? (v[e] >> k | prev << (64 - k))
                                         : k < 128 ? prev >> (k - 64) : 0;
                if (m.cpu.v[3][e] != want)
                    print_error("%06o count %u element %u\n", parcel, k, e);
                assert_int_equal(m.cpu.v[3][e], want);
            }
            assert_int_equal(m.cpu.v[3][5], SENTINEL(5));
            tm_free(&m);
        }
    }
    /* Spot values by hand: V1[0] = 0x9E3779B97F4A7C15, V1[1] = 0x3C6EF372FE94F82A. */
    assert_int_equal(g_v1[0] << 63, SB);
    assert_int_equal(g_v1[1], 0x3C6EF372FE94F82Aull);
}

/* 175: VM bit e for e < n by the test on V1[e]; bits at and beyond n cleared. */
static void test_vector_mask_tests(void **state)
{
    (void)state;
    uint64_t v[64];
    for (unsigned e = 0; e < 64; e++)   /* e%3: 0 zero, 1 negative, 2 positive */
        v[e] = e % 3 == 0 ? 0 : e % 3 == 1 ? (SB | e) : e;
    /* VL 5: elements 0 Z, 1 M, 2 P, 3 Z, 4 M. */
    static const uint64_t at5[4] = {
        0x9000000000000000ull,   /* Z: e 0,3 -> bits 63,60 */
        0x6800000000000000ull,   /* N: e 1,2,4 */
        0xB000000000000000ull,   /* P: e 0,2,3 (zero counts as positive) */
        0x4800000000000000ull,   /* M: e 1,4 */
    };
    static const uint32_t vls[] = {1, 5, 0100};
    for (unsigned t = 0; t < 4; t++) {
        for (int l = 0; l < 3; l++) {
            struct tmach m;
            tm_init(&m, MODEL_CRAY1);
            memcpy(m.cpu.v[1], v, sizeof v);
            m.cpu.vm = ~0ull;
            run_vector(&m, vls[l], 0175010 | t);
            unsigned n = l == 0 ? 1 : l == 1 ? 5 : 64;
            uint64_t want = 0;
            for (unsigned e = 0; e < n; e++) {
                int z = v[e] == 0, neg = (int)(v[e] >> 63);
                int pass = t == 0 ? z : t == 1 ? !z : t == 2 ? !neg : neg;
                if (pass)
                    want |= 1ull << (63 - e);
            }
            if (n == 5)
                assert_int_equal(want, at5[t]);
            assert_int_equal(m.cpu.vm, want);
            tm_free(&m);
        }
    }
    /* Cray-1: k bit 2 is ignored, so 175014 is the Z test and writes no V register. */
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    memcpy(m.cpu.v[1], v, sizeof v);
    for (unsigned e = 0; e < 64; e++)
        m.cpu.v[0][e] = SENTINEL(e);
    run_vector(&m, 5, 0175014);
    assert_int_equal(m.cpu.vm, at5[0]);
    for (unsigned e = 0; e < 64; e++)
        assert_int_equal(m.cpu.v[0][e], SENTINEL(e));
    assert_int_equal(m.cpu.features_used, 0);
    tm_free(&m);
}

/* 176/177 strided (3.7): address (A0) + e*Ak, Ak signed 24 bits, k = 0 gives 1. */
static void test_vector_load_store(void **state)
{
    (void)state;
    static const struct { unsigned parcel; uint32_t a0, ak; int32_t stride; } loads[] = {
        {0176302, 0x1000, 3, 3},
        {0176300, 0x1000, 99, 1},          /* k = 0: stride 1 */
        {0176302, 0x1100, 0xFFFFFE, -2},   /* negative stride */
        {0176302, 0x1000, 0, 0},           /* stride 0: every element from (A0) */
        {0176312, 0x1000, 3, 3},           /* Cray-1: j ignored, still strided */
    };
    static const uint32_t vls[] = {1, 5, 0100};
    for (size_t c = 0; c < 5; c++) {
        for (int l = 0; l < 3; l++) {
            struct tmach m;
            tm_init(&m, MODEL_CRAY1);
            for (uint32_t w = 0x0F00; w < 0x1200; w++)
                m.mem.word[w] = 0x5000000000000000ull | w;
            for (unsigned e = 0; e < 64; e++)
                m.cpu.v[3][e] = SENTINEL(e);
            m.cpu.a[0] = loads[c].a0;
            m.cpu.a[2] = loads[c].ak;
            run_vector(&m, vls[l], loads[c].parcel);
            unsigned n = l == 0 ? 1 : l == 1 ? 5 : 64;
            for (unsigned e = 0; e < 64; e++) {
                uint64_t want = e < n ? 0x5000000000000000ull |
                                            (uint32_t)((int32_t)loads[c].a0 + (int32_t)e * loads[c].stride)
                                      : SENTINEL(e);
                assert_int_equal(m.cpu.v[3][e], want);
            }
            tm_free(&m);
        }
    }
    static const struct { unsigned parcel; uint32_t a0, ak; int32_t stride; } stores[] = {
        {0177032, 0x1000, 3, 3},
        {0177030, 0x1000, 99, 1},
        {0177032, 0x1100, 0xFFFFFE, -2},
        {0177132, 0x1000, 3, 3},           /* Cray-1: i ignored, still strided */
    };
    for (size_t c = 0; c < 4; c++) {
        for (int l = 0; l < 3; l++) {
            struct tmach m;
            tm_init(&m, MODEL_CRAY1);
            for (unsigned e = 0; e < 64; e++)
                m.cpu.v[3][e] = 0x7700000000000000ull | e;
            m.cpu.a[0] = stores[c].a0;
            m.cpu.a[2] = stores[c].ak;
            run_vector(&m, vls[l], stores[c].parcel);
            unsigned n = l == 0 ? 1 : l == 1 ? 5 : 64;
            uint64_t expect[0x400] = {0};   /* words 0x0E00..0x11FF */
            for (unsigned e = 0; e < n; e++)
                expect[(int32_t)stores[c].a0 + (int32_t)e * stores[c].stride - 0x0E00] =
                    0x7700000000000000ull | e;
            for (uint32_t w = 0x0E00; w < 0x1200; w++)
                assert_int_equal(m.mem.word[w], expect[w - 0x0E00]);
            tm_free(&m);
        }
    }
    /* Stride 0 store: references go in order, so the last element stays. */
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    for (unsigned e = 0; e < 64; e++)
        m.cpu.v[3][e] = 0x7700000000000000ull | e;
    m.cpu.a[0] = 0x1000;
    m.cpu.a[2] = 0;
    run_vector(&m, 5, 0177032);
    assert_int_equal(m.mem.word[0x1000], 0x7700000000000004ull);
    assert_int_equal(m.mem.word[0x1001], 0);
    tm_free(&m);
}

/* Vector floating point against Appendix A, one operand pair an element. */
static void test_vector_float_appendix(void **state)
{
    (void)state;
    static const uint64_t add[24][3] = {   /* #1-24: a, b, a+b */
        {0x4001800000000000ull, 0x4001800000000000ull, 0x4002800000000000ull},
        {0x4001C00000000000ull, 0x4001C00000000000ull, 0x4002C00000000000ull},
        {0x4001000FFF000FFFull, 0x4002800000000000ull, 0x40028007FF8007FFull},
        {0xC001FFF000FFF000ull, 0x4004800000000000ull, 0x4003C003FFC00400ull},
        {0xC000FC0000000000ull, 0x3FFFF00000000000ull, 0xC000840000000000ull},
        {0x4000FE0000000000ull, 0x3FFEF80000000000ull, 0x40019E0000000000ull},
        {0x4000FF0000000000ull, 0x3FFDF40000000000ull, 0x40018EC000000000ull},
        {0xC000FF8000000000ull, 0xBFE7800000000000ull, 0xC000FF8000400000ull},
        {0x4000FFC000000000ull, 0x3FFAE80000000000ull, 0x400181B000000000ull},
        {0x4001FFF000FFF000ull, 0x4004FFF000FFF000ull, 0x40058FF7008FF700ull},
        {0xC002FFF000FFF000ull, 0x400803FFC003FFC0ull, 0x0000000000000000ull},
        {0x4000800FFF000FFFull, 0x400C007FF8007FF8ull, 0x400487F9006FF800ull},
        {0x4001000FFF000FFFull, 0x4010000FFF000FFFull, 0x4004FFF200DFF000ull},
        {0xBFFEFFFFFFFFFFFFull, 0x4000800000000001ull, 0x3FFF800000000004ull},
        {0x4001AAAAAAAAAAAAull, 0x4001AAAAAAAAAAAAull, 0x4002AAAAAAAAAAAAull},
        {0xC001555555555555ull, 0xC019AAAAAAAAAAAAull, 0xC019AAAAAAFFFFFFull},
        {0x4001AAAAAAAAAAAAull, 0x4006AAAAAAAAAAAAull, 0x4006AFFFFFFFFFFFull},
        {0xC001555555555555ull, 0x4009AAAAAAAAAAAAull, 0x4009AA5555555555ull},
        {0x3FFFCF3CF3CF3CF3ull, 0x400030C30C309861ull, 0x40009861861836DAull},
        {0x400079E79E79E79Eull, 0x3FFF861861861861ull, 0x4000BCF3CF3CF3CEull},
        {0x3FFFFFFFE1FFCCE8ull, 0xC000800000000000ull, 0xBFECF00198C00000ull},
        {0x3FFF87FFFFFFFFFFull, 0x4000800000000000ull, 0x4000C3FFFFFFFFFFull},
        {0x3FFFFFFFFFFFC3FFull, 0x4000800000000000ull, 0x4000FFFFFFFFE1FFull},
        {0xBFFFFFFFFFFFFFFFull, 0x4000FFFFFFFFFFFFull, 0x4000800000000000ull},
    };
    static const uint64_t mul[24] = {   /* #25-48: the same operand pairs, a*F b */
        0x4001800000000000ull, 0x4002900000000000ull, 0x4002000FFF000FFFull, 0xC004FFF000FFF000ull,
        0xBFFFEC4000000000ull, 0x3FFEF61000000000ull, 0x3FFDF30C00000000ull, 0x3FE6FF8000000000ull,
        0x3FFAE7C600000000ull, 0x4005FFE002FFC003ull, 0xC00907FF0017FE00ull, 0x400B008007FE8027ull,
        0x4010000001FFC005ull, 0xBFFE800000000000ull, 0x4001E38E38E38E37ull, 0x401971C71C71C71Bull,
        0x4006E38E38E38E37ull, 0xC00971C71C71C71Bull, 0x3FFE4EF2A60588FEull, 0x3FFE7FB5B236911Eull,
        0xBFFEFFFFE1FFCCE8ull, 0x3FFE87FFFFFFFFFFull, 0x3FFEFFFFFFFFC3FFull, 0xBFFFFFFFFFFFFFFDull,
    };
    for (int op = 0; op < 2; op++) {
        struct tmach m;
        tm_init(&m, MODEL_CRAY1);
        for (unsigned e = 0; e < 64; e++) {
            m.cpu.v[1][e] = e < 24 ? add[e][0] : 0;
            m.cpu.v[2][e] = e < 24 ? add[e][1] : 0;
            m.cpu.v[3][e] = SENTINEL(e);
        }
        run_vector(&m, 24, op ? 0161312 : 0171312);
        for (unsigned e = 0; e < 24; e++)
            assert_int_equal(m.cpu.v[3][e], op ? mul[e] : add[e][2]);
        assert_int_equal(m.cpu.v[3][24], SENTINEL(24));
        assert_int_equal(m.cpu.flags, FLAG_NORMAL_EXIT);
        tm_free(&m);
    }
    /* 172/173 flip the sign of the second operand: a - (-b) = a + b. */
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    for (unsigned e = 0; e < 24; e++) {
        m.cpu.v[1][e] = add[e][0];
        m.cpu.v[2][e] = add[e][1] ^ SB;
    }
    run_vector(&m, 24, 0173312);
    for (unsigned e = 0; e < 24; e++)
        assert_int_equal(m.cpu.v[3][e], add[e][2]);
    tm_free(&m);
    /* 170 with j = 0 normalises: V2[e] = e+1 as an unnormalised 040060 word. */
    tm_init(&m, MODEL_CRAY1);
    for (unsigned e = 0; e < 64; e++)
        m.cpu.v[2][e] = 0x4030000000000000ull | (e + 1);
    run_vector(&m, 0100, 0170302);
    for (unsigned e = 0; e < 64; e++)
        assert_int_equal(m.cpu.v[3][e], cflt(e + 1));
    tm_free(&m);
}

/* 3.8 rule 3: on the Cray-1, with Vi also an operand, element e of the
 * shared operand is OLD element 0 for e < d and the NEW result e-d for
 * e >= d, d = T + 2 (vector add T = 3: d = 5; FP add T = 6: d = 8;
 * vector logical T = 2: d = 4). */
static void test_vector_recursion(void **state)
{
    (void)state;
    struct tmach m;
    /* V1 V1+V0, VL 64: old V1[0] = 10, V0 = 1: r[e] = 11 + e/5. */
    tm_init(&m, MODEL_CRAY1);
    for (unsigned e = 0; e < 64; e++) {
        m.cpu.v[0][e] = 1;
        m.cpu.v[1][e] = e ? 1000 + e : 10;
    }
    run_vector(&m, 0100, 0155110);
    for (unsigned e = 0; e < 64; e++)
        assert_int_equal(m.cpu.v[1][e], 11 + e / 5);
    assert_int_equal(m.cpu.v[1][63], 23);   /* 11 + 12 */
    tm_free(&m);

    /* The same at VL 3: every element uses old V1[0]; elements >= 3 unchanged. */
    tm_init(&m, MODEL_CRAY1);
    for (unsigned e = 0; e < 64; e++) {
        m.cpu.v[0][e] = 1;
        m.cpu.v[1][e] = e ? 1000 + e : 10;
    }
    run_vector(&m, 3, 0155110);
    assert_int_equal(m.cpu.v[1][0], 11);
    assert_int_equal(m.cpu.v[1][1], 11);
    assert_int_equal(m.cpu.v[1][2], 11);
    assert_int_equal(m.cpu.v[1][3], 1003);
    tm_free(&m);

    /* Shared register as Vk: V2 V0-V2, V0 = 100, old V2[0] = 1:
     * e 0-4: 99; 5-9: 100-99 = 1; 10-14: 99; ... */
    tm_init(&m, MODEL_CRAY1);
    for (unsigned e = 0; e < 64; e++) {
        m.cpu.v[0][e] = 100;
        m.cpu.v[2][e] = e ? 500 + e : 1;
    }
    run_vector(&m, 0100, 0157202);
    for (unsigned e = 0; e < 64; e++)
        assert_int_equal(m.cpu.v[2][e], (e / 5) % 2 ? 1 : 99);
    tm_free(&m);

    /* Both operands: V4 V4+V4, old V4[0] = 3: e < 5: 6; then r[e] = 2*r[e-5]. */
    tm_init(&m, MODEL_CRAY1);
    for (unsigned e = 0; e < 64; e++)
        m.cpu.v[4][e] = e ? 7 : 3;
    run_vector(&m, 0100, 0155444);
    for (unsigned e = 0; e < 64; e++)
        assert_int_equal(m.cpu.v[4][e], 6ull << (e / 5));
    tm_free(&m);

    /* Floating add, d = 8: V1 V1+FV0 with V0 = 1.0, old V1[0] = 1.0:
     * r[e] = 2 + e/8 (exact small integers), r[63] = 9.0. */
    tm_init(&m, MODEL_CRAY1);
    for (unsigned e = 0; e < 64; e++) {
        m.cpu.v[0][e] = F_ONE;
        m.cpu.v[1][e] = e ? cflt(100) : F_ONE;
    }
    run_vector(&m, 0100, 0171110);
    for (unsigned e = 0; e < 64; e++)
        assert_int_equal(m.cpu.v[1][e], cflt(2 + e / 8));
    assert_int_equal(m.cpu.v[1][63], 0x4004900000000000ull);   /* 9.0 */
    tm_free(&m);

    /* Vector logical, d = 4: V5 V0\V5 with V0[e] = 2^e, old V5[0] = 0:
     * r[e] = 2^e ^ r[e-4], i.e. the bits e, e-4, e-8, ... */
    tm_init(&m, MODEL_CRAY1);
    for (unsigned e = 0; e < 64; e++) {
        m.cpu.v[0][e] = 1ull << e;
        m.cpu.v[5][e] = e ? ~0ull : 0;
    }
    run_vector(&m, 0100, 0145505);
    for (unsigned e = 0; e < 64; e++) {
        uint64_t want = 0;
        for (int b = (int)e; b >= 0; b -= 4)
            want |= 1ull << b;
        assert_int_equal(m.cpu.v[5][e], want);
    }
    assert_int_equal(m.cpu.v[5][5], 0x22);
    tm_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vector_ops_by_vl),
        cmocka_unit_test(test_vector_pop_feature),
        cmocka_unit_test(test_vector_length_register),
        cmocka_unit_test(test_vector_shift_counts),
        cmocka_unit_test(test_vector_mask_tests),
        cmocka_unit_test(test_vector_load_store),
        cmocka_unit_test(test_vector_float_appendix),
        cmocka_unit_test(test_vector_recursion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
