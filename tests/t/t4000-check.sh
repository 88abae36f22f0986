#!/bin/sh
test_description='cshim check counts the helper call sites left in a linked binary: direct, tail, PLT, GOT, address taken'
. "$(dirname "$0")/../lib.sh"

C=$TESTS/check
CFLAGS='-O2 -fno-inline -Wall -Wextra -Werror'

cat >expect.calls <<'EOT'
rust_helper_add: 2 call sites: caller_a (2)
rust_helper_neg: 3 call sites: caller_b (1), pick (1), tail (1)
rust_helper_unused: inlined (no call sites)
cshim check: 3 helpers, 5 residual call sites in 2 helpers
EOT

test_expect_success 'PIE: direct calls, a tail call and a taken address are counted per function' '
	gcc $CFLAGS -c "$C/helpers.c" -o helpers.o && ar rcs libh.a helpers.o &&
	gcc $CFLAGS -pie -fPIE "$C/calls.c" -L. -lh -o pie &&
	test_expect_code 1 "$CSHIM" check pie >out && test_cmp expect.calls out
'

test_expect_success 'non-PIE: the same five (the address is an immediate there)' '
	gcc $CFLAGS -no-pie -fno-PIE "$C/calls.c" -L. -lh -o nopie &&
	test_expect_code 1 "$CSHIM" check nopie >out && test_cmp expect.calls out
'

cat >expect.so <<'EOT'
rust_helper_add: 2 call sites (not defined in this binary): caller_a (2)
rust_helper_neg: 3 call sites (not defined in this binary): caller_b (1), pick (1), tail (1)
cshim check: 2 helpers, 5 residual call sites in 2 helpers
EOT

test_expect_success 'helpers in a shared library: calls through the PLT and a GOT load' '
	gcc $CFLAGS -shared -fPIC "$C/helpers.c" -o libhs.so &&
	gcc $CFLAGS "$C/calls.c" -L. -lhs -Wl,-rpath,"$PWD" -o viaplt &&
	objdump -d viaplt | grep -q "call.*<rust_helper_add@plt>" &&
	test_expect_code 1 "$CSHIM" check viaplt >out && test_cmp expect.so out
'

test_expect_success 'helpers in a shared library, -fno-plt: calls through the GOT' '
	gcc $CFLAGS -fno-plt "$C/calls.c" -L. -lhs -Wl,-rpath,"$PWD" -o viagot &&
	! objdump -d viagot | grep -q "<rust_helper_add@plt>" &&
	test_expect_code 1 "$CSHIM" check viagot >out && test_cmp expect.so out
'

test_expect_success 'the shared library itself: helpers defined, no call left in it' '
	"$CSHIM" check libhs.so >out &&
	grep -q "^rust_helper_add: inlined (no call sites)$" out &&
	grep -q "^cshim check: 3 helpers, no residual call sites$" out
'

test_expect_success '--prefix selects other helper names' '
	test_expect_code 1 "$CSHIM" check --prefix my_helper_ pie >out &&
	printf "%s\n" "my_helper_other: 1 call site: pick (1)" \
		"cshim check: 1 helper, 1 residual call site in 1 helper" >expect &&
	test_cmp expect out
'

test_expect_success 'no helper symbols at all: exit 0 and say so' '
	gcc $CFLAGS "$C/none.c" -o none &&
	"$CSHIM" check none >out &&
	grep -q "^cshim check: no helper symbols (prefix rust_helper_) in none: nothing left to inline$" out
'

test_expect_success '--json gives the same facts' '
	test_expect_code 1 "$CSHIM" check --json pie >out.json &&
	python3 - out.json <<-\EOP
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["binary"] == "pie" and d["prefix"] == "rust_helper_", d
	assert d["residual_call_sites"] == 5, d
	h = {x["name"]: x for x in d["helpers"]}
	assert h["rust_helper_add"]["callers"] == [{"function": "caller_a", "calls": 2}], h
	assert h["rust_helper_neg"]["call_sites"] == 3 and h["rust_helper_neg"]["defined"], h
	assert h["rust_helper_unused"]["call_sites"] == 0 and h["rust_helper_unused"]["callers"] == [], h
	EOP
'

test_expect_success 'Rust callers are named demangled' '
	cat >r.rs <<-\EOR &&
	extern "C" { fn rust_helper_add(a: i32, b: i32) -> i32; }
	#[inline(never)]
	fn twice(x: i32) -> i32 { unsafe { rust_helper_add(x, x) } }
	fn main() { std::process::exit(twice(std::env::args().count() as i32) & 1) }
	EOR
	rustc --edition 2021 -O r.rs -L. -l static=h -o rbin &&
	test_expect_code 1 "$CSHIM" check rbin >out &&
	grep -q "^rust_helper_add: 1 call site: r::twice (1)$" out
'

test_expect_success 'a stripped binary is refused: its helpers cannot be seen' '
	strip -o stripped pie &&
	test_expect_code 2 "$CSHIM" check stripped 2>err &&
	grep -q "stripped" err
'

test_expect_success 'not ELF, truncated, object file, missing: exit 2 with the file named' '
	echo "not a binary" >text &&
	test_expect_code 2 "$CSHIM" check text 2>err && grep -q "text: not an ELF file" err &&
	head -c 200 pie >trunc &&
	test_expect_code 2 "$CSHIM" check trunc 2>err && grep -q "^cshim: error: trunc: " err &&
	test_expect_code 2 "$CSHIM" check helpers.o 2>err && grep -q "not a linked binary" err &&
	test_expect_code 2 "$CSHIM" check nosuch 2>err && grep -q "nosuch: No such file" err
'

if have clang-22; then
	test_expect_success 'only x86-64 is read: another architecture is refused by name' '
		clang-22 --target=aarch64-linux-gnu -ffreestanding -nostdlib -fuse-ld=lld \
			-Wl,-e,main "$C/none.c" -o arm64 &&
		test_expect_code 2 "$CSHIM" check arm64 2>err && grep -q "only x86-64" err
	'
fi

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 "$CSHIM" check 2>err && grep -q "no BINARY" err &&
	test_expect_code 2 "$CSHIM" check pie nopie 2>err && grep -q "one BINARY only" err &&
	test_expect_code 2 "$CSHIM" check --bogus pie 2>err && grep -q "unknown option" err &&
	test_expect_code 2 "$CSHIM" check --prefix 2>err && grep -q "prefix needs" err &&
	"$CSHIM" check --help | grep -q "^usage: cshim check BINARY"
'

test_done
