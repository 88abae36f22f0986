// Helpers for struct node.

#include <kobj.h>

__rust_helper void rust_helper_node_init(struct node *n)
{
	node_init(n);
}

// naming: wraps node_empty under another name
__rust_helper bool rust_helper_node_is_empty(const struct node *n)
{
	return node_empty(n);
}

// logic: a check in the glue layer
__rust_helper bool rust_helper_node_empty(const struct node *n)
{
	if (!n)
		return true;
	return node_empty(n);
}

// signature: the arguments are swapped
__rust_helper void rust_helper_node_add(struct node *head, struct node *n)
{
	node_add(n, head);
}

// a function-like macro: a helper is the only way to reach it
__rust_helper int rust_helper_REF_MAX(int a, int b)
{
	return REF_MAX(a, b);
}

// naming: an exported function without the prefix
void node_debug(struct node *n)
{
	node_init(n);
}
