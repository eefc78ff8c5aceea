/*
 * sysreq.c - serving system requests (docs/system-requests.md).  The program
 * is stopped after its EX with the function code in S0; results go back in
 * S registers and the program resumes, unless the request ends its step.
 *
 * Uses job.c (a job's basics), field_text.c (strings and buffers in the
 * field), jcb.c (F$GNS into the JCB's image), job_datasets.c (F$OPN, F$CLS, record I/O), job_end.c (F$TRM),
 * job_drop.c (F$UROLL) and job_step.c (aborts, F$DJA's dump).
 *
 * After every request the job's log is held to its class's bound (OL002),
 * as its datasets are by job_datasets.c (OL001): past it, the job ends.
 */
#include "sysreq.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "emu/cray_float.h"
#include "os/dropfile/dropfile.h"
#include "field_text.h"
#include "jcb.h"
#include "job.h"
#include "job_datasets.h"
#include "job_drop.h"
#include "job_end.h"
#include "job_io.h"
#include "job_step.h"

enum {
    F_ADV = 000, F_ABT = 001, F_DAT = 002, F_TIM = 003, F_MSG = 004, F_RCL = 005, F_TRM = 006,
    F_OPN = 010, F_MEM = 011, F_CLS = 013, F_GNS = 016, F_RLS = 020,
    F_JTI = 027, F_ACT = 030, F_BIO = 034,
    F_NRN = 037, F_RRN = 040, F_DJA = 044, F_RPV = 045, F_UROLL = 054,
    C_RDR = 0200, C_WRR = 0201, C_WEF = 0202, C_REW = 0203, C_SKR = 0204,
};

static uint64_t chars_word(const char *eight)
{
    uint64_t word = 0;
    for (int i = 0; i < 8; i++)
        word = (word << 8) | (unsigned char)eight[i];
    return word;
}

/* The site's date and time of day at the job's clock. */
static void calendar(struct os *os, const struct cpu *cpu, struct tm *when)
{
    time_t t = (time_t)(os->site.epoch + (int64_t)(cpu->clock * os_clock_period(os) * 1e-9));
    gmtime_r(&t, when);
}

/* The statement cracked into the field's JCCPR (jcb.h).  0, or -1. */
static int put_cracked(struct cpu *cpu, const struct deck_statement *st)
{
    uint64_t words[JCB_CPR_WORDS];
    jcb_crack(st, words, JCB_CPR_WORDS);
    char bytes[JCB_CPR_WORDS * 8];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (char)(words[i / 8] >> (56 - 8 * (i % 8)));
    return field_put_text(cpu, JCB_JCCPR, JCB_CPR_WORDS, bytes, sizeof bytes);
}

static void abort_request(struct os *os, struct job *job, const char *message)
{
    job_abort_step(os, job, "AB004", message, true);
}

bool sysreq_check_bounds(struct os *os, struct job *job, const char *output_message)
{
    char text[200];
    if (output_message) {
        snprintf(text, sizeof text, "%s", output_message);
    } else if (job->log.length > job_log_bound(os, job)) {
        snprintf(text, sizeof text, "OL002 - LOG LIMIT OF %" PRIu64 " BYTES (CLASS %s) REACHED",
                 job_log_bound(os, job), job->class_name);
    } else {
        return false;
    }
    /* "OLnnn - MESSAGE": the abort with its code, then the job's end, its
     * output so far kept. */
    char code[8];
    snprintf(code, sizeof code, "%.5s", text);
    job_abort_step(os, job, code, strlen(text) > 8 ? text + 8 : text, false);
    job_end(os, job, true);
    return true;
}

static void serve(struct os *os, struct job *job, struct cpu *cpu);

void sysreq_serve(struct os *os, struct job *job, struct cpu *cpu)
{
    serve(os, job, cpu);
    if (job->state == JOB_RUNNING)
        sysreq_check_bounds(os, job, NULL);
}

