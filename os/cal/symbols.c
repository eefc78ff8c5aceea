/*
 * symbols.c - the symbol table (global symbols defined before the first
 * IDENT, module symbols, qualifiers: cal-syntax.md 2.3-2.6; below them
 * all the system text's, which any other definition hides) and the table
 * of sections.
 *
 * May use: diag.c, value.c, lex.c.
 */
#include "cal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t hash_key(const char *qual, const char *name, int scope)
{
    uint32_t h = 2166136261u ^ (uint32_t)(scope + 1);
    for (const char *s = qual; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    h = (h ^ '/') * 16777619u;
    for (const char *s = name; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static bool rehash(struct cal_asm *a, size_t size)
{
    int *table = malloc(size * sizeof *table);
    if (!table)
        return false;
    for (size_t i = 0; i < size; i++)
        table[i] = -1;
    for (size_t s = 0; s < a->symbol_count; s++) {
        const struct cal_symbol *sym = &a->symbols[s];
        size_t at = hash_key(sym->qual, sym->name, sym->scope) & (size - 1);
        while (table[at] >= 0)
            at = (at + 1) & (size - 1);
        table[at] = (int)s;
    }
    free(a->symbol_hash);
    a->symbol_hash = table;
    a->hash_size = size;
    return true;
}

int cal_symbol_find(struct cal_asm *a, const char *qual, const char *name, int scope)
{
    if (!a->hash_size)
        return -1;
    size_t at = hash_key(qual, name, scope) & (a->hash_size - 1);
    while (a->symbol_hash[at] >= 0) {
        const struct cal_symbol *sym = &a->symbols[a->symbol_hash[at]];
        if (sym->scope == scope && !strcmp(sym->name, name) && !strcmp(sym->qual, qual))
            return a->symbol_hash[at];
        at = (at + 1) & (a->hash_size - 1);
    }
    return -1;
}

int cal_symbol_lookup(struct cal_asm *a, const char *text, size_t length)
{
    char name[CAL_NAME_MAX + 1];
    if (length > CAL_NAME_MAX)
        return -1;
    cal_upper(name, sizeof name, text, length);
    int s = -1;
    if (a->module >= 0) {
        if (a->qual[0])
            s = cal_symbol_find(a, a->qual, name, a->module);
        if (s < 0)
            s = cal_symbol_find(a, "", name, a->module);
    }
    /* A SET symbol that pass 2 has not yet met a SET of hides nothing yet:
     * before its first SET pass 1 saw the outer one of the name (a global,
     * the system text's), and so must pass 2 (AR$N SET AR$N+1 in a module
     * counts from the global AR$N in both passes). */
    if (s >= 0 && a->pass == 2 && a->symbols[s].kind == SYM_SET && !a->symbols[s].set_again) {
        int outer = cal_symbol_find(a, "", name, -1);
        if (outer < 0 || outer == s)
            outer = cal_symbol_find(a, "", name, CAL_SCOPE_SYSTEM);
        if (outer >= 0 && outer != s)
            s = outer;
    }
    if (s < 0)
        s = cal_symbol_find(a, "", name, -1);
    if (s >= 0 && a->pass == 2 && a->symbols[s].scope == -1 && a->symbols[s].kind == SYM_SET &&
        !a->symbols[s].set_again) {
        int outer = cal_symbol_find(a, "", name, CAL_SCOPE_SYSTEM);
        if (outer >= 0)
            s = outer;
    }
    if (s < 0)
        s = cal_symbol_find(a, "", name, CAL_SCOPE_SYSTEM);
    return s;
}

static int symbol_create(struct cal_asm *a, const char *name, int scope)
{
    if (!cal_grow((void **)&a->symbols, &a->symbol_capacity, a->symbol_count, sizeof *a->symbols)) {
        a->out_of_memory = true;
        return -1;
    }
    if ((a->symbol_count + 1) * 2 > a->hash_size &&
        !rehash(a, a->hash_size ? a->hash_size * 2 : 256)) {
        a->out_of_memory = true;
        return -1;
    }
    int s = (int)a->symbol_count++;
    struct cal_symbol *sym = &a->symbols[s];
    memset(sym, 0, sizeof *sym);
    strcpy(sym->name, name);
    strcpy(sym->qual, scope >= 0 ? a->qual : "");
    sym->scope = scope;
    sym->def_record = -1;
    cal_value_plain(&sym->value, 0);
    size_t at = hash_key(sym->qual, sym->name, scope) & (a->hash_size - 1);
    while (a->symbol_hash[at] >= 0)
        at = (at + 1) & (a->hash_size - 1);
    a->symbol_hash[at] = s;
    return s;
}

static bool same_value(const struct cal_value *x, const struct cal_value *y)
{
    return x->known && y->known && x->number == y->number && x->attr == y->attr &&
           x->section == y->section && x->coef == y->coef && x->is_float == y->is_float;
}

int cal_define(struct cal_asm *a, const char *text, size_t length, uint8_t kind,
               const struct cal_value *value)
{
    if (!cal_valid_name(text, length)) {
        if (length > CAL_NAME_MAX)
            cal_error(a, "L", "name %.*s is longer than 8 characters", (int)length, text);
        else if (length && cal_is_register(text, length))
            cal_error(a, "L", "%.*s is a register name and cannot be a symbol", (int)length, text);
        else
            cal_error(a, "L", "bad symbol name %.*s", (int)length, text);
        return -1;
    }
    char name[CAL_NAME_MAX + 1];
    cal_upper(name, sizeof name, text, length);
    int scope = a->system_text ? CAL_SCOPE_SYSTEM : a->module;
    int s = cal_symbol_find(a, scope >= 0 ? a->qual : "", name, scope);
    if (a->pass == 1) {
        if (s < 0) {
            s = symbol_create(a, name, scope);
            if (s < 0)
                return -1;
            struct cal_symbol *sym = &a->symbols[s];
            sym->kind = kind;
            sym->value = *value;
            sym->defined = value->known && kind != SYM_EXT;
            sym->def_record = a->record;
            sym->line = a->line;
            return s;
        }
        struct cal_symbol *sym = &a->symbols[s];
        if (kind == SYM_SET && sym->kind == SYM_SET) {
            sym->value = *value;
            sym->defined = value->known;
            return s;
        }
        if (kind == SYM_EQU && sym->kind == SYM_EQU && same_value(&sym->value, value))
            return s;
        if (kind == SYM_EXT && sym->kind == SYM_EXT)
            return s;
        if (sym->kind == SYM_EXT || kind == SYM_EXT)
            cal_error_now(a, "D", "%s is declared external and defined in this module", name);
        else
            cal_error_now(a, "D", "symbol %s is defined twice (first on line %d)", name, sym->line);
        return -1;
    }
    if (s < 0)
        return -1;
    struct cal_symbol *sym = &a->symbols[s];
    if (kind == SYM_EXT)
        return s;   /* resolved between the passes */
    if (sym->def_record == a->record || (kind == SYM_SET && sym->kind == SYM_SET)) {
        sym->value = *value;
        sym->defined = value->known;
        sym->set_again = true;
    }
    return s;
}

/* ---- sections ----------------------------------------------------------------------- */

int cal_section_create(struct cal_asm *a, const char *name, uint8_t type, int module)
{
    if (!cal_grow((void **)&a->sections, &a->section_capacity, a->section_count,
                  sizeof *a->sections)) {
        a->out_of_memory = true;
        return -1;
    }
    int s = (int)a->section_count++;
    struct cal_section *sec = &a->sections[s];
    memset(sec, 0, sizeof *sec);
    snprintf(sec->name, sizeof sec->name, "%s", name);
    sec->module = module;
    sec->type = type;
    sec->absolute = module >= 0 && a->modules[module].absolute && type != SEC_LITERAL;
    sec->low = UINT64_MAX;
    sec->align = 1;
    sec->shared_with = -1;
    return s;
}

int cal_section_find(struct cal_asm *a, const char *name, int module)
{
    for (size_t s = 0; s < a->section_count; s++)
        if (a->sections[s].module == module && a->sections[s].type != SEC_LITERAL &&
            !strcmp(a->sections[s].name, name))
            return (int)s;
    return -1;
}
