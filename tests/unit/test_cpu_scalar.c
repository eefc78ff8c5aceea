/*
 * test_cpu_scalar.c - the A and S register instructions (020-033, 040-077)
 * of cray1-isa.md 3.3 and 3.4, with the register-0 rules of 2.2 and the
 * floating-point values of 4.1 and Appendix A.  Every expected value was
 * worked out by hand from the document; the arithmetic is in the comments.
 */
#include "cpu_test_util.h"

/* Run the program placed so far (an EX is appended) and check the exit. */
static void run_ex(struct tmach *m)
{
    tm_ex(m);
    uint32_t end = m->at;
    tm_run_exit(m);
    assert_int_equal(m->cpu.p, end);   /* 1.3: P after an exit is the next parcel */
}

/* ---- A registers -------------------------------------------------------- */

static void test_a_constants(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    tm_a(&m, 1, 0x3FFFFF);                 /* 020: A1 <- jkm, largest 22-bit value */
    tm_jkm(&m, 021, 2, 0);                 /* 021: A2 <- ~0 & AM = 0xFFFFFF */
    tm_jkm(&m, 021, 3, 4);                 /* 021: A3 <- ~4 & AM = 0xFFFFFB (-5) */
    tm_emit(&m, 0022477);                  /* 022: A4 <- 077 */
    tm_emit(&m, 0022012);                  /* 022: A0 <- 012 (A0 as result is real) */
    tm_a(&m, 5, 0x200000);                 /* 020 zero-extends: 0x200000, not negative */
    tm_jkm(&m, 021, 6, 0x3FFFFF);          /* ~0x3FFFFF & 0xFFFFFF = 0xC00000 */
    run_ex(&m);
    assert_int_equal(m.cpu.a[1], 0x3FFFFF);
    assert_int_equal(m.cpu.a[2], 0xFFFFFF);
    assert_int_equal(m.cpu.a[3], 0xFFFFFB);
    assert_int_equal(m.cpu.a[4], 077);
    assert_int_equal(m.cpu.a[0], 012);
    assert_int_equal(m.cpu.a[5], 0x200000);
    assert_int_equal(m.cpu.a[6], 0xC00000);
    assert_int_equal(m.cpu.features_used, 0);
    tm_free(&m);
}

static void test_a_from_s_b(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[1] = 0x123456789ABCDEF0ull;
    m.cpu.s[0] = 0x777;
    m.cpu.a[2] = 0x555;
    m.cpu.b[045] = 0xABCDEF;
    m.cpu.b[0] = 0x13;
    m.cpu.a[6] = 0x123456;
    m.cpu.a[0] = 0x000042;
    tm_emit(&m, 0023110);   /* A1 <- S1 & AM = 0xBCDEF0 */
    tm_emit(&m, 0023200);   /* A2 <- S0 with j = 0: reads 0 (2.2) */
    tm_emit(&m, 0024345);   /* A3 <- B45 */
    tm_emit(&m, 0024400);   /* A4 <- B00 (Bjk is always the real register) */
    tm_emit(&m, 0025677);   /* B77 <- A6 */
    tm_emit(&m, 0025001);   /* B01 <- A0 (i = 0 names the real A0) */
    run_ex(&m);
    assert_int_equal(m.cpu.a[1], 0xBCDEF0);
    assert_int_equal(m.cpu.a[2], 0);
    assert_int_equal(m.cpu.a[3], 0xABCDEF);
    assert_int_equal(m.cpu.a[4], 0x13);
    assert_int_equal(m.cpu.b[077], 0x123456);
    assert_int_equal(m.cpu.b[1], 0x42);
    tm_free(&m);
}

