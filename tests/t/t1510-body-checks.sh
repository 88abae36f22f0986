#!/bin/sh
test_description='inline functions that need compile-time-constant arguments, or use symbols --symbols lacks, are skipped with the reason; look-alikes stay'
. "$(dirname "$0")/../lib.sh"

# Each trap in the shape the Linux kernel has it: __bad_mask (bitfield.h),
# BUILD_BUG_ON(!__builtin_constant_p(x)), asm goto with "i" (jump labels),
# passed on by a caller; and the look-alikes that must stay generic:
# __builtin_constant_p-guarded paths (kmalloc, copy_from_user), sizeof-only
# assertions (READ_ONCE), BUILD_BUG() under a parameter's if.
cat >trap.h <<'H'
extern void __bad_mask(void) __attribute__((__error__("bad bitfield mask")));
extern void __bad_copy(void) __attribute__((__error__("bad copy")));
extern void copy_overflow(int, unsigned long);
extern unsigned slow_index(unsigned long);
static inline __attribute__((always_inline)) unsigned field_multiplier(unsigned field)
{ if ((field | (field - 1)) & ((field | (field - 1)) + 1)) __bad_mask(); return field & -field; }
static inline unsigned encode_bits(unsigned v, unsigned field) { return (v & field) * field_multiplier(field); }
static inline __attribute__((always_inline)) int jump(void *key, _Bool branch)
{ asm goto("jmp %l[l_yes] # %c0" : : "i" (&((char *)key)[branch]) : : l_yes); return 0; l_yes: return 1; }
static inline int key_false(void *key) { return jump(key, 0); }
static inline void must_be_const(int x)
{ do { extern void __assert_1(void) __attribute__((__error__("not constant"))); if (!(!!__builtin_constant_p(x))) __assert_1(); } while (0); }
static inline unsigned index_of(unsigned long size, _Bool size_is_constant)
{ if (size_is_constant) do { extern void __assert_2(void) __attribute__((__error__("bad size"))); if (!(!(1))) __assert_2(); } while (0); return size > 8; }
static inline int shift_left(int x, int n)
{ if (__builtin_constant_p(n)) { asm("shl %1, %0" : "+r"(x) : "i"(n)); return x; } return x << n; }
static inline _Bool check_size(const void *to, unsigned long n, _Bool from)
{ int sz = __builtin_object_size(to, 0); if (sz >= 0 && (unsigned long)sz < n) { if (!__builtin_constant_p(n)) copy_overflow(sz, n); else if (from) __bad_copy(); return 0; } return 1; }
static inline unsigned pick(unsigned long size)
{ if (!__builtin_constant_p(size)) return slow_index(size); return index_of(size, 1); }
static inline long read_once(long *p)
{ do { extern void __assert_3(void) __attribute__((__error__("not a word"))); if (!(sizeof(*p) == 8)) __assert_3(); } while (0); return *p; }
H

test_expect_success 'scan: each trap skipped, naming the parameter and the cause' '
	"$CSHIM" scan trap.h >out &&
	grep -q "field_multiplier: skipped: parameter .field. must be a compile-time constant (it decides whether field_multiplier() calls __bad_mask(), which has the error attribute)" out &&
	grep -q "encode_bits: skipped: parameter .field. must be a compile-time constant (it decides whether field_multiplier() calls __bad_mask()" out &&
	grep -q "jump: skipped: parameter .key. must be a compile-time constant (an inline-asm operand with constraint \"i\" in jump())" out &&
	grep -q "key_false: skipped: parameter .key. must be a compile-time constant (an inline-asm operand" out &&
	grep -q "must_be_const: skipped: parameter .x. must be a compile-time constant" out &&
	grep -q "index_of: skipped: parameter .size_is_constant. must be a compile-time constant" out
'

test_expect_success 'scan: guarded and sizeof-only look-alikes stay generic' '
	"$CSHIM" scan trap.h >out &&
	for f in shift_left check_size pick read_once; do
		grep -q "$f: wrapped as rust_helper_$f$" out || { echo "$f not wrapped"; exit 1; }
	done
'

