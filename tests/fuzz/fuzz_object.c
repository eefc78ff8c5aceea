/*
 * fuzz_object.c - libFuzzer target: arbitrary bytes into the object module
 * and library reader (os/cal/object.h).  A file that parses is serialised
 * again and must parse to the same modules, and is linked by the loader
 * (os/loader/loader.h) at 0200, as LDR would link what a job hands it.
 * Seed corpus: tests/fuzz/corpus/fuzz_object/ (c1cal -c output, a library).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/cal/object.h"
#include "os/loader/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char error[300];
    struct object_file file;
    if (object_parse(data, size, &file, error, sizeof error) != 0)
        return 0;
    unsigned char *bytes;
    size_t length;
    if (object_serialize(&file, &bytes, &length, error, sizeof error) == 0) {
        struct object_file again;
        if (object_parse(bytes, length, &again, error, sizeof error) != 0 ||
            again.module_count != file.module_count)
            abort();
        for (size_t i = 0; i < file.module_count; i++)
            if (again.modules[i].length != file.modules[i].length ||
                (file.modules[i].length &&
                 memcmp(again.modules[i].words, file.modules[i].words,
                        file.modules[i].length * sizeof(uint64_t))))
                abort();
        object_file_free(&again);
        free(bytes);
    }
    struct loader_input in = {&file, "FUZZ"};
    struct loader_result result;
    loader_link(&in, 1, &in, 1, LOADER_COS_ORIGIN, LOADER_MAP_FULL, &result);
    loader_result_free(&result);
    object_file_free(&file);
    return 0;
}
