/*
 * job_datasets.c - a job's datasets (see job_datasets.h): the dataset
 * control statements, the record I/O system requests, and the job's
 * datasets in and out of dropfiles, over the dataset layer (os/datasets/dataset.c)
 * and the site's permanent dataset store (os/datasets/pds.c).
 *
 * Handles: a program names an open dataset by a small number; $IN is 1 and
 * $OUT is 2, open for the whole job; F$OPN gives the others.  A dataset's
 * handle is kept in its flags (bits 8-15), so that it survives a drop.
 *
 * Uses job.c (the job log), field_text.c (names and buffers in the field),
 * os/datasets/ and os/dropfile/.
 */
#include "job_datasets.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/datasets/dataset.h"
#include "os/datasets/pds.h"
#include "os/dropfile/dropfile.h"
#include "field_text.h"
#include "job.h"

#define HANDLE_SHIFT 8
#define HANDLE_MASK (0xFFu << HANDLE_SHIFT)
#define MAX_HANDLES JOB_MAX_HANDLES
#define RECORD_MAX_BYTES (1u << 20)   /* what a program may read or write at once */

struct job_datasets {
    struct dataset_table table;
};

static struct dataset_table *table_of(const struct job *job)
{
    return &((struct job_datasets *)job->datasets)->table;
}

unsigned job_dataset_handle(const struct dataset *ds) { return (ds->flags & HANDLE_MASK) >> HANDLE_SHIFT; }
static unsigned handle_of(const struct dataset *ds) { return job_dataset_handle(ds); }

struct dataset *job_dataset_by_handle(const struct job *job, uint64_t handle)
{
    if (handle == 0 || handle >= MAX_HANDLES)
        return NULL;
    const struct dataset_table *t = table_of(job);
    for (size_t i = 0; i < dataset_table_count(t); i++) {
        struct dataset *ds = dataset_table_at(t, i);
        if (handle_of(ds) == handle && ds->mode)
            return ds;
    }
    return NULL;
}

static unsigned free_handle(const struct job *job)
{
    for (unsigned h = 3; h < MAX_HANDLES; h++)
        if (!job_dataset_by_handle(job, h))
            return h;
    return 0;
}

struct dataset *job_dataset_find(const struct job *job, const char *name)
{
    return job->datasets ? dataset_table_find(table_of(job), name) : NULL;
}

int job_dataset_open(struct job *job, const char *name, unsigned mode, struct dataset **opened)
{
    struct dataset_error e;
    *opened = NULL;
    if (!mode || (mode & ~DATASET_MODE_MASK) || dataset_check_name(name, &e))
        return -2;
    struct dataset *ds = job_dataset_find(job, name);
    if (!ds && (mode & DATASET_WRITE))
        ds = dataset_table_create(table_of(job), name, dataset_kind_for_name(name), &e);
    if (!ds)
        return -1;
    if ((mode & DATASET_WRITE) && ds->permanent.read_only)
        return -3;
    /* Open already: $IN stays read and $OUT written; another dataset gains
     * the direction asked for and keeps the one it had. */
    if (ds->mode && (ds->kind == DATASET_INPUT || ds->kind == DATASET_OUTPUT) &&
        (mode & ~ds->mode))
        return -3;
    unsigned handle = handle_of(ds);
    if (!handle || !ds->mode)
        handle = free_handle(job);
    if (!handle || dataset_open(ds, mode | ds->mode, &e))
        return -3;
    ds->flags = (ds->flags & ~HANDLE_MASK) | (handle << HANDLE_SHIFT);
    *opened = ds;
    return 0;
}

int job_dataset_release(struct job *job, const char *name, struct dataset_error *error)
{
    return dataset_table_release(table_of(job), name, error);
}

uint64_t job_output_records(const struct job *job)
{
    const struct dataset *out = job_dataset_find(job, "$OUT");
    return out ? out->io.records_written : 0;
}

static struct dataset *find_or_create(struct job *job, const char *name, struct dataset_error *e)
{
    struct dataset *ds = job_dataset_find(job, name);
    if (ds)
        return ds;
    return dataset_table_create(table_of(job), name, dataset_kind_for_name(name), e);
}

