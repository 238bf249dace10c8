/*
 * xhtml.c - one chapter of the tree as an XHTML5 document.
 *
 * One dispatch switch (put_node) calls one short function per node kind.
 * Footnotes become EPUB 3 notes: a noteref link in the text and an <aside>
 * per note at the end of the chapter, in number order, each with a link
 * back to its first reference.
 */
#include "xhtml.h"
#include "i18n.h"

#include <string.h>

#include "print.h"
#include "render.h"
#include "util.h"
#include "words.h"
#include "xmlw.h"

struct xhtml {
	const struct opts *opts;
	const struct doc *doc;
	const struct xhtml_paths *paths;
	GPtrArray *images;   /* struct xhtml_image *, first use first */
	GHashTable *by_path; /* path on disk -> struct xhtml_image * */
	GHashTable *names;   /* names given so far (the images' strings) */
	GHashTable *files;   /* DOC_CHAPTER -> its file name in text/ */
	struct xmlw *x;      /* the document being written */
	const struct doc_node *chapter;
	GPtrArray *marks;     /* struct xhtml_mark *, in page order */
	GHashTable *marks_at; /* node -> GArray of struct mark_at */
	/* the chapter's notes: DOC_NOTE -> GPtrArray of its NOTE_REFs */
	GHashTable *note_refs;
	struct doc_headings headings; /* the chapter's, open so far */
};

/* A page break marker at node: before it, or at byte offset of its text
 * (TEXT, CODE, CODE_BLOCK), or at the start of a chapter or cell. */
struct mark_at {
	size_t offset;
	struct xhtml_mark *mark;
};

static void put_node(struct xhtml *xh, const struct doc_node *n);
static void put_bib_item(struct xhtml *xh, const struct doc_node *n);
static void put_mark(struct xhtml *xh, struct xhtml_mark *m);
static const char *chapter_title(const struct doc_node *chapter);
static bool in_bibliography(const struct doc_node *n);
static void put_marks(struct xhtml *xh, const struct doc_node *n);
static void put_marked_text(struct xhtml *xh, const struct doc_node *n);

static void image_free(gpointer p)
{
	struct xhtml_image *img = p;
	g_free((char *)img->name);
	g_free(img);
}

/* A file name safe in a ZIP and a URL: letters, digits, '.', '-', '_'. */
static GString *safe_name(const char *name)
{
	GString *s = g_string_new(NULL);
	for (const char *c = name; *c; c++)
		g_string_append_c(s, g_ascii_isalnum(*c) || *c == '.' ||
		                             *c == '-' || *c == '_'
		                         ? *c
		                         : '-');
	return s;
}

/* Adds -2, -3, ... before the extension until name is not in taken. */
static void make_unique(GString *name, GHashTable *taken)
{
	const char *dot = strrchr(name->str, '.');
	size_t stem =
	    dot && dot != name->str ? (size_t)(dot - name->str) : name->len;
	unique_name(name, stem, 2, taken);
}

static void name_chapters(struct xhtml *xh)
{
	GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal);
	for (const struct doc_node *ch = xh->doc->root->first; ch;
	     ch = ch->next) {
		GString *name = safe_name(ch->u.chapter.stem);
		g_string_append(name, ".xhtml");
		make_unique(name, taken);
		char *file = g_string_free(name, FALSE);
		g_hash_table_insert(xh->files, (gpointer)ch, file);
		g_hash_table_add(taken, file);
	}
	g_hash_table_destroy(taken);
}

static void mark_free(gpointer p)
{
	struct xhtml_mark *m = p;
	g_free((char *)m->id);
	g_free(m);
}

static void marks_at_free(gpointer p)
{
	g_array_free(p, TRUE);
}

struct xhtml *xhtml_new(const struct opts *opts, const struct doc *doc,
                        const struct xhtml_paths *paths)
{
	struct xhtml *xh = xcalloc(1, sizeof *xh);
	xh->opts = opts;
	xh->paths = paths;
	xh->doc = doc;
	xh->images = g_ptr_array_new_with_free_func(image_free);
	xh->by_path = g_hash_table_new(g_str_hash, g_str_equal);
	xh->names = g_hash_table_new(g_str_hash, g_str_equal);
	xh->files =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	xh->marks = g_ptr_array_new_with_free_func(mark_free);
	xh->marks_at = g_hash_table_new_full(g_direct_hash, g_direct_equal,
	                                     NULL, marks_at_free);
	name_chapters(xh);
	return xh;
}

const char *xhtml_chapter_file(const struct xhtml *xh,
                               const struct doc_node *chapter)
{
	return g_hash_table_lookup(xh->files, chapter);
}

void xhtml_free(struct xhtml *xh)
{
	if (!xh)
		return;
	g_hash_table_destroy(xh->files);
	g_hash_table_destroy(xh->marks_at);
	g_ptr_array_free(xh->marks, TRUE);
	g_hash_table_destroy(xh->names);
	g_hash_table_destroy(xh->by_path);
	g_ptr_array_free(xh->images, TRUE);
	free(xh);
}

const GPtrArray *xhtml_images(const struct xhtml *xh)
{
	return xh->images;
}

const char *xhtml_lang(const struct doc *doc)
{
	return doc->meta.language ? doc->meta.language : "en";
}

void xhtml_page_start(struct xmlw *x, const char *lang, const char *title,
                      const char *css_href, const char *body_class)
{
	xmlw_doctype(x, "html");
	xmlw_start(x, "html");
	xmlw_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
	xmlw_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
	xmlw_attr(x, "lang", lang);
	xmlw_attr(x, "xml:lang", lang);
	if (i18n_rtl(lang))
		xmlw_attr(x, "dir", "rtl");
	xmlw_nl(x);
	xmlw_start(x, "head");
	xmlw_nl(x);
	xmlw_elem(x, "title", title);
	xmlw_nl(x);
	if (css_href) {
		xmlw_start(x, "link");
		xmlw_attr(x, "rel", "stylesheet");
		xmlw_attr(x, "type", "text/css");
		xmlw_attr(x, "href", css_href);
		xmlw_end_empty_block(x);
	}
	xmlw_end_block(x);
	xmlw_start(x, "body");
	xmlw_attr(x, "class", body_class);
	xmlw_nl(x);
}

