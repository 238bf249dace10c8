/*
 * diff.c - `octavo diff OLD NEW [--format text|html]`: what changed
 * between two editions, each a book folder or an archived edition.
 *
 * Chapters are matched by file stem, then by title; inside a chapter,
 * sections (the blocks from one heading to the next, whatever its level)
 * are matched by heading text (the n-th of a repeated heading with the
 * n-th).  A matched section whose words differ is "changed", with a
 * word-level summary: libgit2 diffs the two texts written one word per
 * line, and each hunk is one replacement.  Only the words count, so text
 * that was only rewrapped is not a change.  The report is text, one line
 * per change, or one XHTML page (libxml2, through xmlw).
 */
#include <getopt.h>
#include <git2.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "fsout.h"
#include "doc.h"
#include "xmlw.h"
#include "read.h"

/* Longer quotes keep their first and last words around an ellipsis. */
enum { QUOTE_HEAD = 5, QUOTE_TAIL = 3, MAX_HUNKS = 4 };

struct section {
	char *heading; /* plain text; "" before the first heading */
	char *key;     /* heading + occurrence number, for matching */
	char **words;  /* NULL-terminated */
	unsigned nwords;
};

struct chapter {
	const char *src, *stem, *title;
	GPtrArray *sections; /* struct section * */
	unsigned nwords;
};

struct edition {
	const char *arg; /* as given */
	char *tmp;       /* unpacked sources of an archived edition, or NULL */
	struct doc *doc;
	GPtrArray *chapters; /* struct chapter * */
};

/* One word-level replacement inside a changed section. */
struct hunk {
	GPtrArray *old, *new; /* the words (char *) taken out and put in */
};

enum change_kind { CHANGE_ADDED, CHANGE_REMOVED, CHANGE_CHANGED };

struct change {
	enum change_kind kind;
	const struct chapter *chapter;
	const struct section *section; /* NULL: the whole chapter */
	unsigned words;                /* words added, removed or changed */
	GPtrArray *hunks;              /* struct hunk *, for CHANGE_CHANGED */
};

static void section_free(gpointer p)
{
	struct section *s = p;
	g_free(s->heading);
	g_free(s->key);
	g_strfreev(s->words);
	g_free(s);
}

static void chapter_free(gpointer p)
{
	struct chapter *c = p;
	g_ptr_array_unref(c->sections);
	g_free(c);
}

/* A new section titled by heading (NULL: the opening, before any). */
static struct section *section_new(struct chapter *ch, GHashTable *seen,
                                   const struct doc_node *heading,
                                   const char *name)
{
	struct section *s = g_new0(struct section, 1);
	GString *t = g_string_new(name);
	if (heading)
		doc_node_text_append(heading, t);
	s->heading = g_string_free(t, FALSE);
	unsigned n = GPOINTER_TO_UINT(g_hash_table_lookup(seen, s->heading));
	g_hash_table_insert(seen, s->heading, GUINT_TO_POINTER(n + 1));
	s->key = g_strdup_printf("%s\037%u", s->heading, n);
	g_ptr_array_add(ch->sections, s);
	return s;
}

/* Splits the text into words and keeps them in s. */
static void set_words(struct chapter *ch, struct section *s, GString *text)
{
	char **parts = g_strsplit_set(text->str, " \t\n\r", -1);
	GPtrArray *w = g_ptr_array_new();
	for (char **p = parts; *p; p++)
		if (**p)
			g_ptr_array_add(w, g_strdup(*p));
	s->nwords = w->len;
	ch->nwords += w->len;
	g_ptr_array_add(w, NULL);
	s->words = (char **)g_ptr_array_free(w, FALSE);
	g_strfreev(parts);
	g_string_truncate(text, 0);
}

/* The words of a block and what is inside it: every text, code span and
 * code block, with a space between blocks and at line breaks, so words of
 * two list items or table cells never run together. */
static void block_text(const struct doc_node *block, GString *text)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, block);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (doc_kind_shows_text(n->kind))
			g_string_append(text, n->u.literal.text);
		else if (doc_kind_is_block(n->kind) ||
		         n->kind == DOC_SOFTBREAK || n->kind == DOC_LINEBREAK)
			g_string_append_c(text, ' ');
	}
	g_string_append_c(text, ' ');
}

/* The chapter's sections: the blocks from one heading to the next, then
 * the footnotes as one section. */
