/*
 * debugger.c - switchp's core (see debugger.h), its life: the sandbox site
 * and its OS built from the dropfile, open and close, the views of the
 * state and the symbols, and the job written back as a new dropfile.  The
 * other pieces (debugger_internal.h) parse places and conditions, keep the
 * history and run.
 */
#include "debugger.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "debugger_internal.h"
#include "os/job.h"
#include "os/job_drop.h"
#include "os/log.h"
#include "os/datasets/pds.h"

#define SANDBOX_SITE "SWITCHP"
#define SANDBOX_SECONDS 1000000u       /* the lifted CPU-time limit */
#define DEFAULT_INTERVAL 4096u
#define DEFAULT_BUDGET ((size_t)256 << 20)

void debugger_say(char *error, size_t size, const char *format, ...)
{
    if (!error || !size)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, size, format, args);
    va_end(args);
}

static const char *str(const char *s) { return s ? s : ""; }

/* ---- the sandbox folder --------------------------------------------------------------- */

/* Remove everything under path (not following symbolic links), and path
 * itself when remove_self. */
static void remove_tree(const char *path, bool remove_self)
{
    struct stat st;
    if (lstat(path, &st))
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        if (dir) {
            for (struct dirent *e; (e = readdir(dir));) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char child[SITE_PATH_MAX + 256];
                snprintf(child, sizeof child, "%s/%s", path, e->d_name);
                remove_tree(child, true);
            }
            closedir(dir);
        }
        if (remove_self)
            rmdir(path);
    } else if (remove_self) {
        unlink(path);
    }
}

/* Copy the permanent datasets the job refers to from SITE/pds into the
 * sandbox's store (names checked by the PDS rules: no path tricks). */
