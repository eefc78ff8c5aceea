/*
 * test_cal_executable.c - the executable format (os/cal/executable.h): write
 * and read back, the atomic file write, raw images, loading into memory,
 * and rejection of every truncated or damaged file with a message.
 */
#include "cal_test_helpers.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/cal/executable.h"
#include "emu/memory.h"

static void sample(struct executable *exe)
{
    memset(exe, 0, sizeof *exe);
    exe->version = EXECUTABLE_VERSION;
    exe->models = MODEL_CRAY1;
    strcpy(exe->name, "SAMPLE");
    exe->entry = 5;
    exe->word_count = 3;
    exe->words = malloc(3 * sizeof *exe->words);
    exe->words[0] = 0x0123456789ABCDEFULL;
    exe->words[1] = 0;
    exe->words[2] = UINT64_MAX;
    exe->symbol_count = 2;
    exe->symbols = calloc(2, sizeof *exe->symbols);
    strcpy(exe->symbols[0].name, "GO");
    exe->symbols[0].attribute = EXE_ATTR_PARCEL;
    exe->symbols[0].value = 5;
    exe->symbols[0].entry = true;
    strcpy(exe->symbols[1].name, "K$%@9");
    strcpy(exe->symbols[1].section, "DATA");
    exe->symbols[1].attribute = EXE_ATTR_VALUE;
    exe->symbols[1].value = -7;
}

static void same(const struct executable *a, const struct executable *b)
{
    assert_false(b->raw);
    assert_int_equal(a->models, b->models);
    assert_string_equal(a->name, b->name);
    assert_true(a->entry == b->entry);
    assert_int_equal(a->word_count, b->word_count);
    assert_memory_equal(a->words, b->words, a->word_count * sizeof *a->words);
    assert_int_equal(a->symbol_count, b->symbol_count);
    for (size_t s = 0; s < a->symbol_count; s++) {
        assert_string_equal(a->symbols[s].name, b->symbols[s].name);
        assert_string_equal(a->symbols[s].section, b->symbols[s].section);
        assert_int_equal(a->symbols[s].attribute, b->symbols[s].attribute);
        assert_int_equal(a->symbols[s].entry, b->symbols[s].entry);
        assert_true(a->symbols[s].value == b->symbols[s].value);
    }
}

static void test_serialize_round_trip(void **state)
{
    (void)state;
    struct executable exe, back;
    sample(&exe);
    unsigned char *bytes;
    size_t length;
    assert_int_equal(executable_serialize(&exe, false, &bytes, &length), 0);
    assert_int_equal(length, EXECUTABLE_HEADER_BYTES + 3 * 8 + 2 * EXECUTABLE_SYMBOL_BYTES + 8);
    assert_memory_equal(bytes, EXECUTABLE_MAGIC, 8);
    /* Big-endian: the first word's bytes in order. */
    assert_int_equal(bytes[EXECUTABLE_HEADER_BYTES], 0x01);
    assert_int_equal(bytes[EXECUTABLE_HEADER_BYTES + 7], 0xEF);
    char error[256];
    assert_int_equal(executable_parse(bytes, length, EXE_KIND_FORMAT, &back, error, sizeof error), 0);
    same(&exe, &back);
    executable_free(&back);
    assert_int_equal(executable_parse(bytes, length, EXE_KIND_ANY, &back, error, sizeof error), 0);
    same(&exe, &back);
    executable_free(&back);
    free(bytes);
    executable_free(&exe);
}

static void test_every_truncation_and_damage_rejected(void **state)
{
    (void)state;
    struct executable exe, back;
    sample(&exe);
    unsigned char *bytes;
    size_t length;
    assert_int_equal(executable_serialize(&exe, false, &bytes, &length), 0);
    char error[256];
    for (size_t n = 0; n < length; n++) {
        error[0] = '\0';
        assert_int_equal(executable_parse(bytes, n, EXE_KIND_FORMAT, &back, error, sizeof error), -1);
        assert_true(error[0] != '\0');
    }
    for (size_t i = 0; i < length; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
            bytes[i] ^= (unsigned char)(1u << bit);
            error[0] = '\0';
            int status = executable_parse(bytes, length, EXE_KIND_FORMAT, &back, error, sizeof error);
            assert_int_equal(status, -1);
            assert_true(error[0] != '\0');
            bytes[i] ^= (unsigned char)(1u << bit);
        }
    }
    /* Extra bytes after the end. */
    unsigned char *longer = malloc(length + 1);
    memcpy(longer, bytes, length);
    longer[length] = 0;
    assert_int_equal(executable_parse(longer, length + 1, EXE_KIND_FORMAT, &back, error, sizeof error),
                     -1);
    assert_non_null(strstr(error, "garbage"));
    free(longer);
    /* A truncated file names what is wrong. */
    assert_int_equal(executable_parse(bytes, length - 9, EXE_KIND_ANY, &back, error, sizeof error), -1);
    assert_non_null(strstr(error, "truncated"));
    free(bytes);
    executable_free(&exe);
}

