/*
 * kobj.h: a small object-lifetime toolkit in the style of the Linux kernel.
 *
 * Almost the whole API is static inline, which is exactly what a Rust caller
 * cannot link against: reference counts (struct kref), intrusive doubly
 * linked lists (struct list_head), error pointers (ERR_PTR and friends),
 * bit operations on unsigned long bitmaps, a by-value span type and a hash.
 * Only kobj_version() and the counting release callback are real symbols
 * (kobj.c).
 *
 * This is the header of cshim's bundled example; it deliberately contains
 * the constructs cshim has to get right: a struct passed and returned by
 * value, an enum parameter, const pointers, a function-pointer parameter,
 * void functions, typedef'd integer types, __always_inline and
 * __must_check attributes, an inline function shadowed by a function-like
 * macro of the same name, and a variadic inline function (which cannot be
 * wrapped and must be skipped).
 */
#ifndef KOBJ_H
#define KOBJ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define __must_check __attribute__((__warn_unused_result__))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---- the two real symbols (kobj.c) ---- */

struct kref;

/* "kobj MAJOR.MINOR" */
const char *kobj_version(void);
/* A release callback for kref_put() that only counts its calls. */
void kobj_count_release(struct kref *kref);
/* How many times kobj_count_release() has been called. */
unsigned long kobj_released(void);

/* ---- container_of, for C users ---- */

/* The structure of type `type` whose member `member` is at `ptr`. */
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* ---- reference counts ---- */

struct kref {
	unsigned int refcount;
};

#define KREF_INIT(n) { .refcount = (n) }

static inline void kref_init(struct kref *kref)
{
	__atomic_store_n(&kref->refcount, 1, __ATOMIC_RELAXED);
}

static inline unsigned int kref_read(const struct kref *kref)
{
	return __atomic_load_n(&kref->refcount, __ATOMIC_RELAXED);
}

static inline void kref_get(struct kref *kref)
{
	__atomic_fetch_add(&kref->refcount, 1, __ATOMIC_RELAXED);
}

/*
 * Drop a reference; the last one calls release(kref) and returns 1,
 * otherwise returns 0.  release may free the object that holds kref.
 */
