/*
 * pdfpost.c - what cairo 1.16 cannot write into the print PDF, added with
 * qpdf's C API after cairo has finished the file; the file is written
 * again from cairo's bytes with the changed objects in their place (or,
 * if its cross-reference table is not cairo's classic one, with them
 * appended as an incremental update), with a deterministic /ID:
 *
 * - the catalog's /Lang, /MarkInfo, /ViewerPreferences and an XMP
 *   metadata stream (title, creators, language, dates, and the PDF/UA
 *   identification when the file meets what octavo checks of PDF/UA);
 * - the attributes draw.c logged for each structure element it opened
 *   (pdftags.h): /Alt and /BBox of Figures, /Scope of TH, /ID of Notes
 *   (and the /IDTree), /Lang, the /Contents of link annotations;
 * - artifacts: the elements draw.c opened as PDF_TAG_ARTIFACT leave the
 *   tree and the ParentTree, and their marked content in the page's
 *   content stream becomes /Artifact with its type (the stream is
 *   inflated, edited and deflated again with zlib);
 * - /Tabs /S on every page with annotations.
 *
 * The tree is read depth first, the order draw.c opened the tags in
 * (in a booklet, the sheets' order).  When the tree and the log differ
 * the PDF is not finished rather than given wrong attributes.
 */
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "diag.h"
#include "pdfpost.h"
#include "util.h"

/* ------------------------------------------------------------- the PDF */

struct artifact {
	int mcid;
	enum pdf_artifact kind;
};

struct new_stream {
	int id;          /* the object replaced, or a new one */
	GByteArray *raw; /* the stream's bytes as written */
	char *dict;      /* the dictionary's other keys */
};

struct post {
	qpdf_data q;
	const struct pdf_tags *tags;
	const struct pdfpost_boxes *boxes; /* or NULL */
	size_t next;         /* the log entry of the next element */
	bool mismatch;       /* the tree and the log disagree */
	bool claim;          /* meets what octavo checks of PDF/UA */
	GArray *changed;     /* int: the numbers of the objects edited */
	GHashTable *seen;    /* the same, as a set */
	GHashTable *arts;    /* page object id -> GArray of struct artifact */
	GHashTable *removed; /* element object ids taken out of the tree */
	GHashTable *parents; /* object id -> qpdf_oh: parents to mend */
	GPtrArray *ids;      /* char *, then its element (as pointer) */
	GArray *streams;     /* struct new_stream */
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
	diag_path(NULL, PDF_FINISH, qpdf_get_error_full_text(q, e));
	return true;
}

/* Notes that the indirect object oh was changed, for the update; false
 * (with a diagnostic) if it is a direct one, which the update could not
 * replace on its own. */
static bool changed(struct post *p, qpdf_oh oh)
{
	qpdf_data q = p->q;
	if (!qpdf_oh_is_indirect(q, oh) || qpdf_oh_get_generation(q, oh)) {
		diag_path(NULL, PDF_FINISH_OBJECT);
		return false;
	}
	int id = qpdf_oh_get_object_id(q, oh);
	if (g_hash_table_add(p->seen, GINT_TO_POINTER(id)))
		g_array_append_val(p->changed, id);
	return true;
}

static void set_string(qpdf_data q, qpdf_oh d, const char *key,
                       const char *utf8)
{
	qpdf_oh v = qpdf_oh_new_unicode_string(q, utf8);
	qpdf_oh_replace_key(q, d, key, v);
	qpdf_oh_release(q, v);
}

/* ------------------------------------------------- structure elements */

/* /A << /O owner key value >>, value a name. */
static void set_attr(qpdf_data q, qpdf_oh elem, const char *owner,
                     const char *key, qpdf_oh value)
{
	qpdf_oh a = qpdf_oh_new_dictionary(q);
	qpdf_oh o = qpdf_oh_new_name(q, owner);
	qpdf_oh_replace_key(q, a, "/O", o);
	qpdf_oh_replace_key(q, a, key, value);
	qpdf_oh_replace_key(q, elem, "/A", a);
	qpdf_oh_release(q, o);
	qpdf_oh_release(q, a);
}

static void set_bbox(qpdf_data q, qpdf_oh elem, const double *bbox)
{
	qpdf_oh arr = qpdf_oh_new_array(q);
	for (int i = 0; i < 4; i++) {
		qpdf_oh v = qpdf_oh_new_real_from_double(q, bbox[i], 2);
		qpdf_oh_append_item(q, arr, v);
		qpdf_oh_release(q, v);
	}
	set_attr(q, elem, "/Layout", "/BBox", arr);
	qpdf_oh_release(q, arr);
}

/* The /Contents of the link annotation elem holds (its OBJR). */
static bool set_contents(struct post *p, qpdf_oh elem, const char *text)
{
	qpdf_data q = p->q;
	qpdf_oh k = qpdf_oh_get_key(q, elem, "/K");
	bool ok = true;
	int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
	for (int i = 0; ok && i < n; i++) {
		qpdf_oh kid = qpdf_oh_is_array(q, k)
		                  ? qpdf_oh_get_array_item(q, k, i)
		                  : k;
		qpdf_oh t = qpdf_oh_is_dictionary(q, kid)
		                ? qpdf_oh_get_key(q, kid, "/Type")
		                : qpdf_oh_new_null(q);
		if (qpdf_oh_is_name_and_equals(q, t, "/OBJR")) {
			qpdf_oh a = qpdf_oh_get_key(q, kid, "/Obj");
			if ((ok = changed(p, a)))
				set_string(q, a, "/Contents", text);
			qpdf_oh_release(q, a);
		}
		qpdf_oh_release(q, t);
		if (kid != k)
			qpdf_oh_release(q, kid);
	}
	qpdf_oh_release(q, k);
	return ok;
}

