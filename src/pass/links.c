/*
 * links.c - links inside the book.  A link with no URL scheme names a
 * chapter's Markdown file ("08-safe-use.md", "../part/x.md#anchor",
 * relative to the linking chapter) or an anchor ("#anchor").  The pass sets
 * u.link.target to the chapter or the node with that id, so each output can
 * write its own kind of reference.  Links an earlier pass made with their
 * target set (citations) are left alone.  A link to a chapter left out of
 * this build (doc->meta.left_out, a handout) becomes its plain text.
 *
 * A link that leads nowhere is reported once per place it leads to, with
 * the number of links that lead there, at the link reference definition
 * when it has one (the line to mend), naming the closest ids the chapter
 * has.
 */
#include <glib.h>
#include <string.h>

#include "pass.h"
#include "util.h"

/* A place links lead to that is not in the book. */
struct miss {
	struct doc_loc loc; /* where to mend it */
	char *url;          /* as the first link wrote it */
	char *text;         /* why it leads nowhere */
	unsigned uses;
};

struct lctx {
	struct doc *doc;
	GHashTable *chapters; /* src path -> DOC_CHAPTER */
	GHashTable *keys;     /* key -> node */
	GHashTable *ids;      /* DOC_CHAPTER -> GPtrArray of its ids */
	GHashTable *misses;   /* "src#anchor" -> struct miss */
	GPtrArray *order;     /* struct miss, in the order first met */
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

/* Edit distance (insertions, deletions, substitutions) of two short
 * strings, by bytes. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t sub = diag + (a[i - 1] != b[j - 1]);
			row[j] = MIN(sub, MIN(up, row[j - 1]) + 1);
			diag = up;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

struct near {
	const char *name;
	size_t d;
};

static gint by_distance(gconstpointer a, gconstpointer b)
{
	const struct near *x = a, *y = b;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* " (did you mean 'a', 'b' or 'c'?)": the names closest to want (at most
 * three), or "" when none is close.  Appends to s. */
static void did_you_mean(GString *s, const char *want, const GPtrArray *names)
{
	size_t limit = MAX(2, strlen(want) / 3);
	GArray *near = g_array_new(FALSE, FALSE, sizeof(struct near));
	char *lower = g_ascii_strdown(want, -1);
	for (guint i = 0; names && i < names->len; i++) {
		const char *name = names->pdata[i];
		struct near n = {name, distance(lower, name)};
		if (strcmp(want, lower) && !strcmp(lower, name))
			n.d = 0; /* the same but for case */
		/* close, and not mostly different ("one" for "dose") */
		if (n.d <= limit && n.d <= MIN(strlen(want), strlen(name)) / 2)
			g_array_append_val(near, n);
	}
	g_free(lower);
	g_array_sort(near, by_distance);
	guint n = MIN(near->len, 3);
	for (guint i = 0; i < n; i++)
		g_string_append_printf(
		    s, "%s'%s'",
		    !i          ? " (did you mean "
		    : i + 1 < n ? ", "
		                : " or ",
		    g_array_index(near, struct near, i).name);
	if (n)
		g_string_append(s, "?)");
	g_array_free(near, TRUE);
}

/* Counts one more link to place, a chapter and anchor that is not in the
 * book: its message is made once, by text(), when first met. */
static void missed(struct lctx *l, const struct doc_node *link,
                   const char *place, char *(*text)(struct lctx *, void *),
                   void *data)
{
	/* the links through one definition, or written in full */
	const struct doc_loc *def = &link->u.link.def;
	char *what =
	    def->line ? g_strdup_printf("%s %s:%u", place, def->file, def->line)
	              : g_strdup(place);
	struct miss *m = g_hash_table_lookup(l->misses, what);
	if (l->doc->meta.mdbook) /* its text stays (report()) */
		g_ptr_array_add(l->unwrap, (struct doc_node *)link);
	else
		l->ok = false;
	if (m) {
		g_free(what);
	} else {
		m = g_new0(struct miss, 1);
		m->loc = link->u.link.def.line ? link->u.link.def : link->loc;
		m->url = g_strdup(link->u.link.url);
		m->text = text(l, data);
		g_hash_table_insert(l->misses, what, m);
		g_ptr_array_add(l->order, m);
	}
	m->uses++;
}

struct anchor_miss {
	const struct doc_node *link, *chapter;
	const char *anchor;
};

/* The chapters (other than ch) that have the id. */
static void elsewhere(struct lctx *l, GString *s, const struct doc_node *ch,
                      const char *id)
{
	unsigned n = 0;
	for (const struct doc_node *c = l->doc->root->first; c; c = c->next) {
		char *key = g_strdup_printf("%s/%s", c->id, id);
		if (c != ch && g_hash_table_contains(l->keys, key))
			g_string_append_printf(s, "%s'%s'",
			                       n++ ? ", " : "; it is an id in ",
			                       c->u.chapter.src);
		g_free(key);
	}
}

static char *anchor_text(struct lctx *l, void *data)
{
	const struct anchor_miss *a = data;
	GString *s = g_string_new(NULL);
	g_string_printf(s, "no heading or anchor with id '%s' in '%s'",
	                a->anchor, a->chapter->u.chapter.src);
	did_you_mean(s, a->anchor, g_hash_table_lookup(l->ids, a->chapter));
	elsewhere(l, s, a->chapter, a->anchor);
	return g_string_free(s, FALSE);
}

/* "#caf%C3%A9" -> "café"; as written when it is not a valid escape. */
static char *unescape(const char *anchor)
{
	char *u = g_uri_unescape_string(anchor, NULL);
	return u && g_utf8_validate(u, -1, NULL)
	           ? u
	           : (g_free(u), g_strdup(anchor));
}

static const struct doc_node *find_anchor(struct lctx *l, struct doc_node *link,
                                          const struct doc_node *chapter,
                                          const char *written)
{
	char *anchor = unescape(written);
	char *key = g_strdup_printf("%s/%s", chapter->id, anchor);
	const struct doc_node *t = g_hash_table_lookup(l->keys, key);
	if (!t) {
		struct anchor_miss a = {link, chapter, anchor};
		missed(l, link, key, anchor_text, &a);
	}
	g_free(key);
	g_free(anchor);
	return t;
}

struct chapter_miss {
	const struct doc_node *link;
	const char *src; /* the path it names, or NULL: outside the book */
};

static char *chapter_text(struct lctx *l, void *data)
{
	const struct chapter_miss *c = data;
	GString *s = g_string_new(NULL);
	if (!c->src) {
		g_string_assign(s, "the path leads out of the book");
		return g_string_free(s, FALSE);
	}
	g_string_printf(s, "no chapter '%s' in the book", c->src);
	GPtrArray *srcs = g_ptr_array_new();
	for (const struct doc_node *ch = l->doc->root->first; ch; ch = ch->next)
		g_ptr_array_add(srcs, (gpointer)ch->u.chapter.src);
	did_you_mean(s, c->src, srcs);
	g_ptr_array_free(srcs, TRUE);
	return g_string_free(s, FALSE);
}

/* The chapter a link to the page mdBook makes of it names: "x.html" is
 * x.md's page, and "dir/index.html" dir/README.md's (mdBook's index),
 * as an mdBook author may write them.  NULL when there is none. */
static const struct doc_node *by_page(struct lctx *l, const char *src)
{
	if (!g_str_has_suffix(src, ".html"))
		return NULL;
	char *base = g_strndup(src, strlen(src) - strlen(".html"));
	char *md = g_strconcat(base, ".md", NULL);
	const struct doc_node *ch = g_hash_table_lookup(l->chapters, md);
	char *name = g_path_get_basename(base);
	if (!ch && !strcmp(name, "index")) {
		char *dir = g_path_get_dirname(base);
		char *readme = strcmp(dir, ".")
		                   ? g_build_filename(dir, "README.md", NULL)
		                   : g_strdup("README.md");
		ch = g_hash_table_lookup(l->chapters, readme);
		g_free(readme);
		g_free(dir);
	}
	g_free(name);
	g_free(md);
	g_free(base);
	return ch;
}

/* Does src (NULL: out of the book folder) lead out of the folder of an
 * mdBook project's chapters, the root of the site mdBook makes of it?
 * Its books link to their neighbours there ("../std/index.html" in the
 * Rustonomicon), which no EPUB or PDF of the book holds.  *root gets
 * the folder. */
static bool out_of_site(const struct doc *doc, const char *src, char **root)
{
	if (!doc->meta.summary)
		return false;
	*root = g_path_get_dirname(doc->meta.summary);
	size_t n = strlen(*root);
	return !src || (strcmp(*root, ".") &&
	                (strncmp(src, *root, n) || src[n] != '/'));
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
		char *path = unescape(file);
		/* "/x.md": from the root of the book (of an mdBook project's
		 * site: SUMMARY.md's folder), not from the chapter's folder */
		char *top = path[0] == '/' && l->doc->meta.summary
		                ? g_path_get_dirname(l->doc->meta.summary)
		                : g_strdup(".");
		char *base = path[0] == '/' ? g_build_filename(top, "-", NULL)
		                            : g_strdup(from->u.chapter.src);
		char *src = join_relative(base, path);
		g_free(base);
		g_free(top);
		chapter = src ? g_hash_table_lookup(l->chapters, src) : NULL;
		if (!chapter && src)
			chapter = by_page(l, src);
		char *root = NULL;
		if (!chapter && src && left_out(l->doc, src)) {
			g_ptr_array_add(l->unwrap, link);
		} else if (!chapter && out_of_site(l->doc, src, &root)) {
			diag(&link->loc, LINK_OUT_OF_SITE, url, root);
			g_ptr_array_add(l->unwrap, link);
		} else if (!chapter) {
			struct chapter_miss c = {link, src};
			missed(l, link, src ? src : url, chapter_text, &c);
		}
		g_free(root);
		g_free(src);
		g_free(path);
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
		if (n->kind == DOC_CHAPTER) {
			g_hash_table_insert(l->chapters,
			                    (gpointer)n->u.chapter.src,
			                    (gpointer)n);
			g_hash_table_insert(l->ids, (gpointer)n,
			                    g_ptr_array_new());
			continue;
		}
		if (!n->key)
			continue;
		g_hash_table_insert(l->keys, (gpointer)n->key, (gpointer)n);
		GPtrArray *ids =
		    g_hash_table_lookup(l->ids, doc_node_chapter(n));
		if (ids)
			g_ptr_array_add(ids, (gpointer)n->id);
	}
}

