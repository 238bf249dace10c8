/*
 * measure.c - the tree and the theme -> boxes.  Pango only: a context from
 * the font map, no surface.  Each block becomes a PangoLayout at its width;
 * its lines' heights, baselines and offsets, its links and its footnote
 * calls are recorded in a struct box for paginate and draw.
 */
#include <pango/pangocairo.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "hyph.h"
#include "justify.h"
#include "lang.h"
#include "layout.h"
#include "util.h"

/* Longest paragraph (bytes) whose breaks we choose ourselves. */
enum { OWN_BREAKS_MAX = 64 * 1024 };

struct measure {
	PangoContext *ctx;
	const struct theme *theme;
	struct hyph *hyph;
	int width, height;       /* the text area */
	GHashTable *notes;       /* DOC_NOTE node -> index + 1 in lay->notes */
	unsigned chapter;        /* number of the chapter being measured */
	const char *chapter_id;  /* set until the chapter's first box */
	GHashTable *page_labels; /* id -> page label, for back links; or NULL */
	PangoLayout *marker;     /* list marker for the next box */
	GHashTable *fonts;       /* PangoFontDescription -> struct font_info */
	GHashTable *measured;    /* block node -> struct measured */
	bool keep_blocks;        /* fill measured: the body is measured again */
	/* measurers of shares of the chapters on other threads, each with
	 * its own context and map (measure_add_thread); they share hyph,
	 * which only the first owns */
	GPtrArray *helpers;
	bool helper;
};

/* What measure needs of a font, asked of pango once per font:
 * pango_context_get_metrics() shapes a sample text on every call. */
struct font_info {
	int ascent, descent;
	int hyphen_w, space_w; /* widths of "-" and " " */
};

/* Everything a text box's lines depend on besides the tree: its font,
 * spacing and width. */
struct text_key {
	int face, size, line_height, bold, italic, align, justify;
	int first_indent, width;
};

/* A text box as measure made it, kept with what it was made from, so
 * that measuring the same block again with the same text (the body's
 * second layout, which only changes the bibliography's page numbers)
 * takes its lines instead of shaping and breaking the text again. */
struct measured {
	struct text_key key;
	GString *text;                 /* before the breaks were chosen */
	GArray *spans, *calls, *marks; /* likewise */
	PangoLayout *layout;
	struct box_line *lines;
	size_t n_lines;
	GArray *links, *anchors, *note_refs; /* the box's, or NULL */
};

/* ------------------------------------------------------------ layouts */

struct layout *layout_new(void)
{
	struct layout *lay = xcalloc(1, sizeof *lay);
	lay->boxes = g_array_new(FALSE, TRUE, sizeof(struct box));
	lay->notes = g_array_new(FALSE, TRUE, sizeof(struct box));
	return lay;
}

static void unref(PangoLayout *l)
{
	if (l)
		g_object_unref(l);
}

static void boxes_free(GArray *boxes)
{
	for (size_t i = 0; i < boxes->len; i++) {
		struct box *b = &g_array_index(boxes, struct box, i);
		unref(b->layout);
		unref(b->marker);
		unref(b->right);
		for (size_t c = 0; c < b->n_cells; c++)
			unref(b->cells[c].layout);
		free(b->cells);
		free(b->lines);
		g_free(b->qr);
		if (b->links)
			g_array_free(b->links, TRUE);
		if (b->anchors)
			g_array_free(b->anchors, TRUE);
		if (b->note_refs)
			g_array_free(b->note_refs, TRUE);
	}
	g_array_free(boxes, TRUE);
}

void layout_free(struct layout *lay)
{
	if (!lay)
		return;
	boxes_free(lay->boxes);
	boxes_free(lay->notes);
	free(lay);
}

struct box *layout_box_add(GArray *boxes, enum box_kind kind)
{
	g_array_set_size(boxes, boxes->len + 1);
	struct box *b = &g_array_index(boxes, struct box, boxes->len - 1);
	b->kind = kind;
	b->header_box = SIZE_MAX;
	return b;
}

/* ------------------------------------------------------------ measure */

static GArray *array_copy(GArray *a)
{
	return a ? g_array_copy(a) : NULL;
}

static struct box_line *lines_copy(const struct box_line *lines, size_t n)
{
	struct box_line *c = xcalloc(n, sizeof *c);
	memcpy(c, lines, n * sizeof *c);
	return c;
}

static void array_free(GArray *a)
{
	if (a)
		g_array_free(a, TRUE);
}

static void measured_free(gpointer p)
{
	struct measured *c = p;
	g_string_free(c->text, TRUE);
	array_free(c->spans);
	array_free(c->calls);
	array_free(c->marks);
	unref(c->layout);
	free(c->lines);
	array_free(c->links);
	array_free(c->anchors);
	array_free(c->note_refs);
	free(c);
}

/* A measurer without hyphenation patterns, its context from map. */
static struct measure *measurer_new(PangoFontMap *map, const struct theme *t,
                                    PangoLanguage *lang, int text_width,
                                    int text_height)
{
	struct measure *m = xcalloc(1, sizeof *m);
	m->ctx = pango_font_map_create_context(map);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(m->ctx, fo);
	cairo_font_options_destroy(fo);
	/* a PDF unit is a point: sizes in points must not be scaled from
	 * pango's default 96 dpi */
	pango_cairo_context_set_resolution(m->ctx, 72);
	pango_context_set_round_glyph_positions(m->ctx, FALSE);
	pango_context_set_language(m->ctx, lang);
	m->theme = t;
	m->width = text_width;
	m->height = text_height;
	m->notes = g_hash_table_new(g_direct_hash, g_direct_equal);
	m->fonts = g_hash_table_new_full(
	    (GHashFunc)pango_font_description_hash,
	    (GEqualFunc)pango_font_description_equal,
	    (GDestroyNotify)pango_font_description_free, free);
	m->measured = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                                    measured_free);
	return m;
}

struct measure *measure_new(PangoFontMap *map, const struct theme *t,
                            const char *lang, int text_width, int text_height)
{
	struct measure *m =
	    measurer_new(map, t, pango_language_from_string(lang ? lang : "en"),
	                 text_width, text_height);
	char *dict = lang_hyphen_dict(t, lang);
	m->hyph = hyph_new(dict);
	g_free(dict);
	m->helpers =
	    g_ptr_array_new_with_free_func((GDestroyNotify)measure_free);
	return m;
}

void measure_add_thread(struct measure *m, PangoFontMap *map)
{
	struct measure *h =
	    measurer_new(map, m->theme, pango_context_get_language(m->ctx),
	                 m->width, m->height);
	h->hyph = m->hyph;
	h->helper = true;
	g_ptr_array_add(m->helpers, h);
}

void measure_free(struct measure *m)
{
	if (!m)
		return;
	if (m->helpers)
		g_ptr_array_free(m->helpers, TRUE);
	g_object_unref(m->ctx);
	if (!m->helper)
		hyph_free(m->hyph);
	g_hash_table_destroy(m->notes);
	g_hash_table_destroy(m->fonts);
	g_hash_table_destroy(m->measured);
	unref(m->marker);
	free(m);
}

