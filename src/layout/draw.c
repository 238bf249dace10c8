/*
 * draw.c - pages -> cairo.  Paints what measure and paginate decided:
 * lines of text at their baselines, markers, rules, table cells, images,
 * running heads and folios; marks anchors, links and the structure tree
 * (cairo's tags).  It measures nothing and moves nothing.  Points from
 * here on: every pango unit goes through layout_pt().
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
#include "pdftags.h"
#include "infile.h"
#include "svg.h"
#include "util.h"

/* A container tag open: node's own, or (for a list item) its LBody. */
struct open_tag {
	const struct doc_node *node;
	const char *tag;
};

struct draw {
	cairo_t *cr;
	const struct layout *lay;
	GArray *open; /* struct open_tag: container tags now open */
	bool toc_open;
	struct pdf_tags *tags, *own_tags; /* the log of tags begun */
	/* the page being drawn */
	const struct page *pg;
	double left, top; /* text area origin */
	double width;     /* text area width */
	double sheet_h;   /* the sheet's height, for PDF coordinates */
	unsigned rule_color;
	bool grayscale;         /* images in grays */
	struct pdf_tag *figure; /* an inline image's Figure being drawn */
	bool failed;
};

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

/* Begins a structure tag and logs it for pdfpost; the entry returned
 * takes its attributes (pdftags.h) until the next begin. */
static struct pdf_tag *begin(struct draw *d, const char *name, const char *attr)
{
	cairo_tag_begin(d->cr, name, attr);
	return pdf_tags_add(d->tags, name);
}

static void end(struct draw *d, const char *name)
{
	cairo_tag_end(d->cr, name);
}

/* Artifacts: pagination (running heads, folios) and layout (rules,
 * leaders, frames); not read aloud, not in the structure tree. */
static void begin_artifact(struct draw *d, enum pdf_artifact kind)
{
	begin(d, PDF_TAG_ARTIFACT, NULL)->artifact = kind;
}

static void end_artifact(struct draw *d)
{
	end(d, PDF_TAG_ARTIFACT);
}

/* /Lang on the element of node when its text is in another language than
 * the book's (a chapter's language, an HTML lang=): a screen reader
 * then reads it with that language's voice. */
static void set_lang(struct pdf_tag *t, const struct doc_node *node)
{
	const struct doc_node *book = node;
	while (book && book->parent)
		book = book->parent;
	const char *lang = doc_node_lang(NULL, node);
	if (lang && !(book->lang && !g_ascii_strcasecmp(lang, book->lang)))
		t->lang = g_strdup(lang);
}

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

static void close_toc(struct draw *d)
{
	if (d->toc_open)
		end(d, "TOC");
	d->toc_open = false;
}

/* Opens and closes container tags so exactly those above node are open:
 * L, LI then LBody for a list item (all but the innermost item's LBody
 * when label, so that its Lbl comes first), BlockQuote, Table, Sect. */
static void enter_containers(struct draw *d, const struct doc_node *node,
                             bool label)
{
	close_toc(d);
	GArray *want = g_array_new(FALSE, FALSE, sizeof(struct open_tag));
	bool inner = true;
	for (const struct doc_node *a = node ? node->parent : NULL; a;
	     a = a->parent) {
		if (a->kind == DOC_ITEM && !(label && inner)) {
			struct open_tag t = {a, "LBody"};
			g_array_prepend_val(want, t);
		}
		inner = inner && a->kind != DOC_ITEM;
		if (container_tag(a->kind)) {
			struct open_tag t = {a, container_tag(a->kind)};
			g_array_prepend_val(want, t);
		}
	}
	guint same = 0;
	while (same < want->len && same < d->open->len &&
	       !memcmp(&g_array_index(want, struct open_tag, same),
	               &g_array_index(d->open, struct open_tag, same),
	               sizeof(struct open_tag)))
		same++;
	while (d->open->len > same) {
		end(d, g_array_index(d->open, struct open_tag, d->open->len - 1)
		           .tag);
		g_array_set_size(d->open, d->open->len - 1);
	}
	for (guint i = same; i < want->len; i++) {
		struct open_tag *t = &g_array_index(want, struct open_tag, i);
		struct pdf_tag *pt = begin(d, t->tag, NULL);
		if (strcmp(t->tag, "LBody")) /* its LI has it */
			set_lang(pt, t->node);
		g_array_append_val(d->open, *t);
	}
	g_array_free(want, TRUE);
}

static void close_containers(struct draw *d)
{
	while (d->open->len) {
		end(d, g_array_index(d->open, struct open_tag, d->open->len - 1)
		           .tag);
		g_array_set_size(d->open, d->open->len - 1);
	}
}

struct draw *layout_draw_new(cairo_t *cr, const struct layout *lay)
{
	struct draw *d = xcalloc(1, sizeof *d);
	d->cr = cr;
	d->lay = lay;
	d->open = g_array_new(FALSE, FALSE, sizeof(struct open_tag));
	d->tags = d->own_tags = pdf_tags_new();
	return d;
}

void layout_draw_log_tags(struct draw *d, struct pdf_tags *tags)
{
	d->tags = tags;
}

