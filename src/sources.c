/* sources.c - the list of a build's input files and its fingerprint. */
#include "sources.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "fonts.h"
#include "infile.h"
#include "util.h"

static void source_free(gpointer p)
{
	struct source *s = p;
	g_free(s->name);
	g_free(s->path);
	g_free(s->sha256);
	if (s->bytes)
		g_bytes_unref(s->bytes);
	g_free(s);
}

static GPtrArray *sources_new(void)
{
	return g_ptr_array_new_with_free_func(source_free);
}

static bool has_source(const GPtrArray *list, const char *name)
{
	for (guint i = 0; i < list->len; i++)
		if (!strcmp(((const struct source *)list->pdata[i])->name,
		            name))
			return true;
	return false;
}

/* Hashes bytes (NULL: a diagnostic was given, false) and adds them to
 * list as name from path (it takes all three). */
static bool add_bytes(GPtrArray *list, char *name, char *path, GBytes *bytes)
{
	if (!bytes) {
		g_free(name);
		g_free(path);
		return false;
	}
	struct source *s = g_new0(struct source, 1);
	gsize len;
	const void *data = g_bytes_get_data(bytes, &len);
	s->name = name;
	s->path = path;
	s->sha256 = sha256_hex(data, len);
	if (sources_is_installed(name))
		g_bytes_unref(bytes);
	else
		s->bytes = bytes;
	g_ptr_array_add(list, s);
	return true;
}

/* Hashes the file f names and adds it to list as name (which it takes),
 * once; the bytes of a book's file or a theme are those the build read.
 * False after a diagnostic. */
static bool add_file(GPtrArray *list, char *name, const struct infile *f)
{
	GBytes *bytes = NULL;
	if (has_source(list, name)) {
		g_free(name);
		return true;
	}
	if (infile_read(f, &bytes, NULL) != INFILE_OK)
		bytes = NULL;
	return add_bytes(list, name, g_build_filename(f->root, f->name, NULL),
	                 bytes);
}

static bool add_book_file(GPtrArray *list, const struct doc *doc,
                          enum infile_kind kind, const char *rel)
{
	struct infile f = {.kind = kind,
	                   .root = doc->meta.dir,
	                   .name = rel,
	                   .level = DIAG_SYS};
	return add_file(list, g_strconcat("book/", rel, NULL), &f);
}

/* The images (real paths inside the book folder, from the images pass),
 * each once. */
static bool add_images(GPtrArray *list, const struct doc *doc)
{
	char *dir = infile_real_dir(doc->meta.dir);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	bool ok = dir != NULL;
	size_t len = dir ? strlen(dir) : 0;

	doc_iter_init(&it, doc->root);
	while (ok && doc_iter_next(&it, &n, &ev)) {
		const char *p = n->kind == DOC_IMAGE ? n->u.image.path : NULL;
		if (ev != DOC_ENTER || !p || strncmp(p, dir, len) ||
		    p[len] != '/')
			continue; /* the images pass refused it already */
		ok = add_book_file(list, doc, INFILE_IMAGE, p + len + 1);
	}
	/* the cover (once, if a chapter shows it too) */
	const struct doc_node *cover = doc->meta.cover;
	const char *p = cover ? cover->u.image.path : NULL;
	if (ok && p && !strncmp(p, dir, len) && p[len] == '/')
		ok = add_book_file(list, doc, INFILE_IMAGE, p + len + 1);
	if (!dir)
		diag_path(doc->meta.dir, SYSTEM, g_strerror(errno));
	g_free(dir);
	return ok;
}

