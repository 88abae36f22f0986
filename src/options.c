/*
 * options.c: the command line of gen and scan.
 *
 *   cshim gen  [OPTIONS] HEADER... [-- CLANG_ARGS...]
 *   cshim scan [OPTIONS] HEADER... [-- CLANG_ARGS...]
 *
 * Options take their value as the next argument or after '='.  Regexes are
 * POSIX extended and must match the whole name or path, as in bindgen.  The
 * command line itself is kept (shell-quoted) for the comment that opens each
 * generated file, so the file says how to regenerate it.
 */
#include "cshim.h"

#include <regex.h>
#include <string.h>
#include <sys/stat.h>

static const char gen_help[] =
	"usage: cshim gen [OPTIONS] HEADER... [-- CLANG_ARGS...]\n"
	"\n"
	"Generate a helper for every static inline function and typed function-like\n"
	"macro of the HEADERs, so that Rust can call it (with cross-language LTO the\n"
	"helper is inlined away), and a Rust constant for every constant macro.\n"
	"A HEADER is a path, or <name.h> to find it on the include path.\n"
	"\n"
	"outputs (at least one; \"-\" is standard output):\n"
	"  -o FILE                    helpers C source\n"
	"  --header FILE              C prototypes of the helpers (for bindgen or any FFI)\n"
	"  --rust FILE                Rust declarations of the helpers\n"
	"  --json FILE                the inventory as JSON\n"
	"  --depfile FILE             make-style dependencies: every header read\n"
	"selection and naming:\n"
	"  --prefix P                 helper symbol prefix (default rust_helper_)\n"
	"  --allowlist-function RE    only functions whose whole name matches RE\n"
	"  --blocklist-function RE    never functions whose whole name matches RE\n"
	"  --allowlist-file RE        functions defined in files whose path matches RE\n"
	"                             (default: only the HEADERs themselves)\n"
	"  --allowlist-var RE         only constants (object-like macros) matching RE\n"
	"  --blocklist-var RE         never constants matching RE\n"
	"  --const-prefix P           exported C constant prefix (default rust_const_helper_)\n"
	"  --symbols FILE             skip functions that use a symbol FILE lacks (one name\n"
	"                             a line, Module.symvers or nm output); repeatable\n"
	"macros:\n"
	"  --spec FILE                signatures for function-like macros, one C declaration\n"
	"                             per line: `T name(P);` or `T helper(P) = EXPR;`\n"
	"clang arguments from the build (placed before CLANG_ARGS, in the order given):\n"
	"  --pkg-config NAME          the output of `pkg-config --cflags NAME` (repeatable;\n"
	"                             $PKG_CONFIG names another pkg-config)\n"
	"  --compile-commands FILE[:SOURCE]\n"
	"                             the -I/-D/-U/-include/-isystem/-iquote/-std/--target/-m\n"
	"                             flags of the compile_commands.json entry for SOURCE\n"
	"                             (default: the first entry), paths made absolute\n"
	"CLANG_ARGS (after --) are passed to clang: -I, -D, --target, -std, ...\n"
	"Nothing is written unless every output could be produced.\n";

static const char scan_help[] =
	"usage: cshim scan [OPTIONS] HEADER... [-- CLANG_ARGS...]\n"
	"\n"
	"List every static inline function and macro of the HEADERs: wrapped,\n"
	"constant, needing a signature (with a spec line to start from), or skipped\n"
	"with the reason, one per line as FILE:LINE:COL: NAME: STATUS.  Exit status 0.\n"
	"\n"
	"  --json                     print the inventory as JSON instead\n"
	"  --prefix P, --const-prefix P, --spec FILE, --symbols FILE, --allowlist-function RE,\n"
	"  --blocklist-function RE, --allowlist-file RE, --allowlist-var RE,\n"
	"  --blocklist-var RE, --pkg-config NAME, --compile-commands FILE[:SOURCE]\n"
	"                             as for cshim gen\n";

