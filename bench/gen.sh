#!/bin/bash
# bench/gen.sh: generation speed.  For each translation unit, times `cshim gen`
# against the parse floor (`clang -fsyntax-only` on the same TU with the same
# flags, same LLVM as cshim's libclang) and Debian's bindgen CLI on the same
# header, and records peak RSS (/usr/bin/time %M).  The floor runs twice per
# round: as it comes, and with its heap in huge pages (glibc's
# glibc.malloc.hugetlb=1), the way cshim sets up its own at start-up.  TUs: liburing.h; a large
# glibc set (glibc-headers.txt); all DPDK headers (dpdk-headers.txt,
# libdpdk-dev, pkg-config flags); a kernel header set (kernel-headers.txt,
# linux-headers-*-amd64, Kbuild flags from kbuild-flags.sh).  A TU whose
# headers are not installed is reported as skipped.
# Writes $R/gen.tsv: tu, helpers, then per tool (clang cshim bindgen clanghp):
# median wall ms, median CPU ms (user+sys), peak RSS KB; "NA" when a tool failed.
# Usage: B=build-dir CSHIM=cshim CLANG=clang-NN bench/gen.sh
set -eu
cd "$(dirname "$0")"
. ./defaults.sh
CLANG=${CLANG:-$("$CSHIM" flags --cc)}
REPS=${BENCH_GEN_REPS:-7}
W=$B/gen-tu
mkdir -p "$W" "$R"
: >"$R/gen.tsv"
: >"$R/gen-notes.txt"

# bindgen 0.60 (Debian) loads libclang through clang-sys, which picks the
# newest libclang it finds; 0.60 predates libclang 16's names for anonymous
# structs and panics on glibc's, so point it at the libclang it was built for
# and give it that clang's include path explicitly.
BINDGEN_LLVM=
for v in 14 15 13; do
	if [ -e "/usr/lib/llvm-$v/lib/libclang.so.1" ]; then BINDGEN_LLVM=$v; break; fi
