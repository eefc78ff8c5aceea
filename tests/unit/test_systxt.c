/*
 * test_systxt.c - the system text (roms/systxt.cal, cal_extra_options'
 * system_text): a program assembles to the same words, symbols and listing
 * with and without it, whatever modes (BASE, QUAL, EDIT, LIST) the system
 * text sets; a program's own names hide the system text's; the
 * COS macros expand to C-1's requests; a system text that does more than
 * define is refused with messages that name it.
 */
#include "cal_test_helpers.h"

#include <stdlib.h>

extern const char syslib_source[];   /* build/gen, from roms/syslib.cal */

static int assemble_with(const char *source, const char *systxt, struct cal_result *r)
{
    struct cal_options options = {0};
    options.listing = true;
    struct cal_extra_options extra = {0};
    if (systxt) {
        extra.system_text = systxt;
        extra.system_text_length = strlen(systxt);
        extra.system_text_name = "SYS";
    }
    return cal_assemble_extra(source, strlen(source), "t.cal", &options, &extra, r);
}

/* Programs of the kinds the examples and tests hold, and names the
 * system text also defines (a label ENDP, a symbol F$MSG, a macro
 * MESSAGE of the program's own). */
static const char *const programs[] = {
    "         IDENT     FIRST\n"
    "         START     GO\n"
    "GO       S1        1.\n"
    "         S2        2.\n"
    "         S3        S1+FS2\n"
    "         A1        5\n"
    "         EX\n"
    "         END\n",

    "F$MSG    =         O'7\n"
    "         IDENT     OWN\n"
    "         START     GO\n"
    "GO       S0        F$MSG\n"
    "         S1        =MESSAGE\n"
    "         EX\n"
    "ENDP     S0        0\n"
    "         EX\n"
    "MESSAGE  DATA      'HI'Z\n"
    "EXIT     CON       EXIT\n"
    "         END\n",

    "         IDENT     MAC\n"
    "         MACRO\n"
    "         MESSAGE   X\n"
    "         S1        X\n"
    "MESSAGE  ENDM\n"
    "F$ADV    =         3\n"
    "         MESSAGE   5\n"
    "         S0        F$ADV\n"
    "         EX\n"
    "         END\n"
    "         IDENT     TWO\n"
    "         ENTRY     SUB\n"
    "SUB      A1        A1+A2\n"
    "         J         B00\n"
    "         END\n",
};

/* source assembles to the same words, entry, symbols and listing with
 * the system text systxt as without one. */
static void expect_same_with(const char *source, const char *systxt)
{
    struct cal_result with, without;
    assert_int_equal(assemble_with(source, NULL, &without), 0);
    assert_int_equal(assemble_with(source, systxt, &with), 0);
    assert_int_equal(with.executable.word_count, without.executable.word_count);
    assert_memory_equal(with.executable.words, without.executable.words,
                        without.executable.word_count * sizeof *without.executable.words);
    assert_int_equal(with.executable.entry, without.executable.entry);
    assert_int_equal(with.executable.symbol_count, without.executable.symbol_count);
    for (size_t s = 0; s < with.executable.symbol_count; s++) {
        assert_string_equal(with.executable.symbols[s].name, without.executable.symbols[s].name);
        assert_int_equal(with.executable.symbols[s].value, without.executable.symbols[s].value);
    }
    /* The listing, header to symbol table, is the same too. */
    assert_int_equal(with.listing_length, without.listing_length);
    assert_memory_equal(with.listing, without.listing, with.listing_length);
    cal_result_free(&with);
    cal_result_free(&without);
}

static void test_same_words_with_and_without(void **state)
{
    (void)state;
    for (size_t p = 0; p < sizeof programs / sizeof programs[0]; p++)
        expect_same_with(programs[p], systxt_source);
}

/* A system text's BASE, QUAL, EDIT and LIST end with it: BASE O made a
 * program's Y = 10 before its IDENT 8, EDIT OFF left its micros
 * unexpanded (error X), LIST OFF emptied its listing. */
static void test_modes_end_with_the_system_text(void **state)
{
    (void)state;
    static const char *const modes[] = {
        "         BASE      O\n",
        "         EDIT      OFF\n",
        "         LIST      OFF\n",
        "         QUAL      Q\n",
        "         BASE      O\n         QUAL      Q\n         EDIT      OFF\n"
        "         LIST      OFF\n",
    };
    const char *source =
        "V        MICRO     /7/\n"
        "Y        =         10\n"
        "         IDENT     P\n"
        "         S1        \"V\"\n"
        "         S2        Y\n"
        "Z        =         11\n"
        "         S3        Z\n"
        "         END\n";
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        expect_same_with(source, modes[m]);
}

