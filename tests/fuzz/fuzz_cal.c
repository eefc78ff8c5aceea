/*
 * fuzz_cal.c - libFuzzer target: arbitrary text into cal_assemble() (with a
 * listing, then the disassembler on whatever assembled).  It must never
 * crash, hang or leak, whatever the input.  Seed corpus:
 * tests/fuzz/corpus/fuzz_cal/ (small real CAL files).  INCLUDE of any name
 * in the input reads the input itself once more (deeper INCLUDEs, and the
 * name NONE, cannot be read: the depth bound is test_cal_pseudo's).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/cal/cal.h"
#include "emu/isa.h"

struct input {
    const uint8_t *data;
    size_t size;
};

static int include_input(void *context, const char *from, const char *name, char **text,
                         size_t *length, char **path, char *error, size_t error_size)
{
    const struct input *in = context;
    if (strcmp(from, "fuzz.cal") || !strcmp(name, "NONE")) {
        if (error_size)
            error[0] = '\0';
        return -1;
    }
    *text = malloc(in->size + 1);
    *path = strdup(name);
    if (!*text || !*path) {
        free(*text);
        free(*path);
        return -1;
    }
    memcpy(*text, in->data, in->size);
    *length = in->size;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    struct cal_options options = {0};
    options.listing = true;
    options.models = size > 0 && (data[0] & 1) ? MODEL_CRAY1 : 0;
    struct cal_result result;
    struct input in = {data, size};
    struct cal_extra_options extra = {.include = include_input, .include_context = &in,
                                      .no_recursion_warning = size > 1 && (data[1] & 1)};
    cal_assemble_extra((const char *)data, size, "fuzz.cal", &options, &extra, &result);
    if (result.has_executable && result.executable.word_count < 4096) {
        char *text = cal_disassemble(&result.executable, MODEL_CRAY1);
        free(text);
    }
    cal_result_free(&result);
    return 0;
}
