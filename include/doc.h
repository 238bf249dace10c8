/*
 * doc.h - THE document tree.  Every reader builds it, every pass edits it,
 * every output reads it.
 *
 * Ownership: a struct doc owns one arena; every node and every string
 * hanging off a node or off doc->meta lives in that arena and goes away with
 * doc_free().  Outputs take const pointers and never keep any.
 *
 * A node holds its kind, its links, its source location, an optional id (set
 * by the ids pass, used as the anchor in every output) and a small union for
 * its kind.  It never holds HTML, PDF fields or cached output.
 *
 * Citations (the cite pass, src/pass/cite.c) are made of ordinary nodes so
 * that an output needs almost nothing new:
 *
 *   DOC_CITATION, an inline container with an id ("cite-N"), in place of
 *   "[@key]", "[@a; @b, p. 12]" or "@key".  Its children are the text to
 *   show, already in the book's style: TEXT "[", LINK "3", TEXT ", ", LINK
 *   "5", TEXT "]" (Vancouver) or TEXT "(", LINK "Nushama n.d.", TEXT ")"
 *   (author-date).  Each LINK's u.link.target is the DOC_ITEM of its entry.
 *
 *   DOC_BIBLIOGRAPHY, a block where the chapter said "[bibliography]" (else
 *   at the end of the last chapter, before its notes).  u.bibliography.
 *   heading is the heading that titles it: its own first child (a generated
 *   "References" heading with an id, when there was no marker) or the
 *   nearest heading above the marker (may be NULL).  Then one DOC_LIST:
 *   ordered from 1 (Vancouver) or bullet (author-date: show no bullets, use a
 *   hanging indent).  Each DOC_ITEM has the id "ref-KEY" and one paragraph:
 *   the entry as TEXT, EMPH (titles) and LINK (web addresses, url set, no
 *   target), then TEXT " " and one back link per citation of the entry: a
 *   LINK whose u.link.target is the DOC_CITATION (text "↑" when cited once;
 *   else "↑ " then links "a", "b", ...; u.link.title names the chapter).
 *
 * What the outputs do with them:
 *   EPUB: DOC_BIBLIOGRAPHY -> <section epub:type="bibliography"
 *   role="doc-bibliography" aria-labelledby="HEADING-ID"> (aria-label
 *   "References" when heading is NULL) rendering its children; DOC_CITATION
 *   -> <span id="cite-N"> rendering its children.  A DOC_LINK whose target
 *   has a DOC_BIBLIOGRAPHY above it gets role="doc-biblioref"; a DOC_LINK
 *   whose target is a DOC_CITATION gets role="doc-backlink".  Hrefs come
 *   from target->id and doc_node_chapter(target), as for any internal link.
 *   The contents (nav) list a DOC_BIBLIOGRAPHY's own heading like a section
 *   heading; the landmarks may point at the section.
 *   PDF: the same, as a section (its heading in the outline when it is its
 *   own) and an inline span with a destination named by the citation's id;
 *   each link clickable; a back link may show the page number of its
 *   citation instead of its text.
 */
#ifndef OCTAVO_DOC_H
#define OCTAVO_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "diag.h"

struct arena;

