/*
 * c1sub.c - submit to a site's input queue:
 *
 *   c1sub DECK --site DIR
 *   c1sub --restart DROPFILE --site DIR [--user U] [--time SECONDS (decimals allowed)]
 *         [--priority P] [--force]
 *
 * A deck is checked (its statements parse, the first is JOB, and the JOB
 * statement asks for nothing the site cannot give: os/submit.c, against
 * SITE/limits or the limits c1 boots with) and queued as the next entry; a dropfile is checked (every checksum) and queued for
 * restart with its overrides.  Queuing is atomic: the OS never sees a
 * half-copied entry.  Exit status 0 when queued, 1 when refused, 2 on bad
 * usage.
 *
 * Who may submit (docs/trust-model.md): a site belongs to the Unix user who
 * owns its folder, and that user (or root) is its operator, who may queue
 * work for any COS user; anyone else is refused before anything is read.
 */
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/submit.h"
#include "os/dropfile/dropfile.h"
#include "os/restart_check.h"
#include "os/site.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: c1sub DECK --site DIR\n"
                 "       c1sub --restart DROPFILE --site DIR [--user U] [--time SECONDS]\n"
                 "             [--priority P] [--force] [--no-check] [--as-is]\n"
                 "  Queues a job deck, or a dropfile for restart, at the site in DIR.  A\n"
                 "  restart the site would refuse (its own check: time used up, another\n"
                 "  user's dataset, a machine it lacks) is refused here, unless --no-check.\n"
                 "  A dropfile written at an error that still holds its error flag would\n"
                 "  abort again at once: it is refused unless --as-is (clear F first with\n"
                 "  `dropfile set FILE cpu.flags=0` or switchp's `deposit F 0`).\n"
                 "  Exit status: 0 queued, 1 refused (the reason is printed), 2 bad usage.\n");
}

int main(int argc, char **argv)
{
    const char *deck = NULL, *restart = NULL, *site = NULL, *user = NULL;
    bool no_check = false;   /* --no-check: queue a restart the site may refuse */
    bool as_is = false;      /* --as-is: queue an error dropfile that will abort again */
    struct restart_request request = {.priority = -1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--site") && i + 1 < argc) {
            site = argv[++i];
        } else if (!strcmp(a, "--restart") && i + 1 < argc) {
            restart = argv[++i];
        } else if (!strcmp(a, "--user") && i + 1 < argc) {
            user = argv[++i];
        } else if (!strcmp(a, "--time") && i + 1 < argc) {
            char *end;
            const char *t = argv[++i];
            request.time_seconds = strtod(t, &end);
            /* decimal seconds, as T= takes them: no hex, no exponent tricks */
            if (*end || end == t || strspn(t, "0123456789.") != strlen(t) ||
                !(request.time_seconds > 0 && request.time_seconds <= RESTART_TIME_MAX)) {
                fprintf(stderr, "c1sub: --time wants CPU seconds, decimals allowed "
                                "(more than 0, at most %.0f)\n", RESTART_TIME_MAX);
                return 2;
            }
        } else if (!strcmp(a, "--priority") && i + 1 < argc) {
            request.priority = atoi(argv[++i]);
            if (request.priority < 0 || request.priority > 15) {
                fprintf(stderr, "c1sub: --priority wants 0-15\n");
                return 2;
            }
        } else if (!strcmp(a, "--force")) {
            request.force = true;
        } else if (!strcmp(a, "--no-check")) {
            no_check = true;
        } else if (!strcmp(a, "--as-is")) {
            as_is = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (a[0] != '-' && !deck) {
            deck = a;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!site || !!deck == !!restart) {
        usage(stderr);
        return 2;
    }
    char error[512];
    if (user) {
        size_t n = strlen(user);
        if (n == 0 || n >= sizeof request.user || strspn(user, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                         "abcdefghijklmnopqrstuvwxyz0123456789") != n) {
            fprintf(stderr, "c1sub: --user wants 1-15 letters and digits\n");
            return 2;
        }
        for (size_t c = 0; c < n; c++)
            request.user[c] = (char)(user[c] >= 'a' && user[c] <= 'z' ? user[c] - 32 : user[c]);
    }
    /* Only the site's owner (or root) submits to it. */
    struct stat st;
    uid_t caller = geteuid();
    if (lstat(site, &st) == 0 && caller != 0 && st.st_uid != caller) {
        const struct passwd *owner = getpwuid(st.st_uid);
        fprintf(stderr, "c1sub: the site %s belongs to %s (uid %ld): only its owner or root "
                        "submits to it (docs/trust-model.md)\n",
                site, owner ? owner->pw_name : "another user", (long)st.st_uid);
        return 1;
    }
    /* The site's folders (a site not booted yet is laid out now). */
    struct site layout;
    if (site_open(&layout, site, error, sizeof error)) {
        fprintf(stderr, "c1sub: %s\n", error);
        return 1;
    }
    const char *path = deck ? deck : restart;
    size_t length;
    char *bytes = read_file_all(path, &length);
    if (!bytes) {
        fprintf(stderr, "c1sub: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    int64_t sequence;
    if (deck) {
        sequence = submit_deck(site, bytes, length, error, sizeof error);
        if (sequence < 0) {
            fprintf(stderr, "c1sub: %s: %s\n", path, error);
            free(bytes);
            return 1;
        }
    } else {
        struct dropfile_report report = {0};
        if (dropfile_verify_bytes((const uint8_t *)bytes, length, NULL, &report)) {
            fprintf(stderr, "c1sub: %s: %s\n", path, report.message);
            free(bytes);
            return 1;
        }
        /* What the site would refuse is refused now, with the OS's own
         * check (a restart whose time is used up, another user's dataset,
         * a machine the site does not have). */
        struct dropfile df;
        struct restart_site target;
        char why[300];
        dropfile_init(&df);
        restart_site_of(site, &target);
        int refused = !no_check &&
                      (dropfile_decode((const uint8_t *)bytes, length, &df, &report) ||
                       restart_check(&target, &df, &request, why, sizeof why));
        if (refused) {
            fprintf(stderr, "c1sub: %s: the site would refuse it: %s (--no-check queues it "
                            "anyway, for the site to decide)\n", path,
                    report.message[0] ? report.message : why);
            dropfile_free(&df);
            free(bytes);
            return 1;
        }
        /* An error dropfile restarted as it is aborts again at once. */
        if (!no_check && !as_is && restart_error_state(&df, why, sizeof why)) {
            fprintf(stderr, "c1sub: %s: %s; clear F first (dropfile set %s cpu.flags=0, "
                            "and cpu.p to go on elsewhere; or switchp's deposit), or --as-is "
                            "queues it as it is\n", path, why, path);
            dropfile_free(&df);
            free(bytes);
            return 1;
        }
        dropfile_free(&df);
        sequence = site_queue_restart(site, (const uint8_t *)bytes, length, &request, error,
                                      sizeof error);
    }
    free(bytes);
    if (sequence < 0) {
        fprintf(stderr, "c1sub: %s\n", error);
        return 1;
    }
    printf("queued %s as entry %06" PRId64 " at %s\n", path, sequence, site);
    return 0;
}
