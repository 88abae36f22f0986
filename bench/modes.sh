#!/bin/sh
# bench/modes.sh: what bitcode mode (helpers merged into the crate with
# llvm-link --internalize, no LTO; examples/kobj MODE=bitcode and
# scripts/cshim-rustc) costs and saves against full cross-language LTO and
# against no LTO at all.  Prints one markdown section on stdout; `make bench`
# calls it when present.
#
# 1. Instructions per call, under callgrind, for a few kobj.h APIs called in
#    the same loop from C (the limit: the inline function compiled in place)
#    and from Rust through cshim's helpers built three ways: bitcode mode, the
#    LTO recipe (cshim flags), and no LTO (helpers as machine code, so every
#    call stays a call).  Each program runs at N and 2N iterations: the
#    difference over N is one iteration's cost, start-up cancelled.
# 2. Build time of the bundled example's Rust program and its helpers in the
#    three modes (examples/kobj's Makefile, generated sources already there):
#    rounds that build every mode in turn, so that load from other work on the
#    machine falls on all modes alike; medians of wall and CPU time; ratios.
#
# Environment: CSHIM (default build/cshim), MODES_DIR (scratch, default
# build/bench-modes), MODES_N (default 200000), MODES_ROUNDS (default 5).
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
CSHIM=${CSHIM:-$ROOT/build/cshim}
W=${MODES_DIR:-$ROOT/build/bench-modes}
N=${MODES_N:-200000}
ROUNDS=${MODES_ROUNDS:-5}
EX=$ROOT/examples/kobj
RMAJ=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
CC=clang-$RMAJ
HOST=$(rustc -vV | sed -n 's/^host: //p')
for t in "$CC" "llvm-link-$RMAJ" "llvm-ar-$RMAJ" valgrind /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "modes.sh: $t is not installed" >&2; exit 1; }
done
rm -rf "$W"
mkdir -p "$W"
cd "$W"

# ---- 1. the call-cost programs ----

# One loop per case; x is made opaque each iteration, as the compiler must
# not fold the calls away.  The C and Rust loops are statement for statement.
cat >bench.c <<\EOF
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kobj.h"
#define OPQ(v) __asm__ volatile("" : "+r"(v))
static void nop_release(struct kref *k) { (void)k; }
int main(int argc, char **argv)
{
	unsigned long n = strtoul(argv[2], NULL, 10), r = 0;
	struct kref k; struct list_head h, e; unsigned long map[2] = {0};
	kref_init(&k); INIT_LIST_HEAD(&h);
	/* One loop per case, so that choosing the case costs nothing per iteration. */
#define LOOP(...) for (unsigned long i = 0; i < n; i++) { unsigned long x = i; OPQ(x); __VA_ARGS__; OPQ(r); }
	if (!strcmp(argv[1], "kref")) LOOP(kref_get(&k); r += kref_put(&k, nop_release))
	if (!strcmp(argv[1], "list")) LOOP(list_add(&e, &h); r += list_empty(&h); list_del(&e); INIT_LIST_HEAD(&e))
	if (!strcmp(argv[1], "bits")) LOOP(r += test_and_set_bit(x & 63, map); clear_bit(x & 63, map))
	if (!strcmp(argv[1], "span")) LOOP(r += kspan_end(kspan_intersect(kspan_make(x, 100), kspan_make(50, x))))
	if (!strcmp(argv[1], "errptr")) LOOP(void *p = ERR_PTR(-(long)(x & 4095)); r += IS_ERR(p) ? (unsigned long)PTR_ERR(p) : 0)
	printf("%lu\n", r);
	return 0;
}
EOF
cat >bench.rs <<\EOF
#![allow(dead_code, non_snake_case, unused_assignments)] // opq! writes x back, unread in some loops
use std::arch::asm;
use std::ffi::c_void;
mod ffi { include!(concat!(env!("MODES_GEN"), "/kobj.rs")); }
macro_rules! opq { ($v:ident) => { unsafe { asm!("/* {0} */", inout(reg) $v, options(nomem, nostack, preserves_flags)) } } }
unsafe extern "C" fn nop_release(_k: *mut ffi::kref) {}
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let n: u64 = a[2].parse().unwrap();
    let mut r: u64 = 0;
    let mut k = [0u32; 1];
    let mut h = [ std::ptr::null_mut::<c_void>(); 2];
    let mut e = [ std::ptr::null_mut::<c_void>(); 2];
    let mut map = [0u64; 2];
    let (k, h, e) = (k.as_mut_ptr().cast::<ffi::kref>(), h.as_mut_ptr().cast::<ffi::list_head>(), e.as_mut_ptr().cast::<ffi::list_head>());
    let m = map.as_mut_ptr().cast();
    unsafe { ffi::kref_init(k); ffi::INIT_LIST_HEAD(h); }
    // One loop per case, as in bench.c.
    macro_rules! lp { ($x:ident; $($body:tt)*) => { for i in 0..n { let mut $x = i; opq!($x); unsafe { $($body)* } opq!(r); } } }
    match a[1].as_str() {
        "kref" => lp!(x; ffi::kref_get(k); r += ffi::kref_put(k, Some(nop_release)) as u64;),
        "list" => lp!(x; ffi::list_add(e, h); r += ffi::list_empty(h) as u64; ffi::list_del(e); ffi::INIT_LIST_HEAD(e);),
        "bits" => lp!(x; r += ffi::test_and_set_bit((x & 63) as _, m) as u64; ffi::clear_bit((x & 63) as _, m);),
        "span" => lp!(x; r += ffi::kspan_end(ffi::kspan_intersect(ffi::kspan_make(x as _, 100), ffi::kspan_make(50, x as _))) as u64;),
        "errptr" => lp!(x; let p = ffi::ERR_PTR(-((x & 4095) as i64) as _); r += if ffi::IS_ERR(p) { ffi::PTR_ERR(p) as u64 } else { 0 };),
        _ => {}
    }
    println!("{r}");
}
EOF
CASES="kref list bits span errptr"

