/*
 * pdfpost.c - what cairo 1.16 cannot write into the print PDF, added with
 * qpdf's C API after cairo has finished the file: the catalog's /Lang,
 * /Alt on every Figure structure element, /MarkInfo and
 * /ViewerPreferences.  They are appended as an incremental update, with a
 * deterministic /ID: cairo's bytes are kept as they are.
 *
 * Figures and alt texts are matched in the order draw.c opened the Figure
 * tags, which is the order of the Figures in the structure tree: page
 * after page as they were drawn (in a booklet, the sheets' order).  When
 * the counts differ the PDF is not finished rather than given wrong alt
 * texts.
 */
#include <qpdf/qpdf-c.h>
#include <string.h>

#include "diag.h"
#include "pdfpost.h"

/* ------------------------------------------------------------- the PDF */

struct post {
	qpdf_data q;
	const GPtrArray *alts; /* char *, one per figure */
	size_t figures;        /* Figure elements seen */
	GArray *changed;       /* int: the numbers of the objects edited */
};

/* Reports qpdf's pending error or warning, if any; true when there was
 * one. */
static bool qpdf_failed(qpdf_data q)
{
	qpdf_error e = qpdf_has_error(q)       ? qpdf_get_error(q)
	               : qpdf_more_warnings(q) ? qpdf_next_warning(q)
	                                       : NULL;
	if (!e)
		return false;
	diag_sys(NULL, "cannot finish the PDF: %s",
	         qpdf_get_error_full_text(q, e));
	return true;
}

/* Notes that the indirect object oh was changed, for the update; false
 * (with a diagnostic) if it is a direct one, which the update could not
 * replace on its own. */
static bool changed(struct post *p, qpdf_oh oh)
{
	qpdf_data q = p->q;
	if (!qpdf_oh_is_indirect(q, oh) || qpdf_oh_get_generation(q, oh)) {
		diag_sys(NULL, "cannot finish the PDF: an object to change "
		               "is not cairo's own numbered object");
		return false;
	}
	int id = qpdf_oh_get_object_id(q, oh);
	for (guint i = 0; i < p->changed->len; i++)
		if (g_array_index(p->changed, int, i) == id)
			return true;
	g_array_append_val(p->changed, id);
	return true;
}

static void set_alt(struct post *p, qpdf_oh elem)
{
	size_t i = p->figures++;
	if (i >= p->alts->len || !*(char *)p->alts->pdata[i] ||
	    !changed(p, elem))
		return;
	qpdf_oh alt = qpdf_oh_new_unicode_string(p->q, p->alts->pdata[i]);
	qpdf_oh_replace_key(p->q, elem, "/Alt", alt);
	qpdf_oh_release(p->q, alt);
}

/* A structure element, an array of them, or a leaf (an MCID, a marked
 * content or object reference): depth first, which is the order draw.c
 * opened the tags in.
 * Only /K is followed, so the walk cannot loop back up through /P. */
static void visit(struct post *p, qpdf_oh k)
{
	qpdf_data q = p->q;
	if (qpdf_oh_is_array(q, k)) {
		int n = qpdf_oh_get_array_n_items(q, k);
		for (int i = 0; i < n; i++) {
			qpdf_oh item = qpdf_oh_get_array_item(q, k, i);
			visit(p, item);
			qpdf_oh_release(q, item);
		}
		return;
	}
	if (!qpdf_oh_is_dictionary(q, k))
		return;
	qpdf_oh s = qpdf_oh_get_key(q, k, "/S");
	if (qpdf_oh_is_name_and_equals(q, s, "/Figure"))
		set_alt(p, k);
	qpdf_oh_release(q, s);
	qpdf_oh kids = qpdf_oh_get_key(q, k, "/K");
	visit(p, kids);
	qpdf_oh_release(q, kids);
}

/* Sets key in the catalog's dictionary dict_key (made if missing) to
 * true; false if that dictionary cannot be changed. */
static bool set_flag(struct post *p, qpdf_oh root, const char *dict_key,
                     const char *key)
{
	qpdf_data q = p->q;
	qpdf_oh d = qpdf_oh_get_key(q, root, dict_key);
	if (!qpdf_oh_is_dictionary(q, d)) {
		qpdf_oh_release(q, d);
		d = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, dict_key, d);
	} else if (qpdf_oh_is_indirect(q, d) && !changed(p, d)) {
		qpdf_oh_release(q, d);
		return false;
	}
	qpdf_oh yes = qpdf_oh_new_bool(q, QPDF_TRUE);
	qpdf_oh_replace_key(q, d, key, yes);
	qpdf_oh_release(q, yes);
	qpdf_oh_release(q, d);
	return true;
}

