/*
 * switchp.c - load a dropfile into a debugger and diagnose the job live.
 *
 *   switchp [--pds SITE] [--no-timing] FILE.drop           a readline session
 *   switchp [--pds SITE] [--no-timing] -x SCRIPT FILE.drop  commands from SCRIPT
 *
 * On CDC's VSOS, SWITCHP loaded a dropfile so that a developer could
 * examine and continue the job; this is C-1's.  The job runs in a sandbox
 * (os/switchp/debugger.h): a private temporary site whose OS serves its system
 * requests from the dropfile's own copies of its datasets; nothing on any
 * site changes.  Commands come from one table (HELP is made from it), any
 * unique prefix of a command is enough, a few have one-letter aliases, and
 * an unknown command gets the nearest one by edit distance suggested.  On a
 * terminal the session has readline editing, history (~/.switchp_history)
 * and completion of commands, registers and symbols; from a script or from
 * input that is not a terminal each command is echoed after the prompt, so
 * that the output reads as a session.  The prompt shows the clocks run
 * since the drop.  Addresses and values are octal unless written D'99 or
 * X'FF; counts (step 10, run 5000) are decimal.
 *
 * Exit status: 0, 1 if a command failed, 2 if the dropfile was refused or
 * the usage is wrong.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "emu/cray_float.h"
#include "os/switchp/debugger.h"
#include "os/dropfile/dropfile.h"
#include "emu/exchange.h"
#include "emu/isa.h"
#include "os/job.h"
#include "os/job_datasets.h"
#include "os/log.h"
#include "os/os.h"

#define MAX_ARGS 16
#define LINE_MAX_CHARS 1024

struct session {
    struct debugger *dbg;
    struct isa_forms *forms;
    bool echo;          /* echo commands after the prompt (scripts, piped input) */
    bool quit;
    int failures;
};

/* Set by SIGINT while the job runs (the debugger polls it); SIGTERM and
 * SIGHUP also set terminate_flag, so that the session ends and deletes its
 * sandbox. */
static volatile sig_atomic_t interrupt_flag, terminate_flag;

static void on_signal(int signal_number)
{
    interrupt_flag = 1;
    if (signal_number != SIGINT)
        terminate_flag = 1;
}

/* readline: a signal arrived while reading; end the read on termination. */
static int signal_event(void)
{
    if (terminate_flag)
        rl_done = 1;
    return 0;
}

static int fail(struct session *s, const char *format, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct session *s, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    printf("error: ");
    vprintf(format, args);
    printf("\n");
    va_end(args);
    (void)s;
    return -1;
}

/* ---- formatting ------------------------------------------------------------------------ */

static unsigned model_of(const struct session *s) { return debugger_loaded(s->dbg)->machine.model; }

static bool plausible_float(uint64_t w)
{
    unsigned exponent = (unsigned)((w >> 48) & 077777);
    return exponent >= 020000 && exponent < 060000 && ((w >> 47) & 1);
}

static void float_text(uint64_t w, char *buf, size_t size)
{
    unsigned exponent = (unsigned)((w >> 48) & 077777);
    if (exponent >= 060000) {
        snprintf(buf, size, "%sout of range", w >> 63 ? "-" : "+");
        return;
    }
    double d = cray_float_to_double(w);
    if (d == HUGE_VAL || d == -HUGE_VAL) {
        snprintf(buf, size, "%sbeyond a double", w >> 63 ? "-" : "+");
        return;
    }
    snprintf(buf, size, "%.15g", d);
    if (!strpbrk(buf, ".en"))
        strncat(buf, ".", size - strlen(buf) - 1);
}

static void chars_text(uint64_t w, char buf[9])
{
    for (int i = 0; i < 8; i++) {
        unsigned c = (unsigned)(w >> (56 - 8 * i)) & 0xFF;
        buf[i] = c >= 32 && c < 127 ? (char)c : '.';
    }
    buf[8] = '\0';
}

/* "LOOP" or "LOOP+2" for a parcel address, "" when no label is near. */
static void parcel_name(const struct session *s, uint32_t p, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t n;
    const struct dropfile_symbol *sym = debugger_symbols(s->dbg, &n);
    const struct dropfile_symbol *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (sym[i].attributes == 'P' && sym[i].value <= p && p - sym[i].value < 0100 &&
            (!best || sym[i].value > best->value))
            best = &sym[i];
    if (best && best->value == p)
        snprintf(buf, size, "%s", best->name);
    else if (best)
        snprintf(buf, size, "%s+%" PRIo64, best->name, p - best->value);
}

enum word_format { SHOW_OCTAL = 1, SHOW_FLOAT = 2, SHOW_CHARS = 4, SHOW_DECIMAL = 8,
                   SHOW_INSTRUCTIONS = 16, SHOW_FLOAT_IF_PLAUSIBLE = 32 };

static void print_word(uint64_t w, unsigned format)
{
    printf("%022" PRIo64, w);
    if (format & SHOW_DECIMAL)
        printf("  %" PRId64, (int64_t)w);
    char text[64];
    if ((format & SHOW_FLOAT) || ((format & SHOW_FLOAT_IF_PLAUSIBLE) && plausible_float(w))) {
        float_text(w, text, sizeof text);
        printf("  (%s)", text);
    }
    if (format & SHOW_CHARS) {
        char c[9];
        chars_text(w, c);
        printf("  '%s'", c);
    }
}

/* ---- disassembly ------------------------------------------------------------------------- */

static int instruction_size(const struct session *s, uint32_t p)
{
    uint16_t parcel;
    if (debugger_parcel(s->dbg, p, &parcel))
        return 1;
    return isa_rows[isa_decode(model_of(s), parcel)].parcels;
}

static bool is_breakpoint(const struct session *s, uint32_t p)
{
    for (size_t i = 0; i < debugger_point_count(s->dbg); i++) {
        const struct debugger_point *b = debugger_point_at(s->dbg, i);
        if (!b->watch && b->parcel == p)
            return true;
    }
    return false;
}

