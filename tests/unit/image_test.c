/*
 * image_test.c - image_check() on images made here with libpng and
 * libjpeg: whole ones pass with their size; truncated, corrupt, too big
 * (from the header alone, before any row is decoded) and CMYK ones are
 * refused with the reason.
 */
#include <glib.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include <jpeglib.h>

#include "image.h"
#include "t.h"

/* ----------------------------------------------------------- makers */

static void png_put(png_structp png, png_bytep data, size_t n)
{
	g_byte_array_append(png_get_io_ptr(png), data, (guint)n);
}

static void png_flush(png_structp png)
{
	(void)png;
}

/* A w x h 8-bit RGB PNG of a gradient (interlaced on request). */
static GByteArray *make_png(unsigned w, unsigned h, bool interlaced)
{
	GByteArray *out = g_byte_array_new();
	png_structp png =
	    png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop pi = png_create_info_struct(png);
	png_set_write_fn(png, out, png_put, png_flush);
	png_set_IHDR(png, pi, w, h, 8, PNG_COLOR_TYPE_RGB,
	             interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, pi);
	int passes = png_set_interlace_handling(png);
	png_bytep row = g_malloc(3 * (size_t)w);
	for (int p = 0; p < passes; p++)
		for (unsigned y = 0; y < h; y++) {
			for (unsigned x = 0; x < 3 * w; x++)
				row[x] = (png_byte)(x * 7 + y * 3);
			png_write_row(png, row);
		}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &pi);
	g_free(row);
	return out;
}

/* A w x h JPEG of a gradient in space (JCS_RGB, JCS_GRAYSCALE or
 * JCS_CMYK), progressive on request. */
static GByteArray *make_jpeg(unsigned w, unsigned h, J_COLOR_SPACE space,
                             bool progressive)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr err;
	unsigned char *buf = NULL;
	unsigned long len = 0;
	int comps = space == JCS_GRAYSCALE ? 1 : space == JCS_CMYK ? 4 : 3;
	ci.err = jpeg_std_error(&err);
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &buf, &len);
	ci.image_width = w;
	ci.image_height = h;
	ci.input_components = comps;
	ci.in_color_space = space;
	jpeg_set_defaults(&ci);
	if (progressive)
		jpeg_simple_progression(&ci);
	jpeg_start_compress(&ci, TRUE);
	JSAMPROW row = g_malloc((size_t)w * comps);
	for (unsigned y = 0; y < h; y++) {
		for (unsigned x = 0; x < w * comps; x++)
			row[x] = (JSAMPLE)(x * 5 + y * 11);
		jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	g_free(row);
	GByteArray *out = g_byte_array_new();
	g_byte_array_append(out, buf, (guint)len);
	free(buf);
	return out;
}

/* image_check's reason (NULL: the image passed); frees a. */
static char *check(GByteArray *a, struct image_info *info)
{
	char *why = image_check(a->data, a->len, info);
	g_byte_array_free(a, TRUE);
	return why;
}

static bool has(const char *why, const char *part)
{
	if (why && strstr(why, part))
		return true;
	printf("  reason: %s\n", why ? why : "(passed)");
	return false;
}

/* The bytes of a, cut to n. */
static GByteArray *cut(GByteArray *a, guint n)
{
	g_byte_array_set_size(a, n);
	return a;
}

/* ------------------------------------------------------------- PNG */

static void png_whole(void)
{
	struct image_info info;
	T_CHECK(!check(make_png(40, 30, false), &info));
	T_STREQ(info.media_type, "image/png");
	T_CHECK(info.width == 40 && info.height == 30);
	T_CHECK(!check(make_png(33, 17, true), &info));
	T_CHECK(info.width == 33 && info.height == 17);
}

/* Cut anywhere after the header, a PNG is refused: in the rows, before
 * IEND, even one byte short. */
static void png_truncated(void)
{
	struct image_info info;
	GByteArray *a = make_png(64, 64, false);
	guint len = a->len;
	g_byte_array_free(a, TRUE);
	guint cuts[] = {40, len / 2, len - 13, len - 1};
	for (size_t i = 0; i < G_N_ELEMENTS(cuts); i++) {
		char *why = check(cut(make_png(64, 64, false), cuts[i]), &info);
		T_CHECK(has(why, "truncated"));
		g_free(why);
	}
}

/* One byte changed in the compressed rows: the chunk's CRC is wrong. */
static void png_corrupt(void)
{
	struct image_info info;
	GByteArray *a = make_png(64, 64, false);
	a->data[a->len / 2] ^= 0x5a;
	char *why = check(a, &info);
	T_CHECK(has(why, "CRC"));
	g_free(why);
}

