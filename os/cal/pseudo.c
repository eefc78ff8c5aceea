/*
 * pseudo.c - dispatching a recorded statement (both passes: storage,
 * another pseudo-instruction or a machine instruction) and the
 * pseudo-instructions other than storage (data.c) and the ones handled
 * while expanding (expand.c, macro.c): program control (IDENT, END, ABS,
 * ENTRY, EXT, START, ...), modes (BASE, QUAL), sections and counters
 * (SECTION, ORG, LOC, ALIGN, BITW, BITP), symbols (=, SET), listing
 * control and ERROR.  cal-syntax.md section 5.  Also the names of all
 * pseudo-instructions (cal_is_pseudo_name), which a macro may not take.
 *
 * May use: instruction.c, data.c, expr.c, counter.c, symbols.c, diag.c,
 * value.c, lex.c.
 */
#include "cal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMES 256

static void label_ignored(struct cal_asm *a, struct cal_record *r)
{
    if (r->location[0])
        cal_error(a, "W1", "the location field is ignored by %s", r->result);
}

static bool is_op(const char *op, const char *name) { return !strcmp(op, name); }

/* ---- program control ------------------------------------------------------------- */

static void reset_module_modes(struct cal_asm *a)
{
    a->base = 'D';
    a->base_depth = 0;
    a->qual[0] = '\0';
    a->qual_depth = 0;
    a->section_depth = 0;
}

void cal_system_text_ended(struct cal_asm *a)
{
    reset_module_modes(a);
    a->edit = true;
    a->edit_depth = 0;
    a->list_flags = LIST_ON;
    a->list_depth = 0;
}

static void pseudo_ident(struct cal_asm *a, struct cal_record *r)
{
    label_ignored(a, r);
    a->list.eject = true;
    if (a->pass == 2) {
        if (r->aux < 0)
            cal_error(a, "O", "bad module name '%s'", r->operand);
        else if (r->module >= 0)
            cal_error(a, "I", "IDENT inside module %s: END missing", a->modules[r->module].name);
        a->module = r->aux;
        a->section = r->aux >= 0 ? a->modules[r->aux].main_section : -1;
        reset_module_modes(a);
        return;
    }
    r->aux = -1;
    size_t n = strlen(r->operand);
    if (n == 0 || n > CAL_NAME_MAX || !cal_name_start((unsigned char)r->operand[0]))
        return;
    for (size_t i = 0; i < n; i++)
        if (!cal_name_char((unsigned char)r->operand[i]))
            return;
    if (a->module >= 0)
        a->modules[a->module].ended = true;
    if (!cal_grow((void **)&a->modules, &a->module_capacity, a->module_count, sizeof *a->modules)) {
        a->out_of_memory = true;
        return;
    }
    int m = (int)a->module_count++;
    struct cal_module *mod = &a->modules[m];
    memset(mod, 0, sizeof *mod);
    cal_upper(mod->name, sizeof mod->name, r->operand, n);
    mod->line = r->line;
    mod->start_record = -1;
    mod->main_section = cal_section_create(a, "", SEC_MIXED, m);
    mod->literal_section = cal_section_create(a, "=", SEC_LITERAL, m);
    r->aux = m;
    a->module = m;
    a->section = mod->main_section;
    reset_module_modes(a);
}

static void pseudo_end(struct cal_asm *a, struct cal_record *r)
{
    label_ignored(a, r);
    if (r->operand[0])
        cal_error(a, "O", "END takes no operand");
    if (a->module < 0) {
        cal_error(a, "I", "END without IDENT");
        return;
    }
    a->modules[a->module].ended = true;
    a->module = -1;
    a->section = -1;
    reset_module_modes(a);
}

static void pseudo_abs(struct cal_asm *a, struct cal_record *r)
{
    label_ignored(a, r);
    if (a->module < 0) {
        cal_error(a, "I", "ABS outside a module");
        return;
    }
    struct cal_module *m = &a->modules[a->module];
    struct cal_section *main = &a->sections[m->main_section];
    if (a->pass == 1) {
        if (main->high == 0 && a->section == m->main_section && !m->absolute) {
            m->absolute = true;
            main->absolute = true;
        } else if (!m->absolute) {
            r->forward = true;
        }
    } else if (r->forward) {
        cal_error(a, "I", "ABS must come before any code or section of the module");
    }
}

