/*
 * html.c - raw HTML in a chapter -> our tree, through libxml2's HTML
 * parser.
 *
 * cmark-gfm hands raw HTML over as it was written: DOC_HTML_BLOCK nodes
 * among a container's blocks, DOC_HTML_INLINE nodes (one tag each) among
 * a paragraph's inlines, with Markdown between them ("<details>", a
 * Markdown paragraph, "</details>").  For each container that holds some,
 * the children are written out as one HTML document, every child that is
 * not raw HTML replaced by a placeholder element, <octavo-md i="N">; the
 * HTML parser builds the elements as a browser would (implied end tags
 * and all), and walking its tree gives our nodes, each placeholder put
 * back where the parser left it.  Blank lines are written inside comments
 * so that the parser's line numbers are the chapter's.
 *
 * The elements books use become nodes (see the table below); any other
 * element keeps its text (a DOC_SPAN or DOC_DIV) with a warning; comments
 * are dropped; <script> and <style> are dropped with a warning; no
 * attribute is kept but id, name, href, src, alt, title, colspan, rowspan,
 * align, start, lang (checked as BCP 47), dir of <bdo> and <bdi>, and
 * class="language-*" of <pre><code>, so event
 * attributes never reach an output; a link or image whose address has a
 * scheme other than http, https or mailto is dropped with a warning (its
 * text stays).
 */
#include <glib.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "langtag.h"
#include "read.h"
#include "util.h"

enum hmode {
	H_BLOCK,  /* blocks go here; loose inlines make a paragraph */
	H_INLINE, /* inlines go here; blocks are flattened into them */
};

struct hctx {
	struct doc *doc;
	const char *name; /* the chapter file, for locations */
	const char *data; /* its source, len bytes */
	size_t len;
	GArray *lines;      /* byte offset where each line starts */
	GPtrArray *held;    /* the children placeholders stand for */
	GArray *pieces;     /* struct doc_loc: where each raw piece starts */
	GHashTable *places; /* xmlNode -> struct doc_loc (place()) */
	struct doc_loc loc; /* the raw HTML's own place: the fallback */
};

/* What an element becomes. */
enum hshape {
	S_BLOCKS,  /* a block holding blocks */
	S_INLINES, /* a block holding inlines */
	S_INLINE,  /* an inline container */
	S_VOID,    /* a leaf without content (hr, br) */
	S_OWN,     /* converted by a function of its own */
	S_DROP,    /* left out with a warning */
	S_QUIET,   /* left out: the outputs make it again (<rp>) */
};

static const struct helem {
	const char *name;
	enum doc_kind kind;
	enum hshape shape;
} elems[] = {
    {"p", DOC_PARAGRAPH, S_INLINES},
    {"h1", DOC_HEADING, S_INLINES},
    {"h2", DOC_HEADING, S_INLINES},
    {"h3", DOC_HEADING, S_INLINES},
    {"h4", DOC_HEADING, S_INLINES},
    {"h5", DOC_HEADING, S_INLINES},
    {"h6", DOC_HEADING, S_INLINES},
    {"div", DOC_DIV, S_BLOCKS},
    {"center", DOC_DIV, S_BLOCKS},
    {"blockquote", DOC_BLOCKQUOTE, S_BLOCKS},
    {"details", DOC_DETAILS, S_BLOCKS},
    {"summary", DOC_SUMMARY, S_INLINES},
    {"figure", DOC_FIGURE, S_BLOCKS},
    {"figcaption", DOC_CAPTION, S_INLINES},
    {"dl", DOC_DEF_LIST, S_OWN},
    {"dt", DOC_DEF_TERM, S_INLINES},
    {"dd", DOC_DEF_DESC, S_BLOCKS},
    {"ul", DOC_LIST, S_OWN},
    {"ol", DOC_LIST, S_OWN},
    {"li", DOC_ITEM, S_BLOCKS},
    {"table", DOC_TABLE, S_OWN},
    {"pre", DOC_CODE_BLOCK, S_OWN},
    {"hr", DOC_THEMATIC_BREAK, S_VOID},
    {"br", DOC_LINEBREAK, S_VOID},
    {"a", DOC_LINK, S_OWN},
    {"img", DOC_IMAGE, S_OWN},
    {"code", DOC_CODE, S_OWN},
    {"tt", DOC_CODE, S_OWN},
    {"sup", DOC_SUPERSCRIPT, S_INLINE},
    {"sub", DOC_SUBSCRIPT, S_INLINE},
    {"kbd", DOC_KBD, S_INLINE},
    {"span", DOC_SPAN, S_INLINE},
    {"abbr", DOC_ABBR, S_INLINE},
    {"em", DOC_EMPH, S_INLINE},
    {"i", DOC_EMPH, S_INLINE},
    {"strong", DOC_STRONG, S_INLINE},
    {"b", DOC_STRONG, S_INLINE},
    {"del", DOC_STRIKE, S_INLINE},
    {"s", DOC_STRIKE, S_INLINE},
    {"strike", DOC_STRIKE, S_INLINE},
    /* DOC_PHRASE: its look is the element's (doc_look_of) */
    {"mark", DOC_PHRASE, S_INLINE},
    {"u", DOC_PHRASE, S_INLINE},
    {"ins", DOC_PHRASE, S_INLINE},
    {"small", DOC_PHRASE, S_INLINE},
    {"q", DOC_PHRASE, S_INLINE},
    {"cite", DOC_PHRASE, S_INLINE},
    {"var", DOC_PHRASE, S_INLINE},
    {"dfn", DOC_PHRASE, S_INLINE},
    {"samp", DOC_PHRASE, S_INLINE},
    {"ruby", DOC_PHRASE, S_INLINE},
    {"rt", DOC_PHRASE, S_INLINE},
    {"bdi", DOC_PHRASE, S_INLINE},
    {"bdo", DOC_PHRASE, S_INLINE},
    {"rp", DOC_TEXT, S_QUIET},
    {"script", DOC_TEXT, S_DROP},
    {"style", DOC_TEXT, S_DROP},
    {"noscript", DOC_TEXT, S_DROP},
    {"template", DOC_TEXT, S_DROP},
    {"iframe", DOC_TEXT, S_DROP},
    {"object", DOC_TEXT, S_DROP},
    {"embed", DOC_TEXT, S_DROP},
    /* the document the parser makes around the fragment */
    {"html", DOC_DIV, S_BLOCKS},
    {"body", DOC_DIV, S_BLOCKS},
};

