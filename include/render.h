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

bool epub_render(const struct doc *doc, const struct theme *theme,
                 const struct opts *opts, GByteArray *out);
bool pdf_render(const struct doc *doc, const struct theme *theme,
                const struct opts *opts, GByteArray *out);

/* Stable indented text of the tree, for tests and --dump.
 * Appends to a GString (void * to keep glib.h out of this header). */
void dump_render(const struct doc_node *root, void *gstring);

#endif
