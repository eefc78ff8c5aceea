/*
 * test_pds.c - the permanent dataset store (os/datasets/pds.c) in a temporary site:
 * SAVE/ACCESS/replace/DELETE, the access rules (own, public, another
 * owner's private), IDs, every bad name refused, atomic saves that leave no
 * temporary file, hash lookups for restart, listing, damaged files.
 */
#include "test_support.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os/datasets/pds.h"
#include "os/disk/disk.h"

struct site {
    char dir[64];
    struct pds pds;
};

static int site_setup(void **state)
{
    struct site *site = calloc(1, sizeof *site);
    test_temp_dir(site->dir, sizeof site->dir, "test-pds", 0);
    struct dataset_error e = {{0}};
    if (pds_open(&site->pds, site->dir, &e))
        return -1;
    *state = site;
    return 0;
}

static int site_teardown(void **state)
{
    struct site *site = *state;
    pds_close(&site->pds);
    test_remove_tree(site->dir);
    free(site);
    return 0;
}

static void make(struct dataset *ds, const char *text)
{
    dataset_init(ds);
    assert_int_equal(dataset_from_text(ds, text, strlen(text), DATASET_TEXT_EXACT, NULL), 0);
}

static void expect_text(const struct dataset *ds, const char *want)
{
    char *text;
    size_t length;
    assert_int_equal(dataset_to_text(ds, DATASET_TEXT_EXACT, &text, &length, NULL), 0);
    assert_string_equal(text, want);
    free(text);
}

static void save(struct site *site, const char *user, const char *pdn, const char *id,
                 unsigned pam, const char *text)
{
    struct dataset ds;
    struct dataset_error e = {{0}};
    make(&ds, text);
    if (pds_save(&site->pds, user, pdn, id, pam, &ds, &e))
        fail_msg("save %s/%s: %s", user, pdn, e.message);
    dataset_free(&ds);
}

/* Files in a folder whose name starts with a dot (temporary files). */
static int dot_files(const char *folder)
{
    DIR *dir = opendir(folder);
    int n = 0;
    assert_non_null(dir);
    for (struct dirent *e; (e = readdir(dir));)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(dir);
    return n;
}

static void write_file(const char *path, const void *bytes, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, size, f), size);
    fclose(f);
}

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = malloc(*size);
    assert_int_equal(fread(bytes, 1, *size, f), *size);
    fclose(f);
    return bytes;
}

/* ---- names ------------------------------------------------------------------ */

