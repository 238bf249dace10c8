/*
 * pdftags.h - what the painter (layout/draw.c) tells the PDF's last step
 * (render/pdf/pdfpost.c) about the structure elements it opens: the
 * attributes cairo 1.16 cannot write (/Alt, /BBox, /Scope, /ID, /Lang,
 * a link annotation's /Contents) and which elements are artifacts.
 *
 * cairo builds the structure tree from cairo_tag_begin() calls: each
 * structure tag (links included) becomes one element, appended to the
 * element open at the time.  So the tree read depth first lists the
 * elements in the order their tags were begun, and the n-th entry of a
 * pdf_tags log belongs to the n-th element of the tree.  pdfpost checks
 * every element's type against its entry and does not finish a PDF
 * whose tree and log disagree.
 *
 * Artifacts: cairo 1.16 accepts only the standard structure types as tag
 * names, so an artifact (running head, folio, rule, leader, frame) is
 * drawn inside the tag PDF_TAG_ARTIFACT, a type octavo never uses for
 * content; pdfpost takes those elements out of the tree and turns their
 * marked content into /Artifact with its /Type and /Subtype.
 *
 * To tag something new: begin it with pdf_tags_begin() (in draw.c, the
 * static begin()), then set the fields of the entry it returns before
 * the next begin; pdfpost writes them.  Content drawn inside an element
 * after a child element has ended is not marked by cairo 1.16: draw an
 * element's own content before its children, or in a child of its own
 * (a Span).
 *
 * Ownership: a pdf_tags owns its entries' strings (pdf_tags_free()).
 */
#ifndef OCTAVO_PDFTAGS_H
#define OCTAVO_PDFTAGS_H

#include <glib.h>
#include <stdbool.h>

#include "doc.h"

#define PDF_TAG_ARTIFACT "Private"

enum pdf_artifact {
	PDF_REAL,              /* tagged content */
	PDF_ARTIFACT_HEADER,   /* /Pagination /Header: running head */
	PDF_ARTIFACT_FOOTER,   /* /Pagination /Footer: folio */
	PDF_ARTIFACT_LAYOUT,   /* /Layout: rules, leaders, frames */
	PDF_ARTIFACT_DECORATE, /* no type: a picture the text also says */
	PDF_ARTIFACT_PAGE,     /* /Page: printer's marks (crop marks) */
};

struct pdf_tag {
	const char *name; /* the structure type begun (static) */
	enum pdf_artifact artifact;
	char *alt;         /* Figure: /Alt */
	char *lang;        /* /Lang, when not the document's */
	char *id;          /* /ID (notes), unique in the document */
	char *contents;    /* Link: its annotation's /Contents */
	char *actual;      /* /ActualText: what the content says, when a
	                      reader would not find it there (a space) */
	const char *scope; /* TH: "Column" or "Row" */
	bool has_bbox;     /* Figure: bbox is set */
	double bbox[4];    /* PDF user space: x0 y0 x1 y1, y up */
};

struct pdf_tags {
	GArray *tags;                 /* struct pdf_tag, in the order begun */
	struct doc_headings headings; /* open, as drawn (doc.h) */
};

/* A new empty log; the caller owns it (pdf_tags_free()). */
struct pdf_tags *pdf_tags_new(void);
/* Appends an entry for a tag of type name (a static string) and
 * returns it, valid until the next call. */
struct pdf_tag *pdf_tags_add(struct pdf_tags *t, const char *name);
/* The heading tag ("H1".."H6") to begin for a heading drawn as name:
 * doc_heading_level()'s (PDF/UA: the first is H1, no level is skipped,
 * and siblings stay siblings), so a book going from # to ### is tagged
 * H1, H2; any other name as it is. */
const char *pdf_tags_heading(struct pdf_tags *t, const char *name);
void pdf_tags_free(struct pdf_tags *t);

#endif
