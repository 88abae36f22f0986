/* Scalars, void, _Bool, enums, typedefs and the kinds of definitions that
 * have no symbol (static, static inline, C99 inline) next to ones that do. */
#ifndef BASIC_H
#define BASIC_H
#include <stddef.h>
#include <stdint.h>

enum level { LOW, MID = 5, HIGH };
typedef enum { OFF = -1, ON = 1 } switch_t;

static inline int add(int a, int b) { return a + b; }
static inline void reset(int *p) { *p = 0; }
static inline _Bool is_even(unsigned long x) { return (x & 1) == 0; }
static inline uint32_t rotl32(uint32_t x, unsigned int r) { return (x << (r & 31)) | (x >> ((32 - r) & 31)); }
static inline size_t str_len(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static inline int level_rank(enum level l) { return (int)l * 2; }
static inline switch_t flip(switch_t s) { return s == ON ? OFF : ON; }
static inline double scale(double x, float f) { return x * f; }
static inline long long widen(signed char c, unsigned short s) { return (long long)c * s; }
static inline int no_args(void) { return 42; }
static __attribute__((unused)) int plain_static(void) { return 7; }
inline int c99_inline(int x) { return x - 1; }
static inline const char *const *second(const char *const *v) { return v + 1; }
static inline void *volatile_cast(volatile int *p) { return (void *)(uintptr_t)p; }

/* Real symbols: not wrapped. */
extern int extern_fn(int);
int external_def(int);

#endif
