/*
 * cray_float_vector.c - the floating add and multiply of cray_float.c on
 * whole vector registers, for the vector instructions (160-173): the same
 * bit-exact results, written without branches or 128-bit arithmetic over a
 * fixed 64 lanes so that the compiler can spread them over the host's SIMD
 * registers (x86-64: a copy for AVX-512, one for AVX2, chosen per call by
 * what the host has).  tests/unit/test_float_vector.c checks every lane against the
 * element functions.  No state, thread-safe.
 */
#include "cray_float.h"

#include <string.h>

#define SIGN_BIT (UINT64_C(1) << 63)
#define COEF_MASK ((UINT64_C(1) << 48) - 1)
#define EXP_BIAS 040000
#define EXP_MIN 020000
#define EXP_OVERFLOW 060000
#define OVERFLOW_EXP_FIELD ((uint64_t)EXP_OVERFLOW << 48)
#define LANES 64

/* x86-64 with GCC: the lane loops are compiled four times, plain, for
 * AVX2, for AVX-512, and for AVX-512 with its bit counts (CD, VPOPCNTDQ),
 * and each call takes the best the host has. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SIMD_LEVELS 4
#define TARGET_AVX2 __attribute__((target("avx2,bmi2")))
#define TARGET_AVX512 __attribute__((target("avx2,bmi2,avx512f,avx512vl,avx512dq,avx512bw")))
#define TARGET_AVX512_COUNT                                                                \
    __attribute__((target("avx2,bmi2,avx512f,avx512vl,avx512dq,avx512bw,avx512cd,avx512vpopcntdq")))
#else
#define SIMD_LEVELS 1
#endif

#define INLINE static inline __attribute__((always_inline))

/* ---- multiply: cray_float_multiply, lane by lane ----------------------- */

INLINE uint64_t reverse_bits48(uint64_t x)
{
    x = (x >> 1 & UINT64_C(0x5555555555555555)) | (x & UINT64_C(0x5555555555555555)) << 1;
    x = (x >> 2 & UINT64_C(0x3333333333333333)) | (x & UINT64_C(0x3333333333333333)) << 2;
    x = (x >> 4 & UINT64_C(0x0F0F0F0F0F0F0F0F)) | (x & UINT64_C(0x0F0F0F0F0F0F0F0F)) << 4;
    x = (x >> 8 & UINT64_C(0x00FF00FF00FF00FF)) | (x & UINT64_C(0x00FF00FF00FF00FF)) << 8;
    x = (x >> 16 & UINT64_C(0x0000FFFF0000FFFF)) | (x & UINT64_C(0x0000FFFF0000FFFF)) << 16;
    x = x >> 32 | x << 32;
    return x >> 16;
}

