/*
 * svg.c - SVG images: made safe with libxml2's XML parser, measured and
 * drawn with librsvg (svg.h says what is left out and why).
 */
#include <librsvg/rsvg.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <string.h>

#include "image.h"
#include "svg.h"

bool svg_sniff(const void *data, size_t len)
{
	const char *s = data, *end = s + MIN(len, 4096);
	if (end - s >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (s < end) {
		while (s < end && g_ascii_isspace(*s))
			s++;
		if (end - s < 4 || *s != '<')
			return false;
		if (!strncmp(s, "<svg", 4))
			return end - s == 4 || g_ascii_isspace(s[4]) ||
			       s[4] == '>' || s[4] == '/';
		/* a declaration, a comment, a DOCTYPE: past its end */
		const char *close = !strncmp(s, "<!--", 4) ? "-->" : ">";
		const char *gt = memchr(s, '>', (size_t)(end - s));
		const char *sub = memchr(s, '[', (size_t)(end - s));
		if (!strncmp(s, "<!DOCTYPE", 9) && sub && (!gt || sub < gt))
			close = "]>"; /* declarations inside it */
		const char *e = g_strstr_len(s, end - s, close);
		if (!e)
			return false;
		s = e + strlen(close);
	}
	return false;
}

/* --------------------------------------------------------- made safe */

struct clean {
	svg_report_fn report;
	void *rdata;
	bool links; /* keep the addresses of <a> */
	bool changed;
};

static void left_out(struct clean *c, const xmlNode *at, const char *what,
                     const char *why)
{
	c->changed = true;
	if (c->report)
		c->report(c->rdata, (unsigned)MAX(xmlGetLineNo(at), 0), what,
		          why);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !g_ascii_strncasecmp(s, prefix, strlen(prefix));
}

/* Where an address may lead: to an element of the same SVG, to data in
 * the address itself, and for a link, to the web or to mail. */
static bool safe_address(const char *v, bool link)
{
	while (g_ascii_isspace(*v))
		v++;
	return *v == '#' || has_prefix(v, "data:image/") ||
	       (link &&
	        (has_prefix(v, "http://") || has_prefix(v, "https://") ||
	         has_prefix(v, "mailto:")));
}

/* Whether CSS text imports a file or takes one with url(). */
static bool css_refers(const char *css)
{
	if (strstr(css, "@import"))
		return true;
	for (const char *u = css; (u = strstr(u, "url(")); u += 4) {
		const char *v = u + 4;
		while (g_ascii_isspace(*v) || *v == '"' || *v == '\'')
			v++;
		if (!safe_address(v, false))
			return true;
	}
	return false;
}

static void clean_attrs(struct clean *c, xmlNode *n)
{
	bool link = !strcmp((const char *)n->name, "a");
	xmlAttr *a = n->properties;
	while (a) {
		xmlAttr *next = a->next;
		const char *name = (const char *)a->name;
		xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
		const char *val = v ? (const char *)v : "";
		char *what = NULL;
		const char *why = NULL;
		if (link && !c->links && !strcmp(name, "href")) {
			xmlRemoveProp(a); /* in the PDF: a figure's text */
			c->changed = true;
		} else if (has_prefix(name, "on")) {
			what = g_strdup_printf("the attribute %s", name);
			why = "a book carries no scripts";
		} else if (!strcmp(name, "href") && !safe_address(val, link)) {
			what = g_strdup_printf("a reference to '%.60s'", val);
			why = has_prefix(val, "javascript:")
			          ? "a book carries no scripts"
			          : "an SVG in a book must hold all it shows";
		} else if (css_refers(val)) {
			what = g_strdup_printf("the attribute %s", name);
			why = "it refers to another file";
		}
		if (what) {
			left_out(c, n, what, why);
			xmlRemoveProp(a);
			g_free(what);
		}
		xmlFree(v);
		a = next;
	}
}

static void clean_node(struct clean *c, xmlNode *n)
{
	while (n) {
		xmlNode *next = n->next;
		const char *name = (const char *)n->name;
		bool drop = false;
		if (n->type == XML_ELEMENT_NODE && !strcmp(name, "script")) {
			left_out(c, n, "<script>", "a book carries no scripts");
			drop = true;
		} else if (n->type == XML_ELEMENT_NODE &&
		           !strcmp(name, "style")) {
			xmlChar *css = xmlNodeGetContent(n);
			drop = css && css_refers((const char *)css);
			if (drop)
				left_out(c, n, "<style>",
				         "it refers to another file");
			xmlFree(css);
		} else if (n->type == XML_PI_NODE) {
			left_out(c, n, "a processing instruction",
			         "it could read another file");
			drop = true;
		}
		if (drop) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		} else if (n->type == XML_ELEMENT_NODE) {
			clean_attrs(c, n);
			clean_node(c, n->children);
		}
		n = next;
	}
}