static void names(void **state)
{
    (void)state;
    char out[PDS_NAME_MAX + 1];
    struct dataset_error e = {{0}};
    char long_ok[PDS_NAME_MAX + 1], too_long[PDS_NAME_MAX + 2];
    memset(long_ok, 'A', PDS_NAME_MAX);
    long_ok[PDS_NAME_MAX] = '\0';
    memset(too_long, 'A', PDS_NAME_MAX + 1);
    too_long[PDS_NAME_MAX + 1] = '\0';

    assert_int_equal(pds_check_name("alice", "USER", out, &e), 0);
    assert_string_equal(out, "ALICE");
    assert_int_equal(pds_check_name("My-Data_1$@%", "PDN", out, &e), 0);
    assert_string_equal(out, "MY-DATA_1$@%");
    assert_int_equal(pds_check_name(long_ok, "PDN", out, &e), 0);

    static const struct {
        const char *name, *why;
    } bad[] = {
        {"../x", "DOT"},        {"a/b", "PATH SEPARATOR"}, {".hidden", "DOT"},
        {"", "MISSING"},        {"x\n", "0x0A"},           {"a\\b", "PATH SEPARATOR"},
        {"a..b", ".."},         {"a.b", "'.'"},            {"-x", "START WITH -"},
        {"a b", "' '"},         {"x\x7f", "0x7F"},         {"caf\xc3\xa9", "0xC3"},
        {"/etc", "PATH"},       {"..", "DOT"},             {"\t", "0x09"},
        {"a*", "'*'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&e, 0, sizeof e);
        assert_int_equal(pds_check_name(bad[i].name, "PDN", out, &e), -1);
        if (!strstr(e.message, bad[i].why) || !strstr(e.message, "PDN"))
            fail_msg("name %zu: message \"%s\" lacks \"%s\"", i, e.message, bad[i].why);
    }
    assert_int_equal(pds_check_name(too_long, "PDN", out, &e), -1);
    assert_non_null(strstr(e.message, "LONGER THAN 64"));
    assert_int_equal(pds_check_name(NULL, "USER", out, &e), -1);
    assert_non_null(strstr(e.message, "USER MISSING"));
    /* an ID may be empty, but follows the same rules otherwise */
    assert_int_equal(pds_check_id(NULL, out, &e), 0);
    assert_string_equal(out, "");
    assert_int_equal(pds_check_id("v1", out, &e), 0);
    assert_string_equal(out, "V1");
    assert_int_equal(pds_check_id("../v1", out, &e), -1);
}

static void bad_names_touch_nothing(void **state)
{
    struct site *site = *state;
    struct dataset ds, out;
    struct dataset_error e = {{0}};
    make(&ds, "x\n");
    dataset_init(&out);
    const char *bad[] = {"../x", "a/b", ".hidden", "", "x\n", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(pds_save(&site->pds, bad[i], "OK", NULL, 0, &ds, &e), -1);
        assert_int_equal(pds_save(&site->pds, "OK", bad[i], NULL, 0, &ds, &e), -1);
        if (bad[i] && bad[i][0])   /* an ID may be empty */
            assert_int_equal(pds_save(&site->pds, "OK", "OK", bad[i], 0, &ds, &e), -1);
        assert_int_equal(pds_load(&site->pds, bad[i] ? bad[i] : "", "OK", "OK", NULL, &out, &e),
                         -1);
        assert_int_equal(pds_load(&site->pds, "OK", "OK", bad[i] ? bad[i] : "", NULL, &out, &e),
                         -1);
        assert_int_equal(pds_delete(&site->pds, "OK", NULL, bad[i] ? bad[i] : "", NULL, &e), -1);
        assert_false(pds_exists(&site->pds, "OK", bad[i]));
        assert_false(pds_exists(&site->pds, bad[i], "OK"));
        char **names;
        size_t count;
        assert_int_equal(pds_list(&site->pds, bad[i] ? bad[i] : "", &names, &count, &e), -1);
    }
    /* a bad owner given for ACCESS is refused too */
    assert_int_equal(pds_load(&site->pds, "OK", "../OK", "OK", NULL, &out, &e), -1);
    assert_non_null(strstr(e.message, "OWNER"));
    assert_int_equal(pds_save(&site->pds, "OK", "OK", NULL, 2, &ds, &e), -1);   /* PAM bits */
    assert_non_null(strstr(e.message, "PERMISSION"));
    /* nothing was created */
    char path[128];
    snprintf(path, sizeof path, "%s/pds", site->dir);
    DIR *dir = opendir(path);
    assert_non_null(dir);
    int entries = 0;
    for (struct dirent *d; (d = readdir(dir));)
        entries += d->d_name[0] != '.';
    closedir(dir);
    assert_int_equal(entries, 0);
    dataset_free(&ds);
    dataset_free(&out);
}

/* ---- SAVE, ACCESS, replace, DELETE ------------------------------------------------- */

static void save_load_replace_delete(void **state)
{
    struct site *site = *state;
    struct dataset ds, back;
    struct dataset_error e = {{0}};
    make(&ds, "line one\n\n/EOF\nsecond file\n");
    assert_int_equal(pds_save(&site->pds, "alice", "results", NULL, 0, &ds, &e), 0);
    assert_true(ds.permanent.present);
    assert_string_equal(ds.permanent.owner, "ALICE");
    assert_string_equal(ds.permanent.name, "RESULTS");
    assert_string_equal(ds.permanent.id, "");
    uint64_t hash, size;
    assert_int_equal(dataset_content_hash(&ds, &hash, &size, NULL), 0);
    assert_int_equal(ds.permanent.hash, hash);
    assert_int_equal(ds.permanent.size, size);
    assert_true(pds_exists(&site->pds, "ALICE", "RESULTS"));
    assert_true(pds_exists(&site->pds, "alice", "results"));
    assert_false(pds_exists(&site->pds, "ALICE", "OTHER"));

    dataset_init(&back);
    assert_int_equal(pds_load(&site->pds, "ALICE", NULL, "Results", NULL, &back, &e), 0);
    expect_text(&back, "line one\n\n/EOF\nsecond file\n");
    assert_true(back.permanent.present);
    assert_false(back.permanent.read_only);
    assert_int_equal(back.permanent.hash, hash);
    struct pds_info info;
    assert_int_equal(pds_info(&site->pds, "ALICE", "RESULTS", &info, &e), 0);
    assert_int_equal(info.hash, hash);
    assert_int_equal(info.size, size);
    assert_int_equal(info.permissions, 0);
    assert_string_equal(info.owner, "ALICE");

    /* SAVE again under the name: replaced, new hash */
    save(site, "ALICE", "RESULTS", NULL, 0, "new contents\n/EOF\n");
    assert_int_equal(pds_load(&site->pds, "ALICE", "", "RESULTS", NULL, &back, &e), 0);
    expect_text(&back, "new contents\n/EOF\n");
    uint64_t now;
    assert_int_equal(pds_lookup_hash(&site->pds, "ALICE", "RESULTS", "", &now), 0);
    assert_int_not_equal(now, hash);
    assert_int_equal(now, back.permanent.hash);

    /* DELETE */
    assert_int_equal(pds_delete(&site->pds, "ALICE", NULL, "RESULTS", NULL, &e), 0);
    assert_false(pds_exists(&site->pds, "ALICE", "RESULTS"));
    assert_int_equal(pds_load(&site->pds, "ALICE", NULL, "RESULTS", NULL, &back, &e), -1);
    assert_non_null(strstr(e.message, "NOT FOUND"));
    assert_int_equal(pds_delete(&site->pds, "ALICE", NULL, "RESULTS", NULL, &e), -1);
    assert_non_null(strstr(e.message, "NOT FOUND"));
    assert_int_equal(pds_lookup_hash(&site->pds, "ALICE", "RESULTS", NULL, &now), -1);
    /* a user never seen has nothing */
    assert_int_equal(pds_load(&site->pds, "NOBODY", NULL, "X", NULL, &back, &e), -1);
    assert_non_null(strstr(e.message, "NOT FOUND"));
    dataset_free(&ds);
    dataset_free(&back);
}

static void access_rules(void **state)
{
    struct site *site = *state;
    struct dataset ds;
    struct dataset_error e = {{0}};
    save(site, "ALICE", "PRIVATE", NULL, 0, "secret\n");
    save(site, "ALICE", "SHARED", NULL, PDS_PUBLIC_READ, "for all\n/EOF\n");
    dataset_init(&ds);
    /* own: both */
    assert_int_equal(pds_load(&site->pds, "ALICE", "ALICE", "PRIVATE", NULL, &ds, &e), 0);
    expect_text(&ds, "secret\n");
    assert_false(ds.permanent.read_only);
    /* public from the header alone (WAIT=,OWN= looks so), the private and
     * a missing one alike not */
    assert_true(pds_public(&site->pds, "alice", "shared"));
    assert_false(pds_public(&site->pds, "ALICE", "PRIVATE"));
    assert_false(pds_public(&site->pds, "ALICE", "NONE"));
    assert_false(pds_public(&site->pds, "ALICE", "../ALICE/SHARED"));
    /* another user: the public one, read only */
    assert_int_equal(pds_load(&site->pds, "BOB", "alice", "shared", NULL, &ds, &e), 0);
    expect_text(&ds, "for all\n/EOF\n");
    assert_true(ds.permanent.read_only);
    assert_string_equal(ds.permanent.owner, "ALICE");
    /* another user's private one: refused, contents untouched */
    assert_int_equal(pds_load(&site->pds, "BOB", "ALICE", "PRIVATE", NULL, &ds, &e), -1);
    assert_non_null(strstr(e.message, "PRIVATE"));
    assert_non_null(strstr(e.message, "BOB"));
    assert_non_null(strstr(e.message, "MAY NOT ACCESS"));
    expect_text(&ds, "for all\n/EOF\n");
    /* without OWN=, BOB's own namespace is meant */
    assert_int_equal(pds_load(&site->pds, "BOB", NULL, "SHARED", NULL, &ds, &e), -1);
    assert_non_null(strstr(e.message, "NOT FOUND"));
    /* DELETE: only one's own */
    assert_int_equal(pds_delete(&site->pds, "BOB", "ALICE", "SHARED", NULL, &e), -1);
    assert_non_null(strstr(e.message, "MAY NOT DELETE"));
    assert_true(pds_exists(&site->pds, "ALICE", "SHARED"));
    assert_int_equal(pds_delete(&site->pds, "ALICE", "ALICE", "SHARED", NULL, &e), 0);
    /* BOB's SAVE of the same name goes to BOB's own folder */
    save(site, "BOB", "PRIVATE", NULL, 0, "bob's\n");
    assert_int_equal(pds_load(&site->pds, "ALICE", NULL, "PRIVATE", NULL, &ds, &e), 0);
    expect_text(&ds, "secret\n");
    dataset_free(&ds);
}

static void identifiers(void **state)
{
    struct site *site = *state;
    struct dataset ds;
    struct dataset_error e = {{0}};
    save(site, "CAROL", "DATA", "v2", 0, "x\n");
    dataset_init(&ds);
    assert_int_equal(pds_load(&site->pds, "CAROL", NULL, "DATA", NULL, &ds, &e), -1);
    assert_non_null(strstr(e.message, "ID"));
    assert_int_equal(pds_load(&site->pds, "CAROL", NULL, "DATA", "V1", &ds, &e), -1);
    assert_non_null(strstr(e.message, "V1"));
    assert_int_equal(pds_load(&site->pds, "CAROL", NULL, "DATA", "v2", &ds, &e), 0);
    assert_string_equal(ds.permanent.id, "V2");
    uint64_t hash;
    assert_int_equal(pds_lookup_hash(&site->pds, "CAROL", "DATA", "V2", &hash), 0);
    assert_int_equal(hash, ds.permanent.hash);
    assert_int_equal(pds_lookup_hash(&site->pds, "CAROL", "DATA", "", &hash), -1);
    assert_int_equal(pds_delete(&site->pds, "CAROL", NULL, "DATA", "V3", &e), -1);
    assert_true(pds_exists(&site->pds, "CAROL", "DATA"));
    assert_int_equal(pds_delete(&site->pds, "CAROL", NULL, "DATA", "V2", &e), 0);
    dataset_free(&ds);
}

/* ---- atomic writes, listing, lookups ----------------------------------------------- */

static void atomic_saves_and_listing(void **state)
{
    struct site *site = *state;
    for (int i = 0; i < 20; i++) {
        char name[16], text[32];
        snprintf(name, sizeof name, "SET%02d", 19 - i);
        snprintf(text, sizeof text, "record %d\n/EOF\n", i);
        save(site, "DAVE", name, NULL, 0, text);
        save(site, "DAVE", name, NULL, 0, text);   /* replace */
    }
    char folder[128];
    snprintf(folder, sizeof folder, "%s/pds/DAVE", site->dir);
    assert_int_equal(dot_files(folder), 0);
    snprintf(folder, sizeof folder, "%s/pds", site->dir);
    assert_int_equal(dot_files(folder), 0);

    /* strays in the folder are not datasets */
    char path[192];
    snprintf(path, sizeof path, "%s/pds/DAVE/.SET00.abc123", site->dir);
    write_file(path, "junk", 4);
    snprintf(path, sizeof path, "%s/pds/DAVE/lower", site->dir);
    write_file(path, "junk", 4);
    snprintf(path, sizeof path, "%s/pds/DAVE/SUBDIR", site->dir);
    assert_int_equal(mkdir(path, 0755), 0);

    char **names;
    size_t count;
    struct dataset_error e = {{0}};
    assert_int_equal(pds_list(&site->pds, "dave", &names, &count, &e), 0);
    assert_int_equal(count, 20);
    assert_string_equal(names[0], "SET00");
    assert_string_equal(names[19], "SET19");
    for (size_t i = 1; i < count; i++)
        assert_true(strcmp(names[i - 1], names[i]) < 0);
    pds_list_free(names, count);
    assert_int_equal(pds_list(&site->pds, "NOBODY", &names, &count, &e), 0);
    assert_int_equal(count, 0);
    assert_null(names);

    /* the hash lookup has the dropfile's callback type */
    dropfile_pds_lookup lookup = pds_lookup_hash;
    uint64_t hash;
    assert_int_equal(lookup(&site->pds, "DAVE", "SET05", NULL, &hash), 0);
    struct dataset ds;
    make(&ds, "record 14\n/EOF\n");
    uint64_t want;
    assert_int_equal(dataset_content_hash(&ds, &want, NULL, NULL), 0);
    assert_int_equal(hash, want);
    assert_int_equal(lookup(&site->pds, "DAVE", "GONE", NULL, &hash), -1);
    assert_int_equal(lookup(NULL, "DAVE", "SET05", NULL, &hash), -1);
    dataset_free(&ds);
}

/* SAVE and DELETE are durable steps of the site's struct disk: a crash
 * (C1_CRASH_AT) at any of them leaves the dataset old or new, whole, and
 * at most a temporary file that the boot's disk_clean_temps removes (the
 * store wrote ".NAME.XXXXXX" temporaries of its own, which no boot
 * removed, and counted none of its steps). */
static void crash_at_every_step(void **state)
{
    struct site *site = *state;
    save(site, "EVE", "KEEP", NULL, 0, "old\n/EOF\n");
    char folder[128];
    snprintf(folder, sizeof folder, "%s/pds/EVE", site->dir);
    /* How many steps a replace and a delete take. */
    struct disk disk = {0};
    site->pds.disk = &disk;
    save(site, "EVE", "KEEP", NULL, 0, "new\n/EOF\n");
    struct dataset_error e = {{0}};
    assert_int_equal(pds_delete(&site->pds, "EVE", NULL, "KEEP", NULL, &e), 0);
    uint64_t steps = disk.steps;
    assert_true(steps >= 3);
    for (uint64_t n = 1; n <= steps; n++) {
        site->pds.disk = NULL;
        save(site, "EVE", "KEEP", NULL, 0, "old\n/EOF\n");
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            struct disk crash = {.crash_at = n, .injecting = true};
            site->pds.disk = &crash;
            struct dataset ds;
            make(&ds, "new\n/EOF\n");
            struct dataset_error ce = {{0}};
            pds_save(&site->pds, "EVE", "KEEP", NULL, 0, &ds, &ce);
            pds_delete(&site->pds, "EVE", NULL, "KEEP", NULL, &ce);
            _exit(0);
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == DISK_CRASH_EXIT);
        assert_true(disk_clean_temps(NULL, folder) >= 0);
        assert_int_equal(dot_files(folder), 0);
        struct dataset ds;
        dataset_init(&ds);
        struct dataset_error le = {{0}};
        if (pds_load(&site->pds, "EVE", "EVE", "KEEP", NULL, &ds, &le) == 0) {
            char *text;
            size_t length;
            assert_int_equal(dataset_to_text(&ds, DATASET_TEXT_EXACT, &text, &length, NULL), 0);
            assert_true(!strcmp(text, "old\n/EOF\n") || !strcmp(text, "new\n/EOF\n"));
            free(text);
        }
        dataset_free(&ds);
    }
    site->pds.disk = NULL;
}

