/*
 * css.c - the EPUB's style sheet, from the theme.
 *
 * Written for e-readers: the reader chooses the text size and the page, so
 * every size is relative (em, rem, %), there are no page sizes and no
 * viewport units.  The sheet sets no colour at all: headings, links and
 * rules take the text's colour (rules through currentColor), so that a
 * reading system's night or sepia mode, which sets the text and page
 * colours, keeps all of them readable.  A fixed accent cannot stand 4.5:1
 * against both a white and a near-black page, and readers that paint the
 * page black do not all say so through prefers-color-scheme; so headings
 * stand out by size, weight and family, links by their underline.  The
 * theme's accent colour is for the PDF and the cover.  The theme gives the
 * fonts (with generic fallbacks), leading, paragraph style and heading
 * sizes.  Numbers are written with '.' whatever the locale.
 */
#include <glib.h>

#include "xhtml.h"

/* Appends a number with at most 3 decimals, in the C locale. */
static void put_num(GString *s, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.3g", v));
}

/* Appends a CSS string: "Charis SIL". */
static void put_string(GString *s, const char *text)
{
	g_string_append_c(s, '"');
	for (const char *c = text; *c; c++) {
		if (*c == '"' || *c == '\\')
			g_string_append_c(s, '\\');
		if (*c == '\n')
			continue;
		g_string_append_c(s, *c);
	}
	g_string_append_c(s, '"');
}

static void put_family(GString *s, const char *family, const char *generic)
{
	g_string_append(s, "\tfont-family: ");
	if (family && *family) {
		put_string(s, family);
		g_string_append(s, ", ");
	}
	g_string_append_printf(s, "%s;\n", generic);
}

/* A smaller size (notes, code, captions) as a multiple of the text's,
 * never under the theme's floor (min-size against body-size). */
static double scaled(const struct theme *t, double v)
{
	double floor = t->body_size > 0 ? t->min_size / t->body_size : 0;
	return MAX(v, MIN(1.0, floor));
}

/* "\tname: <v>em;\n" */
static void put_em(GString *s, const char *name, double v)
{
	g_string_append_printf(s, "\t%s: ", name);
	put_num(s, v);
	g_string_append(s, v ? "em;\n" : ";\n");
}

static void put_body(GString *s, const struct theme *t)
{
	g_string_append(s, "body {\n");
	put_family(s, t->body_font, "serif");
	g_string_append(s, "\tline-height: ");
	put_num(s, t->leading);
	g_string_append(s, ";\n");
	g_string_append(s, "\tmargin: 0;\n\tpadding: 0 1em;\n");
	g_string_append(s, "\tword-wrap: break-word;\n}\n\n");
}

static void put_paragraphs(GString *s, const struct theme *t)
{
	g_string_append(s, "p {\n\tmargin: 0;\n");
	put_em(s, "margin-bottom",
	       t->paragraph_indent ? 0 : t->paragraph_space);
	g_string_append_printf(s, "\ttext-align: %s;\n",
	                       t->justify ? "justify" : "left");
	if (t->hyphenate)
		g_string_append(s, "\t-webkit-hyphens: auto;\n"
		                   "\t-epub-hyphens: auto;\n"
		                   "\thyphens: auto;\n");
	g_string_append(s, "\torphans: 2;\n\twidows: 2;\n}\n\n");
	if (t->paragraph_indent) {
		g_string_append(s, "p + p {\n");
		put_em(s, "text-indent", t->paragraph_indent);
		g_string_append(s, "}\n\n");
	}
}

