/*
 * fsout.h - writing output files so that a failed or interrupted build never
 * leaves a half-written file or damages an earlier one: the bytes go to a
 * temporary file in the same folder, are synced, and only when every output
 * of the build was written that way are they renamed over the final names.
 * On SIGINT/SIGTERM/SIGHUP the temporary files are removed, and so is a
 * new folder being filled (fsout_dir_new()) with what was written into it.
 */
#ifndef OCTAVO_FSOUT_H
#define OCTAVO_FSOUT_H

#include <stdbool.h>
#include <stddef.h>

/* Installs the signal handlers that remove temporary files in flight, and
 * makes "file too large" an error rather than a signal. */
void fsout_init(void);
/* Writes len bytes to a synced temporary file next to path; path itself is
 * not touched until fsout_commit().  Reports through diag and leaves no
 * temporary file when it fails. */
bool fsout_stage(const char *path, const void *data, size_t len);
/* With keep, and if every fsout_stage() since the last commit succeeded,
 * renames each staged file over its final name; otherwise (or when a rename
 * fails) removes the temporaries that were not renamed.  Returns true when
 * everything was renamed. */
bool fsout_commit(bool keep);
/* fsout_stage() and fsout_commit() of one file. */
bool fsout_write(const char *path, const void *data, size_t len);
/* Makes a new private folder from tmpl (ending in XXXXXX, as mkdtemp) to be
 * filled with fsout_write() and then renamed into place whole.  Until
 * fsout_dir_done(), a signal removes the files written into it and the
 * folder too.  One at a time.  Returns the folder's path, which the caller
 * owns (g_free), or NULL with errno set. */
char *fsout_dir_new(const char *tmpl);
/* The folder was renamed into place or removed: forgets it. */
void fsout_dir_done(void);

#endif
