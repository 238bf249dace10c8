/* theme.c - styles/NAME.yaml over built-in defaults. */
#include "theme.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paper.h"
#include "suggest.h"
#include "infile.h"
#include "util.h"
#include "yamlload.h"

char *theme_set_paper(struct theme *t, const char *paper)
{
	char *why;
	struct paper *p = paper_parse(paper, &why);
	if (!p)
		return why;
	free(t->paper);
	t->paper = xstrdup(p->name);
	t->page.width = p->width;
	t->page.height = p->height;
	g_free(p);
	return NULL;
}

/* Greek and Cyrillic first: Noto Serif has them, and Latin beyond Charis
 * SIL's; then the scripts of the world, CJK, symbols and emoji last
 * (Symbola's outlines: cairo 1.16 draws Noto Color Emoji's bitmaps at
 * their own size, several lines high). */
const struct theme_script theme_scripts[THEME_SCRIPTS] = {
    {"greek", "Noto Serif"},
    {"arabic", "Noto Naskh Arabic"},
    {"hebrew", "Noto Serif Hebrew"},
    {"devanagari", "Noto Serif Devanagari"},
    {"bengali", "Noto Serif Bengali"},
    {"gujarati", "Noto Serif Gujarati"},
    {"gurmukhi", "Noto Serif Gurmukhi"},
    {"oriya", "Noto Sans Oriya"},
    {"tamil", "Noto Serif Tamil"},
    {"telugu", "Noto Serif Telugu"},
    {"kannada", "Noto Serif Kannada"},
    {"malayalam", "Noto Serif Malayalam"},
    {"sinhala", "Noto Serif Sinhala"},
    {"thai", "Noto Serif Thai"},
    {"lao", "Noto Serif Lao"},
    {"khmer", "Noto Serif Khmer"},
    {"myanmar", "Noto Serif Myanmar"},
    {"tibetan", "Noto Serif Tibetan"},
    {"armenian", "Noto Serif Armenian"},
    {"georgian", "Noto Serif Georgian"},
    {"ethiopic", "Noto Serif Ethiopic"},
    {"thaana", "Noto Sans Thaana"},
    {"syriac", "Noto Sans Syriac"},
    {"cjk", "Noto Serif CJK SC"},
    {"math", "Noto Sans Math"},
    {"symbols", "Noto Sans Symbols"},
    {"symbols2", "Noto Sans Symbols2"},
    {"emoji", "Symbola"},
};

struct theme *theme_default(void)
{
	struct theme *t = xcalloc(1, sizeof *t);
	t->name = xstrdup("default");
	g_free(theme_set_paper(t, paper_default()->name));
	t->page.top = 72;
	t->page.bottom = 72;
	t->page.inner = 72;
	t->page.outer = 72;
	t->page.bleed = 0;
	t->page.crop_marks = true;
	t->body_font = xstrdup("Charis SIL");
	t->heading_font = xstrdup("Andika");
	t->mono_font = xstrdup("DejaVu Sans Mono");
	for (size_t i = 0; i < THEME_SCRIPTS; i++)
		t->script_font[i] = xstrdup(theme_scripts[i].family);
	t->body_size = 11;
	t->leading = 1.4;
	t->paragraph_indent = 0;
	t->paragraph_space = 0.6;
	t->h1_size = 1.8;
	t->h2_size = 1.35;
	t->h3_size = 1.15;
	t->note_size = 0.82;
	t->justify = true;
	t->hyphenate = true;
	t->recto_chapters = false;
	t->min_size = 0;
	t->emphasis_bold = false;
	t->link_underline = true;
	t->min_contrast = 4.5; /* WCAG AA for body text */
	t->text_color = xstrdup("#1a1a1a");
	t->accent_color = xstrdup("#1f4e79");
	t->background_color = xstrdup("#f4efe6");
	return t;
}

