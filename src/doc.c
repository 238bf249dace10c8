/* doc.c - the document tree: nodes, links, the walker and the checker. */
#include "doc.h"

#include <glib.h>
#include <string.h>

#include "util.h"

struct doc *doc_new(void)
{
	struct doc *doc = xcalloc(1, sizeof *doc);
	doc->arena = arena_new();
	doc->root = doc_node_new(doc, DOC_BOOK, NULL);
	return doc;
}

void doc_free(struct doc *doc)
{
	if (!doc)
		return;
	if (doc->ids)
		g_hash_table_destroy(doc->ids);
	if (doc->included)
		g_ptr_array_free(doc->included, TRUE);
	arena_free(doc->arena);
	free(doc);
}

void doc_include_add(struct doc *doc, const char *rel)
{
	if (!doc->included)
		doc->included = g_ptr_array_new();
	GPtrArray *list = doc->included;
	for (guint i = 0; i < list->len; i++)
		if (!strcmp(list->pdata[i], rel))
			return;
	g_ptr_array_add(list, (gpointer)rel);
}

struct doc_node *doc_node_new(struct doc *doc, enum doc_kind kind,
                              const struct doc_loc *loc)
{
	struct doc_node *n = arena_alloc(doc->arena, sizeof *n);
	n->kind = kind;
	if (loc)
		n->loc = *loc;
	return n;
}

void doc_node_append(struct doc_node *parent, struct doc_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

void doc_node_insert_before(struct doc_node *sibling, struct doc_node *child)
{
	struct doc_node *parent = sibling->parent;
	child->parent = parent;
	child->next = sibling;
	child->prev = sibling->prev;
	if (sibling->prev)
		sibling->prev->next = child;
	else
		parent->first = child;
	sibling->prev = child;
}

void doc_node_unlink(struct doc_node *node)
{
	struct doc_node *parent = node->parent;
	if (node->prev)
		node->prev->next = node->next;
	else if (parent)
		parent->first = node->next;
	if (node->next)
		node->next->prev = node->prev;
	else if (parent)
		parent->last = node->prev;
	node->parent = node->prev = node->next = NULL;
}

/* The set of ids of chapter (made when asked for with make). */
static GHashTable *id_set(const struct doc *doc, const struct doc_node *chapter,
                          bool make)
{
	GHashTable *sets = doc->ids;
	GHashTable *set = sets ? g_hash_table_lookup(sets, chapter) : NULL;
	if (set || !make)
		return set;
	if (!sets)
		((struct doc *)doc)->ids = sets =
		    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
		                          (GDestroyNotify)g_hash_table_destroy);
	set = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(sets, (gpointer)chapter, set);
	return set;
}

bool doc_id_taken(const struct doc *doc, const struct doc_node *chapter,
                  const char *id)
{
	GHashTable *set = id_set(doc, chapter, false);
	return set && g_hash_table_contains(set, id);
}

bool doc_id_take(struct doc *doc, const struct doc_node *chapter,
                 const char *id)
{
	return g_hash_table_add(id_set(doc, chapter, true), (gpointer)id);
}

const char *doc_id_unique(struct doc *doc, const struct doc_node *chapter,
                          const char *base)
{
	GString *s = g_string_new(base);
	unique_name(s, s->len, 1, id_set(doc, chapter, true));
	const char *id = arena_strndup(doc->arena, s->str, s->len);
	g_string_free(s, TRUE);
	doc_id_take(doc, chapter, id);
	return id;
}

