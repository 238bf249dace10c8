/* words.c - the words octavo writes into a book, in one table. */
#include "words.h"

#include <glib.h>

#include "i18n.h"

/* Marks a msgid for xgettext (make pot). */
#define N_(s) (s)

static const char *const english[WORD_COUNT] = {
    [WORD_CONTENTS] = N_("Contents"),
    [WORD_COVER] = N_("Cover"),
    [WORD_TITLE_PAGE] = N_("Title page"),
    [WORD_START] = N_("Start of the book"),
    [WORD_LANDMARKS] = N_("Landmarks"),
    [WORD_PRINT_PAGES] = N_("Pages of the print edition"),
    [WORD_BACK_TO_NOTE] = N_("Back to note %s"),
    [WORD_BACK_TO_NOTE_REF] = N_("Back to reference %u of %u to note %s"),
    [WORD_BACK_TO_CITE_ONE] = N_("Back to the citation in %s"),
    [WORD_BACK_TO_CITE] = N_("Back to citation %u of %u, in %s"),
    [WORD_TASK_DONE] = N_("done"),
    [WORD_TASK_OPEN] = N_("not done"),
    [WORD_ALERT_NOTE] = N_("Note"),
    [WORD_ALERT_TIP] = N_("Tip"),
    [WORD_ALERT_IMPORTANT] = N_("Important"),
    [WORD_ALERT_WARNING] = N_("Warning"),
    [WORD_ALERT_CAUTION] = N_("Caution"),
};

const char *words(const struct doc *doc, enum word w)
{
	g_assert(w < WORD_COUNT);
	return i18n(doc, english[w]);
}

const char *words_in(struct doc *doc, const char *lang, enum word w)
{
	g_assert(w < WORD_COUNT);
	return i18n_in(doc, lang, english[w]);
}