static int split_names(struct cal_record *r, const char **item, size_t *length)
{
    int n = cal_split_items(r->operand, strlen(r->operand), item, length, MAX_NAMES);
    return n > MAX_NAMES ? MAX_NAMES : n;
}

static void pseudo_entry(struct cal_asm *a, struct cal_record *r)
{
    label_ignored(a, r);
    if (a->module < 0) {
        cal_error(a, "I", "ENTRY outside a module");
        return;
    }
    const char *item[MAX_NAMES];
    size_t length[MAX_NAMES];
    int n = split_names(r, item, length);
    if (n == 0)
        cal_error(a, "O", "ENTRY needs a name");
    for (int i = 0; i < n && a->pass == 2; i++) {
        if (!cal_valid_name(item[i], length[i])) {
            cal_error(a, "O", "bad entry name %.*s", (int)length[i], item[i]);
            continue;
        }
        char name[CAL_NAME_MAX + 1];
        cal_upper(name, sizeof name, item[i], length[i]);
        int s = cal_symbol_find(a, "", name, a->module);
        if (s < 0 || (!a->symbols[s].defined && a->symbols[s].kind != SYM_EXT))
            cal_error(a, "U", "entry %s is not defined in this module", name);
        else if (a->symbols[s].kind == SYM_EXT || a->symbols[s].kind == SYM_SET)
            cal_error(a, "O", "entry %s is %s", name,
                      a->symbols[s].kind == SYM_EXT ? "external" : "a SET symbol");
    }
}

static void pseudo_ext(struct cal_asm *a, struct cal_record *r)
{
    label_ignored(a, r);
    if (a->module < 0) {
        cal_error(a, "I", "EXT outside a module");
        return;
    }
    if (a->modules[a->module].absolute)
        cal_error(a, "Y1", "EXT in an absolute module");
    const char *item[MAX_NAMES];
    size_t length[MAX_NAMES];
    int n = split_names(r, item, length);
    if (n == 0)
        cal_error(a, "O", "EXT needs a name");
    char saved[CAL_NAME_MAX + 1];
    strcpy(saved, a->qual);
    a->qual[0] = '\0';
    for (int i = 0; i < n; i++) {
        struct cal_value v;
        cal_value_plain(&v, 0);
        v.known = false;
        int s = cal_define(a, item[i], length[i], SYM_EXT, &v);
        if (a->pass == 2 && !a->extra.object && s >= 0 && a->symbols[s].kind == SYM_EXT &&
            !a->symbols[s].defined)
            cal_error(a, "U", "unresolved external %s: no module of this program has it as "
                      "an ENTRY", a->symbols[s].name);
    }
    strcpy(a->qual, saved);
}

static void pseudo_start(struct cal_asm *a, struct cal_record *r)
{
    label_ignored(a, r);
    if (a->module < 0) {
        cal_error(a, "I", "START outside a module");
        return;
    }
    struct cal_module *m = &a->modules[a->module];
    if (a->pass == 1) {
        if (m->start_record < 0) {
            m->start_record = a->record;
            cal_upper(m->start_name, sizeof m->start_name, r->operand, strlen(r->operand));
        }
        return;
    }
    if (m->start_record != a->record) {
        cal_error(a, "O", "second START in module %s", m->name);
        return;
    }
    if (a->has_entry && !a->extra.object) {
        cal_error(a, "O", "the program already has a START address");
        return;
    }
    int s = cal_valid_name(r->operand, strlen(r->operand))
                ? cal_symbol_lookup(a, r->operand, strlen(r->operand))
                : -1;
    if (s < 0 || !a->symbols[s].defined || a->symbols[s].scope != a->module) {
        cal_error(a, "U", "START name %s is not defined in this module", r->operand);
        return;
    }
    const struct cal_value *v = &a->symbols[s].value;
    if (v->attr == ATTR_VALUE || a->symbols[s].kind == SYM_EXT) {
        cal_error(a, "O", "START name %s is not a word or parcel address", r->operand);
        return;
    }
    int64_t n = cal_absolute(a, v);
    a->has_entry = true;
    a->entry = v->attr == ATTR_WORD ? n * 4 : n;
}

