/*
 * audit.c: cshim audit, a linter for helpers written by hand.
 *
 * Codebases that keep their own helper files (the Linux kernel's
 * rust/helpers/ directory: `__rust_helper T rust_helper_X(P) { return X(args); }`,
 * one .c file per subsystem, all #included by helpers.c) need the guarantees
 * cshim gen gives by construction checked instead.  Each FILE.c is parsed
 * with libclang (with the user's clang arguments, __rust_helper predefined as
 * an annotation so its presence is visible), and every function defined in a
 * .c file whose name starts with the prefix is checked:
 *
 *   annotation      not annotated __rust_helper (error)
 *   missing-callee  the function it calls no longer exists (error)
 *   signature       parameters or result differ from the wrapped function's,
 *                   or arguments are not forwarded in order (error)
 *   duplicate       the same helper defined twice (error), or one function
 *                   wrapped by two helpers (warning)
 *   extern-callee   it wraps an ordinary extern function, which Rust could
 *                   bind directly: the helper is pure overhead (warning)
 *   logic           it does more than forward one call (warning)
 *   naming          its name is not prefix + the wrapped function's, or the
 *                   file exports a function without the prefix (warning)
 *   compile         any other error clang reports (error)
 *   coverage        with --coverage HEADER: an inline function or
 *                   function-like macro of HEADER no helper wraps (warning)
 *
 * A helper is audited once however many of the files include it (the
 * kernel's helpers.c includes them all).  Findings are printed compiler
 * style, file:line:col: error|warning: ... [check], or as JSON.
 */
#include "cshim.h"
#include "types.h"

#include <ctype.h>
#include <string.h>

#define ANNOTATION "cshim_rust_helper"
#define UNDECLARED "call to undeclared function '" /* clang 16 and later, C99 and later */

struct finding {
	const char *file;
	unsigned line, col;
	bool error;
	const char *check, *helper, *msg;
};

struct helper {
	const char *name, *file, *callee; /* callee: the wrapped function or macro, or NULL */
	unsigned line, col;
	unsigned begin, end; /* the definition's extent, as offsets into file */
};

struct audit {
	const char *prefix;
	bool json, werror;
	struct strset ignore;       /* checks not reported */
	struct vec files, clang_args; /* char * */
	struct vec helpers;         /* struct helper * */
	struct strset seen;         /* places of the helpers audited and findings reported */
	struct vec findings;        /* struct finding * */
	CXTranslationUnit tu;
	struct strset macros;       /* function-like macros of the current file */
	struct vec coverage;        /* char *: --coverage headers */
	struct strset wrapped;      /* what the helpers wrap, for --coverage */
};

static const char *const checks[] = {"annotation", "missing-callee", "signature", "duplicate", "extern-callee",
				     "logic",      "naming",         "compile",   "coverage"};

static const char audit_usage[] =
	"usage: cshim audit [--prefix P] [--json] [--werror] [--ignore CHECK]... [--coverage HEADER]...\n"
	"                   FILE.c... [-- CLANG_ARGS]\n"
	"\n"
	"Check helpers written by hand (rust_helper_X wrapping X, as in the kernel's\n"
	"rust/helpers/): every function named P... defined in a .c file.  Errors:\n"
	"annotation (not __rust_helper), missing-callee, signature (types or argument\n"
	"order differ from the wrapped function's), duplicate, compile.  Warnings:\n"
	"extern-callee (wraps a function Rust could bind directly), logic (more than\n"
	"forwarding one call), naming, duplicate (one function, two helpers),\n"
	"coverage (an inline function or function-like macro of HEADER without a\n"
	"helper).\n"
	"\n"
	"  --prefix P      helper name prefix (default rust_helper_)\n"
	"  --json          print the findings as JSON\n"
	"  --werror        count warnings as errors\n"
	"  --ignore CHECK  do not report CHECK; repeatable\n"
	"  --coverage HEADER  report HEADER's inline functions and function-like\n"
	"                  macros that no helper wraps; repeatable\n"
	"\n"
	"exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error\n";

