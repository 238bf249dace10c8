# Handouts (octavo handout) and the large-print edition, built as `make
# book` builds them: check-pdf on each; no text run under the theme's
# minimum size (footnotes and page numbers included); the QR code decodes
# to the manifest's url; the booklet's sheets in saddle-stitch order;
# grays only, with text at 7:1 or more, under --grayscale.
HD=$TMP/handout
BASE=$HD/ketamine-guide-1.0.0
handout_builds() {
	"$OCTAVO" build book --theme large-print --format pdf -o "$HD" &&
		"$OCTAVO" handout book --chapter 08-safe-use -o "$HD" &&
		"$OCTAVO" handout book --chapter 08-safe-use --paper letter -o "$HD" &&
		"$OCTAVO" handout book --chapter 08-safe-use --booklet -o "$HD" &&
		"$OCTAVO" handout book --chapter ch-08-safe-use --grayscale -o "$HD"
}
check "handout/builds" handout_builds
for f in safe-use-a4 safe-use-letter safe-use-booklet safe-use-a4-gray large-print; do
	check "handout/check-pdf-$f" "$TOOLS/check-pdf" "$BASE-$f.pdf"
done
check "handout/letter-size" sh -c "pdfinfo '$BASE-safe-use-letter.pdf' | grep -q 'Page size: *612 x 792'"

# The theme's own floor, read from its file.  Each run's size is read
# twice: from the content streams, and from pdftotext -bbox word boxes
# calibrated by the font files' ascent and descent.
theme_min() { sed -n 's/^min-size: *\([0-9.]*\)pt$/\1/p' "styles/$1.yaml"; }
for f in safe-use-a4 safe-use-letter safe-use-booklet; do
	check "handout/text-size-$f" python3 tests/pdf_text_runs.py "$BASE-$f.pdf" --min-size "$(theme_min handout)" --bbox fonts
done
check "handout/text-size-large-print" python3 tests/pdf_text_runs.py "$BASE-large-print.pdf" --min-size "$(theme_min large-print)" --bbox fonts

# A book with footnotes and citations: the handout of one chapter carries
# its notes and the references it cites, and a link to a chapter left out
# is plain text.  Under a theme with small notes and no size floor, the
# size check must fail.
HB=tests/handout/book
handout_notes() {
	"$OCTAVO" handout "$HB" --chapter 02-visit -o "$HD/notes" || return 1
	local t; t=$(pdftotext "$HD/notes/clinic-notes-2.1-visit-a4.pdf" -)
	grep -q "A visit takes about two hours" <<<"$t" &&
		grep -q "World Health Organization. Hypertension" <<<"$t" &&
		! grep -q "Depression in adults" <<<"$t" &&
		grep -q "page 1 of 1" <<<"$t"
}
check "handout/notes-and-references" handout_notes
check "handout/text-size-notes" python3 tests/pdf_text_runs.py "$HD/notes/clinic-notes-2.1-visit-a4.pdf" --min-size "$(theme_min handout)" --bbox fonts
small_notes_fail() {
	"$OCTAVO" handout "$HB" --chapter 02-visit --styles tests/handout/styles \
		--theme small-notes -o "$HD/small" || return 1
	python3 tests/pdf_text_runs.py "$HD/small/clinic-notes-2.1-visit-a4-small-notes.pdf" \
		--min-size "$(theme_min handout)" --bbox fonts >"$HD/small.out"
	local st=$?
	cat "$HD/small.out"
	# refused, for the footnote, and by the word boxes too
	[ $st -eq 1 ] && grep -q "run at .*A visit takes about two hours" "$HD/small.out" &&
		grep -q "word box of" "$HD/small.out"
}
check "handout/text-size-check-fails-on-small-notes" small_notes_fail

# The QR code, decoded from the rendered last page, is the manifest's url.
qr_decodes() { # PDF BOOKDIR
	local url last
	url=$(sed -n 's/^url: *//p' "$2/book.yaml")
	last=$(pdfinfo "$1" | sed -n 's/^Pages: *//p')
	pdftoppm -r 150 -f "$last" -l "$last" -png "$1" "$HD/qr" || return 1
	local got; got=$(zbarimg --nodbus -q --raw "$HD"/qr-*.png)
	rm -f "$HD"/qr-*.png
	echo "decoded '$got', book.yaml says '$url'"
	[ -n "$url" ] && [ "$got" = "$url" ]
}
check "handout/qr-a4" qr_decodes "$BASE-safe-use-a4.pdf" book
check "handout/qr-booklet" qr_decodes "$BASE-safe-use-booklet.pdf" book
check "handout/qr-other-book" qr_decodes "$HD/notes/clinic-notes-2.1-visit-a4.pdf" "$HB"

# Saddle stitch: the booklet of the safe-use chapter and one of three
# chapters (seven pages: one blank page at the end); the checker refuses
# pages that are not imposed.
check "handout/booklet-order" python3 tests/booklet_order.py "$BASE-safe-use-booklet.pdf"
booklet_three() {
	"$OCTAVO" handout book --chapter 01-uses-in-medicine,07-withdrawal,08-safe-use \
		--booklet -o "$HD/three" || return 1
	python3 tests/booklet_order.py "$HD/three/ketamine-guide-1.0.0-uses-in-medicine+withdrawal+safe-use-booklet.pdf"
}
check "handout/booklet-order-three-chapters" booklet_three
# refused for what it is: exit 1 and the checker's reason, not a crash
# or a missing file
check "handout/booklet-checker-refuses-plain-pages" refuses 1 \
	"no folio on the first sheet's right half" \
	python3 tests/booklet_order.py "$BASE-safe-use-a4.pdf"

