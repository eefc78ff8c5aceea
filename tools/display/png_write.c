/*
 * png_write.c - see png_write.h.
 */
#include "png_write.h"

#include "os/disk/disk.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct png_error_text {
    char *error;
    size_t size;
};

static void on_png_error(png_structp png, png_const_charp message)
{
    struct png_error_text *e = png_get_error_ptr(png);
    snprintf(e->error, e->size, "PNG: %s", message);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp message)
{
    (void)png;
    (void)message;
}

/* The rows, written; 0 or -1 (the message in e). */
static int write_rows(FILE *file, const uint32_t *pixels, int width, int height, int stride,
                      unsigned char *row, struct png_error_text *e)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, e, on_png_error,
                                              on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        snprintf(e->error, e->size, "PNG: out of memory");
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, file);
    png_set_compression_level(png, 9);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        const uint32_t *p = pixels + (size_t)y * (size_t)stride;
        for (int x = 0; x < width; x++) {
            row[3 * x] = (unsigned char)(p[x] >> 16);
            row[3 * x + 1] = (unsigned char)(p[x] >> 8);
            row[3 * x + 2] = (unsigned char)p[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int png_write_argb(const char *path, const uint32_t *pixels, int width, int height, int stride,
                   char *error, size_t size)
{
    struct png_error_text e = {error, size};
    unsigned char *row = malloc((size_t)width * 3);
    char *image = NULL;
    size_t image_length = 0;
    /* The PNG in memory, then one atomic write (never through a link). */
    FILE *file = row ? open_memstream(&image, &image_length) : NULL;
    int status = -1;
    if (!file) {
        snprintf(error, size, "out of memory");
    } else {
        status = write_rows(file, pixels, width, height, stride, row, &e);
        if (fclose(file) && status == 0) {
            snprintf(error, size, "cannot write %s: out of memory", path);
            status = -1;
        }
        if (status == 0 && disk_write_atomic(NULL, path, image, image_length, 0644)) {
            snprintf(error, size, "cannot write %s: %s", path, strerror(errno));
            status = -1;
        }
    }
    free(image);
    free(row);
    return status;
}
