/*
 * dsp.c - COS's Dataset Parameter Table in a job's field and the buffered
 * I/O request F$BIO done on a dataset (see dsp.h).  A record is bytes in
 * the dataset layer and words in the field: the last word of a record is
 * zero-filled and its unused bit count says how many of its bits are not
 * data.  Uses emu/cpu.h and os/datasets/.
 */
#include "dsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field_text.h"


int dsp_fetch(const struct cpu *cpu, uint64_t address, uint64_t dsp[DSP_WORDS])
{
    if (!field_contains(cpu, address, DSP_WORDS))
        return -1;
    memcpy(dsp, cpu->memory->word + cpu->base + address, DSP_WORDS * sizeof *dsp);
    return 0;
}

void dsp_store(struct cpu *cpu, uint64_t address, const uint64_t dsp[DSP_WORDS])
{
    if (field_contains(cpu, address, DSP_WORDS))
        memcpy(cpu->memory->word + cpu->base + address, dsp, DSP_WORDS * sizeof *dsp);
}

void dsp_open(uint64_t dsp[DSP_WORDS], const char *name, unsigned handle, bool keep_buffer)
{
    uint64_t buffer[4];
    memcpy(buffer, dsp + DSP_FIRST, sizeof buffer);
    memset(dsp, 0, DSP_WORDS * sizeof *dsp);
    dataset_pack_words(name, strnlen(name, 8), &dsp[DSP_DPDN], 1);
    if (keep_buffer)
        memcpy(dsp + DSP_FIRST, buffer, sizeof buffer);
    dsp[DSP_TAG_WORD] = DSP_TAG | (handle & 0xFFu);
}

unsigned dsp_handle(const uint64_t dsp[DSP_WORDS])
{
    uint64_t w = dsp[DSP_TAG_WORD];
    if ((w & DSP_TAG_MASK) != DSP_TAG || (w & ~DSP_TAG_MASK & ~0xFFull))
        return 0;
    return (unsigned)(w & 0xFFu);
}

void dsp_close(uint64_t dsp[DSP_WORDS]) { dsp[DSP_TAG_WORD] = 0; }

struct dsp_request dsp_decode(uint64_t dpbio)
{
    struct dsp_request r;
    r.function = (unsigned)(dpbio >> 54) & 0377u;
    r.unused_bits = (unsigned)(dpbio >> 48) & 077u;
    r.words = (uint32_t)(dpbio >> 24) & DSP_ADDRESS_MASK;
    r.address = (uint32_t)dpbio & DSP_ADDRESS_MASK;
    return r;
}

uint64_t dsp_write_bytes(const struct dsp_request *r)
{
    uint64_t bytes = (uint64_t)r->words * 8;
    if (r->function == DSP_WRITE_RECORD) {
        uint64_t unused = r->unused_bits / 8;
        return bytes > unused ? bytes - unused : 0;
    }
    return r->function == DSP_WRITE_PARTIAL ? bytes : 0;
}

/* DPBIO when the request is done: busy clear, error as given, the words
 * done and the unused bit count of the last one; function and address kept. */
static uint64_t done_word(uint64_t dpbio, bool error, uint64_t words, unsigned unused_bits)
{
    uint64_t keep = dpbio & ((0377ull << 54) | DSP_ADDRESS_MASK);
    return keep | ((uint64_t)error << 62) | ((uint64_t)(unused_bits & 077u) << 48) |
           ((words & DSP_ADDRESS_MASK) << 24);
}

void dsp_refuse(uint64_t dsp[DSP_WORDS]) { dsp[DSP_DPBIO] = done_word(dsp[DSP_DPBIO], true, 0, 0); }

static int refuse(uint64_t dsp[DSP_WORDS], struct dsp_result *result, const char *why)
{
    result->error = true;
    snprintf(result->why, sizeof result->why, "%.159s", why);
    dsp_refuse(dsp);
    return 0;
}