static bool known_check(const char *c)
{
	for (size_t i = 0; i < sizeof checks / sizeof *checks; i++)
		if (!strcmp(c, checks[i]))
			return true;
	return false;
}

static int parse_args(struct audit *a, int argc, char **argv)
{
	int i = 1;
	for (; i < argc && strcmp(argv[i], "--"); i++) {
		const char *s = argv[i];
		if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
			fputs(audit_usage, stdout);
			return EXIT_OK;
		} else if (!strcmp(s, "--json")) {
			a->json = true;
		} else if (!strcmp(s, "--werror")) {
			a->werror = true;
		} else if (!strcmp(s, "--prefix") || !strcmp(s, "--ignore") || !strcmp(s, "--coverage")) {
			const char *v = i + 1 < argc ? argv[++i] : NULL;
			if (!v || !*v || (!strcmp(s, "--ignore") && !known_check(v))) {
				error("audit: %s needs %s", s, strcmp(s, "--ignore") ? "a value" : "a check name (see --help)");
				return EXIT_USAGE;
			}
			if (!strcmp(s, "--prefix"))
				a->prefix = v;
			else if (!strcmp(s, "--coverage"))
				vec_push(&a->coverage, (void *)v);
			else
				strset_add(&a->ignore, v);
		} else if (s[0] == '-' && s[1]) {
			error("audit: unknown option '%s' (try 'cshim audit --help')", s);
			return EXIT_USAGE;
		} else {
			vec_push(&a->files, (void *)s);
		}
	}
	for (i++; i < argc; i++)
		vec_push(&a->clang_args, argv[i]);
	if (!a->files.len) {
		error("audit: no FILE.c given (try 'cshim audit --help')");
		return EXIT_USAGE;
	}
	return -1;
}

/* ---- findings ---- */

static void locate(CXSourceLocation loc, const char **file, unsigned *line, unsigned *col)
{
	CXFile f;
	clang_getFileLocation(loc, &f, line, col, NULL);
	char *name = f ? cx_str(clang_getFileName(f)) : xstrdup("<command line>");
	while (!strncmp(name, "./", 2))
		name += 2;
	*file = name;
}

static void report(struct audit *a, CXSourceLocation loc, const char *check, bool is_error, const char *helper,
		   const char *fmt, ...) PRINTF(6, 7);
static void report(struct audit *a, CXSourceLocation loc, const char *check, bool is_error, const char *helper,
		   const char *fmt, ...)
{
	struct finding *f = xmalloc(sizeof *f);
	locate(loc, &f->file, &f->line, &f->col);
	/* The same place seen through two files (helpers.c includes ref.c) is one finding. */
	if (strset_has(&a->ignore, check) || !strset_add(&a->seen, xprintf("%s:%u:%u:%s", f->file, f->line, f->col, check)))
		return;
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->error = is_error || a->werror;
	f->check = check;
	f->helper = helper;
	f->msg = b.s;
	vec_push(&a->findings, f);
}

static CXSourceLocation at(CXCursor c)
{
	return clang_getCursorLocation(c);
}

/* ---- the helper's body ---- */

static char *spelling(CXCursor c)
{
	return cx_str(clang_getCursorSpelling(c));
}

/* A cursor's children: the first few, and how many there are. */
struct kids {
	CXCursor v[8];
	unsigned n;
};

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data)
{
	struct kids *k = data;
	if (k->n < sizeof k->v / sizeof *k->v)
		k->v[k->n] = c;
	k->n++;
	(void)parent;
	return CXChildVisit_Continue;
}

static struct kids children(CXCursor c)
{
	struct kids k = {0};
	clang_visitChildren(c, collect, &k);
	return k;
}

static CXCursor last_child(CXCursor c)
{
	struct kids k = children(c);
	return k.n && k.n <= sizeof k.v / sizeof *k.v ? k.v[k.n - 1] : clang_getNullCursor();
}

