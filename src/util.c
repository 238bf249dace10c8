/* util.c - allocation that aborts on exhaustion, and the per-book arena. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(size_t n)
{
	fprintf(stderr, "octavo: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p)
		out_of_memory(count * n);
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* The arena is a chain of blocks; big requests get a block of their own. */
enum { ARENA_BLOCK = 64 * 1024, ARENA_ALIGN = 16 };

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct arena_block *head;
};

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct arena_block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

static struct arena_block *block_new(size_t size)
{
	struct arena_block *b = xmalloc(sizeof *b + size);
	b->next = NULL;
	b->used = 0;
	b->size = size;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		if (n > ARENA_BLOCK / 4) {
			/* A big one: keep it behind the current block so the
			 * current block's free space is not wasted. */
			struct arena_block *big = block_new(n);
			big->used = n;
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			return memset(big->data, 0, n);
		}
		b = block_new(ARENA_BLOCK);
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	return memset(p, 0, n);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *sha256_hex(const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32) {
		fprintf(stderr, "octavo: SHA-256 failed\n");
		abort();
	}
	char *out = g_malloc(2 * 32 + 1);
	for (unsigned int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	return out;
}

void unique_name(GString *s, size_t at, unsigned first, GHashTable *taken)
{
	if (!g_hash_table_contains(taken, s->str))
		return;
	char *rest = g_strdup(s->str + at);
	for (unsigned n = first;; n++) {
		g_string_truncate(s, at);
		g_string_append_printf(s, "-%u%s", n, rest);
		if (!g_hash_table_contains(taken, s->str))
			break;
	}
	g_free(rest);
}

char *uuid_from_name(const char *name)
{
	/* RFC 4122 URL namespace 6ba7b811-9dad-11d1-80b4-00c04fd430c8 */
	static const guint8 ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
	                              0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
	                              0x4f, 0xd4, 0x30, 0xc8};
	guint8 d[20];
	gsize n = sizeof d;
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA1);
	g_checksum_update(c, ns, sizeof ns);
	g_checksum_update(c, (const guchar *)name, (gssize)strlen(name));
	g_checksum_get_digest(c, d, &n);
	g_checksum_free(c);
	d[6] = (guint8)((d[6] & 0x0F) | 0x50); /* version 5 */
	d[8] = (guint8)((d[8] & 0x3F) | 0x80); /* the RFC 4122 variant */
	return g_strdup_printf("urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	                       "%02x%02x-%02x%02x%02x%02x%02x%02x",
	                       d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7],
	                       d[8], d[9], d[10], d[11], d[12], d[13], d[14],
	                       d[15]);
}

size_t url_scheme(const char *url, char *out, size_t cap)
{
	size_t n = 0;
	for (const unsigned char *c = (const unsigned char *)url; *c; c++) {
		if (*c <= 0x20 || *c == 0x7f)
			continue;
		if (*c == ':') {
			out[MIN(n, cap - 1)] = '\0';
			return n;
		}
		if (!(g_ascii_isalpha(*c) ||
		      (n && (g_ascii_isdigit(*c) || *c == '+' || *c == '-' ||
		             *c == '.'))))
			break;
		if (n + 1 < cap)
			out[n] = g_ascii_tolower(*c);
		n++;
	}
	out[0] = '\0';
	return 0;
}

bool url_allowed(const char *url)
{
	static const char *const allowed[] = {"http", "https", "mailto", "tel"};
	char scheme[8];
	size_t n = url_scheme(url, scheme, sizeof scheme);
	if (!n)
		return true;
	for (size_t i = 0; n < sizeof scheme && i < G_N_ELEMENTS(allowed); i++)
		if (!strcmp(scheme, allowed[i]))
			return true;
	return false;
}
