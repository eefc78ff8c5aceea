/*
 * dropfile - inspect, check, compare, copy and rebuild C-1 dropfiles.
 *
 *   dropfile info FILE              one-screen summary
 *   dropfile dump FILE [--json]     every field (text, or one JSON object)
 *   dropfile verify FILE            check everything; exit 0 only when sound
 *   dropfile diff A B               field-by-field differences
 *   dropfile clone FILE -n K        K copies with new job ids and output names
 *   dropfile move FILE --site DIR [--user U] [--time S] [--priority P]
 *                                   into DIR/queue/ as a restart request,
 *                                   if the site would accept it
 *   dropfile check FILE --site DIR [--user U] [--time S] [--priority P]
 *                                   would the site accept it? (exit 0/1)
 *   dropfile rehost FILE --user U   hand the job over to user U
 *   dropfile pack JSON -o FILE      rebuild a dropfile from dump --json
 *   dropfile digest FILE            the digest of the job state
 *   dropfile set FILE PATH=VALUE... change fields (os/dropfile/dropfile_fields.h)
 *
 * `dropfile --help` documents the exit statuses and messages; the format is
 * in docs/dropfile-format.md.  A thin front end over os/dropfile/dropfile.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "os/dropfile/dropfile.h"
#include "os/dropfile/dropfile_fields.h"
#include "os/restart_check.h"
#include "os/site.h"

enum exit_status {
    EXIT_OK = 0,          /* done; verify: sound; diff: the same state */
    EXIT_DIFFER = 1,      /* diff: the states differ */
    EXIT_USAGE = 2,       /* bad command line */
    EXIT_IO = 3,          /* a file could not be read or written */
    EXIT_DAMAGED = 4,     /* not a dropfile, truncated, checksum mismatch, malformed */
    EXIT_UNSUPPORTED = 5, /* another format or section version, unknown required section,
                             oversized field */
    EXIT_BAD_JSON = 6,    /* pack: the JSON is not a dropfile's */
    EXIT_REFUSED = 7,     /* the target exists, the queue folder is missing, or the state
                             cannot be written */
};

static const char usage_text[] =
    "usage: dropfile COMMAND ARGUMENTS\n"
    "\n"
    "  info FILE              one-screen summary of a dropfile\n"
    "  dump FILE [--json]     every field of every section, as text or as one JSON object\n"
    "  verify FILE            check every checksum and structural rule\n"
    "  diff A B               differences field by field: registers, memory word ranges,\n"
    "                         datasets, job stack, history ...\n"
    "  clone FILE -n K        write K copies (1..1000) with new job ids and output names:\n"
    "                         X.drop gives X-1.drop ... X-K.drop beside it; copy k has job id\n"
    "                         ID-k and output name NAME-k, and a clone entry in its history\n"
    "  move FILE --site DIR [--user U] [--time SECONDS] [--priority P]\n"
    "                         move the dropfile into DIR/queue/ (which must exist) as a\n"
    "                         restart request, atomically: the site's next queue entry\n"
    "                         NNNNNN.drop, restarted with its own user and limits or these;\n"
    "                         first checked as the site would (check): a dropfile the site\n"
    "                         would refuse stays where it is (exit 7)\n"
    "  check FILE --site DIR [--user U] [--time SECONDS] [--priority P]\n"
    "                         would the site accept this restart?  The OS's own check:\n"
    "                         names, user, priority, the machine of the site's last boot,\n"
    "                         the time already used against the limit, and the user's\n"
    "                         permission on every permanent dataset.  Prints the verdict;\n"
    "                         exit 0 accepted, 1 refused\n"
    "  rehost FILE --user U   hand the job over to user U, recorded in its history;\n"
    "                         rewrites FILE atomically\n"
    "  pack JSON -o FILE      rebuild a dropfile from `dump --json` output (JSON may be -);\n"
    "                         pack of dump --json gives the identical file\n"
    "  digest FILE            print the digest of the job state (XXH3-64 over every section\n"
    "                         but the wall clock; equal states have equal digests)\n"
    "  set FILE PATH=VALUE... change fields, each with its rule (a deck's), recorded as an\n"
    "                         edit in the history; rewrites FILE atomically.  PATH as diff\n"
    "                         prints it: identity.job_name, cpu.s[1] (set in the exchange\n"
    "                         package, its other bits kept), cpu.v[2][17] (octal indices),\n"
    "                         limits.cpu_limit, datasets.$OUT.record, devices.TAPE.count\n"
    "\n"
    "Every file written goes to a temporary file in the same folder, is synced and renamed\n"
    "(or linked, where nothing may be replaced), and the folder is synced.\n"
    "\n"
    "Exit status:\n"
    "  0  success; verify: the file is sound; diff: the two states are the same\n"
    "  1  diff: the states differ (one line per difference on standard output)\n"
    "  2  usage: unknown command, missing or extra argument\n"
    "  3  i/o: a file or folder could not be read or written (the system's reason given)\n"
    "  4  damaged: not a dropfile (bad magic), truncated at offset N, checksum mismatch in\n"
    "     section X (or in the header, or of the whole file), or malformed contents\n"
    "  5  unsupported: unknown format version (named), a known section of another version,\n"
    "     an unknown section marked required, an oversized field (over 16 M words)\n"
    "  6  pack: the JSON does not parse, or a field is missing, unknown or out of range\n"
    "     (the field is named, e.g. cpu.b[3])\n"
    "  7  refused: the target file exists (clone, move), DIR/queue is not a folder, the site\n"
    "     would refuse the restart (move), or the state cannot be written (the reason given)\n"
    "\n"
    "Messages go to standard error as `dropfile: FILE: error: ...` (the command failed) or\n"
    "`dropfile: FILE: note: ...` (information, e.g. an unknown section that was skipped, or\n"
    "bytes that are not in canonical form); results go to standard output.\n";

