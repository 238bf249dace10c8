/*
 * markdown.c - cmark-gfm's tree -> our tree.  cmark-gfm does all the
 * parsing (GFM tables, footnotes, strikethrough, autolinks); this file only
 * checks the bytes first, then copies cmark's nodes with their locations.
 */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "infile.h"
#include "texmath.h"
#include "util.h"
#include "words.h"

/* Deeper nesting than this is refused: no book needs it, and every
 * output walks the tree with bounded effort. */
enum { MAX_DEPTH = 64 };
/* A bigger chapter is refused: the PDF lays out about a megabyte of text in
 * a few seconds, so this keeps one chapter within bounded time and memory
 * (4 MB is some 700,000 words). */
enum { MAX_CHAPTER_MB = 4 };

static const int cmark_options = CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART |
                                 CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;

/* The bytes must be UTF-8 without NUL, hold some text and not be huge. */
static bool check_bytes(const char *name, const char *data, size_t len)
{
	if (len > (size_t)MAX_CHAPTER_MB << 20) {
		struct doc_loc loc = {name, 1, 1};
		diag(&loc, CHAPTER_TOO_BIG, (double)len / (1 << 20),
		     MAX_CHAPTER_MB);
		return false;
	}
	if (!read_text_check(name, data, len))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isspace(data[i]))
			return true;
	struct doc_loc loc = {name, 1, 1};
	diag(&loc, CHAPTER_EMPTY);
	return false;
}

static cmark_parser *parser_new(void)
{
	static const char *const exts[] = {"table", "strikethrough", "autolink",
	                                   "tasklist"};
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(cmark_options);
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
		cmark_syntax_extension *e =
		    cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	cmark_parser_attach_syntax_extension(p, math_extension());
	return p;
}

struct conv {
	struct doc *doc;
	const char *name;
	const char *data; /* the chapter's source, len bytes */
	size_t len;
	GArray *lines;        /* byte offset where each line starts (size_t) */
	struct doc_node *cur; /* where new nodes go */
	struct doc_loc block_loc; /* nearest block's location */
	unsigned depth;
	unsigned notes; /* footnote definitions so far */
	bool too_deep;
	GHashTable *defs; /* link reference label -> struct doc_loc *, or NULL
	                     until asked for */
	GArray *verbatim; /* unsigned pairs: first and last line of each code
	                     or HTML block */
	/* cmark does not count the lines of math that runs over several:
	 * the inlines after it in its block are shift lines further down,
	 * and those on cmark's line shift_line shift_col columns along */
	unsigned shift, shift_line;
	int shift_col;
};

static const char *dup_or_null(struct conv *c, const char *s)
{
	return s && *s ? arena_strdup(c->doc->arena, s) : NULL;
}

static enum doc_kind ext_kind(cmark_node *n, bool *known)
{
	const char *t = cmark_node_get_type_string(n);
	*known = true;
	if (!strcmp(t, "table"))
		return DOC_TABLE;
	if (!strcmp(t, "table_header") || !strcmp(t, "table_row"))
		return DOC_TABLE_ROW;
	if (!strcmp(t, "table_cell"))
		return DOC_TABLE_CELL;
	if (!strcmp(t, "strikethrough"))
		return DOC_STRIKE;
	*known = false;
	return DOC_TEXT;
}

static enum doc_kind kind_of(cmark_node *n, bool *known)
{
	struct math_source m;
	*known = true;
	if (math_node_get(n, &m))
		return DOC_MATH;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE: return DOC_BLOCKQUOTE;
	case CMARK_NODE_LIST: return DOC_LIST;
	case CMARK_NODE_ITEM: return DOC_ITEM;
	case CMARK_NODE_CODE_BLOCK: return DOC_CODE_BLOCK;
	case CMARK_NODE_HTML_BLOCK: return DOC_HTML_BLOCK;
	case CMARK_NODE_PARAGRAPH: return DOC_PARAGRAPH;
	case CMARK_NODE_HEADING: return DOC_HEADING;
	case CMARK_NODE_THEMATIC_BREAK: return DOC_THEMATIC_BREAK;
	case CMARK_NODE_FOOTNOTE_DEFINITION: return DOC_NOTE;
	case CMARK_NODE_TEXT: return DOC_TEXT;
	case CMARK_NODE_SOFTBREAK: return DOC_SOFTBREAK;
	case CMARK_NODE_LINEBREAK: return DOC_LINEBREAK;
	case CMARK_NODE_CODE: return DOC_CODE;
	case CMARK_NODE_HTML_INLINE: return DOC_HTML_INLINE;
	case CMARK_NODE_EMPH: return DOC_EMPH;
	case CMARK_NODE_STRONG: return DOC_STRONG;
	case CMARK_NODE_LINK: return DOC_LINK;
	case CMARK_NODE_IMAGE: return DOC_IMAGE;
	case CMARK_NODE_FOOTNOTE_REFERENCE: return DOC_NOTE_REF;
	default: return ext_kind(n, known);
	}
}

