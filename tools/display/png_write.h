/*
 * png_write.h - a picture to a PNG file, through libpng.
 */
#ifndef C1_TOOLS_DISPLAY_PNG_WRITE_H
#define C1_TOOLS_DISPLAY_PNG_WRITE_H

#include <stddef.h>
#include <stdint.h>

/* Write width x height pixels of 0xAARRGGBB (rows stride words apart) as
 * an 8-bit RGB PNG at path: to a temporary name in the same folder, then
 * renamed, so that path is never seen half written.  0, or -1 with a
 * message. */
int png_write_argb(const char *path, const uint32_t *pixels, int width, int height, int stride,
                   char *error, size_t size);

#endif
