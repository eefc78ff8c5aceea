/*
 * commands_state.c - switchp's commands that look at the job's state and
 * change it (see commands.h): registers, exchange, examine, deposit,
 * disassemble, symbols and where.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "commands_internal.h"
#include "emu/exchange.h"
#include "emu/isa.h"

static void print_register_line(const struct switchp_session *s, int r)
{
    const struct cpu *cpu = debugger_cpu(s->dbg);
    fprintf(s->out, "A%d %08" PRIo32 "   S%d ", r, cpu->a[r], r);
    switchp_print_word(s, cpu->s[r], SHOW_FLOAT_IF_PLAUSIBLE);
    fprintf(s->out, "\n");
}

static void print_vector(const struct switchp_session *s, int r, unsigned format)
{
    const struct cpu *cpu = debugger_cpu(s->dbg);
    unsigned length = cpu_vector_length(cpu);
    fprintf(s->out, "V%d (VL %u elements):\n", r, length);
    for (unsigned e = 0; e < length; e++) {
        fprintf(s->out, "  [%02o] ", e);
        switchp_print_word(s, cpu->v[r][e], format);
        fprintf(s->out, "\n");
    }
}

/* One line: the first elements, and how many more the VL has. */
static void print_vector_compact(const struct switchp_session *s, int r)
{
    const struct cpu *cpu = debugger_cpu(s->dbg);
    unsigned length = cpu_vector_length(cpu), shown = 3;
    fprintf(s->out, "V%d ", r);
    for (unsigned e = 0; e < shown; e++)
        fprintf(s->out, " %022" PRIo64, cpu->v[r][e]);
    if (length > shown)
        fprintf(s->out, "  +%u more (VL %u)\n", length - shown, length);
    else
        fprintf(s->out, "  (VL %u)\n", length);
}

int switchp_cmd_registers(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    const struct cpu *cpu = debugger_cpu(s->dbg);
    const char *which = argc > 1 ? argv[1] : "";
    bool all = !strcasecmp(which, "all");
    if (!which[0] || all || !strcasecmp(which, "A") || !strcasecmp(which, "S")) {
        char name[80], flags[160], modes[80];
        switchp_parcel_name(s, cpu->p, name, sizeof name);
        fprintf(s->out,
                "P  %08" PRIo32 " (%o%c)%s%s   step %" PRIu64 "   clock %" PRIu64 " (+%" PRIu64
                " since the drop)\n",
                cpu->p, cpu->p / 4, 'a' + (int)(cpu->p & 3), name[0] ? " " : "", name,
                debugger_position(s->dbg), cpu->clock, debugger_clocks(s->dbg));
        for (int r = 0; r < 8; r++)
            print_register_line(s, r);
        switchp_names_of(cpu->flags, switchp_flag_names, 9, flags, sizeof flags);
        switchp_names_of(cpu->modes, switchp_mode_names, 9, modes, sizeof modes);
        fprintf(s->out, "VL %03" PRIo32 "   VM %022" PRIo64 "\n", cpu->vl, cpu->vm);
        fprintf(s->out, "F  %03" PRIo32 " (%s)   modes %03" PRIo32 " (%s)   XA %03" PRIo32 "\n",
                cpu->flags, flags, cpu->modes, modes, cpu->xa);
        fprintf(s->out,
                "field: base %08" PRIo32 " limit %08" PRIo32 " (%" PRIu32
                " words)   instructions %" PRIu64 "\n",
                cpu->base, cpu->limit, debugger_field_words(s->dbg), cpu->instructions);
    }
    if (all || !strcasecmp(which, "B"))
        for (int r = 0; r < 64; r += 4)
            fprintf(s->out,
                    "B%02o %08" PRIo32 "  B%02o %08" PRIo32 "  B%02o %08" PRIo32
                    "  B%02o %08" PRIo32 "\n",
                    r, cpu->b[r], r + 1, cpu->b[r + 1], r + 2, cpu->b[r + 2], r + 3, cpu->b[r + 3]);
    if (all || !strcasecmp(which, "T"))
        for (int r = 0; r < 64; r++) {
            fprintf(s->out, "T%02o ", r);
            switchp_print_word(s, cpu->t[r], SHOW_FLOAT_IF_PLAUSIBLE);
            fprintf(s->out, "\n");
        }
    if (all || !strcasecmp(which, "V"))
        for (int r = 0; r < 8; r++)
            print_vector_compact(s, r);
    if (which[0] && !all && strcasecmp(which, "A") && strcasecmp(which, "S") &&
        strcasecmp(which, "B") && strcasecmp(which, "T") && strcasecmp(which, "V"))
        return switchp_fail(s, "registers wants A, S, B, T, V or all");
    return 0;
}

