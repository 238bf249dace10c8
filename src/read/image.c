/* image.c - a PNG or JPEG checked whole before any output uses it. */
#include "image.h"

#include <glib.h>
#include <png.h>
#include <string.h>

#include "jpegfail.h"

const char *image_sniff(const void *data, size_t len)
{
	static const unsigned char png[] = {0x89, 'P',  'N',  'G',
	                                    '\r', '\n', 0x1a, '\n'};
	const unsigned char *d = data;
	if (len >= 8 && !memcmp(d, png, 8))
		return "image/png";
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}

/* Why a width x height image is too big, or NULL (the caller frees). */
static char *too_big(unsigned long width, unsigned long height)
{
	if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE)
		return g_strdup_printf("it is %lu x %lu pixels, more than %d "
		                       "on a side (save it smaller)",
		                       width, height, IMAGE_MAX_SIDE);
	if ((guint64)width * height > IMAGE_MAX_PIXELS)
		return g_strdup_printf("it is %lu x %lu pixels (%.1f "
		                       "megapixels), more than %d megapixels "
		                       "(save it smaller)",
		                       width, height,
		                       (double)width * height / 1e6,
		                       IMAGE_MAX_PIXELS / 1000000);
	if (width == 0 || height == 0)
		return g_strdup_printf("it is %lu x %lu pixels", width, height);
	return NULL;
}

/* ----------------------------------------------------------------- PNG */

struct png_check {
	const unsigned char *data;
	size_t len, pos;
	char msg[200];
};

static void png_take(png_structp png, png_bytep out, size_t n)
{
	struct png_check *c = png_get_io_ptr(png);
	if (n > c->len - c->pos)
		png_error(png, "the file ends before the image does "
		               "(it is truncated)");
	memcpy(out, c->data + c->pos, n);
	c->pos += n;
}

static void png_fail(png_structp png, png_const_charp msg)
{
	struct png_check *c = png_get_error_ptr(png);
	g_strlcpy(c->msg, msg, sizeof c->msg);
	png_longjmp(png, 1);
}

/* An ancillary chunk libpng skips (a wrong CRC, an odd colour profile):
 * the image is drawn the same without it. */
static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Decodes every row (every pass of an interlaced image) and the chunks
 * after the image; longjmps to png's error point on any error. */
static void png_decode(png_structp png, png_infop pi, png_bytep row,
                       unsigned height)
{
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, pi);
	for (int p = 0; p < passes; p++)
		for (unsigned y = 0; y < height; y++)
			png_read_row(png, row, NULL);
	png_read_end(png, NULL);
}

static char *check_png(const void *data, size_t len, struct image_info *info)
{
	struct png_check c = {data, len, 0, ""};
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &c,
	                                         png_fail, png_quiet);
	png_infop pi = png ? png_create_info_struct(png) : NULL;
	png_bytep volatile row = NULL;
	char *volatile why = NULL;
	if (!pi) {
		why = g_strdup("libpng could not start");
	} else if (setjmp(png_jmpbuf(png))) {
		why = g_strdup(c.msg);
	} else {
		png_set_read_fn(png, &c, png_take);
		png_read_info(png, pi);
		png_uint_32 w = png_get_image_width(png, pi);
		png_uint_32 h = png_get_image_height(png, pi);
		why = too_big(w, h);
		if (!why) {
			row = g_malloc(png_get_rowbytes(png, pi) * 2 + 16);
			png_decode(png, pi, row, h);
			info->media_type = "image/png";
			info->width = w;
			info->height = h;
		}
	}
	png_destroy_read_struct(png ? &png : NULL, pi ? &pi : NULL, NULL);
	g_free(row);
	return why;
}

/* ---------------------------------------------------------------- JPEG */

/* Decodes the image at an eighth of its size (the whole of its data is
 * read and checked, with less work per pixel); longjmps through f. */
static void jpeg_decode(struct jpeg_decompress_struct *di,
                        JSAMPROW volatile *row)
{
	di->scale_num = 1;
	di->scale_denom = 8;
	di->dct_method = JDCT_IFAST;
	di->do_fancy_upsampling = FALSE;
	jpeg_start_decompress(di);
	*row = g_malloc((size_t)di->output_width * di->output_components);
	while (di->output_scanline < di->output_height) {
		JSAMPROW r = *row;
		jpeg_read_scanlines(di, &r, 1);
	}
	jpeg_finish_decompress(di);
}

static char *check_jpeg(const void *data, size_t len, struct image_info *info)
{
	struct jpeg_decompress_struct di;
	struct jpeg_fail f;
	JSAMPROW volatile row = NULL;
	char *volatile why = NULL;
	memset(&di, 0, sizeof di);
	di.err = jpeg_fail_init_strict(&f);
	if (setjmp(f.back)) {
		why = g_strdup(f.msg);
	} else {
		jpeg_create_decompress(&di);
		jpeg_mem_src(&di, data, (unsigned long)len);
		jpeg_read_header(&di, TRUE);
		if (di.jpeg_color_space == JCS_CMYK ||
		    di.jpeg_color_space == JCS_YCCK)
			why = g_strdup("it is a CMYK JPEG, whose colours "
			               "e-book readers and the PDF would show "
			               "wrongly (save it as RGB)");
		else
			why = too_big(di.image_width, di.image_height);
		if (!why) {
			jpeg_decode(&di, &row);
			info->media_type = "image/jpeg";
			info->width = di.image_width;
			info->height = di.image_height;
		}
	}
	jpeg_destroy_decompress(&di);
	g_free(row);
	return why;
}

char *image_check(const void *data, size_t len, struct image_info *info)
{
	const char *type = image_sniff(data, len);
	memset(info, 0, sizeof *info);
	if (type && !strcmp(type, "image/png"))
		return check_png(data, len, info);
	if (type)
		return check_jpeg(data, len, info);
	return g_strdup("unsupported type (use PNG or JPEG)");
}