static void miss_free(gpointer p)
{
	struct miss *m = p;
	g_free(m->url);
	g_free(m->text);
	g_free(m);
}

/* Each place that is not in the book, once, with its number of links. */
static void report(struct lctx *l)
{
	for (guint i = 0; i < l->order->len; i++) {
		const struct miss *m = l->order->pdata[i];
		bool kept = l->doc->meta.mdbook;
		if (m->uses > 1 && kept)
			diag(&m->loc, LINKS_BROKEN_KEPT, m->uses, m->url,
			     m->text);
		else if (m->uses > 1)
			diag(&m->loc, LINKS_BROKEN, m->uses, m->url, m->text);
		else if (kept)
			diag(&m->loc, LINK_BROKEN_KEPT, m->url, m->text);
		else
			diag(&m->loc, LINK_BROKEN, m->url, m->text);
	}
}

bool pass_links(struct doc *doc)
{
	struct lctx l = {
	    doc,
	    g_hash_table_new(g_str_hash, g_str_equal),
	    g_hash_table_new(g_str_hash, g_str_equal),
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                          (GDestroyNotify)g_ptr_array_unref),
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
	    g_ptr_array_new_with_free_func(miss_free),
	    g_ptr_array_new(),
	    true};
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;

	collect_ids(&l);
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_LEAVE || n->kind != DOC_LINK || n->u.link.target)
			continue;
		char scheme[2];
		if (!url_allowed(n->u.link.url)) {
			/* javascript:, data:, file: ... go; the text stays */
			diag(&n->loc, LINK_REFUSED, n->u.link.url);
			g_ptr_array_add(l.unwrap, (struct doc_node *)n);
		} else if (!url_scheme(n->u.link.url, scheme, sizeof scheme)) {
			resolve(&l, (struct doc_node *)n);
		}
	}
	report(&l);
	for (guint i = 0; i < l.unwrap->len; i++)
		unwrap(l.unwrap->pdata[i]);
	g_ptr_array_free(l.unwrap, TRUE);
	g_ptr_array_free(l.order, TRUE);
	g_hash_table_destroy(l.misses);
	g_hash_table_destroy(l.ids);
	g_hash_table_destroy(l.chapters);
	g_hash_table_destroy(l.keys);
	return l.ok;
}