/* A header saying 30000 x 30000 (the rows are not there): refused from
 * the header, never decoded. */
static void png_huge_header(void)
{
	struct image_info info;
	GByteArray *a = make_png(8, 8, false);
	/* IHDR's width and height, then its CRC over type and data */
	guint8 *ihdr = a->data + 12;
	for (int i = 0; i < 2; i++) {
		guint32 v = GUINT32_TO_BE(30000);
		memcpy(ihdr + 4 + 4 * i, &v, 4);
	}
	guint32 crc = GUINT32_TO_BE((guint32)crc32(0, ihdr, 17));
	memcpy(ihdr + 17, &crc, 4);
	char *why = check(a, &info);
	T_CHECK(has(why, "30000 x 30000 pixels, more than 16384 on a side"));
	g_free(why);
}

/* Each side within the limit, but 60 megapixels. */
static void png_too_many_pixels(void)
{
	struct image_info info;
	GByteArray *a = make_png(8, 8, false);
	guint8 *ihdr = a->data + 12;
	guint32 w = GUINT32_TO_BE(10000), h = GUINT32_TO_BE(6000);
	memcpy(ihdr + 4, &w, 4);
	memcpy(ihdr + 8, &h, 4);
	guint32 crc = GUINT32_TO_BE((guint32)crc32(0, ihdr, 17));
	memcpy(ihdr + 17, &crc, 4);
	char *why = check(a, &info);
	T_CHECK(has(why, "(60.0 megapixels), more than 50 megapixels"));
	g_free(why);
}

/* ------------------------------------------------------------ JPEG */

static void jpeg_whole(void)
{
	struct image_info info;
	T_CHECK(!check(make_jpeg(40, 30, JCS_RGB, false), &info));
	T_STREQ(info.media_type, "image/jpeg");
	T_CHECK(info.width == 40 && info.height == 30);
	T_CHECK(!check(make_jpeg(50, 20, JCS_GRAYSCALE, false), &info));
	T_CHECK(!check(make_jpeg(64, 48, JCS_RGB, true), &info));
	T_CHECK(info.width == 64 && info.height == 48);
}

/* A truncated JPEG is only a warning to libjpeg (it makes up the end):
 * here it is refused, baseline or progressive. */
static void jpeg_truncated(void)
{
	struct image_info info;
	for (int prog = 0; prog < 2; prog++) {
		GByteArray *a = make_jpeg(128, 128, JCS_RGB, prog);
		char *why = check(cut(a, a->len * 2 / 3), &info);
		T_CHECK(has(why, "Premature end of JPEG file"));
		g_free(why);
	}
}

/* A header saying 30000 x 30000 on a few bytes of data: refused before
 * any decoding (it cost 3.5 GB). */
static void jpeg_huge_header(void)
{
	struct image_info info;
	GByteArray *a = make_jpeg(16, 16, JCS_RGB, false);
	for (guint i = 2; i + 8 < a->len; i++)
		if (a->data[i] == 0xFF && a->data[i + 1] == 0xC0) {
			/* SOF0: length, precision, height, width */
			a->data[i + 5] = a->data[i + 7] = 30000 >> 8;
			a->data[i + 6] = a->data[i + 8] = 30000 & 255;
			break;
		}
	char *why = check(a, &info);
	T_CHECK(has(why, "30000 x 30000 pixels, more than 16384 on a side"));
	g_free(why);
}

static void jpeg_cmyk(void)
{
	struct image_info info;
	char *why = check(make_jpeg(32, 32, JCS_CMYK, false), &info);
	T_CHECK(has(why, "CMYK JPEG"));
	g_free(why);
}

static void not_an_image(void)
{
	struct image_info info;
	char *why = image_check("GIF89a", 6, &info);
	T_CHECK(has(why, "unsupported type"));
	g_free(why);
	T_CHECK(!image_sniff("", 0));
}

int main(void)
{
	T_RUN(png_whole);
	T_RUN(png_truncated);
	T_RUN(png_corrupt);
	T_RUN(png_huge_header);
	T_RUN(png_too_many_pixels);
	T_RUN(jpeg_whole);
	T_RUN(jpeg_truncated);
	T_RUN(jpeg_huge_header);
	T_RUN(jpeg_cmyk);
	T_RUN(not_an_image);
	return t_failed ? 1 : 0;
}
