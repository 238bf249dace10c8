/*
 * include.c - mdBook's {{#include}} directives, put in place before the
 * Markdown is parsed, as mdBook does: anywhere in a chapter, in code
 * blocks or out of them, and in the files they include (to a depth of
 * MAX_DEPTH).  Every file is read through infile (inside the book folder,
 * a regular file, its size limited); the text that results carries a map
 * from each of its lines to the file and line it came from.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "infile.h"
#include "read.h"
#include "util.h"

/* mdBook's own limit on includes in included files. */
enum { MAX_DEPTH = 10 };

enum directive { OTHER, INCLUDE, RUSTDOC_INCLUDE, PLAYGROUND, TITLE };

struct inc {
	struct doc *doc;
	GString *out;
	GArray *map;      /* struct include_line per line of out */
	GPtrArray *stack; /* real paths of the files being expanded */
};

/* Appends n bytes of s, from line line of file, to the text. */
static void put(struct inc *x, const char *s, size_t n, const char *file,
                unsigned line)
{
	for (size_t i = 0; i < n; i++) {
		if (!x->out->len || x->out->str[x->out->len - 1] == '\n') {
			struct include_line l = {file, line};
			g_array_append_val(x->map, l);
		}
		g_string_append_c(x->out, s[i]);
		if (s[i] == '\n')
			line++;
	}
}

static const char *find_line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

/* "ANCHOR: name" or "ANCHOR_END: name" in the line [p, e): the name's
 * bytes in *name, *len; end tells which.  False when neither. */
static bool anchor_in(const char *p, const char *e, bool *end,
                      const char **name, size_t *len)
{
	for (const char *q = p; q + 7 <= e; q++) {
		if (memcmp(q, "ANCHOR", 6))
			continue;
		const char *r = q + 6;
		*end = e - r >= 4 && !memcmp(r, "_END", 4);
		if (*end)
			r += 4;
		if (r >= e || *r != ':')
			continue;
		r++;
		while (r < e && (*r == ' ' || *r == '\t'))
			r++;
		const char *s = r;
		while (r < e && (g_ascii_isalnum(*r) || *r == '_' ||
		                 *r == '-' || (unsigned char)*r >= 0x80))
			r++;
		if (r == s)
			continue;
		*name = s;
		*len = (size_t)(r - s);
		return true;
	}
	return false;
}

/* What a directive asks for: lines first..last (from 1; last 0: to the
 * end) or the lines of anchor. */
struct part {
	unsigned first, last;
	bool one;        /* FILE:N: line N alone */
	bool no_anchors; /* rustdoc_include: leave every anchor line out */
	const char *anchor;
	size_t anchor_len;
};

static bool parse_number(const char *s, size_t n, unsigned *v)
{
	if (!n || n > 9)
		return false;
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!g_ascii_isdigit(s[i]))
			return false;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

/* "N", "N:M", ":M", "N:", "ANCHOR" (mdBook's rules: a start that is not
 * a number is an anchor; an end that is not a number means to the end). */
static void parse_part(const char *s, size_t n, struct part *p)
{
	*p = (struct part){1, 0, false, false, NULL, 0};
	if (!n)
		return;
	const char *colon = memchr(s, ':', n);
	size_t a = colon ? (size_t)(colon - s) : n;
	if (a && !parse_number(s, a, &p->first)) {
		p->anchor = s;
		p->anchor_len = a;
		return;
	}
	if (!colon) {
		p->one = true;
		return;
	}
	const char *e = colon + 1;
	size_t en = n - a - 1;
	const char *c2 = memchr(e, ':', en);
	if (c2)
		en = (size_t)(c2 - e);
	if (!parse_number(e, en, &p->last))
		p->last = 0;
}

/* The bytes and first line of what part p selects of file data: a range
 * of lines, or an anchor's lines without the anchor lines in them.
 * Appends them, line by line, through put().  False (after a message at
 * at) when the range or anchor selects nothing. */
