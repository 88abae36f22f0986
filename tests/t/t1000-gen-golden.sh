#!/bin/sh
test_description='cshim gen: each header in tests/gen gives the expected helpers, Rust and scan report'
. "$(dirname "$0")/../lib.sh"

# tests/gen/NAME.h is the input (its first line may be "// cshim-flags: ...");
# NAME.expected.{c,rs,scan} are the outputs.  CSHIM_UPDATE_GOLDEN=1 rewrites
# the expectations from the current output (then review the diff).
for h in "$TESTS"/gen/*.h; do
	name=$(basename "$h" .h)
	[ -f "$TESTS/gen/$name.expected.c" ] || [ -n "${CSHIM_UPDATE_GOLDEN:-}" ] || continue
	flags=$(sed -n 's|^// cshim-flags: ||p' "$h")
	test_expect_success "golden: $name" '
		mkdir -p "$name" && cp -R "$TESTS/gen/." "$name"/ && (
		cd "$name" &&
		eval "\"\$CSHIM\" gen $name.h -o $name.c --rust $name.rs $flags" &&
		eval "\"\$CSHIM\" scan $name.h $flags" >$name.scan
		) &&
		if [ -n "${CSHIM_UPDATE_GOLDEN:-}" ]; then
			for x in c rs scan; do cp "$name/$name.$x" "$TESTS/gen/$name.expected.$x"; done
		fi &&
		test_cmp "$TESTS/gen/$name.expected.c" "$name/$name.c" &&
		test_cmp "$TESTS/gen/$name.expected.rs" "$name/$name.rs" &&
		test_cmp "$TESTS/gen/$name.expected.scan" "$name/$name.scan"
	'
done

test_done
