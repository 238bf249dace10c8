/* diag.c - messages with locations, and the worst level seen. */
#include "diag.h"

#include <stdarg.h>

static FILE *stream;
static enum diag_level worst;
static unsigned counts[DIAG_SYS + 1];

static void note_level(enum diag_level level)
{
	if (level > worst)
		worst = level;
	counts[level]++;
}

static void put_loc(FILE *f, const struct doc_loc *loc)
{
	if (!loc || !loc->file) {
		fputs("octavo: ", f);
		return;
	}
	fputs(loc->file, f);
	if (loc->line) {
		fprintf(f, ":%u", loc->line);
		if (loc->col)
			fprintf(f, ":%u", loc->col);
	}
	fputs(": ", f);
}

static void vreport(enum diag_level level, const struct doc_loc *loc,
                    const char *fmt, va_list ap)
{
	FILE *f = stream ? stream : stderr;
	note_level(level);
	put_loc(f, loc);
	fputs(level == DIAG_WARN ? "warning: " : "error: ", f);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
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
	FILE *f = stream ? stream : stderr;
	note_level(level);
	fputs("octavo: ", f);
	if (path)
		fprintf(f, "%s: ", path);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
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
