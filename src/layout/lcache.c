/*
 * lcache.c - the layout cache (lcache.h): justify_paragraph()'s results
 * by a SHA-256 of its inputs, in memory and in DIR/layout.cache.
 *
 * The key takes in every attribute of the paragraph in full (its type,
 * range and value, read through pango_attribute_as_int() and its kin); a
 * paragraph with an attribute that cannot be read so (a shape) is never
 * cached.  An entry is the paragraph as justify_paragraph() leaves it: its
 * text with the breaks in; its attributes, each either the next of the
 * paragraph's own (justify.c moves them, never changes or drops one) or
 * letter spacing it added, with its new range; where its lines begin and
 * where the indices that move with the text went.  So a key stands for
 * one paragraph and an entry gives it back exactly.
 *
 * The file: the line MAGIC, a line naming the octavo that wrote it (its
 * version, pango's and HarfBuzz's, the program's build id, so a rebuilt
 * octavo never trusts an older one's breaks), the number of entries
 * (u32), then each entry (32-byte key, u32 length, the entry), then the
 * SHA-256 of everything before it.  Numbers are little-endian.
 */
#define _GNU_SOURCE /* dl_iterate_phdr()'s struct dl_phdr_info */
#include "lcache.h"

#include <elf.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <hb.h>
#include <link.h>
#include <openssl/evp.h>
#include <pango/pango.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fonts.h"
#include "hyph.h"
#include "infile.h"
#include "justify.h"
#include "util.h"

#define CACHE_FILE "layout.cache"
#define MAGIC      "octavo layout cache\n"
enum { KEY_LEN = 32, FORMAT = 2 };
/* A bigger file is not one of ours: never read it whole. */
#define MAX_FILE ((size_t)1 << 30)

struct entry {
	GBytes *blob;
	bool used; /* looked up or made by this process */
};

struct lcache {
	GMutex lock;
	GHashTable *entries; /* GBytes (key) -> struct entry */
	char *dir, *path;    /* NULL: in memory only */
	char *identity;      /* the file's second line, without its \n */
	char *scope;       /* the SHA-256 (hex) of lcache_set_scope()'s facts */
	GHashTable *dicts; /* hyphenation file path -> SHA-256 of its bytes */
	bool changed;      /* entries made since the file was read */
	bool had_file;     /* the file was read */
	size_t loaded;
	unsigned long hits, stores;
};

/* ------------------------------------------------------------ bytes */

static void put_u32(GByteArray *b, uint32_t v)
{
	guint8 x[4] = {v & 255, (v >> 8) & 255, (v >> 16) & 255, v >> 24};
	g_byte_array_append(b, x, 4);
}

static void put_u64(GByteArray *b, uint64_t v)
{
	put_u32(b, (uint32_t)v);
	put_u32(b, (uint32_t)(v >> 32));
}

static void put_str(GByteArray *b, const char *s, size_t n)
{
	put_u32(b, (uint32_t)n);
	g_byte_array_append(b, (const guint8 *)s, (guint)n);
}

/* A reader over n bytes that fails (ok = false) rather than overrun. */
struct rd {
	const guint8 *p;
	size_t n;
	bool ok;
};

