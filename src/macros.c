/*
 * macros.c: macros and spec files → inventory items, in two halves.
 * macros_probes runs in overlap.c's writer, on a parse of the headers without
 * bodies: it makes one probe line per question.  macros_take runs once the
 * main parse, which read those lines after the headers, is done and parse.c
 * has taken the inline functions: it reads clang's answers.
 *
 * Everything is decided by clang:
 *
 *   - A spec line `T f(P);` becomes `T rust_helper_f(P) { return f(args); }`,
 *     and `T g(P) = EXPR;` becomes `T rust_helper_g(P) { return EXPR; }`, each
 *     behind a #line directive, so clang checks the signature and the call in
 *     the context of the headers and reports mistakes at the spec's file:line.
 *   - A function-like macro without a spec whose body only forwards each of
 *     its parameters once to a declared function, M(a, b) -> f(b, a), gets
 *     f's parameter types; it is checked the same way.  Any other is listed
 *     as needing a signature, with a spec line to start from: never guessed.
 *   - An object-like macro M is probed as `static const __typeof__(M) x = M;`.
 *     clang accepts that only for a compile-time constant expression; the
 *     variable's type and clang_Cursor_Evaluate give the constant.  Integers
 *     and floats become Rust consts, string literals Rust C-string consts,
 *     and other constants (pointers such as SIG_IGN, structs) an exported C
 *     constant the Rust side declares as an extern static.  Macros whose
 *     final body is the same literals and punctuation share one such line
 *     (literal_key): each line costs clang some 40,000 instructions
 *     (bench/notes-gen.md).
 *
 * A helper's parameters are the macro's arguments, so a macro that evaluates
 * an argument twice evaluates the helper's parameter twice: harmless.
 */
#define _GNU_SOURCE /* memmem */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum probe_kind { PROBE_SPEC, PROBE_INFERRED, PROBE_CONST };

struct probe {
	enum probe_kind kind;
	const char *name;
	const char *file; /* where diagnostics point: the spec file, or PROBE_FILE */
	unsigned line;
	const char *expr;  /* a spec's own expression, else NULL */
	unsigned name_col, shift; /* spec: where the name is; the probe's name is longer by shift */
	struct item *item; /* the item this probe fills in */
	char *suggest;     /* inferred: the spec line to suggest if clang rejects the probe */
	char *error;       /* first error clang reported on the probe's line */
	bool answered;     /* clang declared what the line declares */
	struct vec twins;  /* struct probe *: constants whose answer is this line's (see literal_key) */
};

/* Where a location is as #line directives tell: spec lines map to their file. */
static const char *presumed(CXSourceLocation loc, unsigned *line, unsigned *col)
{
	CXString f;
	clang_getPresumedLocation(loc, &f, line, col);
	return path_display(cx_str(f));
}

/* ---- spec files ---- */

static const char *const c_words[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool",
	"const", "volatile", "restrict", "struct", "union", "enum", "static", "inline", "extern",
	"__attribute__", "__typeof__", "typeof", "__extension__", "_Atomic", "__restrict", NULL,
};

static bool is_c_word(const char *s, size_t n)
{
	for (const char *const *w = c_words; *w; w++)
		if (strlen(*w) == n && !strncmp(*w, s, n))
			return true;
	return false;
}

static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* The declared name: the first identifier, not a C keyword, directly followed by '('. */
static const char *decl_name(const char *decl, size_t *len)
{
	for (const char *s = decl; *s;) {
		if (!ident_char(*s) || isdigit((unsigned char)*s)) {
			s++;
			continue;
		}
		const char *e = s;
		while (ident_char(*e))
			e++;
		const char *q = e;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '(' && !is_c_word(s, (size_t)(e - s))) {
			*len = (size_t)(e - s);
			return s;
		}
		s = e;
	}
	return NULL;
}

/* The '=' that starts a spec's own expression: outside parentheses, not part of ==, <=, >=, !=. */
static const char *body_sign(const char *s)
{
	int depth = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '(' || *p == '[')
			depth++;
		else if (*p == ')' || *p == ']')
			depth--;
		else if (*p == '=' && depth == 0 && p[1] != '=' && (p == s || !strchr("=<>!", p[-1])))
			return p;
	}
	return NULL;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* The declarator's identifier in one parameter: after "(*" if any, else the last outside [...]. */
static char *param_name(const char *one)
{
	const char *fp = strstr(one, "(*");
	const char *id = NULL;
	size_t n = 0;
	for (const char *q = fp ? fp + 2 : one; *q && *q != '['; q++) {
		if (!ident_char(*q) || isdigit((unsigned char)*q) || (q > one && ident_char(q[-1])))
			continue;
		const char *e = q;
		while (ident_char(*e))
			e++;
		if (!is_c_word(q, (size_t)(e - q))) {
			id = q;
			n = (size_t)(e - q);
		}
		if (fp)
			break;
	}
	return id ? xstrndup(id, n) : NULL;
}

