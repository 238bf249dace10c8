/*
 * measure.c - the tree and the theme -> boxes.  Pango only: a context from
 * the font map, no surface.  Each block becomes a PangoLayout at its width;
 * its lines' heights, baselines and offsets, its links and its footnote
 * calls are recorded in a struct box for paginate and draw.  A block's
 * inlines become its text in inline.c, tables their rows in table.c, and
 * shares.c measures the chapters on threads (measure.h).
 */
#include <pango/pangocairo.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "fonts.h"
#include "hyph.h"
#include "i18n.h"
#include "justify.h"
#include "lang.h"
#include "measure.h"
#include "scripts.h"
#include "util.h"

/* Longest paragraph (bytes) whose breaks we choose ourselves. */
enum { OWN_BREAKS_MAX = 64 * 1024 };
/* Our breaks lay the paragraph out on one line first, in pango's int
 * coordinates: at most OWN_BREAKS_MAX bytes at 11 pt, fewer at larger
 * sizes, so the line stays well inside them. */
#define OWN_BREAKS_BUDGET ((int64_t)OWN_BREAKS_MAX * layout_pu(11))
/* A text block may be at most this tall (in pango units, some 1,000,000
 * pt) so that pango's int coordinates hold every line. */
#define LAYOUT_MAX_HEIGHT (INT_MAX / 2)

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
	g_clear_object(&c->layout);
	free(c->lines);
	array_free(c->links);
	array_free(c->anchors);
	array_free(c->note_refs);
	free(c);
}

/* The patterns of the languages other than the book's (measure.h). */
struct hyph_langs {
	GMutex lock;
	GHashTable *by_lang; /* lower-case tag -> struct lang_hyph */
};

struct lang_hyph {
	struct hyph *hyph; /* or NULL */
	bool ragged;
};

static void lang_hyph_free(gpointer p)
{
	struct lang_hyph *e = p;
	hyph_free(e->hyph);
	free(e);
}

static struct hyph_langs *hyph_langs_new(void)
{
	struct hyph_langs *l = xcalloc(1, sizeof *l);
	g_mutex_init(&l->lock);
	l->by_lang = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                   lang_hyph_free);
	return l;
}

static void hyph_langs_free(struct hyph_langs *l)
{
	if (!l)
		return;
	g_hash_table_destroy(l->by_lang);
	g_mutex_clear(&l->lock);
	free(l);
}

struct hyph *measure_hyph(struct measure *m, const char *lang, bool *ragged)
{
	*ragged = false;
	if (!lang || !m->lang || !g_ascii_strcasecmp(lang, m->lang))
		return m->hyph;
	char *key = g_ascii_strdown(lang, -1);
	g_mutex_lock(&m->langs->lock);
	struct lang_hyph *e = g_hash_table_lookup(m->langs->by_lang, key);
	if (!e) {
		e = xcalloc(1, sizeof *e);
		char *dict = lang_hyphen_dict(m->theme, lang);
		e->hyph = hyph_new(dict);
		g_free(dict);
		e->ragged = lang_hyphen_missing(m->theme, lang);
		g_hash_table_insert(m->langs->by_lang, g_strdup(key), e);
	}
	g_mutex_unlock(&m->langs->lock);
	g_free(key);
	*ragged = e->ragged;
	return e->hyph;
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
	m->scripts = scripts_new(map, t, pango_language_to_string(lang));
	layout_lengths(t, &m->len);
	m->width = text_width;
	m->height = text_height;
	m->notes = g_hash_table_new(g_direct_hash, g_direct_equal);
	m->fonts = g_hash_table_new_full(
	    (GHashFunc)pango_font_description_hash,
	    (GEqualFunc)pango_font_description_equal,
	    (GDestroyNotify)pango_font_description_free, free);
	m->measured = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                                    measured_free);
	m->faces = g_ptr_array_new_with_free_func(g_free);
	m->faces_seen = g_hash_table_new(g_str_hash, g_str_equal);
	return m;
}

