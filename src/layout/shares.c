/*
 * shares.c - measure_book() (layout.h): the chapters measured on the
 * measurer's threads.
 */
#include <string.h>

#include "diag.h"
#include "measure.h"
#include "util.h"

/*
 * Line breaking does not depend on pagination, so the chapters are cut
 * into runs of about the same amount of text, one per thread: the main
 * thread measures the first run into the book's layout, each helper the
 * next run into a layout of its own, and after the joins those are
 * appended in order.  Which thread measures a chapter changes nothing in
 * its boxes (every measurer has the same fonts, theme and patterns), so
 * the book does not depend on the number of threads or on scheduling.
 */

/* A run of chapters [first, end) measured by m into lay. */
struct share {
	struct measure *m;
	const struct doc_node **chapters;
	size_t first, end;
	struct layout *lay;
	struct diag_task *task; /* a helper's, or NULL */
};

static void put_chapters(void *data)
{
	struct share *sh = data;
	for (size_t i = sh->first; i < sh->end; i++)
		measure_chapter(sh->m, sh->lay, sh->chapters[i]);
	sh->m->chapter = 0;
}

/* How long a chapter takes to measure, about: its bytes of text, and a
 * little for each block. */
static size_t chapter_weight(const struct doc_node *ch)
{
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	size_t w = 0;
	doc_iter_init(&it, ch);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (doc_kind_shows_text(n->kind))
			w += strlen(n->u.literal.text);
		else if (!doc_kind_is_leaf(n->kind))
			w += 64;
	}
	return w;
}

/* Cuts the n chapters into shares of about equal weight: share k is
 * [ends[k - 1], ends[k]) (ends[-1] being 0). */
static void cut_shares(const struct doc_node **chapters, size_t n, size_t *ends,
                       size_t n_shares)
{
	size_t *acc = xcalloc(n + 1, sizeof *acc); /* weight of [0, i) */
	for (size_t i = 0; i < n; i++)
		acc[i + 1] = acc[i] + chapter_weight(chapters[i]);
	size_t i = 0;
	for (size_t k = 0; k + 1 < n_shares; k++) {
		double goal =
		    (double)acc[n] * (double)(k + 1) / (double)n_shares;
		while (i < n && acc[i + 1] <= goal)
			i++;
		/* the boundary nearer the goal */
		if (i < n && acc[i + 1] - goal < goal - acc[i])
			i++;
		ends[k] = i;
	}
	ends[n_shares - 1] = n;
	free(acc);
}

/* Starts the helpers on their shares; one that cannot start is left for
 * the main thread (task NULL). */
static void start_shares(struct share *sh, size_t n_shares)
{
	for (size_t k = 1; k < n_shares; k++) {
		if (sh[k].first == sh[k].end)
			continue;
		sh[k].lay = layout_new();
		sh[k].task = diag_task_start("measure", put_chapters, &sh[k]);
	}
}

/* Waits for the helpers in order, appending their boxes and printing
 * their messages as if the chapters had been measured one after another. */
static void join_shares(struct share *sh, size_t n_shares, struct layout *lay)
{
	for (size_t k = 1; k < n_shares; k++) {
		if (!sh[k].lay)
			continue;
		if (sh[k].task)
			diag_task_join(sh[k].task);
		else
			put_chapters(&sh[k]);
		layout_append(lay, sh[k].lay);
	}
}

bool measure_book(struct measure *m, const struct doc *doc, struct layout *lay)
{
	GPtrArray *chapters = g_ptr_array_new();
	for (const struct doc_node *ch = doc->root->first; ch; ch = ch->next)
		if (ch->kind == DOC_CHAPTER)
			g_ptr_array_add(chapters, (gpointer)ch);
	size_t n_shares = m->helpers->len + 1;
	size_t *ends = xcalloc(n_shares, sizeof *ends);
	struct share *sh = xcalloc(n_shares, sizeof *sh);
	cut_shares((const struct doc_node **)chapters->pdata, chapters->len,
	           ends, n_shares);
	for (size_t k = 0; k < n_shares; k++) {
		sh[k].m = k ? m->helpers->pdata[k - 1] : m;
		sh[k].m->page_labels = m->page_labels;
		sh[k].m->keep_blocks = m->keep_blocks;
		sh[k].m->drop_layouts = m->drop_layouts;
		sh[k].m->drop_from = m->drop_from;
		sh[k].chapters = (const struct doc_node **)chapters->pdata;
		sh[k].first = k ? ends[k - 1] : 0;
		sh[k].end = ends[k];
	}
	sh[0].lay = lay;
	start_shares(sh, n_shares);
	put_chapters(&sh[0]);
	join_shares(sh, n_shares, lay);
	/* the faces the helpers used, in the chapters' order */
	for (size_t k = 1; k < n_shares; k++)
		for (guint i = 0; i < sh[k].m->faces->len; i++)
			measure_note_face(m, sh[k].m->faces->pdata[i]);
	free(sh);
	free(ends);
	g_ptr_array_free(chapters, TRUE);
	return true;
}
