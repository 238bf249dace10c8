/*
 * pass.h - passes: tree -> tree.  Each runs once, in the order of
 * passes_run(), before any output.  A pass reports problems through diag
 * and returns false if the tree must not be rendered.
 */
#ifndef OCTAVO_PASS_H
#define OCTAVO_PASS_H

#include <stdbool.h>

#include <time.h>

#include "doc.h"

struct bib;

/* The book's urn:uuid and modification time (SOURCE_DATE_EPOCH if given). */
bool pass_meta(struct doc *doc, bool have_epoch, time_t epoch);
/* quotation marks and French spacing of the book's language (smart.c) */
bool pass_smart(struct doc *doc);
bool pass_titles(struct doc *doc); /* chapter titles from first headings */
/* Ids by GitHub's rule, unique within each chapter (see ids.c); runs
 * pass_chapter_ids() first, which gives the chapters theirs. */
bool pass_ids(struct doc *doc);
bool pass_chapter_ids(struct doc *doc);
/* The id GitHub gives a heading with this text (before making it unique):
 * the caller g_frees it. */
char *pass_github_id(const char *text);
/* Each node's key, unique in the book (doc.h), once every pass that
 * gives ids has run. */
bool pass_keys(struct doc *doc);
bool pass_notes(struct doc *doc); /* footnote numbers and back links */
/* Citations and the bibliography: reads the .bib named in book.yaml, turns
 * [@key] and @key into DOC_CITATION nodes and makes the DOC_BIBLIOGRAPHY
 * (see doc.h). */
bool pass_cite(struct doc *doc);
/* The same with a bibliography already read (NULL: the book has none). */
bool pass_cite_bib(struct doc *doc, const struct bib *bib);
bool pass_links(struct doc *doc);  /* resolves links between chapters */
bool pass_images(struct doc *doc); /* checks and measures images */

/* A handout's chapters, before they are read: keeps the chapters named in
 * list ("08-safe-use,ch-07-withdrawal": file stems or chapter ids,
 * comma-separated) in the book's order, takes the others out of the tree
 * and records them in doc->meta.left_out.  A name that is no chapter is
 * an error at at (a print in book.yaml), or a usage error when at is NULL
 * (--chapter), naming the known chapters; then it returns false. */
bool pass_select(struct doc *doc, const char *list, const struct doc_loc *at);

/* An id for a node: base made unique in taken (the ids given so far) by
 * unique_name() from -2, then added to it; in doc's arena.  Every pass
 * that gives ids gives them through here. */
typedef struct _GHashTable GHashTable;
const char *pass_unique_id(struct doc *doc, GHashTable *taken,
                           const char *base);

/* Runs every pass in order; in debug builds checks the tree after each. */
bool passes_run(struct doc *doc);

#endif