static struct chapter *chapter_read(const struct doc_node *node)
{
	struct chapter *ch = g_new0(struct chapter, 1);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	GString *text = g_string_new(NULL);
	struct section *cur = NULL;
	ch->src = node->u.chapter.src;
	ch->stem = node->u.chapter.stem;
	ch->sections = g_ptr_array_new_with_free_func(section_free);
	for (const struct doc_node *b = node->first; b; b = b->next) {
		bool heading = b->kind == DOC_HEADING;
		bool notes =
		    b->kind == DOC_NOTE && (!cur || b->prev->kind != DOC_NOTE);
		if (!cur || heading || notes) {
			if (cur)
				set_words(ch, cur, text);
			cur = section_new(ch, seen, heading ? b : NULL,
			                  notes     ? "(notes)"
			                  : heading ? ""
			                            : "(opening)");
		}
		if (heading && !ch->title)
			ch->title = cur->heading;
		if (!heading)
			block_text(b, text);
	}
	if (cur)
		set_words(ch, cur, text);
	g_string_free(text, TRUE);
	g_hash_table_destroy(seen);
	if (!ch->title)
		ch->title = ch->stem;
	return ch;
}

/* Reads the book of a folder or of an archived edition's sources.  Only
 * the manifest and the chapters: the passes would number citations, and
 * a renumbering is not a change of text. */
static bool edition_read(struct edition *e)
{
	const char *dir = e->arg;
	char *book = NULL;
	if (cmd_is_archived(e->arg)) {
		if (!(e->tmp = cmd_unpack_sources(e->arg, NULL, NULL)))
			return false;
		dir = book = g_build_filename(e->tmp, "book", NULL);
	}
	e->doc = doc_new();
	bool ok = manifest_read(e->doc, dir) && markdown_read_chapters(e->doc);
	g_free(book);
	e->chapters = g_ptr_array_new_with_free_func(chapter_free);
	for (const struct doc_node *ch = e->doc->root->first; ok && ch;
	     ch = ch->next)
		g_ptr_array_add(e->chapters, chapter_read(ch));
	return ok;
}

static void edition_fini(struct edition *e)
{
	if (e->chapters)
		g_ptr_array_unref(e->chapters);
	doc_free(e->doc);
	if (e->tmp)
		fsout_tree_remove(e->tmp);
	g_free(e->tmp);
}

static void hunk_free(gpointer p)
{
	struct hunk *h = p;
	g_ptr_array_unref(h->old);
	g_ptr_array_unref(h->new);
	g_free(h);
}

static void change_free(gpointer p)
{
	struct change *c = p;
	if (c->hunks)
		g_ptr_array_unref(c->hunks);
	g_free(c);
}

static void add_change(GPtrArray *changes, enum change_kind kind,
                       const struct chapter *ch, const struct section *s,
                       unsigned words, GPtrArray *hunks)
{
	struct change *c = g_new0(struct change, 1);
	*c = (struct change){kind, ch, s, words, hunks};
	g_ptr_array_add(changes, c);
}

/* libgit2's callbacks: each hunk starts a struct hunk, each line is a
 * word taken out ('-') or put in ('+'). */
static int on_hunk(const git_diff_delta *d, const git_diff_hunk *h, void *p)
{
	struct hunk *hk = g_new0(struct hunk, 1);
	hk->old = g_ptr_array_new_with_free_func(g_free);
	hk->new = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(p, hk);
	return 0;
}

static int on_line(const git_diff_delta *d, const git_diff_hunk *h,
                   const git_diff_line *line, void *p)
{
	GPtrArray *hunks = p;
	struct hunk *hk = hunks->len ? hunks->pdata[hunks->len - 1] : NULL;
	size_t n = line->content_len;
	if (!hk || (line->origin != '+' && line->origin != '-'))
		return 0;
	if (n && line->content[n - 1] == '\n')
		n--;
	g_ptr_array_add(line->origin == '-' ? hk->old : hk->new,
	                g_strndup(line->content, n));
	return 0;
}

/* The words one per line. */
static GString *word_lines(char **words)
{
	GString *s = g_string_new(NULL);
	for (char **w = words; *w; w++) {
		g_string_append(s, *w);
		g_string_append_c(s, '\n');
	}
	return s;
}

