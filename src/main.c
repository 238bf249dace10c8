/*
 * main.c - the command line: reads the book, runs the passes, renders each
 * asked-for output to memory and writes the files only when the whole build
 * succeeded.  Exit status: 0 built (warnings allowed), 1 the book has
 * errors, 2 wrong usage, 3 a system error (I/O, disk full).
 */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "fsout.h"
#include "handout.h"
#include "opts.h"
#include "pass.h"
#include "read.h"
#include "render.h"
#include "theme.h"

#ifndef OCTAVO_DATADIR
#define OCTAVO_DATADIR "."
#endif

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

static const char usage_text[] =
    "usage: octavo build BOOKDIR [-o OUTDIR] [--format epub,pdf]\n"
    "                    [--paper a4|letter|a5] [--theme NAME] [--dump]\n"
    "       octavo handout BOOKDIR --chapter ID[,ID...] [-o OUTDIR]\n"
    "                    [--theme handout|large-print] [--paper a4|letter|a5]\n"
    "                    [--booklet] [--grayscale]\n"
    "       octavo --help | --version\n"
    "\n"
    "Builds the book in BOOKDIR (book.yaml and its Markdown chapters) into\n"
    "OUTDIR (default: out): SLUG-VERSION.epub and SLUG-VERSION.pdf.  handout\n"
    "writes a clear-print PDF of some chapters for patients to take away.\n"
    "\n"
    "  -o, --output DIR     where to write the outputs\n"
    "  -f, --format LIST    epub, pdf, or both (default: epub,pdf)\n"
    "  -p, --paper NAME     page size of the PDF, overriding the theme\n"
    "      --styles DIR     themes folder (default: the installed styles/)\n"
    "      --fonts DIR      fonts folder (default: the installed fonts/)\n"
    "  -t, --theme NAME     styles/NAME.yaml instead of the book's theme\n"
    "  -c, --chapter LIST   handout: chapter file stems or ids\n"
    "      --booklet        handout: A5 pages two-up on A4 (or Letter) sheets\n"
    "      --grayscale      handout: grays only, text contrast 7:1 or more\n"
    "      --dump           print the document tree instead of building\n"
    "  -h, --help           this text\n"
    "  -V, --version        the version\n"
    "\n"
    "SOURCE_DATE_EPOCH, when set, is the modification time written into\n"
    "every output.  Exit status: 0 built, 1 the book has errors, 2 wrong\n"
    "usage, 3 system error.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "octavo: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(octavo --help shows the usage)\n");
	return EXIT_USAGE;
}

static bool parse_formats(const char *list, unsigned *out)
{
	char **parts = g_strsplit(list, ",", -1);
	bool ok = true;
	*out = 0;
	for (char **p = parts; *p; p++) {
		if (!strcmp(*p, "epub"))
			*out |= OPT_EPUB;
		else if (!strcmp(*p, "pdf"))
			*out |= OPT_PDF;
		else
			ok = false;
	}
	g_strfreev(parts);
	return ok && *out;
}

static bool read_epoch(struct opts *o)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (!s || !*s)
		return true;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 315532800 || v > 4102444800LL) {
		diag_sys(NULL, "SOURCE_DATE_EPOCH '%s' is not a time from 1980 "
		         "to 2100 in seconds", s);
		return false;
	}
	o->have_epoch = true;
	o->epoch = (time_t)v;
	return true;
}

/* The options of one command only; -1 when they fit. */
static int build_args(const struct opts *o)
{
	if (o->chapters || o->booklet || o->grayscale)
		return usage_error("%s", "--chapter, --booklet and --grayscale "
		                   "are options of 'handout'");
	return -1;
}

static int handout_args(struct opts *o)
{
	if (!o->chapters)
		return usage_error("%s", "'handout' needs --chapter ID[,ID...]");
	if (o->dump || o->formats != (OPT_EPUB | OPT_PDF))
		return usage_error("%s", "'handout' writes one PDF: no --format "
		                   "or --dump");
	if (o->booklet && o->paper && !strcmp(o->paper, "a5"))
		return usage_error("%s", "a booklet is printed on a4 or letter "
		                   "sheets (its pages are half of them)");
	o->formats = OPT_HANDOUT;
	if (!o->theme)
		o->theme = "handout";
	return -1;
}

