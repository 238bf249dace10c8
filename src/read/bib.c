/*
 * bib.c - the BibTeX reader (see bib.h).  A cursor walks the bytes keeping
 * line and column; each entry is read by a small recursive-descent parser
 * whose errors say what was expected.  After an error the reader skips to
 * the next line that starts with '@' and goes on.  Values are kept raw
 * (braces and TeX as written) until the entry is complete; then names are
 * split and every field is turned into plain text by bibtext.c.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "bib.h"
#include "bibtext.h"
#include "read.h"
#include "util.h"

struct rd {
	struct doc *doc;
	const char *name;
	const char *p, *end;
	unsigned line, col;
	bool line_blank;     /* only white space since the start of the line */
	GHashTable *strings; /* lowercase @string name -> raw value (arena) */
	size_t expanded;     /* bytes of @string values put in so far */
	GHashTable *keys;    /* casefolded key -> struct bib_entry * */
	GPtrArray *entries;
	GPtrArray *broken;   /* keys of entries that could not be read */
	struct doc_loc open; /* the current entry's '{' or '(' */
	char open_c;
};

/* A place in the text, to go back to. */
struct mark {
	const char *p;
	unsigned line, col;
	bool line_blank;
};

static struct doc_loc here(const struct rd *r)
{
	return (struct doc_loc){r->name, r->line, r->col};
}

static bool at_end(const struct rd *r)
{
	return r->p >= r->end;
}

static struct mark mark_here(const struct rd *r)
{
	return (struct mark){r->p, r->line, r->col, r->line_blank};
}

static void go_back(struct rd *r, const struct mark *m)
{
	r->p = m->p;
	r->line = m->line;
	r->col = m->col;
	r->line_blank = m->line_blank;
}

/* At the end of the file inside an entry?  Then says so at its start. */
static bool unclosed(struct rd *r)
{
	if (!at_end(r))
		return false;
	diag(&r->open, BIBTEX_UNTERMINATED, r->open_c,
	     r->open_c == '{' ? '}' : ')');
	return true;
}

static char peek(const struct rd *r)
{
	return at_end(r) ? '\0' : *r->p;
}

static void advance(struct rd *r)
{
	if (at_end(r))
		return;
	if (*r->p == '\n') {
		r->line++;
		r->col = 1;
		r->line_blank = true;
	} else {
		if (((unsigned char)*r->p & 0xC0) != 0x80)
			r->col++;
		if (!g_ascii_isspace(*r->p))
			r->line_blank = false;
	}
	r->p++;
}

static void skip_ws(struct rd *r)
{
	while (!at_end(r) && g_ascii_isspace(*r->p))
		advance(r);
}

/* Skips to the next '@' that starts a line (after an error). */
static void recover(struct rd *r)
{
	while (!at_end(r) && !(*r->p == '@' && r->line_blank))
		advance(r);
}

static bool is_ident_char(char c)
{
	return g_ascii_isalnum(c) || c == '_' || c == '-' || c == ':' ||
	       c == '.' || c == '+' || c == '/';
}

/* A name (entry type, field name, @string name): into the arena, lower
 * case.  Empty string when there is none. */
static char *read_ident(struct rd *r)
{
	const char *start = r->p;
	while (!at_end(r) && is_ident_char(*r->p))
		advance(r);
	char *s = g_ascii_strdown(start, r->p - start);
	char *a = arena_strdup(r->doc->arena, s);
	g_free(s);
	return a;
}

static bool is_key_char(char c)
{
	return (unsigned char)c > ' ' && !strchr(",{}()\"#%'=\\", c);
}

/* The text between balanced braces (or up to an unbraced '"' or ')'), the
 * opening delimiter already read.  Appends it to out and returns true, or
 * reports the delimiter at open as unterminated and goes back to just
 * after it (the next entry may well be intact). */
static bool read_delimited(struct rd *r, char close, GString *out,
                           const struct doc_loc *open)
{
	struct mark start = mark_here(r);
	int depth = 0;
	while (!at_end(r)) {
		char c = *r->p;
		if (c == close && depth == 0) {
			advance(r);
			return true;
		}
		if (c == '{')
			depth++;
		else if (c == '}' && --depth < 0)
			break; /* a '}' closing nothing inside "..." */
		g_string_append_c(out, c);
		advance(r);
	}
	if (close == '}')
		diag(open, BIBTEX_UNTERMINATED_BRACE);
	else if (close == ')')
		diag(open, BIBTEX_UNTERMINATED_PAREN);
	else if (depth < 0)
		diag(open, BIBTEX_UNBALANCED_QUOTE);
	else
		diag(open, BIBTEX_UNTERMINATED_QUOTE);
	go_back(r, &start);
	return false;
}

