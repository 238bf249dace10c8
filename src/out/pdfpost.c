/*
 * pdfpost.c - what cairo 1.16 cannot write into the print PDF, added with
 * qpdf's C API after cairo has finished the file: the catalog's /Lang,
 * /Alt on every Figure structure element, /MarkInfo and
 * /ViewerPreferences.  The file is written again with a deterministic /ID,
 * its streams passed through as cairo compressed them.
 *
 * Figures and images are matched in reading order: the layout (measure.c,
 * put_block and layout_figure_image) makes a Figure of each paragraph that holds
 * one image and nothing else, in the order of the chapters' blocks, and
 * draw.c opens one Figure tag per such box, page after page, in that
 * order.  figure_images() follows the same rules; when the counts differ
 * the PDF is not finished rather than given wrong alt texts.
 */
#include <qpdf/qpdf-c.h>
#include <string.h>

#include "diag.h"
#include "layout.h"
#include "pdfpost.h"

/* ------------------------------------------------- the book's figures */

/* The blocks put_block() in measure.c descends into; notes, tables and
 * headings hold no figures. */
static void add_figures(const struct doc_node *n, GPtrArray *alts)
{
	const struct doc_node *img;
	switch (n->kind) {
	case DOC_PARAGRAPH:
		if ((img = layout_figure_image(n))) {
			GString *text = g_string_new(NULL);
			doc_node_text_append(img, text);
			g_ptr_array_add(alts, g_string_free(text, FALSE));
		}
		break;
	case DOC_BLOCKQUOTE:
	case DOC_ITEM:
	case DOC_BIBLIOGRAPHY:
	case DOC_LIST:
		for (const struct doc_node *c = n->first; c; c = c->next)
			add_figures(c, alts);
		break;
	default:
		break;
	}
}

/* The alt text of each figure, in reading order; the caller frees the
 * array (its strings go with it). */
static GPtrArray *figure_alts(const struct doc *doc)
{
	GPtrArray *alts = g_ptr_array_new_with_free_func(g_free);
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		if (ch->kind == DOC_CHAPTER)
			for (const struct doc_node *c = ch->first; c;
			     c = c->next)
				add_figures(c, alts);
	return alts;
}

/* ------------------------------------------------------------- the PDF */

struct post {
	qpdf_data q;
	GPtrArray *alts; /* char *, one per figure */
	size_t figures;  /* Figure elements seen */
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

static void set_alt(struct post *p, qpdf_oh elem)
{
	size_t i = p->figures++;
	if (i >= p->alts->len || !*(char *)p->alts->pdata[i])
		return;
	qpdf_oh alt = qpdf_oh_new_unicode_string(p->q, p->alts->pdata[i]);
	qpdf_oh_replace_key(p->q, elem, "/Alt", alt);
	qpdf_oh_release(p->q, alt);
}

/* A structure element, an array of them, or a leaf (an MCID, a marked
 * content or object reference): depth first, which is reading order.
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
 * true. */
static void set_flag(qpdf_data q, qpdf_oh root, const char *dict_key,
                     const char *key)
{
	qpdf_oh d = qpdf_oh_get_key(q, root, dict_key);
	if (!qpdf_oh_is_dictionary(q, d)) {
		qpdf_oh_release(q, d);
		d = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, dict_key, d);
	}
	qpdf_oh yes = qpdf_oh_new_bool(q, QPDF_TRUE);
	qpdf_oh_replace_key(q, d, key, yes);
	qpdf_oh_release(q, yes);
	qpdf_oh_release(q, d);
}

static bool edit(struct post *p, const struct doc *doc)
{
	qpdf_data q = p->q;
	qpdf_oh root = qpdf_get_root(q);
	if (doc->meta.language) {
		qpdf_oh lang = qpdf_oh_new_unicode_string(q, doc->meta.language);
		qpdf_oh_replace_key(q, root, "/Lang", lang);
		qpdf_oh_release(q, lang);
	}
	set_flag(q, root, "/MarkInfo", "/Marked");
	set_flag(q, root, "/ViewerPreferences", "/DisplayDocTitle");
	qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
	qpdf_oh kids = qpdf_oh_get_key(q, tree, "/K");
	visit(p, kids);
	qpdf_oh_release(q, kids);
	qpdf_oh_release(q, tree);
	qpdf_oh_release(q, root);
	if (qpdf_failed(q))
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

/* Writes the file again: same input, same bytes; cairo's compressed
 * streams pass through untouched, any uncompressed one is compressed.
 * Returns a copy of the bytes that the caller owns, or NULL. */
static GByteArray *write_back(qpdf_data q)
{
	qpdf_init_write_memory(q);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_object_stream_mode(q, qpdf_o_preserve);
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_set_compress_streams(q, QPDF_TRUE);
	qpdf_write(q);
	if (qpdf_failed(q))
		return NULL;
	size_t len = qpdf_get_buffer_length(q);
	GByteArray *out = g_byte_array_sized_new((guint)len);
	g_byte_array_append(out, qpdf_get_buffer(q), (guint)len);
	return out;
}

bool pdfpost_finish(GByteArray *pdf, const struct doc *doc)
{
	struct post p = {qpdf_init(), figure_alts(doc), 0};
	GByteArray *out = NULL;
	qpdf_silence_errors(p.q);
	qpdf_set_suppress_warnings(p.q, QPDF_TRUE);
	/* qpdf reads pdf's bytes until qpdf_cleanup */
	qpdf_read_memory(p.q, "octavo.pdf", (const char *)pdf->data,
	                 pdf->len, NULL);
	if (!qpdf_failed(p.q) && edit(&p, doc))
		out = write_back(p.q);
	qpdf_cleanup(&p.q);
	g_ptr_array_free(p.alts, TRUE);
	if (!out)
		return false;
	g_byte_array_set_size(pdf, 0);
	g_byte_array_append(pdf, out->data, out->len);
	g_byte_array_unref(out);
	return true;
}