test_expect_success 'gen: the helpers build with gcc -O2 -Werror (and the skipped ones would not)' '
	"$CSHIM" gen trap.h -o h.c &&
	gcc -O2 -Wall -Wextra -Werror -c h.c -o h.o &&
	printf "#include \"trap.h\"\nunsigned f(unsigned v, unsigned m);\nunsigned f(unsigned v, unsigned m) { return encode_bits(v, m); }\n" >bad.c &&
	! gcc -O2 -c bad.c -o bad.o 2>err && grep -q "bad bitfield mask" err &&
	printf "#include \"trap.h\"\nint g(void *k);\nint g(void *k) { return key_false(k); }\n" >bad2.c &&
	! gcc -O2 -c bad2.c -o bad2.o
'

test_expect_success 'a spec line with its own body instantiates one with a constant; naming it alone is skipped' '
	printf "unsigned encode_low_byte(unsigned v) = encode_bits(v, 0xff);\nunsigned encode_bits(unsigned v, unsigned field);\n" >c.spec &&
	"$CSHIM" scan trap.h --spec c.spec >out &&
	grep -q "encode_low_byte: wrapped as rust_helper_encode_low_byte (spec line)" out &&
	grep -q "c.spec:2:.*encode_bits: skipped: parameter .field. must be a compile-time constant" out &&
	"$CSHIM" gen trap.h --spec c.spec -o s.c &&
	gcc -O2 -Wall -Wextra -Werror -c s.c -o s.o &&
	nm s.o | grep -q " T rust_helper_encode_low_byte$"
'

cat >link.h <<'H'
extern int exported(void);
extern int hidden(void);
extern int hidden_var;
static inline int direct(void) { return exported(); }
static inline int calls_hidden(void) { return hidden(); }
static inline int through(void) { return calls_hidden() + 1; }
static inline int reads_var(void) { return hidden_var; }
static inline int folded_out(void) { if (0) return hidden(); return exported(); }
#define HIDDEN_FWD() hidden()
#define PLUS_HIDDEN(x) (hidden() + (x))
H

test_expect_success '--symbols: a function using a symbol the list lacks is skipped, through inline callers too' '
	printf "0x12345678\texported\tvmlinux\tEXPORT_SYMBOL\t\n" >Module.symvers &&
	"$CSHIM" scan link.h --symbols Module.symvers >out &&
	grep -q "calls_hidden: skipped: uses hidden, which the --symbols list lacks" out &&
	grep -q "through: skipped: uses hidden, which the --symbols list lacks" out &&
	grep -q "reads_var: skipped: uses hidden_var, which" out &&
	grep -q "direct: wrapped" out && grep -q "folded_out: wrapped" out &&
	"$CSHIM" scan link.h >out2 && test "$(grep -c ": wrapped as" out2)" = 6
'

test_expect_success 'macros are judged by their helpers: --symbols and constant parameters' '
	printf "int PLUS_HIDDEN(int x);\nint plus_exported(int x) = PLUS_HIDDEN(x) - hidden() + exported();\n" >m.spec &&
	"$CSHIM" scan link.h --symbols Module.symvers --spec m.spec >out &&
	grep -q "HIDDEN_FWD: skipped: uses hidden, which the --symbols list lacks" out &&
	grep -q "PLUS_HIDDEN: skipped: uses hidden, which" out &&
	grep -q "plus_exported: skipped: uses hidden" out &&
	printf "#define ENC(v, m) encode_bits(v, m)\n" >enc.h &&
	printf "unsigned ENC(unsigned v, unsigned m);\nunsigned enc_nibble(unsigned v) = ENC(v, 0xf);\n" >e.spec &&
	"$CSHIM" scan trap.h enc.h --spec e.spec >out &&
	grep -q "ENC: skipped: parameter .m. must be a compile-time constant (it decides whether field_multiplier() calls __bad_mask()" out &&
	grep -q "enc_nibble: wrapped" out
'

test_expect_success '--symbols reads nm output and bare names; a missing file is an error' '
	printf "0000000000001139 T exported\n                 U hidden\n" >nm.txt &&
	"$CSHIM" scan link.h --symbols nm.txt >out && grep -q "calls_hidden: skipped" out && grep -q "direct: wrapped" out &&
	printf "exported\nhidden\nhidden_var\n" >names.txt &&
	"$CSHIM" scan link.h --symbols names.txt >out && test "$(grep -c ": wrapped as" out)" = 6 &&
	test_expect_code 1 "$CSHIM" scan link.h --symbols nope.txt 2>err && grep -q "nope.txt: No such file" err
'

test_done
