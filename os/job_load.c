/*
 * job_load.c - LDR and BUILD in a job (see job_load.h): the datasets named
 * read as object modules, libraries or (LDR of one dataset alone, as
 * before the loader) an executable; the loader (os/loader/) links them at
 * 0200, above the Job Communication Block.
 *
 *   LDR,DN=dn1:dn2,LIB=lib1:lib2,NOLIB,MAP=PART|FULL,AB=dn,NX.
 *   BUILD,B=dn1:dn2,OBL=old,NBL=new.
 *
 * Uses job.c (a job's basics), job_datasets.c (binaries), os/loader/.
 */
#include "job_load.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/cal/object.h"
#include "os/loader/library.h"
#include "os/loader/loader.h"
#include "job.h"
#include "job_datasets.h"

#define LOAD_MAX_DATASETS 64

static const struct deck_parameter *parameter(const struct deck_statement *st, const char *keyword)
{
    for (int i = 0; i < st->parameter_count; i++)
        if (!strcmp(st->parameters[i].keyword, keyword))
            return &st->parameters[i];
    return NULL;
}

/* The values of keyword (its default alone if absent or bare); -1 if it
 * has more than LOAD_MAX_DATASETS. */
static int names(const struct deck_statement *st, const char *keyword, const char *fallback,
                 const char **out)
{
    const struct deck_parameter *p = parameter(st, keyword);
    if (!p || !p->value_count) {
        if (!fallback)
            return 0;
        out[0] = fallback;
        return 1;
    }
    if (p->value_count > LOAD_MAX_DATASETS)
        return -1;
    for (int i = 0; i < p->value_count; i++)
        out[i] = p->values[i];
    return p->value_count;
}

/* Every list of datasets of st within LOAD_MAX_DATASETS (one only for
 * a keyword named in single, such as BUILD's "OBL NBL"), or false with the
 * step's abort (code: LD007 or BL004) in the log. */
static bool lists_fit(struct os *os, struct job *job, const struct deck_statement *st,
                      const char *code, const char *single)
{
    for (int i = 0; i < st->parameter_count; i++) {
        const struct deck_parameter *p = &st->parameters[i];
        size_t n = strlen(p->keyword);
        const char *at = strstr(single, p->keyword);
        bool one = n && at && (at == single || at[-1] == ' ') && (at[n] == ' ' || !at[n]);
        int most = one ? 1 : LOAD_MAX_DATASETS;
        if (p->value_count > most) {
            job_log(os, job, "ABORT", "%s - %.8s NAMES %d DATASETS: AT MOST %d", code, p->keyword,
                    p->value_count, most);
            return false;
        }
    }
    return true;
}

/* Dataset dn as an object file or library.  0, 1 if it is something else
 * (*bytes kept for the caller), -1 aborted. */
static int read_object(struct os *os, struct job *job, const char *dn, struct object_file *file,
                       uint8_t **bytes, size_t *length)
{
    char error[300];
    if (job_load_binary(job, dn, bytes, length, error, sizeof error)) {
        job_log(os, job, "ABORT", "%s", error);
        return -1;
    }
    job_charge_binary(os, job, *length);
    if (!object_is_object(*bytes, *length))
        return 1;
    int status = object_parse(*bytes, *length, file, error, sizeof error);
    free(*bytes);
    *bytes = NULL;
    if (status) {
        job_log(os, job, "ABORT", "LD001 - DATASET %s IS NOT A GOOD OBJECT MODULE: %s", dn, error);
        return -1;
    }
    return 0;
}

/* LDR of one dataset holding an executable: loaded as it is (before the
 * loader, C-1's only LDR). */
static int executable_of(struct os *os, struct job *job, const char *dn, const uint8_t *bytes,
                         size_t length, struct executable *exe)
{
    char why[200];
    if (executable_parse(bytes, length, EXE_KIND_FORMAT, exe, why, sizeof why)) {
        job_log(os, job, "ABORT", "LD001 - DATASET %s IS NOT A PROGRAM: %s", dn, why);
        return -1;
    }
    return 1;
}

struct load_inputs {
    struct object_file files[LOAD_MAX_DATASETS], libraries[LOAD_MAX_DATASETS + 1];
    struct loader_input objects[LOAD_MAX_DATASETS], searched[LOAD_MAX_DATASETS + 1];
    int object_count, library_count;
};

static void free_inputs(struct load_inputs *in)
{
    for (int i = 0; i < LOAD_MAX_DATASETS; i++)
        object_file_free(&in->files[i]);
    for (int i = 0; i <= LOAD_MAX_DATASETS; i++)
        object_file_free(&in->libraries[i]);
    free(in);
}

