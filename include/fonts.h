/*
 * fonts.h - the fonts octavo may draw with: only those in the fonts folder
 * (opts->fonts_dir, filled by `make fonts`), never the system's, so every
 * machine gives the same output.  Used by the cover and the PDF.
 */
#ifndef OCTAVO_FONTS_H
#define OCTAVO_FONTS_H

#include <pango/pango.h>
#include <stdbool.h>

/* Does the file name end in .ttf, .otf or .ttc (a font the map loads)? */
bool fonts_is_font_file(const char *name);
/* The paths of the font files of dir, sorted: an array of strings the
 * caller owns (g_ptr_array_free), or NULL after a diagnostic. */
GPtrArray *fonts_list(const char *dir);

/* A PangoCairo font map (FreeType) that sees only the fonts in fonts_dir.
 * Returns a reference the caller owns (g_object_unref), or NULL after a
 * diagnostic when the folder cannot be read or holds no fonts.  The map is
 * made once per folder and kept for the life of the process. */
PangoFontMap *fonts_map_new(const char *fonts_dir);
/* Another map of the same fonts, the thread-th (from 1), for a thread that
 * lays text out while the main thread uses fonts_map_new()'s: pango's maps
 * and fonts are not safe to share between threads.  The maps share one
 * fontconfig configuration (fontconfig is thread-safe) and are kept for
 * the life of the process like the first.  Returns a reference the caller
 * owns, or NULL after a diagnostic. */
PangoFontMap *fonts_map_new_for_thread(const char *fonts_dir, unsigned thread);

/* The file of family's face (bold or regular, italic or upright) among
 * the fonts of fonts_dir: its path, which the caller frees, and *index, its
 * face in the file.  NULL when the folder has no such face (fontconfig's
 * nearest match, another family or weight, is not taken), or after a
 * diagnostic when the folder cannot be read. */
char *fonts_face_file(const char *fonts_dir, const char *family, bool bold,
                      bool italic, int *index);

#endif