/* One instruction line; returns its size in parcels. */
static int print_instruction(const struct session *s, uint32_t p)
{
    uint16_t parcels[2] = {0, 0};
    const struct cpu *cpu = debugger_cpu(s->dbg);
    bool here = debugger_running(s->dbg) && cpu->p == p;
    const char *mark = here ? "=>" : is_breakpoint(s, p) ? " *" : "  ";
    if (here && is_breakpoint(s, p))
        mark = "*>";
    const struct dropfile_symbol *label = debugger_label(s->dbg, p, true);
    char name[10];
    snprintf(name, sizeof name, "%s", label ? label->name : "");
    if (debugger_parcel(s->dbg, p, &parcels[0])) {
        printf("%s %08" PRIo32 " %o%c  %-8s (outside the field)\n", mark, p, p / 4,
               'a' + (int)(p & 3), name);
        return 1;
    }
    int available = debugger_parcel(s->dbg, p + 1, &parcels[1]) ? 1 : 2;
    char text[96];
    int n = isa_disassemble(s->forms, model_of(s), parcels, available, text, sizeof text);
    if (n < 1)
        n = 1;
    char raw[16];
    if (n == 2)
        snprintf(raw, sizeof raw, "%06o %06o", parcels[0], parcels[1]);
    else
        snprintf(raw, sizeof raw, "%06o", parcels[0]);
    char where[16];
    snprintf(where, sizeof where, "%o%c", p / 4, 'a' + (int)(p & 3));
    printf("%s %08" PRIo32 " %-6s %-8s %-32s %s\n", mark, p, where, name, text, raw);
    return n;
}

/* Where to start a listing that shows `before` instructions before p:
 * a start from which decoding lands exactly on p. */
static uint32_t listing_start(const struct session *s, uint32_t p, int before)
{
    uint32_t lowest = p > 24 ? p - 24 : 0;
    for (uint32_t start = lowest; start < p; start++) {
        uint32_t starts[64];
        int count = 0;
        uint32_t at = start;
        while (at < p && count < 64) {
            starts[count++] = at;
            at += (uint32_t)instruction_size(s, at);
        }
        if (at == p)
            return count > before ? starts[count - before] : start;
    }
    return p;
}

static void print_listing(const struct session *s, uint32_t start, int count)
{
    uint32_t p = start;
    for (int i = 0; i < count && p < 0xFFFFFF; i++)
        p += (uint32_t)print_instruction(s, p);
}

/* ---- where the job stands ----------------------------------------------------------------- */

static void print_where(const struct session *s)
{
    const struct cpu *cpu = debugger_cpu(s->dbg);
    char name[80];
    parcel_name(s, cpu->p, name, sizeof name);
    printf("step %" PRIu64 "  clock +%" PRIu64 " since the drop  P=%08" PRIo32 "%s%s%s\n",
           debugger_position(s->dbg), debugger_clocks(s->dbg), cpu->p, name[0] ? " (" : "", name,
           name[0] ? ")" : "");
    if (debugger_running(s->dbg))
        print_instruction(s, cpu->p);
    else
        printf("the job has ended (back or rgo to return into it)\n");
}

static void print_new_log(struct session *s)
{
    size_t length;
    const char *text = debugger_new_log(s->dbg, &length);
    while (length > 0) {
        const char *end = memchr(text, '\n', length);
        size_t n = end ? (size_t)(end - text) : length;
        printf("job log | %.*s\n", (int)n, text);
        if (!end)
            break;
        length -= n + 1;
        text = end + 1;
    }
}

static const char *point_kind(const struct debugger_point *p) { return p->watch ? "watchpoint" : "breakpoint"; }

static const struct debugger_point *find_point(const struct session *s, int number)
{
    for (size_t i = 0; i < debugger_point_count(s->dbg); i++)
        if (debugger_point_at(s->dbg, i)->number == number)
            return debugger_point_at(s->dbg, i);
    return NULL;
}

static int report_stop(struct session *s, const struct debugger_stop *stop, bool reverse)
{
    if (stop->reason == STOP_FAILED) {
        /* The sandbox is gone: nothing more can be shown or run. */
        s->quit = true;
        return fail(s, "%s; the session ends", stop->message);
    }
    print_new_log(s);
    const struct debugger_point *p = find_point(s, stop->point);
    switch (stop->reason) {
    case STOP_DONE:
        printf("%s %" PRIu64 " step%s\n", reverse ? "back" : "stepped", stop->steps,
               stop->steps == 1 ? "" : "s");
        break;
    case STOP_BREAK:
        printf("%s%s %d at %s (%" PRIu64 " steps %s)\n", reverse ? "back to " : "",
               p ? point_kind(p) : "breakpoint", stop->point, p ? p->text : "?", stop->steps,
               reverse ? "back" : "run");
        break;
    case STOP_WATCH:
        printf("%swatchpoint %d: %s changed %" PRIo64 " -> %" PRIo64 " (%" PRIu64 " steps %s)\n",
               reverse ? "back to " : "", stop->point, p ? p->text : "?", stop->old_value,
               stop->new_value, stop->steps, reverse ? "back" : "run");
        break;
    case STOP_ARRIVED:
        printf("arrived (%" PRIu64 " steps)\n", stop->steps);
        break;
    case STOP_CLOCKS:
        printf("ran %" PRIu64 " steps\n", stop->steps);
        break;
    case STOP_ENDED:
        printf("the job ended after %" PRIu64 " steps\n", stop->steps);
        break;
    case STOP_NOT_RUNNING:
        return fail(s, "the job has ended: nothing to run (back or rgo to return into it)");
    case STOP_INTERRUPTED:
        printf("interrupted after %" PRIu64 " steps\n", stop->steps);
        break;
    case STOP_START:
        printf("at the start: the state loaded from the dropfile (%" PRIu64 " steps back)\n",
               stop->steps);
        break;
    default:
        break;
    }
    print_where(s);
    return 0;
}

/* ---- arguments --------------------------------------------------------------------------- */

/* Split a line into words; '...' and [...] stay whole.  Returns the count. */
static int split_words(char *line, char **words, int max)
{
    int n = 0;
    char *p = line;
    while (*p && n < max) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        words[n++] = p;
        bool quoted = false;
        int depth = 0;
        while (*p && (quoted || depth || !isspace((unsigned char)*p))) {
            if (*p == '\'' && (quoted || !(p > words[n - 1] && strchr("OoDdXx", p[-1]) &&
                                            (p - 1 == words[n - 1] || !isalnum((unsigned char)p[-2])))))
                quoted = !quoted;   /* not the ' of O'17, D'99, X'FF */
            else if (!quoted && *p == '[')
                depth++;
            else if (!quoted && *p == ']' && depth)
                depth--;
            p++;
        }
        if (*p)
            *p++ = '\0';
    }
    return n;
}

