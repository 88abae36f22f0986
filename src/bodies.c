/*
 * bodies.c: what the body of an inline function asks of its helper, read
 * from libclang cursors: parameters that must be compile-time constants, and
 * the symbols the helper will link against.
 *
 * Constants.  A function whose parameter must be a compile-time constant
 * cannot become a generic helper: inside the helper the argument is a
 * parameter, and the build fails (gcc: "call to '__bad_mask' declared with
 * attribute error", "impossible constraint in 'asm'") although the headers
 * parse cleanly.  The Linux kernel has many: u32_encode_bits() (its mask
 * reaches __bad_mask), static_key_false() (its key is an "i" operand of asm
 * goto), BUILD_BUG_ON(!__builtin_constant_p(x)).
 *
 * Every inline definition of the translation unit is read once.  A parameter
 * must be constant when it appears
 *   - in the innermost condition that decides whether a function with the
 *     error (or warning) attribute is called: BUILD_BUG_ON, compiletime_assert,
 *     __bad_mask-style checks;
 *   - in an inline-asm input whose constraint accepts only immediates ("i",
 *     "n", x86's "e", "I".."P", ...);
 *   - in an argument passed to such a parameter of another inline function
 *     (propagated to a fixed point, so static_key_false inherits it from
 *     arch_static_branch).
 * Conditions are evaluated as the helper sees them (eval()): there every
 * parameter is a run-time value, so __builtin_constant_p of one is 0, and a
 * branch or switch case the compiler removes for it is not looked at: the
 * constant-only paths of kmalloc() and copy_from_user(), what follows
 * `if (!__builtin_constant_p(x)) return ...;`, percpu's switch on sizeof.
 * A spec line with its own body can still call such a function with a
 * constant; its helper is judged the same way (bodies_reason_at).
 *
 * Symbols.  With --symbols (a list of the symbols the program may link
 * against: the kernel's Module.symvers, or nm output of a library), a
 * function is skipped when it uses a function or variable with external
 * linkage that the list lacks, itself or through the inline functions it
 * calls, in code the compiler keeps (a branch that folds to false, such as
 * `if (IS_ENABLED(CONFIG_X))` with X off, is not kept): the helper would
 * compile and then fail to link, or, in a kernel module, fail modpost with
 * "undefined!" because the symbol is not exported or its Kconfig option is
 * off.  Builtins and error-attribute functions are never symbols.
 */
#include "parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long pmask; /* bit i: parameter i (the first 64) */

struct edge {
	char *callee;
	unsigned arg;
	pmask from; /* the caller's parameters the argument refers to */
};

struct cfn {
	char *name;
	CXCursor def; /* its definition */
	CXCursor *params;
	unsigned nparams;
	pmask required;
	char *cause; /* why the first required parameter must be constant */
	struct vec edges; /* struct edge * */
	struct vec uses;  /* char *: functions it names, and variables with external linkage */
	char *unlinked;   /* a symbol it needs that --symbols lacks, or NULL */
	bool linked_done;
};

struct walk {
	struct parse *p;
	struct cfn *f;
	pmask cond;   /* parameters in the innermost condition that leads here */
};

static void walk(CXCursor c, struct walk w);
static bool walk_node(CXCursor c, struct walk *w);

/* Under one walk state: a node whose children need a state of their own
 * (blocks, branches) is walked apart; any other is looked at here and its
 * children by the same traversal (one clang_visitChildren for the subtree,
 * not one per node: each call costs libclang a visitor of its own). */
static enum CXChildVisitResult walk_child(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct walk *w = data;
	if (walk_node(c, w))
		return CXChildVisit_Recurse;
	walk(c, *w);
	return CXChildVisit_Continue;
}

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct vec *v = data;
	CXCursor *k = xmalloc(sizeof *k);
	*k = c;
	vec_push(v, k);
	return CXChildVisit_Continue;
}

static struct vec children(CXCursor c)
{
	struct vec v = {0};
	clang_visitChildren(c, collect, &v);
	return v;
}

static pmask param_refs(struct cfn *f, CXCursor e);

struct refs {
	struct cfn *f;
	pmask m;
};

