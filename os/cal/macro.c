/*
 * macro.c - macro definitions (MACRO, the prototype line, the body up to
 * `name ENDM`) and macro calls with positional, keyword and location
 * parameters and textual substitution (cal-syntax.md 5.10), and OPDEF
 * (5.11): a definition called by a statement with the shape of its
 * prototype, an instruction whose symbolic registers (S.R1: the register's
 * number) and expression names are the parameters.  A macro is global when
 * defined before the first IDENT and local to its module otherwise; the
 * system text's are below the globals (a program's own definition wins).  A call's expanded lines go back to pass 1, which may call
 * macros again: through the hook a->feed_line that expand.c installs.
 *
 * May use: pseudo.c (the names of pseudo-instructions), diag.c, lex.c.
 */
#include "cal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_PARAMS 64
#define MAX_BODY 100000

/* ---- definitions ------------------------------------------------------------------------- */

int cal_macro_find(struct cal_asm *a, const char *name)
{
    int global = -1;
    for (size_t m = 0; m < a->macro_count; m++) {
        const struct cal_macro *mac = &a->macros[m];
        if (!mac->name[0] || mac->opdef || strcmp(mac->name, name))
            continue;
        if (mac->scope == a->module && a->module >= 0)
            global = (int)m;   /* the latest local definition wins */
        else if (mac->scope == -1 && (global < 0 || a->macros[global].scope < 0))
            global = (int)m;   /* then a global one, then the system text's */
        else if (mac->scope == CAL_SCOPE_SYSTEM &&
                 (global < 0 || a->macros[global].scope == CAL_SCOPE_SYSTEM))
            global = (int)m;
    }
    return global;
}

static bool add_param(struct cal_asm *a, char (**list)[CAL_NAME_MAX + 1], int *count,
                      const char *text, size_t length)
{
    if (!cal_valid_name(text, length)) {
        cal_error_now(a, "O", "bad macro parameter name %.*s", (int)length, text);
        return false;
    }
    void *grown = realloc(*list, (size_t)(*count + 1) * sizeof **list);
    if (!grown) {
        a->out_of_memory = true;
        return false;
    }
    *list = grown;
    cal_upper((*list)[*count], CAL_NAME_MAX + 1, text, length);
    (*count)++;
    return true;
}

static void parse_prototype(struct cal_asm *a, const struct cal_fields *f)
{
    a->awaiting_prototype = false;
    if (!cal_valid_name(f->result, f->result_length) || cal_is_register(f->result, f->result_length)) {
        cal_error_now(a, "R", "bad macro name %.*s in the prototype", (int)f->result_length,
                      f->result);
    }
    char name[CAL_NAME_MAX + 1];
    cal_upper(name, sizeof name, f->result, f->result_length);
    if (cal_is_pseudo_name(name))
        cal_error_now(a, "R", "macro name %s is a pseudo-instruction", name);
    int scope = a->system_text ? CAL_SCOPE_SYSTEM : a->module;
    for (size_t m = 0; m < a->macro_count; m++) {
        if (a->macros[m].name[0] && !strcmp(a->macros[m].name, name) &&
            a->macros[m].scope == scope) {
            cal_error_now(a, "Y2", "macro %s redefined", name);
            a->macros[m].name[0] = '\0';
        }
    }
    if (!cal_grow((void **)&a->macros, &a->macro_capacity, a->macro_count, sizeof *a->macros)) {
        a->out_of_memory = true;
        return;
    }
    int index = (int)a->macro_count++;
    struct cal_macro *mac = &a->macros[index];
    memset(mac, 0, sizeof *mac);
    strcpy(mac->name, name);
    mac->scope = scope;
    mac->line = a->line;
    a->defining = index;
    if (f->location_length) {
        if (cal_valid_name(f->location, f->location_length))
            cal_upper(mac->location_param, sizeof mac->location_param, f->location,
                      f->location_length);
        else
            cal_error_now(a, "L", "bad location parameter %.*s", (int)f->location_length,
                          f->location);
    }
    const char *item[MAX_PARAMS];
    size_t length[MAX_PARAMS];
    int n = cal_split_items(f->operand, f->operand_length, item, length, MAX_PARAMS);
    if (n > MAX_PARAMS) {
        cal_error_now(a, "F", "more than %d macro parameters", MAX_PARAMS);
        n = MAX_PARAMS;
    }
    for (int i = 0; i < n; i++) {
        const char *eq = memchr(item[i], '=', length[i]);
        if (!eq) {
            if (mac->keyword_count)
                cal_error_now(a, "O", "positional parameter %.*s after keyword parameters",
                              (int)length[i], item[i]);
            add_param(a, &mac->positional, &mac->positional_count, item[i], length[i]);
            continue;
        }
        size_t nl = (size_t)(eq - item[i]);
        if (!add_param(a, &mac->keyword, &mac->keyword_count, item[i], nl))
            continue;
        char **grown = realloc(mac->keyword_default, (size_t)mac->keyword_count * sizeof *grown);
        if (!grown) {
            a->out_of_memory = true;
            mac->keyword_count--;
            return;
        }
        mac->keyword_default = grown;
        mac->keyword_default[mac->keyword_count - 1] = cal_strndup(eq + 1, length[i] - nl - 1);
        if (!mac->keyword_default[mac->keyword_count - 1]) {
            a->out_of_memory = true;
            mac->keyword_count--;
            return;
        }
    }
    /* Two parameters with one name: D. */
    int total = mac->positional_count + mac->keyword_count;
    for (int x = 0; x < total; x++) {
        const char *px = x < mac->positional_count ? mac->positional[x]
                                                   : mac->keyword[x - mac->positional_count];
        for (int y = x + 1; y < total; y++) {
            const char *py = y < mac->positional_count ? mac->positional[y]
                                                       : mac->keyword[y - mac->positional_count];
            if (!strcmp(px, py))
                cal_error_now(a, "D", "macro parameter %s named twice", px);
        }
    }
}

