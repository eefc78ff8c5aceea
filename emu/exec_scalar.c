/*
 * exec_scalar.c - executors of the A, B, S and T register instructions
 * (020-033, 040-077) and the scalar memory references (100-137), with the
 * semantics of cray1-isa.md 3.3-3.5.  Floating point is cray_float.c's.
 */
#include <stdbool.h>

#include "cray_float.h"
#include "exec.h"

/* ---- A registers -------------------------------------------------------- */

void exec_a_const(struct cpu *cpu, unsigned p, unsigned m) { cpu->a[isa_i(p)] = isa_jkm(p, m); }

void exec_a_const_complement(struct cpu *cpu, unsigned p, unsigned m)
{
    cpu->a[isa_i(p)] = ~isa_jkm(p, m) & A_MASK;
}

void exec_a_const_short(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = isa_jk(p);
}

void exec_a_from_s(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = (uint32_t)op_sj(cpu, p) & A_MASK;
}

void exec_a_from_b(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = cpu->b[isa_jk(p)];
}

void exec_b_from_a(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->b[isa_jk(p)] = cpu->a[isa_i(p)];
}

void exec_a_population(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = (uint32_t)__builtin_popcountll(op_sj(cpu, p));
}

void exec_a_parity(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = (uint32_t)__builtin_parityll(op_sj(cpu, p));
}

void exec_a_leading_zeros(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    uint64_t s = op_sj(cpu, p);
    cpu->a[isa_i(p)] = s ? (uint32_t)__builtin_clzll(s) : 64;
}

void exec_a_add(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = (op_aj(cpu, p) + op_ak(cpu, p)) & A_MASK;
}

void exec_a_subtract(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = (op_aj(cpu, p) - op_ak(cpu, p)) & A_MASK;
}

void exec_a_multiply(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    /* j = 0 gives 0 whatever Ak is (cray1-isa.md 2.2). */
    cpu->a[isa_i(p)] = (uint32_t)(((uint64_t)op_aj(cpu, p) * op_ak(cpu, p)) & A_MASK);
}

/* No I/O channels are attached to C-1's processors: the OS is the monitor
 * and does its I/O itself, so no channel ever interrupts or errs. */
void exec_a_channel_interrupt(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = 0;
}

void exec_a_channel_address(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = 0;
}

void exec_a_channel_error(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = 0;
}

/* ---- block transfers 034-037 ------------------------------------------- */

static unsigned block_count(const struct cpu *cpu, unsigned p)
{
    return cpu->a[isa_i(p)] & 0177;   /* i = 0: A0 is both count and address */
}

void exec_block_load_b(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = block_count(cpu, p), jk = isa_jk(p);
    uint32_t address = cpu->a[0];
    for (unsigned t = 0; t < n; t++)
        cpu->b[(jk + t) & 077] = (uint32_t)read_data(cpu, address + t) & A_MASK;
}

void exec_block_store_b(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = block_count(cpu, p), jk = isa_jk(p);
    uint32_t address = cpu->a[0];
    for (unsigned t = 0; t < n; t++)
        write_data(cpu, address + t, cpu->b[(jk + t) & 077]);
}

void exec_block_load_t(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = block_count(cpu, p), jk = isa_jk(p);
    uint32_t address = cpu->a[0];
    for (unsigned t = 0; t < n; t++)
        cpu->t[(jk + t) & 077] = read_data(cpu, address + t);
}

void exec_block_store_t(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = block_count(cpu, p), jk = isa_jk(p);
    uint32_t address = cpu->a[0];
    for (unsigned t = 0; t < n; t++)
        write_data(cpu, address + t, cpu->t[(jk + t) & 077]);
}

/* ---- S registers --------------------------------------------------------- */

void exec_s_const(struct cpu *cpu, unsigned p, unsigned m) { cpu->s[isa_i(p)] = isa_jkm(p, m); }

void exec_s_const_complement(struct cpu *cpu, unsigned p, unsigned m)
{
    cpu->s[isa_i(p)] = ~(uint64_t)isa_jkm(p, m);
}

void exec_s_mask_right(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = ~UINT64_C(0) >> isa_jk(p);
}

void exec_s_mask_left(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned jk = isa_jk(p);
    cpu->s[isa_i(p)] = jk ? ~(~UINT64_C(0) >> jk) : 0;
}

void exec_s_and(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = op_sj(cpu, p) & op_sk(cpu, p);
}

void exec_s_and_not(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = op_sj(cpu, p) & ~op_sk(cpu, p);
}

void exec_s_xor(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = op_sj(cpu, p) ^ op_sk(cpu, p);
}

void exec_s_xnor(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = ~(op_sj(cpu, p) ^ op_sk(cpu, p));
}

void exec_s_merge(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    uint64_t mask = op_sk(cpu, p);
    unsigned i = isa_i(p);
    cpu->s[i] = (op_sj(cpu, p) & mask) | (cpu->s[i] & ~mask);
}

void exec_s_or(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = op_sj(cpu, p) | op_sk(cpu, p);
}

static uint64_t shift_right_encoded(uint64_t value, unsigned jk)
{
    return jk ? value >> (64 - jk) : 0;   /* the count is encoded as 64 - jk */
}

void exec_s0_shift_left(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[0] = cpu->s[isa_i(p)] << isa_jk(p);
}

void exec_s0_shift_right(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[0] = shift_right_encoded(cpu->s[isa_i(p)], isa_jk(p));
}

void exec_s_shift_left(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] <<= isa_jk(p);
}

void exec_s_shift_right(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned i = isa_i(p);
    cpu->s[i] = shift_right_encoded(cpu->s[i], isa_jk(p));
}

