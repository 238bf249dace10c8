# Hostile inputs, second round (issue 15): crashes, reading outside the
# book, resource bombs, lost outputs, broken images, YAML and theme values.
# Each case checks the exact message and exit status, that an earlier
# output is byte for byte as it was with no temporary left, and that the
# run stayed within 20 s of processor time (5 times that under the
# sanitizers; the clock's time depends on who else uses the machine) and
# 1 GB.
. tests/hostile.sh
h_mem=1048576

# h_theme BOOK YAML: BOOK uses theme "big" from $H/BOOK-styles, whose text
# is YAML (printf format).
h_theme() {
	mkdir -p "$H/$1-styles"
	# shellcheck disable=SC2059
	printf "$2" >"$H/$1-styles/big.yaml"
	grep -q '^theme:' "$H/$1/book.yaml" || printf 'theme: big\n' >>"$H/$1/book.yaml"
}

# h_refused BOOK STATUS MESSAGE [OPTION...]: the build fails with exactly
# MESSAGE, the earlier outputs stay, quickly.
h_refused() {
	local book=$1 status=$2 msg=$3
	shift 3
	h_sentinel "$book-out"
	h_run "$book-out" "$book" "$@"
	h_expect "$status" "$msg" && h_untouched "$book-out" && h_quick_cpu 20000
}

# --- crashes and undefined behaviour --------------------------------------

# Theme sizes far beyond a page: 9999in made cairo fail inside the EPUB's
# cover on one thread while the PDF was drawn on another (a double free
# in libjpeg's buffer), 100in and 9999pt overflowed ints in measure.c and
# justify.c, 0 gave a blank PDF.  Now each is out of the range a body
# size may have, at its place in the theme.
h_book size "w('# One\\n\\nSome words to set, and more of them.\\n')"
for v in 9999in 100in 9999pt 0 5pt 73pt; do
	h_theme size "body-size: $v\n"
	check "hostile/theme-body-size-$v" h_refused size 1 \
		"size-styles/big.yaml:1:12: error: 'body-size' must be a length from 6pt to 72pt, such as 12pt, not '$v'" \
		--styles size-styles
done

# The text block: the paper less its margins, at least 5 cm each way.
h_book margins "w('# One\\n\\nText.\\n')"
h_theme margins 'paper: a4\nmargin-top: 25cm\nmargin-bottom: 8cm\n'
check "hostile/theme-margins-taller-than-page" h_refused margins 1 \
	"margins-styles/big.yaml:2:1: error: theme 'big' leaves a text block -3.3 cm high on a4 paper (the paper less margin-top and margin-bottom): it must be at least 5 cm" \
	--styles margins-styles
h_book sides "w('# One\\n\\nText.\\n')"
h_theme sides 'margin-outer: 2cm\nmargin-inner: 20cm\n'
check "hostile/theme-margins-wider-than-paper" h_refused sides 1 \
	"sides-styles/big.yaml:2:1: error: theme 'big' leaves a text block -1.0 cm wide on a4 paper (the paper less margin-inner and margin-outer): it must be at least 5 cm" \
	--styles sides-styles
# margins that fit A4 but not A5, which --paper asks for: the same check
# on the paper the PDF gets
h_book a5 "w('# One\\n\\nText.\\n')"
h_theme a5 'margin-inner: 8cm\nmargin-outer: 4cm\n'
check "hostile/theme-margins-too-wide-on-a5" h_refused a5 1 \
	"a5-styles/big.yaml:1:1: error: theme 'big' leaves a text block 2.8 cm wide on a5 paper (the paper less margin-inner and margin-outer): it must be at least 5 cm" \
	--styles a5-styles --paper a5
# a page too short for three lines of the text and a heading
h_book lines "w('# One\\n\\nText.\\n')"
h_theme lines 'body-size: 72pt\nleading: 5\nh1-size: 5\n'
check "hostile/theme-lines-taller-than-page" h_refused lines 1 \
	"lines-styles/big.yaml:1:1: error: theme 'big' leaves a text block 24.6 cm high on a4 paper, less than three lines of body text and one level-1 heading (101.6 cm at body-size 72pt, leading 5, h1-size 5)" \
	--styles lines-styles

