/*
 * direct.c: calls kobj.h's inline functions directly, the way a C user does,
 * and prints one line per result.  main.rs makes the same calls through
 * cshim's helpers and prints the same lines; the Makefile diffs the two.
 */
#include <stdio.h>
#include <string.h>

#include "kobj.h"

/* An object with an embedded reference count and list node. */
struct obj {
	unsigned int id;
	struct kref ref;
	struct list_head node;
};

static unsigned int released_id;

static void obj_release(struct kref *kref)
{
	released_id = container_of(kref, struct obj, ref)->id;
}

static void print_list(const char *what, const struct list_head *head)
{
	printf("%s", what);
	for (const struct list_head *pos = list_next(head); pos != head; pos = list_next(pos))
		printf(" %u", container_of(pos, struct obj, node)->id);
	printf("\n");
}

static void section_kref(void)
{
	struct kref k;
	kref_init(&k);
	printf("kref_init kref_read %u\n", kref_read(&k));
	kref_get(&k);
	kref_get(&k);
	printf("kref_get x2 kref_read %u\n", kref_read(&k));
	printf("kref_put %d\n", kref_put(&k, kobj_count_release));
	printf("kref_get_unless_zero %d\n", (int)kref_get_unless_zero(&k));
	printf("kref_read %u\n", kref_read(&k));
	for (int i = 0; i < 3; i++) {
		int freed = kref_put(&k, kobj_count_release);
		printf("kref_put %d kref_read %u\n", freed, kref_read(&k));
	}
	printf("kobj_released %lu\n", kobj_released());
	printf("kref_get_unless_zero %d\n", (int)kref_get_unless_zero(&k));

	struct obj o = {.id = 7};
	kref_init(&o.ref);
	int freed = kref_put(&o.ref, obj_release);
	printf("obj kref_put %d released_id %u\n", freed, released_id);
}

static void section_state(void)
{
	for (int s = KOBJ_STATE_NEW; s <= KOBJ_STATE_DEAD + 1; s++)
		printf("kobj_state_name(%d) %s\n", s, kobj_state_name((enum kobj_state)s));
}

static void section_list(void)
{
	struct list_head head;
	struct obj o10 = {.id = 10}, o20 = {.id = 20}, o30 = {.id = 30}, o40 = {.id = 40};

	INIT_LIST_HEAD(&head);
	printf("list_empty %d list_count %zu\n", list_empty(&head), list_count(&head));
	list_add_tail(&o20.node, &head);
	printf("list_is_singular %d\n", list_is_singular(&head));
	list_add_tail(&o30.node, &head);
	list_add(&o10.node, &head);
	print_list("list", &head);
	printf("list_empty %d list_count %zu list_is_singular %d\n", list_empty(&head), list_count(&head),
	       list_is_singular(&head));
	printf("list_is_last %d %d %d\n", list_is_last(&o10.node, &head), list_is_last(&o20.node, &head),
	       list_is_last(&o30.node, &head));
	__list_add(&o40.node, &o10.node, &o20.node);
	print_list("__list_add", &head);
	list_del(&o20.node);
	print_list("list_del 20", &head);
	printf("list_count %zu\n", list_count(&head));
	list_del(&o10.node);
	list_del(&o40.node);
	printf("list_is_singular %d list_is_last %d\n", list_is_singular(&head), list_is_last(&o30.node, &head));
	list_del(&o30.node);
	printf("list_empty %d list_count %zu\n", list_empty(&head), list_count(&head));
}

static void section_err(void)
{
	int x = 0;
	void *e = ERR_PTR(-12);

	printf("ERR_PTR(-12) %#lx\n", (unsigned long)e);
	printf("IS_ERR(ERR_PTR(-12)) %d\n", (int)IS_ERR(e));
	printf("PTR_ERR %ld\n", PTR_ERR(e));
	printf("IS_ERR(&x) %d\n", (int)IS_ERR(&x));
	printf("IS_ERR(NULL) %d\n", (int)IS_ERR(NULL));
	printf("IS_ERR_OR_NULL(NULL) %d\n", (int)IS_ERR_OR_NULL(NULL));
	printf("IS_ERR_OR_NULL(&x) %d\n", (int)IS_ERR_OR_NULL(&x));
	printf("IS_ERR_OR_NULL(ERR_PTR(-MAX_ERRNO)) %d\n", (int)IS_ERR_OR_NULL(ERR_PTR(-MAX_ERRNO)));
	printf("IS_ERR(ERR_PTR(-MAX_ERRNO - 1)) %d\n", (int)IS_ERR(ERR_PTR(-MAX_ERRNO - 1)));
	printf("IS_ERR_VALUE(-1) %d\n", (int)IS_ERR_VALUE((unsigned long)-1));
	printf("IS_ERR_VALUE(4096) %d\n", (int)IS_ERR_VALUE(4096));
	printf("PTR_ERR_OR_ZERO(ERR_PTR(-22)) %d\n", PTR_ERR_OR_ZERO(ERR_PTR(-22)));
	printf("PTR_ERR_OR_ZERO(&x) %d\n", PTR_ERR_OR_ZERO(&x));
}

