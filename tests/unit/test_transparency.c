/*
 * test_transparency.c - restart is transparent, tested as a property:
 * a job dropped at pseudo-random clocks (and, for a small job, at every
 * instruction boundary) and restarted - on a site whose machine differs
 * (PC count, memory size), under another user - ends with the $OUT and the
 * final registers and memory field of an uninterrupted run.
 *
 * The job's program rolls itself out (F$UROLL) just before it ends, so
 * that its final state is in a dropfile to compare; the comparison leaves
 * out what may differ: clocks, the base address, the PC, the log and the
 * history.
 */
#include "test_support.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/dropfile/dropfile.h"
#include "os/log.h"
#include "os/os.h"
#include "os/site.h"

static const char print_sum[] = "         S2        BUFFER\n"
                                "         R         $OCTAL\n"
                                "         S1        2\n"
                                "         S2        BUFFER\n"
                                "         S3        22\n"
                                "         R         $WRITE\n";

/* Sums k*k into S1 for k = N..1, writes it to $OUT in octal, rolls out,
 * ends.  Scalar work with a vector pass per iteration, so that drops land
 * inside vector and scalar code alike. */
static const char deck_template[] =
    "JOB,JN=PROP,T=1,MFL=4096,US=ALICE.\n"
    "CAL.\n"
    "LDR.\n"
    "/EOF\n"
    "         IDENT     PROP\n"
    "         EXT       $END,$WRITE,$OCTAL,$ROLL\n"
    "         START     GO\n"
    "GO       S1        0\n"
    "         A2        %d\n"
    "         A3        8\n"
    "         VL        A3\n"
    "LOOP     S2        A2\n"
    "         S3        S2\n"
    "         A4        S2\n"
    "         A5        A4*A4\n"
    "         S2        A5\n"
    "         S1        S1+S2\n"
    "         V1        S1!V0\n"
    "         V0        V1+V1\n"
    "         A2        A2-1\n"
    "         A0        A2\n"
    "         JAN       LOOP\n"
    "%s"
    "         R         $ROLL\n"
    "         R         $END\n"
    "BUFFER   BSS       3\n"
    "         END\n";

struct outcome {
    char *out;               /* $OUT */
    struct dropfile final;   /* the rollout at the end */
    uint64_t drop_clock;     /* when the dropped run was dropped (0: not) */
};

static void remove_tree(const char *path)
{
    assert_int_equal(test_remove_tree(path), 0);
}

static void boot(struct os *os, const char *dir, unsigned pcs, uint32_t memory)
{
    struct os_config config = {.model = MODEL_CRAY1, .pcs = pcs, .memory_words = memory,
                               .timing = true, .until_idle = true};
    char error[300];
    if (os_boot(os, dir, &config, error, sizeof error))
        fail_msg("boot %s: %s", dir, error);
}

/* The file in SITE/<folder> whose name contains part (the newest by name). */
static int find_file(const char *site, const char *folder, const char *part, char *path,
                     size_t size)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/%s", site, folder);
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char best[256] = "";
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, part) && strcmp(e->d_name, best) > 0)
            snprintf(best, sizeof best, "%s", e->d_name);
    closedir(d);
    if (!best[0])
        return -1;
    snprintf(path, size, "%s/%s", dir, best);
    return 0;
}

