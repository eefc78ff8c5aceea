/*
 * executable.c - reading, writing and loading C-1 executables (see
 * executable.h; the byte layout is in docs/executable-format.md).
 *
 * Below the whole assembler; may use nothing of os/cal/ but executable.h and
 * binary.c (the byte level).
 */
#include "executable.h"

#include "binary.h"

#include "os/disk/disk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MODEL_BITS 3u   /* MODEL_CRAY1 | MODEL_XMP (emu/isa.h) */
#define MAX_FILE_BYTES ((size_t)1 << 30)

void executable_free(struct executable *exe)
{
    if (!exe)
        return;
    free(exe->words);
    free(exe->symbols);
    memset(exe, 0, sizeof *exe);
}

static int parse_raw(const unsigned char *bytes, size_t length, struct executable *exe,
                     char *error, size_t size)
{
    if (length == 0)
        return binary_fail(error, size, "empty file: not an executable or raw image");
    if (length % 8)
        return binary_fail(error, size,
                    "raw image of %zu bytes is not a whole number of 64-bit words", length);
    if (length / 8 > MEMORY_MAX_WORDS)
        return binary_fail(error, size, "raw image of %zu words is larger than the largest memory",
                    length / 8);
    exe->raw = true;
    exe->version = 0;
    exe->models = MODEL_BITS;
    exe->entry = 0;
    exe->word_count = (uint32_t)(length / 8);
    exe->words = malloc(length);
    if (!exe->words)
        return binary_fail(error, size, "out of memory");
    for (size_t w = 0; w < length / 8; w++)
        exe->words[w] = binary_get64(bytes + 8 * w);
    return 0;
}

