/*
 * fuzz_bib.c - libFuzzer target: bytes as a BibTeX file through bib_parse();
 * then every entry read must be found again by its key (bib_find) and its
 * case-insensitive twin, and every broken key must say so.  Messages go to
 * /dev/null; a crash, sanitizer report, leak or a lookup that fails is a
 * finding.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bib.h"
#include "diag.h"
#include "doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	bool ok;
	if (!null) {
		null = fopen("/dev/null", "w");
		diag_set_stream(null);
	}
	diag_reset();
	struct doc *doc = doc_new();
	struct bib *bib =
	    bib_parse(doc, "refs.bib", (const char *)data, size, &ok);
	if (!bib)
		abort();
	for (size_t i = 0; i < bib->n_entries; i++) {
		const struct bib_entry *e = bib->entries[i];
		const struct bib_entry *f = bib_find(bib, e->key);
		if (!f || !bib_find_nocase(bib, e->key) ||
		    bib_type_name(e->type) == NULL) {
			fprintf(stderr, "entry '%s' is not found by its key\n",
			        e->key);
			abort();
		}
	}
	for (size_t i = 0; i < bib->n_broken; i++)
		if (!bib_is_broken(bib, bib->broken[i]))
			abort();
	doc_free(doc);
	return 0;
}
