/*
 * fuzz_mdbook.c - libFuzzer target: an mdBook project's two files, read
 * as `octavo build` reads a folder without book.yaml (manifest_read(),
 * then mdbook_read(): book.toml through toml++, then SUMMARY.md through
 * cmark-gfm).  An input whose first byte is odd is book.toml (the rest of
 * it), with a fixed SUMMARY.md; an even one is SUMMARY.md, with a fixed
 * book.toml.  The folder (a temporary one) also holds the chapters the
 * fixed SUMMARY.md and the seeds name: src/a.md, src/b/c.md,
 * src/b/README.md, src/d/c.md.  When the reading succeeds the chapters
 * are read too (markdown_read_chapters()), and the tree must hold
 * (doc_check).  Messages go to /dev/null; a crash, sanitizer report,
 * leak or broken tree is a finding.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "doc.h"
#include "read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *book_dir, *toml_path, *summary_path;

static const char book_toml[] = "[book]\ntitle = \"Fuzz\"\nlanguage = \"en\"\n";
static const char summary_md[] =
    "# Summary\n\n[Intro](a.md)\n\n- [B](b/README.md)\n  - [C](b/c.md)\n"
    "\n# Part\n\n- [D](d/c.md)\n- [Draft]()\n";
static const char *const chapters[] = {"src/a.md", "src/b/c.md",
                                       "src/b/README.md", "src/d/c.md"};

static char *in_book(const char *rel)
{
	return g_build_filename(book_dir, rel, NULL);
}

static void remove_book_dir(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(chapters); i++) {
		char *p = in_book(chapters[i]);
		g_unlink(p);
		g_free(p);
	}
	g_unlink(toml_path);
	g_unlink(summary_path);
	static const char *const dirs[] = {"src/b", "src/d", "src"};
	for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
		char *p = in_book(dirs[i]);
		g_rmdir(p);
		g_free(p);
	}
	g_rmdir(book_dir);
}

static void put(const char *path, const char *data, size_t len)
{
	if (!g_file_set_contents(path, data, (gssize)len, NULL))
		abort();
}

static void setup(void)
{
	char tmpl[] = "/tmp/octavo-fuzz-mdbook.XXXXXX";
	diag_set_stream(fopen("/dev/null", "w"));
	if (!mkdtemp(tmpl))
		abort();
	book_dir = g_strdup(tmpl);
	char *b = in_book("src/b"), *d = in_book("src/d");
	if (g_mkdir_with_parents(b, 0700) || g_mkdir_with_parents(d, 0700))
		abort();
	g_free(b);
	g_free(d);
	for (size_t i = 0; i < G_N_ELEMENTS(chapters); i++) {
		char *p = in_book(chapters[i]);
		char *text = g_strdup_printf("# %s\n\nText of %s.\n",
		                             chapters[i], chapters[i]);
		put(p, text, strlen(text));
		g_free(text);
		g_free(p);
	}
	toml_path = in_book("book.toml");
	summary_path = in_book("src/SUMMARY.md");
	atexit(remove_book_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;
	if (!book_dir)
		setup();
	if (!size)
		return 0;
	bool toml = data[0] & 1;
	const char *rest = (const char *)data + 1;
	put(toml_path, toml ? rest : book_toml,
	    toml ? size - 1 : sizeof book_toml - 1);
	put(summary_path, toml ? summary_md : rest,
	    toml ? sizeof summary_md - 1 : size - 1);
	diag_reset();
	struct doc *doc = doc_new();
	if (manifest_read(doc, book_dir) && diag_worst() < DIAG_ERROR &&
	    markdown_read_chapters(doc) && diag_worst() < DIAG_ERROR &&
	    !doc_check(doc->root, &why)) {
		fprintf(stderr, "tree broken: %s\n", why);
		abort();
	}
	doc_free(doc);
	return 0;
}
