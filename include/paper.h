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

/* The paper called name (ASCII case ignored), or NULL. */
const struct paper *paper_find(const char *name);
/* The names of the papers ("a4, letter, a5"), only those that take a
 * booklet when booklet_only, the last one after last_sep (", " or
 * " or "), for messages.  The caller owns it (g_free). */
char *paper_names(bool booklet_only, const char *last_sep);

#endif
