/*
 * job_step.c - a job's program steps (see job_step.h): CAL assembles a
 * source (with the system library) into a binary dataset, or with REL
 * into an object module; LDR (job_load.c links object modules) or a local
 * dataset's name loads a binary and puts it on the job's PC, a program
 * that loads at 0200 above its Job Communication Block (jcb.c); a step that
 * ends in error is aborted (its abort block, a dropfile for diagnosis, the
 * error path); DUMPJOB and F$DJA dump the last program's state.
 *
 * Uses job.c (a job's basics), job_datasets.c (sources and binaries),
 * job_drop.c (the abort's dropfile), job_load.c (LDR, BUILD), jcb.c (the
 * JCB), os/cal/ (the assembler, the executable format).
 */
#include "job_step.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/exchange.h"
#include "emu/isa.h"
#include "os/cal/cal.h"
#include "os/cal/executable.h"
#include "os/dropfile/dropfile.h"
#include "os/loader/library.h"
#include "os/loader/loader.h"
#include "job.h"
#include "job_datasets.h"
#include "job_drop.h"
#include "job_load.h"
#include "jcb.h"

/* ---- loading and running programs ------------------------------------------------------ */

/* Put a program on the job's PC: the words at their origin in the field,
 * P at its entry, registers cleared, user mode.  A program at 0200 or
 * above gets the Job Communication Block of statement st below it; one
 * at 0 (assembled by CAL, or an executable of before the loader) has none:
 * its own words are there. */
static int start_program(struct os *os, struct job *job, const struct executable *exe,
                         const struct deck_statement *st)
{
    struct cpu *cpu = job_cpu(os, job);
    uint64_t hlm = (uint64_t)exe->origin + exe->word_count;
    if (hlm > job->field_length) {
        job_log(os, job, "ABORT", "LD001 - PROGRAM OF %" PRIu64 " WORDS EXCEEDS THE FIELD OF %" PRIu32
                " WORDS", hlm, job->field_length);
        return -1;
    }
    memset(os->machine->memory.word + job->field_base, 0, sizeof(uint64_t) * job->field_length);
    if (executable_load(exe, &os->machine->memory, job->field_base)) {
        job_log(os, job, "ABORT", "LD001 - PROGRAM DOES NOT LOAD");
        return -1;
    }
    if (exe->origin >= JCB_WORDS) {
        struct jcb_facts facts = {st, job->name, job->account, (uint32_t)hlm, job->field_length,
                                  os->config.max_field, (uint32_t)(os_clock_period(os) * 1000 + 0.5),
                                  (uint32_t)job->next_statement, job->error_path};
        jcb_build(os->machine->memory.word + job->field_base, &facts);
    }
    uint64_t clock = cpu->clock, rt_offset = cpu->rt_offset;
    memset(cpu->a, 0, sizeof cpu->a);
    memset(cpu->s, 0, sizeof cpu->s);
    memset(cpu->b, 0, sizeof cpu->b);
    memset(cpu->t, 0, sizeof cpu->t);
    memset(cpu->v, 0, sizeof cpu->v);
    cpu->vm = 0;
    cpu->vl = 0;
    cpu->flags = 0;
    cpu->monitor_exit = false;
    cpu->modes = cpu->model == MODEL_XMP ? MODE_RANGE_INTERRUPT : 0;
    cpu->features_used = 0;
    cpu_set_field(cpu, job->field_base, job->field_base + job->field_length);
    cpu->p = exe->entry == EXECUTABLE_NO_ENTRY ? 0 : (uint32_t)exe->entry;
    cpu->clock = clock;
    cpu->rt_offset = rt_offset;
    snprintf(job->program_name, sizeof job->program_name, "%s", exe->name[0] ? exe->name : "PROGRAM");
    job_free_program_symbols(job);
    job->program_symbols = calloc(exe->symbol_count ? exe->symbol_count : 1,
                                  sizeof *job->program_symbols);
    if (job->program_symbols) {
        for (size_t i = 0; i < exe->symbol_count; i++) {
            job->program_symbols[i].name = strdup(exe->symbols[i].name);
            job->program_symbols[i].value = (uint64_t)exe->symbols[i].value;
            job->program_symbols[i].attributes = exe->symbols[i].attribute;
        }
        job->program_symbol_count = exe->symbol_count;
    }
    job->step_running = true;
    if (exe->origin)
        job_log(os, job, "LDR", "PROGRAM %s LOADED: %" PRIu32 " WORDS AT %06" PRIo32
                ", HLM %06" PRIo64 ", ENTRY P=%08" PRIo32, job->program_name, exe->word_count,
                exe->origin, hlm, cpu->p);
    else
        job_log(os, job, "LDR", "PROGRAM %s LOADED: %" PRIu32 " WORDS, ENTRY P=%08" PRIo32,
                job->program_name, exe->word_count, cpu->p);
    return 0;
}