void xhtml_page_end(struct xmlw *x)
{
	xmlw_end_block(x); /* body */
	xmlw_end_block(x); /* html */
}

static void put_children(struct xhtml *xh, const struct doc_node *n)
{
	for (const struct doc_node *c = n->first; c; c = c->next)
		put_node(xh, c);
}

/* The language of chapter's document (its <html lang>). */
static const char *chapter_lang(const struct xhtml *xh,
                                const struct doc_node *chapter)
{
	const char *lang = doc_node_lang(xh->doc, chapter);
	return lang ? lang : xhtml_lang(xh->doc);
}

/* dir on a block whose first strong letter goes the other way than the
 * blocks around it (i18n_around_rtl(): its quote's, list's or
 * document's): an
 * Arabic paragraph or quote in an English chapter, an English one in
 * an Arabic quote. */
static void put_dir(struct xhtml *xh, const struct doc_node *n)
{
	int d = i18n_block_dir(n);
	if (d >= 0 && d != (int)i18n_around_rtl(n))
		xmlw_attr(xh->x, "dir", d ? "rtl" : "ltr");
}

/* lang and xml:lang on an element whose text is in another language than
 * the text around it (HTML's lang=). */
static void put_lang(struct xhtml *xh, const struct doc_node *n)
{
	if (n->kind == DOC_CHAPTER || !doc_node_lang_differs(xh->doc, n))
		return;
	xmlw_attr(xh->x, "lang", n->lang);
	xmlw_attr(xh->x, "xml:lang", n->lang);
}

/* class="align-center" (book.css) on a paragraph or heading that HTML
 * around it or on it aligns (doc_node_align()): on the block of text
 * itself, as p's own text-align would win over its div's. */
static void put_align(struct xhtml *xh, const struct doc_node *n)
{
	static const char *const names[] = {[DOC_ALIGN_LEFT] = "align-left",
	                                    [DOC_ALIGN_CENTER] = "align-center",
	                                    [DOC_ALIGN_RIGHT] = "align-right"};
	enum doc_align a = doc_node_align(n);
	if (a)
		xmlw_attr(xh->x, "class", names[a]);
}

/* Same, for block elements: on lines of their own. */
static void put_block(struct xhtml *xh, const struct doc_node *n,
                      const char *tag)
{
	xmlw_start(xh->x, tag);
	xmlw_attr(xh->x, "id", n->id);
	put_lang(xh, n);
	put_dir(xh, n);
	xmlw_nl(xh->x);
	put_children(xh, n);
	xmlw_end_block(xh->x);
}

static void start_inline(struct xhtml *xh, const struct doc_node *n,
                         bool again);

/* An inline element (emphasis, a link, a citation...) around n's
 * children.  A citation's children already say what to show, in the
 * book's style. */
/* A ruby's reading: <rt> between the <rp> parentheses that readers
 * without ruby show. */
static void put_rp(struct xhtml *xh, const char *paren)
{
	xmlw_start(xh->x, "rp");
	xmlw_text(xh->x, paren);
	xmlw_end(xh->x);
}

static void put_inline(struct xhtml *xh, const struct doc_node *n)
{
	bool rt = n->kind == DOC_PHRASE && n->u.phrase.look == DOC_LOOK_RT;
	if (rt)
		put_rp(xh, "(");
	start_inline(xh, n, false);
	put_children(xh, n);
	xmlw_end(xh->x);
	if (rt)
		put_rp(xh, ")");
}

static void put_bibliography(struct xhtml *xh, const struct doc_node *n)
{
	const struct doc_node *h = n->u.bibliography.heading;
	xmlw_start(xh->x, "section");
	xmlw_attr(xh->x, "epub:type", "bibliography");
	xmlw_attr(xh->x, "role", "doc-bibliography");
	if (h && h->id)
		xmlw_attr(xh->x, "aria-labelledby", h->id);
	else
		xmlw_attr(xh->x, "aria-label", i18n(xh->doc, "References"));
	xmlw_nl(xh->x);
	put_children(xh, n);
	xmlw_end_block(xh->x);
}

