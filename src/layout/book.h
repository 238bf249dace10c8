/*
 * book.h - how an edition is dressed, private to src/layout/: book.c lays
 * any edition out in its dress; handout.c makes a handout's dress.
 */
#ifndef OCTAVO_LAYOUT_BOOK_H
#define OCTAVO_LAYOUT_BOOK_H

#include <stdbool.h>

#include "print.h"

struct measure;
struct layout;

struct print_dress {
	bool front_matter;      /* title page, colophon and contents */
	const char *title;      /* the PDF's title; NULL: the book's */
	const char *head;       /* one running head on every page; NULL: the
	                           book's and chapters' titles */
	const char *head_short; /* the head where head does not fit, or NULL */
	bool folio_of_total;    /* folios read "page N of M" */
	bool booklet;           /* pages padded to a multiple of 4 */
	/* Nothing of the edition is drawn, only print_pages() read (an EPUB
	 * without the PDF): no front matter, no running heads or folios,
	 * and the lines of text kept without their pango layouts. */
	bool pages_only;
	/* The body's text layouts of chapter number stream and later (0:
	 * none) made a chapter at a time while the pages are drawn
	 * (print_iter_next()), not kept for the book; the chapters before it
	 * keep those of their measure until their pages are drawn. */
	unsigned stream;
	/* Called after the chapters are measured (each time they are):
	 * appends boxes (width: the text area's) to lay.  NULL: nothing. */
	void (*closing)(struct measure *m, struct layout *lay, int width,
	                void *data);
	void *data;
};

/* doc laid out in dress (which need not outlive the call).  Returns NULL
 * after a diagnostic. */
struct print *print_lay_out_dressed(const struct doc *doc,
                                    const struct theme *theme,
                                    const struct opts *opts,
                                    const struct print_dress *dress);

#endif
