/* fonts.c - a font map restricted to the fonts folder. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "diag.h"
#include "scripts.h"
#include "suggest.h"
#include "infile.h"
#include "util.h"

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

/* fontconfig's configuration language, for a path in an element. */
static char *xml_escaped(const char *s)
{
	return g_markup_escape_text(s, -1);
}

/* Only the files of wanted (paths) of the folder dir (escaped): the
 * others are refused as fontconfig reads the folder's cache. */
static void select_fonts(GString *xml, const char *dir, GHashTable *wanted)
{
	g_string_append_printf(xml,
	                       "<selectfont><rejectfont><glob>%s/*</glob>"
	                       "</rejectfont><acceptfont>",
	                       dir);
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, wanted);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		char *esc = xml_escaped(key);
		g_string_append_printf(xml, "<glob>%s</glob>", esc);
		g_free(esc);
	}
	g_string_append(xml, "</acceptfont></selectfont>");
}

char **fonts_folders(const char *fonts_dir)
{
	return g_strsplit(fonts_dir, FONTS_FOLDERS_SEP, -1);
}

char *fonts_with_book(const char *fonts_dir, const char *book_dir)
{
	char *own = book_dir ? g_build_filename(book_dir, "fonts", NULL) : NULL;
	char *dirs = own && fonts_dir && g_file_test(own, G_FILE_TEST_IS_DIR)
	                 ? g_strjoin(FONTS_FOLDERS_SEP, fonts_dir, own, NULL)
	                 : g_strdup(fonts_dir);
	g_free(own);
	return dirs;
}

char *fonts_folders_shown(const char *fonts_dir)
{
	char **dirs = fonts_folders(fonts_dir);
	guint n = g_strv_length(dirs);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s",
		                       i == 0       ? ""
		                       : i == n - 1 ? " and "
		                                    : ", ",
		                       dirs[i]);
	g_strfreev(dirs);
	return g_string_free(s, FALSE);
}

void fonts_folder_state(GString *s, const char *dir)
{
	GDir *d = dir ? g_dir_open(dir, 0, NULL) : NULL;
	if (!d)
		return;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(d)))
		if (name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, by_name);
	for (guint i = 0; i < names->len; i++) {
		char *path = g_build_filename(dir, names->pdata[i], NULL);
		struct stat st;
		if (stat(path, &st) == 0)
			g_string_append_printf(
			    s, "%s %ju %ju %jd %jd.%09ld %jd.%09ld\n",
			    (char *)names->pdata[i], (uintmax_t)st.st_dev,
			    (uintmax_t)st.st_ino, (intmax_t)st.st_size,
			    (intmax_t)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
			    (intmax_t)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
		g_free(path);
	}
	g_ptr_array_free(names, TRUE);
}

/* Adds folder dir to the configuration xml (with the files of wanted
 * only, when wanted is not NULL); false after a diagnostic when it cannot
 * be read (fontconfig would only find no fonts in it: the system's reason
 * is told).
 *
 * fontconfig names the cache of a folder after its path and takes it as
 * valid while the folder's own time is unchanged: a font file written
 * over in place, with the same name, leaves that time as it was, and the
 * cache would describe the old font (its families, its letters, its
 * faces in a collection).  So the cache's name also holds the salt of
 * the folder's state (fonts_folder_state(): every file's inode, size and
 * times, ctime included): a changed font is another cache, read anew.
 * A salt of its own (not NULL) gives the folder another cache still. */
static bool add_folder(GString *xml, const char *dir, GHashTable *wanted,
                       const char *own_salt)
{
	GError *err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	if (!d) {
		diag_path(dir, SYSTEM, err->message);
		g_error_free(err);
		return false;
	}
	g_dir_close(d);
	char *abs = g_canonicalize_filename(dir, NULL);
	char *esc = xml_escaped(abs);
	GString *state = g_string_new(own_salt);
	fonts_folder_state(state, abs);
	char *salt = sha256_hex(state->str, state->len);
	g_string_append_printf(xml, "<dir salt=\"%s\">%s</dir>", salt, esc);
	if (wanted)
		select_fonts(xml, esc, wanted);
	g_free(salt);
	g_string_free(state, TRUE);
	g_free(esc);
	g_free(abs);
	return true;
}

