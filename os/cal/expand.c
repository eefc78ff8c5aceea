/*
 * expand.c - pass 1's reading of the source: each line is cut into fields,
 * edited (micros), and either handled here (conditional assembly IFA / IFC /
 * IFE / ELSE / ENDIF / SKIP, micro definitions, EDIT, LIST, the start of a
 * macro definition or a macro call: cal-syntax.md 5.2, 5.7, 5.8, 5.10) or
 * recorded as a statement and assembled for pass 1.  A macro call's lines
 * come back here from macro.c through a->feed_line, installed by cal_pass1.
 *
 * May use: include.c, macro.c, pseudo.c, expr.c, symbols.c, micro.c, diag.c, value.c,
 * lex.c.
 */
#include "cal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 8

static int add_record(struct cal_asm *a, int line, uint8_t kind, const char *text, size_t length)
{
    if (a->record_count >= CAL_MAX_RECORDS) {
        if (!a->too_many)
            cal_error_at(a, (int)a->record_count - 1, line, "F",
                         "more than %d statements (endless macro expansion?)", CAL_MAX_RECORDS);
        a->too_many = true;
        return -1;
    }
    if (length > CAL_MAX_TEXT_BYTES - a->text_bytes) {
        if (!a->too_many)
            cal_error_at(a, (int)a->record_count - 1, line, "F",
                         "more than %u bytes of statements (endless expansion?)",
                         CAL_MAX_TEXT_BYTES);
        a->too_many = true;
        return -1;
    }
    a->text_bytes += length;
    if (!cal_grow((void **)&a->records, &a->record_capacity, a->record_count, sizeof *a->records)) {
        a->out_of_memory = true;
        return -1;
    }
    int i = (int)a->record_count++;
    struct cal_record *r = &a->records[i];
    memset(r, 0, sizeof *r);
    r->line = line;
    r->system = a->system_text;
    r->kind = kind;
    r->depth = (uint8_t)(a->depth > 255 ? 255 : a->depth);
    r->listed = (a->list_flags & LIST_ON) && (a->depth == 0 || (a->list_flags & LIST_MAC));
    r->text = cal_strndup(text, length);
    r->location = r->result = r->operand = NULL;
    r->module = a->module;
    r->row = -1;
    r->aux = -1;
    if (!r->text)
        a->out_of_memory = true;
    return i;
}

static bool name_is(const char *text, size_t length, const char *name)
{
    return name[0] && cal_equal_ci(text, length, name);
}

/* ---- conditions ------------------------------------------------------------------------ */

static int compare_op(struct cal_asm *a, const char *text, size_t length)
{
    static const char *const ops[] = {"EQ", "NE", "LT", "LE", "GT", "GE"};
    for (int i = 0; i < 6; i++)
        if (cal_equal_ci(text, length, ops[i]))
            return i;
    cal_error_now(a, "O", "bad comparison %.*s (EQ NE LT LE GT GE)", (int)length, text);
    return -1;
}

static bool compare(int op, int c)
{
    switch (op) {
    case 0: return c == 0;
    case 1: return c != 0;
    case 2: return c < 0;
    case 3: return c <= 0;
    case 4: return c > 0;
    default: return c >= 0;
    }
}

/* A delimited IFC string at text[*at]: returns its bytes in out. */
static bool ifc_string(const char *text, size_t length, size_t *at, struct cal_buf *out)
{
    buf_add(out, "", 0);
    if (*at >= length || text[*at] == ',')
        return true;
    char d = text[(*at)++];
    while (*at < length) {
        if (text[*at] == d) {
            if (*at + 1 < length && text[*at + 1] == d) {
                buf_add(out, &d, 1);
                *at += 2;
                continue;
            }
            (*at)++;
            return true;
        }
        buf_add(out, &text[(*at)++], 1);
    }
    return false;
}

