/*
 * build.c - one build: the book, its theme and sources, the outputs in
 * memory, then the files.
 */
#include "build.h"

#include <errno.h>
#include <sys/stat.h>

#include "cmd.h"
#include "diag.h"
#include "fsout.h"
#include "i18n.h"
#include "lang.h"
#include "layout.h"
#include "fonts.h"
#include "lcache.h"
#include "paper.h"
#include "pass.h"
#include "print.h"
#include "read.h"
#include "render.h"
#include "sources.h"
#include "util.h"

/* Where the theme was named: --theme on the command line, a print's
 * entry in book.yaml, else book.yaml's theme. */
static const struct doc_loc *theme_at(const struct opts *o,
                                      const struct doc *doc)
{
	static const struct doc_loc command_line = {NULL, 0, 0};
	if (!o->theme)
		return &doc->meta.theme_loc;
	return o->theme_at ? o->theme_at : &command_line;
}

/* The theme: --theme (or a print's), else the book's; NULL after a
 * diagnostic. */
static struct theme *load_theme(const struct opts *o, const struct doc *doc)
{
	return theme_load(o->book_dir, o->styles_dir,
	                  o->theme ? o->theme : doc->meta.theme,
	                  theme_at(o, doc));
}

/* A book that has errors: the theme's problems are told in the same run,
 * then the book goes. */
static void give_up(const struct opts *o, struct doc *doc)
{
	if (diag_worst() < DIAG_SYS && doc->meta.manifest)
		theme_free(load_theme(o, doc));
	doc_free(doc);
}

struct doc *build_read_book(const struct opts *o, bool *usage)
{
	struct doc *doc = doc_new();
	if (!manifest_read(doc, o->book_dir)) {
		/* the chapters' problems too, in the same run */
		if (diag_worst() < DIAG_SYS) {
			markdown_read_chapters(doc);
			stylesheet_read(doc);
		}
		give_up(o, doc);
		return NULL;
	}
	if (o->chapters && !pass_select(doc, o->chapters, o->chapters_at)) {
		if (usage)
			*usage = !o->chapters_at;
		doc_free(doc);
		return NULL;
	}
	pass_meta(doc, o->have_epoch, o->epoch);
	i18n_load(doc, o->locale_dir);
	/* the passes only make sense on chapters that could be read (but
	 * --dump shows what there is); a handout of some chapters carries no
	 * edition history */
	bool read = markdown_read_chapters(doc);
	if (read)
		mdbook_check_language(doc);
	stylesheet_read(doc); /* its errors stop the build below */
	if ((read || o->dump) && (o->chapters || changes_read(doc)))
		passes_run(doc);
	/* --dump shows the tree of a book with errors too */
	if (diag_worst() >= DIAG_ERROR && !o->dump) {
		give_up(o, doc);
		return NULL;
	}
	return doc;
}

/* One warning for each language of the book (its own, a chapter's, an
 * HTML lang=) written with hyphens and without patterns, where it is
 * first given: its text is set ragged-right. */
static void warn_no_hyphens(const struct doc *doc, const struct theme *t)
{
	GPtrArray *langs = doc_languages(doc);
	for (guint i = 0; i < langs->len; i++) {
		const struct doc_node *n = langs->pdata[i];
		if (!lang_hyphen_missing(t, n->lang))
			continue;
		const struct doc_loc *at =
		    n == doc->root ? &doc->meta.language_loc : &n->loc;
		diag(at, LANGUAGE_NO_HYPHENS, n->lang, lang_hyphen_dir());
	}
	g_ptr_array_unref(langs);
}

struct build *build_load(const struct opts *o, bool *usage)
{
	struct doc *doc = build_read_book(o, usage);
	if (!doc)
		return NULL;
	struct build *b = g_new0(struct build, 1);
	b->doc = doc;
	b->fonts_dir = fonts_with_book(o->fonts_dir, o->book_dir);
	b->theme = load_theme(o, doc);
	if (b->theme && o->paper)
		g_free(theme_set_paper(b->theme, o->paper)); /* checked */
	if (b->theme && (o->formats & OPT_HANDOUT))
		print_handout_theme(b->theme, o);
	if (b->theme &&
	    (!theme_check_page(b->theme, theme_at(o, doc)) ||
	     !fonts_check_theme(b->fonts_dir, b->theme, theme_at(o, doc)))) {
		theme_free(b->theme);
		b->theme = NULL;
	}
	if (b->theme)
		b->sources =
		    sources_collect(doc, b->theme, o->styles_dir, b->fonts_dir);
	if (!b->sources ||
	    !fonts_check_coverage(b->fonts_dir, b->doc, b->theme)) {
		build_free(b);
		return NULL;
	}
	/* the fonts and patterns every layout of this build reads */
	char *installed = sources_text(b->sources, true);
	lcache_set_scope(o->cache, installed, b->fonts_dir);
	g_free(installed);
	warn_no_hyphens(doc, b->theme);
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
	g_free(b->fonts_dir);
	g_free(b);
}