static void test_own_names_hide_the_system_texts(void **state)
{
    (void)state;
    struct cal_result r;
    assert_int_equal(assemble_with(programs[1], systxt_source, &r), 0);
    /* S0 F$MSG with the program's own global F$MSG = 7, not 4. */
    static const uint16_t expect[] = {JKM(0400, 7)};
    cal_test_parcels(&r, 0, expect, 2);
    cal_result_free(&r);
    assert_int_equal(assemble_with(programs[2], systxt_source, &r), 0);
    assert_int_equal(r.warning_count, 0);   /* no Y2: the system text's is another scope */
    cal_result_free(&r);
}

static void test_cos_macros(void **state)
{
    (void)state;
    struct cal_result r;
    const char *source =
        "         IDENT     HELLO\n"
        "         START     GO\n"
        "GO       MESSAGE   MSG,US\n"
        "         ENDP\n"
        "MSG      DATA      'HELLO'Z\n"
        "         END\n";
    assert_int_equal(assemble_with(source, systxt_source, &r), 0);
    /* S0 4 (two parcels, 0400), S1 MSG (0401, word 3), S2 3+1*8 = 013,
     * EX; S0 0 (043000), EX. */
    static const uint16_t expect[] = {JKM(0400, 4), JKM(0401, 3), JKM(0402, 013), 0004000,
                                      0043000, 0004000};
    cal_test_parcels(&r, 0, expect, sizeof expect / sizeof expect[0]);
    cal_result_free(&r);

    /* Without a system text the same program has undefined operations. */
    assert_int_equal(assemble_with(source, NULL, &r), 1);
    cal_result_free(&r);

    /* ENTER, DEFARG, ARGADD, NUMARG, EXIT: a routine of the Cray calling
     * sequence, and the F$ names and C-1's own. */
    const char *linkage =
        "         IDENT     LINK\n"
        "ADD      ENTER     NP=2,NB=1\n"
        "A        DEFARG\n"
        "B        DEFARG\n"
        "         ARGADD    A1,A\n"
        "         ARGADD    A2,B\n"
        "         NUMARG    A3\n"
        "         EXIT\n"
        "         CON       F$TASK,C$SKR,A,B\n"
        "         END\n";
    assert_int_equal(assemble_with(linkage, systxt_source, &r), 0);
    bool found = false;
    for (size_t s = 0; s < r.executable.symbol_count; s++)
        if (!strcmp(r.executable.symbols[s].name, "ADD")) {
            found = true;
            assert_true(r.executable.symbols[s].entry);
        }
    assert_true(found);
    uint32_t n = r.executable.word_count;
    assert_int_equal(r.executable.words[n - 4], 077);
    assert_int_equal(r.executable.words[n - 3], 0204);
    assert_int_equal(r.executable.words[n - 2], 1);
    assert_int_equal(r.executable.words[n - 1], 2);
    cal_result_free(&r);
}

/* Every macro of the system text expands without an error, with and
 * without a label. */
static void test_every_macro_assembles(void **state)
{
    (void)state;
    const char *source =
        "         IDENT     ALL\n"
        "         START     GO\n"
        "GO       MESSAGE   TEXT\n"
        "L1       MESSAGE   ='LITERAL, WITH A COMMA'Z,S,2,OVR\n"
        "         MESSAGE   A1\n"
        "         MESSAGE   S1\n"
        "L2       OPEN      DSN,I\n"
        "         OPEN      DSN,O\n"
        "         OPEN      DSN\n"
        "         A1        DSN+1,0\n"
        "L3       READ      A1,BUF,4\n"
        "         READP     DSN+1,BUF,A3\n"
        "L4       WRITE     A1,BUF,S4\n"
        "         WRITE     A1,A2,A3,S1\n"
        "         WRITEP    A1,BUF,4\n"
        "L5       WRITEF    A1\n"
        "         WRITED    A1\n"
        "L6       REWIND    A1\n"
        "L7       CLOSE     DSN\n"
        "         RECALL    DSN\n"
        "         RELEASE   DSN,HOLD\n"
        "L8       DATE\n"
        "L9       TIME\n"
        "L10      CPUTIME\n"
        "L11      MEMORY    0\n"
        "         R         SUB\n"
        "L12      ABORT\n"
        "L13      ENDP\n"
        "SUB      SUBR\n"
        "L14      NUMARG    A1,ARGPTR=A6\n"
        "L15      ARGADD    A2,1,ARGPTR=A6\n"
        "SUB      RETURN\n"
        "R2       ENTER     NP=1,NT=2,NB=3,MODE=USER,TYPE=ADDRESS,SHARED=SUB\n"
        "L16      EXIT      NAME=R2,MODE=USER\n"
        "TEXT     DATA      'T'Z\n"
        "DSN      ODN       DATA\n"
        "         DSP       MINE,BUF,1\n"
        "L17      DSP       OWN,BUF,2\n"
        "BUF      BSS       4\n"
        "         END\n";
    /* The I/O macros call the system library, assembled after the program
     * as a CAL statement does. */
    size_t length = strlen(source) + strlen(syslib_source) + 1;
    char *both = malloc(length);
    assert_non_null(both);
    snprintf(both, length, "%s%s", source, syslib_source);
    struct cal_result r;
    int status = assemble_with(both, systxt_source, &r);
    free(both);
    for (size_t d = 0; d < r.diagnostic_count; d++)
        fprintf(stderr, "  %d %s %s\n", r.diagnostics[d].line, r.diagnostics[d].flag,
                r.diagnostics[d].message);
    assert_int_equal(status, 0);
    assert_int_equal(r.warning_count, 0);
    cal_result_free(&r);
}