static void fill_table(struct conv *c, struct doc_node *d, cmark_node *n)
{
	unsigned ncols = cmark_gfm_extensions_get_table_columns(n);
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
	d->u.table.ncols = ncols;
	d->u.table.align = arena_alloc(
	    c->doc->arena, (ncols ? ncols : 1) * sizeof(enum doc_align));
	for (unsigned i = 0; al && i < ncols; i++)
		d->u.table.align[i] = al[i] == 'l'   ? DOC_ALIGN_LEFT
		                      : al[i] == 'c' ? DOC_ALIGN_CENTER
		                      : al[i] == 'r' ? DOC_ALIGN_RIGHT
		                                     : DOC_ALIGN_NONE;
}

/* ------------------------------------- where a reference is defined */

/* A link label as CommonMark matches it: case-folded, each run of white
 * space one space, none at the ends.  The caller g_frees it. */
static char *label_key(const char *s, size_t len)
{
	char *fold = g_utf8_casefold(s, (gssize)len);
	GString *k = g_string_new(NULL);
	bool space = false;
	for (const char *c = fold; *c; c++) {
		if (g_ascii_isspace(*c)) {
			space = k->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(k, ' ');
		space = false;
		g_string_append_c(k, *c);
	}
	g_free(fold);
	return g_string_free(k, FALSE);
}

/* The lines that define a link reference ("[label]: url", up to three
 * spaces in), by label; the first definition of a label is the one
 * CommonMark uses.  Only asked for to place a message, so a line in a
 * code block that looks like one does no harm. */
static GHashTable *reference_defs(struct conv *c)
{
	GHashTable *defs =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (guint i = 0; i < c->lines->len; i++) {
		size_t at = g_array_index(c->lines, size_t, i);
		size_t end = i + 1 < c->lines->len
		                 ? g_array_index(c->lines, size_t, i + 1)
		                 : c->len;
		const char *p = c->data + at, *e = c->data + end;
		unsigned lead = 0;
		while (p < e && *p == ' ' && lead < 4)
			p++, lead++;
		if (lead > 3 || p >= e || *p != '[')
			continue;
		const char *q = p + 1;
		while (q < e && *q != ']' && *q != '\n')
			q += *q == '\\' && q + 1 < e ? 2 : 1;
		if (q + 1 >= e || q[0] != ']' || q[1] != ':' || q == p + 1)
			continue;
		char *key = label_key(p + 1, (size_t)(q - p - 1));
		if (g_hash_table_contains(defs, key)) {
			g_free(key);
			continue;
		}
		struct doc_loc *loc = g_new(struct doc_loc, 1);
		*loc = (struct doc_loc){c->name, i + 1, lead + 1};
		g_hash_table_insert(defs, key, loc);
	}
	return defs;
}

/* Source bytes [from, to) of a node's span, by cmark's (1-based, byte)
 * positions; false when they are out of range. */
static bool span_bytes(struct conv *c, cmark_node *n, size_t *from, size_t *to)
{
	int l0 = cmark_node_get_start_line(n),
	    c0 = cmark_node_get_start_column(n);
	int l1 = cmark_node_get_end_line(n), c1 = cmark_node_get_end_column(n);
	if (l0 < 1 || l1 < l0 || c0 < 1 || c1 < 1 || (guint)l1 > c->lines->len)
		return false;
	*from = g_array_index(c->lines, size_t, l0 - 1) + (size_t)c0 - 1;
	*to = g_array_index(c->lines, size_t, l1 - 1) + (size_t)c1;
	return *from < *to && *to <= c->len;
}

/* Where the reference of link n ([text][label], [label][], [label]) is
 * defined; line 0 for an inline link. */
static struct doc_loc reference_def(struct conv *c, cmark_node *n)
{
	struct doc_loc none = {NULL, 0, 0};
	size_t from, to;
	if (!span_bytes(c, n, &from, &to) || c->data[to - 1] != ']' ||
	    c->data[from] != '[')
		return none;
	const char *s = c->data + from, *e = c->data + to - 1;
	const char *open = e; /* the '[' of a trailing "[label]" */
	while (open > s && *open != '[')
		open--;
	const char *label = s + 1, *label_end = e;
	if (open > s && open[-1] == ']') {
		if (open + 1 < e) { /* [text][label] */
			label = open + 1;
		} else { /* [label][] */
			label_end = open - 1;
		}
	}
	if (!c->defs)
		c->defs = reference_defs(c);
	char *key = label_key(label, (size_t)(label_end - label));
	const struct doc_loc *loc = g_hash_table_lookup(c->defs, key);
	g_free(key);
	return loc ? *loc : none;
}

/* A cell spans one column and one row; its alignment is its column's
 * (c->cur is its row). */
static void fill_cell(struct conv *c, struct doc_node *d)
{
	const struct doc_node *row = c->cur, *table = row->parent;
	unsigned col = 0;
	for (const struct doc_node *k = row->first; k; k = k->next)
		col++;
	d->u.cell.colspan = d->u.cell.rowspan = 1;
	d->u.cell.header = row->u.table.header;
	if (table && table->u.table.align && col < table->u.table.ncols)
		d->u.cell.align = table->u.table.align[col];
}

/* Is the code block's language (info up to a comma or space) Rust? */
static bool info_is_rust(const char *info)
{
	size_t n = info ? strcspn(info, ", \t") : 0;
	return n == 4 && !memcmp(info, "rust", 4);
}

/* A Rust code block's lines as mdBook (and rustdoc) show them: a line
 * that is "#" or begins "# " (after its indent) is hidden, and "##"
 * shows as "#".  The text in doc's arena. */
static const char *rust_shown_lines(struct doc *doc, const char *s)
{
	GString *out = g_string_sized_new(strlen(s));
	while (*s) {
		size_t len = strcspn(s, "\n");
		size_t ind = strspn(s, " \t");
		const char *p = s + ind;
		bool hidden = ind < len && *p == '#' &&
		              (ind + 1 == len || p[1] == ' ' || p[1] == '\t');
		bool twice = ind + 1 < len && p[0] == '#' && p[1] == '#';
		size_t take = len + (s[len] == '\n');
		if (twice) { /* "##" -> "#" */
			g_string_append_len(out, s, (gssize)ind);
			g_string_append_len(out, p + 1,
			                    (gssize)(take - ind - 1));
		} else if (!hidden) {
			g_string_append_len(out, s, (gssize)take);
		}
		s += take;
	}
	const char *shown = arena_strdup(doc->arena, out->str);
	g_string_free(out, TRUE);
	return shown;
}

/* Is the code block's language "math" (GitHub's ```math block)? */
static bool info_is_math(const char *info)
{
	size_t n = info ? strcspn(info, ", \t") : 0;
	return n == 4 && !memcmp(info, "math", 4);
}

/* A ```math block: display math, its TeX the block's lines. */
static void fill_math_block(struct conv *c, struct doc_node *d)
{
	size_t len = strlen(d->u.literal.text);
	while (len && d->u.literal.text[len - 1] == '\n')
		len--;
	d->kind = DOC_MATH_BLOCK;
	d->u.literal.text =
	    arena_strndup(c->doc->arena, d->u.literal.text, len);
	d->u.literal.info = NULL;
}

/* Copies the data of cmark node n into our node d. */
static void fill(struct conv *c, struct doc_node *d, cmark_node *n)
{
	switch (d->kind) {
	case DOC_HEADING:
		d->u.heading.level = cmark_node_get_heading_level(n);
		break;
	case DOC_LIST:
		d->u.list.ordered =
		    cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		d->u.list.start = cmark_node_get_list_start(n);
		d->u.list.tight = cmark_node_get_list_tight(n);
		break;
	case DOC_CODE_BLOCK:
		d->u.literal.info =
		    dup_or_null(c, cmark_node_get_fence_info(n));
		/* fall through */
	case DOC_TEXT:
	case DOC_CODE:
	case DOC_HTML_BLOCK:
	case DOC_HTML_INLINE: {
		const char *s = cmark_node_get_literal(n);
		d->u.literal.text = arena_strdup(c->doc->arena, s ? s : "");
		if (d->kind == DOC_CODE_BLOCK &&
		    info_is_rust(d->u.literal.info))
			d->u.literal.text =
			    rust_shown_lines(c->doc, d->u.literal.text);
		if (d->kind == DOC_CODE_BLOCK &&
		    info_is_math(d->u.literal.info))
			fill_math_block(c, d);
		break;
	}
	case DOC_MATH: {
		struct math_source m = {.tex = ""};
		math_node_get(n, &m);
		const char *tex = m.tex;
		size_t len = strlen(tex);
		if (m.display) { /* the lines around display math's TeX */
			tex += strspn(tex, " \t\n");
			while (len > (size_t)(tex - m.tex) &&
			       strchr(" \t\n", m.tex[len - 1]))
				len--;
			len -= (size_t)(tex - m.tex);
		}
		d->u.literal.text = arena_strndup(c->doc->arena, tex, len);
		d->u.literal.display = m.display;
		break;
	}
	case DOC_LINK:
	case DOC_IMAGE:
		d->u.link.url = arena_strdup(
		    c->doc->arena,
		    cmark_node_get_url(n) ? cmark_node_get_url(n) : "");
		d->u.link.title = dup_or_null(c, cmark_node_get_title(n));
		if (d->kind == DOC_LINK)
			d->u.link.def = reference_def(c, n);
		break;
	case DOC_NOTE:
		/* cmark-gfm has matched references to definitions, dropped
		 * the unreferenced ones and put the rest at the end in order
		 * of first reference; a reference's literal is that index. */
		d->u.note.label = arena_printf(c->doc->arena, "%u", ++c->notes);
		break;
	case DOC_NOTE_REF:
		d->u.note.label = dup_or_null(c, cmark_node_get_literal(n));
		break;
	case DOC_ITEM:
		if (!strcmp(cmark_node_get_type_string(n), "tasklist"))
			d->u.item.task =
			    cmark_gfm_extensions_get_tasklist_item_checked(n)
			        ? DOC_TASK_DONE
			        : DOC_TASK_OPEN;
		break;
	case DOC_TABLE: fill_table(c, d, n); break;
	case DOC_TABLE_CELL: fill_cell(c, d); break;
	case DOC_TABLE_ROW:
		d->u.table.header =
		    !strcmp(cmark_node_get_type_string(n), "table_header");
		break;
	default: break;
	}
}

/* An inline's place, counted again after math over several lines (see
 * struct conv). */
static void shift_loc(struct conv *c, cmark_node *n, struct doc_loc *loc)
{
	if (c->shift && loc->line >= c->shift_line) {
		if (loc->line == c->shift_line)
			loc->col =
			    (unsigned)MAX(1, (int)loc->col + c->shift_col);
		loc->line += c->shift;
	}
	struct math_source m;
	if (math_node_get(n, &m) && m.lines) {
		c->shift += m.lines;
		c->shift_line = m.line;
		c->shift_col = -(int)(m.col + m.last_line_at) + 1;
	}
}

static struct doc_loc node_loc(struct conv *c, cmark_node *n)
{
	struct math_source m;
	if (math_node_get(n, &m)) {
		struct doc_loc loc = {c->name, m.line, m.col};
		shift_loc(c, n, &loc);
		return loc;
	}
	struct doc_loc loc = {c->name, (unsigned)cmark_node_get_start_line(n),
	                      (unsigned)cmark_node_get_start_column(n)};
	bool known;
	if (loc.line && !doc_kind_is_block(kind_of(n, &known)))
		shift_loc(c, n, &loc);
	/* cmark-gfm gives no position to a few inlines (soft breaks): they
	 * take their block's. */
	return loc.line ? loc : c->block_loc;
}

/* ------------------------------------------------ text back to source */

/* cmark-gfm joins a paragraph line's text into one node and gives only
 * where it starts.  Its literal differs from the source where a
 * backslash escape, an entity or smart punctuation was read, so columns
 * counted in the literal drift after them, and a written "\[@key]" is
 * indistinguishable from a citation.  align_text() walks the literal and
 * the source line side by side and cuts the literal into pieces at those
 * places, each with its exact column; an escaped character is a piece of
 * its own, marked escaped.  When the two cannot be matched the node is
 * left whole, as before. */

struct tpiece {
	size_t lit; /* where it starts in the literal */
	unsigned col;
	bool escaped;
};

/* Bytes of an entity reference at s ("&amp;", "&#38;", "&#x26;"), or 0. */
static size_t entity_len(const char *s, const char *end)
{
	const char *p = s + 1;
	if (p < end && *p == '#') {
		p++;
		bool hex = p < end && (*p == 'x' || *p == 'X');
		p += hex;
		const char *digits = p;
		while (p < end && p - digits < 7 &&
		       (hex ? g_ascii_isxdigit(*p) : g_ascii_isdigit(*p)))
			p++;
		if (p == digits)
			return 0;
	} else {
		const char *name = p;
		while (p < end && p - name < 32 && g_ascii_isalnum(*p))
			p++;
		if (p == name)
			return 0;
	}
	return p < end && *p == ';' ? (size_t)(p + 1 - s) : 0;
}

/* Source bytes that smart punctuation turned into the character u. */
static size_t smart_len(gunichar u, const char *src, const char *end)
{
	size_t n = u == 0x2014 ? 3 : u == 0x2013 ? 2 : u == 0x2026 ? 3 : 0;
	char c = u == 0x2026 ? '.' : '-';
	size_t run = 0;
	while (run < n && src + run < end && src[run] == c)
		run++;
	if (n && run == n)
		return n;
	if ((u == 0x2018 || u == 0x2019) && src < end && *src == '\'')
		return 1;
	if ((u == 0x201C || u == 0x201D) && src < end && *src == '"')
		return 1;
	return 0;
}

static bool align_text(const char *lit, const char *src, const char *end,
                       unsigned col, GArray *pieces)
{
	const char *l = lit;
	bool cut = true; /* the next character starts a piece */
	while (*l) {
		if (src >= end)
			return false;
		size_t lc = (size_t)(g_utf8_next_char(l) - l);
		size_t sc, e;
		bool esc = false, lossy = false;
		if (src + 1 < end && *src == '\\' && g_ascii_ispunct(src[1]) &&
		    src[1] == *l) {
			sc = 2;
			esc = lossy = true;
		} else if (*src == '&' && (e = entity_len(src, end))) {
			sc = e;
			lossy = true;
		} else if (src + lc <= end && !memcmp(src, l, lc)) {
			sc = lc;
		} else if ((sc = smart_len(g_utf8_get_char(l), src, end))) {
			lossy = sc > 1;
		} else {
			return false;
		}
		if (cut || esc) {
			struct tpiece p = {(size_t)(l - lit), col, esc};
			g_array_append_val(pieces, p);
		}
		/* after an escape or a lossy character a new piece starts */
		cut = esc || lossy;
		col += (unsigned)g_utf8_strlen(src, (gssize)sc);
		src += sc;
		l += lc;
	}
	return true;
}

/* Cuts TEXT node d (just appended) as align_text() found. */
static void split_text(struct conv *c, struct doc_node *d)
{
	unsigned line = d->loc.line, col = d->loc.col;
	if (!line || !col || line > c->lines->len)
		return;
	size_t start = g_array_index(c->lines, size_t, line - 1);
	size_t stop = line < c->lines->len
	                  ? g_array_index(c->lines, size_t, line)
	                  : c->len;
	const char *src = c->data + start, *end = c->data + stop;
	for (unsigned k = 1; k < col && src < end; k++) /* col counts chars */
		src = g_utf8_next_char(src);
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(struct tpiece));
	const char *lit = d->u.literal.text;
	if (align_text(lit, src, end, col, pieces) &&
	    (pieces->len > 1 ||
	     (pieces->len == 1 &&
	      g_array_index(pieces, struct tpiece, 0).escaped))) {
		struct doc_node *n = d;
		for (guint i = 0; i < pieces->len; i++) {
			const struct tpiece *p =
			    &g_array_index(pieces, struct tpiece, i);
			size_t to =
			    i + 1 < pieces->len
			        ? g_array_index(pieces, struct tpiece, i + 1)
			              .lit
			        : strlen(lit);
			if (i) {
				n = doc_node_new(c->doc, DOC_TEXT, &d->loc);
				doc_node_append(c->cur, n);
			}
			n->loc.col = p->col;
			n->u.literal.escaped = p->escaped;
			n->u.literal.text = arena_strndup(
			    c->doc->arena, lit + p->lit, to - p->lit);
		}
	}
	g_array_free(pieces, TRUE);
}