void theme_free(struct theme *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->path);
	free(t->paper);
	free(t->body_font);
	free(t->heading_font);
	free(t->mono_font);
	for (size_t i = 0; i < THEME_SCRIPTS; i++)
		free(t->script_font[i]);
	free(t->text_color);
	free(t->accent_color);
	free(t->background_color);
	free(t);
}

enum field_type { F_STRING, F_COLOR, F_LENGTH, F_EM, F_SCALE, F_BOOL, F_RATIO };

static const struct field {
	const char *key;
	enum field_type type;
	size_t offset;
} fields[] = {
    {"body-font", F_STRING, offsetof(struct theme, body_font)},
    {"heading-font", F_STRING, offsetof(struct theme, heading_font)},
    {"mono-font", F_STRING, offsetof(struct theme, mono_font)},
    {"body-size", F_LENGTH, offsetof(struct theme, body_size)},
    {"leading", F_SCALE, offsetof(struct theme, leading)},
    {"paragraph-indent", F_EM, offsetof(struct theme, paragraph_indent)},
    {"paragraph-space", F_EM, offsetof(struct theme, paragraph_space)},
    {"h1-size", F_SCALE, offsetof(struct theme, h1_size)},
    {"h2-size", F_SCALE, offsetof(struct theme, h2_size)},
    {"h3-size", F_SCALE, offsetof(struct theme, h3_size)},
    {"note-size", F_SCALE, offsetof(struct theme, note_size)},
    {"justify", F_BOOL, offsetof(struct theme, justify)},
    {"hyphenate", F_BOOL, offsetof(struct theme, hyphenate)},
    {"recto-chapters", F_BOOL, offsetof(struct theme, recto_chapters)},
    {"min-size", F_LENGTH, offsetof(struct theme, min_size)},
    {"link-underline", F_BOOL, offsetof(struct theme, link_underline)},
    {"embed-fonts", F_BOOL, offsetof(struct theme, embed_fonts)},
    {"min-contrast", F_RATIO, offsetof(struct theme, min_contrast)},
    {"text-color", F_COLOR, offsetof(struct theme, text_color)},
    {"accent-color", F_COLOR, offsetof(struct theme, accent_color)},
    {"background-color", F_COLOR, offsetof(struct theme, background_color)},
    {"margin-top", F_LENGTH, offsetof(struct theme, page.top)},
    {"margin-bottom", F_LENGTH, offsetof(struct theme, page.bottom)},
    {"margin-inner", F_LENGTH, offsetof(struct theme, page.inner)},
    {"margin-outer", F_LENGTH, offsetof(struct theme, page.outer)},
    {"bleed", F_LENGTH, offsetof(struct theme, page.bleed)},
    {"crop-marks", F_BOOL, offsetof(struct theme, page.crop_marks)},
};

/* The sizes' ranges in pt (the margins have the page check instead). */
static const struct {
	const char *key;
	double min, max;
} ranges[] = {
    {"body-size", THEME_BODY_MIN, THEME_BODY_MAX},
    {"min-size", 0, THEME_BODY_MAX},
    {"bleed", 0, THEME_BLEED_MAX},
};

static bool set_length(const char *name, const yaml_node_t *v, const char *key,
                       double *dst)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ranges); i++)
		if (!strcmp(key, ranges[i].key))
			return yaml_length(name, v, key, ranges[i].min,
			                   ranges[i].max, dst);
	return yaml_length(name, v, key, 0, 0, dst);
}

_Static_assert(sizeof fields / sizeof fields[0] + 2 <= THEME_MAX_KEYS,
               "struct theme's key_at holds every key");

/* The slot of key_at for key: the fields, then paper and emphasis. */
static int key_slot(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		if (!strcmp(key, fields[i].key))
			return (int)i;
	if (!strcmp(key, "paper"))
		return (int)G_N_ELEMENTS(fields);
	if (!strcmp(key, "emphasis"))
		return (int)G_N_ELEMENTS(fields) + 1;
	return -1;
}

