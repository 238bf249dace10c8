# Markdown as GitHub and mdBook authors write it (tests/mdbook): heading
# ids by GitHub's rule per chapter, link messages, raw HTML, code, tables.
MDBOOK=tests/mdbook

# The ids of each chapter file of an EPUB, one "FILE ID" a line, sorted.
epub_ids() { # EPUB
	local dir=$TMP/ids.$$
	rm -rf "$dir" && mkdir -p "$dir" && unzip -q -o "$1" -d "$dir" &&
		for f in "$dir"/OEBPS/text/*.xhtml; do
			grep -o ' id="[^"]*"' "$f" | sed "s|^ id=|${f##*/} |"
		done | grep -v '"page-' | sort
}

# Moving chapters in the manifest changes no id of any chapter file.
ids_stable_when_reordered() {
	local book=$TMP/mdbook-reordered
	rm -rf "$book" && cp -r "$MDBOOK" "$book" &&
		python3 - "$book/book.yaml" <<'PY' || return 1
import sys
p = sys.argv[1]
lines = open(p).read().split("\n")
i = lines.index("chapters:")
ch = [l for l in lines[i + 1:] if l.startswith("  - ")]
rest = [l for l in lines[i + 1:] if not l.startswith("  - ")]
open(p, "w").write("\n".join(lines[:i + 1] + ch[::-1] + rest))
PY
	"$OCTAVO" build "$MDBOOK" -o "$TMP/md-a" --format epub &&
		"$OCTAVO" build "$book" -o "$TMP/md-b" --format epub || return 1
	epub_ids "$TMP"/md-a/*.epub >"$TMP/ids-a" &&
		epub_ids "$TMP"/md-b/*.epub >"$TMP/ids-b" || return 1
	[ -s "$TMP/ids-a" ] || { echo "no ids found"; return 1; }
	grep -q '"options-2"' "$TMP/ids-a" || { echo "no options-2"; return 1; }
	diff -u "$TMP/ids-a" "$TMP/ids-b"
}
check "markdown/ids-stable-when-reordered" ids_stable_when_reordered

# --dump shows the tree of a book with link errors, and still fails.
dump_with_errors() {
	local status=0
	(cd tests/errors && "$OCTAVO" build link-grouped --dump) \
		>"$TMP/dump-err.tree" 2>"$TMP/dump-err.log" || status=$?
	[ "$status" -eq 1 ] || { echo "exit $status, not 1"; return 1; }
	grep -q "error: 3 links to 'two.md#event-exit-1'" "$TMP/dump-err.log" &&
		grep -q '^    heading 3:1 #event-exit level=2$' "$TMP/dump-err.tree" &&
		grep -q 'link 3:5 url="two.md#event-exit-1"$' "$TMP/dump-err.tree"
}
check "markdown/dump-with-errors" dump_with_errors