static void damaged_files(void **state)
{
    struct site *site = *state;
    save(site, "ERIN", "GOOD", "A1", PDS_PUBLIC_READ, "alpha\nbeta\n/EOF\n");
    char path[192], other[192];
    snprintf(path, sizeof path, "%s/pds/ERIN/GOOD", site->dir);
    size_t size;
    uint8_t *bytes = read_file(path, &size);
    struct dataset ds;
    struct dataset_error e = {{0}};
    dataset_init(&ds);
    /* every truncation and every single-bit flip is refused */
    uint8_t *copy = malloc(size);
    for (size_t n = 0; n < size; n++) {
        write_file(path, bytes, n);
        if (pds_load(&site->pds, "ERIN", NULL, "GOOD", "A1", &ds, &e) == 0)
            fail_msg("a file cut to %zu of %zu bytes was accepted", n, size);
        assert_non_null(strstr(e.message, "GOOD OF ERIN"));
        assert_int_equal(pds_lookup_hash(&site->pds, "ERIN", "GOOD", "A1", &(uint64_t){0}), -1);
    }
    for (size_t i = 0; i < size; i++) {
        memcpy(copy, bytes, size);
        copy[i] ^= (uint8_t)(1u << (i % 8));
        write_file(path, copy, size);
        if (pds_load(&site->pds, "ERIN", NULL, "GOOD", "A1", &ds, &e) == 0)
            fail_msg("a flip at byte %zu was accepted", i);
        assert_int_equal(pds_lookup_hash(&site->pds, "ERIN", "GOOD", "A1", &(uint64_t){0}), -1);
    }
    assert_int_equal(dataset_file_count(&ds), 0);   /* never touched */
    write_file(path, bytes, size);
    /* a file moved into another name or owner's folder says so */
    snprintf(other, sizeof other, "%s/pds/ERIN/BAD", site->dir);
    write_file(other, bytes, size);
    assert_int_equal(pds_load(&site->pds, "ERIN", NULL, "BAD", "A1", &ds, &e), -1);
    assert_non_null(strstr(e.message, "GOOD OF ERIN"));
    assert_non_null(strstr(e.message, "DAMAGED"));
    snprintf(other, sizeof other, "%s/pds/FRANK", site->dir);
    assert_int_equal(mkdir(other, 0755), 0);
    snprintf(other, sizeof other, "%s/pds/FRANK/GOOD", site->dir);
    write_file(other, bytes, size);
    assert_int_equal(pds_load(&site->pds, "FRANK", NULL, "GOOD", "A1", &ds, &e), -1);
    assert_non_null(strstr(e.message, "DAMAGED"));
    /* a folder where a dataset should be */
    snprintf(other, sizeof other, "%s/pds/ERIN/DIR", site->dir);
    assert_int_equal(mkdir(other, 0755), 0);
    assert_int_equal(pds_load(&site->pds, "ERIN", NULL, "DIR", NULL, &ds, &e), -1);
    assert_non_null(strstr(e.message, "UNREADABLE"));
    /* the original, restored, is fine */
    assert_int_equal(pds_load(&site->pds, "GRACE", "ERIN", "GOOD", "A1", &ds, &e), 0);
    expect_text(&ds, "alpha\nbeta\n/EOF\n");
    free(copy);
    free(bytes);
    dataset_free(&ds);
}