int job_datasets_create(struct os *os, struct job *job)
{
    (void)os;
    struct job_datasets *d = calloc(1, sizeof *d);
    if (!d)
        return -1;
    dataset_table_init(&d->table);
    job->datasets = (struct dataset_table *)d;
    struct dataset_error e;
    struct dataset *in = dataset_table_create(&d->table, "$IN", DATASET_INPUT, &e);
    struct dataset *out = dataset_table_create(&d->table, "$OUT", DATASET_OUTPUT, &e);
    struct dataset *cs = dataset_table_create(&d->table, "$CS", DATASET_CONTROL, &e);
    if (!in || !out || !cs)
        return -1;
    for (int f = 0; f < job->deck.file_count; f++)
        if (dataset_write_lines(in, job->deck.files[f].lines, job->deck.files[f].count, &e))
            return -1;
    for (int s = 0; s < job->deck.statement_count; s++) {
        const char *text = job->deck.statements[s].text;
        if (dataset_write_record(cs, text, strlen(text), &e))
            return -1;
    }
    dataset_write_end_of_file(cs, &e);
    dataset_rewind(in);
    dataset_rewind(cs);
    if (dataset_open(in, DATASET_READ, &e) || dataset_open(out, DATASET_WRITE, &e))
        return -1;
    in->flags |= 1u << HANDLE_SHIFT;
    out->flags |= 2u << HANDLE_SHIFT;
    return 0;
}

void job_datasets_free(struct job *job)
{
    if (!job->datasets)
        return;
    struct job_datasets *d = (struct job_datasets *)job->datasets;
    dataset_table_free(&d->table);
    free(d);
    job->datasets = NULL;
}

int job_has_dataset(const struct job *job, const char *dn) { return job_dataset_find(job, dn) != NULL; }

/* ---- CAL and the loader ---------------------------------------------------------------- */

int job_source_text(struct job *job, const char *dn, char **text, size_t *length, char *error,
                    size_t size)
{
    struct dataset_error e;
    if (dn) {
        struct dataset *ds = job_dataset_find(job, dn);
        if (!ds) {
            snprintf(error, size, "CS032 - DATASET %s NOT LOCAL", dn);
            return -1;
        }
        if (dataset_to_text(ds, 0, text, length, &e)) {
            snprintf(error, size, "CS033 - DATASET %s: %s", dn, e.message);
            return -1;
        }
        return 0;
    }
    /* The next file of $IN. */
    struct dataset *in = job_dataset_find(job, "$IN");
    struct text source = {0};
    char *buffer = malloc(RECORD_MAX_BYTES);
    if (!in || !buffer) {
        free(buffer);
        snprintf(error, size, "CS034 - NO $IN");
        return -1;
    }
    int records = 0, status;
    struct dataset_transfer t;
    while ((status = dataset_read_record(in, buffer, RECORD_MAX_BYTES, &t, &e)) == DATASET_RECORD) {
        text_append(&source, buffer, t.stored);
        text_append(&source, "\n", 1);
        records++;
    }
    free(buffer);
    if (status == DATASET_END_OF_DATA && records == 0) {
        text_free(&source);
        snprintf(error, size, "CS035 - NO MORE FILES ON $IN");
        return -1;
    }
    *text = source.data ? source.data : strdup("");
    *length = source.length;
    job->io_words += (source.length + 7) / 8;
    return 0;
}

int job_in_deck_line(struct job *job)
{
    struct dataset *in = job_dataset_find(job, "$IN");
    if (!in || in->position.record || in->position.byte)
        return 0;
    uint64_t f = in->position.file;
    return f < (uint64_t)job->deck.file_count ? job->deck.files[f].first_line : 0;
}

int job_store_binary(struct job *job, const char *dn, const uint8_t *bytes, size_t length)
{
    struct dataset_error e;
    struct dataset *ds = find_or_create(job, dn, &e);
    if (!ds)
        return -1;
    dataset_clear(ds);
    if (dataset_write_record(ds, bytes, length, &e) || dataset_write_end_of_file(ds, &e))
        return -1;
    dataset_rewind(ds);
    return 0;
}

int job_load_binary(struct job *job, const char *dn, uint8_t **bytes, size_t *length, char *error,
                    size_t size)
{
    struct dataset *ds = job_dataset_find(job, dn);
    if (!ds) {
        snprintf(error, size, "CS032 - DATASET %s NOT LOCAL", dn);
        return -1;
    }
    if (ds->file_count == 0 || ds->files[0].count == 0) {
        snprintf(error, size, "LD001 - DATASET %s IS EMPTY", dn);
        return -1;
    }
    const struct dataset_record *r = &ds->files[0].records[0];
    *bytes = malloc(r->length ? r->length : 1);
    if (!*bytes) {
        snprintf(error, size, "LD002 - OUT OF MEMORY FOR DATASET %s", dn);
        return -1;
    }
    memcpy(*bytes, r->bytes, r->length);
    *length = r->length;
    return 0;
}

