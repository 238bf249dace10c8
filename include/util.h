/*
 * util.h - allocation that never fails quietly, and the per-book arena.
 *
 * Running out of memory is not a user error: xmalloc() and friends print one
 * line and abort.  The arena owns every node and node string of a book; one
 * arena_free() releases all of it.  Pointers from arena_*() belong to the
 * arena and must never be passed to free().
 */
#ifndef OCTAVO_UTIL_H
#define OCTAVO_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Each returns memory the caller owns (release with free()). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
char *xstrdup(const char *s);

struct arena;

/* Returns a new, empty arena that the caller owns (arena_free()). */
struct arena *arena_new(void);
/* Releases the arena and everything allocated from it; NULL does nothing. */
void arena_free(struct arena *a);
/* Zeroed memory, aligned for any object, owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies of a string (or its first n bytes), owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The SHA-256 of len bytes at data, as 64 lowercase hex digits in memory
 * the caller owns (g_free()).  libcrypto's, which uses the CPU's SHA
 * instructions where it has them: GLib's portable one took a third of a
 * build of the guide, hashing the fonts for the fingerprint. */
char *sha256_hex(const void *data, size_t len);

/* "urn:uuid:..." for name: the RFC 4122 name-based UUID (version 5,
 * SHA-1) of name in the URL namespace, so the same name always gets the
 * same one.  The caller owns it (g_free()). */
char *uuid_from_name(const char *name);

/* The length of url's scheme ("https", "javascript"), or 0 when it has
 * none (a path or an anchor in the book); its first cap - 1 letters go
 * into out in lower case, then a NUL (cap at least 1).  Spaces and
 * control characters are skipped, as browsers skip them ("java\tscript:"
 * is javascript). */
size_t url_scheme(const char *url, char *out, size_t cap);
/* Is url one a book may carry: in the book (no scheme), or an http,
 * https, mailto or tel address?  javascript:, data:, file: and every
 * other scheme are not (octavo-book(5), Links). */
bool url_allowed(const char *url);

typedef struct _GString GString;
typedef struct _GHashTable GHashTable;
/* The one rule that makes a name or an id unique: s stays when taken (a
 * set of strings) does not hold it; else "-N" goes in at byte at (what
 * follows, an extension, stays after it), N = first, first + 1, ... until
 * taken does not hold it.  Adds nothing to taken. */
void unique_name(GString *s, size_t at, unsigned first, GHashTable *taken);

#endif
