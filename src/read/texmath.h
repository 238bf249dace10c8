/*
 * texmath.h - TeX math as GitHub writes it, recognised inside cmark-gfm's
 * inline parse (a syntax extension), so that it is read from the raw
 * characters, before Markdown's escapes and emphasis touch them.
 *
 * Ownership: the extension is made once and lives as long as the
 * program; a math node's TeX belongs to the node (cmark frees it with
 * the node).
 */
#ifndef OCTAVO_READ_TEXMATH_H
#define OCTAVO_READ_TEXMATH_H

#include <cmark-gfm-extension_api.h>
#include <stdbool.h>

/* The extension to attach to a parser: "$" starts inline math ($x$,
 * $`x`$) or display math ($$x$$), by GitHub's rules. */
cmark_syntax_extension *math_extension(void);

/* Call before each parse with the extension. */
void math_parse_begin(void);

/* A math node of the extension, as math_node_get() gives it. */
struct math_source {
	const char *tex; /* as written, without the delimiters */
	bool display;    /* $$...$$ */
	/* where its first delimiter is, as cmark's inline parser counts:
	 * it does not count the lines of a node that runs over several */
	unsigned line, col;
	/* the line ends in it, and the bytes from its first delimiter to
	 * the start of its last line */
	unsigned lines, last_line_at;
};

/* Is n a math node of the extension?  Then fills *m. */
bool math_node_get(cmark_node *n, struct math_source *m);

#endif
