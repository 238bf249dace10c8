/*
 * main.c - the command line: `build` reads the book, runs the passes,
 * renders each asked-for output to memory and writes the files only when
 * the whole build succeeded (build.c); the other commands are in src/cmd/.
 * Exit status: 0 built (warnings allowed), 1 the book has errors, 2 wrong
 * usage, 3 a system error (I/O, disk full).
 */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cmd.h"
#include "diag.h"
#include "doc.h"
#include "fsout.h"
#include "lcache.h"
#include "opts.h"
#include "paper.h"
#include "render.h"
#include "theme.h"

#ifndef OCTAVO_DATADIR
#define OCTAVO_DATADIR "."
#endif

static const char usage_text[] =
    "usage: octavo init DIR [--title TITLE] [--language TAG]\n"
    "       octavo build BOOKDIR [-o OUTDIR] [--format epub,pdf] [-W LEVEL]\n"
    "                    [--paper NAME] [--theme NAME] [--all] "
    "[--dump]\n"
    "       octavo watch BOOKDIR [build options]\n"
    "       octavo handout BOOKDIR --chapter ID[,ID...] [-o OUTDIR]\n"
    "                    [--theme handout|large-print] [--paper NAME]\n"
    "                    [--booklet] [--grayscale]\n"
    "       octavo archive BOOKDIR --to ARCHIVE [-W LEVEL]\n"
    "       octavo verify ARCHIVE/VERSION [-W LEVEL]\n"
    "       octavo diff OLD NEW [--format text|html]\n"
    "       octavo --help | --version\n"
    "\n"
    "init starts a new book in DIR to build and edit.  build builds the\n"
    "book in BOOKDIR (book.yaml, or an mdBook project's book.toml and\n"
    "SUMMARY.md, and its Markdown chapters) into\n"
    "OUTDIR (default: out): SLUG-VERSION.epub and SLUG-VERSION.pdf.  handout\n"
    "writes a clear-print PDF of some chapters for patients to take away;\n"
    "archive keeps an edition's outputs and exact sources in\n"
    "ARCHIVE/VERSION; verify checks its hashes and rebuilds it; diff shows\n"
    "what changed between two book folders or archived editions.  watch\n"
    "builds again each time a file of the book changes, until Ctrl-C.\n"
    "\n"
    "  -o, --output DIR     where to write the outputs\n"
    "  -f, --format LIST    epub, pdf, or both (default: epub,pdf)\n"
    "  -p, --paper NAME     page size of the PDF, overriding the theme: %s\n"
    "      --styles DIR     themes folder (default: the installed styles/)\n"
    "      --fonts DIR      fonts folder (default: the installed fonts/)\n"
    "  -t, --theme NAME     styles/NAME.yaml instead of the book's theme\n"
    "  -c, --chapter LIST   handout: chapter file stems or ids\n"
    "      --booklet        handout: A5 pages two-up on A4 (or Letter) sheets\n"
    "      --grayscale      handout: grays only, text contrast 7:1 or more\n"
    "      --all            also every print book.yaml lists under prints:\n"
    "      --dump           print the document tree instead of building\n"
    "  -W LEVEL             warnings reported as LEVEL: warning (the default)\n"
    "                       or error (the build fails: for CI); -W NAME=LEVEL\n"
    "                       for the warning NAME of octavo(1), also ignore\n"
    "      --cache DIR      keep the line breaks of every paragraph in DIR\n"
    "                       so the next build breaks only what changed\n"
    "  -h, --help           this text\n"
    "  -V, --version        the version\n"
    "\n"
    "SOURCE_DATE_EPOCH, when set, is the modification time written into\n"
    "every output.  OCTAVO_THREADS is how many threads lay out the print\n"
    "pages (default 1).  Exit status: 0 built,\n"
    "1 the book has errors, 2 wrong usage, 3 system error.\n";

