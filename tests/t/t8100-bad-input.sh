#!/bin/sh
test_description='bad input to every command: a compiler-style error naming the input, a non-zero exit, no output written or touched, nothing left in TMPDIR'
. "$(dirname "$0")/../lib.sh"

printf 'static inline int ok(int x) { return x; }\n#define TWICE(x) ((x) + (x))\n' >a.h
printf 'static inline int f(int x { return x; }\n' >syntax.h
printf '#define ONE 1\n#include "nosuch-inner.h"\nstatic inline int g(void) { return ONE; }\n' >fatal.h
printf 'int TWICE(int x)\n' >noparse.spec
printf 'int NOSUCH(int x);\n' >nothing.spec
printf 'int TWICE(int x);\n' >good.spec
mkdir dir tmp meta
printf 'not an ELF file\n' >text
printf -- '--- !Missed\nPass: inline\nName: NoDefinition\nFunction: main\nArgs:\n  - Callee: rust_helper_ok\n...\n' >one.yaml
cc -o prog -x c - <<'C' && head -c 300 prog >truncated && : >empty && : >empty.yaml
int main(void) { return 0; }
C

# The unreadable case: chmod 000 stops anyone but root; a directory given
# where a file is expected stops root too, and is tested in every case.
UNREADABLE=
if [ "$(id -u)" != 0 ]; then
	for f in a.h good.spec prog empty.yaml; do cp "$f" "locked-$f" && chmod 000 "locked-$f"; done
	UNREADABLE=locked-
else
	say "# running as root: chmod 000 does not stop reads, so only the directory form of 'unreadable' runs"
fi

# bad NAME CMD...: CMD fails (a status other than 0 and than a sanitizer's
# 99); every line it prints on stderr reads "WHERE: error: ..." (or a note),
# the first naming NAME; stdout is empty; out.c (present beforehand) is
# unchanged, no other file appeared, TMPDIR is still empty.
bad() {
	name=$1
	shift
	echo previous >out.c
	ls -A >meta/before
	TMPDIR=$TRASH/tmp "$@" >meta/stdout 2>meta/err
	status=$?
	ls -A >meta/after
	if [ "$status" = 0 ] || [ "$status" = 99 ]; then
		say "exit status $status: $*" && cat meta/err && return 1
	fi
	grep -qv "^[^ ]*: \(error\|fatal error\|note\): " meta/err && { say "not compiler style: $*" && cat meta/err && return 1; }
	head -n 1 meta/err | grep -qF -- "$name" || { say "first line does not name $name: $*" && cat meta/err && return 1; }
	test ! -s meta/stdout || { say "stdout written: $*" && return 1; }
	test "$(cat out.c)" = previous || { say "out.c changed: $*" && return 1; }
	test_cmp meta/before meta/after || { say "a file appeared: $*" && return 1; }
	test -z "$(ls -A tmp)" || { say "left in TMPDIR: $(ls -A tmp)" && return 1; }
}

test_expect_success 'gen: missing, directory and unreadable headers' '
	bad nope.h "$CSHIM" gen nope.h -o out.c --rust out.rs &&
	bad "dir: Is a directory" "$CSHIM" gen dir -o out.c &&
	bad "dir: Is a directory" "$CSHIM" scan a.h dir &&
	if [ -n "$UNREADABLE" ]; then bad "locked-a.h: Permission denied" "$CSHIM" gen locked-a.h -o out.c; fi
'

test_expect_success 'gen and scan: a header with syntax errors is reported at its lines' '
	bad "syntax.h:1:" "$CSHIM" gen syntax.h -o out.c &&
	bad "syntax.h:1:" "$CSHIM" scan syntax.h
'

# A fatal error ends clang's parse before it reaches the probe lines that
# follow the headers: the run must still end (the writer of those lines is
# not left waiting), with clang's error.
test_expect_success 'gen and scan: a header including a missing file ends with the fatal error' '
	bad "fatal.h:2:" timeout 120 "$CSHIM" gen fatal.h -o out.c --spec good.spec &&
	bad "fatal.h:2:" timeout 120 "$CSHIM" scan fatal.h
'

test_expect_success 'an unknown clang argument after -- is named' '
	bad "unknown argument: '"'"'--no-such-clang-flag'"'"'" "$CSHIM" gen a.h -o out.c -- --no-such-clang-flag &&
	bad "-fno-such-flag" "$CSHIM" scan a.h -- -fno-such-flag
'

test_expect_success 'spec files: a line that does not parse, a line that names nothing, missing, directory, unreadable' '
	bad "noparse.spec:1:17: error: expected" "$CSHIM" gen a.h --spec noparse.spec -o out.c &&
	bad "nothing.spec:1:5: error: '"'"'NOSUCH'"'"' names no macro" "$CSHIM" gen a.h --spec nothing.spec -o out.c &&
	bad "nosuch.spec: No such file" "$CSHIM" gen a.h --spec nosuch.spec -o out.c &&
	bad "dir: Is a directory" "$CSHIM" gen a.h --spec dir -o out.c &&
	if [ -n "$UNREADABLE" ]; then bad "locked-good.spec: Permission denied" "$CSHIM" gen a.h --spec locked-good.spec -o out.c; fi
'

test_expect_success 'conflicting options: one file or stdout for two outputs, an option without its value' '
	bad "out.c" "$CSHIM" gen a.h -o out.c --header out.c &&
	bad "'"'"'-'"'"' is given for two outputs" "$CSHIM" gen a.h -o - --rust - &&
	bad "--spec needs a value" "$CSHIM" gen a.h -o out.c --spec
'

test_expect_success 'an output in a missing directory: named, and no other output written' '
	bad "no/such/dir/x.rs" "$CSHIM" gen a.h -o out.c --rust no/such/dir/x.rs &&
	bad "no/such/dir/x.d" "$CSHIM" gen a.h -o out.c --depfile no/such/dir/x.d
'

test_expect_success 'check: not ELF, truncated, empty, missing, directory, unreadable' '
	bad "text: not an ELF file" "$CSHIM" check text &&
	bad "truncated: " "$CSHIM" check truncated &&
	bad "empty: not an ELF file" "$CSHIM" check empty &&
	bad "nosuch: No such file" "$CSHIM" check nosuch &&
	bad "dir: Is a directory" "$CSHIM" check dir &&
	if [ -n "$UNREADABLE" ]; then bad "locked-prog: Permission denied" "$CSHIM" check locked-prog; fi
'

test_expect_success 'explain: an empty remarks file, an empty directory, missing, unreadable, a missing --bitcode' '
	bad "no remarks in empty.yaml" "$CSHIM" explain empty.yaml &&
	bad "dir: no remarks file in the directory" "$CSHIM" explain dir &&
	bad "nosuch.yaml: No such file" "$CSHIM" explain nosuch.yaml &&
	bad "nosuch.a: No such file" "$CSHIM" explain --bitcode nosuch.a one.yaml &&
	if [ -n "$UNREADABLE" ]; then bad "locked-empty.yaml: Permission denied" "$CSHIM" explain locked-empty.yaml; fi
'

test_expect_success 'audit: missing, directory, unreadable' '
	bad "nosuch.c: No such file" "$CSHIM" audit nosuch.c &&
	bad "dir: Is a directory" "$CSHIM" audit dir &&
	bad "dir: Is a directory" "$CSHIM" audit --coverage dir a.h &&
	if [ -n "$UNREADABLE" ]; then bad "locked-a.h: Permission denied" "$CSHIM" audit locked-a.h; fi
'

test_done
