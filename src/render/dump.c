/* dump.c - the tree as stable indented text, for tests and --dump. */
#include <glib.h>

#include "render.h"

static void put_cell(GString *s, const struct doc_node *n)
{
	static const char *const align[] = {"", " left", " center", " right"};
	if (n->u.cell.header)
		g_string_append(s, " th");
	g_string_append(s, align[n->u.cell.align]);
	if (n->u.cell.colspan > 1)
		g_string_append_printf(s, " colspan=%u", n->u.cell.colspan);
	if (n->u.cell.rowspan > 1)
		g_string_append_printf(s, " rowspan=%u", n->u.cell.rowspan);
}

static void put_attrs(GString *s, const struct doc_node *n)
{
	switch (n->kind) {
	case DOC_CHAPTER:
		g_string_append_printf(
		    s, " src=%s title=\"%s\"", n->u.chapter.src,
		    n->u.chapter.title ? n->u.chapter.title : "");
		break;
	case DOC_HEADING:
		g_string_append_printf(s, " level=%d", n->u.heading.level);
		break;
	case DOC_LIST:
		g_string_append_printf(s, " %s%s start=%d",
		                       n->u.list.ordered ? "ordered" : "bullet",
		                       n->u.list.tight ? " tight" : "",
		                       n->u.list.start);
		break;
	case DOC_TEXT:
	case DOC_CODE:
	case DOC_CODE_BLOCK:
	case DOC_MATH:
	case DOC_MATH_BLOCK:
	case DOC_HTML_BLOCK:
	case DOC_HTML_INLINE:
		g_string_append(s, " \"");
		for (const char *c = n->u.literal.text; *c; c++)
			if (*c == '\n')
				g_string_append(s, "\\n");
			else
				g_string_append_c(s, *c);
		g_string_append_c(s, '"');
		break;
	case DOC_LINK:
		g_string_append_printf(s, " url=\"%s\"", n->u.link.url);
		if (n->u.link.title)
			g_string_append_printf(s, " title=\"%s\"",
			                       n->u.link.title);
		if (n->u.link.target)
			g_string_append_printf(s, " target=%s",
			                       n->u.link.target->id);
		break;
	case DOC_IMAGE:
		g_string_append_printf(s, " src=\"%s\" %ux%u", n->u.image.url,
		                       n->u.image.width, n->u.image.height);
		break;
	case DOC_NOTE:
	case DOC_NOTE_REF:
		g_string_append_printf(s, " [^%s] %u",
		                       n->u.note.label ? n->u.note.label : "",
		                       n->u.note.number);
		break;
	case DOC_TABLE:
		g_string_append_printf(s, " cols=%u", n->u.table.ncols);
		break;
	case DOC_TABLE_ROW:
		if (n->u.table.header)
			g_string_append(s, " header");
		break;
	case DOC_TABLE_CELL: put_cell(s, n); break;
	case DOC_BLOCKQUOTE:
		if (n->u.quote.alert)
			g_string_append_printf(s, " alert=%d",
			                       (int)n->u.quote.alert);
		break;
	case DOC_ITEM:
	case DOC_TASK:
		if (n->u.item.task)
			g_string_append(s, n->u.item.task == DOC_TASK_DONE
			                       ? " task=done"
			                       : " task=open");
		break;
	case DOC_ABBR:
		if (n->u.span.title)
			g_string_append_printf(s, " title=\"%s\"",
			                       n->u.span.title);
		break;
	case DOC_PHRASE:
		g_string_append_printf(s, " look=%s",
		                       doc_look_name(n->u.phrase.look));
		if (n->u.phrase.dir)
			g_string_append(s, n->u.phrase.dir == DOC_DIR_RTL
			                       ? " dir=rtl"
			                       : " dir=ltr");
		break;
	case DOC_CITATION:
		g_string_append_printf(s, " keys=%s label=\"%s\"",
		                       n->u.cite.keys ? n->u.cite.keys : "",
		                       n->u.cite.label ? n->u.cite.label : "");
		if (n->u.cite.locator)
			g_string_append_printf(s, " locator=\"%s\"",
			                       n->u.cite.locator);
		if (n->u.cite.in_text)
			g_string_append(s, " in-text");
		break;
	case DOC_BIBLIOGRAPHY:
		if (n->u.bibliography.heading)
			g_string_append_printf(
			    s, " heading=%s",
			    n->u.bibliography.heading->id
			        ? n->u.bibliography.heading->id
			        : "(no id)");
		break;
	default: break;
	}
}

void dump_render(const struct doc_node *root, void *gstring)
{
	GString *s = gstring;
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;
	unsigned depth = 0;

	doc_iter_init(&it, root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev == DOC_LEAVE) {
			depth--;
			continue;
		}
		for (unsigned i = 0; i < depth; i++)
			g_string_append(s, "  ");
		g_string_append_printf(s, "%s %u:%u", doc_kind_name(n->kind),
		                       n->loc.line, n->loc.col);
		if (n->id)
			g_string_append_printf(s, " #%s", n->id);
		if (n->lang && n->kind != DOC_BOOK)
			g_string_append_printf(s, " lang=%s", n->lang);
		put_attrs(s, n);
		g_string_append_c(s, '\n');
		if (!doc_kind_is_leaf(n->kind))
			depth++;
	}
}
