/* What cannot become a helper or a Rust declaration, each with its reason. */
#ifndef SKIPPED_H
#define SKIPPED_H
#include <stdarg.h>

static inline int sum(int n, ...) { va_list ap; va_start(ap, n); int s = 0; while (n--) s += va_arg(ap, int); va_end(ap); return s; }
static inline int vsum(int n, va_list ap) { int s = 0; while (n--) s += va_arg(ap, int); return s; }
static inline long double ld(long double x) { return x; }
static inline __int128 i128(__int128 x) { return x; }
static inline _Complex double cplx(_Complex double z) { return z; }
extern struct { int z; } anon_global;
static inline int anon(__typeof__(&anon_global) p) { return p->z; }
static inline void imm_only(int slot) { __asm__ volatile("# %0" :: "i"(slot)); }	/* a constant only */
static inline void imm_or_reg(int x) { __asm__ volatile("# %0" :: "ri"(x)); }
static inline int ok(void) { return 1; }

#endif
