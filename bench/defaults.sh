# bench/defaults.sh: the settings every bench script shares, sourced after
# `cd "$(dirname "$0")"`; run.sh exports them, each script can run alone.
B=${B:-../build/bench}
CSHIM=${CSHIM:-../build/cshim}
R=${R:-$B/results}
