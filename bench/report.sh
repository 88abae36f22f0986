#!/bin/bash
# bench/report.sh: writes bench/results.md and the plots (bench/*.png, gnuplot)
# from what calls.sh, gen.sh, profile.sh (and bench/modes.sh, if present) left
# in $R.  Every number in results.md comes from those files.
# Usage: B=build-dir CSHIM=cshim CLANG=clang-NN ELAPSED=seconds bench/report.sh
set -eu
cd "$(dirname "$0")"
. ./defaults.sh
CLANG=${CLANG:-$("$CSHIM" flags --cc)}
OUT=results.md

# ---- derived tables ----
# ratios.tsv: id, then lto/c nolto/c plain/c ltok/ck plaink/ck
awk -F'\t' 'NR == 1 { for (i = 2; i <= NF; i++) col[$i] = i; next }
	function r(v, b) { return ($col[b] > 0) ? $col[v] / $col[b] : 0 }
	{ printf "%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n", $1, r("lto", "c"), r("nolto", "c"), r("plain", "c"), r("ltok", "ck"), r("plaink", "ck") }' \
	"$R/ir.tsv" >"$R/ratios.tsv"
# summary.tsv: variant label, median, worst (max), best (min) ratio, APIs at 1.00
summary() {
	local col=$1 label=$2
	cut -f "$col" "$R/ratios.tsv" | sort -g | awk -v l="$label" '{ x[++n] = $1; if ($1 == 1) one++ }
		END { m = n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2; printf "%s\t%.2f\t%.2f\t%.2f\t%d\t%d\n", l, m, x[n], x[1], one, n }'
}
{
	summary 2 "Rust, LTO recipe (helpers always_inline) / C"
	summary 3 "Rust, no LTO (plain FFI call) / C"
	summary 4 "Rust, LTO, plain helpers (-D__rust_helper=) / C"
	summary 5 "Rust, LTO, kernel flags (helpers always_inline) / C with kernel flags"
	summary 6 "Rust, LTO, kernel flags, plain helpers / C with kernel flags"
} >"$R/summary.tsv"

# ---- plots ----
have_gnuplot=false
if command -v gnuplot >/dev/null; then
	have_gnuplot=true
	n=$(($(wc -l <"$R/ir.tsv") - 1))
	width=$((n * 34 + 200))
	gnuplot <<GP
set terminal pngcairo noenhanced size $width,640 font "DejaVu Sans,10"
set datafile separator "\t"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -60 scale 0 font ",9"
set grid ytics
set key top left
set ylabel "instructions per call (callgrind)"
set title "Call cost per API: C calling the inline API directly vs Rust through cshim's helpers"
set output "calls-ir.png"
plot "$R/ir.tsv" using 2:xtic(1) title "C direct (the limit)" lc rgb "#4c72b0", \
     '' using 4 title "Rust, LTO recipe" lc rgb "#55a868", \
     '' using 5 title "Rust, no LTO" lc rgb "#c44e52", \
     '' using 7 title "Rust, LTO, kernel flags" lc rgb "#8172b2", \
     '' using 8 title "Rust, LTO, kernel flags, plain helper" lc rgb "#ccb974"
set output "calls-ratio.png"
set title "Instructions per call, ratio to C (kernel-flag variants: to C built with the kernel flags)"
set ylabel "ratio to C"
set yrange [0:*]
plot "$R/ratios.tsv" using 2:xtic(1) title "Rust, LTO recipe" lc rgb "#55a868", \
     '' using 3 title "Rust, no LTO" lc rgb "#c44e52", \
     '' using 5 title "Rust, LTO, kernel flags" lc rgb "#8172b2", \
     '' using 6 title "Rust, LTO, kernel flags, plain helper" lc rgb "#ccb974", \
     1 with lines lw 2 lc rgb "black" title "1.00"
