/*
 * test_timing.c - exact clock counts of the timing model against the facts
 * of cray1-isa.md section 6.  Each program is placed in memory parcel by
 * parcel and run with the trace hook recording every instruction's issue
 * clock; the expected clocks are derived by hand in the comments.
 *
 * Conventions: the first instruction of a program issues at 14, after the
 * instruction-buffer fill that follows the start (6.7: ~14 CP); issue
 * clocks below are written relative to it ("0" is the first issue).
 * Figures used: unit times of 6.2; one issue per clock; 2-parcel issue 2 CP
 * (timing.c parameter, [U]); chain slot T+2 (6.5); vector reservations of
 * max(VL,5); unit busy VL+4; bank busy 4 CP (6.6); branches 5 taken, 2 not
 * taken, 7 for 005 (6.7, X-MP figures used as [U] parameters).
 */
#include "test_support.h"

#include "cpu_test_util.h"
#include "emu/machine.h"

struct recorder {
    unsigned count;
    uint64_t issue[128];
    unsigned hold[128];
};

static void record(void *context, const struct cpu *cpu, const struct timing_event *event)
{
    (void)cpu;
    struct recorder *r = context;
    if (r->count < 128) {
        r->issue[r->count] = event->issue;
        r->hold[r->count] = event->hold;
    }
    r->count++;
}

/* Start a timed test machine; code is placed from parcel 0. */
static void timed_machine(struct tmach *m, struct recorder *r, unsigned vl)
{
    tm_init(m, MODEL_CRAY1);
    cpu_set_timing(&m->cpu, tm_timing_tables());
    memset(r, 0, sizeof *r);
    m->cpu.trace = record;
    m->cpu.trace_context = r;
    m->cpu.vl = vl;
    tm_org(m, 0);
}

/* Issue clock of instruction n, relative to the first. */
static long rel(const struct recorder *r, unsigned n) { return (long)(r->issue[n] - r->issue[0]); }

static void run_program(struct tmach *m)
{
    tm_ex(m);
    tm_run_exit(m);
}

/* ---- scalar sequences -------------------------------------------------------------- */

/* Dependent pair on one unit: the second issues when the first's result
 * arrives, `time` clocks later; independent: the next clock. */
static void check_pair(unsigned first, unsigned dependent, unsigned independent, long time)
{
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, 64);
    tm_emit(&m, first);
    tm_emit(&m, dependent);
    run_program(&m);
    assert_int_equal(rel(&r, 1), time);
    tm_free(&m);

    timed_machine(&m, &r, 64);
    tm_emit(&m, first);
    tm_emit(&m, independent);
    run_program(&m);
    assert_int_equal(rel(&r, 1), 1);
    tm_free(&m);
}

static void scalar_units(void **state)
{
    (void)state;
    /* A add (030, 2 CP): A1 A2+A3 ; A4 A1+A5 | A4 A6+A5 */
    check_pair(0030123, 0030415, 0030465, 2);
    /* A multiply (032, 6 CP) */
    check_pair(0032123, 0030415, 0030465, 6);
    /* S logical (044, 1 CP): S1 S2&S3 ; S4 S1&S5 */
    check_pair(0044123, 0044415, 0044465, 1);
    /* S shift (054, 2 CP): S1 S1<3 ; S4 S1&S5.  The independent one is an
     * A add: an S logical issued next would deliver S4 in the same clock as
     * S1 (15 + 1 = 14 + 2) and be held a clock by the S result path. */
    check_pair(0054103, 0044415, 0030465, 2);
    /* S double shift (056, 3 CP): S1 S1,S2<A3 ; S4 S1&S5 */
    check_pair(0056123, 0044415, 0044465, 3);
    /* S add (060, 3 CP) */
    check_pair(0060123, 0060415, 0060465, 3);
    /* population count (026, 4 CP): A1 PS2 ; A4 A1+A5 */
    check_pair(0026120, 0030415, 0030465, 4);
    /* leading zeros (027, 3 CP): A1 ZS2 ; A4 A1+A5 (independent: an S
     * logical; A4 A6+A5 would reach the A file with A1, at 2) */
    check_pair(0027120, 0030415, 0044465, 3);
    /* floating add (062, 6 CP) */
    check_pair(0062123, 0062415, 0062465, 6);
    /* floating multiply (064, 7 CP); independent: an S add (a floating add
     * issued at 1 would deliver at 1 + 6 = 7 with the product) */
    check_pair(0064123, 0062415, 0060465, 7);
    /* reciprocal approximation (070, 14 CP): S1 /HS2 ; S4 S1*FS5 */
    check_pair(0070120, 0064415, 0064465, 14);
    /* constant transmit (071, 2 CP): S1 A2 ; S4 S1&S5 (independent: an A
     * add, for the same S-path reason as the shift) */
    check_pair(0071102, 0044415, 0030465, 2);
    /* V element to S (076, 4 CP): S1 V2,A3 ; S4 S1&S5 */
    check_pair(0076123, 0044415, 0044465, 4);
    /* transmit (023, 1 CP): A1 S2 ; A4 A1+A5 */
    check_pair(0023120, 0030415, 0030465, 1);
}

