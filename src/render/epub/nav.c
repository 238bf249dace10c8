/*
 * nav.c - the book's navigation: nav.xhtml (EPUB 3: the table of contents
 * with each chapter and its level-2 headings, the page list of the print
 * edition, and the landmarks), toc.ncx (the same contents and pages for
 * EPUB 2 readers) and contents.xhtml, the contents as a page of the book.
 * All sit in OEBPS/.
 *
 * The navigation document is not in the spine: reading systems read it
 * for their menus, and one that ignores `hidden` (MuPDF) or converts the
 * spine to text (calibre) would otherwise show the page list and the
 * landmarks as pages of bare links.  The reader meets the contents page
 * instead, which holds only the visible list.
 */
#include <stdlib.h>

#include "epub.h"
#include "i18n.h"
#include "words.h"
#include "xhtml.h"
#include "xmlw.h"

struct nav {
	struct xmlw *x;
	const struct xhtml *xh; /* names the chapter files */
	const struct doc *doc;
	unsigned order; /* NCX play order */
	/* NCX: the play order of each chapter, section heading and page
	 * marker, in reading order (node or struct xhtml_mark -> order) */
	GHashTable *play;
};

/* Is h a section heading the contents list?  Headings of level 2 at the
 * top of the chapter, with an id to link to. */
static bool is_section(const struct doc_node *h)
{
	return h->kind == DOC_HEADING && h->u.heading.level == 2 && h->id;
}

static bool has_sections(const struct doc_node *chapter)
{
	for (const struct doc_node *c = chapter->first; c; c = c->next)
		if (is_section(c))
			return true;
	return false;
}

/* "text/STEM.xhtml" or "text/STEM.xhtml#ID".  Caller frees. */
static char *href_of(const struct xhtml *xh, const struct doc_node *chapter,
                     const struct doc_node *h)
{
	const char *file = xhtml_chapter_file(xh, chapter);
	return h ? g_strdup_printf(EPUB_TEXT "%s#%s", file, h->id)
	         : g_strdup_printf(EPUB_TEXT "%s", file);
}

/* What the contents show for a chapter (h NULL) or a heading.  Caller
 * frees. */
static char *label_of(const struct doc_node *chapter, const struct doc_node *h)
{
	if (!h)
		return g_strdup(chapter->u.chapter.title
		                    ? chapter->u.chapter.title
		                    : chapter->u.chapter.stem);
	GString *s = g_string_new(NULL);
	doc_node_text_append(h, s);
	return g_string_free(s, FALSE);
}

/* <a href="...">plain text</a> for a chapter (h NULL) or a heading. */
static void put_toc_link(struct nav *nv, const struct doc_node *chapter,
                         const struct doc_node *h)
{
	struct xmlw *x = nv->x;
	char *href = href_of(nv->xh, chapter, h);
	char *label = label_of(chapter, h);
	xmlw_start(x, "a");
	xmlw_attr(x, "href", href);
	/* a chapter in another language than the book's says so */
	const char *lang = doc_node_lang(nv->doc, h ? h : chapter);
	const char *book = nv->doc->meta.language;
	if (lang && book && g_ascii_strcasecmp(lang, book)) {
		xmlw_attr(x, "lang", lang);
		xmlw_attr(x, "xml:lang", lang);
		if (i18n_rtl(lang) != i18n_rtl(book))
			xmlw_attr(x, "dir", i18n_rtl(lang) ? "rtl" : "ltr");
	}
	xmlw_text(x, label);
	xmlw_end(x);
	g_free(label);
	g_free(href);
}

/* Is ch a sub-chapter of chapter (SUMMARY.md's nesting), or of one of
 * its sub-chapters, when it comes after it? */
static bool is_under(const struct doc_node *ch, const struct doc_node *chapter)
{
	return ch && ch->u.chapter.depth > chapter->u.chapter.depth &&
	       ch->u.chapter.part == chapter->u.chapter.part;
}

/* Does a part of SUMMARY.md begin at chapter ch? */
static bool part_opens(const struct doc_node *ch)
{
	return ch->u.chapter.part &&
	       (!ch->prev || ch->prev->u.chapter.part != ch->u.chapter.part);
}

/* A chapter's entry: its link, then its sections and its sub-chapters.
 * Returns the chapter after them. */
