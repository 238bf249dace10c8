/* style.c - the resolved look of a block: the theme, the node's kind,
 * where it sits (lists, quotes, notes) and which way its text runs.
 * Pure arithmetic, no pango calls. */
#include <glib.h>
#include <string.h>

#include "i18n.h"
#include "layout.h"

int layout_pu(double points)
{
	return (int)(points * PANGO_SCALE + 0.5);
}

double layout_pt(int pango_units)
{
	return pango_units / (double)PANGO_SCALE;
}

double layout_px_pu(double px)
{
	return px * 0.75 * PANGO_SCALE;
}

void layout_lengths(const struct theme *t, struct layout_lengths *out)
{
	double b = t->body_size;
	out->em = layout_pu(b);
	out->note_sep = layout_pu(b * 1.1);
	out->note_gap = layout_pu(b * 0.25);
	/* these four cut, not round, their fraction of a unit */
	out->bar_gap = (int)(b * PANGO_SCALE);
	out->marker_gap = (int)(b * PANGO_SCALE / 2);
	out->hang = (int)(b * PANGO_SCALE * 3 / 2);
	out->cell_pad = (int)(b * PANGO_SCALE / 3);
	out->note_rise = (int)(b * 0.35 * PANGO_SCALE);
	out->floor = layout_pu(t->min_size);
	out->box_pad = layout_pu(b * 0.6);
	out->box_space = layout_pu(b * 1.5);
	out->leader_gap = out->em / 2;
}

/* Text scale times the body size, never under the theme's floor. */
static int text_size(const struct theme *t, double scale)
{
	return layout_pu(MAX(t->body_size * scale, t->min_size));
}

/* Baseline to baseline for text of scale (as text_size): lead times the
 * size; under a theme with a size floor (clear print) never closer than
 * the body's leading. */
static int line_for(const struct theme *t, double scale, double lead)
{
	if (t->min_size > 0)
		lead = MAX(lead, t->leading);
	return layout_pu(MAX(t->body_size * scale, t->min_size) * lead);
}

unsigned layout_color(const char *hex)
{
	if (!hex || hex[0] != '#' || strlen(hex) != 7)
		return 0;
	unsigned v = 0;
	for (int i = 1; i < 7; i++) {
		int d = g_ascii_xdigit_value(hex[i]);
		if (d < 0)
			return 0;
		v = v * 16 + (unsigned)d;
	}
	return v;
}

static void base_style(const struct theme *t, struct layout_style *s)
{
	memset(s, 0, sizeof *s);
	s->face = LAYOUT_BODY;
	s->size = layout_pu(t->body_size);
	s->line_height = layout_pu(t->body_size * t->leading);
	s->align = PANGO_ALIGN_LEFT;
	s->min_lines = 2;
	s->color = layout_color(t->text_color);
}

static void paragraph_style(const struct theme *t, struct layout_style *s)
{
	s->justify = t->justify;
	s->hyphenate = t->hyphenate;
	if (t->paragraph_indent > 0)
		s->first_indent = layout_pu(t->paragraph_indent * t->body_size);
	else
		s->space_after = layout_pu(t->paragraph_space * t->body_size);
}

static void heading_style(const struct theme *t, int level,
                          struct layout_style *s)
{
	double scale = level <= 1   ? t->h1_size
	               : level == 2 ? t->h2_size
	               : level == 3 ? t->h3_size
	                            : 1.0;
	s->face = LAYOUT_HEADING;
	s->bold = true;
	s->size = layout_pu(t->body_size * scale);
	s->line_height = layout_pu(t->body_size * scale * 1.25);
	s->color = layout_color(t->accent_color);
	s->keep_with_next = true;
	s->keep_together = true;
	if (level <= 1) {
		/* the chapter's opening: a sink from the top of the page */
		s->space_before = layout_pu(t->body_size * 5);
		s->space_after = layout_pu(t->body_size * 2);
	} else {
		s->space_before =
		    layout_pu(t->body_size * (level == 2 ? 1.4 : 1.1));
		s->space_after = layout_pu(t->body_size * 0.5);
	}
}

/* Adds a container's indents to s: start on the side its text starts
 * (right in a right-to-left one), end on the other. */
static void indent(struct layout_style *s, bool rtl, int start, int end)
{
	s->indent_left += rtl ? end : start;
	s->indent_right += rtl ? start : end;
}

/* Indents and looks inherited from the containers above node.  Each
 * container's indent, the rule of the innermost quote and (measure.c)
 * an item's marker stand on its start side: the right in a right-to-left
 * one (i18n_block_rtl()), as in the EPUB. */
