/*
 * verify.c - `octavo verify ARCHIVE/VERSION`: checks every file against
 * SHA256SUMS, reads the archived sources, checks that the installed files
 * the build reads (fonts, hyphenation patterns) are the archived ones,
 * and only then rebuilds the edition with the archived SOURCE_DATE_EPOCH, and
 * says whether each output is byte-identical to the archived one.  Any
 * difference is an error (exit status 1) naming the file.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "cmd.h"
#include "diag.h"
#include "fsout.h"
#include "infile.h"
#include "sources.h"
#include "util.h"
#include "zipfile.h"

/* Reads dir/name, a file of the archived edition: a regular file of the
 * folder itself, no symbolic link.  NULL after a diagnostic. */
static GBytes *read_archived(const char *dir, const char *name,
                             enum infile_kind kind)
{
	struct infile f = {.kind = kind,
	                   .root = dir,
	                   .name = name,
	                   .level = DIAG_ERROR,
	                   .no_symlinks = true};
	GBytes *b = NULL;
	return infile_read(&f, &b, NULL) == INFILE_OK ? b : NULL;
}

/* Checks one "HASH  NAME" line of SHA256SUMS; adds NAME and the bytes
 * that match to listed. */
static bool check_sum_line(const char *dir, const char *sums, unsigned lineno,
                           const char *line, GHashTable *listed)
{
	size_t n = strlen(line);
	const char *name = n > 66 ? line + 66 : "";
	if (n < 67 || strspn(line, "0123456789abcdef") != 64 ||
	    strncmp(line + 64, "  ", 2) || strchr(name, '/') ||
	    !strcmp(name, ".") || !strcmp(name, "..")) {
		diag_path(sums, SUMS_LINE, lineno);
		return false;
	}
	if (g_hash_table_contains(listed, name)) {
		diag_path(sums, SUMS_TWICE, lineno, name);
		return false;
	}
	GBytes *bytes = read_archived(dir, name, INFILE_ARCHIVED);
	char *sum = NULL;
	bool ok = bytes != NULL;
	if (ok) {
		gsize len;
		const void *data = g_bytes_get_data(bytes, &len);
		ok = !strncmp(sum = sha256_hex(data, len), line, 64);
	}
	if (bytes && !ok) {
		char *path = g_build_filename(dir, name, NULL);
		diag_path(path, SUMS_DIFFER, ARCHIVE_SUMS);
		g_free(path);
	}
	if (bytes && !ok) {
		g_bytes_unref(bytes);
		bytes = NULL;
	}
	g_hash_table_insert(listed, g_strdup(name), bytes);
	g_free(sum);
	return ok;
}

/* Every file listed matches its hash, and every file is listed.  Returns
 * the files, by name, as read and checked (GBytes; the caller
 * g_hash_table_destroy()s it), or NULL after a diagnostic. */
static GHashTable *check_sums(const char *dir)
{
	char *sums = g_build_filename(dir, ARCHIVE_SUMS, NULL);
	GBytes *text = read_archived(dir, ARCHIVE_SUMS, INFILE_SUMS);
	if (!text) {
		g_free(sums);
		return NULL;
	}
	GHashTable *listed = g_hash_table_new_full(
	    g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
	bool ok = true;
	char **lines = g_strsplit(g_bytes_get_data(text, NULL), "\n", -1);
	for (unsigned i = 0; lines[i]; i++)
		if (*lines[i] || lines[i + 1])
			ok &=
			    check_sum_line(dir, sums, i + 1, lines[i], listed);
	g_strfreev(lines);
	g_bytes_unref(text);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d)))
		if (strcmp(name, ARCHIVE_SUMS) &&
		    !g_hash_table_contains(listed, name)) {
			char *path = g_build_filename(dir, name, NULL);
			diag_path(path, SUMS_UNLISTED, ARCHIVE_SUMS);
			g_free(path);
			ok = false;
		}
	if (d)
		g_dir_close(d);
	g_free(sums);
	if (!ok) {
		g_hash_table_destroy(listed);
		return NULL;
	}
	return listed;
}

/* The checked bytes of name, or NULL after a diagnostic. */
static GBytes *checked_file(const char *dir, GHashTable *files,
                            const char *name)
{
	GBytes *b = g_hash_table_lookup(files, name);
	if (!b) {
		char *path = g_build_filename(dir, name, NULL);
		diag_path(path, SUMS_UNLISTED, ARCHIVE_SUMS);
		g_free(path);
	}
	return b;
}

/* installed.sha256 of the archived sources, as text (the caller g_frees
 * it), or NULL after a diagnostic. */
