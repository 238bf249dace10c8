# An mdBook project as it comes from its repository (tests/mdbook-project:
# book.toml, src/SUMMARY.md, chapters in subfolders), built without a
# book.yaml: prefix, numbered and nested chapters, a part title, a
# separator, a suffix chapter, a draft, an image and a link in a
# subfolder's chapter, an {{#include}}.  The error cases are
# tests/errors/mdbook-*.
MDP=tests/mdbook-project

mdp_build() {
	rm -rf "$TMP/mdp" &&
		"$OCTAVO" build "$MDP" -o "$TMP/mdp" 2>"$TMP/mdp.log" || return 1
	# the draft is the one thing said
	printf '%s\n' "$MDP/src/SUMMARY.md:9:7: warning: draft chapter 'Slack water' has no file: left out of the book" |
		diff -u - "$TMP/mdp.log"
}
check "mdbook/builds-without-book-yaml" mdp_build
MDP_EPUB=$TMP/mdp/book.epub
MDP_PDF=$TMP/mdp/book.pdf

# SUMMARY.md's order and nesting in the EPUB's navigation: sub-chapters
# inside their chapter's list (after its sections), the part's chapters
# under its title, the suffix chapter after it, no draft.
mdp_nav() {
	python3 tests/nav_outline.py "$MDP_EPUB" >"$TMP/mdp-nav" || return 1
	diff -u - "$TMP/mdp-nav" <<'NAV'
Foreword
Getting started
  What to carry
  Installing the charts
  A first approach
    Checks at the pier head
Working the tide
  The flood
[Reference]
  Signals
    Sound signals
      Fog
Afterword
NAV
}
check "mdbook/epub-nav-nesting" mdp_nav

# The same nesting in the PDF's outline (the part a bookmark of its own).
mdp_outline() {
	/usr/bin/python3 tests/pdf_outline.py "$MDP_PDF" >"$TMP/mdp-outline" ||
		return 1
	diff -u - "$TMP/mdp-outline" <<'OUTLINE'
Contents
Foreword
Getting started
  What to carry
  Installing the charts
  A first approach
    Checks at the pier head
Working the tide
  The flood
Reference
  Signals
    Sound signals
      Fog
Afterword
OUTLINE
}
check "mdbook/pdf-outline-nesting" mdp_outline

# The printed contents: every chapter with its page, the part's title
# without one, a sub-chapter indented under its chapter.
mdp_contents() {
	pdftotext -layout -f 3 -l 3 "$MDP_PDF" "$TMP/mdp-toc.txt" || return 1
	local top sub
	top=$(grep -m1 'Getting started' "$TMP/mdp-toc.txt" | sed 's/[^ ].*//' | wc -c)
	sub=$(grep -m1 'Installing the charts' "$TMP/mdp-toc.txt" | sed 's/[^ ].*//' | wc -c)
	[ "$sub" -gt "$top" ] || { echo "not indented: $top $sub"; return 1; }
	grep -qE '^ *Reference *$' "$TMP/mdp-toc.txt" ||
		{ echo "no part title alone on its line"; return 1; }
	grep -qE 'Sound signals[ .]+[0-9]+$' "$TMP/mdp-toc.txt" &&
		grep -qE 'Afterword[ .]+[0-9]+$' "$TMP/mdp-toc.txt" &&
		! grep -q 'Slack water' "$TMP/mdp-toc.txt"
}
check "mdbook/pdf-contents" mdp_contents

# Every chapter's text in both outputs, the included file's lines too,
# and nothing of the draft.
mdp_text() {
	pdftotext "$MDP_PDF" "$TMP/mdp.txt" &&
		unzip -p "$MDP_EPUB" 'OEBPS/text/*' >"$TMP/mdp.xhtml" || return 1
	local f
	for f in "$TMP/mdp.txt" "$TMP/mdp.xhtml"; do
		for w in 'Every harbour has its own manners' 'flask of tea' \
			'leading lights in pencil' 'engine warm' 'HW 06:12' \
			'as the harbour master shows them' 'One prolonged blast' \
			'mind the ebb at the bar'; do
			grep -q "$w" "$f" || { echo "'$w' not in $f"; return 1; }
		done
		! grep -q 'Slack water' "$f" || { echo "draft in $f"; return 1; }
	done
}
check "mdbook/text-in-both-outputs" mdp_text

