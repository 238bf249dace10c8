/* langtag.c - BCP 47 tags against ISO 639, 15924 and 3166. */
#include "langtag.h"

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int by_code(const void *key, const void *elem)
{
	return g_ascii_strcasecmp(key, *(const char *const *)elem);
}

static bool in_list(const char *s, const char *const *list, unsigned long n)
{
	return bsearch(s, list, n, sizeof *list, by_code) != NULL;
}

static int by_639_3(const void *key, const void *elem)
{
	return g_ascii_strcasecmp(key, ((const struct iso639_3 *)elem)->code);
}

static bool all(const char *s, size_t min, size_t max, gboolean (*is)(gchar))
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is(s[i]))
			return false;
	return true;
}

static gboolean is_alpha(gchar c)
{
	return g_ascii_isalpha(c);
}

static gboolean is_digit(gchar c)
{
	return g_ascii_isdigit(c);
}

static gboolean is_alnum(gchar c)
{
	return g_ascii_isalnum(c);
}

/* What is wrong with the language subtag, or NULL. */
static char *language_problem(const char *s)
{
	if (all(s, 2, 2, is_alpha))
		return in_list(s, iso639_1, n_iso639_1)
		           ? NULL
		           : g_strdup_printf("'%s' is not an ISO 639 "
		                             "language code",
		                             s);
	if (!all(s, 3, 3, is_alpha))
		return g_strdup_printf("'%s' is not an ISO 639 language code "
		                       "(two or three letters)",
		                       s);
	if (g_ascii_tolower(s[0]) == 'q' && g_ascii_tolower(s[1]) >= 'a' &&
	    g_ascii_tolower(s[1]) <= 't')
		return NULL; /* qaa..qtz: for private use */
	const struct iso639_3 *e =
	    bsearch(s, iso639_3, n_iso639_3, sizeof *iso639_3, by_639_3);
	if (!e)
		return g_strdup_printf("'%s' is not an ISO 639 language code",
		                       s);
	if (*e->two)
		return g_strdup_printf("BCP 47 writes '%s' as '%s'", s, e->two);
	return NULL;
}

/* What is wrong with a subtag after the language's (at *i of parts,
 * which it moves past), or NULL. */
static char *rest_problem(char **parts, size_t *i)
{
	const char *s = parts[*i];
	if (all(s, 4, 4, is_alpha)) { /* script */
		(*i)++;
		return in_list(s, iso15924, n_iso15924)
		           ? NULL
		           : g_strdup_printf("'%s' is not an ISO 15924 "
		                             "script code",
		                             s);
	}
	if (all(s, 2, 2, is_alpha)) { /* region */
		(*i)++;
		return in_list(s, iso3166, n_iso3166)
		           ? NULL
		           : g_strdup_printf("'%s' is not an ISO 3166 "
		                             "region code",
		                             s);
	}
	if (all(s, 3, 3, is_digit) || all(s, 5, 8, is_alnum) ||
	    (strlen(s) == 4 && g_ascii_isdigit(s[0]) &&
	     all(s, 4, 4, is_alnum))) {
		(*i)++; /* UN M.49 region, variant */
		return NULL;
	}
	if (strlen(s) == 1 && g_ascii_isalnum(s[0])) { /* extension, x- */
		bool x = g_ascii_tolower(s[0]) == 'x';
		size_t n = 0;
		for ((*i)++; parts[*i] && (x || strlen(parts[*i]) > 1);
		     (*i)++, n++)
			if (!all(parts[*i], x ? 1 : 2, 8, is_alnum))
				return g_strdup_printf("'%s' is not a subtag",
				                       parts[*i]);
		return n ? NULL
		         : g_strdup_printf("'%s' is followed by no subtag", s);
	}
	return g_strdup_printf("'%s' is not a script, region or variant "
	                       "subtag",
	                       s);
}

char *langtag_problem(const char *tag)
{
	if (!*tag || strstr(tag, "--") || tag[0] == '-' ||
	    tag[strlen(tag) - 1] == '-')
		return g_strdup("it has an empty subtag");
	char **parts = g_strsplit(tag, "-", -1);
	char *why = language_problem(parts[0]);
	size_t i = 1;
	/* extended language subtags: zh-yue */
	while (!why && parts[i] && all(parts[i], 3, 3, is_alpha) && i < 4) {
		if (!bsearch(parts[i], iso639_3, n_iso639_3, sizeof *iso639_3,
		             by_639_3))
			why = g_strdup_printf("'%s' is not an ISO 639 language "
			                      "code",
			                      parts[i]);
		i++;
	}
	while (!why && parts[i])
		why = rest_problem(parts, &i);
	g_strfreev(parts);
	return why;
}