static const char *month_macro(const char *name)
{
	static const char *const m[][2] = {
	    {"jan", "January"}, {"feb", "February"}, {"mar", "March"},
	    {"apr", "April"},   {"may", "May"},      {"jun", "June"},
	    {"jul", "July"},    {"aug", "August"},   {"sep", "September"},
	    {"oct", "October"}, {"nov", "November"}, {"dec", "December"}};
	for (size_t i = 0; i < G_N_ELEMENTS(m); i++)
		if (!strcmp(name, m[i][0]))
			return m[i][1];
	return NULL;
}

/* Puts @string name's value v into out, within BIB_VALUE_MAX for one
 * value and BIB_EXPANDED_MAX for all of them (a chain of @strings that
 * each double the last grows a 1 KB file past any memory); false after
 * an error at at, which ends the file's reading when the total is
 * reached. */
static bool put_string(struct rd *r, const struct doc_loc *at, const char *name,
                       const char *v, GString *out)
{
	size_t n = strlen(v);
	if (n > BIB_VALUE_MAX - MIN(out->len, BIB_VALUE_MAX)) {
		diag(at, BIB_VALUE_TOO_LONG, name, BIB_VALUE_MAX >> 20);
		return false;
	}
	if (n > BIB_EXPANDED_MAX - r->expanded) {
		diag(at, BIB_STRINGS_TOO_LONG, name, BIB_EXPANDED_MAX >> 20);
		r->p = r->end;
		return false;
	}
	r->expanded += n;
	g_string_append_len(out, v, (gssize)n);
	return true;
}

/* One piece of a value: {braced}, "quoted", 123 or a @string name. */
static bool read_piece(struct rd *r, GString *out)
{
	struct doc_loc at = here(r);
	char c = peek(r);
	if (c == '{' || c == '"') {
		advance(r);
		return read_delimited(r, c == '{' ? '}' : '"', out, &at);
	}
	if (g_ascii_isdigit(c)) {
		while (g_ascii_isdigit(peek(r))) {
			g_string_append_c(out, peek(r));
			advance(r);
		}
		return true;
	}
	if (g_ascii_isalpha(c) || c == '_') {
		const char *name = read_ident(r);
		const char *v = g_hash_table_lookup(r->strings, name);
		if (!v)
			v = month_macro(name);
		if (!v) {
			diag(&at, BIBTEX_UNDEFINED_STRING, name);
			v = name; /* the syntax is fine: go on */
		}
		return put_string(r, &at, name, v, out);
	}
	diag(&at, BIBTEX_EXPECTED_VALUE);
	return false;
}

/* A value: pieces joined by '#'.  Returns the raw text in the arena, or
 * NULL after a syntax error. */
static char *read_value(struct rd *r)
{
	GString *s = g_string_new(NULL);
	for (;;) {
		if (!read_piece(r, s)) {
			g_string_free(s, TRUE);
			return NULL;
		}
		skip_ws(r);
		if (peek(r) != '#')
			break;
		advance(r);
		skip_ws(r);
	}
	char *v = arena_strndup(r->doc->arena, s->str, s->len);
	g_string_free(s, TRUE);
	return v;
}

/* "name = value"; false after a syntax error. */
static bool read_field(struct rd *r, struct bibtext_field *f)
{
	if (unclosed(r))
		return false;
	f->loc = here(r);
	f->name = read_ident(r);
	if (!*f->name) {
		diag(&f->loc, BIBTEX_EXPECTED_FIELD);
		return false;
	}
	skip_ws(r);
	if (peek(r) != '=') {
		struct doc_loc at = here(r);
		diag(&at, BIBTEX_EXPECTED_EQUALS, f->name);
		return false;
	}
	advance(r);
	skip_ws(r);
	f->value = read_value(r);
	return f->value != NULL;
}

/* If "name =" comes next, the name (in the arena), else NULL. */
static const char *next_field_name(struct rd *r)
{
	struct mark m = mark_here(r);
	const char *name = read_ident(r);
	skip_ws(r);
	bool field = *name && peek(r) == '=';
	go_back(r, &m);
	return field ? name : NULL;
}

/* After the value of the field named at f: ',' (then maybe the end) or
 * the end.  Returns 1 for another field, 0 at the end, -1 after an
 * error. */
