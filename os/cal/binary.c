/*
 * binary.c - big-endian integers, name fields, the checksum and the
 * bounded reading of C-1's binary files (see binary.h).
 *
 * Below the whole assembler; uses nothing of os/cal/.
 */
#include "binary.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint64_t binary_get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

uint32_t binary_get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void binary_put64(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (unsigned char)(v & 0xFF);
        v >>= 8;
    }
}

void binary_put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

int binary_fail(char *error, size_t size, const char *format, ...)
{
    if (error && size) {
        va_list args;
        va_start(args, format);
        vsnprintf(error, size, format, args);
        va_end(args);
    }
    return -1;
}

uint64_t binary_checksum(const unsigned char *bytes, size_t length)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < length; i++) {
        h ^= bytes[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static bool name_char(int c, bool first)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '$' || c == '%' || c == '@')
        return true;
    return !first && c >= '0' && c <= '9';
}

bool binary_get_name(const unsigned char *p, char out[9], bool allow_empty)
{
    int n = 0;
    while (n < 8 && p[n])
        n++;
    for (int i = n; i < 8; i++)
        if (p[i])
            return false;
    for (int i = 0; i < n; i++)
        if (!name_char(p[i], i == 0))
            return false;
    if (n == 0 && !allow_empty)
        return false;
    memcpy(out, p, (size_t)n);
    out[n] = '\0';
    return true;
}

bool binary_put_name(unsigned char *p, const char *name)
{
    size_t n = strlen(name);
    if (n > 8)
        return false;
    memset(p, 0, 8);
    memcpy(p, name, n);
    return true;
}

int binary_read_file(const char *path, size_t max_bytes, unsigned char **bytes, size_t *length,
                     char *error, size_t error_size)
{
    *bytes = NULL;
    *length = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        binary_fail(error, error_size, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max_bytes) {
        binary_fail(error, error_size, "%s: %s", path,
                    S_ISREG(st.st_mode) ? "file too large" : "not a regular file");
        close(fd);
        return -1;
    }
    size_t size = (size_t)st.st_size, used = 0;
    unsigned char *data = malloc(size ? size : 1);
    while (data && used < size) {
        ssize_t n = read(fd, data + used, size - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += (size_t)n;
    }
    int saved = errno;
    close(fd);
    if (!data)
        return binary_fail(error, error_size, "%s: out of memory", path);
    if (used < size) {
        free(data);
        return binary_fail(error, error_size, "%s: read error: %s", path, strerror(saved));
    }
    *bytes = data;
    *length = used;
    return 0;
}
