#!/bin/sh
test_description='the bundled example: Rust through helpers equals C, and with the LTO recipe no helper call is left (also under the kernel flags); without always_inline the calls remain'
. "$(dirname "$0")/../lib.sh"

have clang-22 || skip_all 'clang-22 is not installed (scripts/setup-debian.sh)'
EX=$SRC/examples/kobj
run_make() { make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/$1" "$@"; }

test_expect_success 'LTO build: behaviour equals C, cshim check finds no residual call' '
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/lto" run >lto.out 2>&1 &&
	grep -q "behaviour: Rust through helpers == C direct" lto.out &&
	"$CSHIM" check lto/kobj-rust >check.out &&
	grep -q "no residual call sites\|no helper symbols" check.out
'

test_expect_success 'LTO build with -fno-delete-null-pointer-checks -fno-builtin: still no residual call' '
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/kflags" \
		EXTRA_CFLAGS="-fno-delete-null-pointer-checks -fno-builtin" run >kflags.out 2>&1 &&
	grep -q "behaviour: Rust through helpers == C direct" kflags.out &&
	"$CSHIM" check kflags/kobj-rust
'

test_expect_success 'same kernel flags without always_inline: cshim check shows the residual calls' '
	make -s -C "$EX" CSHIM="$CSHIM" BUILD="$TRASH/plain" HELPER_DEFS="-D__rust_helper=" \
		EXTRA_CFLAGS="-fno-delete-null-pointer-checks -fno-builtin" build >plain.out 2>&1 &&
	test_expect_code 1 "$CSHIM" check plain/kobj-rust >plain-check.out &&
	grep -q "residual call site" plain-check.out
'

test_done
