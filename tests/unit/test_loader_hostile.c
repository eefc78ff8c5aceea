/*
 * test_loader_hostile.c - object modules made to hurt the loader: a
 * module with 200,000 externals and as many relocations against another's
 * 200,000 entries links in seconds (each external was looked up by
 * scanning every entry of every loaded module: minutes, the site stopped
 * meanwhile), and is read and written as fast (the duplicate check
 * compared every pair); a library of more than 4096 modules and a program
 * of more than 2^20 symbols are refused by name, not as "out of memory".
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "os/loader/library.h"
#include "os/loader/loader.h"

#define MANY 200000u
#define SECONDS_ALLOWED 30.0

static double seconds_since(struct timespec start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
}

/* A module named name with a block of words words, Cray-1. */
static void module_init(struct object_module *m, const char *name, uint32_t words)
{
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    m->models = 1;
    m->align = 1;
    m->start = OBJECT_NO_START;
    m->length = words;
    m->words = calloc(words ? words : 1, sizeof *m->words);
    assert_non_null(m->words);
}

/* USER: count externals X0.., word i holding external i's value (a 'V'
 * relocation of its low 24 bits). */
static void user_module(struct object_module *m, uint32_t count)
{
    module_init(m, "USER", count);
    m->externals = calloc(count, sizeof *m->externals);
    m->relocs = calloc(count, sizeof *m->relocs);
    assert_true(m->externals && m->relocs);
    for (uint32_t i = 0; i < count; i++) {
        snprintf(m->externals[i], sizeof m->externals[i], "X%u", i % 10000000u);
        m->relocs[i] = (struct object_reloc){.place = OBJ_BLOCK, .word = i, .shift = 0, .width = 24,
                                             .unit = OBJ_UNIT_VALUE, .target = OBJ_EXTERNAL,
                                             .index = i};
    }
    m->external_count = m->reloc_count = count;
}

/* DEFS: count entries X0.. (a word each, X<i> at word i). */
static void definer_module(struct object_module *m, uint32_t count)
{
    module_init(m, "DEFS", count);
    m->symbols = calloc(count, sizeof *m->symbols);
    assert_non_null(m->symbols);
    for (uint32_t i = 0; i < count; i++) {
        struct object_symbol *s = &m->symbols[i];
        snprintf(s->name, sizeof s->name, "X%u", i % 10000000u);
        s->attribute = 'W';
        s->entry = true;
        s->target = OBJ_BLOCK;
        s->value = i;
    }
    m->symbol_count = count;
}

/* An object file of USER with MANY externals (and DEFS, if asked). */
static void user_file(struct object_file *file, bool with_definer)
{
    *file = (struct object_file){OBJECT_FILE, NULL, 0};
    struct object_module m;
    user_module(&m, MANY);
    assert_int_equal(object_file_add(file, &m), 0);
    if (with_definer) {
        definer_module(&m, MANY);
        assert_int_equal(object_file_add(file, &m), 0);
    }
}

static void test_many_externals_link_quickly(void **state)
{
    (void)state;
    struct object_file file;
    user_file(&file, true);
    struct loader_input in = {&file, "OBJ"};
    struct loader_result r;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(loader_link(&in, 1, NULL, 0, 0200, LOADER_MAP_OFF, &r), 0);
    assert_true(seconds_since(start) < SECONDS_ALLOWED);
    /* USER at 0200, DEFS after it: word i of USER holds X<i>'s address. */
    assert_int_equal(r.executable.words[7] & 0xFFFFFF, 0200 + MANY + 7);
    assert_int_equal(r.executable.words[MANY - 1] & 0xFFFFFF, 0200 + 2 * MANY - 1);
    loader_result_free(&r);
    object_file_free(&file);
}

static void test_many_externals_read_quickly(void **state)
{
    (void)state;
    struct object_file file;
    user_file(&file, false);
    unsigned char *bytes;
    size_t length;
    char error[300];
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(object_serialize(&file, &bytes, &length, error, sizeof error), 0);
    struct object_file back;
    assert_int_equal(object_parse(bytes, length, &back, error, sizeof error), 0);
    assert_true(seconds_since(start) < SECONDS_ALLOWED);
    assert_int_equal(back.modules[0].external_count, MANY);
    object_file_free(&back);
    free(bytes);
    /* A repeated external is still found, among as many. */
    snprintf(file.modules[0].externals[MANY - 1], 9, "X12345");
    assert_int_equal(object_serialize(&file, &bytes, &length, error, sizeof error), -1);
    assert_string_equal(error, "module USER: external X12345 named twice");
    object_file_free(&file);
}

static void test_library_of_too_many_modules(void **state)
{
    (void)state;
    struct object_file files[2] = {{OBJECT_FILE, NULL, 0}, {OBJECT_FILE, NULL, 0}};
    for (unsigned f = 0; f < 2; f++)
        for (unsigned i = 0; i < 3000; i++) {
            struct object_module m;
            char name[9];
            snprintf(name, sizeof name, "%c%u", "AB"[f], i % 10000u);
            module_init(&m, name, 1);
            assert_int_equal(object_file_add(&files[f], &m), 0);
        }
    struct loader_input in[2] = {{&files[0], "A"}, {&files[1], "B"}};
    struct object_file library;
    char *report, error[200];
    assert_int_equal(library_build(NULL, in, 2, &library, &report, error, sizeof error), -1);
    assert_string_equal(error, "a library holds at most 4096 modules");
    object_file_free(&files[0]);
    object_file_free(&files[1]);
}

static void test_program_of_too_many_symbols(void **state)
{
    (void)state;
    struct object_file file = {OBJECT_FILE, NULL, 0};
    for (unsigned k = 0; k < 2; k++) {
        struct object_module m;
        definer_module(&m, EXECUTABLE_MAX_SYMBOLS / 2 + 1);
        for (size_t s = 0; s < m.symbol_count; s++)
            m.symbols[s].entry = false;
        m.name[0] = k ? 'E' : 'D';
        assert_int_equal(object_file_add(&file, &m), 0);
    }
    struct loader_input in = {&file, "OBJ"};
    struct loader_result r;
    assert_int_equal(loader_link(&in, 1, NULL, 0, 0200, LOADER_MAP_OFF, &r), 1);
    assert_int_equal(r.message_count, 1);
    assert_string_equal(r.messages[0], "error: the program has 1048578 symbols: more than 1048576");
    loader_result_free(&r);
    object_file_free(&file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_externals_link_quickly),
        cmocka_unit_test(test_many_externals_read_quickly),
        cmocka_unit_test(test_library_of_too_many_modules),
        cmocka_unit_test(test_program_of_too_many_symbols),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