/* Through implicit conversions, parentheses and casts to the expression that matters. */
static CXCursor strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr && k != CXCursor_CStyleCastExpr)
			return c;
		CXCursor inner = last_child(c); /* a cast's first child may be the TypeRef */
		if (clang_Cursor_isNull(inner))
			return c;
		c = inner;
	}
}

static enum CXChildVisitResult count_calls(CXCursor c, CXCursor parent, CXClientData data)
{
	*(unsigned *)data += clang_getCursorKind(c) == CXCursor_CallExpr;
	(void)parent;
	return CXChildVisit_Recurse;
}

/* The spelling of c's first n tokens (fewer at its end), for the operators libclang does not expose. */
static const char **tokens_of(CXTranslationUnit tu, CXCursor c, unsigned n)
{
	CXToken *toks;
	unsigned got;
	const char **out = xmalloc((n + 1) * sizeof *out);
	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &got);
	for (unsigned i = 0; i < n; i++)
		out[i] = i < got ? cx_str(clang_getTokenSpelling(tu, toks[i])) : "";
	clang_disposeTokens(tu, toks, got);
	return out;
}

/* Is e `*p` (or, with assign, `*p = ...`) for the parameter p? */
static bool deref_of(CXTranslationUnit tu, CXCursor e, CXCursor param, bool assign)
{
	const char **t = tokens_of(tu, e, 3);
	return !strcmp(t[0], "*") && !strcmp(t[1], spelling(param)) && (!assign || !strcmp(t[2], "="));
}

/*
 * The one call a helper forwards: the body is `{ return E; }` or `{ E; }`
 * with E a call, or cshim gen's form for an aggregate result, `{ *ret = E; }`
 * with ret the first parameter (f->out).  f->call is null when the body
 * does more (or less).
 */
struct forward {
	CXCursor call;
	bool out;
	unsigned statements, calls;
};

static struct forward forwarded_call(CXTranslationUnit tu, CXCursor fn)
{
	struct forward f = {clang_getNullCursor(), false, 0, 0};
	CXCursor body = last_child(fn);
	if (clang_getCursorKind(body) != CXCursor_CompoundStmt)
		return f;
	clang_visitChildren(body, count_calls, &f.calls);
	struct kids k = children(body);
	f.statements = k.n;
	if (k.n != 1)
		return f;
	CXCursor e = k.v[0];
	if (clang_getCursorKind(e) == CXCursor_ReturnStmt)
		e = last_child(e);
	f.out = clang_getCursorKind(e) == CXCursor_BinaryOperator && clang_Cursor_getNumArguments(fn) > 0 &&
		deref_of(tu, e, clang_Cursor_getArgument(fn, 0), true);
	e = strip(f.out ? last_child(e) : e);
	if (clang_getCursorKind(e) == CXCursor_CallExpr)
		f.call = e;
	return f;
}

/* The first identifier of the body after `return`: the name a helper of a macro calls. */
static char *called_name(CXTranslationUnit tu, CXCursor fn)
{
	CXToken *toks;
	unsigned n;
	char *name = NULL;
	clang_tokenize(tu, clang_getCursorExtent(last_child(fn)), &toks, &n);
	for (unsigned i = 0; i < n && !name; i++) {
		char *t = cx_str(clang_getTokenSpelling(tu, toks[i]));
		if (clang_getTokenKind(toks[i]) == CXToken_Identifier)
			name = t;
	}
	clang_disposeTokens(tu, toks, n);
	return name;
}

static enum CXChildVisitResult find_annotation(CXCursor c, CXCursor parent, CXClientData data)
{
	if (clang_getCursorKind(c) == CXCursor_AnnotateAttr && !strcmp(spelling(c), ANNOTATION))
		*(bool *)data = true;
	(void)parent;
	return CXChildVisit_Continue;
}

/*
 * Whichever way __rust_helper is defined (cshim predefines it as an
 * annotation; the kernel's helpers.c as always_inline), a definition that
 * starts with it starts at the macro's expansion: the source text there
 * names it.
 */