# One block taller than pango's int coordinates hold (at 72 pt in a 5 cm
# column, 20,000 lines of code): a located error, not an overflow.
h_book tall "w('# One\\n\\n\`\`\`\\n' + 'a\\n' * 20000 + '\`\`\`\\n')"
h_theme tall 'body-size: 72pt\nmargin-inner: 230pt\nmargin-outer: 223pt\n'
check "hostile/block-too-tall-for-pango" h_refused tall 1 \
	"tall/one.md:3:1: error: this block is 20000 lines long in print at 61 pt, more than the 12691 lines one block can have: split it" \
	--styles tall-styles

# --- archives ---------------------------------------------------------------

# h_archived NAME: a small book archived as $H/NAME-archive/1.0.0.
h_archived() {
	h_book "$1" "w('# One\\n\\nText.\\n')"
	printf 'version: "1.0.0"\n' >>"$H/$1/book.yaml"
	(cd "$H" && "$OCTAVO" archive "$1" --to "$1-archive") >/dev/null
}

# h_resum DIR: SHA256SUMS made again for what DIR holds now.
h_resum() {
	(cd "$1" && sha256sum BUILDINFO ./*.epub ./*.pdf sources.zip | sed 's|  \./|  |' >SHA256SUMS)
}

# h_verify DIR STATUS MESSAGE: verify fails with MESSAGE on stderr.
h_verify() {
	local TIMEFORMAT='%3U %3S'
	{ time { (cd "$H" && { [ -n "${SANITIZE-}" ] || ulimit -v "$h_mem"; } &&
		exec timeout 60 "$OCTAVO" verify "$1") >/dev/null 2>"$H/stderr"; }; } 2>"$H/cpu"
	h_status=$?
	h_cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$H/cpu")
	h_expect "$2" "$3" && h_quick_cpu 20000
}

# BUILDINFO's epoch out of any time a ZIP holds (GLib criticals and
# undefined behaviour in zipfile.c before): refused, named.
h_archived epoch
for e in 9223372036854775807 -9223372036854775808; do
	rm -rf "$H/epoch-$e" && cp -r "$H/epoch-archive/1.0.0" "$H/epoch-$e"
	sed -i "s/^source-date-epoch=.*/source-date-epoch=$e/" "$H/epoch-$e/BUILDINFO"
	h_resum "$H/epoch-$e"
	check "hostile/verify-buildinfo-epoch-$e" h_verify "epoch-$e" 1 \
		"octavo: epoch-$e/BUILDINFO: source-date-epoch $e is not a time from 1980 to 2100 in seconds"
done

# --- reading outside the book ---------------------------------------------

# CHANGES.md through a symbolic link out of the book: the outside file was
# published in the EPUB, the PDF and sources.zip.
h_book changes-out "w('# One\\n\\nText.\\n')"
mkdir -p "$H/secret"
printf '# Secret\n\n## 1.0.0 (2026-11-25)\n\nPrivate words.\n' >"$H/secret/CHANGES.md"
ln -sfn ../secret/CHANGES.md "$H/changes-out/CHANGES.md"
check "hostile/changes-symlink-out" h_refused changes-out 1 \
	"changes-out/CHANGES.md: error: edition history 'CHANGES.md' is outside the book folder"

# --- file sizes, checked before a byte is read ----------------------------

# Sparse files of 64 GB (and one of 1 GB) where the book's files should be:
# each is refused from its size alone, at the place that names it.  They
# cost 1 GB and 4 s, or ended in GLib-ERROR (SIGTRAP), before.
h_book sparse-chapter "w('# One\\n\\nText.\\n')"
truncate -s 64G "$H/sparse-chapter/one.md"
check "hostile/sparse-chapter-64g" h_refused sparse-chapter 1 \
	"sparse-chapter/book.yaml:6:5: error: chapter 'one.md' is 64 GB, more than the 4 MB a chapter may have (split it into several chapters)"
h_book sparse-chapter1 "w('# One\\n\\nText.\\n')"
truncate -s 1G "$H/sparse-chapter1/one.md"
check "hostile/sparse-chapter-1g" h_refused sparse-chapter1 1 \
	"sparse-chapter1/book.yaml:6:5: error: chapter 'one.md' is 1 GB, more than the 4 MB a chapter may have (split it into several chapters)"
h_book sparse-image "w('# One\\n\\n![A big picture](big.png)\\n')"
truncate -s 64G "$H/sparse-image/big.png"
check "hostile/sparse-image-64g" h_refused sparse-image 1 \
	"sparse-image/one.md:3:1: error: image 'big.png' is 64 GB, more than the 32 MB an image may have (save it smaller or more compressed)"
h_book sparse-bib "w('# One\\n\\nText [@a].\\n')"
printf 'bibliography: refs.bib\n' >>"$H/sparse-bib/book.yaml"
truncate -s 64G "$H/sparse-bib/refs.bib"
check "hostile/sparse-bibliography-64g" h_refused sparse-bib 1 \
	"sparse-bib/book.yaml:7:15: error: bibliography 'refs.bib' is 64 GB, more than the 16 MB a bibliography may have (keep only the works the book cites)"
h_book sparse-changes "w('# One\\n\\nText.\\n')"
truncate -s 64G "$H/sparse-changes/CHANGES.md"
check "hostile/sparse-changes-64g" h_refused sparse-changes 1 \
	"sparse-changes/CHANGES.md: error: edition history 'CHANGES.md' is 64 GB, more than the 4 MB an edition history may have (keep the older editions in another file)"
h_book sparse-manifest "w('# One\\n\\nText.\\n')"
truncate -s 64G "$H/sparse-manifest/book.yaml"
check "hostile/sparse-manifest-64g" h_refused sparse-manifest 3 \
	"octavo: sparse-manifest/book.yaml: is 64 GB, more than the 1 MB a manifest may have"
h_book sparse-theme "w('# One\\n\\nText.\\n')"
h_theme sparse-theme ''
truncate -s 64G "$H/sparse-theme-styles/big.yaml"
check "hostile/sparse-theme-64g" h_refused sparse-theme 1 \
	"sparse-theme/book.yaml:7:8: error: theme 'big' is 64 GB, more than the 1 MB a theme may have" \
	--styles sparse-theme-styles

# --- resource bombs ---------------------------------------------------------

# BibTeX @string doubling: 1 KB that grew to 4 GB, then SIGABRT.  Each
# value holds at most 1 MB with its @strings put in.
h_book strings "w('# One\\n\\nText [@a].\\n')"
printf 'bibliography: refs.bib\n' >>"$H/strings/book.yaml"
python3 -c "
s = '@string{s0 = \"xxxxxxxxxxxxxxxx\"}\n'
for i in range(1, 24): s += '@string{s%d = s%d # s%d}\n' % (i, i - 1, i - 1)
s += '@misc{a, title = s23, author = {A B}, year = 2000}\n'
open('$H/strings/refs.bib', 'w').write(s)"
check "hostile/bibtex-string-doubling" h_refused strings 1 \
	"strings/refs.bib:18:21: error: with @string 's16' the value grows past 1 MB, more than a value may hold
strings/refs.bib:19:15: error: undefined @string 's17'
strings/refs.bib:19:21: error: undefined @string 's17'"

# A chapter list longer than a book: refused at the first chapter past
# 10,000, before any is read.
mkdir -p "$H/chapters"
python3 - "$H/chapters" <<'PY'
import sys
d = sys.argv[1]
with open(d + '/book.yaml', 'w') as y:
    y.write('title: "T"\nlanguage: en-US\nidentifier: t\nslug: h\nchapters:\n')
    for i in range(10001):
        y.write('  - c%05d.md\n' % i)
        with open('%s/c%05d.md' % (d, i), 'w') as c:
            c.write('# C%d\n\nText %d.\n' % (i, i))
PY
check "hostile/chapters-over-10000" h_refused chapters 1 \
	"chapters/book.yaml:10006:5: error: more than 10000 chapters (make fewer, longer ones)"
# 10,000 chapters, the most a book may have, build in bounded time: the
# contents and running heads looked each chapter up page by page (100,000
# chapters took 231 s and 1.3 GB, 20,000 took 7 s).
rm -rf "$H/chapters10k" && cp -al "$H/chapters" "$H/chapters10k"
sed -i '$d' "$H/chapters10k/book.yaml"
# within 10 minutes of the clock (the machine may be shared).
h_chapters10k() {
	local h_timeout=600
	h_sentinel chapters10k-out
	h_run chapters10k-out chapters10k
	h_expect 0 "" && h_built chapters10k-out && h_quick_cpu 20000
}
check "hostile/chapters-10000-build" h_chapters10k

# --- verify: what an archived edition may hold -------------------------------

h_archived varch
V=$H/varch-archive/1.0.0
# h_tamper NAME PYTHON: a copy of the archived edition as $H/NAME, changed
# by the Python code (d: its folder; zipfile, os imported), with its
# SHA256SUMS made again so only octavo's other checks can tell.
h_tamper() {
	rm -rf "$H/$1" && cp -r "$V" "$H/$1"
	python3 -c "import os, zipfile, sys; d = sys.argv[1]
$2" "$H/$1"
	h_resum "$H/$1"
}
# the PDF replaced by a symbolic link to a file outside the archive (its
# hash listed): verify read it and went on
printf 'outside\n' >"$H/outside.pdf"
h_tamper link-out "os.remove(d + '/h-1.0.0.pdf'); os.symlink('$H/outside.pdf', d + '/h-1.0.0.pdf')"
check "hostile/verify-symlink-out" h_verify link-out 1 \
	"octavo: link-out/h-1.0.0.pdf: is a symbolic link"
# and to a file inside it
h_tamper link-in "os.remove(d + '/h-1.0.0.pdf'); os.symlink('h-1.0.0.epub', d + '/h-1.0.0.pdf')"
check "hostile/verify-symlink-in" h_verify link-in 1 \
	"octavo: link-in/h-1.0.0.pdf: is a symbolic link"
# a chapter more in sources.zip than the edition was built from
h_tamper extra "z = zipfile.ZipFile(d + '/sources.zip', 'a'); z.writestr('book/extra.md', '# Extra\n'); z.close()"
check "hostile/verify-extra-source" h_verify extra 1 \
	"octavo: extra/sources.zip: holds 'book/extra.md', which the edition is not built from"
h_tamper stray "z = zipfile.ZipFile(d + '/sources.zip', 'a'); z.writestr('notes.txt', 'x\n'); z.close()"
check "hostile/verify-stray-entry" h_verify stray 1 \
	"octavo: stray/sources.zip: holds 'notes.txt', which is not a source of an edition"
# corrupt data in an entry: named, with libzip's reason ("No error" before)
h_tamper corrupt "
z = zipfile.ZipFile(d + '/sources.zip'); i = z.getinfo('book/book.yaml'); z.close()
f = open(d + '/sources.zip', 'r+b'); f.seek(i.header_offset + 26); n, e = [int.from_bytes(f.read(2), 'little') for _ in range(2)]
f.seek(i.header_offset + 30 + n + e + 2); b = f.read(1); f.seek(-1, 1); f.write(bytes([b[0] ^ 0x55])); f.close()"
check "hostile/verify-corrupt-entry" h_verify corrupt 1 \
	"octavo: corrupt/sources.zip: 'book/book.yaml' cannot be read: Zlib error: data error"
# a small sources.zip whose chapter inflates to 64 MB (in memory, all of
# it, before; 5 GB crashed verify): refused from the size it states
h_tamper bomb "
z = zipfile.ZipFile(d + '/sources.zip'); keep = [(i, z.read(i)) for i in z.infolist() if i.filename != 'book/one.md']; z.close()
z = zipfile.ZipFile(d + '/sources.zip', 'w', zipfile.ZIP_DEFLATED)
for i, b in keep: z.writestr(i, b)
z.writestr('book/one.md', bytes(64 << 20)); z.close()"
check "hostile/verify-zip-bomb" h_verify bomb 1 \
	"octavo: bomb/sources.zip: 'book/one.md' inflates to 64 MB, more than the 32 MB one file may have"

# --- broken images, checked whole before any output ---------------------------

# h_picture BOOK FILE: a book whose chapter shows FILE (made by the
# caller in $H/BOOK).
h_picture() {
	h_book "$1" "w('# One\\n\\n![A picture]($2)\\n')"
}
# a PNG made in Python: WIDTH HEIGHT (1-bit gray, all black) to FILE
h_png() {
	python3 - "$@" <<'PY'
import sys, zlib, struct
w, h, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
z = zlib.compressobj(9)
row = bytes(1 + (w + 7) // 8)
idat = b''.join(z.compress(row) for _ in range(h)) + z.flush()
open(out, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 1, 0, 0, 0, 0))
    + chunk(b'IDAT', idat) + chunk(b'IEND', b''))
PY
}
# a 200 x 150 JPEG made by cjpeg to FILE
h_jpeg() {
	python3 -c "import sys; sys.stdout.buffer.write(b'P6 200 150 255\n' + bytes((x * 7 + y) % 256 for y in range(150) for x in range(600)))" |
		cjpeg -quality 90 >"$1"
}

if command -v cjpeg >/dev/null; then
	# A truncated JPEG: exit 0 and a PDF qpdf refused, before.
	h_picture cut-jpeg cut.jpg
	h_jpeg "$H/cut-jpeg/cut.jpg"
	truncate -s 4000 "$H/cut-jpeg/cut.jpg"
	msg="cut-jpeg/one.md:3:1: error: image 'cut.jpg' cannot be used: Premature end of JPEG file"
	check "hostile/image-truncated-jpeg" h_refused cut-jpeg 1 "$msg"
	check "hostile/image-truncated-jpeg-epub" h_refused cut-jpeg 1 "$msg" --format epub
	# 1 KB of JPEG whose header says 30000 x 30000 (3.5 GB and 11 s)
	h_picture huge-jpeg huge.jpg
	h_jpeg "$H/huge-jpeg/huge.jpg"
	python3 - "$H/huge-jpeg/huge.jpg" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); i = b.index(b'\xff\xc0')
