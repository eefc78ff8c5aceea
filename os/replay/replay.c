/*
 * replay.c - an SWF trace through the batch OS (see replay.h).
 *
 * Every job runs the same small program: a loop of four vector logical
 * instructions (VL 64, so each holds its unit for 68 clocks: cheap to
 * emulate per clock) counted down from a word COUNT that is set per job.
 * The loop's cost in clocks is measured once on a private machine with the
 * same timing model, so a job's count gives its recorded run time.
 *
 * "Stopped at its limit": a record whose run exceeds its request, or a
 * failed one (status 0) that ran at least 99 % of it (the archive's own
 * reading of such records), is given more work than its limit allows; the
 * OS then stops and drops it at the limit, as it does any job.
 */
#include "replay.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "os/cal/cal.h"
#include "os/cal/executable.h"
#include "os/job.h"
#include "os/job_datasets.h"
#include "os/job_deck.h"
#include "os/job_end.h"

static const char spin_source[] =
    "         IDENT     SPIN\n"
    "         START     GO\n"
    "GO       A1        64\n"
    "         VL        A1\n"
    "         S1        COUNT,\n"
    "         S2        1\n"
    "LOOP     V1        V2!V3\n"
    "         V4        V5!V6\n"
    "         V7        V1&V4\n"
    "         V0        V7\\V2\n"
    "         S1        S1-S2\n"
    "         S0        S1\n"
    "         JSN       LOOP\n"
    "         S0        0\n"
    "         EX\n"
    "COUNT    CON       1\n"
    "         END\n";

#define LIMIT_FRACTION 0.99               /* a failed run this close to its request hit it */
#define SLOWDOWN_BOUND_SECONDS 10.0       /* bounded slowdown's threshold, trace seconds */

/* ---- the program ----------------------------------------------------------------- */

static int build_program(struct replay *r, unsigned model, char *error, size_t size)
{
    struct cal_options options = {model, false, 0};
    struct cal_result result;
    if (cal_assemble(spin_source, sizeof spin_source - 1, "spin", &options, &result) ||
        !result.has_executable) {
        snprintf(error, size, "the replay's program does not assemble");
        cal_result_free(&result);
        return -1;
    }
    int64_t count_word = -1;
    for (size_t s = 0; s < result.executable.symbol_count; s++)
        if (!strcmp(result.executable.symbols[s].name, "COUNT"))
            count_word = result.executable.symbols[s].value;
    int status = count_word < 0 || count_word >= (int64_t)result.executable.word_count ||
                 executable_serialize(&result.executable, false, &r->program, &r->program_length);
    cal_result_free(&result);
    if (status) {
        snprintf(error, size, "the replay's program has no COUNT word");
        return -1;
    }
    r->count_word = (uint32_t)count_word;
    return 0;
}

/* The program with its count (serialised again: the format has a checksum). */
static int program_with_count(const struct replay *r, uint64_t count, unsigned char **bytes,
                              size_t *length)
{
    struct executable exe;
    char why[200];
    if (executable_parse(r->program, r->program_length, EXE_KIND_FORMAT, &exe, why, sizeof why))
        return -1;
    exe.words[r->count_word] = count;
    int status = executable_serialize(&exe, false, bytes, length);
    executable_free(&exe);
    return status;
}

/* Clocks of a run of the program with a count, on a private machine. */
static int measure(const struct replay *r, unsigned model, uint64_t count, uint64_t *clocks)
{
    unsigned char *bytes;
    size_t length;
    if (program_with_count(r, count, &bytes, &length))
        return -1;
    struct executable exe;
    char why[200];
    int status = executable_parse(bytes, length, EXE_KIND_FORMAT, &exe, why, sizeof why);
    free(bytes);
    if (status)
        return -1;
    struct machine *m = malloc(sizeof *m);
    if (!m || machine_init(m, model, 1, 4096, true)) {
        free(m);
        executable_free(&exe);
        return -1;
    }
    executable_load(&exe, &m->memory, 0);
    m->cpu[0].p = (uint32_t)exe.entry;
    executable_free(&exe);
    enum cpu_stop stop = cpu_run(&m->cpu[0], UINT64_MAX);
    *clocks = m->cpu[0].clock;
    bool normal = stop == CPU_STOP_EXCHANGE && (m->cpu[0].flags & FLAG_NORMAL_EXIT);
    machine_free(m);
    free(m);
    return normal ? 0 : -1;
}

/* ---- the OS's view --------------------------------------------------------------------- */

