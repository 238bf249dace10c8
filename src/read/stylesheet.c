/*
 * stylesheet.c - the book's own style sheet (book.yaml's css:), which the
 * EPUB carries after the theme's so that its rules win.
 *
 * The file must be inside the book folder (infile.c reads it, at most
 * 1 MB), and it is read once, here.  It
 * is scanned only as far as octavo needs to keep the EPUB valid: comments
 * and strings are stepped over, every '{' must be closed, and url() or
 * @import, which name files the EPUB does not carry, are refused.  The
 * rules themselves are the author's (and the reading system's) business.
 */
#include <glib.h>
#include <string.h>

#include "infile.h"
#include "read.h"
#include "util.h"

struct scan {
	const char *name; /* the file, for locations */
	const char *s;
	size_t len, i;
	GArray *open; /* size_t: offsets of the '{' not yet closed */
	bool ok;
};

static void error_at(struct scan *sc, size_t off, enum diag_id id,
                     const char *arg)
{
	struct doc_loc loc = read_text_loc(sc->name, sc->s, off);
	if (arg)
		diag_at(&loc, id, arg);
	else
		diag_at(&loc, id);
	sc->ok = false;
}

/* Does the text at i begin with word (ASCII, any case), not as the end
 * of a longer name ("myurl(")? */
static bool word_at(const struct scan *sc, size_t i, const char *word)
{
	size_t n = strlen(word);
	if (i + n > sc->len || g_ascii_strncasecmp(sc->s + i, word, n))
		return false;
	if (i == 0)
		return true;
	char c = sc->s[i - 1];
	return !(g_ascii_isalnum(c) || c == '-' || c == '_' || c == '\\' ||
	         (unsigned char)c >= 0x80);
}

/* Steps over the comment that opens at sc->i. */
static void skip_comment(struct scan *sc)
{
	const char *end = g_strstr_len(sc->s + sc->i + 2,
	                               (gssize)(sc->len - sc->i - 2), "*/");
	if (!end) {
		error_at(sc, sc->i, DIAG_CSS_UNCLOSED, "comment");
		sc->i = sc->len;
		return;
	}
	sc->i = (size_t)(end - sc->s) + 2;
}

/* Steps over the string that opens at sc->i. */
static void skip_string(struct scan *sc)
{
	char quote = sc->s[sc->i];
	size_t at = sc->i++;
	while (sc->i < sc->len && sc->s[sc->i] != quote) {
		if (sc->s[sc->i] == '\n') {
			error_at(sc, at, DIAG_CSS_STRING_LINE, NULL);
			return;
		}
		sc->i += sc->s[sc->i] == '\\' ? 2 : 1;
	}
	if (sc->i >= sc->len)
		error_at(sc, at, DIAG_CSS_STRING_LINE, NULL);
	sc->i++;
}

static void scan_one(struct scan *sc)
{
	char c = sc->s[sc->i];
	if (c == '/' && sc->i + 1 < sc->len && sc->s[sc->i + 1] == '*') {
		skip_comment(sc);
	} else if (c == '"' || c == '\'') {
		skip_string(sc);
	} else if (c == '\\') {
		sc->i += 2; /* an escaped character is a plain one */
	} else if (c == '{') {
		g_array_append_val(sc->open, sc->i);
		sc->i++;
	} else if (c == '}') {
		if (sc->open->len)
			g_array_set_size(sc->open, sc->open->len - 1);
		else
			error_at(sc, sc->i, DIAG_CSS_CLOSES_NOTHING, NULL);
		sc->i++;
	} else if (word_at(sc, sc->i, "url(") ||
	           word_at(sc, sc->i, "@import")) {
		error_at(sc, sc->i, DIAG_CSS_NAMES_FILE,
		         c == '@' ? "@import" : "url()");
		sc->i += 4;
	} else {
		sc->i++;
	}
}

static bool scan_css(const char *name, const char *data, size_t len)
{
	struct scan sc = {
	    name, data, len, 0, g_array_new(FALSE, FALSE, sizeof(size_t)),
	    true};
	while (sc.i < sc.len)
		scan_one(&sc);
	if (sc.open->len) /* the innermost: the one to close first */
		error_at(&sc, g_array_index(sc.open, size_t, sc.open->len - 1),
		         DIAG_CSS_UNCLOSED, "'{'");
	g_array_free(sc.open, TRUE);
	return sc.ok;
}

/* The rules, after a byte order mark and an @charset rule, which may
 * only open a file and would be ignored after the theme's rules: the EPUB's
 * style sheet is UTF-8 anyway. */
static const char *body(const char *data)
{
	if (g_str_has_prefix(data, "\xEF\xBB\xBF"))
		data += 3;
	if (g_str_has_prefix(data, "@charset \"")) {
		const char *end = strstr(data, "\";");
		if (end)
			data = end + 2;
	}
	return data;
}

bool stylesheet_read(struct doc *doc)
{
	struct doc_meta *m = &doc->meta;
	if (!m->css)
		return true;
	if (!g_str_has_suffix(m->css, ".css")) {
		diag(&m->css_loc, CSS_NOT_CSS, m->css);
		return false;
	}
	struct infile f = {.kind = INFILE_STYLESHEET,
	                   .root = m->dir,
	                   .name = m->css,
	                   .at = &m->css_loc,
	                   .quiet_missing = true};
	GBytes *bytes = NULL;
	enum infile_status st = infile_read(&f, &bytes, NULL);
	if (st == INFILE_MISSING) {
		const char *near = manifest_near_file(doc, m->css, ".css");
		char *more = near
		                 ? g_strdup_printf("; did you mean '%s'?", near)
		                 : g_strdup("");
		infile_report_missing(&f, more);
		g_free(more);
	}
	if (st != INFILE_OK)
		return false;
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	/* messages name it as the chapters are named: folder/file */
	char *joined = g_build_filename(m->dir, m->css, NULL);
	const char *name = arena_strdup(doc->arena, joined);
	g_free(joined);
	bool ok = read_text_check(name, data, len) && scan_css(name, data, len);
	if (ok) /* infile_read() puts a NUL after the last byte */
		m->css_text = arena_strdup(doc->arena, body(data));
	g_bytes_unref(bytes);
	return ok;
}