static void test_a_pop_lz(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[1] = 0xF0F0F0F0F0F0F0F0ull;   /* 8 ones a 16-bit pair: 32 */
    m.cpu.s[2] = ~0ull;                   /* 64 */
    m.cpu.s[3] = 0;
    m.cpu.s[4] = 1;
    m.cpu.s[5] = SB;
    m.cpu.s[6] = 0x0000100000000000ull;  /* 2^44: 63 - 44 = 19 leading zeros */
    m.cpu.s[0] = ~0ull;                  /* j = 0 must read 0, not this */
    m.cpu.a[3] = 5;
    tm_emit(&m, 0026110);   /* A1 PS1 = 32 */
    tm_emit(&m, 0026220);   /* A2 PS2 = 64 */
    tm_emit(&m, 0026300);   /* A3 PS0, j = 0: 0 */
    tm_emit(&m, 0027430);   /* A4 ZS3: (Sj) = 0 gives 64 */
    tm_emit(&m, 0027540);   /* A5 ZS4 = 63 */
    tm_emit(&m, 0027650);   /* A6 ZS5 = 0 */
    tm_emit(&m, 0027760);   /* A7 ZS6 = 19 */
    tm_emit(&m, 0027000);   /* A0 ZS0, j = 0 reads 0: 64 */
    run_ex(&m);
    assert_int_equal(m.cpu.a[1], 32);
    assert_int_equal(m.cpu.a[2], 64);
    assert_int_equal(m.cpu.a[3], 0);
    assert_int_equal(m.cpu.a[4], 64);
    assert_int_equal(m.cpu.a[5], 63);
    assert_int_equal(m.cpu.a[6], 0);
    assert_int_equal(m.cpu.a[7], 19);
    assert_int_equal(m.cpu.a[0], 64);
    assert_int_equal(m.cpu.features_used & FEAT_SPARITY, 0);
    tm_free(&m);
}

static void test_a_parity(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[5] = 7;                      /* pop 3 -> parity 1 */
    m.cpu.s[1] = 0xF0F0F0F0F0F0F0F0ull;  /* pop 32 -> parity 0 */
    m.cpu.s[2] = 0x8000000000000000ull;  /* pop 1 -> 1 */
    tm_emit(&m, 0026451);   /* A4 QS5 */
    tm_emit(&m, 0026511);   /* A5 QS1 */
    tm_emit(&m, 0026621);   /* A6 QS2 */
    run_ex(&m);
    assert_int_equal(m.cpu.a[4], 1);
    assert_int_equal(m.cpu.a[5], 0);
    assert_int_equal(m.cpu.a[6], 1);
    assert_true(m.cpu.features_used & FEAT_SPARITY);   /* rev F option, isa.h */
    tm_free(&m);
}

static void test_a_add_subtract(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.a[0] = 0x55;      /* j = 0 reads 0 and k = 0 reads 1, never A0 */
    m.cpu.a[1] = 0xFFFFFF;
    m.cpu.a[2] = 2;
    tm_emit(&m, 0030312);   /* A3 A1+A2 = 0x1000001 & AM = 1 */
    tm_emit(&m, 0030402);   /* A4 A2 (j = 0) = 2 */
    tm_emit(&m, 0030510);   /* A5 A1+1 (k = 0) = 0 (wraps) */
    tm_emit(&m, 0030600);   /* A6 0+1 = 1 */
    tm_emit(&m, 0030700);   /* A7 1 */
    run_ex(&m);
    assert_int_equal(m.cpu.a[3], 1);
    assert_int_equal(m.cpu.a[4], 2);
    assert_int_equal(m.cpu.a[5], 0);
    assert_int_equal(m.cpu.a[6], 1);
    assert_int_equal(m.cpu.a[7], 1);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    m.cpu.a[0] = 0x55;
    m.cpu.a[1] = 0xFFFFFF;
    m.cpu.a[2] = 2;
    tm_emit(&m, 0031312);   /* A3 A1-A2 = 0xFFFFFD */
    tm_emit(&m, 0031402);   /* A4 -A2 = 0xFFFFFE */
    tm_emit(&m, 0031500);   /* A5 -1 = 0xFFFFFF */
    tm_emit(&m, 0031621);   /* A6 A2-A1 = 2 - (2^24-1) = 3 mod 2^24 */
    tm_emit(&m, 0031720);   /* A7 A2-1 (k = 0) = 1 */
    tm_emit(&m, 0031000);   /* A0 -1 (i = 0 is the real A0) */
    run_ex(&m);
    assert_int_equal(m.cpu.a[3], 0xFFFFFD);
    assert_int_equal(m.cpu.a[4], 0xFFFFFE);
    assert_int_equal(m.cpu.a[5], 0xFFFFFF);
    assert_int_equal(m.cpu.a[6], 3);
    assert_int_equal(m.cpu.a[7], 1);
    assert_int_equal(m.cpu.a[0], 0xFFFFFF);
    tm_free(&m);
}

