/*
 * c1.c - the C-1 machine front end.  It boots a site (the machine and its
 * batch OS), replays a workload trace through one, or runs the bare
 * machine:
 *
 *   c1 --site DIR [--pcs N] [--memory WORDS] [--model M] [--until-idle]
 *      [--script FILE] [--no-timing] [--max-time SECONDS] [--max-field WORDS]
 *      [--keep-running] [--display] [--screenshot-at CLOCKS FILE.png]
 *                                          (tools/c1/site_front.c)
 *   c1 --bare IMAGE [--model cray1|xmp] [--memory WORDS] [--pcs N]
 *      [--max-cycles N] [--json] [--trace] [--no-timing]
 *                                          (tools/c1/bare.c)
 *   c1 --site DIR --replay TRACE.swf ...   (tools/replay/replay_command.c)
 *
 * This file reads and checks the options, one parser for the three, and
 * hands them to the one asked for.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/isa.h"
#include "emu/machine.h"
#include "emu/memory.h"
#include "tools/c1/bare.h"
#include "tools/c1/site_front.h"
#include "tools/display/display.h"
#include "tools/replay/replay_command.h"

struct options {
    const char *image;
    const char *site;
    const char *script;
    int until_idle;
    double max_time;
    uint32_t max_field;
    unsigned model;
    uint32_t memory_words;
    uint64_t max_cycles;
    unsigned pcs;
    unsigned threads;            /* --threads N (0: the default) */
    int json;
    int trace;
    int interactive;             /* -i: the bare machine's monitor */
    int timing;
    int display;                 /* --display: the status display's window */
    const char *screenshot_file; /* --screenshot-at CLOCKS FILE */
    uint64_t screenshot_clock;
    int keep_running;            /* run on at the end of input, until SHUTDOWN */
    const char *replay_trace;    /* --replay TRACE.swf */
    const char *replay_report;   /* --report FILE.csv */
    const char *replay_jobs_csv; /* --jobs-csv FILE.csv */
    struct replay_options replay;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: c1 --site DIR [--pcs N] [--memory WORDS] [--model cray1|xmp] [--until-idle]\n"
            "                      [--script FILE] [--no-timing] [--max-time S] [--max-field W]\n"
            "                      [--keep-running] [--display] [--screenshot-at CLOCKS FILE.png]\n"
            "                      [--threads N]\n"
            "  Boots the site in DIR (created on first boot) and runs its queue.  Operator\n"
            "  commands come from the terminal, standard input or --script (HELP lists\n"
            "  them), and from opcon over the socket DIR/opcon.sock (mode 0600) while c1\n"
            "  runs.  --until-idle stops when the queue is empty and every PC is idle;\n"
            "  otherwise c1 stops when idle at the end of standard input or of the\n"
            "  script, unless --keep-running: then it runs on (serving opcon and new\n"
            "  queue entries) until SHUTDOWN.  --display opens the SDL2 status display\n"
            "  (with no screen, SDL_VIDEODRIVER=offscreen); --screenshot-at writes the\n"
            "  display as a PNG when the machine reaches CLOCKS (or when c1 stops, if it\n"
            "  never does), with or without --display; the SCREENSHOT command does the\n"
            "  same at any time.  On a terminal a progress line shows the clock, the\n"
            "  jobs finished and queued, and the emulated rate.  --threads N runs the PCs\n"
            "  on N host threads (default: one per PC, at most one per online core);\n"
            "  every N gives the same dayfile, outputs and dropfiles.\n"
            "usage: c1 --site DIR --replay TRACE.swf [--pcs N] [--time-scale K] [--jobs M]\n"
            "                      [--from JOB] [--proc-map work|wall] [--report FILE.csv]\n"
            "                      [--jobs-csv FILE.csv] [--display]\n"
            "                      [--model M] [--memory WORDS] [--no-timing]\n"
            "  Replays a Standard Workload Format trace through the site's batch OS:\n"
            "  each record arrives at its submit time divided by K (default 40000\n"
            "  trace seconds per emulated second), asks for its requested time and\n"
            "  memory, and computes for its recorded run time.  --proc-map work (the\n"
            "  default) runs a record of p of the trace's P processors on one PC for\n"
            "  p/(P/N) of its time; wall runs it for its recorded time.  --jobs M\n"
            "  replays M records, from the record of job --from JOB.  Prints the report\n"
            "  (PC utilisation, waits, bounded slowdown, time-limit drops per class,\n"
            "  beside the trace's own) and writes it as CSV with --report; --jobs-csv\n"
            "  writes one line per trace job (arrival, start, end, waits, run, drop).\n"
            "usage: c1 --bare IMAGE [--model cray1|xmp] [--memory WORDS] [--pcs N]\n"
            "                       [--max-cycles N] [--json] [--trace] [--no-timing] [-i]\n"
            "                       [--threads N]\n"
            "  Runs IMAGE (a raw image of big-endian 64-bit words) from word 0 of the\n"
            "  field of each of N processors (default 1) until its first exit or the\n"
            "  clock limit, with the Cray-1 timing model (--no-timing: one clock per\n"
            "  parcel, 50 per exit).  --trace prints every instruction's issue clock,\n"
            "  what held it, and when its result arrived.  -i starts a SIMH-style\n"
            "  monitor instead (EXAMINE, DEPOSIT, STEP, GO, BREAK, PC; HELP lists them).\n"
            "  Exit status: 0 when every PC made a normal exit, 1 otherwise,\n"
            "  2 on bad usage or input.\n");
}