int job_output_text(const struct job *job, struct text *out)
{
    struct dataset *ds = job_dataset_find(job, "$OUT");
    if (!ds)
        return -1;
    char *text;
    size_t length;
    struct dataset_error e;
    if (dataset_to_text(ds, 0, &text, &length, &e))
        return -1;
    text_append(out, text, length);
    free(text);
    return 0;
}

/* ---- bounds and costs -------------------------------------------------------------------- */

uint64_t job_output_bound(const struct os *os, const struct job *job)
{
    if (job->class_index >= 0 && job->class_index < os->class_count &&
        os->classes[job->class_index].max_output)
        return os->classes[job->class_index].max_output;
    return OS_OUTPUT_DEFAULT;
}

uint64_t job_log_bound(const struct os *os, const struct job *job)
{
    if (job->class_index >= 0 && job->class_index < os->class_count &&
        os->classes[job->class_index].max_log)
        return os->classes[job->class_index].max_log;
    return OS_LOG_DEFAULT;
}

int job_output_bound_reached(const struct os *os, const struct job *job, char *error, size_t size)
{
    snprintf(error, size, "OL001 - OUTPUT LIMIT OF %" PRIu64 " BYTES (CLASS %s) REACHED: %" PRIu64
             " BYTES WRITTEN", job_output_bound(os, job), job->class_name, job->output_bytes);
    return JOB_OUTPUT_BOUND_REACHED;
}

/* Record I/O costs the job clocks in proportion to the words it moves. */
void job_charge_io(struct os *os, struct job *job, uint64_t bytes)
{
    uint64_t words = (bytes + 7) / 8;
    job_charge(os, job, words * OS_IO_CLOCKS_PER_WORD);
}

/* ---- control statements ----------------------------------------------------------------- */

static int failed(char *error, size_t size, const char *code, const char *message)
{
    snprintf(error, size, "%s - %s", code, message);
    return -1;
}

static long count_value(const struct deck_statement *st, const char *key, long fallback)
{
    const char *v = deck_value(st, key, NULL);
    return v ? strtol(v, NULL, 10) : fallback;
}

/* Every value of DN= (RELEASE,DN=A:B). */
static const struct deck_parameter *parameter(const struct deck_statement *st, const char *key)
{
    for (int i = 0; i < st->parameter_count; i++)
        if (!strcmp(st->parameters[i].keyword, key))
            return &st->parameters[i];
    return NULL;
}

static int access_statement(struct os *os, struct job *job, const struct deck_statement *st,
                            char *error, size_t size)
{
    const char *dn = deck_value(st, "DN", NULL);
    const char *pdn = deck_value(st, "PDN", NULL);
    const char *id = deck_value(st, "ID", NULL);
    const char *owner = deck_value(st, "OWN", NULL);
    int unique = 0;
    deck_value(st, "UQ", &unique);
    if (!dn)
        return failed(error, size, "PD001", "ACCESS NEEDS DN=");
    struct dataset_error e;
    struct pds pds;
    if (pds_open(&pds, os->site.root, &e))
        return failed(error, size, "PD002", e.message);
    if (job_dataset_find(job, dn))
        dataset_table_release(table_of(job), dn, &e);
    struct dataset *ds = dataset_table_create(table_of(job), dn, DATASET_PERMANENT, &e);
    int status = ds ? pds_load(&pds, job->user, owner, pdn ? pdn : dn, id, ds, &e) : -1;
    pds_close(&pds);
    if (status) {
        if (ds)
            dataset_table_release(table_of(job), dn, &(struct dataset_error){{0}});
        return failed(error, size, "PD002", e.message);
    }
    ds->permanent.unique = unique;
    job_charge_io(os, job, ds->permanent.size);   /* as record I/O: a LOOP of it is bounded */
    job_log(os, job, "PDM", "PD000 - %s ACCESSED AS %s (OWNER %s)", ds->permanent.name, dn,
            ds->permanent.owner);
    return 1;
}

