/*
 * test_debugger.c - switchp's core (os/switchp/debugger.h): a real dropfile made by
 * running a job past its time limit on a temporary site, then opened in the
 * debugger: refusals, parsing of addresses, values, places and conditions,
 * stepping, breakpoints with conditions, watchpoints, reverse execution
 * landing on exactly the forward state (within an epoch, across exchanges
 * by rebuilding the sandbox, with edits in the history, with checkpoints
 * thinned by a small budget), a written dropfile that a site restarts to
 * the uninterrupted run's output, and the sandbox deleted at close.
 */
#include "test_support.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/cray_float.h"
#include "emu/exchange.h"
#include "os/switchp/debugger.h"
#include "os/dropfile/dropfile.h"
#include "os/dropfile/dropfile_fields.h"
#include "os/job.h"
#include "os/os.h"
#include "os/site.h"

/* jobs/timeout.job: S1 = 1 + ... + 200000, then $OCTAL, $WRITE, $MSG, $END. */
static const char deck[] =
    "JOB,JN=SPIN,T=0.005,MFL=4096,US=ALICE.\n"
    "CAL.\n"
    "LDR.\n"
    "/EOF\n"
    "         IDENT     SPIN\n"
    "         EXT       $MSG,$END,$WRITE,$OCTAL\n"
    "         START     GO\n"
    "GO       S1        0\n"
    "         A2        200000\n"
    "LOOP     S2        A2\n"
    "         S1        S1+S2\n"
    "         A2        A2-1\n"
    "         A0        A2\n"
    "         JAN       LOOP\n"
    "         S2        BUFFER\n"
    "         R         $OCTAL\n"
    "         S1        2              $OUT\n"
    "         S2        BUFFER\n"
    "         S3        22             characters\n"
    "         R         $WRITE\n"
    "         S1        ='SUM WRITTEN TO $OUT'Z\n"
    "         R         $MSG\n"
    "         R         $END\n"
    "BUFFER   BSS       3\n"
    "         END\n";

/* 200000 * 200001 / 2 = 20000100000, in octal, as $OCTAL writes it. */
#define SUM_LINE "0000000000225006247240"

struct fixture {
    char dir[64];
    char drop[SITE_PATH_MAX];
    struct debugger *dbg;
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

/* Boot a site at root and run its queue until idle. */
static void run_site(const char *root)
{
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 1, .memory_words = 1u << 16,
                               .timing = true, .until_idle = true};
    struct os *os = calloc(1, sizeof *os);
    char error[300];
    assert_non_null(os);
    assert_int_equal(os_boot(os, root, &config, error, sizeof error), 0);
    for (int i = 0; i < 1000 && os_run(os, os->now + 4000000) == 0; i++)
        ;
    os_free(os);
    free(os);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/test_debugger.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    char site[128], error[300];
    snprintf(site, sizeof site, "%s/site", f->dir);
    struct site s;
    if (site_open(&s, site, error, sizeof error) ||
        site_queue_deck(site, deck, strlen(deck), error, sizeof error) < 0)
        return -1;
    run_site(site);
    snprintf(f->drop, sizeof f->drop, "%s/drop/SPIN.000001.1.drop", site);
    if (access(f->drop, R_OK))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    debugger_close(f->dbg);
    remove_tree(f->dir);
    free(f);
    return 0;
}

static struct debugger *open_with(struct fixture *f, uint64_t interval, size_t budget)
{
    struct debugger_options options = {.checkpoint_interval = interval,
                                       .checkpoint_budget = budget, .temp_dir = f->dir};
    char error[600];
    debugger_close(f->dbg);
    f->dbg = NULL;
    int status = debugger_open(f->drop, &options, &f->dbg, error, sizeof error);
    if (status)
        fail_msg("%s", error);
    return f->dbg;
}

static void run_steps(struct debugger *dbg, uint64_t n, struct debugger_stop *stop)
{
    struct debugger_run run = {n, DEBUGGER_NO_ADDRESS, 0, true};
    debugger_run(dbg, &run, stop);
}

