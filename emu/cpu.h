/*
 * cpu.h - one Cray-1 / X-MP processor: its registers, its exchange-package
 * state, and the instruction loop.
 *
 * A cpu executes user code until something would start an exchange (a
 * normal or error exit, a range error, an enabled floating-point error) or
 * until a clock limit; then cpu_run() returns and the host - the batch OS in
 * os/, the bare-machine runner, switchp - plays the part of the monitor: it
 * reads the state (exchange_pack() gives the 16-word package), serves the
 * request, clears the flags and calls cpu_run() again.  The cpu knows
 * nothing of any OS.  All state lives in this struct, so that any number of
 * processors and machines can run in one process.
 *
 * Interrupts are precise: the cpu stops at the boundary after the
 * instruction that raised the flag (cray1-isa.md 5.3 rule 5 allows this).
 */
#ifndef C1_EMU_CPU_H
#define C1_EMU_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "isa.h"
#include "memory.h"
#include "timing.h"

#define A_MASK 0xFFFFFFu

/* The F register (word 3 of the package, bits 2^32..2^24), as a 9-bit value. */
enum cpu_flag {
    FLAG_NORMAL_EXIT = 1u << 0,       /* 004 */
    FLAG_ERROR_EXIT = 1u << 1,        /* 000 */
    FLAG_IO_INTERRUPT = 1u << 2,
    FLAG_MEMORY_ERROR = 1u << 3,
    FLAG_PROGRAM_RANGE = 1u << 4,     /* fetch outside the field, or a branch target >= 2^22 */
    FLAG_OPERAND_RANGE = 1u << 5,     /* data reference outside the field */
    FLAG_FLOATING_ERROR = 1u << 6,    /* FP range error with mode IFP */
    FLAG_MCU_INTERRUPT = 1u << 7,
    FLAG_CLOCK_INTERRUPT = 1u << 8,   /* programmable clock */
};

/* Mode bits (package words 1-4).  Kept as one set; exchange.c places them. */
enum cpu_mode {
    MODE_MONITOR = 1u << 0,           /* MM */
    MODE_FP_INTERRUPT = 1u << 1,      /* IFP: interrupt on floating-point error */
    MODE_CORRECTABLE_INT = 1u << 2,   /* ICM */
    MODE_UNCORRECTABLE_INT = 1u << 3, /* IUM */
    MODE_MONITOR_INT = 1u << 4,       /* IMM (MMI option) */
    MODE_RANGE_INTERRUPT = 1u << 5,   /* X-MP IOR: interrupt on operand range */
    MODE_BIDIRECTIONAL = 1u << 6,     /* X-MP BDM */
    MODE_CLOCK_ENABLED = 1u << 7,     /* programmable-clock interrupt enabled (ECI/DCI) */
    MODE_FP_STATUS = 1u << 8,         /* X-MP FPS: a floating-point error occurred */
};

/* Why cpu_run() returned. */
enum cpu_stop {
    CPU_STOP_EXCHANGE,   /* a flag is set (cpu.flags), or an exit in monitor mode
                            (cpu.monitor_exit): the monitor must act */
    CPU_STOP_CLOCKS,     /* the clock limit was reached */
    CPU_STOP_BREAK,      /* cpu.stop_at_parcel was reached (debuggers) */
};

/* An instruction buffer: a block of parcels fetched from memory, decoded once
 * (cray1-isa.md 6.7).  Four per cpu, 64 parcels each on the Cray-1, 128 on
 * the X-MP, filled round-robin on a miss, all emptied by an exchange.  Stores
 * into code held in a buffer are not seen, as on the real machine. */
#define BUFFER_COUNT 4
#define BUFFER_MAX_PARCELS 128

struct decoded_parcel {
    void (*exec)(struct cpu *cpu, unsigned parcel, unsigned m);
    uint16_t parcel;    /* first parcel */
    uint16_t m;         /* second parcel of a 2-parcel instruction */
    uint8_t row;        /* instruction table row */
    uint8_t parcels;    /* size; 0 for a parcel outside the field (program range) */
    uint8_t cost;       /* clocks without the timing model */
    uint8_t jumps;      /* the executor may change P (branches, a held test and set) */
    struct timing_slot timing;   /* its registers, with the timing model */
    uint16_t feature;   /* enum isa_feature the row counts as */
    uint8_t heat;       /* the timing memo: times met as a block's start without a record */
};

struct instruction_buffer {
    uint32_t block;     /* parcel address >> buffer shift; UINT32_MAX: empty */
    struct decoded_parcel slot[BUFFER_MAX_PARCELS];
};

/* X-MP shared registers of one cluster. */
struct shared_cluster {
    uint32_t sb[8];
    uint64_t st[8];
    uint32_t semaphores;   /* SM0 is bit 31 */
};

/* A host cache line: the bytes two host cores cannot both write without
 * passing the line back and forth. */
#define CPU_HOST_CACHE_LINE 64

struct cpu {
    /* The PCs of a machine lie side by side (machine.cpu[]) and may run on
     * host threads at once: a line of nothing at each end keeps one PC's
     * registers, written at every instruction, off the cache lines of its
     * neighbour (without it two threads ran the same work 1.5x slower in
     * CPU seconds: bench/threads.sh). */
    char host_gap_front[CPU_HOST_CACHE_LINE];

    /* Program-visible registers. */
    uint32_t a[8];
    uint64_t s[8];
    uint32_t b[64];
    uint64_t t[64];
    uint64_t v[8][64];
    uint64_t vm;
    uint32_t vl;          /* as loaded: 7 bits (Cray-1) or 1..64 (X-MP) */
    uint32_t p;           /* parcel address, relative to the instruction base */