static void section_bits(void)
{
	DECLARE_BITMAP(map, 200);
	unsigned long empty[2] = {0, 0};
	static const long bits[] = {0, 5, 64, 130, 199};

	memset(map, 0, sizeof map);
	for (size_t i = 0; i < sizeof bits / sizeof *bits; i++)
		set_bit(bits[i], map);
	printf("map %#lx %#lx %#lx %#lx\n", map[0], map[1], map[2], map[3]);
	printf("test_bit 5 %d 6 %d 130 %d 131 %d\n", (int)test_bit(5, map), (int)test_bit(6, map),
	       (int)test_bit(130, map), (int)test_bit(131, map));
	printf("bitmap_weight 200 %u 131 %u 130 %u\n", bitmap_weight(map, 200), bitmap_weight(map, 131),
	       bitmap_weight(map, 130));
	clear_bit(5, map);
	printf("clear_bit 5 test_bit %d bitmap_weight %u\n", (int)test_bit(5, map), bitmap_weight(map, 200));
	printf("test_and_set_bit 6 %d\n", (int)test_and_set_bit(6, map));
	printf("test_and_set_bit 6 %d\n", (int)test_and_set_bit(6, map));
	printf("find_first_bit %lu\n", find_first_bit(map, 200));
	clear_bit(0, map);
	clear_bit(6, map);
	printf("find_first_bit %lu\n", find_first_bit(map, 200));
	printf("find_first_bit 63 %lu\n", find_first_bit(map, 63));
	printf("find_first_bit empty %lu\n", find_first_bit(empty, 100));
	printf("__ffs(0x80) %lu\n", __ffs(0x80));
	printf("__ffs(1UL << 40) %lu\n", __ffs(1UL << 40));
	printf("fls(0) %d fls(1) %d fls(0x80) %d fls(0x80000000) %d\n", fls(0), fls(1), fls(0x80), fls(0x80000000));
	/* A constant argument goes through the macro's constant-folding branch. */
	printf("hweight_long(0xff00ff) %u\n", hweight_long(0xff00ff));
	printf("hweight_long(map[2]) %u\n", hweight_long(map[2]));
	printf("hweight_long(~0) %u\n", hweight_long(~0UL));
	/* Function-like macros, typed by kobj.spec on the Rust side. */
	printf("BIT_MASK(70) %#lx BIT_WORD(70) %ld BITS_TO_LONGS(200) %ld\n", BIT_MASK(70L), (long)BIT_WORD(70L),
	       (long)BITS_TO_LONGS(200L));
	printf("BITS_PER_LONG %d GOLDEN_RATIO_32 %#x\n", BITS_PER_LONG, GOLDEN_RATIO_32);
}

static void section_kspan(void)
{
	struct kspan s = kspan_make(10, 5);
	struct kspan t;

	printf("kspan_make %lu %lu\n", s.start, s.len);
	printf("kspan_end %lu\n", kspan_end(s));
	printf("kspan_contains 9 %d 10 %d 14 %d 15 %d\n", (int)kspan_contains(s, 9), (int)kspan_contains(s, 10),
	       (int)kspan_contains(s, 14), (int)kspan_contains(s, 15));
	t = kspan_intersect(s, (struct kspan){.start = 12, .len = 10});
	printf("kspan_intersect %lu %lu\n", t.start, t.len);
	t = kspan_intersect(s, kspan_make(20, 1));
	printf("kspan_intersect %lu %lu\n", t.start, t.len);
}

static void section_hash(void)
{
	printf("hash_32(0, 8) %u\n", (unsigned)hash_32(0, 8));
	printf("hash_32(1, 8) %u\n", (unsigned)hash_32(1, 8));
	printf("hash_32(0xdeadbeef, 16) %u\n", (unsigned)hash_32(0xdeadbeef, 16));
	printf("hash_32(12345, 32) %u\n", (unsigned)hash_32(12345, 32));
}

/* The same work as main.rs's hot_loop(): ten million kref and bit operations. */
static void hot_loop(void)
{
	unsigned long map[1024 / (8 * sizeof(unsigned long))] = {0};
	struct obj o = {.id = 99};
	unsigned long hits = 0, puts = 0;

	for (uint32_t i = 0; i < 1024; i++)
		if (hash_32(i, 4) < 5)
			set_bit((long)i, map);
	kref_init(&o.ref);
	for (uint32_t i = 0; i < 10000000; i++) {
		kref_get(&o.ref);
		hits += test_bit((long)(i & 1023), map);
		puts += (unsigned long)kref_put(&o.ref, obj_release);
	}
	printf("hot_loop kref_read %u hits %lu releases %lu weight %u\n", kref_read(&o.ref), hits, puts,
	       bitmap_weight(map, 1024));
}

int main(void)
{
	printf("kobj_version %s\n", kobj_version());
	section_kref();
	section_state();
	section_list();
	section_err();
	section_bits();
	section_kspan();
	section_hash();
	hot_loop();
	return 0;
}
