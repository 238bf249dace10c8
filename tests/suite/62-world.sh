# Every script and every language (tests/world/).
W=tests/world

# A book in twelve scripts: every letter of each chapter reaches the PDF
# (pdftotext finds them all, NFKC-normalised, as multisets), no word runs
# outside the text block (an Arabic paragraph once ran off the page on one
# line), no message, and both outputs pass the validators.
world_scripts_build() {
	"$OCTAVO" build $W/scripts -o "$TMP/world-scripts" 2>"$TMP/world-scripts.err" || return 1
	[ ! -s "$TMP/world-scripts.err" ] || { cat "$TMP/world-scripts.err"; return 1; }
}
check "world/scripts-build-quiet" world_scripts_build
# Many threads on many faces: cairo 1.16 closes a FreeType face that
# another thread is loading a glyph from once more than ten are open, and
# this book (over ten faces) crashed 2 builds in 3 on 16 threads before
# octavo kept such books on one thread (src/layout/fonts.c).
world_scripts_threads() {
	for i in 1 2 3 4 5; do
		OCTAVO_THREADS=16 "$OCTAVO" build $W/scripts -o "$TMP/world-threads" \
			2>"$TMP/world-threads.err"
		rc=$?
		[ $rc -eq 0 ] || { echo "run $i: exit $rc"; cat "$TMP/world-threads.err"; return 1; }
	done
	cmp "$TMP/world-threads/scripts-1.0.0.pdf" "$TMP/world-scripts/scripts-1.0.0.pdf"
}
check "world/scripts-16-threads" world_scripts_threads
check "world/scripts-letters" python3 $W/letters.py $W/scripts "$TMP/world-scripts/scripts-1.0.0.pdf"
check "world/scripts-in-text-block" python3 $W/bbox.py "$TMP/world-scripts/scripts-1.0.0.pdf" 72 72
# A word alone on a justified line that its letters cannot fill is as
# loose as a line gets: the Tamil paragraph, of long words, once had its
# first word set alone on the first line, which escaped the loose lines'
# cost (its other lines were no better for it)
world_no_lone_word() {
	pdftotext -bbox "$TMP/world-scripts/scripts-1.0.0.pdf" - | python3 -c '
import re, sys
words = re.findall("<word xMin=\"[0-9.]+\" yMin=\"([0-9.]+)\"[^>]*>([^<]*)</word>", sys.stdin.read())
first = [y for y, w in words if w.startswith("\u0ba8\u0bbe\u0bb3")]  # naal
second = [y for y, w in words if w == "\u0bae\u0bc1\u0bb4\u0bc1\u0bb5\u0ba4\u0bc1\u0bae\u0bcd"]
print("first word at y", first, "second at y", second)
sys.exit(0 if first and second and first[0] == second[0] else 1)'
}
check "world/no-lone-first-word" world_no_lone_word
check "world/scripts-check-pdf" "$TOOLS/check-pdf" "$TMP/world-scripts/scripts-1.0.0.pdf"
check "world/scripts-check-epub" "$TOOLS/check-epub" "$TMP/world-scripts/scripts-1.0.0.epub"

# Each script in its own face: no Greek word mixes Charis SIL's few Greek
# letters with Noto Serif's, the CJK text is in the CJK face
world_scripts_faces() {
	pdffonts "$TMP/world-scripts/scripts-1.0.0.pdf" >"$TMP/world-fonts.txt" || return 1
	for f in NotoNaskhArabic NotoSerifHebrew NotoSerifDevanagari NotoSerifThai NotoSerifCJK Symbola; do
		grep -q "$f" "$TMP/world-fonts.txt" || { echo "no $f"; return 1; }
	done
	# Greek on page 5, Chinese on page 12
	python3 $W/faces.py "$TMP/world-scripts/scripts-1.0.0.pdf" 5 GREEK NotoSerif &&
		python3 $W/faces.py "$TMP/world-scripts/scripts-1.0.0.pdf" 12 CJK NotoSerifCJK
}
check "world/scripts-one-face-per-script" world_scripts_faces

# A letter no font has is named where it is, once per chapter, and the
# build goes on; a theme with missing-glyphs: error refuses it
world_glyph_warning() {
	"$OCTAVO" build $W/glyph -o "$TMP/world-glyph" 2>"$TMP/glyph.err" || return 1
	pua=$(printf '\xee\x80\x80') # U+E000, private use
	printf '%s\n' \
		"$W/glyph/chapters/one.md:3:18: warning: no font has U+E000 '$pua' (private use)" \
		"$W/glyph/chapters/two.md:3:17: warning: no font has U+E000 '$pua' (private use)" |
		diff -u - "$TMP/glyph.err"
}
check "world/missing-glyph-warning" world_glyph_warning
world_glyph_error() {
	"$OCTAVO" build $W/glyph -o "$TMP/world-glyph-strict" --styles $W/styles --theme strict 2>"$TMP/glyph2.err"
	[ $? -eq 1 ] || return 1
	[ ! -e "$TMP/world-glyph-strict" ] || { echo "output written"; return 1; }
	grep -qx "$W/glyph/chapters/one.md:3:18: error: no font has U+E000 '$(printf '\xee\x80\x80')' (private use)" "$TMP/glyph2.err"
}
check "world/missing-glyph-error" world_glyph_error

