/*
 * display.h - c1's SDL2 status display of a running site: the operator's
 * picture of the machine, drawn in software into an SDL surface and shown
 * in a window (c1 --display), or only rendered off screen for screenshots
 * (the SCREENSHOT command, c1 --screenshot-at), so that it works with any
 * SDL video driver, the offscreen and dummy ones included, and with none.
 *
 * The display never holds the machine up: the front end calls
 * display_sample after every slice of machine time (it only notes each
 * PC's clock and floating-point count) and display_frame as often as it
 * likes; a frame is drawn at most DISPLAY_FPS times a second of wall time,
 * from the OS's and the machine's state as they stand, and the site's
 * files (SITE/dayfile, SITE/drop).  All its state is in struct display.
 *
 * Every letter is drawn from the character ROM (roms/charrom.txt) at one
 * dot per pixel.  The picture is DISPLAY_WIDTH pixels wide; its height
 * depends on the number of PCs.  The layout, in pixels (tests rely on it):
 *
 *   title bar      y 0, height DISPLAY_TITLE_HEIGHT, the whole width
 *   PC panels      from y DISPLAY_PCS_TOP: one per PC, in rows of up to 4
 *                  (1 PC: one column, 2: two, 3: three, more: four) of
 *                  equal width, DISPLAY_GAP apart, within DISPLAY_MARGIN of
 *                  each side; each DISPLAY_PC_HEIGHT high
 *   memory map     the whole width, under the PC panels
 *   input queue    left column (DISPLAY_LEFT_WIDTH), under the memory map
 *   dropfiles      left column, under the input queue
 *   dayfile        right of the left column, as high as both
 *
 * Every panel has a 1-pixel border and a header strip of
 * DISPLAY_HEADER_HEIGHT in its kind's colour (the border is drawn in the
 * same colour), with its title in white; its body text starts
 * DISPLAY_PAD pixels right of the panel's left edge, the first line
 * DISPLAY_HEADER_HEIGHT + DISPLAY_PAD_TOP below its top, lines
 * DISPLAY_LINE apart.  A PC panel's first line starts with the job's name
 * in DISPLAY_NAME_COLOUR.
 */
#ifndef C1_TOOLS_DISPLAY_DISPLAY_H
#define C1_TOOLS_DISPLAY_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>

struct os;
struct display;

#define DISPLAY_FPS 30
#define DISPLAY_WIDTH 1024
#define DISPLAY_MARGIN 8
#define DISPLAY_GAP 6
#define DISPLAY_TITLE_HEIGHT 22
#define DISPLAY_PCS_TOP 28
#define DISPLAY_HEADER_HEIGHT 18
#define DISPLAY_PAD 6
#define DISPLAY_PAD_TOP 4
#define DISPLAY_LINE 14
#define DISPLAY_PC_HEIGHT 96
#define DISPLAY_MEMORY_HEIGHT 92
#define DISPLAY_LEFT_WIDTH 330
#define DISPLAY_BOTTOM_HEIGHT 394

/* Colours (0xRRGGBB). */
#define DISPLAY_BACKGROUND 0x0a0e12
#define DISPLAY_PANEL_COLOUR 0x121a22       /* a panel's body */
#define DISPLAY_TITLE_COLOUR 0x1c2833       /* the title bar */
#define DISPLAY_PC_BUSY_COLOUR 0x2f7fa8     /* header and border of a PC with a job */
#define DISPLAY_PC_IDLE_COLOUR 0x3a4650     /* ... of an idle PC */
#define DISPLAY_MEMORY_COLOUR 0x7a5fa8
#define DISPLAY_QUEUE_COLOUR 0x2f8f5f
#define DISPLAY_DROP_COLOUR 0xa8742f
#define DISPLAY_DAYFILE_COLOUR 0x5f6f7f
#define DISPLAY_NAME_COLOUR 0x7dffa0        /* a running job's name */
#define DISPLAY_TEXT_COLOUR 0xc8d2dc
#define DISPLAY_HEADER_TEXT_COLOUR 0xffffff

/* Make the display of a booted site: with window, an SDL window (SDL's
 * video subsystem, any driver); without, off screen only.  NULL with a
 * message on failure. */
struct display *display_create(struct os *os, bool window, char *error, size_t size);
void display_destroy(struct display *display);

/* Note each PC's clock and floating-point results (MFLOPS over the
 * interval since the last sample).  Cheap: call after every slice. */
void display_sample(struct display *display);

/* Handle the window's events and redraw it if 1/DISPLAY_FPS s has passed
 * since the last frame.  Closing the window closes the display's window
 * only: the site runs on, and screenshots still work. */
void display_frame(struct display *display);

/* Render the display as it stands and write it to path as a PNG (written
 * to a temporary name, then renamed).  0, or -1 with a message. */
int display_screenshot(struct display *display, const char *path, char *error, size_t size);

/* The same, in the shape of struct os's screenshot hook (context: the
 * display). */
int display_screenshot_hook(void *context, const char *path, char *error, size_t size);

/* The picture's size for this site. */
void display_size(const struct display *display, int *width, int *height);

#endif
