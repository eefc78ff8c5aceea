/*
 * test_cpu_memory.c - scalar memory references 10h-13h, block transfers
 * 034-037, base-relative addressing, operand and program range errors,
 * and two processors on one memory (cray1-isa.md 1.3, 1.4, 3.3, 3.5, 5.5).
 * Expected values by hand.
 */
#include "cpu_test_util.h"

static void test_scalar_load_store(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    m.mem.word[0x100] = 0xFFFFFFFFFF123456ull;
    m.mem.word[0x300] = 0x0000000000ABCDEFull;
    m.mem.word[0x315] = 0x1122334455667788ull;
    m.mem.word[0x325] = ~0ull;
    m.cpu.a[0] = 0x50;        /* h = 0 must not index with A0 */
    m.cpu.a[2] = 0x305;
    m.cpu.a[4] = 0xFFFFF0;    /* -16 */
    m.cpu.a[5] = 0xABCDEF;
    m.cpu.s[6] = 0xCAFEF00DDEADBEEFull;
    tm_mem(&m, 010, 0, 1, 0x100);   /* A1 0x100,0: low 24 bits of the word */
    tm_mem(&m, 010, 2, 3, -5);      /* A3 -5,A2 -> 0x300 */
    tm_mem(&m, 012, 2, 7, 0x10);    /* S7 0x10,A2 -> 0x315 */
    tm_mem(&m, 011, 2, 5, 0x20);    /* 0x20,A2 A5 -> 0x325, zero-extended */
    tm_mem(&m, 013, 0, 6, 0x400);   /* 0x400,0 S6 */
    tm_mem(&m, 012, 4, 1, 0x110);   /* S1 0x110,A4: (0xFFFFF0 + 0x110) & AM = 0x100 */
    tm_mem(&m, 012, 0, 2, 0x400);   /* S2 0x400,0: sees the store above */
    tm_mem(&m, 010, 0, 0, 0x300);   /* A0 0x300,0 (A0 as result) */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[1], 0x123456);
    assert_int_equal(m.cpu.a[3], 0xABCDEF);
    assert_int_equal(m.cpu.s[7], 0x1122334455667788ull);
    assert_int_equal(m.mem.word[0x325], 0xABCDEF);
    assert_int_equal(m.mem.word[0x400], 0xCAFEF00DDEADBEEFull);
    assert_int_equal(m.cpu.s[1], 0xFFFFFFFFFF123456ull);
    assert_int_equal(m.cpu.s[2], 0xCAFEF00DDEADBEEFull);
    assert_int_equal(m.cpu.a[0], 0xABCDEF);
    assert_int_equal(m.cpu.p, 17);
    tm_free(&m);
}

/* Code and data relative to the base (1.4, 5.5). */
static void test_base_relative(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    cpu_set_field(&m.cpu, 0x1000, 0x2000);
    assert_int_equal(m.cpu.base, 0x1000);
    assert_int_equal(m.cpu.limit, 0x2000);
    m.mem.word[0x10] = 0xBAD;
    m.mem.word[0x1010] = 0x777;
    m.mem.word[0x1030] = 0x30;
    m.mem.word[0x1031] = 0x31;
    m.cpu.a[0] = 0x30;
    m.cpu.a[3] = 1;
    tm_org(&m, 0x1000 * 4);       /* relative parcel 0 */
    tm_mem(&m, 010, 0, 1, 0x10);  /* A1 0x10,0 -> absolute 0x1010 */
    tm_mem(&m, 011, 0, 1, 0x20);  /* 0x20,0 A1 -> absolute 0x1020 */
    tm_branch(&m, 006, 12);       /* J 12 (relative) */
    tm_org(&m, 0x1000 * 4 + 12);  /* V2 ,A0,A3 at VL 2: absolute 0x1030, 0x1031 */
    tm_emit(&m, 0022702);
    tm_emit(&m, 0002007);
    tm_emit(&m, 0176203);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[1], 0x777);
    assert_int_equal(m.mem.word[0x1020], 0x777);
    assert_int_equal(m.mem.word[0x20], 0);
    assert_int_equal(m.cpu.v[2][0], 0x30);
    assert_int_equal(m.cpu.v[2][1], 0x31);
    assert_int_equal(m.cpu.p, 16);   /* relative */
    tm_free(&m);
}

