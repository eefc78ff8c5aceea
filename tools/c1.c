/*
 * c1.c - the C-1 machine front end.  It boots a site (the machine and its
 * batch OS), or runs the bare machine:
 *
 *   c1 --site DIR [--pcs N] [--memory WORDS] [--model M] [--until-idle]
 *      [--script FILE] [--no-timing] [--max-time SECONDS] [--max-field WORDS]
 *      [--keep-running] [--display] [--screenshot-at CLOCKS FILE.png]
 *   c1 --bare IMAGE [--model cray1|xmp] [--memory WORDS] [--pcs N]
 *      [--max-cycles N] [--json] [--trace] [--no-timing]
 *   c1 --site DIR --replay TRACE.swf ...   (tools/replay/replay_command.c)
 *
 * A site runs the jobs of its queue; the operator console reads commands
 * from the terminal (readline), from standard input, or from --script, and
 * from opcon over SITE/opcon.sock (os/operator/opcon_server.h).  The loop runs the
 * machine in slices of SITE_SLICE clocks; between two slices it looks at
 * every operator's input (select over the terminal and the socket: a
 * command always acts between slices, whole), samples the machine for the
 * status display (tools/display/) and redraws it when a frame is due, and
 * on a terminal keeps a one-line progress display (in the readline prompt
 * when the console is there).  The display is always made, off screen
 * unless --display, so that SCREENSHOT and --screenshot-at work headless.
 *
 * The bare machine loads an executable (c1cal's format, at its entry point)
 * or a raw image (big-endian 64-bit words) into the field of each of the
 * N processors (each PC gets memory/N words, rounded down to 16, with the
 * image at the field's word 0), runs them in user mode until each one's
 * first exchange (normal exit, error exit, range or floating-point error)
 * or the cycle limit, and prints each one's exit reason, exchange package
 * and registers, with clocks, seconds at the machine's clock period and
 * MFLOPS; or one JSON object per PC with --json, the interface end-to-end
 * tests use.  --trace prints the issue of every instruction: its clock,
 * what held it and for how long, and when its result arrived.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "os/operator/console.h"
#include "tools/display/display.h"
#include "tools/replay/replay_command.h"
#include "os/job.h"
#include "os/operator/opcon_server.h"
#include "emu/cpu.h"
#include "emu/exchange.h"
#include "os/cal/executable.h"
#include "os/os.h"
#include "emu/isa.h"
#include "emu/machine.h"
#include "emu/memory.h"

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
    int json;
    int trace;
    int timing;
    int display;                 /* --display: the status display's window */
    const char *screenshot_file; /* --screenshot-at CLOCKS FILE */
    uint64_t screenshot_clock;
    int keep_running;            /* run on at the end of input, until SHUTDOWN */
    const char *replay_trace;    /* --replay TRACE.swf */
    const char *replay_report;   /* --report FILE.csv */
    struct replay_options replay;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: c1 --site DIR [--pcs N] [--memory WORDS] [--model cray1|xmp] [--until-idle]\n"
            "                      [--script FILE] [--no-timing] [--max-time S] [--max-field W]\n"
            "                      [--keep-running] [--display] [--screenshot-at CLOCKS FILE.png]\n"
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
            "  jobs finished and queued, and the emulated rate.\n"
            "usage: c1 --site DIR --replay TRACE.swf [--pcs N] [--time-scale K] [--jobs M]\n"
            "                      [--from JOB] [--proc-map work|wall] [--report FILE.csv]\n"
            "                      [--model M] [--memory WORDS] [--no-timing]\n"
            "  Replays a Standard Workload Format trace through the site's batch OS:\n"
            "  each record arrives at its submit time divided by K (default 40000\n"
            "  trace seconds per emulated second), asks for its requested time and\n"
            "  memory, and computes for its recorded run time.  --proc-map work (the\n"
            "  default) runs a record of p of the trace's P processors on one PC for\n"
            "  p/(P/N) of its time; wall runs it for its recorded time.  --jobs M\n"
            "  replays M records, from the record of job --from JOB.  Prints the report\n"
            "  (PC utilisation, waits, bounded slowdown, time-limit drops per class,\n"
            "  beside the trace's own) and writes it as CSV with --report.\n"
            "usage: c1 --bare IMAGE [--model cray1|xmp] [--memory WORDS] [--pcs N]\n"
            "                       [--max-cycles N] [--json] [--trace] [--no-timing]\n"
            "  Runs IMAGE (a raw image of big-endian 64-bit words) from word 0 of the\n"
            "  field of each of N processors (default 1) until its first exit or the\n"
            "  clock limit, with the Cray-1 timing model (--no-timing: one clock per\n"
            "  parcel, 50 per exit).  --trace prints every instruction's issue clock,\n"
            "  what held it, and when its result arrived.\n"
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
        } else if (!strcmp(a, "--replay") && i + 1 < argc) {
            o->replay_trace = argv[++i];
        } else if (!strcmp(a, "--report") && i + 1 < argc) {
            o->replay_report = argv[++i];
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
        } else if (!strcmp(a, "--no-timing")) {
            o->timing = 0;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else {
            fprintf(stderr, "c1: unexpected argument '%s'\n", a);
            return -1;
        }
    }
    if (bare == !!o->site) {
        usage(stderr);
        return -1;
    }
    if (bare && (o->display || o->screenshot_file || o->keep_running || o->until_idle ||
                 o->script)) {
        fprintf(stderr, "c1: --display, --screenshot-at, --keep-running, --until-idle and "
                        "--script are for a site\n");
        return -1;
    }
    bool replay_option = o->replay_report || o->replay.time_scale || o->replay.max_jobs ||
                         o->replay.from_job || o->replay.map != REPLAY_MAP_WORK;
    if (!o->replay_trace && replay_option) {
        fprintf(stderr, "c1: --report, --time-scale, --jobs, --from and --proc-map are for --replay\n");
        return -1;
    }
    if (o->replay_trace && (bare || o->display || o->screenshot_file || o->keep_running ||
                            o->script)) {
        fprintf(stderr, "c1: --replay runs a site of its own: no --bare, --display, "
                        "--screenshot-at, --keep-running or --script\n");
        return -1;
    }
    if (o->keep_running && o->until_idle) {
        fprintf(stderr, "c1: --keep-running and --until-idle contradict each other\n");
        return -1;
    }
    (void)memory_given;
    if (o->site && !pcs_given)
        o->pcs = 2;   /* a site's default machine: 2 PCs */
    if (o->model == MODEL_CRAY1 && o->memory_words > (1u << 22)) {
        fprintf(stderr, "c1: a Cray-1 addresses at most 4 M words\n");
        return -1;
    }
    return 0;
}