static enum CXChildVisitResult refs_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct refs *r = data;
	if (clang_getCursorKind(c) == CXCursor_UnaryExpr)
		return CXChildVisit_Continue; /* sizeof, _Alignof: not evaluated */
	if (clang_getCursorKind(c) == CXCursor_CStyleCastExpr) { /* (typeof(x))y: only y is evaluated */
		struct vec kids = children(c);
		if (kids.len)
			r->m |= param_refs(r->f, *(CXCursor *)kids.v[kids.len - 1]);
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		CXCursor d = clang_getCursorReferenced(c);
		for (unsigned i = 0; i < r->f->nparams && i < 64; i++)
			if (clang_equalCursors(d, r->f->params[i]))
				r->m |= 1ULL << i;
	}
	return CXChildVisit_Recurse;
}

/* The parameters of f an expression refers to. */
static pmask param_refs(struct cfn *f, CXCursor e)
{
	struct refs r = {f, 0};
	if (!f->nparams)
		return 0;
	if (refs_visit(e, e, &r) == CXChildVisit_Recurse)
		clang_visitChildren(e, refs_visit, &r);
	return r.m;
}

/* The function a call names (its declaration in *d), or NULL: a call through a pointer. */
static char *callee_name(CXCursor call, CXCursor *d)
{
	*d = clang_getCursorReferenced(call);
	return clang_getCursorKind(*d) == CXCursor_FunctionDecl ? cx_str(clang_getCursorSpelling(*d)) : NULL;
}

static void require(struct cfn *f, pmask m, char *cause)
{
	if (!m || (f->required | m) == f->required)
		return;
	if (!f->required)
		f->cause = cause;
	f->required |= m;
}

/* Has the function d, named name, the error or warning attribute? (clang prints it back.) */
static bool is_error_fn(struct parse *p, CXCursor d, char *name)
{
	if (strset_has(&p->error_fns, name))
		return true;
	if (strset_has(&p->plain_fns, name))
		return false;
	if (clang_isCursorDefinition(d)) /* the attribute is for functions that must never be emitted */
		return false;
	CXPrintingPolicy pol = clang_getCursorPrintingPolicy(d);
	char *text = cx_str(clang_getCursorPrettyPrinted(d, pol));
	clang_PrintingPolicy_dispose(pol);
	bool err = strstr(text, "__attribute__((error(") || strstr(text, "__attribute__((warning(");
	strset_add(err ? &p->error_fns : &p->plain_fns, name);
	return err;
}

/* libclang reads asm operands from 0.64 (LLVM 21) on; with an older one the
 * check is left out and such a helper fails at its C compile instead. */
#if CINDEX_VERSION_MINOR >= 64
/* Does an asm constraint accept only immediates? ("i", "n", x86 "e", "N", ...) */
static bool immediate_only(const char *con)
{
	bool any = false;
	for (; *con; con++) {
		if (strchr("=+&%", *con))
			continue;
		if (!strchr("inEFIJKLMNOPZes", *con))
			return false;
		any = true;
	}
	return any;
}

static void walk_asm(CXCursor c, struct walk *w)
{
	unsigned n = clang_Cursor_getGCCAssemblyNumInputs(c);
	for (unsigned i = 0; i < n; i++) {
		CXString con;
		CXCursor e;
		if (!clang_Cursor_getGCCAssemblyInput(c, i, &con, &e))
			continue;
		char *s = cx_str(con);
		if (immediate_only(s))
			require(w->f, param_refs(w->f, e), xprintf("an inline-asm operand with constraint \"%s\" in %s()", s, w->f->name));
	}
}
#else
static void walk_asm(CXCursor c, struct walk *w)
{
	(void)c, (void)w;
}
#endif

static struct cfn *find(struct parse *p, const char *name);

