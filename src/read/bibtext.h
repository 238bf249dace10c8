/*
 * bibtext.h - inside the BibTeX reader: from raw fields (braces and TeX as
 * written) to a struct bib_entry of plain text.  Private to src/read/.
 */
#ifndef OCTAVO_BIBTEXT_H
#define OCTAVO_BIBTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "bib.h"

/* A field as read: lower-case name, raw value, where the name starts. */
struct bibtext_field {
	const char *name;
	char *value;
	struct doc_loc loc;
};

/* Sets e's fields and authors (in the doc's arena) from the n raw fields;
 * warns about repeated fields and TeX it does not know, and reports a
 * missing required field or a bad urldate as an error (returning false). */
bool bibtext_fill(struct doc *doc, struct bib_entry *e,
                  const struct bibtext_field *fields, size_t n);

/* Raw BibTeX text as plain UTF-8, in the arena: braces dropped, TeX
 * accents and escapes resolved, "--" an en dash, '~' a no-break space,
 * white space collapsed.  An unknown TeX command is left out and its name
 * put in *unknown (in the arena; NULL when all were known). */
char *bibtext_plain(struct doc *doc, const char *raw, const char **unknown);

#endif