static const struct helem *elem_of(const xmlNode *e)
{
	for (size_t i = 0; i < G_N_ELEMENTS(elems); i++)
		if (!g_ascii_strcasecmp((const char *)e->name, elems[i].name))
			return &elems[i];
	return NULL;
}

static bool is_placeholder(const xmlNode *e)
{
	return e->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)e->name, "octavo-md");
}

/* Elements that make a cell, an item or a description hold blocks. */
static bool is_block_elem(const xmlNode *e, const struct hctx *h)
{
	if (is_placeholder(e)) {
		const char *i = (const char *)xmlGetProp(e, BAD_CAST "i");
		guint k = i ? (guint)atoi(i) : G_MAXUINT;
		xmlFree((void *)i);
		return k < h->held->len &&
		       doc_kind_is_block(
		           ((struct doc_node *)h->held->pdata[k])->kind);
	}
	const struct helem *he = elem_of(e);
	return he && doc_kind_is_block(he->kind) && he->shape != S_DROP &&
	       he->kind != DOC_LINEBREAK;
}

/* ----------------------------------------------------------- places */

/* The column of "<name" (name: e's) on line l of the chapter, or 0. */
static unsigned tag_col(const struct hctx *h, const xmlNode *e, unsigned l)
{
	if (l < 1 || l > h->lines->len)
		return 0;
	size_t at = g_array_index(h->lines, size_t, l - 1);
	size_t end =
	    l < h->lines->len ? g_array_index(h->lines, size_t, l) : h->len;
	size_t n = strlen((const char *)e->name);
	for (size_t i = at; i + n + 2 <= end; i++)
		if (h->data[i] == '<' &&
		    !g_ascii_strncasecmp(h->data + i + 1, (const char *)e->name,
		                         n) &&
		    !g_ascii_isalnum(h->data[i + n + 1]))
			return (unsigned)g_utf8_strlen(h->data + at,
			                               (gssize)(i - at)) +
			       1;
	return 0;
}

/* Where element e starts, found before converting (place_all()). */
static struct doc_loc loc_of(const struct hctx *h, const xmlNode *e)
{
	const struct doc_loc *loc = g_hash_table_lookup(h->places, e);
	return loc ? *loc : h->loc;
}

/* Each raw HTML piece was written after a comment "octavo:N": an
 * element's line is its piece's, plus the lines the parser counted from
 * that comment to the element (the parser gives the line where a start
 * tag ends: "<name" is looked for there and on the lines before). */
static void place(struct hctx *h, const xmlNode *e,
                  const struct doc_loc **piece, long *base)
{
	for (const xmlNode *c = e; c; c = c->next) {
		if (c->type == XML_COMMENT_NODE && c->content &&
		    g_str_has_prefix((const char *)c->content, "octavo:")) {
			guint k = (guint)atoi((const char *)c->content + 7);
			if (k < h->pieces->len) {
				*piece = &g_array_index(h->pieces,
				                        struct doc_loc, k);
				*base = xmlGetLineNo(c);
			}
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (*piece) {
			struct doc_loc *loc = g_new(struct doc_loc, 1);
			*loc = **piece;
			long d = xmlGetLineNo(c) - *base;
			unsigned line = loc->line + (unsigned)MAX(d, 0);
			for (unsigned l = line; l >= loc->line && l + 4 > line;
			     l--) {
				unsigned col = tag_col(h, c, l);
				if (col) {
					loc->line = l;
					loc->col = col;
					break;
				}
			}
			g_hash_table_insert(h->places, (gpointer)c, loc);
		}
		place(h, c->children, piece, base);
	}
}

/* -------------------------------------------------------- attributes */

/* The attribute's value in the arena, or NULL. */
static const char *attr(struct hctx *h, const xmlNode *e, const char *name)
{
	xmlChar *v = xmlGetProp(e, BAD_CAST name);
	const char *r = v ? arena_strdup(h->doc->arena, (const char *)v) : NULL;
	xmlFree(v);
	return r;
}

/* lang= on e: a BCP 47 tag is kept on n (the language of its text);
 * anything else is a warning, and n's text is taken to be in the
 * language around it.  lang="" says the language is unknown: the same. */
static void take_lang(struct hctx *h, const xmlNode *e, struct doc_node *n)
{
	const char *lang = attr(h, e, "lang");
	if (!lang || !*lang)
		return;
	char *why = langtag_problem(lang);
	if (why)
		diag(&n->loc, HTML_LANG, lang, (const char *)e->name, why);
	else
		n->lang = lang;
	g_free(why);
}

static unsigned attr_uint(const xmlNode *e, const char *name, unsigned dflt,
                          unsigned max)
{
	xmlChar *v = xmlGetProp(e, BAD_CAST name);
	char *end = NULL;
	long n = v ? strtol((const char *)v, &end, 10) : 0;
	bool ok = v && end != (char *)v && n >= 1;
	xmlFree(v);
	return ok ? (unsigned)MIN((unsigned long)n, max) : dflt;
}

/* ------------------------------------------------------------ trees */

static void convert(struct hctx *h, const xmlNode *first,
                    struct doc_node *parent, enum hmode mode);

static struct doc_node *new_node(struct hctx *h, enum doc_kind kind,
                                 const struct doc_loc *loc)
{
	return doc_node_new(h->doc, kind, loc);
}

/* A text node of s with every run of white space one space. */
static void put_text(struct hctx *h, struct doc_node *parent, const char *s,
                     const struct doc_loc *loc)
{
	GString *t = g_string_new(NULL);
	bool space = false;
	for (const char *c = s; *c; c++) {
		if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' ||
		    *c == '\f') {
			space = true;
			continue;
		}
		if (space)
			g_string_append_c(t, ' ');
		space = false;
		g_string_append_c(t, *c);
	}
	if (space)
		g_string_append_c(t, ' ');
	if (t->len) {
		struct doc_node *n = new_node(h, DOC_TEXT, loc);
		n->u.literal.text =
		    arena_strndup(h->doc->arena, t->str, t->len);
		doc_node_append(parent, n);
	}
	g_string_free(t, TRUE);
}