/* The worked examples of cray1-isa.md 6.4. */
static void worked_examples(void **state)
{
    (void)state;
    struct tmach m;
    struct recorder r;
    /* S1 S2+S3 ; S4 S1+S5: 0 ; 3 */
    check_pair(0060123, 0060415, 0060465, 3);
    /* S1 S2*FS3 ; S4 S1+FS5: 0 ; 7, and S4 ready at 7 + 6 = 13: a third
     * instruction S6 S4&S7 issues at 13. */
    timed_machine(&m, &r, 64);
    tm_emit(&m, 0064123);
    tm_emit(&m, 0062415);
    tm_emit(&m, 0044647);
    run_program(&m);
    assert_int_equal(rel(&r, 1), 7);
    assert_int_equal(rel(&r, 2), 13);
    tm_free(&m);
    /* A1 0,A2 (load, 11 CP) ; A3 A1+A4: 0 ; 11 */
    timed_machine(&m, &r, 64);
    tm_mem(&m, 010, 2, 1, 0);
    tm_emit(&m, 0030314);
    run_program(&m);
    assert_int_equal(rel(&r, 1), 11);
    tm_free(&m);
    /* S1 /HS2 ; S3 S4*FS1: 0 ; 14 */
    check_pair(0070120, 0064341, 0064345, 14);
}

/* Only one A result may enter the A file per clock (6.3 rule 5). */
static void result_path_conflict(void **state)
{
    (void)state;
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, 64);
    tm_emit(&m, 0032123);   /* 0: A1 A2*A3, result at 6 */
    tm_emit(&m, 0044123);   /* 1: S1 S2&S3 */
    tm_emit(&m, 0044223);   /* 2: S2 S2&S3 */
    tm_emit(&m, 0044323);   /* 3: S3 S2&S3 */
    tm_emit(&m, 0030456);   /* 4 would deliver A4 at 4 + 2 = 6, taken: issues at 5 */
    run_program(&m);
    assert_int_equal(rel(&r, 4), 5);
    assert_int_equal(r.hold[4], HOLD_PATH);
    tm_free(&m);
}

/* ---- vectors ------------------------------------------------------------------------- */

/* V1 V2+V3 ; V4 V1&V5 at VL (two units): the second chains at the slot
 * 0 + 3 + 2 = 5. */
static void chained_pair(unsigned vl)
{
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, vl);
    tm_emit(&m, 0155123);
    tm_emit(&m, 0141415);
    run_program(&m);
    assert_int_equal(rel(&r, 1), 5);
    assert_int_equal(r.hold[1], HOLD_CHAIN);
    tm_free(&m);
}

static void vector_chaining(void **state)
{
    (void)state;
    chained_pair(1);
    chained_pair(5);
    chained_pair(64);
    /* The worked example of 6.5: V1 V2*FV3 at 0, V4 V1+FV5 chains at 9. */
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, 64);
    tm_emit(&m, 0161123);
    tm_emit(&m, 0171415);
    tm_emit(&m, 0145446);   /* V4 is reserved until 9 + 6 + 2 + 64 = 81: V4 V4\V6 waits */
    run_program(&m);
    assert_int_equal(rel(&r, 1), 9);
    assert_int_equal(rel(&r, 2), 81);
    tm_free(&m);
}

/* A chain slot missed: no late chaining on the Cray-1, the reader waits for
 * the whole register.  V1 V2+V3 at 0 (slot 5, V1 free at 5 + 64 = 69);
 * S1 S2*FS3 at 1; S4 S1+FS5 at 1 + 7 = 8; V4 V1+V5 could issue at 9 > 5
 * (its unit is free from 0 + 64 + 4 = 68): it waits until 69. */
