/*
 * suggest.h - "did you mean": the name nearest to a misspelt one, among
 * the names that exist (manifest and theme keys, chapter files, themes).
 * Nothing is allocated; the result is one of the candidates.
 */
#ifndef OCTAVO_SUGGEST_H
#define OCTAVO_SUGGEST_H

#include <stddef.h>

/* The candidate nearest to word, when it is near enough to be what was
 * meant, else NULL: at most one edit (a letter added, dropped, changed,
 * or two swapped) per three letters, or the same text but for case, or
 * one of the two starting the other (4 letters at least).  For file names
 * the extension is left out and a candidate with the same last path
 * component counts too.  Ties go to the earlier candidate. */
const char *suggest_nearest(const char *word, const char *const *cands,
                            size_t n);

/* The edit distance of a and b (optimal string alignment, ASCII letters
 * compared without case); stops counting above limit. */
size_t suggest_distance(const char *a, const char *b, size_t limit);

#endif