/* An installed file (a font, hyphenation patterns): only its hash. */
static bool add_installed(GPtrArray *list, const char *folder, const char *path)
{
	char *base = g_path_get_basename(path);
	char *name = g_strconcat(folder, base, NULL);
	g_free(base);
	if (has_source(list, name)) {
		g_free(name);
		return true;
	}
	return add_bytes(list, name, g_strdup(path),
	                 infile_read_installed(path));
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
	/* the book's own fonts are its sources: book/fonts/FILE */
	char *own = g_build_filename(doc->meta.dir, "fonts", NULL);
	char *abs = g_canonicalize_filename(own, NULL);
	size_t len = strlen(abs);
	for (guint i = 0; ok && i < paths->len; i++) {
		const char *p = paths->pdata[i];
		if (!strncmp(p, abs, len) && p[len] == '/') {
			char *rel =
			    g_build_filename("fonts", p + len + 1, NULL);
			ok = add_book_file(list, doc, INFILE_FONT, rel);
			g_free(rel);
		} else {
			ok = add_installed(list, "fonts/", p);
		}
	}
	g_free(abs);
	g_free(own);
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

/* Adds a theme file, NAME.yaml: the book's own (in_book: in
 * book_dir/styles/) as book/styles/NAME.yaml, octavo's (in styles_dir)
 * as styles/NAME.yaml; once each.  at: where book.yaml names it, or
 * NULL.  INFILE_MISSING when it is not there (no message). */
static enum infile_status add_theme(GPtrArray *list, const char *file,
                                    bool in_book, const char *book_dir,
                                    const char *styles_dir,
                                    const struct doc_loc *at)
{
	char *rel =
	    in_book ? g_build_filename("styles", file, NULL) : g_strdup(file);
	char *name = g_strconcat(in_book ? "book/" : "styles/", rel, NULL);
	struct infile f = {.kind = INFILE_THEME,
	                   .root = in_book ? book_dir : styles_dir,
	                   .name = rel,
	                   .at = at,
	                   .level = DIAG_SYS,
	                   .quiet_missing = at != NULL};
	enum infile_status st = INFILE_OK;
	GBytes *bytes = NULL;
	if (!has_source(list, name) &&
	    (st = infile_read(&f, &bytes, NULL)) == INFILE_OK) {
		g_bytes_unref(bytes); /* kept: add_file takes them again */
		add_file(list, g_strdup(name), &f);
	}
	g_free(name);
	g_free(rel);
	return st;
}

/* The theme files of book.yaml's prints, once each; one that is missing
 * is an error at its entry in book.yaml. */
static bool add_print_themes(GPtrArray *list, const struct doc_meta *m,
                             const char *styles_dir)
{
	bool ok = true;
	for (size_t i = 0; i < m->n_prints; i++) {
		const struct doc_print *pr = &m->prints[i];
		const char *theme = pr->theme      ? pr->theme
		                    : pr->chapters ? "handout"
		                                   : NULL;
		if (!theme)
			continue;
		bool in_book;
		char *path = theme_find(m->dir, styles_dir, theme, &in_book);
		char *file = g_path_get_basename(path);
		enum infile_status st = add_theme(list, file, in_book, m->dir,
		                                  styles_dir, &pr->loc);
		if (st == INFILE_MISSING) /* says why, and what is there */
			theme_free(
			    theme_load(m->dir, styles_dir, theme, &pr->loc));
		ok = ok && st == INFILE_OK;
		g_free(file);
		g_free(path);
	}
	return ok;
}

/* The hyphenation patterns of each language of the book (its own, a
 * chapter's, an HTML lang=), each file once. */
static bool add_patterns(GPtrArray *list, const struct doc *doc,
                         const struct theme *theme)
{
	GPtrArray *langs = doc_languages(doc);
	GHashTable *done =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	bool ok = true;
	/* a book without a language is hyphenated as en-US */
	if (!doc->meta.language)
		g_ptr_array_insert(langs, 0, (gpointer)doc->root);
	for (guint i = 0; ok && i < langs->len; i++) {
		const struct doc_node *n = langs->pdata[i];
		char *dict = lang_hyphen_dict(theme, n->lang);
		if (!dict || !g_hash_table_add(done, dict))
			continue;
		ok = add_installed(list, "hyphen/", dict);
	}
	g_hash_table_destroy(done);
	g_ptr_array_unref(langs);
	return ok;
}

GPtrArray *sources_collect(const struct doc *doc, const struct theme *theme,
                           const char *styles_dir, const char *fonts_dir)
{
	GPtrArray *list = sources_new();
	const struct doc_meta *m = &doc->meta;
	const char *manifest =
	    m->manifest && g_str_has_suffix(m->manifest, "/book.toml")
	        ? "book.toml"
	        : "book.yaml";
	bool ok = add_book_file(list, doc, INFILE_MANIFEST, manifest);
	if (ok && m->summary)
		ok = add_book_file(list, doc, INFILE_MANIFEST, m->summary);
	for (const struct doc_node *ch = doc->root->first; ok && ch;
	     ch = ch->next)
		ok = add_book_file(list, doc,
		                   ch->u.chapter.generated ? INFILE_HISTORY
		                                           : INFILE_CHAPTER,
		                   ch->u.chapter.src);
	const GPtrArray *included = doc->included;
	for (guint i = 0; ok && included && i < included->len; i++)
		ok = add_book_file(list, doc, INFILE_INCLUDED,
		                   included->pdata[i]);
	if (ok && m->bibliography)
		ok = add_book_file(list, doc, INFILE_BIB, m->bibliography);
	if (ok && m->css)
		ok = add_book_file(list, doc, INFILE_STYLESHEET, m->css);
	if (ok)
		ok = add_images(list, doc);
	if (ok && theme->path) {
		char *file = g_path_get_basename(theme->path);
		ok = add_theme(list, file, theme->in_book, m->dir, styles_dir,
		               NULL) == INFILE_OK;
		g_free(file);
	}
	if (ok)
		ok = add_print_themes(list, m, styles_dir);
	if (ok)
		ok = add_patterns(list, doc, theme);
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
