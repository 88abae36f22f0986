# tests/lib.sh: a tiny TAP library in the style of git's t/test-lib.sh.
#
# A test script sets test_description, sources this file, runs
# `test_expect_success 'title' 'commands'` for each behaviour and ends with
# test_done.  Each script runs in its own scratch directory ($TRASH, removed
# on success) with $CSHIM pointing at the binary under test and $SRC at the
# repository root.  Prerequisites that are missing make a test "skip" (never
# counted as passed): `test_have_prereq CLANG22 || skip_all 'no clang-22'`,
# or one test: `test_skip 'title' 'reason'`.

set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
CSHIM=${CSHIM:-$SRC/build/cshim}
TESTS=$SRC/tests
name=$(basename "$0" .sh)
TRASH=${TMPDIR:-/tmp}/cshim-trash.$name.$$
rm -rf "$TRASH" && mkdir -p "$TRASH" && cd "$TRASH" || exit 1
test_count=0
test_failed=0
test_verbose=${TEST_VERBOSE:-}

say() { printf '%s\n' "$*"; }

test_expect_success() {
	test_count=$((test_count + 1))
	out=$TRASH/.out.$test_count
	if (eval "$2") >"$out" 2>&1; then
		say "ok $test_count - $1"
		[ -n "$test_verbose" ] && sed 's/^/# /' "$out"
	else
		test_failed=$((test_failed + 1))
		say "not ok $test_count - $1"
		sed 's/^/#   /' "$out" | head -n 60
	fi
	return 0
}

# Run a command that must fail with the given exit status.
test_expect_code() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" != "$want" ]; then
		say "exit status $got, expected $want: $*"
		return 1
	fi
	return 0
}

test_cmp() { diff -u "$1" "$2"; }

# Skip one test, saying why, as TAP's "ok N - title # SKIP reason": for a
# test whose prerequisite is found missing only at run time.  tests/run
# counts it as skipped, never as passed.
test_skip() {
	test_count=$((test_count + 1))
	say "ok $test_count - $1 # SKIP $2"
}

skip_all() {
	say "1..0 # SKIP $1"
	cd / && rm -rf "$TRASH"
	exit 0
}

test_done() {
	say "1..$test_count"
	cd /
	if [ "$test_failed" = 0 ]; then
		rm -rf "$TRASH"
		exit 0
	fi
	say "# failed $test_failed of $test_count (scratch kept in $TRASH)"
	exit 1
}

# Toolchain lookups shared by the tests.
RUST_LLD=$(ls "$(rustc --print sysroot 2>/dev/null)"/lib/rustlib/*/bin/rust-lld 2>/dev/null | head -n 1)
have() { command -v "$1" >/dev/null 2>&1; }

# rust_decls_compile FILE.rs NAME: the generated Rust declarations compile
# with -D warnings as a std library and as a #![no_std] one.
rust_decls_compile() {
	printf "pub mod ffi { include!(\"%s\"); }\n" "$1" >"lib_$2.rs" &&
	rustc --edition 2021 -D warnings --crate-type lib --emit=metadata -o "lib$2.rmeta" "lib_$2.rs" &&
	printf "#![no_std]\npub mod ffi { include!(\"%s\"); }\n" "$1" >"nostd_$2.rs" &&
	rustc --edition 2021 -D warnings --crate-type lib --emit=metadata -o "nostd$2.rmeta" "nostd_$2.rs"
}
