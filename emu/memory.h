/*
 * memory.h - central memory: 64-bit words shared by every processor of a
 * machine.  No virtual memory: processors address it through their own
 * base and limit (cpu.h), and every reference outside a field is caught
 * there, so this module only holds the words.
 */
#ifndef C1_EMU_MEMORY_H
#define C1_EMU_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#define MEMORY_DEFAULT_WORDS (1u << 20)   /* 1 M words, a Cray-1 */
#define MEMORY_MAX_WORDS (1u << 24)       /* 16 M words, the largest X-MP */

struct memory {
    uint64_t *word;
    uint32_t size;     /* words */
};

/* Allocate size words, cleared.  Returns 0, or -1 (bad size, no memory). */
int memory_init(struct memory *memory, uint32_t size);
void memory_free(struct memory *memory);

/* Load a raw image of big-endian 64-bit words at absolute word address at.
 * Returns the number of words loaded, or -1 if it does not fit or the
 * length is not a whole number of words. */
long memory_load_image(struct memory *memory, uint32_t at, const unsigned char *bytes,
                       size_t length);

#endif
