/*
 * dropfile.c - the in-memory dropfile: building, copying and freeing it,
 * the names of its enumerations, taking a processor's state into it and
 * putting it back on a processor at another base address, and the checks a
 * restart makes (the target machine, the permanent datasets).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "dropfile_fields.h"
#include "dropfile_internal.h"
#include "emu/exchange.h"
#include "emu/isa.h"

void dropfile_init(struct dropfile *df) { memset(df, 0, sizeof *df); }

/* The pointers (strings, blobs) of n entries of group: freed, or replaced by
 * copies (false if one could not be made: it and the rest are NULL). */
static void free_fields(void *entries, size_t n, size_t size, unsigned group)
{
    for (size_t k = 0; k < dropfile_field_count; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        for (size_t e = 0; f->group == group && (f->type == DFT_STR || f->type == DFT_BLOB) && e < n;
             e++)
            free(*(void **)((char *)entries + e * size + f->offset));
    }
}

static bool dup_fields(void *entries, size_t n, size_t size, unsigned group)
{
    bool ok = true;
    for (size_t k = 0; k < dropfile_field_count; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        for (size_t e = 0; f->group == group && (f->type == DFT_STR || f->type == DFT_BLOB) && e < n;
             e++) {
            char *at = (char *)entries + e * size + f->offset;
            void *from = *(void **)at, *copy = NULL;
            size_t length = !from ? 0 : f->type == DFT_STR ? strlen(from) + 1
                                                           : (size_t)*(uint64_t *)(at + sizeof from);
            if (ok && length) {
                copy = malloc(length);
                if (copy)
                    memcpy(copy, from, length);
                ok = copy != NULL;
            }
            *(void **)at = copy;
        }
    }
    return ok;
}

void dropfile_free(struct dropfile *df)
{
    struct dropfile_table t[DROPFILE_TABLES];
    dropfile_tables(df, t);
    for (size_t i = 0; i < DROPFILE_TABLES; i++) {
        free_fields(*t[i].entries, *t[i].count, t[i].size, t[i].group);
        free(*t[i].entries);
    }
    free_fields(df, 1, sizeof *df, DFG_TOP);
    free(df->memory);
    for (size_t i = 0; i < df->job_stack.count; i++)
        free(df->job_stack.statements[i]);
    free(df->job_stack.statements);
    free(df->job_stack.nesting);
    for (size_t i = 0; i < df->unknown_count; i++)
        free(df->unknown[i].payload);
    free(df->unknown);
    dropfile_init(df);
}

int dropfile_set_string(char **field, const char *value)
{
    char *copy = strdup(dfstr(value));
    if (!copy)
        return DROPFILE_E_NOMEM;
    free(*field);
    *field = copy;
    return 0;
}

/* Grow an array by one zeroed element; NULL if out of memory. */
static void *grow(void *array_ptr, size_t *count, size_t size)
{
    void **array = array_ptr;
    char *p = realloc(*array, (*count + 1) * size);
    if (!p)
        return NULL;
    *array = p;
    memset(p + *count * size, 0, size);
    return p + (*count)++ * size;
}

/* A new zeroed entry at the end of df's table of group, its first n string
 * fields (in the table's order) copies of strings[]; NULL if out of memory. */
static void *add_entry(struct dropfile *df, unsigned group, const char *const *strings, size_t n)
{
    struct dropfile_table t[DROPFILE_TABLES];
    char *copies[4] = {NULL, NULL, NULL, NULL};
    size_t offsets[4], s = 0;
    bool ok = true;
    dropfile_tables(df, t);
    for (size_t k = 0; k < dropfile_field_count && s < n && s < 4; k++)
        if (dropfile_fields[k].group == group && dropfile_fields[k].type == DFT_STR) {
            offsets[s] = dropfile_fields[k].offset;
            copies[s] = strdup(dfstr(strings[s]));
            ok = ok && copies[s++];
        }
    size_t i = 0;
    while (t[i].group != group)
        i++;
    char *entry = ok ? grow(t[i].entries, t[i].count, t[i].size) : NULL;
    for (size_t c = 0; c < s; c++) {
        if (entry)
            *(char **)(entry + offsets[c]) = copies[c];
        else
            free(copies[c]);
    }
    return entry;
}

