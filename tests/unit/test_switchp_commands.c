/*
 * test_switchp_commands.c - switchp's command language as a library
 * (os/switchp/commands.h), on a real dropfile (a job run past its time
 * limit on a temporary site): everything a command shows goes to the
 * session's stream, failures say why and return -1, unique prefixes and
 * aliases find a command and unknown ones get a suggestion, running
 * clears the interrupt flag, QUIT ends the session, and completion gives
 * command names, registers and the program's symbols.
 */
#include "test_support.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "os/os.h"
#include "os/site.h"
#include "os/switchp/commands.h"
#include "os/switchp/debugger.h"

static const char deck[] =
    "JOB,JN=SPIN,T=0.005,MFL=4096,US=ALICE.\n"
    "CAL.\n"
    "LDR.\n"
    "/EOF\n"
    "         IDENT     SPIN\n"
    "         EXT       $END\n"
    "         START     GO\n"
    "GO       S1        0\n"
    "         A2        200000\n"
    "LOOP     S2        A2\n"
    "         S1        S1+S2\n"
    "         A2        A2-1\n"
    "         A0        A2\n"
    "         JAN       LOOP\n"
    "         R         $END\n"
    "         END\n";

struct fixture {
    char dir[64];
    struct debugger *dbg;
    struct switchp_session session;
    volatile sig_atomic_t interrupt;
    char *text;          /* what the session printed (open_memstream) */
    size_t length;
    FILE *out;
};

static void remove_tree(const char *path)
{
    DIR *dir = opendir(path);
    if (dir) {
        for (struct dirent *e; (e = readdir(dir));) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char child[1024];
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            remove_tree(child);
        }
        closedir(dir);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* An operand range error (AB002): the loop loads past the 4096-word field. */
static const char error_deck[] =
    "JOB,JN=OOPS,T=1,MFL=4096,US=ALICE.\n"
    "CAL.\n"
    "LDR.\n"
    "/EOF\n"
    "         IDENT     SUMTAB\n"
    "         EXT       $END\n"
    "         START     GO\n"
    "GO       S1        0\n"
    "         A1        0\n"
    "         A2        10000\n"
    "LOOP     S2        TABLE,A1\n"
    "         S1        S1+S2\n"
    "         A1        A1+1\n"
    "         A2        A2-1\n"
    "         A0        A2\n"
    "         JAN       LOOP\n"
    "         R         $END\n"
    "TABLE    CON       1,2,3,4,5,6,7,8,9,10\n"
    "         END\n";

static int setup_deck(void **state, const char *deck_text, const char *drop_name);

static int setup(void **state) { return setup_deck(state, deck, "SPIN.000001.1.drop"); }
static int setup_error(void **state) { return setup_deck(state, error_deck, "OOPS.000001.1.drop"); }

static int setup_deck(void **state, const char *deck_text, const char *drop_name)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/test_switchp_commands.XXXXXX");
    if (!f || !mkdtemp(f->dir))
        return -1;
    char site[128], drop[SITE_PATH_MAX], error[600];
    snprintf(site, sizeof site, "%s/site", f->dir);
    struct site s;
    if (site_open(&s, site, error, sizeof error) ||
        site_queue_deck(site, deck_text, strlen(deck_text), error, sizeof error) < 0)
        return -1;
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 1, .memory_words = 1u << 16,
                               .timing = true, .until_idle = true};
    struct os *os = calloc(1, sizeof *os);
    if (!os || os_boot(os, site, &config, error, sizeof error))
        return -1;
    for (int i = 0; i < 1000 && os_run(os, os->now + 4000000) == 0; i++)
        ;
    os_free(os);
    free(os);
    snprintf(drop, sizeof drop, "%s/drop/%s", site, drop_name);
    struct debugger_options options = {.temp_dir = f->dir, .interrupt = &f->interrupt};
    if (debugger_open(drop, &options, &f->dbg, error, sizeof error))
        return -1;
    f->out = open_memstream(&f->text, &f->length);
    if (!f->out || switchp_session_init(&f->session, f->dbg, f->out, &f->interrupt))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    switchp_session_free(&f->session);
    fclose(f->out);
    free(f->text);
    debugger_close(f->dbg);
    remove_tree(f->dir);
    free(f);
    return 0;
}

/* Run a line; its status, and what it printed in f->text. */
static int run(struct fixture *f, const char *line)
{
    fflush(f->out);
    rewind(f->out);
    int status = switchp_execute(&f->session, line);
    fputc('\0', f->out);
    fflush(f->out);
    return status;
}

