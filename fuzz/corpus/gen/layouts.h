#pragma once
struct b;
struct a { struct c { int y; } x[2]; int z[0]; };
struct big { char c[1LL << 40]; };
typedef int (*fp_t)(struct a);
struct hasfp { fp_t f; void (*g)(struct hasfp); };
struct __attribute__((aligned(128))) over { int x; };
union u2 { struct a a; struct over o; };
typedef _BitInt(7) bi7;
typedef __typeof__(1.0f + 2) tf;
static inline struct a fa(struct a v) { return v; }
static inline struct big fbig(struct big *p) { return *p; }
static inline struct hasfp fh(struct hasfp h) { return h; }
static inline struct over fo(struct over o) { return o; }
static inline union u2 fu(union u2 u) { return u; }
static inline bi7 fbi(bi7 x) { return x; }
static inline tf ftf(tf x) { return x; }
static inline _Float16 ff16(_Float16 x) { return x; }
static inline __bf16 fbf(__bf16 x) { return x; }
static inline int (*(*(*deep(void))(void))(void))(void) { return 0; }
static inline void fincomplete(struct b *p) { (void)p; }
static inline const volatile int *fq(const int *const restrict p) { return (const volatile int *)p; }
static inline char fchar(signed char a, unsigned char b, char c) { return a + b + c; }
static inline _Bool fbool(_Bool b) { return !b; }
static inline void fvoidp(void *p, const void *q, void **r) { (void)p; (void)q; (void)r; }
static inline int fsizeof(int x[sizeof(struct a)]) { return x[0]; }
#define AGG ((struct a){0})
#define OVER ((struct over){1})
#define BIG_SHIFT (1ULL << 63)
#define BI ((bi7)3)
#define F16 ((_Float16)1.5)
#define FLT_MIN_ 1e-320
