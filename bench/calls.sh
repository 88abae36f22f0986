#!/bin/bash
# bench/calls.sh: measures the call-cost suite built by bench/Makefile.
# Writes into $R (default $B/results):
#   ir.tsv     id, then instructions per iteration for each variant (callgrind:
#              bench_ID's inclusive cost at 2N iterations minus at N, over N)
#   wall.tsv   id, variant, median ns per iteration, ratio to its C limit
#              (median of per-round ratios), lowest and highest round ratio
#   check.tsv  variant, cshim check's summary line for the Rust programs
# Usage: B=build-dir CSHIM=cshim bench/calls.sh
set -eu
cd "$(dirname "$0")"
. ./defaults.sh
N=${BENCH_N:-20000}         # callgrind: N and 2N iterations per case
M=${BENCH_M:-1048576}       # wall time: iterations per trial
TRIALS=${BENCH_TRIALS:-9}   # trials per case per round
ROUNDS=${BENCH_ROUNDS:-5}   # rounds, each running every variant once, interleaved
VARIANTS="c ck lto nolto plain ltok plaink"
mkdir -p "$R/cg"

# 1. Instructions: every variant at N and 2N under callgrind, two at a time.
for v in $VARIANTS; do
	for n in "$N" "$((2 * N))"; do
		echo "$v $n"
	done
done | R=$R B=$B xargs -P 2 -n 2 sh -c 'valgrind --tool=callgrind --callgrind-out-file="$R/cg/$1.$2.out" "$B/bench-$1" count "$2" 2>"$R/cg/$1.$2.log"' _
for v in $VARIANTS; do
	for n in "$N" "$((2 * N))"; do
		f=$R/cg/$v.$n.out
		test -s "$f" || { echo "calls.sh: callgrind produced no $f" >&2; exit 1; }
		callgrind_annotate --inclusive=yes --threshold=100 "$f" |
			awk -v v="$v" -v n="$n" '{ for (i = 1; i <= NF; i++) if ($i ~ /:bench_/) { id = $i; sub(/^.*:bench_/, "", id); c = $1; gsub(/,/, "", c); print v, n, id, c } }'
	done
done >"$R/cg/inclusive.txt"
"$B/bench-c" list >"$R/ids.txt"
awk -v N="$N" -v vars="$VARIANTS" '
	NR == FNR { ids[++nid] = $1; next }
	{ cost[$1, $2, $3] = $4 }
	END {
		nv = split(vars, V, " ")
		printf "id"; for (j = 1; j <= nv; j++) printf "\t%s", V[j]; printf "\n"
		for (i = 1; i <= nid; i++) {
			printf "%s", ids[i]
			for (j = 1; j <= nv; j++) {
				a = cost[V[j], N, ids[i]]; b = cost[V[j], 2 * N, ids[i]]
				if (a == "" || b == "") printf "\tNA"; else printf "\t%.2f", (b - a) / N
			}
			printf "\n"
		}
	}' "$R/ids.txt" "$R/cg/inclusive.txt" >"$R/ir.tsv"

# 2. Wall time, in-process timer: rounds of every variant in turn, so that
# load from other processes hits all variants alike; ratios within a round.
: >"$R/time.txt"
for round in $(seq 1 "$ROUNDS"); do
	for v in $VARIANTS; do
		"$B/bench-$v" time "$M" "$TRIALS" | awk -v v="$v" -v r="$round" '{ print v, r, $1, $3 }' >>"$R/time.txt"
	done
done
# Median per (variant, round, id) and per (variant, id) over all trials.
sort -k1,1 -k3,3 -k2,2n -k4,4g "$R/time.txt" | awk '
	function flush() { if (cnt) print pv, pr, pid, (cnt % 2 ? x[(cnt + 1) / 2] : (x[cnt / 2] + x[cnt / 2 + 1]) / 2); cnt = 0 }
	{ if ($1 != pv || $2 != pr || $3 != pid) { flush(); pv = $1; pr = $2; pid = $3 } x[++cnt] = $4 }
	END { flush() }' >"$R/time-round.txt"
sort -k1,1 -k3,3 -k4,4g "$R/time.txt" | awk '
	function flush() { if (cnt) print pv, pid, (cnt % 2 ? x[(cnt + 1) / 2] : (x[cnt / 2] + x[cnt / 2 + 1]) / 2); cnt = 0 }
	{ if ($1 != pv || $3 != pid) { flush(); pv = $1; pid = $3 } x[++cnt] = $4 }
	END { flush() }' >"$R/time-all.txt"
awk -v rounds="$ROUNDS" '
	function base(v) { return (v == "ck" || v == "ltok" || v == "plaink") ? "ck" : "c" }
	FILENAME ~ /time-round/ { rm[$1, $2, $3] = $4; next }
	{ med[$1, $2] = $3; if (!($2 in seen)) { seen[$2] = 1; ids[++nid] = $2 } if (!($1 in vs)) { vs[$1] = 1; V[++nv] = $1 } }
	END {
		for (i = 1; i <= nid; i++) for (j = 1; j <= nv; j++) {
			v = V[j]; id = ids[i]; b = base(v); n = 0
			for (r = 1; r <= rounds; r++) if (rm[b, r, id] > 0) rr[++n] = rm[v, r, id] / rm[b, r, id]
			# median, min, max of the per-round ratios (insertion sort, n is small)
			for (p = 2; p <= n; p++) { t = rr[p]; for (q = p - 1; q >= 1 && rr[q] > t; q--) rr[q + 1] = rr[q]; rr[q + 1] = t }
			m = n ? (n % 2 ? rr[(n + 1) / 2] : (rr[n / 2] + rr[n / 2 + 1]) / 2) : 0
			printf "%s\t%s\t%.3f\t%.2f\t%.2f\t%.2f\n", id, v, med[v, id], m, rr[1], rr[n]
		}
	}' "$R/time-round.txt" "$R/time-all.txt" >"$R/wall.tsv"

# 3. What LTO left: cshim check on each Rust program.
for v in lto nolto plain ltok plaink; do
	printf '%s\t%s\n' "$v" "$("$CSHIM" check "$B/bench-$v" | tail -n 1 | sed "s|^cshim check: ||; s|$B/||")"
done >"$R/check.tsv"
echo "calls.sh: $(wc -l <"$R/ids.txt") APIs x 7 variants measured"