/* A SET symbol counted up in a module from a global (or the system
 * text's) of the same name: pass 2 counts from the same start as pass 1
 * (it read the module's final pass-1 value, 2 more than pass 1 saw). */
static void test_set_counts_alike_in_both_passes(void **state)
{
    (void)state;
    const char *source =
        "N        SET       0\n"
        "         IDENT     T\n"
        "N        SET       N+1\n"
        "X        =         N\n"
        "N        SET       N+1\n"
        "         CON       X,N,AR$N\n"
        "AR$N     SET       AR$N+5\n"
        "         CON       AR$N\n"
        "         END\n";
    struct cal_result r;
    assert_int_equal(assemble_with(source, systxt_source, &r), 0);
    assert_int_equal(r.executable.word_count, 4);
    assert_int_equal(r.executable.words[0], 1);
    assert_int_equal(r.executable.words[1], 2);
    assert_int_equal(r.executable.words[2], 0);   /* the system text's AR$N, not yet SET */
    assert_int_equal(r.executable.words[3], 5);
    cal_result_free(&r);
}

static void expect_system_error(const char *systxt, const char *flag, const char *text)
{
    struct cal_result r;
    assert_int_equal(assemble_with(programs[0], systxt, &r), 1);
    bool found = false;
    for (size_t d = 0; d < r.diagnostic_count; d++)
        if (!strcmp(r.diagnostics[d].flag, flag) && r.diagnostics[d].line == 0 &&
            strstr(r.diagnostics[d].message, "system text SYS line ") &&
            strstr(r.diagnostics[d].message, text))
            found = true;
    if (!found)
        for (size_t d = 0; d < r.diagnostic_count; d++)
            fprintf(stderr, "  %d %s %s\n", r.diagnostics[d].line, r.diagnostics[d].flag,
                    r.diagnostics[d].message);
    assert_true(found);
    cal_result_free(&r);
}

static void test_a_system_text_only_defines(void **state)
{
    (void)state;
    expect_system_error("         IDENT     SYS\n         END\n", "I",
                        "may only define");
    expect_system_error("X        =         1\n         IDENT     SYS\n", "E", "inside a module");
    expect_system_error("         MACRO\n         M\n         S1 1\n", "E", "macro definition");
    expect_system_error("SK       IFE       1,EQ,2\n", "E", "conditional block");
    expect_system_error("Y        =         UNDEF\n", "U", "UNDEF");
}

/* DEFT and DEFB name the registers of a module in order (T00.., B02..),
 * each module from the start; CPUTYPE defines MAX$VL (64) and IEEE$ON (0)
 * before IDENT as real library code calls it; RECALL and RELEASE issue
 * COS's F$RCL and F$RLS. */
