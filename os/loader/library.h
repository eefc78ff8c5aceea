/*
 * library.h - libraries of object modules (COS's BUILD): made from an old
 * library and object files, and the system library ($SYSLIB, the
 * modules of roms/syslib.cal) that the loader searches by default.
 *
 * A library is an object file of kind OBJECT_LIBRARY: its modules and a
 * directory of their entry points (os/cal/object.h).  One entry name in
 * two of its modules is an error.
 */
#ifndef C1_OS_LIBRARY_H
#define C1_OS_LIBRARY_H

#include <stddef.h>

#include "loader.h"

/* The modules of old (NULL: none) then those of objects[] in order, a
 * module replacing the one of the same name.  *report (malloc'd) says what
 * happened to each module, a line each ("ADDED", "REPLACED").  0, or -1
 * with a message (a duplicate entry, no memory) and *library empty. */
int library_build(const struct object_file *old, const struct loader_input *objects,
                  size_t count, struct object_file *library, char **report, char *error,
                  size_t error_size);

/* The system library's CAL source (roms/syslib.cal, built in). */
const char *library_system_source(void);
/* text, a newline if it lacks one, then the system library's source: a
 * program assembled whole with the library (malloc'd, *whole_length
 * bytes; NULL if there is no memory). */
char *library_after_source(const char *text, size_t length, size_t *whole_length);

/* The system library: the built-in roms/syslib.cal assembled as object
 * modules.  0, or -1 with a message. */
int library_system(struct object_file *library, char *error, size_t error_size);

/* object (named name in messages) linked at origin with the system
 * library's modules it calls: as loader_link, into *linked (free it with
 * loader_result_free).  0, or -1 (*linked's messages say why; error says
 * why the system library itself failed, if it did). */
int library_link_with_system(const struct object_file *object, const char *name, uint32_t origin,
                             struct loader_result *linked, char *error, size_t error_size);

#endif
