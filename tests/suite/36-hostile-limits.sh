# Hostile inputs, second round (issue 15): crashes, reading outside the
# book, resource bombs, lost outputs, broken images, YAML and theme values.
# Each case checks the exact message and exit status, that an earlier
# output is byte for byte as it was with no temporary left, and that the
# run stayed within 20 s (5 times that under the sanitizers) and 1 GB.
. tests/hostile.sh
h_mem=1048576

# h_theme BOOK YAML: BOOK uses theme "big" from $H/BOOK-styles, whose text
# is YAML (printf format).
h_theme() {
	mkdir -p "$H/$1-styles"
	# shellcheck disable=SC2059
	printf "$2" >"$H/$1-styles/big.yaml"
	grep -q '^theme:' "$H/$1/book.yaml" || printf 'theme: big\n' >>"$H/$1/book.yaml"
}

# h_refused BOOK STATUS MESSAGE [OPTION...]: the build fails with exactly
# MESSAGE, the earlier outputs stay, quickly.
h_refused() {
	local book=$1 status=$2 msg=$3
	shift 3
	h_sentinel "$book-out"
	h_run "$book-out" "$book" "$@"
	h_expect "$status" "$msg" && h_untouched "$book-out" && h_quick 20000
}

# --- crashes and undefined behaviour --------------------------------------

# Theme sizes far beyond a page: 9999in made cairo fail inside the EPUB's
# cover on one thread while the PDF was drawn on another (a double free
# in libjpeg's buffer), 100in and 9999pt overflowed ints in measure.c and
# justify.c, 0 gave a blank PDF.  Now each is out of the range a body
# size may have, at its place in the theme.
h_book size "w('# One\\n\\nSome words to set, and more of them.\\n')"
for v in 9999in 100in 9999pt 0 5pt 73pt; do
	h_theme size "body-size: $v\n"
	check "hostile/theme-body-size-$v" h_refused size 1 \
		"size-styles/big.yaml:1:12: error: 'body-size' must be a length from 6pt to 72pt, such as 12pt, not '$v'" \
		--styles size-styles
done

# The text block: the paper less its margins, at least 5 cm each way.
h_book margins "w('# One\\n\\nText.\\n')"
h_theme margins 'paper: a4\nmargin-top: 25cm\nmargin-bottom: 8cm\n'
check "hostile/theme-margins-taller-than-page" h_refused margins 1 \
	"margins-styles/big.yaml:2:1: error: theme 'big' leaves a text block -3.3 cm high on a4 paper (the paper less margin-top and margin-bottom): it must be at least 5 cm" \
	--styles margins-styles
h_book sides "w('# One\\n\\nText.\\n')"
h_theme sides 'margin-outer: 2cm\nmargin-inner: 20cm\n'
check "hostile/theme-margins-wider-than-paper" h_refused sides 1 \
	"sides-styles/big.yaml:2:1: error: theme 'big' leaves a text block -1.0 cm wide on a4 paper (the paper less margin-inner and margin-outer): it must be at least 5 cm" \
	--styles sides-styles
# margins that fit A4 but not A5, which --paper asks for: the same check
# on the paper the PDF gets
h_book a5 "w('# One\\n\\nText.\\n')"
h_theme a5 'margin-inner: 8cm\nmargin-outer: 4cm\n'
check "hostile/theme-margins-too-wide-on-a5" h_refused a5 1 \
	"a5-styles/big.yaml:1:1: error: theme 'big' leaves a text block 2.8 cm wide on a5 paper (the paper less margin-inner and margin-outer): it must be at least 5 cm" \
	--styles a5-styles --paper a5
# a page too short for three lines of the text and a heading
h_book lines "w('# One\\n\\nText.\\n')"
h_theme lines 'body-size: 72pt\nleading: 5\nh1-size: 5\n'
check "hostile/theme-lines-taller-than-page" h_refused lines 1 \
	"lines-styles/big.yaml:1:1: error: theme 'big' leaves a text block 24.6 cm high on a4 paper, less than three lines of body text and one level-1 heading (101.6 cm at body-size 72pt, leading 5, h1-size 5)" \
	--styles lines-styles

# One block taller than pango's int coordinates hold (at 72 pt in a 5 cm
# column, 20,000 lines of code): a located error, not an overflow.
h_book tall "w('# One\\n\\n\`\`\`\\n' + 'a\\n' * 20000 + '\`\`\`\\n')"
h_theme tall 'body-size: 72pt\nmargin-inner: 230pt\nmargin-outer: 223pt\n'
check "hostile/block-too-tall-for-pango" h_refused tall 1 \
	"tall/one.md:3:1: error: this block is 20000 lines long in print at 61 pt, more than the 12691 lines one block can have: split it" \
	--styles tall-styles

# --- archives ---------------------------------------------------------------

# h_archived NAME: a small book archived as $H/NAME-archive/1.0.0.
h_archived() {
	h_book "$1" "w('# One\\n\\nText.\\n')"
	printf 'version: "1.0.0"\n' >>"$H/$1/book.yaml"
	(cd "$H" && "$OCTAVO" archive "$1" --to "$1-archive") >/dev/null
}

# h_resum DIR: SHA256SUMS made again for what DIR holds now.
h_resum() {
	(cd "$1" && sha256sum BUILDINFO ./*.epub ./*.pdf sources.zip | sed 's|  \./|  |' >SHA256SUMS)
}

# h_verify DIR STATUS MESSAGE: verify fails with MESSAGE on stderr.
h_verify() {
	local t0=${EPOCHREALTIME/./}
	(cd "$H" && { [ -n "${SANITIZE-}" ] || ulimit -v "$h_mem"; } &&
		exec timeout 60 "$OCTAVO" verify "$1") >/dev/null 2>"$H/stderr"
	h_status=$?
	h_ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	h_expect "$2" "$3" && h_quick 20000
}

# BUILDINFO's epoch out of any time a ZIP holds (GLib criticals and
# undefined behaviour in zipfile.c before): refused, named.
h_archived epoch
for e in 9223372036854775807 -9223372036854775808; do
	rm -rf "$H/epoch-$e" && cp -r "$H/epoch-archive/1.0.0" "$H/epoch-$e"
	sed -i "s/^source-date-epoch=.*/source-date-epoch=$e/" "$H/epoch-$e/BUILDINFO"
	h_resum "$H/epoch-$e"
	check "hostile/verify-buildinfo-epoch-$e" h_verify "epoch-$e" 1 \
		"octavo: epoch-$e/BUILDINFO: source-date-epoch $e is not a time from 1980 to 2100 in seconds"
done
