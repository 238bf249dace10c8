/*
 * pdf.c - the print PDF: draws a print edition (print.h: the book's or a
 * handout's, laid out by src/layout/) into a tagged PDF with an outline,
 * links, page labels and fixed metadata, then finishes it (pdfpost.c).
 * It decides nothing about the pages: a booklet's are imposed two-up on
 * sheets in the order print_booklet_page() gives.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <string.h>

#include "layout.h"
#include "i18n.h"
#include "pdfpost.h"
#include "print.h"
#include "render.h"
#include "util.h"
#include "words.h"

struct pdf {
	const struct print *pr;
	cairo_surface_t *surface;
	cairo_t *cr;
	struct pdf_tags *tags; /* the structure tags drawn (pdfpost) */
};

static cairo_status_t write_bytes(void *closure, const unsigned char *data,
                                  unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* ---------------------------------------------------------- the file */

static void set_metadata(struct pdf *p)
{
	const struct doc_meta *meta = &p->pr->doc->meta;
	cairo_surface_t *s = p->surface;
	const char *title = p->pr->title;
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
	if (p->pr->front)
		cairo_pdf_surface_add_outline(
		    p->surface, CAIRO_PDF_OUTLINE_ROOT,
		    i18n(p->pr->doc, "Contents"),
		    "dest='" PRINT_CONTENTS_DEST "'", 0);
	/* SUMMARY.md's nesting: a part holds its chapters, a chapter its
	 * sub-chapters (ids[d]: the last chapter of depth d) */
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int));
	int part = CAIRO_PDF_OUTLINE_ROOT;
	for (const struct doc_node *ch = p->pr->doc->root->first; ch;
	     ch = ch->next) {
		char *attr = g_strdup_printf("dest='%s'", ch->key);
		unsigned depth = MIN(ch->u.chapter.depth, ids->len);
		if (!ch->u.chapter.part)
			part = CAIRO_PDF_OUTLINE_ROOT;
		else if (!ch->prev ||
		         ch->prev->u.chapter.part != ch->u.chapter.part)
			part = cairo_pdf_surface_add_outline(
			    p->surface, CAIRO_PDF_OUTLINE_ROOT,
			    ch->u.chapter.part, attr, 0);
		int id = cairo_pdf_surface_add_outline(
		    p->surface,
		    depth ? g_array_index(ids, int, depth - 1) : part,
		    ch->u.chapter.title, attr, 0);
		g_array_set_size(ids, depth);
		g_array_append_val(ids, id);
		g_free(attr);
		for (const struct doc_node *h = ch->first; h; h = h->next) {
			if (h->kind != DOC_HEADING || h->u.heading.level != 2 ||
			    !h->key)
				continue;
			GString *text = g_string_new(NULL);
			doc_node_text_append(h, text);
			attr = g_strdup_printf("dest='%s'", h->key);
			cairo_pdf_surface_add_outline(p->surface, id, text->str,
			                              attr, 0);
			g_free(attr);
			g_string_free(text, TRUE);
		}
	}
	g_array_free(ids, TRUE);
}

/* A painter of lay on p's surface, logging the tags it draws,
 * and the page geometry it draws with (recto to be set per page). */
static struct draw *new_draw(struct pdf *p, const struct layout *lay,
                             struct draw_page *dp)
{
	const struct theme *t = p->pr->theme;
	const struct theme_page *tp = &t->page;
	/* a booklet's pages are imposed on sheets: no bleed */
	bool bleed = !p->pr->booklet && tp->bleed > 0;
	*dp = (struct draw_page){.width = tp->width,
	                         .height = tp->height,
	                         .top = tp->top,
	                         .bottom = tp->bottom,
	                         .inner = tp->inner,
	                         .outer = tp->outer,
	                         .trim = bleed ? layout_trim_offset(tp) : 0,
	                         .bleed = bleed ? tp->bleed : 0,
	                         .crop_marks = bleed && tp->crop_marks,
	                         .rule_color = layout_color(t->accent_color),
	                         .recto = false,
	                         .grayscale = t->grayscale};
	struct draw *d = layout_draw_new(p->cr, lay);
	layout_draw_log_tags(d, p->tags);
	return d;
}