# The Arabic chapter of the English book is marked right to left in the
# EPUB, and so is a book in Arabic, whose pages turn from the left; an
# English paragraph in it is marked left to right
world_dir_epub() {
	unzip -p "$TMP/world-scripts/scripts-1.0.0.epub" OEBPS/text/03-arabic.xhtml |
		grep -c '<p dir="rtl">' | grep -qx 3 || { echo "no rtl paragraphs"; return 1; }
	"$OCTAVO" build $W/arabic -o "$TMP/world-ar" || return 1
	local e=$TMP/world-ar/arabic-1.0.0.epub
	unzip -p "$e" OEBPS/package.opf | grep -q '<spine [^>]*page-progression-direction="rtl"' &&
		unzip -p "$e" OEBPS/text/fasl.xhtml | grep -q '<html [^>]*lang="ar" [^>]*dir="rtl"' &&
		unzip -p "$e" OEBPS/text/fasl.xhtml | grep -q '<p dir="ltr">The nurse' &&
		"$TOOLS/check-epub" "$e"
}
check "world/rtl-epub-dir" world_dir_epub

# Hyphenation by the book's language: a German book of long compounds
# finds hyph_de_DE.dic for "de" and sets loose lines at most 3% of the
# time (typo-metrics; 15% when only English patterns were found)
world_german() {
	"$OCTAVO" build $W/german -o "$TMP/world-de" 2>"$TMP/world-de.err" || return 1
	[ ! -s "$TMP/world-de.err" ] || { cat "$TMP/world-de.err"; return 1; }
	"$TOOLS/typo-metrics" --json "$TMP/world-de/german-1.0.0.pdf" >"$TMP/world-de.json" || return 1
	python3 - "$TMP/world-de.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print("german: loose %.1f%%, hyphenated %.1f%%" % (100 * m["loose_share"], 100 * m["hyphen_share"]))
sys.exit(0 if m["loose_share"] <= 0.03 and m["hyphen_share"] > 0 and m["overfull_share"] == 0 else 1)
PY
}
check "world/german-hyphenated" world_german
# "es" finds hyph_es_ES.dic (Debian has no hyph_es.dic): the edition's
# sources name it
world_spanish_patterns() {
	"$OCTAVO" archive $W/spanish --to "$TMP/world-es-archive" >/dev/null || return 1
	unzip -p "$TMP/world-es-archive/1.0.0/sources.zip" installed.sha256 |
		grep -q '  hyphen/hyph_es_ES.dic$'
}
check "world/spanish-patterns" world_spanish_patterns

# A language written with hyphens and no patterns installed: one warning
# where the language is given, and ragged-right lines (no justified line)
world_no_patterns() {
	rm -rf "$TMP/tlh" && cp -r $W/glyph "$TMP/tlh" && rm "$TMP/tlh/chapters/"*.md &&
		sed -i 's/^language: .*/language: tlh/' "$TMP/tlh/book.yaml" || return 1
	printf '# One\n\n%s\n' "$(yes 'Qapla batlh tIn law Hegh tIn puS. ' | head -40 | tr -d '\n')" >"$TMP/tlh/chapters/one.md"
	printf '# Two\n\nQapla.\n' >"$TMP/tlh/chapters/two.md"
	"$OCTAVO" build "$TMP/tlh" -o "$TMP/tlh-out" 2>"$TMP/tlh.err" || return 1
	grep -c "warning: no hyphenation patterns for language 'tlh'" "$TMP/tlh.err" | grep -qx 1 &&
		grep -qx "$TMP/tlh/book.yaml:3:11: warning: no hyphenation patterns for language 'tlh' in /usr/share/hyphen: the text is set ragged-right" "$TMP/tlh.err" &&
		"$TOOLS/typo-metrics" --json "$TMP/tlh-out/glyph-1.0.0.pdf" >"$TMP/tlh.json" &&
		python3 -c "import json,sys; m=json.load(open(sys.argv[1])); sys.exit(0 if m['hyphen_share'] == 0 else 1)" "$TMP/tlh.json"
}
check "world/no-patterns-ragged" world_no_patterns

# The words octavo adds, in the book's language: a Spanish book's PDF
# and EPUB hold none of the English ones (contents, colophon, page, set
# in, edition, navigation, accessibility summary)
ENGLISH_WORDS='Contents|Colophon|Cover|Title page|Landmarks|Start of the book|Pages of the print|Published by|Publisher|Edition|Version|Date|Identifier|Fingerprint|Licence|Set in|References|Back to|This publication|print edition|paper|page [0-9]+ of|handout|complete edition|Scan the'
world_spanish() {
	"$OCTAVO" build $W/spanish -o "$TMP/world-es" --all 2>"$TMP/world-es.err" || return 1
	[ ! -s "$TMP/world-es.err" ] || { cat "$TMP/world-es.err"; return 1; }
	local d=$TMP/world-es/x
	mkdir -p "$d" && (cd "$d" && unzip -qo "$TMP/world-es/espanol-1.0.0.epub") || return 1
	# the words of the EPUB's documents, less the book's own text
	if grep -rhowE "$ENGLISH_WORDS" "$d"; then return 1; fi
	for p in "$TMP/world-es/"*.pdf; do
		pdftotext "$p" - | grep -wE "$ENGLISH_WORDS" && return 1
		pdfinfo "$p" | grep -E '^(Title|Subject|Keywords):' |
			grep -wE "$ENGLISH_WORDS" && return 1
	done
	pdftotext "$TMP/world-es/espanol-1.0.0.pdf" - | grep -q "Índice" &&
		pdftotext "$TMP/world-es/espanol-1.0.0.pdf" - | grep -q "Compuesto en"
}
check "world/spanish-no-english-words" world_spanish