static uint32_t get_u32(struct rd *r)
{
	if (r->n < 4) {
		r->ok = false;
		return 0;
	}
	uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 |
	             (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
	r->p += 4;
	r->n -= 4;
	return v;
}

static uint64_t get_u64(struct rd *r)
{
	uint64_t lo = get_u32(r);
	return lo | (uint64_t)get_u32(r) << 32;
}

static const guint8 *get_bytes(struct rd *r, size_t n)
{
	if (r->n < n) {
		r->ok = false;
		return NULL;
	}
	const guint8 *p = r->p;
	r->p += n;
	r->n -= n;
	return p;
}

/* ---------------------------------------------------------- the key */

static void sha(const void *data, size_t n, unsigned char out[KEY_LEN])
{
	unsigned int len = 0;
	if (!EVP_Digest(data, n, out, &len, EVP_sha256(), NULL) ||
	    len != KEY_LEN) {
		fprintf(stderr, "octavo: SHA-256 failed\n");
		abort();
	}
}

static void put_array(GByteArray *b, const GArray *a)
{
	size_t n = a ? a->len : 0;
	size_t size = a ? g_array_get_element_size((GArray *)a) : 0;
	put_u32(b, (uint32_t)n);
	if (n)
		g_byte_array_append(b, (const guint8 *)a->data,
		                    (guint)(n * size));
}

/* ------------------------------------------------------ attributes */

/* The attributes of a list, in its order, without copying them
 * (pango_attr_list_filter() visits each; nothing is taken out). */
static gboolean collect_attr(PangoAttribute *a, gpointer data)
{
	g_ptr_array_add(data, a);
	return FALSE;
}

static GPtrArray *attrs_of(PangoAttrList *list)
{
	GPtrArray *a = g_ptr_array_new();
	pango_attr_list_filter(list, collect_attr, a);
	return a;
}

static void put_font(GByteArray *b, const PangoFontDescription *fd)
{
	const char *family = pango_font_description_get_family(fd);
	const char *var = pango_font_description_get_variations(fd);
	put_u32(b, pango_font_description_get_set_fields(fd));
	put_str(b, family ? family : "", family ? strlen(family) : 0);
	put_str(b, var ? var : "", var ? strlen(var) : 0);
	int nums[] = {pango_font_description_get_style(fd),
	              pango_font_description_get_variant(fd),
	              pango_font_description_get_weight(fd),
	              pango_font_description_get_stretch(fd),
	              pango_font_description_get_size(fd),
	              pango_font_description_get_size_is_absolute(fd),
	              pango_font_description_get_gravity(fd)};
	for (size_t i = 0; i < G_N_ELEMENTS(nums); i++)
		put_u32(b, (uint32_t)nums[i]);
}

/* Appends all of a (its type, range and value) to b; false for an
 * attribute whose value cannot be told in full (a shape). */
static bool put_attr(GByteArray *b, PangoAttribute *a)
{
	PangoAttrInt *i;
	PangoAttrFloat *f;
	PangoAttrColor *c;
	PangoAttrString *s;
	PangoAttrLanguage *l;
	PangoAttrFontDesc *fd;
	PangoAttrSize *z;
	PangoAttrFontFeatures *ff;
	put_u32(b, a->klass->type);
	put_u32(b, a->start_index);
	put_u32(b, a->end_index);
	if ((i = pango_attribute_as_int(a))) {
		put_u32(b, (uint32_t)i->value);
	} else if ((f = pango_attribute_as_float(a))) {
		uint64_t bits;
		memcpy(&bits, &f->value, sizeof bits);
		put_u64(b, bits);
	} else if ((c = pango_attribute_as_color(a))) {
		put_u32(b, c->color.red);
		put_u32(b, c->color.green);
		put_u32(b, c->color.blue);
	} else if ((s = pango_attribute_as_string(a))) {
		put_str(b, s->value, strlen(s->value));
	} else if ((l = pango_attribute_as_language(a))) {
		const char *tag = pango_language_to_string(l->value);
		put_str(b, tag, strlen(tag));
	} else if ((fd = pango_attribute_as_font_desc(a))) {
		put_font(b, fd->desc);
	} else if ((z = pango_attribute_as_size(a))) {
		put_u32(b, (uint32_t)z->size);
		put_u32(b, z->absolute);
	} else if ((ff = pango_attribute_as_font_features(a))) {
		put_str(b, ff->features, strlen(ff->features));
	} else {
		return false;
	}
	return true;
}

/* The hyphenation patterns of path, known by their bytes (hashed once
 * per process): patterns changed under the same name are others. */
static const char *dict_id(struct lcache *c, const char *path)
{
	g_mutex_lock(&c->lock);
	const char *id = g_hash_table_lookup(c->dicts, path);
	if (!id) {
		int err = 0;
		GBytes *b =
		    infile_read_own(path, infile_limit(INFILE_INSTALLED), &err);
		gsize len = 0;
		const void *data = b ? g_bytes_get_data(b, &len) : NULL;
		char *sum = b ? sha256_hex(data, len)
		              : g_strdup_printf("unreadable %d", err);
		if (b)
			g_bytes_unref(b);
		g_hash_table_insert(c->dicts, g_strdup(path), sum);
		id = sum;
	}
	g_mutex_unlock(&c->lock);
	return id;
}

/* make_key() reads every field of struct justify_text: one added there
 * must be added to the key too, or the cache would give the breaks of
 * another paragraph (this fails to compile until the size is updated). */
_Static_assert(sizeof(struct justify_text) ==
                   8 * sizeof(void *) + 2 * sizeof(int),
               "a field of struct justify_text is not in the cache's key");

/* Everything justify_paragraph() reads; NULL when an attribute of the
 * paragraph cannot be told in full (then it is never cached). */
static GBytes *make_key(struct lcache *c, PangoContext *ctx,
                        const PangoFontDescription *fd,
                        const struct justify_text *t, int width, int indent,
                        bool justify, GPtrArray *attrs)
{
	GByteArray *b = g_byte_array_new();
	const char *scope = c->scope ? c->scope : "";
	put_str(b, scope, strlen(scope));
	const char *lang =
	    pango_language_to_string(pango_context_get_language(ctx));
	put_str(b, lang, strlen(lang));
	/* the context's direction and gravity (a right-to-left block) */
	put_u32(b, pango_context_get_base_dir(ctx));
	put_u32(b, pango_context_get_base_gravity(ctx));
	put_u32(b, pango_context_get_gravity_hint(ctx));
	put_u32(b, pango_context_get_round_glyph_positions(ctx));
	put_font(b, fd);
	const char *dict = t->hyph ? hyph_path(t->hyph) : "";
	put_str(b, dict, strlen(dict));
	const char *dict_sum = t->hyph ? dict_id(c, dict) : "";
	put_str(b, dict_sum, strlen(dict_sum));
	int nums[] = {width, indent, justify, t->hyphen_w, t->space_w};
	for (size_t i = 0; i < G_N_ELEMENTS(nums); i++)
		put_u32(b, (uint32_t)nums[i]);
	put_str(b, t->text->str, t->text->len);
	put_u32(b, attrs->len);
	bool ok = true;
	for (guint i = 0; ok && i < attrs->len; i++)
		ok = put_attr(b, attrs->pdata[i]);
	put_array(b, t->hyph ? t->runs : NULL);
	put_array(b, t->breaks);
	put_u32(b, (uint32_t)t->n_indices);
	for (size_t i = 0; i < t->n_indices; i++)
		put_u64(b, *t->indices[i]);
	unsigned char key[KEY_LEN];
	sha(b->data, b->len, key);
	g_byte_array_free(b, TRUE);
	return ok ? g_bytes_new(key, KEY_LEN) : NULL;
}

/* -------------------------------------------------------- entries */

/*
 * An entry: the text with the breaks; the attributes, each either the
 * next of the paragraph's own (ATTR_OWN, in their order: justify.c moves
 * them, never changes or drops one) or letter spacing it added
 * (ATTR_SPACING, with its value), with its new range; where the lines
 * begin; where the indices went.
 */
enum { ATTR_OWN, ATTR_SPACING };

/* Appends the attributes of out, made from those of in (own), to b;
 * false when out is not the attributes of in plus letter spacing. */
static bool put_made_attrs(GByteArray *b, GPtrArray *own, PangoAttrList *out)
{
	GPtrArray *made = attrs_of(out);
	guint k = 0;
	bool ok = true;
	put_u32(b, made->len);
	for (guint i = 0; ok && i < made->len; i++) {
		PangoAttribute *a = made->pdata[i];
		if (k < own->len && pango_attribute_equal(a, own->pdata[k])) {
			put_u32(b, ATTR_OWN);
			k++;
		} else if (a->klass->type == PANGO_ATTR_LETTER_SPACING) {
			put_u32(b, ATTR_SPACING);
			put_u32(b, (uint32_t)pango_attribute_as_int(a)->value);
		} else {
			ok = false;
		}
		put_u32(b, a->start_index);
		put_u32(b, a->end_index);
	}
	g_ptr_array_free(made, TRUE);
	return ok && k == own->len;
}

/* The paragraph t as justify_paragraph() left it, its attributes made
 * from own (the paragraph's before); NULL when they were not. */
static GBytes *entry_of(const struct justify_text *t, GPtrArray *own)
{
	GByteArray *b = g_byte_array_new();
	put_str(b, t->text->str, t->text->len);
	if (!put_made_attrs(b, own, t->attrs)) {
		g_byte_array_free(b, TRUE);
		return NULL;
	}
	put_u32(b, t->starts->len);
	for (guint i = 0; i < t->starts->len; i++)
		put_u64(b, g_array_index(t->starts, size_t, i));
	put_u32(b, (uint32_t)t->n_indices);
	for (size_t i = 0; i < t->n_indices; i++)
		put_u64(b, *t->indices[i]);
	return g_byte_array_free_to_bytes(b);
}

/* The attributes an entry holds (r at them), made from own; NULL when
 * the entry does not fit own or the text (len bytes). */
static PangoAttrList *made_attrs(struct rd *r, GPtrArray *own, size_t len)
{
	uint32_t n = get_u32(r);
	PangoAttrList *list = pango_attr_list_new();
	guint k = 0;
	for (uint32_t i = 0; r->ok && i < n; i++) {
		uint32_t kind = get_u32(r);
		int32_t value = kind == ATTR_SPACING ? (int32_t)get_u32(r) : 0;
		uint32_t start = get_u32(r), end = get_u32(r);
		PangoAttribute *a = NULL;
		if (kind == ATTR_OWN && k < own->len)
			a = pango_attribute_copy(own->pdata[k++]);
		else if (kind == ATTR_SPACING)
			a = pango_attr_letter_spacing_new(value);
		if (!a || start > len ||
		    (end > len && end != PANGO_ATTR_INDEX_TO_TEXT_END)) {
			if (a)
				pango_attribute_destroy(a);
			r->ok = false;
			break;
		}
		a->start_index = start;
		a->end_index = end;
		pango_attr_list_insert(list, a); /* in order, as justify.c */
	}
	if (r->ok && k == own->len)
		return list;
	pango_attr_list_unref(list);
	return NULL;
}

/* Gives t what the entry holds; false (t untouched) when the entry does
 * not fit t. */
static bool entry_apply(GBytes *blob, struct justify_text *t, GPtrArray *own)
{
	gsize n;
	struct rd r = {g_bytes_get_data(blob, &n), 0, true};
	r.n = n;
	uint32_t text_len = get_u32(&r);
	const guint8 *text = get_bytes(&r, text_len);
	PangoAttrList *list = r.ok ? made_attrs(&r, own, text_len) : NULL;
	uint32_t n_starts = list ? get_u32(&r) : 0;
	const guint8 *starts = get_bytes(&r, (size_t)n_starts * 8);
	uint32_t n_idx = r.ok ? get_u32(&r) : 0;
	const guint8 *idx = get_bytes(&r, (size_t)n_idx * 8);
	if (!list || !r.ok || r.n || n_idx != t->n_indices || !n_starts) {
		if (list)
			pango_attr_list_unref(list);
		return false;
	}
	struct rd rs = {starts, (size_t)n_starts * 8, true};
	struct rd ri = {idx, (size_t)n_idx * 8, true};
	g_array_set_size(t->starts, 0);
	for (uint32_t i = 0; i < n_starts; i++) {
		size_t v = (size_t)get_u64(&rs);
		g_array_append_val(t->starts, v);
	}
	for (uint32_t i = 0; i < n_idx; i++) {
		uint64_t v = get_u64(&ri); /* MIN() would read it twice */
		*t->indices[i] = (size_t)MIN(v, text_len);
	}
	g_string_truncate(t->text, 0);
	g_string_append_len(t->text, (const char *)text, text_len);
	pango_attr_list_unref(t->attrs);
	t->attrs = list;
	return true;
}

static void entry_free(gpointer p)
{
	struct entry *e = p;
	g_bytes_unref(e->blob);
	g_free(e);
}

/* The entry of key (a reference the caller drops), marked used; or
 * NULL. */
static GBytes *lookup(struct lcache *c, GBytes *key)
{
	g_mutex_lock(&c->lock);
	struct entry *e = g_hash_table_lookup(c->entries, key);
	GBytes *blob = NULL;
	if (e) {
		e->used = true;
		blob = g_bytes_ref(e->blob);
		c->hits++;
	}
	g_mutex_unlock(&c->lock);
	return blob;
}

static void store(struct lcache *c, GBytes *key, GBytes *blob)
{
	struct entry *e = g_new0(struct entry, 1);
	e->blob = blob;
	e->used = true;
	g_mutex_lock(&c->lock);
	g_hash_table_replace(c->entries, g_bytes_ref(key), e);
	c->changed = true;
	c->stores++;
	g_mutex_unlock(&c->lock);
}

void justify_paragraph_cached(struct lcache *c, PangoContext *ctx,
                              const PangoFontDescription *fd,
                              struct justify_text *t, int width, int indent,
                              bool justify)
{
	if (!c || !t->starts) {
		justify_paragraph(ctx, fd, t, width, indent, justify);
		return;
	}
	/* the paragraph's own attributes, kept: justify.c adds to the list
	 * before it moves them into a new one */
	PangoAttrList *before = pango_attr_list_copy(t->attrs);
	GPtrArray *own = attrs_of(before);
	GBytes *key = make_key(c, ctx, fd, t, width, indent, justify, own);
	GBytes *blob = key ? lookup(c, key) : NULL;
	bool hit = blob && entry_apply(blob, t, own);
	if (blob)
		g_bytes_unref(blob);
	if (!hit)
		justify_paragraph(ctx, fd, t, width, indent, justify);
	GBytes *made = !hit && key ? entry_of(t, own) : NULL;
	if (made)
		store(c, key, made);
	if (key)
		g_bytes_unref(key);
	g_ptr_array_free(own, TRUE);
	pango_attr_list_unref(before);
}

/* ------------------------------------------------------- the file */

/* The GNU build id of the program (the linker's hash of its code), as
 * hex, from its PT_NOTE segments: dl_iterate_phdr() reports the program
 * first. */
static int build_id_of(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	char *hex = data;
	for (ElfW(Half) i = 0; i < info->dlpi_phnum && !*hex; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		size_t align = ph->p_align == 8 ? 8 : 4;
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		size_t left = ph->p_memsz;
		while (left >= sizeof(ElfW(Nhdr))) {
			const ElfW(Nhdr) *nh = (const void *)p;
			size_t name = (nh->n_namesz + align - 1) & ~(align - 1);
			size_t desc = (nh->n_descsz + align - 1) & ~(align - 1);
			size_t all = sizeof *nh + name + desc;
			if (all > left)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID &&
			    nh->n_namesz == 4 &&
			    !memcmp(p + sizeof *nh, "GNU", 4) && nh->n_descsz &&
			    nh->n_descsz <= 64) {
				const unsigned char *d =
				    (const unsigned char *)(p + sizeof *nh +
				                            name);
				for (size_t k = 0; k < nh->n_descsz; k++)
					sprintf(hex + 2 * k, "%02x", d[k]);
				break;
			}
			p += all;
			left -= all;
		}
	}
	return 1; /* the program only */
}