static int copy_permanent(struct debugger *dbg, char *error, size_t size)
{
    for (size_t i = 0; i < dbg->loaded.dataset_count; i++) {
        const struct dropfile_dataset *ds = &dbg->loaded.datasets[i];
        if (!ds->permanent)
            continue;
        char owner[PDS_NAME_MAX + 1], name[PDS_NAME_MAX + 1];
        struct dataset_error e;
        if (pds_check_name(ds->owner, "USER", owner, &e) ||
            pds_check_name(ds->permanent_name, "PERMANENT DATASET NAME", name, &e)) {
            debugger_say(error, size, "permanent dataset %s of %s: bad name",
                         str(ds->permanent_name), str(ds->owner));
            return -1;
        }
        if (!dbg->options.pds_site) {
            debugger_say(error, size,
                         "the job uses permanent dataset %s of %s, whose contents a dropfile "
                         "does not hold: name the site that has it (--pds SITE)",
                         name, owner);
            return -1;
        }
        char from[SITE_PATH_MAX * 2], folder[SITE_PATH_MAX * 2], to[SITE_PATH_MAX * 3];
        snprintf(from, sizeof from, "%s/pds/%s/%s", dbg->options.pds_site, owner, name);
        snprintf(folder, sizeof folder, "%s/pds/%s", dbg->root, owner);
        snprintf(to, sizeof to, "%s/%s", folder, name);
        size_t length;
        char *bytes = read_file_all(from, &length);
        if (!bytes) {
            debugger_say(error, size, "permanent dataset %s of %s: cannot read %s: %s", name, owner,
                         from, strerror(errno));
            return -1;
        }
        int status = (mkdir(folder, 0755) && errno != EEXIST) ? -1
                                                               : write_file_atomic(to, bytes, length);
        free(bytes);
        if (status) {
            debugger_say(error, size, "cannot copy %s into the sandbox: %s", from, strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* The reason the sandbox's OS gave for refusing the restart (its dayfile). */
static void refusal_reason(const struct debugger *dbg, char *error, size_t size)
{
    char path[SITE_PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/dayfile", dbg->root);
    char *text = read_file_all(path, NULL);
    const char *line = text ? strstr(text, " REFUSED ") : NULL;
    const char *why = line ? strstr(line, "): ") : NULL;
    if (why) {
        why += 3;
        size_t n = strcspn(why, "\n");
        const char *bar = strstr(why, "  | ");
        if (bar && (size_t)(bar - why) < n)
            n = (size_t)(bar - why);
        debugger_say(error, size, "the OS refuses to restart the job: %.*s", (int)n, why);
    } else {
        debugger_say(error, size, "the OS did not make a job of the dropfile");
    }
    free(text);
}

static void sandbox_free(struct debugger *dbg)
{
    if (dbg->os) {
        os_free(dbg->os);
        free(dbg->os);
        dbg->os = NULL;
        dbg->job = NULL;
    }
}



int sandbox_build(struct debugger *dbg, char *error, size_t size)
{
    sandbox_free(dbg);
    remove_tree(dbg->root, false);
    struct site site;
    if (site_open(&site, dbg->root, error, size))
        return -1;
    site.clock = dbg->loaded.cpu.clock;
    site.epoch = dbg->epoch_seconds;
    snprintf(site.name, sizeof site.name, "%s", SANDBOX_SITE);
    char *end;
    unsigned long long id = strtoull(dbg->loaded.identity.job_id ? dbg->loaded.identity.job_id : "",
                                     &end, 10);
    site.next_job_id = (end != dbg->loaded.identity.job_id && !*end && id > 0 && id < 1000000000)
                           ? id : 1;
    if (site_save_state(&site, error, size) || copy_permanent(dbg, error, size))
        return -1;
    struct restart_request request = {.time_seconds = SANDBOX_SECONDS, .priority = -1,
                                      .force = true};
    if (site_queue_restart(dbg->root, dbg->bytes, dbg->size, &request, error, size) < 0)
        return -1;
    struct os_config config = {
        .model = dbg->loaded.machine.model,
        .pcs = 1,
        .memory_words = dbg->memory_words,
        .timing = !dbg->options.no_timing,
        .until_idle = true,
        .sync_dayfile = false,
    };
    dbg->os = calloc(1, sizeof *dbg->os);
    if (!dbg->os) {
        debugger_say(error, size, "out of memory");
        return -1;
    }
    if (os_boot(dbg->os, dbg->root, &config, error, size)) {
        sandbox_free(dbg);
        return -1;
    }
    if (dbg->os->job_count != 1) {
        refusal_reason(dbg, error, size);
        sandbox_free(dbg);
        return -1;
    }
    os_run(dbg->os, dbg->os->now);   /* schedules the job: restored on PC 0, nothing run */
    dbg->job = dbg->os->jobs[0];
    if (dbg->job->state != JOB_RUNNING && dbg->job->log.data &&
        strstr(dbg->job->log.data, "DF002")) {
        refusal_reason(dbg, error, size);   /* the refusal when the job got its PC */
        sandbox_free(dbg);
        return -1;
    }
    dbg->position = 0;
    dbg->epoch = 0;
    dbg->edits_applied = 0;
    struct cpu *cpu = sandbox_cpu(dbg);
    if (cpu->limit > dbg->high_water)
        dbg->high_water = cpu->limit;
    dbg->rebuilds++;
    history_apply_pending_edits(dbg);
    return 0;
}

/* ---- open and close --------------------------------------------------------------------- */

static double clock_period(unsigned model) { return model == MODEL_XMP ? 9.5 : 12.5; }


int debugger_open(const char *path, const struct debugger_options *options,
                  struct debugger **out, char *error, size_t size)
{
    *out = NULL;
    struct debugger *dbg = calloc(1, sizeof *dbg);
    if (!dbg) {
        debugger_say(error, size, "out of memory");
        return -1;
    }
    if (options)
        dbg->options = *options;
    if (!dbg->options.checkpoint_interval)
        dbg->options.checkpoint_interval = DEFAULT_INTERVAL;
    if (!dbg->options.checkpoint_budget)
        dbg->options.checkpoint_budget = DEFAULT_BUDGET;
    dbg->interval = dbg->options.checkpoint_interval;
    dbg->next_point = 1;
    snprintf(dbg->path, sizeof dbg->path, "%s", path);
    dropfile_init(&dbg->loaded);

    struct dropfile_report report = {0};
    if (dropfile_load_bytes(path, &dbg->bytes, &dbg->size, &report) ||
        dropfile_decode(dbg->bytes, dbg->size, &dbg->loaded, &report)) {
        debugger_say(error, size, "%s: %s", path, report.message);
        debugger_close(dbg);
        return -1;
    }
    const struct dropfile *df = &dbg->loaded;
    unsigned model = df->machine.model;
    uint32_t most = model == MODEL_CRAY1 ? UINT32_C(1) << 22 : MEMORY_MAX_WORDS;
    dbg->memory_words = df->machine.memory_words;
    if (dbg->memory_words > most)
        dbg->memory_words = most;
    if (dbg->memory_words < df->machine.field_words)
        dbg->memory_words = df->machine.field_words;
    char why[300];
    if (dropfile_check_target(df, model, dropfile_model_features(model), dbg->memory_words, 0, why,
                              sizeof why)) {
        debugger_say(error, size, "%s: cannot run here: %s", path, why);
        debugger_close(dbg);
        return -1;
    }
    /* The sandbox's epoch: the drop's wall time less the clock's seconds. */
    int64_t wall = df->written_wall;
    for (size_t h = 0; h < df->history_count; h++)
        if (df->history[h].event == DROP_EVENT_DROP)
            wall = df->history[h].wall_time;
    dbg->epoch_seconds = wall - (int64_t)((double)df->cpu.clock * clock_period(model) * 1e-9);

    const char *tmp = dbg->options.temp_dir ? dbg->options.temp_dir : getenv("TMPDIR");
    snprintf(dbg->root, sizeof dbg->root, "%s/switchp.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dbg->root)) {
        debugger_say(error, size, "cannot make a sandbox folder %s: %s", dbg->root,
                     strerror(errno));
        debugger_close(dbg);
        return -1;
    }
    dbg->root_made = true;
    char message[600];
    if (sandbox_build(dbg, message, sizeof message)) {
        debugger_say(error, size, "%s: %s", path, message);
        debugger_close(dbg);
        return -1;
    }
    dbg->log_mark = dbg->job->log.length;
    history_take_checkpoint(dbg, 0);   /* the loaded state: going back to it needs no rebuild */
    *out = dbg;
    return 0;
}

void debugger_close(struct debugger *dbg)
{
    if (!dbg)
        return;
    sandbox_free(dbg);
    if (dbg->root_made)
        remove_tree(dbg->root, true);
    for (size_t i = 0; i < dbg->checkpoint_count; i++) {
        free(dbg->checkpoints[i]->memory);
        free(dbg->checkpoints[i]);
    }
    free(dbg->checkpoints);
    free(dbg->exchanges);
    free(dbg->edits);
    dropfile_free(&dbg->loaded);
    free(dbg->bytes);
    free(dbg);
}

/* ---- views ------------------------------------------------------------------------------ */

const struct dropfile *debugger_loaded(const struct debugger *dbg) { return &dbg->loaded; }
const char *debugger_path(const struct debugger *dbg) { return dbg->path; }
const char *debugger_sandbox(const struct debugger *dbg) { return dbg->root; }
struct os *debugger_os(const struct debugger *dbg) { return dbg->os; }
struct job *debugger_job(const struct debugger *dbg) { return dbg->job; }
const struct cpu *debugger_cpu(const struct debugger *dbg) { return sandbox_cpu(dbg); }
bool debugger_running(const struct debugger *dbg)
{
    return dbg->job && dbg->job->state == JOB_RUNNING && dbg->job->pc == SANDBOX_PC;
}
uint64_t debugger_position(const struct debugger *dbg) { return dbg->position; }
uint64_t debugger_clocks(const struct debugger *dbg)
{
    uint64_t clock = sandbox_cpu(dbg)->clock;
    return clock > dbg->loaded.cpu.clock ? clock - dbg->loaded.cpu.clock : 0;
}
uint64_t debugger_rebuilds(const struct debugger *dbg) { return dbg->rebuilds; }
size_t debugger_checkpoints(const struct debugger *dbg, size_t *bytes)
{
    if (bytes)
        *bytes = dbg->checkpoint_bytes;
    return dbg->checkpoint_count;
}

uint32_t debugger_field_words(const struct debugger *dbg)
{
    const struct cpu *cpu = sandbox_cpu(dbg);
    return cpu->limit > cpu->base ? cpu->limit - cpu->base : 0;
}

int debugger_word(const struct debugger *dbg, uint32_t address, uint64_t *word)
{
    const struct cpu *cpu = sandbox_cpu(dbg);
    uint64_t at = (uint64_t)cpu->base + address;
    if (at >= cpu->limit || at >= cpu->memory->size)
        return -1;
    *word = cpu->memory->word[at];
    return 0;
}

int debugger_parcel(const struct debugger *dbg, uint32_t p, uint16_t *parcel)
{
    const struct cpu *cpu = sandbox_cpu(dbg);
    uint64_t at = (uint64_t)cpu->ibase + p / 4;
    if (at >= cpu->ilimit || at >= cpu->memory->size)
        return -1;
    *parcel = (uint16_t)(cpu->memory->word[at] >> (48 - 16 * (p & 3)));
    return 0;
}

const char *debugger_new_log(struct debugger *dbg, size_t *length)
{
    const struct text *log = &dbg->job->log;
    size_t mark = dbg->log_mark <= log->length ? dbg->log_mark : log->length;
    dbg->log_mark = log->length;
    *length = log->length - mark;
    return log->data ? log->data + mark : "";
}

struct digest_buffer {
    uint8_t *bytes;
    size_t length, capacity;
};

static void put(struct digest_buffer *b, const void *data, size_t size)
{
    if (b->length + size > b->capacity) {
        size_t wanted = (b->length + size) * 2;
        uint8_t *bigger = realloc(b->bytes, wanted);
        if (!bigger)
            return;
        b->bytes = bigger;
        b->capacity = wanted;
    }
    memcpy(b->bytes + b->length, data, size);
    b->length += size;
}

uint64_t debugger_digest(const struct debugger *dbg)
{
    const struct cpu *c = sandbox_cpu(dbg);
    struct digest_buffer b = {0};
    put(&b, c->a, sizeof c->a);
    put(&b, c->s, sizeof c->s);
    put(&b, c->b, sizeof c->b);
    put(&b, c->t, sizeof c->t);
    put(&b, c->v, sizeof c->v);
    uint64_t words[] = {c->vm, c->vl, c->p, c->base, c->limit, c->ibase, c->ilimit, c->xa,
                        c->flags, c->monitor_exit, c->modes, c->cluster, c->clock, c->rt_offset,
                        c->clock_interval, c->clock_countdown, c->instructions, c->flops,
                        c->vector_elements, c->features_used, c->current_buffer, c->next_buffer,
                        c->after_taken_branch, c->timing.pending_fetch, c->timing.vm_ready,
                        c->timing.port_free, c->timing.fetch_ready,
                        dbg->job ? dbg->job->log.length : 0, dbg->job ? (uint64_t)dbg->job->state : 0};
    put(&b, words, sizeof words);
    for (unsigned i = 0; i < BUFFER_COUNT; i++)
        put(&b, &c->buffer[i].block, sizeof c->buffer[i].block);
    const struct timing_state *t = &c->timing;
    put(&b, t->a_ready, sizeof t->a_ready);
    put(&b, t->s_ready, sizeof t->s_ready);
    put(&b, t->b_ready, sizeof t->b_ready);
    put(&b, t->v_chain_slot, sizeof t->v_chain_slot);
    put(&b, t->v_result_free, sizeof t->v_result_free);
    put(&b, t->v_operand_free, sizeof t->v_operand_free);
    put(&b, t->unit_free, sizeof t->unit_free);
    put(&b, t->bank_free, sizeof t->bank_free);
    put(&b, t->a_path, sizeof t->a_path);
    put(&b, t->s_path, sizeof t->s_path);
    if (c->limit > c->base && c->limit <= c->memory->size)
        put(&b, c->memory->word + c->base, sizeof(uint64_t) * (c->limit - c->base));
    uint64_t digest = b.bytes ? dropfile_content_hash(b.bytes, b.length) : 0;
    free(b.bytes);
    return digest;
}

/* ---- symbols ----------------------------------------------------------------------------- */

const struct dropfile_symbol *debugger_symbols(const struct debugger *dbg, size_t *count)
{
    *count = dbg->job ? dbg->job->program_symbol_count : 0;
    return dbg->job ? dbg->job->program_symbols : NULL;
}

const struct dropfile_symbol *debugger_label(const struct debugger *dbg, uint32_t address,
                                             bool parcel)
{
    size_t n;
    const struct dropfile_symbol *s = debugger_symbols(dbg, &n);
    const struct dropfile_symbol *other = NULL;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = s[i].value;
        if (s[i].attributes == 'P') {
            if (parcel && v == address)
                return &s[i];
            if (!parcel && v == (uint64_t)address * 4 && !other)
                other = &s[i];
        } else if (s[i].attributes == 'W') {
            if (!parcel && v == address)
                return &s[i];
            if (parcel && v * 4 == address && !other)
                other = &s[i];
        }
    }
    return other;
}

const struct dropfile_symbol *debugger_symbol(const struct debugger *dbg, const char *name)
{
    size_t n;
    const struct dropfile_symbol *s = debugger_symbols(dbg, &n);
    for (size_t i = 0; i < n; i++)
        if (s[i].name && !strcasecmp(s[i].name, name))
            return &s[i];
    return NULL;
}

/* ---- a new dropfile ---------------------------------------------------------------------- */

static void trim_history(struct dropfile *df, size_t count)
{
    while (df->history_count > count) {
        struct dropfile_history *h = &df->history[--df->history_count];
        free(h->site);
        free(h->user);
        free(h->reason);
        free(h->note);
    }
}

int debugger_drop(struct debugger *dbg, const char *path, char *error, size_t size)
{
    if (!debugger_running(dbg)) {
        debugger_say(error, size,
                     "the job has ended: there is no state to drop (back or rgo first)");
        return -1;
    }
    struct dropfile df;
    dropfile_init(&df);
    const struct dropfile *old = &dbg->loaded;
    const struct cpu *cpu = sandbox_cpu(dbg);
    int status = job_to_dropfile(dbg->os, dbg->job, &df, (int)old->drop.reason, old->drop.note);
    /* The history: the original's, then this edit (not the sandbox's restart). */
    char note[512];
    int n = snprintf(note, sizeof note, "%" PRIu64 " steps, %" PRIu64 " clocks after the drop; ",
                     dbg->position, debugger_clocks(dbg));
    if (dbg->edits_applied == 0) {
        n += snprintf(note + n, sizeof note - (size_t)n, "no edits");
    } else {
        n += snprintf(note + n, sizeof note - (size_t)n, "edits:");
        for (size_t i = 0; i < dbg->edits_applied && (size_t)n < sizeof note - 80; i++)
            n += snprintf(note + n, sizeof note - (size_t)n, " %s", dbg->edits[i].text);
        if ((size_t)n >= sizeof note - 80)
            snprintf(note + n, sizeof note - (size_t)n, " ...");
    }
    int64_t now = (int64_t)time(NULL);
    if (status == 0) {
        trim_history(&df, old->history_count);
        df.limits.cpu_limit = old->limits.cpu_limit;
        df.written_wall = now;
        status = dropfile_add_history(&df, DROP_EVENT_EDIT, SANDBOX_SITE, dbg->job->user, cpu->clock,
                                      "switchp drop", note, now);
    }
    struct text line = {0};
    if (status == 0) {
        joblog_line(&line, dbg->os->site.epoch, cpu->clock, clock_period(old->machine.model),
                    job_clocks_used(dbg->os, dbg->job), "EXP",
                    "DF000 - DROPFILE WRITTEN BY SWITCHP AT P=%08" PRIo32 " (%zu EDIT%s)", cpu->p,
                    dbg->edits_applied, dbg->edits_applied == 1 ? "" : "S");
        status = dropfile_append_log(&df, line.data ? line.data : "");
    }
    text_free(&line);
    struct dropfile_report report = {0};
    if (status) {
        debugger_say(error, size, "out of memory");
    } else if (dropfile_write_file(path, &df, &report)) {
        debugger_say(error, size, "%s: %s", path, report.message);
        status = -1;
    }
    dropfile_free(&df);
    return status ? -1 : 0;
}
