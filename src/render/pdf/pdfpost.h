/*
 * pdfpost.h - the last step of the print PDF: what cairo 1.16 cannot
 * write, added with qpdf once cairo has finished the file in memory.
 *
 * cairo 1.16 has no call for the document language (/Lang in the
 * catalog), XMP metadata, artifacts, nor the attributes of structure
 * elements (/Alt, /BBox, /Scope, /ID, /Lang) and the /Contents of link
 * annotations.  pdfpost_finish reads cairo's bytes with qpdf, makes them
 * from what draw.c logged of each tag it opened (pdftags.h), and writes
 * the file again from cairo's bytes with the changed objects in place of
 * cairo's, deterministically (same input, same bytes; the /ID is a hash
 * of the content).
 *
 * Ownership: the caller keeps pdf and tags; pdf's bytes are replaced in
 * place.  Nothing else is kept.
 */
#ifndef OCTAVO_OUT_PDFPOST_H
#define OCTAVO_OUT_PDFPOST_H

#include <glib.h>
#include <stdbool.h>

#include "doc.h"
#include "pdftags.h"

/* The trimmed page and the page with its bleed on every sheet: x0 y0 x1
 * y1 in PDF points from the sheet's lower left corner. */
struct pdfpost_boxes {
	double trim[4], bleed[4];
};

/* Completes the PDF in pdf (as cairo wrote it for doc, drawing the tags
 * logged in tags) with /Lang, /MarkInfo, /ViewerPreferences, XMP, the
 * tags' attributes and artifacts, and /Tabs.  The XMP carries the PDF/UA
 * identification (pdfuaid:part 1) when the book has a title and a
 * language and every Figure an alt text: what octavo then meets of
 * PDF/UA-1 is what tests/pdfua_check.py checks.  On failure reports
 * through diag, leaves pdf as it was and returns false.  With boxes
 * (a page printed with a bleed), every page gets them as its /TrimBox
 * and /BleedBox. */
bool pdfpost_finish(GByteArray *pdf, const struct doc *doc,
                    const struct pdf_tags *tags,
                    const struct pdfpost_boxes *boxes);

#endif
