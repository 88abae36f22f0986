// cshim-flags: --spec macros.spec
/* Macros: constants clang evaluates, forwarding macros it can type, and
 * macros that need a spec line (macros.spec). */
#ifndef MACROS_H
#define MACROS_H

#include <stdint.h>

typedef void (*handler_fn)(int);
enum color { RED, GREEN = 5 };
struct pair { int a, b; };

/* constants */
#define M_INT 42
#define M_NEG (-7)
#define M_SHIFT (M_INT << 2)
#define M_U64 0xFFFFFFFFFFFFFFFFULL
#define M_I64_MIN (-9223372036854775807LL - 1)
#define M_U32 ((uint32_t)1 << 31)
#define M_FLOAT 1.5f
#define M_DOUBLE (1.0 / 3.0)
#define M_INF (1.0 / 0.0)
#define M_STR "a \"quoted\"\tstring\n"
#define M_ENUM GREEN
#define M_HANDLER ((handler_fn)1)
#define M_NULL ((void *)0)
#define M_CHAR 'x'

/* not constants */
extern int counter(void);
extern int *errno_location(void);
#define M_CALL (counter() + 1)
#define M_LVALUE (*errno_location())
#define M_EMPTY
#define M_ATTR __attribute__((unused))
#define M_TYPE unsigned long
#define M_INIT { 1, 2 }

/* function-like */
extern long scale(long value, int shift);
#define SCALE(s, v) scale(v, s)         /* forwards each parameter once: typed by scale() */
#define SCALE_P(s, v) (scale((v), (s))) /* the same, in parentheses */
#define TWICE_ARG(x) scale(x, x)        /* uses x twice: needs a signature */
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define SQUARE(x) ((x) * (x))           /* evaluates x twice: the helper evaluates it once */
#define SET_PAIR(p, x, y) do { (p)->a = (x); (p)->b = (y); } while (0)
#define PAIR_SUM(p) ((p).a + (p).b)
#define LOG(...) counter()              /* variadic */
#define NOARGS() (M_INT + 1)
#define LOCK_NESTED(l, sub) scale(l, 0) /* drops sub (as the kernel's mutex_lock_nested without lockdep) */
static inline int add3(int a, int b, int c) { return a + b + c; }
#define add3(a, b, c) add3(a, b, c)     /* shadows the inline function, which is wrapped */

#endif
