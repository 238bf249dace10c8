/*
 * build.c - one build: the book, its theme and sources, the outputs in
 * memory, then the files.
 */
#include "build.h"

#include <errno.h>

#include "diag.h"
#include "fsout.h"
#include "pass.h"
#include "read.h"
#include "render.h"
#include "sources.h"
#include "util.h"

struct doc *build_read_book(const struct opts *o)
{
	struct doc *doc = doc_new();
	if (!manifest_read(doc, o->book_dir)) {
		doc_free(doc);
		return NULL;
	}
	pass_meta(doc, o->have_epoch, o->epoch);
	/* the passes only make sense on chapters that could be read */
	if (markdown_read_chapters(doc) && changes_read(doc))
		passes_run(doc);
	if (diag_worst() >= DIAG_ERROR) {
		doc_free(doc);
		return NULL;
	}
	return doc;
}

struct build *build_load(const struct opts *o)
{
	struct doc *doc = build_read_book(o);
	if (!doc)
		return NULL;
	struct build *b = g_new0(struct build, 1);
	b->doc = doc;
	b->theme =
	    theme_load(o->styles_dir, doc->meta.theme, &doc->meta.theme_loc);
	if (b->theme && o->paper)
		theme_set_paper(b->theme,
		                o->paper); /* checked with the options */
	if (b->theme)
		b->sources = sources_collect(doc, b->theme, o->fonts_dir);
	if (!b->sources) {
		build_free(b);
		return NULL;
	}
	char *fp = sources_fingerprint(b->sources);
	doc->meta.fingerprint = arena_strdup(doc->arena, fp);
	g_free(fp);
	return b;
}

void build_free(struct build *b)
{
	if (!b)
		return;
	if (b->sources)
		g_ptr_array_unref(b->sources);
	theme_free(b->theme);
	doc_free(b->doc);
	g_free(b);
}

static void file_free(gpointer p)
{
	struct build_file *f = p;
	g_free(f->name);
	g_byte_array_free(f->bytes, TRUE);
	g_free(f);
}

/* Every output octavo can write, in the order it writes them. */
static const struct output {
	unsigned format;
	const char *ext;
	bool (*render)(const struct doc *, const struct theme *,
	               const struct opts *, const struct print *, GByteArray *);
} outputs[] = {
    {OPT_EPUB, "epub", epub_render},
    {OPT_PDF, "pdf", pdf_render},
};

GPtrArray *build_render(const struct build *b, const struct opts *o,
                        unsigned formats)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(file_free);
	/* laid out once: the PDF draws it, the EPUB marks its pages */
	struct print *pr = print_lay_out(b->doc, b->theme, o);
	for (size_t i = 0; pr && i < G_N_ELEMENTS(outputs); i++) {
		if (!(formats & outputs[i].format))
			continue;
		struct build_file *f = g_new0(struct build_file, 1);
		f->name = g_strdup_printf("%s.%s", b->doc->meta.basename,
		                          outputs[i].ext);
		f->bytes = g_byte_array_new();
		g_ptr_array_add(files, f);
		/* a renderer reports its own problems; one that fails
		 * without a word must not leave a truncated file */
		if (!outputs[i].render(b->doc, b->theme, o, pr, f->bytes) &&
		    diag_worst() < DIAG_ERROR)
			diag_sys(NULL,
			         "the %s output failed without saying why",
			         outputs[i].ext);
	}
	print_free(pr);
	if (diag_worst() >= DIAG_ERROR) {
		g_ptr_array_unref(files);
		return NULL;
	}
	return files;
}

/* Writes every file only once all are rendered, and renames them into
 * place only once every one is on disk, so a failed build leaves every
 * earlier output as it was. */
bool build_write(const GPtrArray *files, const char *dir)
{
	if (g_mkdir_with_parents(dir, 0777) != 0) {
		diag_sys(dir, "%s", g_strerror(errno));
		return false;
	}
	bool ok = true;
	for (guint i = 0; ok && i < files->len; i++) {
		const struct build_file *f = files->pdata[i];
		char *path = g_build_filename(dir, f->name, NULL);
		ok = fsout_stage(path, f->bytes->data, f->bytes->len);
		g_free(path);
	}
	return fsout_commit(ok) && ok;
}
