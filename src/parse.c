/*
 * parse.c: headers → inventory.  The only stage that talks to libclang.
 *
 * All input headers are #included by one synthetic main file, parsed once
 * with the user's clang arguments, followed by macros.c's probe lines
 * (overlap.c runs the parse).  Any error in the headers ends the run
 * with clang's own file:line:col diagnostics: a translation unit with errors
 * still has cursors, and generating helpers from it would silently produce
 * wrong code.  Then every top-level function definition without a linkable
 * symbol (static, static inline, or a C99 inline definition that no
 * declaration makes extern) in a selected file becomes an inventory item:
 * wrapped, with its helper's C and Rust signatures, or skipped with the
 * reason.  By default the selected files are the headers named on the command
 * line; --allowlist-file replaces that with a regex on the file path.
 */
#define _POSIX_C_SOURCE 200809L
#include "parse.h"

#include <regex.h>
#include <string.h>


bool matches(const struct vec *res, const char *s)
{
	for (size_t i = 0; i < res->len; i++)
		if (regexec(res->v[i], s, 0, NULL, 0) == 0)
			return true;
	return false;
}

static char *synthetic_source(const struct options *o, struct inventory *inv)
{
	struct buf b = {0};
	for (size_t i = 0; i < o->headers.len; i++) {
		const char *h = o->headers.v[i];
		if (h[0] == '<') {
			buf_addf(&b, "#include %s\n", h);
		} else if (file_readable(h) < 0) {
			return NULL;
		} else if (strpbrk(h, "\"\\\n")) {
			error("%s: header path contains a quote, backslash or newline", h);
			return NULL;
		} else {
			buf_addf(&b, "#include \"%s\"\n", h);
		}
		vec_push(&inv->includes, (void *)h);
	}
	return b.s;
}

/* A file's name as outputs show it (path_display): without the "./" clang
 * prefixes to headers found beside the synthetic main file (which sits in the
 * current directory), relative when under the current directory. */
const char *file_name(CXFile f)
{
	return path_display(cx_str(clang_getFileName(f)));
}

/*
 * One diagnostic as a compiler prints it: file:line:col: severity: message
 * [-Wflag].  One without a file is about the clang arguments after --
 * (unknown argument: '-fbogus'), printed as the driver would: "cshim: error: ...".
 */
void print_diagnostic(CXDiagnostic d)
{
	static const char *const severity[] = {"ignored", "note", "warning", "error", "fatal error"};
	CXFile f;
	unsigned line, col;
	clang_getFileLocation(clang_getDiagnosticLocation(d), &f, &line, &col, NULL);
	const char *where = f ? xprintf("%s:%u:%u", file_name(f), line, col) : progname;
	if (f && !strcmp(file_name(f), MAIN_FILE))
		return; /* "in file included from" the synthetic file: noise */
	char *opt = cx_str(clang_getDiagnosticOption(d, NULL));
	fprintf(stderr, "%s: %s: %s%s%s%s\n", where, severity[clang_getDiagnosticSeverity(d)],
		cx_str(clang_getDiagnosticSpelling(d)), *opt ? " [" : "", opt, *opt ? "]" : "");
}

/* A file of the probe lines, the synthetic main file, or another. */
static enum file_kind file_kind(struct parse *p, CXFile f)
{
	if (!f)
		return FILE_OTHER;
	if (f == p->kind_of) /* the same file as the last question: most are */
		return p->kind;
	enum file_kind kind = p->main_file && clang_File_isEqual(f, p->main_file) ? FILE_MAIN : FILE_OTHER;
	for (size_t i = 0; kind == FILE_OTHER && i < p->probe_files.len; i++)
		if (clang_File_isEqual(f, p->probe_files.v[i]))
			kind = FILE_PROBE;
	p->kind_of = f;
	p->kind = kind;
	return kind;
}

static bool is_probe_file(struct parse *p, CXFile f)
{
	return file_kind(p, f) == FILE_PROBE;
}

/* In the probe lines, or at their #includes in the synthetic file (where
 * clang reports a line that runs on past the end of the last one). */
