# Hostile inputs and a hostile system: the cases of issue 5 that cannot sit
# in git as plain folders (huge or deep generated chapters, unwritable or
# full disks, signals).  Each one checks the exact message, the exit status
# (1 input, 3 system, 128+N killed by signal N), that it finished in bounded
# time (every run is wrapped in `timeout 60`) and that an earlier output in
# the output folder is byte for byte as it was, with no temporary left.
#
# Needs python3 (to generate chapters); the read-only and tmpfs cases need
# `unshare -m` and mount (root), the signal-while-writing cases strace.
# A case the machine cannot run (no mount namespace, no ptrace for
# strace: containers deny them) is counted and listed as skipped, in CI
# too.
. tests/hostile.sh

# --- inputs -------------------------------------------------------------

# A single paragraph of 20 MB (one megabyte of words of random letters, on
# lines of about 80 characters, 20 times over): more than a chapter may
# hold (4 MB), refused at once.  Its first megabyte builds.
h_book para "random.seed(1)
words = ''.join(random.choices('abcdefghijklmnopqrstuvwxyz      ', k=1 << 20)).split()
lines, line = [], []
for x in words:
    line.append(x)
    if sum(map(len, line)) > 70: lines.append(' '.join(line)); line = []
w('# One paragraph\\n\\n' + '\\n'.join(lines * 20) + '\\n')"
h_para() {
	h_sentinel para-out
	h_run para-out para
	h_expect 1 "para/book.yaml:6:5: error: chapter 'one.md' is 19.3 MB, more than the 4 MB a chapter may have (split it into several chapters)" &&
		h_untouched para-out && h_quick 5000
}
check "hostile/paragraph-20mb" h_para

mkdir -p "$H/para1"
cp "$H/para/book.yaml" "$H/para1/"
head -c 1048576 "$H/para/one.md" | sed '$d' >"$H/para1/one.md"
h_para1() {
	h_sentinel para1-out
	h_run para1-out para1
	h_expect 0 "" && h_built para1-out
}
check "hostile/paragraph-1mb" h_para1

# 10,000 nested block quotes on one line: refused where nesting passes 64.
h_book quotes "w('# Deep\n\n' + '> ' * 10000 + 'deep\n')"
h_quotes() {
	h_sentinel quotes-out
	h_run quotes-out quotes
	h_expect 1 "quotes/one.md:3:129: error: nesting deeper than 64 levels" &&
		h_untouched quotes-out && h_quick 5000
}
check "hostile/nested-quotes-10000" h_quotes

# 10,000 nested lists ("- - - ... x": each item holds the next list); every
# list and item is a level, so the 33rd item is the 65th level.
h_book lists "w('# Deep\n\n' + '- ' * 10000 + 'x\n')"
h_lists() {
	h_sentinel lists-out
	h_run lists-out lists
	h_expect 1 "lists/one.md:3:65: error: nesting deeper than 64 levels" &&
		h_untouched lists-out && h_quick 5000
}
check "hostile/nested-lists-10000" h_lists

# The same with one item per line, indented (1,000 levels: the file grows
# with the square of the depth, 1 MB here).
h_book lists-indented "w('# Deep\n\n' + ''.join('  ' * i + '- item\n' for i in range(1000)))"
h_lists_indented() {
	h_sentinel lists-indented-out
	h_run lists-indented-out lists-indented
	h_expect 1 "lists-indented/one.md:34:65: error: nesting deeper than 64 levels" &&
		h_untouched lists-indented-out && h_quick 5000
}
check "hostile/nested-lists-indented" h_lists_indented

# Ordered lists inside block quotes, alternating: the same limit.
h_book mixed "w('# Deep\n\n' + '> 1. ' * 5000 + 'x\n')"
h_mixed() {
	h_sentinel mixed-out
	h_run mixed-out mixed
	h_expect 1 "mixed/one.md:3:108: error: nesting deeper than 64 levels" &&
		h_untouched mixed-out && h_quick 5000
}
check "hostile/nested-mixed-5000" h_mixed

