/*
 * pdf.h - how the print PDF is dressed.  pdf_render() (render.h) makes the
 * book: front matter, running heads from the chapters, plain folios.  A
 * handout (src/render/pdf/handout.c) asks for its own dress: no front matter,
 * one running head on every page, "page N of M", a closing box after the
 * chapters, and optionally the pages imposed as a booklet.
 *
 * The dress and what it points to stay the caller's; pdf_render_dressed()
 * keeps nothing after it returns.
 */
#ifndef OCTAVO_PDF_H
#define OCTAVO_PDF_H

#include <stdbool.h>

#include "doc.h"
#include "opts.h"
#include "theme.h"

typedef struct _GByteArray GByteArray;
struct measure;
struct layout;

struct pdf_dress {
	bool front_matter;      /* title page, colophon and contents */
	const char *title;      /* the PDF's title; NULL: the book's */
	const char *head;       /* one running head on every page; NULL: the
	                           book's and chapters' titles */
	const char *head_short; /* the head where head does not fit, or NULL */
	bool folio_of_total;    /* folios read "page N of M" */
	/* Pages imposed two-up on sheets twice the theme's page size
	 * (landscape), in saddle-stitch order, padded at the end with blank
	 * pages to a multiple of 4. */
	bool booklet;
	/* Called after the chapters are measured: appends boxes (width: the
	 * text area's) to lay.  NULL: nothing. */
	void (*closing)(struct measure *m, struct layout *lay, int width,
	                void *data);
	void *data;
};

/* The print PDF of doc in dress; the book's dress is pdf_render()'s. */
bool pdf_render_dressed(const struct doc *doc, const struct theme *theme,
                        const struct opts *opts, const struct pdf_dress *dress,
                        GByteArray *out);

/* The page of a booklet of n pages (n a multiple of 4) shown on side
 * (0-based, two per sheet: front, back) at slot 0 (left) or 1 (right):
 * 1-based, as saddle stitching orders them. */
unsigned pdf_booklet_page(unsigned n, unsigned side, unsigned slot);

#endif