static void put_headings(GString *s, const struct theme *t)
{
	const double sizes[] = {t->h1_size, t->h2_size, t->h3_size};
	g_string_append(s, "h1, h2, h3, h4, h5, h6 {\n");
	put_family(s, t->heading_font, "sans-serif");
	g_string_append(s, "\tfont-weight: bold;\n\tline-height: 1.2;\n"
	                   "\ttext-align: left;\n\t-epub-hyphens: none;\n"
	                   "\thyphens: none;\n"
	                   "\tpage-break-after: avoid;\n"
	                   "\tbreak-after: avoid;\n}\n\n");
	for (int i = 0; i < 3; i++) {
		g_string_append_printf(s, "h%d {\n", i + 1);
		put_em(s, "font-size", sizes[i]);
		put_em(s, "margin-top", i == 0 ? 1 : 1.2);
		put_em(s, "margin-bottom", 0.5);
		g_string_append(s, "}\n\n");
	}
	g_string_append(s, "h4, h5, h6 {\n\tfont-size: 1em;\n"
	                   "\tmargin: 1em 0 0.4em;\n}\n\n");
}

/* A heading written one level deeper than the one before it at most
 * (<h2 class="h4"> after an h1): .hN gives it level N's look, every
 * property h2 or h3 sets, and wins over them as a class. */
static void put_heading_classes(GString *s, const struct theme *t,
                                unsigned levels)
{
	const double sizes[] = {t->h1_size, t->h2_size, t->h3_size};
	for (int n = 2; n <= 6; n++) {
		if (!(levels & (1u << n)))
			continue;
		g_string_append_printf(s, ".h%d {\n", n);
		if (n <= 3) {
			put_em(s, "font-size", sizes[n - 1]);
			put_em(s, "margin-top", 1.2);
			put_em(s, "margin-bottom", 0.5);
		} else {
			g_string_append(s, "\tfont-size: 1em;\n"
			                   "\tmargin: 1em 0 0.4em;\n");
		}
		g_string_append(s, "}\n\n");
	}
}

static void put_quotes(GString *s, const struct theme *t)
{
	/* block quotes hold the testimonials */
	g_string_append_printf(s,
	                       "blockquote {\n\tmargin: 1em 0 1em 1em;\n"
	                       "\tpadding: 0 0 0 0.8em;\n"
	                       "\tborder-left: 0.25em solid currentColor;\n"
	                       "\tfont-style: %s;\n}\n\n",
	                       t->emphasis_bold ? "normal" : "italic");
	g_string_append(s, "blockquote p:last-child {\n\tmargin-bottom: 0;\n}"
	                   "\n\n");
	/* right to left (a chapter's dir or the quote's own): the rule
	 * and the indent at the right; left again for a left-to-right
	 * quote in it.  Physical sides: not every reading system knows
	 * border-inline-start. */
	g_string_append(s, "[dir=\"rtl\"] blockquote, blockquote[dir=\"rtl\"] {"
	                   "\n\tmargin: 1em 1em 1em 0;\n"
	                   "\tpadding: 0 0.8em 0 0;\n"
	                   "\tborder-left: 0;\n"
	                   "\tborder-right: 0.25em solid currentColor;\n}\n\n"
	                   "blockquote[dir=\"ltr\"] {\n"
	                   "\tmargin: 1em 0 1em 1em;\n"
	                   "\tpadding: 0 0 0 0.8em;\n"
	                   "\tborder-right: 0;\n"
	                   "\tborder-left: 0.25em solid currentColor;\n}\n\n"
	                   /* an alert is the book's own words */
	                   "blockquote.alert {\n\tfont-style: normal;\n}\n\n");
}

