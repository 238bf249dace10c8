/*
 * citefmt.c - bibliography entries as inline nodes, in two styles.
 *
 * Vancouver follows the NLM's Citing Medicine:
 *   Author AA, Author BB. Title. Journal. 2020 Jan;12(3):45-9.
 *   Organisation. Title [Internet]. Place: Publisher; 2020 [cited 2024 Mar
 *   5]. Available from: URL
 * Author-date follows the Chicago author-date reference list:
 *   Last, First, and First Last. 2020a. “Title.” Journal 12 (3): 45–49.
 *   Organisation. n.d. Title. Publisher. Accessed March 5, 2024. URL.
 * Titles of books, reports and sites are emphasised in author-date.
 */
#include <glib.h>
#include <string.h>

#include "cite.h"
#include "util.h"

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

void citefmt_text(struct doc *doc, struct doc_node *parent, const char *s)
{
	if (!s || !*s)
		return;
	struct doc_node *last = parent->last;
	if (last && last->kind == DOC_TEXT) {
		last->u.literal.text =
		    arena_printf(doc->arena, "%s%s", last->u.literal.text, s);
		return;
	}
	struct doc_node *t = doc_node_new(doc, DOC_TEXT, &parent->loc);
	t->u.literal.text = arena_strdup(doc->arena, s);
	doc_node_append(parent, t);
}

struct doc_node *citefmt_link(struct doc *doc, struct doc_node *parent,
                              const char *url, const struct doc_node *target,
                              const char *text)
{
	struct doc_node *a = doc_node_new(doc, DOC_LINK, &parent->loc);
	a->u.link.url = arena_strdup(doc->arena, url);
	a->u.link.target = target;
	doc_node_append(parent, a);
	citefmt_text(doc, a, text);
	return a;
}

static void emph(struct doc *doc, struct doc_node *parent, const char *s)
{
	if (!s)
		return;
	struct doc_node *e = doc_node_new(doc, DOC_EMPH, &parent->loc);
	doc_node_append(parent, e);
	citefmt_text(doc, e, s);
}

static bool ends_sentence(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n && strchr(".?!", s[n - 1]);
}

/* s followed by ". " (or only " " when s ends a sentence itself). */
static void sentence(struct doc *doc, struct doc_node *p, const char *s)
{
	if (!s || !*s)
		return;
	citefmt_text(doc, p, s);
	citefmt_text(doc, p, ends_sentence(s) ? " " : ". ");
}

static void emph_sentence(struct doc *doc, struct doc_node *p, const char *s)
{
	if (!s || !*s)
		return;
	emph(doc, p, s);
	citefmt_text(doc, p, ends_sentence(s) ? " " : ". ");
}

/* ------------------------------------------------------------- names */

/* "Jean-Paul R." -> "JPR" (Vancouver initials, no stops). */
static void put_initials(GString *s, const char *first)
{
	bool start = true;
	for (const char *c = first; *c; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);
		if (u == ' ' || u == '-' || u == '.' || u == 0xA0) {
			start = true;
		} else if (start) {
			g_string_append_unichar(s, g_unichar_toupper(u));
			start = false;
		}
	}
}

static void put_last(GString *s, const struct bib_name *n)
{
	if (n->von)
		g_string_append_printf(s, "%s ", n->von);
	g_string_append(s, n->last);
}

/* Vancouver: "Smith JA, van Dam K, World Health Organization". */
static char *vancouver_names(const struct bib_entry *e)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < e->n_authors && i < 6; i++) {
		const struct bib_name *n = &e->authors[i];
		if (i)
			g_string_append(s, ", ");
		if (n->others || n->corporate) {
			g_string_append(s, n->last);
			continue;
		}
		put_last(s, n);
		if (n->first) {
			g_string_append_c(s, ' ');
			put_initials(s, n->first);
		}
		if (n->jr)
			g_string_append_printf(s, " %s", n->jr);
	}
	if (e->n_authors > 6 && !e->authors[5].others)
		g_string_append(s, ", et al.");
	return g_string_free(s, FALSE);
}

/* Chicago: "Smith, John A., Kees van Dam, and World Health Organization". */
static char *chicago_names(const struct bib_entry *e)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < e->n_authors; i++) {
		const struct bib_name *n = &e->authors[i];
		if (i)
			g_string_append(s, i + 1 == e->n_authors && !n->others
			                       ? ", and "
			                       : ", ");
		if (n->others || n->corporate || !n->first) {
			put_last(s, n);
		} else if (i == 0) {
			put_last(s, n);
			g_string_append_printf(s, ", %s", n->first);
		} else {
			g_string_append_printf(s, "%s ", n->first);
			put_last(s, n);
		}
		if (n->jr && !n->corporate)
			g_string_append_printf(s, ", %s", n->jr);
	}
	return g_string_free(s, FALSE);
}

