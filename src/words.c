/* words.c - the words octavo writes into a book, in one table. */
#include "words.h"

#include <glib.h>

static const char *const english[WORD_COUNT] = {
    [WORD_CONTENTS] = "Contents",
    [WORD_COVER] = "Cover",
    [WORD_TITLE_PAGE] = "Title page",
    [WORD_START] = "Start of the book",
    [WORD_LANDMARKS] = "Landmarks",
    [WORD_PRINT_PAGES] = "Pages of the print edition",
    [WORD_BACK_TO_NOTE] = "Back to note %s",
    [WORD_BACK_TO_NOTE_REF] = "Back to reference %u of %u to note %s",
    [WORD_BACK_TO_CITE_ONE] = "Back to the citation in %s",
    [WORD_BACK_TO_CITE] = "Back to citation %u of %u, in %s",
};

const char *words(const struct doc *doc, enum word w)
{
	(void)doc; /* one language yet: the catalogues will need it */
	g_assert(w < WORD_COUNT);
	return english[w];
}