# 10,000 footnotes, each referred to once: builds, no messages.
h_book notes "w('# Notes\n\n')
for i in range(10000): w('Sentence %d.[^n%d]\n\n' % (i, i))
for i in range(10000): w('[^n%d]: Note %d.\n' % (i, i))"
h_notes() {
	h_sentinel notes-out
	h_run notes-out notes
	h_expect 0 "" && h_built notes-out
}
check "hostile/footnotes-10000" h_notes

# One line of 1 MB with no space (nowhere to break it): builds.
h_book longline "w('# Long line\n\n' + 'x' * (1 << 20) + '\n')"
h_longline() {
	h_sentinel longline-out
	h_run longline-out longline
	h_expect 0 "" && h_built longline-out
}
check "hostile/line-1mb-no-spaces" h_longline

# Named pipes where files should be (git cannot hold them): octavo must not
# wait for a writer that never comes.
h_book fifo-chapter "w('# One\\n\\nText.\\n')"
printf '  - two.md\n' >>"$H/fifo-chapter/book.yaml"
mkfifo "$H/fifo-chapter/two.md"
h_fifo_chapter() {
	h_sentinel fifo-chapter-out
	h_run fifo-chapter-out fifo-chapter
	h_expect 1 "fifo-chapter/book.yaml:7:5: error: chapter 'two.md' is not a regular file" &&
		h_untouched fifo-chapter-out && h_quick 5000
}
check "hostile/chapter-is-a-fifo" h_fifo_chapter

h_book fifo-image "w('# One\\n\\n![A pipe](pipe.png)\\n')"
mkfifo "$H/fifo-image/pipe.png"
h_fifo_image() {
	h_sentinel fifo-image-out
	h_run fifo-image-out fifo-image
	h_expect 1 "fifo-image/one.md:3:1: error: image 'pipe.png' is not a regular file" &&
		h_untouched fifo-image-out && h_quick 5000
}
check "hostile/image-is-a-fifo" h_fifo_image

h_book fifo-manifest "w('# One\\n\\nText.\\n')"
rm "$H/fifo-manifest/book.yaml" && mkfifo "$H/fifo-manifest/book.yaml"
h_fifo_manifest() {
	h_sentinel fifo-manifest-out
	h_run fifo-manifest-out fifo-manifest
	h_expect 3 "octavo: fifo-manifest/book.yaml: not a regular file" &&
		h_untouched fifo-manifest-out && h_quick 5000
}
check "hostile/manifest-is-a-fifo" h_fifo_manifest

# --- outputs ------------------------------------------------------------

# A small book with enough text that each output is well over 64 KB, so a
# small disk runs out in the middle of writing it.
mkdir -p "$H/small"
printf 'title: "Hostile"\nlanguage: en-US\nidentifier: hostile-small\nslug: h\nchapters:\n' \
	>"$H/small/book.yaml"
for i in 1 2 3 4; do
	printf '  - c%s.md\n' "$i" >>"$H/small/book.yaml"
	python3 -c "import random; random.seed($i); L='abcdefghijklmnopqrstuvwxyz'
print('# Chapter $i\n')
for p in range(60): print(' '.join(''.join(random.choice(L) for _ in range(random.randint(2, 9))) for _ in range(120)) + '\n')" \
		>"$H/small/c$i.md"
done

# -o under a regular file: the folder cannot be made.
h_under_file() {
	printf 'a plain file\n' >"$H/afile"
	cp "$H/afile" "$H/afile.before"
	h_run afile/sub small
	h_expect 3 "octavo: afile/sub: Not a directory" &&
		cmp "$H/afile.before" "$H/afile"
}
check "hostile/output-under-a-file" h_under_file

# -o names a regular file: it is not a folder, and it stays as it was.
h_out_file() {
	printf 'a plain file\n' >"$H/bfile"
	cp "$H/bfile" "$H/bfile.before"
	h_run bfile small
	h_expect 3 "octavo: bfile: Not a directory" && cmp "$H/bfile.before" "$H/bfile"
}
check "hostile/output-is-a-file" h_out_file

