/*
 * fuzz_image.c - libFuzzer target: bytes as an image through the check
 * every image of a book passes before any output is written (image.c:
 * the type by its first bytes, the size from the header, then every row
 * decoded by libpng or libjpeg).  A PNG it accepts must then be read by
 * cairo as the PDF reads it (draw.c), at the size the check reported: a
 * file the check lets through and the PDF stage cannot read is a finding,
 * like any crash, sanitizer report or leak.
 */
#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct bytes {
	const uint8_t *data;
	size_t len, pos;
};

static cairo_status_t read_bytes(void *closure, unsigned char *out,
                                 unsigned int n)
{
	struct bytes *b = closure;
	if (n > b->len - b->pos)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, b->data + b->pos, n);
	b->pos += n;
	return CAIRO_STATUS_SUCCESS;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_info info;
	const char *type = image_sniff(data, size);
	char *why = type ? image_check(data, size, &info) : NULL;
	if (type && !why && !strcmp(info.media_type, "image/png")) {
		struct bytes b = {data, size, 0};
		cairo_surface_t *s =
		    cairo_image_surface_create_from_png_stream(read_bytes, &b);
		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
		    cairo_image_surface_get_width(s) != (int)info.width ||
		    cairo_image_surface_get_height(s) != (int)info.height)
			abort(); /* accepted, yet the PDF cannot draw it */
		cairo_surface_destroy(s);
	}
	g_free(why);
	return 0;
}
