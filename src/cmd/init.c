/*
 * init.c - `octavo init DIR [--title T] [--language L]`: a new book folder
 * to start from, copied from the templates folder (templates/book of the
 * source tree): a commented book.yaml with a fresh urn:uuid, today's date
 * and version 0.1.0, two short chapters that show headings, a footnote, a
 * citation, an image and a cross-reference, references.bib, and a theme
 * to edit in styles/.  `octavo build DIR` then builds it without a
 * warning.  Every file is written next to its name first and renamed
 * into place once all are written (fsout), so an interrupted init leaves
 * no half-written file; an existing folder that is not empty is refused.
 */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "fsout.h"
#include "infile.h"
#include "read.h"
#include "util.h"

#define INIT_VERSION "0.1.0"

/* What goes into the new book.yaml. */
struct init {
	const char *dir;
	char *title; /* as the author wrote it */
	const char *language;
	char *slug;
	char *date;
	char *identifier;
	char *author_line; /* "author: ..." or a comment */
};

/* s inside double quotes in YAML: backslashes and quotes escaped. */
static char *yaml_quoted(const char *s)
{
	GString *r = g_string_new(NULL);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			g_string_append_c(r, '\\');
		g_string_append_c(r, *s);
	}
	return g_string_free(r, FALSE);
}

/* A file name from text: ASCII letters and digits in lower case, other
 * runs as one '-'; "" when nothing is left. */
static char *slug_of(const char *text)
{
	GString *r = g_string_new(NULL);
	for (const char *p = text; *p; p++) {
		if (g_ascii_isalnum(*p))
			g_string_append_c(r, g_ascii_tolower(*p));
		else if (r->len && r->str[r->len - 1] != '-')
			g_string_append_c(r, '-');
	}
	while (r->len && r->str[r->len - 1] == '-')
		g_string_truncate(r, r->len - 1);
	return g_string_free(r, FALSE);
}

/* "my-sea-novel" -> "My sea novel": a title from the folder's name. */
static char *title_of(const char *dir)
{
	char *base = g_path_get_basename(dir);
	for (char *p = base; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	char *t = g_strstrip(base);
	if (!*t || !strcmp(t, ".") || !strcmp(t, "/")) {
		g_free(base);
		return g_strdup("My book");
	}
	t[0] = g_ascii_toupper(t[0]);
	char *r = g_strdup(t);
	g_free(base);
	return r;
}

/* Today (SOURCE_DATE_EPOCH's day when it is set) as YYYY-MM-DD. */
static char *today(const struct opts *o)
{
	GDateTime *t = o->have_epoch ? g_date_time_new_from_unix_utc(o->epoch)
	                             : g_date_time_new_now_local();
	char *r = g_date_time_format(t, "%Y-%m-%d");
	g_date_time_unref(t);
	return r;
}

static char *author_line(void)
{
	/* the account's full name; not its login name, which GLib gives
	 * when there is none (and "Unknown") */
	const char *name = g_get_real_name();
	if (!name || !*name || !strcmp(name, "Unknown") ||
	    !strcmp(name, g_get_user_name()) ||
	    !g_utf8_validate(name, -1, NULL))
		return g_strdup("# author: \"Your Name\"\n"
		                "# authors: [\"One Name\", \"Another Name\"]");
	char *q = yaml_quoted(name);
	char *r = g_strdup_printf("author: \"%s\"", q);
	g_free(q);
	return r;
}

/* The template's book.yaml with the @NAME@ fields filled in. */
static char *fill(const struct init *in, const char *text)
{
	char *title = yaml_quoted(in->title);
	const char *fields[][2] = {{"@TITLE@", title},
	                           {"@LANGUAGE@", in->language},
	                           {"@IDENTIFIER@", in->identifier},
	                           {"@VERSION@", INIT_VERSION},
	                           {"@DATE@", in->date},
	                           {"@SLUG@", in->slug},
	                           {"@AUTHOR@", in->author_line}};
	GString *r = g_string_new(text);
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		g_string_replace(r, fields[i][0], fields[i][1], 0);
	g_free(title);
	return g_string_free(r, FALSE);
}

/* Stages every file under src/rel into in->dir/rel, making its folders;
 * false after a diagnostic. */
static bool copy_tree(const struct init *in, const char *src, const char *rel,
                      GPtrArray *made, unsigned *count)
{
	char *from = g_build_filename(src, rel, NULL);
	GError *err = NULL;
	GDir *d = g_dir_open(from, 0, &err);
	bool ok = d != NULL;
	if (!d) {
		diag_path(from, SYSTEM, err->message);
		g_error_free(err);
	}
	const char *name;
	while (ok && (name = g_dir_read_name(d))) {
		char *sub =
		    *rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
		char *path = g_build_filename(src, sub, NULL);
		char *to = g_build_filename(in->dir, sub, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
			ok = g_mkdir(to, 0777) == 0;
			if (ok)
				g_ptr_array_add(made, g_strdup(to));
			else
				diag_path(to, SYSTEM, g_strerror(errno));
			ok = ok && copy_tree(in, src, sub, made, count);
		} else {
			struct infile f = {.kind = INFILE_INSTALLED,
			                   .root = src,
			                   .name = sub,
			                   .level = DIAG_SYS};
			GBytes *bytes = NULL;
			gsize len = 0;
			ok = infile_read(&f, &bytes, NULL) == INFILE_OK;
			const char *data =
			    ok ? g_bytes_get_data(bytes, &len) : NULL;
			if (ok && !strcmp(sub, "book.yaml")) {
				char *text = fill(in, data ? data : "");
				ok = fsout_stage(to, text, strlen(text));
				g_free(text);
			} else if (ok) {
				ok = fsout_stage(to, data, len);
			}
			if (bytes)
				g_bytes_unref(bytes);
			(*count)++;
		}
		g_free(to);
		g_free(path);
		g_free(sub);
	}
	if (d)
		g_dir_close(d);
	g_free(from);
	return ok;
}

/* Makes in->dir (or takes it when it is an empty folder) and fills it;
 * on failure removes the folders it made. */
static bool write_book(const struct init *in, const char *templates)
{
	GPtrArray *made = g_ptr_array_new_with_free_func(g_free);
	if (g_mkdir(in->dir, 0777) == 0) {
		g_ptr_array_add(made, g_strdup(in->dir));
	} else if (errno != EEXIST) {
		diag_path(in->dir, SYSTEM, g_strerror(errno));
		g_ptr_array_unref(made);
		return false;
	}
	unsigned count = 0;
	bool ok = copy_tree(in, templates, "", made, &count);
	ok = fsout_commit(ok) && ok;
	for (guint i = made->len; !ok && i > 0; i--)
		g_rmdir(made->pdata[i - 1]); /* empty again: nothing in them */
	g_ptr_array_unref(made);
	if (ok) {
		char *q = g_shell_quote(in->dir);
		printf("%s: a new book, %s (%u files)\n"
		       "Next: octavo build %s   (or: octavo watch %s)\n",
		       in->dir, in->title, count, q, q);
		g_free(q);
	}
	return ok;
}

/* Is dir free for a new book: not there, or an empty folder? */
static bool dir_is_free(const char *dir)
{
	if (!g_file_test(dir, G_FILE_TEST_EXISTS))
		return true;
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		diag_path(dir, INIT_IS_FILE);
		return false;
	}
	GDir *d = g_dir_open(dir, 0, NULL);
	bool empty = d && !g_dir_read_name(d);
	if (d)
		g_dir_close(d);
	if (!empty)
		diag_path(dir, INIT_NOT_EMPTY);
	return empty;
}

