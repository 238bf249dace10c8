/*
 * fuzz_markdown.c - libFuzzer target: bytes as one chapter through the
 * Markdown reader and every pass; when they accept it, the tree must be
 * consistent (doc_check) and both renderers run to memory.  The book
 * folder is a temporary folder holding only refs.bib (keys a, b, smith,
 * lee, who; Vancouver for inputs of even length, author-date for odd), so
 * citations resolve and images are never found.
 * Messages go to /dev/null; a crash, sanitizer report, leak or broken tree
 * is a finding.  Built with -DFUZZ_NO_RENDER it stops after the passes
 * (fuzz_tree).
 */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"
#include "doc.h"
#include "opts.h"
#include "pass.h"
#include "print.h"
#include "read.h"
#include "render.h"
#include "theme.h"
#include "util.h"

#ifndef OCTAVO_DATADIR
#define OCTAVO_DATADIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *book_dir;
static char *bib_path;

static const char bib_text[] =
    "@article{a, author = {Example, Ann and Sample, Carl}, title = {One},"
    " journal = {J Ex}, year = 2020, pages = {1--9}}\n"
    "@article{b, author = {Example, Ann and Sample, Carl}, title = {Two},"
    " journal = {J Ex}, year = 2020}\n"
    "@book{smith, author = {Smith, Pat and others}, title = {A Book},"
    " publisher = {Press}, year = 2019}\n"
    "@online{who, organization = {{World Health Organization}},"
    " title = {Fact sheet}, url = {https://www.who.int/}}\n"
    "@misc{lee, author = {Lee, Kim}, title = {Notes}}\n";

static void remove_book_dir(void)
{
	unlink(bib_path);
	rmdir(book_dir);
}

static void setup(void)
{
	char tmpl[] = "/tmp/octavo-fuzz.XXXXXX";
	diag_set_stream(fopen("/dev/null", "w"));
	book_dir = g_strdup(mkdtemp(tmpl));
	if (!book_dir)
		abort();
	bib_path = g_build_filename(book_dir, "refs.bib", NULL);
	if (!g_file_set_contents(bib_path, bib_text, -1, NULL))
		abort();
	atexit(remove_book_dir);
}

/* A one-chapter book with the manifest's required fields. */
static struct doc *book_new(struct doc_node **chapter, bool author_date)
{
	struct doc *doc = doc_new();
	struct doc_loc loc = {"book.yaml", 6, 5};
	doc->meta.title = "Fuzz";
	doc->meta.language = "en-US";
	doc->meta.identifier = "fuzz";
	doc->meta.slug = "fuzz";
	doc->meta.dir = book_dir;
	doc->meta.manifest = "book.yaml";
	doc->meta.bibliography = "refs.bib";
	doc->meta.citation_style = author_date ? "author-date" : "vancouver";
	*chapter = doc_node_new(doc, DOC_CHAPTER, &loc);
	(*chapter)->u.chapter.src = "one.md";
	(*chapter)->u.chapter.stem = "one";
	(*chapter)->u.chapter.number = 1;
	doc_node_append(doc->root, *chapter);
	pass_meta(doc, true, 1764028800);
	return doc;
}

#ifndef FUZZ_NO_RENDER
static void render(const struct doc *doc)
{
	struct theme *t = theme_default();
	struct opts o = {.book_dir = book_dir,
	                 .out_dir = book_dir,
	                 .styles_dir = OCTAVO_DATADIR "/styles",
	                 .fonts_dir = OCTAVO_DATADIR "/fonts",
	                 .formats = OPT_EPUB | OPT_PDF,
	                 .have_epoch = true,
	                 .epoch = 1764028800};
	GByteArray *b = g_byte_array_new();
	struct print *pr = print_lay_out(doc, t, &o);
	epub_render(doc, t, &o, pr, b);
	g_byte_array_set_size(b, 0);
	pdf_render(doc, t, &o, pr, b);
	print_free(pr);
	g_byte_array_free(b, TRUE);
	theme_free(t);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_node *ch;
	const char *why;
	if (!book_dir)
		setup();
	diag_reset();
	struct doc *doc = book_new(&ch, size & 1);
	if (markdown_parse(doc, ch, "one.md", (const char *)data, size) &&
	    passes_run(doc) && diag_worst() < DIAG_ERROR) {
		if (!doc_check(doc->root, &why)) {
			fprintf(stderr, "tree broken: %s\n", why);
			abort();
		}
#ifndef FUZZ_NO_RENDER
		render(doc);
#endif
	}
	doc_free(doc);
	return 0;
}
