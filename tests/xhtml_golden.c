/*
 * xhtml_golden.c - prints one chapter as the EPUB's XHTML, for the golden
 * tests (tests/suite/25-xhtml.sh).
 *
 *   xhtml_golden DIR NAME.md [OTHER.md ...]
 *
 * makes a book of the chapters DIR/NAME.md, DIR/OTHER.md ... (in that
 * order, so NAME.md is always chapter 1 and its ids never depend on the
 * others), reads it and runs the passes as octavo does, then writes
 * NAME.md's XHTML to stdout.  Exit status 1 when the book has errors.
 */
#include <glib.h>
#include <stdio.h>

#include "xhtml.h"
#include "diag.h"
#include "doc.h"
#include "pass.h"
#include "read.h"

static struct doc *load(const char *dir, int n, char **chapters)
{
	GString *yaml = g_string_new("title: Golden\nlanguage: en-US\n"
	                             "identifier: golden\nchapters:\n");
	for (int i = 0; i < n; i++)
		g_string_append_printf(yaml, "  - \"%s\"\n", chapters[i]);
	struct doc *doc = doc_new();
	bool ok = manifest_parse(doc, "book.yaml", yaml->str, yaml->len);
	g_string_free(yaml, TRUE);
	doc->meta.dir = dir;
	ok = ok && markdown_read_chapters(doc) && passes_run(doc);
	if (!ok || diag_worst() >= DIAG_ERROR) {
		doc_free(doc);
		return NULL;
	}
	return doc;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: xhtml_golden DIR NAME.md [OTHER.md ...]\n",
		      stderr);
		return 2;
	}
	struct doc *doc = load(argv[1], argc - 2, argv + 2);
	if (!doc)
		return 1;
	struct opts opts = {.book_dir = argv[1]};
	/* the chapter as the EPUB links it */
	static const struct xhtml_paths paths = {"../css/book.css",
	                                         "../images/"};
	struct xhtml *xh = xhtml_new(&opts, doc, &paths);
	GByteArray *out = g_byte_array_new();
	bool ok = xhtml_render(xh, doc->root->first, out);
	fwrite(out->data, 1, out->len, stdout);
	g_byte_array_free(out, TRUE);
	xhtml_free(xh);
	doc_free(doc);
	return ok ? 0 : 1;
}
