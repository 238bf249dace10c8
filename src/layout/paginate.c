/*
 * paginate.c - boxes -> pages.  Plain arithmetic on the sizes measure
 * recorded: no pango or cairo calls, so tests can feed it made-up boxes.
 *
 * Decided here: page breaks; widows and orphans (a paragraph never leaves
 * fewer than min_lines lines at the foot or the head of a page);
 * keep-with-next (a heading stays with the first lines of what follows);
 * chapters on a new page (a recto when the geometry asks); footnotes at the
 * foot of the page that calls them, split only when one cannot fit on a
 * page of its own; table header rows repeated after a break; images
 * shrunk to fit a page; boxes set at the foot of their page (the
 * colophon); running heads.
 */
#include <stdint.h>
#include <string.h>

#include "layout.h"
#include "util.h"

/* Which body line called a footnote placed on the current page. */
struct caller {
	size_t box, line;
};

struct pager {
	const struct layout *lay;
	const struct layout_geom *g;
	struct page_list *pl;
	struct page *page;
	int y;           /* next free position on the page */
	int notes_h;     /* footnote area in use, its rule included */
	int gap;         /* space_after of the last box placed */
	GArray *callers; /* struct caller, one per entry of page->notes */
	GArray *carry;   /* struct placed: footnote lines for the next page */
	unsigned chapter;
};

static const struct box *box_at(const struct pager *p, size_t i)
{
	return &g_array_index(p->lay->boxes, struct box, i);
}

static const struct box *note_at(const struct pager *p, size_t i)
{
	return &g_array_index(p->lay->notes, struct box, i);
}

int box_lines_height(const struct box *b, size_t first, size_t count)
{
	int h = 0;
	for (size_t i = first; i < first + count && i < b->n_lines; i++)
		h += b->lines[i].height;
	return h;
}

static int limit(const struct pager *p)
{
	return p->g->height - p->notes_h;
}

static bool page_empty(const struct pager *p)
{
	return p->page->items->len == 0;
}

/* ------------------------------------------------------------- pages */

static struct page *page_new(struct page_list *pl)
{
	struct page *pg = xcalloc(1, sizeof *pg);
	pg->items = g_array_new(FALSE, TRUE, sizeof(struct placed));
	pg->notes = g_array_new(FALSE, TRUE, sizeof(struct placed));
	pg->folio = pl->pages->len ? ((struct page *)g_ptr_array_index(
	                                  pl->pages, pl->pages->len - 1))
	                                     ->folio +
	                                 1
	                           : 1;
	g_ptr_array_add(pl->pages, pg);
	return pg;
}

static void page_free(gpointer data)
{
	struct page *pg = data;
	g_array_free(pg->items, TRUE);
	g_array_free(pg->notes, TRUE);
	if (pg->head_layout)
		g_object_unref(pg->head_layout);
	if (pg->folio_layout)
		g_object_unref(pg->folio_layout);
	free(pg);
}

void page_list_free(struct page_list *pl)
{
	if (!pl)
		return;
	g_ptr_array_free(pl->pages, TRUE);
	free(pl);
}

void page_list_add_blank(struct page_list *pl)
{
	page_new(pl)->blank = true;
}

size_t page_list_find_box(const struct page_list *pl, size_t box)
{
	for (size_t i = 0; i < pl->pages->len; i++) {
		const struct page *pg = g_ptr_array_index(pl->pages, i);
		for (size_t k = 0; k < pg->items->len; k++) {
			const struct placed *it =
			    &g_array_index(pg->items, struct placed, k);
			if (it->box == box && !it->repeat)
				return i;
		}
	}
	return SIZE_MAX;
}

/* The boxes that sit at the foot of the page (a colophon), from the
 * first of them to the last box on the page, move down together so the
 * last ends at the foot of the text area (above any footnotes). */
static void settle_foot(struct pager *p)
{
	GArray *items = p->page->items;
	size_t k = 0;
	while (k < items->len &&
	       !box_at(p, g_array_index(items, struct placed, k).box)->foot)
		k++;
	if (k == items->len)
		return;
	const struct placed *last =
	    &g_array_index(items, struct placed, items->len - 1);
	int shift = limit(p) - (last->y + last->height);
	for (; shift > 0 && k < items->len; k++)
		g_array_index(items, struct placed, k).y += shift;
}

