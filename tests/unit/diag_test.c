/*
 * diag_test.c - the message table (include/diag.def) and -W: every name
 * is unique once written as -W and octavo(1) write it; the messages that
 * code picks at run time (diag_at() with an id in a variable, unchecked
 * by the compiler) take exactly one string; -W error makes a warning an
 * error, -W NAME=ignore silences one warning, and nothing makes an error
 * less.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "t.h"

static void names_unique_and_texts_plain(void)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (enum diag_id id = 0; id < DIAG_N; id++) {
		const struct diag_message *m = diag_message(id);
		T_CHECK(!g_hash_table_contains(seen, m->name));
		g_hash_table_add(seen, (gpointer)m->name);
		size_t n = strlen(m->text);
		/* one line, no full stop: the form after "error: " */
		T_CHECK(n > 0 && !strchr(m->text, '\n') &&
		        m->text[n - 1] != '.');
		T_CHECK(m->level >= DIAG_NOTE && m->level <= DIAG_USAGE);
	}
	g_hash_table_destroy(seen);
}

/* Exactly one conversion, and it is %s. */
static bool one_string(const char *text)
{
	const char *p = strchr(text, '%');
	return p && p[1] == 's' && !strchr(p + 2, '%');
}

static void runtime_ids_take_one_string(void)
{
	static const enum diag_id ids[] = {
	    DIAG_CHAPTER_PATH_ABSOLUTE,   DIAG_CHAPTER_NOT_MARKDOWN,
	    DIAG_CHAPTER_PATH_DOTS,       DIAG_PRINT_THEME_NAME,
	    DIAG_PRINT_HANDOUT_EMPTY,     DIAG_MANIFEST_EMPTY,
	    DIAG_MANIFEST_DATE,           DIAG_MANIFEST_VERSION,
	    DIAG_MANIFEST_SLUG,           DIAG_MANIFEST_URL,
	    DIAG_MANIFEST_CITATION_STYLE,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
		T_CHECK(one_string(diag_message(ids[i])->text));
	/* the empty path is given its path too, and shows none */
	T_CHECK(!strchr(diag_message(DIAG_CHAPTER_PATH_EMPTY)->text, '%'));
}

/* The text the next messages print, and the levels they count at. */
static char *capture(void (*fn)(void))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	FILE *old = diag_set_stream(f);
	fn();
	diag_set_stream(old);
	fclose(f);
	return text;
}

static void one_warning(void)
{
	struct doc_loc at = {"a.md", 3, 1};
	diag(&at, NOTE_UNUSED, "x");
}

static void one_error(void)
{
	struct doc_loc at = {"a.md", 4, 1};
	diag(&at, NOTE_NO_TEXT, "y");
}

static void w_option(void)
{
	diag_reset();
	char *t = capture(one_warning);
	T_STREQ(t, "a.md:3:1: warning: footnote [^x] is never referred to\n");
	T_CHECK(diag_worst() == DIAG_WARN);
	free(t);

	diag_reset();
	T_CHECK(diag_set_option("error"));
	t = capture(one_warning);
	T_STREQ(t, "a.md:3:1: error: footnote [^x] is never referred to\n");
	T_CHECK(diag_worst() == DIAG_ERROR);
	free(t);

	diag_reset();
	T_CHECK(diag_set_option("error"));
	T_CHECK(diag_set_option("note-unused=ignore"));
	t = capture(one_warning);
	T_STREQ(t, "");
	T_CHECK(diag_worst() == DIAG_OK);
	free(t);

	diag_reset();
	T_CHECK(diag_set_option("note-unused=warning"));
	T_CHECK(diag_set_option("error"));
	t = capture(one_warning);
	T_STREQ(t, "a.md:3:1: warning: footnote [^x] is never referred to\n");
	free(t);

	/* an error stays one; unknown names and levels change nothing */
	diag_reset();
	T_CHECK(!diag_set_option("note-no-text=ignore"));
	T_CHECK(!diag_set_option("note-no-text=warning"));
	T_CHECK(!diag_set_option("no-such-message=ignore"));
	T_CHECK(!diag_set_option("note-unused=loud"));
	T_CHECK(!diag_set_option("ignore"));
	T_CHECK(!diag_set_option("note-unused"));
	t = capture(one_error);
	T_STREQ(t, "a.md:4:1: error: footnote [^y] has no text\n");
	T_CHECK(diag_worst() == DIAG_ERROR);
	free(t);
	diag_reset();
}

static void usage_points_to_help(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	FILE *old = diag_set_stream(f);
	diag_reset();
	diag_path(NULL, USAGE_UNKNOWN_COMMAND, "bild");
	diag_set_stream(old);
	fclose(f);
	T_STREQ(text, "octavo: unknown command 'bild'\n"
	              "(octavo --help shows the usage)\n");
	T_CHECK(diag_worst() == DIAG_USAGE);
	free(text);
	diag_reset();
}

int main(void)
{
	T_RUN(names_unique_and_texts_plain);
	T_RUN(runtime_ids_take_one_string);
	T_RUN(w_option);
	T_RUN(usage_points_to_help);
	return t_failed ? 1 : 0;
}