/* The word-level hunks between two versions of a section (NULL: none). */
static GPtrArray *word_diff(const struct section *a, const struct section *b)
{
	GString *x = word_lines(a->words), *y = word_lines(b->words);
	GPtrArray *hunks = g_ptr_array_new_with_free_func(hunk_free);
	git_diff_options opts;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	opts.interhunk_lines = 0;
	opts.flags = GIT_DIFF_FORCE_TEXT;
	if (git_diff_buffers(x->str, x->len, NULL, y->str, y->len, NULL, &opts,
	                     NULL, NULL, on_hunk, on_line, hunks) < 0) {
		const git_error *e = git_error_last();
		diag_path(NULL, LIBGIT2, e ? e->message : "diff failed");
	}
	g_string_free(x, TRUE);
	g_string_free(y, TRUE);
	if (!hunks->len) {
		g_ptr_array_unref(hunks);
		return NULL;
	}
	return hunks;
}

static unsigned hunk_words(const GPtrArray *hunks)
{
	unsigned n = 0;
	for (guint i = 0; i < hunks->len; i++) {
		const struct hunk *h = hunks->pdata[i];
		n += MAX(h->old->len, h->new->len);
	}
	return n;
}

/* match[i] = index in old of new[i]'s counterpart, or -1.  key() gives an
 * item's key; a second key (may be NULL) matches what the first left. */
typedef const char *(*key_fn)(const void *item);

static void match_by(const GPtrArray *old, const GPtrArray *new, key_fn key,
                     gint *match, bool *taken)
{
	GHashTable *at = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = old->len; i-- > 0;)
		if (!taken[i])
			g_hash_table_insert(at, (gpointer)key(old->pdata[i]),
			                    GUINT_TO_POINTER(i + 1));
	for (guint i = 0; i < new->len; i++) {
		guint j = GPOINTER_TO_UINT(
		    g_hash_table_lookup(at, key(new->pdata[i])));
		if (match[i] < 0 && j && !taken[j - 1]) {
			match[i] = (gint)j - 1;
			taken[j - 1] = true;
		}
	}
	g_hash_table_destroy(at);
}

struct merge {
	const GPtrArray *old, *new;
	const gint *match; /* new index -> old index, or -1 */
	const bool *taken; /* old index -> has a match */
	guint j;           /* the next old item not yet visited */
	void (*visit)(const void *, const void *, void *);
	void *arg;
};

/* Visits the old items without a match before old index limit. */
static void flush_removed(struct merge *m, guint limit)
{
	for (; m->j < limit; m->j++)
		if (!m->taken[m->j])
			m->visit(m->old->pdata[m->j], NULL, m->arg);
}

/* Where an item added at new index i goes among the old ones: before the
 * old counterpart of the next new item that has one. */
static guint next_match(const struct merge *m, guint i)
{
	for (; i < m->new->len; i++)
		if (m->match[i] >= 0)
			return (guint)m->match[i];
	return m->old->len;
}

/* Calls visit(old item or NULL, new item or NULL) in reading order: each
 * new item with its match, and each old item without one where it was
 * (before what was added in its place). */
static void merge(const GPtrArray *old, const GPtrArray *new, key_fn key,
                  key_fn key2,
                  void (*visit)(const void *, const void *, void *), void *arg)
{
	gint *match = g_new(gint, new->len + 1);
	bool *taken = g_new0(bool, old->len + 1);
	for (guint i = 0; i < new->len; i++)
		match[i] = -1;
	match_by(old, new, key, match, taken);
	if (key2)
		match_by(old, new, key2, match, taken);
	struct merge m = {old, new, match, taken, 0, visit, arg};
	for (guint i = 0; i < new->len; i++) {
		flush_removed(&m, next_match(&m, i));
		if (match[i] >= 0 && m.j == (guint)match[i])
			m.j++;
		visit(match[i] >= 0 ? old->pdata[match[i]] : NULL,
		      new->pdata[i], arg);
	}
	flush_removed(&m, old->len);
	g_free(taken);
	g_free(match);
}

static const char *chapter_stem(const void *c)
{
	return ((const struct chapter *)c)->stem;
}

static const char *chapter_title(const void *c)
{
	return ((const struct chapter *)c)->title;
}

static const char *section_key(const void *s)
{
	return ((const struct section *)s)->key;
}

struct visit {
	GPtrArray *changes;
	const struct chapter *old, *new; /* the chapters being compared */
};

static void visit_section(const void *a, const void *b, void *arg)
{
	struct visit *v = arg;
	const struct section *x = a, *y = b;
	if (!x)
		add_change(v->changes, CHANGE_ADDED, v->new, y, y->nwords,
		           NULL);
	else if (!y)
		add_change(v->changes, CHANGE_REMOVED, v->old, x, x->nwords,
		           NULL);
	else {
		GPtrArray *hunks = word_diff(x, y);
		if (hunks)
			add_change(v->changes, CHANGE_CHANGED, v->new, y,
			           hunk_words(hunks), hunks);
	}
}