struct measure *measure_new(PangoFontMap *map, const struct theme *t,
                            const char *lang, int text_width, int text_height)
{
	/* as fontconfig names languages (zh-Hans: zh-cn): it warns on
	 * script subtags */
	char *simple = fonts_fc_lang(lang ? lang : "en");
	struct measure *m =
	    measurer_new(map, t, pango_language_from_string(simple), text_width,
	                 text_height);
	g_free(simple);
	char *dict = lang_hyphen_dict(t, lang);
	m->hyph = hyph_new(dict);
	g_free(dict);
	m->lang = g_strdup(lang);
	m->langs = hyph_langs_new();
	if (lang_hyphen_missing(t, lang)) {
		/* justified without hyphens, lines would open rivers */
		m->ragged = *t;
		m->ragged.justify = false;
		m->theme = &m->ragged;
	}
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
	h->lang = m->lang;
	h->langs = m->langs;
	h->helper = true;
	h->cache = m->cache;
	g_ptr_array_add(m->helpers, h);
}

void measure_free(struct measure *m)
{
	if (!m)
		return;
	if (m->helpers)
		g_ptr_array_free(m->helpers, TRUE);
	g_object_unref(m->ctx);
	if (!m->helper) {
		hyph_free(m->hyph);
		g_free(m->lang);
		hyph_langs_free(m->langs);
	}
	g_hash_table_destroy(m->notes);
	g_hash_table_destroy(m->fonts);
	g_hash_table_destroy(m->measured);
	g_hash_table_destroy(m->faces_seen);
	g_ptr_array_free(m->faces, TRUE);
	if (m->anchors)
		g_ptr_array_free(m->anchors, TRUE);
	scripts_free(m->scripts);
	g_clear_object(&m->marker);
	free(m);
}

static PangoFontDescription *font_for(const struct measure *m,
                                      const struct layout_style *s)
{
	const char *family = scripts_chain(m->scripts, (int)s->face);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_size(fd, s->size);
	pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD
	                                              : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, s->italic ? PANGO_STYLE_ITALIC
	                                               : PANGO_STYLE_NORMAL);
	return fd;
}

