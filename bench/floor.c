/* floor.c - the floor under octavo's PDF time: shape and draw paragraphs
 * with pango and cairo, nothing else.
 *
 *   floor FONTDIR IN.txt OUT.pdf
 *
 * IN.txt holds blank-line separated paragraphs (bench/ast-convert floor);
 * a paragraph that starts with '#' is a heading of that many levels.
 * Every paragraph gets one PangoLayout (width, justification, line spacing,
 * font from the guide theme: Charis SIL 13 pt, 1.45, headings in Andika
 * Bold), drawn with pango_cairo_show_layout; the pen moves down, and a new
 * page starts when the next paragraph does not fit or a level-1 heading
 * comes.  No line-level page breaks, widows, keeps, notes, hyphenation,
 * running heads, links, tags or outline: the libraries' own cost only.
 * Fonts come from FONTDIR alone, registered as octavo does.  Exit 1 on any
 * error, with a message on stderr. */
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <string.h>
#include <cairo-pdf.h>

#define PT_PER_MM (72.0 / 25.4)

struct page_geom {
	double width, height, left, top, bottom, text_width;
};

/* The guide theme's body size, in pt. */
#define BODY_SIZE 13.0

static const struct page_geom A4 = {595.276,        841.89,
                                    33 * PT_PER_MM, 25 * PT_PER_MM,
                                    27 * PT_PER_MM, 595.276 - 63 * PT_PER_MM};

static PangoFontMap *font_map_new(const char *dir)
{
	FcConfig *cfg = FcConfigCreate();
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!cfg || !d) {
		fprintf(stderr, "floor: %s: cannot read the fonts folder\n",
		        dir);
		return NULL;
	}
	const char *name;
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".ttf"))
			continue;
		char *path = g_build_filename(dir, name, NULL);
		FcConfigAppFontAddFile(cfg, (const FcChar8 *)path);
		g_free(path);
	}
	g_dir_close(d);
	PangoFontMap *map =
	    pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), cfg);
	FcConfigDestroy(cfg);
	return map;
}

/* pango's line-spacing factor that puts baselines `leading` x the font
 * size apart, as octavo's theme does (pango scales the font's height). */
static float spacing_for(PangoContext *ctx, const PangoFontDescription *f,
                         double leading)
{
	PangoFontMetrics *m = pango_context_get_metrics(ctx, f, NULL);
	double height = pango_font_metrics_get_height(m);
	pango_font_metrics_unref(m);
	double size = pango_font_description_get_size(f);
	return height > 0 ? (float)(leading * size / height) : 1.0f;
}

/* The layout of one paragraph, heading level in *level (0 = body). */
static PangoLayout *layout_paragraph(PangoContext *ctx, const char *text,
                                     const PangoFontDescription *body,
                                     const PangoFontDescription *head,
                                     int *level)
{
	static float body_spacing, head_spacing;
	if (!body_spacing) {
		body_spacing = spacing_for(ctx, body, 1.45);
		head_spacing = spacing_for(ctx, head, 1.2);
	}
	static const double scale[] = {1.0, 1.75, 1.3, 1.12, 1.0, 1.0, 1.0};
	*level = 0;
	while (text[*level] == '#' && *level < 6)
		(*level)++;
	PangoLayout *layout = pango_layout_new(ctx);
	pango_layout_set_width(layout, (int)(A4.text_width * PANGO_SCALE));
	if (*level) {
		PangoFontDescription *f = pango_font_description_copy(head);
		pango_font_description_set_size(
		    f, (int)(BODY_SIZE * scale[*level] * PANGO_SCALE));
		pango_layout_set_font_description(layout, f);
		pango_font_description_free(f);
		pango_layout_set_line_spacing(layout, head_spacing);
		text += *level + 1;
	} else {
		pango_layout_set_font_description(layout, body);
		pango_layout_set_justify(layout, TRUE);
		pango_layout_set_line_spacing(layout, body_spacing);
	}
	pango_layout_set_text(layout, text, -1);
	return layout;
}

static int draw_all(cairo_t *cr, PangoContext *ctx, char **paras)
{
	PangoFontDescription *body =
	    pango_font_description_from_string("Charis SIL 13");
	PangoFontDescription *head =
	    pango_font_description_from_string("Andika Bold 13");
	double y = A4.top, bottom = A4.height - A4.bottom;
	double gap = 0.7 * BODY_SIZE;
	int pages = 1;
	for (char **p = paras; *p; p++) {
		if (!**p)
			continue;
		int level;
		PangoLayout *layout =
		    layout_paragraph(ctx, *p, body, head, &level);
		int w, h;
		pango_layout_get_size(layout, &w, &h);
		double height = (double)h / PANGO_SCALE;
		if (y > A4.top && (level == 1 || y + height > bottom)) {
			cairo_show_page(cr);
			pages++;
			y = A4.top;
		}
		cairo_move_to(cr, A4.left, y);
		pango_cairo_show_layout(cr, layout);
		y += height + gap;
		g_object_unref(layout);
	}
	pango_font_description_free(body);
	pango_font_description_free(head);
	return pages;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: floor FONTDIR IN.txt OUT.pdf\n");
		return 2;
	}
	char *text = NULL;
	GError *err = NULL;
	if (!g_file_get_contents(argv[2], &text, NULL, &err)) {
		fprintf(stderr, "floor: %s\n", err->message);
		return 1;
	}
	PangoFontMap *map = font_map_new(argv[1]);
	if (!map)
		return 1;
	cairo_surface_t *surface =
	    cairo_pdf_surface_create(argv[3], A4.width, A4.height);
	cairo_t *cr = cairo_create(surface);
	PangoContext *ctx = pango_font_map_create_context(map);
	pango_cairo_update_context(cr, ctx);
	pango_context_set_language(ctx, pango_language_from_string("en-us"));
	char **paras = g_strsplit(text, "\n\n", -1);
	int pages = draw_all(cr, ctx, paras);
	g_strfreev(paras);
	g_object_unref(ctx);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_status_t st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	g_object_unref(map);
	g_free(text);
	if (st != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "floor: %s: %s\n", argv[3],
		        cairo_status_to_string(st));
		return 1;
	}
	fprintf(stderr, "floor: %d pages\n", pages);
	return 0;
}