int switchp_cmd_exchange(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    const struct cpu *cpu = debugger_cpu(s->dbg);
    uint64_t w[EXCHANGE_PACKAGE_WORDS];
    exchange_pack(cpu, w);
    bool xmp = cpu->model == MODEL_XMP;
    char modes[80], flags[160];
    switchp_names_of(cpu->modes, switchp_mode_names, 9, modes, sizeof modes);
    switchp_names_of(cpu->flags, switchp_flag_names, 9, flags, sizeof flags);
    fprintf(s->out, "exchange package (%s layout):\n", isa_model_name(cpu->model));
    for (int i = 0; i < EXCHANGE_PACKAGE_WORDS; i++) {
        fprintf(s->out, "  %02o  %022" PRIo64 "  ", i, w[i]);
        if (i < 8)
            fprintf(s->out, "A%d %08" PRIo32, i, cpu->a[i]);
        else
            fprintf(s->out, "S%d", i - 8);
        switch (i) {
        case 0: fprintf(s->out, "  P %08" PRIo32, cpu->p); break;
        case 1:
            fprintf(s->out, "  %s %08" PRIo32, xmp ? "IBA" : "BA", xmp ? cpu->ibase : cpu->base);
            break;
        case 2:
            fprintf(s->out, "  %s %08" PRIo32 "  modes %s", xmp ? "ILA" : "LA",
                    xmp ? cpu->ilimit : cpu->limit, modes);
            break;
        case 3:
            fprintf(s->out, "  XA %03" PRIo32 "  VL %03" PRIo32 "  F %s", cpu->xa, cpu->vl, flags);
            break;
        case 4:
            if (xmp)
                fprintf(s->out, "  DBA %08" PRIo32 "  CLN %" PRIu32, cpu->base, cpu->cluster);
            break;
        case 5: if (xmp) fprintf(s->out, "  DLA %08" PRIo32, cpu->limit); break;
        default: break;
        }
        fprintf(s->out, "\n");
    }
    return 0;
}

/* Split "examine/f" style formats off the words.  Returns the format bits. */
static unsigned take_format(int *argc, char **argv, unsigned fallback)
{
    unsigned format = 0;
    int kept = 0;
    for (int i = 0; i < *argc; i++) {
        char *slash = strchr(argv[i], '/');
        if (slash && slash[1] && strspn(slash + 1, "ofcdiaOFCDIA") == strlen(slash + 1)) {
            for (const char *f = slash + 1; *f; f++) {
                switch (tolower((unsigned char)*f)) {
                case 'o': format |= SHOW_OCTAL; break;
                case 'f': format |= SHOW_FLOAT; break;
                case 'c': format |= SHOW_CHARS; break;
                case 'd': format |= SHOW_DECIMAL; break;
                case 'i': format |= SHOW_INSTRUCTIONS; break;
                case 'a': format |= SHOW_FLOAT | SHOW_CHARS | SHOW_DECIMAL; break;
                default: break;
                }
            }
            *slash = '\0';
            if (slash == argv[i] && i > 0)
                continue;
        }
        argv[kept++] = argv[i];
    }
    *argc = kept;
    return format ? format : fallback;
}

/* A field of the job-state table (a path with a dot, or F, XA, MODES)? */
static bool is_field(const struct switchp_session *s, const char *text)
{
    char path[64];
    return debugger_field_path(text, path, sizeof path) && !debugger_symbol(s->dbg, text);
}

static int examine_field(struct switchp_session *s, const char *text)
{
    char path[64], value[256], error[300];
    if (debugger_field_get(s->dbg, text, path, sizeof path, value, sizeof value, error,
                           sizeof error))
        return switchp_fail(s, "%s", error);
    fprintf(s->out, "%s %s\n", path, value);
    return 0;
}

