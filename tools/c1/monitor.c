/*
 * monitor.c - c1 --bare IMAGE -i: a SIMH-style monitor over the bare
 * machine (see monitor.h).  One table of the registers drives EXAMINE and
 * DEPOSIT; commands are words with unique prefixes, as SIMH users know
 * them.  Numbers are octal, as everything else in C-1 prints them; D'n is
 * decimal.
 */
#include "monitor.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emu/cpu.h"
#include "emu/isa.h"
#include "emu/memory.h"

#define MONITOR_BREAKS 16
#define MONITOR_LINE 256

/* The registers, one row each: a name, how many there are (n > 1: the name
 * takes an octal index, A3, B17, V2 with an element V2[17]), and the width
 * in bits (a deposit must fit). */
enum reg_kind { MON_A, MON_S, MON_B, MON_T, MON_V, MON_VL, MON_VM, MON_P, MON_FLAGS };
static const struct reg {
    const char *name;
    enum reg_kind kind;
    unsigned count;
    unsigned bits;
} registers[] = {
    {"VL", MON_VL, 1, 7},       {"VM", MON_VM, 1, 64},   {"P", MON_P, 1, 24},
    {"FLAGS", MON_FLAGS, 1, 9}, {"A", MON_A, 8, 24},     {"S", MON_S, 8, 64},
    {"B", MON_B, 64, 24},       {"T", MON_T, 64, 64},    {"V", MON_V, 8, 64},
};
#define REGISTER_COUNT (sizeof registers / sizeof registers[0])

/* A place: a register (with index and element) or a word of the field. */
struct place {
    const struct reg *reg;      /* NULL: a memory word */
    unsigned index, element;
    uint32_t address;           /* field-relative word address */
};

struct monitor {
    struct machine *machine;
    unsigned pc;                /* the processor commands act on */
    const struct isa_forms *forms;
    uint32_t breaks[MONITOR_BREAKS];   /* parcel addresses */
    unsigned break_count;
    uint64_t max_cycles;
    FILE *out;
};

static struct cpu *current(struct monitor *m) { return &m->machine->cpu[m->pc]; }

/* An octal number, or D'decimal; the whole word.  0, or -1. */
static int parse_number(const char *text, uint64_t *value)
{
    int base = 8;
    if ((text[0] == 'D' || text[0] == 'd') && text[1] == '\'') {
        base = 10;
        text += 2;
    }
    if (!*text)
        return -1;
    uint64_t v = 0;
    for (const char *c = text; *c; c++) {
        int digit = *c - '0';
        if (digit < 0 || digit >= base || v > (UINT64_MAX - (uint64_t)digit) / (uint64_t)base)
            return -1;
        v = v * (uint64_t)base + (uint64_t)digit;
    }
    *value = v;
    return 0;
}

/* "A3", "S7", "B17", "V2[17]", "VL", "P", or an octal address. */
static int parse_place(struct monitor *m, const char *text, struct place *place, char *why,
                       size_t size)
{
    memset(place, 0, sizeof *place);
    for (size_t r = 0; r < REGISTER_COUNT; r++) {
        const struct reg *reg = &registers[r];
        size_t n = strlen(reg->name);
        if (strncasecmp(text, reg->name, n))
            continue;
        const char *rest = text + n;
        if (reg->count == 1) {
            if (*rest)
                continue;
            place->reg = reg;
            return 0;
        }
        char digits[8];
        size_t d = strspn(rest, "01234567");
        if (d == 0 || d >= sizeof digits)
            continue;
        memcpy(digits, rest, d);
        digits[d] = '\0';
        uint64_t index;
        if (parse_number(digits, &index) || index >= reg->count) {
            snprintf(why, size, "%s has registers 0-%o", reg->name, reg->count - 1);
            return -1;
        }
        rest += d;
        place->reg = reg;
        place->index = (unsigned)index;
        if (reg->kind == MON_V && *rest == '[') {
            char *close = strchr(rest, ']');
            uint64_t element;
            if (!close || close[1] || (size_t)(close - rest - 1) >= sizeof digits) {
                snprintf(why, size, "an element is written V%o[octal]", place->index);
                return -1;
            }
            memcpy(digits, rest + 1, (size_t)(close - rest - 1));
            digits[close - rest - 1] = '\0';
            if (parse_number(digits, &element) || element >= 64) {
                snprintf(why, size, "a vector register has elements 0-77");
                return -1;
            }
            place->element = (unsigned)element;
            return 0;
        }
        if (*rest) {
            snprintf(why, size, "no register %s", text);
            return -1;
        }
        return 0;
    }
    uint64_t address;
    if (parse_number(text, &address)) {
        snprintf(why, size, "no register or octal address %s", text);
        return -1;
    }
    const struct cpu *cpu = current(m);
    if (address >= cpu->limit - cpu->base) {
        snprintf(why, size, "address %" PRIo64 " is outside the field of %" PRIo32 " words",
                 address, cpu->limit - cpu->base);
        return -1;
    }
    place->address = (uint32_t)address;
    return 0;
}

