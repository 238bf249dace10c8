# Unit tests in C: each tests/unit/*_test.c links the library; every
# "ok NAME" / "FAIL NAME" line it prints is one test.  A unit test may
# include a folder's private header by its name ("epub.h"): every folder
# of src/ that holds one is on the include path, after include/.
# shellcheck disable=SC2046
unit_cflags=$(make -s --no-print-directory cflags)
unit_private=$(find src -name '*.h' -printf '-I%h\n' | LC_ALL=C sort -u | tr '\n' ' ')
unit_libs=$(make -s --no-print-directory libs)
for src in tests/unit/*_test.c; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .c)
	bin=$TMP/$name
	# shellcheck disable=SC2086
	if ! ${CC:-cc} $unit_cflags -g -Wall -Wextra -Werror \
		-Wno-unused-parameter -Wno-unused-function ${SANITIZE:+-fsanitize=address,undefined} \
		-Itests/unit $unit_private "$src" "$BUILD/libocta.a" \
		$unit_libs -o "$bin" \
		>"$TMP/$name.cc" 2>&1; then
		fail "$name" "does not compile"; sed 's/^/     /' "$TMP/$name.cc" | head -20
		continue
	fi
	"$bin" >"$TMP/$name.out" 2>&1
	status=$?
	while read -r word rest; do
		case $word in
		ok) pass "$name/$rest" ;;
		FAIL) fail "$name/$rest" ;;
		*) echo "     $word $rest" ;;
		esac
	done <"$TMP/$name.out"
	[ $status -eq 0 ] || grep -q '^FAIL' "$TMP/$name.out" ||
		fail "$name" "exit status $status"
done
