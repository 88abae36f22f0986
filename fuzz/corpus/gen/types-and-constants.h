#include <stdint.h>
struct s { int a : 3; int b; };
struct __attribute__((packed)) p { char c; int i; };
union u { int i; float f; };
typedef struct { int x; } anon_t;
struct self { struct self *next; struct self (*mk)(struct self); };
typedef int v4 __attribute__((vector_size(16)));
typedef _Atomic int aint;
static inline struct s f_bits(struct s x) { return x; }
static inline struct p f_packed(struct p x) { return x; }
static inline union u f_union(union u x) { return x; }
static inline anon_t f_anon(anon_t a) { return a; }
static inline struct { int q; } *f_anon_ret(void) { return 0; }
static inline v4 f_vec(v4 a) { return a; }
static inline aint f_atomic(aint a) { return a; }
static inline __int128 f_i128(__int128 a) { return a; }
static inline long double f_ld(long double a) { return a; }
static inline _Complex double f_cx(_Complex double a) { return a; }
static inline int f_vla(int n, int a[n]) { return a[0]; }
static inline int (*f_fp(int (*cb)(int, ...), ...))(int) { return 0; }
static inline int f_knr() { return 1; }
static inline struct self f_self(struct self s) { return s; }
static inline void f_arr(int a[static 4], const int b[const 2]) { (void)a; (void)b; }
static inline int (*f_arrp(void))[3] { return 0; }
static inline void type(int self, int fn, int match) { (void)self; (void)fn; (void)match; }
static inline void _(int _, int __) { (void)_; (void)__; }
enum big { BIG = 0xFFFFFFFFFFFFFFFFULL, NEG = -1 };
static inline enum big f_enum(enum big e) { return e; }
struct fam { int n; int d[]; };
static inline struct fam f_fam(struct fam f) { return f; }
struct al { _Alignas(64) char c; };
static inline struct al f_al(struct al a) { return a; }
struct nested { struct { int a; } in; union { int b; float c; }; };
static inline struct nested f_nested(struct nested n) { return n; }
#define C_STR_BIG "\xff\x00\x01"
#define C_WIDE L"wide"
#define C_U8 u8"utf8"
#define C_CHAR16 u'x'
#define C_HUGE 1e400
#define C_NAN (0.0/0.0)
#define C_LD 1.5L
#define C_I128 ((__int128)1 << 100)
#define C_STRUCT ((struct s){1, 2})
#define C_FNPTR ((int (*)(int))0)
#define C_ARR ((int[]){1,2,3})
#define C_SIZEOF sizeof(struct p)
#define C_BOOL ((_Bool)1)
#define C_ENUM BIG
#define C_NEG_MIN (-9223372036854775807LL - 1)
#define C_UCHAR ((unsigned char)255)
#define FN1(x) f_i128(x)
#define FN2(a, b) f_fp(a, b)
#define FNV(...) f_fp(__VA_ARGS__)
#define FN_SELF(x) FN_SELF(x)
#define FN_STR(x) #x
#define FN_PASTE(a, b) a##b
