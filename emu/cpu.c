/*
 * cpu.c - the instruction loop: fetch the instruction at P from the
 * instruction buffers (filling one from the field on a miss, each parcel
 * decoded through the instruction table once per fill), advance P, run the
 * row's executor, and stop when a flag needs the monitor.
 *
 * Clock: until the timing model (functional units, reservations, chaining,
 * memory banks) is in place, each instruction costs its issue time - one
 * clock per parcel - and an exit the 50 clocks of the exchange sequence
 * (cray1-isa.md 5.4).  The real-time clock follows this count.
 */
#include "cpu.h"

#include <string.h>

#include "exec.h"
#include "timing_fast.h"
#include "timing_memo.h"

#define EXCHANGE_CLOCKS 50u   /* 000/004: exchange 36 + fetch 14 */

/* Executor and size of each row, in table order. */
static const struct {
    isa_exec_fn exec;
    uint8_t parcels;
    uint16_t feature;
    uint8_t cost;   /* clocks: the issue of each parcel, or the exchange sequence */
} dispatch[] = {
#define ROW(match, mask, parcels, exec, unit, time, models, feature, flags, result, operand)   \
    {exec_##exec, parcels, feature, unit == UNIT_EXCHANGE ? EXCHANGE_CLOCKS : parcels},
#include "isa_table.def"
#undef ROW
};


/* The memo describes the code in the buffers: it empties with them. */
static void forget_memo(struct cpu *cpu)
{
    if (cpu->memo) {
        timing_memo_clear(cpu->memo);
        cpu->memo_generation = cpu->memo->generation;
    }
}

void cpu_init(struct cpu *cpu, unsigned model, struct memory *memory,
              const struct isa_decoder *decoder)
{
    memset(cpu, 0, sizeof *cpu);
    cpu->model = model;
    cpu->memory = memory;
    cpu->decoder = decoder;
    cpu->stop_at_parcel = UINT32_MAX;
    cpu->stop_p = UINT32_MAX;
    cpu_set_field(cpu, 0, memory->size);
    cpu_invalidate_buffers(cpu);
    timing_default_parameters(model, &cpu->timing_params);
    /* The X-MP flags operand range errors only with IOR; a user program is
     * normally run with it on. */
    if (model == MODEL_XMP)
        cpu->modes |= MODE_RANGE_INTERRUPT;
}

void cpu_set_timing(struct cpu *cpu, const struct timing_tables *tables)
{
    cpu->timing_tables = tables;
    timing_default_parameters(cpu->model, &cpu->timing_params);
    memset(&cpu->timing, 0, sizeof cpu->timing);
    /* Reservations count from the cpu's present clock. */
    struct timing_state *ts = &cpu->timing;
    for (int r = 0; r < 8; r++) {
        ts->a_ready[r] = ts->s_ready[r] = cpu->clock;
        ts->v_chain_slot[r] = ts->v_result_free[r] = ts->v_operand_free[r] = cpu->clock;
    }
    for (int w = 0; w < 64; w++)
        ts->a_path[w] = ts->s_path[w] = UINT64_MAX;
    /* Parcels already in the buffers get their registers now. */
    cpu->timing_fast.valid = false;
    forget_memo(cpu);
    if (tables)
        for (unsigned b = 0; b < BUFFER_COUNT; b++)
            for (unsigned s = 0; s < BUFFER_MAX_PARCELS; s++) {
                struct decoded_parcel *d = &cpu->buffer[b].slot[s];
                d->timing = timing_slot_of(tables, d->row, d->parcel);
            }
}

void cpu_set_field(struct cpu *cpu, uint32_t base, uint32_t limit)
{
    cpu->base = cpu->ibase = base;
    cpu->limit = cpu->ilimit = limit;
    cpu_invalidate_buffers(cpu);
}

/* Highest P + 1: 22 bits on the Cray-1, 24 on the X-MP (cray1-isa.md 1.3). */
static uint32_t p_span(const struct cpu *cpu)
{
    return cpu->model == MODEL_CRAY1 ? UINT32_C(1) << 22 : UINT32_C(1) << 24;
}

static inline unsigned parcel_at(const uint64_t *code, uint32_t p)
{
    return (unsigned)(code[p >> 2] >> (48 - 16 * (p & 3))) & 0xFFFF;
}

static unsigned buffer_shift(const struct cpu *cpu) { return cpu->model == MODEL_XMP ? 7 : 6; }

void cpu_set_memo(struct cpu *cpu, struct timing_memo *memo)
{
    cpu->memo = memo;
    if (memo)
        memo->params_valid = false;
    forget_memo(cpu);
}

void cpu_invalidate_buffers(struct cpu *cpu)
{
    forget_memo(cpu);
    for (unsigned b = 0; b < BUFFER_COUNT; b++)
        cpu->buffer[b].block = UINT32_MAX;
    cpu->current_buffer = 0;
    cpu->buffered_ibase = cpu->ibase;
    cpu->buffered_ilimit = cpu->ilimit;
}

/* A parcel outside the field: a program range error, P stays on it. */
static void exec_fetch_range_error(struct cpu *cpu, unsigned parcel, unsigned m)
{
    (void)parcel;
    (void)m;
    raise_flag(cpu, FLAG_PROGRAM_RANGE);
    /* In monitor mode the error is lost; stop all the same rather than run
     * on beyond the field. */
    if (cpu->modes & MODE_MONITOR)
        cpu->monitor_exit = true;
}

static const struct decoded_parcel out_of_field = {
    exec_fetch_range_error, 0, 0, 0, 0, 0, 0,
    {{TIMING_WAIT_NONE, TIMING_WAIT_NONE, TIMING_WAIT_NONE, TIMING_WAIT_NONE}, TIMING_WRITE_NONE,
     {TIMING_ROLE_END}},
    0, 0};

/* Fill a buffer with the block holding parcel address p: every parcel is
 * decoded, and those outside the field (or beyond P's width) fault. */
static struct instruction_buffer *fill_buffer(struct cpu *cpu, uint32_t block)
{
    unsigned shift = buffer_shift(cpu), size = 1u << shift;
    unsigned index = cpu->next_buffer;
    cpu->next_buffer = (index + 1) % BUFFER_COUNT;
    struct instruction_buffer *b = &cpu->buffer[index];
    b->block = block;
    cpu->current_buffer = index;
    forget_memo(cpu);

    uint32_t end = cpu->ilimit < cpu->memory->size ? cpu->ilimit : cpu->memory->size;
    uint64_t p_limit = end > cpu->ibase ? (uint64_t)(end - cpu->ibase) * 4 : 0;
    if (p_limit > p_span(cpu))
        p_limit = p_span(cpu);
    const uint64_t *code = cpu->memory->word + cpu->ibase;
    uint64_t first = (uint64_t)block << shift;
    for (unsigned s = 0; s < size; s++) {
        uint64_t p = first + s;
        struct decoded_parcel *d = &b->slot[s];
        if (p >= p_limit) {
            *d = out_of_field;
            continue;
        }
        unsigned parcel = parcel_at(code, (uint32_t)p);
        unsigned row = cpu->decoder->row[parcel];
        d->exec = dispatch[row].exec;
        d->parcel = (uint16_t)parcel;
        d->parcels = dispatch[row].parcels;
        d->row = (uint8_t)row;
        d->cost = dispatch[row].cost;
        d->jumps = (isa_rows[row].flags & ISA_BRANCH) || dispatch[row].exec == exec_semaphore_test_set;
        d->feature = dispatch[row].feature;
        d->heat = 0;
        d->m = 0;
        if (d->parcels == 2) {
            if (p + 1 >= p_limit) {
                *d = out_of_field;
                continue;
            }
            d->m = (uint16_t)parcel_at(code, (uint32_t)p + 1);
        }
        if (cpu->timing_tables)
            d->timing = timing_slot_of(cpu->timing_tables, row, parcel);
    }
    return b;
}

static inline const struct decoded_parcel *fetch(struct cpu *cpu, uint32_t p)
{
    unsigned shift = buffer_shift(cpu);
    uint32_t block = p >> shift;
    struct instruction_buffer *b = &cpu->buffer[cpu->current_buffer];
    if (b->block != block) {
        b = NULL;
        for (unsigned i = 0; i < BUFFER_COUNT; i++) {
            if (cpu->buffer[i].block == block) {
                b = &cpu->buffer[i];
                cpu->current_buffer = i;
                /* Running into another buffer costs a change; a taken
                 * branch pays none (cray1-isa.md 6.7). */
                if (!cpu->after_taken_branch)
                    cpu->timing.pending_fetch = 1;
                break;
            }
        }
        if (!b) {
            b = fill_buffer(cpu, block);
            cpu->timing.pending_fetch = 2;
        }
    }
    return &b->slot[p & ((1u << shift) - 1)];
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

static inline __attribute__((always_inline)) void account_features(struct cpu *cpu,
                                                                    const struct decoded_parcel *d)
{
    if (d->feature)
        cpu->features_used |= d->feature;
}

/* Functional mode: each instruction costs its issue time. */
static inline __attribute__((always_inline)) void execute_untimed(struct cpu *cpu,
                                                                  const struct decoded_parcel *d,
                                                                  uint32_t p)
{
    cpu->p = p + d->parcels;
    account_features(cpu, d);
    d->exec(cpu, d->parcel, d->m);
    cpu->instructions++;
    unsigned cost = d->cost;
    cpu->clock += cost;
    if (cpu->modes & MODE_CLOCK_ENABLED)
        count_down_clock(cpu, cost);
}

/* Timed mode: the timing model decides the issue clock. */
static void execute_timed(struct cpu *cpu, const struct decoded_parcel *d, uint32_t p)
{
    struct timing_event event;
    uint64_t before = cpu->clock;
    timing_issue(cpu, d->row, d->parcel, d->m, cpu->trace ? &event : NULL);
    uint32_t sequential = p + d->parcels;
    cpu->p = sequential;
    account_features(cpu, d);
    d->exec(cpu, d->parcel, d->m);
    cpu->instructions++;
    timing_complete(cpu, d->row, sequential);
    cpu->after_taken_branch = cpu->p != sequential;
    if (cpu->trace) {
        event.p = p;
        event.ready = before;
        cpu->trace(cpu->trace_context, cpu, &event);
    }
    if (cpu->modes & MODE_CLOCK_ENABLED)
        count_down_clock(cpu, (unsigned)(cpu->clock - before));
}

static inline __attribute__((always_inline)) void execute_one(struct cpu *cpu)
{
    uint32_t p = cpu->p;
    const struct decoded_parcel *d = fetch(cpu, p);
    if (!d->parcels) {
        d->exec(cpu, d->parcel, d->m);   /* outside the field: not issued */
        return;
    }
    if (cpu->timing_tables)
        execute_timed(cpu, d, p);
    else
        execute_untimed(cpu, d, p);
}

/* The fast path serves when no trace wants each instruction's hold. */
static bool fast_timing(struct cpu *cpu)
{
    if (!cpu->timing_tables || cpu->trace || cpu->timing_general)
        return false;
    timing_fast_prepare(cpu->timing_tables, &cpu->timing_params, &cpu->timing_fast);
    return true;
}

/* Buffers hold code of one field and do not outlive an exchange: empty them
 * when the cpu resumes after one, or finds its field changed. */
static void prepare_to_run(struct cpu *cpu)
{
    if (cpu->buffered_ibase != cpu->ibase || cpu->buffered_ilimit != cpu->ilimit)
        cpu_invalidate_buffers(cpu);
}

static inline bool must_stop(const struct cpu *cpu) { return cpu->flags || cpu->monitor_exit; }

/* The instruction loop without a trace or a stop point, untimed or timed
 * on the fast path (general instructions go the general way): P, the clock
 * and the instruction count live in locals, which the host keeps in
 * registers, and are written back where an executor or the general path
 * may look.  One instruction if `single`; returns CPU_STOP_EXCHANGE when
 * a flag needs the monitor (the caller empties the buffers). */
static inline __attribute__((always_inline)) enum cpu_stop
run_loop(struct cpu *cpu, uint64_t clock_limit, bool timed, bool single)
{
    /* The buffer of the last instruction, also in locals: only fetch()
     * changes the buffers while the loop runs. */
    const unsigned shift = buffer_shift(cpu), slot_mask = (1u << shift) - 1;
    const struct instruction_buffer *current = &cpu->buffer[cpu->current_buffer];
    uint32_t current_block = current->block;
    /* A fetch delay left by a parcel that did not issue: the first
     * instruction goes through fetch(), which takes it below. */
    if (timed && cpu->timing.pending_fetch)
        current_block = UINT32_MAX;
    uint32_t p = cpu->p;
    uint64_t clock = cpu->clock, instructions = cpu->instructions;
    enum cpu_stop stop = CPU_STOP_CLOCKS;
    while (clock < clock_limit) {
        const struct decoded_parcel *d;
        const uint32_t at = p;   /* the instruction's address, for stop_p */
        if (__builtin_expect(p >> shift == current_block, 1)) {
            d = &current->slot[p & slot_mask];
        } else {
            d = fetch(cpu, p);
            current = &cpu->buffer[cpu->current_buffer];
            current_block = current->block;
            /* The fetch's delay (a fill or a change of buffer), as
             * timing_issue would take it at this clock; a parcel outside
             * the field does not issue and leaves it for the next. */
            if (timed && cpu->timing.pending_fetch && d->parcels) {
                struct timing_state *ts = &cpu->timing;
                unsigned delay = ts->pending_fetch == 2 ? cpu->timing_params.buffer_fill
                                                        : cpu->timing_params.buffer_change;
                ts->fetch_ready = max_clock(ts->fetch_ready, clock + delay);
                ts->pending_fetch = 0;
            }
        }
        const struct timing_fast_row *f = timed ? &cpu->timing_fast.row[d->row] : NULL;
        if (__builtin_expect(!d->parcels || (timed && f->kind == TIMING_GENERAL), 0)) {
            cpu->p = p;
            cpu->clock = clock;
            cpu->instructions = instructions;
            if (!d->parcels)
                d->exec(cpu, d->parcel, d->m);   /* outside the field: not issued */
            else
                execute_timed(cpu, d, p);
            p = cpu->p;
            clock = cpu->clock;
            instructions = cpu->instructions;
        } else {
            uint64_t before = clock;
            uint32_t sequential = p + d->parcels;
            if (timed && f->kind == TIMING_VECTOR)
                clock = timing_issue_vector(cpu, clock, &d->timing, f);
            else if (timed)
                clock = timing_issue_fast(cpu, clock, &d->timing, f, d->parcel, d->m);
            cpu->clock = clock;   /* RT reads the issue clock */
            cpu->p = sequential;
            account_features(cpu, d);
            d->exec(cpu, d->parcel, d->m);
            instructions++;
            p = d->jumps ? cpu->p : sequential;
            if (timed) {
                bool taken = p != sequential;
                clock += taken ? f->next_taken : f->next;
                cpu->after_taken_branch = taken;
            } else {
                clock += d->cost;
            }
            if (cpu->modes & MODE_CLOCK_ENABLED)
                count_down_clock(cpu, (unsigned)(clock - before));
        }
        if (must_stop(cpu)) {
            cpu->stop_p = at;
            stop = CPU_STOP_EXCHANGE;
            break;
        }
        if (single)
            break;
    }
    cpu->p = p;
    cpu->clock = clock;
    cpu->instructions = instructions;
    return stop;
}


/* ---- the memoized timing (timing_memo.h) ------------------------------------------- */

#define MEMO_GIVE_UP 24   /* a block start met this often without a record gets none */

/* Replay record e from cpu->clock: each instruction's reservations written
 * at the clocks the record gives, its executor run.  *jumped tells the way
 * out.  Returns CPU_STOP_EXCHANGE when a flag needs the monitor. */
static enum cpu_stop memo_replay(struct cpu *cpu, const struct timing_memo_entry *e,
                                 const struct instruction_buffer *b, unsigned slot_mask,
                                 unsigned *jumped)
{
    const uint64_t c = cpu->clock;
    enum cpu_stop stop = CPU_STOP_CLOCKS;
    uint32_t p = cpu->p, i = 0;
    while (i < e->steps) {
        const struct timing_memo_step *s = &e->step[i++];
        const struct decoded_parcel *d = &b->slot[p & slot_mask];
        const uint32_t at = p;
        p += d->parcels;
        cpu->clock = c + s->issue;   /* RT reads the issue clock */
        cpu->p = p;
        account_features(cpu, d);
        d->exec(cpu, d->parcel, d->m);
        if (must_stop(cpu)) {
            cpu->stop_p = at;
            stop = CPU_STOP_EXCHANGE;
            break;
        }
    }
    /* The reservations of the instructions run: no executor reads them. */
    uint64_t *words = (uint64_t *)&cpu->timing;
    for (const struct timing_memo_write *w = e->write, *end = w + e->step[i - 1].write_end;
         w < end; w++) {
        uint64_t v = c + w->rel;
        words[w->base + (v & w->mask)] = v;
    }
    /* Only the last instruction may have jumped. */
    *jumped = i == e->steps && cpu->p != e->p + e->parcels;
    cpu->after_taken_branch = *jumped;
    cpu->clock = c + (*jumped ? e->next_taken : e->step[i - 1].next);
    cpu->instructions += i;
    return stop;
}

static inline bool memo_may_run(const struct cpu *cpu, const struct decoded_parcel *d)
{
    return d->parcels && cpu->timing_fast.row[d->row].memo;
}

/* Run a block from cpu->clock on the fast path, noting in e what each
 * instruction reserved; the block ends after an instruction that may jump,
 * before one of another buffer or one the memo does not take, or at the
 * clock limit.  e is committed if the block ran to its end.  (A result
 * path entry further than the key's 64 clocks can only be one the block
 * wrote itself: the key admits none beyond.) */
static enum cpu_stop memo_record(struct cpu *cpu, struct timing_memo_entry *e,
                                 const struct instruction_buffer *b, unsigned shift,
                                 uint64_t clock_limit, unsigned *jumped, bool *committed)
{
    struct timing_state *ts = &cpu->timing;
    const unsigned slot_mask = (1u << shift) - 1;
    const uint64_t c = cpu->clock;
    uint32_t p = cpu->p, writes = 0;
    bool cacheable = true;
    *committed = false;
    for (;;) {
        const struct decoded_parcel *d = &b->slot[p & slot_mask];
        const struct timing_fast_row *f = &cpu->timing_fast.row[d->row];
        uint64_t t = f->kind == TIMING_VECTOR
                         ? timing_issue_vector(cpu, cpu->clock, &d->timing, f)
                         : timing_issue_fast(cpu, cpu->clock, &d->timing, f, d->parcel, d->m);
        struct timing_memo_write *w = e->write + writes;
        if (f->kind == TIMING_VECTOR) {
            *w++ = (struct timing_memo_write){MEMO_WORD(unit_free) + f->unit, 0,
                                               (uint32_t)(ts->unit_free[f->unit] - c)};
            for (const uint8_t *r = d->timing.role; *r != TIMING_ROLE_END; r++) {
                unsigned n = *r & 7;
                if ((*r & 0xF8) == TIMING_ROLE_V_READ) {
                    *w++ = (struct timing_memo_write){MEMO_WORD(v_operand_free) + n, 0,
                                                       (uint32_t)(ts->v_operand_free[n] - c)};
                } else if ((*r & 0xF8) == TIMING_ROLE_V_WRITE) {
                    *w++ = (struct timing_memo_write){MEMO_WORD(v_chain_slot) + n, 0,
                                                       (uint32_t)(ts->v_chain_slot[n] - c)};
                    *w++ = (struct timing_memo_write){MEMO_WORD(v_result_free) + n, 0,
                                                       (uint32_t)(ts->v_result_free[n] - c)};
                } else if (*r == TIMING_ROLE_VM_WRITE) {
                    *w++ = (struct timing_memo_write){MEMO_WORD(vm_ready), 0,
                                                       (uint32_t)(ts->vm_ready - c)};
                }
            }
        } else {
            uint64_t result = ts->reg_ready[d->timing.write];
            *w++ = (struct timing_memo_write){MEMO_WORD(reg_ready) + d->timing.write, 0,
                                               (uint32_t)(result - c)};
            if (d->timing.write != TIMING_WRITE_NONE) {
                *w++ = (struct timing_memo_write){MEMO_WORD(path) + 64 * f->path, 63,
                                                   (uint32_t)(result - c)};
            }
        }
        for (struct timing_memo_write *x = e->write + writes; x < w; x++)
            cacheable &= c + x->rel >= c;   /* (no record beyond 2^32 clocks) */
        writes = (uint32_t)(w - e->write);
        cacheable &= t + f->next_taken - c <= UINT32_MAX;
        struct timing_memo_step *s = &e->step[e->steps++];
        s->issue = (uint32_t)(t - c);
        s->next = (uint32_t)(t + f->next - c);
        s->write_end = writes;

        uint32_t sequential = p + d->parcels;
        cpu->clock = t;
        cpu->p = sequential;
        account_features(cpu, d);
        d->exec(cpu, d->parcel, d->m);
        cpu->instructions++;
        p = cpu->p;
        *jumped = p != sequential;
        cpu->clock = t + (*jumped ? f->next_taken : f->next);
        cpu->after_taken_branch = *jumped;
        if (must_stop(cpu)) {
            cpu->stop_p = sequential - d->parcels;
            return CPU_STOP_EXCHANGE;   /* not committed: the block did not end */
        }
        e->parcels = sequential - e->p;
        if (d->jumps) {
            e->next_taken = (uint32_t)(t + f->next_taken - c);
            break;
        }
        if (p >> shift != b->block || !memo_may_run(cpu, &b->slot[p & slot_mask]) ||
            cpu->clock >= clock_limit || e->steps == MEMO_MAX_STEPS)
            break;
    }
    e->last_pre = e->steps >= 2 ? e->step[e->steps - 2].next : 0;
    if (cacheable) {
        timing_memo_commit(cpu->memo, e);
        *committed = true;
    }
    return CPU_STOP_CLOCKS;
}

/* The memo serves if the buffers and parameters are those of its records. */
static bool memo_ready(struct cpu *cpu)
{
    struct timing_memo *memo = cpu->memo;
    if (!memo)
        return false;
    if (cpu->memo_generation != memo->generation || !memo->params_valid ||
        memcmp(&memo->params, &cpu->timing_params, sizeof memo->params)) {
        forget_memo(cpu);
        memo->params = cpu->timing_params;
        memo->params_valid = true;
    }
    return true;
}

/* The timed loop with the memo: blocks replayed from their records, linked
 * record to record; an instruction the memo does not take, the first visit
 * of a block, a fetch from another buffer and the last block before the
 * clock limit go one instruction at a time, as run_loop runs them. */
static enum cpu_stop run_memo(struct cpu *cpu, uint64_t clock_limit)
{
    struct timing_memo *memo = cpu->memo;
    const unsigned shift = buffer_shift(cpu), slot_mask = (1u << shift) - 1;
    struct timing_memo_entry *prev = NULL;   /* the block just run, and its way out */
    unsigned way = 0;
    while (cpu->clock < clock_limit) {
        struct instruction_buffer *b = &cpu->buffer[cpu->current_buffer];
        uint32_t p = cpu->p;
        struct decoded_parcel *d = &b->slot[p & slot_mask];
        struct timing_memo_entry *e = NULL;
        const bool block = p >> shift == b->block && !cpu->timing.pending_fetch &&
                     !(cpu->modes & MODE_CLOCK_ENABLED) && memo_may_run(cpu, d);
        if (block && prev && prev->succ_p[way] == p && prev->succ[way]) {
            e = prev->succ[way];
            memo->stats.linked++;
        } else if (block && d->heat == 0) {
            d->heat = 1;   /* a first visit runs as it is */
        } else if (block && d->heat < MEMO_GIVE_UP) {
            struct timing_memo_key key;
            if (!timing_memo_key_of(&cpu->timing, &cpu->timing_params, cpu_vector_length(cpu),
                                    cpu->clock, &key)) {
                d->heat++;
            } else if ((e = timing_memo_find(memo, p, &key)) != NULL) {
                if (prev) {
                    prev->succ[way] = e;
                    prev->succ_p[way] = p;
                } else if (e->steps < memo->keyed_min) {
                    /* Met after an instruction the memo does not take (a
                     * memory reference): a key costs more than so short a
                     * block saves.  No more keys here. */
                    d->heat = MEMO_GIVE_UP;
                }
            } else {
                d->heat++;
                uint64_t generation = memo->generation;
                struct timing_memo_entry *n = timing_memo_begin(memo, p, &key);
                if (memo->generation != generation)
                    prev = NULL;   /* emptied: the records held are gone */
                unsigned out = 0;
                bool committed;
                enum cpu_stop stop = memo_record(cpu, n, b, shift, clock_limit, &out, &committed);
                if (prev && committed) {
                    prev->succ[way] = n;
                    prev->succ_p[way] = p;
                }
                if (stop != CPU_STOP_CLOCKS)
                    return stop;
                prev = committed ? n : NULL;
                way = out;
                continue;
            }
        }
        if (e && cpu->clock + e->last_pre < clock_limit) {
            /* From record to linked record while the links hold: the
             * buffers, the fetch and the modes stay as they were. */
            uint64_t replays = 0;
            enum cpu_stop stop;
            do {
                replays++;
                prev = e;
                stop = memo_replay(cpu, e, b, slot_mask, &way);
                e = prev->succ[way];
            } while (stop == CPU_STOP_CLOCKS && e && prev->succ_p[way] == cpu->p &&
                     cpu->clock + e->last_pre < clock_limit);
            memo->stats.replays += replays;
            memo->stats.linked += replays - 1;
            if (stop != CPU_STOP_CLOCKS)
                return stop;
            continue;
        }
        /* One instruction as the loop without the memo runs it. */
        prev = NULL;
        if (run_loop(cpu, clock_limit, true, true) != CPU_STOP_CLOCKS)
            return CPU_STOP_EXCHANGE;
    }
    return CPU_STOP_CLOCKS;
}

enum cpu_stop cpu_step(struct cpu *cpu)
{
    cpu->stop_p = UINT32_MAX;
    if (must_stop(cpu))
        return CPU_STOP_EXCHANGE;
    prepare_to_run(cpu);
    const uint32_t at = cpu->p;
    if (fast_timing(cpu) || !cpu->timing_tables)
        run_loop(cpu, UINT64_MAX, cpu->timing_tables != NULL, true);
    else
        execute_one(cpu);
    if (must_stop(cpu)) {
        cpu->stop_p = at;
        cpu_invalidate_buffers(cpu);
        return CPU_STOP_EXCHANGE;
    }
    return CPU_STOP_CLOCKS;
}

enum cpu_stop cpu_run(struct cpu *cpu, uint64_t clock_limit)
{
    cpu->stop_p = UINT32_MAX;
    if (must_stop(cpu))
        return CPU_STOP_EXCHANGE;
    prepare_to_run(cpu);
    bool fast = fast_timing(cpu);
    if (cpu->stop_at_parcel != UINT32_MAX || (cpu->timing_tables && !fast)) {
        while (cpu->clock < clock_limit) {
            const uint32_t at = cpu->p;
            execute_one(cpu);
            if (must_stop(cpu)) {
                cpu->stop_p = at;
                cpu_invalidate_buffers(cpu);
                return CPU_STOP_EXCHANGE;
            }
            if (cpu->p == cpu->stop_at_parcel)
                return CPU_STOP_BREAK;
        }
        return CPU_STOP_CLOCKS;
    }
    enum cpu_stop stop = fast && memo_ready(cpu) ? run_memo(cpu, clock_limit)
                         : fast                ? run_loop(cpu, clock_limit, true, false)
                                               : run_loop(cpu, clock_limit, false, false);
    if (stop == CPU_STOP_EXCHANGE)
        cpu_invalidate_buffers(cpu);
    return stop;
}
