/*
 * cray_float.h - bit-exact Cray-1 floating-point arithmetic.
 *
 * The floating add, multiply and reciprocal-approximation units of the
 * machine (section 4 of docs/cray1-isa.md), as pure functions on 64-bit
 * words.  The scalar (062-070) and vector (160-174) instruction executors
 * call these; they know nothing of registers, flags or timing.  A unit's
 * "range error" is returned through *range_error; whether it sets the F
 * register's floating-point error flag (mode IFP, not in monitor mode) is
 * the caller's business.  The conversions to and from host doubles are for
 * tools and tests only: no instruction uses them.  No state, thread-safe.
 *
 * Word format: bit 63 sign (sign-magnitude), bits 62-48 exponent biased by
 * 040000 (in range 020000..057777), bits 47-0 coefficient, a fraction with
 * the binary point left of bit 47 and no hidden bit.
 */
#ifndef C1_EMU_CRAY_FLOAT_H
#define C1_EMU_CRAY_FLOAT_H

#include <stdbool.h>
#include <stdint.h>

/* Floating add (062, 170, 171).  Sets *range_error if an operand exponent
 * is >= 060000 or the result overflows; the result then has exponent 060000.
 * Underflow gives an all-zero word with no error. */
uint64_t cray_float_add(uint64_t a, uint64_t b, bool *range_error);

/* Floating subtract (063, 172, 173): a + (b with its sign flipped). */
uint64_t cray_float_subtract(uint64_t a, uint64_t b, bool *range_error);

enum cray_multiply_kind {
    CRAY_MUL_FULL,                 /* 064, 160, 161  Sj*FSk */
    CRAY_MUL_HALF,                 /* 065, 162, 163  Sj*HSk: 29-bit result */
    CRAY_MUL_ROUNDED,              /* 066, 164, 165  Sj*RSk */
    CRAY_MUL_RECIPROCAL_ITERATION, /* 067, 166, 167  Sj*ISk: 2 - a*b */
};

/* Floating multiply (064-067, 160-167) of the symmetric rev E-01+/1S/X-MP
 * multiplier.  Both exponents 0: integer multiply (high 48 bits of the
 * truncated product, exponent 0).  Exactly one exponent 0: result 0. */
uint64_t cray_float_multiply(uint64_t a, uint64_t b, enum cray_multiply_kind kind,
                             bool *range_error);

/* The multiply and the add / subtract on vector registers: out[e] = a[e] op
 * b[e] for e < n (n <= 64); a and b are read in all 64 elements, out is
 * written in the first n only and may not overlap a or b.  Returns whether
 * any of the n elements had a range error.  Bit-exact with the element
 * functions above, and faster (the host's SIMD: cray_float_vector.c). */
bool cray_float_multiply_vector(uint64_t *out, const uint64_t *a, const uint64_t *b, unsigned n,
                                enum cray_multiply_kind kind);
bool cray_float_add_vector(uint64_t *out, const uint64_t *a, const uint64_t *b, unsigned n,
                           bool subtract);
/* The same at a given level of the host's SIMD: 1 plain C, 2 AVX2, 3 AVX-512,
 * 4 AVX-512 with CD and VPOPCNTDQ (x86-64 with GCC; elsewhere there is only
 * level 1), for tests.  A level
 * above cray_float_simd_levels() must not be asked for. */
unsigned cray_float_simd_levels(void);
bool cray_float_multiply_vector_at(unsigned level, uint64_t *out, const uint64_t *a,
                                   const uint64_t *b, unsigned n, enum cray_multiply_kind kind);
bool cray_float_add_vector_at(unsigned level, uint64_t *out, const uint64_t *a, const uint64_t *b,
                              unsigned n, bool subtract);

/* Reciprocal approximation (070, 174), about 30 bits.  Operand exponent
 * <= 020001 or >= 060000 (including 0): range error, exponent 060000 and
 * coefficient bit 47 cleared. */
uint64_t cray_float_reciprocal(uint64_t a, bool *range_error);

/* Host double -> Cray word, rounded to nearest (ties to even) to a 48-bit
 * normalised coefficient.  +0 and -0 give the all-zero word.  Every finite
 * double is inside the Cray range; +-infinity gives sign | exponent 060000 |
 * coefficient 0x800000000000 and a NaN gives sign | 060000 | 0xC00000000000
 * (the exponent the hardware uses for out-of-range results). */
uint64_t cray_float_from_double(double d);

/* Cray word -> host double.  Exponent field >= 060000: +-HUGE_VAL (infinity).
 * Exponent field < 020000: +-0.0.  Otherwise the value, exact when it fits a
 * double; beyond the double range +-HUGE_VAL; in the subnormal range rounded
 * to nearest, ties to even (possibly to +-0.0).  A zero coefficient gives
 * +-0.0 (the sign kept).  Unnormalised coefficients are handled exactly. */
double cray_float_to_double(uint64_t w);

#endif
