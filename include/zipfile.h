/*
 * zipfile.h - ZIP archives in memory, with libzip: written the same way
 * every time (entries in the caller's order, one fixed time in UTC, no
 * extra fields), so the same entries give the same bytes; and read back,
 * refusing names that would leave the folder they are unpacked into.
 * Used by the EPUB and by the archived sources (sources.zip).
 *
 * Entries and the arrays holding them belong to the caller; free an array
 * made with zipfile_entries_new() with g_ptr_array_unref().
 */
#ifndef OCTAVO_ZIPFILE_H
#define OCTAVO_ZIPFILE_H

#include <glib.h>
#include <stdbool.h>
#include <time.h>

struct zip_entry {
	char *name;       /* path in the ZIP */
	GByteArray *data; /* owned */
	bool store;       /* no compression (mimetype, PNG, JPEG) */
};

/* An empty array of struct zip_entry that frees its entries. */
GPtrArray *zipfile_entries_new(void);
/* A new, empty entry at the end of entries; returns its data to fill. */
GByteArray *zipfile_add(GPtrArray *entries, const char *name, bool store);
/* Zips every entry, in order, with time t (never before 1980), into out.
 * what names the archive in messages ("the EPUB").  False after a
 * diagnostic. */
bool zipfile_write(const GPtrArray *entries, time_t t, const char *what,
                   GByteArray *out);
/* What zipfile_read() takes: at most max_entries files, each inflating
 * to at most max_entry bytes, all of them to max_total.  The sizes the
 * archive states are checked before anything is inflated, and no more
 * than they say is inflated. */
struct zipfile_limits {
	guint max_entries;
	guint64 max_entry, max_total;
};
/* Reads the ZIP archive in zip into a new array of entries (the
 * caller's).  Every name must be a relative path without "." or ".."
 * parts, and appear once.  NULL after a diagnostic naming what (the
 * archive's path). */
GPtrArray *zipfile_read(GBytes *zip, const char *what,
                        const struct zipfile_limits *lim);

#endif