static int parse_number(const char *text, uint64_t *value)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno || end == text || *end)
        return -1;
    *value = v;
    return 0;
}

/* The options that take a value (to say so when the value is missing). */
static bool option_wants_value(const char *option)
{
    static const char *const with_value[] = {
        "--bare", "--site", "--script", "--screenshot-at", "--max-time", "--max-field",
        "--model", "--memory", "--max-cycles", "--pcs", "--replay", "--report", "--jobs-csv",
        "--time-scale", "--jobs", "--from", "--proc-map", "--threads", NULL};
    for (const char *const *w = with_value; *w; w++)
        if (!strcmp(option, *w))
            return true;
    return false;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    int bare = 0;
    int memory_given = 0, pcs_given = 0;
    o->model = MODEL_CRAY1;
    o->memory_words = MEMORY_DEFAULT_WORDS;
    o->max_cycles = 100000000;
    o->pcs = 1;
    o->timing = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        uint64_t v;
        if (!strcmp(a, "--bare") && i + 1 < argc) {
            bare = 1;
            o->image = argv[++i];
        } else if (!strcmp(a, "--site") && i + 1 < argc) {
            o->site = argv[++i];
        } else if (!strcmp(a, "--script") && i + 1 < argc) {
            o->script = argv[++i];
        } else if (!strcmp(a, "--until-idle")) {
            o->until_idle = 1;
        } else if (!strcmp(a, "--keep-running")) {
            o->keep_running = 1;
        } else if (!strcmp(a, "--display")) {
            o->display = 1;
        } else if (!strcmp(a, "--screenshot-at") && i + 2 < argc) {
            if (parse_number(argv[++i], &v)) {
                fprintf(stderr, "c1: --screenshot-at wants a clock count and a file\n");
                return -1;
            }
            o->screenshot_clock = v;
            o->screenshot_file = argv[++i];
        } else if (!strcmp(a, "--max-time") && i + 1 < argc) {
            char *end;
            o->max_time = strtod(argv[++i], &end);
            if (*end || !(o->max_time > 0)) {
                fprintf(stderr, "c1: --max-time wants seconds\n");
                return -1;
            }
        } else if (!strcmp(a, "--max-field") && i + 1 < argc) {
            if (parse_number(argv[++i], &v) || v < 512 || v > MEMORY_MAX_WORDS) {
                fprintf(stderr, "c1: --max-field wants 512..%u words\n", MEMORY_MAX_WORDS);
                return -1;
            }
            o->max_field = (uint32_t)v;
        } else if (!strcmp(a, "--model") && i + 1 < argc) {
            o->model = isa_model_from_name(argv[++i]);
            if (!o->model) {
                fprintf(stderr, "c1: unknown model '%s' (cray1 or xmp)\n", argv[i]);
                return -1;
            }
        } else if (!strcmp(a, "--memory") && i + 1 < argc) {
            if (parse_number(argv[++i], &v) || v < 16 || v > MEMORY_MAX_WORDS) {
                fprintf(stderr, "c1: --memory wants 16..%u words\n", MEMORY_MAX_WORDS);
                return -1;
            }
            o->memory_words = (uint32_t)v;
            memory_given = 1;
        } else if (!strcmp(a, "--max-cycles") && i + 1 < argc) {
            if (parse_number(argv[++i], &v)) {
                fprintf(stderr, "c1: bad --max-cycles '%s'\n", argv[i]);
                return -1;
            }
            o->max_cycles = v;
        } else if (!strcmp(a, "--pcs") && i + 1 < argc) {
            if (parse_number(argv[++i], &v) || v < 1 || v > MACHINE_MAX_PCS) {
                fprintf(stderr, "c1: --pcs wants 1..%d\n", MACHINE_MAX_PCS);
                return -1;
            }
            o->pcs = (unsigned)v;
            pcs_given = 1;
        } else if (!strcmp(a, "--threads") && i + 1 < argc) {
            if (parse_number(argv[++i], &v) || v < 1 || v > MACHINE_MAX_PCS) {
                fprintf(stderr, "c1: --threads wants 1..%d\n", MACHINE_MAX_PCS);
                return -1;
            }
            o->threads = (unsigned)v;
        } else if (!strcmp(a, "--replay") && i + 1 < argc) {
            o->replay_trace = argv[++i];
        } else if (!strcmp(a, "--report") && i + 1 < argc) {
            o->replay_report = argv[++i];
        } else if (!strcmp(a, "--jobs-csv") && i + 1 < argc) {
            o->replay_jobs_csv = argv[++i];
        } else if (!strcmp(a, "--time-scale") && i + 1 < argc) {
            char *end;
            o->replay.time_scale = strtod(argv[++i], &end);
            if (*end || !(o->replay.time_scale > 0) || o->replay.time_scale > 1e9) {
                fprintf(stderr, "c1: --time-scale wants trace seconds per emulated second\n");
                return -1;
            }
        } else if (!strcmp(a, "--jobs") && i + 1 < argc) {
            if (parse_number(argv[++i], &v) || v < 1) {
                fprintf(stderr, "c1: --jobs wants a positive count\n");
                return -1;
            }
            o->replay.max_jobs = (size_t)v;
        } else if (!strcmp(a, "--from") && i + 1 < argc) {
            if (parse_number(argv[++i], &v) || v < 1 || v > INT64_MAX) {
                fprintf(stderr, "c1: --from wants a trace job number\n");
                return -1;
            }
            o->replay.from_job = (int64_t)v;
        } else if (!strcmp(a, "--proc-map") && i + 1 < argc) {
            const char *map = argv[++i];
            if (strcmp(map, "work") && strcmp(map, "wall")) {
                fprintf(stderr, "c1: --proc-map wants work or wall\n");
                return -1;
            }
            o->replay.map = strcmp(map, "work") ? REPLAY_MAP_WALL : REPLAY_MAP_WORK;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--trace")) {
            o->trace = 1;
        } else if (!strcmp(a, "-i") || !strcmp(a, "--interactive")) {
            o->interactive = 1;
        } else if (!strcmp(a, "--no-timing")) {
            o->timing = 0;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else if (a[0] == '-' && a[1] == '-' && i + 1 == argc && option_wants_value(a)) {
            fprintf(stderr, "c1: %s wants a value (c1 --help)\n", a);
            return -1;
        } else {
            fprintf(stderr, "c1: unexpected argument '%s' (c1 --help)\n", a);
            return -1;
        }
    }
    if (!bare && !o->site) {
        fprintf(stderr, o->replay_trace ? "c1: --replay wants --site DIR: the site it replays on\n"
                                        : "c1: --site DIR (a site) or --bare IMAGE (the bare "
                                          "machine) is needed (c1 --help)\n");
        return -1;
    }
    if (bare && o->site) {
        fprintf(stderr, "c1: --site and --bare are one or the other\n");
        return -1;
    }
    if (bare && (o->display || o->screenshot_file || o->keep_running || o->until_idle ||
                 o->script)) {
        fprintf(stderr, "c1: --display, --screenshot-at, --keep-running, --until-idle and "
                        "--script are for a site\n");
        return -1;
    }
    bool replay_option = o->replay_report || o->replay_jobs_csv || o->replay.time_scale || o->replay.max_jobs ||
                         o->replay.from_job || o->replay.map != REPLAY_MAP_WORK;
    if (!o->replay_trace && replay_option) {
        fprintf(stderr, "c1: --report, --jobs-csv, --time-scale, --jobs, --from and --proc-map "
                        "are for --replay\n");
        return -1;
    }
    if (o->replay_trace && (bare || o->screenshot_file || o->keep_running || o->script)) {
        fprintf(stderr, "c1: --replay runs a site of its own: no --bare, --screenshot-at, "
                        "--keep-running or --script (--display watches it)\n");
        return -1;
    }
    if (o->keep_running && o->until_idle) {
        fprintf(stderr, "c1: --keep-running and --until-idle contradict each other\n");
        return -1;
    }
    (void)memory_given;
    if (o->site && !pcs_given)
        o->pcs = 2;   /* a site's default machine: 2 PCs */
    if (!o->threads) {   /* one host thread per PC, at most one per online core */
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o->threads = cores < 1 ? 1 : (unsigned)cores < o->pcs ? (unsigned)cores : o->pcs;
    }
    if (o->model == MODEL_CRAY1 && o->memory_words > (1u << 22)) {
        fprintf(stderr, "c1: a Cray-1 addresses at most 4 M words\n");
        return -1;
    }
    return 0;
}

