/*
 * timing.c - the timing model (see timing.h): issue rules, reservations,
 * functional units, chaining, memory banks, instruction buffers, branches
 * and exits of cray1-isa.md section 6.
 *
 * An instruction's issue clock is found by raising a candidate clock until
 * no hold-issue condition of 6.3 applies; since the chain-slot rule is not
 * monotone (issue exactly at the slot, or after the register is free), the
 * conditions are checked again after every raise.
 */
#include "timing.h"

#include <string.h>

#include "cpu.h"

void timing_default_parameters(unsigned model, struct timing_parameters *p)
{
    memset(p, 0, sizeof *p);
    /* [U] The X-MP manual gives 2 CP for a 2-parcel issue; assumed for the
     * Cray-1 too (cray1-isa.md 6.3, open question 13). */
    p->two_parcel_issue = 2;
    /* [U] Cray-1 branch times were not found; the X-MP figures of 6.7 are
     * used: 5 CP taken (in a buffer), 7 for 005, 2 not taken. */
    p->jump_taken = 5;
    p->jump_b = 7;
    p->branch_not_taken = 2;
    /* [M] 6.7: a change of buffer costs 2 CP; a fill about 14 CP. */
    p->buffer_change = 2;
    p->buffer_fill = 14;
    /* [M] 6.6: 16 banks busy 4 CP (X-MP: model-dependent, kept at 4 [U]). */
    p->bank_busy = 4;
    p->memory_banks = 16;
    /* [M/S] 11 CP scalar load; [U] vector and block start-up taken as the
     * same 11 CP (6.6; open question 2). */
    p->scalar_load = 11;
    p->vector_load_startup = 11;
    p->block_startup = 11;
    /* [M] 5.4: an exit is 36 CP of exchange and 14 of fetch. */
    p->exit_exchange = 50;
    /* [M for pop, generalised U] Cray-1: operands free at t + max(VL,5),
     * the result at t + T + 2 + max(VL,5) (6.5). */
    p->vector_min_length = 5;
    p->vector_result_extra = 2;
    p->late_chaining = false;
    p->recursion = model == MODEL_CRAY1;
    if (model == MODEL_XMP) {
        /* [S] X-MP: operands free at VL + 3, the result at VL + 5 + T (6.5);
         * "flexible" chaining at any time after the slot [U]. */
        p->vector_min_length = 0;
        p->vector_operand_extra = 3;
        p->vector_result_extra = 5;
        p->late_chaining = true;
        /* [M] 6.7: a conditional branch waits while A0 / S0 was busy in any
         * of the previous 3 CP; 005 holds 1 CP after a 025 to its B. */
        p->branch_condition_hold = 3;
        p->b_jump_hold = 1;
        /* [S] 6.2: address multiply 4, vector shift 3 (152: 4), vector pop 5. */
        p->unit_time[UNIT_A_MUL] = 4;
        p->unit_time[UNIT_V_SHIFT] = 3;
        p->unit_time[UNIT_V_POP] = 5;
        p->vector_shift_double = 4;
    }
}

/* The unit time of a row on this model. */
static unsigned unit_time(const struct timing_parameters *tp, const struct isa_row *ir)
{
    if (tp->vector_shift_double && (ir->match >> 9) == 0152)
        return tp->vector_shift_double;
    return tp->unit_time[ir->unit] ? tp->unit_time[ir->unit] : ir->time;
}

const char *timing_hold_name(unsigned hold)
{
    static const char *const names[] = {"-",    "fetch", "operand", "result", "chain",
                                        "unit", "memory", "path",   "vm"};
    return hold < sizeof names / sizeof names[0] ? names[hold] : "?";
}

/* ---- roles from the CAL patterns ---------------------------------------------- */

static int field_code(const char *field)
{
    if (!strcmp(field, "i"))
        return 0;
    if (!strcmp(field, "j"))
        return 1;
    if (!strcmp(field, "k"))
        return 2;
    if (!strcmp(field, "h"))
        return 3;
    return -1;   /* jk: B, T, SM registers carry no reservation */
}

