/*
 * measure.h - the measurer's state and the parts of measuring that its
 * files share, private to src/layout/:
 *
 *   measure.c  the measurer, text blocks and their lines, lists, figures,
 *              notes, chapters, generated text (front matter, heads)
 *   inline.c   a block's inlines -> one text with attributes, links, note
 *              calls and where each leaf's text begins
 *   table.c    a table -> one box per row, column widths as browsers do
 *   shares.c   the chapters cut into shares measured on threads
 *   boxes.c    struct layout: boxes and footnotes, appended and freed
 */
#ifndef OCTAVO_LAYOUT_MEASURE_H
#define OCTAVO_LAYOUT_MEASURE_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "layout.h"

struct hyph;

struct measure {
	PangoContext *ctx;
	const struct theme *theme;
	struct layout_lengths len; /* the theme's */
	struct hyph *hyph;         /* the book language's patterns, or NULL */
	char *lang;                /* the book's language, or NULL */
	/* the patterns of the other languages declared in the book (a
	 * chapter's, an HTML lang=), found on first use: shared by the
	 * threads (the first measurer owns it) */
	struct hyph_langs *langs;
	int width, height;       /* the text area */
	GHashTable *notes;       /* DOC_NOTE node -> index + 1 in lay->notes */
	unsigned chapter;        /* number of the chapter being measured */
	const char *chapter_id;  /* set until the chapter's first box */
	GHashTable *page_labels; /* id -> page label, for back links; or NULL */
	PangoLayout *marker;     /* list marker for the next box */
	bool marker_rtl;         /* ... at its right */
	GPtrArray *anchors;      /* keys of anchors with no box of their own (a
	                            paragraph of <a id> only): the next box's */
	GHashTable *fonts;       /* PangoFontDescription -> struct font_info */
	GHashTable *measured;    /* block node -> struct measured */
	struct scripts *scripts; /* the faces' fallbacks, a face per script */
	/* the theme, set ragged-right: its language needs hyphens and no
	 * patterns are installed (theme points here then) */
	struct theme ragged;
	bool keep_blocks; /* fill measured: the body is measured again */
	/* text boxes of chapter drop_from and later (numbers; 0: every box)
	 * without their layouts */
	bool drop_layouts;
	unsigned drop_from;
	/* measurers of shares of the chapters on other threads, each with
	 * its own context and map (measure_add_thread); they share hyph,
	 * which only the first owns */
	GPtrArray *helpers;
	bool helper;
	struct lcache *cache; /* the layout cache (lcache.h), or NULL */
	/* the families of the faces text was set in, in order of first
	 * use (measure_faces()), and the same as a set */
	GPtrArray *faces;
	GHashTable *faces_seen;
};

/* A link (or a footnote call) over bytes [start, end) of the text. */
struct span {
	size_t start, end;
	const char *dest, *uri;
	const char *lang; /* no link: text in another language (lang=) */
};

struct note_call {
	size_t index; /* byte in the text */
	size_t note;  /* index in lay->notes */
};

/* An inline leaf of the tree whose text from byte start on is its own
 * from byte src on (0 but in a code block cut into pieces). */
struct run {
	size_t start;
	const struct doc_node *node;
	size_t src;
};

/* The text of one block with its attributes, links and note calls. */
struct inl {
	struct measure *m;
	GString *text;
	PangoAttrList *attrs;
	GArray *spans;     /* struct span */
	GArray *calls;     /* struct note_call */
	GArray *anchors;   /* struct span: ids inside the text (dest, start) */
	GArray *hyph_runs; /* struct justify_run: text that may be hyphenated */
	GArray *breaks;    /* size_t: where URLs may break */
	GArray *runs;      /* struct run, in text order */
	bool hyphenate, italic;
	const char *lang;  /* the block's language (NULL: the book's) */
	struct hyph *hyph; /* the patterns of the block's language, or NULL */
	bool ragged; /* its language needs patterns and has none installed */
	unsigned link_color;
	int size; /* the block's text size */
};

/* The patterns for text in lang (a block's, NULL: the book's), or NULL;
 * *ragged: lang is written with hyphens and has none installed (its
 * lines are set ragged-right, the book's through the theme).  Safe from
 * any measuring thread. */
struct hyph *measure_hyph(struct measure *m, const char *lang, bool *ragged);

/* inline.c: an empty block text in style s (inline_free() releases it). */
void inline_init(struct inl *in, struct measure *m,
                 const struct layout_style *s);
void inline_free(struct inl *in);
/* Appends the inlines under n. */
void inline_put_children(struct inl *in, const struct doc_node *n);
/* From here on the text comes from n (a leaf, or a link showing a page
 * label). */
void inline_add_run(struct inl *in, const struct doc_node *n);
/* The faces for the scripts of in's text in face (scripts_apply()): the
 * block's language's, and in an inline element of another language
 * (<span lang="ja">) that language's, innermost last. */
void inline_apply_scripts(struct inl *in, int face);

/* measure.c */
PangoLayout *measure_new_layout(const struct measure *m,
                                const struct layout_style *s, int width);
void measure_apply_style(const struct measure *m, struct box *b,
                         const struct layout_style *s);
/* The chapter's first box opens a page and carries its anchor; an item's
 * first box carries its marker. */
void measure_claim_pending(struct measure *m, struct box *b);
/* Appends the boxes of chapter ch (its notes to lay->notes). */
void measure_chapter(struct measure *m, struct layout *lay,
                     const struct doc_node *ch);

/* table.c: one BOX_ROW per row of table, appended to boxes. */
void measure_table(struct measure *m, GArray *boxes,
                   const struct doc_node *table);

/* boxes.c: moves the boxes and footnotes of from to the end of lay's,
 * and frees from. */
void layout_append(struct layout *lay, struct layout *from);

/* Notes that text was set in a face of family (measure_faces()). */
void measure_note_face(struct measure *m, const char *family);

#endif
