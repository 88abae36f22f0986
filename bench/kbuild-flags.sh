#!/bin/bash
# bench/kbuild-flags.sh: prints the clang flags that Kbuild uses for an
# out-of-tree module of the installed kernel headers (linux-headers-*-amd64):
# builds a one-line module with `make V=1`, takes the compiler command line
# and keeps what the C front end sees (-nostdinc, -I, -include, -D, -std,
# target and language flags), dropping gcc-only code-generation flags.
# Prints nothing and exits 1 when no kernel headers or build tools are there.
set -eu
KDIR=${KDIR:-$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)}
[ -n "$KDIR" ] && [ -f "$KDIR/Makefile" ] || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <linux/module.h>\nMODULE_LICENSE("GPL");\n' >"$tmp/probe.c"
echo 'obj-m := probe.o' >"$tmp/Makefile"
make -C "$KDIR" M="$tmp" V=1 modules >"$tmp/log" 2>&1 || true
cmd=$(grep -E ' -c .*probe\.c' "$tmp/log" | head -n 1)
[ -n "$cmd" ] || exit 1
printf '%s\n' "$cmd" | tr ' ' '\n' | awk -v k="$KDIR" '
	$0 == "-include" { inc = 1; next }
	inc { print "-include"; print; inc = 0; next }
	/^-I\.\// { sub(/^-I\./, "-I" k); print; next }
	/^-D(KBUILD_|__KBUILD_)/ { next }
	END { print "-DKBUILD_MODNAME=\"bench\""; print "-DKBUILD_BASENAME=\"bench\"" }
	/^-I/ || /^-D/ || /^-std=/ || $0 == "-nostdinc" || /^-m(64|no-|cmodel=)/ ||
	/^-fno-(strict-aliasing|common|PIE|delete-null-pointer-checks)$/ || $0 == "-fshort-wchar" ||
	$0 == "-O2" || /^-fcf-protection/ { print }' | tr '\n' ' '
echo
