/*
 * bodies.c: what the body of an inline function asks of its helper, read
 * from libclang cursors: parameters that must be compile-time constants, and
 * the symbols the helper will link against.
 *
 * Constants.  A function whose parameter must be a compile-time constant cannot become a generic helper: inside the
 * helper the argument is a parameter, and the build fails (gcc: "call to
 * '__bad_mask' declared with attribute error", "impossible constraint in
 * 'asm'") although the headers parse cleanly.  The Linux kernel has many:
 * u32_encode_bits() (its mask reaches __bad_mask), static_key_false()
 * (its key is an "i" operand of asm goto), BUILD_BUG_ON(!__builtin_constant_p(x)).
 *
 * Every inline definition of the translation unit is read once, from its
 * libclang cursors.  A parameter must be constant when it appears
 *   - in the innermost condition that decides whether a function with the
 *     error (or warning) attribute is called: BUILD_BUG_ON, compiletime_assert,
 *     __bad_mask-style checks;
 *   - in an inline-asm input whose constraint accepts only immediates ("i",
 *     "n", x86's "e", "I".."P", ...);
 *   - in an argument passed to such a parameter of another inline function
 *     (propagated to a fixed point, so static_key_false inherits it from
 *     arch_static_branch).
 * Code the function reaches only for constants is not looked at: the branch
 * taken when __builtin_constant_p(...) is true (also through &&, !, likely),
 * and what follows `if (!__builtin_constant_p(x)) return ...;`, because for a run-time argument the compiler removes it; that is how
 * kmalloc() and copy_from_user() stay generic.  A spec line with its own body
 * can still instantiate such a function with a constant.
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
	bool const_only; /* reached only when some __builtin_constant_p is true */
};

static void walk(CXCursor c, struct walk w);

static enum CXChildVisitResult walk_child(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	walk(c, *(struct walk *)data);
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
	if (refs_visit(e, e, &r) == CXChildVisit_Recurse)
		clang_visitChildren(e, refs_visit, &r);
	return r.m;
}

static char *callee_name(CXCursor call)
{
	CXCursor d = clang_getCursorReferenced(call);
	return clang_getCursorKind(d) == CXCursor_FunctionDecl ? cx_str(clang_getCursorSpelling(d)) : NULL;
}

/* A condition's relation to __builtin_constant_p: 1 when it can be true only
 * if some __builtin_constant_p(...) is, -1 when it can be false only if one
 * is, 0 otherwise. */
static int constant_test(CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_CallExpr) {
		char *name = cx_str(clang_getCursorSpelling(c));
		if (!strcmp(name, "__builtin_constant_p"))
			return 1;
		if (!strcmp(name, "__builtin_expect") && clang_Cursor_getNumArguments(c) == 2)
			return constant_test(clang_Cursor_getArgument(c, 0));
		return 0;
	}
	struct vec kids = children(c);
	if ((k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr) && kids.len == 1)
		return constant_test(*(CXCursor *)kids.v[0]);
	if (k == CXCursor_UnaryOperator && kids.len == 1 && clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_LNot)
		return -constant_test(*(CXCursor *)kids.v[0]);
	if (k == CXCursor_BinaryOperator && kids.len == 2) {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
		int a = constant_test(*(CXCursor *)kids.v[0]), b = constant_test(*(CXCursor *)kids.v[1]);
		if (op == CXBinaryOperator_LAnd && (a == 1 || b == 1))
			return 1;
		if (op == CXBinaryOperator_LOr && (a == -1 || b == -1))
			return -1;
	}
	return 0;
}

static void require(struct cfn *f, pmask m, char *cause)
{
	if (!m || (f->required | m) == f->required)
		return;
	if (!f->required)
		f->cause = cause;
	f->required |= m;
}

/* Has the called function the error or warning attribute? (clang prints it back.) */
static bool is_error_fn(struct parse *p, CXCursor call)
{
	char *name = callee_name(call);
	if (!name)
		return false;
	if (strset_has(&p->error_fns, name))
		return true;
	if (strset_has(&p->plain_fns, name))
		return false;
	CXCursor d = clang_getCursorReferenced(call);
	if (clang_isCursorDefinition(d)) /* the attribute is for functions that must never be emitted */
		return false;
	CXPrintingPolicy pol = clang_getCursorPrintingPolicy(d);
	char *text = cx_str(clang_getCursorPrettyPrinted(d, pol));
	clang_PrintingPolicy_dispose(pol);
	bool err = strstr(text, "__attribute__((error(") || strstr(text, "__attribute__((warning(");
	strset_add(err ? &p->error_fns : &p->plain_fns, name);
	return err;
}

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

static void walk_call(CXCursor c, struct walk *w)
{
	if (is_error_fn(w->p, c))
		require(w->f, w->cond, xprintf("it decides whether %s() calls %s(), which has the error attribute", w->f->name,
					       callee_name(c)));
	char *callee = callee_name(c);
	int n = clang_Cursor_getNumArguments(c);
	for (int i = 0; callee && i < n; i++) {
		pmask m = param_refs(w->f, clang_Cursor_getArgument(c, (unsigned)i));
		if (m) {
			struct edge *e = xmalloc(sizeof *e);
			*e = (struct edge){callee, (unsigned)i, m};
			vec_push(&w->f->edges, e);
		}
	}
}

/* A condition's value when it mentions no parameter and clang can fold it:
 * 1 or 0; -1 otherwise. */
