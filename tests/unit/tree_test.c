/* tree_test.c - the tree API, the walker, doc_check, and the passes. */
#include <glib.h>
#include <stdint.h>
#include <unistd.h>

#include "diag.h"
#include "doc.h"
#include "pass.h"
#include "read.h"
#include "t.h"
#include "util.h"

static struct doc_node *add(struct doc *d, struct doc_node *parent,
                            enum doc_kind k)
{
	struct doc_node *n = doc_node_new(d, k, NULL);
	doc_node_append(parent, n);
	return n;
}

static void test_append_and_links(void)
{
	struct doc *d = doc_new();
	struct doc_node *ch = add(d, d->root, DOC_CHAPTER);
	struct doc_node *a = add(d, ch, DOC_PARAGRAPH);
	struct doc_node *b = add(d, ch, DOC_PARAGRAPH);
	struct doc_node *c = doc_node_new(d, DOC_HEADING, NULL);
	const char *why = NULL;

	doc_node_insert_before(a, c);
	T_CHECK(ch->first == c && c->next == a && a->prev == c);
	T_CHECK(ch->last == b && b->parent == ch);
	T_CHECK(doc_check(d->root, &why));
	doc_node_unlink(a);
	T_CHECK(c->next == b && b->prev == c && !a->parent);
	T_CHECK(doc_check(d->root, &why));
	doc_free(d);
	doc_free(NULL);
}

static void test_check_finds_broken_links(void)
{
	struct doc *d = doc_new();
	struct doc_node *ch = add(d, d->root, DOC_CHAPTER);
	struct doc_node *p = add(d, ch, DOC_PARAGRAPH);
	struct doc_node *t = add(d, p, DOC_TEXT);
	const char *why = NULL;

	t->parent = ch; /* a lie */
	T_CHECK(!doc_check(d->root, &why));
	T_STREQ(why, "child's parent link is wrong");
	t->parent = p;
	add(d, p, DOC_LIST); /* a block inside a paragraph */
	T_CHECK(!doc_check(d->root, &why));
	T_STREQ(why, "node kind not allowed here");
	doc_free(d);
}

static void test_walker_order(void)
{
	struct doc *d = doc_new();
	struct doc_node *ch = add(d, d->root, DOC_CHAPTER);
	struct doc_node *p = add(d, ch, DOC_PARAGRAPH);
	add(d, p, DOC_TEXT);
	add(d, add(d, p, DOC_EMPH), DOC_TEXT);
	add(d, ch, DOC_THEMATIC_BREAK);
	GString *s = g_string_new(NULL);
	struct doc_iter it;
	const struct doc_node *n;
	enum doc_event ev;

	doc_iter_init(&it, d->root);
	while (doc_iter_next(&it, &n, &ev))
		g_string_append_printf(s, "%c%s ", ev == DOC_ENTER ? '+' : '-',
		                       doc_kind_name(n->kind));
	T_STREQ(s->str, "+book +chapter +paragraph +text +emph +text -emph "
	                "-paragraph +thematic_break -chapter -book ");
	g_string_free(s, TRUE);
	doc_free(d);
}

static void test_arena_big_and_small(void)
{
	struct arena *a = arena_new();
	char *small = arena_strdup(a, "abc");
	char *big = arena_alloc(a, 1 << 20);
	char *after = arena_printf(a, "%d-%s", 42, "x");
	big[(1 << 20) - 1] = 'z';
	T_STREQ(small, "abc");
	T_STREQ(after, "42-x");
	T_CHECK(((uintptr_t)big & 15) == 0);
	arena_free(a);
	arena_free(NULL);
}

/* A one-chapter book from a Markdown string, passes run. */
static struct doc *book_of(const char *md, bool *ok)
{
	struct doc *d = doc_new();
	struct doc_node *ch = add(d, d->root, DOC_CHAPTER);
	ch->u.chapter.src = "a.md";
	ch->u.chapter.stem = "a";
	ch->u.chapter.number = 1;
	d->meta.dir = ".";
	*ok = markdown_parse(d, ch, "a.md", md, strlen(md)) && passes_run(d);
	return d;
}

static void test_ids_unique_and_valid(void)
{
	bool ok;
	struct doc *d =
	    book_of("# 1. Intro\n\n## Same\n\n## Same\n\n## Same\n\n"
	            "## Event: 'exit'\n\n## `fs.read(a[, b])`\n\n"
	            "## Caf\xC3\xA9 *au* lait \xE2\x80\x94 x_y\n\n"
	            "## Mine {#own.id}\n\n## own.id\n",
	            &ok);
	const struct doc_node *h = d->root->first->first;
	static const char *const want[] = {"1-intro",
	                                   "same",
	                                   "same-1",
	                                   "same-2",
	                                   "event-exit",
	                                   "fsreada-b",
	                                   "café-au-lait--x_y",
	                                   "own.id",
	                                   "ownid"};
	T_CHECK(ok);
	T_STREQ(d->root->first->id, "a");
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++, h = h->next)
		T_STREQ(h ? h->id : "(none)", want[i]);
	T_STREQ(d->root->first->u.chapter.title, "1. Intro");
	/* "{#own.id}" is no part of the heading's text */
	T_STREQ(d->root->first->last->prev->first->u.literal.text, "Mine");
	T_STREQ(d->root->first->last->key, "a/ownid");
	doc_free(d);
}

