#!/bin/sh
test_description='the liburing example: real file I/O through io_uring from Rust, every inline function called through cshim helpers; with the LTO recipe or in bitcode mode cshim check finds no residual call (also under the kernel flags), without either it lists them; when the kernel refuses io_uring the run is skipped (TAP skip, never a pass) and the binary still checked'
. "$(dirname "$0")/../lib.sh"

test -f /usr/include/liburing.h || skip_all 'liburing-dev is not installed'
have clang-22 || skip_all 'clang-22 is not installed (scripts/setup-debian.sh)'
have rustc || skip_all 'rustc is not installed (rustup)'
EX=$SRC/examples/uring
# The inline functions main.rs calls, and the spec's accessor.
CALLED="io_uring_get_sqe io_uring_prep_write io_uring_prep_fsync io_uring_prep_read io_uring_sqe_set_flags
	io_uring_sqe_set_data io_uring_wait_cqe io_uring_peek_cqe io_uring_cqe_get_data io_uring_cqe_seen uring_cqe_res"

test_expect_success 'make build with the LTO recipe: constants and sizes come from C' '
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/lto" build >lto.out 2>&1 &&
	grep -q "^pub const IOSQE_IO_LINK: " lto/uring.rs &&
	grep -q "^pub const IORING_FSYNC_DATASYNC: " lto/uring.rs &&
	grep -q "^pub const URING_SIZEOF_RING: ::core::ffi::c_ulong = [1-9][0-9]*;" lto/uring.rs &&
	grep -q "rust_helper_uring_cqe_res(const struct io_uring_cqe \*cqe) { return (cqe->res); }" lto/uring.c &&
	nm -D lto/uring-rust | grep -q " U io_uring_submit"
'

test_expect_success 'LTO build: cshim check finds no residual helper call' '
	"$CSHIM" check lto/uring-rust >check.out &&
	grep -q "no helper symbols\|no residual call sites" check.out
'

# Run the program once here: whether the kernel lets it use io_uring decides
# between running the test and skipping it with the program's reason.
rc=0
lto/uring-rust >run.out 2>&1 || rc=$?
reason=$(sed -n "s/^io_uring unavailable: //p" run.out)
if [ "$rc" = 77 ] && [ -n "$reason" ]; then
	test_skip 'run: write, fsync, read back, verify data and results' "io_uring unavailable here: $reason"
else
	test_expect_success 'run: write, fsync, read back, verify data and results' '
		cat run.out &&
		test "$rc" = 0 &&
		grep "^results: \([0-9][0-9]*\) of \1 as expected" run.out &&
		grep "^data: [1-9][0-9]* bytes read back equal to those written$" run.out &&
		grep -q "^uring: ok$" run.out
	'
fi

# io_uring_queue_init is liburing.so's: a preloaded library overrides it to
# fail with a given errno, as a seccomp filter or kernel.io_uring_disabled
# would make it fail.
deny() {
	cat >deny_$1.c <<-EOF &&
	#include <errno.h>
	struct io_uring;
	int io_uring_queue_init(unsigned entries, struct io_uring *ring, unsigned flags);
	int io_uring_queue_init(unsigned entries, struct io_uring *ring, unsigned flags)
	{
		(void)entries, (void)ring, (void)flags;
		return -$1;
	}
	EOF
	cc -shared -fPIC -o deny_$1.so deny_$1.c
}

test_expect_success 'io_uring refused (ENOSYS, EPERM): exit 77 with the reason; another error (EINVAL) is a failure' '
	deny ENOSYS && deny EPERM && deny EINVAL &&
	test_expect_code 77 env LD_PRELOAD="$TRASH/deny_ENOSYS.so" lto/uring-rust >enosys.out &&
	grep -q "^io_uring unavailable: io_uring_queue_init: ENOSYS: Function not implemented" enosys.out &&
	test_expect_code 77 env LD_PRELOAD="$TRASH/deny_EPERM.so" lto/uring-rust >eperm.out &&
	grep -q "^io_uring unavailable: io_uring_queue_init: EPERM: Operation not permitted" eperm.out &&
	test_expect_code 1 env LD_PRELOAD="$TRASH/deny_EINVAL.so" lto/uring-rust >einval.out 2>&1 &&
	grep -q "^uring-rust: io_uring_queue_init: Invalid argument" einval.out &&
	! grep -q unavailable einval.out
'

test_expect_success 'make run with io_uring refused: says the run was skipped, still checks the binary' '
	LD_PRELOAD="$TRASH/deny_ENOSYS.so" make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/lto" run >run-denied.out 2>&1 &&
	grep -q "^run: skipped, io_uring is unavailable here" run-denied.out &&
	grep -q "no helper symbols\|no residual call sites" run-denied.out
'

test_expect_success 'LTO with -fno-delete-null-pointer-checks -fno-builtin on the helpers: still no residual call' '
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/kflags" \
		EXTRA_CFLAGS="-fno-delete-null-pointer-checks -fno-builtin" build >kflags.out 2>&1 &&
	"$CSHIM" check kflags/uring-rust
'

test_expect_success 'MODE=plain (no LTO): cshim check names every helper main.rs calls and exits 1' '
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/plain" MODE=plain build >plain.out 2>&1 &&
	test_expect_code 1 "$CSHIM" check plain/uring-rust >plain-check.out &&
	for h in $CALLED; do
		grep "^rust_helper_$h: [1-9][0-9]* call sites\{0,1\}: " plain-check.out || exit 1
	done &&
	grep "^cshim check: .* residual call sites\{0,1\} in [1-9][0-9]* helpers\{0,1\}$" plain-check.out
'

RMAJ=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
if have clang-$RMAJ && have llvm-link-$RMAJ && have llvm-ar-$RMAJ; then
	test_expect_success 'MODE=bitcode (merged by scripts/cshim-rustc, no LTO): no residual call, no helper symbol, and runs like the LTO build where io_uring works' '
		make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/bc" MODE=bitcode build >bc.out 2>&1 &&
		"$CSHIM" check bc/uring-rust &&
		! nm bc/uring-rust | grep rust_helper_ &&
		if [ "$rc" = 0 ]; then bc/uring-rust >bc-run.out && grep -q "^uring: ok$" bc-run.out; fi
	'
fi

test_done
