/*
 * words.h - the words octavo itself writes into a book (the labels of the
 * parts it makes: contents, landmarks, back links...), all in one table
 * (src/words.c), so that each is translated in one place.  The strings are
 * static: never free them.
 */
#ifndef OCTAVO_WORDS_H
#define OCTAVO_WORDS_H

#include "doc.h"

enum word {
	WORD_CONTENTS,         /* the heading of the table of contents */
	WORD_COVER,            /* landmark and guide entry of the cover page */
	WORD_TITLE_PAGE,       /* landmark and guide entry of the title page */
	WORD_START,            /* landmark of the first chapter */
	WORD_LANDMARKS,        /* the label of the hidden landmarks list */
	WORD_PRINT_PAGES,      /* the label of the hidden page list */
	WORD_BACK_TO_NOTE,     /* the link back from a note to its reference */
	WORD_BACK_TO_NOTE_REF, /* to one of a note's several references */
	WORD_BACK_TO_CITE_ONE, /* from a reference to its one citation */
	WORD_BACK_TO_CITE,     /* to one of its several citations */
	WORD_TASK_DONE,        /* what a ticked task box says: done */
	WORD_TASK_OPEN,        /* what an empty task box says: not done */
	WORD_ALERT_NOTE,       /* the titles of GitHub's alerts ("> [!NOTE]") */
	WORD_ALERT_TIP,
	WORD_ALERT_IMPORTANT,
	WORD_ALERT_WARNING,
	WORD_ALERT_CAUTION,
	WORD_COUNT
};

/* The word w in the book's language (i18n(): po/LL.po).  The BACK_TO_
 * words are printf formats: BACK_TO_NOTE takes the note's mark (%s: "3", "c");
 * BACK_TO_NOTE_REF the reference's place among the note's references,
 * their count and the note's mark (%u, %u, %s); BACK_TO_CITE_ONE the
 * citing chapter's title (%s); BACK_TO_CITE the citation's place among
 * the reference's citations, their count and the chapter's title (%u, %u,
 * %s). */
const char *words(const struct doc *doc, enum word w);
/* The word w in lang, the language of the text it goes with (a
 * chapter's): i18n_in(). */
const char *words_in(struct doc *doc, const char *lang, enum word w);

#endif
