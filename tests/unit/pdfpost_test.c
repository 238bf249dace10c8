/*
 * pdfpost_test.c - the last step of the print PDF on a tiny tagged PDF
 * drawn with cairo and a book tree built by hand: read back with qpdf,
 * the catalog has /Lang, /MarkInfo, /ViewerPreferences and XMP, the
 * Figure the image's alt text and a /BBox, the running head is an
 * /Artifact in the content and out of the structure tree, and two runs
 * give the same bytes; a log of tags that does not match the tree, or
 * bytes that are no PDF, fail with a message.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>

#include "pdfpost.h"
#include "diag.h"
#include "doc.h"
#include "t.h"

static cairo_status_t append(void *closure, const unsigned char *data,
                             unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* A page with a paragraph and a figure (a red square), tagged as draw.c
 * tags them. */
static GByteArray *tiny_pdf(void)
{
	GByteArray *pdf = g_byte_array_new();
	cairo_surface_t *s =
	    cairo_pdf_surface_create_for_stream(append, pdf, 200, 200);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Tiny");
	/* a fixed date: cairo's default is the clock's, and two files made
	 * a second apart (slow under valgrind) would differ */
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
	                               "2026-01-01T00:00:00Z");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE,
	                               "2026-01-01T00:00:00Z");
	cairo_t *cr = cairo_create(s);
	cairo_tag_begin(cr, "Document", NULL);
	cairo_tag_begin(cr, PDF_TAG_ARTIFACT, NULL);
	cairo_move_to(cr, 20, 10);
	cairo_show_text(cr, "Head");
	cairo_tag_end(cr, PDF_TAG_ARTIFACT);
	cairo_tag_begin(cr, "P", NULL);
	cairo_move_to(cr, 20, 20);
	cairo_show_text(cr, "Text");
	cairo_tag_end(cr, "P");
	cairo_tag_begin(cr, "Figure", NULL);
	cairo_set_source_rgb(cr, 1, 0, 0);
	cairo_rectangle(cr, 50, 50, 100, 100);
	cairo_fill(cr);
	cairo_tag_end(cr, "Figure");
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(s);
	T_CHECK(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	return pdf;
}

static struct doc_node *add(struct doc *doc, struct doc_node *parent,
                            enum doc_kind kind)
{
	struct doc_node *n = doc_node_new(doc, kind, NULL);
	doc_node_append(parent, n);
	return n;
}

/* One chapter: a paragraph of text, then a paragraph holding only an
 * image with the alt text "Un carré *rouge*" (and, with inline, an image
 * inside a sentence, which the layout draws as text, not as a figure). */
static struct doc *hand_book(bool figure, bool inline_image)
{
	struct doc *doc = doc_new();
	doc->meta.language = "fr-CA";
	struct doc_node *ch = add(doc, doc->root, DOC_CHAPTER);
	struct doc_node *p = add(doc, ch, DOC_PARAGRAPH);
	add(doc, p, DOC_TEXT)->u.literal.text = "Text";
	if (inline_image) {
		struct doc_node *img = add(doc, p, DOC_IMAGE);
		img->u.image.path = "/nowhere/small.png";
		img->u.image.width = img->u.image.height = 8;
		add(doc, img, DOC_TEXT)->u.literal.text = "small";
	}
	if (!figure)
		return doc;
	p = add(doc, ch, DOC_PARAGRAPH);
	struct doc_node *img = add(doc, p, DOC_IMAGE);
	img->u.image.path = "/nowhere/red.png";
	img->u.image.width = img->u.image.height = 100;
	add(doc, img, DOC_TEXT)->u.literal.text = "Un carr\xC3\xA9 ";
	struct doc_node *em = add(doc, img, DOC_EMPH);
	add(doc, em, DOC_TEXT)->u.literal.text = "rouge";
	return doc;
}

/* The log draw.c would keep of tiny_pdf()'s tags: the Figure with the
 * image's text and its box, or (not figure) a log without the Figure. */
static struct pdf_tags *drawn_tags(bool figure)
{
	struct pdf_tags *t = pdf_tags_new();
	pdf_tags_add(t, "Document");
	pdf_tags_add(t, PDF_TAG_ARTIFACT)->artifact = PDF_ARTIFACT_HEADER;
	pdf_tags_add(t, "P");
	if (figure) {
		struct pdf_tag *f = pdf_tags_add(t, "Figure");
		f->alt = g_strdup("Un carr\xC3\xA9 rouge");
		f->has_bbox = true;
		f->bbox[0] = 50, f->bbox[1] = 50, f->bbox[2] = 150;
		f->bbox[3] = 150;
	}
	return t;
}

/* The value of key in dictionary dict_key of the catalog, unparsed
 * (PDF syntax), or of the catalog's own key when dict_key is NULL. */
