#!/bin/sh
test_description='bitcode mode (helpers merged into the crate with llvm-link --internalize, no LTO): the bundled example with make MODE=bitcode, the cargo example through scripts/cshim-rustc and liburing behave as C, leave no helper call and export no helper symbol, also under the kernel flags; without always_inline the calls stay, without --internalize the symbols stay, without the wrapper the fallback is called; the wrapper on an rlib and its limit (a generic instantiated in a crate it did not merge); make install'
. "$(dirname "$0")/../lib.sh"

# The machine's own toolchain, whatever the caller's environment says.
unset RUSTC CSHIM_CLANG CSHIM_LLVM_LINK CSHIM_HELPERS_BC RUSTC_WRAPPER
have rustc || skip_all 'rustc is not installed (rustup)'
RMAJ=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
for t in clang-$RMAJ llvm-link-$RMAJ llvm-ar-$RMAJ nm; do
	have "$t" || skip_all "$t is not installed (scripts/setup-debian.sh)"
done
EX=$SRC/examples/kobj
WRAP=$SRC/scripts/cshim-rustc
KFLAGS="-fno-delete-null-pointer-checks -fno-builtin"

# Helper symbols left in a binary: exported (T/W) or local (t).
exported() { nm "$1" | grep " [TW] rust_helper_"; }
local_syms() { nm "$1" | grep " t rust_helper_"; }

test_expect_success 'make run MODE=bitcode: behaviour equals C, no residual call, no helper symbol' '
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/bc" MODE=bitcode run >bc.out 2>&1 &&
	grep -q "^behaviour: Rust through helpers == C direct ([0-9]* lines)$" bc.out &&
	grep -q "^symbols: no rust_helper_ symbol exported" bc.out &&
	"$CSHIM" check bc/kobj-rust >check.out &&
	grep -q "no helper symbols" check.out &&
	! nm bc/kobj-rust | grep -q rust_helper_ &&
	test -f bc/main.merged.bc && ! test -f bc/libkobj_helpers.a
'

test_expect_success 'MODE=bitcode with the kernel flags on the helpers: still inlined (always_inline)' '
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/bck" MODE=bitcode EXTRA_CFLAGS="$KFLAGS" run >bck.out 2>&1 &&
	grep -q "^behaviour: Rust through helpers == C direct" bck.out &&
	"$CSHIM" check bck/kobj-rust &&
	! exported bck/kobj-rust
'

test_expect_success 'MODE=bitcode, kernel flags, no always_inline: calls stay, to internal copies only' '
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/bcp" MODE=bitcode EXTRA_CFLAGS="$KFLAGS" \
		HELPER_DEFS=-D__rust_helper= build >bcp.out 2>&1 &&
	bcp/kobj-rust >bcp.txt && test_cmp bc/out-c.txt bcp.txt &&
	test_expect_code 1 "$CSHIM" check bcp/kobj-rust >bcp-check.out &&
	grep -q "residual call site" bcp-check.out &&
	local_syms bcp/kobj-rust && ! exported bcp/kobj-rust
'

test_expect_success 'MODE=bitcode without --internalize: inlined, but the helpers stay exported and make run says so' '
	test_expect_code 2 make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/bcx" MODE=bitcode \
		LLVM_LINK_FLAGS=--only-needed run >bcx.out 2>&1 &&
	grep -q "^exported helper symbols left in" bcx.out &&
	"$CSHIM" check bcx/kobj-rust &&
	exported bcx/kobj-rust
'

# The cargo example, built by plain `cargo build` in its directory: its
# .cargo/config.toml sets the wrapper.  Offline: it has no dependencies.
cargo_build() {
	dir=$1
	shift
	(cd "$SRC/examples/kobj-cargo" &&
		env CARGO_TARGET_DIR="$TRASH/$dir" CSHIM="$CSHIM" "$@" cargo build --release --offline --quiet)
}

