/*
 * langtag.h - BCP 47 language tags (RFC 5646) checked against Debian's
 * iso-codes data: the language subtag must be an ISO 639 code, a script
 * ISO 15924's, a region ISO 3166-1's (or a UN M.49 number).  The code
 * lists are generated at build time (scripts/isocodes-gen), sorted for
 * bsearch.  Private to src/read/.
 */
#ifndef OCTAVO_READ_LANGTAG_H
#define OCTAVO_READ_LANGTAG_H

struct iso639_3 {
	const char *code; /* "eng" */
	const char *two;  /* its ISO 639-1 code, "en", or "" */
};

extern const char *const iso639_1[];
extern const unsigned long n_iso639_1;
extern const struct iso639_3 iso639_3[];
extern const unsigned long n_iso639_3;
extern const char *const iso15924[];
extern const unsigned long n_iso15924;
extern const char *const iso3166[];
extern const unsigned long n_iso3166;

/* NULL when tag is a valid language tag, else what is wrong with it (a
 * message for "language TAG is not ...", the caller g_frees it). */
char *langtag_problem(const char *tag);

#endif
