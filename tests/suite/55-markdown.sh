# Markdown as GitHub and mdBook authors write it (tests/mdbook): heading
# ids by GitHub's rule per chapter, link messages, raw HTML, code, tables.
MDBOOK=tests/mdbook

# The ids of each chapter file of an EPUB, one "FILE ID" a line, sorted.
epub_ids() { # EPUB
	local dir=$TMP/ids.$$
	rm -rf "$dir" && mkdir -p "$dir" && unzip -q -o "$1" -d "$dir" &&
		for f in "$dir"/OEBPS/text/*.xhtml; do
			grep -o ' id="[^"]*"' "$f" | sed "s|^ id=|${f##*/} |"
		done | grep -v '"page-' | sort
}

# Moving chapters in the manifest changes no id of any chapter file.
ids_stable_when_reordered() {
	local book=$TMP/mdbook-reordered
	rm -rf "$book" && cp -r "$MDBOOK" "$book" &&
		python3 - "$book/book.yaml" <<'PY' || return 1
import sys
p = sys.argv[1]
lines = open(p).read().split("\n")
i = lines.index("chapters:")
ch = [l for l in lines[i + 1:] if l.startswith("  - ")]
rest = [l for l in lines[i + 1:] if not l.startswith("  - ")]
open(p, "w").write("\n".join(lines[:i + 1] + ch[::-1] + rest))
PY
	"$OCTAVO" build "$MDBOOK" -o "$TMP/md-a" --format epub &&
		"$OCTAVO" build "$book" -o "$TMP/md-b" --format epub || return 1
	epub_ids "$TMP"/md-a/*.epub >"$TMP/ids-a" &&
		epub_ids "$TMP"/md-b/*.epub >"$TMP/ids-b" || return 1
	[ -s "$TMP/ids-a" ] || { echo "no ids found"; return 1; }
	grep -q '"options-2"' "$TMP/ids-a" || { echo "no options-2"; return 1; }
	diff -u "$TMP/ids-a" "$TMP/ids-b"
}
check "markdown/ids-stable-when-reordered" ids_stable_when_reordered

# --dump shows the tree of a book with link errors, and still fails.
dump_with_errors() {
	local status=0
	(cd tests/errors && "$OCTAVO" build link-grouped --dump) \
		>"$TMP/dump-err.tree" 2>"$TMP/dump-err.log" || status=$?
	[ "$status" -eq 1 ] || { echo "exit $status, not 1"; return 1; }
	grep -q "error: 3 links to 'two.md#event-exit-1'" "$TMP/dump-err.log" &&
		grep -q '^    heading 3:1 #event-exit level=2$' "$TMP/dump-err.tree" &&
		grep -q 'link 3:5 url="two.md#event-exit-1"$' "$TMP/dump-err.tree"
}
check "markdown/dump-with-errors" dump_with_errors

# The test book builds; its outputs are shared by the checks below.
md_build() {
	rm -rf "$TMP/md-out" &&
		"$OCTAVO" build "$MDBOOK" -o "$TMP/md-out" 2>"$TMP/md-build.log"
}
check "markdown/book-builds" md_build
MD_EPUB=$(ls "$TMP"/md-out/*.epub 2>/dev/null | head -1)
MD_PDF=$(ls "$TMP"/md-out/*.pdf 2>/dev/null | head -1)

# Every word of the raw HTML's text and every table reach both outputs
# (read with Python's HTML parser, not octavo's).
check "markdown/html-reaches-both-outputs" \
	python3 tests/html_reach.py "$MDBOOK" "$MD_EPUB" "$MD_PDF"

# No empty paragraph in any EPUB: <a id> lines are no paragraphs.
no_empty_paragraphs() {
	local dir=$TMP/md-unz
	rm -rf "$dir" && mkdir -p "$dir" && unzip -q "$MD_EPUB" -d "$dir" &&
		grep -q 'id="before-table"' "$dir"/OEBPS/text/html.xhtml &&
		! grep -rnE '<p>[[:space:]]*</p>|<p/>|<p>(<span id="[^"]*"></span>[[:space:]]*)+</p>' \
			"$dir"/OEBPS/text/
}
check "markdown/no-empty-paragraphs" no_empty_paragraphs

# What must never reach an output: scripts, styles, event attributes,
# javascript: and data: addresses (tests/errors/html-refused).
html_refused_kept_out() {
	local out=$TMP/hr-out
	rm -rf "$out" &&
		(cd tests/errors && "$OCTAVO" build html-refused -o "$out") 2>/dev/null &&
		unzip -p "$out"/*.epub 'OEBPS/text/*' >"$out/all.xhtml" &&
		pdftotext "$out"/*.pdf "$out/all.txt" || return 1
	for f in "$out/all.xhtml" "$out/all.txt"; do
		if grep -niE 'steal|document\.write|onclick|javascript|data:image|color: red' "$f"; then
			echo "in $f"; return 1
		fi
	done
	grep -q 'Blinking text stays' "$out/all.txt" &&
		grep -q 'inline data image' "$out/all.xhtml"
}
check "markdown/html-refused-kept-out" html_refused_kept_out

# No heading ends a page (tests/heading_at_foot.py reads the structure
# tree of the PDF: what follows each heading starts on its page with two
# lines or more): the test book, the guide, and books of 160 headings each
# followed by a block that is hard to keep with (tests/keep_book.py: a
# paragraph of three lines, items of one line, a line calling a footnote,
# code, tables, images) on A5 and A6 pages.  Before keep-with-next counted
# widows, footnotes and several boxes, these eight PDFs had 28 headings
# at the foot of a page.
no_heading_at_foot() {
	local d=$TMP/keep seed paper
	rm -rf "$d" && mkdir -p "$d" &&
		"$OCTAVO" build book -f pdf -o "$d/guide" || return 1
	for seed in 1 2 3 4; do
		python3 tests/keep_book.py "$seed" "$d/k$seed" &&
			cp "$MDBOOK/src/red.png" "$d/k$seed/" || return 1
		for paper in a5 a6; do
			"$OCTAVO" build "$d/k$seed" -f pdf -p "$paper" \
				-o "$d/k$seed/$paper" || return 1
		done
	done
	tests/heading_at_foot.py "$MD_PDF" "$d"/guide/*.pdf "$d"/k*/a*/*.pdf
}
check "markdown/no-heading-at-foot" no_heading_at_foot

# An SVG is carried as SVG in the EPUB (its external DOCTYPE taken out,
# which epubcheck refuses) with its alt text, and drawn as vectors in the
# PDF: its text is PDF text, and the PDF holds no raster image but the
# test book's PNGs.
svg_both_outputs() {
	local dir=$TMP/md-svg
	rm -rf "$dir" && mkdir -p "$dir" && unzip -q "$MD_EPUB" -d "$dir" || return 1
	grep -q 'media-type="image/svg+xml"' "$dir/OEBPS/package.opf" &&
		grep -q '<img src="../images/flow.svg" alt="Three steps joined by lines: read, lay out, draw"/>' \
			"$dir/OEBPS/text/figures.xhtml" &&
		grep -q '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 160">' \
			"$dir/OEBPS/images/flow.svg" || { echo "EPUB"; return 1; }
	if grep -q DOCTYPE "$dir/OEBPS/images/flow.svg"; then
		echo "the DOCTYPE is still in the EPUB's SVG"; return 1
	fi
	pdftotext "$MD_PDF" "$dir/all.txt" &&
		[ "$(grep -c '^Lay out$' "$dir/all.txt")" -eq 2 ] ||
		{ echo "the SVG's text is not in the PDF twice"; return 1; }
	local png svgs
	png=$(grep -hoE '\]\([^)]*\.png\)|<img src="[^"]*\.png"' "$MDBOOK"/src/*.md |
		wc -l)
	svgs=$(pdfimages -list "$MD_PDF" | tail -n +3 | wc -l)
	[ "$svgs" -eq "$png" ] || { echo "$svgs raster images, $png PNGs"; return 1; }
}
check "markdown/svg-both-outputs" svg_both_outputs

# What an SVG may not carry reaches neither output (tests/errors/svg-unsafe
# has the warnings), and the file it names outside the book is never
# opened (strace), nor drawn.
svg_unsafe_kept_out() {
	local out=$TMP/svg-unsafe
	# (LeakSanitizer cannot run under strace: leaks are looked for in
	# the other tests of this book)
	rm -rf "$out" && mkdir -p "$out" &&
		(cd tests/errors &&
			ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
				strace -f -e trace=open,openat,openat2 -o "$out/trace" \
				"$OCTAVO" build svg-unsafe -o "$out") 2>/dev/null || return 1
	grep -q 'art/boxes.svg' "$out/trace" || { echo "no trace"; return 1; }
	if grep -E 'svg-outside|svg-theme|hostname' "$out/trace"; then
		echo "a file the SVG names was opened"; return 1
	fi
	unzip -p "$out"/*.epub OEBPS/images/boxes.svg >"$out/boxes.svg" &&
		grep -q 'https://example.org/end' "$out/boxes.svg" || return 1
	if grep -nE 'script|steal|onload|onclick|svg-outside|hostname|@import|xml-stylesheet' \
		"$out/boxes.svg"; then
		echo "in the EPUB's SVG"; return 1
	fi
	[ "$(pdfimages -list "$out"/*.pdf | tail -n +3 | wc -l)" -eq 0 ] &&
		pdftotext "$out"/*.pdf - | grep -q Start
}
check "markdown/svg-unsafe-kept-out" svg_unsafe_kept_out

# An image among words is drawn in the PDF, scaled to the line, not left
# as its alt text: a Figure with its alt text inside the paragraph, each
# PNG the book uses an image of the PDF (the check above), an image in a
# link inside the Link, whose annotation says the alt text.
inline_images_drawn() {
	/usr/bin/python3 - "$MD_PDF" <<'PY'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
figs = []
def walk(k, parent):
    if isinstance(k, pikepdf.Array):
        for x in k: walk(x, parent)
    elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
        if k.S == "/Figure":
            figs.append((str(parent), str(k.get("/Alt")), k.get("/A")))
        walk(k.get("/K"), str(k.S))
walk(pdf.Root.StructTreeRoot.K, None)
inline = [f for f in figs if f[0] == "/P" and f[1] == "the red stop button"]
assert inline, figs
# drawn at its own size (8 px, 6 pt): no taller than the line
bbox = [float(v) for v in inline[0][2].BBox]
assert 3 < bbox[3] - bbox[1] <= 12, bbox
said = [str(a.get("/Contents")) for p in pdf.pages
        for a in p.get("/Annots", [])]
assert "build: passing" in said, said
PY
}
check "markdown/inline-images-drawn" inline_images_drawn

# An SVG as the book's cover: the EPUB carries it as cover.svg with its
# media type (it was named cover.jpg, its bytes an SVG's), its DOCTYPE
# taken out; the PDF's first page draws it as vectors: its words are
# text, and the page holds no raster image.
svg_cover() {
	local book=$TMP/svg-cover out=$TMP/svg-cover-out
	rm -rf "$book" "$out" && mkdir -p "$book" &&
		cp "$MDBOOK/src/flow.svg" "$book/" &&
		printf '# One\n\nA page.\n' >"$book/one.md" &&
		printf '%s\n' 'title: "Cover"' 'language: en' 'identifier: svg-cover' \
			'slug: book' 'cover: flow.svg' 'cover-in-pdf: true' \
			'chapters:' '  - one.md' >"$book/book.yaml" &&
		"$OCTAVO" build "$book" -o "$out" || return 1
	unzip -p "$out/book.epub" OEBPS/package.opf |
		grep -q '<item id="cover-image" href="cover.svg" media-type="image/svg+xml" properties="cover-image"/>' ||
		{ echo "no SVG cover in the OPF"; return 1; }
	unzip -p "$out/book.epub" OEBPS/cover.svg | grep -q '^<svg' ||
		{ echo "cover.svg is not the SVG"; return 1; }
	if unzip -p "$out/book.epub" OEBPS/cover.svg | grep -q DOCTYPE; then
		echo "the DOCTYPE is still in cover.svg"; return 1
	fi
	pdftotext -f 1 -l 1 "$out/book.pdf" - | grep -q 'Lay out' ||
		{ echo "the cover's words are not text on page 1"; return 1; }
	[ "$(pdfimages -f 1 -l 1 -list "$out/book.pdf" | tail -n +3 | wc -l)" -eq 0 ] ||
		{ echo "page 1 holds a raster image"; return 1; }
}
check "markdown/svg-cover" svg_cover

# Tables read well (tests/table_check.py): in every row the lines of
# code and of words stand on the same baselines (on the old code a row of
# tables.md had lines 3.76 pt off), no two words of any page overlap
# (the forty-column table is cut into groups of columns), and each
# identifier of a narrow code column is one word: neither hyphenated nor
# broken.
tables_read_well() {
	local out
	out=$(tests/table_check.py "$MD_PDF" createDiffieHellmanGroup \
		getRandomValues timingSafeEqual highWaterMark) ||
		{ echo "$out"; return 1; }
	grep -q ' table rows, .* pages, 0 failures$' <<<"$out" || { echo "$out"; return 1; }
}
check "markdown/tables-read-well" tables_read_well

# A task list's items begin with their box, ticked or not, in both
# outputs: in the EPUB a character that says "done" or "not done" to a
# screen reader, in the PDF the same characters; "[ ]" and "[x]" are
# never printed as written, and a task has no bullet beside it.
task_lists() {
	local x t
	x=$(unzip -p "$MD_EPUB" OEBPS/text/gfm.xhtml) &&
		t=$(pdftotext "$MD_PDF" -) || return 1
	[ "$(grep -o '<span class="task-box done" role="img" aria-label="done">☑</span>' <<<"$x" | wc -l)" -eq 3 ] ||
		{ echo "not 3 ticked boxes in the EPUB"; return 1; }
	[ "$(grep -o '<span class="task-box" role="img" aria-label="not done">☐</span>' <<<"$x" | wc -l)" -eq 2 ] ||
		{ echo "not 2 empty boxes in the EPUB"; return 1; }
	grep -q '<li class="task">' <<<"$x" || { echo "no task item"; return 1; }
	if grep -nE '\[( |x|X)\] ' <<<"$x$t"; then
		echo "a task's brackets printed as written"; return 1
	fi
	grep -qx '☐ Book the follow-up visit' <<<"$t" &&
		grep -qx '☑ Collect the prescription' <<<"$t" &&
		grep -q '☐ Numbered tasks keep their numbers' <<<"$t" ||
		{ echo "the PDF lacks a box before its task"; return 1; }
	if grep -E '•.*(☐|☑)' <<<"$t"; then echo "a bullet beside a task"; return 1; fi
}
check "markdown/task-lists" task_lists

# GitHub's alerts ("> [!NOTE]") are notes with their title in both
# outputs, never the marker as written; a quotation stays a quotation.
alerts() {
	local x t
	x=$(unzip -p "$MD_EPUB" OEBPS/text/gfm.xhtml | tr -d '\n') &&
		t=$(pdftotext "$MD_PDF" -) || return 1
	grep -q '<blockquote class="alert alert-note" role="note"><p><strong>Note</strong></p><p>Bring the list' <<<"$x" &&
		grep -q '<blockquote class="alert alert-warning" role="note"><p><strong>Warning</strong></p>' <<<"$x" &&
		grep -q '<blockquote class="alert alert-tip" role="note">' <<<"$x" ||
		{ echo "the EPUB's alerts"; return 1; }
	if grep -nF '[!' <<<"$x$t"; then echo "an alert's marker printed"; return 1; fi
	grep -A1 -x 'Note' <<<"$t" | grep -q '^Bring the list of medicines' ||
		{ echo "no 'Note' title over the PDF's alert"; return 1; }
}
check "markdown/alerts" alerts

# A diagram a hundred columns wide stays whole (set smaller): each of its
# borders is one line of the PDF's text, with no continuation mark; a
# long line of C wraps after the mark "↪".
diagrams_whole() {
	local t top
	t=$(pdftotext "$MD_PDF" -) || return 1
	top=$(grep -m1 '^┌─*┐$' "$MDBOOK/src/code.md")
	[ "${#top}" -eq 100 ] || { echo "the test book's diagram is not 100 columns"; return 1; }
	grep -qxF "$top" <<<"$t" || { echo "the 100-column diagram is cut"; return 1; }
	grep -qxF "$(grep -m1 '^└─*┘$' "$MDBOOK/src/code.md")" <<<"$t" ||
		{ echo "its bottom border is cut"; return 1; }
	grep -q '↪' <<<"$t" ||
		{ echo "no continuation mark on the long line of C"; return 1; }
}
check "markdown/diagrams-whole" diagrams_whole

# A project's badge or a logo at a web address (octavo never fetches):
# the book is built, the alt text stands in the image's place in both
# outputs, as a link to the address unless a link holds it already; an
# image without alt text is left out.  Each with its warning (the error
# case image-remote holds the messages); it used to stop the build.
remote_stand_in() {
	local d=$TMP/md-remote x t
	rm -rf "$d"
	(cd tests/errors && "$OCTAVO" build image-remote -o "$d") 2>/dev/null || return 1
	x=$(unzip -p "$d/book.epub" '*one.xhtml') || return 1
	grep -qF '<a href="https://example.org/logo.png">The clinic’s logo</a>' <<<"$x" ||
		{ echo "EPUB: no link in the logo's place"; return 1; }
	grep -qF '<a href="https://ci.example.org"><span>Build: passing</span></a>' <<<"$x" ||
		{ echo "EPUB: the badge's alt text is not in its link"; return 1; }
	grep -qF '<a href="https://example.org/licence"><span>https://<wbr/>example.<wbr/>org/<wbr/>licence</span></a>' <<<"$x" ||
		{ echo "EPUB: the badge without alt text left its link empty"; return 1; }
	! grep -q 'spacer.gif\|<img' <<<"$x" || { echo "EPUB: an image left"; return 1; }
	t=$(pdftotext "$d/book.pdf" -) || return 1
	grep -qx "The clinic’s logo" <<<"$t" && grep -qx "Build: passing" <<<"$t" &&
		grep -qx "A spacer and a dot." <<<"$t" &&
		grep -qx "https://example.org/licence" <<<"$t" || { echo "PDF: $t"; return 1; }
	/usr/bin/python3 -c '
import pikepdf, sys
pdf = pikepdf.open(sys.argv[1])
uris = {str(a.A.URI) for p in pdf.pages
        for a in p.get("/Annots", []) if "/A" in a and "/URI" in a.A}
sys.exit(0 if {"https://example.org/logo.png", "https://ci.example.org",
               "https://example.org/licence"} <= uris else 1)' "$d/book.pdf" ||
		{ echo "PDF: the links are missing"; return 1; }
}
check "markdown/remote-image-stand-in" remote_stand_in
# mdBook's {{#include}}: the file, its lines N:M, :N, ::M, N:, an
# anchor's lines (rustdoc_include too) and a Markdown file are put in
# place before the chapter is parsed, in both outputs; \{{#include}}
# stays as written without its '\'; {{#title}} shows nowhere.  The
# expected code blocks are cut from the listing with sed, not octavo.
MI=tests/mdbook-include
mdbook_include() {
	local out=$TMP/mi-out rs=$MI/src/listings/hello.rs x t
	rm -rf "$out" && "$OCTAVO" build "$MI" -o "$out" || return 1
	x=$(unzip -p "$out"/*.epub OEBPS/text/listing.xhtml) &&
		t=$(pdftotext "$out"/*.pdf -) || return 1
	{ cat "$rs"; printf '\f'; sed -n 10,12p "$rs"; printf '\f'
	  sed -n 1,3p "$rs"; printf '\f'; sed -n '10,$p' "$rs"; printf '\f'
	  sed -n 5,7p "$rs"; printf '\f'; sed -n 6p "$rs"; } >"$TMP/mi-want"
	printf '%s' "$x" >"$TMP/mi-x.xhtml"
	python3 - "$TMP/mi-want" "$TMP/mi-x.xhtml" <<'PY' || return 1
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.pre = 0; s.blocks = []
    def handle_starttag(s, tag, a):
        if tag == "pre": s.pre += 1; s.blocks.append("")
    def handle_endtag(s, tag):
        if tag == "pre": s.pre -= 1
    def handle_data(s, d):
        if s.pre: s.blocks[-1] += d
p = P(); p.feed(open(sys.argv[2]).read())
want = [b.strip("\n") for b in open(sys.argv[1]).read().split("\f")]
got = [b.strip("\n") for b in p.blocks]
if got != want:
    print("EPUB code blocks:", got, "\nwanted:", want); sys.exit(1)
PY
	for s in "$x" "$t"; do
		grep -q 'A paragraph written in notes.md' <<<"$s" ||
			{ echo "notes.md's paragraph missing"; return 1; }
		grep -q 'Written about, not included: {{#include listings/hello.rs}} in the text' <<<"$s" ||
			{ echo "the escaped directive is not kept as written"; return 1; }
		[ "$(grep -c '{{#' <<<"$s")" -eq 1 ] ||
			{ echo "a directive printed"; return 1; }
		if grep -q 'web page only' <<<"$s"; then echo "{{#title}} printed"; return 1; fi
	done
	[ "$(grep -c 'whole file line' <<<"$t")" -eq 3 ] &&
		[ "$(grep -c '// ANCHOR: greet' <<<"$t")" -eq 1 ] ||
		{ echo "the PDF's listings are not the parts asked for"; return 1; }
}
check "markdown/mdbook-include" mdbook_include

# The files a chapter includes are sources of the edition: archived in
# sources.zip, and a change to one changes the fingerprint.
mdbook_include_sources() {
	local book=$TMP/mi-book a b
	rm -rf "$TMP/mi-arch" "$book" &&
		"$OCTAVO" archive "$MI" --to "$TMP/mi-arch" >/dev/null || return 1
	unzip -l "$TMP/mi-arch/1.0.0/sources.zip" >"$TMP/mi-zip" || return 1
	grep -q ' book/src/listings/hello.rs$' "$TMP/mi-zip" &&
		grep -q ' book/src/notes.md$' "$TMP/mi-zip" ||
		{ echo "an included file is not in sources.zip"; return 1; }
	cp -r "$MI" "$book" && echo '// one more line' >>"$book/src/listings/hello.rs" &&
		"$OCTAVO" build "$MI" -o "$TMP/mi-a" --format pdf &&
		"$OCTAVO" build "$book" -o "$TMP/mi-b" --format pdf || return 1
	a=$(pdftotext "$TMP"/mi-a/*.pdf - | grep '^Fingerprint:') &&
		b=$(pdftotext "$TMP"/mi-b/*.pdf - | grep '^Fingerprint:') || return 1
	[ "$a" != "$b" ] || { echo "same fingerprint after the listing changed: $a"; return 1; }
}
check "markdown/mdbook-include-sources" mdbook_include_sources

# A Rust code block's hidden lines ("# " or "#" alone, after any indent),
# which mdBook does not show, are in neither output; "##" shows as "#";
# "#[derive]" stays; a shell block's "# " comment stays.
rust_hidden_lines() {
	local out=$TMP/mh-out x t s
	rm -rf "$out" && "$OCTAVO" build "$MI" -o "$out" || return 1
	x=$(unzip -p "$out"/*.epub OEBPS/text/hidden.xhtml) &&
		t=$(pdftotext "$out"/*.pdf -) || return 1
	for s in "$x" "$t"; do
		if grep -nE 'allow\(unused\)|assert_eq|fn add_up|^#$' <<<"$s"; then
			echo "a hidden line is shown"; return 1
		fi
		grep -q 'let total = add_up' <<<"$s" &&
			grep -q '^# println! in a line that starts with two hashes' <<<"$s" &&
			grep -q '^#\[derive(Debug)\]' <<<"$s" &&
			grep -q '# Python and shell comments are text' <<<"$s" ||
			{ echo "a shown line is missing or '##' kept"; return 1; }
	done
}
check "markdown/rust-hidden-lines" rust_hidden_lines

# A bare "@name" in a book without a bibliography is a mention (GitHub's
# "@octocat"), a scoped package ("@types/node") or a handle: text in both
# outputs, with no message and exit 0.  It used to stop the build ("citation
# '@octocat', but the book has no bibliography"); a bracketed [@key] still
# does (errors/cite-no-bibliography), and with a bibliography an unknown
# bare key is a warning (errors/cite-bare-mention).
mentions_kept() {
	local book=$TMP/mentions out=$TMP/mentions-out x t
	rm -rf "$book" "$out" && mkdir -p "$book" &&
		printf '# One\n\nThanks to @octocat; run `npm i` for @types/node, or mail a@b.org.\n' \
			>"$book/one.md" &&
		printf '%s\n' 'title: "Mentions"' 'language: en' 'identifier: mentions' \
			'slug: book' 'chapters:' '  - one.md' >"$book/book.yaml" &&
		"$OCTAVO" build "$book" -o "$out" 2>"$TMP/mentions.stderr" || {
		cat "$TMP/mentions.stderr"; return 1; }
	[ ! -s "$TMP/mentions.stderr" ] || { cat "$TMP/mentions.stderr"; return 1; }
	x=$(unzip -p "$out/book.epub" '*one.xhtml') && t=$(pdftotext "$out/book.pdf" -) || return 1
	grep -qF 'Thanks to @octocat; run <code>npm i</code> for @types/node' <<<"$x" ||
		{ echo "EPUB: the mentions are not text"; return 1; }
	grep -qF 'Thanks to @octocat; run npm i for @types/node' <<<"$t" ||
		{ echo "PDF: the mentions are not text: $t"; return 1; }
}
check "markdown/mentions-kept" mentions_kept

# TeX math (tests/errors/math-as-source): each form's TeX reaches the
# EPUB exactly as written (no escape applied, no emphasis made), in
# <code class="math"> inline and <pre class="math"> for display math; the
# PDF has the same text; "$5 and $10", a code span with "$x$" and a
# table's lone dollars stay as they are.
math_as_source() {
	local out=$TMP/math-out x t s
	rm -rf "$out" &&
		(cd tests/errors && "$OCTAVO" build math-as-source -o "$out") 2>/dev/null &&
		x=$(unzip -p "$out"/book.epub OEBPS/text/forms.xhtml OEBPS/text/money.xhtml OEBPS/text/more.xhtml) &&
		t=$(pdftotext "$out"/book.pdf -) || return 1
	for s in '<code class="math">r_1</code>' \
		'<code class="math">\pi r_1^2</code>' \
		'<code class="math">a*b*c</code>' \
		'<pre class="math"><code class="math display">\int_0^1 f(x)\,dx = \{ u_1, u_2 \}</code></pre>' \
		'<code class="math">\alpha_1 * \beta_2</code>' \
		'<pre class="math"><code class="math display">\sum_{k=1}^{n} k = \frac{n(n+1)}{2}</code></pre>' \
		'<p>are <a href="#forms-of-math">counted</a> here.</p>' \
		'<code class="math">\frac{p}{q}\,s_1</code>' \
		'<code class="math display">\bar{x} = \frac{1}{N} \sum_{i=0} x_i</code>' \
		'<code class="math display">\left\{ t \in \mathbb{Q} \mid t^2 &lt; 3 \right\}</code>' \
		'Escaped $ stays a dollar;' \
		'A map costs $5 and $10 buys a compass; type <code>$HOME/$x$</code> in code.' \
		'<td>$$</td>' '<td>$</td>' '<code class="math">e^{i\theta}</code>' \
		'\( x + <code>y</code> \) stays text.'; do
		grep -qF "$s" <<<"$x" || { echo "EPUB lacks: $s"; return 1; }
	done
	if grep -qE '<em>|<strong>' <<<"$x"; then
		echo "emphasis made inside math"; return 1
	fi
	for s in 'r_1 has the area \pi r_1^2, and the product a*b*c' \
		'\int_0^1 f(x)\,dx = \{ u_1, u_2 \}' '\alpha_1 * \beta_2' \
		'\sum_{k=1}^{n} k = \frac{n(n+1)}{2}' '\frac{p}{q}\,s_1' \
		'\left\{ t \in \mathbb{Q} \mid t^2 < 3 \right\}' \
		'w_{22}' 'A map costs $5 and $10 buys a compass; type $HOME/$x$ in code.' \
		'Over two lines, u + v is one formula.'; do
		grep -qF -- "$s" <<<"$t" || { echo "PDF lacks: $s"; return 1; }
	done
	# the long formula wraps on the page: every term is there
	for s in 1 8 15 16 22; do
		grep -qF "w_{$s}" <<<"$t" || { echo "PDF lacks w_{$s}"; return 1; }
	done
	if [ -x /work/shared/tools/check-epub ]; then
		/work/shared/tools/check-epub "$out"/book.epub >"$TMP/math-check.log" 2>&1 ||
			{ tail -5 "$TMP/math-check.log"; return 1; }
	fi
}
check "markdown/math-as-source" math_as_source

# The tree: math nodes with the TeX and the place of the first delimiter;
# a paragraph around display math is cut into text, block, text, and the
# text after math over three lines is where it is in the source.
math_tree() {
	(cd tests/errors && "$OCTAVO" build math-as-source --dump) >"$TMP/math.tree" 2>/dev/null || return 1
	grep -qxF '      math 3:20 "r_1"' "$TMP/math.tree" &&
		grep -qxF '      math 4:1 "a*b*c"' "$TMP/math.tree" &&
		grep -qxF '    math_block 6:1 "\int_0^1 f(x)\,dx = \{ u_1, u_2 \}"' "$TMP/math.tree" &&
		grep -qxF '    math_block 11:1 "\sum_{k=1}^{n} k = \frac{n(n+1)}{2}"' "$TMP/math.tree" &&
		grep -qxF '      link 14:5 url="#forms-of-math" target=forms-of-math' "$TMP/math.tree" &&
		grep -qxF '      math 16:12 "\frac{p}{q}\,s_1"' "$TMP/math.tree" &&
		grep -qxF '    math_block 20:1 "\left\{ t \in \mathbb{Q} \mid t^2 < 3 \right\}"' "$TMP/math.tree" &&
		grep -qxF '          text 7:11 "$$"' "$TMP/math.tree" ||
		{ grep -n 'math\|link\|"\$' "$TMP/math.tree"; return 1; }
}
check "markdown/math-tree" math_tree

# HTML's alignment, as READMEs write it (tests/html-align): <h2
# align="center">, <p align="center">, a Markdown paragraph in <div
# align="right">, style="...; text-align: center" after another
# property, <center> and a <div align="center"> around a picture and
# its caption are set so in the PDF (each line's middle at the text
# block's middle, the right one's end at its right edge; the block's
# edges are those of the justified paragraph after them) and carry
# class="align-*" in the EPUB, on the paragraph itself as p's own
# text-align would beat its div's.  They were set at the left and
# justified, and <center> was a warning.
html_align() {
	local out=$TMP/align-out x s
	rm -rf "$out" && "$OCTAVO" build tests/html-align -o "$out" 2>"$TMP/align.err" ||
		{ cat "$TMP/align.err"; return 1; }
	[ ! -s "$TMP/align.err" ] || { cat "$TMP/align.err"; return 1; }
	x=$(unzip -p "$out/book.epub" OEBPS/text/one.xhtml) || return 1
	for s in '<h2 id="centred-heading" class="align-center">Centred heading</h2>' \
		'<p class="align-center">A centred line.</p>' \
		'<p class="align-right">A right paragraph.</p>' \
		'<p class="align-center">Style centred.</p>' \
		'<p class="align-center">Old centred.</p>' \
		'<p class="align-center"><img src="../images/pic.png" alt="A picture"/> <br/><strong>Under the picture</strong></p>' \
		'<p>A plain paragraph follows'; do
		grep -qF "$s" <<<"$x" || { echo "EPUB lacks: $s"; return 1; }
	done
	pdftotext -bbox "$out/book.pdf" - | /usr/bin/python3 -c '
import re, sys
words = re.findall(r"<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"[0-9.]+\">([^<]*)</word>", sys.stdin.read())
lines = {}
for a, y, b, t in words:
    lines.setdefault(y, []).append((float(a), float(b), t))
def line(first):
    for ws in lines.values():
        ws.sort()
        if " ".join(t for a, b, t in ws).startswith(first):
            return ws[0][0], ws[-1][1]
    sys.exit("no line " + first)
left, right = line("A plain paragraph")
mid = (left + right) / 2
bad = 0
for first in ("Centred heading", "A centred line.", "Style centred.", "Old centred.", "Under the picture"):
    a, b = line(first)
    if abs((a + b) / 2 - mid) > 1:
        print("%s: middle at %.1f, not %.1f" % (first, (a + b) / 2, mid)); bad = 1
a, b = line("A right paragraph.")
if abs(b - right) > 1:
    print("right paragraph ends at %.1f, not %.1f" % (b, right)); bad = 1
sys.exit(bad)'
}
check "markdown/html-align" html_align

# HTML's phrase elements as READMEs and mdBook chapters write them
# (tests/html-inline), which kept only their text with a warning each:
# the EPUB has the elements themselves (<strike> as <del>, <ruby> with
# <rp> parentheses around <rt>, <bdo dir>) and the rules a reader's own
# sheet lacks; <q>'s marks are in its text, the chapter language's
# (English “‘’”, German „‚‘“, Japanese 「」), in both outputs; the PDF
# gives a ruby's reading after its base in parentheses, shows <bdo
# dir="rtl"> reversed, and tests/inline_looks.py checks on the page the
# highlight behind <mark>, the rule under <u> and <ins>, the size of
# <small> and the faces of <cite>, <var>, <dfn> and <samp>.  A heading's
# ruby is "base(reading)" in the contents.
html_inline() {
	local out=$TMP/inline-out x css t s p page=
	rm -rf "$out" && "$OCTAVO" build tests/html-inline -o "$out" 2>"$TMP/inline.err" ||
		{ cat "$TMP/inline.err"; return 1; }
	[ ! -s "$TMP/inline.err" ] || { cat "$TMP/inline.err"; return 1; }
	x=$(unzip -p "$out/book.epub" OEBPS/text/one.xhtml OEBPS/text/ja.xhtml OEBPS/text/de.xhtml) &&
		css=$(unzip -p "$out/book.epub" OEBPS/css/book.css) &&
		t=$(pdftotext "$out/book.pdf" -) || return 1
	for s in 'The lamp is <mark>marked yellow</mark> on the map.' \
		'Signs say <u>underlined once</u> and <ins>newly added</ins> here.' \
		'A footnote in <small>small print tells the rest</small> of it.' \
		'She said <q>“bring the <q>‘good’</q> lantern”</q> before dusk.' \
		'Read <cite>The Quiet Harbour</cite>, set <var>count</var> to one' \
		'<dfn>ferry</dfn> is a boat for crossing.' \
		'printed <samp>done in 3 s</samp> and <del>old price</del>.' \
		'The name <bdi>إيان</bdi> wrote' '<bdo dir="rtl">abc</bdo> is reversed.' \
		'<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>を読む。' \
		'<ruby>東京<rp>(</rp><rt>とうきょう</rt><rp>)</rp></ruby>へ行く。' \
		'彼は<q>「はい」</q>と言った。' \
		'<h2 id="漢字かんじの話"><ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>の話</h2>' \
		'Sie rief <q>„Komm <q>‚bald‘</q> heim“</q> über den Hof.'; do
		grep -qF "$s" <<<"${x//$'\n'/}" || { echo "EPUB lacks: $s"; return 1; }
	done
	unzip -p "$out/book.epub" OEBPS/nav.xhtml | grep -qF '>漢字(かんじ)の話</a>' ||
		{ echo "the contents lack the ruby heading"; return 1; }
	for s in 'samp {' 'small {' 'quotes: none;' 'u, ins {'; do
		grep -qF "$s" <<<"$css" || { echo "book.css lacks: $s"; return 1; }
	done
	for s in 'She said “bring the ‘good’ lantern” before dusk.' \
		'Sie rief „Komm ‚bald‘ heim“ über den Hof.' '彼は「はい」と言った。' \
		'漢字(かんじ)を読む。東京(とうきょう)へ行く。' 'cba is reversed.' \
		'The tool printed done in 3 s and old price.'; do
		grep -qF "$s" <<<"$t" || { echo "PDF lacks: $s"; return 1; }
	done
	for p in $(seq 1 "$(pdfinfo "$out/book.pdf" | awk '/^Pages:/ { print $2 }')"); do
		pdftotext -f "$p" -l "$p" "$out/book.pdf" - | grep -q 'marked yellow' && page=$p
	done
	[ -n "$page" ] || { echo "no page has 'marked yellow'"; return 1; }
	python3 tests/inline_looks.py "$out/book.pdf" "$page"
}
check "markdown/html-inline" html_inline

# Skipped heading levels, as real books write them ("# A" then "#### B"):
# both outputs number the headings one deeper than the open ones of a
# lower level, siblings alike: h1, h2, h2, h2, h3 in the EPUB (the
# skipped ones keep their own look through class="h4", "h5" and the
# .h4, .h5 rules of book.css, which has no such rule otherwise) and H1,
# H2, H2, H2, H3 in the PDF's structure.  Ace reported each skip
# (heading-order), and the PDF tagged "#### C" H3, a child of its
# sibling B.
heading_levels() {
	local book=$TMP/hlev out=$TMP/hlev-out x css
	rm -rf "$book" "$out" && mkdir -p "$book" &&
		printf '# A\n\nText.\n\n#### B\n\nText.\n\n#### C\n\nText.\n\n## D\n\nText.\n\n##### E\n\nText.\n' >"$book/one.md" &&
		printf '%s\n' 'title: "Levels"' 'language: en' 'identifier: levels' \
			'slug: book' 'chapters:' '  - one.md' >"$book/book.yaml" &&
		"$OCTAVO" build "$book" -o "$out" || return 1
	x=$(unzip -p "$out/book.epub" OEBPS/text/one.xhtml | grep -o '<h[1-6][^>]*>[A-E]</h[1-6]>' | tr '\n' ' ')
	[ "$x" = '<h1 id="a">A</h1> <h2 id="b" class="h4">B</h2> <h2 id="c" class="h4">C</h2> <h2 id="d">D</h2> <h3 id="e" class="h5">E</h3> ' ] ||
		{ echo "EPUB headings: $x"; return 1; }
	css=$(unzip -p "$out/book.epub" OEBPS/css/book.css) || return 1
	grep -qx '\.h4 {' <<<"$css" && grep -qx '\.h5 {' <<<"$css" &&
		! grep -qx '\.h[236] {' <<<"$css" || { echo "book.css: the .hN rules"; return 1; }
	/usr/bin/python3 - "$out/book.pdf" <<'PY' || return 1
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
hs = []
def walk(k):
    if isinstance(k, pikepdf.Array):
        for x in k: walk(x)
    elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
        s = str(k.S)
        if s[:2] == "/H" and s[2:].isdigit():
            hs.append(s[1:])
        walk(k.get("/K"))
walk(pdf.Root.StructTreeRoot.K)
# the title page's and the contents' H1, then the chapter's
sys.exit(0 if hs[-5:] == ["H1", "H2", "H2", "H2", "H3"] and
         set(hs[:-5]) == {"H1"} else "PDF headings: %s" % hs)
PY
	if [ -x "$TOOLS/check-epub" ]; then
		"$TOOLS/check-epub" "$out/book.epub" >"$TMP/hlev-check.log" 2>&1 ||
			{ tail -3 "$TMP/hlev-check.log"; return 1; }
	fi
}
check "markdown/heading-levels" heading_levels

# A blank line in a code block is one line high in the PDF: from "line
# one" to "line three" is twice the pitch from "line three" to "line
# four".  Each blank line used to be set twice (three pitches), so
# every program with blank lines stood a third taller.
code_blank_lines() {
	local book=$TMP/codeblank out=$TMP/codeblank-out
	rm -rf "$book" "$out" && mkdir -p "$book" &&
		printf '# One\n\n```rust\nline one\n\nline three\nline four\n```\n' >"$book/one.md" &&
		printf '%s\n' 'title: "Code"' 'language: en' 'identifier: code' \
			'slug: book' 'chapters:' '  - one.md' >"$book/book.yaml" &&
		"$OCTAVO" build "$book" -o "$out" --format pdf || return 1
	pdftotext -bbox "$out/book.pdf" - | python3 -c '
import re, sys
y = {t: float(v) for v, t in re.findall(r"yMin=\"([0-9.]+)\"[^>]*>(one|three|four)</word>", sys.stdin.read())}
gap, pitch = y["three"] - y["one"], y["four"] - y["three"]
sys.exit(0 if abs(gap - 2 * pitch) < 0.5 else "one to three %.2f, three to four %.2f" % (gap, pitch))'
}
check "markdown/code-blank-lines" code_blank_lines

# A table whose rows and columns both have headers leaves its corner
# empty (| | a | b |, or <th></th>): that cell is no header in either
# output (<td>, TD), since a header without words names nothing; Ace
# flagged it (empty-table-header) in the Rustonomicon.  The cells with
# words stay headers: th scope="col" and TH with /Scope.
empty_corner() {
	local book=$TMP/corner out=$TMP/corner-out x s
	rm -rf "$book" "$out" && mkdir -p "$book" &&
		printf '# One\n\n|      | tide | wind |\n|------|------|------|\n| Mon  | high | west |\n\n<table><tr><th> </th><th>Depth</th></tr><tr><th>Pier</th><td>4 m</td></tr></table>\n' \
			>"$book/one.md" &&
		printf '%s\n' 'title: "Corner"' 'language: en' 'identifier: corner' \
			'slug: book' 'chapters:' '  - one.md' >"$book/book.yaml" &&
		"$OCTAVO" build "$book" -o "$out" 2>"$TMP/corner.stderr" || {
		cat "$TMP/corner.stderr"; return 1; }
	x=$(unzip -p "$out/book.epub" '*one.xhtml' | tr -d '\n') || return 1
	for s in '<thead><tr><td></td><th scope="col">tide</th><th scope="col">wind</th>' \
		'<thead><tr><td></td><th scope="col">Depth</th></tr></thead><tbody><tr><th scope="row">Pier</th><td>4 m</td>'; do
		grep -qF "$s" <<<"$x" || { echo "EPUB lacks: $s"; grep -o '<table.*</table>' <<<"$x"; return 1; }
	done
	s=$(/usr/bin/python3 - "$out/book.pdf" <<'PY'
import sys, pikepdf
sys.path.insert(0, "tests")
import pdfmarks
pdf = pikepdf.open(sys.argv[1])
rows = []
for e, _ in pdfmarks.walk(pdf):
    if str(e.S) == "/TR":
        rows.append(" ".join(str(k.S)[1:] for k in pdfmarks.kids(e)
                             if isinstance(k, pikepdf.Dictionary) and "/S" in k))
print(" | ".join(rows))
PY
	) || return 1
	[ "$s" = "TD TH TH | TD TD TD | TD TH | TH TD" ] || { echo "PDF rows: $s"; return 1; }
}
check "markdown/table-empty-corner" empty_corner
