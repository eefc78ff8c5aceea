/*
 * counter.c - the location counters of the current section (cal-syntax.md
 * 2.7-2.9): advancing origin and location bit by bit and writing the bits
 * into the program image (pass 2), forced parcel and word boundaries with
 * their fill, the counters as values (*, *O, *A, ...), and defining the
 * location field's label at the counter.
 *
 * May use: symbols.c, diag.c, value.c.
 */
#include "cal_internal.h"

#include <string.h>

#define NOOP_PARCEL 051101u   /* S1 S1: the fill of skipped parcels in code */

void cal_put_bits(uint64_t *image, uint32_t words, uint64_t at, uint64_t value, unsigned width)
{
    while (width > 0) {
        uint64_t w = at / 64;
        unsigned offset = (unsigned)(at % 64);
        unsigned n = width < 64 - offset ? width : 64 - offset;
        uint64_t mask = n == 64 ? ~0ULL : ((1ULL << n) - 1);
        uint64_t chunk = (width - n >= 64 ? 0 : value >> (width - n)) & mask;
        unsigned shift = 64 - offset - n;
        if (w < words)
            image[w] = (image[w] & ~(mask << shift)) | (chunk << shift);
        at += n;
        width -= n;
    }
}

uint64_t cal_section_bit(const struct cal_section *s)
{
    return (s->absolute ? 0 : (uint64_t)s->base * 64) + s->origin;
}

/* Advance origin and location by width bits; the bits are stored only by
 * pass 2 (write). */
static void advance(struct cal_asm *a, uint64_t width, bool write, uint64_t value)
{
    if (a->section < 0)
        return;
    struct cal_section *s = &a->sections[a->section];
    const uint64_t limit = (uint64_t)CAL_MAX_IMAGE_WORDS * 64;
    if (s->origin + width > limit) {
        cal_error(a, "F", "program larger than %u words", CAL_MAX_IMAGE_WORDS);
        return;
    }
    if (write && a->pass == 2 && a->image && width <= 64)
        cal_put_bits(a->image, a->image_words, cal_section_bit(s), value, (unsigned)width);
    if (width && s->origin < s->low)
        s->low = s->origin;
    s->origin += width;
    s->location += width;
    if (s->origin > s->high)
        s->high = s->origin;
}

void cal_advance_bits(struct cal_asm *a, uint64_t value, unsigned width)
{
    advance(a, width, true, value);
}

void cal_reserve_bits(struct cal_asm *a, uint64_t width)
{
    advance(a, width, false, 0);
}

void cal_to_parcel(struct cal_asm *a)
{
    if (a->section >= 0 && a->sections[a->section].origin % 16)
        cal_advance_bits(a, 0, (unsigned)(16 - a->sections[a->section].origin % 16));
}

void cal_force_word(struct cal_asm *a, bool noop_fill)
{
    if (a->section < 0)
        return;
    cal_to_parcel(a);
    struct cal_section *s = &a->sections[a->section];
    bool code = s->type == SEC_MIXED || s->type == SEC_CODE;
    while (s->origin % 64)
        cal_advance_bits(a, noop_fill && code ? NOOP_PARCEL : 0, 16);
}

void cal_note_reloc(struct cal_asm *a)
{
    if (a->section < 0 || a->list.reloc_count >= CAL_LIST_LINES)
        return;
    a->list.reloc_words[a->list.reloc_count++] =
        (uint32_t)(cal_section_bit(&a->sections[a->section]) / 64);
}

void cal_note_field(struct cal_asm *a, uint64_t bit, unsigned width, const struct cal_value *v,
                    uint8_t unit)
{
    if (a->pass != 2 || !a->extra.object || !cal_relocatable(v))
        return;
    if (!cal_grow((void **)&a->relocs, &a->reloc_capacity, a->reloc_count, sizeof *a->relocs)) {
        a->out_of_memory = true;
        return;
    }
    struct cal_reloc *r = &a->relocs[a->reloc_count++];
    r->bit = bit;
    r->width = (uint8_t)width;
    r->unit = unit;
    r->module = a->module;
    r->value = *v;
}

struct cal_value cal_location_value(struct cal_asm *a, bool origin, bool absolute)
{
    struct cal_value v;
    cal_value_plain(&v, 0);
    v.attr = ATTR_PARCEL;
    if (a->section < 0)
        return v;
    const struct cal_section *s = &a->sections[a->section];
    v.number = (int64_t)((origin ? s->origin : s->location) / 16);
    if (!absolute && !s->absolute) {
        v.section = a->section;
        v.coef = 1;
    }
    return v;
}

void cal_define_label(struct cal_asm *a, struct cal_record *r, uint8_t attr)
{
    if (a->module < 0) {
        cal_error(a, "I", "label %s outside a module", r->location);
        return;
    }
    struct cal_value v = cal_location_value(a, false, false);
    if (attr == ATTR_WORD) {
        v.number = (int64_t)(a->sections[a->section].location / 64);
        v.attr = ATTR_WORD;
    }
    cal_define(a, r->location, strlen(r->location), SYM_LABEL, &v);
}