/* Whether the structure tree may hold a Figure.  Walking it reads it
 * object by object, thousands of them in a long book, to change none
 * when there is no figure; cairo writes no object streams, so a name it
 * wrote is in the bytes as they are. */
static bool has_name(const GByteArray *pdf, const char *name)
{
	size_t n = strlen(name);
	const guint8 *p = pdf->data, *end = pdf->data + pdf->len;
	for (; (p = memchr(p, '/', (size_t)(end - p))); p++)
		if ((size_t)(end - p) >= n && !memcmp(p, name, n))
			return true;
	return false;
}

static bool may_have_figures(const GByteArray *pdf)
{
	return has_name(pdf, "/Figure") || has_name(pdf, "/ObjStm");
}

/* The changes, made in qpdf's copy of the objects. */
static bool edit(struct post *p, const struct doc *doc, bool walk)
{
	qpdf_data q = p->q;
	qpdf_oh root = qpdf_get_root(q);
	bool ok = changed(p, root);
	if (ok && doc->meta.language) {
		qpdf_oh lang =
		    qpdf_oh_new_unicode_string(q, doc->meta.language);
		qpdf_oh_replace_key(q, root, "/Lang", lang);
		qpdf_oh_release(q, lang);
	}
	ok = ok && set_flag(p, root, "/MarkInfo", "/Marked") &&
	     set_flag(p, root, "/ViewerPreferences", "/DisplayDocTitle");
	if (ok && (walk || p->alts->len)) {
		qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
		qpdf_oh kids = qpdf_oh_get_key(q, tree, "/K");
		visit(p, kids);
		qpdf_oh_release(q, kids);
		qpdf_oh_release(q, tree);
	}
	qpdf_oh_release(q, root);
	if (!ok || qpdf_failed(q))
		return false;
	if (p->figures != p->alts->len) {
		diag_sys(NULL,
		         "cannot finish the PDF: %zu figures in its structure "
		         "tree but %u images drawn as figures",
		         p->figures, p->alts->len);
		return false;
	}
	return true;
}

/* ---------------------------------------------- the incremental update */

/* The byte offset after the last "startxref" of pdf, or -1: where the
 * file's last cross-reference section begins, which the update's trailer
 * points back to (/Prev). */
static long last_xref(const GByteArray *pdf)
{
	static const char key[] = "startxref";
	size_t from = pdf->len > 1024 ? pdf->len - 1024 : 0;
	const char *hit = NULL;
	for (size_t i = from; i + sizeof key - 1 <= pdf->len; i++)
		if (!memcmp(pdf->data + i, key, sizeof key - 1))
			hit = (const char *)pdf->data + i;
	if (!hit)
		return -1;
	const char *p = hit + sizeof key - 1;
	const char *end = (const char *)pdf->data + pdf->len;
	long v = -1;
	while (p < end && (*p == ' ' || *p == '\r' || *p == '\n'))
		p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		v = (v < 0 ? 0 : v * 10) + (*p - '0');
	return v >= 0 && (size_t)v < pdf->len ? v : -1;
}

static int by_object_id(gconstpointer a, gconstpointer b)
{
	const int *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

/* The update's /ID: the first element kept from cairo's trailer if it
 * has one, the second a hash of the whole new file but for the /ID
 * itself; with none, both the hash (PDF 32000-1, 14.4). */
static void append_id(qpdf_data q, qpdf_oh trailer, GString *out,
                      const GByteArray *pdf)
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_MD5);
	g_checksum_update(c, pdf->data, pdf->len);
	g_checksum_update(c, (const guchar *)out->str, out->len);
	char *sum = g_strdup(g_checksum_get_string(c));
	g_checksum_free(c);
	qpdf_oh id = qpdf_oh_get_key(q, trailer, "/ID");
	qpdf_oh first =
	    qpdf_oh_is_array(q, id) && qpdf_oh_get_array_n_items(q, id) == 2
	        ? qpdf_oh_get_array_item(q, id, 0)
	        : 0;
	if (first && qpdf_oh_is_string(q, first))
		g_string_append_printf(out, " /ID [%s <%s>]",
		                       qpdf_oh_unparse_binary(q, first), sum);
	else
		g_string_append_printf(out, " /ID [<%s> <%s>]", sum, sum);
	if (first)
		qpdf_oh_release(q, first);
	qpdf_oh_release(q, id);
	g_free(sum);
}

