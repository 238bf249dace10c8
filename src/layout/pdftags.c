/*
 * pdftags.c - the log of structure tags draw.c opens, for pdfpost
 * (pdftags.h).
 */
#include "pdftags.h"
#include "util.h"

struct pdf_tags *pdf_tags_new(void)
{
	struct pdf_tags *t = xcalloc(1, sizeof *t);
	t->tags = g_array_new(FALSE, TRUE, sizeof(struct pdf_tag));
	return t;
}

struct pdf_tag *pdf_tags_add(struct pdf_tags *t, const char *name)
{
	struct pdf_tag e = {.name = name};
	g_array_append_val(t->tags, e);
	return &g_array_index(t->tags, struct pdf_tag, t->tags->len - 1);
}

const char *pdf_tags_heading(struct pdf_tags *t, const char *name)
{
	static const char *const tags[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
	if (name[0] != 'H' || name[1] < '1' || name[1] > '6' || name[2])
		return name;
	return tags[doc_heading_level(&t->headings, name[1] - '0') - 1];
}

void pdf_tags_free(struct pdf_tags *t)
{
	if (!t)
		return;
	for (guint i = 0; i < t->tags->len; i++) {
		struct pdf_tag *e = &g_array_index(t->tags, struct pdf_tag, i);
		g_free(e->alt);
		g_free(e->lang);
		g_free(e->id);
		g_free(e->contents);
		g_free(e->actual);
	}
	g_array_free(t->tags, TRUE);
	free(t);
}
