# Editions: the edition history and the colophon's fingerprint, `octavo
# archive` and `octavo verify` on the guide from a clean clone, and
# `octavo diff` on a copy of the guide with known changes.
ED=$TMP/editions
mkdir -p "$ED"

# The fingerprint as octavo-book(5) defines it, computed here with
# sha256sum over the files the guide's build reads.
GUIDE_FONTS="Andika-*.ttf CharisSIL-*.ttf DejaVuSansMono*.ttf"
guide_fingerprint() { # BOOKDIR STYLESDIR FONTSDIR
	(
		cd "$1" && sha256sum book.yaml CHANGES.md references.bib \
			$(sed -n '/^chapters:/,/^[a-z]/s/^  - //p' book.yaml) |
			sed 's/  /  book\//'
		# the book's theme, and those of its prints (large-print, and
		# handout for the handouts)
		cd "$2" && sha256sum guide.yaml handout.yaml large-print.yaml |
			sed 's/  /  styles\//'
		# the faces of its themes; its text, all Latin, needs none of
		# the fallback faces (Noto, Symbola), so they are not its sources
		cd "$3" && sha256sum $GUIDE_FONTS | sed 's/  /  fonts\//'
		cd /usr/share/hyphen && sha256sum hyph_en_US.dic | sed 's/  /  hyphen\//'
	) | LC_ALL=C sort -k2 | sha256sum | cut -c1-64
}
FP=$(guide_fingerprint "$top/book" "$top/styles" "$top/fonts")
FP12=$(printf %s "$FP" | cut -c1-12)

"$OCTAVO" build book -o "$ED/out" >"$ED/build.log" 2>&1
check "editions/guide-builds" test $? -eq 0
EPUB=$ED/out/ketamine-guide-1.0.0.epub
PDF=$ED/out/ketamine-guide-1.0.0.pdf
epub_file() { unzip -p "$EPUB" "$1"; }
# the colophon: edition, version, date, identifier and fingerprint
COLOPHON=("Edition: 1" "Version: 1.0.0" "Date: 2026-11-25"
	"Identifier: ketamine-patient-guide"
	"Fingerprint: $FP12 (SHA-256 of the sources)")
colophon_epub() { # each line is a paragraph of the title page
	local t; t=$(epub_file OEBPS/titlepage.xhtml) || return 1
	for want in "${COLOPHON[@]}"; do
		grep -qF "<p>$want</p>" <<<"$t" || { echo "no '$want'"; return 1; }
	done
}
colophon_pdf() { # each line is a line of the front matter's text
	local t; t=$(pdftotext -f 1 -l 4 "$PDF" -) || return 1
	for want in "${COLOPHON[@]}"; do
		grep -qxF "$want" <<<"$t" || { echo "no '$want'"; return 1; }
	done
}
# the history is the last chapter in both, with its heading and text
history_epub() {
	epub_file OEBPS/package.opf | grep -o 'idref="[^"]*"' | tail -n1 |
		grep -qx 'idref="chapter-23"' || { echo "not last in the spine"; return 1; }
	local t; t=$(epub_file OEBPS/text/edition-history.xhtml) || return 1
	grep -q '<h1 id="[a-z0-9-]*">Edition history</h1>' <<<"$t" &&
		grep -q '<h2 id="[a-z0-9-]*">1.0.0 (2026-11-25)</h2>' <<<"$t" &&
		grep -qF '<p>First edition.</p>' <<<"$t"
}
history_pdf() {
	local n; n=$(pdfinfo "$PDF" | sed -n 's/^Pages: *//p')
	pdftotext -f "$n" -l "$n" "$PDF" - |
		tr -s '\n' | head -n3 | tr '\n' '|' |
		grep -qx 'Edition history|1.0.0 (2026-11-25)|First edition.|'
}
check "editions/colophon-epub" colophon_epub
check "editions/colophon-pdf" colophon_pdf
check "editions/history-epub" history_epub
check "editions/history-pdf" history_pdf

