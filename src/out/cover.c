/*
 * cover.c - the cover image: a JPEG drawn with cairo and pango from the
 * title, subtitle, edition and authors, in the theme's colours and fonts,
 * and encoded with libjpeg.
 *
 * The bytes depend only on the book, the theme and the fonts folder: the
 * font map sees only opts->fonts_dir, the font options are fixed (no
 * hinting, grey antialiasing) and the JPEG carries no time.
 */
#include <cairo.h>
#include <pango/pangocairo.h>
#include <setjmp.h>
#include <stdio.h> /* before jpeglib.h, which needs FILE */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "epub.h"
#include "fonts.h"

enum { MARGIN = 150, BAND = 150, JPEG_QUALITY = 92 };

struct rgb {
	double r, g, b;
};

/* "#1f4e79" -> colour; the theme reader has checked the form. */
static struct rgb parse_color(const char *hex, struct rgb fallback)
{
	unsigned v;
	if (!hex || strlen(hex) != 7 || sscanf(hex + 1, "%6x", &v) != 1)
		return fallback;
	return (struct rgb){((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0,
	                    (v & 0xff) / 255.0};
}

static void set_color(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

struct cover {
	cairo_t *cr;
	PangoContext *ctx;
	const struct theme *theme;
	struct rgb text, accent, background;
};

/* A layout of text in family at size px, wrapped to the text width. */
static PangoLayout *text_layout(struct cover *c, const char *text,
                                const char *family, double px,
                                PangoWeight weight, PangoStyle style)
{
	PangoLayout *l = pango_layout_new(c->ctx);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_font_description_set_weight(fd, weight);
	pango_font_description_set_style(fd, style);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (COVER_WIDTH - 2 * MARGIN) * PANGO_SCALE);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_text(l, text, -1);
	return l;
}

/* Draws text centred with its top at y; returns the y below it.  The size
 * shrinks until the text is at most max_h high. */
static double put_text(struct cover *c, const char *text, const char *family,
                       double px, PangoWeight weight, PangoStyle style,
                       double y, double max_h)
{
	PangoLayout *l = text_layout(c, text, family, px, weight, style);
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	for (int i = 0; i < 12 && h > max_h; i++) {
		g_object_unref(l);
		px *= 0.9;
		l = text_layout(c, text, family, px, weight, style);
		pango_layout_get_pixel_size(l, &w, &h);
	}
	cairo_move_to(c->cr, MARGIN, y);
	pango_cairo_show_layout(c->cr, l);
	g_object_unref(l);
	return y + h;
}

static void put_background(struct cover *c)
{
	set_color(c->cr, c->background);
	cairo_paint(c->cr);
	set_color(c->cr, c->accent);
	cairo_rectangle(c->cr, 0, 0, COVER_WIDTH, BAND);
	cairo_rectangle(c->cr, 0, COVER_HEIGHT - BAND, COVER_WIDTH, BAND);
	cairo_fill(c->cr);
}

/* "1" -> "Edition 1"; anything else as written.  Caller frees. */
static char *edition_text(const char *edition)
{
	bool digits = *edition != '\0';
	for (const char *p = edition; *p; p++)
		digits = digits && g_ascii_isdigit(*p);
	return digits ? g_strdup_printf("Edition %s", edition)
	              : g_strdup(edition);
}

static void put_words(struct cover *c, const struct doc_meta *m)
{
	const struct theme *t = c->theme;
	double y = 520;

	set_color(c->cr, c->accent);
	y = put_text(c, m->title ? m->title : "", t->heading_font, 220,
	             PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, y, 700);
	y += 70;
	cairo_rectangle(c->cr, (COVER_WIDTH - 320) / 2.0, y, 320, 10);
	cairo_fill(c->cr);
	y += 100;
	set_color(c->cr, c->text);
	if (m->subtitle)
		put_text(c, m->subtitle, t->body_font, 68, PANGO_WEIGHT_NORMAL,
		         PANGO_STYLE_ITALIC, y, 600);
	if (m->edition) {
		char *ed = edition_text(m->edition);
		put_text(c, ed, t->heading_font, 52, PANGO_WEIGHT_NORMAL,
		         PANGO_STYLE_NORMAL, 1700, 120);
		g_free(ed);
	}
	if (m->n_authors) {
		char *who = g_strjoinv(", ", (char **)m->authors);
		put_text(c, who, t->body_font, 60, PANGO_WEIGHT_NORMAL,
		         PANGO_STYLE_NORMAL, 1950, 340);
		g_free(who);
	}
}

/* Fixed font options: the same pixels on every machine. */
static void fix_font_options(PangoContext *ctx)
{
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ctx, 72);
}

/* libjpeg reports errors by calling error_exit, which must not return:
 * it jumps back to the encoder with the message. */
struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf back;
	char msg[JMSG_LENGTH_MAX];
};