/* The parameter names of a parenthesised list "(int a, T (*cb)(int), char s[4])". */
static bool param_names(const char *list, struct vec *names)
{
	int depth = 0;
	const char *start = list + 1;
	for (const char *p = list; *p; p++) {
		if (*p == '(' || *p == '[') {
			depth++;
		} else if ((*p == ',' && depth == 1) || ((*p == ')' || *p == ']') && --depth == 0)) {
			char *one = trim(xstrndup(start, (size_t)(p - start)));
			start = p + 1;
			if (*p == ')' && !names->len && (!*one || !strcmp(one, "void")))
				return true; /* no parameters */
			char *name = param_name(one);
			if (!name)
				return false;
			vec_push(names, name);
			if (*p == ')')
				return true;
		}
	}
	return false;
}

/* One spec line → the probe text defining its helper; NULL after an error. */
static char *spec_probe(struct parse *p, const char *file, unsigned line, char *text, unsigned indent, struct probe *pr)
{
	size_t n = strlen(text);
	if (text[n - 1] != ';')
		return error_at(file, line, indent + (unsigned)n + 1, "expected ';' at the end of the declaration"), NULL;
	text[n - 1] = '\0';
	const char *eq = body_sign(text);
	char *decl = trim(eq ? xstrndup(text, (size_t)(eq - text)) : xstrdup(text));
	size_t len;
	const char *name = decl_name(decl, &len);
	if (!name)
		return error_at(file, line, indent + 1, "expected a declaration 'TYPE NAME(PARAMETERS);'"), NULL;
	pr->name = xstrndup(name, len);
	pr->name_col = indent + (unsigned)(name - decl) + 1;
	pr->shift = (unsigned)strlen(p->o->prefix);
	pr->expr = eq ? trim(xstrdup(eq + 1)) : NULL;
	if (eq && !*pr->expr)
		return error_at(file, line, indent + (unsigned)(eq - text) + 2, "expected an expression after '='"), NULL;
	if (!eq && !strset_has(&p->macros, pr->name) && !strset_has(&p->inlines, pr->name))
		return error_at(file, line, pr->name_col,
				"'%s' names no macro or inline function of the headers", pr->name),
		       NULL;
	struct vec names = {0};
	const char *list = strchr(name + len, '(');
	if (!param_names(list, &names))
		return error_at(file, line, indent + (unsigned)(list - decl) + 1,
				  "cannot tell the parameter names: name every parameter (typedef complex types)"),
		       NULL;
	bool is_void = !strncmp(decl, "void", 4) && !ident_char(decl[4]) && !memchr(decl, '*', (size_t)(name - decl));
	struct buf b = {0};
	buf_addf(&b, "%*s%.*s%s%s%s {", (int)indent, "", (int)(name - decl), decl, p->o->prefix, pr->name, name + len);
	if (pr->expr) {
		buf_addf(&b, is_void ? " (void)(%s); }" : " return %s; }", pr->expr);
	} else {
		buf_addf(&b, is_void ? " %s(" : " return %s(", pr->name);
		for (size_t i = 0; i < names.len; i++)
			buf_addf(&b, "%s%s", i ? ", " : "", (char *)names.v[i]);
		buf_add(&b, "); }");
	}
	return b.s;
}

/* The lines of one spec file's text (modified in place), as probe text; returns how many were wrong. */
int spec_lines(struct parse *p, const char *file, char *text, struct buf *src, struct vec *probes)
{
	int errors = 0;
	unsigned ln = 0;
	for (char *s = text, *next; s; s = next) {
		next = strchr(s, '\n');
		if (next)
			*next++ = '\0';
		ln++;
		char *c = strstr(s, "//");
		if (c)
			*c = '\0';
		char *t = trim(s);
		if (!*t || *t == '#')
			continue;
		struct probe *pr = xmalloc(sizeof *pr);
		*pr = (struct probe){.kind = PROBE_SPEC, .file = file, .line = ln};
		char *def = spec_probe(p, file, ln, t, (unsigned)(t - s), pr);
		if (!def) {
			errors++;
			continue;
		}
		buf_addf(src, "#line %u \"%s\"\n%s\n", ln, file, def);
		vec_push(probes, pr);
		strset_add(&p->seen, pr->name); /* a macro of that name is not probed again */
	}
	return errors;
}

/* Every spec line of every --spec file, as probe text; returns how many were wrong. */
static int read_specs(struct parse *p, struct buf *src, struct vec *probes)
{
	int errors = 0;
	for (size_t i = 0; i < p->o->specs.len; i++) {
		const char *file = path_display(p->o->specs.v[i]);
		char *text = read_file(file, NULL);
		if (!text) {
			error("%s: %s", file, strerror(errno));
			errors++;
			continue;
		}
		vec_push(&p->inv->deps, (void *)file);
		errors += spec_lines(p, file, text, src, probes);
	}
	buf_addf(src, "#line 1 \"%s\"\n", PROBE_FILE); /* the probes' lines count from here */
	return errors;
}

/* ---- function-like macros without a spec ---- */

struct macro {
	char *name;
	struct vec params; /* char * */
	bool variadic;
	CXToken *toks;
	unsigned ntoks, body; /* tokens, and the index where the body starts */
	CXTranslationUnit tu;
};

static char *tok(const struct macro *m, unsigned i)
{
	return i < m->ntoks ? cx_str(clang_getTokenSpelling(m->tu, m->toks[i])) : "";
}

