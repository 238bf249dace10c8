/*
 * authors_test.c - what an author is told about a mistake in book.yaml:
 * "did you mean" (suggest.c) and YAML syntax errors in octavo's words at
 * the place of the mistake (yamlmsg.c), each case with its exact message.
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "doc.h"
#include "paper.h"
#include "read.h"
#include "suggest.h"
#include "t.h"

/* The messages manifest_parse() gives for yaml, as one string (g_free). */
static char *messages(const char *yaml)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	FILE *old = diag_set_stream(f);
	struct doc *doc = doc_new();
	manifest_parse(doc, "book.yaml", yaml, strlen(yaml));
	doc_free(doc);
	diag_set_stream(old);
	fclose(f);
	diag_reset();
	char *r = g_strdup(buf);
	free(buf);
	return r;
}

/* The first message for yaml must be want (without its line break). */
static void says(const char *yaml, const char *want)
{
	char *got = messages(yaml);
	char *nl = strchr(got, '\n');
	if (nl)
		*nl = '\0';
	T_STREQ(got, want);
	g_free(got);
}

static void suggest_keys(void)
{
	static const char *const keys[] = {"author",   "authors", "chapters",
	                                   "language", "title",   "theme"};
	size_t n = G_N_ELEMENTS(keys);
	T_STREQ(suggest_nearest("auther", keys, n), "author");
	T_STREQ(suggest_nearest("titel", keys, n), "title");
	T_STREQ(suggest_nearest("Title", keys, n), "title");
	T_STREQ(suggest_nearest("chapter", keys, n), "chapters");
	T_STREQ(suggest_nearest("lang", keys, n), "language");
	T_STREQ(suggest_nearest("langauge", keys, n), "language");
	T_CHECK(suggest_nearest("colour", keys, n) == NULL);
	T_CHECK(suggest_nearest("x", keys, n) == NULL);
	T_CHECK(suggest_nearest("", keys, n) == NULL);
	T_CHECK(suggest_nearest("publisher", keys, n) == NULL);
}

static void suggest_files(void)
{
	static const char *const files[] = {"01-intro.md", "02-storm.md",
	                                    "part/03-calm.md", "chapter-10.md"};
	size_t n = G_N_ELEMENTS(files);
	T_STREQ(suggest_nearest("02-strom.md", files, n), "02-storm.md");
	T_STREQ(suggest_nearest("01-introduction.md", files, n), "01-intro.md");
	T_STREQ(suggest_nearest("03-calm.md", files, n), "part/03-calm.md");
	T_STREQ(suggest_nearest("Chapter-10.md", files, n), "chapter-10.md");
	T_STREQ(suggest_nearest("chapter10.md", files, n), "chapter-10.md");
	T_CHECK(suggest_nearest("epilogue.md", files, n) == NULL);
	T_CHECK(suggest_distance("abc", "abc", 2) == 0);
	T_CHECK(suggest_distance("abc", "acb", 2) == 1);
	T_CHECK(suggest_distance("abcdef", "uvwxyz", 2) == 3);
}

static void yaml_glued_key(void)
{
	says("title:Foo\nlanguage: en\nchapters: [a.md]\n",
	     "book.yaml:1:6: error: 'title:Foo' needs a space after the ':' "
	     "(write 'title: Foo')");
	says("title:Foo\n", "book.yaml:1:6: error: 'title:Foo' needs a space "
	                    "after the ':' (write 'title: Foo')");
	says("title: X\nauthor:Jane\nlanguage: en\n",
	     "book.yaml:2:7: error: 'author:Jane' needs a space after the ':' "
	     "(write 'author: Jane')");
	says("title: Ünïcödé\nauthor:Jane\n",
	     "book.yaml:2:7: error: 'author:Jane' needs a space after the ':' "
	     "(write 'author: Jane')");
	says("url:https://example.org/\ntitle: x\n",
	     "book.yaml:1:4: error: 'url:https://example.org/' needs a space "
	     "after the ':' (write 'url: https://example.org/')");
}

static void yaml_quotes(void)
{
	says("title: \"Bad\nlanguage: en-US\n",
	     "book.yaml:1:8: error: the '\"' that opens this value is never "
	     "closed");
	says("title: 'it''s\n", "book.yaml:1:8: error: the \"'\" that opens "
	                        "this value is never closed");
	says("title: \"x\" y\n", "book.yaml:1:12: error: text after the "
	                         "closing quote: put the whole value inside "
	                         "the quotes");
	says("title: \"a\\qb\"\n",
	     "book.yaml:1:10: error: '\\q' is not an escape in double quotes: "
	     "write '\\\\' for a backslash, or use single quotes");
	says("title: Foo: Bar\n",
	     "book.yaml:1:11: error: a second ': ' on one line: put the value "
	     "in quotes, as in title: \"Foo: Bar\"");
}