"$CSHIM" gen "$EX/kobj.h" -o kobj_helpers.c --rust kobj.rs
export MODES_GEN="$W"
RUSTC_O="rustc --edition 2021 -C opt-level=2"
$CC -O2 -I"$EX" bench.c "$EX/kobj.c" -o bench-c
$CC -O2 -c "$EX/kobj.c" -o kobj_lib.o
# LTO: the recipe of cshim flags (each part is words, split on purpose).
# shellcheck disable=SC2046
$("$CSHIM" flags --cc) $("$CSHIM" flags --cflags) -I"$EX" -c kobj_helpers.c -o lto_helpers.o
"llvm-ar-$RMAJ" rcs liblto.a lto_helpers.o kobj_lib.o
# shellcheck disable=SC2046
$RUSTC_O $("$CSHIM" flags --rustflags) bench.rs -L . -l static=lto -o bench-lto
# No LTO: the helpers as machine code.
$CC -O2 -I"$EX" -c kobj_helpers.c -o nolto_helpers.o
"llvm-ar-$RMAJ" rcs libnolto.a nolto_helpers.o kobj_lib.o
$RUSTC_O bench.rs -L . -l static=nolto -o bench-nolto
# Bitcode mode: examples/kobj's MODE=bitcode recipe, step for step.
$CC --target="$HOST" -O2 -I"$EX" -emit-llvm -c kobj_helpers.c -o helpers.bc
$RUSTC_O -C codegen-units=1 --emit=llvm-bc bench.rs -o crate.bc
"llvm-link-$RMAJ" --internalize --only-needed crate.bc helpers.bc -o merged.bc
$CC --target="$HOST" -O2 -c merged.bc -o crate.o
"llvm-ar-$RMAJ" rcs libnative.a kobj_lib.o
printf '#![no_main]\n' >link.rs
$RUSTC_O link.rs -L . -l static:+verbatim=crate.o -l static=native -o bench-bitcode

VARIANTS="c bitcode lto nolto"
for v in $VARIANTS; do
	for c in $CASES; do
		test "$(./bench-"$v" "$c" 1000)" = "$(./bench-c "$c" 1000)" ||
			{ echo "modes.sh: bench-$v $c differs from C" >&2; exit 1; }
	done
done
checks=
for v in bitcode lto nolto; do
	checks="$checks$v: $("$CSHIM" check "bench-$v" | tail -n 1)
"
done

# Instructions of n iterations (callgrind's total, start-up included).
irs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "./bench-$1" "$2" "$3" 2>&1 >/dev/null |
	sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
: >ir.txt
for c in $CASES; do
	for v in $VARIANTS; do
		a=$(irs "$v" "$c" "$N") b=$(irs "$v" "$c" $((2 * N)))
		echo "$c $v $a $b" >>ir.txt
	done
done

# ---- 2. build time of the example ----