static PangoFontDescription *font_for(const struct measure *m,
                                      const struct layout_style *s)
{
	const struct theme *t = m->theme;
	const char *family = s->face == LAYOUT_HEADING ? t->heading_font
	                     : s->face == LAYOUT_MONO  ? t->mono_font
	                                               : t->body_font;
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_size(fd, s->size);
	pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD
	                                              : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, s->italic ? PANGO_STYLE_ITALIC
	                                               : PANGO_STYLE_NORMAL);
	return fd;
}

static PangoLayout *new_layout(const struct measure *m,
                               const struct layout_style *s, int width)
{
	PangoLayout *l = pango_layout_new(m->ctx);
	PangoFontDescription *fd = font_for(m, s);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, width);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_justify(l, s->justify);
	pango_layout_set_alignment(l, s->align);
	pango_layout_set_indent(l, s->first_indent);
	return l;
}

int measure_width(PangoLayout *layout)
{
	PangoRectangle log;
	pango_layout_get_extents(layout, NULL, &log);
	return log.width;
}

/* ------------------------------------------------------------ inlines */

/* A link (or a footnote call) over bytes [start, end) of the text. */
struct span {
	size_t start, end;
	const char *dest, *uri;
};

struct note_call {
	size_t index; /* byte in the text */
	size_t note;  /* index in lay->notes */
};

/* An inline leaf of the tree whose text begins at byte start. */
struct run {
	size_t start;
	const struct doc_node *node;
};

/* The text of one block with its attributes, links and note calls. */
struct inl {
	struct measure *m;
	GString *text;
	PangoAttrList *attrs;
	GArray *spans;     /* struct span */
	GArray *calls;     /* struct note_call */
	GArray *anchors;   /* struct span: ids inside the text (dest, start) */
	GArray *hyph_runs; /* struct justify_run: text that may be hyphenated */
	GArray *breaks;    /* size_t: where URLs may break */
	GArray *runs;      /* struct run, in text order */
	bool hyphenate, italic;
	unsigned link_color;
	int size; /* the block's text size */
};

static void inl_init(struct inl *in, struct measure *m,
                     const struct layout_style *s)
{
	memset(in, 0, sizeof *in);
	in->m = m;
	in->text = g_string_new(NULL);
	in->attrs = pango_attr_list_new();
	in->spans = g_array_new(FALSE, TRUE, sizeof(struct span));
	in->calls = g_array_new(FALSE, TRUE, sizeof(struct note_call));
	in->hyph_runs = g_array_new(FALSE, TRUE, sizeof(struct justify_run));
	in->breaks = g_array_new(FALSE, TRUE, sizeof(size_t));
	in->anchors = g_array_new(FALSE, TRUE, sizeof(struct span));
	in->runs = g_array_new(FALSE, FALSE, sizeof(struct run));
	in->hyphenate = s->hyphenate && m->hyph;
	in->italic = s->italic;
	in->link_color = layout_color(m->theme->accent_color);
	in->size = s->size;
}

/* A smaller inline size (note calls, code): scale of the block's size,
 * but never under the theme's floor. */
static double inline_scale(const struct inl *in, double scale)
{
	double floor = in->m->theme->min_size * PANGO_SCALE;
	return in->size > 0 ? MAX(scale, MIN(1.0, floor / in->size)) : scale;
}

static void inl_free(struct inl *in)
{
	g_string_free(in->text, TRUE);
	pango_attr_list_unref(in->attrs);
	g_array_free(in->spans, TRUE);
	g_array_free(in->calls, TRUE);
	g_array_free(in->hyph_runs, TRUE);
	g_array_free(in->breaks, TRUE);
	g_array_free(in->anchors, TRUE);
	g_array_free(in->runs, TRUE);
}

/* From here on the text comes from n (a leaf, or a link showing a page
 * label). */
static void add_run(struct inl *in, const struct doc_node *n)
{
	struct run r = {in->text->len, n};
	g_array_append_val(in->runs, r);
}

static void add_attr(struct inl *in, PangoAttribute *a, size_t start)
{
	a->start_index = (guint)start;
	a->end_index = (guint)in->text->len;
	pango_attr_list_insert(in->attrs, a);
}

static void put_inline(struct inl *in, const struct doc_node *n);

static void put_children(struct inl *in, const struct doc_node *n)
{
	for (const struct doc_node *c = n->first; c; c = c->next)
		put_inline(in, c);
}

static const char *link_dest(const struct doc_node *n)
{
	const struct doc_node *t = n->u.link.target;
	if (!t)
		return NULL;
	if (t->id)
		return t->id;
	t = doc_node_chapter(t);
	return t ? t->id : NULL;
}

/* A web address may break after a slash (not in "//"), as LaTeX's url
 * package lets it; never with a hyphen. */
static void url_breaks(struct inl *in, size_t start)
{
	const char *s = in->text->str;
	size_t end = in->text->len;
	if (!g_strstr_len(s + start, (gssize)(end - start), "://") &&
	    !g_str_has_prefix(s + start, "www."))
		return;
	for (size_t i = start + 1; i + 1 < end; i++) {
		if (s[i - 1] == '/' && s[i] != '/')
			g_array_append_val(in->breaks, i);
	}
}

/* A bibliography entry's link back to a citation shows the page of the
 * citation once pagination has told (measure_set_page_labels): "↑ 12"
 * for the lone "↑" link, "12" for the "a", "b" links that follow an "↑". */
static bool put_page_label(struct inl *in, const struct doc_node *n)
{
	const struct doc_node *t = n->u.link.target;
	GHashTable *labels = in->m->page_labels;
	const char *label = labels && t && t->kind == DOC_CITATION && t->id
	                        ? g_hash_table_lookup(labels, t->id)
	                        : NULL;
	if (!label)
		return false;
	add_run(in, n);
	const struct doc_node *c = n->first;
	if (c && c->kind == DOC_TEXT && !strcmp(c->u.literal.text, "↑"))
		g_string_append(in->text, "↑ ");
	g_string_append(in->text, label);
	return true;
}

static void put_link(struct inl *in, const struct doc_node *n)
{
	size_t start = in->text->len;
	bool hyphenate = in->hyphenate;
	in->hyphenate = hyphenate && !g_str_has_prefix(n->u.link.url, "http") &&
	                !g_str_has_prefix(n->u.link.url, "mailto:");
	if (!put_page_label(in, n))
		put_children(in, n);
	in->hyphenate = hyphenate;
	url_breaks(in, start);
	struct span sp = {start, in->text->len, link_dest(n), NULL};
	if (!sp.dest && !n->u.link.target)
		sp.uri = n->u.link.url;
	if (sp.end > sp.start && (sp.dest || sp.uri)) {
		g_array_append_val(in->spans, sp);
		unsigned c = in->link_color;
		add_attr(
		    in,
		    pango_attr_foreground_new((guint16)((c >> 16) * 257),
		                              (guint16)((c >> 8 & 255) * 257),
		                              (guint16)((c & 255) * 257)),
		    start);
		if (in->m->theme->link_underline)
			add_attr(
			    in,
			    pango_attr_underline_new(PANGO_UNDERLINE_SINGLE),
			    start);
	}
}

