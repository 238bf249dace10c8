# The print PDF of the guide (built by 40-guide.sh) measured with
# typo-metrics: no widows or orphans, at most two hyphenated lines in a
# row, and no more loose lines (word spaces over 1.5x natural) than LaTeX
# sets on the same text (1.1%, ../shared/tools/README.md; Typst 8.3%).  The
# figures are printed with the results, beside LaTeX's and Typst's.
pdf_typography() {
	"$TOOLS/typo-metrics" --json "$PDF" >"$TMP/typo.json" || return 1
	python3 - "$TMP/typo.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
ok = m["widows"] == 0 and m["orphans"] == 0 and m["hyphen_run"] <= 2 \
    and m["loose_share"] <= 0.011 and m["overfull_share"] == 0
sys.exit(0 if ok else 1)
PY
}
check "guide/pdf-typography" pdf_typography
if [ -s "$TMP/typo.json" ]; then
	python3 - "$TMP/typo.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print("     pdf typography: %d pages, space p50/p95/max %.2f/%.2f/%.2f, "
      "loose %.1f%% (LaTeX 1.1%%, Typst 8.3%%), tight %.1f%% (5.5%%, 8.3%%), "
      "hyphenated %.1f%% (6.1%%, 7.1%%) run %d, widows/orphans %d/%d"
      % (m["pages"], m["space_p50"], m["space_p95"], m["space_max"],
         100 * m["loose_share"], 100 * m["tight_share"],
         100 * m["hyphen_share"], m["hyphen_run"], m["widows"],
         m["orphans"]))
PY
fi

# A table whose second column is long: the first column keeps its words
# whole (columns never shrink below their longest word).
table_columns() {
	"$OCTAVO" build tests/pdf/table-columns -o "$TMP/table-columns" -f pdf || return 1
	pdftotext "$TMP/table-columns/tb.pdf" - >"$TMP/table-columns.txt" || return 1
	for w in Step Preparation Infusion; do
		grep -qw "$w" "$TMP/table-columns.txt" || { echo "'$w' was split"; return 1; }
	done
}
check "pdf/table-columns-keep-words" table_columns

# The body is drawn at the theme's size, read from the PDF's own text
# operators (a 96 dpi pango context once drew it at 4/3 of it)
guide_body=$(sed -n 's/^body-size: *\([0-9.]*\)pt$/\1/p' styles/guide.yaml)
check "guide/pdf-body-size" python3 tests/pdf_text_runs.py "$PDF" --body-size "$guide_body"

# Justified lines take their slack in the word spaces while those stay
# near natural, so most lines space no letters (every letter spaced costs
# the PDF a number), and a word space costs one position change, not one
# before the space glyph and one after it (once 96% of the runs with
# position changes were letter-spaced, and every space cost two)
check "guide/pdf-word-spaces-justify" python3 tests/pdf_letter_spacing.py "$PDF" --max-spaced 0.5

# Dot leaders are dashed strokes (dashes of no length, round caps), one
# per entry: drawn as circles, each dot cost four curves, and the guide's
# contents page drew thousands of them
leaders_stroked() {
	python3 - "$PDF" <<'PY'
import sys
sys.path.insert(0, "tests")
from pdf_text_runs import content_streams, tokens
curves, dashes = {}, 0
for page, stream in content_streams(sys.argv[1]):
    ops = [t for k, t in tokens(stream) if k == "op"]
    curves[page] = curves.get(page, 0) + ops.count(b"c")
    dashes += ops.count(b"d")
worst = max(curves.items(), key=lambda kv: kv[1], default=(0, 0))
print("%d dash patterns; most curves on a page: %d (page %d)"
      % (dashes, worst[1], worst[0]))
sys.exit(0 if dashes and worst[1] <= 100 else 1)
PY
}
check "guide/pdf-leaders-stroked" leaders_stroked

# A book of many chapters with footnotes, long tables (header rows repeat
# on the next page) and lists, measured on one, two and three threads:
# the same bytes, so the boxes and the footnotes of the chapters measured
# on other threads are numbered in the book's order.
threads_book() {
	local d=$TMP/threads-book i n r
	rm -rf "$d"; mkdir -p "$d"
	printf 'title: T\nlanguage: en-US\nidentifier: th\nslug: th\nchapters:\n' >"$d/book.yaml"
	for i in 1 2 3 4; do
		for n in footnotes tables lists code blockquote; do
			cp "tests/golden/$n.md" "$d/$i-$n.md"
			echo "  - $i-$n.md" >>"$d/book.yaml"
		done
		{
			printf '# Long table %s\n\nBefore the table.[^a]\n\n' "$i"
			printf '| Row | Text |\n|-----|------|\n'
			for r in $(seq 1 70); do printf '| %s | cell %s |\n' "$r" "$r"; done
			printf '\nAfter the table.[^b]\n\n[^a]: Note a.\n\n[^b]: Note b.\n'
		} >"$d/$i-long.md"
		echo "  - $i-long.md" >>"$d/book.yaml"
	done
	for i in 1 2 3; do
		OCTAVO_THREADS=$i "$OCTAVO" build "$d" -o "$TMP/threads-book-$i" \
			>"$TMP/threads-book-$i.log" 2>&1 ||
			{ cat "$TMP/threads-book-$i.log"; return 1; }
	done
	diff -r "$TMP/threads-book-1" "$TMP/threads-book-2" &&
		diff -r "$TMP/threads-book-1" "$TMP/threads-book-3"
}
check "pdf/threads-same-bytes" threads_book
