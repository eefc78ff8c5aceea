/*
 * test_loader.c - the loader (os/loader/): object modules linked at an
 * origin give the words the assembler's own one-file link gives, moved;
 * common blocks shared by name, as long as the longest, the blank one
 * last, initial words kept; library modules loaded only when an external
 * wants them; unresolved externals named together with the modules that
 * want them; duplicate entries reported, the first used; BUILD's
 * replacement and its duplicate entries; the system library.
 */
#include "cal_test_helpers.h"

#include <stdlib.h>

#include "os/loader/library.h"
#include "os/loader/loader.h"

static const char *main_source =
    "         IDENT     MAIN\n"
    "         EXT       ADDUP\n"
    "         START     GO\n"
    "GO       A1        TABLE\n"
    "         R         ADDUP\n"
    "         J         GO\n"
    "TABLE    CON       1,2,3,TABLE\n"
    "         COMMON    WORK\n"
    "SUM      CON       0,O'77\n"
    "         COMMON\n"
    "BLANK    BSS       4\n"
    "         END\n";
static const char *sub_source =
    "         IDENT     ADD\n"
    "         ENTRY     ADDUP\n"
    "ADDUP    S1        0,A1\n"
    "         SUM,      S1\n"
    "         BLANK+7,  S1\n"
    "         J         B00\n"
    "         COMMON    WORK\n"
    "SUM      BSS       1\n"
    "         COMMON\n"
    "BLANK    BSS       8\n"
    "         END\n";

static void object_of(const char *source, struct cal_result *r)
{
    assert_int_equal(cal_test_assemble_object(source, r), 0);
}

static int link_objects(struct cal_result *objects, size_t count, const struct object_file *library,
                uint32_t origin, struct loader_result *out)
{
    struct loader_input in[4], lib = {library, "LIB"};
    for (size_t i = 0; i < count; i++) {
        in[i].file = &objects[i].object;
        in[i].name = "OBJ";
    }
    return loader_link(in, count, &lib, library ? 1 : 0, origin, LOADER_MAP_FULL, out);
}

/* Two object modules linked at 0: the words of the same two modules
 * assembled and linked as one file; at 0200 every address is 0200 more. */
static void test_same_as_one_file(void **state)
{
    (void)state;
    struct cal_result objects[2], whole;
    object_of(main_source, &objects[0]);
    object_of(sub_source, &objects[1]);
    char both[2000];
    snprintf(both, sizeof both, "%s%s", main_source, sub_source);
    assert_int_equal(cal_test_assemble(both, 0, &whole), 0);
    struct loader_result at0, at200;
    assert_int_equal(link_objects(objects, 2, NULL, 0, &at0), 0);
    assert_int_equal(at0.executable.word_count, whole.executable.word_count);
    assert_memory_equal(at0.executable.words, whole.executable.words,
                        whole.executable.word_count * 8);
    assert_int_equal(at0.executable.entry, whole.executable.entry);
    assert_int_equal(link_objects(objects, 2, NULL, 0200, &at200), 0);
    assert_int_equal(at200.executable.origin, 0200);
    assert_int_equal(at200.hlm, 0200 + at0.executable.word_count);
    assert_int_equal(at200.executable.entry, 0200 * 4);
    const uint64_t *w0 = at0.executable.words, *w2 = at200.executable.words;
    assert_int_equal((w2[0] >> 32) & 0x3FFFFF, ((w0[0] >> 32) & 0x3FFFFF) + 0200);  /* A1 TABLE */
    assert_int_equal(w2[0] & 0xFFFFFF, (w0[0] & 0xFFFFFF) + 0200 * 4);             /* R ADDUP */
    assert_int_equal(w2[5], w0[5] + 0200);                                           /* CON TABLE */
    assert_int_equal(w2[2], w0[2]);                                                  /* CON 1 */
    /* The map: modules, commons (blank last), entries. */
    assert_non_null(strstr(at200.map, "MAIN      00000200  00000006  OBJ"));
    assert_non_null(strstr(at200.map, "ADD       00000206  00000002  OBJ"));
    assert_non_null(strstr(at200.map, "/WORK/    00000210  00000002  MAIN"));
    assert_non_null(strstr(at200.map, "//        00000212  00000010  MAIN"));
    assert_non_null(strstr(at200.map, "ADDUP     00000206a  ADD"));
    /* /WORK/'s initial words (MAIN's CON 0,77) are in the program. */
    assert_int_equal(w2[0210 - 0200 + 1], 077);
    loader_result_free(&at0);
    loader_result_free(&at200);
    cal_result_free(&objects[0]);
    cal_result_free(&objects[1]);
    cal_result_free(&whole);
}