static int parse(int argc, char **argv, const char **title,
                 const char **language)
{
	static const struct option longopts[] = {
	    {"title", required_argument, NULL, 't'},
	    {"language", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:l:", longopts, NULL)) != -1) {
		switch (c) {
		case 't': *title = optarg; break;
		case 'l': *language = optarg; break;
		default: return cmd_usage(USAGE_UNKNOWN_OPTION);
		}
	}
	if (optind + 1 != argc || !*argv[optind])
		return cmd_usage(USAGE_INIT_FOLDER);
	if (*title) {
		bool plain = g_utf8_validate(*title, -1, NULL) && **title;
		for (const char *p = *title; plain && *p; p++)
			plain = (unsigned char)*p >= 0x20 && *p != 0x7f;
		if (!plain)
			return cmd_usage(USAGE_INIT_TITLE, *title);
	}
	if (!manifest_valid_language(*language))
		return cmd_usage(USAGE_INIT_LANGUAGE, *language);
	return -1;
}

int cmd_init(int argc, char **argv, struct opts *o)
{
	const char *title = NULL, *language = "en";
	int status = parse(argc, argv, &title, &language);
	if (status >= 0)
		return status;
	if (!cmd_read_epoch(o))
		return cmd_exit_status();
	struct init in = {.dir = argv[optind], .language = language};
	if (!dir_is_free(in.dir))
		return cmd_exit_status();
	in.title = title ? g_strdup(title) : title_of(in.dir);
	in.slug = slug_of(in.title);
	if (!*in.slug) { /* a title in another script */
		g_free(in.slug);
		char *base = g_path_get_basename(in.dir);
		in.slug = slug_of(base);
		g_free(base);
	}
	if (!*in.slug) {
		g_free(in.slug);
		in.slug = g_strdup("book");
	}
	in.date = today(o);
	char *uuid = g_uuid_string_random();
	in.identifier = g_strconcat("urn:uuid:", uuid, NULL);
	g_free(uuid);
	in.author_line = author_line();
	write_book(&in, o->templates_dir);
	g_free(in.author_line);
	g_free(in.identifier);
	g_free(in.date);
	g_free(in.slug);
	g_free(in.title);
	return cmd_exit_status();
}
