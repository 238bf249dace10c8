/*
 * fuzz_theme.c - libFuzzer target: bytes as a theme (styles/NAME.yaml)
 * through theme_parse(), what theme_load() does with the bytes it read
 * (libyaml, every key's checks, the contrast) and, when it loads,
 * theme_check_page() (the text block and the lines on the page), papers
 * by name and by size, and the grayscale conversion.  Messages go to
 * /dev/null; any crash, sanitizer report or leak is a finding.
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	static const char *const papers[] = {"a4", "a5", "letter", "6in x 9in"};
	if (!null) {
		null = fopen("/dev/null", "w");
		diag_set_stream(null);
	}
	diag_reset();
	struct doc_loc at = {"book.yaml", 4, 8};
	struct theme *t =
	    theme_parse("fuzz", "styles/fuzz.yaml", (const char *)data, size);
	if (t && theme_check_page(t, &at))
		for (size_t i = 0; i < G_N_ELEMENTS(papers); i++)
			g_free(theme_set_paper(t, papers[i]));
	if (t)
		theme_grayscale(t);
	theme_free(t);
	return 0;
}
