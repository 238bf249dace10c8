/*
 * cite.c - the citations pass.
 *
 * 1. find: in the inline content of paragraphs, headings, table cells and
 *    emphasis (never inside links or images), each run of TEXT and
 *    SOFTBREAK siblings is read as one string (cmark-gfm may split text at
 *    brackets) and searched for pandoc's citation syntax: "[@key]",
 *    "[see @key, p. 12]", "[@a; @b]", and "@key" in running text (an '@'
 *    after a letter or digit, as in an e-mail address, is not one; a final
 *    '.' or ':' is not part of a key).  Each becomes a DOC_CITATION; a
 *    paragraph that is only "[bibliography]" marks where the list goes.
 * 2. resolve: in reading order (a footnote's citations where the note is
 *    first referred to), each citation gets its id and each key its entry;
 *    entries are numbered by first citation.
 * 3. build: the DOC_BIBLIOGRAPHY list (cite.h formats each entry), then
 *    what each citation shows, then each entry's back links.
 *
 * The nodes it makes are described in doc.h.  Problems: a key with no
 * entry (error at its '@'), citations in a book without a bibliography
 * (error at the first), an entry never cited (warning at its line).
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "bib.h"
#include "i18n.h"
#include "cite.h"
#include "pass.h"
#include "infile.h"
#include "util.h"

#define MARKER "[bibliography]"

struct ref;

/* One key inside a citation (strings owned, "" when absent). */
struct item {
	const char *key;
	const char *prefix;  /* "see" */
	const char *locator; /* "p. 12" */
	bool suppress;       /* "-@key": the year only (author-date) */
	struct doc_loc loc;  /* of its '@' */
	struct ref *ref;     /* NULL when unresolved */
};

struct citation {
	struct doc_node *node;
	GArray *items; /* struct item */
	bool in_text;
};

/* A cited entry. */
struct ref {
	const struct bib_entry *entry;
	unsigned number;   /* order of first citation, from 1 */
	const char *names; /* author-date: "Smith and Lee" */
	const char *year;  /* author-date: "2020a", "n.d." */
	const char *sort_key;
	GPtrArray *cites; /* DOC_CITATION nodes, reading order */
	struct doc_node *item;
};

struct cctx {
	struct doc *doc;
	const struct bib *bib;
	bool bib_failed; /* named in book.yaml but unreadable (reported) */
	bool author_date;
	GHashTable *citations; /* DOC_CITATION -> struct citation */
	GHashTable *refs;      /* key -> struct ref */
	GPtrArray *list;       /* struct ref, in list order */
	GHashTable *ids;       /* every id in the book */
	struct doc_node *marker;
	unsigned n_cites;
	bool told_no_bib;
};

/* ------------------------------------------------------------ helpers */

/* base, or base-2, base-3 ... : unique in the book, in the arena. */
static const char *unique_id(struct cctx *cx, const char *base)
{
	return pass_unique_id(cx->doc, cx->ids, base);
}

static void collect_ids(struct cctx *cx)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, cx->doc->root);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->id)
			g_hash_table_add(cx->ids, (gpointer)n->id);
}

static char *trimmed(const char *s, size_t n)
{
	char *t = g_strndup(s, n);
	g_strdelimit(t, "\n", ' ');
	return g_strstrip(t);
}

/* ------------------------------------------------------ runs of text */

struct piece {
	size_t off; /* where it starts in the run's text */
	struct doc_loc loc;
	bool escaped; /* a character written with a backslash */
};

/* TEXT and SOFTBREAK siblings first..last as one string ('\n' for a
 * soft break), with where each piece came from. */
struct run {
	GString *text;
	GArray *pieces; /* struct piece */
	struct doc_node *first, *last;
	/* the last place run_loc() measured, to go on from: offsets come
	 * close to each other, and a piece may be long */
	guint at_piece;
	size_t at_off;
	unsigned at_col;
};

static bool runnable(const struct doc_node *n)
{
	return n->kind == DOC_TEXT || n->kind == DOC_SOFTBREAK;
}

static void run_init(struct run *r, struct doc_node *first,
                     struct doc_node *last)
{
	r->text = g_string_new(NULL);
	r->pieces = g_array_new(FALSE, FALSE, sizeof(struct piece));
	r->first = first;
	r->last = last;
	r->at_piece = G_MAXUINT;
	for (struct doc_node *n = first;; n = n->next) {
		struct piece p = {r->text->len, n->loc,
		                  n->kind == DOC_TEXT && n->u.literal.escaped};
		g_array_append_val(r->pieces, p);
		if (n->kind == DOC_TEXT)
			g_string_append(r->text, n->u.literal.text);
		else
			g_string_append_c(r->text, '\n');
		if (n == last)
			break;
	}
}