void layout_draw_free(struct draw *d)
{
	if (!d)
		return;
	enter_containers(d, NULL, false);
	close_toc(d);
	g_array_free(d->open, TRUE);
	pdf_tags_free(d->own_tags);
	free(d);
}

/* ---------------------------------------------------------------- marks */

/* cairo 1.16 takes the places of destinations and link areas in the
 * sheet's coordinates, not through the transformation (a page printed
 * with a bleed, a booklet's right-hand page): turned into them here. */
static void on_sheet(const struct draw *d, double *x, double *y)
{
	cairo_user_to_device(d->cr, x, y);
}

static void put_dest(struct draw *d, const char *name, double y)
{
	char *q = quoted(name);
	double x = d->left;
	on_sheet(d, &x, &y);
	char *attr = g_strdup_printf("name=%s x=%.2f y=%.2f", q, x, y);
	cairo_tag_begin(d->cr, CAIRO_TAG_DEST, attr);
	cairo_tag_end(d->cr, CAIRO_TAG_DEST);
	g_free(attr);
	g_free(q);
}

/* Begins the Link element of k (a line's part of a link; its
 * annotation over x, y, h), which holds what is drawn until end_link;
 * contents is the annotation's /Contents (the link's text), or NULL for
 * its address. */
static void begin_link(struct draw *d, const struct box_link *k, double x,
                       double y, double h, const char *contents)
{
	char *q = quoted(k->dest ? k->dest : k->uri);
	double x0 = x + layout_pt(k->x), y0 = y;
	on_sheet(d, &x0, &y0);
	char *attr = g_strdup_printf("%s=%s rect=[%.2f %.2f %.2f %.2f]",
	                             k->dest ? "dest" : "uri", q, x0, y0,
	                             layout_pt(k->width), h);
	struct pdf_tag *t = begin(d, CAIRO_TAG_LINK, attr);
	t->contents = g_strdup(contents && *contents ? contents
	                       : k->uri              ? k->uri
	                                             : "link");
	g_free(attr);
	g_free(q);
}

static void end_link(struct draw *d)
{
	end(d, CAIRO_TAG_LINK);
}

/* The destinations on the lines of it; links are drawn with their text
 * (put_text_lines), but for boxes that are not text. */
static void put_links(struct draw *d, const struct box *b,
                      const struct placed *it)
{
	double y = d->top + layout_pt(it->y);
	for (size_t j = it->first; j < it->first + it->count; j++) {
		double h = layout_pt(b->lines[j].height);
		for (size_t i = 0; b->anchors && i < b->anchors->len; i++)
			if (g_array_index(b->anchors, struct box_link, i)
			        .line == j)
				put_dest(d,
				         g_array_index(b->anchors,
				                       struct box_link, i)
				             .dest,
				         y);
		for (size_t i = 0;
		     b->kind != BOX_TEXT && b->links && i < b->links->len;
		     i++) {
			const struct box_link *k =
			    &g_array_index(b->links, struct box_link, i);
			if (k->line == j && (k->dest || k->uri)) {
				begin_link(d, k, d->left + layout_pt(b->x), y,
				           h, NULL);
				end_link(d);
			}
		}
		y += h;
	}
}

/* --------------------------------------------------------------- images */

/* A JPEG is embedded as it is, unless it is to be gray: then decoded. */
static cairo_surface_t *jpeg_surface(const char *path, GBytes *bytes, int w,
                                     int h, bool gray)
{
	gsize len;
	const unsigned char *data = g_bytes_get_data(bytes, &len);
	if (gray)
		return gray_jpeg(data, len, path);
	cairo_surface_t *s =
	    cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	/* cairo embeds the JPEG as it is; the surface is its stand-in */
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len,
	                            (cairo_destroy_func_t)g_bytes_unref,
	                            g_bytes_ref(bytes));
	return s;
}

/* cairo reads a PNG from the bytes the images pass checked. */
struct png_bytes {
	const unsigned char *data;
	gsize len, pos;
};

static cairo_status_t png_bytes_read(void *closure, unsigned char *out,
                                     unsigned int n)
{
	struct png_bytes *r = closure;
	if (n > r->len - r->pos)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, r->data + r->pos, n);
	r->pos += n;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *png_surface(GBytes *bytes)
{
	struct png_bytes r = {NULL, 0, 0};
	r.data = g_bytes_get_data(bytes, &r.len);
	return cairo_image_surface_create_from_png_stream(png_bytes_read, &r);
}

/* The rectangle x, y, w, h of user space in PDF coordinates (y up). */
static void pdf_bbox(struct draw *d, double x, double y, double w, double h,
                     double *bbox)
{
	double x0 = x, y0 = y, x1 = x + w, y1 = y + h;
	cairo_user_to_device(d->cr, &x0, &y0);
	cairo_user_to_device(d->cr, &x1, &y1);
	bbox[0] = MIN(x0, x1);
	bbox[2] = MAX(x0, x1);
	bbox[1] = d->sheet_h - MAX(y0, y1);
	bbox[3] = d->sheet_h - MIN(y0, y1);
}

