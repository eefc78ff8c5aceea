/*
 * exec.h - internals shared by the instruction executors (exec_*.c) and the
 * instruction loop (cpu.c): the executor prototypes, generated from the
 * instruction table, and the operand, memory and flag helpers every
 * executor uses.  Not a public header.
 */
#ifndef C1_EMU_EXEC_H
#define C1_EMU_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "isa.h"

/* One prototype per table row (rows that share an executor repeat it). */
#define ROW(match, mask, parcels, exec, unit, time, models, feature, flags, result, operand)   \
    void exec_##exec(struct cpu *cpu, unsigned parcel, unsigned m);
#include "isa_table.def"
#undef ROW

/* Out-of-range vector and scalar loads on the Cray-1 return an undefined
 * value (cray1-isa.md open question 7); C-1 returns this one, as the X-MP
 * does. */
#define RANGE_READ_VALUE 0

/* Operands with the register-0 rules of cray1-isa.md 2.2. */
static inline uint32_t op_aj(const struct cpu *cpu, unsigned p)
{
    unsigned j = isa_j(p);
    return j ? cpu->a[j] : 0;
}
static inline uint32_t op_ak(const struct cpu *cpu, unsigned p)
{
    unsigned k = isa_k(p);
    return k ? cpu->a[k] : 1;
}
static inline uint32_t op_ah(const struct cpu *cpu, unsigned p)
{
    unsigned h = isa_h(p);
    return h ? cpu->a[h] : 0;
}
static inline uint64_t op_sj(const struct cpu *cpu, unsigned p)
{
    unsigned j = isa_j(p);
    return j ? cpu->s[j] : 0;
}
static inline uint64_t op_sk(const struct cpu *cpu, unsigned p)
{
    unsigned k = isa_k(p);
    return k ? cpu->s[k] : UINT64_C(1) << 63;
}

/* Raise a flag as the hardware does: in monitor mode only a memory error
 * sets (cray1-isa.md 5.3 rule 1). */
static inline void raise_flag(struct cpu *cpu, uint32_t flag)
{
    if (!(cpu->modes & MODE_MONITOR) || flag == FLAG_MEMORY_ERROR)
        cpu->flags |= flag;
}

/* An operand range error: the Cray-1 always flags it; the X-MP only with
 * mode IOR. */
static inline void operand_range_error(struct cpu *cpu)
{
    if (cpu->model == MODEL_CRAY1 || (cpu->modes & MODE_RANGE_INTERRUPT))
        raise_flag(cpu, FLAG_OPERAND_RANGE);
}

/* A floating-point range error: flagged only with mode IFP. */
static inline void floating_error(struct cpu *cpu)
{
    cpu->modes |= MODE_FP_STATUS;
    if (cpu->modes & MODE_FP_INTERRUPT)
        raise_flag(cpu, FLAG_FLOATING_ERROR);
}

/* Data references: rel is a 24-bit address relative to the data base. */
static inline bool data_absolute(const struct cpu *cpu, uint32_t rel, uint32_t *absolute)
{
    uint32_t abs = cpu->base + (rel & A_MASK);
    *absolute = abs;
    return abs < cpu->limit && abs < cpu->memory->size;
}

static inline uint64_t read_data(struct cpu *cpu, uint32_t rel)
{
    uint32_t abs;
    if (data_absolute(cpu, rel, &abs))
        return cpu->memory->word[abs];
    operand_range_error(cpu);
    return RANGE_READ_VALUE;
}

static inline void write_data(struct cpu *cpu, uint32_t rel, uint64_t value)
{
    uint32_t abs;
    if (data_absolute(cpu, rel, &abs))
        cpu->memory->word[abs] = value;
    else
        operand_range_error(cpu);
}

/* Sign-extend a 24-bit A value. */
static inline int32_t sext24(uint32_t v) { return (int32_t)(v << 8) >> 8; }

#endif
