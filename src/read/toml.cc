/*
 * toml.cc - include/toml.h over toml++ (libtomlplusplus 3): the parser
 * throws toml::parse_error, which never leaves this file.
 */
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "toml.h"

struct toml_file {
	toml::table root;
};

static char *copy_string(const std::string_view s)
{
	char *r = static_cast<char *>(std::malloc(s.size() + 1));
	if (!r)
		std::abort(); /* out of memory, as xmalloc() does */
	std::memcpy(r, s.data(), s.size());
	r[s.size()] = '\0';
	return r;
}

extern "C" struct toml_file *toml_file_parse(const char *data, size_t len,
                                             char **why, unsigned *line,
                                             unsigned *col)
{
	try {
		toml::table root = toml::parse(std::string_view(data, len));
		return new toml_file{std::move(root)};
	} catch (const toml::parse_error &e) {
		*why = copy_string(e.description());
		*line = static_cast<unsigned>(e.source().begin.line);
		*col = static_cast<unsigned>(e.source().begin.column);
	} catch (const std::bad_alloc &) {
		std::abort();
	}
	return nullptr;
}

extern "C" void toml_file_free(struct toml_file *t)
{
	delete t;
}

static const toml::node *find(const struct toml_file *t, const char *table,
                              const char *key)
{
	const toml::table *tab = t->root[table].as_table();
	return tab ? tab->get(key) : nullptr;
}

extern "C" enum toml_type toml_file_type(const struct toml_file *t,
                                         const char *table, const char *key,
                                         unsigned *line, unsigned *col)
{
	const toml::node *n = find(t, table, key);
	if (!n)
		return TOML_NONE;
	if (line)
		*line = static_cast<unsigned>(n->source().begin.line);
	if (col)
		*col = static_cast<unsigned>(n->source().begin.column);
	if (n->is_string())
		return TOML_STRING;
	if (n->is_array())
		return TOML_ARRAY;
	if (n->is_table())
		return TOML_TABLE;
	return TOML_OTHER;
}

extern "C" const char *toml_file_string(const struct toml_file *t,
                                        const char *table, const char *key)
{
	const toml::node *n = find(t, table, key);
	const toml::value<std::string> *s = n ? n->as_string() : nullptr;
	return s ? s->get().c_str() : nullptr;
}

extern "C" size_t toml_file_array_len(const struct toml_file *t,
                                      const char *table, const char *key)
{
	const toml::node *n = find(t, table, key);
	const toml::array *a = n ? n->as_array() : nullptr;
	return a ? a->size() : 0;
}

extern "C" const char *toml_file_array_string(const struct toml_file *t,
                                              const char *table,
                                              const char *key, size_t i)
{
	const toml::node *n = find(t, table, key);
	const toml::array *a = n ? n->as_array() : nullptr;
	const toml::node *item = a && i < a->size() ? a->get(i) : nullptr;
	const toml::value<std::string> *s = item ? item->as_string() : nullptr;
	return s ? s->get().c_str() : nullptr;
}
