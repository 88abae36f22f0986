/*
 * types.c: translating libclang types, for the C helpers and for Rust.
 *
 * C side: libclang spells types as abstract declarators ("int (*)(int)"), to
 * which no parameter name can be appended, so c_decl() rebuilds the
 * declarator from the type's structure (pointer, array, function) and uses
 * libclang's spelling only for the leaves: typedef names, struct tags and
 * builtin types stay exactly as the header wrote them, qualifiers included.
 *
 * Rust side: scalars map to core::ffi types, pointers to raw pointers,
 * function pointers to Option<unsafe extern "C" fn>, typedefs to `pub type`
 * aliases.  A struct or union only used behind pointers becomes an opaque
 * #[repr(C)] type; one passed by value gets its fields, but only when the
 * Rust #[repr(C)] layout provably equals clang's (no bit-fields, no packing,
 * every field offset checked), otherwise the function is skipped with the
 * reason.  Enums become their integer type plus the enumerators as consts.
 * The registry remembers each named Rust type and what it depends on, so only
 * the types reachable from wrapped functions are emitted.
 */
#include "types.h"

#include <stdlib.h>
#include <string.h>

char *cx_str(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c ? c : "");
	clang_disposeString(s);
	return r;
}

/* ---- C declarators ---- */

static bool is_array_or_fn(CXType t)
{
	switch (t.kind) {
	case CXType_ConstantArray:
	case CXType_IncompleteArray:
	case CXType_VariableArray:
	case CXType_DependentSizedArray:
	case CXType_FunctionProto:
	case CXType_FunctionNoProto:
		return true;
	default:
		return false;
	}
}

static char *pointer_quals(CXType t)
{
	struct buf b = {0};
	if (clang_isConstQualifiedType(t))
		buf_add(&b, "const ");
	if (clang_isVolatileQualifiedType(t))
		buf_add(&b, "volatile ");
	if (clang_isRestrictQualifiedType(t))
		buf_add(&b, "restrict ");
	if (b.len)
		b.s[--b.len] = '\0';
	return b.s ? b.s : "";
}

/* The record or enum behind t, if it has no name at all. */
static bool is_unnameable(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	if (c.kind != CXType_Record && c.kind != CXType_Enum)
		return false;
	/* A typedef'd anonymous aggregate is named by its typedef. */
	if (t.kind == CXType_Typedef)
		return false;
	if (t.kind == CXType_Elaborated)
		return is_unnameable(clang_Type_getNamedType(t));
	return clang_Cursor_isAnonymous(clang_getTypeDeclaration(c));
}

static char *c_params(CXType fn, char **reason)
{
	int n = clang_getNumArgTypes(fn);
	if (n == 0)
		return clang_isFunctionTypeVariadic(fn) ? "..." : "void";
	struct buf b = {0};
	for (int i = 0; i < n; i++) {
		char *p = c_decl(clang_getArgType(fn, (unsigned)i), "", reason);
		if (!p)
			return NULL;
		buf_addf(&b, "%s%s", i ? ", " : "", p);
	}
	if (clang_isFunctionTypeVariadic(fn))
		buf_add(&b, ", ...");
	return b.s;
}

char *c_decl(CXType t, const char *inner, char **reason)
{
	switch (t.kind) {
	case CXType_Pointer: {
		CXType p = clang_getPointeeType(t);
		char *q = pointer_quals(t);
		char *d = xprintf("*%s%s%s", q, *q && *inner ? " " : "", inner);
		return c_decl(p, is_array_or_fn(p) ? xprintf("(%s)", d) : d, reason);
	}
	case CXType_ConstantArray:
		return c_decl(clang_getArrayElementType(t), xprintf("%s[%lld]", inner, clang_getArraySize(t)), reason);
	case CXType_IncompleteArray:
		return c_decl(clang_getArrayElementType(t), xprintf("%s[]", inner), reason);
	case CXType_FunctionProto: {
		char *ps = c_params(t, reason);
		return ps ? c_decl(clang_getResultType(t), xprintf("%s(%s)", inner, ps), reason) : NULL;
	}
	case CXType_FunctionNoProto:
		return c_decl(clang_getResultType(t), xprintf("%s()", inner), reason);
	case CXType_VariableArray:
		*reason = "variable-length array type";
		return NULL;
	default:
		break;
	}
	if (is_unnameable(t)) {
		*reason = xprintf("anonymous type '%s' cannot be named outside its declaration", cx_str(clang_getTypeSpelling(t)));
		return NULL;
	}
	char *spelling = cx_str(clang_getTypeSpelling(t));
	return *inner ? xprintf("%s %s", spelling, inner) : spelling;
}

