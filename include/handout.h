/*
 * handout.h - `octavo handout`: a PDF of some chapters of the book for
 * clinic waiting rooms, in a clear-print theme.  Each page is headed with
 * the book's title, edition and date and footed with "page N of M"; the
 * last page ends with a box that says where the full book is, with a QR
 * code of the manifest's url drawn as vectors (libqrencode's matrix).
 * Optionally imposed as a saddle-stitched booklet, or in grays.
 *
 * main.c reads the manifest, calls handout_select() before the chapters
 * are read, so every pass (notes, citations, links) runs on the chosen
 * chapters only, then handout_theme() and handout_render().
 */
#ifndef OCTAVO_HANDOUT_H
#define OCTAVO_HANDOUT_H

#include <stdbool.h>

#include "doc.h"
#include "opts.h"
#include "theme.h"

typedef struct _GByteArray GByteArray;

/* Keeps the chapters named in list ("08-safe-use,ch-07-withdrawal": file
 * stems or chapter ids, comma-separated) in the book's order, takes the
 * others out of the tree and records them in doc->meta.left_out.  Returns
 * NULL, or a usage message naming the known chapters that the caller
 * owns (g_free). */
char *handout_select(struct doc *doc, const char *list);
/* The handout's page: the booklet's page is half of the sheet asked for
 * (--paper, A4 by default); --grayscale turns colours and pictures to grays. */
void handout_theme(struct theme *t, const struct opts *o);
/* The output's base name: SLUG-VERSION-CHAPTERS-PAPER (or -booklet),
 * with -large-print (another theme) and -gray when asked.  The caller
 * owns it (g_free). */
char *handout_name(const struct doc *doc, const struct theme *t,
                   const struct opts *o);
/* The handout PDF into out.  Needs the manifest's url (an error at the
 * manifest otherwise). */
bool handout_render(const struct doc *doc, const struct theme *theme,
                    const struct opts *opts, GByteArray *out);

#endif
