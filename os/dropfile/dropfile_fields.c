/*
 * dropfile_fields.c - the table of a job's saved state (dropfile_fields.def)
 * and what reads it generically at the bottom of os/dropfile/: a field's
 * value, its bytes in a section (the writer's and the reader's rows), the
 * state's tables.  Shown as text, checked against its rule, found and set
 * by path: dropfile_field_api.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dropfile_fields.h"
#include "dropfile_internal.h"
#include "emu/cpu.h"
#include "emu/exchange.h"
#include "emu/isa.h"
#include "os/rules/names.h"

#define OFF_TOP(m) offsetof(struct dropfile, m)
#define OFF_DEVICE(m) offsetof(struct dropfile_device, m)
#define OFF_DATASET(m) offsetof(struct dropfile_dataset, m)
#define OFF_JOBSYM(m) offsetof(struct dropfile_pair, m)
#define OFF_PROGSYM(m) offsetof(struct dropfile_symbol, m)
#define OFF_HISTORY(m) offsetof(struct dropfile_history, m)

const struct dropfile_field dropfile_fields[] = {
#define DF_FIELD(group, path, json, label, section, type, member, count, format, rule, cond, flags) \
    {path, json, label, OFF_##group(member), section, count, DFG_##group, DFT_##type,        \
     DFM_##format, rule, DFC_##cond, flags},
#include "dropfile_fields.def"
#undef DF_FIELD
};
const size_t dropfile_field_count = sizeof dropfile_fields / sizeof dropfile_fields[0];

_Static_assert(offsetof(struct dropfile_dataset, contents_size) ==
                   offsetof(struct dropfile_dataset, contents) + sizeof(uint8_t *),
               "a BLOB field's size follows its pointer");
_Static_assert(RULES_FIELD_WORDS_MAX == DROPFILE_MAX_FIELD_WORDS, "one bound for a field");

/* ---- values ----------------------------------------------------------------------- */

bool dropfile_field_present(const struct dropfile_field *f, const void *entry)
{
    switch (f->cond) {
    case DFC_SHARED: return ((const struct dropfile *)entry)->cpu.has_shared;
    case DFC_CONTENTS: return ((const struct dropfile_dataset *)entry)->has_contents;
    case DFC_PERMANENT: return ((const struct dropfile_dataset *)entry)->permanent;
    default: return true;
    }
}

static uint64_t xp_of(const struct cpu *c, unsigned type, unsigned i);

void dropfile_field_set_present(unsigned cond, void *entry, bool present)
{
    switch (cond) {
    case DFC_SHARED: ((struct dropfile *)entry)->cpu.has_shared = present; break;
    case DFC_CONTENTS: ((struct dropfile_dataset *)entry)->has_contents = present; break;
    case DFC_PERMANENT: ((struct dropfile_dataset *)entry)->permanent = present; break;
    default: break;
    }
}

void dropfile_tables(struct dropfile *df, struct dropfile_table t[DROPFILE_TABLES])
{
    t[0] = (struct dropfile_table){(void **)&df->devices, &df->device_count, sizeof *df->devices,
                                   DFG_DEVICE, "devices"};
    t[1] = (struct dropfile_table){(void **)&df->datasets, &df->dataset_count,
                                   sizeof *df->datasets, DFG_DATASET, "datasets"};
    t[2] = (struct dropfile_table){(void **)&df->job_symbols, &df->job_symbol_count,
                                   sizeof *df->job_symbols, DFG_JOBSYM, "job_symbols"};
    t[3] = (struct dropfile_table){(void **)&df->symbols, &df->symbol_count, sizeof *df->symbols,
                                   DFG_PROGSYM, "program_symbols"};
    t[4] = (struct dropfile_table){(void **)&df->history, &df->history_count, sizeof *df->history,
                                   DFG_HISTORY, "history"};
}

const char *dropfile_field_cond_key(unsigned cond)
{
    return cond == DFC_SHARED ? "shared" : cond == DFC_PERMANENT ? "permanent" : NULL;
}

/* The register of the package a field shows, decoded (XP_* rows). */
uint64_t dropfile_field_register(const struct dropfile_field *f, const struct cpu *c, unsigned i)
{
    return xp_of(c, f->type, i);
}

static size_t element_size(const struct dropfile_field *f)
{
    switch (f->type) {
    case DFT_U32: return 4;
    case DFT_BOOL: return sizeof(bool);
    default: return 8;
    }
}

void *dropfile_field_at(const struct dropfile_field *f, const void *entry, unsigned i)
{
    return (char *)entry + f->offset + (size_t)i * element_size(f);
}