/* No space at the start or end of a block's inlines made from HTML, nor
 * two in a row where HTML showed one. */
static void trim_inlines(struct doc_node *block)
{
	bool space = true; /* the text so far ends with a space */
	for (struct doc_node *c = block->first, *next; c; c = next) {
		next = c->next;
		if (c->kind != DOC_TEXT) {
			space = c->kind == DOC_LINEBREAK;
			continue;
		}
		if (space && c->u.literal.text[0] == ' ')
			c->u.literal.text++;
		if (!*c->u.literal.text) {
			doc_node_unlink(c);
			continue;
		}
		size_t n = strlen(c->u.literal.text);
		space = c->u.literal.text[n - 1] == ' ';
	}
	struct doc_node *l = block->last;
	if (l && l->kind == DOC_TEXT) {
		size_t n = strlen(l->u.literal.text);
		if (n && l->u.literal.text[n - 1] == ' ')
			((char *)l->u.literal.text)[n - 1] = '\0';
		if (!*l->u.literal.text)
			doc_node_unlink(l);
	}
}

/* A block made from element e (of kind), its children converted in
 * mode, appended to parent. */
static enum doc_align align_of(struct hctx *h, const xmlNode *e);

static struct doc_node *put_container(struct hctx *h, const xmlNode *e,
                                      enum doc_kind kind,
                                      struct doc_node *parent, enum hmode mode)
{
	struct doc_loc loc = loc_of(h, e);
	struct doc_node *n = new_node(h, kind, &loc);
	n->id = attr(h, e, "id");
	take_lang(h, e, n);
	if (kind == DOC_PARAGRAPH || kind == DOC_HEADING || kind == DOC_DIV)
		n->align = !g_ascii_strcasecmp((const char *)e->name, "center")
		               ? DOC_ALIGN_CENTER
		               : align_of(h, e);
	if (kind == DOC_HEADING)
		n->u.heading.level = e->name[1] - '0';
	if (kind == DOC_PHRASE) /* before its children: <rt> looks up */
		n->u.phrase.look = doc_look_of((const char *)e->name);
	if (kind == DOC_ABBR && (n->u.span.title = attr(h, e, "title")))
		n->u.span.title =
		    g_strdelimit((char *)n->u.span.title, "\t\r\n", ' ');
	doc_node_append(parent, n);
	convert(h, e->children, n, mode);
	if (mode == H_INLINE && doc_kind_is_block(kind))
		trim_inlines(n);
	/* an empty block (<div class="x"></div>, <p></p>) shows nothing */
	if (doc_kind_is_block(kind) && !n->first && !n->id &&
	    kind != DOC_TABLE_CELL && kind != DOC_ITEM)
		doc_node_unlink(n);
	return n;
}

static void put_list(struct hctx *h, const xmlNode *e, struct doc_node *parent)
{
	struct doc_loc loc = loc_of(h, e);
	struct doc_node *list = new_node(h, DOC_LIST, &loc);
	list->id = attr(h, e, "id");
	take_lang(h, e, list);
	list->u.list.ordered = !g_ascii_strcasecmp((const char *)e->name, "ol");
	list->u.list.start = (int)attr_uint(e, "start", 1, 1000000);
	list->u.list.tight = true;
	doc_node_append(parent, list);
	struct doc_node *item = NULL;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE &&
		    !g_ascii_strcasecmp((const char *)c->name, "li")) {
			item = put_container(h, c, DOC_ITEM, list, H_BLOCK);
			continue;
		}
		/* anything else between items goes in the item before */
		if (c->type == XML_TEXT_NODE &&
		    strspn((const char *)c->content, " \t\r\n") ==
		        strlen((const char *)c->content))
			continue;
		if (!item) {
			item = new_node(h, DOC_ITEM, &loc);
			doc_node_append(list, item);
		}
		xmlNode *one = (xmlNode *)c, *next = one->next;
		one->next = NULL;
		convert(h, one, item, H_BLOCK);
		one->next = next;
	}
}

