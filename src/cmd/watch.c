/*
 * watch.c - `octavo watch BOOKDIR [build options]`: builds the book, then
 * builds it again each time one of its files changes, until Ctrl-C.
 *
 * Each build is `octavo build` with the same options, in a process of its
 * own: a build starts from a clean state (no font map, arena or message
 * count left from the last), and a build that fails, or is stopped, can
 * never take the watch with it.  Builds write their outputs only when they
 * succeed (build.c, fsout.c), so a failed rebuild leaves the last good
 * outputs in place.  GLib's file monitors watch every folder of the book
 * (and octavo's themes); a burst of changes, as editors save, is one
 * rebuild, and a change during a build is one more build after it.  Each
 * build prints one line, its clock time, what came of it and how long it
 * took, then its messages as the build gave them.
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"

/* Quiet time after the last change before building: editors save a file
 * in several steps. */
enum { SETTLE_MS = 100, MAX_FOLDERS = 512 };

struct watch {
	GMainLoop *loop;
	char **argv;         /* octavo build BOOKDIR OPTIONS..., NULL-ended */
	const char *out_dir; /* left alone: its changes are the builds' */
	char *out_real;      /* its canonical path */
	/* the layout cache the builds share (--cache, or a folder of the
	 * watch's own, removed at the end), left alone like out_dir */
	char *cache_real;
	bool own_cache;
	GPtrArray *monitors; /* GFileMonitor *, one per folder */
	GHashTable *watched; /* canonical folder paths */
	GSubprocess *child;  /* the build running, or NULL */
	gint64 started;      /* its start, monotonic µs */
	guint settle;        /* the timeout that starts a build, or 0 */
	bool again;          /* a change came during the build */
	bool stopping;
	char *last_good; /* clock time of the last build that wrote */
};

/* The clock time now, HH:MM:SS; the caller owns it. */
static char *clock_now(void)
{
	GDateTime *t = g_date_time_new_now_local();
	char *s = g_date_time_format(t, "%H:%M:%S");
	g_date_time_unref(t);
	return s;
}

/* One line of the watch's own, after the clock time; stdout, at once. */
static void say(const char *line)
{
	char *now = clock_now();
	printf("[%s] %s\n", now, line);
	fflush(stdout);
	g_free(now);
}

static void start_build(struct watch *w);

/* How many lines of messages end in "error: ..." or "warning: ...". */
static void count_messages(const char *text, unsigned *errors,
                           unsigned *warnings)
{
	*errors = *warnings = 0;
	char **lines = g_strsplit(text ? text : "", "\n", -1);
	for (char **l = lines; *l; l++) {
		if (strstr(*l, ": warning: "))
			(*warnings)++;
		else if (strstr(*l, ": error: ") ||
		         g_str_has_prefix(*l, "octavo: "))
			(*errors)++;
	}
	g_strfreev(lines);
}

/* "1 warning", "3 errors" */
static char *count_of(unsigned n, const char *what)
{
	return g_strdup_printf("%u %s%s", n, what, n == 1 ? "" : "s");
}

static void report(struct watch *w, int status, const char *messages)
{
	double took = (double)(g_get_monotonic_time() - w->started) / 1e6;
	unsigned errors, warnings;
	char *line;
	count_messages(messages, &errors, &warnings);
	if (status == 0) {
		char *warn = count_of(warnings, "warning");
		line =
		    g_strdup_printf("built in %.2f s%s%s", took,
		                    warnings ? ", " : "", warnings ? warn : "");
		g_free(warn);
		g_free(w->last_good);
		w->last_good = clock_now();
	} else {
		char *what = errors ? count_of(errors, "error")
		                    : g_strdup_printf("exit status %d", status);
		char *kept = w->last_good
		                 ? g_strdup_printf("the outputs of %s are kept",
		                                   w->last_good)
		                 : g_strdup("nothing was written");
		line = g_strdup_printf("not built: %s in %.2f s; %s", what,
		                       took, kept);
		g_free(kept);
		g_free(what);
	}
	say(line);
	g_free(line);
	if (messages && *messages) {
		fputs(messages, stderr);
		fflush(stderr);
	}
}

