/*
 * relocatable.c - the assembly as relocatable object modules (c1cal -c,
 * the CAL statement's REL): after pass 2, each module's program block
 * (its sections but the common blocks, as the layout placed them), its
 * common blocks, EXT names, symbols, START and the fields pass 2 noted as
 * relocatable (counter.c's cal_note_field), each made relative to what it
 * refers to so that the loader (os/loader/) can place it anywhere.
 *
 * May use: symbols.c, diag.c, value.c, lex.c, object.c.
 */
#include "cal_internal.h"

#include <stdlib.h>
#include <string.h>

static uint64_t words_of(uint64_t bits) { return (bits + 63) / 64; }

static bool is_common(const struct cal_section *s)
{
    return s->type == SEC_COMMON || s->type == SEC_TASKCOM;
}

/* One module being built: where its block lies in the assembler's image,
 * and which common block and external each section and symbol is. */
struct building {
    struct cal_asm *a;
    int module;
    uint32_t start, end;       /* the block: image words [start, end) */
    int *common_of;            /* section -> common index, -1 */
    int *external_of;          /* symbol -> external index, -1 */
    struct object_module *m;
};

static int module_record(const struct cal_asm *a, int module)
{
    for (size_t i = 0; i < a->record_count; i++)
        if (a->records[i].line == a->modules[module].line)
            return (int)i;
    return -1;
}

static bool place_block(struct building *b)
{
    struct cal_asm *a = b->a;
    b->start = UINT32_MAX;
    b->end = 0;
    uint32_t align = 1;
    for (size_t i = 0; i < a->section_count; i++) {
        const struct cal_section *s = &a->sections[i];
        if (s->module != b->module || is_common(s))
            continue;
        if (s->base < b->start)
            b->start = s->base;
        if (s->base + words_of(s->high) > b->end)
            b->end = (uint32_t)(s->base + words_of(s->high));
        if (s->align > align)
            align = s->align;
    }
    if (b->start == UINT32_MAX)
        b->start = b->end = 0;
    for (size_t i = 0; i < a->section_count; i++) {
        const struct cal_section *s = &a->sections[i];
        if (s->module == b->module && !is_common(s) && s->align > 1 &&
            (s->base - b->start) % s->align) {
            cal_error_at(a, module_record(a, b->module), a->modules[b->module].line, "O",
                         "module %s: the alignment of section %s cannot be kept in an object "
                         "module (align the module's first section as much)",
                         a->modules[b->module].name, s->name[0] ? s->name : "(main)");
            return true;
        }
    }
    b->m->align = align;
    b->m->length = b->end - b->start;
    b->m->words = calloc(b->m->length ? b->m->length : 1, sizeof *b->m->words);
    if (!b->m->words)
        return false;
    if (b->m->length)
        memcpy(b->m->words, a->image + b->start, (size_t)b->m->length * 8);
    return true;
}

static bool place_commons(struct building *b)
{
    struct cal_asm *a = b->a;
    b->m->commons = calloc(a->section_count + 1, sizeof *b->m->commons);
    if (!b->m->commons)
        return false;
    for (size_t i = 0; i < a->section_count; i++) {
        const struct cal_section *s = &a->sections[i];
        b->common_of[i] = -1;
        if (s->module != b->module || !is_common(s))
            continue;
        for (size_t c = 0; c < b->m->common_count; c++)
            if (!strcmp(b->m->commons[c].name, s->name))
                b->common_of[i] = (int)c;
        if (b->common_of[i] >= 0)
            continue;
        struct object_common *c = &b->m->commons[b->m->common_count];
        strcpy(c->name, s->name);
        c->length = (uint32_t)words_of(s->high);
        c->align = s->align > 1 ? s->align : 1;
        c->words = calloc(c->length ? c->length : 1, sizeof *c->words);
        if (!c->words)
            return false;
        if (c->length && s->base + c->length <= a->image_words)
            memcpy(c->words, a->image + s->base, (size_t)c->length * 8);
        b->common_of[i] = (int)b->m->common_count++;
    }
    return true;
}

static bool list_externals(struct building *b)
{
    struct cal_asm *a = b->a;
    b->m->externals = calloc(a->symbol_count + 1, sizeof *b->m->externals);
    if (!b->m->externals)
        return false;
    for (size_t i = 0; i < a->symbol_count; i++) {
        const struct cal_symbol *sym = &a->symbols[i];
        b->external_of[i] = -1;
        if (sym->scope == b->module && sym->kind == SYM_EXT) {
            strcpy(b->m->externals[b->m->external_count], sym->name);
            b->external_of[i] = (int)b->m->external_count++;
        }
    }
    return true;
}

/* A value's target (block or common, with its index) and the word where
 * that target lies in the image; false if absolute. */
static bool target_of(const struct building *b, const struct cal_value *v, uint8_t *target,
                      uint32_t *index, uint32_t *base)
{
    if (v->section < 0 || v->coef == 0)
        return false;
    const struct cal_section *s = &b->a->sections[v->section];
    if (is_common(s)) {
        *target = OBJ_COMMON;
        *index = (uint32_t)b->common_of[v->section];
        *base = s->base;
    } else {
        *target = OBJ_BLOCK;
        *index = 0;
        *base = b->start;
    }
    return true;
}

