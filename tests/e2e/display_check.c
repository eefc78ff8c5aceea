/*
 * display_check.c - checks a screenshot of c1's status display for
 * tests/e2e/display.sh, against the layout (tools/display/display.h) and
 * the character ROM (roms/charrom.txt), read here independently of c1.
 *
 *   display_check FILE.png ROM.txt < CHECKS
 *
 * One check a line ('#' starts a comment):
 *
 *   size W H                  the picture is W x H pixels
 *   pixel X Y RRGGBB          the pixel at (X, Y) has this colour
 *   text X Y RRGGBB STRING    STRING (the rest of the line) is drawn with
 *                             its cell's top left at (X, Y): every lit dot
 *                             of each glyph has the colour, and no dark dot
 *   notext X Y RRGGBB STRING  it is not
 *
 * Prints "ok: CHECK" or "FAIL: CHECK: why" for each; exits 1 if one failed,
 * 2 if the picture or the ROM cannot be read.
 */
#include <png.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rom {
    int width, height;
    bool present[128];
    char dots[128][32][17];   /* '#' or '.' */
};

static int read_rom(const char *path, struct rom *rom)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    memset(rom, 0, sizeof *rom);
    char line[256];
    int glyph = -1, row = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (glyph >= 0) {
            snprintf(rom->dots[glyph][row], sizeof rom->dots[glyph][row], "%s", line);
            if (++row == rom->height) {
                rom->present[glyph] = true;
                glyph = -1;
            }
        } else if (!strncmp(line, "width ", 6)) {
            rom->width = atoi(line + 6);
        } else if (!strncmp(line, "height ", 7)) {
            rom->height = atoi(line + 7);
        } else if (!strncmp(line, "glyph ", 6)) {
            glyph = (int)strtol(line + 6, NULL, 16) & 127;
            row = 0;
        }
    }
    fclose(f);
    return rom->width > 0 && rom->width <= 16 && rom->height > 0 && rom->height <= 32 ? 0 : -1;
}

static png_image image;
static uint8_t *pixels;

static uint32_t pixel_at(int x, int y)
{
    if (x < 0 || y < 0 || x >= (int)image.width || y >= (int)image.height)
        return 0xFFFFFFFFu;
    const uint8_t *p = pixels + ((size_t)y * image.width + (size_t)x) * 3;
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* NULL if the text is there, else why not. */
static const char *text_there(const struct rom *rom, int x, int y, uint32_t colour,
                              const char *text, char *why, size_t size)
{
    for (int i = 0; text[i]; i++) {
        int c = (unsigned char)text[i] & 127;
        if (!rom->present[c])
            c = '?';
        for (int row = 0; row < rom->height; row++)
            for (int col = 0; col < rom->width; col++) {
                int px = x + i * rom->width + col, py = y + row;
                bool lit = rom->dots[c][row][col] == '#';
                uint32_t got = pixel_at(px, py);
                if (lit != (got == colour)) {
                    snprintf(why, size, "'%c' dot (%d,%d) at (%d,%d) is %06X, %s %06X", text[i],
                             col, row, px, py, got, lit ? "wanted" : "must not be", colour);
                    return why;
                }
            }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: display_check FILE.png ROM.txt < CHECKS\n");
        return 2;
    }
    struct rom *rom = malloc(sizeof *rom);
    if (!rom || read_rom(argv[2], rom)) {
        fprintf(stderr, "display_check: cannot read the ROM %s\n", argv[2]);
        return 2;
    }
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, argv[1])) {
        fprintf(stderr, "display_check: %s: %s\n", argv[1], image.message);
        return 2;
    }
    image.format = PNG_FORMAT_RGB;
    pixels = malloc(PNG_IMAGE_SIZE(image));
    if (!pixels || !png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        fprintf(stderr, "display_check: %s: %s\n", argv[1], image.message);
        return 2;
    }
    char line[512];
    int failed = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char kind[16], why[200] = "";
        int x, y, consumed = 0;
        unsigned colour;
        const char *problem = NULL;
        if (sscanf(line, "size %d %d", &x, &y) == 2) {
            if ((int)image.width != x || (int)image.height != y) {
                snprintf(why, sizeof why, "the picture is %ux%u", image.width, image.height);
                problem = why;
            }
        } else if (sscanf(line, "%15s %d %d %x %n", kind, &x, &y, &colour, &consumed) == 4) {
            if (!strcmp(kind, "pixel")) {
                if (pixel_at(x, y) != colour) {
                    snprintf(why, sizeof why, "it is %06X", pixel_at(x, y));
                    problem = why;
                }
            } else if (!strcmp(kind, "text") && consumed) {
                problem = text_there(rom, x, y, colour, line + consumed, why, sizeof why);
            } else if (!strcmp(kind, "notext") && consumed) {
                if (!text_there(rom, x, y, colour, line + consumed, why, sizeof why))
                    problem = "the text is there";
            } else {
                problem = "not a check";
            }
        } else {
            problem = "not a check";
        }
        if (problem) {
            printf("FAIL: %s: %s\n", line, problem);
            failed++;
        } else {
            printf("ok: %s\n", line);
        }
    }
    return failed ? 1 : 0;
}