/* Parameters and body tokens of the macro definition c, named name (tokens freed by the caller). */
static void macro_read(CXTranslationUnit tu, CXCursor c, char *name, struct macro *m)
{
	*m = (struct macro){.name = name, .tu = tu};
	clang_tokenize(tu, clang_getCursorExtent(c), &m->toks, &m->ntoks);
	m->body = 1;
	if (!clang_Cursor_isMacroFunctionLike(c))
		return;
	for (m->body = 2; m->body < m->ntoks; m->body++) {
		char *t = tok(m, m->body);
		if (!strcmp(t, ")")) {
			m->body++;
			break;
		}
		if (!strcmp(t, "..."))
			m->variadic = true;
		else if (strcmp(t, ","))
			vec_push(&m->params, t);
	}
}

static int by_func_name(const void *a, const void *b)
{
	return strcmp((*(struct named_cursor *const *)a)->name, (*(struct named_cursor *const *)b)->name);
}

/* The declared function of that name: a binary search (sorted on first use). */
static CXCursor *function_named(struct parse *p, const char *name)
{
	if (!p->funcs_sorted) {
		vec_sort(&p->funcs, by_func_name);
		p->funcs_sorted = true;
	}
	size_t lo = 0, hi = p->funcs.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct named_cursor *f = p->funcs.v[mid];
		int r = strcmp(f->name, name);
		if (!r)
			return &f->c;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int param_index(const struct macro *m, const char *t)
{
	for (size_t i = 0; i < m->params.len; i++)
		if (!strcmp(m->params.v[i], t))
			return (int)i;
	return -1;
}

/*
 * For M(a, b) defined as f(b, a), optionally in parentheses, with f a declared
 * function: which argument of f each parameter of M is (pos), or false.
 */
static bool forwards(struct parse *p, const struct macro *m, CXCursor **fn, int *pos)
{
	unsigned i = m->body, end = m->ntoks;
	while (end - i >= 2 && !strcmp(tok(m, i), "(") && !strcmp(tok(m, end - 1), ")"))
		i++, end--; /* outer parentheses; an unbalanced pair makes the match below fail */
	if (end - i < 3 || m->variadic || strcmp(tok(m, i + 1), "(") || strcmp(tok(m, end - 1), ")"))
		return false;
	if (!(*fn = function_named(p, tok(m, i))))
		return false;
	for (size_t k = 0; k < m->params.len; k++)
		pos[k] = -1;
	int arg = 0;
	for (unsigned k = i + 2; k < end - 1; k++, arg++) {
		bool paren = !strcmp(tok(m, k), "(");
		int which = param_index(m, tok(m, k + paren));
		if (which < 0 || pos[which] >= 0 || (paren && strcmp(tok(m, k + 2), ")")))
			return false;
		pos[which] = arg;
		k += paren ? 3 : 1;
		if (k < end - 1 && strcmp(tok(m, k), ","))
			return false;
	}
	for (size_t k = 0; k < m->params.len; k++)
		if (pos[k] < 0)
			return false;
	return arg == clang_Cursor_getNumArguments(**fn) && !clang_isFunctionTypeVariadic(clang_getCursorType(**fn));
}

/* The probe definition for a forwarding macro, or NULL. */
static char *inferred_probe(struct parse *p, const struct macro *m)
{
	CXCursor *fn;
	int *pos = xmalloc((m->params.len + 1) * sizeof *pos);
	if (!forwards(p, m, &fn, pos))
		return NULL;
	char *reason, *ps = m->params.len ? "" : "void";
	struct buf call = {0};
	for (size_t k = 0; k < m->params.len; k++) {
		CXType t = clang_getCursorType(clang_Cursor_getArgument(*fn, (unsigned)pos[k]));
		char *d = c_decl(t, m->params.v[k], &reason);
		if (!d)
			return NULL;
		ps = xprintf("%s%s%s", ps, k ? ", " : "", d);
		buf_addf(&call, "%s%s", k ? ", " : "", (char *)m->params.v[k]);
	}
	CXType ret = clang_getResultType(clang_getCursorType(*fn));
	char *decl = c_decl(ret, xprintf("%s%s(%s)", p->o->prefix, m->name, ps), &reason);
	bool is_void = clang_getCanonicalType(ret).kind == CXType_Void;
	return decl ? xprintf("%s { %s%s(%s); }", decl, is_void ? "" : "return ", m->name, call.s ? call.s : "") : NULL;
}

/* What to write in a spec file for a macro whose signature is unknown. */
static char *suggestion(const struct macro *m)
{
	struct buf b = {0};
	buf_addf(&b, "int %s(", m->name);
	for (size_t k = 0; k < m->params.len; k++)
		buf_addf(&b, "%sint %s", k ? ", " : "", (char *)m->params.v[k]);
	buf_add(&b, m->params.len ? ");" : "void);");
	return b.s;
}

/* ---- the probe ---- */

static struct item *macro_item(struct parse *p, CXCursor c, const char *name, enum item_kind kind)
{
	struct item *it = xmalloc(sizeof *it);
	it->kind = kind;
	it->name = xstrdup(name);
	it->file = presumed(clang_getCursorLocation(c), &it->line, &it->col);
	it->helper = xprintf("%s%s", kind == KIND_CONST ? p->o->const_prefix : p->o->prefix, name);
	it->rust_name = rust_ident(name);
	it->status = ST_SKIPPED;
	vec_push(&p->inv->items, it);
	return it;
}

static void add_probe(struct vec *probes, struct buf *src, unsigned *line, struct probe *pr, const char *text)
{
	pr->file = PROBE_FILE;
	pr->line = *line;
	buf_addf(src, "%s\n", text);
	(*line)++;
	vec_push(probes, pr);
}

/*
 * __x and _X are the implementation's names (C11 7.1.3), glibc's internals
 * such as __FD_ELT or __pid_t_defined: not API unless an allowlist asks.
 */
static bool reserved(const char *name)
{
	return name[0] == '_' && (name[1] == '_' || isupper((unsigned char)name[1]));
}

struct guards {
	struct strset files; /* names of the files whose first macro was seen */
	CXFile last;         /* the file of the macro before: most follow one of the same file */
};

/* The first macro of a file clang found include-guarded: its guard, not an API. */
static bool include_guard(struct parse *p, CXCursor c, struct guards *g)
{
	CXFile f;
	clang_getFileLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
	if (!f || f == g->last)
		return false;
	g->last = f;
	if (!strset_add(&g->files, file_name(f)) || !clang_isFileMultipleIncludeGuarded(p->tu, f))
		return false;
	CXToken *toks;
	unsigned n;
	clang_tokenize(p->tu, clang_getCursorExtent(c), &toks, &n);
	clang_disposeTokens(p->tu, toks, n);
	return n == 1;
}

/* ---- constants of the same literal body: one probe line ---- */

/* text without its line continuations (backslash, or the trigraph ??/, then
 * a newline): what the preprocessor reads, so that a name split over lines
 * is whole again.  n is updated. */
static char *splice_lines(char *text, size_t *n)
{
	const char *end = text + *n;
	char *o = text; /* in place: the text only gets shorter */
	bool trigraphs = memmem(text, *n, "?\?/", 3) != NULL;
	for (const char *s = text; s < end;) {
		const char *stop = memchr(s, '\\', (size_t)(end - s));
		if (trigraphs) { /* rare: then the first of the two */
			const char *q = memchr(s, '?', (size_t)((stop ? stop : end) - s));
			stop = q ? q : stop;
		}
		if (!stop)
			stop = end;
		memmove(o, s, (size_t)(stop - s));
		o += stop - s;
		s = stop;
		if (s == end)
			break;
		if (*s == '\\' && s + 1 < end && s[1] == '\n')
			s += 2;
		else if (*s == '?' && end - s >= 4 && !memcmp(s, "?\?/\n", 4))
			s += 4;
		else
			*o++ = *s++;
	}
	*n = (size_t)(o - text);
	return text;
}

/* After s: blanks and comments skipped, on the same line. */
static const char *skip_blanks(const char *s, const char *end)
{
	for (;;) {
		while (s < end && (*s == ' ' || *s == '\t' || *s == '\f' || *s == '\v' || *s == '\r'))
			s++;
		if (end - s < 2 || s[0] != '/' || s[1] != '*')
			return s;
		const char *close = memmem(s + 2, (size_t)(end - s - 2), "*/", 2);
		s = close ? close + 2 : end;
	}
}

/*
 * The names an #undef may remove: clang keeps no record of #undef, so every
 * file of the TU is read (lines spliced) for the word "undef" followed,
 * after blanks and comments, by a name.  Every such word counts, directive
 * or not: a name too many (from a comment, a disabled #if branch) only costs
 * a probe line.  False when that cannot be told: a file that cannot be read,
 * an "undef" that follows a '#', "%:" or a comment but is followed by no
 * name, or "pop_macro" anywhere (it brings back an older definition without
 * a #define).  Then no probe line is shared.
 */
static bool undefined_names(struct parse *p, struct strset *names)
{
	struct strset read = {0};
	struct buf buf = {0}; /* one buffer for every file: the arena keeps what it holds */
	for (size_t i = 0; i < p->files.len; i++) {
		const char *file = file_name(p->files.v[i]);
		if (!strset_add(&read, file))
			continue; /* included again */
		if (!read_file_into(file, &buf))
			return false;
		if (!buf.len)
			continue;
		size_t n = buf.len;
		const char *text = splice_lines(buf.s, &n), *end = text + n;
		if (memmem(text, n, "pop_macro", 9))
			return false;
		for (const char *u = text; (u = memmem(u, (size_t)(end - u), "undef", 5)); u += 5) {
			if ((u > text && ident_char(u[-1])) || (u + 5 < end && ident_char(u[5])))
				continue; /* part of a longer word: "undefined" */
			const char *name = skip_blanks(u + 5, end), *e = name;
			while (e < end && ident_char(*e))
				e++;
			if (e > name && !isdigit((unsigned char)*name)) {
				strset_add(names, xstrndup(name, (size_t)(e - name)));
				continue;
			}
			const char *b = u; /* no name: a directive cshim cannot read, or prose? */
			while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
				b--;
			if (b > text && (b[-1] == '#' || b[-1] == ':' || b[-1] == '/'))
				return false;
		}
	}
	return true;
}

/*
 * A constant macro's body as a key when it is only literals and punctuation
 * (`1`, `(1UL << 3)`, `"abc"`), else NULL: such a body expands to itself,
 * whatever macro holds it, so one probe line of it answers for every macro
 * whose definition at the end of the TU is that body (the kernel TU has 16,463
 * of its 19,679 constants in 4,543 such bodies).  That definition is the last
 * #define of the name, unless an #undef (or pop_macro) follows it: such names
 * get lines of their own (undefined_names).  A body naming an identifier
 * always gets its own line: what it expands to can depend on the name of the
 * macro being expanded (a macro does not expand inside its own expansion).
 */
static char *literal_key(struct parse *p, CXCursor c, const struct macro *read)
{
	CXCursor *last = strset_get(&p->last_def, read->name);
	if (!last)
		return NULL;
	struct macro other;
	const struct macro *m = read; /* c's tokens, when c is the last definition */
	if (!clang_equalCursors(*last, c))
		macro_read(p->tu, *last, read->name, &other), m = &other;
	struct buf key = {0};
	for (unsigned i = m->body; i < m->ntoks; i++) {
		CXTokenKind k = clang_getTokenKind(m->toks[i]);
		if (k != CXToken_Punctuation && k != CXToken_Literal) {
			key.s = NULL;
			break;
		}
		buf_add(&key, tok(m, i));
		buf_addc(&key, ' ');
	}
	if (m == &other)
		clang_disposeTokens(p->tu, other.toks, other.ntoks);
	return key.s;
}

/* Where the probe lines go: the text, its line count, the probes, and the
 * constants' probes by literal_key (struct probe **: the one that answers). */
struct probe_out {
	struct buf *src;
	unsigned line;
	struct vec *probes;
	struct strset bodies;
	bool undefs_read;        /* undefined_names ran: only once two constants share a body */
	bool undefs_known;       /* and found every name an #undef may remove: */
	struct strset undefined; /* these */
};

/* May the probe of this constant answer for others, or answer for it? */
static bool may_share(struct parse *p, struct probe_out *out, const struct probe *pr)
{
	if (!out->undefs_read) {
		out->undefs_read = true;
		/* CSHIM_PROBE_EACH: a line per constant (t8210 checks the outputs are the same) */
		out->undefs_known = !getenv("CSHIM_PROBE_EACH") && undefined_names(p, &out->undefined);
	}
	return out->undefs_known && !strset_has(&out->undefined, pr->name);
}

/* A constant's probe: a line of its own, or a twin of the line of the same literal body. */
static void const_probe(struct parse *p, struct probe_out *out, struct probe *pr, CXCursor c, const struct macro *m)
{
	char *key = literal_key(p, c, m);
	struct probe **first = key ? strset_get(&out->bodies, key) : NULL;
	if (first && may_share(p, out, *first) && may_share(p, out, pr)) {
		vec_push(&(*first)->twins, pr);
		return;
	}
	add_probe(out->probes, out->src, &out->line, pr,
		  xprintf("static const __typeof__(%s) cshim_const_%s = %s;", pr->name, pr->name, pr->name));
	if (!key)
		return;
	if (!first) {
		first = xmalloc(sizeof *first);
		strset_put(&out->bodies, key, first);
	}
	if (!*first || !may_share(p, out, *first))
		*first = pr; /* the first of this body, or one after a first that cannot share */
}

/*
 * Do the body's brackets pair up?  A probe line whose macro leaves one open
 * (`#define LPAREN (`) would make clang read on into the lines after it,
 * which would then answer nothing: such a macro is not probed.
 */
static bool balanced(const struct macro *m)
{
	char open[64];
	unsigned depth = 0;
	for (unsigned i = m->body; i < m->ntoks; i++) {
		if (clang_getTokenKind(m->toks[i]) != CXToken_Punctuation)
			continue;
		CXString spelling = clang_getTokenSpelling(m->tu, m->toks[i]);
		const char *t = clang_getCString(spelling);
		t += strspn(t, "\\\r\n"); /* a line continuation before the token is in its spelling */
		char c = !strcmp(t, "<:") ? '[' : !strcmp(t, ":>") ? ']' : !strcmp(t, "<%") ? '{' : !strcmp(t, "%>") ? '}' : t[1] ? 0 : t[0];
		clang_disposeString(spelling);
		if (c == '(' || c == '[' || c == '{') {
			if (depth == sizeof open)
				return true; /* deeper than any real macro: clang decides */
			open[depth++] = c;
		} else if (c == ')' || c == ']' || c == '}') {
			if (!depth || open[--depth] != (c == ')' ? '(' : c == ']' ? '[' : '{'))
				return false;
		}
	}
	return depth == 0;
}

/* One macro definition of a selected header → an item and, if clang must decide, a probe. */
static void macro_probe(struct parse *p, CXCursor c, struct probe_out *out)
{
	char *name = cx_str(clang_getCursorSpelling(c));
	bool fnlike = clang_Cursor_isMacroFunctionLike(c);
	const struct options *o = p->o;
	const struct vec *allow = fnlike ? &o->allow_fn : &o->allow_var;
	if (strset_has(&p->seen, name) || !selected_name(allow, fnlike ? &o->block_fn : &o->block_var, name) ||
	    (reserved(name) && !allow->len))
		return; /* an inline function or a spec line has it, or not selected */
	struct item *it = macro_item(p, c, name, fnlike ? KIND_MACRO_FN : KIND_CONST);
	strset_add(&p->seen, it->name); /* a second definition (another header) is the same macro */
	it->c_signature = fnlike ? xprintf("#define %s(...)", name) : xprintf("#define %s", name);
	if ((it->reason = not_rust_ident(name)))
		return;
	struct macro m; /* its tokens: read only now, for the macros that get this far */
	macro_read(p->tu, c, it->name, &m);
	struct probe *pr = xmalloc(sizeof *pr);
	*pr = (struct probe){.kind = fnlike ? PROBE_INFERRED : PROBE_CONST, .name = it->name, .item = it};
	if (fnlike) {
		char *def = inferred_probe(p, &m);
		if (def) {
			pr->suggest = suggestion(&m);
			add_probe(out->probes, out->src, &out->line, pr, def);
		} else {
			it->status = ST_NEEDS_SIG;
			it->reason = suggestion(&m);
		}
	} else if (m.ntoks <= 1) {
		it->reason = "empty: a flag or an include guard, not a value";
	} else if (!strcmp(tok(&m, 1), "{")) {
		it->reason = "a braced initializer, not an expression";
	} else if (!balanced(&m)) {
		it->reason = "unbalanced brackets, not an expression";
	} else {
		const_probe(p, out, pr, c, &m);
	}
	clang_disposeTokens(p->tu, m.toks, m.ntoks);
}

/*
 * The probe on a line: spec probes come first in the vector (nspec of them,
 * few), then one per line of PROBE_FILE from line 1 on, so that the lookup,
 * made for every diagnostic and every declaration of the probe file, is an
 * index.
 */
static struct probe *probe_find(const struct vec *probes, size_t nspec, const char *file, unsigned line)
{
	if (!strcmp(file, PROBE_FILE)) {
		size_t k = nspec + line - 1;
		struct probe *pr = line && k < probes->len ? probes->v[k] : NULL;
		return pr && pr->line == line ? pr : NULL;
	}
	for (size_t k = 0; k < nspec; k++) {
		struct probe *pr = probes->v[k];
		if (pr->line == line && !strcmp(pr->file, file))
			return pr;
	}
	return NULL;
}

/* Errors clang reports on probe lines; spec lines' are the user's, printed. */
static int probe_errors(struct parse *p, const struct vec *probes, size_t nspec)
{
	int spec_errors = 0;
	unsigned n;
	CXDiagnosticSet set = tu_diagnostics(p, &n);
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnosticInSet(set, i);
		if (!in_probe_file(p, clang_getDiagnosticLocation(d))) { /* the headers' own */
			clang_disposeDiagnostic(d);
			continue;
		}
		unsigned line, col;
		const char *file = presumed(clang_getDiagnosticLocation(d), &line, &col);
		bool err = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
		struct probe *pr = probe_find(probes, nspec, file, line);
		if (pr && pr->kind == PROBE_SPEC) {
			if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Warning) {
				if (col >= pr->name_col + pr->shift) /* back to the spec's own columns */
					col -= pr->shift;
				else if (col >= pr->name_col)
					col = pr->name_col;
				fprintf(stderr, "%s:%u:%u: %s: %s\n", file, line, col, err ? "error" : "warning",
					cx_str(clang_getDiagnosticSpelling(d)));
				spec_errors += err;
			}
		} else if (pr && err && !pr->error) {
			pr->error = cx_str(clang_getDiagnosticSpelling(d));
		}
		clang_disposeDiagnostic(d);
	}
	return spec_errors;
}