static void collect(const char *site, const char *earlier, struct outcome *result)
{
    char path[1024];
    if (find_file(site, "out", ".out", path, sizeof path))
        fail_msg("no $OUT at %s", site);
    result->out = read_file_all(path, NULL);
    assert_non_null(result->out);
    /* The final rollout is the dropfile with the highest drop number. */
    DIR *d;
    char dir[600], best[256] = "";
    snprintf(dir, sizeof dir, "%s/drop", site);
    assert_non_null(d = opendir(dir));
    struct dirent *e;
    struct dropfile df;
    while ((e = readdir(d))) {
        if (!strstr(e->d_name, ".drop"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (dropfile_read_file(path, &df, NULL))
            continue;
        if (df.drop.reason == DROP_REASON_USER_ROLLOUT && strcmp(e->d_name, best) > 0) {
            snprintf(best, sizeof best, "%s", e->d_name);
            dropfile_free(&result->final);
            result->final = df;
        } else {
            dropfile_free(&df);
        }
    }
    closedir(d);
    if (!best[0]) {
        /* Dropped after its rollout: the final state is the earlier site's. */
        if (!earlier)
            fail_msg("no rollout dropfile at %s", site);
        struct outcome before = {0};
        collect(earlier, NULL, &before);
        dropfile_free(&result->final);
        result->final = before.final;
        free(before.out);
    }
}

struct issues {
    size_t count;
    uint64_t clock[4096];
};

static void record_issue(void *context, const struct cpu *cpu, const struct timing_event *event)
{
    struct issues *issues = context;
    if (cpu->processor == 0 && issues->count < 4096)
        issues->clock[issues->count++] = event->issue;
}

static void uninterrupted(const char *root, const char *deck, struct outcome *result,
                          struct issues *issues)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/whole", root);
    struct os *os = calloc(1, sizeof *os);
    boot(os, dir, 2, 1u << 20);
    if (issues) {
        os->machine->cpu[0].trace = record_issue;
        os->machine->cpu[0].trace_context = issues;
    }
    char error[200];
    assert_true(site_queue_deck(dir, deck, strlen(deck), error, sizeof error) > 0);
    os_scan_queue(os);
    os_run(os, UINT64_MAX);
    os_shutdown(os);
    os_free(os);
    free(os);
    collect(dir, NULL, result);
}

/* Run until clock, drop the job (operator DROP), restart the dropfile on
 * another machine under BOB, run to the end. */
static void dropped_at(const char *root, const char *deck, uint64_t clock, unsigned pcs,
                       uint32_t memory, struct outcome *result)
{
    char first[600], second[600];
    snprintf(first, sizeof first, "%s/first", root);
    snprintf(second, sizeof second, "%s/second", root);
    remove_tree(first);
    remove_tree(second);
    struct os *os = calloc(1, sizeof *os);
    boot(os, first, 2, 1u << 20);
    char error[300];
    assert_true(site_queue_deck(first, deck, strlen(deck), error, sizeof error) > 0);
    os_scan_queue(os);
    os_run(os, clock);
    int number = os->pc_job[0];
    int dropped = number >= 0 && os_drop_job(os, number, DROP_REASON_OPERATOR, "test") == 0;
    result->drop_clock = dropped ? os->now : 0;
    os_run(os, UINT64_MAX);   /* when the drop missed the program: it just ends */
    os_shutdown(os);
    os_free(os);
    free(os);
    if (!dropped) {
        collect(first, NULL, result);
        return;
    }
    char drop[1024];
    if (find_file(first, "drop", "PROP", drop, sizeof drop))
        fail_msg("no dropfile after DROP at clock %llu", (unsigned long long)clock);
    os = calloc(1, sizeof *os);
    boot(os, second, pcs, memory);
    if (os_restart_file(os, drop, "BOB", 2, -1, false, error, sizeof error))
        fail_msg("restart: %s", error);
    os_run(os, UINT64_MAX);
    os_shutdown(os);
    os_free(os);
    free(os);
    collect(second, first, result);
}

static void assert_same_end(const struct outcome *a, const struct outcome *b, uint64_t clock)
{
    if (strcmp(a->out, b->out))
        fail_msg("drop at %llu: $OUT '%s' differs from '%s'", (unsigned long long)clock, b->out,
                 a->out);
    const struct dropfile_cpu *x = &a->final.cpu, *y = &b->final.cpu;
    /* Package words 0-15 hold P and A (word 0..7), S (8..15); base and
     * limit (words 1, 2) may differ: compare the registers themselves. */
    for (int w = 0; w < 16; w++) {
        uint64_t mask = w < 8 ? 0xFFFFFFu : UINT64_MAX;   /* A0-A7; S0-S7 whole */
        if ((x->package[w] & mask) != (y->package[w] & mask))
            fail_msg("drop at %llu: package word %d differs", (unsigned long long)clock, w);
    }
    assert_int_equal(x->package[0] >> 24 & 0x3FFFFF, y->package[0] >> 24 & 0x3FFFFF);   /* P */
    assert_memory_equal(x->b, y->b, sizeof x->b);
    assert_memory_equal(x->t, y->t, sizeof x->t);
    assert_memory_equal(x->v, y->v, sizeof x->v);
    assert_int_equal(x->vm, y->vm);
    assert_int_equal(a->final.machine.field_words, b->final.machine.field_words);
    assert_memory_equal(a->final.memory, b->final.memory,
                        sizeof(uint64_t) * a->final.machine.field_words);
}

static void free_outcome(struct outcome *o)
{
    free(o->out);
    dropfile_free(&o->final);
    memset(o, 0, sizeof *o);
}

/* Sites in memory when the machine has /dev/shm (fsync is free there:
 * these runs write many small files), else in /tmp. */
static void make_root(char *root, size_t size)
{
    test_temp_dir(root, size, "transparency", 1);
}

/* 50 pseudo-random drop clocks across the program's run (a fixed seed, so
 * the test is the same every time), restarted on 1 PC and half the memory. */
static void random_drop_points(void **state)
{
    (void)state;
    char root[64], deck[sizeof deck_template + sizeof print_sum + 16];
    make_root(root, sizeof root);
    snprintf(deck, sizeof deck, deck_template, 300, print_sum);
    struct outcome whole = {0};
    uninterrupted(root, deck, &whole, NULL);
    uint64_t end = whole.final.drop.clock;
    uint64_t seed = 0x9E3779B97F4A7C15u;
    int dropped = 0;
    for (int i = 0; i < 50; i++) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        uint64_t clock = seed % end;
        struct outcome one = {0};
        dropped_at(root, deck, clock, 1, 1u << 19, &one);
        assert_same_end(&whole, &one, clock);
        dropped += one.drop_clock != 0;
        free_outcome(&one);
    }
    /* Most points fall while the program runs (the rest in CAL or LDR). */
    assert_true(dropped >= 40);
    free_outcome(&whole);
    remove_tree(root);
}

