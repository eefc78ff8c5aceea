/*
 * console.c - the operator's commands (see console.h), from one table that
 * also gives HELP and completion.
 */
#include "console.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/dropfile/dropfile.h"
#include "os/site.h"

#define MAX_WORDS 8

struct command {
    const char *name;
    const char *usage;
    const char *help;
    enum console_result (*run)(struct os *os, int argc, char **argv, struct text *out);
};

static enum console_result say_error(struct text *out, const char *format, const char *arg)
{
    text_printf(out, format, arg ? arg : "");
    text_printf(out, "\n");
    return CONSOLE_ERROR;
}

static int parse_job_number(const char *text)
{
    char *end;
    long n = strtol(text, &end, 10);
    return (*end || n <= 0 || n > 1000000000) ? -1 : (int)n;
}

static enum console_result cmd_status(struct os *os, int argc, char **argv, struct text *out)
{
    (void)argc;
    (void)argv;
    os_status(os, out);
    return CONSOLE_OK;
}

static enum console_result cmd_queue(struct os *os, int argc, char **argv, struct text *out)
{
    (void)argc;
    (void)argv;
    os_queue_listing(os, out);
    return CONSOLE_OK;
}

static enum console_result cmd_drop(struct os *os, int argc, char **argv, struct text *out)
{
    int n = argc == 2 ? parse_job_number(argv[1]) : -1;
    if (n < 0)
        return say_error(out, "DROP wants a job number", NULL);
    if (os_drop_job(os, n, DROP_REASON_OPERATOR, "operator DROP"))
        return say_error(out, "job %s is not running", argv[1]);
    text_printf(out, "job %d dropped\n", n);
    return CONSOLE_OK;
}

static enum console_result cmd_kill(struct os *os, int argc, char **argv, struct text *out)
{
    int n = argc == 2 ? parse_job_number(argv[1]) : -1;
    if (n < 0)
        return say_error(out, "KILL wants a job number", NULL);
    if (os_kill_job(os, n))
        return say_error(out, "job %s is neither queued nor running", argv[1]);
    text_printf(out, "job %d killed\n", n);
    return CONSOLE_OK;
}

static enum console_result cmd_restart(struct os *os, int argc, char **argv, struct text *out)
{
    if (argc < 2)
        return say_error(out, "RESTART wants a dropfile", NULL);
    const char *user = NULL;
    uint64_t seconds = 0;
    int priority = -1;
    bool force = false;
    for (int i = 2; i < argc; i++) {
        char *a = argv[i];
        if (!strncmp(a, "US=", 3) && a[3])
            user = a + 3;
        else if (!strncmp(a, "T=", 2) && a[2])
            seconds = strtoull(a + 2, NULL, 10);
        else if (!strncmp(a, "P=", 2) && a[2])
            priority = atoi(a + 2);
        else if (!strcmp(a, "FORCE"))
            force = true;
        else
            return say_error(out, "RESTART: unknown parameter %s", a);
    }
    char error[300];
    /* The file name keeps its case: it was upper-cased with the rest. */
    if (os_restart_file(os, argv[1], user, seconds, priority, force, error, sizeof error))
        return say_error(out, "RESTART: %s", error);
    text_printf(out, "restart of %s queued\n", argv[1]);
    return CONSOLE_OK;
}

static enum console_result cmd_priority(struct os *os, int argc, char **argv, struct text *out)
{
    int n = argc == 3 ? parse_job_number(argv[1]) : -1;
    if (n < 0)
        return say_error(out, "PRIORITY wants a job number and a priority 0-15", NULL);
    if (os_set_priority(os, n, atoi(argv[2])))
        return say_error(out, "job %s is not queued, or the priority is not 0-15", argv[1]);
    text_printf(out, "job %d priority %s\n", n, argv[2]);
    return CONSOLE_OK;
}

static enum console_result cmd_class(struct os *os, int argc, char **argv, struct text *out)
{
    if (argc != 3 || (strcmp(argv[2], "ON") && strcmp(argv[2], "OFF")))
        return say_error(out, "CLASS wants a class name and ON or OFF", NULL);
    if (os_set_class(os, argv[1], !strcmp(argv[2], "ON")))
        return say_error(out, "no class %s", argv[1]);
    text_printf(out, "class %s %s\n", argv[1], argv[2]);
    return CONSOLE_OK;
}