static int exit_for(int status)
{
    switch (status) {
    case DROPFILE_OK: return EXIT_OK;
    case DROPFILE_E_IO:
    case DROPFILE_E_NOMEM: return EXIT_IO;
    case DROPFILE_E_VERSION:
    case DROPFILE_E_OVERSIZED: return EXIT_UNSUPPORTED;
    case DROPFILE_E_INVALID: return EXIT_REFUSED;
    default: return EXIT_DAMAGED;
    }
}

static void notes(const char *file, const struct dropfile_report *r)
{
    for (unsigned i = 0; i < r->note_count; i++)
        fprintf(stderr, "dropfile: %s: note: %s\n", file, r->notes[i]);
    if (r->notes_dropped)
        fprintf(stderr, "dropfile: %s: note: %u more notes\n", file, r->notes_dropped);
}

static int report(const char *file, int status, const struct dropfile_report *r)
{
    notes(file, r);
    if (status)
        fprintf(stderr, "dropfile: %s: error: %s\n", file,
                r->message[0] ? r->message : dropfile_status_name(status));
    return exit_for(status);
}

static int load(const char *file, struct dropfile *df)
{
    struct dropfile_report r;
    int status = dropfile_read_file(file, df, &r);
    return report(file, status, &r);
}

static int save(const char *file, const struct dropfile *df, bool no_replace)
{
    struct dropfile_report r;
    dropfile_report_clear(&r);
    uint8_t *bytes;
    size_t size;
    int status = dropfile_encode(df, &bytes, &size, &r);
    if (!status) {
        status = dropfile_write_bytes_atomic(file, bytes, size, no_replace, &r);
        free(bytes);
    }
    if (status == DROPFILE_E_IO && errno == EEXIST)
        status = DROPFILE_E_INVALID;
    return report(file, status, &r);
}

static uint64_t file_size(const char *file)
{
    struct stat st;
    return stat(file, &st) ? 0 : (uint64_t)st.st_size;
}

static int cmd_info(const char *file)
{
    struct dropfile df;
    int status = load(file, &df);
    if (status)
        return status;
    printf("dropfile  %s (format %u)\n", file, DROPFILE_FORMAT_VERSION);
    dropfile_print_info(stdout, &df, file_size(file));
    dropfile_free(&df);
    return EXIT_OK;
}

