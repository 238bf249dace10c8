/*
 * yamlmsg.c - libyaml's syntax errors in octavo's words, at the place the
 * author has to look: libyaml often notices a mistake a line later
 * ('title:Foo' on line 1 is found wrong on line 2) or where a quote was
 * never closed (the end of the file) rather than where it was opened.
 */
#include "yamlmsg.h"

#include <glib.h>
#include <string.h>

/* How many bytes from p (before end) are not a line break. */
static size_t line_len(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && *q != '\r' && *q != '\n')
		q++;
	return (size_t)(q - p);
}

/* Line number (from 1) of data, without its line break; "" past the end. */
static char *line_text(const char *data, size_t len, size_t line)
{
	const char *p = data, *end = data + len;
	/* lines end as libyaml counts them: CR LF, LF or a CR alone */
	for (size_t l = 1; l < line && p < end; l++) {
		p += line_len(p, end);
		if (p < end && *p == '\r' && p + 1 < end && p[1] == '\n')
			p++;
		if (p < end)
			p++;
	}
	return g_strndup(p, line_len(p, end));
}

/* The byte offset of character column col (from 0) in UTF-8 text s. */
static size_t col_offset(const char *s, size_t col)
{
	const char *p = s;
	for (size_t i = 0; i < col && *p; i++)
		p = g_utf8_next_char(p);
	return (size_t)(p - s);
}

/* A key glued to its value, 'title:Foo': the column (from 0) of its ':'
 * in line s, or -1.  A line that starts a list item is not one: its
 * text may hold a ':' (an address, a time). */
static long glued_colon(const char *s)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	const char *key = p;
	while (g_ascii_isalnum(*p) || *p == '-' || *p == '_')
		p++;
	if (p == key || *key == '-' || *p != ':')
		return -1;
	char next = p[1];
	if (!next || next == ' ' || next == '\t' || next == ':' || next == '/')
		return -1;
	return (long)g_utf8_strlen(s, p - s);
}

/* Reports a glued key on a line from first to last (from 1), nearest to
 * last first; false when there is none. */
static bool report_glued(const char *name, const char *data, size_t len,
                         size_t first, size_t last)
{
	for (size_t l = last; l >= first && l > 0; l--) {
		char *s = line_text(data, len, l);
		long col = glued_colon(s);
		if (col >= 0) {
			size_t at = col_offset(s, (size_t)col);
			const char *start = s + strspn(s, " ");
			struct doc_loc loc = {name, (unsigned)l,
			                      (unsigned)col + 1};
			diag(&loc, YAML_COLON_SPACE, start,
			     (int)(s + at - start), start, s + at + 1);
			g_free(s);
			return true;
		}
		g_free(s);
	}
	return false;
}

/* Up to 40 bytes of s without leading blanks, cut at a character. */
static char *excerpt(const char *s)
{
	s += strspn(s, " \t");
	if (strlen(s) <= 40)
		return g_strdup(s);
	const char *cut = g_utf8_find_prev_char(s, s + 40);
	return g_strdup_printf("%.*s...", (int)(cut - s), s);
}

/* A value holding ': ' after its key's: how to write it in quotes. */
static void second_colon(const struct doc_loc *at, const char *line,
                         const char *first)
{
	const char *key = line + strspn(line, " -");
	const char *value = first + 2 + strspn(first + 2, " ");
	if (strchr(value, '"') || strchr(value, '#') || key >= first)
		diag(at, YAML_SECOND_COLON);
	else
		diag(at, YAML_SECOND_COLON_AS, (int)(first - key), key, value);
}

static bool is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

/* A key that libyaml found no ':' after. */
static void no_colon(const struct doc_loc *at, const char *key)
{
	char *x = excerpt(key);
	if (key[0] == '-' && key[1] != ' ')
		diag(at, YAML_ITEM_SPACE, x);
	else
		diag(at, YAML_NO_COLON, x);
	g_free(x);
}

/* Lines that do not line up, or text after a closing quote at byte at. */
static void not_lined_up(const struct doc_loc *here, const char *line,
                         size_t at)
{
	size_t end = at;
	while (end > 0 && line[end - 1] == ' ')
		end--;
	if (end > 0 && (line[end - 1] == '"' || line[end - 1] == '\''))
		diag(here, YAML_AFTER_QUOTE);
	else
		diag(here, YAML_NOT_LINED_UP);
}

