/*
 * job_exchange.c - a job's PC back at the monitor (see job_exchange.h): an
 * exchange served (a normal exit is a system request, an error exit or a
 * range or floating-point error aborts the step) and the job's statements
 * run on when its step has ended; and its CPU-time limit (the F$RPV
 * reprieve, or a drop).
 *
 * Uses abort_cause.c (which flags abort), job.c (a job's basics),
 * job_end.c, job_drop.c, job_step.c (the abort), sysreq.c (the request) and
 * csp.c (the statements after a step).
 */
#include "job_exchange.h"

#include <inttypes.h>

#include "os/dropfile/dropfile.h"
#include "abort_cause.h"
#include "csp.h"
#include "job.h"
#include "job_drop.h"
#include "job_end.h"
#include "job_step.h"
#include "sysreq.h"

void job_exchange(struct os *os, struct job *job)
{
    struct cpu *cpu = job_cpu(os, job);
    uint32_t flags = cpu->flags;
    const struct abort_cause *cause = abort_cause_of(flags);
    if (cause)
        job_abort_step(os, job, cause->code, cause->message, true);
    else if (flags & FLAG_NORMAL_EXIT) {
        cpu->flags = 0;
        sysreq_serve(os, job, cpu);
        if (job->state != JOB_RUNNING)
            return;
        if (job->step_running) {
            cpu->flags = 0;
            return;   /* resume the program */
        }
    } else {
        cpu->flags = 0;   /* interrupts of devices C-1 does not attach */
        cpu->monitor_exit = false;
        return;
    }
    cpu->flags = 0;
    cpu->monitor_exit = false;
    if (job->state == JOB_RUNNING)
        job_advance(os, job);
}

void job_time_limit(struct os *os, struct job *job)
{
    struct cpu *cpu = job_cpu(os, job);
    if (job->reprieve && !job->reprieved && job->step_running) {
        /* F$RPV: resume once at the reprieve routine with a grace. */
        job->reprieved = true;
        job->time_limit += job->time_limit / 64 + 1;
        job_log(os, job, "EXP", "TL001 - TIME LIMIT: REPRIEVE AT P=%08" PRIo64, job->reprieve - 1);
        cpu->p = (uint32_t)(job->reprieve - 1);
        cpu->s[1] = 1;
        cpu_invalidate_buffers(cpu);
        return;
    }
    job_log(os, job, "EXP", "TL002 - CPU TIME LIMIT OF %.4f SECONDS REACHED",
            clocks_to_seconds(job->time_limit, os_clock_period(os)));
    if (job_drop(os, job, DROP_REASON_TIME_LIMIT, "time limit", false)) {
        /* No dropfile (the site's disk refused it): the job cannot be kept,
         * and it must not run on past its limit. */
        job_log(os, job, "ABORT", "TL003 - NO DROPFILE: JOB ABORTED AT ITS TIME LIMIT");
        job_end(os, job, true);
    }
}