/* A count: decimal digits (or O'17, X'FF). */
static int parse_count(const char *text, uint64_t *count)
{
    char *end;
    int base = 10;
    if (text[0] && text[1] == '\'') {
        int c = toupper((unsigned char)text[0]);
        base = c == 'O' ? 8 : c == 'X' ? 16 : c == 'D' ? 10 : 0;
        text += 2;
    }
    if (!base || !isxdigit((unsigned char)*text))
        return -1;
    errno = 0;
    unsigned long long v = strtoull(text, &end, base);
    if (errno || *end)
        return -1;
    *count = v;
    return 0;
}

/* ---- commands ------------------------------------------------------------------------------- */

struct command {
    const char *name;
    const char *alias;
    const char *usage;
    const char *help;
    int (*run)(struct session *s, int argc, char **argv, const char *rest);
};

static const struct command commands[];
static const size_t command_count;

static int cmd_help(struct session *s, int argc, char **argv, const char *rest);
static const struct command *find_command(struct session *s, const char *word, bool quiet);

static void print_register_line(const struct session *s, int r)
{
    const struct cpu *cpu = debugger_cpu(s->dbg);
    printf("A%d %08" PRIo32 "   S%d ", r, cpu->a[r], r);
    print_word(cpu->s[r], SHOW_FLOAT_IF_PLAUSIBLE);
    printf("\n");
}

static const char *const flag_names[] = {"normal-exit", "error-exit", "io", "memory-error",
                                         "program-range", "operand-range", "floating-error",
                                         "mcu", "clock"};
static const char *const mode_names[] = {"MM", "IFP", "ICM", "IUM", "IMM", "IOR", "BDM", "ECI", "FPS"};

static void names_of(uint32_t bits, const char *const *names, size_t count, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++)
        if (bits & (1u << i))
            snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? " " : "", names[i]);
    if (!buf[0])
        snprintf(buf, size, "none");
}

static void print_vector(const struct session *s, int r, unsigned format)
{
    const struct cpu *cpu = debugger_cpu(s->dbg);
    unsigned length = cpu_vector_length(cpu);
    printf("V%d (VL %u elements):\n", r, length);
    for (unsigned e = 0; e < length; e++) {
        printf("  [%02o] ", e);
        print_word(cpu->v[r][e], format);
        printf("\n");
    }
}

static int cmd_registers(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    const struct cpu *cpu = debugger_cpu(s->dbg);
    const char *which = argc > 1 ? argv[1] : "";
    bool all = !strcasecmp(which, "all");
    if (!which[0] || all || !strcasecmp(which, "A") || !strcasecmp(which, "S")) {
        char name[80], flags[160], modes[80];
        parcel_name(s, cpu->p, name, sizeof name);
        printf("P  %08" PRIo32 " (%o%c)%s%s   step %" PRIu64 "   clock %" PRIu64 " (+%" PRIu64
               " since the drop)\n", cpu->p, cpu->p / 4, 'a' + (int)(cpu->p & 3),
               name[0] ? " " : "", name, debugger_position(s->dbg), cpu->clock,
               debugger_clocks(s->dbg));
        for (int r = 0; r < 8; r++)
            print_register_line(s, r);
        names_of(cpu->flags, flag_names, 9, flags, sizeof flags);
        names_of(cpu->modes, mode_names, 9, modes, sizeof modes);
        printf("VL %03" PRIo32 "   VM %022" PRIo64 "\n", cpu->vl, cpu->vm);
        printf("F  %03" PRIo32 " (%s)   modes %03" PRIo32 " (%s)   XA %03" PRIo32 "\n", cpu->flags,
               flags, cpu->modes, modes, cpu->xa);
        printf("field: base %08" PRIo32 " limit %08" PRIo32 " (%" PRIu32 " words)   instructions %"
               PRIu64 "\n", cpu->base, cpu->limit, debugger_field_words(s->dbg), cpu->instructions);
    }
    if (all || !strcasecmp(which, "B"))
        for (int r = 0; r < 64; r += 4)
            printf("B%02o %08" PRIo32 "  B%02o %08" PRIo32 "  B%02o %08" PRIo32 "  B%02o %08" PRIo32
                   "\n", r, cpu->b[r], r + 1, cpu->b[r + 1], r + 2, cpu->b[r + 2], r + 3,
                   cpu->b[r + 3]);
    if (all || !strcasecmp(which, "T"))
        for (int r = 0; r < 64; r++) {
            printf("T%02o ", r);
            print_word(cpu->t[r], SHOW_FLOAT_IF_PLAUSIBLE);
            printf("\n");
        }
    if (all || !strcasecmp(which, "V"))
        for (int r = 0; r < 8; r++)
            print_vector(s, r, SHOW_FLOAT_IF_PLAUSIBLE);
    if (which[0] && !all && strcasecmp(which, "A") && strcasecmp(which, "S") &&
        strcasecmp(which, "B") && strcasecmp(which, "T") && strcasecmp(which, "V"))
        return fail(s, "registers wants A, S, B, T, V or all");
    return 0;
}

