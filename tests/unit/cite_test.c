/* cite_test.c - the BibTeX reader and the citations pass. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "bib.h"
#include "diag.h"
#include "doc.h"
#include "pass.h"
#include "read.h"
#include "t.h"

/* ------------------------------------------------------------ harness */

static FILE *msg_f;
static char *msg_buf;
static size_t msg_len;

/* Messages from here on go to a buffer (and the worst level is reset). */
static void capture(void)
{
	diag_reset();
	msg_f = open_memstream(&msg_buf, &msg_len);
	diag_set_stream(msg_f);
}

/* What was reported since capture(); the caller frees it. */
static char *captured(void)
{
	fclose(msg_f);
	diag_set_stream(NULL);
	char *r = msg_buf;
	msg_buf = NULL;
	return r;
}

static struct bib *parse(struct doc *d, const char *src, bool *ok)
{
	return bib_parse(d, "t.bib", src, strlen(src), ok);
}

/* A one-chapter book from Markdown, cited against a .bib string in the
 * given style, every pass up to the citations run; the tree is checked. */
static struct doc *cited(const char *md, const char *bib, const char *style,
                         bool *ok)
{
	struct doc *d = doc_new();
	struct doc_node *ch = doc_node_new(d, DOC_CHAPTER, NULL);
	doc_node_append(d->root, ch);
	ch->u.chapter.src = "a.md";
	ch->u.chapter.stem = "a";
	ch->u.chapter.number = 1;
	d->meta.citation_style = style;
	bool read_ok = true;
	struct bib *b = bib ? parse(d, bib, &read_ok) : NULL;
	*ok = markdown_parse(d, ch, "a.md", md, strlen(md)) && pass_titles(d) &&
	      pass_ids(d) && pass_notes(d) && pass_cite_bib(d, b) && read_ok;
	const char *why = NULL;
	T_CHECK(doc_check(d->root, &why));
	if (why)
		printf("  doc_check: %s\n", why);
	return d;
}

/* Each citation's text, then " | ", in document order. */
static char *citations_text(const struct doc *d)
{
	GString *s = g_string_new(NULL);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, d->root);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->kind == DOC_CITATION) {
			doc_node_text_append(n, s);
			g_string_append(s, " | ");
		}
	return g_string_free(s, FALSE);
}

static const struct doc_node *find_kind(const struct doc *d, enum doc_kind kind)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, d->root);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->kind == kind)
			return n;
	return NULL;
}

