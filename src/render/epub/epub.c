/*
 * epub.c - the EPUB 3 package: every file rendered to memory first, then
 * zipped (zipfile.c) into a buffer, also in memory.
 *
 * Writes the package files (container.xml, package.opf) itself and asks
 * xhtml.c, nav.c, pages.c, css.c and cover.c for the rest; it writes no
 * chapter markup.  The bytes depend only on the book: entries in a fixed
 * order, every time stamp the book's modification time, no extra fields.
 */
#include <string.h>

#include "epub.h"
#include "i18n.h"
#include "infile.h"
#include "paper.h"
#include "print.h"
#include "render.h"
#include "svg.h"
#include "util.h"
#include "words.h"
#include "xhtml.h"
#include "xmlw.h"
#include "zipfile.h"

const struct xhtml_paths epub_chapter_paths = {"../" EPUB_CSS,
                                               "../" EPUB_IMAGES};

struct epub {
	const struct doc *doc;
	const struct theme *theme;
	const struct opts *opts;
	struct xhtml *xh;
	GPtrArray *entries; /* struct zip_entry *, in ZIP order */
	struct embed *fonts;
	bool ok;
};

/* A new, empty entry at the end of the package, for the caller to fill. */
static GByteArray *add_entry(struct epub *ep, const char *name, bool store)
{
	return zipfile_add(ep->entries, name, store);
}

char *epub_uuid(const struct doc *doc)
{
	/* a tree the meta pass has not seen: the UUID it would give */
	return doc->meta.uuid ? g_strdup(doc->meta.uuid)
	                      : doc_meta_uuid(&doc->meta);
}

static void put_mimetype(struct epub *ep)
{
	static const char mt[] = "application/epub+zip";
	g_byte_array_append(add_entry(ep, "mimetype", true), (const guint8 *)mt,
	                    sizeof mt - 1);
}

static void put_container(struct epub *ep)
{
	struct xmlw *x = xmlw_new();
	xmlw_start(x, "container");
	xmlw_attr(x, "version", "1.0");
	xmlw_attr(x, "xmlns",
	          "urn:oasis:names:tc:opendocument:xmlns:container");
	xmlw_nl(x);
	xmlw_start(x, "rootfiles");
	xmlw_nl(x);
	xmlw_start(x, "rootfile");
	xmlw_attr(x, "full-path", EPUB_ROOT "package.opf");
	xmlw_attr(x, "media-type", "application/oebps-package+xml");
	xmlw_end_empty_block(x);
	xmlw_end_block(x);
	xmlw_end_block(x);
	ep->ok &=
	    xmlw_finish(x, add_entry(ep, "META-INF/container.xml", false));
}

/* The chapters, then the images they use (copied from disk). */
static void put_chapters(struct epub *ep)
{
	for (const struct doc_node *ch = ep->doc->root->first; ch;
	     ch = ch->next) {
		char *name = g_strdup_printf(EPUB_ROOT EPUB_TEXT "%s",
		                             xhtml_chapter_file(ep->xh, ch));
		ep->ok &= xhtml_render(ep->xh, ch, add_entry(ep, name, false));
		g_free(name);
	}
}

/* An image's bytes as they are; an SVG's made safe (svg.h: the pass has
 * said what it left out). */
static void put_image_bytes(struct epub *ep, GByteArray *out, const char *path,
                            const char *media_type)
{
	/* the bytes the images pass read and checked */
	GBytes *bytes = infile_get(path);
	if (!bytes) {
		diag_path(path, IMAGE_NOT_READ);
		ep->ok = false;
		return;
	}
	char *why = NULL;
	GBytes *safe = strcmp(media_type, "image/svg+xml")
	                   ? g_bytes_ref(bytes)
	                   : svg_safe(bytes, true, NULL, NULL, &why);
	g_bytes_unref(bytes);
	if (!safe) {
		diag_path(path, IMAGE_DRAW_READ, why);
		g_free(why);
		ep->ok = false;
		return;
	}
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(safe, &len);
	g_byte_array_append(out, data, (guint)len);
	g_bytes_unref(safe);
}