/* ---- results ---- */

struct uses {
	CXCursor fn;
	bool *used; /* per parameter of fn */
};

static enum CXChildVisitResult param_use(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct uses *u = data;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	CXCursor d = clang_getCursorReferenced(c);
	for (int i = 0; i < clang_Cursor_getNumArguments(u->fn); i++)
		if (clang_equalCursors(d, clang_Cursor_getArgument(u->fn, (unsigned)i)))
			u->used[i] = true;
	return CXChildVisit_Continue;
}

/*
 * "(void)x; " for each parameter the probe's body (macros expanded) does not
 * use, or NULL: a macro may drop an argument (the kernel's
 * mutex_lock_nested(lock, subclass) without lockdep), and an unused
 * parameter is a -Wextra warning in the generated file.
 */
static char *discarded(const struct item *it, CXCursor c)
{
	struct uses u = {c, xmalloc((it->nparams + 1) * sizeof *u.used)};
	memset(u.used, 0, (it->nparams + 1) * sizeof *u.used);
	clang_visitChildren(c, param_use, &u);
	struct buf b = {0};
	for (size_t i = 0; i < it->nparams; i++)
		if (!u.used[i])
			buf_addf(&b, "(void)%s; ", it->params[i].name);
	return b.s;
}

static void take_function(struct parse *p, struct probe *pr, CXCursor c)
{
	struct item *it = pr->item;
	if (!it) { /* a spec line: its item is made here, and replaces an inline function's */
		for (size_t i = 0; i < p->inv->items.len; i++) {
			struct item *old = p->inv->items.v[i];
			if (!strcmp(old->name, pr->name) && old->status == ST_WRAPPED) {
				old->status = ST_SKIPPED;
				old->reason = xprintf("wrapped as its spec line %s:%u says", pr->file, pr->line);
			}
		}
		it = pr->item = macro_item(p, c, pr->name, KIND_MACRO_FN);
		it->spec = xprintf("%s:%u", pr->file, pr->line);
	}
	if (!build_signature(p, c, it))
		return;
	it->status = ST_WRAPPED;
	if ((it->reason = bodies_reason_at(p, c))) { /* the helper's own body, macros expanded */
		it->status = ST_SKIPPED;
		return;
	}
	if ((size_t)clang_Cursor_getNumArguments(c) == it->nparams)
		it->discard = discarded(it, c);
	if (!pr->expr)
		return;
	for (size_t i = 0; i < it->nparams; i++)
		if (it->params[i].by_ref || strcmp(it->params[i].name, cx_str(clang_getCursorSpelling(clang_Cursor_getArgument(c, (unsigned)i))))) {
			it->status = ST_SKIPPED;
			it->reason = "a spec expression cannot take an aggregate by value or a parameter named like a macro";
			return;
		}
	it->call = xprintf("(%s)", pr->expr);
	if (it->ret_out) {
		it->status = ST_SKIPPED;
		it->reason = "a spec expression cannot return an aggregate by value";
	}
}