static void test_a_multiply(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.a[0] = 0x55;
    m.cpu.a[1] = 0x1000;
    m.cpu.a[2] = 0x1001;
    m.cpu.a[5] = 0xFFFFFF;
    m.cpu.a[6] = 0xFFFFFD;   /* -3 */
    m.cpu.a[7] = 5;
    tm_emit(&m, 0032312);   /* A3 A1*A2 = 0x1001000 -> low 24 bits 0x001000 */
    tm_emit(&m, 0032455);   /* A4 A5*A5 = (2^24-1)^2 = 2^48 - 2^25 + 1 -> 1 */
    tm_emit(&m, 0032102);   /* A1 0*A2: j = 0 gives 0 */
    tm_emit(&m, 0032520);   /* A5 A2*1 (k = 0) = 0x1001 */
    tm_emit(&m, 0032667);   /* A6 -3*5 = 0x4FFFFF1 -> 0xFFFFF1 (-15) */
    run_ex(&m);
    assert_int_equal(m.cpu.a[3], 0x001000);
    assert_int_equal(m.cpu.a[4], 1);
    assert_int_equal(m.cpu.a[1], 0);
    assert_int_equal(m.cpu.a[5], 0x1001);
    assert_int_equal(m.cpu.a[6], 0xFFFFF1);
    tm_free(&m);
}

/* ---- S registers: constants, masks, logicals ---------------------------- */

static void test_s_constants_masks(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[5] = 0x1234;
    tm_s(&m, 1, 0x3FFFFF);        /* 040: zero-extended */
    tm_jkm(&m, 041, 2, 0);        /* 041: ~0 */
    tm_jkm(&m, 041, 3, 5);        /* 041: ~5 = 0xFFFFFFFFFFFFFFFA */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0x3FFFFF);
    assert_int_equal(m.cpu.s[2], ~0ull);
    assert_int_equal(m.cpu.s[3], 0xFFFFFFFFFFFFFFFAull);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[5] = 0x1234;
    tm_emit(&m, 0042100);   /* S1 -1 (jk = 0) */
    tm_emit(&m, 0042277);   /* S2 1  (jk = 077: ~0 >> 63) */
    tm_emit(&m, 0042360);   /* S3 <16: ~0 >> 48 = 0xFFFF */
    tm_emit(&m, 0042401);   /* S4 <63: ~0 >> 1 */
    tm_emit(&m, 0043500);   /* S5 0 (jk = 0) */
    tm_emit(&m, 0043601);   /* S6 >1: sign bit */
    tm_emit(&m, 0043777);   /* S7 >63: ~(~0 >> 63) = all but bit 0 */
    tm_emit(&m, 0043020);   /* S0 >16: 0xFFFF000000000000 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], ~0ull);
    assert_int_equal(m.cpu.s[2], 1);
    assert_int_equal(m.cpu.s[3], 0xFFFF);
    assert_int_equal(m.cpu.s[4], 0x7FFFFFFFFFFFFFFFull);
    assert_int_equal(m.cpu.s[5], 0);
    assert_int_equal(m.cpu.s[6], SB);
    assert_int_equal(m.cpu.s[7], 0xFFFFFFFFFFFFFFFEull);
    assert_int_equal(m.cpu.s[0], 0xFFFF000000000000ull);
    tm_free(&m);
}

#define L2 0xFFFF0000FFFF0000ull
#define L3 0x0FF00FF00FF00FF0ull
#define L4 0x7000000000000001ull

static void logic_init(struct tmach *m)
{
    tm_init(m, MODEL_CRAY1);
    m->cpu.s[0] = 0x5A5A5A5A5A5A5A5Aull;   /* j/k = 0 never read S0 */
    m->cpu.s[2] = L2;
    m->cpu.s[3] = L3;
    m->cpu.s[4] = L4;
}