static void serve(struct os *os, struct job *job, struct cpu *cpu)
{
    unsigned code = (unsigned)cpu->s[0];
    if (cpu->s[0] > 0777) {
        abort_request(os, job, "UNKNOWN SYSTEM REQUEST");
        return;
    }
    job_charge(os, job, OS_REQUEST_CLOCKS);
    char text[256], error[200];
    struct tm when;
    switch (code) {
    case F_ADV:
        job->step_running = false;
        job_log(os, job, "CSP", "STEP %s ENDED NORMALLY", job->program_name);
        return;
    case F_ABT:
        job_abort_step(os, job, "AB025", "USER PROGRAM REQUESTED ABORT", false);
        return;
    case F_DAT:
        calendar(os, cpu, &when);
        snprintf(text, sizeof text, "%02d/%02d/%02d", when.tm_mon + 1, when.tm_mday,
                 when.tm_year % 100);
        cpu->s[1] = chars_word(text);
        return;
    case F_TIM:
        calendar(os, cpu, &when);
        snprintf(text, sizeof text, "%02d:%02d:%02d", when.tm_hour, when.tm_min, when.tm_sec);
        cpu->s[1] = chars_word(text);
        return;
    case F_MSG:
        if (field_string(cpu, cpu->s[1], text, 80)) {
            abort_request(os, job, "F$MSG MESSAGE OUTSIDE THE FIELD");
            return;
        }
        job_log(os, job, "USER", "%s", text);
        return;
    case F_TRM:
        job->step_running = false;
        job_log(os, job, "CSP", "JOB TERMINATED BY ITS PROGRAM (F$TRM)");
        job_end(os, job, false);
        return;
    case F_MEM: {
        uint64_t want = cpu->s[1];
        if (want == 0) {
            cpu->s[1] = job->field_length;
            return;
        }
        uint64_t length = (want + OS_FIELD_UNIT - 1) / OS_FIELD_UNIT * OS_FIELD_UNIT;
        if (length > os->config.max_field ||
            field_resize(&os->fields, job->number, (uint32_t)length)) {
            cpu->s[1] = (uint64_t)-1;
            return;
        }
        job->field_length = (uint32_t)length;
        cpu_set_field(cpu, job->field_base, job->field_base + job->field_length);
        cpu->s[1] = length;
        return;
    }
    case F_GNS: {
        if (job->next_statement >= job->deck.statement_count) {
            cpu->s[1] = (uint64_t)-1;
            return;
        }
        const struct deck_statement *next = &job->deck.statements[job->next_statement];
        size_t n = strlen(next->text);
        uint64_t words = cpu->s[2];
        /* S2 = 0: COS's form (real GETPARAM passes S1 = 5): an image
         * area of the JCB's 11 words, a zero byte ending it; at JCCCI
         * itself the statement is cracked into JCCPR too.  S1 and S2 are
         * taken whole: 2^32 words is not 0, nor 2^32 + 0300 0300. */
        bool image = words == 0;
        if (image)
            words = JCB_CCI_CHARS / 8;
        if (words <= 0xFFFFFF && n > words * 8 - image)
            n = (size_t)(words * 8 - image);
        if (field_put_text(cpu, cpu->s[1], words, next->text, n) ||
            (image && cpu->s[1] == JCB_JCCCI && put_cracked(cpu, next))) {
            abort_request(os, job, "F$GNS BUFFER OUTSIDE THE FIELD");
            return;
        }
        cpu->s[1] = n;
        return;
    }
    case F_JTI: {
        uint64_t used = job_clocks_used(os, job);
        cpu->s[1] = used;
        cpu->s[2] = cray_float_from_double(clocks_to_seconds(used, os_clock_period(os)));
        return;
    }
    case F_ACT:
        cpu->s[1] = job_clocks_used(os, job);
        cpu->s[2] = job->time_limit;
        cpu->s[3] = job->field_length;
        cpu->s[4] = job->io_words;
        return;
    case F_NRN:
    case F_RRN:
        job->rerun = code == F_RRN;
        return;
    case F_DJA:
        job_dump(os, job);
        return;
    case F_RPV:
        job->reprieve = cpu->s[1] ? (cpu->s[1] & 0xFFFFFF) + 1 : 0;
        return;
    case F_UROLL:
        /* The dropfile holds the state the program resumes with: S1 = 0. */
        cpu->s[1] = 0;
        if (job_drop(os, job, DROP_REASON_USER_ROLLOUT, "F$UROLL", true))
            cpu->s[1] = (uint64_t)-1;
        return;
    case F_RCL:
    case F_OPN:
    case F_CLS:
    case F_RLS:
    case F_BIO:
    case C_RDR:
    case C_WRR:
    case C_WEF:
    case C_REW:
    case C_SKR: {
        int status = job_io_request(os, job, cpu, code, error, sizeof error);
        if (status == JOB_OUTPUT_BOUND_REACHED)
            sysreq_check_bounds(os, job, error);
        else if (status)
            abort_request(os, job, error);
        return;
    }
    default:
        snprintf(text, sizeof text, "UNKNOWN SYSTEM REQUEST %03o", code);
        abort_request(os, job, text);
        return;
    }
}