static bool is_char(enum CXTypeKind k)
{
	return k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar || k == CXType_UChar;
}

/* A Rust literal for a float; Rust needs a '.' or an exponent, and names infinities. */
static char *float_literal(double v, const char *type)
{
	if (isnan(v))
		return xprintf("%s::NAN", type);
	if (isinf(v))
		return xprintf("%s%s::INFINITY", v < 0 ? "-" : "", type);
	char *s = xprintf("%.17g", v);
	return strpbrk(s, ".en") ? s : xprintf("%s.0", s);
}

/* The string a char-array constant holds, as a Rust C-string literal; NULL if not evaluable. */
static char *string_literal(CXCursor var)
{
	char *out = NULL;
	CXEvalResult r = clang_Cursor_Evaluate(var);
	if (r && clang_EvalResult_getKind(r) == CXEval_StrLiteral) {
		struct buf b = {0};
		buf_add(&b, "c\"");
		for (const unsigned char *s = (const unsigned char *)clang_EvalResult_getAsStr(r); *s; s++)
			buf_add(&b, *s == '"' || *s == '\\' ? xprintf("\\%c", *s)
				    : *s == '\n'                ? "\\n"
				    : *s == '\t'                ? "\\t"
				    : *s >= 0x20 && *s < 0x7f   ? xprintf("%c", *s)
								: xprintf("\\x%02x", *s));
		buf_add(&b, "\"");
		out = b.s;
	}
	if (r)
		clang_EvalResult_dispose(r);
	return out;
}

