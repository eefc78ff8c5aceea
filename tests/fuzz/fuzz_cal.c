/*
 * fuzz_cal.c - libFuzzer target: arbitrary text into cal_assemble() (with a
 * listing, then the disassembler on whatever assembled).  It must never
 * crash, hang or leak, whatever the input.  Seed corpus:
 * tests/fuzz/corpus/fuzz_cal/ (small real CAL files).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "os/cal/cal.h"
#include "emu/isa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    struct cal_options options = {0};
    options.listing = true;
    options.models = size > 0 && (data[0] & 1) ? MODEL_CRAY1 : 0;
    struct cal_result result;
    cal_assemble((const char *)data, size, "fuzz.cal", &options, &result);
    if (result.has_executable && result.executable.word_count < 4096) {
        char *text = cal_disassemble(&result.executable, MODEL_CRAY1);
        free(text);
    }
    cal_result_free(&result);
    return 0;
}
