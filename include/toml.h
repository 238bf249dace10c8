/*
 * toml.h - a TOML file, read by toml++ (Debian's libtomlplusplus, C++17),
 * behind a small C interface: src/read/toml.cc is the project's only C++
 * file.  Used for mdBook's book.toml (src/read/mdbook.c).
 *
 * A struct toml_file owns everything it hands out: strings stay valid
 * until toml_file_free().
 */
#ifndef OCTAVO_TOML_H
#define OCTAVO_TOML_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct toml_file;

enum toml_type {
	TOML_NONE, /* no such key */
	TOML_STRING,
	TOML_ARRAY,
	TOML_TABLE,
	TOML_OTHER /* a number, a boolean, a date */
};

/* Parses data (len bytes).  NULL when it is not TOML: then *why (the
 * caller frees it with free()) says what is wrong, at *line and *col
 * (1-based). */
struct toml_file *toml_file_parse(const char *data, size_t len, char **why,
                                  unsigned *line, unsigned *col);
void toml_file_free(struct toml_file *t);

/* The value of key in table (a top-level table such as "book"): its type,
 * and where it was given in *line and *col (when not TOML_NONE; may be
 * NULL). */
enum toml_type toml_file_type(const struct toml_file *t, const char *table,
                              const char *key, unsigned *line, unsigned *col);
/* The string value of table.key, or NULL when it is not a string. */
const char *toml_file_string(const struct toml_file *t, const char *table,
                             const char *key);
/* The length of the array table.key (0 when it is not an array), and its
 * item i as a string (NULL when it is not one). */
size_t toml_file_array_len(const struct toml_file *t, const char *table,
                           const char *key);
const char *toml_file_array_string(const struct toml_file *t, const char *table,
                                   const char *key, size_t i);

#ifdef __cplusplus
}
#endif

#endif
