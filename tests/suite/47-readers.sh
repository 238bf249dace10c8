# The guide's EPUB as readers show it: MuPDF and calibre render it
# (tests/readers.py: no page of bare page numbers, no landmarks as text,
# one cover, no blank page), every colour of its style sheet stands
# 4.5:1 on a white and a near-black page (tests/css_colors.py), and the
# package files its creators and titles for library software.
# calibre is not in every checkout's tools: `../shared/tools/install-checkers
# --with-calibre` (about 2.5 minutes); CI installs it.  Without it (or
# mutool) these checks are left out, and said so, except under CI.
RD=$TMP/readers
"$OCTAVO" build book --format epub -o "$RD" >"$TMP/readers.log" 2>&1
check "readers/guide-builds" test ! -s "$TMP/readers.log"
RD_EPUB=$RD/ketamine-guide-1.0.0.epub

if command -v ebook-convert >/dev/null && command -v mutool >/dev/null ||
	[ -n "${CI-}" ]; then
	check "readers/mupdf-calibre" python3 tests/readers.py "$RD_EPUB" "$TMP/readers-work"
else
	skip "readers/mupdf-calibre" "install mupdf-tools and calibre \
(../shared/tools/install-checkers --with-calibre)"
fi

check "readers/css-colors" python3 tests/css_colors.py "$RD_EPUB"
# URLs: class url, <wbr/> only after / . -, and in headless Chromium at a
# phone's width, with hyphenation on, no break elsewhere, no hyphen, no
# overflow
check "readers/url-breaks" python3 tests/url_breaks.py "$RD_EPUB"
# the check can fail: the accent the sheet once set on headings and rules
# (2.16:1 on a near-black page), and a light colour without its dark pair
css_colors_refuses() {
	printf 'h1 { color: #1f4e79; }\n' >"$TMP/accent.css"
	python3 tests/css_colors.py "$TMP/accent.css" >"$TMP/accent.out"
	[ $? -eq 1 ] || return 1
	grep -q '^FAIL h1 { color: #1f4e79 }: #1f4e79 stands 2.16:1 on a near-black page' \
		"$TMP/accent.out" || return 1
	printf '@media (prefers-color-scheme: light) { a { color: #0b4f8a } }\n' \
		>"$TMP/unpaired.css"
	python3 tests/css_colors.py "$TMP/unpaired.css" >"$TMP/unpaired.out"
	[ $? -eq 1 ] &&
		grep -q '^FAIL a { color }: set for the light scheme with no dark counterpart' \
			"$TMP/unpaired.out"
}
check "readers/css-colors-refuses" css_colors_refuses

# titles and creators as library software files them
readers_meta() {
	local d=$TMP/readers-meta
	mkdir -p "$d"
	printf '# One\n\nText.\n' >"$d/one.md"
	cat >"$d/book.yaml" <<'YAML'
title: "The Long Road"
subtitle: "Notes from a Clinic"
authors:
  - "Jane Q. Doe"
  - "Ludwig van Beethoven"
  - "Martin Luther King Jr."
  - "Plato"
  - "Doe, John"
  - "The Editors of the Patient Guide"
language: en
identifier: "long-road"
chapters: [one.md]
YAML
	"$OCTAVO" build "$d" --format epub -o "$d/out" || return 1
	unzip -p "$d/out/book.epub" OEBPS/package.opf | python3 -c '
import sys, xml.etree.ElementTree as ET
pkg = ET.fromstring(sys.stdin.read())
DC, OPF = "{http://purl.org/dc/elements/1.1/}", "{http://www.idpf.org/2007/opf}"
refs = {}
for m in pkg.iter(OPF + "meta"):
    if m.get("refines"):
        refs.setdefault((m.get("refines")[1:], m.get("property")), m.text)
sort = [refs.get((c.get("id"), "file-as")) for c in pkg.iter(DC + "creator")]
want = ["Doe, Jane Q.", "Beethoven, Ludwig van", "King, Martin Luther, Jr.",
        "Plato", "Doe, John", "Editors of the Patient Guide"]
assert sort == want, sort
titles = {t.get("id"): t.text for t in pkg.iter(DC + "title")}
assert titles == {"title": "The Long Road", "subtitle": "Notes from a Clinic"}, titles
assert refs[("title", "title-type")] == "main"
assert refs[("subtitle", "title-type")] == "subtitle"
assert refs[("title", "file-as")] == "Long Road, The", refs[("title", "file-as")]
guide = {r.get("type"): r.get("href") for r in pkg.iter(OPF + "reference")}
assert guide.get("cover") == "cover.xhtml", guide
covers = [m.get("content") for m in pkg.iter(OPF + "meta") if m.get("name") == "cover"]
items = {i.get("id"): i for i in pkg.iter(OPF + "item")}
assert covers and "cover-image" in items[covers[0]].get("properties", ""), covers
spine = [r.get("idref") for r in pkg.iter(OPF + "itemref")]
nav = [i.get("id") for i in items.values() if "nav" in (i.get("properties") or "").split()]
assert nav and nav[0] not in spine, "the navigation document is in the spine"
assert spine[:3] == ["cover", "titlepage", "contents"], spine
'
}
check "readers/metadata" readers_meta