/* The first paragraph of a task list item begins with the item's box,
 * where "[ ]" or "[x]" was written (cmark-gfm took it out of the text). */
static void put_task(struct conv *c, struct doc_node *para)
{
	const struct doc_node *item = para->parent;
	if (!item || item->kind != DOC_ITEM || !item->u.item.task ||
	    item->first != para)
		return;
	struct doc_loc loc = para->loc;
	loc.col = loc.col > 4 ? loc.col - 4 : loc.col;
	struct doc_node *t = doc_node_new(c->doc, DOC_TASK, &loc);
	t->u.item.task = item->u.item.task;
	doc_node_append(para, t);
}

static void enter(struct conv *c, cmark_node *n)
{
	bool known;
	enum doc_kind kind = kind_of(n, &known);
	bool block = doc_kind_is_block(kind);
	if (block)
		c->shift = 0;
	struct doc_loc loc = node_loc(c, n);

	if (!known) {
		diag(&loc, MARKDOWN_UNSUPPORTED, cmark_node_get_type_string(n));
		kind = DOC_HTML_INLINE;
	}
	struct doc_node *d = doc_node_new(c->doc, kind, &loc);
	fill(c, d, n);
	if (kind == DOC_CODE_BLOCK || kind == DOC_HTML_BLOCK) {
		unsigned span[2] = {loc.line,
		                    (unsigned)cmark_node_get_end_line(n)};
		g_array_append_vals(c->verbatim, span, 2);
	}
	if (block)
		c->block_loc = loc;
	doc_node_append(c->cur, d);
	if (kind == DOC_TEXT && known)
		split_text(c, d);
	if (kind == DOC_PARAGRAPH)
		put_task(c, d);
	if (!doc_kind_is_leaf(kind)) {
		c->cur = d;
		if (++c->depth > MAX_DEPTH && !c->too_deep) {
			diag(&loc, MARKDOWN_NESTING, MAX_DEPTH);
			c->too_deep = true;
		}
	}
}

