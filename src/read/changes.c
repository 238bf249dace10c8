/*
 * changes.c - the edition history.  BOOKDIR/CHANGES.md, when there is one,
 * is read like a chapter (cmark-gfm, through markdown_parse) into a
 * generated chapter after the listed ones, so every output shows it as it
 * shows any chapter.  Its form is checked here: a level-1 title, then one
 * level-2 heading "VERSION (YYYY-MM-DD)" per edition, each version once,
 * and book.yaml's version among them, with book.yaml's date.
 */
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "read.h"
#include "infile.h"
#include "util.h"

#define CHANGES_FILE "CHANGES.md"
#define CHANGES_STEM "edition-history"

/* Splits "1.2.0 (2026-11-25)" into its version and date (caller frees
 * both); false when the text has another form. */
static bool split_edition(const char *text, char **version, char **date)
{
	const char *sp = strchr(text, ' ');
	size_t n = strlen(text);
	if (!sp || n != (size_t)(sp - text) + 13 || sp[1] != '(' ||
	    text[n - 1] != ')')
		return false;
	*version = g_strndup(text, (size_t)(sp - text));
	*date = g_strndup(sp + 2, 10);
	if (manifest_valid_version(*version) && manifest_valid_date(*date))
		return true;
	g_free(*version);
	g_free(*date);
	return false;
}

struct edition_check {
	struct doc *doc;
	GHashTable *seen; /* version -> line of its heading */
	bool found;       /* book.yaml's version has a heading */
	bool ok;
};

static void check_edition(struct edition_check *c, const struct doc_node *h)
{
	char *text = doc_node_text(c->doc, h), *version, *date;
	const struct doc_meta *m = &c->doc->meta;
	if (!split_edition(text, &version, &date)) {
		diag(&h->loc, CHANGES_HEADING, text);
		c->ok = false;
		return;
	}
	gpointer first = g_hash_table_lookup(c->seen, version);
	if (first) {
		diag(&h->loc, CHANGES_TWICE, version, GPOINTER_TO_UINT(first));
		c->ok = false;
	} else {
		g_hash_table_insert(c->seen, g_strdup(version),
		                    GUINT_TO_POINTER(h->loc.line));
	}
	if (!first && m->version && !strcmp(version, m->version)) {
		c->found = true;
		if (m->date && strcmp(date, m->date)) {
			diag(&h->loc, CHANGES_DATE, version, date, m->date);
			c->ok = false;
		}
	}
	g_free(version);
	g_free(date);
}

/* The form of the parsed history (see the top of this file). */
static bool check_form(struct doc *doc, const struct doc_node *ch)
{
	struct edition_check c = {
	    doc, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
	    false, true};
	const struct doc_node *b = ch->first;
	if (!b || b->kind != DOC_HEADING || b->u.heading.level != 1) {
		struct doc_loc loc = b ? b->loc : ch->loc;
		diag(&loc, CHANGES_NO_TITLE);
		c.ok = false;
	}
	for (; b; b = b->next)
		if (b->kind == DOC_HEADING && b->u.heading.level == 2)
			check_edition(&c, b);
	if (c.ok && !g_hash_table_size(c.seen)) {
		diag(&ch->loc, CHANGES_EMPTY);
		c.ok = false;
	} else if (c.ok && doc->meta.version && !c.found) {
		diag(&ch->loc, CHANGES_NO_VERSION, doc->meta.version);
		c.ok = false;
	}
	g_hash_table_destroy(c.seen);
	return c.ok;
}

/* A listed chapter CHANGES.md, or one called "edition-history", would be
 * the history twice or share its output file name. */
static bool stem_taken(const struct doc *doc)
{
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		if (!strcmp(ch->u.chapter.src, CHANGES_FILE) ||
		    !strcmp(ch->u.chapter.stem, CHANGES_STEM)) {
			diag(&ch->loc, CHANGES_CLASH, ch->u.chapter.src);
			return true;
		}
	return false;
}

bool changes_read(struct doc *doc)
{
	char *path = g_build_filename(doc->meta.dir, CHANGES_FILE, NULL);
	/* a problem with the file as a whole is told at its name */
	struct doc_loc at = {arena_strdup(doc->arena, path), 0, 0};
	struct infile f = {.kind = INFILE_HISTORY,
	                   .root = doc->meta.dir,
	                   .name = CHANGES_FILE,
	                   .at = &at,
	                   .quiet_missing = true};
	GBytes *bytes = NULL;
	enum infile_status st = infile_read(&f, &bytes, NULL);
	if (st != INFILE_OK) {
		g_free(path);
		return st == INFILE_MISSING;
	}
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	bool ok = false;
	const char *name = arena_strdup(doc->arena, path);
	struct doc_loc loc = {name, 1, 1};
	struct doc_node *ch = doc_node_new(doc, DOC_CHAPTER, &loc);
	ch->u.chapter.src = CHANGES_FILE;
	ch->u.chapter.stem = CHANGES_STEM;
	ch->u.chapter.generated = true;
	ch->u.chapter.number =
	    doc->root->last ? doc->root->last->u.chapter.number + 1 : 1;
	if (!stem_taken(doc)) {
		doc_node_append(doc->root, ch);
		ok = markdown_parse(doc, ch, name, data, len) &&
		     check_form(doc, ch);
	}
	g_bytes_unref(bytes);
	g_free(path);
	return ok;
}
