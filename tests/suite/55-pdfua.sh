# PDF/UA-1: tests/pdfua_check.py, the machine-checkable part of the
# Matterhorn Protocol that applies to octavo's PDFs, first tried on small
# hand-made PDFs that each break one of its rules (and one that breaks
# none), so that each rule is seen to fail for its own reason.
check "pdfua/checker-selftest" tests/pdfua_selftest.py "$TMP/pdfua-selftest"

UA=$TMP/pdfua
mkdir -p "$UA"
ua_check() { tests/pdfua_check.py "$@"; }

# Every PDF of the guide's --all: the book, large print, the A4, Letter
# and booklet handouts; each says it is PDF/UA-1 in its XMP.
ua_guide() {
	"$OCTAVO" build book --all -o "$UA/guide" >"$UA/guide.log" 2>&1 ||
		{ cat "$UA/guide.log"; return 1; }
	local n=0 f
	for f in "$UA"/guide/*.pdf; do
		ua_check "$f" || return 1
		/usr/bin/python3 - "$f" <<'PY' || return 1
import sys, pikepdf
x = pikepdf.open(sys.argv[1]).Root.Metadata.read_bytes().decode()
assert "<pdfuaid:part>1</pdfuaid:part>" in x, "no pdfuaid:part in the XMP"
PY
		n=$((n + 1))
	done
	[ "$n" -eq 5 ] || { echo "$n PDFs, expected 5"; return 1; }
}
check "pdfua/guide-all" ua_guide

# The handouts' own test book: notes, citations, a grayscale print and a
# Letter booklet.
ua_handouts() {
	local hb=tests/handout/book
	"$OCTAVO" handout "$hb" --chapter 01-before,02-visit,03-after \
		-o "$UA/handout" &&
		"$OCTAVO" handout "$hb" --chapter 02-visit --grayscale \
			--booklet --paper letter -o "$UA/handout" &&
		"$OCTAVO" build "$hb" -f pdf -o "$UA/handout" || return 1
	ua_check "$UA"/handout/*.pdf
}
check "pdfua/handout-book" ua_handouts

# The golden chapters as one book (headings of every level, lists,
# tables, code, quotes, footnotes, figures, links), each citation style
# as a book of its own, and the table-columns book.
ua_golden() {
	local g=$UA/golden f name d
	mkdir -p "$g"
	cp -r tests/golden/images tests/golden/chapters "$g/"
	printf 'title: Golden\nlanguage: en-US\nidentifier: golden\nchapters:\n' \
		>"$g/book.yaml"
	for f in tests/golden/*.md; do
		case $f in */cite-*) continue ;; esac
		cp "$f" "$g/"
		echo "  - $(basename "$f")" >>"$g/book.yaml"
	done
	echo "  - chapters/other.md" >>"$g/book.yaml"
	"$OCTAVO" build "$g" -f pdf -o "$g/out" || return 1
	for f in tests/golden/cite-*.md; do
		name=$(basename "$f" .md)
		d=$UA/$name
		mkdir -p "$d"
		cp "$f" "${f%.md}.bib" "$d/"
		printf 'title: Cite\nlanguage: en-US\nidentifier: %s\nbibliography: %s.bib\nchapters:\n  - %s.md\n' \
			"$name" "$name" "$name" >"$d/book.yaml"
		[ -e "${f%.md}.yaml" ] && cat "${f%.md}.yaml" >>"$d/book.yaml"
		"$OCTAVO" build "$d" -f pdf -o "$d/out" || return 1
	done
	"$OCTAVO" build tests/pdf/table-columns -f pdf -o "$UA/tables" ||
		return 1
	ua_check "$g"/out/*.pdf "$UA"/cite-*/out/*.pdf "$UA"/tables/*.pdf
}
check "pdfua/golden-books" ua_golden

# Headings that skip levels (# then ###, ## then #####) and a chapter
# that starts at ##: tagged H1, H2 ... without a skipped level (on the
# earlier code the checker reported "H3 follows H1" and "H5 follows H2").
ua_skipped_levels() {
	local d=$UA/skip
	mkdir -p "$d"
	printf '# One\n\nText.\n\n### Three\n\nMore.\n\n## Two\n\n##### Five\n' \
		>"$d/one.md"
	printf '## Starts at two\n\nText.\n' >"$d/two.md"
	printf 'title: Skip\nlanguage: en\nidentifier: skip\nchapters:\n  - one.md\n  - two.md\n' \
		>"$d/book.yaml"
	"$OCTAVO" build "$d" -f pdf -o "$d/out" && ua_check "$d"/out/*.pdf
}
check "pdfua/skipped-heading-levels" ua_skipped_levels

# Read through the structure tree (pdfinfo -struct-text, as poppler-based
# readers do), a title or heading of two ragged lines keeps its second
# line: cairo's empty ActualText span for the space pango drops at the
# line's end ended poppler's text of the element (the title page's
# subtitle and the handout's heading read as their first line).  And a
# contents entry's page number is read with a space before it.
ua_struct_text() {
	local g=$UA/guide
	[ -s "$g/ketamine-guide-1.0.0.pdf" ] || return 1
	pdfinfo -struct-text "$g/ketamine-guide-1.0.0.pdf" >"$UA/guide.struct" &&
		pdfinfo -struct-text "$g/ketamine-guide-1.0.0-safe-use-a4.pdf" \
			>"$UA/a4.struct" || return 1
	grep -q '"A Comprehensive Guide to Its Medical *Uses, Benefits, and Future Potential"' \
		"$UA/guide.struct" || { echo "the subtitle is cut"; return 1; }
	grep -q '"8. How to Safely Use Ketamine for *Treatment"' "$UA/a4.struct" ||
		{ echo "the handout's heading is cut"; return 1; }
	/usr/bin/python3 - "$g/ketamine-guide-1.0.0.pdf" <<'PY'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
said = []
def walk(k):
    if isinstance(k, pikepdf.Array):
        for x in k: walk(x)
    elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
        if k.S == "/Span" and "/ActualText" in k:
            said.append(str(k.ActualText))
        walk(k.get("/K"))
walk(pdf.Root.StructTreeRoot.K)
assert " 1" in said and " 24" in said, said[:5]
PY
}
check "pdfua/struct-text-whole-lines" ua_struct_text

# The books of every script and language (tests/world/): right-to-left
# chapters, CJK, Indic and Thai text, emoji, a language per chapter and
# per HTML element (/Lang on their elements), a handout and a large-print
# edition in Spanish.
ua_world() {
	local w=$UA/world b
	for b in scripts arabic german spanish french languages rtl-blocks; do
		"$OCTAVO" build tests/world/$b -f pdf -o "$w/$b" >"$w.log" 2>&1 ||
			{ cat "$w.log"; return 1; }
	done
	"$OCTAVO" build tests/world/spanish --all -o "$w/spanish-all" >"$w.log" 2>&1 ||
		{ cat "$w.log"; return 1; }
	ua_check "$w"/*/*.pdf
}
check "pdfua/world-books" ua_world

# The Markdown test book (raw HTML's kinds, code blocks, tables, SVG
# figures drawn as vectors) and its SVG figures in a grayscale handout.
ua_markdown() {
	local d=$UA/md
	rm -rf "$d" && mkdir -p "$d" && cp -r tests/mdbook "$d/book" &&
		echo 'url: "https://example.org/md"' >>"$d/book/book.yaml" &&
		"$OCTAVO" build "$d/book" -f pdf -o "$d/out" 2>"$d/log" &&
		"$OCTAVO" handout "$d/book" --chapter figures --grayscale \
			-o "$d/out" || return 1
	ua_check "$d"/out/*.pdf
}
check "pdfua/markdown-book" ua_markdown
