# Speed without a change of output (issue: "speed and memory, second
# round"): the layout cache (--cache, lcache.h) and the measuring threads
# give the same bytes as a clean build on one thread.

SPEED=$TMP/speed
mkdir -p "$SPEED"

# built NAME BOOK [ARGS...]: builds BOOK into $SPEED/NAME with the
# environment given, and records the outputs' hashes, the messages and
# the exit status in $SPEED/NAME.sum.
built() {
	local name=$1 book=$2; shift 2
	rm -rf "$SPEED/$name"
	"$OCTAVO" build "$book" -o "$SPEED/$name" "$@" 2>"$SPEED/$name.err"
	local status=$?
	{
		echo "status $status"
		(cd "$SPEED/$name" 2>/dev/null && find . -type f | sort | xargs -r sha256sum)
		cat "$SPEED/$name.err"
	} >"$SPEED/$name.sum"
}

# same A B: the two builds gave the same files, messages and status.
same() {
	cmp -s "$SPEED/$1.sum" "$SPEED/$2.sum" && return 0
	echo "$2 differs from $1:"
	diff "$SPEED/$1.sum" "$SPEED/$2.sum" | head -n 10
	return 1
}

# Every book of the repository that builds (the guide with all its
# prints): with the cache off on 1, 2 and 3 threads, with the text laid
# out again a chapter at a time as the pages are drawn (OCTAVO_STREAM=on;
# by default only a long book's is), with only the chapters after its
# first 6,000 bytes of text laid out again (OCTAVO_STREAM=6000: those
# before keep their layouts until drawn, as a long book's first 256 KB
# do), with a cache folder empty (2 threads) and then filled (1 and 3
# threads), the same bytes.  The filled cache is not
# written again: every paragraph came from it.
identical_book() {
	local book=$1 args=() n
	n=$(echo "$book" | tr '/' '-')
	[ "$book" = book ] && args=(--all)
	OCTAVO_CACHE=off OCTAVO_THREADS=1 built "$n-ref" "$book" "${args[@]}"
	grep -q '^status 0$' "$SPEED/$n-ref.sum" || { cat "$SPEED/$n-ref.err"; return 1; }
	for t in 2 3; do
		OCTAVO_CACHE=off OCTAVO_THREADS=$t built "$n-t$t" "$book" "${args[@]}"
		same "$n-ref" "$n-t$t" || return 1
	done
	OCTAVO_CACHE=off OCTAVO_STREAM=on OCTAVO_THREADS=2 built "$n-stream" "$book" "${args[@]}"
	same "$n-ref" "$n-stream" || return 1
	for t in 1 3; do
		OCTAVO_CACHE=off OCTAVO_STREAM=6000 OCTAVO_THREADS=$t built "$n-part$t" "$book" "${args[@]}"
		same "$n-ref" "$n-part$t" || return 1
	done
	rm -rf "$SPEED/$n-cache"
	OCTAVO_THREADS=2 built "$n-cold" "$book" "${args[@]}" --cache "$SPEED/$n-cache"
	same "$n-ref" "$n-cold" || return 1
	[ -s "$SPEED/$n-cache/layout.cache" ] || { echo "no cache written"; return 1; }
	touch -d '2001-01-01' "$SPEED/$n-cache/layout.cache"
	for t in 1 3; do
		OCTAVO_THREADS=$t built "$n-warm$t" "$book" "${args[@]}" --cache "$SPEED/$n-cache"
		same "$n-ref" "$n-warm$t" || return 1
	done
	[ "$(date -r "$SPEED/$n-cache/layout.cache" +%Y)" = 2001 ] ||
		{ echo "the cache was written again: some paragraph missed it"; return 1; }
}
# The EPUB alone (its print edition laid out for page numbers only: no
# front matter, running heads or pango layouts kept) is the EPUB of a
# build of both outputs.
epub_alone() {
	local book=$1 n
	n=$(echo "$book" | tr '/' '-')
	OCTAVO_THREADS=2 built "$n-epub" "$book" --format epub
	diff <(grep '\.epub$' "$SPEED/$n-ref.sum") <(grep '\.epub$' "$SPEED/$n-epub.sum") ||
		{ echo "the EPUB alone differs"; return 1; }
	[ -n "$(grep '\.epub$' "$SPEED/$n-epub.sum")" ]
}
# every book of the tests (a fuzz target's seeds are not books: a theme
# seed is named book.yaml there)
for book in book $(find tests -name book.yaml ! -path 'tests/errors/*' ! -path '*/styles/*' ! -path 'tests/fuzz/*' |
	sed 's|/book.yaml$||' | sort); do
	check "speed/cache-and-threads-identical-${book//\//-}" identical_book "$book"
	check "speed/epub-alone-identical-${book//\//-}" epub_alone "$book"