/* 5.5: a read outside the field raises the operand range flag and stops;
 * a write outside is suppressed. */
static void test_operand_range(void **state)
{
    (void)state;
    struct tmach m;
    /* Read at the end of memory (field = all of memory). */
    tm_init(&m, MODEL_CRAY1);
    tm_mem(&m, 010, 0, 1, TM_WORDS);
    tm_emit(&m, 0022205);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_OPERAND_RANGE);
    assert_int_equal(m.cpu.p, 2);      /* after the load: precise */
    assert_int_equal(m.cpu.a[2], 0);
    tm_free(&m);

    /* Inside a field: the last word reads; one past it does not. */
    tm_init(&m, MODEL_CRAY1);
    cpu_set_field(&m.cpu, 0x1000, 0x2000);
    m.mem.word[0x1FFF] = 0x4242;
    m.mem.word[0x2000] = 0x4343;
    tm_org(&m, 0x1000 * 4);
    tm_mem(&m, 012, 0, 1, 0xFFF);
    tm_mem(&m, 012, 0, 2, 0x1000);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_OPERAND_RANGE);
    assert_int_equal(m.cpu.s[1], 0x4242);
    assert_int_equal(m.cpu.p, 4);
    tm_free(&m);

    /* A negative address wraps to 0xFFFFFF: out of range. */
    tm_init(&m, MODEL_CRAY1);
    cpu_set_field(&m.cpu, 0x1000, 0x2000);
    tm_org(&m, 0x1000 * 4);
    tm_mem(&m, 012, 0, 1, -1);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_OPERAND_RANGE);
    tm_free(&m);

    /* Writes: suppressed, flagged. */
    static const unsigned ops[2] = {011, 013};
    for (int w = 0; w < 2; w++) {
        tm_init(&m, MODEL_CRAY1);
        cpu_set_field(&m.cpu, 0x1000, 0x2000);
        m.cpu.a[1] = 0x123;
        m.cpu.s[1] = 0x456;
        tm_org(&m, 0x1000 * 4);
        tm_mem(&m, ops[w], 0, 1, 0x1000);   /* absolute 0x2000 */
        tm_emit(&m, 0022205);
        tm_ex(&m);
        assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
        assert_int_equal(m.cpu.flags, FLAG_OPERAND_RANGE);
        assert_int_equal(m.mem.word[0x2000], 0);
        assert_int_equal(m.cpu.p, 2);
        assert_int_equal(m.cpu.a[2], 0);
        tm_free(&m);
    }
}