/* Where fontconfig keeps what it learnt of the fonts of first (the first
 * folder) and the folders after it: in first's .cache, else, when that
 * cannot be written (octavo installed for all users, run by one), in the
 * user's cache folder ($XDG_CACHE_HOME/octavo/fonts), never in a book's
 * folder.  fontconfig reads a cache from any of them and writes to the
 * first it can. */
static void add_cache_folders(GString *xml, const char *first)
{
	char *abs = g_canonicalize_filename(first, NULL);
	char *own = g_build_filename(abs, ".cache", NULL);
	char *user =
	    g_build_filename(g_get_user_cache_dir(), "octavo", "fonts", NULL);
	const char *dirs[] = {own, user};
	for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
		char *esc = xml_escaped(dirs[i]);
		g_string_append_printf(xml, "<cachedir>%s</cachedir>", esc);
		g_free(esc);
	}
	g_free(user);
	g_free(own);
	g_free(abs);
}

/* fontconfig checks that a cache file is whole and made for its folder,
 * not that its content is what it wrote: a byte changed in it changes
 * the fonts' letters, styles or names, and so the book's faces and its
 * output.  octavo trusts a cache only with the SHA-256 it recorded beside
 * it (FILE.sha256) when fontconfig had just made it. */
static char *record_name(const FcChar8 *cache_file)
{
	return g_strconcat((const char *)cache_file, ".sha256", NULL);
}

/* The SHA-256 of file, or NULL when it cannot be read. */
static char *cache_sum(const char *file)
{
	int err = 0;
	GBytes *b = infile_read_own(file, infile_limit(INFILE_INSTALLED), &err);
	if (!b)
		return NULL;
	gsize len;
	const void *data = g_bytes_get_data(b, &len);
	char *sum = sha256_hex(data, len);
	g_bytes_unref(b);
	return sum;
}

/* Is the cache file what octavo recorded? */
static bool cache_trusted(const FcChar8 *cache_file)
{
	char *name = record_name(cache_file);
	int err = 0;
	GBytes *rec = infile_read_own(name, 128, &err);
	char *sum = rec ? cache_sum((const char *)cache_file) : NULL;
	gsize len = 0;
	const char *text = rec ? g_bytes_get_data(rec, &len) : NULL;
	bool ok = sum && len == strlen(sum) + 1 &&
	          !strncmp(text, sum, strlen(sum)) && text[len - 1] == '\n';
	g_free(sum);
	if (rec)
		g_bytes_unref(rec);
	g_free(name);
	return ok;
}

/* Does fontconfig have a cache of folder abs for cfg that octavo did not
 * record? */
static bool has_untrusted(FcConfig *cfg, const char *abs)
{
	FcChar8 *file = NULL;
	FcCache *cache = FcDirCacheLoad((const FcChar8 *)abs, cfg, &file);
	bool bad = cache && !cache_trusted(file);
	if (cache)
		FcDirCacheUnload(cache);
	FcStrFree(file);
	return bad;
}

/* Removes the caches of cfg's folders (dirs) that octavo did not record;
 * false when one of them is still there (fontconfig does not say when it
 * could not remove a file: another user's, in a folder of theirs). */
static bool drop_untrusted(FcConfig *cfg, char **dirs)
{
	bool ok = true;
	for (size_t i = 0; dirs[i]; i++) {
		char *abs = g_canonicalize_filename(dirs[i], NULL);
		if (has_untrusted(cfg, abs)) {
			FcDirCacheUnlink((const FcChar8 *)abs, cfg);
			ok = !has_untrusted(cfg, abs) && ok;
		}
		g_free(abs);
	}
	return ok;
}

/* Records the SHA-256 of each cache of cfg's folders that has none: only
 * one fontconfig has just made is left without (drop_untrusted()).  A
 * record that cannot be written costs the next build a new reading. */
static void record_caches(FcConfig *cfg, char **dirs)
{
	for (size_t i = 0; dirs[i]; i++) {
		char *abs = g_canonicalize_filename(dirs[i], NULL);
		FcChar8 *file = NULL;
		FcCache *cache =
		    FcDirCacheLoad((const FcChar8 *)abs, cfg, &file);
		if (cache && !cache_trusted(file)) {
			char *sum = cache_sum((const char *)file);
			char *name = record_name(file);
			char *line = sum ? g_strconcat(sum, "\n", NULL) : NULL;
			if (line)
				g_file_set_contents(name, line, -1, NULL);
			g_free(line);
			g_free(name);
			g_free(sum);
		}
		if (cache)
			FcDirCacheUnload(cache);
		FcStrFree(file);
		g_free(abs);
	}
}