static const struct doc_node *put_toc_chapter(struct nav *nv,
                                              const struct doc_node *chapter)
{
	struct xmlw *x = nv->x;
	const struct doc_node *next = chapter->next;
	xmlw_start(x, "li");
	put_toc_link(nv, chapter, NULL);
	if (has_sections(chapter) || is_under(next, chapter)) {
		xmlw_nl(x);
		xmlw_start(x, "ol");
		xmlw_nl(x);
		for (const struct doc_node *c = chapter->first; c;
		     c = c->next) {
			if (!is_section(c))
				continue;
			xmlw_start(x, "li");
			put_toc_link(nv, chapter, c);
			xmlw_end_block(x);
		}
		while (is_under(next, chapter))
			next = put_toc_chapter(nv, next);
		xmlw_end_block(x);
	}
	xmlw_end_block(x);
	return next;
}

/* A part of SUMMARY.md, from its first chapter ch: its title, then its
 * chapters.  Returns the chapter after them. */
static const struct doc_node *put_toc_part(struct nav *nv,
                                           const struct doc_node *ch)
{
	struct xmlw *x = nv->x;
	const char *part = ch->u.chapter.part;
	xmlw_start(x, "li");
	xmlw_elem(x, "span", part);
	xmlw_nl(x);
	xmlw_start(x, "ol");
	xmlw_nl(x);
	while (ch && ch->u.chapter.part == part)
		ch = put_toc_chapter(nv, ch);
	xmlw_end_block(x);
	xmlw_end_block(x);
	return ch;
}

/* The contents: the navigation document's toc nav (epub:type "toc"), or
 * the contents page's (page), whose links lead out of OEBPS/. */
static void put_toc(struct nav *nv, bool page)
{
	struct xmlw *x = nv->x;
	xmlw_start(x, "nav");
	if (!page)
		xmlw_attr(x, "epub:type", "toc");
	xmlw_attr(x, "role", "doc-toc");
	xmlw_attr(x, "id", "toc");
	xmlw_attr(x, "aria-labelledby", "toc-title");
	xmlw_nl(x);
	xmlw_start(x, "h1");
	xmlw_attr(x, "id", "toc-title");
	xmlw_text(x, words(nv->doc, WORD_CONTENTS));
	xmlw_end_block(x);
	xmlw_start(x, "ol");
	xmlw_nl(x);
	for (const struct doc_node *ch = nv->doc->root->first; ch;)
		ch = part_opens(ch) ? put_toc_part(nv, ch)
		                    : put_toc_chapter(nv, ch);
	xmlw_end_block(x);
	xmlw_end_block(x);
}

/* <li><a epub:type="type" href="href">text</a></li> (no epub:type when
 * type is NULL). */
static void put_nav_item(struct xmlw *x, const char *type, const char *href,
                         const char *text)
{
	xmlw_start(x, "li");
	xmlw_start(x, "a");
	xmlw_attr(x, "epub:type", type);
	xmlw_attr(x, "href", href);
	xmlw_text(x, text);
	xmlw_end(x);
	xmlw_end_block(x);
}

/* Opens a hidden <nav> and its <ol> (the caller closes both): lists that
 * reading systems use but do not show. */
static void start_hidden_nav(struct xmlw *x, const char *type, const char *role,
                             const char *label)
{
	xmlw_start(x, "nav");
	xmlw_attr(x, "epub:type", type);
	xmlw_attr(x, "role", role);
	xmlw_attr(x, "hidden", "");
	xmlw_attr(x, "aria-label", label);
	xmlw_nl(x);
	xmlw_start(x, "ol");
	xmlw_nl(x);
}

/* The pages of the print edition, each a link to its marker in the
 * text: reading systems offer them as "go to page". */
static void put_page_list(struct nav *nv)
{
	struct xmlw *x = nv->x;
	const GPtrArray *marks = xhtml_marks(nv->xh);
	if (!marks->len)
		return;
	start_hidden_nav(x, "page-list", "doc-pagelist",
	                 words(nv->doc, WORD_PRINT_PAGES));
	for (guint i = 0; i < marks->len; i++) {
		const struct xhtml_mark *m = marks->pdata[i];
		if (!m->put)
			continue;
		char *href = g_strdup_printf(
		    EPUB_TEXT "%s#%s", xhtml_chapter_file(nv->xh, m->chapter),
		    m->id);
		put_nav_item(x, NULL, href, m->label);
		g_free(href);
	}
	xmlw_end_block(x);
	xmlw_end_block(x);
}