static void put_note_ref(struct inl *in, const struct doc_node *n)
{
	const struct doc_node *note = n->u.note.note;
	gpointer v = note ? g_hash_table_lookup(in->m->notes, note) : NULL;
	size_t start = in->text->len;
	if (n->id) { /* the note's number links back here */
		struct span a = {start, start, n->id, NULL};
		g_array_append_val(in->anchors, a);
	}
	g_string_append_printf(in->text, "%u", n->u.note.number);
	add_attr(
	    in,
	    pango_attr_rise_new(in->m->theme->body_size * 0.35 * PANGO_SCALE),
	    start);
	add_attr(in, pango_attr_scale_new(inline_scale(in, 0.7)), start);
	if (!v)
		return;
	struct note_call call = {start, (size_t)GPOINTER_TO_SIZE(v) - 1};
	g_array_append_val(in->calls, call);
	struct span sp = {start, in->text->len, note->id, NULL};
	if (sp.dest)
		g_array_append_val(in->spans, sp);
}

static void put_text(struct inl *in, const char *text)
{
	struct justify_run r = {in->text->len, strlen(text)};
	if (in->hyphenate && r.len)
		g_array_append_val(in->hyph_runs, r);
	g_string_append(in->text, text);
}

static void put_code(struct inl *in, const struct doc_node *n)
{
	size_t start = in->text->len;
	g_string_append(in->text, n->u.literal.text);
	add_attr(in, pango_attr_family_new(in->m->theme->mono_font), start);
	add_attr(in, pango_attr_scale_new(inline_scale(in, 0.88)), start);
}

static void put_inline(struct inl *in, const struct doc_node *n)
{
	size_t start = in->text->len;
	if (doc_kind_is_leaf(n->kind))
		add_run(in, n);
	switch (n->kind) {
	case DOC_TEXT: put_text(in, n->u.literal.text); break;
	case DOC_SOFTBREAK: g_string_append_c(in->text, ' '); break;
	case DOC_LINEBREAK: g_string_append(in->text, "\xE2\x80\xA8"); break;
	case DOC_CODE: put_code(in, n); break;
	case DOC_EMPH:
		put_children(in, n);
		if (in->m->theme->emphasis_bold)
			add_attr(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD),
			         start);
		else
			add_attr(in,
			         pango_attr_style_new(in->italic
			                                  ? PANGO_STYLE_NORMAL
			                                  : PANGO_STYLE_ITALIC),
			         start);
		break;
	case DOC_STRONG:
		put_children(in, n);
		add_attr(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start);
		break;
	case DOC_STRIKE:
		put_children(in, n);
		add_attr(in, pango_attr_strikethrough_new(TRUE), start);
		break;
	case DOC_LINK: put_link(in, n); break;
	case DOC_IMAGE: put_children(in, n); break;
	case DOC_CITATION: /* the cite pass wrote what to show */
		if (n->id) {
			struct span a = {start, start, n->id, NULL};
			g_array_append_val(in->anchors, a);
		}
		put_children(in, n);
		break;
	case DOC_NOTE_REF: put_note_ref(in, n); break;
	default: /* raw HTML, citations: not printed */ break;
	}
}

/* -------------------------------------------------------------- boxes */

static void apply_style(const struct measure *m, struct box *b,
                        const struct layout_style *s)
{
	b->chapter = m->chapter;
	b->x = s->indent_left;
	b->width = m->width - s->indent_left - s->indent_right;
	if (b->width < m->width / 3) { /* deep nesting: keep a column */
		b->width = m->width / 3;
		b->x = MIN(b->x, m->width - b->width);
	}
	b->space_before = s->space_before;
	b->space_after = s->space_after;
	b->keep_with_next = s->keep_with_next;
	b->keep_together = s->keep_together;
	b->break_before = s->break_before;
	b->min_lines = s->min_lines;
	b->color = s->color;
	b->bar = s->bar;
	b->bar_x = s->indent_left - m->theme->body_size * PANGO_SCALE;
}

/* The chapter's first box opens a page and carries its anchor; an item's
 * first box carries its marker. */
static void claim_pending(struct measure *m, struct box *b)
{
	if (m->chapter_id) {
		b->break_before = true;
		b->dest[1] = m->chapter_id;
		m->chapter_id = NULL;
	}
	if (m->marker) {
		b->marker = m->marker;
		b->marker_x = b->x - m->theme->body_size * PANGO_SCALE / 2 -
		              measure_width(m->marker);
		m->marker = NULL;
	}
}

static int text_width(struct measure *m, const PangoFontDescription *fd,
                      const char *text)
{
	PangoLayout *l = pango_layout_new(m->ctx);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, text, -1);
	int w = measure_width(l);
	g_object_unref(l);
	return w;
}

static const struct font_info *font_info(struct measure *m,
                                         const struct layout_style *s)
{
	PangoFontDescription *fd = font_for(m, s);
	struct font_info *fi = g_hash_table_lookup(m->fonts, fd);
	if (fi) {
		pango_font_description_free(fd);
		return fi;
	}
	fi = xcalloc(1, sizeof *fi);
	PangoFontMetrics *fm = pango_context_get_metrics(m->ctx, fd, NULL);
	fi->ascent = pango_font_metrics_get_ascent(fm);
	fi->descent = pango_font_metrics_get_descent(fm);
	pango_font_metrics_unref(fm);
	fi->hyphen_w = text_width(m, fd, "-");
	fi->space_w = text_width(m, fd, " ");
	g_hash_table_insert(m->fonts, fd, fi);
	return fi;
}

static void take_lines(struct measure *m, struct box *b,
                       const struct layout_style *s)
{
	const struct font_info *fi = font_info(m, s);
	int asc = fi->ascent, desc = fi->descent;
	int lh = s->line_height;
	int std_base = (lh - asc - desc) / 2 + asc;

	b->n_lines = (size_t)pango_layout_get_line_count(b->layout);
	b->lines = xcalloc(b->n_lines, sizeof *b->lines);
	PangoLayoutIter *it = pango_layout_get_iter(b->layout);
	size_t i = 0;
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		int base = pango_layout_iter_get_baseline(it) - log.y;
		struct box_line *ln = &b->lines[i++];
		ln->baseline = MAX(std_base, base);
		ln->height = MAX(lh, ln->baseline + log.height - base +
		                         (lh - std_base - desc));
		ln->x = log.x;
	} while (i < b->n_lines && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* One clickable rectangle per line the span covers. */
static void take_span(struct box *b, const struct span *sp)
{
	GSList *l = pango_layout_get_lines_readonly(b->layout);
	for (size_t i = 0; l; l = l->next, i++) {
		PangoLayoutLine *line = l->data;
		int ls = line->start_index, le = ls + line->length;
		int s = MAX(ls, (int)sp->start), e = MIN(le, (int)sp->end);
		if (s >= e)
			continue;
		int *ranges = NULL, n = 0;
		pango_layout_line_get_x_ranges(line, s, e, &ranges, &n);
		if (n > 0) {
			struct box_link k = {i, ranges[0],
			                     ranges[2 * n - 1] - ranges[0],
			                     sp->dest, sp->uri};
			g_array_append_val(b->links, k);
		}
		g_free(ranges);
	}
}

/* The line of b that holds byte index, and its x there. */
static size_t line_of(const struct box *b, GArray *starts, int index, int *x)
{
	size_t lo = 0, hi = starts->len;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (g_array_index(starts, int, mid) <= index)
			lo = mid;
		else
			hi = mid;
	}
	PangoLayoutLine *l = pango_layout_get_line_readonly(b->layout, (int)lo);
	pango_layout_line_index_to_x(l, index, FALSE, x);
	*x += b->lines[lo].x;
	return lo;
}

