/*
 * test_console.c - the operator's command language (os/operator/console.c):
 * what goes to the dayfile (a change as OPERATOR, a refused command as
 * OPREFUSE with its reason, never a refused one as a change), SUBMIT of a
 * deck with the checks c1sub makes, TAIL of the dayfile and of a job's log,
 * and the command names coming from the one table.
 */
#include "test_support.h"

#include <stdio.h>
#include <unistd.h>

#include "emu/machine.h"
#include "os/disk/disk.h"
#include "os/dropfile/dropfile.h"
#include "os/operator/console.h"
#include "os/os.h"

struct fixture {
    char dir[64];
    struct os os;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/c1-console-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 1, .memory_words = 1u << 16};
    char error[300];
    assert_int_equal(os_boot(&f->os, f->dir, &config, error, sizeof error), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    os_free(&f->os);
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", f->dir);
    assert_int_equal(system(command), 0);
    free(f);
    return 0;
}

static char *dayfile(struct fixture *f)
{
    char path[128];
    snprintf(path, sizeof path, "%s/dayfile", f->dir);
    char *text = disk_read_all(path, 1 << 20, NULL);
    assert_non_null(text);
    return text;
}

static enum console_result run(struct fixture *f, const char *line, char *reply, size_t size)
{
    struct text out = {0};
    enum console_result result = console_execute(&f->os, line, "test", &out);
    snprintf(reply, size, "%s", out.data ? out.data : "");
    text_free(&out);
    return result;
}

static void refused_drop_is_no_change(void **state)
{
    struct fixture *f = *state;
    char reply[512];
    assert_int_equal(run(f, "DROP 5", reply, sizeof reply), CONSOLE_ERROR);
    assert_string_equal(reply, "job 5 is not running\n");
    char *text = dayfile(f);
    assert_null(strstr(text, "OPERATOR test: DROP 5"));
    assert_non_null(strstr(text, "OPREFUSE test: DROP 5: job 5 is not running"));
    free(text);
    assert_int_equal(run(f, "KILL 7", reply, sizeof reply), CONSOLE_ERROR);
    text = dayfile(f);
    assert_null(strstr(text, "OPERATOR test: KILL 7"));
    free(text);
}

static void change_is_logged(void **state)
{
    struct fixture *f = *state;
    char reply[512];
    assert_int_equal(run(f, "LIMIT 1", reply, sizeof reply), CONSOLE_OK);
    assert_int_equal(run(f, "STATUS", reply, sizeof reply), CONSOLE_OK);
    char *text = dayfile(f);
    assert_non_null(strstr(text, "OPERATOR test: LIMIT 1"));
    assert_null(strstr(text, "STATUS"));   /* showing changes nothing */
    free(text);
}

static void submit_checks_the_deck(void **state)
{
    struct fixture *f = *state;
    char good[128], bad[128], reply[512], line[300];
    snprintf(good, sizeof good, "%s/Good.job", f->dir);
    snprintf(bad, sizeof bad, "%s/bad.job", f->dir);
    FILE *file = fopen(good, "w");
    fputs("JOB,JN=HI,US=ALICE.\nECHO,ON.\n", file);
    fclose(file);
    file = fopen(bad, "w");
    fputs("ECHO,ON.\n", file);
    fclose(file);
    snprintf(line, sizeof line, "SUBMIT %s", good);   /* the name keeps its case */
    assert_int_equal(run(f, line, reply, sizeof reply), CONSOLE_OK);
    assert_non_null(strstr(reply, "queued as entry 000001"));
    snprintf(line, sizeof line, "SUBMIT %s", bad);
    assert_int_equal(run(f, line, reply, sizeof reply), CONSOLE_ERROR);
    assert_non_null(strstr(reply, "JB001 JOB STATEMENT MISSING"));
    assert_int_equal(run(f, "SUBMIT /dev/zero", reply, sizeof reply), CONSOLE_ERROR);
    assert_non_null(strstr(reply, "cannot read /dev/zero"));
    char *text = dayfile(f);
    snprintf(line, sizeof line, "OPERATOR test: SUBMIT %s", good);
    assert_non_null(strstr(text, line));
    snprintf(line, sizeof line, "OPREFUSE test: SUBMIT %s: SUBMIT: JB001", bad);
    assert_non_null(strstr(text, line));
    free(text);
}

static void tail_of_the_dayfile(void **state)
{
    struct fixture *f = *state;
    char reply[4096];
    for (int i = 0; i < 5; i++)
        run(f, "LIMIT 1", reply, sizeof reply);
    assert_int_equal(run(f, "TAIL 2", reply, sizeof reply), CONSOLE_OK);
    int lines = 0;
    for (const char *c = reply; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 2);
    assert_non_null(strstr(reply, "OPERATOR test: LIMIT 1"));
    assert_null(strstr(reply, "BOOT"));
    assert_int_equal(run(f, "TAIL 1000", reply, sizeof reply), CONSOLE_OK);
    assert_non_null(strstr(reply, "BOOT"));
    assert_int_equal(run(f, "TAIL 0", reply, sizeof reply), CONSOLE_ERROR);
    assert_int_equal(run(f, "TAIL JOB 42", reply, sizeof reply), CONSOLE_ERROR);
    assert_string_equal(reply, "TAIL: job 42 has no log here\n");
}

