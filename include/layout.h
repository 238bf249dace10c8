/*
 * layout.h - the print layout in three stages, as STYLE.md section 2 says:
 *
 *   measure  (src/layout/measure.c, inline.c, table.c, shares.c)
 *            tree + theme -> boxes (pango, no surface)
 *   paginate (src/layout/paginate.c) boxes + geometry -> pages (arithmetic)
 *   draw     (src/layout/draw.c)     pages -> cairo (paints, decides nothing)
 *
 * style.c resolves the look of a block from the theme.  The print edition
 * (print.h: book.c, handout.c) runs measure and paginate for a whole book;
 * the PDF renderer runs draw.  Every length here is in pango units
 * (PANGO_SCALE per point) up to draw, which converts.
 *
 * Ownership: a struct layout owns its boxes and every PangoLayout they hold
 * (layout_free()).  A struct page_list owns its pages and the running-head
 * and folio layouts hung on them (page_list_free()).  Boxes point into the
 * document tree, which must outlive them.
 */
#ifndef OCTAVO_LAYOUT_H
#define OCTAVO_LAYOUT_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "theme.h"

/* ------------------------------------------------------------- style */

/* Points -> pango units, rounded: the one conversion every stage up to
 * draw uses (style.c). */
int layout_pu(double points);
/* Pango units -> points: for drawing (draw.c) and for messages. */
double layout_pt(int pango_units);
/* An image's CSS pixels (96 to the inch) -> pango units, not rounded. */
double layout_px_pu(double px);

/* The lengths that follow the theme's body size, derived in one place
 * (style.c), in pango units. */
struct layout_lengths {
	int em;         /* the body size */
	int note_sep;   /* above the first footnote: its rule and space */
	int note_gap;   /* between two footnotes */
	int bar_gap;    /* a block quote's rule, left of its text */
	int marker_gap; /* a list marker's end to its item's text */
	int hang;       /* a contents entry with no number: its later lines */
	int cell_pad;   /* around a table cell's text */
	int note_rise;  /* a footnote call above the baseline */
	int floor;      /* the theme's smallest text size (0: none) */
	int box_pad;    /* inside a handout's closing box */
	int box_space;  /* above a handout's closing box */
	int leader_gap; /* a contents entry's dot leader, from its words */
};
void layout_lengths(const struct theme *t, struct layout_lengths *out);

enum layout_face { LAYOUT_BODY, LAYOUT_HEADING, LAYOUT_MONO };

struct layout_style {
	enum layout_face face;
	int size;        /* font size */
	int line_height; /* baseline to baseline */
	bool bold, italic;
	int space_before, space_after;
	int indent_left, indent_right; /* from the text area's edges */
	int first_indent;              /* the first line's indent */
	PangoAlignment align;
	bool justify, hyphenate;
	bool keep_with_next; /* headings: stay with what follows */
	bool keep_together;  /* never split (headings, rows, images) */
	bool break_before;   /* a chapter: always a new page */
	unsigned min_lines;  /* widows and orphans: lines kept together */
	unsigned color;      /* 0xRRGGBB */
	bool bar;            /* block quotes: a rule at the quote's start */
	bool bar_right;      /* ... at its right (a right-to-left quote) */
	int bar_at;          /* the quote's text, from that edge */
	bool rtl;            /* set right to left (i18n_block_rtl()) */
	bool rtl_around;     /* rtl is the blocks' around it: the block has
	                        no strong letter of its own (an alert's
	                        title, "112"), so its lines stand on rtl's
	                        side whatever their own letters */
	const char *lang;    /* the block's language when declared on it or
	                        above (doc_node_lang()); NULL: the book's */
};

/* The resolved style of a block node (its kind, heading level, nesting in
 * lists and quotes, notes) under theme t. */
void layout_style_block(const struct theme *t, const struct doc_node *node,
                        struct layout_style *out);
/* The caption under an image that is a paragraph of its own (para), its
 * title or alt text: the paragraph's style, centred, unhyphenated, in
 * italics (bold under emphasis-bold), at nine tenths of its size. */
void layout_style_caption(const struct theme *t, const struct doc_node *para,
                          struct layout_style *out);
