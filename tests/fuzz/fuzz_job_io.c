/*
 * fuzz_job_io.c - libFuzzer target: a hostile program's dataset requests
 * (os/job_io.c).  The input is a list of 25-byte steps: an operation byte
 * and three words.  The operations are the requests of COS's and C-1's
 * dataset I/O (F$OPN in both forms, F$CLS, F$RLS, F$RCL, F$BIO, C$RDR,
 * C$WRR, C$WEF, C$REW, C$SKR) with the words as S1, S2, S3, and two that
 * change the field: a word stored at an address, and the field length
 * moved (as MEMORY does between requests).  Whatever the words, a request
 * returns 0, -1 (the step would abort) or the output bound; no word
 * outside the field changes; every dataset of the job still serialises
 * and parses back; and F$BIO never leaves a DSP busy.
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
#include "os/job_datasets.h"
#include "os/job_io.h"
#include "os/log.h"
#include "os/os.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BASE 0100u
#define FIELD_MAX 02000u
#define GUARD 0x5A5A5A5A5A5A5A5Aull
#define STEP 25u

static const unsigned codes[] = {010, 013, 020, 005, 034, 0200, 0201, 0202, 0203, 0204};

static void check_datasets(const struct job *job)
{
    const struct dataset_table *table = job->datasets;
    for (size_t i = 0; i < dataset_table_count(table); i++)
        fuzz_check_dataset(dataset_table_at(table, i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct memory mem;
    static struct isa_decoder dec;
    static struct cpu cpu;
    static struct os os;
    if (!mem.word) {
        if (memory_init(&mem, BASE + FIELD_MAX + BASE))
            abort();
        isa_decoder_init(&dec, 0);
    }
    for (uint32_t i = 0; i < mem.size; i++)
        mem.word[i] = GUARD;
    cpu_init(&cpu, 0, &mem, &dec);
    uint32_t field = 01000;
    cpu_set_field(&cpu, BASE, BASE + field);

    struct job *job = calloc(1, sizeof *job);
    if (!job)
        abort();
    job->pc = -1;
    job->class_index = -1;
    job->field_length = field;
    static const char *const lines[] = {"SHORT", "A RECORD OF THIRTY-TWO CHARACTERS", ""};
    struct deck_file file = {(char **)lines, 3, 1};
    job->deck.files = &file;
    job->deck.file_count = 1;
    if (job_datasets_create(&os, job))
        abort();
    job->deck.files = NULL;
    job->deck.file_count = 0;

    for (size_t at = 0; at + STEP <= size; at += STEP) {
        unsigned op = data[at];
        uint64_t w1 = fuzz_word(data + at + 1), w2 = fuzz_word(data + at + 9);
        uint64_t w3 = fuzz_word(data + at + 17);
        if (op % 16 == 14) {   /* a word of the field */
            mem.word[BASE + w1 % field] = w2;
            continue;
        }
        if (op % 16 == 15) {   /* MEMORY: another field length, in the same place */
            field = 0200 + (uint32_t)(w1 % (FIELD_MAX - 0200 + 1));
            for (uint32_t i = BASE + field; i < BASE + FIELD_MAX; i++)
                mem.word[i] = GUARD;   /* what MEMORY gives back is gone */
            job->field_length = field;
            cpu_set_field(&cpu, BASE, BASE + field);
            continue;
        }
        /* Some addresses aimed inside the field, the rest as they come. */
        if (op & 0x80)
            w1 = (w1 & (3ull << 62)) | (w1 % field);
        if (op & 0x40)
            w2 %= field;
        if (op & 0x20)
            w3 %= 64;
        unsigned code = codes[op % 16 % (sizeof codes / sizeof *codes)];
        cpu.s[0] = code;
        cpu.s[1] = w1;
        cpu.s[2] = w2;
        cpu.s[3] = w3;
        char error[200];
        int status = job_io_request(&os, job, &cpu, code, error, sizeof error);
        if (status != 0 && status != -1 && status != JOB_OUTPUT_BOUND_REACHED)
            abort();
        if (status == JOB_OUTPUT_BOUND_REACHED)
            break;   /* the job ends there */
        for (uint32_t i = 0; i < BASE; i++)
            if (mem.word[i] != GUARD)
                abort();
        for (uint32_t i = BASE + field; i < mem.size; i++)
            if (mem.word[i] != GUARD)
                abort();
        if (code == 034 && status == 0) {
            uint64_t dsp[DSP_WORDS];
            if (dsp_fetch(&cpu, w1, dsp) == 0 && (dsp[DSP_DPBIO] >> 63))
                abort();   /* still busy */
        }
        check_datasets(job);
    }
    job_datasets_free(job);
    text_free(&job->log);
    free(job);
    return 0;
}
