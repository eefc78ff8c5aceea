/*
 * fuzz_dataset_check.h - what the fuzz targets of a job's dataset I/O
 * (fuzz_dsp.c, fuzz_job_io.c) share: a big-endian word from the input,
 * and the check that a dataset still serialises and parses back.
 */
#ifndef C1_FUZZ_DATASET_CHECK_H
#define C1_FUZZ_DATASET_CHECK_H

#include <stdint.h>
#include <stdlib.h>

#include "os/datasets/dataset.h"

static inline uint64_t fuzz_word(const uint8_t *p)
{
    uint64_t w = 0;
    for (int i = 0; i < 8; i++)
        w = w << 8 | p[i];
    return w;
}

/* Aborts unless ds serialises and its bytes parse back. */
static inline void fuzz_check_dataset(const struct dataset *ds)
{
    uint8_t *bytes;
    size_t n;
    if (dataset_serialize(ds, &bytes, &n, NULL))
        abort();
    struct dataset back;
    dataset_init(&back);
    if (dataset_parse(&back, bytes, n, NULL))
        abort();
    free(bytes);
    dataset_free(&back);
}

#endif