static int serve_read(struct cpu *cpu, uint64_t dsp[DSP_WORDS], struct dataset *ds,
                      const struct dsp_request *r, struct dsp_result *result)
{
    if (!(ds->mode & DATASET_READ))
        return refuse(dsp, result, "NOT OPEN FOR INPUT");
    size_t capacity = (size_t)r->words * 8;
    uint8_t *bytes = malloc(capacity ? capacity : 1);
    if (!bytes)
        return refuse(dsp, result, "OUT OF MEMORY");
    struct dataset_transfer t;
    struct dataset_error e;
    int status = r->function == DSP_READ_RECORD
                     ? dataset_read_record(ds, bytes, capacity, &t, &e)
                     : dataset_read_partial(ds, bytes, capacity, &t, &e);
    if (status == DATASET_READ_ERROR) {
        free(bytes);
        return refuse(dsp, result, e.message);
    }
    uint64_t words = 0;
    unsigned unused = 0, cw = DSP_CW_NONE;
    if (status == DATASET_RECORD) {
        words = (t.stored + 7) / 8;
        unused = (unsigned)(words * 8 - t.stored) * 8;
        (void)field_put_text(cpu, r->address, words, (const char *)bytes, t.stored);   /* inside: checked by dsp_serve */
        /* A record read whole, or a partial read that reached its end. */
        if (t.end_of_record && !t.truncated)
            cw = DSP_CW_EOR;
        result->bytes = t.stored;
    } else {
        cw = status == DATASET_END_OF_FILE ? DSP_CW_EOF : DSP_CW_EOD;
    }
    free(bytes);
    dsp[DSP_DPCWF] = (uint64_t)cw << 60;
    dsp[DSP_DPBIO] = done_word(dsp[DSP_DPBIO], false, words, unused);
    return 0;
}

static int serve_write(struct cpu *cpu, uint64_t dsp[DSP_WORDS], struct dataset *ds,
                       const struct dsp_request *r, struct dsp_result *result)
{
    if (!(ds->mode & DATASET_WRITE))
        return refuse(dsp, result, "NOT OPEN FOR OUTPUT");
    if (ds->permanent.read_only)
        return refuse(dsp, result, "READ ONLY");
    struct dataset_error e;
    int status;
    if (r->function == DSP_WRITE_EOF) {
        status = dataset_write_end_of_file(ds, &e);
    } else if (r->function == DSP_WRITE_EOD) {
        status = dataset_write_end_of_data(ds, &e);
    } else {
        uint64_t length = dsp_write_bytes(r);
        char *bytes = malloc(r->words ? (size_t)r->words * 8 : 1);
        if (!bytes)
            return refuse(dsp, result, "OUT OF MEMORY");
        (void)field_get_text(cpu, r->address, r->words, bytes);   /* inside: checked by dsp_serve */
        uint64_t records = ds->io.records_written;
        status = dataset_write_words(ds, bytes, (size_t)length,
                                     r->function == DSP_WRITE_RECORD, &e);
        free(bytes);
        if (!status) {
            result->bytes = length;
            result->record_written = ds->io.records_written != records;
        }
    }
    if (status)
        return refuse(dsp, result, e.message);
    dsp[DSP_DPCWF] = 0;
    dsp[DSP_DPBIO] = done_word(dsp[DSP_DPBIO], false,
                               r->function == DSP_WRITE_RECORD ||
                                       r->function == DSP_WRITE_PARTIAL ? r->words : 0,
                               0);
    return 0;
}

int dsp_serve(struct cpu *cpu, uint64_t dsp[DSP_WORDS], struct dataset *ds,
              struct dsp_result *result, char *error, size_t size)
{
    memset(result, 0, sizeof *result);
    struct dsp_request r = dsp_decode(dsp[DSP_DPBIO]);
    bool moves_words = r.function == DSP_READ_PARTIAL || r.function == DSP_READ_RECORD ||
                       r.function == DSP_WRITE_PARTIAL || r.function == DSP_WRITE_RECORD;
    if (moves_words && !field_contains(cpu, r.address, r.words)) {
        snprintf(error, size, "F$BIO DATA AREA %o OF %o WORDS OUTSIDE THE FIELD",
                 (unsigned)r.address, (unsigned)r.words);
        return -1;
    }
    switch (r.function) {
    case DSP_READ_PARTIAL:
    case DSP_READ_RECORD:
        return serve_read(cpu, dsp, ds, &r, result);
    case DSP_WRITE_PARTIAL:
    case DSP_WRITE_RECORD:
    case DSP_WRITE_EOF:
    case DSP_WRITE_EOD:
        return serve_write(cpu, dsp, ds, &r, result);
    case DSP_REWIND:
        dataset_rewind(ds);
        dsp[DSP_DPCWF] = 0;
        dsp[DSP_DPBIO] = done_word(dsp[DSP_DPBIO], false, 0, 0);
        return 0;
    default: {
        char why[64];
        snprintf(why, sizeof why, "F$BIO FUNCTION %03o UNKNOWN", r.function);
        return refuse(dsp, result, why);
    }
    }
}
