/*
 * commands.c - switchp's command language (see commands.h): the one table
 * of the commands, with their aliases, usage and help, from which HELP,
 * the lookup of a command by a unique prefix (or the suggestion of the
 * nearest one) and the completion of command names are made; a line split
 * into words and run; the prompt and the greeting.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "commands_internal.h"
#include "emu/isa.h"

#define MAX_ARGS 16
#define LINE_MAX_CHARS 1024

/* ---- a line into words ---------------------------------------------------------------- */

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
            if (*p == '\'' &&
                (quoted || !(p > words[n - 1] && strchr("OoDdXx", p[-1]) &&
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

/* ---- the table ------------------------------------------------------------------------- */

struct command {
    const char *name;
    const char *alias;
    const char *usage;
    const char *help;
    switchp_handler *run;
};

static switchp_handler cmd_help;
static const struct command *find_command(struct switchp_session *s, const char *word, bool quiet);

static int cmd_quit(struct switchp_session *s, int argc, char **argv, const char *rest)
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
     "P, A0-A7, S0-S7 (octal; floating point where it looks like one), VL, VM, F, modes; "
     "V: a vector register a line, its first elements and how many more (examine V3: all)",
     switchp_cmd_registers},
    {"exchange", NULL, "exchange", "the exchange package, word by word", switchp_cmd_exchange},
    {"examine", "e", "examine[/ofcdia] WHAT [COUNT]",
     "a register, or COUNT words at an address or symbol: /o octal /f float /c characters "
     "/d decimal /a all /i instructions; or any field of the job's saved state by its path "
     "(cpu.flags, cpu.xa, identity.user, limits.cpu_limit ...; F, XA, MODES for short)",
     switchp_cmd_examine},
    {"deposit", "d", "deposit WHERE VALUE",
     "change a register (P too) or a memory word: octal, D'99, 1.5 (float), 'TEXT', a symbol; "
     "or a field of the job's saved state by its path, with its rule (deposit F 0 clears the "
     "flags; cpu.xa, cpu.modes, identity.user ...)",
     switchp_cmd_deposit},
    {"disassemble", "l", "disassemble [ADDRESS] [COUNT]",
     "instructions with labels, around P (=>) or from a parcel address or label",
     switchp_cmd_disassemble},
    {"list", NULL, "list [ADDRESS] [COUNT]",
     "the program's CAL source (from the job's $IN) around P or an address; => marks P's line",
     switchp_cmd_list},
    {"display", NULL, "display [WHAT]",
     "show WHAT (a register, a memory word, a field of the job's state) at every stop; "
     "alone: the list",
     switchp_cmd_display},
    {"undisplay", NULL, "undisplay [N]", "stop showing display N, or all", switchp_cmd_undisplay},
    {"symbols", NULL, "symbols [PREFIX]", "the program's symbol table", switchp_cmd_symbols},
    {"where", NULL, "where",
     "step (since the drop, or since the job began once back has gone before it), clocks, P, "
     "its instruction and source line",
     switchp_cmd_where},
    {"step", "s", "step [N]", "execute N instructions (default 1); stops at breakpoints",
     switchp_cmd_step},
    {"next", "n", "next", "one instruction, but a return jump (R, 007) runs until it returns",
     switchp_cmd_next},
    {"until", "u", "until ADDRESS", "run until P reaches a parcel address or label",
     switchp_cmd_until},
    {"go", "g", "go", "run until a breakpoint, a watchpoint or the end of the job", switchp_cmd_go},
    {"run", NULL, "run N", "run N clocks (or to a breakpoint)", switchp_cmd_run},
    {"break", "b", "break [ADDRESS|LABEL [if CONDITION]]",
     "stop when P gets there (and CONDITION holds: A1 == 0, S2 > 5, [BUFFER] != 0); "
     "alone: list the points",
     switchp_cmd_break},
    {"watch", "w", "watch ADDRESS|SYMBOL|REGISTER", "stop when its value changes",
     switchp_cmd_watch},
    {"delete", NULL, "delete [N]", "delete breakpoint or watchpoint N, or all", switchp_cmd_delete},
    {"back", NULL, "back [N]",
     "go back N steps (default 1), to exactly the earlier state; before the drop too: the job "
     "is run again from its start (about 0.1-0.5 s per million steps; bounded by "
     "--rerun-limit), and steps then count from the job's start",
     switchp_cmd_back},
    {"rgo", NULL, "rgo",
     "go back to the previous breakpoint or watchpoint hit, before the drop too (as back)",
     switchp_cmd_rgo},
    {"job", NULL, "job [identity|limits|datasets|stack|log|history]",
     "the job: who, why and when it was dropped, limits and time, datasets, its control "
     "statements, its log, its restart history",
     switchp_cmd_job},
    {"output", NULL, "output", "the job's $OUT so far", switchp_cmd_output},
    {"drop", NULL, "drop FILE", "write the present state as a new dropfile a site can restart",
     switchp_cmd_drop},
    {"digest", NULL, "digest", "a digest of the whole state (equal digests: equal states)",
     switchp_cmd_digest},
    {"quit", "q", "quit", "leave (the sandbox is deleted)", cmd_quit},
};
static const size_t command_count = sizeof commands / sizeof commands[0];

static int cmd_help(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc > 1) {
        const struct command *c = find_command(s, argv[1], false);
        if (!c)
            return -1;
        fprintf(s->out, "%s%s%s%s\n  %s\n", c->usage, c->alias ? "   (alias " : "",
                c->alias ? c->alias : "", c->alias ? ")" : "", c->help);
        return 0;
    }
    for (size_t i = 0; i < command_count; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s", commands[i].usage);
        fprintf(s->out, "  %-42s %s%s%s%s\n", name, commands[i].help, commands[i].alias ? " [" : "",
                commands[i].alias ? commands[i].alias : "", commands[i].alias ? "]" : "");
    }
    fprintf(s->out,
            "  A unique prefix of a command is enough; [x] is a one-letter alias.  Addresses and\n"
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
            size_t cost =
                tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
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

static const struct command *find_command(struct switchp_session *s, const char *word, bool quiet)
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
            snprintf(candidates + strlen(candidates), sizeof candidates - strlen(candidates),
                     "%s%s", matches > 1 ? ", " : "", commands[i].name);
        }
    }
    if (matches == 1)
        return found;
    if (quiet)
        return NULL;
    if (matches > 1) {
        switchp_fail(s, "ambiguous command \"%s\": %s", word, candidates);
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
    switchp_fail(s, "unknown command \"%s\": did you mean %s? (help lists them)", word,
                 nearest->name);
    return NULL;
}