static void put_images(struct epub *ep)
{
	const GPtrArray *images = xhtml_images(ep->xh);
	for (guint i = 0; i < images->len; i++) {
		const struct xhtml_image *img = images->pdata[i];
		char *name =
		    g_strdup_printf(EPUB_ROOT EPUB_IMAGES "%s", img->name);
		put_image_bytes(ep, add_entry(ep, name, true), img->path,
		                img->media_type);
		g_free(name);
	}
}

static void put_bytes(struct epub *ep, const char *name, GBytes *data)
{
	gsize len;
	const guint8 *p = g_bytes_get_data(data, &len);
	g_byte_array_append(add_entry(ep, name, false), p, (guint)len);
}

/* The style sheet, and the fonts it declares with their licences. */
static void put_style(struct epub *ep)
{
	GPtrArray *decl = g_ptr_array_new_with_free_func(g_free);
	const GPtrArray *faces = ep->fonts->faces;
	for (guint i = 0; i < faces->len; i++) {
		const struct embed_face *f = faces->pdata[i];
		struct css_font *c = g_new0(struct css_font, 1);
		*c = (struct css_font){
		    f->family, f->bold, f->italic,
		    g_strdup_printf("../" EPUB_FONTS "%s", f->name)};
		g_ptr_array_add(decl, c);
	}
	GString *css = g_string_new(NULL);
	css_render(ep->theme, decl, i18n_doc_has_rtl(ep->doc),
	           doc_has_math(ep->doc), doc_heading_skips(ep->doc),
	           doc_looks(ep->doc), css);
	if (ep->doc->meta.css_text) { /* after the theme's: its rules win */
		g_string_append(css,
		                "\n/* the book's own (book.yaml: css) */\n");
		g_string_append(css, ep->doc->meta.css_text);
		if (css->str[css->len - 1] != '\n')
			g_string_append_c(css, '\n');
	}
	g_byte_array_append(add_entry(ep, EPUB_ROOT EPUB_CSS, false),
	                    (const guint8 *)css->str, (guint)css->len);
	g_string_free(css, TRUE);
	for (guint i = 0; i < decl->len; i++)
		g_free((char *)((struct css_font *)decl->pdata[i])->url);
	g_ptr_array_free(decl, TRUE);
	for (guint i = 0; i < faces->len; i++) {
		const struct embed_face *f = faces->pdata[i];
		char *name =
		    g_strdup_printf(EPUB_ROOT EPUB_FONTS "%s", f->name);
		put_bytes(ep, name, f->data);
		g_free(name);
	}
	for (guint i = 0; i < ep->fonts->licences->len; i++) {
		const struct embed_licence *l = ep->fonts->licences->pdata[i];
		char *name =
		    g_strdup_printf(EPUB_ROOT EPUB_FONTS "%s", l->name);
		put_bytes(ep, name, l->data);
		g_free(name);
	}
}

/* The book's own cover image, as the images pass found it, else the one
 * cover.c draws. */
static void put_cover_image(struct epub *ep)
{
	const struct doc_node *own = ep->doc->meta.cover;
	const char *type;
	char *name =
	    g_strconcat(EPUB_ROOT, pages_cover_file(ep->doc, &type), NULL);
	GByteArray *out = add_entry(ep, name, true);
	g_free(name);
	if (!own) {
		ep->ok &= cover_render(ep->doc, ep->theme, ep->opts, out);
		return;
	}
	put_image_bytes(ep, out, own->u.image.path, own->u.image.media_type);
}

/* Every file but the OPF, in the order of the ZIP. */
static void put_files(struct epub *ep)
{
	put_mimetype(ep);
	put_container(ep);
	ep->ok &=
	    pages_cover(ep->doc, add_entry(ep, EPUB_ROOT "cover.xhtml", false));
	ep->ok &= pages_title(
	    ep->doc, add_entry(ep, EPUB_ROOT "titlepage.xhtml", false));
	ep->ok &= nav_contents_render(
	    ep->doc, ep->xh, add_entry(ep, EPUB_ROOT "contents.xhtml", false));
	/* filled after the chapters: they say which page markers they hold */
	GByteArray *nav = add_entry(ep, EPUB_ROOT "nav.xhtml", false);
	GByteArray *ncx = add_entry(ep, EPUB_ROOT "toc.ncx", false);
	put_style(ep);
	put_cover_image(ep);
	put_chapters(ep);
	put_images(ep);
	ep->ok &= nav_render(ep->doc, ep->xh, nav);
	ep->ok &= ncx_render(ep->doc, ep->xh, ncx);
}