static void visit_chapter(const void *a, const void *b, void *arg)
{
	struct visit *v = arg;
	const struct chapter *x = a, *y = b;
	if (!x)
		add_change(v->changes, CHANGE_ADDED, y, NULL, y->nwords, NULL);
	else if (!y)
		add_change(v->changes, CHANGE_REMOVED, x, NULL, x->nwords,
		           NULL);
	else {
		struct visit inner = {v->changes, x, y};
		merge(x->sections, y->sections, section_key, NULL,
		      visit_section, &inner);
	}
}

/* Every change from old to new, in the new edition's order. */
static GPtrArray *compare(const struct edition *old, const struct edition *new)
{
	struct visit v = {g_ptr_array_new_with_free_func(change_free), NULL,
	                  NULL};
	git_libgit2_init();
	merge(old->chapters, new->chapters, chapter_stem, chapter_title,
	      visit_chapter, &v);
	git_libgit2_shutdown();
	return v.changes;
}

/* "a b c", or "a b c d e … x y z" when longer. */
static char *quote(const GPtrArray *words)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < words->len; i++) {
		if (words->len > QUOTE_HEAD + QUOTE_TAIL + 1 &&
		    i == QUOTE_HEAD) {
			g_string_append(s, " …");
			i = words->len - QUOTE_TAIL;
		}
		if (s->len)
			g_string_append_c(s, ' ');
		g_string_append(s, words->pdata[i]);
	}
	return g_string_free(s, FALSE);
}

/* One hunk for the text report: "old" -> "new", +"new" or -"old". */
static void put_hunk_text(GString *out, const struct hunk *h)
{
	char *a = quote(h->old), *b = quote(h->new);
	if (h->old->len && h->new->len)
		g_string_append_printf(out, "\"%s\" -> \"%s\"", a, b);
	else if (h->new->len)
		g_string_append_printf(out, "+\"%s\"", b);
	else
		g_string_append_printf(out, "-\"%s\"", a);
	g_free(a);
	g_free(b);
}

static const char *kind_name(enum change_kind k)
{
	return k == CHANGE_ADDED     ? "added"
	       : k == CHANGE_REMOVED ? "removed"
	                             : "changed";
}

/* "changed  08-safe-use.md § Dosage: "take" -> "use" (1 word)" */
static void put_change_text(GString *out, const struct change *c)
{
	g_string_append_printf(out, "%-8s %s", kind_name(c->kind),
	                       c->chapter->src);
	if (c->section)
		g_string_append_printf(out, " § %s", c->section->heading);
	else
		g_string_append_printf(out, " \"%s\"", c->chapter->title);
	for (guint i = 0; c->hunks && i < c->hunks->len; i++) {
		g_string_append(out, i ? "; " : ": ");
		if (i == MAX_HUNKS) {
			g_string_append_printf(out, "%u more",
			                       c->hunks->len - i);
			break;
		}
		put_hunk_text(out, c->hunks->pdata[i]);
	}
	g_string_append_printf(out, " (%u word%s)\n", c->words,
	                       c->words == 1 ? "" : "s");
}

static char *render_text(const GPtrArray *changes)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < changes->len; i++)
		put_change_text(out, changes->pdata[i]);
	if (!changes->len)
		g_string_append(out, "no changes in the text\n");
	return g_string_free(out, FALSE);
}

static const char page_css[] =
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;"
    "padding:0 1em;line-height:1.4}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border-bottom:1px solid #ccc;padding:.4em;text-align:left;"
    "vertical-align:top}"
    "del{background:#fdd;text-decoration:line-through}"
    "ins{background:#dfd;text-decoration:none}"
    "td.added{color:#060}td.removed{color:#900}"
    "ul{margin:0;padding-left:1.2em}";

static void put_words(struct xmlw *x, const char *elem, const GPtrArray *w)
{
	if (!w->len)
		return;
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < w->len; i++)
		g_string_append_printf(s, "%s%s", i ? " " : "",
		                       (const char *)w->pdata[i]);
	xmlw_elem(x, elem, s->str);
	g_string_free(s, TRUE);
}

