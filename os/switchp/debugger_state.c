/*
 * debugger_state.c - what there is to see of switchp's core (see
 * debugger.h): the views of the sandbox's state, its words and parcels, the
 * new job log, the digest of the whole state, and the running program's
 * symbols.  It calls no other file of the debugger.
 */
#include "debugger.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "debugger_internal.h"
#include "os/job.h"

/* ---- views ------------------------------------------------------------------------------ */

const struct dropfile *debugger_loaded(const struct debugger *dbg) { return &dbg->loaded; }
const char *debugger_path(const struct debugger *dbg) { return dbg->path; }
const char *debugger_sandbox(const struct debugger *dbg) { return dbg->root; }
struct os *debugger_os(const struct debugger *dbg) { return dbg->os; }
struct job *debugger_job(const struct debugger *dbg) { return dbg->job; }
const struct cpu *debugger_cpu(const struct debugger *dbg) { return sandbox_cpu(dbg); }
bool debugger_running(const struct debugger *dbg)
{
    return dbg->job && dbg->job->state == JOB_RUNNING && dbg->job->pc == SANDBOX_PC;
}
uint64_t debugger_position(const struct debugger *dbg) { return dbg->position; }
uint64_t debugger_clocks(const struct debugger *dbg)
{
    uint64_t clock = sandbox_cpu(dbg)->clock, drop = dbg->from_start ? dbg->drop_clock
                                                                      : dbg->loaded.cpu.clock;
    return clock > drop ? clock - drop : 0;
}
bool debugger_from_start(const struct debugger *dbg) { return dbg->from_start; }
uint64_t debugger_drop_position(const struct debugger *dbg) { return dbg->drop_position; }
uint64_t debugger_rebuilds(const struct debugger *dbg) { return dbg->rebuilds; }
size_t debugger_checkpoints(const struct debugger *dbg, size_t *bytes)
{
    if (bytes)
        *bytes = dbg->checkpoint_bytes;
    return dbg->checkpoint_count;
}

uint32_t debugger_field_words(const struct debugger *dbg)
{
    const struct cpu *cpu = sandbox_cpu(dbg);
    return cpu->limit > cpu->base ? cpu->limit - cpu->base : 0;
}

int debugger_word(const struct debugger *dbg, uint32_t address, uint64_t *word)
{
    const struct cpu *cpu = sandbox_cpu(dbg);
    uint64_t at = (uint64_t)cpu->base + address;
    if (at >= cpu->limit || at >= cpu->memory->size)
        return -1;
    *word = cpu->memory->word[at];
    return 0;
}

int debugger_parcel(const struct debugger *dbg, uint32_t p, uint16_t *parcel)
{
    const struct cpu *cpu = sandbox_cpu(dbg);
    uint64_t at = (uint64_t)cpu->ibase + p / 4;
    if (at >= cpu->ilimit || at >= cpu->memory->size)
        return -1;
    *parcel = (uint16_t)(cpu->memory->word[at] >> (48 - 16 * (p & 3)));
    return 0;
}

const char *debugger_new_log(struct debugger *dbg, size_t *length)
{
    const struct text *log = &dbg->job->log;
    size_t mark = dbg->log_mark <= log->length ? dbg->log_mark : log->length;
    dbg->log_mark = log->length;
    *length = log->length - mark;
    return log->data ? log->data + mark : "";
}

struct digest_buffer {
    uint8_t *bytes;
    size_t length, capacity;
};

static void put(struct digest_buffer *b, const void *data, size_t size)
{
    if (b->length + size > b->capacity) {
        size_t wanted = (b->length + size) * 2;
        uint8_t *bigger = realloc(b->bytes, wanted);
        if (!bigger)
            return;
        b->bytes = bigger;
        b->capacity = wanted;
    }
    memcpy(b->bytes + b->length, data, size);
    b->length += size;
}

uint64_t debugger_digest(const struct debugger *dbg)
{
    const struct cpu *c = sandbox_cpu(dbg);
    struct digest_buffer b = {0};
    put(&b, c->a, sizeof c->a);
    put(&b, c->s, sizeof c->s);
    put(&b, c->b, sizeof c->b);
    put(&b, c->t, sizeof c->t);
    put(&b, c->v, sizeof c->v);
    uint64_t words[] = {c->vm, c->vl, c->p, c->base, c->limit, c->ibase, c->ilimit, c->xa,
                        c->flags, c->monitor_exit, c->modes, c->cluster, c->clock, c->rt_offset,
                        c->clock_interval, c->clock_countdown, c->instructions, c->flops,
                        c->vector_elements, c->features_used, c->current_buffer, c->next_buffer,
                        c->after_taken_branch, c->timing.pending_fetch, c->timing.vm_ready,
                        c->timing.port_free, c->timing.fetch_ready,
                        dbg->job ? dbg->job->log.length : 0, dbg->job ? (uint64_t)dbg->job->state : 0};
    put(&b, words, sizeof words);
    for (unsigned i = 0; i < BUFFER_COUNT; i++)
        put(&b, &c->buffer[i].block, sizeof c->buffer[i].block);
    const struct timing_state *t = &c->timing;
    put(&b, t->a_ready, sizeof t->a_ready);
    put(&b, t->s_ready, sizeof t->s_ready);
    put(&b, t->b_ready, sizeof t->b_ready);
    put(&b, t->v_chain_slot, sizeof t->v_chain_slot);
    put(&b, t->v_result_free, sizeof t->v_result_free);
    put(&b, t->v_operand_free, sizeof t->v_operand_free);
    put(&b, t->unit_free, sizeof t->unit_free);
    put(&b, t->bank_free, sizeof t->bank_free);
    put(&b, t->a_path, sizeof t->a_path);
    put(&b, t->s_path, sizeof t->s_path);
    if (c->limit > c->base && c->limit <= c->memory->size)
        put(&b, c->memory->word + c->base, sizeof(uint64_t) * (c->limit - c->base));
    uint64_t digest = b.bytes ? dropfile_content_hash(b.bytes, b.length) : 0;
    free(b.bytes);
    return digest;
}

/* ---- symbols ----------------------------------------------------------------------------- */

const struct dropfile_symbol *debugger_symbols(const struct debugger *dbg, size_t *count)
{
    *count = dbg->job ? dbg->job->program_symbol_count : 0;
    return dbg->job ? dbg->job->program_symbols : NULL;
}

const struct dropfile_symbol *debugger_label(const struct debugger *dbg, uint32_t address,
                                             bool parcel)
{
    size_t n;
    const struct dropfile_symbol *s = debugger_symbols(dbg, &n);
    const struct dropfile_symbol *other = NULL;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = s[i].value;
        if (s[i].attributes == 'P') {
            if (parcel && v == address)
                return &s[i];
            if (!parcel && v == (uint64_t)address * 4 && !other)
                other = &s[i];
        } else if (s[i].attributes == 'W') {
            if (!parcel && v == address)
                return &s[i];
            if (parcel && v * 4 == address && !other)
                other = &s[i];
        }
    }
    return other;
}

const struct dropfile_symbol *debugger_symbol(const struct debugger *dbg, const char *name)
{
    size_t n;
    const struct dropfile_symbol *s = debugger_symbols(dbg, &n);
    for (size_t i = 0; i < n; i++)
        if (s[i].name && !strcasecmp(s[i].name, name))
            return &s[i];
    return NULL;
}