/* An SVG drawn as vectors into x, y, w, h, in grays when asked. */
static bool put_svg(struct draw *d, const char *path, GBytes *bytes, double x,
                    double y, double w, double h)
{
	char *why = NULL;
	GBytes *safe = svg_safe(bytes, false, NULL, NULL, &why);
	bool ok = safe && svg_draw(d->cr, safe, x, y, w, h, &why);
	if (ok && d->grayscale) {
		/* what it drew keeps its lightness and loses its colour: gray
		 * blended by saturation, through the drawing itself as the
		 * mask (the page around it has no colour to lose) */
		cairo_push_group(d->cr);
		ok = svg_draw(d->cr, safe, x, y, w, h, &why);
		cairo_pattern_t *mask = cairo_pop_group(d->cr);
		cairo_save(d->cr);
		cairo_set_operator(d->cr, CAIRO_OPERATOR_HSL_SATURATION);
		cairo_set_source_rgb(d->cr, 0.5, 0.5, 0.5);
		cairo_mask(d->cr, mask);
		cairo_restore(d->cr);
		cairo_pattern_destroy(mask);
	}
	if (!ok)
		diag_path(path, IMAGE_DRAW_READ, why);
	g_free(why);
	if (safe)
		g_bytes_unref(safe);
	return ok;
}

/* A PNG or JPEG image scaled into x, y, w, h. */
static bool put_raster(struct draw *d, const struct doc_node *img,
                       GBytes *bytes, double x, double y, double w, double h)
{
	const char *path = img->u.image.path, *type = img->u.image.media_type;
	int pw = (int)img->u.image.width, ph = (int)img->u.image.height;
	bool jpeg = type && strstr(type, "jpeg");
	cairo_surface_t *s =
	    jpeg ? jpeg_surface(path, bytes, pw, ph, d->grayscale)
	         : png_surface(bytes);
	if (!s)
		return false;
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		diag_path(path, IMAGE_DRAW_READ,
		          cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return false;
	}
	if (d->grayscale && !jpeg) {
		cairo_surface_t *g = gray_surface(s, path);
		cairo_surface_destroy(s);
		if (!(s = g))
			return false;
	}
	cairo_save(d->cr);
	cairo_translate(d->cr, x, y);
	cairo_scale(d->cr, w / pw, h / ph);
	cairo_set_source_surface(d->cr, s, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(d->cr), CAIRO_FILTER_GOOD);
	cairo_rectangle(d->cr, 0, 0, pw, ph);
	cairo_fill(d->cr);
	cairo_restore(d->cr);
	cairo_surface_destroy(s);
	return true;
}

/* Image img (PNG, JPEG or SVG) into x, y, w, h; its Figure's box there. */
static bool paint_image(struct draw *d, const struct doc_node *img, double x,
                        double y, double w, double h, struct pdf_tag *fig)
{
	if (fig) {
		pdf_bbox(d, x, y, w, h, fig->bbox);
		fig->has_bbox = true;
	}
	/* the bytes the images pass read and checked */
	GBytes *bytes = infile_get(img->u.image.path);
	if (!bytes) {
		diag_path(img->u.image.path, IMAGE_NOT_READ);
		return false;
	}
	const char *type = img->u.image.media_type;
	bool ok = type && strstr(type, "svg")
	              ? put_svg(d, img->u.image.path, bytes, x, y, w, h)
	              : put_raster(d, img, bytes, x, y, w, h);
	g_bytes_unref(bytes);
	return ok;
}

/* A figure's image, centred in its box, as tall as placed. */
static bool put_image(struct draw *d, const struct box *b,
                      const struct placed *it, struct pdf_tag *fig)
{
	const struct doc_node *n = b->node;
	double dh = layout_pt(it->height);
	double dw = n->u.image.width * (dh / n->u.image.height);
	double x = d->left + layout_pt(b->x) + (layout_pt(b->width) - dw) / 2;
	return paint_image(d, n, x, d->top + layout_pt(it->y), dw, dh, fig);
}

/* An inline image (inline.c: a shape whose data is the image node) of
 * the layout drawn at x, baseline y: its rectangle is the shape's. */
static bool put_shape(struct draw *d, const PangoAttrShape *shape, double x,
                      double y, struct pdf_tag *fig)
{
	const PangoRectangle *r = &shape->logical_rect;
	return paint_image(d, shape->data, x + layout_pt(r->x),
	                   y + layout_pt(r->y), layout_pt(r->width),
	                   layout_pt(r->height), fig);
}

/* pango draws a shape of a layout shown whole (a table cell) here, the
 * current point on its baseline. */
static void draw_shape(cairo_t *cr, PangoAttrShape *shape, gboolean do_path,
                       gpointer data)
{
	struct draw *d = data;
	double x, y;
	if (do_path || !shape->data)
		return;
	cairo_get_current_point(cr, &x, &y);
	if (!put_shape(d, shape, x, y, NULL))
		d->failed = true;
}