/* A Rust const from an integer or float constant; NULL if it is not one. */
static char *scalar_value(CXCursor var, CXType canon)
{
	CXEvalResult r = clang_Cursor_Evaluate(var);
	if (!r)
		return NULL;
	char *v = NULL;
	CXEvalResultKind k = clang_EvalResult_getKind(r);
	if (k == CXEval_Int)
		v = clang_EvalResult_isUnsignedInt(r) ? xprintf("%llu", clang_EvalResult_getAsUnsigned(r))
						      : xprintf("%lld", clang_EvalResult_getAsLongLong(r));
	else if (k == CXEval_Float)
		v = float_literal(clang_EvalResult_getAsDouble(r), canon.kind == CXType_Float ? "f32" : "f64");
	clang_EvalResult_dispose(r);
	return v;
}

/* What clang made of a constant's probe line: read once, given to every
 * macro the line answers for (literal_key). */
struct constant {
	char *rust_ret, *value, *reason;
	struct vec rdeps;
	bool symbol;  /* pointers, structs: an exported C constant */
	char *c_type; /* NULL unless it is a constant */
};

static void read_constant(struct parse *p, CXCursor var, struct constant *k)
{
	CXType canon = clang_getCanonicalType(clang_getCursorType(var));
	if (canon.kind == CXType_ConstantArray && is_char(clang_getArrayElementType(canon).kind) &&
	    (k->value = string_literal(var))) {
		k->rust_ret = "&::core::ffi::CStr";
	} else if ((canon.kind >= CXType_Bool && canon.kind <= CXType_Double && canon.kind != CXType_Int128 &&
		    canon.kind != CXType_UInt128 && canon.kind != CXType_WChar) || canon.kind == CXType_Enum) {
		if (!(k->rust_ret = rust_param_type(p->rt, canon, &k->rdeps, &k->reason)))
			return;
		if (!(k->value = scalar_value(var, canon))) {
			k->reason = "clang could not evaluate it";
			return;
		}
	} else {
		if (canon.kind == CXType_ConstantArray || canon.kind == CXType_IncompleteArray) {
			k->reason = "an array that is not a plain string literal";
			return;
		}
		if (!(k->rust_ret = rust_param_type(p->rt, canon, &k->rdeps, &k->reason)))
			return;
		k->symbol = true;
	}
	char *type = cx_str(clang_getTypeSpelling(canon));
	k->c_type = strncmp(type, "const ", 6) ? type : type + 6;
}

