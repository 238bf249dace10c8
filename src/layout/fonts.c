/* fonts.c - a font map restricted to the fonts folder. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <stdbool.h>
#include <string.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "diag.h"

bool fonts_is_font_file(const char *name)
{
	return g_str_has_suffix(name, ".ttf") ||
	       g_str_has_suffix(name, ".otf") || g_str_has_suffix(name, ".ttc");
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *fonts_list(const char *dir)
{
	GError *err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	if (!d) {
		diag_path(dir, SYSTEM, err->message);
		g_error_free(err);
		return NULL;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(d)))
		if (fonts_is_font_file(name))
			g_ptr_array_add(names,
			                g_build_filename(dir, name, NULL));
	g_dir_close(d);
	g_ptr_array_sort(names, by_name); /* the same order everywhere */
	return names;
}

/* Adds every font file of dir, by name, one by one: adding the folder
 * would make fontconfig try to write a cache and complain on stderr. */
static bool add_fonts(FcConfig *cfg, const char *dir)
{
	GPtrArray *names = fonts_list(dir);
	bool ok = names != NULL;
	for (guint i = 0; ok && i < names->len; i++)
		if (!FcConfigAppFontAddFile(cfg, names->pdata[i])) {
			diag_path(names->pdata[i], FONT_UNREADABLE);
			ok = false;
		}
	if (names)
		g_ptr_array_free(names, TRUE);
	return ok;
}

/* A fontconfig configuration that knows the fonts of dir and nothing
 * else; NULL after a diagnostic. */
static FcConfig *config_for(const char *dir)
{
	if (!dir) {
		diag_path(NULL, FONTS_NO_FOLDER);
		return NULL;
	}
	FcConfig *cfg = FcConfigCreate();
	if (!cfg) {
		diag_path(dir, FONTCONFIG_CONFIG);
		return NULL;
	}
	if (!add_fonts(cfg, dir)) {
		FcConfigDestroy(cfg);
		return NULL;
	}
	FcFontSet *set = FcConfigGetFonts(cfg, FcSetApplication);
	if (!set || set->nfont == 0) {
		diag_path(dir, FONTS_NONE);
		FcConfigDestroy(cfg);
		return NULL;
	}
	return cfg;
}

/* A new pango map of cfg's fonts; NULL after a diagnostic. */
static PangoFontMap *map_with(FcConfig *cfg)
{
	PangoFontMap *map =
	    pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (!map) {
		diag_path(NULL, PANGO_NO_FREETYPE);
		return NULL;
	}
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), cfg);
	return map;
}

static PangoFontMap *map_for(const char *fonts_dir)
{
	FcConfig *cfg = config_for(fonts_dir);
	if (!cfg)
		return NULL;
	/* A new pango map starts FcInit() in a thread, which reads the
	 * system's configuration and font caches (a tenth of the guide's
	 * EPUB build) unless fontconfig already has a current configuration:
	 * make it this one. */
	if (!FcConfigSetCurrent(cfg)) {
		diag_path(fonts_dir, FONTCONFIG_FOLDER);
		FcConfigDestroy(cfg);
		return NULL;
	}
	PangoFontMap *map = map_with(cfg);
	FcConfigDestroy(cfg); /* the map took its own reference */
	return map;
}

/*
 * One map per fonts folder for the life of the process, shared by the cover
 * and the PDF: fontconfig reads the font files once, not once per output,
 * and since pango 1.50 never drops the reference it takes on a map's
 * FcConfig, a map that was freed would leak its whole configuration.
 */
static struct {
	char *dir;
	PangoFontMap *map;
	GPtrArray *twins; /* PangoFontMap *: the maps for other threads */
} shared;

PangoFontMap *fonts_map_new(const char *fonts_dir)
{
	if (shared.map && fonts_dir && !strcmp(shared.dir, fonts_dir))
		return g_object_ref(shared.map);
	PangoFontMap *map = map_for(fonts_dir);
	if (!map)
		return NULL;
	if (shared.map) {
		g_object_unref(shared.map);
		g_free(shared.dir);
		g_ptr_array_set_size(shared.twins, 0);
	}
	shared.map = g_object_ref(map);
	shared.dir = g_strdup(fonts_dir);
	if (!shared.twins)
		shared.twins = g_ptr_array_new_with_free_func(g_object_unref);
	return map;
}

PangoFontMap *fonts_map_new_for_thread(const char *fonts_dir, unsigned thread)
{
	PangoFontMap *map = fonts_map_new(fonts_dir);
	if (!map)
		return NULL;
	while (shared.twins->len < thread) {
		/* the same fontconfig configuration */
		PangoFontMap *twin = map_with(
		    pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(map)));
		if (!twin)
			break;
		g_ptr_array_add(shared.twins, twin);
	}
	g_object_unref(map);
	return thread && thread <= shared.twins->len
	           ? g_object_ref(shared.twins->pdata[thread - 1])
	           : NULL;
}

/* Does pattern p name family (any of its family names)? */
static bool has_family(FcPattern *p, const char *family)
{
	FcChar8 *name;
	for (int i = 0;
	     FcPatternGetString(p, FC_FAMILY, i, &name) == FcResultMatch; i++)
		if (!g_ascii_strcasecmp((const char *)name, family))
			return true;
	return false;
}

char *fonts_face_file(const char *fonts_dir, const char *family, bool bold,
                      bool italic, int *index)
{
	PangoFontMap *map = fonts_map_new(fonts_dir);
	if (!map)
		return NULL;
	FcConfig *cfg = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(map));
	int weight = bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR;
	int slant = italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN;
	FcPattern *want = FcPatternCreate();
	FcPatternAddString(want, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(want, FC_WEIGHT, weight);
	FcPatternAddInteger(want, FC_SLANT, slant);
	FcConfigSubstitute(cfg, want, FcMatchPattern);
	FcDefaultSubstitute(want);
	FcResult res;
	FcPattern *got = FcFontMatch(cfg, want, &res);
	char *path = NULL;
	FcChar8 *file;
	int w, sl;
	if (got && has_family(got, family) &&
	    FcPatternGetInteger(got, FC_WEIGHT, 0, &w) == FcResultMatch &&
	    FcPatternGetInteger(got, FC_SLANT, 0, &sl) == FcResultMatch &&
	    (w >= FC_WEIGHT_DEMIBOLD) == bold &&
	    (sl != FC_SLANT_ROMAN) == italic &&
	    FcPatternGetString(got, FC_FILE, 0, &file) == FcResultMatch) {
		path = g_strdup((const char *)file);
		if (FcPatternGetInteger(got, FC_INDEX, 0, index) !=
		    FcResultMatch)
			*index = 0;
	}
	if (got)
		FcPatternDestroy(got);
	FcPatternDestroy(want);
	g_object_unref(map);
	return path;
}
