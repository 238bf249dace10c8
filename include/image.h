/*
 * image.h - is this image one octavo can put into both outputs?
 *
 * image_check() takes the bytes of a PNG or JPEG file, reads its size from
 * its header and refuses it past the limits below before decoding a row,
 * then decodes the whole image, row by row in a buffer of one row, so a
 * truncated or corrupt file is found before any output is written.  A
 * PNG is read by libpng, a JPEG by libjpeg; every error and every
 * warning of libjpeg (a truncated file is only a warning to it) refuses
 * the file.  A CMYK or YCCK JPEG is refused: e-book readers and the PDF
 * would show its colours wrongly.
 */
#ifndef OCTAVO_IMAGE_H
#define OCTAVO_IMAGE_H

#include <stddef.h>

/* The largest image octavo takes: each side, and width times height
 * (documented in octavo(1), LIMITS). */
enum { IMAGE_MAX_SIDE = 16384, IMAGE_MAX_PIXELS = 50000000 };

struct image_info {
	const char *media_type; /* "image/png", "image/jpeg" (static) */
	unsigned width, height; /* pixels */
};

/* The media type of data by its first bytes (PNG or JPEG), or NULL. */
const char *image_sniff(const void *data, size_t len);
/* NULL when the image is whole and within the limits (info is filled);
 * else why not, in words for a message, which the caller owns (g_free). */
char *image_check(const void *data, size_t len, struct image_info *info);

#endif
