/* yamlload.c - libyaml documents with located diagnostics. */
#include "yamlload.h"
#include "paper.h"
#include "yamlmsg.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct doc_loc yaml_loc(const char *name, const yaml_node_t *node)
{
	struct doc_loc loc = {name, 0, 0};
	if (node) {
		loc.line = (unsigned)node->start_mark.line + 1;
		loc.col = (unsigned)node->start_mark.column + 1;
	}
	return loc;
}

/* Reports libyaml's reader error: a byte that is not UTF-8, or a
 * character YAML does not allow, at its line and column (libyaml gives a
 * byte offset). */
static void report_reader(const char *name, const char *data, size_t len,
                          const yaml_parser_t *p)
{
	struct doc_loc loc = {name, 1, 1};
	const char *line = data, *at = data + MIN(p->problem_offset, len);
	for (const char *c = data; c < at; c++)
		if (*c == '\n') {
			loc.line++;
			line = c + 1;
		}
	/* a bad byte inside a sequence: the place is where it begins */
	const char *bad = at;
	g_utf8_validate(line, at - line, &bad);
	loc.col = (unsigned)g_utf8_strlen(line, bad - line) + 1;
	gunichar ch = bad < data + len
	                  ? g_utf8_get_char_validated(
	                        bad, (gssize)(len - (size_t)(bad - data)))
	                  : (gunichar)-2;
	if (ch < 0x110000) /* UTF-8, but not a character YAML allows */
		diag(&loc, YAML_CHARACTER, (unsigned)ch);
	else if (bad < data + len)
		diag(&loc, YAML_NOT_UTF8, (unsigned char)*bad);
	else
		diag(&loc, YAML_NOT_UTF8_END);
}

static void report_parser(const char *name, const char *data, size_t len,
                          const yaml_parser_t *p)
{
	if (p->error == YAML_READER_ERROR)
		report_reader(name, data, len, p);
	else
		yamlmsg_report(name, data, len, p);
}

/* Each mapping names a key once: a key given again is an error at its
 * second place (libyaml keeps both, and a reader would take one). */
static bool keys_once(const char *name, yaml_document_t *d)
{
	bool ok = true;
	for (yaml_node_t *n = d->nodes.start; n < d->nodes.top; n++) {
		if (n->type != YAML_MAPPING_NODE)
			continue;
		GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
		     p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(d, p->key);
			if (!k || k->type != YAML_SCALAR_NODE)
				continue;
			const char *key = (const char *)k->data.scalar.value;
			const yaml_node_t *first =
			    g_hash_table_lookup(seen, key);
			if (first) {
				struct doc_loc loc = yaml_loc(name, k);
				diag(&loc, YAML_KEY_TWICE, key,
				     (unsigned)first->start_mark.line + 1);
				ok = false;
			} else {
				g_hash_table_insert(seen, (gpointer)key, k);
			}
		}
		g_hash_table_destroy(seen);
	}
	return ok;
}

/* Nothing follows the document: a second one (after a '---' line) would
 * be ignored.  An empty one ('---' at the end) is nothing. */
static bool one_document(const char *name, const char *data, size_t len,
                         yaml_parser_t *p)
{
	yaml_document_t more;
	if (!yaml_parser_load(p, &more)) {
		report_parser(name, data, len, p);
		return false;
	}
	yaml_node_t *root = yaml_document_get_root_node(&more);
	bool empty =
	    !root ||
	    (root->type == YAML_SCALAR_NODE && !root->data.scalar.length &&
	     root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
	if (!empty) {
		struct doc_loc loc = {name, (unsigned)more.start_mark.line + 1,
		                      (unsigned)more.start_mark.column + 1};
		diag(&loc, YAML_SECOND_DOCUMENT);
	}
	yaml_document_delete(&more);
	return empty;
}

bool yaml_load(const char *name, const char *data, size_t len,
               yaml_document_t *out)
{
	yaml_parser_t p;
	struct doc_loc loc = {name, 1, 1};
	bool ok;

	if (!yaml_parser_initialize(&p)) {
		diag_path(name, YAML_PARSER);
		return false;
	}
	/* a byte-order mark (Windows editors write one) is no text */
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	ok = yaml_parser_load(&p, out);
	if (!ok) {
		report_parser(name, data, len, &p);
		yaml_parser_delete(&p);
		return false;
	}
	ok = one_document(name, data, len, &p);
	yaml_parser_delete(&p);
	if (!(ok = keys_once(name, out) && ok)) {
		yaml_document_delete(out);
		return false;
	}
	yaml_node_t *root = yaml_document_get_root_node(out);
	if (!root || root->type != YAML_MAPPING_NODE) {
		if (root)
			loc = yaml_loc(name, root);
		if (!root || !yamlmsg_report_glued(name, data, len, root))
			diag(&loc, YAML_MAPPING);
		yaml_document_delete(out);
		return false;
	}
	return true;
}

const char *yaml_scalar(const char *name, const yaml_node_t *node,
                        const char *key)
{
	if (node->type != YAML_SCALAR_NODE) {
		struct doc_loc loc = yaml_loc(name, node);
		diag(&loc, YAML_SINGLE, key);
		return NULL;
	}
	return (const char *)node->data.scalar.value;
}

bool yaml_bool(const char *name, const yaml_node_t *node, const char *key,
               bool *out)
{
	const char *s = yaml_scalar(name, node, key);
	if (!s)
		return false;
	if (!strcmp(s, "true") || !strcmp(s, "yes")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "false") || !strcmp(s, "no")) {
		*out = false;
		return true;
	}
	struct doc_loc loc = yaml_loc(name, node);
	diag(&loc, YAML_BOOL, key, s);
	return false;
}

static bool parse_number(const char *s, double *v, const char **rest)
{
	char *end;
	if (!*s)
		return false;
	*v = strtod(s, &end);
	if (end == s || !isfinite(*v))
		return false;
	*rest = end;
	return true;
}

bool yaml_number(const char *name, const yaml_node_t *node, const char *key,
                 double min, double max, double *out)
{
	const char *s = yaml_scalar(name, node, key), *rest;
	double v;
	if (!s)
		return false;
	if (!parse_number(s, &v, &rest) || *rest || v < min || v > max) {
		struct doc_loc loc = yaml_loc(name, node);
		diag(&loc, YAML_NUMBER, key, min, max, s);
		return false;
	}
	*out = v;
	return true;
}

bool yaml_length(const char *name, const yaml_node_t *node, const char *key,
                 double min, double max, double *out)
{
	const char *s = yaml_scalar(name, node, key), *unit, *rest;
	double v;
	if (!s)
		return false;
	/* paper.c has the units; a bare number is in points */
	if (paper_length(s, &v, &unit, &rest) && !*rest && v < 10000 * 72 &&
	    (max <= 0 || (v >= min && v <= max))) {
		*out = v;
		return true;
	}
	struct doc_loc loc = yaml_loc(name, node);
	if (max > 0) {
		diag(&loc, YAML_LENGTH_RANGE, key, min, max, s);
		return false;
	}
	diag(&loc, YAML_LENGTH, key, s);
	return false;
}