    /* Exchange-package state. */
    uint32_t base;        /* data base, absolute word address (BA*16; X-MP DBA*32) */
    uint32_t limit;       /* data limit, absolute word address, exclusive */
    uint32_t ibase;       /* instruction base and limit (same as data on the Cray-1) */
    uint32_t ilimit;
    uint32_t xa;          /* exchange address, in units of 16 words */
    uint32_t flags;       /* enum cpu_flag */
    bool monitor_exit;    /* an exit (000/004) issued in monitor mode, which sets no flag */
    uint32_t modes;       /* enum cpu_mode */
    uint32_t cluster;     /* X-MP CLN (0: no shared registers) */
    uint32_t processor;   /* processor number (X-MP PN) */

    /* Clocks.  clock counts CP since the cpu was created; rt_offset makes the
     * real-time clock settable (RT = clock + rt_offset). */
    uint64_t clock;
    uint64_t rt_offset;
    uint32_t clock_interval, clock_countdown;   /* programmable clock II, ICD */

    /* Statistics. */
    uint64_t instructions;
    uint64_t flops;             /* floating-point results */
    uint64_t vector_elements;   /* vector result elements */

    /* Model-specific features the program has executed (enum isa_feature). */
    uint32_t features_used;

    /* Optional stop point for debuggers: cpu_run() stops before issuing the
     * instruction at this parcel address (UINT32_MAX: none). */
    uint32_t stop_at_parcel;

    /* Where the last cpu_run() or cpu_step() stopped for the monitor: the
     * parcel address of the instruction that raised a flag or exited (P
     * then names the one after it), or of a parcel outside the field that
     * could not issue; UINT32_MAX if the call stopped for no instruction
     * (a flag already set, the clock limit, a stop point). */
    uint32_t stop_p;

    /* Instruction buffers and the one the last instruction came from. */
    struct instruction_buffer buffer[BUFFER_COUNT];
    unsigned current_buffer;
    unsigned next_buffer;          /* round-robin fill counter */
    uint32_t buffered_ibase, buffered_ilimit;   /* field the buffers were filled for */

    /* Timing: with tables, every instruction issues at the clock the timing
     * model gives (timing.h); without, it costs one clock per parcel and an
     * exit 50 (a fast functional mode, for comparison). */
    const struct timing_tables *timing_tables;
    struct timing_parameters timing_params;
    struct timing_state timing;
    struct timing_fast timing_fast;   /* the fast path's figures (timing.h) */
    bool timing_general;       /* time every instruction on the general path
                                  (the old way: benchmarks and tests compare) */
    bool float_elementwise;    /* vector floating point element by element, not on
                                  the host's SIMD (the old way, as above) */
    bool after_taken_branch;   /* the next fetch follows a taken branch */
    /* The timing model's memo (timing_memo.h), or NULL: attached by the
     * cpu's owner (cpu_set_memo), who frees it; valid while its generation
     * is the one noted here. */
    struct timing_memo *memo;
    uint64_t memo_generation;

    /* Optional per-instruction trace (c1 --trace), with the timing event. */
    void (*trace)(void *context, const struct cpu *cpu, const struct timing_event *event);
    void *trace_context;

    /* The machine this cpu belongs to. */
    unsigned model;                       /* MODEL_CRAY1 or MODEL_XMP */
    struct memory *memory;
    const struct isa_decoder *decoder;
    struct shared_cluster *clusters;      /* X-MP clusters 1..N (index 0 unused), or NULL */
    unsigned cluster_count;

    char host_gap_back[CPU_HOST_CACHE_LINE];   /* (see host_gap_front) */
};

/* Prepare a cpu of a model on a memory: registers cleared, field = the whole
 * memory, user mode, P = 0.  The X-MP starts with mode IOR on (operand range
 * errors interrupt), as a monitor runs user programs.  decoder must be
 * initialised for the model. */
void cpu_init(struct cpu *cpu, unsigned model, struct memory *memory,
              const struct isa_decoder *decoder);

/* Turn the timing model on (tables built by timing_tables_init, shared by
 * any number of cpus) with the model's default parameters, or off (NULL). */
void cpu_set_timing(struct cpu *cpu, const struct timing_tables *tables);

/* Give the timing model a memo (timing_memo.h; NULL: none), emptied.  The
 * caller keeps it and frees it after the cpu's last run.  A copy of a cpu
 * shares its memo: restore a copy over a cpu only with the cpu's own memo. */
struct timing_memo;
void cpu_set_memo(struct cpu *cpu, struct timing_memo *memo);

/* Set the field: base and limit as absolute word addresses. */
void cpu_set_field(struct cpu *cpu, uint32_t base, uint32_t limit);

/* Empty the instruction buffers, as an exchange does.  A host that writes
 * code into the field outside an exchange (a debugger's deposit) calls it
 * when it wants the cpu to see the new code. */
void cpu_invalidate_buffers(struct cpu *cpu);

/* Run until a flag needs the monitor, or until cpu->clock reaches
 * clock_limit. */
enum cpu_stop cpu_run(struct cpu *cpu, uint64_t clock_limit);

/* Execute one instruction (or stop at a flag).  Returns as cpu_run. */
enum cpu_stop cpu_step(struct cpu *cpu);

/* The number of vector elements an operation processes: VL, with 0 (and
 * 0100 on the Cray-1) meaning 64. */
static inline unsigned cpu_vector_length(const struct cpu *cpu)
{
    return ((cpu->vl - 1) & 077) + 1;
}

/* The real-time clock as the program reads it. */
static inline uint64_t cpu_rt(const struct cpu *cpu) { return cpu->clock + cpu->rt_offset; }

#endif
