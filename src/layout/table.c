/*
 * table.c - a table -> boxes (measure.h): each cell's inlines laid out,
 * the columns sized as browsers size them, one unbreakable box per row,
 * the header row's index kept so that paginate can repeat it.
 */
#include <pango/pangocairo.h>

#include "measure.h"
#include "util.h"

static PangoLayout *cell_layout(struct measure *m, const struct doc_node *cell,
                                const struct layout_style *s,
                                enum doc_align align)
{
	struct inl in;
	inline_init(&in, m, s);
	inline_put_children(&in, cell);
	PangoLayout *l = measure_new_layout(m, s, -1);
	pango_layout_set_text(l, in.text->str, (int)in.text->len);
	pango_layout_set_attributes(l, in.attrs);
	pango_layout_set_alignment(
	    l, align == DOC_ALIGN_RIGHT    ? PANGO_ALIGN_RIGHT
	       : align == DOC_ALIGN_CENTER ? PANGO_ALIGN_CENTER
	                                   : PANGO_ALIGN_LEFT);
	inline_free(&in);
	return l;
}

/* The widest piece of a cell that cannot be broken: from one line-break
 * opportunity to the next, measured on the unwrapped layout. */
static int min_width(PangoLayout *l)
{
	int n = 0;
	const PangoLogAttr *a = pango_layout_get_log_attrs_readonly(l, &n);
	const char *text = pango_layout_get_text(l), *p = text;
	int widest = 0, from = 0; /* byte where the current piece starts */
	for (int i = 1; i < n; i++) {
		p = g_utf8_next_char(p);
		if (!a[i].is_line_break && i < n - 1)
			continue;
		int to = (int)(p - text);
		PangoRectangle r0, r1;
		pango_layout_index_to_pos(l, from, &r0);
		pango_layout_index_to_pos(l, to, &r1);
		if (r0.y == r1.y) /* a piece ends where an explicit line ends */
			widest = MAX(widest, ABS(r1.x - r0.x));
		from = to;
	}
	return widest;
}

/* Column widths, as browsers lay out tables: when the natural widths fit
 * they are stretched to fill avail; when they do not, every column first
 * gets its widest unbreakable piece (a long word is never split letter
 * by letter because a neighbour is long), and the room left is shared in
 * proportion to how much more each column would like. */
static void column_widths(PangoLayout **cells, size_t nrows, size_t ncols,
                          int avail, int pad, int *w)
{
	int *lo = xcalloc(ncols, sizeof *lo);
	double total = 0, total_lo = 0;
	for (size_t c = 0; c < ncols; c++) {
		w[c] = lo[c] = 2 * pad;
		for (size_t r = 0; r < nrows; r++) {
			PangoLayout *l = cells[r * ncols + c];
			if (!l)
				continue;
			w[c] = MAX(w[c], measure_width(l) + 2 * pad);
			lo[c] = MAX(lo[c], min_width(l) + 2 * pad);
		}
		total += w[c];
		total_lo += lo[c];
	}
	int used = 0;
	for (size_t c = 0; c < ncols; c++) {
		if (total <= avail || total_lo >= avail)
			w[c] = (int)(w[c] * (avail / total));
		else
			w[c] = lo[c] +
			       (int)((w[c] - lo[c]) *
			             ((avail - total_lo) / (total - total_lo)));
		used += w[c];
	}
	w[ncols - 1] += avail - used;
	free(lo);
}

static void put_row(struct measure *m, GArray *boxes,
                    const struct doc_node *row, PangoLayout **cells,
                    const int *w, size_t ncols, int pad)
{
	struct layout_style s;
	layout_style_block(m->theme, row, &s);
	struct box *b = layout_box_add(boxes, BOX_ROW);
	measure_apply_style(m, b, &s);
	b->space_before = b->space_after = 0;
	b->node = row;
	b->tag = "TR";
	b->header_row = row->u.table.header;
	b->cells = xcalloc(ncols, sizeof *b->cells);
	b->n_cells = ncols;
	int x = 0, height = 0;
	for (size_t c = 0; c < ncols; c++) {
		b->cells[c].layout = cells[c];
		b->cells[c].x = x + pad;
		b->cells[c].header = b->header_row;
		x += w[c];
		if (!cells[c])
			continue;
		pango_layout_set_width(cells[c], w[c] - 2 * pad);
		PangoRectangle log;
		pango_layout_get_extents(cells[c], NULL, &log);
		height = MAX(height, log.height);
	}
	b->n_lines = 1;
	b->lines = xcalloc(1, sizeof *b->lines);
	b->lines[0].height = height + pad;
	b->lines[0].baseline = pad / 2;
	b->keep_together = true;
	measure_claim_pending(m, b);
}

void measure_table(struct measure *m, GArray *boxes,
                   const struct doc_node *table)
{
	size_t ncols = table->u.table.ncols, nrows = 0;
	for (const struct doc_node *r = table->first; r; r = r->next)
		nrows++;
	if (!ncols || !nrows)
		return;
	PangoLayout **cells = xcalloc(nrows * ncols, sizeof *cells);
	size_t r = 0;
	for (const struct doc_node *row = table->first; row;
	     row = row->next, r++) {
		size_t c = 0;
		for (const struct doc_node *cell = row->first;
		     cell && c < ncols; cell = cell->next, c++) {
			struct layout_style s;
			layout_style_block(m->theme, cell, &s);
			s.bold = row->u.table.header;
			cells[r * ncols + c] = cell_layout(
			    m, cell, &s,
			    table->u.table.align ? table->u.table.align[c]
			                         : DOC_ALIGN_NONE);
		}
	}
	struct layout_style ts;
	layout_style_block(m->theme, table, &ts);
	int pad = m->len.cell_pad;
	int *w = xcalloc(ncols, sizeof *w);
	column_widths(cells, nrows, ncols,
	              m->width - ts.indent_left - ts.indent_right, pad, w);
	size_t first = boxes->len, header = SIZE_MAX;
	r = 0;
	for (const struct doc_node *row = table->first; row;
	     row = row->next, r++) {
		if (row->u.table.header && header == SIZE_MAX)
			header = boxes->len;
		put_row(m, boxes, row, cells + r * ncols, w, ncols, pad);
	}
	free(w);
	free(cells);
	struct box *top = &g_array_index(boxes, struct box, first);
	struct box *end = &g_array_index(boxes, struct box, boxes->len - 1);
	top->space_before = ts.space_before;
	top->rule_above = true;
	end->space_after = ts.space_after;
	end->rule_below = true;
	for (size_t i = first; i < boxes->len; i++) {
		struct box *b = &g_array_index(boxes, struct box, i);
		b->header_box = header;
		if (b->header_row) {
			b->rule_below = true;
			b->keep_with_next = true;
		}
	}
}