/* <meta property="p">value</meta> (nothing if value is NULL) */
static void put_meta(struct xmlw *x, const char *property, const char *value,
                     const char *refines)
{
	if (!value)
		return;
	xmlw_start(x, "meta");
	if (refines)
		xmlw_attrf(x, "refines", "#%s", refines);
	xmlw_attr(x, "property", property);
	xmlw_text(x, value);
	xmlw_end_block(x);
}

/* <dc:name id="id">value</dc:name> (nothing if value is NULL) */
static void put_dc(struct xmlw *x, const char *name, const char *value,
                   const char *id)
{
	if (!value)
		return;
	xmlw_start(x, name);
	xmlw_attr(x, "id", id);
	xmlw_text(x, value);
	xmlw_end_block(x);
}

/* Leading articles, which English catalogues file after the rest. */
static const char *const articles[] = {"The ", "A ", "An "};

static bool lang_is_english(const struct doc_meta *m)
{
	const char *l = m->language ? m->language : "en";
	return !g_ascii_strncasecmp(l, "en", 2) && (!l[2] || l[2] == '-');
}

static void put_titles(struct xmlw *x, const struct doc_meta *m)
{
	const char *title = m->title ? m->title : "";
	put_dc(x, "dc:title", title, "title");
	if (lang_is_english(m)) /* "Hobbit, The" */
		for (size_t i = 0; i < G_N_ELEMENTS(articles); i++)
			if (g_str_has_prefix(title, articles[i]) &&
			    title[strlen(articles[i])]) {
				char *sort = g_strdup_printf(
				    "%s, %.*s", title + strlen(articles[i]),
				    (int)strlen(articles[i]) - 1, articles[i]);
				put_meta(x, "file-as", sort, "title");
				g_free(sort);
			}
	if (!m->subtitle)
		return;
	put_meta(x, "title-type", "main", "title");
	put_dc(x, "dc:title", m->subtitle, "subtitle");
	put_meta(x, "title-type", "subtitle", "subtitle");
}

/* A name with a word in lower case ("Editors of the Guide"), but not a
 * person's particle before the surname ("Ludwig van Beethoven"), or of
 * more than four words is an organisation's. */
static bool is_organisation(char **w, guint n)
{
	for (guint i = 1; i + 1 < n; i++)
		if (g_unichar_islower(g_utf8_get_char(w[i])) && i + 2 < n)
			return true;
	return n > 4;
}

/* How library software files a creator: "Doe, Jane Q." for a person,
 * "Beethoven, Ludwig van" with a particle, "Doe, Jane, Jr." with a
 * suffix; an organisation as written, less a leading English article; a
 * name of one word, or written "Surname, Given" already, as it is.
 * Caller frees. */
static char *file_as(const struct doc_meta *m, const char *name)
{
	static const char *const suffixes[] = {"Jr.", "Jr",  "Sr.", "Sr",
	                                       "II",  "III", "IV"};
	char **w = g_strsplit(name, " ", -1);
	guint n = g_strv_length(w);
	GString *s = g_string_new(NULL);
	if (n < 2 || strchr(name, ',')) {
		g_string_append(s, name);
	} else if (is_organisation(w, n)) {
		const char *rest = name;
		for (size_t i = 0;
		     lang_is_english(m) && i < G_N_ELEMENTS(articles); i++)
			if (g_str_has_prefix(name, articles[i]))
				rest = name + strlen(articles[i]);
		g_string_append(s, rest);
	} else {
		const char *suffix = NULL;
		for (size_t i = 0; n > 2 && i < G_N_ELEMENTS(suffixes); i++)
			if (!strcmp(w[n - 1], suffixes[i]))
				suffix = w[n - 1];
		guint last = n - 1 - (suffix != NULL);
		g_string_append_printf(s, "%s,", w[last]);
		for (guint i = 0; i < last; i++)
			g_string_append_printf(s, " %s", w[i]);
		if (suffix)
			g_string_append_printf(s, ", %s", suffix);
	}
	g_strfreev(w);
	return g_string_free(s, FALSE);
}