static void leave(struct conv *c)
{
	c->cur = c->cur->parent;
	c->depth--;
	for (const struct doc_node *b = c->cur; b; b = b->parent)
		if (doc_kind_is_block(b->kind)) {
			c->block_loc = b->loc;
			break;
		}
}

static bool convert(struct conv *c, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !c->too_deep) {
		cmark_node *n = cmark_iter_get_node(it);
		if (n == root)
			continue;
		bool known;
		if (ev == CMARK_EVENT_ENTER)
			enter(c, n);
		else if (ev == CMARK_EVENT_EXIT &&
		         !doc_kind_is_leaf(kind_of(n, &known)))
			leave(c); /* cmark leaves some of our leaves */
	}
	cmark_iter_free(it);
	return !c->too_deep;
}

/* GitHub's alerts: a block quote whose first line is "[!NOTE]" alone
 * (TIP, IMPORTANT, WARNING, CAUTION; any case) is an alert, and that line
 * becomes its title, in bold and in its chapter's language (words.c). */
static void alert(struct conv *c, struct doc_node *quote)
{
	static const char *const marks[] = {NULL,         "[!NOTE]",
	                                    "[!TIP]",     "[!IMPORTANT]",
	                                    "[!WARNING]", "[!CAUTION]"};
	static const enum word titles[] = {
	    WORD_ALERT_NOTE,      WORD_ALERT_NOTE,    WORD_ALERT_TIP,
	    WORD_ALERT_IMPORTANT, WORD_ALERT_WARNING, WORD_ALERT_CAUTION};
	struct doc_node *para = quote->first;
	struct doc_node *t =
	    para && para->kind == DOC_PARAGRAPH ? para->first : NULL;
	if (!t || t->kind != DOC_TEXT || t->u.literal.escaped ||
	    (t->next && t->next->kind != DOC_SOFTBREAK &&
	     t->next->kind != DOC_LINEBREAK))
		return;
	char *mark = g_strstrip(g_strdup(t->u.literal.text));
	enum doc_alert kind = DOC_ALERT_NONE;
	for (size_t i = 1; i < G_N_ELEMENTS(marks); i++)
		if (!g_ascii_strcasecmp(mark, marks[i]))
			kind = (enum doc_alert)i;
	g_free(mark);
	if (!kind)
		return;
	quote->u.quote.alert = kind;
	struct doc_node *title = doc_node_new(c->doc, DOC_PARAGRAPH, &t->loc);
	struct doc_node *strong = doc_node_new(c->doc, DOC_STRONG, &t->loc);
	struct doc_node *word = doc_node_new(c->doc, DOC_TEXT, &t->loc);
	word->u.literal.text =
	    words_in(c->doc, doc_node_lang(c->doc, quote), titles[kind]);
	doc_node_append(strong, word);
	doc_node_append(title, strong);
	if (t->next)
		doc_node_unlink(t->next);
	doc_node_unlink(t);
	if (!para->first)
		doc_node_unlink(para);
	if (quote->first)
		doc_node_insert_before(quote->first, title);
	else
		doc_node_append(quote, title);
}