static void put_def_list(struct hctx *h, const xmlNode *e,
                         struct doc_node *parent)
{
	struct doc_loc loc = loc_of(h, e);
	struct doc_node *dl = new_node(h, DOC_DEF_LIST, &loc);
	dl->id = attr(h, e, "id");
	doc_node_append(parent, dl);
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		bool term = !g_ascii_strcasecmp((const char *)c->name, "dt");
		put_container(h, c, term ? DOC_DEF_TERM : DOC_DEF_DESC, dl,
		              term ? H_INLINE : H_BLOCK);
	}
}

/* The text of a <pre>, as written (one newline after <pre> dropped, as
 * HTML does); <pre><code class="language-x"> gives the info string. */
static void put_pre(struct hctx *h, const xmlNode *e, struct doc_node *parent)
{
	struct doc_loc loc = loc_of(h, e);
	struct doc_node *n = new_node(h, DOC_CODE_BLOCK, &loc);
	xmlChar *text = xmlNodeGetContent(e);
	const char *t = text ? (const char *)text : "";
	if (*t == '\n')
		t++;
	n->u.literal.text = arena_strdup(h->doc->arena, t);
	xmlFree(text);
	const xmlNode *code = e->children;
	while (code && code->type != XML_ELEMENT_NODE)
		code = code->next;
	const char *cls = code ? attr(h, code, "class") : NULL;
	if (cls && g_str_has_prefix(cls, "language-"))
		n->u.literal.info = cls + strlen("language-");
	n->id = attr(h, e, "id");
	doc_node_append(parent, n);
}

static void put_held(struct hctx *h, const xmlNode *e, struct doc_node *parent);

/* <code>: its text as code; the Markdown text between inline tags
 * (<code>a</code> comes as three pieces) becomes code too. */
static void put_code(struct hctx *h, const xmlNode *e, struct doc_node *parent)
{
	struct doc_loc loc = loc_of(h, e);
	const char *id = attr(h, e, "id");
	if (id) { /* a code span is a leaf: the id goes on a span */
		struct doc_node *span = new_node(h, DOC_SPAN, &loc);
		span->id = id;
		doc_node_append(parent, span);
		parent = span;
	}
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (c->type == XML_COMMENT_NODE)
			continue;
		if (is_placeholder(c)) {
			put_held(h, c, parent);
			struct doc_node *t = parent->last;
			if (t && t->kind == DOC_TEXT)
				t->kind = DOC_CODE;
			continue;
		}
		xmlChar *text = xmlNodeGetContent(c);
		if (text && *text) {
			struct doc_node *n = new_node(h, DOC_CODE, &loc);
			n->u.literal.text =
			    arena_strdup(h->doc->arena, (const char *)text);
			doc_node_append(parent, n);
		}
		xmlFree(text);
	}
}

static void put_link(struct hctx *h, const xmlNode *e, struct doc_node *parent)
{
	struct doc_loc loc = loc_of(h, e);
	const char *href = attr(h, e, "href");
	const char *id = attr(h, e, "id");
	if (!id)
		id = attr(h, e, "name");
	if (href && !url_allowed(href)) {
		diag(&loc, LINK_REFUSED, href);
		href = NULL;
	}
	struct doc_node *n = new_node(h, href ? DOC_LINK : DOC_SPAN, &loc);
	n->id = id;
	if (href) {
		n->u.link.url = href;
		n->u.link.title = attr(h, e, "title");
	}
	doc_node_append(parent, n);
	convert(h, e->children, n, H_INLINE);
}

static void put_image(struct hctx *h, const xmlNode *e, struct doc_node *parent)
{
	struct doc_loc loc = loc_of(h, e);
	const char *src = attr(h, e, "src");
	const char *alt = attr(h, e, "alt");
	if (!src || !url_allowed(src)) {
		diag(&loc, HTML_IMAGE_REFUSED, src ? src : "");
		if (alt)
			put_text(h, parent, alt, &loc);
		return;
	}
	struct doc_node *n = new_node(h, DOC_IMAGE, &loc);
	n->u.image.url = src;
	n->u.image.title = attr(h, e, "title");
	n->u.image.no_alt = !alt; /* <img alt=""> is decoration */
	n->id = attr(h, e, "id");
	if (alt && *alt)
		put_text(h, n, alt, &loc);
	doc_node_append(parent, n);
}

/* ------------------------------------------------------------ tables */

/* align="..." (HTML 4's, as READMEs write <p align="center">), else
 * the value of text-align in style="...". */
static enum doc_align align_of(struct hctx *h, const xmlNode *e)
{
	const char *a = attr(h, e, "align");
	const char *style = attr(h, e, "style");
	const char *ta = !a && style ? strstr(style, "text-align") : NULL;
	size_t n = a ? strcspn(a, " \t") : 0;
	if (ta) {
		a = ta + strlen("text-align");
		a += strspn(a, " \t");
		if (*a++ != ':')
			return DOC_ALIGN_NONE;
		a += strspn(a, " \t");
		n = strcspn(a, " \t;!");
	}
	if (!a)
		return DOC_ALIGN_NONE;
	return n == 5 && !g_ascii_strncasecmp(a, "right", 5) ? DOC_ALIGN_RIGHT
	       : n == 6 && !g_ascii_strncasecmp(a, "center", 6)
	           ? DOC_ALIGN_CENTER
	       : n == 4 && !g_ascii_strncasecmp(a, "left", 4) ? DOC_ALIGN_LEFT
	                                                      : DOC_ALIGN_NONE;
}