/* RESTART's T= and P= are checked like a deck's (T=0x10 was 16 s, P=abc 0). */
static void restart_parameters_checked(void **state)
{
    struct fixture *f = *state;
    char reply[512];
    assert_int_equal(run(f, "RESTART x.drop T=0x10", reply, sizeof reply), CONSOLE_ERROR);
    assert_string_equal(reply, "RESTART: T= wants CPU seconds (more than 0, decimals allowed), not 0X10\n");
    assert_int_equal(run(f, "RESTART x.drop P=16", reply, sizeof reply), CONSOLE_ERROR);
    assert_string_equal(reply, "RESTART: P= wants a priority 0-15, not 16\n");
    assert_int_equal(run(f, "RESTART x.drop COLOUR=RED", reply, sizeof reply), CONSOLE_ERROR);
    assert_string_equal(reply, "RESTART: unknown parameter COLOUR=RED\n");
    /* a decimal time is taken: the missing file is what is refused */
    assert_int_equal(run(f, "RESTART /nonexistent/x.drop T=1.5 P=3", reply, sizeof reply),
                     CONSOLE_ERROR);
    assert_non_null(strstr(reply, "cannot read /nonexistent/x.drop"));
}

/* CHECKPOINT: a dropfile of a running job, which goes on to its end (as
 * CRIU's --leave-running); the dropfile verifies and names the job. */
static void checkpoint_leaves_the_job_running(void **state)
{
    struct fixture *f = *state;
    char deck[128], line[300], reply[512];
    snprintf(deck, sizeof deck, "%s/spin.job", f->dir);
    FILE *file = fopen(deck, "w");
    fputs("JOB,JN=SPIN,T=1,US=ALICE.\nCAL.\nLDR.\n/EOF\n"
          "         IDENT     SPIN\n"
          "         EXT       $END\n"
          "         START     GO\n"
          "GO       A1        50000\n"
          "LOOP     A1        A1-1\n"
          "         A0        A1\n"
          "         JAN       LOOP\n"
          "         R         $END\n"
          "         END\n", file);
    fclose(file);
    snprintf(line, sizeof line, "SUBMIT %s", deck);
    assert_int_equal(run(f, line, reply, sizeof reply), CONSOLE_OK);
    os_run(&f->os, f->os.now + 200000);   /* past the CAL and LDR steps, into the loop */
    struct job *job = os_find_job(&f->os, 1);
    assert_non_null(job);
    assert_int_equal(job->state, JOB_RUNNING);
    assert_int_equal(run(f, "CHECKPOINT 1", reply, sizeof reply), CONSOLE_OK);
    assert_non_null(strstr(reply, "job 1 checkpointed to "));
    assert_non_null(strstr(reply, "it goes on running"));
    assert_int_equal(job->state, JOB_RUNNING);
    struct dropfile df;
    struct dropfile_report report;
    assert_int_equal(dropfile_read_file(job->last_dropfile, &df, &report), 0);
    assert_string_equal(df.identity.job_name, "SPIN");
    dropfile_free(&df);
    f->os.config.until_idle = true;
    os_run(&f->os, UINT64_MAX);
    char *text = dayfile(f);
    assert_non_null(strstr(text, "OPERATOR test: CHECKPOINT 1"));
    assert_non_null(strstr(text, "(job goes on)"));
    assert_non_null(strstr(text, "END      job 1 SPIN"));
    free(text);
    assert_int_equal(run(f, "CHECKPOINT 1", reply, sizeof reply), CONSOLE_ERROR);
    assert_string_equal(reply, "job 1 is not running\n");
}

static void names_from_the_table(void **state)
{
    (void)state;
    const char *const *names = console_command_names();
    int count = 0, submit = 0, tail = 0;
    for (; names[count]; count++) {
        submit += !strcmp(names[count], "SUBMIT");
        tail += !strcmp(names[count], "TAIL");
    }
    assert_int_equal(count, 14);
    assert_int_equal(submit, 1);
    assert_int_equal(tail, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(refused_drop_is_no_change, setup, teardown),
        cmocka_unit_test_setup_teardown(change_is_logged, setup, teardown),
        cmocka_unit_test_setup_teardown(submit_checks_the_deck, setup, teardown),
        cmocka_unit_test_setup_teardown(tail_of_the_dayfile, setup, teardown),
        cmocka_unit_test_setup_teardown(restart_parameters_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(checkpoint_leaves_the_job_running, setup, teardown),
        cmocka_unit_test(names_from_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