static void put_creators(struct xmlw *x, const struct doc_meta *m)
{
	for (size_t i = 0; i < m->n_authors; i++) {
		char *id = g_strdup_printf("creator-%zu", i + 1);
		char *sort = file_as(m, m->authors[i]);
		put_dc(x, "dc:creator", m->authors[i], id);
		put_meta(x, "file-as", sort, id);
		g_free(sort);
		xmlw_start(x, "meta");
		xmlw_attrf(x, "refines", "#%s", id);
		xmlw_attr(x, "property", "role");
		xmlw_attr(x, "scheme", "marc:relators");
		xmlw_text(x, "aut");
		xmlw_end_block(x);
		g_free(id);
	}
}

/* "2025-11-25T00:00:00Z" */
static void put_modified(struct xmlw *x, time_t t)
{
	struct tm tm;
	char buf[32];
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	put_meta(x, "dcterms:modified", buf, NULL);
}

/* The print edition whose pages the markers show: "Ketamine, print
 * edition 1.0.0, A4 paper".  Caller frees. */
static char *page_source(const struct doc *doc, const struct theme *t)
{
	const struct doc_meta *m = &doc->meta;
	const struct paper *p = paper_find(t->paper);
	const char *paper = p ? p->shown : t->paper;
	const char *title = m->title ? m->title : "";
	if (m->version)
		return g_strdup_printf(
		    i18n(doc, "%s, print edition %s, %s paper"), title,
		    m->version, paper);
	return g_strdup_printf(i18n(doc, "%s, print edition, %s paper"), title,
	                       paper);
}

/* What EPUB Accessibility 1.1 asks the package to say about the book. */
static void put_a11y(struct xmlw *x, const struct doc *doc, bool images,
                     const char *page_source)
{
	static const char *const features[] = {
	    "structuralNavigation",    "tableOfContents",  "readingOrder",
	    "displayTransformability", "printPageNumbers", "pageNavigation"};
	put_meta(x, "schema:accessMode", "textual", NULL);
	if (images)
		put_meta(x, "schema:accessMode", "visual", NULL);
	put_meta(x, "schema:accessModeSufficient", "textual", NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(features); i++)
		put_meta(x, "schema:accessibilityFeature", features[i], NULL);
	if (images)
		put_meta(x, "schema:accessibilityFeature", "alternativeText",
		         NULL);
	put_meta(x, "schema:accessibilityHazard", "none", NULL);
	char *summary = g_strdup_printf(
	    i18n(
	        doc,
	        "This publication meets EPUB Accessibility 1.1 and WCAG 2.1 "
	        "Level "
	        "AA. It has a table of contents, headings in a logical order, "
	        "footnotes linked to and from the text, text alternatives for "
	        "its "
	        "images, and text that reading systems can restyle and resize. "
	        "It marks where each page of the print edition begins (%s) and "
	        "lists those pages for navigation."),
	    page_source);
	put_meta(x, "schema:accessibilitySummary", summary, NULL);
	g_free(summary);
	put_meta(x, "dcterms:conformsTo",
	         "EPUB Accessibility 1.1 - WCAG 2.1 Level AA", NULL);
	put_meta(x, "a11y:certifiedBy", "octavo", NULL);
}

