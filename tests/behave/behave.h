/* Behaviour test API: each function is called from C directly and from Rust
 * through its generated helper, on the same inputs; outputs must agree. */
#ifndef BEHAVE_H
#define BEHAVE_H
#include <stddef.h>
#include <stdint.h>

struct vec2 { int32_t x, y; };
struct box { struct vec2 lo, hi; char tag[3]; };
union bits { uint64_t u; double d; uint8_t b[8]; };
struct __attribute__((aligned(16))) big { int64_t a, b; };
enum color { RED = 1, GREEN = 2, BLUE = 4 };
typedef int (*binop_t)(int, int);
typedef int32_t b_v4 __attribute__((vector_size(16)));
union b_pos { uint64_t raw; struct { uint32_t head, tail; } pos; };
struct b_tagged { int kind; union { int i; float f; }; };

static inline int b_add(int a, int b) { return a + b; }
static inline int64_t b_mul64(int64_t a, uint32_t b) { return a * (int64_t)b; }
static inline _Bool b_is_pow2(unsigned long x) { return x && !(x & (x - 1)); }
static inline void b_bump(int *p, int by) { *p += by; }
static inline double b_lerp(double a, double b, float t) { return a + (b - a) * t; }
static inline enum color b_next_color(enum color c) { return c == BLUE ? RED : (enum color)(c << 1); }
static inline struct vec2 b_vadd(struct vec2 a, struct vec2 b) { struct vec2 r = {a.x + b.x, a.y + b.y}; return r; }
static inline struct box b_box(struct vec2 lo, struct vec2 hi) { struct box r = {lo, hi, {'b', 'x', 0}}; return r; }
static inline int32_t b_box_area(const struct box *bx) { return (bx->hi.x - bx->lo.x) * (bx->hi.y - bx->lo.y); }
static inline uint8_t b_union_byte(union bits u, int i) { return u.b[i]; }
static inline union bits b_from_double(double d) { union bits u; u.d = d; return u; }
static inline struct big b_big_swap(struct big v) { struct big r = {v.b, v.a}; return r; }
static inline int b_apply(binop_t f, int a, int b) { return f(a, b); }
static inline int b_apply_fn(int (f)(int, int), int a) { return f(a, a); }
static int b_sub(int a, int b) { return a - b; }
static inline binop_t b_get_sub(void) { return b_sub; }
static inline int b_sum3(const int a[3]) { return a[0] + a[1] + a[2]; }
static inline int b_row_sum(int (*row)[4]) { return (*row)[0] + (*row)[1] + (*row)[2] + (*row)[3]; }
static inline size_t b_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static inline b_v4 b_vmul(b_v4 a, b_v4 b) { return a * b; }
static inline union b_pos b_pos_swap(union b_pos p) { union b_pos r; r.pos.head = p.pos.tail; r.pos.tail = p.pos.head; return r; }
static inline int b_tagged_i(struct b_tagged t) { return t.kind * 100 + t.i; }
static inline int b_twice(int x) { return 2 * x; }
#define b_twice(x) (b_twice(x) + 1000) /* C callers of the macro get something else */

#endif
