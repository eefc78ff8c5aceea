/*
 * commands_show.c - what switchp's commands share (see commands.h): words
 * in octal, as floating point and as characters, labels near a parcel,
 * instructions listed with labels, breakpoints and P marked, where the job
 * stands, why running stopped, and counts.  It calls only the debugger.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands_internal.h"
#include "emu/cray_float.h"
#include "emu/isa.h"

int switchp_fail(struct switchp_session *s, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(s->out, "error: ");
    vfprintf(s->out, format, args);
    fprintf(s->out, "\n");
    va_end(args);
    return -1;
}

const char *const switchp_flag_names[9] = {"normal-exit", "error-exit", "io", "memory-error",
                                           "program-range", "operand-range", "floating-error",
                                           "mcu", "clock"};
const char *const switchp_mode_names[9] = {"MM",  "IFP", "ICM", "IUM", "IMM",
                                           "IOR", "BDM", "ECI", "FPS"};

void switchp_names_of(uint32_t bits, const char *const *names, size_t count, char *buf,
                      size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++)
        if (bits & (1u << i))
            snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? " " : "", names[i]);
    if (!buf[0])
        snprintf(buf, size, "none");
}

/* ---- formatting ------------------------------------------------------------------------ */

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

void switchp_parcel_name(const struct switchp_session *s, uint32_t p, char *buf, size_t size)
{
    size_t n;
    const struct dropfile_symbol *sym = debugger_symbols(s->dbg, &n);
    dropfile_parcel_name(sym, n, p, buf, size);
}

void switchp_print_word(const struct switchp_session *s, uint64_t w, unsigned format)
{
    fprintf(s->out, "%022" PRIo64, w);
    if (format & SHOW_DECIMAL)
        fprintf(s->out, "  %" PRId64, (int64_t)w);
    char text[64];
    if ((format & SHOW_FLOAT) || ((format & SHOW_FLOAT_IF_PLAUSIBLE) && plausible_float(w))) {
        float_text(w, text, sizeof text);
        fprintf(s->out, "  (%s)", text);
    }
    if (format & SHOW_CHARS) {
        char c[9];
        chars_text(w, c);
        fprintf(s->out, "  '%s'", c);
    }
}

/* ---- disassembly ------------------------------------------------------------------------- */

static int instruction_size(const struct switchp_session *s, uint32_t p)
{
    uint16_t parcel;
    if (debugger_parcel(s->dbg, p, &parcel))
        return 1;
    return isa_rows[isa_decode(switchp_model(s), parcel)].parcels;
}

static bool is_breakpoint(const struct switchp_session *s, uint32_t p)
{
    for (size_t i = 0; i < debugger_point_count(s->dbg); i++) {
        const struct debugger_point *b = debugger_point_at(s->dbg, i);
        if (!b->watch && b->parcel == p)
            return true;
    }
    return false;
}

/* A jump's or return jump's target as its label when one is known:
 * "JAN       3" -> "JAN       LOOP", "R         O'163" -> "R         $OCTAL". */
static void label_branch_target(const struct switchp_session *s, char *text, size_t size)
{
    static const char *const jumps[] = {"J", "JAZ", "JAN", "JAP", "JAM", "JSZ",
                                        "JSN", "JSP", "JSM", "R"};
    char op[8];
    size_t n = strcspn(text, " ");
    if (n == 0 || n >= sizeof op)
        return;
    memcpy(op, text, n);
    op[n] = '\0';
    bool jump = false;
    for (size_t i = 0; i < sizeof jumps / sizeof jumps[0]; i++)
        jump = jump || !strcmp(op, jumps[i]);
    if (!jump)
        return;
    char *operand = text + n + strspn(text + n, " ");
    const char *digits = strncmp(operand, "O'", 2) ? operand : operand + 2;
    size_t d = strspn(digits, "01234567");
    if (d == 0 || (digits[d] && digits[d] != ' '))
        return;
    uint32_t target = (uint32_t)strtoul(digits, NULL, 8);
    const struct dropfile_symbol *label = debugger_label(s->dbg, target, true);
    if (!label || label->attributes != 'P')
        return;
    char rest[96];
    snprintf(rest, sizeof rest, "%s", digits + d);
    snprintf(operand, size - (size_t)(operand - text), "%s%s", label->name, rest);
}

