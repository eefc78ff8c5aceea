/*
 * c1cal - the CAL assembler: a thin front end over cal_assemble()
 * (os/cal/cal.h).  Reads one source file, writes a C-1 executable (or a raw
 * image, or with -c a relocatable object file) and optionally an octal
 * listing; every diagnostic goes to stderr as FILE:LINE: error L: message.
 * On any error no output file is written.  A program whose EXT names no
 * module of the file defines is linked with the system library
 * (os/loader/), as c1ldr would at origin 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "os/cal/binary.h"
#include "os/cal/cal.h"
#include "os/cal/executable.h"
#include "os/loader/library.h"
#include "os/loader/loader.h"
#include "emu/isa.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: c1cal [-c] [-o OUT] [-l LISTING] [--raw] [--model cray1|xmp]\n"
            "             [-W no-recursion] [-S SYSTXT|none] FILE.cal\n"
            "\n"
            "Assemble the CAL source FILE.cal (one or more modules, IDENT .. END) and link\n"
            "its modules into one absolute C-1 program that starts at word 0; EXT names\n"
            "that no module of the file defines are taken from the system library\n"
            "($SYSLIB, roms/syslib.cal), as c1ldr would.\n"
            "\n"
            "  -c                write a relocatable object file (docs/object-format.md) for\n"
            "                    c1ldr instead: every module on its own, EXT names left to\n"
            "                    the loader\n"
            "  -o OUT            output file; default: FILE.c1x (FILE.img with --raw, FILE.c1o\n"
            "                    with -c) next to the source, the .cal suffix replaced\n"
            "  -l LISTING        write the octal listing to LISTING ('-' = standard output)\n"
            "  --raw             write a raw image: the program's words, big-endian, from\n"
            "                    word 0, with no header, entry point or symbols\n"
            "  --model cray1|xmp accept only the instruction forms of that machine; the\n"
            "                    default accepts both (the X-MP set is a superset)\n"
            "  -W no-recursion   no W4 warning for a Cray-1 vector instruction that reads\n"
            "                    its own result register (V2 V2+V1: docs/cal.md)\n"
            "  -S SYSTXT         read the system text from the file SYSTXT instead of C-1's\n"
            "                    own (roms/systxt.cal, built in: the F$ codes and the COS\n"
            "                    macros, docs/systxt.md); -S none: no system text\n"
            "  -h, --help        this text\n"
            "\n"
            "INCLUDE 'name' reads name relative to the folder of the file that includes\n"
            "it (a regular file the user can read, at most 16 MB).\n"
            "\n"
            "Exit status: 0 assembled, 1 assembly errors (no output written), 2 usage or I/O\n"
            "error.  $DATE/$TIME use SOURCE_DATE_EPOCH when it is set.\n");
}

static char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t capacity = 65536, used = 0;
    char *data = malloc(capacity);
    while (data) {
        size_t n = fread(data + used, 1, capacity - used, f);
        used += n;
        if (n == 0)
            break;
        if (used == capacity) {
            char *grown = realloc(data, capacity * 2);
            if (!grown) {
                free(data);
                data = NULL;
                break;
            }
            data = grown;
            capacity *= 2;
        }
    }
    if (ferror(f)) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *length = used;
    return data;
}

#define INCLUDE_MAX_BYTES (16 << 20)

/* INCLUDE: name relative to the folder of from (cal.h's options.include). */
static int include_file(void *context, const char *from, const char *name, char **text,
                        size_t *length, char **path, char *error, size_t error_size)
{
    (void)context;
    size_t folder = 0;
    const char *slash = strrchr(from, '/');
    if (name[0] != '/' && slash)
        folder = (size_t)(slash - from) + 1;
    char *full = malloc(folder + strlen(name) + 1);
    if (!full) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    memcpy(full, from, folder);
    strcpy(full + folder, name);
    /* A regular file only (a FIFO must not hang the assembler), bounded. */
    unsigned char *data;
    size_t used;
    if (binary_read_file(full, INCLUDE_MAX_BYTES, &data, &used, error, error_size)) {
        free(full);
        return -1;
    }
    *text = (char *)data;
    *length = used;
    *path = full;
    return 0;
}