static void test_bad_fields_messages(void **state)
{
    (void)state;
    struct executable exe, back;
    sample(&exe);
    char error[256];
    unsigned char *bytes;
    size_t length;
    exe.entry = 3 * 4;   /* past the end */
    assert_int_equal(executable_serialize(&exe, false, &bytes, &length), 0);
    assert_int_equal(executable_parse(bytes, length, EXE_KIND_FORMAT, &back, error, sizeof error), -1);
    assert_non_null(strstr(error, "entry point"));
    free(bytes);
    exe.entry = EXECUTABLE_NO_ENTRY;
    strcpy(exe.symbols[0].name, "9BAD");
    assert_int_equal(executable_serialize(&exe, false, &bytes, &length), 0);
    assert_int_equal(executable_parse(bytes, length, EXE_KIND_FORMAT, &back, error, sizeof error), -1);
    assert_non_null(strstr(error, "bad name"));
    free(bytes);
    executable_free(&exe);
    /* A huge word count in a short file. */
    sample(&exe);
    assert_int_equal(executable_serialize(&exe, false, &bytes, &length), 0);
    bytes[32] = 0x7F;
    assert_int_equal(executable_parse(bytes, length, EXE_KIND_FORMAT, &back, error, sizeof error), -1);
    free(bytes);
    executable_free(&exe);
    /* Not an executable at all. */
    assert_int_equal(executable_parse((const unsigned char *)"hello", 5, EXE_KIND_FORMAT, &back, error,
                                      sizeof error),
                     -1);
}

static void test_raw_images(void **state)
{
    (void)state;
    const unsigned char raw[16] = {1, 2, 3, 4, 5, 6, 7, 8, 0xF0, 0, 0, 0, 0, 0, 0, 0x0F};
    struct executable exe;
    char error[256];
    assert_int_equal(executable_parse(raw, 16, EXE_KIND_ANY, &exe, error, sizeof error), 0);
    assert_true(exe.raw);
    assert_int_equal(exe.word_count, 2);
    assert_true(exe.words[0] == 0x0102030405060708ULL);
    assert_true(exe.words[1] == 0xF00000000000000FULL);
    assert_true(exe.entry == 0);
    unsigned char *bytes;
    size_t length;
    assert_int_equal(executable_serialize(&exe, true, &bytes, &length), 0);
    assert_int_equal(length, 16);
    assert_memory_equal(bytes, raw, 16);
    free(bytes);
    executable_free(&exe);
    assert_int_equal(executable_parse(raw, 15, EXE_KIND_RAW, &exe, error, sizeof error), -1);
    assert_non_null(strstr(error, "whole number"));
    assert_int_equal(executable_parse(raw, 0, EXE_KIND_ANY, &exe, error, sizeof error), -1);
}

static void test_files_and_load(void **state)
{
    (void)state;
    char dir[] = "/tmp/c1exeXXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/prog.c1x", dir);
    struct executable exe, back;
    sample(&exe);
    char error[256];
    assert_int_equal(executable_write_file(&exe, path, false, error, sizeof error), 0);
    assert_int_equal(executable_read_file(path, EXE_KIND_ANY, &back, error, sizeof error), 0);
    same(&exe, &back);
    struct memory memory;
    assert_int_equal(memory_init(&memory, 16), 0);
    assert_int_equal(executable_load(&back, &memory, 10), 0);
    assert_true(memory.word[10] == exe.words[0]);
    assert_true(memory.word[12] == UINT64_MAX);
    assert_int_equal(executable_load(&back, &memory, 14), -1);   /* does not fit */
    memory_free(&memory);
    executable_free(&back);
    /* No temporary file is left next to it. */
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    assert_int_not_equal(access(tmp, F_OK), 0);
    /* Raw file. */
    snprintf(path, sizeof path, "%s/prog.img", dir);
    assert_int_equal(executable_write_file(&exe, path, true, error, sizeof error), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 24);
    assert_int_equal(executable_read_file(path, EXE_KIND_RAW, &back, error, sizeof error), 0);
    assert_int_equal(back.word_count, 3);
    executable_free(&back);
    unlink(path);
    snprintf(path, sizeof path, "%s/prog.c1x", dir);
    unlink(path);
    /* Errors name the file. */
    assert_int_equal(executable_read_file(path, EXE_KIND_ANY, &back, error, sizeof error), -1);
    assert_non_null(strstr(error, "prog.c1x"));
    snprintf(path, sizeof path, "%s/missing/dir/x.c1x", dir);
    assert_int_equal(executable_write_file(&exe, path, false, error, sizeof error), -1);
    rmdir(dir);
    executable_free(&exe);
}

static void test_assembled_program_round_trip(void **state)
{
    (void)state;
    struct cal_result r;
    cal_test_ok("         IDENT     P\n         ENTRY     GO\nGO       S1        1\n"
                "         START     GO\n         END\n",
                &r);
    unsigned char *bytes;
    size_t length;
    assert_int_equal(executable_serialize(&r.executable, false, &bytes, &length), 0);
    struct executable back;
    char error[256];
    assert_int_equal(executable_parse(bytes, length, EXE_KIND_FORMAT, &back, error, sizeof error), 0);
    same(&r.executable, &back);
    executable_free(&back);
    free(bytes);
    cal_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serialize_round_trip),
        cmocka_unit_test(test_every_truncation_and_damage_rejected),
        cmocka_unit_test(test_bad_fields_messages),
        cmocka_unit_test(test_raw_images),
        cmocka_unit_test(test_files_and_load),
        cmocka_unit_test(test_assembled_program_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
