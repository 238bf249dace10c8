/*
 * links.c - links inside the book.  A link with no URL scheme names a
 * chapter's Markdown file ("08-safe-use.md", "../part/x.md#anchor",
 * relative to the linking chapter) or an anchor ("#anchor").  The pass sets
 * u.link.target to the chapter or the node with that id, so each output can
 * write its own kind of reference; it reports links that lead nowhere.
 * Links an earlier pass made with their target set (citations) are left
 * alone.  A link to a chapter left out of this build (doc->meta.left_out,
 * a handout) becomes its plain text.
 */
#include <glib.h>
#include <string.h>

#include "pass.h"
#include "util.h"

struct lctx {
	struct doc *doc;
	GHashTable *chapters; /* src path -> DOC_CHAPTER */
	GHashTable *ids;      /* id -> node */
	GPtrArray *unwrap;    /* links to chapters left out */
	bool ok;
};

static bool left_out(const struct doc *doc, const char *src)
{
	for (const char **c = doc->meta.left_out; c && *c; c++)
		if (!strcmp(*c, src))
			return true;
	return false;
}

/* Puts link's children in its place. */
static void unwrap(struct doc_node *link)
{
	while (link->first) {
		struct doc_node *c = link->first;
		doc_node_unlink(c);
		doc_node_insert_before(link, c);
	}
	doc_node_unlink(link);
}

/* Does url start with a scheme ("https:", "mailto:")? */
static bool has_scheme(const char *url)
{
	if (!g_ascii_isalpha(url[0]))
		return false;
	for (const char *c = url + 1; *c; c++) {
		if (*c == ':')
			return true;
		if (!g_ascii_isalnum(*c) && *c != '+' && *c != '-' && *c != '.')
			return false;
	}
	return false;
}

/* Joins the linking chapter's folder and a relative path, folding "." and
 * "..".  Returns NULL if the path leaves the book folder.  The caller owns
 * the result (g_free). */
static char *join_relative(const char *from_src, const char *rel)
{
	char *dir = g_path_get_dirname(from_src);
	char *joined = g_build_filename(dir, rel, NULL);
	char **parts = g_strsplit(joined, "/", -1);
	GPtrArray *out = g_ptr_array_new();
	bool outside = false;

	for (char **p = parts; *p; p++) {
		if (!**p || !strcmp(*p, "."))
			continue;
		if (!strcmp(*p, "..")) {
			if (out->len)
				g_ptr_array_remove_index(out, out->len - 1);
			else
				outside = true;
			continue;
		}
		g_ptr_array_add(out, *p);
	}
	g_ptr_array_add(out, NULL);
	char *r = outside ? NULL : g_strjoinv("/", (char **)out->pdata);
	g_ptr_array_free(out, TRUE);
	g_strfreev(parts);
	g_free(joined);
	g_free(dir);
	return r;
}

static const struct doc_node *find_anchor(struct lctx *l, struct doc_node *link,
                                          const struct doc_node *chapter,
                                          const char *anchor)
{
	const struct doc_node *t = g_hash_table_lookup(l->ids, anchor);
	if (!t || doc_node_chapter(t) != chapter) {
		diag_error(&link->loc,
		           "link to '%s': no heading with id '%s' in "
		           "'%s'",
		           link->u.link.url, anchor, chapter->u.chapter.src);
		l->ok = false;
		return NULL;
	}
	return t;
}

static void resolve(struct lctx *l, struct doc_node *link)
{
	const char *url = link->u.link.url;
	const struct doc_node *from = doc_node_chapter(link);
	const char *hash = strchr(url, '#');
	char *file =
	    hash ? g_strndup(url, (size_t)(hash - url)) : g_strdup(url);
	const struct doc_node *chapter = from;

	if (*file) {
		char *src = join_relative(from->u.chapter.src, file);
		chapter = src ? g_hash_table_lookup(l->chapters, src) : NULL;
		bool gone = !chapter && src && left_out(l->doc, src);
		g_free(src);
		if (gone) {
			g_ptr_array_add(l->unwrap, link);
		} else if (!chapter) {
			diag_error(&link->loc,
			           "link to '%s': no such chapter in "
			           "the book",
			           url);
			l->ok = false;
		}
	}
	g_free(file);
	if (!chapter)
		return;
	link->u.link.target =
	    hash && hash[1] ? find_anchor(l, link, chapter, hash + 1) : chapter;
}

static void collect_ids(struct lctx *l)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, l->doc->root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (n->kind == DOC_CHAPTER)
			g_hash_table_insert(l->chapters,
			                    (gpointer)n->u.chapter.src,
			                    (gpointer)n);
		if (n->id)
			g_hash_table_insert(l->ids, (gpointer)n->id,
			                    (gpointer)n);
	}
}

bool pass_links(struct doc *doc)
{
	struct lctx l = {doc, g_hash_table_new(g_str_hash, g_str_equal),
	                 g_hash_table_new(g_str_hash, g_str_equal),
	                 g_ptr_array_new(), true};
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;

	collect_ids(&l);
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_LEAVE && n->kind == DOC_LINK &&
		    !n->u.link.target && !has_scheme(n->u.link.url))
			resolve(&l, (struct doc_node *)n);
	for (guint i = 0; i < l.unwrap->len; i++)
		unwrap(l.unwrap->pdata[i]);
	g_ptr_array_free(l.unwrap, TRUE);
	g_hash_table_destroy(l.chapters);
	g_hash_table_destroy(l.ids);
	return l.ok;
}