/* Lets pango draw the inline images of layouts of context ctx. */
static void draw_shapes_of(struct draw *d, PangoLayout *l)
{
	if (l)
		pango_cairo_context_set_shape_renderer(
		    pango_layout_get_context(l), draw_shape, d, NULL);
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
	begin(d, "Lbl", NULL);
	set_color(d->cr, b->color); /* not what was drawn before it */
	show_line(d->cr, b->marker, 0, d->left + layout_pt(b->marker_x),
	          d->top + layout_pt(it->y + b->lines[0].baseline));
	end(d, "Lbl");
}

/* Dot leaders on a grid, so the dots of all entries line up.  One dashed
 * line with round caps and dashes of no length draws them: a dot each
 * pitch from its start.  Drawn as circles, each dot cost the PDF four
 * curves (26 numbers); a book's contents and index have thousands. */
static void put_leader(struct draw *d, const struct box *b, double base)
{
	double pitch = 4.5, x0 = d->left + layout_pt(b->x + b->leader_x0);
	double x1 = d->left + layout_pt(b->x + b->leader_x1);
	double first = ceil((x0 - d->left) / pitch) * pitch + d->left;
	if (first <= x1) {
		begin_artifact(d, PDF_ARTIFACT_LAYOUT);
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
		end_artifact(d);
	}
}

/* The link of b on line j whose text holds byte index i, or NULL. */
static const struct box_link *link_at(const struct box *b, size_t j, int i)
{
	for (size_t n = 0; b->links && n < b->links->len; n++) {
		const struct box_link *k =
		    &g_array_index(b->links, struct box_link, n);
		if (k->line == j && i >= k->start && i < k->end)
			return k;
	}
	return NULL;
}

static bool has_link(const struct box *b, size_t j)
{
	for (size_t n = 0; b->links && n < b->links->len; n++)
		if (g_array_index(b->links, struct box_link, n).line == j)
			return true;
	return false;
}

static PangoAttribute *run_attr(const PangoGlyphItem *run, PangoAttrType type)
{
	for (GSList *a = run->item->analysis.extra_attrs; a; a = a->next)
		if (((PangoAttribute *)a->data)->klass->type == type)
			return a->data;
	return NULL;
}

/* A line across the run at offset (pango units above the baseline). */
static void run_rule(cairo_t *cr, double x, double base, int width, int offset,
                     int thickness)
{
	cairo_rectangle(cr, x, base - layout_pt(offset), layout_pt(width),
	                layout_pt(thickness));
	cairo_fill(cr);
}

/* One run of a line at x on base, as pango_cairo_show_layout_line draws
 * it (its background, colour, rise, underline, strikethrough); returns
 * its width. */
static double paint_run(struct draw *d, const struct box *b,
                        PangoGlyphItem *run, double x, double base)
{
	PangoAttribute *shape = run_attr(run, PANGO_ATTR_SHAPE);
	if (shape && ((PangoAttrShape *)shape)->data) {
		PangoRectangle log;
		pango_glyph_string_extents(
		    run->glyphs, run->item->analysis.font, NULL, &log);
		if (!put_shape(d, (PangoAttrShape *)shape, x, base, d->figure))
			d->failed = true;
		return layout_pt(log.width);
	}
	PangoAttribute *bg = run_attr(run, PANGO_ATTR_BACKGROUND);
	if (bg) { /* <mark>: behind the run's logical box */
		const PangoColor *c = &((PangoAttrColor *)bg)->color;
		PangoRectangle log;
		pango_glyph_string_extents(
		    run->glyphs, run->item->analysis.font, NULL, &log);
		cairo_set_source_rgb(d->cr, c->red / 65535.0,
		                     c->green / 65535.0, c->blue / 65535.0);
		cairo_rectangle(d->cr, x + layout_pt(log.x),
		                base + layout_pt(log.y), layout_pt(log.width),
		                layout_pt(log.height));
		cairo_fill(d->cr);
	}
	PangoAttribute *a = run_attr(run, PANGO_ATTR_FOREGROUND);
	if (a) {
		const PangoColor *c = &((PangoAttrColor *)a)->color;
		cairo_set_source_rgb(d->cr, c->red / 65535.0,
		                     c->green / 65535.0, c->blue / 65535.0);
	} else
		set_color(d->cr, b->color);
	a = run_attr(run, PANGO_ATTR_RISE);
	double y = base - (a ? layout_pt(((PangoAttrInt *)a)->value) : 0);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_glyph_item(d->cr, pango_layout_get_text(b->layout),
	                            run);
	PangoRectangle log;
	pango_glyph_string_extents(run->glyphs, run->item->analysis.font, NULL,
	                           &log);
	PangoAttribute *u = run_attr(run, PANGO_ATTR_UNDERLINE);
	PangoAttribute *st = run_attr(run, PANGO_ATTR_STRIKETHROUGH);
	bool under = u && ((PangoAttrInt *)u)->value != PANGO_UNDERLINE_NONE;
	bool strike = st && ((PangoAttrInt *)st)->value;
	if (under || strike) {
		PangoFontMetrics *m =
		    pango_font_get_metrics(run->item->analysis.font, NULL);
		if (under)
			run_rule(d->cr, x + layout_pt(log.x), y, log.width,
			         pango_font_metrics_get_underline_position(m),
			         pango_font_metrics_get_underline_thickness(m));
		if (strike)
			run_rule(
			    d->cr, x + layout_pt(log.x), y, log.width,
			    pango_font_metrics_get_strikethrough_position(m),
			    pango_font_metrics_get_strikethrough_thickness(m));
		pango_font_metrics_unref(m);
	}
	return layout_pt(log.width);
}