static char *default_output(const char *source, const char *suffix)
{
    size_t n = strlen(source);
    if (n > 4 && !strcmp(source + n - 4, ".cal"))
        n -= 4;
    char *out = malloc(n + 5);
    if (!out)
        return NULL;
    memcpy(out, source, n);
    strcpy(out + n, suffix);
    return out;
}

/* Does a module of the object want a name no module of it has as an entry? */
static bool wants_library(const struct object_file *object)
{
    for (size_t i = 0; i < object->module_count; i++)
        for (size_t e = 0; e < object->modules[i].external_count; e++) {
            bool found = false;
            for (size_t j = 0; j < object->module_count && !found; j++)
                for (size_t s = 0; s < object->modules[j].symbol_count && !found; s++)
                    found = object->modules[j].symbols[s].entry &&
                            !strcmp(object->modules[j].symbols[s].name,
                                    object->modules[i].externals[e]);
            if (!found)
                return true;
        }
    return false;
}

static bool unresolved_externals(const struct cal_result *result)
{
    for (size_t d = 0; d < result->diagnostic_count; d++)
        if (!strncmp(result->diagnostics[d].message, "unresolved external ", 20))
            return true;
    return false;
}

/* A program with errors that also calls the system library (so it was
 * not linked): assembled again with the library's source after it, as a
 * job's CAL step does, so that its calls are not reported as unresolved
 * beside its real errors.  The result with fewer errors is kept; returns
 * its status. */
static int assemble_with_library(const char *text, size_t length, const char *source,
                                 const struct cal_options *options,
                                 const struct cal_extra_options *extra, struct cal_result *result,
                                 int status)
{
    size_t used;
    char *whole = library_after_source(text, length, &used);
    if (!whole)
        return status;
    struct cal_result again;
    int again_status = cal_assemble_extra(whole, used, source, options, extra, &again);
    free(whole);
    if (again_status >= 0 && again.error_count < result->error_count) {
        cal_result_free(result);
        *result = again;
        return again_status;
    }
    cal_result_free(&again);
    return status;
}

/* The object's modules linked at word 0 with the system library into
 * result->executable.  0, or 1 with the loader's messages printed. */
static int link_with_library(const char *source, struct cal_result *result)
{
    struct loader_result linked;
    char error[256] = "";
    int status = library_link_with_system(&result->object, source, 0, &linked, error, sizeof error);
    if (error[0])
        fprintf(stderr, "c1cal: %s\n", error);
    for (size_t i = 0; i < linked.message_count; i++)
        fprintf(stderr, "%s: %s\n", source, linked.messages[i]);
    if (status == 0) {
        result->executable = linked.executable;
        memset(&linked.executable, 0, sizeof linked.executable);
        result->has_executable = true;
    }
    loader_result_free(&linked);
    return status ? 1 : 0;
}