/* The MCIDs an artifact element marks, for its page's content stream. */
static void note_artifact(struct post *p, qpdf_oh elem, enum pdf_artifact a)
{
	qpdf_data q = p->q;
	qpdf_oh pg = qpdf_oh_get_key(q, elem, "/Pg");
	qpdf_oh k = qpdf_oh_get_key(q, elem, "/K");
	int page = qpdf_oh_get_object_id(q, pg);
	GArray *list = g_hash_table_lookup(p->arts, GINT_TO_POINTER(page));
	if (!list) {
		list = g_array_new(FALSE, FALSE, sizeof(struct artifact));
		g_hash_table_insert(p->arts, GINT_TO_POINTER(page), list);
	}
	int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
	for (int i = 0; i < n; i++) {
		qpdf_oh kid = qpdf_oh_is_array(q, k)
		                  ? qpdf_oh_get_array_item(q, k, i)
		                  : k;
		if (qpdf_oh_is_integer(q, kid)) {
			struct artifact art = {
			    qpdf_oh_get_int_value_as_int(q, kid), a};
			g_array_append_val(list, art);
		}
		if (kid != k)
			qpdf_oh_release(q, kid);
	}
	qpdf_oh_release(q, k);
	qpdf_oh_release(q, pg);
	g_hash_table_add(p->removed,
	                 GINT_TO_POINTER(qpdf_oh_get_object_id(q, elem)));
	qpdf_oh parent = qpdf_oh_get_key(q, elem, "/P");
	gpointer id = GINT_TO_POINTER(qpdf_oh_get_object_id(q, parent));
	if (qpdf_oh_is_indirect(q, parent) &&
	    !g_hash_table_contains(p->parents, id))
		g_hash_table_insert(p->parents, id, GUINT_TO_POINTER(parent));
	else
		qpdf_oh_release(q, parent);
}

/* Writes what the log says of the element elem, which must be of its
 * type; false when it is not (or an object cannot be changed). */
static bool apply(struct post *p, qpdf_oh elem, const struct pdf_tag *t)
{
	qpdf_data q = p->q;
	if (t->artifact) {
		note_artifact(p, elem, t->artifact);
		return true;
	}
	if (t->name[0] == 'F' && !strcmp(t->name, "Figure") &&
	    (!t->alt || !*t->alt))
		p->claim = false;
	if (t->contents && !set_contents(p, elem, t->contents))
		return false;
	if (!t->alt && !t->lang && !t->id && !t->scope && !t->has_bbox &&
	    !t->actual)
		return true;
	if (!changed(p, elem))
		return false;
	if (t->alt && *t->alt)
		set_string(q, elem, "/Alt", t->alt);
	if (t->lang)
		set_string(q, elem, "/Lang", t->lang);
	if (t->actual)
		set_string(q, elem, "/ActualText", t->actual);
	if (t->id) {
		set_string(q, elem, "/ID", t->id);
		g_ptr_array_add(p->ids, t->id);
		g_ptr_array_add(p->ids,
		                GUINT_TO_POINTER(qpdf_oh_new_object(q, elem)));
	}
	if (t->has_bbox)
		set_bbox(q, elem, t->bbox);
	if (t->scope) {
		char name[16];
		snprintf(name, sizeof name, "/%s", t->scope);
		qpdf_oh v = qpdf_oh_new_name(q, name);
		set_attr(q, elem, "/Table", "/Scope", v);
		qpdf_oh_release(q, v);
	}
	return true;
}

/* The log entry for the n-th element, checked against its type s; NULL
 * (reported once) when they differ. */
static const struct pdf_tag *entry(struct post *p, size_t n, const char *s)
{
	const GArray *tags = p->tags->tags;
	const struct pdf_tag *t =
	    n < tags->len ? &g_array_index(tags, struct pdf_tag, n) : NULL;
	if (t && s[0] == '/' && !strcmp(s + 1, t->name))
		return t;
	if (!p->mismatch)
		diag_path(NULL, PDF_FINISH_ELEMENT, n + 1, s,
		          t ? t->name : "nothing");
	p->mismatch = true;
	return NULL;
}

static bool visit(struct post *p, qpdf_oh k);
static const guint8 *find(const guint8 *data, const guint8 *end,
                          const char *key, size_t n);

/* A structure element: matched with the next entry of the log. */
static bool visit_elem(struct post *p, qpdf_oh k)
{
	qpdf_data q = p->q;
	qpdf_oh s = qpdf_oh_get_key(q, k, "/S");
	const struct pdf_tag *t = entry(
	    p, p->next++, qpdf_oh_is_name(q, s) ? qpdf_oh_get_name(q, s) : "?");
	qpdf_oh_release(q, s);
	bool ok = t && apply(p, k, t);
	if (ok && t->artifact)
		return true;
	qpdf_oh kids = qpdf_oh_get_key(q, k, "/K");
	ok = ok && visit(p, kids);
	qpdf_oh_release(q, kids);
	return ok;
}

/* A structure element, an array of them, or a leaf (an MCID, a marked
 * content or object reference): depth first, the order draw.c opened
 * the tags in.  Only /K is followed, so the walk cannot loop back up
 * through /P. */
static bool visit(struct post *p, qpdf_oh k)
{
	qpdf_data q = p->q;
	if (qpdf_oh_is_array(q, k)) {
		int n = qpdf_oh_get_array_n_items(q, k);
		bool ok = true;
		for (int i = 0; ok && i < n; i++) {
			qpdf_oh item = qpdf_oh_get_array_item(q, k, i);
			ok = visit(p, item);
			qpdf_oh_release(q, item);
		}
		return ok;
	}
	if (!qpdf_oh_is_dictionary(q, k) || !qpdf_oh_has_key(q, k, "/S"))
		return true;
	return visit_elem(p, k);
}