# -o with an empty name is wrong usage.
h_out_empty() {
	h_run "" small
	h_expect 2 "octavo: -o needs a folder name
(octavo --help shows the usage)"
}
check "hostile/output-empty-name" h_out_empty

# The EPUB's name is taken by a folder: nothing is written, the PDF next to
# it stays as it was and the folder stays empty.
h_epub_folder() {
	h_sentinel epubdir-out
	rm "$H/epubdir-out/h.epub" && mkdir "$H/epubdir-out/h.epub"
	h_run epubdir-out small
	h_expect 3 "octavo: epubdir-out/h.epub: Is a directory" || return 1
	cmp "$H/epubdir-out.before/h.pdf" "$H/epubdir-out/h.pdf" &&
		[ -z "$(ls -A "$H/epubdir-out/h.epub")" ] && h_no_temps epubdir-out
}
check "hostile/output-epub-is-a-folder" h_epub_folder

# The PDF's name is taken by a folder: the EPUB, written first, must not
# replace the earlier one either (outputs change together or not at all).
h_pdf_folder() {
	h_sentinel pdfdir-out
	rm "$H/pdfdir-out/h.pdf" && mkdir "$H/pdfdir-out/h.pdf"
	h_run pdfdir-out small
	h_expect 3 "octavo: pdfdir-out/h.pdf: Is a directory" || return 1
	cmp "$H/pdfdir-out.before/h.epub" "$H/pdfdir-out/h.epub" &&
		h_no_temps pdfdir-out
}
check "hostile/output-pdf-is-a-folder" h_pdf_folder

# h_in_mount_ns ro|tmpfs OUT: the build in a private mount namespace whose
# output folder is made read-only or replaced by a 64 KB tmpfs (holding the
# earlier outputs).  The namespace checks the earlier outputs itself (a
# tmpfs goes away with it) and says on stderr what changed.
cat >"$H/ns.sh" <<'NS'
mode=$1 H=$2 out=$3 OCTAVO=$4 d=$2/$3
case $mode in
ro) mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" || exit 99 ;;
tmpfs) mount -t tmpfs -o size=64k tmpfs "$d" &&
	cp "$d.before/h.epub" "$d.before/h.pdf" "$d/" || exit 99 ;;
esac
cd "$H" && timeout 60 "$OCTAVO" build small -o "$out"
status=$?
for f in h.epub h.pdf; do
	cmp -s "$d.before/$f" "$d/$f" || echo "$out/$f was changed" >&2
done
[ -z "$(find "$d" -maxdepth 1 -name '.h.*')" ] || echo "temporary files left behind" >&2
exit $status
NS
h_in_mount_ns() {
	h_sentinel "$2"
	unshare -m bash "$H/ns.sh" "$1" "$H" "$2" "$OCTAVO" >/dev/null 2>"$H/stderr"
	h_status=$?
}
h_can_mount=
unshare -m bash -c "mount -t tmpfs -o size=64k tmpfs '$H'" 2>/dev/null && h_can_mount=1

# A read-only output folder (chmod means nothing to root: a read-only bind
# mount of the folder instead).
h_read_only() {
	h_in_mount_ns ro ro-out
	h_expect 3 "octavo: ro-out/h.epub: Read-only file system"
}
# A full disk: the outputs do not fit in what is left of 64 KB.
h_tmpfs_full() {
	h_in_mount_ns tmpfs tmpfs-out
	h_expect 3 "octavo: tmpfs-out/h.epub: No space left on device"
}
if [ -n "$h_can_mount" ]; then
	check "hostile/output-read-only" h_read_only
	check "hostile/disk-full-tmpfs-64k" h_tmpfs_full
else
	h_skip output-read-only "no private mount namespace here (unshare -m)"
	h_skip disk-full-tmpfs-64k "no private mount namespace here (unshare -m)"
fi

