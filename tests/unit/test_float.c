/*
 * test_float.c - unit tests of emu/cray_float: bit-exact Cray-1 floating
 * add, multiply and reciprocal approximation, and the host conversions.
 *
 * Expected values come from the Cray-1 facts C-1 follows (cray1-isa.md
 * section 4 and its Appendix A; docs/machine.md describes the arithmetic) and
 * from data/refdata/cray-fp-vectors.csv, never from this implementation.
 * The oracle_* functions below are straight transcriptions of the section 4
 * reference code (including the 48-step pyramid loop); the emulator's closed
 * forms are compared with them on hundreds of thousands of operand pairs.
 */
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "test_support.h"

#include "emu/cray_float.h"

#define M48 ((UINT64_C(1) << 48) - 1)
#define EMIN 020000
#define EOVF 060000
#define ONE UINT64_C(0x4001800000000000)

/* ---- oracles: the section 4 reference code, transcribed ------------------ */

static uint64_t oracle_add(uint64_t a, uint64_t b, bool *range_error)
{
    int sa = (int)(a >> 63), sb = (int)(b >> 63);
    int ea = (int)(a >> 48) & 077777, eb = (int)(b >> 48) & 077777;
    uint64_t ca = a & M48, cb = b & M48;
    int S, E, s, e;
    uint64_t C, c;
    if (ea >= eb) {
        S = sa; E = ea; C = ca; s = sb; e = eb; c = cb;
    } else {
        S = sb; E = eb; C = cb; s = sa; e = ea; c = ca;
    }
    int d = E - e;
    uint64_t al = d >= 48 ? 0 : c >> d;
    int neg;
    uint64_t m;
    if (S == s) {
        neg = S; m = C + al;
    } else if (C >= al) {
        neg = S; m = C - al;
    } else {
        neg = s; m = al - C;
    }
    bool ovf = E >= EOVF;
    if (m == 0) {
        *range_error = ovf;
        return ovf ? (uint64_t)EOVF << 48 : 0;
    }
    int exp = E;
    if (m >> 48) {
        m >>= 1;
        exp++;
    } else {
        while (!((m >> 47) & 1)) {
            m <<= 1;
            exp--;
        }
    }
    if (ovf || exp >= EOVF) {
        *range_error = true;
        return (uint64_t)neg << 63 | (uint64_t)EOVF << 48 | (m & M48);
    }
    *range_error = false;
    if (exp < EMIN)
        return 0;
    return (uint64_t)neg << 63 | (uint64_t)exp << 48 | (m & M48);
}

/* The reference pyramid: one row per set multiplier bit, truncated at 2^-56. */
static uint64_t oracle_pyramid(uint64_t ca, uint64_t cb)
{
    uint64_t s = 0, wide = ca << 7;
    for (int q = 1; q <= 48; q++)
        if ((cb >> (48 - q)) & 1)
            s += wide >> (q - 1);
    return s;
}

static uint64_t oracle_multiply(uint64_t a, uint64_t b, enum cray_multiply_kind kind,
                                bool *range_error)
{
    int sa = (int)(a >> 63), sb = (int)(b >> 63);
    int ea = (int)(a >> 48) & 077777, eb = (int)(b >> 48) & 077777;
    uint64_t ca = a & M48, cb = b & M48;
    int neg = sa ^ sb;
    bool integer = ea == 0 && eb == 0;
    *range_error = false;
    if (!integer && (ea == 0 || eb == 0))
        return 0;
    uint64_t P = oracle_pyramid(ca, cb), out = 0;
    switch (kind) {
    case CRAY_MUL_FULL: out = P + 9; break;
    case CRAY_MUL_ROUNDED: out = P + 9 + (1 << 6) + (1 << 5); break;
    case CRAY_MUL_HALF: out = P + 9 + (1 << 25) + (1 << 24); break;
    case CRAY_MUL_RECIPROCAL_ITERATION: out = (198 - P) & ((UINT64_C(1) << 56) - 1); break;
    }
    bool noshift = integer || ((out >> 55) & 1);
    uint64_t coef = (noshift ? out >> 8 : out >> 7) & M48;
    if (kind == CRAY_MUL_HALF)
        coef &= ~((UINT64_C(1) << 19) - 1);
    if (integer)
        return (uint64_t)neg << 63 | coef;
    int e = ea + eb - 040000;
    if (ea >= EOVF || eb >= EOVF || e >= EOVF) {
        *range_error = true;
        return (uint64_t)neg << 63 | (uint64_t)EOVF << 48 | coef;
    }
    if (e < EMIN)
        return 0;
    return (uint64_t)neg << 63 | (uint64_t)(noshift ? e : e - 1) << 48 | coef;
}

static uint64_t clr(uint64_t v, int n)
{
    return v & ~((UINT64_C(1) << n) - 1);
}

static uint64_t seed(int i)
{
    uint64_t den = 257 + 2 * (uint64_t)i;
    return ((UINT64_C(1) << 17) + den) / (2 * den);
}

static const int G[7][10] = {
    {8, 2, 2, -1, 2, 2, 2, 2, 2, 3}, {4, 1, 0, 0, 0, 2}, {4, 2, 2, 3, 4, 0},
    {8, 2, 3, 2, 2, 2, 2, 2, 2, 3},  {4, 1, 0, 0, 0, 2}, {4, 2, 2, 3, 4, 0},
    {4, 2, 2, 2, 2, 3},
};

static uint64_t oracle_recip_coef(uint64_t coef)
{
    uint64_t a0 = seed((int)((coef >> 40) & 0177));
    uint64_t b24 = coef >> 24, sq = a0 * a0, prod = 0;
    for (int k = 0; k < 16; k++)
        if ((sq >> k) & 1)
            prod += b24 >> (15 - k);
    uint64_t a1 = ((a0 * ((UINT64_C(1) << 17) + 1) - prod) >> 6) & 0x3FFFF;
    uint64_t wide = ((coef | (UINT64_C(1) << 47)) >> 11) << 3, a1sq = a1 * a1, s = 0;
    int bit = 0;
    for (int g = 0; g < 7; g++) {
        int n = G[g][0];
        uint64_t acc = 0;
        for (int r = 0; r < n; r++, bit++) {
            int drop = G[g][1 + r];
            if (drop >= 0 && ((a1sq >> bit) & 1))
                acc += clr(wide >> (35 - bit), drop);
        }
        s += clr(acc, G[g][1 + n]);
    }
    uint64_t p = ((s >> 4) + ((s >> 3) & 1)) >> 2;
    uint64_t a2 = (a1 << 31) - (p << 14) - 1;
    return (a2 | (UINT64_C(1) << 47)) & UINT64_C(0xFFFFFFFF8000);
}