static void vector_unchained(void **state)
{
    (void)state;
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, 64);
    tm_emit(&m, 0155123);
    tm_emit(&m, 0064123);
    tm_emit(&m, 0062415);
    tm_emit(&m, 0155415);
    run_program(&m);
    assert_int_equal(rel(&r, 2), 8);
    assert_int_equal(rel(&r, 3), 69);
    tm_free(&m);
}

/* One unit, two independent operations: busy VL + 4 (6.3 rule 6).
 * V1 V2+V3 ; V4 V5+V6: 0 ; VL + 4, but never earlier than the next clock. */
static void vector_unit_busy(void **state)
{
    (void)state;
    const unsigned lengths[] = {1, 5, 64};
    for (unsigned i = 0; i < 3; i++) {
        struct tmach m;
        struct recorder r;
        timed_machine(&m, &r, lengths[i]);
        tm_emit(&m, 0155123);
        tm_emit(&m, 0155456);
        run_program(&m);
        assert_int_equal(rel(&r, 1), (long)lengths[i] + 4);
        assert_int_equal(r.hold[1], HOLD_UNIT);
        tm_free(&m);
    }
    /* Different units run concurrently: V1 V2+V3 ; V4 V5&V6: 0 ; 1. */
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, 64);
    tm_emit(&m, 0155123);
    tm_emit(&m, 0141456);
    run_program(&m);
    assert_int_equal(rel(&r, 1), 1);
    tm_free(&m);
}

/* Loads of VL 64 words: A0 = 0100 ; A1 = stride ; V1 ,A0,A1 ; V2 ,A0,A1.
 * Stride 1: one word per clock, the port free after 64: the second load at
 * 64 after the first.  Stride 16: one bank, busy 4 CP: words at 0, 4, ...,
 * 252, the port free at 253. */
static void vector_strides(void **state)
{
    (void)state;
    const struct {
        uint32_t stride;
        long second;
    } cases[] = {{1, 64}, {16, 253}, {8, 126}};
    /* stride 8: two banks alternate, each busy 4 CP: words 2k and 2k+1 at
     * 4k and 4k+1, so word 63 at 4*31 + 1 = 125 and the port free at 126. */
    for (unsigned i = 0; i < 3; i++) {
        struct tmach m;
        struct recorder r;
        timed_machine(&m, &r, 64);
        tm_a(&m, 0, 0100);
        tm_a(&m, 1, cases[i].stride);
        tm_emit(&m, 0176101);
        tm_emit(&m, 0176201);
        run_program(&m);
        assert_int_equal(rel(&r, 3) - rel(&r, 2), cases[i].second);
        assert_int_equal(r.hold[3], HOLD_MEMORY);
        tm_free(&m);
    }
}

/* ---- branches, buffers, block transfers -------------------------------------------- */

/* A0 0 (022000) at 0; JAZ target: taken at 1 (A0 ready at 1): the target
 * issues at 1 + 5 = 6.  With A0 1 not taken: the next at 1 + 2 = 3. */
static void branches(void **state)
{
    (void)state;
    for (unsigned zero = 0; zero < 2; zero++) {
        struct tmach m;
        struct recorder r;
        timed_machine(&m, &r, 64);
        tm_emit(&m, zero ? 0022000 : 0022001);
        tm_branch(&m, 010, 4);   /* parcels 1-2: JAZ 4 */
        tm_emit(&m, 0001000);    /* 3: PASS */
        tm_emit(&m, 0001000);    /* 4: PASS (the target) */
        run_program(&m);
        assert_int_equal(rel(&r, 1), 1);
        assert_int_equal(rel(&r, 2), zero ? 6 : 3);
        tm_free(&m);
    }
    /* 005 J Bjk: B01 holds 3 ; J B01 at 1 ; its target issues at 1 + 7. */
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, 64);
    m.cpu.b[1] = 3;
    tm_emit(&m, 0001000);   /* 0: PASS */
    tm_emit(&m, 0005001);   /* 1: J B01 */
    tm_emit(&m, 0001000);   /* 2 */
    tm_emit(&m, 0001000);   /* 3: target */
    run_program(&m);
    assert_int_equal(rel(&r, 2), 1 + 7);
    tm_free(&m);
}