static int after_field(struct rd *r, char close, const char *field,
                       const struct doc_loc *f)
{
	skip_ws(r);
	if (peek(r) == close) {
		advance(r);
		return 0;
	}
	if (unclosed(r))
		return -1;
	if (peek(r) != ',') {
		struct doc_loc at = here(r);
		const char *next = next_field_name(r);
		if (next)
			diag(&at, BIBTEX_EXPECTED_COMMA, field, next);
		else if (at.line > f->line)
			diag(&at, BIBTEX_EXPECTED_CLOSE_LINE, close, field,
			     f->line, close);
		else
			diag(&at, BIBTEX_EXPECTED_CLOSE, close, field);
		return -1;
	}
	advance(r);
	skip_ws(r);
	if (peek(r) == close) {
		advance(r);
		return 0;
	}
	return 1;
}

static bool read_string_def(struct rd *r, char close)
{
	struct bibtext_field f;
	skip_ws(r);
	if (!read_field(r, &f))
		return false;
	if (after_field(r, close, f.name, &f.loc) < 0)
		return false;
	g_hash_table_insert(r->strings, (gpointer)f.name, f.value);
	return true;
}

/* @comment{...}: skipped, braces balanced. */
static bool skip_comment(struct rd *r, char close, const struct doc_loc *open)
{
	GString *junk = g_string_new(NULL);
	bool ok = read_delimited(r, close == '}' ? '}' : ')', junk, open);
	g_string_free(junk, TRUE);
	return ok;
}

static const struct {
	const char *name;
	enum bib_type type;
} types[] = {
    {"article", BIB_ARTICLE},   {"book", BIB_BOOK},
    {"online", BIB_ONLINE},     {"www", BIB_ONLINE},
    {"electronic", BIB_ONLINE}, {"misc", BIB_MISC},
    {"report", BIB_REPORT},     {"techreport", BIB_REPORT},
};

const char *bib_type_name(enum bib_type type)
{
	static const char *const names[] = {"article", "book", "online", "misc",
	                                    "report"};
	return names[type];
}

static enum bib_type type_of(struct rd *r, const char *name, const char *key,
                             const struct doc_loc *at)
{
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
		if (!strcmp(name, types[i].name))
			return types[i].type;
	diag(at, BIBTEX_UNKNOWN_TYPE, name, key);
	(void)r;
	return BIB_MISC;
}

/* The key after "@type{"; NULL after an error. */
static const char *read_key(struct rd *r, const char *type)
{
	skip_ws(r);
	struct doc_loc at = here(r);
	const char *start = r->p;
	while (!at_end(r) && is_key_char(*r->p))
		advance(r);
	if (r->p == start) {
		diag(&at, BIBTEX_EXPECTED_KEY, type);
		return NULL;
	}
	return arena_strndup(r->doc->arena, start, (size_t)(r->p - start));
}

/* The fields of an entry up to its closing delimiter. */
static bool read_fields(struct rd *r, char close, const char *key,
                        GArray *fields)
{
	skip_ws(r);
	if (peek(r) == close) {
		advance(r);
		return true;
	}
	if (unclosed(r))
		return false;
	if (peek(r) != ',') {
		struct doc_loc at = here(r);
		diag(&at, BIBTEX_EXPECTED_KEY_COMMA, key);
		return false;
	}
	advance(r);
	skip_ws(r);
	if (peek(r) == close) {
		advance(r);
		return true;
	}
	for (;;) {
		struct bibtext_field f;
		if (!read_field(r, &f))
			return false;
		g_array_append_val(fields, f);
		int more = after_field(r, close, f.name, &f.loc);
		if (more <= 0)
			return more == 0;
	}
}

static void add_entry(struct rd *r, struct bib_entry *e, GArray *fields)
{
	char *fold = g_utf8_casefold(e->key, -1);
	const struct bib_entry *first = g_hash_table_lookup(r->keys, fold);
	if (first) {
		diag(&e->loc, BIBTEX_DUPLICATE_KEY, e->key, first->loc.line);
		g_free(fold);
		return;
	}
	g_hash_table_insert(r->keys, fold, e);
	bibtext_fill(r->doc, e, (struct bibtext_field *)fields->data,
	             fields->len);
	g_ptr_array_add(r->entries, e);
}

static void read_entry(struct rd *r, const char *type, char close,
                       const struct doc_loc *at)
{
	const char *key = read_key(r, type);
	if (!key) {
		recover(r);
		return;
	}
	struct bib_entry *e = arena_alloc(r->doc->arena, sizeof *e);
	e->key = key;
	e->loc = *at;
	GArray *fields =
	    g_array_new(FALSE, FALSE, sizeof(struct bibtext_field));
	if (read_fields(r, close, key, fields)) {
		e->type = type_of(r, type, key, at);
		add_entry(r, e, fields);
	} else {
		g_ptr_array_add(r->broken, (gpointer)key);
		recover(r);
	}
	g_array_free(fields, TRUE);
}

