/*
 * types.h: C types as libclang sees them → C declarator text and Rust types.
 * Used by parse.c only; the emitters see the resulting strings in the
 * inventory.
 */
#ifndef CSHIM_TYPES_H
#define CSHIM_TYPES_H

#include <clang-c/Index.h>

#include "cshim.h"

/* CXString → arena string. */
char *cx_str(CXString s);

/*
 * The C declaration of `inner` (a name, or a partial declarator) with type t,
 * spelled from the header's own type names: c_decl(int (*)(int), "cb") is
 * "int (*cb)(int)".  NULL with *reason set when the type cannot be named
 * outside its header (anonymous struct, union or enum).
 */
char *c_decl(CXType t, const char *inner, char **reason);

/* The registry of Rust types that declarations name. */
struct rtypes;
struct rtypes *rtypes_new(void);

/*
 * The Rust type of a parameter or return value of C type t (arrays and
 * functions as parameters decay to pointers).  Every Rust type the result
 * names is appended to deps.  NULL with *reason set when t has no faithful
 * Rust equivalent.
 */
char *rust_param_type(struct rtypes *rt, CXType t, struct vec *deps, char **reason);

/* What kind of value t is, for tools reading the JSON: "signed", "unsigned", ... */
const char *type_class(CXType t);

/* Rust spelling of a C identifier: keywords become raw identifiers. */
char *rust_ident(const char *name);
/* Why name cannot be a Rust item's name ('$', non-ASCII letters), or NULL if it can. */
char *not_rust_ident(const char *name);

/* Move the types reachable from the wrapped items into inv->rtypes, sorted. */
void rtypes_collect(struct rtypes *rt, struct inventory *inv);

#endif
