/*
 * mdbook.c - a book folder laid out for mdBook: book.toml (toml++, through
 * include/toml.h) into doc->meta, and SUMMARY.md (cmark-gfm) into the
 * chapter list, with each chapter's nesting (u.chapter.depth) and part
 * (u.chapter.part).  book.yaml's 'summary:' reads a SUMMARY.md the same
 * way.
 *
 * SUMMARY.md as mdBook reads it: an optional title (a heading before
 * anything else), prefix chapters (links in paragraphs before the first
 * list), numbered chapters (the items of lists; a list inside an item
 * holds its sub-chapters), part titles (the headings after the first
 * chapter), separators (thematic breaks: nothing to do), suffix chapters
 * (links in paragraphs after the lists).  A link with no target is a
 * draft chapter: left out, with a warning.
 */
#include <cmark-gfm.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "infile.h"
#include "langtag.h"
#include "read.h"
#include "toml.h"
#include "util.h"

/* The deepest sub-chapter: deeper ones are listed at this depth. */
enum { MDBOOK_MAX_DEPTH = 8 };

struct summary {
	struct doc *doc;
	const char *name; /* SUMMARY.md's path, for messages (arena) */
	const char *dir; /* its folder in the book folder ("" for the book's) */
	GHashTable *srcs; /* chapter path -> struct doc_loc *, for duplicates */
	GHashTable *stems; /* output name -> chapter path */
	const char *part;  /* the part being read, or NULL */
	struct doc_loc part_at;
	bool part_used; /* has the part a chapter yet? */
	bool listed;    /* a list was read: later links are suffix chapters */
	bool any;       /* a block other than the title was read */
	unsigned chapters;
	unsigned depth; /* the last chapter's */
	bool ok;
};

static struct doc_loc loc_of(const struct summary *s, cmark_node *n)
{
	return (struct doc_loc){
	    s->name, (unsigned)MAX(cmark_node_get_start_line(n), 0),
	    (unsigned)MAX(cmark_node_get_start_column(n), 0)};
}

/* The plain text of n's inlines, in doc's arena. */
static const char *text_of(struct summary *s, cmark_node *n)
{
	GString *t = g_string_new(NULL);
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		cmark_node_type k = cmark_node_get_type(c);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (k == CMARK_NODE_TEXT || k == CMARK_NODE_CODE)
			g_string_append(t, cmark_node_get_literal(c));
		else if (k == CMARK_NODE_SOFTBREAK || k == CMARK_NODE_LINEBREAK)
			g_string_append_c(t, ' ');
	}
	cmark_iter_free(it);
	char *r = arena_strdup(s->doc->arena, g_strstrip(t->str));
	g_string_free(t, TRUE);
	return r;
}

/* The chapter path a link of SUMMARY.md names, in the book folder (its
 * '%' escapes undone, "./" dropped), or NULL after an error. */
static const char *chapter_path(struct summary *s, const char *url,
                                const struct doc_loc *at)
{
	char *plain = g_uri_unescape_string(url, NULL);
	const char *p = plain ? plain : url;
	while (g_str_has_prefix(p, "./"))
		p++, p++;
	enum diag_id why = strchr(p, ':') || strchr(p, '#') || strchr(p, '?')
	                       ? DIAG_SUMMARY_TARGET
	                       : manifest_chapter_problem(p);
	const char *r = NULL;
	if (why != DIAG_N) {
		diag_at(at, why, url);
		s->ok = false;
	} else {
		r = *s->dir ? arena_printf(s->doc->arena, "%s/%s", s->dir, p)
		            : arena_strdup(s->doc->arena, p);
	}
	g_free(plain);
	return r;
}

/* The output name of chapter src: its file name without ".md"; when
 * another chapter has that, its path under SUMMARY.md's folder with '-'
 * for '/' (start/index.md -> start-index), and when that is taken too
 * (variable_bindings/scope.md came first as "scope", then scope.md), a
 * number after it (scope-2).  The same file listed twice is an error. */
static const char *chapter_stem(struct summary *s, const char *src,
                                const struct doc_loc *at)
{
	const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
	const char *stem = arena_strndup(s->doc->arena, base, strlen(base) - 3);
	const char *other = g_hash_table_lookup(s->stems, stem);
	if (other && !strcmp(other, src)) {
		diag(at, CHAPTER_COLLIDE, other, src);
		s->ok = false;
		return NULL;
	}
	if (other) {
		const char *rel = src + (*s->dir ? strlen(s->dir) + 1 : 0);
		char *flat = g_strndup(rel, strlen(rel) - 3);
		g_strdelimit(flat, "/", '-');
		char *try = g_strdup(flat);
		for (unsigned n = 2; g_hash_table_contains(s->stems, try);
		     n++) {
			g_free(try);
			try = g_strdup_printf("%s-%u", flat, n);
		}
		stem = arena_strdup(s->doc->arena, try);
		g_free(try);
		g_free(flat);
	}
	g_hash_table_insert(s->stems, (gpointer)stem, (gpointer)src);
	return stem;
}