/* A configuration of the folders of dirs; NULL after a diagnostic
 * (*told set), when fontconfig failed, or (*distrusted set) when a cache
 * octavo did not record could not be removed. */
static FcConfig *config_of(char **dirs, GHashTable *wanted,
                           const char *own_salt, bool *told, bool *distrusted)
{
	GString *xml = g_string_new("<fontconfig>");
	bool ok = true;
	for (size_t i = 0; ok && dirs[i]; i++)
		ok = add_folder(xml, dirs[i], wanted, own_salt);
	if (ok)
		add_cache_folders(xml, dirs[0]);
	g_string_append(xml, "</fontconfig>");
	FcConfig *cfg = ok ? FcConfigCreate() : NULL;
	if (ok && !cfg)
		diag_path(dirs[0], FONTCONFIG_CONFIG);
	*told = !cfg;
	*distrusted = false;
	if (!cfg) {
		g_string_free(xml, TRUE);
		return NULL;
	}
	/* fontconfig writes SOURCE_DATE_EPOCH into the caches it makes in
	 * place of the folder's time, but checks them against that time:
	 * a cache made under it is never valid, and every build would read
	 * every font again.  Nothing else runs yet: no thread reads the
	 * environment while it is away. */
	char *epoch = g_strdup(g_getenv("SOURCE_DATE_EPOCH"));
	g_unsetenv("SOURCE_DATE_EPOCH");
	ok = FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml->str,
	                                    FcFalse);
	*distrusted = ok && !drop_untrusted(cfg, dirs);
	ok = ok && !*distrusted && FcConfigBuildFonts(cfg);
	if (ok)
		record_caches(cfg, dirs);
	if (epoch)
		g_setenv("SOURCE_DATE_EPOCH", epoch, TRUE);
	g_free(epoch);
	g_string_free(xml, TRUE);
	if (!ok) {
		FcConfigDestroy(cfg);
		return NULL;
	}
	return cfg;
}

/* A fontconfig configuration that knows the fonts of the folders of
 * fonts_dir (fonts.h) and nothing else; NULL after a diagnostic.
 * fontconfig keeps what it learnt of them in a cache (add_cache_folders;
 * it skips names with a dot): reading a font's coverage anew costs time
 * in proportion to its size, and the CJK faces alone would cost a book in
 * English several tenths of a second on every build.  The first build
 * after `make fonts` (or after a font changed) writes the cache.  A cache
 * octavo did not record that it cannot remove (another user's) is passed
 * over: the folders get a salt of this user's. */
