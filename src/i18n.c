/* i18n.c - generated words in the book's language (GNU gettext). */
#include "i18n.h"

#include <glib.h>
#include <fribidi.h>
#include <libintl.h>
#include <pango/pango.h>
#include <locale.h>
#include <string.h>

#include "util.h"

/* gettext looks a domain up in LOCALEDIR/LOCALE/LC_MESSAGES for the
 * locale of LC_MESSAGES, and not at all in the "C" locale: make installs
 * each catalogue as the domain octavo-LL of the locale C.UTF-8 (built
 * into glibc), and the book's language picks the domain. */
#define CATALOGUE_LOCALE "C.UTF-8"

/* Marks a msgid for xgettext (make pot) where it is not translated. */
#define N_(s) (s)

static char *mo_path(const char *dir, const char *name)
{
	return g_strdup_printf(
	    "%s/" CATALOGUE_LOCALE "/LC_MESSAGES/octavo-%s.mo", dir, name);
}

/* The catalogue names to try for a BCP 47 tag, best first (NULL
 * terminated; the caller g_strfreev's it). */
static char **candidates(const char *tag)
{
	char **sub = g_strsplit(tag, "-", -1);
	char *l = g_ascii_strdown(sub[0], -1);
	const char *script = NULL, *region = NULL;
	for (size_t i = 1; sub[i] && strlen(sub[i]) > 1; i++)
		if (strlen(sub[i]) == 4 && !script)
			script = sub[i];
		else if (strlen(sub[i]) == 2 && !region)
			region = sub[i];
	GPtrArray *c = g_ptr_array_new();
	if (!strcmp(l, "zh")) {
		bool trad = (script && !g_ascii_strcasecmp(script, "Hant")) ||
		            (region && (!g_ascii_strcasecmp(region, "TW") ||
		                        !g_ascii_strcasecmp(region, "HK") ||
		                        !g_ascii_strcasecmp(region, "MO")));
		g_ptr_array_add(c, g_strdup(trad ? "zh_TW" : "zh_CN"));
	} else {
		if (region) {
			char *r = g_ascii_strup(region, -1);
			g_ptr_array_add(c, g_strdup_printf("%s_%s", l, r));
			g_free(r);
		}
		g_ptr_array_add(c, g_strdup(l));
	}
	g_ptr_array_add(c, NULL);
	g_free(l);
	g_strfreev(sub);
	return (char **)g_ptr_array_free(c, FALSE);
}

static bool english(const char *lang)
{
	return !g_ascii_strncasecmp(lang, "en", 2) &&
	       (!lang[2] || lang[2] == '-');
}

/* The domain of lang's catalogue in locale_dir, bound, into doc's arena;
 * NULL when it has none. */
static const char *bind_domain(struct doc *doc, const char *lang,
                               const char *locale_dir)
{
	const char *found = NULL;
	char **names = candidates(lang);
	for (size_t i = 0; names[i] && !found; i++) {
		char *path = mo_path(locale_dir, names[i]);
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
			char *domain = g_strdup_printf("octavo-%s", names[i]);
			found = arena_strdup(doc->arena, domain);
			g_free(domain);
		}
		g_free(path);
	}
	g_strfreev(names);
	if (found && setlocale(LC_MESSAGES, CATALOGUE_LOCALE) &&
	    bindtextdomain(found, locale_dir) &&
	    bind_textdomain_codeset(found, "UTF-8"))
		return found;
	return NULL;
}

/* The catalogues of the chapters' own languages (those that differ from
 * the book's), found while the chapters are read: language tag -> domain,
 * or "" for a language with none.  One book per run. */
static GHashTable *chapter_domains;
static const char *catalogue_dir;

void i18n_load(struct doc *doc, const char *locale_dir)
{
	const char *lang = doc->meta.language;
	doc->meta.text_domain = NULL;
	catalogue_dir = locale_dir;
	if (chapter_domains)
		g_hash_table_remove_all(chapter_domains);
	if (!lang || !locale_dir || english(lang))
		return; /* the msgids are English */
	doc->meta.text_domain = bind_domain(doc, lang, locale_dir);
	if (!doc->meta.text_domain)
		diag(&doc->meta.language_loc, LANGUAGE_NO_CATALOGUE, lang);
}

const char *i18n_in(struct doc *doc, const char *lang, const char *msgid)
{
	if (!lang || !doc || !g_ascii_strcasecmp(lang, doc->meta.language))
		return i18n(doc, msgid);
	if (english(lang))
		return msgid;
	if (!catalogue_dir)
		return i18n(doc, msgid);
	if (!chapter_domains)
		chapter_domains = g_hash_table_new_full(g_str_hash, g_str_equal,
		                                        g_free, NULL);
	char *key = g_ascii_strdown(lang, -1);
	const char *domain = g_hash_table_lookup(chapter_domains, key);
	if (!domain) {
		domain = bind_domain(doc, lang, catalogue_dir);
		if (!domain)
			domain = "";
		g_hash_table_insert(chapter_domains, key, (gpointer)domain);
	} else {
		g_free(key);
	}
	return *domain ? dgettext(domain, msgid) : i18n(doc, msgid);
}

const char *i18n(const struct doc *doc, const char *msgid)
{
	if (!doc || !doc->meta.text_domain)
		return msgid;
	return dgettext(doc->meta.text_domain, msgid);
}

char *i18n_field(const struct doc *doc, const char *label, const char *value)
{
	/* TRANSLATORS: a colophon line, "Publisher: Harbour Press": the
	 * label and its value, with the colon the language sets */
	return g_strdup_printf(i18n(doc, "%1$s: %2$s"), label, value);
}

