/* Structs, unions and enums by value and behind pointers. */
#ifndef AGGREGATES_H
#define AGGREGATES_H
#include <stdint.h>

struct point { int x, y; };
struct rect { struct point min, max; };
union word { uint32_t u; float f; unsigned char b[4]; };
struct named { char name[16]; int len; };
typedef struct { double re, im; } complex_t;
struct opaque;
struct list { struct list *next; int v; };
struct __attribute__((aligned(16))) wide { long a; };
struct flags { unsigned a : 3, b : 5; };
struct __attribute__((packed)) tight { char c; int i; };
struct flex { int n; int data[]; };
union hidden { int i; float f; };	/* only behind pointers: opaque, never an empty union */
union undefined;
union pos { uint64_t raw; struct { uint32_t head, tail; } pos; };	/* a member of an untagged type */
struct nest { struct { struct { short a, b; } lo, hi; } half; int n; };
struct anon_member { int k; union { int i; float f; }; };
typedef int v4si __attribute__((vector_size(16)));	/* SIMD vectors cross by pointer too */
union lanes { v4si v; int i[4]; };

static inline struct point point_add(struct point a, struct point b) { struct point r = {a.x + b.x, a.y + b.y}; return r; }
static inline int rect_area(const struct rect *r) { return (r->max.x - r->min.x) * (r->max.y - r->min.y); }
static inline struct rect rect_make(int x0, int y0, int x1, int y1) { struct rect r = {{x0, y0}, {x1, y1}}; return r; }
static inline uint32_t word_bits(union word w) { return w.u; }
static inline int named_len(struct named n) { return n.len; }
static inline complex_t cmul(complex_t a, complex_t b) { complex_t r = {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re}; return r; }
static inline struct opaque *opaque_id(struct opaque *o) { return o; }
static inline int list_next_v(const struct list *l) { return l->next ? l->next->v : -1; }
static inline long wide_get(struct wide w) { return w.a; }
static inline unsigned flags_b(struct flags f) { return f.b; }
static inline int tight_i(struct tight t) { return t.i; }
static inline int flex_n(const struct flex *f) { return f->n; }
static inline int hidden_i(const union hidden *h) { return h->i; }
static inline union undefined *undefined_id(union undefined *u) { return u; }
static inline union pos pos_get(const volatile union pos *p) { union pos v; v.raw = p->raw; return v; }
static inline int nest_sum(struct nest n) { return n.half.lo.a + n.half.hi.b + n.n; }
static inline int anon_member_k(struct anon_member m) { return m.k; }
static inline v4si v4_add(v4si a, v4si b) { return a + b; }
static inline int lanes_first(union lanes l) { return l.i[0]; }

#endif