static void test_s_and_andnot(void **state)
{
    (void)state;
    struct tmach m;
    logic_init(&m);
    tm_emit(&m, 0044123);   /* S1 S2&S3 = 0x0FF000000FF00000 */
    tm_emit(&m, 0044520);   /* S5 S2&SB = SB */
    tm_emit(&m, 0044640);   /* S6 S4&SB = 0 */
    tm_emit(&m, 0044703);   /* S7 0&S3 = 0 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0x0FF000000FF00000ull);
    assert_int_equal(m.cpu.s[5], SB);
    assert_int_equal(m.cpu.s[6], 0);
    assert_int_equal(m.cpu.s[7], 0);
    tm_free(&m);

    logic_init(&m);
    tm_emit(&m, 0045123);   /* S1 S2&~S3 = 0xFFFF0000FFFF0000 & 0xF00FF00FF00FF00F */
    tm_emit(&m, 0045522);   /* S5 j = k: 0 */
    tm_emit(&m, 0045620);   /* S6 #SB&S2: sign cleared */
    tm_emit(&m, 0045703);   /* S7 0&~S3 = 0 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0xF00F0000F00F0000ull);
    assert_int_equal(m.cpu.s[5], 0);
    assert_int_equal(m.cpu.s[6], 0x7FFF0000FFFF0000ull);
    assert_int_equal(m.cpu.s[7], 0);
    tm_free(&m);
}

static void test_s_xor_xnor(void **state)
{
    (void)state;
    struct tmach m;
    logic_init(&m);
    tm_emit(&m, 0046123);   /* S1 S2^S3 = 0xF00F0FF0F00F0FF0 */
    tm_emit(&m, 0046533);   /* S5 j = k: 0 */
    tm_emit(&m, 0046640);   /* S6 S4^SB = 0xF000000000000001 */
    tm_emit(&m, 0046703);   /* S7 0^S3 = S3 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0xF00F0FF0F00F0FF0ull);
    assert_int_equal(m.cpu.s[5], 0);
    assert_int_equal(m.cpu.s[6], 0xF000000000000001ull);
    assert_int_equal(m.cpu.s[7], L3);
    tm_free(&m);

    logic_init(&m);
    tm_emit(&m, 0047123);   /* S1 ~(S2^S3) = ~0xF00F0FF0F00F0FF0 */
    tm_emit(&m, 0047522);   /* S5 j = k != 0: all ones */
    tm_emit(&m, 0047603);   /* S6 #S3 (j = 0) = 0xF00FF00FF00FF00F */
    tm_emit(&m, 0047700);   /* S7 ~(0^SB) = 0x7FFFFFFFFFFFFFFF */
    tm_emit(&m, 0047020);   /* S0 ~(S2^SB) = ~0x7FFF0000FFFF0000 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0x0FF0F00F0FF0F00Full);
    assert_int_equal(m.cpu.s[5], ~0ull);
    assert_int_equal(m.cpu.s[6], 0xF00FF00FF00FF00Full);
    assert_int_equal(m.cpu.s[7], 0x7FFFFFFFFFFFFFFFull);
    assert_int_equal(m.cpu.s[0], 0x8000FFFF0000FFFFull);
    tm_free(&m);
}

static void test_s_merge_or(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[1] = 0x1111111111111111ull;
    m.cpu.s[2] = 0x2222222222222222ull;
    m.cpu.s[3] = 0x00000000FFFFFFFFull;
    m.cpu.s[5] = 0x1111111111111111ull;
    m.cpu.s[6] = 0xA222222222222222ull;
    m.cpu.s[7] = 0x1111111111111111ull;
    tm_emit(&m, 0050123);   /* S1 (S2&S3)|(S1&~S3) = 0x1111111122222222 */
    tm_emit(&m, 0050560);   /* S5 (S6&SB)|(S5&~SB) = 0x9111111111111111 */
    tm_emit(&m, 0050703);   /* S7 (0&S3)|(S7&~S3) = 0x1111111100000000 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0x1111111122222222ull);
    assert_int_equal(m.cpu.s[5], 0x9111111111111111ull);
    assert_int_equal(m.cpu.s[7], 0x1111111100000000ull);
    tm_free(&m);

    logic_init(&m);
    tm_emit(&m, 0051123);   /* S1 S2|S3 = 0xFFFF0FF0FFFF0FF0 */
    tm_emit(&m, 0051500);   /* S5 SB */
    tm_emit(&m, 0051603);   /* S6 S3 (copy) */
    tm_emit(&m, 0051740);   /* S7 S4|SB */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0xFFFF0FF0FFFF0FF0ull);
    assert_int_equal(m.cpu.s[5], SB);
    assert_int_equal(m.cpu.s[6], L3);
    assert_int_equal(m.cpu.s[7], 0xF000000000000001ull);
    tm_free(&m);
}

/* ---- shifts --------------------------------------------------------------- */

#define SX 0x8123456789ABCDEFull
#define SY 0xFEDCBA9876543211ull