static void build_done(GObject *src, GAsyncResult *res, gpointer data)
{
	struct watch *w = data;
	char *err_text = NULL;
	GError *err = NULL;
	GSubprocess *child = G_SUBPROCESS(src);
	if (!g_subprocess_communicate_utf8_finish(child, res, NULL, &err_text,
	                                          &err)) {
		diag_path(w->argv[0], SYSTEM, err->message);
		g_error_free(err);
	}
	int status = g_subprocess_get_if_exited(child)
	                 ? g_subprocess_get_exit_status(child)
	                 : 128 + g_subprocess_get_term_sig(child);
	if (!w->stopping)
		report(w, status, err_text);
	g_free(err_text);
	g_clear_object(&w->child);
	if (w->stopping)
		g_main_loop_quit(w->loop);
	else if (w->again)
		start_build(w);
}

static void start_build(struct watch *w)
{
	GError *err = NULL;
	w->again = false;
	w->started = g_get_monotonic_time();
	w->child = g_subprocess_newv((const char *const *)w->argv,
	                             G_SUBPROCESS_FLAGS_STDERR_PIPE, &err);
	if (!w->child) {
		diag_path(w->argv[0], SYSTEM, err->message);
		g_error_free(err);
		w->stopping = true;
		g_main_loop_quit(w->loop);
		return;
	}
	g_subprocess_communicate_utf8_async(w->child, NULL, NULL, build_done,
	                                    w);
}

static gboolean settled(gpointer data)
{
	struct watch *w = data;
	w->settle = 0;
	if (w->child)
		w->again = true; /* after this build, one more */
	else
		start_build(w);
	return G_SOURCE_REMOVE;
}

/* Files editors write beside the one being saved, and hidden files. */
static bool is_scratch(const char *name)
{
	size_t n = strlen(name);
	return name[0] == '.' || name[0] == '#' || !strcmp(name, "4913") ||
	       (n && name[n - 1] == '~') || g_str_has_suffix(name, ".swp") ||
	       g_str_has_suffix(name, ".swx") || g_str_has_suffix(name, ".tmp");
}

static void watch_tree(struct watch *w, const char *dir, unsigned depth);

/* Is path the folder real (a canonical path, or NULL) or inside it? */
static bool inside(const char *path, const char *real)
{
	size_t n = real ? strlen(real) : 0;
	return real && !strncmp(path, real, n) && (path[n] == '/' || !path[n]);
}

static void changed(GFileMonitor *mon, GFile *file, GFile *other,
                    GFileMonitorEvent ev, gpointer data)
{
	struct watch *w = data;
	(void)mon;
	(void)other;
	if (ev == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
	    ev == G_FILE_MONITOR_EVENT_PRE_UNMOUNT ||
	    ev == G_FILE_MONITOR_EVENT_UNMOUNTED)
		return;
	char *path = g_file_get_path(file);
	char *base = g_file_get_basename(file);
	bool ignore = !path || is_scratch(base) || inside(path, w->out_real) ||
	              inside(path, w->cache_real);
	if (!ignore &&
	    (ev == G_FILE_MONITOR_EVENT_CREATED ||
	     ev == G_FILE_MONITOR_EVENT_MOVED_IN) &&
	    g_file_test(path, G_FILE_TEST_IS_DIR))
		watch_tree(w, path, 1); /* a new folder: its files too */
	if (!ignore) {
		if (w->settle)
			g_source_remove(w->settle);
		w->settle = g_timeout_add(SETTLE_MS, settled, w);
	}
	g_free(base);
	g_free(path);
}

/* Monitors dir and the folders below it (not hidden ones, nor the output
 * and cache folders), each once. */
