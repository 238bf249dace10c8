/*
 * render.h - the renderers (src/render/).  Each renders the whole book into
 * memory; build.c writes the bytes to disk atomically.  Renderers only
 * read: the tree (const) and the print edition build.c laid out; they
 * never lay out, never run a pass and never call one another.  They report
 * problems through diag and return false on failure.
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

struct print;

/* Each renders doc to out from pr, its print edition (print.h) laid out
 * for this doc and theme: the EPUB takes from it where each printed page
 * begins, the PDF draws it (the book's or a handout's). */
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