done

# A sentence edited: the build after it is a clean build's, and the cache
# is written again (the new paragraph added, the old one dropped).
edit_one_sentence() {
	local b=$SPEED/edit-book
	rm -rf "$b" "$SPEED/edit-cache" && cp -r book "$b" || return 1
	built edit-cold "$b" --cache "$SPEED/edit-cache"
	touch -d '2001-01-01' "$SPEED/edit-cache/layout.cache"
	sed -i '0,/^Ketamine /s//Edited ketamine /' "$b/00-introduction.md"
	built edit-warm "$b" --cache "$SPEED/edit-cache"
	OCTAVO_CACHE=off built edit-clean "$b"
	same edit-clean edit-warm || return 1
	[ "$(date -r "$SPEED/edit-cache/layout.cache" +%Y)" != 2001 ] ||
		{ echo "the cache was not written after the edit"; return 1; }
	pdftotext "$SPEED/edit-warm/ketamine-guide-1.0.0.pdf" - | grep -q "Edited ketamine"
}
check "speed/cache-after-an-edit-identical" edit_one_sentence

# Everything that changes a paragraph's lines is in the cache's key, so a
# cache is never stale: the guide built into a cache, then one thing
# changed (the theme's hyphenation or justification, the bytes of the body
# font or of the hyphenation patterns, the language, the paper), then
# built again with that cache: the same bytes as a clean build of the
# changed book, and lines of its PDF
# differ from the first build's (the change reaches the line breaks, so
# breaks kept from before would show).
# FONT: the same family, every advance 4% wider but the space's and the
# hyphen's (which measure reads itself: the cache must know the font by
# its bytes, not by those two widths).
widen_font() {
	/usr/bin/python3 - "$1" <<-'PY'
	import sys
	from fontTools.ttLib import TTFont
	f = TTFont(sys.argv[1])
	cmap = f.getBestCmap()
	keep = {cmap.get(0x20), cmap.get(0x2D)}
	m = f['hmtx'].metrics
	for g in m:
	    if g not in keep:
	        m[g] = (round(m[g][0] * 1.04), m[g][1])
	f.save(sys.argv[1])
	PY
}
change_book() { # WHAT BOOK FONTS: makes the change; prints extra build arguments
	local what=$1 b=$2 fonts=$3
	case $what in
	theme-hyphenate | theme-justify)
		mkdir -p "$b/styles" && cp styles/guide.yaml "$b/styles/" || return 1
		sed -i "s/^${what#theme-}: true/${what#theme-}: false/" "$b/styles/guide.yaml" ;;
	font-bytes) widen_font "$fonts/CharisSIL-Regular.ttf" ;;
	language) sed -i 's/^language: en-US/language: de/' "$b/book.yaml" ;;
	paper) echo --paper a5 ;;
	hyphen-bytes) # other patterns under the same name
		cp /usr/share/hyphen/hyph_de_DE.dic "$SPEED/follow-hyphen-dir/hyph_en_US.dic" ;;
	esac
}
cache_follows() {
	local what=$1 b=$SPEED/follow-$1 f=$SPEED/follow-$1-fonts c=$SPEED/follow-$1-cache
	rm -rf "$b" "$f" "$c" && cp -r book "$b" && cp -r fonts "$f" || return 1
	# the patterns, from a folder of the test's own (OCTAVO_HYPHEN_DIR)
	local h=$SPEED/follow-hyphen-dir
	rm -rf "$h" && mkdir -p "$h" || return 1
	cp /usr/share/hyphen/hyph_en_US.dic /usr/share/hyphen/hyph_de_DE.dic "$h/" || return 1
	export OCTAVO_HYPHEN_DIR=$h
	built "follow-$what-before" "$b" --fonts "$f" --cache "$c"
	grep -qx "status 0" "$SPEED/follow-$what-before.sum" || return 1
	local args
	args=$(change_book "$what" "$b" "$f") || return 1
	# shellcheck disable=SC2086
	built "follow-$what-warm" "$b" --fonts "$f" --cache "$c" $args
	# shellcheck disable=SC2086
	OCTAVO_CACHE=off built "follow-$what-clean" "$b" --fonts "$f" $args
	grep -qx "status 0" "$SPEED/follow-$what-clean.sum" || { cat "$SPEED/follow-$what-clean.err"; return 1; }
	same "follow-$what-clean" "follow-$what-warm" || return 1
	local pdf=ketamine-guide-1.0.0.pdf
	unset OCTAVO_HYPHEN_DIR
	! cmp -s <(pdftotext "$SPEED/follow-$what-before/$pdf" -) \
		<(pdftotext "$SPEED/follow-$what-clean/$pdf" -) ||
		{ echo "the change moved no line: the test proves nothing"; return 1; }
}
for what in theme-hyphenate theme-justify font-bytes hyphen-bytes language paper; do
	check "speed/cache-follows-$what" cache_follows "$what"
