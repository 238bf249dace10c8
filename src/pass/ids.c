/*
 * ids.c - the titles and ids passes.
 *
 * Chapters take their title from their first heading.  Every chapter and
 * heading gets an anchor id unique in the whole book, made from its text:
 * lowercase ASCII letters, digits and hyphens, starting with a letter (a
 * valid XML name, a valid PDF destination).
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
		ch->u.chapter.title =
		    h ? doc_node_text(doc, h) : ch->u.chapter.stem;
		if (!h)
			diag_warn(&ch->loc,
			          "chapter '%s' has no heading; its "
			          "file name is its title",
			          ch->u.chapter.src);
	}
	return true;
}

/* "1. Ketamine’s Uses" -> "ketamine-s-uses" (prefix when it would start
 * with a digit), at most 48 characters. */
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

bool pass_ids(struct doc *doc)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

	for (struct doc_node *ch = doc->root->first; ch; ch = ch->next) {
		GString *s = slugify(ch->u.chapter.stem, "ch-");
		ch->id = pass_unique_id(doc, seen, s->str);
		g_string_free(s, TRUE);
	}
	for (struct doc_node *ch = doc->root->first; ch; ch = ch->next) {
		struct doc_iter it;
		const struct doc_node *n;
		enum doc_event ev;
		doc_iter_init(&it, ch);
		while (doc_iter_next(&it, &n, &ev)) {
			if (ev != DOC_LEAVE || n->kind != DOC_HEADING)
				continue;
			char *text = doc_node_text(doc, n);
			GString *s = slugify(text, "s-");
			((struct doc_node *)n)->id =
			    pass_unique_id(doc, seen, s->str);
			g_string_free(s, TRUE);
		}
	}
	g_hash_table_destroy(seen);
	return true;
}
