/*
 * debugger.c - switchp's core (see debugger.h): the sandbox site and its
 * OS, transitions one instruction at a time, checkpoints and the history
 * that makes going back exact, places and conditions, breakpoints and
 * watchpoints, and the job written back as a new dropfile.
 */
#include "debugger.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cray_float.h"
#include "job.h"
#include "log.h"
#include "machine.h"
#include "pds.h"
#include "site.h"

#define SANDBOX_SITE "SWITCHP"
#define SANDBOX_SECONDS 1000000u       /* the lifted CPU-time limit */
#define DEFAULT_INTERVAL 4096u
#define DEFAULT_BUDGET ((size_t)256 << 20)
#define MAX_POINTS 64
#define SANDBOX_PC 0

struct checkpoint {
    uint64_t position, epoch;
    size_t edits_applied;
    struct cpu cpu;
    struct shared_cluster clusters[MACHINE_CLUSTERS + 1];
    uint32_t words;        /* memory saved: absolute words [0, words) */
    uint64_t *memory;
};

struct edit {
    uint64_t position;
    struct debugger_location loc;
    uint64_t value;
    char text[64];         /* for the EDIT history note */
};

struct debugger {
    struct debugger_options options;
    char path[SITE_PATH_MAX];
    uint8_t *bytes;                /* the dropfile as read */
    size_t size;
    struct dropfile loaded;
    int64_t epoch_seconds;         /* the sandbox site's epoch */
    uint32_t memory_words;
    char root[SITE_PATH_MAX];      /* the sandbox site (mkdtemp) */
    bool root_made;

    struct os *os;                 /* the sandbox's OS, rebuilt for reverse execution */
    struct job *job;
    uint64_t rebuilds;

    /* Where the state is in the history. */
    uint64_t position;             /* transitions since the load */
    uint64_t epoch;                /* exchanges served since the load */
    size_t edits_applied;          /* edits[0..edits_applied) are in the state */
    uint32_t high_water;           /* absolute words [0, high_water) ever in the field */

    /* The history. */
    struct checkpoint **checkpoints;   /* by position */
    size_t checkpoint_count, checkpoint_capacity, checkpoint_bytes;
    uint64_t interval;
    uint64_t *exchanges;           /* position of each exchange served, in order */
    size_t exchange_count, exchange_capacity;
    struct edit *edits;            /* by position */
    size_t edit_count, edit_capacity;
    uint64_t divergences;          /* replays that did not repeat the history (none expected) */

    struct debugger_point points[MAX_POINTS];
    size_t point_count;
    int next_point;

    size_t log_mark;
};

static void say(char *error, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static void say(char *error, size_t size, const char *format, ...)
{
    if (!error || !size)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, size, format, args);
    va_end(args);
}

static const char *str(const char *s) { return s ? s : ""; }

static void *grow_array(void *array, size_t *capacity, size_t count, size_t item)
{
    if (count < *capacity)
        return array;
    size_t wanted = *capacity ? *capacity * 2 : 16;
    void *bigger = realloc(array, wanted * item);
    if (bigger)
        *capacity = wanted;
    return bigger;
}

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
            say(error, size, "permanent dataset %s of %s: bad name", str(ds->permanent_name),
                str(ds->owner));
            return -1;
        }
        if (!dbg->options.pds_site) {
            say(error, size, "the job uses permanent dataset %s of %s, whose contents a dropfile "
                "does not hold: name the site that has it (--pds SITE)", name, owner);
            return -1;
        }
        char from[SITE_PATH_MAX * 2], folder[SITE_PATH_MAX * 2], to[SITE_PATH_MAX * 3];
        snprintf(from, sizeof from, "%s/pds/%s/%s", dbg->options.pds_site, owner, name);
        snprintf(folder, sizeof folder, "%s/pds/%s", dbg->root, owner);
        snprintf(to, sizeof to, "%s/%s", folder, name);
        size_t length;
        char *bytes = read_file_all(from, &length);
        if (!bytes) {
            say(error, size, "permanent dataset %s of %s: cannot read %s: %s", name, owner, from,
                strerror(errno));
            return -1;
        }
        int status = (mkdir(folder, 0755) && errno != EEXIST) ? -1
                                                               : write_file_atomic(to, bytes, length);
        free(bytes);
        if (status) {
            say(error, size, "cannot copy %s into the sandbox: %s", from, strerror(errno));
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
        say(error, size, "the OS refuses to restart the job: %.*s", (int)n, why);
    } else {
        say(error, size, "the OS did not make a job of the dropfile");
    }
    free(text);
}

