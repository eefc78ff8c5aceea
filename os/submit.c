/*
 * submit.c - a deck checked and queued (see submit.h): the site's limits
 * (SITE/limits or the defaults), the JOB statement checked against them,
 * the depth of a deck a job submitted.
 *
 * Uses deck.c (the statements), site.c (the queue, atomic writes) and
 * os/rules (every name and number a JOB statement holds).
 */
#include "submit.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"
#include "os/disk/disk.h"
#include "os/rules/names.h"
#include "site.h"

#define LIMITS_FILE_MAX (64u * 1024u)

/* ---- the site's limits ------------------------------------------------------------------ */

static uint64_t seconds_to_clocks(double period, double seconds)
{
    return (uint64_t)(seconds * 1e9 / period + 0.5);
}

void submit_limits_default(struct submit_limits *l)
{
    memset(l, 0, sizeof *l);
    l->clock_period = 12.5;                  /* a Cray-1 */
    l->max_time = seconds_to_clocks(l->clock_period, 3600.0);
    l->max_field = 1u << 20;                 /* MEMORY_DEFAULT_WORDS */
    static const struct {
        const char *name;
        double seconds;
    } classes[] = {{"EXPRESS", 10.0}, {"BATCH", 0}, {"STANDBY", 0}};
    for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++) {
        snprintf(l->classes[c].name, sizeof l->classes[c].name, "%s", classes[c].name);
        l->classes[c].max_time =
            classes[c].seconds > 0 ? seconds_to_clocks(l->clock_period, classes[c].seconds) : 0;
    }
    l->class_count = 3;
    snprintf(l->devices[0].name, sizeof l->devices[0].name, "TAPE");
    l->devices[0].total = 4;
    snprintf(l->devices[1].name, sizeof l->devices[1].name, "PRINTER");
    l->devices[1].total = 1;
    l->device_count = 2;
}

int submit_limits_save(const char *root, const struct submit_limits *l)
{
    char path[SITE_PATH_MAX], text[2048];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", root, SUBMIT_LIMITS_FILE) >= sizeof path)
        return -1;
    size_t n = (size_t)snprintf(text, sizeof text,
                                "# the limits this site was booted with (c1sub checks decks against them)\n"
                                "period %.4f\nmax_time %" PRIu64 "\nmax_field %" PRIu32 "\n",
                                l->clock_period, l->max_time, l->max_field);
    for (int c = 0; c < l->class_count && n < sizeof text; c++)
        n += (size_t)snprintf(text + n, sizeof text - n, "class %s %" PRIu64 " %" PRIu32 "\n",
                              l->classes[c].name, l->classes[c].max_time, l->classes[c].max_field);
    for (int d = 0; d < l->device_count && n < sizeof text; d++)
        n += (size_t)snprintf(text + n, sizeof text - n, "device %s %u\n", l->devices[d].name,
                              l->devices[d].total);
    if (n >= sizeof text)
        return -1;
    return write_file_atomic(path, text, n);
}

/* One line of SITE/limits into l.  0, or -1 when it is not one. */
static int limits_line(char *line, struct submit_limits *l)
{
    char word[16], name[16];
    double period;
    uint64_t a, b;
    char why[8];
    if (line[0] == '#' || line[0] == '\0')
        return 0;
    if (sscanf(line, "period %lf", &period) == 1)
        return period >= 1 && period <= 100 ? (l->clock_period = period, 0) : -1;
    if (sscanf(line, "max_time %" SCNu64, &a) == 1)
        return a ? (l->max_time = a, 0) : -1;
    if (sscanf(line, "max_field %" SCNu64, &a) == 1)
        return a && a <= RULES_FIELD_WORDS_MAX ? (l->max_field = (uint32_t)a, 0) : -1;
    if (sscanf(line, "%15s %15s %" SCNu64 " %" SCNu64, word, name, &a, &b) == 4 &&
        !strcmp(word, "class")) {
        if (l->class_count >= SUBMIT_CLASSES_MAX || !rules_check_text(RULE_CLASS, name, why, sizeof why) ||
            b > RULES_FIELD_WORDS_MAX)
            return -1;
        snprintf(l->classes[l->class_count].name, sizeof l->classes[0].name, "%.7s", name);
        l->classes[l->class_count].max_time = a;
        l->classes[l->class_count++].max_field = (uint32_t)b;
        return 0;
    }
    if (sscanf(line, "%15s %15s %" SCNu64, word, name, &a) == 3 && !strcmp(word, "device")) {
        if (l->device_count >= SUBMIT_DEVICES_MAX || !rules_check_text(RULE_DEVICE, name, why, sizeof why) ||
            a > RULES_DEVICE_UNITS_MAX)
            return -1;
        snprintf(l->devices[l->device_count].name, sizeof l->devices[0].name, "%.7s", name);
        l->devices[l->device_count++].total = (unsigned)a;
        return 0;
    }
    return -1;
}

