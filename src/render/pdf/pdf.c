/*
 * pdf.c - the print book: front matter (title page, colophon, contents)
 * and the chapters, through measure -> paginate -> draw, into a tagged PDF
 * with an outline, links, page labels and fixed metadata.
 *
 * The chapters are paginated first (arabic folios from 1), so the contents
 * know their page numbers before the front matter is laid out (roman
 * folios).  The front matter has an even number of pages, so chapter 1
 * opens on a recto.
 *
 * Laying out and drawing are apart: print_lay_out() measures and
 * paginates (no surface) and records where each chapter page begins in
 * the tree, for the EPUB's page markers; pdf_render() draws that layout.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <string.h>

#include "fonts.h"
#include "layout.h"
#include "pdf.h"
#include "pdfpost.h"
#include "render.h"
#include "util.h"

#define TOC_DEST "octavo-contents"

struct pdf {
	const struct doc *doc;
	const struct theme *theme;
	const struct pdf_dress *dress;
	struct measure *m;
	struct layout_geom geom;
	struct layout *body, *front;
	struct page_list *body_pages, *front_pages;
	cairo_surface_t *surface;
	cairo_t *cr;
	GPtrArray *figures; /* char *: the alt texts of the Figures drawn */
};

/* The laid-out book: the state above before anything is drawn, and where
 * each printed page of the chapters begins. */
struct print {
	struct pdf p;
	PangoFontMap *map;
	GArray *pages; /* struct print_page */
	GStringChunk *labels;
};

static int pu(double points)
{
	return (int)(points * PANGO_SCALE + 0.5);
}

