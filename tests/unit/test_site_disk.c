/*
 * test_site_disk.c - the site on disk and its durable steps (os/site.c,
 * os/disk/disk.c): one c1 per site, atomic writes that never replace a
 * device nor follow a planted link, bounded reads, temporary files cleaned
 * at boot, owner-only permissions, the queue past its millionth entry, the
 * dayfile's one line per event, crash injection at every step, and group
 * commit (one fsync per folder per slice, the commit a step of its own).
 */
#include "test_support.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os/disk/disk.h"
#include "os/log.h"
#include "os/site.h"

static void temp_folder(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/c1-site-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *get(const char *path)
{
    return disk_read_all(path, 1 << 20, NULL);
}

static void test_second_lock_refused(void **state)
{
    (void)state;
    char dir[64], error[256];
    temp_folder(dir, sizeof dir);
    struct site a, b;
    assert_int_equal(site_open(&a, dir, error, sizeof error), 0);
    assert_int_equal(site_lock(&a, error, sizeof error), 0);
    assert_int_equal(site_open(&b, dir, error, sizeof error), 0);
    assert_int_equal(site_lock(&b, error, sizeof error), -1);
    assert_non_null(strstr(error, "in use by another c1"));
    char pid[32];
    snprintf(pid, sizeof pid, "(pid %ld)", (long)getpid());
    assert_non_null(strstr(error, pid));
    site_unlock(&a);
    assert_int_equal(site_lock(&b, error, sizeof error), 0);   /* free again */
    site_unlock(&b);
}

static void test_owner_only(void **state)
{
    (void)state;
    char dir[64], error[256], path[600];
    temp_folder(dir, sizeof dir);
    strcat(dir, "/site");
    struct site s;
    assert_int_equal(site_open(&s, dir, error, sizeof error), 0);
    struct stat st;
    const char *folders[] = {"", "/queue", "/drop", "/out", "/pds"};
    for (size_t i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s%s", dir, folders[i]);
        assert_int_equal(lstat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0700);
    }
    snprintf(path, sizeof path, "%s/state", dir);
    assert_int_equal(lstat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_true(site_queue_deck(dir, "JOB,JN=A.\n", 10, error, sizeof error) > 0);
    snprintf(path, sizeof path, "%s/queue/000001.job", dir);
    assert_int_equal(lstat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_folder_link_refused(void **state)
{
    (void)state;
    char dir[64], error[256], path[600], target[600];
    temp_folder(dir, sizeof dir);
    snprintf(target, sizeof target, "%s/elsewhere", dir);
    assert_int_equal(mkdir(target, 0700), 0);
    snprintf(path, sizeof path, "%s/site", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/site/out", dir);
    assert_int_equal(symlink(target, path), 0);
    snprintf(path, sizeof path, "%s/site", dir);
    struct site s;
    assert_int_equal(site_open(&s, path, error, sizeof error), -1);
    assert_non_null(strstr(error, "a file or a link"));
}

/* A FIFO (as /dev/null is a device) is written into, never replaced. */
static void test_write_into_fifo(void **state)
{
    (void)state;
    char dir[64], path[600];
    temp_folder(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    int reader = open(path, O_RDONLY | O_NONBLOCK);
    assert_true(reader >= 0);
    assert_int_equal(disk_write_atomic(NULL, path, "hello", 5, 0600), 0);
    char buf[16] = {0};
    assert_int_equal(read(reader, buf, sizeof buf), 5);
    assert_string_equal(buf, "hello");
    close(reader);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    /* A folder is refused. */
    assert_int_equal(disk_write_atomic(NULL, dir, "x", 1, 0600), -1);
    assert_int_equal(errno, EISDIR);
}

/* Links planted where the old code put its temporary (".NAME.tmpPID") and
 * at the target itself: neither is ever written through. */
static void test_planted_links_not_followed(void **state)
{
    (void)state;
    char dir[64], path[600], victim[600], planted[600];
    temp_folder(dir, sizeof dir);
    snprintf(victim, sizeof victim, "%s/victim", dir);
    put(victim, "precious");
    snprintf(path, sizeof path, "%s/job.log", dir);
    snprintf(planted, sizeof planted, "%s/.job.log.tmp%ld", dir, (long)getpid());
    assert_int_equal(symlink(victim, planted), 0);
    assert_int_equal(write_file_atomic(path, "log text", 8), 0);
    char *text = get(victim);
    assert_string_equal(text, "precious");
    free(text);
    text = get(path);
    assert_string_equal(text, "log text");
    free(text);
    /* A link at the target is replaced, its target untouched. */
    unlink(path);
    assert_int_equal(symlink(victim, path), 0);
    assert_int_equal(write_file_atomic(path, "new", 3), 0);
    text = get(victim);
    assert_string_equal(text, "precious");
    free(text);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    /* Appending never follows a link either. */
    snprintf(path, sizeof path, "%s/dayfile", dir);
    assert_int_equal(symlink(victim, path), 0);
    assert_int_equal(disk_open_append(NULL, path), -1);
}

static void test_bounded_reads(void **state)
{
    (void)state;
    char dir[64], path[600], link[600];
    temp_folder(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/big", dir);
    put(path, "0123456789");
    size_t length = 0;
    char *text = disk_read_all(path, 10, &length);
    assert_non_null(text);
    assert_int_equal(length, 10);
    free(text);
    assert_null(disk_read_all(path, 9, NULL));
    assert_int_equal(errno, EFBIG);
    snprintf(link, sizeof link, "%s/link", dir);
    assert_int_equal(symlink(path, link), 0);
    assert_null(disk_read_all(link, 100, NULL));
    assert_int_equal(errno, ELOOP);
    /* A device or a FIFO is refused at once (RESTART /dev/zero read until
     * the OOM killer came). */
    assert_null(disk_read_all("/dev/zero", 100, NULL));
    assert_int_equal(errno, EINVAL);
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_null(disk_read_all(path, 100, NULL));
    assert_int_equal(errno, EINVAL);
}

static void test_clean_temps(void **state)
{
    (void)state;
    char dir[64], error[256], path[600];
    temp_folder(dir, sizeof dir);
    struct site s;
    assert_int_equal(site_open(&s, dir, error, sizeof error), 0);
    snprintf(path, sizeof path, "%s/out/.000001.A.log.tmp.Ab12Cd", dir);
    put(path, "half");
    snprintf(path, sizeof path, "%s/queue/.000002.job.tmp.xyzXYZ", dir);
    put(path, "half");
    snprintf(path, sizeof path, "%s/pds/ALICE", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/pds/ALICE/.DATA.tmp.123456", dir);
    put(path, "half");
    snprintf(path, sizeof path, "%s/out/000001.A.log", dir);   /* kept */
    put(path, "whole");
    snprintf(path, sizeof path, "%s/out/.notes.tmp", dir);      /* not ours: kept */
    put(path, "x");
    assert_int_equal(site_clean_temps(&s), 3);
    snprintf(path, sizeof path, "%s/out/000001.A.log", dir);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/out/.notes.tmp", dir);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(site_clean_temps(&s), 0);
}

/* The millionth entry is named 1000000.job and still runs, after 999999. */
static void test_queue_past_a_million(void **state)
{
    (void)state;
    char dir[64], error[256], path[600];
    temp_folder(dir, sizeof dir);
    struct site s;
    assert_int_equal(site_open(&s, dir, error, sizeof error), 0);
    snprintf(path, sizeof path, "%s/queue/.sequence", dir);
    put(path, "999998\n");
    assert_int_equal(site_queue_deck(dir, "JOB,JN=A.\n", 10, error, sizeof error), 999999);
    assert_int_equal(site_queue_deck(dir, "JOB,JN=B.\n", 10, error, sizeof error), 1000000);
    char **names = NULL;
    assert_int_equal(site_list_queue(&s, &names), 2);
    assert_string_equal(names[0], "999999.job");
    assert_string_equal(names[1], "1000000.job");
    free(names[0]);
    free(names[1]);
    free(names);
}

/* A newline in a value can never forge a dayfile line. */
static void test_dayfile_one_line_per_event(void **state)
{
    (void)state;
    char dir[64], path[600];
    temp_folder(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/dayfile", dir);
    struct dayfile d;
    assert_int_equal(dayfile_open(&d, path, NULL), 0);
    assert_int_equal(dayfile_write(&d, 5, "JOB", "job %s", "X\n000000000001 OPERATOR forged"), 0);
    dayfile_close(&d);
    char *text = get(path);
    assert_non_null(text);
    int lines = 0;
    for (char *c = text; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 1);
    assert_non_null(strstr(text, "X?000000000001 OPERATOR forged"));
    free(text);
}

/* Crash at every step of one atomic replacement: the target is always
 * wholly old or wholly new, and only a temporary (cleaned at boot) may be
 * left. */
static void test_crash_at_every_step(void **state)
{
    (void)state;
    char dir[64], path[600];
    temp_folder(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/state", dir);
    int crashed = 0;
    for (uint64_t at = 1; at < 20; at++) {
        put(path, "old");
        pid_t child = fork();
        assert_true(child >= 0);
        if (child == 0) {
            struct disk disk = {.steps = 0, .crash_at = at, .injecting = true};
            _exit(disk_write_atomic(&disk, path, "new", 3, 0600) ? 1 : 0);
        }
        int status;
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFEXITED(status));
        char *text = get(path);
        assert_non_null(text);
        if (WEXITSTATUS(status) == DISK_CRASH_EXIT) {
            crashed++;
            assert_true(!strcmp(text, "old") || !strcmp(text, "new"));
            disk_clean_temps(NULL, dir);
        } else {
            assert_int_equal(WEXITSTATUS(status), 0);
            assert_string_equal(text, "new");
            free(text);
            break;
        }
        free(text);
    }
    assert_int_equal(crashed, 4);   /* create, fsync, rename, fsync of the folder */
    assert_int_equal(disk_clean_temps(NULL, dir), 0);
}

/* Group commit: the steps are visible at once, their fsyncs wait for the
 * commit, which fsyncs each folder once and is a step (a crash point) of
 * its own; without it each file costs two fsyncs. */
static void test_group_commit(void **state)
{
    (void)state;
    char dir[64], path[600];
    temp_folder(dir, sizeof dir);
    struct disk disk;
    disk_init(&disk);
    assert_false(disk.group);
    unsetenv("C1_FSYNC");
    assert_true(disk_use_group_commit(&disk));
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/file%d", dir, i);
        assert_int_equal(disk_write_atomic(&disk, path, "data", 4, 0600), 0);
        char *text = get(path);   /* visible before the commit */
        assert_string_equal(text, "data");
        free(text);
    }
    assert_int_equal(disk.fsyncs, 0);
    assert_int_equal(disk.pending_count, 1);   /* one folder */
    uint64_t steps = disk.steps;
    assert_int_equal(disk_commit(&disk), 0);
    assert_int_equal(disk.steps, steps + 1);
    assert_int_equal(disk.fsyncs, 1);
    assert_int_equal(disk.commits, 1);
    assert_int_equal(disk_commit(&disk), 0);   /* nothing pending: no step */
    assert_int_equal(disk.steps, steps + 1);

    /* More folders than a commit holds: when DISK_GROUP_MAX are pending
     * (dir, f0..f14) they are fsynced early, the rest at the commit: f15..f18
     * and dir again, changed by mkdir f16 after its first fsync. */
    for (int i = 0; i < DISK_GROUP_MAX + 3; i++) {
        snprintf(path, sizeof path, "%s/f%d", dir, i);
        assert_int_equal(disk_make_folder(&disk, path), 0);
        snprintf(path + strlen(path), sizeof path - strlen(path), "/file");
        assert_int_equal(disk_write_new(&disk, path, "x", 1, 0600), 0);
        assert_true(disk.pending_count <= DISK_GROUP_MAX);
    }
    assert_int_equal(disk_commit(&disk), 0);
    assert_int_equal(disk.fsyncs, 1 + DISK_GROUP_MAX + 5);
    assert_int_equal(disk.pending_count, 0);

    /* C1_FSYNC=file: the old way, an fsync of the file and of its folder. */
    setenv("C1_FSYNC", "file", 1);
    struct disk each;
    disk_init(&each);
    assert_false(disk_use_group_commit(&each));
    unsetenv("C1_FSYNC");
    assert_int_equal(disk_write_atomic(&each, path, "more", 4, 0600), 0);
    assert_int_equal(each.fsyncs, 2);
    assert_int_equal(disk_commit(&each), 0);
    assert_int_equal(each.fsyncs, 2);

    /* A crash at the commit: the files are there (a process crash loses
     * nothing visible). */
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        struct disk crashing;
        disk_init(&crashing);
        disk_use_group_commit(&crashing);
        if (disk_write_atomic(&crashing, path, "last", 4, 0600))
            _exit(1);
        crashing.crash_at = crashing.steps + 1;
        disk_commit(&crashing);
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), DISK_CRASH_EXIT);
    char *text = get(path);
    assert_string_equal(text, "last");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_second_lock_refused),
        cmocka_unit_test(test_owner_only),
        cmocka_unit_test(test_folder_link_refused),
        cmocka_unit_test(test_write_into_fifo),
        cmocka_unit_test(test_planted_links_not_followed),
        cmocka_unit_test(test_bounded_reads),
        cmocka_unit_test(test_clean_temps),
        cmocka_unit_test(test_queue_past_a_million),
        cmocka_unit_test(test_dayfile_one_line_per_event),
        cmocka_unit_test(test_crash_at_every_step),
        cmocka_unit_test(test_group_commit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
