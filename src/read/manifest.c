/* manifest.c - book.yaml (libyaml) into doc->meta and the chapter list. */
#include <glib.h>
#include <string.h>

#include "paper.h"
#include "read.h"
#include "suggest.h"
#include "infile.h"
#include "util.h"
#include "langtag.h"
#include "yamlload.h"

struct mctx {
	struct doc *doc;
	const char *name; /* file name for messages, in the arena */
	yaml_document_t *yd;
	GHashTable *chapters; /* path -> loc, for duplicates */
	GHashTable *stems;    /* output name -> path: two would collide */
	const yaml_node_t *chapters_at; /* the value of 'chapters', or NULL */
	const yaml_node_t *cover_in_pdf_at; /* its value, or NULL */
	const yaml_node_t *summary_at; /* the value of 'summary', or NULL */
	const char *meant[4];          /* keys a misspelt key was taken for */
	bool ok;
};

/* Message NAME of diag.def at node n; the manifest is then wrong. */
#define error_at(m, n, NAME, ...)                                              \
	do {                                                                   \
		struct doc_loc at_ = yaml_loc((m)->name, (n));                 \
		diag(&at_, NAME, ##__VA_ARGS__);                               \
		(m)->ok = false;                                               \
	} while (0)

/* The same for a message chosen at run time: one that takes a string. */
static void error_id_at(struct mctx *m, const yaml_node_t *n, enum diag_id id,
                        const char *arg)
{
	struct doc_loc loc = yaml_loc(m->name, n);
	diag_at(&loc, id, arg);
	m->ok = false;
}

static const char *get_string(struct mctx *m, const yaml_node_t *v,
                              const char *key)
{
	const char *s = yaml_scalar(m->name, v, key);
	if (!s) {
		m->ok = false;
		return NULL;
	}
	return arena_strdup(m->doc->arena, s);
}

/* A string or a sequence of strings, as a NULL-terminated array. */
static const char **get_list(struct mctx *m, const yaml_node_t *v,
                             const char *key, size_t *count)
{
	size_t n = 0, i = 0;
	if (v->type == YAML_SCALAR_NODE) {
		const char **r = arena_alloc(m->doc->arena, 2 * sizeof *r);
		r[0] = get_string(m, v, key);
		*count = 1;
		return r;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		error_at(m, v, MANIFEST_VALUE_OR_LIST, key);
		return NULL;
	}
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	const char **r = arena_alloc(m->doc->arena, (n + 1) * sizeof *r);
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		const char *s =
		    get_string(m, yaml_document_get_node(m->yd, *it), key);
		if (s)
			r[i++] = s;
	}
	*count = i;
	return r;
}

bool manifest_valid_date(const char *s)
{
	unsigned y, mo, d;
	char tail;
	if (strlen(s) != 10 ||
	    sscanf(s, "%4u-%2u-%2u%c", &y, &mo, &d, &tail) != 3)
		return false;
	return g_date_valid_dmy((GDateDay)d, (GDateMonth)mo, (GDateYear)y);
}

static bool valid_slug(const char *s)
{
	if (!*s || *s == '.' || *s == '-')
		return false;
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && *s != '-' && *s != '_' && *s != '.')
			return false;
	return true;
}

/* A version goes into file names: a digit, then letters, digits, '.', '-'
 * or '+' (1.2.0, 2.0.0-rc1). */
bool manifest_valid_version(const char *s)
{
	if (!g_ascii_isdigit(*s))
		return false;
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && *s != '.' && *s != '-' && *s != '+')
			return false;
	return true;
}

/* A chapter path must stay inside the book folder and name a .md file:
 * what is wrong with p, or DIAG_N. */