/* Whether the log says anything of an element but its type. */
static bool has_news(const struct pdf_tag *t)
{
	return t->artifact || t->alt || t->lang || t->id || t->contents ||
	       t->scope || t->has_bbox || t->actual ||
	       !strcmp(t->name, "Figure");
}

/* cairo writes each structure element as "N 0 obj\n<< /Type
 * /StructElem\n   /S /Name ...", numbered and written in the order of
 * the tree read depth first: the elements found so in pdf's bytes (ids
 * and names, "/Name").  Reading the ones the log has news of by number
 * spares qpdf parsing every element of a long book. */
static void scan_elems(const GByteArray *pdf, GArray *ids, GPtrArray *names)
{
	static const char key[] = "<< /Type /StructElem";
	const guint8 *p = pdf->data, *end = pdf->data + pdf->len;
	while ((p = find(p, end, key, sizeof key - 1))) {
		const guint8 *b = p;
		p += sizeof key - 1;
		/* back over "obj\n", " 0 ", to the number */
		if (b - pdf->data < 8 || memcmp(b - 4, "obj\n", 4))
			continue;
		const guint8 *n = b - 4;
		while (n > pdf->data && n[-1] != '\n')
			n--;
		int id = atoi((const char *)n);
		const guint8 *s = find(p, MIN(end, p + 64), "/S /", 4);
		if (id <= 0 || !s)
			continue;
		/* the name: "/" then regular characters */
		const guint8 *e = s + 4;
		while (e < end && !g_ascii_isspace(*e) &&
		       !strchr("/<>[]()", *e))
			e++;
		g_array_append_val(ids, id);
		g_ptr_array_add(
		    names, g_strndup((const char *)s + 3, (gsize)(e - s - 3)));
	}
}

/* The log applied to the elements found in pdf's bytes; false when they
 * are not the log's (then the tree is to be walked). */
static bool apply_scanned(struct post *p, const GByteArray *pdf, bool *ok)
{
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int));
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	scan_elems(pdf, ids, names);
	const GArray *tags = p->tags->tags;
	bool same = ids->len == tags->len;
	for (guint i = 0; same && i < ids->len; i++)
		same = !strcmp((char *)names->pdata[i] + 1,
		               g_array_index(tags, struct pdf_tag, i).name);
	for (guint i = 0; same && *ok && i < ids->len; i++) {
		const struct pdf_tag *t =
		    &g_array_index(tags, struct pdf_tag, i);
		if (!has_news(t))
			continue;
		qpdf_oh elem =
		    qpdf_get_object_by_id(p->q, g_array_index(ids, int, i), 0);
		*ok = apply(p, elem, t);
		qpdf_oh_release(p->q, elem);
	}
	if (same)
		p->next = ids->len;
	g_ptr_array_free(names, TRUE);
	g_array_free(ids, TRUE);
	return same;
}

static gint by_ptr(gconstpointer a, gconstpointer b)
{
	int x = GPOINTER_TO_INT(a), y = GPOINTER_TO_INT(b);
	return (x > y) - (x < y);
}

/* Takes the artifacts out of their parents' /K. */
static bool mend_parents(struct post *p)
{
	qpdf_data q = p->q;
	/* in object order, so the update is the same from run to run */
	GList *ids = g_list_sort(g_hash_table_get_keys(p->parents), by_ptr);
	bool ok = true;
	for (GList *i = ids; ok && i; i = i->next) {
		qpdf_oh parent =
		    GPOINTER_TO_UINT(g_hash_table_lookup(p->parents, i->data));
		qpdf_oh k = qpdf_oh_get_key(q, parent, "/K");
		qpdf_oh kept = qpdf_oh_new_array(q);
		int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k)
		                               : 1;
		for (int j = 0; j < n; j++) {
			qpdf_oh kid = qpdf_oh_is_array(q, k)
			                  ? qpdf_oh_get_array_item(q, k, j)
			                  : qpdf_oh_new_object(q, k);
			if (!qpdf_oh_is_indirect(q, kid) ||
			    !g_hash_table_contains(
			        p->removed,
			        GINT_TO_POINTER(qpdf_oh_get_object_id(q, kid))))
				qpdf_oh_append_item(q, kept, kid);
			qpdf_oh_release(q, kid);
		}
		if (n != qpdf_oh_get_array_n_items(q, kept) &&
		    (ok = changed(p, parent)))
			qpdf_oh_replace_key(q, parent, "/K", kept);
		qpdf_oh_release(q, kept);
		qpdf_oh_release(q, k);
	}
	g_list_free(ids);
	return ok;
}

/* The ParentTree's array for each page (StructParents), as qpdf_oh;
 * nested /Kids followed to a fixed depth. */
