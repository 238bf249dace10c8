/* cmd.c - what the commands share: usage errors, SOURCE_DATE_EPOCH, the
 * exit status, temporary folders and an archived edition's sources. */
#include "cmd.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fsout.h"
#include "infile.h"
#include "zipfile.h"

bool cmd_epoch_valid(long long t)
{
	return t >= CMD_EPOCH_MIN && t <= CMD_EPOCH_MAX;
}

bool cmd_read_epoch(struct opts *o)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (!s || !*s)
		return true;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || !cmd_epoch_valid(v)) {
		diag_path(NULL, ENV_SOURCE_DATE_EPOCH, s);
		return false;
	}
	o->have_epoch = true;
	o->epoch = (time_t)v;
	return true;
}

bool cmd_read_threads(struct opts *o)
{
	const char *s = getenv("OCTAVO_THREADS");
	char *end;
	if (!s || !*s) {
		o->threads = 1; /* cmd.h says why */
		return true;
	}
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > CMD_THREADS_MAX) {
		diag_path(NULL, ENV_THREADS, s, CMD_THREADS_MAX);
		return false;
	}
	o->threads = (unsigned)v;
	return true;
}

int cmd_exit_status(void)
{
	switch (diag_worst()) {
	case DIAG_OK:
	case DIAG_NOTE:
	case DIAG_WARN: return 0;
	case DIAG_ERROR: return EXIT_INPUT;
	case DIAG_SYS: return EXIT_SYSTEM;
	case DIAG_USAGE: return EXIT_USAGE;
	}
	return EXIT_SYSTEM;
}

void cmd_remove_tree(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR) &&
		    !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
			cmd_remove_tree(path);
		else
			g_unlink(path);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
}

bool cmd_is_archived(const char *dir)
{
	char *zip = g_build_filename(dir, ARCHIVE_SOURCES, NULL);
	char *sums = g_build_filename(dir, ARCHIVE_SUMS, NULL);
	bool yes = g_file_test(zip, G_FILE_TEST_IS_REGULAR) &&
	           g_file_test(sums, G_FILE_TEST_IS_REGULAR);
	g_free(zip);
	g_free(sums);
	return yes;
}

/* Writes one unpacked entry under tmp; false after a diagnostic. */
static bool unpack_entry(const char *tmp, const struct zip_entry *e)
{
	if (fsout_tree_write(tmp, e->name, e->data->data, e->data->len))
		return true;
	char *path = g_build_filename(tmp, e->name, NULL);
	diag_path(path, SYSTEM, g_strerror(errno));
	g_free(path);
	return false;
}

/* sources.zip as verify and diff read it (octavo(1), LIMITS). */
static const struct zipfile_limits sources_limits = {
    CMD_SOURCES_MAX_FILES, 32 << 20, (guint64)1 << 30};

/* An entry sources.zip may hold: book/..., styles/..., the installed
 * files' hashes. */
static bool source_entry(const char *name)
{
	return g_str_has_prefix(name, "book/") ||
	       g_str_has_prefix(name, "styles/") ||
	       !strcmp(name, ARCHIVE_INSTALLED);
}

char *cmd_unpack_sources(const char *dir, GBytes *zip, GPtrArray **entries)
{
	char *path = g_build_filename(dir, ARCHIVE_SOURCES, NULL);
	struct infile f = {.kind = INFILE_ARCHIVED,
	                   .root = dir,
	                   .name = ARCHIVE_SOURCES,
	                   .level = DIAG_ERROR,
	                   .no_symlinks = true};
	GBytes *read = NULL;
	if (!zip && infile_read(&f, &read, NULL) == INFILE_OK)
		zip = read;
	GPtrArray *list = zip ? zipfile_read(zip, path, &sources_limits) : NULL;
	if (read)
		g_bytes_unref(read);
	for (guint i = 0; list && i < list->len; i++) {
		const struct zip_entry *e = list->pdata[i];
		if (!source_entry(e->name)) {
			diag_path(path, SOURCES_STRAY, e->name);
			g_ptr_array_unref(list);
			list = NULL;
		}
	}
	g_free(path);
	if (!list)
		return NULL;
	/* what a killed verify or diff left, then a folder of our own,
	 * removed on SIGINT, SIGTERM and SIGHUP too */
	fsout_sweep_trees(g_get_tmp_dir(), CMD_UNPACKED);
	char *tmpl =
	    g_build_filename(g_get_tmp_dir(), CMD_UNPACKED "XXXXXX", NULL);
	char *tmp = fsout_tree_new(tmpl);
	g_free(tmpl);
	bool ok = tmp != NULL;
	if (!ok)
		diag_path(NULL, TEMP_FOLDER, g_strerror(errno));
	for (guint i = 0; ok && i < list->len; i++)
		ok = unpack_entry(tmp, list->pdata[i]);
	if (ok && entries)
		*entries = g_ptr_array_ref(list);
	g_ptr_array_unref(list);
	if (!ok && tmp) {
		fsout_tree_remove(tmp);
		g_free(tmp);
		tmp = NULL;
	}
	return tmp;
}