/* Footnote positions and the running head, once the page is full. */
static void page_finish(struct pager *p)
{
	settle_foot(p);
	struct page *pg = p->page;
	pg->notes_y = p->g->height - p->notes_h;
	int y = pg->notes_y + p->g->note_sep;
	for (size_t i = 0; i < pg->notes->len; i++) {
		struct placed *n = &g_array_index(pg->notes, struct placed, i);
		n->y = y;
		y += n->height + p->g->note_gap;
	}
	if (pg->opening || pg->blank || !pg->chapter)
		pg->head = PAGE_HEAD_NONE;
	else
		pg->head = pg->folio % 2 ? PAGE_HEAD_CHAPTER : PAGE_HEAD_BOOK;
}

static void add_note(struct pager *p, struct placed n, struct caller c)
{
	p->notes_h +=
	    (p->page->notes->len ? p->g->note_gap : p->g->note_sep) + n.height;
	g_array_append_val(p->page->notes, n);
	g_array_append_val(p->callers, c);
}

/* Places the footnote lines carried over from the page before: as many
 * as fit, the rest waits for the next page. */
static void place_carry(struct pager *p)
{
	GArray *carry = p->carry;
	p->carry = g_array_new(FALSE, TRUE, sizeof(struct placed));
	for (size_t i = 0; i < carry->len; i++) {
		struct placed n = g_array_index(carry, struct placed, i);
		const struct box *nb = note_at(p, n.box);
		size_t k = 0;
		int room = limit(p) - (p->page->notes->len ? p->g->note_gap
		                                           : p->g->note_sep);
		while (k < n.count &&
		       box_lines_height(nb, n.first, k + 1) <= room)
			k++;
		k = MAX(k, 1); /* always progress */
		struct placed here = {
		    n.box, n.first, k, 0, box_lines_height(nb, n.first, k),
		    false};
		add_note(p, here, (struct caller){SIZE_MAX, 0});
		if (k < n.count) {
			struct placed rest = {n.box, n.first + k, n.count - k,
			                      0,     0,           false};
			g_array_append_val(p->carry, rest);
		}
	}
	g_array_free(carry, TRUE);
}

static void new_page(struct pager *p)
{
	if (p->page)
		page_finish(p);
	p->page = page_new(p->pl);
	p->page->chapter = p->chapter;
	p->y = 0;
	p->notes_h = 0;
	p->gap = 0;
	g_array_set_size(p->callers, 0);
	place_carry(p);
}

/* A chapter opens a new page, on a recto when asked. */
static void open_chapter(struct pager *p, const struct box *b)
{
	if (!page_empty(p) || p->page->notes->len)
		new_page(p);
	if (p->g->recto_chapters && p->page->folio % 2 == 0) {
		p->page->blank = true;
		new_page(p);
	}
	p->chapter = b->chapter;
	p->page->chapter = b->chapter;
	p->page->opening = true;
}

/* -------------------------------------------------------- footnotes */

static bool note_on_page(const struct pager *p, size_t note)
{
	for (size_t i = 0; i < p->page->notes->len; i++)
		if (g_array_index(p->page->notes, struct placed, i).box == note)
			return true;
	return false;
}

/* Height the footnotes called by line j of b would add to the page. */
static int notes_need(const struct pager *p, const struct box *b, size_t j)
{
	int h = 0;
	size_t placed = p->page->notes->len;
	for (size_t i = 0; b->note_refs && i < b->note_refs->len; i++) {
		const struct box_note_ref *r =
		    &g_array_index(b->note_refs, struct box_note_ref, i);
		if (r->line != j || note_on_page(p, r->note))
			continue;
		const struct box *nb = note_at(p, r->note);
		h += (placed++ ? p->g->note_gap : p->g->note_sep) +
		     box_lines_height(nb, 0, nb->n_lines);
	}
	return h;
}

/* Places the footnotes line j of box i calls; above is the body height
 * the page must keep.  A note too tall for what is left is split, leaving
 * room for the line after j when the box needs it to avoid an orphan. */
static void place_notes(struct pager *p, size_t i, size_t j, int above)
{
	const struct box *cb = box_at(p, i);
	size_t min = cb->min_lines ? cb->min_lines : 1;
	if (j + 1 < cb->n_lines && j + 1 < min)
		above += cb->lines[j + 1].height;
	for (size_t k = 0; cb->note_refs && k < cb->note_refs->len; k++) {
		const struct box_note_ref *r =
		    &g_array_index(cb->note_refs, struct box_note_ref, k);
		if (r->line != j || note_on_page(p, r->note))
			continue;
		const struct box *nb = note_at(p, r->note);
		int room =
		    limit(p) - above -
		    (p->page->notes->len ? p->g->note_gap : p->g->note_sep);
		size_t n = 0;
		while (n < nb->n_lines &&
		       box_lines_height(nb, 0, n + 1) <= room)
			n++;
		n = MAX(n, 1);
		struct placed pl = {
		    r->note, 0, n, 0, box_lines_height(nb, 0, n), false};
		add_note(p, pl, (struct caller){i, j});
		if (n < nb->n_lines) {
			struct placed rest = {r->note, n, nb->n_lines - n,
			                      0,       0, false};
			g_array_append_val(p->carry, rest);
		}
	}
}