static void opening_a_site(void **state)
{
    struct site *site = *state;
    struct pds pds;
    struct dataset_error e = {{0}};
    assert_int_equal(pds_open(&pds, "/nonexistent/c1-site", &e), -1);
    assert_non_null(strstr(e.message, "/nonexistent/c1-site"));
    assert_int_equal(pds_open(&pds, "", &e), -1);
    char file[128];
    snprintf(file, sizeof file, "%s/plain", site->dir);
    write_file(file, "x", 1);
    assert_int_equal(pds_open(&pds, file, &e), -1);
    assert_non_null(strstr(e.message, "not a folder"));
    assert_int_equal(pds_open(&pds, site->dir, &e), 0);   /* pds/ already there */
    pds_close(&pds);
    pds_close(&pds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test_setup_teardown(bad_names_touch_nothing, site_setup, site_teardown),
        cmocka_unit_test_setup_teardown(save_load_replace_delete, site_setup, site_teardown),
        cmocka_unit_test_setup_teardown(access_rules, site_setup, site_teardown),
        cmocka_unit_test_setup_teardown(identifiers, site_setup, site_teardown),
        cmocka_unit_test_setup_teardown(atomic_saves_and_listing, site_setup, site_teardown),
        cmocka_unit_test_setup_teardown(crash_at_every_step, site_setup, site_teardown),
        cmocka_unit_test_setup_teardown(damaged_files, site_setup, site_teardown),
        cmocka_unit_test_setup_teardown(opening_a_site, site_setup, site_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
