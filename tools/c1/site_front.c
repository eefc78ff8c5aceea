/*
 * site_front.c - c1 --site: a site's front end (see site_front.h).
 *
 * It boots the site (the machine and its batch OS) and runs the jobs of its
 * queue; the operator console reads commands from the terminal (readline),
 * from standard input, or from --script, and from opcon over
 * SITE/opcon.sock (os/operator/opcon_server.h).  The loop runs the machine
 * in slices of SITE_SLICE clocks; between two slices it looks at every
 * operator's input (select over the terminal and the socket: a command
 * always acts between slices, whole), samples the machine for the status
 * display (tools/display/) and redraws it when a frame is due, and on a
 * terminal keeps a one-line progress display (in the readline prompt when
 * the console is there).  The display is always made, off screen unless
 * --display, so that SCREENSHOT and --screenshot-at work headless.
 */
#include "site_front.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <readline/history.h>
#include <readline/readline.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "os/job.h"
#include "os/log.h"
#include "os/operator/console.h"
#include "os/operator/opcon_server.h"
#include "os/os.h"
#include "tools/display/display.h"

/* Clocks the OS runs between looks at the operator's input. */
#define SITE_SLICE 4000000u
/* The progress line on a terminal: redrawn at most this often (s). */
#define PROGRESS_PERIOD 0.25
/* Idle: how long to wait for input (ms), and with a window (a frame). */
#define IDLE_WAIT_MS 200
#define IDLE_WAIT_DISPLAY_MS (1000 / DISPLAY_FPS)

struct progress {
    bool on;                   /* stdout is a terminal */
    bool shown;                /* a progress line is on the screen (not the prompt) */
    double last;               /* wall seconds of the last update */
    double rate_wall;          /* the rate's window: from this wall time */
    uint64_t rate_clock;       /* and this clock */
    double rate;               /* M clocks/s */
    int finished_before;       /* ended jobs the OS has since forgotten */
    int finished_seen;
    char text[128];
};

struct site_run {
    const struct site_options *o;
    struct os *os;
    struct console_script script;
    struct opcon_server opcon;
    struct display *display;
    bool interactive;          /* readline on the terminal */
    bool read_stdin;           /* commands from standard input */
    bool input_ended;          /* standard input is at its end */
    bool shutdown;             /* SHUTDOWN was given */
    bool shot_pending;         /* --screenshot-at not taken yet */
    int status;
    struct progress progress;
};

static struct site_run *console_run;   /* the readline callback's site (front end only) */

static double wall_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void progress_erase(struct progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stdout);
        p->shown = false;
    }
}

static void print_reply(struct site_run *run, struct text *out)
{
    if (out->length) {
        progress_erase(&run->progress);
        fputs(out->data, stdout);
    }
    fflush(stdout);
    text_free(out);
}

/* The one-line progress display: on the terminal's last line, or in the
 * readline prompt when the console is there. */
static void progress_update(struct site_run *run, bool force)
{
    struct progress *p = &run->progress;
    if (!p->on)
        return;
    double now = wall_seconds();
    if (!force && now - p->last < PROGRESS_PERIOD)
        return;
    p->last = now;
    const struct os *os = run->os;
    if (now - p->rate_wall >= 1.0 || p->rate_wall == 0) {
        if (p->rate_wall > 0 && os->now >= p->rate_clock)
            p->rate = (double)(os->now - p->rate_clock) / (now - p->rate_wall) / 1e6;
        p->rate_wall = now;
        p->rate_clock = os->now;
    }
    int finished = 0, queued = 0, running = 0;
    for (int i = 0; i < os->job_count; i++) {
        const struct job *job = os->jobs[i];
        if (!job)
            continue;
        finished += job->state == JOB_DONE || job->state == JOB_DROPPED;
        queued += job->state == JOB_QUEUED;
        running += job->state == JOB_RUNNING;
    }
    if (finished < p->finished_seen)   /* the OS forgot ended jobs to make room */
        p->finished_before += p->finished_seen - finished;
    p->finished_seen = finished;
    char text[sizeof p->text];
    if (run->interactive)
        snprintf(text, sizeof text, "[%012" PRIu64 " %d done %d queued %d run %.1f Mc/s] c1> ",
                 os->now, p->finished_before + finished, queued, running, p->rate);
    else
        snprintf(text, sizeof text,
                 "clock %012" PRIu64 "   jobs: %d finished, %d queued, %d running   %.1f M clocks/s",
                 os->now, p->finished_before + finished, queued, running, p->rate);
    if (!force && !strcmp(text, p->text))
        return;
    memcpy(p->text, text, sizeof text);
    if (run->interactive) {
        rl_set_prompt(text);
        rl_redisplay();
    } else {
        printf("\r%s\033[K", text);
        fflush(stdout);
        p->shown = true;
    }
}

