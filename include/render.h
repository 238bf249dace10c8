/*
 * render.h - the outputs.  Each renders the whole book into memory; main.c
 * writes the bytes to disk atomically.  Outputs read the tree (const) and
 * never ask another output for anything.  They report problems through diag
 * and return false on failure.
 *
 * out is a GByteArray (glib) that the caller owns; renderers append to it.
 */
#ifndef OCTAVO_RENDER_H
#define OCTAVO_RENDER_H

#include <stdbool.h>

#include "doc.h"
#include "opts.h"
#include "theme.h"

typedef struct _GByteArray GByteArray;

/* The print edition laid out (pdf.c): the book measured and paginated as
 * the PDF prints it, nothing drawn.  A build lays it out once; the PDF
 * draws it and the EPUB marks where each of its pages begins. */
struct print;

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

/* Lays the print edition of doc out with theme's page and the fonts of
 * opts->fonts_dir.  Returns NULL after a diagnostic; the caller owns the
 * result (print_free()), which points into doc and theme. */
struct print *print_lay_out(const struct doc *doc, const struct theme *theme,
                            const struct opts *opts);
/* NULL does nothing. */
void print_free(struct print *pr);
/* The chapters' printed pages that show something (no blank pages, no
 * front matter), in order; *n gets their number.  Owned by pr. */
const struct print_page *print_pages(const struct print *pr, size_t *n);

/* Each renders doc to out, from the print edition pr (laid out for this
 * doc and theme) or, when pr is NULL, from one it lays out itself. */
bool epub_render(const struct doc *doc, const struct theme *theme,
                 const struct opts *opts, const struct print *pr,
                 GByteArray *out);
bool pdf_render(const struct doc *doc, const struct theme *theme,
                const struct opts *opts, const struct print *pr,
                GByteArray *out);

/* Stable indented text of the tree, for tests and --dump.
 * Appends to a GString (void * to keep glib.h out of this header). */
void dump_render(const struct doc_node *root, void *gstring);

#endif