static int folded(struct walk *w, CXCursor cond)
{
	if (param_refs(w->f, cond) || constant_test(cond))
		return -1;
	CXEvalResult r = clang_Cursor_Evaluate(cond);
	if (!r)
		return -1;
	int v = clang_EvalResult_getKind(r) == CXEval_Int ? clang_EvalResult_getAsLongLong(r) != 0 : -1;
	clang_EvalResult_dispose(r);
	return v;
}

/* A static function (its body is read in turn) or a function or variable with
 * external linkage, unless it never becomes a symbol. */
static void walk_ref(CXCursor c, struct walk *w)
{
	CXCursor d = clang_getCursorReferenced(c);
	enum CXCursorKind k = clang_getCursorKind(d);
	bool inline_fn = k == CXCursor_FunctionDecl && clang_getCursorLinkage(d) == CXLinkage_Internal;
	if (!inline_fn && ((k != CXCursor_FunctionDecl && k != CXCursor_VarDecl) || clang_getCursorLinkage(d) != CXLinkage_External))
		return;
	char *name = cx_str(clang_getCursorSpelling(d));
	if (!strncmp(name, "__builtin_", 10) || strset_has(&w->p->error_fns, name))
		return;
	vec_push(&w->f->uses, name);
}

/* if, ?: and switch: the branches are reached under their condition.  A
 * condition that folds to a constant (BUILD_BUG_ON_MSG(1, ...) inside
 * `if (size_is_constant)`) leaves the decision to the enclosing one. */
static void walk_branches(CXCursor c, enum CXCursorKind k, struct walk w)
{
	struct vec kids = children(c);
	if (kids.len < 2) {
		clang_visitChildren(c, walk_child, &w);
		return;
	}
	CXCursor cond = *(CXCursor *)kids.v[0];
	walk(cond, w);
	int t = k == CXCursor_SwitchStmt ? 0 : constant_test(cond);
	int v = folded(&w, cond);
	for (size_t i = 1; i < kids.len; i++) {
		struct walk b = w;
		if (v < 0)
			b.cond = param_refs(w.f, cond); /* the innermost condition decides */
		else if (k != CXCursor_SwitchStmt && v == (i == 2))
			continue; /* a branch never taken */
		b.const_only |= (i == 1 && t == 1) || (i == 2 && t == -1);
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

/* A block: after `if (!__builtin_constant_p(x)) return ...;` the rest is for constants only. */
static void walk_block(CXCursor c, struct walk w)
{
	struct vec kids = children(c);
	for (size_t i = 0; i < kids.len && !w.const_only; i++) {
		CXCursor s = *(CXCursor *)kids.v[i];
		walk(s, w);
		struct vec parts = clang_getCursorKind(s) == CXCursor_IfStmt ? children(s) : (struct vec){0};
		if (parts.len == 2 && constant_test(*(CXCursor *)parts.v[0]) == -1 && returns(*(CXCursor *)parts.v[1]))
			w.const_only = true;
	}
}

static void walk(CXCursor c, struct walk w)
{
	if (w.const_only)
		return;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_CompoundStmt) {
		walk_block(c, w);
		return;
	}
	if (k == CXCursor_IfStmt || k == CXCursor_ConditionalOperator || k == CXCursor_SwitchStmt) {
		walk_branches(c, k, w);
		return;
	}
	if (k == CXCursor_DeclRefExpr)
		walk_ref(c, &w);
	else if (k == CXCursor_GCCAsmStmt)
		walk_asm(c, &w);
	else if (k == CXCursor_CallExpr)
		walk_call(c, &w);
	clang_visitChildren(c, walk_child, &w);
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct cfn *const *)a)->name, (*(struct cfn *const *)b)->name);
}

static struct cfn *find(struct parse *p, const char *name)
{
	struct cfn key = {.name = (char *)name}, *kp = &key;
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

void bodies_analyse(struct parse *p, const struct vec *defs)
{
	for (size_t i = 0; i < defs->len; i++) {
		CXCursor c = *(CXCursor *)defs->v[i];
		struct cfn *f = xmalloc(sizeof *f);
		f->name = cx_str(clang_getCursorSpelling(c));
		int n = clang_Cursor_getNumArguments(c);
		f->nparams = n > 0 ? (unsigned)n : 0;
		f->params = xmalloc((f->nparams + 1) * sizeof *f->params);
		for (unsigned a = 0; a < f->nparams; a++)
			f->params[a] = clang_Cursor_getArgument(c, a);
		struct walk w = {p, f, 0, false};
		clang_visitChildren(c, walk_child, &w);
		vec_push(&p->cfns, f);
	}
	vec_sort(&p->cfns, by_name);
	propagate(p);
}

char *bodies_const_reason(struct parse *p, const char *name)
{
	struct cfn *f = find(p, name);
	if (!f || !f->required)
		return NULL;
	unsigned i = 0;
	while (!(f->required >> i & 1))
		i++;
	return xprintf("parameter '%s' must be a compile-time constant (%s); a spec line with its own body can pass one",
		       cx_str(clang_getCursorSpelling(f->params[i])), f->cause);
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

char *bodies_link_reason(struct parse *p, const char *name)
{
	struct cfn *f = find(p, name);
	char *sym = f && p->o->symbols.len ? unlinked(p, f) : NULL;
	return sym ? xprintf("uses %s, which the --symbols list lacks (not exported, or configured out): the helper would not link", sym)
		   : NULL;
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