done

# octavo watch keeps a layout cache of its own for its builds, in a
# temporary folder (TMPDIR) it removes when it stops: the build after an
# edit gives the bytes of a clean build of the edited book without the
# cache, and nothing is left in TMPDIR after Ctrl-C.
watch_polls() { # SECONDS COMMAND...: true once the command is, polled
	local end=$((SECONDS + $1)); shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}
watch_built() { [ "$(grep -c '] built in' "$1")" -ge "$2" ]; }
watch_cache() {
	local w=$SPEED/watch pid status
	rm -rf "$w" && mkdir -p "$w/tmp" && cp -r book "$w/book" || return 1
	TMPDIR=$w/tmp "$OCTAVO" watch "$w/book" -o "$w/out" >"$w/log" 2>"$w/err" &
	pid=$!
	watch_polls 300 watch_built "$w/log" 1 || { echo "no first build"; cat "$w/log" "$w/err"; kill "$pid"; return 1; }
	ls "$w"/tmp/octavo-watch-*/layout.cache >/dev/null ||
		{ echo "the watch keeps no layout cache"; ls -R "$w/tmp"; kill "$pid"; return 1; }
	sed -i '0,/^Ketamine /s//Watched ketamine /' "$w/book/00-introduction.md"
	watch_polls 300 watch_built "$w/log" 2 || { echo "no second build"; cat "$w/log" "$w/err"; kill "$pid"; return 1; }
	sleep 0.5 # the EPUB is renamed with the PDF
	kill -INT "$pid"
	wait "$pid"
	status=$?
	[ "$status" -eq 0 ] || { echo "exit status $status after SIGINT"; return 1; }
	[ -z "$(ls -A "$w/tmp")" ] || { echo "left in TMPDIR:"; ls -R "$w/tmp"; return 1; }
	OCTAVO_CACHE=off "$OCTAVO" build "$w/book" -o "$w/clean" || return 1
	pdftotext "$w/out/ketamine-guide-1.0.0.pdf" - | grep -q "Watched ketamine" || { echo "the edit is not in the PDF"; return 1; }
	for f in ketamine-guide-1.0.0.pdf ketamine-guide-1.0.0.epub; do
		cmp "$w/clean/$f" "$w/out/$f" || return 1
	done
}
check "speed/watch-cache-identical-and-removed" watch_cache