struct dropfile_dataset *dropfile_add_dataset(struct dropfile *df, const char *name)
{
    return add_entry(df, DFG_DATASET, &name, 1);
}

int dropfile_set_contents(struct dropfile_dataset *ds, const void *bytes, uint64_t size)
{
    if (size > SIZE_MAX)
        return DROPFILE_E_NOMEM;
    uint8_t *p = NULL;
    if (size) {
        p = malloc((size_t)size);
        if (!p)
            return DROPFILE_E_NOMEM;
        memcpy(p, bytes, (size_t)size);
    }
    free(ds->contents);
    ds->contents = p;
    ds->contents_size = size;
    ds->has_contents = true;
    return 0;
}

int dropfile_add_device(struct dropfile *df, const char *name, uint32_t count)
{
    struct dropfile_device *d = add_entry(df, DFG_DEVICE, &name, 1);
    if (!d)
        return DROPFILE_E_NOMEM;
    d->count = count;
    return 0;
}

int dropfile_add_statement(struct dropfile *df, const char *text)
{
    char *copy = strdup(dfstr(text));
    char **slot = copy ? grow(&df->job_stack.statements, &df->job_stack.count, sizeof *slot) : NULL;
    if (!slot) {
        free(copy);
        return DROPFILE_E_NOMEM;
    }
    *slot = copy;
    return 0;
}

int dropfile_set_nesting(struct dropfile *df, uint32_t version, const int64_t *values, size_t count)
{
    int64_t *p = NULL;
    if (count) {
        p = malloc(count * sizeof *p);
        if (!p)
            return DROPFILE_E_NOMEM;
        memcpy(p, values, count * sizeof *p);
    }
    free(df->job_stack.nesting);
    df->job_stack.nesting = p;
    df->job_stack.nesting_count = count;
    df->job_stack.nesting_version = version;
    return 0;
}

int dropfile_add_job_symbol(struct dropfile *df, const char *name, const char *value)
{
    const char *strings[] = {name, value};
    return add_entry(df, DFG_JOBSYM, strings, 2) ? 0 : DROPFILE_E_NOMEM;
}

int dropfile_add_symbol(struct dropfile *df, const char *name, uint64_t value, uint32_t attributes)
{
    struct dropfile_symbol *s = add_entry(df, DFG_PROGSYM, &name, 1);
    if (!s)
        return DROPFILE_E_NOMEM;
    s->value = value;
    s->attributes = attributes;
    return 0;
}

int dropfile_append_log(struct dropfile *df, const char *text)
{
    size_t old = df->job_log ? strlen(df->job_log) : 0, more = strlen(dfstr(text));
    char *p = realloc(df->job_log, old + more + 1);
    if (!p)
        return DROPFILE_E_NOMEM;
    memcpy(p + old, dfstr(text), more + 1);
    df->job_log = p;
    return 0;
}

int dropfile_add_history(struct dropfile *df, uint32_t event, const char *site, const char *user,
                         uint64_t clock, const char *reason, const char *note, int64_t wall_time)
{
    const char *strings[] = {site, user, reason, note};   /* the table's order */
    struct dropfile_history *h = add_entry(df, DFG_HISTORY, strings, 4);
    if (!h)
        return DROPFILE_E_NOMEM;
    h->event = event;
    h->clock = clock;
    h->wall_time = wall_time;
    return 0;
}

/* ---- copying ------------------------------------------------------------- */

static bool dup_mem(void *to_ptr, const void *from, size_t size)
{
    void **to = to_ptr;
    *to = NULL;
    if (!from || !size)
        return true;
    *to = malloc(size);
    if (!*to)
        return false;
    memcpy(*to, from, size);
    return true;
}

