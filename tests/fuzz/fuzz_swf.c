/*
 * fuzz_swf.c - libFuzzer target: random text into the workload trace
 * parser (os/replay/swf.c), line by line as swf_read feeds it.  Every line is a
 * record whose fields are all -1 or more, a comment, or a reason why not;
 * nothing crashes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/replay/swf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1);
    if (!line)
        return 0;
    size_t start = 0;
    while (start <= size) {
        const uint8_t *newline = memchr(data + start, '\n', size - start);
        size_t end = newline ? (size_t)(newline - data) : size;
        memcpy(line, data + start, end - start);
        line[end - start] = '\0';
        struct swf_record record;
        char why[120] = "";
        int result = swf_parse_line(line, &record, why, sizeof why);
        if (result == 0) {
            const int64_t fields[SWF_FIELDS] = {
                record.number, record.submit, record.wait, record.run, record.procs,
                record.cpu_average, record.memory_used, record.procs_requested,
                record.time_requested, record.memory_requested, record.status, record.user,
                record.group, record.executable, record.queue, record.partition,
                record.preceding, record.think};
            for (int i = 0; i < SWF_FIELDS; i++)
                if (fields[i] < -1)
                    abort();
        } else if (result == -1) {
            if (!why[0])
                abort();
        } else if (result != 1) {
            abort();
        }
        start = end + 1;
    }
    free(line);
    return 0;
}
