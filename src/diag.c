/* diag.c - messages with locations, and the worst level seen. */
#include "diag.h"

#include <glib.h>
#include <stdarg.h>
#include <string.h>

static FILE *stream;
static enum diag_level worst;
static unsigned counts[DIAG_USAGE + 1];

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

/* ------------------------------------------------------------ the table */

static const struct diag_message messages[DIAG_N] = {
#define DIAG(name, level, text) {#name, DIAG_##level, text},
#define DIAG_GROUP(title)
#include "diag.def"
#undef DIAG
#undef DIAG_GROUP
};

/* The table as shown: "IMAGE_MISSING" -> "image-missing", made once. */
static struct diag_message shown[DIAG_N];
static char *names[DIAG_N];
static GOnce names_once = G_ONCE_INIT;

static gpointer make_names(gpointer unused)
{
	for (size_t i = 0; i < DIAG_N; i++) {
		names[i] = g_ascii_strdown(messages[i].name, -1);
		g_strdelimit(names[i], "_", '-');
		shown[i] = messages[i];
		shown[i].name = names[i];
	}
	return NULL;
}

const struct diag_message *diag_message(enum diag_id id)
{
	g_once(&names_once, make_names, NULL);
	return id < DIAG_N ? &shown[id] : NULL;
}

/* -W: the level warnings are reported at, and each message's own level
 * when -W NAME=LEVEL set one (DIAG_OK: not reported; 0 in set: not set). */
static enum diag_level warn_level = DIAG_WARN;
static enum diag_level set_level[DIAG_N];
static bool level_set[DIAG_N];

static enum diag_level level_of(enum diag_id id)
{
	enum diag_level level = messages[id].level;
	if (level != DIAG_WARN)
		return level;
	return level_set[id] ? set_level[id] : warn_level;
}

static bool parse_level(const char *s, bool ignore, enum diag_level *out)
{
	if (!strcmp(s, "warning"))
		*out = DIAG_WARN;
	else if (!strcmp(s, "error"))
		*out = DIAG_ERROR;
	else if (ignore && !strcmp(s, "ignore"))
		*out = DIAG_OK;
	else
		return false;
	return true;
}

bool diag_set_option(const char *arg)
{
	const char *eq = strchr(arg, '=');
	enum diag_level level;
	if (!eq) {
		if (!parse_level(arg, false, &level))
			return false;
		warn_level = level;
		return true;
	}
	g_once(&names_once, make_names, NULL);
	for (size_t i = 0; i < DIAG_N; i++) {
		if (strncmp(names[i], arg, (size_t)(eq - arg)) ||
		    names[i][eq - arg] || messages[i].level != DIAG_WARN)
			continue;
		if (!parse_level(eq + 1, true, &level))
			return false;
		set_level[i] = level;
		level_set[i] = true;
		return true;
	}
	return false;
}

/* ------------------------------------------------------------ reporting */

static const char *level_word(enum diag_level level)
{
	switch (level) {
	case DIAG_NOTE: return "note: ";
	case DIAG_WARN: return "warning: ";
	default: return "error: ";
	}
}

static void vreport(enum diag_id id, const struct doc_loc *loc,
                    const char *path, bool located, va_list ap)
{
	enum diag_level level = level_of(id);
	if (level == DIAG_OK)
		return;
	GString *s = g_string_new(NULL);
	if (located) {
		put_loc(s, loc);
		g_string_append(s, level_word(level));
	} else {
		g_string_append(s, "octavo: ");
		if (path)
			g_string_append_printf(s, "%s: ", path);
	}
	g_string_append_vprintf(s, messages[id].text, ap);
	g_string_append_c(s, '\n');
	if (level == DIAG_USAGE)
		g_string_append(s, "(octavo --help shows the usage)\n");
	emit(level, s);
	g_string_free(s, TRUE);
}

/* This thread's diag_set_remap(): the function and its data. */
static GPrivate remap_fn, remap_data;

void diag_set_remap(void (*fn)(void *data, struct doc_loc *loc), void *data)
{
	g_private_set(&remap_fn, *(gpointer *)&fn);
	g_private_set(&remap_data, data);
}

void diag_at(const struct doc_loc *loc, enum diag_id id, ...)
{
	va_list ap;
	gpointer p = g_private_get(&remap_fn);
	struct doc_loc moved;
	if (p && loc) {
		void (*fn)(void *, struct doc_loc *);
		*(gpointer *)&fn = p;
		moved = *loc;
		fn(g_private_get(&remap_data), &moved);
		loc = &moved;
	}
	va_start(ap, id);
	vreport(id, loc, NULL, true, ap);
	va_end(ap);
}

void diag_on(const char *path, enum diag_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	vreport(id, NULL, path, false, ap);
	va_end(ap);
}

enum diag_level diag_worst(void)
{
	return worst;
}

unsigned diag_count(enum diag_level level)
{
	return level <= DIAG_USAGE ? counts[level] : 0;
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
	for (size_t i = 0; i <= DIAG_USAGE; i++)
		counts[i] = 0;
	warn_level = DIAG_WARN;
	for (size_t i = 0; i < DIAG_N; i++)
		level_set[i] = false;
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

void diag_log_free(struct diag_log *log)
{
	if (!log)
		return;
	g_array_free(log->levels, TRUE);
	g_string_free(log->text, TRUE);
	g_free(log);
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
