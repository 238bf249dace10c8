#!/bin/sh
# Self-test of tests/manuscript_order.py: it must pass a tiny hand-made EPUB
# that holds the manuscript's words in order, and fail one with a word
# swapped, one with a word missing, and one whose last heading is only in
# the table of contents (a <nav epub:type="toc">, which does not count).
# Citations: it must pass the good book with citation labels in it (one
# before a full stop), and fail one whose last heading is only in the
# bibliography, and one whose "beta" is only inside a citation.  The PDF's
# label filter is checked on made-up pdftotext tokens.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

cat >"$tmp/ms.txt" <<'EOF'
Tiny Book: A Test

KETAM LOGO 1

Introduction: Why?

Some “quoted” text—with a dash.

Table of Contents

  1. First Part
  2. Second Part

1. First Part

  • Alpha: beta gamma.
  • Delta it’s fine.

2. Second Part
EOF

# make_epub NAME BODY-OF-THE-CHAPTER: a title page, the chapter, then a nav.
make_epub() {
	python3 - "$tmp/$1.epub" "$2" <<'EOF'
import sys, zipfile
X = ('<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/'
     '1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t'
     '</title></head><body>%s</body></html>')
z = zipfile.ZipFile(sys.argv[1], "w")
z.writestr("mimetype", "application/epub+zip")
z.writestr("META-INF/container.xml", '<container xmlns="urn:oasis:names:tc:'
           'opendocument:xmlns:container" version="1.0"><rootfiles><rootfile '
           'full-path="OPS/book.opf"/></rootfiles></container>')
z.writestr("OPS/book.opf", '<package xmlns="http://www.idpf.org/2007/opf">'
           '<manifest><item id="t" href="title.xhtml"/><item id="c" '
           'href="text/c%201.xhtml"/><item id="n" href="nav.xhtml"/>'
           '</manifest><spine><itemref idref="t"/><itemref idref="c"/>'
           '<itemref idref="n"/></spine></package>')
z.writestr("OPS/title.xhtml", X % '<h1>Tiny Book</h1><p>A Test</p>')
z.writestr("OPS/text/c 1.xhtml", X % sys.argv[2])
z.writestr("OPS/nav.xhtml", X % '<nav epub:type="toc"><ol><li>1. First '
           'Part</li><li>2. Second Part</li></ol></nav>')
EOF
}

good='<h1>Introduction: Why?</h1><p>Some “quoted” text—with a dash.</p>
<h1><span>1.</span> First Part</h1><ul><li><strong>Alpha:</strong> beta
gamma.</li><li>Delta it’s fine.</li></ul><h1>2. Second Part</h1>'
make_epub good "$good"
make_epub swapped "$(echo "$good" | sed 's/beta/BETA/')"
make_epub missing "$(echo "$good" | sed 's/ a dash/ dash/')"
make_epub toc-only "$(echo "$good" | sed 's|<h1>2. Second Part</h1>||')"
cite='<span id="cite-1">[<a role="doc-biblioref" href="#ref-a">1</a>]</span>'
bib='<section role="doc-bibliography"><ol><li>2. Second Part</li></ol></section>'
make_epub cited "$(echo "$good" | sed "s|beta|beta $cite|; s|gamma\.|gamma $cite.|; s|</ul>|</ul>$bib|")"
make_epub bib-only "$(echo "$good" | sed 's|<h1>2. Second Part</h1>||' | sed "s|</ul>|</ul>$bib|")"
make_epub cite-only "$(echo "$good" | sed "s|beta|<span id=\"cite-2\">beta</span>|")"

fail=0
expect() { # expect STATUS NAME
	python3 "$here/manuscript_order.py" "$tmp/ms.txt" "$tmp/$2.epub" \
		>"$tmp/out" 2>&1
	status=$?
	if [ "$status" -ne "$1" ]; then
		echo "FAIL: $2: exit $status, expected $1"
		cat "$tmp/out"
		fail=1
	fi
}
expect 0 good
expect 1 swapped
expect 1 missing
expect 1 toc-only
expect 0 cited
expect 1 bib-only
expect 1 cite-only
python3 - "$here" <<'EOF' || fail=1
import sys
sys.path.insert(0, sys.argv[1])
from manuscript_order import drop_pdf_citations as drop
def toks(s):
    return [(w, False) for w in s.split()]
cases = [("studies [8], ketamine", "studies, ketamine"),
         ("(PMC) [2] Beyond", "(PMC) Beyond"),
         ("vision(WSJ, x.com) [3, 4] next", "vision(WSJ, x.com) next"),
         ("journals [7].", "journals."),
         ("word[3]. Next", "word. Next"),
         ("see [3, p. 12]; more", "see; more"),
         ("a [2, 5]", "a"),
         ("keep [sic] and [a] and [3 words", "keep [sic] and [a] and [3 words")]
bad = [(a, b) for a, b in cases if [t for t, _ in drop(toks(a))] != b.split()]
for a, b in bad:
    print("FAIL: pdf labels: %r -> %r, expected %r"
          % (a, " ".join(t for t, _ in drop(toks(a))), b))
sys.exit(1 if bad else 0)
EOF
[ "$fail" -eq 0 ] && echo "manuscript order self-test: ok"
exit "$fail"
