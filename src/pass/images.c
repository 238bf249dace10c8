/*
 * images.c - images must be PNG, JPEG or SVG files inside the book folder
 * (the chapters' and book.yaml's cover, doc->meta.cover).  The pass
 * refuses anything else (paths or symlinks leading out of the book; a
 * web address, which octavo never fetches: a chapter's image then gives
 * its place to its alt text, the cover is an error), reads each image once
 * (infile.c: the outputs take the same bytes), checks it whole (image.c:
 * its size, then every row decoded; an SVG: libxml2 and librsvg, svg.c,
 * reporting what an SVG may not carry), and records its real path, media
 * type and size in pixels for the outputs.
 */
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "image.h"
#include "infile.h"
#include "pass.h"
#include "svg.h"
#include "util.h"

/* The image's path under the book folder, as the chapter (or, for the
 * cover, book.yaml) names it (the caller g_frees it), or NULL after an
 * error. */
static bool remote(const char *url)
{
	return strstr(url, "://") || !strncmp(url, "data:", 5);
}

static char *book_name(const struct doc_node *img)
{
	const char *url = img->u.image.url;
	const struct doc_node *ch = doc_node_chapter(img);
	if (remote(url)) {
		diag(&img->loc, IMAGE_REMOTE, url);
		return NULL;
	}
	if (url[0] == '/' && !ch) {
		diag(&img->loc, COVER_PATH_ABSOLUTE, url);
		return NULL;
	}
	if (url[0] == '/') {
		diag(&img->loc, IMAGE_PATH_ABSOLUTE, url);
		return NULL;
	}
	/* a chapter's image is relative to it, the cover to the book */
	char *dir = ch ? g_path_get_dirname(ch->u.chapter.src) : g_strdup(".");
	char *name =
	    strcmp(dir, ".") ? g_build_filename(dir, url, NULL) : g_strdup(url);
	g_free(dir);
	return name;
}

/* A part of an SVG left out, said at the image. */
static void svg_report(void *data, unsigned line, const char *what,
                       const char *why)
{
	const struct doc_node *img = data;
	diag(&img->loc, SVG_LEFT_OUT, img->u.image.url, line, what, why);
}

/* An SVG: well-formed, drawable, with a size (in CSS pixels, rounded). */
static bool check_svg(struct doc_node *img, GBytes *bytes)
{
	char *why = NULL;
	GBytes *safe = svg_safe(bytes, true, svg_report, img, &why);
	double w = 0, h = 0;
	bool ok = false;
	if (!safe)
		diag(&img->loc, SVG_MALFORMED, img->u.image.url, why);
	else if (!svg_size(safe, &w, &h, &why))
		diag(&img->loc, IMAGE_UNREADABLE, img->u.image.url, why);
	else {
		img->u.image.width = (unsigned)MAX(1, MIN(lround(w), 1 << 20));
		img->u.image.height = (unsigned)MAX(1, MIN(lround(h), 1 << 20));
		img->u.image.media_type = "image/svg+xml";
		ok = true;
	}
	if (safe)
		g_bytes_unref(safe);
	g_free(why);
	return ok;
}

static bool check_image(struct doc *doc, struct doc_node *img,
                        const char *bookdir)
{
	char *name = book_name(img);
	if (!name)
		return false;
	struct infile f = {.kind = INFILE_IMAGE,
	                   .root = doc->meta.dir,
	                   .name = name,
	                   .shown = img->u.image.url,
	                   .at = &img->loc};
	GBytes *bytes = NULL;
	char *real = NULL, *why = NULL;
	struct image_info info;
	bool ok = infile_read(&f, &bytes, &real) == INFILE_OK;
	gsize len = 0;
	const void *data = ok ? g_bytes_get_data(bytes, &len) : NULL;
	bool svg = ok && svg_sniff(data, len);
	if (svg)
		ok = check_svg(img, bytes);
	else if (ok && !image_sniff(data, len)) {
		diag(&img->loc, IMAGE_TYPE, img->u.image.url);
		ok = false;
	} else if (ok && (why = image_check(data, len, &info))) {
		diag(&img->loc, IMAGE_UNREADABLE, img->u.image.url, why);
		ok = false;
	}
	if (ok)
		img->u.image.path =
		    arena_printf(doc->arena, "%s/%s", bookdir, real);
	if (ok && !svg) {
		img->u.image.media_type = info.media_type;
		img->u.image.width = info.width;
		img->u.image.height = info.height;
	}
	if (bytes)
		g_bytes_unref(bytes);
	g_free(why);
	g_free(real);
	g_free(name);
	return ok;
}

