#!/bin/sh
test_description='glibc proving ground: the macros and constants of 17 glibc/Linux headers, from the specs in specs/glibc, behave in Rust exactly as in C'
. "$(dirname "$0")/../lib.sh"

G=$TESTS/glibc
have python3 || skip_all 'python3 is not installed (scripts/setup-debian.sh)'

test_expect_success 'gen over the headers with specs/glibc/*.spec' '
	sh "$G/gen.sh" "$CSHIM" gen -o glibc.c --header glibc.h --rust glibc.rs --json glibc.json &&
	sh "$G/gen.sh" "$CSHIM" scan >scan.out &&
	python3 - glibc.json <<-\EOP
	import collections, json, sys
	items = json.load(open(sys.argv[1]))["items"]
	count = collections.Counter((i["kind"], i["status"]) for i in items)
	print("# %s" % dict(count))
	assert count[("macro", "wrapped")] >= 110 and count[("constant", "wrapped")] >= 1000, count
	EOP
'

test_expect_success 'macros and constants land where expected' '
	grep -q "CMSG_NXTHDR: wrapped as rust_helper_CMSG_NXTHDR (spec line)" scan.out &&
	grep -q "major: wrapped as rust_helper_major$" scan.out &&
	grep -q "SIG_IGN: constant, exported as rust_const_helper_SIG_IGN" scan.out &&
	grep -q "EAGAIN: constant ::core::ffi::c_int = 11$" scan.out &&
	grep -q "BLKGETSIZE64: constant ::core::ffi::c_ulong = 2148012658$" scan.out &&
	grep -q "errno: skipped: not a constant" scan.out &&
	grep -q "isascii_l: needs a signature: add a spec line such as" scan.out
'

for cc in gcc clang-22; do
	have $cc || continue
	test_expect_success "helpers compile with $cc -Wall -Wextra -Werror" '
		$cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wmissing-prototypes -c glibc.c -o glibc.$cc.o
	'
done

test_expect_success 'Rust declarations compile (std and no_std) with -D warnings' '
	rust_decls_compile "$PWD/glibc.rs" glibc
'

test_expect_success 'every constant and integer macro: Rust through helpers == C direct' '
	python3 "$G/drivers.py" glibc.json "$G/gen-args" auto.c auto.rs "$PWD/glibc.rs" &&
	gcc -std=c11 -O2 -Wall -Wextra -Werror auto.c -o auto-c && ./auto-c >expect &&
	ar rcs libglibc.a glibc.gcc.o &&
	rustc --edition 2021 -D warnings -C opt-level=0 auto.rs -L . -l static=glibc -o auto-rs && ./auto-rs >actual &&
	test $(wc -l <expect) -ge 6000 && test_cmp expect actual
'

test_expect_success 'pointer-taking macros (FD_*, CPU_*, CMSG_*, IN6_*, *_l): Rust == C' '
	gcc -std=c11 -O2 -Wall -Wextra -Werror -I"$G" "$G/scenario.c" "$G/fixture.c" -o scenario-c &&
	./scenario-c >expect.sc &&
	gcc -std=c11 -O2 -Wall -Wextra -Werror -c "$G/fixture.c" -o fixture.o && ar rcs libfx.a fixture.o &&
	SCENARIO_RS="$PWD/glibc.rs" rustc --edition 2021 -D warnings -O "$G/scenario.rs" -L . -l static=glibc -l static=fx -o scenario-rs &&
	./scenario-rs >actual.sc &&
	test $(wc -l <expect.sc) -ge 280 && test_cmp expect.sc actual.sc
'

test_done