static bool has_message(const struct loader_result *r, const char *text)
{
    for (size_t i = 0; i < r->message_count; i++)
        if (!strcmp(r->messages[i], text))
            return true;
    return false;
}

static void test_unresolved_named_together(void **state)
{
    (void)state;
    struct cal_result objects[2];
    object_of(main_source, &objects[0]);
    object_of("         IDENT     OTHER\n         EXT       GONE,ALSO\n"
              "         R         GONE\n         R         ALSO\n         END\n", &objects[1]);
    struct loader_result r;
    assert_int_equal(link_objects(objects, 2, NULL, 0200, &r), 1);
    assert_false(r.has_executable);
    assert_int_equal(r.error_count, 3);
    assert_true(has_message(&r, "error: unresolved external ADDUP wanted by module MAIN"));
    assert_true(has_message(&r, "error: unresolved external GONE wanted by module OTHER"));
    assert_true(has_message(&r, "error: unresolved external ALSO wanted by module OTHER"));
    loader_result_free(&r);
    cal_result_free(&objects[0]);
    cal_result_free(&objects[1]);
}

static void test_duplicates_reported(void **state)
{
    (void)state;
    struct cal_result objects[3];
    object_of(main_source, &objects[0]);
    object_of(sub_source, &objects[1]);
    object_of("         IDENT     ADD2\n         ENTRY     ADDUP\nADDUP    J         B00\n"
              "         END\n", &objects[2]);
    struct loader_result r;
    assert_int_equal(link_objects(objects, 3, NULL, 0, &r), 0);
    assert_true(has_message(&r, "warning: duplicate entry ADDUP in modules ADD and ADD2 "
                               "(ADD's is used)"));
    /* R ADDUP goes to ADD's, at word 6. */
    assert_int_equal(r.executable.words[0] & 0xFFFFFF, 6 * 4);
    loader_result_free(&r);
    for (int i = 0; i < 3; i++)
        cal_result_free(&objects[i]);
}

/* A library: BUILD of two objects, one replacing a module of an old
 * library; only the module an external wants is loaded. */
static void test_library_search_and_build(void **state)
{
    (void)state;
    struct cal_result sub, unused, old_add, main_object;
    object_of(sub_source, &sub);
    object_of("         IDENT     UNUSED\n         ENTRY     NOBODY\nNOBODY   J         B00\n"
              "         END\n", &unused);
    object_of("         IDENT     ADD\n         ENTRY     ADDUP,OLDONE\nADDUP    J         B00\n"
              "OLDONE   J         B00\n         END\n", &old_add);
    object_of(main_source, &main_object);
    struct loader_input in[2] = {{&sub.object, "NEW"}, {&unused.object, "UNUSED"}};
    struct object_file old, library;
    char *report, error[300];
    assert_int_equal(library_build(NULL, &(struct loader_input){&old_add.object, "OLD"}, 1, &old,
                                   &report, error, sizeof error), 0);
    free(report);
    assert_int_equal(library_build(&old, in, 2, &library, &report, error, sizeof error), 0);
    assert_string_equal(report, "MODULE ADD      REPLACED FROM NEW\n"
                                "MODULE UNUSED   ADDED FROM UNUSED\n");
    free(report);
    assert_int_equal(library.module_count, 2);
    struct loader_result r;
    assert_int_equal(link_objects(&main_object, 1, &library, 0200, &r), 0);
    assert_non_null(strstr(r.map, "ADD       00000206  00000002  LIB"));
    assert_null(strstr(r.map, "UNUSED"));
    loader_result_free(&r);
    /* An object whose entry another module of the library has: refused. */
    struct cal_result dup;
    object_of("         IDENT     TWIN\n         ENTRY     ADDUP\nADDUP    J         B00\n"
              "         END\n", &dup);
    struct object_file bad;
    assert_int_equal(library_build(&library, &(struct loader_input){&dup.object, "TWIN"}, 1, &bad,
                                   &report, error, sizeof error), -1);
    assert_string_equal(error, "duplicate entry ADDUP in modules ADD and TWIN");
    object_file_free(&old);
    object_file_free(&library);
    cal_result_free(&dup);
    cal_result_free(&sub);
    cal_result_free(&unused);
    cal_result_free(&old_add);
    cal_result_free(&main_object);
}

