/*
 * archive.c - `octavo archive BOOKDIR --to ARCHIVE`: keeps one edition,
 * ARCHIVE/VERSION/, with its outputs, its exact sources and their hashes
 * (the layout is in cmd.h).  The folder is built next to its final name
 * and renamed into place at the end, so it appears whole or not at all;
 * an edition already archived is refused before any work.
 */
#define _GNU_SOURCE /* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "build.h"
#include "cmd.h"
#include "diag.h"
#include "fsout.h"
#include "read.h"
#include "sources.h"
#include "util.h"
#include "zipfile.h"

unsigned cmd_archived_formats(void)
{
	/* the book's own outputs; book.yaml's prints (the handouts `make
	 * book` writes) are added by build_render_prints() */
	return OPT_EPUB | OPT_PDF;
}

/* The version book.yaml gives (the caller g_frees), read quietly: a book
 * with problems is left to the build to report.  NULL if there is none. */
static char *peek_version(const struct opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *quiet = open_memstream(&buf, &len);
	FILE *old = diag_set_stream(quiet);
	struct doc *doc = doc_new();
	char *version = manifest_read(doc, o->book_dir) && doc->meta.version
	                    ? g_strdup(doc->meta.version)
	                    : NULL;
	doc_free(doc);
	diag_set_stream(old);
	fclose(quiet);
	free(buf);
	diag_reset();
	return version;
}

/* sources.zip: the book's and theme's files as they were hashed, and the
 * hashes of the installed files (fonts, hyphenation patterns). */
static bool zip_sources(const struct build *b, GByteArray *out)
{
	GPtrArray *entries = zipfile_entries_new();
	for (guint i = 0; i < b->sources->len; i++) {
		const struct source *s = b->sources->pdata[i];
		if (!s->bytes) /* installed: only its hash, below */
			continue;
		/* the bytes the build read and hashed */
		gsize len;
		const guint8 *data = g_bytes_get_data(s->bytes, &len);
		g_byte_array_append(zipfile_add(entries, s->name, false), data,
		                    (guint)len);
	}
	char *fonts = sources_text(b->sources, true);
	g_byte_array_append(zipfile_add(entries, ARCHIVE_INSTALLED, false),
	                    (guint8 *)fonts, (guint)strlen(fonts));
	g_free(fonts);
	bool ok =
	    zipfile_write(entries, b->doc->meta.modified, ARCHIVE_SOURCES, out);
	g_ptr_array_unref(entries);
	return ok;
}

/* BUILDINFO: what else a byte-identical rebuild needs. */
static char *buildinfo(const struct build *b, const struct opts *o)
{
	GKeyFile *k = g_key_file_new();
	const struct doc_meta *m = &b->doc->meta;
	g_key_file_set_string(k, "build", "octavo", OCTAVO_VERSION);
	g_key_file_set_string(k, "build", "version", m->version);
	if (m->edition)
		g_key_file_set_string(k, "build", "edition", m->edition);
	g_key_file_set_string(k, "build", "fingerprint", m->fingerprint);
	if (o->have_epoch)
		g_key_file_set_int64(k, "build", "source-date-epoch",
		                     (gint64)o->epoch);
	char *text = g_key_file_to_data(k, NULL, NULL);
	g_key_file_free(k);
	return text;
}

static void add_file(GPtrArray *files, const char *name, const void *data,
                     size_t len)
{
	struct build_file *f = g_new0(struct build_file, 1);
	f->name = g_strdup(name);
	f->bytes = g_byte_array_new();
	g_byte_array_append(f->bytes, data, (guint)len);
	g_ptr_array_add(files, f);
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	const struct build_file *x = *(struct build_file *const *)a;
	const struct build_file *y = *(struct build_file *const *)b;
	return strcmp(x->name, y->name);
}

/* Adds sources.zip, BUILDINFO and SHA256SUMS to the rendered outputs. */
static bool add_records(const struct build *b, const struct opts *o,
                        GPtrArray *files)
{
	GByteArray *zip = g_byte_array_new();
	bool ok = zip_sources(b, zip);
	if (ok)
		add_file(files, ARCHIVE_SOURCES, zip->data, zip->len);
	g_byte_array_free(zip, TRUE);
	char *info = buildinfo(b, o);
	add_file(files, ARCHIVE_BUILDINFO, info, strlen(info));
	g_free(info);
	g_ptr_array_sort(files, by_name);
	GString *sums = g_string_new(NULL);
	for (guint i = 0; i < files->len; i++) {
		const struct build_file *f = files->pdata[i];
		char *sum = sha256_hex(f->bytes->data, f->bytes->len);
		g_string_append_printf(sums, "%s  %s\n", sum, f->name);
		g_free(sum);
	}
	add_file(files, ARCHIVE_SUMS, sums->str, sums->len);
	g_string_free(sums, TRUE);
	return ok;
}