static int parse_format(const unsigned char *bytes, size_t length, struct executable *exe,
                        char *error, size_t size)
{
    if (length < EXECUTABLE_HEADER_BYTES + 8)
        return binary_fail(error, size, "truncated executable: %zu bytes, the header alone needs %u",
                    length, EXECUTABLE_HEADER_BYTES + 8);
    if (memcmp(bytes, EXECUTABLE_MAGIC, 8))
        return binary_fail(error, size, "not a C-1 executable (bad magic)");
    uint32_t version = binary_get32(bytes + 8);
    if (version != 1 && version != EXECUTABLE_VERSION)
        return binary_fail(error, size, "unsupported executable format version %u (this reader knows 1 "
                    "and %u)", version, EXECUTABLE_VERSION);
    uint32_t models = binary_get32(bytes + 12);
    if (models == 0 || (models & ~MODEL_BITS))
        return binary_fail(error, size, "bad model field 0x%x in the header", models);
    if (!binary_get_name(bytes + 16, exe->name, true))
        return binary_fail(error, size, "bad program name in the header");
    uint64_t entry = binary_get64(bytes + 24);
    uint64_t words = binary_get64(bytes + 32);
    uint64_t symbols = binary_get64(bytes + 40);
    /* Version 1: a reserved word, 0 (the program loads at word 0); version
     * 2: the origin, the word of the field where the image's word 0 goes. */
    uint64_t origin = binary_get64(bytes + 48);
    if (version == 1 && origin != 0)
        return binary_fail(error, size, "reserved header word is not zero");
    if (version == 2 && origin == 0)
        return binary_fail(error, size, "version 2 with origin 0 (such a program is written as version 1)");
    if (words > MEMORY_MAX_WORDS)
        return binary_fail(error, size, "word count %llu is larger than the largest memory",
                    (unsigned long long)words);
    if (symbols > EXECUTABLE_MAX_SYMBOLS)
        return binary_fail(error, size, "symbol count %llu is too large", (unsigned long long)symbols);
    if (origin > MEMORY_MAX_WORDS - words)
        return binary_fail(error, size, "origin %llo (octal) puts the program past the largest memory",
                    (unsigned long long)origin);
    if (entry != EXECUTABLE_NO_ENTRY && (entry < origin * 4 || entry >= (origin + words) * 4))
        return binary_fail(error, size, "entry point parcel %llo (octal) is outside the %llu words",
                    (unsigned long long)entry, (unsigned long long)words);
    size_t expected = EXECUTABLE_HEADER_BYTES + (size_t)words * 8 +
                      (size_t)symbols * EXECUTABLE_SYMBOL_BYTES + 8;
    if (length < expected)
        return binary_fail(error, size, "truncated executable: %zu bytes, expected %zu", length,
                    expected);
    if (length > expected)
        return binary_fail(error, size, "%zu bytes of garbage after the end of the executable",
                    length - expected);
    uint64_t sum = binary_get64(bytes + expected - 8);
    if (sum != binary_checksum(bytes, expected - 8))
        return binary_fail(error, size, "checksum mismatch: the executable is damaged");

    exe->raw = false;
    exe->version = version;
    exe->models = models;
    exe->entry = entry;
    exe->origin = (uint32_t)origin;
    exe->word_count = (uint32_t)words;
    exe->words = malloc(words ? (size_t)words * 8 : 1);
    exe->symbols = calloc(symbols ? (size_t)symbols : 1, sizeof *exe->symbols);
    if (!exe->words || !exe->symbols)
        return binary_fail(error, size, "out of memory");
    const unsigned char *p = bytes + EXECUTABLE_HEADER_BYTES;
    for (uint64_t w = 0; w < words; w++, p += 8)
        exe->words[w] = binary_get64(p);
    for (uint64_t s = 0; s < symbols; s++, p += EXECUTABLE_SYMBOL_BYTES) {
        struct executable_symbol *sym = &exe->symbols[s];
        if (!binary_get_name(p, sym->name, false))
            return binary_fail(error, size, "symbol %llu: bad name", (unsigned long long)s);
        if (!binary_get_name(p + 8, sym->section, true))
            return binary_fail(error, size, "symbol %s: bad section name", sym->name);
        sym->value = (int64_t)binary_get64(p + 16);
        uint8_t attribute = p[24];
        if (attribute != EXE_ATTR_VALUE && attribute != EXE_ATTR_WORD && attribute != EXE_ATTR_PARCEL)
            return binary_fail(error, size, "symbol %s: bad attribute byte 0x%02x", sym->name, attribute);
        sym->attribute = attribute;
        if (p[25] > 1)
            return binary_fail(error, size, "symbol %s: bad flags 0x%02x", sym->name, p[25]);
        sym->entry = p[25] & 1;
        for (int i = 26; i < 32; i++)
            if (p[i])
                return binary_fail(error, size, "symbol %s: reserved bytes are not zero", sym->name);
        exe->symbol_count = (size_t)s + 1;
    }
    exe->symbol_count = (size_t)symbols;
    return 0;
}

int executable_parse(const unsigned char *bytes, size_t length, enum executable_kind kind,
                     struct executable *exe, char *error, size_t error_size)
{
    memset(exe, 0, sizeof *exe);
    exe->entry = EXECUTABLE_NO_ENTRY;
    int status;
    bool headed = length >= 4 && !memcmp(bytes, EXECUTABLE_MAGIC, 4);
    if (kind == EXE_KIND_RAW || (kind == EXE_KIND_ANY && !headed))
        status = parse_raw(bytes, length, exe, error, error_size);
    else
        status = parse_format(bytes, length, exe, error, error_size);
    if (status)
        executable_free(exe);
    return status;
}