bool in_probe_file(struct parse *p, CXSourceLocation loc)
{
	CXFile f;
	unsigned line;
	clang_getExpansionLocation(loc, &f, &line, NULL, NULL);
	enum file_kind kind = file_kind(p, f);
	return kind == FILE_PROBE || (kind == FILE_MAIN && line > p->main_lines);
}

/*
 * The diagnostics of p->tu, n set to their count.  Not clang_getNumDiagnostics:
 * once a diagnostic has notes, every call of it builds the whole set again
 * (16M instructions per call on the glibc set).  The TU owns the set.
 */
CXDiagnosticSet tu_diagnostics(struct parse *p, unsigned *n)
{
	CXDiagnosticSet set = clang_getDiagnosticSetFromTU(p->tu);
	*n = clang_getNumDiagnosticsInSet(set);
	return set;
}

/* Print the headers' errors (with their notes) like a compiler; returns how
 * many.  The probe lines' are macros.c's to judge. */
static int report_errors(struct parse *p)
{
	int errors = 0;
	unsigned n;
	CXDiagnosticSet set = tu_diagnostics(p, &n);
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnosticInSet(set, i);
		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error && !in_probe_file(p, clang_getDiagnosticLocation(d))) {
			errors++;
			print_diagnostic(d);
			CXDiagnosticSet kids = clang_getChildDiagnostics(d);
			for (unsigned k = 0; k < clang_getNumDiagnosticsInSet(kids); k++) {
				CXDiagnostic note = clang_getDiagnosticInSet(kids, k);
				print_diagnostic(note);
				clang_disposeDiagnostic(note);
			}
		}
		clang_disposeDiagnostic(d);
	}
	return errors;
}

static void on_inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct parse *p = data;
	if (depth == 0 || is_probe_file(p, file))
		return; /* the main file itself, or the probe lines */
	const char *name = file_name(file);
	if (depth == 1)
		vec_push(&p->direct, file);
	if (p->writer)
		vec_push(&p->files, file);
	vec_push(&p->inv->deps, (void *)name);
	(void)stack;
}

static bool is_direct(struct parse *p, CXFile f)
{
	for (size_t i = 0; i < p->direct.len; i++)
		if (clang_File_isEqual(p->direct.v[i], f))
			return true;
	return false;
}

static CXCursor *cursor_copy(CXCursor c)
{
	CXCursor *k = xmalloc(sizeof *k);
	*k = c;
	return k;
}

bool selected_file(struct parse *p, CXCursor c)
{
	CXFile f;
	clang_getFileLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
	if (!f)
		return false;
	/* Declarations come file by file: the last answer is usually the one
	 * (regexec costs thousands of instructions, for tens of thousands of macros). */
	if (p->last_file && clang_File_isEqual(f, p->last_file))
		return p->last_selected;
	const struct options *o = p->o;
	p->last_file = f;
	return p->last_selected = o->allow_file.len ? matches(&o->allow_file, file_name(f)) : is_direct(p, f);
}

bool selected_name(const struct vec *allow, const struct vec *block, const char *name)
{
	return (!allow->len || matches(allow, name)) && !matches(block, name);
}

/* static, static inline, or inline: a function that may have no symbol (lacks_symbol decides for a definition). */
static bool static_or_inline(CXCursor c)
{
	return clang_getCursorLinkage(c) == CXLinkage_Internal || clang_Cursor_isFunctionInlined(c);
}

/*
 * Macros, functions and extern declarations.  The writer's parse has no
 * bodies (no definitions): it wants macros and declarations for the probes;
 * the main parse wants extern declarations and inline definitions.
 */
static enum CXChildVisitResult gather(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct parse *p = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_MacroDefinition) { /* only the writer's parse has a preprocessing record */
		char *name = cx_str(clang_getCursorSpelling(c));
		CXCursor *last = strset_get(&p->last_def, name);
		if (last)
			*last = c; /* redefined: the later one holds at the end of the TU */
		else
			strset_put(&p->last_def, name, cursor_copy(c));
		strset_add(&p->macros, name);
		if (!clang_Cursor_isMacroBuiltin(c) && selected_file(p, c))
			vec_push(&p->macro_defs, cursor_copy(c));
	} else if (k == CXCursor_FunctionDecl && p->writer) {
		struct named_cursor *f = xmalloc(sizeof *f);
		*f = (struct named_cursor){cx_str(clang_getCursorSpelling(c)), c};
		vec_push(&p->funcs, f);
		if (static_or_inline(c))
			strset_add(&p->inlines, f->name); /* a spec line may name it */
	} else if (k == CXCursor_FunctionDecl) {
		if (clang_Cursor_getStorageClass(c) == CX_SC_Extern)
			strset_add(&p->externs, cx_str(clang_getCursorSpelling(c)));
		if (clang_isCursorDefinition(c) && static_or_inline(c))
			vec_push(&p->inline_defs, cursor_copy(c));
	}
	return CXChildVisit_Continue;
}