b[i + 5:i + 9] = (30000).to_bytes(2, 'big') * 2
open(p, 'wb').write(b)
PY
	check "hostile/image-jpeg-30000-square" h_refused huge-jpeg 1 \
		"huge-jpeg/one.md:3:1: error: image 'huge.jpg' cannot be used: it is 30000 x 30000 pixels, more than 16384 on a side (save it smaller)"
else
	h_skip image-truncated-jpeg "no cjpeg (libjpeg-turbo-progs)"
fi
# A truncated PNG: "out of memory" from the PDF stage with no place, and
# with --format epub shipped broken with exit 0, before.
h_picture cut-png cut.png
h_png 300 200 "$H/cut-png/cut.png"
truncate -s 60 "$H/cut-png/cut.png"
msg="cut-png/one.md:3:1: error: image 'cut.png' cannot be used: the file ends before the image does (it is truncated)"
check "hostile/image-truncated-png" h_refused cut-png 1 "$msg"
check "hostile/image-truncated-png-epub" h_refused cut-png 1 "$msg" --format epub
# 30000 x 30000 pixels of black in a small PNG (2.6 GB and 16 s, then an
# unlocated exit 3): refused from its header
h_picture huge-png huge.png
h_png 30000 30000 "$H/huge-png/huge.png"
check "hostile/image-png-30000-square" h_refused huge-png 1 \
	"huge-png/one.md:3:1: error: image 'huge.png' cannot be used: it is 30000 x 30000 pixels, more than 16384 on a side (save it smaller)"