static void file_free(gpointer p)
{
	struct build_file *f = p;
	g_free(f->name);
	g_byte_array_free(f->bytes, TRUE);
	g_free(f);
}

/* "08-safe-use" -> "safe-use": the stem without its leading number. */
static const char *short_stem(const char *stem)
{
	const char *s = stem;
	while (g_ascii_isdigit(*s))
		s++;
	if (s > stem && (*s == '-' || *s == '_') && s[1])
		return s + 1;
	return stem;
}

/* The stem of a chapter left out of this build (src "part/02-x.md" ->
 * "02-x"); the caller owns it (g_free). */
static char *left_out_stem(const char *src)
{
	char *base = g_path_get_basename(src);
	if (g_str_has_suffix(base, ".md"))
		base[strlen(base) - 3] = '\0';
	return base;
}

/* A chapter's name in a handout's file name: its stem without the
 * leading number, unless another chapter of the book would then be
 * called the same (01-intro and 02-intro): then its whole stem. */
static const char *handout_stem(const struct doc *doc, const char *stem)
{
	const char *s = short_stem(stem);
	bool shared = false;
	for (const struct doc_node *ch = doc->root->first; ch && !shared;
	     ch = ch->next)
		shared = strcmp(ch->u.chapter.stem, stem) &&
		         !strcmp(short_stem(ch->u.chapter.stem), s);
	for (const char **o = doc->meta.left_out; o && *o && !shared; o++) {
		char *other = left_out_stem(*o);
		shared = strcmp(other, stem) && !strcmp(short_stem(other), s);
		g_free(other);
	}
	return shared ? stem : s;
}

/* A handout's base name: SLUG-VERSION-CHAPTERS-PAPER (or -booklet), with
 * -large-print (another theme) and -gray when asked.  The caller owns it
 * (g_free). */
static char *handout_name(const struct doc *doc, const struct theme *t,
                          const struct opts *o)
{
	GString *s = g_string_new(doc->meta.basename);
	g_string_append_c(s, '-');
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		g_string_append_printf(s, "%s%s",
		                       ch == doc->root->first ? "" : "+",
		                       handout_stem(doc, ch->u.chapter.stem));
	bool default_paper = !strcmp(t->paper, paper_default()->name);
	if (o->booklet)
		g_string_append(s, default_paper ? "-booklet" : "-booklet-");
	else
		g_string_append_c(s, '-');
	if (!o->booklet || !default_paper)
		g_string_append(s, t->paper);
	if (strcmp(t->name, "handout"))
		g_string_append_printf(s, "-%s", t->name);
	if (o->grayscale)
		g_string_append(s, "-gray");
	return g_string_free(s, FALSE);
}

/* The print editions a build can lay out. */
enum edition { EDITION_BOOK, EDITION_HANDOUT, N_EDITIONS };

static struct print *(*const lay_out[N_EDITIONS])(const struct doc *,
                                                  const struct theme *,
                                                  const struct opts *) = {
    print_lay_out,
    print_lay_out_handout,
};

/* Every output octavo can write, in the order it writes them, and the
 * print edition each reads. */
static const struct output {
	unsigned format;
	const char *ext;
	enum edition edition;
	bool (*render)(const struct doc *, const struct theme *,
	               const struct opts *, const struct print *, GByteArray *);
} outputs[] = {
    {OPT_EPUB, "epub", EDITION_BOOK, epub_render},
    {OPT_PDF, "pdf", EDITION_BOOK, pdf_render},
    {OPT_HANDOUT, "pdf", EDITION_HANDOUT, pdf_render},
};

/* SLUG-VERSION, then -THEME when --theme chose another look; a handout
 * names itself.  The caller owns the result (g_free). */
