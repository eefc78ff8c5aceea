/*
 * loader.h - the loader: relocatable object modules and libraries linked
 * into one absolute executable, as COS's LDR did (c1ldr, the LDR
 * statement, c1cal of a program that calls the system library).
 *
 * Every module of the object files is loaded, in order (a second module
 * of a name already loaded is skipped, with a message); then each
 * external no loaded module has as an entry is looked up in the
 * libraries' directories, in the order given, and the module that has it
 * is loaded too, until nothing more can be found.  Externals still
 * missing are errors, all named together with the modules that want
 * them; an entry defined by two loaded modules is reported and the first
 * is used.  The modules' blocks are placed from the origin one after the
 * other (each aligned as it asks), then the common blocks, one per name
 * as long as its longest declaration, the unnamed (blank) common last.
 * The load map says where everything went.
 */
#ifndef C1_OS_LOADER_H
#define C1_OS_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os/cal/executable.h"
#include "os/cal/object.h"

#define LOADER_COS_ORIGIN 0200u     /* above the Job Communication Block */
#define LOADER_MAX_MESSAGES 1000

/* An input: an object file or a library, and the name the map gives it. */
struct loader_input {
    const struct object_file *file;
    const char *name;
};

enum loader_map { LOADER_MAP_OFF, LOADER_MAP_PART, LOADER_MAP_FULL };

struct loader_result {
    bool has_executable;       /* no error */
    struct executable executable;
    uint32_t hlm;              /* the high limit: the first word after the program */
    char *map;                 /* the load map (NUL-terminated), or NULL (LOADER_MAP_OFF) */
    char **messages;           /* "error: ..." and "warning: ..." lines */
    size_t message_count;
    size_t error_count;
};

/* Link objects[] (every module) with what libraries[] supply, at origin
 * (a word address).  Returns 0 when linked, 1 with errors (see
 * result->messages), -1 out of memory.  Free the result with
 * loader_result_free() in every case. */
int loader_link(const struct loader_input *objects, size_t object_count,
                const struct loader_input *libraries, size_t library_count, uint32_t origin,
                enum loader_map map, struct loader_result *result);

void loader_result_free(struct loader_result *result);

/* A line (at most 199 characters, then a newline) added to the growing
 * text *text of *length bytes, NUL-terminated; on no memory *text is
 * freed and NULL, and later lines are dropped.  The map's and BUILD's
 * reports. */
void loader_text_line(char **text, size_t *length, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#endif