if have cargo; then
	test_expect_success 'cargo example through cshim-rustc: behaviour equals C, no residual call, no helper symbol' '
		cargo_build cargo &&
		cargo/release/kobj-rust >cargo.txt &&
		test_cmp bc/out-c.txt cargo.txt &&
		"$CSHIM" check cargo/release/kobj-rust >check.out &&
		grep -q "no helper symbols" check.out &&
		! nm cargo/release/kobj-rust | grep -q rust_helper_
	'

	test_expect_success 'cargo example, helpers under the kernel flags: still inlined' '
		cargo_build cargok CSHIM_HELPER_CFLAGS="$KFLAGS" &&
		cargok/release/kobj-rust >cargok.txt &&
		test_cmp bc/out-c.txt cargok.txt &&
		"$CSHIM" check cargok/release/kobj-rust &&
		! exported cargok/release/kobj-rust
	'

	test_expect_success 'cargo example without the wrapper (RUSTC_WRAPPER=): links the native helpers, calls remain' '
		cargo_build cargop RUSTC_WRAPPER= &&
		cargop/release/kobj-rust >cargop.txt &&
		test_cmp bc/out-c.txt cargop.txt &&
		test_expect_code 1 "$CSHIM" check cargop/release/kobj-rust >cargop-check.out &&
		grep -q "residual call site" cargop-check.out &&
		exported cargop/release/kobj-rust
	'

	test_expect_success 'cargo example with profile lto (Rust LTO): the helpers are merged into the LTO module' '
		cargo_build cargolto CARGO_PROFILE_RELEASE_LTO=true &&
		cargolto/release/kobj-rust >cargolto.txt &&
		test_cmp bc/out-c.txt cargolto.txt &&
		"$CSHIM" check cargolto/release/kobj-rust &&
		! exported cargolto/release/kobj-rust
	'
fi

