/*
 * pages.c - the EPUB's pages that are not chapters: the cover page, which
 * shows the cover image, and the title page with its colophon (edition,
 * version, date, identifier, licence, and the fingerprint of the sources,
 * sources.h).  Both sit in OEBPS/, next to the style sheet folder.
 */
#include <string.h>

#include "epub.h"
#include "i18n.h"
#include "xhtml.h"
#include "xmlw.h"

/* "Title: Subtitle", the cover's text alternative.  Caller frees. */
static char *cover_alt(const struct doc_meta *m)
{
	const char *title = m->title ? m->title : "";
	return m->subtitle ? g_strdup_printf("%s: %s", title, m->subtitle)
	                   : g_strdup(title);
}

const char *pages_cover_file(const struct doc *doc, const char **media_type)
{
	const struct doc_node *own = doc->meta.cover;
	const char *type = own ? own->u.image.media_type : "image/jpeg";
	*media_type = type;
	if (!strcmp(type, "image/svg+xml"))
		return "cover.svg";
	return strcmp(type, "image/jpeg") ? "cover.png" : "cover.jpg";
}

bool pages_cover(const struct doc *doc, GByteArray *out)
{
	struct xmlw *x = xmlw_new();
	char *alt = cover_alt(&doc->meta);

	xhtml_page_start(x, xhtml_lang(doc), doc->meta.title, EPUB_CSS,
	                 "cover");
	xmlw_start(x, "section");
	xmlw_attr(x, "epub:type", "cover");
	xmlw_nl(x);
	xmlw_start(x, "img");
	xmlw_attr(x, "role", "doc-cover");
	const char *type;
	xmlw_attr(x, "src", pages_cover_file(doc, &type));
	xmlw_attr(x, "alt", alt);
	xmlw_end_empty_block(x);
	xmlw_end_block(x);
	xhtml_page_end(x);
	g_free(alt);
	return xmlw_finish(x, out);
}

/* <p class="cls">text</p>, if there is text. */
static void put_line(struct xmlw *x, const char *cls, const char *text)
{
	if (!text || !*text)
		return;
	xmlw_start(x, "p");
	xmlw_attr(x, "class", cls);
	xmlw_text(x, text);
	xmlw_end_block(x);
}

/* "Label: value", if there is a value. */
static void put_field(struct xmlw *x, const struct doc *doc, const char *label,
                      const char *value)
{
	if (!value || !*value)
		return;
	char *s = i18n_field(doc, label, value);
	xmlw_start(x, "p");
	xmlw_text(x, s);
	xmlw_end_block(x);
	g_free(s);
}

static void put_titles(struct xmlw *x, const struct doc_meta *m)
{
	xmlw_start(x, "section");
	xmlw_attr(x, "epub:type", "titlepage");
	xmlw_attr(x, "class", "titlepage");
	xmlw_attr(x, "aria-labelledby", "book-title");
	xmlw_nl(x);
	xmlw_start(x, "h1");
	xmlw_attr(x, "id", "book-title");
	xmlw_text(x, m->title);
	xmlw_end_block(x);
	if (m->subtitle) {
		xmlw_start(x, "p");
		xmlw_attr(x, "class", "subtitle");
		xmlw_attr(x, "epub:type", "subtitle");
		xmlw_attr(x, "role", "doc-subtitle");
		xmlw_text(x, m->subtitle);
		xmlw_end_block(x);
	}
	if (m->n_authors) {
		char *who = g_strjoinv(", ", (char **)m->authors);
		put_line(x, "authors", who);
		g_free(who);
	}
	xmlw_end_block(x);
}

static void put_colophon(struct xmlw *x, const struct doc *doc)
{
	const struct doc_meta *m = &doc->meta;
	xmlw_start(x, "section");
	xmlw_attr(x, "epub:type", "colophon");
	xmlw_attr(x, "role", "doc-colophon");
	xmlw_attr(x, "class", "colophon");
	xmlw_attr(x, "aria-label", i18n(doc, "Colophon"));
	xmlw_nl(x);
	put_field(x, doc, i18n(doc, "Publisher"), m->publisher);
	put_field(x, doc, i18n(doc, "Edition"), m->edition);
	put_field(x, doc, i18n(doc, "Version"), m->version);
	put_field(x, doc, i18n(doc, "Date"), m->date);
	if (!m->colophon.no_identifier)
		put_field(x, doc, i18n(doc, "Identifier"),
		          m->identifier ? m->identifier : m->uuid);
	put_field(x, doc, i18n(doc, "Licence"), m->license);
	if (m->fingerprint && !m->colophon.no_fingerprint) {
		char *fp =
		    g_strdup_printf(i18n(doc, "%.12s (SHA-256 of the sources)"),
		                    m->fingerprint);
		put_field(x, doc, i18n(doc, "Fingerprint"), fp);
		g_free(fp);
	}
	xmlw_end_block(x);
}

bool pages_title(const struct doc *doc, GByteArray *out)
{
	struct xmlw *x = xmlw_new();
	xhtml_page_start(x, xhtml_lang(doc), doc->meta.title, EPUB_CSS, NULL);
	put_titles(x, &doc->meta);
	put_colophon(x, doc);
	xhtml_page_end(x);
	return xmlw_finish(x, out);
}
