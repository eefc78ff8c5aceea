/*
 * os.c - the OS's outer loop (see os.h): boot, the input queue, scheduling
 * PCs and memory fields, the machine run between events, time limits,
 * STANDBY preemption, the operator's actions and shutdown.
 *
 * Scheduling: the input queue is ordered by class rank, then priority
 * (higher first), then arrival.  An idle PC takes the first job whose field
 * can be allocated (first fit, compacting when the free words are enough
 * but scattered) and whose reserved devices are free.  STANDBY jobs run
 * only on PCs no other job can use; when another job is waiting for a PC
 * or for memory, a running STANDBY job is dropped (reason PREEMPTED) and
 * queued again for an automatic restart.
 *
 * Crash safety: a queue entry stays in SITE/queue until its job has ended
 * or been dropped, each one atomic step (job_commit: the job's log is the
 * commit point), and SITE/running names the entries on the machine and
 * the plan of a transition under way; after a crash the next boot
 * finishes or undoes each plan (job_recover), finds the other entries
 * queued, and the dayfile says which were requeued.
 *
 * The top of os/'s job files, it may use them all: job_deck.c and
 * job_drop.c (jobs from the queue, drops), csp.c (a started job's
 * statements), job_exchange.c (a PC stopped for the monitor), job_end.c
 * and job.c.  None of them calls os.c by name: os_boot installs
 * os->scan_queue for those that must have the queue looked at.
 */
#include "os.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/dropfile/dropfile.h"
#include "csp.h"
#include "job.h"
#include "job_deck.h"
#include "job_drop.h"
#include "job_end.h"
#include "job_hold.h"
#include "job_exchange.h"
#include "job_state.h"
#include "submit.h"

/* ---- boot ---------------------------------------------------------------------------- */

static void add_class(struct os *os, const char *name, int rank, double max_seconds,
                      uint64_t max_output, uint64_t max_log)
{
    struct job_class *c = &os->classes[os->class_count++];
    snprintf(c->name, sizeof c->name, "%s", name);
    c->enabled = true;
    c->rank = rank;
    c->max_time = max_seconds > 0 ? os_seconds_to_clocks(os, max_seconds) : 0;
    c->max_output = max_output ? max_output : OS_OUTPUT_DEFAULT;
    c->max_log = max_log ? max_log : OS_LOG_DEFAULT;
}

static void add_device(struct os *os, const char *name, unsigned total)
{
    snprintf(os->devices[os->device_count].name, sizeof os->devices[0].name, "%s", name);
    os->devices[os->device_count++].total = total;
}

/* The end of a scheduling slice: one group commit makes durable what the
 * slice wrote (os/disk, docs/durability.md); a refusal goes in the dayfile. */
static void commit_slice(struct os *os)
{
    if (disk_commit(&os->site.disk))
        dayfile_write(&os->dayfile, os->now, "SYNCFAIL", "the site's disk refused a commit: %s",
                      strerror(errno));
}

