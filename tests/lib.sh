# tests/lib.sh: a tiny TAP library in the style of git's t/test-lib.sh.
#
# A test script sets test_description, sources this file, runs
# `test_expect_success 'title' 'commands'` for each behaviour and ends with
# test_done.  Each script runs in its own scratch directory ($TRASH, removed
# on success) with $CSHIM pointing at the binary under test and $SRC at the
# repository root.  Prerequisites that are missing make a test "skip" (never
# counted as passed): `test_have_prereq CLANG22 || skip_all 'no clang-22'`,
# or one test: `test_skip 'title' 'reason'`.
#
# With CSHIM_SAN=1 (`make check SAN=1`, $CSHIM built with ASan+UBSan) every
# sanitizer report is written to $SANLOG and fails the test that caused it,
# even one that expected cshim to fail: the report's exit status (99) alone
# would pass a test written as `! "$CSHIM" ...`.

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
SANLOG=$TRASH.sanlog
if [ -n "${CSHIM_SAN:-}" ]; then
	rm -rf "$SANLOG" && mkdir -p "$SANLOG" || exit 1
	ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=99:log_path=$SANLOG/asan"
	UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=99:log_path=$SANLOG/ubsan"
	export ASAN_OPTIONS UBSAN_OPTIONS
fi

say() { printf '%s\n' "$*"; }

# Sanitizer reports written since the last call: print them, then clear them.
san_reports() {
	[ -n "${CSHIM_SAN:-}" ] && [ -n "$(ls -A "$SANLOG")" ] || return 1
	for f in "$SANLOG"/*; do say "sanitizer report $f:" && cat "$f" && rm -f "$f"; done
}

test_expect_success() {
	test_count=$((test_count + 1))
	out=$TRASH/.out.$test_count
	if (eval "$2") >"$out" 2>&1 && ! san_reports >>"$out"; then
		say "ok $test_count - $1"
		[ -n "$test_verbose" ] && sed 's/^/# /' "$out"
	else
		san_reports >>"$out"
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
	cd / && rm -rf "$TRASH" "$SANLOG"
	exit 0
}

test_done() {
	if san_reports >"$TRASH/.san.outside"; then
		sed 's/^/# /' "$TRASH/.san.outside" | head -n 60
		test_failed=$((test_failed + 1)) # a report from outside any test
	fi
	say "1..$test_count"
	cd /
	if [ "$test_failed" = 0 ]; then
		rm -rf "$TRASH" "$SANLOG"
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