static bool annotated(CXTranslationUnit tu, CXCursor fn)
{
	bool found = false;
	clang_visitChildren(fn, find_annotation, &found);
	CXFile file;
	unsigned off;
	size_t size;
	clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(fn)), &file, NULL, NULL, &off);
	const char *text = file ? clang_getFileContents(tu, file, &size) : NULL;
	size_t n = strlen("__rust_helper");
	if (text && off + n <= size && !strncmp(text + off, "__rust_helper", n))
		found |= off + n == size || !(isalnum((unsigned char)text[off + n]) || text[off + n] == '_');
	return found;
}

/* ---- signature drift ---- */

static bool is_integer(CXType t)
{
	return t.kind >= CXType_Bool && t.kind <= CXType_Int128 && t.kind != CXType_Char16 && t.kind != CXType_Char32;
}

static bool is_signed(CXType t)
{
	return t.kind >= CXType_Char_S && t.kind <= CXType_Int128;
}

/* The canonical type without its own const, as text: `const int` and `int` are one parameter type. */
static char *unqualified(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	char *s = cx_str(clang_getTypeSpelling(c));
	size_t n = strlen(s);
	if (clang_isConstQualifiedType(c) && !strncmp(s, "const ", 6))
		return s + 6;
	if (clang_isConstQualifiedType(c) && n > 6 && !strcmp(s + n - 6, " const"))
		s[n - 6] = '\0';
	return s;
}

/* What a value of type `from` converted to `to` loses, or NULL when the types are the same. */
static const char *conversion(CXType from, CXType to)
{
	if (!strcmp(unqualified(from), unqualified(to)))
		return NULL;
	CXType f = clang_getCanonicalType(from), t = clang_getCanonicalType(to);
	if (is_integer(f) && is_integer(t)) {
		if (clang_Type_getSizeOf(t) < clang_Type_getSizeOf(f))
			return "the conversion loses bits";
		if (clang_Type_getSizeOf(t) == clang_Type_getSizeOf(f) && is_signed(t) != is_signed(f))
			return "the conversion changes the sign";
		return "the conversion widens it";
	}
	if (f.kind == CXType_Pointer && t.kind == CXType_Pointer) {
		bool fc = clang_isConstQualifiedType(clang_getPointeeType(f));
		bool tc = clang_isConstQualifiedType(clang_getPointeeType(t));
		if (fc && !tc)
			return "the conversion drops const";
		if (tc && !fc)
			return "the conversion adds const";
	}
	return "the types differ";
}

static char *type_name(CXType t)
{
	return cx_str(clang_getTypeSpelling(t));
}

/* Arguments: each the helper's parameter of the same position, of the callee's type. */
/*
 * Argument i of the call is the helper's parameter i (after the out-pointer,
 * if any): the parameter itself, of the callee's type, or `*p` with p a
 * pointer to it (cshim gen passes aggregates so).
 */
static void check_argument(struct audit *a, const struct helper *h, CXCursor fn, const struct forward *f, CXType want,
			   int i)
{
	CXCursor arg = strip(clang_Cursor_getArgument(f->call, (unsigned)i));
	CXCursor param = clang_Cursor_getArgument(fn, (unsigned)(i + f->out));
	CXType have = clang_getCursorType(param);
	bool by_ref = clang_getCursorKind(arg) == CXCursor_UnaryOperator && deref_of(a->tu, arg, param, false);
	if (!by_ref && (clang_getCursorKind(arg) != CXCursor_DeclRefExpr ||
			!clang_equalCursors(clang_getCursorReferenced(arg), param))) {
		report(a, at(arg), "signature", true, h->name, "%s: argument %d of %s is not parameter %d (%s)", h->name,
		       i + 1, h->callee, i + 1 + f->out, spelling(param));
		return;
	}
	const char *lost = conversion(by_ref ? clang_getPointeeType(have) : have, want);
	if (lost)
		report(a, at(param), "signature", true, h->name, "%s: parameter %d (%s) is %s, %s takes %s: %s", h->name,
		       i + 1 + f->out, spelling(param), type_name(have), h->callee, type_name(want), lost);
}

