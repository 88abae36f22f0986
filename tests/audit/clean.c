// Helpers without a defect: cshim audit finds nothing here.

#include <kobj.h>

__rust_helper void rust_helper_node_init(struct node *n)
{
	node_init(n);
}

__rust_helper bool rust_helper_node_empty(const struct node *n)
{
	return node_empty(n);
}

__rust_helper int rust_helper_REF_MAX(int a, int b)
{
	return REF_MAX(a, b);
}

// __rust_helper need not come first
int __rust_helper rust_helper_ref_read(const struct ref *r)
{
	return ref_read(r);
}

/* Local to the file: not exported, not a helper. */
static inline void unused_local(void)
{
}