int dropfile_copy(struct dropfile *to, const struct dropfile *from)
{
    /* Start from a byte copy, then replace every pointer by its own copy;
     * a pointer not copied is NULL, so that dropfile_free() may run. */
    *to = *from;
    to->memory = NULL;
    to->job_stack.statements = NULL;
    to->job_stack.nesting = NULL;
    to->unknown = NULL;
    to->job_stack.count = to->job_stack.nesting_count = to->unknown_count = 0;
    bool ok = dup_fields(to, 1, sizeof *to, DFG_TOP);
    struct dropfile_table t[DROPFILE_TABLES];
    dropfile_tables(to, t);
    for (size_t i = 0; i < DROPFILE_TABLES; i++) {
        void *copy = *t[i].count ? malloc(*t[i].count * t[i].size) : NULL;
        if (copy)
            memcpy(copy, *t[i].entries, *t[i].count * t[i].size);
        else
            *t[i].count = 0;
        bool copied = copy ? dup_fields(copy, *t[i].count, t[i].size, t[i].group) : !*t[i].count;
        ok = ok && copied;
        *t[i].entries = copy;
    }
    ok = ok && dup_mem(&to->memory, from->memory, (size_t)from->machine.field_words * 8);
    for (size_t i = 0; ok && i < from->job_stack.count; i++)
        ok = !dropfile_add_statement(to, from->job_stack.statements[i]);
    ok = ok && !dropfile_set_nesting(to, from->job_stack.nesting_version, from->job_stack.nesting,
                                     from->job_stack.nesting_count);
    for (size_t i = 0; ok && i < from->unknown_count; i++) {
        const struct dropfile_unknown *s = &from->unknown[i];
        struct dropfile_unknown *u = grow(&to->unknown, &to->unknown_count, sizeof *u);
        if (!u) {
            ok = false;
            break;
        }
        *u = *s;
        u->payload = NULL;
        ok = dup_mem(&u->payload, s->payload, (size_t)s->size);
    }
    if (!ok) {
        dropfile_free(to);
        return DROPFILE_E_NOMEM;
    }
    return 0;
}

/* ---- names ----------------------------------------------------------------- */

static const char *const reason_names[] = {NULL,          "time-limit",   "operator", "preemption",
                                           "error",       "user-rollout", "shutdown"};
static const char *const kind_names[] = {"local",  "permanent", "input",
                                         "output", "control",   "system"};
static const char *const event_names[] = {NULL, "drop", "restart", "rehost", "clone", "edit"};
static const char *const mode_names[] = {"-", "r", "w", "rw"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, uint32_t v)
{
    return v < n && names[v] ? names[v] : "?";
}

static uint32_t value_of(const char *const *names, size_t n, const char *name, uint32_t none)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] && !strcmp(names[i], name))
            return (uint32_t)i;
    return none;
}

void dropfile_parcel_name(const struct dropfile_symbol *symbols, size_t count, uint64_t p,
                          char *buf, size_t size)
{
    buf[0] = '\0';
    const struct dropfile_symbol *best = NULL;
    for (size_t i = 0; i < count; i++)
        if (symbols[i].attributes == 'P' && symbols[i].name && symbols[i].value <= p &&
            p - symbols[i].value < 0100 && (!best || symbols[i].value > best->value))
            best = &symbols[i];
    if (best && best->value == p)
        snprintf(buf, size, "%s", best->name);
    else if (best)
        snprintf(buf, size, "%s+%" PRIo64, best->name, p - best->value);
}

const char *dropfile_reason_name(uint32_t v) { return name_of(reason_names, COUNT(reason_names), v); }
const char *dropfile_kind_name(uint32_t v) { return name_of(kind_names, COUNT(kind_names), v); }
const char *dropfile_event_name(uint32_t v) { return name_of(event_names, COUNT(event_names), v); }
const char *dropfile_mode_name(uint32_t v) { return name_of(mode_names, COUNT(mode_names), v); }
uint32_t dropfile_reason_from_name(const char *n) { return value_of(reason_names, COUNT(reason_names), n, 0); }
uint32_t dropfile_kind_from_name(const char *n) { return value_of(kind_names, COUNT(kind_names), n, UINT32_MAX); }
uint32_t dropfile_event_from_name(const char *n) { return value_of(event_names, COUNT(event_names), n, 0); }
uint32_t dropfile_mode_from_name(const char *n) { return value_of(mode_names, COUNT(mode_names), n, UINT32_MAX); }

/* ---- the processor ------------------------------------------------------------ */