static int cmd_dump(const char *file, bool json)
{
    struct dropfile df;
    int status = load(file, &df);
    if (status)
        return status;
    struct dropfile_report r;
    dropfile_report_clear(&r);
    if (json)
        status = report(file, dropfile_print_json(stdout, &df, &r), &r);
    else
        dropfile_print_text(stdout, &df);
    dropfile_free(&df);
    return status;
}

static int cmd_verify(const char *file)
{
    struct dropfile df;
    struct dropfile_report r;
    uint8_t *bytes;
    size_t size;
    int status = dropfile_load_bytes(file, &bytes, &size, &r);
    if (status)
        return report(file, status, &r);
    status = dropfile_verify_bytes(bytes, size, &df, &r);
    free(bytes);
    if (status)
        return report(file, status, &r);
    uint64_t digest = 0;
    dropfile_digest(&df, &digest, NULL);
    printf("%s: sound: format %u, %zu bytes, %u-word field, %zu datasets, %zu history "
           "entr%s, digest %016" PRIx64 "\n", file, DROPFILE_FORMAT_VERSION, size,
           df.machine.field_words, df.dataset_count, df.history_count,
           df.history_count == 1 ? "y" : "ies", digest);
    dropfile_free(&df);
    return report(file, status, &r);
}

static int cmd_diff(const char *a, const char *b)
{
    struct dropfile x, y;
    int status = load(a, &x);
    if (status)
        return status;
    status = load(b, &y);
    if (status) {
        dropfile_free(&x);
        return status;
    }
    size_t n = dropfile_diff(stdout, &x, &y);
    dropfile_free(&x);
    dropfile_free(&y);
    return n ? EXIT_DIFFER : EXIT_OK;
}

static int cmd_digest(const char *file)
{
    struct dropfile df;
    int status = load(file, &df);
    if (status)
        return status;
    uint64_t digest;
    struct dropfile_report r;
    dropfile_report_clear(&r);
    status = dropfile_digest(&df, &digest, &r);
    if (!status)
        printf("%016" PRIx64 "  %s\n", digest, file);
    dropfile_free(&df);
    return report(file, status, &r);
}

/* FILE with .drop taken off, for clone names. */
static char *stem(const char *file)
{
    size_t n = strlen(file), s = strlen(DROPFILE_SUFFIX);
    if (n > s && !strcmp(file + n - s, DROPFILE_SUFFIX))
        n -= s;
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, file, n);
        p[n] = '\0';
    }
    return p;
}

static int cmd_clone(const char *file, const char *count_text)
{
    char *end;
    long k = strtol(count_text, &end, 10);
    if (*end || k < 1 || k > 1000) {
        fprintf(stderr, "dropfile: clone: -n wants a count from 1 to 1000, not %s\n", count_text);
        return EXIT_USAGE;
    }
    struct dropfile df;
    int status = load(file, &df);
    if (status)
        return status;
    char *base = stem(file);
    size_t size = base ? strlen(base) + 32 : 0;
    char *name = base ? malloc(size) : NULL;
    if (!name) {
        free(base);
        dropfile_free(&df);
        fprintf(stderr, "dropfile: %s: error: out of memory\n", file);
        return EXIT_IO;
    }
    for (long i = 1; i <= k; i++) {
        snprintf(name, size, "%s-%ld%s", base, i, DROPFILE_SUFFIX);
        if (!access(name, F_OK)) {
            fprintf(stderr, "dropfile: %s: error: already exists; no copies written\n", name);
            status = EXIT_REFUSED;
            break;
        }
    }
    uint64_t digest = 0;
    dropfile_digest(&df, &digest, NULL);
    time_t now = time(NULL);
    const char *out_name = df.identity.output_name && df.identity.output_name[0]
                               ? df.identity.output_name : df.identity.job_name;
    for (long i = 1; i <= k && !status; i++) {
        struct dropfile copy;
        char id[256], out[256], note[512];
        if (dropfile_copy(&copy, &df)) {
            status = EXIT_IO;
            break;
        }
        snprintf(id, sizeof id, "%s-%ld", df.identity.job_id ? df.identity.job_id : "", i);
        snprintf(out, sizeof out, "%s-%ld", out_name ? out_name : "", i);
        snprintf(note, sizeof note, "copy %ld of %ld of job %s (state digest %016" PRIx64 ")", i,
                 k, df.identity.job_id ? df.identity.job_id : "", digest);
        snprintf(name, size, "%s-%ld%s", base, i, DROPFILE_SUFFIX);
        copy.written_wall = (int64_t)now;
        if (dropfile_set_string(&copy.identity.job_id, id) ||
            dropfile_set_string(&copy.identity.output_name, out) ||
            dropfile_add_history(&copy, DROP_EVENT_CLONE, copy.identity.site, copy.identity.user,
                                 copy.drop.clock, "clone", note, (int64_t)now))
            status = EXIT_IO;
        else
            status = save(name, &copy, true);
        if (!status)
            printf("%s\n", name);
        dropfile_free(&copy);
    }
    free(base);
    free(name);
    dropfile_free(&df);
    return status;
}

