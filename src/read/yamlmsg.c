/*
 * yamlmsg.c - libyaml's syntax errors in octavo's words, at the place the
 * author has to look: libyaml often notices a mistake a line later
 * ('title:Foo' on line 1 is found wrong on line 2) or where a quote was
 * never closed (the end of the file) rather than where it was opened.
 */
#include "yamlmsg.h"

#include <glib.h>
#include <string.h>

/* Line number (from 1) of data, without its line break; "" past the end. */
static char *line_text(const char *data, size_t len, size_t line)
{
	const char *p = data, *end = data + len;
	for (size_t l = 1; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = (size_t)((nl ? nl : end) - p);
	if (n && p[n - 1] == '\r')
		n--;
	return g_strndup(p, n);
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
			diag_error(&loc,
			           "'%s' needs a space after the ':' (write "
			           "'%.*s: %s')",
			           start, (int)(s + at - start), start,
			           s + at + 1);
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
static char *second_colon(const char *line, const char *first)
{
	const char *key = line + strspn(line, " -");
	const char *value = first + 2 + strspn(first + 2, " ");
	if (strchr(value, '"') || strchr(value, '#') || key >= first)
		return g_strdup("a second ': ' on one line: put the value in "
		                "quotes");
	return g_strdup_printf("a second ': ' on one line: put the value "
	                       "in quotes, as in %.*s: \"%s\"",
	                       (int)(first - key), key, value);
}

static bool is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

/* The words for a mistake found at mark (problem) in construct context;
 * *use_context says to point at where the construct began instead.
 * Returns a message the caller owns. */
static char *words_for(const yaml_parser_t *p, const char *line,
                       const char *ctx_line, bool *use_context)
{
	const char *prob = p->problem, *ctx = p->context;
	size_t at = col_offset(line, p->problem_mark.column);
	unsigned char c = (unsigned char)line[at];
	*use_context = false;
	if (is(prob, "found unexpected end of stream") &&
	    is(ctx, "while scanning a quoted scalar")) {
		*use_context = true;
		return g_strdup_printf(
		    "the %s that opens this value is never closed",
		    ctx_line[col_offset(ctx_line, p->context_mark.column)] ==
		            '\''
		        ? "\"'\""
		        : "'\"'");
	}
	if (is(prob, "found unexpected document indicator"))
		return g_strdup("a line '---' or '...' inside a quoted value: "
		                "close the quotes before it");
	if (is(prob, "mapping values are not allowed in this context")) {
		const char *first = strstr(line, ": ");
		if (first && (size_t)(first - line) < at)
			return second_colon(line, first);
		return g_strdup("this key is indented more than the key "
		                "above it: keys of one mapping line up");
	}
	if (is(prob, "could not find expected ':'") &&
	    is(ctx, "while scanning a simple key")) {
		const char *key =
		    ctx_line + col_offset(ctx_line, p->context_mark.column);
		char *x = excerpt(key);
		char *r =
		    key[0] == '-' && key[1] != ' '
		        ? g_strdup_printf("'%s' needs a space after the '-' "
		                          "of a list item",
		                          x)
		        : g_strdup_printf("'%s' has no ':' after it (a key "
		                          "is written 'key: value', a list "
		                          "item '- value')",
		                          x);
		g_free(x);
		*use_context = true;
		return r;
	}
	if (is(prob, "did not find expected key") ||
	    is(prob, "did not find expected '-' indicator")) {
		size_t end = at;
		while (end > 0 && line[end - 1] == ' ')
			end--;
		if (end > 0 && (line[end - 1] == '"' || line[end - 1] == '\''))
			return g_strdup("text after the closing quote: put the "
			                "whole value inside the quotes");
		return g_strdup("this line is not lined up with the lines "
		                "above it (indent with spaces, keys of one "
		                "mapping and the '-' of one list in a column)");
	}
	if (c == '\t' ||
	    is(prob, "found a tab character that violates "
	             "indentation") ||
	    is(prob, "found a tab character where an indentation space is "
	             "expected"))
		return g_strdup("a tab: YAML is indented with spaces only");
	if (is(prob, "found character that cannot start any token"))
		return g_strdup_printf("a value cannot begin with '%c': put it "
		                       "in quotes",
		                       c);
	if (is(prob, "block sequence entries are not allowed in this "
	             "context"))
		return g_strdup("a list cannot begin on its key's line: put "
		                "each '- item' on a line of its own below it");
	if (is(prob, "did not find expected ',' or ']'") ||
	    is(prob, "did not find expected ',' or '}'")) {
		bool list = strchr(prob, ']') != NULL;
		*use_context = true;
		return g_strdup_printf(
		    "the %s opened here with '%c' is not closed with '%c'",
		    list ? "list" : "mapping", list ? '[' : '{',
		    list ? ']' : '}');
	}
	if (is(prob, "found unknown escape character"))
		return g_strdup_printf(
		    "'\\%c' is not an escape in double quotes: write '\\\\' "
		    "for a backslash, or use single quotes",
		    line[at + 1] ? line[at + 1] : ' ');
	if (is(ctx, "while scanning an anchor") ||
	    is(ctx, "while scanning an alias")) {
		*use_context = true;
		c = (unsigned char)
		    ctx_line[col_offset(ctx_line, p->context_mark.column)];
	}
	if (is(prob, "found undefined alias") || *use_context)
		return g_strdup_printf("a value cannot begin with '%c' (a YAML "
		                       "anchor or alias): put it in quotes",
		                       c);
	if (is(ctx, "while scanning a tag") || is(ctx, "while parsing a tag"))
		return g_strdup("a value cannot begin with '!' (a YAML tag): "
		                "put it in quotes");
	if (is(prob, "did not find expected node content"))
		return g_strdup("a value is missing here");
	return g_strdup("this cannot be read as YAML: check the quotes, the "
	                "space after each ':' and the indentation");
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
	bool use_context;
	char *msg = words_for(p, text, ctx_text, &use_context);
	const yaml_mark_t *m =
	    use_context ? &p->context_mark : &p->problem_mark;
	struct doc_loc loc = {name, (unsigned)m->line + 1,
	                      (unsigned)m->column + 1};
	diag_error(&loc, "%s", msg);
	g_free(msg);
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