static void run_console_line(struct site_run *run, const char *line)
{
    struct text out = {0};
    if (console_execute(run->os, line, "console", &out) == CONSOLE_SHUTDOWN)
        run->shutdown = true;
    print_reply(run, &out);
}

static void readline_line(char *line)
{
    if (!line) {
        console_run->input_ended = true;
        return;
    }
    if (*line)
        add_history(line);
    run_console_line(console_run, line);
    free(line);
    if (console_run->shutdown) {
        /* No prompt after the last command. */
        rl_callback_handler_remove();
        console_run->interactive = false;
    }
}

static char *complete_command(const char *text, int state)
{
    static int index;   /* readline's generator protocol (front end only) */
    const char *const *names = console_command_names();
    if (!state)
        index = 0;
    while (names[index]) {
        const char *name = names[index++];
        if (!strncasecmp(name, text, strlen(text)))
            return strdup(name);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    return start == 0 ? rl_completion_matches(text, complete_command) : NULL;
}

/* Wait up to timeout_ms for the operator: the terminal or standard input,
 * and opcon's socket.  Commands run here, between slices of the machine. */
static void poll_operators(struct site_run *run, int timeout_ms)
{
    fd_set readable, writable;
    FD_ZERO(&readable);
    FD_ZERO(&writable);
    int max_fd = -1;
    bool stdin_watched = run->read_stdin && (run->interactive || !run->input_ended);
    if (stdin_watched) {
        FD_SET(0, &readable);
        max_fd = 0;
    }
    max_fd = opcon_server_watch(&run->opcon, &readable, &writable, max_fd);
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    if (max_fd < 0) {
        if (timeout_ms > 0)
            select(0, NULL, NULL, NULL, &tv);
        return;
    }
    if (select(max_fd + 1, &readable, &writable, NULL, &tv) <= 0)
        return;
    if (stdin_watched && FD_ISSET(0, &readable)) {
        if (run->interactive) {
            rl_callback_read_char();
        } else {
            char line[512];
            if (!fgets(line, sizeof line, stdin))
                run->input_ended = true;
            else
                run_console_line(run, line);
        }
    }
    if (!run->shutdown &&
        opcon_server_serve(&run->opcon, run->os, &readable, &writable) == CONSOLE_SHUTDOWN)
        run->shutdown = true;
}

static void advance_idle_time(struct os *os, uint64_t clock)
{
    if (clock <= os->now || clock == UINT64_MAX)
        return;
    os->now = clock;
    for (unsigned p = 0; p < os->config.pcs; p++)
        if (os->machine->cpu[p].clock < clock)
            os->machine->cpu[p].clock = clock;
}

static void take_screenshot(struct site_run *run)
{
    run->shot_pending = false;
    char error[300];
    if (!run->display) {
        fprintf(stderr, "c1: --screenshot-at: the display could not be made\n");
        run->status = 1;
    } else if (display_screenshot(run->display, run->o->screenshot_file, error, sizeof error)) {
        progress_erase(&run->progress);
        fprintf(stderr, "c1: --screenshot-at: %s\n", error);
        run->status = 1;
    }
}

enum idle_action { IDLE_GO_ON, IDLE_WAIT, IDLE_STOP };

/* When the machine stands idle: jump to the next scripted command, stop,
 * or wait for the operators. */
static enum idle_action idle_action(struct site_run *run, uint64_t next)
{
    const struct site_options *o = run->o;
    if (next != UINT64_MAX && next > run->os->now) {
        advance_idle_time(run->os, next);
        return IDLE_GO_ON;
    }
    if (run->script.next < run->script.count)
        return IDLE_GO_ON;
    if (o->keep_running)
        return IDLE_WAIT;
    if (o->until_idle || (o->script && run->script.next >= run->script.count) ||
        (run->read_stdin && !run->interactive && run->input_ended))
        return IDLE_STOP;
    return IDLE_WAIT;
}

static void site_loop(struct site_run *run)
{
    struct os *os = run->os;
    time_t last_scan = time(NULL);
    for (;;) {
        if (run->shot_pending && os->now >= run->o->screenshot_clock)
            take_screenshot(run);
        uint64_t next = console_script_next_clock(&run->script, os->now);
        uint64_t target = os->now + SITE_SLICE;
        if (next < target)
            target = next;
        if (run->shot_pending && run->o->screenshot_clock < target)
            target = run->o->screenshot_clock;
        int state = os_run(os, target);
        if (run->display)
            display_sample(run->display);
        if (run->shot_pending && os->now >= run->o->screenshot_clock)
            take_screenshot(run);
        struct text out = {0};
        if (console_script_run_due(&run->script, os, &out) == CONSOLE_SHUTDOWN)
            run->shutdown = true;
        print_reply(run, &out);
        if (run->shutdown || os->shutting_down)
            break;
        if (state != 0) {
            enum idle_action action = idle_action(run, next);
            if (action == IDLE_STOP)
                break;
            if (action == IDLE_GO_ON)
                continue;
            poll_operators(run, run->display && run->o->display ? IDLE_WAIT_DISPLAY_MS
                                                                 : IDLE_WAIT_MS);
        } else {
            poll_operators(run, 0);
        }
        if (run->shutdown || os->shutting_down)
            break;
        if (run->display)
            display_frame(run->display);
        progress_update(run, false);
        if (time(NULL) != last_scan) {
            last_scan = time(NULL);
            os_scan_queue(os);
        }
    }
}

int run_site(const struct site_options *o)
{
    struct os_config config = {
        .model = o->model,
        .pcs = o->pcs,
        .memory_words = o->memory_words,
        .timing = o->timing,
        .max_field = o->max_field,
        .until_idle = o->until_idle,
        .sync_dayfile = true,
        .threads = o->threads,
    };
    char error[300];
    if (opcon_server_running(o->site)) {
        fprintf(stderr, "c1: another c1 is running the site %s\n", o->site);
        return 2;
    }
    struct os *os = calloc(1, sizeof *os);
    struct site_run *run = calloc(1, sizeof *run);
    if (!os || !run) {
        free(os);
        free(run);
        return 2;
    }
    run->o = o;
    run->os = os;
    run->opcon.fd = -1;
    if (o->max_time > 0)
        config.max_time = (uint64_t)(o->max_time * 1e9 / (o->model == MODEL_XMP ? 9.5 : 12.5));
    if (os_boot(os, o->site, &config, error, sizeof error)) {
        fprintf(stderr, "c1: %s\n", error);
        os_free(os);
        free(os);
        free(run);
        return 2;
    }
    if (o->script && console_script_read(&run->script, o->script, error, sizeof error)) {
        fprintf(stderr, "c1: %s\n", error);
        os_free(os);
        free(os);
        free(run);
        return 2;
    }
    /* The display: a window with --display; off screen otherwise, for
     * SCREENSHOT and --screenshot-at. */
    run->display = display_create(os, o->display, error, sizeof error);
    if (!run->display && o->display) {
        fprintf(stderr, "c1: %s\n", error);
        console_script_free(&run->script);
        os_free(os);
        free(os);
        free(run);
        return 2;
    }
    if (run->display) {
        os->screenshot = display_screenshot_hook;
        os->screenshot_context = run->display;
    }
    if (opcon_server_open(&run->opcon, os->site.root, error, sizeof error))
        fprintf(stderr, "c1: no operator socket: %s\n", error);
    run->shot_pending = o->screenshot_file != NULL;
    run->interactive = !o->until_idle && !o->script && isatty(0);
    run->read_stdin = !o->until_idle && !o->script;
    run->progress.on = isatty(1);
    if (run->interactive) {
        console_run = run;
        rl_attempted_completion_function = complete;
        rl_callback_handler_install("c1> ", readline_line);
    }
    site_loop(run);
    if (run->interactive) {
        rl_callback_handler_remove();
        putchar('\n');   /* after the prompt (SHUTDOWN came from opcon) */
    }
    progress_erase(&run->progress);
    if (run->shot_pending) {
        fprintf(stderr, "c1: the machine stopped at clock %" PRIu64 " before clock %" PRIu64
                "; the screenshot shows clock %" PRIu64 "\n", os->now, o->screenshot_clock,
                os->now);
        take_screenshot(run);
    }
    if (!os->shutting_down) {
        /* Idle or end of input: nothing runs; remember the clock. */
        uint64_t clock = os->now;
        for (unsigned p = 0; p < os->config.pcs; p++)
            if (os->machine->cpu[p].clock > clock)
                clock = os->machine->cpu[p].clock;
        os->site.clock = clock;
        dayfile_write(&os->dayfile, clock, "STOP", "site %s idle", os->site.name);
        site_save_state(&os->site, NULL, 0);
    }
    opcon_server_close(&run->opcon);
    os->screenshot = NULL;
    display_destroy(run->display);
    console_script_free(&run->script);
    os_free(os);
    free(os);
    int status = run->status;
    free(run);
    return status;
}
