/*
 * table.c - a table -> boxes (measure.h).
 *
 * The cells are put on a grid (a cell spanning rows or columns takes all
 * its places), each laid out with pango, the columns sized as browsers
 * size them.  A table too wide for the page is set in smaller type, down
 * to the theme's smallest size; when even that is too wide, it is cut into
 * groups of columns that fit, one after the other, each with the header
 * rows: it is never drawn over itself.  In a row the cells' lines
 * stand on one grid: the first baselines line up, and every line is the
 * same pitch below the one before, whatever its font (code or words).  Each row
 * is one unbreakable box; rows joined by a cell spanning them are kept
 * together; the header row's index is kept so that paginate can repeat it.
 * A right-to-left table (i18n_block_rtl(): its first strong letter, else
 * the blocks' around it) is mirrored, as a browser sets dir="rtl": its
 * first column at the right, each cell at its right unless its alignment
 * says otherwise (":--" is the left, as text-align: left).
 */
#include <pango/pangocairo.h>
#include <string.h>

#include "i18n.h"
#include "measure.h"
#include "scripts.h"
#include "util.h"

/* A cell placed on the grid. */
struct tcell {
	const struct doc_node *node;
	unsigned row, col, colspan, rowspan;
	PangoLayout *layout;
	int natural, least; /* widths (with padding) */
};

struct grid {
	GArray *cells; /* struct tcell, row by row */
	unsigned nrows, ncols;
	const struct doc_node **rows; /* nrows */
	/* every line of every cell this far below the one before: lines of
	 * code and of words, in one cell or side by side, on one grid */
	int pitch;
	bool rtl; /* the table is set right to left */
};

/* ------------------------------------------------------------ the grid */

static void grid_make(struct grid *g, const struct doc_node *table)
{
	g->cells = g_array_new(FALSE, TRUE, sizeof(struct tcell));
	g->rtl = i18n_block_rtl(table);
	g->nrows = 0;
	for (const struct doc_node *r = table->first; r; r = r->next)
		g->nrows++;
	g->rows = xcalloc(g->nrows ? g->nrows : 1, sizeof *g->rows);
	GArray *busy = g_array_new(FALSE, TRUE, sizeof(unsigned)); /* rows
	                                              still taken, by col */
	unsigned r = 0;
	g->ncols = 0;
	for (const struct doc_node *row = table->first; row;
	     row = row->next, r++) {
		g->rows[r] = row;
		unsigned col = 0;
		for (const struct doc_node *c = row->first; c; c = c->next) {
			while (col < busy->len &&
			       g_array_index(busy, unsigned, col))
				col++;
			struct tcell t = {c,
			                  r,
			                  col,
			                  MAX(1, c->u.cell.colspan),
			                  MAX(1, c->u.cell.rowspan),
			                  NULL,
			                  0,
			                  0};
			/* a span never reaches past the table's last row */
			t.rowspan = MIN(t.rowspan, g->nrows - r);
			if (busy->len < col + t.colspan)
				g_array_set_size(busy, col + t.colspan);
			for (unsigned k = 0; k < t.colspan; k++)
				g_array_index(busy, unsigned, col + k) =
				    t.rowspan;
			g_array_append_val(g->cells, t);
			col += t.colspan;
		}
		g->ncols = MAX(g->ncols, busy->len);
		for (guint k = 0; k < busy->len; k++)
			if (g_array_index(busy, unsigned, k))
				g_array_index(busy, unsigned, k)--;
	}
	g_array_free(busy, TRUE);
}

static void grid_free_layouts(struct grid *g)
{
	for (guint i = 0; i < g->cells->len; i++) {
		struct tcell *t = &g_array_index(g->cells, struct tcell, i);
		if (t->layout)
			g_object_unref(t->layout);
		t->layout = NULL;
	}
}

/* ------------------------------------------------------------- cells */

static void put_flow(struct inl *in, const struct doc_node *n);

/* A new line of the cell's text (between two of its blocks). */
static void new_line(struct inl *in)
{
	if (in->text->len)
		g_string_append(in->text, "\xE2\x80\xA9"); /* paragraph sep. */
}

/* A cell made of blocks (HTML): their text, one block a line, list items
 * with a bullet. */