static void run_free(struct run *r)
{
	g_string_free(r->text, TRUE);
	g_array_free(r->pieces, TRUE);
}

/* The source location of byte off of the run. */
static struct doc_loc run_loc(struct run *r, size_t off)
{
	guint lo = 0, hi = r->pieces->len; /* the last piece starting <= off */
	while (hi - lo > 1) {
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(r->pieces, struct piece, mid).off <= off)
			lo = mid;
		else
			hi = mid;
	}
	const struct piece *p = &g_array_index(r->pieces, struct piece, lo);
	struct doc_loc loc = p->loc;
	if (!loc.col)
		return loc;
	if (r->at_piece != lo) {
		r->at_piece = lo;
		r->at_off = p->off;
		r->at_col = loc.col;
	}
	if (off >= r->at_off)
		r->at_col += (unsigned)g_utf8_strlen(r->text->str + r->at_off,
		                                     (gssize)(off - r->at_off));
	else
		r->at_col -= (unsigned)g_utf8_strlen(r->text->str + off,
		                                     (gssize)(r->at_off - off));
	r->at_off = off;
	loc.col = r->at_col;
	return loc;
}

/* Was the character at off written with a backslash ("\\[", "\\@")? */
static bool escaped_at(const struct run *r, size_t off)
{
	guint lo = 0, hi = r->pieces->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		const struct piece *p =
		    &g_array_index(r->pieces, struct piece, mid);
		if (p->off == off)
			return p->escaped;
		if (p->off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* ------------------------------------------------------------- syntax */

static bool word_char(const char *p)
{
	gunichar u = g_utf8_get_char(p);
	return g_unichar_isalnum(u) || u == '_';
}

/* Bytes of the citation key at s (before end), 0 if there is none:
 * letters, digits and '_', with :.#$%&-+?<>~/ inside (never last). */
static size_t key_len(const char *s, const char *end)
{
	const char *p = s;
	while (p < end) {
		if (word_char(p)) {
			p = g_utf8_next_char(p);
		} else if (p > s && strchr(":.#$%&-+?<>~/", *p) &&
		           p + 1 < end && word_char(p + 1)) {
			p++;
		} else {
			break;
		}
	}
	return (size_t)(p - s);
}

/* One "prefix @key, locator" of a bracketed citation in text[a..b). */
static bool parse_item(struct run *r, size_t a, size_t b, struct item *it)
{
	const char *s = r->text->str;
	size_t at = a;
	while (at < b &&
	       !(s[at] == '@' && (at == a || s[at - 1] == ' ' ||
	                          s[at - 1] == '\n' || s[at - 1] == '-')))
		at++;
	size_t klen = at < b ? key_len(s + at + 1, s + b) : 0;
	if (!klen)
		return false;
	memset(it, 0, sizeof *it);
	it->key = g_strndup(s + at + 1, klen);
	it->suppress = at > a && s[at - 1] == '-';
	it->prefix = trimmed(s + a, at - a - (it->suppress ? 1 : 0));
	const char *rest = s + at + 1 + klen;
	size_t rlen = b - (at + 1 + klen);
	while (rlen && (*rest == ' ' || *rest == '\n' || *rest == ',')) {
		rest++;
		rlen--;
	}
	it->locator = trimmed(rest, rlen);
	it->loc = run_loc(r, at);
	return true;
}

static void item_clear(gpointer p)
{
	struct item *it = p;
	g_free((char *)it->key);
	g_free((char *)it->prefix);
	g_free((char *)it->locator);
}

/* "[...@...]" at text[i] == '['.  Returns the offset after it, or 0. */
static size_t parse_bracket(struct run *r, size_t i, GArray *items)
{
	const char *s = r->text->str;
	size_t n = r->text->len, j = i + 1;
	while (j < n && s[j] != ']' && s[j] != '[') {
		if (s[j] == '@' && escaped_at(r, j))
			return 0; /* "[mail \\@someone]" */
		j++;
	}
	if (j >= n || s[j] != ']' || escaped_at(r, j))
		return 0;
	for (size_t a = i + 1; a <= j;) {
		size_t b = a;
		while (b < j && s[b] != ';')
			b++;
		struct item it;
		if (!parse_item(r, a, b, &it)) {
			g_array_set_size(items, 0);
			return 0;
		}
		g_array_append_val(items, it);
		a = b + 1;
	}
	return j + 1;
}

/* "@key" at text[i] == '@', with an optional " [locator]" after it.
 * Returns the offset after it, or 0. */
static size_t parse_in_text(struct run *r, size_t i, GArray *items)
{
	const char *s = r->text->str, *end = s + r->text->len;
	if (i > 0 && word_char(g_utf8_prev_char(s + i)))
		return 0; /* an e-mail address, not a citation */
	size_t klen = key_len(s + i + 1, end);
	if (!klen)
		return 0;
	struct item it = {0};
	it.key = g_strndup(s + i + 1, klen);
	it.prefix = g_strdup("");
	it.loc = run_loc(r, i);
	size_t after = i + 1 + klen;
	if (!strncmp(s + after, " [", 2)) {
		const char *loc = s + after + 2;
		size_t len = strcspn(loc, "[]@");
		if (len && loc[len] == ']') {
			it.locator = trimmed(loc, len);
			after += 2 + len + 1;
		}
	}
	if (!it.locator)
		it.locator = g_strdup("");
	g_array_append_val(items, it);
	return after;
}

/* ---------------------------------------------------------- rewriting */

static struct doc_node *new_inline(struct cctx *cx, enum doc_kind kind,
                                   const struct doc_loc *loc,
                                   struct doc_node *before)
{
	struct doc_node *n = doc_node_new(cx->doc, kind, loc);
	doc_node_insert_before(before, n);
	return n;
}

/* text[from..to) as TEXT and SOFTBREAK nodes before `before`. */
static void put_plain(struct cctx *cx, struct run *r, size_t from, size_t to,
                      struct doc_node *before)
{
	const char *s = r->text->str;
	while (from < to) {
		const char *nl = memchr(s + from, '\n', to - from);
		size_t stop = nl ? (size_t)(nl - s) : to;
		struct doc_loc loc = run_loc(r, from);
		if (stop > from) {
			struct doc_node *t =
			    new_inline(cx, DOC_TEXT, &loc, before);
			t->u.literal.text = arena_strndup(
			    cx->doc->arena, s + from, stop - from);
		}
		if (nl) {
			loc = run_loc(r, stop);
			new_inline(cx, DOC_SOFTBREAK, &loc, before);
			stop++;
		}
		from = stop;
	}
}

static struct doc_node *put_citation(struct cctx *cx, struct run *r, size_t at,
                                     GArray *items, bool in_text)
{
	struct doc_loc loc = run_loc(r, at);
	struct doc_node *n = new_inline(cx, DOC_CITATION, &loc, r->first);
	struct citation *c = g_new0(struct citation, 1);
	c->node = n;
	c->items = items;
	c->in_text = in_text;
	n->u.cite.in_text = in_text;
	g_hash_table_insert(cx->citations, n, c);
	return n;
}

static GArray *items_new(void)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct item));
	g_array_set_clear_func(a, item_clear);
	return a;
}