/* The image an inline image's run shows (inline.c: its shape's data),
 * or NULL. */
static const struct doc_node *run_image(const PangoGlyphItem *run)
{
	PangoAttribute *a = run_attr(run, PANGO_ATTR_SHAPE);
	return a ? ((PangoAttrShape *)a)->data : NULL;
}

static bool line_has_image(PangoLayoutLine *line)
{
	for (GSList *r = line->runs; r; r = r->next)
		if (run_image(r->data))
			return true;
	return false;
}

/* An inline image outside links: a Figure of its own, with its alt text
 * and where it is on the page; decoration an artifact. */
static void show_figure_run(struct draw *d, const struct box *b,
                            PangoGlyphItem *run, double *x, double base)
{
	const struct doc_node *img = run_image(run);
	if (img->u.image.decorative) { /* ![](path): not told to readers */
		begin_artifact(d, PDF_ARTIFACT_DECORATE);
		*x += paint_run(d, b, run, *x, base);
		end_artifact(d);
		return;
	}
	GString *alt = g_string_new(NULL);
	doc_node_text_append(img, alt);
	d->figure = begin(d, "Figure", NULL);
	d->figure->alt = g_string_free(alt, FALSE);
	*x += paint_run(d, b, run, *x, base);
	d->figure = NULL;
	end(d, "Figure");
}

/* What a link's runs say, for its annotation: their text, an inline
 * image's alt text for its character. */
static void said_append(GString *said, const char *text, PangoGlyphItem *run)
{
	const struct doc_node *img = run_image(run);
	if (img)
		doc_node_text_append(img, said);
	else
		g_string_append_len(said, text + run->item->offset,
		                    run->item->length);
}

/* A line with links or inline images, run by run: each link's runs
 * inside its Link element (with its text as the annotation's
 * /Contents), each image outside links in a Figure, text in another
 * language inside a Span with its /Lang, the text between them inside
 * Spans (cairo 1.16 marks the content of an element only
 * when it has no child element). */
static void show_runs(struct draw *d, const struct box *b, size_t j,
                      PangoLayoutLine *line, double x, double base, double top)
{
	const char *text = pango_layout_get_text(b->layout);
	GSList *r = line->runs;
	while (r) {
		PangoGlyphItem *run = r->data;
		const struct box_link *k = link_at(b, j, run->item->offset);
		/* a run of another language is no link */
		bool link = k && (k->dest || k->uri);
		if (!link && run_image(run)) {
			show_figure_run(d, b, run, &x, base);
			r = r->next;
			continue;
		}
		GString *said = g_string_new(NULL);
		for (GSList *n = r; n; n = n->next) {
			PangoGlyphItem *nr = n->data;
			if (link_at(b, j, nr->item->offset) != k ||
			    (!link && run_image(nr)))
				break;
			said_append(said, text, nr);
		}
		if (link)
			begin_link(d, k, d->left + layout_pt(b->x), top,
			           layout_pt(b->lines[j].height), said->str);
		else if (k) /* text in another language */
			begin(d, "Span", NULL)->lang = g_strdup(k->lang);
		else
			begin(d, "Span", NULL);
		for (; r; r = r->next) {
			PangoGlyphItem *rr = r->data;
			if (link_at(b, j, rr->item->offset) != k ||
			    (!link && run_image(rr)))
				break;
			x += paint_run(d, b, rr, x, base);
		}
		if (link)
			end_link(d);
		else
			end(d, "Span");
		g_string_free(said, TRUE);
	}
}

/* A contents entry's line: all of it the link, with the page number on
 * the last line (a Span read with a space before it: nothing separates
 * it from the title but the dots); the leader dots after it, an
 * artifact. */
static void show_entry(struct draw *d, const struct box *b, size_t j,
                       PangoLayoutLine *line, double x, double base, double top)
{
	const struct box_link *k = NULL;
	for (size_t n = 0; b->links && n < b->links->len; n++)
		if (g_array_index(b->links, struct box_link, n).line == j &&
		    !g_array_index(b->links, struct box_link, n).lang)
			k = &g_array_index(b->links, struct box_link, n);
	bool last = j + 1 == b->n_lines;
	if (k) {
		GString *said = g_string_new_len(
		    pango_layout_get_text(b->layout) + line->start_index,
		    line->length);
		if (last)
			g_string_append_printf(said, " %s",
			                       pango_layout_get_text(b->right));
		begin_link(d, k, d->left + layout_pt(b->x), top,
		           layout_pt(b->lines[j].height), said->str);
		g_string_free(said, TRUE);
	}
	if (last)
		begin(d, "Span", NULL);
	cairo_move_to(d->cr, x, base);
	pango_cairo_show_layout_line(d->cr, line);
	if (last) {
		end(d, "Span");
		begin(d, "Span", NULL)->actual =
		    g_strdup_printf(" %s", pango_layout_get_text(b->right));
		show_line(d->cr, b->right, 0,
		          d->left + layout_pt(b->x + b->right_x), base);
		end(d, "Span");
	}
	if (k)
		end_link(d);
	if (last)
		put_leader(d, b, base);
}

