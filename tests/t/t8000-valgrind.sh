#!/bin/sh
test_description='valgrind memcheck: gen, scan, check, audit and explain over the test corpus (and on bad input) read and write only memory they own, and lose no block definitely'
. "$(dirname "$0")/../lib.sh"

have valgrind || skip_all 'valgrind is not installed (scripts/setup-debian.sh)'
[ -z "${CSHIM_SAN:-}" ] || skip_all 'an AddressSanitizer build cannot run under valgrind (make check SAN=1 is that check)'

# vg STATUS CMD...: cshim under memcheck exits with STATUS (not with 97,
# memcheck's: an invalid access, an uninitialised value used by cshim, or a
# definitely lost block).  CSHIM_ARENA_EXACT gives every arena allocation a
# block of its own, so that an overflow past one is seen.  libclang's own
# reports of uninitialised values are suppressed (tests/valgrind/libclang.supp
# says why); its reachable and possibly lost blocks are not errors.
vg() {
	want=$1
	shift
	CSHIM_ARENA_EXACT=1 valgrind -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --suppressions="$TESTS/valgrind/libclang.supp" "$CSHIM" "$@" >vg.out 2>vg.err
	got=$?
	if [ "$got" != "$want" ]; then
		say "exit status $got (97: memcheck errors), expected $want: cshim $*" && sed -n "1,80p" vg.err
		return 1
	fi
}

mkdir gen && cp -R "$TESTS/gen/." gen/ &&
cp -R "$TESTS/audit/helpers" "$TESTS/audit/include" "$TESTS/audit/clean.c" . || exit 1

test_expect_success 'gen: every output, over the headers of tests/gen' '
	(cd gen &&
	vg 0 gen aggregates.h basic.h fnptr.h names.h skipped.h -o all.c --header all.h --rust all.rs --json all.json --depfile all.d &&
	vg 0 gen macros.h --spec macros.spec -o m.c --header m.h --rust m.rs --json m.json) &&
	grep -q "^__rust_helper" gen/all.c && grep -q "^__rust_helper" gen/m.c
'

test_expect_success 'scan: the text report and JSON, with selection options' '
	(cd gen &&
	vg 0 scan --prefix my_ --allowlist-function "sel_.*|keep" --blocklist-function "sel_no.*" select.h &&
	grep -q "wrapped" vg.out &&
	vg 0 scan --json skipped.h && python3 -m json.tool vg.out >/dev/null)
'

test_expect_success 'check: helper calls left in a binary (text and JSON), none left' '
	gcc -O2 -fno-inline -c "$TESTS/check/helpers.c" -o helpers.o && ar rcs libh.a helpers.o &&
	gcc -O2 -fno-inline "$TESTS/check/calls.c" -L. -lh -o calls &&
	gcc -O2 "$TESTS/check/none.c" -o none &&
	vg 1 check calls && grep -q "residual call sites" vg.out &&
	vg 1 check --json calls && python3 -m json.tool vg.out >/dev/null &&
	vg 0 check none
'

test_expect_success 'audit: the defective tree and clean helpers, with --coverage' '
	vg 1 audit helpers/err.c helpers/node.c helpers/ref.c -- -Iinclude && grep -q "\[signature\]" vg.out &&
	vg 0 audit --coverage include/kobj.h clean.c -- -Iinclude
'

# explain on remarks written by hand in LLVM's format: the full LTO build of
# t6000 costs a rustc link, and the YAML reading is what is checked here.
test_expect_success 'explain: remarks of an inlined and a missed call, text and JSON' '
	cat >remarks.yaml <<-\EOF &&
	--- !Missed
	Pass:            inline
	Name:            NoDefinition
	DebugLoc:        { File: main.rs, Line: 5, Column: 9 }
	Function:        _ZN4main5twice17h0123456789abcdefE
	Args:
	  - Callee:          rust_helper_add
	  - String:          " will not be inlined into "
	  - Caller:          _ZN4main5twice17h0123456789abcdefE
	  - String:          " because its definition is unavailable"
	...
	--- !Passed
	Pass:            inline
	Name:            Inlined
	Function:        main
	Args:
	  - Callee:          rust_helper_neg
	  - String:          " inlined into "
	  - Caller:          main
	...
	EOF
	vg 1 explain remarks.yaml && grep -q "rust_helper_add: not inlined" vg.out &&
	vg 1 explain --json remarks.yaml && python3 -m json.tool vg.out >/dev/null
'

test_expect_success 'error paths: a header with errors, a bad spec line, not ELF, empty remarks, a missing file' '
	printf "static inline int f(int x { return x; }\n" >syntax.h &&
	printf "int NOSUCH(int x);\n" >nothing.spec && printf "static inline int g(void) { return 0; }\n" >g.h &&
	: >empty.yaml && echo text >text &&
	vg 1 gen syntax.h -o x.c &&
	vg 1 gen g.h --spec nothing.spec -o x.c &&
	vg 2 check text &&
	vg 2 explain empty.yaml &&
	vg 2 audit nosuch.c &&
	test ! -e x.c
'

test_done