int submit_limits_load(const char *root, struct submit_limits *limits)
{
    submit_limits_default(limits);
    char path[SITE_PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", root, SUBMIT_LIMITS_FILE) >= sizeof path)
        return 1;
    size_t length;
    char *text = disk_read_all(path, LIMITS_FILE_MAX, &length);
    if (!text)
        return 1;
    struct submit_limits l;
    memset(&l, 0, sizeof l);
    l.clock_period = limits->clock_period;
    int status = 0;
    for (char *line = text, *end; line && *line && !status; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        if (end)
            *end = '\0';
        status = limits_line(line, &l);
    }
    free(text);
    if (status || !l.max_time || !l.max_field || !l.class_count)
        return 1;   /* damaged: the defaults */
    *limits = l;
    return 0;
}

/* ---- the JOB statement ----------------------------------------------------------------- */

static int refuse(char code[8], const char *which, char *message, size_t size, const char *format, ...)
    __attribute__((format(printf, 5, 6)));

static int refuse(char code[8], const char *which, char *message, size_t size, const char *format, ...)
{
    snprintf(code, 8, "%s", which);
    va_list args;
    va_start(args, format);
    vsnprintf(message, size, format, args);
    va_end(args);
    return -1;
}

static bool all_digits(const char *s) { return s && *s && strspn(s, "0123456789") == strlen(s); }

static int find_class(const struct submit_limits *l, const char *name)
{
    for (int c = 0; c < l->class_count; c++)
        if (!strcmp(l->classes[c].name, name))
            return c;
    return -1;
}

static int find_device(const struct submit_limits *l, const char *name)
{
    for (int d = 0; d < l->device_count; d++)
        if (!strcmp(l->devices[d].name, name))
            return d;
    return -1;
}

int submit_check_job(const struct deck_statement *st, const struct submit_limits *l,
                     struct submit_job *job, char code[8], char *message, size_t size)
{
    memset(job, 0, sizeof *job);
    if (strcmp(st->verb, "JOB"))
        return refuse(code, "JB001", message, size, "JOB STATEMENT MISSING (FIRST STATEMENT IS %.20s)",
                      st->verb);
    snprintf(job->class_name, sizeof job->class_name, "BATCH");
    job->priority = 1;
    job->time_limit = l->max_time;
    job->field_length = SUBMIT_DEFAULT_FIELD < l->max_field ? SUBMIT_DEFAULT_FIELD : l->max_field;
    bool have_name = false;
    double seconds = 0;
    for (int i = 0; i < st->parameter_count; i++) {
        const struct deck_parameter *p = &st->parameters[i];
        const char *v = p->value_count ? p->values[0] : NULL;
        uint64_t n;
        if (!strcmp(p->keyword, "JN")) {
            if (!v || !rules_job_name(v))
                return refuse(code, "JB002", message, size, "JN=%.16s MUST BE 1-7 LETTERS AND DIGITS",
                              v ? v : "");
            snprintf(job->name, sizeof job->name, "%s", v);
            have_name = true;
        } else if (!strcmp(p->keyword, "T")) {
            if (!v) {
                job->time_limit = l->max_time;
            } else if (!rules_seconds(v, &seconds)) {
                return refuse(code, "JB003", message, size,
                              "T=%.20s IS NOT A TIME IN DECIMAL SECONDS (0 < T <= %d)", v,
                              RULES_SECONDS_MAX);
            } else {
                job->time_limit = seconds_to_clocks(l->clock_period, seconds);
                if (job->time_limit > l->max_time)
                    return refuse(code, "JB003", message, size,
                                  "T=%.20s EXCEEDS THE SITE MAXIMUM OF %.4f SECONDS", v,
                                  (double)l->max_time * l->clock_period * 1e-9);
            }
        } else if (!strcmp(p->keyword, "MFL")) {
            if (!v) {
                job->field_length = l->max_field;
            } else if (!rules_field_length(v, &n)) {
                if (all_digits(v) && strspn(v, "0") != strlen(v))
                    return refuse(code, "JB004", message, size,
                                  "MFL=%.20s EXCEEDS THE SITE MAXIMUM OF %" PRIu32 " WORDS", v,
                                  l->max_field);
                return refuse(code, "JB004", message, size, "MFL=%.20s IS NOT A FIELD LENGTH", v);
            } else {
                uint64_t rounded = (n + SUBMIT_FIELD_UNIT - 1) / SUBMIT_FIELD_UNIT * SUBMIT_FIELD_UNIT;
                if (rounded > l->max_field)
                    return refuse(code, "JB004", message, size,
                                  "MFL=%.20s EXCEEDS THE SITE MAXIMUM OF %" PRIu32 " WORDS", v,
                                  l->max_field);
                job->field_length = (uint32_t)rounded;
            }
        } else if (!strcmp(p->keyword, "P")) {
            if (!rules_decimal_count(v, RULES_PRIORITY_MAX, &n))
                return refuse(code, "JB005", message, size, "P MUST BE 0-15");
            job->priority = (int)n;
        } else if (!strcmp(p->keyword, "US")) {
            if (!v || !rules_user(v))
                return refuse(code, "JB008", message, size, "US MUST BE 1-15 LETTERS AND DIGITS");
            snprintf(job->user, sizeof job->user, "%s", v);
        } else if (!strcmp(p->keyword, "OLM")) {
            if (!rules_decimal_count(v, UINT64_C(1) << 30, &n))
                return refuse(code, "JB009", message, size, "OLM MUST BE A NUMBER OF RECORDS");
            job->output_limit = n;
        } else if (!strcmp(p->keyword, "CL")) {
            if (!v || find_class(l, v) < 0)
                return refuse(code, "JB006", message, size, "JOB CLASS %.8s DOES NOT EXIST", v ? v : "");
            snprintf(job->class_name, sizeof job->class_name, "%s", v);
        } else if (!strcmp(p->keyword, "AFTER")) {
            if (p->value_count == 0 || p->value_count > SUBMIT_WAITS_MAX || job->after_count)
                return refuse(code, "JB010", message, size,
                              "AFTER= WANTS 1-%d JOB NAMES, ONCE", SUBMIT_WAITS_MAX);
            for (int k = 0; k < p->value_count; k++) {
                if (!rules_job_name(p->values[k]))
                    return refuse(code, "JB010", message, size,
                                  "AFTER=%.16s: A JOB NAME IS 1-7 LETTERS AND DIGITS", p->values[k]);
                snprintf(job->after[job->after_count++], sizeof job->after[0], "%s", p->values[k]);
            }
        } else if (!strcmp(p->keyword, "WAIT")) {
            size_t at;
            if (p->value_count == 0 || p->value_count > SUBMIT_WAITS_MAX || job->wait_count)
                return refuse(code, "JB010", message, size,
                              "WAIT= WANTS 1-%d PERMANENT DATASET NAMES, ONCE", SUBMIT_WAITS_MAX);
            for (int k = 0; k < p->value_count; k++) {
                if (rules_pds_name(p->values[k], false, &at) ||
                    strlen(p->values[k]) > SUBMIT_PDN_MAX)
                    return refuse(code, "JB010", message, size,
                                  "WAIT=%.16s IS NOT A PERMANENT DATASET NAME", p->values[k]);
                snprintf(job->wait[job->wait_count++], sizeof job->wait[0], "%s", p->values[k]);
            }
        } else if (!strcmp(p->keyword, "OWN")) {
            if (!v || !rules_user(v))
                return refuse(code, "JB010", message, size,
                              "OWN MUST BE A USER: 1-15 LETTERS AND DIGITS");
            snprintf(job->wait_owner, sizeof job->wait_owner, "%s", v);
        } else if (p->keyword[0] == '*') {
            const char *device = p->keyword + 1;
            int d = find_device(l, device);
            if (d < 0 || !v || !all_digits(v))
                return refuse(code, "JB007", message, size,
                              "DEVICE RESERVATION %.12s IS NOT VALID AT THIS SITE", p->keyword);
            for (int k = 0; k < job->device_count; k++)
                if (!strcmp(job->devices[k].name, device))
                    return refuse(code, "JB007", message, size, "%.8s RESERVED TWICE", device);
            if (!rules_decimal_count(v, l->devices[d].total, &n))
                return refuse(code, "JB007", message, size, "%.8s=%.20s EXCEEDS THE SITE'S %u UNITS",
                              device, v, l->devices[d].total);
            if (job->device_count >= SUBMIT_DEVICES_MAX)
                return refuse(code, "JB007", message, size, "MORE THAN %d DEVICE RESERVATIONS",
                              SUBMIT_DEVICES_MAX);
            snprintf(job->devices[job->device_count].name, sizeof job->devices[0].name, "%s", device);
            job->devices[job->device_count++].count = (unsigned)n;
        } else {
            return refuse(code, "JB009", message, size, "UNKNOWN JOB PARAMETER %.12s", p->keyword);
        }
    }
    if (!have_name)
        return refuse(code, "JB002", message, size, "JN MISSING");
    if (job->wait_owner[0] && !job->wait_count)
        return refuse(code, "JB010", message, size, "OWN= NAMES THE OWNER OF WAIT= DATASETS: NO WAIT=");
    if (!job->user[0])
        snprintf(job->user, sizeof job->user, "%s", SUBMIT_DEFAULT_USER);
    job->class_index = find_class(l, job->class_name);
    if (job->class_index < 0)
        return refuse(code, "JB006", message, size, "JOB CLASS %.8s DOES NOT EXIST", job->class_name);
    if (l->classes[job->class_index].max_time && job->time_limit > l->classes[job->class_index].max_time)
        return refuse(code, "JB006", message, size, "T EXCEEDS THE LIMIT OF CLASS %s", job->class_name);
    if (l->classes[job->class_index].max_field &&
        job->field_length > l->classes[job->class_index].max_field)
        return refuse(code, "JB006", message, size, "MFL EXCEEDS THE LIMIT OF CLASS %s",
                      job->class_name);
    return 0;
}

/* ---- a deck ------------------------------------------------------------------------------ */

unsigned submit_depth(const char *text, size_t length)
{
    size_t tag = strlen(SUBMIT_DEPTH_TAG);
    if (length <= tag || strncmp(text, SUBMIT_DEPTH_TAG, tag))
        return 0;
    unsigned depth = 0;
    for (size_t i = tag; i < length && i < tag + 3 && text[i] >= '0' && text[i] <= '9'; i++)
        depth = depth * 10 + (unsigned)(text[i] - '0');
    return depth;
}

int submit_check_deck(const char *text, size_t length, const struct submit_limits *limits,
                      char *error, size_t size)
{
    if (length > SUBMIT_DECK_MAX) {
        snprintf(error, size, "JB002 DECK LONGER THAN %u BYTES", SUBMIT_DECK_MAX);
        return -1;
    }
    struct deck parsed;
    struct deck_error deck_error;
    if (deck_parse(text, length, &parsed, &deck_error)) {
        snprintf(error, size, "line %d: %s %s", deck_error.line, deck_error.code,
                 deck_error.message);
        return -1;
    }
    int status = 0;
    if (parsed.statement_count == 0 || strcmp(parsed.statements[0].verb, "JOB")) {
        snprintf(error, size, "JB001 JOB STATEMENT MISSING");
        status = -1;
    } else {
        struct submit_job job;
        char code[8], message[200];
        if (submit_check_job(&parsed.statements[0], limits, &job, code, message, sizeof message)) {
            snprintf(error, size, "%s %s", code, message);
            status = -1;
        }
    }
    deck_free(&parsed);
    return status;
}

char *submit_tag_depth(const char *text, size_t length, unsigned depth, size_t *tagged_length,
                       char *error, size_t size)
{
    char tag[64];
    size_t n = depth ? (size_t)snprintf(tag, sizeof tag, "%s%u\n", SUBMIT_DEPTH_TAG, depth) : 0;
    char *tagged = malloc(n + length + 1);
    if (!tagged) {
        snprintf(error, size, "JB000 OUT OF MEMORY");
        return NULL;
    }
    memcpy(tagged, tag, n);
    memcpy(tagged + n, text, length);
    tagged[n + length] = '\0';
    *tagged_length = n + length;
    return tagged;
}

int64_t submit_deck_at(const char *root, const char *text, size_t length,
                       const struct submit_limits *limits, unsigned depth, char *error, size_t size)
{
    if (submit_check_deck(text, length, limits, error, size))
        return -1;
    size_t tagged_length;
    char *tagged = submit_tag_depth(text, length, depth, &tagged_length, error, size);
    if (!tagged)
        return -1;
    int64_t sequence = site_queue_deck(root, tagged, tagged_length, error, size);
    free(tagged);
    return sequence;
}

int64_t submit_deck(const char *root, const char *text, size_t length, char *error, size_t size)
{
    struct submit_limits limits;
    submit_limits_load(root, &limits);
    return submit_deck_at(root, text, length, &limits, 0, error, size);
}

int64_t submit_deck_file(const char *root, const char *path, char *error, size_t size)
{
    size_t length;
    char *text = disk_read_all(path, SUBMIT_DECK_MAX, &length);
    if (!text) {
        snprintf(error, size, "cannot read %s: %s", path,
                 errno == EFBIG ? "longer than a deck may be" : strerror(errno));
        return -1;
    }
    int64_t sequence = submit_deck(root, text, length, error, size);
    free(text);
    return sequence;
}
