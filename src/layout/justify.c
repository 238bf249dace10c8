/* justify.c - total-fit breaks applied to a paragraph's text for pango. */
#include "justify.h"

#include <stdlib.h>
#include <string.h>

#include "breaks.h"
#include "util.h"

/* One candidate with what it takes to make the break. */
struct cand_edit {
	size_t pos;    /* byte where the edit goes */
	size_t remove; /* bytes replaced (trailing spaces) */
	bool hyphen;   /* insert a hyphen before the break */
	bool none;     /* forced, or the end: nothing to do */
};

/* What pango tells about the unbroken paragraph. */
struct para {
	PangoLayout *layout;
	const char *text;
	const PangoLogAttr *attrs;
	int n_chars;
	int *byte;   /* char -> byte offset, n_chars + 1 */
	int *spaces; /* char -> word spaces before it, n_chars + 1 */
	/* char -> letters before it that take letter spacing: pango spaces
	 * clusters (a Bengali conjunct, a Thai syllable's marks are one),
	 * not characters; n_chars + 1 */
	int *letters;
	int *x;          /* char -> x on the one long line, n_chars + 1 */
	bool *emergency; /* char: a break before it only as a last resort */
	int hyphen_w, space_w;
};

static bool is_space(gunichar c)
{
	return c == ' ';
}

static int char_at(const struct para *p, int b);

/* x of byte index i (a char boundary) on the one long line. */
static int xpos(const struct para *p, int i)
{
	return p->x[char_at(p, i)];
}

/* Every char's x in one walk (asking pango per index is linear each):
 * the sum of the widths of the chars before it in the text's order, so
 * that right-to-left runs, which pango places from the right, measure
 * like any other (a line's width is what its chars add up to, whatever
 * their order on it).  A cluster's width is shared among its chars. */
static void char_positions(struct para *p)
{
	p->x = xcalloc((size_t)p->n_chars + 1, sizeof *p->x);
	int *w = xcalloc((size_t)p->n_chars + 1, sizeof *w);
	PangoLayoutIter *it = pango_layout_get_iter(p->layout);
	do {
		PangoRectangle r;
		pango_layout_iter_get_char_extents(it, &r);
		int k = char_at(p, pango_layout_iter_get_index(it));
		if (k < p->n_chars)
			w[k] = ABS(r.width);
	} while (pango_layout_iter_next_char(it));
	pango_layout_iter_free(it);
	for (int k = 0; k < p->n_chars; k++)
		p->x[k + 1] = p->x[k] + w[k];
	free(w);
}

/* Words wider than the line may break anywhere, as a last resort. */
static void mark_emergency(struct para *p, int width)
{
	p->emergency = xcalloc((size_t)p->n_chars + 1, sizeof *p->emergency);
	int last = 0;
	for (int k = 1; k <= p->n_chars; k++) {
		if (k < p->n_chars && !p->attrs[k].is_line_break)
			continue;
		if (p->x[k] - p->x[last] > width)
			for (int j = last + 1; j < k; j++)
				p->emergency[j] =
				    p->attrs[j].is_cursor_position;
		last = k;
	}
}

/* The chars that begin a cluster of glyphs, as HarfBuzz shaped the
 * paragraph: pango spaces letters per such cluster (a Thai syllable's
 * marks, a ligature are one), n_chars + 1 entries the caller frees. */
static bool *cluster_starts(const struct para *p)
{
	bool *starts = xcalloc((size_t)p->n_chars + 1, sizeof *starts);
	for (GSList *l = pango_layout_get_lines_readonly(p->layout); l;
	     l = l->next)
		for (GSList *r = ((PangoLayoutLine *)l->data)->runs; r;
		     r = r->next) {
			const PangoGlyphItem *run = r->data;
			const PangoGlyphString *g = run->glyphs;
			for (int i = 0; i < g->num_glyphs; i++) {
				int b = run->item->offset + g->log_clusters[i];
				starts[char_at(p, b)] = true;
			}
		}
	return starts;
}

