/*
 * buildflags.c: clang arguments taken from a project's own build description,
 * for gen and scan.  --pkg-config NAME runs `pkg-config --cflags NAME`;
 * --compile-commands FILE[:SOURCE] reads one entry of a JSON compilation
 * database (compile_commands.json, as CMake, Meson, Bear and the kernel's
 * gen_compile_commands.py write it) with json-c.
 *
 * Both give command lines as shell words, split here the way /bin/sh splits
 * them (quotes and backslashes; no expansions, which neither tool writes).
 * From a compile command only the flags that change what the headers mean
 * are kept: include paths, macros, forced includes, the language standard,
 * the target and machine flags, and the few -f flags that change types or
 * inline semantics.  Output, dependency and warning flags, the compiler and
 * the source file are dropped.  Relative paths are made absolute against the
 * entry's "directory", where the compiler ran; cshim runs elsewhere.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cshim.h"

#include <errno.h>
#include <json.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Split s into words as /bin/sh does, without expansions; -1 on an open quote. */
static int split_words(const char *s, struct vec *out)
{
	struct buf w = {0};
	bool in_word = false;
	for (; *s; s++) {
		if (strchr(" \t\n\r", *s)) {
			if (in_word)
				vec_push(out, w.s ? w.s : xstrdup(""));
			w = (struct buf){0};
			in_word = false;
			continue;
		}
		in_word = true;
		if (*s == '\\') {
			if (s[1] && s[1] != '\n') /* backslash-newline joins lines */
				buf_addc(&w, s[1]);
			if (s[1])
				s++;
		} else if (*s == '\'') {
			const char *end = strchr(s + 1, '\'');
			if (!end)
				return -1;
			buf_addn(&w, s + 1, (size_t)(end - s - 1));
			s = end;
		} else if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1] && strchr("\\\"$`\n", s[1]) && *++s == '\n')
					continue;
				buf_addc(&w, *s);
			}
			if (!*s)
				return -1;
		} else {
			buf_addc(&w, *s);
		}
	}
	if (in_word)
		vec_push(out, w.s ? w.s : xstrdup(""));
	return 0;
}

/* ---- pkg-config ---- */

int pkg_config_flags(const char *name, struct vec *args)
{
	const char *pc = getenv("PKG_CONFIG");
	if (!pc || !*pc)
		pc = "pkg-config";
	if (!in_path(pc))
		return error("--pkg-config %s: '%s' not found (install pkg-config, or set PKG_CONFIG)", name, pc);
	int status;
	char *out = run_capture(xprintf("%s --cflags %s 2>&1", shq(pc), shq(name)), &status);
	if (!out || status != 0) {
		const char *why = out && *out ? xstrndup(out, strcspn(out, "\n")) : "pkg-config failed";
		return error("--pkg-config %s: %s", name, why);
	}
	if (split_words(out, args) < 0)
		return error("--pkg-config %s: unterminated quote in pkg-config's output", name);
	return 0;
}

/* ---- compile_commands.json ---- */

/*
 * Options that take a value.  `path` values are resolved against the entry's
 * directory: always for directories; for -include and -imacros only when the
 * file is there, since otherwise the include path finds it (-include rte_config.h).
 */
enum { NOT_PATH, DIR_PATH, FILE_PATH };
static const struct {
	const char *name;
	int path;
	bool joined;   /* -Ifoo */
	bool separate; /* -I foo */
	bool equals;   /* --sysroot=foo */
} valued[] = {
	{"-I", DIR_PATH, true, true, false},          {"-isystem", DIR_PATH, true, true, false},
	{"-iquote", DIR_PATH, true, true, false},     {"-idirafter", DIR_PATH, true, true, false},
	{"-include", FILE_PATH, true, true, false},   {"-imacros", FILE_PATH, true, true, false},
	{"-isysroot", DIR_PATH, true, true, false},   {"--sysroot", DIR_PATH, false, true, true},
	{"-D", NOT_PATH, true, true, false},          {"-U", NOT_PATH, true, true, false},
	{"-std", NOT_PATH, false, false, true},       {"--target", NOT_PATH, false, false, true},
	{"-target", NOT_PATH, false, true, false},
};

/* Flags without a value that change what the headers mean. */
static const char *const kept_flags[] = {
	"-ansi", "-nostdinc", "-nostdlibinc", "-ffreestanding", "-fno-builtin", "-pthread",
	"-fgnu89-inline", "-fno-gnu89-inline", "-funsigned-char", "-fsigned-char", "-fno-signed-char",
	"-fno-unsigned-char", "-fms-extensions", "-fplan9-extensions", "-fshort-enums", "-fshort-wchar",
	"-fpack-struct", "-fno-strict-aliasing", "-fwrapv", NULL,
};

static bool is_kept_flag(const char *w)
{
	for (const char *const *f = kept_flags; *f; f++)
		if (!strcmp(*f, w))
			return true;
	return false;
}

static const char *resolve(const char *dir, const char *path)
{
	return path[0] == '/' || !*path ? path : xprintf("%s/%s", dir, path);
}

static const char *resolve_value(int kind, const char *dir, const char *val)
{
	const char *r = kind == NOT_PATH ? val : resolve(dir, val);
	return kind == FILE_PATH && access(r, F_OK) != 0 ? val : r;
}