static bool attribute_test(struct cal_asm *a, const char *attr_text, size_t attr_length,
                           const char *exp, size_t exp_length)
{
    bool negate = attr_length > 0 && attr_text[0] == '#';
    if (negate) {
        attr_text++;
        attr_length--;
    }
    char attr[10];
    cal_upper(attr, sizeof attr, attr_text, attr_length);
    bool result = false;
    if (!strcmp(attr, "REG")) {
        result = cal_is_register(exp, exp_length);
    } else if (!strcmp(attr, "MIC")) {
        result = cal_micro_find(a, exp, exp_length) >= 0;
    } else if (!strcmp(attr, "DEF") || !strcmp(attr, "SET") || !strcmp(attr, "SYM")) {
        int s = cal_valid_name(exp, exp_length) ? cal_symbol_lookup(a, exp, exp_length) : -1;
        if (!strcmp(attr, "DEF"))
            result = s >= 0 && (a->symbols[s].defined || a->symbols[s].kind == SYM_EXT);
        else if (!strcmp(attr, "SET"))
            result = s >= 0 && a->symbols[s].kind == SYM_SET;
        else
            result = s >= 0;
    } else {
        struct cal_value v;
        if (!cal_eval(a, exp, exp_length, &v))
            return true;
        const struct cal_section *sec = v.section >= 0 ? &a->sections[v.section] : NULL;
        if (!strcmp(attr, "VAL"))
            result = v.attr == ATTR_VALUE;
        else if (!strcmp(attr, "WA"))
            result = v.attr == ATTR_WORD;
        else if (!strcmp(attr, "PA"))
            result = v.attr == ATTR_PARCEL;
        else if (!strcmp(attr, "BA") || !strcmp(attr, "IMM") || !strcmp(attr, "EM") ||
                 !strcmp(attr, "LM"))
            result = false;
        else if (!strcmp(attr, "ABS"))
            result = !cal_relocatable(&v);
        else if (!strcmp(attr, "REL"))
            result = v.section >= 0 && v.coef;
        else if (!strcmp(attr, "EXT"))
            result = v.external >= 0;
        else if (!strcmp(attr, "CM"))
            result = true;
        else if (!strcmp(attr, "CODE") || !strcmp(attr, "DATA") || !strcmp(attr, "MIXED") ||
                 !strcmp(attr, "COM") || !strcmp(attr, "COMMON") || !strcmp(attr, "TASKCOM") ||
                 !strcmp(attr, "DYNAMIC") || !strcmp(attr, "STACK")) {
            static const char *const types[] = {"MIXED", "CODE", "DATA", "COMMON", "DYNAMIC",
                                                "STACK", "TASKCOM"};
            const char *want = !strcmp(attr, "COM") ? "COMMON" : attr;
            result = sec && sec->type < 7 && !strcmp(types[sec->type], want);
        } else {
            cal_error_now(a, "O", "unknown IFA attribute %s", attr);
            return true;
        }
    }
    return negate ? !result : result;
}

/* Evaluate an IFx operand; *count gets the skip count or -1. */
static bool condition(struct cal_asm *a, const char *op, const char *operand, long *count)
{
    size_t n = strlen(operand);
    const char *item[MAX_ITEMS];
    size_t length[MAX_ITEMS];
    *count = -1;
    bool truth = true;
    int rest = 0;   /* index of the item after the condition */
    int items;
    if (!strcmp(op, "IFC")) {
        size_t at = 0;
        struct cal_buf s1 = {0}, s2 = {0};
        bool ok = ifc_string(operand, n, &at, &s1) && at < n && operand[at] == ',';
        size_t op_start = ++at;
        while (ok && at < n && operand[at] != ',')
            at++;
        size_t op_length = at - op_start;
        if (ok && at < n)
            at++;
        else
            ok = false;
        ok = ok && ifc_string(operand, n, &at, &s2);
        if (!ok || s1.failed || s2.failed) {
            cal_error_now(a, "O", "IFC needs string,op,string");
        } else {
            int c = op_length ? compare_op(a, operand + op_start, op_length) : -1;
            size_t l1 = s1.length, l2 = s2.length;
            int cmp = memcmp(s1.data, s2.data, l1 < l2 ? l1 : l2);
            if (cmp == 0)
                cmp = l1 < l2 ? -1 : l1 > l2;
            if (c >= 0)
                truth = compare(c, cmp);
        }
        free(s1.data);
        free(s2.data);
        if (at < n && operand[at] == ',')
            at++;
        if (at < n) {
            struct cal_value v;
            if (cal_eval_count(a, operand + at, n - at, &v))
                *count = v.number;
        }
        return truth;
    }
    items = cal_split_items(operand, n, item, length, MAX_ITEMS);
    if (!strcmp(op, "IFE")) {
        if (items < 3 || items > 4) {
            cal_error_now(a, "O", "IFE needs exp,op,exp[,count]");
            return true;
        }
        struct cal_value x, y;
        int c = compare_op(a, item[1], length[1]);
        if (cal_eval(a, item[0], length[0], &x) && cal_eval(a, item[2], length[2], &y) && c >= 0) {
            int64_t vx = cal_absolute(a, &x), vy = cal_absolute(a, &y);
            truth = compare(c, vx < vy ? -1 : vx > vy);
        }
        rest = 3;
    } else {
        if (items < 2 || items > 3) {
            cal_error_now(a, "O", "IFA needs [#]attribute,exp[,count]");
            return true;
        }
        truth = attribute_test(a, item[0], length[0], item[1], length[1]);
        rest = 2;
    }
    if (items > rest) {
        struct cal_value v;
        if (cal_eval_count(a, item[rest], length[rest], &v))
            *count = v.number;
    }
    return truth;
}