int os_boot(struct os *os, const char *site_root, const struct os_config *config, char *error,
            size_t size)
{
    memset(os, 0, sizeof *os);
    os->config = *config;
    os->scan_queue = os_scan_queue;
    for (int p = 0; p < MACHINE_MAX_PCS; p++) {
        os->pc_job[p] = -1;
        os->pc_running[p] = NULL;
    }
    os->dayfile.fd = -1;
    os->site.lock_fd = -1;
    if (os->config.max_field == 0 || os->config.max_field > os->config.memory_words)
        os->config.max_field = os->config.memory_words;
    if (os->config.max_time == 0)
        os->config.max_time = os_seconds_to_clocks(os, 3600.0);
    /* name, rank, T limit, output bound (bytes written to its datasets), log bound */
    add_class(os, "EXPRESS", 0, 10.0, UINT64_C(4) << 20, UINT64_C(256) << 10);
    add_class(os, "BATCH", 1, 0, OS_OUTPUT_DEFAULT, OS_LOG_DEFAULT);
    add_class(os, "STANDBY", 9, 0, OS_OUTPUT_DEFAULT, OS_LOG_DEFAULT);
    add_device(os, "TAPE", 4);
    add_device(os, "PRINTER", 1);
    if (site_open(&os->site, site_root, error, size) || site_lock(&os->site, error, size))
        return -1;
    disk_use_group_commit(&os->site.disk);   /* C1_FSYNC=file: a fsync per file */
    int temps_removed = site_clean_temps(&os->site);
    /* SITE/limits: what c1sub checks decks against (submit.c). */
    struct submit_limits limits;
    job_deck_limits(os, &limits);
    submit_limits_save(os->site.root, &limits);
    char path[SITE_PATH_MAX];
    if (site_path(&os->site, "dayfile", NULL, path, sizeof path) || dayfile_open(&os->dayfile, path, &os->site.disk)) {
        snprintf(error, size, "cannot open the dayfile of %s: %s", site_root, strerror(errno));
        return -1;
    }
    os->dayfile.sync = config->sync_dayfile;
    /* The clock never goes back: after a crash the state file holds an
     * older clock than the dayfile's last line. */
    uint64_t last = dayfile_last_clock(path);
    if (last > os->site.clock)
        os->site.clock = last;
    os->machine = malloc(sizeof *os->machine);
    if (!os->machine || machine_init(os->machine, config->model, config->pcs,
                                     config->memory_words, config->timing)) {
        snprintf(error, size, "cannot build a machine of %u PCs and %" PRIu32 " words",
                 config->pcs, config->memory_words);
        free(os->machine);
        os->machine = NULL;
        return -1;
    }
    /* PCs on host threads: the same results for any number (machine.h). */
    if (config->threads > 1 && machine_set_threads(os->machine, config->threads)) {
        snprintf(error, size, "cannot start %u host threads", config->threads);
        machine_free(os->machine);
        free(os->machine);
        os->machine = NULL;
        return -1;
    }
    for (unsigned p = 0; p < config->pcs; p++) {
        os->machine->idle[p] = true;
        os->machine->cpu[p].clock = os->site.clock;
    }
    os->now = os->site.clock;
    field_map_init(&os->fields, config->memory_words);
    dayfile_write(&os->dayfile, os->now, "BOOT", "%s site %s %s %u PCs %" PRIu32 " words%s",
                  OS_VERSION, os->site.name, config->model == MODEL_XMP ? "X-MP" : "CRAY-1",
                  config->pcs, config->memory_words, config->timing ? "" : " (no timing)");
    if (temps_removed > 0)
        dayfile_write(&os->dayfile, os->now, "BOOT", "removed %d temporary file%s a crash left",
                      temps_removed, temps_removed == 1 ? "" : "s");
    job_recover(os);
    job_write_running(os);
    int status = os_scan_queue(os) < 0 ? -1 : 0;
    commit_slice(os);
    return status;
}

/* ---- the queue ---------------------------------------------------------------------- */

static bool entry_known(const struct os *os, const char *name)
{
    for (int i = 0; i < os->job_count; i++)
        if (os->jobs[i] && !strcmp(os->jobs[i]->queue_name, name))
            return true;
    return false;
}

static int compare_jobs(const struct os *os, const struct job *a, const struct job *b);

/* The waiting list stays sorted: a new job goes in after its equals. */
static int insert_waiting(struct os *os, struct job *job)
{
    if (os->waiting_count == os->waiting_capacity) {
        int capacity = os->waiting_capacity ? os->waiting_capacity * 2 : 64;
        struct job **bigger = realloc(os->waiting, sizeof *bigger * (size_t)capacity);
        if (!bigger)
            return -1;
        os->waiting = bigger;
        os->waiting_capacity = capacity;
    }
    int low = 0, high = os->waiting_count;
    while (low < high) {
        int mid = (low + high) / 2;
        if (compare_jobs(os, os->waiting[mid], job) <= 0)
            low = mid + 1;
        else
            high = mid;
    }
    memmove(&os->waiting[low + 1], &os->waiting[low],
            sizeof *os->waiting * (size_t)(os->waiting_count - low));
    os->waiting[low] = job;
    os->waiting_count++;
    return 0;
}

static void remove_waiting(struct os *os, const struct job *job)
{
    for (int i = 0; i < os->waiting_count; i++) {
        if (os->waiting[i] == job) {
            memmove(&os->waiting[i], &os->waiting[i + 1],
                    sizeof *os->waiting * (size_t)(os->waiting_count - i - 1));
            os->waiting_count--;
            return;
        }
    }
}