done
bindgen_env=()
bindgen_inc=()
if [ -n "$BINDGEN_LLVM" ]; then
	bindgen_env=(env "LIBCLANG_PATH=/usr/lib/llvm-$BINDGEN_LLVM/lib")
	res=$(ls -d /usr/lib/llvm-"$BINDGEN_LLVM"/lib/clang/*/include | head -n 1)
	bindgen_inc=(-nostdinc -isystem "$res" -isystem /usr/local/include -isystem /usr/include/x86_64-linux-gnu -isystem /usr/include)
fi

# run NAME OUT CMD...: one run; appends "NAME ms cpu_ms rss_kb" to $W/runs, or "NAME fail".
run() {
	local name=$1 log=$2
	shift 2
	local t0 t1
	t0=$EPOCHREALTIME
	if /usr/bin/time -f '%U %S %M' -o "$W/time.out" "$@" >"$log" 2>&1; then
		t1=$EPOCHREALTIME
		awk -v n="$name" -v a="$t0" -v b="$t1" '{ printf "%s %.1f %.0f %s\n", n, (b - a) * 1000, ($1 + $2) * 1000, $3 }' "$W/time.out" >>"$W/runs"
	else
		echo "$name fail" >>"$W/runs"
		return 1
	fi
}

# tu NAME HEADER-FILE SELECTION -- CLANG-FLAGS...: SELECTION is "all" (every
# inline function and macro the TU reaches) or the header to name to cshim gen
# (its own functions, cshim's default).  The tools take turns, one run each
# per round (bindgen every other round), so that a change in the machine's
# speed during the rounds (a shared machine's is not steady) weighs on all
# three alike.
tu() {
	local name=$1 hdr=$2 sel=()
	if [ "$3" = all ]; then sel=("$hdr" --allowlist-file '.*'); else sel=("$3"); fi
	shift 4
	: >"$W/runs"
	local helpers=NA i ok_clang=true ok_cshim=true ok_bindgen=true
	local have_bindgen=false
	[ -n "$BINDGEN_LLVM" ] && command -v bindgen >/dev/null && have_bindgen=true
	for i in $(seq 1 "$REPS"); do
		$ok_clang && { run clang "$W/$name.clang.log" "$CLANG" -fsyntax-only -x c "$@" "$hdr" || ok_clang=false; }
		# the floor again, its heap in huge pages as cshim's is (src/util.c, heap_tune)
		$ok_clang && { run clanghp "$W/$name.clang.log" env GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$CLANG" -fsyntax-only -x c "$@" "$hdr" || ok_clang=false; }
		$ok_cshim && { run cshim "$W/$name.cshim.log" "$CSHIM" gen "${sel[@]}" -o "$W/$name.out.c" --header "$W/$name.out.h" --rust "$W/$name.out.rs" -- "$@" || ok_cshim=false; }
		if $have_bindgen && $ok_bindgen && [ $((i % 2)) = 1 ]; then
			if ! run bindgen "$W/$name.bindgen.log" "${bindgen_env[@]}" bindgen "$hdr" -o "$W/$name.bindgen.rs" -- "${bindgen_inc[@]}" "$@"; then
				ok_bindgen=false
				echo "$name: bindgen failed: $(grep -m1 -E 'error|panicked' "$W/$name.bindgen.log" | cut -c1-200)" >>"$R/gen-notes.txt"
			fi
		fi
	done
	$ok_cshim && helpers=$(grep -c "^__rust_helper " "$W/$name.out.c" || true)
	sort -k1,1 -k2,2g "$W/runs" | awk -v tu="$name" -v h="$helpers" '
		$2 == "fail" { fail[$1] = 1; next }
		{ n[$1]++; ms[$1, n[$1]] = $2; if ($4 > rss[$1]) rss[$1] = $4; cpu[$1] = cpu[$1] " " $3 }
		function med(t,   k, c) { c = n[t]; return c % 2 ? ms[t, (c + 1) / 2] : (ms[t, c / 2] + ms[t, c / 2 + 1]) / 2 }
		function cmed(t,   k, c, a, i, j, x) { c = split(cpu[t], a, " "); for (i = 2; i <= c; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > x + 0; j--) a[j + 1] = a[j]; a[j + 1] = x } return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2 }
		END {
			printf "%s\t%s", tu, h
			split("clang cshim bindgen clanghp", T, " ")
			for (i = 1; i <= 4; i++) if (n[T[i]] && !fail[T[i]]) printf "\t%.1f\t%.0f\t%d", med(T[i]), cmed(T[i]), rss[T[i]]; else printf "\tNA\tNA\tNA"
			printf "\n"
		}' >>"$R/gen.tsv"
	echo "gen.sh: $name done"
}

printf '#include <liburing.h>\n' >"$W/liburing.h"
if [ -f /usr/include/liburing.h ]; then
	tu liburing "$W/liburing.h" "<liburing.h>" --
else
	echo "liburing: skipped (liburing-dev not installed)" >>"$R/gen-notes.txt"
fi

grep -v '^#' glibc-headers.txt | sed 's/.*/#include <&>/' >"$W/glibc.h"
tu glibc "$W/glibc.h" all -- -D_GNU_SOURCE

if pkg-config --exists libdpdk 2>/dev/null; then
	grep -v '^#' dpdk-headers.txt | sed 's/.*/#include <&>/' >"$W/dpdk.h"
	# shellcheck disable=SC2046
	tu dpdk "$W/dpdk.h" all -- $(pkg-config --cflags libdpdk)
else
	echo "dpdk: skipped (libdpdk-dev not installed)" >>"$R/gen-notes.txt"
fi

if kflags=$(./kbuild-flags.sh) && [ -n "$kflags" ]; then
	grep -v '^#' kernel-headers.txt | sed 's/.*/#include <&>/' >"$W/kernel.h"
	echo "$kflags" >"$R/kbuild-flags.txt"
	# shellcheck disable=SC2086
	tu kernel "$W/kernel.h" all -- $kflags -w
else
	echo "kernel: skipped (no linux-headers-*-amd64, or its Kbuild did not run)" >>"$R/gen-notes.txt"
fi