static void give_constant(struct item *it, const struct constant *k)
{
	it->rust_ret = k->rust_ret;
	it->const_value = k->value;
	it->rdeps = k->rdeps;
	if (k->reason)
		it->reason = k->reason;
	if (!k->c_type)
		return;
	if (k->symbol)
		it->const_symbol = it->helper;
	it->c_signature = xprintf("#define %s (%s)", it->name, k->c_type);
	it->status = ST_WRAPPED;
}

/* A macro probe whose name an inline function of the headers took: ignored. */
static bool shadowed(struct parse *p, const struct probe *pr)
{
	return pr->kind != PROBE_SPEC && strset_has(&p->seen, pr->item->name);
}

struct probe_ctx {
	struct parse *p;
	struct probes *ps;
};

/* One declaration of the probe lines → what it tells of its probe's item. */
static enum CXChildVisitResult probe_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct probe_ctx *ctx = data;
	CXSourceLocation loc = clang_getCursorLocation(c);
	if (!in_probe_file(ctx->p, loc)) /* the headers' own declarations */
		return CXChildVisit_Continue;
	unsigned line, col;
	const char *file = presumed(loc, &line, &col);
	struct probe *pr = probe_find(&ctx->ps->v, ctx->ps->nspec, file, line);
	enum CXCursorKind k = clang_getCursorKind(c);
	if (!pr || pr->error)
		return CXChildVisit_Continue;
	if (k == CXCursor_FunctionDecl && pr->kind != PROBE_CONST && clang_isCursorDefinition(c) && !shadowed(ctx->p, pr)) {
		pr->answered = true;
		take_function(ctx->p, pr, c);
	} else if (k == CXCursor_VarDecl && pr->kind == PROBE_CONST) {
		pr->answered = true;
		struct constant answer = {0};
		read_constant(ctx->p, c, &answer);
		if (!shadowed(ctx->p, pr))
			give_constant(pr->item, &answer);
		for (size_t i = 0; i < pr->twins.len; i++) /* the same body: the same answer */
			if (!shadowed(ctx->p, pr->twins.v[i]))
				give_constant(((struct probe *)pr->twins.v[i])->item, &answer);
	}
	return CXChildVisit_Continue;
}

