/*
 * test_handover.c - a hand-over under another user carries only what that
 * user may read (docs/trust-model.md): os/restart_check.c's verdicts (the
 * one check of the OS's restart, dropfile move and dropfile check), and a
 * booted site refusing ALICE's rollout restarted as BOB, an edited
 * dropfile naming ALICE's private dataset (with its true hash, and
 * --force), an output name that leaves the site, and keeping every refused
 * entry in SITE/drop/refused/.
 */
#include "test_support.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/isa.h"
#include "os/datasets/pds.h"
#include "os/dropfile/dropfile.h"
#include "os/os.h"
#include "os/restart_check.h"
#include "os/site.h"

static const char secret[] = "ALICE-SECRET-7a3f";

static const char save_deck[] =
    "JOB,JN=SAVE,T=1,US=ALICE.\n"
    "COPYF,I=$IN,O=DATA.\n"
    "SAVE,DN=DATA,PDN=SECRET.\n"
    "/EOF\n"
    "ALICE-SECRET-7a3f\n";
static const char notice_deck[] =
    "JOB,JN=NOTICE,T=1,US=ALICE.\n"
    "COPYF,I=$IN,O=DATA.\n"
    "SAVE,DN=DATA,PDN=NOTICE,PAM=R.\n"
    "/EOF\n"
    "for everyone\n";
static const char roll_deck[] =
    "JOB,JN=ROLLA,T=1,US=ALICE.\n"
    "ACCESS,DN=DATA,PDN=SECRET.\n"
    "ROLLJOB.\n"
    "COPYF,I=DATA,O=$OUT.\n";
static const char roll_notice_deck[] =
    "JOB,JN=ROLLN,T=1,US=ALICE.\n"
    "ACCESS,DN=DATA,PDN=NOTICE.\n"
    "ROLLJOB.\n"
    "COPYF,I=DATA,O=$OUT.\n";

struct fixture {
    char dir[128];
    char site[160];
    char alice_drop[600], notice_drop[600];
};

static void boot(struct os *os, const char *dir)
{
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 1, .memory_words = 1u << 20,
                               .timing = true, .until_idle = true};
    char error[300];
    if (os_boot(os, dir, &config, error, sizeof error))
        fail_msg("boot %s: %s", dir, error);
}

static void stop(struct os *os)
{
    os_shutdown(os);
    os_free(os);
    free(os);
}

/* Queue decks (NULL-terminated), run the site until idle. */
static void run_decks(const char *site, const char *const *decks)
{
    struct os *os = calloc(1, sizeof *os);
    boot(os, site);
    char error[300];
    for (int i = 0; decks[i]; i++)
        assert_true(site_queue_deck(site, decks[i], strlen(decks[i]), error, sizeof error) > 0);
    os_scan_queue(os);
    os_run(os, UINT64_MAX);
    stop(os);
}

/* Restart file under user (NULL: its own), then run until idle. */
static void restart(const char *site, const char *file, const char *user, bool force)
{
    struct os *os = calloc(1, sizeof *os);
    boot(os, site);
    char error[300];
    if (os_restart_file(os, file, user, 0, -1, force, error, sizeof error))
        fail_msg("restart %s: %s", file, error);
    os_run(os, UINT64_MAX);
    stop(os);
}

static int find_file(const char *site, const char *folder, const char *part, char *path,
                     size_t size)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/%s", site, folder);
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char best[256] = "";   /* path below is 600 + 256 */
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, part) && e->d_name[0] != '.' && strcmp(e->d_name, best) > 0)
            snprintf(best, sizeof best, "%s", e->d_name);
    closedir(d);
    if (!best[0])
        return -1;
    snprintf(path, size, "%s/%s", dir, best);
    return 0;
}

static int count_files(const char *site, const char *folder, const char *part)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/%s", site, folder);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && strstr(e->d_name, part))
            n++;
    closedir(d);
    return n;
}

/* The last dayfile line holding word. */
static void last_line(const char *site, const char *word, char *line, size_t size)
{
    char path[600];
    snprintf(path, sizeof path, "%s/dayfile", site);
    char *text = read_file_all(path, NULL);
    assert_non_null(text);
    line[0] = '\0';
    for (char *p = strtok(text, "\n"); p; p = strtok(NULL, "\n"))
        if (strstr(p, word))
            snprintf(line, size, "%s", p);
    free(text);
}

/* Does any output of the site not from jobs named by skip hold the secret? */
static bool secret_outside(const char *site, const char *skip1, const char *skip2)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/out", site);
    DIR *d = opendir(dir);
    assert_non_null(d);
    bool found = false;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strstr(e->d_name, skip1) || strstr(e->d_name, skip2))
            continue;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *text = read_file_all(path, NULL);
        if (text && strstr(text, secret))
            found = true;
        free(text);
    }
    closedir(d);
    return found;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_temp_dir(f->dir, sizeof f->dir, "test-handover", 1);
    snprintf(f->site, sizeof f->site, "%s/site", f->dir);
    static const char *const first[] = {save_deck, notice_deck, NULL};
    run_decks(f->site, first);
    static const char *const second[] = {roll_deck, roll_notice_deck, NULL};
    run_decks(f->site, second);
    if (find_file(f->site, "drop", "ROLLA", f->alice_drop, sizeof f->alice_drop) ||
        find_file(f->site, "drop", "ROLLN", f->notice_drop, sizeof f->notice_drop))
        fail_msg("no rollout dropfiles in %s/drop", f->site);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    test_remove_tree(f->dir);
    free(f);
    return 0;
}