# wider than cairo's 32767 pixels (it failed in the PDF stage, leaking
# the image's data)
h_picture wide-png wide.png
h_png 33000 1 "$H/wide-png/wide.png"
check "hostile/image-png-33000-wide" h_refused wide-png 1 \
	"wide-png/one.md:3:1: error: image 'wide.png' cannot be used: it is 33000 x 1 pixels, more than 16384 on a side (save it smaller)"

# --- YAML -------------------------------------------------------------------

# h_yaml NAME TEXT: a book whose book.yaml is TEXT (printf format) and whose
# one chapter is one.md.
h_yaml() {
	h_book "$1" "w('# One\\n\\nText.\\n')"
	# shellcheck disable=SC2059
	printf -- "$2" >"$H/$1/book.yaml"
}

# h_made OUT BOOK: the build succeeds in silence and replaces the outputs.
h_made() {
	h_sentinel "$1"
	h_run "$1" "$2"
	h_expect 0 "" && h_built "$1"
}

# A byte-order mark (Windows editors write one): "the manifest has no
# 'language'" before; a theme kept only its first key, with exit 0.
h_yaml bom '\xef\xbb\xbftitle: "Hostile"\nlanguage: en-US\nslug: h\nchapters:\n  - one.md\n'
check "hostile/yaml-bom-manifest" h_made bom-out bom
h_book bom-theme "w('# One\\n\\nText.\\n')"
h_theme bom-theme '\xef\xbb\xbfpaper: a5\nbody-size: 0\n'
check "hostile/yaml-bom-theme" h_refused bom-theme 1 \
	"bom-theme-styles/big.yaml:2:12: error: 'body-size' must be a length from 6pt to 72pt, such as 12pt, not '0'" \
	--styles bom-theme-styles
