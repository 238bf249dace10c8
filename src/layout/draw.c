/*
 * draw.c - pages -> cairo.  Paints what measure and paginate decided:
 * lines of text at their baselines, markers, rules, table cells, images,
 * running heads and folios; marks anchors, links and the structure tree
 * (cairo's tags).  It measures nothing and moves nothing.  Points from
 * here on: every pango unit is divided by PANGO_SCALE.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "diag.h"
#include "gray.h"
#include "layout.h"
#include "util.h"

struct draw {
	cairo_t *cr;
	const struct layout *lay;
	GPtrArray *open; /* struct doc_node *: container tags now open */
	/* the page being drawn */
	const struct page *pg;
	double left, top; /* text area origin */
	double width;     /* text area width */
	unsigned rule_color;
	bool grayscale;     /* images in grays */
	GPtrArray *figures; /* char *: alt texts, or NULL */
	bool failed;
};

static double pt(int pango_units)
{
	return pango_units / (double)PANGO_SCALE;
}

static void set_color(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, (rgb >> 16) / 255.0, (rgb >> 8 & 255) / 255.0,
	                     (rgb & 255) / 255.0);
}

/* 'value' for a cairo attribute string: quotes and backslashes escaped. */
static char *quoted(const char *s)
{
	GString *q = g_string_new("'");
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			g_string_append_c(q, '\\');
		g_string_append_c(q, *s);
	}
	g_string_append_c(q, '\'');
	return g_string_free(q, FALSE);
}

/* ------------------------------------------------------------ structure */

static const char *container_tag(enum doc_kind kind)
{
	switch (kind) {
	case DOC_CHAPTER: return "Sect";
	case DOC_LIST: return "L";
	case DOC_ITEM: return "LI";
	case DOC_BLOCKQUOTE: return "BlockQuote";
	case DOC_TABLE: return "Table";
	case DOC_BIBLIOGRAPHY: return "Sect";
	default: return NULL;
	}
}

/* Opens and closes container tags so exactly those above node are open. */
static void enter_containers(struct draw *d, const struct doc_node *node)
{
	GPtrArray *want = g_ptr_array_new();
	for (const struct doc_node *a = node ? node->parent : NULL; a;
	     a = a->parent)
		if (container_tag(a->kind))
			g_ptr_array_insert(want, 0, (gpointer)a);
	size_t same = 0;
	while (same < want->len && same < d->open->len &&
	       want->pdata[same] == d->open->pdata[same])
		same++;
	while (d->open->len > same) {
		const struct doc_node *n = d->open->pdata[d->open->len - 1];
		cairo_tag_end(d->cr, container_tag(n->kind));
		g_ptr_array_set_size(d->open, (gint)d->open->len - 1);
	}
	for (size_t i = same; i < want->len; i++) {
		const struct doc_node *n = want->pdata[i];
		cairo_tag_begin(d->cr, container_tag(n->kind), NULL);
		g_ptr_array_add(d->open, (gpointer)n);
	}
	g_ptr_array_free(want, TRUE);
}

struct draw *layout_draw_new(cairo_t *cr, const struct layout *lay)
{
	struct draw *d = xcalloc(1, sizeof *d);
	d->cr = cr;
	d->lay = lay;
	d->open = g_ptr_array_new();
	return d;
}

void layout_draw_collect_figures(struct draw *d, GPtrArray *alts)
{
	d->figures = alts;
}

void layout_draw_free(struct draw *d)
{
	if (!d)
		return;
	enter_containers(d, NULL);
	g_ptr_array_free(d->open, TRUE);
	free(d);
}

/* ---------------------------------------------------------------- marks */

static void put_dest(struct draw *d, const char *name, double y)
{
	char *q = quoted(name);
	char *attr = g_strdup_printf("name=%s x=%.2f y=%.2f", q, d->left, y);
	cairo_tag_begin(d->cr, CAIRO_TAG_DEST, attr);
	cairo_tag_end(d->cr, CAIRO_TAG_DEST);
	g_free(attr);
	g_free(q);
}

static void put_link(struct draw *d, const struct box_link *k, double x,
                     double y, double h)
{
	char *q = quoted(k->dest ? k->dest : k->uri);
	char *attr = g_strdup_printf("%s=%s rect=[%.2f %.2f %.2f %.2f]",
	                             k->dest ? "dest" : "uri", q, x + pt(k->x),
	                             y, pt(k->width), h);
	cairo_tag_begin(d->cr, CAIRO_TAG_LINK, attr);
	cairo_tag_end(d->cr, CAIRO_TAG_LINK);
	g_free(attr);
	g_free(q);
}

