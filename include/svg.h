/*
 * svg.h - SVG images: read with libxml2 (never from the network, no DTD
 * or external entity loaded), made safe to carry, measured and drawn as
 * vectors with librsvg.
 *
 * What an SVG in a book may not carry is left out of both outputs, and
 * each thing left out is reported: scripts (<script>, on... event
 * attributes, javascript: addresses) and references to other files (an
 * href other than "#id" or data:, except a link's http, https or mailto
 * address; a CSS url() or @import of a file), which would read files from
 * outside the book in the PDF and point at nothing in the EPUB.  librsvg
 * then reads the safe bytes with no base file, so it can follow no
 * reference either.
 *
 * Ownership: every GBytes returned is a reference the caller owns
 * (g_bytes_unref); every *why a string the caller frees (g_free).
 */
#ifndef OCTAVO_SVG_H
#define OCTAVO_SVG_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* Whether data begins like an SVG file: optional BOM, XML declaration,
 * comments and DOCTYPE, then an <svg element. */
bool svg_sniff(const void *data, size_t len);

/* Told about each thing left out: the SVG's line, what went ("<script>",
 * "the attribute onclick", "a reference to 'x.png'") and why. */
typedef void (*svg_report_fn)(void *data, unsigned line, const char *what,
                              const char *why);

/* The SVG made safe: a new reference to data itself when nothing had to
 * go, else the document written again without what went (and without
 * its DOCTYPE, whose entities are put in place), each thing passed to
 * report (when not NULL).  Without links, the addresses of its <a>
 * elements go too, silently (the PDF draws an SVG as a figure, whose
 * text librsvg would make links).  NULL when data is not a well-formed
 * SVG document or declares an entity from another file: *why says where
 * and why. */
GBytes *svg_safe(GBytes *data, bool links, svg_report_fn report, void *rdata,
                 char **why);

/* The size of a safe SVG in CSS pixels (96 a inch): its width and height
 * in absolute units, else its viewBox's.  False when librsvg cannot read
 * it or it has no size (*why says which). */
bool svg_size(GBytes *safe, double *width, double *height, char **why);

/* Draws a safe SVG as vectors into the rectangle x, y, w, h of cr's user
 * space.  False with *why when librsvg cannot. */
bool svg_draw(cairo_t *cr, GBytes *safe, double x, double y, double w, double h,
              char **why);

#endif
