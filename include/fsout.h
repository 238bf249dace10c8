/*
 * fsout.h - writing output files so that a failed or interrupted build never
 * leaves a half-written file or damages an earlier one: the bytes go to a
 * temporary file in the same folder, are synced, and only then renamed over
 * the final name.  On SIGINT/SIGTERM the temporary file is removed.
 */
#ifndef OCTAVO_FSOUT_H
#define OCTAVO_FSOUT_H

#include <stdbool.h>
#include <stddef.h>

/* Installs the signal handlers that remove a temporary file in flight, and
 * makes "file too large" an error rather than a signal. */
void fsout_init(void);
/* Writes len bytes to path atomically.  Reports through diag_sys. */
bool fsout_write(const char *path, const void *data, size_t len);

#endif