enum diag_id manifest_chapter_problem(const char *p)
{
	if (!*p)
		return DIAG_CHAPTER_PATH_EMPTY;
	if (p[0] == '/')
		return DIAG_CHAPTER_PATH_ABSOLUTE;
	if (!g_str_has_suffix(p, ".md") || strlen(p) < 4)
		return DIAG_CHAPTER_NOT_MARKDOWN;
	char **parts = g_strsplit(p, "/", -1);
	bool up = false;
	for (char **q = parts; *q; q++)
		if (!strcmp(*q, "..") || !strcmp(*q, "."))
			up = true;
	g_strfreev(parts);
	return up ? DIAG_CHAPTER_PATH_DOTS : DIAG_N;
}

/* Is s, given at v, a BCP 47 tag whose subtags are ISO codes
 * (langtag.c)?  Else an error. */
static bool language_ok(struct mctx *m, const yaml_node_t *v, const char *s)
{
	char *why = langtag_problem(s);
	bool ok = !why;
	if (why)
		error_at(m, v, MANIFEST_LANGUAGE, s, why);
	g_free(why);
	return ok;
}

/* A chapter's language (in a chapter's mapping), checked as the book's;
 * NULL after an error. */
static const char *chapter_language(struct mctx *m, const yaml_node_t *v)
{
	const char *s = get_string(m, v, "language");
	return s && language_ok(m, v, s) ? s : NULL;
}

/* A chapter given as a mapping, "file: a.md" and "language: ar": its
 * file's node (NULL after an error) and *lang. */
static const yaml_node_t *chapter_mapping(struct mctx *m, const yaml_node_t *v,
                                          const char **lang)
{
	const yaml_node_t *file = NULL;
	bool ok = true;
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
	     p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(m->yd, p->key);
		yaml_node_t *val = yaml_document_get_node(m->yd, p->value);
		const char *key = yaml_scalar(m->name, k, "key");
		if (!key)
			ok = m->ok = false;
		else if (!strcmp(key, "file"))
			file = val;
		else if (!strcmp(key, "language"))
			ok = (*lang = chapter_language(m, val)) && ok;
		else {
			error_at(m, k, CHAPTER_KEY, key);
			ok = false;
		}
	}
	if (!file && ok)
		error_at(m, v, CHAPTER_NO_FILE);
	return ok ? file : NULL;
}

static void add_chapter(struct mctx *m, const yaml_node_t *v)
{
	const char *lang = NULL;
	if (v->type == YAML_MAPPING_NODE && !(v = chapter_mapping(m, v, &lang)))
		return;
	const char *src = get_string(m, v, "chapters");
	if (!src)
		return;
	enum diag_id why = manifest_chapter_problem(src);
	if (why != DIAG_N) {
		error_id_at(m, v, why, src);
		return;
	}
	struct doc_loc loc = yaml_loc(m->name, v);
	const struct doc_loc *first = g_hash_table_lookup(m->chapters, src);
	if (first) {
		diag(&loc, CHAPTER_TWICE, src, first->line);
		m->ok = false;
		return;
	}
	const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
	const char *stem = arena_strndup(m->doc->arena, base, strlen(base) - 3);
	const char *other = g_hash_table_lookup(m->stems, stem);
	if (other) {
		diag(&loc, CHAPTER_COLLIDE, other, src);
		m->ok = false;
		return;
	}
	g_hash_table_insert(m->stems, (gpointer)stem, (gpointer)src);
	struct doc_node *ch = doc_node_new(m->doc, DOC_CHAPTER, &loc);
	ch->u.chapter.src = src;
	ch->u.chapter.stem = stem;
	ch->lang = lang;
	doc_node_append(m->doc->root, ch);
	ch->u.chapter.number = (unsigned)g_hash_table_size(m->chapters) + 1;
	g_hash_table_insert(m->chapters, (gpointer)src, &ch->loc);
}

static void read_chapters(struct mctx *m, const yaml_node_t *v)
{
	m->chapters_at = v;
	if (v->type != YAML_SEQUENCE_NODE) {
		error_at(m, v, MANIFEST_CHAPTERS_LIST, "chapters");
		return;
	}
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		const yaml_node_t *c = yaml_document_get_node(m->yd, *it);
		if (it - v->data.sequence.items.start == DOC_MAX_CHAPTERS) {
			struct doc_loc loc = yaml_loc(m->name, c);
			diag(&loc, CHAPTERS_TOO_MANY, DOC_MAX_CHAPTERS);
			m->ok = false;
			return;
		}
		add_chapter(m, c);
	}
}