static void test_output_to_the_stream(void **state)
{
    struct fixture *f = *state;
    fflush(f->out);
    rewind(f->out);
    switchp_greet(&f->session, "spin.drop");
    fputc('\0', f->out);
    fflush(f->out);
    assert_non_null(strstr(f->text, "switchp: spin.drop: job SPIN (id 1, user ALICE), dropped: "
                                    "time-limit at clock"));
    assert_non_null(strstr(f->text, "step 0  clock +0 since the drop  P="));
    char prompt[64];
    switchp_prompt(&f->session, prompt, sizeof prompt);
    assert_string_equal(prompt, "switchp +0> ");

    assert_int_equal(run(f, "help"), 0);
    assert_non_null(strstr(f->text, "  help [COMMAND]  "));
    assert_non_null(strstr(f->text, "A unique prefix of a command is enough"));
    assert_int_equal(run(f, "h b"), 0);
    assert_non_null(strstr(f->text, "break [ADDRESS|LABEL [if CONDITION]]   (alias b)"));
    assert_int_equal(run(f, "examine A2"), 0);
    assert_non_null(strstr(f->text, "A2 "));
    assert_int_equal(run(f, "sym LO"), 0);
    assert_non_null(strstr(f->text, "LOOP     00001003  parcel (200d)"));
    /* Blank lines and comments do nothing. */
    assert_int_equal(run(f, "   \n"), 0);
    assert_string_equal(f->text, "");
    assert_int_equal(run(f, "# a comment"), 0);
    assert_string_equal(f->text, "");
}

static void test_failures(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(run(f, "stpe"), -1);
    assert_string_equal(f->text, "error: unknown command \"stpe\": did you mean step? "
                                 "(help lists them)\n");
    assert_int_equal(run(f, "de 1"), -1);
    assert_string_equal(f->text, "error: ambiguous command \"de\": deposit, delete\n");
    assert_int_equal(run(f, "registers Q"), -1);
    assert_non_null(strstr(f->text, "error: registers wants A, S, B, T, V or all\n"));
    assert_int_equal(run(f, "examine 777777"), -1);
    assert_non_null(strstr(f->text, "error: address 777777 is outside the field"));
}

static void test_running_and_quit(void **state)
{
    struct fixture *f = *state;
    f->interrupt = 1;   /* left over from an earlier ^C: running clears it */
    assert_int_equal(run(f, "s 3"), 0);
    assert_int_equal(f->interrupt, 0);
    assert_non_null(strstr(f->text, "stepped 3 steps\nstep 3  clock +"));
    assert_int_equal(debugger_position(f->dbg), 3);
    assert_int_equal(run(f, "back 2"), 0);
    assert_non_null(strstr(f->text, "back 2 steps\nstep 1  clock +"));
    assert_int_equal(run(f, "deposit A2 D'5"), 0);
    assert_string_equal(f->text, "A2 <- 5\n");
    assert_int_equal(run(f, "go"), 0);
    assert_non_null(strstr(f->text, "the job ended after"));
    assert_false(f->session.quit);
    assert_int_equal(run(f, "q"), 0);
    assert_true(f->session.quit);
}

/* Issue 13/16: examine and deposit go through the job-state table. */
static void test_fields_by_path(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(run(f, "deposit F 40"), 0);
    assert_string_equal(f->text, "cpu.flags <- 40\n");
    assert_int_equal(run(f, "examine F"), 0);
    assert_string_equal(f->text, "cpu.flags 40\n");
    assert_int_equal(run(f, "exchange"), 0);
    assert_non_null(strstr(f->text, "F operand-range"));
    assert_int_equal(run(f, "deposit F 0"), 0);
    assert_string_equal(f->text, "cpu.flags <- 0\n");
    assert_int_equal(run(f, "deposit cpu.xa 20"), 0);
    assert_int_equal(run(f, "exchange"), 0);
    assert_non_null(strstr(f->text, "XA 020  VL 000  F none"));
    assert_int_equal(run(f, "deposit cpu.s[1] 7"), 0);
    assert_int_equal(run(f, "examine S1"), 0);
    assert_non_null(strstr(f->text, "S1 0000000000000000000007"));
    assert_int_equal(run(f, "deposit identity.user BOB"), 0);
    assert_int_equal(run(f, "examine identity.user"), 0);
    assert_string_equal(f->text, "identity.user BOB\n");
    assert_int_equal(run(f, "deposit identity.user ../x"), -1);
    assert_non_null(strstr(f->text, "error: identity.user: must be"));
    assert_int_equal(run(f, "examine limits.cpu_limit"), 0);
    assert_non_null(strstr(f->text, "limits.cpu_limit "));
    assert_int_equal(run(f, "examine cpu.nothing"), -1);
    assert_int_equal(run(f, "deposit cpu.base 0"), -1);
    /* The edits are history: after going on and back, they hold. */
    assert_int_equal(run(f, "step 5"), 0);
    assert_int_equal(run(f, "back 5"), 0);
    assert_int_equal(run(f, "examine XA"), 0);
    assert_string_equal(f->text, "cpu.xa 20\n");
    assert_int_equal(run(f, "examine identity.user"), 0);
    assert_string_equal(f->text, "identity.user BOB\n");
}