/* ---- Rust names ---- */

static const char *const rust_keywords[] = {
	"abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do",
	"dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in",
	"let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
	"return", "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
	"use", "virtual", "where", "while", "yield", NULL,
};
/* Keywords that cannot be raw identifiers get a trailing underscore. */
static const char *const rust_unraw[] = {"self", "Self", "super", "crate", "_", NULL};
/* Type names Rust resolves itself; a C typedef of that name is looked through. */
static const char *const rust_primitives[] = {
	"bool", "char", "str", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32",
	"u64", "u128", "usize", "f16", "f32", "f64", "f128", NULL,
};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

/* rust_keywords is sorted: a binary search, as every name of the run is looked up. */
static bool is_rust_keyword(const char *s)
{
	size_t n = sizeof rust_keywords / sizeof *rust_keywords - 1;
	return bsearch(&s, rust_keywords, n, sizeof *rust_keywords, str_cmp) != NULL;
}

char *rust_ident(const char *name)
{
	if (in_list(rust_unraw, name))
		return xprintf("%s_", name);
	if (is_rust_keyword(name))
		return xprintf("r#%s", name);
	return xstrdup(name);
}

/*
 * C allows '$' (a GNU extension) and, in clang, non-ASCII letters in names;
 * Rust has no '$' and refuses non-ASCII names on extern items.
 */
char *not_rust_ident(const char *name)
{
	for (const char *s = name; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (s > name && *s >= '0' && *s <= '9')))
			return xprintf("'%s' is not a Rust name: only ASCII letters, digits and '_'", name);
	return NULL;
}

/* ---- the registry ---- */

struct rtypes {
	struct vec all; /* struct rtype * */
	struct strset by_name; /* Rust name → struct rtype * */
	/* While laying out a member: the Rust name and C description its type
	 * takes if that type is an anonymous struct or union (see layout_field). */
	const char *anon_name, *anon_c_name;
};

struct rtypes *rtypes_new(void) { return xmalloc(sizeof(struct rtypes)); }

static struct rtype *rt_find(struct rtypes *rt, const char *name) { return strset_get(&rt->by_name, name); }

/*
 * Look up or add the Rust type `name` standing for the C type `c_name`.
 * Two different C types wanting one Rust name is a conflict (NULL).
 */
static struct rtype *rt_intern(struct rtypes *rt, const char *name, const char *c_name, enum rtype_kind kind, char **reason)
{
	char *bad = not_rust_ident(name);
	if (bad)
		return *reason = bad, NULL;
	char *rname = rust_ident(name);
	struct rtype *r = rt_find(rt, rname);
	if (r) {
		if (strcmp(r->c_name, c_name) != 0) {
			*reason = xprintf("Rust name '%s' would stand for both '%s' and '%s'", rname, r->c_name, c_name);
			return NULL;
		}
		return r;
	}
	r = xmalloc(sizeof *r);
	r->name = rname;
	r->c_name = xstrdup(c_name);
	r->kind = kind;
	vec_push(&rt->all, r);
	strset_put(&rt->by_name, r->name, r);
	return r;
}

static char *rust_type(struct rtypes *rt, CXType t, bool by_value, struct vec *deps, char **reason);

static const char *rust_builtin(enum CXTypeKind k)
{
	switch (k) {
	case CXType_Bool: return "bool";
	case CXType_Char_S:
	case CXType_Char_U: return "::core::ffi::c_char";
	case CXType_SChar: return "::core::ffi::c_schar";
	case CXType_UChar: return "::core::ffi::c_uchar";
	case CXType_Short: return "::core::ffi::c_short";
	case CXType_UShort: return "::core::ffi::c_ushort";
	case CXType_Int: return "::core::ffi::c_int";
	case CXType_UInt: return "::core::ffi::c_uint";
	case CXType_Long: return "::core::ffi::c_long";
	case CXType_ULong: return "::core::ffi::c_ulong";
	case CXType_LongLong: return "::core::ffi::c_longlong";
	case CXType_ULongLong: return "::core::ffi::c_ulonglong";
	case CXType_Float: return "f32";
	case CXType_Double: return "f64";
	default: return NULL;
	}
}

