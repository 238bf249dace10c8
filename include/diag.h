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

#include <stdbool.h>
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
	DIAG_NOTE,  /* for the record: counts for nothing */
	DIAG_WARN,  /* octavo ignored or guessed something; the book is built */
	DIAG_ERROR, /* the input is wrong: exit status 1, nothing written */
	DIAG_SYS,   /* the system failed us (I/O, disk full): exit status 3 */
	DIAG_USAGE, /* the command line is wrong: exit status 2 */
};

/* Every message, from diag.def: DIAG_NAME is message NAME's id. */
enum diag_id {
#define DIAG(name, level, text) DIAG_##name,
#define DIAG_GROUP(title)
#include "diag.def"
#undef DIAG
#undef DIAG_GROUP
	DIAG_N
};

/* Each message's text as an array, so that the compiler checks every
 * call's arguments against it (printf format checking; never used
 * otherwise). */
#define DIAG(name, level, text) static const char diag_text_##name[] = text;
#define DIAG_GROUP(title)
#include "diag.def"
#undef DIAG
#undef DIAG_GROUP
__attribute__((format(printf, 1, 2))) static inline int
diag_check_(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* Message NAME of diag.def about a place in the input:
 *   file:line:col: error: text   (warning:, error: by the message's level)
 * or "octavo: error: text" when loc (or its file) is NULL. */
#define diag(loc, NAME, ...)                                                   \
	((void)(0 && diag_check_(diag_text_##NAME, ##__VA_ARGS__)),            \
	 diag_at((loc), DIAG_##NAME, ##__VA_ARGS__))
/* Message NAME about a file as a whole, the system or the command line:
 *   octavo: PATH: text   ("octavo: text" when path is NULL; a usage
 *                         message adds the line pointing to --help) */
#define diag_path(path, NAME, ...)                                             \
	((void)(0 && diag_check_(diag_text_##NAME, ##__VA_ARGS__)),            \
	 diag_on((path), DIAG_##NAME, ##__VA_ARGS__))
/* What the macros call; a message chosen at run time (id) goes straight
 * here, its arguments unchecked: give it only messages that take one
 * string (diag_test checks which). */
void diag_at(const struct doc_loc *loc, enum diag_id id, ...);
/* While fn is set (NULL: none), this thread's located messages have
 * their place put through fn(data, loc) first: a reader whose text was
 * put together from several files names the file and line each part
 * came from. */
void diag_set_remap(void (*fn)(void *data, struct doc_loc *loc), void *data);
void diag_on(const char *path, enum diag_id id, ...);

/* The table, for -W, octavo(1) and the tests. */
struct diag_message {
	const char *name; /* "image-missing": NAME in lower case, '-' for '_' */
	enum diag_level level;
	const char *text; /* a printf format */
};
const struct diag_message *diag_message(enum diag_id id);

/* -W's argument: "error" (every warning is reported as an error, so the
 * build fails: for CI), "warning" (the default), or "NAME=LEVEL" for one
 * warning: ignore (not reported), warning or error.  An error cannot be
 * made less.  Returns false, changing nothing, for anything else. */
bool diag_set_option(const char *arg);

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
/* Drops the messages of log unseen (NULL does nothing). */
void diag_log_free(struct diag_log *log);

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