static void put_links(struct draw *d, const struct box *b,
                      const struct placed *it)
{
	double y = d->top + pt(it->y);
	for (size_t j = it->first; j < it->first + it->count; j++) {
		double h = pt(b->lines[j].height);
		for (size_t i = 0; b->anchors && i < b->anchors->len; i++)
			if (g_array_index(b->anchors, struct box_link, i)
			        .line == j)
				put_dest(d,
				         g_array_index(b->anchors,
				                       struct box_link, i)
				             .dest,
				         y);
		for (size_t i = 0; b->links && i < b->links->len; i++) {
			const struct box_link *k =
			    &g_array_index(b->links, struct box_link, i);
			if (k->line == j)
				put_link(d, k, d->left + pt(b->x), y, h);
		}
		y += h;
	}
}

/* ----------------------------------------------------------------- text */

static void show_line(cairo_t *cr, PangoLayout *l, int line, double x, double y)
{
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout_line(cr,
	                             pango_layout_get_line_readonly(l, line));
}

static void put_marker(struct draw *d, const struct box *b,
                       const struct placed *it)
{
	if (!b->marker || it->first != 0)
		return;
	cairo_tag_begin(d->cr, "Lbl", NULL);
	set_color(d->cr, b->color); /* not what was drawn before it */
	show_line(d->cr, b->marker, 0, d->left + pt(b->marker_x),
	          d->top + pt(it->y + b->lines[0].baseline));
	cairo_tag_end(d->cr, "Lbl");
}

/* Dot leaders on a grid, so the dots of all entries line up.  One dashed
 * line with round caps and dashes of no length draws them: a dot each
 * pitch from its start.  Drawn as circles, each dot cost the PDF four
 * curves (26 numbers); a book's contents and index have thousands. */
static void put_leader(struct draw *d, const struct box *b, double base)
{
	double pitch = 4.5, x0 = d->left + pt(b->x + b->leader_x0);
	double x1 = d->left + pt(b->x + b->leader_x1);
	double first = ceil((x0 - d->left) / pitch) * pitch + d->left;
	if (first <= x1) {
		double dots[] = {0, pitch};
		cairo_save(d->cr);
		cairo_set_line_width(d->cr, 1.1);
		cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_dash(d->cr, dots, 2, 0);
		/* on to half a pitch past the last dot: it is in, no more */
		double last = x1 - fmod(x1 - first, pitch);
		cairo_move_to(d->cr, first, base - 0.6);
		cairo_line_to(d->cr, last + pitch / 2, base - 0.6);
		cairo_stroke(d->cr);
		cairo_restore(d->cr);
	}
	show_line(d->cr, b->right, 0, d->left + pt(b->x + b->right_x), base);
}

static void put_text_lines(struct draw *d, const struct box *b,
                           const struct placed *it)
{
	int y = it->y;
	/* walk the lines once: asking pango for line j walks j lines */
	GSList *l = g_slist_nth(pango_layout_get_lines_readonly(b->layout),
	                        (guint)it->first);
	for (size_t j = it->first; l && j < it->first + it->count;
	     j++, l = l->next) {
		const struct box_line *ln = &b->lines[j];
		double base = d->top + pt(y + ln->baseline);
		set_color(d->cr, b->color);
		cairo_move_to(d->cr, d->left + pt(b->x + ln->x), base);
		pango_cairo_show_layout_line(d->cr, l->data);
		if (b->right && j + 1 == b->n_lines)
			put_leader(d, b, base);
		y += ln->height;
	}
}

/* The quote rule runs down to the next box when that is in the same
 * quote. */
static const struct doc_node *quote_of(const struct box *b)
{
	for (const struct doc_node *a = b->node; a; a = a->parent)
		if (a->kind == DOC_BLOCKQUOTE)
			return a;
	return NULL;
}

static void put_bar(struct draw *d, const struct box *b,
                    const struct placed *it, const struct placed *next)
{
	double y1 = pt(it->y + it->height);
	if (next) {
		const struct box *nb =
		    &g_array_index(d->lay->boxes, struct box, next->box);
		if (nb->bar && quote_of(nb) == quote_of(b))
			y1 = pt(next->y);
	}
	cairo_set_line_width(d->cr, 1.2);
	set_color(d->cr, d->rule_color);
	cairo_move_to(d->cr, d->left + pt(b->bar_x), d->top + pt(it->y));
	cairo_line_to(d->cr, d->left + pt(b->bar_x), d->top + y1);
	cairo_stroke(d->cr);
}

/* --------------------------------------------------------- rules, rows */

static void hline(struct draw *d, double x0, double x1, double y, double w)
{
	cairo_set_line_width(d->cr, w);
	cairo_move_to(d->cr, x0, y);
	cairo_line_to(d->cr, x1, y);
	cairo_stroke(d->cr);
}

static void put_rule(struct draw *d, const struct box *b,
                     const struct placed *it)
{
	double w = pt(b->width) / 3, x = d->left + pt(b->x) + w;
	set_color(d->cr, b->color);
	hline(d, x, x + w, d->top + pt(it->y + it->height / 2), 0.6);
}