# A language without a catalogue: English, and one warning
world_no_catalogue() {
	rm -rf "$TMP/ko" && cp -r $W/glyph "$TMP/ko" && sed -i 's/^language: .*/language: ko/' "$TMP/ko/book.yaml"
	"$OCTAVO" build "$TMP/ko" -o "$TMP/ko-out" 2>&1 | grep -c "catalogue" | grep -qx 1 &&
		"$OCTAVO" build "$TMP/ko" -o "$TMP/ko-out2" 2>&1 | grep -qx "$TMP/ko/book.yaml:3:11: warning: no catalogue of octavo's words for language 'ko': the words octavo adds (contents, colophon, page numbers) are in English"
}
check "world/no-catalogue-english" world_no_catalogue

# Japanese has its catalogue (po/ja.po): a Japanese book's EPUB and PDF
# hold none of octavo's English words, and say 目次 (contents), 奥付
# (colophon), 書体は (set in), 日付 (date), 注記 (note), 未完了 (not done),
# and the colophon's lines take a full-width colon (日付：...).
world_japanese() {
	local d=$TMP/world-ja out=$TMP/world-ja-out x
	rm -rf "$d" "$out" && mkdir -p "$d" || return 1
	printf '%s\n' 'title: "潮の本"' 'language: ja' 'identifier: shio' 'slug: shio' \
		'date: 2026-03-04' 'chapters:' '  - one.md' '  - two.md' >"$d/book.yaml"
	printf '# 潮の流れ\n\n港に入る前に、潮の時刻表と風向きを確かめます。[^1]\n\n[^1]: 満潮の一時間前が最もよい。\n' >"$d/one.md"
	printf '# 風\n\n> [!NOTE]\n> 西風の日は桟橋の北側に着けます。\n\n- [x] 潮を見た\n- [ ] 風を見た\n' >"$d/two.md"
	"$OCTAVO" build "$d" -o "$out" 2>"$TMP/world-ja.err" || { cat "$TMP/world-ja.err"; return 1; }
	[ ! -s "$TMP/world-ja.err" ] || { cat "$TMP/world-ja.err"; return 1; }
	mkdir -p "$out/x" && (cd "$out/x" && unzip -qo ../shio.epub) || return 1
	if grep -rhowE "$ENGLISH_WORDS|Note" "$out/x"; then return 1; fi
	if pdftotext "$out/shio.pdf" - | grep -wE "$ENGLISH_WORDS|Note"; then return 1; fi
	x=$(pdftotext "$out/shio.pdf" -) || return 1
	for s in 目次 奥付 書体は 日付 注記 未完了; do
		grep -qF "$s" <<<"$x" || grep -rqF "$s" "$out/x" ||
			{ echo "neither output says $s"; return 1; }
	done
	grep -qF '<h1 id="toc-title">目次</h1>' "$out/x/OEBPS/nav.xhtml" ||
		{ echo "nav.xhtml has no 目次"; return 1; }
	# a colophon line takes the language's colon, in both outputs
	grep -qF '日付：2026-03-04' <<<"$x" && grep -rqF '<p>日付：2026-03-04</p>' "$out/x" ||
		{ echo "the colophon's date is not '日付：2026-03-04' in both"; return 1; }
}
check "world/japanese-catalogue" world_japanese

# French: guillemets with narrow no-break spaces inside, a narrow
# no-break space before ; ! ? and a no-break space before :, so no line
# starts with » or ends with « (nor starts with ; : ! ?); German „…“
world_french() {
	"$OCTAVO" build $W/french -o "$TMP/world-fr" || return 1
	unzip -p "$TMP/world-fr/francais-1.0.0.epub" OEBPS/text/chapitre.xhtml >"$TMP/fr.xhtml"
	local nn nb
	nn=$(printf '\342\200\257') nb=$(printf '\302\240') # U+202F, U+00A0
	grep -q "«${nn}un verre le matin, un verre à chaque repas${nn}»" "$TMP/fr.xhtml" &&
		grep -q "sans soif${nn}; le corps" "$TMP/fr.xhtml" &&
		grep -q "répète${nb}: «${nn}un" "$TMP/fr.xhtml" &&
		grep -q "aujourd’hui${nn}? Pensez-y${nn}!" "$TMP/fr.xhtml" || { echo "no French spaces"; return 1; }
	pdftotext "$TMP/world-fr/francais-1.0.0.pdf" "$TMP/fr.txt" || return 1
	grep -c "«" "$TMP/fr.txt" | grep -qvx 0 || return 1
	if grep -nE '^[»;:!?]|«$' "$TMP/fr.txt"; then return 1; fi
	unzip -p "$TMP/world-de/german-1.0.0.epub" OEBPS/text/kapitel.xhtml |
		grep -q "sagt: „Trinken Sie regelmäßig, auch ohne Durst.“"
}
check "world/french-punctuation" world_french

# In the PDF of the Arabic book, list markers and the quote rule stand on
# the right of their right-to-left text (they stood on the left)
world_rtl_mirrored() {
	pdftotext -bbox "$TMP/world-ar/arabic-1.0.0.pdf" - | python3 -c '
import re, sys
text = sys.stdin.read()
bullets = [float(x) for x in re.findall("<word xMin=\"([0-9.]+)\"[^>]*>\u2022</word>", text)]
print("bullets at x", bullets)
sys.exit(0 if len(bullets) == 3 and min(bullets) > 400 else 1)'
}
check "world/rtl-lists-mirrored" world_rtl_mirrored