/* Issue 13: an error dropfile can be run on: the stop says which
 * instruction faulted and that F is set, F 0 clears it, P fixed, on. */
static void test_error_dropfile(void **state)
{
    struct fixture *f = *state;
    fflush(f->out);
    rewind(f->out);
    switchp_greet(&f->session, "oops.drop");
    fputc('\0', f->out);
    fflush(f->out);
    assert_non_null(strstr(f->text, "faulted (operand-range): the instruction before P:\n"
                                    "   00001004 201a   LOOP     S2"));
    assert_non_null(strstr(f->text, "F 040 is set: the next step exchanges"));
    /* As it is, a step aborts the step again. */
    assert_int_equal(run(f, "step"), 0);
    assert_non_null(strstr(f->text, "AB002"));
    assert_non_null(strstr(f->text, "the job ended after 1 step\n"));
    assert_int_equal(run(f, "back"), 0);
    assert_non_null(strstr(f->text, "back 1 step\n"));
    /* Cleared and fixed, it runs to its end. */
    assert_int_equal(run(f, "deposit F 0"), 0);
    assert_string_equal(f->text, "cpu.flags <- 0\n");
    assert_int_equal(run(f, "deposit A1 0"), 0);
    assert_int_equal(run(f, "deposit A2 3"), 0);
    assert_int_equal(run(f, "deposit P LOOP"), 0);
    assert_null(strstr(f->text, "is set"));
    assert_int_equal(run(f, "go"), 0);
    assert_null(strstr(f->text, "AB002"));
    assert_non_null(strstr(f->text, "END OF JOB"));
    /* After $END: P is named by the instruction before it, not $ABORT. */
    assert_null(strstr(f->text, "($ABORT)"));
    assert_non_null(strstr(f->text, "(after $END"));
}

/* Issue 13's smaller points: the source view, displays, compact vectors,
 * labels for branch targets, "1 step". */
static void test_views(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(run(f, "list"), 0);
    assert_non_null(strstr(f->text, "=>    8           A2        A2-1\n"));
    assert_non_null(strstr(f->text, "     10           JAN       LOOP\n"));
    assert_int_equal(run(f, "step"), 0);
    assert_non_null(strstr(f->text, "stepped 1 step\n"));
    assert_non_null(strstr(f->text, "   source line 9:          A0        A2\n"));
    assert_int_equal(run(f, "display A2"), 0);
    assert_int_equal(strncmp(f->text, "1: A2 = 00", 10), 0);
    assert_int_equal(run(f, "display cpu.vl"), 0);
    assert_int_equal(run(f, "display NOSUCH"), -1);
    assert_int_equal(run(f, "step 2"), 0);
    assert_non_null(strstr(f->text, "\n1: A2 = 00"));
    assert_non_null(strstr(f->text, "\n2: cpu.vl = 0\n"));
    assert_int_equal(run(f, "undisplay 1"), 0);
    assert_int_equal(run(f, "step"), 0);
    assert_null(strstr(f->text, "1: A2"));
    assert_non_null(strstr(f->text, "2: cpu.vl = 0\n"));
    assert_int_equal(run(f, "undisplay 7"), -1);
    assert_int_equal(run(f, "registers V"), 0);
    int lines = 0;
    for (const char *c = f->text; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 8);
    assert_non_null(strstr(f->text, "V7  0000000000000000000000 0000000000000000000000 "
                                    "0000000000000000000000  +61 more (VL 64)\n"));
    assert_int_equal(run(f, "disassemble LOOP 5"), 0);
    assert_non_null(strstr(f->text, "JAN       LOOP "));
}

static void test_completion(void **state)
{
    struct fixture *f = *state;
    size_t index = 0;
    assert_string_equal(switchp_complete(&f->session, "exa", true, &index), "examine");
    assert_null(switchp_complete(&f->session, "exa", true, &index));
    index = 0;
    assert_string_equal(switchp_complete(&f->session, "d", true, &index), "deposit");
    assert_string_equal(switchp_complete(&f->session, "d", true, &index), "disassemble");
    assert_string_equal(switchp_complete(&f->session, "d", true, &index), "display");
    assert_string_equal(switchp_complete(&f->session, "d", true, &index), "delete");
    assert_string_equal(switchp_complete(&f->session, "d", true, &index), "drop");
    assert_string_equal(switchp_complete(&f->session, "d", true, &index), "digest");
    assert_null(switchp_complete(&f->session, "d", true, &index));
    index = 0;
    assert_string_equal(switchp_complete(&f->session, "v", false, &index), "V0");
    index = 0;
    assert_string_equal(switchp_complete(&f->session, "lo", false, &index), "log");
    assert_string_equal(switchp_complete(&f->session, "lo", false, &index), "LOOP");
    assert_null(switchp_complete(&f->session, "lo", false, &index));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_output_to_the_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_running_and_quit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_completion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields_by_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_views, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_dropfile, setup_error, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
