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

#include <dirent.h>

#include "os/disk/disk.h"
#include "os/dropfile/dropfile.h"
#include "os/site.h"
#include "os/submit.h"

#define MAX_WORDS 8

/* One command being run: who gave it, its line, and whether the dayfile
 * has its OPERATOR line yet. */
struct console_call {
    struct os *os;
    const char *who;
    const char *line;
    bool logged;
};

/* A command that has checked its words and is about to change the site
 * writes its OPERATOR line first, at the clock it acts. */
static void operator_change(struct console_call *call)
{
    if (call->logged)
        return;
    dayfile_write(&call->os->dayfile, call->os->now, "OPERATOR", "%s: %s", call->who, call->line);
    call->logged = true;
}

/* When a command goes to the dayfile. */
enum command_logging {
    LOG_NEVER,      /* it only shows */
    LOG_CHANGE,     /* OPERATOR when it acts (operator_change), OPREFUSE when refused */
};

struct command {
    const char *name;
    const char *usage;
    const char *help;
    enum console_result (*run)(struct console_call *call, int argc, char **argv, struct text *out);
    enum command_logging logged;
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

/* Is job n running (or, with queued_too, waiting in the queue)? */
static bool job_in_state(struct os *os, int n, bool queued_too)
{
    const struct job *job = os_find_job(os, n);
    return job && (job->state == JOB_RUNNING || (queued_too && job->state == JOB_QUEUED));
}

static enum console_result cmd_status(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
    (void)argc;
    (void)argv;
    os_status(os, out);
    return CONSOLE_OK;
}

static enum console_result cmd_queue(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
    (void)argc;
    (void)argv;
    os_queue_listing(os, out);
    return CONSOLE_OK;
}

static enum console_result cmd_drop(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
    int n = argc == 2 ? parse_job_number(argv[1]) : -1;
    if (n < 0)
        return say_error(out, "DROP wants a job number", NULL);
    if (!job_in_state(os, n, false))
        return say_error(out, "job %s is not running", argv[1]);
    operator_change(call);
    if (os_drop_job(os, n, DROP_REASON_OPERATOR, "operator DROP"))
        return say_error(out, "DROP of job %s failed: the dayfile's DROPFAIL line says why", argv[1]);
    text_printf(out, "job %d dropped\n", n);
    return CONSOLE_OK;
}

static enum console_result cmd_checkpoint(struct console_call *call, int argc, char **argv,
                                          struct text *out)
{
    struct os *os = call->os;
    int n = argc == 2 ? parse_job_number(argv[1]) : -1;
    if (n < 0)
        return say_error(out, "CHECKPOINT wants a job number", NULL);
    if (!job_in_state(os, n, false))
        return say_error(out, "job %s is not running", argv[1]);
    operator_change(call);
    if (os_checkpoint_job(os, n))
        return say_error(out, "CHECKPOINT of job %s failed: the dayfile's DROPFAIL line says why",
                         argv[1]);
    const struct job *job = os_find_job(os, n);
    text_printf(out, "job %d checkpointed to %s; it goes on running\n", n,
                job && job->last_dropfile[0] ? job->last_dropfile : "a dropfile");
    return CONSOLE_OK;
}

static enum console_result cmd_kill(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
    int n = argc == 2 ? parse_job_number(argv[1]) : -1;
    if (n < 0)
        return say_error(out, "KILL wants a job number", NULL);
    if (!job_in_state(os, n, true))
        return say_error(out, "job %s is neither queued nor running", argv[1]);
    operator_change(call);
    if (os_kill_job(os, n))
        return say_error(out, "job %s is neither queued nor running", argv[1]);
    text_printf(out, "job %d killed\n", n);
    return CONSOLE_OK;
}

static enum console_result cmd_restart(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
    if (argc < 2)
        return say_error(out, "RESTART wants a dropfile", NULL);
    const char *user = NULL;
    double seconds = 0;
    int priority = -1;
    bool force = false;
    for (int i = 2; i < argc; i++) {
        char *a = argv[i];
        char *end = NULL;
        if (!strncmp(a, "US=", 3) && a[3]) {
            user = a + 3;
        } else if (!strncmp(a, "T=", 2) && a[2]) {
            /* decimal CPU seconds, as on a JOB statement */
            seconds = strtod(a + 2, &end);
            if (*end || strspn(a + 2, "0123456789.") != strlen(a + 2) ||
                !(seconds > 0 && seconds <= RESTART_TIME_MAX))
                return say_error(out, "RESTART: T= wants CPU seconds (more than 0, decimals "
                                      "allowed), not %s", a + 2);
        } else if (!strncmp(a, "P=", 2) && a[2]) {
            long p = strtol(a + 2, &end, 10);
            if (*end || p < 0 || p > 15)
                return say_error(out, "RESTART: P= wants a priority 0-15, not %s", a + 2);
            priority = (int)p;
        } else if (!strcmp(a, "FORCE")) {
            force = true;
        } else {
            return say_error(out, "RESTART: unknown parameter %s", a);
        }
    }
    char error[300];
    /* The file name keeps its case: it was upper-cased with the rest. */
    if (os_restart_file(os, argv[1], user, seconds, priority, force, error, sizeof error))
        return say_error(out, "RESTART: %s", error);
    text_printf(out, "restart of %s queued\n", argv[1]);
    return CONSOLE_OK;
}

static enum console_result cmd_submit(struct console_call *call, int argc, char **argv,
                                      struct text *out)
{
    struct os *os = call->os;
    if (argc != 2)
        return say_error(out, "SUBMIT wants a deck file", NULL);
    char error[300];
    /* The file name keeps its case: it was upper-cased with the rest. */
    int64_t sequence = submit_deck_file(os->site.root, argv[1], error, sizeof error);
    if (sequence < 0)
        return say_error(out, "SUBMIT: %s", error);
    operator_change(call);
    os_scan_queue(os);
    text_printf(out, "%s queued as entry %06" PRId64 "\n", argv[1], sequence);
    return CONSOLE_OK;
}

/* The last n lines of text (all of it if it has fewer). */
static void last_lines(struct text *out, const char *text, size_t length, long n)
{
    size_t start = length;
    if (start > 0 && text[start - 1] == '\n')
        start--;   /* the final newline ends the last line */
    while (start > 0) {
        if (text[start - 1] == '\n' && --n == 0)
            break;
        start--;
    }
    text_append(out, text + start, length - start);
    if (length > start && text[length - 1] != '\n')
        text_append(out, "\n", 1);
}

#define TAIL_DEFAULT 10
#define TAIL_MAX 1000
#define TAIL_READ_MAX (UINT64_C(1) << 26)   /* a dayfile or log read for TAIL */

static enum console_result cmd_tail(struct console_call *call, int argc, char **argv,
                                    struct text *out)
{
    struct os *os = call->os;
    /* TAIL [n]: the dayfile; TAIL JOB id [n]: a job's log. */
    int job_number = -1;
    int at = 1;
    if (argc >= 3 && !strcmp(argv[1], "JOB")) {
        job_number = parse_job_number(argv[2]);
        if (job_number < 0)
            return say_error(out, "TAIL JOB wants a job number", NULL);
        at = 3;
    }
    long n = TAIL_DEFAULT;
    if (argc > at) {
        char *end;
        n = strtol(argv[at], &end, 10);
        if (*end || n <= 0 || n > TAIL_MAX || argc > at + 1)
            return say_error(out, "TAIL wants [JOB id] [lines 1-1000]", NULL);
    }
    if (job_number < 0) {
        char path[SITE_PATH_MAX];
        size_t length = 0;
        char *text = site_path(&os->site, "dayfile", NULL, path, sizeof path)
                         ? NULL : disk_read_all(path, TAIL_READ_MAX, &length);
        if (!text)
            return say_error(out, "TAIL: cannot read the dayfile", NULL);
        last_lines(out, text, length, n);
        free(text);
        return CONSOLE_OK;
    }
    const struct job *job = os_find_job(os, job_number);
    if (job && job->state != JOB_DONE && job->state != JOB_DROPPED) {
        last_lines(out, job->log.data ? job->log.data : "", job->log.length, n);
        return CONSOLE_OK;
    }
    /* An ended job: its log in SITE/out/NNNNNN.NAME.log. */
    char prefix[16], folder[SITE_PATH_MAX];
    snprintf(prefix, sizeof prefix, "%06d.", job_number);
    if (site_path(&os->site, "out", NULL, folder, sizeof folder))
        return say_error(out, "TAIL: site path too long", NULL);
    DIR *dir = opendir(folder);
    struct dirent *entry;
    char name[256] = "";
    while (dir && (entry = readdir(dir))) {
        size_t l = strlen(entry->d_name);
        if (!strncmp(entry->d_name, prefix, strlen(prefix)) && l > 4 &&
            !strcmp(entry->d_name + l - 4, ".log") && l < sizeof name)
            snprintf(name, sizeof name, "%s", entry->d_name);
    }
    if (dir)
        closedir(dir);
    char path[SITE_PATH_MAX + 256];
    size_t length = 0;
    char *text = NULL;
    if (name[0] && snprintf(path, sizeof path, "%s/%s", folder, name) < (int)sizeof path)
        text = disk_read_all(path, TAIL_READ_MAX, &length);
    if (!text)
        return say_error(out, "TAIL: job %s has no log here", argv[2]);
    last_lines(out, text, length, n);
    free(text);
    return CONSOLE_OK;
}

static enum console_result cmd_priority(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
    int n = argc == 3 ? parse_job_number(argv[1]) : -1;
    if (n < 0)
        return say_error(out, "PRIORITY wants a job number and a priority 0-15", NULL);
    if (os_set_priority(os, n, atoi(argv[2])))
        return say_error(out, "job %s is not queued, or the priority is not 0-15", argv[1]);
    text_printf(out, "job %d priority %s\n", n, argv[2]);
    return CONSOLE_OK;
}

static enum console_result cmd_class(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
    if (argc != 3 || (strcmp(argv[2], "ON") && strcmp(argv[2], "OFF")))
        return say_error(out, "CLASS wants a class name and ON or OFF", NULL);
    if (os_set_class(os, argv[1], !strcmp(argv[2], "ON")))
        return say_error(out, "no class %s", argv[1]);
    text_printf(out, "class %s %s\n", argv[1], argv[2]);
    return CONSOLE_OK;
}

static enum console_result cmd_limit(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
    char *end = NULL;
    long n = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (n < 0 || n > MACHINE_MAX_PCS || (end && *end))
        return say_error(out, "LIMIT wants a number of jobs 0-16 (0: one per PC)", NULL);
    os_set_limit(os, (unsigned)n);
    text_printf(out, "limit %ld jobs at once\n", n);
    return CONSOLE_OK;
}

static enum console_result cmd_shutdown(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
    (void)argc;
    (void)argv;
    operator_change(call);
    os_shutdown(os);
    text_printf(out, "shutdown: running jobs dropped and queued again; the queue is kept\n");
    return CONSOLE_SHUTDOWN;
}

static enum console_result cmd_screenshot(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
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

static enum console_result cmd_help(struct console_call *call, int argc, char **argv, struct text *out);

static const struct command commands[] = {
    {"STATUS", "STATUS", "each PC, its job and clocks used against the limit; the memory map",
     cmd_status, LOG_NEVER},
    {"QUEUE", "QUEUE", "the input queue by class", cmd_queue, LOG_NEVER},
    {"DROP", "DROP id", "drop a running job to a dropfile (it is not restarted)", cmd_drop, LOG_CHANGE},
    {"CHECKPOINT", "CHECKPOINT id",
     "write a dropfile of a running job that goes on running (restartable later)",
     cmd_checkpoint, LOG_CHANGE},
    {"KILL", "KILL id", "end a queued or running job at once, without a dropfile", cmd_kill, LOG_CHANGE},
    {"RESTART", "RESTART file [US=u] [T=s] [P=p] [FORCE]",
     "queue a dropfile for restart, optionally under another user, time or priority", cmd_restart, LOG_CHANGE},
    {"SUBMIT", "SUBMIT deck", "check a deck file and put it in the input queue", cmd_submit,
     LOG_CHANGE},
    {"TAIL", "TAIL [JOB id] [n]", "the last n lines (10) of the dayfile, or of a job's log",
     cmd_tail, LOG_NEVER},
    {"PRIORITY", "PRIORITY id n", "change a queued job's priority (0-15)", cmd_priority, LOG_CHANGE},
    {"CLASS", "CLASS name ON|OFF", "let a job class run, or hold it", cmd_class, LOG_CHANGE},
    {"LIMIT", "LIMIT n", "run at most n jobs at once (0: one per PC)", cmd_limit, LOG_CHANGE},
    {"SHUTDOWN", "SHUTDOWN", "drop every running job (queued again) and stop", cmd_shutdown, LOG_CHANGE},
    {"SCREENSHOT", "SCREENSHOT file.png", "write the status display as it stands to a PNG file",
     cmd_screenshot, LOG_CHANGE},
    {"HELP", "HELP", "this list", cmd_help, LOG_NEVER},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static enum console_result cmd_help(struct console_call *call, int argc, char **argv, struct text *out)
{
    struct os *os = call->os;
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
    /* Filled from the table once: the same names in the same order. */
    static const char *names[COMMAND_COUNT + 1];
    if (!names[0])
        for (size_t c = 0; c < COMMAND_COUNT; c++)
            names[c] = commands[c].name;
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
                                  !strncasecmp(words[0], "SC", 2) ||
                                  !strncasecmp(words[0], "SU", 2));
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
    /* A change goes to the dayfile as OPERATOR when it is made; a refused
     * command as OPREFUSE with its reason: it changed nothing. */
    struct console_call call = {os, who ? who : "console", logged, false};
    size_t before = out->length;
    enum console_result result = found->run(&call, n, words, out);
    if (found->logged == LOG_CHANGE && result == CONSOLE_ERROR && !call.logged) {
        const char *reason = out->data ? out->data + before : "";
        dayfile_write(&os->dayfile, os->now, "OPREFUSE", "%s: %s: %.*s", call.who, logged,
                      (int)strcspn(reason, "\n"), reason);
    } else if (found->logged == LOG_CHANGE) {
        operator_change(&call);
    }
    return result;
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
