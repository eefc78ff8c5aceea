/*
 * test_float_vector.c - the vector forms of the floating add and multiply
 * (emu/cray_float_vector.c: branch-free, spread over the host's SIMD) against
 * the element functions of emu/cray_float.c (which test_float.c checks
 * against the reference vectors): every lane, every kind, every length
 * class, the range-error result, and that elements from n on are left alone.
 */
#include "test_support.h"

#include <stdbool.h>

#include "emu/cray_float.h"

/* A word with an exponent near the edges (0, 020000, 040000, 060000, the
 * top) or anywhere, and a coefficient normalised, not, zero or full. */
static uint64_t word(struct test_rng *r)
{
    static const uint64_t exponents[] = {0,      1,      017777, 020000, 020001, 037777,
                                         040000, 040001, 057777, 060000, 060001, 077777};
    uint64_t x = test_rng_next(r), y = test_rng_next(r);
    uint64_t exp = (x & 3) ? exponents[(x >> 2) % 12] + ((x >> 8) & 3) - 1 : (x >> 10);
    exp &= 077777;
    uint64_t coef;
    switch ((x >> 30) & 7) {
    case 0:
        coef = 0;
        break;
    case 1:
        coef = (UINT64_C(1) << 48) - 1;
        break;
    case 2:
        coef = y >> (16 + (x >> 40) % 48);   /* unnormalised */
        break;
    case 3:
        coef = UINT64_C(1) << 47 | (y & 0xFF);
        break;
    default:
        coef = (y | UINT64_C(1) << 47) & ((UINT64_C(1) << 48) - 1);
        break;
    }
    return (x & 0x8000000000000000u) | exp << 48 | coef;
}

static void check_at(unsigned level, const uint64_t *a, const uint64_t *b, unsigned n)
{
    static const enum cray_multiply_kind kinds[] = {CRAY_MUL_FULL, CRAY_MUL_HALF, CRAY_MUL_ROUNDED,
                                                    CRAY_MUL_RECIPROCAL_ITERATION};
    for (int op = 0; op < 6; op++) {
        uint64_t out[64];
        for (unsigned e = 0; e < 64; e++)
            out[e] = 0x5A5A5A5A5A5A5A5Au;
        bool error = op < 4 ? cray_float_multiply_vector_at(level, out, a, b, n, kinds[op])
                            : cray_float_add_vector_at(level, out, a, b, n, op == 5);
        bool expected_error = false;
        for (unsigned e = 0; e < 64; e++) {
            if (e >= n) {
                assert_int_equal(out[e], 0x5A5A5A5A5A5A5A5Au);
                continue;
            }
            bool err;
            uint64_t want = op < 4   ? cray_float_multiply(a[e], b[e], kinds[op], &err)
                            : op == 4 ? cray_float_add(a[e], b[e], &err)
                                      : cray_float_subtract(a[e], b[e], &err);
            if (out[e] != want)
                print_error("level %u op %d lane %u: %016llx, %016llx -> %016llx, element function %016llx\n",
                            level, op, e, (unsigned long long)a[e], (unsigned long long)b[e],
                            (unsigned long long)out[e], (unsigned long long)want);
            assert_int_equal(out[e], want);
            expected_error |= err;
        }
        assert_int_equal(error, expected_error);
    }
}

/* Every SIMD level the host has. */
static void check(const uint64_t *a, const uint64_t *b, unsigned n)
{
    for (unsigned level = 1; level <= cray_float_simd_levels(); level++)
        check_at(level, a, b, n);
}

static void random_words(void **state)
{
    (void)state;
    struct test_rng r = {0x243F6A8885A308D3u};
    for (int round = 0; round < 8000; round++) {
        uint64_t a[64], b[64];
        for (unsigned e = 0; e < 64; e++) {
            a[e] = word(&r);
            /* often close exponents, so that adds cancel and normalise far */
            b[e] = (test_rng_next(&r) & 1) ? (word(&r) & ~(UINT64_C(077777) << 48)) | (a[e] & UINT64_C(077777) << 48)
                                  : word(&r);
            if ((test_rng_next(&r) & 7) == 0)
                b[e] = a[e] ^ (test_rng_next(&r) & 0x800000000000000Fu);
        }
        unsigned n = (unsigned)(test_rng_next(&r) % 64) + 1;
        check(a, b, n);
    }
}

/* Range errors only in the elements past n do not count. */
static void errors_past_length(void **state)
{
    (void)state;
    uint64_t a[64], b[64];
    for (unsigned e = 0; e < 64; e++)
        a[e] = b[e] = UINT64_C(0x4001800000000000);   /* 1.0 */
    a[63] = b[63] = UINT64_C(0x7000800000000000);     /* out of range */
    uint64_t out[64];
    assert_false(cray_float_multiply_vector(out, a, b, 63, CRAY_MUL_FULL));
    assert_false(cray_float_add_vector(out, a, b, 63, false));
    assert_true(cray_float_multiply_vector(out, a, b, 64, CRAY_MUL_FULL));
    assert_true(cray_float_add_vector(out, a, b, 64, false));
    check(a, b, 64);
}

int main(void)
{
    print_message("SIMD levels on this host: %u (1 plain, 2 AVX2, 3 AVX-512, 4 with CD and VPOPCNTDQ)\n",
                  cray_float_simd_levels());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_words),
        cmocka_unit_test(errors_past_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