# The wrapper on a library crate (rlib) and a binary using it, with rustc
# directly.  g is generic: it is compiled where it is instantiated, in the
# binary, so the binary needs the helpers merged too; when it is not, the
# native helpers (the fallback) are linked and cshim check shows that call.
cat >tri.h <<\EOF
static inline unsigned tri(unsigned x) { return x * 3 + 1; }
EOF
cat >l.rs <<\EOF
mod ffi { include!("tri.rs"); }
pub fn f(x: u32) -> u32 { unsafe { ffi::tri(x) } }
pub fn g<T: Into<u32>>(x: T) -> u32 { unsafe { ffi::tri(x.into()) } }
EOF
cat >m.rs <<\EOF
fn main() {
    let x = std::hint::black_box(3u16);
    println!("{} {}", l::f(x.into()), l::g(x));
}
EOF
cat >mf.rs <<\EOF
fn main() {
    println!("{}", l::f(std::hint::black_box(3)));
}
EOF
rlib() {
	"$CSHIM" gen tri.h -o tri.c --rust tri.rs &&
	clang-$RMAJ -O2 -emit-llvm -c tri.c -o tri.bc &&
	clang-$RMAJ -O2 -c tri.c -o tri.o && llvm-ar-$RMAJ rcs libtri.a tri.o &&
	# -C extra-filename as cargo passes it: the archive and its members are named CRATE-HASH.
	CSHIM_HELPERS_BC=$PWD/tri.bc "$WRAP" rustc --edition 2021 -O --crate-type rlib --crate-name l \
		-C extra-filename=-x1 l.rs --out-dir . &&
	llvm-ar-$RMAJ t libl-x1.rlib >members &&
	grep -q "^l-x1\..*rcgu\.o$" members &&
	# converted: machine code (ELF), no bitcode left for a linker to LTO
	rm -rf xm && mkdir xm && llvm-ar-$RMAJ x libl-x1.rlib --output xm $(grep "rcgu\.o$" members) &&
	for o in xm/*.o; do test "$(head -c 4 "$o" | od -An -c | tr -d " ")" = 177ELF || return 1; done
}

test_expect_success 'an rlib through the wrapper, the binary too: no residual call' '
	rlib &&
	CSHIM_HELPERS_BC=$PWD/tri.bc "$WRAP" rustc --edition 2021 -O m.rs --extern l=libl-x1.rlib -L . -l static=tri -o m-both &&
	test "$(./m-both)" = "10 10" &&
	"$CSHIM" check m-both &&
	! exported m-both
'

test_expect_success 'the binary compiled without the helpers merged: the generic g keeps its call (in main), f does not' '
	rlib &&
	rustc --edition 2021 -O m.rs --extern l=libl-x1.rlib -L . -l static=tri -o m-lib &&
	test "$(./m-lib)" = "10 10" &&
	test_expect_code 1 "$CSHIM" check m-lib >m-lib.out &&
	grep "^rust_helper_tri: 1 call site: m::main (1)" m-lib.out &&
	rustc --edition 2021 -O mf.rs --extern l=libl-x1.rlib -L . -l static=tri -o mf &&
	test "$(./mf)" = 10 &&
	"$CSHIM" check mf
'

# A cargo package with a library and a binary using it, the helpers' bitcode
# given to every crate (CSHIM_HELPERS_BC in cargo's environment), no native
# fallback: a helper call not merged would not link.  Rust LTO too: cargo
# then builds the library as bitcode (-C linker-plugin-lto), which stays
# bitcode, and the helpers are merged into what the binary's rustc passes on.
if have cargo; then
	mkdir -p pkg/src pkg/src/bin &&
	printf "[package]\nname = \"tl\"\nversion = \"0.1.0\"\nedition = \"2021\"\n" >pkg/Cargo.toml &&
	cp l.rs pkg/src/lib.rs && cp tri.rs pkg/src/tri.rs &&
	sed "s/l::/tl::/g" m.rs >pkg/src/bin/m.rs
	for lto in false thin true; do
		test_expect_success "cargo, library + binary, profile lto = $lto: no residual call, nothing to fall back on" '
			(cd pkg && env RUSTC_WRAPPER="$WRAP" CSHIM_HELPERS_BC="$TRASH/tri.bc" CARGO_TARGET_DIR="$TRASH/pkg-$lto" \
				CARGO_PROFILE_RELEASE_LTO=$lto cargo build --release --offline --quiet) &&
			test "$(pkg-$lto/release/m)" = "10 10" &&
			"$CSHIM" check pkg-$lto/release/m &&
			! nm pkg-$lto/release/m | grep rust_helper_
		'
	done
fi

test_expect_success 'the wrapper passes other crates and queries through unchanged' '
	"$WRAP" rustc -vV >v1 && rustc -vV >v2 && test_cmp v2 v1 &&
	"$WRAP" rustc --edition 2021 -O --crate-type rlib --crate-name l l.rs --out-dir plain 2>err &&
	llvm-ar-$RMAJ x plain/libl.rlib --output plain "$(llvm-ar-$RMAJ t plain/libl.rlib | grep "rcgu\.o$")" &&
	! head -c 2 plain/l.*.rcgu.o | grep -q BC
'

# liburing's inline API in bitcode mode: prepare submission queue entries in
# plain memory (no ring, no system call) and compare the bytes with C's.
if [ -f /usr/include/liburing.h ]; then
	cat >uring_direct.c <<\EOF
#include <liburing.h>
#include <stdio.h>
#include <string.h>
static void dump(const char *what, const void *p, size_t n)
{
	printf("%s", what);
	for (size_t i = 0; i < n; i++)
		printf(" %02x", ((const unsigned char *)p)[i]);
	printf("\n");
}
int main(void)
{
	struct io_uring_sqe sqe;
	unsigned long long cqe[4] = {99, 0, 0, 0};
	memset(&sqe, 0, sizeof sqe);
	io_uring_prep_read(&sqe, 3, (void *)0x1000, 100, 7);
	dump("read", &sqe, sizeof sqe);
	io_uring_sqe_set_data64(&sqe, 42);
	io_uring_sqe_set_flags(&sqe, 4);
	dump("data", &sqe, sizeof sqe);
	io_uring_prep_timeout_remove(&sqe, 77, 1);
	dump("timeout_remove", &sqe, sizeof sqe);
	io_uring_prep_nop(&sqe);
	dump("nop", &sqe, sizeof sqe);
	printf("cqe data %llu\n", (unsigned long long)io_uring_cqe_get_data64((struct io_uring_cqe *)cqe));
	return 0;
}
EOF
	cat >uring_rust.rs <<\EOF
#![allow(dead_code, non_camel_case_types, non_snake_case, non_upper_case_globals)]
mod ffi { include!(concat!(env!("URING_GEN"), "/uring.rs")); }
fn dump(what: &str, s: &[u64; 8]) {
    print!("{what}");
    for w in s { for b in w.to_ne_bytes() { print!(" {b:02x}"); } }
    println!();
}
fn main() {
    let mut s = [0u64; 8];
    let cqe = [99u64, 0, 0, 0];
    let sqe = s.as_mut_ptr().cast::<ffi::io_uring_sqe>();
    unsafe {
        ffi::io_uring_prep_read(sqe, 3, 0x1000 as *mut _, 100, 7);
        dump("read", &s);
        ffi::io_uring_sqe_set_data64(sqe, 42);
        ffi::io_uring_sqe_set_flags(sqe, 4);
        dump("data", &s);
        ffi::io_uring_prep_timeout_remove(sqe, 77, 1);
        dump("timeout_remove", &s);
        ffi::io_uring_prep_nop(sqe);
        dump("nop", &s);
        println!("cqe data {}", ffi::io_uring_cqe_get_data64(cqe.as_ptr().cast()));
    }
}
EOF
	# uring_bitcode DIR [C flags for the helpers]: the Make recipe, step for step.
	uring_bitcode() {
		d=$1
		shift
		mkdir -p "$d" &&
		clang-$RMAJ --target="$HOST" -O2 "$@" -emit-llvm -c uring.c -o "$d/uring.bc" &&
		URING_GEN=$PWD rustc --edition 2021 -O -C codegen-units=1 --emit=llvm-bc uring_rust.rs -o "$d/crate.bc" &&
		llvm-link-$RMAJ --internalize --only-needed "$d/crate.bc" "$d/uring.bc" -o "$d/merged.bc" &&
		clang-$RMAJ --target="$HOST" -O2 -c "$d/merged.bc" -o "$d/crate.o" &&
		printf "#![no_main]\n" >"$d/link.rs" &&
		rustc -O "$d/link.rs" -L "$d" -l static:+verbatim=crate.o -o "$d/uring" &&
		"$d/uring" >"$d/out.txt" &&
		test_cmp uring-c.txt "$d/out.txt" &&
		"$CSHIM" check "$d/uring" &&
		! nm "$d/uring" | grep rust_helper_
	}
	HOST=$(rustc -vV | sed -n "s/^host: //p")

	test_expect_success 'liburing helpers in bitcode mode: sqe bytes equal C, no residual call, no helper symbol' '
		"$CSHIM" gen "<liburing.h>" -o uring.c --rust uring.rs &&
		clang-$RMAJ -O2 uring_direct.c -o uring-c && ./uring-c >uring-c.txt &&
		test "$(wc -l <uring-c.txt)" = 5 &&
		uring_bitcode uring-bc
	'

	test_expect_success 'liburing helpers in bitcode mode under the kernel flags: the same' '
		uring_bitcode uring-bck $KFLAGS
	'
fi

test_expect_success 'make install puts cshim-rustc next to cshim, and the installed wrapper works' '
	make -s -C "$SRC" install DESTDIR="$TRASH/root" PREFIX=/opt/cshim >/dev/null &&
	test -x root/opt/cshim/bin/cshim-rustc &&
	rm -f libl-x1.rlib &&
	CSHIM_HELPERS_BC=$PWD/tri.bc root/opt/cshim/bin/cshim-rustc rustc --edition 2021 -O --crate-type rlib \
		--crate-name l -C extra-filename=-x1 l.rs --out-dir . &&
	rustc --edition 2021 -O mf.rs --extern l=libl-x1.rlib -L . -l static=tri -o mf-installed &&
	"$CSHIM" check mf-installed
'

test_done