/* The mistakes that libyaml reports as its problem alone, at here. */
static bool report_problem(const yaml_parser_t *p, const struct doc_loc *here,
                           const char *line, size_t at)
{
	const char *prob = p->problem;
	unsigned char c = (unsigned char)line[at];
	if (is(prob, "found unexpected document indicator"))
		diag(here, YAML_DOCUMENT_MARKER);
	else if (is(prob, "mapping values are not allowed in this context")) {
		const char *first = strstr(line, ": ");
		if (first && (size_t)(first - line) < at)
			second_colon(here, line, first);
		else
			diag(here, YAML_INDENTED_KEY);
	} else if (is(prob, "did not find expected key") ||
	           is(prob, "did not find expected '-' indicator"))
		not_lined_up(here, line, at);
	else if (c == '\t' ||
	         is(prob, "found a tab character that violates "
	                  "indentation") ||
	         is(prob, "found a tab character where an indentation space "
	                  "is expected"))
		diag(here, YAML_TAB);
	else if (is(prob, "found character that cannot start any token"))
		diag(here, YAML_BAD_START, c);
	else if (is(prob, "block sequence entries are not allowed in this "
	                  "context"))
		diag(here, YAML_LIST_ON_KEY_LINE);
	else if (is(prob, "found unknown escape character"))
		diag(here, YAML_ESCAPE,
		     line[at] && line[at + 1] ? line[at + 1] : ' ');
	else
		return false;
	return true;
}

/* The words for a mistake libyaml found at its problem mark in its
 * construct (context), said at the problem (here) or where the construct
 * began (begun). */
static void report_words(const yaml_parser_t *p, const char *name,
                         const char *line, const char *ctx_line)
{
	const char *prob = p->problem, *ctx = p->context;
	size_t at = col_offset(line, p->problem_mark.column);
	char opened = ctx_line[col_offset(ctx_line, p->context_mark.column)];
	struct doc_loc here = {name, (unsigned)p->problem_mark.line + 1,
	                       (unsigned)p->problem_mark.column + 1};
	struct doc_loc begun = {name, (unsigned)p->context_mark.line + 1,
	                        (unsigned)p->context_mark.column + 1};
	if (is(prob, "found unexpected end of stream") &&
	    is(ctx, "while scanning a quoted scalar"))
		diag(&begun, YAML_QUOTE_UNCLOSED,
		     opened == '\'' ? "\"'\"" : "'\"'");
	else if (is(prob, "could not find expected ':'") &&
	         is(ctx, "while scanning a simple key"))
		no_colon(&begun, ctx_line + col_offset(ctx_line,
		                                       p->context_mark.column));
	else if (report_problem(p, &here, line, at))
		;
	else if (is(prob, "did not find expected ',' or ']'") ||
	         is(prob, "did not find expected ',' or '}'")) {
		bool list = strchr(prob, ']') != NULL;
		diag(&begun, YAML_UNCLOSED_FLOW, list ? "list" : "mapping",
		     list ? '[' : '{', list ? ']' : '}');
	} else if (is(ctx, "while scanning an anchor") ||
	           is(ctx, "while scanning an alias"))
		diag(&begun, YAML_ANCHOR, (unsigned char)opened);
	else if (is(prob, "found undefined alias"))
		diag(&here, YAML_ANCHOR, (unsigned char)line[at]);
	else if (is(ctx, "while scanning a tag") ||
	         is(ctx, "while parsing a tag"))
		diag(&here, YAML_TAG);
	else if (is(prob, "did not find expected node content"))
		diag(&here, YAML_NO_VALUE);
	else
		diag(&here, YAML_UNREADABLE);
}

void yamlmsg_report(const char *name, const char *data, size_t len,
                    const yaml_parser_t *p)
{
	size_t line = p->problem_mark.line + 1;
	size_t ctx = p->context ? p->context_mark.line + 1 : line;
	/* a glued key where libyaml was, or from where its trouble began */
	if (report_glued(name, data, len, MIN(ctx, line > 1 ? line - 1 : 1),
	                 line))
		return;
	char *text = line_text(data, len, line);
	char *ctx_text = line_text(data, len, ctx);
	report_words(p, name, text, ctx_text);
	g_free(ctx_text);
	g_free(text);
}

bool yamlmsg_report_glued(const char *name, const char *data, size_t len,
                          const yaml_node_t *root)
{
	if (root->type != YAML_SCALAR_NODE)
		return false;
	return report_glued(name, data, len, root->start_mark.line + 1,
	                    root->end_mark.line + 1);
}