/* Is a bare "@key" (items holds its one item) a citation?  A mention
 * ("thanks to @octocat"), a scoped package or a handle is written the
 * same way, so only a key the bibliography has (or nearly has, in
 * another case: a typo, reported when resolved) is one.  Without a
 * bibliography it is always text; with one, an unknown key is text and
 * a warning.  A bibliography that could not be read keeps every "@key"
 * a citation: its errors are already reported. */
static bool bare_is_citation(struct cctx *cx, GArray *items)
{
	const struct item *it = &g_array_index(items, struct item, 0);
	if (cx->bib_failed)
		return true;
	if (!cx->bib)
		return false;
	if (bib_find(cx->bib, it->key) || bib_is_broken(cx->bib, it->key) ||
	    bib_find_nocase(cx->bib, it->key))
		return true;
	diag(&it->loc, CITE_BARE_UNKNOWN, it->key);
	return false;
}

/* Finds the citations in one run and, if there are any, replaces the run
 * with text, soft breaks and DOC_CITATION nodes. */
static void scan_run(struct cctx *cx, struct run *r)
{
	const char *s = r->text->str;
	size_t done = 0; /* text before this is already replaced */
	GArray *items = items_new();
	for (size_t i = 0; i < r->text->len; i++) {
		size_t end = 0;
		bool in_text = false;
		if ((s[i] == '[' || s[i] == '@') && escaped_at(r, i))
			continue; /* written "\\[" or "\\@": plain text */
		if (s[i] == '[')
			end = parse_bracket(r, i, items);
		else if (s[i] == '@' && (end = parse_in_text(r, i, items)))
			in_text = true;
		if (end && in_text && !bare_is_citation(cx, items)) {
			g_array_set_size(items, 0);
			end = 0;
		}
		if (!end)
			continue;
		put_plain(cx, r, done, i, r->first);
		put_citation(cx, r, i, items, in_text);
		items = items_new();
		done = end;
		i = end - 1;
	}
	g_array_free(items, TRUE);
	if (!done)
		return;
	put_plain(cx, r, done, r->text->len, r->first);
	for (struct doc_node *n = r->first, *next;; n = next) {
		next = n->next;
		bool stop = n == r->last;
		doc_node_unlink(n);
		if (stop)
			break;
	}
}