static void check_arguments(struct audit *a, const struct helper *h, CXCursor fn, const struct forward *f, CXCursor to)
{
	CXType ft = clang_getCursorType(to);
	int nparams = clang_Cursor_getNumArguments(fn) - f->out, nargs = clang_Cursor_getNumArguments(f->call);
	int ntypes = clang_getNumArgTypes(ft);
	if (nparams != nargs)
		report(a, at(f->call), "signature", true, h->name, "%s: takes %d parameter%s but passes %d argument%s to %s",
		       h->name, nparams, nparams == 1 ? "" : "s", nargs, nargs == 1 ? "" : "s", h->callee);
	for (int i = 0; i < nargs && i < nparams; i++) {
		CXCursor param = clang_Cursor_getArgument(fn, (unsigned)(i + f->out));
		check_argument(a, h, fn, f, i < ntypes ? clang_getArgType(ft, (unsigned)i) : clang_getCursorType(param), i);
	}
}

/* The result: returned as the callee's type, or stored through the out-pointer. */
static void check_result(struct audit *a, const struct helper *h, CXCursor fn, const struct forward *f, CXCursor to)
{
	CXType mine = f->out ? clang_getPointeeType(clang_getCursorType(clang_Cursor_getArgument(fn, 0)))
			     : clang_getResultType(clang_getCursorType(fn));
	CXType theirs = clang_getResultType(clang_getCursorType(to));
	const char *lost = mine.kind == CXType_Void ? NULL : conversion(theirs, mine);
	if (mine.kind == CXType_Void && theirs.kind != CXType_Void)
		lost = "the result is dropped";
	if (lost)
		report(a, at(fn), "signature", true, h->name, "%s: %s %s, %s returns %s: %s", h->name,
		       f->out ? "stores" : "returns", type_name(mine), h->callee, type_name(theirs), lost);
}

/* ---- one helper, one file ---- */

/* The function a call calls, also when its name is parenthesised: `(f)(x)`, as cshim gen writes. */
static CXCursor callee_of(CXCursor call)
{
	CXCursor ref = clang_getCursorReferenced(call);
	if (!clang_Cursor_isNull(ref))
		return ref;
	struct kids k = children(call);
	CXCursor name = k.n ? strip(k.v[0]) : clang_getNullCursor();
	return clang_getCursorKind(name) == CXCursor_DeclRefExpr ? clang_getCursorReferenced(name)
								 : clang_getNullCursor();
}

/* Is decl inside fn's definition (a function declared implicitly by calling it)? */
static bool declared_within(CXCursor decl, CXCursor fn)
{
	CXFile df, ff;
	unsigned d, begin, end;
	CXSourceRange ext = clang_getCursorExtent(fn);
	clang_getExpansionLocation(at(decl), &df, NULL, NULL, &d);
	clang_getExpansionLocation(clang_getRangeStart(ext), &ff, NULL, NULL, &begin);
	clang_getExpansionLocation(clang_getRangeEnd(ext), NULL, NULL, NULL, &end);
	return df && ff && clang_File_isEqual(df, ff) && begin <= d && d < end;
}

/* What the helper forwards to: checked as a function, or named as a macro. */
static void check_callee(struct audit *a, CXCursor fn, struct helper *h)
{
	struct forward f = forwarded_call(a->tu, fn);
	CXCursor call = f.call;
	char *first = called_name(a->tu, fn);
	if (first && strset_has(&a->macros, first)) {
		h->callee = first; /* a macro's expansion is whatever it is: only the name can be checked */
		return;
	}
	if (clang_Cursor_isNull(call)) {
		report(a, at(fn), "logic", false, h->name, "%s: does more than forward one call (%u statement%s, %u call%s)",
		       h->name, f.statements, f.statements == 1 ? "" : "s", f.calls, f.calls == 1 ? "" : "s");
		return;
	}
	CXCursor callee = callee_of(call);
	if (clang_getCursorKind(callee) != CXCursor_FunctionDecl || declared_within(callee, fn))
		return; /* a function pointer; or undeclared, declared by the call itself: clang's error says so */
	h->callee = spelling(callee);
	CXCursor def = clang_getCursorDefinition(callee);
	if (clang_getCursorLinkage(callee) == CXLinkage_External &&
	    (clang_Cursor_isNull(def) || !clang_Cursor_isFunctionInlined(def)))
		report(a, at(call), "extern-callee", false, h->name,
		       "%s: %s is an ordinary extern function: Rust can bind it directly, the helper is pure overhead",
		       h->name, h->callee);
	check_arguments(a, h, fn, &f, callee);
	check_result(a, h, fn, &f, callee);
}

