/*
 * cpu_test_util.h - a bare machine for the CPU unit tests: one memory, one
 * decoder and one cpu, with code placed parcel by parcel (cray1-isa.md 1.2:
 * four 16-bit parcels a word, parcel 0 the most significant; a 2-parcel
 * instruction may straddle a word boundary).  Expected results in the tests
 * are worked out by hand from cray1-isa.md; nothing here computes them.
 */
#ifndef C1_CPU_TEST_UTIL_H
#define C1_CPU_TEST_UTIL_H

#include "test_support.h"

#include "emu/cpu.h"
#include "emu/exchange.h"
#include "emu/isa.h"
#include "emu/memory.h"

#define TM_WORDS (1u << 16)   /* memory of a test machine, words */
#define TM_CLOCKS 1000000u    /* clock budget of one tm_run() */

struct tmach {
    struct memory mem;
    struct isa_decoder *dec;
    struct cpu cpu;
    uint32_t at;              /* next parcel to place: absolute parcel address */
};

static inline void tm_init_size(struct tmach *m, unsigned model, uint32_t words)
{
    memset(m, 0, sizeof *m);
    assert_int_equal(memory_init(&m->mem, words), 0);
    m->dec = malloc(sizeof *m->dec);
    assert_non_null(m->dec);
    isa_decoder_init(m->dec, model);
    cpu_init(&m->cpu, model, &m->mem, m->dec);
    m->at = 0;
}

static inline void tm_init(struct tmach *m, unsigned model) { tm_init_size(m, model, TM_WORDS); }

static inline void tm_free(struct tmach *m)
{
    memory_free(&m->mem);
    free(m->dec);
    m->dec = NULL;
}

/* Parcel at absolute parcel address pa (word pa/4, parcel pa%4 from the left). */
static inline void put_parcel(struct memory *mem, uint32_t pa, unsigned parcel)
{
    uint32_t w = pa >> 2;
    unsigned shift = 48 - 16 * (pa & 3);
    assert_true(w < mem->size);
    mem->word[w] = (mem->word[w] & ~((uint64_t)0xFFFF << shift)) | ((uint64_t)(parcel & 0xFFFF) << shift);
}

/* Place code from absolute parcel address pa on. */
static inline void tm_org(struct tmach *m, uint32_t pa) { m->at = pa; }

static inline void tm_emit(struct tmach *m, unsigned parcel) { put_parcel(&m->mem, m->at++, parcel); }

static inline void tm_emit2(struct tmach *m, unsigned parcel, unsigned second)
{
    tm_emit(m, parcel);
    tm_emit(m, second);
}

/* First parcel from fields: gh (7-bit opcode), i, j, k. */
static inline unsigned op3(unsigned gh, unsigned i, unsigned j, unsigned k)
{
    return (gh & 0177) << 9 | (i & 7) << 6 | (j & 7) << 3 | (k & 7);
}

/* Two-parcel jkm forms: 020 Ai exp, 040 Si exp, 10h-13h, 006/007/010-017. */
static inline void tm_jkm(struct tmach *m, unsigned gh, unsigned i, uint32_t jkm)
{
    tm_emit2(m, (gh & 0177) << 9 | (i & 7) << 6 | ((jkm >> 16) & 077), jkm & 0xFFFF);
}

/* Ai <- a 22-bit constant (020ijkm). */
static inline void tm_a(struct tmach *m, unsigned i, uint32_t value) { tm_jkm(m, 020, i, value & 0x3FFFFF); }
/* Si <- a 22-bit constant (040ijkm). */
static inline void tm_s(struct tmach *m, unsigned i, uint32_t value) { tm_jkm(m, 040, i, value & 0x3FFFFF); }
/* Branch / jump to a parcel address (006, 007, 010-017): ijkm, 24 bits. */
static inline void tm_branch(struct tmach *m, unsigned gh, uint32_t target)
{
    tm_emit2(m, (gh & 0177) << 9 | ((target >> 16) & 0777), target & 0xFFFF);
}
/* Scalar memory 10h-13h: gh = 010..013 with h = index register, displacement d. */
static inline void tm_mem(struct tmach *m, unsigned op, unsigned h, unsigned i, int32_t d)
{
    tm_jkm(m, (op << 3 | h) & 0177, i, (uint32_t)d & 0x3FFFFF);
}