const char *citefmt_short_names(struct doc *doc, const struct bib_entry *e)
{
	if (!e->n_authors)
		return e->organization  ? e->organization
		       : e->institution ? e->institution
		       : e->title       ? e->title
		                        : e->key;
	GString *s = g_string_new(NULL);
	size_t n = e->n_authors;
	bool etal = n > 3 || e->authors[n - 1].others;
	for (size_t i = 0; i < (etal ? 1 : n); i++) {
		if (i)
			g_string_append(s, i + 1 < n ? ", "
			                   : n == 2  ? " and "
			                             : ", and ");
		put_last(s, &e->authors[i]);
	}
	if (etal)
		g_string_append(s, " et al.");
	char *r = arena_strndup(doc->arena, s->str, s->len);
	g_string_free(s, TRUE);
	return r;
}

const char *citefmt_sort_key(struct doc *doc, const struct bib_entry *e)
{
	GString *s = g_string_new(NULL);
	if (e->n_authors)
		for (size_t i = 0; i < e->n_authors; i++)
			g_string_append_printf(
			    s, "%s %s %s\x01", e->authors[i].last,
			    e->authors[i].first ? e->authors[i].first : "",
			    e->authors[i].von ? e->authors[i].von : "");
	else
		g_string_append_printf(s, "%s\x01",
		                       citefmt_short_names(doc, e));
	/* undated works after dated ones */
	g_string_append_printf(s, "\x02%s\x01%s", e->year ? e->year : "\x7f",
	                       e->title ? e->title : "");
	char *fold = g_utf8_casefold(s->str, -1);
	char *r = arena_strdup(doc->arena, fold);
	g_free(fold);
	g_string_free(s, TRUE);
	return r;
}

/* ------------------------------------------------------------- pieces */

/* "2024-03-05" -> "2024 Mar 5" (Vancouver) or "March 5, 2024". */
static char *format_date(const char *iso, bool vancouver)
{
	unsigned y, m, d;
	if (!iso || sscanf(iso, "%4u-%2u-%2u", &y, &m, &d) != 3 || m < 1 ||
	    m > 12)
		return NULL;
	if (vancouver)
		return g_strdup_printf("%u %.3s %u", y, month_names[m - 1], d);
	return g_strdup_printf("%s %u, %u", month_names[m - 1], d, y);
}

/* NLM page ranges drop repeated leading digits: 123-130 -> 123-30. */
static char *nlm_pages(const char *pages)
{
	const char *dash = strpbrk(pages, "-\xe2"); /* '-' or an en dash */
	if (!dash)
		return g_strdup(pages);
	const char *to = dash;
	while (*to && !g_ascii_isdigit(*to))
		to++;
	size_t nf = (size_t)(dash - pages), nt = strlen(to);
	bool digits = nf && nt;
	for (size_t i = 0; digits && i < nf; i++)
		digits = g_ascii_isdigit(pages[i]);
	for (size_t i = 0; digits && i < nt; i++)
		digits = g_ascii_isdigit(to[i]);
	if (!digits || nf != nt)
		return g_strdup_printf("%.*s-%s", (int)nf, pages, to);
	size_t same = 0;
	while (same < nt - 1 && pages[same] == to[same])
		same++;
	return g_strdup_printf("%.*s-%s", (int)nf, pages, to + same);
}

/* Chicago page ranges use an en dash. */
static char *chicago_pages(const char *pages)
{
	char **parts = g_strsplit(pages, "-", -1);
	GString *s = g_string_new(NULL);
	bool dash = false;
	for (char **p = parts; *p; p++) {
		if (!**p)
			continue;
		if (dash)
			g_string_append(s, "–");
		g_string_append(s, *p);
		dash = true;
	}
	g_strfreev(parts);
	return g_string_free(s, FALSE);
}

/* "2" -> "2nd ed. ", "Second" -> "Second ed. " */
static void edition_sentence(struct doc *doc, struct doc_node *p,
                             const char *ed)
{
	if (!ed)
		return;
	char *end;
	unsigned long n = strtoul(ed, &end, 10);
	const char *suf = n % 100 / 10 == 1 ? "th"
	                  : n % 10 == 1     ? "st"
	                  : n % 10 == 2     ? "nd"
	                  : n % 10 == 3     ? "rd"
	                                    : "th";
	char *t = *end || end == ed ? g_strdup_printf("%s ed.", ed)
	                            : g_strdup_printf("%lu%s ed.", n, suf);
	sentence(doc, p, t);
	g_free(t);
}

