/*
 * toolchain.c: cshim flags and cshim doctor, the commands that look at the
 * machine rather than at headers.
 *
 * Cross-language LTO works when one LLVM linker reads the bitcode of both
 * compilers: rustc's (its own LLVM, `rustc -vV`) and the helpers' (clang's).
 * An LLVM linker reads bitcode from its own major and older ones, never
 * newer, so the rules are: clang's major must not exceed rustc's (equal is
 * best, and what the Linux kernel requires), and the linker's major must be
 * at least rustc's.  `flags` turns the toolchain found here into the three
 * parts of the recipe; `doctor` explains each rule's verdict and then proves
 * the recipe with a real trial build, inspecting the binary with objdump.
 *
 * The linker is found by asking rustc itself (`--print link-args` on an empty
 * program) and then asking that linker driver for its version, so a rustc
 * that already links with rust-lld (rustc >= 1.90 on x86_64 Linux) needs no
 * extra flag, and an older or distribution rustc that links with GNU ld gets
 * flags that select an LLVM linker.  RUSTC names the rustc to use and
 * CSHIM_CLANG the clang, so users (and the tests) can override the choice.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */
#include "cshim.h"

#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { CLANG_MIN = 14, CLANG_MAX = 30 }; /* the clang-NN names looked for */

/*
 * -O2 matters: at -O0 clang marks every function but the always_inline ones
 * optnone, which LTO never inlines, so the header's function stays a call.
 */
static const char recipe_cflags[] = "-flto=thin -O2";

/* ---- small helpers ---- */

/* Quote a word for /bin/sh (also used by bitcode.c). */
char *shq(const char *s)
{
	struct buf b = {0};
	buf_addc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_add(&b, "'\\''");
		else
			buf_addc(&b, *s);
	}
	buf_addc(&b, '\'');
	return b.s;
}

/* A word that survives unquoted $(...) expansion unchanged (no spaces, globs, quotes). */
static bool word_safe(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_-+=./,:@%", *s))
			return false;
	return true;
}

/* Run a shell command line with stderr merged into the captured stdout. */
static char *run_merged(const char *cmd, int *status)
{
	char *out = run_capture(xprintf("( %s ) 2>&1", cmd), status);
	if (!out) {
		*status = -1;
		return xprintf("cannot run /bin/sh: %s", strerror(errno));
	}
	return out;
}

/* The last n lines of a command's output, each indented, for reports. */
static char *last_lines(const char *out, int n)
{
	size_t len = strlen(out);
	while (len > 0 && out[len - 1] == '\n')
		len--;
	size_t start = len;
	for (int lines = 0; start > 0; start--)
		if (out[start - 1] == '\n' && ++lines == n)
			break;
	struct buf b = {0};
	const char *p = out + start, *end = out + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		buf_add(&b, "    ");
		buf_addn(&b, p, l);
		buf_addc(&b, '\n');
		p += l + 1;
	}
	return b.s ? b.s : xstrdup("    (no output)\n");
}

/* The start of the line after p's, or NULL at the end. */
static const char *next_line(const char *p)
{
	p = strchr(p, '\n');
	return p && p[1] ? p + 1 : NULL;
}

/* The value after `key` up to the end of its line, or NULL. */
static char *line_value(const char *text, const char *key)
{
	for (const char *p = *text ? text : NULL; p; p = next_line(p))
		if (strncmp(p, key, strlen(key)) == 0) {
			p += strlen(key);
			return xstrndup(p, strcspn(p, "\n"));
		}
	return NULL;
}

/* Is an executable `name` in PATH (or, when it holds a slash, at that path)? */
bool in_path(const char *name)
{
	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	for (const char *p = path;; p++) {
		size_t n = strcspn(p, ":");
		char *file = n ? xprintf("%.*s/%s", (int)n, p, name) : xprintf("./%s", name);
		if (access(file, X_OK) == 0)
			return true;
		p += n;
		if (!*p)
			return false;
	}
}

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

/* ---- scratch directories (removed afterwards) ---- */

static char *scratch_dir(void)
{
	char *dir = xprintf("%s/cshim-toolchain.XXXXXX", env_or("TMPDIR", "/tmp"));
	if (!mkdtemp(dir)) {
		error("cannot create a directory in %s: %s", env_or("TMPDIR", "/tmp"), strerror(errno));
		return NULL;
	}
	return dir;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)ftw;
	return (type == FTW_DP ? rmdir(path) : unlink(path)) < 0 ? -1 : 0;
}

static void scratch_remove(const char *dir)
{
	if (dir && nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0)
		warning("cannot remove %s: %s", dir, strerror(errno));
}

static bool write_text(const char *dir, const char *name, const char *text)
{
	char *path = xprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		error("cannot write %s: %s", path, strerror(errno));
		return false;
	}
	return true;
}

/* ---- rustc ---- */

struct rustc {
	const char *cmd; /* $RUSTC or rustc */
	char *release, *llvm, *host, *sysroot;
	int major; /* LLVM major */
	char *err, *detail; /* why it is unusable (one line, then output lines), NULL when usable */
};