# A file size limit (ulimit -f 16: 16 KB): write() fails with EFBIG, as
# octavo ignores SIGXFSZ.
h_fsize() {
	h_sentinel fsize-out
	local t0=${EPOCHREALTIME/./}
	(cd "$H" && ulimit -f 16 && exec timeout 60 "$OCTAVO" build small -o fsize-out) \
		>/dev/null 2>"$H/stderr"
	h_status=$?
	h_ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	h_expect 3 "octavo: fsize-out/h.epub: File too large" && h_untouched fsize-out
}
check "hostile/disk-full-ulimit-f" h_fsize

# --- signals ------------------------------------------------------------

# A book that takes a while to build: 30 chapters of 40 KB.
mkdir -p "$H/big"
printf 'title: "Hostile"\nlanguage: en-US\nidentifier: hostile-big\nslug: h\nchapters:\n' \
	>"$H/big/book.yaml"
python3 - "$H/big" <<'PY'
import random, sys
random.seed(7)
L = 'abcdefghijklmnopqrstuvwxyz'
with open(sys.argv[1] + '/book.yaml', 'a') as y:
    for c in range(1, 31):
        y.write('  - c%02d.md\n' % c)
        with open('%s/c%02d.md' % (sys.argv[1], c), 'w') as f:
            f.write('# Chapter %d\n\n' % c)
            for p in range(40):
                f.write(' '.join(''.join(random.choice(L) for _ in range(random.randint(2, 9)))
                                 for _ in range(170)) + '\n\n')
PY

# h_child PID: the one child process of PID.
h_child() { pgrep -P "$1" | head -n 1; }

# SIG in the middle of the build (0.3 s in, while octavo reads and
# renders): octavo dies of SIG, the earlier outputs stay, no temporary.
h_signal_building() { # SIG STATUS
	local out=sig-$1-out pid oc
	h_sentinel "$out"
	(cd "$H" && exec timeout 60 "$OCTAVO" build big -o "$out") >/dev/null 2>"$H/stderr" &
	pid=$!
	sleep 0.3
	oc=$(h_child "$pid")
	[ -n "$oc" ] || { wait "$pid"; echo "the build ended before the signal (status $?): make the book bigger"; return 1; }
	kill -s "$1" "$oc"
	wait "$pid"
	h_status=$?
	h_expect "$2" "" && h_untouched "$out"
}
check "hostile/sigint-while-building" h_signal_building INT 130
check "hostile/sigterm-while-building" h_signal_building TERM 143