/* The second line of the file: what wrote it, down to the program's
 * build id (or, without one, the SHA-256 of the program file).  NULL when
 * neither can be had. */
static char *identity(void)
{
	char id[2 * 64 + 1] = "";
	char *exe = NULL;
	dl_iterate_phdr(build_id_of, id);
	if (*id) {
		exe = g_strdup(id);
	} else {
		int err = 0;
		GBytes *b = infile_read_own(
		    "/proc/self/exe", infile_limit(INFILE_INSTALLED), &err);
		if (!b)
			return NULL;
		gsize len;
		const void *data = g_bytes_get_data(b, &len);
		exe = sha256_hex(data, len);
		g_bytes_unref(b);
	}
	char *line = g_strdup_printf(
	    "format %d; octavo %s; pango %s; harfbuzz %s; program %s", FORMAT,
	    OCTAVO_VERSION, pango_version_string(), hb_version_string(), exe);
	g_free(exe);
	return line;
}

/* Where a warning about the cache file points. */
static struct doc_loc at_file(const struct lcache *c)
{
	return (struct doc_loc){c->path, 0, 0};
}

/* The entries of the file's bytes after its two lines; false when they
 * do not parse. */
static bool read_entries(struct lcache *c, struct rd *r)
{
	uint32_t n = get_u32(r);
	for (uint32_t i = 0; r->ok && i < n; i++) {
		const guint8 *key = get_bytes(r, KEY_LEN);
		uint32_t len = get_u32(r);
		const guint8 *blob = get_bytes(r, len);
		if (!r->ok)
			break;
		struct entry *e = g_new0(struct entry, 1);
		e->blob = g_bytes_new(blob, len);
		g_hash_table_replace(c->entries, g_bytes_new(key, KEY_LEN), e);
	}
	return r->ok && !r->n;
}