void parse_gather(struct parse *p)
{
	clang_getInclusions(p->tu, on_inclusion, p);
	clang_visitChildren(clang_getTranslationUnitCursor(p->tu), gather, p);
}

/* Does this definition leave no symbol to link against? */
static bool lacks_symbol(struct parse *p, CXCursor c)
{
	if (!clang_isCursorDefinition(c))
		return false;
	if (clang_getCursorLinkage(c) == CXLinkage_Internal)
		return true; /* static, static inline */
	/* C99 inline definition: no symbol unless some declaration is extern. */
	return clang_Cursor_isFunctionInlined(c) && clang_Cursor_getStorageClass(c) == CX_SC_None &&
	       !strset_has(&p->externs, cx_str(clang_getCursorSpelling(c)));
}

bool param_name_ok(struct parse *p, const char *fn, const char *name, struct param *prev, size_t nprev)
{
	if (!*name || !strcmp(name, fn) || strset_has(&p->macros, name) || not_rust_ident(name))
		return false;
	for (size_t i = 0; i < nprev; i++)
		if (!strcmp(prev[i].name, name))
			return false;
	return true;
}

/*
 * Structs and unions by value cross the helper by pointer, both ways.  clang
 * and rustc lower a small aggregate to different LLVM signatures (clang
 * passes struct { long a, b; } as two i64, rustc as one { i64, i64 }), and
 * LLVM's inliner never inlines a call whose signature differs from the
 * callee's, so a by-value helper would stay a call even with always_inline.
 * Pointers lower the same everywhere; after inlining the copy disappears.
 */
static bool is_aggregate(CXType t)
{
	enum CXTypeKind k = clang_getCanonicalType(t).kind;
	return k == CXType_Record || k == CXType_Vector; /* SIMD vectors differ the same way */
}

static char *out_param_name(struct parse *p, struct item *it)
{
	char *name = "ret";
	while (!param_name_ok(p, it->name, name, it->params, it->nparams))
		name = xprintf("%s_", name);
	return name;
}

