#!/bin/sh
test_description='scale: a header of 10,000 static inline functions gives 10,000 helpers in one file that compiles with -Wall -Wextra -Werror; gen time and peak RSS are printed (sh tests/t/t8400-scale.sh)'
. "$(dirname "$0")/../lib.sh"

N=10000
test -x /usr/bin/time || skip_all '/usr/bin/time is not installed (Debian package time, scripts/setup-debian.sh)'

awk -v n=$N 'BEGIN {
	print "#include <stdint.h>"
	print "struct big_s { int a; };"
	for (i = 0; i < n; i++)
		printf "static inline uint32_t big_%05d(uint32_t a, const struct big_s *s) { return a + %du + (uint32_t)s->a; }\n", i, i
}' >big.h

test_expect_success "gen: $N helpers in one file, within 1.5 GB" '
	/usr/bin/time -v "$CSHIM" gen big.h -o big.c --header big-helpers.h --rust big.rs 2>time.out &&
	test "$(grep -c "^__rust_helper uint32_t rust_helper_big_[0-9]*(uint32_t a, const struct big_s \*s) { return (big_[0-9]*)(a, s); }$" big.c)" = $N &&
	test "$(grep -c "^    pub fn big_" big.rs)" = $N &&
	rss=$(sed -n "s/.*Maximum resident set size (kbytes): //p" time.out) &&
	test "$rss" -lt 1500000
'

test_expect_success 'the helpers and their prototypes compile with -Wall -Wextra -Werror' '
	gcc -std=c11 -Wall -Wextra -Werror -c big.c -o big.o &&
	printf "#include \"big-helpers.h\"\n" | gcc -std=c11 -Wall -Wextra -Werror -fsyntax-only -x c - &&
	test "$(nm big.o | grep -c " T rust_helper_big_")" = $N
'

say "# gen of $N helpers: $(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' time.out) wall, $(sed -n 's/.*Maximum resident set size (kbytes): //p' time.out) KB peak RSS"
test_done
