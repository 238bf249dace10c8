/*
 * smart.c - quotation marks and the spaces around punctuation of the
 * book's language.  cmark-gfm's smart punctuation makes English quotes
 * (U+201C U+201D, U+2018 U+2019) and apostrophes (U+2019); this pass
 * pairs the quotes of each block and gives each pair the marks of the
 * block's language (doc_node_lang(): the book's, its chapter's or an HTML
 * lang=; German „…“, French « … », Japanese 「…」), and French
 * its narrow no-break spaces inside guillemets and before ; ! ? (a
 * no-break space before :).  The no-break spaces keep a mark on the line
 * of the word it belongs to: no line starts with a closing quote or ends
 * with an opening one.  A lone U+2019 is an apostrophe and stays.
 */
#include <glib.h>
#include <string.h>

#include "pass.h"
#include "util.h"

/* The marks of a language: outer open/close, inner open/close, and
 * whether a narrow no-break space goes inside the outer ones. */
struct quotes {
	const char *lang;
	const char *open, *close, *open2, *close2;
	bool french;
};

#define LDQ   "\xE2\x80\x9C" /* “ */
#define RDQ   "\xE2\x80\x9D" /* ” */
#define LSQ   "\xE2\x80\x98" /* ‘ */
#define RSQ   "\xE2\x80\x99" /* ’ */
#define LOW   "\xE2\x80\x9E" /* „ */
#define LOW1  "\xE2\x80\x9A" /* ‚ */
#define LAQ   "\xC2\xAB"     /* « */
#define RAQ   "\xC2\xBB"     /* » */
#define LSA   "\xE2\x80\xB9" /* ‹ */
#define RSA   "\xE2\x80\xBA" /* › */
#define NNBSP "\xE2\x80\xAF"
#define NBSP  "\xC2\xA0"

/* By the language subtag; a region may differ (pt-BR, de-CH, fr-CH). */
static const struct quotes table[] = {
    {"ar", LAQ, RAQ, LDQ, RDQ, false},
    {"bg", LOW, LDQ, LSQ, RSQ, false},
    {"ca", LAQ, RAQ, LDQ, RDQ, false},
    {"cs", LOW, LDQ, LOW1, LSQ, false},
    {"da", RAQ, LAQ, RSA, LSA, false},
    {"de", LOW, LDQ, LOW1, LSQ, false},
    {"de-CH", LAQ, RAQ, LSA, RSA, false},
    {"el", LAQ, RAQ, LDQ, RDQ, false},
    {"es", LAQ, RAQ, LDQ, RDQ, false},
    {"et", LOW, LDQ, LAQ, RAQ, false},
    {"fa", LAQ, RAQ, LDQ, RDQ, false},
    {"fi", RDQ, RDQ, RSQ, RSQ, false},
    {"fr", LAQ, RAQ, LDQ, RDQ, true},
    {"fr-CH", LAQ, RAQ, LSA, RSA, false},
    {"he", LDQ, RDQ, LSQ, RSQ, false},
    {"hr", LOW, RDQ, LSQ, RSQ, false},
    {"hu", LOW, RDQ, RAQ, LAQ, false},
    {"it", LAQ, RAQ, LDQ, RDQ, false},
    {"ja", "\xE3\x80\x8C", "\xE3\x80\x8D", "\xE3\x80\x8E", "\xE3\x80\x8F",
     false},
    {"lt", LOW, LDQ, LOW1, LSQ, false},
    {"lv", LAQ, RAQ, LOW, LDQ, false},
    {"nb", LAQ, RAQ, LSQ, RSQ, false},
    {"nl", LDQ, RDQ, LSQ, RSQ, false},
    {"nn", LAQ, RAQ, LSQ, RSQ, false},
    {"no", LAQ, RAQ, LSQ, RSQ, false},
    {"pl", LOW, RDQ, LAQ, RAQ, false},
    {"pt", LAQ, RAQ, LDQ, RDQ, false},
    {"pt-BR", LDQ, RDQ, LSQ, RSQ, false},
    {"ro", LOW, RDQ, LAQ, RAQ, false},
    {"ru", LAQ, RAQ, LOW, LDQ, false},
    {"sk", LOW, LDQ, LOW1, LSQ, false},
    {"sl", LOW, LDQ, LOW1, LSQ, false},
    {"sr", LOW, RDQ, LSQ, RSQ, false},
    {"sv", RDQ, RDQ, RSQ, RSQ, false},
    {"uk", LAQ, RAQ, LOW, LDQ, false},
    {"zh-Hant", "\xE3\x80\x8C", "\xE3\x80\x8D", "\xE3\x80\x8E", "\xE3\x80\x8F",
     false},
    {"zh-TW", "\xE3\x80\x8C", "\xE3\x80\x8D", "\xE3\x80\x8E", "\xE3\x80\x8F",
     false},
    {"zh-HK", "\xE3\x80\x8C", "\xE3\x80\x8D", "\xE3\x80\x8E", "\xE3\x80\x8F",
     false},
};