/* The bibliography's entries as text, one a line. */
static char *entries_text(const struct doc *d)
{
	const struct doc_node *bib = find_kind(d, DOC_BIBLIOGRAPHY);
	GString *s = g_string_new(NULL);
	const struct doc_node *list = bib ? bib->last : NULL;
	for (const struct doc_node *i = list ? list->first : NULL; i;
	     i = i->next) {
		doc_node_text_append(i, s);
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

/* --------------------------------------------------------- the reader */

static void test_bib_reads_fields(void)
{
	struct doc *d = doc_new();
	bool ok;
	capture();
	struct bib *b = parse(
	    d,
	    "% a comment line\n"
	    "@String{nlm = \"National Library\"}\n"
	    "@comment{ignored {nested} @misc{not, an = entry} }\n"
	    "@ARTICLE{smith20,\n"
	    "  AUTHOR = {Smith, John Ronald and van der Berg, Anna and "
	    "{World Health Organization} and Jean-Paul Sartre},\n"
	    "  title = {The {NMDA} Receptor --- a {\\\"U}berblick},\n"
	    "  journal = nlm # \" Journal\", year = 2020, month = jan,\n"
	    "  pages = {12--19},\n"
	    "}\n"
	    "@online(site, title = \"A \\& B\", url = {https://x.org/a~b})\n",
	    &ok);
	char *m = captured();
	T_CHECK(ok);
	T_STREQ(m, "");
	T_CHECK(b->n_entries == 2);
	const struct bib_entry *e = bib_find(b, "smith20");
	T_CHECK(e && e->type == BIB_ARTICLE && e->n_authors == 4);
	if (e && e->n_authors == 4) {
		T_STREQ(e->authors[0].last, "Smith");
		T_STREQ(e->authors[0].first, "John Ronald");
		T_STREQ(e->authors[1].von, "van der");
		T_STREQ(e->authors[1].last, "Berg");
		T_CHECK(e->authors[2].corporate);
		T_STREQ(e->authors[2].last, "World Health Organization");
		T_STREQ(e->authors[3].first, "Jean-Paul");
		T_STREQ(e->authors[3].last, "Sartre");
		T_STREQ(e->title, "The NMDA Receptor — a Überblick");
		T_STREQ(e->journal, "National Library Journal");
		T_STREQ(e->year, "2020");
		T_STREQ(e->month, "January");
		T_STREQ(e->pages, "12–19");
		T_CHECK(e->loc.line == 4 && e->loc.col == 1);
	}
	const struct bib_entry *s = bib_find(b, "site");
	T_CHECK(s && s->type == BIB_ONLINE);
	if (s) {
		T_STREQ(s->title, "A & B");
		T_STREQ(s->url, "https://x.org/a~b"); /* URLs verbatim */
	}
	T_CHECK(!bib_find(b, "not") && !bib_find(b, "Site"));
	T_CHECK(bib_find_nocase(b, "Site") == s);
	free(m);
	doc_free(d);
}

/* Each bad input gives exactly these messages. */
static void expect_messages(const char *src, bool want_ok, const char *want)
{
	struct doc *d = doc_new();
	bool ok;
	capture();
	parse(d, src, &ok);
	char *m = captured();
	T_CHECK(ok == want_ok);
	T_STREQ(m, want);
	free(m);
	doc_free(d);
	diag_reset();
}

static void test_bib_errors_exact(void)
{
	expect_messages("@article{x title = {a}}\n", false,
	                "t.bib:1:12: error: expected ',' after the key 'x'\n");
	expect_messages(
	    "@misc{a, title = {A}}\n@misc{a, title = {B}}\n", false,
	    "t.bib:2:1: error: duplicate key 'a' (first at line 1)\n");
	expect_messages(
	    "@misc{A, title = {A}}\n\n@MISC{a, title = {B}}\n", false,
	    "t.bib:3:1: error: duplicate key 'a' (first at line 1)\n");
	expect_messages("@book{b,\n  author = {X, Y},\n  title = {T}}\n", false,
	                "t.bib:1:1: error: @book 'b' has no 'publisher' "
	                "(required)\nt.bib:1:1: error: @book 'b' has no 'year' "
	                "(required)\n");
	expect_messages("@online{o, url = {u}}\n", false,
	                "t.bib:1:1: error: @online 'o' has no 'title' or "
	                "'organization' (required)\n");
	expect_messages("@inproceedings{p, title = {T}}\n", true,
	                "t.bib:1:1: warning: unknown entry type "
	                "'@inproceedings'; 'p' is read as @misc\n");
	expect_messages("@misc{m, title = {T} year = 2000}\n", false,
	                "t.bib:1:22: error: expected ',' between the fields "
	                "'title' and 'year'\n");
	expect_messages(
	    "@misc{m, title = {T} 2000}\n", false,
	    "t.bib:1:22: error: expected ',' or '}' after the value "
	    "of 'title'\n");
	expect_messages(
	    "@misc{m, title = }\n", false,
	    "t.bib:1:18: error: expected a value ({...}, \"...\", a "
	    "number or a @string name)\n");
	expect_messages("@misc{m, title {T}}\n", false,
	                "t.bib:1:16: error: expected '=' after the field name "
	                "'title'\n");
	expect_messages("@misc{m, title = nosuch}\n", false,
	                "t.bib:1:18: error: undefined @string 'nosuch'\n");
	expect_messages("@misc{m, title = {open}\n", false,
	                "t.bib:1:6: error: unterminated '{' (no matching "
	                "'}')\n");
	expect_messages("@misc(m, title = {open}", false,
	                "t.bib:1:6: error: unterminated '(' (no matching "
	                "')')\n");
	expect_messages("@misc{m, title = \"a}b\"}", false,
	                "t.bib:1:18: error: unbalanced '}' inside \"...\"\n");
	expect_messages(
	    "@misc x\n", false,
	    "t.bib:1:7: error: expected '{' or '(' after '@misc'\n");
	expect_messages("@{x}\n", false,
	                "t.bib:1:2: error: expected an entry type after '@'\n");
	expect_messages("@online{o, title = {T}, url = {u}, urldate = {May}}\n",
	                false,
	                "t.bib:1:36: error: urldate 'May' of 'o' is not a date "
	                "like 2024-03-05\n");
	expect_messages("@misc{m, title = {A}, title = {B}}\n", true,
	                "t.bib:1:23: warning: field 'title' given twice in 'm' "
	                "(first at line 1); the first is used\n");
	expect_messages("ok\xff\n", false,
	                "t.bib:1:3: error: invalid UTF-8 (byte 0xFF)\n");
}

static void test_bib_goes_on_after_errors(void)
{
	struct doc *d = doc_new();
	bool ok;
	capture();
	struct bib *b = parse(d,
	                      "@misc{one, title = {broken\n"
	                      "@misc{two, title = {fine}}\n"
	                      "@misc{three title = {x}}\n"
	                      "@misc{four, title = {fine}}\n",
	                      &ok);
	char *m = captured();
	T_CHECK(!ok);
	T_STREQ(m, "t.bib:1:20: error: unterminated '{' (no matching '}')\n"
	           "t.bib:3:13: error: expected ',' after the key 'three'\n");
	T_CHECK(b->n_entries == 2 && bib_find(b, "two") && bib_find(b, "four"));
	T_CHECK(bib_is_broken(b, "one") && bib_is_broken(b, "three"));
	T_CHECK(!bib_is_broken(b, "two"));
	free(m);
	doc_free(d);
	diag_reset();
}

/* ------------------------------------------------------ finding them */

static const char *const refs =
    "@online{pmc, title = {PubMed Central}, organization = {NLM},\n"
    "  url = {https://www.ncbi.nlm.nih.gov/pmc/}}\n"
    "@article{smith, author = {Smith, Ann and Lee, Bo}, title = {T},\n"
    "  journal = {J}, year = 2020, volume = 3, number = 2,\n"
    "  pages = {101--109}}\n"
    "@book{lee, author = {Lee, Kim}, title = {B}, publisher = {P},\n"
    "  address = {Boston}, year = 2019, edition = 2}\n";

static void test_finds_citation_forms(void)
{
	bool ok;
	capture();
	struct doc *d = cited("# T\n\nA [@pmc]. B [@smith, p. 12] C [@lee; "
	                      "@pmc]. As @smith. showed, and @lee: so.\n\n"
	                      "Write to someone@example.org or x@lee, not "
	                      "[a link to @pmc](https://x.org), `@pmc`, "
	                      "[no key @ here], [@]\n",
	                      refs, NULL, &ok);
	char *m = captured();
	char *t = citations_text(d);
	T_CHECK(ok);
	T_STREQ(m, "");
	T_STREQ(t, "[1] | [2, p. 12] | [1, 3] | Smith and Lee [2] | "
	           "Lee [3] | ");
	const struct doc_node *c = find_kind(d, DOC_CITATION);
	T_STREQ(c->id, "cite-1");
	T_STREQ(c->u.cite.keys, "pmc");
	T_CHECK(c->loc.line == 3 && c->loc.col == 3);
	const struct doc_node *c2 = c->next->next;
	T_STREQ(c2->u.cite.locator, "p. 12");
	T_STREQ(c2->u.cite.label, "2");
	/* the text around the citations is kept as it was */
	GString *s = g_string_new(NULL);
	doc_node_text_append(c->parent, s);
	T_STREQ(s->str, "A [1]. B [2, p. 12] C [1, 3]. As Smith and Lee [2]. "
	                "showed, and Lee [3]: so.");
	g_string_free(s, TRUE);
	free(t);
	free(m);
	doc_free(d);
	diag_reset();
}

static void test_citation_across_soft_break(void)
{
	bool ok;
	struct doc *d = cited("# T [@pmc]\n\nSee [@pmc;\n@lee] and\nmore "
	                      "[@smith].\n",
	                      refs, NULL, &ok);
	char *t = citations_text(d);
	const struct doc_node *p = find_kind(d, DOC_PARAGRAPH);
	GString *kinds = g_string_new(NULL);
	for (const struct doc_node *n = p->first; n; n = n->next)
		g_string_append_printf(kinds, "%s ", doc_kind_name(n->kind));
	T_CHECK(ok);
	T_STREQ(t, "[1] | [1, 2] | [3] | ");
	T_STREQ(d->root->first->u.chapter.title, "T");
	T_STREQ(kinds->str, "text citation text softbreak text citation text ");
	T_CHECK(p->last->prev->loc.line == 5 && p->last->prev->loc.col == 6);
	g_string_free(kinds, TRUE);
	free(t);
	doc_free(d);
}

/* -------------------------------------------------------- numbering */

static void test_numbered_by_first_citation(void)
{
	bool ok;
	/* the note's citation counts where the note is referred to */
	struct doc *d = cited("# T\n\nFirst [@lee], a note[^n], then "
	                      "[@pmc; @lee].\n\n[^n]: Noted [@smith].\n",
	                      refs, "vancouver", &ok);
	char *t = citations_text(d);
	char *e = entries_text(d);
	T_CHECK(ok);
	T_STREQ(t, "[1] | [1, 3] | [2] | ");
	T_STREQ(e, "Lee K. B. 2nd ed. Boston: P; 2019. ↑ a b\n"
	           "Smith A, Lee B. T. J. 2020;3(2):101-9. ↑\n"
	           "NLM. PubMed Central [Internet]. Available from: "
	           "https://www.ncbi.nlm.nih.gov/pmc/ ↑\n");
	const struct doc_node *bib = find_kind(d, DOC_BIBLIOGRAPHY);
	const struct doc_node *list = bib->last;
	T_CHECK(list->u.list.ordered && list->u.list.start == 1);
	T_STREQ(list->first->id, "ref-lee");
	/* no marker: a heading of its own, at the end of the last chapter */
	T_CHECK(bib->first->kind == DOC_HEADING &&
	        bib->u.bibliography.heading == bib->first);
	T_STREQ(bib->first->id, "references");
	T_CHECK(bib->first->u.heading.level == 2);
	T_CHECK(bib->prev->kind != DOC_NOTE && bib->next->kind == DOC_NOTE);
	/* back links point at the citations */
	const struct doc_node *back = list->first->first->last;
	T_CHECK(back->kind == DOC_LINK && back->u.link.target &&
	        back->u.link.target->kind == DOC_CITATION);
	T_STREQ(back->u.link.target->id, "cite-3");
	free(t);
	free(e);
	doc_free(d);
}

static void test_marker_places_the_list(void)
{
	bool ok;
	capture();
	struct doc *d = cited("# T\n\nA [@pmc].\n\n## Sources\n\nRead:\n\n"
	                      "[bibliography]\n\nAfter.\n",
	                      refs, NULL, &ok);
	char *m = captured();
	const struct doc_node *bib = find_kind(d, DOC_BIBLIOGRAPHY);
	T_CHECK(ok);
	T_STREQ(m, "t.bib:3:1: warning: entry 'smith' is never cited\n"
	           "t.bib:6:1: warning: entry 'lee' is never cited\n");
	free(m);
	T_CHECK(bib && bib->prev && bib->next);
	T_CHECK(bib->first == bib->last && bib->first->kind == DOC_LIST);
	T_STREQ(bib->u.bibliography.heading->id, "sources");
	T_CHECK(bib->loc.line == 9);
	doc_free(d);
}

/* ------------------------------------------------------- author-date */

static void test_author_date_labels(void)
{
	static const char *const bib =
	    "@misc{b, title = {Beta}, organization = {NLM}}\n"
	    "@misc{a, title = {Alpha}, organization = {NLM}}\n"
	    "@article{s2, author = {Smith, Ann}, title = {Zed}, journal = {J},"
	    " year = 2020}\n"
	    "@article{s1, author = {Smith, Ann}, title = {Ant}, journal = {J},"
	    " year = 2020}\n"
	    "@book{w, author = {{World Health Organization}}, title = {Guide},"
	    " publisher = {WHO Press}, address = {Geneva}, year = 2011}\n"
	    "@online{n, title = {Nushama}, url = {https://nushama.com/}}\n";
	bool ok;
	struct doc *d = cited("# T\n\nSee [@b; @a], [@s2, 4; -@s1], @w and "
	                      "[@n].\n",
	                      bib, "author-date", &ok);
	char *t = citations_text(d);
	char *e = entries_text(d);
	T_CHECK(ok);
	T_STREQ(t, "(NLM n.d.-b; NLM n.d.-a) | (Smith 2020b, 4; 2020a) | "
	           "World Health Organization (2011) | (Nushama n.d.) | ");
	T_STREQ(e, "NLM. n.d.-a. Alpha. ↑\n"
	           "NLM. n.d.-b. Beta. ↑\n"
	           "Nushama. n.d. https://nushama.com/. ↑\n"
	           "Smith, Ann. 2020a. “Ant.” J. ↑\n"
	           "Smith, Ann. 2020b. “Zed.” J. ↑\n"
	           "World Health Organization. 2011. Guide. Geneva: WHO "
	           "Press. ↑\n");
	const struct doc_node *list = find_kind(d, DOC_BIBLIOGRAPHY)->last;
	T_CHECK(!list->u.list.ordered);
	/* titles of books and sites are emphasised */
	const struct doc_node *who = list->last->first;
	T_CHECK(who->first->next->kind == DOC_EMPH);
	free(t);
	free(e);
	doc_free(d);
}

/* ------------------------------------------------------------ errors */

static void test_cite_errors(void)
{
	bool ok;
	capture();
	struct doc *d =
	    cited("# T\n\nA [@pmc] and [@nope] and @Lee.\n", refs, NULL, &ok);
	char *m = captured();
	T_CHECK(!ok);
	T_STREQ(m, "a.md:3:15: error: no bibliography entry 'nope'\n"
	           "a.md:3:26: error: no bibliography entry 'Lee' (did you "
	           "mean 'lee'?)\n"
	           "t.bib:3:1: warning: entry 'smith' is never cited\n"
	           "t.bib:6:1: warning: entry 'lee' is never cited\n");
	free(m);
	doc_free(d);

	capture();
	d = cited("# T\n\nNo bibliography [@a], [@b].\n", NULL, NULL, &ok);
	m = captured();
	T_CHECK(!ok);
	T_STREQ(m,
	        "a.md:3:18: error: citation '@a', but the book has no "
	        "bibliography (add 'bibliography: FILE.bib' to book.yaml)\n");
	free(m);
	doc_free(d);

	capture();
	d = cited("# T\n\nNo citations, a mail@example.org address.\n\n"
	          "[bibliography]\n",
	          NULL, NULL, &ok);
	m = captured();
	T_CHECK(ok);
	T_STREQ(m, "a.md:5:1: warning: [bibliography], but the book has no "
	           "bibliography; the marker is left out\n");
	T_CHECK(d->root->first->last->kind == DOC_PARAGRAPH);
	T_CHECK(!find_kind(d, DOC_CITATION) && !find_kind(d, DOC_BIBLIOGRAPHY));
	free(m);
	doc_free(d);
	diag_reset();
}

int main(void)
{
	T_RUN(test_bib_reads_fields);
	T_RUN(test_bib_errors_exact);
	T_RUN(test_bib_goes_on_after_errors);
	T_RUN(test_finds_citation_forms);
	T_RUN(test_citation_across_soft_break);
	T_RUN(test_numbered_by_first_citation);
	T_RUN(test_marker_places_the_list);
	T_RUN(test_author_date_labels);
	T_RUN(test_cite_errors);
	return t_failed ? 1 : 0;
}