int dropfile_capture_cpu(struct dropfile *df, const struct cpu *cpu)
{
    const struct memory *m = cpu->memory;
    if (cpu->limit < cpu->base || cpu->limit > m->size || cpu->ibase < cpu->base ||
        cpu->ilimit < cpu->ibase || cpu->ilimit > cpu->limit ||
        cpu->limit - cpu->base > DROPFILE_MAX_FIELD_WORDS) {
        errno = EINVAL;
        return DROPFILE_E_INVALID;
    }
    uint32_t words = cpu->limit - cpu->base;
    uint64_t *copy = malloc(words ? (size_t)words * 8 : 1);
    if (!copy)
        return DROPFILE_E_NOMEM;
    memcpy(copy, m->word + cpu->base, (size_t)words * 8);
    free(df->memory);
    df->memory = copy;

    df->machine.model = cpu->model;
    df->machine.features_used = cpu->features_used;
    df->machine.field_words = words;
    df->machine.memory_words = m->size;

    struct dropfile_cpu *c = &df->cpu;
    memset(c, 0, sizeof *c);
    exchange_pack(cpu, c->package);
    c->base = cpu->base;
    c->limit = cpu->limit;
    c->ibase = cpu->ibase;
    c->ilimit = cpu->ilimit;
    c->modes = cpu->modes;
    c->monitor_exit = cpu->monitor_exit;
    c->cluster = cpu->cluster;
    c->processor = cpu->processor;
    for (int i = 0; i < 64; i++) {
        c->b[i] = cpu->b[i] & A_MASK;
        c->t[i] = cpu->t[i];
    }
    memcpy(c->v, cpu->v, sizeof c->v);
    c->vm = cpu->vm;
    c->clock = cpu->clock;
    c->rt_offset = cpu->rt_offset;
    c->clock_interval = cpu->clock_interval;
    c->clock_countdown = cpu->clock_countdown;
    c->instructions = cpu->instructions;
    c->flops = cpu->flops;
    c->vector_elements = cpu->vector_elements;
    if (cpu->clusters && cpu->cluster && cpu->cluster <= cpu->cluster_count) {
        const struct shared_cluster *s = &cpu->clusters[cpu->cluster];
        c->has_shared = true;
        for (int i = 0; i < 8; i++) {
            c->sb[i] = s->sb[i] & A_MASK;
            c->st[i] = s->st[i];
        }
        c->semaphores = s->semaphores;
    }
    return 0;
}

uint32_t dropfile_model_features(unsigned model)
{
    uint32_t features = 0;
    for (size_t i = 0; i < isa_row_count; i++)
        if (isa_rows[i].models & model)
            features |= isa_rows[i].feature;
    return features;
}

static unsigned field_unit(unsigned model) { return model == MODEL_XMP ? 32 : 16; }

/* The registers the package holds, decoded with the model that packed it. */
static struct cpu *unpack_saved(const struct dropfile *df)
{
    struct cpu *tmp = calloc(1, sizeof *tmp);
    if (!tmp)
        return NULL;
    tmp->model = df->machine.model;
    exchange_unpack(tmp, df->cpu.package);
    return tmp;
}

int dropfile_check_target(const struct dropfile *df, unsigned model, uint32_t features,
                          uint32_t memory_words, uint32_t new_base, char *why, size_t size)
{
    char names[200];
    uint32_t field = df->machine.field_words;
    unsigned unit = field_unit(model);
    uint32_t missing = df->machine.features_used & ~features;
    if (model != MODEL_CRAY1 && model != MODEL_XMP) {
        snprintf(why, size, "unknown target model %u", model);
    } else if (missing) {
        snprintf(why, size, "the job has used %s, which this %s lacks",
                 isa_feature_names(missing, names, sizeof names), isa_model_name(model));
    } else if (field > memory_words) {
        snprintf(why, size, "the field of %u words is larger than the memory of %u words", field,
                 memory_words);
    } else if (new_base % unit || field % unit) {
        snprintf(why, size, "base %u and field length %u must be multiples of %u words on the %s",
                 new_base, field, unit, isa_model_name(model));
    } else if (new_base > memory_words - field) {
        snprintf(why, size, "a field of %u words does not fit at base %u in %u words", field,
                 new_base, memory_words);
    } else {
        struct cpu *tmp = unpack_saved(df);
        if (!tmp) {
            snprintf(why, size, "out of memory");
            return DROPFILE_E_NOMEM;
        }
        uint32_t p = tmp->p;
        free(tmp);
        const struct dropfile_cpu *c = &df->cpu;
        if (model == MODEL_CRAY1 && (p >> 22)) {
            snprintf(why, size, "P=%o is beyond the 22-bit range of the Cray-1", p);
        } else if (model == MODEL_CRAY1 && (c->ibase != c->base || c->ilimit != c->limit)) {
            snprintf(why, size, "the job has a separate instruction field, which the Cray-1 lacks");
        } else if ((c->ibase - c->base) % unit || (c->ilimit - c->base) % unit) {
            snprintf(why, size, "the instruction field is not on %u-word boundaries", unit);
        } else {
            if (size)
                why[0] = '\0';
            return 0;
        }
    }
    errno = EINVAL;
    return DROPFILE_E_INVALID;
}