/* A small job dropped at every instruction boundary of its program: the
 * uninterrupted run's trace gives the clock each instruction issued at; a
 * drop at that clock stops the program at that boundary. */
static void every_instruction_boundary(void **state)
{
    (void)state;
    char root[64], deck[sizeof deck_template + 16];
    make_root(root, sizeof root);
    snprintf(deck, sizeof deck, deck_template, 3, "");
    struct outcome whole = {0};
    struct issues *issues = calloc(1, sizeof *issues);
    assert_non_null(issues);
    uninterrupted(root, deck, &whole, issues);
    assert_true(issues->count > 20 && issues->count < 4096);
    int dropped = 0;
    for (size_t i = 0; i < issues->count; i++) {
        struct outcome one = {0};
        dropped_at(root, deck, issues->clock[i], 2, 1u << 20, &one);
        assert_same_end(&whole, &one, issues->clock[i]);
        dropped += one.drop_clock != 0;
        free_outcome(&one);
    }
    assert_true((size_t)dropped + 2 >= issues->count);
    free(issues);
    free_outcome(&whole);
    remove_tree(root);
}


/* ---- the example jobs -------------------------------------------------------------- */

struct deck_run {
    char *out;          /* $OUT */
    struct text user;   /* the program's own log lines (component USER) */
    uint64_t end;       /* clock of the job's end */
};

static void note_end(void *context, const struct job *job, uint64_t clock, bool dropped)
{
    (void)job;
    if (!dropped)
        *(uint64_t *)context = clock;
}

static void read_outputs(const char *site, struct deck_run *run)
{
    char path[1024];
    if (find_file(site, "out", ".out", path, sizeof path))
        fail_msg("no $OUT at %s", site);
    run->out = read_file_all(path, NULL);
    assert_non_null(run->out);
    assert_int_equal(find_file(site, "out", ".log", path, sizeof path), 0);
    char *log = read_file_all(path, NULL);
    assert_non_null(log);
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
        if (strstr(line, " USER   "))
            text_printf(&run->user, "%s\n", strstr(line, " USER   "));
    free(log);
}