static char *catalog_value(qpdf_data q, const char *dict_key, const char *key)
{
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh d = dict_key ? qpdf_oh_get_key(q, root, dict_key) : root;
	return g_strdup(qpdf_oh_unparse(q, qpdf_oh_get_key(q, d, key)));
}

/* The /Alt of the first Figure under the Document element, as UTF-8. */
static char *figure_alt(qpdf_data q)
{
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	qpdf_oh document = qpdf_oh_get_key(q, tree, "/K");
	if (qpdf_oh_is_array(q, document))
		document = qpdf_oh_get_array_item(q, document, 0);
	qpdf_oh kids = qpdf_oh_get_key(q, document, "/K");
	int n = qpdf_oh_get_array_n_items(q, kids);
	for (int i = 0; i < n; i++) {
		qpdf_oh e = qpdf_oh_get_array_item(q, kids, i);
		if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, e, "/S"),
		                               "/Figure"))
			return g_strdup(qpdf_oh_get_utf8_value(
			    q, qpdf_oh_get_key(q, e, "/Alt")));
	}
	return NULL;
}

/* The Document element's kids. */
static qpdf_oh document_kid_array(qpdf_data q)
{
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	qpdf_oh document = qpdf_oh_get_key(q, tree, "/K");
	if (qpdf_oh_is_array(q, document))
		document = qpdf_oh_get_array_item(q, document, 0);
	return qpdf_oh_get_key(q, document, "/K");
}

/* The unparsed value of key of the first Figure under the Document. */
static char *figure_key(qpdf_data q, const char *key)
{
	qpdf_oh kids = document_kid_array(q);
	int n = qpdf_oh_get_array_n_items(q, kids);
	for (int i = 0; i < n; i++) {
		qpdf_oh e = qpdf_oh_get_array_item(q, kids, i);
		if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, e, "/S"),
		                               "/Figure"))
			return g_strdup(qpdf_oh_unparse_resolved(
			    q, qpdf_oh_get_key(q, e, key)));
	}
	return g_strdup("");
}

/* The types of the Document element's kids, unparsed ("/P /Figure "). */
static char *document_kids(qpdf_data q)
{
	qpdf_oh kids = document_kid_array(q);
	GString *s = g_string_new(NULL);
	int n = qpdf_oh_get_array_n_items(q, kids);
	for (int i = 0; i < n; i++) {
		qpdf_oh e = qpdf_oh_get_array_item(q, kids, i);
		g_string_append_printf(
		    s, "%s ", qpdf_oh_unparse(q, qpdf_oh_get_key(q, e, "/S")));
	}
	return g_string_free(s, FALSE);
}

static void test_finish(void)
{
	struct doc *doc = hand_book(true, true);
	struct pdf_tags *alts = drawn_tags(true);
	GByteArray *pdf = tiny_pdf();
	GBytes *cairo = g_bytes_new(pdf->data, pdf->len);
	T_CHECK(pdfpost_finish(pdf, doc, alts, NULL));
	pdf_tags_free(alts);
	/* written again from cairo's bytes: its header first, one
	 * cross-reference table, no update appended */
	T_CHECK(!memcmp(pdf->data, g_bytes_get_data(cairo, NULL), 8));
	g_bytes_unref(cairo);
	GString *all = g_string_new_len((const char *)pdf->data, pdf->len);
	T_CHECK(!strstr(all->str, "/Prev") &&
	        strstr(all->str, "startxref") ==
	            g_strrstr(all->str, "startxref"));
	g_string_free(all, TRUE);
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_read_memory(q, "test.pdf", (const char *)pdf->data, pdf->len,
	                 NULL);
	T_CHECK(!qpdf_has_error(q));
	char *v = catalog_value(q, NULL, "/Lang");
	T_STREQ(v, "(fr-CA)");
	g_free(v);
	v = catalog_value(q, "/MarkInfo", "/Marked");
	T_STREQ(v, "true");
	g_free(v);
	v = catalog_value(q, "/ViewerPreferences", "/DisplayDocTitle");
	T_STREQ(v, "true");
	g_free(v);
	v = figure_alt(q);
	T_STREQ(v, "Un carr\xC3\xA9 rouge");
	g_free(v);
	v = figure_key(q, "/A");
	T_CHECK(strstr(v, "/BBox [ 50 50 150 150 ]") && strstr(v, "/Layout"));
	g_free(v);
	/* the head: an /Artifact in the content, no element in the tree */
	unsigned char *content = NULL;
	size_t len = 0;
	qpdf_oh page = qpdf_get_page_n(q, 0);
	T_CHECK(qpdf_oh_get_page_content_data(q, page, &content, &len) == 0);
	GString *c = g_string_new_len((const char *)content, (gssize)len);
	free(content);
	T_CHECK(strstr(c->str, "/Artifact << /Type /Pagination /Subtype "
	                       "/Header >> BDC") != NULL);
	T_CHECK(strstr(c->str, "/" PDF_TAG_ARTIFACT) == NULL);
	g_string_free(c, TRUE);
	v = document_kids(q);
	T_CHECK(!strstr(v, PDF_TAG_ARTIFACT) && strstr(v, "/P ") &&
	        strstr(v, "/Figure"));
	g_free(v);
	/* XMP: the title, the language, and the PDF/UA identification */
	qpdf_oh meta = qpdf_oh_get_key(q, qpdf_get_root(q), "/Metadata");
	unsigned char *xmp = NULL;
	T_CHECK(qpdf_oh_get_stream_data(q, meta, qpdf_dl_none, NULL, &xmp,
	                                &len) == 0);
	GString *x = g_string_new_len((const char *)xmp, (gssize)len);
	free(xmp);
	T_CHECK(strstr(x->str, "<rdf:li xml:lang=\"x-default\">Tiny</rdf:li>"));
	T_CHECK(strstr(x->str, "<rdf:li>fr-CA</rdf:li>"));
	T_CHECK(strstr(x->str, "<pdfuaid:part>1</pdfuaid:part>"));
	g_string_free(x, TRUE);
	qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
	T_STREQ(qpdf_oh_unparse(q, qpdf_oh_get_key(q, info, "/Title")),
	        "(Tiny)");
	T_CHECK(!qpdf_has_error(q));
	/* the whole file, both cross-reference sections, checks clean */
	T_CHECK(qpdf_check_pdf(q) == 0);
	qpdf_cleanup(&q);
	g_byte_array_unref(pdf);
	doc_free(doc);
}

