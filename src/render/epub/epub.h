/*
 * epub.h - the parts of the EPUB output, private to src/render/epub/.  epub.c
 * (the package: OPF, NCX, container, ZIP) calls them; each returns its file
 * in memory, in a buffer the caller owns, and reports problems through diag.
 *
 * The files sit in the package as:
 *   OEBPS/package.opf  OEBPS/toc.ncx  OEBPS/nav.xhtml  OEBPS/cover.xhtml
 *   OEBPS/titlepage.xhtml  OEBPS/contents.xhtml  OEBPS/text/STEM.xhtml
 * OEBPS/css/book.css OEBPS/cover.jpg (or .png)  OEBPS/images/NAME (the
 *   chapters' images)
 *   OEBPS/fonts/NAME (font subsets and their licences, embed.c)
 */
#ifndef OCTAVO_OUT_EPUB_H
#define OCTAVO_OUT_EPUB_H

#include <glib.h>
#include <stdbool.h>

#include "doc.h"
#include "opts.h"
#include "theme.h"
#include "xhtml.h"

/* The package's folders and style sheet, relative to OEBPS/ (where the
 * OPF, the navigation and the other pages sit); EPUB_ROOT is OEBPS/ in
 * the ZIP. */
#define EPUB_ROOT   "OEBPS/"
#define EPUB_TEXT   "text/"   /* the chapters: xhtml_chapter_file() */
#define EPUB_IMAGES "images/" /* the chapters' images: xhtml_images() */
#define EPUB_FONTS  "fonts/"  /* font subsets and licences: embed.c */
#define EPUB_CSS    "css/book.css"

/* Where the chapters (in EPUB_TEXT) find the style sheet and images. */
extern const struct xhtml_paths epub_chapter_paths;

/* cover.c: the cover image (JPEG) from the title, subtitle, edition and
 * authors, drawn with the fonts of opts->fonts_dir only. */
enum { COVER_WIDTH = 1600, COVER_HEIGHT = 2560 };
bool cover_render(const struct doc *doc, const struct theme *theme,
                  const struct opts *opts, GByteArray *out);

/* embed.c: the fonts the EPUB carries (theme->embed_fonts): subsets of
 * the faces the style sheet names, each with its licence file. */
struct embed_face {
	char *family;
	bool bold, italic;
	bool otf;      /* PostScript outlines: font/otf, else font/ttf */
	char *name;    /* its file in OEBPS/fonts/ */
	char *licence; /* the name of its licence in OEBPS/fonts/ */
	GBytes *data;
};
struct embed_licence {
	char *name; /* in OEBPS/fonts/ */
	GBytes *data;
};
struct embed {
	GPtrArray *faces;    /* struct embed_face *, in the sheet's order */
	GPtrArray *licences; /* struct embed_licence * */
};
/* The fonts for doc in theme t (none unless t->embed_fonts), from
 * opts->fonts_dir.  The caller owns the result (embed_free); NULL after a
 * diagnostic. */
struct embed *embed_fonts(const struct doc *doc, const struct theme *t,
                          const struct opts *opts);
/* NULL does nothing. */
void embed_free(struct embed *e);

/* pages.c: the cover page (showing the cover image) and the title page
 * with the colophon.  The cover image's file in OEBPS/ is cover.jpg
 * (drawn by cover.c, or the book's own JPEG) or cover.png (its own PNG);
 * pages_cover_file() names it and sets *media_type. */
const char *pages_cover_file(const struct doc *doc, const char **media_type);
bool pages_cover(const struct doc *doc, GByteArray *out);
bool pages_title(const struct doc *doc, GByteArray *out);

/* nav.c: the navigation document (table of contents: chapters and their
 * level-2 headings; the page list: the page markers xh has put in the
 * chapters, so render it after them; landmarks) and the same contents as
 * an NCX for older readers. */
struct xhtml;
bool nav_render(const struct doc *doc, const struct xhtml *xh, GByteArray *out);
bool ncx_render(const struct doc *doc, const struct xhtml *xh, GByteArray *out);
/* The contents again, as the page the reader meets after the title page
 * (the navigation document stays out of the reading order). */
bool nav_contents_render(const struct doc *doc, const struct xhtml *xh,
                         GByteArray *out);

/* epub.c: the book's urn:uuid (doc->meta.uuid, or doc_meta_uuid() when
 * the meta pass has not run).  Caller frees. */
char *epub_uuid(const struct doc *doc);

#endif