static int cmd_exchange(struct session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    const struct cpu *cpu = debugger_cpu(s->dbg);
    uint64_t w[EXCHANGE_PACKAGE_WORDS];
    exchange_pack(cpu, w);
    bool xmp = cpu->model == MODEL_XMP;
    char modes[80], flags[160];
    names_of(cpu->modes, mode_names, 9, modes, sizeof modes);
    names_of(cpu->flags, flag_names, 9, flags, sizeof flags);
    printf("exchange package (%s layout):\n", isa_model_name(cpu->model));
    for (int i = 0; i < EXCHANGE_PACKAGE_WORDS; i++) {
        printf("  %02o  %022" PRIo64 "  ", i, w[i]);
        if (i < 8)
            printf("A%d %08" PRIo32, i, cpu->a[i]);
        else
            printf("S%d", i - 8);
        switch (i) {
        case 0: printf("  P %08" PRIo32, cpu->p); break;
        case 1: printf("  %s %08" PRIo32, xmp ? "IBA" : "BA", xmp ? cpu->ibase : cpu->base); break;
        case 2: printf("  %s %08" PRIo32 "  modes %s", xmp ? "ILA" : "LA",
                       xmp ? cpu->ilimit : cpu->limit, modes); break;
        case 3: printf("  XA %03" PRIo32 "  VL %03" PRIo32 "  F %s", cpu->xa, cpu->vl, flags); break;
        case 4: if (xmp) printf("  DBA %08" PRIo32 "  CLN %" PRIu32, cpu->base, cpu->cluster); break;
        case 5: if (xmp) printf("  DLA %08" PRIo32, cpu->limit); break;
        default: break;
        }
        printf("\n");
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

static int cmd_examine(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    unsigned format = take_format(&argc, argv, 0);
    if (argc < 2)
        return fail(s, "examine wants a register, an address or a symbol");
    uint64_t count = 1;
    if (argc > 2 && (parse_count(argv[2], &count) || count == 0 || count > 100000))
        return fail(s, "%s: not a count", argv[2]);
    char error[200];
    struct debugger_location loc;
    if (debugger_parse_location(s->dbg, argv[1], true, &loc, error, sizeof error))
        return fail(s, "%s", error);
    const struct cpu *cpu = debugger_cpu(s->dbg);
    if (format & SHOW_INSTRUCTIONS) {
        uint32_t p;
        if (loc.place == PLACE_MEMORY)
            p = loc.index * 4;
        else if (loc.place == PLACE_P)
            p = cpu->p;
        else
            return fail(s, "/i wants an address");
        if (debugger_parse_address(s->dbg, argv[1], true, &p, error, sizeof error) &&
            loc.place != PLACE_P)
            return fail(s, "%s", error);
        print_listing(s, p, (int)count);
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
            printf("%s %0*" PRIo64 "  (%" PRId64 ")", name, (width + 2) / 3, v, sv);
            if (loc.place == PLACE_P) {
                char label[80];
                parcel_name(s, (uint32_t)v, label, sizeof label);
                if (label[0])
                    printf("  %s", label);
            }
            printf("\n");
        } else {
            printf("%s ", name);
            print_word(v, format ? format | SHOW_DECIMAL : SHOW_DECIMAL | SHOW_FLOAT_IF_PLAUSIBLE);
            printf("\n");
        }
        return 0;
    }
    for (uint64_t i = 0; i < count; i++) {
        uint32_t address = loc.index + (uint32_t)i;
        uint64_t w;
        const struct dropfile_symbol *label = debugger_label(s->dbg, address, false);
        if (debugger_word(s->dbg, address, &w)) {
            if (i == 0)
                return fail(s, "address %" PRIo32 " is outside the field of %" PRIo32 " words",
                            address, debugger_field_words(s->dbg));
            break;
        }
        printf("%08" PRIo32 " %-8s ", address, label ? label->name : "");
        print_word(w, format);
        printf("\n");
    }
    return 0;
}

static int cmd_deposit(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 3)
        return fail(s, "deposit wants a register or address and a value");
    char error[200];
    struct debugger_location loc;
    uint64_t value;
    if (debugger_parse_location(s->dbg, argv[1], true, &loc, error, sizeof error) ||
        debugger_parse_value(s->dbg, argv[2], &value, error, sizeof error) ||
        debugger_write(s->dbg, &loc, value, error, sizeof error))
        return fail(s, "%s", error);
    uint64_t now;
    debugger_read(s->dbg, &loc, &now);
    char name[32];
    snprintf(name, sizeof name, "%s", argv[1]);
    for (char *c = name; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    printf("%s <- %" PRIo64 "\n", name, now);
    if (loc.place == PLACE_P)
        print_where(s);
    return 0;
}

static int cmd_disassemble(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    const struct cpu *cpu = debugger_cpu(s->dbg);
    uint64_t count = 12;
    if (argc > 2 && (parse_count(argv[2], &count) || count == 0 || count > 10000))
        return fail(s, "%s: not a count", argv[2]);
    if (argc > 1) {
        uint32_t p;
        char error[200];
        if (debugger_parse_address(s->dbg, argv[1], true, &p, error, sizeof error))
            return fail(s, "%s", error);
        print_listing(s, p, (int)count);
        return 0;
    }
    print_listing(s, listing_start(s, cpu->p, 5), (int)count);
    return 0;
}

static int cmd_symbols(struct session *s, int argc, char **argv, const char *rest)
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
        printf("%-8s %08" PRIo64 "  %s", sym[i].name, sym[i].value, kind);
        if (sym[i].attributes == 'P')
            printf(" (%" PRIo64 "%c)", sym[i].value / 4, 'a' + (int)(sym[i].value & 3));
        printf("\n");
        shown++;
    }
    if (!shown)
        printf("no symbols%s%s\n", prefix[0] ? " starting with " : "", prefix);
    return 0;
}

static int run_and_report(struct session *s, const struct debugger_run *run)
{
    struct debugger_stop stop;
    interrupt_flag = 0;
    debugger_run(s->dbg, run, &stop);
    return report_stop(s, &stop, false);
}

static int cmd_step(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint64_t n = 1;
    if (argc > 1 && (parse_count(argv[1], &n) || n == 0))
        return fail(s, "%s: not a count", argv[1]);
    struct debugger_run run = {n, DEBUGGER_NO_ADDRESS, 0, true};
    return run_and_report(s, &run);
}

static int cmd_next(struct session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    const struct cpu *cpu = debugger_cpu(s->dbg);
    uint16_t parcel;
    struct debugger_run run = {1, DEBUGGER_NO_ADDRESS, 0, true};
    if (debugger_running(s->dbg) && debugger_parcel(s->dbg, cpu->p, &parcel) == 0 &&
        isa_opcode(parcel) == 007) {
        run.steps = UINT64_MAX;   /* over the return jump: until it returns */
        run.until = cpu->p + 2;
    }
    return run_and_report(s, &run);
}

static int cmd_until(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 2)
        return fail(s, "until wants an address or a label");
    uint32_t p;
    char error[200];
    if (debugger_parse_address(s->dbg, argv[1], true, &p, error, sizeof error))
        return fail(s, "%s", error);
    struct debugger_run run = {UINT64_MAX, p, 0, true};
    return run_and_report(s, &run);
}

