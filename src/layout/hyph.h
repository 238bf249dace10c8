/*
 * hyph.h - hyphenation points from libhyphen, private to src/layout/.
 * Words get U+00AD soft hyphens where the book language's patterns allow a
 * break; pango then breaks there and shows the hyphen.
 */
#ifndef OCTAVO_LAYOUT_HYPH_H
#define OCTAVO_LAYOUT_HYPH_H

#include <glib.h>

struct hyph;

/* The patterns for lang ("en-US" -> hyph_en_US.dic, else hyph_en.dic)
 * from dir; NULL when there are none.  The caller owns the result. */
struct hyph *hyph_new(const char *dir, const char *lang);
void hyph_free(struct hyph *h);
/* Appends len bytes of UTF-8 text to out with soft hyphens in its words. */
void hyph_append(struct hyph *h, GString *out, const char *text, size_t len);

#endif
