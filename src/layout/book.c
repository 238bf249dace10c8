/*
 * book.c - the print edition (print.h): front matter (title page,
 * colophon, contents) and the chapters, through measure -> paginate, with
 * running heads and folios hung on the pages, nothing drawn.
 *
 * The chapters are paginated first (arabic folios from 1), so the contents
 * know their page numbers before the front matter is laid out (roman
 * folios).  The front matter has an even number of pages, so chapter 1
 * opens on a recto.  A bibliography that shows the pages citing each entry
 * needs a second layout of the body.  The book's edition also records
 * where each chapter page begins in the tree, for the EPUB's page markers.
 */
#include <string.h>

#include "book.h"
#include "i18n.h"
#include "fonts.h"
#include "layout.h"
#include "util.h"

/* The layout's own part of a struct print. */
struct print_own {
	struct print_dress dress; /* its strings valid while laying out */
	char *title;
	struct measure *m;
	PangoFontMap *map;
	struct layout_geom geom;
	GArray *pages; /* struct print_page */
	GStringChunk *labels;
	/* The body's text boxes of chapter number stream and later (0:
	 * none) lose their pango layouts once measured and get them back, a
	 * chapter at a time, when their pages are drawn (print_iter_next()):
	 * memory for a chapter, not the book.  The chapters before it keep
	 * the layouts of their measure until their pages are drawn: held[n]
	 * (n < stream) until chapter n's first page is. */
	unsigned stream;
	bool *held;
	GHashTable *cite_labels; /* the body's citation page labels, or NULL */
	GArray *live;            /* unsigned: chapters with their layouts */
};