int main(int argc, char **argv)
{
    const char *output = NULL, *listing = NULL, *source = NULL, *systxt = NULL;
    bool raw = false, object = false;
    unsigned models = 0;
    bool no_recursion = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(arg, "-o") && i + 1 < argc) {
            output = argv[++i];
        } else if (!strcmp(arg, "-l") && i + 1 < argc) {
            listing = argv[++i];
        } else if (!strcmp(arg, "-S") && i + 1 < argc) {
            systxt = argv[++i];
        } else if (!strcmp(arg, "-W") && i + 1 < argc) {
            if (strcmp(argv[++i], "no-recursion")) {
                fprintf(stderr, "c1cal: unknown warning option -W %s (no-recursion)\n", argv[i]);
                return 2;
            }
            no_recursion = true;
        } else if (!strcmp(arg, "-Wno-recursion")) {
            no_recursion = true;
        } else if (!strcmp(arg, "--raw")) {
            raw = true;
        } else if (!strcmp(arg, "-c")) {
            object = true;
        } else if (!strcmp(arg, "--model") && i + 1 < argc) {
            models = isa_model_from_name(argv[++i]);
            if (!models) {
                fprintf(stderr, "c1cal: unknown model %s (cray1 or xmp)\n", argv[i]);
                return 2;
            }
        } else if (arg[0] == '-' && arg[1]) {
            fprintf(stderr, "c1cal: unknown option %s\n", arg);
            usage(stderr);
            return 2;
        } else if (!source) {
            source = arg;
        } else {
            fprintf(stderr, "c1cal: more than one source file\n");
            return 2;
        }
    }
    if (!source) {
        usage(stderr);
        return 2;
    }
    size_t length;
    char *text = read_file(source, &length);
    if (!text) {
        fprintf(stderr, "c1cal: %s: %s\n", source, strerror(errno));
        return 2;
    }
    /* The system text: C-1's own, another file, or none. */
    char *systxt_text = NULL;
    size_t systxt_length = 0;
    if (systxt && strcmp(systxt, "none")) {
        char *path = NULL, error[512];
        if (include_file(NULL, "", systxt, &systxt_text, &systxt_length, &path, error,
                         sizeof error)) {
            fprintf(stderr, "c1cal: system text %s\n", error);
            free(text);
            return 2;
        }
        free(path);
    }
    struct cal_options options = {0};
    options.models = models;
    options.listing = listing != NULL;
    struct cal_extra_options extra = {0};
    extra.include = include_file;
    extra.no_recursion_warning = no_recursion;
    if (!systxt) {
        extra.system_text = systxt_source;
        extra.system_text_length = strlen(systxt_source);
        extra.system_text_name = CAL_SYSTEM_TEXT_NAME;
    } else if (systxt_text) {
        extra.system_text = systxt_text;
        extra.system_text_length = systxt_length;
        extra.system_text_name = systxt;
    }
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    options.timestamp = epoch && *epoch ? strtoll(epoch, NULL, 10) : (int64_t)time(NULL);
    if (object && raw) {
        fprintf(stderr, "c1cal: -c and --raw do not go together\n");
        free(text);
        return 2;
    }
    /* As an object first: a program that wants the system library is linked
     * with it; any other is assembled as one absolute program, as always. */
    struct cal_result result;
    extra.object = true;
    int status = cal_assemble_extra(text, length, source, &options, &extra, &result);
    bool linked = !object && status == 0 && wants_library(&result.object);
    if (!object && !linked) {
        cal_result_free(&result);
        extra.object = false;
        status = cal_assemble_extra(text, length, source, &options, &extra, &result);
        if (status > 0 && unresolved_externals(&result))
            status = assemble_with_library(text, length, source, &options, &extra, &result, status);
    }
    free(text);
    free(systxt_text);
    if (status < 0) {
        fprintf(stderr, "c1cal: %s: out of memory\n", source);
        cal_result_free(&result);
        return 2;
    }
    for (size_t d = 0; d < result.diagnostic_count; d++) {
        char line[1024];
        cal_format_diagnostic(&result.diagnostics[d], source, line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    int exit_code = status ? 1 : 0;
    if (listing && result.listing) {
        FILE *f = strcmp(listing, "-") ? fopen(listing, "w") : stdout;
        if (!f) {
            fprintf(stderr, "c1cal: %s: %s\n", listing, strerror(errno));
            exit_code = exit_code ? exit_code : 2;
        } else {
            fwrite(result.listing, 1, result.listing_length, f);
            if (f != stdout && fclose(f) != 0) {
                fprintf(stderr, "c1cal: %s: write error\n", listing);
                exit_code = exit_code ? exit_code : 2;
            }
        }
    }
    if (linked && status == 0 && link_with_library(source, &result)) {
        status = 1;
        exit_code = 1;
        fprintf(stderr, "c1cal: %s: not linked, no output written\n", source);
    } else if (object && status == 0 && result.has_object) {
        char *path = output ? strdup(output) : default_output(source, ".c1o");
        char error[512];
        if (!path || object_write_file(&result.object, path, error, sizeof error)) {
            fprintf(stderr, "c1cal: %s\n", path ? error : "out of memory");
            exit_code = 2;
        }
        free(path);
    } else if (status == 0 && result.has_executable) {
        char *path = output ? strdup(output) : default_output(source, raw ? ".img" : ".c1x");
        char error[512];
        if (!path || executable_write_file(&result.executable, path, raw, error, sizeof error)) {
            fprintf(stderr, "c1cal: %s\n", path ? error : "out of memory");
            exit_code = 2;
        }
        free(path);
    } else if (status) {
        fprintf(stderr, "c1cal: %s: %zu error%s, no output written\n", source, result.error_count,
                result.error_count == 1 ? "" : "s");
    }
    cal_result_free(&result);
    return exit_code;
}