static bool put_part(struct inc *x, const struct doc_loc *at, const char *file,
                     const char *shown, const char *data, size_t len,
                     const struct part *p)
{
	const char *end = data + len;
	unsigned line = 1, lines = 0;
	for (const char *q = data; q < end; q = find_line_end(q, end) + 1)
		lines++;
	if (!p->anchor) {
		unsigned last = p->one ? p->first : p->last ? p->last : lines;
		if (!p->first || p->first > lines || last < p->first) {
			diag(at, INCLUDE_RANGE, shown, p->first, last, lines);
			return false;
		}
		if (last > lines)
			last = lines;
		bool any = false, stop;
		const char *name;
		size_t n;
		for (const char *q = data; q < end && line <= last; line++) {
			const char *e = find_line_end(q, end);
			if (line >= p->first &&
			    !(p->no_anchors &&
			      anchor_in(q, e, &stop, &name, &n))) {
				if (any)
					put(x, "\n", 1, file, line - 1);
				put(x, q, (size_t)(e - q), file, line);
				any = true;
			}
			q = e + 1;
		}
		return true;
	}
	bool in = false, found = false, any = false;
	for (const char *q = data; q < end; line++) {
		const char *e = find_line_end(q, end);
		const char *name;
		size_t n;
		bool stop;
		if (anchor_in(q, e, &stop, &name, &n)) {
			bool mine =
			    n == p->anchor_len && !memcmp(name, p->anchor, n);
			if (mine && !stop && !found)
				in = found = true;
			else if (mine && stop && in)
				break;
		} else if (in) {
			if (any)
				put(x, "\n", 1, file, line - 1);
			put(x, q, (size_t)(e - q), file, line);
			any = true;
		}
		q = e + 1;
	}
	if (!found) {
		char *a = g_strndup(p->anchor, p->anchor_len);
		diag(at, INCLUDE_ANCHOR, a, shown);
		g_free(a);
	}
	return found;
}

static bool expand(struct inc *x, const char *rel, const char *data, size_t len,
                   const GArray *map, unsigned depth);

/* The path of file arg, named in the file rel, from the book folder. */
static char *path_from_book(const char *rel, const char *arg, size_t n)
{
	char *dir = g_path_get_dirname(rel);
	char *a = g_strndup(arg, n);
	char *path =
	    strcmp(dir, ".") ? g_build_filename(dir, a, NULL) : g_strdup(a);
	g_free(a);
	g_free(dir);
	return path;
}

/* Reads the file named at at (path from the book folder) into *bytes,
 * with its real path and its name in messages; false after a message. */
static bool read_included(struct inc *x, const struct doc_loc *at,
                          const char *path, GBytes **bytes, char **real,
                          const char **name)
{
	struct infile f = {.kind = INFILE_INCLUDED,
	                   .root = x->doc->meta.dir,
	                   .name = path,
	                   .at = at};
	if (infile_read(&f, bytes, real) != INFILE_OK)
		return false;
	for (guint i = 0; i < x->stack->len; i++)
		if (!strcmp(x->stack->pdata[i], *real)) {
			diag(at, INCLUDE_CYCLE, path);
			return false;
		}
	char *full = g_build_filename(x->doc->meta.dir, *real, NULL);
	*name = arena_strdup(x->doc->arena, full);
	g_free(full);
	gsize len;
	const char *data = g_bytes_get_data(*bytes, &len);
	if (!read_text_check(*name, data, len))
		return false;
	doc_include_add(x->doc, arena_strdup(x->doc->arena, *real));
	return true;
}

/* Does path (from the book folder) name a place outside it by its
 * words alone: absolute, or more ".." than folders?  An mdBook project
 * often includes its repository's examples ("../../examples/x.rs"). */
static bool outside_by_name(const char *path)
{
	if (g_path_is_absolute(path))
		return true;
	char **parts = g_strsplit(path, "/", -1);
	int depth = 0;
	for (size_t i = 0; parts[i] && depth >= 0; i++)
		if (!strcmp(parts[i], ".."))
			depth--;
		else if (*parts[i] && strcmp(parts[i], "."))
			depth++;
	g_strfreev(parts);
	return depth < 0;
}