static uint64_t place_get(struct monitor *m, const struct place *p)
{
    struct cpu *cpu = current(m);
    if (!p->reg)
        return m->machine->memory.word[cpu->base + p->address];
    switch (p->reg->kind) {
    case MON_A: return cpu->a[p->index];
    case MON_S: return cpu->s[p->index];
    case MON_B: return cpu->b[p->index];
    case MON_T: return cpu->t[p->index];
    case MON_V: return cpu->v[p->index][p->element];
    case MON_VL: return cpu->vl;
    case MON_VM: return cpu->vm;
    case MON_P: return cpu->p;
    case MON_FLAGS: return cpu->flags;
    }
    return 0;
}

static void place_set(struct monitor *m, const struct place *p, uint64_t v)
{
    struct cpu *cpu = current(m);
    if (!p->reg) {
        m->machine->memory.word[cpu->base + p->address] = v;
        cpu_invalidate_buffers(cpu);   /* the word may be an instruction */
        return;
    }
    switch (p->reg->kind) {
    case MON_A: cpu->a[p->index] = (uint32_t)v; break;
    case MON_S: cpu->s[p->index] = v; break;
    case MON_B: cpu->b[p->index] = (uint32_t)v; break;
    case MON_T: cpu->t[p->index] = v; break;
    case MON_V: cpu->v[p->index][p->element] = v; break;
    case MON_VL: cpu->vl = (uint32_t)v; break;
    case MON_VM: cpu->vm = v; break;
    case MON_P: cpu->p = (uint32_t)v; break;
    case MON_FLAGS: cpu->flags = (uint32_t)v; break;
    }
}

static void place_name(const struct place *p, char *buf, size_t size)
{
    if (!p->reg)
        snprintf(buf, size, "%08" PRIo32, p->address);
    else if (p->reg->count == 1)
        snprintf(buf, size, "%s", p->reg->name);
    else if (p->reg->kind == MON_V)
        snprintf(buf, size, "V%o[%02o]", p->index, p->element);
    else
        snprintf(buf, size, "%s%0*o", p->reg->name, p->reg->count > 8 ? 2 : 1, p->index);
}

/* P and the instruction there, disassembled. */
static void show_position(struct monitor *m)
{
    struct cpu *cpu = current(m);
    uint16_t parcels[2] = {0, 0};
    for (unsigned i = 0; i < 2; i++) {
        uint32_t parcel = cpu->p + i;
        uint32_t word = cpu->ibase + parcel / 4;
        if (word < cpu->ilimit)
            parcels[i] = (uint16_t)(m->machine->memory.word[word] >> (48 - 16 * (parcel % 4)));
    }
    char text[96];
    isa_disassemble(m->forms, cpu->model, parcels, 2, text, sizeof text);
    fprintf(m->out, "PC %u  P=%08" PRIo32 "  %s   clock %" PRIu64 "\n", m->pc, cpu->p, text,
            cpu->clock);
}

static const char *stop_reason(const struct cpu *cpu)
{
    if (cpu->flags & (FLAG_PROGRAM_RANGE | FLAG_OPERAND_RANGE))
        return "range error";
    if (cpu->flags & FLAG_FLOATING_ERROR)
        return "floating-point error";
    if (cpu->flags & FLAG_ERROR_EXIT)
        return "error exit";
    if (cpu->flags & FLAG_NORMAL_EXIT)
        return "normal exit";
    return NULL;
}

