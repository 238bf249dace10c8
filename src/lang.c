/* lang.c - facts about languages (lang.h). */
#include "lang.h"

#include <glib.h>
#include <string.h>

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

char *lang_hyphen_dict(const struct theme *t, const char *lang)
{
	if (!t->hyphenate)
		return NULL;
	if (!lang || !*lang)
		lang = "en-US";
	char *name = g_strdup(lang);
	g_strdelimit(name, "-", '_');
	char *path = dict_file(OCTAVO_HYPHEN_DIR, name);
	char *under = strchr(name, '_');
	if (!path && under) {
		*under = '\0';
		path = dict_file(OCTAVO_HYPHEN_DIR, name);
	}
	g_free(name);
	return path;
}