/* ---- modes ---------------------------------------------------------------------------- */

static void pseudo_base(struct cal_asm *a, struct cal_record *r)
{
    label_ignored(a, r);
    char op[4];
    cal_upper(op, sizeof op, r->operand, strlen(r->operand));
    if (!strcmp(op, "*")) {
        a->base = a->base_depth > 0 ? a->base_stack[--a->base_depth] : 'D';
        return;
    }
    if (strlen(r->operand) != 1 || !strchr("ODM", op[0])) {
        cal_error(a, "O", "BASE must be O, D, M or *");
        return;
    }
    if (a->base_depth < CAL_MAX_STACK)
        a->base_stack[a->base_depth++] = a->base;
    a->base = op[0];
}

static void pseudo_qual(struct cal_asm *a, struct cal_record *r)
{
    label_ignored(a, r);
    size_t n = strlen(r->operand);
    if (n == 1 && r->operand[0] == '*') {
        if (a->qual_depth > 0)
            strcpy(a->qual, a->qual_stack[--a->qual_depth]);
        else
            a->qual[0] = '\0';
        return;
    }
    if (n && !cal_valid_name(r->operand, n)) {
        cal_error(a, "O", "bad qualifier name %s", r->operand);
        return;
    }
    if (a->qual_depth < CAL_MAX_STACK)
        strcpy(a->qual_stack[a->qual_depth++], a->qual);
    cal_upper(a->qual, sizeof a->qual, r->operand, n);
}

/* ---- sections and counters -------------------------------------------------------------- */

static void enter_section(struct cal_asm *a, const char *name, size_t length, int type,
                          bool pop)
{
    if (a->module < 0) {
        cal_error(a, "I", "section outside a module");
        return;
    }
    if (pop) {
        if (a->section_depth > 0)
            a->section = a->section_stack[--a->section_depth];
        return;
    }
    if (a->modules[a->module].absolute) {
        cal_error(a, "O", "sections are not supported in an absolute module");
        return;
    }
    char upper[CAL_NAME_MAX + 1] = "";
    if (length) {
        if (!cal_valid_name(name, length)) {
            cal_error(a, "L", "bad section name %.*s", (int)length, name);
            return;
        }
        cal_upper(upper, sizeof upper, name, length);
    }
    int s = length ? cal_section_find(a, upper, a->module) : a->modules[a->module].main_section;
    if (!length && (type == SEC_COMMON || type == SEC_TASKCOM)) {
        /* The unnamed (blank) common block: its own section, shared at
         * layout by every module that declares it. */
        s = -1;
        for (size_t i = 0; i < a->section_count; i++)
            if (a->sections[i].module == a->module && a->sections[i].type == type &&
                !a->sections[i].name[0])
                s = (int)i;
    }
    if (s < 0) {
        s = cal_section_create(a, upper, (uint8_t)type, a->module);
        if (s < 0)
            return;
    } else if (length && a->sections[s].type != type) {
        cal_error(a, "D", "section %s entered again with another type", upper);
        return;
    }
    if (a->section_depth < CAL_MAX_STACK)
        a->section_stack[a->section_depth++] = a->section;
    a->section = s;
}

static void pseudo_section(struct cal_asm *a, struct cal_record *r)
{
    if (!strcmp(r->operand, "*")) {
        label_ignored(a, r);
        enter_section(a, NULL, 0, 0, true);
        return;
    }
    static const char *const types[] = {"MIXED", "CODE", "DATA", "COMMON", "DYNAMIC",
                                        "STACK", "TASKCOM"};
    const char *item[4];
    size_t length[4];
    int n = cal_split_items(r->operand, strlen(r->operand), item, length, 4);
    int type = SEC_MIXED;
    for (int i = 0; i < n && i < 4; i++) {
        bool known = false;
        for (int t = 0; t < 7; t++)
            if (cal_equal_ci(item[i], length[i], types[t])) {
                type = t;
                known = true;
            }
        if (cal_equal_ci(item[i], length[i], "CM") || cal_equal_ci(item[i], length[i], "EM"))
            known = true;
        if (!known || n > 2) {
            cal_error(a, "O", "bad SECTION operand %.*s", (int)length[i], item[i]);
            return;
        }
    }
    enter_section(a, r->location, strlen(r->location), type, false);
}