static void alerts(struct conv *c, struct doc_node *chapter)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, chapter);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_LEAVE && n->kind == DOC_BLOCKQUOTE)
			alert(c, (struct doc_node *)n);
}

/* ------------------------------------------------------------ math */

/* mdBook's MathJax forms, "\\( x \\)" and "\\[ x \\]": cmark never lets an
 * extension see a backslash, so they are found in the tree: an escaped
 * backslash, then text that begins with "(" or "[".  Their TeX is the
 * source's, put back together from the pieces between the two marks
 * (an escaped character gets its backslash again, smart punctuation and
 * emphasis their characters); a code span, a link or raw HTML between
 * them leaves the text as it is, with a warning. */

static bool is_mark(const struct doc_node *n, char bracket)
{
	return n && n->kind == DOC_TEXT && n->u.literal.escaped &&
	       !strcmp(n->u.literal.text, "\\") && n->next &&
	       n->next->kind == DOC_TEXT && !n->next->u.literal.escaped &&
	       n->next->u.literal.text[0] == bracket;
}

/* Text as written onto tex: smart punctuation gets its characters back. */
static void unsmart(const char *text, GString *tex)
{
	static const char *const back[][2] = {
	    {"\u2019", "'"},  {"\u2018", "'"},  {"\u201C", "\""},
	    {"\u201D", "\""}, {"\u2013", "--"}, {"\u2014", "---"},
	    {"\u2026", "..."}};
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		size_t k = 0;
		while (k < G_N_ELEMENTS(back) &&
		       strncmp(p, back[k][0], strlen(back[k][0])))
			k++;
		if (k < G_N_ELEMENTS(back))
			g_string_append(tex, back[k][1]);
		else
			g_string_append_len(tex, p, g_utf8_next_char(p) - p);
	}
}