static void jpeg_fail_exit(j_common_ptr cinfo)
{
	struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;
	f->mgr.format_message(cinfo, f->msg);
	longjmp(f->back, 1);
}

/* cairo's RGB24 pixels are native-endian 32-bit words 0xXXRRGGBB: libjpeg
 * reads them in place, with no copy of the 4-megapixel image. */
static J_COLOR_SPACE cairo_color_space(void)
{
	return G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
}

/* Encodes rows [0, h) of the surface's pixels; false after longjmp. */
static bool encode_rows(struct jpeg_compress_struct *ci, struct jpeg_fail *f,
                        unsigned char **buf, unsigned long *len,
                        cairo_surface_t *s)
{
	unsigned char *src = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	if (setjmp(f->back))
		return false;
	jpeg_create_compress(ci);
	jpeg_mem_dest(ci, buf, len);
	ci->image_width = (JDIMENSION)cairo_image_surface_get_width(s);
	ci->image_height = (JDIMENSION)cairo_image_surface_get_height(s);
	ci->input_components = 4;
	ci->in_color_space = cairo_color_space();
	jpeg_set_defaults(ci);
	jpeg_set_quality(ci, JPEG_QUALITY, TRUE);
	jpeg_start_compress(ci, TRUE);
	while (ci->next_scanline < ci->image_height) {
		JSAMPROW row = src + (size_t)ci->next_scanline * (size_t)stride;
		jpeg_write_scanlines(ci, &row, 1);
	}
	jpeg_finish_compress(ci);
	return true;
}

/* The drawn surface as a JPEG, encoded by libjpeg straight from cairo's
 * buffer: a PNG of this size took libpng half a second to compress, and
 * every reading system takes JPEG covers. */
static bool append_jpeg(cairo_surface_t *s, GByteArray *out)
{
	struct jpeg_compress_struct ci;
	struct jpeg_fail f;
	unsigned char *buf = NULL;
	unsigned long len = 0;
	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_std_error(&f.mgr);
	f.mgr.error_exit = jpeg_fail_exit;
	bool ok = encode_rows(&ci, &f, &buf, &len, s);
	if (ok)
		g_byte_array_append(out, buf, (guint)len);
	else
		diag_sys(NULL, "could not encode the cover: %s", f.msg);
	jpeg_destroy_compress(&ci);
	free(buf);
	return ok;
}

/* Draws on surface with the fonts of map; false after a diagnostic. */
static bool draw(cairo_surface_t *surface, PangoFontMap *map,
                 const struct doc *doc, const struct theme *theme)
{
	struct cover c = {.theme = theme};
	c.text = parse_color(theme->text_color, (struct rgb){0.1, 0.1, 0.1});
	c.accent = parse_color(theme->accent_color, (struct rgb){0.1, 0.3, 0.5});
	c.background =
	    parse_color(theme->background_color, (struct rgb){1, 1, 1});
	c.cr = cairo_create(surface);
	c.ctx = pango_font_map_create_context(map);
	fix_font_options(c.ctx);
	pango_cairo_update_context(c.cr, c.ctx);
	put_background(&c);
	put_words(&c, &doc->meta);
	cairo_status_t st = cairo_status(c.cr);
	g_object_unref(c.ctx);
	cairo_destroy(c.cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_sys(NULL, "cairo could not draw the cover: %s",
		         cairo_status_to_string(st));
		return false;
	}
	return true;
}

bool cover_render(const struct doc *doc, const struct theme *theme,
                  const struct opts *opts, GByteArray *out)
{
	bool ok = false;
	PangoFontMap *map = fonts_map_new(opts->fonts_dir);
	if (!map)
		return false;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	                                                COVER_WIDTH, COVER_HEIGHT);
	cairo_status_t st = cairo_surface_status(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_sys(NULL, "cairo could not make the cover: %s",
		         cairo_status_to_string(st));
		goto out;
	}
	if (!draw(s, map, doc, theme))
		goto out;
	cairo_surface_flush(s);
	ok = append_jpeg(s, out);
out:
	cairo_surface_destroy(s);
	g_object_unref(map);
	return ok;
}
