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

static const char *uuid_from_name(struct doc *doc, const char *name)
{
	/* RFC 4122 URL namespace 6ba7b811-9dad-11d1-80b4-00c04fd430c8 */
	static const guint8 ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
	                              0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
	                              0x4f, 0xd4, 0x30, 0xc8};
	guint8 d[20];
	gsize n = sizeof d;
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA1);
	g_checksum_update(c, ns, sizeof ns);
	g_checksum_update(c, (const guchar *)name, (gssize)strlen(name));
	g_checksum_get_digest(c, d, &n);
	g_checksum_free(c);
	d[6] = (guint8)((d[6] & 0x0F) | 0x50);
	d[8] = (guint8)((d[8] & 0x3F) | 0x80);
	return arena_printf(doc->arena,
	                    "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	                    "%02x%02x-%02x%02x%02x%02x%02x%02x",
	                    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7],
	                    d[8], d[9], d[10], d[11], d[12], d[13], d[14],
	                    d[15]);
}

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
	const char *id = doc->meta.identifier;
	if (id && g_str_has_prefix(id, "urn:uuid:"))
		doc->meta.uuid = id;
	else
		doc->meta.uuid = uuid_from_name(doc, id ? id : doc->meta.title);
	doc->meta.modified = have_epoch ? epoch : date_epoch(doc->meta.date);
	return true;
}
