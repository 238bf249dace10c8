/*
 * read.h - the readers: book.yaml (libyaml) and Markdown chapters
 * (cmark-gfm).  They fill a struct doc and report problems through diag;
 * they never print or exit.
 */
#ifndef OCTAVO_READ_H
#define OCTAVO_READ_H

#include <glib.h>
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

/* A book folder laid out for mdBook: BOOKDIR/book.toml (toml++) into
 * doc->meta, and its SUMMARY.md into the chapter list (src/read/mdbook.c).
 * manifest_read() calls it when the folder has no book.yaml. */
bool mdbook_read(struct doc *doc, const char *book_dir);
/* A warning when book.toml names no language (mdBook's "en" is taken)
 * and most letters of the book's text are of a script English does not
 * use, with a tag to give. */
void mdbook_check_language(const struct doc *doc);
/* The chapters SUMMARY.md at path (relative to the book folder, where at
 * names it) lists, with their nesting and parts, appended to the book;
 * false after errors. */
bool mdbook_summary(struct doc *doc, const char *path,
                    const struct doc_loc *at);
/* What is wrong with chapter path p (relative to the book folder, a .md
 * file, no '.' or '..'), or DIAG_N. */
enum diag_id manifest_chapter_problem(const char *p);

/* The Markdown file of the book folder nearest to src, a chapter that
 * is not there ("did you mean"), or NULL; a string in doc's arena. */
const char *manifest_near_chapter(struct doc *doc, const char *src);
/* The same among the book folder's files whose names end in suffix
 * ("" for any), whether listed or not. */
const char *manifest_near_file(struct doc *doc, const char *src,
                               const char *suffix);

/* A date like 2026-11-25 (a real day)?  A version like 1.2.0 (a digit,
 * then letters, digits, '.', '-', '+': safe in a file name)? */
bool manifest_valid_date(const char *s);
/* A BCP 47 language tag whose subtags are ISO codes (langtag.c)? */
bool manifest_valid_language(const char *s);
bool manifest_valid_version(const char *s);

/* Text files: the line and column (1-based, in characters) of byte off
 * of data, in the file name; and whether data is UTF-8 without NUL bytes,
 * else an error at the first bad byte (false). */
struct doc_loc read_text_loc(const char *name, const char *data, size_t off);
bool read_text_check(const char *name, const char *data, size_t len);

/* The author's style sheet (doc->meta.css) into doc->meta.css_text: a
 * file inside the book folder, UTF-8, at most 1 MB, that names no other
 * file (url(), @import) and closes what it opens.  True when the book
 * has none; false after reporting errors. */
bool stylesheet_read(struct doc *doc);

/* Parses Markdown bytes into chapter (a DOC_CHAPTER already in the tree).
 * name is the file name used in locations.  Checks UTF-8 and NUL bytes
 * first.  Returns false after reporting errors. */
bool markdown_parse(struct doc *doc, struct doc_node *chapter, const char *name,
                    const char *data, size_t len);
/* Raw HTML in chapter (the DOC_HTML_BLOCK and DOC_HTML_INLINE nodes
 * markdown_parse() made, which it takes out) -> our nodes, through
 * libxml2's HTML parser (src/read/html.c).  name, data and len are the
 * chapter's file and source, for locations.  Reports what it cannot
 * render as warnings. */
void html_read(struct doc *doc, struct doc_node *chapter, const char *name,
               const char *data, size_t len);
/* Where a line of a chapter's text came from (mdBook's includes). */
struct include_line {
	const char *file; /* its name in messages */
	unsigned line;
};
/* mdBook's {{#include FILE[:PART]}}, {{#rustdoc_include ...}} and
 * {{#playground FILE}} in data (len bytes of the chapter rel, its real
 * path real and name in messages name), put in place before the Markdown
 * is parsed; {{#title ...}} is taken out and \{{#...}} loses its '\'.
 * True with *out NULL when data has none; true with *out (the text,
 * *out_len bytes, NUL after them; g_free) and *map (a struct
 * include_line per line of *out; g_array_free) when it had some; false
 * after errors at the directives.  The files read go to
 * doc_include_add(). */
bool include_expand(struct doc *doc, const char *rel, const char *real,
                    const char *name, const char *data, size_t len, char **out,
                    size_t *out_len, GArray **map);
/* markdown_parse() of text that include_expand() put together: messages
 * and nodes name the file and line each line came from (map). */
bool markdown_parse_mapped(struct doc *doc, struct doc_node *chapter,
                           const char *name, const char *data, size_t len,
                           const GArray *map);
/* Reads every chapter's file from doc->meta.dir and parses it. */
bool markdown_read_chapters(struct doc *doc);

/* The edition history: if BOOKDIR/CHANGES.md exists, parses it into a new
 * DOC_CHAPTER appended after the listed chapters (u.chapter.generated set,
 * locations in CHANGES.md) and checks its form (see octavo-book(5)): a
 * level-1 title, then one level-2 heading "VERSION (YYYY-MM-DD)" per
 * edition, book.yaml's version among them with book.yaml's date.  Returns
 * false after reporting errors; true when there is no CHANGES.md. */
bool changes_read(struct doc *doc);

#endif
