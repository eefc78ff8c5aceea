/*
 * test_exchange.c - the exchange package (cray1-isa.md 5.1 Cray-1 layout,
 * 5.2 X-MP layout, F flags 5.3) and the exchange itself (5.4).  Expected
 * words are built by hand from the tables; "2^n" positions as there:
 *
 *   Cray-1  w0: P 45-24, A0 23-0            w1: BA 45-28, IMM 24, A1
 *           w2: LA 45-28, ICM 27, IFP 26, IUM 25, MM 24, A2
 *           w3: XA 47-40, VL 39-33, F 32-24, A3     w4-7: A4-A7   w8-15: S0-S7
 *   X-MP    w0: PN 62, P 47-24              w1: IBA 47-29, FPS 27, BDM 26, IMM 24
 *           w2: ILA 47-29, IOR 28, ICM 27, IFP 26, IUM 25, MM 24
 *           w3: as Cray-1   w4: DBA 47-29, CLN 26-24   w5: DLA 47-29
 * Base and limit fields hold the word address >> 4 (Cray-1) or >> 5 (X-MP),
 * so in both layouts the field equals the word address << 24.
 */
#include "cpu_test_util.h"

static const uint32_t areg[8] = {0xA00000, 0xA11111, 0xA22222, 0xA33333,
                                 0xA44444, 0xA55555, 0xA66666, 0xA77777};
#define SREG(i) (0x0123456789ABCDE0ull + (uint64_t)(i))

#define CRAY1_MODES \
    (MODE_MONITOR | MODE_FP_INTERRUPT | MODE_CORRECTABLE_INT | MODE_UNCORRECTABLE_INT | MODE_MONITOR_INT)
#define XMP_MODES (CRAY1_MODES | MODE_RANGE_INTERRUPT | MODE_BIDIRECTIONAL | MODE_FP_STATUS)

static const uint64_t cray1_words[8] = {
    0x00002ABCDEA00000ull,   /* P 0x2ABCDE << 24 | A0 */
    0x0000012341A11111ull,   /* BA 0x1234 << 28 | IMM | A1 */
    0x00003FFFFFA22222ull,   /* LA 0x3FFFF << 28 | ICM IFP IUM MM | A2 */
    0x0000A5ABA5A33333ull,   /* XA 0xA5 << 40 | VL 0125 << 33 | F 0x1A5 << 24 | A3 */
    0xA44444, 0xA55555, 0xA66666, 0xA77777,
};

static const uint64_t xmp_words[8] = {
    0x4000ABCDEFA00000ull,   /* PN 1 << 62 | P 0xABCDEF << 24 | A0 */
    0x000012346DA11111ull,   /* IBA 0x123460 << 24 | FPS BDM IMM | A1 */
    0x00002345BFA22222ull,   /* ILA 0x2345A0 << 24 | IOR ICM IFP IUM MM | A2 */
    0x00005A80C3A33333ull,   /* XA 0x5A << 40 | VL 0100 << 33 | F 0xC3 << 24 | A3 */
    0x0000345683A44444ull,   /* DBA 0x345680 << 24 | CLN 3 << 24 | A4 */
    0x00004567E0A55555ull,   /* DLA 0x4567E0 << 24 | A5 */
    0xA66666, 0xA77777,
};

static void fill_cray1(struct cpu *c)
{
    c->p = 0x2ABCDE;
    for (int i = 0; i < 8; i++) {
        c->a[i] = areg[i];
        c->s[i] = SREG(i);
    }
    cpu_set_field(c, 0x12340, 0x3FFFF0);
    c->modes = CRAY1_MODES;
    c->xa = 0xA5;
    c->vl = 0125;
    c->flags = 0x1A5;
}