static void walk_call(CXCursor c, struct walk *w)
{
	CXCursor d;
	char *callee = callee_name(c, &d);
	if (!callee)
		return;
	if (is_error_fn(w->p, d, callee))
		require(w->f, w->cond, xprintf("it decides whether %s() calls %s(), which has the error attribute", w->f->name,
					       callee));
	if (!w->f->nparams || !find(w->p, callee))
		return; /* an edge is followed only into an inline function (propagate) */
	int n = clang_Cursor_getNumArguments(c);
	for (int i = 0; i < n; i++) {
		pmask m = param_refs(w->f, clang_Cursor_getArgument(c, (unsigned)i));
		if (m) {
			struct edge *e = xmalloc(sizeof *e);
			*e = (struct edge){callee, (unsigned)i, m};
			vec_push(&w->f->edges, e);
		}
	}
}

/*
 * A condition's value inside the helper, where every parameter is a run-time
 * value: __builtin_constant_p of anything mentioning a parameter is 0 there,
 * literals and sizeof fold, !, &&, || and ?: combine.  Unknown values keep
 * the parameters they depend on.
 */
struct val {
	bool known;
	long long v;
	pmask deps; /* unknown: the parameters it depends on */
	pmask bcp;  /* parameters whose __builtin_constant_p was taken as 0 */
};

static struct val eval(struct walk *w, CXCursor e);

static struct val eval_child(struct walk *w, struct vec *kids, size_t i, struct val *acc)
{
	struct val v = eval(w, *(CXCursor *)kids->v[i]);
	acc->bcp |= v.bcp;
	return v;
}

/* !, &&, || and ?: combine their operands' values; any other operator is
 * only the parameters it refers to (*whole: e's own, for eval to reuse). */
static struct val eval_op(struct walk *w, CXCursor e, enum CXCursorKind k, struct vec *kids, bool *whole)
{
	struct val r = {0};
	if (k == CXCursor_UnaryOperator && kids->len == 1 && clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_LNot) {
		struct val a = eval_child(w, kids, 0, &r);
		return (struct val){a.known, !a.v, a.deps, a.bcp};
	}
	enum CXBinaryOperatorKind op =
		k == CXCursor_BinaryOperator ? clang_getCursorBinaryOperatorKind(e) : CXBinaryOperator_Invalid;
	if ((op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) && kids->len == 2) {
		long long stop = op == CXBinaryOperator_LOr; /* the value that decides alone */
		struct val a = eval_child(w, kids, 0, &r);
		if (a.known && !!a.v == stop)
			return r.known = true, r.v = stop, r;
		struct val b = eval_child(w, kids, 1, &r);
		if ((b.known && !!b.v == stop) || (a.known && b.known))
			return r.known = true, r.v = b.known && !!b.v == stop ? stop : !stop, r;
		return r.deps = a.deps | b.deps, r;
	}
	if (k == CXCursor_ConditionalOperator && kids->len == 3) {
		struct val c = eval_child(w, kids, 0, &r);
		if (c.known) {
			struct val v = eval_child(w, kids, c.v ? 1 : 2, &r);
			return v.bcp |= r.bcp, v;
		}
		r.deps = c.deps | eval_child(w, kids, 1, &r).deps | eval_child(w, kids, 2, &r).deps;
		return r;
	}
	r.deps = param_refs(w->f, e);
	*whole = true;
	return r;
}

static struct val eval(struct walk *w, CXCursor e)
{
	enum CXCursorKind k = clang_getCursorKind(e);
	if (k == CXCursor_CallExpr) {
		char *name = cx_str(clang_getCursorSpelling(e));
		if (!strcmp(name, "__builtin_expect") && clang_Cursor_getNumArguments(e) == 2)
			return eval(w, clang_Cursor_getArgument(e, 0));
		pmask m = clang_Cursor_getNumArguments(e) == 1 ? param_refs(w->f, clang_Cursor_getArgument(e, 0)) : 0;
		if (!strcmp(name, "__builtin_constant_p") && m)
			return (struct val){true, 0, 0, m};
	}
	struct vec kids = children(e);
	if ((k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr) && kids.len == 1)
		return eval(w, *(CXCursor *)kids.v[0]);
	bool whole = false; /* param_refs(e) is known to be 0 */
	if (k == CXCursor_UnaryOperator || k == CXCursor_BinaryOperator || k == CXCursor_ConditionalOperator)
		if ((kids.len == 1 && k == CXCursor_UnaryOperator) || kids.len >= 2) {
			struct val r = eval_op(w, e, k, &kids, &whole);
			if (r.known || r.deps || (k != CXCursor_BinaryOperator && k != CXCursor_UnaryOperator))
				return r;
		}
	struct val r = {false, 0, whole ? 0 : param_refs(w->f, e), 0};
	if (r.deps)
		return r;
	CXEvalResult ev = clang_Cursor_Evaluate(e);
	if (ev && clang_EvalResult_getKind(ev) == CXEval_Int)
		r.known = true, r.v = clang_EvalResult_getAsLongLong(ev);
	if (ev)
		clang_EvalResult_dispose(ev);
	return r;
}