static void job_started(void *context, const struct job *job)
{
    struct replay *r = context;
    if (job->tag < 0 || (size_t)job->tag >= r->last - r->first)
        return;
    struct replay_job *rj = &r->jobs[job->tag];
    if (!rj->started) {
        rj->started = true;
        rj->start = job->run_start_clock;
        rj->pc = job->pc;
    }
}

static void job_finished(void *context, const struct job *job, uint64_t clock, bool dropped)
{
    struct replay *r = context;
    if (job->tag < 0 || (size_t)job->tag >= r->last - r->first)
        return;
    struct replay_job *rj = &r->jobs[job->tag];
    rj->finished = true;
    rj->dropped = dropped;
    rj->end = clock;
    if (rj->pc >= 0 && rj->pc < MACHINE_MAX_PCS && clock > rj->start)
        r->pc_busy[rj->pc] += clock - rj->start;
    if (clock > r->last_clock)
        r->last_clock = clock;
}

/* ---- setting up ------------------------------------------------------------------------- */

int replay_init(struct replay *r, struct os *os, const struct swf_trace *trace,
                const struct replay_options *options, char *error, size_t size)
{
    memset(r, 0, sizeof *r);
    r->options = *options;
    if (!(r->options.time_scale > 0))
        r->options.time_scale = REPLAY_DEFAULT_SCALE;
    if (!r->options.field_words)
        r->options.field_words = 4096;
    r->trace = trace;
    size_t first = 0;
    if (options->from_job > 0)
        while (first < trace->count && trace->records[first].number < options->from_job)
            first++;
    size_t last = trace->count;
    if (options->max_jobs && first + options->max_jobs < last)
        last = first + options->max_jobs;
    if (first >= last) {
        snprintf(error, size, "no trace records to replay");
        return -1;
    }
    r->first = r->next = first;
    r->last = last;
    r->jobs = calloc(last - first, sizeof *r->jobs);
    if (!r->jobs || build_program(r, os->config.model, error, size))
        return -1;
    uint64_t one, hundred;
    if (measure(r, os->config.model, 1, &one) || measure(r, os->config.model, 101, &hundred)) {
        snprintf(error, size, "the replay's program does not run");
        return -1;
    }
    r->clocks_per_iteration = (double)(hundred - one) / 100.0;
    r->base_clocks = (double)one - r->clocks_per_iteration;
    r->clocks_per_second = 1e9 / os_clock_period(os);
    r->clocks_per_trace_second = r->clocks_per_second / r->options.time_scale;
    r->work_divisor = (double)trace->max_procs / os->config.pcs;
    if (r->work_divisor < 1)
        r->work_divisor = 1;
    r->first_submit = trace->records[first].submit;
    r->first_clock = os->now;
    os->observer.job_started = job_started;
    os->observer.job_finished = job_finished;
    os->observer.context = r;
    os->config.no_outputs = true;
    os->dayfile.sync = false;
    return 0;
}

void replay_free(struct replay *r)
{
    free(r->jobs);
    free(r->program);
    memset(r, 0, sizeof *r);
}

static double work_factor(const struct replay *r, const struct swf_record *rec)
{
    if (r->options.map == REPLAY_MAP_WALL)
        return 1.0;
    int64_t procs = rec->procs > 0 ? rec->procs : rec->procs_requested > 0 ? rec->procs_requested : 1;
    return (double)procs / r->work_divisor;
}

static bool stopped_at_limit(const struct swf_record *rec)
{
    if (rec->time_requested <= 0 || rec->run < 0)
        return false;
    return rec->run > rec->time_requested ||
           (rec->status == 0 && (double)rec->run >= LIMIT_FRACTION * (double)rec->time_requested);
}

static uint64_t arrival_clock(const struct replay *r, const struct swf_record *rec)
{
    return r->first_clock +
           (uint64_t)((double)(rec->submit - r->first_submit) * r->clocks_per_trace_second);
}

/* The class of a queue number: Qn, made when first seen (BATCH for -1 or
 * when the OS has no room for another class). */
static const char *class_for_queue(struct os *os, int64_t queue, char *buf, size_t size)
{
    if (queue < 0)
        return OS_DEFAULT_CLASS;
    snprintf(buf, size, "Q%" PRId64, queue % 100000);
    for (int c = 0; c < os->class_count; c++)
        if (!strcmp(os->classes[c].name, buf))
            return buf;
    if (os->class_count >= OS_MAX_CLASSES)
        return OS_DEFAULT_CLASS;
    struct job_class *c = &os->classes[os->class_count++];
    snprintf(c->name, sizeof c->name, "%.7s", buf);
    c->enabled = true;
    c->rank = 1;   /* as BATCH: queue numbers say where, not how urgent */
    return buf;
}