/* Running from one 64-parcel block into the next, not yet buffered: the
 * fill takes 14 CP.  PASS at parcels 0..63 issue at 0..63; the PASS at
 * parcel 64 issues at 64 + 14 = 78. */
static void buffer_miss(void **state)
{
    (void)state;
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, 64);
    for (int i = 0; i < 65; i++)
        tm_emit(&m, 0001000);
    run_program(&m);
    assert_int_equal(rel(&r, 63), 63);
    assert_int_equal(rel(&r, 64), 78);
    assert_int_equal(r.hold[64], HOLD_FETCH);
    tm_free(&m);
}

/* B00,A1 ,A0 with A1 = 8 words from address 0100, issued at t: start-up
 * 11, words at t+11 .. t+18, no issue meanwhile: the next at t + 19. */
static void block_transfer(void **state)
{
    (void)state;
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, 64);
    tm_a(&m, 0, 0100);
    tm_a(&m, 1, 8);
    tm_emit(&m, 0034100);
    tm_emit(&m, 0001000);
    run_program(&m);
    assert_int_equal(rel(&r, 3) - rel(&r, 2), 19);
    tm_free(&m);
}

/* A program timing itself with RT: S6 RT ; S1 S2+S3 ; S4 S1+S5 ; S7 RT ;
 * S7 S7-S6.  RT is read at issue: S6 at t, S1 at t+1, S4 at t+4, S7 at
 * t+5, so S7 = 5. */
static void self_timing_with_rt(void **state)
{
    (void)state;
    struct tmach m;
    struct recorder r;
    timed_machine(&m, &r, 64);
    tm_emit(&m, 0072600);
    tm_emit(&m, 0060123);
    tm_emit(&m, 0060415);
    tm_emit(&m, 0072700);
    tm_emit(&m, 0061776);
    run_program(&m);
    assert_int_equal(m.cpu.s[7], 5);
    tm_free(&m);
}

/* ---- the X-MP's own figures (cray1-isa.md 6.5, 6.7) ------------------------------------ */

static void timed_xmp(struct tmach *m, struct recorder *r, unsigned vl)
{
    tm_init(m, MODEL_XMP);
    cpu_set_timing(&m->cpu, tm_timing_tables());
    memset(r, 0, sizeof *r);
    m->cpu.trace = record;
    m->cpu.trace_context = r;
    m->cpu.vl = vl;
    tm_org(m, 0);
}

/* Table 6.7: a condition set in the previous clock, then a taken branch:
 * 9 CP for both after `A0 0` (022), 10 after `A0 A3+A3` (030, 2 CP), 9
 * after `S0 S4&S5` (044, 1 CP), 11 after `S0 S4+S5` (060, 3 CP): the
 * branch waits 3 CP past the register's arrival, then costs 5. */
static void xmp_branch_after_condition(void **state)
{
    (void)state;
    const struct {
        unsigned set, branch;
        uint64_t a3, s4, s5;
        long total;
    } cases[] = {
        {0022000, 010, 0, 0, 0, 9},        /* A0 0 ; JAZ */
        {0030033, 010, 0, 0, 0, 10},       /* A0 A3+A3 (0) ; JAZ */
        {0044045, 014, 0, 1, 0, 9},        /* S0 S4&S5 (0) ; JSZ */
        {0060045, 014, 0, 0, 0, 11},       /* S0 S4+S5 (0) ; JSZ */
    };
    for (unsigned i = 0; i < 4; i++) {
        struct tmach m;
        struct recorder r;
        timed_xmp(&m, &r, 64);
        tm_emit(&m, cases[i].set);
        tm_branch(&m, cases[i].branch, 4);   /* parcels 1-2 */
        tm_emit(&m, 0001000);                /* 3 */
        tm_emit(&m, 0001000);                /* 4: the target */
        run_program(&m);
        assert_int_equal(rel(&r, 2), cases[i].total);
        tm_free(&m);
    }
    /* 025 then 005 on the same B register: 9 (1 + the 1-CP hold + 7). */
    struct tmach m;
    struct recorder r;
    timed_xmp(&m, &r, 64);
    m.cpu.a[1] = 3;
    tm_emit(&m, 0025101);   /* 0: B01 A1 */
    tm_emit(&m, 0005001);   /* 1: J B01 */
    tm_emit(&m, 0001000);   /* 2 */
    tm_emit(&m, 0001000);   /* 3: the target */
    run_program(&m);
    assert_int_equal(rel(&r, 2), 9);
    tm_free(&m);
}

