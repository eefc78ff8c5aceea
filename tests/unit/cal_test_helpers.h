/*
 * cal_test_helpers.h - helpers shared by the assembler's unit tests
 * (test_cal*.c, test_disasm.c): assemble a source text, look at the
 * program's words, parcels and symbols, and find a diagnostic by line and
 * error letter.
 */
#ifndef C1_TEST_CAL_HELPERS_H
#define C1_TEST_CAL_HELPERS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "test_support.h"

#include "os/cal/cal.h"
#include "emu/isa.h"

/* A 2-parcel instruction as the listing prints it: "0201 00000100" is
 * JKM(0201, 0100); a branch "006  00000003a" is BRANCH(006, 3 * 4 + 0). */
#define JKM(ghi, jkm) (uint16_t)(((ghi) << 6) | (((jkm) >> 16) & 077)), (uint16_t)((jkm) & 0xFFFF)
#define BRANCH(op, ijkm) (uint16_t)(((op) << 9) | (((ijkm) >> 16) & 0777)), (uint16_t)((ijkm) & 0xFFFF)

static inline int cal_test_assemble(const char *source, unsigned models, struct cal_result *r)
{
    struct cal_options options = {0};
    options.models = models;
    options.listing = true;
    int status = cal_assemble(source, strlen(source), "test.cal", &options, r);
    if (status != 0) {
        for (size_t d = 0; d < r->diagnostic_count; d++) {
            char line[600];
            cal_format_diagnostic(&r->diagnostics[d], "test.cal", line, sizeof line);
            fprintf(stderr, "  %s\n", line);
        }
    }
    return status;
}

/* Assemble and require success. */
static inline void cal_test_ok(const char *source, struct cal_result *r)
{
    assert_int_equal(cal_test_assemble(source, 0, r), 0);
    assert_true(r->has_executable);
}

static inline uint16_t cal_test_parcel(const struct cal_result *r, uint32_t parcel)
{
    assert_true(parcel / 4 < r->executable.word_count);
    return (uint16_t)(r->executable.words[parcel / 4] >> (48 - 16 * (parcel % 4)));
}

static inline void cal_test_parcels(const struct cal_result *r, uint32_t first,
                                    const uint16_t *expect, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint16_t got = cal_test_parcel(r, first + (uint32_t)i);
        if (got != expect[i])
            fprintf(stderr, "  parcel %o (word %o%c): got %06o, expected %06o\n",
                    (unsigned)(first + i), (unsigned)((first + i) / 4),
                    (char)('a' + (first + i) % 4), got, expect[i]);
        assert_int_equal(got, expect[i]);
    }
}

static inline void cal_test_words(const struct cal_result *r, uint32_t first,
                                  const uint64_t *expect, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        assert_true(first + i < r->executable.word_count);
        uint64_t got = r->executable.words[first + i];
        if (got != expect[i])
            fprintf(stderr, "  word %o: got %016llx, expected %016llx\n", (unsigned)(first + i),
                    (unsigned long long)got, (unsigned long long)expect[i]);
        assert_true(got == expect[i]);
    }
}

static inline const struct executable_symbol *cal_test_symbol(const struct cal_result *r,
                                                              const char *name)
{
    for (size_t s = 0; s < r->executable.symbol_count; s++)
        if (!strcmp(r->executable.symbols[s].name, name))
            return &r->executable.symbols[s];
    fprintf(stderr, "  no symbol %s\n", name);
    fail();
    return NULL;
}

static inline int64_t cal_test_value(const struct cal_result *r, const char *name)
{
    return cal_test_symbol(r, name)->value;
}

/* Does the result have a diagnostic with this flag on this line? */
static inline bool cal_test_has(const struct cal_result *r, int line, const char *flag)
{
    for (size_t d = 0; d < r->diagnostic_count; d++)
        if (r->diagnostics[d].line == line && !strcmp(r->diagnostics[d].flag, flag))
            return true;
    return false;
}

/* Assemble source that must fail with flag on line (and no output). */
static inline void cal_test_error(const char *source, int line, const char *flag)
{
    struct cal_result r;
    int status = cal_assemble(source, strlen(source), "test.cal", NULL, &r);
    bool found = cal_test_has(&r, line, flag);
    if (!found || status != 1) {
        fprintf(stderr, "  expected %s on line %d, status 1; got status %d:\n", flag, line, status);
        for (size_t d = 0; d < r.diagnostic_count; d++)
            fprintf(stderr, "    line %d %s %s\n", r.diagnostics[d].line, r.diagnostics[d].flag,
                    r.diagnostics[d].message);
    }
    assert_int_equal(status, 1);
    assert_true(found);
    assert_false(r.has_executable);
    cal_result_free(&r);
}

/* Assemble as relocatable object modules (c1cal -c); diagnostics printed
 * on failure. */
static inline int cal_test_assemble_object(const char *source, struct cal_result *r)
{
    struct cal_options options = {0};
    struct cal_extra_options extra = {.object = true};
    int status = cal_assemble_extra(source, strlen(source), "obj.cal", &options, &extra, r);
    for (size_t d = 0; status && d < r->diagnostic_count; d++) {
        char line[600];
        cal_format_diagnostic(&r->diagnostics[d], "obj.cal", line, sizeof line);
        fprintf(stderr, "  %s\n", line);
    }
    return status;
}

#endif
