/* breaks.c - total-fit line breaking: the best breaks of a paragraph as a
 * whole, by dynamic programming over its break candidates (Knuth and
 * Plass's method, without TeX's boxes and glue: widths come from pango). */
#include "breaks.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

/* TeX's usual values (plain.tex), but a dearer hyphen: line penalty,
 * hyphen penalty, demerits for two hyphens in a row, for a hyphen on the
 * last full line and for lines of very different tightness side by side;
 * then ours for a line whose word spaces go past p->loose (dearer than
 * any hyphen or tight line: a last resort, like TeX's tolerance) or
 * under p->tight (dearer than a hyphen, cheaper than a loose line). */
enum {
	LOOSE_DEMERITS = 1000000,
	TIGHT_DEMERITS = 100000,
	LINE_PENALTY = 10,
	HYPHEN_PENALTY = 150,
	DOUBLE_HYPHEN = 10000,
	FINAL_HYPHEN = 5000,
	ADJ_DEMERITS = 10000,
	FITS = 4, /* very loose, loose, decent, tight */
	RUNS = 3, /* 0, 1 or 2 hyphenated lines just before */
	STATES = FITS * RUNS,
};

/* Nothing is forbidden outright, so a paragraph always has breaks; these
 * only make the worst choices the last resort. */
#define OVERFULL     1e9
#define THIRD_HYPHEN 1e8

struct node {
	double demerits;
	size_t prev; /* candidate index * STATES + state */
	bool ok;
};

double brk_ratio(const struct brk_cand *a, const struct brk_cand *b, int w,
                 const struct brk_params *p)
{
	int nat = b->end_x - a->start_x;
	int spaces = b->spaces_end - a->spaces_start;
	int chars = b->chars_end - a->chars_start;
	if (nat == w)
		return 0;
	double give =
	    spaces * (double)p->space * (nat < w ? p->stretch : p->shrink) +
	    chars * (double)p->track;
	if (!p->justify) /* ragged right: the slack at the end is the glue */
		give = nat < w ? w / 6.0 : 0;
	if (give <= 0)
		return nat < w ? 1e3 : -1e3;
	return (w - nat) / give;
}

double brk_space_ratio(const struct brk_cand *a, const struct brk_cand *b,
                       int w, const struct brk_params *p)
{
	int spaces = b->spaces_end - a->spaces_start;
	if (!p->justify || p->space <= 0)
		return 1;
	double r = brk_ratio(a, b, w, p);
	/* a word alone on a line its letters cannot fill is as loose as a
	 * line can be (a paragraph of long Tamil words once set its first
	 * word alone: that line escaped the loose lines' demerits) */
	if (spaces <= 0)
		return r > 1 ? HUGE_VAL : 1;
	r = r > 1 ? 1 : r < -1 ? -1 : r;
	double track = r * p->track; /* each letter's share */
	int nat = b->end_x - a->start_x;
	int chars = b->chars_end - a->chars_start;
	double per = (w - nat - track * chars) / spaces;
	return (p->space + per + track) / p->space;
}

static double badness(double r)
{
	double b = 100 * fabs(r * r * r);
	return b > 10000 ? 10000 : b;
}

static int fitness(double r)
{
	return r > 1 ? 0 : r > 0.5 ? 1 : r >= -0.5 ? 2 : 3;
}

/* Demerits of the line a..b (not counting what comes before). */
struct line_cost {
	double demerits;
	int fit;
	bool feasible;
};