/* Appends to pdf an incremental update (PDF 32000-1, 7.5.6) holding the
 * objects edit() changed, a cross-reference section for them and a
 * trailer that points back to cairo's.  cairo's bytes stay as they are:
 * writing the whole file again through qpdf took a quarter of a large
 * book's PDF time to change a few keys.  qpdf still parses the objects
 * and writes each one's syntax; only the xref and trailer lines, fixed
 * formats, are made here.  Same input, same bytes. */
static bool append_update(qpdf_data q, GArray *changed, GByteArray *pdf)
{
	long prev = last_xref(pdf);
	if (prev < 0) {
		diag_sys(NULL, "cannot finish the PDF: no startxref in "
		               "cairo's output");
		return false;
	}
	g_array_sort(changed, by_object_id);
	GString *out = g_string_new(NULL);
	if (pdf->len && pdf->data[pdf->len - 1] != '\n')
		g_string_append_c(out, '\n');
	GArray *offsets = g_array_new(FALSE, FALSE, sizeof(size_t));
	for (guint i = 0; i < changed->len; i++) {
		int id = g_array_index(changed, int, i);
		size_t at = pdf->len + out->len;
		g_array_append_val(offsets, at);
		qpdf_oh oh = qpdf_get_object_by_id(q, id, 0);
		g_string_append_printf(out, "%d 0 obj\n%s\nendobj\n", id,
		                       qpdf_oh_unparse_resolved(q, oh));
		qpdf_oh_release(q, oh);
	}
	size_t xref = pdf->len + out->len;
	g_string_append(out, "xref\n");
	for (guint i = 0; i < changed->len;) {
		guint j = i + 1;
		while (j < changed->len &&
		       g_array_index(changed, int, j) ==
		           g_array_index(changed, int, j - 1) + 1)
			j++;
		g_string_append_printf(out, "%d %u\n",
		                       g_array_index(changed, int, i), j - i);
		for (; i < j; i++)
			g_string_append_printf(
			    out, "%010zu 00000 n \n",
			    g_array_index(offsets, size_t, i));
	}
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
	qpdf_oh root = qpdf_oh_get_key(q, trailer, "/Root");
	qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
	/* each qpdf string lasts until the next call that returns one */
	g_string_append_printf(out, "trailer\n<< /Size %s",
	                       qpdf_oh_unparse(q, size));
	g_string_append_printf(out, " /Root %s", qpdf_oh_unparse(q, root));
	if (qpdf_oh_is_dictionary(q, info))
		g_string_append_printf(out, " /Info %s",
		                       qpdf_oh_unparse(q, info));
	g_string_append_printf(out, " /Prev %ld", prev);
	append_id(q, trailer, out, pdf);
	g_string_append_printf(out, " >>\nstartxref\n%zu\n%%%%EOF\n", xref);
	qpdf_oh_release(q, info);
	qpdf_oh_release(q, root);
	qpdf_oh_release(q, size);
	qpdf_oh_release(q, trailer);
	g_array_free(offsets, TRUE);
	bool ok = !qpdf_failed(q);
	if (ok)
		g_byte_array_append(pdf, (const guint8 *)out->str,
		                    (guint)out->len);
	g_string_free(out, TRUE);
	return ok;
}

bool pdfpost_finish(GByteArray *pdf, const struct doc *doc,
                    const GPtrArray *alts)
{
	struct post p = {qpdf_init(), alts, 0,
	                 g_array_new(FALSE, FALSE, sizeof(int))};
	qpdf_silence_errors(p.q);
	qpdf_set_suppress_warnings(p.q, QPDF_TRUE);
	/* qpdf reads pdf's bytes as it goes: append_update() makes the
	 * update apart and appends it only when qpdf has no more to read */
	qpdf_read_memory(p.q, "octavo.pdf", (const char *)pdf->data, pdf->len,
	                 NULL);
	bool ok = !qpdf_failed(p.q) && edit(&p, doc, may_have_figures(pdf)) &&
	          append_update(p.q, p.changed, pdf);
	qpdf_cleanup(&p.q);
	g_array_free(p.changed, TRUE);
	return ok;
}