int os_add_job(struct os *os, struct job *job)
{
    if (os->job_count == os->job_capacity) {
        int capacity = os->job_capacity ? os->job_capacity * 2 : 64;
        struct job **bigger = realloc(os->jobs, sizeof *bigger * (size_t)capacity);
        if (!bigger)
            return -1;
        os->jobs = bigger;
        os->job_capacity = capacity;
    }
    if (!job->arrival_clock)
        job->arrival_clock = os->now;
    if (job->state == JOB_QUEUED && insert_waiting(os, job))
        return -1;
    os->jobs[os->job_count++] = job;
    return 0;
}

void os_forget_finished(struct os *os)
{
    int kept = 0;
    for (int i = 0; i < os->job_count; i++) {
        struct job *job = os->jobs[i];
        if (job->state == JOB_DONE || job->state == JOB_DROPPED)
            job_free(job);
        else
            os->jobs[kept++] = job;
    }
    os->job_count = kept;
}

int os_scan_queue(struct os *os)
{
    char **names;
    int count = site_list_queue(&os->site, &names);
    if (count < 0)
        return -1;
    os->pds_changes++;   /* a dataset put in SITE/pds meanwhile frees a job held by WAIT= */
    int added = 0;
    /* The job numbers the new entries may take are saved before any is
     * used: a crash now never lets a number be given twice. */
    uint64_t fresh = 0;
    for (int i = 0; i < count; i++)
        fresh += !entry_known(os, names[i]);
    if (fresh) {
        uint64_t next = os->site.next_job_id;
        os->site.next_job_id += fresh;
        site_save_state(&os->site, NULL, 0);
        os->site.next_job_id = next;
    }
    for (int i = 0; i < count; i++) {
        const char *name = names[i];
        if (entry_known(os, name))
            continue;
        char path[SITE_PATH_MAX];
        if (site_path(&os->site, "queue", name, path, sizeof path))
            continue;
        int64_t sequence = strtoll(name, NULL, 10);
        struct job *job = NULL;
        if (strstr(name, ".drop")) {
            /* Refused: job_from_dropfile moved the entry to drop/refused/. */
            if (job_from_dropfile(os, sequence, name, path, &job))
                continue;
        } else {
            size_t length;
            char *text = read_file_all(path, &length);
            if (!text)
                continue;
            int status = job_from_deck(os, sequence, name, text, length, &job);
            free(text);
            if (status)
                continue;
        }
        if (os_add_job(os, job)) {
            job_free(job);
            break;
        }
        added++;
    }
    for (int i = 0; i < count; i++)
        free(names[i]);
    free(names);
    site_save_state(&os->site, NULL, 0);
    return added;
}

/* ---- scheduling ------------------------------------------------------------------------ */

static int compare_jobs(const struct os *os, const struct job *a, const struct job *b)
{
    int ra = os->classes[a->class_index].rank, rb = os->classes[b->class_index].rank;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (a->priority != b->priority)
        return a->priority > b->priority ? -1 : 1;
    return a->sequence < b->sequence ? -1 : a->sequence > b->sequence;
}

static unsigned running_count(const struct os *os)
{
    unsigned n = 0;
    for (unsigned p = 0; p < os->config.pcs; p++)
        n += os->pc_job[p] >= 0;
    return n;
}

static bool devices_free(const struct os *os, const struct job *job)
{
    for (int d = 0; d < job->device_count; d++)
        for (int s = 0; s < os->device_count; s++)
            if (!strcmp(os->devices[s].name, job->devices[d].name) &&
                os->devices[s].in_use + job->devices[d].count > os->devices[s].total)
                return false;
    return true;
}

static void move_field(void *context, int owner, uint32_t from, uint32_t to, uint32_t length)
{
    struct os *os = context;
    memmove(os->machine->memory.word + to, os->machine->memory.word + from,
            sizeof(uint64_t) * length);
    struct job *job = os_find_job(os, owner);
    if (!job)
        return;
    job->field_base = to;
    if (job->pc >= 0) {
        struct cpu *cpu = &os->machine->cpu[job->pc];
        cpu_set_field(cpu, to, to + length);
    }
    dayfile_write(&os->dayfile, os->now, "COMPACT", "job %d %s field moved %" PRIo32 " -> %" PRIo32,
                  job->number, job->name, from, to);
}

static int allocate_field(struct os *os, struct job *job)
{
    if (field_allocate(&os->fields, job->field_length, job->number, &job->field_base) == 0)
        return 0;
    if (field_free_words(&os->fields) < job->field_length)
        return -1;
    field_compact(&os->fields, move_field, os);
    return field_allocate(&os->fields, job->field_length, job->number, &job->field_base);
}