static void inject(struct replay *r, struct os *os, size_t index)
{
    const struct swf_record *rec = &r->trace->records[index];
    struct replay_job *rj = &r->jobs[index - r->first];
    rj->record = index;
    rj->arrival = arrival_clock(r, rec);
    rj->pc = -1;
    double factor = work_factor(r, rec);
    /* Before its program the job costs two control statements; the
     * program's own set-up and exit are in base_clocks. */
    double overhead = 2.0 * OS_STATEMENT_CLOCKS + r->base_clocks;
    double run = rec->run > 0 ? (double)rec->run * factor * r->clocks_per_trace_second : 0;
    double limit = rec->time_requested > 0
                       ? (double)rec->time_requested * factor * r->clocks_per_trace_second
                       : 2.0 * run + 1e6;
    if (stopped_at_limit(rec) && run < limit + 2.0 * r->clocks_per_iteration)
        run = limit + 2.0 * r->clocks_per_iteration;   /* clearly beyond its limit */
    /* Whole iterations, never more than the run: a job that ran within its
     * request ends within it. */
    uint64_t count = run > r->clocks_per_iteration ? (uint64_t)floor(run / r->clocks_per_iteration) : 1;
    if (count < 1)
        count = 1;
    rj->run_clocks = (uint64_t)run;
    double seconds = (limit + overhead) / r->clocks_per_second;
    uint64_t words = r->options.field_words;
    if (rec->memory_requested > 0) {
        double total = (double)rec->memory_requested * 128.0 * (r->options.map == REPLAY_MAP_WORK
                                                                     ? factor : 1.0);
        words = total < 512 ? 512 : total > os->config.max_field ? os->config.max_field
                                                                : (uint64_t)total;
    }
    char class_buf[16], deck[256];
    const char *class_name = class_for_queue(os, rec->queue, class_buf, sizeof class_buf);
    snprintf(deck, sizeof deck, "JOB,JN=J%" PRId64 ",T=%.9f,MFL=%" PRIu64 ",US=U%" PRId64 ",CL=%s.\nSPIN.\n",
             rec->number % 1000000, seconds, words, rec->user >= 0 ? rec->user : 0, class_name);
    struct job *job;
    char queue_name[32];
    snprintf(queue_name, sizeof queue_name, "replay-%" PRId64, rec->number);
    if (job_from_deck(os, (int64_t)index, queue_name, deck, strlen(deck), &job)) {
        r->rejected++;
        rj->finished = true;
        return;
    }
    unsigned char *bytes;
    size_t length;
    if (program_with_count(r, count, &bytes, &length) == 0) {
        job_store_binary(job, "SPIN", bytes, length);
        free(bytes);
    }
    job->tag = (int64_t)(index - r->first);
    job->arrival_clock = rj->arrival;
    rj->number = job->number;
    if (os_add_job(os, job)) {
        job_free(job);
        r->rejected++;
        rj->finished = true;
    }
}

/* ---- running ----------------------------------------------------------------------------- */

static uint64_t next_arrival(const struct replay *r)
{
    return r->next < r->last ? arrival_clock(r, &r->trace->records[r->next]) : UINT64_MAX;
}

int replay_run(struct replay *r, struct os *os)
{
    for (;;) {
        uint64_t next = next_arrival(r);
        uint64_t until = next;
        if (r->watch && r->watch_clocks && os->now + r->watch_clocks < until)
            until = os->now + r->watch_clocks;
        int state = os_run(os, until);
        if (r->watch)
            r->watch(r->watch_context);
        if (state != 0) {
            if (next == UINT64_MAX)
                break;   /* idle, nothing more to come */
            if (next > os->now) {
                os->now = next;
                for (unsigned p = 0; p < os->config.pcs; p++)
                    if (os->pc_job[p] < 0 && os->machine->cpu[p].clock < next)
                        os->machine->cpu[p].clock = next;
            }
        }
        while (r->next < r->last && next_arrival(r) <= os->now)
            inject(r, os, r->next++);
        os_forget_finished(os);
    }
    return 0;
}

/* ---- the report ----------------------------------------------------------------------------- */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

struct summary {
    size_t jobs, drops, trace_limit_kills;
    size_t traced;               /* jobs whose trace gives their wait */
    double wait_mean, wait_median, wait_p90, slowdown_mean;
    double trace_wait_mean, trace_wait_median, trace_wait_p90;
};

