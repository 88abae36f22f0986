#!/bin/sh
test_description='real codebases, quick subset of make corpus: libbpf user-space API and a few DPDK headers wrapped, compile-clean in C (gcc, clang-22) and Rust'
. "$(dirname "$0")/../lib.sh"

have python3 && have pkg-config || skip_all 'python3 or pkg-config is not installed (scripts/setup-debian.sh)'
pkg-config --exists libbpf libdpdk || skip_all 'libbpf-dev or libdpdk-dev is not installed (scripts/setup-debian.sh)'

# inline_skips FILE.json: the inline functions not wrapped, "name: reason" per line.
inline_skips() {
	python3 -c 'import json, sys
for i in json.load(open(sys.argv[1]))["items"]:
    if i["kind"] == "inline-function" and i["status"] != "wrapped":
        print("%s: %s" % (i["name"], i["reason"]))' "$1"
}
inline_count() {
	python3 -c 'import json, sys
print(sum(1 for i in json.load(open(sys.argv[1]))["items"] if i["kind"] == "inline-function" and i["status"] == "wrapped"))' "$1"
}

BPF="<bpf/bpf.h> <bpf/btf.h> <bpf/libbpf.h> <bpf/libbpf_common.h> <bpf/libbpf_legacy.h> <bpf/libbpf_version.h> <bpf/skel_internal.h>"
test_expect_success 'libbpf user-space headers: every inline function wrapped' '
	"$CSHIM" gen $BPF --pkg-config libbpf --allowlist-file "/usr/include/bpf/.*" \
		-o bpf.c --rust bpf.rs --json bpf.json -- -include errno.h &&
	inline_skips bpf.json >skips && test_cmp /dev/null skips &&
	test "$(inline_count bpf.json)" -ge 50
'

DPDK="<rte_ring.h> <rte_mbuf.h> <rte_lpm.h> <rte_cryptodev.h> <rte_bitmap.h>"
DPDK_FLAGS="$(pkg-config --cflags libdpdk) -DALLOW_EXPERIMENTAL_API"
test_expect_success 'DPDK ring, mbuf, lpm, cryptodev, bitmap: every inline function wrapped' '
	"$CSHIM" gen $DPDK --pkg-config libdpdk --allowlist-file "/usr/include/(x86_64-linux-gnu/)?dpdk/.*" \
		-o dpdk.c --rust dpdk.rs --json dpdk.json -- -DALLOW_EXPERIMENTAL_API &&
	inline_skips dpdk.json >skips && test_cmp /dev/null skips &&
	grep -q "rust_helper_rte_lpm_lookupx4(const struct rte_lpm \*lpm, const xmm_t \*ip" dpdk.c &&
	test "$(inline_count dpdk.json)" -ge 300 &&
	grep -q "rust_helper___rte_ring_hts_head_wait(union __rte_ring_hts_pos \*ret" dpdk.c &&
	grep -q "pub union rte_crypto_sym_ofs {" dpdk.rs && grep -q "pub ofs: rte_crypto_sym_ofs_ofs," dpdk.rs
'

for c in gcc clang-22; do
	have $c || continue
	test_expect_success "libbpf and DPDK helpers: $c -Wall -Wextra -Werror, the parse flags" '
		$c -std=gnu11 -Wall -Wextra -Werror -include errno.h -c bpf.c -o bpf.$c.o &&
		$c -std=gnu11 -Wall -Wextra -Werror $DPDK_FLAGS -c dpdk.c -o dpdk.$c.o
	'
done

BPF_PROG="<bpf/bpf_helpers.h> <bpf/bpf_tracing.h> <bpf/bpf_core_read.h> <bpf/bpf_endian.h> <bpf/usdt.bpf.h>"
BPF_FLAGS="--target=bpf -I/usr/include/x86_64-linux-gnu -D__TARGET_ARCH_x86 -include linux/types.h -include linux/bpf.h -include linux/ptrace.h -include stdbool.h"
if have clang-22; then
	test_expect_success 'libbpf BPF-program headers (--target=bpf): the asm-immediate one skipped, the rest compiles' '
		"$CSHIM" gen $BPF_PROG --allowlist-file "/usr/include/bpf/.*" -o prog.c --json prog.json -- $BPF_FLAGS &&
		inline_skips prog.json >skips &&
		grep -q "^bpf_tail_call_static: parameter .slot. must be a compile-time constant" skips &&
		test "$(wc -l <skips)" = 1 &&
		clang-22 -std=gnu11 -Wall -Wextra -Werror $BPF_FLAGS -c prog.c -o prog.o
	'
fi

test_expect_success 'libbpf and DPDK Rust declarations compile (std and no_std) with -D warnings' '
	rust_decls_compile "$PWD/bpf.rs" bpf && rust_decls_compile "$PWD/dpdk.rs" dpdk
'

test_done
