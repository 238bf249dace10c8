/*
 * lcache.h - the layout cache: what line breaking made of each paragraph
 * (its text with the breaks in, its letter spacing, where its lines begin),
 * keyed by a SHA-256 of everything that goes into it, so that a rebuild
 * after an edit breaks only the paragraphs that changed.
 *
 * The key covers the paragraph's text and attributes (fonts, sizes,
 * styles, links), where it may hyphenate and break, the measure and
 * indent, justification, the language, the widths of a space and a
 * hyphen, the font and hyphenation files (their hashes, lcache_set_scope())
 * and octavo, pango and HarfBuzz themselves.  A hit gives exactly what
 * breaking the paragraph again would: a cached build is byte-identical to
 * a clean one.
 *
 * In memory the cache lives for the process (a book's repeated paragraphs,
 * the editions of `build --all`); with a folder (`--cache DIR`, which
 * `octavo watch` passes its builds) it is read from DIR/layout.cache at the
 * start and written back at the end with the entries this run used.  A
 * file that is not a cache of this octavo, or is damaged, is ignored with
 * a warning; the build then starts from an empty cache.
 *
 * Lookups and stores are safe from the measuring threads.  OCTAVO_CACHE=off
 * turns the cache off (every paragraph broken afresh), for tests that
 * compare.
 */
#ifndef OCTAVO_LCACHE_H
#define OCTAVO_LCACHE_H

#include <stdbool.h>

struct lcache;

/* A cache in memory, filled from dir/layout.cache when dir is not NULL
 * and that file exists.  Returns NULL when OCTAVO_CACHE is "off".  The
 * caller owns it (lcache_free()). */
struct lcache *lcache_open(const char *dir);
/* The identity of the fonts and hyphenation patterns the next layouts
 * use (scope: sources_text(..., true)) and of every file of the fonts
 * folder pango may fall back to (fonts_dir: each file's name, inode,
 * size and times of change): part of every key from now on. */
void lcache_set_scope(struct lcache *c, const char *scope,
                      const char *fonts_dir);
/* Writes the entries this process used to dir/layout.cache (atomically),
 * when the cache has a folder and they differ from what was read; a
 * failure is a warning.  NULL does nothing. */
void lcache_save(struct lcache *c);
/* NULL does nothing. */
void lcache_free(struct lcache *c);
/* Lookups that found an entry, and entries made, so far. */
void lcache_counts(const struct lcache *c, unsigned long *hits,
                   unsigned long *stores);

#endif