static void put_notes(GString *s, const struct theme *t)
{
	g_string_append(s, "sup {\n");
	put_em(s, "font-size", scaled(t, 0.75));
	g_string_append(s, "\tline-height: 0;\n"
	                   "\tvertical-align: super;\n}\n\n"
	                   "a[role~=\"doc-noteref\"] {\n"
	                   "\ttext-decoration: none;\n}\n\n");
	/* the rule above the notes belongs to the first note: a reader
	 * that hides notes from the text (and shows them in pop-ups)
	 * leaves no empty rule behind */
	g_string_append(s, "div.footnotes {\n\tmargin-top: 2em;\n}\n\n"
	                   "div.footnotes > aside:first-child {\n"
	                   "\tborder-top: 1px solid currentColor;\n"
	                   "\tpadding-top: 0.5em;\n}\n\n");
	g_string_append(s, "aside[role~=\"doc-footnote\"] {\n");
	put_em(s, "font-size", scaled(t, t->note_size));
	g_string_append(s, "\tmargin: 0 0 0.5em;\n}\n\n"
	                   "aside[role~=\"doc-footnote\"] p {\n"
	                   "\tmargin-bottom: 0.3em;\n}\n\n");
	/* links back: one arrow per citing place, a target of 2em or
	 * more; shown in the notes and the references, not in a reader's
	 * pop-up of them, which holds their contents without the <aside>
	 * or <li> */
	g_string_append(s, "a.backlink {\n\tdisplay: none;\n}\n\n"
	                   "aside a.backlink, li a.backlink {\n"
	                   "\tdisplay: inline-block;\n"
	                   "\tmin-width: 2em;\n\tmin-height: 1.5em;\n"
	                   "\tpadding: 0.1em 0.2em;\n"
	                   "\ttext-align: center;\n"
	                   "\ttext-decoration: none;\n}\n\n"
	                   "p.backlinks {\n\tmargin: 0;\n}\n\n");
}

static void put_tables(GString *s, const struct theme *t)
{
	g_string_append(s,
	                "table {\n\tborder-collapse: collapse;\n"
	                "\tmargin: 1em 0;\n\twidth: 100%;\n}\n\n"
	                "th, td {\n\tborder: 1px solid currentColor;\n"
	                "\tpadding: 0.2em 0.4em;\n"
	                "\tvertical-align: top;\n\ttext-align: left;\n}\n\n");
	g_string_append(s, "th {\n\tfont-weight: bold;\n"
	                   "\tborder-bottom: 2px solid currentColor;\n}\n\n");
	g_string_append(s, ".align-left {\n\ttext-align: left;\n}\n\n"
	                   ".align-center {\n\ttext-align: center;\n}\n\n"
	                   ".align-right {\n\ttext-align: right;\n}\n\n");
}

static void put_code(GString *s, const struct theme *t)
{
	g_string_append(s, "code, pre {\n");
	put_family(s, t->mono_font, "monospace");
	put_em(s, "font-size", scaled(t, 0.85));
	g_string_append(s, "\thyphens: none;\n}\n\n"
	                   "pre {\n\tmargin: 1em 0;\n\twhite-space: pre-wrap;\n"
	                   "\tline-height: 1.3;\n}\n\n"
	                   "pre code {\n\tfont-size: 1em;\n}\n\n");
}

static void put_figures(GString *s, const struct theme *t)
{
	g_string_append(s, "img {\n\tmax-width: 100%;\n\theight: auto;\n}\n\n"
	                   "figure {\n\tmargin: 1em 0;\n"
	                   "\ttext-align: center;\n}\n\n"
	                   "figcaption {\n");
	put_em(s, "font-size", scaled(t, 0.9));
	g_string_append_printf(s,
	                       "\tfont-style: %s;\n"
	                       "\tmargin-top: 0.3em;\n}\n\n",
	                       t->emphasis_bold ? "normal" : "italic");
	g_string_append(
	    s, "hr {\n\tborder: 0;\n"
	       "\tborder-top: 1px solid currentColor;\n"
	       "\tmargin: 1.5em 20%;\n}\n\n"
	       "ul, ol {\n\tmargin: 0 0 0.7em;\n"
	       "\tpadding-left: 1.5em;\n}\n\n"
	       /* markers at the right of a right-to-left
	        * list, in its indent */
	       "[dir=\"rtl\"] ul, [dir=\"rtl\"] ol,\n"
	       "ul[dir=\"rtl\"], ol[dir=\"rtl\"] {\n"
	       "\tpadding-left: 0;\n\tpadding-right: 1.5em;\n}\n\n"
	       "ul[dir=\"ltr\"], ol[dir=\"ltr\"] {\n"
	       "\tpadding-right: 0;\n\tpadding-left: 1.5em;\n}\n\n"
	       "li > p:last-child {\n\tmargin-bottom: 0.3em;\n}\n\n"
	       "li > ul, li > ol {\n\tmargin-bottom: 0;\n}\n\n"
	       /* a task's box stands where its bullet would */
	       "ul > li.task {\n\tlist-style-type: none;\n"
	       "\tmargin-left: -1.3em;\n}\n\n"
	       "[dir=\"rtl\"] ul > li.task, ul[dir=\"rtl\"] > li.task {"
	       "\n\tmargin-left: 0;\n\tmargin-right: -1.3em;\n}\n\n"
	       "span.task-box {\n\tfont-family: \"DejaVu Sans Mono\", "
	       "monospace;\n}\n\n");
}