/* The chapter link names, at depth (0 outside the lists). */
static void add_chapter(struct summary *s, cmark_node *link, unsigned depth)
{
	struct doc_loc at = loc_of(s, link);
	const char *url = cmark_node_get_url(link);
	if (!url || !*url) {
		diag(&at, SUMMARY_DRAFT, text_of(s, link));
		return;
	}
	if (s->chapters == DOC_MAX_CHAPTERS) {
		diag(&at, CHAPTERS_TOO_MANY, DOC_MAX_CHAPTERS);
		s->ok = false;
		return;
	}
	const char *src = chapter_path(s, url, &at);
	if (!src)
		return;
	const struct doc_loc *first = g_hash_table_lookup(s->srcs, src);
	if (first) {
		diag(&at, CHAPTER_TWICE, src, first->line);
		s->ok = false;
		return;
	}
	const char *stem = chapter_stem(s, src, &at);
	if (!stem)
		return;
	struct doc_node *ch = doc_node_new(s->doc, DOC_CHAPTER, &at);
	ch->u.chapter.src = src;
	ch->u.chapter.stem = stem;
	/* a draft's sub-chapters go up to where the draft would be */
	ch->u.chapter.depth = s->chapters ? MIN(depth, s->depth + 1) : 0;
	if (ch->u.chapter.depth > MDBOOK_MAX_DEPTH) {
		diag(&at, SUMMARY_TOO_DEEP, MDBOOK_MAX_DEPTH);
		ch->u.chapter.depth = MDBOOK_MAX_DEPTH;
	}
	ch->u.chapter.part = s->part;
	ch->u.chapter.title = text_of(s, link); /* until its heading's */
	s->depth = ch->u.chapter.depth;
	s->part_used = s->part_used || s->part;
	doc_node_append(s->doc->root, ch);
	ch->u.chapter.number = ++s->chapters;
	g_hash_table_insert(s->srcs, (gpointer)src, &ch->loc);
}

/* Inline n where a link to a chapter belongs: the link is a chapter;
 * other text is left out, with a warning. */
static void read_inline(struct summary *s, cmark_node *n, unsigned depth)
{
	cmark_node_type k = cmark_node_get_type(n);
	if (k == CMARK_NODE_LINK) {
		add_chapter(s, n, depth);
	} else if (k == CMARK_NODE_TEXT && !*text_of(s, n)) {
		; /* blanks between links */
	} else if (k != CMARK_NODE_SOFTBREAK && k != CMARK_NODE_LINEBREAK) {
		struct doc_loc at = loc_of(s, n);
		diag(&at, SUMMARY_NOT_LINK, text_of(s, n));
	}
}

static void read_list(struct summary *s, cmark_node *list, unsigned depth);

/* An item of a list: its link, then the list of its sub-chapters. */
static void read_item(struct summary *s, cmark_node *item, unsigned depth)
{
	bool linked = false;
	for (cmark_node *c = cmark_node_first_child(item); c;
	     c = cmark_node_next(c)) {
		cmark_node_type k = cmark_node_get_type(c);
		if (k == CMARK_NODE_LIST) {
			read_list(s, c, depth + 1);
		} else if (k == CMARK_NODE_PARAGRAPH && !linked) {
			linked = true;
			for (cmark_node *i = cmark_node_first_child(c); i;
			     i = cmark_node_next(i))
				read_inline(s, i, depth);
		} else {
			struct doc_loc at = loc_of(s, c);
			diag(&at, SUMMARY_BLOCK);
		}
	}
}

static void read_list(struct summary *s, cmark_node *list, unsigned depth)
{
	for (cmark_node *it = cmark_node_first_child(list); it;
	     it = cmark_node_next(it))
		read_item(s, it, depth);
}

static void end_part(struct summary *s)
{
	if (s->part && !s->part_used)
		diag(&s->part_at, SUMMARY_EMPTY_PART, s->part);
	s->part = NULL;
}