static void start_job(struct os *os, struct job *job, unsigned pc)
{
    struct cpu *cpu = &os->machine->cpu[pc];
    if (cpu->clock < os->now)
        cpu->clock = os->now;
    remove_waiting(os, job);
    job->pc = (int)pc;
    job->state = JOB_RUNNING;
    job->run_start_clock = cpu->clock;
    os->pc_job[pc] = job->number;
    os->pc_running[pc] = job;
    os->machine->idle[pc] = false;
    for (int d = 0; d < job->device_count; d++)
        for (int s = 0; s < os->device_count; s++)
            if (!strcmp(os->devices[s].name, job->devices[d].name))
                os->devices[s].in_use += job->devices[d].count;
    cpu_set_field(cpu, job->field_base, job->field_base + job->field_length);
    job_write_running(os);
    if (os->observer.job_started)
        os->observer.job_started(os->observer.context, job);
    dayfile_write(&os->dayfile, cpu->clock, "START", "job %d %s user %s on PC %u field %" PRIo32
                  " length %" PRIu32, job->number, job->name, job->user, pc, job->field_base,
                  job->field_length);
    if (job->restore_pending) {
        job->restore_pending = false;
        char why[512];
        if (job_restore_datasets(os, job, why, sizeof why)) {
            char kept[160] = "";
            job_keep_refused(os, job->queue_name, kept, sizeof kept);
            dayfile_write(&os->dayfile, cpu->clock, "REFUSED", "restart %s (job %d %s%s%s): %s",
                          job->queue_name, job->number, job->name, kept[0] ? ", kept as " : "",
                          kept, why);
            job_log(os, job, "EXP", "DF002 - RESTART REFUSED: %s", why);
            job_end(os, job, true);
            return;
        }
        if (dropfile_restore_cpu(job->origin, cpu, job->field_base)) {
            job_log(os, job, "ABORT", "DF002 - THE DROPFILE'S STATE CANNOT BE RESTORED HERE");
            job_end(os, job, true);
            return;
        }
        job->run_start_clock = cpu->clock;
        job_log(os, job, "EXP", "JOB RESTARTED ON PC %u AT BASE %08" PRIo32 " SITE %s USER %s", pc,
                job->field_base, os->site.name, job->user);
        if (!job->step_running)
            job_advance(os, job);
        return;
    }
    job_write_banner(os, job);
    job_advance(os, job);
}

/* Drop a running STANDBY job to make room, and queue it to come back. */
static bool preempt_standby(struct os *os)
{
    for (unsigned p = 0; p < os->config.pcs; p++) {
        struct job *job = os->pc_running[p];
        /* A STANDBY job whose drop failed once runs on to its end rather
         * than fail again at every slice. */
        if (!job || !job->standby || job->drop_failed)
            continue;
        /* The requeue entry is written before the job's own entry goes
         * (job_commit): a preempted job is never lost. */
        job->requeue_on_drop = true;
        int status = job_drop(os, job, DROP_REASON_PREEMPTION, "preempted by higher-class work",
                              false);
        job->requeue_on_drop = false;
        if (status)
            continue;
        return true;
    }
    return false;
}

/* The first time a job waits for reserved units, the dayfile says which
 * it lacks; its START line then shows when it got them. */
static void note_device_wait(struct os *os, struct job *job)
{
    if (job->device_wait_noted)
        return;
    job->device_wait_noted = true;
    char lacking[96] = "";
    size_t used = 0;
    for (int d = 0; d < job->device_count; d++)
        for (int s = 0; s < os->device_count; s++)
            if (!strcmp(os->devices[s].name, job->devices[d].name) &&
                os->devices[s].in_use + job->devices[d].count > os->devices[s].total &&
                used < sizeof lacking)
                used += (size_t)snprintf(lacking + used, sizeof lacking - used, "%s%s=%u (%u of %u free)",
                                         used ? ", " : "", job->devices[d].name, job->devices[d].count,
                                         os->devices[s].total - os->devices[s].in_use,
                                         os->devices[s].total);
    dayfile_write(&os->dayfile, os->now, "WAIT", "job %d %s waits for units: %s", job->number,
                  job->name, lacking);
}

