/*
 * library.c - making libraries (BUILD) and the system library (see
 * library.h).
 *
 * Uses loader.c (its inputs, its lines of text), os/cal/ (the object format and the assembler for
 * the system library's source, built into libos by the Makefile).
 */
#include "library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/cal/cal.h"

/* roms/syslib.cal (build/gen/syslib_source.c). */
extern const char syslib_source[];

const char *library_system_source(void) { return syslib_source; }

char *library_after_source(const char *text, size_t length, size_t *whole_length)
{
    size_t library_length = strlen(syslib_source);
    char *whole = malloc(length + library_length + 1);
    if (!whole)
        return NULL;
    memcpy(whole, text, length);
    size_t used = length;
    if (used && whole[used - 1] != '\n')
        whole[used++] = '\n';
    memcpy(whole + used, syslib_source, library_length);
    *whole_length = used + library_length;
    return whole;
}

static int add_copy(struct object_file *library, const struct object_module *m)
{
    struct object_module copy;
    if (object_module_copy(&copy, m))
        return -1;
    if (object_file_add(library, &copy)) {
        object_module_free(&copy);
        return -1;
    }
    return 0;
}

int library_build(const struct object_file *old, const struct loader_input *objects,
                  size_t count, struct object_file *library, char **report, char *error,
                  size_t error_size)
{
    memset(library, 0, sizeof *library);
    library->kind = OBJECT_LIBRARY;
    size_t length = 0;
    *report = calloc(1, 1);
    bool ok = *report != NULL, too_many = false;
    for (size_t i = 0; ok && old && i < old->module_count; i++)
        ok = !add_copy(library, &old->modules[i]);
    for (size_t f = 0; ok && f < count; f++)
        for (size_t i = 0; ok && i < objects[f].file->module_count; i++) {
            const struct object_module *m = &objects[f].file->modules[i];
            size_t at = 0;
            while (at < library->module_count && strcmp(library->modules[at].name, m->name))
                at++;
            if (at < library->module_count) {
                struct object_module copy;
                ok = !object_module_copy(&copy, m);
                if (ok) {
                    object_module_free(&library->modules[at]);
                    library->modules[at] = copy;
                }
                loader_text_line(report, &length, "MODULE %-8s REPLACED FROM %.60s", m->name,
                                 objects[f].name);
            } else if (library->module_count >= OBJECT_MAX_MODULES) {
                ok = false;
                too_many = true;
            } else {
                ok = !add_copy(library, m);
                loader_text_line(report, &length, "MODULE %-8s ADDED FROM %.60s", m->name,
                                 objects[f].name);
            }
        }
    if (too_many) {
        snprintf(error, error_size, "a library holds at most %u modules", OBJECT_MAX_MODULES);
    } else if (!ok || !*report) {
        snprintf(error, error_size, "out of memory");
    } else {
        /* The directory: one module per entry name. */
        unsigned char *bytes;
        size_t n;
        if (object_serialize(library, &bytes, &n, error, error_size) == 0) {
            free(bytes);
            return 0;
        }
    }
    free(*report);
    *report = NULL;
    object_file_free(library);
    return -1;
}

int library_system(struct object_file *library, char *error, size_t error_size)
{
    memset(library, 0, sizeof *library);
    struct cal_options options = {0, false, 0};
    struct cal_extra_options extra = {.object = true};
    struct cal_result result;
    int status = cal_assemble_extra(syslib_source, strlen(syslib_source), "$SYSLIB", &options,
                                    &extra, &result);
    if (status != 0 || !result.has_object) {
        snprintf(error, error_size, "the system library does not assemble (%zu errors)",
                 result.error_count);
        cal_result_free(&result);
        return -1;
    }
    *library = result.object;
    library->kind = OBJECT_LIBRARY;
    memset(&result.object, 0, sizeof result.object);
    result.has_object = false;
    cal_result_free(&result);
    return 0;
}

int library_link_with_system(const struct object_file *object, const char *name, uint32_t origin,
                             struct loader_result *linked, char *error, size_t error_size)
{
    memset(linked, 0, sizeof *linked);
    struct object_file syslib;
    if (library_system(&syslib, error, error_size))
        return -1;
    struct loader_input in = {object, name}, library = {&syslib, "$SYSLIB"};
    int status = loader_link(&in, 1, &library, 1, origin, LOADER_MAP_OFF, linked);
    object_file_free(&syslib);
    return status ? -1 : 0;
}
