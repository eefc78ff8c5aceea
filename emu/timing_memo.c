/*
 * timing_memo.c - the memo of the timing model (see timing_memo.h): the
 * relative state as a key, the records in a hash table over one arena.
 *
 * Each figure of the key is the clock it names minus the entry clock, and
 * a figure that can no longer hold any issue at or after the entry clock
 * is 0, so that states differing only in such old figures share records:
 * a register's ready clock can still hold an issue while it is above the
 * clock minus the branch condition hold (timing_fast.h adds the hold to the
 * wait), a chain slot while it is at or above the clock (the rule compares
 * the issue with it), every other reservation while it is above the clock.
 * A figure more than 65535 clocks ahead makes no key.  A result path entry
 * counts if it holds one of the next 64 clocks in that clock's own slot;
 * an entry further ahead makes no key, so that a block's result that
 * meets a path entry beyond the 64 clocks meets one the block wrote.
 */
#include "timing_memo.h"

#include <string.h>

void timing_memo_init(struct timing_memo *memo)
{
    memset(memo, 0, sizeof *memo);
    memo->keyed_min = MEMO_KEYED_MIN;
}

void timing_memo_clear(struct timing_memo *memo)
{
    memo->generation++;
    memo->used = 0;
    memo->stats.clears++;
}

/* ready - clock + slack, 0 when that is not positive; false if too large. */
static bool relative(uint64_t ready, uint64_t clock, unsigned slack, uint16_t *out)
{
    if (ready + slack <= clock) {
        *out = 0;
        return true;
    }
    uint64_t d = ready + slack - clock;
    if (d > UINT16_MAX)
        return false;
    *out = (uint16_t)d;
    return true;
}

bool timing_memo_key_of(const struct timing_state *ts, const struct timing_parameters *tp,
                        unsigned vector_length, uint64_t clock, struct timing_memo_key *key)
{
    memset(key, 0, sizeof *key);
    uint16_t *f = key->field;
    f[MEMO_KEY_VL] = (uint16_t)vector_length;
    bool ok = true;
    for (unsigned r = 0; r < 17; r++)
        ok &= relative(ts->reg_ready[r], clock, tp->branch_condition_hold, &f[MEMO_KEY_REG + r]);
    ok &= relative(ts->fetch_ready, clock, 0, &f[MEMO_KEY_FETCH]);
    ok &= relative(ts->vm_ready, clock, 0, &f[MEMO_KEY_VM]);
    for (unsigned u = 0; u < UNIT_COUNT; u++)
        ok &= relative(ts->unit_free[u], clock, 0, &f[MEMO_KEY_UNIT + u]);
    for (unsigned v = 0; v < 8; v++) {
        ok &= relative(ts->v_chain_slot[v], clock, 1, &f[MEMO_KEY_CHAIN + v]);
        ok &= relative(ts->v_result_free[v], clock, 0, &f[MEMO_KEY_RESULT + v]);
        ok &= relative(ts->v_operand_free[v], clock, 0, &f[MEMO_KEY_OPERAND + v]);
    }
    for (unsigned file = 0; file < 2; file++) {
        uint64_t mask = 0;
        for (unsigned i = 0; i < 64; i++) {
            uint64_t v = ts->path[file][i];
            if (v <= clock || v == UINT64_MAX)
                continue;   /* passed, or never taken: no result can meet it */
            if (v - clock > 64)
                ok = false;
            else if ((v & 63) == i)
                mask |= UINT64_C(1) << (v - clock - 1);
        }
        key->path[file] = mask;
    }
    return ok;
}

static unsigned bucket_of(uint32_t p, const struct timing_memo_key *key)
{
    uint64_t words[sizeof *key / sizeof(uint64_t)];
    memcpy(words, key, sizeof words);
    uint64_t h = UINT64_C(0x9E3779B97F4A7C15) * (p + 1);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        h = (h ^ words[i]) * UINT64_C(0x100000001B3);
    return (unsigned)(h ^ (h >> 29)) & (MEMO_BUCKETS - 1);
}

struct timing_memo_entry *timing_memo_find(struct timing_memo *memo, uint32_t p,
                                           const struct timing_memo_key *key)
{
    unsigned b = bucket_of(p, key);
    if (memo->bucket[b].generation != memo->generation)
        return NULL;
    for (struct timing_memo_entry *e = memo->bucket[b].first; e; e = e->chain)
        if (e->p == p && !memcmp(&e->key, key, sizeof *key))
            return e;
    memo->stats.misses++;
    return NULL;
}

static size_t round8(size_t n) { return (n + 7) & ~(size_t)7; }
#define ROUND8(n) (((n) + 7) & ~(size_t)7)

/* The most a record takes: its header, steps and writes. */
#define MEMO_ENTRY_MAX                                                                     \
    (ROUND8(sizeof(struct timing_memo_entry)) +                                            \
     ROUND8(MEMO_MAX_STEPS * sizeof(struct timing_memo_step)) +                            \
     MEMO_MAX_STEPS * MEMO_MAX_WRITES_PER_STEP * sizeof(struct timing_memo_write))

struct timing_memo_entry *timing_memo_begin(struct timing_memo *memo, uint32_t p,
                                            const struct timing_memo_key *key)
{
    _Static_assert(MEMO_ENTRY_MAX < MEMO_ARENA_BYTES / 4, "arena too small for a record");
    if (memo->used + MEMO_ENTRY_MAX > MEMO_ARENA_BYTES)
        timing_memo_clear(memo);
    struct timing_memo_entry *e = (struct timing_memo_entry *)(memo->arena + memo->used);
    memset(e, 0, sizeof *e);
    e->key = *key;
    e->p = p;
    e->step = (struct timing_memo_step *)(memo->arena + memo->used +
                                          round8(sizeof(struct timing_memo_entry)));
    e->write = (struct timing_memo_write *)((unsigned char *)e->step +
                                            round8(MEMO_MAX_STEPS * sizeof(struct timing_memo_step)));
    return e;
}

void timing_memo_commit(struct timing_memo *memo, struct timing_memo_entry *e)
{
    /* The writes move down behind the steps actually used. */
    struct timing_memo_write *writes =
        (struct timing_memo_write *)((unsigned char *)e->step +
                                     round8(e->steps * sizeof(struct timing_memo_step)));
    uint32_t count = e->steps ? e->step[e->steps - 1].write_end : 0;
    memmove(writes, e->write, count * sizeof *writes);
    e->write = writes;
    memo->used = (size_t)((unsigned char *)(writes + count) - memo->arena);
    memo->used = round8(memo->used);
    unsigned b = bucket_of(e->p, &e->key);
    if (memo->bucket[b].generation != memo->generation) {
        memo->bucket[b].generation = memo->generation;
        memo->bucket[b].first = NULL;
    }
    e->chain = memo->bucket[b].first;
    memo->bucket[b].first = e;
    memo->stats.recorded++;
}