static int sync_dir(const char *path)
{
    char *copy = strdup(path);
    int fd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY) : -1;
    int status = fd < 0 || fsync(fd) ? -1 : 0;
    if (fd >= 0)
        close(fd);
    free(copy);
    return status;
}

/* FILE --site DIR [--user U] [--time SECONDS] [--priority P]: the options
 * of move and check.  0, or EXIT_USAGE with the reason printed. */
static int restart_options(const char *cmd, int argc, char **argv, bool priority_ok,
                           const char **site, struct restart_request *request)
{
    memset(request, 0, sizeof *request);
    request->priority = -1;
    *site = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!v) {
            fprintf(stderr, "dropfile: %s: %s wants a value\n", cmd, a);
            return EXIT_USAGE;
        }
        i++;
        if (!strcmp(a, "--site")) {
            *site = v;
        } else if (!strcmp(a, "--user")) {
            size_t n = strlen(v);
            if (n == 0 || n >= sizeof request->user) {
                fprintf(stderr, "dropfile: %s: --user wants 1-15 letters and digits\n", cmd);
                return EXIT_USAGE;
            }
            for (size_t c = 0; c <= n; c++)   /* upper-cased, as c1sub does; checked later */
                request->user[c] = (char)(v[c] >= 'a' && v[c] <= 'z' ? v[c] - 32 : v[c]);
        } else if (!strcmp(a, "--time")) {
            request->time_seconds = strtoull(v, &end, 10);
            if (*end || v[0] == '-' || request->time_seconds == 0) {
                fprintf(stderr, "dropfile: %s: --time wants whole seconds\n", cmd);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--priority") && priority_ok) {
            long p = strtol(v, &end, 10);
            if (*end || !v[0] || p < 0 || p > 15) {
                fprintf(stderr, "dropfile: %s: --priority wants 0-15\n", cmd);
                return EXIT_USAGE;
            }
            request->priority = (int)p;
        } else {
            fprintf(stderr, "dropfile: %s: unknown option %s\n", cmd, a);
            return EXIT_USAGE;
        }
    }
    if (!*site) {
        fprintf(stderr, "dropfile: %s: --site DIR is missing\n", cmd);
        return EXIT_USAGE;
    }
    return 0;
}

/* Would the site accept it?  The OS's own check (os/restart_check.c), with
 * the machine of the site's last boot. */
static int would_accept(const char *file, const char *site, const struct dropfile *df,
                        const struct restart_request *request, char *why, size_t size)
{
    struct restart_site target;
    restart_site_of(site, &target);
    (void)file;
    return restart_check(&target, df, request, why, size);
}

static int cmd_check(const char *file, int argc, char **argv)
{
    const char *site;
    struct restart_request request;
    int status = restart_options("check", argc, argv, true, &site, &request);
    if (status)
        return status;
    struct dropfile df;
    if ((status = load(file, &df)) != 0) {
        dropfile_free(&df);
        printf("%s: refused by %s: the dropfile is not sound\n", file, site);
        return 1;
    }
    char why[600];
    if (would_accept(file, site, &df, &request, why, sizeof why)) {
        printf("%s: refused by %s: %s\n", file, site, why);
        status = 1;
    } else {
        printf("%s: accepted by %s (user %s)\n", file, site, restart_user(&df, &request));
    }
    dropfile_free(&df);
    return status;
}

