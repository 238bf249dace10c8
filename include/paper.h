/*
 * paper.h - the paper sizes octavo prints on, in one table (src/paper.c)
 * that the theme, the manifest's prints, the command line and the EPUB's
 * page source all read.  A new size is one line of that table.
 */
#ifndef OCTAVO_PAPER_H
#define OCTAVO_PAPER_H

#include <stdbool.h>

struct paper {
	const char *name;     /* as book.yaml, themes and --paper write it */
	const char *shown;    /* as readers are told it: "US Letter" */
	double width, height; /* portrait, in points */
	bool booklet;         /* a booklet may be imposed on these sheets */
};

/* The units of length, in points: the one conversion (paper_length()
 * reads them; paper_cm() writes centimetres in messages). */
#define PAPER_IN 72.0
#define PAPER_MM (PAPER_IN / 25.4)
#define PAPER_CM (10 * PAPER_MM)

/* Papers made of sizes are 1 in to 200 in each way (PDF's largest). */
#define PAPER_MIN 72.0
#define PAPER_MAX 14400.0

/* The paper called name (ASCII case ignored), or NULL. */
const struct paper *paper_find(const char *name);
/* The paper a theme starts from (A4), and a handout booklet's whose
 * file name does not repeat it. */
const struct paper *paper_default(void);
/* The names of the papers ("a4, letter, a5"), only those that take a
 * booklet when booklet_only, the last one after last_sep (", " or
 * " or "), for messages.  The caller owns it (g_free). */
char *paper_names(bool booklet_only, const char *last_sep);

/* A paper by name (paper_find), or a size written WIDTHxHEIGHT with
 * units, "6in x 9in", "148mm x 210mm", "6 x 9 in" (one unit after both),
 * "x" or "×", spaces allowed; its name is then the size without spaces
 * ("6x9in") and it takes no booklet.  Returns a copy the caller owns
 * (g_free, names included), or NULL with *why, a message the caller owns
 * (g_free). */
struct paper *paper_parse(const char *s, char **why);
/* "unknown paper 's'", with the nearest name or what a size looks like;
 * the caller owns it (g_free). */
char *paper_unknown(const char *s);
/* A length: a number, optional spaces and a unit (pt, mm, cm, in: the one
 * table of units) or none (*unit NULL, *pt the bare number).  *end is
 * after it.  False when s does not start with a number of at least 0. */
bool paper_length(const char *s, double *pt, const char **unit,
                  const char **end);
/* A length in points, in centimetres (for messages). */
double paper_cm(double pt);

#endif
