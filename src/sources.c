/* sources.c - the list of a build's input files and its fingerprint. */
#include "sources.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "fonts.h"
#include "util.h"

static void source_free(gpointer p)
{
	struct source *s = p;
	g_free(s->name);
	g_free(s->path);
	g_free(s->sha256);
	g_free(s);
}

static GPtrArray *sources_new(void)
{
	return g_ptr_array_new_with_free_func(source_free);
}

/* Hashes path and adds it to list as name (which it takes); false after a
 * diagnostic. */
static bool add_file(GPtrArray *list, char *name, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int err;
	if (!file_slurp(path, &data, &len, &err)) {
		diag_path(path, SYSTEM, file_strerror(err));
		g_free(name);
		return false;
	}
	struct source *s = g_new0(struct source, 1);
	s->name = name;
	s->path = g_strdup(path);
	s->sha256 = sha256_hex(data, len);
	g_free(data);
	g_ptr_array_add(list, s);
	return true;
}

static bool add_book_file(GPtrArray *list, const struct doc *doc,
                          const char *rel)
{
	char *path = g_build_filename(doc->meta.dir, rel, NULL);
	bool ok = add_file(list, g_strconcat("book/", rel, NULL), path);
	g_free(path);
	return ok;
}

/* The images (real paths inside the book folder, from the images pass),
 * each once. */
static bool add_images(GPtrArray *list, const struct doc *doc)
{
	char *dir = realpath(doc->meta.dir, NULL);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	bool ok = dir != NULL;
	size_t len = dir ? strlen(dir) : 0;

	doc_iter_init(&it, doc->root);
	while (ok && doc_iter_next(&it, &n, &ev)) {
		const char *p = n->kind == DOC_IMAGE ? n->u.image.path : NULL;
		if (ev != DOC_ENTER || !p || g_hash_table_contains(seen, p))
			continue;
		g_hash_table_add(seen, (gpointer)p);
		if (strncmp(p, dir, len) || p[len] != '/')
			continue; /* the images pass refused it already */
		ok = add_file(list, g_strconcat("book/", p + len + 1, NULL), p);
	}
	if (!dir)
		diag_path(doc->meta.dir, SYSTEM, g_strerror(errno));
	g_hash_table_destroy(seen);
	free(dir);
	return ok;
}

/* The themes of book.yaml's prints (their faces are fonts the edition
 * uses), those that load: a broken one is reported where the print is
 * made, not twice.  The caller frees each and the array. */
static GPtrArray *print_themes(const struct doc_meta *m, const char *styles_dir)
{
	GPtrArray *themes =
	    g_ptr_array_new_with_free_func((GDestroyNotify)theme_free);
	for (size_t i = 0; i < m->n_prints; i++) {
		const struct doc_print *pr = &m->prints[i];
		const char *name = pr->theme      ? pr->theme
		                   : pr->chapters ? "handout"
		                                  : NULL;
		if (!name)
			continue;
		diag_log_begin();
		struct theme *t =
		    theme_load(m->dir, styles_dir, name, &pr->loc);
		diag_log_free(diag_log_end());
		if (t)
			g_ptr_array_add(themes, t);
	}
	return themes;
}

/* Adds the font files of fonts_dir that doc may be drawn with, in theme
 * and its prints' themes, to list (unsorted): hashing every font of the
 * folder would cost a book in English the large CJK faces on every
 * build. */
static bool add_fonts(GPtrArray *list, const char *fonts_dir,
                      const struct doc *doc, const struct theme *theme,
                      const char *styles_dir)
{
	GPtrArray *themes = print_themes(&doc->meta, styles_dir);
	const struct theme **all = g_new(const struct theme *, themes->len + 1);
	all[0] = theme;
	for (guint i = 0; i < themes->len; i++)
		all[i + 1] = themes->pdata[i];
	GPtrArray *paths =
	    fonts_needed(fonts_dir, doc, all, (size_t)themes->len + 1);
	g_free(all);
	g_ptr_array_free(themes, TRUE);
	bool ok = paths != NULL;
	for (guint i = 0; ok && i < paths->len; i++) {
		char *base = g_path_get_basename(paths->pdata[i]);
		ok = add_file(list, g_strconcat("fonts/", base, NULL),
		              paths->pdata[i]);
		g_free(base);
	}
	if (paths)
		g_ptr_array_free(paths, TRUE);
	return ok;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	const struct source *x = *(struct source *const *)a;
	const struct source *y = *(struct source *const *)b;
	return strcmp(x->name, y->name);
}