# A key given twice was merged in silence (the last one won).
h_yaml twice 'title: "Hostile"\nlanguage: en-US\nslug: h\ntitle: "Other"\nchapters:\n  - one.md\n'
check "hostile/yaml-key-twice" h_refused twice 1 \
	"twice/book.yaml:4:1: error: key 'title' is given twice in this mapping (first at line 1)"
h_book twice-theme "w('# One\\n\\nText.\\n')"
h_theme twice-theme 'paper: a5\nbody-size: 11pt\npaper: a4\n'
check "hostile/yaml-key-twice-theme" h_refused twice-theme 1 \
	"twice-theme-styles/big.yaml:3:1: error: key 'paper' is given twice in this mapping (first at line 1)" \
	--styles twice-theme-styles
# A second document after '---' was ignored, even a malformed one.
h_yaml second 'title: "Hostile"\nlanguage: en-US\nslug: h\nchapters:\n  - one.md\n---\ntitle: "Other"\n'
check "hostile/yaml-second-document" h_refused second 1 \
	"second/book.yaml:6:1: error: a second YAML document begins here; the file must be one document (remove this '---' and what follows, or merge them)"
h_yaml second-bad 'title: "Hostile"\nlanguage: en-US\nslug: h\nchapters:\n  - one.md\n---\ntitle: "Other\n'
check "hostile/yaml-second-document-malformed" h_refused second-bad 1 \
	"second-bad/book.yaml:7:8: error: the '\"' that opens this value is never closed"
