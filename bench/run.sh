#!/bin/bash
# bench/run.sh: what `make bench` runs.  Installs or names the bench-only
# packages (setup.sh), builds the call-cost programs (bench/Makefile), then
# measures call cost (calls.sh), generation speed (gen.sh), profiles cshim gen
# (profile.sh), runs bench/modes.sh when it exists and is executable (its
# standard output, Markdown, goes into results.md), and writes bench/results.md
# and the plots (report.sh).  Scratch files go to $B (default ../build/bench).
#
# Environment: CSHIM, B, and to shorten a trial run BENCH_N, BENCH_M,
# BENCH_TRIALS, BENCH_ROUNDS (calls.sh) and BENCH_GEN_REPS (gen.sh).
set -eu
cd "$(dirname "$0")"
start=$(date +%s)
B=${B:-../build/bench}
CSHIM=${CSHIM:-../build/cshim}
[ -x "$CSHIM" ] || { echo "run.sh: no $CSHIM: run make at the top first" >&2; exit 1; }
mkdir -p "$B"
B=$(cd "$B" && pwd)
CSHIM=$(cd "$(dirname "$CSHIM")" && pwd)/$(basename "$CSHIM")
export B CSHIM R=$B/results
./setup.sh
make --no-print-directory build B="$B" CSHIM="$CSHIM"
CLANG=$("$CSHIM" flags --cc)
export CLANG
rm -rf "$R"
mkdir -p "$R"
step() { echo "run.sh: $1 ($(($(date +%s) - start)) s)"; }
step "call cost"
./calls.sh
step "generation speed"
./gen.sh
step "profile"
./profile.sh
if [ -x modes.sh ]; then
	step "modes.sh"
	if ! ./modes.sh >"$R/modes.md" 2>"$R/modes.err"; then
		{ echo; echo "modes.sh failed (exit status $?):"; echo; sed 's/^/    /' "$R/modes.err"; } >>"$R/modes.md"
	fi
fi
ELAPSED=$(($(date +%s) - start))
export ELAPSED
./report.sh
step "done"
