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

/* The probe lines the writer (overlap.c) hands to the main parse. */
struct probes {
	struct buf src; /* the text clang parses after the headers */
	unsigned pieces; /* the writer sends src in this many pieces (0 or 1: whole) */
	void (*send)(void *ctx, const char *text, size_t len); /* a piece is ready */
	void *send_ctx;
	size_t sent;    /* how much of src went out */
	struct vec v;   /* struct probe *: spec lines first (nspec), then one per line */
	size_t nspec;
	int errors;     /* spec lines rejected before clang saw them */
	struct buf messages; /* the writer's error messages: printed once the headers are known good */
};

struct named_cursor {
	char *name;
	CXCursor c;
};

enum file_kind { FILE_OTHER, FILE_PROBE, FILE_MAIN };

struct parse {
	const struct options *o;
	struct inventory *inv;
	CXTranslationUnit tu;
	bool writer;           /* the probe writer's parse: no bodies; macros and declarations only */
	struct vec probe_files; /* the main parse: CXFile, where the probe lines are */
	CXFile kind_of;        /* file_kind's last question, and its answer */
	enum file_kind kind;
	CXFile main_file;      /* the main parse: the synthetic file, */
	unsigned main_lines;   /* whose lines after these are the probe lines' #includes */
	struct vec direct;     /* CXFile: files the synthetic main file includes */
	CXFile last_file;      /* selected_file's last question, and its answer */
	bool last_selected;
	struct strset macros;  /* names of every macro defined (parameter names avoid them) */
	struct strset externs; /* names with an extern declaration: they have a symbol (C: one entity per name) */
	struct strset seen;    /* names of items already taken */
	struct strset inlines; /* writer: names of all static or inline functions, selected or not */
	struct rtypes *rt;
	struct vec funcs;      /* writer: struct named_cursor *, every function declaration, for macro inference */
	bool funcs_sorted;
	struct vec macro_defs; /* writer: CXCursor *, macro definitions in selected files */
	struct strset last_def; /* writer: macro name → CXCursor *, its last definition in the TU (any file) */
	struct vec files;       /* writer: CXFile, every file the TU includes */
	struct vec inline_defs; /* CXCursor *: every inline or static function definition */
	struct vec cfns;        /* bodies.c: struct cfn *, sorted by name */
	struct strset error_fns, plain_fns; /* bodies.c: callees with/without the error attribute */
	struct strset symbols;  /* --symbols: what helpers may link against */
	struct strset prepared; /* "name@file:line:col" → struct item *: the writer's parse_prepare */
};

bool matches(const struct vec *res, const char *s);
const char *file_name(CXFile f);
void print_diagnostic(CXDiagnostic d);
/* The diagnostics of p->tu (the TU owns them), n set to their count. */
CXDiagnosticSet tu_diagnostics(struct parse *p, unsigned *n);
/* Is the file of c selected (the named headers, or --allowlist-file)? */
bool selected_file(struct parse *p, CXCursor c);
/* Does name pass an allowlist (empty: all) and a blocklist? */
bool selected_name(const struct vec *allow, const struct vec *block, const char *name);
bool param_name_ok(struct parse *p, const char *fn, const char *name, struct param *prev, size_t nprev);
/* Parameters, helper declarator, Rust types and the call expression of it->name. */
bool build_signature(struct parse *p, CXCursor c, struct item *it);

/* The clang arguments of a parse: the user's, behind cshim's own; n set to their count. */
const char **parse_args(const struct options *o, bool writer, int *n);
/* Parse unsaved[0] (then the others if included), errors not reported here. */
int parse_unsaved(CXIndex ix, const char **args, int n, struct CXUnsavedFile *unsaved, unsigned nunsaved,
		  unsigned flags, CXTranslationUnit *tu);
/* Inclusions, macros and function declarations of p->tu, gathered before items are built. */
void parse_gather(struct parse *p);
/* Writer: the items of the static and inline functions declared in selected files (p->prepared). */
void parse_prepare(struct parse *p);
/* Is the (expansion) location in the probe lines of the main parse? */
bool in_probe_file(struct parse *p, CXSourceLocation loc);

/* overlap.c: the main parse of src (p->tu, with bodies) with the probe lines
 * a writer thread produces from its own parse without bodies, at the same
 * time; writer_items gets the writer's macro items. */
int parse_overlapped(struct parse *p, CXIndex ix, const char *src, struct probes *ps, struct vec *writer_items);

/* bodies.c: read the bodies of inline_defs (and --symbols first); then the
 * reason an inline function, or the helper a probe defines at cursor c,
 * cannot be a generic helper (a parameter must be a compile-time constant;
 * it uses a symbol --symbols lacks), or NULL. */
int bodies_read_symbols(struct parse *p);
void bodies_analyse(struct parse *p, const struct vec *defs);
char *bodies_reason(struct parse *p, const char *name);
char *bodies_reason_at(struct parse *p, CXCursor c);

/* macros.c: function-like macros, constants and spec lines → probe lines and
 * items, on the writer's parse; then on the main parse the items that survive
 * and what clang made of each probe (-1: spec error). */
void macros_probes(struct parse *p, struct probes *ps);
int macros_take(struct parse *p, struct probes *ps, struct vec *items);
/* The lines of one spec file's text (modified in place) → probe text in src and
 * struct probe * in probes; returns how many lines were wrong (each reported). */
int spec_lines(struct parse *p, const char *file, char *text, struct buf *src, struct vec *probes);

#endif