# a '---' before the document, and one after it with nothing more, are fine
h_yaml markers '---\ntitle: "Hostile"\nlanguage: en-US\nslug: h\nchapters:\n  - one.md\n---\n'
check "hostile/yaml-document-markers" h_made markers-out markers
# Not UTF-8: the place was a byte offset ("at byte 42").
h_yaml latin1 'title: "Hostile"\nlanguage: en-US\nslug: h\nsubtitle: "Caf\xe9 \xe0 la carte"\nchapters:\n  - one.md\n'
check "hostile/yaml-not-utf8" h_refused latin1 1 \
	"latin1/book.yaml:4:15: error: byte 0xE9 is not UTF-8 text: save the file as UTF-8"
h_yaml control 'title: "Hostile"\nlanguage: en-US\nslug: h\nsubtitle: "Bell \x07"\nchapters:\n  - one.md\n'
check "hostile/yaml-control-character" h_refused control 1 \
	"control/book.yaml:4:17: error: character U+0007 cannot be in YAML text (only printable characters, tabs and line breaks): remove it"

# Lines ended by a carriage return alone (old Mac editors): libyaml counts
# them as lines, the message's line text did not, and an unknown escape
# was named by the byte after the line's end (a read past the buffer:
# ASan in fuzz_theme; '\<garbage>' in the message).
h_book cr-theme "w('# One\\n\\nText.\\n')"
h_theme cr-theme 'paper: a5\rtitle-font: "x\\q"\r'
check "hostile/yaml-cr-lines-escape" h_refused cr-theme 1 \
	"cr-theme-styles/big.yaml:2:15: error: '\\q' is not an escape in double quotes: write '\\\\' for a backslash, or use single quotes" \
	--styles cr-theme-styles

