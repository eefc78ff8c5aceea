/*
 * cray_float.c - bit-exact Cray-1 floating add, multiply and reciprocal
 * approximation (docs/cray1-isa.md sections 4.1-4.4), plus host-double
 * conversions for tools and tests.  Part of emu/, the machine: pure
 * arithmetic on 64-bit words, no machine state, no OS knowledge.
 *
 * The multiply is on the vector hot path (64 results per instruction), so
 * its truncated partial-product pyramid is computed in closed form rather
 * than with the 48-step loop of the reference; see pyramid_sum() for the
 * derivation.  tests/unit/test_float.c checks it against the reference loop.
 */
#include "cray_float.h"

#include <string.h>

#define SIGN_BIT (UINT64_C(1) << 63)
#define COEF_MASK ((UINT64_C(1) << 48) - 1)
#define COEF_TOP_BIT (UINT64_C(1) << 47)
#define EXP_FIELD_MASK 077777u
#define EXP_BIAS 040000
#define EXP_MIN 020000      /* smallest in-range biased exponent */
#define EXP_OVERFLOW 060000 /* first out-of-range biased exponent */
#define OVERFLOW_EXP_FIELD ((uint64_t)EXP_OVERFLOW << 48)

static inline unsigned exponent_of(uint64_t w)
{
    return (unsigned)(w >> 48) & EXP_FIELD_MASK;
}

static inline uint64_t clear_low_bits(uint64_t v, unsigned n)
{
    return v & ~((UINT64_C(1) << n) - 1);
}

/* Leading zeros of a non-zero 64-bit value. */
static inline int leading_zeros64(uint64_t v)
{
#if defined(__GNUC__)
    return __builtin_clzll(v);
#else
    int n = 0;
    while (!(v & SIGN_BIT)) {
        v <<= 1;
        n++;
    }
    return n;
#endif
}

/* ---- add / subtract (4.2) ------------------------------------------------ */

uint64_t cray_float_add(uint64_t a, uint64_t b, bool *range_error)
{
    /* The operand with the larger exponent is "big"; a tie keeps a as big. */
    if (exponent_of(b) > exponent_of(a)) {
        uint64_t t = a;
        a = b;
        b = t;
    }
    int exp = (int)exponent_of(a);
    unsigned shift = (unsigned)exp - exponent_of(b);
    uint64_t big = a & COEF_MASK;
    /* No guard bits: what the alignment shifts out is lost before the add. */
    uint64_t small = shift >= 48 ? 0 : (b & COEF_MASK) >> shift;

    uint64_t sign, sum;
    if (!((a ^ b) & SIGN_BIT)) {
        sign = a & SIGN_BIT;
        sum = big + small; /* up to 49 bits */
    } else if (big >= small) {
        sign = a & SIGN_BIT;
        sum = big - small;
    } else {
        sign = b & SIGN_BIT;
        sum = small - big;
    }

    bool operand_out_of_range = exp >= EXP_OVERFLOW;
    if (sum == 0) {
        *range_error = operand_out_of_range;
        return operand_out_of_range ? OVERFLOW_EXP_FIELD : 0;
    }
    if (sum >> 48) { /* carry out: shift right one, the lost bit is dropped */
        sum >>= 1;
        exp++;
    } else { /* normalise left */
        int lz = leading_zeros64(sum) - 16;
        sum <<= lz;
        exp -= lz;
    }
    if (operand_out_of_range || exp >= EXP_OVERFLOW) {
        *range_error = true;
        return sign | OVERFLOW_EXP_FIELD | sum;
    }
    *range_error = false;
    if (exp < EXP_MIN)
        return 0; /* underflow: a clean zero, no error */
    return sign | (uint64_t)exp << 48 | sum;
}

uint64_t cray_float_subtract(uint64_t a, uint64_t b, bool *range_error)
{
    return cray_float_add(a, b ^ SIGN_BIT, range_error);
}

/* ---- multiply (4.3) -------------------------------------------------------- */

