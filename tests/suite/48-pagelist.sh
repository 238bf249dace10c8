# Print page numbers in the EPUB: each page-list entry must land on the
# first words of its page in the print PDF (tests/pagelist.py reads both
# with zipfile/ElementTree, qpdf and pdftotext).  The guide as 40-guide.sh
# built it (A4), the guide on A5 (pages that begin inside paragraphs),
# and a book written to make pages begin inside emphasis, links, code,
# tables and at figures.
check "pagelist/guide-a4" python3 tests/pagelist.py "$EPUB" "$PDF" \
	styles/guide.yaml 22

A5=$TMP/pagelist-a5
"$OCTAVO" build book --paper a5 -o "$A5" >"$TMP/pagelist-a5.log" 2>&1
a5_status=$?
a5_builds() { # exit 0 and not a word
	cat "$TMP/pagelist-a5.log"
	[ "$a5_status" -eq 0 ] && [ ! -s "$TMP/pagelist-a5.log" ]
}
check "pagelist/guide-a5-builds" a5_builds
check "pagelist/guide-a5" python3 tests/pagelist.py \
	"$A5/ketamine-guide-1.0.0.epub" "$A5/ketamine-guide-1.0.0.pdf" \
	styles/guide.yaml 30

# the page source names the paper the pages come from
pagelist_source() { # EPUB PAPER
	unzip -p "$1" OEBPS/package.opf | python3 -c '
import sys, xml.etree.ElementTree as ET
pkg = ET.fromstring(sys.stdin.read())
DC, OPF = "{http://purl.org/dc/elements/1.1/}", "{http://www.idpf.org/2007/opf}"
src = [s for s in pkg.iter(DC + "source") if s.get("id")]
metas = {(m.get("property"), m.get("refines"), m.text) for m in pkg.iter(OPF + "meta")}
assert len(src) == 1, "one dc:source"
assert ("source-of", "#" + src[0].get("id"), "pagination") in metas, "source-of"
assert src[0].text == "Ketamine, print edition 1.0.0, " + sys.argv[1] + " paper", src[0].text
for f in ("printPageNumbers", "pageNavigation"):
    assert ("schema:accessibilityFeature", None, f) in metas, f
' "$2"
}
check "pagelist/source-a4" pagelist_source "$EPUB" A4
check "pagelist/source-a5" pagelist_source "$A5/ketamine-guide-1.0.0.epub" A5

PL=$TMP/pagelist
rm -rf "$PL"
pdftoppm -png -r 20 -f 3 -l 3 -singlefile "$PDF" "$TMP/pagelist-page" &&
	python3 tests/pagelist_book.py "$PL/book" "$TMP/pagelist-page.png"
"$OCTAVO" build "$PL/book" --paper a5 -o "$PL/out" >"$PL.log" 2>&1
check "pagelist/awkward-builds" test $? -eq 0
check "pagelist/awkward" python3 tests/pagelist.py "$PL/out/pagelist-2.0.epub" \
	"$PL/out/pagelist-2.0.pdf" styles/guide.yaml 40
# ...and the markers did land in each awkward place, inline elements
# closed before them and opened again after
pagelist_places() {
	unzip -p "$1" 'OEBPS/text/*.xhtml' | python3 -c '
import re, sys
s = sys.stdin.read()
M = r"<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-\d+\" aria-label=\"\d+\"></span>"
places = {"emphasis": r"</em>" + M + r"<em>",
          "strong emphasis": r"</em></strong>" + M + r"<strong><em>",
          "link": r"</a>" + M + r"<a href=",
          "inline code": r"</code>" + M + r"<code>",
          "code block": r"<pre><code>[^<]*\n" + M + r"dose_",
          "table row": r"<tr>\n<td>" + M + r"\d",
          "figure": M + r"<figure>",
          "empty chapter": r"aria-label=\"05-blank\">\n" + M + r"</section>"}
missing = [k for k, r in places.items() if not re.search(r, s)]
assert not missing, "no marker found at: " + ", ".join(missing)
'
}
check "pagelist/awkward-places" pagelist_places "$PL/out/pagelist-2.0.epub"
check "pagelist/awkward-epub-check" env CHECK_EPUB_SKIP="reader" \
	"$TOOLS/check-epub" "$PL/out/pagelist-2.0.epub"

