/*
 * commands_run.c - switchp's commands that run the job, forwards and
 * backwards, and set where it stops (see commands.h): step, next, until,
 * go, run, break, watch, delete, back and rgo.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "commands_internal.h"
#include "emu/isa.h"

static int run_and_report(struct switchp_session *s, const struct debugger_run *run)
{
    struct debugger_stop stop;
    if (s->interrupt)
        *s->interrupt = 0;
    debugger_run(s->dbg, run, &stop);
    return switchp_report_stop(s, &stop, false);
}

int switchp_cmd_step(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint64_t n = 1;
    if (argc > 1 && (switchp_parse_count(argv[1], &n) || n == 0))
        return switchp_fail(s, "%s: not a count", argv[1]);
    struct debugger_run run = {n, DEBUGGER_NO_ADDRESS, 0, true};
    return run_and_report(s, &run);
}

int switchp_cmd_next(struct switchp_session *s, int argc, char **argv, const char *rest)
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

int switchp_cmd_until(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 2)
        return switchp_fail(s, "until wants an address or a label");
    uint32_t p;
    char error[200];
    if (debugger_parse_address(s->dbg, argv[1], true, &p, error, sizeof error))
        return switchp_fail(s, "%s", error);
    struct debugger_run run = {UINT64_MAX, p, 0, true};
    return run_and_report(s, &run);
}

int switchp_cmd_go(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    struct debugger_run run = {UINT64_MAX, DEBUGGER_NO_ADDRESS, 0, true};
    return run_and_report(s, &run);
}

int switchp_cmd_run(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint64_t clocks;
    if (argc != 2 || switchp_parse_count(argv[1], &clocks) || clocks == 0)
        return switchp_fail(s, "run wants a number of clocks");
    struct debugger_run run = {UINT64_MAX, DEBUGGER_NO_ADDRESS, clocks, true};
    return run_and_report(s, &run);
}

static void print_points(const struct switchp_session *s)
{
    size_t n = debugger_point_count(s->dbg);
    if (!n)
        fprintf(s->out, "no breakpoints or watchpoints\n");
    for (size_t i = 0; i < n; i++) {
        const struct debugger_point *p = debugger_point_at(s->dbg, i);
        if (p->watch)
            fprintf(s->out, "%2d watchpoint %s (now %" PRIo64 ")  hits %" PRIu64 "\n", p->number,
                    p->text, p->value, p->hits);
        else
            fprintf(s->out, "%2d breakpoint %s (P=%08" PRIo32 ")  hits %" PRIu64 "\n", p->number,
                    p->text, p->parcel, p->hits);
    }
}

int switchp_cmd_break(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    if (argc < 2) {
        print_points(s);
        return 0;
    }
    uint32_t p;
    char error[200];
    if (debugger_parse_address(s->dbg, argv[1], true, &p, error, sizeof error))
        return switchp_fail(s, "%s", error);
    struct debugger_condition cond = {0};
    if (argc > 2) {
        if (strcasecmp(argv[2], "if") || argc < 4)
            return switchp_fail(s, "break ADDRESS [if CONDITION]");
        /* The condition is the rest of the line after "if". */
        const char *c = rest;
        while (*c && isspace((unsigned char)*c))
            c++;
        c += strcspn(c, " \t");          /* the address */
        while (*c && isspace((unsigned char)*c))
            c++;
        c += 2;                          /* "if" */
        if (debugger_parse_condition(s->dbg, c, &cond, error, sizeof error))
            return switchp_fail(s, "%s", error);
    }
    char text[128];
    char label[80];
    switchp_parcel_name(s, p, label, sizeof label);
    snprintf(text, sizeof text, "%s", label[0] ? label : argv[1]);
    if (cond.present) {
        const char *c = strstr(rest, " if ");
        if (!c)
            c = strstr(rest, " IF ");
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s", c ? c : "");
    }
    int number = debugger_add_break(s->dbg, p, &cond, text);
    if (number < 0)
        return switchp_fail(s, "too many breakpoints and watchpoints");
    fprintf(s->out, "breakpoint %d at %s (P=%08" PRIo32 ")\n", number, text, p);
    return 0;
}

int switchp_cmd_watch(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 2)
        return switchp_fail(s, "watch wants an address, a symbol or a register");
    char error[200];
    struct debugger_location loc;
    if (debugger_parse_location(s->dbg, argv[1], true, &loc, error, sizeof error))
        return switchp_fail(s, "%s", error);
    uint64_t v;
    if (debugger_read(s->dbg, &loc, &v))
        return switchp_fail(s, "address %" PRIo32 " is outside the field", loc.index);
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
        return switchp_fail(s, "too many breakpoints and watchpoints");
    fprintf(s->out, "watchpoint %d on %s (now %" PRIo64 ")\n", number, text, v);
    return 0;
}

int switchp_cmd_delete(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint64_t n = 0;
    if (argc > 1 && (switchp_parse_count(argv[1], &n) || n == 0 || n > 1000000))
        return switchp_fail(s, "delete wants a breakpoint or watchpoint number");
    if (debugger_delete(s->dbg, (int)n))
        return switchp_fail(s, "no breakpoint or watchpoint %" PRIu64, n);
    if (n)
        fprintf(s->out, "deleted %" PRIu64 "\n", n);
    else
        fprintf(s->out, "deleted every breakpoint and watchpoint\n");
    return 0;
}

int switchp_cmd_back(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint64_t n = 1;
    if (argc > 1 && (switchp_parse_count(argv[1], &n) || n == 0))
        return switchp_fail(s, "%s: not a count", argv[1]);
    struct debugger_stop stop;
    if (s->interrupt)
        *s->interrupt = 0;
    debugger_back(s->dbg, n, &stop);
    return switchp_report_stop(s, &stop, true);
}

int switchp_cmd_rgo(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    struct debugger_stop stop;
    if (s->interrupt)
        *s->interrupt = 0;
    debugger_reverse_go(s->dbg, &stop);
    return switchp_report_stop(s, &stop, true);
}