# SIG while the temporary output file exists: strace holds each fsync for 3
# s, the signal comes as soon as the temporary appears.  The handler must
# remove it; the earlier output stays.
h_signal_writing() { # SIG STATUS
	local out=sigw-$1-out pid st oc i
	h_sentinel "$out"
	(cd "$H" && exec timeout 60 strace -f -o /dev/null -e trace=fsync \
		-e inject=fsync:delay_enter=3000000 "$OCTAVO" build small -o "$out") \
		>/dev/null 2>"$H/stderr" &
	pid=$!
	for i in $(seq 1500); do
		[ -n "$(find "$H/$out" -maxdepth 1 -name '.h.*')" ] && break
		sleep 0.02
	done
	st=$(h_child "$pid")
	oc=${st:+$(h_child "$st")}
	[ -n "$oc" ] && [ -n "$(find "$H/$out" -maxdepth 1 -name '.h.*')" ] ||
		{ wait "$pid"; echo "no temporary file was seen (status $?)"; return 1; }
	kill -s "$1" "$oc"
	wait "$pid"
	h_status=$?
	h_expect "$2" "" && h_untouched "$out"
}
# SIG while an archive's new folder is being filled (one file already in
# it, the next being synced): the handler removes what was written and
# the folder; no version and no hidden folder are left.
# h_archive_slowed BOOK ARCH: archives BOOK into ARCH (emptied first)
# under strace, each fsync a second long, in the background; returns once
# two files are in its new folder, with the strace in $pid and octavo in
# $oc (1 and a message if no file was seen).
h_archive_slowed() {
	local i st
	rm -rf "$2"
	timeout 60 strace -f -o /dev/null -e trace=fsync \
		-e inject=fsync:delay_enter=1000000 "$OCTAVO" archive "$1" --to "$2" \
		>/dev/null 2>"$H/stderr" &
	pid=$!
	for i in $(seq 1500); do
		[ "$(find "$2" -mindepth 2 -type f 2>/dev/null | wc -l)" -ge 2 ] && break
		sleep 0.02
	done
	st=$(h_child "$pid")
	oc=${st:+$(h_child "$st")}
	[ -n "$oc" ] && [ "$(find "$2" -mindepth 2 -type f | wc -l)" -ge 2 ] ||
		{ wait "$pid"; echo "no file was seen in the new folder (status $?)"; return 1; }
}
h_signal_archiving() { # SIG STATUS
	local arch=$H/sig-$1-archive pid oc
	h_archive_slowed book "$arch" || return 1
	kill -s "$1" "$oc"
	wait "$pid"
	h_status=$?
	h_expect "$2" "" || return 1
	[ -z "$(ls -A "$arch")" ] || { echo "left in $arch:"; find "$arch"; return 1; }
}
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
	check "hostile/sigint-while-writing" h_signal_writing INT 130
	check "hostile/sigterm-while-writing" h_signal_writing TERM 143
	check "hostile/sigint-while-archiving" h_signal_archiving INT 130
	# A crash (here a SIGSEGV sent while the temporary exists, as a fault
	# would raise it) leaves no temporary either, and says so and where:
	# a backtrace of octavo's frames.  Sanitizer builds keep their own
	# report of a crash.
	h_crash_writing() {
		local first
		h_signal_writing SEGV 139 >/dev/null
		first=$(head -n 1 "$H/stderr")
		[ "$first" = "octavo: internal error: segmentation fault; the outputs were left as they were.  Please report this with the lines below:" ] ||
			{ echo "first line: $first"; return 1; }
		grep -q 'octavo(' "$H/stderr" || { echo "no frame of octavo:"; cat "$H/stderr"; return 1; }
		[ "$h_status" -eq 139 ] || { echo "exit status $h_status"; return 1; }
		h_untouched sigw-SEGV-out
	}
	if [ -z "${SANITIZE-}" ]; then
		check "hostile/crash-while-writing" h_crash_writing
	else
		skip_in_ci "hostile/crash-while-writing" "ASan reports crashes itself"
	fi
else
	h_skip sig-while-writing "strace is missing or may not trace here"
fi

# --- what SIGKILL leaves --------------------------------------------------

# SIGKILL gives octavo no chance to remove anything: a killed build left
# its full-size hidden temporary for ever, a killed archive its
# .VERSION.* folder, a killed verify its unpacked sources in $TMPDIR.
# Each is locked by the octavo that made it while it lives; the next
# build, archive or verify there removes what nobody holds, and never
# what a running octavo holds.

# h_stalled OUT: starts `build small -o OUT` with every fsync held for 3 s
# and sets h_pid (timeout's) and h_oc (octavo's) once its temporary file
# is there.  (LeakSanitizer cannot run under strace's ptrace.)
h_stalled() {
	local st i
	(cd "$H" && export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 &&
		exec timeout 60 strace -f -o /dev/null -e trace=fsync \
		-e inject=fsync:delay_enter=3000000 "$OCTAVO" build small -o "$1") \
		>/dev/null 2>"$H/stderr.stalled" &
	h_pid=$!
	for i in $(seq 1500); do
		[ -n "$(find "$H/$1" -maxdepth 1 -name '.h.*')" ] && break
		sleep 0.02
	done
	st=$(h_child "$h_pid")
	h_oc=${st:+$(h_child "$st")}
	[ -n "$h_oc" ] && [ -n "$(find "$H/$1" -maxdepth 1 -name '.h.*')" ] ||
		{ wait "$h_pid"; echo "no temporary file was seen (status $?)"; return 1; }
}

