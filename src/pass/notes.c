/*
 * notes.c - footnotes.  cmark-gfm has matched references to definitions by
 * label; this pass numbers the notes of each chapter in the order of their
 * first reference, links each reference to its note and gives both ids
 * (fn-N for the note, fnref-N[-K] for the K-th reference, unique in the
 * chapter: doc_id_unique()), and the mark both show: the number, or in a
 * book whose citations are numbered (Vancouver) a letter, as medical
 * journals mark notes beside numbered references.  A note that
 * nothing refers to is dropped with a warning, and so is said a
 * reference to no note, which cmark-gfm leaves as its text.
 */
#include <glib.h>
#include <string.h>

#include "pass.h"
#include "util.h"

struct chapter_notes {
	struct doc *doc;
	const struct doc_node *chapter;
	GHashTable *by_label; /* label -> DOC_NOTE */
	GHashTable *refs;     /* DOC_NOTE -> references seen so far */
	unsigned count;
	bool letters; /* marks are letters: the citations are numbers */
	bool ok;
};

/* "1", or "a" ... "z", "aa" ... for letters.  In doc's arena. */
static const char *note_mark(struct doc *doc, unsigned number, bool letters)
{
	GString *s = g_string_new(NULL);
	if (!letters) {
		g_string_append_printf(s, "%u", number);
	} else {
		for (unsigned k = number; k > 0; k = (k - 1) / 26)
			g_string_prepend_c(s, (char)('a' + (k - 1) % 26));
	}
	const char *mark = arena_strdup(doc->arena, s->str);
	g_string_free(s, TRUE);
	return mark;
}

static void number_ref(struct chapter_notes *cn, struct doc_node *ref)
{
	struct doc_node *note =
	    ref->u.note.label
	        ? g_hash_table_lookup(cn->by_label, ref->u.note.label)
	        : NULL;
	const struct doc_node *ch = cn->chapter;
	if (!note) {
		diag(&ref->loc, NOTE_NO_TEXT,
		     ref->u.note.label ? ref->u.note.label : "");
		cn->ok = false;
		return;
	}
	if (!note->u.note.first_ref) {
		note->u.note.first_ref = ref;
		note->u.note.number = ++cn->count;
		note->u.note.mark =
		    note_mark(cn->doc, note->u.note.number, cn->letters);
		char *id = g_strdup_printf("fn-%u", note->u.note.number);
		note->id = doc_id_unique(cn->doc, ch, id);
		g_free(id);
		id = g_strdup_printf("fnref-%u", note->u.note.number);
		ref->id = doc_id_unique(cn->doc, ch, id);
		g_free(id);
	} else {
		/* a later reference to the same note: fnref-N-K */
		unsigned k =
		    GPOINTER_TO_UINT(g_hash_table_lookup(cn->refs, note));
		k = k ? k + 1 : 2;
		g_hash_table_insert(cn->refs, note, GUINT_TO_POINTER(k));
		char *id =
		    g_strdup_printf("fnref-%u-%u", note->u.note.number, k);
		ref->id = doc_id_unique(cn->doc, ch, id);
		g_free(id);
	}
	ref->u.note.note = note;
	ref->u.note.number = note->u.note.number;
	ref->u.note.mark = note->u.note.mark;
}

/* "[^label]" left as text by cmark-gfm (no "[^label]:" defines it):
 * said at its '[', which may stand in one text node with the rest or in
 * several side by side.  A written "\\[" is plain text on purpose. */
static void undefined_refs(const struct doc_node *t)
{
	if (t->kind != DOC_TEXT || t->u.literal.escaped ||
	    !strstr(t->u.literal.text, "["))
		return;
	GString *s = g_string_new(NULL);
	for (const struct doc_node *k = t;
	     k && k->kind == DOC_TEXT && (k == t || !k->u.literal.escaped);
	     k = k->next)
		g_string_append(s, k->u.literal.text);
	const char *own = t->u.literal.text, *p = s->str;
	while ((p = strstr(p, "[^")) && p < s->str + strlen(own)) {
		size_t n = strcspn(p + 2, "] \t\n[");
		if (n && p[2 + n] == ']') {
			struct doc_loc at = t->loc;
			at.col += (unsigned)g_utf8_strlen(s->str, p - s->str);
			char *label = g_strndup(p + 2, n);
			diag(&at, NOTE_UNDEFINED, label, label);
			g_free(label);
		}
		p += 2;
	}
	g_string_free(s, TRUE);
}

static void chapter_notes(struct chapter_notes *cn, struct doc_node *ch)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;

	for (struct doc_node *b = ch->first; b; b = b->next)
		if (b->kind == DOC_NOTE && b->u.note.label)
			g_hash_table_insert(cn->by_label,
			                    (gpointer)b->u.note.label, b);
	doc_iter_init(&it, ch);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev == DOC_ENTER && n->kind == DOC_NOTE_REF)
			number_ref(cn, (struct doc_node *)n);
		else if (ev == DOC_ENTER)
			undefined_refs(n);
	}
	for (struct doc_node *b = ch->first, *next; b; b = next) {
		next = b->next;
		if (b->kind == DOC_NOTE && !b->u.note.first_ref) {
			diag(&b->loc, NOTE_UNUSED,
			     b->u.note.label ? b->u.note.label : "");
			doc_node_unlink(b);
		}
	}
}

/* Are the book's citations numbers ("[1]"): a bibliography in any style
 * but author-date? */
static bool numbered_citations(const struct doc *doc)
{
	const char *style = doc->meta.citation_style;
	return doc->meta.bibliography &&
	       !(style && !g_ascii_strcasecmp(style, "author-date"));
}

bool pass_notes(struct doc *doc)
{
	bool ok = true;
	for (struct doc_node *ch = doc->root->first; ch; ch = ch->next) {
		struct chapter_notes cn = {
		    doc, ch, NULL, NULL, 0, numbered_citations(doc), true};
		cn.by_label = g_hash_table_new(g_str_hash, g_str_equal);
		cn.refs = g_hash_table_new(g_direct_hash, g_direct_equal);
		chapter_notes(&cn, ch);
		g_hash_table_destroy(cn.by_label);
		g_hash_table_destroy(cn.refs);
		ok = ok && cn.ok;
	}
	return ok;
}