static int find_open_if(struct cal_asm *a, const char *name, size_t length)
{
    for (int i = a->open_if_count - 1; i >= 0; i--)
        if (cal_equal_ci(name, length, a->open_ifs[i].name))
            return i;
    return -1;
}

static void remove_open_if(struct cal_asm *a, int i)
{
    memmove(&a->open_ifs[i], &a->open_ifs[i + 1],
            (size_t)(a->open_if_count - i - 1) * sizeof a->open_ifs[0]);
    a->open_if_count--;
}

static void close_open_ifs(struct cal_asm *a)
{
    for (int i = 0; i < a->open_if_count; i++)
        cal_error_at(a, a->open_ifs[i].record, a->open_ifs[i].line, "E",
                     "IF %s without ENDIF", a->open_ifs[i].name);
    a->open_if_count = 0;
    a->skip_count = 0;
    a->skip_name[0] = '\0';
}

static void conditional(struct cal_asm *a, const char *op, const char *location,
                        const char *operand)
{
    size_t ln = strlen(location);
    if (!strcmp(op, "ELSE") || !strcmp(op, "ENDIF")) {
        if (!ln) {
            cal_error_now(a, "L", "%s needs the name of its IF in the location field", op);
            return;
        }
        int i = find_open_if(a, location, ln);
        if (i < 0) {
            cal_error_now(a, "E", "%s %s without IF", location, op);
            return;
        }
        if (!strcmp(op, "ENDIF")) {
            remove_open_if(a, i);
        } else {
            strcpy(a->skip_name, a->open_ifs[i].name);
            a->skip_else = true;
            a->skip_any = false;
        }
        return;
    }
    if (!strcmp(op, "SKIP")) {
        if (ln) {
            cal_upper(a->skip_name, sizeof a->skip_name, location, ln);
            a->skip_any = true;
            return;
        }
        struct cal_value v;
        if (cal_eval_count(a, operand, strlen(operand), &v) && v.number > 0)
            a->skip_count = v.number > 1000000 ? 1000000 : (int)v.number;
        return;
    }
    long count;
    a->report_always = true;
    bool truth = condition(a, op, operand, &count);
    a->report_always = false;
    if (ln) {
        if (!cal_valid_name(location, ln)) {
            cal_error_now(a, "L", "bad conditional name %s", location);
            return;
        }
        if (count >= 0)
            cal_error_now(a, "O", "%s with a name takes no count", op);
        if (a->open_if_count >= CAL_MAX_STACK) {
            cal_error_now(a, "F", "conditionals nested too deeply");
            return;
        }
        struct cal_open_if *o = &a->open_ifs[a->open_if_count++];
        cal_upper(o->name, sizeof o->name, location, ln);
        o->record = a->record;
        o->line = a->line;
        if (!truth) {
            strcpy(a->skip_name, o->name);
            a->skip_else = false;
            a->skip_any = false;
        }
        return;
    }
    if (count < 0) {
        cal_error_now(a, "O", "%s needs a skip count or a name in the location field", op);
        return;
    }
    if (!truth)
        a->skip_count = count > 1000000 ? 1000000 : (int)count;
}

