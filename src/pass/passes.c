/* passes.c - the passes, in order. */
#include "pass.h"

static bool checked(struct doc *doc, const char *after)
{
#ifdef OCTAVO_DEBUG
	const char *why;
	if (!doc_check(doc->root, &why)) {
		diag(NULL, INTERNAL_TREE, after, why);
		return false;
	}
#else
	(void)doc;
	(void)after;
#endif
	return true;
}

bool passes_run(struct doc *doc)
{
	static const struct {
		const char *name;
		bool (*run)(struct doc *);
	} passes[] = {
	    /* ids first: "{#id}" is no part of a chapter's title */
	    {"smart", pass_smart},   {"ids", pass_ids},
	    {"titles", pass_titles}, {"notes", pass_notes},
	    {"cite", pass_cite},     {"keys", pass_keys},
	    {"links", pass_links},   {"images", pass_images},
	};
	bool ok = checked(doc, "reading");
	for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++) {
		/* every pass runs, so one build reports every problem */
		if (!passes[i].run(doc))
			ok = false;
		if (!checked(doc, passes[i].name))
			return false;
	}
	return ok;
}