static void pseudo_block(struct cal_asm *a, struct cal_record *r, int type)
{
    label_ignored(a, r);
    bool pop = !strcmp(r->operand, "*");
    enter_section(a, r->operand, pop ? 0 : strlen(r->operand), type, pop);
}

/* An ORG/LOC address in words, relative to the current section. */
static bool counter_operand(struct cal_asm *a, struct cal_record *r, uint64_t *words)
{
    *words = 0;
    if (!r->operand[0])
        return true;
    struct cal_value v;
    if (!cal_eval(a, r->operand, strlen(r->operand), &v))
        return false;
    if (!v.known) {
        if (a->pass == 1)
            r->forward = true;
        return false;
    }
    if (a->pass == 2 && r->forward) {
        cal_error(a, "O", "%s uses a symbol defined later in the program", r->result);
        return false;
    }
    const struct cal_section *s = &a->sections[a->section];
    bool here = s->absolute ? !cal_relocatable(&v) : (v.section == a->section && v.coef == 1);
    if (!here || v.attr == ATTR_PARCEL || v.is_float) {
        cal_error(a, "O", "%s needs a word address in the current section%s", r->result,
                  s->absolute ? "" : " (relocatable, e.g. W.*+O'100)");
        return false;
    }
    if (v.number < 0 || v.number >= CAL_MAX_IMAGE_WORDS) {
        cal_error(a, "O", "%s address out of range", r->result);
        return false;
    }
    *words = (uint64_t)v.number;
    return true;
}

static void pseudo_org_loc(struct cal_asm *a, struct cal_record *r, bool org)
{
    label_ignored(a, r);
    if (a->section < 0) {
        cal_error(a, "I", "%s outside a module", r->result);
        return;
    }
    cal_force_word(a, true);
    uint64_t words;
    if (!counter_operand(a, r, &words) && r->operand[0])
        return;
    struct cal_section *s = &a->sections[a->section];
    s->location = words * 64;
    if (org) {
        s->origin = words * 64;
        if (s->origin > s->high)
            s->high = s->origin;
    }
}

static void pseudo_bit_position(struct cal_asm *a, struct cal_record *r, unsigned unit)
{
    label_ignored(a, r);
    if (a->section < 0) {
        cal_error(a, "I", "%s outside a module", r->result);
        return;
    }
    struct cal_value v;
    if (!cal_eval_count(a, r->operand, strlen(r->operand), &v))
        return;
    if (!v.known || cal_relocatable(&v) || v.number < 0 || v.number > unit) {
        cal_error(a, "V", "%s must be 0..%u", r->result, unit);
        return;
    }
    struct cal_section *s = &a->sections[a->section];
    uint64_t start = s->origin / unit * unit;
    s->location = s->location - s->origin + start + (uint64_t)v.number;
    s->origin = start + (uint64_t)v.number;
    if (s->origin > s->high)
        s->high = s->origin;
}

static void pseudo_align(struct cal_asm *a, struct cal_record *r)
{
    if (r->operand[0])
        cal_error(a, "O", "ALIGN takes no operand");
    if (a->section < 0) {
        cal_error(a, "I", "ALIGN outside a module");
        return;
    }
    uint32_t words = (a->models & MODEL_XMP) ? 32 : 16;
    cal_force_word(a, true);
    struct cal_section *s = &a->sections[a->section];
    if (s->align < words)
        s->align = words;
    while ((s->origin / 64) % words && !a->out_of_memory) {
        uint64_t before = s->origin;
        cal_force_word(a, true);
        for (int p = 0; p < 4; p++)
            cal_advance_bits(a, (s->type == SEC_MIXED || s->type == SEC_CODE) ? 051101 : 0, 16);
        if (s->origin == before)
            break;
    }
    if (r->location[0])
        cal_define_label(a, r, ATTR_PARCEL);
}

/* ---- symbols ----------------------------------------------------------------------------- */

