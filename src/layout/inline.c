/*
 * inline.c - a block's inlines as one text for pango (measure.h): the
 * text with its attributes (emphasis, code, links, note calls), the spans
 * that link, the anchors inside it, where URLs may break, the runs that
 * may be hyphenated, and where each leaf's text begins.
 */
#include <pango/pangocairo.h>
#include <string.h>

#include "justify.h"
#include "measure.h"
#include "scripts.h"
#include "util.h"

/* An inline image stands in the text as U+FFFC, the object replacement
 * character, with a shape attribute. */
#define INLINE_IMAGE_CHAR "\xEF\xBF\xBC"

void inline_init(struct inl *in, struct measure *m,
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
	in->hyph = measure_hyph(m, s->lang, &in->ragged);
	in->hyphenate = s->hyphenate && in->hyph;
	in->lang = s->lang;
	if (s->lang && m->lang && g_ascii_strcasecmp(s->lang, m->lang)) {
		/* pango breaks and shapes it as text of its language */
		PangoAttribute *a = pango_attr_language_new(
		    pango_language_from_string(s->lang));
		a->start_index = 0;
		a->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
		pango_attr_list_insert(in->attrs, a);
	}
	in->italic = s->italic;
	in->link_color = layout_color(m->theme->accent_color);
	in->size = s->size;
}

/* A smaller inline size (note calls, code): scale of the block's size,
 * but never under the theme's floor. */
static double inline_scale(const struct inl *in, double scale)
{
	double floor = in->m->len.floor;
	return in->size > 0 ? MAX(scale, MIN(1.0, floor / in->size)) : scale;
}

void inline_apply_scripts(struct inl *in, int face)
{
	struct scripts *sc = in->m->scripts;
	scripts_apply(sc, face, in->text->str, in->text->len, in->attrs,
	              in->lang);
	/* an inner element's span comes before its outer one's */
	for (guint i = in->spans->len; i-- > 0;) {
		const struct span *sp =
		    &g_array_index(in->spans, struct span, i);
		if (sp->lang && !sp->dest && !sp->uri && sp->end > sp->start)
			scripts_apply_range(sc, face, in->text->str, sp->start,
			                    sp->end, in->attrs, sp->lang);
	}
}

void inline_free(struct inl *in)
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

void inline_add_run(struct inl *in, const struct doc_node *n)
{
	struct run r = {in->text->len, n, 0};
	g_array_append_val(in->runs, r);
}

static void add_attr(struct inl *in, PangoAttribute *a, size_t start)
{
	a->start_index = (guint)start;
	a->end_index = (guint)in->text->len;
	pango_attr_list_insert(in->attrs, a);
}

static void put_inline(struct inl *in, const struct doc_node *n);

void inline_put_children(struct inl *in, const struct doc_node *n)
{
	for (const struct doc_node *c = n->first; c; c = c->next)
		put_inline(in, c);
}

static const char *link_dest(const struct doc_node *n)
{
	const struct doc_node *t = n->u.link.target;
	if (!t)
		return NULL;
	if (t->key)
		return t->key;
	t = doc_node_chapter(t);
	return t ? t->key : NULL;
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
	const char *label = labels && t && t->kind == DOC_CITATION && t->key
	                        ? g_hash_table_lookup(labels, t->key)
	                        : NULL;
	if (!label)
		return false;
	inline_add_run(in, n);
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
		inline_put_children(in, n);
	in->hyphenate = hyphenate;
	url_breaks(in, start);
	struct span sp = {start, in->text->len, link_dest(n), NULL, NULL};
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
	if (n->key) { /* the note's number links back here */
		struct span a = {start, start, n->key, NULL, NULL};
		g_array_append_val(in->anchors, a);
	}
	/* the notes pass's mark: a number, or a letter beside numbered
	 * citations */
	g_string_append(in->text, n->u.note.mark ? n->u.note.mark : "");
	add_attr(in, pango_attr_rise_new(in->m->len.note_rise), start);
	add_attr(in, pango_attr_scale_new(inline_scale(in, 0.7)), start);
	if (!v)
		return;
	struct note_call call = {start, (size_t)GPOINTER_TO_SIZE(v) - 1};
	g_array_append_val(in->calls, call);
	struct span sp = {start, in->text->len, note->key, NULL, NULL};
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
	add_attr(
	    in,
	    pango_attr_family_new(scripts_chain(in->m->scripts, LAYOUT_MONO)),
	    start);
	add_attr(in, pango_attr_scale_new(inline_scale(in, 0.88)), start);
	/* code is never hyphenated, not even where pango breaks a word */
	add_attr(in, pango_attr_insert_hyphens_new(FALSE), start);
}