static inline int kref_put(struct kref *kref, void (*release)(struct kref *kref))
{
	if (__atomic_sub_fetch(&kref->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		release(kref);
		return 1;
	}
	return 0;
}

/* Take a reference unless the count already dropped to zero. */
static inline bool __must_check kref_get_unless_zero(struct kref *kref)
{
	unsigned int old = __atomic_load_n(&kref->refcount, __ATOMIC_RELAXED);
	do {
		if (old == 0)
			return false;
	} while (!__atomic_compare_exchange_n(&kref->refcount, &old, old + 1, true, __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	return true;
}

/* ---- object states: an enum parameter ---- */

enum kobj_state {
	KOBJ_STATE_NEW,
	KOBJ_STATE_LIVE,
	KOBJ_STATE_DYING,
	KOBJ_STATE_DEAD,
};

static inline const char *kobj_state_name(enum kobj_state state)
{
	switch (state) {
	case KOBJ_STATE_NEW:
		return "new";
	case KOBJ_STATE_LIVE:
		return "live";
	case KOBJ_STATE_DYING:
		return "dying";
	case KOBJ_STATE_DEAD:
		return "dead";
	}
	return "?";
}

/* ---- intrusive doubly linked lists ---- */

struct list_head {
	struct list_head *next, *prev;
};

/* What list_del() leaves in a removed entry, so that a use after removal faults. */
#define LIST_POISON1 ((struct list_head *)(uintptr_t)0x100)
#define LIST_POISON2 ((struct list_head *)(uintptr_t)0x122)

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_add(struct list_head *new, struct list_head *prev, struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

/* Insert new right after head (a stack). */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

/* Insert new right before head (a queue). */
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

static inline int list_empty(const struct list_head *head)
{
	return __atomic_load_n(&head->next, __ATOMIC_RELAXED) == head;
}

static inline int list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

static inline int list_is_last(const struct list_head *list, const struct list_head *head)
{
	return list->next == head;
}

/* The entry after pos (head itself at the end of the list). */
static inline struct list_head *list_next(const struct list_head *pos)
{
	return pos->next;
}

static inline size_t list_count(const struct list_head *head)
{
	size_t n = 0;
	for (const struct list_head *pos = head->next; pos != head; pos = pos->next)
		n++;
	return n;
}

#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)
#define list_entry(ptr, type, member) container_of(ptr, type, member)

/* ---- error pointers: errno values encoded in the top page of addresses ---- */

#define MAX_ERRNO 4095

static inline void *__must_check ERR_PTR(long error)
{
	return (void *)error;
}

static inline long __must_check PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool __must_check IS_ERR_VALUE(unsigned long x)
{
	return unlikely(x >= (unsigned long)-MAX_ERRNO);
}

static inline bool __must_check IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool __must_check IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

static inline int __must_check PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

/* ---- bit operations ---- */

#define BITS_PER_LONG (8 * (int)sizeof(long))
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

/* Atomic, like the kernel's: set_bit and clear_bit may race with each other. */
static __always_inline void set_bit(long nr, unsigned long *addr)
{
	__atomic_fetch_or(addr + BIT_WORD(nr), BIT_MASK(nr), __ATOMIC_RELAXED);
}

static __always_inline void clear_bit(long nr, unsigned long *addr)
{
	__atomic_fetch_and(addr + BIT_WORD(nr), ~BIT_MASK(nr), __ATOMIC_RELAXED);
}

static __always_inline bool test_and_set_bit(long nr, unsigned long *addr)
{
	unsigned long old = __atomic_fetch_or(addr + BIT_WORD(nr), BIT_MASK(nr), __ATOMIC_SEQ_CST);
	return (old & BIT_MASK(nr)) != 0;
}

static __always_inline bool test_bit(long nr, const unsigned long *addr)
{
	return 1UL & (addr[BIT_WORD(nr)] >> (nr & (BITS_PER_LONG - 1)));
}

/* Index of the lowest set bit; undefined for 0, as in the kernel. */
static __always_inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

/* Position (1-based) of the highest set bit, 0 for 0: fls(1) == 1, fls(0x80000000) == 32. */
static __always_inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline unsigned int hweight_long(unsigned long w)
{
	return (unsigned int)__builtin_popcountl(w);
}

/*
 * C callers get constant folding for constants; the function itself stays
 * callable, and cshim's helper calls it as (hweight_long)(w).
 */
#define hweight_long(w) (__builtin_constant_p(w) ? (unsigned int)__builtin_popcountl(w) : hweight_long(w))

static inline unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits)
{
	unsigned int w = 0, k;
	for (k = 0; k < nbits / BITS_PER_LONG; k++)
		w += hweight_long(src[k]);
	if (nbits % BITS_PER_LONG)
		w += hweight_long(src[k] & (BIT_MASK(nbits) - 1));
	return w;
}

/* Index of the first set bit, size if none is set. */
static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	for (unsigned long i = 0; i * BITS_PER_LONG < size; i++) {
		if (addr[i]) {
			unsigned long bit = i * BITS_PER_LONG + __ffs(addr[i]);
			return bit < size ? bit : size;
		}
	}
	return size;
}

/* A word with the given bits set: bits_word(3, 0, 4, 9) == 0x211.  Variadic: C only. */
static inline unsigned long bits_word(unsigned int n, ...)
{
	unsigned long w = 0;
	va_list ap;
	va_start(ap, n);
	while (n--)
		w |= 1UL << va_arg(ap, unsigned int);
	va_end(ap);
	return w;
}

/* ---- spans of addresses: a small struct passed and returned by value ---- */

struct kspan {
	unsigned long start, len;
};

static inline struct kspan kspan_make(unsigned long start, unsigned long len)
{
	struct kspan s = {start, len};
	return s;
}

static inline unsigned long kspan_end(struct kspan s)
{
	return s.start + s.len;
}

static inline bool kspan_contains(struct kspan s, unsigned long addr)
{
	return addr - s.start < s.len;
}

/* The overlap of a and b; an empty span at a.start when they do not overlap. */
static inline struct kspan kspan_intersect(struct kspan a, struct kspan b)
{
	unsigned long lo = a.start > b.start ? a.start : b.start;
	unsigned long hi = kspan_end(a) < kspan_end(b) ? kspan_end(a) : kspan_end(b);
	return hi > lo ? kspan_make(lo, hi - lo) : kspan_make(a.start, 0);
}

/* ---- hashing ---- */

#define GOLDEN_RATIO_32 0x61C88647u

/* The top `bits` bits (1..32) of a multiplicative hash of val. */
static inline uint32_t hash_32(uint32_t val, unsigned int bits)
{
	return (uint32_t)(val * GOLDEN_RATIO_32) >> (32 - bits);
}

#endif /* KOBJ_H */