static FcConfig *config_for(const char *fonts_dir, GHashTable *wanted)
{
	if (!fonts_dir) {
		diag_path(NULL, FONTS_NO_FOLDER);
		return NULL;
	}
	char **dirs = fonts_folders(fonts_dir);
	bool told, distrusted;
	FcConfig *cfg = config_of(dirs, wanted, NULL, &told, &distrusted);
	if (distrusted) {
		char *salt = g_strdup_printf("user %ju\n", (uintmax_t)getuid());
		cfg = config_of(dirs, wanted, salt, &told, &distrusted);
		g_free(salt);
	}
	FcFontSet *set = cfg ? FcConfigGetFonts(cfg, FcSetSystem) : NULL;
	if (!told && (!set || set->nfont == 0)) {
		char *shown = fonts_folders_shown(fonts_dir);
		diag_path(shown, FONTS_NONE);
		g_free(shown);
		if (cfg)
			FcConfigDestroy(cfg);
		cfg = NULL;
	}
	g_strfreev(dirs);
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

static PangoFontMap *map_for(const char *fonts_dir, GHashTable *wanted)
{
	FcConfig *cfg = config_for(fonts_dir, wanted);
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
	/* every font of dir, for what the book needs and what no font has
	 * (fonts_needed, fonts_check_coverage) */
	char *full_dir;
	FcConfig *full;
	/* the fonts the books built so far need (paths), or NULL: all; the
	 * map holds only these, so that pango sorts a handful of faces for
	 * each font it looks up, not the CJK collections a book in English
	 * never uses */
	GHashTable *wanted;
} shared;

/* The configuration of every font of fonts_dir; NULL after a
 * diagnostic. */
static FcConfig *full_config(const char *fonts_dir)
{
	if (shared.full && fonts_dir && !strcmp(shared.full_dir, fonts_dir))
		return shared.full;
	FcConfig *cfg = config_for(fonts_dir, NULL);
	if (!cfg)
		return NULL;
	if (shared.full)
		FcConfigDestroy(shared.full);
	g_free(shared.full_dir);
	shared.full = cfg;
	shared.full_dir = g_strdup(fonts_dir);
	return cfg;
}

/* From now on the map of fonts_dir holds the files of paths too. */
static void want(const char *fonts_dir, const GPtrArray *paths)
{
	if (!shared.wanted)
		shared.wanted = g_hash_table_new_full(g_str_hash, g_str_equal,
		                                      g_free, NULL);
	bool more = false;
	for (guint i = 0; i < paths->len; i++)
		if (!g_hash_table_contains(shared.wanted, paths->pdata[i])) {
			g_hash_table_add(shared.wanted,
			                 g_strdup(paths->pdata[i]));
			more = true;
		}
	if (more && shared.map && !strcmp(shared.dir, fonts_dir)) {
		/* made for fewer fonts: the next caller gets a new one */
		g_clear_object(&shared.map);
		g_ptr_array_set_size(shared.twins, 0);
	}
}

PangoFontMap *fonts_map_new(const char *fonts_dir)
{
	if (shared.map && fonts_dir && !strcmp(shared.dir, fonts_dir))
		return g_object_ref(shared.map);
	PangoFontMap *map = map_for(fonts_dir, shared.wanted);
	if (!map)
		return NULL;
	if (shared.map)
		g_object_unref(shared.map);
	if (shared.twins)
		g_ptr_array_set_size(shared.twins, 0);
	g_free(shared.dir);
	shared.map = g_object_ref(map);
	shared.dir = g_strdup(fonts_dir);
	if (!shared.twins)
		shared.twins = g_ptr_array_new_with_free_func(g_object_unref);
	return map;
}

/*
 * cairo 1.16 (Debian 12) keeps at most 10 FreeType faces open in the
 * process and, to open another, closes one it reads as unused without
 * taking that font's lock: another thread can be loading a glyph from it.
 * A book in a dozen scripts crashed 2 builds in 3 on 16 threads (in
 * FT_Load_Glyph or just after, under cairo_scaled_font_glyph_extents).
 * So text is laid out on more than one thread only when the map cannot
 * hold more faces than cairo keeps open: nothing is ever closed then.
 */
enum { CAIRO_OPEN_FACES = 10 };

static bool map_fits_open_faces(PangoFontMap *map)
{
	FcFontSet *set = FcConfigGetFonts(
	    pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(map)), FcSetSystem);
	return set && set->nfont <= CAIRO_OPEN_FACES;
}

PangoFontMap *fonts_map_new_for_thread(const char *fonts_dir, unsigned thread)
{
	PangoFontMap *map = fonts_map_new(fonts_dir);
	if (!map)
		return NULL;
	if (!map_fits_open_faces(map)) {
		g_object_unref(map);
		return NULL;
	}
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
	FcConfig *cfg = full_config(fonts_dir);
	if (!cfg)
		return NULL;
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
	return path;
}

/* ------------------------------------------------- the fallback chain */

char *fonts_fc_lang(const char *tag)
{
	if (!tag || !*tag)
		return NULL;
	char **sub = g_strsplit(tag, "-", -1);
	char *l = g_ascii_strdown(sub[0], -1), *region = NULL;
	bool hant = false;
	for (size_t i = 1; sub[i] && strlen(sub[i]) > 1; i++)
		if (strlen(sub[i]) == 4)
			hant = !g_ascii_strcasecmp(sub[i], "Hant");
		else if (strlen(sub[i]) == 2 && g_ascii_isalpha(sub[i][0]) &&
		         !region)
			region = g_ascii_strdown(sub[i], -1);
	char *out;
	if (!strcmp(l, "zh"))
		out = g_strdup_printf("zh-%s", region ? region
		                               : hant ? "tw"
		                                      : "cn");
	else if (region)
		out = g_strdup_printf("%s-%s", l, region);
	else
		out = g_strdup(l);
	g_free(region);
	g_free(l);
	g_strfreev(sub);
	return out;
}

