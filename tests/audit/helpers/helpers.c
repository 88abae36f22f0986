// The root of the helper tree, as in the kernel: one translation unit
// that includes every subsystem's helper file.

#ifdef __BINDGEN__
#define __rust_helper
#else
#define __rust_helper __attribute__((__always_inline__)) __inline__
#endif

#include "err.c"
#include "node.c"
#include "ref.c"