static void para_init(struct para *p, PangoContext *ctx,
                      const PangoFontDescription *fd,
                      const struct justify_text *t, int width)
{
	memset(p, 0, sizeof *p);
	p->text = t->text->str;
	p->layout = pango_layout_new(ctx);
	pango_layout_set_font_description(p->layout, fd);
	pango_layout_set_text(p->layout, t->text->str, (int)t->text->len);
	pango_layout_set_attributes(p->layout, t->attrs);
	p->attrs = pango_layout_get_log_attrs_readonly(p->layout, &p->n_chars);
	p->n_chars--; /* one more attr than chars */
	p->byte = xcalloc((size_t)p->n_chars + 1, sizeof *p->byte);
	p->spaces = xcalloc((size_t)p->n_chars + 1, sizeof *p->spaces);
	p->letters = xcalloc((size_t)p->n_chars + 1, sizeof *p->letters);
	const char *s = t->text->str;
	for (int i = 0; i < p->n_chars; i++)
		p->byte[i + 1] = (int)(g_utf8_next_char(s + p->byte[i]) - s);
	bool *starts = cluster_starts(p);
	for (int i = 0; i < p->n_chars; i++) {
		bool space = is_space(g_utf8_get_char(s + p->byte[i]));
		p->spaces[i + 1] = p->spaces[i] + space;
		p->letters[i + 1] =
		    p->letters[i] +
		    (!space && p->attrs[i].is_cursor_position && starts[i]);
	}
	free(starts);
	char_positions(p);
	mark_emergency(p, width);
	p->hyphen_w = t->hyphen_w;
	p->space_w = t->space_w;
}

static void para_free(struct para *p)
{
	g_object_unref(p->layout);
	free(p->byte);
	free(p->spaces);
	free(p->letters);
	free(p->x);
	free(p->emergency);
}

static gunichar char_of(const struct para *p, int k)
{
	return g_utf8_get_char(p->text + p->byte[k]);
}