/* Takes back the footnotes called by lines from line on of box i. */
static void drop_notes(struct pager *p, size_t i, size_t line)
{
	while (p->callers->len) {
		struct caller *c = &g_array_index(p->callers, struct caller,
		                                  p->callers->len - 1);
		if (c->box != i || c->line < line)
			break;
		const struct placed *n = &g_array_index(
		    p->page->notes, struct placed, p->page->notes->len - 1);
		p->notes_h -=
		    n->height +
		    (p->page->notes->len > 1 ? p->g->note_gap : p->g->note_sep);
		/* a split note's rest goes back with it */
		if (p->carry->len &&
		    g_array_index(p->carry, struct placed, p->carry->len - 1)
		            .box == n->box)
			g_array_set_size(p->carry, p->carry->len - 1);
		g_array_set_size(p->page->notes, p->page->notes->len - 1);
		g_array_set_size(p->callers, p->callers->len - 1);
	}
}

/* ------------------------------------------------------------ boxes */

/* How many lines of b must stand together at the foot of a page for b
 * to start there: all of them when it keeps together or when any break
 * would leave fewer than min_lines on one side, else min_lines. */
static size_t lead_lines(const struct box *b)
{
	size_t min = b->min_lines ? b->min_lines : 1;
	if (b->keep_together || b->n_lines < 2 * min)
		return b->n_lines;
	return min;
}

/* Height of the first k lines of b and of the footnotes they call. */
static int lines_and_notes(const struct pager *p, const struct box *b, size_t k)
{
	int h = box_lines_height(b, 0, k);
	for (size_t j = 0; j < k; j++)
		h += notes_need(p, b, j);
	return h;
}

/* Height box i needs at the foot of a page to start there: its lead
 * lines and the footnotes they call; for a heading, also the headings
 * right after it and at least two lines of what follows them, from as
 * many boxes as it takes (a list of one-line items), each box with its
 * own lead lines. */
static int lead_height(const struct pager *p, size_t i)
{
	const struct box *b = box_at(p, i);
	int h = lines_and_notes(p, b, lead_lines(b));
	size_t got = 0;
	for (size_t k = i + 1; b->keep_with_next && got < 2 &&
	                       k < p->lay->boxes->len && k < i + 12;
	     k++) {
		const struct box *nx = box_at(p, k);
		if (nx->break_before)
			break;
		size_t n = lead_lines(nx);
		h += MAX(box_at(p, k - 1)->space_after, nx->space_before) +
		     lines_and_notes(p, nx, n);
		if (!nx->keep_with_next)
			got += n;
	}
	return h;
}

/* A table row at the head of a page, below its repeated header row. */
static void repeat_header(struct pager *p, const struct box *b)
{
	if (b->kind != BOX_ROW || b->header_row || b->header_box == SIZE_MAX ||
	    !page_empty(p))
		return;
	const struct box *h = box_at(p, b->header_box);
	struct placed it = {b->header_box,      0,   1, p->y,
	                    h->lines[0].height, true};
	g_array_append_val(p->page->items, it);
	p->y += it.height;
}

/* Moves the break in box b (lines run->first .. *j placed on this page)
 * so no fewer than min_lines lines stand alone on either side; returns
 * false when the whole box must go to the next page. */
static bool keep_lines(const struct box *b, struct placed *run, size_t *j,
                       bool may_move)
{
	size_t min = b->min_lines ? b->min_lines : 1;
	size_t left = b->n_lines - *j;
	bool started = run->first == 0;
	if (b->keep_together && started)
		return !may_move;
	if (left < min) {
		size_t back = min - left;
		if (run->count >= back + min) {
			run->count -= back;
			*j -= back;
		} else if (started && may_move) {
			return false;
		}
	}
	if (started && run->count < min && may_move)
		return false;
	return true;
}

/* Places the lines of box i from line *j on, as many as the page takes;
 * gap is the space above them. */