static void put_text_lines(struct draw *d, const struct box *b,
                           const struct placed *it)
{
	int y = it->y;
	/* lines with links have child elements: then every line is a child
	 * (an element with children has no content of its own) */
	bool spans = false;
	/* walk the lines once: asking pango for line j walks j lines */
	GSList *l = g_slist_nth(pango_layout_get_lines_readonly(b->layout),
	                        (guint)it->first);
	GSList *ll = l;
	for (size_t j = it->first; !b->right && ll && j < it->first + it->count;
	     j++, ll = ll->next)
		spans = spans || has_link(b, j) || line_has_image(ll->data);
	for (size_t j = it->first; l && j < it->first + it->count;
	     j++, l = l->next) {
		const struct box_line *ln = &b->lines[j];
		double base = d->top + layout_pt(y + ln->baseline);
		double x = d->left + layout_pt(b->x + ln->x),
		       top = d->top + layout_pt(y);
		set_color(d->cr, b->color);
		if (b->right)
			show_entry(d, b, j, l->data, x, base, top);
		else if (has_link(b, j) || line_has_image(l->data))
			show_runs(d, b, j, l->data, x, base, top);
		else {
			if (spans)
				begin(d, "Span", NULL);
			cairo_move_to(d->cr, x, base);
			pango_cairo_show_layout_line(d->cr, l->data);
			if (spans)
				end(d, "Span");
		}
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
	double y1 = layout_pt(it->y + it->height);
	if (next) {
		const struct box *nb =
		    &g_array_index(d->lay->boxes, struct box, next->box);
		if (nb->bar && quote_of(nb) == quote_of(b))
			y1 = layout_pt(next->y);
	}
	begin_artifact(d, PDF_ARTIFACT_LAYOUT);
	cairo_set_line_width(d->cr, 1.2);
	set_color(d->cr, d->rule_color);
	cairo_move_to(d->cr, d->left + layout_pt(b->bar_x),
	              d->top + layout_pt(it->y));
	cairo_line_to(d->cr, d->left + layout_pt(b->bar_x), d->top + y1);
	cairo_stroke(d->cr);
	end_artifact(d);
}

/* A code block's tint and the rule at its left: an artifact, behind the
 * lines placed on this page. */
static void put_tint(struct draw *d, const struct box *b,
                     const struct placed *it)
{
	double pad = layout_pt(b->tint);
	double x = d->left + layout_pt(b->x) - pad,
	       w = layout_pt(b->width) + 2 * pad;
	double y = d->top + layout_pt(it->y) - pad / 2,
	       h = layout_pt(it->height) + pad;
	begin_artifact(d, PDF_ARTIFACT_LAYOUT);
	cairo_set_source_rgb(d->cr, 0.945, 0.945, 0.945);
	cairo_rectangle(d->cr, x, y, w, h);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0.55, 0.55, 0.55);
	cairo_rectangle(d->cr, x, y, 1.5, h);
	cairo_fill(d->cr);
	end_artifact(d);
}

/* --------------------------------------------------------- rules, rows */

/* A rule: an artifact. */
static void hline(struct draw *d, double x0, double x1, double y, double w)
{
	begin_artifact(d, PDF_ARTIFACT_LAYOUT);
	cairo_set_line_width(d->cr, w);
	cairo_move_to(d->cr, x0, y);
	cairo_line_to(d->cr, x1, y);
	cairo_stroke(d->cr);
	end_artifact(d);
}

static void put_rule(struct draw *d, const struct box *b,
                     const struct placed *it)
{
	double w = layout_pt(b->width) / 3, x = d->left + layout_pt(b->x) + w;
	set_color(d->cr, b->color);
	hline(d, x, x + w, d->top + layout_pt(it->y + it->height / 2), 0.6);
}