/* The char whose byte offset is b (b on a char boundary). */
static int char_at(const struct para *p, int b)
{
	int lo = 0, hi = p->n_chars;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (p->byte[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A break before char k: after the spaces before it, or after a hyphen
 * or dash. */
static void break_cand(const struct para *p, int k, struct brk_cand *c,
                       struct cand_edit *e)
{
	int ws = k;
	while (ws > 0 && is_space(char_of(p, ws - 1)))
		ws--;
	bool forced = p->attrs[k].is_mandatory_break || k == p->n_chars;
	c->start_x = xpos(p, p->byte[k]);
	c->spaces_start = p->spaces[k];
	c->chars_start = p->letters[k];
	c->end_x = xpos(p, p->byte[ws]);
	c->spaces_end = p->spaces[ws];
	c->chars_end = p->letters[ws];
	/* a word's own hyphen ends the line: it counts as hyphenated */
	c->hyphen = ws == k && k > 0 && k < p->n_chars &&
	            (char_of(p, k - 1) == '-' || char_of(p, k - 1) == 0x2010);
	if (forced && k < p->n_chars) /* the separator ends the line */
		c->end_x = xpos(p, p->byte[k - 1]);
	if (k == p->n_chars) {
		c->start_x = p->x[k];
		c->end_x = ws == k ? c->start_x : xpos(p, p->byte[ws]);
	}
	c->forced = forced;
	e->pos = (size_t)p->byte[ws];
	e->remove = (size_t)(p->byte[k] - p->byte[ws]);
	e->none = forced;
}

static void hyphen_cand(const struct para *p, int b, struct brk_cand *c,
                        struct cand_edit *e)
{
	int k = char_at(p, b);
	c->start_x = xpos(p, b);
	c->end_x = c->start_x + p->hyphen_w;
	c->spaces_start = c->spaces_end = p->spaces[k];
	c->chars_start = c->chars_end = p->letters[k];
	c->hyphen = true;
	e->pos = (size_t)b;
	e->hyphen = true;
}

/* Whether breaks (sorted byte offsets, from *i on) holds byte b. */
static bool extra_break(const GArray *breaks, size_t *i, int b)
{
	while (*i < breaks->len &&
	       g_array_index(breaks, size_t, *i) < (size_t)b)
		(*i)++;
	return *i < breaks->len &&
	       g_array_index(breaks, size_t, *i) == (size_t)b;
}

/* Every place a line may end, in text order. */
static size_t candidates(const struct para *p, const GArray *hyphens,
                         const GArray *breaks, struct brk_cand *c,
                         struct cand_edit *e)
{
	size_t n = 1, h = 0, x = 0;
	memset(&c[0], 0, sizeof c[0]);
	memset(&e[0], 0, sizeof e[0]);
	c[0].start_x = xpos(p, 0);
	for (int k = 1; k <= p->n_chars; k++) {
		while (h < hyphens->len &&
		       g_array_index(hyphens, size_t, h) < (size_t)p->byte[k]) {
			int b = (int)g_array_index(hyphens, size_t, h++);
			if (b > p->byte[k - 1] || b == 0)
				continue; /* not a char boundary */
			memset(&c[n], 0, sizeof c[n]);
			memset(&e[n], 0, sizeof e[n]);
			hyphen_cand(p, b, &c[n], &e[n]);
			n++;
		}
		bool last_resort = k < p->n_chars &&
		                   !p->attrs[k].is_line_break &&
		                   p->emergency[k];
		if (k < p->n_chars && !p->attrs[k].is_line_break &&
		    !extra_break(breaks, &x, p->byte[k]) && !last_resort)
			continue;
		if (k >= 2 && k < p->n_chars && char_of(p, k - 1) == '/' &&
		    char_of(p, k - 2) == '/')
			continue; /* never "https://" alone at a line end */
		if (k < p->n_chars && !last_resort &&
		    (char_of(p, k) == 0x2014 || char_of(p, k) == 0x2013) &&
		    !is_space(char_of(p, k - 1)))
			continue; /* a dash stays with the word before it */
		memset(&c[n], 0, sizeof c[n]);
		memset(&e[n], 0, sizeof e[n]);
		break_cand(p, k, &c[n], &e[n]);
		c[n].penalty = last_resort ? 1000 : 0;
		n++;
	}
	return n;
}

static void letter_space(PangoAttrList *attrs, int from, int to, int ls)
{
	if (!ls || from >= to)
		return;
	PangoAttribute *a = pango_attr_letter_spacing_new(ls);
	a->start_index = (guint)from;
	a->end_index = (guint)to;
	pango_attr_list_insert(attrs, a); /* in text order: appended */
}

/* Word spaces alone justify a line while they stay within these multiples
 * of the natural space (InDesign's default word spacing is 80-133%):
 * letters are spaced only for what is left beyond, up to their limit,
 * and the spaces take anything more.  Letter-spaced lowercase is the last
 * resort, and every letter spaced costs a number per glyph in the PDF. */
#define SPACES_ALONE_MIN 0.85
#define SPACES_ALONE_MAX 1.33

/* The letter spacing each letter of a line takes: slack is what the line
 * lacks of its width (negative: its excess).  A letter's spacing widens
 * the gaps at its word's ends too, so each unit of it leaves word
 * spaces (chars - spaces) / spaces narrower.  Never more than the
 * proportional share would have given to a line whose spaces go beyond
 * the band: such a line is no looser or tighter than before. */
static int letters_share(int slack, int chars, int spaces,
                         const struct brk_params *bp)
{
	if (!spaces) /* one word: only its letters can fill the line */
		return CLAMP(chars ? slack / chars : 0, -bp->track, bp->track);
	if (chars <= spaces) /* spacing letters would not narrow the gaps */
		return 0;
	double edge = slack > 0 ? SPACES_ALONE_MAX : SPACES_ALONE_MIN;
	double over = slack - spaces * (edge - 1) * bp->space;
	if (slack > 0 ? over <= 0 : over >= 0)
		return 0;
	int t = (int)(over / (chars - spaces));
	return CLAMP(t, -bp->track, bp->track);
}

/* Letter spacing that makes the line a..b fill w: the word spaces take
 * the difference, the letters help only when the spaces would go too far
 * (letters_share). */
static void spread(const struct para *p, PangoAttrList *attrs,
                   const struct brk_cand *a, const struct brk_cand *b,
                   const struct cand_edit *ea, const struct cand_edit *eb,
                   int w, const struct brk_params *bp)
{
	int nat = b->end_x - a->start_x;
	if (nat == w)
		return;
	int chars = b->chars_end - a->chars_start;
	int spaces = b->spaces_end - a->spaces_start;
	int track = letters_share(w - nat, chars, spaces, bp);
	int rest = w - nat - track * chars;
	int space = spaces ? rest / spaces : 0;
	/* the letters' share over the line, the spaces' on each run of
	 * spaces (the later attribute wins where they overlap) */
	int from = char_at(p, (int)(ea->pos + ea->remove));
	int to = char_at(p, (int)eb->pos);
	letter_space(attrs, p->byte[from], p->byte[to], track);
	for (int k = from; k < to;) {
		if (!is_space(char_of(p, k))) {
			k++;
			continue;
		}
		int e = k + 1;
		while (e < to && is_space(char_of(p, e)))
			e++;
		letter_space(attrs, p->byte[k], p->byte[e], space);
		k = e;
	}
}

/* One change the chosen breaks make to the text, in text order. */
struct edit {
	size_t pos, remove, add;
	const char *ins;
	long delta; /* sum of (add - remove) of the edits before this one */
};

/* Where byte old of the text goes once the edits are made. */
static size_t moved(const struct edit *ed, size_t n, size_t old)
{
	size_t lo = 0, hi = n; /* edits wholly before old: [0, lo) */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ed[mid].pos + ed[mid].remove <= old)
			lo = mid + 1;
		else
			hi = mid;
	}
	long delta =
	    lo < n ? ed[lo].delta
	    : n ? ed[n - 1].delta + (long)ed[n - 1].add - (long)ed[n - 1].remove
	        : 0;
	if (lo < n && ed[lo].pos < old) /* in removed spaces */
		return ed[lo].pos + (size_t)ed[lo].delta;
	return (size_t)((long)old + delta);
}

static void move_attrs(struct justify_text *t, const struct edit *ed, size_t n)
{
	GSList *all = pango_attr_list_get_attributes(t->attrs);
	PangoAttrList *moved_attrs = pango_attr_list_new();
	for (GSList *l = all; l; l = l->next) {
		PangoAttribute *a = l->data;
		a->start_index = (guint)moved(ed, n, a->start_index);
		if (a->end_index != PANGO_ATTR_INDEX_TO_TEXT_END)
			a->end_index = (guint)moved(ed, n, a->end_index);
		pango_attr_list_insert(moved_attrs, a); /* still in order */
	}
	g_slist_free(all);
	pango_attr_list_unref(t->attrs);
	t->attrs = moved_attrs;
}

/* Makes the chosen breaks in the text in one pass: the breaks go in, the
 * indices and the attributes move with the text. */
static void apply_breaks(struct justify_text *t, const struct cand_edit *e,
                         const size_t *lines, size_t n_lines)
{
	struct edit *ed = xcalloc(n_lines ? n_lines : 1, sizeof *ed);
	size_t n = 0;
	long delta = 0;
	if (t->starts) {
		size_t zero = 0;
		g_array_set_size(t->starts, 0);
		g_array_append_val(t->starts, zero);
	}
	for (size_t i = 0; i < n_lines; i++) {
		const struct cand_edit *x = &e[lines[i]];
		if (t->starts && i + 1 < n_lines) {
			size_t next = x->pos + x->remove; /* after the break */
			g_array_append_val(t->starts, next);
		}
		if (x->none)
			continue;
		const char *ins = x->hyphen ? "-\xE2\x80\xA8" : "\xE2\x80\xA8";
		ed[n] =
		    (struct edit){x->pos, x->remove, strlen(ins), ins, delta};
		delta += (long)ed[n].add - (long)ed[n].remove;
		n++;
	}
	GString *out = g_string_sized_new(t->text->len + (size_t)MAX(delta, 0));
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		g_string_append_len(out, t->text->str + from,
		                    (gssize)(ed[i].pos - from));
		g_string_append(out, ed[i].ins);
		from = ed[i].pos + ed[i].remove;
	}
	g_string_append_len(out, t->text->str + from,
	                    (gssize)(t->text->len - from));
	g_string_truncate(t->text, 0);
	g_string_append_len(t->text, out->str, (gssize)out->len);
	g_string_free(out, TRUE);
	for (size_t i = 0; i < t->n_indices; i++)
		*t->indices[i] = moved(ed, n, *t->indices[i]);
	move_attrs(t, ed, n);
	free(ed);
}