static double percentile(double *v, size_t n, double p)
{
    if (!n)
        return 0;
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

/* Mean, median and 90th percentile of n values (sorted in place); left
 * as they are when there are none. */
static void spread(double *v, size_t n, double *mean, double *median, double *p90)
{
    if (!n)
        return;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    qsort(v, n, sizeof *v, compare_doubles);
    *mean = sum / (double)n;
    *median = percentile(v, n, 0.5);
    *p90 = percentile(v, n, 0.9);
}

/* The jobs of one class (NULL: all). */
static void summarise(const struct replay *r, const struct os *os, const char *class_name,
                      struct summary *s)
{
    memset(s, 0, sizeof *s);
    size_t n = r->last - r->first;
    double *waits = malloc(sizeof *waits * (n ? n : 1));
    double *trace_waits = malloc(sizeof *trace_waits * (n ? n : 1));
    if (!waits || !trace_waits) {
        free(waits);
        free(trace_waits);
        return;
    }
    size_t counted = 0, traced = 0;
    double slowdown = 0;
    for (size_t i = 0; i < n; i++) {
        const struct replay_job *rj = &r->jobs[i];
        const struct swf_record *rec = &r->trace->records[r->first + i];
        if (!rj->started || !rj->finished)
            continue;
        if (class_name) {
            char buf[16];
            const char *c = rec->queue < 0 ? OS_DEFAULT_CLASS
                                           : (snprintf(buf, sizeof buf, "Q%" PRId64, rec->queue % 100000), buf);
            if (strcmp(c, class_name))
                continue;
        }
        (void)os;
        double wait = (double)(rj->start - rj->arrival) / r->clocks_per_trace_second;
        double run = (double)(rj->end - rj->start) / r->clocks_per_trace_second;
        waits[counted++] = wait;
        double bound = run > SLOWDOWN_BOUND_SECONDS ? run : SLOWDOWN_BOUND_SECONDS;
        double sd = (wait + run) / bound;
        slowdown += sd > 1 ? sd : 1;
        s->drops += rj->dropped;
        if (rec->wait >= 0)
            trace_waits[traced++] = (double)rec->wait;
        s->trace_limit_kills += stopped_at_limit(rec);
    }
    s->jobs = counted;
    if (counted)
        s->slowdown_mean = slowdown / (double)counted;
    spread(waits, counted, &s->wait_mean, &s->wait_median, &s->wait_p90);
    s->traced = traced;
    spread(trace_waits, traced, &s->trace_wait_mean, &s->trace_wait_median, &s->trace_wait_p90);
    free(waits);
    free(trace_waits);
}

/* Is this the KTH SP2 trace (whose scheduler was EASY backfilling)? */
static bool trace_from_kth(const struct swf_trace *trace)
{
    return strstr(trace->installation, "KTH") || strstr(trace->computer, "KTH") ||
           strstr(trace->installation, "Royal Institute of Technology");
}

void replay_report(const struct replay *r, const struct os *os, struct text *out)
{
    uint64_t span = r->last_clock > r->first_clock ? r->last_clock - r->first_clock : 1;
    text_printf(out, "replay of %zu trace jobs (%s, %s; %" PRId64 " processors) on %u PCs\n",
                r->last - r->first, r->trace->computer[0] ? r->trace->computer : "?",
                r->trace->installation[0] ? r->trace->installation : "?", r->trace->max_procs,
                os->config.pcs);
    text_printf(out, "time scale %.0f trace seconds per emulated second; processors mapped by %s "
                     "(%.1f trace processors per PC)\n", r->options.time_scale,
                r->options.map == REPLAY_MAP_WORK ? "work" : "wall", r->work_divisor);
    text_printf(out, "malformed trace lines skipped: %zu; jobs rejected: %zu\n", r->trace->skipped,
                r->rejected);
    for (size_t i = 0; i < r->trace->problem_count && i < 5; i++)
        text_printf(out, "  line %d: %s\n", r->trace->problems[i].line, r->trace->problems[i].message);
    text_printf(out, "emulated span %.3f s (%.0f trace seconds)\n", (double)span / r->clocks_per_second,
                (double)span / r->clocks_per_trace_second);
    for (unsigned p = 0; p < os->config.pcs; p++)
        text_printf(out, "PC %u utilisation %.1f %%\n", p, 100.0 * (double)r->pc_busy[p] / (double)span);
    text_printf(out, "%-8s %7s %10s %10s %10s %9s %7s | %10s %10s %10s %7s\n", "class", "jobs",
                "wait mean", "median", "p90", "slowdown", "drops", "trace mean", "median", "p90",
                "limits");
    for (int c = -1; c < os->class_count; c++) {
        struct summary s;
        summarise(r, os, c < 0 ? NULL : os->classes[c].name, &s);
        if (c >= 0 && s.jobs == 0)
            continue;
        text_printf(out, "%-8s %7zu %10.0f %10.0f %10.0f %9.2f %7zu | ",
                    c < 0 ? "all" : os->classes[c].name, s.jobs, s.wait_mean, s.wait_median,
                    s.wait_p90, s.slowdown_mean, s.drops);
        if (s.traced)
            text_printf(out, "%10.0f %10.0f %10.0f %7zu\n", s.trace_wait_mean,
                        s.trace_wait_median, s.trace_wait_p90, s.trace_limit_kills);
        else   /* the trace gives no wait times (-1): nothing to compare with */
            text_printf(out, "%10s %10s %10s %7zu\n", "unknown", "unknown", "unknown",
                        s.trace_limit_kills);
    }
    text_printf(out,
                "waits in trace seconds.  drops: time-limit drops here; limits: records the trace "
                "shows stopped at their limit.\n"
                "The differences: C-1 runs each job on one PC in queue order (class, priority, "
                "arrival), with no backfilling, while the trace's machine ran them on many "
                "processors at once under its own scheduler%s, so waits "
                "here follow the queue order and the PCs' capacity alone.\n",
                trace_from_kth(r->trace) ? " (EASY backfilling at KTH)" : "");
}

int replay_write_csv(const struct replay *r, const struct os *os, const char *path)
{
    struct text csv = {0};
    uint64_t span = r->last_clock > r->first_clock ? r->last_clock - r->first_clock : 1;
    text_printf(&csv, "class,jobs,wait_mean,wait_median,wait_p90,bounded_slowdown,drops,"
                      "trace_wait_mean,trace_wait_median,trace_wait_p90,trace_limit_stops");
    for (unsigned p = 0; p < os->config.pcs; p++)
        text_printf(&csv, ",pc%u_utilisation", p);
    text_printf(&csv, ",skipped_lines\n");
    for (int c = -1; c < os->class_count; c++) {
        struct summary s;
        summarise(r, os, c < 0 ? NULL : os->classes[c].name, &s);
        if (c >= 0 && s.jobs == 0)
            continue;
        text_printf(&csv, "%s,%zu,%.3f,%.3f,%.3f,%.4f,%zu,", c < 0 ? "all" : os->classes[c].name,
                    s.jobs, s.wait_mean, s.wait_median, s.wait_p90, s.slowdown_mean, s.drops);
        if (s.traced)   /* unknown in the trace: empty fields */
            text_printf(&csv, "%.3f,%.3f,%.3f", s.trace_wait_mean, s.trace_wait_median,
                        s.trace_wait_p90);
        else
            text_printf(&csv, ",,");
        text_printf(&csv, ",%zu", s.trace_limit_kills);
        for (unsigned p = 0; p < os->config.pcs; p++)
            text_printf(&csv, ",%.4f", (double)r->pc_busy[p] / (double)span);
        text_printf(&csv, ",%zu\n", r->trace->skipped);
    }
    int status = write_file_atomic(path, csv.data ? csv.data : "", csv.length);
    text_free(&csv);
    return status;
}

int replay_write_jobs_csv(const struct replay *r, const char *path)
{
    struct text csv = {0};
    text_printf(&csv, "trace_job,job,pc,arrival,start,end,wait,trace_wait,run_requested,"
                      "run_given,dropped\n");
    double per_second = r->clocks_per_trace_second;
    for (size_t i = 0; i < r->last - r->first; i++) {
        const struct replay_job *rj = &r->jobs[i];
        const struct swf_record *rec = &r->trace->records[rj->record];
        text_printf(&csv, "%" PRId64 ",%d,", rec->number, rj->number);
        if (!rj->started) {
            text_printf(&csv, ",%.3f,,,,", (double)(rj->arrival - r->first_clock) / per_second);
        } else {
            text_printf(&csv, "%d,%.3f,%.3f,%.3f,%.3f,", rj->pc,
                        (double)(rj->arrival - r->first_clock) / per_second,
                        (double)(rj->start - r->first_clock) / per_second,
                        (double)(rj->end - r->first_clock) / per_second,
                        (double)(rj->start - rj->arrival) / per_second);
        }
        if (rec->wait >= 0)
            text_printf(&csv, "%" PRId64, rec->wait);
        text_printf(&csv, ",");
        if (rec->time_requested >= 0)
            text_printf(&csv, "%" PRId64, rec->time_requested);
        text_printf(&csv, ",%.3f,%d\n", (double)rj->run_clocks / per_second, rj->dropped ? 1 : 0);
    }
    int status = write_file_atomic(path, csv.data ? csv.data : "", csv.length);
    text_free(&csv);
    return status;
}