static int run_binary(struct os *os, struct job *job, const char *dn,
                      const struct deck_statement *st)
{
    uint8_t *bytes;
    size_t length;
    char error[200];
    if (job_load_binary(job, dn, &bytes, &length, error, sizeof error)) {
        job_log(os, job, "ABORT", "%s", error);
        return -1;
    }
    job_charge_binary(os, job, length);
    struct executable exe;
    char why[200];
    int status = executable_parse(bytes, length, EXE_KIND_FORMAT, &exe, why, sizeof why);
    free(bytes);
    if (status) {
        job_log(os, job, "ABORT", "LD001 - DATASET %s IS NOT A PROGRAM: %s", dn, why);
        return -1;
    }
    status = start_program(os, job, &exe, st);
    executable_free(&exe);
    return status;
}

/* Clocks the CAL statement costs: C-1's figure, per source line. */
#define CAL_CLOCKS_PER_LINE 2000u

/* Line n (1-based) of text: true with its start and length, false past the
 * end (a diagnostic in the system library, or of the whole file). */
static bool source_line(const char *text, size_t length, int n, const char **line,
                        size_t *line_length)
{
    if (n < 1)
        return false;
    size_t at = 0;
    for (int i = 1; i < n; i++) {
        const char *newline = memchr(text + at, '\n', length - at);
        if (!newline)
            return false;
        at = (size_t)(newline - text) + 1;
    }
    if (at >= length)
        return false;
    const char *newline = memchr(text + at, '\n', length - at);
    *line = text + at;
    *line_length = newline ? (size_t)(newline - (text + at)) : length - at;
    return true;
}