/* The character written at loc, or 0. */
static char source_char(const struct conv *c, const struct doc_loc *loc)
{
	if (!loc->line || !loc->col || loc->line > c->lines->len)
		return 0;
	size_t at = g_array_index(c->lines, size_t, loc->line - 1) +
	            (size_t)loc->col - 1;
	return at < c->len ? c->data[at] : 0;
}

/* The source of n, a node between the marks, onto tex; else n is markup
 * that cannot be written back (a link, code, raw HTML): it is returned. */
static const struct doc_node *source_of(const struct conv *c,
                                        const struct doc_node *n, GString *tex)
{
	switch (n->kind) {
	case DOC_SOFTBREAK:
	case DOC_LINEBREAK: g_string_append_c(tex, '\n'); return NULL;
	case DOC_TEXT:
		if (n->u.literal.escaped)
			g_string_append_c(tex, '\\');
		unsmart(n->u.literal.text, tex);
		return NULL;
	case DOC_EMPH:
	case DOC_STRONG: { /* a*b*c: its stars (or underscores) again */
		char d = source_char(c, &n->loc);
		if (d != '*' && d != '_')
			return n;
		size_t run = n->kind == DOC_STRONG ? 2 : 1;
		for (size_t i = 0; i < run; i++)
			g_string_append_c(tex, d);
		for (const struct doc_node *k = n->first; k; k = k->next) {
			const struct doc_node *bad = source_of(c, k, tex);
			if (bad)
				return bad;
		}
		for (size_t i = 0; i < run; i++)
			g_string_append_c(tex, d);
		return NULL;
	}
	default: return n;
	}
}

/* The mdBook math that opens at mark (an escaped backslash) becomes one
 * DOC_MATH; the node after it, or NULL when there is none. */
static struct doc_node *mdbook_math(struct conv *c, struct doc_node *mark)
{
	char open = mark->next->u.literal.text[0];
	char close = open == '(' ? ')' : ']';
	struct doc_node *end = mark->next->next;
	while (end && !is_mark(end, close))
		end = end->next;
	if (!end)
		return NULL;
	GString *tex = g_string_new(NULL);
	unsmart(mark->next->u.literal.text + 1, tex);
	const struct doc_node *bad = NULL;
	for (struct doc_node *k = mark->next->next; !bad && k != end;
	     k = k->next)
		bad = source_of(c, k, tex);
	if (bad) {
		diag(&bad->loc, MATH_MARKUP_INSIDE,
		     open == '(' ? "\\\\( \\\\)" : "\\\\[ \\\\]");
		g_string_free(tex, TRUE);
		return end->next;
	}
	struct doc_node *m = doc_node_new(c->doc, DOC_MATH, &mark->loc);
	g_strstrip(tex->str);
	m->u.literal.text = arena_strdup(c->doc->arena, tex->str);
	m->u.literal.display = open == '[';
	g_string_free(tex, TRUE);
	doc_node_insert_before(mark, m);
	struct doc_node *rest = end->next;
	for (struct doc_node *k = mark, *next; k != rest; k = next) {
		next = k->next;
		doc_node_unlink(k);
	}
	/* what follows the closing bracket stays text */
	const char *after = rest->u.literal.text + 1;
	if (*after) {
		rest->u.literal.text = after;
		rest->loc.col++;
		return rest;
	}
	struct doc_node *next = rest->next;
	doc_node_unlink(rest);
	return next;
}