static void put_landmarks(struct nav *nv)
{
	struct xmlw *x = nv->x;
	const struct doc_node *first = nv->doc->root->first;
	const struct doc *doc = nv->doc;
	start_hidden_nav(x, "landmarks", NULL, words(doc, WORD_LANDMARKS));
	put_nav_item(x, "cover", "cover.xhtml", words(doc, WORD_COVER));
	put_nav_item(x, "titlepage", "titlepage.xhtml",
	             words(doc, WORD_TITLE_PAGE));
	put_nav_item(x, "toc", "contents.xhtml", words(doc, WORD_CONTENTS));
	if (first) {
		char *href = href_of(nv->xh, first, NULL);
		put_nav_item(x, "bodymatter", href, words(doc, WORD_START));
		g_free(href);
	}
	xmlw_end_block(x);
	xmlw_end_block(x);
}

bool nav_render(const struct doc *doc, const struct xhtml *xh, GByteArray *out)
{
	struct nav nv = {xmlw_new(), xh, doc, 0, NULL};
	xhtml_page_start(nv.x, xhtml_lang(doc), doc->meta.title, EPUB_CSS,
	                 NULL);
	put_toc(&nv, false);
	put_page_list(&nv);
	put_landmarks(&nv);
	xhtml_page_end(nv.x);
	return xmlw_finish(nv.x, out);
}

bool nav_contents_render(const struct doc *doc, const struct xhtml *xh,
                         GByteArray *out)
{
	struct nav nv = {xmlw_new(), xh, doc, 0, NULL};
	xhtml_page_start(nv.x, xhtml_lang(doc), doc->meta.title, EPUB_CSS,
	                 "contents");
	put_toc(&nv, true);
	xhtml_page_end(nv.x);
	return xmlw_finish(nv.x, out);
}

/* <meta name=".." content=".."/> */
static void put_ncx_meta(struct xmlw *x, const char *name, const char *value)
{
	xmlw_start(x, "meta");
	xmlw_attr(x, "name", name);
	xmlw_attr(x, "content", value);
	xmlw_end_empty_block(x);
}

static void put_ncx_head(struct xmlw *x, const struct doc *doc,
                         const struct xhtml *xh)
{
	char *uuid = epub_uuid(doc);
	xmlw_start(x, "head");
	xmlw_nl(x);
	put_ncx_meta(x, "dtb:uid", uuid);
	unsigned deep = 1;
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		deep = MAX(deep, ch->u.chapter.depth + 1 +
		                     (has_sections(ch) ? 1 : 0));
	char *depth = g_strdup_printf("%u", deep);
	put_ncx_meta(x, "dtb:depth", depth);
	g_free(depth);
	/* the printed pages the page list names, and the highest folio */
	const GPtrArray *marks = xhtml_marks(xh);
	unsigned count = 0, max = 0;
	for (guint i = 0; i < marks->len; i++) {
		const struct xhtml_mark *m = marks->pdata[i];
		if (m->put) {
			count++;
			max = MAX(max, (unsigned)strtoul(m->label, NULL, 10));
		}
	}
	char *n = g_strdup_printf("%u", count),
	     *top = g_strdup_printf("%u", max);
	put_ncx_meta(x, "dtb:totalPageCount", n);
	put_ncx_meta(x, "dtb:maxPageNumber", top);
	g_free(n);
	g_free(top);
	xmlw_end_block(x);
	xmlw_start(x, "docTitle");
	xmlw_elem(x, "text", doc->meta.title);
	xmlw_end_block(x);
	g_free(uuid);
}

static void play_next(struct nav *nv, const void *key)
{
	g_hash_table_insert(nv->play, (gpointer)key,
	                    GUINT_TO_POINTER(++nv->order));
}

/* The play order of the NCX's navPoints and pageTargets: each chapter,
 * then its page markers and section headings as they come in the text. */
static void number_play(struct nav *nv)
{
	const GPtrArray *marks = xhtml_marks(nv->xh);
	GHashTable *at =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                          (GDestroyNotify)g_ptr_array_unref);
	for (guint i = 0; i < marks->len; i++) {
		const struct xhtml_mark *m = marks->pdata[i];
		if (!m->put)
			continue;
		GPtrArray *list = g_hash_table_lookup(at, m->block);
		if (!list) {
			list = g_ptr_array_new();
			g_hash_table_insert(at, (gpointer)m->block, list);
		}
		g_ptr_array_add(list, (gpointer)m);
	}
	for (const struct doc_node *ch = nv->doc->root->first; ch;
	     ch = ch->next) {
		play_next(nv, ch);
		GPtrArray *list = g_hash_table_lookup(at, ch);
		for (guint i = 0; list && i < list->len; i++)
			play_next(nv, list->pdata[i]);
		for (const struct doc_node *c = ch->first; c; c = c->next) {
			list = g_hash_table_lookup(at, c);
			for (guint i = 0; list && i < list->len; i++)
				play_next(nv, list->pdata[i]);
			if (is_section(c))
				play_next(nv, c);
		}
	}
	g_hash_table_destroy(at);
}

