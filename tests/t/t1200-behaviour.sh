#!/bin/sh
test_description='Rust through generated helpers behaves exactly like C calling the inline functions directly'
. "$(dirname "$0")/../lib.sh"

B=$TESTS/behave

test_expect_success 'gen the behave.h helpers and Rust declarations' '
	"$CSHIM" gen "$B/behave.h" -o behave.c --rust behave.rs &&
	grep -q "rust_helper_b_twice" behave.c
'

test_expect_success 'C calling the inline functions directly' '
	gcc -std=c11 -O2 -Wall -Wextra -Werror -I"$B" "$B/direct.c" -o direct &&
	./direct >expected &&
	test $(wc -l <expected) -ge 19
'

# Without LTO: ordinary helper calls into a gcc-built archive.
test_expect_success 'Rust via helpers (gcc, no LTO) prints the same' '
	gcc -std=c11 -O2 -c behave.c -o behave.o && ar rcs libbehave.a behave.o &&
	BEHAVE_DIR=$PWD rustc --edition 2021 -D warnings -O "$B/via_rust.rs" -L . -l static=behave -o via_gcc &&
	./via_gcc >actual && test_cmp expected actual
'

test_expect_success 'without LTO the helpers are really called (cshim check finds them)' '
	nm via_gcc | grep -q " T rust_helper_b_vadd" &&
	test_expect_code 1 "$CSHIM" check via_gcc >check.out &&
	grep "rust_helper_b_twice: 1 call site" check.out
'

if have clang-22; then
	test_expect_success 'Rust via helpers with cross-language LTO prints the same, no helper call left' '
		clang-22 -flto=thin -O2 -c behave.c -o lto.o && llvm-ar-22 rcs liblto.a lto.o &&
		BEHAVE_DIR=$PWD rustc --edition 2021 -D warnings -O -Clinker-plugin-lto "$B/via_rust.rs" -L . -l static=lto -o via_lto &&
		./via_lto >actual_lto && test_cmp expected actual_lto &&
		"$CSHIM" check via_lto
	'
fi

test_done
