/*
 * switchp.c - load a dropfile into a debugger and diagnose the job live.
 *
 *   switchp [--pds SITE] [--no-timing] [--rerun-limit N] FILE.drop   a readline session
 *   switchp [...] -x SCRIPT FILE.drop                                 commands from SCRIPT
 *
 * On CDC's VSOS, SWITCHP loaded a dropfile so that a developer could
 * examine and continue the job; this is C-1's.  The job runs in a sandbox
 * (os/switchp/debugger.h): a private temporary site whose OS serves its system
 * requests from the dropfile's own copies of its datasets; nothing on any
 * site changes.  The command language is os/switchp/commands.h's; this is
 * its front end.  On a terminal the session has readline editing, history
 * (~/.switchp_history) and completion of commands, registers and symbols;
 * from a script or from input that is not a terminal each command is
 * echoed after the prompt, so that the output reads as a session.  The
 * prompt shows the clocks run since the drop.
 *
 * Exit status: 0, 1 if a command failed, 2 if the dropfile was refused or
 * the usage is wrong.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "os/switchp/commands.h"
#include "os/switchp/debugger.h"

/* A session as the front end runs it. */
struct session {
    struct switchp_session core;
    bool echo;          /* echo commands after the prompt (scripts, piped input) */
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

static void run_line(struct session *s, const char *line)
{
    if (s->echo) {
        char p[64];
        switchp_prompt(&s->core, p, sizeof p);
        printf("%s%s", p, line);
        if (!strchr(line, '\n'))
            printf("\n");
    }
    if (switchp_execute(&s->core, line))
        s->failures++;
    fflush(stdout);
}

static void run_stream(struct session *s, FILE *in)
{
    char *line = NULL;
    size_t capacity = 0;
    while (!s->core.quit && !terminate_flag && getline(&line, &capacity, in) >= 0)
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
    if (!state)
        completion_index = 0;
    const char *name = switchp_complete(&completing->core, text, completing_command,
                                        &completion_index);
    return name ? strdup(name) : NULL;
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
    while (!s->core.quit && !terminate_flag) {
        char p[64];
        switchp_prompt(&s->core, p, sizeof p);
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
            "usage: switchp [--pds SITE] [--no-timing] [--rerun-limit N] [-x SCRIPT] FILE.drop\n"
            "  Loads a dropfile into a debugger: the job runs in a private sandbox site\n"
            "  (its system requests served from the dropfile's own datasets; nothing on any\n"
            "  site changes), and can be examined, changed, run forwards and backwards,\n"
            "  and written back as a new dropfile.  Commands come from the terminal\n"
            "  (readline), from SCRIPT (-x), or from standard input; HELP lists them.\n"
            "  --pds SITE copies the permanent datasets the job uses from SITE.\n"
            "  --rerun-limit N: going back before the drop runs the job again from its\n"
            "  start; give up if the drop is not reached within N steps (100000000).\n");
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
        } else if (!strcmp(argv[i], "--rerun-limit") && i + 1 < argc) {
            char *end;
            options.rerun_limit = strtoull(argv[++i], &end, 10);
            if (*end || !options.rerun_limit) {
                fprintf(stderr, "switchp: --rerun-limit wants a count of steps\n");
                return 2;
            }
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
    struct debugger *dbg;
    char error[1024];
    if (debugger_open(file, &options, &dbg, error, sizeof error)) {
        fprintf(stderr, "switchp: refused: %s\n", error);
        if (in)
            fclose(in);
        return 2;
    }
    if (switchp_session_init(&s.core, dbg, stdout, &interrupt_flag)) {
        fprintf(stderr, "switchp: out of memory\n");
        debugger_close(dbg);
        if (in)
            fclose(in);
        return 2;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);

    switchp_greet(&s.core, file);
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
    switchp_session_free(&s.core);
    debugger_close(dbg);
    return s.failures || terminate_flag ? 1 : 0;
}