char *i18n_date(const struct doc *doc, unsigned year, unsigned month,
                unsigned day)
{
	static const char *const months[] = {
	    N_("January"),   N_("February"), N_("March"),    N_("April"),
	    N_("May"),       N_("June"),     N_("July"),     N_("August"),
	    N_("September"), N_("October"),  N_("November"), N_("December")};
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return NULL;
	/* TRANSLATORS: day, month name, year: reorder with %1$, %2$, %3$ */
	return g_strdup_printf(i18n(doc, "%1$u %2$s %3$u"), day,
	                       i18n(doc, months[month - 1]), year);
}

static bool rtl_script(GUnicodeScript s)
{
	switch (s) {
	case G_UNICODE_SCRIPT_ARABIC:
	case G_UNICODE_SCRIPT_HEBREW:
	case G_UNICODE_SCRIPT_SYRIAC:
	case G_UNICODE_SCRIPT_THAANA:
	case G_UNICODE_SCRIPT_NKO:
	case G_UNICODE_SCRIPT_SAMARITAN:
	case G_UNICODE_SCRIPT_MANDAIC:
	case G_UNICODE_SCRIPT_ADLAM: return true;
	default: return false;
	}
}

bool i18n_rtl(const char *lang)
{
	if (!lang)
		return false;
	char **sub = g_strsplit(lang, "-", -1);
	bool rtl = false, script = false;
	for (size_t i = 1; sub[i] && strlen(sub[i]) > 1; i++)
		if (strlen(sub[i]) == 4) {
			guint32 iso =
			    ((guint32)g_ascii_toupper(sub[i][0]) << 24) |
			    ((guint32)g_ascii_tolower(sub[i][1]) << 16) |
			    ((guint32)g_ascii_tolower(sub[i][2]) << 8) |
			    (guint32)g_ascii_tolower(sub[i][3]);
			rtl = rtl_script(g_unicode_script_from_iso15924(iso));
			script = true;
		}
	g_strfreev(sub);
	if (script)
		return rtl;
	int n = 0;
	const PangoScript *s =
	    pango_language_get_scripts(pango_language_from_string(lang), &n);
	return s && n > 0 && rtl_script((GUnicodeScript)s[0]);
}

int i18n_text_dir(const char *text)
{
	for (const char *p = text; p && *p; p = g_utf8_next_char(p)) {
		FriBidiCharType t = fribidi_get_bidi_type(g_utf8_get_char(p));
		if (FRIBIDI_IS_STRONG(t) && FRIBIDI_IS_LETTER(t))
			return FRIBIDI_IS_RTL(t) ? 1 : 0;
	}
	return -1;
}

/* Is n an alert's title ("Note"): a word octavo adds, in the book's
 * language, which says nothing of the direction of the alert's text. */
static bool alert_title(const struct doc_node *n)
{
	const struct doc_node *q = n->parent;
	return q && q->kind == DOC_BLOCKQUOTE && q->u.quote.alert &&
	       q->first == n;
}

/* Is c (below or at n) inside an alert's title? */
static bool in_alert_title(const struct doc_node *c, const struct doc_node *n)
{
	for (;; c = c->parent) {
		if (alert_title(c))
			return true;
		if (c == n || !c->parent)
			return false;
	}
}

int i18n_block_dir(const struct doc_node *n)
{
	struct doc_iter it;
	const struct doc_node *c;
	enum doc_event ev;
	doc_iter_init(&it, n);
	while (doc_iter_next(&it, &c, &ev)) {
		if (ev != DOC_ENTER || c->kind != DOC_TEXT ||
		    in_alert_title(c, n))
			continue;
		int d = i18n_text_dir(c->u.literal.text);
		if (d >= 0)
			return d;
	}
	return -1;
}

/* The blocks that hold blocks and give them their direction when their
 * own text has no strong letter (the elements the EPUB gives a dir). */
static bool dir_container(enum doc_kind k)
{
	switch (k) {
	case DOC_BLOCKQUOTE:
	case DOC_LIST:
	case DOC_ITEM:
	case DOC_DIV:
	case DOC_DETAILS:
	case DOC_FIGURE:
	case DOC_DEF_LIST:
	case DOC_DEF_DESC: return true;
	default: return false;
	}
}

bool i18n_around_rtl(const struct doc_node *n)
{
	const struct doc_node *a = n->parent;
	for (; a && a->kind != DOC_CHAPTER && a->kind != DOC_BOOK;
	     a = a->parent) {
		int d = dir_container(a->kind) ? i18n_block_dir(a) : -1;
		if (d >= 0)
			return d == 1;
	}
	return i18n_rtl(doc_node_lang(NULL, a ? a : n));
}

bool i18n_doc_has_rtl(const struct doc *doc)
{
	if (i18n_rtl(doc->meta.language))
		return true;
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (n->lang && i18n_rtl(n->lang))
			return true;
		if (n->kind != DOC_TEXT)
			continue;
		for (const char *p = n->u.literal.text; p && *p;
		     p = g_utf8_next_char(p))
			if (FRIBIDI_IS_RTL(
			        fribidi_get_bidi_type(g_utf8_get_char(p))))
				return true;
	}
	return false;
}

bool i18n_block_rtl(const struct doc_node *n)
{
	int d = i18n_block_dir(n);
	return d >= 0 ? d == 1 : i18n_around_rtl(n);
}