static void add_role(struct timing_row *tr, unsigned cls, unsigned field, bool write,
                     bool zero_constant)
{
    for (unsigned r = 0; r < tr->role_count; r++)
        if (tr->role[r].reg_class == cls && tr->role[r].field == field && tr->role[r].write == write)
            return;
    static const uint8_t shifts[4] = {6, 3, 0, 9};   /* i, j, k, h */
    if (tr->role_count < TIMING_MAX_ROLES)
        tr->role[tr->role_count++] = (struct timing_role){
            (uint8_t)cls, (uint8_t)field, write, zero_constant,
            field < 4 ? shifts[field] : 0, field < 4 ? 07 : 0};
}

static void add_token_role(struct timing_row *tr, const struct isa_token *tok, bool write)
{
    unsigned cls;
    if (!strcmp(tok->name, "A"))
        cls = REG_A;
    else if (!strcmp(tok->name, "S") || !strcmp(tok->name, "PS") || !strcmp(tok->name, "QS") ||
             !strcmp(tok->name, "ZS"))
        cls = REG_S;
    else if (!strcmp(tok->name, "V") || !strcmp(tok->name, "PV") || !strcmp(tok->name, "QV"))
        cls = REG_V;
    else if (!strcmp(tok->name, "VM")) {
        add_role(tr, REG_VM, 5, write, false);
        return;
    } else
        return;   /* B, T, shared registers, VL, RT, SB: no reservations */
    if (tok->field[0]) {
        int f = field_code(tok->field);
        if (f < 0)
            return;
        /* Register 0 read through j, k or h of A and S is a constant. */
        bool zero_constant = !write && f != 0 && cls != REG_V;
        add_role(tr, cls, (unsigned)f, write, zero_constant);
    } else if (tok->number == 0) {
        add_role(tr, cls, 4, write, false);
    }
}

void timing_tables_init(struct timing_tables *tables)
{
    memset(tables, 0, sizeof *tables);
    for (size_t r = 0; r < isa_row_count; r++) {
        const struct isa_row *row = &isa_rows[r];
        struct timing_row *tr = &tables->row[r];
        struct isa_field result, operand;
        if (isa_scan(row->result, strlen(row->result), true, &result) ||
            isa_scan(row->operand, strlen(row->operand), true, &operand))
            continue;
        bool store = row->flags & ISA_STORE;
        bool first = true;
        for (int t = 0; t < result.count; t++) {
            const struct isa_token *tok = &result.token[t];
            if (tok->kind != TOK_REG)
                continue;
            bool write = !store && (first || !strcmp(tok->name, "VM"));
            add_token_role(tr, tok, write);
            first = false;
        }
        for (int t = 0; t < operand.count; t++)
            if (operand.token[t].kind == TOK_REG)
                add_token_role(tr, &operand.token[t], false);
        /* Implicit operands: branch conditions, block transfer address. */
        unsigned op = row->match >> 9;
        if (op >= 010 && op <= 013 && !(row->feature & FEAT_CONST24))
            add_role(tr, REG_A, 4, false, false);
        if (op >= 014 && op <= 017 && !(row->feature & FEAT_CONST24))
            add_role(tr, REG_S, 4, false, false);
        if (op == 0146 || op == 0147)
            add_role(tr, REG_VM, 5, false, false);
    }
}

/* ---- issue --------------------------------------------------------------------------- */

/* The register a role names in this parcel (0 for a fixed register 0). */
static inline unsigned role_register(const struct timing_role *role, unsigned parcel)
{
    return (parcel >> role->shift) & role->mask;
}

struct candidate {
    uint64_t t;
    unsigned hold;
    int hold_register;
    bool raised;
};

static void wait_until(struct candidate *c, uint64_t clock, unsigned hold, int reg)
{
    if (clock > c->t) {
        c->t = clock;
        c->hold = hold;
        c->hold_register = reg;
        c->raised = true;
    }
}

static bool shared_with_vectors(unsigned unit)
{
    return unit == UNIT_F_ADD || unit == UNIT_F_MUL || unit == UNIT_F_RECIP;
}

static unsigned bank_of(const struct cpu *cpu, uint32_t relative)
{
    uint32_t banks = cpu->timing_params.memory_banks;
    return (cpu->base + (relative & A_MASK)) & (banks - 1);
}