static bool list_symbols(struct building *b)
{
    struct cal_asm *a = b->a;
    b->m->symbols = calloc(a->symbol_count + 1, sizeof *b->m->symbols);
    if (!b->m->symbols)
        return false;
    for (size_t i = 0; i < a->symbol_count; i++) {
        const struct cal_symbol *sym = &a->symbols[i];
        if (sym->scope != b->module || sym->kind == SYM_EXT || !sym->defined ||
            sym->value.is_float)
            continue;
        struct object_symbol *o = &b->m->symbols[b->m->symbol_count++];
        strcpy(o->name, sym->name);
        o->attribute = sym->value.attr;
        o->entry = sym->entry;
        int64_t value = cal_absolute(a, &sym->value);
        uint32_t base;
        if (target_of(b, &sym->value, &o->target, &o->index, &base))
            value -= (int64_t)base * (o->attribute == ATTR_PARCEL ? 4 : 1);
        else
            o->target = OBJ_ABSOLUTE;
        if (o->target != OBJ_ABSOLUTE && o->attribute == ATTR_VALUE)
            o->target = OBJ_ABSOLUTE;   /* a relocatable plain value has no place */
        o->value = value;
        if (!strcmp(sym->name, a->modules[b->module].start_name) && o->target == OBJ_BLOCK &&
            a->modules[b->module].start_record >= 0)
            b->m->start = (uint64_t)(o->attribute == ATTR_WORD ? value * 4 : value);
    }
    return true;
}

/* Make the field at the image's bit relative to its target; false if out
 * of memory. */
static bool add_reloc(struct building *b, const struct cal_reloc *r)
{
    struct cal_asm *a = b->a;
    /* The place is the one of the field's rightmost bit. */
    uint64_t last = r->bit + r->width - 1, word = last / 64;
    struct object_reloc *x = &b->m->relocs[b->m->reloc_count];
    memset(x, 0, sizeof *x);
    uint64_t place_start = 0;
    if (word >= b->start && word < b->end) {
        x->place = OBJ_BLOCK;
        place_start = b->start;
    } else {
        for (size_t i = 0; i < a->section_count; i++) {
            const struct cal_section *s = &a->sections[i];
            if (b->common_of[i] >= 0 && word >= s->base && word < s->base + words_of(s->high)) {
                x->place = OBJ_COMMON;
                x->place_index = (uint32_t)b->common_of[i];
                place_start = s->base;
            }
        }
        if (!x->place)
            return true;   /* not in this module (cannot happen) */
    }
    x->word = (uint32_t)(word - place_start);
    if (r->bit < place_start * 64) {
        cal_error_at(a, module_record(a, b->module), a->modules[b->module].line, "N",
                     "module %s: a relocatable field begins before its block (word %llo)",
                     a->modules[b->module].name, (unsigned long long)word);
        return true;
    }
    x->shift = (uint8_t)(63 - last % 64);
    x->width = r->width;
    x->unit = r->unit;
    uint32_t base = 0;
    if (r->value.external >= 0 && r->value.ext_coef) {
        x->target = OBJ_EXTERNAL;
        x->index = (uint32_t)b->external_of[r->value.external];
    } else if (!target_of(b, &r->value, &x->target, &x->index, &base)) {
        return true;
    }
    /* The field holds the image's address: make it relative to the target. */
    uint64_t *words = x->place == OBJ_BLOCK ? b->m->words : b->m->commons[x->place_index].words;
    uint64_t first = object_field_first_bit(x);
    uint64_t field = object_field_get(words, first, x->width);
    object_field_put(words, first, x->width,
                     field - (uint64_t)base * (x->unit == OBJ_UNIT_PARCEL ? 4 : 1));
    b->m->reloc_count++;
    return true;
}

static bool build_module(struct cal_asm *a, int module, struct object_module *m)
{
    struct building b = {a, module, 0, 0, NULL, NULL, m};
    memset(m, 0, sizeof *m);
    strcpy(m->name, a->modules[module].name);
    m->models = a->models & a->used_models ? a->models & a->used_models : a->models;
    m->start = OBJECT_NO_START;
    b.common_of = calloc(a->section_count + 1, sizeof *b.common_of);
    b.external_of = calloc(a->symbol_count + 1, sizeof *b.external_of);
    size_t relocs = 0;
    for (size_t i = 0; i < a->reloc_count; i++)
        relocs += a->relocs[i].module == module;
    m->relocs = calloc(relocs + 1, sizeof *m->relocs);
    bool ok = b.common_of && b.external_of && m->relocs && place_block(&b) &&
              place_commons(&b) && list_externals(&b) && list_symbols(&b);
    for (size_t i = 0; ok && i < a->reloc_count; i++)
        if (a->relocs[i].module == module)
            ok = add_reloc(&b, &a->relocs[i]);
    free(b.common_of);
    free(b.external_of);
    return ok;
}

bool cal_build_object(struct cal_asm *a, struct object_file *file)
{
    memset(file, 0, sizeof *file);
    file->kind = OBJECT_FILE;
    for (size_t i = 0; i < a->module_count; i++) {
        if (a->modules[i].absolute) {
            cal_error_at(a, module_record(a, (int)i), a->modules[i].line, "O",
                         "module %s is absolute (ABS): an object module is relocatable",
                         a->modules[i].name);
            continue;
        }
        struct object_module m;
        if (!build_module(a, (int)i, &m) || object_file_add(file, &m)) {
            object_module_free(&m);
            object_file_free(file);
            return false;
        }
    }
    return true;
}
