/*
 * breaks.h - total-fit line breaking (after Knuth and Plass), private to
 * src/layout/.  Pure arithmetic on widths that measure took from pango:
 * it picks the breaks of a whole paragraph at once so its word spaces are
 * as even as they can be, with at most two hyphenated lines in a row.
 */
#ifndef OCTAVO_LAYOUT_BREAKS_H
#define OCTAVO_LAYOUT_BREAKS_H

#include <stdbool.h>
#include <stddef.h>

/* A place a line may end (and the next begin).  Candidate 0 is the start
 * of the paragraph, the last one its end.  x positions are on one
 * unbroken line of the whole paragraph. */
struct brk_cand {
	int start_x;      /* where a line starting here begins */
	int end_x;        /* where a line ending here ends (hyphen included) */
	int spaces_start; /* word spaces before start_x */
	int spaces_end;   /* word spaces before end_x */
	int chars_start, chars_end; /* other characters before them */
	bool hyphen;                /* a line ending here ends in a hyphen */
	int penalty; /* more cost for a line ending here (emergency breaks) */
	bool forced; /* a line must end here */
};

struct brk_params {
	int width;              /* the measure */
	int first_width;        /* the first line's (indent taken off) */
	int space;              /* a natural word space */
	double stretch, shrink; /* of a space, as a share of it */
	int track;    /* letter spacing a character may take or give */
	bool justify; /* false: ragged right, slack is only judged */
	/* word spaces (x natural) beyond which a line is loose or tight:
	 * a loose line costs more than a hyphen or a tight line, a tight
	 * one more than a hyphen (0: no such limit) */
	double loose, tight;
};

/* Chooses the breaks: writes the indices of the candidates that end
 * lines into out (room for n entries), the last one being n - 1.
 * Returns the number of lines. */
size_t brk_choose(const struct brk_cand *c, size_t n,
                  const struct brk_params *p, size_t *out);

/* The stretch ratio of a line from candidate a to b at width w:
 * 0 natural, 1 fully stretched, -1 fully shrunk. */
double brk_ratio(const struct brk_cand *a, const struct brk_cand *b, int w,
                 const struct brk_params *p);

/* The word spaces of that line, as a multiple of the natural space, when
 * its letters take their proportional share of the slack (all of their
 * track when the line stretches further).  justify.c spaces the letters
 * less while the word spaces alone stay near natural: their spaces are
 * never looser than the larger of this figure and that band's top, nor
 * tighter than the smaller of it and the band's bottom, so a line this
 * figure finds fair (the breaks are judged on it) is set fair.  A line
 * without spaces is 1, or HUGE_VAL when its letters cannot fill it. */
double brk_space_ratio(const struct brk_cand *a, const struct brk_cand *b,
                       int w, const struct brk_params *p);

#endif