static void put_row(struct draw *d, const struct box *b,
                    const struct placed *it)
{
	double x = d->left + pt(b->x), y = d->top + pt(it->y);
	for (size_t c = 0; c < b->n_cells; c++) {
		if (!b->cells[c].layout)
			continue;
		const char *tag = b->cells[c].header ? "TH" : "TD";
		cairo_tag_begin(d->cr, tag, NULL);
		set_color(d->cr, b->color);
		cairo_move_to(d->cr, x + pt(b->cells[c].x),
		              y + pt(b->lines[0].baseline));
		pango_cairo_show_layout(d->cr, b->cells[c].layout);
		cairo_tag_end(d->cr, tag);
	}
	set_color(d->cr, b->color);
	if (b->rule_above || it->repeat)
		hline(d, x, x + pt(b->width), y, b->header_row ? 0.8 : 0.6);
	if (b->rule_below)
		hline(d, x, x + pt(b->width), y + pt(it->height),
		      b->header_row ? 0.5 : 0.8);
}

/* --------------------------------------------------------------- images */

/* A JPEG is embedded as it is, unless it is to be gray: then decoded. */
static cairo_surface_t *jpeg_surface(const struct box *b, int w, int h,
                                     bool gray)
{
	char *data = NULL;
	size_t len = 0;
	int err = 0;
	if (!file_slurp(b->image_path, &data, &len, &err)) {
		diag_sys(b->image_path, "%s", g_strerror(err));
		return NULL;
	}
	if (gray) {
		cairo_surface_t *s =
		    gray_jpeg((const unsigned char *)data, len, b->image_path);
		g_free(data);
		return s;
	}
	cairo_surface_t *s =
	    cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	/* cairo embeds the JPEG as it is; the surface is its stand-in */
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG,
	                            (const unsigned char *)data, len, g_free,
	                            data);
	return s;
}

static bool put_image(struct draw *d, const struct box *b,
                      const struct placed *it)
{
	const struct doc_node *n = b->node;
	int w = (int)n->u.image.width, h = (int)n->u.image.height;
	bool jpeg = b->image_type && strstr(b->image_type, "jpeg");
	cairo_surface_t *s =
	    jpeg ? jpeg_surface(b, w, h, d->grayscale)
	         : cairo_image_surface_create_from_png(b->image_path);
	if (!s)
		return false;
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		diag_sys(b->image_path, "cannot read the image: %s",
		         cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return false;
	}
	if (d->grayscale && !jpeg) {
		cairo_surface_t *g = gray_surface(s, b->image_path);
		cairo_surface_destroy(s);
		if (!(s = g))
			return false;
	}
	double dh = pt(it->height), scale = dh / h, dw = w * scale;
	double x = d->left + pt(b->x) + (pt(b->width) - dw) / 2;
	cairo_save(d->cr);
	cairo_translate(d->cr, x, d->top + pt(it->y));
	cairo_scale(d->cr, scale, scale);
	cairo_set_source_surface(d->cr, s, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(d->cr), CAIRO_FILTER_GOOD);
	cairo_rectangle(d->cr, 0, 0, w, h);
	cairo_fill(d->cr);
	cairo_restore(d->cr);
	cairo_surface_destroy(s);
	return true;
}

/* ------------------------------------------------------------ QR codes */

static void put_qr(struct draw *d, const struct box *b, const struct placed *it)
{
	double x = d->left + pt(b->x), y = d->top + pt(it->y);
	double m = pt(b->qr_module);
	set_color(d->cr, d->rule_color);
	cairo_set_line_width(d->cr, 1.5);
	cairo_rectangle(d->cr, x + 0.75, y + 0.75, pt(b->width) - 1.5,
	                pt(it->height) - 1.5);
	cairo_stroke(d->cr);
	/* the dark modules as one path, so they join without seams */
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	double qx = x + pt(b->qr_x), qy = y + pt(b->qr_y);
	for (int r = 0; r < b->qr_width; r++)
		for (int c = 0; c < b->qr_width; c++)
			if (b->qr[r * b->qr_width + c])
				cairo_rectangle(d->cr, qx + c * m, qy + r * m,
				                m, m);
	cairo_fill(d->cr);
	set_color(d->cr, b->color);
	cairo_move_to(d->cr, x + pt(b->text_x), y + pt(b->text_y));
	pango_cairo_show_layout(d->cr, b->layout);
}

/* ---------------------------------------------------------------- boxes */

static void put_dests(struct draw *d, const struct box *b,
                      const struct placed *it)
{
	if (it->first != 0 || it->repeat)
		return;
	for (size_t i = 0; i < 2; i++)
		if (b->dest[i])
			put_dest(d, b->dest[i], d->top + pt(it->y));
}

