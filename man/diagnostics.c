/*
 * diagnostics.c - prints the list of octavo's messages for octavo(1)'s
 * DIAGNOSTICS section, in troff, from include/diag.def: each group, then
 * each message's name, level and text (its printf conversions shown as
 * "...", "N" or "C").  scripts/man-diagnostics puts it into man/octavo.1.
 */
#include <stdio.h>
#include <string.h>

#include "diag.h"

static const char *const level_names[] = {
    [DIAG_NOTE] = "note",  [DIAG_WARN] = "warning", [DIAG_ERROR] = "error",
    [DIAG_SYS] = "system", [DIAG_USAGE] = "usage",
};

/* Text for troff: no request at a line's start, escapes for \ ' " -. */
static void put_text(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		switch (*s) {
		case '\\': fputs("\\e", stdout); break;
		case '\'': fputs("\\(aq", stdout); break;
		case '"': fputs("\\(dq", stdout); break;
		case '-': fputs("\\-", stdout); break;
		default: putchar(*s);
		}
	}
}

/* A printf format with its conversions as placeholders. */
static void put_format(const char *f)
{
	char lit[512];
	size_t n = 0;
	for (const char *p = f; *p; p++) {
		if (*p != '%' || p[1] == '%') {
			if (n + 1 < sizeof lit)
				lit[n++] = *p;
			p += *p == '%';
			continue;
		}
		p += strspn(p + 1, "0123456789.*-+ #lhzjt") + 1;
		lit[n] = '\0';
		put_text(lit);
		n = 0;
		fputs(*p == 's'   ? "\\fI...\\fP"
		      : *p == 'c' ? "\\fIC\\fP"
		                  : "\\fIN\\fP",
		      stdout);
	}
	lit[n] = '\0';
	put_text(lit);
}

static void put_group(const char *title)
{
	fputs(".SS ", stdout);
	put_text(title);
	putchar('\n');
}

static void put_message(enum diag_id id)
{
	const struct diag_message *m = diag_message(id);
	fputs(".TP\n.BR ", stdout);
	put_text(m->name);
	printf(" \" (%s)\"\n", level_names[m->level]);
	put_format(m->text);
	putchar('\n');
}

int main(void)
{
#define DIAG_GROUP(title)       put_group(title);
#define DIAG(name, level, text) put_message(DIAG_##name);
#include "diag.def"
#undef DIAG
#undef DIAG_GROUP
	return 0;
}