static void put_heading(struct xhtml *xh, const struct doc_node *n)
{
	static const char *const tags[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
	int level = CLAMP(n->u.heading.level, 1, 6);
	int written = doc_heading_level(&xh->headings, level);
	xmlw_start(xh->x, tags[written - 1]);
	xmlw_attr(xh->x, "id", n->id);
	put_lang(xh, n);
	put_dir(xh, n);
	/* a level skipped: the look of its own level (book.css's .hN) */
	if (written != level)
		xmlw_attrf(
		    xh->x, "class", "h%d%s", level,
		    doc_node_align(n) == DOC_ALIGN_CENTER  ? " align-center"
		    : doc_node_align(n) == DOC_ALIGN_RIGHT ? " align-right"
		    : doc_node_align(n) == DOC_ALIGN_LEFT  ? " align-left"
		                                           : "");
	else
		put_align(xh, n);
	put_children(xh, n);
	xmlw_end_block(xh->x);
}

/* Is n a paragraph holding nothing but one image?  It becomes a figure
 * (unless it is in one, made with HTML). */
static bool is_figure(const struct doc_node *n)
{
	return n->kind == DOC_PARAGRAPH && n->first && n->first == n->last &&
	       n->first->kind == DOC_IMAGE &&
	       !(n->parent && n->parent->kind == DOC_FIGURE);
}

/* A block of inlines written <tag id>...</tag> on a line of its own. */
static void put_inlines_block(struct xhtml *xh, const struct doc_node *n,
                              const char *tag)
{
	xmlw_start(xh->x, tag);
	xmlw_attr(xh->x, "id", n->id);
	put_lang(xh, n);
	put_children(xh, n);
	xmlw_end_block(xh->x);
}

/* Paragraphs in the items of a tight list are written without <p>. */
static bool in_tight_item(const struct doc_node *n)
{
	const struct doc_node *item = n->parent;
	return item && item->kind == DOC_ITEM && item->parent &&
	       item->parent->kind == DOC_LIST && item->parent->u.list.tight;
}

static void put_image_element(struct xhtml *xh, const struct doc_node *n,
                              bool title);

static void put_figure(struct xhtml *xh, const struct doc_node *img)
{
	/* the caption shows the title: no title attribute to read twice */
	xmlw_start(xh->x, "figure");
	put_image_element(xh, img, false);
	if (img->u.image.title && *img->u.image.title)
		xmlw_elem(xh->x, "figcaption", img->u.image.title);
	xmlw_end_block(xh->x);
}

static void put_paragraph(struct xhtml *xh, const struct doc_node *n)
{
	if (is_figure(n)) {
		put_figure(xh, n->first);
	} else if (doc_node_is_blank(n)) {
		/* only anchors (<a id="x"></a> on a line of its own): they
		 * stand between the blocks, never in an empty <p> */
		if (n->id) {
			xmlw_start(xh->x, "span");
			xmlw_attr(xh->x, "id", n->id);
			xmlw_end(xh->x);
		}
		put_children(xh, n);
		xmlw_nl(xh->x);
	} else if (n->parent && n->parent->kind == DOC_FIGURE &&
	           n->first == n->last && n->first->kind == DOC_IMAGE) {
		put_image_element(xh, n->first, true);
		xmlw_nl(xh->x);
	} else if (in_tight_item(n)) {
		put_children(xh, n);
		if (n->next)
			xmlw_nl(xh->x);
	} else {
		xmlw_start(xh->x, "p");
		put_lang(xh, n);
		put_dir(xh, n);
		put_align(xh, n);
		put_children(xh, n);
		xmlw_end(xh->x);
		xmlw_nl(xh->x);
	}
}

static void put_list(struct xhtml *xh, const struct doc_node *n)
{
	xmlw_start(xh->x, n->u.list.ordered ? "ol" : "ul");
	xmlw_attr(xh->x, "id", n->id);
	if (n->u.list.ordered && n->u.list.start != 1)
		xmlw_attrf(xh->x, "start", "%d", n->u.list.start);
	put_lang(xh, n);
	put_dir(xh, n);
	xmlw_nl(xh->x);
	put_children(xh, n);
	xmlw_end_block(xh->x);
}

/* A block quote; an alert (GitHub's "> [!NOTE]") says which in its
 * class, and is a note to the reader. */
static void put_quote(struct xhtml *xh, const struct doc_node *n)
{
	static const char *const names[] = {"",          "note",    "tip",
	                                    "important", "warning", "caution"};
	xmlw_start(xh->x, "blockquote");
	xmlw_attr(xh->x, "id", n->id);
	if (n->u.quote.alert) {
		xmlw_attrf(xh->x, "class", "alert alert-%s",
		           names[n->u.quote.alert]);
		xmlw_attr(xh->x, "role", "note");
	}
	put_lang(xh, n);
	put_dir(xh, n);
	xmlw_nl(xh->x);
	put_children(xh, n);
	xmlw_end_block(xh->x);
}

/* A task's box: a character that says done or not done. */
static void put_task(struct xhtml *xh, const struct doc_node *n)
{
	bool done = n->u.item.task == DOC_TASK_DONE;
	xmlw_start(xh->x, "span");
	xmlw_attr(xh->x, "class", done ? "task-box done" : "task-box");
	xmlw_attr(xh->x, "role", "img");
	xmlw_attr(xh->x, "aria-label",
	          words(xh->doc, done ? WORD_TASK_DONE : WORD_TASK_OPEN));
	xmlw_text(xh->x, done ? "\xE2\x98\x91" : "\xE2\x98\x90");
	xmlw_end(xh->x);
	xmlw_text(xh->x, " ");
}

static void put_item(struct xhtml *xh, const struct doc_node *n)
{
	if (n->id && in_bibliography(n)) {
		put_bib_item(xh, n);
		return;
	}
	bool tight = n->parent && n->parent->u.list.tight;
	xmlw_start(xh->x, "li");
	if (n->id) /* bibliography entries are link targets */
		xmlw_attr(xh->x, "id", n->id);
	put_lang(xh, n);
	put_dir(xh, n);
	if (n->u.item.task) /* its box instead of a bullet */
		xmlw_attr(xh->x, "class", "task");
	if (!tight && n->first)
		xmlw_nl(xh->x);
	put_children(xh, n);
	xmlw_end_block(xh->x);
}

static void put_code_block(struct xhtml *xh, const struct doc_node *n)
{
	const char *info = n->u.literal.info;
	xmlw_start(xh->x, "pre");
	xmlw_attr(xh->x, "id", n->id);
	xmlw_start(xh->x, "code");
	if (info && *info) {
		size_t len = strcspn(info, " \t");
		char *lang = g_strndup(info, len);
		xmlw_attrf(xh->x, "class", "language-%s", lang);
		g_free(lang);
	}
	put_marked_text(xh, n);
	xmlw_end(xh->x);
	xmlw_end_block(xh->x);
}

/* TeX math, shown as its source (octavo typesets no math): inline in
 * <code class="math">, display math in <pre class="math">, centred. */
static void put_math(struct xhtml *xh, const struct doc_node *n)
{
	bool block = n->kind == DOC_MATH_BLOCK;
	if (block) {
		xmlw_start(xh->x, "pre");
		xmlw_attr(xh->x, "id", n->id);
		xmlw_attr(xh->x, "class", "math");
	}
	xmlw_start(xh->x, "code");
	xmlw_attr(xh->x, "class", block ? "math display" : "math");
	xmlw_text(xh->x, n->u.literal.text);
	xmlw_end(xh->x);
	if (block)
		xmlw_end_block(xh->x);
}

static void put_void(struct xhtml *xh, const char *tag, bool block)
{
	xmlw_start(xh->x, tag);
	xmlw_end_empty(xh->x);
	if (block)
		xmlw_nl(xh->x);
}

static void put_table(struct xhtml *xh, const struct doc_node *n)
{
	const struct doc_node *row = n->first;
	xmlw_start(xh->x, "table");
	xmlw_attr(xh->x, "id", n->id);
	put_dir(xh, n);
	xmlw_nl(xh->x);
	if (row && row->u.table.header) {
		xmlw_start(xh->x, "thead");
		xmlw_nl(xh->x);
		for (; row && row->u.table.header; row = row->next)
			put_node(xh, row);
		xmlw_end_block(xh->x);
	}
	if (row) {
		xmlw_start(xh->x, "tbody");
		xmlw_nl(xh->x);
		for (; row; row = row->next)
			put_node(xh, row);
		xmlw_end_block(xh->x);
	}
	xmlw_end_block(xh->x);
}

static void put_table_row(struct xhtml *xh, const struct doc_node *n)
{
	xmlw_start(xh->x, "tr");
	xmlw_nl(xh->x);
	put_children(xh, n);
	xmlw_end_block(xh->x);
}

/* A cell of a right-to-left table (i18n_block_rtl(), as the PDF's
 * table.c) stands at its right unless its alignment says otherwise
 * (book.css sets cells at the left): class align-right; one whose text
 * runs left to right says so (dir="ltr"), as its paragraph does in the
 * PDF. */
static const char *cell_class(struct xhtml *xh, const struct doc_node *n,
                              const char *class)
{
	const struct doc_node *table = n->parent ? n->parent->parent : NULL;
	if (!table || table->kind != DOC_TABLE || !i18n_block_rtl(table))
		return class;
	if (i18n_block_dir(n) == 0)
		xmlw_attr(xh->x, "dir", "ltr");
	return class ? class : "align-right";
}

static void put_table_cell(struct xhtml *xh, const struct doc_node *n)
{
	static const char *const classes[] = {
	    [DOC_ALIGN_NONE] = NULL,
	    [DOC_ALIGN_LEFT] = "align-left",
	    [DOC_ALIGN_CENTER] = "align-center",
	    [DOC_ALIGN_RIGHT] = "align-right",
	};
	bool header = doc_cell_is_header(n);
	bool in_head = n->parent && n->parent->u.table.header;
	xmlw_start(xh->x, header ? "th" : "td");
	xmlw_attr(xh->x, "id", n->id);
	if (header)
		xmlw_attr(xh->x, "scope", in_head ? "col" : "row");
	if (n->u.cell.colspan > 1)
		xmlw_attrf(xh->x, "colspan", "%u", n->u.cell.colspan);
	if (n->u.cell.rowspan > 1)
		xmlw_attrf(xh->x, "rowspan", "%u", n->u.cell.rowspan);
	xmlw_attr(xh->x, "class", cell_class(xh, n, classes[n->u.cell.align]));
	put_marks(xh, n); /* a page that begins with this row */
	put_children(xh, n);
	xmlw_end_block(xh->x);
}

static void put_code(struct xhtml *xh, const struct doc_node *n)
{
	xmlw_start(xh->x, "code");
	put_marked_text(xh, n);
	xmlw_end(xh->x);
}

/* Where a link goes: the target's file and anchor for links inside the
 * book, the URL as written for the rest.  The caller owns the result. */
static char *link_href(struct xhtml *xh, const struct doc_node *n)
{
	const struct doc_node *t = n->u.link.target;
	if (!t)
		return g_strdup(n->u.link.url);
	const struct doc_node *ch = doc_node_chapter(t);
	if (!ch)
		return g_strdup(n->u.link.url);
	const char *file = xhtml_chapter_file(xh, ch);
	if (!file)
		return g_strdup(n->u.link.url);
	if (t == ch || !t->id)
		return g_strdup(file);
	if (ch == xh->chapter)
		return g_strdup_printf("#%s", t->id);
	return g_strdup_printf("%s#%s", file, t->id);
}

/* Is node inside the bibliography? */
static bool in_bibliography(const struct doc_node *n)
{
	for (; n; n = n->parent)
		if (n->kind == DOC_BIBLIOGRAPHY)
			return true;
	return false;
}

/* Is text a URL shown as it is (one word with "://", or "www.")? */
static bool is_url_text(const char *text)
{
	if (!*text || strpbrk(text, " \t\n"))
		return false;
	return strstr(text, "://") || g_str_has_prefix(text, "www.");
}

/* Is the link's text a URL?  Its first child is its text. */
static bool shows_url(const struct doc_node *link)
{
	const struct doc_node *c = link->first;
	return c && c->kind == DOC_TEXT && is_url_text(c->u.literal.text);
}

/* A URL's text with a <wbr/> after each '/', '.' and '-' (after the last
 * of a run, and not at the end), its only break opportunities; css.c
 * keeps hyphenation away from it. */
static void put_url_text(struct xhtml *xh, const char *text)
{
	const char *from = text;
	for (const char *c = text; *c; c++) {
		if (!strchr("/.-", *c) || c[1] == *c || !c[1])
			continue;
		char *part = g_strndup(from, (size_t)(c + 1 - from));
		xmlw_text(xh->x, part);
		g_free(part);
		put_void(xh, "wbr", false);
		from = c + 1;
	}
	xmlw_text(xh->x, from);
}

static void start_link(struct xhtml *xh, const struct doc_node *n)
{
	char *href = link_href(xh, n);
	const struct doc_node *t = n->u.link.target;
	xmlw_start(xh->x, "a");
	xmlw_attr(xh->x, "href", href);
	if (shows_url(n))
		xmlw_attr(xh->x, "class", "url");
	if (t && t->kind == DOC_CITATION)
		xmlw_attr(xh->x, "role", "doc-backlink");
	else if (t && in_bibliography(t))
		xmlw_attr(xh->x, "role", "doc-biblioref");
	if (n->u.link.title && *n->u.link.title)
		xmlw_attr(xh->x, "title", n->u.link.title);
	g_free(href);
}

/* Opens the element of an inline container; again: once more after a
 * page break marker split it (without its id, which the first part
 * has). */
static void start_inline(struct xhtml *xh, const struct doc_node *n, bool again)
{
	switch (n->kind) {
	case DOC_EMPH: xmlw_start(xh->x, "em"); break;
	case DOC_STRONG: xmlw_start(xh->x, "strong"); break;
	case DOC_STRIKE: xmlw_start(xh->x, "del"); break;
	case DOC_LINK: start_link(xh, n); break;
	case DOC_SUPERSCRIPT: xmlw_start(xh->x, "sup"); break;
	case DOC_SUBSCRIPT: xmlw_start(xh->x, "sub"); break;
	case DOC_KBD: xmlw_start(xh->x, "kbd"); break;
	case DOC_ABBR:
		xmlw_start(xh->x, "abbr");
		xmlw_attr(xh->x, "title", n->u.span.title);
		break;
	case DOC_PHRASE:
		xmlw_start(xh->x, doc_look_name(n->u.phrase.look));
		if (n->u.phrase.dir)
			xmlw_attr(xh->x, "dir",
			          n->u.phrase.dir == DOC_DIR_RTL ? "rtl"
			                                         : "ltr");
		break;
	default: /* a citation, a span */ xmlw_start(xh->x, "span"); break;
	}
	if (!again) /* the first part has it */
		xmlw_attr(xh->x, "id", n->id);
	put_lang(xh, n);
}

/* The name of n's file in images/, given on first use. */
static const char *image_name(struct xhtml *xh, const struct doc_node *n)
{
	const char *path = n->u.image.path;
	struct xhtml_image *img = g_hash_table_lookup(xh->by_path, path);
	if (img)
		return img->name;

	char *base = g_path_get_basename(path);
	GString *name = safe_name(base);
	g_free(base);
	if (!name->len || name->str[0] == '.')
		g_string_prepend(name, "image");
	make_unique(name, xh->names);
	img = g_new0(struct xhtml_image, 1);
	img->path = path;
	img->media_type = n->u.image.media_type;
	img->name = g_string_free(name, FALSE);
	g_ptr_array_add(xh->images, img);
	g_hash_table_insert(xh->by_path, (gpointer)path, img);
	g_hash_table_add(xh->names, (gpointer)img->name);
	return img->name;
}

static void put_image_element(struct xhtml *xh, const struct doc_node *n,
                              bool title)
{
	GString *alt = g_string_new(NULL);
	doc_node_text_append(n, alt);
	xmlw_start(xh->x, "img");
	if (n->u.image.path)
		xmlw_attrf(xh->x, "src", "%s%s", xh->paths->images,
		           image_name(xh, n));
	else
		xmlw_attr(xh->x, "src", n->u.image.url);
	xmlw_attr(xh->x, "alt", alt->str);
	if (n->u.image.decorative) /* empty on purpose: decoration */
		xmlw_attr(xh->x, "role", "presentation");
	if (title && n->u.image.title && *n->u.image.title)
		xmlw_attr(xh->x, "title", n->u.image.title);
	xmlw_end_empty(xh->x);
	g_string_free(alt, TRUE);
}

/* What a note and its references show (the notes pass sets it). */
static const char *note_mark(const struct doc_node *n)
{
	return n->u.note.mark ? n->u.note.mark : "";
}

static void put_note_ref(struct xhtml *xh, const struct doc_node *n)
{
	const struct doc_node *note = n->u.note.note;
	if (!note || !note->id)
		return; /* the notes pass has reported it */
	xmlw_start(xh->x, "sup");
	xmlw_start(xh->x, "a");
	xmlw_attr(xh->x, "epub:type", "noteref");
	xmlw_attr(xh->x, "role", "doc-noteref");
	xmlw_attrf(xh->x, "href", "#%s", note->id);
	xmlw_attr(xh->x, "id", n->id);
	xmlw_text(xh->x, note_mark(n));
	xmlw_end(xh->x);
	xmlw_end(xh->x);
}

/* A link back to a citing place: one "↑", easy to tap (css.c), named by
 * label for screen readers and as a tooltip. */
static void put_back_arrow(struct xhtml *xh, const char *href,
                           const char *label)
{
	xmlw_start(xh->x, "a");
	xmlw_attr(xh->x, "href", href);
	xmlw_attr(xh->x, "class", "backlink");
	xmlw_attr(xh->x, "role", "doc-backlink");
	xmlw_attr(xh->x, "aria-label", label);
	xmlw_attr(xh->x, "title", label);
	xmlw_text(xh->x, "\u2191");
	xmlw_end(xh->x);
}

/* The note's links back, one per reference, in the last paragraph of
 * the note.  Readers that hide notes from the text (showing them only in
 * a pop-up) hide them too, and the style sheet hides them in a pop-up,
 * which holds the note's paragraphs without the <aside> (css.c). */
static void put_note_backlinks(struct xhtml *xh, const struct doc_node *note)
{
	GPtrArray *refs =
	    xh->note_refs ? g_hash_table_lookup(xh->note_refs, note) : NULL;
	if (!refs || !refs->len)
		return;
	xmlw_start(xh->x, "p");
	xmlw_attr(xh->x, "class", "backlinks");
	for (guint i = 0; i < refs->len; i++) {
		const struct doc_node *ref = refs->pdata[i];
		char *href = g_strdup_printf("#%s", ref->id);
		char *label =
		    refs->len == 1
		        ? g_strdup_printf(words(xh->doc, WORD_BACK_TO_NOTE),
		                          note_mark(note))
		        : g_strdup_printf(words(xh->doc, WORD_BACK_TO_NOTE_REF),
		                          i + 1, refs->len, note_mark(note));
		if (i)
			xmlw_text(xh->x, " ");
		put_back_arrow(xh, href, label);
		g_free(label);
		g_free(href);
	}
	xmlw_end_block(xh->x);
}

/* <aside> with the note's number at the start of its first paragraph
 * (or in a paragraph of its own), then its links back. */
static void put_note(struct xhtml *xh, const struct doc_node *n)
{
	const struct doc_node *rest = n->first;
	xmlw_start(xh->x, "aside");
	xmlw_attr(xh->x, "epub:type", "footnote");
	xmlw_attr(xh->x, "role", "doc-footnote");
	xmlw_attr(xh->x, "id", n->id);
	xmlw_nl(xh->x);
	xmlw_start(xh->x, "p");
	xmlw_start(xh->x, "span");
	xmlw_attr(xh->x, "class", "note-label");
	xmlw_textf(xh->x, "%s.", note_mark(n));
	xmlw_end(xh->x);
	xmlw_text(xh->x, " ");
	if (rest && rest->kind == DOC_PARAGRAPH && !is_figure(rest)) {
		put_children(xh, rest);
		rest = rest->next;
	}
	xmlw_end_block(xh->x);
	for (; rest; rest = rest->next)
		put_node(xh, rest);
	put_note_backlinks(xh, n);
	xmlw_end_block(xh->x);
}

/* Is n one of the links back from a reference to a citation? */
static bool is_cite_backlink(const struct doc_node *n)
{
	return n->kind == DOC_LINK && n->u.link.target &&
	       n->u.link.target->kind == DOC_CITATION;
}

/* The first of the trailing children of p that are links back to
 * citations, or the spaces and arrows between them: where the entry's
 * text ends.  NULL if there are none. */
static const struct doc_node *backlinks_start(const struct doc_node *p)
{
	const struct doc_node *start = NULL;
	for (const struct doc_node *c = p->last; c; c = c->prev) {
		bool filler = c->kind == DOC_TEXT &&
		              strspn(c->u.literal.text, " \u2191") ==
		                  strlen(c->u.literal.text);
		if (!is_cite_backlink(c) && !filler)
			break;
		start = c;
	}
	return start;
}

/* Every page marker at n, wherever in its text (the text left out). */
static void put_all_marks(struct xhtml *xh, const struct doc_node *n)
{
	GArray *list = g_hash_table_lookup(xh->marks_at, n);
	for (guint i = 0; list && i < list->len; i++)
		put_mark(xh, g_array_index(list, struct mark_at, i).mark);
}

/* The links back to the citations, each an "↑" of its own: the pass's
 * "↑ a b" letters were too small to tap. */
static void put_cite_backlinks(struct xhtml *xh, const struct doc_node *from)
{
	unsigned total = 0, k = 0;
	for (const struct doc_node *c = from; c; c = c->next)
		total += is_cite_backlink(c);
	for (const struct doc_node *c = from; c; c = c->next) {
		put_all_marks(xh, c);
		if (!is_cite_backlink(c))
			continue;
		const struct doc_node *ch = doc_node_chapter(c->u.link.target);
		const char *title = ch ? chapter_title(ch) : "";
		char *href = link_href(xh, c);
		char *label =
		    total == 1
		        ? g_strdup_printf(words(xh->doc, WORD_BACK_TO_CITE_ONE),
		                          title)
		        : g_strdup_printf(words(xh->doc, WORD_BACK_TO_CITE),
		                          k + 1, total, title);
		xmlw_text(xh->x, " ");
		put_back_arrow(xh, href, label);
		k++;
		g_free(label);
		g_free(href);
	}
}

/* A reference: its text in a span that bears the entry's id, the links
 * back after it.  A reader's pop-up of a citation's target then shows
 * the reference without its links back. */
static void put_bib_item(struct xhtml *xh, const struct doc_node *n)
{
	bool tight = n->parent && n->parent->u.list.tight;
	const struct doc_node *p = n->first;
	xmlw_start(xh->x, "li");
	if (!p || p->kind != DOC_PARAGRAPH) {
		xmlw_attr(xh->x, "id", n->id);
		put_children(xh, n);
		xmlw_end_block(xh->x);
		return;
	}
	put_marks(xh, p);
	if (!tight)
		xmlw_start(xh->x, "p");
	const struct doc_node *back = backlinks_start(p);
	xmlw_start(xh->x, "span");
	xmlw_attr(xh->x, "id", n->id);
	for (const struct doc_node *c = p->first; c && c != back; c = c->next)
		put_node(xh, c);
	xmlw_end(xh->x);
	put_cite_backlinks(xh, back);
	if (!tight)
		xmlw_end_block(xh->x);
	for (const struct doc_node *c = p->next; c; c = c->next)
		put_node(xh, c);
	xmlw_end_block(xh->x);
}

static void put_node(struct xhtml *xh, const struct doc_node *n)
{
	if (n->kind != DOC_TABLE_CELL) /* a cell's go inside it */
		put_marks(xh, n);
	switch (n->kind) {
	case DOC_HEADING: put_heading(xh, n); break;
	case DOC_PARAGRAPH: put_paragraph(xh, n); break;
	case DOC_BLOCKQUOTE: put_quote(xh, n); break;
	case DOC_LIST: put_list(xh, n); break;
	case DOC_ITEM: put_item(xh, n); break;
	case DOC_CODE_BLOCK: put_code_block(xh, n); break;
	case DOC_THEMATIC_BREAK: put_void(xh, "hr", true); break;
	case DOC_TABLE: put_table(xh, n); break;
	case DOC_TABLE_ROW: put_table_row(xh, n); break;
	case DOC_TABLE_CELL: put_table_cell(xh, n); break;
	case DOC_NOTE: put_note(xh, n); break;
	case DOC_TEXT: put_marked_text(xh, n); break;
	case DOC_SOFTBREAK: xmlw_nl(xh->x); break;
	case DOC_LINEBREAK: put_void(xh, "br", false); break;
	case DOC_CODE: put_code(xh, n); break;
	case DOC_MATH:
	case DOC_MATH_BLOCK: put_math(xh, n); break;
	case DOC_EMPH:
	case DOC_STRONG:
	case DOC_STRIKE:
	case DOC_LINK:
	case DOC_CITATION:
	case DOC_SUPERSCRIPT:
	case DOC_SUBSCRIPT:
	case DOC_KBD:
	case DOC_SPAN:
	case DOC_ABBR:
	case DOC_PHRASE: put_inline(xh, n); break;
	case DOC_TASK: put_task(xh, n); break;
	case DOC_DIV: put_block(xh, n, "div"); break;
	case DOC_DETAILS: put_block(xh, n, "details"); break;
	case DOC_FIGURE: put_block(xh, n, "figure"); break;
	case DOC_DEF_LIST: put_block(xh, n, "dl"); break;
	case DOC_DEF_DESC: put_block(xh, n, "dd"); break;
	case DOC_SUMMARY: put_inlines_block(xh, n, "summary"); break;
	case DOC_CAPTION: put_inlines_block(xh, n, "figcaption"); break;
	case DOC_DEF_TERM: put_inlines_block(xh, n, "dt"); break;
	case DOC_IMAGE: put_image_element(xh, n, true); break;
	case DOC_NOTE_REF: put_note_ref(xh, n); break;
	case DOC_BIBLIOGRAPHY: put_bibliography(xh, n); break;
	/* never rendered: raw HTML; citations have an issue of their own */
	case DOC_HTML_BLOCK:
	case DOC_HTML_INLINE:
	/* not inside a chapter */
	case DOC_BOOK:
	case DOC_CHAPTER:
	case DOC_KIND_COUNT: break;
	}
}

static gint by_number(gconstpointer a, gconstpointer b)
{
	const struct doc_node *x = *(const struct doc_node *const *)a;
	const struct doc_node *y = *(const struct doc_node *const *)b;
	return (x->u.note.number > y->u.note.number) -
	       (x->u.note.number < y->u.note.number);
}

/* Each note of chapter with the references to it, in reading order. */
static GHashTable *note_refs(const struct doc_node *chapter)
{
	GHashTable *refs =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                          (GDestroyNotify)g_ptr_array_unref);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, chapter);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER || n->kind != DOC_NOTE_REF ||
		    !n->u.note.note || !n->id)
			continue;
		GPtrArray *list = g_hash_table_lookup(refs, n->u.note.note);
		if (!list) {
			list = g_ptr_array_new();
			g_hash_table_insert(refs, n->u.note.note, list);
		}
		g_ptr_array_add(list, (gpointer)n);
	}
	return refs;
}