enum doc_kind {
	/* structure */
	DOC_BOOK,    /* root: children are DOC_CHAPTER */
	DOC_CHAPTER, /* one source file */
	/* blocks */
	DOC_HEADING,
	DOC_PARAGRAPH,
	DOC_BLOCKQUOTE,
	DOC_LIST,
	DOC_ITEM,
	DOC_CODE_BLOCK,
	DOC_HTML_BLOCK, /* raw HTML: kept for the record, never rendered */
	DOC_THEMATIC_BREAK,
	DOC_TABLE,
	DOC_TABLE_ROW,
	DOC_TABLE_CELL,
	DOC_NOTE,         /* a footnote's body; children are blocks */
	DOC_BIBLIOGRAPHY, /* the generated reference list (see above) */
	/* blocks from raw HTML (src/read/html.c) */
	DOC_DIV,      /* <div>: blocks, perhaps with an id */
	DOC_DETAILS,  /* <details>: a DOC_SUMMARY first, then blocks */
	DOC_SUMMARY,  /* <summary>: inlines */
	DOC_DEF_LIST, /* <dl>: DOC_DEF_TERM and DOC_DEF_DESC */
	DOC_DEF_TERM, /* <dt>: inlines */
	DOC_DEF_DESC, /* <dd>: blocks */
	DOC_FIGURE,   /* <figure>: blocks, and a DOC_CAPTION */
	DOC_CAPTION,  /* <figcaption>: inlines */
	/* TeX display math ($$...$$ alone in its paragraph, \\[...\\], a
	 * ```math block): a leaf; u.literal.text is the TeX as written */
	DOC_MATH_BLOCK,
	/* inlines */
	DOC_TEXT,
	DOC_SOFTBREAK,
	DOC_LINEBREAK,
	DOC_CODE,
	DOC_HTML_INLINE, /* never rendered */
	DOC_EMPH,
	DOC_STRONG,
	DOC_STRIKE,
	DOC_LINK,
	DOC_IMAGE,
	DOC_NOTE_REF, /* points at a DOC_NOTE */
	DOC_CITATION, /* inline container: a citation as shown (see above) */
	/* inline containers from raw HTML (src/read/html.c) */
	DOC_SUPERSCRIPT, /* <sup> */
	DOC_SUBSCRIPT,   /* <sub> */
	DOC_KBD,         /* <kbd>: keys to press */
	DOC_SPAN,        /* <span>, <a id> without href: an anchor (its id) */
	DOC_ABBR,        /* <abbr title>: u.span.title */
	/* the other phrase elements of HTML (<mark>, <u>, <q>, <ruby>...):
	 * one kind, u.phrase.look says which (enum doc_look) */
	DOC_PHRASE,
	/* a task list item's box ("- [ ]", "- [x]"): a leaf first in its
	 * item's first paragraph; u.item.task */
	DOC_TASK,
	/* TeX math in running text ($...$, $`...`$, \\(...\\); $$...$$
	 * where no block can stand, see display): a leaf; u.literal.text is the
	 * TeX as written, without its delimiters; no escape of Markdown's is
	 * applied to it.  octavo typesets no math: outputs show the TeX, as
	 * math source */
	DOC_MATH,
	DOC_KIND_COUNT
};

/* GitHub's alerts: a block quote that opens with "[!NOTE]" on a line
 * of its own (or TIP, IMPORTANT, WARNING, CAUTION) */
enum doc_alert {
	DOC_ALERT_NONE,
	DOC_ALERT_NOTE,
	DOC_ALERT_TIP,
	DOC_ALERT_IMPORTANT,
	DOC_ALERT_WARNING,
	DOC_ALERT_CAUTION
};

/* A DOC_PHRASE's element, and so its look in every output.  Q holds
 * its quotation marks as its first and last TEXT children (English's,
 * double, single inside another Q; the smart pass gives them the
 * language's); RT is a RUBY's reading, each output writing its own
 * parentheses (<rp>) around it.  doc_look_name() is the HTML name. */
enum doc_look {
	DOC_LOOK_MARK,  /* highlighted */
	DOC_LOOK_U,     /* underlined */
	DOC_LOOK_INS,   /* inserted: underlined */
	DOC_LOOK_SMALL, /* smaller */
	DOC_LOOK_Q,     /* quoted */
	DOC_LOOK_CITE,  /* a work's title: italic */
	DOC_LOOK_VAR,   /* a variable: italic */
	DOC_LOOK_DFN,   /* the term defined: italic */
	DOC_LOOK_SAMP,  /* a program's output: the code face */
	DOC_LOOK_RUBY,  /* base text and its RT */
	DOC_LOOK_RT,    /* a reading, in a RUBY */
	DOC_LOOK_BDI,   /* isolated from the direction around it */
	DOC_LOOK_BDO,   /* in u.phrase.dir, whatever its letters' */
	DOC_LOOK_COUNT
};

enum doc_dir {
	DOC_DIR_NONE, /* the letters' own (BDO: never) */
	DOC_DIR_LTR,
	DOC_DIR_RTL
};

