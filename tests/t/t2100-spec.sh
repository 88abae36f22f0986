#!/bin/sh
test_description='spec files and macro options: errors at file:line:col, nothing written on error, var selection, const prefix'
. "$(dirname "$0")/../lib.sh"

cat >m.h <<'H'
#define LIMIT 10
#define __HIDDEN 3
#define _ALSO_HIDDEN 4
#define TWICE(x) ((x) * 2)
#define PTR ((void *)16)
static inline int twice_fn(int x) { return x * 2; }
H

test_expect_success 'a spec line gives a macro its signature' '
	printf "int TWICE(int x);\n" >ok.spec &&
	"$CSHIM" scan m.h --spec ok.spec >out &&
	grep -q "^ok.spec:1:5: TWICE: wrapped as rust_helper_TWICE (spec line)$" out
'

test_expect_success 'without it: needs a signature, with a line to start from' '
	"$CSHIM" scan m.h >out &&
	grep -q "TWICE: needs a signature: add a spec line such as .int TWICE(int x);." out
'

test_expect_success 'a spec line replaces an inline function of the same name' '
	printf "long twice_fn(long x);\n" >fn.spec &&
	"$CSHIM" scan m.h --spec fn.spec >out &&
	grep -q "twice_fn: skipped: wrapped as its spec line fn.spec:1 says" out &&
	grep -q "^fn.spec:1:6: twice_fn: wrapped as rust_helper_twice_fn (spec line)$" out
'

test_expect_success 'malformed lines: one error each at file:line:col, nothing written' '
	printf "# comment\n\nint TWICE(int x)\nint;\nint NOPE(int x);\nint TWICE(undefined_t x);\nint own(int) = 1;\n" >bad.spec &&
	test_expect_code 1 "$CSHIM" gen m.h --spec bad.spec -o out.c 2>err &&
	! test -e out.c &&
	grep -q "^bad.spec:3:17: error: expected .;. at the end of the declaration" err &&
	grep -q "^bad.spec:4:1: error: expected a declaration" err &&
	grep -q "^bad.spec:5:5: error: .NOPE. names no macro or inline function of the headers" err &&
	grep -q "^bad.spec:6:11: error: unknown type name .undefined_t." err &&
	grep -q "^bad.spec:7:.*error: " err
'

test_expect_success 'a missing spec file is an error' '
	test_expect_code 1 "$CSHIM" scan m.h --spec nosuch.spec 2>err &&
	grep -q "nosuch.spec: No such file" err
'

test_expect_success 'reserved names (__x, _X) are internals unless an allowlist asks' '
	"$CSHIM" scan m.h >out && ! grep -q HIDDEN out &&
	"$CSHIM" scan m.h --allowlist-var "_.*" >out &&
	grep -q "__HIDDEN: constant ::core::ffi::c_int = 3$" out &&
	grep -q "_ALSO_HIDDEN: constant" out && ! grep -q LIMIT out
'

test_expect_success '--blocklist-var and --const-prefix' '
	"$CSHIM" scan m.h --blocklist-var "LIM.*" >out && ! grep -q LIMIT out && grep -q PTR out &&
	"$CSHIM" gen m.h --const-prefix my_const_ -o out.c --rust out.rs &&
	grep -q "^const __typeof__(PTR) my_const_PTR = PTR;$" out.c &&
	grep -q "link_name = \"my_const_PTR\"" out.rs
'

test_expect_success 'a regex holding */ does not end the generated comment' '
	"$CSHIM" gen m.h --allowlist-var ".*/x|LIMIT" -o re.c &&
	gcc -std=c11 -Wall -Wextra -Werror -c re.c -o re.o
'

test_done