static struct cpu *sandbox_cpu(const struct debugger *dbg)
{
    return &dbg->os->machine->cpu[SANDBOX_PC];
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

static void apply_pending_edits(struct debugger *dbg);
static void take_checkpoint(struct debugger *dbg, size_t at);

/* (Re)build the sandbox: a fresh site, the dropfile queued for restart, the
 * OS booted and the job started on PC 0: the state at position 0. */
static int sandbox_build(struct debugger *dbg, char *error, size_t size)
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
        say(error, size, "out of memory");
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
    apply_pending_edits(dbg);
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
        say(error, size, "out of memory");
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
        say(error, size, "%s: %s", path, report.message);
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
        say(error, size, "%s: cannot run here: %s", path, why);
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
        say(error, size, "cannot make a sandbox folder %s: %s", dbg->root, strerror(errno));
        debugger_close(dbg);
        return -1;
    }
    dbg->root_made = true;
    char message[600];
    if (sandbox_build(dbg, message, sizeof message)) {
        say(error, size, "%s: %s", path, message);
        debugger_close(dbg);
        return -1;
    }
    dbg->log_mark = dbg->job->log.length;
    take_checkpoint(dbg, 0);   /* the loaded state: going back to it needs no rebuild */
    *out = dbg;
    return 0;
}

static void free_checkpoints_after(struct debugger *dbg, uint64_t position)
{
    size_t kept = dbg->checkpoint_count;
    while (kept > 0 && dbg->checkpoints[kept - 1]->position > position) {
        struct checkpoint *c = dbg->checkpoints[--kept];
        dbg->checkpoint_bytes -= sizeof *c + (size_t)c->words * sizeof(uint64_t);
        free(c->memory);
        free(c);
    }
    dbg->checkpoint_count = kept;
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

/* ---- numbers, addresses, values ---------------------------------------------------------- */

static bool symbol_start(int c) { return isalpha(c) || c == '$' || c == '@' || c == '%' || c == '_'; }
static bool symbol_char(int c) { return symbol_start(c) || isdigit(c); }

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* A number at s (octal, O'.., D'.., X'..): characters used (0: none), -1 on overflow. */
static int scan_number(const char *s, uint64_t *value)
{
    const char *p = s;
    unsigned base = 8;
    if (p[0] && p[1] == '\'') {
        switch (toupper((unsigned char)p[0])) {
        case 'O': base = 8; p += 2; break;
        case 'D': base = 10; p += 2; break;
        case 'X': base = 16; p += 2; break;
        default: return 0;
        }
    }
    if ((unsigned)digit_value((unsigned char)*p) >= base)
        return 0;
    uint64_t v = 0;
    while ((unsigned)digit_value((unsigned char)*p) < base) {
        unsigned d = (unsigned)digit_value((unsigned char)*p);
        if (v > (UINT64_MAX - d) / base)
            return -1;
        v = v * base + d;
        p++;
    }
    *value = v;
    return (int)(p - s);
}

enum expression_mode { EXPR_WORD, EXPR_PARCEL, EXPR_RAW };

/* term {(+|-) term}: numbers, `3b` parcel forms, symbols, P. */
static int evaluate(const struct debugger *dbg, const char *text, enum expression_mode mode,
                    int64_t *result, char *error, size_t size)
{
    const char *p = text;
    int64_t total = 0;
    int sign = 1;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '-' || *p == '+') {
        sign = *p == '-' ? -1 : 1;
        p++;
    }
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        int64_t term;
        uint64_t number;
        int used = scan_number(p, &number);
        if (used < 0) {
            say(error, size, "%s: number too large", text);
            return -1;
        }
        if (used > 0) {
            p += used;
            term = (int64_t)number;
            int letter = tolower((unsigned char)*p);
            if (letter >= 'a' && letter <= 'd' && !symbol_char((unsigned char)p[1]) &&
                !(used >= 2 && p[-used + 1] == '\'')) {
                if (mode != EXPR_PARCEL) {
                    say(error, size, "%s: a parcel address where a word address is wanted", text);
                    return -1;
                }
                term = term * 4 + (letter - 'a');
                p++;
            }
        } else if (symbol_start((unsigned char)*p)) {
            char name[64];
            size_t n = 0;
            while (symbol_char((unsigned char)*p) && n < sizeof name - 1)
                name[n++] = *p++;
            name[n] = '\0';
            const struct dropfile_symbol *s = debugger_symbol(dbg, name);
            if (s) {
                term = (int64_t)s->value;
                if (mode == EXPR_WORD && s->attributes == 'P')
                    term /= 4;
                else if (mode == EXPR_PARCEL && s->attributes == 'W')
                    term *= 4;
            } else if (!strcasecmp(name, "P") && mode != EXPR_RAW) {
                term = sandbox_cpu(dbg)->p;
                if (mode == EXPR_WORD)
                    term /= 4;
            } else {
                say(error, size, "no symbol %s", name);
                return -1;
            }
        } else {
            say(error, size, "%s: not an address or number", text);
            return -1;
        }
        if (term > (INT64_C(1) << 62)) {
            say(error, size, "%s: too large", text);
            return -1;
        }
        total += sign * term;
        if (total > (INT64_C(1) << 62) || total < -(INT64_C(1) << 62)) {
            say(error, size, "%s: too large", text);
            return -1;
        }
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '+' || *p == '-') {
            sign = *p == '-' ? -1 : 1;
            p++;
            continue;
        }
        if (*p) {
            say(error, size, "%s: unexpected '%s'", text, p);
            return -1;
        }
        *result = total;
        return 0;
    }
}

