/*
 * pdfpost.h - the last step of the print PDF: what cairo 1.16 cannot
 * write, added with qpdf once cairo has finished the file in memory.
 *
 * cairo 1.16 has no call for the document language (/Lang in the
 * catalog) nor for the /Alt text of a Figure structure element, so
 * pdfpost_finish reads cairo's bytes with qpdf, sets /Lang, the alt text
 * of each Figure (as draw.c collected them), /MarkInfo and
 * /ViewerPreferences, and appends the changed objects to cairo's bytes as
 * an incremental update, deterministically (same input, same bytes; the
 * /ID is a hash of the content).
 *
 * Ownership: the caller keeps pdf; its bytes are replaced in place.
 * Nothing else is kept.
 */
#ifndef OCTAVO_OUT_PDFPOST_H
#define OCTAVO_OUT_PDFPOST_H

#include <glib.h>
#include <stdbool.h>

#include "doc.h"

/* Completes the PDF in pdf (as cairo wrote it for doc) with /Lang, the
 * Figures' /Alt, /MarkInfo and /ViewerPreferences.  The n-th Figure of
 * the structure tree gets alts' n-th string: the alt texts of the images
 * drawn as figures, in the order they were drawn
 * (layout_draw_collect_figures()).  pdf's bytes are kept and the update
 * appended to them.  On failure reports through diag_sys, leaves pdf as it was
 * and returns false. */
bool pdfpost_finish(GByteArray *pdf, const struct doc *doc,
                    const GPtrArray *alts);

#endif