static uint32_t scalar_reference(const struct cpu *cpu, unsigned parcel, unsigned m)
{
    uint32_t jkm = isa_jkm(parcel, m);
    uint32_t displacement = (jkm & 0x200000) ? jkm | 0xC00000 : jkm;
    unsigned h = isa_h(parcel);
    return ((h ? cpu->a[h] : 0) + displacement) & A_MASK;
}

/* Check every hold condition at c->t, raising it as needed. */
static void check_holds(const struct cpu *cpu, const struct isa_row *ir, const struct timing_row *tr,
                        unsigned parcel, unsigned m, struct candidate *c)
{
    const struct timing_state *ts = &cpu->timing;
    const struct timing_parameters *tp = &cpu->timing_params;
    bool vector = ir->flags & ISA_VECTOR;
    bool store = ir->flags & ISA_STORE;
    unsigned opcode = ir->match >> 9;
    bool condition = opcode >= 010 && opcode <= 017 && !(ir->feature & FEAT_CONST24);
    unsigned condition_hold = condition ? tp->branch_condition_hold : 0;

    wait_until(c, ts->fetch_ready, HOLD_FETCH, -1);
    if (opcode == 005)
        wait_until(c, ts->b_ready[isa_jk(parcel)], HOLD_OPERAND, (int)isa_jk(parcel));
    for (unsigned r = 0; r < tr->role_count; r++) {
        const struct timing_role *role = &tr->role[r];
        unsigned n = role_register(role, parcel);
        if (role->zero_is_constant && n == 0)
            continue;
        switch (role->reg_class) {
        case REG_A:
            wait_until(c, ts->a_ready[n] + condition_hold,
                       role->write ? HOLD_RESULT : HOLD_OPERAND, (int)n);
            break;
        case REG_S:
            wait_until(c, ts->s_ready[n] + condition_hold,
                       role->write ? HOLD_RESULT : HOLD_OPERAND, (int)n);
            break;
        case REG_VM:
            if (!role->write)
                wait_until(c, ts->vm_ready, HOLD_VM, -1);
            break;
        case REG_V:
            if (!vector) {   /* 076 / 077: the whole register must be free */
                wait_until(c, ts->v_result_free[n], HOLD_CHAIN, (int)n);
            } else if (role->write) {
                wait_until(c, ts->v_result_free[n], HOLD_RESULT, (int)n);
                wait_until(c, ts->v_operand_free[n], HOLD_RESULT, (int)n);
            } else {
                wait_until(c, ts->v_operand_free[n], HOLD_CHAIN, (int)n);
                uint64_t slot = ts->v_chain_slot[n], free = ts->v_result_free[n];
                if (c->t < free) {
                    if (store || c->t > slot)
                        wait_until(c, (tp->late_chaining && !store && c->t > slot) ? c->t : free,
                                   HOLD_CHAIN, (int)n);
                    else
                        wait_until(c, slot, HOLD_CHAIN, (int)n);
                }
            }
            break;
        }
    }
    if (vector || shared_with_vectors(ir->unit))
        wait_until(c, ts->unit_free[ir->unit], HOLD_UNIT, -1);
    if (ir->unit == UNIT_MEMORY) {
        wait_until(c, ts->port_free, HOLD_MEMORY, -1);
        if (!vector && !(ir->flags & ISA_BLOCK))
            wait_until(c, ts->bank_free[bank_of(cpu, scalar_reference(cpu, parcel, m))],
                       HOLD_MEMORY, -1);
    }
}

/* Stream n words through the memory port from clock start: word e at the
 * first clock after word e-1 when its bank is free.  Returns the clock of
 * the last word; *conflict tells whether any word waited. */
static uint64_t stream_words(struct cpu *cpu, uint64_t start, unsigned n, uint32_t address,
                             uint32_t stride, const uint64_t *index, bool *conflict)
{
    struct timing_state *ts = &cpu->timing;
    uint64_t clock = start;
    *conflict = false;
    for (unsigned e = 0; e < n; e++) {
        uint32_t rel = index ? address + (uint32_t)index[e] : address + e * stride;
        unsigned bank = bank_of(cpu, rel);
        uint64_t at = e ? clock + 1 : clock;
        if (ts->bank_free[bank] > at) {
            at = ts->bank_free[bank];
            *conflict = true;
        }
        ts->bank_free[bank] = at + cpu->timing_params.bank_busy;
        clock = at;
    }
    return clock;
}

