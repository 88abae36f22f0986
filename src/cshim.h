/*
 * cshim.h: the inventory, the one data structure the stages of cshim share,
 * and the entry point of each stage.
 *
 * Data flows one way: options → parse.c (libclang translation unit →
 * inventory, with types.c translating C types) → emitters (emit_c.c,
 * emit_rust.c, emit_json.c) that turn the inventory into output text.
 * The checkers (check.c) and the toolchain probes (toolchain.c) read build
 * outputs and the machine, never the inventory.  Every string in the
 * inventory is arena memory owned by the run.
 */
#ifndef CSHIM_H
#define CSHIM_H

#include "util.h"

#define CSHIM_VERSION "0.1.0"
#define DEFAULT_PREFIX "rust_helper_"
#define DEFAULT_CONST_PREFIX "rust_const_helper_"

/* ---- options.c: the command line shared by gen and scan ---- */

struct options {
	struct vec headers;    /* char *: as given; "<x.h>" means the include path */
	struct vec clang_args; /* char *: after "--" */
	const char *out_c, *out_h, *out_rust, *out_json, *depfile;
	const char *prefix, *const_prefix;
	struct vec allow_fn, block_fn, allow_file; /* regex_t * */
	struct vec allow_var, block_var;           /* regex_t *: constants */
	struct vec specs;                          /* char *: --spec files */
	struct vec build_flags;                    /* char *: 'p' NAME (--pkg-config), 'c' FILE[:SOURCE] (--compile-commands) */
	struct vec symbols;                        /* char *: --symbols files */
	bool json;                                 /* scan --json */
	char *cmdline;                             /* the command, for headers of generated files */
};
int options_parse(struct options *o, int argc, char **argv, bool gen);

/* ---- buildflags.c: clang arguments from pkg-config and compile_commands.json ---- */
int pkg_config_flags(const char *name, struct vec *args);
int compile_commands_flags(const char *spec, struct vec *args); /* FILE[:SOURCE] */

/* ---- inventory ---- */

enum item_kind {
	KIND_INLINE_FN, /* static / static inline / C99 inline definition */
	KIND_MACRO_FN,  /* function-like macro (or a spec's own helper) */
	KIND_CONST,     /* object-like macro that is a constant */
};

enum item_status {
	ST_WRAPPED,   /* a helper, or for a constant: emitted */
	ST_SKIPPED,   /* with the reason */
	ST_NEEDS_SIG, /* a function-like macro without a spec line: reason holds a suggestion */
};

struct param {
	char *name;      /* the name used in the helper (C and Rust) */
	char *c_decl;    /* full C declaration, e.g. "int (*cb)(int, void *)" */
	char *c_type;    /* its type alone, e.g. "int (*)(int, void *)" */
	char *rust_name; /* escaped for Rust, e.g. "r#type" */
	char *rust_type;
	bool by_ref;     /* an aggregate by value: the helper takes a pointer to const */
	const char *cls; /* "signed", "unsigned", "bool", "float", "pointer", "aggregate" or "other" */
};

struct item {
	enum item_kind kind;
	char *name;
	const char *file; /* header path as outputs show it (path_display) */
	unsigned line, col;
	char *c_signature; /* the header's own declaration, for reports */
	enum item_status status;
	char *reason;      /* why skipped (NULL when wrapped) */
	char *helper;      /* the helper's symbol, prefix + name */
	char *helper_decl; /* its C declarator, e.g. "int (*rust_helper_f(int x))(int)" */
	bool returns_void;
	char *ret_out;     /* an aggregate returned by value: the helper's out-pointer parameter */
	char *call;        /* the helper's body expression: "(f)(a, *s)", "M(a)" or a spec's own */
	char *discard;     /* "(void)x; " per parameter a macro drops (or NULL): -Wextra clean */
	char *spec;        /* the spec line that gave the signature ("file:line"), if any */
	/* KIND_CONST: a Rust const (rust_ret + const_value), or a C symbol (const_symbol) */
	char *const_value;  /* Rust literal */
	char *const_symbol; /* exported C constant, e.g. rust_const_helper_SIG_IGN */
	struct param *params;
	size_t nparams;
	char *rust_name; /* the name Rust code calls, escaped if a keyword */
	char *rust_ret;  /* NULL for void */
	const char *ret_cls; /* as param.cls, "void" for void */
	struct vec rdeps; /* struct rtype *: Rust types the declaration names */
};

/* A wrapped function or macro: it has a helper. */
static inline bool has_helper(const struct item *it)
{
	return it->status == ST_WRAPPED && it->kind != KIND_CONST;
}

/* A constant: a Rust const, or an exported C constant (const_symbol). */
static inline bool is_constant(const struct item *it)
{
	return it->status == ST_WRAPPED && it->kind == KIND_CONST;
}

/* A Rust type the declarations need: opaque, a full aggregate, or an alias. */
enum rtype_kind { RT_OPAQUE, RT_STRUCT, RT_UNION, RT_ALIAS };

struct rfield {
	char *name, *type;
};

struct rtype {
	enum rtype_kind kind;
	char *name;   /* Rust name (escaped) */
	char *c_name; /* C spelling, e.g. "struct list_head", for comments */
	char *alias;  /* RT_ALIAS: the aliased Rust type */
	struct vec fields; /* struct rfield * */
	long long size, align; /* aggregates: layout asserted in Rust */
	bool over_aligned;     /* needs #[repr(C, align(N))] */
	struct vec deps;       /* struct rtype *: the types its definition names */
	struct vec consts;     /* struct rconst *: an enum's enumerators */
	int full;              /* aggregates: 0 not tried, 1 laid out, -1 cannot be */
	char *why_not_full;
	bool reachable;        /* named by a wrapped function's declaration */
};

struct rconst {
	char *name, *value; /* an enumerator: `pub const name: <enum> = value;` */
};

struct inventory {
	struct vec items;    /* struct item *, sorted by name */
	struct vec rtypes;   /* struct rtype *: those wrapped items need, sorted by name */
	struct vec includes; /* char *: #include lines' operands for the inputs */
	struct vec deps;     /* char *: every file the parse read, sorted */
	char *clang_version;
};

/* ---- parse.c: headers → inventory ---- */
int parse_headers(const struct options *o, struct inventory *inv);

/* ---- emitters: inventory → text ---- */
void emit_helpers_c(const struct options *o, const struct inventory *inv, const char *out_path, struct buf *b);
void emit_prototypes_h(const struct options *o, const struct inventory *inv, const char *out_path, struct buf *b);
void emit_rust(const struct options *o, const struct inventory *inv, struct buf *b);
char *rust_fn_signature(const struct item *it); /* "pub fn f(x: T) -> R" */
void emit_json(const struct options *o, const struct inventory *inv, struct buf *b);
void emit_scan_report(const struct inventory *inv, struct buf *b);
void emit_depfile(const struct options *o, const struct inventory *inv, struct buf *b);

/* ---- commands ---- */
int cmd_gen(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_check(int argc, char **argv);
const char *demangled(const char *name); /* check.c: a Rust or C++ symbol's readable name (arena) */
int cmd_flags(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_audit(int argc, char **argv);

/* ---- toolchain.c: shell helpers shared with bitcode.c ---- */
char *shq(const char *s);        /* a word quoted for /bin/sh */
bool in_path(const char *name); /* an executable in PATH, or at that path */

#endif
