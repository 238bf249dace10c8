/*
 * images.c - images must be PNG or JPEG files inside the book folder.  The
 * pass refuses anything else (web addresses: octavo never reaches the
 * network; paths or symlinks leading out of the book), decodes each image
 * once with gdk-pixbuf to catch corrupt files, and records its path, media
 * type and size in pixels for the outputs.
 */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>

#include "pass.h"
#include "util.h"

static const char *sniff(const char *path)
{
	static const unsigned char png[] = {0x89, 'P',  'N',  'G',
	                                    '\r', '\n', 0x1a, '\n'};
	unsigned char head[8] = {0};
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	if (n == 8 && !memcmp(head, png, 8))
		return "image/png";
	if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}

/* The real path of the image, or NULL after an error. */
static char *locate(struct doc *doc, struct doc_node *img, const char *bookdir)
{
	const char *url = img->u.image.url;
	const struct doc_node *ch = doc_node_chapter(img);
	if (strstr(url, "://") || !strncmp(url, "data:", 5)) {
		diag(&img->loc, IMAGE_REMOTE, url);
		return NULL;
	}
	if (url[0] == '/') {
		diag(&img->loc, IMAGE_PATH_ABSOLUTE, url);
		return NULL;
	}
	char *rel = g_path_get_dirname(ch->u.chapter.src);
	char *joined = g_build_filename(bookdir, rel, url, NULL);
	char *real = realpath(joined, NULL);
	g_free(rel);
	g_free(joined);
	if (!real) {
		diag(&img->loc, IMAGE_MISSING, url);
		return NULL;
	}
	size_t n = strlen(bookdir);
	if (strncmp(real, bookdir, n) || real[n] != '/') {
		diag(&img->loc, IMAGE_OUTSIDE, url);
		free(real);
		return NULL;
	}
	(void)doc;
	return real;
}

/* Decodes the whole image once; the reason goes to *why (caller frees). */
static GdkPixbuf *decode(const char *path, char **why)
{
	char *data = NULL;
	size_t len = 0;
	int err;
	GError *gerr = NULL;
	GdkPixbuf *pb = NULL;

	if (!file_slurp(path, &data, &len, &err)) {
		*why = g_strdup(file_strerror(err));
		return NULL;
	}
	GdkPixbufLoader *ld = gdk_pixbuf_loader_new();
	if (gdk_pixbuf_loader_write(ld, (const guchar *)data, len, &gerr) &&
	    gdk_pixbuf_loader_close(ld, &gerr)) {
		pb = gdk_pixbuf_loader_get_pixbuf(ld);
		if (pb)
			g_object_ref(pb);
	} else {
		gdk_pixbuf_loader_close(ld, NULL);
	}
	if (!pb)
		*why = g_strdup(gerr ? gerr->message : "no image in the file");
	if (gerr)
		g_error_free(gerr);
	g_object_unref(ld);
	g_free(data);
	return pb;
}

static bool check_image(struct doc *doc, struct doc_node *img,
                        const char *bookdir)
{
	char *path = locate(doc, img, bookdir);
	if (!path)
		return false;
	struct stat st;
	/* a FIFO or device must not be opened: it could block or never end */
	bool regular = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	const char *type = regular ? sniff(path) : NULL;
	char *why = NULL;
	GdkPixbuf *pb = NULL;
	bool ok = false;

	if (!regular)
		diag(&img->loc, IMAGE_NOT_FILE, img->u.image.url);
	else if (!type)
		diag(&img->loc, IMAGE_TYPE, img->u.image.url);
	else if (!(pb = decode(path, &why)))
		diag(&img->loc, IMAGE_UNREADABLE, img->u.image.url, why);
	else
		ok = true;
	if (ok) {
		img->u.image.path = arena_strdup(doc->arena, path);
		img->u.image.media_type = type;
		img->u.image.width = (unsigned)gdk_pixbuf_get_width(pb);
		img->u.image.height = (unsigned)gdk_pixbuf_get_height(pb);
	}
	if (pb)
		g_object_unref(pb);
	g_free(why);
	free(path);
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

bool pass_images(struct doc *doc)
{
	char *bookdir = realpath(doc->meta.dir, NULL);
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
		if (!check_image(doc, (struct doc_node *)n, bookdir))
			ok = false; /* its alt text can wait */
		else
			check_alt(doc, (struct doc_node *)n);
	}
	free(bookdir);
	return ok;
}