# src/start/install.md's image is src/start/img/chart.png (beside the
# chapter), and the links between chapters lead inside the book: to the
# chapter file and anchor in the EPUB, to a named destination in the PDF.
mdp_subfolder() {
	unzip -l "$MDP_EPUB" | grep -q 'OEBPS/images/chart.png' ||
		{ echo "no image in the EPUB"; return 1; }
	unzip -p "$MDP_EPUB" OEBPS/text/install.xhtml >"$TMP/mdp-install" &&
		unzip -p "$MDP_EPUB" OEBPS/text/README.xhtml >"$TMP/mdp-readme" ||
		return 1
	grep -q '<img src="../images/chart.png" alt="Chart of the outer roads"/>' "$TMP/mdp-install" &&
		grep -q '<a href="tide.xhtml#the-flood">' "$TMP/mdp-install" &&
		grep -q '<a href="sound.xhtml#fog">' "$TMP/mdp-readme" || return 1
	[ "$(pdfimages -list "$MDP_PDF" | tail -n +3 | wc -l)" -eq 1 ] ||
		{ echo "not one image in the PDF"; return 1; }
	/usr/bin/python3 - "$MDP_PDF" <<'PY'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
dests = {str(a.get("/Dest")) for p in pdf.pages for a in p.get("/Annots", [])
         if a.get("/Subtype") == "/Link"}
missing = {"sound/fog", "tide/the-flood"} - dests
sys.exit("no link to " + ", ".join(sorted(missing)) if missing else 0)
PY
}
check "mdbook/subfolder-image-and-links" mdp_subfolder

# [book]'s title, authors, language and description reach the EPUB's
# package document; [output.*] and [preprocessor.*] are not octavo's.
mdp_meta() {
	unzip -p "$MDP_EPUB" OEBPS/package.opf >"$TMP/mdp.opf" || return 1
	grep -q '<dc:title[^>]*>Harbour Pilot</dc:title>' "$TMP/mdp.opf" &&
		grep -q '>Mira Okafor</dc:creator>' "$TMP/mdp.opf" &&
		grep -q '>Tomas Lind</dc:creator>' "$TMP/mdp.opf" &&
		grep -q '<dc:language>en</dc:language>' "$TMP/mdp.opf" &&
		grep -q 'How to bring a small boat into an unfamiliar harbour.' "$TMP/mdp.opf"
}
check "mdbook/book-toml-metadata" mdp_meta

check "mdbook/epub-check" "$TOOLS/check-epub" "$MDP_EPUB"

# book.yaml may name the same SUMMARY.md ('summary:') to add octavo's own
# settings: the same contents, the theme of book.yaml.
mdp_yaml_summary() {
	local book=$TMP/mdp-yaml
	rm -rf "$book" && cp -r "$MDP" "$book" &&
		printf 'title: Harbour Pilot\nlanguage: en\ntheme: large-print\nsummary: src/SUMMARY.md\n' \
			>"$book/book.yaml" || return 1
	"$OCTAVO" build "$book" -o "$book/out" 2>"$TMP/mdp-yaml.log" || return 1
	grep -q "draft chapter 'Slack water'" "$TMP/mdp-yaml.log" &&
		python3 tests/nav_outline.py "$book/out/book.epub" |
		diff -u "$TMP/mdp-nav" - || return 1
	# the large print's face, Andika, for the text that was in Charis
	pdffonts "$MDP_PDF" | grep -q CharisSIL &&
		pdffonts "$book/out/book.pdf" | grep -q 'Andika ' &&
		! pdffonts "$book/out/book.pdf" | grep -q CharisSIL
}
check "mdbook/book-yaml-summary" mdp_yaml_summary

# The PDF with its part title and indented entries in the contents is
# still a sound tagged PDF.
check "mdbook/pdf-check" env CHECK_PDF_REQUIRE_TAGGED=1 "$TOOLS/check-pdf" "$MDP_PDF"
check "mdbook/pdfua" /usr/bin/python3 tests/pdfua_check.py "$MDP_PDF"

# Links as mdBook's pages name chapters: "start/index.html" is
# start/README.md's page and "tide.html#the-flood" tide.md's; they lead
# to those chapters in the EPUB and the PDF (a GoTo to the chapter's
# heading, not a web address).  They were "no chapter
# 'src/start/index.html' in the book" errors.
mdp_html_links() {
	local x
	x=$(unzip -p "$MDP_EPUB" OEBPS/text/afterword.xhtml) || return 1
	grep -qF '<a href="README.xhtml">the start</a>' <<<"$x" &&
		grep -qF '<a href="tide.xhtml#the-flood">the tide</a>' <<<"$x" ||
		{ echo "the .html links do not lead to the chapters"; return 1; }
	/usr/bin/python3 - "$MDP_PDF" <<'PY'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
uris = [str(a.A.URI) for p in pdf.pages for a in p.get("/Annots", [])
        if "/A" in a and "/URI" in a.A]
bad = [u for u in uris if u.endswith(".html") or ".html#" in u]
sys.exit("web links left: %s" % bad if bad else 0)
PY
}
check "mdbook/html-page-links" mdp_html_links

