/*
 * epub_test.c - the EPUB output on trees built by hand: no passes run, so
 * ids, titles and the uuid are missing and the output must cope; the
 * package must be a ZIP with mimetype first and stored, the same bytes on
 * every run and in every time zone; the cover a JPEG of the promised size; the
 * font map refuses a folder without fonts.
 */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <time.h>
#include <zip.h>

#include "epub.h"
#include "fonts.h"
#include "xhtml.h"
#include "diag.h"
#include "doc.h"
#include "pass.h"
#include "print.h"
#include "render.h"
#include "t.h"
#include "theme.h"

static struct doc_node *add(struct doc *doc, struct doc_node *parent,
                            enum doc_kind kind, const char *text)
{
	struct doc_node *n = doc_node_new(doc, kind, NULL);
	if (text)
		n->u.literal.text = text;
	doc_node_append(parent, n);
	return n;
}

/* Two chapters; the first links to the second; no pass has run. */
static struct doc *hand_book(void)
{
	struct doc *doc = doc_new();
	doc->meta.title = "Hand & made";
	doc->meta.language = "en";
	doc->meta.modified = 1764028800;
	struct doc_node *one = add(doc, doc->root, DOC_CHAPTER, NULL);
	one->u.chapter.stem = "one";
	struct doc_node *two = add(doc, doc->root, DOC_CHAPTER, NULL);
	two->u.chapter.stem = "two";
	struct doc_node *h = add(doc, one, DOC_HEADING, NULL);
	h->u.heading.level = 1;
	add(doc, h, DOC_TEXT, "Hello & <you>");
	struct doc_node *p = add(doc, one, DOC_PARAGRAPH, NULL);
	add(doc, p, DOC_TEXT, "See ");
	struct doc_node *a = add(doc, p, DOC_LINK, NULL);
	a->u.link.url = "two.md";
	a->u.link.target = two;
	add(doc, a, DOC_TEXT, "two");
	add(doc, p, DOC_NOTE_REF, NULL); /* unresolved: left out */
	add(doc, p, DOC_HTML_INLINE, "<b>");
	return doc;
}

static bool well_formed(const GByteArray *b)
{
	xmlDocPtr d = xmlReadMemory(
	    (const char *)b->data, (int)b->len, "t.xhtml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlFreeDoc(d);
	return d != NULL;
}

static void xhtml_without_passes(void)
{
	struct doc *doc = hand_book();
	struct opts opts = {.fonts_dir = "fonts"};
	struct xhtml *xh = xhtml_new(&opts, doc, &epub_chapter_paths);
	GByteArray *out = g_byte_array_new();
	T_CHECK(xhtml_render(xh, doc->root->first, out));
	g_byte_array_append(out, (const guint8 *)"", 1);
	const char *s = (const char *)out->data;
	T_CHECK(strstr(s, "<h1>Hello &amp; &lt;you&gt;</h1>") != NULL);
	T_CHECK(strstr(s, "<a href=\"two.xhtml\">two</a>") != NULL);
	T_CHECK(strstr(s, "aria-label=\"one\"") != NULL); /* no heading id */
	T_CHECK(strstr(s, "noteref") == NULL);
	T_CHECK(strstr(s, "<b>") == NULL);
	out->len--;
	T_CHECK(well_formed(out));
	g_byte_array_free(out, TRUE);
	xhtml_free(xh);
	doc_free(doc);
}

/* The bytes of one entry of a ZIP in memory, or NULL. */
static GByteArray *unzip_entry(const GByteArray *zipbytes, const char *name)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src =
	    zip_source_buffer_create(zipbytes->data, zipbytes->len, 0, &err);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
	GByteArray *r = NULL;
	zip_file_t *f = za ? zip_fopen(za, name, 0) : NULL;
	if (f) {
		char buf[4096];
		zip_int64_t n;
		r = g_byte_array_new();
		while ((n = zip_fread(f, buf, sizeof buf)) > 0)
			g_byte_array_append(r, (const guint8 *)buf, (guint)n);
		zip_fclose(f);
	}
	if (za)
		zip_discard(za);
	else
		zip_source_free(src);
	zip_error_fini(&err);
	return r;
}

static GByteArray *render_book(struct doc *doc)
{
	struct theme *theme = theme_default();
	struct opts opts = {.fonts_dir = "fonts"};
	GByteArray *out = g_byte_array_new();
	struct print *pr = print_lay_out(doc, theme, &opts);
	T_CHECK(pr && epub_render(doc, theme, &opts, pr, out));
	print_free(pr);
	theme_free(theme);
	return out;
}

