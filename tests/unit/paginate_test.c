/* paginate_test.c - the paginator fed made-up boxes (no pango): widows,
 * orphans, headings at the foot of a page, footnotes that do not fit,
 * chapters, tables across pages, images taller than the page, a colophon
 * at the foot of its page.  The page dump of every case is compared with
 * tests/unit/paginate.pages (REGEN=1 rewrites it). */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

#include "doc.h"
#include "layout.h"
#include "t.h"
#include "util.h"

enum { LINE = 12 * PANGO_SCALE, NOTE_LINE = 10 * PANGO_SCALE };

/* A page of ten lines, no rule above the notes to speak of. */
static const struct layout_geom geom = {
    .width = 400 * PANGO_SCALE,
    .height = 10 * LINE,
    .note_sep = 6 * PANGO_SCALE,
    .note_gap = 2 * PANGO_SCALE,
};

struct fixture {
	struct doc *doc;
	struct layout *lay;
	unsigned line; /* next source line */
	GString *dump;
};

static void fx_init(struct fixture *f)
{
	f->doc = doc_new();
	f->lay = layout_new();
	f->line = 1;
	if (!f->dump)
		f->dump = g_string_new(NULL);
}

static void fx_done(struct fixture *f)
{
	layout_free(f->lay);
	doc_free(f->doc);
}

static struct box *add(struct fixture *f, GArray *boxes, enum box_kind kind,
                       enum doc_kind node, size_t lines, int height)
{
	struct doc_loc loc = {"test.md", f->line++, 1};
	struct box *b = layout_box_add(boxes, kind);
	b->node = doc_node_new(f->doc, node, &loc);
	b->chapter = 1;
	b->width = geom.width;
	b->min_lines = 2;
	b->n_lines = lines;
	b->lines = xcalloc(lines, sizeof *b->lines);
	for (size_t i = 0; i < lines; i++)
		b->lines[i].height = height;
	return b;
}

static struct box *para(struct fixture *f, size_t lines)
{
	return add(f, f->lay->boxes, BOX_TEXT, DOC_PARAGRAPH, lines, LINE);
}

static struct box *heading(struct fixture *f)
{
	struct box *b = add(f, f->lay->boxes, BOX_TEXT, DOC_HEADING, 1, LINE);
	b->keep_with_next = b->keep_together = true;
	return b;
}

/* Box i's first placement: page index and the item. */
static const struct placed *where(const struct page_list *pl, size_t box,
                                  size_t *page, size_t nth)
{
	for (size_t i = 0; i < pl->pages->len; i++) {
		const struct page *pg = g_ptr_array_index(pl->pages, i);
		for (size_t k = 0; k < pg->items->len; k++) {
			const struct placed *it =
			    &g_array_index(pg->items, struct placed, k);
			if (it->box == box && !it->repeat && nth-- == 0) {
				*page = i;
				return it;
			}
		}
	}
	*page = SIZE_MAX;
	return NULL;
}

static struct page_list *run(struct fixture *f, const char *name,
                             const struct layout_geom *g)
{
	struct page_list *pl = layout_paginate(f->lay, g, 1);
	g_string_append_printf(f->dump, "== %s\n", name);
	page_list_dump(pl, f->lay, f->dump);
	return pl;
}

static struct fixture fx;

/* Room for one line at the foot: the paragraph goes whole to the next
 * page rather than leave its first line alone. */
static void test_orphan(void)
{
	fx_init(&fx);
	para(&fx, 9);
	para(&fx, 4);
	struct page_list *pl = run(&fx, "orphan", &geom);
	size_t pg;
	const struct placed *it = where(pl, 1, &pg, 0);
	T_CHECK(it && pg == 1 && it->y == 0 && it->count == 4);
	page_list_free(pl);
	fx_done(&fx);
}

/* Only the last line would go over: one more line goes with it. */
static void test_widow(void)
{
	fx_init(&fx);
	para(&fx, 5);
	para(&fx, 6);
	struct page_list *pl = run(&fx, "widow", &geom);
	size_t pg;
	const struct placed *a = where(pl, 1, &pg, 0);
	T_CHECK(a && pg == 0 && a->count == 4);
	const struct placed *b = where(pl, 1, &pg, 1);
	T_CHECK(b && pg == 1 && b->first == 4 && b->count == 2);
	page_list_free(pl);
	fx_done(&fx);
}

/* A heading with room for itself and one line of what follows moves. */
static void test_heading_at_foot(void)
{
	fx_init(&fx);
	para(&fx, 8);
	heading(&fx);
	para(&fx, 5);
	struct page_list *pl = run(&fx, "heading-at-foot", &geom);
	size_t pg;
	T_CHECK(where(pl, 1, &pg, 0) && pg == 1);
	page_list_free(pl);
	fx_done(&fx);
	/* with room for two lines after it, it stays */
	fx_init(&fx);
	para(&fx, 6);
	heading(&fx);
	para(&fx, 5);
	pl = run(&fx, "heading-stays", &geom);
	T_CHECK(where(pl, 1, &pg, 0) && pg == 0);
	T_CHECK(where(pl, 2, &pg, 0) && pg == 0);
	page_list_free(pl);
	fx_done(&fx);
}

