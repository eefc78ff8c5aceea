/*
 * value.c - values (struct cal_value): a plain absolute number, whether a
 * value is relocatable, and its absolute number (the offset plus its
 * section's base once the sections are laid out, in pass 2).
 *
 * May use: nothing of the assembler (the bottom, with lex.c).
 */
#include "cal_internal.h"

#include <string.h>

void cal_value_plain(struct cal_value *v, int64_t number)
{
    memset(v, 0, sizeof *v);
    v->number = number;
    v->section = -1;
    v->external = -1;
    v->attr = ATTR_VALUE;
    v->known = true;
}

bool cal_relocatable(const struct cal_value *v)
{
    return (v->section >= 0 && v->coef != 0) || (v->external >= 0 && v->ext_coef != 0);
}

int64_t cal_absolute(const struct cal_asm *a, const struct cal_value *v)
{
    int64_t n = v->number;
    if (v->section >= 0 && v->coef != 0 && a->pass == 2) {
        int64_t base = a->sections[v->section].base;
        if (v->attr == ATTR_PARCEL)
            base *= 4;
        n += (int64_t)v->coef * base;
    }
    return n;
}

uint8_t cal_field_unit(const struct cal_value *v)
{
    if (v->external >= 0 && v->ext_coef)
        return OBJ_UNIT_VALUE;
    return v->attr == ATTR_PARCEL ? OBJ_UNIT_PARCEL : OBJ_UNIT_WORD;
}