static bool is_color(const char *s)
{
	if (s[0] != '#' || strlen(s) != 7)
		return false;
	for (size_t i = 1; i < 7; i++)
		if (!g_ascii_isxdigit(s[i]))
			return false;
	return true;
}

static bool set_string(const char *name, const yaml_node_t *v, const char *key,
                       bool color, char **dst)
{
	const char *s = yaml_scalar(name, v, key);
	if (!s)
		return false;
	if (!*s || (color && !is_color(s))) {
		struct doc_loc loc = yaml_loc(name, v);
		if (color)
			diag(&loc, THEME_COLOUR, key);
		else
			diag(&loc, THEME_EMPTY, key);
		return false;
	}
	free(*dst);
	*dst = xstrdup(s);
	return true;
}

static bool set_field(struct theme *t, const char *name, const struct field *f,
                      const yaml_node_t *v)
{
	void *dst = (char *)t + f->offset;
	switch (f->type) {
	case F_STRING:
	case F_COLOR:
		return set_string(name, v, f->key, f->type == F_COLOR, dst);
	case F_LENGTH: return set_length(name, v, f->key, dst);
	case F_EM: return yaml_number(name, v, f->key, 0, 10, dst);
	case F_SCALE: return yaml_number(name, v, f->key, 0.5, 5, dst);
	case F_BOOL: return yaml_bool(name, v, f->key, dst);
	case F_RATIO: return yaml_number(name, v, f->key, 1, 21, dst);
	}
	return false;
}

/* A key near a known one is a misspelling (an error: the look would
 * silently not be the one asked for); any other is ignored. */
static bool unknown_key(const char *name, const yaml_node_t *k, const char *key)
{
	enum { MORE = 3 };
	const char *keys[G_N_ELEMENTS(fields) + MORE + THEME_SCRIPTS] = {
	    "paper", "emphasis", "missing-glyphs"};
	char *fonts[THEME_SCRIPTS];
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		keys[i + MORE] = fields[i].key;
	for (size_t i = 0; i < THEME_SCRIPTS; i++)
		keys[G_N_ELEMENTS(fields) + MORE + i] = fonts[i] =
		    g_strconcat("font-", theme_scripts[i].name, NULL);
	const char *near = suggest_nearest(key, keys, G_N_ELEMENTS(keys));
	struct doc_loc loc = yaml_loc(name, k);
	for (size_t i = 0; i < THEME_SCRIPTS; i++)
		g_free(fonts[i]);
	if (near) {
		diag(&loc, THEME_KEY_NEAR, key, near);
		return false;
	}
	diag(&loc, THEME_KEY_UNKNOWN, key);
	return true;
}

