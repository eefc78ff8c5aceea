/*
 * test_support.h - small helpers shared by the cmocka unit tests: the path
 * of the reference data (data/refdata/).  cpu_test_util.h builds on it a
 * bare machine with code placed parcel by parcel.
 */
#ifndef C1_TEST_SUPPORT_H
#define C1_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Where the reference data are (data/refdata/README.md names their
 * sources): $C1_REFDATA, else data/refdata relative to the working
 * directory, which is the top of the repository when `make` runs the tests. */
static inline const char *test_refdata_dir(void)
{
    const char *dir = getenv("C1_REFDATA");
    return dir && *dir ? dir : "data/refdata";
}

#endif