char *print_label(unsigned folio, bool front)
{
	static const struct {
		unsigned v;
		const char *s;
	} digits[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
	              {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
	              {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
	              {1, "i"}};
	if (!front)
		return g_strdup_printf("%u", folio);
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(digits); i++)
		for (; folio >= digits[i].v; folio -= digits[i].v)
			g_string_append(s, digits[i].s);
	return g_string_free(s, FALSE);
}

static void set_geometry(struct print *pr)
{
	const struct theme_page *pg = &pr->theme->page;
	struct layout_geom *g = &pr->own->geom;
	struct layout_lengths len;
	layout_lengths(pr->theme, &len);
	g->width = layout_pu(pg->width - pg->inner - pg->outer);
	g->height = layout_pu(pg->height - pg->top - pg->bottom);
	g->note_sep = len.note_sep;
	g->note_gap = len.note_gap;
	g->recto_chapters = pr->theme->recto_chapters;
}

/* ------------------------------------------------------- front matter */

static struct box *front_text(struct print *pr, enum layout_role role,
                              const char *s, bool new_page)
{
	if (!s || !*s)
		return NULL;
	struct box *b = measure_text(pr->own->m, pr->front->boxes, role, s);
	b->break_before = new_page;
	return b;
}

static void title_page(struct print *pr)
{
	const struct doc_meta *meta = &pr->doc->meta;
	front_text(pr, LAYOUT_ROLE_TITLE, meta->title, true);
	front_text(pr, LAYOUT_ROLE_SUBTITLE, meta->subtitle, false);
	for (size_t i = 0; meta->authors && meta->authors[i]; i++)
		front_text(pr, LAYOUT_ROLE_AUTHOR, meta->authors[i], false);
}

static void colophon_line(struct print *pr, bool *first, const char *label,
                          const char *value)
{
	if (!value || !*value)
		return;
	char *s = label ? i18n_field(pr->doc, label, value) : g_strdup(value);
	struct box *b = front_text(pr, LAYOUT_ROLE_COLOPHON, s, *first);
	b->foot = true; /* the colophon sits at the foot of its page */
	*first = false;
	g_free(s);
}

static bool same_family(const char *a, const char *b)
{
	return a && b && !g_ascii_strcasecmp(a, b);
}

/* The faces to name: those the text is set in (used, measure_faces()),
 * the theme's body and heading faces first, then the others (a script's
 * fallback, the code face) in the order the book first uses them; the
 * theme's two when there is no text.  The names are borrowed. */
static GPtrArray *faces_named(const struct theme *t, const GPtrArray *used)
{
	GPtrArray *names = g_ptr_array_new();
	const char *theme[] = {t->body_font, t->heading_font};
	for (size_t k = 0; k < 2; k++)
		for (guint i = 0; used && i < used->len; i++)
			if (same_family(theme[k], used->pdata[i]) &&
			    !(k && same_family(theme[0], theme[1])))
				g_ptr_array_add(names, used->pdata[i]);
	for (guint i = 0; used && i < used->len; i++)
		if (!same_family(theme[0], used->pdata[i]) &&
		    !same_family(theme[1], used->pdata[i]))
			g_ptr_array_add(names, used->pdata[i]);
	if (!names->len) {
		g_ptr_array_add(names, (gpointer)theme[0]);
		if (strcmp(theme[0], theme[1]) != 0)
			g_ptr_array_add(names, (gpointer)theme[1]);
	}
	return names;
}

/* "Set in F, G and H with octavo V.", or a part of it, as the book asks;
 * NULL for neither.  The faces are those the text is set in, the
 * fallbacks for other scripts too (faces_named()).  The caller frees
 * it. */
static char *typefaces_line(const struct doc *doc, const struct theme *t,
                            const struct doc_colophon *show,
                            const GPtrArray *used)
{
	if (show->no_typefaces)
		return show->no_made_with
		           ? NULL
		           : g_strdup_printf(i18n(doc, "Made with octavo %s."),
		                             OCTAVO_VERSION);
	GPtrArray *names = faces_named(t, used);
	const char *last = names->pdata[names->len - 1];
	bool two = names->len > 1;
	/* all but the last ("A, B"; the last comes after "and") */
	GString *head = g_string_new(NULL);
	for (guint i = 0; i + 1 < names->len; i++) {
		if (i)
			/* TRANSLATORS: between the names of a list
			 * ("Charis SIL, Andika and Noto Naskh Arabic") */
			g_string_append(head, i18n(doc, ", "));
		g_string_append(head, names->pdata[i]);
	}
	char *out;
	if (show->no_made_with)
		out = two ? g_strdup_printf(i18n(doc, "Set in %s and %s."),
		                            head->str, last)
		          : g_strdup_printf(i18n(doc, "Set in %s."), last);
	else
		out = two ? g_strdup_printf(
		                i18n(doc, "Set in %s and %s with octavo %s."),
		                head->str, last, OCTAVO_VERSION)
		          : g_strdup_printf(
		                i18n(doc, "Set in %s with octavo %s."), last,
		                OCTAVO_VERSION);
	g_string_free(head, TRUE);
	g_ptr_array_free(names, TRUE);
	return out;
}

static void colophon(struct print *pr)
{
	const struct doc_meta *meta = &pr->doc->meta;
	bool first = true;
	char *title = meta->subtitle ? g_strdup_printf("%s: %s", meta->title,
	                                               meta->subtitle)
	                             : g_strdup(meta->title);
	colophon_line(pr, &first, NULL, title);
	g_free(title);
	colophon_line(pr, &first, i18n(pr->doc, "Published by"),
	              meta->publisher);
	colophon_line(pr, &first, i18n(pr->doc, "Edition"), meta->edition);
	colophon_line(pr, &first, i18n(pr->doc, "Version"), meta->version);
	colophon_line(pr, &first, i18n(pr->doc, "Date"), meta->date);
	const struct doc_colophon *show = &meta->colophon;
	if (!show->no_identifier)
		colophon_line(pr, &first, i18n(pr->doc, "Identifier"),
		              meta->identifier);
	colophon_line(pr, &first, i18n(pr->doc, "Licence"), meta->license);
	if (meta->fingerprint && !show->no_fingerprint) {
		char *fp = g_strdup_printf(
		    i18n(pr->doc, "%.12s (SHA-256 of the sources)"),
		    meta->fingerprint);
		colophon_line(pr, &first, i18n(pr->doc, "Fingerprint"), fp);
		g_free(fp);
	}
	char *set =
	    typefaces_line(pr->doc, pr->theme, show, measure_faces(pr->own->m));
	colophon_line(pr, &first, NULL, set);
	g_free(set);
}

/* The page where each chapter opens (the page of its first box), by
 * chapter number, or SIZE_MAX: one walk over the boxes and one over the
 * pages, so a book of many chapters is not searched once per chapter.
 * The caller frees the array; *n gets its length. */
static size_t *chapter_pages(const struct print *pr, size_t *n)
{
	const GArray *boxes = pr->body->boxes;
	const GPtrArray *pages = pr->body_pages->pages;
	size_t chapters = 0;
	for (const struct doc_node *ch = pr->doc->root->first; ch;
	     ch = ch->next)
		chapters = MAX(chapters, (size_t)ch->u.chapter.number + 1);
	size_t *first_box = xmalloc(MAX(chapters, 1) * sizeof *first_box);
	size_t *page_of = xmalloc(MAX(boxes->len, 1) * sizeof *page_of);
	for (size_t c = 0; c < chapters; c++)
		first_box[c] = SIZE_MAX;
	for (size_t i = boxes->len; i-- > 0;) {
		unsigned c = g_array_index(boxes, struct box, i).chapter;
		if (c < chapters)
			first_box[c] = i;
		page_of[i] = SIZE_MAX;
	}
	for (size_t p = pages->len; p-- > 0;) {
		const struct page *pg = g_ptr_array_index(pages, p);
		for (size_t k = 0; k < pg->items->len; k++) {
			const struct placed *it =
			    &g_array_index(pg->items, struct placed, k);
			if (!it->repeat && it->box < boxes->len)
				page_of[it->box] = p;
		}
	}
	for (size_t c = 0; c < chapters; c++)
		first_box[c] =
		    first_box[c] == SIZE_MAX ? SIZE_MAX : page_of[first_box[c]];
	free(page_of);
	*n = chapters;
	return first_box;
}

static void contents(struct print *pr)
{
	struct box *h =
	    measure_text(pr->own->m, pr->front->boxes, LAYOUT_ROLE_TOC_HEADING,
	                 i18n(pr->doc, "Contents"));
	h->break_before = true;
	h->dest[0] = PRINT_CONTENTS_DEST;
	size_t n;
	size_t *opens = chapter_pages(pr, &n);
	const char *part = NULL; /* SUMMARY.md's part, its title shown */
	for (const struct doc_node *ch = pr->doc->root->first; ch;
	     ch = ch->next) {
		if (ch->u.chapter.part && ch->u.chapter.part != part)
			measure_toc_part(pr->own->m, pr->front->boxes,
			                 ch->u.chapter.part, ch->key);
		part = ch->u.chapter.part;
		size_t pg = ch->u.chapter.number < n
		                ? opens[ch->u.chapter.number]
		                : SIZE_MAX;
		if (pg == SIZE_MAX)
			continue;
		const struct page *page =
		    g_ptr_array_index(pr->body_pages->pages, pg);
		char *folio = g_strdup_printf("%u", page->folio);
		/* before the titles pass (a tree made by hand): the file */
		const char *title = ch->u.chapter.title ? ch->u.chapter.title
		                                        : ch->u.chapter.stem;
		measure_toc_entry(pr->own->m, pr->front->boxes,
		                  title ? title : "", folio, ch->key,
		                  ch->u.chapter.depth);
		g_free(folio);
	}
	free(opens);
}

/* ---------------------------------------------------------- furniture */

/* The chapters' titles by chapter number, for the running heads: NULL
 * for a chapter without one, "" for a number no chapter has.  The caller
 * frees the array, *n gets its length. */
static const char **chapter_titles(const struct print *pr, size_t *n)
{
	size_t chapters = 0;
	for (const struct doc_node *ch = pr->doc->root->first; ch;
	     ch = ch->next)
		chapters = MAX(chapters, (size_t)ch->u.chapter.number + 1);
	const char **titles = xcalloc(MAX(chapters, 1), sizeof *titles);
	for (size_t c = 0; c < chapters; c++)
		titles[c] = "";
	for (const struct doc_node *ch = pr->doc->root->last; ch; ch = ch->prev)
		titles[ch->u.chapter.number] = ch->u.chapter.title;
	*n = chapters;
	return titles;
}

/* "page N of M" counts the pages that are not blank. */
static unsigned pages_shown(const struct page_list *pl)
{
	unsigned n = 0;
	for (size_t i = 0; i < pl->pages->len; i++)
		n += !((const struct page *)pl->pages->pdata[i])->blank;
	return n;
}

static char *folio_text(const struct print *pr, const struct page *pg,
                        bool front, unsigned total)
{
	if (!front && pr->own->dress.folio_of_total)
		return g_strdup_printf(i18n(pr->doc, "page %u of %u"),
		                       pg->folio, total);
	return print_label(pg->folio, front);
}

/* The dress's running head on every page that is not blank. */
static void furnish_dressed(struct print *pr, struct page_list *pl)
{
	const struct print_dress *dress = &pr->own->dress;
	struct measure *m = pr->own->m;
	int width = pr->own->geom.width;
	unsigned total = pages_shown(pl);
	for (size_t i = 0; i < pl->pages->len; i++) {
		struct page *pg = g_ptr_array_index(pl->pages, i);
		if (pg->blank)
			continue;
		char *folio = folio_text(pr, pg, false, total);
		pg->folio_layout =
		    measure_line(m, LAYOUT_ROLE_FOLIO, folio, width);
		g_free(folio);
		pg->head_layout =
		    measure_line(m, LAYOUT_ROLE_HEAD, dress->head, width);
		if (dress->head_short &&
		    pango_layout_is_ellipsized(pg->head_layout)) {
			g_object_unref(pg->head_layout);
			pg->head_layout = measure_line(
			    m, LAYOUT_ROLE_HEAD, dress->head_short, width);
		}
	}
}

/* Running heads and folios: none on blank pages, no head on openings,
 * no folio on the title page and the colophon. */
static void furnish(struct print *pr, struct page_list *pl, bool front)
{
	if (pr->own->dress.head && !front) {
		furnish_dressed(pr, pl);
		return;
	}
	struct measure *m = pr->own->m;
	int width = pr->own->geom.width;
	unsigned total = pages_shown(pl);
	size_t n_titles;
	const char **titles = chapter_titles(pr, &n_titles);
	for (size_t i = 0; i < pl->pages->len; i++) {
		struct page *pg = g_ptr_array_index(pl->pages, i);
		if (pg->blank || (front && i < 2))
			continue;
		char *folio = folio_text(pr, pg, front, total);
		pg->folio_layout =
		    measure_line(m, LAYOUT_ROLE_FOLIO, folio, width);
		g_free(folio);
		const char *head =
		    pg->head == PAGE_HEAD_BOOK ? pr->doc->meta.title
		    : pg->head == PAGE_HEAD_CHAPTER
		        ? (pg->chapter < n_titles ? titles[pg->chapter] : "")
		        : NULL;
		if (head)
			pg->head_layout =
			    measure_line(m, LAYOUT_ROLE_HEAD, head, width);
	}
	free(titles);
}

unsigned print_booklet_page(unsigned n, unsigned side, unsigned slot)
{
	unsigned s = side / 2; /* the sheet */
	if (side % 2 == 0)     /* front: the last pages outside, left */
		return slot == 0 ? n - 2 * s : 2 * s + 1;
	return slot == 0 ? 2 * s + 2 : n - 2 * s - 1;
}

/* ------------------------------------------------------- the layout */

/* Records the folio of every citation anchor ("CHAPTER/cite-N") placed on
 * pg. */
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
			    strstr(a->dest, "/cite-"))
				g_hash_table_insert(
				    labels, (gpointer)a->dest,
				    g_strdup_printf("%u", folio));
		}
	}
}

