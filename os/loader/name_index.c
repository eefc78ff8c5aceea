/*
 * name_index.c - a hash table of names (see name_index.h): open
 * addressing, linear probing, FNV-1a of the name, grown to keep it at
 * most half full.
 *
 * Uses nothing else of C-1.
 */
#include "name_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *name)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    return (size_t)(h ^ h >> 29);
}

/* The slot of name, or the empty slot where it would go. */
static struct name_index_slot *slot_of(const struct name_index *index, const char *name)
{
    size_t mask = index->capacity - 1;
    for (size_t i = hash(name) & mask;; i = (i + 1) & mask) {
        struct name_index_slot *s = &index->slots[i];
        if (!s->name || !strcmp(s->name, name))
            return s;
    }
}

static int grow(struct name_index *index)
{
    size_t capacity = index->capacity ? index->capacity * 2 : 64;
    struct name_index bigger = {calloc(capacity, sizeof *bigger.slots), capacity, index->count};
    if (!bigger.slots)
        return -1;
    for (size_t i = 0; i < index->capacity; i++)
        if (index->slots[i].name)
            *slot_of(&bigger, index->slots[i].name) = index->slots[i];
    free(index->slots);
    *index = bigger;
    return 0;
}

int name_index_put(struct name_index *index, const char *name, size_t first, size_t second)
{
    if ((index->count + 1) * 2 > index->capacity && grow(index))
        return -1;
    struct name_index_slot *s = slot_of(index, name);
    if (s->name)
        return 1;
    s->name = name;
    s->first = first;
    s->second = second;
    index->count++;
    return 0;
}

bool name_index_get(const struct name_index *index, const char *name, size_t *first,
                    size_t *second)
{
    if (!index->capacity)
        return false;
    const struct name_index_slot *s = slot_of(index, name);
    if (!s->name)
        return false;
    *first = s->first;
    *second = s->second;
    return true;
}

void name_index_free(struct name_index *index)
{
    free(index->slots);
    memset(index, 0, sizeof *index);
}
