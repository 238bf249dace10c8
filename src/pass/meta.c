/*
 * meta.c - what the manifest implies: a stable urn:uuid from the book's
 * identifier (a name-based UUID, version 5, so the same book always gets the
 * same one) and the modification time (SOURCE_DATE_EPOCH, else the
 * edition's date at midnight UTC, else 1980-01-01, the earliest time a ZIP
 * file can hold).  Never the clock: outputs must be reproducible.
 */
#include <glib.h>
#include <string.h>

#include "pass.h"
#include "util.h"

static time_t date_epoch(const char *date)
{
	unsigned y, m, d;
	if (!date || sscanf(date, "%4u-%2u-%2u", &y, &m, &d) != 3)
		return 315532800; /* 1980-01-01T00:00:00Z */
	GDateTime *t = g_date_time_new_utc((gint)y, (gint)m, (gint)d, 0, 0, 0);
	time_t r = t ? (time_t)g_date_time_to_unix(t) : 315532800;
	if (t)
		g_date_time_unref(t);
	return r;
}

bool pass_meta(struct doc *doc, bool have_epoch, time_t epoch)
{
	char *uuid = doc_meta_uuid(&doc->meta);
	doc->meta.uuid = arena_strdup(doc->arena, uuid);
	g_free(uuid);
	doc->meta.modified = have_epoch ? epoch : date_epoch(doc->meta.date);
	return true;
}