static GArray *line_starts(const struct box *b)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(int));
	for (GSList *l = pango_layout_get_lines_readonly(b->layout); l;
	     l = l->next)
		g_array_append_val(a,
		                   ((PangoLayoutLine *)l->data)->start_index);
	return a;
}

static void take_anchors(struct box *b, const struct inl *in)
{
	if (!in->anchors->len)
		return;
	b->anchors = g_array_new(FALSE, TRUE, sizeof(struct box_link));
	GArray *starts = line_starts(b);
	for (size_t i = 0; i < in->anchors->len; i++) {
		const struct span *a =
		    &g_array_index(in->anchors, struct span, i);
		int x = 0;
		size_t line = line_of(b, starts, (int)a->start, &x);
		struct box_link k = {line, x, 0, a->dest, NULL};
		g_array_append_val(b->anchors, k);
	}
	g_array_free(starts, TRUE);
}

static void take_links(struct box *b, const struct inl *in)
{
	take_anchors(b, in);
	if (in->spans->len) {
		b->links = g_array_new(FALSE, TRUE, sizeof(struct box_link));
		for (size_t i = 0; i < in->spans->len; i++)
			take_span(b, &g_array_index(in->spans, struct span, i));
	}
	if (!in->calls->len)
		return;
	b->note_refs = g_array_new(FALSE, TRUE, sizeof(struct box_note_ref));
	GArray *starts = line_starts(b);
	for (size_t i = 0; i < in->calls->len; i++) {
		const struct note_call *c =
		    &g_array_index(in->calls, struct note_call, i);
		int x;
		struct box_note_ref r = {line_of(b, starts, (int)c->index, &x),
		                         c->note};
		g_array_append_val(b->note_refs, r);
	}
	g_array_free(starts, TRUE);
}

/* The run of in holding byte pos of its text (the last one starting
 * there), or NULL. */
static const struct run *run_at(const struct inl *in, size_t pos)
{
	size_t lo = 0, hi = in->runs->len; /* runs starting <= pos: [0, lo) */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g_array_index(in->runs, struct run, mid).start <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &g_array_index(in->runs, struct run, lo - 1) : NULL;
}

/* Where each line after the first begins in the tree.  starts holds the
 * lines' first bytes in the text as measured, before the breaks went in
 * (justify.c); when it is empty, pango chose the breaks in that text. */
static void take_line_starts(struct box *b, const struct inl *in,
                             const GArray *starts)
{
	GSList *l = pango_layout_get_lines_readonly(b->layout);
	for (size_t i = 0; l && i < b->n_lines; l = l->next, i++) {
		size_t pos =
		    starts->len
		        ? g_array_index(starts, size_t, MIN(i, starts->len - 1))
		        : (size_t)((PangoLayoutLine *)l->data)->start_index;
		const struct run *r = i ? run_at(in, pos) : NULL;
		if (!r)
			continue;
		enum doc_kind k = r->node->kind;
		b->lines[i].node = r->node;
		if (k == DOC_TEXT || k == DOC_CODE || k == DOC_CODE_BLOCK)
			b->lines[i].offset = pos - r->start;
	}
}

/* Chooses the line breaks of the text in in as a whole (justify.c); the
 * spans and note calls move with the text. */
static void break_lines(struct measure *m, const struct layout_style *s,
                        int width, struct inl *in, GArray *starts)
{
	size_t n = 2 * in->spans->len + in->calls->len + in->anchors->len;
	size_t k = 0;
	size_t **idx = xcalloc(n ? n : 1, sizeof *idx);
	for (size_t i = 0; i < in->spans->len; i++) {
		struct span *sp = &g_array_index(in->spans, struct span, i);
		idx[k++] = &sp->start;
		idx[k++] = &sp->end;
	}
	for (size_t i = 0; i < in->calls->len; i++)
		idx[k++] = &g_array_index(in->calls, struct note_call, i).index;
	for (size_t i = 0; i < in->anchors->len; i++)
		idx[k++] = &g_array_index(in->anchors, struct span, i).start;
	const struct font_info *fi = font_info(m, s);
	struct justify_text t = {.text = in->text,
	                         .attrs = in->attrs,
	                         .hyph = m->hyph,
	                         .runs = in->hyph_runs,
	                         .breaks = in->breaks,
	                         .indices = idx,
	                         .n_indices = n,
	                         .starts = starts,
	                         .hyphen_w = fi->hyphen_w,
	                         .space_w = fi->space_w};
	PangoFontDescription *fd = font_for(m, s);
	justify_paragraph(m->ctx, fd, &t, width, s->first_indent, s->justify);
	in->attrs = t.attrs; /* rebuilt with the breaks */
	pango_font_description_free(fd);
	free(idx);
}

/* Pango shapes a run of text as one item whose width is an int: a run of
 * a megabyte overflows it and pango then sets it all on one line.  An
 * attribute that changes nothing, every few kilobytes, cuts the runs. */
static void split_items(struct inl *in)
{
	const char *s = in->text->str;
	size_t start = 0;
	while (start < in->text->len) {
		size_t end = MIN(start + 4096, in->text->len);
		while (end < in->text->len &&
		       ((unsigned char)s[end] & 0xC0) == 0x80)
			end++;
		PangoAttribute *a = pango_attr_letter_spacing_new(0);
		a->start_index = (guint)start;
		a->end_index = (guint)end;
		pango_attr_list_insert(in->attrs, a); /* change() would merge */
		start = end;
	}
}

/* Pango gives half of a letter spacing before each glyph (x_offset): on
 * a word space that moves an invisible glyph off the end of the word
 * before it, and the PDF then needs two position changes per space, one
 * before it and one after.  Drawn where that word ends, the space costs
 * one; the glyphs after it keep their places.  The read-only lines, though
 * pango_layout_get_lines() is the way to change glyphs: it stops pango
 * caching the lines' extents, and recomputing them cost more than the
 * numbers saved.  No extent depends on what changes here (logical ones
 * add widths, ink ones skip glyphs without ink, like a space), so what
 * pango has cached or will cache stays true. */
static void spaces_in_place(PangoLayout *l)
{
	const char *text = pango_layout_get_text(l);
	for (GSList *ln = pango_layout_get_lines_readonly(l); ln; ln = ln->next)
		for (GSList *r = ((PangoLayoutLine *)ln->data)->runs; r;
		     r = r->next) {
			const PangoGlyphItem *run = r->data;
			PangoGlyphString *g = run->glyphs;
			for (int i = 0; i < g->num_glyphs; i++)
				if (text[run->item->offset +
				         g->log_clusters[i]] == ' ')
					g->glyphs[i].geometry.x_offset = 0;
		}
}

