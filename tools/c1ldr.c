/*
 * c1ldr - the loader: links relocatable object files (c1cal -c) and
 * libraries into a C-1 executable, with a load map (os/loader/loader.h);
 * with --library, collects object files into a library instead (COS's
 * BUILD: os/loader/library.h).  Every message goes to stderr; on any error
 * no output file is written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/cal/binary.h"
#include "os/cal/object.h"
#include "os/loader/library.h"
#include "os/loader/loader.h"

#define MAX_INPUTS 256
#define MAX_FILE_BYTES ((size_t)1 << 30)

static void usage(FILE *out)
{
    fprintf(out,
            "usage: c1ldr [-o OUT] [-m MAP] [--full-map] [-l LIBRARY]... [--nosyslib]\n"
            "             [--origin WORD] OBJECT...\n"
            "       c1ldr --library OUT [--old LIBRARY] OBJECT...\n"
            "\n"
            "Link every module of the OBJECT files (c1cal -c output, or libraries: all\n"
            "their modules) into one executable.  Externals no loaded module defines are\n"
            "looked up in the -l libraries, in order, then in the system library\n"
            "($SYSLIB); those still missing are errors, each named with the module that\n"
            "wants it.\n"
            "\n"
            "  -o OUT          the executable; default: a.c1x\n"
            "  -m MAP          write the load map (modules, common blocks) to MAP ('-' =\n"
            "                  standard output)\n"
            "  --full-map      the map lists every entry point too\n"
            "  -l LIBRARY      search LIBRARY (made with --library or BUILD)\n"
            "  --nosyslib      do not search the system library\n"
            "  --origin WORD   load at WORD (octal with a leading 0); default 0200, above\n"
            "                  the Job Communication Block as COS loads; 0 for the bare\n"
            "                  machine\n"
            "  --library OUT   write a library of the OBJECT files' modules (after those\n"
            "                  of --old LIBRARY, a module of the same name replaced), with\n"
            "                  a directory of their entry points\n"
            "  -h, --help      this text\n"
            "\n"
            "Exit status: 0 linked, 1 link errors (no output written), 2 usage or I/O\n"
            "error.\n");
}

static int read_object(const char *path, struct object_file *file)
{
    unsigned char *bytes;
    size_t length;
    char error[512];
    if (binary_read_file(path, MAX_FILE_BYTES, &bytes, &length, error, sizeof error)) {
        fprintf(stderr, "c1ldr: %s\n", error);
        return -1;
    }
    int status = object_parse(bytes, length, file, error, sizeof error);
    free(bytes);
    if (status)
        fprintf(stderr, "c1ldr: %s: %s\n", path, error);
    return status;
}

static int write_map(const char *path, const char *map)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
    if (!f) {
        fprintf(stderr, "c1ldr: %s: %s\n", path, strerror(errno));
        return -1;
    }
    fputs(map, f);
    if (f != stdout && fclose(f) != 0) {
        fprintf(stderr, "c1ldr: %s: write error\n", path);
        return -1;
    }
    return 0;
}

struct options {
    const char *output, *map, *library, *old;
    const char *inputs[MAX_INPUTS], *libraries[MAX_INPUTS];
    int input_count, library_count;
    bool full_map, nosyslib;
    uint32_t origin;
};

static int parse_options(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof *o);
    o->origin = LOADER_COS_ORIGIN;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        bool value = i + 1 < argc;
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(arg, "-o") && value) {
            o->output = argv[++i];
        } else if (!strcmp(arg, "-m") && value) {
            o->map = argv[++i];
        } else if (!strcmp(arg, "--full-map")) {
            o->full_map = true;
        } else if (!strcmp(arg, "--nosyslib")) {
            o->nosyslib = true;
        } else if (!strcmp(arg, "--library") && value) {
            o->library = argv[++i];
        } else if (!strcmp(arg, "--old") && value) {
            o->old = argv[++i];
        } else if (!strcmp(arg, "-l") && value) {
            if (o->library_count == MAX_INPUTS) {
                fprintf(stderr, "c1ldr: more than %d libraries\n", MAX_INPUTS);
                return -1;
            }
            o->libraries[o->library_count++] = argv[++i];
        } else if (!strcmp(arg, "--origin") && value) {
            char *end;
            errno = 0;
            unsigned long n = strtoul(argv[++i], &end, 0);
            if (errno || *end || end == argv[i] || argv[i][0] < '0' || argv[i][0] > '9' ||
                n >= (1u << 24)) {
                fprintf(stderr, "c1ldr: bad origin %s (a word address below 2^24)\n", argv[i]);
                return -1;
            }
            o->origin = (uint32_t)n;
        } else if (arg[0] == '-' && arg[1]) {
            fprintf(stderr, "c1ldr: unknown option %s (c1ldr --help)\n", arg);
            return -1;
        } else if (o->input_count == MAX_INPUTS) {
            fprintf(stderr, "c1ldr: more than %d object files\n", MAX_INPUTS);
            return -1;
        } else {
            o->inputs[o->input_count++] = arg;
        }
    }
    if (o->input_count == 0) {
        fprintf(stderr, "c1ldr: no object file given (c1ldr --help)\n");
        return -1;
    }
    if (o->old && !o->library) {
        fprintf(stderr, "c1ldr: --old goes with --library (c1ldr --help)\n");
        return -1;
    }
    return 0;
}

static int make_library(const struct options *o, struct loader_input *inputs)
{
    struct object_file old = {0}, library;
    if (o->old && read_object(o->old, &old))
        return 2;
    char *report = NULL, error[512];
    int status = library_build(o->old ? &old : NULL, inputs, (size_t)o->input_count, &library,
                               &report, error, sizeof error);
    object_file_free(&old);
    if (status) {
        fprintf(stderr, "c1ldr: %s: %s\n", o->library, error);
        return 1;
    }
    fputs(report, stderr);
    free(report);
    status = object_write_file(&library, o->library, error, sizeof error);
    object_file_free(&library);
    if (status) {
        fprintf(stderr, "c1ldr: %s\n", error);
        return 2;
    }
    return 0;
}

static int link_program(const struct options *o, struct loader_input *inputs,
                        struct object_file *libraries, struct loader_input *searched)
{
    size_t searched_count = (size_t)o->library_count;
    if (!o->nosyslib) {
        char error[256];
        if (library_system(&libraries[o->library_count], error, sizeof error)) {
            fprintf(stderr, "c1ldr: %s\n", error);
            return 2;
        }
        searched[searched_count].file = &libraries[o->library_count];
        searched[searched_count++].name = "$SYSLIB";
    }
    struct loader_result result;
    int status = loader_link(inputs, (size_t)o->input_count, searched, searched_count, o->origin,
                             o->map ? (o->full_map ? LOADER_MAP_FULL : LOADER_MAP_PART)
                                    : LOADER_MAP_OFF,
                             &result);
    for (size_t i = 0; i < result.message_count; i++)
        fprintf(stderr, "c1ldr: %s\n", result.messages[i]);
    int exit_code = status < 0 ? 2 : status ? 1 : 0;
    if (status < 0)
        fprintf(stderr, "c1ldr: out of memory\n");
    if (status == 0) {
        const char *path = o->output ? o->output : "a.c1x";
        char error[512];
        if (executable_write_file(&result.executable, path, false, error, sizeof error)) {
            fprintf(stderr, "c1ldr: %s\n", error);
            exit_code = 2;
        } else if (o->map && write_map(o->map, result.map)) {
            exit_code = 2;
        }
    } else if (status > 0) {
        fprintf(stderr, "c1ldr: %zu error%s, no output written\n", result.error_count,
                result.error_count == 1 ? "" : "s");
    }
    loader_result_free(&result);
    return exit_code;
}

int main(int argc, char **argv)
{
    static struct options o;
    if (parse_options(argc, argv, &o))
        return 2;
    static struct object_file files[MAX_INPUTS], libraries[MAX_INPUTS + 1];
    static struct loader_input inputs[MAX_INPUTS], searched[MAX_INPUTS + 1];
    int exit_code = 0;
    for (int i = 0; i < o.input_count && !exit_code; i++) {
        if (read_object(o.inputs[i], &files[i]))
            exit_code = 2;
        inputs[i].file = &files[i];
        inputs[i].name = o.inputs[i];
    }
    for (int i = 0; i < o.library_count && !exit_code; i++) {
        if (read_object(o.libraries[i], &libraries[i]))
            exit_code = 2;
        else if (libraries[i].kind != OBJECT_LIBRARY) {
            fprintf(stderr, "c1ldr: %s: an object file, not a library (make one with "
                    "--library)\n", o.libraries[i]);
            exit_code = 2;
        }
        searched[i].file = &libraries[i];
        searched[i].name = o.libraries[i];
    }
    if (!exit_code)
        exit_code = o.library ? make_library(&o, inputs) : link_program(&o, inputs, libraries, searched);
    for (int i = 0; i < MAX_INPUTS; i++)
        object_file_free(&files[i]);
    for (int i = 0; i <= MAX_INPUTS; i++)
        object_file_free(&libraries[i]);
    return exit_code;
}