/* The help, the papers' names from their table. */
static int usage(void)
{
	char *papers = paper_names(false, ", ");
	printf(usage_text, papers);
	g_free(papers);
	return 0;
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

/* The options of one command only; -1 when they fit. */
static int build_args(const struct opts *o)
{
	if (o->chapters || o->booklet || o->grayscale)
		return cmd_usage(USAGE_HANDOUT_OPTIONS);
	if (o->all &&
	    (o->theme || o->paper || o->formats != (OPT_EPUB | OPT_PDF)))
		return cmd_usage(USAGE_ALL);
	return -1;
}

static int handout_args(struct opts *o)
{
	if (!o->chapters)
		return cmd_usage(USAGE_HANDOUT_CHAPTER);
	if (o->dump || o->all || o->formats != (OPT_EPUB | OPT_PDF))
		return cmd_usage(USAGE_HANDOUT_FORMAT);
	const struct paper *sheet = paper_find(o->paper);
	if (o->booklet && o->paper && !(sheet && sheet->booklet)) {
		char *names = paper_names(true, " or ");
		int st = cmd_usage(USAGE_BOOKLET_PAPER, names);
		g_free(names);
		return st;
	}
	o->formats = OPT_HANDOUT;
	if (!o->theme)
		o->theme = "handout";
	return -1;
}

/* Parses "build BOOKDIR [options]"; returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	enum {
		OPT_STYLES = 256,
		OPT_FONTS,
		OPT_DUMP,
		OPT_BOOKLET,
		OPT_GRAY,
		OPT_ALL,
		OPT_CACHE
	};
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"format", required_argument, NULL, 'f'},
	    {"paper", required_argument, NULL, 'p'},
	    {"styles", required_argument, NULL, OPT_STYLES},
	    {"fonts", required_argument, NULL, OPT_FONTS},
	    {"dump", no_argument, NULL, OPT_DUMP},
	    {"all", no_argument, NULL, OPT_ALL},
	    {"cache", required_argument, NULL, OPT_CACHE},
	    {"theme", required_argument, NULL, 't'},
	    {"chapter", required_argument, NULL, 'c'},
	    {"booklet", no_argument, NULL, OPT_BOOKLET},
	    {"grayscale", no_argument, NULL, OPT_GRAY},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	int c;

	while ((c = getopt_long(argc, argv, "o:f:p:t:c:W:hV", longopts,
	                        NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return cmd_usage(USAGE_OUTPUT);
			o->out_dir = optarg;
			break;
		case 'f':
			if (!parse_formats(optarg, &o->formats))
				return cmd_usage(USAGE_FORMAT, optarg);
			break;
		case 'p': o->paper = optarg; break;
		case OPT_STYLES: o->styles_dir = optarg; break;
		case OPT_FONTS: o->fonts_dir = optarg; break;
		case OPT_DUMP: o->dump = true; break;
		case OPT_ALL: o->all = true; break;
		case OPT_CACHE:
			if (!*optarg)
				return cmd_usage(USAGE_CACHE);
			o->cache_dir = optarg;
			break;
		case 't': o->theme = optarg; break;
		case 'c': o->chapters = optarg; break;
		case OPT_BOOKLET: o->booklet = true; break;
		case OPT_GRAY: o->grayscale = true; break;
		case 'W':
			if (!diag_set_option(optarg))
				return cmd_usage(USAGE_W, optarg);
			break;
		case 'h': return usage();
		case 'V': printf("octavo %s\n", OCTAVO_VERSION); return 0;
		default: return cmd_usage(USAGE_UNKNOWN_OPTION);
		}
	}
	char *why = NULL;
	struct paper *paper = o->paper ? paper_parse(o->paper, &why) : NULL;
	g_free(paper);
	if (why) {
		int st = cmd_usage(USAGE_PAPER_INVALID, why);
		g_free(why);
		return st;
	}
	if (optind >= argc)
		return cmd_usage(USAGE_NO_COMMAND);
	bool handout = !strcmp(argv[optind], "handout");
	if (strcmp(argv[optind], "build") && !handout)
		return cmd_usage(USAGE_UNKNOWN_COMMAND, argv[optind]);
	if (optind + 2 != argc)
		return cmd_usage(USAGE_ONE_BOOK, argv[optind]);
	o->book_dir = argv[optind + 1];
	return handout ? handout_args(o) : build_args(o);
}

/* Every command but build, which parse_args() takes. */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv, struct opts *o);
} commands[] = {
    {"archive", cmd_archive},
    {"verify", cmd_verify},
    {"diff", cmd_diff},
    {"init", cmd_init},
};

static const struct command *find_command(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return &commands[i];
	return NULL;
}

static int build(struct opts *o)
{
	bool usage = false;
	o->cache = lcache_open(o->cache_dir);
	struct build *b = build_load(o, &usage);
	if (usage) { /* a handout's --chapter names no chapter */
		lcache_free(o->cache);
		o->cache = NULL;
		return EXIT_USAGE;
	}
	GPtrArray *files = b ? build_render(b, o, o->formats) : NULL;
	if (files && o->all && !build_render_prints(b, o, files)) {
		g_ptr_array_unref(files);
		files = NULL;
	}
	if (files) {
		build_write(files, o->out_dir);
		g_ptr_array_unref(files);
	}
	build_free(b);
	lcache_save(o->cache);
	lcache_free(o->cache);
	o->cache = NULL;
	return cmd_exit_status();
}

static void dump(const struct opts *o)
{
	struct doc *doc = build_read_book(o, NULL);
	if (!doc)
		return;
	GString *s = g_string_new(NULL);
	dump_render(doc->root, s);
	fwrite(s->str, 1, s->len, stdout);
	g_string_free(s, TRUE);
	doc_free(doc);
}

/* "watch BOOKDIR [build options]": the options are checked as build's,
 * then each build runs as "build BOOKDIR [build options]". */
static int watch(int argc, char **argv, struct opts *o)
{
	char **args = g_new0(char *, (size_t)argc + 1);
	memcpy(args, argv, (size_t)argc * sizeof *args);
	args[1] = "build";
	int status = parse_args(argc, args, o);
	if (status < 0 && o->dump)
		status = cmd_usage(USAGE_WATCH_DUMP);
	if (status < 0)
		status = cmd_watch(argc, args, o);
	g_free(args);
	return status;
}

int main(int argc, char **argv)
{
	struct opts o = {.out_dir = "out",
	                 .styles_dir = OCTAVO_DATADIR "/styles",
	                 .fonts_dir = OCTAVO_DATADIR "/fonts",
	                 .locale_dir = OCTAVO_DATADIR "/locale",
	                 .templates_dir = OCTAVO_DATADIR "/templates/book",
	                 .formats = OPT_EPUB | OPT_PDF};
	if (argc > 1 && !strcmp(argv[1], "watch"))
		return watch(argc, argv, &o);
	const struct command *cmd = find_command(argc, argv);
	/* ZIP times are local times: make them UTC everywhere. */
	setenv("TZ", "UTC", 1);
	if (cmd) {
		fsout_init();
		return cmd->run(argc - 1, argv + 1, &o);
	}
	int status = parse_args(argc, argv, &o);
	if (status >= 0)
		return status;
	fsout_init();
	if (!cmd_read_epoch(&o) || !cmd_read_threads(&o))
		return cmd_exit_status();
	if (!o.dump)
		return build(&o);
	dump(&o);
	return cmd_exit_status();
}