/* Bits 0..47 of x in reverse order (bit k <-> bit 47-k); x < 2^48. */
static inline uint64_t reverse_bits48(uint64_t x)
{
    x = (x >> 1 & UINT64_C(0x5555555555555555)) | (x & UINT64_C(0x5555555555555555)) << 1;
    x = (x >> 2 & UINT64_C(0x3333333333333333)) | (x & UINT64_C(0x3333333333333333)) << 2;
    x = (x >> 4 & UINT64_C(0x0F0F0F0F0F0F0F0F)) | (x & UINT64_C(0x0F0F0F0F0F0F0F0F)) << 4;
#if defined(__GNUC__)
    x = __builtin_bswap64(x);
#else
    x = (x >> 8 & UINT64_C(0x00FF00FF00FF00FF)) | (x & UINT64_C(0x00FF00FF00FF00FF)) << 8;
    x = (x >> 16 & UINT64_C(0x0000FFFF0000FFFF)) | (x & UINT64_C(0x0000FFFF0000FFFF)) << 16;
    x = x >> 32 | x << 32;
#endif
    return x >> 16;
}

/* floor(ca * cb / 2^40) for ca, cb < 2^48, in 64-bit arithmetic: split both
 * into 24-bit halves; the low partial product only matters through its
 * carry into bit 24, and the 2^24-weighted middle sum through bits >= 16. */
#if defined(__SIZEOF_INT128__)
static inline uint64_t product_shift40(uint64_t ca, uint64_t cb)
{
    return (uint64_t)((unsigned __int128)ca * cb >> 40);
}
#else
static inline uint64_t product_shift40(uint64_t ca, uint64_t cb)
{
    const uint64_t m24 = (UINT64_C(1) << 24) - 1;
    uint64_t ah = ca >> 24, al = ca & m24, bh = cb >> 24, bl = cb & m24;
    uint64_t middle = ah * bl + al * bh + (al * bl >> 24); /* < 2^50 */
    return (ah * bh << 8) + (middle >> 16);
}
#endif

/*
 * The multiplier's truncated pyramid, in units of 2^-56:
 *
 *     P = sum over set multiplier bits q = 1..48 (bit 48-q of cb)
 *         of floor(W / 2^(q-1)),            W = ca << 7 (ca * 2^-1)
 *
 * Equivalently P is the sum of the bit products a_p * b_q * 2^(56-p-q) over
 * all p + q <= 56 (coefficient bit 2^-p, 2^-q), so the unit is commutative.
 *
 * Closed form.  Number the rows k = q - 1 = 0..47 and let r_k be their bits
 * (r_k = bit 47-k of cb).  Exactly, W * cb / 2^47 = sum r_k * W / 2^k, so
 *
 *     W*cb/2^47 = P + E,   E = sum r_k * frac(W / 2^k),   0 <= E < 47
 *
 * (the k = 0 row is exact, the other 47 each lose less than 1).  With
 * F = floor(W*cb/2^47) this gives P = F - floor(E), 0 <= floor(E) <= 46, so
 * P is F minus the 6-bit quantity (F - P) mod 64, and only P mod 64 is
 * needed besides F.  Writing floor(W/2^k) = sum over W bits i >= k of
 * 2^(i-k) and grouping the bit pairs by t = i - k:
 *
 *     P = sum_t 2^t * popcount(W & (R << t)),   R = sum_k r_k 2^k = reverse(cb)
 *
 * so P mod 64 needs only t = 0..5.  Those six weighted population counts are
 * summed in byte lanes (Horner on the weights, reduced mod 64 per lane where
 * a lane could overflow) and the lanes added up at the end.
 */