static void xmp_units_and_vectors(void **state)
{
    (void)state;
    struct tmach m;
    struct recorder r;
    /* Address multiply 4 CP on the X-MP: A1 A2*A3 ; A4 A1+A5 at 4. */
    timed_xmp(&m, &r, 64);
    tm_emit(&m, 0032123);
    tm_emit(&m, 0030415);
    run_program(&m);
    assert_int_equal(rel(&r, 1), 4);
    tm_free(&m);
    /* V1 V2+V3 at 0, VL 64: V2 is free as an operand at 64 + 3 = 67, V1 as
     * a result at 0 + 3 + 64 + 5 = 72. */
    timed_xmp(&m, &r, 64);
    tm_emit(&m, 0155123);
    tm_emit(&m, 0141425);   /* V4 V2&V5 */
    tm_emit(&m, 0150161);   /* V1 V6<A1 (the shift unit: the logical one is busy) */
    run_program(&m);
    assert_int_equal(rel(&r, 1), 67);
    assert_int_equal(rel(&r, 2), 72);
    tm_free(&m);
}

/* ---- the machine ---------------------------------------------------------------------- */

/* A loop of vector and scalar work, with RT read at the end. */
static void place_loop(struct memory *memory, uint32_t at)
{
    const unsigned code[] = {
        0020100, 200,     /* A1 200 */
        0022300 | 040,    /* A3 32 */
        0002003,          /* VL A3 */
        0161123,          /* loop (parcel 4): V1 V2*FV3 */
        0171415,          /* V4 V1+FV5 */
        0060112,          /* S1 S1+S2 */
        0031110,          /* A1 A1-1 */
        0030001,          /* A0 A1 */
        0011000, 4,       /* JAN loop */
        0072700,          /* S7 RT */
        0004000,          /* EX */
    };
    for (unsigned i = 0; i < sizeof code / sizeof code[0]; i++)
        put_parcel(memory, at * 4 + i, code[i]);
}

static void determinism_and_copies(void **state)
{
    (void)state;
    struct machine *one = malloc(sizeof *one), *four = malloc(sizeof *four);
    assert_non_null(one);
    assert_non_null(four);
    assert_int_equal(machine_init(one, MODEL_CRAY1, 1, 4096, true), 0);
    place_loop(&one->memory, 0);
    one->cpu[0].s[2] = 3;
    assert_int_equal(machine_run(one, 1000000), 0);
    assert_int_equal(one->cpu[0].flags, FLAG_NORMAL_EXIT);

    /* The same program twice on four PCs, each in its own field: every PC
     * ends with the single run's clock count and registers. */
    for (int run = 0; run < 2; run++) {
        assert_int_equal(machine_init(four, MODEL_CRAY1, 4, 4096, true), 0);
        for (unsigned n = 0; n < 4; n++) {
            place_loop(&four->memory, n * 1024);
            cpu_set_field(&four->cpu[n], n * 1024, (n + 1) * 1024);
            four->cpu[n].s[2] = 3;
        }
        int stopped;
        while ((stopped = machine_run(four, 1000000)) >= 0) {
            assert_int_equal(four->cpu[stopped].flags, FLAG_NORMAL_EXIT);
            four->idle[stopped] = true;
        }
        for (unsigned n = 0; n < 4; n++) {
            const struct cpu *c = &four->cpu[n];
            assert_int_equal(c->clock, one->cpu[0].clock);
            assert_int_equal(c->s[7], one->cpu[0].s[7]);
            assert_int_equal(c->s[1], one->cpu[0].s[1]);
            assert_memory_equal(c->v, one->cpu[0].v, sizeof c->v);
        }
        machine_free(four);
    }
    machine_free(one);
    free(one);
    free(four);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scalar_units),
        cmocka_unit_test(worked_examples),
        cmocka_unit_test(result_path_conflict),
        cmocka_unit_test(vector_chaining),
        cmocka_unit_test(vector_unchained),
        cmocka_unit_test(vector_unit_busy),
        cmocka_unit_test(vector_strides),
        cmocka_unit_test(branches),
        cmocka_unit_test(buffer_miss),
        cmocka_unit_test(block_transfer),
        cmocka_unit_test(self_timing_with_rt),
        cmocka_unit_test(xmp_branch_after_condition),
        cmocka_unit_test(xmp_units_and_vectors),
        cmocka_unit_test(determinism_and_copies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
