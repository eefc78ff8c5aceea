/*
 * name_index.h - a hash table from a name (an entry point's, a module's:
 * 1-8 characters) to the place that has it, so that linking thousands of
 * modules with as many entries and externals costs time in proportion to
 * their number, not to its square.  The names are not copied: each must
 * outlive the index.  The first name put wins; a later put of the same
 * name is refused (name_index_put returns 1).
 */
#ifndef C1_OS_NAME_INDEX_H
#define C1_OS_NAME_INDEX_H

#include <stdbool.h>
#include <stddef.h>

struct name_index_slot {
    const char *name;          /* NULL: empty */
    size_t first, second;      /* what the name stands for */
};

struct name_index {
    struct name_index_slot *slots;
    size_t capacity, count;    /* capacity a power of two, or 0 */
};

/* Put name -> (first, second).  0 put, 1 the name is there already (kept
 * as it was), -1 no memory. */
int name_index_put(struct name_index *index, const char *name, size_t first, size_t second);

/* True with *first and *second if name is there. */
bool name_index_get(const struct name_index *index, const char *name, size_t *first,
                    size_t *second);

void name_index_free(struct name_index *index);

#endif
