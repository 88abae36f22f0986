/*
 * Every way a linked binary can still reach a helper, for cshim check:
 * direct calls from two functions, a tail call (jmp), and the helper's
 * address taken.  The helpers live in helpers.c (an archive or a shared
 * library); t4000-check builds this file against them in several ways.
 */
int rust_helper_add(int a, int b);
int rust_helper_neg(int a);
int rust_helper_unused(int a);
int my_helper_other(int a);

typedef int (*unary)(int);

__attribute__((noinline)) int caller_a(int x)
{
	int r = rust_helper_add(x, 1);
	__asm__ volatile("" : "+r"(r));
	return rust_helper_add(r, 2);
}

__attribute__((noinline)) int caller_b(int x)
{
	return rust_helper_neg(x) + 1;
}

__attribute__((noinline)) int tail(int x)
{
	return rust_helper_neg(x); /* at -O2: jmp rust_helper_neg */
}

__attribute__((noinline)) unary pick(int which)
{
	return which ? rust_helper_neg : my_helper_other; /* address taken */
}

int main(int argc, char **argv)
{
	(void)argv;
	return (caller_a(argc) + caller_b(argc) + tail(argc) + pick(argc)(argc)) & 1;
}