# mdBook's includes that octavo does not read: a file outside the book
# folder by its path ("../../examples/x.rs", as mdBook's own guide
# writes) is a warning and the directive stays as written, so the rest
# of the book is built (errors/include-outside holds the message; a
# symbolic link out of the book is still an error, errors/include-
# symlink-out); "{{ #include }}" with no file, in a text about the
# directive, stays as written with no message, as mdBook leaves it.
mdp_include_kept() {
	local out=$TMP/inc-kept x t
	rm -rf "$out" && (cd tests/errors && "$OCTAVO" build include-outside -o "$out") 2>/dev/null &&
		x=$(unzip -p "$out/book.epub" OEBPS/text/one.xhtml) &&
		t=$(pdftotext "$out/book.pdf" -) || return 1
	for s in "$x" "$t"; do
		grep -qF 'See {{#include ../../include-missing/book.yaml}} here.' <<<"$s" &&
			grep -qF 'the {{ #include }} helper' <<<"$s" ||
			{ echo "a directive was not kept: $s"; return 1; }
	done
}
check "mdbook/include-kept" mdp_include_kept

# Three chapters named scope.md (a/, the top, b/), as Rust by Example
# has variable_bindings/scope.md before scope.md: each its own file in
# the EPUB (scope, scope-2 for the second, whose path is its name too,
# b-scope), in SUMMARY.md's order, with its own text.  The second was
# "chapters ... have the same file name" and the book was not built.
mdp_same_names() {
	local out=$TMP/mn x
	rm -rf "$out" && "$OCTAVO" build tests/mdbook-names -o "$out" 2>"$TMP/mn.err" ||
		{ cat "$TMP/mn.err"; return 1; }
	[ ! -s "$TMP/mn.err" ] || { cat "$TMP/mn.err"; return 1; }
	x=$(unzip -p "$out/book.epub" OEBPS/package.opf | grep '<item ' |
		grep -o 'href="text/[^"]*"' | tr '\n' ' ')
	[ "$x" = 'href="text/scope.xhtml" href="text/scope-2.xhtml" href="text/b-scope.xhtml" ' ] ||
		{ echo "files: $x"; return 1; }
	unzip -p "$out/book.epub" OEBPS/text/scope-2.xhtml | grep -q 'The second, at the top.' ||
		{ echo "scope-2 is not the top scope.md"; return 1; }
}
check "mdbook/same-file-names" mdp_same_names

# A book.toml without language: mdBook takes English, and so does octavo,
# but a book whose letters are mostly of a script English does not use
# hears so once, at book.toml, with a tag to give (Han: zh; Han with
# kana: ja; Cyrillic: ru).  An English book, or one that names its
# language, hears nothing; code and a chapter part marked in another
# language are not counted.
mdp_language_guess() {
	local d=$TMP/mlang out=$TMP/mlang-out lang want
	for lang in zh ja ru en named; do
		rm -rf "$d" "$out" && mkdir -p "$d/src" || return 1
		printf '[book]\ntitle = "T"\n' >"$d/book.toml"
		[ "$lang" = named ] && printf 'language = "zh-Hans"\n' >>"$d/book.toml"
		printf -- '- [One](one.md)\n' >"$d/src/SUMMARY.md"
		case $lang in
		zh | named) printf '# 潮水\n\n进港之前先看潮水表，再看风向。船小，就更要小心。\n\n```\nfn main() { println!("a long line of code in English letters only"); }\n```\n' ;;
		ja) printf '# 潮の流れ\n\n港に入る前に、潮の時刻表と風向きを確かめます。\n' ;;
		ru) printf '# Прилив\n\nПеред входом в гавань посмотрите таблицу приливов и направление ветра.\n' ;;
		en) printf '# Tides\n\nRead the tide table before you enter the harbour: 潮水.\n' ;;
		esac >"$d/src/one.md"
		"$OCTAVO" build "$d" -o "$out" --format epub 2>"$TMP/mlang.err" ||
			{ cat "$TMP/mlang.err"; return 1; }
		case $lang in
		zh) want="$d/book.toml: warning: [book] names no language, so the book is taken to be in English, as in mdBook, but 100% of its letters are Han: the words octavo adds and its hyphenation follow the language (add language = \"zh\" to [book], or the tag of the book's language)" ;;
		ja) want='are Japanese kana: .*"ja"' ;;
		ru) want='100% of its letters are Cyrillic: .*"ru"' ;;
		*) want= ;;
		esac
		if [ -z "$want" ]; then
			[ ! -s "$TMP/mlang.err" ] || { echo "$lang:"; cat "$TMP/mlang.err"; return 1; }
		elif [ "$lang" = zh ]; then
			printf '%s\n' "$want" | diff -u - "$TMP/mlang.err" || return 1
		else
			[ "$(wc -l <"$TMP/mlang.err")" = 1 ] && grep -q "$want" "$TMP/mlang.err" ||
				{ echo "$lang:"; cat "$TMP/mlang.err"; return 1; }
		fi
	done
}
check "mdbook/language-guess" mdp_language_guess