static void context_style(const struct theme *t, const struct doc_node *node,
                          struct layout_style *s)
{
	int em = layout_pu(t->body_size);
	int inner = 0; /* the innermost quote's side: the indents inside it */
	for (const struct doc_node *a = node->parent; a; a = a->parent) {
		switch (a->kind) {
		case DOC_ITEM:
			indent(s, i18n_block_rtl(a), em * 3 / 2, 0);
			break;
		case DOC_DEF_DESC:
			indent(s, i18n_block_rtl(a), em * 2, 0);
			break;
		case DOC_BLOCKQUOTE: {
			bool rtl = i18n_block_rtl(a);
			if (!s->bar) {
				s->bar = true;
				s->bar_right = rtl;
				inner = rtl ? s->indent_right : s->indent_left;
			}
			indent(s, rtl, em * 2, em);
			/* a quotation in italics; an alert is the book's own
			 * words */
			if (!a->u.quote.alert)
				s->italic = !s->italic;
			break;
		}
		case DOC_BIBLIOGRAPHY:
			/* entries full of web addresses: ragged right */
			s->justify = false;
			s->hyphenate = false;
			break;
		case DOC_NOTE:
			s->size = text_size(t, t->note_size);
			s->line_height = line_for(t, t->note_size, 1.3);
			s->space_after = layout_pu(t->body_size * 0.2);
			s->first_indent = 0;
			break;
		default: break;
		}
	}
	if (s->bar)
		s->bar_at =
		    (s->bar_right ? s->indent_right : s->indent_left) - inner;
}

/* The space between two blocks side by side: the theme's paragraph
 * space; between the items of a tight list, a little. */
static int block_gap(const struct theme *t)
{
	return layout_pu(t->paragraph_space * t->body_size);
}

static bool tight_list(const struct doc_node *list)
{
	return list && list->kind == DOC_LIST && list->u.list.tight;
}

/* The space after block n: what follows it at its level.  A block that
 * ends an item, a list or a quote takes the space of what it ends, so a
 * paragraph after a list or a quote stands as far from it as from any
 * other block. */
static int space_after_block(const struct theme *t, const struct doc_node *n)
{
	for (const struct doc_node *p = n->parent; p; n = p, p = p->parent) {
		if (p->kind == DOC_ITEM) {
			const struct doc_node *list = p->parent;
			if (n->next || p->next || !list)
				return tight_list(list)
				           ? layout_pu(t->body_size * 0.25)
				           : block_gap(t);
			p = list; /* the list ends here: what follows it */
		} else if (p->kind != DOC_BLOCKQUOTE || n->next) {
			break;
		}
	}
	return block_gap(t);
}

void layout_style_block(const struct theme *t, const struct doc_node *node,
                        struct layout_style *s)
{
	base_style(t, s);
	s->lang = doc_node_lang(NULL, node);
	switch (node->kind) {
	case DOC_HEADING: heading_style(t, node->u.heading.level, s); break;
	case DOC_CODE_BLOCK:
	case DOC_MATH_BLOCK:
		s->face = LAYOUT_MONO;
		s->size = text_size(t, 0.85);
		s->line_height = line_for(t, 0.85, 1.35);
		s->space_after = layout_pu(t->paragraph_space * t->body_size);
		break;
	case DOC_THEMATIC_BREAK:
		s->space_before = layout_pu(t->body_size * 0.8);
		s->space_after = layout_pu(t->body_size * 1.4);
		s->color = layout_color(t->accent_color);
		break;
	case DOC_TABLE_CELL:
	case DOC_TABLE_ROW:
		s->size = text_size(t, 0.9);
		s->line_height = line_for(t, 0.9, 1.3);
		s->keep_together = true;
		break;
	case DOC_TABLE:
		s->space_before = layout_pu(t->body_size * 0.4);
		s->space_after = layout_pu(t->body_size * 1.0);
		break;
	case DOC_SUMMARY: /* <details>' title, <dt>: a run-in heading */
	case DOC_DEF_TERM:
		paragraph_style(t, s);
		s->bold = true;
		s->first_indent = 0;
		s->keep_with_next = true;
		s->space_after = layout_pu(t->body_size * 0.2);
		break;
	case DOC_CAPTION: /* <figcaption>: as an image's caption */
		paragraph_style(t, s);
		s->italic = !t->emphasis_bold;
		s->justify = s->hyphenate = false;
		s->align = PANGO_ALIGN_CENTER;
		s->first_indent = 0;
		break;
	default: paragraph_style(t, s); break;
	}
	if (node->kind != DOC_HEADING)
		context_style(t, node, s);
	s->rtl = i18n_block_rtl(node);
	s->rtl_around = i18n_block_dir(node) < 0;
	/* in lists and quotes: the space of the level the block ends */
	const struct doc_node *up = node->parent;
	if ((node->kind == DOC_PARAGRAPH || node->kind == DOC_CODE_BLOCK ||
	     node->kind == DOC_MATH_BLOCK) &&
	    up && (up->kind == DOC_ITEM || up->kind == DOC_BLOCKQUOTE))
		s->space_after = space_after_block(t, node);
	/* only a paragraph that follows a paragraph is indented: not the
	 * first after a heading, a break or a picture (as the EPUB's
	 * p + p) */
	if ((up && up->kind == DOC_ITEM) || !node->prev ||
	    node->prev->kind != DOC_PARAGRAPH)
		s->first_indent = 0;
	if (t->emphasis_bold)
		s->italic = false;
	/* HTML's <p align="center">, <div align="right">, <center>: set
	 * ragged, without the first line's indent; pango puts a right to
	 * left paragraph's LEFT at its right, so the sides swap there */
	enum doc_align a =
	    node->kind == DOC_PARAGRAPH || node->kind == DOC_HEADING
	        ? doc_node_align(node)
	        : DOC_ALIGN_NONE;
	if (a) {
		s->align = a == DOC_ALIGN_CENTER ? PANGO_ALIGN_CENTER
		           : (a == DOC_ALIGN_RIGHT) != (bool)s->rtl
		               ? PANGO_ALIGN_RIGHT
		               : PANGO_ALIGN_LEFT;
		s->justify = false;
		s->first_indent = 0;
	}
}

