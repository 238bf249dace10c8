/* gray.c - an image's pixels in grays (see gray.h). */
#include "gray.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "jpegfail.h"

/* Rec. 709 luma weights in 256ths (0.2126, 0.7152, 0.0722), the
 * weights of the luminance the themes' contrast is checked with. */
static uint32_t gray_pixel(uint32_t p)
{
	uint32_t r = p >> 16 & 255, g = p >> 8 & 255, b = p & 255;
	uint32_t y = (54 * r + 183 * g + 19 * b + 128) >> 8;
	return (p & 0xff000000u) | y << 16 | y << 8 | y;
}

/* cairo's pixels are native-endian words 0xAARRGGBB, premultiplied: the
 * luma of premultiplied channels is the premultiplied luma. */
static void gray_pixels(cairo_surface_t *s)
{
	cairo_surface_flush(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++) {
		uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * stride);
		for (int x = 0; x < w; x++)
			row[x] = gray_pixel(row[x]);
	}
	cairo_surface_mark_dirty(s);
}

static cairo_surface_t *checked(cairo_surface_t *s, const char *path)
{
	cairo_status_t st = cairo_surface_status(s);
	if (st == CAIRO_STATUS_SUCCESS)
		return s;
	diag_path(path, IMAGE_GRAY, cairo_status_to_string(st));
	cairo_surface_destroy(s);
	return NULL;
}

cairo_surface_t *gray_surface(cairo_surface_t *s, const char *path)
{
	cairo_format_t f = cairo_image_surface_get_format(s);
	if (f != CAIRO_FORMAT_ARGB32 && f != CAIRO_FORMAT_RGB24)
		f = CAIRO_FORMAT_ARGB32;
	cairo_surface_t *g = checked(
	    cairo_image_surface_create(f, cairo_image_surface_get_width(s),
	                               cairo_image_surface_get_height(s)),
	    path);
	if (!g)
		return NULL;
	cairo_t *cr = cairo_create(g);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	gray_pixels(g);
	return g;
}

/* Decodes into a new RGB24 surface, rows straight into cairo's pixels
 * (libjpeg-turbo writes cairo's layout); NULL with f->msg set. */
static cairo_surface_t *decode(struct jpeg_decompress_struct *di,
                               struct jpeg_fail *f, const unsigned char *data,
                               size_t len, cairo_surface_t *volatile *out)
{
	if (setjmp(f->back))
		return NULL;
	jpeg_create_decompress(di);
	jpeg_mem_src(di, data, (unsigned long)len);
	jpeg_read_header(di, TRUE);
	di->out_color_space =
	    G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
	jpeg_start_decompress(di);
	*out = cairo_image_surface_create(
	    CAIRO_FORMAT_RGB24, (int)di->output_width, (int)di->output_height);
	if (cairo_surface_status(*out) != CAIRO_STATUS_SUCCESS) {
		g_strlcpy(f->msg, "no memory for its pixels", sizeof f->msg);
		return NULL;
	}
	unsigned char *px = cairo_image_surface_get_data(*out);
	int stride = cairo_image_surface_get_stride(*out);
	while (di->output_scanline < di->output_height) {
		JSAMPROW row = px + (size_t)di->output_scanline * stride;
		jpeg_read_scanlines(di, &row, 1);
	}
	jpeg_finish_decompress(di);
	cairo_surface_mark_dirty(*out);
	return *out;
}

cairo_surface_t *gray_jpeg(const unsigned char *data, size_t len,
                           const char *path)
{
	struct jpeg_decompress_struct di;
	struct jpeg_fail f;
	cairo_surface_t *volatile s = NULL;
	di.err = jpeg_fail_init(&f);
	cairo_surface_t *done = decode(&di, &f, data, len, &s);
	jpeg_destroy_decompress(&di);
	if (!done) {
		diag_path(path, IMAGE_GRAY, f.msg);
		if (s)
			cairo_surface_destroy(s);
		return NULL;
	}
	gray_pixels(done);
	return done;
}