static void read_parent_tree(struct post *p, qpdf_oh node, GHashTable *out,
                             int depth)
{
	qpdf_data q = p->q;
	qpdf_oh nums = qpdf_oh_get_key(q, node, "/Nums");
	int n =
	    qpdf_oh_is_array(q, nums) ? qpdf_oh_get_array_n_items(q, nums) : 0;
	for (int i = 0; i + 1 < n; i += 2) {
		qpdf_oh key = qpdf_oh_get_array_item(q, nums, i);
		qpdf_oh v = qpdf_oh_get_array_item(q, nums, i + 1);
		if (qpdf_oh_is_integer(q, key) && qpdf_oh_is_array(q, v) &&
		    qpdf_oh_is_indirect(q, v))
			g_hash_table_insert(
			    out,
			    GINT_TO_POINTER(
			        qpdf_oh_get_int_value_as_int(q, key)),
			    GUINT_TO_POINTER(v));
		else
			qpdf_oh_release(q, v);
		qpdf_oh_release(q, key);
	}
	qpdf_oh_release(q, nums);
	qpdf_oh kids = qpdf_oh_get_key(q, node, "/Kids");
	n = qpdf_oh_is_array(q, kids) && depth < 16
	        ? qpdf_oh_get_array_n_items(q, kids)
	        : 0;
	for (int i = 0; i < n; i++) {
		qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
		read_parent_tree(p, kid, out, depth + 1);
		qpdf_oh_release(q, kid);
	}
	qpdf_oh_release(q, kids);
}

/* ------------------------------------------------------------ artifacts */

static const char *artifact_bdc(enum pdf_artifact a)
{
	switch (a) {
	case PDF_ARTIFACT_HEADER:
		return "/Artifact << /Type /Pagination /Subtype /Header >> BDC";
	case PDF_ARTIFACT_FOOTER:
		return "/Artifact << /Type /Pagination /Subtype /Footer >> BDC";
	case PDF_ARTIFACT_LAYOUT: return "/Artifact << /Type /Layout >> BDC";
	case PDF_ARTIFACT_PAGE: return "/Artifact << /Type /Page >> BDC";
	default: return "/Artifact BMC";
	}
}

/* The first n bytes at key in data .. end, or NULL. */
static const guint8 *find(const guint8 *data, const guint8 *end,
                          const char *key, size_t n)
{
	for (; (data = memchr(data, key[0], (size_t)(end - data))); data++)
		if ((size_t)(end - data) >= n && !memcmp(data, key, n))
			return data;
	return NULL;
}

static GByteArray *deflated(const guint8 *data, size_t len)
{
	uLongf n = compressBound((uLong)len);
	GByteArray *out = g_byte_array_sized_new((guint)n);
	g_byte_array_set_size(out, (guint)n);
	if (compress2(out->data, &n, data, (uLong)len, Z_DEFAULT_COMPRESSION) !=
	    Z_OK) {
		g_byte_array_free(out, TRUE);
		return NULL;
	}
	g_byte_array_set_size(out, (guint)n);
	return out;
}

/* data with each "/Private << /MCID n >> BDC" of arts replaced by its
 * /Artifact operator; NULL unless every one of them was found. */
static GByteArray *artifacts_marked(const guint8 *data, size_t len,
                                    const GArray *arts)
{
	static const char key[] = "/" PDF_TAG_ARTIFACT " << /MCID ";
	const size_t klen = sizeof key - 1;
	GByteArray *out = g_byte_array_sized_new((guint)len + 64);
	const guint8 *p = data, *end = data + len;
	guint found = 0;
	while (p < end) {
		const guint8 *hit = find(p, end, key, klen);
		if (!hit)
			break;
		const guint8 *q = hit + klen;
		int mcid = 0;
		while (q < end && *q >= '0' && *q <= '9' && mcid < 1 << 24)
			mcid = mcid * 10 + (*q++ - '0');
		static const char tail[] = " >> BDC";
		const struct artifact *a = NULL;
		for (guint i = 0; i < arts->len && !a; i++)
			if (g_array_index(arts, struct artifact, i).mcid ==
			    mcid)
				a = &g_array_index(arts, struct artifact, i);
		if (!a || (size_t)(end - q) < sizeof tail - 1 ||
		    memcmp(q, tail, sizeof tail - 1)) {
			g_byte_array_append(out, p, (guint)(q - p));
			p = q;
			continue;
		}
		g_byte_array_append(out, p, (guint)(hit - p));
		const char *bdc = artifact_bdc(a->kind);
		g_byte_array_append(out, (const guint8 *)bdc,
		                    (guint)strlen(bdc));
		p = q + sizeof tail - 1;
		found++;
	}
	g_byte_array_append(out, p, (guint)(end - p));
	if (found != arts->len) {
		g_byte_array_free(out, TRUE);
		return NULL;
	}
	return out;
}

/* Takes out of raw the empty marked content cairo writes for a space
 * pango drew as no glyph (the space at the end of a ragged line):
 * "/Span << /ActualText <feff0020> >> BDC", then EMC.  Read through the
 * structure tree, poppler ends an element's text at the first such span,
 * so a title or heading of two lines read as its first line only; the
 * line break still separates the words for readers that place text.
 * Always true. */
static bool drop_empty_spaces(GByteArray *raw)
{
	static const char span[] = "/Span << /ActualText <feff0020> >> BDC\n"
	                           "EMC\n";
	const size_t n = sizeof span - 1;
	guint8 *to = raw->data;
	const guint8 *p = raw->data, *end = raw->data + raw->len, *hit;
	while ((hit = find(p, end, span, n))) {
		memmove(to, p, (size_t)(hit - p));
		to += hit - p;
		p = hit + n;
	}
	memmove(to, p, (size_t)(end - p));
	to += end - p;
	g_byte_array_set_size(raw, (guint)(to - raw->data));
	return true;
}

