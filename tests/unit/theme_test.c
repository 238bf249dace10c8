/*
 * theme_test.c - WCAG contrast and the grayscale theme: ratios checked
 * against values published with WCAG 2 (black on white 21:1, #767676 on
 * white 4.54:1, the lightest gray that passes AA), and grayscale turning
 * every colour gray at 7:1 or more; the saddle-stitch page order of a
 * booklet against sheets worked out by hand.
 */
#include <math.h>
#include <stdlib.h>

#include "print.h"
#include "t.h"
#include "theme.h"

static bool near(double a, double b)
{
	return fabs(a - b) < 0.01;
}

static void contrast_known_values(void)
{
	T_CHECK(near(theme_contrast("#000000", "#ffffff"), 21));
	T_CHECK(near(theme_contrast("#ffffff", "#000000"), 21));
	T_CHECK(near(theme_contrast("#767676", "#ffffff"), 4.54));
	T_CHECK(near(theme_contrast("#1f4e79", "#1f4e79"), 1));
}

static bool is_gray(const char *c)
{
	return c[1] == c[3] && c[2] == c[4] && c[3] == c[5] && c[4] == c[6];
}

static void grayscale_keeps_seven(void)
{
	struct theme *t = theme_default();
	free(t->accent_color);
	t->accent_color = strdup("#3a7bd5"); /* a light blue: about 4.2:1 */
	double before = theme_contrast(t->accent_color, "#ffffff");
	theme_grayscale(t);
	T_CHECK(before < 7);
	T_CHECK(is_gray(t->text_color));
	T_CHECK(is_gray(t->accent_color));
	T_CHECK(is_gray(t->background_color));
	T_CHECK(theme_contrast(t->text_color, "#ffffff") >= 7);
	T_CHECK(theme_contrast(t->accent_color, "#ffffff") >= 7);
	/* a dark colour keeps its luminance: #1a1a1a is gray already */
	T_STREQ(t->text_color, "#1a1a1a");
	theme_free(t);
}

static void booklet_order(void)
{
	/* 8 pages: sheet 1 front 8|1, back 2|7; sheet 2 front 6|3, back 4|5 */
	static const unsigned want[4][2] = {{8, 1}, {2, 7}, {6, 3}, {4, 5}};
	for (unsigned side = 0; side < 4; side++)
		for (unsigned slot = 0; slot < 2; slot++)
			T_CHECK(print_booklet_page(8, side, slot) ==
			        want[side][slot]);
	T_CHECK(print_booklet_page(4, 0, 0) == 4 &&
	        print_booklet_page(4, 1, 1) == 3);
}

int main(void)
{
	T_RUN(contrast_known_values);
	T_RUN(grayscale_keeps_seven);
	T_RUN(booklet_order);
	return t_failed ? 1 : 0;
}