static void test_refusals(void **state)
{
    struct fixture *f = *state;
    struct debugger *dbg = NULL;
    char error[600], path[128];
    assert_int_equal(debugger_open("/nonexistent/x.drop", NULL, &dbg, error, sizeof error), -1);
    assert_null(dbg);
    assert_non_null(strstr(error, "/nonexistent/x.drop"));
    /* One flipped byte: the checksum says where. */
    size_t length;
    char *bytes = read_file_all(f->drop, &length);
    assert_non_null(bytes);
    bytes[length / 2] ^= 0x10;
    snprintf(path, sizeof path, "%s/bad.drop", f->dir);
    assert_int_equal(write_file_atomic(path, bytes, length), 0);
    free(bytes);
    assert_int_equal(debugger_open(path, NULL, &dbg, error, sizeof error), -1);
    assert_non_null(strstr(error, "checksum mismatch"));
}

static void test_open_and_parse(void **state)
{
    struct fixture *f = *state;
    struct debugger *dbg = open_with(f, 0, 0);
    assert_true(debugger_running(dbg));
    assert_int_equal(debugger_position(dbg), 0);
    assert_int_equal(debugger_clocks(dbg), 0);
    const struct cpu *cpu = debugger_cpu(dbg);
    assert_true(cpu->p >= 01003 && cpu->p < 01011);   /* in the loop (the program at 0200) */
    assert_int_equal(cpu->clock, debugger_loaded(dbg)->cpu.clock);
    uint32_t loaded_a2 = cpu->a[2];
    char text[64];
    assert_string_equal(debugger_label(dbg, 01003, true)->name, "LOOP");
    assert_string_equal(debugger_label(dbg, 0207, false)->name, "BUFFER");

    char error[200];
    uint32_t a;
    assert_int_equal(debugger_parse_address(dbg, "LOOP", true, &a, error, sizeof error), 0);
    assert_int_equal(a, 01003);
    assert_int_equal(debugger_parse_address(dbg, "loop+2", true, &a, error, sizeof error), 0);
    assert_int_equal(a, 01005);
    assert_int_equal(debugger_parse_address(dbg, "3b", true, &a, error, sizeof error), 0);
    assert_int_equal(a, 015);
    assert_int_equal(debugger_parse_address(dbg, "BUFFER", true, &a, error, sizeof error), 0);
    assert_int_equal(a, 0207 * 4);
    assert_int_equal(debugger_parse_address(dbg, "BUFFER+1", false, &a, error, sizeof error), 0);
    assert_int_equal(a, 0210);
    assert_int_equal(debugger_parse_address(dbg, "LOOP", false, &a, error, sizeof error), 0);
    assert_int_equal(a, 0200);
    assert_int_equal(debugger_parse_address(dbg, "D'10", false, &a, error, sizeof error), 0);
    assert_int_equal(a, 10);
    assert_int_equal(debugger_parse_address(dbg, "P", true, &a, error, sizeof error), 0);
    assert_int_equal(a, cpu->p);
    assert_int_equal(debugger_parse_address(dbg, "NOSUCH", true, &a, error, sizeof error), -1);
    assert_non_null(strstr(error, "NOSUCH"));
    assert_int_equal(debugger_parse_address(dbg, "3b", false, &a, error, sizeof error), -1);
    assert_int_equal(debugger_parse_address(dbg, "9", false, &a, error, sizeof error), -1);

    uint64_t v;
    assert_int_equal(debugger_parse_value(dbg, "17", &v, error, sizeof error), 0);
    assert_int_equal(v, 017);
    assert_int_equal(debugger_parse_value(dbg, "X'FF", &v, error, sizeof error), 0);
    assert_int_equal(v, 255);
    assert_int_equal(debugger_parse_value(dbg, "-1", &v, error, sizeof error), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(debugger_parse_value(dbg, "1.5", &v, error, sizeof error), 0);
    assert_true(v == cray_float_from_double(1.5));
    assert_int_equal(debugger_parse_value(dbg, "'AB'", &v, error, sizeof error), 0);
    assert_true(v == ((uint64_t)'A' << 56 | (uint64_t)'B' << 48));
    assert_int_equal(debugger_parse_value(dbg, "'123456789'", &v, error, sizeof error), -1);

    struct debugger_location loc;
    assert_int_equal(debugger_parse_location(dbg, "a2", true, &loc, error, sizeof error), 0);
    assert_int_equal(loc.place, PLACE_A);
    assert_int_equal(loc.index, 2);
    assert_int_equal(debugger_parse_location(dbg, "B77", true, &loc, error, sizeof error), 0);
    assert_int_equal(loc.place, PLACE_B);
    assert_int_equal(loc.index, 077);
    assert_int_equal(debugger_parse_location(dbg, "V1[13]", true, &loc, error, sizeof error), 0);
    assert_int_equal(loc.place, PLACE_V);
    assert_int_equal(loc.element, 013);
    assert_false(loc.whole);
    assert_int_equal(debugger_parse_location(dbg, "[BUFFER]", false, &loc, error, sizeof error), 0);
    assert_int_equal(loc.place, PLACE_MEMORY);
    assert_int_equal(loc.index, 0207);
    assert_int_equal(debugger_parse_location(dbg, "BUFFER", true, &loc, error, sizeof error), 0);
    assert_int_equal(loc.place, PLACE_MEMORY);
    assert_int_equal(debugger_parse_location(dbg, "5", false, &loc, error, sizeof error), 0);
    assert_int_equal(loc.place, PLACE_CONSTANT);
    /* B100 is not a register (B0-B77): a symbol, and there is none. */
    assert_int_equal(debugger_parse_location(dbg, "B100", true, &loc, error, sizeof error), -1);
    assert_non_null(strstr(error, "no symbol B100"));

    struct debugger_condition c;
    snprintf(text, sizeof text, "A2 == %o", loaded_a2);
    assert_int_equal(debugger_parse_condition(dbg, text, &c, error, sizeof error), 0);
    assert_true(debugger_condition_true(dbg, &c));
    snprintf(text, sizeof text, "A2!=%o", loaded_a2);
    assert_int_equal(debugger_parse_condition(dbg, text, &c, error, sizeof error), 0);
    assert_false(debugger_condition_true(dbg, &c));
    assert_int_equal(debugger_parse_condition(dbg, "A1 < 1", &c, error, sizeof error), 0);
    assert_true(debugger_condition_true(dbg, &c));
    assert_int_equal(debugger_parse_condition(dbg, "[BUFFER]", &c, error, sizeof error), 0);
    assert_false(debugger_condition_true(dbg, &c));
    assert_int_equal(debugger_parse_condition(dbg, "A2 >= ", &c, error, sizeof error), -1);
    assert_int_equal(debugger_parse_condition(dbg, "[BUFFER] != 'WORD'", &c, error, sizeof error), 0);
    assert_int_equal(c.right.place, PLACE_CONSTANT);
    assert_true(c.right.value == 0x574F524400000000u);
    assert_true(debugger_condition_true(dbg, &c));
    assert_int_equal(debugger_parse_condition(dbg, "S1 > D'10", &c, error, sizeof error), 0);
    assert_int_equal(c.compare, CMP_GT);
    assert_int_equal(c.right.value, 10);
    assert_int_equal(debugger_parse_value(dbg, "7777777777777777777777777", &v, error,
                                          sizeof error), -1);
    /* A 24-bit register against a 64-bit constant: compared in 24 bits, signed. */
    char message[64];
    assert_int_equal(debugger_parse_location(dbg, "A1", true, &loc, message, sizeof message), 0);
    assert_int_equal(debugger_write(dbg, &loc, 077777777, message, sizeof message), 0);
    assert_int_equal(debugger_parse_condition(dbg, "A1 == 77777777", &c, error, sizeof error), 0);
    assert_true(debugger_condition_true(dbg, &c));
    assert_int_equal(debugger_parse_condition(dbg, "A1 == -1", &c, error, sizeof error), 0);
    assert_true(debugger_condition_true(dbg, &c));
    assert_int_equal(debugger_parse_condition(dbg, "A1 < 0", &c, error, sizeof error), 0);
    assert_true(debugger_condition_true(dbg, &c));
}

static void test_back_is_forward(void **state)
{
    struct fixture *f = *state;
    struct debugger *dbg = open_with(f, 64, 0);
    uint64_t loaded = debugger_digest(dbg);
    struct debugger_stop stop;
    run_steps(dbg, 1000, &stop);
    assert_int_equal(stop.reason, STOP_DONE);
    assert_int_equal(debugger_position(dbg), 1000);
    uint64_t at1000 = debugger_digest(dbg);
    uint64_t clocks = debugger_clocks(dbg);
    run_steps(dbg, 537, &stop);
    assert_true(debugger_digest(dbg) != at1000);
    debugger_back(dbg, 537, &stop);
    assert_int_equal(stop.reason, STOP_DONE);
    assert_int_equal(stop.steps, 537);
    assert_int_equal(debugger_position(dbg), 1000);
    assert_int_equal(debugger_clocks(dbg), clocks);
    assert_true(debugger_digest(dbg) == at1000);
    assert_int_equal(debugger_rebuilds(dbg), 1);   /* within one epoch: a checkpoint */

    /* To the end of the job (its exchanges), and back across them. */
    struct debugger_run go = {UINT64_MAX, DEBUGGER_NO_ADDRESS, 0, true};
    debugger_run(dbg, &go, &stop);
    assert_int_equal(stop.reason, STOP_ENDED);
    assert_false(debugger_running(dbg));
    uint64_t end = debugger_position(dbg);
    size_t length;
    const char *log = debugger_new_log(dbg, &length);
    assert_non_null(strstr(log, "USER   SUM WRITTEN TO $OUT"));
    assert_non_null(strstr(log, "END OF JOB"));
    debugger_goto(dbg, 1000, &stop);
    assert_true(debugger_running(dbg));
    assert_true(debugger_digest(dbg) == at1000);
    assert_int_equal(debugger_rebuilds(dbg), 2);
    debugger_new_log(dbg, &length);
    assert_int_equal(length, 0);   /* going back shows nothing again */

    /* Just before the end, forward and again after going back over it. */
    debugger_goto(dbg, end - 3, &stop);
    uint64_t near_end = debugger_digest(dbg);
    debugger_goto(dbg, end, &stop);
    assert_false(debugger_running(dbg));
    debugger_back(dbg, 3, &stop);
    assert_true(debugger_digest(dbg) == near_end);
    assert_int_equal(stop.reason, STOP_DONE);
    debugger_goto(dbg, 0, &stop);
    assert_int_equal(debugger_position(dbg), 0);
    assert_true(debugger_digest(dbg) == loaded);
}

/* Issue 13: back before the drop runs the job again from its start. */
static void test_before_the_drop(void **state)
{
    struct fixture *f = *state;
    struct debugger *dbg = open_with(f, 0, 0);
    const struct dropfile *df = debugger_loaded(dbg);
    struct debugger_stop stop;
    char note[320];
    run_steps(dbg, 3000, &stop);
    uint32_t a2 = debugger_cpu(dbg)->a[2];
    uint64_t s1 = debugger_cpu(dbg)->s[1];
    /* An edit after the drop comes along, renumbered. */
    debugger_goto(dbg, 5, &stop);
    struct debugger_location b7 = {.place = PLACE_B, .index = 7};
    char error[300];
    assert_int_equal(debugger_write(dbg, &b7, 01234, error, sizeof error), 0);
    debugger_back(dbg, 5, &stop);
    assert_false(debugger_from_start(dbg));
    assert_false(debugger_take_note(dbg, note, sizeof note));
    debugger_back(dbg, 10, &stop);
    assert_int_equal(stop.reason, STOP_DONE);
    assert_true(debugger_from_start(dbg));
    uint64_t drop = debugger_drop_position(dbg);
    /* Only this job ran on the site's PC: its instruction count is the drop's step. */
    assert_int_equal(drop, df->cpu.instructions);
    assert_int_equal(debugger_position(dbg), drop - 10);
    assert_true(debugger_take_note(dbg, note, sizeof note));
    assert_non_null(strstr(note, "the drop is at step"));
    assert_non_null(strstr(note, "per million steps"));
    /* At the drop: the dropped registers and field. */
    debugger_goto(dbg, drop, &stop);
    struct cpu saved;
    memset(&saved, 0, sizeof saved);
    saved.model = df->machine.model;
    exchange_unpack(&saved, df->cpu.package);
    const struct cpu *cpu = debugger_cpu(dbg);
    assert_int_equal(cpu->p, saved.p);
    assert_memory_equal(cpu->a, saved.a, sizeof saved.a);
    assert_memory_equal(cpu->s, saved.s, sizeof saved.s);
    assert_memory_equal(cpu->memory->word + cpu->base, df->memory, df->machine.field_words * 8);
    debugger_goto(dbg, drop + 5, &stop);
    assert_int_equal(debugger_cpu(dbg)->b[7], 01234);
    debugger_goto(dbg, drop + 4, &stop);
    assert_int_equal(debugger_cpu(dbg)->b[7], df->cpu.b[7]);
    debugger_goto(dbg, drop + 3000, &stop);
    assert_int_equal(debugger_cpu(dbg)->a[2], a2);
    assert_true(debugger_cpu(dbg)->s[1] == s1);
    /* rgo to a breakpoint at the program's first instruction: the job's start. */
    const struct dropfile_symbol *go = debugger_symbol(dbg, "GO");
    assert_non_null(go);
    assert_true(debugger_add_break(dbg, (uint32_t)go->value, NULL, "GO") > 0);
    debugger_reverse_go(dbg, &stop);
    assert_int_equal(stop.reason, STOP_BREAK);
    assert_int_equal(debugger_position(dbg), 0);
    assert_int_equal(debugger_cpu(dbg)->p, go->value);
    debugger_back(dbg, 1, &stop);
    assert_int_equal(stop.reason, STOP_START);
    /* Its bound: a limit too small leaves the session at the drop, saying why. */
    dbg = open_with(f, 0, 0);
    uint64_t loaded = debugger_digest(dbg);
    debugger_close(f->dbg);
    struct debugger_options options = {.temp_dir = f->dir, .rerun_limit = 100};
    assert_int_equal(debugger_open(f->drop, &options, &f->dbg, error, sizeof error), 0);
    dbg = f->dbg;
    debugger_back(dbg, 1, &stop);
    assert_int_equal(stop.reason, STOP_START);
    assert_false(debugger_from_start(dbg));
    assert_true(debugger_take_note(dbg, note, sizeof note));
    assert_non_null(strstr(note, "within 100 steps (the limit: switchp --rerun-limit)"));
    assert_true(debugger_digest(dbg) == loaded);
}

static void test_small_budget(void **state)
{
    struct fixture *f = *state;
    /* Checkpoints every 16 steps but room for few: they are thinned out. */
    struct debugger *dbg = open_with(f, 16, 300000);
    struct debugger_stop stop;
    run_steps(dbg, 20000, &stop);
    size_t bytes;
    size_t count = debugger_checkpoints(dbg, &bytes);
    assert_true(bytes <= 300000);
    assert_true(count >= 2);
    uint64_t at = debugger_digest(dbg);
    run_steps(dbg, 5000, &stop);
    debugger_back(dbg, 5000, &stop);
    assert_true(debugger_digest(dbg) == at);
    debugger_goto(dbg, 7, &stop);
    uint64_t early = debugger_digest(dbg);
    debugger_goto(dbg, 19000, &stop);
    debugger_goto(dbg, 7, &stop);
    assert_true(debugger_digest(dbg) == early);
}

static void test_break_watch_rgo(void **state)
{
    struct fixture *f = *state;
    struct debugger *dbg = open_with(f, 256, 0);
    char error[200], text[64];
    struct debugger_condition c;
    uint32_t target = debugger_cpu(dbg)->a[2] - 020;
    snprintf(text, sizeof text, "A2 == %o", target);
    assert_int_equal(debugger_parse_condition(dbg, text, &c, error, sizeof error), 0);
    int b = debugger_add_break(dbg, 01003, &c, text);
    assert_true(b > 0);
    struct debugger_run go = {UINT64_MAX, DEBUGGER_NO_ADDRESS, 0, true};
    struct debugger_stop stop;
    debugger_run(dbg, &go, &stop);
    assert_int_equal(stop.reason, STOP_BREAK);
    assert_int_equal(stop.point, b);
    assert_int_equal(debugger_cpu(dbg)->a[2], target);
    assert_int_equal(debugger_cpu(dbg)->p, 01003);
    uint64_t at_break = debugger_digest(dbg);
    uint64_t break_position = debugger_position(dbg);

    struct debugger_location loc, next;
    assert_int_equal(debugger_parse_location(dbg, "BUFFER", true, &loc, error, sizeof error), 0);
    assert_int_equal(debugger_parse_location(dbg, "BUFFER+1", true, &next, error, sizeof error), 0);
    int w = debugger_add_watch(dbg, &loc, "BUFFER");
    int w1 = debugger_add_watch(dbg, &next, "BUFFER+1");
    debugger_run(dbg, &go, &stop);
    assert_int_equal(stop.reason, STOP_WATCH);
    assert_int_equal(stop.point, w);
    assert_int_equal(stop.old_value, 0);
    uint64_t word;
    assert_int_equal(debugger_word(dbg, 0207, &word), 0);
    assert_true(word == stop.new_value && word != 0);
    uint64_t at_watch = debugger_digest(dbg);
    uint64_t watch_position = debugger_position(dbg);

    /* The next word of the sum, then back to each hit. */
    debugger_run(dbg, &go, &stop);
    assert_int_equal(stop.reason, STOP_WATCH);
    assert_int_equal(stop.point, w1);
    debugger_reverse_go(dbg, &stop);
    assert_int_equal(stop.reason, STOP_WATCH);
    assert_int_equal(debugger_position(dbg), watch_position);
    assert_true(debugger_digest(dbg) == at_watch);
    debugger_reverse_go(dbg, &stop);
    assert_int_equal(stop.reason, STOP_BREAK);
    assert_int_equal(stop.point, b);
    assert_int_equal(debugger_position(dbg), break_position);
    assert_true(debugger_digest(dbg) == at_break);
    debugger_reverse_go(dbg, &stop);
    assert_int_equal(stop.reason, STOP_START);
    assert_int_equal(debugger_position(dbg), 0);

    /* until, and clocks */
    assert_int_equal(debugger_delete(dbg, 0), 0);
    assert_int_equal(debugger_point_count(dbg), 0);
    assert_int_equal(debugger_delete(dbg, 99), -1);
    struct debugger_run until = {UINT64_MAX, 01011, 0, true};   /* S2 BUFFER, past the loop */
    debugger_run(dbg, &until, &stop);
    assert_int_equal(stop.reason, STOP_ARRIVED);
    assert_int_equal(debugger_cpu(dbg)->p, 01011);
    assert_int_equal(debugger_cpu(dbg)->a[2], 0);
    uint64_t before = debugger_clocks(dbg);
    struct debugger_run clocks = {UINT64_MAX, DEBUGGER_NO_ADDRESS, 100, true};
    debugger_run(dbg, &clocks, &stop);
    assert_int_equal(stop.reason, STOP_CLOCKS);
    assert_true(debugger_clocks(dbg) >= before + 100);
}

static void test_edits_in_history(void **state)
{
    struct fixture *f = *state;
    struct debugger *dbg = open_with(f, 32, 0);
    struct debugger_stop stop;
    char error[200];
    struct debugger_location a2, mem;
    assert_int_equal(debugger_parse_location(dbg, "A2", true, &a2, error, sizeof error), 0);
    assert_int_equal(debugger_parse_location(dbg, "[BUFFER+2]", true, &mem, error, sizeof error), 0);
    run_steps(dbg, 100, &stop);
    assert_int_equal(debugger_write(dbg, &a2, 10, error, sizeof error), 0);
    assert_int_equal(debugger_write(dbg, &mem, 0123, error, sizeof error), 0);
    assert_int_equal(debugger_edit_count(dbg), 2);
    run_steps(dbg, 30, &stop);
    uint64_t after = debugger_digest(dbg);
    debugger_back(dbg, 80, &stop);
    debugger_goto(dbg, 130, &stop);
    assert_true(debugger_digest(dbg) == after);
    uint64_t word;
    assert_int_equal(debugger_word(dbg, 0211, &word), 0);
    assert_int_equal(word, 0123);
    /* An edit made further back forgets the history after it. */
    debugger_goto(dbg, 50, &stop);
    assert_int_equal(debugger_write(dbg, &a2, 3, error, sizeof error), 0);
    assert_int_equal(debugger_edit_count(dbg), 1);
    struct debugger_run go = {UINT64_MAX, DEBUGGER_NO_ADDRESS, 0, true};
    debugger_run(dbg, &go, &stop);
    assert_int_equal(stop.reason, STOP_ENDED);
    /* Writes outside the field and after the end are refused. */
    struct debugger_location far = {.place = PLACE_MEMORY, .index = 4096};
    assert_int_equal(debugger_write(dbg, &far, 1, error, sizeof error), -1);
    debugger_back(dbg, 1, &stop);
    assert_int_equal(debugger_write(dbg, &far, 1, error, sizeof error), -1);
    assert_non_null(strstr(error, "outside the field"));
}

static void test_drop_restarts(void **state)
{
    struct fixture *f = *state;
    struct debugger *dbg = open_with(f, 0, 0);
    struct debugger_stop stop;
    run_steps(dbg, 12345, &stop);
    char path[128], error[600];
    snprintf(path, sizeof path, "%s/new.drop", f->dir);
    assert_int_equal(debugger_drop(dbg, path, error, sizeof error), 0);
    struct dropfile df;
    struct dropfile_report report = {0};
    assert_int_equal(dropfile_read_file(path, &df, &report), 0);
    const struct dropfile *old = debugger_loaded(dbg);
    assert_int_equal(df.history_count, old->history_count + 1);
    assert_int_equal(df.history[df.history_count - 1].event, DROP_EVENT_EDIT);
    assert_true(df.limits.cpu_limit == old->limits.cpu_limit);
    assert_true(df.cpu.clock == debugger_cpu(dbg)->clock);
    assert_int_equal(df.symbol_count, old->symbol_count);
    assert_non_null(strstr(df.job_log, "WRITTEN BY SWITCHP"));
    dropfile_free(&df);
    debugger_close(f->dbg);
    f->dbg = NULL;

    /* Restart it on a site with more time: the uninterrupted run's $OUT. */
    char site[128], out[256];
    snprintf(site, sizeof site, "%s/restart", f->dir);
    struct site s;
    assert_int_equal(site_open(&s, site, error, sizeof error), 0);
    size_t length;
    char *bytes = read_file_all(path, &length);
    assert_non_null(bytes);
    struct restart_request request = {.time_seconds = 2, .priority = -1};
    assert_true(site_queue_restart(site, (uint8_t *)bytes, length, &request, error, sizeof error) >= 0);
    free(bytes);
    run_site(site);
    snprintf(out, sizeof out, "%s/out/000001.SPIN.out", site);
    char *text = read_file_all(out, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, SUM_LINE));
    free(text);
}