/* One block at the top of SUMMARY.md. */
static void read_block(struct summary *s, cmark_node *b)
{
	bool first = !s->any;
	s->any = true;
	switch (cmark_node_get_type(b)) {
	case CMARK_NODE_HEADING:
		if (first)
			return; /* the summary's own title */
		end_part(s);
		s->part = text_of(s, b);
		s->part_at = loc_of(s, b);
		s->part_used = false;
		return;
	case CMARK_NODE_LIST:
		s->listed = true;
		read_list(s, b, 0);
		return;
	case CMARK_NODE_PARAGRAPH:
		if (s->listed) /* suffix chapters belong to no part */
			end_part(s);
		for (cmark_node *i = cmark_node_first_child(b); i;
		     i = cmark_node_next(i))
			read_inline(s, i, 0);
		return;
	case CMARK_NODE_THEMATIC_BREAK:
		return; /* a separator: a line in mdBook's sidebar */
	case CMARK_NODE_HTML_BLOCK: return; /* a comment, as mdBook takes it */
	default: {
		struct doc_loc at = loc_of(s, b);
		diag(&at, SUMMARY_BLOCK);
	}
	}
}

bool mdbook_summary(struct doc *doc, const char *path, const struct doc_loc *at)
{
	struct infile f = {.kind = INFILE_MANIFEST,
	                   .root = doc->meta.dir,
	                   .name = path,
	                   .at = at,
	                   .quiet_missing = true};
	GBytes *bytes;
	enum infile_status st = infile_read(&f, &bytes, NULL);
	if (st == INFILE_MISSING)
		diag(at, SUMMARY_MISSING, path);
	if (st != INFILE_OK)
		return false;
	char *full = g_build_filename(doc->meta.dir, path, NULL);
	char *dir = g_path_get_dirname(path);
	struct summary s = {
	    .doc = doc,
	    .name = arena_strdup(doc->arena, full),
	    .dir = strcmp(dir, ".") ? arena_strdup(doc->arena, dir) : "",
	    .srcs = g_hash_table_new(g_str_hash, g_str_equal),
	    .stems = g_hash_table_new(g_str_hash, g_str_equal),
	    .ok = true};
	doc->meta.summary = arena_strdup(doc->arena, path);
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	if (read_text_check(s.name, data, len)) {
		cmark_node *root = cmark_parse_document(data, len, 0);
		for (cmark_node *b = cmark_node_first_child(root); b;
		     b = cmark_node_next(b))
			read_block(&s, b);
		end_part(&s);
		cmark_node_free(root);
		if (!s.chapters && s.ok) {
			struct doc_loc top = {s.name, 1, 1};
			diag(&top, SUMMARY_NO_CHAPTERS);
			s.ok = false;
		}
	} else {
		s.ok = false;
	}
	g_hash_table_destroy(s.srcs);
	g_hash_table_destroy(s.stems);
	g_bytes_unref(bytes);
	g_free(dir);
	g_free(full);
	return s.ok;
}

/* ------------------------------------------------------------ book.toml */

struct toml_ctx {
	struct doc *doc;
	struct toml_file *t;
	const char *name; /* book.toml's path, for messages (arena) */
	bool ok;
};

/* [book] key as a string in the arena: NULL when not given, or after an
 * error; *at where it was given. */
static const char *book_string(struct toml_ctx *c, const char *key,
                               struct doc_loc *at)
{
	unsigned line = 0, col = 0;
	enum toml_type ty = toml_file_type(c->t, "book", key, &line, &col);
	struct doc_loc loc = {c->name, line, col};
	if (at)
		*at = loc;
	if (ty == TOML_NONE)
		return NULL;
	const char *s = toml_file_string(c->t, "book", key);
	if (!s) {
		diag(&loc, TOML_NOT_STRING, key);
		c->ok = false;
		return NULL;
	}
	return arena_strdup(c->doc->arena, s);
}

static void book_authors(struct toml_ctx *c)
{
	unsigned line = 0, col = 0;
	enum toml_type ty =
	    toml_file_type(c->t, "book", "authors", &line, &col);
	if (ty == TOML_NONE)
		return;
	struct doc_loc loc = {c->name, line, col};
	size_t n = toml_file_array_len(c->t, "book", "authors");
	const char **a = arena_alloc(c->doc->arena, (n + 1) * sizeof *a);
	for (size_t i = 0; ty == TOML_ARRAY && i < n; i++)
		if (!(a[i] =
		          toml_file_array_string(c->t, "book", "authors", i)))
			ty = TOML_OTHER;
		else
			a[i] = arena_strdup(c->doc->arena, a[i]);
	if (ty != TOML_ARRAY) {
		diag(&loc, TOML_NOT_STRINGS, "authors");
		c->ok = false;
		return;
	}
	c->doc->meta.authors = a;
	c->doc->meta.n_authors = n;
}

