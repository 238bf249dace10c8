# An author's own book: themes from the book folder, init, watch, paper,
# covers and the manifest's keys for them (issue: "an author's tool").

# The book's styles/book.yaml takes the place of octavo's default theme:
# its body font, Andika, is the only face in the PDF (octavo's default
# sets the body in Charis SIL).
theme_from_book() {
	local out=$TMP/theme-book
	"$OCTAVO" build tests/authors/theme-book -o "$out" -f pdf 2>"$out.err" || { cat "$out.err"; return 1; }
	[ ! -s "$out.err" ] || { cat "$out.err"; return 1; }
	pdffonts "$out/book.pdf" >"$out.fonts" || return 1
	grep -q Andika "$out.fonts" || { echo "no Andika"; cat "$out.fonts"; return 1; }
	! grep -q Charis "$out.fonts" || { echo "Charis used: the book's theme was not"; cat "$out.fonts"; return 1; }
}
check "authors/theme-from-book-folder" theme_from_book

# Papers by trade name and by size, from --paper and from the theme: the
# PDF's pages have that size (pdfinfo, in pt).
paper_sizes() {
	local out=$TMP/papers p want
	for p in "us-trade=432 x 648" "royal=442.205 x 663.307" "b5=498.898 x 708.661" \
		"6in x 9in=432 x 648" "148mm x 210mm=419.528 x 595.276" "5.5 x 8.5 in=396 x 612"; do
		want=${p#*=}
		rm -rf "$out"
		"$OCTAVO" build tests/authors/theme-book -o "$out" -f pdf --paper "${p%%=*}" || return 1
		pdfinfo "$out/book.pdf" | grep -q "^Page size: *$want pts" ||
			{ echo "--paper ${p%%=*}: not $want"; pdfinfo "$out/book.pdf" | grep "Page size"; return 1; }
	done
	"$OCTAVO" build tests/authors/theme-book -o "$out" --paper a44 2>"$out.err"
	[ $? -eq 2 ] && grep -qx "octavo: unknown paper 'a44'; did you mean 'a4'? (or a size such as 6in x 9in)" "$out.err"
}
check "authors/paper-names-and-sizes" paper_sizes

# octavo init, then octavo build: no message at all, and the validators
# pass on both outputs.  The manifest has a fresh urn:uuid, the day of
# SOURCE_DATE_EPOCH (the tests' "today") and version 0.1.0.
INIT=$TMP/init
init_book() {
	rm -rf "$INIT" && mkdir -p "$INIT" || return 1
	(cd "$INIT" && "$OCTAVO" init "first book" --title 'A "Sea" Story' --language en-GB) \
		>"$INIT/init.out" 2>"$INIT/init.err" || { cat "$INIT/init.err"; return 1; }
	[ ! -s "$INIT/init.err" ] || { cat "$INIT/init.err"; return 1; }
	local y="$INIT/first book/book.yaml"
	grep -qx 'title: "A \\"Sea\\" Story"' "$y" || { echo "title"; return 1; }
	grep -qx 'language: en-GB' "$y" || { echo "language"; return 1; }
	grep -qx 'identifier: "urn:uuid:[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}"' "$y" ||
		{ echo "identifier"; return 1; }
	grep -qx 'date: "2025-11-25"' "$y" || { echo "date"; return 1; }
	grep -qx 'version: "0.1.0"' "$y" || { echo "version"; return 1; }
	for f in 01-beginning.md 02-more.md references.bib styles/my-theme.yaml images/octavo-sheet.png; do
		[ -s "$INIT/first book/$f" ] || { echo "no $f"; return 1; }
	done
	"$OCTAVO" build "$INIT/first book" -o "$INIT/out" 2>"$INIT/build.err" || { cat "$INIT/build.err"; return 1; }
	[ ! -s "$INIT/build.err" ] || { echo "the build said:"; cat "$INIT/build.err"; return 1; }
	[ -s "$INIT/out/a-sea-story-0.1.0.epub" ] && [ -s "$INIT/out/a-sea-story-0.1.0.pdf" ]
}
check "authors/init-build-no-warning" init_book
check "authors/init-epub-check" "$TOOLS/check-epub" "$INIT/out/a-sea-story-0.1.0.epub"
check "authors/init-pdf-check" env CHECK_PDF_REQUIRE_TAGGED=1 "$TOOLS/check-pdf" "$INIT/out/a-sea-story-0.1.0.pdf"

# What the sample chapters promise to show is in the outputs: a footnote,
# a citation with its reference, the image with its caption, and a link
# to the other chapter's section.
init_shows() {
	pdftotext "$INIT/out/a-sea-story-0.1.0.pdf" "$INIT/book.txt" || return 1
	for w in "Gaskell P. A New Introduction to Bibliography" \
		"Fold a sheet three times and you have an octavo." \
		"A sheet folded once makes a folio"; do
		grep -qF "$w" "$INIT/book.txt" || { echo "PDF lacks: $w"; return 1; }
	done
	unzip -p "$INIT/out/a-sea-story-0.1.0.epub" 'EPUB/*01-beginning*.xhtml' >"$INIT/ch1.xhtml" 2>/dev/null ||
		unzip -p "$INIT/out/a-sea-story-0.1.0.epub" '*01-beginning*' >"$INIT/ch1.xhtml" || return 1
	grep -q 'href="[^"]*02-more[^"]*#notes-and-sources"' "$INIT/ch1.xhtml" || { echo "no link to the section"; return 1; }
	grep -q '<img[^>]*alt="A sheet of paper folded' "$INIT/ch1.xhtml" || { echo "no image with alt"; return 1; }
}
check "authors/init-shows-each-feature" init_shows

# The manifest init writes offers the web address a handout needs: with
# its line uncommented, a handout of the first chapter is made silently
# and prints the address beside its square code.
init_handout() {
	local d=$TMP/init-ho
	rm -rf "$d" && cp -r "$INIT/first book" "$d" || return 1
	grep -q '^# url: "https://example.org/my-book/"$' "$d/book.yaml" || { echo "no url line"; return 1; }
	sed -i 's|^# url: |url: |' "$d/book.yaml"
	"$OCTAVO" handout "$d" --chapter 01-beginning -o "$d/ho" 2>"$d/err" || { cat "$d/err"; return 1; }
	[ ! -s "$d/err" ] || { cat "$d/err"; return 1; }
	pdftotext "$d/ho/a-sea-story-0.1.0-beginning-a4.pdf" - | grep -q "https://example.org/my-book/"
}
check "authors/init-handout" init_handout

# Each init gets its own identifier; a folder that is not empty is
# refused and left as it was; a bad language tag is a usage error.
init_refuses() {
	local d=$TMP/init2
	rm -rf "$d" && mkdir -p "$d/full" && echo keep >"$d/full/notes.txt" || return 1
	"$OCTAVO" init "$d/other" >/dev/null || return 1
	[ "$(grep '^identifier' "$d/other/book.yaml")" != "$(grep '^identifier' "$INIT/first book/book.yaml")" ] ||
		{ echo "the same identifier twice"; return 1; }
	grep -qx 'title: "Other"' "$d/other/book.yaml" || { echo "title from the folder name"; return 1; }
	"$OCTAVO" init "$d/full" 2>"$d/err" && return 1
	[ $? -eq 1 ] || return 1
	grep -qx "octavo: $d/full: is not empty; nothing was written (init makes a new book folder)" "$d/err" || { cat "$d/err"; return 1; }
	[ "$(ls "$d/full")" = notes.txt ] || { echo "the folder was changed"; return 1; }
	"$OCTAVO" init "$d/x" --language 1 2>"$d/err"
	[ $? -eq 2 ] && grep -q "^octavo: --language '1' is not a language tag" "$d/err" && [ ! -e "$d/x" ]
}
check "authors/init-refuses" init_refuses

# The theme init writes names every key of octavo's default theme, with
# the default's value: the author sees all there is to change.
init_theme_complete() {
	local t="$INIT/first book/styles/my-theme.yaml"
	sed -n 's/^\([a-z-]*\): *\([^ #]*\).*/\1 \2/p' styles/book.yaml | sort >"$INIT/default.keys"
	sed -n 's/^\([a-z-]*\): *\([^ #]*\).*/\1 \2/p' "$t" | sort >"$INIT/template.keys"
	comm -23 "$INIT/default.keys" "$INIT/template.keys" >"$INIT/missing.keys"
	[ ! -s "$INIT/missing.keys" ] || { echo "the template lacks:"; cat "$INIT/missing.keys"; return 1; }
}
check "authors/init-theme-has-every-key" init_theme_complete

# octavo watch on a copy of the guide: the first build, then a sentence
# edited in a chapter is in the rebuilt PDF within 30 s (or three first
# builds, on a slow machine); then the chapter
# is broken (a link to no chapter): the watch says so and the outputs of
# the last good build stay as they were; Ctrl-C (SIGINT) stops it with
# status 0 and no temporary file left.
WATCH=$TMP/watch
# until_true SECONDS COMMAND...: polls every 0.2 s
until_true() {
	local end=$((SECONDS + $1)); shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}
# builds_logged N: the log has N build lines by now (a function, so that
# until_true counts them anew each time: a $(grep -c) in its arguments
# would be counted once, before the PDF's rename and its log line)
builds_logged() { [ "$(grep -c '] built in' "$WATCH/log")" -ge "$1" ]; }
pdf_has() { pdftotext "$WATCH/out/ketamine-guide-1.0.0.pdf" - 2>/dev/null | grep -qF "$1"; }
watch_guide() {
	rm -rf "$WATCH" && mkdir -p "$WATCH" && cp -r book "$WATCH/book" || return 1
	"$OCTAVO" watch "$WATCH/book" -o "$WATCH/out" >"$WATCH/log" 2>"$WATCH/err" &
	local pid=$! status
	local pdf=$WATCH/out/ketamine-guide-1.0.0.pdf epub=$WATCH/out/ketamine-guide-1.0.0.epub
	local start=$SECONDS limit
	until_true 300 grep -q '] built in' "$WATCH/log" || { echo "no first build"; cat "$WATCH/log" "$WATCH/err"; kill "$pid"; return 1; }
	# a rebuild is given 30 s or three first builds, whichever is longer
	# (a sanitizer build on a loaded machine takes more than 30 s)
	limit=$((3 * (SECONDS - start) + 5)); [ "$limit" -ge 30 ] || limit=30
	sed -i '0,/^Ketamine /s//Watched ketamine /' "$WATCH/book/00-introduction.md"
	grep -q '^Watched ketamine ' "$WATCH/book/00-introduction.md" || { echo "the edit did not apply"; kill "$pid"; return 1; }
	until_true "$limit" pdf_has "Watched ketamine" || { echo "not rebuilt in $limit s"; cat "$WATCH/log"; kill "$pid"; return 1; }
	until_true "$limit" builds_logged 2 || { echo "no second build line"; cat "$WATCH/log"; kill "$pid"; return 1; }
	sleep 0.5 # the EPUB is renamed with the PDF, in the same commit
	sha256sum "$pdf" "$epub" >"$WATCH/good.sha256"
	printf '\nSee [nowhere](no-such-chapter.md).\n' >>"$WATCH/book/00-introduction.md"
	until_true "$limit" grep -q 'not built: 1 error in .*; the outputs of [0-9:]* are kept' "$WATCH/log" ||
		{ echo "no failed build reported"; cat "$WATCH/log"; kill "$pid"; return 1; }
	grep -q "00-introduction.md:.*: error: link to 'no-such-chapter.md'" "$WATCH/err" ||
		{ echo "the error was not shown"; cat "$WATCH/err"; kill "$pid"; return 1; }
	sha256sum -c --quiet "$WATCH/good.sha256" || { echo "the last good outputs were changed"; kill "$pid"; return 1; }
	kill -INT "$pid"
	wait "$pid"
	status=$?
	[ "$status" -eq 0 ] || { echo "exit status $status after SIGINT"; return 1; }
	tail -n 1 "$WATCH/log" | grep -q '] stopped$' || { echo "no 'stopped' line"; cat "$WATCH/log"; return 1; }
	[ -z "$(find "$WATCH/out" -name '.*')" ] || { echo "temporary files left"; return 1; }
	sha256sum -c --quiet "$WATCH/good.sha256" || { echo "the outputs changed after SIGINT"; return 1; }
}
check "authors/watch-rebuilds-and-keeps-good-outputs" watch_guide

# The options are build's, checked before anything is watched.
watch_usage() {
	"$OCTAVO" watch "$TMP/no-such-book" 2>"$TMP/watch-usage.err"
	[ $? -eq 2 ] && grep -q "^octavo: '$TMP/no-such-book' is not a book folder" "$TMP/watch-usage.err" || return 1
	"$OCTAVO" watch book --dump 2>"$TMP/watch-usage.err"
	[ $? -eq 2 ] && grep -q "^octavo: 'watch' builds files: no --dump" "$TMP/watch-usage.err" || return 1
	"$OCTAVO" watch book --paper b77 2>"$TMP/watch-usage.err"
	[ $? -eq 2 ] && grep -q "^octavo: unknown paper 'b77'" "$TMP/watch-usage.err"
}
check "authors/watch-usage" watch_usage

# A 6 x 9 in trade paperback with a 0.125 in bleed and crop marks: every
# page's MediaBox is the trim plus the bleed and the marks' room (30 pt
# each side), its BleedBox 9 pt beyond the TrimBox, the TrimBox 6 x 9 in.
TRADE=$TMP/trade
trade_build() {
	rm -rf "$TRADE"
	"$OCTAVO" build tests/authors/trade-bleed -o "$TRADE" 2>"$TRADE.err" && [ ! -s "$TRADE.err" ] ||
		{ cat "$TRADE.err"; return 1; }
}
check "authors/trade-bleed-builds" trade_build
trade_boxes() {
	local pdf=$TRADE/book.pdf n
	n=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
	[ "$n" -gt 10 ] || return 1
	pdfinfo -box -f 1 -l "$n" "$pdf" >"$TRADE.boxes" || return 1
	python3 - "$TRADE.boxes" "$n" <<'PY'
import re, sys
boxes = {}
for line in open(sys.argv[1]):
    m = re.match(r"Page +(\d+) (MediaBox|TrimBox|BleedBox): +(.*)", line)
    if m:
        boxes.setdefault(int(m[1]), {})[m[2]] = [float(v) for v in m[3].split()]
want = {"MediaBox": [0, 0, 492, 708], "TrimBox": [30, 30, 462, 678],
        "BleedBox": [21, 21, 471, 687]}
n = int(sys.argv[2])
assert len(boxes) == n, f"{len(boxes)} pages with boxes, {n} pages"
for page, b in sorted(boxes.items()):
    for k, v in want.items():
        assert all(abs(x - y) < 0.01 for x, y in zip(b[k], v)), (page, k, b[k], v)
PY
}
check "authors/trade-bleed-trim-and-bleed-boxes" trade_boxes
check "authors/trade-bleed-check-pdf" env CHECK_PDF_REQUIRE_TAGGED=1 "$TOOLS/check-pdf" "$TRADE/book.pdf"
check "authors/trade-bleed-pdfua" tests/pdfua_check.py "$TRADE/book.pdf"

# The crop marks: hairlines outside the bleed on the trim's lines, drawn
# as /Artifact /Type /Page (printer's marks), in every page's content.
trade_marks() {
	qpdf --qdf --object-streams=disable "$TRADE/book.pdf" "$TRADE.qdf" || return 1
	local marks pages
	marks=$(grep -ac '/Artifact << /Type /Page >> BDC' "$TRADE.qdf")
	pages=$(pdfinfo "$TRADE/book.pdf" | sed -n 's/^Pages: *//p')
	[ "$marks" -eq "$pages" ] || { echo "$marks page artifacts on $pages pages"; return 1; }
	# crop-marks: false: the sheet is the page with its bleed
	rm -rf "$TRADE-nomarks" && cp -r tests/authors/trade-bleed "$TRADE-nomarks" &&
		echo 'crop-marks: false' >>"$TRADE-nomarks/styles/trade.yaml" || return 1
	"$OCTAVO" build "$TRADE-nomarks" -o "$TRADE-nomarks/out" -f pdf || return 1
	pdfinfo -box "$TRADE-nomarks/out/book.pdf" >"$TRADE-nomarks.box" || return 1
	grep -q '^MediaBox: *0.00 *0.00 *450.00 *666.00' "$TRADE-nomarks.box" &&
		grep -q '^TrimBox: *9.00 *9.00 *441.00 *657.00' "$TRADE-nomarks.box" ||
		{ cat "$TRADE-nomarks.box"; return 1; }
	qpdf --qdf --object-streams=disable "$TRADE-nomarks/out/book.pdf" "$TRADE-nomarks.qdf" &&
		! grep -aq '/Type /Page >> BDC' "$TRADE-nomarks.qdf" || { echo "marks drawn"; return 1; }
	# no bleed: no boxes of its own, no marks
	"$OCTAVO" build tests/authors/theme-book -o "$TRADE-plain" -f pdf || return 1
	pdfinfo -box "$TRADE-plain/book.pdf" | grep -q '^TrimBox: *0.00 *0.00 *595.28 *841.89'
}
check "authors/trade-bleed-crop-marks" trade_marks

# Chapters open on recto pages: odd folios and odd places in the PDF;
# the verso left blank before one has no text at all (no folio, no
# running head).  The first paragraph after a heading or a break starts
# at the margin, the next one is indented (paragraph-indent 1.2 em).
trade_recto() {
	python3 - "$TRADE/book.pdf" <<'PY'
import re, subprocess, sys
pdf = sys.argv[1]
n = int(re.search(r"Pages: +(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout)[1])
pages = [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", pdf, "-"],
                        capture_output=True, text=True).stdout for i in range(1, n + 1)]
openings = 0
for i, t in enumerate(pages, 1):
    m = re.search(r"Paragraph 1 of chapter (\w+)", t)
    if not m:
        continue
    openings += 1
    folio = [l.strip() for l in t.splitlines() if l.strip()][-1]
    assert folio.isdigit() and int(folio) % 2 == 1, f"chapter {m[1]} opens on folio {folio}"
    assert i % 2 == 1, f"chapter {m[1]} opens on the PDF's page {i}, a verso"
    if i > 1 and not re.search(r"\d\s*$", pages[i - 2].strip() or "x"):
        pass
assert openings == 3, f"{openings} chapter openings"
blank = [i for i, t in enumerate(pages, 1) if not t.strip()]
assert blank, "no blank verso (chapter two ends on an odd page by design)"
for i in blank:
    assert i % 2 == 0, f"blank page {i} is a recto"
    assert "Paragraph 1 of chapter" in pages[i], f"blank page {i} is not before an opening"
PY
}
check "authors/recto-chapters-blank-versos" trade_recto
trade_indent() {
	pdftotext -bbox "$TRADE/book.pdf" "$TRADE.bbox.html" || return 1
	python3 - "$TRADE.bbox.html" <<'PY'
import re, sys
words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', open(sys.argv[1]).read())
def x_before(first, second):
    for (x, w), (_, w2) in zip(words, words[1:]):
        if w == first and w2 == second:
            return float(x)
    raise SystemExit(f"no '{first} {second}'")
p1 = x_before("Paragraph", "1")
p2 = x_before("Paragraph", "2")
brk = x_before("After", "the")
after = x_before("And", "the")
assert abs(p2 - p1 - 1.2 * 11) < 0.5, f"second paragraph at {p2}, first at {p1}"
assert abs(brk - p1) < 0.5 or abs(brk - (p1 - 63 + 45)) < 0.5, f"after the break at {brk}"
assert after > brk + 10, f"the paragraph after it at {after}"
PY
}
check "authors/no-indent-after-heading-or-break" trade_indent

# With the page moved in by the bleed, links still cover their words and
# destinations point into the page: the contents' entries' link areas
# hold the entries' words (cairo 1.16 does not move them itself).
trade_links() {
	/usr/bin/python3 - "$TRADE/book.pdf" <<'PY'
import pikepdf, re, subprocess, sys
f = sys.argv[1]
pdf = pikepdf.open(f)
links = 0
for i, page in enumerate(pdf.pages, 1):
    h = float(page.MediaBox[3])
    out = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-bbox", f, "-"],
                         capture_output=True, text=True).stdout
    words = [(float(a), h - float(d), float(c), h - float(b), w) for a, b, c, d, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]
    for a in page.get("/Annots", []):
        x0, y0, x1, y1 = [float(v) for v in a.Rect]
        inside = [w for (a0, b0, a1, b1, w) in words
                  if a0 >= x0 - 1 and a1 <= x1 + 1 and b0 >= y0 - 3 and b1 <= y1 + 3]
        assert "Chapter" in inside, f"page {i}: link {a.Rect} covers {inside}"
        links += 1
assert links == 3, f"{links} links"
PY
}
check "authors/trade-bleed-links-on-their-words" trade_links

# Alt text: an image named by its file only, or by a word for a picture,
# or an HTML <img> without alt, is a warning at its place; empty brackets are decoration on purpose
# (no warning): alt="" role="presentation" in the EPUB, an artifact in
# the PDF; empty brackets with a title are a figure whose caption is its
# /Alt.  The PDF passes the PDF/UA checks but for the <img> without alt,
# drawn in its line as a Figure that has none (and so claims no PDF/UA).
alt_text() {
	local out=$TMP/alt
	rm -rf "$out"
	(cd tests/authors && "$OCTAVO" build alt-text -o "$out") 2>"$out.err" || { cat "$out.err"; return 1; }
	cat >"$out.want" <<'WANT'
alt-text/one.md:17:1: warning: image 'images/sheet.png': its alt text 'sheet.png' does not say what it shows: say in the brackets what it shows, ![what it shows](images/sheet.png), or leave them empty, ![](images/sheet.png), if it only decorates
alt-text/one.md:21:1: warning: image 'images/sheet.png': its alt text 'Image' does not say what it shows: say in the brackets what it shows, ![what it shows](images/sheet.png), or leave them empty, ![](images/sheet.png), if it only decorates
alt-text/one.md:23:30: warning: image 'images/sheet.png' has no alt text: say what it shows in its alt="...", or write alt="" if it only decorates
WANT
	diff -u "$out.want" "$out.err" || return 1
	unzip -p "$out/book.epub" '*one*.xhtml' >"$out.xhtml" || return 1
	grep -q '<img src="[^"]*sheet.png" alt="" role="presentation"/>' "$out.xhtml" || { echo "no decorative img"; return 1; }
	# ![]() and <img alt="">, not <img> without alt
	[ "$(grep -o 'role="presentation"' "$out.xhtml" | wc -l)" -eq 2 ] || { echo "not two decorative"; return 1; }
	grep -q '<img src="[^"]*" alt=""/><figcaption>The sheet and the book it becomes.</figcaption>' "$out.xhtml" ||
		{ echo "the captioned image"; return 1; }
	qpdf --qdf --object-streams=disable "$out/book.pdf" "$out.qdf" || return 1
	# four figures and the HTML <img> among words without alt (drawn in
	# its line; the decorative one among words is an artifact)
	[ "$(grep -ac '^/Figure << /MCID' "$out.qdf")" -eq 5 ] || { echo "not 5 figures"; return 1; }
	grep -aq '/Alt (The sheet and the book it becomes.)' "$out.qdf" || { echo "no caption as /Alt"; return 1; }
	grep -aqx '/Artifact BMC' "$out.qdf" || { echo "the decoration is no artifact"; return 1; }
	# the HTML <img> without alt is a Figure without /Alt, so the file
	# does not claim PDF/UA-1; nothing else fails the checks
	tests/pdfua_check.py "$out/book.pdf" >"$out.ua" && { echo "no failure"; return 1; }
	printf '%s\n' "$out/book.pdf: 06 pdfuaid: the XMP has no pdfuaid:part 1" \
		"$out/book.pdf: page 7: 13 figure-alt: a Figure without /Alt" \
		"$out/book.pdf: 1 x 06 pdfuaid" "$out/book.pdf: 1 x 13 figure-alt" |
		diff -u - "$out.ua"
}
check "authors/alt-text-warnings-and-decoration" alt_text

# css: the book's own style sheet comes after the theme's rules in the
# EPUB's one style sheet (its @charset left out), so its rules win; the
# EPUB passes epubcheck; the style sheet counts among the sources (a
# change to it changes the fingerprint).
OWNCSS=$TMP/own-css
own_css() {
	local out=$OWNCSS
	rm -rf "$out" && cp -r tests/authors/own-css "$out.book" || return 1
	"$OCTAVO" build "$out.book" -o "$out" 2>"$out.err" || { cat "$out.err"; return 1; }
	[ ! -s "$out.err" ] || { cat "$out.err"; return 1; }
	unzip -p "$out/book.epub" '*/book.css' >"$out.css" || return 1
	local theme mine
	theme=$(grep -n '^/\* octavo: generated from the book' "$out.css" | cut -d: -f1)
	mine=$(grep -n '^/\* the book.s own (book.yaml: css) \*/$' "$out.css" | cut -d: -f1)
	[ -n "$theme" ] && [ -n "$mine" ] && [ "$mine" -gt "$theme" ] || { echo "the book's rules are not after the theme's"; return 1; }
	# the author's file, from its second line, is the end of the EPUB's
	tail -n +2 "$out.book/style/book.css" >"$out.want"
	tail -n "$(wc -l <"$out.want")" "$out.css" | diff -u "$out.want" - || return 1
	! grep -q '@charset' "$out.css" || { echo "@charset kept"; return 1; }
	# the colophon's fingerprint of the sources changes with the file
	fingerprint() { unzip -p "$1" '*title*.xhtml' | grep -o 'Fingerprint.\{0,80\}'; }
	fingerprint "$out/book.epub" >"$out.fp1" && [ -s "$out.fp1" ] || { echo "no fingerprint"; return 1; }
	echo 'h2 { letter-spacing: 0.02em; }' >>"$out.book/style/book.css"
	"$OCTAVO" build "$out.book" -o "$out.2" -f epub || return 1
	fingerprint "$out.2/book.epub" >"$out.fp2"
	! cmp -s "$out.fp1" "$out.fp2" || { echo "the fingerprint did not change:"; cat "$out.fp1"; return 1; }
}
check "authors/css-after-the-theme" own_css
check "authors/css-epub-check" "$TOOLS/check-epub" "$OWNCSS/book.epub"

# build_refused NAME WANT: building the book $TMP/NAME (from $TMP, so that
# messages name it NAME/...) exits 1 saying WANT, and writes no output.
build_refused() {
	(cd "$TMP" && "$OCTAVO" build "$1" -o "$1.out") 2>"$TMP/$1.err"
	local st=$?
	[ $st -eq 1 ] || { echo "exit $st"; cat "$TMP/$1.err"; return 1; }
	grep -qxF -- "$2" "$TMP/$1.err" || { echo "want: $2"; echo "got:"; cat "$TMP/$1.err"; return 1; }
	[ ! -e "$TMP/$1.out" ] || { echo "outputs written"; return 1; }
}

# What the style sheet may not be, each an error at its place, and no
# output written.
css_refused() { # NAME WANT CSS-BYTES (printf format) [css: value]
	local d=$TMP/css-$1 want=$2 bytes=$3 value=${4:-style/book.css}
	rm -rf "$d" && mkdir -p "$d/style" || return 1
	cp tests/authors/own-css/01-harbour.md "$d/" || return 1
	sed "s|^css: .*|css: $value|" tests/authors/own-css/book.yaml >"$d/book.yaml" || return 1
	printf "$bytes" >"$d/style/book.css" || return 1
	build_refused "css-$1" "$want"
}
check "authors/css-url-refused" css_refused url \
	"css-url/style/book.css:2:22: error: url() names another file, which the EPUB does not carry: the book's style sheet must hold its rules itself" \
	'p { color: red; }\nh1 { background: top url("paper.png"); }\n'
check "authors/css-import-refused" css_refused import \
	"css-import/style/book.css:1:1: error: @import names another file, which the EPUB does not carry: the book's style sheet must hold its rules itself" \
	'@IMPORT "more.css";\n'
check "authors/css-brace-unclosed" css_refused brace \
	"css-brace/style/book.css:2:14: error: this '{' is never closed" \
	'p { color: red; }\n@media print { p { margin: 0; }\n'
check "authors/css-brace-closes-nothing" css_refused stray \
	"css-stray/style/book.css:1:18: error: this '}' closes nothing" \
	'p { color: red; }}\n'
check "authors/css-comment-unclosed" css_refused comment \
	"css-comment/style/book.css:2:1: error: this comment is never closed" \
	'p { color: red; }\n/* the end\n'
check "authors/css-string-unclosed" css_refused string \
	"css-string/style/book.css:1:19: error: this string is not closed before the end of its line" \
	'h1 { font-family: "Harbour;\n}\n'
check "authors/css-not-utf8" css_refused utf8 \
	"css-utf8/style/book.css:1:17: error: invalid UTF-8 (byte 0xE9)" \
	'p::before { "caf\351" }\n'
check "authors/css-missing-did-you-mean" css_refused missing \
	"css-missing/book.yaml:3:6: error: style sheet 'style/bok.css' not found; did you mean 'style/book.css'?" \
	'p { color: red; }\n' style/bok.css
check "authors/css-not-css" css_refused notcss \
	"css-notcss/book.yaml:3:6: error: style sheet 'book.yaml' must be a CSS file ending in .css" \
	'p { color: red; }\n' book.yaml
# a symbolic link out of the book is outside it too
css_outside() {
	local d=$TMP/css-outside
	rm -rf "$d" && cp -r tests/authors/own-css "$d" || return 1
	echo 'p { color: red; }' >"$TMP/elsewhere.css" && ln -sf ../../elsewhere.css "$d/style/book.css" || return 1
	build_refused css-outside "css-outside/book.yaml:3:6: error: style sheet 'style/book.css' is outside the book folder"
}
check "authors/css-outside-the-book" css_outside

# cover: the book's own image is the EPUB's cover (the same bytes, its
# media type, the title as its text alternative), in place of the drawn
# one; cover-in-pdf: true makes it the PDF's first page, a Figure with
# the title as /Alt, before the title page.
OWNCOVER=$TMP/own-cover
own_cover() {
	local out=$OWNCOVER
	rm -rf "$out" "$out.book" && cp -r tests/authors/own-cover "$out.book" || return 1
	"$OCTAVO" build "$out.book" -o "$out" 2>"$out.err" || { cat "$out.err"; return 1; }
	[ ! -s "$out.err" ] || { cat "$out.err"; return 1; }
	unzip -Z1 "$out/book.epub" >"$out.list" || return 1
	grep -qx 'OEBPS/cover.png' "$out.list" && ! grep -q 'cover.jpg' "$out.list" || { echo "cover files:"; grep cover "$out.list"; return 1; }
	unzip -p "$out/book.epub" OEBPS/cover.png | cmp - "$out.book/art/cover.png" || { echo "not the author's bytes"; return 1; }
	unzip -p "$out/book.epub" OEBPS/package.opf >"$out.opf" || return 1
	grep -q '<item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>' "$out.opf" ||
		{ grep cover "$out.opf"; return 1; }
	unzip -p "$out/book.epub" OEBPS/cover.xhtml | grep -q '<img role="doc-cover" src="cover.png" alt="The Harbour Wall: A Year of Boats"/>' ||
		{ echo "cover page"; unzip -p "$out/book.epub" OEBPS/cover.xhtml; return 1; }
	# the PDF: page 1 is the image alone (200 x 320 px), page 2 the title
	pdfimages -list -f 1 -l 1 "$out/book.pdf" | awk 'NR > 2 { print $4 "x" $5 }' >"$out.img1"
	[ "$(cat "$out.img1")" = 200x320 ] || { echo "page 1's images:"; cat "$out.img1"; return 1; }
	[ -z "$(pdftotext -f 1 -l 1 "$out/book.pdf" - | tr -d '[:space:]\f')" ] || { echo "text on the cover page"; return 1; }
	pdftotext -f 2 -l 2 "$out/book.pdf" - | grep -q "The Harbour Wall" || { echo "page 2 is not the title page"; return 1; }
	/usr/bin/python3 - "$out/book.pdf" <<'PY' || return 1
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
labels = pdf.Root.PageLabels.Nums
first = str(labels[1].get('/P', ''))
assert int(labels[0]) == 0 and first == 'Cover', ('page 1 label', labels[0], first)
def figures(e, out):
    if isinstance(e, pikepdf.Dictionary):
        if e.get('/S') == '/Figure':
            out.append(str(e.get('/Alt', '')))
        k = e.get('/K')
        for c in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
            figures(c, out)
    return out
alts = figures(pdf.Root.StructTreeRoot, [])
assert alts[:1] == ['The Harbour Wall: A Year of Boats'], alts
PY
}
check "authors/cover-own-image-epub-and-pdf" own_cover
check "authors/cover-epub-check" "$TOOLS/check-epub" "$OWNCOVER/book.epub"
check "authors/cover-pdf-check" env CHECK_PDF_REQUIRE_TAGGED=1 "$TOOLS/check-pdf" "$OWNCOVER/book.pdf"
check "authors/cover-pdfua" tests/pdfua_check.py "$OWNCOVER/book.pdf"

# A JPEG cover goes in as cover.jpg, as it is; without cover-in-pdf the
# PDF opens with the title page; with chapters on rectos the cover's
# blank back keeps the title page a recto (page 3).
cover_jpeg_and_recto() {
	local d=$TMP/cover2
	rm -rf "$d" && cp -r tests/authors/own-cover "$d" || return 1
	sed -i 's|^cover: .*|cover: art/cover.jpg|; /^cover-in-pdf/d' "$d/book.yaml" || return 1
	"$OCTAVO" build "$d" -o "$d.out" 2>"$d.err" && [ ! -s "$d.err" ] || { cat "$d.err"; return 1; }
	unzip -p "$d.out/book.epub" OEBPS/cover.jpg | cmp - "$d/art/cover.jpg" || { echo "not the author's JPEG"; return 1; }
	[ -z "$(pdfimages -list -f 1 -l 1 "$d.out/book.pdf" | awk 'NR > 2')" ] || { echo "cover in the PDF without cover-in-pdf"; return 1; }
	pdftotext -f 1 -l 1 "$d.out/book.pdf" - | grep -q "The Harbour Wall" || { echo "page 1 is not the title page"; return 1; }
	mkdir -p "$d/styles" && printf 'recto-chapters: true\n' >"$d/styles/recto.yaml" || return 1
	printf 'cover-in-pdf: true\ntheme: recto\n' >>"$d/book.yaml"
	"$OCTAVO" build "$d" -o "$d.out2" -f pdf 2>"$d.err" && [ ! -s "$d.err" ] || { cat "$d.err"; return 1; }
	pdfimages -list -f 1 -l 1 "$d.out2/book.pdf" | awk 'NR > 2 { print $3, $4 "x" $5 }' | grep -qx "image 240x384" ||
		{ pdfimages -list -f 1 -l 1 "$d.out2/book.pdf"; return 1; }
	pdfimages -list -f 1 -l 1 "$d.out2/book.pdf" | awk 'NR > 2 { print $9 }' | grep -qx jpeg || { echo "the JPEG was not embedded as it is"; return 1; }
	[ -z "$(pdftotext -f 2 -l 2 "$d.out2/book.pdf" - | tr -d '[:space:]\f')" ] && [ -z "$(pdfimages -list -f 2 -l 2 "$d.out2/book.pdf" | awk 'NR > 2')" ] ||
		{ echo "page 2 is not blank"; return 1; }
	pdftotext -f 3 -l 3 "$d.out2/book.pdf" - | grep -q "The Harbour Wall" || { echo "page 3 is not the title page"; return 1; }
}
check "authors/cover-jpeg-and-blank-back" cover_jpeg_and_recto

# What the cover may not be: each an error at book.yaml's value.
cover_refused() { # NAME WANT SED-SCRIPT
	local d=$TMP/cover-$1
	rm -rf "$d" && cp -r tests/authors/own-cover "$d" || return 1
	sed -i "$3" "$d/book.yaml" || return 1
	printf 'GIF89a not really\n' >"$d/art/cover.gif"
	cp "$d/art/cover.png" "$TMP/outside-cover.png" || return 1
	build_refused "cover-$1" "$2"
}
check "authors/cover-missing" cover_refused missing \
	"cover-missing/book.yaml:4:8: error: image 'art/cvr.png' not found" 's|^cover: .*|cover: art/cvr.png|'
check "authors/cover-not-png-or-jpeg" cover_refused gif \
	"cover-gif/book.yaml:4:8: error: image 'art/cover.gif': unsupported type (use PNG, JPEG or SVG)" 's|^cover: .*|cover: art/cover.gif|'
check "authors/cover-absolute" cover_refused absolute \
	"cover-absolute/book.yaml:4:8: error: cover '/etc/hostname' must be a path relative to the book folder" 's|^cover: .*|cover: /etc/hostname|'
check "authors/cover-outside" cover_refused outside \
	"cover-outside/book.yaml:4:8: error: image '../outside-cover.png' is outside the book folder" 's|^cover: .*|cover: ../outside-cover.png|'
check "authors/cover-in-pdf-without-cover" cover_refused nocover \
	"cover-nocover/book.yaml:4:15: error: 'cover-in-pdf' needs the cover image: add 'cover: FILE' (a PNG, JPEG or SVG in the book folder)" '/^cover: /d'

# colophon: lines left out of both colophons (the PDF's and the EPUB's
# title page) as book.yaml says; all are shown by default.
colophon_lines() {
	local d=$TMP/colophon
	rm -rf "$d" && cp -r tests/authors/own-cover "$d" || return 1
	sed -i '/^cover/d' "$d/book.yaml" && echo 'identifier: "harbour-wall-1"' >>"$d/book.yaml" || return 1
	"$OCTAVO" build "$d" -o "$d.all" 2>"$d.err" && [ ! -s "$d.err" ] || { cat "$d.err"; return 1; }
	pdftotext -f 2 -l 2 "$d.all/book.pdf" "$d.all.txt" || return 1
	for w in "Identifier: harbour-wall-1" "Fingerprint: " "Set in " " with octavo "; do
		grep -qF "$w" "$d.all.txt" || { echo "by default, no '$w'"; cat "$d.all.txt"; return 1; }
	done
	printf 'colophon:\n  fingerprint: false\n  made-with: false\n  identifier: false\n' >>"$d/book.yaml"
	"$OCTAVO" build "$d" -o "$d.some" 2>"$d.err" && [ ! -s "$d.err" ] || { cat "$d.err"; return 1; }
	pdftotext -f 2 -l 2 "$d.some/book.pdf" "$d.some.txt" || return 1
	grep -q "^Set in [^.]*\.$" "$d.some.txt" || { echo "no 'Set in ...' alone"; cat "$d.some.txt"; return 1; }
	! grep -qE "Fingerprint|Identifier|octavo" "$d.some.txt" || { echo "lines left in the PDF:"; cat "$d.some.txt"; return 1; }
	unzip -p "$d.some/book.epub" OEBPS/titlepage.xhtml >"$d.some.xhtml" || return 1
	! grep -qE "Fingerprint|Identifier" "$d.some.xhtml" || { echo "lines left in the EPUB"; return 1; }
	unzip -p "$d.all/book.epub" OEBPS/titlepage.xhtml | grep -q "Identifier: harbour-wall-1" || { echo "EPUB by default"; return 1; }
	sed -i 's/^  made-with: false/  made-with: true\n  typefaces: false/' "$d/book.yaml" || return 1
	"$OCTAVO" build "$d" -o "$d.made" -f pdf 2>"$d.err" && [ ! -s "$d.err" ] || { cat "$d.err"; return 1; }
	pdftotext -f 2 -l 2 "$d.made/book.pdf" - | grep -q "^Made with octavo [0-9]" || { echo "no 'Made with octavo'"; return 1; }
}
check "authors/colophon-lines-chosen" colophon_lines

colophon_misspelt() {
	local d=$TMP/colophon-bad
	rm -rf "$d" && cp -r tests/authors/own-cover "$d" || return 1
	printf 'colophon:\n  fingerprnt: false\n  made-with: maybe\n' >>"$d/book.yaml"
	build_refused colophon-bad "colophon-bad/book.yaml:9:3: error: unknown colophon line 'fingerprnt'; did you mean 'fingerprint'?" || return 1
	printf '%s\n' "colophon-bad/book.yaml:9:3: error: unknown colophon line 'fingerprnt'; did you mean 'fingerprint'?" \
		"colophon-bad/book.yaml:10:14: error: 'made-with' must be true or false, not 'maybe'" | diff -u - "$d.err"
}
check "authors/colophon-misspelt-line" colophon_misspelt

# The theme's faces must be in the fonts folder: a family that is not is
# an error at the theme key, with the nearest family and the list of
# those there; a family without a bold or italic face the theme needs is
# an error naming the faces there.  Nothing is written.
font_missing() {
	local d=$TMP/font-missing
	rm -rf "$d" && cp -r tests/authors/theme-book "$d" || return 1
	printf 'body-font: Andik\nheading-font: EB Garamond\n' >"$d/styles/book.yaml"
	(cd "$TMP" && "$OCTAVO" build font-missing -o font-missing.out --fonts "$FONTS") 2>"$d.err"
	[ $? -eq 1 ] || { cat "$d.err"; return 1; }
	[ ! -e "$TMP/font-missing.out" ] || { echo "outputs written"; return 1; }
	local fams
	fams=$(fc-scan --format '%{family[0]}\n' "$FONTS"/*.tt[fc] "$FONTS"/*.otf 2>/dev/null | LC_ALL=C sort -fu | paste -sd, - | sed 's/,/, /g')
	printf '%s\n' \
		"font-missing/styles/book.yaml:1:1: error: font 'Andik' is not among the fonts of $FONTS; did you mean 'Andika'? (the families there: $fams)" \
		"font-missing/styles/book.yaml:2:1: error: font 'EB Garamond' is not among the fonts of $FONTS (the families there: $fams)" |
		diff -u - "$d.err"
}
font_face_missing() {
	local d=$TMP/font-face f=$TMP/font-face-fonts
	rm -rf "$d" "$f" && cp -r tests/authors/theme-book "$d" && mkdir "$f" || return 1
	# Andika without its italics, beside the other faces octavo sets
	cp fonts/Andika-Regular.ttf fonts/Andika-Bold.ttf fonts/CharisSIL-*.ttf fonts/DejaVuSansMono*.ttf "$f/" || return 1
	(cd "$TMP" && "$OCTAVO" build font-face -o font-face.out --fonts "$f") 2>"$d.err"
	[ $? -eq 1 ] || { cat "$d.err"; return 1; }
	printf '%s\n' \
		"font-face/styles/book.yaml:2:1: error: font 'Andika' has no italic or bold italic face among the fonts of $f (its faces there: regular, bold)" |
		diff -u - "$d.err"
}
FONTS=$PWD/fonts
check "authors/font-family-missing" font_missing
check "authors/font-face-missing" font_face_missing

# A book's own fonts/ folder adds to octavo's fonts: the body in the
# book's DejaVu Serif (not among octavo's), the headings in octavo's
# Andika and the code in octavo's DejaVu Sans Mono, on 16 threads the same
# bytes as on one; the colophon names the three.  The book's fonts are its
# sources (the fingerprint changes with them).
DEJAVU=/usr/share/fonts/truetype/dejavu
book_fonts_setup() {
	local d=$TMP/own-fonts
	rm -rf "$d" && cp -r tests/authors/theme-book "$d" && mkdir "$d/fonts" || return 1
	cp "$DEJAVU"/DejaVuSerif.ttf "$DEJAVU"/DejaVuSerif-Bold.ttf "$DEJAVU"/DejaVuSerif-Italic.ttf \
		"$DEJAVU"/DejaVuSerif-BoldItalic.ttf "$d/fonts/" || return 1
	cp fonts/DejaVu-COPYRIGHT "$d/fonts/" || return 1
	printf 'body-font: DejaVu Serif\nheading-font: Andika\n' >"$d/styles/book.yaml"
	printf '\nSome `code` too.\n' >>"$d/one.md"
}
book_fonts() {
	local d=$TMP/own-fonts out=$TMP/own-fonts.out
	book_fonts_setup || return 1
	for t in 1 16; do
		rm -rf "$out.$t"
		OCTAVO_THREADS=$t "$OCTAVO" build "$d" -o "$out.$t" --fonts "$FONTS" 2>"$out.err" ||
			{ cat "$out.err"; return 1; }
		[ ! -s "$out.err" ] || { cat "$out.err"; return 1; }
	done
	cmp "$out.1/book.pdf" "$out.16/book.pdf" || { echo "16 threads: other bytes"; return 1; }
	cmp "$out.1/book.epub" "$out.16/book.epub" || return 1
	pdffonts "$out.1/book.pdf" | awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); print $1 }' | LC_ALL=C sort -u >"$out.fonts"
	printf '%s\n' Andika-Bold DejaVuSansMono DejaVuSerif DejaVuSerif-Bold DejaVuSerif-Italic |
		diff -u - "$out.fonts" || return 1
	pdftotext "$out.1/book.pdf" - | grep -qx "Set in DejaVu Serif, Andika and DejaVu Sans Mono with octavo [0-9.]*\." ||
		{ echo "colophon:"; pdftotext "$out.1/book.pdf" - | grep -i "set in"; return 1; }
}
check "authors/book-fonts-add-to-octavos" book_fonts
# Without its fonts/ folder the same book is refused: the family is named
# at its theme key, and so is the folder it was looked for in.
book_fonts_gone() {
	local d=$TMP/own-fonts
	book_fonts_setup && rm -r "$d/fonts" || return 1
	(cd "$TMP" && "$OCTAVO" build own-fonts -o own-fonts.gone --fonts "$FONTS") 2>"$d.err"
	[ $? -eq 1 ] || { cat "$d.err"; return 1; }
	grep -qx "own-fonts/styles/book.yaml:1:1: error: font 'DejaVu Serif' is not among the fonts of $FONTS (the families there: Andika, Charis SIL, DejaVu Sans Mono, .*)" "$d.err" ||
		{ cat "$d.err"; return 1; }
	[ "$(wc -l <"$d.err")" -eq 1 ] || { cat "$d.err"; return 1; }
	[ ! -e "$TMP/own-fonts.gone" ] || { echo "outputs written"; return 1; }
}
check "authors/book-fonts-missing-family" book_fonts_gone
# A face the theme needs, missing from the book's folder too, names both
# folders and the faces there.
book_fonts_face() {
	local d=$TMP/own-fonts
	book_fonts_setup && rm "$d/fonts/DejaVuSerif-BoldItalic.ttf" || return 1
	(cd "$TMP" && "$OCTAVO" build own-fonts -o own-fonts.face --fonts "$FONTS") 2>"$d.err"
	[ $? -eq 1 ] || { cat "$d.err"; return 1; }
	printf '%s\n' "own-fonts/styles/book.yaml:1:1: error: font 'DejaVu Serif' has no bold italic face among the fonts of $FONTS and own-fonts/fonts (its faces there: regular, bold, italic)" |
		diff -u - "$d.err"
}
check "authors/book-fonts-missing-face" book_fonts_face


# Facing pages: the inner margin is at the fold, left on a recto (odd
# folio), right on a verso; the running head and the folio are centred
# on the text block and move with it (pdftotext -bbox, in pt).
facing_pages() {
	local d=$TMP/facing
	rm -rf "$d" && cp -r tests/authors/theme-book "$d" || return 1
	printf 'body-font: Andika\nheading-font: Andika\nmargin-inner: 20mm\nmargin-outer: 50mm\nmargin-top: 25mm\nmargin-bottom: 25mm\n' >"$d/styles/book.yaml"
	{
		echo "# Facing pages"
		for i in $(seq 1 40); do
			printf '\nParagraph %s: the text block sits nearer the fold than the edge of the page, so that two facing pages read as one spread.\n' "$i"
		done
	} >"$d/one.md"
	"$OCTAVO" build "$d" -o "$d.out" -f pdf || return 1
	# 20mm, 50mm, 25mm, 25mm
	/usr/bin/python3 tests/facing_pages.py "$d.out/book.pdf" 56.693 141.732 70.866 70.866 >"$d.log" ||
		{ cat "$d.log"; return 1; }
	grep -q "(folio 2, verso)" "$d.log" && grep -q "(folio 3, recto)" "$d.log" || { cat "$d.log"; return 1; }
	# the checker fails when the margins are the other way round
	! /usr/bin/python3 tests/facing_pages.py "$d.out/book.pdf" 141.732 56.693 70.866 70.866 >"$d.swapped" &&
		grep -q "^page 6 (verso): text block's left edge at 141.7 pt, not 56.7$" "$d.swapped" || { cat "$d.swapped"; return 1; }
}
check "authors/facing-pages-inner-outer" facing_pages
