/*
 * debugger_places.c - what switchp's commands name (see debugger.h):
 * numbers, addresses and values with symbols, places (registers and memory
 * words) read and written, and the conditions of breakpoints.  Writing here
 * does not record; debugger_history.c makes a deposit an edit.
 */
#include "debugger.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emu/cray_float.h"
#include "debugger_internal.h"

/* ---- numbers, addresses, values ---------------------------------------------------------- */

static bool symbol_start(int c) { return isalpha(c) || c == '$' || c == '@' || c == '%' || c == '_'; }
static bool symbol_char(int c) { return symbol_start(c) || isdigit(c); }

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* A number at s (octal, O'.., D'.., X'..): characters used (0: none), -1 on overflow. */
static int scan_number(const char *s, uint64_t *value)
{
    const char *p = s;
    unsigned base = 8;
    if (p[0] && p[1] == '\'') {
        switch (toupper((unsigned char)p[0])) {
        case 'O': base = 8; p += 2; break;
        case 'D': base = 10; p += 2; break;
        case 'X': base = 16; p += 2; break;
        default: return 0;
        }
    }
    if ((unsigned)digit_value((unsigned char)*p) >= base)
        return 0;
    uint64_t v = 0;
    while ((unsigned)digit_value((unsigned char)*p) < base) {
        unsigned d = (unsigned)digit_value((unsigned char)*p);
        if (v > (UINT64_MAX - d) / base)
            return -1;
        v = v * base + d;
        p++;
    }
    *value = v;
    return (int)(p - s);
}

enum expression_mode { EXPR_WORD, EXPR_PARCEL, EXPR_RAW };

/* term {(+|-) term}: numbers, `3b` parcel forms, symbols, P. */
static int evaluate(const struct debugger *dbg, const char *text, enum expression_mode mode,
                    int64_t *result, char *error, size_t size)
{
    const char *p = text;
    int64_t total = 0;
    int sign = 1;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '-' || *p == '+') {
        sign = *p == '-' ? -1 : 1;
        p++;
    }
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        int64_t term;
        uint64_t number;
        int used = scan_number(p, &number);
        if (used < 0) {
            debugger_say(error, size, "%s: number too large", text);
            return -1;
        }
        if (used > 0) {
            p += used;
            term = (int64_t)number;
            int letter = tolower((unsigned char)*p);
            if (letter >= 'a' && letter <= 'd' && !symbol_char((unsigned char)p[1]) &&
                !(used >= 2 && p[-used + 1] == '\'')) {
                if (mode != EXPR_PARCEL) {
                    debugger_say(error, size,
                                 "%s: a parcel address where a word address is wanted", text);
                    return -1;
                }
                term = term * 4 + (letter - 'a');
                p++;
            }
        } else if (symbol_start((unsigned char)*p)) {
            char name[64];
            size_t n = 0;
            while (symbol_char((unsigned char)*p) && n < sizeof name - 1)
                name[n++] = *p++;
            name[n] = '\0';
            const struct dropfile_symbol *s = debugger_symbol(dbg, name);
            if (s) {
                term = (int64_t)s->value;
                if (mode == EXPR_WORD && s->attributes == 'P')
                    term /= 4;
                else if (mode == EXPR_PARCEL && s->attributes == 'W')
                    term *= 4;
            } else if (!strcasecmp(name, "P") && mode != EXPR_RAW) {
                term = sandbox_cpu(dbg)->p;
                if (mode == EXPR_WORD)
                    term /= 4;
            } else {
                debugger_say(error, size, "no symbol %s", name);
                return -1;
            }
        } else {
            debugger_say(error, size, "%s: not an address or number", text);
            return -1;
        }
        if (term > (INT64_C(1) << 62)) {
            debugger_say(error, size, "%s: too large", text);
            return -1;
        }
        total += sign * term;
        if (total > (INT64_C(1) << 62) || total < -(INT64_C(1) << 62)) {
            debugger_say(error, size, "%s: too large", text);
            return -1;
        }
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '+' || *p == '-') {
            sign = *p == '-' ? -1 : 1;
            p++;
            continue;
        }
        if (*p) {
            debugger_say(error, size, "%s: unexpected '%s'", text, p);
            return -1;
        }
        *result = total;
        return 0;
    }
}