/* The page's MCIDs arts leave the ParentTree (null). */
static bool unparent(struct post *p, qpdf_oh page, GHashTable *tree,
                     const GArray *arts)
{
	qpdf_data q = p->q;
	qpdf_oh sp = qpdf_oh_get_key(q, page, "/StructParents");
	qpdf_oh arr =
	    qpdf_oh_is_integer(q, sp)
	        ? GPOINTER_TO_UINT(g_hash_table_lookup(
	              tree,
	              GINT_TO_POINTER(qpdf_oh_get_int_value_as_int(q, sp))))
	        : 0;
	qpdf_oh_release(q, sp);
	if (!arr || !arts->len)
		return true;
	if (!changed(p, arr))
		return false;
	int n = qpdf_oh_get_array_n_items(q, arr);
	qpdf_oh null = qpdf_oh_new_null(q);
	for (guint i = 0; i < arts->len; i++) {
		int m = g_array_index(arts, struct artifact, i).mcid;
		if (m < n)
			qpdf_oh_set_array_item(q, arr, m, null);
	}
	qpdf_oh_release(q, null);
	return true;
}

/* One page's content stream with its artifacts marked as such. */
static bool mark_page(struct post *p, int id, const GArray *arts,
                      GHashTable *tree)
{
	qpdf_data q = p->q;
	qpdf_oh page = qpdf_get_object_by_id(q, id, 0);
	qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
	unsigned char *buf = NULL;
	size_t len = 0;
	GByteArray *raw = NULL, *z = NULL;
	bool ok = qpdf_oh_is_stream(q, c) && qpdf_oh_is_indirect(q, c) &&
	          !(qpdf_oh_get_stream_data(q, c, qpdf_dl_generalized, NULL,
	                                    &buf, &len) &
	            QPDF_ERRORS) &&
	          (raw = artifacts_marked(buf, len, arts)) &&
	          drop_empty_spaces(raw);
	bool same = ok && !arts->len && raw->len == len;
	ok = ok && (same || ((z = deflated(raw->data, raw->len)) &&
	                     unparent(p, page, tree, arts)));
	if (ok && !same) {
		struct new_stream s = {qpdf_oh_get_object_id(q, c), z,
		                       g_strdup("/Filter /FlateDecode")};
		g_array_append_val(p->streams, s);
		g_hash_table_add(p->seen, GINT_TO_POINTER(s.id));
		g_array_append_val(p->changed, s.id);
		z = NULL;
	} else if (!ok)
		diag_path(NULL, PDF_FINISH_ARTIFACTS);
	free(buf);
	if (raw)
		g_byte_array_free(raw, TRUE);
	if (z)
		g_byte_array_free(z, TRUE);
	qpdf_oh_release(q, c);
	qpdf_oh_release(q, page);
	return ok;
}

/* Every page's content stream with its artifacts marked as such and
 * its empty spaces dropped (written again only when that changes it). */
static bool mark_artifacts(struct post *p, qpdf_oh tree)
{
	qpdf_data q = p->q;
	GHashTable *parents = g_hash_table_new(NULL, NULL);
	qpdf_oh pt = qpdf_oh_get_key(q, tree, "/ParentTree");
	read_parent_tree(p, pt, parents, 0);
	qpdf_oh_release(q, pt);
	GArray *none = g_array_new(FALSE, FALSE, sizeof(struct artifact));
	int n = qpdf_get_num_pages(q);
	bool ok = n >= 0 && mend_parents(p);
	for (int i = 0; ok && i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		int id = qpdf_oh_get_object_id(q, page);
		qpdf_oh_release(q, page);
		const GArray *arts =
		    g_hash_table_lookup(p->arts, GINT_TO_POINTER(id));
		ok = mark_page(p, id, arts ? arts : none, parents);
	}
	g_array_free(none, TRUE);
	g_hash_table_destroy(parents);
	return ok;
}

/* ---------------------------------------------------------- the catalog */

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

/* /Tabs /S (structure order) on every page with annotations. */
/* page's key: the box x0 y0 x1 y1. */
static void set_box(qpdf_data q, qpdf_oh page, const char *key,
                    const double box[4])
{
	qpdf_oh arr = qpdf_oh_new_array(q);
	for (int i = 0; i < 4; i++) {
		qpdf_oh v = qpdf_oh_new_real_from_double(q, box[i], 3);
		qpdf_oh_append_item(q, arr, v);
		qpdf_oh_release(q, v);
	}
	qpdf_oh_replace_key(q, page, key, arr);
	qpdf_oh_release(q, arr);
}

/* Every page with links: /Tabs /S; with a bleed: its trim and bleed
 * boxes. */
static bool set_pages(struct post *p)
{
	qpdf_data q = p->q;
	int n = qpdf_get_num_pages(q);
	bool ok = n >= 0;
	for (int i = 0; ok && i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		if (qpdf_oh_has_key(q, page, "/Annots") &&
		    (ok = changed(p, page))) {
			qpdf_oh s = qpdf_oh_new_name(q, "/S");
			qpdf_oh_replace_key(q, page, "/Tabs", s);
			qpdf_oh_release(q, s);
		}
		if (ok && p->boxes && (ok = changed(p, page))) {
			set_box(q, page, "/TrimBox", p->boxes->trim);
			set_box(q, page, "/BleedBox", p->boxes->bleed);
		}
		qpdf_oh_release(q, page);
	}
	return ok;
}

static int by_id(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The structure tree's /IDTree: every /ID given, sorted. */
static bool set_id_tree(struct post *p, qpdf_oh tree)
{
	if (!p->ids->len)
		return true;
	qpdf_data q = p->q;
	size_t n = p->ids->len / 2;
	/* pairs (id, element) sorted by id */
	gpointer *pairs = xcalloc(n, 2 * sizeof *pairs);
	memcpy(pairs, p->ids->pdata, n * 2 * sizeof *pairs);
	qsort(pairs, n, 2 * sizeof *pairs, by_id);
	qpdf_oh names = qpdf_oh_new_array(q);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(pairs[2 * i], pairs[2 * i - 2])) {
			diag_path(NULL, PDF_FINISH_ID_TWICE,
			          (char *)pairs[2 * i]);
			ok = false;
		}
		qpdf_oh k = qpdf_oh_new_unicode_string(q, pairs[2 * i]);
		qpdf_oh_append_item(q, names, k);
		qpdf_oh_append_item(q, names,
		                    GPOINTER_TO_UINT(pairs[2 * i + 1]));
		qpdf_oh_release(q, k);
	}
	free(pairs);
	qpdf_oh d = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, d, "/Names", names);
	ok = ok && changed(p, tree);
	if (ok)
		qpdf_oh_replace_key(q, tree, "/IDTree", d);
	qpdf_oh_release(q, d);
	qpdf_oh_release(q, names);
	return ok;
}