/* Run until an exit, a breakpoint, n instructions (0: no count) or the
 * cycle limit.  The instruction at P runs even if a breakpoint is there. */
static void run(struct monitor *m, uint64_t count)
{
    struct cpu *cpu = current(m);
    uint64_t done = 0;
    for (;;) {
        if (stop_reason(cpu)) {
            fprintf(m->out, "stopped: %s (DEPOSIT FLAGS 0 to go on)\n", stop_reason(cpu));
            break;
        }
        if (cpu->clock >= m->max_cycles) {
            fprintf(m->out, "stopped: the cycle limit %" PRIu64 "\n", m->max_cycles);
            break;
        }
        cpu_step(cpu);
        done++;
        if (count && done >= count)
            break;
        bool at_break = false;
        for (unsigned b = 0; b < m->break_count; b++)
            at_break = at_break || m->breaks[b] == cpu->p;
        if (at_break && !stop_reason(cpu)) {
            fprintf(m->out, "breakpoint\n");
            break;
        }
    }
    fprintf(m->out, "%" PRIu64 " instruction%s\n", done, done == 1 ? "" : "s");
    show_position(m);
}

static const char *const help_text =
    "  EXAMINE place [n]    a register (A0-7, S0-7, B00-77, T00-77, V0-7 or V2[17], VL, VM,\n"
    "                       P, FLAGS) or n words of the field from an octal address\n"
    "  DEPOSIT place value  set it (octal; D'n decimal)\n"
    "  STEP [n]             run n instructions (1)\n"
    "  GO                   run until an exit, a breakpoint or the cycle limit\n"
    "  BREAK parcel         stop before the instruction at an octal parcel address\n"
    "  NOBREAK parcel|ALL   remove breakpoints\n"
    "  SHOW                 the breakpoints and the position\n"
    "  PC n                 act on processor n\n"
    "  HELP, QUIT           (a unique prefix of a command is enough)\n";

static const char *const commands[] = {"EXAMINE", "DEPOSIT", "STEP", "GO", "BREAK",
                                       "NOBREAK", "SHOW", "PC", "HELP", "QUIT"};

/* The command a word names (a unique prefix), or NULL with why. */
static const char *find_command(const char *word, char *why, size_t size)
{
    const char *found = NULL;
    int matches = 0;
    size_t n = strlen(word);
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        if (!strncasecmp(commands[c], word, n)) {
            if (strlen(commands[c]) == n)
                return commands[c];
            found = commands[c];
            matches++;
        }
    }
    if (matches == 1)
        return found;
    snprintf(why, size, "%s: %s command (HELP lists them)", word, matches ? "ambiguous" : "unknown");
    return NULL;
}