static unsigned play_of(const struct nav *nv, const void *key)
{
	return GPOINTER_TO_UINT(g_hash_table_lookup(nv->play, key));
}

/* Opens a navPoint (the caller closes it). */
static void start_nav_point(struct nav *nv, const struct doc_node *chapter,
                            const struct doc_node *h)
{
	struct xmlw *x = nv->x;
	char *href = href_of(nv->xh, chapter, h);
	char *label = label_of(chapter, h);
	unsigned order = play_of(nv, h ? h : chapter);
	xmlw_start(x, "navPoint");
	xmlw_attrf(x, "id", "np-%u", order);
	xmlw_attrf(x, "playOrder", "%u", order);
	xmlw_start(x, "navLabel");
	xmlw_elem(x, "text", label);
	xmlw_end(x);
	xmlw_start(x, "content");
	xmlw_attr(x, "src", href);
	xmlw_end_empty_block(x);
	g_free(label);
	g_free(href);
}

/* A chapter's navPoint, with its sections' and sub-chapters' (an NCX
 * has no place for a part's title).  Returns the chapter after them. */
static const struct doc_node *put_ncx_chapter(struct nav *nv,
                                              const struct doc_node *ch)
{
	struct xmlw *x = nv->x;
	const struct doc_node *next = ch->next;
	start_nav_point(nv, ch, NULL);
	for (const struct doc_node *c = ch->first; c; c = c->next) {
		if (!is_section(c))
			continue;
		start_nav_point(nv, ch, c);
		xmlw_end_block(x);
	}
	while (is_under(next, ch))
		next = put_ncx_chapter(nv, next);
	xmlw_end_block(x);
	return next;
}

static void put_ncx_map(struct nav *nv)
{
	struct xmlw *x = nv->x;
	xmlw_start(x, "navMap");
	xmlw_nl(x);
	for (const struct doc_node *ch = nv->doc->root->first; ch;)
		ch = put_ncx_chapter(nv, ch);
	xmlw_end_block(x);
}

/* The printed pages, for EPUB 2 readers (and for conversions that keep
 * "real page numbers"): the same markers as the page-list. */
static void put_ncx_pages(struct nav *nv)
{
	struct xmlw *x = nv->x;
	const GPtrArray *marks = xhtml_marks(nv->xh);
	bool any = false;
	for (guint i = 0; i < marks->len; i++) {
		const struct xhtml_mark *m = marks->pdata[i];
		if (!m->put)
			continue;
		if (!any) {
			xmlw_start(x, "pageList");
			xmlw_nl(x);
			xmlw_start(x, "navLabel");
			xmlw_elem(x, "text", words(nv->doc, WORD_PRINT_PAGES));
			xmlw_end_block(x);
			any = true;
		}
		unsigned order = play_of(nv, m);
		char *src = g_strdup_printf(
		    EPUB_TEXT "%s#%s", xhtml_chapter_file(nv->xh, m->chapter),
		    m->id);
		xmlw_start(x, "pageTarget");
		xmlw_attrf(x, "id", "pt-%u", order);
		xmlw_attr(x, "type", "normal");
		xmlw_attr(x, "value", m->label);
		xmlw_attrf(x, "playOrder", "%u", order);
		xmlw_start(x, "navLabel");
		xmlw_elem(x, "text", m->label);
		xmlw_end(x);
		xmlw_start(x, "content");
		xmlw_attr(x, "src", src);
		xmlw_end_empty_block(x);
		xmlw_end_block(x);
		g_free(src);
	}
	if (any)
		xmlw_end_block(x);
}

bool ncx_render(const struct doc *doc, const struct xhtml *xh, GByteArray *out)
{
	struct nav nv = {xmlw_new(), xh, doc, 0,
	                 g_hash_table_new(g_direct_hash, g_direct_equal)};
	number_play(&nv);
	struct xmlw *x = nv.x;
	xmlw_start(x, "ncx");
	xmlw_attr(x, "xmlns", "http://www.daisy.org/z3986/2005/ncx/");
	xmlw_attr(x, "version", "2005-1");
	xmlw_attr(x, "xml:lang", xhtml_lang(doc));
	xmlw_nl(x);
	put_ncx_head(x, doc, xh);
	put_ncx_map(&nv);
	put_ncx_pages(&nv);
	xmlw_end_block(x);
	g_hash_table_destroy(nv.play);
	return xmlw_finish(x, out);
}