static void load(const char *path, struct dropfile *df)
{
    struct dropfile_report report = {0};
    if (dropfile_read_file(path, df, &report))
        fail_msg("read %s: %s", path, report.message);
}

/* The verdicts of os/restart_check.c, as the tools ask them. */
static void check_verdicts(void **state)
{
    struct fixture *f = *state;
    struct dropfile df;
    load(f->alice_drop, &df);
    struct restart_site site;
    restart_site_of(f->site, &site);
    assert_int_equal(site.model, MODEL_CRAY1);
    assert_int_equal(site.memory_words, 1u << 20);
    struct restart_request request = {.priority = -1};
    char why[600];
    /* ALICE's own: accepted. */
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), 0);
    /* BOB: no permission, and nothing of the dataset shown. */
    snprintf(request.user, sizeof request.user, "BOB");
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), -1);
    assert_non_null(strstr(why, "user BOB has no permission"));
    assert_null(strstr(why, "hash"));
    char hash[20];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)df.datasets[df.dataset_count - 1].content_hash);
    assert_null(strstr(why, hash));
    /* --force grants nothing. */
    request.force = true;
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), -1);
    request.force = false;
    /* A dataset that does not exist reads the same as a private one. */
    char private_why[600];
    snprintf(private_why, sizeof private_why, "%s", why);
    for (size_t i = 0; i < df.dataset_count; i++)
        if (df.datasets[i].permanent)
            assert_int_equal(dropfile_set_string(&df.datasets[i].permanent_name, "NOSUCH"), 0);
    assert_int_equal(restart_check_permissions(f->site, &df, "BOB", why, sizeof why), -1);
    assert_non_null(strstr(why, "ALICE/NOSUCH"));
    assert_non_null(strstr(why, "no permission"));
    dropfile_free(&df);
    /* PAM=R: BOB may read it. */
    load(f->notice_drop, &df);
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), 0);
    /* The user rule, the priority, the time. */
    snprintf(request.user, sizeof request.user, "B/OB");
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), -1);
    assert_non_null(strstr(why, "user"));
    snprintf(request.user, sizeof request.user, "BOB");
    request.priority = 16;
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), -1);
    request.priority = -1;
    df.limits.cpu_limit = df.limits.cpu_used;
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), -1);
    assert_non_null(strstr(why, "already used"));
    request.time_seconds = 5;
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), 0);
    /* Names that would leave a folder never pass. */
    assert_int_equal(dropfile_set_string(&df.identity.output_name, "../../../../../tmp/PWNED"), 0);
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), -1);
    assert_non_null(strstr(why, "identity.output_name"));
    assert_int_equal(dropfile_set_string(&df.identity.output_name, "000004.ROLLN"), 0);
    assert_int_equal(dropfile_set_string(&df.identity.job_name, "../../X"), 0);
    assert_int_equal(restart_check(&site, &df, &request, why, sizeof why), -1);
    assert_non_null(strstr(why, "identity.job_name"));
    dropfile_free(&df);
}

/* Issue 12 item 3 (a): ALICE's rollout restarted --user BOB. */
static void rollout_under_bob(void **state)
{
    struct fixture *f = *state;
    char copy[700];
    snprintf(copy, sizeof copy, "%s/a.drop", f->dir);
    size_t length;
    char *bytes = read_file_all(f->alice_drop, &length);
    assert_non_null(bytes);
    assert_int_equal(write_file_atomic(copy, bytes, length), 0);
    free(bytes);
    restart(f->site, copy, "BOB", false);
    char line[1024];
    last_line(f->site, "REFUSED", line, sizeof line);
    assert_non_null(strstr(line, "ALICE/SECRET"));
    assert_non_null(strstr(line, "user BOB has no permission"));
    assert_non_null(strstr(line, "kept as drop/refused/"));
    assert_null(strstr(line, "hash"));
    last_line(f->site, "RESTART", line, sizeof line);
    assert_null(strstr(line, "user BOB"));
    assert_false(secret_outside(f->site, "SAVE", "ROLLA"));
    assert_int_equal(count_files(f->site, "drop/refused", ".drop"), 2);   /* and its .meta */
    assert_int_equal(count_files(f->site, "queue", ".drop"), 0);
    /* --force changes nothing. */
    restart(f->site, copy, "BOB", true);
    last_line(f->site, "REFUSED", line, sizeof line);
    assert_non_null(strstr(line, "user BOB has no permission"));
    assert_int_equal(count_files(f->site, "drop/refused", ".drop"), 4);
    /* The PAM=R one goes through, handed over. */
    restart(f->site, f->notice_drop, "BOB", false);
    last_line(f->site, "RESTART", line, sizeof line);
    assert_non_null(strstr(line, "user BOB (handed over from ALICE)"));
}