/* The CJK faces after the theme's, the book language's first: the same
 * character is drawn differently in China, Taiwan, Japan and Korea. */
static const char *const cjk_faces[] = {
    "Noto Serif CJK SC", "Noto Serif CJK TC", "Noto Serif CJK JP",
    "Noto Serif CJK KR", "Noto Serif CJK HK"};

static size_t cjk_first(const char *lang)
{
	char *l = fonts_fc_lang(lang);
	size_t first = !l                                           ? 0
	               : g_str_has_prefix(l, "ja")                  ? 2
	               : g_str_has_prefix(l, "ko")                  ? 3
	               : !strcmp(l, "zh-tw") || !strcmp(l, "zh-mo") ? 1
	               : !strcmp(l, "zh-hk")                        ? 4
	                                                            : 0;
	g_free(l);
	return first;
}

const char *fonts_cjk_face(const char *lang)
{
	char *l = fonts_fc_lang(lang);
	bool cjk =
	    l && (g_str_has_prefix(l, "zh") || g_str_has_prefix(l, "ja") ||
	          g_str_has_prefix(l, "ko"));
	g_free(l);
	return cjk ? cjk_faces[cjk_first(lang)] : NULL;
}

char *fonts_base_chain(const struct theme *t, const char *face)
{
	static const char *const base[] = {"greek", "math", "symbols",
	                                   "symbols2", "emoji"};
	GString *s = g_string_new(face);
	for (size_t k = 0; k < G_N_ELEMENTS(base); k++)
		for (size_t i = 0; i < THEME_SCRIPTS; i++)
			if (!strcmp(theme_scripts[i].name, base[k]))
				g_string_append_printf(s, ",%s",
				                       t->script_font[i]);
	g_string_append_printf(s, ",%s", t->mono_font);
	return g_string_free(s, FALSE);
}

char *fonts_chain(const struct theme *t, const char *face, const char *lang)
{
	GString *s = g_string_new(face);
	size_t cjk = cjk_first(lang);
	for (size_t i = 0; i < THEME_SCRIPTS; i++) {
		g_string_append_printf(s, ",%s", t->script_font[i]);
		if (strcmp(theme_scripts[i].name, "cjk"))
			continue;
		g_string_append_printf(s, ",%s", cjk_faces[cjk]);
		for (size_t k = 0; k < G_N_ELEMENTS(cjk_faces); k++)
			if (k != cjk)
				g_string_append_printf(s, ",%s", cjk_faces[k]);
	}
	/* the code face has arrows and box drawing the others lack */
	g_string_append_printf(s, ",%s", t->mono_font);
	return g_string_free(s, FALSE);
}

/* -------------------------------------------------- what the book needs */

/* The configuration of every font of the folder. */
static FcConfig *shared_config(const char *fonts_dir)
{
	return full_config(fonts_dir);
}

static void add_text(FcCharSet *cs, const char *s)
{
	for (const char *p = s; p && *p; p = g_utf8_next_char(p))
		FcCharSetAddChar(cs, g_utf8_get_char(p));
}

/* The scripts of the book's text (GUnicodeScript as pointers). */
static GHashTable *book_scripts(const struct doc *doc)
{
	GHashTable *set = g_hash_table_new(NULL, NULL);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && doc_kind_shows_text(n->kind))
			for (const char *p = n->u.literal.text; p && *p;
			     p = g_utf8_next_char(p))
				g_hash_table_add(
				    set, GINT_TO_POINTER(g_unichar_get_script(
				             g_utf8_get_char(p))));
	const char *title = doc->meta.title;
	for (const char *p = title; p && *p; p = g_utf8_next_char(p))
		g_hash_table_add(set, GINT_TO_POINTER(g_unichar_get_script(
		                          g_utf8_get_char(p))));
	return set;
}

/* Every character of the book's text and of its title page. */
static FcCharSet *book_chars(const struct doc *doc)
{
	FcCharSet *cs = FcCharSetCreate();
	const struct doc_meta *m = &doc->meta;
	add_text(cs, m->title);
	add_text(cs, m->subtitle);
	add_text(cs, m->publisher);
	for (size_t i = 0; i < m->n_authors; i++)
		add_text(cs, m->authors[i]);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && doc_kind_shows_text(n->kind))
			add_text(cs, n->u.literal.text);
	return cs;
}

