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
	grep -q 'Centred text stays' "$out/all.txt" &&
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

