#!/bin/bash
# bench/profile.sh: where `cshim gen` spends its instructions, against the
# parse floor, with callgrind (deterministic, unaffected by load): on
# liburing.h and, when gen.sh could build it, on the kernel TU (the TU with
# the most helpers).  cshim and clang run side by side (2 cores).
# Writes $R/profile.md: total instructions of cshim gen and clang
# -fsyntax-only per TU, the split of cshim's (libclang's two parses, dynamic
# linking, the writer thread's and the main thread's own code) and cshim's
# functions by inclusive cost.
# Usage: B=build-dir CSHIM=cshim CLANG=clang-NN bench/profile.sh (after gen.sh)
set -eu
cd "$(dirname "$0")"
. ./defaults.sh
CLANG=${CLANG:-$("$CSHIM" flags --cc)}
W=$B/profile
mkdir -p "$W" "$R"
printf '#include <liburing.h>\n' >"$W/liburing.h"
tus=liburing
[ -s "$R/kbuild-flags.txt" ] && [ -s "$B/gen-tu/kernel.h" ] && tus="liburing kernel"

prof() { # prof TU: callgrind both tools on TU, in parallel
	local tu=$1 sel flags=()
	if [ "$tu" = liburing ]; then
		sel=("<liburing.h>")
		hdr=$W/liburing.h
	else
		hdr=$B/gen-tu/kernel.h
		sel=("$hdr" --allowlist-file '.*')
		read -r -a flags <"$R/kbuild-flags.txt"
		flags+=(-w)
	fi
	valgrind --tool=callgrind --callgrind-out-file="$W/$tu.cshim.out" "$CSHIM" gen "${sel[@]}" \
		-o "$W/$tu.out.c" --header "$W/$tu.out.h" --rust "$W/$tu.out.rs" -- "${flags[@]}" 2>"$W/$tu.cshim.log" &
	valgrind --tool=callgrind --callgrind-out-file="$W/$tu.clang.out" "$CLANG" -fsyntax-only -x c "${flags[@]}" "$hdr" \
		2>"$W/$tu.clang.log"
	wait
	callgrind_annotate --inclusive=yes --threshold=100 "$W/$tu.cshim.out" >"$W/$tu.cshim.txt" 2>/dev/null
	callgrind_annotate --inclusive=yes --threshold=100 "$W/$tu.clang.out" >"$W/$tu.clang.txt" 2>/dev/null
	# how many translation units cshim parsed: calls of clang_parseTranslationUnit2
	callgrind_annotate --inclusive=yes --tree=caller --threshold=100 "$W/$tu.cshim.out" 2>/dev/null |
		awk '/^ *[0-9,]+ .*< .*\([0-9]+x\)/ { match($0, /\([0-9]+x\)/); k = substr($0, RSTART + 1, RLENGTH - 3); pend += k; next }
			/\*  .*:clang_parseTranslationUnit2 / { n += pend }
			/^ *$/ { pend = 0 }
			END { print n + 0 }' >"$W/$tu.parses"
}
total() { awk '/PROGRAM TOTALS/ { gsub(/,/, "", $1); print $1; exit }' "$1"; }
# incl FILE REGEX: the largest inclusive cost on a line matching REGEX
incl() { awk -v re="$2" '$0 ~ re { c = $1; gsub(/,/, "", c); if (c + 0 > m) m = c + 0 } END { print m + 0 }' "$1"; }
for tu in $tus; do
	prof "$tu"
	c=$W/$tu.cshim.txt l=$W/$tu.clang.txt
	printf '%s %s %s %s %s %s %s %s %s %s %s\n' "$tu" "$(total "$l")" "$(incl "$l" 'clang::ExecuteCompilerInvocation')" \
		"$(incl "$l" 'rtld.c:_dl_start ')" "$(total "$c")" "$(incl "$c" 'CrashRecoveryContext::RunSafely[(]')" \
		"$(incl "$c" 'rtld.c:_dl_start ')" "$(incl "$c" 'main.c:gen_or_scan ')" "$(incl "$c" 'overlap.c:writer_run ')" \
		"$(incl "$c" 'bodies.c:bodies_analyse ')" "$(cat "$W/$tu.parses")"
	# cshim's own functions: "tu function cost"
	grep -F "[$CSHIM]" "$c" | grep -v -E "below main|:main |cmd_gen|gen_or_scan|'[0-9]+ " |
		awk -v tu="$tu" '{ x = $1; gsub(/,/, "", x); fn = $0; sub(/^.*%\) +/, "", fn); sub(/ \[.*$/, "", fn); sub(/^.*src\//, "", fn); print tu, fn, x }'