PangoLayout *measure_new_layout(const struct measure *m,
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

/* -------------------------------------------------------------- boxes */

void measure_apply_style(const struct measure *m, struct box *b,
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
	b->bar_x = s->bar_right ? m->width - s->bar_at + m->len.bar_gap
	                        : s->bar_at - m->len.bar_gap;
}

/* The chapter's first box opens a page and carries its anchor; an item's
 * first box carries its marker. */
void measure_claim_pending(struct measure *m, struct box *b)
{
	if (m->chapter_id) {
		b->break_before = true;
		b->dest[1] = m->chapter_id;
		m->chapter_id = NULL;
	}
	for (guint i = 0; m->anchors && i < m->anchors->len; i++) {
		struct box_link k = {.dest = m->anchors->pdata[i]};
		if (!b->anchors)
			b->anchors =
			    g_array_new(FALSE, TRUE, sizeof(struct box_link));
		g_array_append_val(b->anchors, k);
	}
	if (m->anchors)
		g_ptr_array_set_size(m->anchors, 0);
	if (m->marker) {
		b->marker = m->marker;
		b->marker_x =
		    m->marker_rtl
		        ? b->x + b->width + m->len.marker_gap
		        : b->x - m->len.marker_gap - measure_width(m->marker);
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

/* Where a line of a layout without a width (our own breaks) starts in a
 * box width wide: a right-to-left line (its paragraph's first strong
 * letter is) ends at the right edge, the indent on that side; so does a
 * line without a strong letter ("112") in a right-to-left block (rtl).
 * A block that takes its direction from around it (s->rtl_around: an
 * alert's title in the book's language) stands on that side only. */
static int line_x(const PangoLayoutLine *line, const PangoRectangle *log,
                  int width, int indent, bool first,
                  const struct layout_style *s)
{
	bool rtl = s->rtl || (line->resolved_dir == PANGO_DIRECTION_RTL &&
	                      !s->rtl_around);
	if (!rtl)
		return log->x;
	int in = first ? MAX(indent, 0) : MAX(-indent, 0);
	return width - log->width - in;
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
		if (pango_layout_get_width(b->layout) < 0)
			ln->x =
			    line_x(pango_layout_iter_get_line_readonly(it),
			           &log, b->width, s->first_indent, i == 1, s);
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
			struct box_link k = {.line = i,
			                     .x = ranges[0],
			                     .width =
			                         ranges[2 * n - 1] - ranges[0],
			                     .dest = sp->dest,
			                     .uri = sp->uri,
			                     .start = s,
			                     .end = e,
			                     .lang = sp->lang};
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
		struct box_link k = {line, x, 0, a->dest, NULL, 0, 0, NULL};
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
		if (doc_kind_shows_text(k))
			b->lines[i].offset = pos - r->start + r->src;
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
	                         .hyph = in->hyph,
	                         .runs = in->hyph_runs,
	                         .breaks = in->breaks,
	                         .indices = idx,
	                         .n_indices = n,
	                         .starts = starts,
	                         .hyphen_w = fi->hyphen_w,
	                         .space_w = fi->space_w};
	PangoFontDescription *fd = font_for(m, s);
	justify_paragraph_cached(m->cache, m->ctx, fd, &t, width,
	                         s->first_indent, s->justify && !in->ragged);
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

/* Is the text of l more lines than LAYOUT_MAX_HEIGHT holds?  Then an
 * error at n: the block must be split. */
static bool too_tall(PangoLayout *l, const struct doc_node *n,
                     const struct layout_style *s)
{
	int lines = pango_layout_get_line_count(l);
	int most = LAYOUT_MAX_HEIGHT / MAX(s->line_height, 1);
	if (lines <= most)
		return false;
	diag(n ? &n->loc : NULL, BLOCK_TOO_LONG, lines, layout_pt(s->size),
	     most);
	return true;
}

void measure_note_face(struct measure *m, const char *family)
{
	if (!family || g_hash_table_contains(m->faces_seen, family))
		return;
	char *f = g_strdup(family);
	g_ptr_array_add(m->faces, f);
	g_hash_table_add(m->faces_seen, f);
}

const GPtrArray *measure_faces(const struct measure *m)
{
	return m->faces;
}

/* The families of the faces pango set l's runs in, noted. */
static void note_faces(struct measure *m, PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run || !run->item->analysis.font)
			continue; /* a line's end */
		PangoFontDescription *d =
		    pango_font_describe(run->item->analysis.font);
		measure_note_face(m, pango_font_description_get_family(d));
		pango_font_description_free(d);
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
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
	                  n->kind != DOC_MATH_BLOCK && in->text->len &&
	                  in->text->len <= OWN_BREAKS_MAX &&
	                  (int64_t)in->text->len * s->size <= OWN_BREAKS_BUDGET;
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(size_t));
	inline_apply_scripts(in, (int)s->face);
	if (own_breaks)
		break_lines(m, s, b->width, in, starts);
	b->layout = measure_new_layout(m, s, own_breaks ? -1 : b->width);
	if (own_breaks)
		pango_layout_set_justify(b->layout, FALSE);
	if (in->text->len > OWN_BREAKS_MAX)
		split_items(in);
	pango_layout_set_text(b->layout, in->text->str, (int)in->text->len);
	pango_layout_set_attributes(b->layout, in->attrs);
	if (own_breaks && s->justify)
		spaces_in_place(b->layout);
	if (too_tall(b->layout, n, s)) {
		pango_layout_set_attributes(b->layout, NULL);
		pango_layout_set_text(b->layout, "", 0);
	}
	take_lines(m, b, s);
	note_faces(m, b->layout);
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
	c->layout = b->layout ? g_object_ref(b->layout) : NULL;
	c->n_lines = b->n_lines;
	c->lines = lines_copy(b->lines, b->n_lines);
	c->links = array_copy(b->links);
	c->anchors = array_copy(b->anchors);
	c->note_refs = array_copy(b->note_refs);
}

/* Gives b the lines kept in c. */
static void measured_take(struct box *b, const struct measured *c)
{
	b->layout = c->layout ? g_object_ref(c->layout) : NULL;
	b->n_lines = c->n_lines;
	b->lines = lines_copy(c->lines, c->n_lines);
	b->links = array_copy(c->links);
	b->anchors = array_copy(c->anchors);
	b->note_refs = array_copy(c->note_refs);
}

/* A text box for the inline text in in, styled s, appended to boxes. */
static struct box *measure_text_box(struct measure *m, GArray *boxes,
                                    const struct doc_node *n,
                                    const struct layout_style *s,
                                    struct inl *in, const char *tag)
{
	struct box *b = layout_box_add(boxes, BOX_TEXT);
	measure_apply_style(m, b, s);
	b->node = n;
	b->tag = tag;
	b->dest[0] = n ? n->key : NULL;
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
		/* nothing draws it, or the chapter is laid out again */
		if (m->drop_layouts && m->chapter >= m->drop_from)
			g_clear_object(&b->layout);
		if (made) {
			measured_keep(made, b);
			g_hash_table_replace(m->measured, (gpointer)n, made);
		}
	}
	measure_claim_pending(m, b);
	return b;
}