static void audit_helper(struct audit *a, CXCursor fn, const char *name)
{
	struct helper *h = xmalloc(sizeof *h);
	h->name = name;
	locate(at(fn), &h->file, &h->line, &h->col);
	if (!strset_add(&a->seen, xprintf("%s:%u:%u", h->file, h->line, h->col)))
		return; /* audited through another file already */
	vec_push(&a->helpers, h);
	CXSourceRange ext = clang_getCursorExtent(fn);
	clang_getExpansionLocation(clang_getRangeStart(ext), NULL, NULL, NULL, &h->begin);
	clang_getExpansionLocation(clang_getRangeEnd(ext), NULL, NULL, NULL, &h->end);
	if (!annotated(a->tu, fn))
		report(a, at(fn), "annotation", true, name, "%s: not annotated __rust_helper", name);
	check_callee(a, fn, h);
	if (h->callee && strcmp(name + strlen(a->prefix), h->callee))
		report(a, at(fn), "naming", false, name, "%s wraps %s: the convention names it %s%s", name, h->callee,
		       a->prefix, h->callee);
}

static bool in_c_file(CXCursor c)
{
	const char *file;
	unsigned line, col;
	locate(at(c), &file, &line, &col);
	size_t n = strlen(file);
	return n > 2 && !strcmp(file + n - 2, ".c");
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct audit *a = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_MacroDefinition && clang_Cursor_isMacroFunctionLike(c))
		strset_add(&a->macros, spelling(c));
	if (k != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) || !in_c_file(c))
		return CXChildVisit_Continue;
	char *name = spelling(c);
	if (!strncmp(name, a->prefix, strlen(a->prefix)))
		audit_helper(a, c, name);
	else if (clang_getCursorLinkage(c) == CXLinkage_External)
		report(a, at(c), "naming", false, name, "%s: exported from a helper file without the prefix %s", name,
		       a->prefix);
	return CXChildVisit_Continue;
}

/* The helper whose definition holds loc, for clang's errors. */
static const char *helper_at(const struct audit *a, CXSourceLocation loc)
{
	const char *file;
	unsigned line, col, off;
	locate(loc, &file, &line, &col);
	clang_getFileLocation(loc, NULL, NULL, NULL, &off);
	for (size_t i = 0; i < a->helpers.len; i++) {
		const struct helper *h = a->helpers.v[i];
		if (!strcmp(h->file, file) && h->begin <= off && off < h->end)
			return h->name;
	}
	return NULL;
}

/* clang's errors: an undeclared callee is missing-callee, a redefinition is left to the duplicate check. */
static void check_diagnostics(struct audit *a)
{
	unsigned n = clang_getNumDiagnostics(a->tu);
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(a->tu, i);
		char *msg = cx_str(clang_getDiagnosticSpelling(d));
		CXSourceLocation loc = clang_getDiagnosticLocation(d);
		if (clang_getDiagnosticSeverity(d) < CXDiagnostic_Error || !strncmp(msg, "redefinition of ", 16)) {
			/* nothing to add */
		} else if (!strncmp(msg, UNDECLARED, strlen(UNDECLARED))) {
			char *callee = xstrndup(msg + strlen(UNDECLARED), strcspn(msg + strlen(UNDECLARED), "'"));
			const char *h = helper_at(a, loc);
			report(a, loc, "missing-callee", true, h, "%s%s%s is not declared: the wrapped function does not exist "
			       "(any more), or its header is not included", h ? h : "", h ? ": " : "", callee);
		} else {
			report(a, loc, "compile", true, NULL, "%s", msg);
		}
		clang_disposeDiagnostic(d);
	}
}