enum doc_task {
	DOC_TASK_NONE,
	DOC_TASK_OPEN, /* "- [ ]" */
	DOC_TASK_DONE  /* "- [x]" */
};

enum doc_align {
	DOC_ALIGN_NONE,
	DOC_ALIGN_LEFT,
	DOC_ALIGN_CENTER,
	DOC_ALIGN_RIGHT
};

struct doc_node {
	enum doc_kind kind;
	struct doc_node *parent, *first, *last, *prev, *next;
	struct doc_loc loc;
	/* anchor, unique in its chapter (one file of the EPUB), or NULL;
	 * see "Ids" below */
	const char *id;
	/* unique in the whole book (the PDF is one document): a chapter's is
	 * its id, any other node's "CHAPTER-ID/ID"; set by pass_keys() */
	const char *key;
	/* the language of its text when declared on it (BCP 47, checked):
	 * the book's on the DOC_BOOK, a chapter's language: in book.yaml, an
	 * HTML element's lang=; NULL: its parent's (doc_node_lang()) */
	const char *lang;
	/* an HTML block's align= or text-align: (<p align="center">,
	 * <div align="right">, <center>), which the blocks of text inside
	 * it follow (doc_node_align()); NONE: its kind's */
	enum doc_align align;
	union {
		struct {
			const char *src; /* path as listed in book.yaml */
			const char *
			    stem; /* file name without ".md": the output name */
			const char *title; /* plain text of its first heading */
			unsigned number;   /* 1-based position in the book */
			/* made by octavo, not listed in book.yaml: the
			 * edition history (CHANGES.md), after the chapters */
			bool generated;
			/* an mdBook SUMMARY.md's nesting: 0 for a chapter,
			 * 1 for its sub-chapter, ...; never more than the
			 * chapter before it + 1 */
			unsigned depth;
			/* the title of the SUMMARY.md part ("# Title") the
			 * chapter is in, the same string for each chapter of
			 * the part, or NULL */
			const char *part;
		} chapter;
		struct {
			int level; /* 1..6 */
		} heading;
		struct {
			bool ordered;
			bool tight;
			int start;
		} list;
		struct {
			/* ITEM and TASK: whether the item is a task, done */
			enum doc_task task;
		} item;
		struct {
			/* BLOCKQUOTE: an alert; its first child is then a
			 * paragraph that says which, in bold */
			enum doc_alert alert;
		} quote;
		struct {
			/* TEXT, CODE, CODE_BLOCK, HTML_*, MATH, MATH_BLOCK:
			 * UTF-8 */
			const char *text;
			const char *info; /* CODE_BLOCK: info string or NULL */
			/* TEXT: one character written with a backslash (\[,
			 * \@): plain text that no pass may read as markup */
			bool escaped;
			/* MATH: written as display math ($$...$$, \\[...\\])
			 * where it could not stand alone (in a heading, a
			 * cell, an emphasis): shown inline */
			bool display;
		} literal;
		struct {
			const char *url;   /* as written */
			const char *title; /* or NULL */
			/* set by the links pass for links inside the book: the
			 * chapter or heading (or other node with an id) it
			 * names */
			const struct doc_node *target;
			/* a reference link ([text][label]): where "[label]:
			 * url" is written, the place to mend it; else line 0 */
			struct doc_loc def;
		} link;
		struct {
			const char *url;   /* as written (src) */
			const char *title; /* or NULL */
			const char
			    *path; /* images pass: absolute path on disk */
			const char *
			    media_type; /* images pass: image/png, image/jpeg */
			unsigned width, height; /* images pass: pixels */
			/* raw HTML <img> without alt: nothing says what it
			 * shows (Markdown's ![]() says "nothing" on purpose) */
			bool no_alt;
			/* images pass: no alt text and no caption, on
			 * purpose: decoration, not told to readers */
			bool decorative;
		} image;
		struct {
			const char *label; /* as written: [^label] */
			unsigned
			    number; /* notes pass: 1-based within chapter */
			struct doc_node *note;      /* NOTE_REF: the DOC_NOTE */
			struct doc_node *first_ref; /* NOTE: first reference */
			/* notes pass: what the reference and the note show:
			 * the number, or a letter (a, b, ... z, aa) in a book
			 * whose citations are numbered, so that "[1]" and a
			 * note never look alike */
			const char *mark;
		} note;
		struct {
			unsigned ncols;        /* TABLE */
			enum doc_align *align; /* TABLE: ncols entries */
			bool header;           /* ROW: the header row */
		} table;
		struct {
			/* CITATION (cite pass); the children say what to show
			 */
			const char *keys; /* the keys cited, "a;b" */
			const char
			    *label; /* "3", "2, 5" or "Smith 2020; Lee n.d." */
			const char
			    *locator; /* "p. 12" (one key only) or NULL */
			bool in_text; /* @key in running text, not [@key] */
		} cite;
		struct {
			/* TABLE_CELL: the columns and rows it spans (1 and 1
			 * for Markdown's), its alignment, and whether it is a
			 * header cell (<th>, or in a header row) */
			unsigned colspan, rowspan;
			enum doc_align align;
			bool header;
		} cell;
		struct {
			const char *title; /* ABBR: the expansion, or NULL */
		} span;
		struct {
			enum doc_look look;
			enum doc_dir dir; /* BDO, BDI: dir= */
		} phrase;
		struct {
			/* BIBLIOGRAPHY: the heading that titles it, or NULL */
			const struct doc_node *heading;
		} bibliography;
	} u;
};

