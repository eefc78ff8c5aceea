/*
 * fuzz_pack.c - libFuzzer target: arbitrary text into `dropfile pack`
 * (dropfile_from_json), the way a person's edited JSON reaches a site.
 * What pack accepts must be what a restart accepts: it encodes, the reader
 * (with its rules: os/rules) reads it back, its JSON packs back to the same
 * bytes.  What pack refuses, it refuses with a message.
 * Seeds: tests/fuzz/corpus/fuzz_pack/ (`dropfile dump --json` of samples).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/dropfile/dropfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A field over 1 M words makes every run slow; the reader's bound is tested
 * elsewhere.  The first "field_words" number of the text, if any. */
static bool small_field(const char *text)
{
    const char *p = strstr(text, "\"field_words\"");
    if (!p)
        return true;
    p += strlen("\"field_words\"");
    while (*p == ' ' || *p == ':' || *p == '\n' || *p == '"')
        p++;
    return strtoull(p, NULL, 10) <= (1u << 20);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (!small_field(text)) {
        free(text);
        return 0;
    }
    struct dropfile df, back, again;
    struct dropfile_report r;
    if (dropfile_from_json(text, size, &df, &r)) {
        if (!r.message[0])
            abort();   /* every refusal says why */
        free(text);
        return 0;
    }
    free(text);
    uint8_t *a = NULL, *b = NULL;
    size_t an = 0, bn = 0;
    if (dropfile_encode(&df, &a, &an, &r))
        abort();   /* what pack accepts can be written */
    if (dropfile_decode(a, an, &back, &r))
        abort();   /* ... and a restart reads it: pack refuses what the reader refuses */
    char *json;
    size_t length;
    FILE *mem = open_memstream(&json, &length);
    if (!mem || dropfile_print_json(mem, &back, NULL))
        abort();
    fclose(mem);
    if (dropfile_from_json(json, length, &again, &r))
        abort();
    if (dropfile_encode(&again, &b, &bn, &r) || an != bn || memcmp(a, b, an))
        abort();   /* pack of dump is identical */
    free(json);
    free(a);
    free(b);
    dropfile_free(&df);
    dropfile_free(&back);
    dropfile_free(&again);
    return 0;
}
