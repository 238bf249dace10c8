/*
 * read.h - the readers: book.yaml (libyaml) and Markdown chapters
 * (cmark-gfm).  They fill a struct doc and report problems through diag;
 * they never print or exit.
 */
#ifndef OCTAVO_READ_H
#define OCTAVO_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"

/* Reads BOOKDIR/book.yaml into doc->meta and adds one empty DOC_CHAPTER per
 * listed chapter (u.chapter.src/stem set, loc = where it is listed).
 * Returns false if the manifest is unusable (errors already reported). */
bool manifest_read(struct doc *doc, const char *book_dir);
/* Same, from bytes in memory; name is used in messages (fuzzing, tests). */
bool manifest_parse(struct doc *doc, const char *name, const char *data,
                    size_t len);

/* Parses Markdown bytes into chapter (a DOC_CHAPTER already in the tree).
 * name is the file name used in locations.  Checks UTF-8 and NUL bytes
 * first.  Returns false after reporting errors. */
bool markdown_parse(struct doc *doc, struct doc_node *chapter,
                    const char *name, const char *data, size_t len);
/* Reads every chapter's file from doc->meta.dir and parses it. */
bool markdown_read_chapters(struct doc *doc);

#endif