/* Every field of the table, element by element, equal in a and b, except
 * the provenance: the wall clock, the job log (b's goes on with one line
 * saying so) and one more history entry (the EDIT). */
static void assert_same_but_provenance(const struct dropfile *a, const struct dropfile *b)
{
    char ta[512], tb[512];
    assert_int_equal(b->history_count, a->history_count + 1);
    assert_int_equal(b->history[b->history_count - 1].event, DROP_EVENT_EDIT);
    assert_int_equal(a->device_count, b->device_count);
    assert_int_equal(a->dataset_count, b->dataset_count);
    assert_int_equal(a->job_symbol_count, b->job_symbol_count);
    assert_int_equal(a->symbol_count, b->symbol_count);
    for (size_t i = 0; i < dropfile_field_count; i++) {
        const struct dropfile_field *f = &dropfile_fields[i];
        size_t entries = 1, item = 0;
        const char *ea = (const char *)a, *eb = (const char *)b;
        switch (f->group) {
        case DFG_DEVICE: entries = a->device_count; item = sizeof *a->devices;
            ea = (const char *)a->devices; eb = (const char *)b->devices; break;
        case DFG_DATASET: entries = a->dataset_count; item = sizeof *a->datasets;
            ea = (const char *)a->datasets; eb = (const char *)b->datasets; break;
        case DFG_JOBSYM: entries = a->job_symbol_count; item = sizeof *a->job_symbols;
            ea = (const char *)a->job_symbols; eb = (const char *)b->job_symbols; break;
        case DFG_PROGSYM: entries = a->symbol_count; item = sizeof *a->symbols;
            ea = (const char *)a->symbols; eb = (const char *)b->symbols; break;
        case DFG_HISTORY: entries = a->history_count; item = sizeof *a->history;
            ea = (const char *)a->history; eb = (const char *)b->history; break;
        default: break;
        }
        if (!strcmp(f->path, "wall_clock.written"))
            continue;
        if (!strcmp(f->path, "job_log")) {
            size_t n = strlen(a->job_log);
            assert_int_equal(strncmp(a->job_log, b->job_log, n), 0);
            assert_non_null(strstr(b->job_log + n, "DROPFILE WRITTEN BY SWITCHP"));
            assert_null(strchr(strchr(b->job_log + n, '\n') + 1, '\n'));
            continue;
        }
        for (size_t e = 0; e < entries; e++) {
            const void *pa = ea + e * item, *pb = eb + e * item;
            assert_int_equal(dropfile_field_present(f, pa), dropfile_field_present(f, pb));
            if (!dropfile_field_present(f, pa))
                continue;
            for (unsigned k = 0; k < f->count; k++) {
                const char *xa = dropfile_field_text(a, f, pa, k, ta, sizeof ta);
                const char *xb = dropfile_field_text(b, f, pb, k, tb, sizeof tb);
                if (strcmp(xa, xb))
                    fail_msg("%s[%u] of entry %zu: %s | %s", f->path, k, e, xa, xb);
            }
        }
    }
}

