/*
 * build.h - one build as a library: read the book and its theme, list and
 * fingerprint its sources, render outputs to memory, write them
 * atomically.  `octavo build`, `archive` and `verify` all build through
 * here, in the same process.
 *
 * Problems go through diag; a function that fails returns NULL or false
 * after its diagnostics.  The caller owns what the functions return.
 */
#ifndef OCTAVO_BUILD_H
#define OCTAVO_BUILD_H

#include <glib.h>
#include <stdbool.h>

#include "doc.h"
#include "opts.h"
#include "theme.h"

struct build {
	struct doc *doc;     /* read and passed; meta.fingerprint set */
	struct theme *theme; /* with --paper applied */
	GPtrArray *sources;  /* struct source, sorted (sources.h) */
	/* the fonts: octavo's folder and the book's own (fonts_with_book) */
	char *fonts_dir;
};

/* One rendered output: its file name (SLUG-VERSION.epub) and bytes. */
struct build_file {
	char *name;
	GByteArray *bytes;
};

/* Reads the book in o->book_dir and its edition history (a handout,
 * o->chapters: only those chapters, no history), and runs the passes.
 * When --chapter names no chapter (a usage error, reported), *usage (if
 * usage is not NULL) is set.  Returns the book (the caller owns it:
 * doc_free) or NULL; with o->dump, the book as far as it could be read
 * even after errors in it (NULL only when book.yaml is unusable). */
struct doc *build_read_book(const struct opts *o, bool *usage);
/* build_read_book(), then the theme and the sources.  Release with
 * build_free(). */
struct build *build_load(const struct opts *o, bool *usage);
void build_free(struct build *b);

/* Renders each output of formats (enum opt_format bits), in the order of
 * the outputs table in build.c.  Returns a GPtrArray of struct build_file
 * (freed with the array), or NULL when any output failed. */
GPtrArray *build_render(const struct build *b, const struct opts *o,
                        unsigned formats);
/* Renders the prints book.yaml lists (prints:) and appends them to files
 * (from build_render).  Returns false when any failed. */
bool build_render_prints(const struct build *b, const struct opts *o,
                         GPtrArray *files);
/* Writes the files into dir (created if missing) through fsout: all of
 * them or none.  Returns true when every file is in place. */
bool build_write(const GPtrArray *files, const char *dir);

#endif