int debugger_parse_address(const struct debugger *dbg, const char *text, bool parcel,
                           uint32_t *address, char *error, size_t size)
{
    int64_t v;
    if (evaluate(dbg, text, parcel ? EXPR_PARCEL : EXPR_WORD, &v, error, size))
        return -1;
    if (v < 0 || v > 0xFFFFFF) {
        debugger_say(error, size, "%s: address out of range", text);
        return -1;
    }
    *address = (uint32_t)v;
    return 0;
}

static bool looks_like_float(const char *s)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    bool digits = false, point = false, exponent = false;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            digits = true;
        } else if (*p == '.' && !point && !exponent) {
            point = true;
        } else if ((*p == 'e' || *p == 'E') && digits && !exponent) {
            exponent = true;
            if (p[1] == '+' || p[1] == '-')
                p++;
            if (!isdigit((unsigned char)p[1]))
                return false;
        } else {
            return false;
        }
    }
    return digits && (point || exponent);
}

int debugger_parse_value(const struct debugger *dbg, const char *text, uint64_t *value,
                         char *error, size_t size)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (n >= 2 && text[0] == '\'' && text[n - 1] == '\'') {
        if (n - 2 > 8) {
            debugger_say(error, size, "%.*s: more than 8 characters", (int)n, text);
            return -1;
        }
        uint64_t w = 0;
        for (size_t i = 0; i < 8; i++)
            w = (w << 8) | (i + 1 < n - 1 ? (unsigned char)text[i + 1] : 0);
        *value = w;
        return 0;
    }
    char copy[128];
    if (n == 0 || n >= sizeof copy) {
        debugger_say(error, size, "a value is wanted");
        return -1;
    }
    memcpy(copy, text, n);
    copy[n] = '\0';
    if (looks_like_float(copy)) {
        char *end;
        double d = strtod(copy, &end);
        if (*end) {
            debugger_say(error, size, "%s: not a floating-point number", copy);
            return -1;
        }
        *value = cray_float_from_double(d);
        return 0;
    }
    int64_t v;
    if (evaluate(dbg, copy, EXPR_RAW, &v, error, size))
        return -1;
    *value = (uint64_t)v;
    return 0;
}

/* A register name: 0 and *loc, or -1 if text is not one. */
static int register_name(const char *text, struct debugger_location *loc)
{
    char u[16];
    size_t n = strlen(text);
    if (n == 0 || n >= sizeof u)
        return -1;
    for (size_t i = 0; i <= n; i++)
        u[i] = (char)toupper((unsigned char)text[i]);
    memset(loc, 0, sizeof *loc);
    if (!strcmp(u, "VL")) {
        loc->place = PLACE_VL;
        return 0;
    }
    if (!strcmp(u, "VM")) {
        loc->place = PLACE_VM;
        return 0;
    }
    if (!strcmp(u, "P")) {
        loc->place = PLACE_P;
        return 0;
    }
    const char *digits = u + 1;
    size_t count = strspn(digits, "01234567");
    switch (u[0]) {
    case 'A':
    case 'S':
        if (count != 1 || digits[1])
            return -1;
        loc->place = u[0] == 'A' ? PLACE_A : PLACE_S;
        loc->index = (uint32_t)(digits[0] - '0');
        return 0;
    case 'B':
    case 'T':
        if (count < 1 || count > 2 || digits[count])
            return -1;
        loc->place = u[0] == 'B' ? PLACE_B : PLACE_T;
        loc->index = (uint32_t)strtoul(digits, NULL, 8);
        return 0;
    case 'V':
        if (count != 1)
            return -1;
        loc->place = PLACE_V;
        loc->index = (uint32_t)(digits[0] - '0');
        if (!digits[1]) {
            loc->whole = true;
            return 0;
        }
        if (digits[1] != '[')
            return -1;
        {
            const char *e = digits + 2;
            size_t k = strspn(e, "01234567");
            if (k < 1 || k > 2 || strcmp(e + k, "]"))
                return -1;
            loc->element = (uint32_t)strtoul(e, NULL, 8);
        }
        return 0;
    default:
        return -1;
    }
}