static void read_checked(struct mctx *m, const char *key, const yaml_node_t *v,
                         const char **dst, bool (*valid)(const char *),
                         enum diag_id what)
{
	const char *s = get_string(m, v, key);
	if (!s)
		return;
	if (!valid(s))
		error_id_at(m, v, what, s);
	*dst = s;
}

static bool valid_nonempty(const char *s)
{
	return *s != '\0';
}

bool manifest_valid_language(const char *s)
{
	char *why = langtag_problem(s);
	g_free(why);
	return why == NULL;
}

/* language: a BCP 47 tag whose subtags are ISO codes (langtag.c). */
static void read_language(struct mctx *m, const yaml_node_t *v,
                          struct doc_meta *mt)
{
	const char *s = get_string(m, v, "language");
	if (!s)
		return;
	mt->language_loc = yaml_loc(m->name, v);
	if (language_ok(m, v, s))
		m->doc->root->lang = s; /* what every node inherits */
	mt->language = s;
}

/* The digital edition's address: an absolute http or https URL with a
 * host (GLib's URI parser). */
static bool valid_url(const char *s)
{
	GUri *u = g_uri_parse(s, G_URI_FLAGS_NONE, NULL);
	if (!u)
		return false;
	const char *scheme = g_uri_get_scheme(u), *host = g_uri_get_host(u);
	bool ok = (!g_ascii_strcasecmp(scheme, "http") ||
	           !g_ascii_strcasecmp(scheme, "https")) &&
	          host && *host;
	g_uri_unref(u);
	return ok;
}

/* A print's paper: one of paper.h's. */
static void read_paper(struct mctx *m, const yaml_node_t *v, const char **dst)
{
	const char *s = get_string(m, v, "paper");
	if (!s)
		return;
	char *why = NULL;
	g_free(paper_parse(s, &why));
	if (why) {
		struct doc_loc loc = yaml_loc(m->name, v);
		diag(&loc, PAPER_INVALID, why);
		m->ok = false;
		g_free(why);
	}
	*dst = s;
}

static bool valid_style(const char *s)
{
	return !strcmp(s, "vancouver") || !strcmp(s, "author-date");
}

static void unknown_print_key(struct mctx *m, const yaml_node_t *k,
                              const char *key)
{
	static const char *const keys[] = {"theme", "paper", "handout",
	                                   "booklet", "grayscale"};
	struct doc_loc loc = yaml_loc(m->name, k);
	const char *near = suggest_nearest(key, keys, G_N_ELEMENTS(keys));
	if (near)
		diag(&loc, PRINT_KEY_NEAR, key, near);
	else
		diag(&loc, PRINT_KEY, key);
	m->ok = false;
}

static void booklet_paper(struct mctx *m, const yaml_node_t *at)
{
	char *names = paper_names(true, " or ");
	struct doc_loc loc = yaml_loc(m->name, at);
	diag(&loc, PRINT_BOOKLET_PAPER, names);
	m->ok = false;
	g_free(names);
}

/* One item of prints: a mapping of theme, paper, handout, booklet and
 * grayscale. */