static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

void timing_issue(struct cpu *cpu, unsigned row, unsigned parcel, unsigned m,
                  struct timing_event *event)
{
    struct timing_state *ts = &cpu->timing;
    const struct timing_parameters *tp = &cpu->timing_params;
    const struct isa_row *ir = &isa_rows[row];
    const struct timing_row *tr = &cpu->timing_tables->row[row];

    /* The fetch of this instruction: a fill or a change of buffer. */
    if (ts->pending_fetch == 2)
        ts->fetch_ready = max_u64(ts->fetch_ready, cpu->clock + tp->buffer_fill);
    else if (ts->pending_fetch == 1)
        ts->fetch_ready = max_u64(ts->fetch_ready, cpu->clock + tp->buffer_change);
    ts->pending_fetch = 0;

    struct candidate c = {cpu->clock, HOLD_NONE, -1, false};
    bool vector = ir->flags & ISA_VECTOR;
    unsigned time = unit_time(tp, ir);
    if (vector) {
        /* The chain-slot rule is not monotone: check again after a raise. */
        for (int round = 0; round < 16; round++) {
            c.raised = false;
            check_holds(cpu, ir, tr, parcel, m, &c);
            if (!c.raised)
                break;
        }
    } else {
        /* Every scalar hold is a lower bound: one pass finds the latest. */
        check_holds(cpu, ir, tr, parcel, m, &c);
        /* Then the A / S result path: one result a clock enters each file;
         * a later issue only delays the arrival, never breaks a bound. */
        for (unsigned r = 0; r < tr->role_count; r++) {
            const struct timing_role *role = &tr->role[r];
            if (!role->write || (role->reg_class != REG_A && role->reg_class != REG_S))
                continue;
            const uint64_t *path = role->reg_class == REG_A ? ts->a_path : ts->s_path;
            uint64_t arrival = ir->unit == UNIT_MEMORY ? tp->scalar_load : time;
            while (path[(c.t + arrival) & 63] == c.t + arrival)
                wait_until(&c, c.t + 1, HOLD_PATH, (int)role_register(role, parcel));
        }
    }
    uint64_t t = c.t;
    cpu->clock = t;

    unsigned n = cpu_vector_length(cpu);
    unsigned span = n > tp->vector_min_length ? n : tp->vector_min_length;
    uint64_t result = t + time;
    if ((ir->match >> 9) == 025)
        ts->b_ready[isa_jk(parcel)] = t + 1 + tp->b_jump_hold;

    if (ir->unit == UNIT_MEMORY) {
        bool conflict = false;
        if (ir->flags & ISA_BLOCK) {
            unsigned words = cpu->a[isa_i(parcel)] & 0177;
            uint64_t last = stream_words(cpu, t + tp->block_startup, words, cpu->a[0], 1, NULL,
                                         &conflict);
            ts->port_free = last + 1;
            ts->fetch_ready = max_u64(ts->fetch_ready, last + 1);   /* no issue meanwhile */
            result = last + 1;
        } else if (vector) {
            unsigned k = isa_k(parcel);
            uint32_t stride = k ? cpu->a[k] : 1;
            const uint64_t *index = ir->feature & FEAT_GATHER ? cpu->v[k] : NULL;
            uint64_t last = stream_words(cpu, t, n, cpu->a[0], stride, index, &conflict);
            ts->port_free = last + 1;
            if (ir->flags & ISA_LOAD) {
                unsigned i = isa_i(parcel);
                uint64_t startup = (uint64_t)tp->vector_load_startup + 2;
                ts->v_result_free[i] = max_u64(t + startup + span + tp->vector_result_extra - 2,
                                               last + startup + 1);
                ts->v_chain_slot[i] = conflict ? ts->v_result_free[i] : t + startup;
                result = ts->v_result_free[i];
            } else {
                ts->v_operand_free[isa_j(parcel)] = last + 1;
                result = last + 1;
            }
        } else {
            unsigned bank = bank_of(cpu, scalar_reference(cpu, parcel, m));
            ts->bank_free[bank] = t + tp->bank_busy;
            result = t + tp->scalar_load;
        }
    } else if (vector) {
        uint64_t slot = t + time + 2;
        ts->unit_free[ir->unit] = t + n + 4;
        result = t + time + span + tp->vector_result_extra;
        for (unsigned r = 0; r < tr->role_count; r++) {
            const struct timing_role *role = &tr->role[r];
            if (role->reg_class == REG_V && !role->write)
                ts->v_operand_free[role_register(role, parcel)] =
                    t + span + tp->vector_operand_extra;
        }
        for (unsigned r = 0; r < tr->role_count; r++) {
            const struct timing_role *role = &tr->role[r];
            if (role->reg_class == REG_V && role->write) {
                unsigned v = role_register(role, parcel);
                ts->v_chain_slot[v] = slot;
                ts->v_result_free[v] = result;
            } else if (role->reg_class == REG_VM && role->write) {
                ts->vm_ready = result;
            }
        }
    }

