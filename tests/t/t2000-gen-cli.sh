#!/bin/sh
test_description='cshim gen/scan command line: usage, errors like a compiler, atomic outputs, determinism, depfile, JSON'
. "$(dirname "$0")/../lib.sh"

cat >api.h <<'H'
#include "dep.h"
static inline int api_one(int x) { return x + dep_zero(); }
static inline int api_two(const char *s) { return s[0]; }
static inline int api_var(int n, ...) { return n; }
H
cat >dep.h <<'H'
static inline int dep_zero(void) { return 0; }
H
printf 'static inline int ok(void) { return 1; }\nstatic inline int bad(void) { return undeclared + 1; }\nstatic inline int worse(void) { return 2 }\n' >bad.h

test_expect_success '--help and --version' '
	"$CSHIM" --help | grep -q "usage: cshim COMMAND" &&
	"$CSHIM" gen --help | grep -q -- "--allowlist-function" &&
	"$CSHIM" scan --help | grep -q -- "--json" &&
	"$CSHIM" --version | grep -q "^cshim [0-9]"
'

test_expect_success 'usage errors exit 2 with a message' '
	test_expect_code 2 "$CSHIM" 2>err && grep -q usage err &&
	test_expect_code 2 "$CSHIM" frobnicate 2>err && grep -q "unknown command" err &&
	test_expect_code 2 "$CSHIM" gen api.h 2>err && grep -q "nothing to generate" err &&
	test_expect_code 2 "$CSHIM" gen -o x.c 2>err && grep -q "no header" err &&
	test_expect_code 2 "$CSHIM" gen --bogus api.h -o x.c 2>err && grep -q "unknown option" err &&
	test_expect_code 2 "$CSHIM" gen api.h -o 2>err && grep -q "needs a value" err &&
	test_expect_code 2 "$CSHIM" gen api.h -o x.c --allowlist-function "a(" 2>err && grep -q "allowlist-function" err &&
	test_expect_code 2 "$CSHIM" gen api.h -o x.c --prefix "9x" 2>err && grep -q "not a C identifier" err &&
	test_expect_code 2 "$CSHIM" gen api.h -o x.c --rust x.c 2>err && grep -q "given for two outputs" err &&
	test ! -e x.c
'

test_expect_success 'a missing header is an error, nothing is written' '
	test_expect_code 1 "$CSHIM" gen nope.h -o out.c 2>err &&
	grep -q "nope.h: No such file or directory" err && test ! -e out.c
'

test_expect_success 'errors in a header are reported as file:line:col, nothing is written' '
	echo previous >out.c &&
	test_expect_code 1 "$CSHIM" gen bad.h -o out.c --rust out.rs 2>err &&
	grep -q "^bad.h:2:38: error: use of undeclared identifier .undeclared." err &&
	grep -q "^bad.h:3:41: error: expected .;. after return statement" err &&
	grep -q "2 errors in the headers; nothing written" err &&
	test "$(cat out.c)" = previous && test ! -e out.rs
'

test_expect_success 'a failing output leaves no output at all (atomic)' '
	test_expect_code 1 "$CSHIM" gen api.h -o good.c --rust no/such/dir/x.rs 2>err &&
	grep -q "no/such/dir/x.rs" err && test ! -e good.c &&
	test -z "$(ls -A | grep "^\.good")"
'

test_expect_success 'gen writes every output; scan reports every function' '
	"$CSHIM" gen api.h -o h.c --header h.h --rust h.rs --json h.json --depfile h.d &&
	grep -q "__rust_helper int rust_helper_api_one(int x) { return (api_one)(x); }" h.c &&
	grep -q "^int rust_helper_api_two(const char \*s);" h.h &&
	grep -q "pub fn api_two(s: \*const ::core::ffi::c_char) -> ::core::ffi::c_int;" h.rs &&
	"$CSHIM" scan api.h >scan.out &&
	grep -q "^api.h:4:19: api_var: skipped: variadic" scan.out &&
	grep -q "^cshim scan: 3 items: 2 wrapped, 0 constants, 0 need a signature, 1 skipped$" scan.out &&
	! grep -q dep_zero scan.out
'

test_expect_success 'generated files say how to regenerate them' '
	head -n 5 h.c | grep -q "cshim gen api.h -o h.c --header h.h --rust h.rs --json h.json --depfile h.d" &&
	head -n 3 h.rs | grep -q "^//   cshim gen api.h" &&
	head -n 5 h.h | grep -q "Regenerate with"