static bool rustc_probe(struct rustc *r)
{
	r->cmd = env_or("RUSTC", "rustc");
	int st;
	char *cmd = xprintf("%s -vV", shq(r->cmd));
	char *out = run_merged(cmd, &st);
	if (st != 0) {
		r->err = xprintf("`%s` failed (exit %d)", cmd, st);
		r->detail = last_lines(out, 3);
		return false;
	}
	r->release = line_value(out, "release: ");
	r->host = line_value(out, "host: ");
	r->llvm = line_value(out, "LLVM version: ");
	if (!r->llvm || !isdigit((unsigned char)r->llvm[0])) {
		r->err = xprintf("`%s` names no LLVM version: cross-language LTO needs rustc's LLVM backend", cmd);
		return false;
	}
	r->major = atoi(r->llvm);
	char *sysroot = run_capture(xprintf("%s --print sysroot 2>/dev/null", shq(r->cmd)), &st);
	if (sysroot && st == 0)
		r->sysroot = xstrndup(sysroot, strcspn(sysroot, "\n"));
	if (!r->release)
		r->release = xstrdup("(unknown release)");
	return true;
}

/* ---- clang ---- */

struct clang {
	const char *cmd; /* as the user would type it: clang-22, clang, or CSHIM_CLANG */
	char *version;   /* e.g. 22.1.8 */
	int major;
};

/* Run `cmd --version` and read "clang version X.Y.Z"; NULL and *err (*detail) if not a clang. */
static struct clang *clang_identify(const char *cmd, char **err, char **detail)
{
	int st;
	char *run = xprintf("%s --version", shq(cmd));
	char *out = run_merged(run, &st);
	const char *v = strstr(out, "clang version ");
	if (st != 0 || !v || !isdigit((unsigned char)v[14])) {
		if (err)
			*err = st != 0 ? xprintf("`%s` failed (exit %d)", run, st)
				       : xprintf("`%s` does not print \"clang version N\": not a clang", run);
		/* A failure explains itself at the end; a non-clang identifies itself at the start. */
		if (detail)
			*detail = st != 0 ? last_lines(out, 3) : last_lines(xstrndup(out, strcspn(out, "\n")), 1);
		return NULL;
	}
	struct clang *c = xmalloc(sizeof *c);
	c->cmd = cmd;
	c->version = xstrndup(v + 14, strcspn(v + 14, " \n"));
	c->major = atoi(c->version);
	return c;
}

/* Every clang in PATH, clang-NN newest first, then plain clang. */
static void clang_candidates(struct vec *out)
{
	for (int nn = CLANG_MAX; nn >= CLANG_MIN; nn--) {
		char *name = xprintf("clang-%d", nn);
		struct clang *c = in_path(name) ? clang_identify(name, NULL, NULL) : NULL;
		if (c)
			vec_push(out, c);
	}
	struct clang *c = in_path("clang") ? clang_identify("clang", NULL, NULL) : NULL;
	if (c)
		vec_push(out, c);
}

struct clang_choice {
	struct clang *chosen; /* NULL: none usable */
	bool override;        /* chosen is CSHIM_CLANG */
	struct vec newer;     /* struct clang *: found but newer than rustc's LLVM (not chosen) */
	char *err, *detail;   /* CSHIM_CLANG unusable */
	bool any;             /* any clang found at all */
};

/*
 * CSHIM_CLANG wins; else the clang of rustc's LLVM major; else the newest
 * older one (a newer LLVM linker reads older bitcode).  Candidates come
 * newest first with clang-NN before plain clang, so the first match is the
 * one to take, spelled with its stable versioned name when there is one.
 */
static void clang_choose(int rustc_major, struct clang_choice *ch)
{
	const char *override = getenv("CSHIM_CLANG");
	if (override && *override) {
		ch->override = true;
		ch->chosen = clang_identify(override, &ch->err, &ch->detail);
		ch->any = ch->chosen != NULL;
		return;
	}
	struct vec all = {0};
	clang_candidates(&all);
	ch->any = all.len > 0;
	for (size_t i = 0; i < all.len; i++) {
		struct clang *c = all.v[i];
		if (rustc_major && c->major > rustc_major)
			vec_push(&ch->newer, c);
		else if (!ch->chosen || c->major > ch->chosen->major)
			ch->chosen = c;
	}
}

/* ---- the linker ---- */

struct linker {
	char *name;      /* rust-lld, ld.lld-22, ld.lld, or the version line of another linker */
	char *version;   /* e.g. "LLD 22.1.2"; a non-LLVM linker's version line */
	int major;       /* LLVM major; 0 for a linker that cannot read LLVM bitcode */
	char *rustflags; /* the rustc flags that select it; "" for rustc's default */
};

/* rustc's link command, split: env settings, the driver, the arguments that pick the linker. */
struct link_cmd {
	struct buf env; /* NAME='value' ... with a trailing space, ready to prefix a command */
	char *prog;     /* the linker or linker driver, usually cc */
	struct vec select; /* char *: -fuse-ld=, --ld-path=, -B arguments */
};

/*
 * Split the line `rustc --print link-args` prints: Rust's debug format of a
 * command, `NAME="value" ... "prog" "arg" ...`, with backslash escapes.
 */
static void link_cmd_parse(const char *line, struct link_cmd *lc)
{
	const char *p = line;
	bool prev_b = false;
	while (*p && *p != '\n') {
		if (*p == ' ') {
			p++;
			continue;
		}
		const char *name = p;
		while (*p && *p != '"' && *p != ' ' && *p != '\n')
			p++;
		if (*p != '"')
			continue; /* a bare word: not part of the format */
		size_t namelen = (size_t)(p - name);
		struct buf v = {0};
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				p++;
			buf_addc(&v, *p);
		}
		if (*p == '"')
			p++;
		char *val = v.s ? v.s : xstrdup("");
		if (namelen)
			buf_addf(&lc->env, "%.*s%s ", (int)namelen, name, shq(val));
		else if (!lc->prog)
			lc->prog = val;
		else if (prev_b || !strncmp(val, "-fuse-ld=", 9) || !strncmp(val, "--ld-path=", 10) || !strncmp(val, "-B", 2))
			vec_push(&lc->select, val);
		prev_b = !namelen && !strcmp(val, "-B"); /* "-B" "dir": keep the dir too */
	}
	if (!lc->env.s)
		buf_add(&lc->env, "");
}

