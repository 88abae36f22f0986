#!/bin/bash
# scripts/corpus.sh: `make corpus`, cshim over real codebases; writes
# docs/coverage.md (scripts/corpus-report.py formats it).
#
# Each codebase is one translation unit: every public header that compiles on
# its own, included together, with --allowlist-file selecting every file of
# the codebase, so that the internal headers they include (DPDK's *_pvt.h,
# arch headers) are covered too.  A header that does not compile on its own
# and that no other header includes is excluded, with a reason: a curated one
# (EXCLUDE_WHY below) or clang's first error.  For each TU: `cshim gen` under
# /usr/bin/time (wall time, peak RSS), the JSON inventory (counts and skip
# reasons), the helpers compiled with gcc and clang-22 -Wall -Wextra -Werror
# with the TU's own flags, and the Rust declarations with rustc -D warnings.
#
# Usage: scripts/corpus.sh [OUT.md]   (CSHIM=..., CORPUS_DIR=work dir)
set -eu
cd "$(dirname "$0")/.."
CSHIM=${CSHIM:-$PWD/build/cshim}
W=${CORPUS_DIR:-$PWD/build/corpus}
OUT=${1:-docs/coverage.md}
CLANG=${CLANG:-clang-22}
rm -rf "$W" && mkdir -p "$W" "$(dirname "$OUT")"
: >"$W/sets.tsv"

# Headers left out by hand, with why (they compile alone, but not with the rest).
declare -A EXCLUDE_WHY=(
	[rte_stack_lf_stubs.h]="the lock-free stack for targets without 128-bit compare-and-swap: defines the same functions as rte_stack_lf_generic.h, which x86_64 uses"
	[rte_trace_point_register.h]="must come before <rte_trace_point.h> and turns every trace point into a registration: for the one .c file that registers them, not for users"
)

# Headers meant to be included only by another one (covered when the TU reads them).
declare -A ONLY_VIA=(
	[bpf_helper_defs.h]="no include guard: <bpf/bpf_helpers.h> includes it once; a second inclusion redefines every helper"
)

# Why a header that does not compile alone is not for this machine (by its path).
arch_note() {
	case $1 in
	*/generic/*) echo "" ;;
	*arm64* | *neon* | *sve* | *altivec* | *ppc* | *power*) echo "another architecture's implementation (arm64 / ppc64): " ;;
	*_c11.h | *_c11_pvt.h) echo "the C11-memory-model variant (RTE_USE_C11_MEM_MODEL, arm64's default); x86_64 includes the generic one: " ;;
	*_32.h) echo "the 32-bit x86 variant; x86_64 includes the _64 one: " ;;
	*_scalar.h | *crc_generic.h) echo "the portable fallback for CPUs without vector or CRC32 instructions; x86_64 includes the SSE one: " ;;
	*_driver.h | *_pmd.h | */rte_eal_trace.h) echo "driver-side API whose internal headers libdpdk-dev does not ship: " ;;
	*) echo "does not compile on its own and no other header includes it: " ;;
	esac
}