static int save_statement(struct os *os, struct job *job, const struct deck_statement *st,
                          char *error, size_t size)
{
    const char *dn = deck_value(st, "DN", NULL);
    const char *pdn = deck_value(st, "PDN", NULL);
    const char *id = deck_value(st, "ID", NULL);
    const char *pam = deck_value(st, "PAM", NULL);
    struct dataset *ds = dn ? job_dataset_find(job, dn) : NULL;
    if (!ds)
        return failed(error, size, "CS032", "SAVE: DN= IS NOT A LOCAL DATASET");
    struct dataset_error e;
    struct pds pds;
    if (pds_open(&pds, os->site.root, &e))
        return failed(error, size, "PD004", e.message);
    pds.disk = &os->site.disk;
    int status = pds_save(&pds, job->user, pdn ? pdn : dn, id,
                          pam && strchr(pam, 'R') ? PDS_PUBLIC_READ : 0, ds, &e);
    pds_close(&pds);
    if (status)
        return failed(error, size, "PD005", e.message);
    os->pds_changes++;   /* a job held by WAIT= looks again */
    job_charge_io(os, job, ds->permanent.size);
    job_log(os, job, "PDM", "PD000 - %s SAVED AS %s (OWNER %s)", dn, pdn ? pdn : dn, job->user);
    return 1;
}

static int copy_statement(struct os *os, struct job *job, const struct deck_statement *st,
                          char *error, size_t size)
{
    const char *in = deck_value(st, "I", NULL), *out = deck_value(st, "O", NULL);
    struct dataset_error e;
    struct dataset *from = job_dataset_find(job, in ? in : "$IN");
    struct dataset *to = find_or_create(job, out ? out : "$OUT", &e);
    if (!from || !to)
        return failed(error, size, "CS032", "COPY: INPUT OR OUTPUT DATASET NOT LOCAL");
    struct dataset_copy_counts counts = {0, 0};
    uint64_t before = dataset_total_bytes(to);
    int status;
    if (!strcmp(st->verb, "COPYR"))
        status = dataset_copy_records(from, to, (uint64_t)count_value(st, "NR", 1), &counts, &e);
    else if (!strcmp(st->verb, "COPYF"))
        status = dataset_copy_files(from, to, (uint64_t)count_value(st, "NF", 1), &counts, &e);
    else
        status = dataset_copy_data(from, to, &counts, &e);
    uint64_t after = dataset_total_bytes(to), moved = after > before ? after - before : 0;
    job->output_bytes += moved;
    job->io_words += (moved + 7) / 8;
    job_charge_io(os, job, 2 * moved);   /* read and written */
    if (status)
        return failed(error, size, "CS036", e.message);
    job_log(os, job, "CSP", "%" PRIu64 " RECORDS, %" PRIu64 " FILES COPIED", counts.records,
            counts.files);
    if (job->output_bytes > job_output_bound(os, job))
        return -job_output_bound_reached(os, job, error, size);
    return 1;
}

int job_dataset_statement(struct os *os, struct job *job, const struct deck_statement *st,
                          char *error, size_t size)
{
    const char *verb = st->verb;
    struct dataset_error e;
    if (!strcmp(verb, "ACCESS"))
        return access_statement(os, job, st, error, size);
    if (!strcmp(verb, "SAVE"))
        return save_statement(os, job, st, error, size);
    if (!strcmp(verb, "DELETE")) {
        const char *pdn = deck_value(st, "PDN", NULL);
        if (!pdn)
            return failed(error, size, "PD001", "DELETE NEEDS PDN=");
        struct pds pds;
        if (pds_open(&pds, os->site.root, &e))
            return failed(error, size, "PD006", e.message);
        pds.disk = &os->site.disk;
        int status = pds_delete(&pds, job->user, NULL, pdn, deck_value(st, "ID", NULL), &e);
        pds_close(&pds);
        if (status)
            return failed(error, size, "PD006", e.message);
        job_log(os, job, "PDM", "PD000 - %s DELETED", pdn);
        return 1;
    }
    if (!strcmp(verb, "RELEASE") || !strcmp(verb, "REWIND")) {
        const struct deck_parameter *p = parameter(st, "DN");
        if (!p || p->value_count == 0)
            return failed(error, size, "CS037", "DN= MISSING");
        for (int v = 0; v < p->value_count; v++) {
            struct dataset *ds = job_dataset_find(job, p->values[v]);
            if (!ds) {
                snprintf(error, size, "CS032 - DATASET %s NOT LOCAL", p->values[v]);
                return -1;
            }
            if (!strcmp(verb, "REWIND"))
                dataset_rewind(ds);
            else if (dataset_table_release(table_of(job), p->values[v], &e))
                return failed(error, size, "CS038", e.message);
        }
        return 1;
    }
    if (!strcmp(verb, "ASSIGN")) {
        const char *dn = deck_value(st, "DN", NULL);
        if (!dn)
            return failed(error, size, "CS037", "DN= MISSING");
        if (!find_or_create(job, dn, &e))
            return failed(error, size, "CS039", e.message);
        return 1;
    }
    if (!strcmp(verb, "COPYF") || !strcmp(verb, "COPYR") || !strcmp(verb, "COPYD"))
        return copy_statement(os, job, st, error, size);
    if (!strcmp(verb, "SKIPF") || !strcmp(verb, "SKIPR")) {
        const char *dn = deck_value(st, "DN", NULL);
        struct dataset *ds = job_dataset_find(job, dn ? dn : "$IN");
        if (!ds)
            return failed(error, size, "CS032", "SKIP: DATASET NOT LOCAL");
        int64_t skipped;
        int status = !strcmp(verb, "SKIPF")
                         ? dataset_skip_files(ds, count_value(st, "NF", 1), &skipped, &e)
                         : dataset_skip_records(ds, count_value(st, "NR", 1), &skipped, &e);
        return status ? failed(error, size, "CS040", e.message) : 1;
    }
    return 0;
}

