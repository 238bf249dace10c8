/*
 * t.h - the unit tests' tiny harness.  Each test is a function run by
 * T_RUN; a failed T_CHECK prints where and why, and marks the test failed.
 * tests/run reads the "ok NAME" / "FAIL NAME" lines.
 */
#ifndef OCTAVO_T_H
#define OCTAVO_T_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool t_ok;
static unsigned t_failed;

#define T_CHECK(cond)                                                          \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("  %s:%d: check failed: %s\n", __FILE__,        \
			       __LINE__, #cond);                               \
			t_ok = false;                                          \
		}                                                              \
	} while (0)

#define T_STREQ(a, b)                                                          \
	do {                                                                   \
		const char *t_a = (a), *t_b = (b);                             \
		if (!t_a || !t_b || strcmp(t_a, t_b)) {                        \
			printf("  %s:%d: \"%s\" != \"%s\"\n", __FILE__,        \
			       __LINE__, t_a ? t_a : "(null)",                 \
			       t_b ? t_b : "(null)");                          \
			t_ok = false;                                          \
		}                                                              \
	} while (0)

#define T_RUN(fn)                                                              \
	do {                                                                   \
		t_ok = true;                                                   \
		fn();                                                          \
		printf("%s %s\n", t_ok ? "ok" : "FAIL", #fn);                  \
		if (!t_ok)                                                     \
			t_failed++;                                            \
	} while (0)

#endif