static void test_s_single_shifts(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[2] = SX;
    /* 052/053 always write S0; each result is saved to a T register by 075 0jk. */
    tm_emit(&m, 0052203); tm_emit(&m, 0075001);   /* T01 = SX << 3 */
    tm_emit(&m, 0052200); tm_emit(&m, 0075002);   /* T02 = SX << 0 = SX */
    tm_emit(&m, 0052277); tm_emit(&m, 0075003);   /* T03 = SX << 63: bit 0 of SX is 1 */
    tm_emit(&m, 0053201); tm_emit(&m, 0075004);   /* T04 = SX >> 63 = 1 */
    tm_emit(&m, 0053200); tm_emit(&m, 0075005);   /* T05 = 0 (jk = 0) */
    tm_emit(&m, 0053260); tm_emit(&m, 0075006);   /* T06 = SX >> 16 (jk = 060) */
    tm_emit(&m, 0053277);                         /* S0  = SX >> 1 (jk = 077) */
    run_ex(&m);
    assert_int_equal(m.cpu.t[1], 0x091A2B3C4D5E6F78ull);
    assert_int_equal(m.cpu.t[2], SX);
    assert_int_equal(m.cpu.t[3], SB);
    assert_int_equal(m.cpu.t[4], 1);
    assert_int_equal(m.cpu.t[5], 0);
    assert_int_equal(m.cpu.t[6], 0x00008123456789ABull);
    assert_int_equal(m.cpu.s[0], 0x4091A2B3C4D5E6F7ull);
    assert_int_equal(m.cpu.s[2], SX);   /* 052/053 leave Si alone */
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    for (int r = 1; r < 8; r++)
        m.cpu.s[r] = SX;
    tm_emit(&m, 0054303);   /* S3 << 3 */
    tm_emit(&m, 0054400);   /* S4 << 0: unchanged */
    tm_emit(&m, 0054577);   /* S5 << 63 */
    tm_emit(&m, 0055601);   /* S6 >> 63 */
    tm_emit(&m, 0055700);   /* S7: jk = 0 gives 0 */
    tm_emit(&m, 0055160);   /* S1 >> 16 */
    tm_emit(&m, 0055277);   /* S2 >> 1 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[3], 0x091A2B3C4D5E6F78ull);
    assert_int_equal(m.cpu.s[4], SX);
    assert_int_equal(m.cpu.s[5], SB);
    assert_int_equal(m.cpu.s[6], 1);
    assert_int_equal(m.cpu.s[7], 0);
    assert_int_equal(m.cpu.s[1], 0x00008123456789ABull);
    assert_int_equal(m.cpu.s[2], 0x4091A2B3C4D5E6F7ull);
    tm_free(&m);
}

/* 056 Si Si,Sj<Ak and 057 Si Sj,Si>Ak with Si = S1 = SX, Sj = S2 = SY, Ak = A3.
 * 056: high 64 bits of (SX:SY) << n; 057: low 64 bits of (SY:SX) >> n. */
struct dshift { unsigned parcel; uint32_t count; uint64_t expect; };

static const struct dshift dshifts[] = {
    {0056123, 0, SX},
    {0056123, 1, 0x02468ACF13579BDFull},     /* SX<<1 | SY>>63 */
    {0056123, 63, 0xFF6E5D4C3B2A1908ull},    /* SX<<63 | SY>>1 */
    {0056123, 64, SY},
    {0056123, 65, 0xFDB97530ECA86422ull},    /* SY<<1 */
    {0056123, 127, SB},                      /* SY<<63, SY odd */
    {0056123, 128, 0},
    {0056123, 0x1000, 0},                    /* n > 127, not taken mod 128 */
    {0056120, 99, 0x02468ACF13579BDFull},    /* k = 0: n = 1 */
    {0056103, 4, 0x123456789ABCDEF0ull},     /* j = 0: plain SX<<4 */
    {0056103, 64, 0},
    {0057123, 0, SX},
    {0057123, 1, 0xC091A2B3C4D5E6F7ull},     /* SX>>1 | SY<<63 */
    {0057123, 63, 0xFDB97530ECA86423ull},    /* SX>>63 | SY<<1 */
    {0057123, 64, SY},
    {0057123, 65, 0x7F6E5D4C3B2A1908ull},    /* SY>>1 */
    {0057123, 127, 1},                       /* SY>>63 */
    {0057123, 128, 0},
    {0057120, 99, 0xC091A2B3C4D5E6F7ull},    /* k = 0: n = 1 */
    {0057103, 4, 0x08123456789ABCDEull},     /* j = 0: plain SX>>4 */
    {0057103, 64, 0},
};

static void test_s_double_shifts(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof dshifts / sizeof dshifts[0]; c++) {
        struct tmach m;
        tm_init(&m, MODEL_CRAY1);
        m.cpu.s[0] = ~0ull;
        m.cpu.s[1] = SX;
        m.cpu.s[2] = SY;
        m.cpu.a[0] = 7;
        m.cpu.a[3] = dshifts[c].count;
        tm_emit(&m, dshifts[c].parcel);
        run_ex(&m);
        if (m.cpu.s[1] != dshifts[c].expect)
            print_error("case %zu: %06o count %u\n", c, dshifts[c].parcel, dshifts[c].count);
        assert_int_equal(m.cpu.s[1], dshifts[c].expect);
        assert_int_equal(m.cpu.s[2], SY);
        tm_free(&m);
    }
}