/* Issue 12 item 3 (b): a dropfile edited to name ALICE/SECRET, with the
 * dataset's true hash: refused, with or without --force, and no hash. */
static void edited_reference(void **state)
{
    struct fixture *f = *state;
    struct dropfile df;
    load(f->notice_drop, &df);
    struct pds pds;
    struct dataset_error e;
    assert_int_equal(pds_open(&pds, f->site, &e), 0);
    struct pds_info info;
    assert_int_equal(pds_info(&pds, "ALICE", "SECRET", &info, &e), 0);
    pds_close(&pds);
    for (size_t i = 0; i < df.dataset_count; i++) {
        struct dropfile_dataset *d = &df.datasets[i];
        if (!d->permanent)
            continue;
        assert_int_equal(dropfile_set_string(&d->permanent_name, "SECRET"), 0);
        d->content_hash = info.hash;
        d->content_size = info.size;
    }
    assert_int_equal(dropfile_set_string(&df.identity.user, "BOB"), 0);
    char path[700];
    snprintf(path, sizeof path, "%s/edited.drop", f->dir);
    struct dropfile_report report = {0};
    if (dropfile_write_file(path, &df, &report))
        fail_msg("write: %s", report.message);
    dropfile_free(&df);
    for (int force = 0; force < 2; force++) {
        restart(f->site, path, NULL, force);
        char line[1024], hash[20];
        last_line(f->site, "REFUSED", line, sizeof line);
        assert_non_null(strstr(line, "ALICE/SECRET"));
        assert_non_null(strstr(line, "no permission"));
        snprintf(hash, sizeof hash, "%016llx", (unsigned long long)info.hash);
        assert_null(strstr(line, hash));
        assert_null(strstr(line, "hash"));
    }
    assert_false(secret_outside(f->site, "SAVE", "ROLLA"));
}

/* Issue 12 item 1: an output name leaving the site never reaches a path. */
static void output_name_outside(void **state)
{
    struct fixture *f = *state;
    struct dropfile df;
    load(f->notice_drop, &df);
    assert_int_equal(dropfile_set_string(&df.identity.output_name, "../../../../../tmp/PWNED"), 0);
    char path[700];
    snprintf(path, sizeof path, "%s/pwned.drop", f->dir);
    struct dropfile_report report = {0};
    unlink("/tmp/PWNED.log");
    unlink("/tmp/PWNED.out");
    if (dropfile_write_file(path, &df, &report) == 0) {
        restart(f->site, path, NULL, false);
        char line[1024];
        last_line(f->site, "REFUSED", line, sizeof line);
        assert_non_null(strstr(line, "output_name"));
    } else {
        /* The writer refuses it already: the restart never sees one. */
        print_message("writer: %s\n", report.message);
        assert_non_null(strstr(report.message, "output_name"));
    }
    dropfile_free(&df);
    assert_int_not_equal(access("/tmp/PWNED.log", F_OK), 0);
    assert_int_not_equal(access("/tmp/PWNED.out", F_OK), 0);
}

/* A refused entry kept never replaces a file in drop/refused/: another
 * file there makes it NNNNNN.drop.1; the same bytes (a crash between the
 * copy and the unlink) count as kept. */
static void keep_never_replaces(void **state)
{
    struct fixture *f = *state;
    size_t length;
    char *bytes = read_file_all(f->alice_drop, &length);
    assert_non_null(bytes);
    char error[300], folder[700], planted[800];
    snprintf(folder, sizeof folder, "%s/drop/refused", f->site);
    mkdir(folder, 0700);
    struct restart_request request = {.priority = -1};
    snprintf(request.user, sizeof request.user, "BOB");
    for (int same = 0; same < 2; same++) {
        int64_t n = site_queue_restart(f->site, (uint8_t *)bytes, length, &request, error,
                                       sizeof error);
        assert_true(n > 0);
        snprintf(planted, sizeof planted, "%s/%06lld.drop", folder, (long long)n);
        if (same)
            assert_int_equal(write_file_atomic(planted, bytes, length), 0);
        else
            assert_int_equal(write_file_atomic(planted, "other", 5), 0);
        struct os *os = calloc(1, sizeof *os);
        boot(os, f->site);
        os_run(os, UINT64_MAX);
        stop(os);
        char line[1024], want[64];
        last_line(f->site, "REFUSED", line, sizeof line);
        snprintf(want, sizeof want, "kept as drop/refused/%06lld.drop%s)", (long long)n,
                 same ? "" : ".1");
        if (!strstr(line, want))
            fail_msg("%s lacks %s", line, want);
        size_t planted_length;
        char *text = read_file_all(planted, &planted_length);
        assert_non_null(text);
        assert_int_equal(planted_length, same ? length : 5);
        free(text);
    }
    assert_int_equal(count_files(f->site, "queue", ".drop"), 0);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(check_verdicts, setup, teardown),
        cmocka_unit_test_setup_teardown(rollout_under_bob, setup, teardown),
        cmocka_unit_test_setup_teardown(edited_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(output_name_outside, setup, teardown),
        cmocka_unit_test_setup_teardown(keep_never_replaces, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