int debugger_parse_address(const struct debugger *dbg, const char *text, bool parcel,
                           uint32_t *address, char *error, size_t size)
{
    int64_t v;
    if (evaluate(dbg, text, parcel ? EXPR_PARCEL : EXPR_WORD, &v, error, size))
        return -1;
    if (v < 0 || v > 0xFFFFFF) {
        say(error, size, "%s: address out of range", text);
        return -1;
    }
    *address = (uint32_t)v;
    return 0;
}

static bool looks_like_float(const char *s)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    bool digits = false, point = false, exponent = false;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            digits = true;
        } else if (*p == '.' && !point && !exponent) {
            point = true;
        } else if ((*p == 'e' || *p == 'E') && digits && !exponent) {
            exponent = true;
            if (p[1] == '+' || p[1] == '-')
                p++;
            if (!isdigit((unsigned char)p[1]))
                return false;
        } else {
            return false;
        }
    }
    return digits && (point || exponent);
}

int debugger_parse_value(const struct debugger *dbg, const char *text, uint64_t *value,
                         char *error, size_t size)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (n >= 2 && text[0] == '\'' && text[n - 1] == '\'') {
        if (n - 2 > 8) {
            say(error, size, "%.*s: more than 8 characters", (int)n, text);
            return -1;
        }
        uint64_t w = 0;
        for (size_t i = 0; i < 8; i++)
            w = (w << 8) | (i + 1 < n - 1 ? (unsigned char)text[i + 1] : 0);
        *value = w;
        return 0;
    }
    char copy[128];
    if (n == 0 || n >= sizeof copy) {
        say(error, size, "a value is wanted");
        return -1;
    }
    memcpy(copy, text, n);
    copy[n] = '\0';
    if (looks_like_float(copy)) {
        char *end;
        double d = strtod(copy, &end);
        if (*end) {
            say(error, size, "%s: not a floating-point number", copy);
            return -1;
        }
        *value = cray_float_from_double(d);
        return 0;
    }
    int64_t v;
    if (evaluate(dbg, copy, EXPR_RAW, &v, error, size))
        return -1;
    *value = (uint64_t)v;
    return 0;
}

/* A register name: 0 and *loc, or -1 if text is not one. */
static int register_name(const char *text, struct debugger_location *loc)
{
    char u[16];
    size_t n = strlen(text);
    if (n == 0 || n >= sizeof u)
        return -1;
    for (size_t i = 0; i <= n; i++)
        u[i] = (char)toupper((unsigned char)text[i]);
    memset(loc, 0, sizeof *loc);
    if (!strcmp(u, "VL")) {
        loc->place = PLACE_VL;
        return 0;
    }
    if (!strcmp(u, "VM")) {
        loc->place = PLACE_VM;
        return 0;
    }
    if (!strcmp(u, "P")) {
        loc->place = PLACE_P;
        return 0;
    }
    const char *digits = u + 1;
    size_t count = strspn(digits, "01234567");
    switch (u[0]) {
    case 'A':
    case 'S':
        if (count != 1 || digits[1])
            return -1;
        loc->place = u[0] == 'A' ? PLACE_A : PLACE_S;
        loc->index = (uint32_t)(digits[0] - '0');
        return 0;
    case 'B':
    case 'T':
        if (count < 1 || count > 2 || digits[count])
            return -1;
        loc->place = u[0] == 'B' ? PLACE_B : PLACE_T;
        loc->index = (uint32_t)strtoul(digits, NULL, 8);
        return 0;
    case 'V':
        if (count != 1)
            return -1;
        loc->place = PLACE_V;
        loc->index = (uint32_t)(digits[0] - '0');
        if (!digits[1]) {
            loc->whole = true;
            return 0;
        }
        if (digits[1] != '[')
            return -1;
        {
            const char *e = digits + 2;
            size_t k = strspn(e, "01234567");
            if (k < 1 || k > 2 || strcmp(e + k, "]"))
                return -1;
            loc->element = (uint32_t)strtoul(e, NULL, 8);
        }
        return 0;
    default:
        return -1;
    }
}

int debugger_parse_location(const struct debugger *dbg, const char *text, bool memory,
                            struct debugger_location *loc, char *error, size_t size)
{
    char copy[128];
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (n == 0 || n >= sizeof copy) {
        say(error, size, "a register, an address or a value is wanted");
        return -1;
    }
    memcpy(copy, text, n);
    copy[n] = '\0';
    if (register_name(copy, loc) == 0)
        return 0;
    memset(loc, 0, sizeof *loc);
    if (copy[0] == '[') {
        if (copy[n - 1] != ']') {
            say(error, size, "%s: ] missing", copy);
            return -1;
        }
        copy[n - 1] = '\0';
        loc->place = PLACE_MEMORY;
        return debugger_parse_address(dbg, copy + 1, false, &loc->index, error, size);
    }
    if (memory) {
        loc->place = PLACE_MEMORY;
        return debugger_parse_address(dbg, copy, false, &loc->index, error, size);
    }
    loc->place = PLACE_CONSTANT;
    return debugger_parse_value(dbg, copy, &loc->value, error, size);
}

