/*
 * abort_cause.c - the error flags that abort a job step (see abort_cause.h).
 */
#include "abort_cause.h"

#include <stddef.h>

#include "emu/cpu.h"

/* First match wins: an error exit that also left a range flag is an
 * error exit. */
static const struct abort_cause causes[] = {
    {FLAG_ERROR_EXIT, "AB001", "PROGRAM ERROR EXIT"},
    {FLAG_OPERAND_RANGE, "AB002", "OPERAND RANGE ERROR"},
    {FLAG_PROGRAM_RANGE, "AB003", "PROGRAM RANGE ERROR"},
    {FLAG_FLOATING_ERROR, "AB005", "FLOATING-POINT ERROR"},
};

const struct abort_cause *abort_cause_of(uint32_t flags)
{
    for (size_t i = 0; i < sizeof causes / sizeof causes[0]; i++)
        if (flags & causes[i].flag)
            return &causes[i];
    return NULL;
}