static bool draw_pages(struct pdf *p, const struct layout *lay, bool front)
{
	struct draw_page dp;
	struct draw *d = new_draw(p, lay, &dp);
	struct print_iter it;
	bool ok = true;
	print_iter_init(&it, p->pr, front);
	while (ok && print_iter_next(&it)) {
		cairo_pdf_surface_set_page_label(p->surface, it.label);
		dp.recto = it.recto;
		ok = layout_draw_page(d, it.page, &dp);
	}
	layout_draw_free(d);
	return ok && !print_iter_failed(&it);
}

/* The pages two-up on sheets twice as wide: each side of each sheet in
 * saddle-stitch order; a blank page is left white. */
static bool draw_booklet(struct pdf *p, const struct layout *lay,
                         const struct page_list *pl)
{
	const struct theme_page *tp = &p->pr->theme->page;
	struct draw_page dp;
	struct draw *d = new_draw(p, lay, &dp);
	unsigned n = pl->pages->len;
	bool ok = true;
	for (unsigned side = 0; ok && side < n / 2; side++) {
		for (unsigned slot = 0; ok && slot < 2; slot++) {
			const struct page *pg = g_ptr_array_index(
			    pl->pages, print_booklet_page(n, side, slot) - 1);
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

/* The book's own cover, and its blank back, before the front matter. */
static bool draw_cover(struct pdf *p)
{
	struct draw_page dp;
	struct draw *d = new_draw(p, p->pr->body, &dp);
	const char *label = words(p->pr->doc, WORD_COVER);
	cairo_pdf_surface_set_page_label(p->surface, label);
	dp.recto = true;
	bool ok = layout_draw_cover(d, p->pr->cover, &dp);
	if (ok && p->pr->cover->back) {
		cairo_pdf_surface_set_page_label(p->surface, label);
		dp.recto = false;
		ok = layout_draw_blank(d, &dp, &p->pr->cover->image->loc);
	}
	layout_draw_free(d);
	return ok;
}

static bool write_pdf(struct pdf *p, GByteArray *out)
{
	const struct print *pr = p->pr;
	const struct theme_page *tp = &pr->theme->page;
	double off = pr->booklet ? 0 : layout_trim_offset(tp);
	double sheet = pr->booklet ? 2 * tp->width : tp->width + 2 * off;
	p->surface = cairo_pdf_surface_create_for_stream(
	    write_bytes, out, sheet, tp->height + 2 * off);
	p->cr = cairo_create(p->surface);
	set_metadata(p);
	cairo_tag_begin(p->cr, "Document", NULL);
	pdf_tags_add(p->tags, "Document"); /* for pdfpost */
	bool ok = !pr->cover || draw_cover(p);
	ok = ok && (!pr->front || draw_pages(p, pr->front, true));
	if (ok && pr->booklet)
		ok = draw_booklet(p, pr->body, pr->body_pages);
	else if (ok)
		ok = draw_pages(p, pr->body, false);
	cairo_tag_end(p->cr, "Document");
	if (ok)
		outline(p);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	cairo_status_t st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	if (ok && st != CAIRO_STATUS_SUCCESS) {
		diag_path(NULL, PDF_WRITE, cairo_status_to_string(st));
		ok = false;
	}
	return ok;
}

/* Draws p's layout into out and finishes the file (pdfpost), the
 * tags given the attributes the painter logged. */
static bool write_finished(struct pdf *p, GByteArray *out)
{
	const struct theme_page *tp = &p->pr->theme->page;
	double off = p->pr->booklet ? 0 : layout_trim_offset(tp);
	/* the trimmed page and its bleed, PDF's y up from the sheet's foot */
	struct pdfpost_boxes boxes = {
	    {off, off, off + tp->width, off + tp->height},
	    {off - tp->bleed, off - tp->bleed, off + tp->width + tp->bleed,
	     off + tp->height + tp->bleed}};
	p->tags = pdf_tags_new();
	bool ok = write_pdf(p, out) && pdfpost_finish(out, p->pr->doc, p->tags,
	                                              off > 0 ? &boxes : NULL);
	pdf_tags_free(p->tags);
	p->tags = NULL;
	return ok;
}

bool pdf_render(const struct doc *doc, const struct theme *theme,
                const struct opts *opts, const struct print *pr,
                GByteArray *out)
{
	struct pdf p = {pr, NULL, NULL, NULL};
	return write_finished(&p, out);
}
