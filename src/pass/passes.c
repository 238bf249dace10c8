/* passes.c - the passes, in order. */
#include "pass.h"

static bool checked(struct doc *doc, const char *after)
{
#ifdef OCTAVO_DEBUG
	const char *why;
	if (!doc_check(doc->root, &why)) {
		diag_error(NULL, "internal: tree broken after %s: %s", after,
		           why);
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
	    {"titles", pass_titles}, {"ids", pass_ids},
	    {"notes", pass_notes},   {"cite", pass_cite},
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