/* Is paragraph p only "[bibliography]"? */
static bool is_marker(const struct doc_node *p)
{
	GString *s = g_string_new(NULL);
	bool only_text = true;
	for (const struct doc_node *c = p->first; c; c = c->next)
		only_text = only_text && c->kind == DOC_TEXT;
	if (only_text)
		doc_node_text_append(p, s);
	bool yes = only_text && !strcmp(g_strstrip(s->str), MARKER);
	g_string_free(s, TRUE);
	return yes;
}

static void note_marker(struct cctx *cx, struct doc_node *p)
{
	if (p->parent->kind != DOC_CHAPTER) {
		diag(&p->loc, BIB_MARKER_PLACE, MARKER);
	} else if (cx->marker) {
		char *first = g_strdup_printf("%s:%u", cx->marker->loc.file,
		                              cx->marker->loc.line);
		diag(&p->loc, BIB_MARKER_TWICE, MARKER, first);
		g_free(first);
	} else {
		cx->marker = p;
	}
}

/* Runs of text directly under parent. */
static void scan_children(struct cctx *cx, struct doc_node *parent)
{
	struct doc_node *n = parent->first;
	while (n) {
		if (!runnable(n)) {
			n = n->next;
			continue;
		}
		struct doc_node *last = n;
		while (last->next && runnable(last->next))
			last = last->next;
		struct doc_node *after = last->next;
		struct run r;
		run_init(&r, n, last);
		if (strchr(r.text->str, '@'))
			scan_run(cx, &r);
		run_free(&r);
		n = after;
	}
}

static bool holds_citations(const struct doc_node *n)
{
	switch (n->kind) {
	case DOC_PARAGRAPH:
	case DOC_HEADING:
	case DOC_TABLE_CELL:
	case DOC_EMPH:
	case DOC_STRONG:
	case DOC_STRIKE: break;
	default: return false;
	}
	for (const struct doc_node *a = n; a; a = a->parent)
		if (a->kind == DOC_LINK || a->kind == DOC_IMAGE)
			return false;
	return true;
}

static void find_citations(struct cctx *cx)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, cx->doc->root);
	while (doc_iter_next(&it, &n, &ev)) {
		struct doc_node *m = (struct doc_node *)n;
		if (ev != DOC_LEAVE || !holds_citations(m))
			continue;
		if (m->kind == DOC_PARAGRAPH && is_marker(m))
			note_marker(cx, m);
		else
			scan_children(cx, m);
	}
}

/* ------------------------------------------------------------ resolve */

static struct ref *ref_of(struct cctx *cx, const struct bib_entry *e)
{
	struct ref *ref = g_hash_table_lookup(cx->refs, e->key);
	if (ref)
		return ref;
	ref = g_new0(struct ref, 1);
	ref->entry = e;
	ref->number = cx->list->len + 1;
	ref->cites = g_ptr_array_new();
	g_hash_table_insert(cx->refs, (gpointer)e->key, ref);
	g_ptr_array_add(cx->list, ref);
	return ref;
}

static void resolve_item(struct cctx *cx, struct doc_node *node,
                         struct item *it)
{
	if (!cx->bib) {
		if (!cx->bib_failed && !cx->told_no_bib)
			diag(&it->loc, CITE_NO_BIBLIOGRAPHY, it->key);
		cx->told_no_bib = true;
		return;
	}
	const struct bib_entry *e = bib_find(cx->bib, it->key);
	if (!e && bib_is_broken(cx->bib, it->key))
		return; /* its entry's error is enough */
	if (!e) {
		const struct bib_entry *near =
		    bib_find_nocase(cx->bib, it->key);
		if (near)
			diag(&it->loc, CITE_UNKNOWN_NEAR, it->key, near->key);
		else
			diag(&it->loc, CITE_UNKNOWN, it->key);
		return;
	}
	it->ref = ref_of(cx, e);
	GPtrArray *cites = it->ref->cites;
	if (!cites->len || cites->pdata[cites->len - 1] != node)
		g_ptr_array_add(cites, node);
}