/* Can a run-time argument take the branch that needs its condition to be
 * `want`?  If so, *cond gets the parameters that decide it. */
static bool branch_taken(struct walk *w, struct val v, bool want, pmask *cond)
{
	if (v.known && !!v.v != want)
		return false;
	if (!v.known)
		*cond = v.deps; /* the innermost condition decides */
	else if (v.bcp)
		*cond = v.bcp; /* taken because the argument is not a constant */
	else
		*cond = w->cond; /* always taken: the enclosing condition decides */
	return true;
}

/* A static function (its body is read in turn) or a function or variable with
 * external linkage, unless it never becomes a symbol. */
static void walk_ref(CXCursor c, struct walk *w)
{
	if (!w->p->o->symbols.len)
		return; /* only unlinked() reads uses */
	CXCursor d = clang_getCursorReferenced(c);
	enum CXCursorKind k = clang_getCursorKind(d);
	bool inline_fn = k == CXCursor_FunctionDecl && clang_getCursorLinkage(d) == CXLinkage_Internal;
	bool external = (k == CXCursor_FunctionDecl || k == CXCursor_VarDecl) && clang_getCursorLinkage(d) == CXLinkage_External;
	if (!inline_fn && !external)
		return;
	char *name = cx_str(clang_getCursorSpelling(d));
	if (!strncmp(name, "__builtin_", 10) || strset_has(&w->p->error_fns, name) ||
	    clang_Cursor_getStorageClass(d) == CX_SC_Register) /* asm("rsp"): a register, no symbol */
		return;
	vec_push(&w->f->uses, name);
}

/* The case labels in front of a statement: does one match v (or is default)? */
static bool case_matches(CXCursor *s, long long v, bool use_default)
{
	bool hit = false;
	for (enum CXCursorKind k; (k = clang_getCursorKind(*s)) == CXCursor_CaseStmt || k == CXCursor_DefaultStmt;) {
		struct vec kids = children(*s);
		if (!kids.len)
			break;
		if (k == CXCursor_DefaultStmt) {
			hit |= use_default;
		} else {
			CXEvalResult ev = clang_Cursor_Evaluate(*(CXCursor *)kids.v[0]);
			hit |= ev && clang_EvalResult_getKind(ev) == CXEval_Int && clang_EvalResult_getAsLongLong(ev) == v;
			if (ev)
				clang_EvalResult_dispose(ev);
		}
		*s = *(CXCursor *)kids.v[kids.len - 1];
	}
	return hit;
}

/* switch on a constant (percpu's sizeof): only the matching case's statements. */
static void walk_switch_const(CXCursor body, long long v, struct walk w)
{
	struct vec kids = children(body);
	bool any = false;
	for (size_t i = 0; i < kids.len; i++) {
		CXCursor s = *(CXCursor *)kids.v[i];
		any |= case_matches(&s, v, false);
	}
	bool live = false;
	for (size_t i = 0; i < kids.len; i++) {
		CXCursor s = *(CXCursor *)kids.v[i];
		enum CXCursorKind k = clang_getCursorKind(s);
		if (k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt)
			live |= case_matches(&s, v, !any);
		if (clang_getCursorKind(s) == CXCursor_BreakStmt)
			live = false;
		else if (live)
			walk(s, w);
	}
}

/* if, ?: and switch: a branch is walked only if a run-time argument can take
 * it, under the parameters that decide it (see branch_taken). */
