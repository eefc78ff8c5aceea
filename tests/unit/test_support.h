/*
 * test_support.h - small helpers shared by the cmocka unit tests: the path
 * of the reference data (data/refdata/), and a temporary folder for a site
 * with its removal.  cpu_test_util.h builds on it a bare machine with code
 * placed parcel by parcel; dropfile_sample.h makes a sample dropfile.
 */
#ifndef C1_TEST_SUPPORT_H
#define C1_TEST_SUPPORT_H

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* Where the reference data are (data/refdata/README.md names their
 * sources): $C1_REFDATA, else data/refdata relative to the working
 * directory, which is the top of the repository when `make` runs the tests. */
static inline const char *test_refdata_dir(void)
{
    const char *dir = getenv("C1_REFDATA");
    return dir && *dir ? dir : "data/refdata";
}

/* Make a fresh folder ROOT/c1-NAME-XXXXXX into dir (size bytes), where
 * ROOT is /dev/shm when in_memory and the machine has it (sites write many
 * small files, and fsync is free there), else /tmp.  Fails the test if no
 * folder can be made. */
static inline void test_temp_dir(char *dir, size_t size, const char *name, int in_memory)
{
    if (in_memory) {
        snprintf(dir, size, "/dev/shm/c1-%s-XXXXXX", name);
        if (mkdtemp(dir))
            return;
    }
    snprintf(dir, size, "/tmp/c1-%s-XXXXXX", name);
    if (!mkdtemp(dir))
        fail_msg("cannot make a temporary folder %s", dir);
}

/* Remove path and, if it is a folder, everything in it (symbolic links are
 * removed, never followed), as rm -rf does: a path that does not exist is
 * no error.  Returns 0, or -1 if anything is left. */
static inline int test_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st))
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    int status = 0;
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    for (struct dirent *e; (e = readdir(dir));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t size = strlen(path) + strlen(e->d_name) + 2;
        char *child = malloc(size);
        if (!child) {
            status = -1;
            continue;
        }
        snprintf(child, size, "%s/%s", path, e->d_name);
        if (test_remove_tree(child))
            status = -1;
        free(child);
    }
    closedir(dir);
    return rmdir(path) || status ? -1 : 0;
}

/* A small xorshift generator: random programs and operands, the same for a
 * seed on every host. */
struct test_rng {
    uint64_t x;
};

static inline uint64_t test_rng_next(struct test_rng *r)
{
    r->x ^= r->x << 13;
    r->x ^= r->x >> 7;
    r->x ^= r->x << 17;
    return r->x;
}

#endif