static uint64_t oracle_reciprocal(uint64_t x, bool *range_error)
{
    uint64_t s = x >> 63, e = (x >> 48) & 077777, c = oracle_recip_coef(x & M48);
    if (e <= 020001 || e >= 060000) {
        *range_error = true;
        return s << 63 | (uint64_t)060000 << 48 | (c & ~(UINT64_C(1) << 47));
    }
    *range_error = false;
    return s << 63 | (uint64_t)(0100001 - e) << 48 | c;
}

/* ---- Appendix A ------------------------------------------------------------ */

enum op {
    OP_ADD,
    OP_MUL_FULL,
    OP_MUL_HALF,
    OP_MUL_ROUNDED,
    OP_MUL_RECIP_ITER,
    OP_RECIPROCAL,
};

static const char *const op_name[] = {"add", "mul", "mulh", "mulr", "mul2m", "recip"};

struct vector {
    int row; /* Appendix A row number */
    enum op op;
    uint64_t a, b, expected;
    int range_error;
};

/* cray1-isa.md Appendix A, rows 1-85 (B is unused by recip). */
static const struct vector appendix_a[] = {
    {1, OP_ADD, 0x4001800000000000, 0x4001800000000000, 0x4002800000000000, 0},
    {2, OP_ADD, 0x4001C00000000000, 0x4001C00000000000, 0x4002C00000000000, 0},
    {3, OP_ADD, 0x4001000FFF000FFF, 0x4002800000000000, 0x40028007FF8007FF, 0},
    {4, OP_ADD, 0xC001FFF000FFF000, 0x4004800000000000, 0x4003C003FFC00400, 0},
    {5, OP_ADD, 0xC000FC0000000000, 0x3FFFF00000000000, 0xC000840000000000, 0},
    {6, OP_ADD, 0x4000FE0000000000, 0x3FFEF80000000000, 0x40019E0000000000, 0},
    {7, OP_ADD, 0x4000FF0000000000, 0x3FFDF40000000000, 0x40018EC000000000, 0},
    {8, OP_ADD, 0xC000FF8000000000, 0xBFE7800000000000, 0xC000FF8000400000, 0},
    {9, OP_ADD, 0x4000FFC000000000, 0x3FFAE80000000000, 0x400181B000000000, 0},
    {10, OP_ADD, 0x4001FFF000FFF000, 0x4004FFF000FFF000, 0x40058FF7008FF700, 0},
    {11, OP_ADD, 0xC002FFF000FFF000, 0x400803FFC003FFC0, 0x0000000000000000, 0},
    {12, OP_ADD, 0x4000800FFF000FFF, 0x400C007FF8007FF8, 0x400487F9006FF800, 0},
    {13, OP_ADD, 0x4001000FFF000FFF, 0x4010000FFF000FFF, 0x4004FFF200DFF000, 0},
    {14, OP_ADD, 0xBFFEFFFFFFFFFFFF, 0x4000800000000001, 0x3FFF800000000004, 0},
    {15, OP_ADD, 0x4001AAAAAAAAAAAA, 0x4001AAAAAAAAAAAA, 0x4002AAAAAAAAAAAA, 0},
    {16, OP_ADD, 0xC001555555555555, 0xC019AAAAAAAAAAAA, 0xC019AAAAAAFFFFFF, 0},
    {17, OP_ADD, 0x4001AAAAAAAAAAAA, 0x4006AAAAAAAAAAAA, 0x4006AFFFFFFFFFFF, 0},
    {18, OP_ADD, 0xC001555555555555, 0x4009AAAAAAAAAAAA, 0x4009AA5555555555, 0},
    {19, OP_ADD, 0x3FFFCF3CF3CF3CF3, 0x400030C30C309861, 0x40009861861836DA, 0},
    {20, OP_ADD, 0x400079E79E79E79E, 0x3FFF861861861861, 0x4000BCF3CF3CF3CE, 0},
    {21, OP_ADD, 0x3FFFFFFFE1FFCCE8, 0xC000800000000000, 0xBFECF00198C00000, 0},
    {22, OP_ADD, 0x3FFF87FFFFFFFFFF, 0x4000800000000000, 0x4000C3FFFFFFFFFF, 0},
    {23, OP_ADD, 0x3FFFFFFFFFFFC3FF, 0x4000800000000000, 0x4000FFFFFFFFE1FF, 0},
    {24, OP_ADD, 0xBFFFFFFFFFFFFFFF, 0x4000FFFFFFFFFFFF, 0x4000800000000000, 0},
    {25, OP_MUL_FULL, 0x4001800000000000, 0x4001800000000000, 0x4001800000000000, 0},
    {26, OP_MUL_FULL, 0x4001C00000000000, 0x4001C00000000000, 0x4002900000000000, 0},
    {27, OP_MUL_FULL, 0x4001000FFF000FFF, 0x4002800000000000, 0x4002000FFF000FFF, 0},
    {28, OP_MUL_FULL, 0xC001FFF000FFF000, 0x4004800000000000, 0xC004FFF000FFF000, 0},
    {29, OP_MUL_FULL, 0xC000FC0000000000, 0x3FFFF00000000000, 0xBFFFEC4000000000, 0},
    {30, OP_MUL_FULL, 0x4000FE0000000000, 0x3FFEF80000000000, 0x3FFEF61000000000, 0},
    {31, OP_MUL_FULL, 0x4000FF0000000000, 0x3FFDF40000000000, 0x3FFDF30C00000000, 0},
    {32, OP_MUL_FULL, 0xC000FF8000000000, 0xBFE7800000000000, 0x3FE6FF8000000000, 0},
    {33, OP_MUL_FULL, 0x4000FFC000000000, 0x3FFAE80000000000, 0x3FFAE7C600000000, 0},
    {34, OP_MUL_FULL, 0x4001FFF000FFF000, 0x4004FFF000FFF000, 0x4005FFE002FFC003, 0},
    {35, OP_MUL_FULL, 0xC002FFF000FFF000, 0x400803FFC003FFC0, 0xC00907FF0017FE00, 0},
    {36, OP_MUL_FULL, 0x4000800FFF000FFF, 0x400C007FF8007FF8, 0x400B008007FE8027, 0},
    {37, OP_MUL_FULL, 0x4001000FFF000FFF, 0x4010000FFF000FFF, 0x4010000001FFC005, 0},
    {38, OP_MUL_FULL, 0xBFFEFFFFFFFFFFFF, 0x4000800000000001, 0xBFFE800000000000, 0},
    {39, OP_MUL_FULL, 0x4001AAAAAAAAAAAA, 0x4001AAAAAAAAAAAA, 0x4001E38E38E38E37, 0},
    {40, OP_MUL_FULL, 0xC001555555555555, 0xC019AAAAAAAAAAAA, 0x401971C71C71C71B, 0},
    {41, OP_MUL_FULL, 0x4001AAAAAAAAAAAA, 0x4006AAAAAAAAAAAA, 0x4006E38E38E38E37, 0},
    {42, OP_MUL_FULL, 0xC001555555555555, 0x4009AAAAAAAAAAAA, 0xC00971C71C71C71B, 0},
    {43, OP_MUL_FULL, 0x3FFFCF3CF3CF3CF3, 0x400030C30C309861, 0x3FFE4EF2A60588FE, 0},
    {44, OP_MUL_FULL, 0x400079E79E79E79E, 0x3FFF861861861861, 0x3FFE7FB5B236911E, 0},
    {45, OP_MUL_FULL, 0x3FFFFFFFE1FFCCE8, 0xC000800000000000, 0xBFFEFFFFE1FFCCE8, 0},
    {46, OP_MUL_FULL, 0x3FFF87FFFFFFFFFF, 0x4000800000000000, 0x3FFE87FFFFFFFFFF, 0},
    {47, OP_MUL_FULL, 0x3FFFFFFFFFFFC3FF, 0x4000800000000000, 0x3FFEFFFFFFFFC3FF, 0},
    {48, OP_MUL_FULL, 0xBFFFFFFFFFFFFFFF, 0x4000FFFFFFFFFFFF, 0xBFFFFFFFFFFFFFFD, 0},
    {49, OP_RECIPROCAL, 0x4001800000000000, 0, 0x4000FFFFFFFF8000, 0},
    {50, OP_RECIPROCAL, 0x4001C00000000000, 0, 0x4000AAAAAAAA8000, 0},
    {51, OP_RECIPROCAL, 0x4002800000000000, 0, 0x3FFFFFFFFFFF8000, 0},
    {52, OP_RECIPROCAL, 0x4004800000000000, 0, 0x3FFDFFFFFFFF8000, 0},
    {53, OP_RECIPROCAL, 0x3FFFF00000000000, 0, 0x4002888888888000, 0},
    {54, OP_RECIPROCAL, 0x3FFEF80000000000, 0, 0x4003842108420000, 0},
    {55, OP_RECIPROCAL, 0x3FFDF40000000000, 0, 0x4004864B8A7D8000, 0},
    {56, OP_RECIPROCAL, 0xBFE7800000000000, 0, 0xC01AFFFFFFFF8000, 0},
    {57, OP_RECIPROCAL, 0x3FFAE80000000000, 0, 0x40078D3DCB088000, 0},
    {58, OP_RECIPROCAL, 0x4004FFF000FFF000, 0, 0x3FFD800800000000, 0},
    {59, OP_RECIPROCAL, 0x400803FFC003FFC0, 0, 0x3FF9F779EBAB0000, 0},
    {60, OP_RECIPROCAL, 0x400C007FF8007FF8, 0, 0x3FF5FEFD12A90000, 0},
    {61, OP_RECIPROCAL, 0x4010000FFF000FFF, 0, 0x3FF1FFDC0A660000, 0},
    {62, OP_RECIPROCAL, 0x4000800000000001, 0, 0x4001FFFFFFFF8000, 0},
    {63, OP_RECIPROCAL, 0x4001AAAAAAAAAAAA, 0, 0x4000BFFFFFFF0000, 0},
    {64, OP_RECIPROCAL, 0xC019AAAAAAAAAAAA, 0, 0xBFE8BFFFFFFF0000, 0},
    {65, OP_RECIPROCAL, 0x4006AAAAAAAAAAAA, 0, 0x3FFBBFFFFFFF0000, 0},
    {66, OP_RECIPROCAL, 0x4009AAAAAAAAAAAA, 0, 0x3FF8BFFFFFFF0000, 0},
    {67, OP_RECIPROCAL, 0x400030C30C309861, 0, 0x4001EA95BD2C0000, 0},
    {68, OP_RECIPROCAL, 0x3FFF861861861861, 0, 0x4002F45D17450000, 0},
    {69, OP_RECIPROCAL, 0xC000800000000000, 0, 0xC001FFFFFFFF8000, 0},
    {70, OP_RECIPROCAL, 0x4000800000000000, 0, 0x4001FFFFFFFF8000, 0},
    {71, OP_RECIPROCAL, 0x4000FFFFFFFFFFFF, 0, 0x4001800000000000, 0},
    {72, OP_RECIPROCAL, 0x0000000000000000, 0, 0x60007FFC02FF0000, 1},
    {73, OP_ADD, 0xC0309D5987E73349, 0xC030A2F555A657D6, 0xC031A0276EC6C58F, 0},
    {74, OP_ADD, 0x40309D5987E73349, 0xC030A2F555A657D6, 0xC02BB379B7E491A0, 0},
    {75, OP_ADD, 0xC0309D5987E73349, 0x4030A2F555A657D6, 0x402BB379B7E491A0, 0},
    {76, OP_ADD, 0x40309D5987E73349, 0x4030A2F555A657D6, 0x4031A0276EC6C58F, 0},
    {77, OP_ADD, 0x4001AAAAAAAAAAAD, 0x4000AAAAAAAAAAA8, 0x4002800000000000, 0},
    {78, OP_MUL_FULL, 0x0000000000000006, 0x0000540000000000, 0x0000000000000002, 0},
    {79, OP_MUL_HALF, 0x400100000001FFFF, 0x4001800000000000, 0x4001000000000000, 0},
    {80, OP_MUL_HALF, 0x400100000003FFFF, 0x4001800000000000, 0x4001000000080000, 0},
    {81, OP_MUL_ROUNDED, 0x4001000000000001, 0x4001A00000000000, 0x4001000000000002, 0},
    {82, OP_MUL_RECIP_ITER, 0x3FFC90395FED8000, 0x4005E333B266F103, 0x40018000000067D9, 0},
    {83, OP_MUL_RECIP_ITER, 0x3FFFB81CF90C0000, 0x4002B1FA3C80DB06, 0x40018000000007E8, 0},
    {84, OP_MUL_RECIP_ITER, 0x3FFCB41C73E80000, 0x4005B5EE9E9E2FA4, 0x4001800000005BB3, 0},
    {85, OP_MUL_RECIP_ITER, 0x3FFF90FE571B0000, 0x4002E1FF0E4AE394, 0x4001800000002DED, 0},
};