static void mdbook_forms(struct conv *c, struct doc_node *chapter)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	GPtrArray *holders = g_ptr_array_new();
	doc_iter_init(&it, chapter);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && (is_mark(n, '(') || is_mark(n, '[')) &&
		    !g_ptr_array_find(holders, n->parent, NULL))
			g_ptr_array_add(holders, n->parent);
	for (guint i = 0; i < holders->len; i++) {
		struct doc_node *k =
		    ((struct doc_node *)holders->pdata[i])->first;
		while (k) {
			struct doc_node *next = NULL;
			if (is_mark(k, '(') || is_mark(k, '['))
				next = mdbook_math(c, k);
			k = next ? next : k->next;
		}
	}
	g_ptr_array_free(holders, TRUE);
}

/* Puts the nodes of list (from index i to j, without line breaks at
 * either end) into a new paragraph before at (NULL: at the end of
 * parent). */
static void regroup(struct conv *c, GPtrArray *list, guint i, guint j,
                    struct doc_node *parent, struct doc_node *at)
{
	while (i < j &&
	       ((struct doc_node *)list->pdata[i])->kind == DOC_SOFTBREAK)
		i++;
	while (j > i &&
	       ((struct doc_node *)list->pdata[j - 1])->kind == DOC_SOFTBREAK)
		j--;
	if (i == j)
		return;
	struct doc_node *first = list->pdata[i];
	struct doc_node *p = doc_node_new(c->doc, DOC_PARAGRAPH, &first->loc);
	for (guint k = i; k < j; k++)
		doc_node_append(p, list->pdata[k]);
	if (at)
		doc_node_insert_before(at, p);
	else
		doc_node_append(parent, p);
}

/* A paragraph with $$...$$ (or \\[...\\]) among its own inlines is cut
 * there: the text before it, the display math as a block, the text
 * after it. */
static void lift_display(struct conv *c, struct doc_node *para)
{
	GPtrArray *list = g_ptr_array_new();
	bool any = false;
	for (struct doc_node *k = para->first; k; k = k->next) {
		g_ptr_array_add(list, k);
		any |= k->kind == DOC_MATH && k->u.literal.display;
	}
	/* a task box stays in its item's first paragraph */
	if (!any || (para->first && para->first->kind == DOC_TASK)) {
		g_ptr_array_free(list, TRUE);
		return;
	}
	struct doc_node *parent = para->parent, *at = para->next;
	for (guint k = 0; k < list->len; k++)
		doc_node_unlink(list->pdata[k]);
	guint from = 0;
	for (guint k = 0; k <= list->len; k++) {
		struct doc_node *m = k < list->len ? list->pdata[k] : NULL;
		if (m && !(m->kind == DOC_MATH && m->u.literal.display))
			continue;
		regroup(c, list, from, k, parent, at);
		if (m) {
			m->kind = DOC_MATH_BLOCK;
			m->u.literal.display = false;
			if (at)
				doc_node_insert_before(at, m);
			else
				doc_node_append(parent, m);
		}
		from = k + 1;
	}
	doc_node_unlink(para);
	g_ptr_array_free(list, TRUE);
}

/* Finds the chapter's math, makes display math blocks, and says once
 * where the first math is that it is shown as its source. */
static void math(struct conv *c, struct doc_node *chapter)
{
	mdbook_forms(c, chapter);
	GPtrArray *paras = g_ptr_array_new();
	const struct doc_node *first = NULL;
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, chapter);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER ||
		    (n->kind != DOC_MATH && n->kind != DOC_MATH_BLOCK))
			continue;
		if (!first)
			first = n;
		if (n->kind == DOC_MATH && n->u.literal.display && n->parent &&
		    n->parent->kind == DOC_PARAGRAPH &&
		    (!paras->len ||
		     g_ptr_array_index(paras, paras->len - 1) != n->parent))
			g_ptr_array_add(paras, n->parent);
	}
	for (guint i = 0; i < paras->len; i++)
		lift_display(c, paras->pdata[i]);
	g_ptr_array_free(paras, TRUE);
	if (first)
		diag(&first->loc, MATH_AS_SOURCE);
}

static bool verbatim_line(const struct conv *c, unsigned line)
{
	for (guint i = 0; i + 1 < c->verbatim->len; i += 2)
		if (line >= g_array_index(c->verbatim, unsigned, i) &&
		    line <= g_array_index(c->verbatim, unsigned, i + 1))
			return true;
	return false;
}

/* cmark-gfm drops a footnote definition that nothing refers to, without a
 * word: each "[^label]:" line (outside code and HTML blocks) that begins
 * no note of the chapter is said to be left out. */