h_kill_writing() {
	h_sentinel sigkill-out
	h_stalled sigkill-out || return 1
	kill -KILL "$h_oc"
	wait "$h_pid"
	[ -n "$(find "$H/sigkill-out" -maxdepth 1 -name '.h.*')" ] ||
		{ echo "SIGKILL left no temporary: the case shows nothing"; return 1; }
	h_run sigkill-out small
	h_expect 0 "" && h_built sigkill-out
}

# A build into a folder where another build is writing leaves its
# temporary alone: the other build still ends well.
h_sweep_spares_live() {
	local st
	rm -rf "$H/live-out"
	mkdir -p "$H/live-out"
	h_stalled live-out || return 1
	h_run live-out small --format epub
	h_expect 0 "" || { wait "$h_pid"; return 1; }
	wait "$h_pid"
	st=$?
	[ "$st" -eq 0 ] || { echo "the stalled build ended with $st"; cat "$H/stderr.stalled"; return 1; }
	[ -s "$H/live-out/h.pdf" ] && h_no_temps live-out
}

# h_kill_archiving: an archive killed while its new folder is being filled,
# then the next archive into that folder.
h_kill_archiving() {
	local arch=$H/sigkill-archive pid oc
	h_archive_slowed "$H/arch-small" "$arch" || return 1
	kill -KILL "$oc"
	wait "$pid"
	[ -n "$(find "$arch" -mindepth 1 -maxdepth 1 -name '.1.0.0.*')" ] ||
		{ echo "SIGKILL left no folder: the case shows nothing"; return 1; }
	"$OCTAVO" archive "$H/arch-small" --to "$arch" >/dev/null 2>"$H/stderr" ||
		{ cat "$H/stderr"; return 1; }
	[ "$(ls -A "$arch")" = "1.0.0" ] || { echo "left in $arch:"; ls -A "$arch"; return 1; }
}

# h_verify_signal SIG: verify with its own $TMPDIR, signalled once its
# sources are unpacked there, while it rebuilds.
h_verify_signal() {
	local t=$H/vtmp-$1 pid oc i
	rm -rf "$t" && mkdir -p "$t"
	(cd "$H" && TMPDIR=$t exec timeout 60 "$OCTAVO" verify arch-archive/1.0.0) \
		>/dev/null 2>"$H/stderr" &
	pid=$!
	for i in $(seq 1500); do
		[ -n "$(find "$t" -mindepth 3 -name '*.md' 2>/dev/null)" ] && break
		sleep 0.02
	done
	oc=$(h_child "$pid")
	[ -n "$oc" ] && [ -n "$(ls -A "$t")" ] ||
		{ wait "$pid"; echo "verify unpacked nothing before it ended (status $?)"; return 1; }
	kill -s "$1" "$oc"
	wait "$pid"
	h_status=$?
}
h_verify_term() {
	h_verify_signal TERM || return 1
	h_expect 143 "" || return 1
	[ -z "$(ls -A "$H/vtmp-TERM")" ] || { echo "left in \$TMPDIR:"; ls -A "$H/vtmp-TERM"; return 1; }
}
h_verify_kill() {
	h_verify_signal KILL || return 1
	[ -n "$(ls -A "$H/vtmp-KILL")" ] || { echo "SIGKILL left nothing: the case shows nothing"; return 1; }
	# (the small book's edition: a busy machine takes over a minute to
	# rebuild the big one)
	(cd "$H" && TMPDIR=$H/vtmp-KILL exec timeout 60 "$OCTAVO" verify small-archive/1.0.0) >"$H/stdout" 2>"$H/stderr" ||
		{ echo "the next verify ended with $?"; cat "$H/stdout" "$H/stderr"; return 1; }
	[ -z "$(ls -A "$H/vtmp-KILL")" ] || { echo "left in \$TMPDIR:"; ls -A "$H/vtmp-KILL"; return 1; }
}