/* ------------------------------------------------------------------ XMP */

static void xmp_text(GString *x, const char *el, const char *text)
{
	char *e = g_markup_escape_text(text, -1);
	g_string_append_printf(x, "   <%s>%s</%s>\n", el, e, el);
	g_free(e);
}

static void xmp_list(GString *x, const char *el, const char *kind,
                     const char *const *items, size_t n, bool lang)
{
	g_string_append_printf(x, "   <%s><rdf:%s>", el, kind);
	for (size_t i = 0; i < n; i++) {
		char *e = g_markup_escape_text(items[i], -1);
		g_string_append_printf(x, "<rdf:li%s>%s</rdf:li>",
		                       lang ? " xml:lang=\"x-default\"" : "",
		                       e);
		g_free(e);
	}
	g_string_append_printf(x, "</rdf:%s></%s>\n", kind, el);
}

/* The Info dictionary's value of key as UTF-8, or NULL; the caller
 * frees it. */
static char *info(qpdf_data q, const char *key)
{
	qpdf_oh t = qpdf_get_trailer(q);
	qpdf_oh i = qpdf_oh_get_key(q, t, "/Info");
	qpdf_oh v = qpdf_oh_get_key_if_dict(q, i, key);
	char *s = qpdf_oh_is_string(q, v)
	              ? g_strdup(qpdf_oh_get_utf8_value(q, v))
	              : NULL;
	qpdf_oh_release(q, v);
	qpdf_oh_release(q, i);
	qpdf_oh_release(q, t);
	return s;
}

/* The XMP packet: the Info dictionary's title, subject and creator tool
 * (as cairo wrote them), the book's authors and language, its date
 * (SOURCE_DATE_EPOCH), and pdfuaid:part 1 when claim. */