/* The chapter's notes, in number order, after its text. */
static void put_notes(struct xhtml *xh, const struct doc_node *chapter)
{
	GPtrArray *notes = g_ptr_array_new();
	for (const struct doc_node *c = chapter->first; c; c = c->next)
		if (c->kind == DOC_NOTE)
			g_ptr_array_add(notes, (gpointer)c);
	g_ptr_array_sort(notes, by_number);
	xh->note_refs = note_refs(chapter);
	if (notes->len) {
		xmlw_start(xh->x, "div");
		xmlw_attr(xh->x, "class", "footnotes");
		xmlw_nl(xh->x);
		for (guint i = 0; i < notes->len; i++)
			put_note(xh, notes->pdata[i]);
		xmlw_end_block(xh->x);
	}
	g_hash_table_destroy(xh->note_refs);
	xh->note_refs = NULL;
	g_ptr_array_free(notes, TRUE);
}

static const struct doc_node *first_heading(const struct doc_node *chapter)
{
	for (const struct doc_node *c = chapter->first; c; c = c->next)
		if (c->kind == DOC_HEADING)
			return c;
	return NULL;
}

/* The chapter's title, or its file name before the titles pass. */
static const char *chapter_title(const struct doc_node *chapter)
{
	return chapter->u.chapter.title ? chapter->u.chapter.title
	                                : chapter->u.chapter.stem;
}

