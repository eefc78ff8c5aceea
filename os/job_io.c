/*
 * job_io.c - a job's dataset I/O requests (see job_io.h): COS's Open
 * Dataset Name and Dataset Parameter Table forms (F$OPN, F$CLS, F$RLS,
 * F$RCL, F$BIO: dsp.c does the transfer) and C-1's handle forms (F$OPN,
 * F$CLS and the record requests C$RDR to C$SKR).  Every word a program
 * passes is checked against its field; a request the dataset refuses is a
 * status for the program, one that leaves the field aborts the step.
 *
 * Uses job.c (the log, charges), job_datasets.c (the job's datasets and
 * their handles), field_text.c, dsp.c, jcb.h and os/datasets/.
 */
#include "job_io.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsp.h"
#include "field_text.h"
#include "jcb.h"
#include "job.h"
#include "job_datasets.h"

#define RECORD_MAX_BYTES (1u << 20)   /* what a C$RDR or C$WRR moves at once */

enum {
    F_OPN = 010, F_RCL = 005, F_CLS = 013, F_RLS = 020, F_BIO = 034,
    C_RDR = 0200, C_WRR = 0201, C_WEF = 0202, C_REW = 0203, C_SKR = 0204,
};

/* COS's open statuses in S0 (0: opened). */
enum { OPEN_NO_DATASET = -1, OPEN_BAD = -2, OPEN_REFUSED = -3, OPEN_NO_ROOM = -4 };

static void set_status(struct cpu *cpu, int status) { cpu->s[0] = (uint64_t)(int64_t)status; }

/* A dataset the program may write: open for output, not read-only. */
static bool writable(const struct dataset *ds)
{
    return (ds->mode & DATASET_WRITE) && !ds->permanent.read_only;
}

/* count words of the field at address into w.  0, or -1 outside. */
static int field_words(const struct cpu *cpu, uint64_t address, uint64_t *w, unsigned count)
{
    if (!field_contains(cpu, address, count))
        return -1;
    memcpy(w, cpu->memory->word + cpu->base + address, count * sizeof *w);
    return 0;
}

/* An ODN's word 0: 1-8 characters, left-justified, zero-filled. */
static int odn_name(uint64_t word, char name[9])
{
    int n = 0;
    for (; n < 8; n++) {
        char c = (char)(word >> (56 - 8 * n));
        if (!c)
            break;
        name[n] = c;
    }
    name[n] = '\0';
    for (int i = n; i < 8; i++)
        if ((word >> (56 - 8 * i)) & 0xFF)
            return -1;   /* a character after the zero fill */
    return dataset_check_name(name, NULL);
}

/* The DSP an ODN's word 1 names (ODDSP, bits 40-63): a field address, or,
 * negative, an offset below JCDSP (the top of the field, as the JCB says). */
static uint64_t odn_dsp_address(const struct job *job, uint64_t word1)
{
    uint64_t v = word1 & DSP_ADDRESS_MASK;
    if (v & 0x800000u)
        return (uint64_t)job->field_length - (0x1000000u - v);   /* huge if below 0 */
    return v;
}

/* ---- COS's forms ---------------------------------------------------------------------------- */

/* Would a DSP at address overlap another open DSP (one starting less
 * than DSP_WORDS words away, its tag word DSP_TAG_WORD after its start),
 * of another dataset or of this one elsewhere?  A MEMORY between two
 * OPENs moves the top the OS places DSPs under; a user-managed DSP may be
 * anywhere. */
static bool overlaps_open_dsp(const struct job *job, const struct cpu *cpu, uint64_t address,
                              unsigned handle)
{
    uint64_t from = address + DSP_TAG_WORD >= DSP_WORDS - 1
                        ? address + DSP_TAG_WORD - (DSP_WORDS - 1) : 0;
    for (uint64_t at = from; at < address + DSP_TAG_WORD + DSP_WORDS; at++) {
        uint64_t w;
        if (at < DSP_TAG_WORD || field_words(cpu, at, &w, 1))
            continue;
        uint64_t dsp[DSP_WORDS];
        if (dsp_fetch(cpu, at - DSP_TAG_WORD, dsp))
            continue;
        unsigned other = dsp_handle(dsp);
        bool same_dsp = other == handle && at - DSP_TAG_WORD == address;
        if (other && !same_dsp && job_dataset_by_handle(job, other))
            return true;
    }
    return false;
}