/* TeX math in running text: its source as code; a line end in it (math
 * over two lines of its paragraph) is a space, as in TeX. */
static void put_math(struct inl *in, const struct doc_node *n)
{
	size_t start = in->text->len;
	put_code(in, n);
	for (size_t i = start; i < in->text->len; i++)
		if (in->text->str[i] == '\n')
			in->text->str[i] = ' ';
}

/* <sup> and <sub>: smaller, raised or lowered. */
static void put_script(struct inl *in, const struct doc_node *n, double rise)
{
	size_t start = in->text->len;
	inline_put_children(in, n);
	add_attr(in, pango_attr_rise_new((int)(in->size * rise)), start);
	add_attr(in, pango_attr_scale_new(inline_scale(in, 0.7)), start);
}

/* <kbd>: keys, in the code font, never hyphenated. */
static void put_kbd(struct inl *in, const struct doc_node *n)
{
	size_t start = in->text->len;
	bool hyphenate = in->hyphenate;
	in->hyphenate = false;
	inline_put_children(in, n);
	in->hyphenate = hyphenate;
	add_attr(in, pango_attr_family_new(in->m->theme->mono_font), start);
	add_attr(in, pango_attr_scale_new(inline_scale(in, 0.88)), start);
	add_attr(in, pango_attr_insert_hyphens_new(FALSE), start);
}

/* Italics (the theme's bold where it sets no italics): emphasis, and
 * <cite>, <var> and <dfn>. */
static void put_italic(struct inl *in, const struct doc_node *n)
{
	size_t start = in->text->len;
	inline_put_children(in, n);
	if (in->m->theme->emphasis_bold)
		add_attr(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start);
	else
		add_attr(in,
		         pango_attr_style_new(in->italic ? PANGO_STYLE_NORMAL
		                                         : PANGO_STYLE_ITALIC),
		         start);
}

/* The highlight behind <mark>: a light yellow, as browsers give it; a
 * light gray in a print in grays. */
#define MARK_BACKGROUND 0xfff1a8
#define MARK_GRAY       0xe6e6e6

/* <bdi> and <bdo> in the text: Unicode's isolates and overrides, which
 * pango's bidi (FriBidi) follows and draws nothing for: FSI...PDI, or
 * LRI/RLI, LRO/RLO...PDF, PDI. */
static const char *const bidi_open[] = {"\xE2\x81\xA8", /* FSI */
                                        "\xE2\x81\xA6\xE2\x80\xAD",
                                        "\xE2\x81\xA7\xE2\x80\xAE"};

/* The other phrase elements (doc.h, enum doc_look). */
static void put_phrase(struct inl *in, const struct doc_node *n)
{
	size_t start = in->text->len;
	enum doc_look look = n->u.phrase.look;
	enum doc_dir dir = n->u.phrase.dir;
	switch (look) {
	case DOC_LOOK_CITE:
	case DOC_LOOK_VAR:
	case DOC_LOOK_DFN: put_italic(in, n); return;
	case DOC_LOOK_SAMP: put_kbd(in, n); return;
	case DOC_LOOK_RT: /* after its base, in parentheses, smaller */
		g_string_append(in->text, "(");
		inline_put_children(in, n);
		g_string_append(in->text, ")");
		add_attr(in, pango_attr_scale_new(inline_scale(in, 0.7)),
		         start);
		return;
	case DOC_LOOK_BDI:
	case DOC_LOOK_BDO:
		g_string_append(in->text,
		                bidi_open[look == DOC_LOOK_BDO ? dir : 0]);
		inline_put_children(in, n);
		if (look == DOC_LOOK_BDO)
			g_string_append(in->text, "\xE2\x80\xAC"); /* PDF */
		g_string_append(in->text, "\xE2\x81\xA9");         /* PDI */
		return;
	default: inline_put_children(in, n); break;
	}
	if (look == DOC_LOOK_MARK) {
		unsigned c =
		    in->m->theme->grayscale ? MARK_GRAY : MARK_BACKGROUND;
		add_attr(
		    in,
		    pango_attr_background_new((guint16)((c >> 16) * 257),
		                              (guint16)((c >> 8 & 255) * 257),
		                              (guint16)((c & 255) * 257)),
		    start);
	} else if (look == DOC_LOOK_U || look == DOC_LOOK_INS)
		add_attr(in, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE),
		         start);
	else if (look == DOC_LOOK_SMALL)
		add_attr(in, pango_attr_scale_new(inline_scale(in, 0.83)),
		         start);
}

