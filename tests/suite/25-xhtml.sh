# Golden XHTML: tests/golden/NAME.md rendered as the EPUB's chapter XHTML
# by tests/xhtml_golden.c, compared with the reviewed NAME.xhtml.  The
# book is NAME.md (always chapter 1) plus tests/golden/chapters/*.md, which
# links may point at.  Each output is also checked to be well-formed XML.
# REGEN=1 rewrites the expectations (review the diff before committing).
# shellcheck disable=SC2046
xg_cflags=$(make -s --no-print-directory cflags)
xg_libs=$(make -s --no-print-directory libs)
xg_bin=$TMP/xhtml_golden
# shellcheck disable=SC2086
if ! ${CC:-cc} $xg_cflags -g -Wall -Wextra -Werror \
	-Wno-unused-parameter ${SANITIZE:+-fsanitize=address,undefined} \
	tests/xhtml_golden.c "$BUILD/libocta.a" $xg_libs \
	-o "$xg_bin" >"$TMP/xhtml_golden.cc" 2>&1; then
	fail "xhtml/driver" "does not compile"
	sed 's/^/     /' "$TMP/xhtml_golden.cc" | head -20
else
	xg_others=$(cd tests/golden && ls chapters/*.md 2>/dev/null)
	for md in tests/golden/*.md; do
		[ -e "$md" ] || continue
		name=$(basename "$md" .md)
		want=tests/golden/$name.xhtml
		[ -e "$want" ] || [ -n "${REGEN-}" ] || continue
		# shellcheck disable=SC2086
		"$xg_bin" tests/golden "$name.md" $xg_others \
			>"$TMP/$name.xhtml" 2>"$TMP/$name.xhtml.err"
		xg_status=$?
		[ -n "${REGEN-}" ] && [ $xg_status -eq 0 ] && cp "$TMP/$name.xhtml" "$want"
		check "xhtml/$name" diff -u "$want" "$TMP/$name.xhtml"
		check "xhtml/$name-wellformed" xmllint --noout --nonet "$TMP/$name.xhtml"
	done
fi