static void watch_tree(struct watch *w, const char *dir, unsigned depth)
{
	char *real = g_canonicalize_filename(dir, NULL);
	if (g_hash_table_contains(w->watched, real) ||
	    inside(real, w->out_real) || inside(real, w->cache_real) ||
	    g_hash_table_size(w->watched) >= MAX_FOLDERS || depth > 8) {
		g_free(real);
		return;
	}
	GFile *f = g_file_new_for_path(real);
	GError *err = NULL;
	GFileMonitor *mon =
	    g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, NULL, &err);
	g_object_unref(f);
	if (!mon) {
		diag_path(dir, WATCH_FAILED, err->message);
		g_error_free(err);
		g_free(real);
		return;
	}
	g_signal_connect(mon, "changed", G_CALLBACK(changed), w);
	g_ptr_array_add(w->monitors, mon);
	g_hash_table_add(w->watched, real);
	GDir *d = g_dir_open(real, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		char *sub = g_build_filename(real, name, NULL);
		if (name[0] != '.' && g_file_test(sub, G_FILE_TEST_IS_DIR) &&
		    !g_file_test(sub, G_FILE_TEST_IS_SYMLINK))
			watch_tree(w, sub, depth + 1);
		g_free(sub);
	}
	if (d)
		g_dir_close(d);
}

static gboolean on_stop(gpointer data)
{
	struct watch *w = data;
	if (w->stopping)
		return G_SOURCE_CONTINUE;
	w->stopping = true;
	say("stopped");
	if (w->child) /* it removes what it was writing, then ends */
		g_subprocess_send_signal(w->child, SIGTERM);
	else
		g_main_loop_quit(w->loop);
	return G_SOURCE_CONTINUE;
}

/* This program, to run again as `octavo build`. */
static char *self_path(const char *argv0)
{
	char *p = g_file_read_link("/proc/self/exe", NULL);
	return p ? p : g_strdup(argv0);
}

/* The builds' arguments: the watch's, and a layout cache of the watch's
 * own unless --cache names one, so a rebuild breaks only the paragraphs
 * that changed (lcache.h). */
static void build_args(struct watch *w, int argc, char **argv,
                       const struct opts *o)
{
	w->argv = g_new0(char *, (size_t)argc + 3);
	w->argv[0] = self_path(argv[0]);
	for (int i = 1; i < argc; i++)
		w->argv[i] = g_strdup(argv[i]);
	char *dir = o->cache_dir ? g_strdup(o->cache_dir)
	                         : g_dir_make_tmp("octavo-watch-XXXXXX", NULL);
	if (!dir)
		return; /* no room for one: every build from scratch */
	w->own_cache = !o->cache_dir;
	w->cache_real = g_canonicalize_filename(dir, NULL);
	if (w->own_cache) {
		w->argv[argc] = g_strdup("--cache");
		w->argv[argc + 1] = g_strdup(w->cache_real);
	}
	g_free(dir);
}

/* Removes the watch's own cache folder. */
static void drop_cache(struct watch *w)
{
	if (!w->own_cache)
		return;
	char *file = g_build_filename(w->cache_real, "layout.cache", NULL);
	g_remove(file);
	g_rmdir(w->cache_real);
	g_free(file);
}

int cmd_watch(int argc, char **argv, const struct opts *o)
{
	struct watch w = {.out_dir = o->out_dir};
	if (!g_file_test(o->book_dir, G_FILE_TEST_IS_DIR))
		return cmd_usage(USAGE_NOT_BOOK, o->book_dir);
	build_args(&w, argc, argv, o);
	w.loop = g_main_loop_new(NULL, FALSE);
	w.monitors = g_ptr_array_new_with_free_func(g_object_unref);
	w.watched =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	w.out_real = g_canonicalize_filename(o->out_dir, NULL);
	watch_tree(&w, o->book_dir, 0);
	watch_tree(&w, o->styles_dir, 7); /* octavo's themes, not below */
	g_unix_signal_add(SIGINT, on_stop, &w);
	g_unix_signal_add(SIGTERM, on_stop, &w);
	g_unix_signal_add(SIGHUP, on_stop, &w);
	printf("Watching %s (%u folders); Ctrl-C stops.\n", o->book_dir,
	       g_hash_table_size(w.watched));
	start_build(&w);
	g_main_loop_run(w.loop);
	if (w.settle)
		g_source_remove(w.settle);
	g_hash_table_destroy(w.watched);
	g_ptr_array_unref(w.monitors);
	g_main_loop_unref(w.loop);
	g_free(w.out_real);
	drop_cache(&w);
	g_free(w.cache_real);
	g_free(w.last_good);
	g_strfreev(w.argv);
	return diag_worst() >= DIAG_SYS ? EXIT_SYSTEM : 0;
}