# --- link schemes -----------------------------------------------------------

# Only links in the book and http, https, mailto and tel addresses reach
# the EPUB and the PDF: javascript: and data: links passed into the EPUB
# before, Markdown's and autolinks alike.  Each other one is a warning at
# its place, its text kept.  A tab inside the scheme, which browsers
# skip, does not hide it.
h_book schemes "w('# One\\n\\n[js](javascript:alert(1)) [data](data:text/html,hi) [file](file:///etc/passwd)\\n\\n<JavaScript:alert(2)> [web](https://example.org/) [mail](mailto:a@example.org) [phone](tel:+441234)\\n\\n<a href=\"java&#9;script:alert(3)\">raw</a> [in](#one)\\n')"
h_schemes() {
	h_sentinel schemes-out
	h_run schemes-out schemes
	local w="left out (only links in the book and http, https, mailto and tel addresses are kept); its text stays"
	h_expect 0 "schemes/one.md:7:1: warning: link to 'java	script:alert(3)' $w
schemes/one.md:3:1: warning: link to 'javascript:alert(1)' $w
schemes/one.md:3:27: warning: link to 'data:text/html,hi' $w
schemes/one.md:3:53: warning: link to 'file:///etc/passwd' $w
schemes/one.md:5:1: warning: link to 'JavaScript:alert(2)' $w" || return 1
	h_built schemes-out || return 1
	local hrefs uris
	hrefs=$(unzip -p "$H/schemes-out/h.epub" OEBPS/text/one.xhtml | grep -o 'href="[^"]*"' | sort | tr '\n' ' ')
	[ "$hrefs" = 'href="#one" href="../css/book.css" href="https://example.org/" href="mailto:a@example.org" href="tel:+441234" ' ] ||
		{ echo "EPUB links: $hrefs"; return 1; }
	uris=$(qpdf --qdf --object-streams=disable "$H/schemes-out/h.pdf" - | grep -ao '/URI ([^)]*)' | sort | tr '\n' ' ')
	[ "$uris" = '/URI (https://example.org/) /URI (mailto:a@example.org) /URI (tel:+441234) ' ] ||
		{ echo "PDF links: $uris"; return 1; }
	unzip -p "$H/schemes-out/h.epub" OEBPS/text/one.xhtml |
		grep -q '<p>js data file</p>' ||
		{ echo "the text of a refused link is gone"; return 1; }
}
check "hostile/link-schemes" h_schemes

# --- lost or overwritten outputs ------------------------------------------