static int cmd_move(const char *file, int argc, char **argv)
{
    const char *site;
    struct restart_request request;
    int status = restart_options("move", argc, argv, true, &site, &request);
    if (status)
        return status;
    struct dropfile df;
    status = load(file, &df);   /* only a sound dropfile is queued */
    char why[600];
    if (!status && would_accept(file, site, &df, &request, why, sizeof why)) {
        /* What the site would refuse is not moved: the file stays here. */
        fprintf(stderr, "dropfile: %s: error: %s would refuse it: %s; nothing moved\n", file,
                site, why);
        status = EXIT_REFUSED;
    }
    dropfile_free(&df);
    if (status)
        return status;
    char queue[SITE_PATH_MAX], error[300];
    struct stat st;
    if (snprintf(queue, sizeof queue, "%s/queue", site) >= (int)sizeof queue ||
        stat(queue, &st) || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "dropfile: %s: error: not a folder; a site has SITE/queue/\n", queue);
        return EXIT_REFUSED;
    }
    size_t length;
    char *bytes = read_file_all(file, &length);
    if (!bytes) {
        fprintf(stderr, "dropfile: %s: error: cannot read: %s\n", file, strerror(errno));
        return EXIT_IO;
    }
    /* The site's next queue entry (NNNNNN.drop and its overrides in .meta,
     * each written new and renamed into place), then the file is removed. */
    int64_t sequence = site_queue_restart(site, (const uint8_t *)bytes, length, &request, error,
                                          sizeof error);
    free(bytes);
    if (sequence < 0) {
        fprintf(stderr, "dropfile: %s: error: %s\n", site, error);
        return EXIT_IO;
    }
    if (unlink(file) || sync_dir(file)) {
        fprintf(stderr, "dropfile: %s: error: queued, but not removed: %s\n", file,
                strerror(errno));
        return EXIT_IO;
    }
    printf("%s/%06lld%s\n", queue, (long long)sequence, DROPFILE_SUFFIX);
    return EXIT_OK;
}

static int cmd_rehost(const char *file, const char *user)
{
    if (!user[0]) {
        fprintf(stderr, "dropfile: rehost: --user wants a user name\n");
        return EXIT_USAGE;
    }
    struct dropfile df;
    int status = load(file, &df);
    if (status)
        return status;
    char note[300], why[300];
    snprintf(note, sizeof note, "from user %s", df.identity.user ? df.identity.user : "");
    time_t now = time(NULL);
    df.written_wall = (int64_t)now;
    if (dropfile_field_set(&df, "identity.user", user, why, sizeof why)) {
        fprintf(stderr, "dropfile: rehost: %s\n", why);
        status = EXIT_USAGE;
    } else if (dropfile_add_history(&df, DROP_EVENT_REHOST, df.identity.site, user, df.drop.clock,
                                    "rehost", note, (int64_t)now)) {
        status = EXIT_IO;
    }
    else
        status = save(file, &df, false);
    dropfile_free(&df);
    return status;
}

