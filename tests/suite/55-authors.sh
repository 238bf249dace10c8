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