/* ---- OPDEF: a definition called by the shape of an instruction ---------------------- */

void cal_opdef_begin(struct cal_asm *a, const char *name)
{
    size_t n = strlen(name);
    a->opdef_name[0] = '\0';
    if (n && !cal_valid_name(name, n))
        cal_error_now(a, "L", "bad OPDEF name %s", name);
    else if (n)
        cal_upper(a->opdef_name, sizeof a->opdef_name, name, n);
    a->awaiting_prototype = true;
    a->awaiting_opdef = true;
}

/* A prototype parameter: a symbolic register (S.R1) or an expression that is
 * a name (EXP); its name into out. */
static bool token_param(const struct isa_token *t, char out[CAL_NAME_MAX + 1])
{
    if (!t->text || !t->length || (t->kind != TOK_REG && t->kind != TOK_EXPR) ||
        !cal_valid_name(t->text, t->length))
        return false;
    cal_upper(out, CAL_NAME_MAX + 1, t->text, t->length);
    return true;
}

static void parse_opdef_prototype(struct cal_asm *a, const struct cal_fields *f)
{
    a->awaiting_prototype = false;
    a->awaiting_opdef = false;
    struct isa_field res, opd;
    if (!f->result_length || isa_scan(f->result, f->result_length, false, &res) != 0 ||
        isa_scan(f->operand, f->operand_length, false, &opd) != 0) {
        cal_error_now(a, "R", "bad OPDEF prototype %.*s %.*s", (int)f->result_length, f->result,
                      (int)f->operand_length, f->operand);
        return;
    }
    if (!cal_grow((void **)&a->macros, &a->macro_capacity, a->macro_count, sizeof *a->macros)) {
        a->out_of_memory = true;
        return;
    }
    int index = (int)a->macro_count++;
    struct cal_macro *mac = &a->macros[index];
    memset(mac, 0, sizeof *mac);
    strcpy(mac->name, a->opdef_name[0] ? a->opdef_name : "");
    mac->opdef = true;
    mac->scope = a->system_text ? CAL_SCOPE_SYSTEM : a->module;
    mac->line = a->line;
    mac->proto_result = cal_strndup(f->result, f->result_length);
    mac->proto_operand = cal_strndup(f->operand, f->operand_length);
    if (!mac->proto_result || !mac->proto_operand)
        a->out_of_memory = true;
    a->defining = index;
    if (f->location_length) {
        if (cal_valid_name(f->location, f->location_length))
            cal_upper(mac->location_param, sizeof mac->location_param, f->location,
                      f->location_length);
        else
            cal_error_now(a, "L", "bad location parameter %.*s", (int)f->location_length,
                          f->location);
    }
    for (int t = 0; t < res.count + opd.count; t++) {
        const struct isa_token *tok = t < res.count ? &res.token[t] : &opd.token[t - res.count];
        char name[CAL_NAME_MAX + 1];
        if (!token_param(tok, name))
            continue;
        for (int p = 0; p < mac->positional_count; p++)
            if (!strcmp(mac->positional[p], name))
                cal_error_now(a, "D", "OPDEF parameter %s named twice", name);
        add_param(a, &mac->positional, &mac->positional_count, name, strlen(name));
    }
}