/* While skipping: returns true if the line is consumed by the skip. */
static bool skipping(struct cal_asm *a, const struct cal_fields *f)
{
    if (cal_equal_ci(f->result, f->result_length, "END") ||
        cal_equal_ci(f->result, f->result_length, "IDENT")) {
        a->skip_count = 0;
        a->skip_name[0] = '\0';
        return false;   /* a skip never runs past the end of a module */
    }
    if (a->skip_count > 0) {
        a->skip_count--;
        return true;
    }
    if (!name_is(f->location, f->location_length, a->skip_name))
        return true;
    bool is_else = cal_equal_ci(f->result, f->result_length, "ELSE");
    bool is_endif = cal_equal_ci(f->result, f->result_length, "ENDIF");
    if (a->skip_any) {
        a->skip_name[0] = '\0';
        return true;
    }
    if (is_endif) {
        int i = find_open_if(a, a->skip_name, strlen(a->skip_name));
        if (i >= 0)
            remove_open_if(a, i);
        a->skip_name[0] = '\0';
    } else if (is_else && !a->skip_else) {
        a->skip_name[0] = '\0';
    }
    return true;
}

/* ---- micros, EDIT, LIST ------------------------------------------------------------------- */

static void define_micro(struct cal_asm *a, const char *op, const char *location,
                         const char *operand)
{
    size_t ln = strlen(location), n = strlen(operand);
    if (!cal_valid_name(location, ln) && !(ln && ln <= CAL_NAME_MAX && location[0] == '$')) {
        cal_error_now(a, "L", "%s needs a micro name in the location field", op);
        return;
    }
    char name[CAL_NAME_MAX + 1];
    cal_upper(name, sizeof name, location, ln);
    struct cal_buf value = {0};
    buf_add(&value, "", 0);
    if (!strcmp(op, "MICRO")) {
        size_t at = 0;
        if (n) {
            char d = operand[at++];
            bool closed = false;
            while (at < n) {
                if (operand[at] == d) {
                    if (at + 1 < n && operand[at + 1] == d) {
                        buf_add(&value, &d, 1);
                        at += 2;
                        continue;
                    }
                    at++;
                    closed = true;
                    break;
                }
                buf_add(&value, &operand[at++], 1);
            }
            if (!closed)
                cal_error_now(a, "S", "unterminated micro string");
        }
        if (at < n && operand[at] == ',') {
            const char *item[3];
            size_t length[3];
            int k = cal_split_items(operand + at + 1, n - at - 1, item, length, 3);
            long take = -1, first = 1;
            struct cal_value v;
            if (k >= 1 && length[0] && cal_eval(a, item[0], length[0], &v))
                take = v.number;
            if (k >= 2 && cal_eval(a, item[1], length[1], &v))
                first = v.number;
            if (first < 1)
                first = 1;
            size_t start = (size_t)first - 1 < value.length ? (size_t)first - 1 : value.length;
            size_t count = value.length - start;
            if (take >= 0 && (size_t)take < count)
                count = (size_t)take;
            memmove(value.data, value.data + start, count);
            value.length = count;
            value.data[count] = '\0';
        } else if (at < n) {
            cal_error_now(a, "O", "text after the micro string");
        }
    } else {
        const char *item[3];
        size_t length[3];
        int k = cal_split_items(operand, n, item, length, 3);
        struct cal_value v;
        if (k < 1 || k > 2 || !cal_eval(a, item[0], length[0], &v)) {
            if (k < 1 || k > 2)
                cal_error_now(a, "O", "%s needs exp[,digits]", op);
        } else {
            long width = 0;
            struct cal_value w;
            if (k == 2 && cal_eval(a, item[1], length[1], &w))
                width = w.number < 0 ? 0 : w.number > 22 ? 22 : w.number;
            int64_t x = cal_absolute(a, &v);
            if (!strcmp(op, "OCTMIC"))
                buf_printf(&value, "%0*llo", (int)width, (unsigned long long)x);
            else
                buf_printf(&value, "%0*lld", (int)width, (long long)x);
        }
    }
    if (!value.failed)
        cal_micro_set(a, name, value.data);
    else
        a->out_of_memory = true;
    free(value.data);
}

