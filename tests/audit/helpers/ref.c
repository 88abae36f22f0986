// Helpers for struct ref.  Every helper but the first has one defect,
// named in the comment above it.

#include <kobj.h>

__rust_helper void rust_helper_ref_get(struct ref *r)
{
	ref_get(r);
}

// annotation: not __rust_helper
int rust_helper_ref_read(const struct ref *r)
{
	return ref_read(r);
}

// extern-callee: ref_dump has a symbol of its own
__rust_helper int rust_helper_ref_dump(const struct ref *r)
{
	return ref_dump(r);
}

// signature: the parameter gained a const the API does not have
__rust_helper bool rust_helper_ref_put(const struct ref *r)
{
	return ref_put((struct ref *)r);
}

// signature: unsigned long narrowed to unsigned int, result to unsigned short
__rust_helper unsigned short rust_helper_ref_bias(unsigned long x)
{
	return ref_bias(x);
}

// missing-callee: ref_old was removed from the API
__rust_helper int rust_helper_ref_old(struct ref *r)
{
	return ref_old(r);
}

// logic: two calls
__rust_helper int rust_helper_ref_get_read(struct ref *r)
{
	ref_get(r);
	return ref_read(r);
}
