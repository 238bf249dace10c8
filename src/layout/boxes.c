/*
 * boxes.c - struct layout (layout.h): the boxes and footnotes measure
 * makes, and what they own.
 */
#include <pango/pango.h>

#include "measure.h"
#include "util.h"

struct layout *layout_new(void)
{
	struct layout *lay = xcalloc(1, sizeof *lay);
	lay->boxes = g_array_new(FALSE, TRUE, sizeof(struct box));
	lay->notes = g_array_new(FALSE, TRUE, sizeof(struct box));
	return lay;
}

static void unref(PangoLayout *l)
{
	if (l)
		g_object_unref(l);
}

static void boxes_free(GArray *boxes)
{
	for (size_t i = 0; i < boxes->len; i++) {
		struct box *b = &g_array_index(boxes, struct box, i);
		unref(b->layout);
		unref(b->marker);
		unref(b->right);
		for (size_t c = 0; c < b->n_cells; c++)
			unref(b->cells[c].layout);
		free(b->cells);
		free(b->lines);
		g_free(b->qr);
		if (b->links)
			g_array_free(b->links, TRUE);
		if (b->anchors)
			g_array_free(b->anchors, TRUE);
		if (b->note_refs)
			g_array_free(b->note_refs, TRUE);
	}
	g_array_free(boxes, TRUE);
}

void layout_free(struct layout *lay)
{
	if (!lay)
		return;
	boxes_free(lay->boxes);
	boxes_free(lay->notes);
	free(lay);
}

struct box *layout_box_add(GArray *boxes, enum box_kind kind)
{
	g_array_set_size(boxes, boxes->len + 1);
	struct box *b = &g_array_index(boxes, struct box, boxes->len - 1);
	b->kind = kind;
	b->header_box = SIZE_MAX;
	return b;
}

/* The indices in the boxes (table headers, note calls) shifted by the
 * number of boxes and footnotes that will come before them. */
static void shift_boxes(GArray *boxes, size_t box0, size_t note0)
{
	for (size_t i = 0; i < boxes->len; i++) {
		struct box *b = &g_array_index(boxes, struct box, i);
		if (b->header_box != SIZE_MAX)
			b->header_box += box0;
		GArray *refs = b->note_refs;
		for (size_t k = 0; refs && k < refs->len; k++) {
			struct box_note_ref *r =
			    &g_array_index(refs, struct box_note_ref, k);
			r->note += note0;
		}
	}
}

void layout_append(struct layout *lay, struct layout *from)
{
	shift_boxes(from->boxes, lay->boxes->len, lay->notes->len);
	shift_boxes(from->notes, lay->boxes->len, lay->notes->len);
	g_array_append_vals(lay->boxes, from->boxes->data, from->boxes->len);
	g_array_append_vals(lay->notes, from->notes->data, from->notes->len);
	g_array_set_size(from->boxes, 0); /* lay owns what they hold now */
	g_array_set_size(from->notes, 0);
	layout_free(from);
}
