# Golden files: tests/golden/NAME.md is one chapter; NAME.tree is its
# reviewed tree dump, NAME.xhtml its reviewed XHTML (when present).
# NAME.bib, when present, is the book's bibliography, and the lines of
# NAME.yaml (e.g. "citation-style: author-date") are added to its book.yaml.
# NAME.err, when present, is the dump's exit status ("exit N") and its
# messages, as in tests/errors; without it the dump must exit 0 in
# silence.
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
		(cd "$TMP" && "$OCTAVO" build "${dir##*/}" --dump) \
			>"$TMP/$name.tree" 2>"$TMP/$name.tree.msg"
		{ echo "exit $?"; cat "$TMP/$name.tree.msg"; } >"$TMP/$name.tree.err"
		if [ -n "${REGEN-}" ]; then
			cp "$TMP/$name.tree" "$base.tree"
			if [ "$(cat "$TMP/$name.tree.err")" = "exit 0" ]; then
				rm -f "$base.err"
			else
				cp "$TMP/$name.tree.err" "$base.err"
			fi
		fi
		check "golden/$name.tree" diff -u "$base.tree" "$TMP/$name.tree"
		if [ -e "$base.err" ]; then
			check "golden/$name.err" diff -u "$base.err" "$TMP/$name.tree.err"
		else
			check "golden/$name.err" diff -u - "$TMP/$name.tree.err" <<<"exit 0"
		fi
	fi
done