/* Does the cell hold a block element (then it holds blocks)? */
static bool holds_blocks(const struct hctx *h, const xmlNode *e)
{
	for (const xmlNode *c = e->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && is_block_elem(c, h))
			return true;
	return false;
}

static void put_cell(struct hctx *h, const xmlNode *e, struct doc_node *row,
                     bool header_row)
{
	bool th = !g_ascii_strcasecmp((const char *)e->name, "th");
	struct doc_node *cell = put_container(
	    h, e, DOC_TABLE_CELL, row, holds_blocks(h, e) ? H_BLOCK : H_INLINE);
	cell->u.cell.colspan = attr_uint(e, "colspan", 1, 1000);
	cell->u.cell.rowspan = attr_uint(e, "rowspan", 1, 65534);
	cell->u.cell.align = align_of(h, e);
	cell->u.cell.header = th || header_row;
}

static void put_row(struct hctx *h, const xmlNode *e, struct doc_node *table,
                    bool header)
{
	struct doc_loc loc = loc_of(h, e);
	struct doc_node *row = new_node(h, DOC_TABLE_ROW, &loc);
	row->u.table.header = header;
	doc_node_append(table, row);
	for (const xmlNode *c = e->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (!g_ascii_strcasecmp((const char *)c->name, "td") ||
		     !g_ascii_strcasecmp((const char *)c->name, "th")))
			put_cell(h, c, row, header);
	if (!row->first) /* <tr></tr>: nothing to show */
		doc_node_unlink(row);
}

/* The number of columns: the most any row fills, counting the cells
 * that rows above span into it. */
static unsigned count_columns(const struct doc_node *table)
{
	GArray *left = g_array_new(FALSE, TRUE, sizeof(unsigned)); /* rows */
	unsigned ncols = 0;
	for (const struct doc_node *r = table->first; r; r = r->next) {
		unsigned col = 0;
		for (const struct doc_node *c = r->first; c; c = c->next) {
			while (col < left->len &&
			       g_array_index(left, unsigned, col))
				col++;
			unsigned span = c->u.cell.colspan;
			if (left->len < col + span)
				g_array_set_size(left, col + span);
			for (unsigned k = 0; k < span; k++)
				g_array_index(left, unsigned, col + k) =
				    c->u.cell.rowspan;
			col += span;
		}
		ncols = MAX(ncols, (unsigned)left->len);
		for (guint k = 0; k < left->len; k++)
			if (g_array_index(left, unsigned, k))
				g_array_index(left, unsigned, k)--;
	}
	g_array_free(left, TRUE);
	return ncols;
}

/* Rows of a table, a <thead>, <tbody> or <tfoot>; a <caption> goes in a
 * paragraph before the table, other content after it. */
static void put_rows(struct hctx *h, const xmlNode *first,
                     struct doc_node *table, bool header)
{
	for (const xmlNode *c = first; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) {
			if (c->type == XML_TEXT_NODE &&
			    strspn((const char *)c->content, " \t\r\n") !=
			        strlen((const char *)c->content)) {
				xmlNode *next = c->next;
				((xmlNode *)c)->next = NULL;
				convert(h, c, table->parent, H_BLOCK);
				((xmlNode *)c)->next = next;
			}
			continue;
		}
		const char *name = (const char *)c->name;
		if (!g_ascii_strcasecmp(name, "tr"))
			put_row(h, c, table, header);
		else if (!g_ascii_strcasecmp(name, "thead"))
			put_rows(h, c->children, table, true);
		else if (!g_ascii_strcasecmp(name, "tbody") ||
		         !g_ascii_strcasecmp(name, "tfoot"))
			put_rows(h, c->children, table, false);
		else if (!g_ascii_strcasecmp(name, "caption")) {
			struct doc_node *p = put_container(
			    h, c, DOC_PARAGRAPH, table->parent, H_INLINE);
			if (p->parent) { /* not empty */
				doc_node_unlink(p);
				doc_node_insert_before(table, p);
			}
		} else if (g_ascii_strcasecmp(name, "colgroup") &&
		           g_ascii_strcasecmp(name, "col")) {
			xmlNode *next = c->next;
			((xmlNode *)c)->next = NULL;
			convert(h, c, table->parent, H_BLOCK);
			((xmlNode *)c)->next = next;
		}
	}
}

static void put_table(struct hctx *h, const xmlNode *e, struct doc_node *parent)
{
	struct doc_loc loc = loc_of(h, e);
	struct doc_node *table = new_node(h, DOC_TABLE, &loc);
	table->id = attr(h, e, "id");
	doc_node_append(parent, table);
	put_rows(h, e->children, table, false);
	/* the first rows are the header when they hold only <th> */
	if (table->first && !table->first->u.table.header) {
		bool all_th = true;
		for (const struct doc_node *c = table->first->first; c;
		     c = c->next)
			all_th = all_th && c->u.cell.header;
		table->first->u.table.header = all_th;
	}
	unsigned ncols = count_columns(table);
	if (!ncols) {
		diag(&loc, HTML_TABLE_EMPTY);
		doc_node_unlink(table);
		return;
	}
	table->u.table.ncols = ncols;
	table->u.table.align =
	    arena_alloc(h->doc->arena, ncols * sizeof(enum doc_align));
}