/* Emphasis in bold where the theme sets nothing in italics.  Links are
 * underlined whatever the theme says: they have no colour of their own
 * here.  A URL shown as text is never hyphenated; it breaks only at the
 * <wbr/> xhtml.c puts after its '/', '.' and '-', or, for a part longer
 * than the line, anywhere, without a hyphen, rather than overflow. */
static void put_emphasis(GString *s, const struct theme *t)
{
	if (t->emphasis_bold)
		g_string_append(s, "em, i, cite {\n\tfont-style: normal;\n"
		                   "\tfont-weight: bold;\n}\n\n");
	g_string_append(s, "a {\n\tcolor: inherit;\n"
	                   "\ttext-decoration: underline;\n}\n\n"
	                   ".url {\n\t-webkit-hyphens: none;\n"
	                   "\t-epub-hyphens: none;\n\thyphens: none;\n"
	                   "\tword-break: normal;\n"
	                   "\toverflow-wrap: break-word;\n"
	                   "\tword-wrap: break-word;\n}\n\n");
}

/* The cover page, the title page and the table of contents. */
static void put_front(GString *s)
{
	g_string_append(s, "body.cover {\n\tmargin: 0;\n\tpadding: 0;\n"
	                   "\ttext-align: center;\n}\n\n"
	                   "body.cover img {\n\tmax-width: 100%;\n"
	                   "\tmax-height: 100%;\n}\n\n"
	                   "section.titlepage {\n\ttext-align: center;\n"
	                   "\tmargin-top: 3em;\n}\n\n"
	                   "section.titlepage h1, section.titlepage p {\n"
	                   "\ttext-align: center;\n}\n\n"
	                   "p.subtitle {\n\tfont-size: 1.2em;\n"
	                   "\tmargin-bottom: 1.5em;\n}\n\n"
	                   "p.authors {\n\tfont-size: 1.1em;\n}\n\n"
	                   "section.colophon {\n\tmargin-top: 4em;\n"
	                   "\tfont-size: 0.85em;\n}\n\n"
	                   "section.colophon p {\n\ttext-align: left;\n"
	                   "\tmargin-bottom: 0.3em;\n}\n\n"
	                   "nav ol {\n\tlist-style-type: none;\n"
	                   "\tmargin: 0;\n}\n\n"
	                   "nav li {\n\tmargin: 0.2em 0;\n}\n\n"
	                   "nav a {\n\ttext-decoration: none;\n}\n\n");
}

/* @font-face for each font the book carries. */
static void put_font_faces(GString *s, const GPtrArray *fonts)
{
	for (guint i = 0; fonts && i < fonts->len; i++) {
		const struct css_font *f = fonts->pdata[i];
		g_string_append(s, "@font-face {\n\tfont-family: ");
		put_string(s, f->family);
		g_string_append_printf(s,
		                       ";\n\tfont-weight: %s;\n"
		                       "\tfont-style: %s;\n\tsrc: url(",
		                       f->bold ? "bold" : "normal",
		                       f->italic ? "italic" : "normal");
		put_string(s, f->url);
		g_string_append(s, ");\n}\n\n");
	}
}

/* Headings, and paragraphs when they are not justified, are set from
 * the left: a right-to-left document's or element's from the right
 * (physical sides, as the quotes'). */