/* A cell's lines at x, y (its layout's top left corner), pitch apart. */
static void show_cell(struct draw *d, const struct box_cell *c, double x,
                      double y)
{
	if (!c->pitch) {
		cairo_move_to(d->cr, x, y);
		pango_cairo_show_layout(d->cr, c->layout);
		return;
	}
	int base = pango_layout_get_baseline(c->layout), k = 0;
	PangoLayoutIter *it = pango_layout_get_iter(c->layout);
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		cairo_move_to(d->cr, x + layout_pt(log.x),
		              y + layout_pt(base + k++ * c->pitch));
		pango_cairo_show_layout_line(
		    d->cr, pango_layout_iter_get_line_readonly(it));
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void put_row(struct draw *d, const struct box *b,
                    const struct placed *it)
{
	double x = d->left + layout_pt(b->x), y = d->top + layout_pt(it->y);
	for (size_t c = 0; c < b->n_cells; c++) {
		if (!b->cells[c].layout)
			continue;
		const char *tag = b->cells[c].header ? "TH" : "TD";
		struct pdf_tag *t = begin(d, tag, NULL);
		if (b->cells[c].header)
			t->scope = "Column";
		set_color(d->cr, b->color);
		draw_shapes_of(d, b->cells[c].layout);
		show_cell(d, &b->cells[c], x + layout_pt(b->cells[c].x),
		          y + layout_pt(b->cells[c].y));
		end(d, tag);
	}
	set_color(d->cr, b->color);
	if (b->rule_above || it->repeat)
		hline(d, x, x + layout_pt(b->width), y,
		      b->header_row ? 0.8 : 0.6);
	if (b->rule_below)
		hline(d, x, x + layout_pt(b->width), y + layout_pt(it->height),
		      b->header_row ? 0.5 : 0.8);
}

/* ------------------------------------------------------------ QR codes */

/* The text beside the code, in the box's element. */
static void put_qr_text(struct draw *d, const struct box *b,
                        const struct placed *it)
{
	double x = d->left + layout_pt(b->x), y = d->top + layout_pt(it->y);
	set_color(d->cr, b->color);
	cairo_move_to(d->cr, x + layout_pt(b->text_x),
	              y + layout_pt(b->text_y));
	pango_cairo_show_layout(d->cr, b->layout);
}

/* The frame and the code's modules: an artifact, since the text says
 * the address the code holds. */
static void put_qr(struct draw *d, const struct box *b, const struct placed *it)
{
	double x = d->left + layout_pt(b->x), y = d->top + layout_pt(it->y);
	double m = layout_pt(b->qr_module);
	begin_artifact(d, PDF_ARTIFACT_LAYOUT);
	set_color(d->cr, d->rule_color);
	cairo_set_line_width(d->cr, 1.5);
	cairo_rectangle(d->cr, x + 0.75, y + 0.75, layout_pt(b->width) - 1.5,
	                layout_pt(it->height) - 1.5);
	cairo_stroke(d->cr);
	/* the dark modules as one path, so they join without seams */
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	double qx = x + layout_pt(b->qr_x), qy = y + layout_pt(b->qr_y);
	for (int r = 0; r < b->qr_width; r++)
		for (int c = 0; c < b->qr_width; c++)
			if (b->qr[r * b->qr_width + c])
				cairo_rectangle(d->cr, qx + c * m, qy + r * m,
				                m, m);
	cairo_fill(d->cr);
	end_artifact(d);
}

/* ---------------------------------------------------------------- boxes */

static void put_dests(struct draw *d, const struct box *b,
                      const struct placed *it)
{
	if (it->first != 0 || it->repeat)
		return;
	for (size_t i = 0; i < 2; i++)
		if (b->dest[i])
			put_dest(d, b->dest[i], d->top + layout_pt(it->y));
}

/* Contents entries (boxes tagged TOCI, with no node) go in one TOC. */
static void enter_toc(struct draw *d, const struct box *b)
{
	bool entry = b->tag && !strcmp(b->tag, "TOCI");
	if (entry && !d->toc_open) {
		begin(d, "TOC", NULL);
		d->toc_open = true;
	} else if (!entry)
		close_toc(d);
}

static void put_box(struct draw *d, const struct box *b,
                    const struct placed *it, const struct placed *next)
{
	enter_toc(d, b);
	draw_shapes_of(d, b->layout);
	if (b->node && b->marker && it->first == 0) {
		enter_containers(d, b->node, true);
		put_marker(d, b, it);
	}
	if (b->node)
		enter_containers(d, b->node, false);
	else /* a handout's closing box, a contents entry: in no container */
		close_containers(d);
	put_dests(d, b, it);
	if (b->tint) /* behind the lines, outside their tag */
		put_tint(d, b, it);
	const char *tag = b->tag ? pdf_tags_heading(d->tags, b->tag) : NULL;
	struct pdf_tag *t = tag ? begin(d, tag, NULL) : NULL;
	if (t)
		set_lang(t, b->node);
	if (b->kind == BOX_IMAGE && t) {
		GString *alt = g_string_new(NULL);
		doc_node_text_append(b->node, alt);
		/* no alt text: its caption says what it shows */
		if (!alt->len && b->node->u.image.title)
			g_string_append(alt, b->node->u.image.title);
		t->alt = g_string_free(alt, FALSE);
	}
	switch (b->kind) {
	case BOX_TEXT: put_text_lines(d, b, it); break;
	case BOX_RULE: put_rule(d, b, it); break;
	case BOX_ROW: put_row(d, b, it); break;
	case BOX_IMAGE:
		if (!t)
			begin_artifact(d, PDF_ARTIFACT_DECORATE);
		if (!put_image(d, b, it, t))
			d->failed = true;
		if (!t)
			end_artifact(d);
		break;
	case BOX_QR: put_qr_text(d, b, it); break;
	}
	if (tag)
		end(d, tag);
	if (b->kind == BOX_QR)
		put_qr(d, b, it);
	if (b->bar)
		put_bar(d, b, it, next);
	put_links(d, b, it);
}

static void put_separator(struct draw *d)
{
	double y = d->top + layout_pt(d->pg->notes_y) + 4;
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
		struct pdf_tag *t = begin(d, "Note", NULL);
		set_lang(t, b->node);
		/* its ID, for references to it: its anchor, unique */
		if (b->dest[0] && it->first == 0)
			t->id = g_strdup(b->dest[0]);
		put_text_lines(d, b, it);
		end(d, "Note");
		put_links(d, b, it);
	}
}