static cairo_status_t write_bytes(void *closure, const unsigned char *data,
                                  unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* "xiv" for 14. */
static char *roman(unsigned n)
{
	static const struct {
		unsigned v;
		const char *s;
	} digits[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
	              {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
	              {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
	              {1, "i"}};
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(digits); i++)
		for (; n >= digits[i].v; n -= digits[i].v)
			g_string_append(s, digits[i].s);
	return g_string_free(s, FALSE);
}

static void set_geometry(struct pdf *p)
{
	const struct theme_page *pg = &p->theme->page;
	p->geom.width = pu(pg->width - pg->inner - pg->outer);
	p->geom.height = pu(pg->height - pg->top - pg->bottom);
	p->geom.note_sep = pu(p->theme->body_size * 1.1);
	p->geom.note_gap = pu(p->theme->body_size * 0.25);
	p->geom.recto_chapters = p->theme->recto_chapters;
}

/* ------------------------------------------------------- front matter */

static struct box *front_text(struct pdf *p, enum layout_role role,
                              const char *s, bool new_page)
{
	if (!s || !*s)
		return NULL;
	struct box *b = measure_text(p->m, p->front->boxes, role, s);
	b->break_before = new_page;
	return b;
}

static void title_page(struct pdf *p)
{
	const struct doc_meta *meta = &p->doc->meta;
	front_text(p, LAYOUT_ROLE_TITLE, meta->title, true);
	front_text(p, LAYOUT_ROLE_SUBTITLE, meta->subtitle, false);
	for (size_t i = 0; meta->authors && meta->authors[i]; i++)
		front_text(p, LAYOUT_ROLE_AUTHOR, meta->authors[i], false);
}

static void colophon_line(struct pdf *p, bool *first, const char *label,
                          const char *value)
{
	if (!value || !*value)
		return;
	char *s =
	    label ? g_strdup_printf("%s: %s", label, value) : g_strdup(value);
	struct box *b = front_text(p, LAYOUT_ROLE_COLOPHON, s, *first);
	b->foot = true; /* the colophon sits at the foot of its page */
	*first = false;
	g_free(s);
}

static void colophon(struct pdf *p)
{
	const struct doc_meta *meta = &p->doc->meta;
	bool first = true;
	char *title = meta->subtitle ? g_strdup_printf("%s: %s", meta->title,
	                                               meta->subtitle)
	                             : g_strdup(meta->title);
	colophon_line(p, &first, NULL, title);
	g_free(title);
	colophon_line(p, &first, "Published by", meta->publisher);
	colophon_line(p, &first, "Edition", meta->edition);
	colophon_line(p, &first, "Version", meta->version);
	colophon_line(p, &first, "Date", meta->date);
	colophon_line(p, &first, "Identifier", meta->identifier);
	colophon_line(p, &first, "Licence", meta->license);
	if (meta->fingerprint) {
		char *fp = g_strdup_printf("%.12s (SHA-256 of the sources)",
		                           meta->fingerprint);
		colophon_line(p, &first, "Fingerprint", fp);
		g_free(fp);
	}
	const struct theme *t = p->theme;
	char *set =
	    strcmp(t->body_font, t->heading_font)
	        ? g_strdup_printf("Set in %s and %s with octavo %s.",
	                          t->body_font, t->heading_font, OCTAVO_VERSION)
	        : g_strdup_printf("Set in %s with octavo %s.", t->body_font,
	                          OCTAVO_VERSION);
	colophon_line(p, &first, NULL, set);
	g_free(set);
}

/* The folio of the page where chapter number n opens, or NULL. */
static char *chapter_folio(const struct pdf *p, unsigned n)
{
	for (size_t i = 0; i < p->body->boxes->len; i++) {
		const struct box *b =
		    &g_array_index(p->body->boxes, struct box, i);
		if (b->chapter != n)
			continue;
		size_t pg = page_list_find_box(p->body_pages, i);
		if (pg == SIZE_MAX)
			return NULL;
		const struct page *page =
		    g_ptr_array_index(p->body_pages->pages, pg);
		return g_strdup_printf("%u", page->folio);
	}
	return NULL;
}

static void contents(struct pdf *p)
{
	struct box *h = measure_text(p->m, p->front->boxes,
	                             LAYOUT_ROLE_TOC_HEADING, "Contents");
	h->break_before = true;
	h->dest[0] = TOC_DEST;
	for (const struct doc_node *ch = p->doc->root->first; ch;
	     ch = ch->next) {
		char *folio = chapter_folio(p, ch->u.chapter.number);
		if (!folio)
			continue;
		/* before the titles pass (a tree made by hand): the file */
		const char *title = ch->u.chapter.title ? ch->u.chapter.title
		                                        : ch->u.chapter.stem;
		measure_toc_entry(p->m, p->front->boxes, title ? title : "",
		                  folio, ch->id);
		g_free(folio);
	}
}

/* ---------------------------------------------------------- furniture */

static const char *chapter_title(const struct pdf *p, unsigned n)
{
	for (const struct doc_node *ch = p->doc->root->first; ch; ch = ch->next)
		if (ch->u.chapter.number == n)
			return ch->u.chapter.title;
	return "";
}

/* "page N of M" counts the pages that are not blank. */
static unsigned pages_shown(const struct page_list *pl)
{
	unsigned n = 0;
	for (size_t i = 0; i < pl->pages->len; i++)
		n += !((const struct page *)pl->pages->pdata[i])->blank;
	return n;
}

static char *folio_text(const struct pdf *p, const struct page *pg, bool front,
                        unsigned total)
{
	if (front)
		return roman(pg->folio);
	if (p->dress->folio_of_total)
		return g_strdup_printf("page %u of %u", pg->folio, total);
	return g_strdup_printf("%u", pg->folio);
}

/* The dress's running head on every page that is not blank. */
static void furnish_dressed(struct pdf *p, struct page_list *pl)
{
	unsigned total = pages_shown(pl);
	for (size_t i = 0; i < pl->pages->len; i++) {
		struct page *pg = g_ptr_array_index(pl->pages, i);
		if (pg->blank)
			continue;
		char *folio = folio_text(p, pg, false, total);
		pg->folio_layout =
		    measure_line(p->m, LAYOUT_ROLE_FOLIO, folio, p->geom.width);
		g_free(folio);
		pg->head_layout = measure_line(p->m, LAYOUT_ROLE_HEAD,
		                               p->dress->head, p->geom.width);
		if (p->dress->head_short &&
		    pango_layout_is_ellipsized(pg->head_layout)) {
			g_object_unref(pg->head_layout);
			pg->head_layout =
			    measure_line(p->m, LAYOUT_ROLE_HEAD,
			                 p->dress->head_short, p->geom.width);
		}
	}
}

/* Running heads and folios: none on blank pages, no head on openings,
 * no folio on the title page and the colophon. */
static void furnish(struct pdf *p, struct page_list *pl, bool front)
{
	if (p->dress->head && !front) {
		furnish_dressed(p, pl);
		return;
	}
	unsigned total = pages_shown(pl);
	for (size_t i = 0; i < pl->pages->len; i++) {
		struct page *pg = g_ptr_array_index(pl->pages, i);
		if (pg->blank || (front && i < 2))
			continue;
		char *folio = folio_text(p, pg, front, total);
		pg->folio_layout =
		    measure_line(p->m, LAYOUT_ROLE_FOLIO, folio, p->geom.width);
		g_free(folio);
		const char *head = pg->head == PAGE_HEAD_BOOK
		                       ? p->doc->meta.title
		                   : pg->head == PAGE_HEAD_CHAPTER
		                       ? chapter_title(p, pg->chapter)
		                       : NULL;
		if (head)
			pg->head_layout = measure_line(p->m, LAYOUT_ROLE_HEAD,
			                               head, p->geom.width);
	}
}

/* ---------------------------------------------------------- the file */

static void set_metadata(struct pdf *p)
{
	const struct doc_meta *meta = &p->doc->meta;
	cairo_surface_t *s = p->surface;
	const char *title = p->dress->title ? p->dress->title : meta->title;
	if (title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
		                               title);
	char *authors =
	    meta->authors ? g_strjoinv(", ", (char **)meta->authors) : NULL;
	if (authors)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
		                               authors);
	g_free(authors);
	const char *subject =
	    meta->subtitle ? meta->subtitle : meta->description;
	if (subject)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT,
		                               subject);
	char *kw =
	    meta->keywords ? g_strjoinv(", ", (char **)meta->keywords) : NULL;
	if (kw)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS,
		                               kw);
	g_free(kw);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	                               "octavo " OCTAVO_VERSION);
	GDateTime *t = g_date_time_new_from_unix_utc(meta->modified);
	char *date = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
	g_free(date);
	g_date_time_unref(t);
}