static void fill_xmp(struct cpu *c)
{
    c->p = 0xABCDEF;
    c->processor = 1;
    for (int i = 0; i < 8; i++) {
        c->a[i] = areg[i];
        c->s[i] = SREG(i);
    }
    c->ibase = 0x123460;
    c->ilimit = 0x2345A0;
    c->base = 0x345680;
    c->limit = 0x4567E0;
    c->modes = XMP_MODES;
    c->cluster = 3;
    c->xa = 0x5A;
    c->vl = 0100;
    c->flags = 0xC3;
}

static void expect_package(const uint64_t pkg[16], const uint64_t words[8])
{
    for (int w = 0; w < 8; w++) {
        if (pkg[w] != words[w])
            print_error("word %d\n", w);
        assert_int_equal(pkg[w], words[w]);
    }
    for (int i = 0; i < 8; i++)
        assert_int_equal(pkg[8 + i], SREG(i));
}

static void test_pack_cray1(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    fill_cray1(&m.cpu);
    uint64_t pkg[16];
    exchange_pack(&m.cpu, pkg);
    expect_package(pkg, cray1_words);
    tm_free(&m);
}

static void test_pack_xmp(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_XMP);
    fill_xmp(&m.cpu);
    uint64_t pkg[16];
    exchange_pack(&m.cpu, pkg);
    expect_package(pkg, xmp_words);
    tm_free(&m);
}

/* One mode or flag at a time lands on its own bit. */
static void test_pack_single_bits(void **state)
{
    (void)state;
    static const struct { unsigned model; uint32_t mode; int word, bit; } modes[] = {
        {MODEL_CRAY1, MODE_MONITOR_INT, 1, 24},      {MODEL_CRAY1, MODE_CORRECTABLE_INT, 2, 27},
        {MODEL_CRAY1, MODE_FP_INTERRUPT, 2, 26},     {MODEL_CRAY1, MODE_UNCORRECTABLE_INT, 2, 25},
        {MODEL_CRAY1, MODE_MONITOR, 2, 24},          {MODEL_XMP, MODE_FP_STATUS, 1, 27},
        {MODEL_XMP, MODE_BIDIRECTIONAL, 1, 26},      {MODEL_XMP, MODE_MONITOR_INT, 1, 24},
        {MODEL_XMP, MODE_RANGE_INTERRUPT, 2, 28},    {MODEL_XMP, MODE_CORRECTABLE_INT, 2, 27},
        {MODEL_XMP, MODE_FP_INTERRUPT, 2, 26},       {MODEL_XMP, MODE_UNCORRECTABLE_INT, 2, 25},
        {MODEL_XMP, MODE_MONITOR, 2, 24},
    };
    for (size_t c = 0; c < sizeof modes / sizeof modes[0]; c++) {
        struct tmach m;
        tm_init(&m, modes[c].model);
        cpu_set_field(&m.cpu, 0, 0);
        m.cpu.modes = modes[c].mode;
        uint64_t pkg[16];
        exchange_pack(&m.cpu, pkg);
        for (int w = 0; w < 16; w++) {
            uint64_t want = w == modes[c].word ? 1ull << modes[c].bit : 0;
            if (pkg[w] != want)
                print_error("mode %#x model %u word %d\n", modes[c].mode, modes[c].model, w);
            assert_int_equal(pkg[w], want);
        }
        tm_free(&m);
    }
    /* F (5.3): normal exit 2^24 (Cray bit 39) ... programmable clock 2^32 (bit 31). */
    static const uint32_t flags[9] = {FLAG_NORMAL_EXIT, FLAG_ERROR_EXIT, FLAG_IO_INTERRUPT,
                                      FLAG_MEMORY_ERROR, FLAG_PROGRAM_RANGE, FLAG_OPERAND_RANGE,
                                      FLAG_FLOATING_ERROR, FLAG_MCU_INTERRUPT, FLAG_CLOCK_INTERRUPT};
    for (int model = 0; model < 2; model++) {
        for (int f = 0; f < 9; f++) {
            struct tmach m;
            tm_init(&m, model ? MODEL_XMP : MODEL_CRAY1);
            cpu_set_field(&m.cpu, 0, 0);
            m.cpu.modes = 0;
            m.cpu.flags = flags[f];
            uint64_t pkg[16];
            exchange_pack(&m.cpu, pkg);
            for (int w = 0; w < 16; w++)
                assert_int_equal(pkg[w], w == 3 ? 1ull << (24 + f) : 0);
            tm_free(&m);
        }
    }
}