/* Parses "build BOOKDIR [options]"; returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_STYLES = 256, OPT_FONTS, OPT_DUMP, OPT_BOOKLET, OPT_GRAY };
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"format", required_argument, NULL, 'f'},
	    {"paper", required_argument, NULL, 'p'},
	    {"styles", required_argument, NULL, OPT_STYLES},
	    {"fonts", required_argument, NULL, OPT_FONTS},
	    {"dump", no_argument, NULL, OPT_DUMP},
	    {"theme", required_argument, NULL, 't'},
	    {"chapter", required_argument, NULL, 'c'},
	    {"booklet", no_argument, NULL, OPT_BOOKLET},
	    {"grayscale", no_argument, NULL, OPT_GRAY},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	int c;

	while ((c = getopt_long(argc, argv, "o:f:p:t:c:hV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return usage_error("%s", "-o needs a folder name");
			o->out_dir = optarg;
			break;
		case 'f':
			if (!parse_formats(optarg, &o->formats))
				return usage_error("unknown format list '%s' "
				                   "(epub, pdf)", optarg);
			break;
		case 'p': o->paper = optarg; break;
		case OPT_STYLES: o->styles_dir = optarg; break;
		case OPT_FONTS: o->fonts_dir = optarg; break;
		case OPT_DUMP: o->dump = true; break;
		case 't': o->theme = optarg; break;
		case 'c': o->chapters = optarg; break;
		case OPT_BOOKLET: o->booklet = true; break;
		case OPT_GRAY: o->grayscale = true; break;
		case 'h': fputs(usage_text, stdout); return 0;
		case 'V': printf("octavo %s\n", OCTAVO_VERSION); return 0;
		default: return usage_error("%s", "unknown option");
		}
	}
	if (o->paper) {
		struct theme *t = theme_default();
		bool known = theme_set_paper(t, o->paper);
		theme_free(t);
		if (!known)
			return usage_error("unknown paper '%s' (a4, letter, a5)",
			                   o->paper);
	}
	if (optind >= argc)
		return usage_error("%s", "no command (try 'octavo build book')");
	bool handout = !strcmp(argv[optind], "handout");
	if (strcmp(argv[optind], "build") && !handout)
		return usage_error("unknown command '%s'", argv[optind]);
	if (optind + 2 != argc)
		return usage_error("'%s' takes one book folder", argv[optind]);
	o->book_dir = argv[optind + 1];
	return handout ? handout_args(o) : build_args(o);
}

/* Reads the book (a handout: its chapters) and runs the passes.  Returns
 * NULL after errors, or with *usage set (the caller's) when --chapter
 * names no chapter. */
static struct doc *load_book(const struct opts *o, char **usage)
{
	struct doc *doc = doc_new();
	if (!manifest_read(doc, o->book_dir) ||
	    (o->chapters && (*usage = handout_select(doc, o->chapters)))) {
		doc_free(doc);
		return NULL;
	}
	pass_meta(doc, o->have_epoch, o->epoch);
	/* the passes only make sense on chapters that could be read */
	if (markdown_read_chapters(doc))
		passes_run(doc);
	if (diag_worst() >= DIAG_ERROR) {
		doc_free(doc);
		return NULL;
	}
	return doc;
}

static struct theme *load_theme(const struct doc *doc, const struct opts *o)
{
	static const struct doc_loc command_line = {NULL, 0, 0};
	struct theme *t =
	    o->theme ? theme_load(o->styles_dir, o->theme, &command_line)
	             : theme_load(o->styles_dir, doc->meta.theme,
	                          &doc->meta.theme_loc);
	if (t && o->paper)
		theme_set_paper(t, o->paper); /* known: checked with the options */
	if (t && (o->formats & OPT_HANDOUT))
		handout_theme(t, o);
	return t;
}