/* One "@type{...}" starting at the '@'. */
static void read_at(struct rd *r)
{
	struct doc_loc at = here(r);
	advance(r);
	skip_ws(r);
	const char *type = read_ident(r);
	if (!*type) {
		struct doc_loc t = here(r);
		diag(&t, BIBTEX_EXPECTED_TYPE);
		recover(r);
		return;
	}
	skip_ws(r);
	struct doc_loc open = here(r);
	char c = peek(r);
	if (c != '{' && c != '(') {
		diag(&open, BIBTEX_EXPECTED_OPEN, type);
		recover(r);
		return;
	}
	advance(r);
	char close = c == '{' ? '}' : ')';
	r->open = open;
	r->open_c = c;
	bool ok = true;
	if (!strcmp(type, "comment"))
		ok = skip_comment(r, close, &open);
	else if (!strcmp(type, "preamble"))
		ok = read_value(r) &&
		     after_field(r, close, "@preamble", &at) == 0;
	else if (!strcmp(type, "string"))
		ok = read_string_def(r, close);
	else
		read_entry(r, type, close, &at);
	if (!ok)
		recover(r);
}

/* Text outside entries is a comment; so is a line starting with '%'. */
static void read_all(struct rd *r)
{
	while (!at_end(r)) {
		char c = *r->p;
		if (c == '%' && r->line_blank) {
			while (!at_end(r) && *r->p != '\n')
				advance(r);
		} else if (c == '@') {
			read_at(r);
		} else {
			advance(r);
		}
	}
}

static int by_key(const void *a, const void *b)
{
	return strcmp((*(struct bib_entry *const *)a)->key,
	              (*(struct bib_entry *const *)b)->key);
}

struct bib *bib_parse(struct doc *doc, const char *name, const char *data,
                      size_t len, bool *ok)
{
	struct bib *bib = arena_alloc(doc->arena, sizeof *bib);
	bib->file = arena_strdup(doc->arena, name);
	if (!read_text_check(bib->file, data, len)) {
		*ok = false;
		return bib;
	}
	unsigned errors = diag_count(DIAG_ERROR);
	struct rd r = {.doc = doc,
	               .name = bib->file,
	               .p = data,
	               .end = data + len,
	               .line = 1,
	               .col = 1,
	               .line_blank = true,
	               .strings = g_hash_table_new(g_str_hash, g_str_equal),
	               .keys = g_hash_table_new_full(g_str_hash, g_str_equal,
	                                             g_free, NULL),
	               .entries = g_ptr_array_new(),
	               .broken = g_ptr_array_new()};
	read_all(&r);
	bib->n_entries = r.entries->len;
	size_t bytes = (bib->n_entries ? bib->n_entries : 1) * sizeof(void *);
	bib->entries = arena_alloc(doc->arena, bytes);
	bib->by_key = arena_alloc(doc->arena, bytes);
	if (bib->n_entries) {
		memcpy(bib->entries, r.entries->pdata, bytes);
		memcpy(bib->by_key, r.entries->pdata, bytes);
		qsort(bib->by_key, bib->n_entries, sizeof(void *), by_key);
	}
	g_ptr_array_free(r.entries, TRUE);
	bib->n_broken = r.broken->len;
	bib->broken =
	    arena_alloc(doc->arena, (r.broken->len + 1) * sizeof *bib->broken);
	for (guint i = 0; i < r.broken->len; i++)
		bib->broken[i] = r.broken->pdata[i];
	g_ptr_array_free(r.broken, TRUE);
	g_hash_table_destroy(r.strings);
	g_hash_table_destroy(r.keys);
	*ok = diag_count(DIAG_ERROR) == errors;
	return bib;
}

const struct bib_entry *bib_find(const struct bib *bib, const char *key)
{
	struct bib_entry probe = {.key = key};
	struct bib_entry *pp = &probe;
	struct bib_entry **hit = bib->n_entries
	                             ? bsearch(&pp, bib->by_key, bib->n_entries,
	                                       sizeof(void *), by_key)
	                             : NULL;
	return hit ? *hit : NULL;
}

const struct bib_entry *bib_find_nocase(const struct bib *bib, const char *key)
{
	for (size_t i = 0; i < bib->n_entries; i++)
		if (!g_ascii_strcasecmp(bib->entries[i]->key, key))
			return bib->entries[i];
	return NULL;
}

bool bib_is_broken(const struct bib *bib, const char *key)
{
	for (size_t i = 0; i < bib->n_broken; i++)
		if (!strcmp(bib->broken[i], key))
			return true;
	return false;
}
