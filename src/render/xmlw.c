/* xmlw.c - checked helpers around libxml2's xmlTextWriter. */
#include "xmlw.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
#include <stdarg.h>

#include "diag.h"
#include "util.h"

struct xmlw {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	bool failed;
};

#define X(s) ((const xmlChar *)(s))

/* Turns a libxml2 status into a diagnostic, once per document. */
static void check(struct xmlw *x, int rc, const char *what)
{
	if (rc >= 0 || x->failed)
		return;
	const xmlError *e = xmlGetLastError();
	x->failed = true;
	diag_path(NULL, LIBXML2_WRITE, what,
	          e && e->message ? e->message : "writer error");
}

struct xmlw *xmlw_new(void)
{
	struct xmlw *x = xcalloc(1, sizeof *x);
	x->buf = xmlBufferCreate();
	x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
	if (!x->w) {
		check(x, -1, "a new document");
		return x;
	}
	check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL),
	      "the XML declaration");
	return x;
}

void xmlw_free(struct xmlw *x)
{
	if (!x)
		return;
	if (x->w)
		xmlFreeTextWriter(x->w);
	if (x->buf)
		xmlBufferFree(x->buf);
	free(x);
}

bool xmlw_finish(struct xmlw *x, GByteArray *out)
{
	bool ok;

	if (!x->failed) {
		check(x, xmlTextWriterEndDocument(x->w),
		      "the end of a document");
		check(x, xmlTextWriterFlush(x->w), "a document");
	}
	ok = !x->failed;
	if (ok)
		g_byte_array_append(out, xmlBufferContent(x->buf),
		                    (guint)xmlBufferLength(x->buf));
	xmlw_free(x);
	return ok;
}

void xmlw_doctype(struct xmlw *x, const char *name)
{
	if (x->failed)
		return;
	check(x, xmlTextWriterWriteDTD(x->w, X(name), NULL, NULL, NULL),
	      "a DOCTYPE");
	xmlw_nl(x);
}

void xmlw_start(struct xmlw *x, const char *name)
{
	if (!x->failed)
		check(x, xmlTextWriterStartElement(x->w, X(name)), name);
}

void xmlw_end(struct xmlw *x)
{
	if (!x->failed)
		check(x, xmlTextWriterFullEndElement(x->w), "an end tag");
}

void xmlw_end_empty(struct xmlw *x)
{
	if (!x->failed)
		check(x, xmlTextWriterEndElement(x->w), "an end tag");
}

void xmlw_end_block(struct xmlw *x)
{
	xmlw_end(x);
	xmlw_nl(x);
}

void xmlw_end_empty_block(struct xmlw *x)
{
	xmlw_end_empty(x);
	xmlw_nl(x);
}

void xmlw_attr(struct xmlw *x, const char *name, const char *value)
{
	if (!x->failed && value)
		check(x, xmlTextWriterWriteAttribute(x->w, X(name), X(value)),
		      name);
}

void xmlw_attrf(struct xmlw *x, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *value = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	xmlw_attr(x, name, value);
	g_free(value);
}

void xmlw_text(struct xmlw *x, const char *text)
{
	if (!x->failed && text)
		check(x, xmlTextWriterWriteString(x->w, X(text)), "text");
}

void xmlw_textf(struct xmlw *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	xmlw_text(x, text);
	g_free(text);
}

void xmlw_nl(struct xmlw *x)
{
	xmlw_text(x, "\n");
}

void xmlw_elem(struct xmlw *x, const char *name, const char *text)
{
	xmlw_start(x, name);
	xmlw_text(x, text);
	xmlw_end(x);
}