static void place_run(struct pager *p, size_t i, size_t *j, int gap)
{
	const struct box *b = box_at(p, i);
	bool was_empty = page_empty(p);
	repeat_header(p, b);
	struct placed run = {i, *j, 0, p->y + gap, 0, false};
	while (*j < b->n_lines) {
		int h = b->lines[*j].height;
		int top = run.y + run.height;
		bool forced = was_empty && run.count == 0;
		if (top + h + notes_need(p, b, *j) > limit(p) && !forced)
			break;
		if (b->kind == BOX_IMAGE && top + h > limit(p))
			h = MAX(limit(p) - top, 1); /* shrink to the page */
		place_notes(p, i, *j, top + h);
		run.count++;
		run.height += h;
		(*j)++;
	}
	if (*j < b->n_lines && !keep_lines(b, &run, j, !was_empty)) {
		run.count = 0;
		*j = run.first;
	}
	drop_notes(p, i, *j);
	run.height = b->kind == BOX_IMAGE && run.count
	                 ? run.height
	                 : box_lines_height(b, run.first, run.count);
	if (run.count) {
		g_array_append_val(p->page->items, run);
		p->y = run.y + run.height;
		if (!p->page->chapter)
			p->page->chapter = b->chapter;
	}
}

static void place_box(struct pager *p, size_t i)
{
	const struct box *b = box_at(p, i);
	if (b->break_before)
		open_chapter(p, b);
	int gap = page_empty(p) ? (b->break_before ? b->space_before : 0)
	                        : MAX(p->gap, b->space_before);
	if (!page_empty(p) && p->y + gap + lead_height(p, i) > limit(p)) {
		new_page(p);
		gap = 0;
	}
	size_t j = 0;
	while (j < b->n_lines) {
		place_run(p, i, &j, gap);
		if (j < b->n_lines) {
			new_page(p);
			gap = 0;
		}
	}
	p->gap = b->space_after;
}

struct page_list *layout_paginate(const struct layout *lay,
                                  const struct layout_geom *g,
                                  unsigned first_folio)
{
	struct page_list *pl = xcalloc(1, sizeof *pl);
	pl->pages = g_ptr_array_new_with_free_func(page_free);
	struct pager p = {.lay = lay, .g = g, .pl = pl};
	p.callers = g_array_new(FALSE, TRUE, sizeof(struct caller));
	p.carry = g_array_new(FALSE, TRUE, sizeof(struct placed));
	new_page(&p);
	p.page->folio = first_folio;
	for (size_t i = 0; i < lay->boxes->len; i++)
		place_box(&p, i);
	while (p.carry->len) /* footnote rest after the last line */
		new_page(&p);
	page_finish(&p);
	g_array_free(p.callers, TRUE);
	g_array_free(p.carry, TRUE);
	return pl;
}

/* ------------------------------------------------------------- dump */

static const char *box_kind_name(const struct box *b)
{
	if (b->node)
		return doc_kind_name(b->node->kind);
	switch (b->kind) {
	case BOX_TEXT: return "text";
	case BOX_RULE: return "rule";
	case BOX_IMAGE: return "image";
	case BOX_ROW: return "row";
	case BOX_QR: return "qr";
	}
	return "?";
}

static void dump_item(GString *out, const char *what, const struct box *b,
                      const struct placed *it)
{
	g_string_append_printf(
	    out, "  %s %s line %u y %.1f lines %zu+%zu%s\n", what,
	    box_kind_name(b), b->node ? b->node->loc.line : 0, layout_pt(it->y),
	    it->first, it->count, it->repeat ? " repeat" : "");
}

void page_list_dump(const struct page_list *pl, const struct layout *lay,
                    GString *out)
{
	static const char *const heads[] = {"none", "book", "chapter"};
	for (size_t i = 0; i < pl->pages->len; i++) {
		const struct page *pg = g_ptr_array_index(pl->pages, i);
		g_string_append_printf(out, "page %u chapter %u head %s%s%s\n",
		                       pg->folio, pg->chapter, heads[pg->head],
		                       pg->opening ? " opening" : "",
		                       pg->blank ? " blank" : "");
		for (size_t k = 0; k < pg->items->len; k++) {
			const struct placed *it =
			    &g_array_index(pg->items, struct placed, k);
			dump_item(
			    out, "box",
			    &g_array_index(lay->boxes, struct box, it->box),
			    it);
		}
		for (size_t k = 0; k < pg->notes->len; k++) {
			const struct placed *it =
			    &g_array_index(pg->notes, struct placed, k);
			dump_item(
			    out, "note",
			    &g_array_index(lay->notes, struct box, it->box),
			    it);
		}
	}
}