static enum console_result cmd_limit(struct os *os, int argc, char **argv, struct text *out)
{
    char *end = NULL;
    long n = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (n < 0 || n > MACHINE_MAX_PCS || (end && *end))
        return say_error(out, "LIMIT wants a number of jobs 0-16 (0: one per PC)", NULL);
    os_set_limit(os, (unsigned)n);
    text_printf(out, "limit %ld jobs at once\n", n);
    return CONSOLE_OK;
}

static enum console_result cmd_shutdown(struct os *os, int argc, char **argv, struct text *out)
{
    (void)argc;
    (void)argv;
    os_shutdown(os);
    text_printf(out, "shutdown: running jobs dropped and queued again; the queue is kept\n");
    return CONSOLE_SHUTDOWN;
}

static enum console_result cmd_screenshot(struct os *os, int argc, char **argv, struct text *out)
{
    if (argc != 2)
        return say_error(out, "SCREENSHOT wants a file name (FILE.png)", NULL);
    if (!os->screenshot)
        return say_error(out, "SCREENSHOT: this front end has no status display", NULL);
    char error[300];
    /* The file name keeps its case: it was upper-cased with the rest. */
    if (os->screenshot(os->screenshot_context, argv[1], error, sizeof error))
        return say_error(out, "SCREENSHOT: %s", error);
    text_printf(out, "screenshot of clock %" PRIu64 " written to %s\n", os->now, argv[1]);
    return CONSOLE_OK;
}

static enum console_result cmd_help(struct os *os, int argc, char **argv, struct text *out);

