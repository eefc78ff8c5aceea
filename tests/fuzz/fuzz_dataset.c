/*
 * fuzz_dataset.c - libFuzzer target: random bytes into the dataset parser
 * (os/datasets/dataset.c).  Every input is either refused with a message or parsed;
 * a parsed dataset serialises back to exactly the input (the form is
 * canonical), and survives reading, skipping and copying.  The same bytes
 * are also read as deck text and as exact text, which must round-trip.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/datasets/dataset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(struct dataset *ds)
{
    char buffer[16];
    struct dataset_transfer t;
    int64_t skipped;
    struct dataset copy;
    dataset_init(&copy);
    for (int i = 0; i < 64; i++) {
        int status = (i % 3 == 2) ? dataset_read_partial(ds, buffer, 3, &t, NULL)
                                  : dataset_read_record(ds, buffer, sizeof buffer, &t, NULL);
        if (status == DATASET_READ_ERROR || t.stored > sizeof buffer)
            abort();
        if (status == DATASET_END_OF_DATA)
            break;
    }
    if (dataset_skip_files(ds, -2, &skipped, NULL) || dataset_skip_records(ds, 1, &skipped, NULL))
        abort();
    struct dataset_copy_counts counts;
    if (dataset_copy_data(ds, &copy, &counts, NULL))
        abort();
    dataset_free(&copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dataset ds;
    struct dataset_error error = {{0}};
    dataset_init(&ds);
    if (dataset_parse(&ds, data, size, &error) == 0) {
        uint8_t *bytes;
        size_t n;
        if (dataset_serialize(&ds, &bytes, &n, NULL) || n != size || memcmp(bytes, data, n))
            abort();   /* not canonical */
        free(bytes);
        exercise(&ds);
    } else if (!error.message[0]) {
        abort();
    }
    dataset_free(&ds);

    /* text: deck form, then exact form round trip */
    for (unsigned options = 0; options <= DATASET_TEXT_EXACT; options++) {
        dataset_init(&ds);
        if (dataset_from_text(&ds, (const char *)data, size, options, NULL))
            abort();   /* text always reads, short of memory */
        char *text;
        size_t length;
        if (dataset_to_text(&ds, DATASET_TEXT_EXACT, &text, &length, NULL) == 0) {
            struct dataset back;
            dataset_init(&back);
            char *again;
            size_t again_length;
            if (dataset_from_text(&back, text, length, DATASET_TEXT_EXACT, NULL) ||
                dataset_to_text(&back, DATASET_TEXT_EXACT, &again, &again_length, NULL) ||
                again_length != length || memcmp(again, text, length))
                abort();
            free(again);
            free(text);
            dataset_free(&back);
        }
        exercise(&ds);
        dataset_free(&ds);
    }
    return 0;
}
