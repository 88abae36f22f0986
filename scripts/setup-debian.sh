#!/bin/sh
# Install what cshim needs to build, test and demonstrate on Debian 12:
# libclang (to parse C), libelf and capstone (to read linked binaries), json-c
# (to read compile_commands.json), the compilers the tests use (gcc, clang 14,
# and clang/lld/llvm 22, the LLVM major of rustc 1.95, from bookworm-security;
# llvm-22 also brings llvm-link-22 for bitcode mode; libclang-rt-22-dev has
# its sanitizer runtimes, for `make check SAN=1`, and libFuzzer, for
# `make fuzz`), tools the tests call (time for the scale test's peak RSS), the
# real codebases the tests and `make corpus` run over (liburing, DPDK,
# libbpf, and linux-headers-amd64: Debian's kernel Kbuild tree, built with
# gcc-12 from the gcc package, for tests/t/t1600-kbuild.sh), and valgrind for
# the benchmarks and the memcheck test.
# The Rust toolchain itself comes from rustup and is only checked here.
set -eu
packages="make gcc binutils pkg-config python3 time clang clang-22 lld-22 llvm-22 libclang-22-dev libclang-rt-22-dev
libelf-dev libcapstone-dev libiberty-dev libyaml-dev libjson-c-dev liburing-dev libdpdk-dev libbpf-dev
valgrind linux-headers-amd64"

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
missing=
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if ! command -v rustc >/dev/null 2>&1; then
	echo "setup: rustc not found: install the Rust toolchain with rustup (https://rustup.rs)" >&2
	exit 1
fi
echo "setup: ready ($(rustc --version), $(clang-22 --version | head -n 1))"
