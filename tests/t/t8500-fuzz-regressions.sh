#!/bin/sh
test_description='inputs found by fuzzing (make fuzz, and edge cases run through its harnesses) that broke cshim, rebuilt and run through the real command line'
. "$(dirname "$0")/../lib.sh"

have gcc && have python3 || skip_all 'needs gcc and python3'

# set_section_type FILE SECTION TYPE: rewrite the sh_type of an ELF64 section in place.
set_section_type() {
	python3 - "$@" <<-\EOP
	import struct, sys
	path, want, typ = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
	d = bytearray(open(path, "rb").read())
	shoff, = struct.unpack_from("<Q", d, 0x28)
	size, num, strndx = struct.unpack_from("<HHH", d, 0x3a)
	names, = struct.unpack_from("<Q", d, shoff + strndx * size + 0x18)
	for i in range(num):
	    name, = struct.unpack_from("<I", d, shoff + i * size)
	    if d[names + name:d.index(b"\0", names + name)] == want:
	        struct.pack_into("<I", d, shoff + i * size + 4, typ)
	        open(path, "wb").write(d)
	        sys.exit(0)
	sys.exit("no section " + sys.argv[2])
	EOP
}

# cshim check ARGS gives a report (exit 0 or 1) in out, not a crash.
reports() {
	"$CSHIM" check "$@" >out 2>err
	rc=$?
	[ "$rc" -le 1 ] || { echo "exit $rc"; cat err; return 1; }
}

test_expect_success 'check: a .plt section without bytes (SHT_NOBITS) is read as empty' '
	gcc -O2 -fno-inline -shared -fPIC "$TESTS/check/helpers.c" -o libhs.so &&
	gcc -O2 -fno-inline "$TESTS/check/calls.c" -L. -lhs -o viaplt &&
	set_section_type viaplt .plt 8 &&
	reports viaplt && tail -n 1 out | grep -q "^cshim check: 2 helpers, " &&
	reports viaplt --json && grep -q "\"residual_call_sites\": " out
'

cat >names.h <<'EOT'
struct s$ { int a; };
struct f { int a$; };
enum e { E$ = 1, E_OK = 2 };
static inline int a$b(int x) { return x; }
static inline int \u00fcber(int x) { return x; }
static inline int keep(int x$y, struct s$ *p, enum e v) { return x$y + (p != 0) + v; }
static inline struct f byval(struct f v) { return v; }
#define M$(x) a$b(x)
#define C$ 3
EOT

test_expect_success "gen: names Rust cannot spell ('\$', non-ASCII) are skipped, renamed or left out; the Rust compiles" '
	"$CSHIM" scan names.h >out &&
	grep -q "a\$b: skipped: .a\$b. is not a Rust name" out &&
	grep -q "ber: skipped: .*is not a Rust name" out &&
	grep -q "M\$: skipped: .M\$. is not a Rust name" out &&
	grep -q "C\$: skipped: .C\$. is not a Rust name" out &&
	grep -q "keep: skipped: .s\$. is not a Rust name" out &&
	grep -q "byval: skipped: struct f member .a\$. is not a Rust name" out &&
	sed "s/, struct s\$ \*p//; s/ + (p != 0)//" names.h >names2.h &&
	"$CSHIM" gen names2.h --rust names.rs -o names.c &&
	grep -q "pub fn keep(arg0: " names.rs && ! grep -q "E\$" names.rs &&
	gcc -Wall -Wextra -Werror -c names.c -o names.o &&
	{ ! have rustc || rust_decls_compile names.rs names; }
'

test_expect_success 'scan: a forwarding macro whose inferred signature fails still gets a spec line to paste' '
	printf "int f1(int);\n#define M(f1) f1(f1)\n" >m.h &&
	"$CSHIM" scan m.h >out &&
	grep -q "M: needs a signature: add a spec line such as .int M(int f1); // the signature inferred from its callee did not compile: " out
'

# Undefined behaviour only a sanitizer sees: under make check SAN=1 it fails.
test_expect_success 'gen: macros but no inline function (body checks look up an empty table)' '
	printf "int f1(int);\n#define M1(a) f1(a)\n" >noinline.h &&
	"$CSHIM" gen noinline.h -o noinline.c &&
	grep -q "rust_helper_M1(int a) { return M1(a); }" noinline.c
'

test_done