# the small book as version 1.0.0; each archived once
cp -r "$H/small" "$H/arch-small"
printf 'version: "1.0.0"\n' >>"$H/arch-small/book.yaml"
cp -r "$H/big" "$H/arch-book"
printf 'version: "1.0.0"\n' >>"$H/arch-book/book.yaml"
(cd "$H" && "$OCTAVO" archive arch-book --to arch-archive) >/dev/null 2>&1
(cd "$H" && "$OCTAVO" archive arch-small --to small-archive) >/dev/null 2>&1
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
	check "hostile/sigkill-while-writing" h_kill_writing
	check "hostile/sweep-spares-live-temporary" h_sweep_spares_live
	check "hostile/sigkill-while-archiving" h_kill_archiving
	sweep_lookalikes=1
else
	h_skip sigkill-while-writing "strace is missing or may not trace here"
fi
check "hostile/verify-sigterm" h_verify_term
check "hostile/verify-sigkill" h_verify_kill

# --- the sweep removes octavo's own temporaries, nothing else ------------

# h_lookalikes DIR: files and folders of the user's in DIR named as
# octavo names its temporaries (the six-letter form octavo used before,
# the form with a mark that is not their own, a symbolic link to a file
# outside, a folder holding a file); their hashes go to DIR.sums.
h_lookalikes() {
	local d=$1
	printf 'mine, six letters\n' >"$d/.h.epub.octavo-Ab12Cd"
	printf 'mine, a mark not its own\n' >"$d/.h.pdf.octavo-0123456789ab"
	printf 'my notes\n' >"$d/.notes.octavo-a1b2c3d4e5f6"
	printf 'outside\n' >"$d.outside"
	ln -s "$d.outside" "$d/.h.epub.octavo-fedcba987654"
	mkdir -p "$d/.2.0.0.octavo-00112233aabb" "$d/.2.0.0.octavo-Ab12Cd"
	printf 'kept\n' >"$d/.2.0.0.octavo-00112233aabb/keep.txt"
	printf 'kept\n' >"$d/.2.0.0.octavo-Ab12Cd/keep.txt"
	(cd "$d" && sha256sum .h.epub.octavo-Ab12Cd .h.pdf.octavo-0123456789ab \
		.notes.octavo-a1b2c3d4e5f6 .h.epub.octavo-fedcba987654 \
		.2.0.0.octavo-00112233aabb/keep.txt .2.0.0.octavo-Ab12Cd/keep.txt "$d.outside") >"$d.sums"
}
# h_lookalikes_kept DIR: every one of them is there, with its bytes, the
# link still a link.
h_lookalikes_kept() {
	local d=$1
	(cd "$d" && sha256sum --quiet -c "$d.sums") || { echo "a file of the user's in $d was changed"; return 1; }
	[ -L "$d/.h.epub.octavo-fedcba987654" ] || { echo "the link in $d was replaced"; return 1; }
}

# A build killed (SIGKILL) leaves its temporary; the user has files named
# like temporaries there.  A build into the folder made read-only fails
# with the folder's message and removes nothing; the next build removes
# the killed one's temporary and nothing of the user's.
h_sweep_lookalikes() {
	local d=$H/look-out stale
	rm -rf "$d" "$d.before"
	h_sentinel look-out
	h_stalled look-out || return 1
	kill -KILL "$h_oc"
	wait "$h_pid"
	stale=$(find "$d" -maxdepth 1 -name '.h.*')
	[ -n "$stale" ] || { echo "SIGKILL left no temporary: the case shows nothing"; return 1; }
	h_lookalikes "$d"
	if [ -n "$h_can_mount" ]; then
		unshare -m bash -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 99
			cd "$2" && exec timeout 60 "$3" build small -o look-out' _ "$d" "$H" "$OCTAVO" \
			>/dev/null 2>"$H/stderr"
		h_status=$?
		h_expect 3 "octavo: look-out/h.epub: Read-only file system" || return 1
		for f in $stale; do
			[ -f "$f" ] || { echo "$f went from a read-only folder"; return 1; }
		done
		h_lookalikes_kept "$d" || return 1
	fi
	h_run look-out small
	h_expect 0 "" || return 1
	for f in $stale; do
		[ ! -e "$f" ] || { echo "the killed build's $f is still there"; return 1; }
	done
	for f in h.epub h.pdf; do
		[ -s "$d/$f" ] && ! cmp -s "$d.before/$f" "$d/$f" || { echo "look-out/$f was not replaced"; return 1; }
	done
	h_lookalikes_kept "$d"
}