static void put_metadata(struct epub *ep, struct xmlw *x)
{
	const struct doc_meta *m = &ep->doc->meta;
	char *uuid = epub_uuid(ep->doc);

	xmlw_start(x, "metadata");
	xmlw_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	xmlw_nl(x);
	put_dc(x, "dc:identifier", uuid, "book-id");
	put_titles(x, m);
	put_creators(x, m);
	put_dc(x, "dc:publisher", m->publisher, NULL);
	put_dc(x, "dc:language", xhtml_lang(ep->doc), NULL);
	put_dc(x, "dc:date", m->date, NULL);
	put_modified(x, m->modified);
	put_dc(x, "dc:description", m->description, NULL);
	for (size_t i = 0; i < m->n_keywords; i++)
		put_dc(x, "dc:subject", m->keywords[i], NULL);
	put_dc(x, "dc:rights", m->license, NULL);
	/* the source of the page markers, as EPUB 3.2 and 3.3 both name
	 * it: EPUB Accessibility's newer pageBreakSource property is
	 * undefined for EPUBCheck 4.2 (OPF-027) */
	char *source = page_source(ep->doc, ep->theme);
	put_dc(x, "dc:source", source, "print-source");
	put_meta(x, "source-of", "pagination", "print-source");
	put_a11y(x, ep->doc, xhtml_images(ep->xh)->len > 0, source);
	g_free(source);
	xmlw_start(x, "meta");
	xmlw_attr(x, "name", "cover");
	xmlw_attr(x, "content", "cover-image");
	xmlw_end_empty_block(x);
	xmlw_end_block(x);
	g_free(uuid);
}

static void put_item(struct xmlw *x, const char *id, const char *href,
                     const char *media_type, const char *properties)
{
	xmlw_start(x, "item");
	xmlw_attr(x, "id", id);
	xmlw_attr(x, "href", href);
	xmlw_attr(x, "media-type", media_type);
	xmlw_attr(x, "properties", properties);
	xmlw_end_empty_block(x);
}

/* The fonts (font/ttf or font/otf, core media types of EPUB 3.2) and
 * their licences (plain text, which no page links to). */
static void put_font_items(struct epub *ep, struct xmlw *x)
{
	const GPtrArray *faces = ep->fonts->faces;
	const GPtrArray *licences = ep->fonts->licences;
	for (guint i = 0; i < faces->len; i++) {
		const struct embed_face *f = faces->pdata[i];
		char *id = g_strdup_printf("font-%u", i + 1);
		char *href = g_strdup_printf(EPUB_FONTS "%s", f->name);
		put_item(x, id, href, f->otf ? "font/otf" : "font/ttf", NULL);
		g_free(href);
		g_free(id);
	}
	for (guint i = 0; i < licences->len; i++) {
		const struct embed_licence *l = licences->pdata[i];
		char *id = g_strdup_printf("font-licence-%u", i + 1);
		char *href = g_strdup_printf(EPUB_FONTS "%s", l->name);
		put_item(x, id, href, "text/plain", NULL);
		g_free(href);
		g_free(id);
	}
}