static void put_change_html(struct xmlw *x, const struct change *c)
{
	xmlw_start(x, "tr");
	xmlw_start(x, "td");
	xmlw_attr(x, "class", kind_name(c->kind));
	xmlw_text(x, kind_name(c->kind));
	xmlw_end(x);
	xmlw_elem(x, "td", c->chapter->src);
	xmlw_elem(x, "td",
	          c->section ? c->section->heading : c->chapter->title);
	xmlw_start(x, "td");
	if (c->hunks) {
		xmlw_start(x, "ul");
		for (guint i = 0; i < c->hunks->len; i++) {
			const struct hunk *h = c->hunks->pdata[i];
			xmlw_start(x, "li");
			put_words(x, "del", h->old);
			if (h->old->len && h->new->len)
				xmlw_text(x, " ");
			put_words(x, "ins", h->new);
			xmlw_end(x);
		}
		xmlw_end(x);
	} else {
		xmlw_text(x, c->section ? "the whole section"
		                        : "the whole chapter");
	}
	xmlw_end(x);
	xmlw_start(x, "td");
	xmlw_textf(x, "%u", c->words);
	xmlw_end(x);
	xmlw_end_block(x);
}

/* "version 1.2.0 of 2026-11-25", or the folder's name. */
static char *edition_name(const struct edition *e)
{
	const struct doc_meta *m = &e->doc->meta;
	if (!m->version)
		return g_strdup(e->arg);
	return m->date
	           ? g_strdup_printf("version %s of %s", m->version, m->date)
	           : g_strdup_printf("version %s", m->version);
}

static void put_table(struct xmlw *x, const GPtrArray *changes)
{
	static const char *const head[] = {"Change", "Chapter", "Section",
	                                   "What changed", "Words"};
	xmlw_start(x, "table");
	xmlw_nl(x);
	xmlw_start(x, "tr");
	for (size_t i = 0; i < G_N_ELEMENTS(head); i++)
		xmlw_elem(x, "th", head[i]);
	xmlw_end_block(x);
	for (guint i = 0; i < changes->len; i++)
		put_change_html(x, changes->pdata[i]);
	xmlw_end_block(x);
}

static bool render_html(const struct edition *old, const struct edition *new,
                        const GPtrArray *changes, GByteArray *out)
{
	struct xmlw *x = xmlw_new();
	char *title =
	    g_strdup_printf("Changes from %s to %s", old->arg, new->arg);
	char *from = edition_name(old), *to = edition_name(new);
	xmlw_doctype(x, "html");
	xmlw_start(x, "html");
	xmlw_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
	xmlw_attr(x, "lang", new->doc->meta.language);
	xmlw_nl(x);
	xmlw_start(x, "head");
	xmlw_start(x, "meta");
	xmlw_attr(x, "charset", "utf-8");
	xmlw_end_empty(x);
	xmlw_elem(x, "title", title);
	xmlw_elem(x, "style", page_css);
	xmlw_end_block(x);
	xmlw_start(x, "body");
	xmlw_nl(x);
	xmlw_elem(x, "h1", title);
	xmlw_nl(x);
	xmlw_start(x, "p");
	xmlw_textf(x, "From %s to %s: %u change%s.", from, to, changes->len,
	           changes->len == 1 ? "" : "s");
	xmlw_end_block(x);
	if (changes->len)
		put_table(x, changes);
	xmlw_end_block(x);
	xmlw_end_block(x);
	g_free(title);
	g_free(from);
	g_free(to);
	return xmlw_finish(x, out);
}

int cmd_diff(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
	    {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	bool html = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:", longopts, NULL)) != -1) {
		if (c != 'f')
			return cmd_usage(USAGE_UNKNOWN_OPTION);
		if (strcmp(optarg, "text") && strcmp(optarg, "html"))
			return cmd_usage(USAGE_DIFF_FORMAT, optarg);
		html = !strcmp(optarg, "html");
	}
	if (optind + 2 != argc)
		return cmd_usage(USAGE_DIFF_EDITIONS);
	for (int i = optind; i < argc; i++)
		if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR))
			return cmd_usage(USAGE_NOT_FOLDER, argv[i]);
	struct edition old = {.arg = argv[optind]},
	               new = {.arg = argv[optind + 1]};
	/* both are read (&, not &&): one run reports both books' errors */
	if (edition_read(&old) & edition_read(&new) &&
	    diag_worst() < DIAG_ERROR) {
		GPtrArray *changes = compare(&old, &new);
		GByteArray *page = g_byte_array_new();
		char *text = html ? NULL : render_text(changes);
		if (text)
			fputs(text, stdout);
		else if (render_html(&old, &new, changes, page))
			fwrite(page->data, 1, page->len, stdout);
		g_free(text);
		g_byte_array_free(page, TRUE);
		g_ptr_array_unref(changes);
	}
	edition_fini(&old);
	edition_fini(&new);
	(void)o;
	return cmd_exit_status();
}
