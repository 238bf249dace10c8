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
#include "i18n.h"
#include "fonts.h"
#include "jpegfail.h"

/* STRIP: rows painted and encoded at a time (COVER_HEIGHT is a multiple
 * of it) */
enum { MARGIN = 150, BAND = 150, JPEG_QUALITY = 92, STRIP = 160 };

struct rgb {
	double r, g, b;
};

/* "#1f4e79" -> colour; the theme reader has checked the form. */
static struct rgb parse_color(const char *hex, struct rgb fallback)
{
	unsigned v;
	if (!hex || strlen(hex) != 7 || sscanf(hex + 1, "%6x", &v) != 1)
		return fallback;
	return (struct rgb){((v >> 16) & 0xff) / 255.0,
	                    ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0};
}

static void set_color(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* One thing on the cover, drawn in colour: a layout with its top left
 * corner at (x, y), or (layout NULL) the rectangle x, y, w, h.  Its ink
 * lies between the rows top and bottom. */
struct mark {
	struct rgb color;
	PangoLayout *layout;
	double x, y, w, h;
	double top, bottom;
};

/* The cover is planned first (every layout shaped once, as marks), then
 * painted strip by strip into a small image that libjpeg encodes as it
 * goes: a surface of the whole 1600x2560 cover meant touching 16 MB of
 * fresh memory, page by page. */
struct cover {
	PangoContext *ctx;
	const struct theme *theme;
	struct rgb text, accent, background;
	GArray *marks; /* struct mark */
};

static void add_rect(struct cover *c, struct rgb color, double x, double y,
                     double w, double h)
{
	struct mark m = {color, NULL, x, y, w, h, y - 1, y + h + 1};
	g_array_append_val(c->marks, m);
}

/* A layout of text in family at size px, wrapped to the text width. */
static PangoLayout *text_layout(struct cover *c, const char *text,
                                const char *family, double px,
                                PangoWeight weight, PangoStyle style)
{
	PangoLayout *l = pango_layout_new(c->ctx);
	PangoFontDescription *fd = pango_font_description_new();
	char *chain = fonts_chain(
	    c->theme, family,
	    pango_language_to_string(pango_context_get_language(c->ctx)));
	pango_font_description_set_family(fd, chain);
	g_free(chain);
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

/* Places text centred with its top at y, in color; returns the y below
 * it.  The size shrinks until the text is at most max_h high. */
static double put_text(struct cover *c, struct rgb color, const char *text,
                       const char *family, double px, PangoWeight weight,
                       PangoStyle style, double y, double max_h)
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
	PangoRectangle ink, log;
	pango_layout_get_pixel_extents(l, &ink, &log);
	struct mark m = {color,
	                 l,
	                 MARGIN,
	                 y,
	                 w,
	                 h,
	                 y + MIN(ink.y, log.y) - 1,
	                 y + MAX(ink.y + ink.height, log.y + log.height) + 1};
	g_array_append_val(c->marks, m);
	return y + h;
}

static void put_background(struct cover *c)
{
	add_rect(c, c->accent, 0, 0, COVER_WIDTH, BAND);
	add_rect(c, c->accent, 0, COVER_HEIGHT - BAND, COVER_WIDTH, BAND);
}

/* "1" -> "Edition 1"; anything else as written.  Caller frees. */
static char *edition_text(const struct doc *doc, const char *edition)
{
	bool digits = *edition != '\0';
	for (const char *p = edition; *p; p++)
		digits = digits && g_ascii_isdigit(*p);
	return digits ? g_strdup_printf(i18n(doc, "Edition %s"), edition)
	              : g_strdup(edition);
}

static void put_words(struct cover *c, const struct doc *doc)
{
	const struct doc_meta *m = &doc->meta;
	const struct theme *t = c->theme;
	double y = 520;

	y = put_text(c, c->accent, m->title ? m->title : "", t->heading_font,
	             220, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, y, 700);
	y += 70;
	add_rect(c, c->accent, (COVER_WIDTH - 320) / 2.0, y, 320, 10);
	y += 100;
	if (m->subtitle)
		put_text(c, c->text, m->subtitle, t->body_font, 68,
		         PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, y, 600);
	if (m->edition) {
		char *ed = edition_text(doc, m->edition);
		put_text(c, c->text, ed, t->heading_font, 52,
		         PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 1700, 120);
		g_free(ed);
	}
	if (m->n_authors) {
		char *who = g_strjoinv(", ", (char **)m->authors);
		put_text(c, c->text, who, t->body_font, 60, PANGO_WEIGHT_NORMAL,
		         PANGO_STYLE_NORMAL, 1950, 340);
		g_free(who);
	}
}

/* Paints the rows [top, top + STRIP) of the cover on cr, whose surface
 * is one strip high. */
static void paint_strip(cairo_t *cr, const struct cover *c, int top)
{
	cairo_save(cr);
	cairo_translate(cr, 0, -top);
	set_color(cr, c->background);
	cairo_paint(cr);
	for (guint i = 0; i < c->marks->len; i++) {
		const struct mark *m = &g_array_index(c->marks, struct mark, i);
		if (m->top >= top + STRIP || m->bottom <= top)
			continue; /* wholly outside the strip */
		set_color(cr, m->color);
		if (m->layout) {
			cairo_move_to(cr, m->x, m->y);
			pango_cairo_show_layout(cr, m->layout);
		} else {
			cairo_rectangle(cr, m->x, m->y, m->w, m->h);
			cairo_fill(cr);
		}
	}
	cairo_restore(cr);
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

/* cairo's RGB24 pixels are native-endian 32-bit words 0xXXRRGGBB: libjpeg
 * reads them in place, with no copy of the 4-megapixel image. */
static J_COLOR_SPACE cairo_color_space(void)
{
	return G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
}

/* libjpeg's output straight into a GByteArray.  libjpeg's own memory
 * destination (jpeg_mem_dest) hands its buffer back only when the image
 * is finished: after an error in the middle, the caller's pointer names a
 * buffer libjpeg has already replaced and freed. */
struct jpeg_to_array {
	struct jpeg_destination_mgr mgr;
	GByteArray *out;
	JOCTET buf[65536];
};

static void dest_init(j_compress_ptr ci)
{
	struct jpeg_to_array *d = (struct jpeg_to_array *)ci->dest;
	d->mgr.next_output_byte = d->buf;
	d->mgr.free_in_buffer = sizeof d->buf;
}

static boolean dest_empty(j_compress_ptr ci)
{
	struct jpeg_to_array *d = (struct jpeg_to_array *)ci->dest;
	g_byte_array_append(d->out, d->buf, sizeof d->buf);
	dest_init(ci);
	return TRUE;
}

static void dest_term(j_compress_ptr ci)
{
	struct jpeg_to_array *d = (struct jpeg_to_array *)ci->dest;
	g_byte_array_append(d->out, d->buf,
	                    (guint)(sizeof d->buf - d->mgr.free_in_buffer));
}

/* Paints the cover strip by strip into s (cr on it) and encodes each
 * strip's rows into d; false after a diagnostic or a longjmp from
 * libjpeg. */
static bool encode_strips(struct jpeg_compress_struct *ci, struct jpeg_fail *f,
                          struct jpeg_to_array *d, const struct cover *c,
                          cairo_t *cr, cairo_surface_t *s)
{
	unsigned char *src = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	if (setjmp(f->back))
		return false;
	jpeg_create_compress(ci);
	d->mgr.init_destination = dest_init;
	d->mgr.empty_output_buffer = dest_empty;
	d->mgr.term_destination = dest_term;
	ci->dest = &d->mgr;
	ci->image_width = COVER_WIDTH;
	ci->image_height = COVER_HEIGHT;
	ci->input_components = 4;
	ci->in_color_space = cairo_color_space();
	jpeg_set_defaults(ci);
	jpeg_set_quality(ci, JPEG_QUALITY, TRUE);
	jpeg_start_compress(ci, TRUE);
	for (int top = 0; top < COVER_HEIGHT; top += STRIP) {
		paint_strip(cr, c, top);
		cairo_surface_flush(s);
		cairo_status_t st = cairo_status(cr);
		if (st != CAIRO_STATUS_SUCCESS) {
			snprintf(f->msg, sizeof f->msg, "cairo: %s",
			         cairo_status_to_string(st));
			return false;
		}
		for (int y = 0; y < STRIP; y++) {
			JSAMPROW row = src + (size_t)y * (size_t)stride;
			jpeg_write_scanlines(ci, &row, 1);
		}
	}
	jpeg_finish_compress(ci);
	return true;
}

/* The cover as a JPEG, encoded by libjpeg straight from cairo's pixels: a
 * PNG of this size took libpng half a second to compress, and every
 * reading system takes JPEG covers.  Nothing is added to out on failure. */
static bool append_jpeg(const struct cover *c, cairo_t *cr, cairo_surface_t *s,
                        GByteArray *out)
{
	struct jpeg_compress_struct ci;
	struct jpeg_fail f;
	struct jpeg_to_array *d = g_new0(struct jpeg_to_array, 1);
	d->out = g_byte_array_new();
	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_fail_init(&f);
	bool ok = encode_strips(&ci, &f, d, c, cr, s);
	if (ok)
		g_byte_array_append(out, d->out->data, d->out->len);
	else
		diag_path(NULL, COVER, f.msg);
	jpeg_destroy_compress(&ci);
	g_byte_array_free(d->out, TRUE);
	g_free(d);
	return ok;
}

static void cover_free(struct cover *c)
{
	for (guint i = 0; i < c->marks->len; i++) {
		struct mark *m = &g_array_index(c->marks, struct mark, i);
		if (m->layout)
			g_object_unref(m->layout);
	}
	g_array_free(c->marks, TRUE);
	g_object_unref(c->ctx);
}

bool cover_render(const struct doc *doc, const struct theme *theme,
                  const struct opts *opts, GByteArray *out)
{
	PangoFontMap *map = opts->cover_fonts ? g_object_ref(opts->cover_fonts)
	                                      : fonts_map_new(opts->fonts_dir);
	if (!map)
		return false;
	cairo_surface_t *s =
	    cairo_image_surface_create(CAIRO_FORMAT_RGB24, COVER_WIDTH, STRIP);
	cairo_t *cr = cairo_create(s);
	cairo_status_t st = cairo_status(cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_path(NULL, COVER_CAIRO, cairo_status_to_string(st));
		cairo_destroy(cr);
		cairo_surface_destroy(s);
		g_object_unref(map);
		return false;
	}
	struct cover c = {.theme = theme};
	c.text = parse_color(theme->text_color, (struct rgb){0.1, 0.1, 0.1});
	c.accent =
	    parse_color(theme->accent_color, (struct rgb){0.1, 0.3, 0.5});
	c.background =
	    parse_color(theme->background_color, (struct rgb){1, 1, 1});
	c.marks = g_array_new(FALSE, TRUE, sizeof(struct mark));
	c.ctx = pango_font_map_create_context(map);
	fix_font_options(c.ctx);
	pango_cairo_update_context(cr, c.ctx);
	put_background(&c);
	put_words(&c, doc);
	bool ok = append_jpeg(&c, cr, s, out);
	cover_free(&c);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	g_object_unref(map);
	return ok;
}