/* Why a queued job can never run at this site (a restart's reservation
 * beyond the site's units, a field beyond the machine, a class that does
 * not exist), or NULL.  Such a job is ended at once, never left queued. */
static const char *cannot_run(const struct os *os, const struct job *job, char *why, size_t size)
{
    if (job->class_index < 0 || job->class_index >= os->class_count) {
        snprintf(why, size, "JB006 - JOB CLASS %s DOES NOT EXIST", job->class_name);
        return why;
    }
    if (job->field_length > os->config.max_field) {
        snprintf(why, size, "JB004 - MFL=%" PRIu32 " EXCEEDS THE SITE MAXIMUM OF %" PRIu32 " WORDS",
                 job->field_length, os->config.max_field);
        return why;
    }
    for (int d = 0; d < job->device_count; d++) {
        int s = -1;
        for (int k = 0; k < os->device_count; k++)
            if (!strcmp(os->devices[k].name, job->devices[d].name))
                s = k;
        uint64_t asked = 0;
        for (int e = 0; e < job->device_count; e++)
            if (!strcmp(job->devices[e].name, job->devices[d].name))
                asked += job->devices[e].count;
        if (s < 0) {
            snprintf(why, size, "JB007 - DEVICE %s DOES NOT EXIST AT THIS SITE", job->devices[d].name);
            return why;
        }
        if (asked > os->devices[s].total) {
            snprintf(why, size, "JB007 - %s=%" PRIu64 " EXCEEDS THE SITE'S %u UNITS",
                     job->devices[d].name, asked, os->devices[s].total);
            return why;
        }
    }
    return NULL;
}

/* End the queued jobs that can never run: the reason in the log and the
 * dayfile, the queue entry removed. */
static void end_unrunnable(struct os *os)
{
    for (int i = 0; i < os->waiting_count;) {
        struct job *job = os->waiting[i];
        char why[160];
        if (!cannot_run(os, job, why, sizeof why)) {
            i++;
            continue;
        }
        remove_waiting(os, job);
        job->device_count = 0;   /* it holds no units: none to give back */
        if (!job->origin)
            job_write_banner(os, job);
        job_log(os, job, "ABORT", "%s", why);
        job_log(os, job, "ABORT", "JOB CANNOT RUN AT THIS SITE.");
        dayfile_write(&os->dayfile, os->now, "REJECT", "job %d %s entry %s: %s", job->number,
                      job->name, job->queue_name, why);
        job_end(os, job, true);
    }
}

static void schedule(struct os *os)
{
    end_unrunnable(os);
    for (;;) {
        /* The waiting jobs are kept best first. */
        struct job **waiting = os->waiting;
        int n = os->waiting_count;
        int idle_pc = -1;
        for (unsigned p = 0; p < os->config.pcs; p++)
            if (os->pc_job[p] < 0) {
                idle_pc = (int)p;
                break;
            }
        unsigned limit = os->config.job_limit ? os->config.job_limit : os->config.pcs;
        bool started = false, blocked_regular = false;
        for (int i = 0; i < n && !started; i++) {
            struct job *job = waiting[i];
            if (!os->classes[job->class_index].enabled)
                continue;
            /* A job held by AFTER= or WAIT= waits for other work, and
             * holds none of it up. */
            char hold[160];
            if (job_held(os, job, hold, sizeof hold)) {
                job_note_hold(os, job, hold);
                continue;
            }
            /* A job waiting for reserved devices waits for another job to
             * end; dropping a STANDBY job would not help it (its PC and
             * field are not what it lacks), and the PC it leaves idle may
             * run STANDBY work meanwhile. */
            if (!devices_free(os, job)) {
                note_device_wait(os, job);
                continue;
            }
            if (idle_pc < 0 || running_count(os) >= limit || allocate_field(os, job)) {
                if (!job->standby)
                    blocked_regular = true;
                continue;
            }
            if (job->standby && blocked_regular) {
                field_release(&os->fields, job->number);
                continue;   /* standby waits while regular work waits */
            }
            start_job(os, job, (unsigned)idle_pc);
            started = true;
        }
        if (started)
            continue;
        if (blocked_regular && preempt_standby(os)) {
            os_scan_queue(os);
            continue;
        }
        return;
    }
}

/* ---- running ------------------------------------------------------------------------- */

struct job *os_find_job(struct os *os, int number)
{
    for (int i = 0; i < os->job_count; i++)
        if (os->jobs[i] && os->jobs[i]->number == number)
            return os->jobs[i];
    return NULL;
}

