# The guide itself, built as `make book` builds it, checked by the real
# validators and against its manuscript.
MANUSCRIPT=$top/../shared/manuscript/000_42fc5552c8621cad.txt
GUIDE=$TMP/guide
"$OCTAVO" build book -o "$GUIDE" >"$TMP/guide.log" 2>&1
guide_status=$?
check "guide/builds" test "$guide_status" -eq 0
check "guide/no-warnings" test ! -s "$TMP/guide.log"
EPUB=$GUIDE/ketamine-guide-1.0.0.epub
PDF=$GUIDE/ketamine-guide-1.0.0.pdf

epub_container_ok() { # mimetype first, stored, exact content
	python3 - "$1" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
first = z.infolist()[0]
assert first.filename == "mimetype", first.filename
assert first.compress_type == zipfile.ZIP_STORED, "mimetype is compressed"
assert not first.extra, "mimetype has an extra field"
assert z.read("mimetype") == b"application/epub+zip"
PY
}
epub_xhtml_wellformed() { # every XHTML file parses (xmllint, no network)
	local d=$TMP/guide-unzipped
	rm -rf "$d"; mkdir -p "$d"
	(cd "$d" && unzip -q "$1") || return 1
	find "$d" -name '*.xhtml' -print0 | xargs -0 xmllint --noout --nonet
}
reproducible() { # two builds with the same SOURCE_DATE_EPOCH are identical
	"$OCTAVO" build book -o "$TMP/guide-again" >/dev/null 2>&1 || return 1
	cmp "$EPUB" "$TMP/guide-again/ketamine-guide-1.0.0.epub" &&
		cmp "$PDF" "$TMP/guide-again/ketamine-guide-1.0.0.pdf"
}

check "guide/epub-container" epub_container_ok "$EPUB"
check "guide/epub-xhtml-wellformed" epub_xhtml_wellformed "$EPUB"
check "guide/manuscript-order-selftest" sh tests/manuscript_order_selftest.sh
check "guide/epub-manuscript-order" python3 tests/manuscript_order.py "$MANUSCRIPT" "$EPUB"
# every [@key] of book/*.md is one citation: each must link to its entry
# and the entry back to it
guide_cites=$(cat book/*.md | grep -o '\[@[^]]*\]' | wc -l)
check "guide/epub-citation-links" python3 tests/cite_links.py "$EPUB" "$guide_cites"
check "guide/epub-check" "$TOOLS/check-epub" "$EPUB"
check "guide/pdf-check" env CHECK_PDF_REQUIRE_TAGGED=1 "$TOOLS/check-pdf" "$PDF"
check "guide/pdf-manuscript-order" python3 tests/manuscript_order.py "$MANUSCRIPT" "$PDF"
check "guide/pdf-bibliography-pages" python3 tests/pdf_backrefs.py "$PDF" 11
check "guide/reproducible" reproducible
# The chapters are measured on OCTAVO_THREADS threads: the guide and its
# prints must be the same bytes on one thread as on two and three.
threads_same() {
	local t
	for t in 1 2 3; do
		OCTAVO_THREADS=$t "$OCTAVO" build book --all -o "$TMP/threads-$t" \
			>"$TMP/threads-$t.log" 2>&1 || { cat "$TMP/threads-$t.log"; return 1; }
	done
	[ "$(ls "$TMP/threads-1" | wc -l)" -ge 6 ] || return 1
	diff -r "$TMP/threads-1" "$TMP/threads-2" &&
		diff -r "$TMP/threads-1" "$TMP/threads-3"
}
check "guide/threads-same-bytes" threads_same
threads_refused() { # a value that is not a number of threads is refused
	local v
	for v in 0 x 65 -1; do
		OCTAVO_THREADS=$v "$OCTAVO" build book -o "$TMP/threads-bad" \
			2>"$TMP/threads-bad.err"
		[ $? -eq 3 ] || return 1
		grep -q "^octavo: OCTAVO_THREADS '$v' is not a number from 1 to 64$" \
			"$TMP/threads-bad.err" || return 1
	done
}
check "guide/threads-refused" threads_refused
