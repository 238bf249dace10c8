/*
 * theme.h - the look of a book, read from styles/NAME.yaml.  The same theme
 * gives the EPUB its CSS and the PDF its page, fonts and spacing.
 *
 * Lengths are in points (1/72 in).  Strings are owned by the theme and go
 * away with theme_free().
 */
#ifndef OCTAVO_THEME_H
#define OCTAVO_THEME_H

#include <stdbool.h>

#include "diag.h"
#include "paper.h"

/* Sizes that give a readable page (documented in octavo(1)): body text
 * from THEME_BODY_MIN to THEME_BODY_MAX pt; a text block (the paper less
 * its margins) at least THEME_BLOCK_MIN pt (5 cm) each way and as high as
 * three lines of body text and one level-1 heading. */
#define THEME_BODY_MIN  6.0
#define THEME_BODY_MAX  72.0
#define THEME_BLOCK_MIN (5 * PAPER_CM)
/* The most bleed a theme may ask: 0.5 in (printers ask 3 mm or 0.125 in). */
#define THEME_BLEED_MAX 36.0
enum { THEME_MAX_KEYS = 40 };

struct theme_page {
	double width, height;             /* paper size: the trimmed page */
	double top, bottom, inner, outer; /* margins */
	double bleed;    /* printed beyond the trim on each side (0: none) */
	bool crop_marks; /* with a bleed: marks at the trim, outside it */
};

/* The scripts a theme may name a face for (font-NAME: in the YAML), in
 * the order pango tries them after the theme's body, heading or mono
 * face; theme_scripts[] gives each its name and its face by default. */
enum { THEME_SCRIPTS = 28 };
struct theme_script {
	const char *name;   /* "arabic": the key font-arabic */
	const char *family; /* the face in octavo's fonts folder */
};
extern const struct theme_script theme_scripts[THEME_SCRIPTS];

struct theme {
	char *name;
	char *path;   /* the file it was read from; NULL for the defaults */
	bool in_book; /* path is in the book folder's styles/ */
	char *paper;  /* its name, "a4", "us-trade", or size, "6x9in" */
	struct theme_page page;
	char *body_font; /* family name, e.g. "Charis SIL" */
	char *heading_font;
	char *mono_font;
	char *script_font[THEME_SCRIPTS]; /* after those, by theme_scripts */
	bool missing_glyph_error;         /* a letter no font has is an error */
	double body_size;                 /* pt */
	double leading; /* line height as a multiple of body_size */
	double
	    paragraph_indent; /* em; 0 = block paragraphs with space between */
	double paragraph_space;           /* em between paragraphs */
	double h1_size, h2_size, h3_size; /* as multiples of body_size */
	double note_size; /* footnotes, as a multiple of body_size */
	bool justify;
	bool hyphenate;
	bool recto_chapters; /* chapters open on odd pages */
	double min_size;     /* pt: no text is set smaller (0: no floor) */
	bool emphasis_bold;  /* emphasis in bold, and nothing in italics */
	bool link_underline; /* links underlined, not told by colour alone */
	bool embed_fonts;    /* the EPUB carries subsets of its fonts */
	bool grayscale;      /* colours and images in grays (theme_grayscale) */
	double min_contrast; /* text and accent against the white page */
	char *text_color;    /* "#rrggbb" */
	char *accent_color;  /* headings, rules, cover */
	char *background_color; /* cover background */
	/* where the theme file set each key (line 0: it did not), in the
	 * order of theme.c's key table, for messages about the page */
	struct {
		unsigned line, col;
	} key_at[THEME_MAX_KEYS];
};

/* The built-in defaults (a complete theme the caller owns). */
struct theme *theme_default(void);
/* Reads NAME.yaml over the defaults, from book_dir/styles/ when the book
 * has it, else from styles_dir (NAME NULL: the default theme, "book",
 * when either has it).  book_dir may be NULL.  Returns NULL after
 * reporting errors through diag.  The caller owns the result. */
struct theme *theme_load(const char *book_dir, const char *styles_dir,
                         const char *name, const struct doc_loc *asked_at);
/* Theme NAME from the YAML text data (len bytes) of the file at path
 * (for messages: it must outlive them), over the defaults.  NULL after
 * reporting errors through diag; the caller owns the result. */
struct theme *theme_parse(const char *name, const char *path, const char *data,
                          size_t len);
/* The path theme NAME is read from (book_dir's styles/ first; *in_book
 * says which), whether or not it exists; the caller owns it (g_free). */
char *theme_find(const char *book_dir, const char *styles_dir, const char *name,
                 bool *in_book);
/* The page as it is printed (after --paper, a booklet's half sheet)
 * against the limits above: an error at the theme key that breaks one,
 * else at asked_at.  False after a diagnostic. */
bool theme_check_page(const struct theme *t, const struct doc_loc *asked_at);
/* Where the theme file set key ("body-font"), else asked_at. */
struct doc_loc theme_key_loc(const struct theme *t, const char *key,
                             const struct doc_loc *asked_at);
/* Sets the page size from a paper's name ("a4", "us-trade") or size
 * ("6in x 9in"), as paper_parse() reads them.  Returns NULL, or why it
 * cannot (a message the caller owns, g_free) and changes nothing. */
char *theme_set_paper(struct theme *t, const char *paper);
void theme_free(struct theme *t);
/* The WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21). */
double theme_contrast(const char *a, const char *b);
/* Turns every colour of t into the gray of the same luminance, darkened
 * where needed so text and accent stand at least 7:1 against white. */
void theme_grayscale(struct theme *t);

#endif
