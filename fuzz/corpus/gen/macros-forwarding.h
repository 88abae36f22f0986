int f0(void);
int f1(int);
int f2(int a, int b);
int fv(int a, ...);
int fknr();
struct s { int a; };
struct s fs(struct s x);
typedef int (*cb_t)(int);
cb_t fcb(cb_t c);
#define M0() f0()
#define M1(a) f1(a)
#define M1p(a) f1((a))
#define M1pp(a) ((f1)((a)))
#define M2(a, b) f2(b, a)
#define M2dup(a, b) f2(a, a)
#define M2miss(a, b) f2(a)
#define MV(a, ...) fv(a, __VA_ARGS__)
#define MK(a) fknr(a)
#define MS(x) fs(x)
#define MCB(c) fcb(c)
#define MUN(a) f1(a
#define MUN2(a) f1 a)
#define MPAR(a) (((((f1(a))))))
#define MEMPTY()
#define type(self) f1(self)
#define fn(match, loop) f2(match, loop)
#define $dollar(a) f1(a)
#define ünï(a) f1(a)
#define M1self(f1) f1(f1)
#define M_REC(a) M_REC(a)
#define M_OTHER(a) M1(a)
#define LONG_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa(a) f1(a)
#define OBJ_TYPE int
#define OBJ_KW_type 3
#define self 4
#define crate 5
#define Self 6
#define OBJ_COMMA 1, 2
#define OBJ_STRCAT "a" "b"
#define OBJ_PASTE(a) #a
#define OBJ_SEMI 1;
#define OBJ_CAST (int)(3.7)
#define OBJ_COND (1 ? 2 : 3)
#define OBJ_COMMA_EXPR (1, 2)
#define OBJ_GENERIC _Generic(1, int: 2)
#define OBJ_STMT ({ 1; })
#define OBJ_ADDR (&f0)
#define OBJ_FN f0
#define OBJ_STRUCTPTR ((struct s *)0)
#define OBJ_LAMBDA ^{ }