/* A character device such as /dev/null may take several outputs. */
static bool is_device(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

static void regex_free(void *r) { regfree(r); }

static int add_regex(struct vec *v, const char *opt, const char *re)
{
	regex_t *r = xmalloc(sizeof *r);
	int e = regcomp(r, xprintf("^(%s)$", re), REG_EXTENDED | REG_NOSUB);
	if (e) {
		char msg[256];
		regerror(e, r, msg, sizeof msg);
		error("%s '%s': %s", opt, re, msg);
		return -1;
	}
	arena_defer(regex_free, r);
	vec_push(v, r);
	return 0;
}

static void quote_arg(struct buf *b, const char *a)
{
	if (*a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./,:+@%") == strlen(a)) {
		buf_add(b, a);
		return;
	}
	buf_addc(b, '\'');
	for (; *a; a++)
		buf_add(b, *a == '\'' ? "'\\''" : (char[]){*a, 0});
	buf_addc(b, '\'');
}

/* Match "--name VALUE" or "--name=VALUE"; advances *i past the value. */
static int take(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		error("option %s needs a value", name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

static int one_option(struct options *o, int argc, char **argv, int *i, bool gen)
{
	static const struct {
		const char *name;
		bool gen_only;
		size_t offset;
	} files[] = {
		{"-o", true, offsetof(struct options, out_c)},
		{"--header", true, offsetof(struct options, out_h)},
		{"--rust", true, offsetof(struct options, out_rust)},
		{"--json", true, offsetof(struct options, out_json)},
		{"--depfile", true, offsetof(struct options, depfile)},
		{"--prefix", false, offsetof(struct options, prefix)},
		{"--const-prefix", false, offsetof(struct options, const_prefix)},
	};
	const char *val;
	int r;
	if (!gen && !strcmp(argv[*i], "--json"))
		return o->json = true, 1;
	for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
		if ((files[k].gen_only && !gen) || !(r = take(argc, argv, i, files[k].name, &val)))
			continue;
		if (r > 0)
			*(const char **)((char *)o + files[k].offset) = val;
		return r;
	}
	if ((r = take(argc, argv, i, "--allowlist-function", &val)))
		return r < 0 ? r : add_regex(&o->allow_fn, "--allowlist-function", val) < 0 ? -1 : 1;
	if ((r = take(argc, argv, i, "--blocklist-function", &val)))
		return r < 0 ? r : add_regex(&o->block_fn, "--blocklist-function", val) < 0 ? -1 : 1;
	if ((r = take(argc, argv, i, "--allowlist-file", &val)))
		return r < 0 ? r : add_regex(&o->allow_file, "--allowlist-file", val) < 0 ? -1 : 1;
	if ((r = take(argc, argv, i, "--allowlist-var", &val)))
		return r < 0 ? r : add_regex(&o->allow_var, "--allowlist-var", val) < 0 ? -1 : 1;
	if ((r = take(argc, argv, i, "--blocklist-var", &val)))
		return r < 0 ? r : add_regex(&o->block_var, "--blocklist-var", val) < 0 ? -1 : 1;
	if ((r = take(argc, argv, i, "--spec", &val)) > 0)
		vec_push(&o->specs, (void *)val);
	if (r)
		return r;
	if ((r = take(argc, argv, i, "--pkg-config", &val)) > 0)
		vec_push(&o->build_flags, xprintf("p%s", val));
	if (r)
		return r;
	if ((r = take(argc, argv, i, "--compile-commands", &val)) > 0)
		vec_push(&o->build_flags, xprintf("c%s", val));
	if (r)
		return r;
	if ((r = take(argc, argv, i, "--symbols", &val)) > 0)
		vec_push(&o->symbols, (void *)val);
	if (r)
		return r;
	error("unknown option '%s' (try 'cshim %s --help')", argv[*i], gen ? "gen" : "scan");
	return -1;
}

/* The flags of --pkg-config and --compile-commands, in order, then CLANG_ARGS. */
static int add_build_flags(struct options *o)
{
	struct vec args = {0};
	for (size_t i = 0; i < o->build_flags.len; i++) {
		const char *f = o->build_flags.v[i];
		if ((f[0] == 'p' ? pkg_config_flags(f + 1, &args) : compile_commands_flags(f + 1, &args)) < 0)
			return -1;
	}
	for (size_t i = 0; i < o->clang_args.len; i++)
		vec_push(&args, o->clang_args.v[i]);
	o->clang_args = args;
	return 0;
}

int options_parse(struct options *o, int argc, char **argv, bool gen)
{
	struct buf cmd = {0};
	buf_add(&cmd, gen ? "cshim gen" : "cshim scan");
	o->prefix = DEFAULT_PREFIX;
	o->const_prefix = DEFAULT_CONST_PREFIX;
	bool clang = false;
	for (int i = 1; i < argc; i++) {
		int start = i;
		if (clang) {
			vec_push(&o->clang_args, argv[i]);
		} else if (!strcmp(argv[i], "--")) {
			clang = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(gen ? gen_help : scan_help, stdout);
			return EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			if (one_option(o, argc, argv, &i, gen) < 0)
				return EXIT_USAGE;
		} else {
			vec_push(&o->headers, argv[i]);
		}
		for (int k = start; k <= i; k++) {
			buf_addc(&cmd, ' ');
			quote_arg(&cmd, argv[k]);
		}
	}
	o->cmdline = cmd.s;
	if (!o->headers.len) {
		error("no header given (try 'cshim %s --help')", gen ? "gen" : "scan");
		return EXIT_USAGE;
	}
	if (gen && !o->out_c && !o->out_h && !o->out_rust && !o->out_json) {
		error("nothing to generate: give -o, --header, --rust or --json");
		return EXIT_USAGE;
	}
	/* Two outputs into one file would leave only the second; into "-", mixed on stdout. */
	const char *outs[] = {o->out_c, o->out_h, o->out_rust, o->out_json, o->depfile};
	for (size_t i = 0; i < 5; i++)
		for (size_t k = i + 1; k < 5; k++)
			if (outs[i] && outs[k] && !strcmp(outs[i], outs[k]) && !is_device(outs[i])) {
				error("'%s' is given for two outputs", outs[i]);
				return EXIT_USAGE;
			}
	if (!*o->prefix || strspn(o->prefix, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(o->prefix) ||
	    (o->prefix[0] >= '0' && o->prefix[0] <= '9')) {
		error("--prefix '%s' is not a C identifier", o->prefix);
		return EXIT_USAGE;
	}
	return add_build_flags(o) < 0 ? EXIT_FAIL : -1;
}