/* The first error of the parse under way on this thread: "line 5:
 * Opening and ending tag mismatch: rect line 4 and g" (libxml2's last is
 * often only "Premature end of data").  Kept here, not in the context:
 * libxml2 parses an entity's text in contexts of its own, whose errors
 * come here too, with lines counted in the entity: only the file's own
 * context's are taken (an entity's error is the file's too, at its line
 * in the file). */
static _Thread_local char *parse_first;
static _Thread_local const void *parse_ctxt;

static void first_error(void *data, xmlErrorPtr e)
{
	if (parse_first || data != parse_ctxt || !e || !e->message ||
	    e->level < XML_ERR_ERROR)
		return;
	char *msg = g_strstrip(g_strdup(e->message));
	parse_first = g_strdup_printf("it is not well-formed XML: line %d: %s",
	                              e->line, msg);
	g_free(msg);
}

static char *parse_error(void)
{
	char *why = parse_first;
	parse_first = NULL;
	return why ? why : g_strdup("it is not well-formed XML");
}

static xmlDocPtr parse(xmlParserCtxtPtr ctxt, const char *bytes, int len,
                       int more)
{
	g_free(parse_first);
	parse_first = NULL;
	parse_ctxt = ctxt;
	/* no DTDLOAD or XINCLUDE: nothing outside the bytes is read */
	return xmlCtxtReadMemory(ctxt, bytes, len, NULL, NULL,
	                         XML_PARSE_NONET | XML_PARSE_NOERROR |
	                             XML_PARSE_NOWARNING | more);
}

/* What the DOCTYPE declares: the name of an entity taken from another
 * file (*external), and whether any entity is declared at all. */
static bool declares(const xmlDtd *dtd, const char **external)
{
	bool any = false;
	for (const xmlNode *n = dtd ? dtd->children : NULL; n; n = n->next) {
		if (n->type != XML_ENTITY_DECL)
			continue;
		const xmlEntity *e = (const xmlEntity *)n;
		any = true;
		if (!*external && (e->etype != XML_INTERNAL_GENERAL_ENTITY &&
		                   e->etype != XML_INTERNAL_PARAMETER_ENTITY &&
		                   e->etype != XML_INTERNAL_PREDEFINED_ENTITY))
			*external = (const char *)e->name;
	}
	return any;
}

/* The document of an SVG file, its DOCTYPE read and then taken out (the
 * EPUB allows no DTD from outside: the usual SVG 1.1 DOCTYPE names one):
 * entities it declares in the file are put in place, an entity from
 * another file refuses the SVG.  NULL with *why. */
