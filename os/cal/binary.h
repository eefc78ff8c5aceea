/*
 * binary.h - the byte level shared by C-1's binary files (executables,
 * object modules, libraries): big-endian integers, 8-byte name fields and
 * the FNV-1a checksum every such file ends with.
 */
#ifndef C1_OS_CAL_BINARY_H
#define C1_OS_CAL_BINARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint64_t binary_get64(const unsigned char *p);
uint32_t binary_get32(const unsigned char *p);
void binary_put64(unsigned char *p, uint64_t v);
void binary_put32(unsigned char *p, uint32_t v);

/* A message into error[0..size) (if error); returns -1, for a reader's
 * "return binary_fail(...)". */
int binary_fail(char *error, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* FNV-1a, 64 bits (offset basis cbf29ce484222325, prime 100000001b3). */
uint64_t binary_checksum(const unsigned char *bytes, size_t length);

/* An 8-byte name field: 0..8 characters A-Z a-z $ % @ (then also 0-9),
 * then NUL padding.  false if malformed, or empty and !allow_empty. */
bool binary_get_name(const unsigned char *p, char out[9], bool allow_empty);
/* false if name is longer than 8 characters. */
bool binary_put_name(unsigned char *p, const char *name);

/* The whole of a regular file, at most max_bytes (never through a link's
 * surprises: a FIFO or device is refused).  0, or -1 with a message
 * naming the file. */
int binary_read_file(const char *path, size_t max_bytes, unsigned char **bytes, size_t *length,
                     char *error, size_t error_size);

#endif
