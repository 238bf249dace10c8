/*
 * cmd.h - the commands besides build: archive and verify (archive.c,
 * verify.c) and diff (diff.c).  Each gets the words from its own name on
 * (argv[0] is the command) and the defaults main.c set in o, and returns
 * the exit status.  cmd.c holds what main.c and the commands share.
 *
 * An archived edition, ARCHIVE/VERSION/, holds the outputs of `make book`
 * (archive.c says which), sources.zip (the book folder's files the build
 * read under book/, the theme under styles/, and installed.sha256: the
 * font files and hyphenation patterns, which are not archived, as
 * "SHA-256  fonts/NAME" and "SHA-256  hyphen/NAME" lines), BUILDINFO (a
 * key file: octavo's version, the edition's version and fingerprint,
 * SOURCE_DATE_EPOCH if it was set) and SHA256SUMS (every other file, as
 * sha256sum writes it).
 */
#ifndef OCTAVO_CMD_H
#define OCTAVO_CMD_H

#include <glib.h>
#include <stdbool.h>

#include "diag.h"
#include "opts.h"

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

#define ARCHIVE_SOURCES   "sources.zip"
#define ARCHIVE_BUILDINFO "BUILDINFO"
#define ARCHIVE_SUMS      "SHA256SUMS"
#define ARCHIVE_INSTALLED "installed.sha256"

/* Usage message NAME of diag.def ("octavo: text" and a line pointing to
 * --help); EXIT_USAGE. */
#define cmd_usage(NAME, ...) (diag_path(NULL, NAME, ##__VA_ARGS__), EXIT_USAGE)
/* SOURCE_DATE_EPOCH into o; false after a diagnostic.  A time octavo
 * writes (SOURCE_DATE_EPOCH, an archive's BUILDINFO) is from 1980 (the
 * earliest a ZIP holds) to 2100, in seconds. */
#define CMD_EPOCH_MIN 315532800LL
#define CMD_EPOCH_MAX 4102444800LL
bool cmd_epoch_valid(long long t);
bool cmd_read_epoch(struct opts *o);
/* OCTAVO_THREADS into o; false after a diagnostic.  Unset, one thread:
 * cairo 1.16 and FreeType are shared by every thread that measures or
 * draws text, and builds that passed every run here crashed on other
 * machines of the same kind (in cairo and FreeType, on threads), so more
 * threads are for those who ask. */
enum { CMD_THREADS_MAX = 64 };
bool cmd_read_threads(struct opts *o);
/* The exit status for the worst diagnostic so far. */
int cmd_exit_status(void);
/* Removes dir and everything in it (best effort: for temporary folders). */
void cmd_remove_tree(const char *dir);
/* Is dir an archived edition (it holds sources.zip and SHA256SUMS)? */
bool cmd_is_archived(const char *dir);
/* The most files an archived edition's sources.zip may hold; each may
 * inflate to 32 MB, all of them to 1 GB (octavo(1), LIMITS). */
enum { CMD_SOURCES_MAX_FILES = 100000 };
/* The name of the temporary folders sources are unpacked into, in
 * $TMPDIR, before its six random letters and digits. */
#define CMD_UNPACKED "octavo-unpacked-"
/* Unpacks dir's sources.zip (or zip, its bytes as already read and
 * checked, when not NULL) into a new temporary folder and returns its
 * path (the caller removes it with fsout_tree_remove() and g_frees it;
 * a signal removes it too); the book is in its book/ folder.  *entries, if not
 * NULL, gets the entries read (the caller's).  NULL after a diagnostic. */
char *cmd_unpack_sources(const char *dir, GBytes *zip, GPtrArray **entries);
/* What an archived edition holds besides its sources: the enum opt_format
 * bits of every output `make book` writes. */
unsigned cmd_archived_formats(void);

int cmd_archive(int argc, char **argv, struct opts *o);
int cmd_verify(int argc, char **argv, struct opts *o);
int cmd_diff(int argc, char **argv, struct opts *o);
int cmd_init(int argc, char **argv, struct opts *o);
/* argv: "build BOOKDIR OPTIONS..." as parsed into o; builds again on every
 * change until SIGINT, SIGTERM or SIGHUP. */
int cmd_watch(int argc, char **argv, const struct opts *o);

#endif