/* The marks for lang: the entry of its language and region or script
 * ("pt-BR", "zh-Hant"), else of its language; NULL: English's. */
static const struct quotes *quotes_for(const char *lang)
{
	if (!lang)
		return NULL;
	const struct quotes *best = NULL;
	size_t n = strcspn(lang, "-");
	for (size_t i = 0; i < G_N_ELEMENTS(table); i++) {
		const char *l = table[i].lang;
		size_t k = strcspn(l, "-");
		if (k != n || g_ascii_strncasecmp(l, lang, n))
			continue;
		if (!l[k] && !best)
			best = &table[i];
		else if (l[k]) {
			const char *sub = strstr(lang, l + k);
			size_t len = strlen(l + k);
			if (sub && (sub[len] == '\0' || sub[len] == '-'))
				return &table[i];
		}
	}
	return best;
}

/* A change to a text node: bytes [at, at + len) become with. */
struct change {
	struct doc_node *node;
	size_t at, len;
	const char *with;
};

/* An open mark of the block not yet closed. */
struct open_mark {
	struct doc_node *node;
	size_t at;
	bool single;
};

struct smart {
	struct doc *doc;
	const struct quotes *q;
	char *marks[4];  /* open, close, open2, close2 with their spaces */
	GArray *changes; /* struct change, in text order per node */
	GArray *open;    /* struct open_mark */
};

static void change(struct smart *sm, struct doc_node *n, size_t at, size_t len,
                   const char *with)
{
	struct change c = {n, at, len, with};
	g_array_append_val(sm->changes, c);
}

/* A closing mark at (n, at): it closes the innermost open mark of its
 * kind, if any; a U+2019 that closes none is an apostrophe. */
static void close_mark(struct smart *sm, struct doc_node *n, size_t at,
                       bool single)
{
	for (guint i = sm->open->len; i-- > 0;) {
		struct open_mark o =
		    g_array_index(sm->open, struct open_mark, i);
		if (o.single != single)
			continue;
		change(sm, o.node, o.at, 3, sm->marks[single ? 2 : 0]);
		change(sm, n, at, 3, sm->marks[single ? 3 : 1]);
		g_array_set_size(sm->open, i);
		return;
	}
}

/* French: a narrow no-break space (a no-break space before ':') between
 * a word and ; : ! ?, in place of the space written there, or added
 * when none was (not inside a word: "a.php?x=1"). */
static void french_spaces(struct smart *sm, struct doc_node *n)
{
	const char *t = n->u.literal.text;
	for (size_t i = 0; t[i]; i++) {
		char c = t[i];
		if (c != ';' && c != ':' && c != '!' && c != '?')
			continue;
		const char *sp = c == ':' ? NBSP : NNBSP;
		bool end = !t[i + 1] || t[i + 1] == ' ' || t[i + 1] == ')' ||
		           t[i + 1] == '!' || t[i + 1] == '?' ||
		           !strncmp(t + i + 1, RAQ, 2) ||
		           !strncmp(t + i + 1, NNBSP, 3);
		if (i > 0 && t[i - 1] == ' ')
			change(sm, n, i - 1, 1, sp);
		else if (i > 0 && c != ':' && end &&
		         g_unichar_isalnum(
		             g_utf8_get_char(g_utf8_find_prev_char(t, t + i))))
			change(sm, n, i, 0, sp);
	}
}