# h_two_intros NAME PRINTS: a book of chapters 01-intro.md and
# part/02-intro.md, version 1.0.0, whose prints: are PRINTS (YAML lines).
h_two_intros() {
	mkdir -p "$H/$1/part"
	printf 'title: "Hostile"\nlanguage: en-US\nslug: h\nversion: "1.0.0"\nurl: https://example.org/h/\nchapters:\n  - 01-intro.md\n  - part/02-intro.md\nprints:\n%b' "$2" >"$H/$1/book.yaml"
	printf '# First\n\nThe first introduction.\n' >"$H/$1/01-intro.md"
	printf '# Second\n\nThe second introduction.\n' >"$H/$1/part/02-intro.md"
}

# Handouts of 01-intro and 02-intro were both h-1.0.0-intro-a4.pdf: --all
# kept one in silence, archive listed the name twice in SHA256SUMS and
# verify failed on every run.  Where the short names meet, each handout
# takes its chapter's whole stem.
h_two_intros intros '  - handout: 01-intro\n  - handout: 02-intro\n'
h_intros() {
	h_sentinel intros-out
	h_run intros-out intros --all
	h_expect 0 "" || return 1
	local got
	got=$(cd "$H/intros-out" && ls h-1.0.0* | tr '\n' ' ')
	[ "$got" = "h-1.0.0-01-intro-a4.pdf h-1.0.0-02-intro-a4.pdf h-1.0.0.epub h-1.0.0.pdf " ] ||
		{ echo "outputs: $got"; return 1; }
	pdftotext "$H/intros-out/h-1.0.0-01-intro-a4.pdf" - | grep -q 'The first introduction' &&
		pdftotext "$H/intros-out/h-1.0.0-02-intro-a4.pdf" - | grep -q 'The second introduction' ||
		{ echo "a handout does not hold its chapter"; return 1; }
	rm -rf "$H/intros-archive"
	(cd "$H" && "$OCTAVO" archive intros --to intros-archive) >/dev/null 2>"$H/stderr" ||
		{ cat "$H/stderr"; return 1; }
	[ "$(cut -c67- "$H/intros-archive/1.0.0/SHA256SUMS" | sort | uniq -d)" = "" ] ||
		{ echo "SHA256SUMS lists a name twice"; return 1; }
	(cd "$H" && "$OCTAVO" verify intros-archive/1.0.0) >/dev/null 2>"$H/stderr" ||
		{ cat "$H/stderr"; return 1; }
}
check "hostile/handouts-same-short-name" h_intros

# Two prints that would still make one file (the same handout twice): an
# error at the second before anything is written.
h_two_intros same '  - handout: 01-intro\n  - handout: 01-intro\n'
check "hostile/prints-same-name" h_refused same 1 \
	"same/book.yaml:11:5: error: this print would be written as 'h-1.0.0-01-intro-a4.pdf', as the print at line 10 is: one would replace the other (give one another theme or paper)" \
	--all

# build -o ARCHIVE/VERSION overwrote an archived edition with exit 0.
h_into_archive() {
	h_archived into
	local sums before after
	sums=$H/into-archive/1.0.0/SHA256SUMS
	before=$(cd "$H/into-archive/1.0.0" && ls -A && sha256sum ./*)
	printf '\n## More\n\nA later change.\n' >>"$H/into/one.md"
	h_run into-archive/1.0.0 into
	h_expect 1 "octavo: into-archive/1.0.0: is an archived edition (it holds SHA256SUMS), which octavo never writes into: build into another folder" ||
		return 1
	after=$(cd "$H/into-archive/1.0.0" && ls -A && sha256sum ./*)
	[ "$before" = "$after" ] || { echo "the archived edition changed"; return 1; }
	(cd "$H" && "$OCTAVO" verify into-archive/1.0.0) >/dev/null 2>"$H/stderr" ||
		{ cat "$H/stderr"; return 1; }
	[ -f "$sums" ]
}
check "hostile/build-into-archived-edition" h_into_archive