/* ---------------------------------------------------------- dispatch */

/* A placeholder: the child it stands for goes here. */
static void put_held(struct hctx *h, const xmlNode *e, struct doc_node *parent)
{
	const char *i = attr(h, e, "i");
	guint k = i ? (guint)atoi(i) : G_MAXUINT;
	if (k >= h->held->len || !h->held->pdata[k])
		return;
	struct doc_node *n = h->held->pdata[k];
	h->held->pdata[k] = NULL;
	bool holds_inlines =
	    !doc_kind_is_block(parent->kind) ||
	    (parent->first && !doc_kind_is_block(parent->first->kind)) ||
	    parent->kind == DOC_PARAGRAPH || parent->kind == DOC_HEADING;
	if (!doc_kind_is_block(n->kind) || !holds_inlines) {
		doc_node_append(parent, n);
		return;
	}
	/* a Markdown block where the HTML left an element open that holds
	 * inlines (an unclosed <p>): its inlines go there, on a new line */
	if (parent->first) {
		struct doc_node *br = new_node(h, DOC_LINEBREAK, &n->loc);
		doc_node_append(parent, br);
	}
	if (n->kind == DOC_PARAGRAPH || n->kind == DOC_HEADING) {
		while (n->first) {
			struct doc_node *c = n->first;
			doc_node_unlink(c);
			doc_node_append(parent, c);
		}
		return;
	}
	GString *text = g_string_new(NULL);
	doc_node_text_append(n, text);
	if (n->kind == DOC_CODE_BLOCK)
		g_string_append(text, n->u.literal.text);
	put_text(h, parent, text->str, &n->loc);
	g_string_free(text, TRUE);
}

static void put_unknown(struct hctx *h, const xmlNode *e,
                        struct doc_node *parent, enum hmode mode)
{
	struct doc_loc loc = loc_of(h, e);
	diag(&loc, HTML_ELEMENT_UNKNOWN, (const char *)e->name);
	put_container(h, e, mode == H_BLOCK ? DOC_DIV : DOC_SPAN, parent, mode);
}

/* Is n a phrase of look, or (its parent, the one above...) in one? */
static bool in_look(const struct doc_node *n, enum doc_look look)
{
	for (; n && !doc_kind_is_block(n->kind); n = n->parent)
		if (n->kind == DOC_PHRASE && n->u.phrase.look == look)
			return true;
	return false;
}

/* A phrase element (<mark>, <q>, <ruby>...).  <q>'s quotation marks go
 * in its text, English's (single ones in another <q>), which the smart
 * pass makes the language's; <rt> and <rp> are ruby's only, and <rp> is
 * left out (each output puts its own parentheses around a reading);
 * <bdo> without dir="ltr" or "rtl" isolates as <bdi> does. */
static void put_phrase(struct hctx *h, const xmlNode *e,
                       struct doc_node *parent, enum hmode mode)
{
	enum doc_look look = doc_look_of((const char *)e->name);
	bool ruby = parent->kind == DOC_PHRASE &&
	            parent->u.phrase.look == DOC_LOOK_RUBY;
	if (look == DOC_LOOK_RT && !ruby) {
		put_unknown(h, e, parent, mode);
		return;
	}
	const char *dir = look == DOC_LOOK_BDO || look == DOC_LOOK_BDI
	                      ? attr(h, e, "dir")
	                      : NULL;
	enum doc_dir d = !dir                              ? DOC_DIR_NONE
	                 : !g_ascii_strcasecmp(dir, "rtl") ? DOC_DIR_RTL
	                 : !g_ascii_strcasecmp(dir, "ltr") ? DOC_DIR_LTR
	                                                   : DOC_DIR_NONE;
	if (look == DOC_LOOK_BDO && d == DOC_DIR_NONE)
		look = DOC_LOOK_BDI;
	bool inner = look == DOC_LOOK_Q && in_look(parent, DOC_LOOK_Q);
	struct doc_node *n = put_container(h, e, DOC_PHRASE, parent, H_INLINE);
	n->u.phrase.look = look;
	n->u.phrase.dir = d;
	if (look != DOC_LOOK_Q)
		return;
	struct doc_node *open = new_node(h, DOC_TEXT, &n->loc);
	struct doc_node *close = new_node(h, DOC_TEXT, &n->loc);
	open->u.literal.text = inner ? "\xE2\x80\x98" : "\xE2\x80\x9C";
	close->u.literal.text = inner ? "\xE2\x80\x99" : "\xE2\x80\x9D";
	if (n->first)
		doc_node_insert_before(n->first, open);
	else
		doc_node_append(n, open);
	doc_node_append(n, close);
}

/* The Markdown inside an element left out (its placeholders) is left
 * out with it. */
static void drop_held(struct hctx *h, const xmlNode *first)
{
	for (const xmlNode *c = first; c; c = c->next) {
		if (!is_placeholder(c)) {
			drop_held(h, c->children);
			continue;
		}
		const char *i = attr(h, c, "i");
		guint k = i ? (guint)atoi(i) : G_MAXUINT;
		if (k < h->held->len)
			h->held->pdata[k] = NULL;
	}
}

static void put_dropped(struct hctx *h, const xmlNode *e)
{
	struct doc_loc loc = loc_of(h, e);
	diag(&loc, HTML_ELEMENT_DROPPED, (const char *)e->name,
	     !g_ascii_strcasecmp((const char *)e->name, "style")
	         ? "style sheet of its own (the theme styles it)"
	         : "scripts or embedded pages");
}