/* One {{#include ARGS}} (or rustdoc_include, playground) at at, in file
 * rel: reads the file, takes the part asked for and expands it.  A file
 * outside the book by its name is not read: *kept says the directive
 * stays as written, with a warning (a way out through a symbolic link is
 * infile's error). */
static bool include(struct inc *x, const struct doc_loc *at, const char *rel,
                    const char *args, size_t n, enum directive kind,
                    unsigned depth, bool *kept)
{
	while (n && g_ascii_isspace(*args))
		args++, n--;
	size_t w = 0;
	while (w < n && !g_ascii_isspace(args[w]))
		w++;
	const char *colon = memchr(args, ':', w);
	size_t pn = colon ? (size_t)(colon - args) : w;
	if (!pn) {
		diag(at, INCLUDE_NO_FILE);
		return false;
	}
	if (depth >= MAX_DEPTH) {
		diag(at, INCLUDE_DEPTH, MAX_DEPTH);
		return false;
	}
	struct part part;
	parse_part(colon ? colon + 1 : args + w, colon ? w - pn - 1 : 0, &part);
	part.no_anchors = kind == RUSTDOC_INCLUDE;
	bool playground = kind == PLAYGROUND;
	char *path = path_from_book(rel, args, pn);
	if (outside_by_name(path)) {
		diag(at, INCLUDE_OUTSIDE_KEPT, path);
		g_free(path);
		*kept = true;
		return true;
	}
	GBytes *bytes = NULL;
	char *real = NULL;
	const char *name = NULL;
	bool ok = read_included(x, at, path, &bytes, &real, &name);
	struct inc y = {x->doc, g_string_new(NULL),
	                g_array_new(FALSE, FALSE, sizeof(struct include_line)),
	                x->stack};
	if (ok) {
		gsize len;
		const char *data = g_bytes_get_data(bytes, &len);
		ok = put_part(&y, at, name, path, data, len, &part);
	}
	if (ok) {
		if (playground)
			put(x, "```rust\n", 8, at->file, at->line);
		g_ptr_array_add(x->stack, real);
		ok = expand(x, real, y.out->str, y.out->len, y.map, depth + 1);
		g_ptr_array_remove_index(x->stack, x->stack->len - 1);
		if (playground)
			put(x, "\n```\n", 5, at->file, at->line);
	}
	if (ok && x->out->len > infile_limit(INFILE_CHAPTER)) {
		diag(at, INCLUDE_TOO_BIG,
		     (unsigned)(infile_limit(INFILE_CHAPTER) >> 20));
		ok = false;
	}
	g_string_free(y.out, TRUE);
	g_array_free(y.map, TRUE);
	if (bytes)
		g_bytes_unref(bytes);
	g_free(real);
	g_free(path);
	return ok;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isspace(s[i]))
			return false;
	return true;
}

/* A directive "{{ #name args}}" at p (at "{{"), on the line that ends at
 * e: its name and args, and where it ends (after "}}").  False when p
 * starts none (mdBook's pattern: name [A-Za-z0-9_]+, args [^}]+). */
static bool directive_at(const char *p, const char *e, const char **name,
                         size_t *nn, const char **args, size_t *an,
                         const char **after)
{
	const char *q = p + 2;
	while (q < e && g_ascii_isspace(*q))
		q++;
	if (q >= e || *q != '#')
		return false;
	*name = ++q;
	while (q < e && (g_ascii_isalnum(*q) || *q == '_'))
		q++;
	*nn = (size_t)(q - *name);
	if (!*nn || q >= e || !g_ascii_isspace(*q))
		return false;
	*args = q;
	while (q < e && *q != '}')
		q++;
	*an = (size_t)(q - *args);
	if (e - q < 2 || q[1] != '}')
		return false;
	*after = q + 2;
	return true;
}

/* The directive named s (n bytes), or OTHER (mdBook leaves those as
 * they are). */
