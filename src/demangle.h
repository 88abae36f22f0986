/*
 * demangle.h: readable names for Rust and C++ symbols in cshim check's
 * report.  Kept apart from util.h because libiberty's headers declare their
 * own xmalloc family, which would clash with cshim's arena.
 */
#ifndef CSHIM_DEMANGLE_H
#define CSHIM_DEMANGLE_H

/* name demangled (Rust legacy or v0, else C++), malloc'ed; NULL if not mangled. */
char *demangle_symbol(const char *name);

#endif
