/*
 * xhtml.h - the tree as XHTML5 (the XML serialisation), one document per
 * chapter, for any output made of XHTML files: the output says where a
 * chapter finds the style sheet and the images (struct xhtml_paths); the
 * EPUB's chapters live in OEBPS/text/, with ../css/book.css and
 * ../images/NAME.
 *
 * The renderer reads the tree (const) and keeps nothing of it.  It names
 * each image file it meets (a unique, safe name per file on disk) and
 * remembers the list, so the EPUB can copy exactly those files under the
 * names the chapters use.
 */
#ifndef OCTAVO_XHTML_H
#define OCTAVO_XHTML_H

#include <glib.h>
#include <stdbool.h>

#include "doc.h"
#include "opts.h"
#include "theme.h"

struct xmlw;

/* A font the style sheet declares with @font-face: its family, face, and
 * its file's address relative to the sheet. */
struct css_font {
	const char *family;
	bool bold, italic;
	const char *url;
};

/* css.c: the style sheet for theme, appended to out, declaring fonts
 * (const struct css_font *; NULL or empty: none, the reader's own); rtl:
 * the book has right-to-left text (i18n_doc_has_rtl()), math: TeX math
 * (doc_has_math()), heading_classes: headings written at another level
 * than their own (doc_heading_skips()), looks: the looks of the book's
 * phrases (doc_looks()); each needs rules of its own. */
void css_render(const struct theme *theme, const GPtrArray *fonts, bool rtl,
                bool math, unsigned heading_classes, unsigned looks,
                GString *out);

/* One image to copy into the book: path on disk, name in images/. */
struct xhtml_image {
	const char *path;
	const char *name;
	const char *media_type;
};

struct xhtml;

/* Where a chapter's links to its resources point, relative to it. */
struct xhtml_paths {
	const char *css;    /* the style sheet: "../css/book.css" */
	const char *images; /* the images' folder, with its '/': "../images/" */
};

/* A renderer for the chapters of doc, linking as paths says (which must
 * outlive it).  The caller owns it (xhtml_free). */
struct xhtml *xhtml_new(const struct opts *opts, const struct doc *doc,
                        const struct xhtml_paths *paths);
/* NULL does nothing. */
void xhtml_free(struct xhtml *xh);
/* Appends chapter (a DOC_CHAPTER of the doc) as one XHTML document to
 * out.  Returns false after a diagnostic. */
bool xhtml_render(struct xhtml *xh, const struct doc_node *chapter,
                  GByteArray *out);
/* The file name of chapter: "STEM.xhtml", made safe for URLs and unique
 * in the book; the chapters share one folder and link to each other by
 * it.  Owned by xh. */
const char *xhtml_chapter_file(const struct xhtml *xh,
                               const struct doc_node *chapter);
/* The images the chapters rendered so far refer to, in order of first
 * use: const struct xhtml_image *, owned by xh. */
const GPtrArray *xhtml_images(const struct xhtml *xh);

/* Page break markers: where each printed page begins (print.h), marked
 * in the chapters rendered after this call with an empty
 * <span epub:type="pagebreak" role="doc-pagebreak" id="page-N"
 * aria-label="N">.  pages must outlive xh. */
struct print_page;
void xhtml_set_pages(struct xhtml *xh, const struct print_page *pages,
                     size_t n);

/* A page break marker the chapters rendered so far hold. */
struct xhtml_mark {
	const char *label; /* the page's folio */
	const char *id;    /* the marker's id, unique in the book */
	const struct doc_node *chapter;
	/* the chapter's child holding where the page begins (the chapter
	 * itself when it has none): places the marker among the headings */
	const struct doc_node *block;
	bool put; /* rendered */
};
/* Every marker (const struct xhtml_mark *) in page order; those whose
 * chapter has been rendered have put set. */
const GPtrArray *xhtml_marks(const struct xhtml *xh);

/* The book's language (BCP 47), for lang, xml:lang and dc:language. */
const char *xhtml_lang(const struct doc *doc);

/* The frame every XHTML page of the book shares: <html> with the
 * namespaces and languages, <head> with the title and the style sheet
 * (css_href, or none if NULL), and an open <body> (of class body_class,
 * or none if NULL).  xhtml_page_end()
 * closes what xhtml_page_start() opened. */
void xhtml_page_start(struct xmlw *x, const char *lang, const char *title,
                      const char *css_href, const char *body_class);
void xhtml_page_end(struct xmlw *x);

#endif