static GString *xmp(qpdf_data q, const struct doc *doc, bool claim)
{
	GString *x = g_string_new(
	    "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF "
	    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n");
	xmp_text(x, "dc:format", "application/pdf");
	char *title = info(q, "/Title"), *subject = info(q, "/Subject");
	char *tool = info(q, "/Creator"), *producer = info(q, "/Producer");
	if (title)
		xmp_list(x, "dc:title", "Alt", (const char *[]){title}, 1,
		         true);
	if (doc->meta.n_authors)
		xmp_list(x, "dc:creator", "Seq", doc->meta.authors,
		         doc->meta.n_authors, false);
	if (subject)
		xmp_list(x, "dc:description", "Alt", (const char *[]){subject},
		         1, true);
	if (doc->meta.language)
		xmp_list(x, "dc:language", "Bag",
		         (const char *[]){doc->meta.language}, 1, false);
	if (tool)
		xmp_text(x, "xmp:CreatorTool", tool);
	if (producer)
		xmp_text(x, "pdf:Producer", producer);
	GDateTime *t = g_date_time_new_from_unix_utc(doc->meta.modified);
	char *date = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
	xmp_text(x, "xmp:CreateDate", date);
	xmp_text(x, "xmp:ModifyDate", date);
	xmp_text(x, "xmp:MetadataDate", date);
	g_free(date);
	g_date_time_unref(t);
	if (claim && title && *title)
		xmp_text(x, "pdfuaid:part", "1");
	g_string_append(x, "  </rdf:Description>\n </rdf:RDF>\n"
	                   "</x:xmpmeta>\n<?xpacket end=\"r\"?>");
	g_free(title);
	g_free(subject);
	g_free(tool);
	g_free(producer);
	return x;
}

/* A new stream object holding the XMP, named in the catalog. */
static bool add_metadata(struct post *p, qpdf_oh root, const struct doc *doc)
{
	qpdf_data q = p->q;
	GString *x = xmp(q, doc, p->claim && doc->meta.language);
	/* a new object, numbered after cairo's (the trailer's /Size): qpdf
	 * numbering it would read every object of the file first */
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
	struct new_stream s = {qpdf_oh_get_int_value_as_int(q, size),
	                       g_byte_array_new(),
	                       g_strdup("/Type /Metadata /Subtype /XML")};
	qpdf_oh_release(q, size);
	qpdf_oh_release(q, trailer);
	qpdf_oh stand_in = qpdf_oh_new_dictionary(q);
	qpdf_replace_object(q, s.id, 0, stand_in);
	qpdf_oh_release(q, stand_in);
	qpdf_oh st = qpdf_get_object_by_id(q, s.id, 0);
	g_byte_array_append(s.raw, (const guint8 *)x->str, (guint)x->len);
	g_string_free(x, TRUE);
	g_array_append_val(p->streams, s);
	g_hash_table_add(p->seen, GINT_TO_POINTER(s.id));
	g_array_append_val(p->changed, s.id);
	qpdf_oh_replace_key(q, root, "/Metadata", st);
	qpdf_oh_release(q, st);
	return !qpdf_failed(q);
}

/* The changes, made in qpdf's copy of the objects. */
static bool edit(struct post *p, const struct doc *doc, const GByteArray *pdf)
{
	qpdf_data q = p->q;
	qpdf_oh root = qpdf_get_root(q);
	bool ok = changed(p, root);
	if (ok && doc->meta.language)
		set_string(q, root, "/Lang", doc->meta.language);
	ok = ok && set_flag(p, root, "/MarkInfo", "/Marked") &&
	     set_flag(p, root, "/ViewerPreferences", "/DisplayDocTitle");
	qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
	qpdf_oh kids = qpdf_oh_get_key(q, tree, "/K");
	if (ok && !apply_scanned(p, pdf, &ok))
		ok = visit(p, kids);
	qpdf_oh_release(q, kids);
	if (ok && p->next != p->tags->tags->len) {
		diag_path(NULL, PDF_FINISH_TAGS, p->next, p->tags->tags->len);
		ok = false;
	}
	ok = ok && mark_artifacts(p, tree) && set_id_tree(p, tree) &&
	     set_pages(p) && add_metadata(p, root, doc);
	qpdf_oh_release(q, tree);
	qpdf_oh_release(q, root);
	return ok && !p->mismatch && !qpdf_failed(q);
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

/* The new bytes of object id when it is a stream made here, or NULL. */
static const struct new_stream *stream_of(const GArray *streams, int id)
{
	for (guint i = 0; i < streams->len; i++)
		if (g_array_index(streams, struct new_stream, i).id == id)
			return &g_array_index(streams, struct new_stream, i);
	return NULL;
}

/* Object id as edited (qpdf writes its syntax), or the stream made
 * here. */
static void put_object(qpdf_data q, const GArray *streams, int id, GString *out)
{
	const struct new_stream *s = stream_of(streams, id);
	if (s) {
		g_string_append_printf(
		    out, "%d 0 obj\n<< %s /Length %u >>\nstream\n", id, s->dict,
		    s->raw->len);
		g_string_append_len(out, (const char *)s->raw->data,
		                    (gssize)s->raw->len);
		g_string_append(out, "\nendstream\nendobj\n");
		return;
	}
	qpdf_oh oh = qpdf_get_object_by_id(q, id, 0);
	g_string_append_printf(out, "%d 0 obj\n%s\nendobj\n", id,
	                       qpdf_oh_unparse_resolved(q, oh));
	qpdf_oh_release(q, oh);
}

/* Appends to pdf an incremental update (PDF 32000-1, 7.5.6) holding the
 * objects edit() changed, a cross-reference section for them and a
 * trailer that points back to cairo's.  cairo's bytes stay as they are.
 * (Writing the whole file again through qpdf took a quarter of a large
 * book's PDF time to change a few keys.)  qpdf still parses the objects
 * and writes each one's syntax; only the xref and trailer lines, fixed
 * formats, are made here.  Same input, same bytes. */
static bool append_update(qpdf_data q, GArray *changed, const GArray *streams,
                          GByteArray *pdf)
{
	long prev = last_xref(pdf);
	if (prev < 0) {
		diag_path(NULL, PDF_FINISH_XREF);
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
		put_object(q, streams, id, out);
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
	int last =
	    changed->len ? g_array_index(changed, int, changed->len - 1) : 0;
	long long n = qpdf_oh_get_int_value(q, size);
	g_string_append_printf(out, "trailer\n<< /Size %lld",
	                       n > last ? n : last + 1);
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

/* ------------------------------------------------- the file rewritten */

/* The offsets of cairo's objects, read from its cross-reference table
 * at xref ("xref\n0 N\n" then N entries of 20 bytes); NULL if it is not
 * one such table (then the update is appended instead). */
static GArray *xref_offsets(const GByteArray *pdf, long xref)
{
	const char *p = (const char *)pdf->data + xref;
	const char *end = (const char *)pdf->data + pdf->len;
	int n = 0, used = 0;
	/* sscanf needs a string: the table's head, copied with its end. */
	char head[32] = {0};
	if (end - p < 16)
		return NULL;
	memcpy(head, p, MIN((size_t)(end - p), sizeof head - 1));
	if (sscanf(head, "xref\n0 %d\n%n", &n, &used) != 1 || n <= 1 || !used ||
	    (end - p - used) / 20 < n)
		return NULL;
	GArray *at = g_array_sized_new(FALSE, FALSE, sizeof(long), (guint)n);
	p += used;
	for (int i = 0; i < n; i++, p += 20) {
		char *stop = NULL;
		long o = strtol(p, &stop, 10);
		bool in_use = stop == p + 10 && p[17] == 'n';
		if (i && (!in_use || o <= 0 || o >= xref)) {
			g_array_free(at, TRUE);
			return NULL;
		}
		g_array_append_val(at, o);
	}
	return at;
}

struct placed_object {
	long at;
	int id;
};

static int by_offset(gconstpointer a, gconstpointer b)
{
	const struct placed_object *x = a, *y = b;
	return (x->at > y->at) - (x->at < y->at);
}

/* The file written again from cairo's bytes: each object as it was but
 * those changed, which take their place, and those removed (artifacts'
 * elements), which are left out; the new ones after them; one
 * cross-reference table.  Appending the changes as an update kept
 * every page's content stream twice (one dead copy) and grew the guide's
 * PDF by a quarter; copying cairo's objects costs a copy of its bytes. */
static bool rewrite(qpdf_data q, const GArray *changed, const GArray *streams,
                    GHashTable *removed, GByteArray *pdf, bool *done)
{
	long xref = last_xref(pdf);
	GArray *at = xref >= 0 ? xref_offsets(pdf, xref) : NULL;
	*done = at != NULL;
	if (!at)
		return true;
	int n = (int)at->len;
	GArray *order = g_array_sized_new(
	    FALSE, FALSE, sizeof(struct placed_object), at->len);
	for (int i = 1; i < n; i++) {
		struct placed_object o = {g_array_index(at, long, i), i};
		g_array_append_val(order, o);
	}
	g_array_sort(order, by_offset);
	GHashTable *edited = g_hash_table_new(NULL, NULL);
	int last = n - 1;
	for (guint i = 0; i < changed->len; i++) {
		int id = g_array_index(changed, int, i);
		g_hash_table_add(edited, GINT_TO_POINTER(id));
		last = MAX(last, id);
	}
	GArray *offsets = g_array_new(FALSE, TRUE, sizeof(size_t));
	g_array_set_size(offsets, (guint)last + 1);
	long first = order->len
	                 ? g_array_index(order, struct placed_object, 0).at
	                 : xref;
	GString *out = g_string_sized_new(pdf->len + pdf->len / 4);
	g_string_append_len(out, (const char *)pdf->data, first);
	for (guint i = 0; i < order->len; i++) {
		const struct placed_object *o =
		    &g_array_index(order, struct placed_object, i);
		long to =
		    i + 1 < order->len
		        ? g_array_index(order, struct placed_object, i + 1).at
		        : xref;
		if (g_hash_table_contains(removed, GINT_TO_POINTER(o->id)))
			continue; /* an artifact's element: no longer used */
		g_array_index(offsets, size_t, o->id) = out->len;
		if (g_hash_table_contains(edited, GINT_TO_POINTER(o->id)))
			put_object(q, streams, o->id, out);
		else
			g_string_append_len(
			    out, (const char *)pdf->data + o->at, to - o->at);
	}
	for (int id = n; id <= last; id++)
		if (g_hash_table_contains(edited, GINT_TO_POINTER(id))) {
			g_array_index(offsets, size_t, id) = out->len;
			put_object(q, streams, id, out);
		}
	size_t start = out->len;
	g_string_append_printf(out, "xref\n0 %d\n0000000000 65535 f \n",
	                       last + 1);
	for (int id = 1; id <= last; id++) {
		size_t o = g_array_index(offsets, size_t, id);
		if (o)
			g_string_append_printf(out, "%010zu 00000 n \n", o);
		else
			g_string_append(out, "0000000000 00000 f \n");
	}
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh root = qpdf_oh_get_key(q, trailer, "/Root");
	qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
	g_string_append_printf(out, "trailer\n<< /Size %d", last + 1);
	/* each qpdf string lasts until the next call that returns one */
	g_string_append_printf(out, " /Root %s", qpdf_oh_unparse(q, root));
	if (qpdf_oh_is_dictionary(q, info))
		g_string_append_printf(out, " /Info %s",
		                       qpdf_oh_unparse(q, info));
	GByteArray none = {NULL, 0};
	append_id(q, trailer, out, &none);
	g_string_append_printf(out, " >>\nstartxref\n%zu\n%%%%EOF\n", start);
	qpdf_oh_release(q, info);
	qpdf_oh_release(q, root);
	qpdf_oh_release(q, trailer);
	bool ok = !qpdf_failed(q);
	if (ok) {
		g_byte_array_set_size(pdf, 0);
		g_byte_array_append(pdf, (const guint8 *)out->str,
		                    (guint)out->len);
	}
	g_string_free(out, TRUE);
	g_array_free(offsets, TRUE);
	g_hash_table_destroy(edited);
	g_array_free(order, TRUE);
	g_array_free(at, TRUE);
	return ok;
}

bool pdfpost_finish(GByteArray *pdf, const struct doc *doc,
                    const struct pdf_tags *tags,
                    const struct pdfpost_boxes *boxes)
{
	struct post p = {
	    .q = qpdf_init(),
	    .tags = tags,
	    .boxes = boxes,
	    .claim = true,
	    .changed = g_array_new(FALSE, FALSE, sizeof(int)),
	    .seen = g_hash_table_new(NULL, NULL),
	    .arts = g_hash_table_new_full(NULL, NULL, NULL,
	                                  (GDestroyNotify)g_array_unref),
	    .removed = g_hash_table_new(NULL, NULL),
	    .parents = g_hash_table_new(NULL, NULL),
	    .ids = g_ptr_array_new(),
	    .streams = g_array_new(FALSE, FALSE, sizeof(struct new_stream))};
	qpdf_silence_errors(p.q);
	qpdf_set_suppress_warnings(p.q, QPDF_TRUE);
	/* qpdf reads pdf's bytes as it goes: append_update() makes the
	 * update apart and appends it only when qpdf has no more to read */
	qpdf_read_memory(p.q, "octavo.pdf", (const char *)pdf->data, pdf->len,
	                 NULL);
	bool done = false;
	bool ok = !qpdf_failed(p.q) && edit(&p, doc, pdf) &&
	          rewrite(p.q, p.changed, p.streams, p.removed, pdf, &done) &&
	          (done || append_update(p.q, p.changed, p.streams, pdf));
	qpdf_cleanup(&p.q);
	for (guint i = 0; i < p.streams->len; i++) {
		struct new_stream *s =
		    &g_array_index(p.streams, struct new_stream, i);
		g_byte_array_free(s->raw, TRUE);
		g_free(s->dict);
	}
	g_array_free(p.streams, TRUE);
	g_ptr_array_free(p.ids, TRUE);
	g_hash_table_destroy(p.parents);
	g_hash_table_destroy(p.removed);
	g_hash_table_destroy(p.arts);
	g_array_free(p.changed, TRUE);
	g_hash_table_destroy(p.seen);
	return ok;
}
