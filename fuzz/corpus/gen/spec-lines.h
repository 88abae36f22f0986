struct s { int a, b; };
typedef int (*cb_t)(int);
extern long scale(long v, int by);
static inline int twice_fn(int x) { return 2 * x; }
#define TWICE(x) ((x) * 2)
#define APPLY(f, x) ((f)(x))
#define FIELD(p) ((p)->a)
#define SCALE(v) scale((v), 3)
#define VA(...) scale(__VA_ARGS__)
#define STR(x) #x
#define PASTE(a, b) a##b
#define K 7

//spec
int TWICE(int x);
int APPLY(cb_t f, int x);
int FIELD(const struct s *p);
long SCALE(long v);
long VA(long v, int by);
const char *STR(int x);
int PASTE(int a, int b) = a + b;
long twice_fn(long x);
int k_plus(int x) = x + K;   // a helper with its own body
void nothing(void) = (void)0;
int (*pick(int which))(int) = which ? (cb_t)0 : 0;