/* The manifest, as read from book.yaml.  Strings live in the doc's arena.
 * The loc of a field is where its value was written (for messages). */
/* One more print of the edition (book.yaml's prints:): the whole book in
 * another theme, or a handout of some chapters. */
struct doc_print {
	const char *theme;    /* or NULL: the book's (a handout: "handout") */
	const char *paper;    /* a4, letter, a5, or NULL: the theme's */
	const char *chapters; /* a handout's chapters ("08-safe-use,..") */
	bool booklet, grayscale; /* handouts only */
	struct doc_loc loc;
};

enum { DOC_MAX_PRINTS = 16 };
/* The most chapters book.yaml may list (octavo(1), LIMITS). */
enum { DOC_MAX_CHAPTERS = 10000 };

struct doc_meta {
	const char *title, *subtitle;
	const char **authors; /* NULL-terminated */
	size_t n_authors;
	const char *publisher;
	const char *language;        /* BCP 47, e.g. "en-US" */
	struct doc_loc language_loc; /* where it was given (messages) */
	/* an mdBook project whose book.toml names none: mdBook's "en" */
	bool language_default;
	/* i18n.c: the gettext domain of the words octavo adds, or NULL
	 * (English) */
	const char *text_domain;
	const char *identifier; /* stable, e.g. "urn:isbn:..." or any string */
	const char *uuid;       /* doc_meta_uuid(), set by pass_meta */
	const char *edition, *version;
	const char *date; /* YYYY-MM-DD */
	const char *license;
	const char *description;
	const char **keywords; /* NULL-terminated */
	size_t n_keywords;
	const char *theme;
	struct doc_loc theme_loc; /* where 'theme:' was given (messages) */
	const char *bibliography; /* .bib path, relative to the book folder */
	struct doc_loc bibliography_loc; /* where it was given (messages) */
	const char *citation_style; /* "vancouver" (default), "author-date" */
	const char *url; /* the digital edition's address (http or https) */
	/* css: the author's style sheet for the EPUB, a path in the book
	 * folder, or NULL; its text (UTF-8, checked) once stylesheet_read()
	 * has read it */
	const char *css;
	struct doc_loc css_loc;
	const char *css_text;
	/* cover: the author's cover image, a DOC_IMAGE node outside the tree
	 * (u.image.url as given, loc at the value; the images pass fills in
	 * path, media_type and size), or NULL: octavo draws the cover;
	 * cover-in-pdf: the PDF opens with it too */
	struct doc_node *cover;
	bool cover_in_pdf;
	/* colophon: the lines the book leaves out (none by default) */
	struct doc_colophon {
		bool no_identifier;  /* Identifier: ... */
		bool no_fingerprint; /* Fingerprint: ... (SHA-256 of ...) */
		bool no_typefaces;   /* Set in ... */
		bool no_made_with;   /* ... with octavo VERSION */
	} colophon;
	struct doc_print *prints; /* prints: in book.yaml */
	size_t n_prints;
	const char **left_out; /* chapters (src) left out of this build, as
	                          in a handout; NULL-terminated, or NULL */
	const char *slug;      /* output file base name */
	const char
	    *basename;   /* slug-version (or slug): what outputs are called */
	const char *dir; /* the book folder (absolute) */
	const char *manifest; /* path of book.yaml as given (for messages) */
	/* the SUMMARY.md that lists the chapters (mdBook's book.toml, or
	 * book.yaml's 'summary:'), relative to the book folder, or NULL */
	const char *summary;
	/* an mdBook project, read from book.toml: built as mdBook builds it,
	 * so a link that leads nowhere is a warning, not an error */
	bool mdbook;
	struct doc_loc loc; /* book.yaml itself */
	time_t modified;    /* SOURCE_DATE_EPOCH, else the date at 00:00 UTC */
	/* SHA-256 (hex) of the list of input files and their hashes
	 * (sources.h), set before the outputs are rendered; or NULL */
	const char *fingerprint;
};