/* Checks data (len bytes, the whole file) and reads its entries; a
 * warning and nothing read when it is not a cache of this octavo. */
static void load(struct lcache *c, const char *data, size_t len)
{
	size_t magic = strlen(MAGIC), id = strlen(c->identity);
	struct doc_loc at = at_file(c);
	if (len < magic || memcmp(data, MAGIC, magic)) {
		diag(&at, CACHE_NOT_OURS);
		return;
	}
	if (len < magic + id + 1 + KEY_LEN ||
	    memcmp(data + magic, c->identity, id) || data[magic + id] != '\n') {
		diag(&at, CACHE_OTHER_OCTAVO);
		return;
	}
	unsigned char sum[KEY_LEN];
	sha(data, len - KEY_LEN, sum);
	struct rd r = {(const guint8 *)data + magic + id + 1,
	               len - KEY_LEN - magic - id - 1, true};
	if (memcmp(sum, data + len - KEY_LEN, KEY_LEN) ||
	    !read_entries(c, &r)) {
		g_hash_table_remove_all(c->entries);
		diag(&at, CACHE_DAMAGED);
		return;
	}
	c->loaded = g_hash_table_size(c->entries);
	c->had_file = true;
}

static void read_file(struct lcache *c)
{
	int err = 0;
	struct doc_loc at = at_file(c);
	GBytes *b = infile_read_own(c->path, MAX_FILE, &err);
	if (!b) {
		if (err == EFBIG)
			diag(&at, CACHE_TOO_LARGE);
		else if (err != ENOENT)
			diag(&at, CACHE_UNREADABLE, infile_strerror(err));
		return;
	}
	gsize len;
	const char *data = g_bytes_get_data(b, &len);
	load(c, data, len);
	g_bytes_unref(b);
}