int dropfile_restore_cpu(const struct dropfile *df, struct cpu *cpu, uint32_t new_base)
{
    char why[256];
    const struct dropfile_cpu *c = &df->cpu;
    int status = dropfile_check_target(df, cpu->model, dropfile_model_features(cpu->model),
                                       cpu->memory->size, new_base, why, sizeof why);
    if (status)
        return status;
    if (!df->memory && df->machine.field_words) {
        errno = EINVAL;
        return DROPFILE_E_INVALID;
    }
    struct cpu *tmp = unpack_saved(df);
    if (!tmp)
        return DROPFILE_E_NOMEM;
    memcpy(cpu->a, tmp->a, sizeof cpu->a);
    memcpy(cpu->s, tmp->s, sizeof cpu->s);
    cpu->p = tmp->p;
    cpu->vl = tmp->vl;
    cpu->flags = tmp->flags;
    cpu->xa = tmp->xa;
    free(tmp);
    cpu->modes = c->modes;
    cpu->monitor_exit = c->monitor_exit;
    cpu->cluster = c->cluster;
    memcpy(cpu->b, c->b, sizeof cpu->b);
    memcpy(cpu->t, c->t, sizeof cpu->t);
    memcpy(cpu->v, c->v, sizeof cpu->v);
    cpu->vm = c->vm;
    cpu->rt_offset = c->clock + c->rt_offset - cpu->clock;   /* RT goes on where it was */
    cpu->clock_interval = c->clock_interval;
    cpu->clock_countdown = c->clock_countdown;
    cpu->features_used = df->machine.features_used;
    if (c->has_shared && cpu->clusters && c->cluster && c->cluster <= cpu->cluster_count) {
        struct shared_cluster *s = &cpu->clusters[c->cluster];
        memcpy(s->sb, c->sb, sizeof s->sb);
        memcpy(s->st, c->st, sizeof s->st);
        s->semaphores = c->semaphores;
    }
    uint32_t field = df->machine.field_words;
    if (field)
        memcpy(cpu->memory->word + new_base, df->memory, (size_t)field * 8);
    cpu_set_field(cpu, new_base, new_base + field);
    cpu->ibase = new_base + (c->ibase - c->base);
    cpu->ilimit = new_base + (c->ilimit - c->base);
    cpu_invalidate_buffers(cpu);
    return 0;
}

/* ---- permanent datasets ----------------------------------------------------- */

int dropfile_check_permanent(const struct dropfile *df, dropfile_pds_lookup lookup,
                             void *context, bool force, char *why, size_t size)
{
    size_t used = 0;
    if (size)
        why[0] = '\0';
    for (size_t i = 0; i < df->dataset_count; i++) {
        const struct dropfile_dataset *d = &df->datasets[i];
        if (!d->permanent)
            continue;
        uint64_t now = 0;
        char line[300];
        if (lookup(context, dfstr(d->owner), dfstr(d->permanent_name), dfstr(d->permanent_id),
                   &now))
            snprintf(line, sizeof line, "permanent dataset %s/%s (local %s) no longer exists",
                     dfstr(d->owner), dfstr(d->permanent_name), dfstr(d->name));
        else if (now != d->content_hash)
            snprintf(line, sizeof line,
                     "permanent dataset %s/%s (local %s) has changed since the drop "
                     "(hash %016llx, now %016llx)",
                     dfstr(d->owner), dfstr(d->permanent_name), dfstr(d->name),
                     (unsigned long long)d->content_hash, (unsigned long long)now);
        else
            continue;
        if (!force) {
            snprintf(why, size, "%s", line);
            errno = EINVAL;
            return DROPFILE_E_INVALID;
        }
        if (used < size) {
            int n = snprintf(why + used, size - used, "%s%s", used ? "; " : "", line);
            if (n > 0)
                used += (size_t)n < size - used ? (size_t)n : size - used - 1;
        }
    }
    return 0;
}