static void set_edit(struct cal_asm *a, const char *operand)
{
    if (!strcmp(operand, "*")) {
        a->edit = a->edit_depth > 0 ? a->edit_stack[--a->edit_depth] : true;
        return;
    }
    bool on = cal_equal_ci(operand, strlen(operand), "ON");
    if (!on && !cal_equal_ci(operand, strlen(operand), "OFF")) {
        cal_error_now(a, "O", "EDIT must be ON, OFF or *");
        return;
    }
    if (a->edit_depth < CAL_MAX_STACK)
        a->edit_stack[a->edit_depth++] = a->edit;
    a->edit = on;
}

static void set_list(struct cal_asm *a, const char *operand)
{
    if (!strcmp(operand, "*")) {
        a->list_flags = a->list_depth > 0 ? a->list_stack[--a->list_depth] : LIST_ON;
        return;
    }
    const char *item[32];
    size_t length[32];
    int n = cal_split_items(operand, strlen(operand), item, length, 32);
    int flags = n == 0 ? LIST_ON : 0;
    static const char *const others[] = {"XRF", "XNS", "DUP", "MIF", "MIC", "WEM", "TXT",
                                          "WRP", "WMR"};
    for (int i = 0; i < n && i < 32; i++) {
        char o[8];
        cal_upper(o, sizeof o, item[i], length[i]);
        if (!strcmp(o, "ON"))
            flags |= LIST_ON;
        else if (!strcmp(o, "OFF"))
            flags &= ~LIST_ON;
        else if (!strcmp(o, "MAC"))
            flags |= LIST_MAC;
        else if (!strcmp(o, "NMAC"))
            flags &= ~LIST_MAC;
        else if (!strcmp(o, "LIS"))
            flags |= LIST_LIS;
        else if (!strcmp(o, "NLIS"))
            flags &= ~LIST_LIS;
        else {
            bool known = false;
            for (size_t k = 0; k < sizeof others / sizeof others[0]; k++)
                if (!strcmp(o, others[k]) || (o[0] == 'N' && !strcmp(o + 1, others[k])))
                    known = true;
            if (!known)
                cal_error_now(a, "O", "unknown LIST option %.*s", (int)length[i], item[i]);
        }
    }
    if (a->list_depth < CAL_MAX_STACK)
        a->list_stack[a->list_depth++] = a->list_flags;
    a->list_flags = flags;
}

/* ---- statements ----------------------------------------------------------------------------- */

static void pass1_statement(struct cal_asm *a, int i)
{
    struct cal_record *r = &a->records[i];
    r->section_start = a->section;
    if (a->section >= 0) {
        r->origin_start = a->sections[a->section].origin;
        r->location_start = a->sections[a->section].location;
    }
    memset(&a->list, 0, sizeof a->list);
    cal_assemble_statement(a, r);
    r = &a->records[i];
    r->section_end = a->section;
    if (a->section >= 0) {
        r->origin_end = a->sections[a->section].origin;
        r->location_end = a->sections[a->section].location;
    }
}

/* The macros and micros of a module end with it. */
static void end_scope(struct cal_asm *a, int module)
{
    for (size_t m = 0; m < a->macro_count; m++)
        if (a->macros[m].scope == module)
            a->macros[m].name[0] = '\0';
    for (size_t m = 0; m < a->micro_count; m++)
        if (a->micros[m].scope == module)
            a->micros[m].name[0] = '\0';
}

