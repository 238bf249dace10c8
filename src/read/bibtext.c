/*
 * bibtext.c - raw BibTeX fields -> plain text: TeX accents and escapes,
 * author lists ("Last, First and {Corporate Name}"), and the fields each
 * entry type requires.
 */
#include <glib.h>
#include <stddef.h>
#include <string.h>

#include "bibtext.h"
#include "util.h"

/* ------------------------------------------------------------ TeX text */

struct tex {
	struct doc *doc;
	const char *p;
	GString *out;
	const char **unknown;
};

/* The combining mark of an accent command, or 0. */
static gunichar accent_mark(const char *cmd)
{
	static const struct {
		const char *cmd;
		gunichar mark;
	} accents[] = {
	    {"`", 0x300}, {"'", 0x301}, {"^", 0x302}, {"~", 0x303},
	    {"=", 0x304}, {"u", 0x306}, {".", 0x307}, {"\"", 0x308},
	    {"r", 0x30A}, {"H", 0x30B}, {"v", 0x30C}, {"d", 0x323},
	    {"c", 0x327}, {"k", 0x328}, {"b", 0x331},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(accents); i++)
		if (!strcmp(cmd, accents[i].cmd))
			return accents[i].mark;
	return 0;
}

static const char *symbol(const char *cmd)
{
	static const char *const sym[][2] = {
	    {"ss", "ß"},
	    {"o", "ø"},
	    {"O", "Ø"},
	    {"ae", "æ"},
	    {"AE", "Æ"},
	    {"oe", "œ"},
	    {"OE", "Œ"},
	    {"aa", "å"},
	    {"AA", "Å"},
	    {"l", "ł"},
	    {"L", "Ł"},
	    {"i", "ı"},
	    {"j", "ȷ"},
	    {"textendash", "–"},
	    {"textemdash", "—"},
	    {"textquoteleft", "‘"},
	    {"textquoteright", "’"},
	    {"textquotedblleft", "“"},
	    {"textquotedblright", "”"},
	    {"dag", "†"},
	    {"S", "§"},
	    {"P", "¶"},
	    {"copyright", "©"},
	    {"textregistered", "®"},
	    {"texttrademark", "™"},
	    {"ldots", "…"},
	    {"dots", "…"},
	    {"textellipsis", "…"},
	    {"textasciitilde", "~"},
	    {"textbackslash", "\\"},
	    {"textunderscore", "_"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(sym); i++)
		if (!strcmp(cmd, sym[i][0]))
			return sym[i][1];
	return NULL;
}

/* Commands that only format their argument: left out, argument kept. */
static bool is_formatting(const char *cmd)
{
	static const char *const fmt[] = {
	    "emph",       "textit", "textbf", "textsc",    "textup",
	    "textrm",     "textsf", "texttt", "textsl",    "textmd",
	    "textnormal", "mbox",   "url",    "nolinkurl", "mkbibquote",
	    "mkbibemph",  "relax"};
	for (size_t i = 0; i < G_N_ELEMENTS(fmt); i++)
		if (!strcmp(cmd, fmt[i]))
			return true;
	return false;
}

/* The letter an accent goes on: "o", "{o}", "\i" or "{\i}". */
static void put_accented(struct tex *t, gunichar mark)
{
	while (*t->p == ' ')
		t->p++;
	bool braced = *t->p == '{';
	if (braced)
		t->p++;
	if (t->p[0] == '\\' && (t->p[1] == 'i' || t->p[1] == 'j') &&
	    !g_ascii_isalpha(t->p[2])) {
		g_string_append_c(t->out,
		                  t->p[1]); /* dotless: the plain letter */
		t->p += 2;
	} else if (*t->p && *t->p != '}') {
		const char *next = g_utf8_next_char(t->p);
		g_string_append_len(t->out, t->p, next - t->p);
		t->p = next;
	}
	g_string_append_unichar(t->out, mark);
	if (braced && *t->p == '}')
		t->p++;
}

static void put_command(struct tex *t)
{
	char name[32];
	size_t n = 0;
	t->p++; /* the backslash */
	if (!g_ascii_isalpha(*t->p)) {
		char c = *t->p ? *t->p++ : '\0';
		char one[2] = {c, '\0'};
		gunichar mark = accent_mark(one);
		if (mark)
			put_accented(t, mark);
		else if (c && strchr("&%$#_{} ", c))
			g_string_append_c(t->out, c);
		return;
	}
	while (g_ascii_isalpha(*t->p)) {
		if (n < sizeof name - 1)
			name[n++] = *t->p;
		t->p++;
	}
	name[n] = '\0';
	while (*t->p == ' ' || *t->p == '\t' || *t->p == '\n')
		t->p++;
	gunichar mark = n == 1 ? accent_mark(name) : 0;
	const char *sym = symbol(name);
	if (mark)
		put_accented(t, mark);
	else if (sym)
		g_string_append(t->out, sym);
	else if (!is_formatting(name))
		*t->unknown = arena_strdup(t->doc->arena, name);
}

static void put_char(struct tex *t)
{
	char c = *t->p;
	if (c == '{' || c == '}' || c == '$') {
		t->p++;
	} else if (c == '~') {
		g_string_append(t->out, "\u00a0");
		t->p++;
	} else if (g_ascii_isspace(c)) {
		if (t->out->len && t->out->str[t->out->len - 1] != ' ')
			g_string_append_c(t->out, ' ');
		t->p++;
	} else if (!strncmp(t->p, "---", 3)) {
		g_string_append(t->out, "—");
		t->p += 3;
	} else if (!strncmp(t->p, "--", 2)) {
		g_string_append(t->out, "–");
		t->p += 2;
	} else {
		g_string_append_c(t->out, c);
		t->p++;
	}
}

char *bibtext_plain(struct doc *doc, const char *raw, const char **unknown)
{
	struct tex t = {doc, raw, g_string_new(NULL), unknown};
	*unknown = NULL;
	while (*t.p) {
		if (*t.p == '\\')
			put_command(&t);
		else
			put_char(&t);
	}
	while (t.out->len && t.out->str[t.out->len - 1] == ' ')
		g_string_truncate(t.out, t.out->len - 1);
	char *nfc =
	    g_utf8_normalize(t.out->str[0] == ' ' ? t.out->str + 1 : t.out->str,
	                     -1, G_NORMALIZE_NFC);
	char *r = arena_strdup(doc->arena, nfc ? nfc : "");
	g_free(nfc);
	g_string_free(t.out, TRUE);
	return r;
}

/* ---------------------------------------------------------------- names */

/* Splits s at depth-0 occurrences of sep (" and " or ","); for " and ",
 * any white space around a case-insensitive "and" counts. */
static GPtrArray *split_top(const char *s, bool on_and)
{
	GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
	const char *start = s;
	int depth = 0;
	for (const char *c = s; *c; c++) {
		if (*c == '{')
			depth++;
		else if (*c == '}')
			depth--;
		if (depth)
			continue;
		if (!on_and && *c == ',') {
			g_ptr_array_add(
			    parts, g_strstrip(g_strndup(start, c - start)));
			start = c + 1;
		} else if (on_and && g_ascii_isspace(*c) &&
		           !g_ascii_strncasecmp(c + 1, "and", 3) &&
		           g_ascii_isspace(c[4])) {
			g_ptr_array_add(
			    parts, g_strstrip(g_strndup(start, c - start)));
			start = c + 4;
			c += 3;
		}
	}
	g_ptr_array_add(parts, g_strstrip(g_strdup(start)));
	return parts;
}

/* Words at depth 0, white space separated. */
static GPtrArray *words_of(const char *s)
{
	GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
	const char *start = NULL;
	int depth = 0;
	for (const char *c = s;; c++) {
		bool sep = !*c || (depth == 0 && g_ascii_isspace(*c));
		if (sep && start) {
			g_ptr_array_add(w, g_strndup(start, c - start));
			start = NULL;
		} else if (!sep && !start) {
			start = c;
		}
		if (!*c)
			break;
		depth += *c == '{' ? 1 : *c == '}' ? -1 : 0;
	}
	return w;
}

/* A "von" word starts with a lower-case letter (a braced word never
 * does). */
static bool is_von(const char *w)
{
	return *w != '{' && *w != '\\' && g_unichar_islower(g_utf8_get_char(w));
}

static char *join_words(struct doc *doc, GPtrArray *w, guint from, guint to)
{
	if (from >= to)
		return NULL;
	GString *s = g_string_new(NULL);
	for (guint i = from; i < to; i++)
		g_string_append_printf(s, "%s%s", i > from ? " " : "",
		                       (char *)w->pdata[i]);
	const char *unknown;
	char *r = bibtext_plain(doc, s->str, &unknown);
	g_string_free(s, TRUE);
	return *r ? r : NULL;
}

/* "von Last" (the part before the first comma): von is the leading
 * lower-case words, never the last word. */
static void von_last(struct doc *doc, struct bib_name *nm, const char *part)
{
	GPtrArray *w = words_of(part);
	guint v = 0;
	while (v + 1 < w->len && is_von(w->pdata[v]))
		v++;
	nm->von = join_words(doc, w, 0, v);
	nm->last = join_words(doc, w, v, w->len);
	g_ptr_array_free(w, TRUE);
}

/* "First von Last": von runs from the first lower-case word to the last
 * lower-case word before the final word. */
static void first_von_last(struct doc *doc, struct bib_name *nm, const char *s)
{
	GPtrArray *w = words_of(s);
	guint n = w->len, vs = n ? n - 1 : 0, ve = vs;
	for (guint i = 0; i + 1 < n; i++)
		if (is_von(w->pdata[i])) {
			vs = i;
			break;
		}
	for (guint i = vs; i + 1 < n; i++)
		if (is_von(w->pdata[i]))
			ve = i + 1;
	nm->first = join_words(doc, w, 0, vs);
	nm->von = join_words(doc, w, vs, ve);
	nm->last = join_words(doc, w, ve, n);
	g_ptr_array_free(w, TRUE);
}

/* Is s one {braced group} from its first to its last character? */
static bool wholly_braced(const char *s)
{
	size_t n = strlen(s);
	int depth = 0;
	if (n < 2 || s[0] != '{' || s[n - 1] != '}')
		return false;
	for (size_t i = 0; i < n; i++) {
		depth += s[i] == '{' ? 1 : s[i] == '}' ? -1 : 0;
		if (depth == 0 && i < n - 1)
			return false;
	}
	return true;
}

static void parse_name(struct doc *doc, struct bib_name *nm, const char *s)
{
	const char *unknown;
	if (!strcmp(s, "others")) {
		nm->others = true;
		nm->last = "et al.";
		return;
	}
	if (wholly_braced(s)) {
		nm->corporate = true;
		nm->last = bibtext_plain(doc, s, &unknown);
		return;
	}
	GPtrArray *parts = split_top(s, false);
	if (parts->len == 1) {
		first_von_last(doc, nm, s);
	} else {
		von_last(doc, nm, parts->pdata[0]);
		const char *first = parts->pdata[parts->len - 1];
		nm->first = *first ? bibtext_plain(doc, first, &unknown) : NULL;
		if (parts->len > 2)
			nm->jr = bibtext_plain(doc, parts->pdata[1], &unknown);
	}
	if (!nm->last) /* "Last," with nothing else: keep something */
		nm->last = nm->first ? nm->first : "";
	g_ptr_array_free(parts, TRUE);
}

static void read_authors(struct doc *doc, struct bib_entry *e, const char *raw)
{
	char *flat = g_strdup(raw);
	g_strdelimit(flat, "\t\r\n", ' ');
	GPtrArray *names = split_top(flat, true);
	e->authors = arena_alloc(doc->arena, names->len * sizeof *e->authors);
	for (guint i = 0; i < names->len; i++)
		if (*(char *)names->pdata[i])
			parse_name(doc, &e->authors[e->n_authors++],
			           names->pdata[i]);
	g_ptr_array_free(names, TRUE);
	g_free(flat);
}

/* --------------------------------------------------------------- fields */

static const struct {
	const char *name;
	size_t offset;
	bool verbatim; /* URLs and DOIs: no TeX, no dashes */
} known[] = {
#define F(n)                                                                   \
	{                                                                      \
#n, offsetof(struct bib_entry, n), false                       \
	}
    F(title),
    F(journal),
    F(year),
    F(month),
    F(volume),
    F(number),
    F(pages),
    F(edition),
    F(publisher),
    F(address),
    F(organization),
    F(institution),
    F(urldate),
    F(note),
    F(howpublished),
#undef F
    {"url", offsetof(struct bib_entry, url), true},
    {"doi", offsetof(struct bib_entry, doi), true},
    {"journaltitle", offsetof(struct bib_entry, journal), false},
    {"location", offsetof(struct bib_entry, address), false},
    {"date", offsetof(struct bib_entry, year), false},
};

static const char *verbatim(struct doc *doc, const char *raw)
{
	GString *s = g_string_new(NULL);
	for (const char *c = raw; *c; c++)
		if (*c != '{' && *c != '}' && !g_ascii_isspace(*c))
			g_string_append_c(s, *c);
	const char *v = s->str;
	if (g_str_has_prefix(v, "https://doi.org/"))
		v += strlen("https://doi.org/");
	char *r = arena_strdup(doc->arena, v);
	g_string_free(s, TRUE);
	return r;
}

static void set_field(struct doc *doc, struct bib_entry *e,
                      const struct bibtext_field *f, size_t k)
{
	const char **dst = (const char **)((char *)e + known[k].offset);
	const char *unknown = NULL;
	if (known[k].verbatim) {
		*dst = verbatim(doc, f->value);
	} else {
		*dst = bibtext_plain(doc, f->value, &unknown);
		if (!strcmp(f->name, "date") && strlen(*dst) >= 4)
			*dst =
			    arena_strndup(doc->arena, *dst, 4); /* the year */
	}
	if (unknown)
		diag(&f->loc, BIBTEX_TEX_COMMAND, unknown, f->name, e->key);
}

/* Where field name was first given in fields[0..before), or NULL. */
static const struct bibtext_field *earlier(const struct bibtext_field *fields,
                                           size_t before, const char *name)
{
	for (size_t i = 0; i < before; i++)
		if (!strcmp(fields[i].name, name))
			return &fields[i];
	return NULL;
}

static void set_fields(struct doc *doc, struct bib_entry *e,
                       const struct bibtext_field *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct bibtext_field *f = &fields[i];
		const struct bibtext_field *first = earlier(fields, i, f->name);
		if (first) {
			diag(&f->loc, BIBTEX_FIELD_TWICE, f->name, e->key,
			     first->loc.line);
			continue;
		}
		if (!strcmp(f->name, "author")) {
			read_authors(doc, e, f->value);
			continue;
		}
		for (size_t k = 0; k < G_N_ELEMENTS(known); k++)
			if (!strcmp(f->name, known[k].name)) {
				set_field(doc, e, f, k);
				break;
			}
	}
}