/* Parse path with the user's clang arguments into a->tu. */
static int parse(struct audit *a, CXIndex ix, const char *path)
{
	if (file_readable(path) < 0)
		return -1;
	const char **args = xmalloc((a->clang_args.len + 4) * sizeof *args);
	size_t n = 0;
	args[n++] = "-xc";
	args[n++] = "-ferror-limit=0";
	args[n++] = "-D__rust_helper=__attribute__((annotate(\"" ANNOTATION "\")))";
	for (size_t i = 0; i < a->clang_args.len; i++)
		args[n++] = a->clang_args.v[i];
	enum CXErrorCode e = clang_parseTranslationUnit2(ix, path, args, (int)n, NULL, 0,
							 CXTranslationUnit_DetailedPreprocessingRecord, &a->tu);
	if (e != CXError_Success)
		return error("%s: libclang cannot parse it (error %d): missing, or bad clang arguments", path, (int)e);
	return 0;
}

static int audit_file(struct audit *a, CXIndex ix, const char *path)
{
	if (parse(a, ix, path) < 0)
		return -1;
	a->macros = (struct strset){0};
	clang_visitChildren(clang_getTranslationUnitCursor(a->tu), visit_top, a);
	check_diagnostics(a);
	clang_disposeTranslationUnit(a->tu);
	return 0;
}

/* ---- --coverage: the header's inline functions and function-like macros without a helper ---- */

static enum CXChildVisitResult visit_api(CXCursor c, CXCursor parent, CXClientData data)
{
	struct audit *a = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (!clang_Location_isFromMainFile(at(c)))
		return CXChildVisit_Continue;
	bool inline_fn = k == CXCursor_FunctionDecl && clang_isCursorDefinition(c) &&
			 (clang_getCursorLinkage(c) == CXLinkage_Internal || clang_Cursor_isFunctionInlined(c));
	bool macro = k == CXCursor_MacroDefinition && clang_Cursor_isMacroFunctionLike(c);
	char *name = spelling(c);
	if ((inline_fn || macro) && name[0] != '_' && !strset_has(&a->wrapped, name))
		report(a, at(c), "coverage", false, NULL, "%s: %s without a helper", name,
		       macro ? "function-like macro" : "inline function");
	return CXChildVisit_Continue;
}

static int check_coverage(struct audit *a, CXIndex ix, const char *header)
{
	for (size_t i = 0; i < a->helpers.len; i++) {
		const struct helper *h = a->helpers.v[i];
		if (h->callee)
			strset_add(&a->wrapped, h->callee);
	}
	if (parse(a, ix, header) < 0)
		return -1;
	clang_visitChildren(clang_getTranslationUnitCursor(a->tu), visit_api, a);
	clang_disposeTranslationUnit(a->tu);
	return 0;
}

static int cmp_place(const char *fa, unsigned la, unsigned ca, const char *fb, unsigned lb, unsigned cb)
{
	int c = strcmp(fa, fb);
	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return ca < cb ? -1 : ca > cb;
}

static int cmp_helper(const void *x, const void *y)
{
	const struct helper *a = *(struct helper *const *)x, *b = *(struct helper *const *)y;
	return cmp_place(a->file, a->line, a->col, b->file, b->line, b->col);
}

/*
 * The same name defined twice is an error; the same function wrapped twice,
 * a warning.  Reported at the later definition in file order, whatever the
 * order the files were given in.
 */