/* F$OPN: S1 = the ODN's address, the direction in bits 0-1 (2 input, 1
 * output, 3 both).  The DSP is the user's (ODN open type 1, at ODDSP) or
 * the OS's, DSP_WORDS words a handle below the top of the field. */
static int cos_open(struct job *job, struct cpu *cpu, char *error, size_t size)
{
    uint64_t odn = cpu->s[1] & ~(3ull << 62);
    unsigned direction = (unsigned)(cpu->s[1] >> 62);
    unsigned mode = ((direction & 2u) ? DATASET_READ : 0u) | ((direction & 1u) ? DATASET_WRITE : 0u);
    uint64_t w[2];
    if (field_words(cpu, odn, w, 2)) {
        snprintf(error, size, "F$OPN ODN OUTSIDE THE FIELD");
        return -1;
    }
    char name[9];
    unsigned type = (unsigned)(w[1] >> 24) & 017u;
    if (odn_name(w[0], name) || type > 4) {
        set_status(cpu, OPEN_BAD);
        return 0;
    }
    bool user_managed = type == 1;
    uint64_t at = 0, dsp[DSP_WORDS];
    if (user_managed) {
        at = odn_dsp_address(job, w[1]);
        if (dsp_fetch(cpu, at, dsp)) {
            snprintf(error, size, "F$OPN DSP OF %s OUTSIDE THE FIELD", name);
            return -1;
        }
    }
    struct dataset *ds;
    const struct dataset *before = job_dataset_find(job, name);
    unsigned was_open = before ? before->mode : 0;
    int status = job_dataset_open(job, name, mode, &ds);
    if (status) {
        set_status(cpu, status);
        return 0;
    }
    if (!user_managed) {
        uint64_t below = (uint64_t)DSP_WORDS * job_dataset_handle(ds);
        at = job->field_length >= below + JCB_WORDS ? job->field_length - below : 0;
    }
    /* No room: the OS's DSP would fall into the JCB or leave the field, or
     * a DSP would hold its own ODN or overlap another open DSP.  A dataset
     * open before stays open as it was. */
    if ((!user_managed && (!at || dsp_fetch(cpu, at, dsp))) ||
        (odn + 2 > at && odn < at + DSP_WORDS) ||
        overlaps_open_dsp(job, cpu, at, job_dataset_handle(ds))) {
        struct dataset_error e;
        if (!was_open)
            dataset_close(ds);
        else
            dataset_open(ds, was_open, &e);
        set_status(cpu, OPEN_NO_ROOM);
        return 0;
    }
    dsp_open(dsp, ds->name, job_dataset_handle(ds), user_managed);
    dsp_store(cpu, at, dsp);
    cpu->memory->word[cpu->base + odn + 1] = (w[1] & ~(uint64_t)DSP_ADDRESS_MASK) | at;
    set_status(cpu, 0);
    cpu->s[1] = at;
    return 0;
}

/* The open dataset an ODN or a DSP at address names, with its DSP's
 * address; NULL if none.  name gets the ODN's or DSP's name ("" if
 * neither has one). */
static struct dataset *named_by(const struct job *job, const struct cpu *cpu, uint64_t address,
                                uint64_t *dsp_at, char name[9])
{
    uint64_t dsp[DSP_WORDS], w[2];
    name[0] = '\0';
    *dsp_at = address;
    if (dsp_fetch(cpu, address, dsp) || !dsp_handle(dsp)) {
        if (field_words(cpu, address, w, 2))
            return NULL;
        if (odn_name(w[0], name))
            name[0] = '\0';
        *dsp_at = odn_dsp_address(job, w[1]);
        if (dsp_fetch(cpu, *dsp_at, dsp) || !dsp_handle(dsp))
            return NULL;
    } else if (odn_name(dsp[DSP_DPDN], name)) {
        name[0] = '\0';
    }
    return job_dataset_by_handle(job, dsp_handle(dsp));
}

/* The DSP at address closed: its tag gone. */
static void close_dsp(struct cpu *cpu, uint64_t address)
{
    uint64_t dsp[DSP_WORDS];
    if (!dsp_fetch(cpu, address, dsp) && dsp_handle(dsp)) {
        dsp_close(dsp);
        dsp_store(cpu, address, dsp);
    }
}

