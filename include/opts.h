/*
 * opts.h - what the command line asked for.  One struct, passed down; no
 * global option variables.
 */
#ifndef OCTAVO_OPTS_H
#define OCTAVO_OPTS_H

#include <stdbool.h>
#include <time.h>

struct doc_loc;

enum opt_format {
	OPT_EPUB = 1 << 0,
	OPT_PDF = 1 << 1,
	OPT_HANDOUT = 1 << 2, /* the handout command's PDF */
};

struct opts {
	const char *book_dir;      /* folder holding book.yaml */
	const char *out_dir;       /* where outputs go */
	const char *styles_dir;    /* themes */
	const char *fonts_dir;     /* the only fonts the PDF may use */
	const char *locale_dir;    /* the catalogues of octavo's words (po/),
	                              compiled by make; NULL: English */
	const char *templates_dir; /* init: the new book's files */
	const char *paper;         /* --paper, overrides the theme; or NULL */
	const char *theme;         /* --theme, instead of the book's; or NULL */
	/* where theme was named (a print of book.yaml); NULL: the command
	 * line */
	const struct doc_loc *theme_at;
	const char *chapters; /* handout --chapter: stems or ids; or NULL */
	/* where chapters was named (a print of book.yaml); NULL: the command
	 * line */
	const struct doc_loc *chapters_at;
	bool booklet;     /* handout --booklet */
	bool grayscale;   /* handout --grayscale */
	unsigned formats; /* enum opt_format bits */
	bool dump;        /* --dump: print the tree instead */
	bool all;         /* --all: book.yaml's prints too */
	bool have_epoch;  /* SOURCE_DATE_EPOCH was set */
	time_t epoch;
	unsigned threads; /* OCTAVO_THREADS: threads measuring the
	                     print layout (0 counts as 1) */
	/* the fonts the cover is drawn with when the EPUB is rendered on a
	 * thread of its own (NULL: fonts_map_new()'s map); not owned */
	struct _PangoFontMap *cover_fonts;
	const char *cache_dir; /* --cache: where the layout cache is kept */
	/* the layout cache every layout of the run shares (lcache.h), or
	 * NULL; not owned */
	struct lcache *cache;
};

#endif