static enum directive directive_kind(const char *s, size_t n)
{
	static const char *const names[] = {
	    [INCLUDE] = "include",
	    [RUSTDOC_INCLUDE] = "rustdoc_include",
	    [PLAYGROUND] = "playground",
	    [TITLE] = "title",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (names[i] && strlen(names[i]) == n &&
		    !memcmp(s, names[i], n))
			return (enum directive)i;
	return OTHER;
}

/* One line [p, e) of the text (with its newline, if any, at e), which
 * came from line origin->line of origin->file. */
static bool expand_line(struct inc *x, const char *rel, const char *p,
                        const char *e, const char *nl_end,
                        const struct include_line *origin, unsigned depth)
{
	const char *line_start = p, *done = p;
	bool ok = true;
	while (ok && (p = memchr(p, '{', (size_t)(e - p))) && e - p >= 2) {
		const char *name, *args, *after;
		size_t nn, an;
		if (p[1] != '{' ||
		    !directive_at(p, e, &name, &nn, &args, &an, &after)) {
			p++;
			continue;
		}
		bool escaped = p > line_start && p[-1] == '\\';
		enum directive kind = directive_kind(name, nn);
		if (!escaped &&
		    (kind == OTHER || (kind != TITLE && blank(args, an)))) {
			/* unknown to mdBook, or naming nothing ("the {{
			 * #include }} helper" in a text about it): stays as it
			 * is, as mdBook leaves it */
			p++;
			continue;
		}
		put(x, done, (size_t)(p - done - escaped), origin->file,
		    origin->line);
		done = p;
		if (escaped) { /* \{{#include x}}: the rest, without '\' */
			p = after;
			continue;
		}
		struct doc_loc at = {origin->file, origin->line,
		                     (unsigned)(p - line_start) + 1};
		bool kept = false;
		if (kind != TITLE) /* {{#title}}: the HTML title only */
			ok = include(x, &at, rel, args, an, kind, depth, &kept);
		if (!kept)
			done = after;
		p = after;
	}
	if (ok)
		put(x, done, (size_t)(nl_end - done), origin->file,
		    origin->line);
	return ok;
}

static bool expand(struct inc *x, const char *rel, const char *data, size_t len,
                   const GArray *map, unsigned depth)
{
	const char *end = data + len;
	guint i = 0;
	for (const char *p = data; p < end; i++) {
		const char *e = find_line_end(p, end);
		const char *next = e < end ? e + 1 : end;
		const struct include_line *origin = &g_array_index(
		    map, struct include_line, MIN(i, map->len - 1));
		if (!expand_line(x, rel, p, e, next, origin, depth))
			return false;
		p = next;
	}
	return true;
}

/* Is there "{{" followed by '#' (spaces between) anywhere? */
static bool has_directive(const char *data, size_t len)
{
	const char *end = data + len;
	for (const char *p = data; (p = memchr(p, '{', (size_t)(end - p)));
	     p++) {
		if (end - p < 3 || p[1] != '{')
			continue;
		const char *q = p + 2;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q < end && *q == '#')
			return true;
	}
	return false;
}

bool include_expand(struct doc *doc, const char *rel, const char *real,
                    const char *name, const char *data, size_t len, char **out,
                    size_t *out_len, GArray **map)
{
	*out = NULL;
	*map = NULL;
	if (!has_directive(data, len))
		return true;
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(struct include_line));
	for (size_t i = 0; i < len; i++)
		if (i == 0 || data[i - 1] == '\n') {
			struct include_line l = {name, lines->len + 1};
			g_array_append_val(lines, l);
		}
	struct inc x = {doc, g_string_new(NULL),
	                g_array_new(FALSE, FALSE, sizeof(struct include_line)),
	                g_ptr_array_new()};
	g_ptr_array_add(x.stack, (gpointer)real);
	bool ok = expand(&x, rel, data, len, lines, 0);
	g_ptr_array_free(x.stack, TRUE);
	g_array_free(lines, TRUE);
	if (!ok) {
		g_string_free(x.out, TRUE);
		g_array_free(x.map, TRUE);
		return false;
	}
	*out_len = x.out->len;
	*out = g_string_free(x.out, FALSE);
	*map = x.map;
	return true;
}
