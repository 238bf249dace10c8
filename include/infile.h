/*
 * infile.h - reading the files octavo is given, in one place.
 *
 * Every file of a book (book.yaml, the chapters, CHANGES.md, the
 * bibliography, the images), every theme, the installed files a build
 * hashes (fonts, hyphenation patterns) and every file of an archived
 * edition is read with infile_read(), which
 *  - opens it beneath its root folder (openat2 with RESOLVE_BENEATH): no
 *    "..", absolute path or symbolic link leads out of the root, and in
 *    an archive no symbolic link is followed at all;
 *  - never waits on it (O_NONBLOCK) and reads only a regular file;
 *  - checks its size with fstat against the limit of its kind before a
 *    byte is read, and stops at the limit should it grow;
 *  - reads a book's file and a theme once: asked for again, by any reader
 *    on any thread, the same file gives the same bytes without being read
 *    again, so every output and the archive carry the bytes the checks
 *    saw;
 *  - reports every problem itself, at the place that names the file.
 * The limits are documented in octavo(1), LIMITS.
 */
#ifndef OCTAVO_INFILE_H
#define OCTAVO_INFILE_H

#include <glib.h>
#include <stdbool.h>

#include "diag.h"

enum infile_kind {
	INFILE_MANIFEST, /* book.yaml */
	INFILE_CHAPTER,
	INFILE_HISTORY, /* CHANGES.md */
	INFILE_BIB,
	INFILE_IMAGE,
	INFILE_THEME,
	INFILE_STYLESHEET, /* book.yaml's css: */
	INFILE_FONT,       /* a font of the book's fonts/ folder */
	INFILE_INSTALLED,  /* a font, hyphenation patterns: hashed only */
	INFILE_ARCHIVED,   /* a file of an archived edition */
	INFILE_SUMS,       /* an archived edition's SHA256SUMS, BUILDINFO */
	INFILE_INCLUDED,   /* a file a chapter includes ({{#include}}) */
	INFILE_KINDS
};

struct infile {
	enum infile_kind kind;
	const char *root;      /* the folder it must stay beneath */
	const char *root_name; /* "the book folder" (NULL: by kind) */
	const char *name;      /* its path under root, as given */
	const char *shown;     /* its name in messages (NULL: name) */
	/* where the book names it: problems are errors there; NULL: the
	 * form "octavo: ROOT/NAME: reason" at level */
	const struct doc_loc *at;
	enum diag_level level;
	bool quiet_missing; /* a missing file: INFILE_MISSING, no message */
	bool no_symlinks;   /* no symbolic link on the way (an archive) */
};

enum infile_status { INFILE_OK, INFILE_MISSING, INFILE_FAILED };

/* Reads f.  On INFILE_OK *bytes holds the content (a reference the caller
 * owns, g_bytes_unref; a NUL follows the last byte) and *real, if real is
 * not NULL, its path under root with symbolic links resolved and no "."
 * or ".." (the caller g_frees it).  Otherwise nothing is set and every
 * problem but a quiet missing file was reported. */
enum infile_status infile_read(const struct infile *f, GBytes **bytes,
                               char **real);
/* The bytes of octavo's installed file at path (a font, hyphenation
 * patterns, a licence), read as infile_read() reads a file of kind
 * INFILE_INSTALLED in path's folder; NULL after a diagnostic (a system
 * error).  The caller owns the bytes. */
GBytes *infile_read_installed(const char *path);
/* Reports f as not found, with more (such as "; did you mean 'x'?")
 * after the message: for a reader that asked for quiet_missing. */
void infile_report_missing(const struct infile *f, const char *more);
/* The bytes infile_read() read from the file whose absolute real path is
 * path (a book's file or a theme), or NULL: a reference the caller
 * owns. */
GBytes *infile_get(const char *path);
/* A file of octavo's own that no book names (its layout cache, its
 * program): a regular file of at most max bytes, its size checked with
 * fstat before a byte is read.  NULL with *err an errno value (EFBIG past
 * max, INFILE_NOT_REGULAR for a FIFO, device or socket, never waited
 * on), and no message: the caller words it (infile_strerror()).  The
 * caller owns the bytes (g_bytes_unref; a NUL follows the last byte). */
enum { INFILE_NOT_REGULAR = -1 };
GBytes *infile_read_own(const char *path, gsize max, int *err);
/* The reason for an infile_read_own() error, for messages. */
const char *infile_strerror(int err);
/* The absolute real path of folder dir, or NULL with errno set; the
 * caller g_frees it. */
char *infile_real_dir(const char *dir);
/* The most bytes a file of kind may have. */
gsize infile_limit(enum infile_kind kind);
/* "4 MB", "64 KB": a size for messages, in memory the caller owns. */
char *infile_size_text(guint64 size);
/* Forgets every file read (for tests and fuzzers). */
void infile_forget(void);

#endif
