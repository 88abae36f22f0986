#!/bin/sh
test_description='cshim audit: a kernel-style tree of hand-written helpers with one defect per helper, each found with file:line'
. "$(dirname "$0")/../lib.sh"

A=$TESTS/audit
cp -R "$A/helpers" "$A/include" "$A/clean.c" . || exit 1

cat >expect <<'EOT'
helpers/err.c:17:20: warning: rust_helper_err_value: wraps err_code, as rust_helper_err_code does (helpers/err.c:5) [duplicate]
helpers/err.c:17:20: warning: rust_helper_err_value wraps err_code: the convention names it rust_helper_err_code [naming]
helpers/node.c:11:20: warning: rust_helper_node_is_empty wraps node_empty: the convention names it rust_helper_node_empty [naming]
helpers/node.c:17:20: warning: rust_helper_node_empty: does more than forward one call (2 statements, 1 call) [logic]
helpers/node.c:27:11: error: rust_helper_node_add: argument 1 of node_add is not parameter 1 (head) [signature]
helpers/node.c:27:14: error: rust_helper_node_add: argument 2 of node_add is not parameter 2 (n) [signature]
helpers/node.c:37:6: warning: node_debug: exported from a helper file without the prefix rust_helper_ [naming]
helpers/ref.c:12:5: error: rust_helper_ref_read: not annotated __rust_helper [annotation]
helpers/ref.c:12:5: error: rust_helper_ref_read: also defined at helpers/err.c:11 [duplicate]
helpers/ref.c:20:9: warning: rust_helper_ref_dump: ref_dump is an ordinary extern function: Rust can bind it directly, the helper is pure overhead [extern-callee]
helpers/ref.c:24:58: error: rust_helper_ref_put: parameter 1 (r) is const struct ref *, ref_put takes struct ref *: the conversion drops const [signature]
helpers/ref.c:30:30: error: rust_helper_ref_bias: returns unsigned short, ref_bias returns unsigned int: the conversion loses bits [signature]
helpers/ref.c:30:65: error: rust_helper_ref_bias: parameter 1 (x) is unsigned long, ref_bias takes unsigned int: the conversion loses bits [signature]
helpers/ref.c:38:9: error: rust_helper_ref_old: ref_old is not declared: the wrapped function does not exist (any more), or its header is not included [missing-callee]
helpers/ref.c:42:19: warning: rust_helper_ref_get_read: does more than forward one call (2 statements, 2 calls) [logic]
cshim audit: 15 helpers, 8 errors, 7 warnings
EOT

test_expect_success 'every defect of the fixture tree, one line each with file:line:col, exit 1' '
	test_expect_code 1 "$CSHIM" audit helpers/err.c helpers/node.c helpers/ref.c -- -Iinclude >out &&
	test_cmp expect out
'

test_expect_success 'the kernel layout: auditing the root helpers.c (which includes the rest and defines __rust_helper) finds the same' '
	grep -q "^#define __rust_helper __attribute__((__always_inline__))" helpers/helpers.c &&
	test_expect_code 1 "$CSHIM" audit helpers/helpers.c -- -Iinclude >out &&
	test_cmp expect out
'