/* Word spaces wider than this (x natural) send a paragraph to the
 * second pass, with hyphenation. */
#define HYPHENATE_ABOVE 1.4

/* The candidates of a paragraph and the chosen breaks, room for cap. */
struct choice {
	struct brk_cand *c;
	struct cand_edit *e;
	size_t *lines;
	size_t cap, n;
};

static void choice_room(struct choice *ch, size_t cap)
{
	if (cap <= ch->cap)
		return;
	free(ch->c);
	free(ch->e);
	free(ch->lines);
	ch->c = xcalloc(cap, sizeof *ch->c);
	ch->e = xcalloc(cap, sizeof *ch->e);
	ch->lines = xcalloc(cap, sizeof *ch->lines);
	ch->cap = cap;
}

/* Where the words of t's hyphenation runs may break (size_t byte
 * offsets, in order); the caller frees the array. */
static GArray *hyphen_points(const struct justify_text *t)
{
	GArray *points = g_array_new(FALSE, FALSE, sizeof(size_t));
	for (guint i = 0; t->hyph && i < t->runs->len; i++) {
		const struct justify_run *r =
		    &g_array_index(t->runs, struct justify_run, i);
		if (r->start >= t->text->len)
			break; /* trailing spaces taken off */
		size_t len = MIN(r->len, t->text->len - r->start);
		hyph_points(t->hyph, t->text->str + r->start, len, r->start,
		            points);
	}
	return points;
}