/* The link-args line among rustc's output: it starts with an env setting or a quoted word. */
static const char *link_args_line(const char *out)
{
	for (const char *p = *out ? out : NULL; p; p = next_line(p)) {
		size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
		if (*p == '"' || (n && !strncmp(p + n, "=\"", 2)))
			return p;
	}
	return NULL;
}

/* Ask rustc how it links an empty program, in a scratch directory. */
static bool link_cmd_probe(const struct rustc *r, struct link_cmd *lc, char **err, char **detail)
{
	char *dir = scratch_dir();
	if (!dir) {
		*err = xstrdup("cannot create a scratch directory (set TMPDIR to a writable directory)");
		return false;
	}
	bool ok = false;
	if (write_text(dir, "empty.rs", "fn main() {}\n")) {
		int st;
		char *cmd = xprintf("%s --print link-args -o empty empty.rs", shq(r->cmd));
		char *out = run_merged(xprintf("cd %s && %s", shq(dir), cmd), &st);
		const char *line = link_args_line(out);
		if (st == 0 && line) {
			link_cmd_parse(line, lc);
			ok = lc->prog != NULL;
		}
		if (!ok) {
			*err = xprintf("rustc cannot link an empty program: `%s` failed (exit %d)", cmd, st);
			*detail = last_lines(out, 6);
		}
	}
	scratch_remove(dir);
	return ok;
}

/* Read a linker's --version output: LLD's major, or the other linker's first line. */
static void linker_parse_version(const char *out, struct linker *l)
{
	const char *p = strstr(out, "LLD ");
	if (p && isdigit((unsigned char)p[4])) {
		l->version = xstrndup(p, 4 + strcspn(p + 4, " \n"));
		l->major = atoi(p + 4);
		return;
	}
	/* gcc's driver echoes "collect2 version" and the ld command line first. */
	for (p = *out ? out : NULL; p; p = next_line(p))
		if (*p != '\n' && *p != '/' && strncmp(p, "collect2", 8) != 0) {
			l->version = xstrndup(p, strcspn(p, "\n"));
			return;
		}
	l->version = xstrdup("an unknown linker");
}

/* Identify the linker that `driver args` runs, as rustc would run it (env: rustc's settings). */
static void linker_identify(const char *env, const char *driver, const struct vec *args, struct linker *l)
{
	const char *base = strrchr(driver, '/') ? strrchr(driver, '/') + 1 : driver;
	struct buf cmd = {0};
	buf_addf(&cmd, "%s%s", env, shq(driver));
	if (strstr(base, "rust-lld")) {
		buf_add(&cmd, " -flavor gnu --version");
	} else if (!strncmp(base, "ld", 2)) {
		buf_add(&cmd, " --version");
	} else {
		for (size_t i = 0; i < args->len; i++)
			buf_addf(&cmd, " %s", shq(args->v[i]));
		buf_add(&cmd, " -Wl,--version");
	}
	int st;
	char *out = run_merged(cmd.s, &st);
	linker_parse_version(out, l);
	if (st != 0 && !l->major)
		l->version = xprintf("a linker that does not run (`%s` failed)", cmd.s);
}

/* rustc's own linker: rust-lld when the link command points cc at rustc's gcc-ld directory. */
static void linker_default(const struct link_cmd *lc, struct linker *l)
{
	linker_identify(lc->env.s, lc->prog, &lc->select, l);
	l->rustflags = xstrdup("");
	bool rust_lld = false;
	for (size_t i = 0; i < lc->select.len; i++)
		rust_lld |= strstr(lc->select.v[i], "/gcc-ld") != NULL;
	l->name = !l->major ? l->version : rust_lld ? xstrdup("rust-lld") : xstrdup("ld.lld");
}

/* Try one way of selecting an LLVM linker; true if it yields LLD >= need. */
static bool linker_try(const struct link_cmd *lc, const char *driver, const char *name, const char *rustflags,
		       int need, struct linker *l, const char *arg1, const char *arg2)
{
	struct vec args = {0};
	vec_push(&args, (char *)arg1);
	if (arg2)
		vec_push(&args, (char *)arg2);
	struct linker t = {0};
	linker_identify(lc->env.s, driver, &args, &t);
	if (t.major < need)
		return false;
	*l = t;
	l->name = xstrdup(name);
	l->rustflags = xstrdup(rustflags);
	return true;
}

/*
 * When rustc's default linker cannot read its bitcode, pick one that can, in
 * order of safety: rust-lld from rustc's sysroot (rustc's own LLVM) through
 * the gcc-ld directory rustup ships, which is what rustc >= 1.90 does by
 * default; then clang-NN with its ld.lld-NN (clang-NN finds its own lld first);
 * then an ld.lld in PATH.  Paths go into flags printed for $(...), so a path
 * that would not survive word splitting is not offered.
 */
