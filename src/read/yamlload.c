/* yamlload.c - libyaml documents with located diagnostics. */
#include "yamlload.h"
#include "paper.h"
#include "yamlmsg.h"

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

static void report_parser(const char *name, const char *data, size_t len,
                          const yaml_parser_t *p)
{
	const char *what = p->problem ? p->problem : "malformed YAML";
	if (p->error == YAML_READER_ERROR) {
		/* the reader's mark is not set; it gives a byte offset */
		struct doc_loc loc = {name, 0, 0};
		diag(&loc, YAML_SYNTAX, what, p->problem_offset);
	} else {
		yamlmsg_report(name, data, len, p);
	}
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
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	ok = yaml_parser_load(&p, out);
	if (!ok) {
		report_parser(name, data, len, &p);
		yaml_parser_delete(&p);
		return false;
	}
	yaml_parser_delete(&p);
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
