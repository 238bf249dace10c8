/*
 * diag.h - every message octavo gives the user goes through here.
 *
 * Input problems carry a source location and print as
 *   file:line:col: error: message
 * System problems print as
 *   octavo: PATH: reason
 * diag remembers the worst level seen; cmd_exit_status() (src/cmd/cmd.c)
 * turns it into the exit status.  Nothing else prints to stderr or exits:
 * stdout carries only what a command was asked for (--dump, --help,
 * archive's and verify's reports).
 *
 * The state is per process (one build at a time).  Tests and fuzzers can
 * redirect the messages with diag_set_stream() and clear it with diag_reset().
 */
#ifndef OCTAVO_DIAG_H
#define OCTAVO_DIAG_H

#include <stdio.h>

/* A place in a source file.  file points to a string that outlives the
 * message (the arena, or a literal).  line and col count from 1; 0 means
 * "unknown" and is left out of the message. */
struct doc_loc {
	const char *file;
	unsigned line;
	unsigned col;
};

enum diag_level {
	DIAG_OK = 0,
	DIAG_WARN,
	DIAG_ERROR, /* the input is wrong: exit status 1 */
	DIAG_SYS,   /* the system failed us (I/O, disk full): exit status 3 */
};

void diag_warn(const struct doc_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void diag_error(const struct doc_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "octavo: PATH: reason" (path may be NULL). */
void diag_sys(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "octavo: PATH: reason" at the error level (exit status 1): a command
 * that refuses to go on, not the input's fault at a place in a file nor
 * the system's (an edition already archived, a rebuild that differs). */
void diag_fail(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

enum diag_level diag_worst(void);
unsigned diag_count(enum diag_level level);
/* NULL means stderr.  Returns the previous stream. */
FILE *diag_set_stream(FILE *f);
void diag_reset(void);

/* Messages from another thread (diag's state is the main thread's): after
 * diag_log_begin(), this thread's messages are kept, in order, instead of
 * printed; diag_log_end() stops and returns them (the caller owns them),
 * and diag_log_replay(), on the main thread, prints and counts them as if
 * they came then, and frees them (NULL does nothing). */
struct diag_log;
void diag_log_begin(void);
struct diag_log *diag_log_end(void);
void diag_log_replay(struct diag_log *log);

/* Work on a thread of its own, the one way octavo runs work on a thread:
 * fn(data) runs there with its messages kept, and diag_task_join() prints
 * them, as if the work had run at the join.  diag_task_start() returns
 * NULL when no thread can be started (then run fn yourself). */
struct diag_task;
struct diag_task *diag_task_start(const char *name, void (*fn)(void *data),
                                  void *data);
/* Waits for t, prints and counts its messages, and frees t. */
void diag_task_join(struct diag_task *t);

#endif