static void test_register_names_cputype_recall(void **state)
{
    (void)state;
    const char *source =
        "         CPUTYPE\n"
        "         IDENT     REGS\n"
        "POS      DEFT\n"
        "CNT      DEFT      TEMP\n"
        "BASE     DEFB\n"
        "         T.CNT     S1\n"
        "         B.BASE    A2\n"
        "         RECALL    A1\n"
        "         RELEASE   S1,HOLD\n"
        "         CON       POS,CNT,BASE,MAX$VL,IEEE$ON\n"
        "         END\n"
        "         IDENT     NEXT\n"
        "FIRST    DEFT\n"
        "         CON       FIRST\n"
        "         END\n";
    struct cal_result r;
    assert_int_equal(assemble_with(source, systxt_source, &r), 0);
    const uint64_t *w = r.executable.words;
    assert_int_equal(w[0] >> 48, 0075101);                  /* T01 S1: CNT, the 2nd DEFT */
    assert_int_equal((w[0] >> 32) & 0xFFFF, 0025202);       /* B02 A2: the 1st DEFB */
    /* RECALL A1: S0 F$RCL (2 parcels), S1 A1, EX; RELEASE S1: S0 F$RLS, EX */
    assert_int_equal(isa_jkm((unsigned)(w[0] >> 16), (unsigned)w[0]), 5);
    uint32_t n = r.executable.word_count;
    assert_int_equal(w[n - 6], 0);      /* POS */
    assert_int_equal(w[n - 5], 1);      /* CNT */
    assert_int_equal(w[n - 4], 2);      /* BASE: B02 */
    assert_int_equal(w[n - 3], 64);     /* MAX$VL */
    assert_int_equal(w[n - 2], 0);      /* IEEE$ON */
    assert_int_equal(w[n - 1], 0);      /* the next module's first DEFT: T00 */
    cal_result_free(&r);
}

/* COS's dataset I/O macros expand to COS's calling sequence: the DSP
 * address, data area and count in A1-A3 (a register already holding one
 * is not loaded again), the unused bit count in S2, a return jump to the
 * library routine; OPEN puts the direction in S1's bits 0-1; DSP lays out
 * the 24-word table with its buffer words. */
/* source + the system library, with the system text: an executable. */
static void assemble_linked(const char *source, struct cal_result *r)
{
    size_t length = strlen(source) + strlen(syslib_source) + 1;
    char *both = malloc(length);
    assert_non_null(both);
    snprintf(both, length, "%s%s", source, syslib_source);
    int status = assemble_with(both, systxt_source, r);
    free(both);
    for (size_t d = 0; d < r->diagnostic_count; d++)
        fprintf(stderr, "  %d %s %s\n", r->diagnostics[d].line, r->diagnostics[d].flag,
                r->diagnostics[d].message);
    assert_int_equal(status, 0);
}

static void test_dsp_io_expansions(void **state)
{
    (void)state;
    const char *macros =
        "         IDENT     DSPIO\n"
        "         START     L1\n"
        "L1       READP     A1,BUF,4\n"
        "         WRITE     A1,A2,A3,S6\n"
        "         OPEN      DSN,I\n"
        "         WRITEF    A1\n"
        "         J         L1\n"
        "DSN      ODN       DATA\n"
        "D        DSP       DATA,BUF,2\n"
        "         DSP       MINE,BUF,1\n"
        "BUF      BSS       4\n"
        "         END\n";
    const char *by_hand =
        "         IDENT     DSPIO\n"
        "         START     L1\n"
        "         EXT       $RWDP,$WWDR,$WEOF\n"
        "L1       A2        BUF\n"
        "         A3        4\n"
        "         R         $RWDP\n"
        "         S2        S6\n"
        "         R         $WWDR\n"
        "         S0        F$OPN\n"
        "         S1        DSN\n"
        "         S2        2\n"
        "         S2        S2<D'62\n"
        "         S1        S1!S2\n"
        "         EX\n"
        "         R         $WEOF\n"
        "         J         L1\n"
        "DSN      CON       'DATA'L\n"
        "         CON       0\n"
        "D        CON       'DATA'L\n"
        "         CON       BUF,BUF,BUF,BUF+D'1024\n"
        "         BSSZ      D'19\n"
        "MINE@    CON       'MINE'L\n"
        "         CON       BUF,BUF,BUF,BUF+D'512\n"
        "         BSSZ      D'19\n"
        "BUF      BSS       4\n"
        "         END\n";
    struct cal_result a, b;
    assemble_linked(macros, &a);
    assemble_linked(by_hand, &b);
    assert_int_equal(a.executable.word_count, b.executable.word_count);
    assert_memory_equal(a.executable.words, b.executable.words,
                        a.executable.word_count * sizeof *a.executable.words);
    bool found = false;
    for (size_t s = 0; s < a.executable.symbol_count; s++)
        found |= !strcmp(a.executable.symbols[s].name, "MINE@");
    assert_true(found);   /* DSP's default label: dn@ */
    cal_result_free(&a);
    cal_result_free(&b);
}