static char *installed_list(const GPtrArray *entries)
{
	for (guint i = 0; i < entries->len; i++) {
		const struct zip_entry *e = entries->pdata[i];
		if (!strcmp(e->name, ARCHIVE_INSTALLED))
			return g_strndup((const char *)e->data->data,
			                 e->data->len);
	}
	diag_path(ARCHIVE_SOURCES, ARCHIVE_NO_INSTALLED, ARCHIVE_INSTALLED);
	return NULL;
}

/* One archived "HASH  NAME" line against the installed files (name ->
 * struct source), from which it takes its match. */
static bool check_installed_file(const char *line, GHashTable *have)
{
	const char *name = strlen(line) > 66 ? line + 66 : "";
	if (strspn(line, "0123456789abcdef") != 64 ||
	    !sources_is_installed(name)) {
		diag_path(ARCHIVE_INSTALLED, INSTALLED_LINE, line);
		return false;
	}
	const struct source *got = g_hash_table_lookup(have, name);
	bool ok = got && !strncmp(got->sha256, line, 64);
	if (!got)
		diag_path(name, INSTALLED_MISSING);
	else if (!ok)
		diag_path(got->path, INSTALLED_DIFFERS, got->sha256, line);
	g_hash_table_remove(have, name);
	return ok;
}

/* The installed files the rebuild would read (fonts, hyphenation
 * patterns) against the archived list: the same names with the same
 * hashes, or an error naming each one that differs. */
static bool check_installed(const GPtrArray *entries, const GPtrArray *sources)
{
	char *text = installed_list(entries);
	if (!text)
		return false;
	GHashTable *have = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < sources->len; i++) {
		struct source *s = sources->pdata[i];
		if (sources_is_installed(s->name))
			g_hash_table_insert(have, s->name, s);
	}
	bool ok = true;
	char **lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++)
		if (**l && !check_installed_file(*l, have))
			ok = false;
	for (guint i = 0; i < sources->len; i++) {
		struct source *s = sources->pdata[i];
		if (g_hash_table_contains(have, s->name)) {
			diag_path(s->path, INSTALLED_EXTRA);
			ok = false;
		}
	}
	g_strfreev(lines);
	g_hash_table_destroy(have);
	g_free(text);
	return ok;
}

/* BUILDINFO (its checked bytes from files) into o (SOURCE_DATE_EPOCH)
 * and *fingerprint (the caller g_frees it). */
static bool read_buildinfo(const char *dir, GHashTable *files, struct opts *o,
                           char **fingerprint)
{
	GBytes *info = checked_file(dir, files, ARCHIVE_BUILDINFO);
	if (!info)
		return false;
	char *path = g_build_filename(dir, ARCHIVE_BUILDINFO, NULL);
	GKeyFile *k = g_key_file_new();
	GError *err = NULL;
	gsize len;
	const char *data = g_bytes_get_data(info, &len);
	bool ok = g_key_file_load_from_data(k, data ? data : "", len,
	                                    G_KEY_FILE_NONE, &err) &&
	          (*fingerprint =
	               g_key_file_get_string(k, "build", "fingerprint", &err));
	if (ok && g_key_file_has_key(k, "build", "source-date-epoch", NULL)) {
		gint64 t =
		    g_key_file_get_int64(k, "build", "source-date-epoch", &err);
		ok = !err;
		if (ok && !cmd_epoch_valid(t)) {
			diag_path(path, BUILDINFO_EPOCH, (long long)t);
			g_key_file_free(k);
			g_free(path);
			return false;
		}
		o->have_epoch = ok;
		o->epoch = (time_t)t;
	}
	char *octavo =
	    ok ? g_key_file_get_string(k, "build", "octavo", NULL) : NULL;
	if (octavo && strcmp(octavo, OCTAVO_VERSION))
		diag_path(path, VERIFY_REBUILDING, octavo, OCTAVO_VERSION);
	if (!ok) {
		diag_path(path, UNREADABLE, err ? err->message : "unreadable");
		g_clear_error(&err);
	}
	g_free(octavo);
	g_key_file_free(k);
	g_free(path);
	return ok;
}

/* Compares each rebuilt output with the archived file of its name. */
static bool compare(const char *dir, const GPtrArray *files,
                    GHashTable *archived)
{
	bool ok = true;
	for (guint i = 0; i < files->len; i++) {
		const struct build_file *f = files->pdata[i];
		char *path = g_build_filename(dir, f->name, NULL);
		GBytes *had = checked_file(dir, archived, f->name);
		gsize len = 0;
		const void *data = had ? g_bytes_get_data(had, &len) : NULL;
		if (!had) {
			ok = false;
		} else if (len != f->bytes->len ||
		           (len && memcmp(data, f->bytes->data, len))) {
			diag_path(path, REBUILD_DIFFERS, f->bytes->len, len);
			ok = false;
		} else {
			printf("%s: rebuilt byte-identical\n", path);
		}
		g_free(path);
	}
	return ok;
}