static void put_chapter(struct xhtml *xh, const struct doc_node *chapter)
{
	const struct doc_node *h = first_heading(chapter);
	xmlw_start(xh->x, "section");
	xmlw_attr(xh->x, "epub:type", "chapter");
	xmlw_attr(xh->x, "role", "doc-chapter");
	/* the chapter's id is the book's; a heading of the chapter may have
	 * it too (a file intro.md with a heading "Intro") */
	if (!doc_id_taken(xh->doc, chapter, chapter->id))
		xmlw_attr(xh->x, "id", chapter->id);
	if (h && h->id)
		xmlw_attr(xh->x, "aria-labelledby", h->id);
	else
		xmlw_attr(xh->x, "aria-label", chapter_title(chapter));
	xmlw_nl(xh->x);
	put_marks(xh, chapter); /* a page that begins with no block */
	for (const struct doc_node *c = chapter->first; c; c = c->next)
		if (c->kind != DOC_NOTE)
			put_node(xh, c);
	put_notes(xh, chapter);
	xmlw_end_block(xh->x);
}

bool xhtml_render(struct xhtml *xh, const struct doc_node *chapter,
                  GByteArray *out)
{
	xh->x = xmlw_new();
	xh->chapter = chapter;
	xh->headings.n = 0;
	xhtml_page_start(xh->x, chapter_lang(xh, chapter),
	                 chapter_title(chapter), xh->paths->css, NULL);
	put_chapter(xh, chapter);
	xhtml_page_end(xh->x);
	bool ok = xmlw_finish(xh->x, out);
	xh->x = NULL;
	xh->chapter = NULL;
	return ok;
}