int debugger_parse_location(const struct debugger *dbg, const char *text, bool memory,
                            struct debugger_location *loc, char *error, size_t size)
{
    char copy[128];
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (n == 0 || n >= sizeof copy) {
        debugger_say(error, size, "a register, an address or a value is wanted");
        return -1;
    }
    memcpy(copy, text, n);
    copy[n] = '\0';
    if (register_name(copy, loc) == 0)
        return 0;
    memset(loc, 0, sizeof *loc);
    if (copy[0] == '[') {
        if (copy[n - 1] != ']') {
            debugger_say(error, size, "%s: ] missing", copy);
            return -1;
        }
        copy[n - 1] = '\0';
        loc->place = PLACE_MEMORY;
        return debugger_parse_address(dbg, copy + 1, false, &loc->index, error, size);
    }
    if (memory) {
        loc->place = PLACE_MEMORY;
        return debugger_parse_address(dbg, copy, false, &loc->index, error, size);
    }
    loc->place = PLACE_CONSTANT;
    return debugger_parse_value(dbg, copy, &loc->value, error, size);
}

unsigned debugger_width(const struct debugger *dbg, const struct debugger_location *loc)
{
    switch (loc->place) {
    case PLACE_A:
    case PLACE_B:
        return 24;
    case PLACE_VL:
        return 7;
    case PLACE_P:
        return dbg->loaded.machine.model == MODEL_CRAY1 ? 22 : 24;
    default:
        return 64;
    }
}

int debugger_read(const struct debugger *dbg, const struct debugger_location *loc,
                  uint64_t *value)
{
    const struct cpu *cpu = sandbox_cpu(dbg);
    switch (loc->place) {
    case PLACE_A: *value = cpu->a[loc->index & 7]; return 0;
    case PLACE_S: *value = cpu->s[loc->index & 7]; return 0;
    case PLACE_B: *value = cpu->b[loc->index & 077]; return 0;
    case PLACE_T: *value = cpu->t[loc->index & 077]; return 0;
    case PLACE_V: *value = cpu->v[loc->index & 7][loc->whole ? 0 : loc->element & 077]; return 0;
    case PLACE_VL: *value = cpu->vl; return 0;
    case PLACE_VM: *value = cpu->vm; return 0;
    case PLACE_P: *value = cpu->p; return 0;
    case PLACE_MEMORY: return debugger_word(dbg, loc->index, value);
    case PLACE_CONSTANT: *value = loc->value; return 0;
    default: return -1;
    }
}

static uint64_t mask_of(unsigned width)
{
    return width >= 64 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
}

void place_store(struct debugger *dbg, const struct debugger_location *loc, uint64_t value)
{
    struct cpu *cpu = sandbox_cpu(dbg);
    value &= mask_of(debugger_width(dbg, loc));
    switch (loc->place) {
    case PLACE_A: cpu->a[loc->index & 7] = (uint32_t)value; break;
    case PLACE_S: cpu->s[loc->index & 7] = value; break;
    case PLACE_B: cpu->b[loc->index & 077] = (uint32_t)value; break;
    case PLACE_T: cpu->t[loc->index & 077] = value; break;
    case PLACE_V:
        if (loc->whole)
            for (int e = 0; e < 64; e++)
                cpu->v[loc->index & 7][e] = value;
        else
            cpu->v[loc->index & 7][loc->element & 077] = value;
        break;
    case PLACE_VL: cpu->vl = (uint32_t)value; break;
    case PLACE_VM: cpu->vm = value; break;
    case PLACE_P: cpu->p = (uint32_t)value; break;
    case PLACE_MEMORY: {
        uint64_t at = (uint64_t)cpu->base + loc->index;
        if (at < cpu->limit && at < cpu->memory->size) {
            cpu->memory->word[at] = value;
            cpu_invalidate_buffers(cpu);
        }
        break;
    }
    default: break;
    }
}

