/*
 * xmlw.h - writing XML documents with libxml2's xmlTextWriter, for every
 * XML output (XHTML chapters, the EPUB package files).  No output pastes
 * XML together from strings: names, attributes and text all go through the
 * writer, which escapes them.
 *
 * A struct xmlw owns its libxml2 writer and buffer.  Every call checks the
 * writer's status; the first failure becomes one diagnostic (LIBXML2_WRITE,
 * with libxml2's reason) and later calls do nothing, so callers can write a
 * whole document and look at the result once, in xmlw_finish().
 *
 * The writer does not indent (indenting mixed content would change the
 * text); callers put a newline after block elements with xmlw_nl().
 */
#ifndef OCTAVO_XMLW_H
#define OCTAVO_XMLW_H

#include <glib.h>
#include <stdbool.h>

struct xmlw;

/* Starts a document (XML declaration, UTF-8) that the caller owns:
 * release it with xmlw_finish() or xmlw_free(). */
struct xmlw *xmlw_new(void);
/* Ends the document and appends its bytes to out.  Frees x.  Returns false
 * (after the diagnostic) if any call on x failed; out is then unchanged. */
bool xmlw_finish(struct xmlw *x, GByteArray *out);
/* Frees x without output; NULL does nothing. */
void xmlw_free(struct xmlw *x);

/* <!DOCTYPE name> */
void xmlw_doctype(struct xmlw *x, const char *name);
/* <name, with an optional namespace prefix ("dc", "dc:title" both work
 * through the qualified name). */
void xmlw_start(struct xmlw *x, const char *name);
/* Closes the innermost open element (<a></a> when it had no content:
 * XHTML readers choke on <a/>, <p/>). */
void xmlw_end(struct xmlw *x);
/* Closes the innermost open element as <name/> (for void elements). */
void xmlw_end_empty(struct xmlw *x);
/* The same, then a newline: the end of a block. */
void xmlw_end_block(struct xmlw *x);
void xmlw_end_empty_block(struct xmlw *x);
/* An attribute of the element just started; NULL value writes nothing. */
void xmlw_attr(struct xmlw *x, const char *name, const char *value);
void xmlw_attrf(struct xmlw *x, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Escaped text (NULL writes nothing). */
void xmlw_text(struct xmlw *x, const char *text);
void xmlw_textf(struct xmlw *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A newline between elements, to keep the output readable and diffable. */
void xmlw_nl(struct xmlw *x);
/* <name>text</name> */
void xmlw_elem(struct xmlw *x, const char *name, const char *text);

#endif
