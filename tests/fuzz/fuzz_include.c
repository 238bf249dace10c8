/*
 * fuzz_include.c - libFuzzer target: bytes as one chapter of a book
 * folder that holds files to include, through include_expand() (mdBook's
 * {{#include}}, {{#rustdoc_include}}, {{#playground}}, {{#title}}, line
 * ranges and anchors), then markdown_parse_mapped() with the line map it
 * made, then every pass; when they accept it the tree must hold
 * (doc_check).  The folder (a temporary one) holds:
 *   part.md   a paragraph and an include of code.rs's anchor "main"
 *   code.rs   anchors "main" and "all", nested and overlapping, 9 lines
 *   loop.md   includes itself (a cycle)
 *   deep.md   includes deep.md through part.md and loop.md
 *   sub/x.md  includes ../code.rs:2:3 (a path from a subfolder)
 * so the fuzzer finds the directives' paths from the seeds and the
 * dictionary.  Messages go to /dev/null; a crash, sanitizer report, leak,
 * broken tree or a map that does not cover every line is a finding.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "pass.h"
#include "read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *book_dir;
static char *chapter_real;

static const struct {
	const char *name, *text;
} files[] = {
    {"part.md", "A part, with code:\n\n```rust\n{{#include code.rs:main}}\n"
                "```\n"},
    {"code.rs",
     "// ANCHOR: all\nfn main() {\n    // ANCHOR: main\n"
     "    let x = 1;\n    // ANCHOR_END: main\n    println!(\"{x}\");"
     "\n}\n// ANCHOR_END: all\n// ANCHOR: open\n"},
    {"loop.md", "Again: {{#include loop.md}}\n"},
    {"deep.md", "{{#include part.md}}\n{{#include loop.md}}\n"},
    {"sub/x.md", "{{#include ../code.rs:2:3}}\n"},
};

static void remove_book_dir(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *p = g_build_filename(book_dir, files[i].name, NULL);
		g_unlink(p);
		g_free(p);
	}
	char *sub = g_build_filename(book_dir, "sub", NULL);
	g_rmdir(sub);
	g_free(sub);
	g_rmdir(book_dir);
}

static void setup(void)
{
	char tmpl[] = "/tmp/octavo-fuzz-inc.XXXXXX";
	diag_set_stream(fopen("/dev/null", "w"));
	if (!mkdtemp(tmpl))
		abort();
	book_dir = realpath(tmpl, NULL);
	char *sub = g_build_filename(book_dir, "sub", NULL);
	if (!book_dir || g_mkdir(sub, 0700))
		abort();
	g_free(sub);
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *p = g_build_filename(book_dir, files[i].name, NULL);
		if (!g_file_set_contents(p, files[i].text, -1, NULL))
			abort();
		g_free(p);
	}
	chapter_real = g_build_filename(book_dir, "one.md", NULL);
	atexit(remove_book_dir);
}

/* Every line of text has its entry in map, and no more. */
static void check_map(const char *text, size_t len, const GArray *map)
{
	guint lines = 0;
	for (size_t i = 0; i < len; i++)
		if (i == 0 || text[i - 1] == '\n')
			lines++;
	if (lines != map->len) {
		fprintf(stderr, "map: %u lines, %u entries\n", lines, map->len);
		abort();
	}
	for (guint i = 0; i < map->len; i++)
		if (!g_array_index(map, struct include_line, i).file ||
		    !g_array_index(map, struct include_line, i).line)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;
	if (!book_dir)
		setup();
	diag_reset();
	struct doc *doc = doc_new();
	struct doc_loc loc = {"book.yaml", 6, 5};
	doc->meta.title = "Fuzz";
	doc->meta.language = "en-US";
	doc->meta.identifier = "fuzz";
	doc->meta.slug = "fuzz";
	doc->meta.dir = book_dir;
	doc->meta.manifest = "book.yaml";
	struct doc_node *ch = doc_node_new(doc, DOC_CHAPTER, &loc);
	ch->u.chapter.src = "one.md";
	ch->u.chapter.stem = "one";
	ch->u.chapter.number = 1;
	doc_node_append(doc->root, ch);
	pass_meta(doc, true, 1764028800);

	char *text = NULL;
	size_t len = 0;
	GArray *map = NULL;
	bool ok = include_expand(doc, "one.md", chapter_real, "one.md",
	                         (const char *)data, size, &text, &len, &map);
	if (ok && text) {
		check_map(text, len, map);
		ok = markdown_parse_mapped(doc, ch, "one.md", text, len, map);
	} else if (ok) {
		ok =
		    markdown_parse(doc, ch, "one.md", (const char *)data, size);
	}
	if (ok && passes_run(doc) && diag_worst() < DIAG_ERROR &&
	    !doc_check(doc->root, &why)) {
		fprintf(stderr, "tree broken: %s\n", why);
		abort();
	}
	if (map)
		g_array_free(map, TRUE);
	g_free(text);
	doc_free(doc);
	return 0;
}