static const char *exit_reason(const struct cpu *cpu)
{
    if (cpu->flags & (FLAG_PROGRAM_RANGE | FLAG_OPERAND_RANGE))
        return "range";
    if (cpu->flags & FLAG_FLOATING_ERROR)
        return "floating";
    if (cpu->flags & FLAG_ERROR_EXIT)
        return "error";
    if (cpu->flags & FLAG_NORMAL_EXIT)
        return "normal";
    if (cpu->flags)
        return "interrupt";
    return "cycles";
}

/* Clock period in nanoseconds: 12.5 on the Cray-1, 9.5 on the early X-MP. */
static double clock_period_ns(unsigned model) { return model == MODEL_XMP ? 9.5 : 12.5; }

static double seconds_of(const struct cpu *cpu)
{
    return (double)cpu->clock * clock_period_ns(cpu->model) * 1e-9;
}

static double mflops(const struct cpu *cpu)
{
    double seconds = seconds_of(cpu);
    return seconds > 0 ? (double)cpu->flops / seconds / 1e6 : 0.0;
}

static void print_json(const struct cpu *cpu)
{
    char features[128];
    printf("{\"pc\":%u,\"exit\":\"%s\",\"p\":\"%" PRIo32 "\",\"flags\":\"%" PRIo32 "\",\"a\":[",
           cpu->processor, exit_reason(cpu), cpu->p, cpu->flags);
    for (int r = 0; r < 8; r++)
        printf("%s\"%" PRIo32 "\"", r ? "," : "", cpu->a[r]);
    printf("],\"s\":[");
    for (int r = 0; r < 8; r++)
        printf("%s\"%" PRIo64 "\"", r ? "," : "", cpu->s[r]);
    printf("],\"b\":[");
    for (int r = 0; r < 64; r++)
        printf("%s\"%" PRIo32 "\"", r ? "," : "", cpu->b[r]);
    printf("],\"t\":[");
    for (int r = 0; r < 64; r++)
        printf("%s\"%" PRIo64 "\"", r ? "," : "", cpu->t[r]);
    printf("],\"v\":[");
    for (int r = 0; r < 8; r++) {
        printf("%s[", r ? "," : "");
        for (int e = 0; e < 64; e++)
            printf("%s\"%" PRIo64 "\"", e ? "," : "", cpu->v[r][e]);
        printf("]");
    }
    printf("],\"vl\":\"%" PRIo32 "\",\"vm\":\"%" PRIo64 "\",\"clocks\":%" PRIu64
           ",\"seconds\":%.9f,\"instructions\":%" PRIu64 ",\"flops\":%" PRIu64
           ",\"mflops\":%.3f,\"features\":\"%s\"}",
           cpu->vl, cpu->vm, cpu->clock, seconds_of(cpu), cpu->instructions, cpu->flops,
           mflops(cpu), isa_feature_names(cpu->features_used, features, sizeof features));
}