struct output {
	unsigned format;
	const char *ext;
	bool (*render)(const struct doc *, const struct theme *,
	               const struct opts *, GByteArray *);
	GByteArray *bytes;
};

/* SLUG-VERSION, then -THEME when --theme chose another look; a handout
 * names itself.  The caller owns the result (g_free). */
static char *output_base(const struct doc *doc, const struct theme *t,
                         const struct opts *o)
{
	if (o->formats & OPT_HANDOUT)
		return handout_name(doc, t, o);
	if (o->theme)
		return g_strdup_printf("%s-%s", doc->meta.basename, o->theme);
	return g_strdup(doc->meta.basename);
}

/* Renders every output to memory first; writes files only if all
 * succeeded, and renames them into place only once every one is on disk,
 * so a failed build leaves every earlier output as it was. */
static void build(const struct doc *doc, const struct theme *t,
                  const struct opts *o)
{
	struct output outs[] = {{OPT_EPUB, "epub", epub_render, NULL},
	                        {OPT_PDF, "pdf", pdf_render, NULL},
	                        {OPT_HANDOUT, "pdf", handout_render, NULL}};
	size_t n = sizeof outs / sizeof outs[0];

	for (size_t i = 0; i < n; i++) {
		if (!(o->formats & outs[i].format))
			continue;
		outs[i].bytes = g_byte_array_new();
		/* a renderer reports its own problems; one that fails
		 * without a word must not leave a truncated file */
		if (!outs[i].render(doc, t, o, outs[i].bytes) &&
		    diag_worst() < DIAG_ERROR)
			diag_sys(NULL, "the %s output failed without saying why",
			         outs[i].ext);
	}
	if (diag_worst() < DIAG_ERROR &&
	    g_mkdir_with_parents(o->out_dir, 0777) != 0)
		diag_sys(o->out_dir, "%s", g_strerror(errno));
	for (size_t i = 0; i < n; i++) {
		if (!outs[i].bytes)
			continue;
		if (diag_worst() < DIAG_ERROR) {
			char *base = output_base(doc, t, o);
			char *name = g_strdup_printf("%s.%s", base, outs[i].ext);
			g_free(base);
			char *path = g_build_filename(o->out_dir, name, NULL);
			fsout_stage(path, outs[i].bytes->data, outs[i].bytes->len);
			g_free(path);
			g_free(name);
		}
		g_byte_array_free(outs[i].bytes, TRUE);
	}
	fsout_commit(diag_worst() < DIAG_ERROR);
}

static int exit_status(void)
{
	switch (diag_worst()) {
	case DIAG_OK:
	case DIAG_WARN: return 0;
	case DIAG_ERROR: return EXIT_INPUT;
	case DIAG_SYS: return EXIT_SYSTEM;
	}
	return EXIT_SYSTEM;
}

int main(int argc, char **argv)
{
	struct opts o = {.out_dir = "out",
	                 .styles_dir = OCTAVO_DATADIR "/styles",
	                 .fonts_dir = OCTAVO_DATADIR "/fonts",
	                 .formats = OPT_EPUB | OPT_PDF};
	int status = parse_args(argc, argv, &o);
	if (status >= 0)
		return status;
	/* ZIP times are local times: make them UTC everywhere. */
	setenv("TZ", "UTC", 1);
	fsout_init();
	if (!read_epoch(&o))
		return exit_status();

	char *usage = NULL;
	struct doc *doc = load_book(&o, &usage);
	if (usage) {
		status = usage_error("%s", usage);
		g_free(usage);
		return status;
	}
	if (doc && o.dump) {
		GString *s = g_string_new(NULL);
		dump_render(doc->root, s);
		fwrite(s->str, 1, s->len, stdout);
		g_string_free(s, TRUE);
	} else if (doc) {
		struct theme *t = load_theme(doc, &o);
		if (t)
			build(doc, t, &o);
		theme_free(t);
	}
	doc_free(doc);
	return exit_status();
}