static void epub_package(void)
{
	struct doc *doc = hand_book();
	setenv("TZ", "UTC", 1);
	tzset();
	GByteArray *a = render_book(doc);
	setenv("TZ", "America/New_York", 1); /* ZIP times must not move */
	tzset();
	GByteArray *b = render_book(doc);
	T_CHECK(a->len == b->len && !memcmp(a->data, b->data, a->len));
	T_CHECK(a->len > 38 && !memcmp(a->data, "PK\3\4", 4));
	T_CHECK(a->len > 38 && a->data[8] == 0 && a->data[9] == 0); /* stored */
	T_CHECK(a->len > 38 && a->data[28] == 0 &&
	        a->data[29] == 0); /* extra */
	T_CHECK(a->len > 38 && !memcmp(a->data + 30, "mimetype", 8));
	GByteArray *opf = unzip_entry(a, "OEBPS/package.opf");
	T_CHECK(opf != NULL);
	if (opf) {
		g_byte_array_append(opf, (const guint8 *)"", 1);
		const char *s = (const char *)opf->data;
		T_CHECK(strstr(s, ">urn:uuid:") != NULL);
		T_CHECK(strstr(s, "2025-11-25T00:00:00Z") != NULL);
		T_CHECK(strstr(s, "Hand &amp; made") != NULL);
		g_byte_array_free(opf, TRUE);
	}
	g_byte_array_free(a, TRUE);
	g_byte_array_free(b, TRUE);
	doc_free(doc);
}

/* A tree the meta pass has not seen gets the UUID the pass would give:
 * RFC 4122 version 5 of its title in the URL namespace, as Python's
 * uuid.uuid5(uuid.NAMESPACE_URL, "Hand & made") computes it. */
static void epub_uuid_is_the_meta_pass_one(void)
{
	struct doc *doc = hand_book();
	GByteArray *a = render_book(doc);
	GByteArray *opf = unzip_entry(a, "OEBPS/package.opf");
	T_CHECK(opf != NULL);
	if (opf) {
		g_byte_array_append(opf, (const guint8 *)"", 1);
		const char *want =
		    ">urn:uuid:7580e546-e803-5129-8250-31318506c967<";
		T_CHECK(strstr((const char *)opf->data, want) != NULL);
		g_byte_array_free(opf, TRUE);
	}
	pass_meta(doc, false, 0);
	T_CHECK(doc->meta.uuid &&
	        !strcmp(doc->meta.uuid,
	                "urn:uuid:7580e546-e803-5129-8250-31318506c967"));
	g_byte_array_free(a, TRUE);
	doc_free(doc);
}

/* An identifier that is a urn:uuid is the book's UUID, with or without
 * the meta pass (the EPUB's own fallback once hashed it again). */
static void epub_uuid_kept_from_identifier(void)
{
	static const char id[] =
	    "urn:uuid:0b7e2f6a-3c4d-4e5f-8a9b-1c2d3e4f5a6b";
	struct doc *doc = hand_book();
	doc->meta.identifier = id;
	char *before = epub_uuid(doc);
	T_STREQ(before, id);
	pass_meta(doc, false, 0);
	T_STREQ(doc->meta.uuid, id);
	g_free(before);
	doc_free(doc);
}

/* Width and height of an encoded image, decoded by gdk-pixbuf. */
static void image_size(const GByteArray *a, int *w, int *h)
{
	GdkPixbufLoader *ld = gdk_pixbuf_loader_new();
	*w = *h = -1;
	if (gdk_pixbuf_loader_write(ld, a->data, a->len, NULL) &&
	    gdk_pixbuf_loader_close(ld, NULL)) {
		*w = gdk_pixbuf_get_width(gdk_pixbuf_loader_get_pixbuf(ld));
		*h = gdk_pixbuf_get_height(gdk_pixbuf_loader_get_pixbuf(ld));
	}
	g_object_unref(ld);
}

static void cover_jpeg(void)
{
	struct doc *doc = hand_book();
	struct theme *theme = theme_default();
	struct opts opts = {.fonts_dir = "fonts"};
	GByteArray *a = g_byte_array_new(), *b = g_byte_array_new();
	T_CHECK(cover_render(doc, theme, &opts, a));
	T_CHECK(cover_render(doc, theme, &opts, b));
	T_CHECK(a->len == b->len && !memcmp(a->data, b->data, a->len));
	int w, h;
	T_CHECK(a->len > 24 && !memcmp(a->data, "\xFF\xD8\xFF", 3));
	image_size(a, &w, &h);
	T_CHECK(w == COVER_WIDTH && h == COVER_HEIGHT);
	g_byte_array_free(a, TRUE);
	g_byte_array_free(b, TRUE);
	theme_free(theme);
	doc_free(doc);
}

static void fonts_empty_folder(void)
{
	char *dir = g_dir_make_tmp("octavo-fonts-XXXXXX", NULL);
	FILE *sink = tmpfile();
	FILE *old = diag_set_stream(sink);
	unsigned before = diag_count(DIAG_SYS);
	T_CHECK(dir != NULL);
	T_CHECK(fonts_map_new(dir) == NULL);
	T_CHECK(diag_count(DIAG_SYS) == before + 1);
	T_CHECK(fonts_map_new("/nonexistent/octavo-fonts") == NULL);
	diag_set_stream(old);
	fclose(sink);
	diag_reset();
	g_rmdir(dir);
	g_free(dir);
}

int main(void)
{
	T_RUN(xhtml_without_passes);
	T_RUN(epub_package);
	T_RUN(epub_uuid_is_the_meta_pass_one);
	T_RUN(epub_uuid_kept_from_identifier);
	T_RUN(cover_jpeg);
	T_RUN(fonts_empty_folder);
	return t_failed ? 1 : 0;
}