/* Lays out the text of in as b's lines, links and note calls. */
static void lay_text(struct measure *m, struct box *b, const struct doc_node *n,
                     const struct layout_style *s, struct inl *in)
{
	/* running text: our breaks; headings, code, captions: pango's, and
	 * so are paragraphs too long to measure on one line (pango's
	 * coordinates are ints: 1 MB of text on one line overflows them) */
	bool own_breaks = s->align == PANGO_ALIGN_LEFT && n &&
	                  n->kind != DOC_HEADING && n->kind != DOC_CODE_BLOCK &&
	                  in->text->len && in->text->len <= OWN_BREAKS_MAX;
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(size_t));
	if (own_breaks)
		break_lines(m, s, b->width, in, starts);
	b->layout = new_layout(m, s, own_breaks ? -1 : b->width);
	if (own_breaks)
		pango_layout_set_justify(b->layout, FALSE);
	if (in->text->len > OWN_BREAKS_MAX)
		split_items(in);
	pango_layout_set_text(b->layout, in->text->str, (int)in->text->len);
	pango_layout_set_attributes(b->layout, in->attrs);
	if (own_breaks && s->justify)
		spaces_in_place(b->layout);
	take_lines(m, b, s);
	take_links(b, in);
	take_line_starts(b, in, starts);
	g_array_free(starts, TRUE);
}

/* What the box about to be made from in (styled s, width wide) depends
 * on; the caller owns it (measured_free()). */
static struct measured *measured_new(const struct inl *in,
                                     const struct layout_style *s, int width)
{
	struct measured *c = xcalloc(1, sizeof *c);
	c->key = (struct text_key){s->face,    s->size,         s->line_height,
	                           s->bold,    s->italic,       s->align,
	                           s->justify, s->first_indent, width};
	c->text = g_string_new_len(in->text->str, (gssize)in->text->len);
	c->spans = g_array_copy(in->spans);
	c->calls = g_array_copy(in->calls);
	c->marks = g_array_copy(in->anchors);
	return c;
}

/* Arrays of plain structs without padding: equal when their bytes are. */
static bool same_array(const GArray *a, const GArray *b)
{
	size_t size = g_array_get_element_size((GArray *)a);
	return a->len == b->len &&
	       (!a->len || !memcmp(a->data, b->data, a->len * size));
}

static bool measured_same(const struct measured *a, const struct measured *b)
{
	return !memcmp(&a->key, &b->key, sizeof a->key) &&
	       g_string_equal(a->text, b->text) &&
	       same_array(a->spans, b->spans) &&
	       same_array(a->calls, b->calls) && same_array(a->marks, b->marks);
}

/* Keeps what measure made of b in c. */
static void measured_keep(struct measured *c, const struct box *b)
{
	c->layout = g_object_ref(b->layout);
	c->n_lines = b->n_lines;
	c->lines = lines_copy(b->lines, b->n_lines);
	c->links = array_copy(b->links);
	c->anchors = array_copy(b->anchors);
	c->note_refs = array_copy(b->note_refs);
}

/* Gives b the lines kept in c. */
static void measured_take(struct box *b, const struct measured *c)
{
	b->layout = g_object_ref(c->layout);
	b->n_lines = c->n_lines;
	b->lines = lines_copy(c->lines, c->n_lines);
	b->links = array_copy(c->links);
	b->anchors = array_copy(c->anchors);
	b->note_refs = array_copy(c->note_refs);
}

/* A text box for the inline text in in, styled s, appended to boxes. */
static struct box *text_box(struct measure *m, GArray *boxes,
                            const struct doc_node *n,
                            const struct layout_style *s, struct inl *in,
                            const char *tag)
{
	struct box *b = layout_box_add(boxes, BOX_TEXT);
	apply_style(m, b, s);
	b->node = n;
	b->tag = tag;
	b->dest[0] = n ? n->id : NULL;
	/* trailing spaces and breaks would make an empty last line */
	while (in->text->len && (in->text->str[in->text->len - 1] == ' ' ||
	                         in->text->str[in->text->len - 1] == '\n'))
		g_string_truncate(in->text, in->text->len - 1);
	struct measured *made =
	    n && m->keep_blocks ? measured_new(in, s, b->width) : NULL;
	struct measured *old = n ? g_hash_table_lookup(m->measured, n) : NULL;
	if (old && measured_same(old, made)) {
		measured_free(made);
		measured_take(b, old);
	} else {
		lay_text(m, b, n, s, in);
		if (made) {
			measured_keep(made, b);
			g_hash_table_replace(m->measured, (gpointer)n, made);
		}
	}
	claim_pending(m, b);
	return b;
}

/* ------------------------------------------------------------- tables */

static PangoLayout *cell_layout(struct measure *m, const struct doc_node *cell,
                                const struct layout_style *s,
                                enum doc_align align)
{
	struct inl in;
	inl_init(&in, m, s);
	put_children(&in, cell);
	PangoLayout *l = new_layout(m, s, -1);
	pango_layout_set_text(l, in.text->str, (int)in.text->len);
	pango_layout_set_attributes(l, in.attrs);
	pango_layout_set_alignment(
	    l, align == DOC_ALIGN_RIGHT    ? PANGO_ALIGN_RIGHT
	       : align == DOC_ALIGN_CENTER ? PANGO_ALIGN_CENTER
	                                   : PANGO_ALIGN_LEFT);
	inl_free(&in);
	return l;
}

/* The widest piece of a cell that cannot be broken: from one line-break
 * opportunity to the next, measured on the unwrapped layout. */
static int min_width(PangoLayout *l)
{
	int n = 0;
	const PangoLogAttr *a = pango_layout_get_log_attrs_readonly(l, &n);
	const char *text = pango_layout_get_text(l), *p = text;
	int widest = 0, from = 0; /* byte where the current piece starts */
	for (int i = 1; i < n; i++) {
		p = g_utf8_next_char(p);
		if (!a[i].is_line_break && i < n - 1)
			continue;
		int to = (int)(p - text);
		PangoRectangle r0, r1;
		pango_layout_index_to_pos(l, from, &r0);
		pango_layout_index_to_pos(l, to, &r1);
		if (r0.y == r1.y) /* a piece ends where an explicit line ends */
			widest = MAX(widest, ABS(r1.x - r0.x));
		from = to;
	}
	return widest;
}

/* Column widths, as browsers lay out tables: when the natural widths fit
 * they are stretched to fill avail; when they do not, every column first
 * gets its widest unbreakable piece (a long word is never split letter
 * by letter because a neighbour is long), and the room left is shared in
 * proportion to how much more each column would like. */
static void column_widths(PangoLayout **cells, size_t nrows, size_t ncols,
                          int avail, int pad, int *w)
{
	int *lo = xcalloc(ncols, sizeof *lo);
	double total = 0, total_lo = 0;
	for (size_t c = 0; c < ncols; c++) {
		w[c] = lo[c] = 2 * pad;
		for (size_t r = 0; r < nrows; r++) {
			PangoLayout *l = cells[r * ncols + c];
			if (!l)
				continue;
			w[c] = MAX(w[c], measure_width(l) + 2 * pad);
			lo[c] = MAX(lo[c], min_width(l) + 2 * pad);
		}
		total += w[c];
		total_lo += lo[c];
	}
	int used = 0;
	for (size_t c = 0; c < ncols; c++) {
		if (total <= avail || total_lo >= avail)
			w[c] = (int)(w[c] * (avail / total));
		else
			w[c] = lo[c] +
			       (int)((w[c] - lo[c]) *
			             ((avail - total_lo) / (total - total_lo)));
		used += w[c];
	}
	w[ncols - 1] += avail - used;
	free(lo);
}