# An archive into a folder, and a verify with a $TMPDIR, holding folders of
# the user's named as octavo names its own: all kept, byte for byte.
h_archive_lookalikes() {
	local arch=$H/look-archive t=$H/look-tmp
	rm -rf "$arch" "$t" && mkdir -p "$arch" "$t"
	h_lookalikes "$arch"
	"$OCTAVO" archive "$H/arch-small" --to "$arch" >/dev/null 2>"$H/stderr"
	h_status=$?
	h_expect 0 "" && h_lookalikes_kept "$arch" || return 1
	[ -f "$arch/1.0.0/SHA256SUMS" ] || { echo "no 1.0.0 archived"; return 1; }
	mkdir -p "$t/octavo-unpacked-00112233aabb/book" "$t/octavo-unpacked-Ab12Cd"
	printf 'mine\n' >"$t/octavo-unpacked-00112233aabb/book/one.md"
	printf 'mine\n' >"$t/octavo-unpacked-Ab12Cd/one.md"
	(cd "$H" && TMPDIR=$t exec timeout 60 "$OCTAVO" verify look-archive/1.0.0) >/dev/null 2>"$H/stderr"
	h_status=$?
	h_expect 0 "" || return 1
	[ "$(cat "$t/octavo-unpacked-00112233aabb/book/one.md" "$t/octavo-unpacked-Ab12Cd/one.md")" = "mine
mine" ] || { echo "a folder of the user's in \$TMPDIR was changed"; return 1; }
	[ "$(ls -A "$t" | LC_ALL=C sort | tr '\n' ' ')" = "octavo-unpacked-00112233aabb octavo-unpacked-Ab12Cd " ] ||
		{ echo "in \$TMPDIR:"; ls -A "$t"; return 1; }
}
check "hostile/archive-verify-spare-lookalikes" h_archive_lookalikes

# Two builds of one book into one folder at once, three times: each ends
# well, the outputs are whole (the bytes of a build alone), and no
# temporary is left.
h_concurrent() {
	local a b sa sb i f
	rm -rf "$H/conc-out" "$H/conc-ref" && mkdir -p "$H/conc-out"
	h_run conc-ref small
	h_expect 0 "" || return 1
	for i in 1 2 3; do
		(cd "$H" && exec timeout 60 "$OCTAVO" build small -o conc-out) >/dev/null 2>"$H/stderr.a" &
		a=$!
		(cd "$H" && exec timeout 60 "$OCTAVO" build small -o conc-out) >/dev/null 2>"$H/stderr.b" &
		b=$!
		wait "$a"; sa=$?
		wait "$b"; sb=$?
		[ "$sa" -eq 0 ] && [ "$sb" -eq 0 ] && [ ! -s "$H/stderr.a" ] && [ ! -s "$H/stderr.b" ] ||
			{ echo "round $i: exit $sa and $sb"; cat "$H/stderr.a" "$H/stderr.b"; return 1; }
		for f in h.epub h.pdf; do
			cmp "$H/conc-ref/$f" "$H/conc-out/$f" || { echo "round $i: $f differs"; return 1; }
		done
		h_no_temps conc-out || return 1
	done
}
check "hostile/concurrent-builds-one-folder" h_concurrent
if [ -n "${sweep_lookalikes-}" ]; then
	check "hostile/sweep-spares-lookalikes" h_sweep_lookalikes
else
	h_skip sweep-spares-lookalikes "strace is missing or may not trace here"
fi