/* F$CLS with S1 an ODN's (or a DSP's) address: S0 and S1 get 0, or -3. */
static int cos_close(struct job *job, struct cpu *cpu)
{
    uint64_t at;
    char name[9];
    struct dataset *ds = named_by(job, cpu, cpu->s[1], &at, name);
    if (!ds) {
        set_status(cpu, OPEN_REFUSED);
        cpu->s[1] = (uint64_t)OPEN_REFUSED;
        return 0;
    }
    if (ds->kind != DATASET_INPUT && ds->kind != DATASET_OUTPUT)
        dataset_close(ds);
    close_dsp(cpu, at);
    set_status(cpu, 0);
    cpu->s[1] = 0;
    return 0;
}

/* F$RLS: the dataset an ODN or DSP names is released (RELEASE,DN=).  S0:
 * 0, -1 not a local dataset, -3 not released ($IN, $OUT). */
static int cos_release(struct job *job, struct cpu *cpu, char *error, size_t size)
{
    uint64_t at, w;
    char name[9];
    if (field_words(cpu, cpu->s[1], &w, 1)) {
        snprintf(error, size, "F$RLS ODN OUTSIDE THE FIELD");
        return -1;
    }
    struct dataset *ds = named_by(job, cpu, cpu->s[1], &at, name);
    if (ds)
        snprintf(name, sizeof name, "%.8s", ds->name);
    if (!name[0] || !job_dataset_find(job, name)) {
        set_status(cpu, OPEN_NO_DATASET);
        return 0;
    }
    struct dataset_error e;
    if (job_dataset_release(job, name, &e)) {
        set_status(cpu, OPEN_REFUSED);
        return 0;
    }
    if (ds)
        close_dsp(cpu, at);
    set_status(cpu, 0);
    return 0;
}

/* F$BIO: S1 = the DSP's address, the request in its DPBIO. */
static int cos_buffered_io(struct os *os, struct job *job, struct cpu *cpu, char *error,
                           size_t size)
{
    uint64_t at = cpu->s[1], dsp[DSP_WORDS];
    if (dsp_fetch(cpu, at, dsp)) {
        snprintf(error, size, "F$BIO DSP OUTSIDE THE FIELD");
        return -1;
    }
    unsigned handle = dsp_handle(dsp);
    struct dataset *ds = handle ? job_dataset_by_handle(job, handle) : NULL;
    struct dsp_request r = dsp_decode(dsp[DSP_DPBIO]);
    const char *refused = NULL;
    char why[96];
    if (!ds) {
        snprintf(why, sizeof why, "THE DSP AT %06" PRIo64 " IS NOT OPEN", at);
        refused = why;
    } else if (r.function == DSP_WRITE_PARTIAL || r.function == DSP_WRITE_RECORD) {
        if (ds->kind == DATASET_OUTPUT && job->output_limit &&
            ds->io.records_written >= job->output_limit &&
            !(ds->flags & DATASET_FLAG_RECORD_OPEN)) {
            snprintf(why, sizeof why, "%s: THE LIMIT OF %" PRIu64 " RECORDS (OLM) REACHED",
                     ds->name, job->output_limit);
            refused = why;
        } else if (job->output_bytes + dsp_write_bytes(&r) > job_output_bound(os, job)) {
            return job_output_bound_reached(os, job, error, size);
        }
    }
    if (refused) {
        dsp_refuse(dsp);
        dsp_store(cpu, at, dsp);
        job_log(os, job, "EXP", "F$BIO REFUSED: %s", refused);
        return 0;
    }
    struct dsp_result result;
    if (dsp_serve(cpu, dsp, ds, &result, error, size))
        return -1;
    dsp_store(cpu, at, dsp);
    if (result.error)
        job_log(os, job, "EXP", "F$BIO ON %s REFUSED: %s", ds->name, result.why);
    job->io_words += (result.bytes + 7) / 8;
    if (r.function == DSP_WRITE_PARTIAL || r.function == DSP_WRITE_RECORD)
        job->output_bytes += result.bytes;
    job_charge_io(os, job, result.bytes);
    return 0;
}

/* ---- the requests ----------------------------------------------------------------------------- */