# Fonts: the large-print theme embeds its fonts by default (subsets of
# the glyphs the book uses, with their licences), the guide's theme only
# when asked (embed-fonts: true); the plain guide carries none.
check "readers/fonts-none-by-default" python3 tests/epub_fonts.py "$RD_EPUB" fonts --none
RF=$TMP/readers-fonts
"$OCTAVO" build book --theme large-print --format epub -o "$RF" >"$TMP/readers-lp.log" 2>&1
check "readers/fonts-large-print-builds" test ! -s "$TMP/readers-lp.log"
RF_EPUB=$RF/ketamine-guide-1.0.0-large-print.epub
check "readers/fonts-large-print" python3 tests/epub_fonts.py "$RF_EPUB" fonts
check "readers/fonts-large-print-epub-check" "$TOOLS/check-epub" "$RF_EPUB"
mkdir -p "$TMP/readers-styles"
cp styles/*.yaml "$TMP/readers-styles/"
printf 'embed-fonts: true\n' >>"$TMP/readers-styles/guide.yaml"
"$OCTAVO" build book --styles "$TMP/readers-styles" --format epub \
	-o "$RF/guide" >"$TMP/readers-gf.log" 2>&1
check "readers/fonts-guide-builds" test ! -s "$TMP/readers-gf.log"
check "readers/fonts-guide" python3 tests/epub_fonts.py \
	"$RF/guide/ketamine-guide-1.0.0.epub" fonts
check "readers/fonts-guide-epub-check" "$TOOLS/check-epub" \
	"$RF/guide/ketamine-guide-1.0.0.epub"
# the check can fail: the whole font in place of the subset
fonts_refuses() {
	python3 - "$RF_EPUB" "$TMP/whole-font.epub" fonts/Andika-Regular.ttf <<'PY' || return 1
import sys, zipfile
src, dst, whole = sys.argv[1:]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
    for i in a.infolist():
        data = a.read(i.filename)
        if i.filename == "OEBPS/fonts/Andika-Regular.ttf":
            data = open(whole, "rb").read()
        b.writestr(i, data)
PY
	python3 tests/epub_fonts.py "$TMP/whole-font.epub" fonts >"$TMP/whole-font.out"
	[ $? -eq 1 ] && grep -q "^FAIL Andika normal normal (OEBPS/fonts/Andika-Regular.ttf): [0-9]* bytes, not smaller than its source" \
		"$TMP/whole-font.out"
}
check "readers/fonts-refuses-whole-font" fonts_refuses

# Notes beside numbered citations: marked with letters ("a", never "1"
# beside "[1]"), one "↑" per citing place with its label, the links back
# out of a reader's pop-up (headless Chromium), and no rule without notes.
readers_notes() {
	local d=$TMP/readers-notes
	mkdir -p "$d"
	cat >"$d/book.yaml" <<'YAML'
title: "Notes and Sources"
language: en
bibliography: refs.bib
chapters: [one.md, two.md]
YAML
	cat >"$d/refs.bib" <<'BIB'
@misc{alpha, title={Alpha report}, author={Smith, Ann}, year={2020}, url={https://example.org/alpha}}
@misc{beta, title={Beta study}, author={Jones, Bo}, year={2021}}
BIB
	printf '# One\n\nA note[^a] and a source [@alpha]. The note again[^a] and [@beta].\n\n[^a]: The note.\n' >"$d/one.md"
	printf '# Two\n\nMore [@alpha] and a note[^b].\n\n[^b]: Another note.\n' >"$d/two.md"
	"$OCTAVO" build "$d" --format epub -o "$d/out" || return 1
	python3 tests/backlinks.py "$d/out/book.epub"
}
check "readers/notes-citations-backlinks" readers_notes
