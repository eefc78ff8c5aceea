/*
 * restart_check.h - would a site accept this dropfile for restart?  The one
 * decision the OS's restart (job_drop.c), `dropfile move`, `dropfile check`
 * and `c1sub --restart` share (docs/trust-model.md):
 *
 *   - the user (the request's --user, else the dropfile's) keeps the user
 *     rule of a JOB statement; the priority is 0-15;
 *   - the time limit (the request's --time, else the dropfile's) is more
 *     than the time already used;
 *   - the machine can run the job (model, features, memory, the site's
 *     maximum field);
 *   - every permanent dataset the job had accessed may be read by that user
 *     now, as the permanent dataset manager would decide at ACCESS: its
 *     owner, or any user if it was saved with PAM=R.  A refusal says only
 *     "no permission": never a hash, a size or any content, and not whether
 *     the dataset exists.  --force never grants a permission.
 *
 * Uses site.c (struct restart_request), os/datasets/pds.c, os/dropfile/ and
 * os/rules/.
 */
#ifndef C1_OS_RESTART_CHECK_H
#define C1_OS_RESTART_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "site.h"

struct dropfile;

/* What the checks need to know of a site. */
struct restart_site {
    const char *root;          /* the site folder (its pds/ is read, never written) */
    unsigned model;            /* MODEL_CRAY1, MODEL_XMP */
    uint32_t memory_words;
    uint32_t max_field;        /* the site's maximum field, 0: the memory */
    double clock_ns;           /* a clock period in ns (restart_clock_ns) */
};

/* The clock period of a model in ns, as the OS counts CPU time. */
double restart_clock_ns(unsigned model);

/* The machine a site last booted with, from the last BOOT line of
 * SITE/dayfile ("CRAY-1" or "X-MP", the words of memory); a site never
 * booted is taken as c1's default (a Cray-1 of 1 M words).  The tools'
 * view of the site: c1 decides with its own configuration. */
void restart_site_of(const char *root, struct restart_site *site);

/* The user a restart runs under: the request's, else the dropfile's. */
const char *restart_user(const struct dropfile *df, const struct restart_request *request);

/* May user read every permanent dataset df refers to?  0, or -1 with
 * "permanent dataset OWNER/NAME (local DN): user U has no permission to
 * read it" in why (only names the dropfile itself holds). */
int restart_check_permissions(const char *site_root, const struct dropfile *df, const char *user,
                              char *why, size_t size);

/* Would the site accept df with request?  0, or -1 with the first reason
 * in why (the dayfile's REFUSED line and the tools print it). */
int restart_check(const struct restart_site *site, const struct dropfile *df,
                  const struct restart_request *request, char *why, size_t size);

/* A dropfile written at an error whose exchange package still holds the
 * error flag aborts its step again at the first instruction when it is
 * restarted as it is.  0 when df will run on, or 1 with "written at an
 * error (AB002 OPERAND RANGE ERROR, F=040, P=00000012): restarted as it is,
 * the step aborts again at once" in what. */
int restart_error_state(const struct dropfile *df, char *what, size_t size);

#endif
