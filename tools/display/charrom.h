/*
 * charrom.h - the status display's character ROM (roms/charrom.txt, whose
 * header describes the format): a dot matrix per character code 20-7E.
 * The Makefile builds the file into c1 as text (charrom_source).
 */
#ifndef C1_TOOLS_DISPLAY_CHARROM_H
#define C1_TOOLS_DISPLAY_CHARROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHARROM_MAX_WIDTH 16
#define CHARROM_MAX_HEIGHT 32

struct charrom {
    int width, height;                           /* the cell, in dots */
    bool present[128];
    uint16_t rows[128][CHARROM_MAX_HEIGHT];      /* bit (width-1-x) of a row: dot x lit */
};

/* roms/charrom.txt as built into c1. */
extern const char charrom_source[];

/* Read a ROM from its text.  0, or -1 with a message naming the line. */
int charrom_parse(struct charrom *rom, const char *text, char *error, size_t size);

/* Is dot (x, y) of character c lit?  A character without a glyph is
 * drawn as '?'. */
bool charrom_dot(const struct charrom *rom, unsigned char c, int x, int y);

#endif
