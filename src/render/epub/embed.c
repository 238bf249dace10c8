/*
 * embed.c - the fonts the EPUB carries, when the theme says embed-fonts:
 * for each face its style sheet can ask for, a subset holding the glyphs
 * of the characters the book uses (HarfBuzz's hb-subset, which keeps the
 * layout features: kerning, ligatures, marks), and the licence file that
 * came with the font.
 *
 * The faces are the theme's body family upright and bold (and italic,
 * bold italic unless the theme sets nothing in italics), its heading
 * family bold, and its code family upright.  A face the
 * fonts folder does not have is left to the reader's own fonts; a font
 * with no licence file beside it (NAME-COPYRIGHT, NAME-LICENSE or
 * NAME-OFL.txt, NAME a prefix of the font file's name) is not carried.
 * Both are said in a warning.
 */
#include <hb-subset.h>
#include <string.h>

#include "epub.h"
#include "fonts.h"
#include "infile.h"
#include "util.h"
#include "words.h"

static void face_free(gpointer p)
{
	struct embed_face *f = p;
	g_free(f->family);
	g_free(f->name);
	g_free(f->licence);
	g_bytes_unref(f->data);
	g_free(f);
}

static void licence_free(gpointer p)
{
	struct embed_licence *l = p;
	g_free(l->name);
	g_bytes_unref(l->data);
	g_free(l);
}

void embed_free(struct embed *e)
{
	if (!e)
		return;
	g_ptr_array_free(e->faces, TRUE);
	g_ptr_array_free(e->licences, TRUE);
	g_free(e);
}

static void add_utf8(hb_set_t *set, const char *s)
{
	if (!s || !g_utf8_validate(s, -1, NULL))
		return;
	for (const char *c = s; *c; c = g_utf8_next_char(c))
		hb_set_add(set, g_utf8_get_char(c));
}

/* Every character the book's pages can show: its text, its metadata,
 * octavo's own words, and printable ASCII (numbers, labels). */
static hb_set_t *book_chars(const struct doc *doc)
{
	hb_set_t *set = hb_set_create();
	const struct doc_meta *m = &doc->meta;
	hb_set_add_range(set, 0x20, 0x7e);
	add_utf8(set, "\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2191");
	const char *meta[] = {m->title,      m->subtitle, m->publisher,
	                      m->edition,    m->version,  m->date,
	                      m->identifier, m->license,  m->description};
	for (size_t i = 0; i < G_N_ELEMENTS(meta); i++)
		add_utf8(set, meta[i]);
	for (size_t i = 0; i < m->n_authors; i++)
		add_utf8(set, m->authors[i]);
	for (int w = 0; w < WORD_COUNT; w++)
		add_utf8(set, words(doc, (enum word)w));
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (n->kind == DOC_CHAPTER)
			add_utf8(set, n->u.chapter.title);
		if (doc_kind_shows_text(n->kind))
			add_utf8(set, n->u.literal.text);
	}
	return set;
}

/* The licence file beside font file path: the longest NAME of
 * NAME-COPYRIGHT, NAME-LICENSE or NAME-OFL.txt in its folder that begins
 * its name.  Caller frees; NULL if there is none. */
static char *licence_of(const char *path)
{
	static const char *const ends[] = {"-COPYRIGHT", "-LICENSE",
	                                   "-OFL.txt"};
	char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
	GDir *d = g_dir_open(dir, 0, NULL);
	char *best = NULL;
	size_t best_len = 0;
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		for (size_t i = 0; i < G_N_ELEMENTS(ends); i++) {
			if (!g_str_has_suffix(name, ends[i]))
				continue;
			size_t len = strlen(name) - strlen(ends[i]);
			if (len > best_len && !strncmp(name, base, len)) {
				g_free(best);
				best = g_strdup(name);
				best_len = len;
			}
		}
	}
	if (d)
		g_dir_close(d);
	char *out = best ? g_build_filename(dir, best, NULL) : NULL;
	g_free(best);
	g_free(dir);
	g_free(base);
	return out;
}

/* Adds the licence at path to e once; returns its name in fonts/. */
static const char *add_licence(struct embed *e, const char *path)
{
	char *base = g_path_get_basename(path);
	for (guint i = 0; i < e->licences->len; i++) {
		struct embed_licence *l = e->licences->pdata[i];
		if (!strcmp(l->name, base)) {
			g_free(base);
			return l->name;
		}
	}
	GBytes *data = infile_read_installed(path);
	if (!data) {
		g_free(base);
		return NULL;
	}
	struct embed_licence *l = g_new0(struct embed_licence, 1);
	l->name = base;
	l->data = data;
	g_ptr_array_add(e->licences, l);
	return l->name;
}

/* The subset of face index of the font at path: the glyphs of chars.
 * Sets *otf for a font with PostScript (CFF) outlines.  NULL after a
 * diagnostic. */
