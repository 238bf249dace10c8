/* zipfile.c - ZIP archives in memory, reproducible, with libzip. */
#include "zipfile.h"

#include <inttypes.h>
#include <string.h>
#include <zip.h>

#include "diag.h"
#include "infile.h"
#include "util.h"

/* zlib's level: on the 40-times guide's EPUB, level 3 takes 8% fewer
 * instructions for the whole build than level 9 and the file is 1.7%
 * larger (991,504 bytes against 974,474); levels 1 and 2 save nothing
 * more and grow it further. */
enum { DEFLATE_LEVEL = 3 };

static void entry_free(gpointer p)
{
	struct zip_entry *e = p;
	g_free(e->name);
	g_byte_array_free(e->data, TRUE);
	g_free(e);
}

GPtrArray *zipfile_entries_new(void)
{
	return g_ptr_array_new_with_free_func(entry_free);
}

GByteArray *zipfile_add(GPtrArray *entries, const char *name, bool store)
{
	struct zip_entry *e = g_new0(struct zip_entry, 1);
	e->name = g_strdup(name);
	e->data = g_byte_array_new();
	e->store = store;
	g_ptr_array_add(entries, e);
	return e->data;
}

/* A ZIP time stamp: MS-DOS date and time fields, in UTC whatever TZ says
 * (zip_file_set_mtime would go through localtime()). */
struct dos_time {
	zip_uint16_t time, date;
};

/* The time t, within 1980 to 2107 (what a ZIP holds). */
static struct dos_time dos_time_of(time_t t)
{
	struct tm tm;
	if (t < 315532800)
		t = 315532800;
	if (t > 4354819198LL) /* 2107-12-31 23:59:58 */
		t = 4354819198LL;
	gmtime_r(&t, &tm);
	return (struct dos_time){
	    (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) |
	                   (tm.tm_sec / 2)),
	    (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) |
	                   tm.tm_mday)};
}

/* Adds one entry to the archive with the time t and no extra fields.  The
 * data stays the caller's until zip_close(). */
static bool add_to_zip(zip_t *za, const struct zip_entry *e, struct dos_time t)
{
	zip_source_t *s = zip_source_buffer(za, e->data->data, e->data->len, 0);
	if (!s) {
		diag_path(NULL, LIBZIP_ENTRY, e->name, zip_strerror(za));
		return false;
	}
	zip_int64_t i = zip_file_add(za, e->name, s, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		diag_path(NULL, LIBZIP_ENTRY, e->name, zip_strerror(za));
		zip_source_free(s);
		return false;
	}
	zip_uint64_t idx = (zip_uint64_t)i;
	if (zip_set_file_compression(za, idx,
	                             e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	                             e->store ? 0 : DEFLATE_LEVEL) < 0 ||
	    zip_file_set_dostime(za, idx, t.time, t.date, 0) < 0) {
		diag_path(NULL, LIBZIP_ENTRY, e->name, zip_strerror(za));
		return false;
	}
	return true;
}

/* Reads the whole of a closed in-memory ZIP source into out. */
static bool read_source(zip_source_t *src, const char *what, GByteArray *out)
{
	enum { CHUNK = 65536 };
	zip_int64_t n;
	if (zip_source_open(src) < 0) {
		diag_path(NULL, LIBZIP_READ_BACK, what,
		          zip_error_strerror(zip_source_error(src)));
		return false;
	}
	/* read straight into out's tail: no copy, no buffer on the stack */
	do {
		guint at = out->len;
		g_byte_array_set_size(out, at + CHUNK);
		n = zip_source_read(src, out->data + at, CHUNK);
		g_byte_array_set_size(out, at + (guint)MAX(n, 0));
	} while (n > 0);
	if (n < 0)
		diag_path(NULL, LIBZIP_READ_BACK, what,
		          zip_error_strerror(zip_source_error(src)));
	zip_source_close(src);
	return n == 0;
}

bool zipfile_write(const GPtrArray *entries, time_t t, const char *what,
                   GByteArray *out)
{
	struct dos_time mtime = dos_time_of(t);
	zip_error_t err;
	bool ok = true;

	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
	if (!za) {
		diag_path(NULL, LIBZIP, zip_error_strerror(&err));
		zip_error_fini(&err);
		zip_source_free(src);
		return false;
	}
	zip_source_keep(src);
	for (guint i = 0; ok && i < entries->len; i++)
		ok = add_to_zip(za, entries->pdata[i], mtime);
	if (ok && zip_close(za) < 0) {
		diag_path(NULL, LIBZIP_WRITE, what, zip_strerror(za));
		ok = false;
	}
	if (!ok)
		zip_discard(za);
	ok = ok && read_source(src, what, out);
	zip_source_free(src);
	zip_error_fini(&err);
	return ok;
}

