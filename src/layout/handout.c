/*
 * handout.c - a handout's edition (print.h): some chapters of the book in
 * the book's layout (book.c) in another dress: no front matter, the same
 * running head on every page, "page N of M", and a closing box with the
 * digital edition's address as text and as a QR code.
 */
#include <glib.h>
#include <pango/pango.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "book.h"
#include "i18n.h"
#include "layout.h"
#include "util.h"

/* --------------------------------------------------------------- theme */

void print_handout_theme(struct theme *t, const struct opts *o)
{
	if (o->booklet) {
		/* the page is half the sheet, turned; its margins shrink
		 * with it (top and bottom as the page, 1 / sqrt 2; the sides
		 * more), so a line and the running head keep their words */
		double w = t->page.width, h = t->page.height;
		t->page.width = h / 2;
		t->page.height = w;
		t->page.top *= G_SQRT2 / 2;
		t->page.bottom *= G_SQRT2 / 2;
		t->page.inner *= 0.6;
		t->page.outer *= 0.6;
	}
	if (o->grayscale)
		theme_grayscale(t);
}

/* ---------------------------------------------------------- the closing */

/* The room the closing box's frame takes on each side (draw.c strokes
 * it), in points. */
#define CLOSING_FRAME 2.0

struct closing {
	const struct doc *doc;
	const struct theme *theme;
	bool failed; /* the address could not be encoded */
};

/* Baselines the theme's leading apart, or the font's own line height
 * (pango's unit for the factor) when that is more, as the body's lines
 * are (measure.c take_lines). */
static void set_leading(PangoLayout *l, const struct theme *t)
{
	const PangoFontDescription *fd = pango_layout_get_font_description(l);
	PangoFontMetrics *fm =
	    pango_context_get_metrics(pango_layout_get_context(l), fd, NULL);
	double h = pango_font_metrics_get_height(fm);
	pango_font_metrics_unref(fm);
	if (h > 0)
		pango_layout_set_line_spacing(
		    l, (float)MAX(1.0, t->leading *
		                           pango_font_description_get_size(fd) /
		                           h));
}

/* The box's words: where the full book is, the address on its own line. */
static PangoLayout *closing_text(struct measure *m, const struct closing *c,
                                 int width)
{
	const struct doc_meta *meta = &c->doc->meta;
	const char *lead = i18n(c->doc, "The complete edition");
	GString *s = g_string_new(lead);
	g_string_append_printf(s, "\n%s", meta->title);
	if (meta->edition)
		g_string_append_printf(s, i18n(c->doc, ", edition %s"),
		                       meta->edition);
	g_string_append_printf(s,
	                       i18n(c->doc, ", is free to read at\n%s\n"
	                                    "Scan the square code with a phone "
	                                    "camera to open it."),
	                       meta->url);
	PangoLayout *l = measure_line(m, LAYOUT_ROLE_BOX, s->str, width);
	pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	set_leading(l, c->theme);
	/* the faces of the words' scripts, then the lead in bold */
	PangoAttrList *attrs =
	    pango_attr_list_copy(pango_layout_get_attributes(l));
	PangoAttribute *bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
	bold->start_index = 0;
	bold->end_index = (guint)strlen(lead);
	pango_attr_list_insert(attrs, bold);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	g_string_free(s, TRUE);
	return l;
}

/* The digital edition's address as a QR code: modules copied from
 * libqrencode's matrix (bit 0: dark) into b. */
static void put_code(struct box *b, const QRcode *qr)
{
	size_t n = (size_t)qr->width * (size_t)qr->width;
	b->qr = g_malloc(n);
	for (size_t i = 0; i < n; i++)
		b->qr[i] = qr->data[i] & 1;
	b->qr_width = qr->width;
}

/* Where the code and the text go in a box width wide: the text beside
 * the code, or under it when beside it would leave the text less than
 * two thirds of the box. */
static void place_closing(struct box *b, int width, int pad)
{
	int quiet = 4 * b->qr_module, frame = layout_pu(CLOSING_FRAME);
	int side = b->qr_width * b->qr_module;
	b->qr_x = b->qr_y = frame + quiet;
	b->text_x = b->qr_x + side + quiet;
	b->text_y = frame + pad;
	if (width - b->text_x - frame - pad < width * 2 / 3) {
		b->text_x = frame + pad;
		b->text_y = b->qr_y + side + quiet;
	}
}

