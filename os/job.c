/*
 * job.c - a job's basics (see job.h), what every other job file stands on:
 * a new job, its clocks and its log, OS work charged to it, its banner,
 * its queue entry removed, its PC, field and devices given back.
 *
 * Uses only what is below os/'s job files: the site (site.c), the logs
 * (log.c), the memory fields (field_map.c), the machine (emu/).
 *
 * Message codes C-1 uses in job logs (COS's where known, cos-interface.md):
 *   JB001-JB009  the JOB statement        CC001-CC007  deck syntax (deck.c)
 *   CS001        unknown statement        CS032        dataset not local
 *   AB001        error exit               AB002/AB003  operand / program range
 *   AB004        bad system request       AB005        floating-point error
 *   AB025        user program requested abort (COS)
 *   CA001        CAL errors               LD001        loader errors
 */
#include "job.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/dropfile/dropfile.h"

/* ---- clocks and the log ------------------------------------------------------------ */

double os_clock_period(const struct os *os) { return os->config.model == MODEL_XMP ? 9.5 : 12.5; }

uint64_t os_seconds_to_clocks(const struct os *os, double seconds)
{
    return (uint64_t)(seconds * 1e9 / os_clock_period(os) + 0.5);
}

struct cpu *job_cpu(struct os *os, const struct job *job)
{
    return job->pc >= 0 ? &os->machine->cpu[job->pc] : NULL;
}

uint64_t job_clocks_used(const struct os *os, const struct job *job)
{
    if (job->pc < 0)
        return job->time_used;
    return job->time_used + (os->machine->cpu[job->pc].clock - job->run_start_clock);
}

uint64_t job_clock(const struct os *os, const struct job *job)
{
    return job->pc >= 0 ? os->machine->cpu[job->pc].clock : os->now;
}

void job_log(struct os *os, struct job *job, const char *component, const char *format, ...)
{
    char text[512];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    joblog_line(&job->log, os->site.epoch, job_clock(os, job), os_clock_period(os),
                job_clocks_used(os, job), component, "%s", text);
}

void job_charge(struct os *os, struct job *job, uint64_t clocks)
{
    if (job->pc >= 0)
        os->machine->cpu[job->pc].clock += clocks;
}

void job_charge_binary(struct os *os, struct job *job, uint64_t bytes)
{
    uint64_t words = bytes / 8;
    if (words > JOB_BINARY_WORDS_FREE)
        job_charge(os, job, (words - JOB_BINARY_WORDS_FREE) * JOB_CLOCKS_PER_BINARY_WORD);
}

/* ---- a job, its banner, its queue entry ----------------------------------------------- */

void job_write_banner(struct os *os, struct job *job)
{
    text_printf(&job->log,
                "1    %s   %s %u PC%s %" PRIu32 " WORDS   SITE %s\n"
                "     JOB %d %s   USER %s   CLASS %s   T %.4f S   MFL %" PRIu32 "\n\n",
                OS_VERSION, os->config.model == MODEL_XMP ? "CRAY X-MP" : "CRAY-1",
                os->config.pcs, os->config.pcs > 1 ? "S" : "", os->config.memory_words,
                os->site.name, job->number, job->name, job->user, job->class_name,
                clocks_to_seconds(job->time_limit, os_clock_period(os)), job->field_length);
}

void job_remove_queue_entry(struct os *os, const struct job *job)
{
    char path[SITE_PATH_MAX];
    if (!job->queue_name[0] || site_path(&os->site, "queue", job->queue_name, path, sizeof path))
        return;
    disk_unlink(&os->site.disk, path);
    size_t n = strlen(path);
    if (n > 5 && !strcmp(path + n - 5, ".drop") && n + 5 < sizeof path) {
        strcat(path, ".meta");
        disk_unlink(&os->site.disk, path);
    }
    /* The ledger of its SUBMITs (job_state.c), if it made any. */
    char ledger[SITE_PATH_MAX + 8];
    struct stat st;
    if (!site_path(&os->site, "queue", job->queue_name, path, sizeof path) &&
        snprintf(ledger, sizeof ledger, "%s.sub", path) < (int)sizeof ledger &&
        lstat(ledger, &st) == 0)
        disk_unlink(&os->site.disk, ledger);
}

struct job *job_new(struct os *os, int64_t sequence, const char *queue_name)
{
    struct job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    job->number = (int)os->site.next_job_id++;
    job->tag = -1;
    job->sequence = sequence;
    snprintf(job->queue_name, sizeof job->queue_name, "%s", queue_name);
    job->pc = -1;
    job->state = JOB_QUEUED;
    return job;
}

void job_free_program_symbols(struct job *job)
{
    for (size_t i = 0; i < job->program_symbol_count; i++)
        free(job->program_symbols[i].name);
    free(job->program_symbols);
    job->program_symbols = NULL;
    job->program_symbol_count = 0;
}

/* ---- its program and its machine -------------------------------------------------------- */

void job_release_machine(struct os *os, struct job *job)
{
    if (job->pc >= 0) {
        job->time_used = job_clocks_used(os, job);
        struct cpu *cpu = &os->machine->cpu[job->pc];
        cpu->flags = 0;
        cpu->monitor_exit = false;
        os->pc_job[job->pc] = -1;
        os->pc_running[job->pc] = NULL;
        os->machine->idle[job->pc] = true;
        job->pc = -1;
        os->running_changed = true;
    }
    field_release(&os->fields, job->number);
    for (int d = 0; d < job->device_count; d++) {
        for (int s = 0; s < os->device_count; s++)
            if (!strcmp(os->devices[s].name, job->devices[d].name))
                os->devices[s].in_use -= job->devices[d].count;
    }
    job->step_running = false;
}
