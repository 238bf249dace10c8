# Golden files: tests/golden/NAME.md is one chapter; NAME.tree is its
# reviewed tree dump, NAME.xhtml its reviewed XHTML (when present).
# NAME.bib, when present, is the book's bibliography, and the lines of
# NAME.yaml (e.g. "citation-style: author-date") are added to its book.yaml.
# REGEN=1 rewrites the expectations (review the diff before committing).
golden_book() { # NAME.md -> a one-chapter book folder in $TMP
	local md=$1 base=${1%.md} dir=$TMP/golden-$(basename "$1" .md)
	mkdir -p "$dir"
	cp "$md" "$dir/"
	[ -d tests/golden/images ] && cp -r tests/golden/images "$dir/"
	printf 'title: "Golden"\nlanguage: en-US\nidentifier: golden\nchapters:\n  - %s\n' \
		"$(basename "$md")" >"$dir/book.yaml"
	if [ -e "$base.bib" ]; then
		cp "$base.bib" "$dir/"
		printf 'bibliography: %s\n' "$(basename "$base.bib")" >>"$dir/book.yaml"
	fi
	[ -e "$base.yaml" ] && cat "$base.yaml" >>"$dir/book.yaml"
	echo "$dir"
}
for md in tests/golden/*.md; do
	[ -e "$md" ] || continue
	base=${md%.md}
	name=$(basename "$base")
	dir=$(golden_book "$md")
	if [ -e "$base.tree" ] || [ -n "${REGEN-}" ]; then
		"$OCTAVO" build "$dir" --dump >"$TMP/$name.tree" 2>"$TMP/$name.tree.err"
		[ -n "${REGEN-}" ] && cp "$TMP/$name.tree" "$base.tree"
		check "golden/$name.tree" diff -u "$base.tree" "$TMP/$name.tree"
	fi
done
