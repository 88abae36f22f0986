#!/bin/sh
test_description='constants of the same literal body share one probe line: the same answers as a line each (CSHIM_PROBE_EACH), the last #define holds, and a macro some #undef removes (the name split over lines, a comment before it) or any pop_macro gets a line of its own'
. "$(dirname "$0")/../lib.sh"

# Twins of every kind of answer (integers, a float, a string, an error), a
# first holder an inline function shadows, and in b.h: a redefinition with
# and one without an #undef (clang only warns), an
# #undef followed by a variable of the same name, an #undef whose name is
# split by a line continuation, one with a comment before the name.
cat >a.h <<'H'
#define ONE_A 1
#define ONE_B 1
#define ONE_C (1)
#define MASK_A (1UL << 3)
#define MASK_B (1UL << 3)
#define STR_A "abc"
#define STR_B "abc"
#define HALF_A 0.5
#define HALF_B 0.5
#define BAD_A 1 +
#define BAD_B 1 +
#define HZ_LIKE 100
#define OTHER_100 100
#define REDEF 100
#define GONE 7
#define SEVEN 7
#define SPLIT_NAME 5
#define FIVE 5
#define COMMENTED 6
#define SIX 6
static inline int SH(void) { return 1; }
#define SH 9
#define NINE 9
#include "b.h"
H
cat >b.h <<'H'
#define REDEF 250
#undef HZ_LIKE
#define HZ_LIKE 250
#undef GONE
static const int GONE = 3;
#undef SPLIT_\
NAME
#undef /* a comment */ COMMENTED
H
# pop_macro brings back a definition without a #define: PM ends as 1
# (after push_macro a redefinition needs no #undef).
cat >p.h <<'H'
#define PM 1
#pragma push_macro("PM")
#define PM 2
#pragma pop_macro("PM")
#define TWO 2
H

# gen_both NAME ARGS...: every output of gen, and scan's report, with shared
# lines (NAME/) and with a line each (NAME-each/); the command lines match.
gen_both() {
	name=$1
	shift
	for d in "$name" "$name-each"; do
		mkdir "$d" &&
		if [ "$d" = "$name" ]; then unset CSHIM_PROBE_EACH; else CSHIM_PROBE_EACH=1 && export CSHIM_PROBE_EACH; fi &&
		(cd "$d" && "$CSHIM" gen -o out.c --header out.h --rust out.rs --json out.json "$@" &&
			"$CSHIM" scan "$@" >scan.txt 2>&1) || return 1
	done
	unset CSHIM_PROBE_EACH
}
same() {
	for x in out.c out.h out.rs out.json scan.txt; do cmp "$1/$x" "$1-each/$x" || return 1; done
}
const() { grep -q "^pub const $2: ::core::ffi::c_int = $3;$" "$1/out.rs"; }

test_expect_success 'shared lines: byte-identical outputs and scan report to a line each' '
	gen_both t ../a.h && same t
'

test_expect_success 'every twin gets the answer: integers, float, string, error, a shadowed first holder' '
	const t ONE_B 1 && const t ONE_C 1 && const t NINE 9 &&
	grep -q "^pub const MASK_B: ::core::ffi::c_ulong = 8;$" t/out.rs &&
	grep -q "^pub const HALF_B: f64 = 0.5;$" t/out.rs &&
	grep -q "^pub const STR_B: &::core::ffi::CStr = c\"abc\";$" t/out.rs &&
	grep -q "BAD_A: skipped: not a constant: expected expression" t/scan.txt &&
	grep -q "BAD_B: skipped: not a constant: expected expression" t/scan.txt &&
	grep -q "SH: wrapped as rust_helper_SH" t/scan.txt
'

test_expect_success 'the last #define holds, and a name an #undef removes answers for itself' '
	const t HZ_LIKE 250 && const t REDEF 250 && const t OTHER_100 100 &&
	const t GONE 3 && const t SEVEN 7 && const t FIVE 5 && const t SIX 6 &&
	grep -q "SPLIT_NAME: skipped: not a constant: use of undeclared identifier .SPLIT_NAME." t/scan.txt &&
	grep -q "COMMENTED: skipped: not a constant: use of undeclared identifier .COMMENTED." t/scan.txt
'

test_expect_success 'pop_macro anywhere: a line each, PM as pop_macro left it' '
	gen_both p ../p.h && same p &&
	const p PM 1 && const p TWO 2
'

# System headers with every macro: #undef and redefinitions of real code
# (glibc undefines NR_OPEN of <linux/limits.h>, which shares its body 1024
# with a dozen other constants).
test_expect_success 'system headers, every macro: byte-identical outputs to a line each' '
	printf "#include <limits.h>\n#include <linux/limits.h>\n#include <signal.h>\n#include <fcntl.h>\n#include <sys/mman.h>\n#include <netdb.h>\n" >sys.h &&
	gen_both s ../sys.h --allowlist-file ".*" -- -D_GNU_SOURCE && same s &&
	grep -q "NR_OPEN: skipped: not a constant" s/scan.txt
'

test_done
