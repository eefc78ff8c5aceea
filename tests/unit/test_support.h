/*
 * test_support.h - small helpers shared by the cmocka unit tests: paths to
 * the shared reference data, and building a bare machine with code placed
 * parcel by parcel (so that CPU tests do not depend on the assembler).
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

/* Where ../shared/refdata is: $C1_REFDATA, else ../shared/refdata. */
static inline const char *test_refdata_dir(void)
{
    const char *dir = getenv("C1_REFDATA");
    return dir && *dir ? dir : "../shared/refdata";
}

#endif
