/*
 * ids.c - the titles, ids and keys passes.
 *
 * Chapters take their title from their first heading.  A chapter's id is
 * made from its file name, unique among the chapters.  Within a chapter,
 * ids follow GitHub's rule, so that links written for GitHub, GitLab or
 * mdBook ("fs.md#fsreadfilepath-options-callback") work as written:
 *
 *   - an id the author gave is kept as written: "{#id}" at the end of a
 *     heading (taken out of its text) and the id or name of a raw HTML
 *     element (<a id="x">, <a name="x">, <div id="x">);
 *   - every other heading gets its text in lower case, with every
 *     character that is not a letter, a mark, a digit, '_', '-' or a space
 *     removed and each space made a '-' ("Event: 'exit'" -> "event-exit");
 *     the second heading with the same id in the file gets "-1", the third
 *     "-2", and so on.
 *
 * Ids are per chapter, so moving a chapter changes none.  Each node's key
 * (its chapter's id, '/', its id) is unique in the whole book, for the PDF.
 */
#include <glib.h>
#include <string.h>

#include "pass.h"
#include "util.h"

bool pass_titles(struct doc *doc)
{
	for (struct doc_node *ch = doc->root->first; ch; ch = ch->next) {
		struct doc_node *h = ch->first;
		while (h && h->kind != DOC_HEADING)
			h = h->next;
		/* SUMMARY.md's link text names a chapter without one */
		const char *listed = ch->u.chapter.title;
		ch->u.chapter.title = h        ? doc_node_text(doc, h)
		                      : listed ? listed
		                               : ch->u.chapter.stem;
		if (!h && !listed)
			diag(&ch->loc, CHAPTER_NO_HEADING, ch->u.chapter.src);
	}
	return true;
}

/* "08-safe-use" -> "ch-08-safe-use": lowercase ASCII letters, digits and
 * hyphens, starting with a letter (prefix when it would start with a
 * digit), at most 48 characters. */
static GString *slugify(const char *text, const char *prefix)
{
	GString *s = g_string_new(NULL);
	bool hyphen = false;
	for (const char *c = text; *c && s->len < 48; c++) {
		if (g_ascii_isalnum(*c)) {
			if (hyphen && s->len)
				g_string_append_c(s, '-');
			g_string_append_c(s, g_ascii_tolower(*c));
			hyphen = false;
		} else {
			hyphen = true;
		}
	}
	if (!s->len || !g_ascii_isalpha(s->str[0]))
		g_string_prepend(s, prefix);
	return s;
}

const char *pass_unique_id(struct doc *doc, GHashTable *taken, const char *base)
{
	GString *s = g_string_new(base);
	unique_name(s, s->len, 2, taken);
	const char *id = arena_strndup(doc->arena, s->str, s->len);
	g_hash_table_add(taken, (gpointer)id);
	g_string_free(s, TRUE);
	return id;
}

bool pass_chapter_ids(struct doc *doc)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (struct doc_node *ch = doc->root->first; ch; ch = ch->next) {
		GString *s = slugify(ch->u.chapter.stem, "ch-");
		ch->id = pass_unique_id(doc, seen, s->str);
		g_string_free(s, TRUE);
	}
	g_hash_table_destroy(seen);
	return true;
}

char *pass_github_id(const char *text)
{
	char *lower = g_utf8_strdown(text, -1);
	GString *s = g_string_new(NULL);
	for (const char *c = lower; *c; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);
		switch (g_unichar_type(u)) {
		case G_UNICODE_LOWERCASE_LETTER:
		case G_UNICODE_UPPERCASE_LETTER:
		case G_UNICODE_TITLECASE_LETTER:
		case G_UNICODE_MODIFIER_LETTER:
		case G_UNICODE_OTHER_LETTER:
		case G_UNICODE_SPACING_MARK:
		case G_UNICODE_ENCLOSING_MARK:
		case G_UNICODE_NON_SPACING_MARK:
		case G_UNICODE_DECIMAL_NUMBER:
		case G_UNICODE_LETTER_NUMBER:
		case G_UNICODE_OTHER_NUMBER:
		case G_UNICODE_CONNECT_PUNCTUATION: /* '_' */
			g_string_append_unichar(s, u);
			break;
		default:
			if (u == '-' || u == ' ')
				g_string_append_c(s, '-');
			break;
		}
	}
	g_free(lower);
	return g_string_free(s, FALSE);
}

