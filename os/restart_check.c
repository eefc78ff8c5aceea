/*
 * restart_check.c - would a site accept this dropfile for restart (see
 * restart_check.h): the OS's restart and the tools decide with the same
 * function.
 *
 * Uses site.c, os/datasets/pds.c, os/dropfile/ and os/rules/.
 */
#include "restart_check.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/isa.h"
#include "emu/memory.h"
#include "os/datasets/pds.h"
#include "os/dropfile/dropfile.h"
#include "os/dropfile/dropfile_fields.h"
#include "os/rules/names.h"
#include "abort_cause.h"

double restart_clock_ns(unsigned model) { return model == MODEL_XMP ? 9.5 : 12.5; }

void restart_site_of(const char *root, struct restart_site *site)
{
    site->root = root;
    site->model = MODEL_CRAY1;
    site->memory_words = MEMORY_DEFAULT_WORDS;
    site->max_field = 0;
    char path[SITE_PATH_MAX];
    if (snprintf(path, sizeof path, "%s/dayfile", root) >= (int)sizeof path) {
        site->clock_ns = restart_clock_ns(site->model);
        return;
    }
    FILE *f = fopen(path, "r");
    if (f) {
        /* The last 64 KiB hold the last boot of any site that ran. */
        if (fseek(f, 0, SEEK_END) == 0) {
            long end = ftell(f);
            if (end > 65536)
                fseek(f, end - 65536, SEEK_SET);
            else
                rewind(f);
        }
        char line[512];
        while (fgets(line, sizeof line, f)) {
            const char *boot = strstr(line, " BOOT ");
            const char *at = boot ? strstr(boot, " site ") : NULL;
            char name[32], model[16];
            unsigned pcs;
            uint32_t words;
            if (at && sscanf(at, " site %31s %15s %u PCs %" SCNu32 " words", name, model, &pcs,
                             &words) == 4 && words) {
                site->model = !strcmp(model, "X-MP") ? MODEL_XMP : MODEL_CRAY1;
                site->memory_words = words;
            }
        }
        fclose(f);
    }
    site->clock_ns = restart_clock_ns(site->model);
}

const char *restart_user(const struct dropfile *df, const struct restart_request *request)
{
    if (request && request->user[0])
        return request->user;
    return df->identity.user ? df->identity.user : "";
}

static const char *text(const char *s) { return s ? s : ""; }

/* May who (upper-cased) read owner's dataset name?  Never says why not:
 * a dataset that does not exist and one that is private look the same to
 * anyone but its owner. */
static bool may_read(const struct pds *pds, const char *who, const char *owner, const char *name)
{
    char whose[PDS_NAME_MAX + 1];
    struct dataset_error e;
    if (pds_check_name(owner, "OWNER", whose, &e))
        return false;
    if (!strcmp(who, whose))
        return true;   /* its owner: whether it is still there is checked at start */
    struct pds_info info;
    if (pds_info(pds, whose, name, &info, &e))
        return false;
    return (info.permissions & PDS_PUBLIC_READ) != 0;
}

int restart_check_permissions(const char *site_root, const struct dropfile *df, const char *user,
                              char *why, size_t size)
{
    char who[PDS_NAME_MAX + 1];
    struct dataset_error e;
    if (pds_check_name(user, "USER", who, &e)) {
        snprintf(why, size, "user %s is not a user name", user);
        return -1;
    }
    struct pds pds = {0};
    bool open = false;
    for (size_t i = 0; i < df->dataset_count; i++) {
        const struct dropfile_dataset *d = &df->datasets[i];
        if (!d->permanent)
            continue;
        if (!open) {
            /* SITE/pds read as it is (pds_open would make the folder: a
             * check never writes). */
            size_t n = strlen(site_root) + sizeof "/" PDS_FOLDER;
            pds.root = malloc(n);
            if (!pds.root) {
                snprintf(why, size, "out of memory");
                return -1;
            }
            snprintf(pds.root, n, "%s/%s", site_root, PDS_FOLDER);
            open = true;
        }
        if (!may_read(&pds, who, text(d->owner), text(d->permanent_name))) {
            snprintf(why, size, "permanent dataset %s/%s (local %s): user %s has no permission "
                     "to read it", text(d->owner), text(d->permanent_name), text(d->name), who);
            pds_close(&pds);
            return -1;
        }
    }
    if (open)
        pds_close(&pds);
    return 0;
}

/* Every value that reaches a path or a dayfile line keeps its rule here
 * too, whatever the reader did: a job name, an output name, a dataset
 * name, a permanent dataset's owner and name never hold '/' or "..". */