static struct line_cost line_cost(const struct brk_cand *c, size_t a, size_t b,
                                  size_t n, const struct brk_params *p)
{
	struct line_cost lc = {0, 2, true};
	int w = a == 0 ? p->first_width : p->width;
	bool last = b == n - 1 || c[b].forced;
	int nat = c[b].end_x - c[a].start_x;
	double r = last && nat <= w ? 0 : brk_ratio(&c[a], &c[b], w, p);
	double extra = 0;
	if (r < -1) {
		lc.feasible = b == a + 1; /* a word wider than the line */
		extra = OVERFULL;
		r = -1;
	}
	double bad = badness(r);
	lc.fit = fitness(r);
	lc.demerits = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) + extra;
	if (c[b].hyphen)
		lc.demerits += HYPHEN_PENALTY * HYPHEN_PENALTY;
	if (!last && (p->loose > 0 || p->tight > 0)) {
		double sr = brk_space_ratio(&c[a], &c[b], w, p);
		if (p->loose > 0 && sr > p->loose)
			lc.demerits += LOOSE_DEMERITS;
		else if (sr < p->tight)
			lc.demerits += TIGHT_DEMERITS;
	}
	lc.demerits += (double)c[b].penalty * c[b].penalty;
	return lc;
}

/* The narrowest a line a..b can be: wider than the measure (the first
 * line's, when it hangs) means every earlier start is too. */
static bool too_wide(const struct brk_cand *a, const struct brk_cand *b,
                     const struct brk_params *p)
{
	int spaces = b->spaces_end - a->spaces_start;
	int chars = b->chars_end - a->chars_start;
	double min = b->end_x - a->start_x;
	if (p->justify)
		min -= spaces * (double)p->space * p->shrink +
		       chars * (double)p->track;
	return min > (p->first_width > p->width ? p->first_width : p->width);
}

static void relax(struct node *nodes, const struct brk_cand *c, size_t a,
                  size_t b, size_t n, const struct line_cost *lc)
{
	bool last = b == n - 1;
	for (int s = 0; s < STATES; s++) {
		const struct node *from = &nodes[a * STATES + s];
		if (!from->ok)
			continue;
		int run = s / FITS, fit = s % FITS;
		double d = from->demerits + lc->demerits;
		int nrun = c[b].hyphen ? run + 1 : 0;
		if (c[b].hyphen && run > 0)
			d += DOUBLE_HYPHEN;
		if (nrun >= RUNS) {
			d += THIRD_HYPHEN;
			nrun = RUNS - 1;
		}
		if (last && run > 0)
			d += FINAL_HYPHEN;
		if (abs(lc->fit - fit) > 1)
			d += ADJ_DEMERITS;
		struct node *to = &nodes[b * STATES + nrun * FITS + lc->fit];
		if (!to->ok || d < to->demerits) {
			to->ok = true;
			to->demerits = d;
			to->prev = a * STATES + (size_t)s;
		}
	}
}

size_t brk_choose(const struct brk_cand *c, size_t n,
                  const struct brk_params *p, size_t *out)
{
	if (n < 2) {
		out[0] = 0;
		return n ? 1 : 0;
	}
	struct node *nodes = xcalloc(n * STATES, sizeof *nodes);
	nodes[2].ok = true; /* candidate 0, no hyphen, decent */
	for (size_t b = 1; b < n; b++) {
		for (size_t a = b; a-- > 0;) {
			if (a + 1 < b && too_wide(&c[a], &c[b], p))
				break;
			struct line_cost lc = line_cost(c, a, b, n, p);
			if (lc.feasible)
				relax(nodes, c, a, b, n, &lc);
			if (c[a].forced)
				break; /* no line runs over a forced break */
		}
	}
	size_t best = SIZE_MAX;
	for (size_t s = 0; s < STATES; s++) {
		const struct node *e = &nodes[(n - 1) * STATES + s];
		if (e->ok &&
		    (best == SIZE_MAX || e->demerits < nodes[best].demerits))
			best = (n - 1) * STATES + s;
	}
	size_t lines = 0;
	for (size_t k = best; k != SIZE_MAX && k / STATES != 0;
	     k = nodes[k].prev)
		lines++;
	size_t i = lines;
	for (size_t k = best; k != SIZE_MAX && k / STATES != 0;
	     k = nodes[k].prev)
		out[--i] = k / STATES;
	free(nodes);
	return lines;
}