/* ---- dropfiles ----------------------------------------------------------------------------- */

int job_datasets_to_dropfile(const struct job *job, struct dropfile *df)
{
    const struct dataset_table *t = table_of(job);
    for (size_t i = 0; i < dataset_table_count(t); i++) {
        const struct dataset *ds = dataset_table_at(t, i);
        struct dropfile_dataset *out = dropfile_add_dataset(df, ds->name);
        if (!out)
            return -1;
        out->kind = ds->kind;
        out->mode = ds->mode;
        out->flags = ds->flags;
        out->file = ds->position.file;
        out->record = ds->position.record;
        out->word = ds->position.byte;   /* C-1 keeps the byte offset in the record here */
        if (ds->permanent.present && ds->kind == DATASET_PERMANENT) {
            out->permanent = true;
            if (dropfile_set_string(&out->owner, ds->permanent.owner) ||
                dropfile_set_string(&out->permanent_name, ds->permanent.name) ||
                dropfile_set_string(&out->permanent_id, ds->permanent.id))
                return -1;
            out->content_hash = ds->permanent.hash;
            out->content_size = ds->permanent.size;
            continue;   /* its contents come back from the store */
        }
        uint8_t *bytes;
        size_t size;
        struct dataset_error e;
        if (dataset_serialize(ds, &bytes, &size, &e))
            return -1;
        int status = dropfile_set_contents(out, bytes, size);
        free(bytes);
        if (status)
            return -1;
    }
    return 0;
}

int job_datasets_from_dropfile(struct os *os, struct job *job, const struct dropfile *df)
{
    struct job_datasets *d = calloc(1, sizeof *d);
    if (!d)
        return -1;
    dataset_table_init(&d->table);
    job->datasets = (struct dataset_table *)d;
    for (size_t i = 0; i < df->dataset_count; i++) {
        const struct dropfile_dataset *in = &df->datasets[i];
        struct dataset_error e;
        struct dataset *ds = dataset_table_create(&d->table, in->name, in->kind, &e);
        if (!ds)
            return -1;
        if (in->permanent) {
            /* Read as the job's user now, with the store's access rules
             * (a hand-over to another user carries only what it may read;
             * restart_check.c refused it before with "no permission"). */
            struct pds pds;
            if (pds_open(&pds, os->site.root, &e))
                return -1;
            int status = pds_load(&pds, job->user, in->owner, in->permanent_name,
                                  in->permanent_id, ds, &e);
            pds_close(&pds);
            if (status)
                return -1;
            ds->permanent.read_only = strcmp(in->owner, job->user) != 0;
        } else if (in->has_contents && dataset_parse(ds, in->contents, in->contents_size, &e)) {
            return -1;
        }
        if (in->mode && dataset_open(ds, in->mode, &e))
            return -1;
        ds->flags = in->flags;
        struct dataset_position position = {in->file, in->record, in->word};
        if (dataset_seek(ds, position, &e))
            return -1;
    }
    return 0;
}

int job_permanent_hash(void *context, const char *owner, const char *name, const char *id,
                       uint64_t *hash)
{
    struct os *os = context;
    struct pds pds;
    struct dataset_error e;
    if (pds_open(&pds, os->site.root, &e))
        return -1;
    int status = pds_lookup_hash(&pds, owner, name, id, hash);
    pds_close(&pds);
    return status;
}