/* The status display watching a replay (c1 --replay ... --display). */
static void *replay_display_open(struct os *os, char *error, size_t size)
{
    return display_create(os, true, error, size);
}
static void replay_display_show(void *display)
{
    display_sample(display);
    display_frame(display);
}
static void replay_display_close(void *display) { display_destroy(display); }

int main(int argc, char **argv)
{
    struct options o = {0};
    if (parse_options(argc, argv, &o))
        return 2;
    if (o.replay_trace) {
        struct replay_command replay = {
            .site = o.site, .trace = o.replay_trace, .report = o.replay_report,
            .jobs_csv = o.replay_jobs_csv,
            .config = {.model = o.model, .pcs = o.pcs, .memory_words = o.memory_words,
                       .timing = o.timing, .max_field = o.max_field, .threads = o.threads},
            .replay = o.replay};
        if (o.display) {
            replay.watch_open = replay_display_open;
            replay.watch = replay_display_show;
            replay.watch_close = replay_display_close;
        }
        return replay_command(&replay);
    }
    if (o.site) {
        struct site_options site = {
            .site = o.site, .script = o.script, .model = o.model, .pcs = o.pcs,
            .memory_words = o.memory_words, .max_field = o.max_field, .timing = o.timing,
            .until_idle = o.until_idle, .keep_running = o.keep_running, .max_time = o.max_time,
            .display = o.display, .screenshot_file = o.screenshot_file,
            .screenshot_clock = o.screenshot_clock, .threads = o.threads};
        return run_site(&site);
    }
    struct bare_options bare = {
        .image = o.image, .model = o.model, .memory_words = o.memory_words, .pcs = o.pcs,
        .max_cycles = o.max_cycles, .json = o.json, .trace = o.trace, .timing = o.timing,
        .interactive = o.interactive, .threads = o.threads};
    return run_bare(&bare);
}
