/*
 * dropfile_big.c - the large buffers of a dropfile (a field of a million
 * words is 8 MiB): allocated on huge-page boundaries and marked for huge
 * pages where the host has them, so that filling one costs a few page
 * faults instead of one per 4 KiB page (on a virtual machine each fault
 * costs tens of microseconds: 8 MiB in small pages took 40-50 ms to touch,
 * in huge pages under 2 ms).  Freed with free().
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "dropfile_internal.h"

#define HUGE_PAGE_BYTES ((size_t)2 << 20)

void *dropfile_big_alloc(size_t size)
{
    if (size < HUGE_PAGE_BYTES)
        return malloc(size ? size : 1);
    void *p;
    if (posix_memalign(&p, HUGE_PAGE_BYTES, size))
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE);   /* advice only: without it, small pages */
#endif
    return p;
}

void *dropfile_big_realloc(void *old, size_t used, size_t size)
{
    if (size < HUGE_PAGE_BYTES)
        return realloc(old, size ? size : 1);
    void *p = dropfile_big_alloc(size);
    if (p && used)
        memcpy(p, old, used);
    if (p)
        free(old);
    return p;
}