static uint64_t apply(enum op op, uint64_t a, uint64_t b, bool *range_error)
{
    switch (op) {
    case OP_ADD: return cray_float_add(a, b, range_error);
    case OP_MUL_FULL: return cray_float_multiply(a, b, CRAY_MUL_FULL, range_error);
    case OP_MUL_HALF: return cray_float_multiply(a, b, CRAY_MUL_HALF, range_error);
    case OP_MUL_ROUNDED: return cray_float_multiply(a, b, CRAY_MUL_ROUNDED, range_error);
    case OP_MUL_RECIP_ITER:
        return cray_float_multiply(a, b, CRAY_MUL_RECIPROCAL_ITERATION, range_error);
    case OP_RECIPROCAL: return cray_float_reciprocal(a, range_error);
    }
    fail_msg("bad op %d", (int)op);
    return 0;
}

/* Checks one vector; prints and returns 1 on a mismatch. */
static int check_vector(const char *where, int row, enum op op, uint64_t a, uint64_t b,
                        uint64_t expected, bool expected_range_error)
{
    bool range_error = !expected_range_error;
    uint64_t got = apply(op, a, b, &range_error);
    if (got == expected && range_error == expected_range_error)
        return 0;
    print_error("%s row %d: %s %016" PRIX64 " %016" PRIX64 ": got %016" PRIX64
                " range %d, expected %016" PRIX64 " range %d\n",
                where, row, op_name[op], a, b, got, (int)range_error, expected,
                (int)expected_range_error);
    return 1;
}