int job_io_request(struct os *os, struct job *job, struct cpu *cpu, unsigned code, char *error,
                   size_t size)
{
    struct dataset_error e;
    if (code == F_BIO)
        return cos_buffered_io(os, job, cpu, error, size);
    if (code == F_RLS)
        return cos_release(job, cpu, error, size);
    if (code == F_RCL) {   /* I/O is done when F$BIO returns: nothing to wait for */
        uint64_t w;
        if (field_words(cpu, cpu->s[1], &w, 1)) {
            snprintf(error, size, "F$RCL ADDRESS OUTSIDE THE FIELD");
            return -1;
        }
        return 0;
    }
    if (code == F_OPN && (cpu->s[1] >> 62))
        return cos_open(job, cpu, error, size);
    if (code == F_CLS && cpu->s[1] >= JOB_MAX_HANDLES)
        return cos_close(job, cpu);
    if (code == F_OPN) {   /* C-1's form: S1 the name's address, S2 the mode; S1 gets a handle */
        char name[DATASET_NAME_MAX + 2];
        if (field_string(cpu, cpu->s[1], name, DATASET_NAME_MAX + 1)) {
            snprintf(error, size, "F$OPN NAME OUTSIDE THE FIELD");
            return -1;
        }
        struct dataset *ds;
        int status = job_dataset_open(job, name, (unsigned)cpu->s[2] & 3u, &ds);
        cpu->s[1] = status ? (uint64_t)(int64_t)status : job_dataset_handle(ds);
        return 0;
    }
    struct dataset *ds = job_dataset_by_handle(job, cpu->s[1]);
    if (!ds) {
        cpu->s[1] = (uint64_t)-3;
        return 0;
    }
    switch (code) {
    case F_CLS:
        if (ds->kind != DATASET_INPUT && ds->kind != DATASET_OUTPUT)
            dataset_close(ds);
        cpu->s[1] = 0;
        return 0;
    case C_RDR: {
        if (!(ds->mode & DATASET_READ)) {   /* opened for output only */
            cpu->s[1] = (uint64_t)-3;
            return 0;
        }
        uint64_t words = cpu->s[3];
        if (words > RECORD_MAX_BYTES / 8)
            words = RECORD_MAX_BYTES / 8;
        char *buffer = malloc((size_t)words * 8 + 1);
        if (!buffer)
            return -1;
        struct dataset_transfer t;
        int status = dataset_read_record(ds, buffer, (size_t)words * 8, &t, &e);
        if (status == DATASET_RECORD) {
            if (field_put_text(cpu, cpu->s[2], words, buffer, t.stored)) {
                free(buffer);
                snprintf(error, size, "C$RDR BUFFER OUTSIDE THE FIELD");
                return -1;
            }
            cpu->s[1] = t.stored;
            job->io_words += (t.stored + 7) / 8;
            job_charge_io(os, job, t.stored);
        } else {
            cpu->s[1] = status == DATASET_END_OF_FILE ? (uint64_t)-1
                        : status == DATASET_END_OF_DATA ? (uint64_t)-2 : (uint64_t)-3;
        }
        free(buffer);
        return 0;
    }
    case C_WRR: {
        uint64_t chars = cpu->s[3];
        if (chars > RECORD_MAX_BYTES) {
            snprintf(error, size, "C$WRR RECORD LONGER THAN %u CHARACTERS", RECORD_MAX_BYTES);
            return -1;
        }
        if (!writable(ds)) {
            cpu->s[1] = (uint64_t)-3;
            return 0;
        }
        if (ds->kind == DATASET_OUTPUT && job->output_limit &&
            ds->io.records_written >= job->output_limit) {
            cpu->s[1] = (uint64_t)-4;
            return 0;
        }
        if (job->output_bytes + chars > job_output_bound(os, job))
            return job_output_bound_reached(os, job, error, size);
        char *buffer = malloc(chars + 9);
        if (!buffer)
            return -1;
        uint32_t words = (uint32_t)((chars + 7) / 8);
        if (field_get_text(cpu, cpu->s[2], words, buffer)) {
            free(buffer);
            snprintf(error, size, "C$WRR TEXT OUTSIDE THE FIELD");
            return -1;
        }
        int status = dataset_write_record(ds, buffer, chars, &e);
        free(buffer);
        cpu->s[1] = status ? (uint64_t)-3 : 0;
        job->io_words += words;
        if (!status)
            job->output_bytes += chars;
        job_charge_io(os, job, chars);
        return 0;
    }
    case C_WEF:
        cpu->s[1] = !writable(ds) || dataset_write_end_of_file(ds, &e) ? (uint64_t)-3 : 0;
        return 0;
    case C_REW:
        dataset_rewind(ds);
        cpu->s[1] = 0;
        return 0;
    case C_SKR: {
        int64_t skipped = 0;
        dataset_skip_records(ds, (int64_t)cpu->s[2], &skipped, &e);
        cpu->s[1] = (uint64_t)skipped;
        return 0;
    }
    default:
        snprintf(error, size, "UNKNOWN DATASET REQUEST %03o", code);
        return -1;
    }
}