/* unsafe extern "C" fn(...) -> R, for a pointer to function type fn. */
static char *rust_fn_pointer(struct rtypes *rt, CXType fn, struct vec *deps, char **reason)
{
	struct buf b = {0};
	buf_add(&b, "::core::option::Option<unsafe extern \"C\" fn(");
	int n = fn.kind == CXType_FunctionProto ? clang_getNumArgTypes(fn) : 0;
	for (int i = 0; i < n; i++) {
		char *a = rust_param_type(rt, clang_getArgType(fn, (unsigned)i), deps, reason);
		if (!a)
			return NULL;
		buf_addf(&b, "%s%s", i ? ", " : "", a);
	}
	if (fn.kind == CXType_FunctionProto && clang_isFunctionTypeVariadic(fn))
		buf_add(&b, n ? ", ..." : "...");
	buf_add(&b, ")");
	CXType ret = clang_getResultType(fn);
	if (clang_getCanonicalType(ret).kind != CXType_Void) {
		char *r = rust_type(rt, ret, true, deps, reason);
		if (!r)
			return NULL;
		buf_addf(&b, " -> %s", r);
	}
	buf_add(&b, ">");
	return b.s;
}

static char *rust_pointer(struct rtypes *rt, CXType pointee, struct vec *deps, char **reason)
{
	CXType c = clang_getCanonicalType(pointee);
	if (c.kind == CXType_FunctionProto || c.kind == CXType_FunctionNoProto)
		return rust_fn_pointer(rt, c, deps, reason);
	const char *mut = clang_isConstQualifiedType(pointee) ? "*const" : "*mut";
	if (c.kind == CXType_Void)
		return xprintf("%s ::core::ffi::c_void", mut);
	char *p = rust_type(rt, pointee, false, deps, reason);
	return p ? xprintf("%s %s", mut, p) : NULL;
}

static bool is_va_list(const char *name)
{
	return !strcmp(name, "va_list") || !strcmp(name, "__builtin_va_list") || !strcmp(name, "__gnuc_va_list");
}

static char *rust_typedef(struct rtypes *rt, CXType t, bool by_value, struct vec *deps, char **reason)
{
	CXCursor decl = clang_getTypeDeclaration(t);
	char *name = cx_str(clang_getCursorSpelling(decl));
	CXType under = clang_getTypedefDeclUnderlyingType(decl);
	if (is_va_list(name)) {
		*reason = xprintf("'%s' has no stable Rust type", name);
		return NULL;
	}
	CXType uc = clang_getCanonicalType(under);
	/* An aggregate that only the typedef names takes the typedef's name. */
	if ((uc.kind == CXType_Record || uc.kind == CXType_Enum) &&
	    !strcmp(cx_str(clang_getCursorSpelling(clang_getTypeDeclaration(uc))), name))
		return rust_type(rt, uc, by_value, deps, reason);
	struct vec named = {0};
	char *target = rust_type(rt, under, by_value, &named, reason);
	for (size_t i = 0; i < named.len; i++)
		vec_push(deps, named.v[i]);
	if (!target || in_list(rust_primitives, name))
		return target;
	if (!strcmp(rust_ident(name), target))
		return target; /* typedef struct foo foo; */
	struct rtype *r = rt_intern(rt, name, xprintf("typedef %s", name), RT_ALIAS, reason);
	if (!r)
		return NULL;
	if (!r->alias) {
		r->alias = target;
		r->deps = named; /* what the alias names, for reachability */
	}
	vec_push(deps, r);
	return r->name;
}

static long long round_up(long long n, long long a) { return a > 0 ? (n + a - 1) / a * a : n; }

struct layout {
	struct rtypes *rt;
	struct rtype *r;
	bool is_union;
	long long offset, max_align;
	char *reason;
	int anon; /* anonymous members so far */
};