static void test_system_library(void **state)
{
    (void)state;
    struct object_file syslib;
    char error[200];
    assert_int_equal(library_system(&syslib, error, sizeof error), 0);
    assert_int_equal(syslib.kind, OBJECT_LIBRARY);
    struct cal_result hello;
    object_of("         IDENT     HELLO\n         EXT       $MSG,$END\n         START     GO\n"
              "GO       S1        TEXT\n         R         $MSG\n         R         $END\n"
              "TEXT     DATA      'HI'Z\n         END\n", &hello);
    struct loader_result r;
    assert_int_equal(link_objects(&hello, 1, &syslib, 0200, &r), 0);
    assert_non_null(strstr(r.map, "SYSLIB    00000203"));
    /* R $MSG: the first routine of the system library, parcel 0203a. */
    assert_int_equal(r.executable.words[0] & 0xFFFFFF, 0203 * 4);
    loader_result_free(&r);
    cal_result_free(&hello);
    object_file_free(&syslib);
}

/* An address field the loader completes may hold a negative offset: an
 * external minus a constant (EXT X, A4 X-1) and a common block's symbol
 * minus more than its offset (a table addressed from below its start, as
 * real code does: "a2 at-10101").  The field holds the offset modulo 2^22
 * and the linked instruction the address itself. */
static void test_negative_offsets(void **state)
{
    (void)state;
    struct cal_result objects[2];
    object_of("         IDENT     LOW\n"
              "         EXT       X\n"
              "         START     GO\n"
              "GO       A4        X-1\n"
              "         S1        X-1\n"
              "         A2        AT-100\n"
              "         J         B00\n"
              "         COMMON    GLOBAL\n"
              "FIRST    BSS       10\n"
              "AT       BSS       1\n"
              "         END\n", &objects[0]);
    object_of("         IDENT     HIGH\n"
              "         ENTRY     X\n"
              "         BSS       O'100\n"
              "X        CON       5\n"
              "         END\n", &objects[1]);
    struct loader_result r;
    assert_int_equal(link_objects(objects, 2, NULL, 0200, &r), 0);
    const uint64_t *w = r.executable.words;
    const char *high = strstr(r.map, "HIGH      ");
    assert_non_null(high);
    uint32_t x = (uint32_t)strtoul(high + 10, NULL, 8) + 0100;   /* HIGH's origin + 0100 */
    assert_int_equal(isa_jkm((unsigned)(w[0] >> 48), (unsigned)(w[0] >> 32)), x - 1);  /* A4 */
    assert_int_equal(isa_jkm((unsigned)(w[0] >> 16), (unsigned)w[0]), x - 1);         /* S1 */
    /* /GLOBAL/ follows both blocks: AT is 10 words into it. */
    const char *line = strstr(r.map, "/GLOBAL/");
    assert_non_null(line);
    unsigned global = (unsigned)strtoul(line + 10, NULL, 8);
    assert_int_equal(isa_jkm((unsigned)(w[1] >> 48), (unsigned)(w[1] >> 32)),
                     global + 10 - 100);                                             /* A2 */
    loader_result_free(&r);
    cal_result_free(&objects[0]);
    cal_result_free(&objects[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_one_file),
        cmocka_unit_test(test_unresolved_named_together),
        cmocka_unit_test(test_duplicates_reported),
        cmocka_unit_test(test_library_search_and_build),
        cmocka_unit_test(test_system_library),
        cmocka_unit_test(test_negative_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
