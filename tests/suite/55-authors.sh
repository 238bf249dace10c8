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
	until_true "$limit" test "$(grep -c '] built in' "$WATCH/log")" -ge 2 || { echo "no second build line"; cat "$WATCH/log"; kill "$pid"; return 1; }
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
