# The guide's build under valgrind (memcheck): no errors, no definitely
# lost blocks.  Slow (a minute or more), so only with VALGRIND=1:
#   VALGRIND=1 BUILD=build tests/run
if [ -n "${VALGRIND-}" ]; then
	valgrind_guide() {
		# octavo's malloc is jemalloc's (the Makefile's ALLOC_LIBS):
		# memcheck puts its own in its place, as it does glibc's
		valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
			--soname-synonyms=somalloc='libjemalloc.so*' \
			--error-exitcode=99 --suppressions=tests/valgrind.supp \
			--num-callers=30 "$OCTAVO" build book -o "$TMP/guide-valgrind" \
			>"$TMP/valgrind.log" 2>&1 || { cat "$TMP/valgrind.log"; return 1; }
	}
	check "valgrind/guide" valgrind_guide
fi
if [ -z "${VALGRIND-}" ]; then
	# CI runs it in its VALGRIND=1 run, not in the sanitizer's
	skip_in_ci "valgrind/guide" "only with VALGRIND=1 (slow)"
fi
