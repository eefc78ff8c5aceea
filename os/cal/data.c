/*
 * data.c - storage: the storage pseudo-instructions BSS, BSSZ, CON, DATA
 * and VWD (cal-syntax.md 5.5, 5.6).
 *
 * May use: expr.c, constant.c, counter.c, diag.c, value.c, lex.c.
 */
#include "cal_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 4096

static void start_data_listing(struct cal_asm *a)
{
    if (a->section < 0)
        return;
    a->list.data = true;
    a->list.data_start = cal_section_bit(&a->sections[a->section]);
    a->list.data_end = a->list.data_start;
}

static void end_data_listing(struct cal_asm *a)
{
    if (a->section >= 0)
        a->list.data_end = cal_section_bit(&a->sections[a->section]);
}

/* Where storage may go: inside a module, in a section that takes data. */
static bool data_allowed(struct cal_asm *a, const char *op, bool reserve_only)
{
    if (a->module < 0 || a->section < 0) {
        cal_error(a, "I", "%s outside a module (before IDENT)", op);
        return false;
    }
    const struct cal_section *s = &a->sections[a->section];
    if (!reserve_only && s->type == SEC_CODE) {
        cal_error(a, "I", "%s in a CODE section", op);
        return false;
    }
    if (!reserve_only && (s->type == SEC_COMMON || s->type == SEC_TASKCOM) && !s->name[0]) {
        cal_error(a, "I", "%s in an unnamed common block", op);
        return false;
    }
    return true;
}

/* A count operand (BSS, BSSZ): absolute, not a parcel address. */
static uint64_t word_count(struct cal_asm *a, struct cal_record *r)
{
    struct cal_value v;
    a->undefined_seen = false;
    if (!cal_eval(a, r->operand, strlen(r->operand), &v))
        return 0;
    if (!v.known) {
        if (a->pass == 1)
            r->forward = true;
        return 0;
    }
    if (a->pass == 2 && r->forward) {
        cal_error(a, "O", "the count uses a symbol defined later in the program");
        return 0;
    }
    if (cal_relocatable(&v) || v.attr == ATTR_PARCEL || v.is_float) {
        cal_error(a, "O", "count must be an absolute number of words");
        return 0;
    }
    if (v.number < 0 || v.number > 077777777) {
        cal_error(a, "O", "count %lld out of range", (long long)v.number);
        return 0;
    }
    return (uint64_t)v.number;
}

static void storage_reserve(struct cal_asm *a, struct cal_record *r, bool zero)
{
    if (!data_allowed(a, zero ? "BSSZ" : "BSS", !zero))
        return;
    cal_force_word(a, true);
    if (r->location[0])
        cal_define_label(a, r, ATTR_WORD);
    a->list.has_location = true;
    a->list.location_bits = a->sections[a->section].origin;
    uint64_t n = word_count(a, r);
    a->list.has_value = true;
    a->list.value = (int64_t)n;
    if (zero) {
        for (uint64_t w = 0; w < n && !a->out_of_memory; w++)
            cal_advance_bits(a, 0, 64);
    } else {
        cal_reserve_bits(a, n * 64);
    }
}

static void storage_con(struct cal_asm *a, struct cal_record *r, bool is_data)
{
    if (!data_allowed(a, is_data ? "DATA" : "CON", false))
        return;
    if (!is_data || r->location[0])
        cal_force_word(a, false);
    if (r->location[0])
        cal_define_label(a, r, ATTR_WORD);
    a->list.has_location = true;
    a->list.location_bits = a->sections[a->section].origin;
    start_data_listing(a);
    const char *item[MAX_ITEMS];
    size_t length[MAX_ITEMS];
    int n = cal_split_items(r->operand, strlen(r->operand), item, length, MAX_ITEMS);
    if (n > MAX_ITEMS) {
        cal_error(a, "F", "more than %d items", MAX_ITEMS);
        n = MAX_ITEMS;
    }
    if (n == 0)
        cal_error(a, "O", "%s needs at least one item", is_data ? "DATA" : "CON");
    for (int i = 0; i < n; i++) {
        if (is_data && cal_is_string(item[i], length[i])) {
            struct cal_string s;
            if (cal_parse_data_string(a, item[i], length[i], &s)) {
                for (size_t b = 0; b < s.count; b++)
                    cal_advance_bits(a, s.bytes[b], 8);
            }
            free(s.bytes);
            continue;
        }
        struct cal_value v;
        uint64_t w = cal_eval_word(a, item[i], length[i], &v);
        if (cal_relocatable(&v))
            cal_note_reloc(a);
        cal_note_field(a, cal_section_bit(&a->sections[a->section]), 64, &v, cal_field_unit(&v));
        cal_advance_bits(a, w, 64);
    }
    end_data_listing(a);
}

static void storage_vwd(struct cal_asm *a, struct cal_record *r)
{
    if (!data_allowed(a, "VWD", false))
        return;
    if (r->location[0]) {
        cal_force_word(a, false);
        cal_define_label(a, r, ATTR_WORD);
    }
    a->list.has_location = true;
    a->list.location_bits = a->sections[a->section].origin;
    start_data_listing(a);
    const char *item[MAX_ITEMS];
    size_t length[MAX_ITEMS];
    int n = cal_split_items(r->operand, strlen(r->operand), item, length, MAX_ITEMS);
    if (n > MAX_ITEMS)
        n = MAX_ITEMS;
    if (n == 0)
        cal_error(a, "O", "VWD needs width/value items");
    for (int i = 0; i < n; i++) {
        const char *slash = memchr(item[i], '/', length[i]);
        if (!slash) {
            cal_error(a, "O", "VWD item %.*s is not width/value", (int)length[i], item[i]);
            continue;
        }
        size_t wl = (size_t)(slash - item[i]);
        const char *value_text = slash + 1;
        size_t vl = length[i] - wl - 1;
        struct cal_value width;
        if (!cal_eval_count(a, item[i], wl, &width))
            continue;
        if (!width.known || cal_relocatable(&width) || width.number < 0 || width.number > 64) {
            cal_error(a, "V", "bad VWD field width %.*s", (int)wl, item[i]);
            continue;
        }
        unsigned w = (unsigned)width.number;
        uint64_t value = 0;
        if (cal_is_string(value_text, vl)) {
            cal_string_field(a, value_text, vl, w / 8, &value);
        } else if (vl > 0) {
            struct cal_value v;
            if (cal_eval(a, value_text, vl, &v)) {
                value = (uint64_t)cal_absolute(a, &v);
                if (cal_relocatable(&v))
                    cal_note_reloc(a);
                if (w)
                    cal_note_field(a, cal_section_bit(&a->sections[a->section]), w, &v,
                                   cal_field_unit(&v));
            }
        }
        if (w < 64)
            value &= (1ULL << w) - 1;
        cal_advance_bits(a, value, w);
    }
    end_data_listing(a);
}

bool cal_pseudo_data(struct cal_asm *a, struct cal_record *r, const char *op)
{
    if (!strcmp(op, "BSS"))
        storage_reserve(a, r, false);
    else if (!strcmp(op, "BSSZ"))
        storage_reserve(a, r, true);
    else if (!strcmp(op, "CON"))
        storage_con(a, r, false);
    else if (!strcmp(op, "DATA"))
        storage_con(a, r, true);
    else if (!strcmp(op, "VWD"))
        storage_vwd(a, r);
    else
        return false;
    return true;
}