static void put_flow(struct inl *in, const struct doc_node *n)
{
	for (const struct doc_node *c = n->first; c; c = c->next) {
		if (!doc_kind_is_block(c->kind)) { /* inlines after all */
			inline_put_children(in, n);
			return;
		}
		switch (c->kind) {
		case DOC_PARAGRAPH:
		case DOC_HEADING:
		case DOC_SUMMARY:
		case DOC_DEF_TERM:
		case DOC_CAPTION:
			new_line(in);
			inline_put_children(in, c);
			break;
		case DOC_CODE_BLOCK:
		case DOC_MATH_BLOCK:
			new_line(in);
			inline_add_run(in, c);
			g_string_append(in->text, c->u.literal.text);
			while (in->text->len &&
			       in->text->str[in->text->len - 1] == '\n')
				g_string_truncate(in->text, in->text->len - 1);
			break;
		case DOC_ITEM:
			new_line(in);
			g_string_append(in->text, "\xE2\x80\xA2 ");
			put_flow(in, c);
			break;
		case DOC_TABLE_ROW:
			new_line(in);
			put_flow(in, c);
			break;
		case DOC_TABLE_CELL:
			if (c->prev)
				g_string_append(in->text, " \xE2\x80\x83");
			if (c->first && doc_kind_is_block(c->first->kind))
				put_flow(in, c);
			else
				inline_put_children(in, c);
			break;
		default: put_flow(in, c); break;
		}
	}
}

/* The alignment to give pango for cell's layout l in a table set right
 * to left (rtl) or not.  Left to right: its Markdown alignment, the left
 * by default, which pango turns to the right for a right-to-left
 * paragraph.  Right to left: the right by default, its alignment's side
 * when it has one, whichever way its own text goes (pango turns the
 * left and the right of a right-to-left line round: turned here first). */
static PangoAlignment cell_align(const struct doc_node *cell, bool rtl,
                                 PangoLayout *l)
{
	enum doc_align align = cell->u.cell.align;
	if (align == DOC_ALIGN_CENTER)
		return PANGO_ALIGN_CENTER;
	if (!rtl)
		return align == DOC_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
		                                : PANGO_ALIGN_LEFT;
	bool right = align != DOC_ALIGN_LEFT;
	PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
	if (line && line->resolved_dir == PANGO_DIRECTION_RTL)
		right = !right;
	return right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
}

/* A cell's layout at scale; *pitch grows to its style's line height. */
static PangoLayout *cell_layout(struct measure *m, const struct doc_node *cell,
                                bool rtl, double scale, int *pitch)
{
	struct layout_style s;
	layout_style_block(m->theme, cell, &s);
	s.bold = cell->u.cell.header;
	if (scale < 1.0) {
		s.size = (int)(s.size * scale);
		s.line_height = (int)(s.line_height * scale);
	}
	*pitch = MAX(*pitch, s.line_height);
	struct inl in;
	inline_init(&in, m, &s);
	if (cell->first && doc_kind_is_block(cell->first->kind))
		put_flow(&in, cell);
	else
		inline_put_children(&in, cell);
	PangoLayout *l = measure_new_layout(m, &s, -1);
	inline_apply_scripts(&in, (int)s.face);
	pango_layout_set_text(l, in.text->str, (int)in.text->len);
	pango_layout_set_attributes(l, in.attrs);
	pango_layout_set_alignment(l, cell_align(cell, rtl, l));
	inline_free(&in);
	return l;
}

/* The width of the text [from, to) of line: what it covers, in one piece
 * or more (an English word in Arabic), whichever way it runs. */
static int range_width(PangoLayoutLine *line, int from, int to)
{
	int *r = NULL, n = 0, w = 0;
	pango_layout_line_get_x_ranges(line, from, to, &r, &n);
	for (int i = 0; i < n; i++)
		w += r[2 * i + 1] - r[2 * i];
	g_free(r);
	return w;
}

/* The widest piece of a cell that cannot be broken: from one line-break
 * opportunity to the next, measured on the unwrapped layout.  (Not from
 * the pieces' ends' positions: in right-to-left text the end of the last
 * piece is where its first letter is, and an Arabic word had no width:
 * its column was narrowed until the word broke in two.) */
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
		int to = (int)(p - text), l0 = 0, l1 = 0;
		pango_layout_index_to_line_x(l, from, FALSE, &l0, NULL);
		pango_layout_index_to_line_x(l, to, FALSE, &l1, NULL);
		if (l0 == l1) /* a piece ends where an explicit line ends */
			widest = MAX(
			    widest,
			    range_width(pango_layout_get_line_readonly(l, l0),
			                from, to));
		from = to;
	}
	return widest;
}

/* The tallest line of a layout. */
static int tallest_line(PangoLayout *l)
{
	int most = 0;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		most = MAX(most, log.height);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return most;
}

/* How many lines the layout has: at its width now. */
static int cell_lines(PangoLayout *l)
{
	return MAX(1, pango_layout_get_line_count(l));
}