/* A relative path whose parts are all real names. */
static bool safe_name(const char *name)
{
	if (!*name || name[0] == '/' || strchr(name, '\\'))
		return false;
	char **parts = g_strsplit(name, "/", -1);
	bool ok = true;
	for (char **p = parts; *p; p++)
		if (!**p || !strcmp(*p, ".") || !strcmp(*p, ".."))
			ok = false;
	g_strfreev(parts);
	return ok;
}

/* Reads entry i of za into entries, within the limits of lim (*total:
 * the bytes read so far); false after a diagnostic naming what. */
static bool read_entry(zip_t *za, zip_uint64_t i, const char *what,
                       const struct zipfile_limits *lim, guint64 *total,
                       GPtrArray *entries, GHashTable *names)
{
	zip_stat_t st;
	if (zip_stat_index(za, i, 0, &st) < 0 || !(st.valid & ZIP_STAT_NAME) ||
	    !(st.valid & ZIP_STAT_SIZE)) {
		diag_path(what, LIBZIP, zip_strerror(za));
		return false;
	}
	if (!safe_name(st.name)) {
		diag_path(what, ARCHIVE_UNSAFE_NAME, st.name);
		return false;
	}
	if (g_hash_table_contains(names, st.name)) {
		diag_path(what, ARCHIVE_NAME_TWICE, st.name);
		return false;
	}
	g_hash_table_add(names, g_strdup(st.name));
	if (st.size > lim->max_entry || st.size > lim->max_total - *total) {
		char *size = infile_size_text(st.size);
		char *most = infile_size_text(
		    st.size > lim->max_entry ? lim->max_entry : lim->max_total);
		diag_path(what, ARCHIVE_ENTRY_TOO_BIG, st.name, size, most,
		          st.size > lim->max_entry ? "one file may have"
		                                   : "all files may have");
		g_free(most);
		g_free(size);
		return false;
	}
	*total += st.size;
	GByteArray *data = zipfile_add(entries, st.name, false);
	zip_file_t *zf = zip_fopen_index(za, i, 0);
	guint8 buf[65536];
	zip_int64_t n = -1;
	char *why = NULL;
	if (zf) {
		while (data->len <= st.size &&
		       (n = zip_fread(zf, buf, sizeof buf)) > 0)
			g_byte_array_append(data, buf, (guint)n);
		if (n < 0)
			why = g_strdup(zip_file_strerror(zf));
		zip_fclose(zf);
	} else {
		why = g_strdup(zip_strerror(za));
	}
	if (!why && data->len != st.size)
		why =
		    g_strdup_printf("it inflates to %u bytes, not the %" PRIu64
		                    " its header says",
		                    data->len, (guint64)st.size);
	if (why)
		diag_path(what, ARCHIVE_ENTRY_BROKEN, st.name, why);
	g_free(why);
	return !why;
}

GPtrArray *zipfile_read(GBytes *zip, const char *what,
                        const struct zipfile_limits *lim)
{
	zip_error_t err;
	zip_error_init(&err);
	gsize len;
	const void *data = g_bytes_get_data(zip, &len);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
	zip_t *za =
	    src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err)
	        : NULL;
	if (!za) {
		diag_path(what, ARCHIVE_NOT_ZIP, zip_error_strerror(&err));
		zip_error_fini(&err);
		zip_source_free(src);
		return NULL;
	}
	zip_error_fini(&err);
	GPtrArray *entries = zipfile_entries_new();
	GHashTable *names =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	zip_int64_t n = zip_get_num_entries(za, 0);
	guint64 total = 0;
	bool ok = n >= 0;
	if (n > (zip_int64_t)lim->max_entries) {
		diag_path(what, ARCHIVE_TOO_MANY, (long long)n,
		          lim->max_entries);
		ok = false;
	}
	for (zip_int64_t i = 0; ok && i < n; i++)
		ok = read_entry(za, (zip_uint64_t)i, what, lim, &total, entries,
		                names);
	zip_discard(za); /* and its source */
	g_hash_table_destroy(names);
	if (!ok) {
		g_ptr_array_unref(entries);
		return NULL;
	}
	return entries;
}