static void feed_line(struct cal_asm *a, const char *text, size_t length, int line)
{
    if (a->out_of_memory || a->too_many)
        return;
    a->line = line;
    if (a->depth == 0 && length > CAL_COLUMNS)
        length = CAL_COLUMNS;
    while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\r'))
        length--;
    a->record = (int)a->record_count;
    if (a->defining >= 0 || a->awaiting_prototype) {
        int i = add_record(a, line, REC_LISTONLY, text, length);
        if (i < 0 || length == 0 || text[0] == '*')
            return;
        struct cal_fields f;
        cal_split_fields(text, length, &f);
        cal_macro_define_line(a, text, length, &f);
        return;
    }
    if (length == 0) {
        add_record(a, line, REC_BLANK, text, length);
        return;
    }
    if (text[0] == '*') {
        add_record(a, line, REC_COMMENT, text, length);
        return;
    }
    struct cal_fields f;
    cal_split_fields(text, length, &f);
    /* The card layout's comment column: in a line of the source, text
     * that starts in column 35 or later after the result field is a
     * comment, so a statement without an operand may carry one without
     * ';' (CAL 1 code, as CERN's: "%3 EXIT" then a comment in column 39). */
    if (a->depth == 0 && f.operand_length > 0 &&
        (size_t)(f.operand - text) >= CAL_COMMENT_COLUMN - 1)
        f.operand_length = 0;
    if ((a->skip_count > 0 || a->skip_name[0]) && skipping(a, &f)) {
        add_record(a, line, REC_LISTONLY, text, length);
        return;
    }
    char *location = cal_edit_field(a, f.location, f.location_length);
    char *result = cal_edit_field(a, f.result, f.result_length);
    char *operand = cal_edit_field(a, f.operand, f.operand_length);
    if (!location || !result || !operand) {
        free(location);
        free(result);
        free(operand);
        a->out_of_memory = true;
        return;
    }
    a->text_bytes += strlen(location) + strlen(result) + strlen(operand);
    if (f.unterminated)
        cal_error_now(a, "S", "unterminated character string");
    char op[16];
    cal_upper(op, sizeof op, result, strlen(result));
    int macro = cal_is_pseudo_name(op) ? -1 : cal_macro_find(a, op);
    int opdef = macro < 0 && !cal_is_pseudo_name(op) ? cal_opdef_find(a, result, operand) : -1;
    uint8_t kind = REC_STATEMENT;
    if (!strcmp(op, "LIST"))
        set_list(a, operand);
    if (!strcmp(op, "MACRO") || !strcmp(op, "OPDEF") || !strcmp(op, "INCLUDE") ||
        !strcmp(op, "IFA") || !strcmp(op, "IFC") || !strcmp(op, "IFE") ||
        !strcmp(op, "ELSE") || !strcmp(op, "ENDIF") || !strcmp(op, "SKIP") ||
        !strcmp(op, "MICRO") || !strcmp(op, "OCTMIC") || !strcmp(op, "DECMIC") ||
        !strcmp(op, "EDIT"))
        kind = REC_LISTONLY;
    else if (macro >= 0 || opdef >= 0)
        kind = REC_CALL;
    int i = add_record(a, line, kind, text, length);
    if (i < 0) {
        free(location);
        free(result);
        free(operand);
        return;
    }
    struct cal_record *r = &a->records[i];
    r->location = location;
    r->result = result;
    r->operand = operand;
    if (kind == REC_CALL) {
        if (opdef >= 0)
            cal_opdef_call(a, opdef, location, result, operand, line);
        else
            cal_macro_call(a, macro, location, operand, line);
        return;
    }
    if (!strcmp(op, "OPDEF")) {
        if (operand[0])
            cal_error_now(a, "O", "OPDEF takes no operand; the next line is the prototype");
        cal_opdef_begin(a, location);
        a->macro_line = line;
        a->macro_record = i;
        return;
    }
    if (!strcmp(op, "MACRO")) {
        if (location[0] || operand[0])
            cal_error_now(a, "O", "MACRO takes no location or operand; the next line is the "
                          "prototype");
        a->awaiting_prototype = true;
        a->macro_line = line;
        a->macro_record = i;
    } else if (!strcmp(op, "IFA") || !strcmp(op, "IFC") || !strcmp(op, "IFE") ||
               !strcmp(op, "ELSE") || !strcmp(op, "ENDIF") || !strcmp(op, "SKIP")) {
        conditional(a, op, location, operand);
    } else if (!strcmp(op, "MICRO") || !strcmp(op, "OCTMIC") || !strcmp(op, "DECMIC")) {
        a->report_always = true;
        define_micro(a, op, location, operand);
        a->report_always = false;
    } else if (!strcmp(op, "EDIT")) {
        set_edit(a, operand);
    } else if (!strcmp(op, "INCLUDE")) {
        if (location[0])
            cal_error_now(a, "W1", "INCLUDE takes no location field; %s ignored", location);
        cal_include(a, operand, line);
    } else {
        if (!strcmp(op, "MICSIZE")) {
            int m = cal_micro_find(a, operand, strlen(operand));
            r->aux = m >= 0 ? (int)strlen(a->micros[m].value) : 0;
            if (m < 0)
                cal_error_now(a, "U", "undefined micro %s", operand);
        }
        pass1_statement(a, i);
        if (!strcmp(op, "END") || !strcmp(op, "IDENT")) {
            if (!strcmp(op, "END"))
                close_open_ifs(a);
            if (!strcmp(op, "END") && a->records[i].module >= 0)
                end_scope(a, a->records[i].module);
        }
    }
}

