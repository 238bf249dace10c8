# The manual pages: octavo(1)'s DIAGNOSTICS section is the list
# man/diagnostics.c makes from include/diag.def (scripts/man-diagnostics
# --check, as `make man-check` runs it), and the check fails, naming the
# cause, when the page is out of date with the table: a message's text
# changed, or a message added, without `make man-diagnostics`.  groff
# reads both pages without a warning.
# shellcheck disable=SC2086,SC2154 # top, TMP, BUILD: tests/run
man_cflags=$(make -s --no-print-directory cflags)
man_libs=$(make -s --no-print-directory libs)

# man_list DIR: builds the list program from DIR/include/diag.def (and
# src/diag.c, which holds the same table) as DIR/diag-man.
man_list() {
	${CC:-cc} -I"$1/include" $man_cflags -Wall -Wextra -Werror -Wno-unused-parameter \
		man/diagnostics.c src/diag.c "$BUILD/libocta.a" $man_libs \
		-o "$1/diag-man"
}

# man_copy DIR: the page and the table, copied to DIR to be changed there.
man_copy() {
	rm -rf "$1" && mkdir -p "$1/man" && cp -r include "$1/" &&
		cp man/octavo.1 "$1/man/"
}

man_current() {
	local d=$TMP/man-current
	man_copy "$d" && man_list "$d" &&
		(cd "$d" && "$top/scripts/man-diagnostics" ./diag-man --check)
}
check "man/diagnostics-match-diag-def" man_current

# STALE-DIR SED-SCRIPT: the table changed by the script, the page not.
man_stale() {
	local d=$TMP/$1
	man_copy "$d" && sed -i "$2" "$d/include/diag.def" &&
		! cmp -s include/diag.def "$d/include/diag.def" &&
		man_list "$d" &&
		(cd "$d" && refuses 1 \
			"man/octavo.1: its list of messages differs from include/diag.def" \
			"$top/scripts/man-diagnostics" ./diag-man --check)
}
check "man/diagnostics-stale-text" man_stale man-text \
	's/"-o needs a folder name"/"-o needs the name of a folder"/'
check "man/diagnostics-stale-new-message" man_stale man-new \
	'/^DIAG(USAGE_OUTPUT,/a DIAG(USAGE_NEW_ONE, USAGE, "a message the page does not list")'

man_groff() {
	local m w
	for m in man/octavo.1 man/octavo-book.5; do
		w=$(groff -man -Tutf8 -ww -z "$m" 2>&1) || return 1
		[ -z "$w" ] || { printf '%s: %s\n' "$m" "$w"; return 1; }
	done
}
check "man/groff-clean" man_groff