static void unused_notes(const struct conv *c, const struct doc_node *chapter)
{
	GHashTable *notes = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (const struct doc_node *b = chapter->first; b; b = b->next)
		if (b->kind == DOC_NOTE)
			g_hash_table_add(notes, GUINT_TO_POINTER(b->loc.line));
	for (guint i = 0; i < c->lines->len; i++) {
		const char *p = c->data + g_array_index(c->lines, size_t, i);
		const char *e =
		    i + 1 < c->lines->len
		        ? c->data + g_array_index(c->lines, size_t, i + 1)
		        : c->data + c->len;
		unsigned lead = 0;
		while (p < e && *p == ' ' && lead < 4)
			p++, lead++;
		if (lead > 3 || e - p < 5 || p[0] != '[' || p[1] != '^')
			continue;
		size_t n = 0;
		while (p + 2 + n < e && !strchr("] \t\n[", p[2 + n]))
			n++;
		if (!n || p + 3 + n >= e || p[2 + n] != ']' ||
		    p[3 + n] != ':' || verbatim_line(c, i + 1) ||
		    g_hash_table_contains(notes, GUINT_TO_POINTER(i + 1)))
			continue;
		struct doc_loc loc = {c->name, i + 1, lead + 1};
		char *label = g_strndup(p + 2, n);
		diag(&loc, NOTE_UNUSED, label);
		g_free(label);
	}
	g_hash_table_destroy(notes);
}

/* Where a chapter put together by include_expand() says things: each
 * line of its text names the file and line it came from. */
struct remap {
	const char *name; /* the chapter's name in messages */
	const GArray *map;
};

static void remap_loc(void *data, struct doc_loc *loc)
{
	const struct remap *r = data;
	if (!loc->file || strcmp(loc->file, r->name) || !loc->line ||
	    loc->line > r->map->len)
		return;
	const struct include_line *l =
	    &g_array_index(r->map, struct include_line, loc->line - 1);
	loc->file = l->file;
	loc->line = l->line;
}

bool markdown_parse_mapped(struct doc *doc, struct doc_node *chapter,
                           const char *name, const char *data, size_t len,
                           const GArray *map)
{
	struct remap r = {name, map};
	diag_set_remap(remap_loc, &r);
	bool ok = markdown_parse(doc, chapter, name, data, len);
	diag_set_remap(NULL, NULL);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, chapter);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n != chapter)
			remap_loc(&r, &((struct doc_node *)n)->loc);
	return ok;
}

bool markdown_parse(struct doc *doc, struct doc_node *chapter, const char *name,
                    const char *data, size_t len)
{
	const char *aname = arena_strdup(doc->arena, name);
	if (!check_bytes(aname, data, len))
		return false;

	cmark_parser *p = parser_new();
	math_parse_begin();
	cmark_parser_feed(p, data, len);
	cmark_node *root = cmark_parser_finish(p);
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(size_t));
	for (size_t i = 0; i < len; i++)
		if (i == 0 || data[i - 1] == '\n')
			g_array_append_val(lines, i);
	struct conv c = {.doc = doc,
	                 .name = aname,
	                 .data = data,
	                 .len = len,
	                 .lines = lines,
	                 .cur = chapter,
	                 .block_loc = {aname, 1, 1},
	                 .verbatim =
	                     g_array_new(FALSE, FALSE, sizeof(unsigned))};
	bool ok = convert(&c, root);
	if (ok) {
		unused_notes(&c, chapter);
		alerts(&c, chapter);
		math(&c, chapter);
	}
	if (ok)
		html_read(doc, chapter, aname, data, len);
	if (c.defs)
		g_hash_table_destroy(c.defs);
	g_array_free(c.verbatim, TRUE);
	g_array_free(lines, TRUE);
	cmark_node_free(root);
	cmark_parser_free(p);
	return ok;
}

/* Reads chapter ch; false after a diagnostic. */
static bool read_chapter(struct doc *doc, struct doc_node *ch)
{
	struct infile f = {.kind = INFILE_CHAPTER,
	                   .root = doc->meta.dir,
	                   .name = ch->u.chapter.src,
	                   .at = &ch->loc,
	                   .quiet_missing = true};
	GBytes *bytes = NULL;
	char *real = NULL;
	enum infile_status st = infile_read(&f, &bytes, &real);
	if (st == INFILE_MISSING) {
		const char *near =
		    manifest_near_chapter(doc, ch->u.chapter.src);
		char *more =
		    near ? g_strdup_printf("; did you mean '%s'?", near) : NULL;
		infile_report_missing(&f, more ? more : "");
		g_free(more);
	}
	if (st != INFILE_OK)
		return false;
	char *path = g_build_filename(doc->meta.dir, ch->u.chapter.src, NULL);
	const char *name = arena_strdup(doc->arena, path);
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	char *text = NULL;
	size_t text_len = 0;
	GArray *map = NULL;
	bool ok = include_expand(doc, ch->u.chapter.src, real, name, data, len,
	                         &text, &text_len, &map);
	if (ok && text)
		ok = markdown_parse_mapped(doc, ch, name, text, text_len, map);
	else if (ok)
		ok = markdown_parse(doc, ch, name, data, len);
	if (map)
		g_array_free(map, TRUE);
	g_free(text);
	g_bytes_unref(bytes);
	g_free(real);
	g_free(path);
	return ok;
}

bool markdown_read_chapters(struct doc *doc)
{
	bool ok = true;
	for (struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		if (!read_chapter(doc, ch))
			ok = false;
	return ok;
}