/* Every file of sources.zip is one the rebuild read (or the installed
 * files' hashes): an archive may not carry more than its sources. */
static bool only_sources(const char *dir, const GPtrArray *entries,
                         const GPtrArray *sources)
{
	GHashTable *read = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < sources->len; i++)
		g_hash_table_add(
		    read, ((const struct source *)sources->pdata[i])->name);
	bool ok = true;
	for (guint i = 0; i < entries->len; i++) {
		const struct zip_entry *e = entries->pdata[i];
		if (strcmp(e->name, ARCHIVE_INSTALLED) &&
		    !g_hash_table_contains(read, e->name)) {
			char *path =
			    g_build_filename(dir, ARCHIVE_SOURCES, NULL);
			diag_path(path, SOURCES_EXTRA, e->name);
			g_free(path);
			ok = false;
		}
	}
	g_hash_table_destroy(read);
	return ok;
}

/* Rebuilds from the unpacked sources in tmp and compares. */
static bool rebuild(const char *dir, const char *tmp, const GPtrArray *entries,
                    GHashTable *archived, struct opts *o,
                    const char *fingerprint)
{
	char *book = g_build_filename(tmp, "book", NULL);
	char *styles = g_build_filename(tmp, "styles", NULL);
	o->book_dir = book;
	o->styles_dir = styles;
	struct build *b = build_load(o, NULL);
	bool ok = b && check_installed(entries, b->sources) &&
	          only_sources(dir, entries, b->sources);
	if (ok && strcmp(b->doc->meta.fingerprint, fingerprint)) {
		diag_path(dir, FINGERPRINT_DIFFERS, b->doc->meta.fingerprint,
		          fingerprint);
		ok = false;
	}
	GPtrArray *files =
	    ok ? build_render(b, o, cmd_archived_formats()) : NULL;
	if (files && !build_render_prints(b, o, files)) {
		g_ptr_array_unref(files);
		files = NULL;
	}
	ok = files && compare(dir, files, archived);
	if (files)
		g_ptr_array_unref(files);
	build_free(b);
	g_free(styles);
	g_free(book);
	return ok;
}

static int parse(int argc, char **argv, struct opts *o, const char **dir)
{
	enum { OPT_FONTS = 256 };
	static const struct option longopts[] = {
	    {"fonts", required_argument, NULL, OPT_FONTS}, {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "W:", longopts, NULL)) != -1) {
		if (c == 'W' && !diag_set_option(optarg))
			return cmd_usage(USAGE_W, optarg);
		if (c == 'W')
			continue;
		if (c != OPT_FONTS)
			return cmd_usage(USAGE_UNKNOWN_OPTION);
		o->fonts_dir = optarg;
	}
	if (optind + 1 != argc)
		return cmd_usage(USAGE_VERIFY);
	*dir = argv[optind];
	if (!g_file_test(*dir, G_FILE_TEST_IS_DIR))
		return cmd_usage(USAGE_NOT_FOLDER, *dir);
	return -1;
}

int cmd_verify(int argc, char **argv, struct opts *o)
{
	const char *dir = NULL;
	int status = parse(argc, argv, o, &dir);
	if (status >= 0)
		return status;
	if (!cmd_read_threads(o))
		return cmd_exit_status();
	char *fingerprint = NULL, *tmp = NULL;
	GPtrArray *entries = NULL;
	o->have_epoch = false;
	GHashTable *files = check_sums(dir);
	if (files) {
		printf("%s: every file matches %s\n", dir, ARCHIVE_SUMS);
		GBytes *zip = read_buildinfo(dir, files, o, &fingerprint)
		                  ? checked_file(dir, files, ARCHIVE_SOURCES)
		                  : NULL;
		if (zip)
			tmp = cmd_unpack_sources(dir, zip, &entries);
	}
	if (tmp && rebuild(dir, tmp, entries, files, o, fingerprint))
		printf(
		    "%s: verified: the rebuild is byte-identical (fingerprint "
		    "%s)\n",
		    dir, fingerprint);
	if (tmp)
		fsout_tree_remove(tmp);
	if (entries)
		g_ptr_array_unref(entries);
	if (files)
		g_hash_table_destroy(files);
	g_free(tmp);
	g_free(fingerprint);
	return cmd_exit_status();
}