static inline void tm_ex(struct tmach *m) { tm_emit(m, 0004000); }

static inline enum cpu_stop tm_run(struct tmach *m) { return cpu_run(&m->cpu, m->cpu.clock + TM_CLOCKS); }

/* Run and expect a normal exit (004) and nothing else. */
static inline void tm_run_exit(struct tmach *m)
{
    assert_int_equal(tm_run(m), CPU_STOP_EXCHANGE);
    assert_int_equal(m->cpu.flags, FLAG_NORMAL_EXIT);
}

/* Exact Cray floating-point value of a small integer (cray1-isa.md 4.1):
 * coefficient n shifted up until bit 47 is its leading one, exponent 040000 +
 * the number of significant bits.  |n| < 2^47. */
static inline uint64_t cflt(int64_t n)
{
    if (n == 0)
        return 0;
    uint64_t sign = n < 0 ? 1ull << 63 : 0;
    uint64_t mag = (uint64_t)(n < 0 ? -n : n);
    unsigned bits = 0;
    while ((mag >> bits) != 0)
        bits++;
    return sign | (uint64_t)(040000 + bits) << 48 | (mag << (48 - bits));
}

#define F_ONE 0x4001800000000000ull   /* 1.0 (4.1) */
#define F_TWO 0x4002800000000000ull   /* 2.0 */
#define F_HALF 0x4000800000000000ull  /* 0.5 */
#define F_FOUR 0x4003800000000000ull  /* 4.0 */
#define SB 0x8000000000000000ull      /* sign bit: Sk with k = 0 (2.2) */

/* The timing tables, built once per test program and shared by its tests
 * (read-only once built). */
static inline struct timing_tables *tm_timing_tables(void)
{
    static struct timing_tables *t;
    if (!t) {
        t = malloc(sizeof *t);
        assert_non_null(t);
        timing_tables_init(t);
    }
    return t;
}

/* Two cpus in the same state after the same run: clock, P, registers,
 * counts and the whole timing state - but for the entry of reg_ready that
 * is written and never read, unless `exact` (the general path leaves it
 * alone, the fast path writes it).  `at` names the point in a failure. */
static inline void tm_assert_same_cpu(const struct cpu *a, const struct cpu *b, unsigned at,
                                      bool exact)
{
    if (a->clock != b->clock || a->p != b->p)
        print_error("at %u: clock %llu p %o against clock %llu p %o\n", at,
                    (unsigned long long)a->clock, a->p, (unsigned long long)b->clock, b->p);
    assert_int_equal(a->clock, b->clock);
    assert_int_equal(a->p, b->p);
    assert_memory_equal(a->a, b->a, sizeof a->a);
    assert_memory_equal(a->s, b->s, sizeof a->s);
    assert_memory_equal(a->v, b->v, sizeof a->v);
    assert_int_equal(a->vl, b->vl);
    assert_int_equal(a->flags, b->flags);
    assert_int_equal(a->instructions, b->instructions);
    assert_int_equal(a->features_used, b->features_used);
    assert_int_equal(a->after_taken_branch, b->after_taken_branch);
    assert_int_equal(a->stop_p, b->stop_p);
    struct timing_state x = a->timing, y = b->timing;
    if (!exact)
        x.reg_ready[TIMING_WRITE_NONE] = y.reg_ready[TIMING_WRITE_NONE] = 0;
    assert_memory_equal(&x, &y, sizeof x);
}

#endif