unsigned debugger_width(const struct debugger *dbg, const struct debugger_location *loc)
{
    switch (loc->place) {
    case PLACE_A:
    case PLACE_B:
        return 24;
    case PLACE_VL:
        return 7;
    case PLACE_P:
        return dbg->loaded.machine.model == MODEL_CRAY1 ? 22 : 24;
    default:
        return 64;
    }
}

int debugger_read(const struct debugger *dbg, const struct debugger_location *loc,
                  uint64_t *value)
{
    const struct cpu *cpu = sandbox_cpu(dbg);
    switch (loc->place) {
    case PLACE_A: *value = cpu->a[loc->index & 7]; return 0;
    case PLACE_S: *value = cpu->s[loc->index & 7]; return 0;
    case PLACE_B: *value = cpu->b[loc->index & 077]; return 0;
    case PLACE_T: *value = cpu->t[loc->index & 077]; return 0;
    case PLACE_V: *value = cpu->v[loc->index & 7][loc->whole ? 0 : loc->element & 077]; return 0;
    case PLACE_VL: *value = cpu->vl; return 0;
    case PLACE_VM: *value = cpu->vm; return 0;
    case PLACE_P: *value = cpu->p; return 0;
    case PLACE_MEMORY: return debugger_word(dbg, loc->index, value);
    case PLACE_CONSTANT: *value = loc->value; return 0;
    default: return -1;
    }
}

static uint64_t mask_of(unsigned width)
{
    return width >= 64 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
}

/* Write without recording (edits, replays). */
static void store(struct debugger *dbg, const struct debugger_location *loc, uint64_t value)
{
    struct cpu *cpu = sandbox_cpu(dbg);
    value &= mask_of(debugger_width(dbg, loc));
    switch (loc->place) {
    case PLACE_A: cpu->a[loc->index & 7] = (uint32_t)value; break;
    case PLACE_S: cpu->s[loc->index & 7] = value; break;
    case PLACE_B: cpu->b[loc->index & 077] = (uint32_t)value; break;
    case PLACE_T: cpu->t[loc->index & 077] = value; break;
    case PLACE_V:
        if (loc->whole)
            for (int e = 0; e < 64; e++)
                cpu->v[loc->index & 7][e] = value;
        else
            cpu->v[loc->index & 7][loc->element & 077] = value;
        break;
    case PLACE_VL: cpu->vl = (uint32_t)value; break;
    case PLACE_VM: cpu->vm = value; break;
    case PLACE_P: cpu->p = (uint32_t)value; break;
    case PLACE_MEMORY: {
        uint64_t at = (uint64_t)cpu->base + loc->index;
        if (at < cpu->limit && at < cpu->memory->size) {
            cpu->memory->word[at] = value;
            cpu_invalidate_buffers(cpu);
        }
        break;
    }
    default: break;
    }
}

static void describe(const struct debugger *dbg, const struct debugger_location *loc, uint64_t value,
                     char *buf, size_t size)
{
    static const char *const names[] = {"A", "S", "B", "T", "V", "VL", "VM", "P"};
    value &= mask_of(debugger_width(dbg, loc));
    switch (loc->place) {
    case PLACE_A:
    case PLACE_S:
        snprintf(buf, size, "%s%" PRIu32 "=%" PRIo64, names[loc->place], loc->index, value);
        break;
    case PLACE_B:
    case PLACE_T:
        snprintf(buf, size, "%s%02" PRIo32 "=%" PRIo64, names[loc->place], loc->index, value);
        break;
    case PLACE_V:
        if (loc->whole)
            snprintf(buf, size, "V%" PRIu32 "=%" PRIo64, loc->index, value);
        else
            snprintf(buf, size, "V%" PRIu32 "[%02" PRIo32 "]=%" PRIo64, loc->index, loc->element,
                     value);
        break;
    case PLACE_MEMORY:
        snprintf(buf, size, "[%" PRIo32 "]=%" PRIo64, loc->index, value);
        break;
    default:
        snprintf(buf, size, "%s=%" PRIo64, names[loc->place < 8 ? loc->place : 0], value);
        break;
    }
}

/* ---- the history ------------------------------------------------------------------------ */

static void apply_pending_edits(struct debugger *dbg)
{
    while (dbg->edits_applied < dbg->edit_count &&
           dbg->edits[dbg->edits_applied].position <= dbg->position) {
        const struct edit *e = &dbg->edits[dbg->edits_applied++];
        store(dbg, &e->loc, e->value);
    }
}