static const struct command commands[] = {
    {"STATUS", "STATUS", "each PC, its job and clocks used against the limit; the memory map",
     cmd_status},
    {"QUEUE", "QUEUE", "the input queue by class", cmd_queue},
    {"DROP", "DROP id", "drop a running job to a dropfile (it is not restarted)", cmd_drop},
    {"KILL", "KILL id", "end a queued or running job at once, without a dropfile", cmd_kill},
    {"RESTART", "RESTART file [US=u] [T=s] [P=p] [FORCE]",
     "queue a dropfile for restart, optionally under another user, time or priority", cmd_restart},
    {"PRIORITY", "PRIORITY id n", "change a queued job's priority (0-15)", cmd_priority},
    {"CLASS", "CLASS name ON|OFF", "let a job class run, or hold it", cmd_class},
    {"LIMIT", "LIMIT n", "run at most n jobs at once (0: one per PC)", cmd_limit},
    {"SHUTDOWN", "SHUTDOWN", "drop every running job (queued again) and stop", cmd_shutdown},
    {"SCREENSHOT", "SCREENSHOT file.png", "write the status display as it stands to a PNG file",
     cmd_screenshot},
    {"HELP", "HELP", "this list", cmd_help},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static enum console_result cmd_help(struct os *os, int argc, char **argv, struct text *out)
{
    (void)os;
    (void)argc;
    (void)argv;
    for (size_t c = 0; c < COMMAND_COUNT; c++)
        text_printf(out, "  %-42s %s\n", commands[c].usage, commands[c].help);
    text_printf(out, "  a unique prefix of a command is enough; in a script, @CLOCK before a\n"
                     "  command makes it act at that machine clock\n");
    return CONSOLE_OK;
}

const char *const *console_command_names(void)
{
    static const char *const names[COMMAND_COUNT + 1] = {
        "STATUS", "QUEUE", "DROP", "KILL", "RESTART", "PRIORITY", "CLASS", "LIMIT", "SHUTDOWN",
        "SCREENSHOT", "HELP", NULL};
    return names;
}

/* Split a line into upper-cased words; the RESTART and SCREENSHOT files
 * keep their case. */
static int split(char *line, char **words)
{
    int n = 0;
    for (char *p = strtok(line, " \t\r\n"); p && n < MAX_WORDS; p = strtok(NULL, " \t\r\n"))
        words[n++] = p;
    bool keep_second = n >= 2 && (!strncasecmp(words[0], "RES", 3) ||
                                  !strncasecmp(words[0], "SC", 2));
    for (int i = 0; i < n; i++) {
        if (i == 1 && keep_second)
            continue;
        for (char *c = words[i]; *c; c++)
            *c = (char)toupper((unsigned char)*c);
    }
    return n;
}

enum console_result console_execute(struct os *os, const char *line, const char *who,
                                    struct text *out)
{
    char copy[512];
    snprintf(copy, sizeof copy, "%s", line);
    char *words[MAX_WORDS];
    int n = split(copy, words);
    if (n == 0)
        return CONSOLE_OK;
    const struct command *found = NULL;
    size_t length = strlen(words[0]);
    int matches = 0;
    for (size_t c = 0; c < COMMAND_COUNT; c++) {
        if (!strncmp(commands[c].name, words[0], length)) {
            if (strlen(commands[c].name) == length) {
                found = &commands[c];
                matches = 1;
                break;
            }
            found = &commands[c];
            matches++;
        }
    }
    if (matches != 1) {
        text_printf(out, "%s: %s command (HELP lists them)\n", words[0],
                    matches ? "ambiguous" : "unknown");
        return CONSOLE_ERROR;
    }
    char logged[512];
    snprintf(logged, sizeof logged, "%s", line);
    logged[strcspn(logged, "\r\n")] = '\0';
    if (strcmp(found->name, "STATUS") && strcmp(found->name, "QUEUE") &&
        strcmp(found->name, "HELP"))
        dayfile_write(&os->dayfile, os->now, "OPERATOR", "%s: %s", who ? who : "console", logged);
    return found->run(os, n, words, out);
}

/* ---- scripts ------------------------------------------------------------------------- */

int console_script_read(struct console_script *script, const char *path, char *error,
                        size_t size)
{
    memset(script, 0, sizeof *script);
    char *text = read_file_all(path, NULL);
    if (!text) {
        snprintf(error, size, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    int number = 0;
    char *line = text;
    while (line && *line) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        number++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p && *p != '#') {
            uint64_t clock = UINT64_MAX;
            if (*p == '@') {
                char *after;
                errno = 0;
                clock = strtoull(p + 1, &after, 10);
                if (errno || after == p + 1 || (*after != ' ' && *after != '\t')) {
                    snprintf(error, size, "%s:%d: @ wants a clock count and a command", path, number);
                    free(text);
                    console_script_free(script);
                    return -1;
                }
                p = after;
                while (*p == ' ' || *p == '\t')
                    p++;
            }
            void *bigger = realloc(script->entries, sizeof *script->entries * (script->count + 1));
            if (!bigger) {
                free(text);
                console_script_free(script);
                snprintf(error, size, "out of memory");
                return -1;
            }
            script->entries = bigger;
            script->entries[script->count].clock = clock;
            script->entries[script->count].line = strdup(p);
            script->count++;
        }
        line = end ? end + 1 : NULL;
    }
    free(text);
    return 0;
}

void console_script_free(struct console_script *script)
{
    for (size_t i = 0; i < script->count; i++)
        free(script->entries[i].line);
    free(script->entries);
    memset(script, 0, sizeof *script);
}

uint64_t console_script_next_clock(const struct console_script *script, uint64_t now)
{
    if (script->next >= script->count)
        return UINT64_MAX;
    uint64_t clock = script->entries[script->next].clock;
    return clock == UINT64_MAX || clock < now ? now : clock;
}

enum console_result console_script_run_due(struct console_script *script, struct os *os,
                                           struct text *out)
{
    while (script->next < script->count &&
           console_script_next_clock(script, os->now) <= os->now) {
        const char *line = script->entries[script->next++].line;
        text_printf(out, "@%" PRIu64 " %s\n", os->now, line);
        if (console_execute(os, line, "script", out) == CONSOLE_SHUTDOWN)
            return CONSOLE_SHUTDOWN;
    }
    return CONSOLE_OK;
}
