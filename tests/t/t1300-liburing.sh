#!/bin/sh
test_description='a real inline-heavy header: every static inline function of liburing.h wrapped, compile-clean in C and Rust'
. "$(dirname "$0")/../lib.sh"

test -f /usr/include/liburing.h || skip_all 'liburing-dev is not installed'

test_expect_success 'scan <liburing.h>: no inline function skipped' '
	"$CSHIM" scan "<liburing.h>" >scan.out &&
	"$CSHIM" scan --json "<liburing.h>" >scan.json &&
	python3 -c "import json,sys; d=json.load(open(\"scan.json\")); bad=[i[\"name\"] for i in d[\"items\"] if i[\"kind\"]==\"inline-function\" and i[\"status\"]!=\"wrapped\"]; sys.exit(1 if bad else 0)" &&
	test "$(grep -c ": wrapped as rust_helper_io_uring" scan.out)" -ge 100
'

test_expect_success 'gen <liburing.h>' '
	"$CSHIM" gen "<liburing.h>" -o uring.c --header uring.h --rust uring.rs
'

for c in gcc clang-22; do
	have $c || continue
	test_expect_success "liburing helpers: $c -std=gnu11 and -std=c11 -Werror" '
		$c -std=gnu11 -Wall -Wextra -Werror -c uring.c -o uring.$c.o &&
		$c -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -c uring.c -o /dev/null
	'
done

test_expect_success 'liburing Rust declarations compile (std and no_std) with -D warnings' '
	rust_decls_compile "$PWD/uring.rs" uring
'

test_done