static void check_cray1_fields(const struct cpu *c)
{
    assert_int_equal(c->p, 0x2ABCDE);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(c->a[i], areg[i]);
        assert_int_equal(c->s[i], SREG(i));
    }
    assert_int_equal(c->base, 0x12340);
    assert_int_equal(c->limit, 0x3FFFF0);
    assert_int_equal(c->ibase, 0x12340);    /* one field on the Cray-1 */
    assert_int_equal(c->ilimit, 0x3FFFF0);
    assert_int_equal(c->modes, CRAY1_MODES);
    assert_int_equal(c->xa, 0xA5);
    assert_int_equal(c->vl, 0125);
    assert_int_equal(c->flags, 0x1A5);
}

static void test_unpack_cray1(void **state)
{
    (void)state;
    uint64_t pkg[16];
    for (int w = 0; w < 8; w++)
        pkg[w] = cray1_words[w];
    for (int i = 0; i < 8; i++)
        pkg[8 + i] = SREG(i);
    /* The memory-error fields (E, S, R, B in word 0 bits 63-48, RA in word 1
     * bits 63-48) are outputs only. */
    pkg[0] |= 0xFFFF000000000000ull;
    pkg[1] |= 0xFFFF000000000000ull;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.b[5] = 0x555;
    m.cpu.t[6] = 0x666;
    m.cpu.v[7][8] = 0x777;
    m.cpu.vm = 0x888;
    exchange_unpack(&m.cpu, pkg);
    check_cray1_fields(&m.cpu);
    assert_int_equal(m.cpu.b[5], 0x555);   /* not exchanged (5.1) */
    assert_int_equal(m.cpu.t[6], 0x666);
    assert_int_equal(m.cpu.v[7][8], 0x777);
    assert_int_equal(m.cpu.vm, 0x888);
    /* And back: the same words, error fields clear. */
    uint64_t again[16];
    exchange_pack(&m.cpu, again);
    expect_package(again, cray1_words);
    tm_free(&m);
}

static void test_unpack_xmp(void **state)
{
    (void)state;
    uint64_t pkg[16];
    for (int w = 0; w < 8; w++)
        pkg[w] = xmp_words[w];
    for (int i = 0; i < 8; i++)
        pkg[8 + i] = SREG(i);
    struct tmach m;
    tm_init(&m, MODEL_XMP);
    m.cpu.processor = 0;
    exchange_unpack(&m.cpu, pkg);
    assert_int_equal(m.cpu.p, 0xABCDEF);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(m.cpu.a[i], areg[i]);
        assert_int_equal(m.cpu.s[i], SREG(i));
    }
    assert_int_equal(m.cpu.ibase, 0x123460);
    assert_int_equal(m.cpu.ilimit, 0x2345A0);
    assert_int_equal(m.cpu.base, 0x345680);
    assert_int_equal(m.cpu.limit, 0x4567E0);
    assert_int_equal(m.cpu.modes, XMP_MODES);
    assert_int_equal(m.cpu.cluster, 3);
    assert_int_equal(m.cpu.xa, 0x5A);
    assert_int_equal(m.cpu.vl, 0100);
    assert_int_equal(m.cpu.flags, 0xC3);
    assert_int_equal(m.cpu.processor, 0);   /* PN: stored, not loaded */
    m.cpu.processor = 1;
    uint64_t again[16];
    exchange_pack(&m.cpu, again);
    expect_package(again, xmp_words);
    tm_free(&m);
}