# Right-to-left blocks stand at the right in both outputs, in an Arabic
# book and in its English chapter: each quote's rule right of its text
# (an English paragraph in an Arabic quote and a quote of digits only,
# "112", included), 3 to 20 pt from it, each list marker the rightmost
# word of its line (an ordered one reads ".1", as a reading system shows
# it), their indents on that side; the English quotes and list keep the
# left (tests/world/sides.py counts them: 5 rules and 11 markers at the
# right, 2 and 2 at the left).  Before, a quote holding a list drew its
# rule between the markers and their text (also in English), and the
# English paragraph and the "112" of an Arabic quote stood at the left.
world_rtl_blocks() {
	"$OCTAVO" build $W/rtl-blocks -o "$TMP/world-rb" 2>"$TMP/world-rb.err" || return 1
	[ ! -s "$TMP/world-rb.err" ] || { cat "$TMP/world-rb.err"; return 1; }
	python3 $W/sides.py "$TMP/world-rb/rtl-blocks-1.0.0.pdf" R R=5,L=2 R=11,L=2 || return 1
	OCTAVO_THREADS=16 "$OCTAVO" build $W/rtl-blocks -o "$TMP/world-rb16" || return 1
	cmp "$TMP/world-rb/rtl-blocks-1.0.0.pdf" "$TMP/world-rb16/rtl-blocks-1.0.0.pdf"
}
check "world/rtl-blocks-pdf" world_rtl_blocks
# The EPUB says the same: dir on a quote or list that runs the other way
# than the text around it, and a style sheet that puts the rule and the
# indent of a right-to-left quote or list at its right
world_rtl_blocks_epub() {
	local e=$TMP/world-rb/rtl-blocks-1.0.0.epub
	unzip -p "$e" OEBPS/text/english.xhtml | grep -q '^<blockquote dir="rtl">' &&
		unzip -p "$e" OEBPS/text/english.xhtml | grep -q '^<ul dir="rtl">' &&
		unzip -p "$e" OEBPS/text/yamin.xhtml | grep -q '^<blockquote dir="ltr">' &&
		unzip -p "$e" OEBPS/text/yamin.xhtml | grep -q '^<p dir="ltr">The third paragraph' &&
		unzip -p "$e" OEBPS/text/yamin.xhtml | grep -q '^<ul dir="ltr">' || return 1
	unzip -p "$e" OEBPS/css/book.css | tr -d '\n\t' |
		grep -q '\[dir="rtl"\] blockquote, blockquote\[dir="rtl"\] {margin: 1em 1em 1em 0;padding: 0 0.8em 0 0;border-left: 0;border-right: 0.25em solid currentColor;}' &&
		unzip -p "$e" OEBPS/css/book.css | tr -d '\n\t' |
		grep -q 'ul\[dir="rtl"\], ol\[dir="rtl"\] {padding-left: 0;padding-right: 1.5em;}' || { echo "no right-to-left rules in book.css"; return 1; }
	"$TOOLS/check-epub" "$e" && "$TOOLS/check-pdf" "$TMP/world-rb/rtl-blocks-1.0.0.pdf"
}
check "world/rtl-blocks-epub" world_rtl_blocks_epub
# The contents of a right-to-left book read from the right: each title
# ends at the right edge of the text area (523.3 pt), its page number
# starts at the left edge (72 pt), an English title too; the link covers
# both.  They were at the right (x 517) after the Arabic title, as in an
# English book.
world_rtl_contents() {
	local pdf=$TMP/world-rb/rtl-blocks-1.0.0.pdf
	pdftotext -f 3 -l 3 -bbox "$pdf" - | python3 -c '
import re, sys
words = [(float(a), float(b), w) for a, b, w in re.findall(
    r"<word xMin=\"([0-9.]+)\" yMin=\"[0-9.]+\" xMax=\"([0-9.]+)\" yMax=\"[0-9.]+\">([^<]*)</word>", sys.stdin.read())]
numbers = [(x0, w) for x0, x1, w in words if w in ("1", "2")]
right = max(x1 for x0, x1, w in words if w == "chapter")
print("numbers", numbers, "English title ends at", right)
sys.exit(0 if len(numbers) == 2 and all(abs(x - 72) < 0.5 for x, w in numbers)
         and abs(right - 523.3) < 1 else 1)' || return 1
	/usr/bin/python3 -c '
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
rects = [[float(v) for v in a.Rect] for a in pdf.pages[2].Annots]
print(rects)
sys.exit(0 if len(rects) == 2 and all(r[0] <= 72.01 and r[2] >= 523 for r in rects) else 1)' "$pdf"
}
check "world/rtl-contents" world_rtl_contents