static void walk_branches(CXCursor c, enum CXCursorKind k, struct walk w)
{
	struct vec kids = children(c);
	if (kids.len < 2) {
		clang_visitChildren(c, walk_child, &w);
		return;
	}
	CXCursor cond = *(CXCursor *)kids.v[0];
	walk(cond, w);
	struct val v = eval(&w, cond);
	if (k == CXCursor_SwitchStmt) {
		struct walk b = w;
		if (v.known)
			walk_switch_const(*(CXCursor *)kids.v[1], v.v, w);
		else
			b.cond = v.deps, walk(*(CXCursor *)kids.v[1], b);
		return;
	}
	for (size_t i = 1; i < kids.len && i < 3; i++) {
		struct walk b = w;
		if (branch_taken(&w, v, i == 1, &b.cond))
			walk(*(CXCursor *)kids.v[i], b);
	}
}

/* Does this statement always return?  (`return x;` or a block ending in one) */
static bool returns(CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_ReturnStmt)
		return true;
	struct vec kids = children(c);
	return k == CXCursor_CompoundStmt && kids.len && returns(*(CXCursor *)kids.v[kids.len - 1]);
}

/* A block: after `if (!__builtin_constant_p(x)) return ...;` nothing runs. */
static void walk_block(CXCursor c, struct walk w)
{
	struct vec kids = children(c);
	for (size_t i = 0; i < kids.len; i++) {
		CXCursor s = *(CXCursor *)kids.v[i];
		walk(s, w);
		struct vec parts = clang_getCursorKind(s) == CXCursor_IfStmt ? children(s) : (struct vec){0};
		if (parts.len == 2 && returns(*(CXCursor *)parts.v[1])) {
			struct val v = eval(&w, *(CXCursor *)parts.v[0]);
			if (v.known && v.v)
				return;
		}
	}
}

/* A node that is not a block or a branch: what it says; false for the others. */
static bool walk_node(CXCursor c, struct walk *w)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_CompoundStmt || k == CXCursor_IfStmt || k == CXCursor_ConditionalOperator || k == CXCursor_SwitchStmt)
		return false;
	if (k == CXCursor_DeclRefExpr)
		walk_ref(c, w);
	else if (k == CXCursor_GCCAsmStmt)
		walk_asm(c, w);
	else if (k == CXCursor_CallExpr)
		walk_call(c, w);
	return true;
}

static void walk(CXCursor c, struct walk w)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_CompoundStmt)
		walk_block(c, w);
	else if (k == CXCursor_IfStmt || k == CXCursor_ConditionalOperator || k == CXCursor_SwitchStmt)
		walk_branches(c, k, w);
	else if (walk_node(c, &w))
		clang_visitChildren(c, walk_child, &w);
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct cfn *const *)a)->name, (*(struct cfn *const *)b)->name);
}

static struct cfn *find(struct parse *p, const char *name)
{
	struct cfn key = {.name = (char *)name}, *kp = &key;
	if (!p->cfns.len)
		return NULL; /* no inline function: the vector has no array, and bsearch wants one */
	struct cfn **r = bsearch(&kp, p->cfns.v, p->cfns.len, sizeof *p->cfns.v, by_name);
	return r ? *r : NULL;
}

/* Pass requirements from callees to callers until nothing changes. */
static void propagate(struct parse *p)
{
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < p->cfns.len; i++) {
			struct cfn *f = p->cfns.v[i];
			for (size_t j = 0; j < f->edges.len; j++) {
				struct edge *e = f->edges.v[j];
				struct cfn *g = find(p, e->callee);
				if (!g || g == f || e->arg >= 64 || !(g->required >> e->arg & 1))
					continue;
				pmask before = f->required;
				require(f, e->from, g->cause);
				changed |= f->required != before;
			}
		}
	}
}

static struct cfn *cfn_new(CXCursor c)
{
	struct cfn *f = xmalloc(sizeof *f);
	f->name = cx_str(clang_getCursorSpelling(c));
	f->def = c;
	int n = clang_Cursor_getNumArguments(c);
	f->nparams = n > 0 ? (unsigned)n : 0;
	f->params = xmalloc((f->nparams + 1) * sizeof *f->params);
	for (unsigned a = 0; a < f->nparams; a++)
		f->params[a] = clang_Cursor_getArgument(c, a);
	return f;
}