static void call_note(struct fixture *f, struct box *b, size_t line,
                      size_t note)
{
	if (!b->note_refs)
		b->note_refs =
		    g_array_new(FALSE, TRUE, sizeof(struct box_note_ref));
	struct box_note_ref r = {line, note};
	g_array_append_val(b->note_refs, r);
}

/* What follows a heading cannot always be split where the heading's two
 * lines would end: a paragraph of three lines (splitting leaves one
 * alone), items of one line each, a line whose footnote needs the room.
 * Each time the heading goes to the next page with what follows. */
static void test_heading_keeps_lines(void)
{
	size_t pg;
	fx_init(&fx);
	para(&fx, 7);
	heading(&fx);
	para(&fx, 3); /* 2 lines fit, and 1 would be a widow */
	struct page_list *pl = run(&fx, "heading-three-lines", &geom);
	T_CHECK(where(pl, 1, &pg, 0) && pg == 1);
	T_CHECK(where(pl, 2, &pg, 0) && pg == 1);
	page_list_free(pl);
	fx_done(&fx);

	fx_init(&fx);
	para(&fx, 8);
	heading(&fx);
	for (int i = 0; i < 4; i++)
		para(&fx, 1); /* list items of one line */
	pl = run(&fx, "heading-items", &geom);
	T_CHECK(where(pl, 1, &pg, 0) && pg == 1);
	T_CHECK(where(pl, 3, &pg, 0) && pg == 1);
	page_list_free(pl);
	fx_done(&fx);

	fx_init(&fx);
	add(&fx, fx.lay->notes, BOX_TEXT, DOC_NOTE, 2, NOTE_LINE);
	para(&fx, 6);
	heading(&fx);
	call_note(&fx, para(&fx, 4), 0, 0);
	pl = run(&fx, "heading-note", &geom);
	T_CHECK(where(pl, 1, &pg, 0) && pg == 1);
	T_CHECK(where(pl, 2, &pg, 0) && pg == 1);
	page_list_free(pl);
	fx_done(&fx);
}

/* The line that calls a note goes where the note fits with it. */
static void test_footnote_moves(void)
{
	fx_init(&fx);
	add(&fx, fx.lay->notes, BOX_TEXT, DOC_NOTE, 3, NOTE_LINE);
	para(&fx, 6);
	struct box *b = para(&fx, 3);
	call_note(&fx, b, 1, 0);
	struct page_list *pl = run(&fx, "footnote-moves", &geom);
	const struct page *p0 = g_ptr_array_index(pl->pages, 0);
	T_CHECK(pl->pages->len == 2 && p0->notes->len == 0);
	size_t pg;
	T_CHECK(where(pl, 1, &pg, 0) && pg == 1);
	const struct page *p1 = g_ptr_array_index(pl->pages, 1);
	T_CHECK(p1->notes->len == 1);
	if (p1->notes->len) {
		const struct placed *n =
		    &g_array_index(p1->notes, struct placed, 0);
		T_CHECK(n->y + n->height <= geom.height);
		T_CHECK(n->y >= 3 * LINE); /* below the text */
	}
	page_list_free(pl);
	fx_done(&fx);
}

/* A note taller than a page is split; its rest opens the next foot. */
static void test_footnote_split(void)
{
	fx_init(&fx);
	add(&fx, fx.lay->notes, BOX_TEXT, DOC_NOTE, 15, NOTE_LINE);
	struct box *b = para(&fx, 12);
	call_note(&fx, b, 0, 0);
	struct page_list *pl = run(&fx, "footnote-split", &geom);
	T_CHECK(pl->pages->len >= 2);
	size_t total = 0;
	for (size_t i = 0; i < pl->pages->len; i++) {
		const struct page *pg = g_ptr_array_index(pl->pages, i);
		for (size_t k = 0; k < pg->notes->len; k++)
			total +=
			    g_array_index(pg->notes, struct placed, k).count;
		int used = 0;
		for (size_t k = 0; k < pg->items->len; k++)
			used +=
			    g_array_index(pg->items, struct placed, k).height;
		T_CHECK(used <= pg->notes_y);
	}
	T_CHECK(total == 15);
	page_list_free(pl);
	fx_done(&fx);
}

/* Chapters open pages (rectos when asked); no head on an opening, the
 * book's title on versos, the chapter's on rectos. */