/* urldate: YYYY-MM-DD (the day it was read). */
static bool valid_urldate(const char *s)
{
	unsigned y, m, d;
	char tail;
	return strlen(s) == 10 &&
	       sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 &&
	       g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

/* What each type needs; "a|b" means either. */
static const char *const *required(enum bib_type t)
{
	static const char *const article[] = {"author", "title", "journal",
	                                      "year", NULL};
	static const char *const book[] = {"author", "title", "publisher",
	                                   "year", NULL};
	static const char *const online[] = {"title|organization", "url", NULL};
	static const char *const misc[] = {"title|organization", NULL};
	static const char *const report[] = {"title", "institution", "year",
	                                     NULL};
	switch (t) {
	case BIB_ARTICLE: return article;
	case BIB_BOOK: return book;
	case BIB_ONLINE: return online;
	case BIB_MISC: return misc;
	case BIB_REPORT: return report;
	}
	return misc;
}

static bool has_field(const struct bib_entry *e, const char *name)
{
	if (!strcmp(name, "author"))
		return e->n_authors > 0;
	for (size_t k = 0; k < G_N_ELEMENTS(known); k++)
		if (!strcmp(name, known[k].name)) {
			const char *v = *(const char *const *)((const char *)e +
			                                       known[k].offset);
			return v && *v;
		}
	return false;
}

static bool check_required(const struct bib_entry *e)
{
	bool ok = true;
	for (const char *const *r = required(e->type); *r; r++) {
		char **alts = g_strsplit(*r, "|", -1);
		bool have = false;
		for (char **a = alts; *a; a++)
			have = have || has_field(e, *a);
		if (!have) {
			char *what = g_strjoinv("' or '", alts);
			diag(&e->loc, BIBTEX_REQUIRED, bib_type_name(e->type),
			     e->key, what);
			g_free(what);
			ok = false;
		}
		g_strfreev(alts);
	}
	return ok;
}

bool bibtext_fill(struct doc *doc, struct bib_entry *e,
                  const struct bibtext_field *fields, size_t n)
{
	set_fields(doc, e, fields, n);
	bool ok = check_required(e);
	if (e->urldate && !valid_urldate(e->urldate)) {
		const struct bibtext_field *f = earlier(fields, n, "urldate");
		diag(f ? &f->loc : &e->loc, BIBTEX_URLDATE, e->urldate, e->key);
		e->urldate = NULL;
		ok = false;
	}
	return ok;
}