static void outline(struct pdf *p)
{
	if (p->dress->front_matter)
		cairo_pdf_surface_add_outline(
		    p->surface, CAIRO_PDF_OUTLINE_ROOT, "Contents",
		    "dest='" TOC_DEST "'", 0);
	for (const struct doc_node *ch = p->doc->root->first; ch;
	     ch = ch->next) {
		char *attr = g_strdup_printf("dest='%s'", ch->id);
		int id = cairo_pdf_surface_add_outline(
		    p->surface, CAIRO_PDF_OUTLINE_ROOT, ch->u.chapter.title,
		    attr, 0);
		g_free(attr);
		for (const struct doc_node *h = ch->first; h; h = h->next) {
			if (h->kind != DOC_HEADING || h->u.heading.level != 2 ||
			    !h->id)
				continue;
			GString *text = g_string_new(NULL);
			doc_node_text_append(h, text);
			attr = g_strdup_printf("dest='%s'", h->id);
			cairo_pdf_surface_add_outline(p->surface, id, text->str,
			                              attr, 0);
			g_free(attr);
			g_string_free(text, TRUE);
		}
	}
}

/* A painter of lay on p's surface, collecting the Figures' alt texts,
 * and the page geometry it draws with (recto to be set per page). */
static struct draw *new_draw(struct pdf *p, const struct layout *lay,
                             struct draw_page *dp)
{
	const struct theme_page *tp = &p->theme->page;
	*dp = (struct draw_page){tp->width,
	                         tp->height,
	                         tp->top,
	                         tp->bottom,
	                         tp->inner,
	                         tp->outer,
	                         layout_color(p->theme->accent_color),
	                         false,
	                         p->theme->grayscale};
	struct draw *d = layout_draw_new(p->cr, lay);
	layout_draw_collect_figures(d, p->figures);
	return d;
}

