/*
 * test_dataset.c - a job's datasets in memory (os/datasets/dataset.c): names and the
 * dataset table, record I/O and positions (after end of file and end of
 * data, partial reads, truncation on rewind + write), skips both ways,
 * COPYR/COPYF/COPYD, Cray word packing, the text forms, and the canonical
 * bytes: round trip, exact layout, every truncation and random damage
 * refused with a message.
 */
#include "test_support.h"

#include <xxhash.h>

#include "os/datasets/dataset.h"

static void write_text(struct dataset *ds, const char *text)
{
    assert_int_equal(dataset_write_record(ds, text, strlen(text), NULL), 0);
}

/* Read a record and check its status and text. */
static void expect_record(struct dataset *ds, const char *text)
{
    char buffer[128];
    struct dataset_transfer t;
    struct dataset_error e = {{0}};
    assert_int_equal(dataset_read_record(ds, buffer, sizeof buffer, &t, &e), DATASET_RECORD);
    assert_int_equal(t.stored, strlen(text));
    assert_memory_equal(buffer, text, t.stored);
    assert_false(t.truncated);
    assert_true(t.end_of_record);
}

static void expect_status(struct dataset *ds, int status)
{
    char buffer[8];
    struct dataset_transfer t;
    assert_int_equal(dataset_read_record(ds, buffer, sizeof buffer, &t, NULL), status);
    assert_int_equal(t.stored, 0);
}

static void expect_position(const struct dataset *ds, uint64_t file, uint64_t record,
                            uint64_t byte)
{
    struct dataset_position p = dataset_tell(ds);
    assert_int_equal(p.file, file);
    assert_int_equal(p.record, record);
    assert_int_equal(p.byte, byte);
}

/* A dataset from exact text (files end with "/EOF"; a tail without one is open). */
static void make(struct dataset *ds, const char *text)
{
    dataset_init(ds);
    struct dataset_error e = {{0}};
    if (dataset_from_text(ds, text, strlen(text), DATASET_TEXT_EXACT, &e))
        fail_msg("from_text: %s", e.message);
}

static char *exact_text(const struct dataset *ds)
{
    char *text;
    size_t length;
    struct dataset_error e = {{0}};
    if (dataset_to_text(ds, DATASET_TEXT_EXACT, &text, &length, &e))
        fail_msg("to_text: %s", e.message);
    assert_int_equal(strlen(text), length);
    return text;
}

/* Two datasets have the same canonical bytes. */
static void expect_same_bytes(const struct dataset *a, const struct dataset *b)
{
    uint8_t *x, *y;
    size_t nx, ny;
    assert_int_equal(dataset_serialize(a, &x, &nx, NULL), 0);
    assert_int_equal(dataset_serialize(b, &y, &ny, NULL), 0);
    assert_int_equal(nx, ny);
    assert_memory_equal(x, y, nx);
    free(x);
    free(y);
}

static void expect_text(const struct dataset *ds, const char *want)
{
    char *text = exact_text(ds);
    assert_string_equal(text, want);
    free(text);
}

/* ---- names and the table ------------------------------------------------ */

