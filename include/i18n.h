/*
 * i18n.h - the words octavo adds to a book (contents, colophon, notes,
 * references, "page N of M", the handout's closing box, the EPUB's
 * navigation and accessibility summary) in the book's language, through
 * GNU gettext: po/LL.po in the repository, compiled by make into
 * locale/ beside fonts/ (one text domain per language, "octavo-LL", so that
 * outputs on several threads, and books in several languages in one
 * process, never touch the process's locale or environment).
 */
#ifndef OCTAVO_I18N_H
#define OCTAVO_I18N_H

#include "doc.h"

/* Chooses the catalogue in locale_dir (`make` fills it from po/; NULL:
 * none, English without a word) for doc's language (pt-BR: pt_BR, else pt;
 * zh-Hans, zh-CN, zh: zh_CN; zh-Hant, zh-TW: zh_TW) and keeps its domain
 * in doc->meta.text_domain; a language with none warns once, at book.yaml's
 * language:, and gets English.  Call once per book, before the passes and
 * before any thread. */
void i18n_load(struct doc *doc, const char *locale_dir);

/* msgid in doc's language (msgid itself in English or without a
 * catalogue).  Safe from any thread.  The result is gettext's: never
 * freed. */
const char *i18n(const struct doc *doc, const char *msgid);

/* msgid in lang, a language of some of doc's text (a chapter's): its
 * catalogue, found and bound on first use (read the chapters on one
 * thread), else doc's language (i18n()).  The result is gettext's. */
const char *i18n_in(struct doc *doc, const char *lang, const char *msgid);

/* "Label: value" (a colophon line) with the colon of doc's language
 * ("Date : ..." in French, "日付：..." in Japanese).  The caller g_frees
 * it. */
char *i18n_field(const struct doc *doc, const char *label, const char *value);

/* "25 November 2026" in doc's language (its own order and month
 * names), or NULL when the month or day is out of range.  The caller
 * g_frees it. */
char *i18n_date(const struct doc *doc, unsigned year, unsigned month,
                unsigned day);

/* Is lang written right to left (its script, or its script subtag:
 * ar, he, fa, ur, az-Arab)? */
bool i18n_rtl(const char *lang);

/* The direction of text's first strong letter: 1 right to left, 0 left
 * to right, -1 none. */
int i18n_text_dir(const char *text);

/* The direction of block n's text, from its first strong letter (as
 * HTML's dir="auto"): 1 right to left, 0 left to right, -1 none.  An
 * alert's title (words.c, in the book's language) has none of its own:
 * it takes its alert's, which is that of the alert's own text. */
int i18n_block_dir(const struct doc_node *n);

/* Is block n set right to left: its own first strong letter says, else
 * that of the nearest quote, list, item or div above it that has one,
 * else its language (its chapter's or the book's).  The side of its
 * indents, its quote's rule and its list marker follow it in both
 * outputs. */
bool i18n_block_rtl(const struct doc_node *n);
/* The direction of the blocks around n: that of the nearest quote, list,
 * item or div above it with a strong letter, else its language's. */
bool i18n_around_rtl(const struct doc_node *n);
/* Has the book any right-to-left text: its language, a chapter's or an
 * element's, or a letter of any text? */
bool i18n_doc_has_rtl(const struct doc *doc);

#endif