/* The chapters' boxes, then the dress's closing boxes. */
static bool measure_body(struct print *pr)
{
	struct print_own *own = pr->own;
	if (!measure_book(own->m, pr->doc, pr->body))
		return false;
	if (own->dress.closing)
		own->dress.closing(own->m, pr->body, own->geom.width,
		                   own->dress.data);
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
static void relayout_with_citation_pages(struct print *pr)
{
	GHashTable *labels =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	for (guint i = 0; i < pr->body_pages->pages->len; i++) {
		const struct page *pg = pr->body_pages->pages->pdata[i];
		label_citations(labels, pr->body->boxes, pg->items, pg->folio);
		label_citations(labels, pr->body->notes, pg->notes, pg->folio);
	}
	page_list_free(pr->body_pages);
	layout_free(pr->body);
	measure_set_page_labels(pr->own->m, labels);
	pr->body = layout_new();
	measure_body(pr);
	measure_set_page_labels(pr->own->m, NULL);
	pr->body_pages = layout_paginate(pr->body, &pr->own->geom, 1);
	pr->own->cite_labels = labels; /* the chapters measured again */
}

static bool lay_out(struct print *pr)
{
	const struct print_dress *dress = &pr->own->dress;
	pr->body = layout_new();
	measure_keep_blocks(pr->own->m, has_bibliography(pr->doc));
	measure_drop_layouts(pr->own->m, dress->pages_only || pr->own->stream,
	                     pr->own->stream);
	if (!measure_body(pr))
		return false;
	pr->body_pages = layout_paginate(pr->body, &pr->own->geom, 1);
	if (has_bibliography(pr->doc))
		relayout_with_citation_pages(pr);
	if (dress->booklet)
		while (pr->body_pages->pages->len % 4)
			page_list_add_blank(pr->body_pages);
	if (dress->pages_only)
		return true;
	measure_drop_layouts(pr->own->m, false, 0);
	if (dress->front_matter) {
		pr->front = layout_new();
		title_page(pr);
		colophon(pr);
		contents(pr);
		/* title, its verso the colophon, then the contents: the
		 * same with chapters on rectos */
		struct layout_geom front = pr->own->geom;
		front.recto_chapters = false;
		pr->front_pages = layout_paginate(pr->front, &front, 1);
		if (pr->front_pages->pages->len % 2)
			page_list_add_blank(pr->front_pages);
		furnish(pr, pr->front_pages, true);
	}
	furnish(pr, pr->body_pages, false);
	return true;
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
static bool placed_start(const struct print *pr, const struct placed *pl,
                         struct print_page *out)
{
	const struct box *b =
	    &g_array_index(pr->body->boxes, struct box, pl->box);
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
	out->node = b->node ? b->node : chapter_node(pr->doc, b->chapter);
	/* a figure and its caption: the paragraph that holds the image */
	if (out->node && out->node->kind == DOC_IMAGE)
		out->node = out->node->parent;
	return out->node != NULL;
}

static void find_page_starts(struct print *pr)
{
	const struct page_list *pl = pr->body_pages;
	for (guint i = 0; i < pl->pages->len; i++) {
		const struct page *pg = pl->pages->pdata[i];
		struct print_page start = {NULL, NULL, 0};
		for (guint k = 0; pg->items && k < pg->items->len; k++) {
			const struct placed *it =
			    &g_array_index(pg->items, struct placed, k);
			if (!it->repeat) { /* not a table's repeated header */
				if (!placed_start(pr, it, &start))
					start.node = NULL;
				break;
			}
		}
		if (pg->blank || !start.node)
			continue;
		char folio[16];
		g_snprintf(folio, sizeof folio, "%u", pg->folio);
		start.label =
		    g_string_chunk_insert_const(pr->own->labels, folio);
		g_array_append_val(pr->own->pages, start);
	}
}

/* ---------------------------------------------------------- the entry */

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

struct print *print_lay_out_dressed(const struct doc *doc,
                                    const struct theme *theme,
                                    const struct opts *opts,
                                    const struct print_dress *dress)
{
	PangoFontMap *map = fonts_map_new(opts->fonts_dir);
	if (!map)
		return NULL;
	struct print *pr = xcalloc(1, sizeof *pr);
	struct print_own *own = xcalloc(1, sizeof *own);
	pr->own = own;
	pr->doc = doc;
	pr->theme = theme;
	own->map = map;
	own->dress = *dress;
	own->live = g_array_new(FALSE, FALSE, sizeof(unsigned));
	own->stream = dress->pages_only ? 0 : dress->stream;
	own->held = xcalloc(own->stream + 1, sizeof *own->held);
	for (unsigned n = 1; n < own->stream; n++)
		own->held[n] = true;
	own->title = g_strdup(dress->title ? dress->title : doc->meta.title);
	pr->title = own->title;
	pr->booklet = dress->booklet;
	own->pages = g_array_new(FALSE, FALSE, sizeof(struct print_page));
	own->labels = g_string_chunk_new(256);
	set_geometry(pr);
	own->m = measure_new(map, theme, doc->meta.language, own->geom.width,
	                     own->geom.height);
	add_threads(own->m, opts);
	measure_set_cache(own->m, opts->cache);
	measure_drop_layouts(own->m, dress->pages_only, 0);
	bool ok = lay_out(pr);
	/* the dress's strings are the caller's */
	own->dress = (struct print_dress){0};
	if (!ok) {
		print_free(pr);
		return NULL;
	}
	return pr;
}

/* Text (bytes) whose layouts the book's edition keeps from its measure
 * to its drawing: laying a chapter's text out again costs a fifth more
 * work on the PDF, worth paying where the layouts of the whole book would
 * take hundreds of megabytes, not for the first 256 KB of any book. */
enum { STREAM_ABOVE = 256 * 1024 };

/* The bytes of text in node, counted as far as more than limit. */
static size_t text_bytes(const struct doc_node *node, size_t limit)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	size_t bytes = 0;
	doc_iter_init(&it, node);
	while (bytes <= limit && doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && doc_kind_shows_text(n->kind))
			bytes += strlen(n->u.literal.text);
	return bytes;
}

/* The first chapter (its number) of doc's edition whose text is laid out
 * again as its pages are drawn (print_iter_next()), 0 for none: the first
 * to end past STREAM_ABOVE bytes of the book's text.  OCTAVO_STREAM "on"
 * (every chapter), "off" (none) or a number of bytes says otherwise. */
static unsigned stream_from(const struct doc *doc)
{
	const char *env = getenv("OCTAVO_STREAM");
	size_t limit = STREAM_ABOVE;
	if (env && !strcmp(env, "on"))
		return 1;
	if (env && !strcmp(env, "off"))
		return 0;
	if (env && *env >= '0' && *env <= '9')
		limit = (size_t)g_ascii_strtoull(env, NULL, 10);
	size_t bytes = 0;
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next) {
		if (bytes <= limit)
			bytes += text_bytes(ch, limit - bytes);
		if (bytes > limit && ch->kind == DOC_CHAPTER)
			return ch->u.chapter.number;
	}
	return 0;
}

