/*
 * bitcode.c: the helpers' function attributes, read from the LLVM bitcode
 * they were compiled to, for cshim explain.
 *
 * An inline remark gives LLVM's reason in a few words ("conflicting
 * attributes", "its definition is unavailable") without saying which
 * attribute or why the definition was missing.  The helper's side of the
 * answer is in its bitcode: llvm-dis prints each `define` with its attribute
 * group, and the group holds optnone/noinline (-O0, __attribute__((noinline))),
 * null_pointer_is_valid (-fno-delete-null-pointer-checks), "no-builtins" and
 * "no-builtin-X" (-fno-builtin[-X]), sanitize_* (-fsanitize=...) and
 * target-features (-m..., -march=...: clang lists every feature the CPU has).  An input or archive member that
 * llvm-dis cannot read is machine code: the helpers in it were never
 * available to LTO.  Archives are read member by member with llvm-ar.
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include "cshim.h"
#include "explain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* x86-64's baseline (psABI) features: clang lists them for every function, rustc assumes them. */
static const char *const baseline[] = {"cmov", "cx8", "fxsr", "mmx", "sse", "sse2", "x87"};

/* The newest llvm-TOOL-N in PATH (newer ones read older bitcode), else plain llvm-TOOL. */
static const char *llvm_tool(const char *tool)
{
	for (int v = 30; v >= 14; v--) {
		char *name = xprintf("llvm-%s-%d", tool, v);
		if (in_path(name))
			return name;
	}
	return xprintf("llvm-%s", tool);
}

static bool is_baseline(const char *feature)
{
	for (size_t i = 0; i < sizeof baseline / sizeof *baseline; i++)
		if (!strcmp(feature, baseline[i]))
			return true;
	return false;
}

/* "+avx,+avx2,+cmov,..." → the enabled features x86-64 does not guarantee. */
static void read_features(const char *list, struct vec *extra)
{
	char *copy = xstrdup(list), *save = NULL;
	for (char *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save))
		if (f[0] == '+' && !is_baseline(f + 1))
			vec_push(extra, f);
}

/* The value of a `"key"="value"` token, or NULL when the token is another. */
static const char *quoted_value(const char *tok, const char *key)
{
	size_t n = strlen(key);
	if (tok[0] != '"' || strncmp(tok + 1, key, n) || strncmp(tok + 1 + n, "\"=\"", 3))
		return NULL;
	return xstrndup(tok + n + 4, strcspn(tok + n + 4, "\""));
}

/* One attribute group's text, "{ noinline nounwind ... "target-cpu"="x86-64" }". */
static void read_group(const char *text, struct fnattrs *a)
{
	char *copy = xstrdup(text), *save = NULL;
	for (char *t = strtok_r(copy, " {}", &save); t; t = strtok_r(NULL, " {}", &save)) {
		const char *v;
		a->optnone |= !strcmp(t, "optnone");
		a->noinline |= !strcmp(t, "noinline");
		a->alwaysinline |= !strcmp(t, "alwaysinline");
		a->null_pointer_is_valid |= !strcmp(t, "null_pointer_is_valid");
		a->no_builtins |= !strcmp(t, "\"no-builtins\"");
		if (!strncmp(t, "\"no-builtin-", 12))
			vec_push(&a->no_builtin, xstrndup(t + 12, strcspn(t + 12, "\"")));
		if (!strncmp(t, "sanitize_", 9))
			vec_push(&a->sanitizers, t + 9);
		if ((v = quoted_value(t, "target-features")))
			read_features(v, &a->extra_features);
	}
}

/* `define ... @rust_helper_x(...) ... #N {` → the helper's name and group N. */
static bool read_define(const char *line, const char *prefix, const char **name, long *group)
{
	const char *at = strchr(line, '@');
	if (strncmp(line, "define ", 7) || !at || strncmp(at + 1, prefix, strlen(prefix)))
		return false;
	*name = xstrndup(at + 1, strcspn(at + 1, "("));
	const char *hash = strstr(at, " #");
	*group = hash ? strtol(hash + 2, NULL, 10) : -1;
	return true;
}

struct define {
	const char *name;
	long group;
};

/* llvm-dis output → the helpers it defines, with their attributes. */
static void read_ir(struct bitcode *bc, const char *ir, const char *prefix)
{
	struct vec defines = {0}, texts = {0};
	for (const char *p = ir; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
		char *line = xstrndup(p, strcspn(p, "\n"));
		struct define d;
		if (read_define(line, prefix, &d.name, &d.group)) {
			struct define *keep = xmalloc(sizeof *keep);
			*keep = d;
			vec_push(&defines, keep);
		} else if (!strncmp(line, "attributes #", 12))
			vec_push(&texts, line);
	}
	for (size_t i = 0; i < defines.len; i++) {
		const struct define *d = defines.v[i];
		if (bitcode_lookup(bc, d->name))
			continue;
		struct bitcode_fn *fn = xmalloc(sizeof *fn);
		fn->name = d->name;
		char *want = xprintf("attributes #%ld = ", d->group);
		for (size_t j = 0; j < texts.len; j++)
			if (!strncmp(texts.v[j], want, strlen(want)))
				read_group((char *)texts.v[j] + strlen(want), &fn->attrs);
		vec_push(&bc->defined, fn);
	}
}

/* Disassemble what `source` (a shell command writing bitcode) prints; false if it is not bitcode. */
static bool disassemble(struct bitcode *bc, const char *source, const char *prefix)
{
	int status;
	char *ir = run_capture(xprintf("%s | %s -o - - 2>/dev/null", source, llvm_tool("dis")), &status);
	if (!ir || status != 0)
		return false;
	read_ir(bc, ir, prefix);
	return true;
}

static int read_archive(struct bitcode *bc, const char *path, const char *prefix)
{
	const char *ar = llvm_tool("ar");
	int status;
	char *members = run_capture(xprintf("%s t %s 2>&1", ar, shq(path)), &status);
	if (!members || status != 0)
		return error("%s: %s cannot list it: %s", path, ar, members ? members : strerror(errno));
	char *save = NULL;
	for (char *m = strtok_r(members, "\n", &save); m; m = strtok_r(NULL, "\n", &save))
		if (!disassemble(bc, xprintf("%s p %s %s", ar, shq(path), shq(m)), prefix))
			vec_push(&bc->not_bitcode, xprintf("%s(%s)", path, m));
	return 0;
}

int bitcode_read(struct bitcode *bc, const char *path, const char *prefix)
{
	char magic[8] = {0};
	FILE *f = fopen(path, "rb");
	if (!f)
		return error("%s: %s", path, strerror(errno));
	size_t got = fread(magic, 1, sizeof magic, f);
	fclose(f);
	if (!in_path(llvm_tool("dis")))
		return error("%s: no llvm-dis in PATH to read the bitcode with (install llvm-NN)", path);
	bc->files++;
	if (got == sizeof magic && !memcmp(magic, "!<arch>\n", 8))
		return read_archive(bc, path, prefix);
	if (!disassemble(bc, xprintf("cat %s", shq(path)), prefix))
		vec_push(&bc->not_bitcode, xstrdup(path));
	return 0;
}

const struct fnattrs *bitcode_lookup(const struct bitcode *bc, const char *name)
{
	for (size_t i = 0; i < bc->defined.len; i++) {
		const struct bitcode_fn *fn = bc->defined.v[i];
		if (!strcmp(fn->name, name))
			return &fn->attrs;
	}
	return NULL;
}