int switchp_cmd_examine(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    unsigned format = take_format(&argc, argv, 0);
    if (argc < 2)
        return switchp_fail(s, "examine wants a register, an address or a symbol");
    if (is_field(s, argv[1]))
        return examine_field(s, argv[1]);
    uint64_t count = 1;
    if (argc > 2 && (switchp_parse_count(argv[2], &count) || count == 0 || count > 100000))
        return switchp_fail(s, "%s: not a count", argv[2]);
    char error[200];
    struct debugger_location loc;
    if (debugger_parse_location(s->dbg, argv[1], true, &loc, error, sizeof error))
        return switchp_fail(s, "%s", error);
    const struct cpu *cpu = debugger_cpu(s->dbg);
    if (format & SHOW_INSTRUCTIONS) {
        uint32_t p;
        if (loc.place == PLACE_MEMORY)
            p = loc.index * 4;
        else if (loc.place == PLACE_P)
            p = cpu->p;
        else
            return switchp_fail(s, "/i wants an address");
        if (debugger_parse_address(s->dbg, argv[1], true, &p, error, sizeof error) &&
            loc.place != PLACE_P)
            return switchp_fail(s, "%s", error);
        switchp_print_listing(s, p, (int)count);
        return 0;
    }
    if (loc.place == PLACE_V && loc.whole) {
        print_vector(s, (int)loc.index, format ? format : SHOW_FLOAT_IF_PLAUSIBLE);
        return 0;
    }
    if (loc.place != PLACE_MEMORY) {
        uint64_t v;
        debugger_read(s->dbg, &loc, &v);
        char name[24];
        snprintf(name, sizeof name, "%s", argv[1]);
        for (char *c = name; *c; c++)
            *c = (char)toupper((unsigned char)*c);
        unsigned width = debugger_width(s->dbg, &loc);
        if (width < 64) {
            int64_t sv = (int64_t)(v & ((UINT64_C(1) << width) - 1));
            if (loc.place != PLACE_P && loc.place != PLACE_VL && (v >> (width - 1)) & 1)
                sv -= (int64_t)1 << width;
            fprintf(s->out, "%s %0*" PRIo64 "  (%" PRId64 ")", name, (width + 2) / 3, v, sv);
            if (loc.place == PLACE_P) {
                char label[80];
                switchp_parcel_name(s, (uint32_t)v, label, sizeof label);
                if (label[0])
                    fprintf(s->out, "  %s", label);
            }
            fprintf(s->out, "\n");
        } else {
            fprintf(s->out, "%s ", name);
            switchp_print_word(
                s, v, format ? format | SHOW_DECIMAL : SHOW_DECIMAL | SHOW_FLOAT_IF_PLAUSIBLE);
            fprintf(s->out, "\n");
        }
        return 0;
    }
    for (uint64_t i = 0; i < count; i++) {
        uint32_t address = loc.index + (uint32_t)i;
        uint64_t w;
        const struct dropfile_symbol *label = debugger_label(s->dbg, address, false);
        if (debugger_word(s->dbg, address, &w)) {
            if (i == 0)
                return switchp_fail(s,
                                    "address %" PRIo32 " is outside the field of %" PRIo32 " words",
                                    address, debugger_field_words(s->dbg));
            break;
        }
        fprintf(s->out, "%08" PRIo32 " %-8s ", address, label ? label->name : "");
        switchp_print_word(s, w, format);
        fprintf(s->out, "\n");
    }
    return 0;
}

int switchp_cmd_deposit(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    if (argc >= 3 && is_field(s, argv[1])) {
        /* The value is the rest of the line (a note may have spaces). */
        const char *value = rest + strspn(rest, " \t");
        value += strcspn(value, " \t");
        value += strspn(value, " \t");
        char copy[200], error[300], path[64], now[256];
        snprintf(copy, sizeof copy, "%s", value);
        for (size_t n = strlen(copy); n && (copy[n - 1] == ' ' || copy[n - 1] == '\n'); n--)
            copy[n - 1] = '\0';
        if (debugger_write_field(s->dbg, argv[1], copy, error, sizeof error) ||
            debugger_field_get(s->dbg, argv[1], path, sizeof path, now, sizeof now, error,
                               sizeof error))
            return switchp_fail(s, "%s", error);
        fprintf(s->out, "%s <- %s\n", path, now);
        if (!strcmp(path, "cpu.p"))
            switchp_print_where(s);
        return 0;
    }
    if (argc != 3)
        return switchp_fail(s, "deposit wants a register or address and a value");
    char error[200];
    struct debugger_location loc;
    uint64_t value;
    if (debugger_parse_location(s->dbg, argv[1], true, &loc, error, sizeof error) ||
        debugger_parse_value(s->dbg, argv[2], &value, error, sizeof error) ||
        debugger_write(s->dbg, &loc, value, error, sizeof error))
        return switchp_fail(s, "%s", error);
    uint64_t now;
    debugger_read(s->dbg, &loc, &now);
    char name[32];
    snprintf(name, sizeof name, "%s", argv[1]);
    for (char *c = name; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    fprintf(s->out, "%s <- %" PRIo64 "\n", name, now);
    if (loc.place == PLACE_P)
        switchp_print_where(s);
    return 0;
}

int switchp_cmd_disassemble(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    const struct cpu *cpu = debugger_cpu(s->dbg);
    uint64_t count = 12;
    if (argc > 2 && (switchp_parse_count(argv[2], &count) || count == 0 || count > 10000))
        return switchp_fail(s, "%s: not a count", argv[2]);
    if (argc > 1) {
        uint32_t p;
        char error[200];
        if (debugger_parse_address(s->dbg, argv[1], true, &p, error, sizeof error))
            return switchp_fail(s, "%s", error);
        switchp_print_listing(s, p, (int)count);
        return 0;
    }
    switchp_print_listing(s, switchp_listing_start(s, cpu->p, 5), (int)count);
    return 0;
}

int switchp_cmd_symbols(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    size_t n;
    const struct dropfile_symbol *sym = debugger_symbols(s->dbg, &n);
    const char *prefix = argc > 1 ? argv[1] : "";
    int shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (strncasecmp(sym[i].name, prefix, strlen(prefix)))
            continue;
        const char *kind = sym[i].attributes == 'P' ? "parcel" : sym[i].attributes == 'W' ? "word"
                                                                                         : "value";
        fprintf(s->out, "%-8s %08" PRIo64 "  %s", sym[i].name, sym[i].value, kind);
        if (sym[i].attributes == 'P')
            fprintf(s->out, " (%" PRIo64 "%c)", sym[i].value / 4, 'a' + (int)(sym[i].value & 3));
        fprintf(s->out, "\n");
        shown++;
    }
    if (!shown)
        fprintf(s->out, "no symbols%s%s\n", prefix[0] ? " starting with " : "", prefix);
    return 0;
}

