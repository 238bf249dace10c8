/*
 * select.c - a handout's chapters: the chapters named on the command line
 * stay in the tree, the others leave it before anything is read, so every
 * pass (notes, citations, links) runs on the chosen chapters only.
 */
#include <glib.h>
#include <string.h>

#include "pass.h"
#include "util.h"

static bool names_chapter(const struct doc_node *ch, const char *name)
{
	return !strcmp(name, ch->u.chapter.stem) ||
	       !strcmp(name, ch->u.chapter.src) ||
	       (ch->id && !strcmp(name, ch->id));
}

/* "no chapter 'x' in the book; the chapters: 00-intro (ch-00-intro), ..."
 * at at, or on the command line. */
static void unknown_chapter(const struct doc *doc, const char *name,
                            const struct doc_loc *at)
{
	GString *s = g_string_new(NULL);
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		g_string_append_printf(s, "%s%s (%s)",
		                       ch == doc->root->first ? "" : ", ",
		                       ch->u.chapter.stem, ch->id);
	if (at)
		diag(at, PRINT_CHAPTER_UNKNOWN, name, s->str);
	else
		diag_path(NULL, HANDOUT_CHAPTER_UNKNOWN, name, s->str);
	g_string_free(s, TRUE);
}

bool pass_select(struct doc *doc, const char *list, const struct doc_loc *at)
{
	/* the chapters' ids, as the passes will make them (nothing else
	 * has one yet: the chapters are not read) */
	pass_chapter_ids(doc);
	char **names = g_strsplit(list, ",", -1);
	GHashTable *keep = g_hash_table_new(g_direct_hash, g_direct_equal);
	bool ok = true;
	for (char **n = names; *n && ok; n++) {
		g_strstrip(*n);
		const struct doc_node *ch = doc->root->first;
		while (ch && !names_chapter(ch, *n))
			ch = ch->next;
		if (ch)
			g_hash_table_add(keep, (gpointer)ch);
		else {
			unknown_chapter(doc, *n, at);
			ok = false;
		}
	}
	g_strfreev(names);
	if (ok && !g_hash_table_size(keep)) {
		if (at)
			diag(at, PRINT_NO_CHAPTER);
		else
			diag_path(NULL, HANDOUT_NO_CHAPTER);
		ok = false;
	}
	if (ok) {
		size_t n = 0, i = 0;
		for (struct doc_node *ch = doc->root->first; ch; ch = ch->next)
			n++;
		const char **out =
		    arena_alloc(doc->arena, (n + 1) * sizeof *out);
		for (struct doc_node *ch = doc->root->first, *next; ch;
		     ch = next) {
			next = ch->next;
			if (g_hash_table_contains(keep, ch))
				continue;
			out[i++] = ch->u.chapter.src;
			doc_node_unlink(ch);
		}
		out[i] = NULL;
		doc->meta.left_out = out;
	}
	g_hash_table_destroy(keep);
	return ok;
}