/* Run one line.  false when the monitor is to end. */
static bool command(struct monitor *m, char *line)
{
    char *words[4];
    int n = 0;
    for (char *w = strtok(line, " \t\r\n"); w && n < 4; w = strtok(NULL, " \t\r\n"))
        words[n++] = w;
    if (n == 0)
        return true;
    char why[160];
    const char *cmd = find_command(words[0], why, sizeof why);
    if (!cmd) {
        fprintf(m->out, "%s\n", why);
        return true;
    }
    uint64_t v = 0;
    struct place place;
    if (!strcmp(cmd, "QUIT"))
        return false;
    if (!strcmp(cmd, "HELP")) {
        fputs(help_text, m->out);
    } else if (!strcmp(cmd, "EXAMINE") || !strcmp(cmd, "DEPOSIT")) {
        bool deposit = !strcmp(cmd, "DEPOSIT");
        if (n < 2 || (deposit && n != 3)) {
            fprintf(m->out, deposit ? "DEPOSIT wants a place and a value\n"
                                    : "EXAMINE wants a place\n");
        } else if (parse_place(m, words[1], &place, why, sizeof why)) {
            fprintf(m->out, "%s\n", why);
        } else if (deposit) {
            unsigned bits = place.reg ? place.reg->bits : 64;
            if (parse_number(words[2], &v) || (bits < 64 && v >> bits))
                fprintf(m->out, "%s: not an octal value of %u bits\n", words[2], bits);
            else
                place_set(m, &place, v);
        } else {
            uint64_t count = 1;
            if (n > 2 && (parse_number(words[2], &count) || count == 0 || count > 512)) {
                fprintf(m->out, "EXAMINE wants a count 1-1000 (octal)\n");
                return true;
            }
            for (uint64_t i = 0; i < count; i++) {
                struct place at = place;
                if (place.reg && i) {
                    if (place.reg->kind == MON_V && place.element + i < 64)
                        at.element = place.element + (unsigned)i;
                    else if (place.reg->kind != MON_V && place.index + i < place.reg->count)
                        at.index = place.index + (unsigned)i;
                    else
                        break;
                } else if (!place.reg) {
                    const struct cpu *cpu = current(m);
                    if (place.address + i >= cpu->limit - cpu->base)
                        break;
                    at.address = place.address + (uint32_t)i;
                }
                char name[24];
                place_name(&at, name, sizeof name);
                fprintf(m->out, "%-8s %0*" PRIo64 "\n", name,
                        at.reg && at.reg->bits <= 24 ? 8 : 22, place_get(m, &at));
            }
        }
    } else if (!strcmp(cmd, "STEP")) {
        if (n > 1 && (parse_number(words[1], &v) || v == 0))
            fprintf(m->out, "STEP wants a count (octal)\n");
        else
            run(m, n > 1 ? v : 1);
    } else if (!strcmp(cmd, "GO")) {
        run(m, 0);
    } else if (!strcmp(cmd, "BREAK") || !strcmp(cmd, "NOBREAK")) {
        bool all = n == 2 && !strcasecmp(words[1], "ALL");
        if (n != 2 || (!all && parse_number(words[1], &v))) {
            fprintf(m->out, "%s wants an octal parcel address%s\n", cmd,
                    cmd[0] == 'N' ? " or ALL" : "");
        } else if (!strcmp(cmd, "NOBREAK")) {
            unsigned kept = 0;
            for (unsigned b = 0; b < m->break_count; b++)
                if (!all && m->breaks[b] != v)
                    m->breaks[kept++] = m->breaks[b];
            m->break_count = kept;
        } else if (m->break_count == MONITOR_BREAKS) {
            fprintf(m->out, "at most %d breakpoints\n", MONITOR_BREAKS);
        } else {
            m->breaks[m->break_count++] = (uint32_t)v;
        }
    } else if (!strcmp(cmd, "SHOW")) {
        fprintf(m->out, "breakpoints:");
        for (unsigned b = 0; b < m->break_count; b++)
            fprintf(m->out, " %" PRIo32, m->breaks[b]);
        fprintf(m->out, "%s\n", m->break_count ? "" : " none");
        show_position(m);
    } else if (!strcmp(cmd, "PC")) {
        if (n != 2 || parse_number(words[1], &v) || v >= m->machine->pcs)
            fprintf(m->out, "PC wants a processor 0-%u\n", m->machine->pcs - 1);
        else
            m->pc = (unsigned)v;
    }
    return true;
}

int bare_monitor(struct machine *machine, uint64_t max_cycles, FILE *in, FILE *out)
{
    struct isa_forms *forms = isa_forms_create();
    if (!forms)
        return 2;
    struct monitor m = {.machine = machine, .forms = forms, .max_cycles = max_cycles,
                        .out = out};
    fprintf(out, "c1 bare-machine monitor: %u PC%s; HELP lists the commands\n", machine->pcs,
            machine->pcs == 1 ? "" : "s");
    show_position(&m);
    char line[MONITOR_LINE];
    for (;;) {
        fprintf(out, "sim> ");
        fflush(out);
        if (!fgets(line, sizeof line, in))
            break;
        if (!strchr(line, '\n') && !feof(in)) {   /* an overlong line: skip the rest */
            int c;
            while ((c = fgetc(in)) != EOF && c != '\n')
                ;
            fprintf(out, "a line is at most %d characters\n", MONITOR_LINE - 2);
            continue;
        }
        if (!command(&m, line))
            break;
    }
    fputc('\n', out);
    isa_forms_destroy(forms);
    return 0;
}