# toc.ncx (EPUB 2 readers, and conversions that keep page numbers) lists the
# same pages as the navigation document's page-list, in the same order,
# with play orders unique across navPoints and pageTargets, the page
# targets' in reading order, and the page count in its head
ncx_pages() {
	python3 - "$1" <<'PY'
import re, sys, zipfile
import xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
N = "{http://www.daisy.org/z3986/2005/ncx/}"
X = "{http://www.w3.org/1999/xhtml}"
E = "{http://www.idpf.org/2007/ops}"
ncx = ET.fromstring(z.read("OEBPS/toc.ncx"))
nav = ET.fromstring(z.read("OEBPS/nav.xhtml"))
pl = [n for n in nav.iter(X + "nav") if n.get(E + "type") == "page-list"][0]
want = [(a.text, a.get("href")) for a in pl.iter(X + "a")]
targets = list(ncx.iter(N + "pageTarget"))
got = [(t.get("value"), t.find(N + "content").get("src")) for t in targets]
assert got == want, "pageList %r != page-list %r" % (got[:3], want[:3])
orders = [int(e.get("playOrder")) for e in ncx.iter()
          if e.tag in (N + "navPoint", N + "pageTarget")]
assert len(orders) == len(set(orders)), "playOrder repeated"
po = [int(t.get("playOrder")) for t in targets]
assert po == sorted(po), "page targets out of reading order"
meta = {m.get("name"): m.get("content") for m in ncx.iter(N + "meta")}
assert meta["dtb:totalPageCount"] == str(len(targets)), meta
assert meta["dtb:maxPageNumber"] == str(max(int(v) for v, _ in got)), meta
print("toc.ncx: %d page targets, as the page-list" % len(targets))
PY
}
check "pagelist/ncx-guide" ncx_pages "$EPUB"
check "pagelist/ncx-awkward" ncx_pages "$PL/out/pagelist-2.0.epub"

# A code block whose lines are too long for the page goes on after a "↪"
# mark on the next line; a page that begins with such a piece has its
# marker where the piece begins in the source, never a byte further: in
# Chinese the marker once fell inside a character (invalid UTF-8 that
# EPUBCheck refused, in the Chinese Rust course), in English one letter
# late.  Some 30 pages of wrapped lines, each of Latin, then Han, then
# mixed text; tests/pagelist.py matches every page's first words.
wrapped_code_book() {
	local d=$1 i
	mkdir -p "$d" || return 1
	printf '%s\n' 'title: "Wrapped code"' 'language: zh' 'identifier: wrapped' \
		'slug: wrapped' 'chapters:' '  - one.md' >"$d/book.yaml"
	{
		printf '# 代码\n\n```\n'
		for i in $(seq 1 400); do
			case $((i % 3)) in
			0) printf '// line %d: the tide table is read before the harbour is entered, then the wind, then the depth\n' "$i" ;;
			1) printf '// 第%d行：进港之前先看潮水表，再看风向，然后看水深；船小，就更要小心，慢慢地靠近码头。\n' "$i" ;;
			2) printf 'let tide_%d = "潮水" + "high water at the pier head" + "风向与水深" + "slow ahead";\n' "$i" ;;
			esac
		done
		printf '```\n'
	} >"$d/one.md"
}
WC=$TMP/wrapped-code
rm -rf "$WC" && wrapped_code_book "$WC/book" &&
	"$OCTAVO" build "$WC/book" --paper a5 -o "$WC/out" >"$WC.log" 2>&1
check "pagelist/wrapped-code-builds" test $? -eq 0
wrapped_code_utf8() {
	local f=$WC/out/wrapped.epub
	unzip -p "$f" OEBPS/text/one.xhtml | iconv -f UTF-8 -t UTF-8 >/dev/null &&
		unzip -p "$f" OEBPS/text/one.xhtml | xmllint --noout - || return 1
	# pages begin at pieces after a mark, not only at source lines
	[ "$(unzip -p "$f" OEBPS/text/one.xhtml | grep -c 'role="doc-pagebreak"[^>]*></span>[^/l]')" -gt 0 ] ||
		{ echo "no page begins inside a wrapped line"; return 1; }
}
check "pagelist/wrapped-code-utf8" wrapped_code_utf8
check "pagelist/wrapped-code" python3 tests/pagelist.py "$WC/out/wrapped.epub" \
	"$WC/out/wrapped.pdf" styles/guide.yaml 20