bool cal_macro_define_line(struct cal_asm *a, const char *text, size_t length,
                           const struct cal_fields *f)
{
    if (a->awaiting_prototype) {
        if (a->awaiting_opdef)
            parse_opdef_prototype(a, f);
        else
            parse_prototype(a, f);
        return true;
    }
    struct cal_macro *mac = &a->macros[a->defining];
    if (cal_equal_ci(f->result, f->result_length, "ENDM") &&
        (cal_equal_ci(f->location, f->location_length, mac->name) ||
         (mac->opdef && f->location_length == 0))) {
        a->defining = -1;
        return true;
    }
    if (mac->body_count >= MAX_BODY) {
        if (mac->body_count == MAX_BODY)
            cal_error_now(a, "F", "macro %s body too long", mac->name);
        return false;
    }
    if (!cal_grow((void **)&mac->body, &mac->body_capacity, mac->body_count, sizeof *mac->body)) {
        a->out_of_memory = true;
        return false;
    }
    mac->body[mac->body_count] = cal_strndup(text, length);
    if (!mac->body[mac->body_count]) {
        a->out_of_memory = true;
        return false;
    }
    mac->body_count++;
    return true;
}

/* ---- calls --------------------------------------------------------------------------------- */

struct arguments {
    int count;
    const char *name[MAX_PARAMS * 2 + 1];
    char *value[MAX_PARAMS * 2 + 1];
};

/* Remove one level of enclosing parentheses: (2,3) -> 2,3. */
static char *strip_parens(const char *text, size_t length)
{
    if (length >= 2 && text[0] == '(' && text[length - 1] == ')') {
        int depth = 0;
        bool whole = true;
        for (size_t i = 0; i < length; i++) {
            if (text[i] == '(')
                depth++;
            else if (text[i] == ')' && --depth == 0 && i != length - 1)
                whole = false;
        }
        if (whole)
            return cal_strndup(text + 1, length - 2);
    }
    return cal_strndup(text, length);
}

