/*
 * bib.h - a strict BibTeX reader.  It reads what reference managers export:
 *
 *   @string{nlm = "U.S. National Library of Medicine"}
 *   @comment{anything}
 *   @online{pmc,
 *     title        = {PubMed Central ({PMC})},
 *     organization = nlm,
 *     url          = "https://www.ncbi.nlm.nih.gov/pmc/",
 *     year         = 2000 # "--" # 2024,
 *   }
 *
 * Entry types and field names are case-insensitive; a field's value is a
 * {braced} or "quoted" string, a number or a @string name, joined with '#'.
 * Types read: article, book, online (www, electronic), misc, report
 * (techreport); any other type is read as misc with a warning.  Text
 * outside entries is a comment, as in BibTeX.
 *
 * Every problem is reported through diag as file:line:col (a malformed entry
 * says what was expected there; a duplicate key names the line of the
 * first; a missing required field names the entry), and the reader goes on
 * to the next entry so that one run shows every problem.
 *
 * Ownership: the struct bib, its entries and every string live in the doc's
 * arena and go away with doc_free().
 */
#ifndef OCTAVO_BIB_H
#define OCTAVO_BIB_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"

/* A value may hold at most BIB_VALUE_MAX bytes with its @strings put in,
 * and the @strings put into all values add up to BIB_EXPANDED_MAX at most
 * (octavo(1), LIMITS). */
enum { BIB_VALUE_MAX = 1 << 20, BIB_EXPANDED_MAX = 64 << 20 };

enum bib_type { BIB_ARTICLE, BIB_BOOK, BIB_ONLINE, BIB_MISC, BIB_REPORT };

/* One name of an author list ("Last, First", "First von Last" or
 * "{Corporate Name}").  Strings are plain text (braces and TeX accents
 * resolved); first, von and jr may be NULL. */
struct bib_name {
	const char *first, *von, *last, *jr;
	bool corporate; /* {Braced Whole}: never split or abbreviated */
	bool others;    /* "and others": et al. */
};

/* Field values are plain UTF-8 text: braces removed, TeX accents and
 * escapes (\"o, \&, --, ~) turned into characters, white space collapsed.
 * A field not given is NULL. */
struct bib_entry {
	enum bib_type type;
	const char *key;          /* as written */
	struct doc_loc loc;       /* the entry's '@' */
	struct bib_name *authors; /* n_authors of them */
	size_t n_authors;
	const char *title, *journal, *year, *month, *volume, *number, *pages,
	    *edition, *publisher, *address, *organization, *institution, *url,
	    *urldate, *note, *howpublished, *doi;
};

struct bib {
	const char *file;           /* the name used in messages */
	struct bib_entry **entries; /* in file order */
	size_t n_entries;
	struct bib_entry **by_key; /* sorted by key (strcmp) */
	const char **broken;       /* keys of entries that could not be read */
	size_t n_broken;
};

/* Reads BibTeX bytes (name is the file name used in messages).  Always
 * returns a bib (in the doc's arena) holding the entries that could be
 * read; returns false in *ok after any error.  Checks UTF-8 first. */
struct bib *bib_parse(struct doc *doc, const char *name, const char *data,
                      size_t len, bool *ok);
/* The entry with exactly this key, or NULL. */
const struct bib_entry *bib_find(const struct bib *bib, const char *key);
/* An entry whose key differs from key only in case, or NULL (hints). */
const struct bib_entry *bib_find_nocase(const struct bib *bib, const char *key);
/* Was there an entry with this key that could not be read (an error
 * already given)? */
bool bib_is_broken(const struct bib *bib, const char *key);
/* "article", "book", "online", "misc", "report". */
const char *bib_type_name(enum bib_type type);

#endif