static void names(void **state)
{
    (void)state;
    const char *good[] = {"A", "$IN", "$OUT", "X1@%$", "ABCDEFGHIJKLMNO", "lower"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_int_equal(dataset_check_name(good[i], NULL), 0);
    const char *bad[] = {"", "1A", "@A", "%A", "ABCDEFGHIJKLMNOP", "A.B", "A/B", "A B", "A\n",
                         "A-B", "A_B", "\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct dataset_error e = {{0}};
        assert_int_equal(dataset_check_name(bad[i], &e), -1);
        assert_true(strlen(e.message) > 0);
    }
    assert_int_equal(dataset_check_name(NULL, NULL), -1);
    assert_int_equal(dataset_kind_for_name("$IN"), DATASET_INPUT);
    assert_int_equal(dataset_kind_for_name("$out"), DATASET_OUTPUT);
    assert_int_equal(dataset_kind_for_name("$CS"), DATASET_CONTROL);
    assert_int_equal(dataset_kind_for_name("$BLD"), DATASET_SYSTEM);
    assert_int_equal(dataset_kind_for_name("$ABD"), DATASET_SYSTEM);
    assert_int_equal(dataset_kind_for_name("DATA"), DATASET_LOCAL);
}

static void table(void **state)
{
    (void)state;
    struct dataset_table t;
    struct dataset_error e = {{0}};
    dataset_table_init(&t);
    struct dataset *in = dataset_table_create(&t, "$IN", DATASET_INPUT, &e);
    struct dataset *a = dataset_table_create(&t, "alpha", DATASET_LOCAL, &e);
    assert_non_null(in);
    assert_non_null(a);
    assert_string_equal(a->name, "ALPHA");
    for (unsigned i = 0; i < 40; i++) {   /* the table grows; pointers stay */
        char name[16];
        snprintf(name, sizeof name, "D%u", i);
        assert_non_null(dataset_table_create(&t, name, DATASET_LOCAL, &e));
    }
    assert_ptr_equal(dataset_table_find(&t, "Alpha"), a);
    assert_ptr_equal(dataset_table_find(&t, "$in"), in);
    assert_null(dataset_table_find(&t, "NONE"));
    assert_null(dataset_table_find(&t, NULL));
    assert_int_equal(dataset_table_count(&t), 42);
    assert_ptr_equal(dataset_table_at(&t, 1), a);
    assert_null(dataset_table_at(&t, 42));

    assert_null(dataset_table_create(&t, "ALPHA", DATASET_LOCAL, &e));
    assert_non_null(strstr(e.message, "ALREADY EXISTS"));
    assert_null(dataset_table_create(&t, "9X", DATASET_LOCAL, &e));
    assert_non_null(strstr(e.message, "FIRST"));
    assert_null(dataset_table_create(&t, "OK", 6, &e));
    assert_non_null(strstr(e.message, "KIND"));

    write_text(a, "data");
    assert_int_equal(dataset_table_release(&t, "alpha", &e), 0);
    assert_null(dataset_table_find(&t, "ALPHA"));
    assert_int_equal(dataset_table_count(&t), 41);
    assert_string_equal(dataset_table_at(&t, 1)->name, "D0");   /* order kept */
    assert_int_equal(dataset_table_release(&t, "ALPHA", &e), -1);
    assert_non_null(strstr(e.message, "NOT LOCAL"));
    assert_int_equal(dataset_table_release(&t, "$IN", &e), -1);
    assert_non_null(strstr(e.message, "RESERVED"));
    assert_non_null(dataset_table_create(&t, "ALPHA", DATASET_LOCAL, &e));   /* name free again */
    dataset_table_free(&t);
    assert_int_equal(dataset_table_count(&t), 0);
    dataset_table_free(&t);   /* twice is harmless */
}

/* ---- record I/O ------------------------------------------------------------ */

static void read_write_positions(void **state)
{
    (void)state;
    struct dataset ds;
    dataset_init(&ds);
    assert_true(dataset_at_end_of_data(&ds));
    expect_status(&ds, DATASET_END_OF_DATA);
    write_text(&ds, "one");
    write_text(&ds, "");
    write_text(&ds, "three");
    expect_position(&ds, 0, 3, 0);
    assert_int_equal(dataset_write_end_of_file(&ds, NULL), 0);
    expect_position(&ds, 1, 0, 0);
    write_text(&ds, "four");
    assert_int_equal(dataset_write_end_of_file(&ds, NULL), 0);
    assert_int_equal(dataset_write_end_of_file(&ds, NULL), 0);   /* an empty file */
    assert_int_equal(dataset_file_count(&ds), 3);
    assert_int_equal(dataset_record_count(&ds, 0), 3);
    assert_int_equal(dataset_record_count(&ds, 2), 0);
    assert_int_equal(dataset_record_count(&ds, 9), 0);
    assert_int_equal(dataset_total_bytes(&ds), 12);
    assert_true(dataset_at_end_of_data(&ds));

    dataset_rewind(&ds);
    expect_position(&ds, 0, 0, 0);
    expect_record(&ds, "one");
    expect_record(&ds, "");
    expect_record(&ds, "three");
    expect_position(&ds, 0, 3, 0);
    expect_status(&ds, DATASET_END_OF_FILE);
    expect_position(&ds, 1, 0, 0);          /* past the mark */
    expect_record(&ds, "four");
    expect_status(&ds, DATASET_END_OF_FILE);
    expect_status(&ds, DATASET_END_OF_FILE);   /* the empty file */
    expect_position(&ds, 3, 0, 0);
    expect_status(&ds, DATASET_END_OF_DATA);
    expect_status(&ds, DATASET_END_OF_DATA);   /* and it stays there */
    expect_position(&ds, 3, 0, 0);
    assert_int_equal(ds.io.records_read, 4);
    assert_int_equal(ds.io.records_written, 4);
    assert_int_equal(ds.io.bytes_written, 12);
    expect_text(&ds, "one\n\nthree\n/EOF\nfour\n/EOF\n/EOF\n");

    /* NULL buffer of capacity 0 is fine; NULL with capacity is not */
    dataset_rewind(&ds);
    struct dataset_transfer t;
    struct dataset_error e = {{0}};
    assert_int_equal(dataset_read_record(&ds, NULL, 0, &t, &e), DATASET_RECORD);
    assert_true(t.truncated);
    assert_int_equal(t.record_length, 3);
    assert_int_equal(dataset_read_record(&ds, NULL, 5, &t, &e), DATASET_READ_ERROR);
    assert_non_null(strstr(e.message, "BUFFER"));
    dataset_free(&ds);
}

static void open_last_file_and_end_of_data(void **state)
{
    (void)state;
    struct dataset ds;
    make(&ds, "a\n/EOF\nb\nc\n");   /* the second file has no mark yet */
    assert_true(ds.last_file_open);
    expect_record(&ds, "a");
    expect_status(&ds, DATASET_END_OF_FILE);
    expect_record(&ds, "b");
    expect_record(&ds, "c");
    expect_status(&ds, DATASET_END_OF_DATA);   /* no mark: straight to the end of data */
    expect_position(&ds, 1, 2, 0);
    assert_true(dataset_at_end_of_data(&ds));
    write_text(&ds, "d");                     /* appends to the open file */
    expect_text(&ds, "a\n/EOF\nb\nc\nd\n");

    /* Positioning a dataset being written ends its data: the file is closed. */
    dataset_rewind(&ds);
    assert_false(ds.last_file_open);
    assert_int_equal(ds.flags & DATASET_FLAG_WRITING, 0);
    expect_text(&ds, "a\n/EOF\nb\nc\nd\n/EOF\n");

    /* An explicit end of data at a position drops what follows. */
    expect_record(&ds, "a");
    expect_status(&ds, DATASET_END_OF_FILE);
    expect_record(&ds, "b");
    assert_int_equal(dataset_write_end_of_data(&ds, NULL), 0);
    expect_text(&ds, "a\n/EOF\nb\n/EOF\n");
    expect_position(&ds, 2, 0, 0);
    dataset_rewind(&ds);
    assert_int_equal(dataset_write_end_of_data(&ds, NULL), 0);   /* at the start: empty */
    assert_int_equal(dataset_file_count(&ds), 0);
    expect_position(&ds, 0, 0, 0);

    /* close after writing closes the file; open modes are checked */
    struct dataset_error e = {{0}};
    assert_int_equal(dataset_open(&ds, DATASET_WRITE, &e), 0);
    write_text(&ds, "x");
    dataset_close(&ds);
    assert_int_equal(ds.mode, 0);
    expect_text(&ds, "x\n/EOF\n");
    assert_int_equal(dataset_open(&ds, 0, &e), -1);
    assert_int_equal(dataset_open(&ds, 4, &e), -1);
    assert_non_null(strstr(e.message, "MODE"));
    assert_int_equal(dataset_open(&ds, DATASET_READ | DATASET_WRITE, &e), 0);
    dataset_free(&ds);
}

static void truncation_and_partial_reads(void **state)
{
    (void)state;
    struct dataset ds;
    make(&ds, "ABCDEFGHIJ\nshort\n/EOF\n");
    char buffer[16];
    struct dataset_transfer t;
    assert_int_equal(dataset_read_record(&ds, buffer, 4, &t, NULL), DATASET_RECORD);
    assert_int_equal(t.stored, 4);
    assert_int_equal(t.record_length, 10);
    assert_true(t.truncated);
    assert_memory_equal(buffer, "ABCD", 4);
    expect_record(&ds, "short");                /* the rest was skipped */

    dataset_rewind(&ds);
    assert_int_equal(dataset_read_partial(&ds, buffer, 4, &t, NULL), DATASET_RECORD);
    assert_false(t.end_of_record);
    assert_false(t.truncated);
    expect_position(&ds, 0, 0, 4);
    assert_int_equal(dataset_read_partial(&ds, buffer, 4, &t, NULL), DATASET_RECORD);
    assert_memory_equal(buffer, "EFGH", 4);
    assert_int_equal(t.record_length, 6);
    assert_int_equal(dataset_read_partial(&ds, buffer, 4, &t, NULL), DATASET_RECORD);
    assert_int_equal(t.stored, 2);
    assert_true(t.end_of_record);
    expect_position(&ds, 0, 1, 0);
    /* record mode after a partial read delivers the rest */
    assert_int_equal(dataset_read_partial(&ds, buffer, 2, &t, NULL), DATASET_RECORD);
    expect_record(&ds, "ort");
    /* an exact fit is not truncated */
    dataset_rewind(&ds);
    assert_int_equal(dataset_read_record(&ds, buffer, 10, &t, NULL), DATASET_RECORD);
    assert_false(t.truncated);
    /* partial reads of an empty record end it at once */
    struct dataset e;
    make(&e, "\n/EOF\n");
    assert_int_equal(dataset_read_partial(&e, buffer, 4, &t, NULL), DATASET_RECORD);
    assert_true(t.end_of_record);
    assert_int_equal(t.stored, 0);
    assert_int_equal(dataset_read_partial(&e, buffer, 4, &t, NULL), DATASET_END_OF_FILE);
    dataset_free(&e);

    /* a write after a partial read keeps that record whole */
    dataset_rewind(&ds);
    assert_int_equal(dataset_read_partial(&ds, buffer, 3, &t, NULL), DATASET_RECORD);
    write_text(&ds, "new");
    expect_text(&ds, "ABCDEFGHIJ\nnew\n");
    dataset_free(&ds);
}

static void rewind_then_write_truncates(void **state)
{
    (void)state;
    struct dataset ds;
    make(&ds, "1\n2\n3\n/EOF\n4\n/EOF\n5\n/EOF\n");
    write_text(&ds, "x");                       /* at the start: everything goes */
    expect_text(&ds, "x\n");
    dataset_free(&ds);

    make(&ds, "1\n2\n3\n/EOF\n4\n/EOF\n5\n/EOF\n");
    expect_record(&ds, "1");
    write_text(&ds, "y");                       /* in the middle of the first file */
    expect_text(&ds, "1\ny\n");
    assert_true(ds.last_file_open);
    dataset_free(&ds);

    make(&ds, "1\n2\n/EOF\n4\n/EOF\n5\n/EOF\n");
    expect_record(&ds, "1");
    expect_record(&ds, "2");                    /* before the mark: the mark goes too */
    write_text(&ds, "3");
    expect_text(&ds, "1\n2\n3\n");
    dataset_free(&ds);

    make(&ds, "1\n/EOF\n4\n/EOF\n5\n/EOF\n");
    assert_int_equal(dataset_skip_files(&ds, 1, NULL, NULL), 0);
    assert_int_equal(dataset_write_end_of_file(&ds, NULL), 0);   /* a mark replaces file 2 on */
    expect_text(&ds, "1\n/EOF\n/EOF\n");
    expect_position(&ds, 2, 0, 0);
    dataset_free(&ds);
}

static void skips(void **state)
{
    (void)state;
    struct dataset ds;
    int64_t n;
    make(&ds, "a1\na2\na3\n/EOF\nb1\n/EOF\n/EOF\nd1\nd2\n/EOF\n");
    assert_int_equal(dataset_skip_records(&ds, 2, &n, NULL), 0);
    assert_int_equal(n, 2);
    expect_record(&ds, "a3");
    assert_int_equal(dataset_skip_records(&ds, -2, &n, NULL), 0);
    assert_int_equal(n, -2);
    expect_record(&ds, "a2");
    assert_int_equal(dataset_skip_records(&ds, 10, &n, NULL), 0);   /* stops before the mark */
    assert_int_equal(n, 1);
    expect_position(&ds, 0, 3, 0);
    assert_int_equal(dataset_skip_records(&ds, -10, &n, NULL), 0);  /* and at the start */
    assert_int_equal(n, -3);
    expect_position(&ds, 0, 0, 0);
    assert_int_equal(dataset_skip_records(&ds, 0, &n, NULL), 0);
    assert_int_equal(n, 0);

    /* a partly read record counts as one, both ways */
    char buffer[1];
    assert_int_equal(dataset_read_partial(&ds, buffer, 1, NULL, NULL), DATASET_RECORD);
    assert_int_equal(dataset_skip_records(&ds, 1, &n, NULL), 0);
    assert_int_equal(n, 1);
    expect_record(&ds, "a2");
    assert_int_equal(dataset_read_partial(&ds, buffer, 1, NULL, NULL), DATASET_RECORD);
    assert_int_equal(dataset_skip_records(&ds, -1, &n, NULL), 0);
    assert_int_equal(n, -1);
    expect_record(&ds, "a3");

    /* after the mark: backward record skips stay in the new file */
    expect_status(&ds, DATASET_END_OF_FILE);
    assert_int_equal(dataset_skip_records(&ds, -1, &n, NULL), 0);
    assert_int_equal(n, 0);
    expect_position(&ds, 1, 0, 0);

    /* files forward */
    dataset_rewind(&ds);
    assert_int_equal(dataset_skip_files(&ds, 1, &n, NULL), 0);
    assert_int_equal(n, 1);
    expect_record(&ds, "b1");
    assert_int_equal(dataset_skip_files(&ds, 2, &n, NULL), 0);   /* rest of b, the empty c */
    assert_int_equal(n, 2);
    expect_record(&ds, "d1");
    assert_int_equal(dataset_skip_files(&ds, 5, &n, NULL), 0);   /* stops at the end of data */
    assert_int_equal(n, 1);
    expect_position(&ds, 4, 0, 0);
    expect_status(&ds, DATASET_END_OF_DATA);

    /* files backward: from the end, each file start in turn */
    assert_int_equal(dataset_skip_files(&ds, -1, &n, NULL), 0);
    assert_int_equal(n, -1);
    expect_position(&ds, 3, 0, 0);
    expect_record(&ds, "d1");
    assert_int_equal(dataset_skip_files(&ds, -1, &n, NULL), 0);   /* inside d: to its start */
    expect_position(&ds, 3, 0, 0);
    assert_int_equal(dataset_skip_files(&ds, -2, &n, NULL), 0);
    expect_position(&ds, 1, 0, 0);
    assert_int_equal(dataset_skip_files(&ds, -9, &n, NULL), 0);
    assert_int_equal(n, -1);
    expect_position(&ds, 0, 0, 0);
    dataset_free(&ds);

    /* an open last file: forward file skips stop after its last record */
    make(&ds, "a\n/EOF\nb\nc\n");
    assert_int_equal(dataset_skip_files(&ds, 3, &n, NULL), 0);
    assert_int_equal(n, 1);
    expect_position(&ds, 1, 2, 0);
    expect_status(&ds, DATASET_END_OF_DATA);
    dataset_free(&ds);

    /* skipping after writes ends the data where the dataset stands */
    dataset_init(&ds);
    write_text(&ds, "w1");
    write_text(&ds, "w2");
    assert_int_equal(dataset_skip_records(&ds, -1, &n, NULL), 0);
    assert_int_equal(n, -1);
    expect_record(&ds, "w2");
    expect_status(&ds, DATASET_END_OF_FILE);
    dataset_free(&ds);
}

static void seek_and_bad_positions(void **state)
{
    (void)state;
    struct dataset ds;
    struct dataset_error e = {{0}};
    make(&ds, "abc\n/EOF\nd\n");
    struct dataset_position ok[] = {{0, 0, 0}, {0, 0, 2}, {0, 1, 0}, {1, 0, 0}, {1, 1, 0}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_int_equal(dataset_seek(&ds, ok[i], &e), 0);
    struct dataset_position bad[] = {{0, 0, 3}, {0, 2, 0}, {0, 1, 1}, {1, 2, 0}, {2, 0, 0},
                                     {9, 9, 9}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(dataset_seek(&ds, bad[i], &e), -1);
        assert_non_null(strstr(e.message, "OUTSIDE"));
    }
    assert_int_equal(dataset_seek(&ds, (struct dataset_position){0, 0, 1}, &e), 0);
    expect_record(&ds, "bc");
    /* a position broken behind the module's back is refused, not followed */
    ds.position.file = 7;
    char buffer[4];
    assert_int_equal(dataset_read_record(&ds, buffer, 4, NULL, &e), DATASET_READ_ERROR);
    assert_int_equal(dataset_write_record(&ds, "x", 1, &e), -1);
    assert_int_equal(dataset_write_end_of_file(&ds, &e), -1);
    assert_int_equal(dataset_write_end_of_data(&ds, &e), -1);
    assert_int_equal(dataset_skip_records(&ds, 1, NULL, &e), -1);
    assert_int_equal(dataset_skip_files(&ds, 1, NULL, &e), -1);
    struct dataset other;
    dataset_init(&other);
    assert_int_equal(dataset_copy_data(&ds, &other, NULL, &e), -1);
    assert_int_equal(dataset_write_record(&other, NULL, 3, &e), -1);
    assert_non_null(strstr(e.message, "NO RECORD"));
    assert_int_equal(dataset_write_record(&other, "x", (size_t)DATASET_MAX_RECORD_BYTES + 1, &e),
                     -1);
    assert_non_null(strstr(e.message, "LIMIT"));
    dataset_free(&other);
    dataset_free(&ds);
}

/* ---- copies ---------------------------------------------------------------- */

static void copies(void **state)
{
    (void)state;
    struct dataset in, out;
    struct dataset_copy_counts c;
    struct dataset_error e = {{0}};
    make(&in, "a1\na2\na3\n/EOF\nb1\n/EOF\nc1\n/EOF\n");
    dataset_init(&out);
    assert_int_equal(dataset_copy_records(&in, &out, 2, &c, &e), 0);   /* COPYR,NR=2 */
    assert_int_equal(c.records, 2);
    assert_int_equal(c.files, 0);
    expect_text(&out, "a1\na2\n");
    assert_int_equal(dataset_copy_records(&in, &out, 5, &c, &e), 0);   /* stops at the mark */
    assert_int_equal(c.records, 1);
    expect_position(&in, 0, 3, 0);
    expect_status(&in, DATASET_END_OF_FILE);
    assert_int_equal(dataset_write_end_of_file(&out, &e), 0);
    assert_int_equal(dataset_copy_files(&in, &out, 1, &c, &e), 0);     /* COPYF,NF=1 */
    assert_int_equal(c.files, 1);
    assert_int_equal(c.records, 1);
    expect_text(&out, "a1\na2\na3\n/EOF\nb1\n/EOF\n");
    assert_int_equal(dataset_copy_data(&in, &out, &c, &e), 0);          /* COPYD */
    assert_int_equal(c.files, 1);
    expect_text(&out, "a1\na2\na3\n/EOF\nb1\n/EOF\nc1\n/EOF\n");
    expect_status(&in, DATASET_END_OF_DATA);
    assert_int_equal(dataset_copy_files(&in, &out, 3, &c, &e), 0);     /* nothing left */
    assert_int_equal(c.files + c.records, 0);

    /* from the middle of a record (after a partial read): its rest */
    dataset_rewind(&in);
    char b[1];
    assert_int_equal(dataset_read_partial(&in, b, 1, NULL, NULL), DATASET_RECORD);
    struct dataset part;
    dataset_init(&part);
    assert_int_equal(dataset_copy_records(&in, &part, 1, &c, &e), 0);
    expect_text(&part, "1\n");
    dataset_free(&part);

    /* an open last file is copied without a mark; COPYF,NF=0 copies nothing */
    struct dataset open, dst;
    make(&open, "x\n/EOF\ny\nz\n");
    dataset_init(&dst);
    assert_int_equal(dataset_copy_files(&open, &dst, 0, &c, &e), 0);
    assert_int_equal(dataset_file_count(&dst), 0);
    assert_int_equal(dataset_copy_data(&open, &dst, &c, &e), 0);
    assert_int_equal(c.files, 1);
    assert_int_equal(c.records, 3);
    expect_text(&dst, "x\n/EOF\ny\nz\n");
    assert_int_equal(open.io.records_read, 3);

    /* onto itself: refused */
    assert_int_equal(dataset_copy_data(&dst, &dst, &c, &e), -1);
    assert_non_null(strstr(e.message, "ITSELF"));
    assert_int_equal(dataset_copy_records(&dst, &dst, 1, NULL, &e), -1);

    /* copying into the middle of a dataset truncates it there */
    dataset_rewind(&dst);
    dataset_rewind(&open);
    assert_int_equal(dataset_skip_files(&open, 1, NULL, &e), 0);
    assert_int_equal(dataset_copy_records(&open, &dst, 1, NULL, &e), 0);
    expect_text(&dst, "y\n");
    dataset_free(&open);
    dataset_free(&dst);
    dataset_free(&in);
    dataset_free(&out);
}

/* ---- words ---------------------------------------------------------------- */

static void words(void **state)
{
    (void)state;
    uint64_t w[4] = {0};
    assert_int_equal(dataset_pack_words("HELLO, WORLD", 12, w, 4), 2);
    assert_int_equal(w[0], 0x48454C4C4F2C2057ull);   /* "HELLO, W" */
    assert_int_equal(w[1], 0x4F524C4400000000ull);   /* "ORLD" zero-filled */
    assert_int_equal(dataset_pack_words("ABCDEFGH", 8, w, 4), 1);
    assert_int_equal(w[0], 0x4142434445464748ull);
    assert_int_equal(dataset_pack_words("", 0, w, 4), 0);
    uint64_t small[1] = {0};
    assert_int_equal(dataset_pack_words("ABCDEFGHIJ", 10, small, 1), 2);   /* needs 2, stores 1 */
    assert_int_equal(small[0], 0x4142434445464748ull);

    char text[32];
    uint64_t msg[3] = {0x48454C4C4F2C2057ull, 0x4F524C4400000000ull, 0x5858585858585858ull};
    assert_int_equal(dataset_unpack_text(msg, 3, text, sizeof text), 12);
    assert_string_equal(text, "HELLO, WORLD");
    assert_int_equal(dataset_unpack_text(msg, 1, text, sizeof text), 8);   /* no zero byte */
    assert_string_equal(text, "HELLO, W");
    assert_int_equal(dataset_unpack_text(msg, 3, text, 6), 12);            /* cut to fit */
    assert_string_equal(text, "HELLO");
    assert_int_equal(dataset_unpack_text(msg, 0, text, 6), 0);
    assert_string_equal(text, "");

    uint8_t bytes[16];
    dataset_unpack_words(msg, 2, bytes);
    assert_memory_equal(bytes, "HELLO, WORLD\0\0\0\0", 16);
    uint64_t back[2];
    assert_int_equal(dataset_pack_words(bytes, 16, back, 2), 2);
    assert_memory_equal(back, msg, sizeof back);
}

/* ---- text ------------------------------------------------------------------ */

static void text_forms(void **state)
{
    (void)state;
    struct dataset ds;
    struct dataset_error e = {{0}};
    char *text;
    size_t length;
    /* deck form: CRLF, blanks after /EOF, a last file without a mark */
    dataset_init(&ds);
    const char *deck = "one\r\ntwo\n/EOF  \nthree";
    assert_int_equal(dataset_from_text(&ds, deck, strlen(deck), 0, &e), 0);
    assert_int_equal(dataset_file_count(&ds), 2);
    assert_false(ds.last_file_open);
    expect_text(&ds, "one\ntwo\n/EOF\nthree\n/EOF\n");
    assert_int_equal(dataset_to_text(&ds, 0, &text, &length, &e), 0);   /* printing */
    assert_string_equal(text, "one\ntwo\n/EOF\nthree\n");
    free(text);
    /* a trailing /EOF is the end, not another file */
    assert_int_equal(dataset_from_text(&ds, "a\n/EOF\n", 7, 0, &e), 0);
    assert_int_equal(dataset_file_count(&ds), 1);
    assert_int_equal(dataset_from_text(&ds, "", 0, 0, &e), 0);
    assert_int_equal(dataset_file_count(&ds), 0);
    assert_int_equal(dataset_from_text(&ds, "/EOF\n", 5, 0, &e), 0);   /* one empty file */
    assert_int_equal(dataset_file_count(&ds), 1);
    assert_int_equal(dataset_from_text(&ds, "\n\n", 2, 0, &e), 0);     /* two empty records */
    assert_int_equal(dataset_record_count(&ds, 0), 2);
    assert_int_equal(dataset_from_text(&ds, NULL, 3, 0, &e), -1);
    dataset_free(&ds);

    /* exact form: \r and blanks are data; the tail is an open file */
    make(&ds, "a\r\n/EOF \n/EOF\nb");
    assert_int_equal(dataset_record_count(&ds, 0), 2);
    assert_true(ds.last_file_open);
    expect_text(&ds, "a\r\n/EOF \n/EOF\nb\n");
    /* what the exact form cannot hold is refused */
    dataset_rewind(&ds);
    write_text(&ds, "/EOF");
    assert_int_equal(dataset_to_text(&ds, DATASET_TEXT_EXACT, &text, &length, &e), -1);
    assert_non_null(strstr(e.message, "/EOF"));
    assert_int_equal(dataset_to_text(&ds, 0, &text, &length, &e), 0);   /* printing is fine */
    assert_string_equal(text, "/EOF\n");
    free(text);
    dataset_rewind(&ds);
    write_text(&ds, "two\nlines");
    assert_int_equal(dataset_to_text(&ds, DATASET_TEXT_EXACT, &text, &length, &e), -1);
    assert_non_null(strstr(e.message, "NEWLINE"));
    dataset_free(&ds);

    /* a deck's data file through write_lines */
    char *lines[] = {"x", "y"};
    dataset_init(&ds);
    assert_int_equal(dataset_write_lines(&ds, lines, 2, &e), 0);
    assert_int_equal(dataset_write_lines(&ds, lines, 1, &e), 0);
    expect_text(&ds, "x\ny\n/EOF\nx\n/EOF\n");
    dataset_free(&ds);
}

/* A pseudo-random dataset (records without newlines unless binary). */
static void random_dataset(struct dataset *ds, uint64_t *seed, bool binary)
{
    dataset_init(ds);
    int files = (int)(*seed % 5);
    for (int f = 0; f < files; f++) {
        *seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
        int records = (int)(*seed >> 60);
        for (int r = 0; r < records; r++) {
            char rec[40];
            *seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t n = (size_t)(*seed >> 59);
            for (size_t i = 0; i < n; i++)
                rec[i] = binary ? (char)(*seed >> (i % 56)) : (char)('A' + (*seed >> i) % 26);
            assert_int_equal(dataset_write_record(ds, rec, n, NULL), 0);
        }
        if (f + 1 < files || !(*seed & 1) || records == 0)
            assert_int_equal(dataset_write_end_of_file(ds, NULL), 0);
    }
    ds->flags = 0;
}

static void text_round_trip(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    for (int i = 0; i < 200; i++) {
        struct dataset a, b;
        random_dataset(&a, &seed, false);
        char *text = exact_text(&a);
        make(&b, text);
        expect_same_bytes(&a, &b);
        free(text);
        dataset_free(&a);
        dataset_free(&b);
    }
}

/* ---- canonical bytes ------------------------------------------------------------ */

static void canonical_bytes(void **state)
{
    (void)state;
    struct dataset ds;
    make(&ds, "AB\n/EOF\nC\n");
    uint8_t *bytes;
    size_t size;
    assert_int_equal(dataset_serialize(&ds, &bytes, &size, NULL), 0);
    static const uint8_t want[] = {
        0x89, 'C', '1', 'D', 'S', 'E', 'T', '\n', 0, 0, 0, 1,   /* magic, version */
        0, 0, 0, 1,                                             /* flags: last file open */
        0, 0, 0, 2,                                             /* two files */
        0, 0, 0, 1, 0, 0, 0, 2, 'A', 'B',                       /* file 1: "AB" */
        0, 0, 0, 1, 0, 0, 0, 1, 'C',                            /* file 2: "C" */
        'E', 'N', 'D', '!'};
    assert_int_equal(size, sizeof want + 8);
    assert_memory_equal(bytes, want, sizeof want);
    uint64_t sum = XXH3_64bits(bytes, sizeof want), stored = 0;
    for (int i = 0; i < 8; i++)
        stored = stored << 8 | bytes[sizeof want + (size_t)i];
    assert_int_equal(stored, sum);

    /* the hash is XXH3-64 of these bytes, and follows the contents */
    uint64_t hash, hsize;
    assert_int_equal(dataset_content_hash(&ds, &hash, &hsize, NULL), 0);
    assert_int_equal(hash, XXH3_64bits(bytes, size));
    assert_int_equal(hash, dataset_hash_bytes(bytes, size));
    assert_int_equal(hsize, size);
    assert_int_equal(dataset_skip_files(&ds, 9, NULL, NULL), 0);
    assert_int_equal(dataset_write_end_of_data(&ds, NULL), 0);   /* closes the open file */
    uint64_t closed;
    assert_int_equal(dataset_content_hash(&ds, &closed, NULL, NULL), 0);
    assert_int_not_equal(closed, hash);

    /* the same contents reached another way give the same bytes */
    struct dataset other;
    dataset_init(&other);
    write_text(&other, "junk");
    dataset_rewind(&other);
    write_text(&other, "AB");
    assert_int_equal(dataset_write_end_of_file(&other, NULL), 0);
    write_text(&other, "C");
    struct dataset original;
    make(&original, "AB\n/EOF\nC\n");
    expect_same_bytes(&other, &original);
    dataset_free(&original);

    /* parse back: contents replaced, position rewound, name kept */
    struct dataset back;
    dataset_init(&back);
    memcpy(back.name, "BACK", 5);
    write_text(&back, "old");
    struct dataset_error e = {{0}};
    assert_int_equal(dataset_parse(&back, bytes, size, &e), 0);
    assert_string_equal(back.name, "BACK");
    expect_position(&back, 0, 0, 0);
    assert_int_equal(back.flags & DATASET_FLAG_WRITING, 0);
    expect_text(&back, "AB\n/EOF\nC\n");
    free(bytes);

    /* empty dataset */
    dataset_free(&back);
    assert_int_equal(dataset_serialize(&back, &bytes, &size, NULL), 0);
    assert_int_equal(size, 32);
    assert_int_equal(dataset_parse(&back, bytes, size, &e), 0);
    assert_int_equal(dataset_file_count(&back), 0);
    free(bytes);
    dataset_free(&back);
    dataset_free(&other);
    dataset_free(&ds);
}

static void serialise_round_trip(void **state)
{
    (void)state;
    uint64_t seed = 777;
    for (int i = 0; i < 300; i++) {
        struct dataset a, b;
        random_dataset(&a, &seed, true);
        uint8_t *x;
        size_t nx;
        assert_int_equal(dataset_serialize(&a, &x, &nx, NULL), 0);
        dataset_init(&b);
        struct dataset_error e = {{0}};
        if (dataset_parse(&b, x, nx, &e))
            fail_msg("parse: %s", e.message);
        assert_int_equal(b.last_file_open, a.last_file_open);
        assert_int_equal(dataset_file_count(&b), dataset_file_count(&a));
        assert_int_equal(dataset_total_bytes(&b), dataset_total_bytes(&a));
        expect_same_bytes(&a, &b);
        free(x);
        dataset_free(&a);
        dataset_free(&b);
    }
}

/* Parsing must fail with a message and leave the target as it was. */
static void expect_refused(const uint8_t *bytes, size_t size, const char *word)
{
    struct dataset ds;
    make(&ds, "keep\n/EOF\n");
    struct dataset_error e = {{0}};
    if (dataset_parse(&ds, bytes, size, &e) == 0)
        fail_msg("damaged bytes (size %zu) were accepted", size);
    assert_true(strlen(e.message) > 0);
    if (word && !strstr(e.message, word))
        fail_msg("message \"%s\" lacks \"%s\"", e.message, word);
    expect_text(&ds, "keep\n/EOF\n");
    dataset_free(&ds);
}

static void every_truncation_and_damage(void **state)
{
    (void)state;
    struct dataset ds;
    make(&ds, "first record\n\n/EOF\n/EOF\nlast\n");
    uint8_t *bytes;
    size_t size;
    assert_int_equal(dataset_serialize(&ds, &bytes, &size, NULL), 0);
    for (size_t n = 0; n < size; n++)
        expect_refused(bytes, n, NULL);
    uint8_t *copy = malloc(size + 1);
    memcpy(copy, bytes, size);
    copy[size] = 0;
    expect_refused(copy, size + 1, "after the dataset's end");
    /* every single-byte change, and random multi-byte damage */
    for (size_t i = 0; i < size; i++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy(copy, bytes, size);
            copy[i] ^= (uint8_t)(1u << bit);
            expect_refused(copy, size, NULL);
        }
    }
    uint64_t seed = 99;
    for (int round = 0; round < 2000; round++) {
        memcpy(copy, bytes, size);
        int changes = 1 + round % 4;
        for (int k = 0; k < changes; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            copy[(size_t)(seed >> 33) % size] = (uint8_t)(seed >> 20);
        }
        if (memcmp(copy, bytes, size))
            expect_refused(copy, size, NULL);
    }
    /* specific faults name themselves */
    memcpy(copy, bytes, size);
    copy[0] = 'X';
    expect_refused(copy, size, "magic");
    memcpy(copy, bytes, size);
    copy[11] = 2;
    expect_refused(copy, size, "version");
    memcpy(copy, bytes, size);
    copy[14] = 1;
    expect_refused(copy, size, "unknown bits");
    memcpy(copy, bytes, size);
    copy[size - 1] ^= 1;
    expect_refused(copy, size, "checksum");
    memcpy(copy, bytes, size);
    copy[size - 12] = 'X';
    expect_refused(copy, size, "end tag");
    memcpy(copy, bytes, size);
    copy[19] = 200;   /* file count */
    expect_refused(copy, size, "cannot fit");
    expect_refused(NULL, 5, NULL);
    free(copy);
    free(bytes);
    dataset_free(&ds);

    /* a well-sealed but non-canonical file: open flag with an empty last file */
    uint8_t odd[] = {0x89, 'C', '1', 'D', 'S', 'E', 'T', '\n', 0, 0, 0, 1, 0, 0, 0, 1,
                     0, 0, 0, 1, 0, 0, 0, 0, 'E', 'N', 'D', '!', 0, 0, 0, 0, 0, 0, 0, 0};
    uint64_t sum = XXH3_64bits(odd, sizeof odd - 8);
    for (int i = 0; i < 8; i++)
        odd[sizeof odd - 8 + (size_t)i] = (uint8_t)(sum >> (56 - 8 * i));
    expect_refused(odd, sizeof odd, "open");
    odd[15] = 0;   /* flags 0: a valid dataset of one empty file, once resealed */
    sum = XXH3_64bits(odd, sizeof odd - 8);
    for (int i = 0; i < 8; i++)
        odd[sizeof odd - 8 + (size_t)i] = (uint8_t)(sum >> (56 - 8 * i));
    dataset_init(&ds);
    assert_int_equal(dataset_parse(&ds, odd, sizeof odd, NULL), 0);
    assert_int_equal(dataset_file_count(&ds), 1);
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(table),
        cmocka_unit_test(read_write_positions),
        cmocka_unit_test(open_last_file_and_end_of_data),
        cmocka_unit_test(truncation_and_partial_reads),
        cmocka_unit_test(rewind_then_write_truncates),
        cmocka_unit_test(skips),
        cmocka_unit_test(seek_and_bad_positions),
        cmocka_unit_test(copies),
        cmocka_unit_test(words),
        cmocka_unit_test(text_forms),
        cmocka_unit_test(text_round_trip),
        cmocka_unit_test(canonical_bytes),
        cmocka_unit_test(serialise_round_trip),
        cmocka_unit_test(every_truncation_and_damage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