/* IO$ARGS loads A1, A2, A3 in turn: an operand in a register an earlier
 * one goes to would be lost, and is refused (READ A2,A1,A3 read into the
 * DSP before); one in its own register, or the same as the one before, is
 * not.  OPEN's direction is I, O or IO (INPUT opened for both before). */
static void test_io_operands_in_each_others_registers(void **state)
{
    (void)state;
    struct cal_result r;
    const char *lost =
        "         IDENT     LOST\n"
        "L1       READ      A2,A1,A3\n"
        "         WRITEP    A1,A3,A2\n"
        "         READP     A3,BUF,A1\n"
        "         READ      A1,A1,A2\n"
        "         WRITE     A1,A2,A3,S2\n"
        "         OPEN      BUF,INPUT\n"
        "         OPEN      BUF,IO\n"
        "         WRITE     A4,BUF,4,A1\n"
        "         WRITE     A1,A2,A3,A3\n"
        "         WRITE     A1,BUF,2,A2\n"
        "         READ      A1,BUF\n"
        "         WRITEP    ,BUF,2\n"
        "         J         L1\n"
        "BUF      BSS       4\n"
        "         END\n";
    assert_int_equal(assemble_with(lost, systxt_source, &r), 1);
    const int lines[] = {2, 3, 4, 5, 7, 9, 11, 12, 13};
    const char *const messages[] = {
        "I/O macro: the data area in A1 is lost",
        "I/O macro: the word count in A2 is lost",
        "I/O macro: the word count in A1 is lost",
        "I/O macro: the word count in A2 is lost",
        "OPEN: the direction is I, O or IO",
        "WRITE: the unused bit count in A1 is lost",
        "WRITE: the unused bit count in A2 is lost",
        "I/O macro: no word count given",
        "I/O macro: no DSP address given",
    };
    size_t refused = 0;   /* the others: the library's routines, not linked here */
    for (size_t i = 0; i < r.diagnostic_count; i++) {
        if (strcmp(r.diagnostics[i].flag, "P"))
            continue;
        assert_true(refused < 9);
        assert_int_equal(r.diagnostics[i].line, lines[refused]);
        assert_string_equal(r.diagnostics[i].message, messages[refused]);
        refused++;
    }
    assert_int_equal(refused, 9);
    cal_result_free(&r);
}

static void test_unpublished_refused_clearly(void **state)
{
    (void)state;
    struct cal_result r;
    /* Cray's macros whose expansions are not published: said so. */
    const char *unpublished =
        "         IDENT     CRAY\n"
        "L1       CALL      SUB,(A,B)\n"
        "         $IF       AM\n"
        "         $ELSE\n"
        "         $ENDIF\n"
        "         J         L1\n"
        "         END\n";
    assert_int_equal(assemble_with(unpublished, systxt_source, &r), 1);
    assert_int_equal(r.error_count, 4);
    assert_string_equal(r.diagnostics[0].message, "CALL: a Cray macro C-1 lacks (not published)");
    assert_string_equal(r.diagnostics[3].message, "$ENDIF: a Cray macro C-1 lacks (not published)");
    cal_result_free(&r);
}

/* A module without END is named at its IDENT's line, not at the system
 * text's line of that number ("system text SYS line 1: module P has no
 * END"). */
static void test_program_errors_are_the_programs(void **state)
{
    (void)state;
    struct cal_result r;
    assert_int_equal(assemble_with("         IDENT     P\n         S1        1\n",
                                   "X        =         1\n", &r), 1);
    assert_int_equal(r.diagnostic_count, 1);
    assert_int_equal(r.diagnostics[0].line, 1);
    assert_string_equal(r.diagnostics[0].message, "module P has no END");
    cal_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_words_with_and_without),
        cmocka_unit_test(test_modes_end_with_the_system_text),
        cmocka_unit_test(test_own_names_hide_the_system_texts),
        cmocka_unit_test(test_cos_macros),
        cmocka_unit_test(test_every_macro_assembles),
        cmocka_unit_test(test_set_counts_alike_in_both_passes),
        cmocka_unit_test(test_a_system_text_only_defines),
        cmocka_unit_test(test_register_names_cputype_recall),
        cmocka_unit_test(test_dsp_io_expansions),
        cmocka_unit_test(test_io_operands_in_each_others_registers),
        cmocka_unit_test(test_unpublished_refused_clearly),
        cmocka_unit_test(test_program_errors_are_the_programs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