static void test_appendix_a_vectors(void **state)
{
    (void)state;
    size_t n = sizeof appendix_a / sizeof appendix_a[0];
    assert_int_equal(n, 85);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        const struct vector *v = &appendix_a[i];
        assert_int_equal(v->row, (int)i + 1);
        failures += check_vector("Appendix A", v->row, v->op, v->a, v->b, v->expected,
                                 v->range_error != 0);
    }
    assert_int_equal(failures, 0);
}

/* data/refdata/cray-fp-vectors.csv: idx,A,B,sum,product,recip_of_B.
 * All operands are in range, so no row raises a range error (Appendix A
 * rows 1-71 carry the same data with range err 0). */
static void test_refdata_csv(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/cray-fp-vectors.csv", test_refdata_dir());
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot read %s (set C1_REFDATA to the refdata directory)", path);

    char line[512];
    int rows = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\r' ||
            strncmp(line, "idx,", 4) == 0)
            continue;
        int idx;
        uint64_t a, b, sum, product, recip;
        int fields = sscanf(line, "%d,%" SCNx64 ",%" SCNx64 ",%" SCNx64 ",%" SCNx64 ",%" SCNx64,
                            &idx, &a, &b, &sum, &product, &recip);
        if (fields != 6) {
            fclose(f);
            fail_msg("%s: malformed line: %s", path, line);
        }
        failures += check_vector("csv sum", idx, OP_ADD, a, b, sum, false);
        failures += check_vector("csv product", idx, OP_MUL_FULL, a, b, product, false);
        failures += check_vector("csv recip_of_B", idx, OP_RECIPROCAL, b, 0, recip, false);
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 24);
    assert_int_equal(failures, 0);
}

/* ---- Kahan's real-machine sequences (end of Appendix A) ------------------- */

static void kahan_sequence(enum cray_multiply_kind kind, uint64_t a, uint64_t b, uint64_t c)
{
    bool e1, e2, e3;
    uint64_t bb = cray_float_multiply(b, b, kind, &e1);
    uint64_t ac = cray_float_multiply(a, c, kind, &e2);
    uint64_t d = cray_float_subtract(bb, ac, &e3);
    assert_false(e1 || e2 || e3);
    assert_int_equal(d, UINT64_C(0xC031800000000000)); /* -2^48 */
}

static void test_kahan_sequences(void **state)
{
    (void)state;
    kahan_sequence(CRAY_MUL_FULL, UINT64_C(0x4032800000000000), UINT64_C(0x4030FFFFFFFFFFFF),
                   UINT64_C(0x402FFFFFFFFFFFFE));
    kahan_sequence(CRAY_MUL_ROUNDED, UINT64_C(0x40308000095892E6),
                   UINT64_C(0x4030B504FFFFFFFF), UINT64_C(0x4031800008C06C75));
}

/* ---- add / subtract ------------------------------------------------------- */

#define TWO UINT64_C(0x4002800000000000)
#define THREE UINT64_C(0x4002C00000000000)
#define MINUS_ONE UINT64_C(0xC001800000000000)
#define MINUS_TWO UINT64_C(0xC002800000000000)
#define HALF UINT64_C(0x4000800000000000)

static uint64_t sub_ok(uint64_t a, uint64_t b)
{
    bool e = true;
    uint64_t r = cray_float_subtract(a, b, &e);
    assert_false(e);
    return r;
}

static void test_subtract_signs(void **state)
{
    (void)state;
    assert_int_equal(sub_ok(ONE, ONE), 0);             /* never -0 */
    assert_int_equal(sub_ok(MINUS_ONE, MINUS_ONE), 0);
    assert_int_equal(sub_ok(ONE, TWO), MINUS_ONE);
    assert_int_equal(sub_ok(TWO, ONE), ONE);
    assert_int_equal(sub_ok(TWO, MINUS_ONE), THREE);
    assert_int_equal(sub_ok(MINUS_ONE, ONE), MINUS_TWO);
    assert_int_equal(sub_ok(MINUS_ONE, MINUS_TWO), ONE);
    assert_int_equal(sub_ok(0, ONE), MINUS_ONE);
    assert_int_equal(sub_ok(0, MINUS_ONE), ONE);
    assert_int_equal(sub_ok(ONE, 0), ONE);
    assert_int_equal(sub_ok(0, 0), 0);
    assert_int_equal(sub_ok(ONE, HALF), HALF);
    assert_int_equal(sub_ok(HALF, ONE), HALF | UINT64_C(1) << 63);
    /* Appendix A row 74 as a subtraction: 40309D.. - 4030A2.. */
    assert_int_equal(sub_ok(UINT64_C(0x40309D5987E73349), UINT64_C(0x4030A2F555A657D6)),
                     UINT64_C(0xC02BB379B7E491A0));
    /* the add of a value and its negation is exact zero */
    bool e;
    assert_int_equal(cray_float_add(UINT64_C(0x4001AAAAAAAAAAAA), UINT64_C(0xC001AAAAAAAAAAAA), &e),
                     0);
    assert_false(e);
}