done >"$W/figures.txt"
{
	set -- $tus
	printf '| instructions (callgrind, millions) |'
	for tu; do printf ' %s | share |' "$tu"; done
	printf '\n|---|'
	for tu; do printf -- '---:|---:|'; done
	printf '\n'
	awk -v tus="$tus" 'NF == 11 { for (i = 2; i <= 11; i++) v[$1, i] = $i }
		function row(label, i, base,   k, n, T) {
			n = split(tus, T, " ")
			printf "| %s |", label
			for (k = 1; k <= n; k++) printf " %.1f | %.1f%% |", v[T[k], i] / 1e6, 100 * v[T[k], i] / v[T[k], base]
			printf "\n"
		}
		END {
			row("`clang -fsyntax-only` (the floor), total", 2, 2)
			row("&nbsp;&nbsp;its front end (`ExecuteCompilerInvocation`: parse and Sema)", 3, 2)
			row("&nbsp;&nbsp;its dynamic linking at start-up (`_dl_start`)", 4, 2)
			row("`cshim gen`, total", 5, 5)
			row("&nbsp;&nbsp;libclang parsing, both parses (`RunSafely`: the main parse with bodies and probe lines, and the writer thread'"'"'s without bodies, at the same time)", 6, 5)
			row("&nbsp;&nbsp;dynamic linking at start-up (`_dl_start`: libLLVM, libclang)", 7, 5)
			row("&nbsp;&nbsp;writer thread'"'"'s own work (`writer_run`: macros and declarations gathered, probe lines made), while the main parse runs", 9, 5)
			row("&nbsp;&nbsp;main thread after its parse (`gen_or_scan`: bodies, signatures, probe answers, output): after the parse, so all of it adds to the wall time", 8, 5)
			row("&nbsp;&nbsp;&nbsp;&nbsp;in it: inline bodies read for constant parameters and symbols (`bodies_analyse`)", 10, 5)
			n = split(tus, T, " ")
			printf "| translation units cshim parsed (`clang_parseTranslationUnit2` calls: one with bodies, one without) |"
			for (k = 1; k <= n; k++) printf " %d | |", v[T[k], 11]
			printf "\n\n"
			for (k = 1; k <= n; k++) printf "**%s: cshim gen / clang -fsyntax-only = %.2fx the instructions.**  ", T[k], v[T[k], 5] / v[T[k], 2]
			printf "\n"
		}' "$W/figures.txt"
	echo
	last=${*: -1}
	echo "cshim's own functions by inclusive cost (top 15 on $last; a recursive function's calls are counted in its outermost entry):"
	echo
	printf '| function |'
	for tu; do printf ' %s | share |' "$tu"; done
	printf '\n|---|'
	for tu; do printf -- '---:|---:|'; done
	printf '\n'
	awk -v tus="$tus" -v last="$last" 'NF == 11 { tot[$1] = $5; next }
		NF == 3 { c[$1, $2] = $3; if ($1 == last) order[++n] = $2 }
		END {
			m = split(tus, T, " ")
			for (i = 1; i <= n && i <= 15; i++) {
				printf "| `%s` |", order[i]
				for (k = 1; k <= m; k++) printf " %.2f | %.1f%% |", c[T[k], order[i]] / 1e6, 100 * c[T[k], order[i]] / tot[T[k]]
				printf "\n"
			}
		}' "$W/figures.txt"
} >"$R/profile.md"
echo "profile.sh: $(awk 'NF == 11 { printf "%s: cshim %.0f, clang %.0f instructions, %d parses; ", $1, $5, $2, $11 }' "$W/figures.txt")"