struct doc {
	struct arena *arena;
	struct doc_node *root; /* DOC_BOOK */
	struct doc_meta meta;
	void *ids; /* the ids given so far, per chapter (doc_id_*) */
	/* the files chapters include ({{#include}}), paths in the book
	 * folder (arena strings), each once; NULL: none */
	void *included; /* GPtrArray */
};

/* Returns a new, empty book (a DOC_BOOK root) that the caller owns. */
struct doc *doc_new(void);
/* Adds rel (a path in the book folder, in doc's arena) to
 * doc->included, once. */
void doc_include_add(struct doc *doc, const char *rel);
/* Releases the book and everything in its arena; NULL does nothing. */
void doc_free(struct doc *doc);

/* A new node owned by doc's arena, not yet linked. */
struct doc_node *doc_node_new(struct doc *doc, enum doc_kind kind,
                              const struct doc_loc *loc);
void doc_node_append(struct doc_node *parent, struct doc_node *child);
void doc_node_insert_before(struct doc_node *sibling, struct doc_node *child);
/* Takes node (and its subtree) out of the tree; it stays in the arena. */
void doc_node_unlink(struct doc_node *node);

bool doc_kind_is_block(enum doc_kind kind);
/* Is u.literal.text what a node of kind shows (TEXT, CODE, CODE_BLOCK,
 * MATH, MATH_BLOCK)?  Raw HTML's is not. */
bool doc_kind_shows_text(enum doc_kind kind);
/* Is the table cell a header (th, TH)?  One that says nothing (the empty
 * corner of a table whose rows and columns both have headers) is not:
 * a header without words names nothing, and readers flag it. */
bool doc_cell_is_header(const struct doc_node *cell);
/* Has the book TeX math (DOC_MATH, DOC_MATH_BLOCK)? */
bool doc_has_math(const struct doc *doc);
/* The headings open where the next one comes: their levels as written by
 * the author, outermost first.  Zeroed: none (a chapter's start). */
struct doc_headings {
	int n;
	int levels[6];
};
/* The level a heading of level is written at, after the headings in h
 * (which it updates): one more than the open headings of a lower level,
 * so no level is skipped, as readers that go from heading to heading
 * (and Ace, and PDF/UA) want, and siblings stay siblings: "# A",
 * "#### B", "#### C", "## D" are written h1, h2, h2, h2. */
int doc_heading_level(struct doc_headings *h, int level);
/* The levels (bit N for level N) of the headings that doc_heading_level()
 * writes at another level somewhere in the book: their look is their
 * own level's, so the style sheet needs a class for each. */
unsigned doc_heading_skips(const struct doc *doc);
const char *doc_kind_name(enum doc_kind kind);
/* The HTML element of a phrase's look ("mark", "rt"); the look named
 * name (any case), or DOC_LOOK_COUNT when none is. */