# Grayscale: every colour a gray, text at 7:1 or more against the page;
# the colour handout fails the gray check (it has a blue accent).
check "handout/grayscale" python3 tests/pdf_text_runs.py "$BASE-safe-use-a4-gray.pdf" --gray --contrast 7
check "handout/colour-is-not-gray" refuses 1 \
	"page 1: colour (0.101961, 0.227451, 0.360784) is not a gray" \
	python3 tests/pdf_text_runs.py "$BASE-safe-use-a4.pdf" --gray

handout_reproducible() {
	"$OCTAVO" handout book --chapter 08-safe-use --booklet -o "$HD/again" &&
		cmp "$BASE-safe-use-booklet.pdf" "$HD/again/ketamine-guide-1.0.0-safe-use-booklet.pdf"
}
check "handout/reproducible" handout_reproducible

# Usage: an unknown chapter names the known ones (exit 2); a book without
# url: cannot have a handout (exit 1, nothing written).
unknown_chapter() {
	"$OCTAVO" handout book --chapter 99-nothing -o "$HD/x" 2>"$HD/err"
	local st=$?
	cat "$HD/err"
	[ $st -eq 2 ] && grep -q "no chapter '99-nothing'" "$HD/err" &&
		grep -q "08-safe-use (ch-08-safe-use)" "$HD/err" && [ ! -e "$HD/x" ]
}
check "handout/unknown-chapter" unknown_chapter
no_url() {
	rm -rf "$HD/nourl" && cp -r "$HB" "$HD/nourl" &&
		sed -i '/^url:/d' "$HD/nourl/book.yaml" || return 1
	"$OCTAVO" handout "$HD/nourl" --chapter 01-before -o "$HD/y" 2>"$HD/err"
	local st=$?
	cat "$HD/err"
	[ $st -eq 1 ] && grep -q "book.yaml:1:1: error: a handout needs the digital edition's address" "$HD/err" &&
		[ -z "$(ls -A "$HD/y" 2>/dev/null)" ]
}
check "handout/needs-url" no_url
build_refuses_handout_options() {
	"$OCTAVO" build book --booklet -o "$HD/z" 2>"$HD/err"
	[ $? -eq 2 ] && grep -q "options of 'handout'" "$HD/err"
}
check "handout/build-refuses-handout-options" build_refuses_handout_options

# Pictures are gray too under --grayscale: a PNG and a JPEG (the cover
# octavo makes for a book's EPUB), each listed by poppler's pdfimages as
# gray; the same handout in colour lists them as rgb.
PICS=$TMP/handout-pics
gray_pictures_book() {
	mkdir -p "$PICS/book/images" &&
		cp tests/golden/images/red.png "$PICS/book/images/" &&
		printf 'title: "Pictures"\nidentifier: pictures\nurl: https://example.net/pictures/\nlanguage: en\nchapters:\n  - pics.md\n' >"$PICS/book/book.yaml" &&
		printf '# Pictures\n\n![A red square](images/red.png)\n\nText.\n' >"$PICS/book/pics.md" &&
		"$OCTAVO" build "$PICS/book" --format epub -o "$PICS/epub" &&
		unzip -p "$PICS"/epub/*.epub OEBPS/cover.jpg >"$PICS/book/images/cover.jpg" &&
		printf '\n![The cover](images/cover.jpg)\n' >>"$PICS/book/pics.md" &&
		"$OCTAVO" handout "$PICS/book" --chapter pics -o "$PICS/colour" &&
		"$OCTAVO" handout "$PICS/book" --chapter pics --grayscale -o "$PICS/gray"
}
check "handout/pictures-build" gray_pictures_book
check "handout/pictures-gray" sh -c "test \"\$(pdfimages -list '$PICS'/gray/*.pdf | awk 'NR > 2 { print \$6 }' | sort | uniq -c | tr -s ' ')\" = ' 2 gray'"
check "handout/pictures-colour" sh -c "pdfimages -list '$PICS'/colour/*.pdf | awk 'NR > 2 { print \$6 }' | grep -c rgb | grep -qx 2"

# A booklet draws its pages in sheet order (8, 1, 2, 7, 6, 3, 4, 5), so
# the Figure on page 7 comes before the one on page 3 in the structure
# tree: each must still carry the alt text of its own picture, which its
# page shows as the caption (the book's order gave them swapped).
ORDER=$TMP/handout-order
figure_order_book() {
	local i
	mkdir -p "$ORDER/book/images" &&
		cp tests/golden/images/red.png tests/golden/images/blue.png "$ORDER/book/images/" &&
		printf 'title: "Order"\nidentifier: order\nurl: https://example.net/order/\nlanguage: en\nchapters:\n' >"$ORDER/book/book.yaml" || return 1
	for i in 1 2 3 4 5 6 7 8; do
		echo "  - c$i.md" >>"$ORDER/book/book.yaml"
		printf '# Chapter %s\n\nText of chapter %s.\n' "$i" "$i" >"$ORDER/book/c$i.md"
	done
	printf '\n![Figure in three](images/red.png)\n' >>"$ORDER/book/c3.md"
	printf '\n![Figure in seven](images/blue.png)\n' >>"$ORDER/book/c7.md"
	"$OCTAVO" handout "$ORDER/book" --chapter c1,c2,c3,c4,c5,c6,c7,c8 --booklet -o "$ORDER/booklet" &&
		"$OCTAVO" handout "$ORDER/book" --chapter c1,c2,c3,c4,c5,c6,c7,c8 -o "$ORDER/pages"
}
check "handout/figure-order-builds" figure_order_book
check "handout/figure-alts-booklet" sh -c "python3 tests/figure_alts.py '$ORDER'/booklet/*.pdf 2"
check "handout/figure-alts-pages" sh -c "python3 tests/figure_alts.py '$ORDER'/pages/*.pdf 2"
