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
	WORD_CONTENTS,     /* the heading of the table of contents */
	WORD_COVER,        /* landmark and guide entry of the cover page */
	WORD_TITLE_PAGE,   /* landmark and guide entry of the title page */
	WORD_START,        /* landmark of the first chapter */
	WORD_LANDMARKS,    /* the label of the hidden landmarks list */
	WORD_PRINT_PAGES,  /* the label of the hidden page list */
	WORD_BACK_TO_NOTE, /* back link of a footnote: "Back to note 3" */
	WORD_BACK_TO_CITE, /* back link of a reference, one per citation */
	WORD_NOTES,        /* the label of a chapter's footnotes */
	WORD_COUNT
};

/* The word w in the book's language (English for now).  The BACK_TO_
 * words are printf formats: BACK_TO_NOTE takes the note's number (%u),
 * BACK_TO_CITE the citation's number in the book (%u) and the chapter's
 * title (%s). */
const char *words(const struct doc *doc, enum word w);

#endif