static bool linker_alternative(const struct rustc *r, const struct link_cmd *lc, struct linker *l)
{
	if (r->sysroot && r->host) {
		char *dir = xprintf("%s/lib/rustlib/%s/bin/gcc-ld", r->sysroot, r->host);
		char *b = xprintf("-B%s", dir);
		if (word_safe(dir) && access(xprintf("%s/ld.lld", dir), X_OK) == 0 &&
		    linker_try(lc, lc->prog, "rust-lld", xprintf("-Clink-arg=-fuse-ld=lld -Clink-arg=%s", b), r->major, l,
			       "-fuse-ld=lld", b))
			return true;
	}
	for (int nn = r->major; nn <= CLANG_MAX; nn++) {
		char *clang = xprintf("clang-%d", nn), *lld = xprintf("ld.lld-%d", nn);
		if (in_path(clang) && in_path(lld) &&
		    linker_try(lc, clang, lld, xprintf("-Clinker=%s -Clink-arg=-fuse-ld=lld", clang), r->major, l,
			       "-fuse-ld=lld", NULL))
			return true;
	}
	return in_path("ld.lld") &&
	       linker_try(lc, lc->prog, "ld.lld", "-Clink-arg=-fuse-ld=lld", r->major, l, "-fuse-ld=lld", NULL);
}

/*
 * The linker the recipe uses: rustc's default when it is an LLVM linker at
 * least as new as rustc's LLVM, else an alternative.  *deflt always describes
 * the default (for doctor's report); false when no linker is good enough.
 */
static bool linker_choose(const struct rustc *r, struct linker *chosen, struct linker *deflt, char **err,
			  char **detail)
{
	struct link_cmd lc = {0};
	if (!link_cmd_probe(r, &lc, err, detail))
		return false;
	linker_default(&lc, deflt);
	if (deflt->major >= r->major) {
		*chosen = *deflt;
		return true;
	}
	return linker_alternative(r, &lc, chosen);
}

/* Words for `rustc $(cshim flags --rustflags)`: only what LTO needs, no optimisation level. */
static char *recipe_rustflags(const struct linker *l)
{
	return *l->rustflags ? xprintf("-Clinker-plugin-lto %s", l->rustflags) : xstrdup("-Clinker-plugin-lto");
}

/* The concrete fix for a missing or mismatched clang/lld of LLVM major `m` (0: unknown). */
static char *install_fix(int m)
{
	if (!m)
		return xstrdup("install the clang and lld of rustc's LLVM major (`rustc -vV` shows it)");
	char *debian = read_file("/etc/debian_version", NULL);
	if (!debian)
		return xprintf("install clang %d and lld %d (distribution packages or apt.llvm.org)", m, m);
	if (m == 22 && !strncmp(debian, "12", 2))
		return xstrdup("apt-get install clang-22 lld-22 (Debian 12: from bookworm-security)");
	return xprintf("apt-get install clang-%d lld-%d (from apt.llvm.org if your release lacks them)", m, m);
}

/* error() for a failure that comes with the failed command's output. */
static int fail(const char *msg, const char *detail)
{
	error("%s", msg);
	if (detail)
		fputs(detail, stderr);
	return EXIT_FAIL;
}

/* ---- cshim flags ---- */

static const char flags_usage[] =
	"usage: cshim flags --cc | --ar | --cflags | --rustflags | --remarks DIR\n"
	"\n"
	"Print one part of the cross-language LTO recipe for the toolchain on this\n"
	"machine, on one line, to be used as\n"
	"\n"
	"  $(cshim flags --cc) $(cshim flags --cflags) -c helpers.c -o helpers.o\n"
	"  $(cshim flags --ar) rcs libhelpers.a helpers.o\n"
	"  rustc $(cshim flags --rustflags) -O main.rs -L . -l static=helpers\n"
	"\n"
	"  --cc         the clang to build helpers with: CSHIM_CLANG if set, else the\n"
	"               clang of rustc's LLVM major, else the newest older one\n"
	"  --ar         the archiver for its bitcode objects: the llvm-ar beside it or\n"
	"               of its LLVM major, else ar (which needs binutils' LTO plugin)\n"
	"  --cflags     its flags: -flto=thin -O2\n"
	"  --rustflags  rustc's flags: -Clinker-plugin-lto, plus flags selecting an\n"
	"               LLVM linker when rustc's default linker cannot read its bitcode\n"
	"  --remarks DIR  more rustc flags: make the LTO link write LLVM's inline\n"
	"               remarks into DIR (which must exist) for `cshim explain DIR`\n"
	"\n"
	"The optimisation level of the Rust build is yours, but it must not be 0: at\n"
	"opt-level 0 rustc asks the linker for no LTO optimisation and the helpers\n"
	"stay calls.\n"
	"\n"
	"Environment: RUSTC (default rustc), CSHIM_CLANG.  `cshim doctor` explains.\n";

/* The archiver for clang's bitcode: its own llvm-ar if found, else ar (with binutils' LTO plugin). */
static char *bitcode_ar(const struct clang *c)
{
	if (strchr(c->cmd, '/')) {
		char *beside = xprintf("%s/llvm-ar", path_dirname(c->cmd));
		if (access(beside, X_OK) == 0)
			return beside;
	}
	char *ar = xprintf("llvm-ar-%d", c->major);
	return in_path(ar) ? ar : xstrdup("ar");
}