/* ---- underflow, overflow, range errors ------------------------------------ */

#define SMALLEST UINT64_C(0x2000800000000000) /* 2^-8193 */
#define LARGEST UINT64_C(0x5FFFFFFFFFFFFFFF)

static void test_underflow_to_zero(void **state)
{
    (void)state;
    bool e = true;
    /* add: the difference normalises below exponent 020000 */
    assert_int_equal(cray_float_subtract(SMALLEST | 1, SMALLEST, &e), 0);
    assert_false(e);
    e = true;
    assert_int_equal(cray_float_add(SMALLEST, 0, &e), SMALLEST); /* still in range */
    assert_false(e);
    /* multiply: E = 020000 + 020000 - 040000 = 0 < 020000 */
    e = true;
    assert_int_equal(cray_float_multiply(SMALLEST, SMALLEST, CRAY_MUL_FULL, &e), 0);
    assert_false(e);
    /* E = 017777 */
    e = true;
    assert_int_equal(cray_float_multiply(SMALLEST, UINT64_C(0x3FFF800000000000), CRAY_MUL_FULL, &e),
                     0);
    assert_false(e);
    /* E = 020000 with a normalising shift gives exponent 017777 (4.3, rev F) */
    e = true;
    assert_int_equal(cray_float_multiply(SMALLEST, HALF, CRAY_MUL_FULL, &e),
                     UINT64_C(0x1FFF800000000000));
    assert_false(e);
    /* E = 020000, no shift: 2^-8193 * 1.0 */
    e = true;
    assert_int_equal(cray_float_multiply(SMALLEST, UINT64_C(0x4000FFFFFFFFFFFF), CRAY_MUL_FULL, &e) >> 48,
                     0x1FFF);
    assert_int_equal(cray_float_multiply(UINT64_C(0x2000C00000000000), UINT64_C(0x4000C00000000000),
                                         CRAY_MUL_FULL, &e),
                     UINT64_C(0x2000900000000000));
    assert_false(e);
}

static void test_overflow_range_error(void **state)
{
    (void)state;
    bool e = false;
    /* add carry out of the largest exponent */
    assert_int_equal(cray_float_add(UINT64_C(0x5FFF800000000000), UINT64_C(0x5FFF800000000000), &e),
                     UINT64_C(0x6000800000000000));
    assert_true(e);
    e = false;
    assert_int_equal(cray_float_add(LARGEST, LARGEST | UINT64_C(1) << 63, &e), 0); /* x - x */
    assert_false(e);
    /* an operand already out of range */
    e = false;
    assert_int_equal(cray_float_add(UINT64_C(0x6000800000000000), ONE, &e) >> 48, 0x6000);
    assert_true(e);
    e = false;
    assert_int_equal(cray_float_add(ONE, UINT64_C(0xE000800000000000), &e) >> 48, 0xE000);
    assert_true(e);
    e = false;
    assert_int_equal(cray_float_add(UINT64_C(0x6000000000000000), 0, &e), UINT64_C(0x6000000000000000));
    assert_true(e);
    /* multiply: E = 057777 + 040002 - 040000 = 060001, tested before normalising */
    e = false;
    assert_int_equal(cray_float_multiply(UINT64_C(0x5FFF800000000000), TWO, CRAY_MUL_FULL, &e),
                     UINT64_C(0x6000800000000000));
    assert_true(e);
    e = false;
    assert_int_equal(cray_float_multiply(UINT64_C(0xDFFF800000000000), TWO, CRAY_MUL_FULL, &e),
                     UINT64_C(0xE000800000000000));
    assert_true(e);
    /* E = 060000 exactly, even though the shifted exponent would be 057777 */
    e = false;
    assert_int_equal(cray_float_multiply(UINT64_C(0x5FFF800000000000), ONE, CRAY_MUL_FULL, &e),
                     UINT64_C(0x6000800000000000));
    assert_true(e);
    /* E = 057777: largest * 1.0 stays in range */
    e = true;
    assert_int_equal(cray_float_multiply(LARGEST, UINT64_C(0x4000FFFFFFFFFFFF), CRAY_MUL_FULL, &e) >> 48,
                     0x5FFF);
    assert_false(e);
    /* an operand exponent >= 060000 although the sum is in range */
    e = false;
    assert_int_equal(cray_float_multiply(UINT64_C(0x6000800000000000), SMALLEST, CRAY_MUL_FULL, &e) >> 48,
                     0x6000);
    assert_true(e);
    /* reciprocal of an out-of-range operand, and of one whose result would overflow */
    e = false;
    assert_int_equal(cray_float_reciprocal(UINT64_C(0x6000800000000000), &e) >> 48, 0x6000);
    assert_true(e);
    e = false;
    assert_int_equal(cray_float_reciprocal(UINT64_C(0x2001800000000000), &e) >> 47,
                     UINT64_C(0x6000) << 1); /* bit 47 cleared */
    assert_true(e);
    e = true;
    assert_int_equal(cray_float_reciprocal(UINT64_C(0x2002800000000000), &e),
                     UINT64_C(0x5FFFFFFFFFFF8000));
    assert_false(e);
}

static void test_reciprocal_of_zero(void **state)
{
    (void)state;
    bool e = false;
    assert_int_equal(cray_float_reciprocal(0, &e), UINT64_C(0x60007FFC02FF0000)); /* row 72 */
    assert_true(e);
    e = false;
    assert_int_equal(cray_float_reciprocal(UINT64_C(1) << 63, &e), UINT64_C(0xE0007FFC02FF0000));
    assert_true(e);
}

/* ---- multiply corner cases -------------------------------------------------- */