static bool draw_pages(struct pdf *p, const struct layout *lay,
                       const struct page_list *pl, bool front)
{
	struct draw_page dp;
	struct draw *d = new_draw(p, lay, &dp);
	bool ok = true;
	for (size_t i = 0; ok && i < pl->pages->len; i++) {
		const struct page *pg = g_ptr_array_index(pl->pages, i);
		char *label =
		    front ? roman(pg->folio) : g_strdup_printf("%u", pg->folio);
		cairo_pdf_surface_set_page_label(p->surface, label);
		g_free(label);
		dp.recto = pg->folio % 2 == 1;
		ok = layout_draw_page(d, pg, &dp);
	}
	layout_draw_free(d);
	return ok;
}

unsigned pdf_booklet_page(unsigned n, unsigned side, unsigned slot)
{
	unsigned s = side / 2; /* the sheet */
	if (side % 2 == 0)     /* front: the last pages outside, left */
		return slot == 0 ? n - 2 * s : 2 * s + 1;
	return slot == 0 ? 2 * s + 2 : n - 2 * s - 1;
}

/* The pages two-up on sheets twice as wide: each side of each sheet in
 * saddle-stitch order; a blank page is left white. */
static bool draw_booklet(struct pdf *p, const struct layout *lay,
                         const struct page_list *pl)
{
	const struct theme_page *tp = &p->theme->page;
	struct draw_page dp;
	struct draw *d = new_draw(p, lay, &dp);
	unsigned n = pl->pages->len;
	bool ok = true;
	for (unsigned side = 0; ok && side < n / 2; side++) {
		for (unsigned slot = 0; ok && slot < 2; slot++) {
			const struct page *pg = g_ptr_array_index(
			    pl->pages, pdf_booklet_page(n, side, slot) - 1);
			if (pg->blank)
				continue;
			dp.recto = slot == 1;
			cairo_save(p->cr);
			cairo_translate(p->cr, slot * tp->width, 0);
			ok = layout_draw_paint(d, pg, &dp);
			cairo_restore(p->cr);
		}
		cairo_show_page(p->cr);
	}
	layout_draw_free(d);
	return ok;
}

/* Records the folio of every citation anchor ("cite-N") placed on pg. */
static void label_citations(GHashTable *labels, const GArray *boxes,
                            const GArray *placed, unsigned folio)
{
	for (guint i = 0; i < placed->len; i++) {
		const struct placed *pl =
		    &g_array_index(placed, struct placed, i);
		const struct box *b =
		    &g_array_index(boxes, struct box, pl->box);
		for (guint k = 0; b->anchors && k < b->anchors->len; k++) {
			const struct box_link *a =
			    &g_array_index(b->anchors, struct box_link, k);
			if (a->line >= pl->first &&
			    a->line < pl->first + pl->count &&
			    g_str_has_prefix(a->dest, "cite-"))
				g_hash_table_insert(
				    labels, (gpointer)a->dest,
				    g_strdup_printf("%u", folio));
		}
	}
}

/* The chapters' boxes, then the dress's closing boxes. */
static bool measure_body(struct pdf *p)
{
	if (!measure_book(p->m, p->doc, p->body))
		return false;
	if (p->dress->closing)
		p->dress->closing(p->m, p->body, p->geom.width, p->dress->data);
	return true;
}

static bool has_bibliography(const struct doc *doc)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev))
		if (n->kind == DOC_BIBLIOGRAPHY)
			return true;
	return false;
}

/* The bibliography shows the pages that cite each entry: the body is laid
 * out once to learn them, then again with them (the citations' own pages
 * come before the bibliography, so they do not move). */
static void relayout_with_citation_pages(struct pdf *p)
{
	GHashTable *labels =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	for (guint i = 0; i < p->body_pages->pages->len; i++) {
		const struct page *pg = p->body_pages->pages->pdata[i];
		label_citations(labels, p->body->boxes, pg->items, pg->folio);
		label_citations(labels, p->body->notes, pg->notes, pg->folio);
	}
	page_list_free(p->body_pages);
	layout_free(p->body);
	measure_set_page_labels(p->m, labels);
	p->body = layout_new();
	measure_body(p);
	measure_set_page_labels(p->m, NULL);
	p->body_pages = layout_paginate(p->body, &p->geom, 1);
	g_hash_table_destroy(labels);
}