static void sources_sort(GPtrArray *list)
{
	g_ptr_array_sort(list, by_name);
}

static bool has_source(const GPtrArray *list, const char *name)
{
	for (guint i = 0; i < list->len; i++)
		if (!strcmp(((const struct source *)list->pdata[i])->name,
		            name))
			return true;
	return false;
}

/* Adds a theme file: the book's own as book/styles/NAME.yaml, octavo's
 * as styles/NAME.yaml; once each. */
static bool add_theme(GPtrArray *list, const char *path, bool in_book)
{
	char *base = g_path_get_basename(path);
	char *name =
	    g_strconcat(in_book ? "book/styles/" : "styles/", base, NULL);
	g_free(base);
	if (!has_source(list, name))
		return add_file(list, name, path);
	g_free(name);
	return true;
}

/* The theme files of book.yaml's prints, once each. */
static bool add_print_themes(GPtrArray *list, const struct doc_meta *m,
                             const char *styles_dir)
{
	bool ok = true;
	for (size_t i = 0; ok && i < m->n_prints; i++) {
		const struct doc_print *pr = &m->prints[i];
		const char *theme = pr->theme      ? pr->theme
		                    : pr->chapters ? "handout"
		                                   : NULL;
		if (!theme)
			continue;
		bool in_book;
		char *path = theme_find(m->dir, styles_dir, theme, &in_book);
		ok = add_theme(list, path, in_book);
		g_free(path);
	}
	return ok;
}

GPtrArray *sources_collect(const struct doc *doc, const struct theme *theme,
                           const char *styles_dir, const char *fonts_dir)
{
	GPtrArray *list = sources_new();
	const struct doc_meta *m = &doc->meta;
	bool ok = add_book_file(list, doc, "book.yaml");
	for (const struct doc_node *ch = doc->root->first; ok && ch;
	     ch = ch->next)
		ok = add_book_file(list, doc, ch->u.chapter.src);
	if (ok && m->bibliography)
		ok = add_book_file(list, doc, m->bibliography);
	if (ok)
		ok = add_images(list, doc);
	if (ok && theme->path)
		ok = add_theme(list, theme->path, theme->in_book);
	if (ok)
		ok = add_print_themes(list, m, styles_dir);
	char *dict = ok ? lang_hyphen_dict(theme, m->language) : NULL;
	if (dict) {
		char *base = g_path_get_basename(dict);
		ok = add_file(list, g_strconcat("hyphen/", base, NULL), dict);
		g_free(base);
		g_free(dict);
	}
	if (ok)
		ok = add_fonts(list, fonts_dir, doc, theme, styles_dir);
	if (!ok) {
		g_ptr_array_unref(list);
		return NULL;
	}
	sources_sort(list);
	return list;
}

bool sources_is_installed(const char *name)
{
	return g_str_has_prefix(name, "fonts/") ||
	       g_str_has_prefix(name, "hyphen/");
}

char *sources_text(const GPtrArray *list, bool installed_only)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < list->len; i++) {
		const struct source *src = list->pdata[i];
		if (!installed_only || sources_is_installed(src->name))
			g_string_append_printf(s, "%s  %s\n", src->sha256,
			                       src->name);
	}
	return g_string_free(s, FALSE);
}

char *sources_fingerprint(const GPtrArray *list)
{
	char *text = sources_text(list, false);
	char *sum = sha256_hex(text, strlen(text));
	g_free(text);
	return sum;
}