static bool set_key(struct theme *t, const char *name, const char *key,
                    const yaml_node_t *k, const yaml_node_t *v)
{
	if (!strcmp(key, "paper")) {
		const char *s = yaml_scalar(name, v, key);
		char *why = s ? theme_set_paper(t, s) : NULL;
		if (why) {
			struct doc_loc loc = yaml_loc(name, v);
			diag(&loc, PAPER_INVALID, why);
			g_free(why);
		}
		return s && !why;
	}
	if (!strcmp(key, "emphasis")) {
		const char *s = yaml_scalar(name, v, key);
		if (s && (!strcmp(s, "italic") || !strcmp(s, "bold"))) {
			t->emphasis_bold = !strcmp(s, "bold");
			return true;
		}
		if (s) {
			struct doc_loc loc = yaml_loc(name, v);
			diag(&loc, THEME_EMPHASIS, s);
		}
		return false;
	}
	if (!strcmp(key, "missing-glyphs")) {
		const char *s = yaml_scalar(name, v, key);
		if (s && (!strcmp(s, "warning") || !strcmp(s, "error"))) {
			t->missing_glyph_error = !strcmp(s, "error");
			return true;
		}
		if (s) {
			struct doc_loc loc = yaml_loc(name, v);
			diag(&loc, THEME_MISSING_GLYPHS, s);
		}
		return false;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		if (!strcmp(key, fields[i].key))
			return set_field(t, name, &fields[i], v);
	for (size_t i = 0; i < THEME_SCRIPTS; i++)
		if (g_str_has_prefix(key, "font-") &&
		    !strcmp(key + 5, theme_scripts[i].name))
			return set_string(name, v, key, false,
			                  &t->script_font[i]);
	return unknown_key(name, k, key);
}

/* Text and accent (headings, links) must stand out from the white page
 * by the theme's contrast ratio; where is the value of each colour key or
 * of min-contrast (NULL: the theme file's first line). */
static bool contrast_ok(const struct theme *t, const char *name,
                        const yaml_node_t *const where[2])
{
	const char *keys[] = {"text-color", "accent-color"};
	const char *colors[] = {t->text_color, t->accent_color};
	bool ok = true;
	for (size_t i = 0; i < 2; i++) {
		double r = theme_contrast(colors[i], "#ffffff");
		if (r + 1e-9 >= t->min_contrast)
			continue;
		struct doc_loc loc = where[i] ? yaml_loc(name, where[i])
		                              : (struct doc_loc){name, 1, 1};
		char ratio[32];
		snprintf(ratio, sizeof ratio, "%.2f:1, under %.2f:1", r,
		         t->min_contrast);
		diag(&loc, THEME_PALE, keys[i], ratio);
		ok = false;
	}
	return ok;
}

static bool theme_apply(struct theme *t, const char *name, yaml_document_t *yd)
{
	yaml_node_t *root = yaml_document_get_root_node(yd);
	const yaml_node_t *where[2] = {NULL, NULL}, *min = NULL;
	bool ok = true;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(yd, p->key);
		yaml_node_t *v = yaml_document_get_node(yd, p->value);
		const char *key = yaml_scalar(name, k, "key");
		int slot = key ? key_slot(key) : -1;
		if (slot >= 0) {
			t->key_at[slot].line = (unsigned)k->start_mark.line + 1;
			t->key_at[slot].col =
			    (unsigned)k->start_mark.column + 1;
		}
		if (!key || !set_key(t, name, key, k, v))
			ok = false;
		else if (!strcmp(key, "text-color"))
			where[0] = v;
		else if (!strcmp(key, "accent-color"))
			where[1] = v;
		else if (!strcmp(key, "min-contrast"))
			min = v;
	}
	for (size_t i = 0; i < 2; i++)
		if (!where[i])
			where[i] = min;
	return ok && contrast_ok(t, name, where);
}

/* Where the theme file set the first of keys (NULL-terminated) that it
 * set, else asked_at. */
static struct doc_loc key_loc(const struct theme *t, const char *const *keys,
                              const struct doc_loc *asked_at)
{
	for (; *keys; keys++) {
		int slot = key_slot(*keys);
		if (slot >= 0 && t->key_at[slot].line)
			return (struct doc_loc){t->path, t->key_at[slot].line,
			                        t->key_at[slot].col};
	}
	return asked_at ? *asked_at : (struct doc_loc){NULL, 0, 0};
}

struct doc_loc theme_key_loc(const struct theme *t, const char *key,
                             const struct doc_loc *asked_at)
{
	const char *const keys[] = {key, NULL};
	return key_loc(t, keys, asked_at);
}

/* One side of the text block: at least THEME_BLOCK_MIN. */
static bool block_side_ok(const struct theme *t, double paper, double m1,
                          double m2, const char *const keys[4], const char *way,
                          const struct doc_loc *asked_at)
{
	double side = paper - m1 - m2;
	if (side >= THEME_BLOCK_MIN - 1e-9)
		return true;
	struct doc_loc loc = key_loc(t, keys, asked_at);
	diag(&loc, THEME_TOO_NARROW, t->name, paper_cm(side), way, t->paper,
	     keys[0], keys[1]);
	return false;
}