static void read_print(struct mctx *m, const yaml_node_t *v,
                       struct doc_print *pr)
{
	memset(pr, 0, sizeof *pr);
	pr->loc = yaml_loc(m->name, v);
	if (v->type != YAML_MAPPING_NODE) {
		error_at(m, v, PRINT_MAPPING);
		return;
	}
	const yaml_node_t *booklet_at = NULL, *gray_at = NULL;
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
	     p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(m->yd, p->key);
		yaml_node_t *val = yaml_document_get_node(m->yd, p->value);
		const char *key = yaml_scalar(m->name, k, "key");
		if (!key)
			m->ok = false;
		else if (!strcmp(key, "theme"))
			read_checked(m, key, val, &pr->theme, valid_slug,
			             DIAG_PRINT_THEME_NAME);
		else if (!strcmp(key, "paper"))
			read_paper(m, val, &pr->paper);
		else if (!strcmp(key, "handout"))
			read_checked(m, key, val, &pr->chapters, valid_nonempty,
			             DIAG_PRINT_HANDOUT_EMPTY);
		else if (!strcmp(key, "booklet")) {
			booklet_at = val;
			m->ok &= yaml_bool(m->name, val, key, &pr->booklet);
		} else if (!strcmp(key, "grayscale")) {
			gray_at = val;
			m->ok &= yaml_bool(m->name, val, key, &pr->grayscale);
		} else {
			unknown_print_key(m, k, key);
		}
	}
	if (!pr->chapters && (pr->booklet || pr->grayscale))
		error_at(m, pr->booklet ? booklet_at : gray_at,
		         PRINT_BOOKLET_NOT_HANDOUT);
	else if (!pr->chapters && !pr->theme)
		error_at(m, v, PRINT_NEEDS_THEME);
	else if (pr->booklet && pr->paper &&
	         !(paper_find(pr->paper) && paper_find(pr->paper)->booklet))
		booklet_paper(m, booklet_at);
}

