/*
 * test_replay.c - SWF traces: parsing (every kind of malformed line is
 * skipped with its line number), and a replay through the OS: arrivals at
 * scaled submit times, a job whose run exceeded its request dropped at its
 * limit, the report, and the same dayfile from the same trace twice.
 */
#include "test_support.h"

#include <stdio.h>
#include <unistd.h>

#include "os/os.h"
#include "os/replay/replay.h"
#include "os/replay/swf.h"

static const char trace_text[] =
    "; Version: 2.2\n"
    "; Computer: Test machine\n"
    "; MaxProcs: 8\n"
    ";\n"
    /* job submit wait run procs cpu mem reqprocs reqtime reqmem status user group exe queue part prec think */
    "    1     0   0   100  4 -1 -1  4   200 -1 1 1 1 -1 -1 -1 -1 -1\n"
    "    2    10   5   300  4 -1 -1  4   200 -1 0 2 1 -1 -1 -1 -1 -1\n"   /* ran past its limit */
    "    3    20   0    50  8 -1 -1  8   100 -1 1 1 1 -1  2 -1 -1 -1\n"   /* queue 2 */
    "    4    30   0   199  2 -1 -1  2   200 -1 0 3 1 -1 -1 -1 -1 -1\n"   /* failed at 99.5 % */
    "    5    40 zero  10  1 -1 -1  1    60 -1 1 1 1 -1 -1 -1 -1 -1\n"   /* malformed: a word */
    "    6    50   0\n"                                                       /* malformed: 3 fields */
    "    7    60   0    10  1 -1 -1  1    60 -1 1 1 1 -1 -1 -1 -1 -1 99\n" /* 19 fields */
    "    8    70   0   -5  1 -1 -1  1    60 -1 1 1 1 -1 -1 -1 -1 -1\n"   /* negative */
    "    9    80   0    10  1 -1 -1  1    60 -1 1 1 1 -1 -1 -1 -1 -1\n"
    "   10    90   0   196  2 -1 -1  2   200 -1 1 1 1 -1 -1 -1 -1 -1\n";  /* completed at 98 % */

static void write_trace(char *path)
{
    snprintf(path, 64, "/tmp/c1-trace-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, trace_text, sizeof trace_text - 1), (ssize_t)(sizeof trace_text - 1));
    close(fd);
}

static void parse_trace(void **state)
{
    (void)state;
    char path[64];
    write_trace(path);
    struct swf_trace t;
    char error[200];
    assert_int_equal(swf_read(path, &t, error, sizeof error), 0);
    assert_int_equal(t.count, 6);          /* jobs 1, 2, 3, 4, 9, 10 */
    assert_int_equal(t.skipped, 4);        /* lines of jobs 5, 6, 7, 8 */
    assert_int_equal(t.problem_count, 4);
    assert_int_equal(t.problems[0].line, 9);
    assert_int_equal(t.problems[1].line, 10);
    assert_int_equal(t.problems[2].line, 11);
    assert_int_equal(t.problems[3].line, 12);
    assert_non_null(strstr(t.problems[1].message, "3 fields"));
    assert_non_null(strstr(t.problems[2].message, "more than 18"));
    assert_non_null(strstr(t.problems[3].message, "negative"));
    assert_int_equal(t.max_procs, 8);
    assert_string_equal(t.computer, "Test machine");
    assert_int_equal(t.records[1].run, 300);
    assert_int_equal(t.records[2].queue, 2);
    assert_int_equal(t.records[4].number, 9);
    swf_free(&t);
    unlink(path);
}

static char *strip_wall(const char *dayfile)
{
    char *text = read_file_all(dayfile, NULL);
    assert_non_null(text);
    char *out = malloc(strlen(text) + 1), *o = out;
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *bar = memchr(p, '|', n);
        size_t keep = bar ? (size_t)(bar - p) : n;
        memcpy(o, p, keep);
        o += keep;
        *o++ = '\n';
        p += n + (end ? 1 : 0);
    }
    *o = '\0';
    free(text);
    return out;
}