/* Lays every cell out at scale; fills each column's natural and least
 * widths (nat, lo: ncols each), spanning cells shared out over their
 * columns; the grid's pitch: the style's line height, or the tallest
 * line of any cell when that is taller. */
static void lay_cells(struct measure *m, struct grid *g, double scale, int pad,
                      int *nat, int *lo)
{
	grid_free_layouts(g);
	g->pitch = 0;
	for (unsigned c = 0; c < g->ncols; c++)
		nat[c] = lo[c] = 2 * pad;
	for (int pass = 0; pass < 2; pass++) /* single columns first */
		for (guint i = 0; i < g->cells->len; i++) {
			struct tcell *t =
			    &g_array_index(g->cells, struct tcell, i);
			if ((t->colspan > 1) != (pass == 1))
				continue;
			if (!t->layout) {
				t->layout = cell_layout(m, t->node, g->rtl,
				                        scale, &g->pitch);
				t->natural = measure_width(t->layout) + 2 * pad;
				t->least = min_width(t->layout) + 2 * pad;
				g->pitch =
				    MAX(g->pitch, tallest_line(t->layout));
			}
			int have_n = 0, have_l = 0;
			for (unsigned k = 0; k < t->colspan; k++) {
				have_n += nat[t->col + k];
				have_l += lo[t->col + k];
			}
			for (unsigned k = 0; k < t->colspan; k++) {
				nat[t->col + k] += MAX(0, t->natural - have_n) /
				                   (int)t->colspan;
				lo[t->col + k] +=
				    MAX(0, t->least - have_l) / (int)t->colspan;
			}
		}
}

/* Column widths of columns [c0, c1), as browsers lay out tables: when the
 * natural widths fit they are stretched to fill avail; when they do not,
 * every column first gets its widest unbreakable piece, and the room left
 * is shared in proportion to how much more each column would like. */
static void column_widths(const int *nat, const int *lo, unsigned c0,
                          unsigned c1, int avail, int *w)
{
	double total = 0, total_lo = 0;
	for (unsigned c = c0; c < c1; c++) {
		total += nat[c];
		total_lo += lo[c];
	}
	int used = 0;
	for (unsigned c = c0; c < c1; c++) {
		if (total <= avail)
			w[c] = (int)(nat[c] * (avail / total));
		else if (total_lo >= avail)
			w[c] = (int)(lo[c] * (avail / total_lo));
		else
			w[c] = lo[c] +
			       (int)((nat[c] - lo[c]) *
			             ((avail - total_lo) / (total - total_lo)));
		used += w[c];
	}
	w[c1 - 1] += avail - used;
}

/* --------------------------------------------------------------- rows */

/* The boxes of grid rows for the columns [c0, c1) at widths w, the first
 * at the right in a right-to-left table. */