static void read_prints(struct mctx *m, const yaml_node_t *v)
{
	if (v->type != YAML_SEQUENCE_NODE) {
		error_at(m, v, PRINTS_LIST);
		return;
	}
	size_t n =
	    (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	if (n > DOC_MAX_PRINTS) {
		G_STATIC_ASSERT(DOC_MAX_PRINTS == 16);
		error_at(m, v, PRINTS_TOO_MANY);
		return;
	}
	struct doc_meta *mt = &m->doc->meta;
	mt->prints =
	    arena_alloc(m->doc->arena, (n ? n : 1) * sizeof *mt->prints);
	mt->n_prints = n;
	for (size_t i = 0; i < n; i++)
		read_print(m,
		           yaml_document_get_node(
		               m->yd, v->data.sequence.items.start[i]),
		           &mt->prints[i]);
}

/* cover: an image the images pass checks like the chapters' (a path
 * relative to the book folder). */
static void read_cover(struct mctx *m, const yaml_node_t *v)
{
	const char *url = NULL;
	read_checked(m, "cover", v, &url, valid_nonempty, DIAG_MANIFEST_EMPTY);
	if (!url || !*url)
		return;
	struct doc_loc loc = yaml_loc(m->name, v);
	struct doc_node *img = doc_node_new(m->doc, DOC_IMAGE, &loc);
	img->u.image.url = url;
	m->doc->meta.cover = img;
}

/* colophon: a mapping of its lines to true or false. */
static void read_colophon(struct mctx *m, const yaml_node_t *v)
{
	struct doc_colophon *c = &m->doc->meta.colophon;
	static const char *const keys[] = {"identifier", "fingerprint",
	                                   "typefaces", "made-with"};
	bool *hide[] = {&c->no_identifier, &c->no_fingerprint, &c->no_typefaces,
	                &c->no_made_with};
	if (v->type != YAML_MAPPING_NODE) {
		error_at(m, v, COLOPHON_MAPPING);
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
	     p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(m->yd, p->key);
		yaml_node_t *val = yaml_document_get_node(m->yd, p->value);
		const char *key = yaml_scalar(m->name, k, "key");
		size_t i = 0;
		while (key && i < G_N_ELEMENTS(keys) && strcmp(key, keys[i]))
			i++;
		const char *near =
		    key ? suggest_nearest(key, keys, G_N_ELEMENTS(keys)) : NULL;
		if (!key)
			m->ok = false;
		else if (i < G_N_ELEMENTS(keys) &&
		         yaml_bool(m->name, val, key, hide[i]))
			*hide[i] = !*hide[i]; /* shown: true */
		else if (i < G_N_ELEMENTS(keys))
			m->ok = false;
		else if (near)
			error_at(m, k, COLOPHON_KEY_NEAR, key, near);
		else
			error_at(m, k, COLOPHON_KEY, key);
	}
}

/* One key of the mapping.  Returns false for an unknown key. */
static bool read_key(struct mctx *m, const char *key, const yaml_node_t *v)
{
	struct doc_meta *mt = &m->doc->meta;
	static const char *const plain[] = {
	    "title",   "subtitle",    "publisher", "identifier",   "edition",
	    "license", "description", "theme",     "bibliography", "css"};
	const char **plain_dst[] = {
	    &mt->title,        &mt->subtitle, &mt->publisher,   &mt->identifier,
	    &mt->edition,      &mt->license,  &mt->description, &mt->theme,
	    &mt->bibliography, &mt->css};
	/* where the value was given, for the messages about its file */
	struct doc_loc *plain_at[G_N_ELEMENTS(plain)] = {
	    [7] = &mt->theme_loc,
	    [8] = &mt->bibliography_loc,
	    [9] = &mt->css_loc};

	for (size_t i = 0; i < G_N_ELEMENTS(plain); i++)
		if (!strcmp(key, plain[i])) {
			read_checked(m, key, v, plain_dst[i], valid_nonempty,
			             DIAG_MANIFEST_EMPTY);
			if (plain_at[i])
				*plain_at[i] = yaml_loc(m->name, v);
			return true;
		}
	if (!strcmp(key, "authors") || !strcmp(key, "author"))
		mt->authors = get_list(m, v, key, &mt->n_authors);
	else if (!strcmp(key, "keywords"))
		mt->keywords = get_list(m, v, key, &mt->n_keywords);
	else if (!strcmp(key, "language"))
		read_language(m, v, mt);
	else if (!strcmp(key, "date"))
		read_checked(m, key, v, &mt->date, manifest_valid_date,
		             DIAG_MANIFEST_DATE);
	else if (!strcmp(key, "version"))
		read_checked(m, key, v, &mt->version, manifest_valid_version,
		             DIAG_MANIFEST_VERSION);
	else if (!strcmp(key, "slug"))
		read_checked(m, key, v, &mt->slug, valid_slug,
		             DIAG_MANIFEST_SLUG);
	else if (!strcmp(key, "url"))
		read_checked(m, key, v, &mt->url, valid_url, DIAG_MANIFEST_URL);
	else if (!strcmp(key, "citation-style"))
		read_checked(m, key, v, &mt->citation_style, valid_style,
		             DIAG_MANIFEST_CITATION_STYLE);
	else if (!strcmp(key, "cover"))
		read_cover(m, v);
	else if (!strcmp(key, "cover-in-pdf")) {
		m->cover_in_pdf_at = v;
		m->ok &= yaml_bool(m->name, v, key, &mt->cover_in_pdf);
	} else if (!strcmp(key, "colophon"))
		read_colophon(m, v);
	else if (!strcmp(key, "chapters"))
		read_chapters(m, v);
	else if (!strcmp(key, "summary"))
		m->summary_at = v;
	else if (!strcmp(key, "prints"))
		read_prints(m, v);
	else
		return false;
	return true;
}

/* Is key in the manifest's mapping, whatever its value? */
static bool has_key(struct mctx *m, const char *key)
{
	yaml_node_t *root = yaml_document_get_root_node(m->yd);
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(m->yd, p->key);
		if (k->type == YAML_SCALAR_NODE &&
		    !strcmp((const char *)k->data.scalar.value, key))
			return true;
	}
	return false;
}

/* A key the book cannot be without; one given with a wrong value was
 * reported already. */
/* Was a misspelt key reported as meaning key? */
static bool was_meant(const struct mctx *m, const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(m->meant); i++)
		if (m->meant[i] && !strcmp(m->meant[i], key))
			return true;
	return false;
}