static int cmd_go(struct session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    struct debugger_run run = {UINT64_MAX, DEBUGGER_NO_ADDRESS, 0, true};
    return run_and_report(s, &run);
}

static int cmd_run(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint64_t clocks;
    if (argc != 2 || parse_count(argv[1], &clocks) || clocks == 0)
        return fail(s, "run wants a number of clocks");
    struct debugger_run run = {UINT64_MAX, DEBUGGER_NO_ADDRESS, clocks, true};
    return run_and_report(s, &run);
}

static void print_points(const struct session *s)
{
    size_t n = debugger_point_count(s->dbg);
    if (!n)
        printf("no breakpoints or watchpoints\n");
    for (size_t i = 0; i < n; i++) {
        const struct debugger_point *p = debugger_point_at(s->dbg, i);
        if (p->watch)
            printf("%2d watchpoint %s (now %" PRIo64 ")  hits %" PRIu64 "\n", p->number, p->text,
                   p->value, p->hits);
        else
            printf("%2d breakpoint %s (P=%08" PRIo32 ")  hits %" PRIu64 "\n", p->number, p->text,
                   p->parcel, p->hits);
    }
}

static int cmd_break(struct session *s, int argc, char **argv, const char *rest)
{
    if (argc < 2) {
        print_points(s);
        return 0;
    }
    uint32_t p;
    char error[200];
    if (debugger_parse_address(s->dbg, argv[1], true, &p, error, sizeof error))
        return fail(s, "%s", error);
    struct debugger_condition cond = {0};
    if (argc > 2) {
        if (strcasecmp(argv[2], "if") || argc < 4)
            return fail(s, "break ADDRESS [if CONDITION]");
        /* The condition is the rest of the line after "if". */
        const char *c = rest;
        while (*c && isspace((unsigned char)*c))
            c++;
        c += strcspn(c, " \t");          /* the address */
        while (*c && isspace((unsigned char)*c))
            c++;
        c += 2;                          /* "if" */
        if (debugger_parse_condition(s->dbg, c, &cond, error, sizeof error))
            return fail(s, "%s", error);
    }
    char text[128];
    char label[80];
    parcel_name(s, p, label, sizeof label);
    snprintf(text, sizeof text, "%s", label[0] ? label : argv[1]);
    if (cond.present) {
        const char *c = strstr(rest, " if ");
        if (!c)
            c = strstr(rest, " IF ");
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s", c ? c : "");
    }
    int number = debugger_add_break(s->dbg, p, &cond, text);
    if (number < 0)
        return fail(s, "too many breakpoints and watchpoints");
    printf("breakpoint %d at %s (P=%08" PRIo32 ")\n", number, text, p);
    return 0;
}

static int cmd_watch(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 2)
        return fail(s, "watch wants an address, a symbol or a register");
    char error[200];
    struct debugger_location loc;
    if (debugger_parse_location(s->dbg, argv[1], true, &loc, error, sizeof error))
        return fail(s, "%s", error);
    uint64_t v;
    if (debugger_read(s->dbg, &loc, &v))
        return fail(s, "address %" PRIo32 " is outside the field", loc.index);
    char text[64];
    if (loc.place == PLACE_MEMORY) {
        const struct dropfile_symbol *label = debugger_label(s->dbg, loc.index, false);
        snprintf(text, sizeof text, "%s [%" PRIo32 "]", label ? label->name : argv[1], loc.index);
    } else {
        snprintf(text, sizeof text, "%s", argv[1]);
        for (char *c = text; *c; c++)
            *c = (char)toupper((unsigned char)*c);
    }
    int number = debugger_add_watch(s->dbg, &loc, text);
    if (number < 0)
        return fail(s, "too many breakpoints and watchpoints");
    printf("watchpoint %d on %s (now %" PRIo64 ")\n", number, text, v);
    return 0;
}

static int cmd_delete(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint64_t n = 0;
    if (argc > 1 && (parse_count(argv[1], &n) || n == 0 || n > 1000000))
        return fail(s, "delete wants a breakpoint or watchpoint number");
    if (debugger_delete(s->dbg, (int)n))
        return fail(s, "no breakpoint or watchpoint %" PRIu64, n);
    if (n)
        printf("deleted %" PRIu64 "\n", n);
    else
        printf("deleted every breakpoint and watchpoint\n");
    return 0;
}

static int cmd_back(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint64_t n = 1;
    if (argc > 1 && (parse_count(argv[1], &n) || n == 0))
        return fail(s, "%s: not a count", argv[1]);
    struct debugger_stop stop;
    interrupt_flag = 0;
    debugger_back(s->dbg, n, &stop);
    return report_stop(s, &stop, true);
}

static int cmd_rgo(struct session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    struct debugger_stop stop;
    interrupt_flag = 0;
    debugger_reverse_go(s->dbg, &stop);
    return report_stop(s, &stop, true);
}

/* ---- the job view -------------------------------------------------------------------------- */

static double period_of(const struct session *s) { return model_of(s) == MODEL_XMP ? 9.5 : 12.5; }

static void wall_text(int64_t t, char *buf, size_t size)
{
    time_t w = (time_t)t;
    struct tm utc;
    if (t && gmtime_r(&w, &utc))
        strftime(buf, size, "%Y-%m-%d %H:%M:%SZ", &utc);
    else
        snprintf(buf, size, "(unknown)");
}

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

static void job_identity(const struct session *s)
{
    const struct dropfile *df = debugger_loaded(s->dbg);
    const struct job *job = debugger_job(s->dbg);
    char wall[40];
    int64_t when = df->written_wall;
    for (size_t h = 0; h < df->history_count; h++)
        if (df->history[h].event == DROP_EVENT_DROP)
            when = df->history[h].wall_time;
    wall_text(when, wall, sizeof wall);
    printf("job       %s  id %s  user %s  account %s  class %s  priority %" PRIu32 "\n",
           or_dash(df->identity.job_name), or_dash(df->identity.job_id), or_dash(df->identity.user),
           or_dash(df->identity.account), or_dash(df->identity.job_class), df->identity.priority);
    printf("dropped   %s at clock %" PRIu64 " (%.6f s) on site %s, %s: %s\n",
           dropfile_reason_name(df->drop.reason), df->drop.clock,
           clocks_to_seconds(df->drop.clock, period_of(s)), or_dash(df->identity.site), wall,
           or_dash(df->drop.note));
    char features[128];
    isa_feature_names(df->machine.features_used, features, sizeof features);
    printf("machine   %s, features used: %s; field %" PRIu32 " words; file %s\n",
           isa_model_name(df->machine.model), features[0] ? features : "none",
           df->machine.field_words, debugger_path(s->dbg));
    printf("program   %s, %s\n", job->program_name[0] ? job->program_name : "-",
           debugger_running(s->dbg) ? "running" : "the job has ended");
}