static void scan_text(struct smart *sm, struct doc_node *n)
{
	const char *t = n->u.literal.text;
	for (size_t i = 0; t[i]; i++) {
		if (!strncmp(t + i, LDQ, 3) || !strncmp(t + i, LSQ, 3)) {
			struct open_mark o = {n, i, t[i + 2] == LSQ[2]};
			g_array_append_val(sm->open, o);
		} else if (!strncmp(t + i, RDQ, 3)) {
			close_mark(sm, n, i, false);
		} else if (!strncmp(t + i, RSQ, 3)) {
			close_mark(sm, n, i, true);
		}
	}
}

static gint by_place(gconstpointer a, gconstpointer b)
{
	const struct change *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Makes the changes, node by node. */
static void apply(struct smart *sm)
{
	g_array_sort(sm->changes, by_place);
	for (guint i = 0; i < sm->changes->len;) {
		struct doc_node *n =
		    g_array_index(sm->changes, struct change, i).node;
		const char *t = n->u.literal.text;
		GString *s = g_string_new(NULL);
		size_t from = 0;
		for (; i < sm->changes->len; i++) {
			const struct change *c =
			    &g_array_index(sm->changes, struct change, i);
			if (c->node != n)
				break;
			g_string_append_len(s, t + from,
			                    (gssize)(c->at - from));
			g_string_append(s, c->with);
			from = c->at + c->len;
		}
		g_string_append(s, t + from);
		n->u.literal.text = arena_strdup(sm->doc->arena, s->str);
		g_string_free(s, TRUE);
	}
	g_array_set_size(sm->changes, 0);
}

/* The text of one block (a paragraph, a heading, a cell): quotes pair
 * within it, never across blocks. */
static bool is_block(const struct doc_node *n)
{
	return n->kind == DOC_PARAGRAPH || n->kind == DOC_HEADING ||
	       n->kind == DOC_TABLE_CELL || n->kind == DOC_SUMMARY ||
	       n->kind == DOC_DEF_TERM || n->kind == DOC_CAPTION;
}

/* The marks of q from now on (NULL: English's, left as they are); the
 * changes made with the old ones are made first. */
static void use_quotes(struct smart *sm, const struct quotes *q)
{
	if (q == sm->q)
		return;
	apply(sm);
	for (size_t i = 0; i < 4; i++)
		g_free(sm->marks[i]);
	sm->q = q;
	const char *nb = q && q->french ? NNBSP : "";
	sm->marks[0] = q ? g_strconcat(q->open, nb, NULL) : NULL;
	sm->marks[1] = q ? g_strconcat(nb, q->close, NULL) : NULL;
	sm->marks[2] = q ? g_strdup(q->open2) : NULL;
	sm->marks[3] = q ? g_strdup(q->close2) : NULL;
}

bool pass_smart(struct doc *doc)
{
	struct smart sm = {.doc = doc};
	sm.changes = g_array_new(FALSE, FALSE, sizeof(struct change));
	sm.open = g_array_new(FALSE, FALSE, sizeof(struct open_mark));
	struct doc_iter it;
	const struct doc_node *cn;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &cn, &ev)) {
		struct doc_node *n = (struct doc_node *)cn;
		if (is_block(n) && ev == DOC_ENTER) {
			/* the marks of the block's language (a chapter's,
			 * an HTML lang=) */
			use_quotes(&sm, quotes_for(doc_node_lang(doc, n)));
			g_array_set_size(sm.open, 0);
		} else if (sm.q && n->kind == DOC_TEXT &&
		           !n->u.literal.escaped) {
			scan_text(&sm, n);
			if (sm.q->french)
				french_spaces(&sm, n);
		}
	}
	use_quotes(&sm, NULL);
	g_array_free(sm.changes, TRUE);
	g_array_free(sm.open, TRUE);
	return true;
}
