/*
 * fuzz_executable.c - libFuzzer target: arbitrary bytes into the executable
 * reader (os/cal/executable.h), as a headed executable and as "any" input; a
 * file that parses is serialised again and must parse to the same words.
 * Seed corpus: tests/fuzz/corpus/fuzz_executable/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/cal/executable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char error[256];
    struct executable exe;
    if (executable_parse(data, size, EXE_KIND_FORMAT, &exe, error, sizeof error) == 0) {
        unsigned char *bytes;
        size_t length;
        if (executable_serialize(&exe, false, &bytes, &length) == 0) {
            struct executable again;
            if (executable_parse(bytes, length, EXE_KIND_FORMAT, &again, error, sizeof error) != 0 ||
                again.word_count != exe.word_count ||
                (exe.word_count &&
                 memcmp(again.words, exe.words, exe.word_count * sizeof *exe.words)))
                abort();
            executable_free(&again);
            free(bytes);
        }
        executable_free(&exe);
    }
    if (executable_parse(data, size, EXE_KIND_ANY, &exe, error, sizeof error) == 0)
        executable_free(&exe);
    return 0;
}
