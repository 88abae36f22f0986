/*
 * parse.h: what parse.c (headers, inline functions) and macros.c (macros,
 * constants, spec files) share while they build the inventory.  Private to
 * those two stages; everything else sees only the inventory.
 */
#ifndef CSHIM_PARSE_H
#define CSHIM_PARSE_H

#include "types.h"

#define MAIN_FILE "cshim-inputs.c"
#define PROBE_FILE "cshim-probe.c"

struct named_cursor {
	char *name;
	CXCursor c;
};

struct parse {
	const struct options *o;
	struct inventory *inv;
	CXTranslationUnit tu;
	struct vec direct;     /* CXFile: files the synthetic main file includes */
	struct strset macros;  /* names of every macro defined (parameter names avoid them) */
	struct strset externs; /* names with an extern declaration: they have a symbol (C: one entity per name) */
	struct strset seen;    /* names of items already taken */
	struct strset inlines; /* names of all inline functions in the TU, selected or not */
	struct rtypes *rt;
	struct vec funcs;      /* struct named_cursor *: every function declaration, for macro inference */
	bool funcs_sorted;
	struct vec macro_defs; /* CXCursor *: macro definitions in selected files */
	CXTranslationUnit probe; /* macros.c's probe translation unit, if any */
	struct vec inline_defs; /* CXCursor *: every inline or static function definition */
	struct vec cfns;        /* bodies.c: struct cfn *, sorted by name */
	struct strset error_fns, plain_fns; /* bodies.c: callees with/without the error attribute */
	struct strset symbols;  /* --symbols: what helpers may link against */
};

bool matches(const struct vec *res, const char *s);
const char *file_name(CXFile f);
void print_diagnostic(CXDiagnostic d);
/* Is the file of c selected (the named headers, or --allowlist-file)? */
bool selected_file(struct parse *p, CXCursor c);
/* Does name pass an allowlist (empty: all) and a blocklist? */
bool selected_name(const struct vec *allow, const struct vec *block, const char *name);
bool param_name_ok(struct parse *p, const char *fn, const char *name, struct param *prev, size_t nprev);
/* Parameters, helper declarator, Rust types and the call expression of it->name. */
bool build_signature(struct parse *p, CXCursor c, struct item *it);

/* Parse src as file name with the user's clang arguments (errors are not reported here). */
int parse_source(struct parse *p, CXIndex ix, const char *name, const char *src, unsigned flags, CXTranslationUnit *tu);

/* bodies.c: read the bodies of inline_defs (and --symbols first); then the
 * reason an inline function, or the helper a probe defines at cursor c,
 * cannot be a generic helper (a parameter must be a compile-time constant;
 * it uses a symbol --symbols lacks), or NULL. */
int bodies_read_symbols(struct parse *p);
void bodies_analyse(struct parse *p, const struct vec *defs);
char *bodies_reason(struct parse *p, const char *name);
char *bodies_reason_at(struct parse *p, CXCursor c);

/* macros.c: function-like macros, constants and spec lines → items (-1: spec error). */
int macros_collect(struct parse *p, CXIndex ix, const char *inputs_src);
void macros_dispose(struct parse *p);
/* The lines of one spec file's text (modified in place) → probe text in src and
 * struct probe * in probes; returns how many lines were wrong (each reported). */
int spec_lines(struct parse *p, const char *file, char *text, struct buf *src, struct vec *probes);

#endif
