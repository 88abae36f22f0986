/*
 * demangle.c: Rust and C++ symbol names through libiberty.  Only the two
 * demanglers that allocate with malloc are called: cplus_demangle() itself
 * allocates with libiberty's xmalloc, which in cshim's link resolves to the
 * arena allocator, so its result could not be freed.
 */
#include "demangle.h"

#include <libiberty/demangle.h>

char *demangle_symbol(const char *name)
{
	char *d = rust_demangle(name, 0); /* drops the legacy hash suffix */
	return d ? d : cplus_demangle_v3(name, DMGL_PARAMS | DMGL_ANSI);
}
