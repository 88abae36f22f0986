/* Calls each function of behave.h directly, printing one line per call. */
#include <stdio.h>
#include <string.h>

#include "behave.h"

static int mul(int a, int b) { return a * b; }

int main(void)
{
	int n = 5, row[4] = {1, 2, 3, 4}, three[3] = {7, 8, 9};
	struct vec2 a = {1, -2}, b = {30, 40};
	struct box bx = b_box(a, b);
	struct big bg = {-5, 1234567890123}, sw = b_big_swap(bg);
	union bits u = {.u = 0x0102030405060708ull};
	printf("b_add %d\n", b_add(2, -9));
	printf("b_mul64 %lld\n", (long long)b_mul64(-123456789, 4000000000u));
	printf("b_is_pow2 %d %d %d\n", b_is_pow2(64), b_is_pow2(65), b_is_pow2(0));
	b_bump(&n, 37);
	printf("b_bump %d\n", n);
	printf("b_lerp %.6f\n", b_lerp(1.0, 3.0, 0.25f));
	printf("b_next_color %d %d\n", (int)b_next_color(GREEN), (int)b_next_color(BLUE));
	struct vec2 v = b_vadd(a, b);
	printf("b_vadd %d %d\n", v.x, v.y);
	printf("b_box %d %d %d %d %s\n", bx.lo.x, bx.lo.y, bx.hi.x, bx.hi.y, bx.tag);
	printf("b_box_area %d\n", b_box_area(&bx));
	printf("b_union_byte %d %d\n", b_union_byte(u, 0), b_union_byte(u, 7));
	printf("b_from_double %llx\n", (unsigned long long)b_from_double(1.5).u);
	printf("b_big_swap %lld %lld\n", (long long)sw.a, (long long)sw.b);
	printf("b_apply %d\n", b_apply(mul, 6, 7));
	printf("b_apply_fn %d\n", b_apply_fn(mul, 9));
	printf("b_get_sub %d\n", b_get_sub()(10, 3));
	printf("b_sum3 %d\n", b_sum3(three));
	printf("b_row_sum %d\n", b_row_sum(&row));
	printf("b_strlen %zu\n", b_strlen("helpers"));
	b_v4 va = {1, -2, 3, 40000}, vm = b_vmul(va, va);
	printf("b_vmul %d %d %d %d\n", vm[0], vm[1], vm[2], vm[3]);
	union b_pos ps = b_pos_swap((union b_pos){.pos = {7, 9}});
	printf("b_pos_swap %u %u\n", ps.pos.head, ps.pos.tail);
	printf("b_tagged_i %d\n", b_tagged_i((struct b_tagged){.kind = 3, .i = 42}));
	printf("b_twice %d\n", (b_twice)(21)); /* the function, not the macro */
	return 0;
}