static void require(struct mctx *m, const char *key)
{
	if (!has_key(m, key) && !was_meant(m, key)) {
		struct doc_loc loc = {m->name, 1, 1};
		diag(&loc, MANIFEST_MISSING_KEY, key);
		m->ok = false;
	}
}

/* Every key book.yaml may hold, for "did you mean". */
static const char *const known_keys[] = {
    "author",    "authors",        "bibliography", "chapters",
    "colophon",  "cover",          "cover-in-pdf", "css",
    "date",      "description",    "edition",      "identifier",
    "keywords",  "language",       "license",      "prints",
    "publisher", "citation-style", "slug",         "subtitle",
    "summary",   "theme",          "title",        "url",
    "version"};

/* An unknown key near a known one is a misspelling: an error, so the book
 * is not built without, say, its author.  Any other is only ignored. */
static void unknown_key(struct mctx *m, const yaml_node_t *k, const char *key)
{
	struct doc_loc loc = yaml_loc(m->name, k);
	const char *near =
	    suggest_nearest(key, known_keys, G_N_ELEMENTS(known_keys));
	if (near) {
		diag(&loc, MANIFEST_KEY_NEAR, key, near);
		for (size_t i = 0; i < G_N_ELEMENTS(m->meant); i++)
			if (!m->meant[i]) {
				m->meant[i] = near;
				break;
			}
		m->ok = false;
	} else {
		diag(&loc, MANIFEST_KEY_UNKNOWN, key);
	}
}

static void read_mapping(struct mctx *m)
{
	yaml_node_t *root = yaml_document_get_root_node(m->yd);
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(m->yd, p->key);
		yaml_node_t *v = yaml_document_get_node(m->yd, p->value);
		const char *key = yaml_scalar(m->name, k, "key");
		if (!key) {
			m->ok = false;
			continue;
		}
		if (!read_key(m, key, v))
			unknown_key(m, k, key);
	}
}

/* summary: an mdBook SUMMARY.md lists the chapters (mdbook.c), instead
 * of 'chapters'. */
static void read_summary(struct mctx *m)
{
	if (m->chapters_at) {
		error_at(m, m->summary_at, MANIFEST_SUMMARY_AND_CHAPTERS);
		return;
	}
	const char *path = get_string(m, m->summary_at, "summary");
	if (!path)
		return;
	if (!*path) {
		error_at(m, m->summary_at, MANIFEST_EMPTY, "summary");
		return;
	}
	struct doc_loc loc = yaml_loc(m->name, m->summary_at);
	if (m->doc->meta.dir && !mdbook_summary(m->doc, path, &loc))
		m->ok = false;
}

bool manifest_parse(struct doc *doc, const char *name, const char *data,
                    size_t len)
{
	yaml_document_t yd;
	struct mctx m = {.doc = doc,
	                 .name = arena_strdup(doc->arena, name),
	                 .yd = &yd,
	                 .ok = true};

	doc->meta.manifest = m.name;
	doc->meta.loc = (struct doc_loc){m.name, 0, 0};
	if (!yaml_load(m.name, data, len, &yd))
		return false;
	m.chapters = g_hash_table_new(g_str_hash, g_str_equal);
	m.stems = g_hash_table_new(g_str_hash, g_str_equal);
	read_mapping(&m);
	require(&m, "title");
	require(&m, "language");
	if (doc->meta.cover_in_pdf && !has_key(&m, "cover") &&
	    !was_meant(&m, "cover"))
		error_at(&m, m.cover_in_pdf_at, MANIFEST_COVER_IN_PDF);
	if (m.summary_at)
		read_summary(&m);
	else if (was_meant(&m, "chapters"))
		; /* its misspelling was reported */
	else if (!m.chapters_at ||
	         (m.chapters_at->type == YAML_SEQUENCE_NODE &&
	          m.chapters_at->data.sequence.items.top ==
	              m.chapters_at->data.sequence.items.start)) {
		struct doc_loc loc = m.chapters_at
		                         ? yaml_loc(m.name, m.chapters_at)
		                         : (struct doc_loc){m.name, 1, 1};
		diag(&loc, MANIFEST_NO_CHAPTERS);
		m.ok = false;
	}
	yaml_document_delete(&yd);
	g_hash_table_destroy(m.chapters);
	g_hash_table_destroy(m.stems);
	if (!doc->meta.slug)
		doc->meta.slug = "book";
	doc->meta.basename =
	    doc->meta.version ? arena_printf(doc->arena, "%s-%s",
	                                     doc->meta.slug, doc->meta.version)
	                      : doc->meta.slug;
	return m.ok;
}