/* A framed box: the code inside its quiet zone (4 modules), the text
 * beside it or under it, about 30 mm of code whatever the address's
 * length. */
static void closing_box(struct measure *m, struct layout *lay, int width,
                        void *data)
{
	struct closing *c = data;
	QRcode *qr = QRcode_encodeString(c->doc->meta.url, 0, QR_ECLEVEL_M,
	                                 QR_MODE_8, 1);
	if (!qr) {
		c->failed = true;
		return;
	}
	struct box *b = layout_box_add(lay->boxes, BOX_QR);
	put_code(b, qr);
	QRcode_free(qr);
	const struct theme *t = c->theme;
	struct layout_lengths len;
	layout_lengths(t, &len);
	int pad = len.box_pad, frame = layout_pu(CLOSING_FRAME);
	b->qr_module = MAX(layout_pu(1.5), layout_pu(85.0) / b->qr_width);
	int quiet = 4 * b->qr_module, side = b->qr_width * b->qr_module;
	place_closing(b, width, pad);
	b->width = width;
	b->layout = closing_text(m, c, width - b->text_x - frame - pad);
	PangoRectangle log;
	pango_layout_get_extents(b->layout, NULL, &log);
	b->n_lines = 1;
	b->lines = xcalloc(1, sizeof *b->lines);
	b->lines[0].height = MAX(side + 2 * (quiet + frame),
	                         b->text_y + log.height + pad + frame);
	b->tag = "P";
	b->color = layout_color(t->text_color);
	b->space_before = len.box_space;
	b->keep_together = true;
	b->min_lines = 1;
}

/* -------------------------------------------------------------- render */

/* "Ketamine · Edition 1 · 25 November 2026", the manifest's date; short,
 * "Ketamine · Edition 1 · 2026-11-25" for narrow pages. */
static char *running_head(const struct doc *doc, bool short_date)
{
	const struct doc_meta *meta = &doc->meta;
	GString *s = g_string_new(meta->title);
	if (meta->edition) {
		g_string_append(s, " \xC2\xB7 ");
		g_string_append_printf(s, i18n(doc, "Edition %s"),
		                       meta->edition);
	}
	unsigned y, mo, d;
	if (meta->date && short_date) {
		g_string_append_printf(s, " \xC2\xB7 %s", meta->date);
	} else if (meta->date &&
	           sscanf(meta->date, "%u-%u-%u", &y, &mo, &d) == 3) {
		char *when = i18n_date(doc, y, mo, d);
		if (when)
			g_string_append_printf(s, " \xC2\xB7 %s", when);
		g_free(when);
	}
	return g_string_free(s, FALSE);
}

static char *handout_title(const struct doc *doc)
{
	GString *s = g_string_new(doc->meta.title);
	const char *sep = ": ";
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next) {
		g_string_append_printf(s, "%s%s", sep, ch->u.chapter.title);
		sep = "; ";
	}
	g_string_append_printf(s, " (%s)", i18n(doc, "handout"));
	return g_string_free(s, FALSE);
}

struct print *print_lay_out_handout(const struct doc *doc,
                                    const struct theme *theme,
                                    const struct opts *opts)
{
	if (!doc->meta.url) {
		struct doc_loc loc = {doc->meta.manifest, 1, 1};
		diag(&loc, HANDOUT_NO_URL);
		return NULL;
	}
	struct closing c = {doc, theme, false};
	char *head = running_head(doc, false);
	char *head_short = running_head(doc, true);
	char *title = handout_title(doc);
	struct print_dress dress = {.title = title,
	                            .head = head,
	                            .head_short = head_short,
	                            .folio_of_total = true,
	                            .booklet = opts->booklet,
	                            .closing = closing_box,
	                            .data = &c};
	struct print *pr = print_lay_out_dressed(doc, theme, opts, &dress);
	if (c.failed) {
		diag(&doc->meta.loc, HANDOUT_URL_LONG, doc->meta.url);
		print_free(pr);
		pr = NULL;
	}
	g_free(title);
	g_free(head_short);
	g_free(head);
	return pr;
}