static void test_chapters(void)
{
	fx_init(&fx);
	struct box *h = heading(&fx);
	h->break_before = true;
	para(&fx, 15);
	h = heading(&fx);
	h->break_before = true;
	h->chapter = 2;
	para(&fx, 3)->chapter = 2;
	struct page_list *pl = run(&fx, "chapters", &geom);
	T_CHECK(pl->pages->len == 3);
	const struct page *p[3];
	for (size_t i = 0; i < 3 && i < pl->pages->len; i++)
		p[i] = g_ptr_array_index(pl->pages, i);
	if (pl->pages->len == 3) {
		T_CHECK(p[0]->opening && p[0]->head == PAGE_HEAD_NONE);
		T_CHECK(!p[1]->opening && p[1]->head == PAGE_HEAD_BOOK);
		T_CHECK(p[2]->opening && p[2]->chapter == 2);
	}
	page_list_free(pl);
	fx_done(&fx);
	/* chapter 1 fills one page: chapter 2 skips the verso */
	fx_init(&fx);
	heading(&fx)->break_before = true;
	para(&fx, 5);
	h = heading(&fx);
	h->break_before = true;
	h->chapter = 2;
	para(&fx, 3)->chapter = 2;
	struct layout_geom recto = geom;
	recto.recto_chapters = true;
	pl = run(&fx, "chapters-recto", &recto);
	T_CHECK(pl->pages->len == 3);
	if (pl->pages->len == 3) {
		const struct page *blank = g_ptr_array_index(pl->pages, 1);
		const struct page *open = g_ptr_array_index(pl->pages, 2);
		T_CHECK(blank->blank && blank->head == PAGE_HEAD_NONE);
		T_CHECK(open->opening && open->folio == 3);
	}
	page_list_free(pl);
	fx_done(&fx);
}

/* A table longer than the page: its header row again on the next. */
static void test_table(void)
{
	fx_init(&fx);
	para(&fx, 4);
	size_t header = fx.lay->boxes->len;
	for (int i = 0; i < 10; i++) {
		struct box *r =
		    add(&fx, fx.lay->boxes, BOX_ROW, DOC_TABLE_ROW, 1, LINE);
		r->keep_together = true;
		r->header_row = i == 0;
		r->keep_with_next = i == 0;
	}
	for (size_t i = header; i < fx.lay->boxes->len; i++)
		g_array_index(fx.lay->boxes, struct box, i).header_box = header;
	struct page_list *pl = run(&fx, "table", &geom);
	T_CHECK(pl->pages->len == 2);
	if (pl->pages->len == 2) {
		const struct page *p1 = g_ptr_array_index(pl->pages, 1);
		const struct placed *first =
		    &g_array_index(p1->items, struct placed, 0);
		T_CHECK(first->repeat && first->box == header);
	}
	page_list_free(pl);
	fx_done(&fx);
}

/* An image taller than the page gets a page of its own, shrunk to it. */
static void test_tall_image(void)
{
	fx_init(&fx);
	para(&fx, 3);
	struct box *img =
	    add(&fx, fx.lay->boxes, BOX_IMAGE, DOC_IMAGE, 1, 25 * LINE);
	img->keep_together = true;
	img->min_lines = 1;
	para(&fx, 2);
	struct page_list *pl = run(&fx, "tall-image", &geom);
	size_t pg;
	const struct placed *it = where(pl, 1, &pg, 0);
	T_CHECK(it && pg == 1 && it->y == 0 && it->height == geom.height);
	T_CHECK(where(pl, 2, &pg, 0) && pg == 2);
	page_list_free(pl);
	fx_done(&fx);
}

/* A colophon: a new page, its lines set together at the foot. */
static void test_foot(void)
{
	fx_init(&fx);
	para(&fx, 3);
	struct box *b = para(&fx, 2);
	b->break_before = b->foot = true;
	para(&fx, 1)->foot = true;
	struct page_list *pl = run(&fx, "foot", &geom);
	size_t pg;
	const struct placed *a = where(pl, 1, &pg, 0);
	T_CHECK(a && pg == 1 && a->y == 7 * LINE);
	const struct placed *z = where(pl, 2, &pg, 0);
	T_CHECK(z && pg == 1 && z->y + z->height == geom.height);
	T_CHECK(where(pl, 0, &pg, 0) && pg == 0);
	page_list_free(pl);
	fx_done(&fx);
}

static void test_golden(void)
{
	const char *path = "tests/unit/paginate.pages";
	if (getenv("REGEN")) {
		T_CHECK(g_file_set_contents(path, fx.dump->str,
		                            (gssize)fx.dump->len, NULL));
		return;
	}
	char *want = NULL;
	T_CHECK(g_file_get_contents(path, &want, NULL, NULL));
	T_CHECK(want && !strcmp(want, fx.dump->str));
	if (want && strcmp(want, fx.dump->str))
		printf("  page dump differs from %s; got:\n%s", path,
		       fx.dump->str);
	g_free(want);
}

int main(void)
{
	T_RUN(test_orphan);
	T_RUN(test_widow);
	T_RUN(test_heading_at_foot);
	T_RUN(test_heading_keeps_lines);
	T_RUN(test_footnote_moves);
	T_RUN(test_footnote_split);
	T_RUN(test_chapters);
	T_RUN(test_table);
	T_RUN(test_tall_image);
	T_RUN(test_foot);
	T_RUN(test_golden);
	g_string_free(fx.dump, TRUE);
	return t_failed ? 1 : 0;
}