/* The breaks: first without hyphenation (TeX's pretolerance pass); then,
 * when a line of that is too wide or has word spaces over
 * HYPHENATE_ABOVE, with it.  In that pass a hyphen costs more than a
 * fair line, so it goes where it mends a line, not everywhere.  Only
 * then are the words hyphenated. */
static size_t choose(const struct para *p, const struct justify_text *t,
                     const struct brk_params *bp, struct choice *ch)
{
	GArray *none = g_array_new(FALSE, FALSE, sizeof(size_t));
	choice_room(ch, (size_t)p->n_chars + 2);
	struct brk_cand *c = ch->c;
	size_t *lines = ch->lines;
	ch->n = candidates(p, none, t->breaks, c, ch->e);
	g_array_free(none, TRUE);
	size_t n_lines = brk_choose(c, ch->n, bp, lines);
	bool good = true;
	for (size_t i = 0; good && i < n_lines; i++) {
		size_t a = i ? lines[i - 1] : 0, b = lines[i];
		int w = a == 0 ? bp->first_width : bp->width;
		if (!c[b].forced &&
		    (brk_ratio(&c[a], &c[b], w, bp) < -1 ||
		     brk_space_ratio(&c[a], &c[b], w, bp) > HYPHENATE_ABOVE))
			good = false;
	}
	if (good || !t->hyph || !t->runs->len)
		return n_lines;
	GArray *hyphens = hyphen_points(t);
	if (hyphens->len) {
		choice_room(ch, (size_t)p->n_chars + hyphens->len + 2);
		ch->n = candidates(p, hyphens, t->breaks, ch->c, ch->e);
		n_lines = brk_choose(ch->c, ch->n, bp, ch->lines);
	}
	g_array_free(hyphens, TRUE);
	return n_lines;
}

