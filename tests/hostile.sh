# tests/hostile.sh - what the hostile suites (35, 36) share: a scratch
# folder $H, books made from a line of Python, earlier outputs to compare
# with, and a build run within time and memory limits.  Sourced by the
# suites (tests/run's check, $TMP and $OCTAVO are set).
H=$TMP/hostile
mkdir -p "$H"

# h_skip NAME WHY: a case this machine cannot run, even in CI (a
# container may deny mount namespaces or ptrace): counted and listed.
h_skip() { skip_in_ci "hostile/$1" "$2"; }

# h_book NAME PYTHON: a book folder $H/NAME (slug "h") whose one chapter is
# what the Python expression writes to stdout (w = sys.stdout.write).
h_book() {
	mkdir -p "$H/$1"
	printf 'title: "Hostile"\nlanguage: en-US\nidentifier: hostile-%s\nslug: h\nchapters:\n  - one.md\n' \
		"$1" >"$H/$1/book.yaml"
	python3 -c "import sys, random; w = sys.stdout.write; $2" >"$H/$1/one.md"
}

# h_sentinel OUT: an earlier good output, and a copy to compare with.
h_sentinel() {
	mkdir -p "$H/$1" "$H/$1.before"
	printf 'earlier good epub\n' >"$H/$1.before/h.epub"
	printf 'earlier good pdf\n' >"$H/$1.before/h.pdf"
	cp "$H/$1.before/h.epub" "$H/$1.before/h.pdf" "$H/$1/"
}

# h_run OUT BOOK [OPTION...]: one build from $H, within 60 s ($h_timeout
# when set; h_slow times that under the sanitizers, whose builds are
# several times slower: 10,000 footnotes took 62 s beside a valgrind run)
# and (outside the sanitizers, which need huge address space)
# $h_mem KB of memory (4 GB unless the suite says otherwise).  Sets
# h_status, h_ms (the clock's milliseconds) and h_cpu (the processor's,
# user and system: what a shared machine does not stretch); the messages
# are in $H/stderr.
h_mem=4194304
h_slow=1
[ -z "${SANITIZE-}" ] || h_slow=10
h_run() {
	local out=$1 book=$2 t0=${EPOCHREALTIME/./} TIMEFORMAT='%3U %3S'
	shift 2
	# (time's own report goes where the braces' stderr goes)
	{ time { (cd "$H" && { [ -n "${SANITIZE-}" ] || ulimit -v "$h_mem"; } &&
		exec timeout "${h_timeout:-$((60 * h_slow))}" "$OCTAVO" build "$book" -o "$out" "$@") \
		>/dev/null 2>"$H/stderr"; }; } 2>"$H/cpu"
	h_status=$?
	h_ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	h_cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$H/cpu")
}

# h_expect STATUS MESSAGE: the exit status and the exact messages.
h_expect() {
	[ "$h_status" -ne 124 ] || { echo "no result within ${h_timeout:-$((60 * h_slow))} s"; return 1; }
	[ "$h_status" -eq "$1" ] ||
		{ echo "exit status $h_status, expected $1"; cat "$H/stderr"; return 1; }
	if [ -z "$2" ]; then diff -u /dev/null "$H/stderr"
	else printf '%s\n' "$2" | diff -u - "$H/stderr"; fi
}

# h_untouched OUT: the earlier outputs are as they were; no temporaries.
h_untouched() {
	local f
	for f in h.epub h.pdf; do
		cmp "$H/$1.before/$f" "$H/$1/$f" || { echo "$1/$f was changed"; return 1; }
	done
	h_no_temps "$1"
}

h_no_temps() {
	local left
	left=$(find "$H/$1" -maxdepth 1 -name '.h.*')
	[ -z "$left" ] || { echo "temporary files left behind: $left"; return 1; }
}

# h_built OUT: both outputs were written and replaced the earlier ones.
h_built() {
	local f
	for f in h.epub h.pdf; do
		[ -s "$H/$1/$f" ] || { echo "$1/$f is missing or empty"; return 1; }
		! cmp -s "$H/$1.before/$f" "$H/$1/$f" || { echo "$1/$f was not replaced"; return 1; }
	done
	h_no_temps "$1"
}

# h_quick MS: the run took at most MS milliseconds (sanitizers: h_slow
# times; it was written to be 5 and was 51, "${SANITIZE:+5}${SANITIZE:-1}").
h_quick() {
	local limit=$(($1 * h_slow))
	[ "$h_ms" -le "$limit" ] || { echo "took $h_ms ms (limit $limit ms)"; return 1; }
}

# h_quick_cpu MS: the same for the processor time.
h_quick_cpu() {
	local limit=$(($1 * h_slow))
	[ "$h_cpu" -le "$limit" ] || { echo "took $h_cpu ms of processor time (limit $limit ms)"; return 1; }
}