/* Element e, in a place that takes inlines or blocks (mode), into
 * parent; *para is the paragraph that loose inlines go into (H_BLOCK). */
static void put_element(struct hctx *h, const xmlNode *e,
                        struct doc_node *parent, enum hmode mode,
                        struct doc_node **para)
{
	const struct helem *he = elem_of(e);
	if (!he) {
		put_unknown(h, e, parent, mode);
		return;
	}
	struct doc_loc loc = loc_of(h, e);
	bool block = doc_kind_is_block(he->kind);
	if (mode == H_INLINE && block && he->shape != S_DROP) {
		/* a block where only inlines can go: its content */
		if (he->kind == DOC_CODE_BLOCK)
			put_code(h, e, parent);
		else
			convert(h, e->children, parent, H_INLINE);
		return;
	}
	if (he->kind == DOC_PHRASE) {
		put_phrase(h, e, parent, mode);
		return;
	}
	switch (he->shape) {
	case S_QUIET:
		if (!in_look(parent, DOC_LOOK_RUBY))
			put_unknown(h, e, parent, mode);
		else
			drop_held(h, e->children);
		break;
	case S_BLOCKS: put_container(h, e, he->kind, parent, H_BLOCK); break;
	case S_INLINES: put_container(h, e, he->kind, parent, H_INLINE); break;
	case S_INLINE: put_container(h, e, he->kind, parent, H_INLINE); break;
	case S_VOID:
		doc_node_append(parent, new_node(h, he->kind, &loc));
		break;
	case S_DROP: put_dropped(h, e); break;
	case S_OWN:
		switch (he->kind) {
		case DOC_LIST: put_list(h, e, parent); break;
		case DOC_DEF_LIST: put_def_list(h, e, parent); break;
		case DOC_TABLE: put_table(h, e, parent); break;
		case DOC_CODE_BLOCK: put_pre(h, e, parent); break;
		case DOC_LINK: put_link(h, e, parent); break;
		case DOC_IMAGE: put_image(h, e, parent); break;
		default: put_code(h, e, parent); break;
		}
		break;
	}
	(void)para;
}

/* The paragraph loose inlines go into, in a place for blocks. */
static struct doc_node *loose(struct hctx *h, struct doc_node *parent,
                              struct doc_node **para, const struct doc_loc *loc)
{
	if (!*para) {
		*para = new_node(h, DOC_PARAGRAPH, loc);
		doc_node_append(parent, *para);
	}
	return *para;
}

/* Where xml node c is: an element's own place; text takes its
 * element's, or the raw HTML's when it is in none. */
static struct doc_loc node_loc(struct hctx *h, const xmlNode *c)
{
	if (c->type != XML_ELEMENT_NODE)
		c = c->parent;
	if (!c || c->type != XML_ELEMENT_NODE ||
	    !strcmp((const char *)c->name, "body"))
		return h->loc;
	if (is_placeholder(c)) {
		const char *i = (const char *)xmlGetProp(c, BAD_CAST "i");
		guint k = i ? (guint)atoi(i) : G_MAXUINT;
		xmlFree((void *)i);
		if (k < h->held->len && h->held->pdata[k])
			return ((struct doc_node *)h->held->pdata[k])->loc;
		return h->loc;
	}
	return loc_of(h, c);
}

static bool is_blank(const char *s)
{
	return strspn(s, " \t\r\n\f") == strlen(s);
}

/* Is xml node c an inline: text, an inline element, or a placeholder
 * for an inline? */
static bool is_inline(const struct hctx *h, const xmlNode *c)
{
	if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
		return true;
	if (c->type != XML_ELEMENT_NODE)
		return false;
	const struct helem *he = elem_of(c);
	if (is_placeholder(c) || he)
		return !is_block_elem(c, h) || (he && he->shape == S_DROP);
	return !holds_blocks(h, c); /* an unknown element */
}

/* The paragraph of loose inlines, when a block or the end comes: without
 * the spaces at its ends, and gone when that leaves nothing (what was
 * loose between two blocks was a <script> left out, or white space). */
static void end_loose(struct doc_node *para)
{
	if (!para)
		return;
	trim_inlines(para);
	if (!para->first && !para->id)
		doc_node_unlink(para);
}

static void convert(struct hctx *h, const xmlNode *first,
                    struct doc_node *parent, enum hmode mode)
{
	struct doc_node *para = NULL;
	for (const xmlNode *c = first; c; c = c->next) {
		struct doc_node *to = parent;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE ||
		    c->type == XML_DTD_NODE)
			continue;
		bool in_line = is_inline(h, c);
		if (mode == H_BLOCK && in_line) {
			if (c->type == XML_TEXT_NODE &&
			    is_blank((const char *)c->content) && !para)
				continue;
			struct doc_loc loc = node_loc(h, c);
			to = loose(h, parent, &para, &loc);
		} else if (mode == H_BLOCK) {
			end_loose(para);
			para = NULL;
		}
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			struct doc_loc loc = node_loc(h, c);
			put_text(h, to, (const char *)c->content, &loc);
		} else if (is_placeholder(c)) {
			put_held(h, c, to);
		} else if (c->type == XML_ELEMENT_NODE) {
			put_element(h, c, to, to == parent ? mode : H_INLINE,
			            &para);
		}
	}
	end_loose(para);
}