/* ---------------------------------------------------- page break marks */

static bool is_literal(const struct doc_node *n)
{
	return n->kind == DOC_TEXT || n->kind == DOC_CODE ||
	       n->kind == DOC_CODE_BLOCK;
}

/* Inline elements whose start and end tags are written around their
 * children: a marker inside them closes and opens them again. */
static bool is_split_inline(const struct doc_node *n)
{
	switch (n->kind) {
	case DOC_EMPH:
	case DOC_STRONG:
	case DOC_STRIKE:
	case DOC_LINK:
	case DOC_CITATION:
	case DOC_SUPERSCRIPT:
	case DOC_SUBSCRIPT:
	case DOC_KBD:
	case DOC_SPAN:
	case DOC_ABBR: return true;
	/* a ruby and its reading are one: a marker goes before them */
	case DOC_PHRASE:
		return n->u.phrase.look != DOC_LOOK_RUBY &&
		       n->u.phrase.look != DOC_LOOK_RT;
	default: return false;
	}
}

/* Where the marker for a page beginning at node n (byte *offset of its
 * text) goes in the XHTML: the node to put it before, or in (literals,
 * cells, chapters). */
static const struct doc_node *mark_place(const struct doc_node *n,
                                         size_t *offset)
{
	if (!is_literal(n))
		*offset = 0;
	if (n->kind == DOC_TABLE_ROW) /* the table, or the row's first cell */
		return !n->prev && n->parent ? n->parent
		       : n->first            ? n->first
		                             : n->parent;
	/* alt text shows as the image's attribute: before the image */
	for (const struct doc_node *a = n; a && !doc_kind_is_block(a->kind);
	     a = a->parent)
		if (a->kind == DOC_IMAGE) {
			n = a;
			*offset = 0;
		}
	if (n->kind == DOC_IMAGE && n->parent && is_figure(n->parent))
		n = n->parent;
	/* at the start of an element: before it, not inside */
	while (*offset == 0 && !n->prev && n->parent &&
	       is_split_inline(n->parent))
		n = n->parent;
	return n;
}