/* A probe clang rejected: the item says why. */
static void probe_failed(struct probe *pr)
{
	struct item *it = pr->item;
	if (!it)
		return;
	if (pr->kind == PROBE_CONST) {
		it->reason = xprintf("not a constant: %s", pr->error);
	} else {
		it->status = ST_NEEDS_SIG;
		/* still a spec line to paste: clang's complaint goes in its comment */
		it->reason = xprintf("%s // the signature inferred from its callee did not compile: %s", pr->suggest, pr->error);
	}
}

/* The lines made since the last piece, to clang: each piece but the first
 * says which line it starts at, as it is a file of its own. */
static void send_piece(struct probes *ps, unsigned line)
{
	if (!ps->send)
		return;
	ps->send(ps->send_ctx, ps->src.s + ps->sent, ps->src.len - ps->sent);
	ps->sent = ps->src.len;
	buf_addf(&ps->src, "#line %u \"%s\"\n", line, PROBE_FILE);
}

/*
 * The writer's half, on the parse without bodies: spec lines first (their
 * names are not probed again as macros), then one probe per macro of the
 * selected files, sent in ps->pieces pieces as they are made, so that clang
 * parses one while the writer makes the next.  Each piece is twice the one
 * before (the last holds half the macros): the first is ready soon after
 * the parse, and the writer, faster at a line than clang, mostly keeps
 * ahead.  Items go to p->inv, the writer's own inventory.
 */
void macros_probes(struct parse *p, struct probes *ps)
{
	struct probe_out out = {.src = &ps->src, .line = 1, .probes = &ps->v};
	ps->errors = read_specs(p, &ps->src, &ps->v);
	ps->nspec = ps->v.len;
	struct guards guards = {0};
	size_t n = p->macro_defs.len, piece = 1;
	for (size_t i = 0; i < n; i++) {
		CXCursor c = *(CXCursor *)p->macro_defs.v[i];
		if (!include_guard(p, c, &guards))
			macro_probe(p, c, &out);
		if (piece < ps->pieces && ((i + 1) << (ps->pieces - piece)) >= n) {
			send_piece(ps, out.line);
			piece++;
		}
	}
}

/*
 * The main half, on the parse that went on into the probe lines: the
 * writer's items, less those an inline function of the same name took, then
 * what clang made of each probe.
 */
int macros_take(struct parse *p, struct probes *ps, struct vec *items)
{
	if (ps->messages.s)
		fputs(ps->messages.s, stderr);
	for (size_t i = 0; i < items->len; i++) {
		struct item *it = items->v[i];
		if (!strset_has(&p->seen, it->name))
			vec_push(&p->inv->items, it);
	}
	int errors = ps->errors + probe_errors(p, &ps->v, ps->nspec);
	if (errors)
		return error("%d error%s in spec lines; nothing written", errors, errors == 1 ? "" : "s");
	struct probe_ctx ctx = {p, ps};
	clang_visitChildren(clang_getTranslationUnitCursor(p->tu), probe_visit, &ctx);
	for (size_t i = 0; i < ps->v.len; i++) {
		struct probe *pr = ps->v.v[i];
		if (!pr->error && !pr->answered && pr->kind != PROBE_SPEC)
			pr->error = "clang read nothing on its probe line: an earlier line left a bracket open";
		if (!pr->error)
			continue;
		if (!shadowed(p, pr))
			probe_failed(pr);
		for (size_t t = 0; t < pr->twins.len; t++) {
			struct probe *twin = pr->twins.v[t];
			twin->error = pr->error;
			if (!shadowed(p, twin))
				probe_failed(twin);
		}
	}
	return 0;
}