    /* Scalar results: reservations and the A / S result paths. */
    if (!vector) {
        for (unsigned r = 0; r < tr->role_count; r++) {
            const struct timing_role *role = &tr->role[r];
            if (!role->write)
                continue;
            unsigned reg = role_register(role, parcel);
            if (role->reg_class == REG_A) {
                ts->a_ready[reg] = result;
                ts->a_path[result & 63] = result;
            } else if (role->reg_class == REG_S) {
                ts->s_ready[reg] = result;
                ts->s_path[result & 63] = result;
            } else if (role->reg_class == REG_VM) {
                ts->vm_ready = t + 1;
            } else if (role->reg_class == REG_V) {   /* 077: one element */
                ts->v_result_free[reg] = max_u64(ts->v_result_free[reg], t + 1);
            }
        }
    }

    if (event) {
        event->row = row;
        event->parcel = parcel;
        event->m = m;
        event->issue = t;
        event->hold = c.hold;
        event->hold_register = c.hold_register;
        event->result = result;
    }
}

void timing_complete(struct cpu *cpu, unsigned row, uint32_t sequential_p)
{
    const struct isa_row *ir = &isa_rows[row];
    const struct timing_parameters *tp = &cpu->timing_params;
    uint64_t t = cpu->clock, next;
    if (ir->unit == UNIT_EXCHANGE)
        next = t + tp->exit_exchange;
    else if (ir->unit == UNIT_BRANCH && cpu->p != sequential_p)
        next = t + ((ir->match >> 9) == 005 ? tp->jump_b : tp->jump_taken);
    else if (ir->unit == UNIT_BRANCH && ir->parcels == 2 && (ir->match >> 9) >= 010)
        next = t + tp->branch_not_taken;
    else
        next = t + (ir->parcels == 2 ? tp->two_parcel_issue : 1);
    cpu->clock = next;
}

/* ---- the fast path's figures (timing.h) ------------------------------------------ */

static unsigned fast_kind(const struct isa_row *ir, const struct timing_row *tr)
{
    unsigned opcode = ir->match >> 9;
    if ((ir->flags & ISA_VECTOR) && ir->unit != UNIT_MEMORY && !(ir->flags & ISA_BLOCK)) {
        for (unsigned r = 0; r < tr->role_count; r++) {
            const struct timing_role *role = &tr->role[r];
            if ((role->reg_class == REG_A || role->reg_class == REG_S) && role->write)
                return TIMING_GENERAL;
        }
        return TIMING_VECTOR;
    }
    if ((ir->flags & (ISA_VECTOR | ISA_BLOCK)) || opcode == 005 || opcode == 025)
        return TIMING_GENERAL;
    unsigned registers = 0, writes = 0;
    for (unsigned r = 0; r < tr->role_count; r++) {
        const struct timing_role *role = &tr->role[r];
        if (role->reg_class != REG_A && role->reg_class != REG_S)
            return TIMING_GENERAL;
        registers++;
        writes += role->write;
    }
    if (registers > TIMING_WAITS || writes > 1)
        return TIMING_GENERAL;
    return ir->unit == UNIT_MEMORY ? TIMING_SCALAR_MEMORY : TIMING_SCALAR;
}