/* "page-12", or "page-12-2"... when the book has that id already. */
static char *mark_id(const char *label, GHashTable *taken)
{
	GString *s = g_string_new("page-");
	g_string_append(s, label);
	unique_name(s, s->len, 2, taken);
	char *id = g_string_free(s, FALSE);
	g_hash_table_add(taken, id);
	return id;
}

static GHashTable *book_ids(const struct doc *doc)
{
	GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->id)
			g_hash_table_add(ids, (gpointer)n->id);
	return ids;
}

void xhtml_set_pages(struct xhtml *xh, const struct print_page *pages, size_t n)
{
	GHashTable *taken = book_ids(xh->doc);
	for (size_t i = 0; i < n; i++) {
		struct xhtml_mark *m = g_new0(struct xhtml_mark, 1);
		m->label = pages[i].label;
		m->id = mark_id(pages[i].label, taken);
		m->chapter = doc_node_chapter(pages[i].node);
		m->block = pages[i].node;
		while (m->block && m->block != m->chapter &&
		       m->block->parent != m->chapter)
			m->block = m->block->parent;
		g_ptr_array_add(xh->marks, m);
		struct mark_at at = {pages[i].offset, m};
		const struct doc_node *key =
		    mark_place(pages[i].node, &at.offset);
		GArray *list = g_hash_table_lookup(xh->marks_at, key);
		if (!list) {
			list =
			    g_array_new(FALSE, FALSE, sizeof(struct mark_at));
			g_hash_table_insert(xh->marks_at, (gpointer)key, list);
		}
		g_array_append_val(list, at);
	}
	g_hash_table_destroy(taken);
}