static uint64_t deadline(const struct os *os, const struct job *job)
{
    (void)os;
    uint64_t left = job->time_limit > job->time_used ? job->time_limit - job->time_used : 0;
    return job->run_start_clock + left;
}

static bool queue_waiting(const struct os *os)
{
    for (int i = 0; i < os->job_count; i++)
        if (os->jobs[i]->state == JOB_QUEUED && os->classes[os->jobs[i]->class_index].enabled)
            return true;
    return false;
}

int os_run(struct os *os, uint64_t until_clock)
{
    for (;;) {
        schedule(os);
        if (os->running_changed) {
            os->running_changed = false;
            job_write_running(os);
        }
        /* A scheduling slice is OS_SLICE_SECONDS of machine time. */
        if (os->now >= os->slice_end) {
            commit_slice(os);
            os->slice_end = os->now + os_seconds_to_clocks(os, OS_SLICE_SECONDS);
        }
        if (os->shutting_down)
            return 0;
        uint64_t next = until_clock;
        bool busy = false;
        uint64_t lowest = UINT64_MAX;
        for (unsigned p = 0; p < os->config.pcs; p++) {
            if (os->pc_job[p] < 0)
                continue;
            struct job *job = os->pc_running[p];
            busy = true;
            uint64_t d = deadline(os, job);
            if (d < next)
                next = d;
            if (os->machine->cpu[p].clock < lowest)
                lowest = os->machine->cpu[p].clock;
        }
        if (!busy) {
            commit_slice(os);   /* idle: the slice ends here */
            /* Idle: time stands at the latest PC clock. */
            for (unsigned p = 0; p < os->config.pcs; p++)
                if (os->machine->cpu[p].clock > os->now)
                    os->now = os->machine->cpu[p].clock;
            return queue_waiting(os) ? 2 : 1;
        }
        os->now = lowest;
        if (os->now >= until_clock)
            return 0;
        int pc = machine_run(os->machine, next);
        if (pc >= 0) {
            struct job *job = os->pc_running[pc];
            if (job)
                job_exchange(os, job);
            continue;
        }
        for (unsigned p = 0; p < os->config.pcs; p++) {
            struct job *job = os->pc_running[p];
            if (job && job_clocks_used(os, job) >= job->time_limit)
                job_time_limit(os, job);
        }
    }
}

/* ---- operator actions ------------------------------------------------------------------- */

int os_drop_job(struct os *os, int number, int reason, const char *note)
{
    struct job *job = os_find_job(os, number);
    if (!job || job->state != JOB_RUNNING)
        return -1;
    int status = job_drop(os, job, reason, note, false);
    job_write_running(os);
    return status;
}

int os_checkpoint_job(struct os *os, int number)
{
    struct job *job = os_find_job(os, number);
    if (!job || job->state != JOB_RUNNING)
        return -1;
    return job_drop(os, job, DROP_REASON_OPERATOR, "operator CHECKPOINT", true);
}

int os_kill_job(struct os *os, int number)
{
    struct job *job = os_find_job(os, number);
    if (!job || (job->state != JOB_RUNNING && job->state != JOB_QUEUED))
        return -1;
    job_log(os, job, "ABORT", "OP001 - JOB KILLED BY THE OPERATOR");
    if (job->state == JOB_QUEUED) {
        remove_waiting(os, job);
        job_write_banner(os, job);
    }
    job_end(os, job, true);
    job_write_running(os);
    return 0;
}