/*
 * The Rust type of member `name` of l->r.  A member whose struct or union type
 * has no tag (`struct { uint32_t head, tail; } pos;`) gets a Rust type named
 * after the path to it, <outer>_<member>, as C code never names that type.
 */
static char *member_type(struct layout *l, const char *name, CXType t)
{
	const char *saved_name = l->rt->anon_name, *saved_c = l->rt->anon_c_name;
	l->rt->anon_name = xprintf("%s_%s", l->r->name, name);
	l->rt->anon_c_name = xprintf("%s.%s", l->r->c_name, name);
	char *rty = rust_type(l->rt, t, true, &l->r->deps, &l->reason);
	l->rt->anon_name = saved_name;
	l->rt->anon_c_name = saved_c;
	if (!rty)
		l->reason = xprintf("member '%s': %s", name, l->reason);
	return rty;
}

static enum CXVisitorResult layout_field(CXCursor f, CXClientData data)
{
	struct layout *l = data;
	char *name = cx_str(clang_getCursorSpelling(f));
	CXType t = clang_getCursorType(f);
	if (clang_Cursor_isBitField(f)) {
		l->reason = xprintf("has bit-field '%s'", name);
		return CXVisit_Break;
	}
	/* Rust has no anonymous members: name it __anon_N, as bindgen does (__bindgen_anon_N) */
	if (!*name || clang_Cursor_isAnonymousRecordDecl(clang_getTypeDeclaration(t)))
		name = xprintf("__anon_%d", ++l->anon);
	if (clang_getCanonicalType(t).kind == CXType_IncompleteArray) {
		l->reason = xprintf("has flexible array member '%s'", name);
		return CXVisit_Break;
	}
	char *bad = not_rust_ident(name);
	if (bad) {
		l->reason = xprintf("member %s", bad);
		return CXVisit_Break;
	}
	char *rty = member_type(l, name, t);
	if (!rty)
		return CXVisit_Break;
	long long size = clang_Type_getSizeOf(t), align = clang_Type_getAlignOf(t);
	long long want = l->is_union ? 0 : round_up(l->offset, align);
	if (size < 0 || align < 0 || clang_Cursor_getOffsetOfField(f) != want * 8) {
		l->reason = xprintf("member '%s' is not where #[repr(C)] would put it (packed or aligned)", name);
		return CXVisit_Break;
	}
	l->offset = l->is_union ? (size > l->offset ? size : l->offset) : want + size;
	if (align > l->max_align)
		l->max_align = align;
	struct rfield *rf = xmalloc(sizeof *rf);
	rf->name = rust_ident(name);
	rf->type = rty;
	vec_push(&l->r->fields, rf);
	return CXVisit_Continue;
}

/* Give r its fields, if Rust's #[repr(C)] reproduces clang's layout of t. */
static void lay_out(struct rtypes *rt, struct rtype *r, CXType t)
{
	r->full = 1; /* set first: a pointer back to r inside needs only its name */
	bool is_union = clang_getCursorKind(clang_getTypeDeclaration(t)) == CXCursor_UnionDecl;
	struct layout l = {rt, r, is_union, 0, 1, NULL, 0};
	clang_Type_visitFields(t, layout_field, &l);
	long long size = clang_Type_getSizeOf(t), align = clang_Type_getAlignOf(t);
	if (!l.reason && r->fields.len == 0)
		l.reason = "has no members";
	if (!l.reason && (align < l.max_align || round_up(l.offset, align) != size))
		l.reason = "is packed or padded beyond what #[repr(C)] reproduces";
	if (l.reason) {
		r->full = -1;
		r->why_not_full = xprintf("%s %s", r->c_name, l.reason);
		r->fields = (struct vec){0};
		r->deps = (struct vec){0};
		return;
	}
	r->size = size;
	r->align = align;
	r->over_aligned = align > l.max_align;
	r->kind = is_union ? RT_UNION : RT_STRUCT;
}