/* ------------------------------------------------------------- blocks */

static void put_block(struct measure *m, struct layout *lay,
                      const struct doc_node *n);

static const char *heading_tag(int level)
{
	static const char *const tags[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
	return tags[CLAMP(level, 1, 6) - 1];
}

/* An entry of the reference list (DOC_BIBLIOGRAPHY > LIST > ITEM > n). */
static bool in_bibliography(const struct doc_node *n)
{
	const struct doc_node *item = n->parent;
	return n->kind == DOC_PARAGRAPH && item && item->kind == DOC_ITEM &&
	       item->parent && item->parent->parent &&
	       item->parent->parent->kind == DOC_BIBLIOGRAPHY;
}

static void put_text_block(struct measure *m, struct layout *lay,
                           const struct doc_node *n)
{
	struct layout_style s;
	struct inl in;
	layout_style_block(m->theme, n, &s);
	if (n->kind == DOC_HEADING)
		s.hyphenate = false;
	inline_init(&in, m, &s);
	inline_put_children(&in, n);
	measure_text_box(m, lay->boxes, n, &s, &in,
	                 n->kind == DOC_HEADING
	                     ? heading_tag(n->u.heading.level)
	                 : in_bibliography(n)     ? "BibEntry"
	                 : n->kind == DOC_CAPTION ? "Caption"
	                                          : "P");
	inline_free(&in);
}

/* ------------------------------------------------------- code blocks */

/*
 * A code block reads like a printed manual's: the code font at the
 * theme's code size on a light tint with a rule at its left (both survive
 * grayscale printing), never hyphenated or justified.  A block whose
 * longest line fits at up to 15% smaller type is set smaller; a diagram
 * (box-drawing characters, or ASCII art's "+---") is set as small as it
 * must be to stay whole, down to the theme's smallest size (4.5 pt when
 * the theme has none), its lines closed up so that its verticals join,
 * since a wrapped diagram means nothing.  Otherwise a
 * line too long for the measure goes on on the next line, under its own
 * indentation, after a continuation mark "↪ " (a diagram with a
 * warning).
 * The marks are no part of the code: the runs map every byte after one
 * back to its byte in the source, so page marks land where they belong.
 */

enum { CODE_TAB = 8 };
#define CODE_MARK "\xE2\x86\xAA " /* ↪ and a space */

/* Columns the text [s, e) takes in a monospaced font. */
static size_t code_cols(const char *s, const char *e)
{
	size_t cols = 0;
	for (const char *c = s; c < e; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);
		if (u == '\t')
			cols += CODE_TAB - cols % CODE_TAB;
		else if (!g_unichar_iszerowidth(u))
			cols += g_unichar_iswide(u) ? 2 : 1;
	}
	return cols;
}

/* The height of s's font: its ascent and descent. */
static int font_height(const struct measure *m, const struct layout_style *s)
{
	PangoFontDescription *fd = font_for(m, s);
	PangoFontMetrics *fm = pango_context_get_metrics(m->ctx, fd, NULL);
	int h = pango_font_metrics_get_ascent(fm) +
	        pango_font_metrics_get_descent(fm);
	pango_font_metrics_unref(fm);
	pango_font_description_free(fd);
	return h;
}

/* Does text draw lines: box-drawing or block characters (U+2500 to
 * U+259F), or ASCII art's corners ("+---")? */
static bool code_is_diagram(const char *text)
{
	if (strstr(text, "+---"))
		return true;
	for (const char *c = text; *c; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);
		if (u >= 0x2500 && u <= 0x259F)
			return true;
	}
	return false;
}

/* The widest line of text, in columns. */
static size_t code_widest(const char *text)
{
	size_t widest = 0;
	for (const char *s = text; *s;) {
		const char *e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		widest = MAX(widest, code_cols(s, e));
		s = *e ? e + 1 : e;
	}
	return widest;
}

