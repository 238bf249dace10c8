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
#include "sources.h"
#include "util.h"
#include "zipfile.h"

/* Checks one "HASH  NAME" line of SHA256SUMS; adds NAME to listed. */
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
	char *path = g_build_filename(dir, name, NULL);
	char *data = NULL, *sum = NULL;
	size_t len = 0;
	int err;
	bool ok = file_slurp(path, &data, &len, &err);
	if (!ok)
		diag_path(path, SUMS_UNREADABLE, ARCHIVE_SUMS,
		          file_strerror(err));
	else if (!(ok = !strncmp(sum = sha256_hex(data, len), line, 64)))
		diag_path(path, SUMS_DIFFER, ARCHIVE_SUMS);
	g_hash_table_add(listed, g_strdup(name));
	g_free(sum);
	g_free(data);
	g_free(path);
	return ok;
}

/* Every file listed matches its hash, and every file is listed. */
static bool check_sums(const char *dir)
{
	char *sums = g_build_filename(dir, ARCHIVE_SUMS, NULL);
	char *text = NULL;
	size_t len = 0;
	int err;
	bool ok = file_slurp(sums, &text, &len, &err);
	if (!ok) {
		diag_path(sums, UNREADABLE, file_strerror(err));
		g_free(sums);
		return false;
	}
	GHashTable *listed =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char **lines = g_strsplit(text, "\n", -1);
	for (unsigned i = 0; lines[i]; i++)
		if (*lines[i] || lines[i + 1])
			ok &=
			    check_sum_line(dir, sums, i + 1, lines[i], listed);
	g_strfreev(lines);
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
	g_hash_table_destroy(listed);
	g_free(text);
	g_free(sums);
	return ok;
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

/* BUILDINFO into o (SOURCE_DATE_EPOCH) and *fingerprint (the caller
 * g_frees it). */
static bool read_buildinfo(const char *dir, struct opts *o, char **fingerprint)
{
	char *path = g_build_filename(dir, ARCHIVE_BUILDINFO, NULL);
	GKeyFile *k = g_key_file_new();
	GError *err = NULL;
	bool ok = g_key_file_load_from_file(k, path, G_KEY_FILE_NONE, &err) &&
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
static bool compare(const char *dir, const GPtrArray *files)
{
	bool ok = true;
	for (guint i = 0; i < files->len; i++) {
		const struct build_file *f = files->pdata[i];
		char *path = g_build_filename(dir, f->name, NULL);
		char *data = NULL;
		size_t len = 0;
		int err;
		if (!file_slurp(path, &data, &len, &err)) {
			diag_path(path, REBUILD_UNREADABLE, file_strerror(err));
			ok = false;
		} else if (len != f->bytes->len ||
		           memcmp(data, f->bytes->data, len)) {
			diag_path(path, REBUILD_DIFFERS, f->bytes->len, len);
			ok = false;
		} else {
			printf("%s: rebuilt byte-identical\n", path);
		}
		g_free(data);
		g_free(path);
	}
	return ok;
}

/* Rebuilds from the unpacked sources in tmp and compares. */
static bool rebuild(const char *dir, const char *tmp, const GPtrArray *entries,
                    struct opts *o, const char *fingerprint)
{
	char *book = g_build_filename(tmp, "book", NULL);
	char *styles = g_build_filename(tmp, "styles", NULL);
	o->book_dir = book;
	o->styles_dir = styles;
	struct build *b = build_load(o, NULL);
	bool ok = b && check_installed(entries, b->sources);
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
	ok = files && compare(dir, files);
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
	if (check_sums(dir)) {
		printf("%s: every file matches %s\n", dir, ARCHIVE_SUMS);
		if (read_buildinfo(dir, o, &fingerprint))
			tmp = cmd_unpack_sources(dir, &entries);
	}
	if (tmp && rebuild(dir, tmp, entries, o, fingerprint))
		printf(
		    "%s: verified: the rebuild is byte-identical (fingerprint "
		    "%s)\n",
		    dir, fingerprint);
	if (tmp)
		cmd_remove_tree(tmp);
	if (entries)
		g_ptr_array_unref(entries);
	g_free(tmp);
	g_free(fingerprint);
	return cmd_exit_status();
}