static void test_multiply_special_exponents(void **state)
{
    (void)state;
    bool e = true;
    /* exactly one zero exponent: 0, no error, whatever the other operand */
    assert_int_equal(cray_float_multiply(0, ONE, CRAY_MUL_FULL, &e), 0);
    assert_false(e);
    assert_int_equal(cray_float_multiply(MINUS_ONE, UINT64_C(0x0000800000000000), CRAY_MUL_FULL, &e), 0);
    assert_int_equal(cray_float_multiply(UINT64_C(0x6000800000000000), 0, CRAY_MUL_FULL, &e), 0);
    assert_false(e);
    /* integer multiply: 24-bit integers at coefficient bits 2^47..2^24 give
     * their 48-bit product (4.3); sign is the XOR of the signs */
    uint64_t x = UINT64_C(0xABCDEF) << 24, y = UINT64_C(0x123456) << 24;
    assert_int_equal(cray_float_multiply(x, y, CRAY_MUL_FULL, &e), UINT64_C(0xABCDEF) * 0x123456);
    assert_false(e);
    assert_int_equal(cray_float_multiply(x | UINT64_C(1) << 63, y, CRAY_MUL_FULL, &e),
                     UINT64_C(0xABCDEF) * 0x123456 | UINT64_C(1) << 63);
    assert_int_equal(cray_float_multiply(UINT64_C(1) << 63, UINT64_C(1) << 63, CRAY_MUL_FULL, &e), 0);
    /* 1.0 * 1.0 in every kind */
    assert_int_equal(cray_float_multiply(ONE, ONE, CRAY_MUL_FULL, &e), ONE);
    assert_int_equal(cray_float_multiply(ONE, ONE, CRAY_MUL_ROUNDED, &e), ONE);
    assert_int_equal(cray_float_multiply(ONE, ONE, CRAY_MUL_HALF, &e), ONE);
    assert_int_equal(cray_float_multiply(MINUS_ONE, ONE, CRAY_MUL_FULL, &e), MINUS_ONE);
    /* 067 forms the coefficient 1 - cj*ck (modulo 1, in 2^-56 units, plus its
     * round bits) with exponent ej + ek - 040000.  That is 2 - a*b where it is
     * meant to be used, b ~ 1/a (cj*ck just below 0.5, exponent 040001).
     * For 1.0 * 1.0, cj*ck = 0.25, so the result is 0.75 * 2^2 = 3.0. */
    assert_int_equal(cray_float_multiply(ONE, ONE, CRAY_MUL_RECIPROCAL_ITERATION, &e),
                     UINT64_C(0x4002C00000000000));
    /* 1.0 and its reciprocal approximation (Appendix A row 49): just above 1 */
    uint64_t t = cray_float_multiply(ONE, UINT64_C(0x4000FFFFFFFF8000), CRAY_MUL_RECIPROCAL_ITERATION, &e);
    assert_int_equal(t >> 47, UINT64_C(0x4001800000000000) >> 47);
    assert_true(t > ONE && t < ONE + 0x10000);
    assert_false(e);
}

/* ---- division idiom (4.5) and Kahan's division facts ------------------------
 *
 * Section 4.5 forms a*R first and multiplies it by 2 - b*R.  Kahan's facts
 * (end of Appendix A) hold, under the section 4 unit rules, for the other
 * association: the reciprocal refined first, R' = R*(2 - b*R), then a*R'.
 * With the 4.5 order the section 4 code itself gives 21/3 = 7 exactly and
 * X/X < 1 for only about a quarter of X, so both orders are checked: the
 * 4.5 order against the reference-code chain, Kahan's facts with R' first. */

static uint64_t divide_as_in_4_5(uint64_t a, uint64_t b)
{
    bool e1, e2, e3, e4;
    uint64_t r = cray_float_reciprocal(b, &e1);                                 /* S1 /HS2 */
    uint64_t ar = cray_float_multiply(a, r, CRAY_MUL_FULL, &e2);                /* S3 S4*FS1 */
    uint64_t t = cray_float_multiply(b, r, CRAY_MUL_RECIPROCAL_ITERATION, &e3); /* S5 S2*IS1 */
    uint64_t q = cray_float_multiply(ar, t, CRAY_MUL_FULL, &e4);                /* S6 S3*FS5 */
    assert_false(e1 || e2 || e3 || e4);

    bool e;
    uint64_t oracle_r = oracle_reciprocal(b, &e);
    uint64_t oracle_q = oracle_multiply(oracle_multiply(a, oracle_r, CRAY_MUL_FULL, &e),
                                        oracle_multiply(b, oracle_r, CRAY_MUL_RECIPROCAL_ITERATION, &e),
                                        CRAY_MUL_FULL, &e);
    assert_int_equal(q, oracle_q);
    return q;
}

static uint64_t divide_reciprocal_first(uint64_t a, uint64_t b)
{
    bool e1, e2, e3, e4;
    uint64_t r = cray_float_reciprocal(b, &e1);
    uint64_t t = cray_float_multiply(b, r, CRAY_MUL_RECIPROCAL_ITERATION, &e2);
    uint64_t refined = cray_float_multiply(r, t, CRAY_MUL_FULL, &e3);
    uint64_t q = cray_float_multiply(a, refined, CRAY_MUL_FULL, &e4);
    assert_false(e1 || e2 || e3 || e4);
    return q;
}

static double magnitude(double x) /* no libm needed */
{
    return x < 0 ? -x : x;
}

static bool close_to(uint64_t w, double expected)
{
    return magnitude(cray_float_to_double(w) - expected) <= magnitude(expected) * 0x1p-44;
}

#define TWENTY_ONE UINT64_C(0x4005A80000000000)
#define SEVEN UINT64_C(0x4003E00000000000)
#define SIXTY_TWO UINT64_C(0x4006F80000000000)
#define SIXTY_THREE UINT64_C(0x4006FC0000000000)

