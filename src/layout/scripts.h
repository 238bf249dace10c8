/*
 * scripts.h - the face each script of a text is set in, private to
 * src/layout/.  A theme's face may have a few letters of a script (Charis
 * SIL has the Greek letters of phonetics, not all of Greek): letter by
 * letter fallback would then mix two faces in one word.  A run of text in
 * a script the face does not cover (by fontconfig's language coverage)
 * is set in the first face of the fallback chain that does.
 */
#ifndef OCTAVO_LAYOUT_SCRIPTS_H
#define OCTAVO_LAYOUT_SCRIPTS_H

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>

#include "theme.h"

struct scripts;

/* For the faces of t (their fallback chains), in lang's order, with the
 * fonts of map.  The caller owns the result. */
struct scripts *scripts_new(PangoFontMap *map, const struct theme *t,
                            const char *lang);
/* The same with the fonts of a fontconfig configuration. */
struct scripts *scripts_new_for_config(FcConfig *cfg, const struct theme *t,
                                       const char *lang);
void scripts_free(struct scripts *s);
/* The face a run of script is set in when face (0 body, 1 heading, 2
 * mono) does not cover it, or NULL (the caller g_frees it). */
char *scripts_face_for(struct scripts *s, int face, PangoScript script);
/* The families of face's descriptions (0 body, 1 heading, 2 mono): the
 * face and the faces of no one script (fonts_base_chain()).  Owned by
 * s. */
const char *scripts_chain(const struct scripts *s, int face);
/* Gives each run of text (len bytes) in a script that face does not
 * cover a family attribute naming the face that does first.  lang is the
 * text's language (NULL: the book's): a Japanese chapter of a Chinese or
 * English book gets the Japanese forms of the Han letters. */
void scripts_apply(struct scripts *s, int face, const char *text, size_t len,
                   PangoAttrList *attrs, const char *lang);
/* The same for the bytes [from, to) of text, in language lang (an inline
 * element's lang=): their faces replace those given before. */
void scripts_apply_range(struct scripts *s, int face, const char *text,
                         size_t from, size_t to, PangoAttrList *attrs,
                         const char *lang);

#endif
