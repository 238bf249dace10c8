/*
 * texmath.c - TeX math as GitHub writes it, as a cmark-gfm syntax extension:
 * cmark hands it every "$" of running text (outside code spans, raw HTML
 * and autolinks, which cmark reads first) with the paragraph's raw
 * characters, before any backslash escape or emphasis is applied.
 *
 *   $x^2$      inline: the opening "$" is not followed by white space, the
 *              closing one not preceded by white space nor followed by a
 *              digit ("$5 and $10" is no math); "\$" inside does not close
 *   $$x$$      display; may run over the lines of its paragraph
 *   $`x`$      GitHub's inline form with backticks (any number of them)
 *
 * No math runs over a backtick (a code span after it stays a code span),
 * and none over a blank line (cmark ends the paragraph there).  A "$"
 * that opens nothing is text, as before.
 */
#include <glib.h>
#include <string.h>

#include "texmath.h"

/* A "$" that found no end found it by reading on to the paragraph's end
 * or to a backtick: every "$" of the same form before that place finds
 * none either.  Remembering where keeps a paragraph of a million "$"s
 * from being read a million times over.  Per form: [0] "$...$", [n]
 * "$" and n backticks; per thread (a parse runs on one), and forgotten
 * when a parse begins (math_parse_begin()). */
enum { MAX_TICKS = 16 };
struct no_end {
	const cmark_node *para;
	int from, to;
};
static _Thread_local struct no_end no_end[MAX_TICKS + 1];

void math_parse_begin(void)
{
	memset(no_end, 0, sizeof no_end);
}

static bool known_no_end(const cmark_node *para, int form, int p)
{
	const struct no_end *e = &no_end[form];
	return e->para == para && p > e->from && p < e->to;
}

static void remember_no_end(const cmark_node *para, int form, int p, int to)
{
	no_end[form] = (struct no_end){para, p, to};
}

struct math_data {
	struct math_source m;
	char tex[]; /* NUL-terminated */
};

/* The character at byte pos of the paragraph, or 0 past its end. */
static unsigned char at(cmark_inline_parser *ip, int pos)
{
	cmark_inline_parser_set_offset(ip, pos);
	return cmark_inline_parser_is_eof(ip)
	           ? 0
	           : cmark_inline_parser_peek_char(ip);
}

static bool blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* "$$...$$" from p: the end of its TeX (the closing "$$"), or -1. */
static int display_end(cmark_inline_parser *ip, int p)
{
	bool text = false;
	for (int q = p + 2;; q++) {
		unsigned char c = at(ip, q);
		if (!c || c == '`')
			return -1;
		if (c == '\\' && at(ip, q + 1)) {
			q++;
			text = true;
		} else if (c == '$' && at(ip, q + 1) == '$') {
			return text ? q : -1;
		} else if (!blank(c)) {
			text = true;
		}
	}
}

/* "$...$" from p: the end of its TeX (the closing "$"), or -1. */
static int inline_end(cmark_inline_parser *ip, const cmark_node *para, int p)
{
	unsigned char first = at(ip, p + 1);
	if (!first || blank(first) || known_no_end(para, 0, p))
		return -1;
	for (int q = p + 1;; q++) {
		unsigned char c = at(ip, q);
		if (!c || c == '`') {
			remember_no_end(para, 0, p, q);
			return -1;
		}
		if (c == '\\' && at(ip, q + 1))
			q++;
		else if (c == '$' && !blank(at(ip, q - 1)) &&
		         !g_ascii_isdigit(at(ip, q + 1)))
			return q;
	}
}

/* "$`...`$" from p (n backticks): where its TeX ends, or -1. */
static int backtick_end(cmark_inline_parser *ip, const cmark_node *para, int p,
                        int n)
{
	if (n > MAX_TICKS || known_no_end(para, n, p))
		return -1;
	for (int q = p + 1 + n;; q++) {
		unsigned char c = at(ip, q);
		if (!c) {
			remember_no_end(para, n, p, q);
			return -1;
		}
		if (c != '`')
			continue;
		int run = 0;
		while (at(ip, q + run) == '`')
			run++;
		if (run == n && at(ip, q + run) == '$')
			return q;
		q += run - 1;
	}
}

static void data_free(cmark_mem *mem, void *data)
{
	(void)mem;
	g_free(data);
}

static cmark_node *new_math(cmark_syntax_extension *self,
                            cmark_inline_parser *ip, int p, int from, int to,
                            bool display)
{
	struct math_data *d = g_malloc0(sizeof *d + (size_t)(to - from) + 1);
	cmark_inline_parser_set_offset(ip, p);
	d->m.line = (unsigned)cmark_inline_parser_get_line(ip);
	d->m.col = (unsigned)cmark_inline_parser_get_column(ip);
	d->m.display = display;
	for (int i = from; i < to; i++) {
		d->tex[i - from] = (char)at(ip, i);
		if (d->tex[i - from] == '\n') {
			d->m.lines++;
			d->m.last_line_at = (unsigned)(i + 1 - p);
		}
	}
	d->tex[to - from] = 0;
	d->m.tex = d->tex;
	/* a code span made by this extension: every container takes one (a
	 * table cell takes no node of an extension's own), and no pass over
	 * text (the autolinks', which also joins text nodes) reads it */
	cmark_node *n = cmark_node_new_with_mem_and_ext(
	    CMARK_NODE_CODE, cmark_get_default_mem_allocator(), self);
	cmark_node_set_user_data(n, d);
	cmark_node_set_user_data_free_func(n, data_free);
	return n;
}

static cmark_node *match(cmark_syntax_extension *self, cmark_parser *parser,
                         cmark_node *parent, unsigned char c,
                         cmark_inline_parser *ip)
{
	(void)parser;
	if (c != '$')
		return NULL;
	int p = cmark_inline_parser_get_offset(ip);
	int from, to, after;
	bool display = false;
	if (at(ip, p + 1) == '$') {
		to = display_end(ip, p);
		from = p + 2, after = to + 2, display = true;
	} else if (at(ip, p + 1) == '`') {
		int n = 0;
		while (at(ip, p + 1 + n) == '`')
			n++;
		to = backtick_end(ip, parent, p, n);
		from = p + 1 + n, after = to + n + 1;
	} else {
		to = inline_end(ip, parent, p);
		from = p + 1, after = to + 1;
	}
	if (to < 0 || to <= from) {
		cmark_inline_parser_set_offset(ip, p);
		return NULL;
	}
	cmark_node *n = new_math(self, ip, p, from, to, display);
	cmark_inline_parser_set_offset(ip, after);
	return n;
}

static gpointer make(gpointer unused)
{
	(void)unused;
	cmark_syntax_extension *e = cmark_syntax_extension_new("octavo-math");
	cmark_syntax_extension_set_match_inline_func(e, match);
	cmark_llist *chars = cmark_llist_append(
	    cmark_get_default_mem_allocator(), NULL, (void *)(uintptr_t)'$');
	cmark_syntax_extension_set_special_inline_chars(e, chars);
	return e;
}

cmark_syntax_extension *math_extension(void)
{
	static GOnce once = G_ONCE_INIT;
	return g_once(&once, make, NULL);
}

bool math_node_get(cmark_node *n, struct math_source *m)
{
	if (cmark_node_get_type(n) != CMARK_NODE_CODE ||
	    cmark_node_get_syntax_extension(n) != math_extension())
		return false;
	const struct math_data *d = cmark_node_get_user_data(n);
	if (!d)
		return false;
	*m = d->m;
	return true;
}
