/*
 * timing.h - the Cray-1 timing model: when each instruction issues and when
 * its results arrive (cray1-isa.md section 6).
 *
 * Every register, functional unit and memory bank remembers the clock at
 * which it is next free; an instruction issues at the latest of the clocks
 * it must wait for, and is then executed once, whole.  The figures come from
 * the instruction table (unit and time of each row) and, where the facts are
 * uncertain, from the named parameters of struct timing_parameters.
 */
#ifndef C1_EMU_TIMING_H
#define C1_EMU_TIMING_H

#include <stdbool.h>
#include <stdint.h>

#include "isa.h"

struct cpu;

/* Figures the facts do not pin down ([U] in cray1-isa.md); each is a named
 * parameter with the value C-1 uses and the reason in timing.c. */
struct timing_parameters {
    uint8_t two_parcel_issue;      /* issue clocks of a 2-parcel instruction */
    uint8_t jump_taken;            /* 006/007 and a taken 010-017, target in a buffer */
    uint8_t jump_b;                /* 005 J Bjk */
    uint8_t branch_not_taken;      /* a conditional branch that falls through */
    uint8_t buffer_change;         /* next parcel from another buffer */
    uint8_t buffer_fill;           /* a miss: from the fetch to the first issue */
    uint8_t bank_busy;             /* clocks a memory bank stays busy */
    uint8_t memory_banks;          /* 16 on the Cray-1 */
    uint8_t scalar_load;           /* 10h/12h to the register */
    uint8_t vector_load_startup;   /* 176: first element into the register */
    uint8_t block_startup;         /* 034-037 before the first word moves */
    uint8_t exit_exchange;         /* 000/004 exit: exchange 36 + fetch 14 */
    uint8_t vector_min_length;     /* reservations last at least this many elements */
    uint8_t vector_operand_extra;  /* operand registers free at issue + length + this */
    uint8_t vector_result_extra;   /* result register free at issue + T + length + this */
    uint8_t branch_condition_hold; /* 010-017 wait this long after A0 / S0 arrive */
    uint8_t b_jump_hold;           /* 005 waits this long after a 025 to its B */
    uint8_t unit_time[UNIT_COUNT]; /* a model's own unit times (0: the table's) */
    uint8_t vector_shift_double;   /* 152's own time where it differs (0: none) */
    bool late_chaining;            /* X-MP: chain at any time after the slot */
    bool recursion;                /* Cray-1 vector recursion (exec_vector.c) */
};

void timing_default_parameters(unsigned model, struct timing_parameters *p);

/* What a register reads or writes, per table row, derived from its CAL
 * patterns (result field: destination; operand field and store addresses:
 * sources) plus the implicit A0/S0/VM operands. */
enum timing_register_class { REG_A, REG_S, REG_V, REG_VM };

struct timing_role {
    uint8_t reg_class;   /* enum timing_register_class */
    uint8_t field;       /* 0 i, 1 j, 2 k, 3 h, 4 fixed register 0, 5 none (VM) */
    uint8_t write;       /* destination */
    uint8_t zero_is_constant; /* field value 0 reads a constant (cray1-isa.md 2.2) */
    uint8_t shift, mask; /* the register number is (parcel >> shift) & mask */
};

#define TIMING_MAX_ROLES 5

struct timing_row {
    uint8_t role_count;
    struct timing_role role[TIMING_MAX_ROLES];
};

/* Per-row roles for the whole table, built once (like the decoder). */
struct timing_tables {
    struct timing_row row[256];
};
void timing_tables_init(struct timing_tables *tables);

/* What held an instruction, for traces. */
enum timing_hold {
    HOLD_NONE,
    HOLD_FETCH,       /* instruction buffer fill or change */
    HOLD_OPERAND,     /* an operand register's result has not arrived */
    HOLD_RESULT,      /* the result register is still reserved */
    HOLD_CHAIN,       /* waiting for a vector chain slot or a free register */
    HOLD_UNIT,        /* a vector functional unit is busy */
    HOLD_MEMORY,      /* the memory port (block / vector transfer) or a bank */
    HOLD_PATH,        /* the A or S result path is taken in that clock */
    HOLD_VM,          /* VM not yet written */
};
const char *timing_hold_name(unsigned hold);

/* One issued instruction, as the trace shows it. */
struct timing_event {
    uint32_t p;            /* parcel address */
    unsigned row;
    unsigned parcel, m;
    uint64_t ready;        /* earliest issue had nothing held it */
    uint64_t issue;        /* the clock it issued */
    unsigned hold;         /* the longest hold (enum timing_hold) */
    int hold_register;     /* register number of that hold, or -1 */
    uint64_t result;       /* the clock its result arrived (vector: the last element) */
};