/* Plain styles for generated text (front matter, running heads). */
enum layout_role {
	LAYOUT_ROLE_TITLE,
	LAYOUT_ROLE_SUBTITLE,
	LAYOUT_ROLE_AUTHOR,
	LAYOUT_ROLE_COLOPHON,
	LAYOUT_ROLE_TOC_HEADING,
	LAYOUT_ROLE_TOC_ENTRY,
	LAYOUT_ROLE_HEAD,  /* running head */
	LAYOUT_ROLE_FOLIO, /* page number */
	LAYOUT_ROLE_BOX,   /* text in a framed box (a handout's closing box) */
};
void layout_style_role(const struct theme *t, enum layout_role role,
                       struct layout_style *out);
/* "#rrggbb" -> 0xRRGGBB (black when malformed). */
unsigned layout_color(const char *hex);

/* ------------------------------------------------------------- boxes */

enum box_kind {
	BOX_TEXT,  /* lines of text: paragraph, heading, item, note, code */
	BOX_RULE,  /* a thematic break: one unbreakable line */
	BOX_IMAGE, /* one unbreakable line as tall as the image */
	BOX_ROW,   /* one table row: one unbreakable line */
	BOX_QR,    /* a framed QR code with text beside it: one unbreakable
	              line (the handout's closing box) */
};

struct box_line {
	int height;   /* top of this line to the top of the next */
	int baseline; /* top of the line to its baseline */
	int x;        /* left edge from the box's left edge */
	/* where a text box's line after the first begins in the tree: an
	 * inline leaf and, for TEXT, CODE and CODE_BLOCK, the byte in its
	 * text (0 for the others: the line begins at the node); NULL when
	 * the line shows generated text */
	const struct doc_node *node;
	size_t offset;
};

/* A line of this box calls a footnote (index into layout.notes). */
struct box_note_ref {
	size_t line;
	size_t note;
};

/* A clickable span on one line: dest (an anchor id) or uri. */
struct box_link {
	size_t line;
	int x, width; /* from the box's left edge */
	const char *dest, *uri;
	int start, end; /* links: the bytes of the layout's text on the line */
	const char *lang; /* no dest or uri: text in another language than
	                     its block's (an HTML lang=), a Span of its own */
};

struct box_cell {
	PangoLayout *layout;
	int x, y; /* from the box's top left corner: the layout's */
	bool header;
	/* the layout's lines are drawn pitch apart, the first on the
	 * layout's baseline (0: as pango sets them) */
	int pitch;
};

struct box {
	enum box_kind kind;
	const struct doc_node *node; /* the block (source line), or NULL */
	const char *tag;             /* structure tag: "P", "H2", "TR"... */
	unsigned chapter;            /* 1-based; 0 in front matter */
	int x, width;                /* from the text area's left edge */
	int space_before, space_after;
	bool keep_with_next, keep_together, break_before;
	bool foot; /* with the boxes after it on its page, set at the foot of
	              the page (the colophon) */
	unsigned min_lines;
	unsigned color;
	/* code blocks: a tint this far round the lines (0: none), and a
	 * rule at its left edge; on every page the box is on */
	int tint;
	/* lines: every kind has at least one */
	struct box_line *lines;
	size_t n_lines;
	PangoLayout *layout; /* TEXT: the lines drawn */
	/* anchors set at the top of the box */
	const char *dest[2];
	GArray *links;     /* struct box_link, or NULL */
	GArray *anchors;   /* struct box_link: inline anchors (dest, line, x) */
	GArray *note_refs; /* struct box_note_ref, or NULL */
	/* list items: the marker, drawn at the first line's baseline */
	PangoLayout *marker;
	int marker_x;
	/* block quotes: a rule at bar_x; it runs on to the next box on the
	 * page when that is in the same quote */
	bool bar;
	int bar_x;
	/* table of contents: dots from leader_x0 to leader_x1 on the last
	 * line, then right (the page number) ending at the box's right edge */
	PangoLayout *right;
	int leader_x0, leader_x1, right_x;
	/* tables */
	struct box_cell *cells;
	size_t n_cells;
	bool header_row;   /* this row is its table's header */
	size_t header_box; /* the table's header row, or SIZE_MAX */
	bool rule_above, rule_below;
	/* QR: qr_width x qr_width modules, row by row, 1 = dark (the box
	 * owns them); each qr_module wide; the symbol's top left corner at
	 * (qr_x, qr_y) from the box's, the quiet zone clear around it; the
	 * text (layout) at (text_x, text_y); a frame round the box */
	unsigned char *qr;
	int qr_width, qr_module, qr_x, qr_y, text_x, text_y;
};

/* measure's output: the book's blocks and its footnotes, in order. */
struct layout {
	GArray *boxes; /* struct box */
	GArray *notes; /* struct box: footnote bodies */
};