/* The recipe's clang (--cc), or the archiver for its bitcode (--ar). */
static int flags_cc(bool ar)
{
	struct rustc r = {0};
	const char *override = getenv("CSHIM_CLANG");
	/* An explicit CSHIM_CLANG needs no rustc to be chosen, only to be judged. */
	if (!rustc_probe(&r) && !(override && *override))
		return fail(xprintf("cannot tell which clang matches rustc: %s", r.err), r.detail);
	struct clang_choice ch = {0};
	clang_choose(r.major, &ch);
	if (ch.err)
		return fail(xprintf("CSHIM_CLANG: %s", ch.err), ch.detail);
	if (!ch.chosen)
		return fail(xprintf("no clang of LLVM %d or older found%s; fix: %s", r.major,
				    ch.newer.len ? " (only newer ones, whose bitcode rustc's linker cannot read)" : "",
				    install_fix(r.major)),
			    NULL);
	if (r.major && ch.chosen->major > r.major)
		warning("CSHIM_CLANG=%s is LLVM %s, newer than rustc's LLVM %s: the link will fail (see cshim doctor)",
			ch.chosen->cmd, ch.chosen->version, r.llvm);
	printf("%s\n", ar ? bitcode_ar(ch.chosen) : ch.chosen->cmd);
	return EXIT_OK;
}

static int flags_rustflags(void)
{
	struct rustc r = {0};
	if (!rustc_probe(&r))
		return fail(r.err, r.detail);
	struct linker l = {0}, deflt = {0};
	char *err = NULL, *detail = NULL;
	if (!linker_choose(&r, &l, &deflt, &err, &detail)) {
		if (err)
			return fail(err, detail);
		return fail(xprintf("no linker reads LLVM %d bitcode (rustc links with %s); fix: %s", r.major,
				    deflt.version, install_fix(r.major)),
			    NULL);
	}
	printf("%s\n", recipe_rustflags(&l));
	return EXIT_OK;
}

/*
 * rustc flags that make the LTO link write the inliner's remarks into dir
 * for cshim explain: lld writes dir/remarks.yaml for the regular LTO module
 * and dir/remarks.yaml.thin.N.yaml for each ThinLTO partition.  The path is
 * made absolute because cargo and make link from directories of their own,
 * and dir must exist: lld fails the link otherwise.
 */
static int flags_remarks(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		error("flags: --remarks %s: not a directory (create it first: mkdir -p %s)", dir, shq(dir));
		return EXIT_FAIL;
	}
	char *abs = realpath(dir, NULL);
	char *path = xprintf("%s/remarks.yaml", abs ? abs : dir);
	free(abs);
	if (!word_safe(path)) {
		error("flags: --remarks %s: the path must not need quoting in $(...) (spaces, quotes, globs)", dir);
		return EXIT_FAIL;
	}
	const char *opts[] = {xprintf("opt-remarks-filename=%s", path), "opt-remarks-passes=inline",
			      "opt-remarks-format=yaml"};
	for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
		printf("%s-Clink-arg=-Wl,--plugin-opt=%s", i ? " " : "", opts[i]);
	putchar('\n');
	return EXIT_OK;
}

int cmd_flags(int argc, char **argv)
{
	const char *what = NULL, *remarks_dir = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(flags_usage, stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "--cc") && strcmp(a, "--ar") && strcmp(a, "--cflags") && strcmp(a, "--rustflags") &&
		    strcmp(a, "--remarks")) {
			error("flags: unknown argument '%s' (try 'cshim flags --help')", a);
			return EXIT_USAGE;
		}
		if (what) {
			error("flags: give one of --cc, --ar, --cflags, --rustflags, --remarks, not %s and %s", what, a);
			return EXIT_USAGE;
		}
		what = a;
		if (!strcmp(a, "--remarks") && !(remarks_dir = i + 1 < argc ? argv[++i] : NULL)) {
			error("flags: --remarks needs a directory");
			return EXIT_USAGE;
		}
	}
	if (!what) {
		error("flags: give one of --cc, --ar, --cflags, --rustflags, --remarks (try 'cshim flags --help')");
		return EXIT_USAGE;
	}
	if (remarks_dir)
		return flags_remarks(remarks_dir);
	if (!strcmp(what, "--cflags")) {
		printf("%s\n", recipe_cflags);
		return EXIT_OK;
	}
	if (!strcmp(what, "--cc") || !strcmp(what, "--ar"))
		return flags_cc(!strcmp(what, "--ar"));
	return flags_rustflags();
}

/* ---- cshim doctor ---- */

static const char doctor_usage[] =
	"usage: cshim doctor\n"
	"\n"
	"Check that clang, rustc and the linker can do cross-language LTO together:\n"
	"one line per check, \"ok:\", \"warning:\" or \"problem:\" with the fix, then a\n"
	"trial build of a helper that must be inlined into Rust.  Exit status 0 when\n"
	"LTO works (warnings allowed), 1 when there is a problem.  Then it says\n"
	"whether bitcode mode (helpers merged into the crate with llvm-link, no LTO)\n"
	"works too: \"ok:\" or \"warning:\", never a problem.\n"
	"\n"
	"Environment: RUSTC (default rustc), CSHIM_CLANG (the clang to check),\n"
	"CSHIM_LLVM_LINK (the llvm-link to check).\n";

#define PROBE_HELPER "rust_helper_doctor_probe"
#define PROBE_INLINE "cshim_doctor_probe" /* the static inline function it wraps */

/*
 * A helper shaped as cshim gen writes it: always_inline, with an external
 * definition.  Both functions must vanish from the calls: at -O0 the helper
 * is still inlined (always_inline) but the function it wraps is not.
 */
static const char probe_c[] =
	"static inline int " PROBE_INLINE "(int x) { return x * 3 + 1; }\n"
	"int " PROBE_HELPER "(int x);\n"
	"__attribute__((__always_inline__)) __inline__ int " PROBE_HELPER "(int x) { return " PROBE_INLINE "(x); }\n";