/* What fonts_needed() works with: the folder's fonts by family, the
 * characters no face taken so far has, the files taken. */
struct need {
	GHashTable *by_family; /* lower-case family -> GPtrArray of FcPattern */
	GPtrArray *all;        /* every FcPattern */
	FcCharSet *left;
	FcChar8 *lang;  /* the book's language as fontconfig names it */
	bool lang_done; /* a face taken covers it (or there is none) */
	GHashTable *files;
};

static void need_init(struct need *n, FcFontSet *set)
{
	n->by_family = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                     (GDestroyNotify)g_ptr_array_unref);
	n->all = g_ptr_array_new();
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *f;
		g_ptr_array_add(n->all, set->fonts[i]);
		if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &f) !=
		    FcResultMatch)
			continue;
		char *key = g_ascii_strdown((const char *)f, -1);
		GPtrArray *pats = g_hash_table_lookup(n->by_family, key);
		if (!pats) {
			pats = g_ptr_array_new();
			g_hash_table_insert(n->by_family, g_strdup(key), pats);
		}
		g_ptr_array_add(pats, set->fonts[i]);
		g_free(key);
	}
	n->files = g_hash_table_new(g_str_hash, g_str_equal);
}

static void need_free(struct need *n)
{
	g_hash_table_destroy(n->by_family);
	g_ptr_array_free(n->all, TRUE);
	g_hash_table_destroy(n->files);
	FcCharSetDestroy(n->left);
	g_free(n->lang);
}

/* Does pattern p cover the book's language? */
static bool has_lang(FcPattern *p, const FcChar8 *lang)
{
	FcLangSet *ls;
	return lang &&
	       FcPatternGetLangSet(p, FC_LANG, 0, &ls) == FcResultMatch &&
	       FcLangSetHasLang(ls, lang) != FcLangDifferentLang;
}

/* Takes the fonts of pats: every one (a family: always, or when one of
 * them has some of the characters left or covers the language still
 * uncovered), else only those with some of the characters left. */
static void take_fonts(struct need *n, GPtrArray *pats, bool family,
                       bool always)
{
	bool want = always;
	bool *has = g_new0(bool, pats->len);
	for (guint i = 0; i < pats->len; i++) {
		FcCharSet *cs;
		if (FcPatternGetCharSet(pats->pdata[i], FC_CHARSET, 0, &cs) !=
		    FcResultMatch)
			continue;
		FcCharSet *rest = FcCharSetSubtract(n->left, cs);
		has[i] = FcCharSetCount(rest) != FcCharSetCount(n->left);
		FcCharSetDestroy(n->left);
		n->left = rest;
		if (!n->lang_done && family &&
		    has_lang(pats->pdata[i], n->lang))
			has[i] = true;
		want = want || has[i];
	}
	for (guint i = 0; i < pats->len; i++) {
		FcChar8 *file;
		if ((family ? want : has[i]) &&
		    FcPatternGetString(pats->pdata[i], FC_FILE, 0, &file) ==
		        FcResultMatch) {
			g_hash_table_add(n->files, file);
			n->lang_done =
			    n->lang_done || has_lang(pats->pdata[i], n->lang);
		}
	}
	g_free(has);
}

static void take_family(struct need *n, const char *family, bool always)
{
	char *key = g_ascii_strdown(family, -1);
	GPtrArray *pats = g_hash_table_lookup(n->by_family, key);
	g_free(key);
	if (pats)
		take_fonts(n, pats, true, always);
}

