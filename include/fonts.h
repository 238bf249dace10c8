/*
 * fonts.h - the fonts octavo may draw with: only those in the fonts folder
 * (opts->fonts_dir, filled by `make fonts`) and the book's own fonts/
 * folder, never the system's, so every machine gives the same output.
 * Used by the cover and the PDF.
 *
 * A fonts_dir below names one folder or several, one a line
 * (FONTS_FOLDERS_SEP): fonts_with_book() adds the book's own.
 */
#ifndef OCTAVO_FONTS_H
#define OCTAVO_FONTS_H

#include <pango/pango.h>
#include <stdbool.h>

#include "doc.h"
#include "theme.h"

#define FONTS_FOLDERS_SEP "\n"

/* fonts_dir and, when book_dir has one, its fonts/ folder: the book's
 * faces are added to octavo's, they never replace them.  The caller
 * g_frees it. */
char *fonts_with_book(const char *fonts_dir, const char *book_dir);
/* The folders of fonts_dir (g_strfreev). */
char **fonts_folders(const char *fonts_dir);
/* The folders of fonts_dir for a message: "A" or "A and B" (g_free). */
char *fonts_folders_shown(const char *fonts_dir);

/* Appends to s what tells the files of folder dir apart (not its hidden
 * ones), a line each in name order: name, device, inode, size, times of
 * modification and of change.  Any write to a file changes its ctime,
 * which no one can set back: a font changed in place changes the text.
 * Nothing for a folder that cannot be read. */
void fonts_folder_state(GString *s, const char *dir);

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
 * owns, or NULL after a diagnostic, or NULL with no message when the map
 * holds more faces than cairo keeps open at once (fonts.c): then only one
 * thread may draw or measure text. */
PangoFontMap *fonts_map_new_for_thread(const char *fonts_dir, unsigned thread);

/* The file of family's face (bold or regular, italic or upright) among
 * the fonts of fonts_dir: its path, which the caller frees, and *index, its
 * face in the file.  NULL when the folder has no such face (fontconfig's
 * nearest match, another family or weight, is not taken), or after a
 * diagnostic when the folder cannot be read. */
char *fonts_face_file(const char *fonts_dir, const char *family, bool bold,
                      bool italic, int *index);

/* A BCP 47 tag as fontconfig and pango name languages: the language and
 * a two-letter region, lower case; Chinese by its region or script
 * (zh-Hans: zh-cn, zh-Hant: zh-tw).  NULL for NULL; the caller g_frees
 * it. */
char *fonts_fc_lang(const char *tag);

/* The families pango is given for face (a theme's body, heading or mono
 * face): face, then the theme's face for each script (theme_scripts),
 * the CJK faces with lang's first (ja, ko, zh-Hant, zh-HK; else
 * Simplified Chinese), then the theme's code face.  The caller g_frees
 * it. */
char *fonts_chain(const struct theme *t, const char *face, const char *lang);
/* The CJK face of lang's forms of the Han letters ("Noto Serif CJK JP"
 * for ja), or NULL when lang is not of China, Japan or Korea. */
const char *fonts_cjk_face(const char *lang);
/* The families of face's font descriptions: face, then the faces of no
 * one script (Noto Serif for Latin beyond it, maths, symbols, emoji) and
 * the code face.  A run of another script gets its face as an attribute
 * (scripts.c): pango hashes and compares the family list of every
 * description, so the full chain on each would cost every layout.  The
 * caller g_frees it. */
char *fonts_base_chain(const struct theme *t, const char *face);

/* The font files of fonts_dir (paths, sorted; the caller frees the array)
 * that doc's outputs may draw with in the themes (the book's and its
 * prints'): every style of their faces, and of each face of their chains
 * that has a character of the book's text no face before it has, or the
 * first that covers the book's language.  NULL after a diagnostic.
 * Reads no font file: what fontconfig knows of each is in its cache. */
GPtrArray *fonts_needed(const char *fonts_dir, const struct doc *doc,
                        const struct theme *const *themes, size_t n_themes);

/* Reports each character of doc's chapters that no font of fonts_dir has,
 * once per character and chapter, where it first is: a warning, or an
 * error when the theme says missing-glyphs: error.  False after an
 * error. */
bool fonts_check_coverage(const char *fonts_dir, const struct doc *doc,
                          const struct theme *t);

/* Are the theme's faces in fonts_dir: the body and heading fonts in all
 * four styles (regular, bold, italic, bold italic), the code font upright
 * in regular and bold?  Each family or face that is not is an error at the
 * theme key that names it (else at asked_at), naming the families or the
 * family's faces that are there: no text falls back quietly to another
 * font.  False after an error. */
bool fonts_check_theme(const char *fonts_dir, const struct theme *t,
                       const struct doc_loc *asked_at);

#endif