static void pseudo_equate(struct cal_asm *a, struct cal_record *r, uint8_t kind)
{
    if (!r->location[0]) {
        cal_error(a, "L", "%s needs a symbol in the location field", r->result);
        return;
    }
    struct cal_value v;
    if (kind == SYM_SET && !strcmp(r->result, "MICSIZE")) {
        cal_value_plain(&v, r->aux);
    } else {
        const char *item[3];
        size_t length[3];
        int n = cal_split_items(r->operand, strlen(r->operand), item, length, 3);
        if (n < 1 || n > 2) {
            cal_error(a, "O", "%s needs exp[,attribute]", r->result);
            return;
        }
        cal_eval(a, item[0], length[0], &v);
        if (n == 2) {
            char attr[4];
            cal_upper(attr, sizeof attr, item[1], length[1]);
            if (!strcmp(attr, "W")) {
                if (v.attr == ATTR_PARCEL)
                    v.number = v.number >= 0 ? v.number / 4 : -((-v.number + 3) / 4);
                v.attr = ATTR_WORD;
            } else if (!strcmp(attr, "P")) {
                if (v.attr == ATTR_WORD)
                    v.number *= 4;
                v.attr = ATTR_PARCEL;
            } else if (!strcmp(attr, "V")) {
                if (cal_relocatable(&v))
                    cal_error(a, "O", "attribute V needs an absolute value");
                v.attr = ATTR_VALUE;
            } else {
                cal_error(a, "O", "bad attribute %.*s (W, P or V)", (int)length[1], item[1]);
            }
        }
    }
    a->list.has_value = true;
    a->list.value = cal_absolute(a, &v);
    cal_define(a, r->location, strlen(r->location), kind, &v);
}

/* ---- messages ------------------------------------------------------------------------------ */

/* ERROR: the statement gets the error (or warning) of its location field,
 * P if blank.  An operand in quotes ('text', '' for a quote) is the
 * message itself (the system text's own messages, docs/systxt.md);
 * otherwise the message says the programmer raised it. */
static void pseudo_error(struct cal_asm *a, struct cal_record *r)
{
    char flag[4] = "P";
    if (r->location[0]) {
        cal_upper(flag, sizeof flag, r->location, strlen(r->location));
        if (strlen(r->location) > 2 || !cal_flag_meaning(flag)[0]) {
            cal_error(a, "L", "unknown error indicator %s", r->location);
            return;
        }
    }
    size_t n = strlen(r->operand);
    if (n >= 3 && r->operand[0] == '\'' && r->operand[n - 1] == '\'') {
        char text[CAL_COLUMNS + 1];
        size_t used = 0;
        for (size_t i = 1; i + 1 < n && used + 1 < sizeof text; i++) {
            if (r->operand[i] == '\'' && r->operand[i + 1] == '\'')
                i++;
            text[used++] = r->operand[i];
        }
        text[used] = '\0';
        cal_error(a, flag, "%s", text);
        return;
    }
    cal_error(a, flag, "%sraised by the programmer%s%s", r->location[0] ? "" : "error ",
              r->operand[0] ? ": " : "", r->operand);
}

static void set_title(char *out, size_t size, const char *operand)
{
    size_t n = strlen(operand);
    if (n >= 2 && operand[0] == '\'' && operand[n - 1] == '\'') {
        operand++;
        n -= 2;
    }
    size_t used = 0;
    for (size_t i = 0; i < n && used + 1 < size; i++) {
        if (operand[i] == '\'' && i + 1 < n && operand[i + 1] == '\'')
            i++;
        out[used++] = operand[i];
    }
    out[used] = '\0';
}

bool cal_is_pseudo_name(const char *op)
{
    static const char *const names[] = {
        "IDENT", "END", "ABS", "COMMENT", "ENTRY", "EXT", "START", "STACK", "TITLE",
        "SUBTITLE", "SPACE", "EJECT", "LIST", "BASE", "FORMAT", "EDIT", "QUAL", "SECTION",
        "BLOCK", "COMMON", "ORG", "LOC", "BITW", "BITP", "ALIGN", "BSS", "BSSZ", "CON",
        "DATA", "VWD", "=", "SET", "MICRO", "MICSIZE", "OCTMIC", "DECMIC", "IFA", "IFC",
        "IFE", "ELSE", "ENDIF", "SKIP", "ERROR", "ERRIF", "MACRO", "ENDM", "OPDEF", "DUP",
        "ECHO", "ENDDUP", "STOPDUP", "LOCAL", "OPSYN", "TEXT", "ENDTEXT", "REP", "MODULE",
        "INCLUDE"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(op, names[i]))
            return true;
    return false;
}