struct lcache *lcache_open(const char *dir)
{
	const char *env = getenv("OCTAVO_CACHE");
	if (env && !strcmp(env, "off"))
		return NULL;
	struct lcache *c = g_new0(struct lcache, 1);
	g_mutex_init(&c->lock);
	c->entries =
	    g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
	                          (GDestroyNotify)g_bytes_unref, entry_free);
	c->dicts =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if (!dir)
		return c;
	c->dir = g_strdup(dir);
	c->path = g_build_filename(dir, CACHE_FILE, NULL);
	if (!(c->identity = identity())) {
		struct doc_loc at = at_file(c);
		diag(&at, CACHE_NO_IDENTITY);
		g_clear_pointer(&c->path, g_free);
		return c;
	}
	read_file(c);
	return c;
}

void lcache_set_scope(struct lcache *c, const char *scope,
                      const char *fonts_dir)
{
	if (!c)
		return;
	GString *s = g_string_new(scope);
	g_string_append(s, "\nfonts folder:\n");
	char **dirs = fonts_dir ? fonts_folders(fonts_dir) : NULL;
	for (size_t i = 0; dirs && dirs[i]; i++) {
		if (i) /* the book's own */
			g_string_append_printf(s, "and %s:\n", dirs[i]);
		fonts_folder_state(s, dirs[i]);
	}
	g_strfreev(dirs);
	g_free(c->scope);
	c->scope = sha256_hex(s->str, s->len); /* hashed once, not per key */
	g_string_free(s, TRUE);
}