static void put_rtl(GString *s, const struct theme *t)
{
	static const char *const tags[] = {"h1", "h2", "h3", "h4",
	                                   "h5", "h6", "p"};
	size_t n = t->justify ? 6 : 7;
	for (int side = 0; side < 2; side++) {
		const char *dir = side ? "ltr" : "rtl";
		for (size_t i = 0; i < n; i++) {
			if (!side)
				g_string_append_printf(s, "[dir=\"rtl\"] %s, ",
				                       tags[i]);
			g_string_append_printf(s, "%s[dir=\"%s\"]%s", tags[i],
			                       dir, i + 1 < n ? ",\n" : "");
		}
		g_string_append_printf(s, " {\n\ttext-align: %s;\n}\n\n",
		                       side ? "left" : "right");
	}
	/* a cell's paragraphs keep its alignment; the colophon its side */
	if (!t->justify)
		g_string_append(s, "td p, th p {\n\ttext-align: inherit;\n}"
		                   "\n\n");
	g_string_append(s, "[dir=\"rtl\"] section.colophon p {\n"
	                   "\ttext-align: right;\n}\n\n");
}

/* TeX math, shown as its source in the code face (code, pre): display
 * math a centred block (its long lines wrap, as every pre's). */
static void put_math(GString *s)
{
	g_string_append(s, "pre.math {\n\ttext-align: center;\n}\n\n");
}

/* The phrases the book has (doc.h, enum doc_look) that a reader's own
 * sheet does not style as the PDF shows them: <samp> in the code face,
 * <small> as much smaller, <q> without marks of the reader's (its own
 * are in its text, the language's), <u> and <ins> underlined, and
 * <var> and <dfn> bold as <cite> where emphasis is.  <mark> keeps the
 * reader's highlight, which sets its colours in night modes too; <cite>,
 * <var>, <dfn>, <ruby>, <bdi> and <bdo> look as HTML says they do. */
static void put_phrases(GString *s, const struct theme *t, unsigned looks)
{
	if (looks & 1u << DOC_LOOK_SAMP) {
		g_string_append(s, "samp {\n");
		put_family(s, t->mono_font, "monospace");
		put_em(s, "font-size", scaled(t, 0.85));
		g_string_append(s, "\thyphens: none;\n}\n\n");
	}
	if (looks & 1u << DOC_LOOK_SMALL) {
		g_string_append(s, "small {\n");
		put_em(s, "font-size", scaled(t, 0.83));
		g_string_append(s, "}\n\n");
	}
	if (looks & 1u << DOC_LOOK_Q)
		g_string_append(s, "q {\n\tquotes: none;\n}\n\n"
		                   "q::before, q::after {\n\tcontent: none;\n}"
		                   "\n\n");
	if (looks & (1u << DOC_LOOK_U | 1u << DOC_LOOK_INS))
		g_string_append(s, "u, ins {\n\ttext-decoration: underline;\n}"
		                   "\n\n");
	if (t->emphasis_bold &&
	    looks & (1u << DOC_LOOK_VAR | 1u << DOC_LOOK_DFN))
		g_string_append(s, "var, dfn {\n\tfont-style: normal;\n"
		                   "\tfont-weight: bold;\n}\n\n");
}

void css_render(const struct theme *theme, const GPtrArray *fonts, bool rtl,
                bool math, unsigned heading_classes, unsigned looks,
                GString *out)
{
	g_string_append(out,
	                "/* octavo: generated from the book's theme */\n\n");
	put_font_faces(out, fonts);
	put_body(out, theme);
	put_paragraphs(out, theme);
	put_headings(out, theme);
	if (rtl)
		put_rtl(out, theme);
	put_quotes(out, theme);
	put_notes(out, theme);
	put_tables(out, theme);
	put_code(out, theme);
	if (math)
		put_math(out);
	put_heading_classes(out, theme, heading_classes);
	put_figures(out, theme);
	put_emphasis(out, theme);
	put_phrases(out, theme, looks);
	put_front(out);
}