static void put_row(struct measure *m, GArray *boxes,
                    const struct doc_node *row, PangoLayout **cells,
                    const int *w, size_t ncols, int pad)
{
	struct layout_style s;
	layout_style_block(m->theme, row, &s);
	struct box *b = layout_box_add(boxes, BOX_ROW);
	apply_style(m, b, &s);
	b->space_before = b->space_after = 0;
	b->node = row;
	b->tag = "TR";
	b->header_row = row->u.table.header;
	b->cells = xcalloc(ncols, sizeof *b->cells);
	b->n_cells = ncols;
	int x = 0, height = 0;
	for (size_t c = 0; c < ncols; c++) {
		b->cells[c].layout = cells[c];
		b->cells[c].x = x + pad;
		b->cells[c].header = b->header_row;
		x += w[c];
		if (!cells[c])
			continue;
		pango_layout_set_width(cells[c], w[c] - 2 * pad);
		PangoRectangle log;
		pango_layout_get_extents(cells[c], NULL, &log);
		height = MAX(height, log.height);
	}
	b->n_lines = 1;
	b->lines = xcalloc(1, sizeof *b->lines);
	b->lines[0].height = height + pad;
	b->lines[0].baseline = pad / 2;
	b->keep_together = true;
	claim_pending(m, b);
}

static void measure_table(struct measure *m, GArray *boxes,
                          const struct doc_node *table)
{
	size_t ncols = table->u.table.ncols, nrows = 0;
	for (const struct doc_node *r = table->first; r; r = r->next)
		nrows++;
	if (!ncols || !nrows)
		return;
	PangoLayout **cells = xcalloc(nrows * ncols, sizeof *cells);
	size_t r = 0;
	for (const struct doc_node *row = table->first; row;
	     row = row->next, r++) {
		size_t c = 0;
		for (const struct doc_node *cell = row->first;
		     cell && c < ncols; cell = cell->next, c++) {
			struct layout_style s;
			layout_style_block(m->theme, cell, &s);
			s.bold = row->u.table.header;
			cells[r * ncols + c] = cell_layout(
			    m, cell, &s,
			    table->u.table.align ? table->u.table.align[c]
			                         : DOC_ALIGN_NONE);
		}
	}
	struct layout_style ts;
	layout_style_block(m->theme, table, &ts);
	int pad = m->theme->body_size * PANGO_SCALE / 3;
	int *w = xcalloc(ncols, sizeof *w);
	column_widths(cells, nrows, ncols,
	              m->width - ts.indent_left - ts.indent_right, pad, w);
	size_t first = boxes->len, header = SIZE_MAX;
	r = 0;
	for (const struct doc_node *row = table->first; row;
	     row = row->next, r++) {
		if (row->u.table.header && header == SIZE_MAX)
			header = boxes->len;
		put_row(m, boxes, row, cells + r * ncols, w, ncols, pad);
	}
	free(w);
	free(cells);
	struct box *top = &g_array_index(boxes, struct box, first);
	struct box *end = &g_array_index(boxes, struct box, boxes->len - 1);
	top->space_before = ts.space_before;
	top->rule_above = true;
	end->space_after = ts.space_after;
	end->rule_below = true;
	for (size_t i = first; i < boxes->len; i++) {
		struct box *b = &g_array_index(boxes, struct box, i);
		b->header_box = header;
		if (b->header_row) {
			b->rule_below = true;
			b->keep_with_next = true;
		}
	}
}

/* ------------------------------------------------------------- blocks */

static void put_block(struct measure *m, struct layout *lay,
                      const struct doc_node *n);