static char *rust_record(struct rtypes *rt, CXType c, bool by_value, struct vec *deps, char **reason)
{
	CXCursor decl = clang_getTypeDeclaration(c);
	const char *what = clang_getCursorKind(decl) == CXCursor_UnionDecl ? "union" : "struct";
	char *tag = cx_str(clang_getCursorSpelling(decl));
	char *c_name = xprintf("%s %s", what, tag);
	if (clang_Cursor_isAnonymous(decl)) {
		if (!rt->anon_name) {
			*reason = xprintf("anonymous %s: it has no name to declare it by in Rust", what);
			return NULL;
		}
		tag = (char *)rt->anon_name;
		c_name = (char *)rt->anon_c_name;
	} else if (!strcmp(tag, "__va_list_tag")) {
		*reason = "va_list has no stable Rust type";
		return NULL;
	}
	/* opaque until laid out: a union only used behind pointers stays opaque */
	struct rtype *r = rt_intern(rt, tag, c_name, RT_OPAQUE, reason);
	if (!r)
		return NULL;
	vec_push(deps, r);
	if (!by_value)
		return r->name;
	if (r->full == 0) {
		if (clang_isInvalid(clang_getCursorKind(clang_getCursorDefinition(decl)))) {
			*reason = xprintf("%s is incomplete", r->c_name);
			return NULL;
		}
		lay_out(rt, r, c);
	}
	if (r->full < 0) {
		*reason = r->why_not_full;
		return NULL;
	}
	return r->name;
}

struct enum_walk {
	struct rtype *r;
	bool is_unsigned;
};

