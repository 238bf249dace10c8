/*
 * cite.h - inside the citations pass: how an entry, a label and a list
 * order look in each style.  Everything is made of ordinary inline nodes
 * (TEXT, EMPH, LINK) in the doc's arena, so no output needs to know about
 * styles.  Private to src/pass/.
 */
#ifndef OCTAVO_CITE_H
#define OCTAVO_CITE_H

#include <stdbool.h>

#include "bib.h"
#include "doc.h"

/* Appends text to parent, joining it to a TEXT that ends parent. */
void citefmt_text(struct doc *doc, struct doc_node *parent, const char *s);
/* Appends a DOC_LINK to url (target may be NULL: a web address) holding
 * text; returns it. */
struct doc_node *citefmt_link(struct doc *doc, struct doc_node *parent,
                              const char *url, const struct doc_node *target,
                              const char *text);

/* The names a label shows: "Nushama", "Smith and Jones", "Smith, Jones,
 * and Lee", "Smith et al.", else the organisation, institution or title.
 * In the arena. */
const char *citefmt_short_names(struct doc *doc, const struct bib_entry *e);
/* A case-folded key that sorts an author-date list: names, then the year
 * (undated last), then the title.  In the arena. */
const char *citefmt_sort_key(struct doc *doc, const struct bib_entry *e);

/* Appends the formatted entry to para: Vancouver (NLM) when year_label is
 * NULL, else author-date (Chicago) with year_label ("2020a", "n.d.") as
 * its year. */
void citefmt_entry(struct doc *doc, struct doc_node *para,
                   const struct bib_entry *e, const char *year_label);

#endif