static void finish_source(struct cal_asm *a)
{
    a->record = (int)a->record_count - 1;
    if (a->defining >= 0 || a->awaiting_prototype)
        cal_error_at(a, a->macro_record, a->macro_line, "E", "MACRO %s without ENDM",
                     a->defining >= 0 ? a->macros[a->defining].name : "");
    close_open_ifs(a);
    if (a->module >= 0 && !a->modules[a->module].ended) {
        const struct cal_module *m = &a->modules[a->module];
        int rec = -1;
        for (size_t i = 0; i < a->record_count; i++)   /* its IDENT, not the system text's line */
            if (a->records[i].line == m->line && !a->records[i].system && !a->records[i].depth) {
                rec = (int)i;
                break;
            }
        cal_error_at(a, rec, m->line, "E", "module %s has no END", m->name);
    }
}

/* The system text, before the program: definitions only, every one in
 * CAL_SCOPE_SYSTEM, each block closed where it opened. */
static void read_system_text(struct cal_asm *a)
{
    const struct cal_extra_options *x = &a->extra;
    if (a->source_bytes > CAL_MAX_SOURCE_BYTES ||
        x->system_text_length > CAL_MAX_SOURCE_BYTES - a->source_bytes) {
        cal_error_now(a, "F", "the system text and the source are more than %d bytes",
                      CAL_MAX_SOURCE_BYTES);
        return;
    }
    a->system_text = true;
    a->source_bytes += x->system_text_length;
    cal_source_lines(a, x->system_text, x->system_text_length, 1, false);
    if (a->defining >= 0 || a->awaiting_prototype || a->open_if_count || a->module >= 0 ||
        a->skip_count || a->skip_name[0]) {
        a->record = (int)a->record_count - 1;
        cal_error_now(a, "E", "the system text ends inside %s",
                      a->module >= 0 ? "a module (it may not hold IDENT)"
                      : a->open_if_count || a->skip_count || a->skip_name[0]
                          ? "a conditional block"
                          : "a macro definition");
        a->defining = -1;
        a->awaiting_prototype = false;
        a->open_if_count = 0;
        a->skip_count = 0;
        a->skip_name[0] = '\0';
        a->module = -1;
        a->section = -1;
    }
    for (size_t i = 0; i < a->record_count; i++)
        if (a->records[i].kind == REC_STATEMENT && a->records[i].section_end >= 0)
            cal_error_at(a, (int)i, a->records[i].line, "I",
                         "the system text may only define symbols and macros");
    a->system_text = false;
    cal_system_text_ended(a);
}

void cal_pass1(struct cal_asm *a, const char *source, size_t length)
{
    a->feed_line = feed_line;   /* macro.c feeds a call's expansion back */
    a->defining = -1;
    a->edit = true;
    a->list_flags = LIST_ON;
    a->pass = 1;
    a->source_bytes = length;
    if (a->extra.system_text)
        read_system_text(a);
    cal_source_lines(a, source, length, 1, false);
    finish_source(a);
}