/* Writes files into a new folder next to target, then renames it to
 * target, never over an existing one. */
static bool write_edition(const GPtrArray *files, const char *to,
                          const char *target, const char *version)
{
	if (g_mkdir_with_parents(to, 0777) != 0) {
		diag_path(to, SYSTEM, g_strerror(errno));
		return false;
	}
	fsout_sweep(to); /* what a killed archive left */
	char *name = g_strdup_printf(".%s." FSOUT_TEMP "XXXXXX", version);
	char *tmpl = g_build_filename(to, name, NULL);
	char *tmp = fsout_dir_new(tmpl);
	g_free(name);
	g_free(tmpl);
	if (!tmp) {
		diag_path(to, SYSTEM, g_strerror(errno));
		return false;
	}
	mode_t mask = umask(0);
	umask(mask);
	chmod(tmp, 0777 & ~mask); /* mkdtemp made it private */
	/* one file at a time: the folder itself is what appears whole */
	bool ok = true;
	for (guint i = 0; ok && i < files->len; i++) {
		const struct build_file *f = files->pdata[i];
		char *path = g_build_filename(tmp, f->name, NULL);
		ok = fsout_write(path, f->bytes->data, f->bytes->len);
		g_free(path);
	}
	if (ok &&
	    renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_NOREPLACE) != 0) {
		if (errno == EEXIST)
			diag_path(target, ARCHIVE_EXISTS, version);
		else
			diag_path(target, SYSTEM, g_strerror(errno));
		ok = false;
	}
	if (!ok)
		cmd_remove_tree(tmp);
	fsout_dir_done();
	g_free(tmp);
	return ok;
}

static int parse(int argc, char **argv, struct opts *o, const char **to)
{
	enum { OPT_STYLES = 256, OPT_FONTS };
	static const struct option longopts[] = {
	    {"to", required_argument, NULL, 't'},
	    {"styles", required_argument, NULL, OPT_STYLES},
	    {"fonts", required_argument, NULL, OPT_FONTS},
	    {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:W:", longopts, NULL)) != -1) {
		switch (c) {
		case 't': *to = optarg; break;
		case 'W':
			if (!diag_set_option(optarg))
				return cmd_usage(USAGE_W, optarg);
			break;
		case OPT_STYLES: o->styles_dir = optarg; break;
		case OPT_FONTS: o->fonts_dir = optarg; break;
		default: return cmd_usage(USAGE_UNKNOWN_OPTION);
		}
	}
	if (!*to || !**to)
		return cmd_usage(USAGE_ARCHIVE_TO);
	if (optind + 1 != argc)
		return cmd_usage(USAGE_ARCHIVE_BOOK);
	o->book_dir = argv[optind];
	return -1;
}

/* Builds the book and writes the edition to target (ARCHIVE/VERSION). */
static void archive_book(const struct opts *o, const char *to,
                         const char *target, const char *version)
{
	struct build *b = build_load(o, NULL);
	if (b && !version) {
		struct doc_loc at = {b->doc->meta.manifest, 0, 0};
		diag(&at, ARCHIVE_NO_VERSION);
	}
	GPtrArray *files =
	    b && version ? build_render(b, o, cmd_archived_formats()) : NULL;
	if (files && !build_render_prints(b, o, files)) { /* handouts too */
		g_ptr_array_unref(files);
		files = NULL;
	}
	if (files && add_records(b, o, files) &&
	    write_edition(files, to, target, version))
		printf("%s: archived (fingerprint %s)\n", target,
		       b->doc->meta.fingerprint);
	if (files)
		g_ptr_array_unref(files);
	build_free(b);
}

int cmd_archive(int argc, char **argv, struct opts *o)
{
	const char *to = NULL;
	int status = parse(argc, argv, o, &to);
	if (status >= 0)
		return status;
	if (!cmd_read_epoch(o) || !cmd_read_threads(o))
		return cmd_exit_status();
	char *version = peek_version(o);
	char *target = version ? g_build_filename(to, version, NULL) : NULL;
	if (target && g_file_test(target, G_FILE_TEST_EXISTS))
		diag_path(target, ARCHIVE_EXISTS, version);
	else
		archive_book(o, to, target, version);
	g_free(target);
	g_free(version);
	return cmd_exit_status();
}