/* Plain `extern "C"` and the default edition, so any rustc since 1.66 (black_box) builds it. */
static const char probe_rs[] =
	"extern \"C\" {\n"
	"    #[link_name = \"" PROBE_HELPER "\"]\n"
	"    fn doctor_probe(x: i32) -> i32;\n"
	"}\n"
	"fn main() {\n"
	"    println!(\"{}\", unsafe { doctor_probe(std::hint::black_box(13)) });\n"
	"}\n";
#define PROBE_EXPECT "40" /* 13 * 3 + 1 */

struct doctor {
	int problems;
	struct rustc rustc;
	struct clang *clang;
	struct linker linker;
};

/* One verdict line, then (for failures) the indented output that explains it. */
static void report(struct doctor *d, const char *kind, const char *detail, const char *fmt, ...) PRINTF(4, 5);
static void report(struct doctor *d, const char *kind, const char *detail, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s: ", kind);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	if (detail)
		fputs(detail, stdout);
	d->problems += !strcmp(kind, "problem");
}

static bool check_rustc(struct doctor *d)
{
	struct rustc *r = &d->rustc;
	if (!rustc_probe(r)) {
		report(d, "problem", r->detail, "rustc: %s; fix: install Rust with rustup (https://rustup.rs) or set RUSTC",
		       r->err);
		return false;
	}
	report(d, "ok", NULL, "rustc %s%s uses LLVM %s", r->release,
	       strcmp(r->cmd, env_or("RUSTC", "")) ? "" : xprintf(" (RUSTC=%s)", r->cmd), r->llvm);
	return true;
}

/* The verdict on the chosen clang against rustc's LLVM major rm (0: rustc unknown). */
static void judge_clang(struct doctor *d, const struct clang_choice *ch, int rm)
{
	const char *how = ch->override ? "CSHIM_CLANG=" : "";
	const struct clang *c = ch->chosen;
	const char *rllvm = d->rustc.llvm;
	if (ch->err)
		report(d, "problem", ch->detail, "CSHIM_CLANG: %s; fix: point CSHIM_CLANG at a clang, or unset it", ch->err);
	else if (!ch->any)
		report(d, "problem", NULL, "no clang found (looked for clang-%d..clang-%d and clang in PATH); fix: %s",
		       CLANG_MIN, CLANG_MAX, install_fix(rm));
	else if (!c)
		report(d, "problem", NULL, "every clang found is newer than rustc's LLVM %s, whose linker cannot read "
		       "their bitcode; fix: %s", rllvm, install_fix(rm));
	else if (!rm)
		report(d, "ok", NULL, "%s%s (LLVM %s) found", how, c->cmd, c->version);
	else if (c->major > rm)
		report(d, "problem", NULL, "%s%s (LLVM %s) is newer than rustc's LLVM %s: the linker cannot read its "
		       "bitcode; fix: %s%s", how, c->cmd, c->version, rllvm, install_fix(rm),
		       ch->override ? xprintf(", then set CSHIM_CLANG=clang-%d or unset it", rm) : "");
	else if (c->major < rm)
		report(d, "warning", NULL, "%s%s (LLVM %s) is older than rustc's LLVM %s: this works (a newer LLVM "
		       "reads older bitcode), but the same major is safer and what the Linux kernel requires; fix: %s",
		       how, c->cmd, c->version, rllvm, install_fix(rm));
	else
		report(d, "ok", NULL, "%s%s (LLVM %s) matches rustc's LLVM major", how, c->cmd, c->version);
}

static void check_clang(struct doctor *d, bool have_rustc)
{
	int rm = have_rustc ? d->rustc.major : 0;
	struct clang_choice ch = {0};
	clang_choose(rm, &ch);
	d->clang = ch.chosen;
	judge_clang(d, &ch, rm);
	/* A newer clang that flags --cc passed over is still a trap for hand-written commands. */
	for (size_t i = 0; ch.chosen && i < ch.newer.len; i++) {
		const struct clang *n = ch.newer.v[i];
		report(d, "warning", NULL, "%s (LLVM %s) is in PATH but newer than rustc's LLVM %s: helpers built with "
		       "it do not link with Rust; fix: build them with $(cshim flags --cc), which is %s",
		       n->cmd, n->version, d->rustc.llvm, ch.chosen->cmd);
	}
}

static void check_linker(struct doctor *d)
{
	struct rustc *r = &d->rustc;
	struct linker *l = &d->linker, deflt = {0};
	char *err = NULL, *detail = NULL;
	if (!linker_choose(r, l, &deflt, &err, &detail)) {
		if (err)
			report(d, "problem", detail, "linker: %s; fix: rustc links through cc, so install gcc or clang", err);
		else
			report(d, "problem", NULL, "linker: rustc links with %s, which cannot read LLVM %d bitcode, and no "
			       "LLD %d or newer was found; fix: %s",
			       deflt.major ? xprintf("%s (%s)", deflt.name, deflt.version) : deflt.version, r->major,
			       r->major, install_fix(r->major));
		return;
	}
	if (!*l->rustflags)
		report(d, "ok", NULL, "linker %s (%s) reads bitcode from LLVM %d and older", l->name, l->version, l->major);
	else
		report(d, "ok", NULL, "linker %s (%s) reads bitcode from LLVM %d and older; rustc's default (%s) "
		       "does not, so cshim flags --rustflags selects %s with %s",
		       l->name, l->version, l->major, deflt.version, l->name, l->rustflags);
}

