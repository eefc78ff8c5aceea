/*
 * fuzz_dropfile.c - libFuzzer target: arbitrary bytes into the dropfile
 * reader.  The first input byte chooses the mode; the rest is the file.
 *   bit 0 set: reseal the file first (recompute every checksum), so that
 *              mutations reach the decoders of the section contents and
 *              not only the checksums;
 * Whatever is read must then behave: encoding it succeeds and reads back,
 * encoding is idempotent (canonical), the JSON of it packs back to the
 * same bytes, it differs from itself in nothing, and the text views run.
 * Seeds: tests/fuzz/corpus/fuzz_dropfile/ (sample dropfiles, mode 0 and 1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/dropfile/dropfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct dropfile *df)
{
    uint8_t *a = NULL, *b = NULL;
    size_t an = 0, bn = 0;
    struct dropfile again, packed;
    if (dropfile_encode(df, &a, &an, NULL))
        abort();   /* what was read must be writable */
    if (dropfile_decode(a, an, &again, NULL))
        abort();
    if (dropfile_encode(&again, &b, &bn, NULL) || an != bn || memcmp(a, b, an))
        abort();   /* canonical: encode(decode(encode(x))) = encode(x) */
    free(b);

    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    if (dropfile_diff(null, df, &again))
        abort();
    dropfile_print_info(null, df, an);
    dropfile_print_text(null, df);

    char *text;
    size_t length;
    FILE *mem = open_memstream(&text, &length);
    if (!mem || dropfile_print_json(mem, df, NULL))
        abort();
    fclose(mem);
    if (dropfile_from_json(text, length, &packed, NULL))
        abort();
    if (dropfile_encode(&packed, &b, &bn, NULL) || an != bn || memcmp(a, b, an))
        abort();   /* pack of dump is identical */
    free(text);
    free(a);
    free(b);
    dropfile_free(&again);
    dropfile_free(&packed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    size--;
    uint8_t *bytes = malloc(size ? size : 1);   /* exactly the file: ASan sees any overread */
    if (!bytes)
        return 0;
    memcpy(bytes, data + 1, size);
    if (mode & 1)
        dropfile_reseal(bytes, size);
    struct dropfile df;
    struct dropfile_report report;
    if (!dropfile_decode_limited(bytes, size, &df, &report, 16u << 20)) {   /* small allocations */
        check(&df);
        dropfile_free(&df);
    } else if (!report.message[0]) {
        abort();   /* every refusal says why */
    }
    free(bytes);
    return 0;
}
