/* Declarators that libclang spells as abstract declarators: function
 * pointers, function-typed and array parameters, pointers to arrays and a
 * function returning a function pointer. */
#ifndef FNPTR_H
#define FNPTR_H

typedef int cb_t(int);
typedef void (*handler_t)(void *ctx, int code);

static inline int call(int (*f)(int, void *), void *arg) { return f(1, arg); }
static inline int call_fn_type(int (f)(int)) { return f(2); }
static inline int call_typedef(cb_t *f, handler_t h, void *ctx) { h(ctx, 3); return f(4); }
static inline int sum4(const int a[4]) { return a[0] + a[1] + a[2] + a[3]; }
static inline int first_of(int rows[][3]) { return rows[0][0]; }
static inline int second_of(int (*p)[4]) { return (*p)[1]; }
static inline int (*pick(int which))(int, void *) { (void)which; return 0; }
static inline void (*pick_handler(handler_t h))(void *, int) { return h; }
static inline int deref2(int *const *pp) { return **pp; }
static inline int *restrict_ptr(int *restrict p) { return p; }

#endif