static void test_division_idiom(void **state)
{
    (void)state;
    assert_true(close_to(divide_as_in_4_5(TWENTY_ONE, THREE), 7.0));
    assert_int_equal(divide_as_in_4_5(ONE, ONE), ONE);
    assert_int_equal(divide_reciprocal_first(ONE, ONE), ONE);
    assert_true(close_to(divide_as_in_4_5(UINT64_C(0x400CF42000000000), SIXTY_THREE), 62.0));

    struct { uint64_t a, b; double q; } cases[] = {
        {ONE, THREE, 1.0 / 3.0}, {TWO, THREE, 2.0 / 3.0}, {SEVEN, THREE, 7.0 / 3.0},
        {MINUS_ONE, THREE, -1.0 / 3.0}, {UINT64_C(0x3FFDCCCCCCCCCCCD), SEVEN, 0.1 / 7.0},
        {SIXTY_THREE, UINT64_C(0xC003E00000000000), -9.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_true(close_to(divide_as_in_4_5(cases[i].a, cases[i].b), cases[i].q));
        assert_true(close_to(divide_reciprocal_first(cases[i].a, cases[i].b), cases[i].q));
    }
}

static void test_kahan_division_facts(void **state)
{
    (void)state;
    /* 21.0/3.0 is close to 7 but not exactly 7 */
    uint64_t q = divide_reciprocal_first(TWENTY_ONE, THREE);
    assert_int_not_equal(q, SEVEN);
    assert_true(close_to(q, 7.0));

    /* (62.0*63.0)/63.0 is not an integer; 62*63 = 3906 itself is exact */
    bool e;
    uint64_t product = cray_float_multiply(SIXTY_TWO, SIXTY_THREE, CRAY_MUL_FULL, &e);
    assert_int_equal(product, UINT64_C(0x400CF42000000000));
    q = divide_reciprocal_first(product, SIXTY_THREE);
    assert_true(close_to(q, 62.0));
    double qd = cray_float_to_double(q);
    assert_true(qd != (double)(int64_t)qd);

    /* with *F multiplies X/X < 1 for about half of random X */
    uint64_t s = 12345;
    int below = 0, n = 4000;
    for (int i = 0; i < n; i++) {
        s = s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        uint64_t x = UINT64_C(0x4000800000000000) | (s >> 16 & M48);
        uint64_t xx = divide_reciprocal_first(x, x);
        assert_true(close_to(xx, 1.0));
        below += cray_float_to_double(xx) < 1.0;
    }
    assert_true(below > 2 * n / 5 && below < 3 * n / 5);
}

/* ---- host conversions -------------------------------------------------------- */

static void round_trip(double d, uint64_t word)
{
    assert_int_equal(cray_float_from_double(d), word);
    assert_true(cray_float_to_double(word) == d);
}

static void test_conversions(void **state)
{
    (void)state;
    round_trip(1.0, ONE);
    round_trip(2.0, TWO);
    round_trip(0.5, HALF);
    round_trip(-1.0, MINUS_ONE);
    round_trip(3.0, THREE);
    round_trip(1024.0, UINT64_C(0x400B800000000000));
    round_trip(1.0 / 1024.0, UINT64_C(0x3FF7800000000000));
    round_trip(0.0, 0);
    assert_int_equal(cray_float_from_double(-0.0), 0);

    /* 0.1 and 1/3 round to nearest (4.1 examples) */
    assert_int_equal(cray_float_from_double(0.1), UINT64_C(0x3FFDCCCCCCCCCCCD));
    assert_int_equal(cray_float_from_double(1.0 / 3.0), UINT64_C(0x3FFFAAAAAAAAAAAB));
    assert_true(close_to(UINT64_C(0x3FFDCCCCCCCCCCCD), 0.1));
    assert_true(magnitude(cray_float_to_double(UINT64_C(0x3FFDCCCCCCCCCCCD)) - 0.1) < 0.1 * 0x1p-47);

    /* ties to even at the 48th coefficient bit: 1 + 2^-48 is half an ulp */
    assert_int_equal(cray_float_from_double(1.0 + 0x1p-48), ONE);
    assert_int_equal(cray_float_from_double(1.0 + 3 * 0x1p-48), ONE + 2);
    assert_int_equal(cray_float_from_double(1.0 + 0x1p-47), ONE + 1);
    /* rounding up carries into the exponent: 1 - 2^-53 -> 1.0 */
    assert_int_equal(cray_float_from_double(1.0 - 0x1p-53), ONE);
    /* largest double, smallest subnormal double: inside the Cray range */
    round_trip(0x1p-1074, UINT64_C(0x3BCF800000000000));
    assert_int_equal(cray_float_from_double(-0x1p-1074), UINT64_C(0xBBCF800000000000));

    /* out of the Cray range: exponent 060000 */
    assert_int_equal(cray_float_from_double(HUGE_VAL) >> 48, 0x6000);
    assert_int_equal(cray_float_from_double(-HUGE_VAL) >> 48, 0xE000);
    assert_int_equal(cray_float_from_double(NAN) >> 48 & 077777, 060000);

    /* Cray values outside the double range */
    assert_true(cray_float_to_double(UINT64_C(0x6000800000000000)) == HUGE_VAL);
    assert_true(cray_float_to_double(UINT64_C(0xE000800000000000)) == -HUGE_VAL);
    assert_true(cray_float_to_double(LARGEST) == HUGE_VAL);
    assert_true(cray_float_to_double(SMALLEST) == 0.0);
    assert_true(cray_float_to_double(UINT64_C(0x1FFF800000000000)) == 0.0);
    assert_true(cray_float_to_double(UINT64_C(0x0000000000000006)) == 0.0);
    /* unnormalised coefficient: 0x4001400000000000 is 0.25 * 2 */
    assert_true(cray_float_to_double(UINT64_C(0x4001400000000000)) == 0.5);
    /* subnormal double results, rounded to nearest, ties to even (units of 2^-1074) */
    assert_true(cray_float_to_double(UINT64_C(0x3BCFC00000000000)) == 0x1p-1073); /* 1.5 -> 2 */
    assert_true(cray_float_to_double(UINT64_C(0x3BCEC00000000000)) == 0x1p-1074); /* 0.75 -> 1 */
    assert_true(cray_float_to_double(UINT64_C(0x3BCE800000000000)) == 0.0);      /* 0.5 -> 0 */
    assert_true(cray_float_to_double(UINT64_C(0x3BD0E00000000000)) == 0x1p-1072);  /* 3.5 -> 4 */
    assert_true(cray_float_to_double(UINT64_C(0x3BD0A00000000000)) == 0x1p-1073);  /* 2.5 -> 2 */
}

/* ---- the closed forms against the reference code ---------------------------- */

struct rng {
    uint64_t state;
};

static uint64_t next_random(struct rng *r)
{
    uint64_t z = (r->state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A 48-bit coefficient: random, sparse, dense, runs of ones, single bits. */
static uint64_t random_coefficient(struct rng *r)
{
    uint64_t x = next_random(r);
    switch (next_random(r) % 10) {
    case 0: x &= next_random(r) & next_random(r); break;
    case 1: x |= next_random(r) | next_random(r); break;
    case 2: x = ~UINT64_C(0) >> (next_random(r) % 64); break;
    case 3: x = ~UINT64_C(0) << (next_random(r) % 64); break;
    case 4: x = (UINT64_C(1) << (next_random(r) % 48)) - (next_random(r) % 3); break;
    case 5: x >>= next_random(r) % 48; break;
    case 6: x = M48 ^ (UINT64_C(1) << (next_random(r) % 48)); break;
    case 7: x = UINT64_C(0x555555555555) ^ (x & next_random(r) & next_random(r)); break;
    default: break;
    }
    x &= M48;
    if (next_random(r) % 4)
        x |= UINT64_C(1) << 47; /* mostly normalised */
    return x;
}

static uint64_t random_exponent(struct rng *r)
{
    static const unsigned edges[] = {0,      1,      017777, 020000, 020001, 020002,
                                     037777, 040000, 040001, 057776, 057777, 060000,
                                     060001, 077777};
    switch (next_random(r) % 4) {
    case 0: return edges[next_random(r) % (sizeof edges / sizeof edges[0])];
    case 1: return next_random(r) & 077777;
    default: return 040000 + (next_random(r) % 64) - 32;
    }
}

static uint64_t random_word(struct rng *r)
{
    return (next_random(r) & UINT64_C(1) << 63) | random_exponent(r) << 48 | random_coefficient(r);
}

/* A second operand: often near the first in exponent, so the add aligns. */
static uint64_t random_partner(struct rng *r, uint64_t a)
{
    uint64_t b = random_word(r);
    if (next_random(r) % 2) {
        uint64_t e = ((a >> 48 & 077777) + next_random(r) % 100 - 50) & 077777;
        b = (b & ~(UINT64_C(077777) << 48)) | e << 48;
    }
    return b;
}

/* Operand pairs per randomised comparison; build with -DRANDOM_PAIRS=... for
 * a longer soak. */
#ifndef RANDOM_PAIRS
#define RANDOM_PAIRS 200000
#endif

static void test_add_matches_reference(void **state)
{
    (void)state;
    struct rng r = {1};
    int failures = 0;
    for (int i = 0; i < RANDOM_PAIRS && failures < 10; i++) {
        uint64_t a = random_word(&r), b = random_partner(&r, a);
        bool oe, ge;
        uint64_t want = oracle_add(a, b, &oe);
        failures += check_vector("random", i, OP_ADD, a, b, want, oe);
        want = oracle_add(a, b ^ UINT64_C(1) << 63, &oe);
        uint64_t got = cray_float_subtract(a, b, &ge);
        if (got != want || ge != oe) {
            print_error("subtract %016" PRIX64 " %016" PRIX64 "\n", a, b);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void test_multiply_matches_reference(void **state)
{
    (void)state;
    static const enum op ops[] = {OP_MUL_FULL, OP_MUL_HALF, OP_MUL_ROUNDED, OP_MUL_RECIP_ITER};
    static const enum cray_multiply_kind kinds[] = {
        CRAY_MUL_FULL, CRAY_MUL_HALF, CRAY_MUL_ROUNDED, CRAY_MUL_RECIPROCAL_ITERATION};
    struct rng r = {2};
    int failures = 0;
    for (int i = 0; i < RANDOM_PAIRS && failures < 10; i++) {
        uint64_t a = random_word(&r), b = random_word(&r);
        if (i % 8 == 0) { /* integer multiply */
            a &= ~(UINT64_C(077777) << 48);
            b &= ~(UINT64_C(077777) << 48);
        }
        for (int k = 0; k < 4; k++) {
            bool oe, ge;
            uint64_t want = oracle_multiply(a, b, kinds[k], &oe);
            failures += check_vector("random", i, ops[k], a, b, want, oe);
            if (cray_float_multiply(b, a, kinds[k], &ge) != want || ge != oe) {
                print_error("not commutative: %016" PRIX64 " %016" PRIX64 "\n", a, b);
                failures++;
            }
        }
    }
    assert_int_equal(failures, 0);
}

/* The pyramid itself, through the integer multiply (both exponents 0), which
 * returns bits 2^55..2^8 of P + 9 unnormalised (the lower bits of P show
 * through carries, and through the rounded forms in the test above). */
static void test_pyramid_matches_reference(void **state)
{
    (void)state;
    struct rng r = {3};
    int failures = 0;
    for (int i = 0; i < RANDOM_PAIRS && failures < 10; i++) {
        uint64_t ca = random_coefficient(&r), cb = random_coefficient(&r);
        bool e;
        uint64_t want = ((oracle_pyramid(ca, cb) + 9) >> 8) & M48;
        uint64_t got = cray_float_multiply(ca, cb, CRAY_MUL_FULL, &e);
        if (got != want) {
            print_error("pyramid %012" PRIX64 " %012" PRIX64 ": got %012" PRIX64
                        " expected %012" PRIX64 "\n", ca, cb, got, want);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void test_reciprocal_matches_reference(void **state)
{
    (void)state;
    struct rng r = {4};
    int failures = 0;
    /* every seed-table index, with random and extreme low bits */
    for (uint64_t i = 0; i < 128; i++) {
        uint64_t lows[] = {0, M48 >> 8, next_random(&r) & (M48 >> 8)};
        for (int j = 0; j < 3; j++) {
            uint64_t x = UINT64_C(0x4000800000000000) | i << 40 | lows[j];
            bool oe;
            uint64_t want = oracle_reciprocal(x, &oe);
            failures += check_vector("seed", (int)i, OP_RECIPROCAL, x, 0, want, oe);
        }
    }
    for (int i = 0; i < RANDOM_PAIRS && failures < 10; i++) {
        uint64_t x = random_word(&r);
        bool oe;
        uint64_t want = oracle_reciprocal(x, &oe);
        failures += check_vector("random", i, OP_RECIPROCAL, x, 0, want, oe);
    }
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appendix_a_vectors),
        cmocka_unit_test(test_refdata_csv),
        cmocka_unit_test(test_kahan_sequences),
        cmocka_unit_test(test_subtract_signs),
        cmocka_unit_test(test_underflow_to_zero),
        cmocka_unit_test(test_overflow_range_error),
        cmocka_unit_test(test_reciprocal_of_zero),
        cmocka_unit_test(test_multiply_special_exponents),
        cmocka_unit_test(test_division_idiom),
        cmocka_unit_test(test_kahan_division_facts),
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_add_matches_reference),
        cmocka_unit_test(test_multiply_matches_reference),
        cmocka_unit_test(test_pyramid_matches_reference),
        cmocka_unit_test(test_reciprocal_matches_reference),
    };
    return cmocka_run_group_tests_name("cray_float", tests, NULL, NULL);
}