/* 056: high 64 bits of (Si:Sj) << n;  057: low 64 bits of (Sj:Si) >> n. */
void exec_s_double_shift_left(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned i = isa_i(p);
    uint32_t n = op_ak(cpu, p);
    uint64_t hi = cpu->s[i], lo = op_sj(cpu, p);
    if (n > 127)
        cpu->s[i] = 0;
    else if (n >= 64)
        cpu->s[i] = lo << (n - 64);
    else if (n == 0)
        cpu->s[i] = hi;
    else
        cpu->s[i] = (hi << n) | (lo >> (64 - n));
}

void exec_s_double_shift_right(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned i = isa_i(p);
    uint32_t n = op_ak(cpu, p);
    uint64_t hi = op_sj(cpu, p), lo = cpu->s[i];
    if (n > 127)
        cpu->s[i] = 0;
    else if (n >= 64)
        cpu->s[i] = hi >> (n - 64);
    else if (n == 0)
        cpu->s[i] = lo;
    else
        cpu->s[i] = (lo >> n) | (hi << (64 - n));
}

void exec_s_add(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = op_sj(cpu, p) + op_sk(cpu, p);
}

void exec_s_subtract(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = op_sj(cpu, p) - op_sk(cpu, p);
}

static void float_result(struct cpu *cpu, unsigned i, uint64_t value, bool range_error)
{
    cpu->s[i] = value;
    cpu->flops++;
    if (range_error)
        floating_error(cpu);
}

void exec_s_float_add(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    bool err;
    uint64_t r = cray_float_add(op_sj(cpu, p), op_sk(cpu, p), &err);
    float_result(cpu, isa_i(p), r, err);
}

void exec_s_float_subtract(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    bool err;
    uint64_t r = cray_float_subtract(op_sj(cpu, p), op_sk(cpu, p), &err);
    float_result(cpu, isa_i(p), r, err);
}

static void scalar_multiply(struct cpu *cpu, unsigned p, enum cray_multiply_kind kind)
{
    bool err;
    uint64_t r = cray_float_multiply(op_sj(cpu, p), op_sk(cpu, p), kind, &err);
    float_result(cpu, isa_i(p), r, err);
}

void exec_s_float_multiply(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    scalar_multiply(cpu, p, CRAY_MUL_FULL);
}

void exec_s_half_multiply(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    scalar_multiply(cpu, p, CRAY_MUL_HALF);
}

void exec_s_rounded_multiply(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    scalar_multiply(cpu, p, CRAY_MUL_ROUNDED);
}

void exec_s_reciprocal_iteration(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    scalar_multiply(cpu, p, CRAY_MUL_RECIPROCAL_ITERATION);
}

void exec_s_reciprocal(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    bool err;
    uint64_t r = cray_float_reciprocal(op_sj(cpu, p), &err);
    float_result(cpu, isa_i(p), r, err);
}

void exec_s_from_a(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = op_ak(cpu, p);
}

void exec_s_from_a_signed(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = (uint64_t)(int64_t)sext24(op_ak(cpu, p));
}

/* 071i2k: an unnormalised float with exponent 040060 and |Ak| as its
 * coefficient, the sign from bit 23 of Ak. */
void exec_s_from_a_float(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    uint32_t a = op_ak(cpu, p);
    int32_t value = sext24(a);
    uint64_t magnitude = (uint64_t)(value < 0 ? -(int64_t)value : value);
    uint64_t sign = (uint64_t)(value < 0) << 63;
    cpu->s[isa_i(p)] = sign | (UINT64_C(040060) << 48) | magnitude;
}

/* 071i3x-071i7x: the constants 0.75*2^48, 0.5, 1.0, 2.0, 4.0. */
void exec_s_constant_table(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    static const uint64_t constants[8] = {
        0, 0, 0, UINT64_C(0x4030C00000000000), UINT64_C(0x4000800000000000),
        UINT64_C(0x4001800000000000), UINT64_C(0x4002800000000000), UINT64_C(0x4003800000000000),
    };
    cpu->s[isa_i(p)] = constants[isa_j(p)];
}

void exec_s_from_rt(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = cpu_rt(cpu);
}

void exec_s_from_vm(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = cpu->vm;
}

void exec_s_from_t(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = cpu->t[isa_jk(p)];
}

void exec_t_from_s(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->t[isa_jk(p)] = cpu->s[isa_i(p)];
}

void exec_s_from_v_element(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->s[isa_i(p)] = cpu->v[isa_j(p)][op_ak(cpu, p) & 077];
}

void exec_v_element_from_s(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->v[isa_i(p)][op_ak(cpu, p) & 077] = op_sj(cpu, p);
}

/* ---- scalar memory 10h-13h ----------------------------------------------- */

static uint32_t scalar_address(const struct cpu *cpu, unsigned p, unsigned m)
{
    uint32_t jkm = isa_jkm(p, m);
    uint32_t displacement = (jkm & 0x200000) ? jkm | 0xC00000 : jkm;   /* sext22 */
    return (op_ah(cpu, p) + displacement) & A_MASK;
}

void exec_load_a(struct cpu *cpu, unsigned p, unsigned m)
{
    cpu->a[isa_i(p)] = (uint32_t)read_data(cpu, scalar_address(cpu, p, m)) & A_MASK;
}

void exec_store_a(struct cpu *cpu, unsigned p, unsigned m)
{
    write_data(cpu, scalar_address(cpu, p, m), cpu->a[isa_i(p)]);
}

void exec_load_s(struct cpu *cpu, unsigned p, unsigned m)
{
    cpu->s[isa_i(p)] = read_data(cpu, scalar_address(cpu, p, m));
}

void exec_store_s(struct cpu *cpu, unsigned p, unsigned m)
{
    write_data(cpu, scalar_address(cpu, p, m), cpu->s[isa_i(p)]);
}
