/*
 * gray.h - an image's pixels in grays, for prints made with --grayscale:
 * the theme's colours become grays (theme_grayscale), and so do the
 * pictures, so a handout looks on screen as it will come out of a
 * black-and-white printer.
 *
 * Ownership: each returns a new surface the caller owns, or NULL after
 * a diagnostic naming path.
 */
#ifndef OCTAVO_LAYOUT_GRAY_H
#define OCTAVO_LAYOUT_GRAY_H

#include <cairo.h>
#include <stddef.h>

/* A copy of the image surface s with each pixel's red, green and blue
 * replaced by its luma. */
cairo_surface_t *gray_surface(cairo_surface_t *s, const char *path);
/* The JPEG in data (len bytes), decoded by libjpeg and in grays. */
cairo_surface_t *gray_jpeg(const unsigned char *data, size_t len,
                           const char *path);

#endif
