# make install: the program, its man pages, styles, fonts and template
# under PREFIX, and the installed octavo reads them from PREFIX/share/octavo
# (not from this checkout): built from another folder with no --styles or
# --fonts, the guide comes out the same bytes as from the checkout's
# octavo; a new book from the installed template builds too.
INST=$TMP/install
install_tree() {
	make -s --no-print-directory install BUILD="$BUILD" SANITIZE="${SANITIZE-}" \
		PREFIX="$INST" >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; return 1; }
	local f
	for f in bin/octavo share/man/man1/octavo.1 share/man/man5/octavo-book.5 \
		share/octavo/styles/guide.yaml share/octavo/fonts/CharisSIL-Regular.ttf \
		share/octavo/fonts/Charis-COPYRIGHT share/octavo/templates/book/book.yaml; do
		[ -s "$INST/$f" ] || { echo "missing: $f"; return 1; }
	done
	# the data folder compiled in is PREFIX's, not the checkout's
	strings "$INST/bin/octavo" | grep -qxF "$INST/share/octavo/styles" &&
		! strings "$INST/bin/octavo" | grep -qF "$top/styles"
}
check "install/tree" install_tree
installed_builds() {
	(cd "$TMP" && "$INST/bin/octavo" build "$top/book" -o "$TMP/install-out") || return 1
	"$OCTAVO" build book -o "$TMP/install-ref" >/dev/null 2>&1 || return 1
	cmp "$TMP/install-out/ketamine-guide-1.0.0.epub" "$TMP/install-ref/ketamine-guide-1.0.0.epub" &&
		cmp "$TMP/install-out/ketamine-guide-1.0.0.pdf" "$TMP/install-ref/ketamine-guide-1.0.0.pdf" &&
		"$INST/bin/octavo" init "$TMP/install-book" >/dev/null &&
		"$INST/bin/octavo" build "$TMP/install-book" -o "$TMP/install-book-out"
}
check "install/installed-octavo-builds" installed_builds
# It reads PREFIX's data, never this checkout's: with PREFIX's styles or
# fonts moved away, the build fails and names PREFIX's folder.
without_data() { # FOLDER MESSAGE STATUS: built with PREFIX's FOLDER away
	local d=$INST/share/octavo/$1 st
	mv "$d" "$d.away" || return 1
	(cd "$TMP" && refuses "$3" "$2" "$INST/bin/octavo" build "$top/book" \
		-o "$TMP/install-away")
	st=$?
	mv "$d.away" "$d" && return $st
}
check "install/reads-prefix-styles" without_data styles \
	"theme 'guide' not found (no guide.yaml in $top/book/styles or $INST/share/octavo/styles)" 1
check "install/reads-prefix-fonts" without_data fonts \
	"octavo: $INST/share/octavo/fonts: Error opening directory" 3