const GPtrArray *xhtml_marks(const struct xhtml *xh)
{
	return xh->marks;
}

static void put_mark(struct xhtml *xh, struct xhtml_mark *m)
{
	xmlw_start(xh->x, "span");
	xmlw_attr(xh->x, "epub:type", "pagebreak");
	xmlw_attr(xh->x, "role", "doc-pagebreak");
	xmlw_attr(xh->x, "id", m->id);
	xmlw_attr(xh->x, "aria-label", m->label);
	xmlw_end(xh->x);
	m->put = true;
}

/* The markers that go before n (or at the start of a chapter or cell). */
static void put_marks(struct xhtml *xh, const struct doc_node *n)
{
	GArray *list = g_hash_table_lookup(xh->marks_at, n);
	for (guint i = 0; list && i < list->len; i++) {
		struct mark_at *at = &g_array_index(list, struct mark_at, i);
		if (at->offset == 0)
			put_mark(xh, at->mark);
	}
}

/* A marker inside the text of n: the inline elements around it close
 * before it and open again after it, so that each stays whole. */
static void put_split_mark(struct xhtml *xh, const struct doc_node *n,
                           struct xhtml_mark *m)
{
	GPtrArray *open = g_ptr_array_new(); /* innermost first */
	for (const struct doc_node *a = n->parent;
	     a && !doc_kind_is_block(a->kind); a = a->parent)
		if (is_split_inline(a))
			g_ptr_array_add(open, (gpointer)a);
	bool code = n->kind == DOC_CODE;
	for (guint i = 0; i < open->len + code; i++)
		xmlw_end(xh->x);
	put_mark(xh, m);
	for (guint i = open->len; i > 0; i--)
		start_inline(xh, open->pdata[i - 1], true);
	if (code)
		xmlw_start(xh->x, "code");
	g_ptr_array_free(open, TRUE);
}

/* Text; a URL (url) with its break opportunities. */
static void put_text(struct xhtml *xh, const char *text, bool url)
{
	if (url)
		put_url_text(xh, text);
	else
		xmlw_text(xh->x, text);
}

/* The text of a TEXT, CODE or CODE_BLOCK with the markers inside it. */
static void put_marked_text(struct xhtml *xh, const struct doc_node *n)
{
	const char *text = n->u.literal.text;
	GArray *list = g_hash_table_lookup(xh->marks_at, n);
	size_t from = 0, len = strlen(text);
	bool url = n->kind == DOC_TEXT && is_url_text(text);
	for (guint i = 0; list && i < list->len; i++) {
		struct mark_at *at = &g_array_index(list, struct mark_at, i);
		if (at->offset == 0 || at->offset > len || at->offset < from)
			continue;
		char *part = g_strndup(text + from, at->offset - from);
		put_text(xh, part, url);
		g_free(part);
		if (n->kind == DOC_CODE_BLOCK) /* inside <pre><code> */
			put_mark(xh, at->mark);
		else
			put_split_mark(xh, n, at->mark);
		from = at->offset;
	}
	put_text(xh, text + from, url);
}