# archive and verify, from a clean clone of the repository
CLONE=$ED/clone
git clone -q "$top" "$CLONE" 2>/dev/null
ARCH=$ED/archive
V=$ARCH/1.0.0
CFP=$(guide_fingerprint "$CLONE/book" "$CLONE/styles" "$top/fonts")
archive_clean_clone() {
	"$OCTAVO" archive "$CLONE/book" --to "$ARCH" --styles "$CLONE/styles" \
		--fonts "$top/fonts" >"$ED/archive.out" || return 1
	[ "$(cat "$ED/archive.out")" = "$V: archived (fingerprint $CFP)" ] ||
		{ cat "$ED/archive.out"; return 1; }
	[ "$(ls -A "$ARCH")" = "1.0.0" ] || { ls -A "$ARCH"; return 1; }
	[ "$(ls "$V" | tr '\n' ' ')" = "BUILDINFO SHA256SUMS ketamine-guide-1.0.0-large-print.pdf ketamine-guide-1.0.0-safe-use-a4.pdf ketamine-guide-1.0.0-safe-use-booklet.pdf ketamine-guide-1.0.0-safe-use-letter.pdf ketamine-guide-1.0.0.epub ketamine-guide-1.0.0.pdf sources.zip " ] ||
		{ ls "$V"; return 1; }
	(cd "$V" && sha256sum --quiet -c SHA256SUMS) &&
		[ "$(cut -c67- "$V/SHA256SUMS" | tr '\n' ' ')" = "BUILDINFO ketamine-guide-1.0.0-large-print.pdf ketamine-guide-1.0.0-safe-use-a4.pdf ketamine-guide-1.0.0-safe-use-booklet.pdf ketamine-guide-1.0.0-safe-use-letter.pdf ketamine-guide-1.0.0.epub ketamine-guide-1.0.0.pdf sources.zip " ]
}
check "editions/archive-clean-clone" archive_clean_clone
# the archived outputs are those `octavo build` makes from the same sources
archived_outputs_match() {
	"$OCTAVO" build "$CLONE/book" --styles "$CLONE/styles" --fonts "$top/fonts" \
		-o "$ED/clone-out" || return 1
	cmp "$ED/clone-out/ketamine-guide-1.0.0.epub" "$V/ketamine-guide-1.0.0.epub" &&
		cmp "$ED/clone-out/ketamine-guide-1.0.0.pdf" "$V/ketamine-guide-1.0.0.pdf"
}
check "editions/archived-outputs-are-the-build" archived_outputs_match
# sources.zip holds exactly the book files the build read, the themes (the
# book's and its prints') and the fonts list, byte for byte
sources_zip_contents() {
	local d=$ED/unzipped
	mkdir -p "$d" && (cd "$d" && unzip -q "$V/sources.zip") || return 1
	diff <(cd "$d" && find . -type f | sort) \
		<({ (cd "$CLONE" && ls book/*.md book/book.yaml book/references.bib \
			styles/guide.yaml styles/handout.yaml styles/large-print.yaml) |
			sed 's|^|./|'; echo ./installed.sha256; } |
			sort) || return 1
	for f in $(cd "$CLONE" && ls book/* styles/guide.yaml styles/handout.yaml \
		styles/large-print.yaml); do
		cmp "$CLONE/$f" "$d/$f" || return 1
	done
	diff <( (cd fonts && sha256sum $GUIDE_FONTS | sed 's/  /  fonts\//'
		cd /usr/share/hyphen && sha256sum hyph_en_US.dic | sed 's/  /  hyphen\//')) \
		"$d/installed.sha256" &&
		grep -qx "source-date-epoch=$SOURCE_DATE_EPOCH" "$V/BUILDINFO" &&
		grep -qx "fingerprint=$CFP" "$V/BUILDINFO"
}
check "editions/sources-zip-contents" sources_zip_contents
# the archive itself is reproducible
archive_reproducible() {
	"$OCTAVO" archive "$CLONE/book" --to "$ED/archive2" --styles "$CLONE/styles" \
		--fonts "$top/fonts" >/dev/null || return 1
	diff -r "$V" "$ED/archive2/1.0.0"
}
check "editions/archive-reproducible" archive_reproducible
# verify, without SOURCE_DATE_EPOCH (BUILDINFO brings it back)
verify_identical() {
	env -u SOURCE_DATE_EPOCH "$OCTAVO" verify "$V" >"$ED/verify.out" 2>&1 ||
		{ cat "$ED/verify.out"; return 1; }
	diff - "$ED/verify.out" <<OUT
$V: every file matches SHA256SUMS
$V/ketamine-guide-1.0.0.epub: rebuilt byte-identical
$V/ketamine-guide-1.0.0.pdf: rebuilt byte-identical
$V/ketamine-guide-1.0.0-large-print.pdf: rebuilt byte-identical
$V/ketamine-guide-1.0.0-safe-use-a4.pdf: rebuilt byte-identical
$V/ketamine-guide-1.0.0-safe-use-letter.pdf: rebuilt byte-identical
$V/ketamine-guide-1.0.0-safe-use-booklet.pdf: rebuilt byte-identical
$V: verified: the rebuild is byte-identical (fingerprint $CFP)
OUT
}
check "editions/verify-byte-identical" verify_identical

# a second archive of the same version is refused and changes nothing
second_archive_refused() {
	local before; before=$(cd "$ARCH" && find . -printf '%p %s %T@\n' | sort)
	"$OCTAVO" archive book --to "$ARCH" >"$ED/again.out" 2>"$ED/again.err"
	local status=$?
	[ "$status" -eq 1 ] || { echo "exit $status"; return 1; }
	[ ! -s "$ED/again.out" ] &&
		diff - "$ED/again.err" <<<"octavo: $V: version 1.0.0 is already archived; nothing was changed" &&
		[ "$before" = "$(cd "$ARCH" && find . -printf '%p %s %T@\n' | sort)" ] &&
		(cd "$V" && sha256sum --quiet -c SHA256SUMS)
}
check "editions/second-archive-refused" second_archive_refused

# a tampered archive: verify fails and names the file
tampered() { # FILE-IN-COPY EXPECTED-MESSAGE
	rm -rf "$ED/t"; cp -r "$V" "$ED/t"
	"$2" "$ED/t"
	"$OCTAVO" verify "$ED/t" >/dev/null 2>"$ED/t.err"
	local status=$?
	[ "$status" -eq 1 ] || { echo "exit $status"; cat "$ED/t.err"; return 1; }
	diff - "$ED/t.err" <<<"$1"
}
flip_pdf() { printf 'x' >>"$1/ketamine-guide-1.0.0.pdf"; }
check "editions/verify-tampered-file" tampered \
	"octavo: $ED/t/ketamine-guide-1.0.0.pdf: SHA-256 differs from SHA256SUMS (the file was changed after it was archived)" flip_pdf
# the same change with SHA256SUMS updated to match: only the rebuild tells
flip_pdf_and_sums() {
	flip_pdf "$1"
	(cd "$1" && sha256sum BUILDINFO ketamine-guide-1.0.0*.epub ketamine-guide-1.0.0*.pdf sources.zip >SHA256SUMS)
}
size=$(($(stat -c %s "$V/ketamine-guide-1.0.0.pdf")))
check "editions/verify-rebuild-differs" tampered \
	"octavo: $ED/t/ketamine-guide-1.0.0.pdf: the rebuild differs from the archived file ($size bytes rebuilt, $((size + 1)) archived)" flip_pdf_and_sums
extra_file() { printf 'x\n' >"$1/notes.txt"; }
check "editions/verify-unlisted-file" tampered \
	"octavo: $ED/t/notes.txt: not listed in SHA256SUMS" extra_file
bad_sums_line() { printf 'short\n' >>"$1/SHA256SUMS"; }
check "editions/verify-malformed-sums" tampered \
	"octavo: $ED/t/SHA256SUMS: line 9 is not 'SHA-256  FILE'" bad_sums_line
# other fonts than the archived ones: a clear error naming the font
verify_other_font() {
	rm -rf "$ED/fonts"; cp -r fonts "$ED/fonts"
	printf 'x' >>"$ED/fonts/Andika-Bold.ttf"
	"$OCTAVO" verify "$V" --fonts "$ED/fonts" >/dev/null 2>"$ED/font.err"
	[ $? -eq 1 ] || return 1
	grep -qx "octavo: $ED/fonts/Andika-Bold.ttf: not the one the edition was built with (SHA-256 [0-9a-f]\{12\}\.\.\., archived [0-9a-f]\{12\}\.\.\.)" "$ED/font.err" &&
		[ "$(wc -l <"$ED/font.err")" -eq 1 ]
}
check "editions/verify-other-font" verify_other_font
archive_usage() {
	"$OCTAVO" archive book 2>"$ED/usage.err"
	[ $? -eq 2 ] && grep -qx "octavo: 'archive' needs --to ARCHIVE" "$ED/usage.err"
}
check "editions/archive-needs-to" archive_usage

# diff: the guide against a copy with one sentence changed, one section
# added and one removed (10-mental-health-disorders.md).  The expected
# report is written from the edit below, by hand.
NEW=$ED/changed-book
cp -r book "$NEW"
python3 - "$NEW/10-mental-health-disorders.md" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
old = "infusions can rapidly alleviate OCD symptoms"
assert old in s
s = s.replace(old, "infusions can quickly relieve OCD symptoms")
gone = ("## Treatment-Resistant Anxiety\n\nKetamine has demonstrated rapid "
        "anxiolytic effects in individuals with treatment-resistant "
        "anxiety disorders.\n\n")
assert gone in s
s = s.replace(gone, "")
s = s.replace("## Psychotic Disorders", "## Post-Traumatic Stress Disorder "
              "(PTSD)\n\nEarly trials report that ketamine can ease PTSD "
              "symptoms within a day.\n\n## Psychotic Disorders")
open(p, "w").write(s)
PY
DIFF_EXPECTED='changed  10-mental-health-disorders.md § Obsessive-Compulsive Disorder (OCD): "rapidly alleviate" -> "quickly relieve" (2 words)
removed  10-mental-health-disorders.md § Treatment-Resistant Anxiety (12 words)
added    10-mental-health-disorders.md § Post-Traumatic Stress Disorder (PTSD) (12 words)'
diff_text() { # OLD NEW
	"$OCTAVO" diff "$1" "$2" >"$ED/diff.out" 2>&1 || { cat "$ED/diff.out"; return 1; }
	diff - "$ED/diff.out" <<<"$DIFF_EXPECTED"
}
check "editions/diff-folders" diff_text book "$NEW"
check "editions/diff-archived-to-folder" diff_text "$V" "$NEW"
diff_html() {
	"$OCTAVO" diff --format html book "$NEW" >"$ED/diff.html" || return 1
	xmllint --noout --nonet "$ED/diff.html" || return 1
	python3 - "$ED/diff.html" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"h": "http://www.w3.org/1999/xhtml"}
rows = ET.parse(sys.argv[1]).getroot().findall(".//h:tr", ns)[1:]
got = [["".join(td.itertext()) for td in r.findall("h:td", ns)] for r in rows]
want = [
    ["changed", "10-mental-health-disorders.md",
     "Obsessive-Compulsive Disorder (OCD)",
     "rapidly alleviate quickly relieve", "2"],
    ["removed", "10-mental-health-disorders.md",
     "Treatment-Resistant Anxiety", "the whole section", "12"],
    ["added", "10-mental-health-disorders.md",
     "Post-Traumatic Stress Disorder (PTSD)", "the whole section", "12"],
]
assert got == want, got
dels = [d.text for d in ET.parse(sys.argv[1]).getroot().iter("{%s}del" % ns["h"])]
ins = [d.text for d in ET.parse(sys.argv[1]).getroot().iter("{%s}ins" % ns["h"])]
assert dels == ["rapidly alleviate"] and ins == ["quickly relieve"], (dels, ins)
PY
}
check "editions/diff-html" diff_html
diff_same() {
	[ "$("$OCTAVO" diff book "$V")" = "no changes in the text" ]
}
check "editions/diff-no-change" diff_same
# chapters: one added, one removed, matched by file name
diff_chapters() {
	local d=$ED/chapters-book
	rm -rf "$d"; cp -r book "$d"
	sed -i 's/^  - 09-buying-online.md$/  - 22-glossary.md/' "$d/book.yaml"
	printf '# Glossary\n\nDissociative: feeling detached from oneself.\n' >"$d/22-glossary.md"
	"$OCTAVO" diff book "$d" >"$ED/diff-ch.out" 2>&1 || return 1
	diff - "$ED/diff-ch.out" <<'OUT'
removed  09-buying-online.md "9. Can You Buy Ketamine Online?" (24 words)
added    22-glossary.md "Glossary" (5 words)
OUT
}
check "editions/diff-chapters" diff_chapters

# a book with an image in a sub-folder and no theme named: the image is
# archived under its path, with the default theme's file (styles/book.yaml),
# and the rebuild is identical
archive_with_image() {
	local b=$ED/img-book
	mkdir -p "$b/ch" "$b/pics"
	cp tests/golden/images/blue.png "$b/pics/"
	printf 'title: "Img"\nlanguage: en-US\nidentifier: img\nversion: "2.0.0"\nchapters:\n  - ch/one.md\n' >"$b/book.yaml"
	printf '# One\n\n![A blue square](../pics/blue.png)\n\nText.\n' >"$b/ch/one.md"
	"$OCTAVO" archive "$b" --to "$ED/img-archive" >/dev/null || return 1
	diff <(unzip -Z1 "$ED/img-archive/2.0.0/sources.zip") - <<'LIST' || return 1
book/book.yaml
book/ch/one.md
book/pics/blue.png
styles/book.yaml
installed.sha256
LIST
	[ "$(unzip -p "$ED/img-archive/2.0.0/sources.zip" book/pics/blue.png | sha256sum)" = \
		"$(sha256sum <"$b/pics/blue.png")" ] &&
		"$OCTAVO" verify "$ED/img-archive/2.0.0" >/dev/null
}
check "editions/archive-with-image" archive_with_image

# the words of list items stay apart: one item's first word changed
diff_list_item() {
	local d=$ED/list-book
	rm -rf "$d"; cp -r book "$d"
	sed -i 's/^- Adherence to prescribed dosages$/- Keeping to prescribed dosages/' "$d/08-safe-use.md"
	"$OCTAVO" diff book "$d" >"$ED/diff-list.out" 2>&1 || return 1
	diff - "$ED/diff-list.out" <<'OUT'
changed  08-safe-use.md § 8. How to Safely Use Ketamine for Treatment: "Adherence" -> "Keeping" (1 word)
OUT
}
check "editions/diff-list-item" diff_list_item