struct layout *layout_new(void);
/* Releases the boxes and their pango layouts; NULL does nothing. */
void layout_free(struct layout *lay);
/* Appends a zeroed box of kind and returns it (valid until the next
 * append to the same array). */
struct box *layout_box_add(GArray *boxes, enum box_kind kind);
/* Total height of lines [first, first + count) of b. */
int box_lines_height(const struct box *b, size_t first, size_t count);

/* ----------------------------------------------------------- measure */

struct measure;

/* A measurer laying text out text_width wide with the fonts of map
 * (which it references), hyphenating for lang ("en-US") when the theme
 * asks.  Returns an object the caller owns (measure_free()). */
struct measure *measure_new(PangoFontMap *map, const struct theme *t,
                            const char *lang, int text_width, int text_height);
void measure_free(struct measure *m);
/* From now on measure_book() measures a share of the chapters on one more
 * thread, with a context from map: a map no other thread uses (pango's
 * maps are not thread-safe) with the same fonts as measure_new()'s.  The
 * boxes are the same whatever the number of threads. */
void measure_add_thread(struct measure *m, PangoFontMap *map);
/* The image of a paragraph that holds nothing else and can be drawn: such
 * a paragraph is laid out (and tagged) as a Figure.  NULL otherwise. */
const struct doc_node *layout_figure_image(const struct doc_node *para);
/* From now on, links back to a citation show the page label of the
 * citation (labels: id -> label, kept by the caller; NULL: their text). */
void measure_set_page_labels(struct measure *m, GHashTable *labels);
/* From now on paragraphs are broken through the layout cache c
 * (lcache.h; NULL: none), on every thread. */
struct lcache;
void measure_set_cache(struct measure *m, struct lcache *c);
/* From now on (drop) the text boxes of chapter number from and later
 * (0: every box, the front matter's too) keep their lines but not the
 * pango layout they were measured with (nothing will draw them, or the
 * chapter is measured again when it is): memory for one paragraph at a
 * time instead of the book. */
void measure_drop_layouts(struct measure *m, bool drop, unsigned from);
/* Keep what each block was measured as, so that measuring the body again
 * (for page labels) reuses the blocks whose text did not change.  Off by
 * default: copying every block is wasted when there is no second pass. */
void measure_keep_blocks(struct measure *m, bool keep);
/* Measures chapter ch again, on this thread, into lay: the same boxes as
 * measure_book() made of it, with their pango layouts (a print edition
 * that streams makes them only when its pages are drawn). */
void measure_chapter_again(struct measure *m, struct layout *lay,
                           const struct doc_node *ch);
/* Appends the boxes of every chapter of doc to lay. */
bool measure_book(struct measure *m, const struct doc *doc, struct layout *lay);
/* The families of the faces pango set the text measured so far in (the
 * chapters, on every thread, then the front matter): the theme's and the
 * fallbacks it took for other scripts, in order of first use.  m keeps
 * the array. */
const GPtrArray *measure_faces(const struct measure *m);
/* A text box holding text in role's style, appended to boxes. */
struct box *measure_text(struct measure *m, GArray *boxes,
                         enum layout_role role, const char *text);
/* A table of contents line: title, dot leaders, the page number flush
 * right; the whole line links to dest.  A sub-chapter's (depth 1, 2, ..
 * in SUMMARY.md's nesting) is indented by depth hanging indents.
 * Appended to boxes. */
struct box *measure_toc_entry(struct measure *m, GArray *boxes,
                              const char *title, const char *number,
                              const char *dest, unsigned depth);
/* A part's title in the contents (SUMMARY.md's "# Title"), in bold and
 * without a number, linked to dest (its first chapter); kept with the
 * entry after it.  Appended to boxes. */
struct box *measure_toc_part(struct measure *m, GArray *boxes,
                             const char *title, const char *dest);
/* A layout of text in role's style (running heads, folios), width wide
 * (-1: its natural width), that the caller owns (g_object_unref). */
PangoLayout *measure_line(struct measure *m, enum layout_role role,
                          const char *text, int width);
/* Natural width of a layout. */
int measure_width(PangoLayout *layout);

/* ---------------------------------------------------------- paginate */

struct layout_geom {
	int width, height; /* the text area */
	int note_sep;      /* above the first footnote: rule and space */
	int note_gap;      /* between two footnotes */
	bool recto_chapters;
};

/* One box, or some lines of one, placed on a page. */
struct placed {
	size_t box;          /* index into layout.boxes (or .notes) */
	size_t first, count; /* its lines on this page */
	int y;               /* top of the first line, from the text top */
	int height;          /* the lines' height here (images may shrink) */
	bool repeat;         /* a table's header row repeated */
};

