/*
 * sources.h - the exact inputs of a build, and their fingerprint.
 *
 * The list names every file a build reads, one line each, as sha256sum
 * writes them: "HASH  NAME\n" (64 lowercase hex digits, two spaces), sorted
 * by NAME in byte order.  NAME is
 *   book/PATH         a file of the book folder the build reads: book.yaml,
 *                     the chapters, the files they include, CHANGES.md,
 *                     the bibliography, the images and the fonts of its
 *                     fonts/ folder the book uses (PATH relative to the
 *                     book folder)
 *   styles/NAME.yaml  the theme file (none with the built-in theme)
 *   fonts/FILE        the font files (.ttf, .otf, .ttc) of octavo's fonts
 *                     folder the book uses
 *   hyphen/FILE       the hyphenation patterns the PDF uses (when the theme
 *                     hyphenates), from the system's /usr/share/hyphen
 * The book's fingerprint is the SHA-256 of that text.  Names never depend
 * on where the folders are, so a copy of the same files has the same
 * fingerprint.
 */
#ifndef OCTAVO_SOURCES_H
#define OCTAVO_SOURCES_H

#include <glib.h>

#include "doc.h"
#include "theme.h"

struct source {
	char *name;   /* "book/08-safe-use.md", "fonts/CharisSIL-Regular.ttf" */
	char *path;   /* where it was read from */
	char *sha256; /* hex */
	GBytes *bytes; /* what the build read (NULL: an installed file) */
};

/* The files of a book that has been read and passed, with its theme (read
 * from theme->path), the themes of its prints (styles_dir) and the font
 * files of fonts_dir.  Returns a sorted
 * array of struct source that the caller owns (g_ptr_array_unref), or NULL
 * after a diagnostic. */
GPtrArray *sources_collect(const struct doc *doc, const struct theme *theme,
                           const char *styles_dir, const char *fonts_dir);
/* Is the file installed on the machine rather than part of the sources
 * (fonts/, hyphen/)?  An archive keeps only the hashes of those. */
bool sources_is_installed(const char *name);
/* The list as text (see above): every line, or those of installed files
 * only.  The caller owns the result (g_free). */
char *sources_text(const GPtrArray *list, bool installed_only);
/* The fingerprint: SHA-256 of sources_text(list, false).  Caller g_frees. */
char *sources_fingerprint(const GPtrArray *list);

#endif
