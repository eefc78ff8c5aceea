/*
 * test_recovery.c - a boot after a crash (os/job_state.c): SITE/running
 * names the jobs a crash cut off, and the plan of a transition under way.
 * A plan whose log (the commit point) exists is finished: its dayfile line
 * written once, its queue entry removed, the job not run again.  A plan
 * without its log is undone: its dropfile, requeue entry and $OUT removed,
 * the entry queued again.  SUBMIT from a job happens once however often the
 * job runs again (job_submit's ledger).
 */
#include "test_support.h"

#include <fcntl.h>

#include "os/disk/disk.h"
#include "os/job.h"
#include "os/job_state.h"
#include "os/os.h"
#include "os/site.h"

static const char deck[] = "JOB,JN=HELLO,T=1,MFL=4096,US=ALICE.\n";

static void put(const char *site, const char *name, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", site, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static bool present(const char *site, const char *name)
{
    char path[600];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", site, name);
    return lstat(path, &st) == 0;
}

static int count(const char *text, const char *part)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, part)); p += strlen(part))
        n++;
    return n;
}

static char *dayfile(const char *site)
{
    char path[600];
    snprintf(path, sizeof path, "%s/dayfile", site);
    char *text = disk_read_all(path, 1 << 20, NULL);
    assert_non_null(text);
    return text;
}

/* A site with one queued deck, as c1sub leaves it. */
static void make_site(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/c1-recovery-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char error[300];
    struct site site;
    assert_int_equal(site_open(&site, dir, error, sizeof error), 0);
    assert_int_equal(site_queue_deck(dir, deck, strlen(deck), error, sizeof error), 1);
}

static void boot(struct os *os, const char *dir)
{
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 1, .memory_words = 65536,
                               .timing = true, .until_idle = true};
    char error[300];
    if (os_boot(os, dir, &config, error, sizeof error))
        fail_msg("boot %s: %s", dir, error);
}

#define END_LINE "job 1 HELLO user ALICE 77 clocks output 000001.HELLO"

/* The job's log was written, then the crash: the job is finished, once. */
static void committed_end_finished_once(void **state)
{
    (void)state;
    char dir[64];
    make_site(dir, sizeof dir);
    put(dir, "out/000001.HELLO.log", "the log\n");
    put(dir, "running", "000001.job 1 END out/000001.HELLO.log - - -|" END_LINE "\n");
    for (int boots = 0; boots < 2; boots++) {
        struct os os;
        boot(&os, dir);
        assert_int_equal(os.job_count, 0);   /* not queued again */
        os_free(&os);
        assert_false(present(dir, "queue/000001.job"));
        char *text = dayfile(dir);
        assert_int_equal(count(text, "END      " END_LINE), 1);
        free(text);
    }
    test_remove_tree(dir);
}

/* The END line was written too: not written again. */
static void committed_end_line_not_doubled(void **state)
{
    (void)state;
    char dir[64];
    make_site(dir, sizeof dir);
    put(dir, "out/000001.HELLO.log", "the log\n");
    put(dir, "dayfile", "000000000077 END      " END_LINE "  | 2026-01-01T00:00:00Z\n");
    put(dir, "running", "000001.job 1 END out/000001.HELLO.log - - -|" END_LINE "\n");
    struct os os;
    boot(&os, dir);
    assert_int_equal(os.job_count, 0);
    os_free(&os);
    char *text = dayfile(dir);
    assert_int_equal(count(text, "END      " END_LINE), 1);
    free(text);
    test_remove_tree(dir);
}

/* A preemption cut off before its log: dropfile, requeue entry and $OUT
 * go; the job's own entry runs again (one job, not two). */
static void uncommitted_drop_undone(void **state)
{
    (void)state;
    char dir[64];
    make_site(dir, sizeof dir);
    put(dir, "drop/HELLO.000001.1.drop", "a dropfile\n");
    put(dir, "queue/000002.drop", "a dropfile\n");
    put(dir, "queue/000002.drop.meta", "automatic 1\n");
    put(dir, "out/000001.HELLO.out", "partial\n");
    put(dir, "running", "000001.job 1 DROP out/000001.HELLO.log out/000001.HELLO.out "
                        "drop/HELLO.000001.1.drop queue/000002.drop|job 1 HELLO reason "
                        "preemption\n");
    struct os os;
    boot(&os, dir);
    assert_int_equal(os.job_count, 1);
    assert_string_equal(os.jobs[0]->queue_name, "000001.job");
    os_free(&os);
    assert_true(present(dir, "queue/000001.job"));
    assert_false(present(dir, "queue/000002.drop"));
    assert_false(present(dir, "queue/000002.drop.meta"));
    assert_false(present(dir, "drop/HELLO.000001.1.drop"));
    assert_false(present(dir, "out/000001.HELLO.out"));
    test_remove_tree(dir);
}

/* A plan's names never leave their folders. */
static void plan_names_stay_inside(void **state)
{
    (void)state;
    char dir[64], outside[600];
    make_site(dir, sizeof dir);
    snprintf(outside, sizeof outside, "%s.victim", dir);
    int fd = open(outside, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    close(fd);
    char running[1400];
    snprintf(running, sizeof running, "000001.job 1 DROP out/none.log out/../../%s drop/x.drop "
             "queue/../../%s|x\n", strrchr(outside, '/') + 1, strrchr(outside, '/') + 1);
    put(dir, "running", running);
    struct os os;
    boot(&os, dir);
    os_free(&os);
    struct stat st;
    assert_int_equal(lstat(outside, &st), 0);
    unlink(outside);
    test_remove_tree(dir);
}

/* A job's Kth SUBMIT queues once, however often the job runs again. */
static void submit_once(void **state)
{
    (void)state;
    char dir[64], error[200];
    make_site(dir, sizeof dir);
    struct os os;
    boot(&os, dir);
    assert_int_equal(os.job_count, 1);
    struct job *job = os.jobs[0];
    static const char late[] = "JOB,JN=LATE,T=1,US=BOB.\n";
    int64_t first = job_submit(&os, job, late, strlen(late), error, sizeof error);
    assert_true(first > 1);
    /* The job runs again from its start (a crash): its first SUBMIT again. */
    job->submits = 0;
    assert_int_equal(job_submit(&os, job, late, strlen(late), error, sizeof error), first);
    /* ... even after the submitted job was read from the queue and ended. */
    os_scan_queue(&os);
    char path[600];
    snprintf(path, sizeof path, "%s/queue/%06lld.job", dir, (long long)first);
    assert_int_equal(unlink(path), 0);
    job->submits = 0;
    assert_int_equal(job_submit(&os, job, late, strlen(late), error, sizeof error), first);
    assert_false(present(dir, strrchr(path, '/') - 5));
    /* A second SUBMIT is a new one. */
    int64_t second = job_submit(&os, job, late, strlen(late), error, sizeof error);
    assert_true(second > first);
    job_remove_queue_entry(&os, job);
    assert_false(present(dir, "queue/000001.job.sub"));
    os_free(&os);
    test_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(committed_end_finished_once),
        cmocka_unit_test(committed_end_line_not_doubled),
        cmocka_unit_test(uncommitted_drop_undone),
        cmocka_unit_test(plan_names_stay_inside),
        cmocka_unit_test(submit_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