static gint by_path(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *fonts_needed(const char *fonts_dir, const struct doc *doc,
                        const struct theme *const *themes, size_t n_themes)
{
	FcConfig *cfg = shared_config(fonts_dir);
	if (!cfg)
		return NULL;
	struct need n = {0};
	need_init(&n, FcConfigGetFonts(cfg, FcSetSystem));
	n.left = book_chars(doc);
	n.lang = (FcChar8 *)fonts_fc_lang(doc->meta.language);
	GHashTable *scripts = book_scripts(doc);
	for (size_t k = 0; k < n_themes; k++) {
		const struct theme *t = themes[k];
		const char *faces[] = {t->body_font, t->heading_font,
		                       t->mono_font};
		for (size_t i = 0; i < G_N_ELEMENTS(faces); i++)
			take_family(&n, faces[i], true);
		/* the face scripts.c sets each run of a script in */
		struct scripts *sc =
		    scripts_new_for_config(cfg, t, doc->meta.language);
		GHashTableIter it;
		gpointer key;
		for (int f = 0; f < 3; f++) {
			g_hash_table_iter_init(&it, scripts);
			while (g_hash_table_iter_next(&it, &key, NULL)) {
				char *fam = scripts_face_for(
				    sc, f, (PangoScript)GPOINTER_TO_INT(key));
				if (fam)
					take_family(&n, fam, true);
				g_free(fam);
			}
		}
		scripts_free(sc);
	}
	g_hash_table_destroy(scripts);
	n.lang_done = n.lang_done || !n.lang;
	/* then the faces pango falls back to, letter by letter */
	for (size_t k = 0; k < n_themes; k++) {
		char *chain = fonts_chain(themes[k], themes[k]->body_font,
		                          doc->meta.language);
		char **fam = g_strsplit(chain, ",", -1);
		for (size_t i = 1; fam[i]; i++)
			if (FcCharSetCount(n.left) || !n.lang_done)
				take_family(&n, fam[i], false);
		g_strfreev(fam);
		g_free(chain);
	}
	if (FcCharSetCount(n.left)) /* faces outside the chains */
		take_fonts(&n, n.all, false, false);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, n.files);
	while (g_hash_table_iter_next(&it, &key, NULL))
		g_ptr_array_add(out, g_strdup(key));
	g_ptr_array_sort(out, by_path);
	want(fonts_dir, out);
	need_free(&n);
	return out;
}

/* ---------------------------------------------- letters no font has */

/* Every character some font of the folder has (the set is cfg's). */
static FcCharSet *all_chars(FcConfig *cfg)
{
	FcFontSet *set = FcConfigGetFonts(cfg, FcSetSystem);
	FcCharSet *all = FcCharSetCreate();
	for (int i = 0; set && i < set->nfont; i++) {
		FcCharSet *cs;
		if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) ==
		    FcResultMatch)
			FcCharSetMerge(all, cs, NULL);
	}
	return all;
}

/* Characters drawn as nothing: controls, format marks, separators. */
static bool drawn(gunichar c)
{
	switch (g_unichar_type(c)) {
	case G_UNICODE_CONTROL:
	case G_UNICODE_FORMAT:
	case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR: return false;
	default: return !(c >= 0xFE00 && c <= 0xFE0F); /* variation sel. */
	}
}

/* "Arab", "Hani": the character's script, or what else it is. */
static const char *script_of(gunichar c, char code[5])
{
	if (g_unichar_type(c) == G_UNICODE_PRIVATE_USE)
		return "private use";
	if (g_unichar_type(c) == G_UNICODE_UNASSIGNED)
		return "unassigned";
	guint32 iso = g_unicode_script_to_iso15924(g_unichar_get_script(c));
	code[0] = (char)(iso >> 24);
	code[1] = (char)(iso >> 16);
	code[2] = (char)(iso >> 8);
	code[3] = (char)iso;
	code[4] = '\0';
	return code;
}

/* Reports the characters of text (at loc) that all lacks, those not yet
 * in seen; false if one was an error. */
static bool check_text(const FcCharSet *all, const char *text,
                       const struct doc_loc *loc, GHashTable *seen,
                       bool as_error)
{
	bool ok = true;
	for (const char *p = text; p && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!drawn(c) || FcCharSetHasChar(all, c) ||
		    g_hash_table_contains(seen, GUINT_TO_POINTER(c)))
			continue;
		g_hash_table_add(seen, GUINT_TO_POINTER(c));
		struct doc_loc at = *loc;
		if (at.col && !strchr(text, '\n'))
			at.col += (unsigned)(p - text);
		char code[5], ch[8] = {0};
		g_unichar_to_utf8(c, ch);
		if (as_error)
			diag(&at, GLYPH_MISSING_ERROR, c, ch,
			     script_of(c, code));
		else
			diag(&at, GLYPH_MISSING, c, ch, script_of(c, code));
		ok = !as_error;
	}
	return ok;
}