/* Round trips of varied values: pack(unpack(pack(x))) == pack(x). */
static void test_round_trip(void **state)
{
    (void)state;
    for (int model = 0; model < 2; model++) {
        for (uint32_t seed = 1; seed < 40; seed++) {
            struct tmach m;
            tm_init(&m, model ? MODEL_XMP : MODEL_CRAY1);
            uint32_t x = seed * 2654435761u;
            m.cpu.p = x & (model ? 0xFFFFFF : 0x3FFFFF);
            for (int i = 0; i < 8; i++) {
                m.cpu.a[i] = (x >> i) & A_MASK;
                m.cpu.s[i] = (uint64_t)x * 0x9E3779B97F4A7C15ull + (uint64_t)i;
            }
            uint32_t unit = model ? 32 : 16;
            cpu_set_field(&m.cpu, (x % 0x1000) * unit, (x % 0x3000 + 0x1000) * unit);
            if (model) {
                m.cpu.ibase = (x % 0x700) * unit;
                m.cpu.ilimit = (x % 0x900 + 0x700) * unit;
                m.cpu.cluster = x % 4;
            }
            m.cpu.modes = (model ? XMP_MODES : CRAY1_MODES) & x;
            m.cpu.xa = x & 0xFF;
            m.cpu.vl = model ? (x % 64) + 1 : x & 0177;
            m.cpu.flags = (x >> 3) & 0x1FF;
            uint64_t one[16], two[16];
            exchange_pack(&m.cpu, one);
            struct tmach n;
            tm_init(&n, model ? MODEL_XMP : MODEL_CRAY1);
            exchange_unpack(&n.cpu, one);
            assert_int_equal(n.cpu.p, m.cpu.p);
            assert_int_equal(n.cpu.base, m.cpu.base);
            assert_int_equal(n.cpu.limit, m.cpu.limit);
            assert_int_equal(n.cpu.ibase, m.cpu.ibase);
            assert_int_equal(n.cpu.ilimit, m.cpu.ilimit);
            assert_int_equal(n.cpu.modes, m.cpu.modes);
            assert_int_equal(n.cpu.xa, m.cpu.xa);
            assert_int_equal(n.cpu.vl, m.cpu.vl);
            assert_int_equal(n.cpu.flags, m.cpu.flags);
            assert_int_equal(n.cpu.cluster, m.cpu.cluster);
            for (int i = 0; i < 8; i++) {
                assert_int_equal(n.cpu.a[i], m.cpu.a[i]);
                assert_int_equal(n.cpu.s[i], m.cpu.s[i]);
            }
            exchange_pack(&n.cpu, two);
            for (int w = 0; w < 16; w++)
                assert_int_equal(one[w], two[w]);
            tm_free(&n);
            tm_free(&m);
        }
    }
}

