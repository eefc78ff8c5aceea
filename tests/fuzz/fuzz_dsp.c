/*
 * fuzz_dsp.c - libFuzzer target: F$BIO requests a hostile program makes
 * (os/dsp.c).  The input is a dataset's starting records and then a list
 * of 16-byte steps: a DPBIO word as the program wrote it, a word for the
 * field, a DSP word to spoil.  Each request is served on a small field;
 * whatever the words, the serve either refuses the data area (-1, DSP and
 * dataset unchanged) or completes with busy clear, no more words done
 * than asked, no word written outside the data area, a control word COS
 * knows, and a dataset that still serialises and parses back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/isa.h"
#include "emu/memory.h"
#include "os/datasets/dataset.h"
#include "os/dsp.h"
#include "tests/fuzz/fuzz_dataset_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BASE 0100u
#define FIELD 0400u
#define GUARD 0x5A5A5A5A5A5A5A5Aull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct memory mem;
    static struct isa_decoder dec;
    static struct cpu cpu;
    if (!mem.word) {
        if (memory_init(&mem, BASE + FIELD + BASE))
            abort();
        isa_decoder_init(&dec, 0);
    }
    cpu_init(&cpu, 0, &mem, &dec);
    cpu_set_field(&cpu, BASE, BASE + FIELD);
    for (uint32_t i = 0; i < mem.size; i++)
        mem.word[i] = GUARD;

    struct dataset ds;
    dataset_init(&ds);
    strcpy(ds.name, "F");
    if (dataset_open(&ds, DATASET_READ | DATASET_WRITE, NULL))
        abort();
    /* Records: up to 8, each a length byte then its bytes. */
    size_t at = 0;
    for (int r = 0; r < 8 && at < size && data[at] != 0xFF; r++) {
        size_t n = data[at++] % 40;
        if (n > size - at)
            n = size - at;
        if (dataset_write_record(&ds, data + at, n, NULL))
            abort();
        at += n;
    }
    if (at < size)
        at++;
    dataset_rewind(&ds);

    uint64_t dsp[DSP_WORDS];
    memset(dsp, 0, sizeof dsp);
    dsp_open(dsp, "F", 3, false);
    for (int step = 0; step < 64 && size - at >= 16; step++, at += 16) {
        uint64_t dpbio = fuzz_word(data + at), word = fuzz_word(data + at + 8);
        /* Some requests aimed inside the field, the rest as they come. */
        if (word & 1)
            dpbio = (dpbio & ~0xFFFFFFull & ~(0xFFFFFFull << 24)) | (word >> 8 & 0377) |
                    ((word >> 16 & 077) << 24);
        mem.word[BASE + (word >> 24) % FIELD] = word;
        dsp[DSP_DPCWF + (word >> 40) % 3] ^= word >> 48;   /* DPCWF, 6 or DPBIO spoiled */
        dsp[DSP_DPBIO] = dpbio;
        uint64_t before[DSP_WORDS];
        memcpy(before, dsp, sizeof dsp);
        struct dsp_request r = dsp_decode(dpbio);
        uint64_t records = dataset_total_bytes(&ds);
        struct dataset_position where = dataset_tell(&ds);
        struct dsp_result result;
        char error[160];
        if (dsp_serve(&cpu, dsp, &ds, &result, error, sizeof error)) {
            if (memcmp(before, dsp, sizeof dsp) || dataset_total_bytes(&ds) != records ||
                memcmp(&where, &ds.position, sizeof where))
                abort();   /* a refused data area changed something */
            continue;
        }
        if (dsp[DSP_DPBIO] >> 63)
            abort();   /* still busy */
        unsigned done = (unsigned)(dsp[DSP_DPBIO] >> 24) & 0xFFFFFFu;
        if (done > r.words)
            abort();
        unsigned cw = (unsigned)(dsp[DSP_DPCWF] >> 60);
        if (cw != DSP_CW_NONE && cw != DSP_CW_EOR && cw != DSP_CW_EOF && cw != DSP_CW_EOD)
            abort();
        if (result.error != (dsp[DSP_DPBIO] >> 62 & 1))
            abort();
        /* Below the field and above it: untouched. */
        for (uint32_t i = 0; i < BASE; i++)
            if (mem.word[i] != GUARD || mem.word[BASE + FIELD + i] != GUARD)
                abort();
        fuzz_check_dataset(&ds);
    }
    dataset_free(&ds);
    return 0;
}