/* "Place: Publisher" with either part missing; NULL when both are. */
static char *place_publisher(const char *place, const char *publisher)
{
	if (place && publisher)
		return g_strdup_printf("%s: %s", place, publisher);
	return place || publisher ? g_strdup(place ? place : publisher) : NULL;
}

static void doi_link(struct doc *doc, struct doc_node *p, const char *doi,
                     bool vancouver)
{
	char *url = g_strdup_printf("https://doi.org/%s", doi);
	char *text = vancouver ? g_strdup_printf("doi:%s", doi) : g_strdup(url);
	citefmt_link(doc, p, url, NULL, text);
	g_free(text);
	g_free(url);
}

/* Removes the blanks that end parent's last TEXT. */
static void trim_end(struct doc_node *parent)
{
	struct doc_node *t = parent->last;
	if (!t || t->kind != DOC_TEXT)
		return;
	char *s = (char *)t->u.literal.text;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

/* ---------------------------------------------------------- Vancouver */

/* The authors, or the organisation standing for them (*org_used). */
static void v_authors(struct doc *doc, struct doc_node *p,
                      const struct bib_entry *e, bool *org_used)
{
	*org_used = false;
	if (e->n_authors) {
		char *names = vancouver_names(e);
		sentence(doc, p, names);
		g_free(names);
	} else if (e->organization && e->type != BIB_REPORT) {
		sentence(doc, p, e->organization);
		*org_used = true;
	}
}

static void v_title(struct doc *doc, struct doc_node *p, const char *title,
                    bool internet)
{
	if (!title)
		return;
	char *t = g_strdup_printf("%s%s", title, internet ? " [Internet]" : "");
	sentence(doc, p, t);
	g_free(t);
}

/* "Place: Publisher; 2020 Jan [cited 2024 Mar 5]." with what is known. */
static void v_publication(struct doc *doc, struct doc_node *p,
                          const struct bib_entry *e, const char *publisher)
{
	GString *s = g_string_new(NULL);
	char *pp = place_publisher(e->address, publisher);
	char *cited = format_date(e->urldate, true);
	if (pp)
		g_string_append(s, pp);
	if (e->year)
		g_string_append_printf(s, "%s%s", s->len ? "; " : "", e->year);
	if (e->year && e->month)
		g_string_append_printf(s, " %.3s", e->month);
	if (cited)
		g_string_append_printf(s, "%s[cited %s]", s->len ? " " : "",
		                       cited);
	if (s->len)
		sentence(doc, p, s->str);
	g_free(cited);
	g_free(pp);
	g_string_free(s, TRUE);
}

/* Note, "Available from: URL", DOI. */
static void v_tail(struct doc *doc, struct doc_node *p,
                   const struct bib_entry *e)
{
	if (e->note)
		sentence(doc, p, e->note);
	if (e->url) {
		citefmt_text(doc, p, "Available from: ");
		citefmt_link(doc, p, e->url, NULL, e->url);
		citefmt_text(doc, p, " ");
	}
	if (e->doi)
		doi_link(doc, p, e->doi, true);
	trim_end(p);
}

/* Journal. 2020 Jan;12(3):45-9. */
static void v_article(struct doc *doc, struct doc_node *p,
                      const struct bib_entry *e)
{
	bool org;
	v_authors(doc, p, e, &org);
	v_title(doc, p, e->title, false);
	v_title(doc, p, e->journal, e->url != NULL);
	GString *s = g_string_new(e->year);
	char *cited = format_date(e->urldate, true);
	if (e->month)
		g_string_append_printf(s, " %.3s", e->month);
	if (cited)
		g_string_append_printf(s, " [cited %s]", cited);
	if (e->volume || e->number || e->pages)
		g_string_append_c(s, ';');
	if (e->volume)
		g_string_append(s, e->volume);
	if (e->number)
		g_string_append_printf(s, "(%s)", e->number);
	if (e->pages) {
		char *pg = nlm_pages(e->pages);
		g_string_append_printf(s, ":%s", pg);
		g_free(pg);
	}
	sentence(doc, p, s->str);
	g_string_free(s, TRUE);
	g_free(cited);
	v_tail(doc, p, e);
}

static void v_other(struct doc *doc, struct doc_node *p,
                    const struct bib_entry *e)
{
	bool org;
	v_authors(doc, p, e, &org);
	v_title(doc, p, e->title, e->url != NULL);
	edition_sentence(doc, p, e->edition);
	if (e->howpublished)
		sentence(doc, p, e->howpublished);
	const char *publisher = e->type == BIB_REPORT ? e->institution
	                        : e->publisher        ? e->publisher
	                        : org                 ? NULL
	                                              : e->organization;
	v_publication(doc, p, e, publisher);
	if (e->type == BIB_REPORT && e->number) {
		char *no = g_strdup_printf("Report No.: %s", e->number);
		sentence(doc, p, no);
		g_free(no);
	}
	v_tail(doc, p, e);
}

/* ------------------------------------------------------- author-date */

/* Names (or the organisation, or the title) and the year.  Returns what
 * stood for the author: 'n' names, 'o' organisation, 'i' institution, 't'
 * title. */
static char ad_head(struct doc *doc, struct doc_node *p,
                    const struct bib_entry *e, const char *year)
{
	char used = 't';
	if (e->n_authors) {
		char *names = chicago_names(e);
		sentence(doc, p, names);
		g_free(names);
		used = 'n';
	} else if (e->organization) {
		sentence(doc, p, e->organization);
		used = 'o';
	} else if (e->institution) {
		sentence(doc, p, e->institution);
		used = 'i';
	} else if (e->title) {
		emph_sentence(doc, p, e->title);
	}
	sentence(doc, p, year);
	return used;
}

/* Note, "Accessed March 5, 2024.", the DOI or URL. */
static void ad_tail(struct doc *doc, struct doc_node *p,
                    const struct bib_entry *e)
{
	char *accessed = format_date(e->urldate, false);
	if (e->note)
		sentence(doc, p, e->note);
	if (accessed) {
		char *s = g_strdup_printf("Accessed %s", accessed);
		sentence(doc, p, s);
		g_free(s);
	}
	if (e->doi) {
		doi_link(doc, p, e->doi, false);
		citefmt_text(doc, p, ".");
	} else if (e->url) {
		citefmt_link(doc, p, e->url, NULL, e->url);
		citefmt_text(doc, p, ".");
	}
	trim_end(p);
	g_free(accessed);
}

/* “Title.” Journal 12 (3): 45–49. */
static void ad_article(struct doc *doc, struct doc_node *p,
                       const struct bib_entry *e, const char *year)
{
	ad_head(doc, p, e, year);
	if (e->title)
		citefmt_text(doc, p, "“");
	if (e->title)
		citefmt_text(doc, p, e->title);
	if (e->title)
		citefmt_text(doc, p, ends_sentence(e->title) ? "” " : ".” ");
	emph(doc, p, e->journal);
	GString *s = g_string_new(NULL);
	if (e->volume)
		g_string_append_printf(s, " %s", e->volume);
	if (e->number)
		g_string_append_printf(s, " (%s)", e->number);
	if (e->pages) {
		char *pg = chicago_pages(e->pages);
		g_string_append_printf(s, "%s %s",
		                       e->volume || e->number ? ":" : ",", pg);
		g_free(pg);
	}
	g_string_append(s, ". ");
	citefmt_text(doc, p, s->str);
	g_string_free(s, TRUE);
	ad_tail(doc, p, e);
}

static void ad_other(struct doc *doc, struct doc_node *p,
                     const struct bib_entry *e, const char *year)
{
	char used = ad_head(doc, p, e, year);
	if (used != 't' && e->title)
		emph_sentence(doc, p, e->title);
	edition_sentence(doc, p, e->edition);
	if (e->type == BIB_REPORT && e->number) {
		char *no = g_strdup_printf("Report no. %s", e->number);
		sentence(doc, p, no);
		g_free(no);
	}
	if (e->howpublished)
		sentence(doc, p, e->howpublished);
	const char *publisher = e->type == BIB_REPORT ? e->institution
	                        : e->publisher        ? e->publisher
	                                              : e->organization;
	if (!e->address && ((used == 'o' && publisher == e->organization) ||
	                    (used == 'i' && publisher == e->institution)))
		publisher = NULL; /* already named as the author */
	char *pp = place_publisher(e->address, publisher);
	if (pp)
		sentence(doc, p, pp);
	g_free(pp);
	ad_tail(doc, p, e);
}

void citefmt_entry(struct doc *doc, struct doc_node *para,
                   const struct bib_entry *e, const char *year_label)
{
	if (!year_label)
		(e->type == BIB_ARTICLE ? v_article : v_other)(doc, para, e);
	else if (e->type == BIB_ARTICLE)
		ad_article(doc, para, e, year_label);
	else
		ad_other(doc, para, e, year_label);
}