/* Per-cpu timing state. */
struct timing_state {
    /* The A and S registers' ready clocks, also as one array (A0-A7, S0-S7)
     * for the fast path, plus an entry that stays 0 (a wait on nothing) and
     * one that is written and never read (a result nobody waits on). */
    union {
        struct {
            uint64_t a_ready[8], s_ready[8];
        };
        uint64_t reg_ready[18];
    };
    uint64_t b_ready[64];            /* 005 after 025 (X-MP) */
    uint64_t v_chain_slot[8], v_result_free[8], v_operand_free[8];
    uint64_t vm_ready;
    uint64_t unit_free[UNIT_COUNT];
    uint64_t bank_free[64];
    uint64_t port_free;
    uint64_t fetch_ready;            /* next instruction cannot issue before */
    union {
        struct {
            uint64_t a_path[64], s_path[64]; /* result arrival clocks taken, by clock mod 64 */
        };
        uint64_t path[2][64];            /* the same, [0] A, [1] S */
    };
    unsigned pending_fetch;          /* 0 same buffer, 1 buffer change, 2 fill */
};

/* ---- the fast path ----------------------------------------------------------------
 *
 * Most instructions are scalar: they wait for a few A and S registers (and a
 * memory bank), take a result path, and reserve one register.  For those,
 * everything timing_issue() looks up in the table - the roles, the unit
 * time, the holds, the next issue - is worked out beforehand: per row and
 * per cpu (struct timing_fast_row, from the cpu's parameters), and per
 * decoded parcel (the registers it waits for and writes, as indexes into
 * reg_ready: struct timing_slot).  The clocks are the same as the general
 * path's, which still does vector, block, B-jump and VM / V instructions,
 * and every instruction when a trace wants the hold of each (cpu.c). */
#define TIMING_WAIT_NONE 16    /* reg_ready index that stays 0 */
#define TIMING_WRITE_NONE 17   /* reg_ready index written, never read */
#define TIMING_WAITS 4

enum timing_fast_kind {
    TIMING_GENERAL,            /* timing_issue / timing_complete */
    TIMING_SCALAR,             /* registers (and a unit shared with vectors) only */
    TIMING_SCALAR_MEMORY,      /* 10h-13h: the port and a bank too */
    TIMING_VECTOR,             /* 140-175: vector registers, chaining, a unit */
};

struct timing_fast_row {
    uint8_t kind;              /* enum timing_fast_kind */
    uint8_t arrival;           /* issue to result */
    uint8_t hold;              /* added to every register wait (branch conditions) */
    uint8_t unit;              /* unit_free to wait for, or UNIT_NONE */
    uint8_t next;              /* issue to the next issue, in sequence */
    uint8_t next_taken;        /* issue to the next issue, P changed */
    uint8_t path;              /* result path of the write: 0 A, 1 S */
    uint8_t memo;              /* may be in a block of the memo (timing_memo.h) */
};

/* The figures of every row for a cpu's parameters; valid while params is
 * equal to the cpu's (timing_fast_prepare checks). */
struct timing_fast {
    bool valid;
    struct timing_parameters params;
    struct timing_fast_row row[256];
};

/* A vector instruction's roles, in the table's order (the chain-slot rule
 * is not monotone, so the order of the waits matters as in check_holds):
 * 0-15 an A or S register read (reg_ready index), or one of these. */
#define TIMING_ROLE_VM_READ 0x10
#define TIMING_ROLE_VM_WRITE 0x40
#define TIMING_ROLE_V_WRITE 0x20   /* | register */
#define TIMING_ROLE_V_READ 0x30    /* | register */
#define TIMING_ROLE_END 0xFF

/* Per decoded parcel: the registers of its roles (reg_ready indexes). */
struct timing_slot {
    uint8_t wait[TIMING_WAITS];   /* padded with a repeat, or TIMING_WAIT_NONE */
    uint8_t write;                /* TIMING_WRITE_NONE: no register written */
    uint8_t role[TIMING_MAX_ROLES + 1];   /* TIMING_VECTOR rows: TIMING_ROLE_END ends */
};

/* Make fast->row[] match the cpu's parameters (cheap when it does). */
void timing_fast_prepare(const struct timing_tables *tables, const struct timing_parameters *params,
                         struct timing_fast *fast);

/* The registers of the instruction of row `row` with first parcel `parcel`. */
struct timing_slot timing_slot_of(const struct timing_tables *tables, unsigned row,
                                  unsigned parcel);

/* Before executing the instruction of row `row` (parcel, m) at parcel
 * address p: compute its issue clock, update reservations, set cpu->clock
 * to the issue clock.  Fills *event when event is not NULL. */
void timing_issue(struct cpu *cpu, unsigned row, unsigned parcel, unsigned m,
                  struct timing_event *event);

/* After executing it: the clock at which the next instruction may issue
 * (branch taken or not, exits, block transfers). */
void timing_complete(struct cpu *cpu, unsigned row, uint32_t sequential_p);

#endif