static const char *heading_tag(int level)
{
	static const char *const tags[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
	return tags[CLAMP(level, 1, 6) - 1];
}

static void put_text_block(struct measure *m, struct layout *lay,
                           const struct doc_node *n)
{
	struct layout_style s;
	struct inl in;
	layout_style_block(m->theme, n, &s);
	if (n->kind == DOC_HEADING)
		s.hyphenate = false;
	inl_init(&in, m, &s);
	put_children(&in, n);
	text_box(m, lay->boxes, n, &s, &in,
	         n->kind == DOC_HEADING ? heading_tag(n->u.heading.level)
	                                : "P");
	inl_free(&in);
}

static void put_code_block(struct measure *m, struct layout *lay,
                           const struct doc_node *n)
{
	struct layout_style s;
	struct inl in;
	layout_style_block(m->theme, n, &s);
	inl_init(&in, m, &s);
	add_run(&in, n);
	g_string_append(in.text, n->u.literal.text);
	text_box(m, lay->boxes, n, &s, &in, "Code");
	inl_free(&in);
}

static void put_rule(struct measure *m, struct layout *lay,
                     const struct doc_node *n)
{
	struct layout_style s;
	layout_style_block(m->theme, n, &s);
	struct box *b = layout_box_add(lay->boxes, BOX_RULE);
	apply_style(m, b, &s);
	b->node = n;
	b->n_lines = 1;
	b->lines = xcalloc(1, sizeof *b->lines);
	b->lines[0].height = s.line_height / 2;
	b->keep_together = true;
	b->keep_with_next = true; /* never the last thing on a page */
	claim_pending(m, b);
}

static const char *bullet_for(const struct doc_node *list)
{
	unsigned depth = 0;
	for (const struct doc_node *a = list->parent; a; a = a->parent)
		depth += a->kind == DOC_LIST;
	static const char *const bullets[] = {"\xE2\x80\xA2", "\xE2\x80\x93",
	                                      "\xE2\x97\xA6"};
	return bullets[depth % 3];
}

static void put_list(struct measure *m, struct layout *lay,
                     const struct doc_node *n)
{
	int number = n->u.list.start;
	for (const struct doc_node *item = n->first; item; item = item->next) {
		struct layout_style s;
		layout_style_block(m->theme, item, &s);
		char *text = n->u.list.ordered
		                 ? g_strdup_printf("%d.", number++)
		                 : g_strdup(bullet_for(n));
		unref(m->marker);
		m->marker = new_layout(m, &s, -1);
		pango_layout_set_text(m->marker, text, -1);
		g_free(text);
		for (const struct doc_node *c = item->first; c; c = c->next)
			put_block(m, lay, c);
		unref(m->marker); /* an empty item */
		m->marker = NULL;
	}
}

/* A figure: the image scaled to fit the text area, then its caption. */
static void put_figure(struct measure *m, struct layout *lay,
                       const struct doc_node *para, const struct doc_node *img)
{
	struct layout_style s;
	layout_style_block(m->theme, para, &s);
	double w = img->u.image.width * 0.75 * PANGO_SCALE; /* 96 dpi */
	double h = img->u.image.height * 0.75 * PANGO_SCALE;
	double avail = m->width - s.indent_left - s.indent_right;
	double scale = MIN(1.0, MIN(avail / w, m->height * 0.75 / h));
	struct box *b = layout_box_add(lay->boxes, BOX_IMAGE);
	apply_style(m, b, &s);
	b->node = img;
	b->tag = "Figure";
	b->width = (int)(w * scale);
	b->x = s.indent_left + (int)((avail - b->width) / 2);
	b->n_lines = 1;
	b->lines = xcalloc(1, sizeof *b->lines);
	b->lines[0].height = (int)(h * scale);
	b->keep_together = true;
	b->image_path = img->u.image.path;
	b->image_type = img->u.image.media_type;
	claim_pending(m, b);
	if (!img->first && !img->u.image.title)
		return;
	b->keep_with_next = true;
	b->space_after = s.space_after / 2;
	struct inl in;
	s.italic = !m->theme->emphasis_bold;
	s.justify = s.hyphenate = false;
	s.align = PANGO_ALIGN_CENTER;
	s.size =
	    MAX(s.size * 9 / 10, (int)(m->theme->min_size * PANGO_SCALE + 0.5));
	inl_init(&in, m, &s);
	if (img->u.image.title)
		g_string_append(in.text, img->u.image.title);
	else
		put_children(&in, img);
	text_box(m, lay->boxes, img, &s, &in, "Caption");
	inl_free(&in);
}

const struct doc_node *layout_figure_image(const struct doc_node *para)
{
	const struct doc_node *img = NULL;
	for (const struct doc_node *c = para->first; c; c = c->next) {
		if (c->kind == DOC_IMAGE && !img)
			img = c;
		else if (c->kind != DOC_SOFTBREAK &&
		         !(c->kind == DOC_TEXT &&
		           strspn(c->u.literal.text, " \t") ==
		               strlen(c->u.literal.text)))
			return NULL;
	}
	return img && img->u.image.path && img->u.image.width &&
	               img->u.image.height
	           ? img
	           : NULL;
}

static void put_block(struct measure *m, struct layout *lay,
                      const struct doc_node *n)
{
	const struct doc_node *img;
	switch (n->kind) {
	case DOC_PARAGRAPH:
		if ((img = layout_figure_image(n)))
			put_figure(m, lay, n, img);
		else
			put_text_block(m, lay, n);
		break;
	case DOC_HEADING: put_text_block(m, lay, n); break;
	case DOC_BLOCKQUOTE:
	case DOC_ITEM:
	case DOC_BIBLIOGRAPHY:
		for (const struct doc_node *c = n->first; c; c = c->next)
			put_block(m, lay, c);
		break;
	case DOC_LIST: put_list(m, lay, n); break;
	case DOC_CODE_BLOCK: put_code_block(m, lay, n); break;
	case DOC_THEMATIC_BREAK: put_rule(m, lay, n); break;
	case DOC_TABLE: measure_table(m, lay->boxes, n); break;
	default: /* notes are measured first; raw HTML is not printed */ break;
	}
}

/* ------------------------------------------------------------- notes */

/* A footnote: its number (linking back to the first call), then its
 * paragraphs. */
static void put_note(struct measure *m, struct layout *lay,
                     const struct doc_node *note)
{
	struct layout_style s;
	struct inl in;
	layout_style_block(m->theme, note->first ? note->first : note, &s);
	inl_init(&in, m, &s);
	g_string_append_printf(in.text, "%u\xC2\xA0", note->u.note.number);
	const struct doc_node *ref = note->u.note.first_ref;
	if (ref && ref->id) {
		struct span sp = {0, in.text->len - 2, ref->id, NULL};
		g_array_append_val(in.spans, sp);
	}
	for (const struct doc_node *p = note->first; p; p = p->next) {
		if (p != note->first)
			g_string_append(in.text, "\xE2\x80\xA9");
		put_children(&in, p);
	}
	PangoLayout *marker = m->marker;
	const char *chapter_id = m->chapter_id;
	m->marker = NULL;
	m->chapter_id = NULL;
	text_box(m, lay->notes, note, &s, &in, "Note");
	m->marker = marker;
	m->chapter_id = chapter_id;
	inl_free(&in);
	g_hash_table_insert(m->notes, (gpointer)note,
	                    GSIZE_TO_POINTER(lay->notes->len));
}

static void put_chapter(struct measure *m, struct layout *lay,
                        const struct doc_node *ch)
{
	m->chapter = ch->u.chapter.number;
	for (const struct doc_node *c = ch->first; c; c = c->next)
		if (c->kind == DOC_NOTE)
			put_note(m, lay, c);
	m->chapter_id = ch->id;
	size_t before = lay->boxes->len;
	for (const struct doc_node *c = ch->first; c; c = c->next)
		put_block(m, lay, c);
	if (lay->boxes->len > before)
		return;
	/* a chapter with nothing printable still opens a page */
	struct box *b = measure_text(m, lay->boxes, LAYOUT_ROLE_COLOPHON, "");
	b->chapter = m->chapter;
}

void measure_keep_blocks(struct measure *m, bool keep)
{
	m->keep_blocks = keep;
}

void measure_set_page_labels(struct measure *m, GHashTable *labels)
{
	m->page_labels = labels;
}

/* ------------------------------------------------------------ threads */

/*
 * Line breaking does not depend on pagination, so the chapters are cut
 * into runs of about the same amount of text, one per thread: the main
 * thread measures the first run into the book's layout, each helper the
 * next run into a layout of its own, and after the joins those are
 * appended in order.  Which thread measures a chapter changes nothing in
 * its boxes (every measurer has the same fonts, theme and patterns), so
 * the book does not depend on the number of threads or on scheduling.
 */

/* A run of chapters [first, end) measured by m into lay. */
struct share {
	struct measure *m;
	const struct doc_node **chapters;
	size_t first, end;
	struct layout *lay;
	struct diag_log *log; /* a helper's messages, printed after the join */
	GThread *thread;
};

static void put_chapters(struct share *sh)
{
	for (size_t i = sh->first; i < sh->end; i++)
		put_chapter(sh->m, sh->lay, sh->chapters[i]);
	sh->m->chapter = 0;
}

static gpointer run_share(gpointer data)
{
	struct share *sh = data;
	diag_log_begin();
	put_chapters(sh);
	sh->log = diag_log_end();
	return NULL;
}

/* How long a chapter takes to measure, about: its bytes of text, and a
 * little for each block. */
static size_t chapter_weight(const struct doc_node *ch)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	size_t w = 0;
	doc_iter_init(&it, ch);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (n->kind == DOC_TEXT || n->kind == DOC_CODE ||
		    n->kind == DOC_CODE_BLOCK)
			w += strlen(n->u.literal.text);
		else if (!doc_kind_is_leaf(n->kind))
			w += 64;
	}
	return w;
}

/* Cuts the n chapters into shares of about equal weight: share k is
 * [ends[k - 1], ends[k]) (ends[-1] being 0). */
