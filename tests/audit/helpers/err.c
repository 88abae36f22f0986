// Helpers for error codes.

#include <kobj.h>

__rust_helper long rust_helper_err_code(const void *p)
{
	return err_code(p);
}

// duplicate: ref.c defines it too
__rust_helper int rust_helper_ref_read(const struct ref *r)
{
	return ref_read(r);
}

// duplicate (warning) and naming: err_code is wrapped above already
__rust_helper long rust_helper_err_value(const void *p)
{
	return err_code(p);
}
