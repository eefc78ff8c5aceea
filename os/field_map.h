/*
 * field_map.h - the memory fields of central memory: which job holds which
 * contiguous range of words (no virtual memory).  Fields are allocated
 * first fit; when free memory is fragmented the OS compacts, moving fields
 * toward address 0 (addressing is base-relative, so a moved job runs on).
 */
#ifndef C1_OS_FIELD_MAP_H
#define C1_OS_FIELD_MAP_H

#include <stdint.h>

#define FIELD_MAP_MAX 64

struct field {
    uint32_t base, length;   /* words */
    int owner;               /* job number, or -1 */
};

struct field_map {
    uint32_t memory_words;
    int count;
    struct field field[FIELD_MAP_MAX];   /* sorted by base */
};

void field_map_init(struct field_map *map, uint32_t memory_words);

/* First fit.  0 and *base, or -1 if no hole is large enough. */
int field_allocate(struct field_map *map, uint32_t length, int owner, uint32_t *base);
void field_release(struct field_map *map, int owner);

uint32_t field_free_words(const struct field_map *map);
uint32_t field_largest_hole(const struct field_map *map);

/* Move every field down to close the holes, lowest first; move(context,
 * owner, from, to, length) is told of each move before the map changes.
 * Returns the number of fields moved. */
int field_compact(struct field_map *map,
                  void (*move)(void *context, int owner, uint32_t from, uint32_t to,
                               uint32_t length),
                  void *context);

/* Change a field's length in place (MEMORY, F$MEM): 0, or -1 if the words
 * after it are taken. */
int field_resize(struct field_map *map, int owner, uint32_t length);

#endif