static void put_rows(struct measure *m, GArray *boxes, struct grid *g,
                     unsigned c0, unsigned c1, const int *w, int pad)
{
	int *height = xcalloc(g->nrows, sizeof *height);
	int *base = xcalloc(g->nrows, sizeof *base);
	int *x = xcalloc(g->ncols + 1, sizeof *x);
	for (unsigned c = c0; c < c1; c++)
		x[c + 1] = x[c] + w[c];
	/* each cell's width; each row's first baseline */
	for (guint i = 0; i < g->cells->len; i++) {
		struct tcell *t = &g_array_index(g->cells, struct tcell, i);
		if (t->col < c0 || t->col >= c1)
			continue;
		unsigned end = MIN(t->col + t->colspan, c1);
		pango_layout_set_width(t->layout,
		                       MAX(x[end] - x[t->col] - 2 * pad, 1));
		base[t->row] =
		    MAX(base[t->row], pango_layout_get_baseline(t->layout));
	}
	/* the rows' heights: cells spanning rows go on the last they span */
	for (int pass = 0; pass < 2; pass++)
		for (guint i = 0; i < g->cells->len; i++) {
			struct tcell *t =
			    &g_array_index(g->cells, struct tcell, i);
			if (t->col < c0 || t->col >= c1 ||
			    (t->rowspan > 1) != (pass == 1))
				continue;
			int need = base[t->row] -
			           pango_layout_get_baseline(t->layout) +
			           cell_lines(t->layout) * g->pitch + pad;
			int have = 0;
			for (unsigned r = t->row; r < t->row + t->rowspan; r++)
				have += height[r];
			height[t->row + t->rowspan - 1] += MAX(0, need - have);
		}
	size_t header = SIZE_MAX, first = boxes->len;
	guint i = 0;
	unsigned joined = 0; /* rows still joined to the next by a span */
	for (unsigned r = 0; r < g->nrows; r++) {
		const struct doc_node *row = g->rows[r];
		struct layout_style s;
		layout_style_block(m->theme, row, &s);
		struct box *b = layout_box_add(boxes, BOX_ROW);
		measure_apply_style(m, b, &s);
		b->space_before = b->space_after = 0;
		b->node = row;
		b->tag = "TR";
		b->header_row = row->u.table.header;
		if (b->header_row && header == SIZE_MAX)
			header = boxes->len - 1;
		b->cells = xcalloc(c1 - c0, sizeof *b->cells);
		for (; i < g->cells->len &&
		       g_array_index(g->cells, struct tcell, i).row == r;
		     i++) {
			struct tcell *t =
			    &g_array_index(g->cells, struct tcell, i);
			joined = MAX(joined, t->rowspan);
			if (t->col < c0 || t->col >= c1)
				continue;
			struct box_cell *bc = &b->cells[b->n_cells++];
			bc->layout = g_object_ref(t->layout);
			unsigned end = MIN(t->col + t->colspan, c1);
			bc->x = (g->rtl ? x[c1] - x[end] : x[t->col]) + pad;
			bc->y = pad / 2 + base[r] -
			        pango_layout_get_baseline(t->layout);
			bc->header = doc_cell_is_header(t->node);
			bc->pitch = g->pitch;
		}
		b->n_lines = 1;
		b->lines = xcalloc(1, sizeof *b->lines);
		b->lines[0].height = height[r] + (height[r] ? 0 : pad);
		b->lines[0].baseline = pad / 2 + base[r];
		b->keep_together = true;
		b->keep_with_next = joined > 1;
		if (joined)
			joined--;
		measure_claim_pending(m, b);
	}
	for (size_t k = first; k < boxes->len; k++) {
		struct box *b = &g_array_index(boxes, struct box, k);
		b->header_box = header;
		if (b->header_row) {
			b->rule_below = true;
			b->keep_with_next = true;
		}
	}
	free(x);
	free(base);
	free(height);
}

void measure_table(struct measure *m, GArray *boxes,
                   const struct doc_node *table)
{
	struct grid g;
	grid_make(&g, table);
	if (!g.ncols || !g.nrows) {
		g_array_free(g.cells, TRUE);
		free(g.rows);
		return;
	}
	struct layout_style ts, cs;
	layout_style_block(m->theme, table, &ts);
	layout_style_block(
	    m->theme, table->first->first ? table->first->first : table->first,
	    &cs);
	int pad = m->len.cell_pad;
	int avail = m->width - ts.indent_left - ts.indent_right;
	int *nat = xcalloc(g.ncols, sizeof *nat);
	int *lo = xcalloc(g.ncols, sizeof *lo);
	int *w = xcalloc(g.ncols, sizeof *w);
	/* too wide: smaller type, down to the theme's smallest */
	double scale = 1.0;
	double floor = m->len.floor > 0 && cs.size > 0
	                   ? MIN(1.0, (double)m->len.floor / cs.size)
	                   : 1.0;
	lay_cells(m, &g, scale, pad, nat, lo);
	for (int tries = 0; tries < 3; tries++) {
		long total_lo = 0;
		for (unsigned c = 0; c < g.ncols; c++)
			total_lo += lo[c];
		if (total_lo <= avail || scale <= floor)
			break;
		scale = MAX(floor, scale * avail / (double)total_lo);
		lay_cells(m, &g, scale, pad, nat, lo);
	}
	/* still too wide: groups of columns that fit, one after another */
	size_t first = boxes->len;
	for (unsigned c0 = 0; c0 < g.ncols;) {
		unsigned c1 = c0 + 1;
		long sum = lo[c0];
		while (c1 < g.ncols && sum + lo[c1] <= avail)
			sum += lo[c1++];
		column_widths(nat, lo, c0, c1, avail, w);
		size_t from = boxes->len;
		put_rows(m, boxes, &g, c0, c1, w, pad);
		struct box *top = &g_array_index(boxes, struct box, from);
		struct box *end =
		    &g_array_index(boxes, struct box, boxes->len - 1);
		top->space_before =
		    from == first ? ts.space_before : ts.space_after / 2;
		top->rule_above = true;
		end->space_after = ts.space_after;
		end->rule_below = true;
		c0 = c1;
	}
	grid_free_layouts(&g);
	g_array_free(g.cells, TRUE);
	free(g.rows);
	free(w);
	free(lo);
	free(nat);
}