static void job_limits(const struct session *s)
{
    const struct dropfile *df = debugger_loaded(s->dbg);
    struct os *os = debugger_os(s->dbg);
    const struct job *job = debugger_job(s->dbg);
    uint64_t used = job_clocks_used(os, job);
    double p = period_of(s);
    printf("cpu time  limit %" PRIu64 " clocks (%.4f s); used %" PRIu64 " at the drop (%.4f s), %"
           PRIu64 " now (+%" PRIu64 " in switchp, where the limit is lifted)\n",
           df->limits.cpu_limit, clocks_to_seconds(df->limits.cpu_limit, p), df->limits.cpu_used,
           clocks_to_seconds(df->limits.cpu_used, p), used,
           used > df->limits.cpu_used ? used - df->limits.cpu_used : 0);
    printf("output    limit %" PRIu64 " records, used %" PRIu64 " at the drop; I/O %" PRIu64
           " words now\n", df->limits.output_limit, df->limits.output_used, job->io_words);
}

static void job_datasets(const struct session *s)
{
    struct dropfile now;
    dropfile_init(&now);
    if (job_datasets_to_dropfile(debugger_job(s->dbg), &now)) {
        printf("datasets  (cannot be listed)\n");
        dropfile_free(&now);
        return;
    }
    printf("datasets  %zu (now, in the sandbox):\n", now.dataset_count);
    printf("  %-8s %-8s %-4s %-26s %s\n", "name", "kind", "mode", "position", "size");
    for (size_t i = 0; i < now.dataset_count; i++) {
        const struct dropfile_dataset *d = &now.datasets[i];
        char position[64], size[64];
        snprintf(position, sizeof position, "file %" PRIu64 " record %" PRIu64 " byte %" PRIu64,
                 d->file, d->record, d->word);
        if (d->permanent)
            snprintf(size, sizeof size, "permanent %s of %s", or_dash(d->permanent_name),
                     or_dash(d->owner));
        else
            snprintf(size, sizeof size, "%" PRIu64 " bytes", d->contents_size);
        printf("  %-8s %-8s %-4s %-26s %s\n", d->name, dropfile_kind_name(d->kind),
               dropfile_mode_name(d->mode), position, size);
    }
    dropfile_free(&now);
}

static void job_stack(const struct session *s)
{
    const struct job *job = debugger_job(s->dbg);
    int current = job->step_running ? job->next_statement - 1 : job->next_statement;
    printf("job stack %d statements%s:\n", job->deck.statement_count,
           debugger_running(s->dbg) ? "" : " (the job has ended)");
    for (int i = 0; i < job->deck.statement_count; i++)
        printf("%s %3d  %s%s\n", i == current && debugger_running(s->dbg) ? "=>" : "  ", i,
               job->deck.statements[i].text,
               i == current && job->step_running ? "      <- running this step" : "");
    if (current >= job->deck.statement_count && debugger_running(s->dbg))
        printf("=>      (after the last statement)\n");
}

static void job_log_view(const struct session *s)
{
    const struct job *job = debugger_job(s->dbg);
    printf("job log:\n");
    const char *text = job->log.data ? job->log.data : "";
    while (*text) {
        size_t n = strcspn(text, "\n");
        printf("  | %.*s\n", (int)n, text);
        text += n + (text[n] ? 1 : 0);
    }
}

static void job_history(const struct session *s)
{
    const struct dropfile *df = debugger_loaded(s->dbg);
    printf("history   %zu event%s:\n", df->history_count, df->history_count == 1 ? "" : "s");
    for (size_t i = 0; i < df->history_count; i++) {
        const struct dropfile_history *h = &df->history[i];
        char wall[40];
        wall_text(h->wall_time, wall, sizeof wall);
        printf("  %zu %-7s site %s user %s clock %" PRIu64 " at %s: %s%s%s\n", i,
               dropfile_event_name(h->event), or_dash(h->site), or_dash(h->user), h->clock, wall,
               or_dash(h->reason), h->note && *h->note ? " - " : "", h->note ? h->note : "");
    }
}

static int cmd_job(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    static const char *const sections[] = {"identity", "limits", "datasets", "stack", "log",
                                           "history"};
    int which = -1;
    if (argc > 1) {
        size_t n = strlen(argv[1]);
        for (int i = 0; i < 6; i++)
            if (!strncasecmp(sections[i], argv[1], n))
                which = which == -1 ? i : -2;
        if (which < 0)
            return fail(s, "job shows identity, limits, datasets, stack, log or history");
    }
    if (which < 0 || which == 0)
        job_identity(s);
    if (which < 0 || which == 1)
        job_limits(s);
    if (which < 0 || which == 2)
        job_datasets(s);
    if (which < 0 || which == 3)
        job_stack(s);
    if (which < 0 || which == 5)
        job_history(s);
    if (which < 0 || which == 4)
        job_log_view(s);
    return 0;
}

static int cmd_output(struct session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    struct text out = {0};
    if (job_output_text(debugger_job(s->dbg), &out)) {
        text_free(&out);
        return fail(s, "the job has no $OUT");
    }
    printf("$OUT (%zu bytes):\n", out.length);
    const char *text = out.data ? out.data : "";
    while (*text) {
        size_t n = strcspn(text, "\n");
        printf("  | %.*s\n", (int)n, text);
        text += n + (text[n] ? 1 : 0);
    }
    text_free(&out);
    return 0;
}

static int cmd_drop(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 2)
        return fail(s, "drop wants the name of the new dropfile");
    char error[600];
    if (debugger_drop(s->dbg, argv[1], error, sizeof error))
        return fail(s, "%s", error);
    printf("dropfile %s written: step %" PRIu64 ", clock +%" PRIu64 ", %zu edit%s (history: edit)\n",
           argv[1], debugger_position(s->dbg), debugger_clocks(s->dbg),
           debugger_edit_count(s->dbg), debugger_edit_count(s->dbg) == 1 ? "" : "s");
    return 0;
}