static gint key_order(gconstpointer a, gconstpointer b)
{
	return g_bytes_compare(*(GBytes *const *)a, *(GBytes *const *)b);
}

/* The file's bytes: the used entries, in key order (the same cache
 * gives the same file). */
static GByteArray *file_bytes(struct lcache *c)
{
	GByteArray *b = g_byte_array_new();
	g_byte_array_append(b, (const guint8 *)MAGIC, strlen(MAGIC));
	g_byte_array_append(b, (const guint8 *)c->identity,
	                    strlen(c->identity));
	g_byte_array_append(b, (const guint8 *)"\n", 1);
	GPtrArray *keys = g_ptr_array_new();
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, c->entries);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (((struct entry *)v)->used)
			g_ptr_array_add(keys, k);
	g_ptr_array_sort(keys, key_order);
	put_u32(b, keys->len);
	for (guint i = 0; i < keys->len; i++) {
		GBytes *key = keys->pdata[i];
		const struct entry *e = g_hash_table_lookup(c->entries, key);
		gsize n;
		const guint8 *d = g_bytes_get_data(e->blob, &n);
		g_byte_array_append(b, g_bytes_get_data(key, NULL), KEY_LEN);
		put_u32(b, (uint32_t)n);
		g_byte_array_append(b, d, (guint)n);
	}
	g_ptr_array_free(keys, TRUE);
	unsigned char sum[KEY_LEN];
	sha(b->data, b->len, sum);
	g_byte_array_append(b, sum, KEY_LEN);
	return b;
}