test_expect_success 'each file once however it is reached: helpers/*.c (root and parts) gives the same' '
	test_expect_code 1 "$CSHIM" audit helpers/*.c -- -Iinclude >out &&
	test_cmp expect out
'

test_expect_success 'clean helpers (a macro wrapped, __rust_helper after the type, a static function beside them): exit 0' '
	"$CSHIM" audit clean.c -- -Iinclude >out &&
	echo "cshim audit: 4 helpers, 0 errors, 0 warnings" >expect.clean &&
	test_cmp expect.clean out
'

test_expect_success 'warnings alone exit 0; --werror makes them errors' '
	"$CSHIM" audit --ignore duplicate --ignore annotation --ignore signature --ignore missing-callee \
		helpers/*.c -- -Iinclude >out &&
	grep -q "^cshim audit: 15 helpers, 0 errors, 6 warnings$" out &&
	test_expect_code 1 "$CSHIM" audit --werror --ignore duplicate --ignore annotation --ignore signature \
		--ignore missing-callee helpers/*.c -- -Iinclude >out &&
	grep -q "^helpers/ref.c:20:9: error: rust_helper_ref_dump: ref_dump is an ordinary extern function" out &&
	grep -q "^cshim audit: 15 helpers, 6 errors, 0 warnings$" out
'

test_expect_success 'a helper defined without the kernel root: __rust_helper is predefined, so each part parses alone' '
	test_expect_code 1 "$CSHIM" audit helpers/ref.c -- -Iinclude >out &&
	grep -q "^helpers/ref.c:12:5: error: rust_helper_ref_read: not annotated __rust_helper \[annotation\]$" out &&
	! grep -q "rust_helper_ref_get:" out
'

test_expect_success '--json gives the same findings' '
	test_expect_code 1 "$CSHIM" audit --json helpers/*.c -- -Iinclude >out.json &&
	python3 - out.json <<-\EOP
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["prefix"] == "rust_helper_" and d["helpers"] == 15, d
	assert d["errors"] == 8 and d["warnings"] == 7 and len(d["findings"]) == 15, d
	checks = sorted({f["check"] for f in d["findings"]})
	assert checks == ["annotation", "duplicate", "extern-callee", "logic", "missing-callee", "naming", "signature"], checks
	f = [f for f in d["findings"] if f["check"] == "missing-callee"][0]
	assert (f["file"], f["line"], f["col"], f["severity"], f["helper"]) == ("helpers/ref.c", 38, 9, "error", "rust_helper_ref_old"), f
	EOP
'

test_expect_success '--prefix: another convention; the rust_helper_ functions are then exported without the prefix' '
	sed "s/rust_helper_/my_helper_/g" clean.c >mine.c &&
	"$CSHIM" audit --prefix my_helper_ mine.c -- -Iinclude >out &&
	grep -q "^cshim audit: 4 helpers, 0 errors, 0 warnings$" out &&
	"$CSHIM" audit --prefix my_ clean.c -- -Iinclude >out &&
	grep -q "^clean.c:5:20: warning: rust_helper_node_init: exported from a helper file without the prefix my_ \[naming\]$" out
'

test_expect_success '--coverage HEADER: the inline functions and function-like macros no helper wraps' '
	"$CSHIM" audit --coverage include/kobj.h clean.c -- -Iinclude >out &&
	cat >expect.cov <<-\EOT &&
	include/kobj.h:18:20: warning: ref_get: inline function without a helper [coverage]
	include/kobj.h:28:20: warning: ref_put: inline function without a helper [coverage]
	include/kobj.h:33:28: warning: ref_bias: inline function without a helper [coverage]
	include/kobj.h:38:20: warning: err_code: inline function without a helper [coverage]
	include/kobj.h:53:20: warning: node_add: inline function without a helper [coverage]
	include/kobj.h:65:9: warning: REF_MIN: function-like macro without a helper [coverage]
	cshim audit: 4 helpers, 0 errors, 6 warnings
	EOT
	test_cmp expect.cov out &&
	test_expect_code 1 "$CSHIM" audit --coverage include/kobj.h helpers/*.c -- -Iinclude >out &&
	grep "\[coverage\]" out >cov &&
	echo "include/kobj.h:65:9: warning: REF_MIN: function-like macro without a helper [coverage]" >expect.cov &&
	test_cmp expect.cov cov
'

test_expect_success 'what cshim gen writes (parenthesised callees, aggregates by pointer) audits clean; a drifted copy does not' '
	"$CSHIM" gen include/kobj.h include/point.h -o gen.c -- -Iinclude &&
	grep -q "{ \*ret = (point_add)(\*a, \*b); }" gen.c &&
	"$CSHIM" audit gen.c -- -Iinclude >out &&
	echo "cshim audit: 10 helpers, 0 errors, 0 warnings" >expect.gen &&
	test_cmp expect.gen out &&
	sed -e "s/^__rust_helper unsigned int rust_helper_ref_bias/__rust_helper unsigned char rust_helper_ref_bias/" \
	    -e "s/(point_x)(\*p)/(point_x)(*(struct point *)0)/" gen.c >drift.c &&
	test_expect_code 1 "$CSHIM" audit drift.c -- -Iinclude >out &&
	grep -q "error: rust_helper_ref_bias: returns unsigned char, ref_bias returns unsigned int: the conversion loses bits \[signature\]$" out &&
	grep -q "error: rust_helper_point_x: argument 1 of point_x is not parameter 1 (p) \[signature\]$" out
'

test_expect_success 'other compile errors are reported as clang words them, exit 1' '
	printf "%s\n" "#include <kobj.h>" "__rust_helper int rust_helper_ref_read(const struct ref *r) { return ref_read(r) }" >broken.c &&
	test_expect_code 1 "$CSHIM" audit broken.c -- -Iinclude >out &&
	grep -q "^broken.c:2:81: error: expected .;. after return statement \[compile\]$" out
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 "$CSHIM" audit 2>err && grep -q "no FILE.c" err &&
	test_expect_code 2 "$CSHIM" audit --bogus clean.c 2>err && grep -q "unknown option" err &&
	test_expect_code 2 "$CSHIM" audit --ignore nosuch clean.c 2>err && grep -q "ignore needs a check name" err &&
	test_expect_code 2 "$CSHIM" audit --prefix 2>err && grep -q "prefix needs a value" err &&
	test_expect_code 2 "$CSHIM" audit --coverage nosuch.h clean.c -- -Iinclude 2>err && grep -q "nosuch.h: No such file or directory" err &&
	test_expect_code 2 "$CSHIM" audit nosuch.c 2>err && grep -q "nosuch.c: No such file or directory" err &&
	"$CSHIM" audit --help | grep -q "^usage: cshim audit "
'

test_done