/* One instruction line; returns its size in parcels. */
static int print_instruction(const struct switchp_session *s, uint32_t p)
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
        fprintf(s->out, "%s %08" PRIo32 " %o%c  %-8s (outside the field)\n", mark, p, p / 4,
                'a' + (int)(p & 3), name);
        return 1;
    }
    int available = debugger_parcel(s->dbg, p + 1, &parcels[1]) ? 1 : 2;
    char text[96];
    int n = isa_disassemble(s->forms, switchp_model(s), parcels, available, text, sizeof text);
    if (n < 1)
        n = 1;
    label_branch_target(s, text, sizeof text);
    char raw[16];
    if (n == 2)
        snprintf(raw, sizeof raw, "%06o %06o", parcels[0], parcels[1]);
    else
        snprintf(raw, sizeof raw, "%06o", parcels[0]);
    char where[16];
    snprintf(where, sizeof where, "%o%c", p / 4, 'a' + (int)(p & 3));
    fprintf(s->out, "%s %08" PRIo32 " %-6s %-8s %-32s %s\n", mark, p, where, name, text, raw);
    return n;
}

/* Where to start a listing that shows `before` instructions before p:
 * a start from which decoding lands exactly on p. */
uint32_t switchp_listing_start(const struct switchp_session *s, uint32_t p, int before)
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

void switchp_print_listing(const struct switchp_session *s, uint32_t start, int count)
{
    uint32_t p = start;
    for (int i = 0; i < count && p < 0xFFFFFF; i++)
        p += (uint32_t)print_instruction(s, p);
}

/* memory-error, program-range, operand-range, floating-error */
#define ERROR_FLAGS 0170u

/* ---- where the job stands ----------------------------------------------------------------- */

void switchp_print_where(const struct switchp_session *s)
{
    const struct cpu *cpu = debugger_cpu(s->dbg);
    char name[80];
    bool running = debugger_running(s->dbg);
    if (running) {
        switchp_parcel_name(s, cpu->p, name, sizeof name);
    } else {
        /* P after the job's last exchange ($END's) is past that routine,
         * often on the next one's label: name the instruction before it. */
        char last[72];
        switchp_parcel_name(s, switchp_listing_start(s, cpu->p, 1), last, sizeof last);
        snprintf(name, sizeof name, "%s%s", last[0] ? "after " : "", last);
    }
    if (debugger_from_start(s->dbg)) {
        /* Positions count from the job's start; clocks are signed from the drop. */
        uint64_t at = debugger_position(s->dbg), drop = debugger_drop_position(s->dbg);
        char clocks[64];
        uint64_t c = debugger_clocks(s->dbg);
        if (at < drop || c == 0)
            snprintf(clocks, sizeof clocks, "clock %" PRIu64, cpu->clock);
        else
            snprintf(clocks, sizeof clocks, "clock +%" PRIu64 " since the drop", c);
        fprintf(s->out,
                "step %" PRIu64 " since the job began (the drop: step %" PRIu64 ")  %s  P=%08" PRIo32
                "%s%s%s\n",
                at, drop, clocks, cpu->p, name[0] ? " (" : "", name, name[0] ? ")" : "");
    } else {
        fprintf(s->out,
                "step %" PRIu64 "  clock +%" PRIu64 " since the drop  P=%08" PRIo32 "%s%s%s\n",
                debugger_position(s->dbg), debugger_clocks(s->dbg), cpu->p, name[0] ? " (" : "",
                name, name[0] ? ")" : "");
    }
    if (!running) {
        fprintf(s->out, "the job has ended (back or rgo to return into it)\n");
        return;
    }
    print_instruction(s, cpu->p);
    const struct switchp_source_line *line = switchp_source_at(s, cpu->p);
    if (line)
        fprintf(s->out, "   source line %d: %.*s\n", line->line, (int)line->length, line->text);
    if (cpu->flags & ERROR_FLAGS) {
        /* An error dropfile: the exchange P names is after the fault. */
        char flags[160];
        switchp_names_of(cpu->flags, switchp_flag_names, 9, flags, sizeof flags);
        fprintf(s->out, "faulted (%s): the instruction before P:\n", flags);
        uint32_t at = switchp_listing_start(s, cpu->p, 1);
        print_instruction(s, at);
        line = switchp_source_at(s, at);
        if (line)
            fprintf(s->out, "   source line %d: %.*s\n", line->line, (int)line->length,
                    line->text);
    }
    if (cpu->flags)
        fprintf(s->out,
                "F %03" PRIo32 " is set: the next step exchanges and the OS takes it as the "
                "step's error again (AB0xx); deposit F 0 clears the flags (and deposit P to "
                "go on elsewhere)\n",
                cpu->flags);
}

static void print_new_log(struct switchp_session *s)
{
    size_t length;
    const char *text = debugger_new_log(s->dbg, &length);
    while (length > 0) {
        const char *end = memchr(text, '\n', length);
        size_t n = end ? (size_t)(end - text) : length;
        fprintf(s->out, "job log | %.*s\n", (int)n, text);
        if (!end)
            break;
        length -= n + 1;
        text = end + 1;
    }
}

