/*
 * explain.h: what cshim explain's three parts share.  remarks.c turns
 * LLVM's YAML optimization remarks into inline decisions about helpers,
 * bitcode.c reads the helpers' own function attributes from their LLVM
 * bitcode, and explain.c joins the two into a verdict per helper.
 */
#ifndef CSHIM_EXPLAIN_H
#define CSHIM_EXPLAIN_H

#include "util.h"

/* One inline decision of LLVM's inliner about a call of a helper. */
struct decision {
	bool inlined;        /* a !Passed remark */
	const char *name;    /* the remark's Name: Inlined, AlwaysInline, NoDefinition, TooCostly, NeverInline ... */
	const char *callee;  /* the helper's symbol */
	const char *caller;  /* the calling function's symbol (mangled) */
	const char *reason;  /* LLVM's Reason argument, or the remark's own words when it has none */
	const char *cost, *threshold; /* the cost model's numbers, when given */
	const char *loc;     /* the call's DebugLoc as file:line:col, or NULL */
	unsigned input;      /* index of the remarks file that reported it */
};

/* Read every inline remark that names a callee starting with prefix. */
struct remarks {
	struct vec files;     /* char *: the remark files read (directories expanded) */
	struct vec decisions; /* struct decision * */
	size_t documents;     /* remark documents seen, of any pass */
};
int remarks_read(struct remarks *r, const char *const *paths, size_t n, const char *prefix);

/* A helper's function attributes, as clang put them in its bitcode. */
struct fnattrs {
	bool optnone, noinline, alwaysinline, null_pointer_is_valid, no_builtins;
	struct vec no_builtin;  /* char *: the X of each "no-builtin-X" */
	struct vec sanitizers;  /* char *: address, thread, memory, hwaddress, memtag */
	struct vec extra_features; /* char *: "+f" for each target feature beyond x86-64's baseline */
};

/* What the --bitcode files say about the helpers. */
struct bitcode {
	struct vec defined;      /* struct bitcode_fn *: helpers defined in the bitcode */
	struct vec not_bitcode;  /* char *: inputs (or archive members) that are machine code */
	size_t files;            /* how many --bitcode files were given */
};
struct bitcode_fn {
	const char *name;
	struct fnattrs attrs;
};
int bitcode_read(struct bitcode *bc, const char *path, const char *prefix);
const struct fnattrs *bitcode_lookup(const struct bitcode *bc, const char *name);

#endif