void layout_style_caption(const struct theme *t, const struct doc_node *para,
                          struct layout_style *s)
{
	layout_style_block(t, para, s);
	s->italic = !t->emphasis_bold;
	s->justify = s->hyphenate = false;
	s->align = PANGO_ALIGN_CENTER;
	s->size = MAX(s->size * 9 / 10, layout_pu(t->min_size));
}

void layout_style_role(const struct theme *t, enum layout_role role,
                       struct layout_style *s)
{
	base_style(t, s);
	double bs = t->body_size;
	switch (role) {
	case LAYOUT_ROLE_TITLE:
		s->face = LAYOUT_HEADING;
		s->bold = true;
		s->size = layout_pu(bs * 2.6);
		s->line_height = layout_pu(bs * 2.6 * 1.2);
		s->align = PANGO_ALIGN_CENTER;
		s->color = layout_color(t->accent_color);
		s->space_before = layout_pu(bs * 12);
		s->space_after = layout_pu(bs * 1.2);
		break;
	case LAYOUT_ROLE_SUBTITLE:
		s->face = LAYOUT_HEADING;
		s->size = layout_pu(bs * 1.35);
		s->line_height = layout_pu(bs * 1.35 * 1.3);
		s->align = PANGO_ALIGN_CENTER;
		s->indent_left = s->indent_right = layout_pu(bs * 3);
		s->space_after = layout_pu(bs * 5);
		break;
	case LAYOUT_ROLE_AUTHOR:
		s->italic = true;
		s->size = layout_pu(bs * 1.15);
		s->line_height = layout_pu(bs * 1.15 * 1.4);
		s->align = PANGO_ALIGN_CENTER;
		s->space_after = layout_pu(bs * 0.3);
		break;
	case LAYOUT_ROLE_COLOPHON: /* small, like the notes */
		s->size = text_size(t, t->note_size);
		s->line_height = line_for(t, t->note_size, 1.35);
		s->space_after = layout_pu(bs * t->note_size * 0.35);
		break;
	case LAYOUT_ROLE_TOC_HEADING:
		heading_style(t, 1, s);
		s->space_before = layout_pu(bs * 2);
		s->space_after = layout_pu(bs * 1.5);
		break;
	case LAYOUT_ROLE_TOC_ENTRY:
		s->space_after = layout_pu(bs * 0.35);
		s->indent_right = layout_pu(bs * 3);
		break;
	case LAYOUT_ROLE_HEAD:
		s->italic = true;
		s->size = text_size(t, 0.85);
		s->line_height = line_for(t, 0.85, 1.2);
		s->color = layout_color(t->accent_color);
		break;
	case LAYOUT_ROLE_BOX: /* the body's text */ break;
	case LAYOUT_ROLE_FOLIO:
		s->size = text_size(t, 0.85);
		s->line_height = line_for(t, 0.85, 1.2);
		break;
	}
	if (t->emphasis_bold)
		s->italic = false;
}
