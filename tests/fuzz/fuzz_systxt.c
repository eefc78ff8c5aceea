/*
 * fuzz_systxt.c - libFuzzer target: arbitrary text as CAL's system text
 * (what CAL,S=dataset and c1cal -S FILE read), before a program that calls
 * the COS macros and names the F$ symbols; then the same text as a program
 * under C-1's own system text.  It must never crash, hang or leak.  Seed
 * corpus: tests/fuzz/corpus/fuzz_systxt/ (small system texts).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "os/cal/cal.h"

static const char program[] =
    "         IDENT     P\n"
    "         START     GO\n"
    "GO       MESSAGE   TEXT,US\n"
    "ADD      ENTER     NP=2,NB=1,NT=1\n"
    "X        DEFARG\n"
    "         ARGADD    A1,X\n"
    "         NUMARG    A2\n"
    "         EXIT\n"
    "         S0        F$ADV\n"
    "         EX        ;\n"
    "TEXT     DATA      'HI'Z\n"
    "         END\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    struct cal_options options = {0};
    options.listing = true;
    struct cal_result result;
    struct cal_extra_options extra = {.system_text = (const char *)data,
                                      .system_text_length = size,
                                      .system_text_name = "FUZZ"};
    cal_assemble_extra(program, strlen(program), "p.cal", &options, &extra, &result);
    cal_result_free(&result);
    extra.system_text = systxt_source;
    extra.system_text_length = strlen(systxt_source);
    cal_assemble_extra((const char *)data, size, "fuzz.cal", &options, &extra, &result);
    cal_result_free(&result);
    return 0;
}