#if defined(__POPCNT__)
/* With a population-count instruction, P mod 64 is six plain popcounts. */
static inline uint64_t pyramid_sum(uint64_t ca, uint64_t cb)
{
    uint64_t w = ca << 7, r = reverse_bits48(cb);
    uint64_t p_mod64 = 0;
    for (int k = 5; k >= 0; k--)
        p_mod64 = 2 * p_mod64 + (uint64_t)__builtin_popcountll(w & r << k);
    p_mod64 &= 63;
    uint64_t f = product_shift40(ca, cb); /* floor(W * cb / 2^47) */
    return f - ((f - p_mod64) & 63);
}
#else
/* Each byte of the result holds the number of set bits (0..8) of that byte of x. */
static inline uint64_t byte_popcounts(uint64_t x)
{
    x -= x >> 1 & UINT64_C(0x5555555555555555);
    x = (x & UINT64_C(0x3333333333333333)) + (x >> 2 & UINT64_C(0x3333333333333333));
    return (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
}

static inline uint64_t pyramid_sum(uint64_t ca, uint64_t cb)
{
    const uint64_t low5_per_byte = UINT64_C(0x1F1F1F1F1F1F1F1F);
    const uint64_t even_bytes = UINT64_C(0x00FF00FF00FF00FF);
    uint64_t w = ca << 7, r = reverse_bits48(cb);

    uint64_t lanes = byte_popcounts(w & r << 5);   /* lanes <= 8 */
    lanes = 2 * lanes + byte_popcounts(w & r << 4); /* <= 24 */
    lanes = 2 * lanes + byte_popcounts(w & r << 3); /* <= 56 */
    lanes = 2 * lanes + byte_popcounts(w & r << 2); /* <= 120 */
    lanes = 2 * lanes + byte_popcounts(w & r << 1); /* <= 248 */
    /* last step: keep each lane mod 32 first, so 2*lane stays right mod 64 */
    lanes = 2 * (lanes & low5_per_byte) + byte_popcounts(w & r); /* <= 70 */
    lanes = (lanes & even_bytes) + (lanes >> 8 & even_bytes);    /* 16-bit lanes <= 140 */
    uint64_t p_mod64 = (lanes * UINT64_C(0x0001000100010001) >> 48) & 63;

    uint64_t f = product_shift40(ca, cb); /* floor(W * cb / 2^47) */
    return f - ((f - p_mod64) & 63);
}
#endif

uint64_t cray_float_multiply(uint64_t a, uint64_t b, enum cray_multiply_kind kind,
                             bool *range_error)
{
    unsigned ea = exponent_of(a), eb = exponent_of(b);
    uint64_t sign = (a ^ b) & SIGN_BIT; /* even for a zero coefficient */
    bool integer = ea == 0 && eb == 0;

    *range_error = false;
    if (!integer && (ea == 0 || eb == 0))
        return 0; /* exactly one zero exponent */

    /* All sums in units of 2^-56; the constant 9 * 2^-56 is always added. */
    uint64_t p = pyramid_sum(a & COEF_MASK, b & COEF_MASK);
    uint64_t out = p + 9; /* full: 064, 160, 161 */
    switch (kind) {
    case CRAY_MUL_FULL:
        break;
    case CRAY_MUL_HALF: /* round bits 2^-31, 2^-32 */
        out += (UINT64_C(1) << 25) + (UINT64_C(1) << 24);
        break;
    case CRAY_MUL_ROUNDED: /* round bits 2^-50, 2^-51 */
        out += (1u << 6) + (1u << 5);
        break;
    case CRAY_MUL_RECIPROCAL_ITERATION: /* coefficient 1 - cj*ck mod 1: 2 - a*b near 1 */
        out = (198 - p) & ((UINT64_C(1) << 56) - 1);
        break;
    }

    bool no_shift = integer || (out >> 55 & 1); /* product >= 0.5 */
    uint64_t coef = (no_shift ? out >> 8 : out >> 7) & COEF_MASK;
    if (kind == CRAY_MUL_HALF)
        coef = clear_low_bits(coef, 19); /* 29-bit result */
    if (integer)
        return sign | coef; /* exponent 0, not normalised */

    /* Range is judged on the exponent sum before the normalising shift. */
    int exp = (int)ea + (int)eb - EXP_BIAS;
    if (ea >= EXP_OVERFLOW || eb >= EXP_OVERFLOW || exp >= EXP_OVERFLOW) {
        *range_error = true;
        return sign | OVERFLOW_EXP_FIELD | coef;
    }
    if (exp < EXP_MIN)
        return 0; /* underflow: zero, no error */
    if (!no_shift)
        exp--; /* so exp 020000 can become 017777 (as rev F says) */
    return sign | (uint64_t)exp << 48 | coef;
}

/* ---- reciprocal approximation (4.4) ------------------------------------- */

/* Seed table: round(2^15 / (128.5 + i)) = (2^17 + d) / (2d), d = 257 + 2i,
 * indexed by coefficient bits 2^-2..2^-8 (the 7 bits below the leading one). */
static const uint8_t reciprocal_seed[128] = {
    255, 253, 251, 249, 247, 245, 244, 242, 240, 238, 237, 235, 233, 232, 230, 228,
    227, 225, 224, 222, 221, 219, 218, 216, 215, 213, 212, 211, 209, 208, 207, 205,
    204, 203, 202, 200, 199, 198, 197, 196, 194, 193, 192, 191, 190, 189, 188, 187,
    186, 185, 184, 183, 182, 181, 180, 179, 178, 177, 176, 175, 174, 173, 172, 171,
    170, 169, 168, 168, 167, 166, 165, 164, 163, 163, 162, 161, 160, 159, 159, 158,
    157, 156, 156, 155, 154, 153, 153, 152, 151, 151, 150, 149, 149, 148, 147, 147,
    146, 145, 145, 144, 143, 143, 142, 142, 141, 140, 140, 139, 139, 138, 137, 137,
    136, 136, 135, 135, 134, 133, 133, 132, 132, 131, 131, 130, 130, 129, 129, 128,
};

/* Coefficient of the reciprocal approximation: bits 2^47..2^15 only. */
static uint64_t reciprocal_coefficient(uint64_t coef)
{
    /* Stage 0: 8-bit seed a0 and its square. */
    uint64_t a0 = reciprocal_seed[coef >> 40 & 0177];
    uint64_t a0_squared = a0 * a0; /* < 2^16 */

    /* Stage 1 (A1): a1 = 2*a0 - a0^2 * x.  Row k of the 16-row multiplier,
     * present when bit k of a0^2 is set, is the top 24 operand bits (bit 47
     * as given) shifted right by 15 - k; the rows are summed exactly. */
    uint64_t top24 = coef >> 24, product = 0;
    for (unsigned k = 0; k < 16; k++)
        product += (top24 >> (15 - k)) & (0 - (a0_squared >> k & 1));
    uint64_t a1 = ((a0 * ((UINT64_C(1) << 17) + 1) - product) >> 6) & 0x3FFFF;

    /* Stage 2 (A2): a2 = 2*a1 - a1^2 * x on operand bits 2^47..2^11, with
     * bit 47 forced (an unnormalised operand is treated as normalised here).
     * Row n, present when bit n of a1^2 (36 bits) is set, is the operand
     * shifted right by 35 - n with its low `drop` bits cleared; row 2 is not
     * built.  The rows are summed in seven groups, and each group sum has
     * its low bits cleared (3, 2, 0, 3, 2, 0, 3) before it joins the total. */
    uint64_t operand = ((coef | COEF_TOP_BIT) >> 11) << 3; /* 40 bits */
    uint64_t a1_squared = a1 * a1;
#define A2_ROW(n, drop) \
    (clear_low_bits(operand >> (35 - (n)), (drop)) & (0 - (a1_squared >> (n) & 1)))
    uint64_t g0 = A2_ROW(0, 2) + A2_ROW(1, 2) + A2_ROW(3, 2) + A2_ROW(4, 2) + A2_ROW(5, 2) +
                  A2_ROW(6, 2) + A2_ROW(7, 2);
    uint64_t g1 = A2_ROW(8, 1) + A2_ROW(9, 0) + A2_ROW(10, 0) + A2_ROW(11, 0);
    uint64_t g2 = A2_ROW(12, 2) + A2_ROW(13, 2) + A2_ROW(14, 3) + A2_ROW(15, 4);
    uint64_t g3 = A2_ROW(16, 2) + A2_ROW(17, 3) + A2_ROW(18, 2) + A2_ROW(19, 2) +
                  A2_ROW(20, 2) + A2_ROW(21, 2) + A2_ROW(22, 2) + A2_ROW(23, 2);
    uint64_t g4 = A2_ROW(24, 1) + A2_ROW(25, 0) + A2_ROW(26, 0) + A2_ROW(27, 0);
    uint64_t g5 = A2_ROW(28, 2) + A2_ROW(29, 2) + A2_ROW(30, 3) + A2_ROW(31, 4);
    uint64_t g6 = A2_ROW(32, 2) + A2_ROW(33, 2) + A2_ROW(34, 2) + A2_ROW(35, 2);
#undef A2_ROW
    uint64_t sum = clear_low_bits(g0, 3) + clear_low_bits(g1, 2) + g2 + clear_low_bits(g3, 3) +
                   clear_low_bits(g4, 2) + g5 + clear_low_bits(g6, 3);

    uint64_t p = ((sum >> 4) + (sum >> 3 & 1)) >> 2;
    uint64_t a2 = (a1 << 31) - (p << 14) - 1; /* modulo 2^64 */
    return (a2 | COEF_TOP_BIT) & UINT64_C(0xFFFFFFFF8000);
}

uint64_t cray_float_reciprocal(uint64_t a, bool *range_error)
{
    uint64_t sign = a & SIGN_BIT;
    unsigned exp = exponent_of(a);
    uint64_t coef = reciprocal_coefficient(a & COEF_MASK);
    if (exp <= 020001 || exp >= EXP_OVERFLOW) {
        *range_error = true;
        return sign | OVERFLOW_EXP_FIELD | (coef & ~COEF_TOP_BIT);
    }
    *range_error = false;
    return sign | (uint64_t)(0100001 - exp) << 48 | coef;
}

/* ---- host double conversions --------------------------------------------- */

#define DOUBLE_FRAC_MASK ((UINT64_C(1) << 52) - 1)

uint64_t cray_float_from_double(double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    uint64_t sign = bits & SIGN_BIT;
    unsigned biased = (unsigned)(bits >> 52) & 0x7FF;
    uint64_t frac = bits & DOUBLE_FRAC_MASK;

    if (biased == 0x7FF) /* infinity / NaN: out of the Cray range */
        return sign | OVERFLOW_EXP_FIELD | (frac ? UINT64_C(0xC00000000000) : COEF_TOP_BIT);
    if (biased == 0 && frac == 0)
        return 0; /* +0 and -0 */

    /* value = sig * 2^e2 with sig a 53-bit integer, 2^52 <= sig < 2^53 */
    uint64_t sig;
    int e2;
    if (biased == 0) { /* subnormal */
        int shift = leading_zeros64(frac) - 11;
        sig = frac << shift;
        e2 = -1074 - shift;
    } else {
        sig = frac | (UINT64_C(1) << 52);
        e2 = (int)biased - 1075;
    }

    /* Round to 48 bits, to nearest, ties to even. */
    uint64_t coef = sig >> 5, rest = sig & 31;
    if (rest > 16 || (rest == 16 && (coef & 1)))
        coef++;
    if (coef >> 48) { /* rounded up to 2^48 */
        coef >>= 1;
        e2++;
    }
    /* value = coef/2^48 * 2^(e2 + 53) */
    int exp = EXP_BIAS + e2 + 53;
    if (exp >= EXP_OVERFLOW) /* cannot happen for a finite double */
        return sign | OVERFLOW_EXP_FIELD | coef;
    if (exp < EXP_MIN) /* cannot happen for a finite double */
        return 0;
    return sign | (uint64_t)exp << 48 | coef;
}

double cray_float_to_double(uint64_t w)
{
    uint64_t sign = w & SIGN_BIT, coef = w & COEF_MASK, bits;
    int exp = (int)exponent_of(w);
    double d;

    if (exp >= EXP_OVERFLOW) {
        bits = sign | UINT64_C(0x7FF0000000000000); /* HUGE_VAL */
    } else if (exp < EXP_MIN || coef == 0) {
        bits = sign;
    } else {
        /* value = coef * 2^x; its leading bit has weight 2^lead */
        int x = exp - EXP_BIAS - 48;
        int width = 64 - leading_zeros64(coef);
        int lead = x + width - 1;
        if (lead > 1023) {
            bits = sign | UINT64_C(0x7FF0000000000000);
        } else if (lead >= -1022) { /* normal double: exact */
            uint64_t sig = coef << (53 - width);
            bits = sign | (uint64_t)(lead + 1023) << 52 | (sig & DOUBLE_FRAC_MASK);
        } else { /* subnormal: an integer number of 2^-1074 units */
            int shift = x + 1074;
            uint64_t units;
            if (shift >= 0) {
                units = coef << shift; /* < 2^52: lead < -1022 */
            } else if (shift > -64) {
                unsigned s = (unsigned)-shift;
                uint64_t rest = coef & ((UINT64_C(1) << s) - 1), half = UINT64_C(1) << (s - 1);
                units = coef >> s;
                if (rest > half || (rest == half && (units & 1)))
                    units++; /* may carry into the smallest normal: still right */
            } else {
                units = 0;
            }
            bits = sign | units;
        }
    }
    memcpy(&d, &bits, sizeof d);
    return d;
}