# select_headers NAME FLAGS INCDIRS HEADER...: writes $W/NAME.tu (headers for
# the TU) and $W/NAME.alone-fail (header<TAB>first clang error) from compiling
# each header on its own with FLAGS (a string, split on blanks).  The TU names
# a header as its users do, <path> relative to the first of INCDIRS (a blank-
# separated list) it is under, so that a system header stays one.
select_headers() {
	local name=$1 flags=$2 incdirs=$3 h b d
	shift 3
	: >"$W/$name.tu"
	: >"$W/$name.alone-fail"
	for h in "$@"; do
		b=$(basename "$h")
		if [ -n "${EXCLUDE_WHY[$b]:-}" ]; then
			printf '%s\t%s\n' "$h" "${EXCLUDE_WHY[$b]}" >>"$W/$name.excluded"
			continue
		fi
		if [ -n "${ONLY_VIA[$b]:-}" ]; then
			printf '%s\t%s\n' "$h" "${ONLY_VIA[$b]}" >>"$W/$name.alone-fail"
			continue
		fi
		if [[ $h == */generic/* ]]; then
			printf '%s\t%s\n' "$h" "a generic/ header, for an architecture's header of the same name to include after its own definitions, never directly; the x86_64 one does not include it" >>"$W/$name.alone-fail"
			continue
		fi
		# shellcheck disable=SC2086
		if printf '#include "%s"\n' "$h" | $CLANG -fsyntax-only -w -x c $flags - 2>"$W/alone.err"; then
			for d in $incdirs; do
				if [[ $h == "$d"/* ]]; then
					echo "<${h#"$d"/}>" >>"$W/$name.tu"
					continue 2
				fi
			done
			echo "$h" >>"$W/$name.tu"
		else
			printf '%s\t%s\n' "$h" "$(grep -m1 -o 'error: .*' "$W/alone.err" | sed 's/^error: //')" >>"$W/$name.alone-fail"
		fi
	done
}

# classify NAME: a header that failed alone is covered when the TU read it
# (through the headers that include it), otherwise excluded with its reason.
classify() {
	local name=$1 h why
	: >"$W/$name.covered"
	tr ' \\' '\n\n' <"$W/$name.d" | grep '\.h:*$' | tr -d ':' | xargs -r realpath -m | sort -u >"$W/$name.read"
	while IFS=$'\t' read -r h why; do
		if grep -qx "$(realpath -m "$h")" "$W/$name.read"; then
			echo "$h" >>"$W/$name.covered"
		else
			printf '%s\t%s%s\n' "$h" "$(arch_note "$h")" "$why" >>"$W/$name.excluded"
		fi
	done <"$W/$name.alone-fail"
}

# run_set NAME TITLE SELECT-RE COMPILERS -- GEN-FLAGS...: cshim gen over the
# headers of $W/NAME.tu (as given to gen), selecting the files SELECT-RE
# matches ("-": the named headers only), then the compile checks.
# CC_FLAGS (a string) adds flags for the C compilers only; GEN_OPTS (a string,
# split on blanks) adds cshim options (--spec, --symbols, --prefix) to gen and
# scan.
run_set() {
	local name=$1 title=$2 re=$3 compilers=$4 cc c r rs
	shift 5
	local hdrs=() sel=()
	mapfile -t hdrs <"$W/$name.tu"
	[ "$re" = - ] || sel=(--allowlist-file "$re")
	local t0=$EPOCHREALTIME
	# shellcheck disable=SC2086
	/usr/bin/time -f '%e %M' -o "$W/$name.time" "$CSHIM" gen "${hdrs[@]}" "${sel[@]}" ${GEN_OPTS:-} \
		-o "$W/$name.c" --rust "$W/$name.rs" --json "$W/$name.json" --depfile "$W/$name.d" -- "$@" \
		2>"$W/$name.gen.err" || { cat "$W/$name.gen.err" >&2; echo "corpus: cshim gen failed on $name" >&2; exit 1; }
	echo "corpus: $name: gen $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }') s" >&2
	# shellcheck disable=SC2086
	"$CSHIM" scan "${hdrs[@]}" "${sel[@]}" ${GEN_OPTS:-} -- "$@" >"$W/$name.scan"
	[ -f "$W/$name.alone-fail" ] && classify "$name"
	r=""
	for c in gcc "$CLANG"; do
		cc=n/a
		if [[ " $compilers " == *" $c "* ]]; then
			# shellcheck disable=SC2086
			if $c -std=gnu11 -Wall -Wextra -Werror ${CC_FLAGS:-} "$@" -c "$W/$name.c" -o "$W/$name.$c.o" 2>"$W/$name.$c.log"; then
				cc=clean
			else
				cc="FAIL ($(grep -c "error:" "$W/$name.$c.log") error lines, $name.$c.log)"
			fi
		fi
		r="$r	$cc"
	done
	printf 'pub mod ffi { include!("%s"); }\n' "$W/$name.rs" >"$W/lib_$name.rs"
	if rustc --edition 2021 -D warnings --crate-type lib --emit=metadata -o "$W/lib$name.rmeta" "$W/lib_$name.rs" 2>"$W/$name.rustc.log"; then
		rs=clean
	else
		rs="FAIL ($(grep -c '^error' "$W/$name.rustc.log") errors)"
	fi
	printf '%s\t%s\t%s\t%s\t%s%s\t%s\t%s\t%s\n' "$name" "$title" "${#hdrs[@]}" "$(cat "$W/$name.time" | tr ' ' '\t')" \
		"$(printf '%s ' "$@")" "$r" "$rs" "${CC_FLAGS:-}" "${GEN_OPTS:-}" >>"$W/sets.tsv"
}

# ---- liburing ----
printf '%s\n' "<liburing.h>" >"$W/liburing.tu"
run_set liburing "liburing $(dpkg-query -W -f='${Version}' liburing-dev)" '/usr/include/liburing(\.h|/.*)' "gcc $CLANG" --

# ---- DPDK: every header of libdpdk-dev, with pkg-config's flags ----
dpdk_flags="$(pkg-config --cflags libdpdk) -DALLOW_EXPERIMENTAL_API"
select_headers dpdk "$dpdk_flags" "/usr/include/dpdk /usr/include/x86_64-linux-gnu/dpdk" /usr/include/dpdk/*.h /usr/include/dpdk/generic/*.h /usr/include/x86_64-linux-gnu/dpdk/*.h
# shellcheck disable=SC2086
run_set dpdk "DPDK $(dpkg-query -W -f='${Version}' libdpdk-dev)" '/usr/include/(dpdk|x86_64-linux-gnu/dpdk)/.*' "gcc $CLANG" -- $dpdk_flags

# ---- libbpf: the user-space API, and the BPF-program headers for --target=bpf ----
user_bpf="-include errno.h"
select_headers libbpf "$user_bpf" /usr/include /usr/include/bpf/{bpf,btf,libbpf,libbpf_common,libbpf_legacy,libbpf_version,skel_internal}.h
# shellcheck disable=SC2086
run_set libbpf "libbpf $(dpkg-query -W -f='${Version}' libbpf-dev) (user space)" '/usr/include/bpf/.*' "gcc $CLANG" -- $user_bpf
bpf_prog="--target=bpf -I/usr/include/x86_64-linux-gnu -D__TARGET_ARCH_x86 -include linux/types.h -include linux/bpf.h -include linux/ptrace.h -include stdbool.h"
select_headers libbpf-prog "$bpf_prog" /usr/include /usr/include/bpf/{bpf_helpers,bpf_helper_defs,bpf_tracing,bpf_core_read,bpf_endian,usdt.bpf}.h
# shellcheck disable=SC2086
run_set libbpf-prog "libbpf $(dpkg-query -W -f='${Version}' libbpf-dev) (BPF programs, --target=bpf)" '/usr/include/bpf/.*' "$CLANG" -- $bpf_prog

# ---- glibc: the proving ground of tests/glibc (its headers, specs and selection) ----
printf '%s\n' "<glibc>" >"$W/glibc.tu"
/usr/bin/time -f '%e %M' -o "$W/glibc.time" sh tests/glibc/gen.sh "$CSHIM" gen -o "$W/glibc.c" --rust "$W/glibc.rs" --json "$W/glibc.json"
g=""
for c in gcc "$CLANG"; do
	if $c -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -c "$W/glibc.c" -o "$W/glibc.$c.o" 2>"$W/glibc.$c.log"; then g="$g	clean"; else g="$g	FAIL"; fi
done
printf 'pub mod ffi { include!("%s"); }\n' "$W/glibc.rs" >"$W/lib_glibc.rs"
rustc --edition 2021 -D warnings --crate-type lib --emit=metadata -o "$W/libglibc.rmeta" "$W/lib_glibc.rs" && gr=clean || gr=FAIL
printf '%s\t%s\t%s\t%s\t%s%s\t%s\t%s\t%s\n' glibc "glibc $(dpkg-query -W -f='${Version}' libc6-dev) (tests/glibc, specs/glibc)" \
	"$(grep -c '^<' tests/glibc/gen-args)" "$(tr ' ' '\t' <"$W/glibc.time")" "-D_GNU_SOURCE + specs/glibc/*.spec" "$g" "$gr" "" "" >>"$W/sets.tsv"

# ---- Linux kernel: the benchmark's header set, and specs/linux as a module builds it ----
# The kernel headers are not -Wextra clean themselves (unused parameters of
# stubs, signed/unsigned comparisons, a flexible array not at the end): the
# helpers are compiled with the kernel's own relaxations of those (KCFLAGS),
# and kernel_wextra_note counts, without them, what is the headers' and what
# is the generated file's.
KCFLAGS="-Wno-unused-parameter -Wno-sign-compare -Wno-type-limits -Wno-gnu -Wno-address-of-packed-member -Wno-unknown-warning-option"

# kernel_wextra_note NAME FLAGS...: appends to NAME.note the warnings plain
# -Wall -Wextra gives per compiler, split into the generated file's and the
# kernel headers'.
kernel_wextra_note() {
	local name=$1 c all own
	shift
	for c in gcc "$CLANG"; do
		$c -std=gnu11 -Wall -Wextra -fsyntax-only "$@" "$W/$name.c" 2>"$W/$name.$c.wextra" || true
		all=$(grep -c 'warning:' "$W/$name.$c.wextra" || true)
		own=$(grep -c "^$W/$name.c:.*warning:" "$W/$name.$c.wextra" || true)
		printf '%s' "$c -Wall -Wextra without them: $own warnings in the generated file, $((all - own)) in the kernel headers ($(grep 'warning:' "$W/$name.$c.wextra" | grep -v "^$W/$name.c:" | grep -o '\[-W[^]]*\]' | sort | uniq -c | sort -rn | awk '{ printf "%s%d %s", (NR > 1 ? ", " : ""), $1, $2 }' | tr -d '[]')).  "
	done | sed 's/ *$//' >>"$W/$name.note"
	echo >>"$W/$name.note"
}

KDIR=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
if kflags=$(bash bench/kbuild-flags.sh 2>/dev/null) && [ -n "$kflags" ] && [ -f "$KDIR/Module.symvers" ]; then
	kver=$(basename "$KDIR" | sed 's/linux-headers-//; s/-amd64$//')
	# 1. bench/kernel-headers.txt with an out-of-tree module's flags: every
	# inline function and macro of the named headers, --symbols the
	# kernel's exports (Module.symvers), as kbuild/cshim.mk passes them.
	grep -v '^#' bench/kernel-headers.txt | sed 's/.*/<&>/' >"$W/kernel.tu"
	cat >"$W/kernel.note" <<-EOF
	The headers of bench/kernel-headers.txt, their own inline functions and macros, parsed with the flags Kbuild compiles an out-of-tree module with (bench/kbuild-flags.sh) and \`--symbols $KDIR/Module.symvers\`: an inline function that calls or reads a symbol the kernel does not export is skipped with that reason (a module using its helper would fail modpost), as is one whose parameter must be a compile-time constant.
	The C compilers add \`$KCFLAGS\`, the warnings the kernel's own build does not enable (W=1 level); both gcc (the kernel's compiler) and clang (an LLVM=1 build, which Rust in the kernel needs) compile the helpers.
	EOF
	# shellcheck disable=SC2086
	CC_FLAGS="$KCFLAGS" GEN_OPTS="--symbols $KDIR/Module.symvers" \
		run_set kernel "Linux $kver headers (bench/kernel-headers.txt, --symbols)" - "gcc $CLANG" -- $kflags
	# shellcheck disable=SC2086
	kernel_wextra_note kernel $kflags

	# 2. specs/linux as examples/kmod builds them: the module built by Kbuild
	# (kbuild/cshim.mk runs cshim, the kernel's gcc compiles, objtool,
	# modpost), then the same gen (headers, specs, options, flags: line 4 of
	# the generated file) again for the inventory, time and RSS.
	rm -rf "$W/kmod" && cp -R examples/kmod "$W/kmod"
	t0=$EPOCHREALTIME
	if make -C "$KDIR" M="$W/kmod" CSHIM_SRC="$PWD" CSHIM="$CSHIM" modules >"$W/kmod.log" 2>&1 && [ -f "$W/kmod/kmod.ko" ]; then
		mod="module: built, $(grep -c -i -E 'warning|undefined' "$W/kmod.log" || true) warnings"
	else
		mod="module: FAILED ($(grep -c -i 'error' "$W/kmod.log" || true) error lines)"
	fi
	echo "corpus: kernel-specs: module build $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }') s, $mod" >&2
	[ -f "$W/kmod/cshim_helpers.c" ] || { cat "$W/kmod.log" >&2; echo "corpus: cshim did not run inside Kbuild (examples/kmod)" >&2; exit 1; }
	regen=$(sed -n '4p' "$W/kmod/cshim_helpers.c")
	# The flags as Kbuild gave them, its relative -I made absolute (cshim ran in $KDIR).
	eval "set -- ${regen#* -- }"
	kmflags=()
	for f in "$@"; do kmflags+=("${f/#-I.\//-I$KDIR/}"); done
	echo "$W/kmod/kmod_api.h" >"$W/kernel-specs.tu"
	nspec=$(find specs/linux -name '*.spec' | wc -l)
	napi=$(grep -c '^__rust_helper' "$W/kmod/cshim_helpers.c" || true)
	cat >"$W/kernel-specs.note" <<-EOF
	examples/kmod: kmod_api.h ($(grep -c '^#include' examples/kmod/kmod_api.h) kernel headers, no definitions of its own) with the $nspec files of specs/linux, so only what the specs select is generated.  \`make -C $KDIR M=examples/kmod modules\`: $mod (gcc, objtool and modpost lines matching warning or undefined in the build log), $napi helpers in the module.  The kernel APIs are spec lines, inline functions and macros alike, so they count as *macros wrapped*; the other macros and constants are those of the files the Kbuild flags -include (compiler_types.h, kconfig.h), which cshim reads as named headers.  The row's counts, time and RSS are the same \`cshim gen\` run again on the inputs kbuild/cshim.mk gave it (headers, specs, \`--prefix rust_helper_ --const-prefix RUST_CONST_HELPER_ --symbols\`, and the Kbuild flags line 4 of the generated file records), plus \`--json\`.
	The C compilers add \`$KCFLAGS\` (see the row above).  Without them, the generated file's own warnings are unused parameters: a spec line such as \`mutex_lock_nested(lock, subclass)\` wraps a macro that, with lockdep off, drops its \`subclass\` argument.
	EOF
	# shellcheck disable=SC2046
	CC_FLAGS="$KCFLAGS" GEN_OPTS="--prefix rust_helper_ --const-prefix RUST_CONST_HELPER_ --symbols $KDIR/Module.symvers $(printf -- '--spec %s ' $(find specs/linux -name '*.spec' | sort))" \
		run_set kernel-specs "Linux $kver specs/linux ($nspec spec files, examples/kmod; $mod)" - "gcc $CLANG" -- "${kmflags[@]}"
	kernel_wextra_note kernel-specs "${kmflags[@]}"
else
	printf 'kernel\tLinux kernel: not here (no linux-headers-*-amd64 with Module.symvers, or Kbuild failed)\t0\t\t\t\t\t\t\t\t\n' >>"$W/sets.tsv"
fi

python3 scripts/corpus-report.py "$W" "$(basename "$CLANG")" >"$OUT.tmp" && mv "$OUT.tmp" "$OUT"
echo "corpus: wrote $OUT" >&2