static void print_text(const struct cpu *cpu)
{
    uint64_t package[EXCHANGE_PACKAGE_WORDS];
    char features[128];
    exchange_pack(cpu, package);
    printf("PC %u exit: %s   P=%" PRIo32 "   clocks=%" PRIu64 "   instructions=%" PRIu64 "\n",
           cpu->processor, exit_reason(cpu), cpu->p, cpu->clock, cpu->instructions);
    printf("time: %.9f s at %.1f ns   floating-point results: %" PRIu64 "   %.2f MFLOPS\n",
           seconds_of(cpu), clock_period_ns(cpu->model), cpu->flops, mflops(cpu));
    printf("features used: %s\n", isa_feature_names(cpu->features_used, features, sizeof features));
    printf("exchange package (%s):\n", isa_model_name(cpu->model));
    for (int w = 0; w < EXCHANGE_PACKAGE_WORDS; w++)
        printf("  %02o  %022" PRIo64 "\n", w, package[w]);
    for (int r = 0; r < 8; r++)
        printf("A%d %08" PRIo32 "   S%d %022" PRIo64 "\n", r, cpu->a[r], r, cpu->s[r]);
    printf("VL %03" PRIo32 "   VM %022" PRIo64 "\n", cpu->vl, cpu->vm);
    for (int r = 0; r < 64; r += 4)
        printf("B%02o %08" PRIo32 "  B%02o %08" PRIo32 "  B%02o %08" PRIo32 "  B%02o %08" PRIo32 "\n",
               r, cpu->b[r], r + 1, cpu->b[r + 1], r + 2, cpu->b[r + 2], r + 3, cpu->b[r + 3]);
    for (int r = 0; r < 64; r += 2)
        printf("T%02o %022" PRIo64 "  T%02o %022" PRIo64 "\n", r, cpu->t[r], r + 1, cpu->t[r + 1]);
    for (int r = 0; r < 8; r++) {
        printf("V%d:", r);
        for (int e = 0; e < 64; e++)
            printf("%s%" PRIo64, e % 4 ? " " : "\n  ", cpu->v[r][e]);
        printf("\n");
    }
}

/* The trace: one line per issued instruction. */
static void print_trace(void *context, const struct cpu *cpu, const struct timing_event *event)
{
    const struct isa_forms *forms = context;
    uint16_t parcels[2] = {(uint16_t)event->parcel, (uint16_t)event->m};
    char text[96], held[40] = "";
    isa_disassemble(forms, cpu->model, parcels, 2, text, sizeof text);
    if (event->issue > event->ready) {
        if (event->hold_register >= 0)
            snprintf(held, sizeof held, "%s %d +%" PRIu64, timing_hold_name(event->hold),
                     event->hold_register, event->issue - event->ready);
        else
            snprintf(held, sizeof held, "%s +%" PRIu64, timing_hold_name(event->hold),
                     event->issue - event->ready);
    }
    printf("%2u %10" PRIu64 "  %08" PRIo32 "  %-34s %-16s %10" PRIu64 "\n", cpu->processor,
           event->issue, event->p, text, held, event->result);
}

