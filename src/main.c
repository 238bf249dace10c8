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
    "                    [--paper a4|letter|a5] [--dump]\n"
    "       octavo --help | --version\n"
    "\n"
    "Builds the book in BOOKDIR (book.yaml and its Markdown chapters) into\n"
    "OUTDIR (default: out): SLUG.epub and SLUG.pdf.\n"
    "\n"
    "  -o, --output DIR     where to write the outputs\n"
    "  -f, --format LIST    epub, pdf, or both (default: epub,pdf)\n"
    "  -p, --paper NAME     page size of the PDF, overriding the theme\n"
    "      --styles DIR     themes folder (default: the installed styles/)\n"
    "      --fonts DIR      fonts folder (default: the installed fonts/)\n"
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

/* Parses "build BOOKDIR [options]"; returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_STYLES = 256, OPT_FONTS, OPT_DUMP };
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"format", required_argument, NULL, 'f'},
	    {"paper", required_argument, NULL, 'p'},
	    {"styles", required_argument, NULL, OPT_STYLES},
	    {"fonts", required_argument, NULL, OPT_FONTS},
	    {"dump", no_argument, NULL, OPT_DUMP},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	int c;

	while ((c = getopt_long(argc, argv, "o:f:p:hV", longopts, NULL)) != -1) {
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
	if (strcmp(argv[optind], "build"))
		return usage_error("unknown command '%s'", argv[optind]);
	if (optind + 2 != argc)
		return usage_error("%s", "'build' takes one book folder");
	o->book_dir = argv[optind + 1];
	return -1;
}

/* Reads the book and runs the passes.  Returns NULL after errors. */
static struct doc *load_book(const struct opts *o)
{
	struct doc *doc = doc_new();
	if (!manifest_read(doc, o->book_dir)) {
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
	struct theme *t = theme_load(o->styles_dir, doc->meta.theme,
	                             &doc->meta.theme_loc);
	if (t && o->paper)
		theme_set_paper(t, o->paper); /* known: checked with the options */
	return t;
}

struct output {
	unsigned format;
	const char *ext;
	bool (*render)(const struct doc *, const struct theme *,
	               const struct opts *, const struct print *, GByteArray *);
	GByteArray *bytes;
};

/* Renders every output to memory first; writes files only if all
 * succeeded, and renames them into place only once every one is on disk,
 * so a failed build leaves every earlier output as it was. */
static void build(const struct doc *doc, const struct theme *t,
                  const struct opts *o)
{
	struct output outs[] = {{OPT_EPUB, "epub", epub_render, NULL},
	                        {OPT_PDF, "pdf", pdf_render, NULL}};
	size_t n = sizeof outs / sizeof outs[0];
	/* laid out once: the PDF draws it, the EPUB marks its pages */
	struct print *pr = print_lay_out(doc, t, o);

	for (size_t i = 0; pr && i < n; i++) {
		if (!(o->formats & outs[i].format))
			continue;
		outs[i].bytes = g_byte_array_new();
		/* a renderer reports its own problems; one that fails
		 * without a word must not leave a truncated file */
		if (!outs[i].render(doc, t, o, pr, outs[i].bytes) &&
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
			char *name = g_strdup_printf("%s.%s", doc->meta.basename,
			                             outs[i].ext);
			char *path = g_build_filename(o->out_dir, name, NULL);
			fsout_stage(path, outs[i].bytes->data, outs[i].bytes->len);
			g_free(path);
			g_free(name);
		}
		g_byte_array_free(outs[i].bytes, TRUE);
	}
	print_free(pr);
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

	struct doc *doc = load_book(&o);
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