static bool lay_out(struct pdf *p)
{
	p->body = layout_new();
	measure_keep_blocks(p->m, has_bibliography(p->doc));
	if (!measure_body(p))
		return false;
	p->body_pages = layout_paginate(p->body, &p->geom, 1);
	if (has_bibliography(p->doc))
		relayout_with_citation_pages(p);
	if (p->dress->booklet)
		while (p->body_pages->pages->len % 4)
			page_list_add_blank(p->body_pages);
	if (p->dress->front_matter) {
		p->front = layout_new();
		title_page(p);
		colophon(p);
		contents(p);
		p->front_pages = layout_paginate(p->front, &p->geom, 1);
		if (p->front_pages->pages->len % 2)
			page_list_add_blank(p->front_pages);
		furnish(p, p->front_pages, true);
	}
	furnish(p, p->body_pages, false);
	return true;
}

static bool write_pdf(struct pdf *p, GByteArray *out)
{
	const struct theme_page *tp = &p->theme->page;
	double sheet = p->dress->booklet ? 2 * tp->width : tp->width;
	p->surface = cairo_pdf_surface_create_for_stream(write_bytes, out,
	                                                 sheet, tp->height);
	p->cr = cairo_create(p->surface);
	set_metadata(p);
	cairo_tag_begin(p->cr, "Document", NULL);
	bool ok = !p->front || draw_pages(p, p->front, p->front_pages, true);
	if (ok && p->dress->booklet)
		ok = draw_booklet(p, p->body, p->body_pages);
	else if (ok)
		ok = draw_pages(p, p->body, p->body_pages, false);
	cairo_tag_end(p->cr, "Document");
	if (ok)
		outline(p);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	cairo_status_t st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	if (ok && st != CAIRO_STATUS_SUCCESS) {
		diag_sys(NULL, "cannot write the PDF: %s",
		         cairo_status_to_string(st));
		ok = false;
	}
	return ok;
}

/* ------------------------------------------------ where pages begin */

/* Moves a position inside a word (a page that begins with the rest of a
 * hyphenated word) back to the start of that word. */
static size_t word_start(const char *text, size_t offset)
{
	while (offset > 0) {
		const char *prev = g_utf8_find_prev_char(text, text + offset);
		if (!prev || !g_unichar_isalnum(g_utf8_get_char(prev)))
			break;
		offset = (size_t)(prev - text);
	}
	return offset;
}

/* The chapter numbered n. */
static const struct doc_node *chapter_node(const struct doc *doc, unsigned n)
{
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		if (ch->u.chapter.number == n)
			return ch;
	return NULL;
}

/* Where the placed lines pl begin in the tree: a line's own start (kept
 * by measure) inside a box, else the start of the box's block. */
static bool placed_start(const struct pdf *p, const struct placed *pl,
                         struct print_page *out)
{
	const struct box *b =
	    &g_array_index(p->body->boxes, struct box, pl->box);
	const struct box_line *ln = &b->lines[pl->first];
	if (pl->first > 0 && ln->node) {
		out->node = ln->node;
		out->offset =
		    ln->node->kind == DOC_TEXT
		        ? word_start(ln->node->u.literal.text, ln->offset)
		        : ln->offset;
		return true;
	}
	out->offset = 0;
	out->node = b->node ? b->node : chapter_node(p->doc, b->chapter);
	/* a figure and its caption: the paragraph that holds the image */
	if (out->node && out->node->kind == DOC_IMAGE)
		out->node = out->node->parent;
	return out->node != NULL;
}