static const char *const kind_names[DOC_KIND_COUNT] = {
    [DOC_BOOK] = "book",
    [DOC_CHAPTER] = "chapter",
    [DOC_HEADING] = "heading",
    [DOC_PARAGRAPH] = "paragraph",
    [DOC_BLOCKQUOTE] = "blockquote",
    [DOC_LIST] = "list",
    [DOC_ITEM] = "item",
    [DOC_CODE_BLOCK] = "code_block",
    [DOC_HTML_BLOCK] = "html_block",
    [DOC_THEMATIC_BREAK] = "thematic_break",
    [DOC_TABLE] = "table",
    [DOC_TABLE_ROW] = "table_row",
    [DOC_TABLE_CELL] = "table_cell",
    [DOC_NOTE] = "note",
    [DOC_BIBLIOGRAPHY] = "bibliography",
    [DOC_TEXT] = "text",
    [DOC_SOFTBREAK] = "softbreak",
    [DOC_LINEBREAK] = "linebreak",
    [DOC_CODE] = "code",
    [DOC_HTML_INLINE] = "html_inline",
    [DOC_EMPH] = "emph",
    [DOC_STRONG] = "strong",
    [DOC_STRIKE] = "strike",
    [DOC_LINK] = "link",
    [DOC_IMAGE] = "image",
    [DOC_NOTE_REF] = "note_ref",
    [DOC_CITATION] = "citation",
    [DOC_DIV] = "div",
    [DOC_DETAILS] = "details",
    [DOC_SUMMARY] = "summary",
    [DOC_DEF_LIST] = "def_list",
    [DOC_DEF_TERM] = "def_term",
    [DOC_DEF_DESC] = "def_desc",
    [DOC_FIGURE] = "figure",
    [DOC_CAPTION] = "caption",
    [DOC_SUPERSCRIPT] = "superscript",
    [DOC_SUBSCRIPT] = "subscript",
    [DOC_KBD] = "kbd",
    [DOC_SPAN] = "span",
    [DOC_ABBR] = "abbr",
    [DOC_PHRASE] = "phrase",
    [DOC_TASK] = "task",
    [DOC_MATH_BLOCK] = "math_block",
    [DOC_MATH] = "math",
};

const char *doc_kind_name(enum doc_kind kind)
{
	return kind < DOC_KIND_COUNT && kind_names[kind] ? kind_names[kind]
	                                                 : "?";
}

static const char *const look_names[DOC_LOOK_COUNT] = {
    [DOC_LOOK_MARK] = "mark", [DOC_LOOK_U] = "u",
    [DOC_LOOK_INS] = "ins",   [DOC_LOOK_SMALL] = "small",
    [DOC_LOOK_Q] = "q",       [DOC_LOOK_CITE] = "cite",
    [DOC_LOOK_VAR] = "var",   [DOC_LOOK_DFN] = "dfn",
    [DOC_LOOK_SAMP] = "samp", [DOC_LOOK_RUBY] = "ruby",
    [DOC_LOOK_RT] = "rt",     [DOC_LOOK_BDI] = "bdi",
    [DOC_LOOK_BDO] = "bdo",
};

const char *doc_look_name(enum doc_look look)
{
	return look < DOC_LOOK_COUNT ? look_names[look] : "?";
}

enum doc_look doc_look_of(const char *name)
{
	for (int i = 0; i < DOC_LOOK_COUNT; i++)
		if (!g_ascii_strcasecmp(name, look_names[i]))
			return (enum doc_look)i;
	return DOC_LOOK_COUNT;
}

unsigned doc_looks(const struct doc *doc)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	unsigned looks = 0;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->kind == DOC_PHRASE)
			looks |= 1u << n->u.phrase.look;
	return looks;
}

bool doc_kind_is_block(enum doc_kind kind)
{
	return kind < DOC_TEXT;
}

bool doc_kind_shows_text(enum doc_kind kind)
{
	return kind == DOC_TEXT || kind == DOC_CODE || kind == DOC_CODE_BLOCK ||
	       kind == DOC_MATH || kind == DOC_MATH_BLOCK;
}

bool doc_cell_is_header(const struct doc_node *cell)
{
	if (!cell->u.cell.header)
		return false;
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, cell);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (n->kind == DOC_IMAGE || n->kind == DOC_MATH)
			return true;
		if (doc_kind_shows_text(n->kind))
			for (const char *p = n->u.literal.text; p && *p;
			     p = g_utf8_next_char(p))
				if (!g_unichar_isspace(g_utf8_get_char(p)))
					return true;
	}
	return false;
}

int doc_heading_level(struct doc_headings *h, int level)
{
	level = CLAMP(level, 1, 6);
	while (h->n && h->levels[h->n - 1] >= level)
		h->n--;
	h->levels[h->n++] = level;
	return h->n;
}