static void test_vector_block_range(void **state)
{
    (void)state;
    struct tmach m;
    /* 177 at VL 4 from relative 0xFFE: two words in the field, two not. */
    tm_init(&m, MODEL_CRAY1);
    cpu_set_field(&m.cpu, 0x1000, 0x2000);
    for (int e = 0; e < 4; e++)
        m.cpu.v[1][e] = 0x100 + (uint64_t)e;
    m.cpu.a[0] = 0xFFE;
    tm_org(&m, 0x1000 * 4);
    tm_emit(&m, 0022704);
    tm_emit(&m, 0002007);
    tm_emit(&m, 0177010);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_OPERAND_RANGE);
    assert_int_equal(m.mem.word[0x1FFE], 0x100);
    assert_int_equal(m.mem.word[0x1FFF], 0x101);
    assert_int_equal(m.mem.word[0x2000], 0);
    assert_int_equal(m.mem.word[0x2001], 0);
    tm_free(&m);

    /* 176 reading past the limit: flagged. */
    tm_init(&m, MODEL_CRAY1);
    cpu_set_field(&m.cpu, 0x1000, 0x2000);
    m.cpu.a[0] = 0xFFE;
    tm_org(&m, 0x1000 * 4);
    tm_emit(&m, 0022704);
    tm_emit(&m, 0002007);
    tm_emit(&m, 0176100);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_OPERAND_RANGE);
    assert_int_equal(m.cpu.p, 3);
    tm_free(&m);

    /* 037 block store of 4 T registers from relative 0xFFE. */
    tm_init(&m, MODEL_CRAY1);
    cpu_set_field(&m.cpu, 0x1000, 0x2000);
    for (int t = 0; t < 4; t++)
        m.cpu.t[t] = 0x200 + (uint64_t)t;
    m.cpu.a[0] = 0xFFE;
    m.cpu.a[1] = 4;
    tm_org(&m, 0x1000 * 4);
    tm_emit(&m, 0037100);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_OPERAND_RANGE);
    assert_int_equal(m.mem.word[0x1FFE], 0x200);
    assert_int_equal(m.mem.word[0x1FFF], 0x201);
    assert_int_equal(m.mem.word[0x2000], 0);
    assert_int_equal(m.mem.word[0x2001], 0);
    tm_free(&m);
}

/* 5.3/5.5: fetch outside the field, and Cray-1 branch targets >= 2^22. */
static void test_program_range(void **state)
{
    (void)state;
    struct tmach m;
    /* 16-word field filled with A1 A1+1: P runs off the end at parcel 64. */
    tm_init(&m, MODEL_CRAY1);
    cpu_set_field(&m.cpu, 0x1000, 0x1010);
    tm_org(&m, 0x1000 * 4);
    for (int i = 0; i < 64; i++)
        tm_emit(&m, 0030110);
    tm_ex(&m);   /* at absolute word 0x1010: outside the field */
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_PROGRAM_RANGE);
    assert_int_equal(m.cpu.p, 64);
    assert_int_equal(m.cpu.a[1], 64);
    tm_free(&m);

    /* A jump out of the field. */
    tm_init(&m, MODEL_CRAY1);
    cpu_set_field(&m.cpu, 0x1000, 0x1010);
    tm_org(&m, 0x1000 * 4);
    tm_branch(&m, 006, 0100);
    tm_ex(&m);
    assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
    assert_int_equal(m.cpu.flags, FLAG_PROGRAM_RANGE);
    tm_free(&m);

    /* Cray-1: targets with bit 2^22 or 2^23 set (1.3). */
    for (int form = 0; form < 4; form++) {
        tm_init(&m, MODEL_CRAY1);
        m.cpu.b[3] = 0x400004;
        m.cpu.s[0] = 0;
        if (form == 0)
            tm_branch(&m, 006, 0x400004);     /* J: i = 1 */
        else if (form == 1)
            tm_emit(&m, 0005003);             /* J B03 */
        else if (form == 2)
            tm_branch(&m, 016, 0x800004);     /* JSP, taken: i = 2 */
        else
            tm_branch(&m, 007, 0xC00004);     /* R: i = 3 */
        tm_emit(&m, 0022101);
        tm_ex(&m);
        assert_int_equal(tm_run(&m), CPU_STOP_EXCHANGE);
        if (m.cpu.flags != FLAG_PROGRAM_RANGE)
            print_error("form %d\n", form);
        assert_int_equal(m.cpu.flags, FLAG_PROGRAM_RANGE);
        assert_int_equal(m.cpu.a[1], 0);
        tm_free(&m);
    }

    /* A not-taken branch with such a target is harmless. */
    tm_init(&m, MODEL_CRAY1);
    m.cpu.s[0] = SB;
    tm_branch(&m, 016, 0x800004);
    tm_emit(&m, 0022101);
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.a[1], 1);
    tm_free(&m);
}