/* How many entries this process used. */
static size_t used(const struct lcache *c)
{
	size_t n = 0;
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, c->entries);
	while (g_hash_table_iter_next(&it, NULL, &v))
		n += ((struct entry *)v)->used;
	return n;
}

void lcache_save(struct lcache *c)
{
	if (!c || !c->path ||
	    (c->had_file && !c->changed && used(c) == c->loaded))
		return;
	GError *err = NULL;
	GByteArray *b = file_bytes(c);
	if (g_mkdir_with_parents(c->dir, 0777) != 0) {
		struct doc_loc at = {c->dir, 0, 0};
		diag(&at, CACHE_FOLDER, g_strerror(errno));
	} else if (!g_file_set_contents(c->path, (const char *)b->data,
	                                (gssize)b->len, &err)) {
		struct doc_loc at = {c->path, 0, 0};
		diag(&at, CACHE_WRITE, err->message);
		g_error_free(err);
	}
	g_byte_array_free(b, TRUE);
}

void lcache_counts(const struct lcache *c, unsigned long *hits,
                   unsigned long *stores)
{
	*hits = c ? c->hits : 0;
	*stores = c ? c->stores : 0;
}

void lcache_free(struct lcache *c)
{
	if (!c)
		return;
	g_hash_table_destroy(c->entries);
	g_hash_table_destroy(c->dicts);
	g_mutex_clear(&c->lock);
	g_free(c->dir);
	g_free(c->path);
	g_free(c->identity);
	g_free(c->scope);
	g_free(c);
}