static void test_notes_numbered_by_first_reference(void)
{
	bool ok;
	struct doc *d = book_of("# T\n\nA[^b] B[^a] C[^b]\n\n[^a]: first "
	                        "defined\n\n[^b]: second defined\n",
	                        &ok);
	const struct doc_node *p = d->root->first->first->next;
	const struct doc_node *r1 = p->first->next, *r2 = r1->next->next;
	const struct doc_node *r3 = r2->next->next;
	T_CHECK(ok);
	T_CHECK(r1->kind == DOC_NOTE_REF && r1->u.note.number == 1);
	T_CHECK(r2->u.note.number == 2 && r3->u.note.number == 1);
	T_CHECK(r1->u.note.note == r3->u.note.note);
	T_STREQ(r1->id, "fnref-1");
	T_STREQ(r3->id, "fnref-1-2");
	T_STREQ(r1->u.note.note->id, "fn-1");
	doc_free(d);
}

static void test_links_resolve_and_fail(void)
{
	bool ok;
	FILE *sink = fopen("/dev/null", "w");
	FILE *old = diag_set_stream(sink);
	struct doc *d = book_of("# T\n\n## Part two\n\n[in](#part-two) "
	                        "[self](a.md) [web](https://x.org)\n",
	                        &ok);
	const struct doc_node *p = d->root->first->last;
	T_CHECK(ok);
	T_CHECK(p->first->u.link.target == d->root->first->first->next);
	T_CHECK(p->first->next->next->u.link.target == d->root->first);
	T_CHECK(p->last->u.link.target == NULL);
	doc_free(d);

	diag_reset();
	d = book_of("# T\n\n[x](b.md) [y](#nowhere)\n", &ok);
	T_CHECK(!ok);
	T_CHECK(diag_count(DIAG_ERROR) == 2);
	doc_free(d);
	diag_set_stream(old);
	fclose(sink);
	diag_reset();
}

static void test_bad_bytes_located(void)
{
	char path[] = "/tmp/octavo-t-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w+");
	FILE *old = diag_set_stream(f);
	bool ok;
	struct doc *d = book_of("# T\n\nab\xC3(", &ok);
	char buf[256] = {0};

	diag_set_stream(old);
	rewind(f);
	T_CHECK(fgets(buf, sizeof buf, f) != NULL);
	T_STREQ(buf, "a.md:3:3: error: invalid UTF-8 (byte 0xC3)\n");
	T_CHECK(!ok);
	fclose(f);
	unlink(path);
	doc_free(d);
	diag_reset();
}

static void warn_on_thread(void *data)
{
	struct doc_loc b2 = {"b.md", 2, 1}, b3 = {"b.md", 3, 1};
	diag(&b2, CHAPTER_NO_HEADING, "b.md");
	diag(&b3, NOTE_NO_TEXT, "3");
}

/* A task's messages come out when the main thread joins it, after what
 * it printed itself meanwhile, and only then count. */
static void test_thread_messages_in_order(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	FILE *old = diag_set_stream(f);
	struct doc_loc a1 = {"a.md", 1, 1};
	diag_reset();
	struct diag_task *t = diag_task_start("diag", warn_on_thread, NULL);
	T_CHECK(t != NULL);
	diag(&a1, NOTE_UNUSED, "1");
	T_CHECK(diag_count(DIAG_ERROR) == 0);
	if (t)
		diag_task_join(t);
	diag_set_stream(old);
	fclose(f);
	T_STREQ(text, "a.md:1:1: warning: footnote [^1] is never referred to\n"
	              "b.md:2:1: warning: chapter 'b.md' has no heading; its "
	              "file name is its title\n"
	              "b.md:3:1: error: footnote [^3] has no text\n");
	T_CHECK(diag_count(DIAG_WARN) == 2 && diag_count(DIAG_ERROR) == 1);
	T_CHECK(diag_worst() == DIAG_ERROR);
	free(text);
	diag_reset();
}

int main(void)
{
	T_RUN(test_append_and_links);
	T_RUN(test_check_finds_broken_links);
	T_RUN(test_walker_order);
	T_RUN(test_arena_big_and_small);
	T_RUN(test_ids_unique_and_valid);
	T_RUN(test_notes_numbered_by_first_reference);
	T_RUN(test_links_resolve_and_fail);
	T_RUN(test_bad_bytes_located);
	T_RUN(test_thread_messages_in_order);
	return t_failed ? 1 : 0;
}