GP
	if [ -s "$R/gen.tsv" ]; then
		awk -F'\t' '{ for (i = 3; i <= NF; i++) if ($i == "NA") $i = 0; print }' OFS='\t' "$R/gen.tsv" >"$R/gen-plot.tsv"
		gnuplot <<GP
set terminal pngcairo noenhanced size 900,520 font "DejaVu Sans,10"
set datafile separator "\t"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set grid ytics
set key top left
set ylabel "wall time, ms (median, log scale)"
set title "Generation time per translation unit: parse floor, cshim gen, bindgen"
set output "gen.png"
plot "$R/gen-plot.tsv" using 3:xtic(1) title "clang -fsyntax-only (floor)" lc rgb "#4c72b0", \
     '' using 12 title "floor, heap in huge pages" lc rgb "#8172b2", \
     '' using 6 title "cshim gen" lc rgb "#55a868", \
     '' using 9 title "bindgen (Debian)" lc rgb "#c44e52"
GP
	fi
fi

# The median over APIs of each variant's wall-time ratio, as one sentence.
wall_medians() {
	awk -F'\t' '{ x[$2, ++n[$2]] = $4 }
		function med(v,   k, i, j, t, a) { k = n[v]; for (i = 1; i <= k; i++) a[i] = x[v, i]
			for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
			return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
		END { printf "Median over APIs of the wall-time ratio (secondary, noisy): Rust LTO / C %.2f, Rust no LTO / C %.2f, LTO with kernel flags / C with kernel flags %.2f, plain helpers with kernel flags / C with kernel flags %.2f.\n", med("lto"), med("nolto"), med("ltok"), med("plaink") }' "$R/wall.tsv"
}

# ---- results.md ----
ver() { "$@" 2>&1 | head -n 1; }
bindgen_ver=$(bindgen --version 2>/dev/null || echo "not installed")
{
	echo "# cshim benchmarks"
	echo
	echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); the whole run took ${ELAPSED:-?} s."
	echo "Every number below comes from that run: nothing here is typed in by hand except the prose."
	echo
	echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "- load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end of the run; other work shared the machine)"
	echo "- cshim: $("$CSHIM" --version 2>&1 | head -n 1)$(git -C .. rev-parse --short HEAD 2>/dev/null | sed 's/^/, commit /')"
	echo "- C: $(ver "$CLANG" --version)"
	echo "- Rust: $(ver rustc --version) ($(rustc -vV | sed -n 's/^LLVM version: /LLVM /p'))"
	echo "- LTO recipe: \`$("$CSHIM" flags --cc) $("$CSHIM" flags --cflags)\` for the helpers, \`rustc -O $("$CSHIM" flags --rustflags)\`"
	echo "- $(ver valgrind --version), bindgen: $bindgen_ver, $(ver gnuplot --version)"
	echo
	echo "## Summary"
	echo
	echo "Instructions per call (callgrind), ratio to C calling the same inline API directly, over $(($(wc -l <"$R/ir.tsv") - 1)) APIs:"
	echo
	echo "| variant | median | worst | best | APIs at 1.00 |"
	echo "|---|---:|---:|---:|---:|"
	awk -F'\t' '{ printf "| %s | %.2f | %.2f | %.2f | %d of %d |\n", $1, $2, $3, $4, $5, $6 }' "$R/summary.tsv"
	echo
	wall_medians
	echo
	if [ -s "$R/gen.tsv" ]; then
		echo "Generation time, \`cshim gen\` against the parse floor (\`clang -fsyntax-only\`, same TU and flags) and bindgen:"
		echo
		echo "| TU | helpers | cshim / floor (wall) | cshim / floor (CPU) | cshim / floor in huge pages (wall) | bindgen / cshim (wall) | peak RSS cshim / floor |"
		echo "|---|---:|---:|---:|---:|---:|---:|"
		awk -F'\t' 'function q(a, b) { return (a == "NA" || b == "NA" || b == "" || b == 0) ? "n/a" : sprintf("%.2fx", a / b) }
			{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, q($6, $3), q($7, $4), q($6, $12), q($9, $6), q($8, $5) }' "$R/gen.tsv"
		echo
		awk -F'\t' '{ n++; if ($3 != "NA" && $6 != "NA" && $6 / $3 <= 1.3) a++; if ($7 != "NA" && $4 != "NA" && $4 > 0 && $7 / $4 <= 1.3) c++
				if ($9 != "NA" && $6 != "NA") { nb++; if ($9 / $6 >= 5) b++ } }
			END { printf "Targets of issue 7: cshim gen within 1.3x of the floor in %d of %d TUs by wall time, %d of %d by CPU time;", a, n, c, n
				printf " bindgen at least 5x slower than cshim gen in %d of %d TUs where it ran.\n", b, nb }' "$R/gen.tsv"
		echo
	fi
	echo "## 1. Call cost: Rust through cshim's helpers against C calling the inline API directly"
	echo
	echo "Each API of [apis.txt](apis.txt) is driven the same way by seven programs built from two drivers,"
	echo "[driver.c](driver.c) and [driver.rs](driver.rs), whose per-API loops [gen-cases.awk](gen-cases.awk) generates"
	echo "from the same line: per iteration the loop index \`x\` and every fixture pointer the call uses go"
	echo "through an empty \`asm\` (a register operand, no memory clobber: the same statement in C and Rust, so"
	echo "the compiler knows nothing about the inputs but pays nothing for it), the API is called, and its"
	echo "result is written to a volatile sink.  The fixture ([fixture.c](fixture.c), shared) is the same"
	echo "memory for all: kobj.h's objects, bitmaps, an \`fd_set\`, a received message with two control messages, and"
	echo "io_uring rings laid out in memory without the kernel."
	echo
	echo "| program | what it is |"
	echo "|---|---|"
	echo "| \`c\` | C calling the API directly, \`$CLANG -O2\`: **the limit** |"
	echo "| \`lto\` | Rust calling cshim's helper, the LTO recipe (\`cshim flags\`) |"
	echo "| \`nolto\` | Rust calling the helper compiled \`-O2\` to machine code, no LTO: the plain FFI call |"
	echo "| \`plain\` | LTO recipe, helpers built \`-D__rust_helper=\` (no \`always_inline\`) |"
	echo "| \`ck\` | C direct, built with the kernel's \`-fno-delete-null-pointer-checks -fno-builtin -fno-strict-aliasing\`: the limit for kernel-flag code |"
	echo "| \`ltok\` | LTO recipe, helpers built with those kernel flags |"
	echo "| \`plaink\` | LTO recipe, kernel flags, plain helpers |"
	echo
	echo "**Instructions per call** are callgrind's count of instructions inside \`bench_ID\` (inclusive) at"
	echo "2N iterations minus at N, divided by N (N = ${BENCH_N:-20000}): start-up, fixture and loop set-up cancel."
	echo "One \"call\" is one iteration: the API call plus the loop's own 3–4 instructions (counter, compare,"
	echo "branch, sink store), the same in every program; four ids (\`kref_get_put\`, \`list_add_del\`,"
	echo "\`list_add_tail_del\`, \`io_uring_peek_cqe_seen\`) make two API calls per iteration."
	echo
	[ "$have_gnuplot" = true ] && echo "![instructions per call](calls-ir.png)" && echo && echo "![ratio to C](calls-ratio.png)" && echo
	echo "| API | C | Rust LTO | Rust no LTO | LTO plain | C kflags | LTO kflags | LTO kflags plain | **LTO / C** | no LTO / C | LTO kflags / C kflags | plain kflags / C kflags |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	awk -F'\t' 'NR == FNR { rt[$1] = sprintf("**%.2f** | %.2f | %.2f | %.2f", $2, $3, $5, $6); next }
		FNR == 1 { next }
		{ printf "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $4, $5, $6, $3, $7, $8, rt[$1] }' "$R/ratios.tsv" "$R/ir.tsv"
	echo
	echo "### What LTO left: \`cshim check\` on each Rust program"
	echo
	echo "| program | cshim check |"
	echo "|---|---|"
	awk -F'\t' '{ printf "| `%s` | %s |\n", $1, $2 }' "$R/check.tsv"
	echo
	echo "### Where the LTO ratio is not 1.00"
	echo
	awk -F'\t' '$2 != "1.00" { printf "- `%s`: %s (LTO / C); with kernel flags %s\n", $1, $2, $5; n++ } END { if (!n) print "- none: every API at 1.00" }' "$R/ratios.tsv"
	awk -F'\t' '$5 != "1.00" && $2 == "1.00" { printf "- `%s`: 1.00 without kernel flags, %s with them\n", $1, $5 }' "$R/ratios.tsv"
	echo
	cat notes-calls.md
	echo
	awk -F'\t' '$2 != "1.00" { print $1 }' "$R/ratios.tsv" | while read -r id; do
		echo "<details><summary><code>bench_$id</code>: C (left) and Rust LTO (right), objdump</summary>"
		echo
		echo '```'
		dis() { objdump -d --no-show-raw-insn "$1" | awk -v f="<bench_$id>:" '$2 == f { p = 1; next } p && /^$/ { exit } p' |
			grep -v -E 'int3|^\s*$' | sed -E 's/^ *[0-9a-f]+:\t//; s/ +#.*$//; s/<[^>]*>//g; s/0x[0-9a-f]+\(%rip\)/SYM(%rip)/g; s/\b[0-9a-f]{4,}\b/ADDR/g'; }
		paste -d'|' <(dis "$B/bench-c" | awk '{ printf "%-48s\n", $0 }') <(dis "$B/bench-lto") | sed 's/|/ | /'
		echo '```'
		echo "</details>"
		echo
	done
	echo "### Wall time per call (secondary, noisy)"
	echo
	echo "In-process timer (\`clock_gettime\` / \`Instant\`, both the vDSO's CLOCK_MONOTONIC): ${BENCH_ROUNDS:-5} rounds, each running"
	echo "every program once in turn; per program and API ${BENCH_TRIALS:-9} trials of ${BENCH_M:-1048576} iterations after a warm-up."
	echo "Ratio = median over rounds of (median ns in the round / the limit's in the same round); the range is"
	echo "the lowest and highest round's ratio.  Other builds and tests ran on this 2-core machine at the same"
	echo "time, so read the spread before the median; callgrind's counts above are the primary figure."
	echo
	echo "| API | C ns | Rust LTO ns | **LTO / C** (range) | no LTO / C (range) | LTO kflags / C kflags (range) | plain kflags / C kflags (range) |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	awk -F'\t' 'NR == FNR { ids[++n] = $1; next }
		{ ns[$1, $2] = $3; r[$1, $2] = sprintf("%.2f (%.2f–%.2f)", $4, $5, $6) }
		END { for (i = 1; i <= n; i++) { d = ids[i]; printf "| `%s` | %.2f | %.2f | **%s** | %s | %s | %s |\n", d, ns[d, "c"], ns[d, "lto"], r[d, "lto"], r[d, "nolto"], r[d, "ltok"], r[d, "plaink"] } }' "$R/ids.txt" "$R/wall.tsv"
	echo
	wall_medians
	echo
	echo "## 2. Generation speed"
	echo
	echo "Each TU is one header that includes a set: liburing.h (\`cshim gen '<liburing.h>'\`, the header's own"
	echo "functions and macros, as a user would run it); a large glibc set ([glibc-headers.txt](glibc-headers.txt), \`-D_GNU_SOURCE\`);"
	echo "all DPDK headers that compile together ([dpdk-headers.txt](dpdk-headers.txt), \`pkg-config --cflags libdpdk\`);"
	echo "a kernel header set ([kernel-headers.txt](kernel-headers.txt)) with the Kbuild flags of an out-of-tree module"
	echo "([kbuild-flags.sh](kbuild-flags.sh)).  For the last three \`cshim gen --allowlist-file '.*'\` takes everything the TU"
	echo "reaches: every inline function and typed function-like macro (the helpers column counts their helpers) and"
	echo "every constant macro.  The floor is \`$CLANG -fsyntax-only\` on the same file with the same flags (the same"
	echo "LLVM as cshim's libclang); bindgen is Debian's CLI (its default: bindings for everything in the TU), loading"
	echo "the libclang it was built for.  The tools take turns, one run each per round, so that a change in the"
	echo "machine's speed weighs on all alike.  Wall time is the median of ${BENCH_GEN_REPS:-7} runs (bindgen: half as many), CPU is"
	echo "user+sys (10 ms resolution), RSS the peak (\`/usr/bin/time -f %M\`).  cshim puts its heap in transparent huge"
	echo "pages at start-up (one malloc arena, 512M of heap advised \`MADV_HUGEPAGE\`: [src/util.c](../src/util.c), \`heap_tune\`),"
	echo "which spares it most of the page faults of a first touch, costly on a virtual machine; the \"floor in huge pages\""
	echo "column runs the floor the same way (\`GLIBC_TUNABLES=glibc.malloc.hugetlb=1\`), so that the gain is not mistaken"
	echo "for less work: the instruction counts of the profile below are the work."
	echo
	[ "$have_gnuplot" = true ] && [ -s "$R/gen.tsv" ] && echo "![generation time](gen.png)" && echo
	echo "| TU | helpers | floor ms | cshim ms | **cshim / floor** | floor CPU ms | cshim CPU ms | CPU ratio | floor in huge pages ms | cshim / it | bindgen ms | bindgen / floor | **bindgen / cshim** | RSS floor MB | RSS cshim MB | RSS bindgen MB |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	awk -F'\t' 'function q(a, b) { return (a == "NA" || b == "NA" || b == "" || b == 0) ? "n/a" : sprintf("%.2fx", a / b) }
		function mb(k) { return k == "NA" ? "n/a" : sprintf("%.0f", k / 1024) }
		{ printf "| %s | %s | %s | %s | **%s** | %s | %s | %s | %s | %s | %s | %s | **%s** | %s | %s | %s |\n", $1, $2, $3, $6, q($6, $3), $4, $7, q($7, $4), $12 == "" ? "n/a" : $12, q($6, $12), $9, q($9, $3), q($9, $6), mb($5), mb($8), mb($11) }' "$R/gen.tsv"
	echo
	if [ -s "$R/gen-notes.txt" ]; then
		sed 's/^/- /' "$R/gen-notes.txt"
		echo
	fi
	[ -s "$R/kbuild-flags.txt" ] && echo "Kbuild flags used for the kernel TU: \`$(cat "$R/kbuild-flags.txt")\`" && echo
	echo "### Where \`cshim gen\` spends its time (callgrind)"
	echo
	cat "$R/profile.md"
	echo
	cat notes-gen.md
	echo
	if [ -s "$R/modes.md" ]; then
		echo "## Other modes (bench/modes.sh)"
		echo
		cat "$R/modes.md"
		echo
	fi
	echo "## Adding an API"
	echo
	echo "One line in [apis.txt](apis.txt): an id, the header, the C statement calling the API, the Rust statement"
	echo "calling the helper.  Function-like macros are lines like any other (\`FD_ISSET\`, \`WEXITSTATUS\`,"
	echo "\`CMSG_NXTHDR\` above): a macro that forwards to a function is typed from it, any other takes its"
	echo "signature from the project's \`specs/glibc/NAME.spec\` for the \`<.../NAME.h>\` it names, which"
	echo "[bench/Makefile](Makefile) passes to \`cshim gen --spec\`."
} >"$OUT"
echo "report.sh: wrote bench/$OUT"