# A language per chapter (book.yaml: file: and language:) and per HTML
# element (lang=): the EPUB's chapter documents and elements say it, the
# PDF's structure elements carry it as /Lang (a screen reader's voice)
# where it is not the book's, each chapter's quotes are its language's,
# and its hyphenation patterns are among the edition's sources.
world_langs_build() {
	"$OCTAVO" build $W/languages -o "$TMP/world-langs" 2>"$TMP/world-langs.err" || return 1
	[ ! -s "$TMP/world-langs.err" ] || { cat "$TMP/world-langs.err"; return 1; }
	"$TOOLS/check-epub" "$TMP/world-langs/languages-1.0.0.epub" &&
		"$TOOLS/check-pdf" "$TMP/world-langs/languages-1.0.0.pdf"
}
check "world/languages-build" world_langs_build
world_langs_epub() {
	local e=$TMP/world-langs/languages-1.0.0.epub
	unzip -p "$e" OEBPS/text/zwei.xhtml | grep -q '<html [^>]*lang="de" xml:lang="de"' &&
		unzip -p "$e" OEBPS/text/fasl.xhtml | grep -q '<html [^>]*lang="ar" xml:lang="ar" dir="rtl"' &&
		unzip -p "$e" OEBPS/text/one.xhtml | grep -q '<html [^>]*lang="en" xml:lang="en"' &&
		unzip -p "$e" OEBPS/text/one.xhtml | grep -q '<div lang="de" xml:lang="de">' &&
		unzip -p "$e" OEBPS/text/one.xhtml | grep -q '<span lang="fr" xml:lang="fr">« apportez' || return 1
	# the contents name each chapter in its language
	unzip -p "$e" OEBPS/nav.xhtml | grep -q '<a href="text/zwei.xhtml" lang="de" xml:lang="de">Nach dem Besuch' &&
		unzip -p "$e" OEBPS/nav.xhtml | grep -q '<a href="text/fasl.xhtml" lang="ar" xml:lang="ar" dir="rtl">' || return 1
	# quotes: English in English, German in the German chapter and div
	unzip -p "$e" OEBPS/text/one.xhtml | grep -q '“bring the list”' &&
		unzip -p "$e" OEBPS/text/one.xhtml | grep -q 'Handtasche: „Bitte die Liste' &&
		unzip -p "$e" OEBPS/text/zwei.xhtml | grep -q 'dazu: „Bitte'
}
check "world/languages-epub" world_langs_epub
world_langs_pdf() {
	/usr/bin/python3 - "$TMP/world-langs/languages-1.0.0.pdf" <<'PY'
import collections, sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
seen = collections.Counter()
def walk(e):
    if isinstance(e, pikepdf.Dictionary) and "/S" in e:
        if "/Lang" in e:
            seen[(str(e.S), str(e.Lang))] += 1
        k = e.get("/K")
        for c in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
            walk(c)
k = pdf.Root.StructTreeRoot.K
for c in (k if isinstance(k, pikepdf.Array) else [k]):
    walk(c)
print(sorted(seen.items()))
assert str(pdf.Root.Lang) == "en", pdf.Root.Lang
want = {("/Span", "fr"): 1, ("/Sect", "de"): 1, ("/Sect", "ar"): 1,
        ("/H1", "de"): 1, ("/H1", "ar"): 1, ("/P", "de"): 3, ("/P", "ar"): 2}
assert dict(seen) == want, dict(seen)
PY
}
check "world/languages-pdf-lang" world_langs_pdf
world_langs_patterns() {
	"$OCTAVO" archive $W/languages --to "$TMP/world-langs-archive" >/dev/null || return 1
	local s
	s=$(unzip -p "$TMP/world-langs-archive/1.0.0/sources.zip" installed.sha256) || return 1
	echo "$s"
	echo "$s" | grep -qE '  hyphen/hyph_de(_DE)?.dic$' &&
		echo "$s" | grep -qE '  hyphen/hyph_en(_US)?.dic$' &&
		! echo "$s" | grep -q 'hyph_fr' # the French span is not hyphenated
}
check "world/languages-patterns" world_langs_patterns

# The colophon names the faces the PDF's text is set in, the fallbacks
# for other scripts too: over Arabic and Chinese text it said "Set in
# Charis SIL and Andika".  The names are exactly the families of the
# fonts pdffonts finds in the PDF; in the Arabic book they are listed the
# Arabic way (a label, no dual "two faces" for a list).
colophon_faces() { # PDF: the colophon's faces are the PDF's fonts
	pdftotext -f 2 -l 2 "$1" - >"$1.txt" || return 1
	pdffonts "$1" | python3 -c '
import re, sys
text = re.sub("[\u200e\u200f\u202a-\u202e]", "", open(sys.argv[1]).read())
text = " ".join(text.split())
m = re.search(r"Set in (.*) with octavo", text) or \
    re.search(r"\u0627\u0644\u062e\u0637\u0648\u0637(.*)\u061b", text)
named = [n.strip() for n in re.split(r", | and |[:\u060c\u0648]", m.group(1)) if n.strip()]
key = lambda f: re.sub(r"[^a-z]", "", f.lower())
fonts = {key(re.sub(r"^[A-Z]{6}\+", "", l.split()[0]).split("-")[0])
         for l in sys.stdin.read().splitlines()[2:]}
print("named:", named, "in the PDF:", sorted(fonts))
sys.exit(0 if {key(n) for n in named} == fonts else 1)' "$1.txt"
}
world_colophon_faces() {
	"$OCTAVO" build $W/colophon -f pdf -o "$TMP/world-col" 2>"$TMP/world-col.err" || return 1
	[ ! -s "$TMP/world-col.err" ] || { cat "$TMP/world-col.err"; return 1; }
	local pdf=$TMP/world-col/colophon-1.0.0.pdf
	colophon_faces "$pdf" || return 1
	tr '\n' ' ' <"$pdf.txt" | grep -q "Set in Charis SIL, Andika, Noto Naskh Arabic and Noto Serif CJK SC with octavo " ||
		{ echo "colophon: $(cat "$pdf.txt")"; return 1; }
	"$OCTAVO" build $W/arabic -f pdf -o "$TMP/world-col-ar" || return 1
	colophon_faces "$TMP/world-col-ar/arabic-1.0.0.pdf" || return 1
	! grep -q 'بخطَّي' "$TMP/world-col-ar/arabic-1.0.0.pdf.txt"
}
check "world/colophon-faces-used" world_colophon_faces