static void cut_shares(const struct doc_node **chapters, size_t n, size_t *ends,
                       size_t n_shares)
{
	size_t *acc = xcalloc(n + 1, sizeof *acc); /* weight of [0, i) */
	for (size_t i = 0; i < n; i++)
		acc[i + 1] = acc[i] + chapter_weight(chapters[i]);
	size_t i = 0;
	for (size_t k = 0; k + 1 < n_shares; k++) {
		double goal =
		    (double)acc[n] * (double)(k + 1) / (double)n_shares;
		while (i < n && acc[i + 1] <= goal)
			i++;
		/* the boundary nearer the goal */
		if (i < n && acc[i + 1] - goal < goal - acc[i])
			i++;
		ends[k] = i;
	}
	ends[n_shares - 1] = n;
	free(acc);
}

/* The indices in the boxes (table headers, note calls) shifted by the
 * number of boxes and footnotes that will come before them. */
static void shift_boxes(GArray *boxes, size_t box0, size_t note0)
{
	for (size_t i = 0; i < boxes->len; i++) {
		struct box *b = &g_array_index(boxes, struct box, i);
		if (b->header_box != SIZE_MAX)
			b->header_box += box0;
		GArray *refs = b->note_refs;
		for (size_t k = 0; refs && k < refs->len; k++) {
			struct box_note_ref *r =
			    &g_array_index(refs, struct box_note_ref, k);
			r->note += note0;
		}
	}
}

/* Moves the boxes and footnotes of from to the end of lay's. */
static void layout_append(struct layout *lay, struct layout *from)
{
	shift_boxes(from->boxes, lay->boxes->len, lay->notes->len);
	shift_boxes(from->notes, lay->boxes->len, lay->notes->len);
	g_array_append_vals(lay->boxes, from->boxes->data, from->boxes->len);
	g_array_append_vals(lay->notes, from->notes->data, from->notes->len);
	g_array_set_size(from->boxes, 0); /* lay owns what they hold now */
	g_array_set_size(from->notes, 0);
	layout_free(from);
}

/* Starts the helpers on their shares; one that cannot start is left for
 * the main thread (thread NULL). */
static void start_shares(struct share *sh, size_t n_shares)
{
	for (size_t k = 1; k < n_shares; k++) {
		if (sh[k].first == sh[k].end)
			continue;
		sh[k].lay = layout_new();
		sh[k].thread =
		    g_thread_try_new("measure", run_share, &sh[k], NULL);
	}
}

/* Waits for the helpers in order, appending their boxes and printing
 * their messages as if the chapters had been measured one after another. */
static void join_shares(struct share *sh, size_t n_shares, struct layout *lay)
{
	for (size_t k = 1; k < n_shares; k++) {
		if (!sh[k].lay)
			continue;
		if (sh[k].thread)
			g_thread_join(sh[k].thread);
		else
			run_share(&sh[k]);
		diag_log_replay(sh[k].log);
		layout_append(lay, sh[k].lay);
	}
}

bool measure_book(struct measure *m, const struct doc *doc, struct layout *lay)
{
	GPtrArray *chapters = g_ptr_array_new();
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		if (ch->kind == DOC_CHAPTER)
			g_ptr_array_add(chapters, (gpointer)ch);
	size_t n_shares = m->helpers->len + 1;
	size_t *ends = xcalloc(n_shares, sizeof *ends);
	struct share *sh = xcalloc(n_shares, sizeof *sh);
	cut_shares((const struct doc_node **)chapters->pdata, chapters->len,
	           ends, n_shares);
	for (size_t k = 0; k < n_shares; k++) {
		sh[k].m = k ? m->helpers->pdata[k - 1] : m;
		sh[k].m->page_labels = m->page_labels;
		sh[k].m->keep_blocks = m->keep_blocks;
		sh[k].chapters = (const struct doc_node **)chapters->pdata;
		sh[k].first = k ? ends[k - 1] : 0;
		sh[k].end = ends[k];
	}
	sh[0].lay = lay;
	start_shares(sh, n_shares);
	put_chapters(&sh[0]);
	join_shares(sh, n_shares, lay);
	free(sh);
	free(ends);
	g_ptr_array_free(chapters, TRUE);
	return true;
}

/* ------------------------------------------------- generated text */

struct box *measure_text(struct measure *m, GArray *boxes,
                         enum layout_role role, const char *text)
{
	struct layout_style s;
	struct inl in;
	layout_style_role(m->theme, role, &s);
	inl_init(&in, m, &s);
	g_string_append(in.text, text);
	bool heading =
	    role == LAYOUT_ROLE_TITLE || role == LAYOUT_ROLE_TOC_HEADING;
	struct box *b = text_box(m, boxes, NULL, &s, &in, heading ? "H1" : "P");
	inl_free(&in);
	return b;
}

/* The hanging indent of a contents entry: the width of its number
 * ("12. ", "IV. "), so the lines after the first line up with the words
 * of the title; one and a half ems when it has none. */
static int toc_hang(const struct measure *m, const struct layout_style *s,
                    const char *title)
{
	size_t n = strspn(title, "0123456789");
	if (!n) {
		/* a roman number only with its point */
		n = strspn(title, "IVXLC");
		if (title[n] != '.')
			n = 0;
	}
	if (n && (title[n] == '.' || title[n] == ')'))
		n++;
	if (n && title[n] == ' ' && n < 8) {
		PangoLayout *l = new_layout(m, s, -1);
		pango_layout_set_text(l, title, (int)n + 1);
		int w = measure_width(l);
		g_object_unref(l);
		return w;
	}
	return m->theme->body_size * PANGO_SCALE * 3 / 2;
}

struct box *measure_toc_entry(struct measure *m, GArray *boxes,
                              const char *title, const char *number,
                              const char *dest)
{
	struct layout_style s;
	struct inl in;
	layout_style_role(m->theme, LAYOUT_ROLE_TOC_ENTRY, &s);
	/* a wrapped title hangs: its next lines start under its words */
	s.first_indent = -toc_hang(m, &s, title);
	inl_init(&in, m, &s);
	g_string_append(in.text, title);
	struct span sp = {0, in.text->len, dest, NULL};
	g_array_append_val(in.spans, sp);
	struct box *b = text_box(m, boxes, NULL, &s, &in, "TOCI");
	inl_free(&in);
	b->width = m->width;
	b->right = new_layout(m, &s, -1);
	pango_layout_set_text(b->right, number, -1);
	int em = m->theme->body_size * PANGO_SCALE;
	b->right_x = b->width - measure_width(b->right);
	const struct box_line *last = &b->lines[b->n_lines - 1];
	PangoLayoutLine *ll =
	    pango_layout_get_line_readonly(b->layout, (int)b->n_lines - 1);
	PangoRectangle log;
	pango_layout_line_get_extents(ll, NULL, &log);
	b->leader_x0 = last->x + log.width + em / 2;
	b->leader_x1 = b->right_x - em / 2;
	/* the page number is part of the link too */
	for (size_t i = 0; b->links && i < b->links->len; i++) {
		struct box_link *k =
		    &g_array_index(b->links, struct box_link, i);
		if (k->line == b->n_lines - 1)
			k->width = b->width - k->x;
	}
	return b;
}

PangoLayout *measure_line(struct measure *m, enum layout_role role,
                          const char *text, int width)
{
	struct layout_style s;
	layout_style_role(m->theme, role, &s);
	PangoLayout *l = new_layout(m, &s, width);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END); /* one line */
	pango_layout_set_text(l, text, -1);
	return l;
}