static void resolve_citation(struct cctx *cx, struct doc_node *node)
{
	struct citation *c = g_hash_table_lookup(cx->citations, node);
	char *base = g_strdup_printf("cite-%u", ++cx->n_cites);
	node->id = unique_id(cx, base);
	g_free(base);
	for (guint i = 0; i < c->items->len; i++)
		resolve_item(cx, node,
		             &g_array_index(c->items, struct item, i));
}

/* Reading order: a footnote is read where it is first referred to. */
static void visit(struct cctx *cx, struct doc_node *n)
{
	for (struct doc_node *c = n->first; c; c = c->next) {
		if (c->kind == DOC_NOTE)
			continue;
		if (c->kind == DOC_CITATION)
			resolve_citation(cx, c);
		else if (c->kind == DOC_NOTE_REF && c->u.note.note &&
		         c->u.note.note->u.note.first_ref == c)
			visit(cx, c->u.note.note);
		else
			visit(cx, c);
	}
}

/* ------------------------------------------------------- author-date */

static gint by_sort_key(gconstpointer a, gconstpointer b)
{
	const struct ref *x = *(struct ref *const *)a;
	const struct ref *y = *(struct ref *const *)b;
	int d = strcmp(x->sort_key, y->sort_key);
	return d ? d : strcmp(x->entry->key, y->entry->key);
}

/* "a", "b", ... "z", "aa", "ab", ... */
static void put_letters(GString *s, unsigned k)
{
	if (k >= 26)
		put_letters(s, k / 26 - 1);
	g_string_append_c(s, (char)('a' + k % 26));
}

/* Sorts the list by author and year and gives each entry its label;
 * entries whose names and year agree get 2020a, 2020b (n.d.-a). */
static void label_author_date(struct cctx *cx)
{
	GHashTable *count =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *seen =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < cx->list->len; i++) {
		struct ref *r = cx->list->pdata[i];
		r->names = citefmt_short_names(cx->doc, r->entry);
		r->year = r->entry->year ? r->entry->year : "n.d.";
		r->sort_key = citefmt_sort_key(cx->doc, r->entry);
		char *k = g_strdup_printf("%s\x01%s", r->names, r->year);
		unsigned n = GPOINTER_TO_UINT(g_hash_table_lookup(count, k));
		g_hash_table_replace(count, k, GUINT_TO_POINTER(n + 1));
	}
	g_ptr_array_sort(cx->list, by_sort_key);
	for (guint i = 0; i < cx->list->len; i++) {
		struct ref *r = cx->list->pdata[i];
		char *k = g_strdup_printf("%s\x01%s", r->names, r->year);
		if (GPOINTER_TO_UINT(g_hash_table_lookup(count, k)) > 1) {
			unsigned nth =
			    GPOINTER_TO_UINT(g_hash_table_lookup(seen, k));
			GString *y = g_string_new(r->year);
			if (!r->entry->year)
				g_string_append_c(y, '-');
			put_letters(y, nth);
			r->year = arena_strndup(cx->doc->arena, y->str, y->len);
			g_string_free(y, TRUE);
			g_hash_table_replace(seen, g_strdup(k),
			                     GUINT_TO_POINTER(nth + 1));
		}
		g_free(k);
	}
	g_hash_table_destroy(count);
	g_hash_table_destroy(seen);
}

/* -------------------------------------------------------- the list */

static const char *ref_id(struct cctx *cx, const char *key)
{
	GString *s = g_string_new("ref-");
	for (const char *c = key; *c; c++)
		g_string_append_c(s,
		                  g_ascii_isalnum(*c) || *c == '_' || *c == '.'
		                      ? g_ascii_tolower(*c)
		                      : '-');
	const char *id = unique_id(cx, s->str);
	g_string_free(s, TRUE);
	return id;
}