INLINE uint64_t byte_popcounts(uint64_t x)
{
    x -= x >> 1 & UINT64_C(0x5555555555555555);
    x = (x & UINT64_C(0x3333333333333333)) + (x >> 2 & UINT64_C(0x3333333333333333));
    return (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
}

/* floor(ca * cb / 2^40) from 24-bit halves (32 x 32 -> 64-bit products). */
INLINE uint64_t product_shift40(uint64_t ca, uint64_t cb)
{
    const uint64_t m24 = (UINT64_C(1) << 24) - 1;
    uint32_t ah = (uint32_t)(ca >> 24), al = (uint32_t)(ca & m24);
    uint32_t bh = (uint32_t)(cb >> 24), bl = (uint32_t)(cb & m24);
    uint64_t middle = (uint64_t)ah * bl + (uint64_t)al * bh + ((uint64_t)al * bl >> 24);
    return ((uint64_t)ah * bh << 8) + (middle >> 16);
}

/* The truncated pyramid: see pyramid_sum() in cray_float.c.  With `count`
 * the host counts bits per lane (AVX-512 VPOPCNTDQ); else in byte lanes. */
INLINE uint64_t pyramid_sum(uint64_t ca, uint64_t cb, bool count)
{
    if (count) {
        uint64_t w = ca << 7, r = reverse_bits48(cb);
        uint64_t p_mod64 = (uint64_t)__builtin_popcountll(w & r << 5) << 5;
        p_mod64 += (uint64_t)__builtin_popcountll(w & r << 4) << 4;
        p_mod64 += (uint64_t)__builtin_popcountll(w & r << 3) << 3;
        p_mod64 += (uint64_t)__builtin_popcountll(w & r << 2) << 2;
        p_mod64 += (uint64_t)__builtin_popcountll(w & r << 1) << 1;
        p_mod64 += (uint64_t)__builtin_popcountll(w & r);
        uint64_t f = product_shift40(ca, cb);
        return f - ((f - (p_mod64 & 63)) & 63);
    }
    const uint64_t low5_per_byte = UINT64_C(0x1F1F1F1F1F1F1F1F);
    const uint64_t even_bytes = UINT64_C(0x00FF00FF00FF00FF);
    uint64_t w = ca << 7, r = reverse_bits48(cb);
    uint64_t lanes = byte_popcounts(w & r << 5);
    lanes = 2 * lanes + byte_popcounts(w & r << 4);
    lanes = 2 * lanes + byte_popcounts(w & r << 3);
    lanes = 2 * lanes + byte_popcounts(w & r << 2);
    lanes = 2 * lanes + byte_popcounts(w & r << 1);
    lanes = 2 * (lanes & low5_per_byte) + byte_popcounts(w & r);
    lanes = (lanes & even_bytes) + (lanes >> 8 & even_bytes);   /* 16-bit lanes <= 140 */
    uint64_t p_mod64 = (lanes + (lanes >> 16) + (lanes >> 32) + (lanes >> 48)) & 63;
    uint64_t f = product_shift40(ca, cb);
    return f - ((f - p_mod64) & 63);
}

INLINE uint64_t multiply_lane(uint64_t a, uint64_t b, enum cray_multiply_kind kind, bool count,
                              uint64_t *error)
{
    uint64_t ea = a >> 48 & 077777, eb = b >> 48 & 077777;
    uint64_t sign = (a ^ b) & SIGN_BIT;
    bool integer = ea == 0 && eb == 0;
    bool zero = !integer && (ea == 0 || eb == 0);
    uint64_t p = pyramid_sum(a & COEF_MASK, b & COEF_MASK, count);
    uint64_t out = p + 9;
    if (kind == CRAY_MUL_HALF)
        out += (UINT64_C(1) << 25) + (UINT64_C(1) << 24);
    else if (kind == CRAY_MUL_ROUNDED)
        out += (1u << 6) + (1u << 5);
    else if (kind == CRAY_MUL_RECIPROCAL_ITERATION)
        out = (198 - p) & ((UINT64_C(1) << 56) - 1);
    uint64_t no_shift = (uint64_t)integer | (out >> 55 & 1);
    uint64_t coef = (out >> (7 + no_shift)) & COEF_MASK;
    if (kind == CRAY_MUL_HALF)
        coef &= ~((UINT64_C(1) << 19) - 1);
    int64_t exp = (int64_t)(ea + eb) - EXP_BIAS;
    bool range = ea >= EXP_OVERFLOW || eb >= EXP_OVERFLOW || exp >= EXP_OVERFLOW;
    uint64_t normal = sign | (uint64_t)(exp - 1 + (int64_t)no_shift) << 48 | coef;
    uint64_t r = range ? sign | OVERFLOW_EXP_FIELD | coef : exp < EXP_MIN ? 0 : normal;
    r = integer ? sign | coef : r;
    *error = (uint64_t)(!zero && !integer && range);
    return zero ? 0 : r;
}

INLINE bool multiply_lanes(uint64_t *restrict out, const uint64_t *restrict a,
                           const uint64_t *restrict b, unsigned n, enum cray_multiply_kind kind,
                           bool count)
{
    uint64_t error = 0;
    for (unsigned e = 0; e < LANES; e++) {
        uint64_t lane_error;
        out[e] = multiply_lane(a[e], b[e], kind, count, &lane_error);
        error |= lane_error & (e < n);
    }
    return error;
}

INLINE bool multiply_any(uint64_t *out, const uint64_t *a, const uint64_t *b, unsigned n,
                         enum cray_multiply_kind kind, bool count)
{
    uint64_t r[LANES];
    bool error;
    switch (kind) {
    case CRAY_MUL_HALF:
        error = multiply_lanes(r, a, b, n, CRAY_MUL_HALF, count);
        break;
    case CRAY_MUL_ROUNDED:
        error = multiply_lanes(r, a, b, n, CRAY_MUL_ROUNDED, count);
        break;
    case CRAY_MUL_RECIPROCAL_ITERATION:
        error = multiply_lanes(r, a, b, n, CRAY_MUL_RECIPROCAL_ITERATION, count);
        break;
    default:
        error = multiply_lanes(r, a, b, n, CRAY_MUL_FULL, count);
        break;
    }
    memcpy(out, r, (n < LANES ? n : LANES) * sizeof r[0]);
    return error;
}

/* ---- add: cray_float_add, lane by lane --------------------------------- */

/* All-ones when c, else 0; and a choice by such a mask. */
INLINE uint64_t mask_if(bool c) { return 0 - (uint64_t)c; }
INLINE uint64_t choose(uint64_t mask, uint64_t x, uint64_t y) { return (x & mask) | (y & ~mask); }

INLINE uint64_t add_lane(uint64_t a, uint64_t b, bool count, uint64_t *error)
{
    uint64_t ea = a >> 48 & 077777, eb = b >> 48 & 077777;
    uint64_t swap = mask_if(eb > ea);
    uint64_t big_word = choose(swap, b, a), small_word = choose(swap, a, b);
    uint64_t exp = choose(swap, eb, ea);
    uint64_t shift = exp - choose(swap, ea, eb);
    uint64_t big = big_word & COEF_MASK;
    uint64_t small = ((small_word & COEF_MASK) >> (shift & 63)) & ~mask_if(shift >= 48);
    uint64_t same = ~mask_if((big_word ^ small_word) >> 63), ge = mask_if(big >= small);
    uint64_t sum = choose(same, big + small, choose(ge, big - small, small - big));
    uint64_t sign = choose(same | ge, big_word, small_word) & SIGN_BIT;
    uint64_t out_of_range = mask_if(exp >= EXP_OVERFLOW);

    /* Normalise: a carry shifts right one; else left by the leading zeros
     * of the 48-bit sum, found in six halving steps. */
    uint64_t t = sum << 16, lz = 0, c;
    if (count) {   /* the host counts leading zeros per lane (AVX-512 CD) */
        lz = (uint64_t)__builtin_clzll(t | 1);
        t <<= lz;
    } else {
        c = mask_if((t >> 32) == 0); t = choose(c, t << 32, t); lz += c & 32;
        c = mask_if((t >> 48) == 0); t = choose(c, t << 16, t); lz += c & 16;
        c = mask_if((t >> 56) == 0); t = choose(c, t << 8, t);  lz += c & 8;
        c = mask_if((t >> 60) == 0); t = choose(c, t << 4, t);  lz += c & 4;
        c = mask_if((t >> 62) == 0); t = choose(c, t << 2, t);  lz += c & 2;
        c = mask_if((t >> 63) == 0); t = choose(c, t << 1, t);  lz += c & 1;
    }
    uint64_t carry = mask_if(sum >> 48);
    uint64_t coef = choose(carry, sum >> 1, t >> 16);
    /* exp + 1 or exp - lz, kept non-negative by an offset of 2^16 */
    uint64_t new_exp = choose(carry, exp + 1, exp - lz) + 0200000;
    uint64_t range = out_of_range | mask_if(new_exp >= EXP_OVERFLOW + 0200000);
    uint64_t underflow = mask_if(new_exp < EXP_MIN + 0200000);
    uint64_t normal = (sign | (new_exp - 0200000) << 48 | coef) & ~underflow;
    uint64_t r = choose(range, sign | OVERFLOW_EXP_FIELD | coef, normal);
    uint64_t zero = mask_if(sum == 0);
    *error = choose(zero, out_of_range, range) & 1;
    return choose(zero, out_of_range & OVERFLOW_EXP_FIELD, r);
}

INLINE bool add_lanes(uint64_t *restrict out, const uint64_t *restrict a,
                      const uint64_t *restrict b, unsigned n, uint64_t flip, bool count)
{
    uint64_t error = 0;
    for (unsigned e = 0; e < LANES; e++) {
        uint64_t lane_error;
        out[e] = add_lane(a[e], b[e] ^ flip, count, &lane_error);
        error |= lane_error & (e < n);
    }
    return error;
}

INLINE bool add_any(uint64_t *out, const uint64_t *a, const uint64_t *b, unsigned n,
                    bool subtract, bool count)
{
    uint64_t r[LANES];
    bool error = subtract ? add_lanes(r, a, b, n, SIGN_BIT, count) : add_lanes(r, a, b, n, 0, count);
    memcpy(out, r, (n < LANES ? n : LANES) * sizeof r[0]);
    return error;
}

/* ---- the levels ------------------------------------------------------------ */

static bool multiply_plain(uint64_t *out, const uint64_t *a, const uint64_t *b, unsigned n,
                           enum cray_multiply_kind kind)
{
    return multiply_any(out, a, b, n, kind, false);
}

static bool add_plain(uint64_t *out, const uint64_t *a, const uint64_t *b, unsigned n,
                      bool subtract)
{
    return add_any(out, a, b, n, subtract, false);
}

#if SIMD_LEVELS > 1
TARGET_AVX2 static bool multiply_avx2(uint64_t *out, const uint64_t *a, const uint64_t *b,
                                      unsigned n, enum cray_multiply_kind kind)
{
    return multiply_any(out, a, b, n, kind, false);
}

TARGET_AVX2 static bool add_avx2(uint64_t *out, const uint64_t *a, const uint64_t *b, unsigned n,
                                 bool subtract)
{
    return add_any(out, a, b, n, subtract, false);
}

TARGET_AVX512 static bool multiply_avx512(uint64_t *out, const uint64_t *a, const uint64_t *b,
                                          unsigned n, enum cray_multiply_kind kind)
{
    return multiply_any(out, a, b, n, kind, false);
}

TARGET_AVX512 static bool add_avx512(uint64_t *out, const uint64_t *a, const uint64_t *b,
                                     unsigned n, bool subtract)
{
    return add_any(out, a, b, n, subtract, false);
}

TARGET_AVX512_COUNT static bool multiply_avx512_count(uint64_t *out, const uint64_t *a,
                                                      const uint64_t *b, unsigned n,
                                                      enum cray_multiply_kind kind)
{
    return multiply_any(out, a, b, n, kind, true);
}

TARGET_AVX512_COUNT static bool add_avx512_count(uint64_t *out, const uint64_t *a,
                                                 const uint64_t *b, unsigned n, bool subtract)
{
    return add_any(out, a, b, n, subtract, true);
}
#endif

unsigned cray_float_simd_levels(void)
{
#if SIMD_LEVELS > 1
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512vpopcntdq") &&
        __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2"))
        return 4;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2"))
        return 3;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2"))
        return 2;
#endif
    return 1;
}

bool cray_float_multiply_vector_at(unsigned level, uint64_t *out, const uint64_t *a,
                                   const uint64_t *b, unsigned n, enum cray_multiply_kind kind)
{
#if SIMD_LEVELS > 1
    if (level >= 4)
        return multiply_avx512_count(out, a, b, n, kind);
    if (level == 3)
        return multiply_avx512(out, a, b, n, kind);
    if (level == 2)
        return multiply_avx2(out, a, b, n, kind);
#endif
    (void)level;
    return multiply_plain(out, a, b, n, kind);
}

bool cray_float_add_vector_at(unsigned level, uint64_t *out, const uint64_t *a, const uint64_t *b,
                              unsigned n, bool subtract)
{
#if SIMD_LEVELS > 1
    if (level >= 4)
        return add_avx512_count(out, a, b, n, subtract);
    if (level == 3)
        return add_avx512(out, a, b, n, subtract);
    if (level == 2)
        return add_avx2(out, a, b, n, subtract);
#endif
    (void)level;
    return add_plain(out, a, b, n, subtract);
}

bool cray_float_multiply_vector(uint64_t *out, const uint64_t *a, const uint64_t *b, unsigned n,
                                enum cray_multiply_kind kind)
{
    return cray_float_multiply_vector_at(cray_float_simd_levels(), out, a, b, n, kind);
}

bool cray_float_add_vector(uint64_t *out, const uint64_t *a, const uint64_t *b, unsigned n,
                           bool subtract)
{
    return cray_float_add_vector_at(cray_float_simd_levels(), out, a, b, n, subtract);
}