static int cmd_digest(struct session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    size_t bytes;
    size_t count = debugger_checkpoints(s->dbg, &bytes);
    printf("digest %016" PRIx64 " at step %" PRIu64 " clock +%" PRIu64 "  (%zu checkpoints, %zu KB;"
           " %" PRIu64 " sandbox builds)\n", debugger_digest(s->dbg), debugger_position(s->dbg),
           debugger_clocks(s->dbg), count, bytes / 1024, debugger_rebuilds(s->dbg));
    return 0;
}

static int cmd_where(struct session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    print_where(s);
    return 0;
}

static int cmd_quit(struct session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    s->quit = true;
    return 0;
}

static const struct command commands[] = {
    {"help", "h", "help [COMMAND]", "this list, or what one command does", cmd_help},
    {"registers", NULL, "registers [A|S|B|T|V|all]",
     "P, A0-A7, S0-S7 (octal; floating point where it looks like one), VL, VM, F, modes", cmd_registers},
    {"exchange", NULL, "exchange", "the exchange package, word by word", cmd_exchange},
    {"examine", "e", "examine[/ofcdia] WHAT [COUNT]",
     "a register, or COUNT words at an address or symbol: /o octal /f float /c characters "
     "/d decimal /a all /i instructions", cmd_examine},
    {"deposit", "d", "deposit WHERE VALUE",
     "change a register (P too) or a memory word: octal, D'99, 1.5 (float), 'TEXT', a symbol",
     cmd_deposit},
    {"disassemble", "l", "disassemble [ADDRESS] [COUNT]",
     "instructions with labels, around P (=>) or from a parcel address or label", cmd_disassemble},
    {"symbols", NULL, "symbols [PREFIX]", "the program's symbol table", cmd_symbols},
    {"where", NULL, "where", "step, clocks since the drop, P and its instruction", cmd_where},
    {"step", "s", "step [N]", "execute N instructions (default 1); stops at breakpoints", cmd_step},
    {"next", "n", "next", "one instruction, but a return jump (R, 007) runs until it returns",
     cmd_next},
    {"until", "u", "until ADDRESS", "run until P reaches a parcel address or label", cmd_until},
    {"go", "g", "go", "run until a breakpoint, a watchpoint or the end of the job", cmd_go},
    {"run", NULL, "run N", "run N clocks (or to a breakpoint)", cmd_run},
    {"break", "b", "break [ADDRESS|LABEL [if CONDITION]]",
     "stop when P gets there (and CONDITION holds: A1 == 0, S2 > 5, [BUFFER] != 0); "
     "alone: list the points", cmd_break},
    {"watch", "w", "watch ADDRESS|SYMBOL|REGISTER", "stop when its value changes", cmd_watch},
    {"delete", NULL, "delete [N]", "delete breakpoint or watchpoint N, or all", cmd_delete},
    {"back", NULL, "back [N]", "go back N steps (default 1), to exactly the earlier state",
     cmd_back},
    {"rgo", NULL, "rgo", "go back to the previous breakpoint or watchpoint hit", cmd_rgo},
    {"job", NULL, "job [identity|limits|datasets|stack|log|history]",
     "the job: who, why and when it was dropped, limits and time, datasets, its control "
     "statements, its log, its restart history", cmd_job},
    {"output", NULL, "output", "the job's $OUT so far", cmd_output},
    {"drop", NULL, "drop FILE", "write the present state as a new dropfile a site can restart",
     cmd_drop},
    {"digest", NULL, "digest", "a digest of the whole state (equal digests: equal states)",
     cmd_digest},
    {"quit", "q", "quit", "leave (the sandbox is deleted)", cmd_quit},
};
static const size_t command_count = sizeof commands / sizeof commands[0];

static int cmd_help(struct session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc > 1) {
        const struct command *c = find_command(s, argv[1], false);
        if (!c)
            return -1;
        printf("%s%s%s%s\n  %s\n", c->usage, c->alias ? "   (alias " : "", c->alias ? c->alias : "",
               c->alias ? ")" : "", c->help);
        return 0;
    }
    for (size_t i = 0; i < command_count; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s", commands[i].usage);
        printf("  %-42s %s%s%s%s\n", name, commands[i].help, commands[i].alias ? " [" : "",
               commands[i].alias ? commands[i].alias : "", commands[i].alias ? "]" : "");
    }
    printf("  A unique prefix of a command is enough; [x] is a one-letter alias.  Addresses and\n"
           "  values are octal (D'99 decimal, X'FF hex), parcel addresses may be written 3b\n"
           "  (word 3, parcel b); counts are decimal.  Registers: A0-A7 S0-S7 B0-B77 T0-T77\n"
           "  V0-V7 V1[5] VL VM P; [ADDRESS] is a memory word.\n");
    return 0;
}

/* Levenshtein distance, for suggestions. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t best = diagonal + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = up;
        }
    }
    return row[lb];
}

static const struct command *find_command(struct session *s, const char *word, bool quiet)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < command_count; i++)
        if (!strcasecmp(commands[i].name, word) ||
            (commands[i].alias && !strcasecmp(commands[i].alias, word)))
            return &commands[i];
    const struct command *found = NULL;
    char candidates[300] = "";
    int matches = 0;
    for (size_t i = 0; i < command_count; i++) {
        if (!strncasecmp(commands[i].name, word, n)) {
            found = &commands[i];
            matches++;
            snprintf(candidates + strlen(candidates), sizeof candidates - strlen(candidates), "%s%s",
                     matches > 1 ? ", " : "", commands[i].name);
        }
    }
    if (matches == 1)
        return found;
    if (quiet)
        return NULL;
    if (matches > 1) {
        fail(s, "ambiguous command \"%s\": %s", word, candidates);
        return NULL;
    }
    const struct command *nearest = &commands[0];
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < command_count; i++) {
        size_t d = distance(word, commands[i].name);
        if (d < best) {
            best = d;
            nearest = &commands[i];
        }
    }
    fail(s, "unknown command \"%s\": did you mean %s? (help lists them)", word, nearest->name);
    return NULL;
}

/* Run one command line.  0, or -1 when the command failed. */
static int execute(struct session *s, const char *line)
{
    char copy[LINE_MAX_CHARS];
    snprintf(copy, sizeof copy, "%s", line);
    copy[strcspn(copy, "\r\n")] = '\0';
    char *start = copy;
    while (isspace((unsigned char)*start))
        start++;
    if (!*start || *start == '#')
        return 0;
    /* rest: the text after the command word, as typed */
    const char *rest = start + strcspn(start, " \t");
    char rest_copy[LINE_MAX_CHARS];
    snprintf(rest_copy, sizeof rest_copy, "%s", rest);
    char *words[MAX_ARGS];
    int argc = split_words(start, words, MAX_ARGS);
    if (argc == 0)
        return 0;
    char name[64];
    snprintf(name, sizeof name, "%s", words[0]);
    name[strcspn(name, "/")] = '\0';
    const struct command *c = find_command(s, name, false);
    if (!c)
        return -1;
    return c->run(s, argc, words, rest_copy);
}