/* Parameters, the helper's declarator and the Rust types; false + reason on failure. */
bool build_signature(struct parse *p, CXCursor c, struct item *it)
{
	CXType ft = clang_getCursorType(c);
	int n = clang_Cursor_getNumArguments(c);
	if (ft.kind == CXType_FunctionProto && clang_isFunctionTypeVariadic(ft))
		return it->reason = "variadic: a helper cannot forward '...'", false;
	if (ft.kind == CXType_FunctionNoProto && n > 0)
		return it->reason = "K&R-style definition: its parameters have no prototype", false;
	it->nparams = n > 0 ? (size_t)n : 0;
	it->params = xmalloc((it->nparams + 1) * sizeof *it->params);
	struct buf ps = {0}, orig = {0};
	for (size_t i = 0; i < it->nparams; i++) {
		CXCursor a = clang_Cursor_getArgument(c, (unsigned)i);
		CXType t = clang_getCursorType(a);
		char *oname = cx_str(clang_getCursorSpelling(a));
		struct param *pm = &it->params[i];
		pm->name = param_name_ok(p, it->name, oname, it->params, i) ? oname : xprintf("arg%zu", i);
		pm->by_ref = is_aggregate(t);
		pm->cls = type_class(t);
		pm->c_type = c_decl(t, "", &it->reason);
		if (!(pm->c_decl = c_decl(t, pm->by_ref ? xprintf("*%s", pm->name) : pm->name, &it->reason)))
			return false;
		if (pm->by_ref && !clang_isConstQualifiedType(t))
			pm->c_decl = xprintf("const %s", pm->c_decl);
		if (!(pm->rust_type = rust_param_type(p->rt, t, &it->rdeps, &it->reason)))
			return false;
		pm->rust_name = rust_ident(pm->name);
		buf_addf(&ps, "%s%s", i ? ", " : "", pm->c_decl);
		buf_addf(&orig, "%s%s", i ? ", " : "", c_decl(t, oname, &it->reason));
	}
	CXType ret = clang_getResultType(ft);
	it->returns_void = clang_getCanonicalType(ret).kind == CXType_Void;
	it->ret_cls = type_class(ret);
	char *params = it->nparams ? ps.s : "void";
	if (!it->returns_void && is_aggregate(ret)) {
		it->ret_out = out_param_name(p, it);
		char *out = c_decl(ret, xprintf("*%s", it->ret_out), &it->reason);
		if (!out)
			return false;
		it->helper_decl = xprintf("void %s(%s%s%s)", it->helper, out, it->nparams ? ", " : "", it->nparams ? ps.s : "");
	} else if (!(it->helper_decl = c_decl(ret, xprintf("%s(%s)", it->helper, params), &it->reason))) {
		return false;
	}
	it->c_signature = c_decl(ret, xprintf("%s(%s)", it->name, it->nparams ? orig.s : "void"), &it->reason);
	if (!it->returns_void && !(it->rust_ret = rust_param_type(p->rt, ret, &it->rdeps, &it->reason)))
		return false;
	/* (f)(...): the parentheses keep a same-name function-like macro from expanding */
	struct buf call = {0};
	buf_add(&call, it->kind == KIND_INLINE_FN ? xprintf("(%s)(", it->name) : xprintf("%s(", it->name));
	for (size_t i = 0; i < it->nparams; i++)
		buf_addf(&call, "%s%s%s", i ? ", " : "", it->params[i].by_ref ? "*" : "", it->params[i].name);
	buf_add(&call, ")");
	it->call = call.s;
	return true;
}

/* An inline function's item: its place, helper and signature (its body's verdict comes later). */
static struct item *inline_item(struct parse *p, CXCursor c, char *name)
{
	CXFile f;
	struct item *it = xmalloc(sizeof *it);
	clang_getFileLocation(clang_getCursorLocation(c), &f, &it->line, &it->col, NULL);
	it->kind = KIND_INLINE_FN;
	it->name = name;
	it->file = file_name(f);
	it->helper = xprintf("%s%s", p->o->prefix, name);
	it->rust_name = rust_ident(name);
	if ((it->reason = not_rust_ident(name)))
		it->status = ST_SKIPPED;
	else
		it->status = build_signature(p, c, it) ? ST_WRAPPED : ST_SKIPPED;
	if (!it->c_signature)
		it->c_signature = xprintf("%s(...)", name);
	return it;
}

/* The same declaration in the writer's parse and the main one: its name and place. */
static char *place_key(CXCursor c, const char *name)
{
	CXFile f;
	unsigned line, col;
	clang_getFileLocation(clang_getCursorLocation(c), &f, &line, &col, NULL);
	return xprintf("%s@%s:%u:%u", name, f ? file_name(f) : "", line, col);
}

/*
 * The writer's parse has no bodies, so it cannot tell definitions, but it
 * has every declaration: it builds the item of each static or inline one in
 * a selected file, which the main parse then takes for the definitions
 * (visit), and so does not spend its own time on signatures.  After gather:
 * parameter names avoid every macro, defined before or after the function.
 * A traversal rather than a loop over gather's funcs, for the reason visit
 * gives (memcheck and libclang's frames).
 */
static enum CXChildVisitResult prepare(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct parse *p = data;
	if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !static_or_inline(c))
		return CXChildVisit_Continue;
	char *name = cx_str(clang_getCursorSpelling(c));
	if (selected_file(p, c) && selected_name(&p->o->allow_fn, &p->o->block_fn, name))
		strset_put(&p->prepared, place_key(c, name), inline_item(p, c, name));
	return CXChildVisit_Continue;
}

void parse_prepare(struct parse *p)
{
	clang_visitChildren(clang_getTranslationUnitCursor(p->tu), prepare, p);
}