/* The book's title: [book] title, else its folder's name (a warning). */
static void book_title(struct toml_ctx *c, const char *book_dir)
{
	struct doc_meta *mt = &c->doc->meta;
	mt->title = book_string(c, "title", NULL);
	if (mt->title && !*mt->title) {
		mt->title = NULL;
	}
	if (mt->title || !c->ok)
		return;
	char *real = realpath(book_dir, NULL);
	char *base = g_path_get_basename(real ? real : book_dir);
	mt->title = arena_strdup(c->doc->arena, base);
	struct doc_loc loc = {c->name, 0, 0};
	diag(&loc, MDBOOK_NO_TITLE, mt->title);
	g_free(base);
	free(real);
}

static void book_language(struct toml_ctx *c)
{
	struct doc_meta *mt = &c->doc->meta;
	const char *s = book_string(c, "language", &mt->language_loc);
	if (!s) {
		if (!c->ok)
			return;
		s = "en"; /* mdBook's */
		mt->language_loc = (struct doc_loc){c->name, 0, 0};
		mt->language_default = true;
	}
	char *why = langtag_problem(s);
	if (why) {
		diag(&mt->language_loc, MANIFEST_LANGUAGE, s, why);
		c->ok = false;
		g_free(why);
		return;
	}
	mt->language = s;
	c->doc->root->lang = s;
}

/* The values of [book]; every other key and table (mdBook's outputs and
 * preprocessors) is for mdBook alone.  *src gets the chapters' folder. */
static void read_book_table(struct toml_ctx *c, const char *book_dir,
                            const char **src, struct doc_loc *src_at)
{
	struct doc_meta *mt = &c->doc->meta;
	book_title(c, book_dir);
	book_authors(c);
	book_language(c);
	mt->description = book_string(c, "description", NULL);
	if (mt->description && !*mt->description)
		mt->description = NULL;
	*src = book_string(c, "src", src_at);
	if (*src && (!**src || (*src)[0] == '/')) {
		diag(src_at, TOML_SRC, *src);
		c->ok = false;
	}
	if (!*src)
		*src = "src";
}

bool mdbook_read(struct doc *doc, const char *book_dir)
{
	struct infile f = {.kind = INFILE_MANIFEST,
	                   .root = book_dir,
	                   .name = "book.toml",
	                   .level = DIAG_SYS};
	GBytes *bytes;
	if (infile_read(&f, &bytes, NULL) != INFILE_OK)
		return false;
	char *path = g_build_filename(book_dir, "book.toml", NULL);
	struct toml_ctx c = {doc, NULL, arena_strdup(doc->arena, path), true};
	g_free(path);
	doc->meta.manifest = c.name;
	doc->meta.loc = (struct doc_loc){c.name, 0, 0};
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	char *why = NULL;
	unsigned line = 0, col = 0;
	if (read_text_check(c.name, data, len))
		c.t = toml_file_parse(data, len, &why, &line, &col);
	g_bytes_unref(bytes);
	if (!c.t) {
		struct doc_loc at = {c.name, line, col};
		/* toml++ says "Error while parsing array: expected ..." */
		const char *say = why && g_str_has_prefix(why, "Error while ")
		                      ? why + strlen("Error while ")
		                      : why;
		if (say)
			diag(&at, TOML_SYNTAX, say);
		free(why);
		return false;
	}
	const char *src = NULL;
	struct doc_loc src_at = {c.name, 0, 0};
	read_book_table(&c, book_dir, &src, &src_at);
	toml_file_free(c.t);
	doc->meta.slug = "book";
	doc->meta.basename = "book";
	doc->meta.mdbook = true;
	if (!c.ok)
		return false;
	char *summary = g_build_filename(src, "SUMMARY.md", NULL);
	bool ok = mdbook_summary(doc, summary, &src_at);
	g_free(summary);
	return ok;
}

/* ------------------------------------------- a language left to mdBook's */

/* The letters of text (its scripts' counts in n, all of them in *all). */
static void count_letters(const char *text, GHashTable *n, size_t *all)
{
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isalpha(c))
			continue;
		gpointer k = GINT_TO_POINTER(g_unichar_get_script(c));
		g_hash_table_insert(
		    n, k,
		    GSIZE_TO_POINTER(
		        GPOINTER_TO_SIZE(g_hash_table_lookup(n, k)) + 1));
		(*all)++;
	}
}

