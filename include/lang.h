/*
 * lang.h - what octavo knows of the languages a book is written in, in one
 * place for every part that needs it: which hyphenation patterns serve a
 * BCP 47 tag (the layout hyphenates with them, sources.c lists them among
 * the files an edition is built from).
 */
#ifndef OCTAVO_LANG_H
#define OCTAVO_LANG_H

#include "theme.h"

/* The hyphenation patterns file the book's text in lang ("en-US") is
 * hyphenated with under theme t: Debian's hyph_en_US.dic, else
 * hyph_en.dic (no tag: en-US).  NULL when t does not hyphenate or no file
 * is installed.  The caller owns the result (g_free). */
char *lang_hyphen_dict(const struct theme *t, const char *lang);

#endif
