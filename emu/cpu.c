/*
 * cpu.c - the instruction loop: fetch the parcel at P through the
 * instruction base and limit, find its row in the decoder, advance P, run
 * the row's executor, and stop when a flag needs the monitor.
 *
 * Clock: until the timing model (functional units, reservations, chaining,
 * memory banks) is in place, each instruction costs its issue time - one
 * clock per parcel - and an exit the 50 clocks of the exchange sequence
 * (cray1-isa.md 5.4).  The real-time clock follows this count.
 */
#include "cpu.h"

#include <string.h>

#include "exec.h"

/* Executor and size of each row, in table order. */
static const struct {
    isa_exec_fn exec;
    uint8_t parcels;
    uint16_t feature;
    uint8_t exchange;
} dispatch[] = {
#define ROW(match, mask, parcels, exec, unit, time, models, feature, flags, result, operand)   \
    {exec_##exec, parcels, feature, unit == UNIT_EXCHANGE},
#include "isa_table.def"
#undef ROW
};

#define EXCHANGE_CLOCKS 50u   /* 000/004: exchange 36 + fetch 14 */

void cpu_init(struct cpu *cpu, unsigned model, struct memory *memory,
              const struct isa_decoder *decoder)
{
    memset(cpu, 0, sizeof *cpu);
    cpu->model = model;
    cpu->memory = memory;
    cpu->decoder = decoder;
    cpu->stop_at_parcel = UINT32_MAX;
    cpu_set_field(cpu, 0, memory->size);
    /* The X-MP flags operand range errors only with IOR; a user program is
     * normally run with it on. */
    if (model == MODEL_XMP)
        cpu->modes |= MODE_RANGE_INTERRUPT;
}

void cpu_set_field(struct cpu *cpu, uint32_t base, uint32_t limit)
{
    cpu->base = cpu->ibase = base;
    cpu->limit = cpu->ilimit = limit;
}

/* Highest P + 1: 22 bits on the Cray-1, 24 on the X-MP (cray1-isa.md 1.3). */
static uint32_t p_span(const struct cpu *cpu)
{
    return cpu->model == MODEL_CRAY1 ? UINT32_C(1) << 22 : UINT32_C(1) << 24;
}

/* Where instructions can be fetched from: the field's words from the
 * instruction base, and the parcel address one past the last fetchable
 * parcel.  Recomputed at each cpu_run()/cpu_step(), since only the host
 * (an exchange) changes the field. */
struct fetch_window {
    const uint64_t *code;
    uint32_t p_limit;
};

static struct fetch_window fetch_window(const struct cpu *cpu)
{
    struct fetch_window w = {cpu->memory->word + cpu->ibase, 0};
    uint32_t end = cpu->ilimit < cpu->memory->size ? cpu->ilimit : cpu->memory->size;
    if (end > cpu->ibase) {
        uint64_t parcels = (uint64_t)(end - cpu->ibase) * 4;
        w.p_limit = parcels < p_span(cpu) ? (uint32_t)parcels : p_span(cpu);
    }
    return w;
}

static void program_range_error(struct cpu *cpu)
{
    raise_flag(cpu, FLAG_PROGRAM_RANGE);
    /* In monitor mode the error is lost; stop all the same rather than run
     * on beyond the field. */
    if (cpu->modes & MODE_MONITOR)
        cpu->monitor_exit = true;
}

/* The programmable clock: ICD counts down and requests an interrupt at 0,
 * then reloads from II (cray1-isa.md 5.3). */
static void count_down_clock(struct cpu *cpu, unsigned cost)
{
    if (cpu->clock_interval == 0)
        return;
    if (cpu->clock_countdown > cost) {
        cpu->clock_countdown -= cost;
        return;
    }
    cpu->clock_countdown = cpu->clock_interval;
    raise_flag(cpu, FLAG_CLOCK_INTERRUPT);
}

static inline unsigned parcel_at(const uint64_t *code, uint32_t p)
{
    return (unsigned)(code[p >> 2] >> (48 - 16 * (p & 3))) & 0xFFFF;
}

static inline void execute_one(struct cpu *cpu, struct fetch_window w)
{
    uint32_t p = cpu->p;
    if (p >= w.p_limit) {
        program_range_error(cpu);
        return;
    }
    unsigned parcel = parcel_at(w.code, p), m = 0;
    unsigned row = cpu->decoder->row[parcel];
    unsigned parcels = dispatch[row].parcels;
    if (parcels == 2) {
        if (p + 1 >= w.p_limit) {
            program_range_error(cpu);
            return;
        }
        m = parcel_at(w.code, p + 1);
    }
    cpu->p = p + parcels;
    cpu->features_used |= dispatch[row].feature;
    dispatch[row].exec(cpu, parcel, m);
    cpu->instructions++;
    unsigned cost = dispatch[row].exchange ? EXCHANGE_CLOCKS : parcels;
    cpu->clock += cost;
    if (cpu->modes & MODE_CLOCK_ENABLED)
        count_down_clock(cpu, cost);
}

static inline bool must_stop(const struct cpu *cpu) { return cpu->flags || cpu->monitor_exit; }

enum cpu_stop cpu_step(struct cpu *cpu)
{
    if (must_stop(cpu))
        return CPU_STOP_EXCHANGE;
    execute_one(cpu, fetch_window(cpu));
    return must_stop(cpu) ? CPU_STOP_EXCHANGE : CPU_STOP_CLOCKS;
}

enum cpu_stop cpu_run(struct cpu *cpu, uint64_t clock_limit)
{
    if (must_stop(cpu))
        return CPU_STOP_EXCHANGE;
    struct fetch_window w = fetch_window(cpu);
    if (cpu->stop_at_parcel != UINT32_MAX) {
        while (cpu->clock < clock_limit) {
            execute_one(cpu, w);
            if (must_stop(cpu))
                return CPU_STOP_EXCHANGE;
            if (cpu->p == cpu->stop_at_parcel)
                return CPU_STOP_BREAK;
        }
        return CPU_STOP_CLOCKS;
    }
    while (cpu->clock < clock_limit) {
        execute_one(cpu, w);
        if (must_stop(cpu))
            return CPU_STOP_EXCHANGE;
    }
    return CPU_STOP_CLOCKS;
}