static void check_duplicates(struct audit *a)
{
	vec_sort(&a->helpers, cmp_helper);
	for (size_t i = 0; i < a->helpers.len; i++) {
		const struct helper *h = a->helpers.v[i];
		for (size_t j = 0; j < i; j++) {
			const struct helper *o = a->helpers.v[j];
			bool same_name = !strcmp(h->name, o->name);
			if (!same_name && !(h->callee && o->callee && !strcmp(h->callee, o->callee)))
				continue;
			struct finding *f = xmalloc(sizeof *f);
			*f = (struct finding){h->file, h->line, h->col, same_name || a->werror, "duplicate", h->name,
					      same_name ? xprintf("%s: also defined at %s:%u", h->name, o->file, o->line)
							: xprintf("%s: wraps %s, as %s does (%s:%u)", h->name, h->callee,
								  o->name, o->file, o->line)};
			if (!strset_has(&a->ignore, "duplicate"))
				vec_push(&a->findings, f);
			break;
		}
	}
}

/* ---- report ---- */

static int cmp_finding(const void *x, const void *y)
{
	const struct finding *a = *(struct finding *const *)x, *b = *(struct finding *const *)y;
	int c = cmp_place(a->file, a->line, a->col, b->file, b->line, b->col);
	return c ? c : strcmp(a->check, b->check); /* qsort is not stable */
}

static void report_text(const struct audit *a, unsigned errors, struct buf *b)
{
	for (size_t i = 0; i < a->findings.len; i++) {
		const struct finding *f = a->findings.v[i];
		buf_addf(b, "%s:%u:%u: %s: %s [%s]\n", f->file, f->line, f->col, f->error ? "error" : "warning", f->msg,
			 f->check);
	}
	size_t n = a->helpers.len, w = a->findings.len - errors;
	buf_addf(b, "cshim audit: %zu helper%s, %u error%s, %zu warning%s\n", n, n == 1 ? "" : "s", errors,
		 errors == 1 ? "" : "s", w, w == 1 ? "" : "s");
}

static void report_json(const struct audit *a, unsigned errors, struct buf *b)
{
	buf_add(b, "{\"prefix\": ");
	buf_json_str(b, a->prefix);
	buf_addf(b, ", \"helpers\": %zu, \"errors\": %u, \"warnings\": %zu, \"findings\": [", a->helpers.len, errors,
		 a->findings.len - errors);
	for (size_t i = 0; i < a->findings.len; i++) {
		const struct finding *f = a->findings.v[i];
		buf_add(b, i ? ",\n  {\"file\": " : "\n  {\"file\": ");
		buf_json_str(b, f->file);
		buf_addf(b, ", \"line\": %u, \"col\": %u, \"severity\": \"%s\", \"check\": ", f->line, f->col,
			 f->error ? "error" : "warning");
		buf_json_str(b, f->check);
		buf_add(b, ", \"helper\": ");
		buf_json_str(b, f->helper);
		buf_add(b, ", \"message\": ");
		buf_json_str(b, f->msg);
		buf_addc(b, '}');
	}
	buf_add(b, "]}\n");
}

int cmd_audit(int argc, char **argv)
{
	struct audit a = {.prefix = DEFAULT_PREFIX};
	int r = parse_args(&a, argc, argv);
	if (r >= 0)
		return r;
	CXIndex ix = clang_createIndex(0, 0);
	for (size_t i = 0; i < a.files.len && r < 0; i++)
		if (audit_file(&a, ix, a.files.v[i]) < 0)
			r = EXIT_USAGE;
	for (size_t i = 0; i < a.coverage.len && r < 0; i++)
		if (check_coverage(&a, ix, a.coverage.v[i]) < 0)
			r = EXIT_USAGE;
	clang_disposeIndex(ix);
	if (r >= 0)
		return r;
	check_duplicates(&a);
	vec_sort(&a.findings, cmp_finding);
	unsigned errors = 0;
	for (size_t i = 0; i < a.findings.len; i++)
		errors += ((struct finding *)a.findings.v[i])->error;
	struct buf out = {0};
	if (a.json)
		report_json(&a, errors, &out);
	else
		report_text(&a, errors, &out);
	fputs(out.s, stdout);
	return errors ? EXIT_FAIL : EXIT_OK;
}