static void test_same_bytes(void)
{
	struct doc *doc = hand_book(true, false);
	struct pdf_tags *alts = drawn_tags(true);
	GByteArray *a = tiny_pdf(), *b = tiny_pdf();
	T_CHECK(a->len == b->len && !memcmp(a->data, b->data, a->len));
	T_CHECK(pdfpost_finish(a, doc, alts, NULL) &&
	        pdfpost_finish(b, doc, alts, NULL));
	pdf_tags_free(alts);
	T_CHECK(a->len == b->len && !memcmp(a->data, b->data, a->len));
	/* a deterministic /ID (a hash of the content), not qpdf's
	 * test-suite constant */
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_read_memory(q, "a.pdf", (const char *)a->data, a->len, NULL);
	char *id = g_strdup(
	    qpdf_oh_unparse(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/ID")));
	T_CHECK(g_str_has_prefix(id, "[ <") && strlen(id) > 40);
	T_CHECK(!strstr(id, "31415926535897932384626433832795"));
	g_free(id);
	T_CHECK(!qpdf_has_error(q));
	qpdf_cleanup(&q);
	g_byte_array_unref(a);
	g_byte_array_unref(b);
	doc_free(doc);
}

/* The Figure has no image in the tree: not finished, a message, and the
 * bytes as they were.  Then bytes that are no PDF. */
static void test_errors(void)
{
	FILE *sink = tmpfile();
	FILE *old = diag_set_stream(sink);
	struct doc *doc = hand_book(false, true);
	struct pdf_tags *alts = drawn_tags(false);
	GByteArray *pdf = tiny_pdf();
	GBytes *before = g_bytes_new(pdf->data, pdf->len);
	T_CHECK(!pdfpost_finish(pdf, doc, alts, NULL));
	T_CHECK(g_bytes_get_size(before) == pdf->len &&
	        !memcmp(g_bytes_get_data(before, NULL), pdf->data, pdf->len));
	g_byte_array_set_size(pdf, 0);
	g_byte_array_append(pdf, (const guint8 *)"not a PDF", 9);
	T_CHECK(!pdfpost_finish(pdf, doc, alts, NULL));
	T_CHECK(diag_worst() == DIAG_SYS && diag_count(DIAG_SYS) == 2);
	rewind(sink);
	char line[512] = "";
	T_CHECK(fgets(line, sizeof line, sink) != NULL);
	T_CHECK(strstr(line, "cannot finish the PDF: structure element 4 is "
	                     "/Figure, but nothing was drawn") != NULL);
	T_CHECK(fgets(line, sizeof line, sink) != NULL);
	T_CHECK(strstr(line, "cannot finish the PDF: ") != NULL);
	diag_set_stream(old);
	diag_reset();
	fclose(sink);
	g_bytes_unref(before);
	g_byte_array_unref(pdf);
	pdf_tags_free(alts);
	doc_free(doc);
}

int main(void)
{
	T_RUN(test_finish);
	T_RUN(test_same_bytes);
	T_RUN(test_errors);
	return t_failed ? 1 : 0;
}