static void find_page_starts(struct print *pr)
{
	const struct page_list *pl = pr->p.body_pages;
	for (guint i = 0; i < pl->pages->len; i++) {
		const struct page *pg = pl->pages->pdata[i];
		struct print_page start = {NULL, NULL, 0};
		for (guint k = 0; pg->items && k < pg->items->len; k++) {
			const struct placed *it =
			    &g_array_index(pg->items, struct placed, k);
			if (!it->repeat) { /* not a table's repeated header */
				if (!placed_start(&pr->p, it, &start))
					start.node = NULL;
				break;
			}
		}
		if (pg->blank || !start.node)
			continue;
		char folio[16];
		g_snprintf(folio, sizeof folio, "%u", pg->folio);
		start.label = g_string_chunk_insert_const(pr->labels, folio);
		g_array_append_val(pr->pages, start);
	}
}

/* ---------------------------------------------------------- the entry */

static const struct pdf_dress book_dress = {.front_matter = true};

/* The chapters are measured on opts->threads threads, each with a font
 * map of its own; fewer when a map cannot be made. */
static void add_threads(struct measure *m, const struct opts *opts)
{
	for (unsigned t = 1; t < opts->threads; t++) {
		PangoFontMap *map =
		    fonts_map_new_for_thread(opts->fonts_dir, t);
		if (!map)
			return;
		measure_add_thread(m, map);
		g_object_unref(map);
	}
}

static struct print *lay_out_dressed(const struct doc *doc,
                                     const struct theme *theme,
                                     const struct opts *opts,
                                     const struct pdf_dress *dress)
{
	PangoFontMap *map = fonts_map_new(opts->fonts_dir);
	if (!map)
		return NULL;
	struct print *pr = xcalloc(1, sizeof *pr);
	pr->map = map;
	pr->p.doc = doc;
	pr->p.theme = theme;
	pr->p.dress = dress;
	pr->pages = g_array_new(FALSE, FALSE, sizeof(struct print_page));
	pr->labels = g_string_chunk_new(256);
	set_geometry(&pr->p);
	pr->p.m = measure_new(map, theme, doc->meta.language, pr->p.geom.width,
	                      pr->p.geom.height);
	add_threads(pr->p.m, opts);
	if (!lay_out(&pr->p)) {
		print_free(pr);
		return NULL;
	}
	if (dress == &book_dress) /* only the book's pages go into the EPUB */
		find_page_starts(pr);
	return pr;
}

struct print *print_lay_out(const struct doc *doc, const struct theme *theme,
                            const struct opts *opts)
{
	return lay_out_dressed(doc, theme, opts, &book_dress);
}

void print_free(struct print *pr)
{
	if (!pr)
		return;
	page_list_free(pr->p.front_pages);
	page_list_free(pr->p.body_pages);
	layout_free(pr->p.front);
	layout_free(pr->p.body);
	measure_free(pr->p.m);
	g_object_unref(pr->map);
	g_array_free(pr->pages, TRUE);
	g_string_chunk_free(pr->labels);
	free(pr);
}

const struct print_page *print_pages(const struct print *pr, size_t *n)
{
	*n = pr->pages->len;
	return (const struct print_page *)(void *)pr->pages->data;
}

/* Draws p's layout into out and finishes the file (pdfpost), the
 * Figures given the alt texts of the images drawn as figures. */
static bool write_finished(struct pdf *p, GByteArray *out)
{
	p->figures = g_ptr_array_new_with_free_func(g_free);
	bool ok = write_pdf(p, out) && pdfpost_finish(out, p->doc, p->figures);
	g_ptr_array_free(p->figures, TRUE);
	p->figures = NULL;
	return ok;
}

bool pdf_render(const struct doc *doc, const struct theme *theme,
                const struct opts *opts, const struct print *pr,
                GByteArray *out)
{
	struct print *own = pr ? NULL : print_lay_out(doc, theme, opts);
	if (!pr && !own)
		return false;
	struct pdf p = (pr ? pr : own)->p; /* the layout, drawn here */
	bool ok = write_finished(&p, out);
	print_free(own);
	return ok;
}

bool pdf_render_dressed(const struct doc *doc, const struct theme *theme,
                        const struct opts *opts, const struct pdf_dress *dress,
                        GByteArray *out)
{
	struct print *pr = lay_out_dressed(doc, theme, opts, dress);
	if (!pr)
		return false;
	struct pdf p = pr->p; /* the layout, drawn here */
	bool ok = write_finished(&p, out);
	print_free(pr);
	return ok;
}
