/*
 * fuzz_manifest.c - libFuzzer target: bytes as book.yaml through the
 * manifest reader (libyaml, then every key's checks).  Messages go to
 * /dev/null; any crash, sanitizer report or leak is a finding.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "doc.h"
#include "read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	if (!null) {
		null = fopen("/dev/null", "w");
		diag_set_stream(null);
	}
	diag_reset();
	struct doc *doc = doc_new();
	manifest_parse(doc, "book.yaml", (const char *)data, size);
	doc_free(doc);
	return 0;
}