/* Read LDR's DN and LIB datasets (and $SYSLIB unless NOLIB).  0, 1 with
 * *exe when DN is one executable, -1 aborted. */
static int read_inputs(struct os *os, struct job *job, const struct deck_statement *st,
                       struct load_inputs *in, struct executable *exe)
{
    const char *dns[LOAD_MAX_DATASETS], *libs[LOAD_MAX_DATASETS];
    in->object_count = names(st, "DN", "$BLD", dns);
    int lib_count = names(st, "LIB", NULL, libs);
    for (int i = 0; i < in->object_count; i++) {
        uint8_t *bytes = NULL;
        size_t length;
        int status = read_object(os, job, dns[i], &in->files[i], &bytes, &length);
        if (status == 1 && in->object_count == 1 && !lib_count && !parameter(st, "AB") &&
            !parameter(st, "MAP"))
            status = executable_of(os, job, dns[i], bytes, length, exe);
        else if (status == 1) {
            job_log(os, job, "ABORT", "LD003 - DATASET %s IS NOT AN OBJECT MODULE (LDR LINKS "
                    "ONLY OBJECT MODULES AND LIBRARIES)", dns[i]);
            status = -1;
        }
        free(bytes);
        if (status)
            return status;
        in->objects[i].file = &in->files[i];
        in->objects[i].name = dns[i];
    }
    for (int i = 0; i < lib_count; i++) {
        uint8_t *bytes = NULL;
        size_t length;
        int status = read_object(os, job, libs[i], &in->libraries[i], &bytes, &length);
        free(bytes);
        if (status == 0 && in->libraries[i].kind != OBJECT_LIBRARY)
            status = 1;
        if (status == 1)
            job_log(os, job, "ABORT", "LD003 - DATASET %s IS NOT A LIBRARY (MAKE ONE WITH BUILD)",
                    libs[i]);
        if (status)
            return -1;
        in->searched[in->library_count].file = &in->libraries[i];
        in->searched[in->library_count++].name = libs[i];
    }
    if (!parameter(st, "NOLIB")) {
        char error[200];
        if (library_system(&in->libraries[lib_count], error, sizeof error)) {
            job_log(os, job, "ABORT", "LD004 - %s", error);
            return -1;
        }
        in->searched[in->library_count].file = &in->libraries[lib_count];
        in->searched[in->library_count++].name = "$SYSLIB";
    }
    return 0;
}

static enum loader_map map_option(const struct deck_statement *st)
{
    const struct deck_parameter *p = parameter(st, "MAP");
    if (!p)
        return LOADER_MAP_OFF;
    const char *v = p->value_count ? p->values[0] : "FULL";
    return !strcmp(v, "OFF") ? LOADER_MAP_OFF : !strcmp(v, "PART") ? LOADER_MAP_PART
                                                                   : LOADER_MAP_FULL;
}

/* Each line of text to the job log. */
static void log_lines(struct os *os, struct job *job, const char *tag, const char *text)
{
    while (text && *text) {
        const char *end = strchr(text, '\n');
        size_t n = end ? (size_t)(end - text) : strlen(text);
        job_log(os, job, tag, "%.*s", (int)(n < 160 ? n : 160), text);
        text += n + (end ? 1 : 0);
    }
}