# The Han letters of a Japanese chapter in an English book are drawn in
# the Japanese face (Noto Serif CJK JP), a Chinese chapter's in the
# Simplified Chinese one: the same letter is drawn differently in Japan
# and China (they were all in the Chinese face: only the book's language
# chose).  Pages 6 and 7 hold the two chapters.
world_cjk_forms() {
	"$OCTAVO" build $W/cjk-langs -o "$TMP/world-cjk" 2>"$TMP/world-cjk.err" || return 1
	[ ! -s "$TMP/world-cjk.err" ] || { cat "$TMP/world-cjk.err"; return 1; }
	local pdf=$TMP/world-cjk/cjk-langs-1.0.0.pdf
	pdftotext -f 6 -l 6 "$pdf" - | grep -q "^水を飲む" &&
		pdftotext -f 7 -l 7 "$pdf" - | grep -q "^喝水" || { echo "chapters not on pages 6 and 7"; return 1; }
	python3 $W/faces.py "$pdf" 6 "CJK UNIFIED" NotoSerifCJKjp &&
		python3 $W/faces.py "$pdf" 6 HIRAGANA NotoSerifCJKjp &&
		python3 $W/faces.py "$pdf" 7 "CJK UNIFIED" NotoSerifCJKsc || return 1
	OCTAVO_THREADS=16 "$OCTAVO" build $W/cjk-langs -o "$TMP/world-cjk16" || return 1
	cmp "$pdf" "$TMP/world-cjk16/cjk-langs-1.0.0.pdf" &&
		"$TOOLS/check-pdf" "$pdf" && "$TOOLS/check-epub" "$TMP/world-cjk/cjk-langs-1.0.0.epub"
}
check "world/cjk-forms-per-language" world_cjk_forms

# The lines octavo sets itself in a role's own face (running head, page
# foot, the handout's closing box) draw another script's letters in that
# script's face, as the text does: an Arabic handout had its head, its
# "page N of M" and its closing box in DejaVu Sans Mono, the last face
# fontconfig found.  Every Arabic letter of its pages is in Noto Naskh.
world_handout_faces() {
	local d=$TMP/world-ho-ar
	rm -rf "$d" && mkdir -p "$d" && cp -r $W/arabic "$d/book" || return 1
	printf 'url: "https://example.org/ar"\n' >>"$d/book/book.yaml"
	"$OCTAVO" handout "$d/book" --chapter fasl -o "$d/out" 2>"$d/err" || { cat "$d/err"; return 1; }
	[ ! -s "$d/err" ] || { cat "$d/err"; return 1; }
	local pdf=$d/out/arabic-1.0.0-fasl-a4.pdf n
	n=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
	pdftotext "$pdf" - | grep -q 'https://example.org/ar' || { echo "no closing box"; return 1; }
	python3 $W/faces.py "$pdf" 1 ARABIC NotoNaskhArabic &&
		python3 $W/faces.py "$pdf" "$n" ARABIC NotoNaskhArabic &&
		! pdffonts "$pdf" | grep -q DejaVuSansMono
}
check "world/handout-faces" world_handout_faces