/* ---- integer and floating arithmetic ---------------------------------------- */

static void test_s_integer_add(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[0] = 0x100;
    m.cpu.s[1] = ~0ull;
    m.cpu.s[2] = 2;
    tm_emit(&m, 0060312);   /* S3 -1+2 = 1 */
    tm_emit(&m, 0061412);   /* S4 -1-2 = -3 */
    tm_emit(&m, 0061502);   /* S5 -S2 = -2 */
    tm_emit(&m, 0060602);   /* S6 0+S2 = 2 */
    tm_emit(&m, 0060710);   /* S7 S1+SB = 2^63-1 (mod 2^64) */
    tm_emit(&m, 0061020);   /* S0 S2-SB = 2+2^63 (mod 2^64) */
    run_ex(&m);
    assert_int_equal(m.cpu.s[3], 1);
    assert_int_equal(m.cpu.s[4], 0xFFFFFFFFFFFFFFFDull);
    assert_int_equal(m.cpu.s[5], 0xFFFFFFFFFFFFFFFEull);
    assert_int_equal(m.cpu.s[6], 2);
    assert_int_equal(m.cpu.s[7], 0x7FFFFFFFFFFFFFFFull);
    assert_int_equal(m.cpu.s[0], 0x8000000000000002ull);
    tm_free(&m);
}

static void test_s_float(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[1] = F_ONE;
    m.cpu.s[2] = F_TWO;
    m.cpu.s[5] = 0x4030000000000005ull;   /* 5, unnormalised (exponent 040060) */
    tm_emit(&m, 0062311);   /* S3 1.0+1.0 = 2.0 (Appendix A #1) */
    tm_emit(&m, 0062405);   /* S4 +FS5: 5<<45, exponent 040060-45 = 040003: 5.0 */
    tm_emit(&m, 0063621);   /* S6 2.0-1.0 = 1.0 */
    tm_emit(&m, 0063701);   /* S7 -F1.0 = 0xC001800000000000 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[3], F_TWO);
    assert_int_equal(m.cpu.s[4], 0x4003A00000000000ull);
    assert_int_equal(m.cpu.s[6], F_ONE);
    assert_int_equal(m.cpu.s[7], 0xC001800000000000ull);
    tm_free(&m);

    /* Multiplies, from Appendix A: #26 full, #79 half, #81 rounded, #82 2-a*b,
     * #78 integer multiply (both exponents 0). */
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[1] = 0x4001C00000000000ull;   /* 1.5 */
    m.cpu.s[2] = 0x400100000001FFFFull;
    m.cpu.s[3] = F_ONE;
    m.cpu.s[4] = 0x4001000000000001ull;
    m.cpu.s[5] = 0x4001A00000000000ull;
    m.cpu.s[6] = 0x3FFC90395FED8000ull;
    m.cpu.s[7] = 0x4005E333B266F103ull;
    m.cpu.s[0] = 0x0000540000000000ull;
    tm_emit(&m, 0064111);   /* S1 1.5*1.5 = 2.25 */
    tm_emit(&m, 0065223);   /* S2 #79 */
    tm_emit(&m, 0066445);   /* S4 #81 */
    tm_emit(&m, 0067667);   /* S6 #82 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0x4002900000000000ull);
    assert_int_equal(m.cpu.s[2], 0x4001000000000000ull);
    assert_int_equal(m.cpu.s[4], 0x4001000000000002ull);
    assert_int_equal(m.cpu.s[6], 0x40018000000067D9ull);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[1] = 6;
    m.cpu.s[2] = 0x0000540000000000ull;
    m.cpu.s[3] = F_ONE;
    m.cpu.s[4] = F_TWO;
    tm_emit(&m, 0064512);   /* S5 #78: integer multiply = 2 */
    tm_emit(&m, 0070630);   /* S6 /HS3 = 0x4000FFFFFFFF8000 (#49) */
    tm_emit(&m, 0070740);   /* S7 /HS4 = 0x3FFFFFFFFFFF8000 (#51) */
    run_ex(&m);
    assert_int_equal(m.cpu.s[5], 2);
    assert_int_equal(m.cpu.s[6], 0x4000FFFFFFFF8000ull);
    assert_int_equal(m.cpu.s[7], 0x3FFFFFFFFFFF8000ull);
    tm_free(&m);
}

