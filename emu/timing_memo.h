/*
 * timing_memo.h - the timing model memoized (FastSim: Schnarr and Larus,
 * ASPLOS 1998): the clocks of a straight-line block depend only on the
 * reservations outstanding at its entry, relative to the entry clock, so the
 * first run of a block from such a state is recorded - for every instruction
 * its issue clock, the clock of the next issue and each reservation it
 * writes, all relative to the entry clock - and a later entry in the same
 * relative state replays the record instead of timing each instruction.
 *
 * The relative state (struct timing_memo_key) is every figure the fast path
 * of the timing model (timing_fast.h) reads, each clamped where an older
 * value can no longer hold an issue: the A and S registers' ready clocks,
 * the fetch, the units, the vector registers' chain slots and reservations,
 * VM, which of the next 64 clocks the A and S result paths have taken, and
 * the vector length.  A block is a run of instructions of one instruction
 * buffer, all on the fast path without memory references (kinds
 * TIMING_SCALAR and TIMING_VECTOR, no 000-004), ended by the first that may
 * jump.  Since the relative state at a block's end follows from the one at
 * its entry, a record links to its successor (per way out, taken or not)
 * and a loop runs from record to record without computing a key.  Replay
 * writes the same reservations at the same clocks: the timing state after
 * every instruction is bit for bit the one of the unmemoized run
 * (test_timing_memo.c checks).
 *
 * A memo belongs to one cpu (cpu.memo, attached by its owner); it empties
 * when the cpu's instruction buffers change (their contents are what the
 * records describe) or its timing parameters do.  All its memory is one
 * arena of fixed size: full, it empties and starts again.
 */
#ifndef C1_EMU_TIMING_MEMO_H
#define C1_EMU_TIMING_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timing.h"

/* Fields of the key after the path masks, rounded so that the key has no
 * padding (it is compared and hashed whole). */
enum {
    MEMO_KEY_VL,
    MEMO_KEY_REG,                           /* reg_ready[0..16] */
    MEMO_KEY_FETCH = MEMO_KEY_REG + 17,
    MEMO_KEY_VM,
    MEMO_KEY_UNIT,                          /* unit_free[UNIT_COUNT] */
    MEMO_KEY_CHAIN = MEMO_KEY_UNIT + UNIT_COUNT,
    MEMO_KEY_RESULT = MEMO_KEY_CHAIN + 8,
    MEMO_KEY_OPERAND = MEMO_KEY_RESULT + 8,
    MEMO_KEY_FIELDS = MEMO_KEY_OPERAND + 8,
};
#define MEMO_KEY_HALVES ((MEMO_KEY_FIELDS + 3) & ~3)

struct timing_memo_key {
    uint64_t path[2];                  /* bit k-1: path [0] A, [1] S holds clock + k */
    uint16_t field[MEMO_KEY_HALVES];   /* clocks past the entry clock (see timing_memo.c) */
};

/* One reservation written: word base + ((entry clock + rel) & mask) of the
 * timing state gets entry clock + rel (mask 63 for a result path). */
struct timing_memo_write {
    uint16_t base;
    uint16_t mask;
    uint32_t rel;
};

/* One instruction of a block: its issue clock and the clock the next may
 * issue at (in sequence), relative to the block's entry clock; its writes
 * end at write[write_end]. */
struct timing_memo_step {
    uint32_t issue, next;
    uint32_t write_end;
};

#define MEMO_MAX_STEPS 128
#define MEMO_MAX_WRITES_PER_STEP 16

struct timing_memo_entry {
    struct timing_memo_key key;
    struct timing_memo_entry *chain;     /* next in its hash bucket */
    struct timing_memo_entry *succ[2];   /* the next block's record, [1] after a jump */
    uint32_t succ_p[2];                  /* ... at this P */
    uint32_t p;                          /* first parcel of the block */
    uint32_t last_pre;                   /* the clock before the last issue, relative */
    uint32_t next_taken;                 /* the last instruction jumped: next issue, relative */
    uint32_t steps;
    uint32_t parcels;                    /* the block's length: P after it, in sequence */
    struct timing_memo_step *step;
    struct timing_memo_write *write;
};

#define MEMO_BUCKETS 1024
#define MEMO_ARENA_BYTES (512u * 1024u)

/* What the memo did, for benchmarks and tests. */
struct timing_memo_stats {
    uint64_t replays;    /* blocks replayed */
    uint64_t linked;     /* ... of which found by the link of the previous block */
    uint64_t recorded;   /* blocks recorded */
    uint64_t misses;     /* keys computed and not found */
    uint64_t clears;     /* the memo emptied */
};

struct timing_memo {
    uint64_t generation;                 /* changes at every clear */
    /* The fewest instructions of a block worth computing a key for when no
     * link leads to it (after a memory reference, say): a key costs about
     * what timing two dozen instructions does. */
    unsigned keyed_min;
    bool params_valid;
    struct timing_parameters params;     /* the parameters of the records */
    struct {
        struct timing_memo_entry *first;
        uint64_t generation;             /* the bucket is empty unless equal */
    } bucket[MEMO_BUCKETS];
    size_t used;
    struct timing_memo_stats stats;
    _Alignas(8) unsigned char arena[MEMO_ARENA_BYTES];
};

#define MEMO_KEYED_MIN 24

/* A new memo, empty, with the default keyed_min.  It is a few hundred KB:
 * allocate it (calloc). */
void timing_memo_init(struct timing_memo *memo);

/* Empty a memo. */
void timing_memo_clear(struct timing_memo *memo);

/* The relative timing state at clock: false if some figure is too far
 * ahead for a key (no record then). */
bool timing_memo_key_of(const struct timing_state *ts, const struct timing_parameters *tp,
                        unsigned vector_length, uint64_t clock, struct timing_memo_key *key);

/* The record of the block at p from this state, or NULL. */
struct timing_memo_entry *timing_memo_find(struct timing_memo *memo, uint32_t p,
                                           const struct timing_memo_key *key);

/* Room for a new record at p (emptying the memo first when full: the
 * caller then forgets the records it holds).  Commit it when complete. */
struct timing_memo_entry *timing_memo_begin(struct timing_memo *memo, uint32_t p,
                                            const struct timing_memo_key *key);
void timing_memo_commit(struct timing_memo *memo, struct timing_memo_entry *entry);

/* The word index of a field of the timing state, for struct timing_memo_write. */
#define MEMO_WORD(field) ((uint16_t)(offsetof(struct timing_state, field) / sizeof(uint64_t)))

#endif