/*
 * Instructions of an objdump disassembly that refer to sym: <sym>, <sym@plt>
 * or a ThinLTO-promoted <sym.llvm.123>, but not <sym+0x10> (a jump inside
 * sym itself) and not the "<sym>:" line that starts its code.
 */
static int count_calls(const char *disasm, const char *sym)
{
	char *ref = xprintf("<%s", sym);
	int n = 0;
	for (const char *p = *disasm ? disasm : NULL; p; p = next_line(p)) {
		char *line = xstrndup(p, strcspn(p, "\n"));
		const char *hit = strstr(line, ref);
		if (!hit || !strchr(">@.", hit[strlen(ref)]))
			continue;
		const char *close = strchr(hit, '>');
		n += close && close[1] != ':';
	}
	return n;
}

/* Run one step of a trial build in dir; on failure report it as `kind` and return false. */
static bool step_run(struct doctor *d, const char *kind, const char *what, const char *dir, const char *cmd,
		     char **out)
{
	int st;
	*out = run_merged(xprintf("cd %s && %s", shq(dir), cmd), &st);
	if (st == 0)
		return true;
	report(d, kind, last_lines(*out, 8), "%s: `%s` failed (exit %d)", what, cmd, st);
	return false;
}

/* A step of the LTO trial build, whose failure is a problem. */
static bool trial_step(struct doctor *d, const char *dir, const char *cmd, char **out)
{
	return step_run(d, "problem", "trial build", dir, cmd, out);
}

/* The proof: no instruction of the linked program calls the helper any more. */
static void trial_inspect(struct doctor *d, const char *dir)
{
	int st = -1;
	char *cmd = xprintf("objdump -d --no-show-raw-insn %s", shq(xprintf("%s/probe", dir)));
	char *dis = in_path("objdump") ? run_capture(xprintf("%s 2>/dev/null", cmd), &st) : NULL;
	if (!dis || st != 0 || !strstr(dis, "<main>:")) {
		report(d, "warning", NULL, "trial build: the program runs, but objdump could not show whether the "
		       "helper was inlined; fix: apt-get install binutils");
		return;
	}
	int calls = count_calls(dis, PROBE_HELPER) + count_calls(dis, PROBE_INLINE);
	if (calls == 0)
		report(d, "ok", NULL, "trial build: a helper compiled by %s was inlined into Rust (0 residual calls)",
		       d->clang->cmd);
	else
		report(d, "problem", NULL, "trial build: %d residual call%s to " PROBE_HELPER " or the inline function "
		       "it wraps after LTO: linked but not inlined; fix: build helpers with exactly $(cshim flags --cc) $(cshim flags --cflags) "
		       "(a wrapper adding -O0 or -fno-lto, or a helper without __always_inline__, keeps the call)",
		       calls, calls == 1 ? "" : "s");
}

/* Build probe.c with the recipe, link it into a Rust program, run it, disassemble it. */
static void check_trial(struct doctor *d)
{
	char *dir = scratch_dir();
	if (!dir) {
		report(d, "problem", NULL, "trial build: cannot create a scratch directory; fix: set TMPDIR to a "
		       "writable directory");
		return;
	}
	char *out;
	const char *cc = shq(d->clang->cmd), *rustc = shq(d->rustc.cmd);
	/* -O: at opt-level 0 rustc asks the linker for no LTO optimisation, so nothing is inlined. */
	if (write_text(dir, "probe.c", probe_c) && write_text(dir, "probe.rs", probe_rs) &&
	    trial_step(d, dir, xprintf("%s %s -c probe.c -o probe.o", cc, recipe_cflags), &out) &&
	    trial_step(d, dir, xprintf("%s rcs libprobe.a probe.o", shq(bitcode_ar(d->clang))), &out) &&
	    trial_step(d, dir, xprintf("%s %s -O probe.rs -L . -l static=probe -o probe", rustc,
				       recipe_rustflags(&d->linker)), &out) &&
	    trial_step(d, dir, "./probe", &out)) {
		if (strcmp(out, PROBE_EXPECT "\n") != 0)
			report(d, "problem", last_lines(out, 4), "trial build: the program should print " PROBE_EXPECT
			       " but printed:");
		else
			trial_inspect(d, dir);
	}
	scratch_remove(dir);
}

/* ---- bitcode mode: helpers merged into each crate, no LTO ---- */

/*
 * Linux 7.1's way (CONFIG_RUST_INLINE_HELPERS), which scripts/cshim-rustc
 * and examples/kobj's MODE=bitcode follow: llvm-link merges the helpers'
 * bitcode into the crate's (rustc --emit=llvm-bc) with --internalize, and
 * clang compiles the merged module.  llvm-link then reads rustc's bitcode and
 * clang the merged module, and LLVM reads no newer bitcode than its own, so
 * both must be of rustc's LLVM major exactly.  The mode is optional, so its
 * verdicts are ok or warning, never a problem for LTO's sake.
 */
#define BITCODE_WHAT "bitcode mode (no LTO)"

/*
 * The llvm-link of LLVM major m: llvm-link-M or llvm-link, or only
 * CSHIM_LLVM_LINK when set (an explicit choice is judged, never bypassed);
 * NULL if none is of major m.
 */