/* PATH=VALUE ...: each set with its rule, then one edit in the history. */
static int cmd_set(const char *file, int count, char **assignments)
{
    struct dropfile df;
    int status = load(file, &df);
    if (status)
        return status;
    char note[400] = "dropfile set", why[300];
    size_t used = strlen(note);
    for (int i = 0; i < count && !status; i++) {
        char *eq = strchr(assignments[i], '=');
        if (!eq) {
            fprintf(stderr, "dropfile: set: %s: wants PATH=VALUE\n", assignments[i]);
            status = EXIT_USAGE;
            break;
        }
        *eq = '\0';
        if (dropfile_field_set(&df, assignments[i], eq + 1, why, sizeof why)) {
            fprintf(stderr, "dropfile: %s: error: %s\n", file, why);
            status = EXIT_REFUSED;
        } else if (used < sizeof note) {
            /* the note is one line: a value's control characters were refused by its rule,
             * or it is a text field, shown only by its path */
            bool text = strchr(eq + 1, '\n') || strchr(eq + 1, '\r');
            int n = snprintf(note + used, sizeof note - used, " %s=%s", assignments[i],
                             text ? "..." : eq + 1);
            used += n > 0 ? (size_t)n : 0;
        }
        *eq = '=';
    }
    time_t now = time(NULL);
    if (used >= sizeof note)
        note[sizeof note - 1] = '\0';
    if (!status) {
        df.written_wall = (int64_t)now;
        if (dropfile_add_history(&df, DROP_EVENT_EDIT, df.identity.site, df.identity.user,
                                 df.drop.clock, "edit", note, (int64_t)now))
            status = EXIT_IO;
        else
            status = save(file, &df, false);
    }
    dropfile_free(&df);
    return status;
}

static int cmd_pack(const char *json_file, const char *out)
{
    FILE *f = strcmp(json_file, "-") ? fopen(json_file, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "dropfile: %s: error: cannot open: %s\n", json_file, strerror(errno));
        return EXIT_IO;
    }
    size_t cap = 1 << 16, n = 0;
    char *text = malloc(cap);
    while (text) {
        n += fread(text + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *more = realloc(text, cap *= 2);
        if (!more) {
            free(text);
            text = NULL;
        } else {
            text = more;
        }
    }
    bool failed = ferror(f);
    if (f != stdin)
        fclose(f);
    if (!text || failed) {
        free(text);
        fprintf(stderr, "dropfile: %s: error: cannot read\n", json_file);
        return EXIT_IO;
    }
    struct dropfile df;
    struct dropfile_report r;
    int status = dropfile_from_json(text, n, &df, &r);
    free(text);
    if (status) {
        report(json_file, status, &r);
        return EXIT_BAD_JSON;
    }
    status = save(out, &df, false);
    dropfile_free(&df);
    return status;
}

static int usage(void)
{
    fputs("usage: dropfile info|dump|verify|diff|clone|move|check|rehost|pack|digest|set ...\n"
          "       (dropfile --help lists the commands, the exit statuses and the messages)\n",
          stderr);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
                      !strcmp(argv[1], "help"))) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (argc < 3)
        return usage();
    const char *cmd = argv[1];
    if (!strcmp(cmd, "info") && argc == 3)
        return cmd_info(argv[2]);
    if (!strcmp(cmd, "dump") && argc == 3)
        return cmd_dump(argv[2], false);
    if (!strcmp(cmd, "dump") && argc == 4 && !strcmp(argv[3], "--json"))
        return cmd_dump(argv[2], true);
    if (!strcmp(cmd, "dump") && argc == 4 && !strcmp(argv[2], "--json"))
        return cmd_dump(argv[3], true);
    if (!strcmp(cmd, "verify") && argc == 3)
        return cmd_verify(argv[2]);
    if (!strcmp(cmd, "diff") && argc == 4)
        return cmd_diff(argv[2], argv[3]);
    if (!strcmp(cmd, "digest") && argc == 3)
        return cmd_digest(argv[2]);
    if (!strcmp(cmd, "clone") && argc == 5 && !strcmp(argv[3], "-n"))
        return cmd_clone(argv[2], argv[4]);
    if (!strcmp(cmd, "move") && argc >= 5 && argc % 2 == 1)
        return cmd_move(argv[2], argc - 3, argv + 3);
    if (!strcmp(cmd, "check") && argc >= 5 && argc % 2 == 1)
        return cmd_check(argv[2], argc - 3, argv + 3);
    if (!strcmp(cmd, "rehost") && argc == 5 && !strcmp(argv[3], "--user"))
        return cmd_rehost(argv[2], argv[4]);
    if (!strcmp(cmd, "set") && argc >= 4)
        return cmd_set(argv[2], argc - 3, argv + 3);
    if (!strcmp(cmd, "pack") && argc == 5 && !strcmp(argv[3], "-o"))
        return cmd_pack(argv[2], argv[4]);
    return usage();
}
