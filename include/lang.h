/*
 * lang.h - what octavo knows of the languages a book is written in, in one
 * place for every part that needs it: which hyphenation patterns serve a
 * BCP 47 tag (the layout hyphenates with them, sources.c lists them among
 * the files an edition is built from).
 */
#ifndef OCTAVO_LANG_H
#define OCTAVO_LANG_H

#include <stdbool.h>

#include "theme.h"

/* The hyphenation patterns file the book's text in lang ("es-MX") is
 * hyphenated with under theme t: the first of Debian's hyph_es_MX.dic,
 * hyph_es.dic, hyph_es_ES.dic and any hyph_es_*.dic (a script subtag is
 * tried first, with and without the region: hyph_en_Latn_US.dic; no
 * tag: en-US).  NULL when t does not hyphenate or no file is installed.
 * The caller owns the result (g_free). */
char *lang_hyphen_dict(const struct theme *t, const char *lang);
/* Is lang written in a script that splits words with hyphens (Latin,
 * Cyrillic, Greek, Armenian, Georgian)?  Chinese, Thai or Arabic text
 * needs no patterns to be justified. */
bool lang_wants_hyphens(const char *lang);
/* Does theme t justify and hyphenate text in lang, a language written
 * with hyphens, with no patterns installed for it?  Its text is then set
 * ragged-right (rivers, else). */
bool lang_hyphen_missing(const struct theme *t, const char *lang);
/* The folder of the hyphenation patterns: $OCTAVO_HYPHEN_DIR, else
 * /usr/share/hyphen. */
const char *lang_hyphen_dir(void);

#endif