/* An explicit id: "{#id}", or "{#id .class key=value}" as pandoc writes
 * it, at the end of text.  Returns where the braces start (after the
 * spaces before them) and the id in *id (the caller g_frees it), or
 * NULL. */
static const char *attr_block(const char *text, char **id)
{
	size_t len = strlen(text);
	while (len && text[len - 1] == ' ')
		len--;
	if (!len || text[len - 1] != '}')
		return NULL;
	const char *open = g_strrstr_len(text, (gssize)len, "{");
	if (!open || open[1] != '#')
		return NULL;
	char *inner = g_strndup(open + 1, (size_t)(text + len - 1 - open - 1));
	char **words = g_strsplit_set(inner, " ", -1);
	*id = NULL;
	bool ok = true;
	for (char **w = words; *w; w++) {
		if (**w == '#' && !*id && (*w)[1])
			*id = g_strdup(*w + 1);
		else if (**w && **w != '.' && !strchr(*w, '='))
			ok = false; /* not an attribute list */
	}
	g_strfreev(words);
	g_free(inner);
	if (!ok || !*id) {
		g_free(*id);
		*id = NULL;
		return NULL;
	}
	while (open > text && open[-1] == ' ')
		open--;
	return open;
}

/* "## Title {#id}": takes the braces out of the heading's last text and
 * returns the id (arena), or NULL. */
static const char *heading_attr(struct doc *doc, struct doc_node *h)
{
	struct doc_node *t = h->last;
	while (t && t->kind == DOC_SOFTBREAK)
		t = t->prev;
	char *id = NULL;
	const char *at = t && t->kind == DOC_TEXT
	                     ? attr_block(t->u.literal.text, &id)
	                     : NULL;
	if (!at)
		return NULL;
	t->u.literal.text = arena_strndup(doc->arena, t->u.literal.text,
	                                  (size_t)(at - t->u.literal.text));
	const char *r = arena_strdup(doc->arena, id);
	g_free(id);
	return r;
}

/* Records an id the author gave to n; a second use in the chapter is
 * dropped with a warning (a link goes to the first, as in a browser). */
static void take_given(struct doc *doc, const struct doc_node *ch,
                       struct doc_node *n, GHashTable *where)
{
	if (!*n->id || strpbrk(n->id, " \t\r\n'\"\\<>&#%")) {
		diag(&n->loc, ID_UNUSABLE, n->id);
		n->id = NULL;
		return;
	}
	if (doc_id_take(doc, ch, n->id)) {
		g_hash_table_insert(where, (gpointer)n->id, n);
		return;
	}
	const struct doc_node *first = g_hash_table_lookup(where, n->id);
	diag(&n->loc, ID_TWICE, n->id, first ? first->loc.line : 0);
	n->id = NULL;
}

static void chapter_ids(struct doc *doc, struct doc_node *ch)
{
	GHashTable *where = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *headings = g_ptr_array_new();
	struct doc_iter it;
	const struct doc_node *c;
	enum doc_event ev;
	doc_iter_init(&it, ch);
	while (doc_iter_next(&it, &c, &ev)) {
		struct doc_node *n = (struct doc_node *)c;
		if (ev != DOC_LEAVE && !doc_kind_is_leaf(n->kind))
			continue;
		if (n == ch)
			continue;
		if (n->kind == DOC_HEADING && !n->id)
			n->id = heading_attr(doc, n);
		if (n->id)
			take_given(doc, ch, n, where);
		else if (n->kind == DOC_HEADING)
			g_ptr_array_add(headings, n);
	}
	/* the ids given come first: a heading never takes one of them */
	for (guint i = 0; i < headings->len; i++) {
		struct doc_node *h = headings->pdata[i];
		char *text = doc_node_text(doc, h);
		char *base = pass_github_id(g_strstrip(text));
		h->id = doc_id_unique(doc, ch, *base ? base : "section");
		g_free(base);
	}
	g_ptr_array_free(headings, TRUE);
	g_hash_table_destroy(where);
}

bool pass_ids(struct doc *doc)
{
	pass_chapter_ids(doc);
	for (struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		chapter_ids(doc, ch);
	return true;
}

bool pass_keys(struct doc *doc)
{
	struct doc_iter it;
	const struct doc_node *c;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &c, &ev)) {
		struct doc_node *n = (struct doc_node *)c;
		if (ev != DOC_ENTER || !n->id)
			continue;
		const struct doc_node *ch = doc_node_chapter(n);
		n->key = n == ch || !ch
		             ? n->id
		             : arena_printf(doc->arena, "%s/%s", ch->id, n->id);
	}
	return true;
}