/* The running text under node in the book's language: not code, math or
 * raw HTML, nor what says it is in another language. */
static void count_text(const struct doc_node *node, const char *lang,
                       GHashTable *n, size_t *all)
{
	for (const struct doc_node *c = node->first; c; c = c->next) {
		if (c->lang && strcmp(c->lang, lang))
			continue;
		if (c->kind == DOC_TEXT)
			count_letters(c->u.literal.text, n, all);
		else if (!doc_kind_is_leaf(c->kind))
			count_text(c, lang, n, all);
	}
}

/* The script's name in the warning and a tag to suggest for it. */
static const struct {
	GUnicodeScript script;
	const char *name, *tag;
} script_tags[] = {
    {G_UNICODE_SCRIPT_HAN, "Han", "zh"},
    {G_UNICODE_SCRIPT_HIRAGANA, "Japanese kana", "ja"},
    {G_UNICODE_SCRIPT_KATAKANA, "Japanese kana", "ja"},
    {G_UNICODE_SCRIPT_HANGUL, "Hangul", "ko"},
    {G_UNICODE_SCRIPT_CYRILLIC, "Cyrillic", "ru"},
    {G_UNICODE_SCRIPT_GREEK, "Greek", "el"},
    {G_UNICODE_SCRIPT_ARABIC, "Arabic", "ar"},
    {G_UNICODE_SCRIPT_HEBREW, "Hebrew", "he"},
    {G_UNICODE_SCRIPT_DEVANAGARI, "Devanagari", "hi"},
    {G_UNICODE_SCRIPT_BENGALI, "Bengali", "bn"},
    {G_UNICODE_SCRIPT_TAMIL, "Tamil", "ta"},
    {G_UNICODE_SCRIPT_THAI, "Thai", "th"},
    {G_UNICODE_SCRIPT_GEORGIAN, "Georgian", "ka"},
    {G_UNICODE_SCRIPT_ARMENIAN, "Armenian", "hy"},
    {G_UNICODE_SCRIPT_ETHIOPIC, "Ethiopic", "am"},
};

void mdbook_check_language(const struct doc *doc)
{
	const struct doc_meta *mt = &doc->meta;
	if (!mt->language_default)
		return;
	GHashTable *n = g_hash_table_new(NULL, NULL);
	size_t all = 0;
	count_text(doc->root, mt->language, n, &all);
	size_t latin = GPOINTER_TO_SIZE(
	    g_hash_table_lookup(n, GINT_TO_POINTER(G_UNICODE_SCRIPT_LATIN)));
	/* the script with the most letters, kana and Han taken together
	 * when kana are a tenth of the letters (Japanese writes both) */
	GUnicodeScript top = G_UNICODE_SCRIPT_LATIN;
	size_t most = 0;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, n);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (GPOINTER_TO_INT(k) != G_UNICODE_SCRIPT_LATIN &&
		    (GPOINTER_TO_SIZE(v) > most ||
		     (GPOINTER_TO_SIZE(v) == most &&
		      GPOINTER_TO_INT(k) < (int)top))) {
			most = GPOINTER_TO_SIZE(v);
			top = (GUnicodeScript)GPOINTER_TO_INT(k);
		}
	size_t kana = GPOINTER_TO_SIZE(g_hash_table_lookup(
	                  n, GINT_TO_POINTER(G_UNICODE_SCRIPT_HIRAGANA))) +
	              GPOINTER_TO_SIZE(g_hash_table_lookup(
	                  n, GINT_TO_POINTER(G_UNICODE_SCRIPT_KATAKANA)));
	g_hash_table_destroy(n);
	if (!all || latin * 2 >= all || most * 2 < all - latin)
		return;
	const char *name = NULL, *tag = "...";
	if (kana * 10 >= all)
		top = G_UNICODE_SCRIPT_HIRAGANA;
	for (size_t i = 0; i < G_N_ELEMENTS(script_tags); i++)
		if (script_tags[i].script == top) {
			name = script_tags[i].name;
			tag = script_tags[i].tag;
			break;
		}
	char code[5] = {0};
	if (!name) {
		guint32 t = g_unicode_script_to_iso15924(top);
		for (int i = 0; i < 4; i++)
			code[i] = (char)((t >> (24 - 8 * i)) & 0xff);
		name = code;
	}
	diag(&mt->language_loc, MDBOOK_LANGUAGE_GUESS,
	     (int)((all - latin) * 100 / all), name, tag);
}
