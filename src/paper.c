/* paper.c - the paper sizes (paper.h). */
#include "paper.h"

#include <glib.h>

/* ISO 216 A sizes in points (1 mm = 72 / 25.4 pt), US Letter 8.5 x 11 in. */
static const struct paper papers[] = {
    {"a4", "A4", 595.276, 841.89, true},
    {"letter", "US Letter", 612, 792, true},
    {"a5", "A5", 419.528, 595.276, false},
};

const struct paper *paper_find(const char *name)
{
	for (size_t i = 0; name && i < G_N_ELEMENTS(papers); i++)
		if (!g_ascii_strcasecmp(name, papers[i].name))
			return &papers[i];
	return NULL;
}

char *paper_names(bool booklet_only, const char *last_sep)
{
	GPtrArray *names = g_ptr_array_new();
	for (size_t i = 0; i < G_N_ELEMENTS(papers); i++)
		if (!booklet_only || papers[i].booklet)
			g_ptr_array_add(names, (gpointer)papers[i].name);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < names->len; i++) {
		if (i)
			g_string_append(s,
			                i + 1 == names->len ? last_sep : ", ");
		g_string_append(s, names->pdata[i]);
	}
	g_ptr_array_free(names, TRUE);
	return g_string_free(s, FALSE);
}