static char *output_base(const struct build *b, const struct opts *o,
                         unsigned format)
{
	if (format == OPT_HANDOUT)
		return handout_name(b->doc, b->theme, o);
	if (o->theme)
		return g_strdup_printf("%s-%s", b->doc->meta.basename,
		                       o->theme);
	return g_strdup(b->doc->meta.basename);
}

/* One output being rendered, perhaps on a thread of its own. */
struct job {
	const struct output *out;
	const struct build *b;
	const struct opts *o;
	const struct print *pr;
	struct build_file *f;
	bool ok;
};

static void job_run(void *p)
{
	struct job *j = p;
	j->ok =
	    j->out->render(j->b->doc, j->b->theme, j->o, j->pr, j->f->bytes);
}

/* Renders the jobs: the EPUB on a thread of its own while the PDF is
 * drawn, when both are made and threads are allowed.  The tree and the
 * print layout are only read by then; the EPUB's cover gets a font map
 * of its own, pango's being unsafe to share.  Messages come out in the
 * jobs' order, as when they run one after the other. */
static void run_jobs(struct job *jobs, size_t n, const struct opts *o)
{
	struct opts eo = *o;
	PangoFontMap *cover = NULL;
	struct diag_task *epub = NULL;
	if (n == 2 && jobs[0].out->format == OPT_EPUB &&
	    jobs[1].out->format == OPT_PDF && o->threads > 1 &&
	    (cover = fonts_map_new_for_thread(o->fonts_dir, o->threads))) {
		eo.cover_fonts = cover;
		jobs[0].o = &eo;
		epub = diag_task_start("epub", job_run, &jobs[0]);
		/* the main thread's messages wait for the EPUB's */
		if (epub)
			diag_log_begin();
	}
	for (size_t i = epub ? 1 : 0; i < n; i++)
		job_run(&jobs[i]);
	if (epub) {
		struct diag_log *mine = diag_log_end();
		diag_task_join(epub);
		diag_log_replay(mine);
	}
	if (cover)
		g_object_unref(cover);
}

/* Lays out, once each, the print editions the outputs of formats read;
 * false after a diagnostic. */
static bool lay_out_editions(const struct build *b, const struct opts *o,
                             unsigned formats, struct print **pr)
{
	struct opts lo = *o; /* the book's edition is not drawn for an EPUB */
	lo.formats = formats;
	for (size_t i = 0; i < G_N_ELEMENTS(outputs); i++) {
		enum edition e = outputs[i].edition;
		if (!(formats & outputs[i].format) || pr[e])
			continue;
		if (!(pr[e] = lay_out[e](b->doc, b->theme, &lo)))
			return false;
	}
	return true;
}

GPtrArray *build_render(const struct build *b, const struct opts *book_o,
                        unsigned formats)
{
	struct opts bo = *book_o; /* with the book's fonts */
	bo.fonts_dir = b->fonts_dir;
	const struct opts *o = &bo;
	GPtrArray *files = g_ptr_array_new_with_free_func(file_free);
	/* laid out once: the PDF draws it, the EPUB marks its pages */
	struct print *pr[N_EDITIONS] = {NULL};
	/* a layout that reported an error is not drawn */
	bool ran =
	    lay_out_editions(b, o, formats, pr) && diag_worst() < DIAG_ERROR;
	struct job jobs[G_N_ELEMENTS(outputs)];
	size_t n = 0;
	for (size_t i = 0; ran && i < G_N_ELEMENTS(outputs); i++) {
		if (!(formats & outputs[i].format))
			continue;
		struct build_file *f = g_new0(struct build_file, 1);
		char *base = output_base(b, o, outputs[i].format);
		f->name = g_strdup_printf("%s.%s", base, outputs[i].ext);
		g_free(base);
		f->bytes = g_byte_array_new();
		g_ptr_array_add(files, f);
		jobs[n++] = (struct job){.out = &outputs[i],
		                         .b = b,
		                         .o = o,
		                         .pr = pr[outputs[i].edition],
		                         .f = f};
	}
	if (ran && n)
		run_jobs(jobs, n, o);
	/* a renderer reports its own problems; one that fails without a
	 * word must not leave a truncated file */
	if (!ran && diag_worst() < DIAG_ERROR)
		diag_path(NULL, PRINT_LAYOUT_SILENT);
	for (size_t i = 0; ran && i < n; i++)
		if (!jobs[i].ok && diag_worst() < DIAG_ERROR)
			diag_path(NULL, OUTPUT_SILENT, jobs[i].out->ext);
	for (size_t e = 0; e < N_EDITIONS; e++)
		print_free(pr[e]);
	if (diag_worst() >= DIAG_ERROR) {
		g_ptr_array_unref(files);
		return NULL;
	}
	return files;
}