/* Where to end the piece of [s, e) that fits in fit columns: after the
 * last space in its second half, else at fit columns. */
static const char *code_cut(const char *s, const char *e, size_t fit)
{
	size_t cols = 0;
	const char *c = s, *space = NULL;
	while (c < e) {
		size_t w = code_cols(c, g_utf8_next_char(c));
		if (cols + w > fit)
			break;
		cols += w;
		c = g_utf8_next_char(c);
		if (c[-1] == ' ' && cols > fit / 2)
			space = c;
	}
	if (c == s && c < e) /* not even one character: take it */
		c = g_utf8_next_char(c);
	return space && c < e ? space : c;
}

/* One source line [s, e) (at byte src of the code) into in, cut to fit
 * columns. */
static void code_line(struct inl *in, const struct doc_node *n, const char *s,
                      const char *e, size_t src, size_t fit, unsigned grey)
{
	size_t lead = strspn(s, " \t");
	lead = MIN(lead, (size_t)(e - s));
	size_t indent = MIN(code_cols(s, s + lead), fit / 2);
	size_t room = fit > indent + 2 ? fit - indent - 2 : 1;
	const char *cut = code_cut(s, e, fit);
	g_string_append_len(in->text, s, cut - s);
	while (cut < e) {
		src += (size_t)(cut - s);
		s = cut;
		g_string_append_c(in->text, '\n');
		size_t mark = in->text->len;
		/* the line the mark begins stands for the source from the
		 * cut on (and so does the mark's every byte) */
		struct run at = {mark, n, src};
		g_array_append_val(in->runs, at);
		for (size_t k = 0; k < indent; k++)
			g_string_append_c(in->text, ' ');
		g_string_append(in->text, CODE_MARK);
		PangoAttribute *a = pango_attr_foreground_new(
		    (guint16)((grey >> 16) * 257),
		    (guint16)((grey >> 8 & 255) * 257),
		    (guint16)((grey & 255) * 257));
		a->start_index = (guint)(mark + indent);
		a->end_index = (guint)in->text->len;
		pango_attr_list_insert(in->attrs, a);
		/* the bytes from here are the source's from src on */
		struct run r = {in->text->len, n, src};
		g_array_append_val(in->runs, r);
		cut = code_cut(s, e, room);
		g_string_append_len(in->text, s, cut - s);
	}
}

static void put_code_block(struct measure *m, struct layout *lay,
                           const struct doc_node *n)
{
	struct layout_style s;
	layout_style_block(m->theme, n, &s);
	int pad = m->len.cell_pad;
	s.indent_left += pad;
	s.indent_right += pad;
	s.justify = s.hyphenate = false;
	s.first_indent = 0;
	/* display math (its TeX) is centred */
	s.align =
	    n->kind == DOC_MATH_BLOCK ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
	s.rtl = s.rtl_around = false; /* code reads left to right */
	int avail = MAX(m->width - s.indent_left - s.indent_right,
	                m->width / 3 - 2 * pad);
	PangoFontDescription *fd = font_for(m, &s);
	int cw = MAX(1, text_width(m, fd, "0"));
	pango_font_description_free(fd);
	size_t fit = (size_t)MAX(8, avail / cw);
	size_t widest = code_widest(n->u.literal.text);
	bool diagram = widest > fit && code_is_diagram(n->u.literal.text);
	if (widest > fit && (diagram || fit >= widest * 85 / 100)) {
		/* smaller type keeps every line whole */
		double k = (double)fit / (double)widest * 0.995;
		int least = m->len.floor ? m->len.floor : layout_pu(4.5);
		if (s.size * k >= least) {
			s.size = (int)(s.size * k);
			s.line_height = (int)(s.line_height * k);
			fit = widest;
			if (diagram) /* lines close up, as in a terminal */
				s.line_height = font_height(m, &s);
		} else if (diagram) {
			diag(&n->loc, CODE_DIAGRAM_WRAPPED, widest,
			     layout_pt(least));
		}
	}
	struct inl in;
	inline_init(&in, m, &s);
	inline_add_run(&in, n);
	unsigned grey = 0x808080;
	const char *text = n->u.literal.text;
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		code_line(&in, n, p, e, (size_t)(p - text), fit, grey);
		if (*e)
			g_string_append_c(in.text, '\n');
		p = *e ? e + 1 : e;
	}
	PangoAttribute *a = pango_attr_insert_hyphens_new(FALSE);
	pango_attr_list_insert(in.attrs, a); /* the whole text */
	struct box *b = measure_text_box(m, lay->boxes, n, &s, &in, "Code");
	b->tint = pad;
	inline_free(&in);
}