# Mode name, then the Makefile variables that select it.
mode_args() {
	case $1 in
	bitcode) echo MODE=bitcode ;;
	lto) echo ;;
	nolto) echo "CFLAGS_LTO=-O2 RUSTFLAGS_LTO=" ;;
	esac
}
# What each mode builds for the Rust program (everything after cshim gen).
mode_outputs() {
	case $1 in
	bitcode) echo kobj_helpers.bc main.bc main.merged.bc main.o kobj_native.o libkobj_native.a link.rs kobj-rust ;;
	*) echo kobj_helpers.o kobj_lib.o libkobj_helpers.a kobj-rust ;;
	esac
}
MODES="bitcode lto nolto"
for m in $MODES; do
	# shellcheck disable=SC2046 # the variables are words
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$W/ex-$m" $(mode_args "$m") build >"ex-$m.log" 2>&1 ||
		{ echo "modes.sh: make build ($m) failed:" >&2; cat "ex-$m.log" >&2; exit 1; }
done
: >time.txt
for r in $(seq 1 "$ROUNDS"); do
	for m in $MODES; do
		# shellcheck disable=SC2046 # a list of file names
		(cd "ex-$m" && rm -f $(mode_outputs "$m"))
		# A failed build (the example edited meanwhile) is reported and not counted.
		# shellcheck disable=SC2046
		if /usr/bin/time -f "$m $r %e %U %S" -o one.txt \
			make -s -C "$EX" CSHIM="$CSHIM" BUILD="$W/ex-$m" $(mode_args "$m") "$W/ex-$m/kobj-rust" >/dev/null 2>&1; then
			cat one.txt >>time.txt
		else
			echo "modes.sh: round $r: the $m build failed, not counted" >&2
		fi
	done
done

# ---- the report ----
cat <<EOF
## Bitcode mode vs LTO vs no LTO

Bitcode mode merges the helpers' LLVM bitcode into each Rust crate with
\`llvm-link --internalize\` and compiles the crate without LTO
(\`make -C examples/kobj run MODE=bitcode\`, \`scripts/cshim-rustc\` for cargo).
$(rustc --version), $($CC --version | head -n 1); $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg).

### Instructions per iteration (callgrind, (I(2N) - I(N)) / N, N = $N)

One iteration is the loop body: the calls named, plus a few instructions of
loop and opaque-value overhead, the same in every column.

EOF
awk -v N="$N" '
	{ v[$1, $2] = ($4 - $3) / N; if (!($1 in seen)) { seen[$1] = 1; cs[++nc] = $1 } }
	END {
		print "| case | calls per iteration | C | bitcode | LTO | no LTO | bitcode / C | bitcode / LTO | no LTO / bitcode |"
		print "|---|---|---|---|---|---|---|---|---|"
		d["kref"] = "kref_get, kref_put"; d["list"] = "list_add, list_empty, list_del, INIT_LIST_HEAD"
		d["bits"] = "test_and_set_bit, clear_bit"; d["span"] = "kspan_make x2, kspan_intersect, kspan_end (by value)"
		d["errptr"] = "ERR_PTR, IS_ERR, PTR_ERR"
		for (i = 1; i <= nc; i++) {
			c = cs[i]
			printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", c, d[c], v[c, "c"], v[c, "bitcode"],
				v[c, "lto"], v[c, "nolto"], v[c, "bitcode"] / v[c, "c"], v[c, "bitcode"] / v[c, "lto"], v[c, "nolto"] / v[c, "bitcode"]
		}
	}' ir.txt
cat <<EOF

\`cshim check\` on the three Rust programs:

\`\`\`
$checks\`\`\`

### Build time of examples/kobj's Rust program and helpers ($ROUNDS rounds, medians)

Everything after \`cshim gen\`: helpers, kobj.c, the crate, the link
(\`make BUILD/kobj-rust\` after removing the mode's outputs); no LTO is
\`CFLAGS_LTO=-O2 RUSTFLAGS_LTO=\`.  The machine is shared: CPU time (user +
system, all processes) is the steadier measure.

EOF
awk '
	function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
	{ k = $1; n[k]++; wl[k, n[k]] = $3; cp[k, n[k]] = $4 + $5 }
	END {
		split("bitcode lto nolto", M, " ")
		for (i = 1; i <= 3; i++) { m = M[i]; delete a; for (j = 1; j <= n[m]; j++) a[j] = wl[m, j]; W[m] = med(a, n[m])
			delete a; for (j = 1; j <= n[m]; j++) a[j] = cp[m, j]; C[m] = med(a, n[m]) }
		print "| mode | wall s | CPU s | wall / LTO | CPU / LTO | wall / no LTO | CPU / no LTO |"
		print "|---|---|---|---|---|---|---|"
		for (i = 1; i <= 3; i++) { m = M[i]
			printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", m == "nolto" ? "no LTO" : m == "lto" ? "LTO" : m,
				W[m], C[m], W[m] / W["lto"], C[m] / C["lto"], W[m] / W["nolto"], C[m] / C["nolto"] }
	}' time.txt
