/*
 * print.h - the print edition (src/layout/book.c, handout.c): the book
 * measured, paginated and furnished as it is printed, nothing drawn.
 *
 * A build lays each edition out once (build.c) and hands it, read-only,
 * to every renderer that needs it: the PDF draws it, the EPUB marks where
 * each of its pages begins.  The book's edition has front matter (title
 * page, colophon, contents; roman folios), running heads from the
 * chapters and plain folios; a handout's has no front matter, one running
 * head on every page, "page N of M", a closing box with the digital
 * edition's address as text and as a QR code, and optionally its pages
 * imposed as a saddle-stitched booklet.
 *
 * Ownership: the caller owns a struct print (print_free()); it points
 * into the doc and the theme it was laid out from, which must outlive it.
 */
#ifndef OCTAVO_PRINT_H
#define OCTAVO_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "opts.h"
#include "theme.h"

struct layout;
struct layout_cover;
struct page_list;
struct print_own;

/* The destination of the contents page (the PDF's outline links it). */
#define PRINT_CONTENTS_DEST "octavo-contents"

/* Where a printed page begins in the tree: before node, or, when node is
 * a TEXT, CODE or CODE_BLOCK and offset is not 0, at byte offset of its
 * text (always at the start of a word).  A DOC_CHAPTER node: at the start
 * of the chapter (one with nothing printable); a DOC_TABLE_ROW: at the
 * start of that row. */
struct print_page {
	const char *label; /* the folio printed on the page: "12" */
	const struct doc_node *node;
	size_t offset;
};

/* One edition laid out.  Renderers read the fields above own. */
struct print {
	const struct doc *doc;
	const struct theme *theme;
	const char *title; /* the PDF's title */
	/* The body's pages imposed two-up on sheets twice the theme's page
	 * size (landscape), in saddle-stitch order; their number is a
	 * multiple of 4 (print_booklet_page()). */
	bool booklet;
	/* the PDF's first page: the book's own cover (book.yaml's
	 * cover-in-pdf), or NULL */
	struct layout_cover *cover;
	struct layout *front; /* the front matter, or NULL */
	struct page_list *front_pages;
	struct layout *body; /* the chapters (and a handout's closing box) */
	struct page_list *body_pages;
	struct print_own *own; /* the layout's own state */
};

/* The book's edition of doc with theme's page and the fonts of
 * opts->fonts_dir, measured on opts->threads threads.  When opts->formats
 * has no OPT_PDF only print_pages() may be read of it (the EPUB's page
 * list): it has no front matter, furniture or pango layouts.  Returns NULL
 * after a diagnostic. */
struct print *print_lay_out(const struct doc *doc, const struct theme *theme,
                            const struct opts *opts);
/* A handout's edition of doc (its chapters chosen by pass_select()),
 * imposed as a booklet under opts->booklet.  Needs the manifest's url (an
 * error at the manifest otherwise). */
struct print *print_lay_out_handout(const struct doc *doc,
                                    const struct theme *theme,
                                    const struct opts *opts);
/* NULL does nothing. */
void print_free(struct print *pr);

/* The book's printed chapter pages that show something (no blank pages,
 * no front matter), in order; *n gets their number.  Owned by pr.  A
 * handout's edition has none. */
const struct print_page *print_pages(const struct print *pr, size_t *n);
/* The pages of one part of an edition (its front matter, or its body),
 * read in order as a renderer draws them:
 *
 *     struct print_iter it;
 *     print_iter_init(&it, pr, front);
 *     while (print_iter_next(&it))
 *             draw it.page, labelled it.label, on a recto if it.recto;
 *     ok = !print_iter_failed(&it);
 *
 * The layout makes each page ready before it gives it: the book's edition
 * keeps the pango layouts of its text for the chapters of the page being
 * drawn only, measures a chapter again when its first page comes (pages
 * read in order make each chapter once) and lets go of them after the
 * last page.  A book of more than 256 KB of text streams so from the
 * chapter that ends past its first 256 KB, the chapters before keeping
 * the layouts of their measure until their pages are drawn;
 * OCTAVO_STREAM=on, off or a number of bytes says otherwise (the same
 * bytes: the tests compare).  The fields above "the layout's" are the
 * renderer's to read. */
struct print_iter {
	const struct page *page; /* the page to draw */
	char label[32];          /* its folio as printed: "xiv", "12" */
	bool recto;              /* a right-hand page (an odd folio) */
	/* the layout's */
	const struct print *pr;
	bool front;
	size_t next;
	bool failed;
};
void print_iter_init(struct print_iter *it, const struct print *pr, bool front);
/* Gives the next page, ready to draw: true; false after the last or
 * after a diagnostic (print_iter_failed()). */
bool print_iter_next(struct print_iter *it);
bool print_iter_failed(const struct print_iter *it);
/* The label of page number folio as printed: roman ("xiv") in the front
 * matter, arabic in the body.  The caller owns it (g_free). */
char *print_label(unsigned folio, bool front);
/* The page of a booklet of n pages (n a multiple of 4) shown on side
 * (0-based, two per sheet: front, back) at slot 0 (left) or 1 (right):
 * 1-based, as saddle stitching orders them. */
unsigned print_booklet_page(unsigned n, unsigned side, unsigned slot);

/* A handout's page: a booklet's page is half of the sheet asked for
 * (--paper, A4 by default), its margins shrunk with it; --grayscale turns
 * colours and pictures to grays. */
void print_handout_theme(struct theme *t, const struct opts *o);

#endif