static void put_rule(struct measure *m, struct layout *lay,
                     const struct doc_node *n)
{
	struct layout_style s;
	layout_style_block(m->theme, n, &s);
	struct box *b = layout_box_add(lay->boxes, BOX_RULE);
	measure_apply_style(m, b, &s);
	b->node = n;
	b->n_lines = 1;
	b->lines = xcalloc(1, sizeof *b->lines);
	b->lines[0].height = s.line_height / 2;
	b->keep_together = true;
	b->keep_with_next = true; /* never the last thing on a page */
	measure_claim_pending(m, b);
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
		/* a right-to-left item's marker stands at its right and
		 * reads as the EPUB's: ".1" (a right-to-left mark first) */
		bool rtl = i18n_block_rtl(item);
		char *text =
		    n->u.list.ordered
		        ? g_strdup_printf("%s%d.", rtl ? "\xE2\x80\x8F" : "",
		                          number++)
		        : g_strdup(bullet_for(n));
		g_clear_object(&m->marker);
		m->marker_rtl = rtl;
		/* a task's box stands where a bullet would (inline.c) */
		if (n->u.list.ordered || !item->u.item.task) {
			m->marker = measure_new_layout(m, &s, -1);
			pango_layout_set_text(m->marker, text, -1);
		}
		g_free(text);
		for (const struct doc_node *c = item->first; c; c = c->next)
			put_block(m, lay, c);
		g_clear_object(&m->marker); /* an empty item */
		m->marker = NULL;
	}
}

/* A figure: the image scaled to fit the text area, then its caption. */
static void put_figure(struct measure *m, struct layout *lay,
                       const struct doc_node *para, const struct doc_node *img)
{
	struct layout_style s;
	layout_style_block(m->theme, para, &s);
	double w = layout_px_pu(img->u.image.width);
	double h = layout_px_pu(img->u.image.height);
	double avail = m->width - s.indent_left - s.indent_right;
	double scale = MIN(1.0, MIN(avail / w, m->height * 0.75 / h));
	struct box *b = layout_box_add(lay->boxes, BOX_IMAGE);
	measure_apply_style(m, b, &s);
	b->node = img;
	/* decoration is no Figure: draw.c makes it an artifact */
	b->tag = img->u.image.decorative ? NULL : "Figure";
	b->width = (int)(w * scale);
	b->x = s.indent_left + (int)((avail - b->width) / 2);
	b->n_lines = 1;
	b->lines = xcalloc(1, sizeof *b->lines);
	b->lines[0].height = (int)(h * scale);
	b->keep_together = true;
	measure_claim_pending(m, b);
	/* in an HTML <figure>, its <figcaption> is the caption */
	if ((!img->first && !img->u.image.title) ||
	    (para->parent && para->parent->kind == DOC_FIGURE))
		return;
	b->keep_with_next = true;
	b->space_after = s.space_after / 2;
	struct inl in;
	layout_style_caption(m->theme, para, &s);
	inline_init(&in, m, &s);
	if (img->u.image.title)
		g_string_append(in.text, img->u.image.title);
	else
		inline_put_children(&in, img);
	measure_text_box(m, lay->boxes, img, &s, &in, "Caption");
	inline_free(&in);
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

/* A paragraph that shows nothing (only <a id="x"></a>): its anchors go
 * on the next box, not on an empty line. */
static void hold_anchors(struct measure *m, const struct doc_node *para)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	if (!m->anchors)
		m->anchors = g_ptr_array_new();
	doc_iter_init(&it, para);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->key)
			g_ptr_array_add(m->anchors, (gpointer)n->key);
}