static const char *point_kind(const struct debugger_point *p)
{
    return p->watch ? "watchpoint" : "breakpoint";
}

static const struct debugger_point *find_point(const struct switchp_session *s, int number)
{
    for (size_t i = 0; i < debugger_point_count(s->dbg); i++)
        if (debugger_point_at(s->dbg, i)->number == number)
            return debugger_point_at(s->dbg, i);
    return NULL;
}

void switchp_print_display(const struct switchp_session *s, const struct switchp_display *d)
{
    char path[64], value[256], error[200];
    struct debugger_location loc;
    uint64_t v;
    if (debugger_field_path(d->text, path, sizeof path) && !debugger_symbol(s->dbg, d->text)) {
        if (debugger_field_get(s->dbg, d->text, path, sizeof path, value, sizeof value, error,
                               sizeof error))
            fprintf(s->out, "%d: %s: %s\n", d->number, d->text, error);
        else
            fprintf(s->out, "%d: %s = %s\n", d->number, path, value);
    } else if (debugger_parse_location(s->dbg, d->text, true, &loc, error, sizeof error) ||
               debugger_read(s->dbg, &loc, &v)) {
        fprintf(s->out, "%d: %s: %s\n", d->number, d->text,
                loc.place == PLACE_MEMORY ? "outside the field" : error);
    } else {
        unsigned width = debugger_width(s->dbg, &loc);
        fprintf(s->out, "%d: %s = %0*" PRIo64 "\n", d->number, d->text, (int)(width + 2) / 3, v);
    }
}

static const char *steps_word(uint64_t n) { return n == 1 ? "step" : "steps"; }

int switchp_report_stop(struct switchp_session *s, const struct debugger_stop *stop, bool reverse)
{
    if (stop->reason == STOP_FAILED) {
        /* The sandbox is gone: nothing more can be shown or run. */
        s->quit = true;
        return switchp_fail(s, "%s; the session ends", stop->message);
    }
    print_new_log(s);
    char note[320];
    if (debugger_take_note(s->dbg, note, sizeof note))
        fprintf(s->out, "%s\n", note);
    const struct debugger_point *p = find_point(s, stop->point);
    switch (stop->reason) {
    case STOP_DONE:
        fprintf(s->out, "%s %" PRIu64 " step%s\n", reverse ? "back" : "stepped", stop->steps,
                stop->steps == 1 ? "" : "s");
        break;
    case STOP_BREAK:
        fprintf(s->out, "%s%s %d at %s (%" PRIu64 " %s %s)\n", reverse ? "back to " : "",
                p ? point_kind(p) : "breakpoint", stop->point, p ? p->text : "?", stop->steps,
                steps_word(stop->steps), reverse ? "back" : "run");
        break;
    case STOP_WATCH:
        fprintf(s->out,
                "%swatchpoint %d: %s changed %" PRIo64 " -> %" PRIo64 " (%" PRIu64 " %s %s)\n",
                reverse ? "back to " : "", stop->point, p ? p->text : "?", stop->old_value,
                stop->new_value, stop->steps, steps_word(stop->steps), reverse ? "back" : "run");
        break;
    case STOP_ARRIVED:
        fprintf(s->out, "arrived (%" PRIu64 " %s)\n", stop->steps, steps_word(stop->steps));
        break;
    case STOP_CLOCKS:
        fprintf(s->out, "ran %" PRIu64 " %s\n", stop->steps, steps_word(stop->steps));
        break;
    case STOP_ENDED:
        fprintf(s->out, "the job ended after %" PRIu64 " %s\n", stop->steps,
                steps_word(stop->steps));
        break;
    case STOP_NOT_RUNNING:
        return switchp_fail(s, "the job has ended: nothing to run (back or rgo to return into it)");
    case STOP_INTERRUPTED:
        fprintf(s->out, "interrupted after %" PRIu64 " %s\n", stop->steps,
                steps_word(stop->steps));
        break;
    case STOP_START:
        fprintf(s->out,
                "at the start: the state loaded from the dropfile (%" PRIu64 " %s back)\n",
                stop->steps, steps_word(stop->steps));
        break;
    default:
        break;
    }
    switchp_print_where(s);
    if (debugger_running(s->dbg))
        for (size_t i = 0; i < s->display_count; i++)
            switchp_print_display(s, &s->displays[i]);
    return 0;
}

/* ---- counts ------------------------------------------------------------------------------ */

int switchp_parse_count(const char *text, uint64_t *count)
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