bool cal_pseudo(struct cal_asm *a, struct cal_record *r, const char *op)
{
    if (is_op(op, "IDENT"))
        pseudo_ident(a, r);
    else if (is_op(op, "END"))
        pseudo_end(a, r);
    else if (is_op(op, "ABS"))
        pseudo_abs(a, r);
    else if (is_op(op, "ENTRY"))
        pseudo_entry(a, r);
    else if (is_op(op, "EXT"))
        pseudo_ext(a, r);
    else if (is_op(op, "START"))
        pseudo_start(a, r);
    else if (is_op(op, "BASE"))
        pseudo_base(a, r);
    else if (is_op(op, "QUAL"))
        pseudo_qual(a, r);
    else if (is_op(op, "SECTION"))
        pseudo_section(a, r);
    else if (is_op(op, "BLOCK"))
        pseudo_block(a, r, SEC_MIXED);
    else if (is_op(op, "COMMON"))
        pseudo_block(a, r, SEC_COMMON);
    else if (is_op(op, "ORG") || is_op(op, "LOC"))
        pseudo_org_loc(a, r, is_op(op, "ORG"));
    else if (is_op(op, "BITW") || is_op(op, "BITP"))
        pseudo_bit_position(a, r, is_op(op, "BITW") ? 64 : 16);
    else if (is_op(op, "ALIGN"))
        pseudo_align(a, r);
    else if (is_op(op, "="))
        pseudo_equate(a, r, SYM_EQU);
    else if (is_op(op, "SET") || is_op(op, "MICSIZE"))
        pseudo_equate(a, r, SYM_SET);
    else if (is_op(op, "ERROR"))
        pseudo_error(a, r);
    else if (is_op(op, "TITLE") || is_op(op, "SUBTITLE")) {
        label_ignored(a, r);
        set_title(is_op(op, "TITLE") ? a->title : a->subtitle, sizeof a->title, r->operand);
    } else if (is_op(op, "SPACE")) {
        struct cal_value v;
        cal_value_plain(&v, 1);
        if (r->operand[0])
            cal_eval_count(a, r->operand, strlen(r->operand), &v);
        a->list.space = v.number > 0 && v.number < 100 ? (int)v.number : 1;
    } else if (is_op(op, "EJECT")) {
        a->list.eject = true;
    } else if (is_op(op, "STACK")) {
        struct cal_value v;
        if (cal_eval(a, r->operand, strlen(r->operand), &v)) {
            a->list.has_value = true;
            a->list.value = v.number;
        }
    } else if (is_op(op, "COMMENT") || is_op(op, "LIST") || is_op(op, "EDIT")) {
        label_ignored(a, r);
    } else if (is_op(op, "FORMAT")) {
        if (cal_equal_ci(r->operand, strlen(r->operand), "OLD"))
            cal_error(a, "R", "FORMAT OLD is not supported (only the new format)");
        else if (r->operand[0] && !cal_equal_ci(r->operand, strlen(r->operand), "NEW") &&
                 strcmp(r->operand, "*"))
            cal_error(a, "O", "FORMAT must be NEW, OLD or *");
    } else if (is_op(op, "ENDM")) {
        cal_error(a, "E", "ENDM without MACRO");
    } else if (cal_is_pseudo_name(op)) {
        cal_error(a, "R", "pseudo-instruction %s is not supported", op);
    } else {
        return false;
    }
    return true;
}

/* ---- one statement, either pass ------------------------------------------------------------ */

void cal_assemble_statement(struct cal_asm *a, struct cal_record *r)
{
    char op[16];
    cal_upper(op, sizeof op, r->result, strlen(r->result));
    if (!r->result[0])
        return;   /* a location field alone defines nothing */
    if (cal_pseudo_data(a, r, op) || cal_pseudo(a, r, op))
        return;
    cal_instruction(a, r);
}