/* The options that make print pr of the book o builds. */
static struct opts print_opts(const struct opts *o, const struct doc_print *pr)
{
	struct opts po = *o;
	po.paper = pr->paper;
	po.theme = pr->theme;
	po.theme_at = &pr->loc;
	po.chapters = pr->chapters;
	po.chapters_at = &pr->loc;
	po.booklet = pr->booklet;
	po.grayscale = pr->grayscale;
	po.dump = false;
	po.formats = pr->chapters ? OPT_HANDOUT : OPT_PDF;
	if (pr->chapters && !po.theme)
		po.theme = "handout";
	return po;
}

/* No two files of the build share a name (one would replace the other,
 * and an archive would list it twice): each of more, made by print pr,
 * is checked against taken (name -> the print that made it, or NULL for
 * the book's own outputs) and added to it; false after a diagnostic. */
static bool names_free(GHashTable *taken, const GPtrArray *more,
                       const struct doc_print *pr)
{
	bool ok = true;
	for (guint k = 0; k < more->len; k++) {
		const struct build_file *f = more->pdata[k];
		const struct doc_print *had = NULL;
		if (!g_hash_table_lookup_extended(taken, f->name, NULL,
		                                  (gpointer *)&had)) {
			g_hash_table_insert(taken, f->name, (gpointer)pr);
		} else if (had) {
			diag(&pr->loc, PRINT_NAME_TAKEN, f->name,
			     had->loc.line);
			ok = false;
		} else {
			diag(&pr->loc, PRINT_NAME_BOOK, f->name);
			ok = false;
		}
	}
	return ok;
}

bool build_render_prints(const struct build *b, const struct opts *o,
                         GPtrArray *files)
{
	const struct doc_meta *m = &b->doc->meta;
	GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal);
	bool ok = true;
	for (guint k = 0; k < files->len; k++)
		g_hash_table_insert(
		    taken, ((struct build_file *)files->pdata[k])->name, NULL);
	for (size_t i = 0; ok && i < m->n_prints; i++) {
		struct opts po = print_opts(o, &m->prints[i]);
		struct build *pb = build_load(&po, NULL);
		GPtrArray *more = pb ? build_render(pb, &po, po.formats) : NULL;
		ok = more && names_free(taken, more, &m->prints[i]);
		for (guint k = 0; more && k < more->len; k++)
			g_ptr_array_add(files,
			                g_ptr_array_steal_index(more, k--));
		if (more)
			g_ptr_array_unref(more);
		build_free(pb);
	}
	g_hash_table_destroy(taken);
	return ok;
}

/* Writes every file only once all are rendered, and renames them into
 * place only once every one is on disk, so a failed build leaves every
 * earlier output as it was. */
/* An archived edition (octavo archive's folder, with its SHA256SUMS or
 * BUILDINFO): the name of the file that shows it, else NULL. */
static const char *archived_edition(const char *dir)
{
	static const char *const marks[] = {ARCHIVE_SUMS, ARCHIVE_BUILDINFO};
	for (size_t i = 0; i < G_N_ELEMENTS(marks); i++) {
		char *path = g_build_filename(dir, marks[i], NULL);
		struct stat st;
		bool there = lstat(path, &st) == 0;
		g_free(path);
		if (there)
			return marks[i];
	}
	return NULL;
}

bool build_write(const GPtrArray *files, const char *dir)
{
	/* an archived edition is kept as it was archived */
	const char *mark = archived_edition(dir);
	if (mark) {
		diag_path(dir, OUTPUT_ARCHIVED, mark);
		return false;
	}
	if (g_mkdir_with_parents(dir, 0777) != 0) {
		diag_path(dir, SYSTEM, g_strerror(errno));
		return false;
	}
	fsout_sweep(dir); /* what a killed build left */
	bool ok = true;
	for (guint i = 0; ok && i < files->len; i++) {
		const struct build_file *f = files->pdata[i];
		char *path = g_build_filename(dir, f->name, NULL);
		ok = fsout_stage(path, f->bytes->data, f->bytes->len);
		g_free(path);
	}
	return fsout_commit(ok) && ok;
}
