#!/bin/bash
# bench/dpdk-headers.sh: (re)makes bench/dpdk-headers.txt, the DPDK headers
# (libdpdk-dev) that compile on their own with `pkg-config --cflags libdpdk`
# and together in one translation unit: the "all DPDK headers" TU of the
# generation-speed benchmark (gen.sh).  Run by hand after a DPDK upgrade.
set -eu
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-22}
flags=$(pkg-config --cflags libdpdk)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
for h in /usr/include/dpdk/*.h; do
	b=$(basename "$h")
	echo "$b"
done | CLANG=$CLANG flags=$flags tmp=$tmp xargs -P 2 -I{} sh -c \
	'printf "#include <%s>\n" {} >"$tmp/{}.c"; $CLANG -fsyntax-only $flags -w "$tmp/{}.c" 2>/dev/null && echo {}' |
	sort >"$tmp/ok"
# Drop headers until the whole set compiles as one TU.
cp "$tmp/ok" "$tmp/set"
for _ in $(seq 1 50); do
	sed 's/.*/#include <&>/' "$tmp/set" >"$tmp/all.c"
	# shellcheck disable=SC2086
	if $CLANG -fsyntax-only $flags -w "$tmp/all.c" 2>"$tmp/err"; then
		break
	fi
	bad=$(grep -o '/usr/include/dpdk/[a-z0-9_]*\.h' "$tmp/err" | head -n 1 | xargs -r basename)
	[ -n "$bad" ] || { cat "$tmp/err" >&2; exit 1; }
	grep -qx "$bad" "$tmp/set" || bad=$(grep -B1 -m1 'error:' "$tmp/err" | grep -o 'all.c:[0-9]*' | head -1 | cut -d: -f2 | xargs -I{} sed -n '{}p' "$tmp/all.c" | sed 's/#include <\(.*\)>/\1/')
	echo "dpdk-headers.sh: dropping $bad (conflicts in one TU)" >&2
	grep -vx "$bad" "$tmp/set" >"$tmp/set2" && mv "$tmp/set2" "$tmp/set"
done
{
	echo "# DPDK headers (libdpdk-dev $(dpkg-query -W -f='${Version}' libdpdk-dev)) that compile together in one TU; made by dpdk-headers.sh"
	cat "$tmp/set"
} >dpdk-headers.txt
echo "dpdk-headers.sh: $(grep -vc '^#' dpdk-headers.txt) of $(ls /usr/include/dpdk/*.h | wc -l) headers"
