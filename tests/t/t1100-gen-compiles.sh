#!/bin/sh
test_description='generated C compiles warning-free with gcc and clang (c11, gnu11), generated Rust with -D warnings (std, no_std, binary)'
. "$(dirname "$0")/../lib.sh"

cp -R "$TESTS/gen/." . && mkdir out
WARN="-Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes"
compilers=""
for c in gcc clang clang-22; do have $c && compilers="$compilers $c"; done

for h in "$TESTS"/gen/*.h; do
	name=$(basename "$h" .h)
	flags=$(sed -n 's|^// cshim-flags: ||p' "$h")
	test_expect_success "$name: gen writes helpers, prototypes and Rust" '
		eval "\"\$CSHIM\" gen $name.h -o out/$name.c --header out/$name.h --rust out/$name.rs $flags"
	'
	for c in $compilers; do
		for std in c11 gnu11; do
			test_expect_success "$name: $c -std=$std -Werror" '
				$c -std=$std $WARN -c out/$name.c -o out/$name.$c.$std.o &&
				$c -std=$std $WARN -D__BINDGEN__ -c out/$name.c -o /dev/null &&
				printf "#include \"$name.h\"\n" >out/use-$name.c &&
				$c -std=$std $WARN -fsyntax-only out/use-$name.c
			'
		done
	done
	test_expect_success "$name: helpers are external symbols without LTO" '
		nm out/$name.gcc.c11.o >syms &&
		n=$(grep -c "^[0-9a-f]* T " syms) &&
		want=$(grep -c "^__rust_helper" out/$name.c) &&
		test "$n" = "$want"
	'
	test_expect_success "$name: Rust compiles (std lib, no_std lib, binary) with -D warnings" '
		printf "pub mod ffi { include!(\"%s\"); }\n" "$PWD/out/$name.rs" >lib_$name.rs &&
		rustc --edition 2021 -D warnings --crate-type lib --emit=metadata -o out/lib$name.rmeta lib_$name.rs &&
		printf "#![no_std]\npub mod ffi { include!(\"%s\"); }\n" "$PWD/out/$name.rs" >nostd_$name.rs &&
		rustc --edition 2021 -D warnings --crate-type lib --emit=metadata -o out/nostd$name.rmeta nostd_$name.rs &&
		printf "mod ffi { include!(\"%s\"); }\nfn main() {}\n" "$PWD/out/$name.rs" >bin_$name.rs &&
		rustc --edition 2021 -D warnings --emit=metadata -o out/bin$name.rmeta bin_$name.rs
	'
done

test_done
