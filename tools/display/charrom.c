/*
 * charrom.c - reading the character ROM (see charrom.h).
 */
#include "charrom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The next line of text into line (without its '\n'); NULL at the end. */
static const char *next_line(const char *text, char *line, size_t size)
{
    if (!*text)
        return NULL;
    const char *end = strchr(text, '\n');
    size_t length = end ? (size_t)(end - text) : strlen(text);
    size_t kept = length < size - 1 ? length : size - 1;
    memcpy(line, text, kept);
    line[kept] = '\0';
    if (kept && line[kept - 1] == '\r')
        line[kept - 1] = '\0';
    return end ? end + 1 : text + length;
}

int charrom_parse(struct charrom *rom, const char *text, char *error, size_t size)
{
    memset(rom, 0, sizeof *rom);
    char line[128];
    int number = 0, glyph = -1, row = 0;
    while ((text = next_line(text, line, sizeof line))) {
        number++;
        if (glyph >= 0) {
            /* A row of dots. */
            if ((int)strlen(line) != rom->width || strspn(line, "#.") != strlen(line)) {
                snprintf(error, size, "charrom line %d: a row of glyph %02X wants %d dots of '#' "
                         "or '.'", number, glyph, rom->width);
                return -1;
            }
            uint16_t bits = 0;
            for (int x = 0; x < rom->width; x++)
                if (line[x] == '#')
                    bits |= (uint16_t)(1u << (rom->width - 1 - x));
            rom->rows[glyph][row++] = bits;
            if (row == rom->height) {
                rom->present[glyph] = true;
                glyph = -1;
            }
            continue;
        }
        if (line[0] == '#' || strspn(line, " \t") == strlen(line))
            continue;
        int value;
        char word[16];
        if (sscanf(line, "width %d", &value) == 1 && !strncmp(line, "width", 5)) {
            if (value < 1 || value > CHARROM_MAX_WIDTH) {
                snprintf(error, size, "charrom line %d: width 1-%d", number, CHARROM_MAX_WIDTH);
                return -1;
            }
            rom->width = value;
        } else if (sscanf(line, "height %d", &value) == 1 && !strncmp(line, "height", 6)) {
            if (value < 1 || value > CHARROM_MAX_HEIGHT) {
                snprintf(error, size, "charrom line %d: height 1-%d", number, CHARROM_MAX_HEIGHT);
                return -1;
            }
            rom->height = value;
        } else if (sscanf(line, "glyph %15s", word) == 1 && !strncmp(line, "glyph", 5)) {
            char *end;
            long code = strtol(word, &end, 16);
            if (*end || code < 0x20 || code > 0x7e || !rom->width || !rom->height) {
                snprintf(error, size, "charrom line %d: glyph wants a code 20-7E in hex, after "
                         "width and height", number);
                return -1;
            }
            if (rom->present[code]) {
                snprintf(error, size, "charrom line %d: glyph %02lX twice", number, code);
                return -1;
            }
            glyph = (int)code;
            row = 0;
        } else {
            snprintf(error, size, "charrom line %d: unexpected '%.40s'", number, line);
            return -1;
        }
    }
    if (glyph >= 0) {
        snprintf(error, size, "charrom: glyph %02X has %d of its %d rows", glyph, row, rom->height);
        return -1;
    }
    if (!rom->width || !rom->present['?']) {
        snprintf(error, size, "charrom: no cell size, or no glyph for '?'");
        return -1;
    }
    return 0;
}

bool charrom_dot(const struct charrom *rom, unsigned char c, int x, int y)
{
    if (c >= 128 || !rom->present[c])
        c = '?';
    if (x < 0 || y < 0 || x >= rom->width || y >= rom->height)
        return false;
    return (rom->rows[c][y] >> (rom->width - 1 - x)) & 1;
}
