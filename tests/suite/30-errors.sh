# The error catalogue: each tests/errors/NAME/ is a book folder with one
# thing wrong; tests/errors/NAME.err holds the expected exit status on its
# first line ("exit N") and the expected messages after it.  Every case
# also checks that an earlier output in the output folder is untouched.
# An optional tests/errors/NAME.args adds options to the command line
# (words split on blanks, paths relative to tests/errors).
run_error_case() { # NAME
	local name=$1 dir=tests/errors/$1 out=$TMP/err-out-$1 args=()
	[ -f "tests/errors/$name.args" ] &&
		read -r -a args <"tests/errors/$name.args"
	mkdir -p "$out"
	printf 'earlier good output\n' >"$out/book.epub"
	printf 'earlier good output\n' >"$out/book.pdf"
	(cd tests/errors && "$OCTAVO" build "$name" -o "$out" ${args[@]+"${args[@]}"}) \
		>/dev/null 2>"$TMP/$name.stderr"
	local status=$?
	{ echo "exit $status"; cat "$TMP/$name.stderr"; } >"$TMP/$name.err"
	[ -n "${REGEN-}" ] && cp "$TMP/$name.err" "tests/errors/$name.err"
	diff -u "tests/errors/$name.err" "$TMP/$name.err" || return 1
	[ "$status" -eq 0 ] && return 0 # a warning only: the book was built
	for f in "$out"/book.*; do
		[ "$(cat "$f")" = "earlier good output" ] ||
			{ echo "$f was changed"; return 1; }
	done
	[ -z "$(find "$out" -name '.*' -type f)" ] ||
		{ echo "temporary files left behind"; return 1; }
}
for dir in tests/errors/*/; do
	[ -d "$dir" ] || continue
	name=$(basename "$dir")
	check "errors/$name" run_error_case "$name"
done
