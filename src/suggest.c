/* suggest.c - the nearest existing name to a misspelt one. */
#include "suggest.h"

#include <glib.h>
#include <stdbool.h>
#include <string.h>

size_t suggest_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	/* three rows of the matrix: two before this one, for swaps */
	size_t *rows = g_new(size_t, 3 * (lb + 1));
	size_t *pp = rows, *p = rows + lb + 1, *c = rows + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		p[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t best = c[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			bool same = g_ascii_tolower(a[i - 1]) ==
			            g_ascii_tolower(b[j - 1]);
			size_t v = p[j - 1] + !same;
			v = MIN(v, p[j] + 1);
			v = MIN(v, c[j - 1] + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1])
				v = MIN(v, pp[j - 2] + 1);
			c[j] = v;
			best = MIN(best, v);
		}
		if (best > limit) {
			g_free(rows);
			return limit + 1;
		}
		size_t *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	size_t d = p[lb];
	g_free(rows);
	return d;
}

/* The length of s without a file extension of 2 to 4 letters. */
static size_t stem_len(const char *s)
{
	const char *dot = strrchr(s, '.');
	const char *slash = strrchr(s, '/');
	size_t ext = dot ? strlen(dot) : 0;
	if (dot && (!slash || dot > slash) && ext >= 3 && ext <= 5 && dot > s)
		return (size_t)(dot - s);
	return strlen(s);
}

static const char *last_part(const char *s)
{
	const char *slash = strrchr(s, '/');
	return slash ? slash + 1 : s;
}

/* Does the shorter of a and b (stems) start the longer, with 4 letters
 * or more, without case? */
static bool starts_other(const char *a, size_t na, const char *b, size_t nb)
{
	size_t n = MIN(na, nb);
	return n >= 4 && !g_ascii_strncasecmp(a, b, n);
}

/* How far cand is from word (0 = nearest), or G_MAXSIZE when it is not
 * near enough. */
static size_t how_far(const char *word, const char *cand)
{
	char *w = g_strndup(word, stem_len(word));
	char *c = g_strndup(cand, stem_len(cand));
	size_t nw = strlen(w), nc = strlen(c);
	size_t limit = MAX(1, MIN(3, nw / 3));
	size_t d = suggest_distance(w, c, limit);
	size_t r = G_MAXSIZE;
	if (d <= limit)
		r = d;
	else if (!strcmp(last_part(word), last_part(cand)))
		r = limit + 1;
	else if (starts_other(w, nw, c, nc))
		r = limit + 2;
	g_free(w);
	g_free(c);
	return r;
}

const char *suggest_nearest(const char *word, const char *const *cands,
                            size_t n)
{
	const char *best = NULL;
	size_t best_d = G_MAXSIZE;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(word, cands[i]))
			continue;
		size_t d = how_far(word, cands[i]);
		if (d < best_d) {
			best = cands[i];
			best_d = d;
		}
	}
	return best;
}