const char *doc_look_name(enum doc_look look);
enum doc_look doc_look_of(const char *name);
/* The looks of the phrases in the book, bit (1u << look) for each. */
unsigned doc_looks(const struct doc *doc);

/* The book's urn:uuid, the one rule: its identifier when that is a
 * urn:uuid, else the name-based UUID (uuid_from_name) of its identifier,
 * or of its title when it has none.  Caller frees. */
char *doc_meta_uuid(const struct doc_meta *meta);

/* Nearest DOC_CHAPTER above (or at) node, or NULL. */
const struct doc_node *doc_node_chapter(const struct doc_node *node);
/* The language node's text is in: the nearest lang at or above it, else
 * doc's language (NULL when it has none, or doc is NULL). */
const char *doc_node_lang(const struct doc *doc, const struct doc_node *node);
/* The alignment a block of text (a paragraph, a heading) is set with:
 * its own align, else the nearest of the blocks around it in its table
 * cell or chapter; NONE when none says. */
enum doc_align doc_node_align(const struct doc_node *node);
/* Is a different language declared on node than around it (its parent's,
 * or the book's for a chapter)?  Outputs mark such a node (lang=, /Lang). */
bool doc_node_lang_differs(const struct doc *doc, const struct doc_node *node);
/* The nodes that declare a language of whole blocks (the book, a chapter,
 * an HTML block element; not an inline's, whose words are never
 * hyphenated), the first of each language (compared without case), in
 * document order.  The caller frees the array (g_ptr_array_unref). */
void *doc_languages(const struct doc *doc);
/* Does node (a block of inlines) show nothing: no text but white space, no
 * image, code or note call (a paragraph holding only <a id="x"></a>)?
 * Outputs write such a block's anchors without the block. */
bool doc_node_is_blank(const struct doc_node *node);
/* Plain text of node's inline content (a ruby's reading in parentheses
 * after its base), into the arena. */
char *doc_node_text(struct doc *doc, const struct doc_node *node);
/* Appends node's plain text to a GString (glib's; void * to keep glib.h out).
 */
void doc_node_text_append(const struct doc_node *node, void *gstring);

/* Ids.  An id is unique within its chapter, as GitHub makes heading ids
 * per file: two chapters may both have "options".  Everything that gives
 * a node an id goes through these two, so that no two nodes of a chapter
 * share one.  doc_id_take() records id (a string that outlives doc) for
 * chapter; false when the chapter has it already.  doc_id_unique()
 * returns base, else base-1, base-2, ... (GitHub's rule for duplicate
 * headings): the first the chapter does not have, recorded, in the
 * arena. */
bool doc_id_take(struct doc *doc, const struct doc_node *chapter,
                 const char *id);
const char *doc_id_unique(struct doc *doc, const struct doc_node *chapter,
                          const char *base);
/* Does chapter have id already? */
bool doc_id_taken(const struct doc *doc, const struct doc_node *chapter,
                  const char *id);

/* Walking: enter and leave for nodes that may have children, enter only
 * for leaves (TEXT, SOFTBREAK, LINEBREAK, CODE, CODE_BLOCK, HTML_*,
 * THEMATIC_BREAK, NOTE_REF; IMAGE has children: its alt text; CITATION
 * has children: what it shows).
 * A walk may edit the node it got on DOC_LEAVE (and what is below it),
 * nothing else. */
enum doc_event { DOC_ENTER, DOC_LEAVE };
struct doc_iter {
	const struct doc_node *root;
	const struct doc_node *next;
	enum doc_event next_ev;
};
void doc_iter_init(struct doc_iter *it, const struct doc_node *root);
/* Returns false when done. */
bool doc_iter_next(struct doc_iter *it, const struct doc_node **node,
                   enum doc_event *ev);
bool doc_kind_is_leaf(enum doc_kind kind);

/* Checks every link in the tree (parent/child/sibling consistency, kinds
 * allowed where they are).  Returns false and names the first problem in
 * *why (a static string) when it finds one. */
bool doc_check(const struct doc_node *root, const char **why);

#endif