/* Index of the last checkpoint at or before position, or -1. */
static long checkpoint_index(const struct debugger *dbg, uint64_t position)
{
    long lo = 0, hi = (long)dbg->checkpoint_count - 1, found = -1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        if (dbg->checkpoints[mid]->position <= position) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

/* The latest checkpoint at or before limit taken in epoch, or NULL. */
static const struct checkpoint *best_checkpoint(const struct debugger *dbg, uint64_t limit,
                                                uint64_t epoch)
{
    for (long i = checkpoint_index(dbg, limit); i >= 0; i--) {
        const struct checkpoint *c = dbg->checkpoints[i];
        if (c->epoch == epoch)
            return c;
        if (c->epoch < epoch)
            return NULL;
    }
    return NULL;
}

static void thin_checkpoints(struct debugger *dbg)
{
    size_t kept = 0;
    for (size_t i = 0; i < dbg->checkpoint_count; i++) {
        struct checkpoint *c = dbg->checkpoints[i];
        if (i == 0 || i % 2 == 0) {
            dbg->checkpoints[kept++] = c;
        } else {
            dbg->checkpoint_bytes -= sizeof *c + (size_t)c->words * sizeof(uint64_t);
            free(c->memory);
            free(c);
        }
    }
    dbg->checkpoint_count = kept;
    dbg->interval *= 2;
}

static void take_checkpoint(struct debugger *dbg, size_t at)
{
    struct checkpoint **array = grow_array(dbg->checkpoints, &dbg->checkpoint_capacity,
                                           dbg->checkpoint_count, sizeof *dbg->checkpoints);
    if (!array)
        return;
    dbg->checkpoints = array;
    struct checkpoint *c = malloc(sizeof *c);
    const struct cpu *cpu = sandbox_cpu(dbg);
    uint32_t words = dbg->high_water < cpu->memory->size ? dbg->high_water : cpu->memory->size;
    uint64_t *memory = malloc(sizeof(uint64_t) * (words ? words : 1));
    if (!c || !memory) {
        free(c);
        free(memory);
        return;
    }
    c->position = dbg->position;
    c->epoch = dbg->epoch;
    c->edits_applied = dbg->edits_applied;
    c->cpu = *cpu;
    memcpy(c->clusters, dbg->os->machine->clusters, sizeof c->clusters);
    c->words = words;
    c->memory = memory;
    memcpy(memory, cpu->memory->word, sizeof(uint64_t) * words);
    memmove(dbg->checkpoints + at + 1, dbg->checkpoints + at,
            sizeof *dbg->checkpoints * (dbg->checkpoint_count - at));
    dbg->checkpoints[at] = c;
    dbg->checkpoint_count++;
    dbg->checkpoint_bytes += sizeof *c + (size_t)words * sizeof(uint64_t);
    while (dbg->checkpoint_bytes > dbg->options.checkpoint_budget && dbg->checkpoint_count > 2)
        thin_checkpoints(dbg);
}

static void maybe_checkpoint(struct debugger *dbg)
{
    long i = checkpoint_index(dbg, dbg->position);
    uint64_t last = i >= 0 ? dbg->checkpoints[i]->position : 0;
    if (i >= 0 && last == dbg->position)
        return;
    uint64_t interval = dbg->interval > dbg->high_water ? dbg->interval : dbg->high_water;
    if (i < 0 || dbg->position - last >= interval)
        take_checkpoint(dbg, (size_t)(i + 1));
}

static void restore_checkpoint(struct debugger *dbg, const struct checkpoint *c)
{
    struct cpu *cpu = sandbox_cpu(dbg);
    struct memory *memory = cpu->memory;
    const struct isa_decoder *decoder = cpu->decoder;
    const struct timing_tables *tables = cpu->timing_tables;
    struct shared_cluster *clusters = cpu->clusters;
    *cpu = c->cpu;
    cpu->memory = memory;
    cpu->decoder = decoder;
    cpu->timing_tables = tables;
    cpu->clusters = clusters;
    cpu->trace = NULL;
    cpu->trace_context = NULL;
    memcpy(dbg->os->machine->clusters, c->clusters, sizeof c->clusters);
    uint32_t high = dbg->high_water < memory->size ? dbg->high_water : memory->size;
    memcpy(memory->word, c->memory, sizeof(uint64_t) * c->words);
    if (high > c->words)
        memset(memory->word + c->words, 0, sizeof(uint64_t) * (high - c->words));
    dbg->position = c->position;
    dbg->edits_applied = c->edits_applied;
    apply_pending_edits(dbg);
}

/* Forget the recorded history beyond the present position. */
static void forget_future(struct debugger *dbg)
{
    free_checkpoints_after(dbg, dbg->position);
    if (dbg->exchange_count > dbg->epoch)
        dbg->exchange_count = dbg->epoch;
    if (dbg->edit_count > dbg->edits_applied)
        dbg->edit_count = dbg->edits_applied;
}

/* One transition: an instruction, and the OS's service if it stopped for
 * an exchange.  1 if an exchange was served, 0 if not, -1 if the job is
 * no longer on its PC. */
static int advance(struct debugger *dbg)
{
    if (!debugger_running(dbg))
        return -1;
    struct cpu *cpu = sandbox_cpu(dbg);
    bool exchanged = cpu_step(cpu) == CPU_STOP_EXCHANGE;
    if (exchanged)
        job_exchange(dbg->os, dbg->job);
    dbg->position++;
    bool recorded = dbg->epoch < dbg->exchange_count &&
                    dbg->exchanges[dbg->epoch] == dbg->position;
    if (exchanged != recorded && dbg->epoch < dbg->exchange_count) {
        /* Not what happened before: the recorded future is wrong. */
        dbg->divergences++;
        dbg->position--;
        forget_future(dbg);
        dbg->position++;
    }
    if (exchanged) {
        if (dbg->epoch >= dbg->exchange_count) {
            uint64_t *bigger = grow_array(dbg->exchanges, &dbg->exchange_capacity,
                                          dbg->exchange_count, sizeof *dbg->exchanges);
            if (bigger) {
                dbg->exchanges = bigger;
                dbg->exchanges[dbg->exchange_count++] = dbg->position;
            }
        }
        dbg->epoch++;
        if (cpu->limit > dbg->high_water)
            dbg->high_water = cpu->limit;
    }
    apply_pending_edits(dbg);
    maybe_checkpoint(dbg);
    return exchanged;
}

/* Exchanges served at or before position. */
static uint64_t epoch_at(const struct debugger *dbg, uint64_t position)
{
    size_t lo = 0, hi = dbg->exchange_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (dbg->exchanges[mid] <= position)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool interrupted(const struct debugger *dbg)
{
    return dbg->options.interrupt && *dbg->options.interrupt;
}

/* Move to position target, silently.  0, or -1 (the sandbox could not be
 * rebuilt: message in error). */
static int go_to(struct debugger *dbg, uint64_t target, char *error, size_t size)
{
    if (target < dbg->position) {
        uint64_t wanted = epoch_at(dbg, target);
        if (wanted != dbg->epoch || !best_checkpoint(dbg, target, wanted)) {
            if (sandbox_build(dbg, error, size))
                return -1;
        }
        while (dbg->epoch < wanted && dbg->epoch < dbg->exchange_count) {
            uint64_t x = dbg->exchanges[dbg->epoch];
            const struct checkpoint *c = best_checkpoint(dbg, x - 1, dbg->epoch);
            if (c && c->position > dbg->position)
                restore_checkpoint(dbg, c);
            uint64_t epoch = dbg->epoch;
            while (dbg->epoch == epoch && dbg->position < x && advance(dbg) >= 0)
                ;
            if (dbg->epoch == epoch)
                break;   /* diverged or ended: go on forward from here */
        }
        const struct checkpoint *c = best_checkpoint(dbg, target, dbg->epoch);
        if (c && (c->position > dbg->position || dbg->position > target))
            restore_checkpoint(dbg, c);
        if (dbg->position > target) {
            /* Only a divergence leads here: start again from the load. */
            if (sandbox_build(dbg, error, size))
                return -1;
        }
    }
    while (dbg->position < target && advance(dbg) >= 0)
        ;
    dbg->log_mark = dbg->job->log.length;
    return 0;
}

/* ---- breakpoints and watchpoints ---------------------------------------------------------- */

static int64_t signed_of(uint64_t value, unsigned width)
{
    value &= mask_of(width);
    if (width < 64 && (value >> (width - 1)) & 1)
        value |= ~mask_of(width);
    return (int64_t)value;
}

bool debugger_condition_true(const struct debugger *dbg, const struct debugger_condition *cond)
{
    if (!cond || !cond->present)
        return true;
    uint64_t l, r = 0;
    if (debugger_read(dbg, &cond->left, &l) ||
        (cond->compare != CMP_NONZERO && debugger_read(dbg, &cond->right, &r)))
        return false;
    unsigned wl = debugger_width(dbg, &cond->left), wr = debugger_width(dbg, &cond->right);
    unsigned w = cond->compare == CMP_NONZERO ? wl : (wl < wr ? wl : wr);
    int64_t a = signed_of(l, w), b = signed_of(r, w);
    switch (cond->compare) {
    case CMP_NONZERO: return a != 0;
    case CMP_EQ: return a == b;
    case CMP_NE: return a != b;
    case CMP_LT: return a < b;
    case CMP_LE: return a <= b;
    case CMP_GT: return a > b;
    case CMP_GE: return a >= b;
    default: return false;
    }
}

int debugger_parse_condition(const struct debugger *dbg, const char *text,
                             struct debugger_condition *cond, char *error, size_t size)
{
    static const struct {
        const char *op;
        uint8_t compare;
    } ops[] = {{"==", CMP_EQ}, {"!=", CMP_NE}, {"<=", CMP_LE}, {">=", CMP_GE},
               {"<", CMP_LT},  {">", CMP_GT},  {"=", CMP_EQ}};
    memset(cond, 0, sizeof *cond);
    const char *at = NULL;
    size_t op_length = 0;
    int depth = 0;
    bool quoted = false;
    for (const char *p = text; *p && !at; p++) {
        if (*p == '\'') {
            /* O'17 and D'99 are numbers, not quotes */
            if (quoted || !(p > text && strchr("OoDdXx", p[-1]) &&
                            (p - 1 == text || !symbol_char((unsigned char)p[-2]))))
                quoted = !quoted;
            continue;
        }
        if (quoted)
            continue;
        if (*p == '[')
            depth++;
        else if (*p == ']')
            depth--;
        if (depth)
            continue;
        for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++) {
            size_t n = strlen(ops[o].op);
            if (!strncmp(p, ops[o].op, n)) {
                at = p;
                op_length = n;
                cond->compare = ops[o].compare;
                break;
            }
        }
    }
    char left[128];
    size_t n = at ? (size_t)(at - text) : strlen(text);
    if (n >= sizeof left) {
        say(error, size, "condition too long");
        return -1;
    }
    memcpy(left, text, n);
    left[n] = '\0';
    if (debugger_parse_location(dbg, left, true, &cond->left, error, size))
        return -1;
    if (at && debugger_parse_location(dbg, at + op_length, false, &cond->right, error, size))
        return -1;
    if (!at)
        cond->compare = CMP_NONZERO;
    cond->present = true;
    return 0;
}

static struct debugger_point *new_point(struct debugger *dbg, const char *text)
{
    if (dbg->point_count >= MAX_POINTS)
        return NULL;
    struct debugger_point *p = &dbg->points[dbg->point_count++];
    memset(p, 0, sizeof *p);
    p->number = dbg->next_point++;
    snprintf(p->text, sizeof p->text, "%s", text ? text : "");
    return p;
}

int debugger_add_break(struct debugger *dbg, uint32_t parcel,
                       const struct debugger_condition *cond, const char *text)
{
    struct debugger_point *p = new_point(dbg, text);
    if (!p)
        return -1;
    p->parcel = parcel;
    if (cond)
        p->condition = *cond;
    return p->number;
}

int debugger_add_watch(struct debugger *dbg, const struct debugger_location *loc,
                       const char *text)
{
    if (loc->place == PLACE_CONSTANT)
        return -1;
    struct debugger_point *p = new_point(dbg, text);
    if (!p)
        return -1;
    p->watch = true;
    p->location = *loc;
    debugger_read(dbg, loc, &p->value);
    return p->number;
}

int debugger_delete(struct debugger *dbg, int number)
{
    if (number == 0) {
        dbg->point_count = 0;
        return 0;
    }
    for (size_t i = 0; i < dbg->point_count; i++) {
        if (dbg->points[i].number == number) {
            memmove(&dbg->points[i], &dbg->points[i + 1],
                    sizeof dbg->points[0] * (dbg->point_count - i - 1));
            dbg->point_count--;
            return 0;
        }
    }
    return -1;
}

size_t debugger_point_count(const struct debugger *dbg) { return dbg->point_count; }
const struct debugger_point *debugger_point_at(const struct debugger *dbg, size_t i)
{
    return i < dbg->point_count ? &dbg->points[i] : NULL;
}

static void refresh_watches(struct debugger *dbg)
{
    for (size_t i = 0; i < dbg->point_count; i++)
        if (dbg->points[i].watch)
            debugger_read(dbg, &dbg->points[i].location, &dbg->points[i].value);
}

/* After a transition: the first watchpoint whose value changed (every
 * watchpoint's value updated), or NULL. */
static struct debugger_point *hit(struct debugger *dbg, uint64_t *old_value, uint64_t *new_value)
{
    struct debugger_point *found = NULL;
    for (size_t i = 0; i < dbg->point_count; i++) {
        struct debugger_point *p = &dbg->points[i];
        if (!p->watch)
            continue;
        uint64_t v = p->value;
        if (debugger_read(dbg, &p->location, &v) == 0 && v != p->value) {
            if (!found) {
                found = p;
                *old_value = p->value;
                *new_value = v;
            }
            p->value = v;
        }
    }
    return found;
}

static struct debugger_point *break_hit(struct debugger *dbg)
{
    if (!debugger_running(dbg))
        return NULL;
    uint32_t p = sandbox_cpu(dbg)->p;
    for (size_t i = 0; i < dbg->point_count; i++) {
        struct debugger_point *b = &dbg->points[i];
        if (!b->watch && b->parcel == p && debugger_condition_true(dbg, &b->condition))
            return b;
    }
    return NULL;
}

/* ---- running ---------------------------------------------------------------------------- */

int debugger_run(struct debugger *dbg, const struct debugger_run *run,
                 struct debugger_stop *stop)
{
    memset(stop, 0, sizeof *stop);
    if (!debugger_running(dbg)) {
        stop->reason = STOP_NOT_RUNNING;
        return 0;
    }
    refresh_watches(dbg);
    const struct cpu *cpu = sandbox_cpu(dbg);
    uint64_t start_clock = cpu->clock;
    for (;;) {
        if (stop->steps >= run->steps) {
            stop->reason = STOP_DONE;
            break;
        }
        if (interrupted(dbg)) {
            stop->reason = STOP_INTERRUPTED;
            break;
        }
        if (advance(dbg) < 0 || !debugger_running(dbg)) {
            stop->steps++;
            stop->reason = STOP_ENDED;
            break;
        }
        stop->steps++;
        if (run->points) {
            struct debugger_point *p = hit(dbg, &stop->old_value, &stop->new_value);
            if (!p)
                p = break_hit(dbg);
            if (p) {
                p->hits++;
                stop->reason = p->watch ? STOP_WATCH : STOP_BREAK;
                stop->point = p->number;
                break;
            }
        }
        if (run->until != DEBUGGER_NO_ADDRESS && cpu->p == run->until) {
            stop->reason = STOP_ARRIVED;
            break;
        }
        if (run->clocks && cpu->clock - start_clock >= run->clocks) {
            stop->reason = STOP_CLOCKS;
            break;
        }
    }
    return 0;
}

int debugger_goto(struct debugger *dbg, uint64_t n, struct debugger_stop *stop)
{
    memset(stop, 0, sizeof *stop);
    uint64_t from = dbg->position;
    if (go_to(dbg, n, stop->message, sizeof stop->message)) {
        stop->reason = STOP_FAILED;
        return 0;
    }
    stop->steps = from > dbg->position ? from - dbg->position : dbg->position - from;
    stop->reason = dbg->position < n ? STOP_ENDED : STOP_DONE;
    refresh_watches(dbg);
    return 0;
}

int debugger_back(struct debugger *dbg, uint64_t n, struct debugger_stop *stop)
{
    uint64_t target = n < dbg->position ? dbg->position - n : 0;
    debugger_goto(dbg, target, stop);
    if (stop->reason == STOP_DONE && n > stop->steps)
        stop->reason = STOP_START;
    return 0;
}

int debugger_reverse_go(struct debugger *dbg, struct debugger_stop *stop)
{
    memset(stop, 0, sizeof *stop);
    uint64_t start = dbg->position;
    if (start == 0) {
        stop->reason = STOP_START;
        return 0;
    }
    uint64_t hi = start - 1;   /* positions [0, hi] are looked at */
    for (;;) {
        long i = hi > 0 ? checkpoint_index(dbg, hi - 1) : -1;
        uint64_t lo = i >= 0 ? dbg->checkpoints[i]->position : 0;
        if (go_to(dbg, lo, stop->message, sizeof stop->message)) {
            stop->reason = STOP_FAILED;
            return 0;
        }
        int64_t found = -1;
        int point = 0;
        uint64_t old_value = 0, new_value = 0;
        if (lo == 0) {
            struct debugger_point *b = break_hit(dbg);
            if (b) {
                found = 0;
                point = b->number;
            }
        }
        refresh_watches(dbg);
        while (dbg->position < hi) {
            if (interrupted(dbg)) {
                stop->reason = STOP_INTERRUPTED;
                stop->steps = start - dbg->position;
                dbg->log_mark = dbg->job->log.length;
                return 0;
            }
            if (advance(dbg) < 0)
                break;
            uint64_t o, n;
            struct debugger_point *p = hit(dbg, &o, &n);
            if (p) {
                found = (int64_t)dbg->position;
                point = p->number;
                old_value = o;
                new_value = n;
                stop->reason = STOP_WATCH;
            }
            struct debugger_point *b = break_hit(dbg);
            if (b) {
                found = (int64_t)dbg->position;
                point = b->number;
                stop->reason = STOP_BREAK;
            }
        }
        if (found >= 0) {
            if (found == 0 && lo == 0 && stop->reason == STOP_NONE)
                stop->reason = STOP_BREAK;
            int reason = stop->reason;
            if (go_to(dbg, (uint64_t)found, stop->message, sizeof stop->message)) {
                stop->reason = STOP_FAILED;
                return 0;
            }
            stop->reason = reason;
            stop->point = point;
            stop->old_value = old_value;
            stop->new_value = new_value;
            stop->steps = start - dbg->position;
            refresh_watches(dbg);
            return 0;
        }
        if (lo == 0) {
            if (go_to(dbg, 0, stop->message, sizeof stop->message)) {
                stop->reason = STOP_FAILED;
                return 0;
            }
            stop->reason = STOP_START;
            stop->steps = start;
            refresh_watches(dbg);
            return 0;
        }
        hi = lo;
        stop->reason = STOP_NONE;
    }
}

/* ---- edits ------------------------------------------------------------------------------ */

int debugger_write(struct debugger *dbg, const struct debugger_location *loc, uint64_t value,
                   char *error, size_t size)
{
    if (!debugger_running(dbg)) {
        say(error, size, "the job has ended: go back (back, rgo) to change its state");
        return -1;
    }
    if (loc->place == PLACE_CONSTANT) {
        say(error, size, "a register or a memory word is wanted");
        return -1;
    }
    uint64_t old;
    if (debugger_read(dbg, loc, &old)) {
        say(error, size, "address %" PRIo32 " is outside the field of %" PRIo32 " words", loc->index,
            debugger_field_words(dbg));
        return -1;
    }
    forget_future(dbg);
    struct edit *bigger = grow_array(dbg->edits, &dbg->edit_capacity, dbg->edit_count,
                                     sizeof *dbg->edits);
    if (!bigger) {
        say(error, size, "out of memory");
        return -1;
    }
    dbg->edits = bigger;
    struct edit *e = &dbg->edits[dbg->edit_count++];
    e->position = dbg->position;
    e->loc = *loc;
    e->value = value;
    describe(dbg, loc, value, e->text, sizeof e->text);
    store(dbg, loc, value);
    dbg->edits_applied = dbg->edit_count;
    return 0;
}

size_t debugger_edit_count(const struct debugger *dbg) { return dbg->edit_count; }

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
        say(error, size, "the job has ended: there is no state to drop (back or rgo first)");
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
        say(error, size, "out of memory");
    } else if (dropfile_write_file(path, &df, &report)) {
        say(error, size, "%s: %s", path, report.message);
        status = -1;
    }
    dropfile_free(&df);
    return status ? -1 : 0;
}
