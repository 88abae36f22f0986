#!/bin/sh
test_description='determinism: gen twice gives the same bytes, under any locale, whatever the order of the headers on the command line (only the include lines follow it), and absolute or relative paths give the same outputs apart from the command line they record'
. "$(dirname "$0")/../lib.sh"

# Names that sort differently by strcmp and by a dictionary collation, a
# float and a string constant (printf under a locale), macros with a spec,
# an included header, a struct passed by value.
mkdir inc
cat >a.h <<'H'
#include "dep.h"
struct pt { int x, y; };
static inline int zeta(int v) { return v; }
static inline int Alpha(struct pt p) { return p.x; }
static inline int _beta(int v) { return v + 1; }
static inline int alpha(const char *s) { return s[0]; }
#define A_HALF 0.5
#define A_BIG 1.5e10f
#define A_NAME "caf\xc3\xa9"
#define TWICE(x) ((x) + (x))
H
cat >b.h <<'H'
static inline unsigned beta(unsigned v) { return v * 2u; }
static inline long Zulu(long v) { return -v; }
#define B_MASK 0xff00u
#define B_NEG (-42L)
H
printf 'static inline int dep_fn(void) { return 0; }\n' >inc/dep.h
printf 'int TWICE(int x);\n' >m.spec

# gen_all DIR ARGS...: every output of gen, into DIR/out.*; written in
# $W (work) and then renamed, so that each run records the same command
# line; the spec is $SPEC.
gen_all() {
	dir=$1
	shift
	mkdir work &&
	"$CSHIM" gen "$@" --spec "$SPEC" -o "$W/out.c" --header "$W/out.h" --rust "$W/out.rs" \
		--json "$W/out.json" --depfile "$W/out.d" -- -Iinc &&
	mv work "$dir"
}
W=work SPEC=m.spec
# same A B [SED]: the five outputs of A and B are equal once SED (default:
# the banner line that records the command) is applied to both.
same() {
	for x in c h rs json d; do
		sed "${3:-\%cshim gen %d}" "$1/out.$x" >"$1/norm.$x" &&
		sed "${3:-\%cshim gen %d}" "$2/out.$x" >"$2/norm.$x" &&
		test_cmp "$1/norm.$x" "$2/norm.$x" || return 1
	done
}

test_expect_success 'gen twice: byte-identical outputs' '
	gen_all first a.h b.h && gen_all one a.h b.h &&
	for x in c h rs json d; do cmp first/out.$x one/out.$x || exit 1; done &&
	grep -q "A_HALF: f64 = 0.5" one/out.rs
'

test_expect_success 'LC_ALL=C and LC_ALL=C.UTF-8 (and LANG): byte-identical outputs' '
	(LC_ALL=C && export LC_ALL && gen_all c a.h b.h) &&
	(LC_ALL=C.UTF-8 LANG=C.UTF-8 && export LC_ALL LANG && gen_all utf8 a.h b.h) &&
	for x in c h rs json d; do cmp c/out.$x utf8/out.$x || exit 1; done
'

# Helpers, prototypes, declarations and JSON items are sorted (by file, line).  The #include
# lines keep the command line's order on purpose: C headers may need one
# another first (<sys/types.h> before <sys/socket.h>), and the generated file
# must include them as the run that parsed them did.
test_expect_success 'order of the headers: the same outputs apart from the include lines, which follow it' '
	gen_all ab a.h b.h && gen_all ba b.h a.h &&
	same ab ba "\%cshim gen \|^#include \"\.\./[ab]\.h\"$\|\"headers\": %d" &&
	grep "^#include \"../[ab]\.h\"$" ab/out.c >ab.inc && printf "#include \"../a.h\"\n#include \"../b.h\"\n" >want &&
	test_cmp want ab.inc &&
	grep "^#include \"../[ab]\.h\"$" ba/out.c >ba.inc && printf "#include \"../b.h\"\n#include \"../a.h\"\n" >want &&
	test_cmp want ba.inc
'

test_expect_success 'absolute and relative header paths: the same outputs apart from the recorded command (and depfile targets)' '
	gen_all rel a.h b.h && W=$PWD/work SPEC=$PWD/m.spec gen_all abs "$PWD/a.h" "$PWD/b.h" &&
	same rel abs "\%cshim gen \|^[^ ]*out.c .*: \\\\$%d" &&
	! grep -q "$PWD" abs/norm.rs abs/norm.json abs/norm.h abs/norm.c &&
	grep -q "^  a.h \\\\$" abs/out.d
'

# The probe lines for macros and spec lines are made by a second thread and
# read by the main parse through a pipe; CSHIM_SERIAL makes them first and
# hands them over as a file instead.  Both must give the same answers.
test_expect_success 'probe lines through the pipe or made first (CSHIM_SERIAL): byte-identical outputs' '
	gen_all piped a.h b.h && (CSHIM_SERIAL=1 && export CSHIM_SERIAL && gen_all serial a.h b.h) &&
	for x in c h rs json d; do cmp piped/out.$x serial/out.$x || exit 1; done &&
	grep -q "B_MASK: ::core::ffi::c_uint = 65280" piped/out.rs && grep -q "rust_helper_TWICE" piped/out.c
'

# Enough macros that the lines go in all eight pieces (each twice the one
# before), among them bodies clang rejects, unbalanced ones (not probed),
# one over two lines, forwarding macros, so that errors and answers fall on
# both sides of the pieces' ends; last, one that leaves a parenthesis open
# only once expanded: clang reads on into the line after it, which then
# answers nothing, and says why.
test_expect_success 'many probe lines, in pieces or made first: byte-identical outputs and scan' '
	i=0 &&
	while [ $i -lt 300 ]; do
		case $((i % 5)) in
		0) echo "#define K_$i ($i + 1)" ;;
		1) echo "#define K_$i undeclared_$i" ;;
		2) echo "#define K_$i \"s$i\"" ;;
		3) echo "#define K_$i ($i" ;;
		4) echo "#define F_$i(x) fwd_$((i % 7))(x)" ;;
		esac
		[ $i = 150 ] && printf "#define K_SPLICED \\\\\n(7)\n"
		i=$((i + 1))
	done >many.h &&
	printf "#define LP (\n#define K_NEST LP 1\n#define K_AFTER 5\n" >>many.h &&
	i=0 && while [ $i -lt 7 ]; do echo "int fwd_$i(int);" >>many.h; i=$((i + 1)); done &&
	: >none.spec && SPEC=none.spec &&
	gen_all manyp many.h && "$CSHIM" scan many.h >manyp/scan.txt 2>&1 &&
	(CSHIM_SERIAL=1 && export CSHIM_SERIAL && gen_all manys many.h && "$CSHIM" scan many.h >manys/scan.txt 2>&1) &&
	for x in c h rs json d; do cmp manyp/out.$x manys/out.$x || exit 1; done &&
	cmp manyp/scan.txt manys/scan.txt &&
	grep -q "K_295: ::core::ffi::c_int = 296" manyp/out.rs && grep -q "rust_helper_F_299" manyp/out.c &&
	grep -q "K_296: skipped: not a constant: use of undeclared identifier" manyp/scan.txt &&
	grep -q "K_298: skipped: unbalanced brackets, not an expression" manyp/scan.txt &&
	grep -q "K_SPLICED: ::core::ffi::c_int = 7" manyp/out.rs &&
	grep -q "K_AFTER: skipped: not a constant: clang read nothing on its probe line" manyp/scan.txt
'

test_done