void timing_fast_prepare(const struct timing_tables *tables, const struct timing_parameters *tp,
                         struct timing_fast *fast)
{
    if (fast->valid && !memcmp(&fast->params, tp, sizeof *tp))
        return;
    memset(fast->row, 0, sizeof fast->row);
    for (size_t r = 0; r < isa_row_count; r++) {
        const struct isa_row *ir = &isa_rows[r];
        struct timing_fast_row *f = &fast->row[r];
        unsigned opcode = ir->match >> 9;
        f->kind = (uint8_t)fast_kind(ir, &tables->row[r]);
        unsigned time = unit_time(tp, ir);
        f->arrival = (uint8_t)(ir->unit == UNIT_MEMORY ? tp->scalar_load : time);
        bool condition = opcode >= 010 && opcode <= 017 && !(ir->feature & FEAT_CONST24);
        f->hold = condition ? tp->branch_condition_hold : 0;
        /* unit_free[UNIT_NONE] is never reserved: waiting on it is no wait. */
        f->unit = (uint8_t)((ir->flags & ISA_VECTOR) || shared_with_vectors(ir->unit) ? ir->unit
                                                                                      : UNIT_NONE);
        if (ir->unit == UNIT_EXCHANGE)
            f->next = tp->exit_exchange;
        else if (ir->unit == UNIT_BRANCH && ir->parcels == 2 && opcode >= 010)
            f->next = tp->branch_not_taken;
        else
            f->next = ir->parcels == 2 ? tp->two_parcel_issue : 1;
        f->next_taken = f->next;
        if (ir->unit == UNIT_BRANCH)
            f->next_taken = opcode == 005 ? tp->jump_b : tp->jump_taken;
        /* The memo's blocks: register timing alone, no exits or mode
         * instructions (000-004: VL, VM and the modes stay as they were). */
        f->memo = (f->kind == TIMING_SCALAR || f->kind == TIMING_VECTOR) && opcode >= 005;
        for (unsigned k = 0; k < tables->row[r].role_count; k++)
            if (tables->row[r].role[k].write)
                f->path = tables->row[r].role[k].reg_class == REG_S;
    }
    fast->params = *tp;
    fast->valid = true;
}

struct timing_slot timing_slot_of(const struct timing_tables *tables, unsigned row, unsigned parcel)
{
    struct timing_slot s = {{TIMING_WAIT_NONE, TIMING_WAIT_NONE, TIMING_WAIT_NONE,
                             TIMING_WAIT_NONE},
                            TIMING_WRITE_NONE,
                            {TIMING_ROLE_END}};
    const struct timing_row *tr = &tables->row[row];
    /* Every role in order, for the vector rows. */
    unsigned roles = 0;
    for (unsigned r = 0; r < tr->role_count; r++) {
        const struct timing_role *role = &tr->role[r];
        unsigned n = role_register(role, parcel);
        switch (role->reg_class) {
        case REG_A:
        case REG_S:
            if (role->zero_is_constant && n == 0)
                continue;
            s.role[roles++] = (uint8_t)((role->reg_class == REG_S ? 8 : 0) + n);
            break;
        case REG_VM:
            s.role[roles++] = role->write ? TIMING_ROLE_VM_WRITE : TIMING_ROLE_VM_READ;
            break;
        case REG_V:
            s.role[roles++] = (uint8_t)((role->write ? TIMING_ROLE_V_WRITE : TIMING_ROLE_V_READ) | n);
            break;
        }
    }
    s.role[roles] = TIMING_ROLE_END;
    unsigned waits = 0;
    for (unsigned r = 0; r < tr->role_count && waits < TIMING_WAITS; r++) {
        const struct timing_role *role = &tr->role[r];
        if (role->reg_class != REG_A && role->reg_class != REG_S)
            continue;
        unsigned n = role_register(role, parcel);
        unsigned index = (role->reg_class == REG_S ? 8 : 0) + n;
        if (role->write)
            s.write = (uint8_t)index;
        if (role->zero_is_constant && n == 0)
            continue;
        s.wait[waits++] = (uint8_t)index;
    }
    /* Pad with the first wait: a repeat changes no maximum, and unlike the
     * zero entry it cannot raise a clock by a branch's condition hold. */
    for (unsigned w = waits; w < TIMING_WAITS && waits; w++)
        s.wait[w] = s.wait[0];
    return s;
}
