/*
 * The helper t6000-explain.sh links into main.rs under various flags.
 * HELPER_ATTR is its annotation: empty (a plain external definition),
 * always_inline as __rust_helper expands to, or noinline.
 */
#ifndef HELPER_ATTR
#define HELPER_ATTR
#endif

static inline int add(int a, int b)
{
	return a * b + 3;
}

int rust_helper_add(int a, int b);
HELPER_ATTR int rust_helper_add(int a, int b)
{
	return add(a, b);
}