static void put_box(struct draw *d, const struct box *b,
                    const struct placed *it, const struct placed *next)
{
	if (b->node)
		enter_containers(d, b->node);
	put_dests(d, b, it);
	if (b->tag)
		cairo_tag_begin(d->cr, b->tag, NULL);
	if (b->kind == BOX_IMAGE && b->tag && d->figures) {
		GString *alt = g_string_new(NULL);
		doc_node_text_append(b->node, alt);
		g_ptr_array_add(d->figures, g_string_free(alt, FALSE));
	}
	put_marker(d, b, it);
	switch (b->kind) {
	case BOX_TEXT: put_text_lines(d, b, it); break;
	case BOX_RULE: put_rule(d, b, it); break;
	case BOX_ROW: put_row(d, b, it); break;
	case BOX_IMAGE:
		if (!put_image(d, b, it))
			d->failed = true;
		break;
	case BOX_QR: put_qr(d, b, it); break;
	}
	if (b->bar)
		put_bar(d, b, it, next);
	if (b->tag)
		cairo_tag_end(d->cr, b->tag);
	put_links(d, b, it);
}

static void put_separator(struct draw *d)
{
	double y = d->top + pt(d->pg->notes_y) + 4;
	hline(d, d->left, d->left + d->width / 4, y, 0.5);
}

/* Footnotes after the body of the page, in the order they are called. */
static void put_notes(struct draw *d)
{
	if (!d->pg->notes->len)
		return;
	const struct box *first =
	    &g_array_index(d->lay->notes, struct box,
	                   g_array_index(d->pg->notes, struct placed, 0).box);
	set_color(d->cr, first->color);
	put_separator(d);
	for (size_t i = 0; i < d->pg->notes->len; i++) {
		const struct placed *it =
		    &g_array_index(d->pg->notes, struct placed, i);
		const struct box *b =
		    &g_array_index(d->lay->notes, struct box, it->box);
		put_dests(d, b, it);
		cairo_tag_begin(d->cr, "Note", NULL);
		put_text_lines(d, b, it);
		cairo_tag_end(d->cr, "Note");
		put_links(d, b, it);
	}
}

static void put_furniture(struct draw *d, const struct draw_page *dp)
{
	const struct page *pg = d->pg;
	if (pg->head_layout) {
		cairo_move_to(d->cr, d->left, dp->top * 0.3);
		set_color(d->cr, dp->rule_color);
		pango_cairo_show_layout(d->cr, pg->head_layout);
	}
	if (pg->folio_layout) {
		cairo_move_to(d->cr, d->left, dp->height - dp->bottom * 0.6);
		set_color(d->cr, 0x1a1a1a);
		pango_cairo_show_layout(d->cr, pg->folio_layout);
	}
}

/* cairo failed on page p: said at the first source place the page
 * shows, else with the page's number. */
static void cairo_failed(const struct draw *d, const struct page *p,
                         cairo_status_t st)
{
	for (size_t i = 0; i < p->items->len; i++) {
		const struct placed *it =
		    &g_array_index(p->items, struct placed, i);
		const struct box *b =
		    &g_array_index(d->lay->boxes, struct box, it->box);
		if (b->node && b->node->loc.file) {
			diag_error(&b->node->loc,
			           "cairo could not draw the print page "
			           "showing this: %s",
			           cairo_status_to_string(st));
			return;
		}
	}
	diag_sys(NULL, "cairo could not draw page %u of the print edition: %s",
	         p->folio, cairo_status_to_string(st));
}

bool layout_draw_page(struct draw *d, const struct page *p,
                      const struct draw_page *dp)
{
	if (!layout_draw_paint(d, p, dp))
		return false;
	cairo_show_page(d->cr);
	cairo_status_t st = cairo_status(d->cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_failed(d, p, st);
		return false;
	}
	return true;
}

bool layout_draw_paint(struct draw *d, const struct page *p,
                       const struct draw_page *dp)
{
	d->pg = p;
	d->left = dp->recto ? dp->inner : dp->outer;
	d->top = dp->top;
	d->width = dp->width - dp->inner - dp->outer;
	d->rule_color = dp->rule_color;
	d->grayscale = dp->grayscale;
	put_furniture(d, dp);
	for (size_t i = 0; i < p->items->len; i++) {
		const struct placed *it =
		    &g_array_index(p->items, struct placed, i);
		const struct placed *next =
		    i + 1 < p->items->len
		        ? &g_array_index(p->items, struct placed, i + 1)
		        : NULL;
		put_box(d, &g_array_index(d->lay->boxes, struct box, it->box),
		        it, next);
	}
	put_notes(d);
	cairo_status_t st = cairo_status(d->cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_failed(d, p, st);
		return false;
	}
	return !d->failed;
}