static void put_manifest(struct epub *ep, struct xmlw *x)
{
	static const char xhtml[] = "application/xhtml+xml";
	const GPtrArray *images = xhtml_images(ep->xh);
	unsigned n = 0;

	xmlw_start(x, "manifest");
	xmlw_nl(x);
	put_item(x, "cover", "cover.xhtml", xhtml, NULL);
	put_item(x, "titlepage", "titlepage.xhtml", xhtml, NULL);
	put_item(x, "contents", "contents.xhtml", xhtml, NULL);
	put_item(x, "nav", "nav.xhtml", xhtml, "nav");
	put_item(x, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
	put_item(x, "css", EPUB_CSS, "text/css", NULL);
	const char *cover_type;
	const char *cover = pages_cover_file(ep->doc, &cover_type);
	put_item(x, "cover-image", cover, cover_type, "cover-image");
	put_font_items(ep, x);
	for (const struct doc_node *ch = ep->doc->root->first; ch;
	     ch = ch->next) {
		char *id = g_strdup_printf("chapter-%u", ++n);
		char *href = g_strdup_printf(EPUB_TEXT "%s",
		                             xhtml_chapter_file(ep->xh, ch));
		put_item(x, id, href, xhtml, NULL);
		g_free(href);
		g_free(id);
	}
	for (guint i = 0; i < images->len; i++) {
		const struct xhtml_image *img = images->pdata[i];
		char *id = g_strdup_printf("image-%u", i + 1);
		char *href = g_strdup_printf(EPUB_IMAGES "%s", img->name);
		put_item(x, id, href, img->media_type, NULL);
		g_free(href);
		g_free(id);
	}
	xmlw_end_block(x);
}

static void put_itemref(struct xmlw *x, const char *idref)
{
	xmlw_start(x, "itemref");
	xmlw_attr(x, "idref", idref);
	xmlw_end_empty_block(x);
}

static void put_spine(struct epub *ep, struct xmlw *x)
{
	unsigned n = 0;
	xmlw_start(x, "spine");
	xmlw_attr(x, "toc", "ncx");
	if (i18n_rtl(ep->doc->meta.language))
		xmlw_attr(x, "page-progression-direction", "rtl");
	xmlw_nl(x);
	put_itemref(x, "cover");
	put_itemref(x, "titlepage");
	put_itemref(x, "contents");
	for (const struct doc_node *ch = ep->doc->root->first; ch;
	     ch = ch->next) {
		char *id = g_strdup_printf("chapter-%u", ++n);
		put_itemref(x, id);
		g_free(id);
	}
	xmlw_end_block(x);
}

static void put_reference(struct xmlw *x, const char *type, const char *title,
                          const char *href)
{
	xmlw_start(x, "reference");
	xmlw_attr(x, "type", type);
	xmlw_attr(x, "title", title);
	xmlw_attr(x, "href", href);
	xmlw_end_empty_block(x);
}

/* The EPUB 2 guide, which EPUB 3 keeps for older readers: calibre and
 * EPUB 2 readers find the cover page by it (and so show one cover, not
 * the image and the page), and the contents and the text. */
static void put_guide(struct epub *ep, struct xmlw *x)
{
	const struct doc *doc = ep->doc;
	const struct doc_node *first = doc->root->first;
	xmlw_start(x, "guide");
	xmlw_nl(x);
	put_reference(x, "cover", words(doc, WORD_COVER), "cover.xhtml");
	put_reference(x, "title-page", words(doc, WORD_TITLE_PAGE),
	              "titlepage.xhtml");
	put_reference(x, "toc", words(doc, WORD_CONTENTS), "contents.xhtml");
	if (first) {
		char *href = g_strdup_printf(EPUB_TEXT "%s",
		                             xhtml_chapter_file(ep->xh, first));
		put_reference(x, "text", words(doc, WORD_START), href);
		g_free(href);
	}
	xmlw_end_block(x);
}

/* package.opf, third in the ZIP (it lists the images, so it is written
 * after the chapters). */
static void put_opf(struct epub *ep)
{
	struct zip_entry *e = g_new0(struct zip_entry, 1);
	struct xmlw *x = xmlw_new();

	xmlw_start(x, "package");
	xmlw_attr(x, "xmlns", "http://www.idpf.org/2007/opf");
	xmlw_attr(x, "version", "3.0");
	xmlw_attr(x, "unique-identifier", "book-id");
	xmlw_attr(x, "xml:lang", xhtml_lang(ep->doc));
	xmlw_nl(x);
	put_metadata(ep, x);
	put_manifest(ep, x);
	put_spine(ep, x);
	put_guide(ep, x);
	xmlw_end_block(x);
	e->name = g_strdup(EPUB_ROOT "package.opf");
	e->data = g_byte_array_new();
	ep->ok &= xmlw_finish(x, e->data);
	g_ptr_array_insert(ep->entries, 2, e);
}

bool epub_render(const struct doc *doc, const struct theme *theme,
                 const struct opts *opts, const struct print *pr,
                 GByteArray *out)
{
	struct embed *fonts = embed_fonts(doc, theme, opts);
	if (!fonts)
		return false;
	struct epub ep = {doc,
	                  theme,
	                  opts,
	                  xhtml_new(opts, doc, &epub_chapter_paths),
	                  zipfile_entries_new(),
	                  fonts,
	                  true};
	size_t n;
	const struct print_page *pages = print_pages(pr, &n);
	xhtml_set_pages(ep.xh, pages, n);
	put_files(&ep);
	put_opf(&ep);
	bool ok = ep.ok && zipfile_write(ep.entries, doc->meta.modified,
	                                 "the EPUB", out);
	g_ptr_array_free(ep.entries, TRUE);
	xhtml_free(ep.xh);
	embed_free(fonts);
	return ok;
}
