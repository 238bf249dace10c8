/*
 * justify.h - a paragraph's line breaks chosen as a whole (breaks.c) over
 * pango's widths and break opportunities, private to src/layout/.  The
 * text gets the breaks as U+2028 (and a hyphen where a word is split), and
 * its word spaces letter spacing, so that pango, laying it out without a
 * width, gives exactly the chosen lines, justified.
 */
#ifndef OCTAVO_LAYOUT_JUSTIFY_H
#define OCTAVO_LAYOUT_JUSTIFY_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "hyph.h"

/* A run of the text whose words may be hyphenated. */
struct justify_run {
	size_t start, len; /* bytes */
};

struct justify_text {
	GString *text;
	PangoAttrList *attrs; /* replaced by a new list (the old one unref'd) */
	struct hyph *hyph;    /* NULL: no hyphenation */
	GArray *runs;         /* struct justify_run, in text order: hyphenated
	                         only if the paragraph needs it */
	GArray *breaks;       /* size_t: more places a line may end (URLs) */
	size_t **indices;     /* byte offsets into text that move with it */
	size_t n_indices;
	GArray *starts; /* size_t, or NULL: filled with the byte (in the text
	                   as given) where each chosen line begins */
	int hyphen_w, space_w; /* widths of "-" and " " in the font */
};

/* Breaks t for lines width wide (the first indent narrower; a negative
 * indent hangs: the lines after the first -indent narrower) in font fd;
 * justify: stretch or shrink the word spaces of all but the last line. */
void justify_paragraph(PangoContext *ctx, const PangoFontDescription *fd,
                       struct justify_text *t, int width, int indent,
                       bool justify);

/* justify_paragraph() through the layout cache c (lcache.h, lcache.c):
 * the cached result when c has this paragraph, else breaks it and keeps
 * the result.  NULL c, or t->starts NULL: justify_paragraph() itself. */
struct lcache;
void justify_paragraph_cached(struct lcache *c, PangoContext *ctx,
                              const PangoFontDescription *fd,
                              struct justify_text *t, int width, int indent,
                              bool justify);

#endif