/* Keep the header-relevant options of one command's words (words[0] is the compiler). */
static void keep_flags(struct vec *words, const char *dir, struct vec *args)
{
	for (size_t i = 1; i < words->len; i++) {
		const char *w = words->v[i];
		bool done = false;
		for (size_t k = 0; k < sizeof valued / sizeof *valued && !done; k++) {
			size_t n = strlen(valued[k].name);
			if (strncmp(w, valued[k].name, n) != 0)
				continue;
			const char *val = NULL;
			if (!w[n] && valued[k].separate && i + 1 < words->len)
				val = words->v[++i];
			else if (w[n] == '=' && valued[k].equals)
				val = w + n + 1;
			else if (w[n] && valued[k].joined)
				val = w + n;
			if (!val)
				continue;
			val = resolve_value(valued[k].path, dir, val);
			if (valued[k].equals)
				vec_push(args, xprintf("%s=%s", valued[k].name, val));
			else
				vec_push(args, (void *)valued[k].name), vec_push(args, (void *)val);
			done = true;
		}
		if (done)
			continue;
		if (!strcmp(w, "-mllvm") || !strcmp(w, "-Xclang"))
			i++; /* options for the compiler's internals, with their value */
		else if ((w[0] == '-' && w[1] == 'm') || is_kept_flag(w))
			vec_push(args, (void *)w);
	}
}

/* Line and column of byte offset off in text, for error messages. */
static void position(const char *text, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n')
			++*line, *col = 1;
		else
			++*col;
	}
}

static void json_put(void *j) { json_object_put(j); }

/* The whole file as one JSON value; NULL after a file:line:col error. */
static json_object *parse_json(const char *file)
{
	size_t len;
	char *text = read_file(file, &len);
	if (!text)
		return error("--compile-commands %s: %s", file, strerror(errno)), NULL;
	json_tokener *tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT); /* RFC 8259, no trailing data */
	json_object *root = json_tokener_parse_ex(tok, text, (int)(len > INT_MAX ? INT_MAX : len));
	enum json_tokener_error e = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	unsigned line, col;
	if (root)
		arena_defer(json_put, root);
	if (e != json_tokener_success || !root) {
		position(text, end, &line, &col);
		const char *why = e == json_tokener_continue ? "unexpected end of file" : json_tokener_error_desc(e);
		return error_at(file, line, col, "invalid JSON: %s", why), NULL;
	}
	return root;
}

static const char *member_str(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* An entry's words: "arguments" as they are, or "command" split like sh. */
static int entry_words(const char *file, size_t idx, json_object *e, struct vec *words)
{
	json_object *a;
	if (json_object_object_get_ex(e, "arguments", &a)) {
		if (!json_object_is_type(a, json_type_array))
			return error("--compile-commands %s: entry %zu: \"arguments\" is not an array", file, idx);
		for (size_t i = 0; i < json_object_array_length(a); i++) {
			json_object *w = json_object_array_get_idx(a, i);
			if (!json_object_is_type(w, json_type_string))
				return error("--compile-commands %s: entry %zu: argument %zu is not a string", file, idx, i);
			vec_push(words, xstrdup(json_object_get_string(w)));
		}
		return 0;
	}
	const char *cmd = member_str(e, "command");
	if (!cmd)
		return error("--compile-commands %s: entry %zu has neither \"arguments\" nor \"command\"", file, idx);
	if (split_words(cmd, words) < 0)
		return error("--compile-commands %s: entry %zu: unterminated quote in \"command\"", file, idx);
	return 0;
}

/* Is the entry's source file `source`?  The same file on disk, or else the same path ending. */
static bool same_source(const char *path, const char *source)
{
	char a[PATH_MAX], b[PATH_MAX];
	if (realpath(path, a) && realpath(source, b))
		return !strcmp(a, b);
	size_t n = strlen(path), m = strlen(source);
	return !strcmp(path, source) || (n > m && path[n - m - 1] == '/' && !strcmp(path + n - m, source));
}

/* FILE, or FILE:SOURCE when FILE itself does not exist. */
static void split_spec(const char *spec, const char **file, const char **source)
{
	const char *colon = strrchr(spec, ':');
	*file = spec;
	*source = NULL;
	if (colon && access(spec, F_OK) != 0) {
		*file = xstrndup(spec, (size_t)(colon - spec));
		*source = colon + 1;
	}
}

int compile_commands_flags(const char *spec, struct vec *args)
{
	const char *file, *source;
	split_spec(spec, &file, &source);
	json_object *root = parse_json(file);
	if (!root)
		return -1;
	if (!json_object_is_type(root, json_type_array))
		return error("--compile-commands %s: not a compilation database (the top level is not an array)", file);
	size_t n = json_object_array_length(root);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(root, i);
		const char *dir = json_object_is_type(e, json_type_object) ? member_str(e, "directory") : NULL;
		const char *src = dir ? member_str(e, "file") : NULL;
		if (!src)
			return error("--compile-commands %s: entry %zu lacks \"directory\" or \"file\"", file, i);
		if (source && !same_source(resolve(dir, src), source))
			continue;
		struct vec words = {0};
		if (entry_words(file, i, e, &words) < 0)
			return -1;
		keep_flags(&words, xstrdup(dir), args);
		return 0;
	}
	if (source)
		return error("--compile-commands %s: no entry compiles '%s'", file, source);
	return error("--compile-commands %s: no entries", file);
}
