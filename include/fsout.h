/*
 * fsout.h - writing output files so that a failed or interrupted build never
 * leaves a half-written file or damages an earlier one: the bytes go to a
 * temporary file in the same folder, are synced, and only when every output
 * of the build was written that way are they renamed over the final names.
 * On SIGINT/SIGTERM/SIGHUP the temporary files are removed, and so is a
 * new folder being filled (fsout_dir_new()) with what was written into it,
 * and every folder of unpacked files (fsout_tree_new()).
 *
 * SIGKILL (or a power cut) gives no chance to remove anything: each
 * temporary file and folder is therefore locked (flock) by the octavo
 * that made it for as long as it lives, and named with a mark of its own
 * inode only once it is locked; the next octavo writing into that folder
 * removes those that carry their own mark and that nobody holds
 * (fsout_sweep(), fsout_sweep_trees()).  A user's file named like a
 * temporary, or a copy of one, does not carry its own mark and is never
 * touched.
 */
#ifndef OCTAVO_FSOUT_H
#define OCTAVO_FSOUT_H

#include <stdbool.h>
#include <stddef.h>

/* What the name of every temporary file or folder octavo makes in an
 * output or archive folder has before its mark: ".NAME." FSOUT_TEMP and
 * FSOUT_MARK lower-case hexadecimal digits of a SHA-256 of its device,
 * inode and owner.  Templates end in "XXXXXX", replaced by the mark. */
#define FSOUT_TEMP "octavo-"
enum { FSOUT_MARK = 12 };

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
/* Makes a new private folder from tmpl (ending in XXXXXX, as mkdtemp; an
 * output or archive folder's: "." NAME "." FSOUT_TEMP "XXXXXX") to be
 * filled with fsout_write() and then renamed into place whole.  Until
 * fsout_dir_done(), a signal removes the files written into it and the
 * folder too.  One at a time.  Returns the folder's path, which the caller
 * owns (g_free), or NULL with errno set. */
char *fsout_dir_new(const char *tmpl);
/* The folder was renamed into place or removed: forgets it. */
void fsout_dir_done(void);

/* Removes from folder dir what a killed octavo left there: its temporary
 * files (".NAME.octavo-" and their mark) and an archive's new folders
 * (".VERSION.octavo-" and their mark, holding files only) that no running
 * octavo holds and that belong to this user.  Nothing else: no other
 * name, no symbolic link, nothing whose mark is not its own.  Quiet:
 * what cannot be removed stays. */
void fsout_sweep(const char *dir);

/* Makes a new private folder from tmpl (ending in XXXXXX, as mkdtemp)
 * for unpacked files, held while in use and removed with all it holds on
 * SIGINT/SIGTERM/SIGHUP or by fsout_tree_remove().  At most 4 at a time.
 * Returns its path, which the caller owns (g_free), or NULL with errno
 * set. */
char *fsout_tree_new(const char *tmpl);
/* Writes len bytes as the new file rel (a relative path of plain names)
 * under root, a folder from fsout_tree_new(), making the folders on the
 * way; false with errno set. */
bool fsout_tree_write(const char *root, const char *rel, const void *data,
                      size_t len);
/* Removes root, made by fsout_tree_new(), with all it holds. */
void fsout_tree_remove(const char *root);
/* Removes the folders PREFIX + their mark in parent (what
 * fsout_tree_new() made there) that no running octavo holds and that
 * belong to this user, with all they hold. */
void fsout_sweep_trees(const char *parent, const char *prefix);

#endif