static void test_s_from_a(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.a[0] = 0x77;
    m.cpu.a[3] = 0xFFFFFF;   /* -1 */
    m.cpu.a[4] = 5;
    m.cpu.a[5] = 0x800000;   /* -2^23 */
    tm_emit(&m, 0071103);   /* S1 A3 zero-extended */
    tm_emit(&m, 0071213);   /* S2 +A3 sign-extended: -1 */
    tm_emit(&m, 0071300);   /* S3 A0 with k = 0: 1 */
    tm_emit(&m, 0071410);   /* S4 +1 (k = 0) */
    tm_emit(&m, 0071524);   /* S5 +FA4: exponent 040060, coefficient 5 */
    tm_emit(&m, 0071623);   /* S6 +FA3: sign 1, exponent 040060, |-1| = 1 */
    tm_emit(&m, 0071725);   /* S7 +FA5: sign 1, |-2^23| = 0x800000 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0xFFFFFF);
    assert_int_equal(m.cpu.s[2], ~0ull);
    assert_int_equal(m.cpu.s[3], 1);
    assert_int_equal(m.cpu.s[4], 1);
    assert_int_equal(m.cpu.s[5], 0x4030000000000005ull);
    assert_int_equal(m.cpu.s[6], 0xC030000000000001ull);
    assert_int_equal(m.cpu.s[7], 0xC030000000800000ull);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    m.cpu.a[4] = 0xFFFFFD;   /* -3 */
    tm_emit(&m, 0071030);   /* S0 0.6 = 0.75*2^48 */
    tm_emit(&m, 0071140);   /* S1 0.4 (octal) = 0.5 */
    tm_emit(&m, 0071250);   /* S2 1. */
    tm_emit(&m, 0071360);   /* S3 2. */
    tm_emit(&m, 0071470);   /* S4 4. */
    tm_emit(&m, 0071537);   /* S5 0.6 (k ignored) */
    tm_emit(&m, 0071624);   /* S6 +FA4 = 0xC030000000000003 */
    tm_emit(&m, 0062606);   /* S6 +FS6: normalised -3.0 = 0xC002C00000000000 (4.6) */
    run_ex(&m);
    assert_int_equal(m.cpu.s[0], 0x4030C00000000000ull);
    assert_int_equal(m.cpu.s[1], F_HALF);
    assert_int_equal(m.cpu.s[2], F_ONE);
    assert_int_equal(m.cpu.s[3], F_TWO);
    assert_int_equal(m.cpu.s[4], F_FOUR);
    assert_int_equal(m.cpu.s[5], 0x4030C00000000000ull);
    assert_int_equal(m.cpu.s[6], 0xC002C00000000000ull);
    tm_free(&m);
}

/* ---- RT, VM, T, V elements ----------------------------------------------------- */

static void test_s_rt(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.rt_offset = 1000000;
    tm_emit(&m, 0072100);   /* S1 RT */
    tm_emit(&m, 0072200);   /* S2 RT */
    tm_emit(&m, 0072300);   /* S3 RT */
    tm_ex(&m);
    /* Step the first read alone: the value is clock + rt_offset at issue. */
    uint64_t before = m.cpu.clock;
    assert_int_not_equal(cpu_step(&m.cpu), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.p, 1);
    assert_int_equal(m.cpu.flags, 0);
    assert_true(m.cpu.s[1] >= before + 1000000);
    assert_true(m.cpu.s[1] <= m.cpu.clock + 1000000);
    tm_run_exit(&m);
    /* Monotone: one CP at least between issues (6.1: +1 every CP). */
    assert_true(m.cpu.s[2] > m.cpu.s[1]);
    assert_true(m.cpu.s[3] > m.cpu.s[2]);
    assert_true(m.cpu.s[3] <= cpu_rt(&m.cpu));
    tm_free(&m);
}