int switchp_cmd_where(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    switchp_print_where(s);
    return 0;
}

int switchp_cmd_display(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)argv;
    if (argc < 2) {
        if (!s->display_count)
            fprintf(s->out, "no displays\n");
        for (size_t i = 0; i < s->display_count; i++)
            switchp_print_display(s, &s->displays[i]);
        return 0;
    }
    const char *text = rest + strspn(rest, " \t");
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (s->display_count == sizeof s->displays / sizeof s->displays[0])
        return switchp_fail(s, "%zu displays already: undisplay one first", s->display_count);
    if (n >= sizeof s->displays[0].text)
        return switchp_fail(s, "%.*s: too long", (int)n, text);
    struct switchp_display d = {.number = s->next_display};
    memcpy(d.text, text, n);
    d.text[n] = '\0';
    char path[64], error[200];
    struct debugger_location loc;
    if (!(debugger_field_path(d.text, path, sizeof path) && !debugger_symbol(s->dbg, d.text)) &&
        debugger_parse_location(s->dbg, d.text, true, &loc, error, sizeof error))
        return switchp_fail(s, "%s", error);
    s->next_display++;
    s->displays[s->display_count++] = d;
    switchp_print_display(s, &d);
    return 0;
}

int switchp_cmd_undisplay(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc < 2) {
        s->display_count = 0;
        return 0;
    }
    uint64_t number;
    if (switchp_parse_count(argv[1], &number))
        return switchp_fail(s, "%s: not a display number", argv[1]);
    for (size_t i = 0; i < s->display_count; i++)
        if ((uint64_t)s->displays[i].number == number) {
            memmove(&s->displays[i], &s->displays[i + 1],
                    (s->display_count - i - 1) * sizeof s->displays[0]);
            s->display_count--;
            return 0;
        }
    return switchp_fail(s, "no display %s", argv[1]);
}

int switchp_cmd_list(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (!s->source_line_count)
        return switchp_fail(s, "no CAL source of this program in the job's $IN");
    uint32_t p = debugger_cpu(s->dbg)->p;
    uint64_t count = 11;
    char error[200];
    if (argc > 1 && debugger_parse_address(s->dbg, argv[1], true, &p, error, sizeof error))
        return switchp_fail(s, "%s", error);
    if (argc > 2 && (switchp_parse_count(argv[2], &count) || count == 0 || count > 1000))
        return switchp_fail(s, "%s: not a count", argv[2]);
    const struct switchp_source_line *at = switchp_source_at(s, p);
    if (!at) {
        /* The nearest instruction line before p. */
        for (size_t i = 0; i < s->source_line_count; i++)
            if (s->source_lines[i].parcel <= p && (!at || s->source_lines[i].parcel > at->parcel))
                at = &s->source_lines[i];
    }
    if (!at)
        return switchp_fail(s, "no source line at or before %o", p);
    bool here = debugger_running(s->dbg) && at->parcel == debugger_cpu(s->dbg)->p;
    int first = at->line - (int)count / 2;
    if (first < 1)
        first = 1;
    for (int n = first; n < first + (int)count; n++) {
        size_t length;
        const char *text = switchp_source_line(s, n, &length);
        if (!text)
            break;
        fprintf(s->out, "%s %4d  %.*s\n", n == at->line ? (here ? "=>" : "->") : "  ", n,
                (int)length, text);
    }
    return 0;
}