/* ---- the session ---------------------------------------------------------------------------- */

static void prompt(const struct session *s, char *buf, size_t size)
{
    snprintf(buf, size, "switchp +%" PRIu64 "> ", debugger_clocks(s->dbg));
}

static void run_line(struct session *s, const char *line)
{
    if (s->echo) {
        char p[64];
        prompt(s, p, sizeof p);
        printf("%s%s", p, line);
        if (!strchr(line, '\n'))
            printf("\n");
    }
    if (execute(s, line))
        s->failures++;
    fflush(stdout);
}

static void run_stream(struct session *s, FILE *in)
{
    char *line = NULL;
    size_t capacity = 0;
    while (!s->quit && !terminate_flag && getline(&line, &capacity, in) >= 0)
        run_line(s, line);
    free(line);
}

/* Completion (readline's generator protocol wants file-scope state): the
 * session being completed, and where the generator is in its list. */
static struct session *completing;
static size_t completion_index;
static bool completing_command;

static char *complete_word(const char *text, int state)
{
    static const char *const registers[] = {"A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "S0",
                                            "S1", "S2", "S3", "S4", "S5", "S6", "S7", "V0", "V1",
                                            "V2", "V3", "V4", "V5", "V6", "V7", "VL", "VM", "P",
                                            "identity", "limits", "datasets", "stack", "log",
                                            "history", "all", "if"};
    const size_t register_count = sizeof registers / sizeof registers[0];
    if (!state)
        completion_index = 0;
    size_t n = strlen(text);
    if (completing_command) {
        while (completion_index < command_count) {
            const char *name = commands[completion_index++].name;
            if (!strncasecmp(name, text, n))
                return strdup(name);
        }
        return NULL;
    }
    while (completion_index < register_count) {
        const char *name = registers[completion_index++];
        if (!strncasecmp(name, text, n))
            return strdup(name);
    }
    size_t count;
    const struct dropfile_symbol *sym = debugger_symbols(completing->dbg, &count);
    while (completion_index < register_count + count) {
        const char *name = sym[completion_index++ - register_count].name;
        if (name && !strncasecmp(name, text, n))
            return strdup(name);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    completing_command = start == 0;
    return rl_completion_matches(text, complete_word);
}

static void run_interactive(struct session *s)
{
    char history[1024] = "";
    const char *home = getenv("HOME");
    if (home && *home) {
        snprintf(history, sizeof history, "%s/.switchp_history", home);
        read_history(history);
    }
    completing = s;
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\n[]=<>!+-";
    stifle_history(1000);
    rl_signal_event_hook = signal_event;
    while (!s->quit && !terminate_flag) {
        char p[64];
        prompt(s, p, sizeof p);
        char *line = readline(p);
        if (!line || terminate_flag) {
            free(line);
            break;
        }
        if (*line)
            add_history(line);
        run_line(s, line);
        free(line);
    }
    if (history[0])
        write_history(history);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: switchp [--pds SITE] [--no-timing] [-x SCRIPT] FILE.drop\n"
            "  Loads a dropfile into a debugger: the job runs in a private sandbox site\n"
            "  (its system requests served from the dropfile's own datasets; nothing on any\n"
            "  site changes), and can be examined, changed, run forwards and backwards,\n"
            "  and written back as a new dropfile.  Commands come from the terminal\n"
            "  (readline), from SCRIPT (-x), or from standard input; HELP lists them.\n"
            "  --pds SITE copies the permanent datasets the job uses from SITE.\n");
}

int main(int argc, char **argv)
{
    const char *script = NULL, *file = NULL;
    struct debugger_options options = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-x") && i + 1 < argc) {
            script = argv[++i];
        } else if (!strcmp(argv[i], "--pds") && i + 1 < argc) {
            options.pds_site = argv[++i];
        } else if (!strcmp(argv[i], "--no-timing")) {
            options.no_timing = true;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' || file) {
            usage(stderr);
            return 2;
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        usage(stderr);
        return 2;
    }
    FILE *in = NULL;
    if (script && !(in = fopen(script, "r"))) {
        fprintf(stderr, "switchp: cannot read %s: %s\n", script, strerror(errno));
        return 2;
    }
    options.interrupt = &interrupt_flag;
    struct session s = {0};
    char error[1024];
    if (debugger_open(file, &options, &s.dbg, error, sizeof error)) {
        fprintf(stderr, "switchp: refused: %s\n", error);
        if (in)
            fclose(in);
        return 2;
    }
    s.forms = isa_forms_create();
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);

    const struct dropfile *df = debugger_loaded(s.dbg);
    printf("switchp: %s: job %s (id %s, user %s), dropped: %s at clock %" PRIu64 "\n", file,
           or_dash(df->identity.job_name), or_dash(df->identity.job_id), or_dash(df->identity.user),
           dropfile_reason_name(df->drop.reason), df->drop.clock);
    printf("sandbox %s; clocks are counted from the drop; help lists the commands\n",
           debugger_sandbox(s.dbg));
    print_where(&s);
    fflush(stdout);
    if (in) {
        s.echo = true;
        run_stream(&s, in);
        fclose(in);
    } else if (isatty(0)) {
        run_interactive(&s);
    } else {
        s.echo = true;
        run_stream(&s, stdin);
    }
    isa_forms_destroy(s.forms);
    debugger_close(s.dbg);
    return s.failures || terminate_flag ? 1 : 0;
}
