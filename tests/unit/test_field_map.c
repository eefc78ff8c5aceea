/*
 * test_field_map.c - memory fields: first fit, release, holes, compaction
 * (fields moved toward 0 in order, each move reported), resizing in place.
 */
#include "test_support.h"

#include "os/field_map.h"

struct moves {
    int count;
    int owner[8];
    uint32_t from[8], to[8];
};

static void record_move(void *context, int owner, uint32_t from, uint32_t to, uint32_t length)
{
    (void)length;
    struct moves *m = context;
    m->owner[m->count] = owner;
    m->from[m->count] = from;
    m->to[m->count] = to;
    m->count++;
}

static void first_fit_and_compaction(void **state)
{
    (void)state;
    struct field_map map;
    field_map_init(&map, 4096);
    uint32_t base;
    assert_int_equal(field_allocate(&map, 1024, 1, &base), 0);
    assert_int_equal(base, 0);
    assert_int_equal(field_allocate(&map, 1024, 2, &base), 0);
    assert_int_equal(base, 1024);
    assert_int_equal(field_allocate(&map, 1024, 3, &base), 0);
    assert_int_equal(base, 2048);
    /* Free the first and third: two holes of 1024 and 2048 (at the end). */
    field_release(&map, 1);
    field_release(&map, 3);
    assert_int_equal(field_free_words(&map), 3072);
    assert_int_equal(field_largest_hole(&map), 2048);
    /* First fit takes the lowest hole that fits: 512 goes to 0. */
    assert_int_equal(field_allocate(&map, 512, 4, &base), 0);
    assert_int_equal(base, 0);
    /* 2560 words are free (512 at 512, 2048 at 2048) but no hole holds 2560. */
    assert_int_equal(field_allocate(&map, 2560, 5, &base), -1);
    /* Compaction moves job 2 from 1024 to 512; then 2560 fits at 1536. */
    struct moves moves = {0};
    assert_int_equal(field_compact(&map, record_move, &moves), 1);
    assert_int_equal(moves.count, 1);
    assert_int_equal(moves.owner[0], 2);
    assert_int_equal(moves.from[0], 1024);
    assert_int_equal(moves.to[0], 512);
    assert_int_equal(field_largest_hole(&map), 2560);
    assert_int_equal(field_allocate(&map, 2560, 5, &base), 0);
    assert_int_equal(base, 1536);
    assert_int_equal(field_free_words(&map), 0);
}

static void resize_in_place(void **state)
{
    (void)state;
    struct field_map map;
    field_map_init(&map, 4096);
    uint32_t base;
    field_allocate(&map, 1024, 1, &base);
    field_allocate(&map, 1024, 2, &base);
    /* Job 1 cannot grow into job 2; job 2 can grow to the end. */
    assert_int_equal(field_resize(&map, 1, 2048), -1);
    assert_int_equal(field_resize(&map, 2, 3072), 0);
    assert_int_equal(field_free_words(&map), 0);
    assert_int_equal(field_resize(&map, 2, 512), 0);
    assert_int_equal(field_free_words(&map), 2560);
    assert_int_equal(field_resize(&map, 9, 512), -1);   /* no such field */
    assert_int_equal(field_allocate(&map, 0, 3, &base), -1);   /* empty field */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_fit_and_compaction),
        cmocka_unit_test(resize_in_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