/*
 * A definition without a symbol in a selected file → an item.  (A traversal
 * of its own rather than a loop over inline_defs: libclang reads bytes that
 * memcheck cannot prove initialised, and its frames on the stack are what
 * tests/valgrind/libclang.supp recognises.)
 */
static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct parse *p = data;
	if (clang_getCursorKind(c) != CXCursor_FunctionDecl || in_probe_file(p, clang_getCursorLocation(c)) || !lacks_symbol(p, c))
		return CXChildVisit_Continue;
	char *name = cx_str(clang_getCursorSpelling(c));
	if (!selected_file(p, c) || !selected_name(&p->o->allow_fn, &p->o->block_fn, name))
		return CXChildVisit_Continue;
	struct item *it = strset_get(&p->prepared, place_key(c, name));
	if (!it) /* not a static or inline declaration where the writer looked (a non-static redeclaration) */
		it = inline_item(p, c, name);
	if (it->status == ST_WRAPPED && (it->reason = bodies_reason(p, name)))
		it->status = ST_SKIPPED;
	if (!strset_add(&p->seen, name)) {
		it->status = ST_SKIPPED;
		it->reason = "defined again: another definition of this name was taken first";
	}
	vec_push(&p->inv->items, it);
	return CXChildVisit_Continue;
}

static int by_name(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a, *y = *(struct item *const *)b;
	int r = strcmp(x->name, y->name);
	if (r)
		return r;
	r = strcmp(x->file, y->file);
	return r ? r : (x->line > y->line) - (x->line < y->line);
}

static void unique_sorted(struct vec *v)
{
	vec_sort(v, str_cmp);
	size_t out = 0;
	for (size_t i = 0; i < v->len; i++)
		if (!out || strcmp(v->v[out - 1], v->v[i]) != 0)
			v->v[out++] = v->v[i];
	v->len = out;
}

const char **parse_args(const struct options *o, bool writer, int *n)
{
	const char **args = xmalloc((o->clang_args.len + 5) * sizeof *args);
	int k = 0;
	args[k++] = "-x";
	args[k++] = "c";
	args[k++] = "-ferror-limit=0";
	for (size_t i = 0; i < o->clang_args.len; i++)
		args[k++] = o->clang_args.v[i];
	if (writer)
		args[k++] = "-w"; /* its diagnostics are not read: the main parse has them all */
	*n = k;
	return args;
}

int parse_unsaved(CXIndex ix, const char **args, int n, struct CXUnsavedFile *unsaved, unsigned nunsaved,
		  unsigned flags, CXTranslationUnit *tu)
{
	enum CXErrorCode e = clang_parseTranslationUnit2(ix, unsaved[0].Filename, args, n, unsaved, nunsaved, flags, tu);
	if (e != CXError_Success)
		return error("libclang could not parse the headers (error %d); check the clang arguments", (int)e);
	return 0;
}

int parse_headers(const struct options *o, struct inventory *inv)
{
	char *src = synthetic_source(o, inv);
	if (!src)
		return -1;
	struct parse p = {.o = o, .inv = inv, .rt = rtypes_new()};
	CXIndex ix = clang_createIndex(0, 0);
	inv->clang_version = cx_str(clang_getClangVersion());
	struct probes ps = {0};
	struct vec macro_items = {0};
	int r = bodies_read_symbols(&p);
	if (r == 0)
		r = parse_overlapped(&p, ix, src, &ps, &macro_items);
	if (r == 0 && (r = report_errors(&p)) > 0)
		r = error("%d error%s in the headers; nothing written", r, r == 1 ? "" : "s");
	if (r == 0) {
		parse_gather(&p);
		bodies_analyse(&p, &p.inline_defs);
		clang_visitChildren(clang_getTranslationUnitCursor(p.tu), visit, &p);
		r = macros_take(&p, &ps, &macro_items);
	}
	if (r == 0) {
		vec_sort(&inv->items, by_name);
		unique_sorted(&inv->deps);
		rtypes_collect(p.rt, inv);
	}
	if (p.tu)
		clang_disposeTranslationUnit(p.tu);
	clang_disposeIndex(ix);
	return r;
}