unsigned doc_heading_skips(const struct doc *doc)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	unsigned skips = 0;
	struct doc_headings open = {0};
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (n->kind == DOC_CHAPTER)
			open.n = 0;
		if (n->kind != DOC_HEADING)
			continue;
		int level = CLAMP(n->u.heading.level, 1, 6);
		if (doc_heading_level(&open, level) != level)
			skips |= 1u << level;
	}
	return skips;
}

bool doc_has_math(const struct doc *doc)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev))
		if (n->kind == DOC_MATH || n->kind == DOC_MATH_BLOCK)
			return true;
	return false;
}

bool doc_kind_is_leaf(enum doc_kind kind)
{
	switch (kind) {
	case DOC_TEXT:
	case DOC_SOFTBREAK:
	case DOC_LINEBREAK:
	case DOC_CODE:
	case DOC_CODE_BLOCK:
	case DOC_HTML_BLOCK:
	case DOC_HTML_INLINE:
	case DOC_THEMATIC_BREAK:
	case DOC_NOTE_REF:
	case DOC_MATH:
	case DOC_MATH_BLOCK:
	case DOC_TASK: return true;
	default: return false;
	}
}

const struct doc_node *doc_node_chapter(const struct doc_node *node)
{
	while (node && node->kind != DOC_CHAPTER)
		node = node->parent;
	return node;
}

const char *doc_node_lang(const struct doc *doc, const struct doc_node *node)
{
	for (; node; node = node->parent)
		if (node->lang)
			return node->lang;
	return doc ? doc->meta.language : NULL;
}

enum doc_align doc_node_align(const struct doc_node *node)
{
	for (; node && node->kind != DOC_CHAPTER; node = node->parent) {
		if (node->align)
			return node->align;
		if (node->kind == DOC_TABLE_CELL)
			break;
	}
	return DOC_ALIGN_NONE;
}

static bool same_lang(const char *a, const char *b)
{
	return a == b || (a && b && !g_ascii_strcasecmp(a, b));
}

bool doc_node_lang_differs(const struct doc *doc, const struct doc_node *node)
{
	return node && node->lang &&
	       !same_lang(node->lang, doc_node_lang(doc, node->parent));
}

void *doc_languages(const struct doc *doc)
{
	GPtrArray *out = g_ptr_array_new();
	GHashTable *seen =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER || !n->lang || !doc_kind_is_block(n->kind))
			continue;
		char *key = g_ascii_strdown(n->lang, -1);
		if (g_hash_table_add(seen, key))
			g_ptr_array_add(out, (gpointer)n);
	}
	g_hash_table_destroy(seen);
	return out;
}

bool doc_node_is_blank(const struct doc_node *node)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	doc_iter_init(&it, node);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER || n == node)
			continue;
		switch (n->kind) {
		case DOC_SPAN:
		case DOC_SOFTBREAK: break;
		case DOC_TEXT:
			if (strspn(n->u.literal.text, " \t\n") !=
			    strlen(n->u.literal.text))
				return false;
			break;
		default: return false;
		}
	}
	return true;
}

void doc_node_text_append(const struct doc_node *node, void *gstring)
{
	GString *s = gstring;
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;

	doc_iter_init(&it, node);
	while (doc_iter_next(&it, &n, &ev)) {
		/* a ruby's reading in parentheses after its base, as the
		 * PDF shows it */
		if (n->kind == DOC_PHRASE && n->u.phrase.look == DOC_LOOK_RT)
			g_string_append_c(s, ev == DOC_ENTER ? '(' : ')');
		if (ev != DOC_ENTER)
			continue;
		switch (n->kind) {
		case DOC_TEXT:
		case DOC_MATH:
		case DOC_CODE: g_string_append(s, n->u.literal.text); break;
		case DOC_SOFTBREAK:
		case DOC_LINEBREAK: g_string_append_c(s, ' '); break;
		default: break;
		}
	}
}

char *doc_node_text(struct doc *doc, const struct doc_node *node)
{
	GString *s = g_string_new(NULL);
	doc_node_text_append(node, s);
	char *r = arena_strndup(doc->arena, s->str, s->len);
	g_string_free(s, TRUE);
	return r;
}