int switchp_execute(struct switchp_session *s, const char *line)
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

int switchp_session_init(struct switchp_session *s, struct debugger *dbg, FILE *out,
                         volatile sig_atomic_t *interrupt)
{
    memset(s, 0, sizeof *s);
    s->dbg = dbg;
    s->out = out;
    s->interrupt = interrupt;
    s->forms = isa_forms_create();
    s->next_display = 1;
    if (s->forms)
        switchp_source_load(s);
    return s->forms ? 0 : -1;
}

void switchp_session_free(struct switchp_session *s)
{
    isa_forms_destroy(s->forms);
    s->forms = NULL;
    switchp_source_free(s);
}

void switchp_greet(struct switchp_session *s, const char *file)
{
    const struct dropfile *df = debugger_loaded(s->dbg);
    fprintf(s->out, "switchp: %s: job %s (id %s, user %s), dropped: %s at clock %" PRIu64 "\n",
            file, switchp_or_dash(df->identity.job_name), switchp_or_dash(df->identity.job_id),
            switchp_or_dash(df->identity.user), dropfile_reason_name(df->drop.reason),
            df->drop.clock);
    /* An error drop's note says what went wrong and, since the OS names it,
     * the instruction that did it (P names the one after). */
    if (df->drop.reason == DROP_REASON_ERROR && df->drop.note && df->drop.note[0])
        fprintf(s->out, "error: %s\n", df->drop.note);
    fprintf(s->out, "sandbox %s; clocks are counted from the drop; help lists the commands\n",
            debugger_sandbox(s->dbg));
    switchp_print_where(s);
}

void switchp_prompt(const struct switchp_session *s, char *buf, size_t size)
{
    snprintf(buf, size, "switchp +%" PRIu64 "> ", debugger_clocks(s->dbg));
}

/* What an argument completes to besides the program's symbols. */
static const char *const argument_words[] = {"A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "S0",
                                         "S1", "S2", "S3", "S4", "S5", "S6", "S7", "V0", "V1",
                                         "V2", "V3", "V4", "V5", "V6", "V7", "VL", "VM", "P",
                                         "identity", "limits", "datasets", "stack", "log",
                                         "history", "all", "if"};

const char *switchp_complete(const struct switchp_session *s, const char *text, bool command,
                             size_t *index)
{
    size_t n = strlen(text);
    if (command) {
        while (*index < command_count) {
            const char *name = commands[(*index)++].name;
            if (!strncasecmp(name, text, n))
                return name;
        }
        return NULL;
    }
    const size_t word_count = sizeof argument_words / sizeof argument_words[0];
    while (*index < word_count) {
        const char *name = argument_words[(*index)++];
        if (!strncasecmp(name, text, n))
            return name;
    }
    size_t count;
    const struct dropfile_symbol *sym = debugger_symbols(s->dbg, &count);
    while (*index < word_count + count) {
        const char *name = sym[(*index)++ - word_count].name;
        if (name && !strncasecmp(name, text, n))
            return name;
    }
    return NULL;
}