uint64_t dropfile_field_raw(const struct dropfile_field *f, const void *entry, unsigned i)
{
    const void *p = dropfile_field_at(f, entry, i);
    switch (f->type) {
    case DFT_U32: return *(const uint32_t *)p;
    case DFT_BOOL: return *(const bool *)p;
    case DFT_U64: return *(const uint64_t *)p;
    case DFT_I64: return (uint64_t)*(const int64_t *)p;
    default: return 0;
    }
}

void dropfile_field_put_raw(const struct dropfile_field *f, void *entry, unsigned i, uint64_t v)
{
    void *p = dropfile_field_at(f, entry, i);
    switch (f->type) {
    case DFT_U32: *(uint32_t *)p = (uint32_t)v; break;
    case DFT_BOOL: *(bool *)p = v != 0; break;
    case DFT_U64: *(uint64_t *)p = v; break;
    case DFT_I64: *(int64_t *)p = (int64_t)v; break;
    default: break;
    }
}


static uint64_t xp_of(const struct cpu *c, unsigned type, unsigned i)
{
    switch (type) {
    case DFT_XP_P: return c->p;
    case DFT_XP_A: return c->a[i & 7];
    case DFT_XP_S: return c->s[i & 7];
    case DFT_XP_VL: return c->vl;
    case DFT_XP_F: return c->flags;
    default: return c->xa;
    }
}

struct cpu *dropfile_unpacked(const struct dropfile *df)
{
    struct cpu *c = calloc(1, sizeof *c);
    if (c) {
        c->model = df->machine.model;
        exchange_unpack(c, df->cpu.package);
    }
    return c;
}

uint64_t dropfile_field_number(const struct dropfile *df, const struct dropfile_field *f,
                               const void *entry, unsigned i)
{
    if (!dropfile_field_is_xp(f))
        return dropfile_field_raw(f, entry, i);
    struct cpu *c = dropfile_unpacked(df);
    uint64_t v = c ? xp_of(c, f->type, i) : 0;
    free(c);
    return v;
}

const char *dropfile_field_string(const struct dropfile_field *f, const void *entry)
{
    return f->type == DFT_STR ? dfstr(*(char *const *)dropfile_field_at(f, entry, 0)) : "";
}

const char *dropfile_wall_text(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!t || !gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%SZ", &tm))
        snprintf(buf, size, "%" PRId64, t);
    return buf;
}

/* ---- bytes ------------------------------------------------------------------------- */

static bool stored_in(const struct dropfile_field *f, unsigned group, unsigned section,
                      const void *entry)
{
    return f->group == group && f->section == section && !dropfile_field_is_xp(f) &&
           dropfile_field_present(f, entry) && !(f->group == DFG_TOP && f->section == SEC_JOBLOG);
}

void dropfile_put_fields(struct dfbuf *b, const void *entry, unsigned group, unsigned section)
{
    for (size_t k = 0; k < dropfile_field_count; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        if (!stored_in(f, group, section, entry))
            continue;
        if (f->type == DFT_STR) {
            dfbuf_str(b, dropfile_field_string(f, entry));
        } else if (f->type == DFT_BLOB) {
            dfbuf_blob(b, *(uint8_t *const *)dropfile_field_at(f, entry, 0), *(const uint64_t *)dropfile_field_at(f, entry, 1));
        } else {
            for (unsigned i = 0; i < f->count; i++) {
                uint64_t v = dropfile_field_raw(f, entry, i);
                if (element_size(f) == 8)
                    dfbuf_u64(b, v);
                else
                    dfbuf_u32(b, (uint32_t)v);
            }
        }
    }
}

bool dropfile_get_fields(struct dfcur *c, void *entry, unsigned group, unsigned section)
{
    for (size_t k = 0; k < dropfile_field_count && !c->why[0]; k++) {
        const struct dropfile_field *f = &dropfile_fields[k];
        if (!stored_in(f, group, section, entry))
            continue;
        if (f->type == DFT_STR) {
            dfcur_str(c, (char **)dropfile_field_at(f, entry, 0), f->label);
        } else if (f->type == DFT_BLOB) {
            dfcur_blob(c, (uint8_t **)dropfile_field_at(f, entry, 0), (uint64_t *)dropfile_field_at(f, entry, 1), f->label);
        } else if (f->type == DFT_BOOL) {
            dfcur_bool(c, (bool *)dropfile_field_at(f, entry, 0), f->label);
        } else {
            for (unsigned i = 0; i < f->count; i++) {
                uint64_t v = 0;
                uint32_t w = 0;
                if (element_size(f) == 8 ? dfcur_u64(c, &v) : dfcur_u32(c, &w))
                    dropfile_field_put_raw(f, entry, i, element_size(f) == 8 ? v : w);
            }
        }
    }
    return !c->why[0];
}