static unsigned char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t capacity = 65536, used = 0;
    unsigned char *data = malloc(capacity);
    while (data) {
        size_t n = fread(data + used, 1, capacity - used, f);
        used += n;
        if (n == 0)
            break;
        if (used == capacity) {
            unsigned char *bigger = capacity < ((size_t)1 << 30) ? realloc(data, capacity * 2) : NULL;
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity *= 2;
        }
    }
    fclose(f);
    *length = used;
    return data;
}

static int run_bare(const struct options *options)
{
    struct options o = *options;
    size_t length;
    unsigned char *bytes = read_file(o.image, &length);
    if (!bytes) {
        fprintf(stderr, "c1: cannot read %s: %s\n", o.image, strerror(errno));
        return 2;
    }
    struct executable exe;
    char why[256];
    int parsed = executable_parse(bytes, length, EXE_KIND_ANY, &exe, why, sizeof why);
    free(bytes);
    if (parsed) {
        fprintf(stderr, "c1: %s: %s\n", o.image, why);
        return 2;
    }
    struct machine *machine = malloc(sizeof *machine);
    if (!machine || machine_init(machine, o.model, o.pcs, o.memory_words, o.timing)) {
        fprintf(stderr, "c1: cannot build a machine of %" PRIu32 " words\n", o.memory_words);
        executable_free(&exe);
        free(machine);
        return 2;
    }
    uint32_t field = (o.memory_words / o.pcs) & ~UINT32_C(15);
    int status = 0;
    for (unsigned n = 0; n < o.pcs && status == 0; n++) {
        if (exe.word_count > field || executable_load(&exe, &machine->memory, n * field)) {
            fprintf(stderr, "c1: %s: %" PRIu32 " words are larger than a field of %" PRIu32
                    " words\n", o.image, exe.word_count, field);
            status = 2;
        }
        cpu_set_field(&machine->cpu[n], n * field, (n + 1) * field);
        machine->cpu[n].p = exe.entry == EXECUTABLE_NO_ENTRY ? 0 : (uint32_t)exe.entry;
    }
    executable_free(&exe);
    struct isa_forms *forms = o.trace ? isa_forms_create() : NULL;
    if (status == 0) {
        for (unsigned n = 0; n < o.pcs; n++) {
            machine->cpu[n].trace = forms ? print_trace : NULL;
            machine->cpu[n].trace_context = forms;
        }
        if (forms)
            printf("PC      clock  P         instruction                        held by          "
                   "    result\n");
        /* Each PC stops at its first exit: the machine returns it, and it is
         * set aside until all have stopped or reached the limit. */
        while (machine_run(machine, o.max_cycles) >= 0) {
            for (unsigned n = 0; n < o.pcs; n++)
                if (machine->cpu[n].flags || machine->cpu[n].monitor_exit)
                    machine->idle[n] = true;
        }
        if (o.json && o.pcs > 1)
            printf("{\"pcs\":[");
        for (unsigned n = 0; n < o.pcs; n++) {
            const struct cpu *cpu = &machine->cpu[n];
            if (o.json) {
                printf("%s", n ? "," : "");
                print_json(cpu);
            } else {
                print_text(cpu);
            }
            if (strcmp(exit_reason(cpu), "normal"))
                status = 1;
        }
        if (o.json)
            printf("%s\n", o.pcs > 1 ? "]}" : "");
    }
    isa_forms_destroy(forms);
    machine_free(machine);
    free(machine);
    return status;
}

/* ---- a site ---------------------------------------------------------------------------- */

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
    const struct options *o;
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
    const struct options *o = run->o;
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

static int run_site(const struct options *o)
{
    struct os_config config = {
        .model = o->model,
        .pcs = o->pcs,
        .memory_words = o->memory_words,
        .timing = o->timing,
        .max_field = o->max_field,
        .until_idle = o->until_idle,
        .sync_dayfile = true,
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

int main(int argc, char **argv)
{
    struct options o = {0};
    if (parse_options(argc, argv, &o))
        return 2;
    if (o.replay_trace) {
        struct replay_command replay = {
            .site = o.site, .trace = o.replay_trace, .report = o.replay_report,
            .config = {.model = o.model, .pcs = o.pcs, .memory_words = o.memory_words,
                       .timing = o.timing, .max_field = o.max_field},
            .replay = o.replay};
        return replay_command(&replay);
    }
    return o.site ? run_site(&o) : run_bare(&o);
}