static void substitute(const char *line, const struct arguments *args, struct cal_buf *out)
{
    size_t n = strlen(line);
    for (size_t i = 0; i < n;) {
        if (!cal_name_char((unsigned char)line[i])) {
            buf_add(out, &line[i], 1);
            i++;
            continue;
        }
        size_t start = i;
        while (i < n && cal_name_char((unsigned char)line[i]))
            i++;
        bool replaced = false;
        if (cal_name_start((unsigned char)line[start])) {
            for (int p = 0; p < args->count; p++) {
                if (args->name[p][0] && cal_equal_ci(line + start, i - start, args->name[p])) {
                    buf_str(out, args->value[p]);
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced)
            buf_add(out, line + start, i - start);
    }
}

static void expand_body(struct cal_asm *a, int macro, const struct arguments *args, int line);

bool cal_macro_call(struct cal_asm *a, int macro, const char *location, const char *operand,
                    int line)
{
    if (a->depth >= CAL_MAX_MACRO_DEPTH) {
        cal_error_now(a, "F", "macro calls nested more than %d deep", CAL_MAX_MACRO_DEPTH);
        a->unwinding = true;   /* abandon the whole expansion, not just this call */
        return false;
    }
    struct cal_macro *mac = &a->macros[macro];
    struct arguments args;
    memset(&args, 0, sizeof args);
    const char *item[MAX_PARAMS * 2];
    size_t length[MAX_PARAMS * 2];
    int n = cal_split_items(operand, strlen(operand), item, length, MAX_PARAMS * 2);
    if (n > MAX_PARAMS * 2)
        n = MAX_PARAMS * 2;
    char *positional[MAX_PARAMS] = {0};
    char *keyword[MAX_PARAMS] = {0};
    int next = 0;
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        const char *eq = memchr(item[i], '=', length[i]);
        int k = -1;
        if (eq && eq > item[i])
            for (int kw = 0; kw < mac->keyword_count; kw++)
                if (cal_equal_ci(item[i], (size_t)(eq - item[i]), mac->keyword[kw]))
                    k = kw;
        if (k >= 0) {
            free(keyword[k]);
            keyword[k] = strip_parens(eq + 1, length[i] - (size_t)(eq + 1 - item[i]));
            ok = keyword[k] != NULL;
        } else if (next < mac->positional_count) {
            positional[next] = strip_parens(item[i], length[i]);
            ok = positional[next++] != NULL;
        } else if (length[i]) {
            cal_error_now(a, "O", "too many arguments for macro %s", mac->name);
            break;
        }
    }
    if (location[0] && !mac->location_param[0])
        cal_error_now(a, "W1", "macro %s has no location parameter; label %s ignored", mac->name,
                      location);
    for (int p = 0; p < mac->positional_count; p++) {
        args.name[args.count] = mac->positional[p];
        args.value[args.count++] = positional[p] ? positional[p] : (char *)"";
    }
    for (int k = 0; k < mac->keyword_count; k++) {
        args.name[args.count] = mac->keyword[k];
        args.value[args.count++] = keyword[k] ? keyword[k] : mac->keyword_default[k];
    }
    char location_param[CAL_NAME_MAX + 1];
    strcpy(location_param, mac->location_param);   /* a->macros may move while expanding */
    if (location_param[0]) {
        args.name[args.count] = location_param;
        args.value[args.count++] = (char *)location;
    }
    if (!ok)
        a->out_of_memory = true;
    expand_body(a, macro, &args, line);
    for (int p = 0; p < MAX_PARAMS; p++) {
        free(positional[p]);
        free(keyword[p]);
    }
    return true;
}

/* The lines of a macro's (or OPDEF's) body, substituted, back to pass 1. */
static void expand_body(struct cal_asm *a, int macro, const struct arguments *args, int line)
{
    size_t body_count = a->macros[macro].body_count;
    for (size_t b = 0; b < body_count && !a->out_of_memory && !a->too_many && !a->unwinding; b++) {
        if (++a->expanded > CAL_MAX_EXPANDED) {
            cal_error_now(a, "F", "macro calls generated more than %d statements",
                          CAL_MAX_EXPANDED);
            a->too_many = true;
            break;
        }
        struct cal_buf text = {0};
        buf_add(&text, "", 0);
        substitute(a->macros[macro].body[b], args, &text);
        if (text.length > CAL_MAX_LINE) {
            cal_error_now(a, "F", "macro %s expands to a line longer than %d characters",
                          a->macros[macro].name, CAL_MAX_LINE);
            a->unwinding = true;
            free(text.data);
            break;
        }
        if (text.failed) {
            a->out_of_memory = true;
            free(text.data);
            break;
        }
        a->depth++;
        a->feed_line(a, text.data, text.length, line);   /* expand.c */
        a->depth--;
        free(text.data);
    }
    if (a->depth == 0)
        a->unwinding = false;
}

/* ---- OPDEF calls ------------------------------------------------------------------------ */

/* Does the statement's field have the prototype's shape?  Binds the
 * parameters (a register parameter to the register's number, an expression
 * parameter to its text) into values[], in the order of mac->positional. */
static bool match_opdef_field(const struct cal_macro *mac, const struct isa_field *proto,
                              const struct isa_field *call, char base, char **values)
{
    if (proto->count != call->count)
        return false;
    for (int t = 0; t < proto->count; t++) {
        const struct isa_token *p = &proto->token[t], *c = &call->token[t];
        char name[CAL_NAME_MAX + 1];
        bool param = token_param(p, name);
        if (p->kind != c->kind)
            return false;
        if (p->kind == TOK_OP || p->kind == TOK_WORD || p->kind == TOK_REG) {
            if (strcmp(p->name, c->name))
                return false;
            if (p->kind == TOK_REG && !param &&
                (p->number != c->number || (p->text == NULL) != (c->text == NULL)))
                return false;
        } else if (!param && (p->length != c->length ||
                              (p->length && strncasecmp(p->text, c->text, p->length)))) {
            return false;   /* a literal expression of the prototype: the same text */
        }
        if (!param)
            continue;
        for (int i = 0; i < mac->positional_count; i++) {
            if (strcmp(mac->positional[i], name) || values[i])
                continue;
            char text[32];
            if (p->kind == TOK_REG && !c->text) {
                if (c->number < 0)
                    return false;
                snprintf(text, sizeof text, base == 'D' ? "%d" : "%o", c->number);
                values[i] = cal_strndup(text, strlen(text));
            } else {
                values[i] = cal_strndup(c->text ? c->text : "", c->text ? c->length : 0);
            }
            break;
        }
    }
    return true;
}

static bool match_opdef(struct cal_asm *a, int m, const char *result, const char *operand,
                        char **values)
{
    const struct cal_macro *mac = &a->macros[m];
    struct isa_field pr, po, cr, co;
    if (isa_scan(mac->proto_result, strlen(mac->proto_result), false, &pr) != 0 ||
        isa_scan(mac->proto_operand, strlen(mac->proto_operand), false, &po) != 0 ||
        isa_scan(result, strlen(result), false, &cr) != 0 ||
        isa_scan(operand, strlen(operand), false, &co) != 0)
        return false;
    bool ok = match_opdef_field(mac, &pr, &cr, a->base, values) &&
              match_opdef_field(mac, &po, &co, a->base, values);
    for (int i = 0; i < mac->positional_count && ok; i++)
        ok = values[i] != NULL;
    if (!ok)
        for (int i = 0; i < MAX_PARAMS; i++) {
            free(values[i]);
            values[i] = NULL;
        }
    return ok;
}

int cal_opdef_find(struct cal_asm *a, const char *result, const char *operand)
{
    int found = -1;
    for (size_t m = 0; m < a->macro_count; m++) {
        const struct cal_macro *mac = &a->macros[m];
        if (!mac->opdef || !mac->proto_result || (int)m == a->defining ||
            (mac->scope >= 0 && mac->scope != a->module))
            continue;
        char *values[MAX_PARAMS] = {0};
        if (match_opdef(a, (int)m, result, operand, values))
            found = (int)m;   /* the latest definition wins */
        for (int i = 0; i < MAX_PARAMS; i++)
            free(values[i]);
    }
    return found;
}

void cal_opdef_call(struct cal_asm *a, int opdef, const char *location, const char *result,
                    const char *operand, int line)
{
    if (a->depth >= CAL_MAX_MACRO_DEPTH) {
        cal_error_now(a, "F", "macro and OPDEF calls nested more than %d deep",
                      CAL_MAX_MACRO_DEPTH);
        a->unwinding = true;
        return;
    }
    char *values[MAX_PARAMS] = {0};
    if (!match_opdef(a, opdef, result, operand, values))
        return;
    const struct cal_macro *mac = &a->macros[opdef];
    struct arguments args;
    memset(&args, 0, sizeof args);
    for (int p = 0; p < mac->positional_count && p < MAX_PARAMS; p++) {
        args.name[args.count] = mac->positional[p];
        args.value[args.count++] = values[p];
    }
    char location_param[CAL_NAME_MAX + 1];
    strcpy(location_param, mac->location_param);
    if (location_param[0]) {
        args.name[args.count] = location_param;
        args.value[args.count++] = (char *)location;
    } else if (location[0]) {
        cal_error_now(a, "W1", "OPDEF has no location parameter; label %s ignored", location);
    }
    expand_body(a, opdef, &args, line);
    for (int i = 0; i < MAX_PARAMS; i++)
        free(values[i]);
}