/* The book's own cover as the PDF's first page: the whole image, as
 * large as the page allows, in its middle; in an edition with chapters on
 * rectos its blank back follows, so the title page stays a recto. */
static struct layout_cover *cover_page(const struct print *pr)
{
	const struct doc_meta *m = &pr->doc->meta;
	const struct doc_node *img = m->cover;
	if (!m->cover_in_pdf || !img || !img->u.image.path ||
	    !img->u.image.width || !img->u.image.height)
		return NULL;
	const struct theme_page *tp = &pr->theme->page;
	double iw = img->u.image.width, ih = img->u.image.height;
	double scale = MIN(tp->width / iw, tp->height / ih);
	struct layout_cover *c = xcalloc(1, sizeof *c);
	c->image = img;
	c->alt = m->subtitle ? g_strdup_printf("%s: %s", m->title, m->subtitle)
	                     : g_strdup(m->title);
	c->width = layout_pu(iw * scale);
	c->height = layout_pu(ih * scale);
	c->x = (layout_pu(tp->width) - c->width) / 2;
	c->y = (layout_pu(tp->height) - c->height) / 2;
	c->back = pr->theme->recto_chapters;
	return c;
}

struct print *print_lay_out(const struct doc *doc, const struct theme *theme,
                            const struct opts *opts)
{
	/* the PDF draws it; the EPUB alone needs only where pages begin */
	struct print_dress book_dress = {.front_matter = true,
	                                 .pages_only =
	                                     !(opts->formats & OPT_PDF),
	                                 .stream = stream_from(doc)};
	struct print *pr = print_lay_out_dressed(doc, theme, opts, &book_dress);
	if (pr) /* only the book's pages go into the EPUB */
		find_page_starts(pr);
	if (pr)
		pr->cover = cover_page(pr);
	return pr;
}