bool fonts_check_coverage(const char *fonts_dir, const struct doc *doc,
                          const struct theme *t)
{
	FcConfig *cfg = shared_config(fonts_dir);
	if (!cfg)
		return false;
	FcCharSet *all = all_chars(cfg);
	bool ok = true;
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next) {
		GHashTable *seen = g_hash_table_new(NULL, NULL);
		struct doc_iter it;
		const struct doc_node *n;
		enum doc_event ev;
		doc_iter_init(&it, ch);
		while (doc_iter_next(&it, &n, &ev))
			if (ev == DOC_ENTER && doc_kind_shows_text(n->kind))
				ok = check_text(all, n->u.literal.text, &n->loc,
				                seen, t->missing_glyph_error) &&
				     ok;
		g_hash_table_destroy(seen);
	}
	FcCharSetDestroy(all);
	return ok;
}

/* ------------------------------------------------ the theme's faces */

static gint by_string(gconstpointer a, gconstpointer b)
{
	return g_ascii_strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* The families of cfg's fonts, each once, sorted (the caller frees the
 * array). */
static GPtrArray *families_of(FcConfig *cfg)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	FcFontSet *set = FcConfigGetFonts(cfg, FcSetSystem);
	FcChar8 *name;
	for (int i = 0; set && i < set->nfont; i++) {
		if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &name) !=
		    FcResultMatch)
			continue;
		bool seen = false;
		for (guint j = 0; j < names->len && !seen; j++)
			seen = !strcmp(names->pdata[j], (const char *)name);
		if (!seen)
			g_ptr_array_add(names, g_strdup((const char *)name));
	}
	g_ptr_array_sort(names, by_string);
	return names;
}

/* family is not in the folder at all: the families that are. */
static void family_missing(const char *fonts_dir, FcConfig *cfg,
                           const char *family, const struct doc_loc *at)
{
	GPtrArray *names = families_of(cfg);
	const char *near = suggest_nearest(
	    family, (const char *const *)names->pdata, names->len);
	g_ptr_array_add(names, NULL);
	char *list = g_strjoinv(", ", (char **)names->pdata);
	char *shown = fonts_folders_shown(fonts_dir);
	if (near)
		diag(at, FONT_FAMILY_MISSING_NEAR, family, shown, near, list);
	else
		diag(at, FONT_FAMILY_MISSING, family, shown, list);
	g_free(shown);
	g_free(list);
	g_ptr_array_free(names, TRUE);
}

bool fonts_check_theme(const char *fonts_dir, const struct theme *t,
                       const struct doc_loc *asked_at)
{
	static const char *const styles[] = {"regular", "bold", "italic",
	                                     "bold italic"};
	const struct {
		const char *key, *family;
		unsigned styles; /* how many of styles[] it must have */
	} faces[] = {{"body-font", t->body_font, 4},
	             {"heading-font", t->heading_font, 4},
	             {"mono-font", t->mono_font, 2}};
	FcConfig *cfg = full_config(fonts_dir);
	if (!cfg)
		return false;
	bool ok = true;
	for (size_t f = 0; f < G_N_ELEMENTS(faces); f++) {
		const char *family = faces[f].family;
		bool told = false; /* a family named twice is told once */
		for (size_t g = 0; g < f; g++)
			told = told ||
			       !g_ascii_strcasecmp(faces[g].family, family);
		bool have[4];
		GString *there = g_string_new(NULL);
		for (unsigned s = 0; s < 4; s++) {
			int index;
			char *path = fonts_face_file(fonts_dir, family, s & 1,
			                             s & 2, &index);
			have[s] = path != NULL;
			if (path)
				g_string_append_printf(there, "%s%s",
				                       there->len ? ", " : "",
				                       styles[s]);
			g_free(path);
		}
		GString *lack = g_string_new(NULL);
		for (unsigned s = 0; s < faces[f].styles; s++)
			if (!have[s])
				g_string_append_printf(lack, "%s%s",
				                       lack->len ? " or " : "",
				                       styles[s]);
		struct doc_loc at = theme_key_loc(t, faces[f].key, asked_at);
		if (!told && !there->len)
			family_missing(fonts_dir, cfg, family, &at);
		else if (!told && lack->len) {
			char *shown = fonts_folders_shown(fonts_dir);
			diag(&at, FONT_FACE_MISSING, family, lack->str, shown,
			     there->str);
			g_free(shown);
		}
		ok = ok && (told || !lack->len);
		g_string_free(lack, TRUE);
		g_string_free(there, TRUE);
	}
	return ok;
}
