/*
 * hyph.h - hyphenation points from libhyphen, private to src/layout/.
 * The line breaker (justify.c) may break words where the book language's
 * patterns allow it; words in compounds ("treatment-resistant"), acronyms
 * and short words are left whole.
 */
#ifndef OCTAVO_LAYOUT_HYPH_H
#define OCTAVO_LAYOUT_HYPH_H

#include <glib.h>

struct hyph;

/* The patterns of the file at path (lang_hyphen_dict()), read when the
 * first word is hyphenated; NULL when path is NULL.  The caller owns the
 * result. */
struct hyph *hyph_new(const char *path);
void hyph_free(struct hyph *h);
/* The file the patterns come from. */
const char *hyph_path(const struct hyph *h);
/* Appends to points (size_t) the byte offsets, plus base, where the words
 * of len bytes of UTF-8 text may be hyphenated.  Threads may call it on
 * the same h at once. */
void hyph_points(struct hyph *h, const char *text, size_t len, size_t base,
                 GArray *points);

#endif
