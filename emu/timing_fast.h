/*
 * timing_fast.h - the timing model's fast path (timing.h), inlined into the
 * instruction loop (cpu.c): the issue of a scalar instruction whose figures
 * were worked out beforehand (struct timing_fast_row per row, struct
 * timing_slot per decoded parcel).  Gives exactly the clocks of
 * timing_issue() and timing_complete() for the rows it takes (tests check
 * one against the other: test_timing_fast.c).  Not a public header.
 */
#ifndef C1_EMU_TIMING_FAST_H
#define C1_EMU_TIMING_FAST_H

#include "cpu.h"

static inline __attribute__((always_inline)) uint64_t max_clock(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

/* Issue at clock or later: returns the clock the instruction issues at.
 * (The caller keeps the clock in a local, not in cpu->clock.) */
static inline __attribute__((always_inline)) uint64_t
timing_issue_fast(struct cpu *cpu, uint64_t clock, const struct timing_slot *slot,
                  const struct timing_fast_row *f, unsigned parcel, unsigned m)
{
    struct timing_state *ts = &cpu->timing;
    /* (A fetch's delay is already in fetch_ready: run_loop puts it there.) */
    /* The clock of one issue feeds the next: it meets the other bounds in
     * a single maximum, at the end, so that this chain stays short. */
    const uint64_t *ready = ts->reg_ready;
    uint64_t w = max_clock(max_clock(ready[slot->wait[0]], ready[slot->wait[1]]),
                           max_clock(ready[slot->wait[2]], ready[slot->wait[3]]));
    uint64_t bound = max_clock(max_clock(ts->fetch_ready, ts->unit_free[f->unit]), w + f->hold);
    uint64_t t = max_clock(clock, bound);
    unsigned bank = 0;
    if (f->kind == TIMING_SCALAR_MEMORY) {
        t = max_clock(t, ts->port_free);
        uint32_t jkm = isa_jkm(parcel, m);
        uint32_t displacement = (jkm & 0x200000) ? jkm | 0xC00000 : jkm;
        unsigned h = isa_h(parcel);
        uint32_t rel = ((h ? cpu->a[h] : 0) + displacement) & A_MASK;
        bank = (cpu->base + rel) & (cpu->timing_params.memory_banks - 1u);
        t = max_clock(t, ts->bank_free[bank]);
    }
    uint64_t result = t + f->arrival;
    if (slot->write != TIMING_WRITE_NONE) {
        /* One result a clock enters each of the A and S files. */
        uint64_t *path = ts->path[f->path];
        while (path[result & 63] == result) {
            t++;
            result++;
        }
        path[result & 63] = result;
    }
    ts->reg_ready[slot->write] = result;
    if (f->kind == TIMING_SCALAR_MEMORY)
        ts->bank_free[bank] = t + cpu->timing_params.bank_busy;
    return t;
}

/* Issue of a vector instruction (TIMING_VECTOR): the holds of check_holds
 * in the same order, again after every raise, then the reservations of
 * timing_issue.  Returns the issue clock. */
static inline __attribute__((always_inline)) uint64_t
timing_issue_vector(struct cpu *cpu, uint64_t clock, const struct timing_slot *slot,
                    const struct timing_fast_row *f)
{
    struct timing_state *ts = &cpu->timing;
    const struct timing_parameters *tp = &cpu->timing_params;
    uint64_t t = clock;
    for (int round = 0; round < 16; round++) {
        uint64_t start = t;
        t = max_clock(t, ts->fetch_ready);
        for (const uint8_t *r = slot->role; *r != TIMING_ROLE_END; r++) {
            unsigned n = *r & 7;
            if (*r < 16) {
                t = max_clock(t, ts->reg_ready[*r]);
            } else if (*r == TIMING_ROLE_VM_READ) {
                t = max_clock(t, ts->vm_ready);
            } else if ((*r & 0xF8) == TIMING_ROLE_V_WRITE) {
                t = max_clock(t, ts->v_result_free[n]);
                t = max_clock(t, ts->v_operand_free[n]);
            } else if ((*r & 0xF8) == TIMING_ROLE_V_READ) {
                t = max_clock(t, ts->v_operand_free[n]);
                uint64_t chain = ts->v_chain_slot[n], free = ts->v_result_free[n];
                if (t < free) {
                    if (t > chain) {
                        if (!tp->late_chaining)
                            t = free;
                    } else {
                        t = chain;
                    }
                }
            }
        }
        t = max_clock(t, ts->unit_free[f->unit]);
        if (t == start)
            break;
    }
    unsigned n = cpu_vector_length(cpu);
    unsigned span = n > tp->vector_min_length ? n : tp->vector_min_length;
    uint64_t chain_slot = t + f->arrival + 2;
    uint64_t result = t + f->arrival + span + tp->vector_result_extra;
    ts->unit_free[f->unit] = t + n + 4;
    /* (timing_issue frees the operands before it reserves the results; they
     * are other arrays, so one pass does both.) */
    for (const uint8_t *r = slot->role; *r != TIMING_ROLE_END; r++) {
        if ((*r & 0xF8) == TIMING_ROLE_V_READ) {
            ts->v_operand_free[*r & 7] = t + span + tp->vector_operand_extra;
        } else if ((*r & 0xF8) == TIMING_ROLE_V_WRITE) {
            ts->v_chain_slot[*r & 7] = chain_slot;
            ts->v_result_free[*r & 7] = result;
        } else if (*r == TIMING_ROLE_VM_WRITE) {
            ts->vm_ready = result;
        }
    }
    return t;
}

#endif