/* Run a deck; with drop_clock, the operator drops it then, and it is
 * restarted under ZED on a 1-PC machine with half the memory. */
static void run_deck(const char *root, const char *deck, uint64_t drop_clock, struct deck_run *run,
                     bool *dropped)
{
    char first[600], second[600];
    snprintf(first, sizeof first, "%s/deck-first", root);
    snprintf(second, sizeof second, "%s/deck-second", root);
    remove_tree(first);
    remove_tree(second);
    struct os *os = calloc(1, sizeof *os);
    boot(os, first, 2, 1u << 20);
    os->observer.job_finished = note_end;
    os->observer.context = &run->end;
    char error[300], drop[1024] = "";
    assert_true(site_queue_deck(first, deck, strlen(deck), error, sizeof error) > 0);
    os_scan_queue(os);
    *dropped = false;
    if (drop_clock) {
        os_run(os, drop_clock);
        struct job *job = os->pc_running[0] ? os->pc_running[0] : os->pc_running[1];
        if (job && os_drop_job(os, job->number, DROP_REASON_OPERATOR, "test") == 0) {
            snprintf(drop, sizeof drop, "%s", job->last_dropfile);
            *dropped = true;
        }
    }
    os_run(os, UINT64_MAX);
    os_shutdown(os);
    os_free(os);
    free(os);
    if (!*dropped) {
        read_outputs(first, run);
        return;
    }
    os = calloc(1, sizeof *os);
    boot(os, second, 1, 1u << 19);
    if (os_restart_file(os, drop, "ZED", 2, -1, false, error, sizeof error))
        fail_msg("restart: %s", error);
    os_run(os, UINT64_MAX);
    os_shutdown(os);
    os_free(os);
    free(os);
    read_outputs(second, run);
}

static void free_deck_run(struct deck_run *run)
{
    free(run->out);
    text_free(&run->user);
    memset(run, 0, sizeof *run);
}

/* Every example job that runs alone (access.job needs save.job's dataset):
 * dropped at 50 pseudo-random clocks of its run, restarted on another
 * machine under another user, it writes the same $OUT and log messages. */
static void example_jobs(void **state)
{
    (void)state;
    static const char *const decks[] = {"copy", "errexit", "hello", "rollout",
                                        "save", "standby", "tape", "timeout"};
    char root[64];
    make_root(root, sizeof root);
    for (size_t d = 0; d < sizeof decks / sizeof decks[0]; d++) {
        char path[128];
        snprintf(path, sizeof path, "jobs/%s.job", decks[d]);
        char *deck = read_file_all(path, NULL);
        if (!deck)
            fail_msg("cannot read %s (tests run from the project's top folder)", path);
        char *t = strstr(deck, "T=0.005");   /* timeout.job: time to finish uninterrupted */
        if (t)
            memcpy(t, "T=2.000", 7);
        struct deck_run whole = {0};
        bool dropped;
        run_deck(root, deck, 0, &whole, &dropped);
        assert_true(whole.end > 0);
        uint64_t seed = 0x2545F4914F6CDD1Du + d;
        int drops = 0;
        for (int i = 0; i < 50; i++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            struct deck_run one = {0};
            run_deck(root, deck, seed % whole.end + 1, &one, &dropped);
            drops += dropped;
            if (strcmp(whole.out, one.out))
                fail_msg("%s dropped at %llu: $OUT differs", decks[d],
                         (unsigned long long)(seed % whole.end + 1));
            if (strcmp(whole.user.data ? whole.user.data : "", one.user.data ? one.user.data : ""))
                fail_msg("%s dropped at %llu: its log messages differ", decks[d],
                         (unsigned long long)(seed % whole.end + 1));
            free_deck_run(&one);
        }
        assert_true(drops >= 25);   /* most clocks fall inside the job */
        free_deck_run(&whole);
        free(deck);
    }
    remove_tree(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_drop_points),
        cmocka_unit_test(every_instruction_boundary),
        cmocka_unit_test(example_jobs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