/* Does the book folder have file name? */
static bool has_file(const char *book_dir, const char *name)
{
	char *path = g_build_filename(book_dir, name, NULL);
	bool r = g_file_test(path, G_FILE_TEST_EXISTS);
	g_free(path);
	return r;
}

bool manifest_read(struct doc *doc, const char *book_dir)
{
	/* a folder laid out for mdBook, without octavo's own manifest */
	if (!has_file(book_dir, "book.yaml") &&
	    has_file(book_dir, "book.toml")) {
		doc->meta.dir = arena_strdup(doc->arena, book_dir);
		return mdbook_read(doc, book_dir);
	}
	struct infile f = {.kind = INFILE_MANIFEST,
	                   .root = book_dir,
	                   .name = "book.yaml",
	                   .level = DIAG_SYS};
	GBytes *bytes;
	doc->meta.dir = arena_strdup(doc->arena, book_dir);
	if (infile_read(&f, &bytes, NULL) != INFILE_OK)
		return false;
	char *path = g_build_filename(book_dir, "book.yaml", NULL);
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	bool ok = manifest_parse(doc, path, data, len);
	g_bytes_unref(bytes);
	g_free(path);
	return ok;
}

/* The files under dir/rel (rel "" for dir itself) whose names end in
 * suffix, as paths relative to the book folder, into files; hidden folders
 * and files are left out, and the walk stops at 4 levels or 2000 files. */
static void list_files(const char *dir, const char *rel, const char *suffix,
                       unsigned depth, GPtrArray *files)
{
	char *path = g_build_filename(dir, rel, NULL);
	GDir *d = g_dir_open(path, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d)) && files->len < 2000) {
		if (name[0] == '.')
			continue;
		char *sub =
		    *rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
		char *full = g_build_filename(dir, sub, NULL);
		if (g_str_has_suffix(name, suffix) &&
		    g_file_test(full, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(files, g_strdup(sub));
		else if (depth < 4 && g_file_test(full, G_FILE_TEST_IS_DIR))
			list_files(dir, sub, suffix, depth + 1, files);
		g_free(full);
		g_free(sub);
	}
	if (d)
		g_dir_close(d);
	g_free(path);
}

static gint by_string(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The file of files nearest to src, in doc's arena, or NULL; files is
 * freed. */
static const char *nearest(struct doc *doc, const char *src, GPtrArray *files)
{
	g_ptr_array_sort(files, by_string); /* the same answer everywhere */
	const char *near =
	    suggest_nearest(src, (const char *const *)files->pdata, files->len);
	const char *r = near ? arena_strdup(doc->arena, near) : NULL;
	g_ptr_array_free(files, TRUE);
	return r;
}

const char *manifest_near_chapter(struct doc *doc, const char *src)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	list_files(doc->meta.dir, "", ".md", 0, files);
	/* a file listed already is not the one meant */
	for (guint i = 0; i < files->len;) {
		bool listed = false;
		for (const struct doc_node *ch = doc->root->first; ch;
		     ch = ch->next)
			if (ch->kind == DOC_CHAPTER &&
			    !strcmp(ch->u.chapter.src, files->pdata[i]))
				listed = true;
		if (listed)
			g_ptr_array_remove_index(files, i);
		else
			i++;
	}
	return nearest(doc, src, files);
}

const char *manifest_near_file(struct doc *doc, const char *src,
                               const char *suffix)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	list_files(doc->meta.dir, "", suffix, 0, files);
	return nearest(doc, src, files);
}
