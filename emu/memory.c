/*
 * memory.c - central memory (see memory.h).
 */
#include "memory.h"

#include <stdlib.h>

int memory_init(struct memory *memory, uint32_t size)
{
    memory->word = NULL;
    memory->size = 0;
    if (size == 0 || size > MEMORY_MAX_WORDS)
        return -1;
    memory->word = calloc(size, sizeof *memory->word);
    if (!memory->word)
        return -1;
    memory->size = size;
    return 0;
}

void memory_free(struct memory *memory)
{
    free(memory->word);
    memory->word = NULL;
    memory->size = 0;
}

long memory_load_image(struct memory *memory, uint32_t at, const unsigned char *bytes,
                       size_t length)
{
    if (length % 8 != 0 || at > memory->size || length / 8 > memory->size - at)
        return -1;
    size_t words = length / 8;
    for (size_t w = 0; w < words; w++) {
        uint64_t value = 0;
        for (int b = 0; b < 8; b++)
            value = (value << 8) | bytes[w * 8 + (size_t)b];
        memory->word[at + w] = value;
    }
    return (long)words;
}