/* CAL's INCLUDE in a job: the named local dataset's text. */
static int include_dataset(void *context, const char *from, const char *name, char **text,
                           size_t *length, char **path, char *error, size_t error_size)
{
    (void)from;
    struct job *job = context;
    if (job_source_text(job, name, text, length, error, error_size))
        return -1;
    *path = strdup(name);
    if (!*path) {
        free(*text);
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    return 0;
}

/* CAL's system text: C-1's own ($SYSTXT, built in), none (S=0), or the
 * text of the local dataset S=name (*text, malloc'd).  0, or -1 with a
 * message. */
static int cal_system_text(struct job *job, const struct deck_statement *st,
                           struct cal_extra_options *extra, char **text, char *error,
                           size_t error_size)
{
    const char *name = deck_value(st, "S", NULL);
    *text = NULL;
    if (!name) {
        extra->system_text = systxt_source;
        extra->system_text_length = strlen(systxt_source);
        extra->system_text_name = CAL_SYSTEM_TEXT_NAME;
        return 0;
    }
    if (!strcmp(name, "0"))
        return 0;
    size_t length;
    if (job_source_text(job, name, text, &length, error, error_size))
        return -1;   /* CS032 - DATASET name NOT LOCAL, ... */
    extra->system_text = *text;
    extra->system_text_length = length;
    extra->system_text_name = name;
    return 0;
}

/* result's object modules linked with $SYSLIB at 0200 into
 * result->executable.  0, or -1 with the loader's messages in the log. */
static int link_above_jcb(struct os *os, struct job *job, struct cal_result *result)
{
    struct loader_result linked;
    char error[256] = "";
    int status = library_link_with_system(&result->object, "$IN", JCB_WORDS, &linked, error,
                                          sizeof error);
    if (error[0])
        job_log(os, job, "LDR", "%s", error);
    for (size_t i = 0; status && i < linked.message_count; i++)
        job_log(os, job, "LDR", "%s", linked.messages[i]);
    if (status == 0) {
        executable_free(&result->executable);
        result->executable = linked.executable;
        memset(&linked.executable, 0, sizeof linked.executable);
        result->has_executable = true;
    }
    loader_result_free(&linked);
    return status ? -1 : 0;
}

static int run_cal(struct os *os, struct job *job, const struct deck_statement *st)
{
    const char *input = deck_value(st, "I", NULL);
    const char *binary = deck_value(st, "B", NULL);
    int relocatable = 0;
    deck_value(st, "REL", &relocatable);
    char *source;
    size_t length;
    char error[200];
    int deck_line = input ? 0 : job_in_deck_line(job);
    if (job_source_text(job, input, &source, &length, error, sizeof error)) {
        job_log(os, job, "ABORT", "%s", error);
        return -1;
    }
    uint64_t lines = 1;
    for (size_t i = 0; i < length; i++)
        lines += source[i] == '\n';

    struct cal_options options = {os->config.model, false, os->site.epoch};
    struct cal_result result;
    /* INCLUDE name reads the job's local dataset of that name. */
    struct cal_extra_options extra = {.include = include_dataset, .include_context = job,
                                      .object = relocatable != 0};
    char *systxt = NULL;
    if (cal_system_text(job, st, &extra, &systxt, error, sizeof error)) {
        job_log(os, job, "ABORT", "%s", error);
        free(source);
        return -1;
    }
    /* As COS's CAL and LDR: the program's modules assembled as object
     * modules and linked with the system library's modules it calls, at
     * 0200 above its Job Communication Block.  A program the object form
     * does not take (or with errors) is assembled whole, with the
     * library's source after it, at word 0, as before.  REL: the object
     * modules alone, the library left to LDR. */
    const char *source_name = input ? input : "$IN";
    extra.object = true;
    int status = cal_assemble_extra(source, length, source_name, &options, &extra, &result);
    if (!relocatable && status == 0 && link_above_jcb(os, job, &result) < 0) {
        job_log(os, job, "ABORT", "CA001 - PROGRAM NOT LINKED");   /* the loader said why */
        cal_result_free(&result);
        free(source);
        free(systxt);
        return -1;
    }
    if (!relocatable && status != 0) {
        cal_result_free(&result);
        size_t used;
        char *whole = library_after_source(source, length, &used);
        extra.object = false;
        status = whole ? cal_assemble_extra(whole, used, source_name, &options, &extra, &result)
                       : -1;
        free(whole);
        if (!whole) {
            free(source);
            free(systxt);
            return -1;
        }
    }
    /* The charge: every line the job gave (an S= system text's too) and
     * every statement its macro calls generated; a 3-line program whose
     * system text expands to 90,000 statements took the host 0.7 s for 6000
     * clocks, and a LOOP of it held the site for hours within T=1. */
    uint64_t assembled = lines + result.expanded;
    for (size_t i = 0; systxt && i < extra.system_text_length; i++)
        assembled += systxt[i] == '\n';
    free(systxt);
    job_charge(os, job, assembled * CAL_CLOCKS_PER_LINE);
    for (size_t d = 0; d < result.diagnostic_count; d++) {
        char line[300];
        const struct cal_diagnostic *diagnostic = &result.diagnostics[d];
        /* A line of the deck's own text also by its line in the deck. */
        char name[48];
        if (deck_line && diagnostic->line > 0 && (uint64_t)diagnostic->line < lines)
            snprintf(name, sizeof name, "$IN:%d (deck line %d)", diagnostic->line,
                     deck_line + diagnostic->line - 1);
        else
            snprintf(name, sizeof name, "%s:%d", input ? input : "$IN", diagnostic->line);
        cal_format_diagnostic_at(diagnostic, name, line, sizeof line);
        job_log(os, job, "CAL", "CA001 - %s", line);
        /* The statement itself, as the programmer wrote it. */
        const char *text;
        size_t text_length;
        if (source_line(source, length, diagnostic->line, &text, &text_length))
            job_log(os, job, "CAL", "CA001 -   %.*s", (int)(text_length < 120 ? text_length : 120),
                    text);
    }
    free(source);
    if (status != 0 || !(result.has_executable || result.has_object)) {
        job_log(os, job, "ABORT", "CA001 - %zu CAL ERROR%s", result.error_count,
                result.error_count == 1 ? "" : "S");
        cal_result_free(&result);
        return -1;
    }
    unsigned char *bytes;
    size_t size;
    if (relocatable)
        status = object_serialize(&result.object, &bytes, &size, error, sizeof error);
    else
        status = executable_serialize(&result.executable, false, &bytes, &size);
    if (status == 0) {
        job_charge_binary(os, job, size);
        status = job_store_binary(job, binary ? binary : "$BLD", bytes, size);
        free(bytes);
    }
    if (relocatable)
        job_log(os, job, "CAL", "ASSEMBLED %" PRIu64 " LINES: %zu OBJECT MODULE%s TO %s",
                lines - 1, result.object.module_count,
                result.object.module_count == 1 ? "" : "S", binary ? binary : "$BLD");
    else
        job_log(os, job, "CAL", "ASSEMBLED %" PRIu64 " LINES: %" PRIu32 " WORDS TO %s", lines - 1,
                result.executable.word_count, binary ? binary : "$BLD");
    cal_result_free(&result);
    return status ? -1 : 0;
}

/* The CAL, LDR and program-by-name steps.  0: a program runs (or CAL
 * finished), -1: the step aborted. */
int job_step_statement(struct os *os, struct job *job, const struct deck_statement *st)
{
    if (!strcmp(st->verb, "CAL"))
        return run_cal(os, job, st);
    if (!strcmp(st->verb, "BUILD"))
        return job_build_statement(os, job, st);
    if (!strcmp(st->verb, "LDR")) {
        struct executable exe;
        int status = job_load_statement(os, job, st, &exe);
        if (status == 1) {
            status = start_program(os, job, &exe, st);
            executable_free(&exe);
        }
        return status;
    }
    return run_binary(os, job, st->verb, st);
}

/* ---- aborts and dumps ------------------------------------------------------------------ */

/* The instruction after which the PC stopped for the monitor (cpu->stop_p),
 * as "INSTRUCTION AT P=... (LABEL+n): text" in text; false if it stopped for
 * none. */
static bool stopped_instruction(const struct job *job, const struct cpu *cpu, char *text,
                                size_t size)
{
    if (cpu->stop_p == UINT32_MAX)
        return false;
    uint16_t parcels[2] = {0, 0};
    int available = 0;
    for (unsigned i = 0; i < 2; i++) {
        uint64_t parcel = (uint64_t)cpu->stop_p + i, word = cpu->ibase + parcel / 4;
        if (word >= cpu->ilimit || word >= cpu->memory->size)
            break;
        parcels[i] = (uint16_t)(cpu->memory->word[word] >> (48 - 16 * (parcel % 4)));
        available++;
    }
    char instruction[128] = "OUTSIDE THE PROGRAM'S FIELD";
    if (available) {
        struct isa_forms *forms = isa_forms_create();
        if (!forms)
            return false;
        isa_disassemble(forms, cpu->model, parcels, available, instruction, sizeof instruction);
        isa_forms_destroy(forms);
        size_t n = strlen(instruction);
        while (n && instruction[n - 1] == ' ')
            instruction[--n] = '\0';
    }
    char place[48] = "";
    dropfile_parcel_name(job->program_symbols, job->program_symbol_count, cpu->stop_p, place + 2,
                         sizeof place - 3);
    if (place[2]) {
        place[0] = ' ', place[1] = '(';
        strcat(place, ")");
    }
    snprintf(text, size, "INSTRUCTION AT P=%08" PRIo32 "%s: %s", cpu->stop_p, place,
             instruction);
    return true;
}

/* A step ends in error: the abort block (with the instruction that stopped
 * the program: P names the one after it), a dropfile for diagnosis whose
 * note names that instruction too, and the error path (statements after
 * EXIT). */
void job_abort_step(struct os *os, struct job *job, const char *code, const char *message,
                    bool write_dropfile)
{
    struct cpu *cpu = job_cpu(os, job);
    job_log(os, job, "ABORT", "%s - %s", code, message);
    if (cpu && job->step_running) {
        char instruction[256], note[400];
        bool stopped = stopped_instruction(job, cpu, instruction, sizeof instruction);
        if (stopped)
            job_log(os, job, "ABORT", "%s", instruction);
        job_log(os, job, "ABORT", "P=%08" PRIo32 "  BASE=%08" PRIo32 "  LIMIT=%08" PRIo32
                "  CPU=%d", cpu->p, cpu->base, cpu->limit, job->pc);
        snprintf(note, sizeof note, "%s%s%s", message, stopped ? "; " : "",
                 stopped ? instruction : "");
        if (write_dropfile)
            job_drop(os, job, DROP_REASON_ERROR, note, true);
    }
    job_log(os, job, "ABORT", "JOB STEP ABORTED.");
    dayfile_write(&os->dayfile, job_clock(os, job), "ABORT", "job %d %s step %s: %s %s",
                  job->number, job->name, job->step_running ? job->program_name : "-", code,
                  message);
    job->step_running = false;
    job->error_path = true;
}

void job_abort_statement(struct os *os, struct job *job, size_t log_from)
{
    /* The statement's own ABORT line, "CODE - MESSAGE", written since log_from. */
    char code[8] = "CS000", message[200] = "CONTROL STATEMENT ERROR";
    const char *data = job->log.data, *found = NULL;
    for (size_t at = log_from; data && at < job->log.length;) {
        const char *line = data + at, *end = memchr(line, '\n', job->log.length - at);
        size_t n = end ? (size_t)(end - line) : job->log.length - at;
        for (size_t i = 0; i + 8 <= n; i++)
            if (!memcmp(line + i, " ABORT  ", 8)) {
                found = line + i + 8;
                break;
            }
        at += n + 1;
    }
    if (found) {
        const char *end = strchr(found, '\n'), *dash = strstr(found, " - ");
        size_t n = end ? (size_t)(end - found) : strlen(found);
        if (dash && dash < found + n && dash - found <= 6) {
            snprintf(code, sizeof code, "%.*s", (int)(dash - found), found);
            snprintf(message, sizeof message, "%.*s", (int)(n - (size_t)(dash + 3 - found)), dash + 3);
        } else {
            snprintf(message, sizeof message, "%.*s", (int)n, found);
        }
    }
    job_log(os, job, "ABORT", "JOB STEP ABORTED.");
    dayfile_write(&os->dayfile, job_clock(os, job), "ABORT", "job %d %s step -: %s %s", job->number,
                  job->name, code, message);
    job->step_running = false;
    job->error_path = true;
}

/* The last program's state (F$DJA from a running program, or DUMPJOB
 * between steps, typically on the error path after an abort): the
 * registers stay the program's until the next one is loaded. */
void job_dump(struct os *os, struct job *job)
{
    struct cpu *cpu = job_cpu(os, job);
    if (!cpu || !job->program_name[0]) {
        job_log(os, job, "DUMP", "NO PROGRAM TO DUMP");
        return;
    }
    uint64_t package[EXCHANGE_PACKAGE_WORDS];
    exchange_pack(cpu, package);
    job_log(os, job, "DUMP", "EXCHANGE PACKAGE OF %s AT P=%08" PRIo32, job->program_name, cpu->p);
    for (int w = 0; w < EXCHANGE_PACKAGE_WORDS; w += 2)
        job_log(os, job, "DUMP", "%02o %022" PRIo64 "  %02o %022" PRIo64, w, package[w], w + 1,
                package[w + 1]);
    job_log(os, job, "DUMP", "VL=%03" PRIo32 " VM=%022" PRIo64, cpu->vl, cpu->vm);
    for (int r = 0; r < 64; r += 4)
        job_log(os, job, "DUMP", "B%02o %08" PRIo32 " %08" PRIo32 " %08" PRIo32 " %08" PRIo32, r,
                cpu->b[r], cpu->b[r + 1], cpu->b[r + 2], cpu->b[r + 3]);
}