bool theme_check_page(const struct theme *t, const struct doc_loc *asked_at)
{
	static const char *const sides[] = {"margin-inner", "margin-outer",
	                                    "paper", NULL};
	static const char *const ends[] = {"margin-top", "margin-bottom",
	                                   "paper", NULL};
	static const char *const sizes[] = {"body-size", "leading", "h1-size",
	                                    "paper", NULL};
	const struct theme_page *p = &t->page;
	if (!block_side_ok(t, p->width, p->inner, p->outer, sides, "wide",
	                   asked_at) ||
	    !block_side_ok(t, p->height, p->top, p->bottom, ends, "high",
	                   asked_at))
		return false;
	double line = t->body_size * t->leading;
	double need = line * (3 + MAX(1, t->h1_size));
	if (need <= p->height - p->top - p->bottom + 1e-9)
		return true;
	struct doc_loc loc = key_loc(t, sizes, asked_at);
	diag(&loc, THEME_TOO_SHORT, t->name,
	     paper_cm(p->height - p->top - p->bottom), t->paper, paper_cm(need),
	     t->body_size, t->leading, t->h1_size);
	return false;
}

/* WCAG 2: relative luminance of one sRGB channel, 0..255. */
static double channel_luminance(unsigned c)
{
	double v = c / 255.0;
	return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(unsigned rgb)
{
	return 0.2126 * channel_luminance(rgb >> 16) +
	       0.7152 * channel_luminance(rgb >> 8 & 255) +
	       0.0722 * channel_luminance(rgb & 255);
}

static unsigned parse_color(const char *hex)
{
	return is_color(hex) ? (unsigned)strtoul(hex + 1, NULL, 16) : 0;
}

double theme_contrast(const char *a, const char *b)
{
	double la = luminance(parse_color(a)), lb = luminance(parse_color(b));
	return (MAX(la, lb) + 0.05) / (MIN(la, lb) + 0.05);
}

/* The darkest gray level whose luminance is at least y (0..255). */
static unsigned gray_for(double y)
{
	unsigned g = 0;
	while (g < 255 && channel_luminance(g) < y)
		g++;
	return g;
}

/* *color as gray; no lighter than max_y when that is not negative. */
static void to_gray(char **color, double max_y)
{
	double y = luminance(parse_color(*color));
	unsigned g = gray_for(y);
	if (max_y >= 0)
		while (g > 0 && channel_luminance(g) > max_y)
			g--;
	char hex[8];
	snprintf(hex, sizeof hex, "#%02x%02x%02x", g, g, g);
	free(*color);
	*color = xstrdup(hex);
}

void theme_grayscale(struct theme *t)
{
	/* 7:1 against white: (1 + 0.05) / (y + 0.05) >= 7 */
	double max_y = 1.05 / 7 - 0.05;
	to_gray(&t->text_color, max_y);
	to_gray(&t->accent_color, max_y);
	to_gray(&t->background_color, -1);
	t->grayscale = true;
}

static bool valid_theme_name(const char *name)
{
	if (!*name || name[0] == '.')
		return false;
	for (const char *c = name; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_')
			return false;
	return true;
}

/* BOOKDIR/styles/NAME.yaml when the book has it, else
 * STYLES_DIR/NAME.yaml. */
char *theme_find(const char *book_dir, const char *styles_dir, const char *name,
                 bool *in_book)
{
	char *file = g_strdup_printf("%s.yaml", name);
	char *path =
	    book_dir ? g_build_filename(book_dir, "styles", file, NULL) : NULL;
	*in_book = path && g_file_test(path, G_FILE_TEST_IS_REGULAR);
	if (!*in_book) {
		g_free(path);
		path = g_build_filename(styles_dir, file, NULL);
	}
	g_free(file);
	return path;
}

/* The theme names of dir's NAME.yaml files, added to names. */
static void list_themes(const char *dir, GPtrArray *names)
{
	GDir *d = dir ? g_dir_open(dir, 0, NULL) : NULL;
	const char *f;
	while (d && (f = g_dir_read_name(d)))
		if (g_str_has_suffix(f, ".yaml") && f[0] != '.')
			g_ptr_array_add(names, g_strndup(f, strlen(f) - 5));
	if (d)
		g_dir_close(d);
}

static gint by_string(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The theme that is not there: where it was looked for, and the
 * nearest name there is. */
static void report_missing(const char *book_dir, const char *styles_dir,
                           const char *name, const struct doc_loc *asked_at)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	char *book_styles =
	    book_dir ? g_build_filename(book_dir, "styles", NULL) : NULL;
	list_themes(book_styles, names);
	list_themes(styles_dir, names);
	g_ptr_array_sort(names, by_string);
	const char *near = suggest_nearest(
	    name, (const char *const *)names->pdata, names->len);
	/* where it was looked for: the book's styles/, then octavo's */
	char *a =
	    book_styles ? g_canonicalize_filename(book_styles, NULL) : NULL;
	char *b = g_canonicalize_filename(styles_dir, NULL);
	char *where = book_styles && strcmp(a, b)
	                  ? g_strdup_printf("%s or %s", book_styles, styles_dir)
	                  : g_strdup(styles_dir);
	if (near)
		diag(asked_at, THEME_MISSING_NEAR, name, name, where, near);
	else
		diag(asked_at, THEME_MISSING, name, name, where);
	g_free(where);
	g_free(b);
	g_free(a);
	g_free(book_styles);
	g_ptr_array_free(names, TRUE);
}

struct theme *theme_load(const char *book_dir, const char *styles_dir,
                         const char *name, const struct doc_loc *asked_at)
{
	bool in_book;
	if (!name) {
		/* the default theme: styles/book.yaml (the book's, else
		 * octavo's), else the built-in values it holds */
		char *path = theme_find(book_dir, styles_dir, "book", &in_book);
		bool have = g_file_test(path, G_FILE_TEST_IS_REGULAR);
		g_free(path);
		if (!have)
			return theme_default();
		return theme_load(book_dir, styles_dir, "book", asked_at);
	}
	if (!valid_theme_name(name)) {
		diag(asked_at, THEME_NAME, name);
		return NULL;
	}
	char *path = theme_find(book_dir, styles_dir, name, &in_book);
	char *file = g_strdup_printf("%s.yaml", name);
	char *rel =
	    in_book ? g_build_filename("styles", file, NULL) : g_strdup(file);
	struct infile f = {.kind = INFILE_THEME,
	                   .root = in_book ? book_dir : styles_dir,
	                   .name = rel,
	                   .shown = name,
	                   .at = asked_at,
	                   .quiet_missing = true};
	GBytes *bytes = NULL;
	enum infile_status st = infile_read(&f, &bytes, NULL);
	gsize len = 0;
	const char *data = bytes ? g_bytes_get_data(bytes, &len) : NULL;
	struct theme *t = NULL;
	if (st == INFILE_MISSING)
		report_missing(book_dir, styles_dir, name, asked_at);
	else if (st == INFILE_OK && (t = theme_parse(name, path, data, len)))
		t->in_book = in_book;
	if (bytes)
		g_bytes_unref(bytes);
	g_free(rel);
	g_free(file);
	g_free(path);
	return t;
}

struct theme *theme_parse(const char *name, const char *path, const char *data,
                          size_t len)
{
	yaml_document_t yd;
	if (!yaml_load(path, data, len, &yd))
		return NULL;
	struct theme *t = theme_default();
	free(t->name);
	t->name = xstrdup(name);
	t->path = xstrdup(path);
	bool ok = theme_apply(t, path, &yd);
	yaml_document_delete(&yd);
	if (!ok) {
		theme_free(t);
		return NULL;
	}
	return t;
}