void doc_iter_init(struct doc_iter *it, const struct doc_node *root)
{
	it->root = root;
	it->next = root;
	it->next_ev = DOC_ENTER;
}

bool doc_iter_next(struct doc_iter *it, const struct doc_node **node,
                   enum doc_event *ev)
{
	const struct doc_node *cur = it->next;
	enum doc_event cur_ev = it->next_ev;

	if (!cur)
		return false;
	*node = cur;
	*ev = cur_ev;
	if (cur_ev == DOC_ENTER && !doc_kind_is_leaf(cur->kind)) {
		if (cur->first) {
			it->next = cur->first;
			it->next_ev = DOC_ENTER;
		} else {
			it->next_ev = DOC_LEAVE;
		}
	} else if (cur == it->root) {
		it->next = NULL;
	} else if (cur->next) {
		it->next = cur->next;
		it->next_ev = DOC_ENTER;
	} else {
		it->next = cur->parent;
		it->next_ev = DOC_LEAVE;
	}
	return true;
}

/* May a node of kind child sit directly under a node of kind parent? */
static bool allowed_under(enum doc_kind parent, enum doc_kind child)
{
	bool flow = doc_kind_is_block(child) && child != DOC_CHAPTER &&
	            child != DOC_BOOK && child != DOC_ITEM &&
	            child != DOC_TABLE_ROW && child != DOC_TABLE_CELL &&
	            child != DOC_SUMMARY && child != DOC_CAPTION &&
	            child != DOC_DEF_TERM && child != DOC_DEF_DESC;
	switch (parent) {
	case DOC_BOOK: return child == DOC_CHAPTER;
	case DOC_CHAPTER:
	case DOC_BLOCKQUOTE:
	case DOC_ITEM:
	case DOC_NOTE:
	case DOC_DIV:
	case DOC_DEF_DESC: return flow;
	case DOC_DETAILS: return flow || child == DOC_SUMMARY;
	case DOC_FIGURE: return flow || child == DOC_CAPTION;
	case DOC_DEF_LIST:
		return child == DOC_DEF_TERM || child == DOC_DEF_DESC;
	/* a cell from HTML may hold blocks (never both: html.c) */
	case DOC_TABLE_CELL: return flow || !doc_kind_is_block(child);
	case DOC_LIST: return child == DOC_ITEM;
	case DOC_TABLE: return child == DOC_TABLE_ROW;
	case DOC_TABLE_ROW: return child == DOC_TABLE_CELL;
	case DOC_BIBLIOGRAPHY: return child == DOC_HEADING || child == DOC_LIST;
	case DOC_CITATION:
		return !doc_kind_is_block(child) && child != DOC_CITATION;
	default:
		/* inline containers and inline-holding blocks */
		return !doc_kind_is_block(child);
	}
}

bool doc_check(const struct doc_node *root, const char **why)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;

	doc_iter_init(&it, root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (n->kind >= DOC_KIND_COUNT)
			return *why = "node of unknown kind", false;
		if (doc_kind_is_leaf(n->kind) && n->first)
			return *why = "leaf node with children", false;
		if (n->first && n->first->prev)
			return *why = "first child has a previous sibling",
			       false;
		if (n->last && n->last->next)
			return *why = "last child has a next sibling", false;
		if (!n->first != !n->last)
			return *why = "only one of first/last child set", false;
		for (const struct doc_node *c = n->first; c; c = c->next) {
			if (c->parent != n)
				return *why = "child's parent link is wrong",
				       false;
			if (c->next && c->next->prev != c)
				return *why = "sibling links disagree", false;
			if (!c->next && n->last != c)
				return *why = "last child link is wrong", false;
			if (!allowed_under(n->kind, c->kind))
				return *why = "node kind not allowed here",
				       false;
		}
	}
	return true;
}

char *doc_meta_uuid(const struct doc_meta *meta)
{
	const char *id = meta->identifier;
	if (id && g_str_has_prefix(id, "urn:uuid:"))
		return g_strdup(id);
	return uuid_from_name(id ? id : meta->title ? meta->title : "");
}