void print_free(struct print *pr)
{
	if (!pr)
		return;
	if (pr->cover)
		g_free((char *)pr->cover->alt);
	free(pr->cover);
	page_list_free(pr->front_pages);
	page_list_free(pr->body_pages);
	layout_free(pr->front);
	layout_free(pr->body);
	measure_free(pr->own->m);
	g_object_unref(pr->own->map);
	g_array_free(pr->own->pages, TRUE);
	g_array_free(pr->own->live, TRUE);
	free(pr->own->held);
	if (pr->own->cite_labels)
		g_hash_table_destroy(pr->own->cite_labels);
	g_string_chunk_free(pr->own->labels);
	g_free(pr->own->title);
	free(pr->own);
	free(pr);
}

/* ------------------------------------------------- streamed drawing */

/* The first of boxes (in chapter order) of chapter n or a later one. */
static size_t first_of_chapter(const GArray *boxes, unsigned n)
{
	size_t lo = 0, hi = boxes->len;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g_array_index(boxes, struct box, mid).chapter < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Gives the text boxes of chapter n in boxes the layouts of the same
 * boxes measured again (again, which keeps the rest); false when they
 * are not the same boxes. */
static bool take_layouts(GArray *boxes, GArray *again, unsigned n)
{
	size_t i = first_of_chapter(boxes, n), k = 0;
	for (; i < boxes->len && k < again->len; i++, k++) {
		struct box *b = &g_array_index(boxes, struct box, i);
		struct box *a = &g_array_index(again, struct box, k);
		if (b->chapter != n || a->kind != b->kind ||
		    a->n_lines != b->n_lines)
			return false;
		if (b->kind == BOX_TEXT && !b->layout) {
			b->layout = a->layout;
			a->layout = NULL;
		}
	}
	return k == again->len &&
	       (i == boxes->len ||
	        g_array_index(boxes, struct box, i).chapter != n);
}

static void drop_layouts(GArray *boxes, unsigned n)
{
	for (size_t i = first_of_chapter(boxes, n);
	     i < boxes->len && g_array_index(boxes, struct box, i).chapter == n;
	     i++)
		g_clear_object(&g_array_index(boxes, struct box, i).layout);
}

/* Chapter n's boxes get their layouts: the chapter measured again, with
 * the page labels of the body's last measure. */
static bool make_live(const struct print *pr, unsigned n)
{
	struct print_own *own = pr->own;
	const struct doc_node *ch = chapter_node(pr->doc, n);
	if (!ch)
		return true;
	if (n < own->stream && own->held[n]) { /* its measure's layouts */
		own->held[n] = false;
		g_array_append_val(own->live, n);
		return true;
	}
	struct layout *again = layout_new();
	measure_set_page_labels(own->m, own->cite_labels);
	measure_chapter_again(own->m, again, ch);
	measure_set_page_labels(own->m, NULL);
	bool ok = take_layouts(pr->body->boxes, again->boxes, n) &&
	          take_layouts(pr->body->notes, again->notes, n);
	layout_free(again);
	if (!ok)
		diag_path(NULL, LAYOUT_AGAIN_DIFFERS, n);
	else
		g_array_append_val(own->live, n);
	return ok;
}

/* Is chapter n on page pg (its boxes or its notes)? */
static bool on_page(const struct print *pr, const struct page *pg, unsigned n)
{
	for (guint i = 0; pg->items && i < pg->items->len; i++) {
		size_t b = g_array_index(pg->items, struct placed, i).box;
		if (g_array_index(pr->body->boxes, struct box, b).chapter == n)
			return true;
	}
	for (guint i = 0; pg->notes && i < pg->notes->len; i++) {
		size_t b = g_array_index(pg->notes, struct placed, i).box;
		if (g_array_index(pr->body->notes, struct box, b).chapter == n)
			return true;
	}
	return false;
}

/* Drops the layouts of the chapters not on pg (NULL: all). */
static void drop_dead(const struct print *pr, const struct page *pg)
{
	GArray *live = pr->own->live;
	for (guint i = live->len; i-- > 0;) {
		unsigned n = g_array_index(live, unsigned, i);
		if (pg && on_page(pr, pg, n))
			continue;
		drop_layouts(pr->body->boxes, n);
		drop_layouts(pr->body->notes, n);
		g_array_remove_index(live, i);
	}
}

static bool is_live(const struct print *pr, unsigned n)
{
	for (guint i = 0; i < pr->own->live->len; i++)
		if (g_array_index(pr->own->live, unsigned, i) == n)
			return true;
	return false;
}

/* Makes the chapters of the boxes placed in placed live. */
static bool make_placed_live(const struct print *pr, const GArray *placed,
                             const GArray *boxes)
{
	bool ok = true;
	for (guint i = 0; ok && placed && i < placed->len; i++) {
		size_t b = g_array_index(placed, struct placed, i).box;
		unsigned n = g_array_index(boxes, struct box, b).chapter;
		if (!is_live(pr, n))
			ok = make_live(pr, n);
	}
	return ok;
}

/* Makes the boxes placed on body page number page ready to draw (the
 * chapters on it live, the others dropped); false after a diagnostic. */
static bool body_page_ready(const struct print *pr, size_t page)
{
	if (!pr->own->stream)
		return true;
	const struct page *pg = g_ptr_array_index(pr->body_pages->pages, page);
	drop_dead(pr, pg);
	return make_placed_live(pr, pg->items, pr->body->boxes) &&
	       make_placed_live(pr, pg->notes, pr->body->notes);
}

void print_iter_init(struct print_iter *it, const struct print *pr, bool front)
{
	*it = (struct print_iter){.pr = pr, .front = front};
}

bool print_iter_next(struct print_iter *it)
{
	const struct print *pr = it->pr;
	const struct page_list *pl =
	    it->front ? pr->front_pages : pr->body_pages;
	it->page = NULL;
	if (it->failed || !pl || it->next >= pl->pages->len) {
		/* the body's last page is drawn: no chapter stays live */
		if (!it->front && pr->own->stream)
			drop_dead(pr, NULL);
		return false;
	}
	size_t i = it->next++;
	const struct page *pg = g_ptr_array_index(pl->pages, i);
	char *label = print_label(pg->folio, it->front);
	g_strlcpy(it->label, label, sizeof it->label);
	g_free(label);
	it->recto = pg->folio % 2 == 1;
	/* the body's text is laid out a chapter at a time */
	if (!it->front && !body_page_ready(pr, i)) {
		it->failed = true;
		drop_dead(pr, NULL);
		return false;
	}
	it->page = pg;
	return true;
}

bool print_iter_failed(const struct print_iter *it)
{
	return it->failed;
}

const struct print_page *print_pages(const struct print *pr, size_t *n)
{
	*n = pr->own->pages->len;
	return (const struct print_page *)(void *)pr->own->pages->data;
}