static char *replay_once(const char *trace_path, char *report_out, size_t size)
{
    char dir[64];
    test_temp_dir(dir, sizeof dir, "replay", 0);
    struct swf_trace t;
    char error[200];
    assert_int_equal(swf_read(trace_path, &t, error, sizeof error), 0);
    struct os *os = calloc(1, sizeof *os);
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 2, .memory_words = 1u << 18,
                               .timing = true, .until_idle = true};
    assert_int_equal(os_boot(os, dir, &config, error, sizeof error), 0);
    struct replay r;
    struct replay_options options = {.time_scale = 1000};
    if (replay_init(&r, os, &t, &options, error, sizeof error))
        fail_msg("%s", error);
    replay_run(&r, os);
    struct text report = {0};
    replay_report(&r, os, &report);
    snprintf(report_out, size, "%s", report.data);
    text_free(&report);
    /* Every job ran; job 2 (300 s of a 200 s request) and job 4 (failed at
     * 99.5 % of its request) were dropped at their limits; job 10, which
     * completed at 98 % of its request, ends within it. */
    size_t drops = 0;
    for (size_t i = 0; i < r.last - r.first; i++) {
        assert_true(r.jobs[i].finished);
        drops += r.jobs[i].dropped;
    }
    assert_int_equal(drops, 2);
    assert_true(r.jobs[1].dropped);
    assert_true(r.jobs[3].dropped);
    assert_false(r.jobs[5].dropped);
    /* Arrivals follow the submit times: job 2 arrives 10 trace seconds
     * after job 1, i.e. 10/1000 of 80 M clocks later. */
    assert_int_equal(r.jobs[1].arrival - r.jobs[0].arrival, 800000);
    char csv[128];
    snprintf(csv, sizeof csv, "%s/report.csv", dir);
    assert_int_equal(replay_write_csv(&r, os, csv), 0);
    char *csv_text = read_file_all(csv, NULL);
    assert_non_null(strstr(csv_text, "class,jobs,wait_mean"));
    assert_non_null(strstr(csv_text, "\nall,6,"));
    assert_non_null(strstr(csv_text, "\nQ2,1,"));
    free(csv_text);
    os_shutdown(os);
    char dayfile[128];
    snprintf(dayfile, sizeof dayfile, "%s/dayfile", dir);
    char *day = strip_wall(dayfile);
    os_free(os);
    free(os);
    replay_free(&r);
    swf_free(&t);
    assert_int_equal(test_remove_tree(dir), 0);
    return day;
}

static void replay_is_deterministic(void **state)
{
    (void)state;
    char path[64];
    write_trace(path);
    char report1[4096], report2[4096];
    char *day1 = replay_once(path, report1, sizeof report1);
    char *day2 = replay_once(path, report2, sizeof report2);
    assert_string_equal(day1, day2);
    assert_string_equal(report1, report2);
    assert_non_null(strstr(report1, "malformed trace lines skipped: 4"));
    assert_non_null(strstr(day1, "DROP     job 2 J2 reason time-limit"));
    free(day1);
    free(day2);
    unlink(path);
}

/* A trace that gives no wait times (-1) and is not KTH's: the report says
 * "unknown" where the trace's waits would be (not 0 0 0), and names no
 * scheduler it cannot know. */
static void unknown_fields_and_footnote(void **state)
{
    (void)state;
    static const char text[] =
        "; Computer: Intel iPSC/860\n"
        "; Installation: NASA Ames Research Center\n"
        "    1     0  -1    10  1 -1 -1  1    60 -1 1 1 1 -1 -1 -1 -1 -1\n"
        "    2     5  -1    10  1 -1 -1  1    60 -1 1 1 1 -1 -1 -1 -1 -1\n";
    char path[64];
    snprintf(path, sizeof path, "/tmp/c1-trace-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    char dir[64] = "/tmp/c1-replay-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct swf_trace t;
    char error[200];
    assert_int_equal(swf_read(path, &t, error, sizeof error), 0);
    struct os *os = calloc(1, sizeof *os);
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 1, .memory_words = 1u << 18,
                               .timing = true, .until_idle = true};
    assert_int_equal(os_boot(os, dir, &config, error, sizeof error), 0);
    struct replay r;
    struct replay_options options = {.time_scale = 1000};
    if (replay_init(&r, os, &t, &options, error, sizeof error))
        fail_msg("%s", error);
    replay_run(&r, os);
    struct text report = {0};
    replay_report(&r, os, &report);
    assert_non_null(strstr(report.data, "   unknown    unknown    unknown"));
    assert_null(strstr(report.data, "EASY"));
    assert_null(strstr(report.data, "KTH"));
    char csv[128];
    snprintf(csv, sizeof csv, "%s/report.csv", dir);
    assert_int_equal(replay_write_csv(&r, os, csv), 0);
    char *csv_text = read_file_all(csv, NULL);
    assert_non_null(strstr(csv_text, "\nall,2,"));
    assert_non_null(strstr(csv_text, ",,,0,"));   /* the trace's waits: empty, not 0 */
    free(csv_text);
    /* Per job: two lines, the trace's wait empty, the request 60 s. */
    assert_int_equal(replay_write_jobs_csv(&r, csv), 0);
    csv_text = read_file_all(csv, NULL);
    assert_non_null(strstr(csv_text, "trace_job,job,pc,arrival,start,end,wait,trace_wait,"));
    assert_non_null(strstr(csv_text, "\n1,1,0,0.000,0.000,"));
    assert_non_null(strstr(csv_text, ",,60,"));
    int lines = 0;
    for (const char *c = csv_text; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 3);
    free(csv_text);
    text_free(&report);
    os_free(os);
    free(os);
    replay_free(&r);
    swf_free(&t);
    unlink(path);
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", dir);
    assert_int_equal(system(command), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_trace),
        cmocka_unit_test(replay_is_deterministic),
        cmocka_unit_test(unknown_fields_and_footnote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
