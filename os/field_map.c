/*
 * field_map.c - memory fields: first fit and compaction (see field_map.h).
 */
#include "field_map.h"

#include <string.h>

void field_map_init(struct field_map *map, uint32_t memory_words)
{
    memset(map, 0, sizeof *map);
    map->memory_words = memory_words;
}

static uint32_t end_of(const struct field *f) { return f->base + f->length; }

int field_allocate(struct field_map *map, uint32_t length, int owner, uint32_t *base)
{
    if (length == 0 || map->count >= FIELD_MAP_MAX)
        return -1;
    uint32_t at = 0;
    int index = 0;
    for (; index <= map->count; index++) {
        uint32_t next = index < map->count ? map->field[index].base : map->memory_words;
        if (next >= at && next - at >= length)
            break;
        if (index < map->count)
            at = end_of(&map->field[index]);
    }
    if (index > map->count)
        return -1;
    memmove(&map->field[index + 1], &map->field[index],
            sizeof map->field[0] * (size_t)(map->count - index));
    map->field[index] = (struct field){at, length, owner};
    map->count++;
    *base = at;
    return 0;
}

void field_release(struct field_map *map, int owner)
{
    for (int i = 0; i < map->count; i++) {
        if (map->field[i].owner == owner) {
            memmove(&map->field[i], &map->field[i + 1],
                    sizeof map->field[0] * (size_t)(map->count - i - 1));
            map->count--;
            return;
        }
    }
}

uint32_t field_free_words(const struct field_map *map)
{
    uint32_t used = 0;
    for (int i = 0; i < map->count; i++)
        used += map->field[i].length;
    return map->memory_words - used;
}

uint32_t field_largest_hole(const struct field_map *map)
{
    uint32_t at = 0, largest = 0;
    for (int i = 0; i <= map->count; i++) {
        uint32_t next = i < map->count ? map->field[i].base : map->memory_words;
        if (next - at > largest)
            largest = next - at;
        if (i < map->count)
            at = end_of(&map->field[i]);
    }
    return largest;
}

int field_compact(struct field_map *map,
                  void (*move)(void *context, int owner, uint32_t from, uint32_t to,
                               uint32_t length),
                  void *context)
{
    uint32_t at = 0;
    int moved = 0;
    for (int i = 0; i < map->count; i++) {
        struct field *f = &map->field[i];
        if (f->base != at) {
            move(context, f->owner, f->base, at, f->length);
            f->base = at;
            moved++;
        }
        at = end_of(f);
    }
    return moved;
}

int field_resize(struct field_map *map, int owner, uint32_t length)
{
    for (int i = 0; i < map->count; i++) {
        struct field *f = &map->field[i];
        if (f->owner != owner)
            continue;
        uint32_t limit = i + 1 < map->count ? map->field[i + 1].base : map->memory_words;
        if (length == 0 || f->base + (uint64_t)length > limit)
            return -1;
        f->length = length;
        return 0;
    }
    return -1;
}