/* 5.4: a true swap with the 16 words at XA*16; XA comes from the new package. */
static void test_swap(void **state)
{
    (void)state;
    struct tmach m;
    tm_init_size(&m, MODEL_CRAY1, 0x4000);
    fill_cray1(&m.cpu);
    m.cpu.xa = 2;   /* words 32..47 */
    m.cpu.b[5] = 0x555;
    m.cpu.v[1][2] = 0x777;
    /* Package B: P 0x100, A0-3 1-4, BA 0x800 >> 4, LA 0x1000 >> 4, IFP,
     * XA 3, VL 5, F 0, S7 = 0x77. */
    static const uint64_t b[16] = {
        0x0000000100000001ull, 0x0000000800000002ull, 0x0000001004000003ull,
        0x0000030A00000004ull, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x77,
    };
    for (int w = 0; w < 16; w++)
        m.mem.word[32 + w] = b[w];
    assert_int_equal(exchange_swap(&m.cpu), 0);
    /* Memory holds the old state, with XA 2 in word 3. */
    uint64_t old3 = (cray1_words[3] & ~(0xFFull << 40)) | (2ull << 40);
    for (int w = 0; w < 8; w++)
        assert_int_equal(m.mem.word[32 + w], w == 3 ? old3 : cray1_words[w]);
    for (int i = 0; i < 8; i++)
        assert_int_equal(m.mem.word[40 + i], SREG(i));
    /* The cpu holds B. */
    assert_int_equal(m.cpu.p, 0x100);
    assert_int_equal(m.cpu.a[0], 1);
    assert_int_equal(m.cpu.a[3], 4);
    assert_int_equal(m.cpu.a[4], 0);
    assert_int_equal(m.cpu.base, 0x800);
    assert_int_equal(m.cpu.limit, 0x1000);
    assert_int_equal(m.cpu.modes, MODE_FP_INTERRUPT);
    assert_int_equal(m.cpu.xa, 3);
    assert_int_equal(m.cpu.vl, 5);
    assert_int_equal(m.cpu.flags, 0);
    assert_int_equal(m.cpu.s[7], 0x77);
    assert_int_equal(m.cpu.s[0], 0);
    assert_int_equal(m.cpu.b[5], 0x555);
    assert_int_equal(m.cpu.v[1][2], 0x777);
    /* Words 48..63 (the new XA) untouched so far; a second swap uses them. */
    assert_int_equal(m.mem.word[48], 0);
    assert_int_equal(exchange_swap(&m.cpu), 0);
    assert_int_equal(m.mem.word[48], b[0]);
    assert_int_equal(m.mem.word[48 + 15], 0x77);
    assert_int_equal(m.cpu.p, 0);       /* words 48..63 were zero */
    tm_free(&m);

    /* A package address outside memory: -1. */
    tm_init_size(&m, MODEL_CRAY1, 64);
    m.cpu.xa = 3;   /* words 48..63: fits */
    assert_int_equal(exchange_swap(&m.cpu), 0);
    m.cpu.xa = 4;   /* words 64..79: outside */
    m.cpu.p = 0x1234;
    assert_int_equal(exchange_swap(&m.cpu), -1);
    assert_int_equal(m.cpu.p, 0x1234);
    tm_free(&m);
}

/* A user program's normal exit, then the monitor's part by exchange_swap. */
static void test_exit_then_swap(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    cpu_set_field(&m.cpu, 0x1000, 0x2000);
    m.cpu.xa = 1;                     /* monitor package at words 16..31 */
    m.mem.word[16] = 0x0000000200000000ull;   /* monitor P = 0x200 (0x200 << 24) */
    m.mem.word[18] = 0x0000002001000000ull;   /* LA 0x2000 >> 4, MM */
    m.mem.word[19] = 0x0000010000000000ull;   /* XA 1 */
    tm_org(&m, 0x1000 * 4);
    tm_emit(&m, 0022105);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(exchange_swap(&m.cpu), 0);
    /* The user's package: P 2, A1 5, BA 0x100, LA 0x200, XA 1, F = NEX (2^24). */
    assert_int_equal(m.mem.word[16], 0x0000000002000000ull);
    assert_int_equal(m.mem.word[17], 0x0000001000000005ull);
    assert_int_equal(m.mem.word[18], 0x0000002000000000ull);
    assert_int_equal(m.mem.word[19], 0x0000010001000000ull);
    assert_int_equal(m.cpu.modes, MODE_MONITOR);
    assert_int_equal(m.cpu.p, 0x200);
    assert_int_equal(m.cpu.base, 0);
    assert_int_equal(m.cpu.limit, 0x2000);
    tm_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_cray1),
        cmocka_unit_test(test_pack_xmp),
        cmocka_unit_test(test_pack_single_bits),
        cmocka_unit_test(test_unpack_cray1),
        cmocka_unit_test(test_unpack_xmp),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_swap),
        cmocka_unit_test(test_exit_then_swap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