/* Issue 13: a re-drop from an unchanged state keeps the counters and
 * everything else but its provenance. */
static void test_redrop_keeps_everything(void **state)
{
    struct fixture *f = *state;
    struct debugger *dbg = open_with(f, 0, 0);
    struct debugger_stop stop;
    char path[128], error[600];
    struct dropfile_report report = {0};
    const struct dropfile *old = debugger_loaded(dbg);
    assert_true(old->cpu.instructions > 0);
    for (int round = 0; round < 2; round++) {
        if (round == 1) {
            run_steps(dbg, 3000, &stop);
            debugger_back(dbg, 3000, &stop);
        }
        snprintf(path, sizeof path, "%s/same%d.drop", f->dir, round);
        assert_int_equal(debugger_drop(dbg, path, error, sizeof error), 0);
        struct dropfile df;
        assert_int_equal(dropfile_read_file(path, &df, &report), 0);
        assert_true(df.cpu.instructions == old->cpu.instructions);
        assert_same_but_provenance(old, &df);
        dropfile_free(&df);
    }
}

static void test_sandbox_removed(void **state)
{
    struct fixture *f = *state;
    struct debugger *dbg = open_with(f, 0, 0);
    char sandbox[SITE_PATH_MAX];
    snprintf(sandbox, sizeof sandbox, "%s", debugger_sandbox(dbg));
    struct stat st;
    assert_int_equal(stat(sandbox, &st), 0);
    assert_int_equal(strncmp(sandbox, f->dir, strlen(f->dir)), 0);
    debugger_close(f->dbg);
    f->dbg = NULL;
    assert_int_equal(stat(sandbox, &st), -1);
    /* The dropfile itself is untouched. */
    struct dropfile df;
    struct dropfile_report report = {0};
    assert_int_equal(dropfile_read_file(f->drop, &df, &report), 0);
    assert_int_equal(df.history_count, 1);
    dropfile_free(&df);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_open_and_parse),
        cmocka_unit_test(test_back_is_forward),
        cmocka_unit_test(test_small_budget),
        cmocka_unit_test(test_before_the_drop),
        cmocka_unit_test(test_break_watch_rgo),
        cmocka_unit_test(test_edits_in_history),
        cmocka_unit_test(test_drop_restarts),
        cmocka_unit_test(test_redrop_keeps_everything),
        cmocka_unit_test(test_sandbox_removed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