static struct doc_node *make_list(struct cctx *cx, const struct doc_loc *loc)
{
	struct doc_node *list = doc_node_new(cx->doc, DOC_LIST, loc);
	list->u.list.ordered = !cx->author_date;
	list->u.list.tight = true;
	list->u.list.start = cx->author_date ? 0 : 1;
	for (guint i = 0; i < cx->list->len; i++) {
		struct ref *r = cx->list->pdata[i];
		struct doc_node *item =
		    doc_node_new(cx->doc, DOC_ITEM, &r->entry->loc);
		struct doc_node *para =
		    doc_node_new(cx->doc, DOC_PARAGRAPH, &r->entry->loc);
		item->id = ref_id(cx, r->entry->key);
		doc_node_append(list, item);
		doc_node_append(item, para);
		citefmt_entry(cx->doc, para, r->entry,
		              cx->author_date ? r->year : NULL);
		r->item = item;
	}
	return list;
}

static int first_heading_level(const struct doc_node *chapter)
{
	for (const struct doc_node *c = chapter->first; c; c = c->next)
		if (c->kind == DOC_HEADING)
			return c->u.heading.level;
	return 0;
}

/* The last chapter listed in book.yaml (the edition history comes after
 * it, but the references belong to the text). */
static struct doc_node *last_chapter(const struct cctx *cx)
{
	struct doc_node *ch = cx->doc->root->last;
	while (ch->prev && ch->u.chapter.generated)
		ch = ch->prev;
	return ch;
}

/* With no marker: a "References" heading, at the end of the last
 * chapter's text (before its notes). */
static struct doc_node *place_default(struct cctx *cx, struct doc_node *bib)
{
	struct doc_node *ch = last_chapter(cx), *notes = ch->first;
	while (notes && notes->kind != DOC_NOTE)
		notes = notes->next;
	if (notes)
		doc_node_insert_before(notes, bib);
	else
		doc_node_append(ch, bib);
	struct doc_node *h = doc_node_new(cx->doc, DOC_HEADING, &bib->loc);
	int level = first_heading_level(ch) + 1;
	h->u.heading.level = level > 6 ? 6 : level;
	h->id = unique_id(cx, "references");
	citefmt_text(cx->doc, h, i18n(cx->doc, "References"));
	doc_node_append(bib, h);
	return h;
}

/* In place of the marker, titled by the nearest heading above it. */
static const struct doc_node *place_at_marker(struct cctx *cx,
                                              struct doc_node *bib)
{
	const struct doc_node *h = cx->marker->prev;
	while (h && h->kind != DOC_HEADING)
		h = h->prev;
	doc_node_insert_before(cx->marker, bib);
	doc_node_unlink(cx->marker);
	return h;
}

/* Where the last chapter's text ends: its last block before the notes. */
static struct doc_loc end_loc(const struct cctx *cx)
{
	const struct doc_node *ch = last_chapter(cx), *last = NULL;
	for (const struct doc_node *c = ch->first; c; c = c->next)
		if (c->kind != DOC_NOTE)
			last = c;
	return last ? last->loc : ch->loc;
}

static void build_bibliography(struct cctx *cx)
{
	if (!cx->list->len) {
		if (cx->marker && !cx->bib && !cx->bib_failed)
			diag(&cx->marker->loc, BIB_MARKER_UNUSED, MARKER);
		if (cx->marker)
			doc_node_unlink(cx->marker);
		return;
	}
	struct doc_loc loc = cx->marker ? cx->marker->loc : end_loc(cx);
	struct doc_node *bib = doc_node_new(cx->doc, DOC_BIBLIOGRAPHY, &loc);
	bib->u.bibliography.heading =
	    cx->marker ? place_at_marker(cx, bib) : place_default(cx, bib);
	doc_node_append(bib, make_list(cx, &loc));
}

/* ------------------------------------------------ what citations show */

static const char *item_url(struct cctx *cx, const struct item *it)
{
	return arena_printf(cx->doc->arena, "#%s", it->ref->item->id);
}

static gint by_number(gconstpointer a, gconstpointer b)
{
	const struct item *x = a, *y = b;
	unsigned nx = x->ref ? x->ref->number : 0;
	unsigned ny = y->ref ? y->ref->number : 0;
	return (nx > ny) - (nx < ny);
}

static bool plain_items(const struct citation *c)
{
	for (guint i = 0; i < c->items->len; i++) {
		const struct item *it =
		    &g_array_index(c->items, struct item, i);
		if (*it->prefix || *it->locator)
			return false;
	}
	return true;
}

/* One key of a citation: prefix, the linked number or label, locator.
 * What it shows is added to label after sep. */