# A damaged, truncated, foreign or older cache file: a warning naming the
# file and why, then a build from scratch with the same bytes (the
# warning aside); the file is then replaced by a good one.
bad_cache() {
	local kind=$1 c=$SPEED/cache-$1 want
	rm -rf "$c" && mkdir -p "$c" || return 1
	OCTAVO_CACHE=off built bad-ref tests/handout/book || return 1
	built bad-fill tests/handout/book --cache "$c"
	case $kind in
	damaged)
		# one byte in the middle of the entries changed
		local size; size=$(stat -c %s "$c/layout.cache")
		printf 'X' | dd of="$c/layout.cache" bs=1 seek=$((size / 2)) conv=notrunc status=none
		want="damaged (its contents do not match their checksum)" ;;
	truncated)
		truncate -s -100 "$c/layout.cache"
		want="damaged (its contents do not match their checksum)" ;;
	foreign)
		printf 'GIF89a not a cache at all\n' >"$c/layout.cache"
		want="not an octavo layout cache" ;;
	older)
		sed -i '2s/^format 2; octavo [^;]*;/format 2; octavo 0.0.1;/' "$c/layout.cache"
		want="made by another octavo (or another pango or HarfBuzz)" ;;
	huge)
		# 1.1 GB (sparse): passed over by its size, never read
		truncate -s 1100M "$c/layout.cache"
		want="too large to be an octavo layout cache" ;;
	fifo)
		rm -f "$c/layout.cache" && mkfifo "$c/layout.cache"
		want="not a regular file" ;;
	esac
	if [ "$kind" = huge ] && [ -z "${SANITIZE-}" ]; then
		# reading it would take more than 800 MB (ASan's shadow memory
		# needs more address space than any such limit allows)
		(ulimit -v 800000 && built "bad-$kind" tests/handout/book --cache "$c")
	else
		built "bad-$kind" tests/handout/book --cache "$c"
	fi
	grep -qx "status 0" "$SPEED/bad-$kind.sum" || { cat "$SPEED/bad-$kind.err"; return 1; }
	grep -qxF "$c/layout.cache: warning: $want; the layout cache starts empty" "$SPEED/bad-$kind.err" ||
		{ echo "wanted the warning '$want', got:"; cat "$SPEED/bad-$kind.err"; return 1; }
	diff <(grep -v ': warning: ' "$SPEED/bad-$kind.sum") "$SPEED/bad-ref.sum" ||
		{ echo "the outputs differ from a clean build's"; return 1; }
	built "bad-$kind-after" tests/handout/book --cache "$c"
	same bad-ref "bad-$kind-after"
}
for kind in damaged truncated foreign older huge fifo; do
	check "speed/cache-$kind-ignored-with-a-warning" bad_cache "$kind"
done

# --cache needs a folder name.
cache_usage() {
	"$OCTAVO" build book --cache '' 2>"$SPEED/usage.err"
	[ $? -eq 2 ] && grep -qx "octavo: --cache needs a folder name" "$SPEED/usage.err"
}
check "speed/cache-usage" cache_usage

# fontconfig's cache of a fonts folder (src/layout/fonts.c): reading the
# fonts anew costs a build tenths of a second (the CJK collections), so
# it is kept, but never trusted blindly.
# font_folder DIR: a new folder with the faces of the guide's theme.
font_folder() {
	rm -rf "$1" && mkdir -p "$1" &&
		cp -p "$top"/fonts/CharisSIL-*.ttf "$top"/fonts/Andika-*.ttf \
			"$top"/fonts/DejaVuSansMono*.ttf "$1"/
}
# font_built NAME DIR [ARGS...]: the guide's PDF with the fonts of DIR.
font_built() {
	local name=$1 dir=$2; shift 2
	built "$name" book --format pdf --fonts "$dir" "$@"
}