int os_restart_file(struct os *os, const char *path, const char *user, double seconds,
                    int priority, bool force, char *error, size_t size)
{
    size_t length;
    char *bytes = read_file_all(path, &length);
    if (!bytes) {
        snprintf(error, size, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    struct restart_request request = {.time_seconds = seconds, .priority = priority, .force = force};
    if (user)
        snprintf(request.user, sizeof request.user, "%s", user);
    int64_t sequence = site_queue_restart_on(&os->site.disk, os->site.root, 0, (uint8_t *)bytes,
                                             length, &request, error, size);
    free(bytes);
    if (sequence < 0)
        return -1;
    return os_scan_queue(os) < 0 ? -1 : 0;
}

int os_set_priority(struct os *os, int number, int priority)
{
    struct job *job = os_find_job(os, number);
    if (!job || priority < 0 || priority > 15 || job->state != JOB_QUEUED)
        return -1;
    remove_waiting(os, job);
    job->priority = priority;
    return insert_waiting(os, job);
}

int os_set_class(struct os *os, const char *name, bool enabled)
{
    for (int c = 0; c < os->class_count; c++) {
        if (!strcmp(os->classes[c].name, name)) {
            os->classes[c].enabled = enabled;
            return 0;
        }
    }
    return -1;
}

void os_set_limit(struct os *os, unsigned jobs) { os->config.job_limit = jobs; }

void os_status(struct os *os, struct text *out)
{
    text_printf(out, "clock %" PRIu64 "   %u PCs   memory %" PRIu32 " words, %" PRIu32 " free\n",
                os->now, os->config.pcs, os->config.memory_words, field_free_words(&os->fields));
    for (unsigned p = 0; p < os->config.pcs; p++) {
        struct job *job = os->pc_running[p];
        if (!job) {
            text_printf(out, "PC %u  idle   clock %" PRIu64 "\n", p, os->machine->cpu[p].clock);
            continue;
        }
        text_printf(out, "PC %u  job %d %-7s user %-8s class %-7s clocks %" PRIu64 " of %" PRIu64
                    "  P=%08" PRIo32 "\n", p, job->number, job->name, job->user, job->class_name,
                    job_clocks_used(os, job), job->time_limit, os->machine->cpu[p].p);
    }
    text_printf(out, "memory map:\n");
    uint32_t at = 0;
    for (int f = 0; f <= os->fields.count; f++) {
        uint32_t next = f < os->fields.count ? os->fields.field[f].base : os->fields.memory_words;
        if (next > at)
            text_printf(out, "  %08" PRIo32 " - %08" PRIo32 "  free\n", at, next - 1);
        if (f < os->fields.count) {
            const struct field *fl = &os->fields.field[f];
            struct job *job = os_find_job(os, fl->owner);
            text_printf(out, "  %08" PRIo32 " - %08" PRIo32 "  job %d %s\n", fl->base,
                        fl->base + fl->length - 1, fl->owner, job ? job->name : "?");
            at = fl->base + fl->length;
        }
    }
}

void os_queue_listing(struct os *os, struct text *out)
{
    int shown = 0;
    for (int c = 0; c < os->class_count; c++) {
        for (int i = 0; i < os->job_count; i++) {
            const struct job *job = os->jobs[i];
            if (job->state != JOB_QUEUED || job->class_index != c)
                continue;
            text_printf(out, "%-7s%s job %d %-7s user %-8s P%-2d entry %s%s%s\n",
                        os->classes[c].name, os->classes[c].enabled ? "" : " (off)", job->number,
                        job->name, job->user, job->priority, job->queue_name,
                        job->hold.noted[0] ? "  held: waits for " : "", job->hold.noted);
            shown++;
        }
    }
    if (!shown)
        text_printf(out, "queue empty\n");
}

/* ---- stopping ------------------------------------------------------------------------------ */

void os_shutdown(struct os *os)
{
    os->shutting_down = true;
    for (unsigned p = 0; p < os->config.pcs; p++) {
        struct job *job = os->pc_running[p];
        if (!job)
            continue;
        job->requeue_on_drop = true;
        job_drop(os, job, DROP_REASON_SHUTDOWN, "system shutdown", false);
        job->requeue_on_drop = false;
    }
    job_write_running(os);
    uint64_t clock = os->now;
    for (unsigned p = 0; p < os->config.pcs; p++)
        if (os->machine->cpu[p].clock > clock)
            clock = os->machine->cpu[p].clock;
    os->site.clock = clock;
    dayfile_write(&os->dayfile, clock, "SHUTDOWN", "site %s", os->site.name);
    site_save_state(&os->site, NULL, 0);
    commit_slice(os);
}

void os_free(struct os *os)
{
    for (int i = 0; i < os->job_count; i++)
        job_free(os->jobs[i]);
    free(os->jobs);
    free(os->waiting);
    os->jobs = os->waiting = NULL;
    os->job_count = os->waiting_count = 0;
    if (os->machine) {
        machine_free(os->machine);
        free(os->machine);
        os->machine = NULL;
    }
    commit_slice(os);
    dayfile_close(&os->dayfile);
    disk_report(&os->site.disk);
    site_unlock(&os->site);
}