void place_describe(const struct debugger *dbg, const struct debugger_location *loc,
                    uint64_t value, char *buf, size_t size)
{
    static const char *const names[] = {"A", "S", "B", "T", "V", "VL", "VM", "P"};
    value &= mask_of(debugger_width(dbg, loc));
    switch (loc->place) {
    case PLACE_A:
    case PLACE_S:
        snprintf(buf, size, "%s%" PRIu32 "=%" PRIo64, names[loc->place], loc->index, value);
        break;
    case PLACE_B:
    case PLACE_T:
        snprintf(buf, size, "%s%02" PRIo32 "=%" PRIo64, names[loc->place], loc->index, value);
        break;
    case PLACE_V:
        if (loc->whole)
            snprintf(buf, size, "V%" PRIu32 "=%" PRIo64, loc->index, value);
        else
            snprintf(buf, size, "V%" PRIu32 "[%02" PRIo32 "]=%" PRIo64, loc->index, loc->element,
                     value);
        break;
    case PLACE_MEMORY:
        snprintf(buf, size, "[%" PRIo32 "]=%" PRIo64, loc->index, value);
        break;
    default:
        snprintf(buf, size, "%s=%" PRIo64, names[loc->place < 8 ? loc->place : 0], value);
        break;
    }
}

/* ---- conditions -------------------------------------------------------------------------- */

static int64_t signed_of(uint64_t value, unsigned width)
{
    value &= mask_of(width);
    if (width < 64 && (value >> (width - 1)) & 1)
        value |= ~mask_of(width);
    return (int64_t)value;
}

bool debugger_condition_true(const struct debugger *dbg, const struct debugger_condition *cond)
{
    if (!cond || !cond->present)
        return true;
    uint64_t l, r = 0;
    if (debugger_read(dbg, &cond->left, &l) ||
        (cond->compare != CMP_NONZERO && debugger_read(dbg, &cond->right, &r)))
        return false;
    unsigned wl = debugger_width(dbg, &cond->left), wr = debugger_width(dbg, &cond->right);
    unsigned w = cond->compare == CMP_NONZERO ? wl : (wl < wr ? wl : wr);
    int64_t a = signed_of(l, w), b = signed_of(r, w);
    switch (cond->compare) {
    case CMP_NONZERO: return a != 0;
    case CMP_EQ: return a == b;
    case CMP_NE: return a != b;
    case CMP_LT: return a < b;
    case CMP_LE: return a <= b;
    case CMP_GT: return a > b;
    case CMP_GE: return a >= b;
    default: return false;
    }
}

int debugger_parse_condition(const struct debugger *dbg, const char *text,
                             struct debugger_condition *cond, char *error, size_t size)
{
    static const struct {
        const char *op;
        uint8_t compare;
    } ops[] = {{"==", CMP_EQ}, {"!=", CMP_NE}, {"<=", CMP_LE}, {">=", CMP_GE},
               {"<", CMP_LT},  {">", CMP_GT},  {"=", CMP_EQ}};
    memset(cond, 0, sizeof *cond);
    const char *at = NULL;
    size_t op_length = 0;
    int depth = 0;
    bool quoted = false;
    for (const char *p = text; *p && !at; p++) {
        if (*p == '\'') {
            /* O'17 and D'99 are numbers, not quotes */
            if (quoted || !(p > text && strchr("OoDdXx", p[-1]) &&
                            (p - 1 == text || !symbol_char((unsigned char)p[-2]))))
                quoted = !quoted;
            continue;
        }
        if (quoted)
            continue;
        if (*p == '[')
            depth++;
        else if (*p == ']')
            depth--;
        if (depth)
            continue;
        for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++) {
            size_t n = strlen(ops[o].op);
            if (!strncmp(p, ops[o].op, n)) {
                at = p;
                op_length = n;
                cond->compare = ops[o].compare;
                break;
            }
        }
    }
    char left[128];
    size_t n = at ? (size_t)(at - text) : strlen(text);
    if (n >= sizeof left) {
        debugger_say(error, size, "condition too long");
        return -1;
    }
    memcpy(left, text, n);
    left[n] = '\0';
    if (debugger_parse_location(dbg, left, true, &cond->left, error, size))
        return -1;
    if (at && debugger_parse_location(dbg, at + op_length, false, &cond->right, error, size))
        return -1;
    if (!at)
        cond->compare = CMP_NONZERO;
    cond->present = true;
    return 0;
}