# A font written over in place, under the same name, leaves its folder's
# time as it was, by which alone fontconfig judges its cache: the cache
# is named by the state of every file of the folder too, so the new font
# is read.  (Before, the body was set in Noto Serif with no word, from a
# cache that called that file Charis SIL.)
font_changed_in_place() {
	local f=$SPEED/fc-changed when
	font_folder "$f" && font_built fc-changed-1 "$f" || return 1
	grep -qx "status 0" "$SPEED/fc-changed-1.sum" || { cat "$SPEED/fc-changed-1.err"; return 1; }
	ls "$f"/.cache/*.cache-* >/dev/null || { echo "no cache in $f/.cache"; return 1; }
	when=$(stat -c %Y.%y "$f")
	cat "$top/fonts/NotoSerif-Regular.ttf" >"$f/CharisSIL-Regular.ttf" || return 1
	[ "$(stat -c %Y.%y "$f")" = "$when" ] || { echo "the folder's time changed"; return 1; }
	refuses 1 "error: font 'Charis SIL' has no regular face among the fonts of $f (its faces there: bold, italic, bold italic)" \
		"$OCTAVO" build book --format pdf --fonts "$f" -o "$SPEED/fc-changed-2"
}
check "speed/font-cache-font-changed-in-place-read-anew" font_changed_in_place

# A cache file changed in any way (a byte anywhere, cut short, another
# file, its record gone) is removed and made again: the same PDF, no
# message, and the cache is then the one a first build makes.
font_cache_damaged() {
	local f=$SPEED/fc-damaged c size at
	font_folder "$f" && font_built fc-ref "$f" || return 1
	grep -qx "status 0" "$SPEED/fc-ref.sum" || { cat "$SPEED/fc-ref.err"; return 1; }
	c=$(ls "$f"/.cache/*.cache-[0-9]) && [ -s "$c.sha256" ] || { echo "no cache or record"; return 1; }
	cp "$c" "$SPEED/fc-good" || return 1
	size=$(stat -c %s "$c")
	for at in 0 1 2 3 4 5 6 7 short foreign unrecorded; do
		cp "$SPEED/fc-good" "$c"
		case $at in
		short) truncate -s $((size / 2)) "$c" ;;
		foreign) printf 'GIF89a not a cache at all\n' >"$c" ;;
		unrecorded) rm -f "$c.sha256" ;;
		*) printf '\377' | dd of="$c" bs=1 seek=$((size * at / 8 + 17)) conv=notrunc status=none ;;
		esac
		font_built "fc-$at" "$f"
		same fc-ref "fc-$at" || { echo "(cache changed: $at)"; return 1; }
		cmp "$c" "$SPEED/fc-good" || { echo "the cache was not made again ($at)"; return 1; }
	done
}
check "speed/font-cache-damaged-made-again" font_cache_damaged

# A fonts folder whose .cache cannot be made (octavo installed for all
# users, run by one; here .cache leads through a file, which stops root
# too): the cache goes to the user's ($XDG_CACHE_HOME/octavo/fonts) and is
# used from there, with no "Fontconfig error: No writable cache
# directories" (before, twice on every build, which read the fonts anew).
font_cache_user() {
	local f=$SPEED/fc-user x=$SPEED/fc-xdg c
	font_folder "$f" && font_built fc-user-ref "$SPEED/fc-damaged" || return 1
	ln -s /dev/null/octavo "$f/.cache" && rm -rf "$x" || return 1
	XDG_CACHE_HOME=$x font_built fc-user-1 "$f"
	same fc-user-ref fc-user-1 || return 1
	c=$(ls "$x"/octavo/fonts/*.cache-[0-9]) && [ -s "$c.sha256" ] ||
		{ echo "no cache in $x/octavo/fonts"; return 1; }
	touch -d 2001-01-01 "$c"
	XDG_CACHE_HOME=$x font_built fc-user-2 "$f"
	same fc-user-ref fc-user-2 &&
		[ "$(date -r "$c" +%Y)" = 2001 ] || { echo "the cache was made again"; return 1; }
}
check "speed/font-cache-in-users-cache-when-folder-is-not-writable" font_cache_user