static const char *llvm_link_find(int m, char **version)
{
	const char *override = getenv("CSHIM_LLVM_LINK");
	bool over = override && *override;
	const char *cands[] = {over ? override : xprintf("llvm-link-%d", m), over ? NULL : "llvm-link"};
	for (size_t i = 0; i < sizeof cands / sizeof *cands; i++) {
		if (!cands[i] || !in_path(cands[i]))
			continue;
		int st;
		const char *v = strstr(run_merged(xprintf("%s --version", shq(cands[i])), &st), "LLVM version ");
		if (st == 0 && v && atoi(v + 13) == m) {
			*version = xstrndup(v + 13, strcspn(v + 13, " \n"));
			return cands[i];
		}
	}
	return NULL;
}

/* The proof for bitcode mode: the probe program calls neither the helper nor what it wraps. */
static void bitcode_inspect(struct doctor *d, const char *dir, const char *link, const char *version)
{
	int st = -1;
	char *dis = in_path("objdump")
		? run_capture(xprintf("objdump -d --no-show-raw-insn %s 2>/dev/null", shq(xprintf("%s/probe", dir))), &st)
		: NULL;
	if (!dis || st != 0 || !strstr(dis, "<main>:")) {
		report(d, "warning", NULL, BITCODE_WHAT ": the trial program runs, but objdump could not show whether "
		       "the helper was inlined; fix: apt-get install binutils");
		return;
	}
	int calls = count_calls(dis, PROBE_HELPER) + count_calls(dis, PROBE_INLINE);
	if (calls == 0)
		report(d, "ok", NULL, BITCODE_WHAT " works: %s (LLVM %s) merged a helper into rustc's bitcode and it "
		       "was inlined (0 residual calls); use scripts/cshim-rustc or `make MODE=bitcode`", link, version);
	else
		report(d, "warning", NULL, BITCODE_WHAT ": %d residual call%s to " PROBE_HELPER " after merging; fix: "
		       "build helpers with __rust_helper (always_inline) and -O2", calls, calls == 1 ? "" : "s");
}

/* Merge a probe helper into a crate the Make recipe's way, link, run and disassemble it. */
static void check_bitcode(struct doctor *d)
{
	int m = d->rustc.major;
	if (!d->clang || d->clang->major != m) {
		report(d, "warning", NULL, BITCODE_WHAT ": needs the clang of rustc's LLVM major %d exactly (%s); fix: %s",
		       m, d->clang ? xprintf("%s is LLVM %s", d->clang->cmd, d->clang->version) : "none found",
		       install_fix(m));
		return;
	}
	char *version = NULL;
	const char *link = llvm_link_find(m, &version);
	if (!link) {
		const char *over = getenv("CSHIM_LLVM_LINK");
		report(d, "warning", NULL, BITCODE_WHAT ": no llvm-link of LLVM %d (looked for %s); fix: %s", m,
		       over && *over ? xprintf("CSHIM_LLVM_LINK=%s", over) : xprintf("llvm-link-%d and llvm-link", m),
		       read_file("/etc/debian_version", NULL) ? xprintf("apt-get install llvm-%d", m)
							    : xprintf("install LLVM %d's llvm-link", m));
		return;
	}
	char *dir = scratch_dir();
	if (!dir)
		return;
	char *out;
	/* rustc's target triple for the helpers, so llvm-link merges modules of one triple. */
	char *cc = xprintf("%s%s -O2", shq(d->clang->cmd),
			   d->rustc.host ? xprintf(" --target=%s", shq(d->rustc.host)) : "");
	const char *rustc = shq(d->rustc.cmd);
#define BSTEP(cmd) step_run(d, "warning", BITCODE_WHAT, dir, (cmd), &out)
	if (write_text(dir, "probe.c", probe_c) && write_text(dir, "probe.rs", probe_rs) &&
	    write_text(dir, "link.rs", "#![no_main]\n") &&
	    BSTEP(xprintf("%s -emit-llvm -c probe.c -o probe.bc", cc)) &&
	    BSTEP(xprintf("%s -O -C codegen-units=1 --emit=llvm-bc probe.rs -o crate.bc", rustc)) &&
	    BSTEP(xprintf("%s --internalize --only-needed crate.bc probe.bc -o merged.bc", shq(link))) &&
	    BSTEP(xprintf("%s -c merged.bc -o crate.o", cc)) &&
	    BSTEP(xprintf("%s -O link.rs -L . -l static:+verbatim=crate.o -o probe", rustc)) && BSTEP("./probe")) {
		if (strcmp(out, PROBE_EXPECT "\n") != 0)
			report(d, "warning", last_lines(out, 4), BITCODE_WHAT ": the trial program should print "
			       PROBE_EXPECT " but printed:");
		else
			bitcode_inspect(d, dir, link, version);
	}
#undef BSTEP
	scratch_remove(dir);
}

int cmd_doctor(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(doctor_usage, stdout);
			return EXIT_OK;
		}
		error("doctor: unknown argument '%s' (try 'cshim doctor --help')", argv[i]);
		return EXIT_USAGE;
	}
	struct doctor d = {0};
	bool have_rustc = check_rustc(&d);
	check_clang(&d, have_rustc);
	if (have_rustc)
		check_linker(&d);
	/* A trial build only proves something once each part passed its own check. */
	if (d.problems == 0)
		check_trial(&d);
	/* The optional mode, judged on its own: its verdicts never fail doctor. */
	if (have_rustc)
		check_bitcode(&d);
	if (d.problems == 0) {
		printf("cshim doctor: cross-language LTO works here\n");
		return EXIT_OK;
	}
	printf("cshim doctor: %d problem%s: cross-language LTO will not work until %s fixed\n", d.problems,
	       d.problems == 1 ? "" : "s", d.problems == 1 ? "it is" : "they are");
	return EXIT_FAIL;
}