static enum CXChildVisitResult enum_const(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct enum_walk *w = data;
	if (clang_getCursorKind(c) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	char *name = cx_str(clang_getCursorSpelling(c));
	if (not_rust_ident(name))
		return CXChildVisit_Continue; /* the enum's type is still usable: its values are plain integers */
	struct rconst *k = xmalloc(sizeof *k);
	k->name = rust_ident(name);
	k->value = w->is_unsigned ? xprintf("%llu", clang_getEnumConstantDeclUnsignedValue(c))
				  : xprintf("%lld", clang_getEnumConstantDeclValue(c));
	vec_push(&w->r->consts, k);
	return CXChildVisit_Continue;
}

static char *rust_enum(struct rtypes *rt, CXType c, struct vec *deps, char **reason)
{
	CXCursor decl = clang_getTypeDeclaration(c);
	CXType it = clang_getEnumDeclIntegerType(decl);
	const char *base = rust_builtin(clang_getCanonicalType(it).kind);
	if (!base) {
		*reason = "enum with an unusual integer type";
		return NULL;
	}
	if (clang_Cursor_isAnonymous(decl))
		return xstrdup(base);
	char *tag = cx_str(clang_getCursorSpelling(decl));
	struct rtype *r = rt_intern(rt, tag, xprintf("enum %s", tag), RT_ALIAS, reason);
	if (!r)
		return NULL;
	if (!r->alias) {
		r->alias = xstrdup(base);
		enum CXTypeKind k = clang_getCanonicalType(it).kind;
		struct enum_walk w = {r, k == CXType_UInt || k == CXType_ULong || k == CXType_ULongLong ||
					     k == CXType_UChar || k == CXType_UShort || k == CXType_Bool};
		clang_visitChildren(decl, enum_const, &w);
	}
	vec_push(deps, r);
	return r->name;
}

/*
 * A SIMD vector (__attribute__((vector_size(N)))): in memory an array of its
 * elements with the vector's alignment, which a #[repr(C, align)] struct
 * reproduces.  Like a struct it crosses the helper by pointer (parse.c), so
 * only its layout matters, never how either compiler passes it in registers.
 */
static char *rust_vector(struct rtypes *rt, CXType c, struct vec *deps, char **reason)
{
	CXType e = clang_getCanonicalType(clang_getElementType(c));
	const char *b = rust_builtin(e.kind);
	long long n = clang_getNumElements(c), size = clang_Type_getSizeOf(c), align = clang_Type_getAlignOf(c);
	if (!b || n <= 0 || size != n * clang_Type_getSizeOf(e)) {
		*reason = xprintf("vector type '%s' is not an array of %lld plain numbers in memory", cx_str(clang_getTypeSpelling(c)), n);
		return NULL;
	}
	const char *leaf = strrchr(b, ':') ? strrchr(b, ':') + 1 : b;
	struct rtype *r = rt_intern(rt, xprintf("__vector_%s_%lld", leaf, n), cx_str(clang_getTypeSpelling(c)), RT_STRUCT, reason);
	if (!r)
		return NULL;
	if (!r->full) {
		struct rfield *f = xmalloc(sizeof *f);
		*f = (struct rfield){"v", xprintf("[%s; %lld]", b, n)};
		vec_push(&r->fields, f);
		r->size = size;
		r->align = align;
		r->over_aligned = align > clang_Type_getAlignOf(e);
		r->full = 1;
	}
	vec_push(deps, r);
	return r->name;
}

static char *rust_type(struct rtypes *rt, CXType t, bool by_value, struct vec *deps, char **reason)
{
	if (t.kind == CXType_Elaborated)
		return rust_type(rt, clang_Type_getNamedType(t), by_value, deps, reason);
	if (t.kind == CXType_Typedef)
		return rust_typedef(rt, t, by_value, deps, reason);
	CXType c = clang_getCanonicalType(t);
	const char *b = rust_builtin(c.kind);
	if (b)
		return xstrdup(b);
	switch (c.kind) {
	case CXType_Pointer:
		return rust_pointer(rt, clang_getPointeeType(t.kind == CXType_Pointer ? t : c), deps, reason);
	case CXType_ConstantArray: {
		char *e = rust_type(rt, clang_getArrayElementType(t.kind == CXType_ConstantArray ? t : c), true, deps, reason);
		return e ? xprintf("[%s; %lld]", e, clang_getArraySize(c)) : NULL;
	}
	case CXType_Record:
		return rust_record(rt, c, by_value, deps, reason);
	case CXType_Enum:
		return rust_enum(rt, c, deps, reason);
	case CXType_Vector:
		return rust_vector(rt, c, deps, reason);
	default:
		*reason = xprintf("type '%s' has no Rust FFI equivalent", cx_str(clang_getTypeSpelling(t)));
		return NULL;
	}
}

const char *type_class(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	switch (c.kind) {
	case CXType_Void: return "void";
	case CXType_Bool: return "bool";
	case CXType_Char_U: case CXType_UChar: case CXType_UShort: case CXType_UInt: case CXType_ULong:
	case CXType_ULongLong: return "unsigned";
	case CXType_Char_S: case CXType_SChar: case CXType_Short: case CXType_Int: case CXType_Long:
	case CXType_LongLong: case CXType_Enum: return "signed";
	case CXType_Float: case CXType_Double: return "float";
	case CXType_Pointer: case CXType_ConstantArray: case CXType_IncompleteArray: case CXType_FunctionProto:
		return "pointer";
	case CXType_Record: return "aggregate";
	default: return "other";
	}
}

char *rust_param_type(struct rtypes *rt, CXType t, struct vec *deps, char **reason)
{
	CXType c = clang_getCanonicalType(t);
	/* As parameters, arrays and functions are pointers (C11 6.7.6.3p7-8). */
	if (c.kind == CXType_FunctionProto || c.kind == CXType_FunctionNoProto)
		return rust_fn_pointer(rt, c, deps, reason);
	if (c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray || c.kind == CXType_VariableArray) {
		CXType arr = t;
		while (arr.kind == CXType_Typedef || arr.kind == CXType_Elaborated)
			arr = arr.kind == CXType_Typedef ? clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(arr))
							 : clang_Type_getNamedType(arr);
		if (arr.kind != c.kind)
			arr = c;
		return rust_pointer(rt, clang_getArrayElementType(arr), deps, reason);
	}
	return rust_type(rt, t, true, deps, reason);
}

static void mark(struct rtype *r)
{
	if (r->reachable)
		return;
	r->reachable = true;
	for (size_t i = 0; i < r->deps.len; i++)
		mark(r->deps.v[i]);
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct rtype *const *)a)->name, (*(struct rtype *const *)b)->name);
}

void rtypes_collect(struct rtypes *rt, struct inventory *inv)
{
	for (size_t i = 0; i < inv->items.len; i++) {
		struct item *it = inv->items.v[i];
		if (it->status == ST_WRAPPED)
			for (size_t j = 0; j < it->rdeps.len; j++)
				mark(it->rdeps.v[j]);
	}
	for (size_t i = 0; i < rt->all.len; i++) {
		struct rtype *r = rt->all.v[i];
		if (r->reachable)
			vec_push(&inv->rtypes, r);
	}
	vec_sort(&inv->rtypes, by_name);
}