enum page_head { PAGE_HEAD_NONE, PAGE_HEAD_BOOK, PAGE_HEAD_CHAPTER };

struct page {
	unsigned folio;   /* page number in its sequence, from 1 */
	unsigned chapter; /* the chapter the page belongs to (0: none) */
	enum page_head head;
	bool opening;  /* a chapter starts here */
	bool blank;    /* left empty so a chapter opens on a recto */
	GArray *items; /* struct placed, into layout.boxes */
	GArray *notes; /* struct placed, into layout.notes */
	int notes_y;   /* top of the footnote area (its rule) */
	/* set after pagination by the caller, drawn by draw */
	PangoLayout *head_layout, *folio_layout;
};

struct page_list {
	GPtrArray *pages; /* struct page * */
};

/* Pages for lay's boxes under geometry g, numbered from first_folio.
 * Returns a list the caller owns (page_list_free()). */
struct page_list *layout_paginate(const struct layout *lay,
                                  const struct layout_geom *g,
                                  unsigned first_folio);
void page_list_free(struct page_list *pl);
/* Appends a blank page (numbered after the last). */
void page_list_add_blank(struct page_list *pl);
/* The page (index into pl->pages) where box is first placed, or
 * SIZE_MAX. */
size_t page_list_find_box(const struct page_list *pl, size_t box);
/* The stable text dump of the pages: one line per page and per placed
 * item (page folio, kind, source line, y in points).  Appends to out. */
void page_list_dump(const struct page_list *pl, const struct layout *lay,
                    GString *out);

/* -------------------------------------------------------------- draw */

typedef struct _cairo cairo_t;

/* Where a page's text area sits on the paper, in points. */
struct draw_page {
	double width, height;             /* paper: the trimmed page */
	double top, bottom, inner, outer; /* margins */
	/* how far the trimmed page is from the sheet's left and top edges
	 * (layout_trim_offset()), the bleed, and whether to mark the trim */
	double trim, bleed;
	bool crop_marks;
	unsigned rule_color;
	bool recto;     /* odd page: the inner margin is on the left */
	bool grayscale; /* images drawn in grays */
};

struct draw;
struct pdf_tags;

/* Where the trimmed page sits on the sheet of a page with a bleed: the
 * bleed, and with crop marks the room for them outside it (0 when there
 * is no bleed).  The sheet is the page plus twice this each way. */
double layout_trim_offset(const struct theme_page *tp);

/* A painter of lay's pages on cr.  It opens and closes the structure
 * tags (lists, quotes, tables, sections) around the boxes it draws.
 * The caller owns the result (layout_draw_free()). */
struct draw *layout_draw_new(cairo_t *cr, const struct layout *lay);
/* Paints page p, then shows the page.  Returns false (after a
 * diagnostic) when cairo reports an error or an image cannot be read. */
bool layout_draw_page(struct draw *d, const struct page *p,
                      const struct draw_page *dp);
/* Paints page p in the current user space without showing the page (two
 * pages side by side on one sheet); the same result. */
bool layout_draw_paint(struct draw *d, const struct page *p,
                       const struct draw_page *dp);
/* A page that shows one image (the book's own cover): the image node
 * (the images pass found its file), its text alternative, and where it
 * goes, in pango units from the trimmed page's top left corner. */
struct layout_cover {
	const struct doc_node *image;
	const char *alt;
	int x, y, width, height;
	bool back; /* a blank page follows (the inside of the cover) */
};
/* Paints c on a page of its own (a Figure, with crop marks if dp has a
 * bleed) and shows the page.  Returns false after a diagnostic, as
 * layout_draw_page(). */
bool layout_draw_cover(struct draw *d, const struct layout_cover *c,
                       const struct draw_page *dp);
/* Shows a blank page (only its crop marks); cairo's failure is an error
 * at at. */
bool layout_draw_blank(struct draw *d, const struct draw_page *dp,
                       const struct doc_loc *at);
/* Logs in tags every structure tag d begins, with the attributes
 * pdfpost writes (pdftags.h), in the order it begins them: the order of
 * the PDF's structure tree, which in a booklet is the sheets' order, not
 * the book's.  Without it d keeps a log of its own. */
void layout_draw_log_tags(struct draw *d, struct pdf_tags *tags);
/* Closes the structure tags still open; NULL does nothing. */
void layout_draw_free(struct draw *d);

#endif