static void show_item(struct cctx *cx, struct doc_node *n,
                      const struct item *it, const char *sep, GString *label)
{
	const char *shown =
	    !it->ref ? "?"
	    : !cx->author_date
	        ? arena_printf(cx->doc->arena, "%u", it->ref->number)
	    : it->suppress ? it->ref->year
	                   : arena_printf(cx->doc->arena, "%s %s",
	                                  it->ref->names, it->ref->year);
	if (*it->prefix) {
		citefmt_text(cx->doc, n, it->prefix);
		citefmt_text(cx->doc, n, " ");
	}
	if (it->ref)
		citefmt_link(cx->doc, n, item_url(cx, it), it->ref->item,
		             shown);
	else
		citefmt_text(cx->doc, n, it->key);
	if (*it->locator) {
		citefmt_text(cx->doc, n, ", ");
		citefmt_text(cx->doc, n, it->locator);
	}
	g_string_append_printf(label, "%s%s", label->len ? sep : "",
	                       it->ref ? shown : it->key);
}

/* "Smith [3]" or "Smith (2020)": @key in running text. */
static void show_in_text(struct cctx *cx, struct doc_node *n,
                         const struct item *it, GString *label)
{
	const char *names =
	    it->ref ? citefmt_short_names(cx->doc, it->ref->entry) : it->key;
	struct item year = *it;
	year.suppress = true;
	citefmt_text(cx->doc, n, names);
	citefmt_text(cx->doc, n, cx->author_date ? " (" : " [");
	show_item(cx, n, &year, "", label);
	citefmt_text(cx->doc, n, cx->author_date ? ")" : "]");
}

static void show_citation(struct cctx *cx, struct citation *c)
{
	struct doc_node *n = c->node;
	GString *keys = g_string_new(NULL), *label = g_string_new(NULL);
	bool plain = plain_items(c);
	if (plain && !cx->author_date)
		g_array_sort(c->items, by_number);
	if (c->in_text) {
		show_in_text(cx, n, &g_array_index(c->items, struct item, 0),
		             label);
	} else {
		const char *sep = plain && !cx->author_date ? ", " : "; ";
		citefmt_text(cx->doc, n, cx->author_date ? "(" : "[");
		for (guint i = 0; i < c->items->len; i++) {
			if (i)
				citefmt_text(cx->doc, n, sep);
			show_item(cx, n,
			          &g_array_index(c->items, struct item, i), sep,
			          label);
		}
		citefmt_text(cx->doc, n, cx->author_date ? ")" : "]");
	}
	for (guint i = 0; i < c->items->len; i++) {
		const struct item *it =
		    &g_array_index(c->items, struct item, i);
		g_string_append_printf(keys, "%s%s", i ? ";" : "", it->key);
	}
	const struct item *only = &g_array_index(c->items, struct item, 0);
	n->u.cite.keys = arena_strdup(cx->doc->arena, keys->str);
	n->u.cite.label = arena_strdup(cx->doc->arena, label->str);
	if (c->items->len == 1 && *only->locator)
		n->u.cite.locator = arena_strdup(cx->doc->arena, only->locator);
	g_string_free(keys, TRUE);
	g_string_free(label, TRUE);
}

/* "↑" back to the one citation, or "↑ a b c" back to each. */
static void add_back_links(struct cctx *cx, struct ref *r)
{
	struct doc_node *p = r->item->first;
	GPtrArray *cites = r->cites;
	citefmt_text(cx->doc, p, cites->len > 1 ? " ↑" : " ");
	for (guint i = 0; i < cites->len; i++) {
		const struct doc_node *c = cites->pdata[i];
		const struct doc_node *ch = doc_node_chapter(c);
		GString *text = g_string_new(NULL);
		if (cites->len > 1) {
			citefmt_text(cx->doc, p, " ");
			put_letters(text, i);
		} else {
			g_string_append(text, "↑");
		}
		struct doc_node *a = citefmt_link(
		    cx->doc, p, arena_printf(cx->doc->arena, "#%s", c->id), c,
		    text->str);
		a->u.link.title = arena_printf(
		    cx->doc->arena, i18n(cx->doc, "Back to the citation in %s"),
		    ch && ch->u.chapter.title ? ch->u.chapter.title
		                              : "the text");
		g_string_free(text, TRUE);
	}
}

/* Plain text of n's inlines, citations left out. */
static void text_without_citations(const struct doc_node *n, GString *s)
{
	for (const struct doc_node *c = n->first; c; c = c->next) {
		if (c->kind == DOC_TEXT || c->kind == DOC_CODE)
			g_string_append(s, c->u.literal.text);
		else if (c->kind == DOC_SOFTBREAK || c->kind == DOC_LINEBREAK)
			g_string_append_c(s, ' ');
		else if (c->kind != DOC_CITATION)
			text_without_citations(c, s);
	}
}

