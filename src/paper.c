/* paper.c - the paper sizes and the units of length (paper.h). */
#include "paper.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

#define MM PAPER_MM
#define IN PAPER_IN

/* The first is the default (paper_default()).  ISO 216 A and B sizes; North
 * American sizes; the trade sizes print on demand services print (US in inches,
 * UK in millimetres), in points. */
static const struct paper papers[] = {
    {"a4", "A4", 210 * MM, 297 * MM, true},
    {"letter", "US Letter", 8.5 * IN, 11 * IN, true},
    {"a5", "A5", 148 * MM, 210 * MM, false},
    {"a3", "A3", 297 * MM, 420 * MM, false},
    {"a6", "A6", 105 * MM, 148 * MM, false},
    {"b5", "B5", 176 * MM, 250 * MM, false},
    {"b6", "B6", 125 * MM, 176 * MM, false},
    {"legal", "US Legal", 8.5 * IN, 14 * IN, false},
    {"half-letter", "half letter (5.5 x 8.5 in)", 5.5 * IN, 8.5 * IN, false},
    {"executive", "executive (7.25 x 10.5 in)", 7.25 * IN, 10.5 * IN, false},
    {"pocket", "pocket book (4.25 x 6.87 in)", 4.25 * IN, 6.87 * IN, false},
    {"digest", "digest (5.5 x 8.5 in)", 5.5 * IN, 8.5 * IN, false},
    {"novel", "novel (5 x 8 in)", 5 * IN, 8 * IN, false},
    {"us-trade", "US trade (6 x 9 in)", 6 * IN, 9 * IN, false},
    {"a-format", "A-format paperback (110 x 178 mm)", 110 * MM, 178 * MM,
     false},
    {"b-format", "B-format paperback (129 x 198 mm)", 129 * MM, 198 * MM,
     false},
    {"demy", "demy (138 x 216 mm)", 138 * MM, 216 * MM, false},
    {"royal", "royal (156 x 234 mm)", 156 * MM, 234 * MM, false},
    {"crown-quarto", "crown quarto (189 x 246 mm)", 189 * MM, 246 * MM, false},
};

const struct paper *paper_find(const char *name)
{
	for (size_t i = 0; name && i < G_N_ELEMENTS(papers); i++)
		if (!g_ascii_strcasecmp(name, papers[i].name))
			return &papers[i];
	return NULL;
}

const struct paper *paper_default(void)
{
	return &papers[0];
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

static const struct {
	const char *name;
	double pt;
} units[] = {{"pt", 1}, {"mm", MM}, {"cm", PAPER_CM}, {"in", IN}};

double paper_cm(double pt)
{
	return pt / PAPER_CM;
}

bool paper_length(const char *s, double *pt, const char **unit,
                  const char **end)
{
	char *e;
	while (*s == ' ')
		s++;
	if (!g_ascii_isdigit(*s) && *s != '.')
		return false;
	double v = g_ascii_strtod(s, &e);
	if (e == s || !isfinite(v) || v < 0)
		return false;
	while (*e == ' ')
		e++;
	*unit = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++)
		if (!strncmp(e, units[i].name, 2)) {
			*unit = units[i].name;
			v *= units[i].pt;
			e += 2;
			break;
		}
	*pt = v;
	*end = e;
	return true;
}

/* WIDTH [unit] x HEIGHT unit, "x" or "×"; a unit given only after the
 * height counts for both.  False when s is not that. */
static bool parse_size(const char *s, double *w, double *h, char **canon)
{
	const char *wu, *hu, *p;
	double wv, hv;
	if (!paper_length(s, &wv, &wu, &p))
		return false;
	while (*p == ' ')
		p++;
	if (*p == 'x' || *p == 'X')
		p++;
	else if (g_str_has_prefix(p, "\xc3\x97")) /* × */
		p += 2;
	else
		return false;
	if (!paper_length(p, &hv, &hu, &p))
		return false;
	while (*p == ' ')
		p++;
	if (*p)
		return false;
	if (!hu && !wu) { /* numbers without a unit: say so */
		*canon = g_strdup("");
		return true;
	}
	if (!hu)
		return false;
	if (!wu) { /* "6 x 9 in" */
		for (size_t i = 0; i < G_N_ELEMENTS(units); i++)
			if (!strcmp(hu, units[i].name))
				wv *= units[i].pt;
		wu = hu;
	}
	*w = wv;
	*h = hv;
	/* a name safe in a file name: 6x9in, 148x210mm */
	double wf = 1, hf = 1;
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		if (!strcmp(wu, units[i].name))
			wf = units[i].pt;
		if (!strcmp(hu, units[i].name))
			hf = units[i].pt;
	}
	*canon = !strcmp(wu, hu)
	             ? g_strdup_printf("%gx%g%s", wv / wf, hv / hf, hu)
	             : g_strdup_printf("%g%sx%g%s", wv / wf, wu, hv / hf, hu);
	return true;
}

struct paper *paper_parse(const char *s, char **why)
{
	const struct paper *known = paper_find(s);
	double w = 0, h = 0;
	char *canon = NULL;
	*why = NULL;
	if (known) {
		struct paper *p = g_new(struct paper, 1);
		*p = *known;
		return p;
	}
	if (!parse_size(s, &w, &h, &canon)) {
		*why = paper_unknown(s);
		return NULL;
	}
	if (!*canon) {
		*why =
		    g_strdup_printf("paper '%s' needs a unit, as in 6in x 9in "
		                    "or 148mm x 210mm",
		                    s);
		g_free(canon);
		return NULL;
	}
	if (w < PAPER_MIN || h < PAPER_MIN || w > PAPER_MAX || h > PAPER_MAX) {
		*why = g_strdup_printf("paper '%s' must be from 1in to 200in "
		                       "each way",
		                       s);
		g_free(canon);
		return NULL;
	}
	/* the names live with the struct: one g_free() */
	size_t n = strlen(canon) + 1;
	struct paper *p = g_malloc(sizeof *p + n);
	char *name = memcpy((char *)(p + 1), canon, n);
	*p = (struct paper){name, name, w, h, false};
	g_free(canon);
	return p;
}

char *paper_unknown(const char *s)
{
	const char *names[G_N_ELEMENTS(papers)];
	for (size_t i = 0; i < G_N_ELEMENTS(papers); i++)
		names[i] = papers[i].name;
	const char *near = suggest_nearest(s, names, G_N_ELEMENTS(names));
	if (near)
		return g_strdup_printf("unknown paper '%s'; did you mean '%s'? "
		                       "(or a size such as 6in x 9in)",
		                       s, near);
	return g_strdup_printf("unknown paper '%s' (a name such as a4, "
	                       "letter, us-trade or royal, or a size such as "
	                       "6in x 9in or 148mm x 210mm)",
	                       s);
}