'

test_expect_success 'output is deterministic' '
	mkdir again && "$CSHIM" gen api.h -o again/h.c --rust again/h.rs --json again/h.json &&
	"$CSHIM" gen api.h -o again/h2.c --rust again/h2.rs --json again/h2.json &&
	for x in c rs json; do sed "s/h2\./h./g" again/h2.$x | cmp - again/h.$x || exit 1; done
'

test_expect_success 'depfile lists every header read, with a rule for each' '
	grep -q "^h.c h.h h.rs h.json:" h.d &&
	grep -q "^  api.h" h.d && grep -q "^  dep.h" h.d &&
	grep -q "^dep.h:$" h.d
'

test_expect_success 'JSON inventory is valid and complete' '
	python3 -c "import json,sys; d=json.load(open(\"h.json\")); \
assert d[\"wrapped\"] == 2 and d[\"skipped\"] == 1, d; \
it = {i[\"name\"]: i for i in d[\"items\"]}; \
assert it[\"api_var\"][\"status\"] == \"skipped\" and \"variadic\" in it[\"api_var\"][\"reason\"]; \
assert it[\"api_one\"][\"helper\"] == \"rust_helper_api_one\" and it[\"api_one\"][\"line\"] == 2" &&
	"$CSHIM" scan --json api.h | python3 -m json.tool >/dev/null
'

test_expect_success '--allowlist-file selects included headers too' '
	"$CSHIM" scan api.h --allowlist-file ".*" >all.out &&
	grep -q "dep_zero: wrapped" all.out && grep -q "api_one: wrapped" all.out &&
	"$CSHIM" scan api.h --allowlist-file "dep\.h" >dep.out &&
	grep -q "dep_zero: wrapped" dep.out && ! grep -q api_one dep.out
'

test_expect_success 'allowlist and blocklist match whole names' '
	"$CSHIM" scan api.h --allowlist-function "api_.*" --blocklist-function "api_two" >sel.out &&
	grep -q api_one sel.out && ! grep -q api_two sel.out &&
	"$CSHIM" scan api.h --allowlist-function "api" >none.out &&
	grep -q "^cshim scan: 0 items" none.out
'

test_expect_success '<header> form searches the include path; "-" is stdout; clang args after --' '
	mkdir inc && cp api.h dep.h inc/ &&
	"$CSHIM" gen "<api.h>" -o - -- -Iinc >stdout.c &&
	grep -q "^#include <api.h>$" stdout.c &&
	gcc -std=c11 -Wall -Wextra -Werror -Iinc -c stdout.c -o stdout.o &&
	printf "#ifdef WANT\nstatic inline int wanted(void) { return 1; }\n#endif\n" >cond.h &&
	"$CSHIM" scan cond.h -- -DWANT | grep -q "wanted: wrapped" &&
	"$CSHIM" scan cond.h | grep -q "^cshim scan: 0 items"
'

test_expect_success 'includes are relative to the output directory' '
	mkdir -p sub/deeper && "$CSHIM" gen api.h -o sub/deeper/h.c --header sub/h.h &&
	grep -q "^#include \"../../api.h\"$" sub/deeper/h.c &&
	grep -q "^#include \"../api.h\"$" sub/h.h &&
	gcc -std=c11 -Wall -Wextra -Werror -c sub/deeper/h.c -o sub.o
'

test_expect_success 'an output that is a symlink: the file it points to is replaced, the link kept' '
	echo old >real.c && ln -s real.c link.c &&
	"$CSHIM" gen api.h -o link.c &&
	test -L link.c && grep -q "^__rust_helper" real.c
'

test_expect_success 'an output that is a FIFO (or /dev/null) is written in place, not replaced' '
	mkfifo out.fifo && { timeout 20 cat out.fifo >got.c & } &&
	"$CSHIM" gen api.h -o out.fifo && wait &&
	test -p out.fifo && grep -q "^__rust_helper" got.c
'

test_expect_success 'make install puts the binary and the man page under PREFIX' '
	make -s -C "$SRC" install DESTDIR="$PWD/root" PREFIX=/opt/cshim >/dev/null &&
	test -x root/opt/cshim/bin/cshim &&
	root/opt/cshim/bin/cshim --version | grep -q "^cshim [0-9]" &&
	grep -q "^\.SS check" root/opt/cshim/share/man/man1/cshim.1
'

test_done