int job_load_statement(struct os *os, struct job *job, const struct deck_statement *st,
                       struct executable *exe)
{
    memset(exe, 0, sizeof *exe);
    if (!lists_fit(os, job, st, "LD007", "AB MAP"))
        return -1;
    const struct deck_parameter *map = parameter(st, "MAP");
    if (map && map->value_count && strcmp(map->values[0], "OFF") && strcmp(map->values[0], "PART") &&
        strcmp(map->values[0], "FULL") && strcmp(map->values[0], "ON")) {
        job_log(os, job, "ABORT", "LD005 - MAP=%.8s: OFF, PART, FULL OR ON", map->values[0]);
        return -1;
    }
    struct load_inputs *in = calloc(1, sizeof *in);
    if (!in)
        return -1;
    int status = read_inputs(os, job, st, in, exe);
    if (status == 1 && parameter(st, "NX")) {   /* an executable, checked and not run */
        job_log(os, job, "LDR", "PROGRAM %s NOT RUN (NX)", exe->name[0] ? exe->name : "PROGRAM");
        executable_free(exe);
        free_inputs(in);
        return 0;
    }
    if (status) {
        free_inputs(in);
        return status;
    }
    struct loader_result result;
    status = loader_link(in->objects, (size_t)in->object_count, in->searched,
                         (size_t)in->library_count, LOADER_COS_ORIGIN, map_option(st), &result);
    for (size_t i = 0; i < result.message_count; i++) {
        const char *m = result.messages[i];
        bool error = !strncmp(m, "error: ", 7);
        job_log(os, job, "LDR", "%s%s", error ? "LD002 - " : "", error ? m + 7 : m);
    }
    free_inputs(in);
    if (status < 0) {
        job_log(os, job, "ABORT", "LD002 - OUT OF MEMORY");
        loader_result_free(&result);
        return -1;
    }
    if (status) {
        job_log(os, job, "ABORT", "LD002 - %zu LOADER ERROR%s", result.error_count,
                result.error_count == 1 ? "" : "S");
        loader_result_free(&result);
        return -1;
    }
    job_charge(os, job, (uint64_t)result.executable.word_count * JOB_CLOCKS_PER_BINARY_WORD);
    log_lines(os, job, "LDR", result.map);
    const struct deck_parameter *ab = parameter(st, "AB");
    if (ab) {
        const char *dn = ab->value_count ? ab->values[0] : "$ABD";
        unsigned char *bytes;
        size_t size;
        status = executable_serialize(&result.executable, false, &bytes, &size);
        if (status == 0) {
            status = job_store_binary(job, dn, bytes, size);
            free(bytes);
        }
        if (status) {
            job_log(os, job, "ABORT", "LD006 - ABSOLUTE NOT WRITTEN TO %s", dn);
            loader_result_free(&result);
            return -1;
        }
        job_log(os, job, "LDR", "ABSOLUTE %s WRITTEN TO %s: %" PRIu32 " WORDS FROM %06" PRIo32,
                result.executable.name, dn, result.executable.word_count,
                result.executable.origin);
    }
    if (ab || parameter(st, "NX")) {
        loader_result_free(&result);
        return 0;
    }
    *exe = result.executable;
    memset(&result.executable, 0, sizeof result.executable);
    loader_result_free(&result);
    return 1;
}

int job_build_statement(struct os *os, struct job *job, const struct deck_statement *st)
{
    const char *dns[LOAD_MAX_DATASETS], *old[LOAD_MAX_DATASETS], *out[LOAD_MAX_DATASETS];
    if (!lists_fit(os, job, st, "BL004", "OBL NBL"))
        return -1;
    int count = names(st, "B", "$BLD", dns);
    int has_old = names(st, "OBL", NULL, old);
    names(st, "NBL", "$BLB", out);
    struct load_inputs *in = calloc(1, sizeof *in);
    if (!in)
        return -1;
    int status = 0;
    for (int i = 0; i <= count && !status; i++) {
        bool is_old = i == count;   /* OBL, after the B datasets */
        if (is_old && !has_old)
            break;
        const char *dn = is_old ? old[0] : dns[i];
        struct object_file *file = is_old ? &in->libraries[0] : &in->files[i];
        uint8_t *bytes = NULL;
        size_t length;
        status = read_object(os, job, dn, file, &bytes, &length);
        free(bytes);
        if (status == 1)
            job_log(os, job, "ABORT", "BL002 - DATASET %s IS NOT AN OBJECT MODULE OR LIBRARY", dn);
        if (!is_old) {
            in->objects[i].file = file;
            in->objects[i].name = dn;
        }
    }
    struct object_file library;
    char *report = NULL, error[300];
    if (!status && library_build(has_old ? &in->libraries[0] : NULL, in->objects, (size_t)count,
                                 &library, &report, error, sizeof error)) {
        job_log(os, job, "ABORT", "BL001 - %s", error);
        status = -1;
    }
    free_inputs(in);
    if (status)
        return -1;
    log_lines(os, job, "BUILD", report);
    free(report);
    unsigned char *bytes;
    size_t size;
    status = object_serialize(&library, &bytes, &size, error, sizeof error);
    if (status == 0) {
        job_charge_binary(os, job, size);
        status = job_store_binary(job, out[0], bytes, size);
        free(bytes);
    }
    if (status == 0)
        job_log(os, job, "BUILD", "LIBRARY %s: %zu MODULES", out[0], library.module_count);
    else
        job_log(os, job, "ABORT", "BL003 - LIBRARY NOT WRITTEN TO %s", out[0]);
    object_file_free(&library);
    return status ? -1 : 0;
}
