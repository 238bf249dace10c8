/* diag.c - messages with locations, and the worst level seen. */
#include "diag.h"

#include <glib.h>
#include <stdarg.h>

static FILE *stream;
static enum diag_level worst;
static unsigned counts[DIAG_SYS + 1];

/* The messages of a thread between diag_log_begin() and diag_log_end():
 * each one's level, and their text in order. */
struct diag_log {
	GArray *levels; /* enum diag_level */
	GString *text;
};

static GPrivate current_log; /* this thread's struct diag_log, or NULL */

static void note_level(enum diag_level level)
{
	if (level > worst)
		worst = level;
	counts[level]++;
}

/* Prints msg, or keeps it when this thread keeps a log. */
static void emit(enum diag_level level, const GString *msg)
{
	struct diag_log *log = g_private_get(&current_log);
	if (log) {
		g_array_append_val(log->levels, level);
		g_string_append_len(log->text, msg->str, (gssize)msg->len);
		return;
	}
	note_level(level);
	fwrite(msg->str, 1, msg->len, stream ? stream : stderr);
}

static void put_loc(GString *s, const struct doc_loc *loc)
{
	if (!loc || !loc->file) {
		g_string_append(s, "octavo: ");
		return;
	}
	g_string_append(s, loc->file);
	if (loc->line) {
		g_string_append_printf(s, ":%u", loc->line);
		if (loc->col)
			g_string_append_printf(s, ":%u", loc->col);
	}
	g_string_append(s, ": ");
}

static void vreport(enum diag_level level, const struct doc_loc *loc,
                    const char *fmt, va_list ap)
{
	GString *s = g_string_new(NULL);
	put_loc(s, loc);
	g_string_append(s, level == DIAG_WARN ? "warning: " : "error: ");
	g_string_append_vprintf(s, fmt, ap);
	g_string_append_c(s, '\n');
	emit(level, s);
	g_string_free(s, TRUE);
}

void diag_warn(const struct doc_loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(DIAG_WARN, loc, fmt, ap);
	va_end(ap);
}

void diag_error(const struct doc_loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(DIAG_ERROR, loc, fmt, ap);
	va_end(ap);
}

static void vreport_path(enum diag_level level, const char *path,
                         const char *fmt, va_list ap)
{
	GString *s = g_string_new("octavo: ");
	if (path)
		g_string_append_printf(s, "%s: ", path);
	g_string_append_vprintf(s, fmt, ap);
	g_string_append_c(s, '\n');
	emit(level, s);
	g_string_free(s, TRUE);
}

void diag_sys(const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport_path(DIAG_SYS, path, fmt, ap);
	va_end(ap);
}

void diag_fail(const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport_path(DIAG_ERROR, path, fmt, ap);
	va_end(ap);
}

enum diag_level diag_worst(void)
{
	return worst;
}

unsigned diag_count(enum diag_level level)
{
	return level <= DIAG_SYS ? counts[level] : 0;
}

FILE *diag_set_stream(FILE *f)
{
	FILE *old = stream;
	stream = f;
	return old;
}

void diag_reset(void)
{
	worst = DIAG_OK;
	for (size_t i = 0; i <= DIAG_SYS; i++)
		counts[i] = 0;
}

void diag_log_begin(void)
{
	struct diag_log *log = g_new0(struct diag_log, 1);
	log->levels = g_array_new(FALSE, FALSE, sizeof(enum diag_level));
	log->text = g_string_new(NULL);
	g_private_set(&current_log, log);
}

struct diag_log *diag_log_end(void)
{
	struct diag_log *log = g_private_get(&current_log);
	g_private_set(&current_log, NULL);
	return log;
}

void diag_log_replay(struct diag_log *log)
{
	if (!log)
		return;
	for (guint i = 0; i < log->levels->len; i++)
		note_level(g_array_index(log->levels, enum diag_level, i));
	fwrite(log->text->str, 1, log->text->len, stream ? stream : stderr);
	g_array_free(log->levels, TRUE);
	g_string_free(log->text, TRUE);
	g_free(log);
}

struct diag_task {
	void (*fn)(void *data);
	void *data;
	GThread *thread;
};

static gpointer task_run(gpointer p)
{
	struct diag_task *t = p;
	diag_log_begin();
	t->fn(t->data);
	return diag_log_end();
}

struct diag_task *diag_task_start(const char *name, void (*fn)(void *data),
                                  void *data)
{
	struct diag_task *t = g_new0(struct diag_task, 1);
	t->fn = fn;
	t->data = data;
	t->thread = g_thread_try_new(name, task_run, t, NULL);
	if (!t->thread) {
		g_free(t);
		return NULL;
	}
	return t;
}

void diag_task_join(struct diag_task *t)
{
	diag_log_replay(g_thread_join(t->thread));
	g_free(t);
}