/* 034-037 (3.3): n = (Ai) & 0177, i = 0 uses A0 for both; register jk+t mod 64. */
static void test_block_transfers(void **state)
{
    (void)state;
    struct tmach m;
    tm_init(&m, MODEL_CRAY1);
    for (uint32_t t = 0; t < 8; t++)
        m.mem.word[0x200 + t] = 0xFFFFFFFFFF000000ull | (0x111111u * (t + 1));
    for (int r = 0; r < 64; r++)
        m.cpu.b[r] = 0xEEEEEE;
    m.cpu.a[0] = 0x200;
    m.cpu.a[1] = 0x183;   /* & 0177 = 3 */
    m.cpu.a[2] = 4;
    m.cpu.a[3] = 0x80;    /* & 0177 = 0 */
    tm_emit(&m, 0034170);  /* B70..B72 <- low 24 bits of words 0x200..0x202 */
    tm_emit(&m, 0034276);  /* B76, B77, B00, B01 <- words 0x200..0x203 */
    tm_emit(&m, 0034360);  /* count 0: nothing */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.b[070], 0x111111);
    assert_int_equal(m.cpu.b[071], 0x222222);
    assert_int_equal(m.cpu.b[072], 0x333333);
    assert_int_equal(m.cpu.b[073], 0xEEEEEE);
    assert_int_equal(m.cpu.b[076], 0x111111);
    assert_int_equal(m.cpu.b[077], 0x222222);
    assert_int_equal(m.cpu.b[000], 0x333333);
    assert_int_equal(m.cpu.b[001], 0x444444);
    assert_int_equal(m.cpu.b[002], 0xEEEEEE);
    assert_int_equal(m.cpu.b[060], 0xEEEEEE);
    tm_free(&m);

    /* i = 0: A0 = 0x202 is the address and the count (0x202 & 0177 = 2). */
    tm_init(&m, MODEL_CRAY1);
    for (uint32_t t = 0; t < 8; t++)
        m.mem.word[0x200 + t] = 0x1000000000000000ull | (0x111111u * (t + 1));
    m.cpu.a[0] = 0x202;
    tm_emit(&m, 0036010);  /* T10, T11 <- words 0x202, 0x203 */
    tm_emit(&m, 0034020);  /* B20, B21 <- low 24 bits of the same */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.cpu.t[010], 0x1000000000333333ull);
    assert_int_equal(m.cpu.t[011], 0x1000000000444444ull);
    assert_int_equal(m.cpu.t[012], 0);
    assert_int_equal(m.cpu.b[020], 0x333333);
    assert_int_equal(m.cpu.b[021], 0x444444);
    assert_int_equal(m.cpu.b[022], 0);
    tm_free(&m);

    /* Stores: 035 zero-extends B; 037 with wraparound from T76. */
    tm_init(&m, MODEL_CRAY1);
    for (int r = 0; r < 64; r++) {
        m.cpu.b[r] = 0xB00000u | (uint32_t)r;
        m.cpu.t[r] = 0x7700000000000000ull | (uint64_t)r;
    }
    for (uint32_t w = 0x300; w < 0x320; w++)
        m.mem.word[w] = ~0ull;
    m.cpu.a[0] = 0x300;
    m.cpu.a[1] = 3;
    m.cpu.a[2] = 0x104;   /* & 0177 = 4 */
    tm_emit(&m, 0035105);  /* words 0x300..0x302 <- B05..B07 */
    tm_a(&m, 0, 0x310);
    tm_emit(&m, 0037276);  /* words 0x310..0x313 <- T76, T77, T00, T01 */
    tm_ex(&m);
    tm_run_exit(&m);
    assert_int_equal(m.mem.word[0x300], 0xB00005);
    assert_int_equal(m.mem.word[0x301], 0xB00006);
    assert_int_equal(m.mem.word[0x302], 0xB00007);
    assert_int_equal(m.mem.word[0x303], ~0ull);
    assert_int_equal(m.mem.word[0x310], 0x770000000000003Eull);
    assert_int_equal(m.mem.word[0x311], 0x770000000000003Full);
    assert_int_equal(m.mem.word[0x312], 0x7700000000000000ull);
    assert_int_equal(m.mem.word[0x313], 0x7700000000000001ull);
    assert_int_equal(m.mem.word[0x314], ~0ull);
    tm_free(&m);
}