static void put_block(struct measure *m, struct layout *lay,
                      const struct doc_node *n)
{
	const struct doc_node *img;
	switch (n->kind) {
	case DOC_PARAGRAPH:
		if (doc_node_is_blank(n))
			hold_anchors(m, n);
		else if ((img = layout_figure_image(n)))
			put_figure(m, lay, n, img);
		else
			put_text_block(m, lay, n);
		break;
	case DOC_HEADING:
	case DOC_SUMMARY:
	case DOC_DEF_TERM:
	case DOC_CAPTION: put_text_block(m, lay, n); break;
	case DOC_BLOCKQUOTE:
	case DOC_ITEM:
	case DOC_BIBLIOGRAPHY:
	case DOC_DIV:
	case DOC_DETAILS:
	case DOC_FIGURE:
	case DOC_DEF_LIST:
	case DOC_DEF_DESC:
		for (const struct doc_node *c = n->first; c; c = c->next)
			put_block(m, lay, c);
		break;
	case DOC_LIST: put_list(m, lay, n); break;
	case DOC_CODE_BLOCK:
	case DOC_MATH_BLOCK: put_code_block(m, lay, n); break;
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
	inline_init(&in, m, &s);
	g_string_append_printf(in.text, "%s\xC2\xA0",
	                       note->u.note.mark ? note->u.note.mark : "");
	const struct doc_node *ref = note->u.note.first_ref;
	if (ref && ref->key) {
		struct span sp = {0, in.text->len - 2, ref->key, NULL, NULL};
		g_array_append_val(in.spans, sp);
	}
	for (const struct doc_node *p = note->first; p; p = p->next) {
		if (p != note->first)
			g_string_append(in.text, "\xE2\x80\xA9");
		inline_put_children(&in, p);
	}
	PangoLayout *marker = m->marker;
	const char *chapter_id = m->chapter_id;
	m->marker = NULL;
	m->chapter_id = NULL;
	measure_text_box(m, lay->notes, note, &s, &in, "Note");
	m->marker = marker;
	m->chapter_id = chapter_id;
	inline_free(&in);
	g_hash_table_insert(m->notes, (gpointer)note,
	                    GSIZE_TO_POINTER(lay->notes->len));
}

void measure_chapter(struct measure *m, struct layout *lay,
                     const struct doc_node *ch)
{
	m->chapter = ch->u.chapter.number;
	for (const struct doc_node *c = ch->first; c; c = c->next)
		if (c->kind == DOC_NOTE)
			put_note(m, lay, c);
	m->chapter_id = ch->key;
	size_t before = lay->boxes->len;
	for (const struct doc_node *c = ch->first; c; c = c->next)
		put_block(m, lay, c);
	if (lay->boxes->len > before)
		return;
	/* a chapter with nothing printable still opens a page */
	struct box *b = measure_text(m, lay->boxes, LAYOUT_ROLE_COLOPHON, "");
	b->chapter = m->chapter;
}

void measure_chapter_again(struct measure *m, struct layout *lay,
                           const struct doc_node *ch)
{
	bool drop = m->drop_layouts, keep = m->keep_blocks;
	m->drop_layouts = m->keep_blocks = false;
	g_hash_table_remove_all(m->measured); /* kept without layouts */
	measure_chapter(m, lay, ch);
	m->chapter = 0;
	m->drop_layouts = drop;
	m->keep_blocks = keep;
}

void measure_drop_layouts(struct measure *m, bool drop, unsigned from)
{
	m->drop_layouts = drop;
	m->drop_from = from;
}

void measure_keep_blocks(struct measure *m, bool keep)
{
	m->keep_blocks = keep;
}

void measure_set_cache(struct measure *m, struct lcache *cache)
{
	m->cache = cache;
	for (guint i = 0; m->helpers && i < m->helpers->len; i++)
		((struct measure *)m->helpers->pdata[i])->cache = cache;
}

void measure_set_page_labels(struct measure *m, GHashTable *labels)
{
	m->page_labels = labels;
}

/* ------------------------------------------------- generated text */

struct box *measure_text(struct measure *m, GArray *boxes,
                         enum layout_role role, const char *text)
{
	struct layout_style s;
	struct inl in;
	layout_style_role(m->theme, role, &s);
	inline_init(&in, m, &s);
	g_string_append(in.text, text);
	bool heading =
	    role == LAYOUT_ROLE_TITLE || role == LAYOUT_ROLE_TOC_HEADING;
	struct box *b =
	    measure_text_box(m, boxes, NULL, &s, &in, heading ? "H1" : "P");
	inline_free(&in);
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
		PangoLayout *l = measure_new_layout(m, s, -1);
		pango_layout_set_text(l, title, (int)n + 1);
		int w = measure_width(l);
		g_object_unref(l);
		return w;
	}
	return m->len.hang;
}