int executable_read_file(const char *path, enum executable_kind kind, struct executable *exe,
                         char *error, size_t error_size)
{
    memset(exe, 0, sizeof *exe);
    FILE *f = fopen(path, "rb");
    if (!f)
        return binary_fail(error, error_size, "%s: %s", path, strerror(errno));
    unsigned char *bytes = NULL;
    size_t length = 0, capacity = 0;
    for (;;) {
        if (length == capacity) {
            if (capacity >= MAX_FILE_BYTES) {
                free(bytes);
                fclose(f);
                return binary_fail(error, error_size, "%s: file too large", path);
            }
            capacity = capacity ? capacity * 2 : 65536;
            unsigned char *grown = realloc(bytes, capacity);
            if (!grown) {
                free(bytes);
                fclose(f);
                return binary_fail(error, error_size, "%s: out of memory", path);
            }
            bytes = grown;
        }
        size_t n = fread(bytes + length, 1, capacity - length, f);
        length += n;
        if (n == 0)
            break;
    }
    bool read_error = ferror(f);
    fclose(f);
    if (read_error) {
        free(bytes);
        return binary_fail(error, error_size, "%s: read error", path);
    }
    char message[256];
    int status = executable_parse(bytes, length, kind, exe, message, sizeof message);
    free(bytes);
    if (status)
        return binary_fail(error, error_size, "%s: %s", path, message);
    return 0;
}

int executable_serialize(const struct executable *exe, bool raw, unsigned char **bytes,
                         size_t *length)
{
    *bytes = NULL;
    *length = 0;
    if (exe->word_count > MEMORY_MAX_WORDS || exe->symbol_count > EXECUTABLE_MAX_SYMBOLS ||
        exe->origin > MEMORY_MAX_WORDS - exe->word_count || (raw && exe->origin))
        return -1;
    size_t n = raw ? (size_t)exe->word_count * 8
                   : EXECUTABLE_HEADER_BYTES + (size_t)exe->word_count * 8 +
                         exe->symbol_count * EXECUTABLE_SYMBOL_BYTES + 8;
    unsigned char *out = calloc(n ? n : 1, 1);
    if (!out)
        return -1;
    unsigned char *p = out;
    if (!raw) {
        memcpy(p, EXECUTABLE_MAGIC, 8);
        binary_put32(p + 8, exe->origin ? EXECUTABLE_VERSION : 1u);
        binary_put32(p + 12, exe->models & MODEL_BITS ? exe->models & MODEL_BITS : MODEL_BITS);
        if (!binary_put_name(p + 16, exe->name))
            goto bad;
        binary_put64(p + 24, exe->entry);
        binary_put64(p + 32, exe->word_count);
        binary_put64(p + 40, exe->symbol_count);
        binary_put64(p + 48, exe->origin);
        p += EXECUTABLE_HEADER_BYTES;
    }
    for (uint32_t w = 0; w < exe->word_count; w++, p += 8)
        binary_put64(p, exe->words[w]);
    if (!raw) {
        for (size_t s = 0; s < exe->symbol_count; s++, p += EXECUTABLE_SYMBOL_BYTES) {
            const struct executable_symbol *sym = &exe->symbols[s];
            if (!binary_put_name(p, sym->name) || !binary_put_name(p + 8, sym->section))
                goto bad;
            binary_put64(p + 16, (uint64_t)sym->value);
            p[24] = sym->attribute;
            p[25] = sym->entry ? 1 : 0;
        }
        binary_put64(p, binary_checksum(out, n - 8));
    }
    *bytes = out;
    *length = n;
    return 0;
bad:
    free(out);
    return -1;
}

int executable_write_file(const struct executable *exe, const char *path, bool raw, char *error,
                          size_t error_size)
{
    unsigned char *bytes;
    size_t length;
    if (executable_serialize(exe, raw, &bytes, &length))
        return binary_fail(error, error_size, "%s: cannot encode the executable", path);
    /* Atomic, never through a planted link; into a device or FIFO as it is
     * (`c1cal -o /dev/null`). */
    int status = disk_write_atomic(NULL, path, bytes, length, 0644);
    int saved = errno;
    free(bytes);
    if (status)
        return binary_fail(error, error_size, "%s: %s", path, strerror(saved));
    return 0;
}

int executable_load(const struct executable *exe, struct memory *memory, uint32_t base_word)
{
    uint64_t at = (uint64_t)base_word + exe->origin;
    if (at > memory->size || exe->word_count > memory->size - at)
        return -1;
    if (exe->word_count)
        memcpy(memory->word + at, exe->words, (size_t)exe->word_count * 8);
    return 0;
}