/* Does alt, the alt text of the image at url, say nothing of what it
 * shows: its file's name, or a word that names only the kind of thing? */
static bool says_nothing(const char *alt, const char *url)
{
	static const char *const words[] = {
	    "image",      "picture",    "photo",       "photograph",
	    "img",        "figure",     "graphic",     "alt",
	    "alt text",   "screenshot", "placeholder", "image description",
	    "description"};
	char *base = g_path_get_basename(url);
	char *dot = strrchr(base, '.');
	bool same = !g_ascii_strcasecmp(alt, base);
	if (dot) {
		*dot = '\0';
		same = same || !g_ascii_strcasecmp(alt, base);
	}
	for (size_t i = 0; !same && i < G_N_ELEMENTS(words); i++)
		same = !g_ascii_strcasecmp(alt, words[i]);
	g_free(base);
	return same;
}

/* An image that tells readers who cannot see it nothing is a warning;
 * an empty alt text without a caption, written so on purpose, makes it
 * decoration (no warning), left out of what is read aloud. */
static void check_alt(struct doc *doc, struct doc_node *img)
{
	char *alt = g_strstrip(doc_node_text(doc, img));
	const char *url = img->u.image.url;
	if (img->u.image.no_alt)
		diag(&img->loc, IMAGE_NO_ALT, url);
	else if (*alt && says_nothing(alt, url))
		diag(&img->loc, IMAGE_ALT_SAYS_NOTHING, url, alt, url, url);
	else if (!*alt && !(img->u.image.title && *img->u.image.title))
		img->u.image.decorative = true;
}

/* A chapter's image from the network (a project's badge, a logo on a web
 * site), which octavo never fetches: its alt text stands in its place, as
 * a link to it where it is in no link already; with no alt text it is
 * left out.  Either way the build says so and goes on. */
static void stand_in(struct doc *doc, struct doc_node *img)
{
	const char *url = img->u.image.url, *title = img->u.image.title;
	char *alt = g_strstrip(doc_node_text(doc, img));
	const struct doc_node *in_link = NULL;
	for (const struct doc_node *p = img->parent; p && !in_link;
	     p = p->parent)
		if (p->kind == DOC_LINK)
			in_link = p;
	bool link = *alt && !in_link && strncmp(url, "data:", 5);
	/* A badge without alt text that is all its link holds: the link
	 * would be left with nothing to read or tap, so its address is
	 * the text. */
	char *around = in_link && !*alt ? doc_node_text(doc, in_link) : NULL;
	const char *address = around && !*g_strstrip(around) &&
	                              strncmp(in_link->u.link.url, "#", 1)
	                          ? in_link->u.link.url
	                          : NULL;
	if (address) {
		diag(&img->loc, IMAGE_REMOTE_LINK_TEXT, url, address);
		struct doc_node *t = doc_node_new(doc, DOC_TEXT, &img->loc);
		t->u.literal.text = arena_strdup(doc->arena, address);
		doc_node_append(img, t);
	} else if (!*alt)
		diag(&img->loc, IMAGE_REMOTE_LEFT_OUT, url);
	else
		diag(&img->loc, IMAGE_REMOTE_ALT, url, alt,
		     link ? ", as a link to it" : "");
	memset(&img->u, 0, sizeof img->u);
	if (link) {
		img->kind = DOC_LINK;
		img->u.link.url = url;
		img->u.link.title = title;
	} else {
		img->kind = DOC_SPAN;
	}
}

bool pass_images(struct doc *doc)
{
	char *bookdir = infile_real_dir(doc->meta.dir);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	bool ok = true;

	if (!bookdir) {
		diag_path(doc->meta.dir, SYSTEM, g_strerror(errno));
		return false;
	}
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_LEAVE || n->kind != DOC_IMAGE)
			continue;
		if (remote(n->u.image.url))
			stand_in(doc, (struct doc_node *)n);
		else if (!check_image(doc, (struct doc_node *)n, bookdir))
			ok = false; /* its alt text can wait */
		else
			check_alt(doc, (struct doc_node *)n);
	}
	if (doc->meta.cover && !check_image(doc, doc->meta.cover, bookdir))
		ok = false;
	g_free(bookdir);
	return ok;
}