/* One function's body: what it requires of its parameters, calls and uses. */
static void cfn_read(struct parse *p, struct cfn *f)
{
	if (!f->nparams && !p->o->symbols.len)
		return; /* nothing to require of no parameters, and no uses asked for */
	struct walk w = {p, f, 0};
	clang_visitChildren(f->def, walk_child, &w);
}

/* Every function is named before any body is read: a call's arguments are
 * looked at only when the callee is one of them. */
void bodies_analyse(struct parse *p, const struct vec *defs)
{
	for (size_t i = 0; i < defs->len; i++)
		vec_push(&p->cfns, cfn_new(*(CXCursor *)defs->v[i]));
	vec_sort(&p->cfns, by_name);
	for (size_t i = 0; i < p->cfns.len; i++)
		cfn_read(p, p->cfns.v[i]);
	propagate(p);
}

/* The first symbol f needs, itself or through inline callees, that the list lacks. */
static char *unlinked(struct parse *p, struct cfn *f)
{
	if (f->linked_done)
		return f->unlinked;
	f->linked_done = true; /* recursion ends here */
	for (size_t i = 0; i < f->uses.len && !f->unlinked; i++) {
		char *name = f->uses.v[i];
		struct cfn *g = find(p, name);
		if (g)
			f->unlinked = unlinked(p, g);
		else if (!strset_has(&p->symbols, name))
			f->unlinked = name;
	}
	return f->unlinked;
}

static char *reason_of(struct parse *p, struct cfn *f)
{
	if (f->required) {
		unsigned i = 0;
		while (!(f->required >> i & 1))
			i++;
		return xprintf("parameter '%s' must be a compile-time constant (%s); a spec line with its own body can pass one",
			       cx_str(clang_getCursorSpelling(f->params[i])), f->cause);
	}
	char *sym = p->o->symbols.len ? unlinked(p, f) : NULL;
	if (!sym)
		return NULL;
	return xprintf("uses %s, which the --symbols list lacks (not exported, or configured out): the helper would not link", sym);
}

char *bodies_reason(struct parse *p, const char *name)
{
	struct cfn *f = find(p, name);
	return f ? reason_of(p, f) : NULL;
}

char *bodies_reason_at(struct parse *p, CXCursor c)
{
	struct cfn *f = cfn_new(c);
	cfn_read(p, f);
	for (size_t j = 0; j < f->edges.len; j++) {
		struct edge *e = f->edges.v[j];
		struct cfn *g = find(p, e->callee);
		if (g && e->arg < 64 && g->required >> e->arg & 1)
			require(f, e->from, g->cause);
	}
	return reason_of(p, f);
}

/* One symbol per line: a bare name, Module.symvers (0xCRC NAME MODULE ...),
 * or nm output (ADDRESS TYPE NAME; undefined U/w/v entries are not symbols). */
int bodies_read_symbols(struct parse *p)
{
	for (size_t i = 0; i < p->o->symbols.len; i++) {
		const char *file = p->o->symbols.v[i];
		size_t len;
		char *text = read_file(file, &len);
		if (!text)
			return error("%s: %s", file, strerror(errno));
		for (char *line = text, *next; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			char *f[4] = {0};
			int n = 0;
			for (char *w = line; *w && n < 4;) { /* up to four blank-separated words */
				w += strspn(w, " \t");
				size_t l = strcspn(w, " \t");
				if (!l)
					break;
				f[n++] = xstrndup(w, l);
				w += l;
			}
			if (n >= 2 && !strncmp(f[0], "0x", 2))
				strset_add(&p->symbols, f[1]); /* Module.symvers */
			else if (n >= 2 && strlen(f[n - 2]) == 1 && !strchr("Uwv", f[n - 2][0]))
				strset_add(&p->symbols, f[n - 1]); /* nm */
			else if (n == 1)
				strset_add(&p->symbols, f[0]);
		}
	}
	return 0;
}
