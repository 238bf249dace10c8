/* hyph.c - soft hyphens from libhyphen's patterns. */
#include "hyph.h"

#include <hyphen.h>
#include <stdbool.h>
#include <string.h>

#include "util.h"

/* TeX's English values: two letters before a break, three after. */
enum { LEFT_MIN = 2, RIGHT_MIN = 3, WORD_MIN = LEFT_MIN + RIGHT_MIN + 1 };

/* The patterns are read when the first word is hyphenated: reading them
 * is a tenth of the guide's PDF build, and a book whose paragraphs all
 * break well without hyphens never needs them.  Threads measuring the
 * book share one: the first to need the patterns reads them while the
 * others wait, and libhyphen only reads a dictionary once it is loaded. */
struct hyph {
	char *path;       /* the dictionary */
	HyphenDict *dict; /* NULL until read, or when it cannot be */
	GMutex lock;      /* held while the patterns are read */
	gint read;        /* atomic: dict is set (or cannot be) */
};

/* Scripts set with hyphens where a word is split. */
static bool hyphen_script(GUnicodeScript s)
{
	return s == G_UNICODE_SCRIPT_LATIN || s == G_UNICODE_SCRIPT_CYRILLIC ||
	       s == G_UNICODE_SCRIPT_GREEK || s == G_UNICODE_SCRIPT_ARMENIAN ||
	       s == G_UNICODE_SCRIPT_GEORGIAN;
}

struct hyph *hyph_new(const char *path)
{
	if (!path)
		return NULL;
	struct hyph *h = xcalloc(1, sizeof *h);
	h->path = g_strdup(path);
	g_mutex_init(&h->lock);
	return h;
}

const char *hyph_path(const struct hyph *h)
{
	return h->path;
}

static HyphenDict *dict_of(struct hyph *h)
{
	if (g_atomic_int_get(&h->read))
		return h->dict;
	g_mutex_lock(&h->lock);
	if (!g_atomic_int_get(&h->read)) {
		h->dict = hnj_hyphen_load(h->path);
		g_atomic_int_set(&h->read, 1);
	}
	g_mutex_unlock(&h->lock);
	return h->dict;
}

void hyph_free(struct hyph *h)
{
	if (!h)
		return;
	if (h->dict)
		hnj_hyphen_free(h->dict);
	g_mutex_clear(&h->lock);
	g_free(h->path);
	free(h);
}

/* Words in capitals after the first letter (acronyms, "mTOR"), words
 * too short and words of scripts never hyphenated (Chinese, Thai,
 * Arabic) are left whole. */
static bool hyphenable(const char *w, size_t len)
{
	if (g_utf8_strlen(w, (gssize)len) < WORD_MIN)
		return false;
	for (const char *p = w; p < w + len; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if ((p > w && g_unichar_isupper(c)) ||
		    !hyphen_script(g_unichar_get_script(c)))
			return false;
	}
	return true;
}

static void free_rep(char **rep, int *pos, int *cut, size_t n)
{
	if (rep)
		for (size_t i = 0; i < n; i++)
			free(rep[i]);
	free(rep);
	free(pos);
	free(cut);
}

/* Records the hyphenation points of one word starting at byte base. */
static void word_points(struct hyph *h, const char *w, size_t len, size_t base,
                        GArray *points)
{
	char *lower = g_utf8_strdown(w, (gssize)len);
	size_t n = strlen(lower);
	char *marks = xcalloc(n + 5, 1);
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	bool ok = n == len &&
	          hnj_hyphen_hyphenate3(dict_of(h), lower, (int)n, marks, NULL,
	                                &rep, &pos, &cut, LEFT_MIN, RIGHT_MIN,
	                                LEFT_MIN, RIGHT_MIN) == 0;
	long chars = g_utf8_strlen(w, (gssize)len), before = 0;
	for (size_t i = 0; ok && !rep && i + 1 < len; i++) {
		if (((unsigned char)w[i] & 0xC0) != 0x80)
			before++;
		bool char_end = ((unsigned char)w[i + 1] & 0xC0) != 0x80;
		if (char_end && (marks[i] & 1) && before >= LEFT_MIN &&
		    chars - before >= RIGHT_MIN) {
			size_t at = base + i + 1;
			g_array_append_val(points, at);
		}
	}
	free_rep(rep, pos, cut, n);
	free(marks);
	g_free(lower);
}

/* Part of a compound with a hyphen of its own: "treatment-resistant". */
static bool compound(const char *text, const char *from, const char *to,
                     const char *end)
{
	return (from > text && from[-1] == '-') || (to < end && *to == '-');
}

void hyph_points(struct hyph *h, const char *text, size_t len, size_t base,
                 GArray *points)
{
	const char *p = text, *end = text + len;
	while (h && dict_of(h) && p < end) {
		const char *q = p;
		while (q < end && g_unichar_isalpha(g_utf8_get_char(q)))
			q = g_utf8_next_char(q);
		if (q == p) {
			p = g_utf8_next_char(p);
			continue;
		}
		if (hyphenable(p, (size_t)(q - p)) &&
		    !compound(text, p, q, end))
			word_points(h, p, (size_t)(q - p),
			            base + (size_t)(p - text), points);
		p = q;
	}
}