/* A chapter's title was taken from its first heading before citations
 * were found: take it again, without them. */
static void retitle(struct cctx *cx)
{
	for (struct doc_node *ch = cx->doc->root->first; ch; ch = ch->next) {
		const struct doc_node *h = ch->first;
		while (h && h->kind != DOC_HEADING)
			h = h->next;
		if (!h)
			continue;
		GString *s = g_string_new(NULL);
		text_without_citations(h, s);
		g_strstrip(s->str);
		if (ch->u.chapter.title && strcmp(s->str, ch->u.chapter.title))
			ch->u.chapter.title =
			    arena_strdup(cx->doc->arena, s->str);
		g_string_free(s, TRUE);
	}
}

static void warn_uncited(struct cctx *cx)
{
	for (size_t i = 0; cx->bib && i < cx->bib->n_entries; i++) {
		const struct bib_entry *e = cx->bib->entries[i];
		if (!g_hash_table_contains(cx->refs, e->key))
			diag(&e->loc, BIB_NEVER_CITED, e->key);
	}
}

static void citation_free(gpointer p)
{
	struct citation *c = p;
	g_array_free(c->items, TRUE);
	g_free(c);
}

static void ref_free(gpointer p)
{
	struct ref *r = p;
	g_ptr_array_free(r->cites, TRUE);
	g_free(r);
}

static bool cite_run(struct doc *doc, const struct bib *bib, bool failed)
{
	const char *style = doc->meta.citation_style;
	struct cctx cx = {
	    .doc = doc,
	    .bib = bib,
	    .bib_failed = failed,
	    .author_date = style && !strcmp(style, "author-date"),
	    .citations = g_hash_table_new_full(g_direct_hash, g_direct_equal,
	                                       NULL, citation_free),
	    .refs =
	        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, ref_free),
	    .list = g_ptr_array_new(),
	    .ids = g_hash_table_new(g_str_hash, g_str_equal)};
	unsigned errors = diag_count(DIAG_ERROR);

	collect_ids(&cx);
	find_citations(&cx);
	visit(&cx, doc->root);
	if (cx.author_date)
		label_author_date(&cx);
	build_bibliography(&cx);
	GHashTableIter hi;
	gpointer k, v;
	g_hash_table_iter_init(&hi, cx.citations);
	while (g_hash_table_iter_next(&hi, &k, &v))
		show_citation(&cx, v);
	for (guint i = 0; i < cx.list->len; i++)
		add_back_links(&cx, cx.list->pdata[i]);
	if (g_hash_table_size(cx.citations))
		retitle(&cx);
	if (!doc->meta.left_out) /* a handout cites only some */
		warn_uncited(&cx);
	g_ptr_array_free(cx.list, TRUE);
	g_hash_table_destroy(cx.refs);
	g_hash_table_destroy(cx.citations);
	g_hash_table_destroy(cx.ids);
	return diag_count(DIAG_ERROR) == errors;
}

bool pass_cite_bib(struct doc *doc, const struct bib *bib)
{
	return cite_run(doc, bib, false);
}

/* The book's .bib: relative to the book folder and inside it.  NULL when
 * it cannot be read; *ok false after any error (the entries that could
 * be read are still returned). */
static struct bib *load_bib(struct doc *doc, bool *ok)
{
	const char *name = doc->meta.bibliography;
	const struct doc_loc *at = &doc->meta.bibliography_loc;
	if (g_path_is_absolute(name)) {
		diag(at, BIB_PATH_ABSOLUTE, name);
		*ok = false;
		return NULL;
	}
	struct infile f = {
	    .kind = INFILE_BIB, .root = doc->meta.dir, .name = name, .at = at};
	GBytes *bytes = NULL;
	struct bib *bib = NULL;
	*ok = false;
	if (infile_read(&f, &bytes, NULL) == INFILE_OK) {
		char *path = g_build_filename(doc->meta.dir, name, NULL);
		gsize len;
		const char *data = g_bytes_get_data(bytes, &len);
		bib = bib_parse(doc, path, data, len, ok);
		g_bytes_unref(bytes);
		g_free(path);
	}
	return bib;
}

bool pass_cite(struct doc *doc)
{
	if (!doc->meta.bibliography)
		return cite_run(doc, NULL, false);
	bool read_ok;
	struct bib *bib = load_bib(doc, &read_ok);
	return cite_run(doc, bib, bib == NULL) && read_ok;
}