static xmlDocPtr read_doc(xmlParserCtxtPtr ctxt, const char *bytes, int len,
                          char **why)
{
	xmlDocPtr doc = parse(ctxt, bytes, len, 0);
	const char *external = NULL;
	if (doc && declares(doc->intSubset, &external)) {
		if (external) {
			*why = g_strdup_printf("it declares the entity '%s' "
			                       "from another file",
			                       external);
			xmlFreeDoc(doc);
			return NULL;
		}
		/* only entities of its own: safe to put in place */
		xmlFreeDoc(doc);
		doc = parse(ctxt, bytes, len, XML_PARSE_NOENT);
	}
	if (!doc) {
		*why = parse_error();
		return NULL;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "svg")) {
		*why = g_strdup_printf("its first element is <%s>, not <svg>",
		                       root ? (const char *)root->name : "");
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

GBytes *svg_safe(GBytes *data, bool links, svg_report_fn report, void *rdata,
                 char **why)
{
	gsize len = 0;
	const char *bytes = g_bytes_get_data(data, &len);
	if (len > INT_MAX) {
		*why = g_strdup("it is too large");
		return NULL;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		*why = g_strdup("out of memory");
		return NULL;
	}
	ctxt->sax->serror = first_error;
	xmlDocPtr doc = read_doc(ctxt, bytes, (int)len, why);
	g_free(parse_first);
	parse_first = NULL;
	parse_ctxt = NULL;
	xmlFreeParserCtxt(ctxt);
	if (!doc)
		return NULL;
	struct clean c = {report, rdata, links, false};
	xmlDtd *dtd = doc->intSubset;
	if (dtd) {
		xmlUnlinkNode((xmlNode *)dtd);
		xmlFreeDtd(dtd);
		c.changed = true;
	}
	clean_node(&c, doc->children);
	GBytes *out = NULL;
	if (!c.changed)
		out = g_bytes_ref(data);
	else {
		xmlChar *mem = NULL;
		int size = 0;
		xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
		if (mem)
			out = g_bytes_new(mem, (gsize)MAX(size, 0));
		else
			*why = g_strdup("out of memory");
		xmlFree(mem);
	}
	xmlFreeDoc(doc);
	return out;
}

/* ------------------------------------------------------------ librsvg */

static RsvgHandle *open_handle(GBytes *safe, char **why)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(safe, &len);
	GError *err = NULL;
	/* no base file: librsvg resolves no reference to another file */
	RsvgHandle *h = rsvg_handle_new_from_data(data, len, &err);
	if (!h) {
		*why = g_strdup(err ? err->message : "librsvg cannot read it");
		g_clear_error(&err);
		return NULL;
	}
	rsvg_handle_set_dpi(h, 96);
	return h;
}

static bool usable(double v)
{
	return isfinite(v) && v > 0;
}

bool svg_size(GBytes *safe, double *width, double *height, char **why)
{
	RsvgHandle *h = open_handle(safe, why);
	if (!h)
		return false;
	gboolean has_w, has_h, has_vb;
	RsvgLength w, hh;
	RsvgRectangle vb;
	rsvg_handle_get_intrinsic_dimensions(h, &has_w, &w, &has_h, &hh,
	                                     &has_vb, &vb);
	bool ok = rsvg_handle_get_intrinsic_size_in_pixels(h, width, height) &&
	          usable(*width) && usable(*height);
	if (ok && (*width > IMAGE_MAX_SIDE || *height > IMAGE_MAX_SIDE)) {
		/* its viewBox alone may be any size: it is scaled to the
		 * page; a width or a height this big is a mistake */
		*why = g_strdup_printf("it is %.0f x %.0f pixels, more than %d "
		                       "on a side (give its <svg> a smaller "
		                       "width and height, or a viewBox alone)",
		                       MIN(*width, 1e12), MIN(*height, 1e12),
		                       IMAGE_MAX_SIDE);
		g_object_unref(h);
		return false;
	}
	if (!ok && has_vb && usable(vb.width) && usable(vb.height)) {
		*width = vb.width;
		*height = vb.height;
		ok = true;
	}
	if (!ok)
		*why = g_strdup("it has no size: give its <svg> a viewBox, "
		                "or a width and a height");
	g_object_unref(h);
	return ok;
}

bool svg_draw(cairo_t *cr, GBytes *safe, double x, double y, double w, double h,
              char **why)
{
	RsvgHandle *handle = open_handle(safe, why);
	if (!handle)
		return false;
	RsvgRectangle viewport = {x, y, w, h};
	GError *err = NULL;
	cairo_save(cr);
	bool ok = rsvg_handle_render_document(handle, cr, &viewport, &err);
	cairo_restore(cr);
	if (!ok) {
		*why = g_strdup(err ? err->message : "librsvg cannot draw it");
		g_clear_error(&err);
	}
	g_object_unref(handle);
	return ok;
}