/* A contents line of title, in style s, linking to dest. */
static struct box *toc_text_box(struct measure *m, GArray *boxes,
                                const struct layout_style *s, const char *title,
                                const char *dest)
{
	struct inl in;
	inline_init(&in, m, s);
	g_string_append(in.text, title);
	struct span sp = {0, in.text->len, dest, NULL, NULL};
	g_array_append_val(in.spans, sp);
	struct box *b = measure_text_box(m, boxes, NULL, s, &in, "TOCI");
	inline_free(&in);
	return b;
}

struct box *measure_toc_part(struct measure *m, GArray *boxes,
                             const char *title, const char *dest)
{
	struct layout_style s;
	layout_style_role(m->theme, LAYOUT_ROLE_TOC_ENTRY, &s);
	s.bold = true;
	s.space_before = s.space_after * 2;
	s.keep_with_next = true;
	if (i18n_rtl(m->lang)) {
		s.indent_left = s.indent_right;
		s.indent_right = 0;
	}
	return toc_text_box(m, boxes, &s, title, dest);
}

struct box *measure_toc_entry(struct measure *m, GArray *boxes,
                              const char *title, const char *number,
                              const char *dest, unsigned depth)
{
	struct layout_style s;
	layout_style_role(m->theme, LAYOUT_ROLE_TOC_ENTRY, &s);
	/* a right-to-left book's contents read from the right: the titles
	 * at the right, the page numbers at the left; each title at the
	 * start of its page's direction, whichever way its own text goes
	 * (pango aligns a line going the other way at the other side) */
	bool rtl = i18n_rtl(m->lang);
	if (rtl) {
		s.indent_left = s.indent_right;
		s.indent_right = 0;
		if (i18n_text_dir(title) != 1)
			s.align = PANGO_ALIGN_RIGHT;
	} else if (i18n_text_dir(title) == 1) {
		s.align = PANGO_ALIGN_RIGHT;
	}
	/* a sub-chapter under its chapter's words */
	int sub = (int)MIN(depth, 8u) * m->len.hang;
	if (rtl)
		s.indent_right += sub;
	else
		s.indent_left += sub;
	/* a wrapped title hangs: its next lines start under its words */
	s.first_indent = -toc_hang(m, &s, title);
	struct box *b = toc_text_box(m, boxes, &s, title, dest);
	if (!rtl)
		b->width = m->width - b->x;
	b->right = measure_new_layout(m, &s, -1);
	pango_layout_set_text(b->right, number, -1);
	int gap = m->len.leader_gap;
	const struct box_line *last = &b->lines[b->n_lines - 1];
	PangoLayoutLine *ll =
	    pango_layout_get_line_readonly(b->layout, (int)b->n_lines - 1);
	PangoRectangle log;
	pango_layout_line_get_extents(ll, NULL, &log);
	if (rtl) { /* the number at the text area's left edge */
		b->right_x = -b->x;
		b->leader_x0 = b->right_x + measure_width(b->right) + gap;
		b->leader_x1 = last->x + log.x - gap;
	} else {
		b->right_x = b->width - measure_width(b->right);
		b->leader_x0 = last->x + log.width + gap;
		b->leader_x1 = b->right_x - gap;
	}
	/* the page number is part of the link too */
	for (size_t i = 0; b->links && i < b->links->len; i++) {
		struct box_link *k =
		    &g_array_index(b->links, struct box_link, i);
		if (k->line != b->n_lines - 1)
			continue;
		if (rtl) {
			k->width += k->x - b->right_x;
			k->x = b->right_x;
		} else {
			k->width = b->width - k->x;
		}
	}
	return b;
}

PangoLayout *measure_line(struct measure *m, enum layout_role role,
                          const char *text, int width)
{
	struct layout_style s;
	layout_style_role(m->theme, role, &s);
	PangoLayout *l = measure_new_layout(m, &s, width);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END); /* one line */
	pango_layout_set_text(l, text, -1);
	/* a title in another script in the face that has it, as in the
	 * text: the role's own face has only its own scripts */
	PangoAttrList *attrs = pango_attr_list_new();
	scripts_apply(m->scripts, (int)s.face, text, strlen(text), attrs,
	              s.lang);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	return l;
}