static void test_s_vm_t(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.cpu.vm = 0x0123456789ABCDEFull;
    m.cpu.t[045] = 0x1122334455667788ull;
    m.cpu.t[0] = 0x99;
    m.cpu.s[2] = 0xCAFEBABE00000001ull;
    m.cpu.s[3] = 0xFEDCBA9876543210ull;
    tm_emit(&m, 0073100);   /* S1 VM */
    tm_emit(&m, 0073401);   /* S4 VM (Cray-1: low bits ignored, not the X-MP SR0) */
    tm_emit(&m, 0074545);   /* S5 T45 */
    tm_emit(&m, 0074600);   /* S6 T00 */
    tm_emit(&m, 0075277);   /* T77 S2 */
    tm_emit(&m, 0003030);   /* VM S3 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0x0123456789ABCDEFull);
    assert_int_equal(m.cpu.s[4], 0x0123456789ABCDEFull);
    assert_int_equal(m.cpu.s[5], 0x1122334455667788ull);
    assert_int_equal(m.cpu.s[6], 0x99);
    assert_int_equal(m.cpu.t[077], 0xCAFEBABE00000001ull);
    assert_int_equal(m.cpu.vm, 0xFEDCBA9876543210ull);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    m.cpu.vm = ~0ull;
    m.cpu.s[0] = 0x1234;
    tm_emit(&m, 0003000);   /* VM 0 (j = 0 reads 0, not S0) */
    run_ex(&m);
    assert_int_equal(m.cpu.vm, 0);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[1] = 0x5555;
    tm_emit(&m, 0003410);   /* Cray-1: 003 ignores i, so this is VM S1 */
    run_ex(&m);
    assert_int_equal(m.cpu.vm, 0x5555);
    tm_free(&m);
}

static void test_s_vector_element(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    for (int e = 0; e < 64; e++) {
        m.cpu.v[5][e] = 0x5500000000000000ull + (uint64_t)e;
        m.cpu.v[6][e] = 0x6600 + (uint64_t)e;
        m.cpu.v[7][e] = 0x7700 + (uint64_t)e;
    }
    m.cpu.a[0] = 3;           /* k = 0 must read 1, not A0 */
    m.cpu.a[3] = 0x47;        /* & 077 = 7 */
    m.cpu.s[0] = 0xBAD;       /* j = 0 must read 0 */
    m.cpu.s[4] = 0xCAFE;
    tm_emit(&m, 0076153);     /* S1 V5,A3 -> element 7 */
    tm_emit(&m, 0076250);     /* S2 V5,1  -> element 1 (k = 0) */
    tm_emit(&m, 0077643);     /* V6,A3 S4 -> V6[7] */
    tm_emit(&m, 0077700);     /* V7,1 0   -> V7[1] = 0 */
    run_ex(&m);
    assert_int_equal(m.cpu.s[1], 0x5500000000000007ull);
    assert_int_equal(m.cpu.s[2], 0x5500000000000001ull);
    assert_int_equal(m.cpu.v[6][7], 0xCAFE);
    assert_int_equal(m.cpu.v[6][6], 0x6606);
    assert_int_equal(m.cpu.v[6][8], 0x6608);
    assert_int_equal(m.cpu.v[7][1], 0);
    assert_int_equal(m.cpu.v[7][0], 0x7700);
    assert_int_equal(m.cpu.v[7][3], 0x7703);
    tm_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_constants),
        cmocka_unit_test(test_a_from_s_b),
        cmocka_unit_test(test_a_pop_lz),
        cmocka_unit_test(test_a_parity),
        cmocka_unit_test(test_a_add_subtract),
        cmocka_unit_test(test_a_multiply),
        cmocka_unit_test(test_s_constants_masks),
        cmocka_unit_test(test_s_and_andnot),
        cmocka_unit_test(test_s_xor_xnor),
        cmocka_unit_test(test_s_merge_or),
        cmocka_unit_test(test_s_single_shifts),
        cmocka_unit_test(test_s_double_shifts),
        cmocka_unit_test(test_s_integer_add),
        cmocka_unit_test(test_s_float),
        cmocka_unit_test(test_s_from_a),
        cmocka_unit_test(test_s_rt),
        cmocka_unit_test(test_s_vm_t),
        cmocka_unit_test(test_s_vector_element),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