/* Is n (an inline) in another language than its block (HTML lang=)? */
static bool other_lang(const struct inl *in, const struct doc_node *n)
{
	const char *block = in->lang ? in->lang : in->m->lang;
	return n->lang && (!block || g_ascii_strcasecmp(n->lang, block));
}

/* An image among words: one object replacement character, as big as
 * the image scaled down to the text's size (and the measure), sitting a
 * little below the baseline; its shape attribute carries the image node,
 * which draw.c paints.  An image that could not be read shows its alt
 * text. */
static void put_image(struct inl *in, const struct doc_node *n)
{
	if (!n->u.image.path || !n->u.image.width || !n->u.image.height) {
		inline_put_children(in, n);
		return;
	}
	double w = layout_px_pu(n->u.image.width);
	double h = layout_px_pu(n->u.image.height);
	double scale = MIN(1.0, MIN(in->size / h, in->m->width / w));
	int sw = MAX(1, (int)(w * scale)), sh = MAX(1, (int)(h * scale));
	PangoRectangle r = {0, -sh * 17 / 20, sw, sh};
	size_t start = in->text->len;
	inline_add_run(in, n);
	g_string_append(in->text, INLINE_IMAGE_CHAR);
	add_attr(
	    in, pango_attr_shape_new_with_data(&r, &r, (gpointer)n, NULL, NULL),
	    start);
}

/* A task list item's box, empty or ticked, in the code font (which has
 * both), kept with the first word. */
static void put_task(struct inl *in, const struct doc_node *n)
{
	size_t start = in->text->len;
	g_string_append(in->text, n->u.item.task == DOC_TASK_DONE
	                              ? "\xE2\x98\x91" /* U+2611 */
	                              : "\xE2\x98\x90" /* U+2610 */);
	add_attr(in, pango_attr_family_new(in->m->theme->mono_font), start);
	add_attr(in, pango_attr_scale_new(1.3), start);
	g_string_append(in->text, "\xC2\xA0"); /* no-break space */
}

static void put_inline(struct inl *in, const struct doc_node *n)
{
	size_t start = in->text->len;
	/* words of another language are not hyphenated with the block's
	 * patterns */
	bool hyphenate = in->hyphenate, other = other_lang(in, n);
	if (other)
		in->hyphenate = false;
	if (doc_kind_is_leaf(n->kind))
		inline_add_run(in, n);
	/* an inline with an id (<a id>, <span id>) is a place to link to */
	if (n->key && n->kind != DOC_CITATION && n->kind != DOC_NOTE_REF) {
		struct span a = {start, start, n->key, NULL, NULL};
		g_array_append_val(in->anchors, a);
	}
	switch (n->kind) {
	case DOC_TEXT: put_text(in, n->u.literal.text); break;
	case DOC_SOFTBREAK: g_string_append_c(in->text, ' '); break;
	case DOC_LINEBREAK: g_string_append(in->text, "\xE2\x80\xA8"); break;
	case DOC_CODE: put_code(in, n); break;
	case DOC_MATH: put_math(in, n); break;
	case DOC_EMPH: put_italic(in, n); break;
	case DOC_STRONG:
		inline_put_children(in, n);
		add_attr(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start);
		break;
	case DOC_STRIKE:
		inline_put_children(in, n);
		add_attr(in, pango_attr_strikethrough_new(TRUE), start);
		break;
	case DOC_LINK: put_link(in, n); break;
	case DOC_IMAGE: put_image(in, n); break;
	case DOC_CITATION: /* the cite pass wrote what to show */
		if (n->key) {
			struct span a = {start, start, n->key, NULL, NULL};
			g_array_append_val(in->anchors, a);
		}
		inline_put_children(in, n);
		break;
	case DOC_NOTE_REF: put_note_ref(in, n); break;
	case DOC_SUPERSCRIPT: put_script(in, n, 0.35); break;
	case DOC_SUBSCRIPT: put_script(in, n, -0.15); break;
	case DOC_KBD: put_kbd(in, n); break;
	case DOC_SPAN:
	case DOC_ABBR: inline_put_children(in, n); break;
	case DOC_PHRASE: put_phrase(in, n); break;
	case DOC_TASK: put_task(in, n); break;
	default: /* blocks: never among inlines */ break;
	}
	if (other) {
		add_attr(in,
		         pango_attr_language_new(
		             pango_language_from_string(n->lang)),
		         start);
		in->hyphenate = hyphenate;
		/* a Span of its own in the PDF, with its /Lang */
		struct span sp = {start, in->text->len, NULL, NULL, n->lang};
		if (sp.end > sp.start)
			g_array_append_val(in->spans, sp);
	}
}
