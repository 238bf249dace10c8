/* lang.c - facts about languages (lang.h). */
#include "lang.h"

#include <glib.h>
#include <pango/pango.h>
#include <string.h>

#include "fonts.h"

/* Debian's hyphen-* packages install their patterns here. */
#ifndef OCTAVO_HYPHEN_DIR
#define OCTAVO_HYPHEN_DIR "/usr/share/hyphen"
#endif

/* dir/hyph_NAME.dic if it is a file (the caller g_frees it), else NULL. */
static char *dict_file(const char *dir, const char *name)
{
	char *path = g_strdup_printf("%s/hyph_%s.dic", dir, name);
	if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return path;
	g_free(path);
	return NULL;
}

/* The first dir/hyph_LANG_*.dic in name order (the caller g_frees it),
 * or NULL. */
static char *any_region(const char *dir, const char *lang)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	char *prefix = g_strdup_printf("hyph_%s_", lang);
	char *best = NULL;
	const char *name;
	while (d && (name = g_dir_read_name(d)))
		if (g_str_has_prefix(name, prefix) &&
		    g_str_has_suffix(name, ".dic") &&
		    (!best || strcmp(name, best) < 0)) {
			g_free(best);
			best = g_strdup(name);
		}
	if (d)
		g_dir_close(d);
	char *path = best ? g_build_filename(dir, best, NULL) : NULL;
	g_free(best);
	g_free(prefix);
	return path;
}

/* The patterns for a tag, whatever the theme. */
static char *dict_for(const char *lang)
{
	const char *dir = lang_hyphen_dir();
	if (!lang || !*lang)
		lang = "en-US";
	/* language, script, region of the tag */
	char **sub = g_strsplit(lang, "-", -1);
	char *l = g_ascii_strdown(sub[0], -1), *script = NULL, *region = NULL;
	for (size_t i = 1; sub[i] && strlen(sub[i]) > 1; i++)
		if (strlen(sub[i]) == 4 && !script && !region)
			script = g_strdup(sub[i]);
		else if (strlen(sub[i]) == 2 && !region)
			region = g_ascii_strup(sub[i], -1);
	char *up = g_ascii_strup(l, -1);
	/* en-Latn-US, en-US, en-Latn, en, then the language's own country
	 * (es_ES, ru_RU, de_DE: Debian has no hyph_es.dic), then any of
	 * its countries */
	char *names[] = {
	    script && region ? g_strdup_printf("%s_%s_%s", l, script, region)
	                     : NULL,
	    region ? g_strdup_printf("%s_%s", l, region) : NULL,
	    script ? g_strdup_printf("%s_%s", l, script) : NULL,
	    g_strdup(l),
	    g_strdup_printf("%s_%s", l, up),
	};
	char *path = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		if (!path && names[i])
			path = dict_file(dir, names[i]);
		g_free(names[i]);
	}
	if (!path)
		path = any_region(dir, l);
	g_free(up);
	g_free(script);
	g_free(region);
	g_free(l);
	g_strfreev(sub);
	return path;
}

char *lang_hyphen_dict(const struct theme *t, const char *lang)
{
	return t->hyphenate ? dict_for(lang) : NULL;
}

/* Scripts set with hyphens where a word is split. */
static bool hyphen_script(GUnicodeScript s)
{
	return s == G_UNICODE_SCRIPT_LATIN || s == G_UNICODE_SCRIPT_CYRILLIC ||
	       s == G_UNICODE_SCRIPT_GREEK || s == G_UNICODE_SCRIPT_ARMENIAN ||
	       s == G_UNICODE_SCRIPT_GEORGIAN;
}

bool lang_wants_hyphens(const char *lang)
{
	/* a script subtag says it: sr-Latn, az-Arab */
	for (const char *p = lang ? strchr(lang, '-') : NULL; p;
	     p = strchr(p + 1, '-'))
		if (strcspn(p + 1, "-") == 4) {
			guint32 iso = ((guint32)g_ascii_toupper(p[1]) << 24) |
			              ((guint32)g_ascii_tolower(p[2]) << 16) |
			              ((guint32)g_ascii_tolower(p[3]) << 8) |
			              (guint32)g_ascii_tolower(p[4]);
			return hyphen_script(
			    g_unicode_script_from_iso15924(iso));
		}
	char *simple = fonts_fc_lang(lang ? lang : "en");
	int n = 0;
	const PangoScript *s =
	    pango_language_get_scripts(pango_language_from_string(simple), &n);
	g_free(simple);
	if (!s || !n)
		return true; /* a language pango does not know: likely Latin */
	for (int i = 0; i < n; i++)
		if (hyphen_script((GUnicodeScript)s[i]))
			return true;
	return false;
}

bool lang_hyphen_missing(const struct theme *t, const char *lang)
{
	if (!t->hyphenate || !t->justify || !lang_wants_hyphens(lang))
		return false;
	char *path = dict_for(lang);
	g_free(path);
	return path == NULL;
}

const char *lang_hyphen_dir(void)
{
	const char *dir = g_getenv("OCTAVO_HYPHEN_DIR");
	return dir && *dir ? dir : OCTAVO_HYPHEN_DIR;
}
