#!/bin/sh
test_description='generated helpers are safe: each argument evaluated once (side effects through the helper equal C with the argument in a variable), no cast that drops const or changes signedness, and each helper has the type of the function or spec line it wraps'
. "$(dirname "$0")/../lib.sh"

cat >safe.h <<'H'
#ifndef SAFE_H
#define SAFE_H
#include <stddef.h>
#include <stdint.h>
struct node { struct node *next; int v; };
struct pair { int a, b; };
static inline const char *skip(const char *s, size_t n) { return s + n; }
static inline unsigned char low_byte(unsigned int v) { return (unsigned char)(v & 0xffu); }
static inline int8_t neg8(int8_t v) { return (int8_t)-v; }
static inline uint64_t mix(uint64_t a, uint32_t b, int16_t c) { return a ^ b ^ (uint64_t)(uint16_t)c; }
static inline const struct node *next_of(const struct node *n) { return n->next; }
static inline void store(volatile int *p, const int v) { *p = v; }
static inline _Bool is_odd(long v) { return v % 2 != 0; }
static inline int apply(int (*fn)(int), int x) { return fn(x); }
static inline int sum(struct pair p) { return p.a + p.b; }
static inline const char *const *nth(const char *const *v, unsigned long i) { return v + i; }
#define TWICE(x) ((x) + (x))
#define SQUARE(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define FILL3(p, v) do { (p)[0] = (v); (p)[1] = (v); (p)[2] = (v); } while (0)
#define FIRST(p) (*(p))
#endif
H
cat >safe.spec <<'S'
int TWICE(int x);
unsigned long SQUARE(unsigned long x);
int MAX(int a, int b);
void FILL3(int *p, int v);
char FIRST(const char *p);
S

WARN="-std=c11 -Wall -Wextra -Werror -Wcast-qual -Wconversion -Wsign-conversion"

test_expect_success 'gen: every function and spec line wrapped' '
	"$CSHIM" gen safe.h --spec safe.spec -o helpers.c --header helpers.h --json inv.json &&
	grep -q "^ \* 15 helpers; 0 functions skipped" helpers.c
'

test_expect_success 'helpers compile clean with -Wcast-qual -Wconversion -Wsign-conversion (gcc and clang)' '
	gcc $WARN -c helpers.c -o helpers-gcc.o &&
	if have clang; then clang $WARN -c helpers.c -o helpers-clang.o; fi
'

# Casts in the helpers' bodies: only the parenthesised callee "(f)(" and a
# by-value aggregate's "*p" are expected there, never a type in parentheses.
test_expect_success 'no cast in any helper body' '
	grep "^__rust_helper" helpers.c | sed "s/^[^{]*{//" >bodies &&
	test "$(wc -l <bodies)" = 15 &&
	! grep -E "\((const|volatile|signed|unsigned|char|short|int|long|float|double|void|_Bool|struct|union|enum|u?int[0-9]+_t|size_t)\b[^()]*\)" bodies
'

# Each helper has the type of what it wraps: the inline function itself
# (compared as function pointer types), or the spec line's declaration.
# Aggregates by value cross by pointer on purpose (README), so sum is
# compared as the pointer form.
test_expect_success 'each helper has the prototype of the function or spec line it wraps' '
	python3 - >abi.c <<-\EOF &&
	import json
	print("#include \"safe.h\"\n#include \"helpers.h\"")
	for it in json.load(open("inv.json"))["items"]:
	    if it["status"] != "wrapped" or not it["helper"]:
	        continue
	    h, name = it["helper"], it["name"]
	    if it["kind"] == "macro":
	        want = it["signature"].replace(" " + name + "(", " (*)(", 1)
	    elif any(p["class"] == "aggregate" for p in it["params"]):
	        want = "int (*)(const struct pair *)"
	    else:
	        want = "__typeof__(&(%s))" % name
	    print("_Static_assert(__builtin_types_compatible_p(__typeof__(&%s), %s), \"%s\");" % (h, want, h))
	EOF
	test "$(grep -c _Static_assert abi.c)" = 15 &&
	gcc -std=c11 -Wall -Wextra -Werror -c abi.c -o abi.o &&
	sed "s/int (\*)(int x)/long (*)(int x)/" abi.c >abi-broken.c &&
	! gcc -std=c11 -c abi-broken.c -o abi-broken.o 2>/dev/null
'

test_expect_success 'each argument is evaluated once: side effects through the helper equal C with the argument in a variable' '
	cat >main.c <<-\EOF &&
	#include <stdio.h>
	#include "safe.h"
	#include "helpers.h"
	static int calls;
	static int next(void) { return ++calls; }
	#define ONCE(what, expr) do { calls = 0; expr; if (calls != 1) { printf("%s: %d evaluations\n", what, calls); return 1; } } while (0)
	int main(void)
	{
		int r = 0, buf[3] = {0}, v;
		unsigned long u;
		ONCE("TWICE", r = rust_helper_TWICE(next()));
		v = 1;
		if (r != TWICE(v)) return printf("TWICE: %d\n", r), 1;
		ONCE("MAX", r = rust_helper_MAX(next(), 0));
		if (r != MAX(v, 0)) return printf("MAX: %d\n", r), 1;
		ONCE("FILL3", rust_helper_FILL3(buf, next()));
		if (buf[0] != 1 || buf[1] != 1 || buf[2] != 1) return printf("FILL3: %d %d %d\n", buf[0], buf[1], buf[2]), 1;
		ONCE("SQUARE", u = rust_helper_SQUARE((unsigned long)next() + 2));
		if (u != SQUARE(3ul)) return printf("SQUARE: %lu\n", u), 1;
		const char *s = "xyz";
		ONCE("FIRST", r = rust_helper_FIRST(s + next()));
		if (r != FIRST(s + 1)) return printf("FIRST: %d\n", r), 1;
		ONCE("is_odd", r = rust_helper_is_odd(next()));
		if (r != 1) return printf("is_odd: %d\n", r), 1;
		printf("TWICE(next()) as a macro evaluates next() twice; through the helper once\n");
		return 0;
	}
	EOF
	gcc -std=c11 -Wall -Wextra -Werror -O2 main.c helpers.c -o main && ./main >run.out &&
	grep -q "through the helper once" run.out
'

test_done