# GitHub's alerts ("> [!NOTE]") stand on their text's start side like
# any quote: in a Persian book (no catalogue: the titles are English,
# with the warning) the rule of a Persian alert is at its right, and
# its title "Note" at its right too; in the English chapter, a Hebrew
# alert at the right and an English one at the left.  The same book in
# Arabic has the titles in Arabic (ملاحظة), and the English alert's
# title stands at its left.  The title, a word octavo adds in
# the book's language, used to give the alert its direction: the
# Persian alerts and the Hebrew one were drawn with their rule and
# title at the left (dir="ltr" in the EPUB), the English alert of the
# Arabic book at the right.  The title is in its chapter's language: in
# the Arabic book the English chapter's are "Tip" and "Important", and in
# an English book an Arabic chapter's are Arabic (they used to follow the
# book: "Note" over Arabic text).
alert_titles() { # PDF "WORD=SIDE ...": each title, alone on its line, on its side
	pdftotext -bbox "$1" - | python3 -c '
import re, sys
words = re.findall(r"<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"[0-9.]+\">([^<]*)</word>", sys.stdin.read())
lines = {}  # pdftotext gives an Arabic word letter by letter, left to right
for a, y, b, t in words:
    lines.setdefault(y, []).append((float(a), float(b), t))
bad = 0
for want in sys.argv[1].split():
    w, side = want.split("=")
    xs = []
    for ws in lines.values():
        text = "".join(t for a, b, t in sorted(ws))
        if text in (w, w[::-1]):
            xs.append((min(a for a, b, t in ws), max(b for a, b, t in ws)))
    ok = len(xs) == 1 and (xs[0][1] > 495 if side == "R" else xs[0][0] < 100)
    print("title", w, "at", xs, "want", side, "" if ok else "WRONG")
    bad += not ok
sys.exit(1 if bad else 0)' "$2"
}
world_rtl_alerts() {
	"$OCTAVO" build $W/rtl-alerts -o "$TMP/world-ra" 2>"$TMP/world-ra.err" || return 1
	[ "$(cat "$TMP/world-ra.err")" = "$W/rtl-alerts/book.yaml:4:11: warning: no catalogue of octavo's words for language 'fa': the words octavo adds (contents, colophon, page numbers) are in English" ] ||
		{ cat "$TMP/world-ra.err"; return 1; }
	local pdf=$TMP/world-ra/rtl-alerts-1.0.0.pdf
	python3 $W/sides.py "$pdf" R R=3,L=1 R=0,L=0 &&
		alert_titles "$pdf" "Note=R Caution=R Tip=L Important=R" || return 1
	local e=$TMP/world-ra/rtl-alerts-1.0.0.epub
	unzip -p "$e" OEBPS/text/hoshdar.xhtml | grep -q '^<blockquote class="alert alert-note" role="note">$' &&
		unzip -p "$e" OEBPS/text/english.xhtml | grep -q '^<blockquote class="alert alert-tip" role="note">$' &&
		unzip -p "$e" OEBPS/text/english.xhtml | grep -q '^<blockquote class="alert alert-important" role="note" dir="rtl">$' ||
		{ echo "the EPUB's alerts go the wrong way"; return 1; }
	mkdir -p "$TMP/world-ra-ar" && cp $W/rtl-alerts/*.md "$TMP/world-ra-ar/" &&
		sed 's/^language: fa$/language: ar/' $W/rtl-alerts/book.yaml >"$TMP/world-ra-ar/book.yaml" || return 1
	"$OCTAVO" build "$TMP/world-ra-ar" -o "$TMP/world-ra-ar/out" 2>"$TMP/world-ra-ar.err" || return 1
	[ ! -s "$TMP/world-ra-ar.err" ] || { cat "$TMP/world-ra-ar.err"; return 1; }
	pdf=$TMP/world-ra-ar/out/rtl-alerts-1.0.0.pdf
	python3 $W/sides.py "$pdf" R R=3,L=1 R=0,L=0 &&
		alert_titles "$pdf" "ملاحظة=R تنبيه=R Tip=L Important=R" || return 1
	unzip -p "$TMP/world-ra-ar/out/rtl-alerts-1.0.0.epub" OEBPS/text/english.xhtml |
		grep -q '^<blockquote class="alert alert-tip" role="note">$' || { echo "the Arabic book's English alert"; return 1; }
	# an English book whose first chapter is Arabic: that chapter's titles
	# are Arabic, the English chapter's English
	mkdir -p "$TMP/world-ra-en" && cp $W/rtl-alerts/*.md "$TMP/world-ra-en/" &&
		printf '%s\n' 'title: "Alerts"' 'language: en' 'identifier: "x-alerts"' \
			'version: "1.0.0"' 'slug: rtl-alerts' 'chapters:' '  - file: hoshdar.md' \
			'    language: ar' '  - english.md' >"$TMP/world-ra-en/book.yaml" &&
		"$OCTAVO" build "$TMP/world-ra-en" -o "$TMP/world-ra-en/out" 2>"$TMP/world-ra-en.err" || return 1
	[ ! -s "$TMP/world-ra-en.err" ] || { cat "$TMP/world-ra-en.err"; return 1; }
	alert_titles "$TMP/world-ra-en/out/rtl-alerts-1.0.0.pdf" "ملاحظة=R تنبيه=R Tip=L Important=R" || return 1
	unzip -p "$TMP/world-ra-en/out/rtl-alerts-1.0.0.epub" OEBPS/text/hoshdar.xhtml |
		grep -qx '<p><strong>ملاحظة</strong></p>' || { echo "the Arabic chapter's alert title is not Arabic"; return 1; }
	"$TOOLS/check-epub" "$e" && "$TOOLS/check-pdf" "$TMP/world-ra/rtl-alerts-1.0.0.pdf"
}
check "world/rtl-alerts" world_rtl_alerts

# A right-to-left table is mirrored, as a browser mirrors one with
# dir="rtl": in an Arabic book its first column at the right, each cell
# at its right unless its Markdown alignment says otherwise (":--" left,
# ":-:" centre, "--:" right), an English cell too; an Arabic table in an
# English chapter likewise, an English one as before.  The EPUB's table
# carries dir where it differs from the text around it, and its cells
# class align-right (book.css sets cells at the left) and dir="ltr" for
# an English one.  Before, the first column stood at the left, an Arabic
# cell was at its right even under ":--", an English one at its left;
# and an Arabic word had no least width, so its column was narrowed until
# "أموكسيسيلين" broke in two (tests/world/cells.py finds it whole).
world_rtl_tables() {
	"$OCTAVO" build $W/rtl-tables -o "$TMP/world-rt" 2>"$TMP/world-rt.err" || return 1
	[ ! -s "$TMP/world-rt.err" ] || { cat "$TMP/world-rt.err"; return 1; }
	local pdf=$TMP/world-rt/rtl-tables-1.0.0.pdf e=$TMP/world-rt/rtl-tables-1.0.0.epub
	python3 $W/cells.py "$pdf" 5 "order:الدواء>الجرعة>متى>ملاحظات" \
		"right:الدواء,باراسيتامول,أموكسيسيلين,Ibuprofen" "left:الجرعة,قرصان,قرص" \
		"center:متى,صباحاً,مساءً" "right:ملاحظات,food" &&
		python3 $W/cells.py "$pdf" 6 "order:Medicine<Dose" "left:Medicine,Paracetamol" \
			"order:الدواء>الجرعة" "right:الدواء,باراسيتامول" || return 1
	unzip -p "$e" OEBPS/text/jadwal.xhtml | grep -q '^<table>$' &&
		unzip -p "$e" OEBPS/text/jadwal.xhtml | grep -q '^<td class="align-right">باراسيتامول</td>$' &&
		unzip -p "$e" OEBPS/text/jadwal.xhtml | grep -q '^<td class="align-left">قرصان</td>$' &&
		unzip -p "$e" OEBPS/text/jadwal.xhtml | grep -q '^<td dir="ltr" class="align-right">Ibuprofen</td>$' &&
		unzip -p "$e" OEBPS/text/english.xhtml | grep -c '^<table' | grep -qx 2 &&
		unzip -p "$e" OEBPS/text/english.xhtml | grep -q '^<table dir="rtl">$' &&
		unzip -p "$e" OEBPS/text/english.xhtml | grep -q '^<td>Paracetamol</td>$' ||
		{ echo "the EPUB's tables"; return 1; }
	"$TOOLS/check-epub" "$e" && "$TOOLS/check-pdf" "$pdf"
}
check "world/rtl-tables" world_rtl_tables

# In a left-to-right book, a right-to-left chapter's contents entry reads
# as the others: its title from the left edge of the text area (the
# Arabic one over two lines, the second hanging), the dot leader from
# its end to the page number at the right, every leader ending at one x
# (tests/world/leaders.py); its links cover it, a line each, the last to
# the number (the Arabic title's second line from its hang, at 88).
# Before, the Arabic and Hebrew titles stood at the right, just before
# their numbers, after a leader of a few dots (their entries started at
# x 96.7 and 434.0).
world_ltr_contents() {
	"$OCTAVO" build $W/ltr-contents -o "$TMP/world-lc" 2>"$TMP/world-lc.err" || return 1
	[ ! -s "$TMP/world-lc.err" ] || { cat "$TMP/world-lc.err"; return 1; }
	local pdf=$TMP/world-lc/ltr-contents-1.0.0.pdf
	pdftotext -f 3 -l 3 "$pdf" - | grep -q 'Contents' || { echo "no contents on page 3"; return 1; }
	python3 $W/leaders.py "$pdf" 3 72 || return 1
	/usr/bin/python3 -c '
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
rects = [[float(v) for v in a.Rect] for a in pdf.pages[2].Annots]
print(rects)
sys.exit(0 if len(rects) == 4 and all(r[0] <= 88.01 for r in rects)
         and sum(r[2] >= 523 for r in rects) == 3 else 1)' "$pdf"
}
check "world/ltr-contents" world_ltr_contents

# An inline element's language (<span lang="ja">, raw HTML among the
# words) chooses the forms of its Han letters in the PDF as a chapter's
# does: a Japanese label in an English chapter and in a Chinese one in
# the Japanese face (Noto Serif CJK JP), a Chinese one in a Japanese
# chapter in the Simplified Chinese face, the letters around them in
# their chapter's (tests/world/letter_faces.py).  Before, the span's
# letters took their paragraph's face: 一日三回食後飲 and 直受診 the
# Chinese one, 饭后服用 the Japanese one.
world_inline_lang_faces() {
	"$OCTAVO" build $W/inline-lang -o "$TMP/world-il" 2>"$TMP/world-il.err" || return 1
	[ ! -s "$TMP/world-il.err" ] || { cat "$TMP/world-il.err"; return 1; }
	local pdf=$TMP/world-il/inline-lang-1.0.0.pdf
	pdftotext -f 6 -l 6 "$pdf" - | grep -q "^药盒" &&
		pdftotext -f 7 -l 7 "$pdf" - | grep -q "^薬の箱" || { echo "chapters not on pages 6 and 7"; return 1; }
	python3 $W/letter_faces.py "$pdf" 5 一日三回食後飲=CJKjp &&
		python3 $W/letter_faces.py "$pdf" 6 直受診=CJKjp 药盒请=CJKsc &&
		python3 $W/letter_faces.py "$pdf" 7 饭后服用=CJKsc 薬飲毎=CJKjp || return 1
	unzip -p "$TMP/world-il/inline-lang-1.0.0.epub" OEBPS/text/yaoxiang.xhtml |
		grep -q '<span lang="ja" xml:lang="ja">直ちに受診</span>' || { echo "the EPUB's span has no lang"; return 1; }
	"$TOOLS/check-pdf" "$pdf" && "$TOOLS/check-epub" "$TMP/world-il/inline-lang-1.0.0.epub"
}
check "world/inline-lang-faces" world_inline_lang_faces

# The EPUB's headings (and, in a theme that does not justify, its
# paragraphs) stand at the right in right-to-left text: book.css set them
# all at the left (text-align: left), so the Arabic chapter's title stood
# at the left of the page in a reader.  A book with right-to-left text
# gets the rules; one without keeps its style sheet as before (the
# guide's has none of them).
world_rtl_epub_align() {
	local css
	css=$(unzip -p "$TMP/world-rt/rtl-tables-1.0.0.epub" OEBPS/css/book.css | tr -d '\n\t')
	grep -qF '[dir="rtl"] h1, h1[dir="rtl"],[dir="rtl"] h2, h2[dir="rtl"],[dir="rtl"] h3, h3[dir="rtl"],[dir="rtl"] h4, h4[dir="rtl"],[dir="rtl"] h5, h5[dir="rtl"],[dir="rtl"] h6, h6[dir="rtl"] {text-align: right;}' <<<"$css" &&
		grep -qF 'h6[dir="ltr"] {text-align: left;}' <<<"$css" || { echo "no right-to-left headings in book.css"; return 1; }
	"$OCTAVO" build $W/rtl-tables --theme large-print -f epub -o "$TMP/world-rt-lp" || return 1
	css=$(unzip -p "$TMP/world-rt-lp/rtl-tables-1.0.0-large-print.epub" OEBPS/css/book.css | tr -d '\n\t')
	grep -qF '[dir="rtl"] p, p[dir="rtl"] {text-align: right;}' <<<"$css" &&
		grep -qF 'td p, th p {text-align: inherit;}' <<<"$css" || { echo "large print: no right-to-left paragraphs in book.css"; return 1; }
	"$OCTAVO" build $W/cjk-langs -f epub -o "$TMP/world-cjk-css" || return 1
	if unzip -p "$TMP/world-cjk-css/cjk-langs-1.0.0.epub" OEBPS/css/book.css | grep -n 'h1\[dir='; then
		echo "a book without right-to-left text got the rules"; return 1
	fi
	"$TOOLS/check-epub" "$TMP/world-rt-lp/rtl-tables-1.0.0-large-print.epub"
}
check "world/rtl-epub-align" world_rtl_epub_align