/* ------------------------------------------------------- containers */

/* Where raw HTML n really starts, searched from byte *from on.
 * cmark-gfm's line for an inline is one short for each newline inside
 * inline HTML before it on the paragraph (a tag whose attributes go on
 * over two lines), and its column on a later line counts on past the
 * newlines; the byte its place names is never after the tag, so the tag
 * is the first copy of its text from there (or from *from, after the tag
 * before it, when that is later). */
static struct doc_loc raw_loc(const struct hctx *h, const struct doc_node *n,
                              size_t *from)
{
	struct doc_loc loc = n->loc;
	if (n->kind != DOC_HTML_INLINE || !loc.line || !loc.col ||
	    loc.line > h->lines->len)
		return loc;
	size_t at = g_array_index(h->lines, size_t, loc.line - 1) + loc.col - 1;
	at = MAX(at, *from);
	size_t len = strlen(n->u.literal.text);
	const char *hit =
	    at < h->len ? g_strstr_len(h->data + at, (gssize)(h->len - at),
	                               n->u.literal.text)
	                : NULL;
	if (!hit)
		return loc;
	at = (size_t)(hit - h->data);
	*from = at + len;
	unsigned lo = 1, hi = h->lines->len; /* the line holding at */
	while (lo < hi) {
		unsigned mid = (lo + hi + 1) / 2;
		if (g_array_index(h->lines, size_t, mid - 1) <= at)
			lo = mid;
		else
			hi = mid - 1;
	}
	size_t start = g_array_index(h->lines, size_t, lo - 1);
	loc.line = lo;
	loc.col =
	    (unsigned)g_utf8_strlen(h->data + start, (gssize)(at - start)) + 1;
	return loc;
}

static bool is_raw(const struct doc_node *n)
{
	return n->kind == DOC_HTML_BLOCK || n->kind == DOC_HTML_INLINE;
}

/* Rewrites the children of container, which hold raw HTML, as the
 * parser reads them. */
static void rewrite(struct hctx *h, struct doc_node *container, enum hmode mode)
{
	GString *buf = g_string_new("<html><body>");
	g_ptr_array_set_size(h->held, 0);
	g_array_set_size(h->pieces, 0);
	h->loc = container->loc;
	bool first_raw = true;
	size_t from = 0;
	for (struct doc_node *c = container->first; c; c = c->next) {
		if (!is_raw(c)) {
			g_string_append_printf(
			    buf, "<octavo-md i=\"%u\"></octavo-md>",
			    h->held->len);
			g_ptr_array_add(h->held, c);
			continue;
		}
		struct doc_loc loc = raw_loc(h, c, &from);
		if (first_raw)
			h->loc = loc;
		first_raw = false;
		g_string_append_printf(buf, "<!--octavo:%u-->", h->pieces->len);
		g_array_append_val(h->pieces, loc);
		g_string_append(buf, c->u.literal.text);
	}
	g_string_append(buf, "</body></html>");
	while (container->first)
		doc_node_unlink(container->first);

	htmlDocPtr d = htmlReadMemory(buf->str, (int)buf->len, NULL, "UTF-8",
	                              HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	                                  HTML_PARSE_NOWARNING);
	xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
	xmlNode *body = root ? root->children : NULL;
	while (body && (body->type != XML_ELEMENT_NODE ||
	                strcmp((const char *)body->name, "body")))
		body = body->next;
	const struct doc_loc *piece = NULL;
	long base = 0;
	if (body)
		place(h, body->children, &piece, &base);
	if (body)
		convert(h, body->children, container, mode);
	g_hash_table_remove_all(h->places);
	/* whatever the parser lost a placeholder of still goes in */
	for (guint i = 0; i < h->held->len; i++)
		if (h->held->pdata[i])
			doc_node_append(container, h->held->pdata[i]);
	if (d)
		xmlFreeDoc(d);
	g_string_free(buf, TRUE);
}

void html_read(struct doc *doc, struct doc_node *chapter, const char *name,
               const char *data, size_t len)
{
	struct hctx h = {
	    doc,
	    name,
	    data,
	    len,
	    g_array_new(FALSE, FALSE, sizeof(size_t)),
	    g_ptr_array_new(),
	    g_array_new(FALSE, FALSE, sizeof(struct doc_loc)),
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free),
	    {name, 1, 1}};
	for (size_t i = 0; i < len; i++)
		if (i == 0 || data[i - 1] == '\n')
			g_array_append_val(h.lines, i);
	/* the containers holding raw HTML, innermost first (a placeholder
	 * moves a child that is done) */
	GPtrArray *todo = g_ptr_array_new();
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, chapter);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_LEAVE)
			continue;
		for (const struct doc_node *c = n->first; c; c = c->next)
			if (is_raw(c)) {
				g_ptr_array_add(todo, (gpointer)n);
				break;
			}
	}
	for (guint i = 0; i < todo->len; i++) {
		struct doc_node *c = todo->pdata[i];
		bool blocks = c->first && doc_kind_is_block(c->first->kind);
		for (const struct doc_node *k = c->first; k; k = k->next)
			blocks = blocks || k->kind == DOC_HTML_BLOCK;
		rewrite(&h, c, blocks ? H_BLOCK : H_INLINE);
	}
	g_ptr_array_free(todo, TRUE);
	g_ptr_array_free(h.held, TRUE);
	g_array_free(h.pieces, TRUE);
	g_hash_table_destroy(h.places);
	g_array_free(h.lines, TRUE);
}