/* Scripts whose letters join (Arabic) or hang from one line (Devanagari,
 * Bengali): letter spacing would tear them apart. */
static bool joined(gunichar c)
{
	switch (g_unichar_get_script(c)) {
	case G_UNICODE_SCRIPT_ARABIC:
	case G_UNICODE_SCRIPT_SYRIAC:
	case G_UNICODE_SCRIPT_NKO:
	case G_UNICODE_SCRIPT_MONGOLIAN:
	case G_UNICODE_SCRIPT_MANDAIC:
	case G_UNICODE_SCRIPT_ADLAM:
	case G_UNICODE_SCRIPT_DEVANAGARI:
	case G_UNICODE_SCRIPT_BENGALI:
	case G_UNICODE_SCRIPT_GURMUKHI: return true;
	default: return false;
	}
}

/* The letter spacing a letter may take or give when lines are justified:
 * 1.5% of the type size in text set with word spaces; a tenth of it in
 * text that has few (Chinese, Japanese and Thai justify between
 * characters); none in scripts whose letters join (joined()): their
 * lines justify in their word spaces alone. */
static int track_for(const struct para *p, int size)
{
	int spaces = p->spaces[p->n_chars];
	for (int k = 0; k < p->n_chars; k++)
		if (joined(char_of(p, k)))
			return 0;
	if (spaces * 20 < p->n_chars)
		return size / 10;
	return size * 15 / 1000;
}

void justify_paragraph(PangoContext *ctx, const PangoFontDescription *fd,
                       struct justify_text *t, int width, int indent,
                       bool justify)
{
	struct para p;
	para_init(&p, ctx, fd, t, width);
	int size = pango_font_description_get_size(fd);
	/* letters take or give up to 1.5% of the type size (track_for), as
	 * font expansion would; a word space stretches by two fifths and
	 * shrinks by a quarter (TeX: a half and a third).  Spaces over 1.5x
	 * natural make a loose line, under 0.82x a tight one (tuned on the
	 * guide with typo-metrics, whose loose line is over 1.5x) */
	/* a negative indent hangs: the first line is whole, the rest not */
	int first = indent > 0 ? width - indent : width;
	int rest = indent < 0 ? width + indent : width;
	struct brk_params bp = {
	    rest,    first, p.space_w,
	    0.4,     0.25,  justify ? track_for(&p, size) : 0,
	    justify, 1.5,   0.82};
	struct choice ch = {0};
	size_t n_lines = choose(&p, t, &bp, &ch);
	const struct brk_cand *c = ch.c;
	const struct cand_edit *e = ch.e;
	const size_t *lines = ch.lines;
	for (size_t i = 0; justify && i < n_lines; i++) {
		size_t a = i ? lines[i - 1] : 0, b = lines[i];
		int w = a == 0 ? first : rest;
		/* a last line is set at its natural width, unless too wide */
		if (!c[b].forced || c[b].end_x - c[a].start_x > w)
			spread(&p, t->attrs, &c[a], &c[b], &e[a], &e[b], w,
			       &bp);
	}
	para_free(&p);
	apply_breaks(t, e, lines, n_lines);
	free(ch.lines);
	free(ch.c);
	free(ch.e);
}
