/* text.c - what every text file octavo reads must be: UTF-8 without NUL
 * bytes, with problems located by line and column. */
#include <glib.h>
#include <string.h>

#include "read.h"

struct doc_loc read_text_loc(const char *name, const char *data, size_t off)
{
	struct doc_loc loc = {name, 1, 1};
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			loc.line++;
			loc.col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			loc.col++;
		}
	}
	return loc;
}

bool read_text_check(const char *name, const char *data, size_t len)
{
	const char *bad;
	const char *nul = memchr(data, '\0', len);
	size_t n = nul ? (size_t)(nul - data) : len;
	bool valid = g_utf8_validate_len(data, (gssize)n, &bad);
	if (valid && !nul)
		return true;
	const char *stop = valid ? nul : bad;
	struct doc_loc loc = read_text_loc(name, data, (size_t)(stop - data));
	if (valid)
		diag(&loc, TEXT_NUL);
	else
		diag(&loc, TEXT_UTF8, (unsigned char)*stop);
	return false;
}