static GBytes *subset(const char *path, int index, hb_set_t *chars, bool *otf)
{
	GBytes *bytes = infile_read_installed(path);
	if (!bytes)
		return NULL;
	gsize size;
	const char *file = g_bytes_get_data(bytes, &size);
	hb_blob_t *blob = hb_blob_create_or_fail(
	    file, (unsigned)size, HB_MEMORY_MODE_READONLY, bytes,
	    (hb_destroy_func_t)g_bytes_unref);
	if (!blob) { /* HarfBuzz released bytes */
		diag_path(path, FONT_HARFBUZZ_READ);
		return NULL;
	}
	hb_face_t *face = hb_face_create(blob, (unsigned)index);
	hb_blob_destroy(blob);
	hb_blob_t *cff =
	    hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
	*otf = hb_blob_get_length(cff) > 0;
	hb_blob_destroy(cff);
	GBytes *out = NULL;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_face_t *sub =
	    in ? (hb_set_union(hb_subset_input_unicode_set(in), chars),
	          hb_subset_or_fail(face, in))
	       : NULL;
	if (sub) {
		hb_blob_t *b = hb_face_reference_blob(sub);
		unsigned len;
		const char *data = hb_blob_get_data(b, &len);
		if (len)
			out = g_bytes_new(data, len);
		hb_blob_destroy(b);
		hb_face_destroy(sub);
	}
	if (!out)
		diag_path(path, FONT_SUBSET);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	return out;
}

/* "CharisSIL-Regular.ttf" from the source's name and outlines. */
static char *face_name(const char *path, bool otf)
{
	char *base = g_path_get_basename(path);
	char *dot = strrchr(base, '.');
	if (dot)
		*dot = '\0';
	char *name = g_strdup_printf("%s.%s", base, otf ? "otf" : "ttf");
	g_free(base);
	return name;
}

struct want {
	const char *family;
	bool bold, italic;
};

/* Adds family's face to e, unless it is there (false after a
 * diagnostic: the system failed). */
static bool add_face(struct embed *e, const struct want *w, hb_set_t *chars,
                     const char *fonts_dir, const struct doc_loc *loc)
{
	for (guint i = 0; i < e->faces->len; i++) {
		const struct embed_face *f = e->faces->pdata[i];
		if (!g_ascii_strcasecmp(f->family, w->family) &&
		    f->bold == w->bold && f->italic == w->italic)
			return true;
	}
	int index = 0;
	char *path =
	    fonts_face_file(fonts_dir, w->family, w->bold, w->italic, &index);
	const char *style = w->bold ? (w->italic ? "bold italic" : "bold")
	                            : (w->italic ? "italic" : "regular");
	if (!path) {
		diag(loc, EMBED_NO_FACE, style, w->family);
		return true;
	}
	char *licence = licence_of(path);
	bool ok = true;
	if (!licence) {
		diag(loc, EMBED_NO_LICENCE, path);
	} else {
		bool otf;
		GBytes *data = subset(path, index, chars, &otf);
		const char *lname = data ? add_licence(e, licence) : NULL;
		ok = lname != NULL;
		if (ok) {
			struct embed_face *f = g_new0(struct embed_face, 1);
			f->family = g_strdup(w->family);
			f->bold = w->bold;
			f->italic = w->italic;
			f->otf = otf;
			f->name = face_name(path, otf);
			f->licence = g_strdup(lname);
			f->data = g_bytes_ref(data);
			g_ptr_array_add(e->faces, f);
		}
		if (data)
			g_bytes_unref(data);
	}
	g_free(licence);
	g_free(path);
	return ok;
}

struct embed *embed_fonts(const struct doc *doc, const struct theme *t,
                          const struct opts *opts)
{
	struct embed *e = g_new0(struct embed, 1);
	e->faces = g_ptr_array_new_with_free_func(face_free);
	e->licences = g_ptr_array_new_with_free_func(licence_free);
	if (!t->embed_fonts)
		return e;
	hb_set_t *chars = book_chars(doc);
	bool italics = !t->emphasis_bold;
	const struct want wants[] = {
	    {t->body_font, false, false},   {t->body_font, true, false},
	    {t->body_font, false, true},    {t->body_font, true, true},
	    {t->heading_font, true, false}, {t->mono_font, false, false},
	};
	struct doc_loc loc = {t->path, 0, 0};
	bool ok = true;
	for (size_t i = 0; ok && i < G_N_ELEMENTS(wants); i++) {
		const struct want *w = &wants[i];
		if (!w->family || !*w->family || (w->italic && !italics))
			continue;
		ok = add_face(e, w, chars, opts->fonts_dir,
		              t->path ? &loc : NULL);
	}
	hb_set_destroy(chars);
	if (!ok) {
		embed_free(e);
		return NULL;
	}
	return e;
}
