/*
 * test_instruction_buffer.c - the instruction buffers of cray1-isa.md 6.7:
 * code is fetched a block at a time (64 parcels on the Cray-1, 128 on the
 * X-MP); a store into code that a buffer holds is not seen until the
 * buffers are emptied (by an exchange, or cpu_invalidate_buffers()), while a
 * store into a block not yet buffered is seen when that block is fetched.
 */
#include "test_support.h"

#include "cpu_test_util.h"
#include "emu/exchange.h"

/* Word 8 holds the replacement code: A2 7 (022207) ; EX. */
static void place_replacement(struct tmach *m)
{
    put_parcel(&m->mem, 32, 0022207);
    put_parcel(&m->mem, 33, 0004000);
}

/* S1 <- word 8 ; word `target` <- S1 ; PASS... ; at parcel 4*target: A2 5 ; EX. */
static void self_modifying_program(struct tmach *m, uint32_t target)
{
    tm_org(m, 0);
    tm_mem(m, 012, 0, 1, 8);        /* S1 O'10,   (120100 000010) */
    tm_mem(m, 013, 0, 1, (int32_t)target); /* target, S1 (130100 target) */
    tm_branch(m, 006, target * 4);  /* J to the rewritten word */
    tm_org(m, target * 4);
    tm_emit(m, 0022205);            /* A2 5 */
    tm_ex(m);
    place_replacement(m);
}

static void store_into_buffered_code_is_not_seen(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    self_modifying_program(&m, 4);  /* word 4 = parcels 16-19, in block 0 with the code */
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[2], 5); /* the buffered A2 5 ran, not the stored A2 7 */
    assert_int_equal(m.mem.word[4] >> 48, 0022207); /* memory was written */

    /* Run the same place again after the buffers are emptied: now A2 7. */
    cpu_invalidate_buffers(&m.cpu);
    m.cpu.flags = 0;
    m.cpu.p = 16;
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[2], 7);
    tm_free(&m);
}

static void store_into_unbuffered_block_is_seen(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    self_modifying_program(&m, 040); /* word 040 = parcel 0200, block 2: not yet buffered */
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[2], 7);
    tm_free(&m);
}

static void xmp_buffers_hold_128_parcels(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_XMP);
    /* Word 020 = parcel 0100: in block 0 on the X-MP (128 parcels), so the
     * stored code is not seen; on the Cray-1 it is block 1 and is seen. */
    self_modifying_program(&m, 020);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[2], 5);
    tm_free(&m);

    tm_init(&m, MODEL_CRAY1);
    self_modifying_program(&m, 020);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[2], 7);
    tm_free(&m);
}

static void exchange_empties_the_buffers(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    tm_org(&m, 0);
    tm_emit(&m, 0022205);           /* A2 5 */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[2], 5);
    /* The monitor rewrites the code and resumes the cpu at 0 through an
     * exchange: the new code runs. */
    put_parcel(&m.mem, 0, 0022206);  /* A2 6 */
    uint64_t package[EXCHANGE_PACKAGE_WORDS];
    exchange_pack(&m.cpu, package);
    package[0] &= ~(((UINT64_C(1) << 22) - 1) << 24);   /* P = 0 */
    package[3] &= ~(UINT64_C(0777) << 24);              /* F = 0 */
    exchange_unpack(&m.cpu, package);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[2], 6);
    tm_free(&m);
}

static void a_range_error_stops_without_issuing(void **state)
{
    (void)state;
    struct tmach m;
    tm_init_size(&m, MODEL_CRAY1, 16);
    tm_org(&m, 0);
    tm_branch(&m, 006, 0100);        /* J to parcel 0100: beyond the 16-word field */
    uint64_t before = m.cpu.instructions;
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_PROGRAM_RANGE);
    assert_int_equal(m.cpu.p, 0100); /* P on the first instruction not issued */
    assert_int_equal(m.cpu.instructions, before + 1); /* only the jump issued */
    tm_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(store_into_buffered_code_is_not_seen),
        cmocka_unit_test(store_into_unbuffered_block_is_seen),
        cmocka_unit_test(xmp_buffers_hold_128_parcels),
        cmocka_unit_test(exchange_empties_the_buffers),
        cmocka_unit_test(a_range_error_stops_without_issuing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