static void yaml_indentation(void)
{
	says("title: x\n  author: y\n",
	     "book.yaml:2:9: error: this key is indented more than the key "
	     "above it: keys of one mapping line up");
	says("chapters:\n  - a.md\n - b.md\n",
	     "book.yaml:3:2: error: this line is not lined up with the lines "
	     "above it (indent with spaces, keys of one mapping and the '-' "
	     "of one list in a column)");
	says("chapters:\n\t- a.md\n",
	     "book.yaml:2:1: error: a tab: YAML is indented with spaces only");
	says("chapters: - a.md\n",
	     "book.yaml:1:11: error: a list cannot begin on its key's line: "
	     "put each '- item' on a line of its own below it");
	says("chapters:\n  - a.md\n  -b.md\n",
	     "book.yaml:3:3: error: '-b.md' needs a space after the '-' of a "
	     "list item");
	says("title: x\nsubtitle\n",
	     "book.yaml:2:1: error: 'subtitle' has no ':' after it (a key is "
	     "written 'key: value', a list item '- value')");
}

static void yaml_values(void)
{
	says("author: @jane\n", "book.yaml:1:9: error: a value cannot begin "
	                        "with '@': put it in quotes");
	says("title: &\n", "book.yaml:1:8: error: a value cannot begin with "
	                   "'&' (a YAML anchor or alias): put it in quotes");
	says("title: *foo\n", "book.yaml:1:8: error: a value cannot begin "
	                      "with '*' (a YAML anchor or alias): put it in "
	                      "quotes");
	says("keywords: [a, b\ntitle: x\n",
	     "book.yaml:1:11: error: the list opened here with '[' is not "
	     "closed with ']'");
	says("x: {a: 1\n", "book.yaml:1:4: error: the mapping opened here "
	                   "with '{' is not closed with '}'");
	says("just words\n", "book.yaml:1:1: error: expected a mapping of keys "
	                     "to values (one 'key: value' a line)");
}

static void manifest_every_problem(void)
{
	char *got = messages("auther: X\nlang: en\nchapters: []\n");
	T_STREQ(got,
	        "book.yaml:1:1: error: unknown key 'auther'; did you mean "
	        "'author'?\n"
	        "book.yaml:2:1: error: unknown key 'lang'; did you mean "
	        "'language'?\n"
	        "book.yaml:1:1: error: the manifest has no 'title'\n"
	        "book.yaml:3:11: error: the book has no chapters (list them "
	        "under 'chapters:')\n");
	g_free(got);
}

/* paper_parse(s): width and height in pt (to 0.01), its name */
static void paper_is(const char *s, double w, double h, const char *name)
{
	char *why = NULL;
	struct paper *p = paper_parse(s, &why);
	T_CHECK(p != NULL);
	if (p) {
		T_CHECK(fabs(p->width - w) < 0.01 &&
		        fabs(p->height - h) < 0.01);
		T_STREQ(p->name, name);
	} else {
		printf("  %s: %s\n", s, why);
	}
	g_free(p);
	g_free(why);
}

static void paper_refused(const char *s, const char *want)
{
	char *why = NULL;
	struct paper *p = paper_parse(s, &why);
	T_CHECK(p == NULL);
	T_STREQ(why, want);
	g_free(p);
	g_free(why);
}

static void paper_sizes(void)
{
	paper_is("a4", 595.28, 841.89, "a4");
	paper_is("A5", 419.53, 595.28, "a5");
	paper_is("us-trade", 432, 648, "us-trade");
	paper_is("royal", 442.20, 663.31, "royal");
	paper_is("demy", 391.18, 612.28, "demy");
	paper_is("b5", 498.90, 708.66, "b5");
	paper_is("6in x 9in", 432, 648, "6x9in");
	paper_is("6x9in", 432, 648, "6x9in");
	paper_is("6 x 9 in", 432, 648, "6x9in");
	paper_is("148mm x 210mm", 419.53, 595.28, "148x210mm");
	paper_is("5.5in \xc3\x97 8.5in", 396, 612, "5.5x8.5in");
	paper_is("8.5in x 15cm", 612, 425.20, "8.5inx15cm");
	paper_refused("6x9", "paper '6x9' needs a unit, as in 6in x 9in or "
	                     "148mm x 210mm");
	paper_refused("0.5in x 9in",
	              "paper '0.5in x 9in' must be from 1in to 200in each way");
	paper_refused("letterr", "unknown paper 'letterr'; did you mean "
	                         "'letter'? (or a size such as 6in x 9in)");
	paper_refused("huge", "unknown paper 'huge' (a name such as a4, "
	                      "letter, us-trade or royal, or a size such as "
	                      "6in x 9in or 148mm x 210mm)");
	paper_refused("6in x 9in x 2in",
	              "unknown paper '6in x 9in x 2in' (a name such as a4, "
	              "letter, us-trade or royal, or a size such as 6in x 9in "
	              "or 148mm x 210mm)");
}

int main(void)
{
	T_RUN(paper_sizes);
	T_RUN(suggest_keys);
	T_RUN(suggest_files);
	T_RUN(yaml_glued_key);
	T_RUN(yaml_quotes);
	T_RUN(yaml_indentation);
	T_RUN(yaml_values);
	T_RUN(manifest_every_problem);
	return t_failed ? 1 : 0;
}