static int check_names(const struct dropfile *df, char *why, size_t size)
{
    char rule[160];
    struct {
        enum rules_rule rule;
        const char *field, *value;
        bool empty_ok;
    } names[] = {
        {RULE_JOB_NAME, "identity.job_name", df->identity.job_name, false},
        {RULE_OUTPUT_NAME, "identity.output_name", df->identity.output_name, true},
        {RULE_USER, "identity.user", df->identity.user, false},
        {RULE_ACCOUNT, "identity.account", df->identity.account, true},
        {RULE_SITE, "identity.site", df->identity.site, true},
        {RULE_JOB_ID, "identity.job_id", df->identity.job_id, true},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = names[i].value;
        if (names[i].empty_ok && (!v || !v[0]))
            continue;
        if (!rules_check_text(names[i].rule, v, rule, sizeof rule)) {
            snprintf(why, size, "%s: %s", names[i].field, rule);
            return -1;
        }
    }
    for (size_t i = 0; i < df->dataset_count; i++) {
        const struct dropfile_dataset *d = &df->datasets[i];
        size_t at;
        if (!rules_check_text(RULE_DATASET, d->name, rule, sizeof rule)) {
            snprintf(why, size, "datasets[%zu].name: %s", i, rule);
            return -1;
        }
        if (d->permanent && (rules_pds_name(text(d->owner), false, &at) ||
                             rules_pds_name(text(d->permanent_name), false, &at) ||
                             rules_pds_name(text(d->permanent_id), true, &at))) {
            snprintf(why, size, "datasets.%s: a permanent dataset's owner, name or id breaks "
                     "the rule: %s", d->name, rules_describe(RULE_PDS_NAME));
            return -1;
        }
    }
    for (size_t i = 0; i < df->device_count; i++)
        if (!rules_check_text(RULE_DEVICE, df->devices[i].name, rule, sizeof rule)) {
            snprintf(why, size, "devices[%zu].name: %s", i, rule);
            return -1;
        }
    return 0;
}

int restart_check(const struct restart_site *site, const struct dropfile *df,
                  const struct restart_request *request, char *why, size_t size)
{
    char rule[160];
    if (check_names(df, why, size))
        return -1;
    const char *user = restart_user(df, request);
    if (!rules_check_text(RULE_USER, user, rule, sizeof rule)) {
        snprintf(why, size, "user %s: %s", user, rule);
        return -1;
    }
    if (request && request->priority >= 0 &&
        !rules_check_number(RULE_PRIORITY, (uint64_t)request->priority, rule, sizeof rule)) {
        snprintf(why, size, "priority %d: %s", request->priority, rule);
        return -1;
    }
    if (dropfile_check_target(df, site->model, dropfile_model_features(site->model),
                              site->memory_words, 0, why, size))
        return -1;
    if (site->max_field && df->machine.field_words > site->max_field) {
        snprintf(why, size, "field of %" PRIu32 " words is over this site's maximum of %" PRIu32,
                 df->machine.field_words, site->max_field);
        return -1;
    }
    uint64_t used = df->limits.cpu_used;
    uint64_t limit = df->limits.cpu_limit;
    if (request && request->time_seconds)
        limit = (uint64_t)((double)request->time_seconds * 1e9 / site->clock_ns + 0.5);
    if (limit <= used) {
        snprintf(why, size, "time limit %.4f s is not more than the %.4f s already used",
                 (double)limit * site->clock_ns / 1e9, (double)used * site->clock_ns / 1e9);
        return -1;
    }
    return restart_check_permissions(site->root, df, user, why, size);
}

/* A register of the dropfile's exchange package, by its field's path. */
static uint64_t package_register(const struct dropfile *df, const char *path)
{
    struct dropfile_place place;
    char why[160];
    if (dropfile_field_find(df, path, &place, why, sizeof why))
        return 0;
    return dropfile_field_number(df, place.field, place.entry, place.index);
}

int restart_error_state(const struct dropfile *df, char *what, size_t size)
{
    uint64_t flags = package_register(df, "cpu.flags");
    const struct abort_cause *cause = abort_cause_of((uint32_t)flags);
    if (!cause)
        return 0;
    /* The OS's note names the instruction that stopped the program. */
    const char *instruction = df->drop.note ? strstr(df->drop.note, "INSTRUCTION AT P=") : NULL;
    snprintf(what, size,
             "written at an error (%s %s, F=%03" PRIo64 ", P=%08" PRIo64 "%s%.80s): restarted "
             "as it is, the step aborts again at once",
             cause->code, cause->message, flags, package_register(df, "cpu.p"),
             instruction ? "; " : "", instruction ? instruction : "");
    return 1;
}