static void put_furniture(struct draw *d, const struct draw_page *dp)
{
	const struct page *pg = d->pg;
	if (pg->head_layout) {
		begin_artifact(d, PDF_ARTIFACT_HEADER);
		cairo_move_to(d->cr, d->left, dp->top * 0.3);
		set_color(d->cr, dp->rule_color);
		pango_cairo_show_layout(d->cr, pg->head_layout);
		end_artifact(d);
	}
	if (pg->folio_layout) {
		begin_artifact(d, PDF_ARTIFACT_FOOTER);
		cairo_move_to(d->cr, d->left, dp->height - dp->bottom * 0.6);
		set_color(d->cr, 0x1a1a1a);
		pango_cairo_show_layout(d->cr, pg->folio_layout);
		end_artifact(d);
	}
}

/* Crop marks: from CROP_GAP beyond the bleed, CROP_LEN long, hairlines
 * on the lines of the trim at each corner (as printers draw them). */
enum { CROP_GAP = 3, CROP_LEN = 18 };

double layout_trim_offset(const struct theme_page *tp)
{
	if (tp->bleed <= 0)
		return 0;
	return tp->bleed + (tp->crop_marks ? CROP_GAP + CROP_LEN : 0);
}

static void put_crop_marks(struct draw *d, const struct draw_page *dp)
{
	if (!dp->crop_marks || dp->bleed <= 0)
		return;
	double x[2] = {dp->trim, dp->trim + dp->width};
	double y[2] = {dp->trim, dp->trim + dp->height};
	double from = dp->bleed + CROP_GAP, to = from + CROP_LEN;
	begin_artifact(d, PDF_ARTIFACT_PAGE);
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_set_line_width(d->cr, 0.25);
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double sx = i ? 1 : -1, sy = j ? 1 : -1;
			cairo_move_to(d->cr, x[i] + sx * from, y[j]);
			cairo_line_to(d->cr, x[i] + sx * to, y[j]);
			cairo_move_to(d->cr, x[i], y[j] + sy * from);
			cairo_line_to(d->cr, x[i], y[j] + sy * to);
		}
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
	end_artifact(d);
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
			diag(&b->node->loc, DRAW_BLOCK,
			     cairo_status_to_string(st));
			return;
		}
	}
	diag_path(NULL, DRAW_PAGE, p->folio, cairo_status_to_string(st));
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

/* Shows the page; false after an error at what it shows if cairo
 * failed. */
static bool show_page(struct draw *d, const struct doc_loc *at)
{
	cairo_show_page(d->cr);
	cairo_status_t st = cairo_status(d->cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag(at, DRAW_BLOCK, cairo_status_to_string(st));
		return false;
	}
	return true;
}

/* The sheet of a page: crop marks, then user space at the trimmed page. */
static void begin_sheet(struct draw *d, const struct draw_page *dp)
{
	d->sheet_h = dp->height + 2 * dp->trim;
	cairo_save(d->cr);
	if (dp->trim > 0) {
		put_crop_marks(d, dp);
		cairo_translate(d->cr, dp->trim, dp->trim);
	}
}

bool layout_draw_cover(struct draw *d, const struct layout_cover *c,
                       const struct draw_page *dp)
{
	const struct doc_node *img = c->image;
	struct box b = {
	    .kind = BOX_IMAGE, .node = img, .x = c->x, .width = c->width};
	struct placed it = {.y = c->y, .height = c->height};
	d->left = d->top = 0;
	d->grayscale = dp->grayscale;
	begin_sheet(d, dp);
	struct pdf_tag *t = begin(d, "Figure", NULL);
	t->alt = g_strdup(c->alt);
	bool ok = put_image(d, &b, &it, t);
	end(d, "Figure");
	cairo_restore(d->cr);
	return ok && show_page(d, &img->loc);
}

bool layout_draw_blank(struct draw *d, const struct draw_page *dp,
                       const struct doc_loc *at)
{
	begin_sheet(d, dp);
	cairo_restore(d->cr);
	return show_page(d, at);
}

bool layout_draw_paint(struct draw *d, const struct page *p,
                       const struct draw_page *dp)
{
	d->pg = p;
	d->left = dp->recto ? dp->inner : dp->outer;
	d->top = dp->top;
	d->width = dp->width - dp->inner - dp->outer;
	d->sheet_h = dp->height + 2 * dp->trim;
	d->rule_color = dp->rule_color;
	d->grayscale = dp->grayscale;
	if (dp->trim > 0) {
		put_crop_marks(d, dp);
		cairo_save(d->cr);
		cairo_translate(d->cr, dp->trim, dp->trim);
	}
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
	if (dp->trim > 0)
		cairo_restore(d->cr);
	cairo_status_t st = cairo_status(d->cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_failed(d, p, st);
		return false;
	}
	return !d->failed;
}