# mdBook books link to their neighbours on the site mdBook publishes them
# in ("../std/index.html" in the Rustonomicon, 47 such links): a link
# that leads out of the folder SUMMARY.md is in (into the book folder
# above it, or out of that) is a located warning and its text stays,
# without the link, so the book is built.  A link out of a book.yaml
# book is still an error (errors/link-outside).
mdp_out_of_site() {
	local d=$TMP/msite out=$TMP/msite-out x t
	rm -rf "$d" "$out" && mkdir -p "$d/src/sub" || return 1
	printf '[book]\ntitle = "Site"\nlanguage = "en"\n' >"$d/book.toml"
	printf -- '- [One](sub/one.md)\n' >"$d/src/SUMMARY.md"
	printf '# One\n\nSee [the library](../../std/index.html) and [the other](../../../other.html#top), and [this](#one).\n' >"$d/src/sub/one.md"
	"$OCTAVO" build "$d" -o "$out" 2>"$TMP/msite.err" || { cat "$TMP/msite.err"; return 1; }
	diff -u - "$TMP/msite.err" <<EXPECT || return 1
$d/src/sub/one.md:3:5: warning: link to '../../std/index.html' leads out of 'src', the folder of the chapters SUMMARY.md lists, to a page beside the book on the site mdBook would publish it in: its text stays, without the link
$d/src/sub/one.md:3:45: warning: link to '../../../other.html#top' leads out of 'src', the folder of the chapters SUMMARY.md lists, to a page beside the book on the site mdBook would publish it in: its text stays, without the link
EXPECT
	x=$(unzip -p "$out/book.epub" OEBPS/text/one.xhtml) && t=$(pdftotext "$out/book.pdf" -) || return 1
	grep -qF 'See the library and the other, and <a href="#one">this</a>.' <<<"$x" ||
		{ echo "EPUB: $x"; return 1; }
	grep -qF 'See the library and the other, and this.' <<<"$t" || { echo "PDF: $t"; return 1; }
}
check "mdbook/links-out-of-site" mdp_out_of_site

# A link that leads nowhere stops a book.yaml book (errors/link-grouped)
# but not an mdBook project, which mdBook builds with its broken links:
# there it is a located warning, once per place as for errors, and the
# link's text stays without the link.  A site-absolute link
# ("/guide/b.html", as the Chinese Rust course writes them) is read from
# SUMMARY.md's folder, not from the chapter's.
mdp_broken_kept() {
	local d=$TMP/mbroken out=$TMP/mbroken-out x t
	rm -rf "$d" "$out" && mkdir -p "$d/src/guide" || return 1
	printf '[book]\ntitle = "Broken"\nlanguage = "en"\n' >"$d/book.toml"
	printf -- '- [A](guide/a.md)\n- [B](guide/b.md)\n' >"$d/src/SUMMARY.md"
	printf '# A\n\nTo [b](/guide/b.html#tides), [gone](gone.md), [up](#Tides) and [again](gone.md).\n' >"$d/src/guide/a.md"
	printf '# B\n\n## Tides\n\nText.\n' >"$d/src/guide/b.md"
	"$OCTAVO" build "$d" -o "$out" 2>"$TMP/mbroken.err" || { cat "$TMP/mbroken.err"; return 1; }
	diff -u - "$TMP/mbroken.err" <<EXPECT || return 1
$d/src/guide/a.md:3:30: warning: 2 links to 'gone.md': no chapter 'src/guide/gone.md' in the book (did you mean 'src/guide/a.md' or 'src/guide/b.md'?); as mdBook does, the book is built: their text stays, without the link
$d/src/guide/a.md:3:47: warning: link to '#Tides': no heading or anchor with id 'Tides' in 'src/guide/a.md'; as mdBook does, the book is built: its text stays, without the link
EXPECT
	x=$(unzip -p "$out/book.epub" OEBPS/text/a.xhtml) && t=$(pdftotext "$out/book.pdf" -) || return 1
	grep -qF 'To <a href="b.xhtml#tides">b</a>, gone, up and again.' <<<"$x" || { echo "EPUB: $x"; return 1; }
	grep -qF 'To b, gone, up and again.' <<<"$t" || { echo "PDF: $t"; return 1; }
}
check "mdbook/broken-links-kept" mdp_broken_kept