/* Two processors on one memory, stepped alternately: no shared state. */
static void test_two_cpus(void **state)
{
    (void)state;
    struct memory mem;
    assert_int_equal(memory_init(&mem, TM_WORDS), 0);
    struct isa_decoder *d1 = malloc(sizeof *d1), *dx = malloc(sizeof *dx);
    assert_non_null(d1);
    assert_non_null(dx);
    isa_decoder_init(d1, MODEL_CRAY1);
    isa_decoder_init(dx, MODEL_XMP);
    struct cpu *c = calloc(3, sizeof *c);
    assert_non_null(c);
    cpu_init(&c[0], MODEL_CRAY1, &mem, d1);
    cpu_init(&c[1], MODEL_CRAY1, &mem, d1);
    cpu_init(&c[2], MODEL_XMP, &mem, dx);
    /* Each: A1 = sum n..1, stored at relative 0x100, then 010400 8: a branch
     * on the Cray-1 (A0 = 0 after the loop: to parcel 16), a constant on the
     * X-MP (A0 <- 16, falls through).  Fields 0x1000, 0x2000, 0x3000. */
    static const unsigned counts[3] = {10, 20, 30};
    for (int k = 0; k < 3; k++) {
        uint32_t base = 0x1000u * (uint32_t)(k + 1);
        cpu_set_field(&c[k], base, base + 0x1000);
        struct tmach t = {.mem = mem};
        tm_org(&t, base * 4);
        tm_emit(&t, 0022100);                  /* 0: A1 0 */
        tm_emit(&t, 0022200 | counts[k]);      /* 1: A2 n */
        tm_emit(&t, 0030112);                  /* 2: A1 A1+A2 */
        tm_emit(&t, 0031220);                  /* 3: A2 A2-1 */
        tm_emit(&t, 0030002);                  /* 4: A0 A2 */
        tm_branch(&t, 011, 2);                 /* 5: JAN 2 */
        tm_mem(&t, 011, 0, 1, 0x100);          /* 7: 0x100,0 A1 */
        tm_emit2(&t, 0010400, 16);             /* 9: JAZ 16 / A0 16 */
        tm_emit(&t, 0022305);                  /* 11: A3 5 */
        tm_ex(&t);                             /* 12 */
        tm_org(&t, base * 4 + 16);
        tm_emit(&t, 0022307);                  /* 16: A3 7 */
        tm_ex(&t);
    }
    int done[3] = {0, 0, 0};
    for (int steps = 0; steps < 10000 && !(done[0] && done[1] && done[2]); steps++)
        for (int k = 0; k < 3; k++)
            if (!done[k] && cpu_step(&c[k]) == CPU_STOP_EXCHANGE)
                done[k] = 1;
    for (int k = 0; k < 3; k++) {
        assert_true(done[k]);
        assert_int_equal(c[k].flags, FLAG_NORMAL_EXIT);
        unsigned n = counts[k];
        assert_int_equal(c[k].a[1], n * (n + 1) / 2);   /* 55, 210, 465 */
        assert_int_equal(mem.word[0x1000u * (uint32_t)(k + 1) + 0x100], n * (n + 1) / 2);
    }
    assert_int_equal(c[0].a[3], 7);
    assert_int_equal(c[1].a[3], 7);
    assert_int_equal(c[2].a[3], 5);
    assert_int_equal(c[2].a[0], 16);
    assert_int_equal(mem.word[0x100], 0);
    free(c);
    free(d1);
    free(dx);
    memory_free(&mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar_load_store),
        cmocka_unit_test(test_base_relative),
        cmocka_unit_test(test_operand_range),
        cmocka_unit_test(test_vector_block_range),
        cmocka_unit_test(test_program_range),
        cmocka_unit_test(test_block_transfers),
        cmocka_unit_test(test_two_cpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
